/* load.c - Terraform module directories into declarations.
 *
 * A module is every .tf and .tf.json file of one directory (not below it),
 * read in lexical order, then its override files (override.tf,
 * *_override.tf, and their .tf.json forms) merged in as Terraform merges
 * them: an override's attributes replace the original's, and each nested
 * block type it has replaces all the original's blocks of that type.
 *
 * .tf.json files follow Terraform's JSON syntax: they are converted here
 * into the same body shape the HCL parser builds (doc/node.h), strings
 * parsed as templates, so that the evaluator reads one shape.
 */
#define _POSIX_C_SOURCE 200809L
#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "doc/hcl/hcl.h"
#include "doc/load.h"
#include "formats/tfconfig/internal.h"

static int is_config_name(const char *name)
{
	return str_has_suffix(name, ".tf") || str_has_suffix(name, ".tf.json");
}

static int is_override_name(const char *name)
{
	return !strcmp(name, "override.tf") || !strcmp(name, "override.tf.json") ||
	       str_has_suffix(name, "_override.tf") || str_has_suffix(name, "_override.tf.json");
}


int tfc_is_module_dir(const char *dir)
{
	size_t n = 0;
	char **names = path_list_files(dir, is_config_name, &n);
	path_list_free(names);
	return n > 0;
}

/* ---- the JSON syntax ----------------------------------------------------------- */

/* Which keys of a JSON body are nested blocks, by the block's type. */
static int json_block_key(const char *ctx, const char *key)
{
	if (!strcmp(ctx, "resource") || !strcmp(ctx, "data"))
		return !strcmp(key, "lifecycle") || !strcmp(key, "provisioner") || !strcmp(key, "connection") ||
		       !strcmp(key, "dynamic");
	if (!strcmp(ctx, "dynamic"))
		return !strcmp(key, "content");
	if (!strcmp(ctx, "variable"))
		return !strcmp(key, "validation");
	return 0;
}

static int json_labels(const char *type)
{
	if (!strcmp(type, "resource") || !strcmp(type, "data"))
		return 2;
	if (!strcmp(type, "variable") || !strcmp(type, "module") || !strcmp(type, "output") ||
	    !strcmp(type, "provider") || !strcmp(type, "dynamic") || !strcmp(type, "provisioner"))
		return 1;
	return 0;
}

struct jconv {
	struct tf_unit *u;
	struct arena *a; /* where the converted nodes go */
	const char *file;
	int failed;
};

static struct node *json_expr(struct jconv *j, struct node *v, int depth);

static struct node *json_string(struct jconv *j, struct node *v)
{
	struct node *out;
	struct diag err;
	if (!strstr(v->text, "${") && !strstr(v->text, "%{"))
		return v; /* a literal: nothing to parse */
	if (hcl_parse_template(j->file, v->text, v->len, v->loc, j->u->lim, j->a, &out, &err) != 0) {
		VEC_PUSH(j->u->m->errors, err);
		j->failed = 1;
		return v;
	}
	return out;
}

static struct node *expr_node(struct arena *a, int op, struct loc loc, struct node **args, uint32_t n)
{
	struct node *e = node_new_seq(a, loc, args, n);
	e->kind = NODE_EXPR;
	e->len = (uint32_t)op;
	return e;
}

/* A JSON value in expression mode: strings are templates, arrays tuples,
 * objects object constructors. */
