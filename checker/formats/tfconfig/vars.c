/* vars.c - the values of a root module's variables, in Terraform's order
 * of precedence (lowest first; the last value of a variable wins):
 *
 *   the `default` of the declaration (instance.c), TF_VAR_name environment
 *   variables, terraform.tfvars, terraform.tfvars.json, *.auto.tfvars and
 *   *.auto.tfvars.json in lexical order, then --var-file and --var in
 *   command-line order.
 *
 * TF_VAR_ and --var values are raw text for variables of a primitive type
 * (and untyped ones) and HCL expressions otherwise, as in Terraform.
 */
#define _POSIX_C_SOURCE 200809L
#include <dirent.h>
#include <stdlib.h>
#include <string.h>

#include "doc/load.h"
#include "formats/tfconfig/internal.h"

static void add_file_values(tf_var_values *out, struct arena *a, const struct node *body, const char *origin_file)
{
	for (uint32_t i = 0; body && i < body->u.map.n; i++) {
		const struct node_pair *p = &body->u.map.pairs[i];
		if (p->value->kind == NODE_MAP && (p->value->flags & (NODE_F_BODY | NODE_F_LABEL)))
			continue; /* a block has no business in a tfvars file */
		struct tf_var_value v = {p->key, p->value, 0,
					 arena_printf(a, "%s:%u", origin_file, p->key_loc.line), p->key_loc};
		VEC_PUSH(*out, v);
	}
}

static int is_auto_tfvars(const char *name)
{
	return str_has_suffix(name, ".auto.tfvars") || str_has_suffix(name, ".auto.tfvars.json");
}

/* terraform.tfvars(.json), then *.auto.tfvars(.json) in lexical order. */
static void root_files(struct tf_unit *u, tf_var_values *out)
{
	static const char *const fixed[] = {"terraform.tfvars", "terraform.tfvars.json"};
	for (size_t i = 0; i < 2; i++) {
		const char *path = path_join_dir(u->a, u->root_dir, fixed[i]);
		add_file_values(out, u->a, tfc_parse_file(u, path, 0), path);
	}
	DIR *d = opendir(u->root_dir);
	VEC(char *) names = {0};
	struct dirent *e;
	while (d && (e = readdir(d)) != NULL)
		if (e->d_name[0] != '.' && is_auto_tfvars(e->d_name))
			VEC_PUSH(names, xstrdup(e->d_name));
	if (d)
		closedir(d);
	sort_array(names.v, names.n, sizeof(*names.v), str_ptr_cmp);
	for (size_t i = 0; i < names.n; i++) {
		const char *path = path_join_dir(u->a, u->root_dir, names.v[i]);
		add_file_values(out, u->a, tfc_parse_file(u, path, 0), path);
		free(names.v[i]);
	}
	free(names.v);
}

void tfv_root_values(struct tf_unit *u, struct tf_module *root, tf_var_values *out)
{
	(void)root;
	const struct tfc_state *st = u->st;
	for (size_t i = 0; st && i < st->env.n; i++)
		VEC_PUSH(*out, st->env.v[i]);
	root_files(u, out);
	for (size_t i = 0; st && i < st->cli.n; i++)
		VEC_PUSH(*out, st->cli.v[i]);
}

/* ---- the per-run part: TF_VAR_*, --var-file, --var --------------------------------------- */

extern char **environ;

static void raw_value(struct tfc_state *st, const char *name, const char *text, const char *origin)
{
	struct loc at = {"<command line>", 0, 0};
	struct node *s = node_new_str(&st->arena, at, text, strlen(text));
	s->flags |= NODE_F_QUOTED;
	struct tf_var_value v = {arena_strdup(&st->arena, name), s, 1, arena_strdup(&st->arena, origin), at};
	VEC_PUSH(st->cli, v);
}

void tfv_read_environment(struct tfc_state *st)
{
	for (char **env = environ; env && *env; env++) {
		const char *eq = strchr(*env, '=');
		if (strncmp(*env, "TF_VAR_", 7) != 0 || !eq || eq == *env + 7)
			continue;
		const char *name = arena_strndup(&st->arena, *env + 7, (size_t)(eq - *env - 7));
		raw_value(st, name, eq + 1, arena_printf(&st->arena, "TF_VAR_%s", name));
		VEC_PUSH(st->env, st->cli.v[st->cli.n - 1]);
		st->cli.n--;
	}
}

void tfv_read_var_file(struct tfc_state *st, const char *path, const struct load_limits *lim, diag_vec *errors)
{
	struct doc *doc = arena_alloc(&st->arena, sizeof(*doc));
	struct diag err;
	int json = str_has_suffix(path, ".json");
	if (load_file(arena_strdup(&st->arena, path), json ? SYNTAX_JSON : SYNTAX_HCL, lim, &st->arena, doc, &err) != 0) {
		VEC_PUSH(*errors, err);
		return;
	}
	VEC_PUSH(st->docs, doc);
	if (!doc->root || doc->root->kind != NODE_MAP) {
		diags_add(errors, (struct loc){doc->file, 1, 1}, "a variables file must hold name = value pairs");
		return;
	}
	tf_var_values vals = {0};
	add_file_values(&vals, &st->arena, doc->root, doc->file);
	for (size_t i = 0; i < vals.n; i++)
		VEC_PUSH(st->cli, vals.v[i]);
	free(vals.v);
}

void tfv_read_var(struct tfc_state *st, const char *name, const char *value)
{
	raw_value(st, name, value, arena_printf(&st->arena, "--var %s=%s", name, value));
}
