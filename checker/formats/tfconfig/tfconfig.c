/* tfconfig.c - the Terraform configuration frontend's table entry: the
 * per-run variable sources, which module directories are roots, and the
 * build of a root module's model. */
#include "formats/tfconfig/tfconfig.h"

#include <stdlib.h>
#include <string.h>

#include "doc/load.h"
#include "doc/hcl/hcl.h"
#include "formats/terraform/funcs_int.h"
#include "formats/terraform/provider.h"
#include "formats/terraform/values.h"
#include "formats/tfconfig/internal.h"

static void *tfc_prepare(const struct frontend_opts *o, diag_vec *errors)
{
	struct tfc_state *st = xcalloc(1, sizeof(*st));
	arena_init(&st->arena);
	hmap_init(&st->parsed, &st->arena);
	tfv_read_environment(st);
	for (size_t i = 0; i < o->nvars; i++) /* in command-line order, as terraform */
		if (o->vars[i].key)
			tfv_read_var(st, o->vars[i].key, o->vars[i].value);
		else
			tfv_read_var_file(st, o->vars[i].value, &o->lim, errors);
	return st;
}

static void tfc_release(void *state)
{
	struct tfc_state *st = state;
	for (size_t i = 0; i < st->docs.n; i++)
		doc_release(st->docs.v[i]);
	free(st->docs.v);
	for (size_t i = 0; i < st->parsed.cap; i++)
		if (st->parsed.slots[i].key)
			free(((struct tfc_parsed *)st->parsed.slots[i].value)->errors.v);
	free(st->env.v);
	free(st->cli.v);
	arena_release(&st->arena);
	free(st);
}

static void unit_init(struct tf_unit *u, struct model *m, const struct tfc_state *st, const char *dir,
		      const struct load_limits *lim)
{
	memset(u, 0, sizeof(*u));
	u->m = m;
	u->a = m->a;
	u->st = st;
	u->lim = lim;
	u->root_dir = path_join_dir(m->a, ".", dir);
	u->budget = TFC_MAX_STEPS;
	u->notes = &m->notes;
	hmap_init(&u->modules, m->a);
	hmap_init(&u->attrs, m->a);
	pmap_init(&u->traces, m->a);
	pmap_init(&u->map_keys, m->a);
}

static const struct trace_step *trace_of(const void *ctx, const struct node *v)
{
	return tfe_trace(ctx, v);
}

static void tfc_build_dir(const void *state, struct model *m, const char *dir, const struct load_limits *lim)
{
	struct tf_unit *u = arena_alloc(m->a, sizeof(*u));
	unit_init(u, m, state, dir, lim);
	struct tf_module *root = tfc_load_module(u, u->root_dir, "", 0);
	if (!root)
		return;
	tf_var_values values = {0};
	tfv_root_values(u, root, &values);
	u->root_values = &values;
	tf_emitted_vec out = {0};
	tfi_evaluate_root(u, root, &out);
	struct tf_instance *in = arena_alloc(m->a, sizeof(*in) * (out.n + 1));
	for (size_t i = 0; i < out.n; i++)
		in[i] = (struct tf_instance){out.v[i].res, out.v[i].values};
	struct tf_sources *src = arena_alloc(m->a, sizeof(*src));
	src->trace_of = trace_of;
	src->ctx = u;
	tf_provider_normalize(m, in, out.n, src);
	u->root_values = NULL;
	free(values.v);
	free(out.v);
}

/* The candidates a module calls are not roots. */
static void mark_called(struct arena *a, const struct tf_module *m, char *const *dirs, size_t n, int *is_root)
{
	for (size_t i = 0; i < m->calls.n; i++) {
		const struct tf_module *child = m->calls.v[i]->child;
		for (size_t k = 0; child && k < n; k++)
			if (child != m && strcmp(path_join_dir(a, ".", dirs[k]), child->dir) == 0)
				is_root[k] = 0;
	}
}

/* Roots detection runs once, before any unit and on one thread: the files
 * it parses stay in the state (tfc_parse_file), so that no unit parses a
 * module directory again. */
static void tfc_roots(void *state, char *const *dirs, size_t n, const struct load_limits *lim, int *is_root)
{
	struct tfc_state *fill = state;
	for (size_t i = 0; i < n; i++)
		is_root[i] = 1;
	for (size_t i = 0; i < n; i++) {
		struct arena a;
		struct model m;
		struct tf_unit u;
		arena_init(&a);
		model_init(&m, &a);
		unit_init(&u, &m, state, dirs[i], lim);
		u.fill = fill;
		const struct tf_module *mod = tfc_load_module(&u, u.root_dir, "", 0);
		if (mod)
			mark_called(&a, mod, dirs, n, is_root);
		model_release(&m);
		arena_release(&a);
	}
}

static const char *const tfc_dir_extensions[] = {".tf", ".tf.json", NULL};
static const char *const tfc_dir_companions[] = {".tfvars", ".tfvars.json", NULL};

const struct frontend frontend_terraform_config = {
	.name = "terraform-config",
	.prepare = tfc_prepare,
	.release = tfc_release,
	.dir_extensions = tfc_dir_extensions,
	.dir_companions = tfc_dir_companions,
	.roots = tfc_roots,
	.build_dir = tfc_build_dir,
};

/* ---- expressions on their own (tests, the terraform console differential) ---- */

int tfc_eval_text(const char *dir, const char *expr, struct strbuf *out)
{
	struct arena a;
	struct model m;
	struct tf_unit u;
	struct load_limits lim;
	struct diag err;
	struct node *x;
	int rc = 0;
	arena_init(&a);
	model_init(&m, &a);
	load_limits_default(&lim);
	unit_init(&u, &m, NULL, dir, &lim);
	struct tf_module *root = tfc_load_module(&u, u.root_dir, "", 0);
	tf_var_values values = {0};
	if (root)
		tfv_root_values(&u, root, &values);
	u.root_values = &values;
	if (!root) {
		sb_addf(out, "error: %s", m.errors.n ? m.errors.v[0].msg : "no module");
		rc = -1;
	} else if (hcl_parse_expr("<expr>", expr, strlen(expr), (struct loc){"<expr>", 1, 1}, &lim, &a, &x, &err) != 0) {
		sb_addf(out, "error: %s", err.msg);
		rc = -1;
	} else {
		struct node *v = tfi_eval_in_root(&u, root, x, out);
		if (v && tfv_has_unknown(v)) /* as jsonencode() of it */
			sb_adds(out, "unknown");
		else if (v)
			tf_json_text(v, out);
		else
			rc = -1;
	}
	free(values.v);
	model_release(&m);
	arena_release(&a);
	return rc;
}