static struct node *json_expr(struct jconv *j, struct node *v, int depth)
{
	struct arena *a = j->a;
	if (depth > 256)
		return v;
	if (v->kind == NODE_STR)
		return json_string(j, v);
	if (v->kind == NODE_SEQ) {
		struct node **items = arena_alloc(a, sizeof(*items) * (v->u.seq.n + 1));
		for (uint32_t i = 0; i < v->u.seq.n; i++)
			items[i] = json_expr(j, v->u.seq.items[i], depth + 1);
		return expr_node(a, EXPR_TUPLE, v->loc, items, v->u.seq.n);
	}
	if (v->kind == NODE_MAP) {
		struct node **kv = arena_alloc(a, sizeof(*kv) * (2 * v->u.map.n + 1));
		uint32_t n = 0;
		for (uint32_t i = 0; i < v->u.map.n; i++) {
			const struct node_pair *p = &v->u.map.pairs[i];
			struct node *key = node_new_str(a, p->key_loc, p->key, strlen(p->key));
			kv[n++] = json_string(j, key);
			kv[n++] = json_expr(j, p->value, depth + 1);
		}
		return expr_node(a, EXPR_OBJECT, v->loc, kv, n);
	}
	return v;
}

static struct node *json_body(struct jconv *j, const char *ctx, struct node *obj, int depth);

/* One block `type` given as JSON: its label levels, then its body (or a
 * list of bodies); appended to `out` as body pairs. */
static void json_block(struct jconv *j, const char *type, struct loc key_loc, struct node *v, int labels,
		       pair_vec *out, int depth)
{
	struct arena *a = j->a;
	if (depth > 64)
		return;
	if (v->kind == NODE_SEQ) {
		for (uint32_t i = 0; i < v->u.seq.n; i++)
			json_block(j, type, key_loc, v->u.seq.items[i], labels, out, depth + 1);
		return;
	}
	if (v->kind != NODE_MAP)
		return;
	if (labels == 0) {
		struct node_pair p = {type, key_loc, json_body(j, type, v, depth + 1)};
		VEC_PUSH(*out, p);
		return;
	}
	for (uint32_t i = 0; i < v->u.map.n; i++) {
		const struct node_pair *lp = &v->u.map.pairs[i];
		pair_vec inner = {0};
		json_block(j, type, lp->key_loc, lp->value, labels - 1, &inner, depth + 1);
		for (size_t k = 0; k < inner.n; k++) {
			struct node *label = node_new(a, NODE_MAP, lp->key_loc);
			struct node_pair *lpair = arena_alloc(a, sizeof(*lpair));
			lpair->key = lp->key;
			lpair->key_loc = lp->key_loc;
			lpair->value = inner.v[k].value;
			label->flags = NODE_F_LABEL;
			label->u.map.pairs = lpair;
			label->u.map.n = 1;
			struct node_pair p = {type, key_loc, label};
			VEC_PUSH(*out, p);
		}
		free(inner.v);
	}
}

/* A JSON object as a body of block type `ctx`. */
static struct node *json_body(struct jconv *j, const char *ctx, struct node *obj, int depth)
{
	pair_vec pairs = {0};
	int literal_default = !strcmp(ctx, "variable");
	for (uint32_t i = 0; i < obj->u.map.n; i++) {
		const struct node_pair *p = &obj->u.map.pairs[i];
		if (!strcmp(p->key, "//"))
			continue; /* a comment */
		if ((!strcmp(ctx, "") && strcmp(p->key, "locals") != 0) || json_block_key(ctx, p->key)) {
			json_block(j, p->key, p->key_loc, p->value, json_labels(p->key), &pairs, depth);
			continue;
		}
		if (!strcmp(ctx, "") && !strcmp(p->key, "locals")) {
			json_block(j, p->key, p->key_loc, p->value, 0, &pairs, depth);
			continue;
		}
		struct node_pair a = *p;
		if (literal_default && !strcmp(p->key, "default"))
			a.value = p->value; /* a variable's default is a literal value */
		else if ((literal_default && !strcmp(p->key, "type")) && p->value->kind == NODE_STR) {
			struct diag err;
			if (hcl_parse_expr(j->file, p->value->text, p->value->len, p->value->loc, j->u->lim, j->a,
					   &a.value, &err) != 0) {
				VEC_PUSH(j->u->m->errors, err);
				continue;
			}
		} else {
			a.value = json_expr(j, p->value, depth + 1);
		}
		VEC_PUSH(pairs, a);
	}
	struct node *body = node_new(j->a, NODE_MAP, obj->loc);
	body->flags = NODE_F_BODY;
	body->u.map.n = (uint32_t)pairs.n;
	body->u.map.pairs = pairs.n ? arena_memdup(j->a, pairs.v, sizeof(*pairs.v) * pairs.n) : NULL;
	free(pairs.v);
	return body;
}

/* A .tfvars.json file: its values are literal JSON. */
static struct node *json_literals(struct arena *a, struct node *obj)
{
	struct node *body = arena_memdup(a, obj, sizeof(*obj));
	body->flags = NODE_F_BODY;
	return body;
}

/* ---- files ---------------------------------------------------------------------- */

/* One file into arena `a`: its body, or NULL with errors in the model; the
 * document in *docp (NULL when the file did not load). */
static struct node *parse_file(struct tf_unit *u, struct arena *a, const char *file, struct doc **docp)
{
	struct doc *doc = arena_alloc(a, sizeof(*doc));
	struct diag err;
	int json = str_has_suffix(file, ".json");
	*docp = NULL;
	u->m->files_read++;
	if (load_file(file, json ? SYNTAX_JSON : SYNTAX_HCL, u->lim, a, doc, &err) != 0) {
		VEC_PUSH(u->m->errors, err);
		return NULL;
	}
	*docp = doc;
	if (!json)
		return doc->root;
	if (!doc->root || doc->root->kind != NODE_MAP) {
		diags_add(&u->m->errors, doc->root ? doc->root->loc : (struct loc){file, 1, 1},
			  "a Terraform JSON file must hold an object");
		return NULL;
	}
	if (str_has_suffix(file, ".tfvars.json"))
		return json_literals(a, doc->root);
	struct jconv j = {u, a, file, 0};
	return json_body(&j, "", doc->root, 0);
}

struct node *tfc_parse_file(struct tf_unit *u, const char *path, int required)
{
	const struct tfc_parsed *hit = u->st ? hmap_get(&u->st->parsed, path) : NULL;
	if (hit) {
		u->m->files_read++;
		for (size_t i = 0; i < hit->errors.n; i++)
			VEC_PUSH(u->m->errors, hit->errors.v[i]);
		if (hit->doc)
			model_add_doc(u->m, hit->doc);
		return hit->body;
	}
	if (!required) {
		struct stat st;
		if (stat(path, &st) != 0)
			return NULL;
	}
	struct tfc_state *fill = u->fill;
	struct doc *doc;
	if (!fill) {
		struct node *body = parse_file(u, u->a, arena_strdup(u->a, path), &doc);
		if (doc)
			model_own_doc(u->m, doc);
		return body;
	}
	/* roots detection: into the run's state, for every unit after it */
	struct tfc_parsed *p = arena_alloc(&fill->arena, sizeof(*p));
	const char *file = arena_strdup(&fill->arena, path);
	size_t first = u->m->errors.n;
	p->body = parse_file(u, &fill->arena, file, &doc);
	p->doc = doc;
	for (size_t i = first; i < u->m->errors.n; i++)
		VEC_PUSH(p->errors, u->m->errors.v[i]);
	if (doc) {
		size_t len;
		doc_line(doc, 1, &len); /* indexes its lines now: units read it from any thread */
		VEC_PUSH(fill->docs, doc);
		model_add_doc(u->m, doc);
	}
	hmap_put(&fill->parsed, file, p);
	return p->body;
}

/* ---- declarations ------------------------------------------------------------------- */

/* The body a block pair leads to through `labels` label levels, and the
 * labels on the way (names[]). NULL when the block is not of that shape. */
static struct node *block_body(const struct node_pair *p, int labels, const char **names)
{
	struct node *v = p->value;
	for (int i = 0; i < labels; i++) {
		if (v->kind != NODE_MAP || !(v->flags & NODE_F_LABEL) || v->u.map.n != 1)
			return NULL;
		names[i] = v->u.map.pairs[0].key;
		v = v->u.map.pairs[0].value;
	}
	return v->kind == NODE_MAP && (v->flags & NODE_F_BODY) ? v : NULL;
}

static const struct node_pair *attr_pair(const struct node *body, const char *name)
{
	for (uint32_t i = 0; i < body->u.map.n; i++) {
		const struct node_pair *p = &body->u.map.pairs[i];
		if (!strcmp(p->key, name) && !(p->value->kind == NODE_MAP && (p->value->flags & (NODE_F_BODY | NODE_F_LABEL))))
			return p;
	}
	return NULL;
}

struct node *tfc_attr(const struct node *body, const char *name)
{
	const struct node_pair *p = body ? attr_pair(body, name) : NULL;
	return p ? p->value : NULL;
}

static void bad_block(struct tf_unit *u, const struct node_pair *p, const char *what)
{
	diags_add(&u->m->errors, p->key_loc, "%s block needs %s", p->key, what);
}

/* Terraform rejects a second declaration of a name: so do we (the first
 * stands). `prev` is where the name was declared first, NULL if not. */
static int declared_before(struct tf_unit *u, const struct node_pair *p, const char *kind, const char *name,
			   const struct loc *prev)
{
	if (!prev)
		return 0;
	diags_add(&u->m->errors, p->key_loc, "%s \"%s\" is already declared at line %u", kind, name, prev->line);
	return 1;
}

static void add_variable(struct tf_unit *u, struct tf_module *m, const struct node_pair *p)
{
	const char *name;
	struct node *body = block_body(p, 1, &name);
	if (!body) {
		bad_block(u, p, "one label: variable \"name\" { ... }");
		return;
	}
	const struct tf_variable *first = hmap_get(&m->vars_by, name);
	if (declared_before(u, p, "variable", name, first ? &first->loc : NULL))
		return;
	struct tf_variable *v = arena_alloc(u->a, sizeof(*v));
	v->name = name;
	v->loc = p->key_loc;
	const struct node_pair *d = attr_pair(body, "default");
	v->dflt = d ? d->value : NULL;
	v->dflt_loc = d ? d->key_loc : p->key_loc;
	v->nullable = 1;
	const struct node *nullable = tfc_attr(body, "nullable");
	if (nullable && nullable->kind == NODE_BOOL)
		v->nullable = node_is_true(nullable);
	struct node *type = tfc_attr(body, "type");
	if (type) {
		char err[200];
		v->type = tf_type_parse(u->a, type, err, sizeof(err));
		if (!v->type)
			diags_add(&u->m->errors, type->loc, "variable %s: %s", name, err);
	}
	hmap_put(&m->vars_by, name, v);
	VEC_PUSH(m->vars, v);
}

static void add_locals(struct tf_unit *u, struct tf_module *m, const struct node_pair *p)
{
	const struct node *body = p->value;
	if (body->kind != NODE_MAP || !(body->flags & NODE_F_BODY))
		return;
	for (uint32_t i = 0; i < body->u.map.n; i++) {
		const struct node_pair *a = &body->u.map.pairs[i];
		struct tf_local *l = hmap_get(&m->locals_by, a->key);
		if (l) {
			diags_add(&u->m->errors, a->key_loc, "local.%s is already defined at line %u", a->key, l->loc.line);
			continue;
		}
		l = arena_alloc(u->a, sizeof(*l));
		l->name = a->key;
		l->loc = a->key_loc;
		l->expr = a->value;
		hmap_put(&m->locals_by, a->key, l);
		VEC_PUSH(m->locals, l);
	}
}

static void add_resource(struct tf_unit *u, struct tf_module *m, const struct node_pair *p, int data)
{
	const char *names[2];
	struct node *body = block_body(p, 2, names);
	if (!body) {
		bad_block(u, p, "two labels: TYPE and NAME");
		return;
	}
	struct tf_rdecl *r = arena_alloc(u->a, sizeof(*r));
	r->data = data;
	r->type = names[0];
	r->name = names[1];
	r->key = arena_printf(u->a, "%s%s.%s", data ? "data." : "", names[0], names[1]);
	r->loc = p->key_loc;
	r->body = body;
	struct tf_rdecl *prev = hmap_get(&m->res_by, r->key);
	if (prev) {
		diags_add(&u->m->errors, p->key_loc, "%s is already declared at %s:%u", r->key, prev->loc.file,
			  prev->loc.line);
		return;
	}
	hmap_put(&m->res_by, r->key, r);
	VEC_PUSH(m->resources, r);
}

/* A module's declaration lists live as long as the unit: copy them into its
 * arena once the files are read, so releasing the arena releases them. */
#define ARENA_VEC(a, vec)                                                        \
	do {                                                                      \
		void *heap_ = (vec).v;                                            \
		(vec).v = (vec).n ? arena_memdup((a), heap_, (vec).n * sizeof(*(vec).v)) : NULL; \
		(vec).cap = (vec).n;                                              \
		free(heap_);                                                      \
	} while (0)

static void keep_in_arena(struct arena *a, struct tf_module *m)
{
	ARENA_VEC(a, m->vars);
	ARENA_VEC(a, m->locals);
	ARENA_VEC(a, m->resources);
	ARENA_VEC(a, m->calls);
	ARENA_VEC(a, m->outputs);
}

static void add_call(struct tf_unit *u, struct tf_module *m, const struct node_pair *p)
{
	const char *name;
	struct node *body = block_body(p, 1, &name);
	if (!body) {
		bad_block(u, p, "one label: module \"name\" { ... }");
		return;
	}
	const struct tf_mcall *first = hmap_get(&m->calls_by, name);
	if (declared_before(u, p, "module", name, first ? &first->loc : NULL))
		return;
	struct tf_mcall *c = arena_alloc(u->a, sizeof(*c));
	c->name = name;
	c->loc = p->key_loc;
	c->body = body;
	const struct node *src = tfc_attr(body, "source");
	if (!src || src->kind != NODE_STR)
		diags_add(&u->m->errors, src ? src->loc : p->key_loc,
			  "module %s: `source` must be a literal string", name);
	else
		c->source = src->text;
	hmap_put(&m->calls_by, name, c);
	VEC_PUSH(m->calls, c);
}

static void add_output(struct tf_unit *u, struct tf_module *m, const struct node_pair *p)
{
	const char *name;
	struct node *body = block_body(p, 1, &name);
	if (!body) {
		bad_block(u, p, "one label: output \"name\" { ... }");
		return;
	}
	const struct tf_output *first = hmap_get(&m->outputs_by, name);
	if (declared_before(u, p, "output", name, first ? &first->loc : NULL))
		return;
	struct tf_output *o = arena_alloc(u->a, sizeof(*o));
	o->name = name;
	o->loc = p->key_loc;
	o->expr = tfc_attr(body, "value");
	hmap_put(&m->outputs_by, name, o);
	VEC_PUSH(m->outputs, o);
}

static void add_declarations(struct tf_unit *u, struct tf_module *m, const struct node *file)
{
	for (uint32_t i = 0; file && i < file->u.map.n; i++) {
		const struct node_pair *p = &file->u.map.pairs[i];
		if (!strcmp(p->key, "variable"))
			add_variable(u, m, p);
		else if (!strcmp(p->key, "locals"))
			add_locals(u, m, p);
		else if (!strcmp(p->key, "resource"))
			add_resource(u, m, p, 0);
		else if (!strcmp(p->key, "data"))
			add_resource(u, m, p, 1);
		else if (!strcmp(p->key, "module"))
			add_call(u, m, p);
		else if (!strcmp(p->key, "output"))
			add_output(u, m, p);
		/* terraform, provider, moved, import, check...: read and ignored */
	}
}

/* ---- override files --------------------------------------------------------------- */

static int is_block_pair(const struct node_pair *p)
{
	return p->value->kind == NODE_MAP && (p->value->flags & (NODE_F_BODY | NODE_F_LABEL));
}

static int body_has_block(const struct node *body, const char *type)
{
	for (uint32_t i = 0; i < body->u.map.n; i++)
		if (is_block_pair(&body->u.map.pairs[i]) && !strcmp(body->u.map.pairs[i].key, type))
			return 1;
	return 0;
}

/* Terraform's merge: the override's attributes replace the original's of
 * the same name, and each nested block type it has replaces all of the
 * original's blocks of that type. */
static struct node *merge_body(struct tf_unit *u, const struct node *orig, const struct node *over)
{
	VEC(struct node_pair) pairs = {0};
	for (uint32_t i = 0; i < orig->u.map.n; i++) {
		const struct node_pair *p = &orig->u.map.pairs[i];
		int replaced = is_block_pair(p) ? body_has_block(over, p->key) : attr_pair(over, p->key) != NULL;
		if (!replaced)
			VEC_PUSH(pairs, *p);
	}
	for (uint32_t i = 0; i < over->u.map.n; i++)
		VEC_PUSH(pairs, over->u.map.pairs[i]);
	struct node *body = arena_memdup(u->a, orig, sizeof(*orig));
	body->u.map.n = (uint32_t)pairs.n;
	body->u.map.pairs = pairs.n ? arena_memdup(u->a, pairs.v, sizeof(*pairs.v) * pairs.n) : NULL;
	free(pairs.v);
	return body;
}

static void override_decl(struct tf_unit *u, struct tf_module *m, const struct node_pair *p)
{
	const char *names[2];
	struct node *body;
	if ((!strcmp(p->key, "resource") || !strcmp(p->key, "data")) && (body = block_body(p, 2, names))) {
		const char *key = arena_printf(u->a, "%s%s.%s", p->key[0] == 'd' ? "data." : "", names[0], names[1]);
		struct tf_rdecl *r = hmap_get(&m->res_by, key);
		if (r)
			r->body = merge_body(u, r->body, body);
		else
			diags_add(&u->m->errors, p->key_loc, "override of %s, which is not declared", key);
	} else if (!strcmp(p->key, "module") && (body = block_body(p, 1, names))) {
		struct tf_mcall *c = hmap_get(&m->calls_by, names[0]);
		if (c) {
			c->body = merge_body(u, c->body, body);
			const struct node *src = tfc_attr(c->body, "source");
			c->source = src && src->kind == NODE_STR ? src->text : c->source;
		}
	} else if (!strcmp(p->key, "output") && (body = block_body(p, 1, names))) {
		struct tf_output *o = hmap_get(&m->outputs_by, names[0]);
		if (o && tfc_attr(body, "value"))
			o->expr = tfc_attr(body, "value");
	} else if (!strcmp(p->key, "variable") && (body = block_body(p, 1, names))) {
		struct tf_variable *v = hmap_get(&m->vars_by, names[0]);
		const struct node_pair *d = attr_pair(body, "default");
		if (v && d) {
			v->dflt = d->value;
			v->dflt_loc = d->key_loc;
		}
	} else if (!strcmp(p->key, "locals") && p->value->kind == NODE_MAP) {
		for (uint32_t i = 0; i < p->value->u.map.n; i++) {
			const struct node_pair *a = &p->value->u.map.pairs[i];
			struct tf_local *l = hmap_get(&m->locals_by, a->key);
			if (l) {
				l->expr = a->value;
				l->loc = a->key_loc;
			}
		}
	}
}

/* ---- module calls ------------------------------------------------------------------ */

static int is_local_source(const char *s)
{
	return !strncmp(s, "./", 2) || !strncmp(s, "../", 3) || !strcmp(s, ".") || !strcmp(s, "..");
}

/* The directory `terraform init` installed a module call in, from
 * .terraform/modules/modules.json of the root. */
static const char *installed_dir(struct tf_unit *u, const char *key)
{
	const struct node *mods = u->modules_json;
	for (uint32_t i = 0; mods && mods->kind == NODE_SEQ && i < mods->u.seq.n; i++) {
		const struct node *e = mods->u.seq.items[i];
		const char *dir = node_str(node_get(e, "Dir"));
		if (node_str_eq(node_get(e, "Key"), key) && dir)
			return path_join_dir(u->a, u->root_dir, dir);
	}
	return NULL;
}

static void resolve_call(struct tf_unit *u, struct tf_module *m, struct tf_mcall *c, int depth)
{
	const char *key = *m->key ? arena_printf(u->a, "%s.%s", m->key, c->name) : c->name;
	const char *dir = NULL;
	if (!c->source)
		return;
	if (is_local_source(c->source))
		dir = path_join_dir(u->a, m->dir, c->source);
	else if (!(dir = installed_dir(u, key)))
		diags_add(&u->m->notes, c->loc,
			  "module %s is not available locally (source \"%s\"; run terraform init): its outputs are unknown",
			  c->name, c->source);
	if (dir && !tfc_is_module_dir(dir))
		diags_add(&u->m->notes, c->loc,
			  "module %s: %s holds no Terraform files here: its resources are not scanned and its outputs are unknown",
			  c->name, dir);
	else if (dir)
		c->child = tfc_load_module(u, dir, key, depth + 1);
}

/* ---- a module ------------------------------------------------------------------------ */

/* .terraform/modules/modules.json, where terraform init put remote
 * modules; absent unless init ran. */
static void read_modules_json(struct tf_unit *u)
{
	const char *path = arena_printf(u->a, "%s/.terraform/modules/modules.json", u->root_dir);
	struct stat st;
	struct diag err;
	if (stat(path, &st) != 0)
		return;
	struct doc *doc = arena_alloc(u->a, sizeof(*doc));
	if (load_file(path, SYNTAX_JSON, u->lim, u->a, doc, &err) != 0) {
		VEC_PUSH(u->m->notes, err);
		return;
	}
	model_own_doc(u->m, doc);
	u->modules_json = node_get(doc->root, "Modules");
}

struct tf_module *tfc_load_module(struct tf_unit *u, const char *dir, const char *key, int depth)
{
	struct tf_module *m = hmap_get(&u->modules, dir);
	if (m) {
		if (m->loading)
			diags_add(&u->m->errors, (struct loc){dir, 0, 0}, "module %s calls itself", dir);
		return m->loading ? NULL : m;
	}
	if (depth > 32) {
		diags_add(&u->m->errors, (struct loc){dir, 0, 0}, "modules nest more than 32 deep");
		return NULL;
	}
	if (depth == 0 && !u->modules_json)
		read_modules_json(u);
	size_t n;
	char **files = path_list_files(dir, is_config_name, &n);
	if (!files) {
		diags_add(&u->m->errors, (struct loc){dir, 0, 0}, "cannot read module directory");
		return NULL;
	}
	m = arena_alloc(u->a, sizeof(*m));
	m->dir = dir;
	m->key = key;
	hmap_init(&m->vars_by, u->a);
	hmap_init(&m->locals_by, u->a);
	hmap_init(&m->res_by, u->a);
	hmap_init(&m->calls_by, u->a);
	hmap_init(&m->outputs_by, u->a);
	hmap_put(&u->modules, dir, m);
	m->loading = 1;
	for (int pass = 0; pass < 2; pass++) /* primary files, then overrides */
		for (size_t i = 0; i < n; i++) {
			const char *base = strrchr(files[i], '/') ? strrchr(files[i], '/') + 1 : files[i];
			if (is_override_name(base) != pass)
				continue;
			struct node *body = tfc_parse_file(u, files[i], 1);
			for (uint32_t k = 0; pass && body && k < body->u.map.n; k++)
				override_decl(u, m, &body->u.map.pairs[k]);
			if (!pass)
				add_declarations(u, m, body);
		}
	path_list_free(files);
	keep_in_arena(u->a, m);
	for (size_t i = 0; i < m->calls.n; i++)
		resolve_call(u, m, m->calls.v[i], depth);
	m->loading = 0;
	return m;
}
