/* instance.c - module and resource instances, as Terraform expands them.
 *
 * Module instances: the root, then one per instance of each module call
 * (count/for_each of the call), with their input variables bound to the
 * call's arguments. Locals, variables, outputs and resource attributes are
 * evaluated when first referenced and remembered (a reference back to one
 * being evaluated is a cycle, reported). Resource instances: one per
 * count index or for_each key, addressed as Terraform does
 * (module.net["a"].aws_security_group.web[0]); when count or for_each
 * cannot be known, one instance [*] with unknown count.index / each.*.
 *
 * Worlds: a resource instance is evaluated once per assignment of the
 * undecided conditions its values meet (a depth-first walk over the
 * choices, bounded), so one permission never mixes the two branches of one
 * condition. A remembered value that consulted a choice is valid only in
 * the world that computed it.
 */
#include <stdlib.h>
#include <string.h>

#include "doc/hcl/hcl.h"
#include "formats/terraform/provider.h"
#include "formats/terraform/values.h"
#include "formats/tfconfig/internal.h"

#define MAX_WORLDS 64      /* worlds per resource instance */
#define MAX_INSTANCES 4096 /* count / for_each instances of one block */
#define MAX_EVAL_DEPTH 200 /* references inside references */

/* ---- worlds ------------------------------------------------------------------ */

int tfi_world_choice(struct tf_unit *u, const char *key)
{
	struct tf_world *w = &u->world;
	if (w->closed)
		return -1;
	w->used = 1;
	for (size_t i = 0; i < w->n; i++)
		if (!strcmp(w->keys[i], key))
			return w->values[i];
	if (w->n >= TF_MAX_CHOICES) {
		w->overflow = 1;
		return -1;
	}
	w->keys[w->n] = key;
	w->values[w->n++] = 1; /* true first; the walk comes back for false */
	return 1;
}

/* The next assignment in depth-first order: the last condition still true
 * becomes false and those chosen after it are forgotten (the next world
 * chooses them afresh). 0 when every world is done. */
static int next_world(struct tf_world *w)
{
	while (w->n > 0) {
		size_t last = w->n - 1;
		if (w->values[last] == 1) {
			w->values[last] = 0;
			return 1;
		}
		w->n--;
	}
	return 0;
}

static void world_start(struct tf_world *w)
{
	w->n = 0;
	w->overflow = 0;
	w->gen++;
}

/* Evaluate a binding's value under the world rules: a value that
 * consulted a choice is remembered for this world only. */
static int binding_ready(struct tf_unit *u, const struct tf_binding *b)
{
	return b->state == 2 && (!b->world_dependent || b->gen == u->world.gen);
}

static void binding_done(struct tf_unit *u, struct tf_binding *b, struct node *v, int used_before)
{
	b->value = v;
	b->state = 2;
	b->world_dependent = u->world.used;
	b->gen = u->world.gen;
	u->world.used |= used_before;
}

static struct tf_binding *binding_of(struct tf_unit *u, struct hmap *m, const char *name)
{
	struct tf_binding *b = hmap_get(m, name);
	if (!b) {
		b = arena_alloc(u->a, sizeof(*b));
		hmap_put(m, name, b);
	}
	return b;
}

/* Start evaluating a binding; 0 when it is a cycle (reported). */
static int binding_enter(struct tf_ev *e, struct tf_binding *b, const char *what, struct loc at, int *used)
{
	if (b->state == 1 && b->gen == e->u->world.gen) {
		tfe_fail(e, at, "%s refers to itself (a cycle of references)", what);
		diags_add(&e->u->m->errors, at, "%s refers to itself through a cycle of references", what);
		return 0;
	}
	if (++e->u->eval_depth > MAX_EVAL_DEPTH) {
		e->u->eval_depth--;
		tfe_fail(e, at, "references nest more than %d deep", MAX_EVAL_DEPTH);
		return 0;
	}
	b->state = 1;
	b->gen = e->u->world.gen;
	*used = e->u->world.used;
	e->u->world.used = 0;
	return 1;
}

static void binding_leave(struct tf_ev *e)
{
	e->u->eval_depth--;
}

/* ---- module instances ------------------------------------------------------------------ */

static struct tf_minst *new_minst(struct tf_unit *u, struct tf_module *mod, struct tf_minst *parent,
				  const struct tf_mcall *call, const char *prefix)
{
	struct tf_minst *mi = arena_alloc(u->a, sizeof(*mi));
	mi->mod = mod;
	mi->parent = parent;
	mi->call = call;
	mi->prefix = prefix;
	mi->depth = parent ? parent->depth + 1 : 0;
	hmap_init(&mi->vars, u->a);
	hmap_init(&mi->locals, u->a);
	hmap_init(&mi->outputs, u->a);
	hmap_init(&mi->expansions, u->a);
	return mi;
}

/* An evaluation context in module instance mi, with the instance scope of
 * a resource or module call (count.index, each.key/value). */
static void ev_init(struct tf_ev *e, struct tf_unit *u, struct tf_minst *mi, struct tf_scope *scopes,
		    struct node *count_index, struct node *each_key, struct node *each_value)
{
	memset(e, 0, sizeof(*e));
	e->u = u;
	e->mi = mi;
	e->speculative = (count_index && tfv_is_unknown(count_index)) || (each_key && tfv_is_unknown(each_key));
	for (const struct tf_minst *p = mi; p && !e->speculative; p = p->parent)
		e->speculative = (p->count_index && tfv_is_unknown(p->count_index)) ||
				 (p->each_key && tfv_is_unknown(p->each_key));
	if (count_index) {
		struct node_pair p = {"index", count_index->loc, count_index};
		scopes[0] = (struct tf_scope){NULL, "count", tfv_object(u->a, count_index->loc, &p, 1)};
		e->scope = &scopes[0];
	}
	if (each_key) {
		struct node_pair p[2] = {{"key", each_key->loc, each_key}, {"value", each_key->loc, each_value}};
		scopes[1] = (struct tf_scope){e->scope, "each", tfv_object(u->a, each_key->loc, p, 2)};
		e->scope = &scopes[1];
	}
}

/* The value a module call gives one of its child's variables, evaluated
 * in the caller; NULL when the call does not set it. */
static struct node *call_argument(struct tf_ev *e, struct tf_minst *child, const char *name, struct loc *at)
{
	const struct node_pair *arg = NULL;
	for (uint32_t i = 0; i < child->call->body->u.map.n; i++)
		if (!strcmp(child->call->body->u.map.pairs[i].key, name))
			arg = &child->call->body->u.map.pairs[i];
	if (!arg)
		return NULL;
	struct tf_ev pe;
	struct tf_scope scopes[2];
	ev_init(&pe, e->u, child->parent, scopes, child->count_index, child->each_key, child->each_value);
	*at = arg->key_loc;
	return tfe_final(e->u, tfe_eval_noted(&pe, arg->value,
					      arena_printf(e->u->a, "module %s argument %s", child->call->name, name)));
}

static struct node *convert_to(struct tf_ev *e, struct node *v, const struct tf_variable *var)
{
	if (!var->type || tfv_is_unknown(v) || v->kind == NODE_NULL)
		return v;
	struct tf_fn_env env;
	memset(&env, 0, sizeof(env));
	env.a = e->u->a;
	env.at = v->loc;
	env.budget = &e->u->budget;
	env.max_string = e->u->lim->max_scalar_len;
	env.max_elements = TFC_MAX_ELEMENTS;
	struct node *out = NULL;
	if (tf_convert(&env, v, var->type, &out) == TF_FN_OK)
		return out;
	diags_add(&e->u->m->errors, v->loc, "variable %s: %s", var->name, env.err);
	return tfe_unknown(e->u, v->loc, "var.%s has a value of the wrong type", var->name);
}

/* A root variable's value: the last of its values, or its default. */
static struct node *root_variable(struct tf_ev *e, const struct tf_variable *var, const char **origin,
				  struct loc *at)
{
	tf_var_values *vals = e->u->root_values;
	for (size_t i = vals->n; i-- > 0;) {
		const struct tf_var_value *vv = &vals->v[i];
		if (strcmp(vv->name, var->name) != 0)
			continue;
		*origin = vv->origin;
		*at = vv->loc;
		if (vv->raw_string && (!var->type || tf_type_is_primitive(var->type)))
			return tfv_strz(e->u->a, vv->loc, vv->value->text);
		struct node *expr = vv->value;
		struct diag err;
		if (vv->raw_string && hcl_parse_expr(vv->origin, vv->value->text, vv->value->len, vv->loc, e->u->lim,
						     e->u->a, &expr, &err) != 0) { /* a complex value given as text */
			diags_add(&e->u->m->errors, err.loc, "%s: %s", vv->origin, err.msg);
			return tfe_unknown(e->u, vv->loc, "var.%s has a value that does not parse", var->name);
		}
		struct tf_ev ve = *e;
		ve.scope = NULL;
		return tfe_eval_noted(&ve, expr, arena_printf(e->u->a, "the value of var.%s", var->name));
	}
	return NULL;
}

static struct node *variable_value(struct tf_ev *e, const struct tf_variable *var, struct loc use)
{
	struct tf_minst *mi = e->mi;
	const char *origin = NULL;
	struct loc at = var->loc;
	struct node *v = mi->call ? call_argument(e, mi, var->name, &at) : root_variable(e, var, &origin, &at);
	if (v && mi->call)
		origin = arena_printf(e->u->a, "module.%s argument %s (%s:%u)", mi->call->name, var->name,
				      at.file, at.line);
	if (!v && var->dflt) {
		struct tf_ev de = *e;
		de.scope = NULL;
		v = tfe_final(e->u, tfe_eval_noted(&de, var->dflt, arena_printf(e->u->a, "the default of var.%s", var->name)));
		origin = arena_printf(e->u->a, "variable %s default (%s:%u)", var->name, var->dflt_loc.file,
				      var->dflt_loc.line);
		at = var->dflt_loc;
	}
	if (!v) {
		(void)use;
		return tfe_unknown(e->u, var->loc, mi->call ? "var.%s is not given by the module call"
							   : "var.%s has no value (no default, no --var, tfvars or TF_VAR_)",
				   var->name);
	}
	if (v->kind == NODE_NULL && !var->nullable && var->dflt)
		v = tfe_eval(e, var->dflt);
	v = convert_to(e, v, var);
	return tfe_bind_trace(e->u, v, arena_printf(e->u->a, "var.%s", var->name), var->loc, origin, at);
}

struct node *tfi_var(struct tf_ev *e, const char *name, struct loc at)
{
	const struct tf_variable *var = hmap_get(&e->mi->mod->vars_by, name);
	if (!var) {
		tfe_fail(e, at, "var.%s is not declared in %s", name, e->mi->mod->dir);
		return tfe_unknown(e->u, at, "var.%s is not declared", name);
	}
	struct tf_binding *b = binding_of(e->u, &e->mi->vars, name);
	if (binding_ready(e->u, b))
		return b->value;
	int used;
	if (!binding_enter(e, b, arena_printf(e->u->a, "var.%s", name), at, &used))
		return tfe_unknown(e->u, at, "var.%s", name);
	struct tf_ev ve = *e;
	ve.scope = NULL;
	ve.failed = 0;
	struct node *v = variable_value(&ve, var, at);
	binding_leave(e);
	binding_done(e->u, b, v, used);
	return v;
}

struct node *tfi_local(struct tf_ev *e, const char *name, struct loc at)
{
	const struct tf_local *l = hmap_get(&e->mi->mod->locals_by, name);
	if (!l) {
		tfe_fail(e, at, "local.%s is not defined in %s", name, e->mi->mod->dir);
		return tfe_unknown(e->u, at, "local.%s is not defined", name);
	}
	struct tf_binding *b = binding_of(e->u, &e->mi->locals, name);
	if (binding_ready(e->u, b))
		return b->value;
	int used;
	const char *what = arena_printf(e->u->a, "local.%s", name);
	if (!binding_enter(e, b, what, l->loc, &used))
		return tfe_unknown(e->u, at, "local.%s is part of a cycle", name);
	struct tf_ev le = *e;
	le.scope = NULL;
	le.splat_item = NULL;
	struct node *v = tfe_eval_noted(&le, l->expr, what);
	v = tfe_bind_trace(e->u, v, what, l->loc, NULL, l->loc);
	binding_leave(e);
	binding_done(e->u, b, v, used);
	return v;
}

/* ---- count and for_each ------------------------------------------------------------------ */

static struct node *instance_key_text(struct tf_unit *u, const struct tf_expansion *x, uint32_t i)
{
	if (x->kind == 1)
		return x->keys[i];
	return tfv_strz(u->a, x->keys[i]->loc, arena_printf(u->a, "\"%s\"", x->keys[i]->text));
}

/* "[0]", "[\"k\"]", "[*]" or "" for instance i. */
static const char *instance_suffix(struct tf_unit *u, const struct tf_expansion *x, uint32_t i)
{
	if (x->kind == 0)
		return "";
	if (x->kind == 3)
		return "[*]";
	return arena_printf(u->a, "[%s]", instance_key_text(u, x, i)->text);
}

static int expand_count(struct tf_ev *e, struct tf_expansion *x, struct node *v, struct loc at)
{
	double d;
	int64_t n;
	int is_int;
	if (tfv_num(v, &d, &n, &is_int) != 0 && v->kind == NODE_STR) {
		struct node tmp = *v;
		tmp.kind = NODE_NUM;
		tfv_num(&tmp, &d, &n, &is_int);
	}
	if (!is_int || n < 0 || n > MAX_INSTANCES) {
		diags_add(&e->u->m->errors, at, "count must be a whole number 0-%d, not %s", MAX_INSTANCES,
			  node_str(v) ? node_str(v) : tfv_type_name(v));
		return -1;
	}
	x->kind = 1;
	x->n = (uint32_t)n;
	x->keys = arena_alloc(e->u->a, sizeof(*x->keys) * (x->n + 1));
	for (uint32_t i = 0; i < x->n; i++)
		x->keys[i] = tfv_int(e->u->a, at, i);
	return 0;
}

static int expand_for_each(struct tf_ev *e, struct tf_expansion *x, struct node *v, struct loc at)
{
	int is_set = v->kind == NODE_SEQ;
	uint32_t n = is_set ? v->u.seq.n : v->kind == NODE_MAP ? v->u.map.n : 0;
	if ((v->kind != NODE_MAP && !(is_set && (v->flags & NODE_F_SET))) || n > MAX_INSTANCES) {
		diags_add(&e->u->m->errors, at, "for_each needs a map or a set of strings (toset(...)), not a %s",
			  tfv_type_name(v));
		return -1;
	}
	x->kind = 2;
	x->n = n;
	x->keys = arena_alloc(e->u->a, sizeof(*x->keys) * (n + 1));
	x->values = arena_alloc(e->u->a, sizeof(*x->values) * (n + 1));
	for (uint32_t i = 0; i < n; i++) {
		struct node *k = is_set ? v->u.seq.items[i] : tfv_strz(e->u->a, v->u.map.pairs[i].key_loc, v->u.map.pairs[i].key);
		if (tfv_is_unknown(k) || !tfv_text(k)) {
			x->kind = 3;
			x->n = 1;
			return 0;
		}
		x->keys[i] = tfv_strz(e->u->a, k->loc, tfv_text(k));
		x->values[i] = tfe_bind_trace(e->u, is_set ? k : v->u.map.pairs[i].value, "each.value", at, NULL, at);
	}
	return 0;
}

/* count/for_each of a block body, evaluated without world choices (an
 * undecided count is one instance [*]). */
/* count = COND ? A : B (for_each too) with COND known only at apply: as
 * an undecided condition counts both branches, the instances are those of
 * the larger branch (the other's are among them, or there are none: an
 * empty collection, 0). Unknown when that cannot be said. */
static struct node *undecided_expansion(struct tf_ev *e, const struct node *expr, int count, const char *what)
{
	struct node *b[2];
	uint32_t n[2];
	for (int i = 0; i < 2; i++) {
		b[i] = tfe_final(e->u, tfe_eval(e, expr->u.seq.items[i + 1]));
		if (e->failed || !b[i] || tfv_has_unknown(b[i])) {
			e->failed = 0;
			return tfe_unknown(e->u, expr->loc, "%s of %s", count ? "count" : "for_each", what);
		}
		double d;
		int64_t k;
		int is_int;
		if (count)
			n[i] = tfv_num(b[i], &d, &k, &is_int) == 0 && is_int && k > 0 && k <= MAX_INSTANCES ? (uint32_t)k : 0;
		else
			n[i] = b[i]->kind == NODE_SEQ ? b[i]->u.seq.n : b[i]->kind == NODE_MAP ? b[i]->u.map.n : 1;
	}
	int larger = n[1] > n[0];
	if (!count && n[!larger] != 0) /* two collections: their union is not one of them */
		return tfe_unknown(e->u, expr->loc, "for_each of %s", what);
	diags_add(e->u->notes, expr->loc,
		  "%s of %s depends on a condition known only after apply: the %u instance%s of its larger branch %s checked",
		  count ? "count" : "for_each", what, n[larger], n[larger] == 1 ? "" : "s", n[larger] == 1 ? "is" : "are");
	return b[larger];
}

static struct tf_expansion *expansion(struct tf_ev *e, const char *key, const struct node *body, const char *what)
{
	struct tf_expansion *x = hmap_get(&e->mi->expansions, key);
	if (x)
		return x;
	x = arena_alloc(e->u->a, sizeof(*x));
	hmap_put(&e->mi->expansions, key, x);
	struct node *count = tfc_attr(body, "count"), *for_each = tfc_attr(body, "for_each");
	struct node *expr = count ? count : for_each;
	x->n = 1;
	if (!expr)
		goto done;
	struct tf_ev ce = *e;
	ce.scope = NULL;
	int closed = e->u->world.closed;
	e->u->world.closed = 1;
	struct node *v = tfe_final(e->u, tfe_eval_noted(&ce, expr, arena_printf(e->u->a, "%s of %s", count ? "count" : "for_each", what)));
	if (tfv_is_unknown(v) && expr->kind == NODE_EXPR && expr->len == EXPR_COND)
		v = undecided_expansion(&ce, expr, count != NULL, what);
	e->u->world.closed = closed;
	if (tfv_is_unknown(v) || (for_each && v->kind == NODE_SEQ && tfv_has_unknown(v)) ||
	    (count && v->kind == NODE_NULL)) {
		diags_add(e->u->notes, expr->loc, "%s of %s cannot be known before apply: one instance %s[*] stands for all",
			  count ? "count" : "for_each", what, what);
		x->kind = 3;
	} else if (count ? expand_count(e, x, v, expr->loc) : expand_for_each(e, x, v, expr->loc)) {
		x->n = 0;
	}
done:
	x->inst = arena_alloc(e->u->a, sizeof(*x->inst) * (x->n + 1));
	return x;
}

/* ---- resource instances ---------------------------------------------------------------------- */

static struct tf_rinst *rinst_of(struct tf_ev *e, const struct tf_rdecl *d, struct tf_expansion *x, uint32_t i)
{
	if (x->inst[i])
		return x->inst[i];
	struct tf_rinst *r = arena_alloc(e->u->a, sizeof(*r));
	r->decl = d;
	r->mi = e->mi;
	r->address = arena_printf(e->u->a, "%s%s%s", e->mi->prefix, d->key, instance_suffix(e->u, x, i));
	if (x->kind == 1)
		r->count_index = x->keys[i];
	else if (x->kind == 2) {
		r->each_key = x->keys[i];
		r->each_value = x->values[i];
	} else if (x->kind == 3) {
		struct node *u = tfe_unknown(e->u, d->loc, "the instance key of %s%s[*]", e->mi->prefix, d->key);
		if (tfc_attr(d->body, "count"))
			r->count_index = u;
		else
			r->each_key = r->each_value = u;
	}
	x->inst[i] = r;
	return r;
}

static struct node *ref_node(struct tf_unit *u, const struct tf_rinst *r, struct loc at)
{
	struct node *n = node_new(u->a, NODE_REF, at);
	n->text = r->address;
	n->u.ref.target = r;
	return n;
}

struct node *tfi_resource(struct tf_ev *e, const char *key, struct loc at)
{
	const struct tf_rdecl *d = hmap_get(&e->mi->mod->res_by, key);
	if (!d) {
		tfe_fail(e, at, "%s is not declared in %s", key, e->mi->mod->dir);
		return tfe_unknown(e->u, at, "%s is not declared", key);
	}
	struct tf_expansion *x = expansion(e, d->key, d->body, arena_printf(e->u->a, "%s%s", e->mi->prefix, d->key));
	if (x->kind == 0)
		return ref_node(e->u, rinst_of(e, d, x, 0), at);
	if (x->kind == 3)
		return tfe_unknown(e->u, at, "the instances of %s%s are known only after apply", e->mi->prefix, key);
	if (x->kind == 1) {
		struct node **items = arena_alloc(e->u->a, sizeof(*items) * (x->n + 1));
		for (uint32_t i = 0; i < x->n; i++)
			items[i] = ref_node(e->u, rinst_of(e, d, x, i), at);
		return node_new_seq(e->u->a, at, items, x->n);
	}
	struct node_pair *pairs = arena_alloc(e->u->a, sizeof(*pairs) * (x->n + 1));
	for (uint32_t i = 0; i < x->n; i++)
		pairs[i] = (struct node_pair){x->keys[i]->text, at, ref_node(e->u, rinst_of(e, d, x, i), at)};
	return tfv_object(e->u->a, at, pairs, x->n);
}

static int is_meta_argument(const char *name)
{
	static const char *const meta[] = {"count", "for_each", "provider", "depends_on", "lifecycle",
					   "provisioner", "connection", NULL};
	for (int i = 0; meta[i]; i++)
		if (!strcmp(meta[i], name))
			return 1;
	return 0;
}

static int is_block(const struct node *v)
{
	return v->kind == NODE_MAP && (v->flags & (NODE_F_BODY | NODE_F_LABEL));
}

static struct node *body_value(struct tf_ev *e, const struct node *body, int depth);

/* dynamic "T" { for_each = X, iterator = I, content { ... } }: one block
 * per element, I.key and I.value in the content. */
static void dynamic_blocks(struct tf_ev *e, const struct node_pair *p, pair_vec *blocks, int depth)
{
	const struct node *lab = p->value;
	if (!(lab->flags & NODE_F_LABEL) || lab->u.map.n != 1)
		return;
	const char *type = lab->u.map.pairs[0].key;
	const struct node *body = lab->u.map.pairs[0].value;
	const struct node *content = NULL;
	for (uint32_t i = 0; i < body->u.map.n; i++)
		if (!strcmp(body->u.map.pairs[i].key, "content") && is_block(body->u.map.pairs[i].value))
			content = body->u.map.pairs[i].value;
	const struct node *it = tfc_attr(body, "iterator");
	const char *iter = it && it->kind == NODE_EXPR && it->len == EXPR_VAR ? it->text : type;
	struct node *coll = tfe_final(e->u, tfe_eval_noted(e, tfc_attr(body, "for_each"),
							   arena_printf(e->u->a, "for_each of dynamic \"%s\"", type)));
	if (!content)
		return;
	if (tfv_is_unknown(coll) || (coll->kind != NODE_SEQ && coll->kind != NODE_MAP)) {
		struct node_pair u = {type, p->key_loc, tfe_unknown(e->u, p->key_loc, "dynamic \"%s\" blocks known only after apply", type)};
		VEC_PUSH(*blocks, u);
		return;
	}
	int is_map = coll->kind == NODE_MAP;
	uint32_t n = is_map ? coll->u.map.n : coll->u.seq.n;
	const struct tf_scope *saved = e->scope;
	for (uint32_t i = 0; i < n; i++) {
		struct node *key = is_map ? tfv_strz(e->u->a, p->key_loc, coll->u.map.pairs[i].key)
					  : coll->flags & NODE_F_SET ? coll->u.seq.items[i] : tfv_int(e->u->a, p->key_loc, i);
		struct node_pair kv[2] = {{"key", p->key_loc, key},
					  {"value", p->key_loc, is_map ? coll->u.map.pairs[i].value : coll->u.seq.items[i]}};
		struct tf_scope s = {saved, iter, tfv_object(e->u->a, p->key_loc, kv, 2)};
		e->scope = &s;
		struct node_pair b = {type, p->key_loc, body_value(e, content, depth + 1)};
		VEC_PUSH(*blocks, b);
	}
	e->scope = saved;
}

/* The value of a body: its attributes evaluated, its nested blocks (and
 * dynamic blocks) as lists of objects by block type, as a plan shows them.
 * Every pair keeps the location of its attribute or first block. */
static struct node *body_value(struct tf_ev *e, const struct node *body, int depth)
{
	pair_vec attrs = {0}, blocks = {0};
	for (uint32_t i = 0; depth < 64 && i < body->u.map.n; i++) {
		const struct node_pair *p = &body->u.map.pairs[i];
		if (is_meta_argument(p->key))
			continue;
		if (!strcmp(p->key, "dynamic") && is_block(p->value)) {
			dynamic_blocks(e, p, &blocks, depth);
		} else if (is_block(p->value)) {
			if (p->value->flags & NODE_F_BODY) {
				struct node_pair b = {p->key, p->key_loc, body_value(e, p->value, depth + 1)};
				VEC_PUSH(blocks, b);
			}
		} else {
			struct node_pair a = {p->key, p->key_loc,
					      tfe_final(e->u, tfe_eval_noted(e, p->value, p->key))};
			VEC_PUSH(attrs, a);
		}
	}
	/* blocks of one type into one list, in order */
	for (size_t i = 0; i < blocks.n; i++) {
		if (!blocks.v[i].key)
			continue;
		VEC(struct node *) items = {0};
		for (size_t k = i; k < blocks.n; k++)
			if (blocks.v[k].key && !strcmp(blocks.v[k].key, blocks.v[i].key)) {
				VEC_PUSH(items, blocks.v[k].value);
				if (k != i)
					blocks.v[k].key = NULL;
			}
		struct node_pair a = {blocks.v[i].key, blocks.v[i].key_loc,
				      tfv_list(e->u->a, blocks.v[i].key_loc, items.v, (uint32_t)items.n)};
		VEC_PUSH(attrs, a);
		free(items.v);
	}
	struct node *v = tfv_object(e->u->a, body->loc, attrs.v, (uint32_t)attrs.n);
	free(attrs.v);
	free(blocks.v);
	return v;
}

/* An attribute of a resource instance, in that instance's scope. */
struct node *tfi_attr(struct tf_ev *e, const struct node *ref, const char *attr, struct loc at)
{
	const struct tf_rinst *r = ref->u.ref.target;
	const struct node_pair *p = NULL;
	for (uint32_t i = 0; i < r->decl->body->u.map.n; i++)
		if (!strcmp(r->decl->body->u.map.pairs[i].key, attr) && !is_meta_argument(attr))
			p = &r->decl->body->u.map.pairs[i];
	if (!p || is_block(p->value)) {
		struct node *u = tfe_unknown(e->u, at, "%s.%s is known only after apply", r->address, attr);
		u->u.unk.ref = r->address;
		u->u.unk.attr = attr;
		return u;
	}
	/* remembered per unit by "address attr": the instance itself is shared read-only */
	struct tf_binding *b = binding_of(e->u, &e->u->attrs, arena_printf(e->u->a, "%s %s", r->address, attr));
	if (binding_ready(e->u, b))
		return b->value;
	const char *what = arena_printf(e->u->a, "%s.%s", r->address, attr);
	int used;
	if (!binding_enter(e, b, what, p->key_loc, &used))
		return tfe_unknown(e->u, at, "%s", what);
	struct tf_ev re;
	struct tf_scope scopes[2];
	ev_init(&re, e->u, r->mi, scopes, r->count_index, r->each_key, r->each_value);
	struct node *v = tfe_final(e->u, tfe_eval_noted(&re, p->value, what));
	if (v->kind == NODE_NULL) { /* set to null is not set: the provider computes it */
		v = tfe_unknown(e->u, at, "%s is known only after apply", what);
		v->u.unk.ref = r->address;
		v->u.unk.attr = attr;
	}
	v = tfe_bind_trace(e->u, v, what, p->key_loc, NULL, p->key_loc);
	binding_leave(e);
	binding_done(e->u, b, v, used);
	return v;
}

/* ---- module calls ----------------------------------------------------------------------- */

static struct tf_minst *minst_of_call(struct tf_ev *e, const struct tf_mcall *c, struct tf_expansion *x, uint32_t i)
{
	if (x->inst[i])
		return x->inst[i];
	const char *prefix = arena_printf(e->u->a, "%smodule.%s%s.", e->mi->prefix, c->name, instance_suffix(e->u, x, i));
	struct tf_minst *mi = new_minst(e->u, c->child, e->mi, c, prefix);
	if (x->kind == 1)
		mi->count_index = x->keys[i];
	else if (x->kind == 2) {
		mi->each_key = x->keys[i];
		mi->each_value = x->values[i];
	} else if (x->kind == 3) {
		struct node *u = tfe_unknown(e->u, c->loc, "the instance key of module.%s[*]", c->name);
		if (tfc_attr(c->body, "count"))
			mi->count_index = u;
		else
			mi->each_key = mi->each_value = u;
	}
	x->inst[i] = mi;
	return mi;
}

static struct tf_expansion *call_expansion(struct tf_ev *e, const struct tf_mcall *c)
{
	return expansion(e, arena_printf(e->u->a, "module.%s", c->name), c->body,
			 arena_printf(e->u->a, "%smodule.%s", e->mi->prefix, c->name));
}

static struct node *output_value(struct tf_ev *e, struct tf_minst *child, const struct tf_output *o)
{
	struct tf_binding *b = binding_of(e->u, &child->outputs, o->name);
	if (binding_ready(e->u, b))
		return b->value;
	const char *what = arena_printf(e->u->a, "module.%s.%s", child->call->name, o->name);
	int used;
	if (!binding_enter(e, b, what, o->loc, &used))
		return tfe_unknown(e->u, o->loc, "%s", what);
	struct tf_ev ce;
	struct tf_scope scopes[2];
	ev_init(&ce, e->u, child, scopes, NULL, NULL, NULL);
	struct node *v = tfe_final(e->u, tfe_eval_noted(&ce, o->expr, what));
	v = tfe_bind_trace(e->u, v, what, o->loc, NULL, o->loc);
	binding_leave(e);
	binding_done(e->u, b, v, used);
	return v;
}

/* Every reference to module.NAME.x reads this object: built once per
 * instance (a module like terraform-aws-vpc has 100+ outputs, read by
 * 100+ references), again only in another world if it depends on one. */
static struct node *outputs_object(struct tf_ev *e, struct tf_minst *child, struct loc at)
{
	if (child->outputs_obj && (!child->outputs_world_dependent || child->outputs_gen == e->u->world.gen))
		return child->outputs_obj;
	const struct tf_module *m = child->mod;
	struct node_pair *pairs = arena_alloc(e->u->a, sizeof(*pairs) * (m->outputs.n + 1));
	for (size_t i = 0; i < m->outputs.n; i++)
		pairs[i] = (struct node_pair){m->outputs.v[i]->name, m->outputs.v[i]->loc,
					      output_value(e, child, m->outputs.v[i])};
	struct node *obj = tfv_object(e->u->a, at, pairs, (uint32_t)m->outputs.n);
	int dependent = 0;
	for (size_t i = 0; i < m->outputs.n; i++) {
		const struct tf_binding *b = hmap_get(&child->outputs, m->outputs.v[i]->name);
		if (!b || b->state != 2)
			return obj; /* one is being evaluated (a cycle): not final */
		dependent |= b->world_dependent;
	}
	child->outputs_obj = obj;
	child->outputs_gen = e->u->world.gen;
	child->outputs_world_dependent = dependent;
	return obj;
}

struct node *tfi_module(struct tf_ev *e, const char *name, struct loc at)
{
	const struct tf_mcall *c = hmap_get(&e->mi->mod->calls_by, name);
	if (!c) {
		tfe_fail(e, at, "module.%s is not declared in %s", name, e->mi->mod->dir);
		return tfe_unknown(e->u, at, "module.%s is not declared", name);
	}
	if (!c->child)
		return tfe_unknown(e->u, at, "module.%s is not available locally: its outputs are unknown", name);
	struct tf_expansion *x = call_expansion(e, c);
	if (x->kind == 3)
		return tfe_unknown(e->u, at, "the instances of module.%s are known only after apply", name);
	if (x->kind == 0)
		return outputs_object(e, minst_of_call(e, c, x, 0), at);
	if (x->kind == 1) {
		struct node **items = arena_alloc(e->u->a, sizeof(*items) * (x->n + 1));
		for (uint32_t i = 0; i < x->n; i++)
			items[i] = outputs_object(e, minst_of_call(e, c, x, i), at);
		return node_new_seq(e->u->a, at, items, x->n);
	}
	struct node_pair *pairs = arena_alloc(e->u->a, sizeof(*pairs) * (x->n + 1));
	for (uint32_t i = 0; i < x->n; i++)
		pairs[i] = (struct node_pair){x->keys[i]->text, at, outputs_object(e, minst_of_call(e, c, x, i), at)};
	return tfv_object(e->u->a, at, pairs, x->n);
}

/* ---- evaluating a module instance ------------------------------------------------------------- */

/* One managed resource instance, once per world, into `out`. */
static void evaluate_instance(struct tf_unit *u, struct tf_rinst *r, tf_emitted_vec *out)
{
	const char *path = *r->mi->prefix ? arena_strndup(u->a, r->mi->prefix, strlen(r->mi->prefix) - 1) : NULL;
	struct resource *res = model_add_resource(u->m, r->address, r->decl->type, r->decl->loc, SCHEMA_TERRAFORM);
	res->path = path;
	res->deployed = 1;
	struct tf_world *w = &u->world;
	world_start(w);
	int worlds = 0, first = 1;
	do {
		struct tf_ev e;
		struct tf_scope scopes[2];
		ev_init(&e, u, r->mi, scopes, r->count_index, r->each_key, r->each_value);
		struct tf_emitted em = {res, tf_provider_computed(u->a, r->decl->type, body_value(&e, r->decl->body, 0))};
		VEC_PUSH(*out, em);
		if (first)
			res->props = em.values;
		first = 0;
		w->gen++;
	} while (++worlds < MAX_WORLDS && next_world(w));
	if (w->overflow)
		diags_add(u->notes, r->decl->loc,
			  "%s depends on more than 6 undecided conditions: the others are treated as unknown", r->address);
}

static void evaluate_module(struct tf_unit *u, struct tf_minst *mi, tf_emitted_vec *out)
{
	struct tf_ev e;
	struct tf_scope scopes[2];
	ev_init(&e, u, mi, scopes, NULL, NULL, NULL);
	for (size_t i = 0; i < mi->mod->resources.n; i++) {
		const struct tf_rdecl *d = mi->mod->resources.v[i];
		if (d->data)
			continue;
		struct tf_expansion *x = expansion(&e, d->key, d->body, arena_printf(u->a, "%s%s", mi->prefix, d->key));
		for (uint32_t k = 0; k < x->n; k++)
			evaluate_instance(u, rinst_of(&e, d, x, k), out);
	}
	for (size_t i = 0; mi->depth < 32 && i < mi->mod->calls.n; i++) {
		const struct tf_mcall *c = mi->mod->calls.v[i];
		if (!c->child)
			continue;
		struct tf_expansion *x = call_expansion(&e, c);
		for (uint32_t k = 0; k < x->n; k++)
			evaluate_module(u, minst_of_call(&e, c, x, k), out);
	}
}

/* ---- what the unit hands out ------------------------------------------------------------------ */

/* The resources a value refers to are used elsewhere (handed_out): by
 * whoever reads the root module's outputs, or by a module call that was
 * not read (unread_use: what it does with them is unknown, e.g. whether
 * it makes a flow log). */
static void hand_out_value(struct tf_unit *u, const struct node *v, int unread, int depth)
{
	if (!v || depth > 64)
		return;
	const char *addr = v->kind == NODE_REF ? v->text : v->kind == NODE_UNKNOWN ? v->u.unk.ref : NULL;
	struct resource *r = addr ? model_find(u->m, addr) : NULL;
	if (r) {
		r->handed_out = 1;
		r->unread_use |= (uint8_t)unread;
	}
	if (v->kind == NODE_SEQ || v->kind == NODE_ALT)
		for (uint32_t i = 0; i < v->u.seq.n; i++)
			hand_out_value(u, v->u.seq.items[i], unread, depth + 1);
	else if (v->kind == NODE_MAP)
		for (uint32_t i = 0; i < v->u.map.n; i++)
			hand_out_value(u, v->u.map.pairs[i].value, unread, depth + 1);
}

static void hand_out_expr(struct tf_ev *e, struct node *expr, int unread)
{
	struct node *v = tfe_final(e->u, tfe_eval(e, expr));
	if (!e->failed)
		hand_out_value(e->u, v, unread, 0);
	e->failed = 0;
}

static void hand_out_module(struct tf_unit *u, struct tf_minst *mi)
{
	struct tf_ev e;
	struct tf_scope scopes[2];
	ev_init(&e, u, mi, scopes, NULL, NULL, NULL);
	/* a child's outputs are read by its caller, and what the caller does
	 * with them is evaluated here: only the root's leave the unit */
	for (size_t i = 0; !mi->depth && i < mi->mod->outputs.n; i++)
		if (mi->mod->outputs.v[i]->expr)
			hand_out_expr(&e, mi->mod->outputs.v[i]->expr, 0);
	for (size_t i = 0; mi->depth < 32 && i < mi->mod->calls.n; i++) {
		const struct tf_mcall *c = mi->mod->calls.v[i];
		if (c->child) {
			struct tf_expansion *x = call_expansion(&e, c);
			for (uint32_t k = 0; k < x->n; k++)
				hand_out_module(u, minst_of_call(&e, c, x, k));
			continue;
		}
		/* its arguments, for any of its instances */
		struct node *any = tfe_unknown(u, c->loc, "an instance of module.%s", c->name);
		struct tf_ev ce;
		struct tf_scope cs[2];
		ev_init(&ce, u, mi, cs, any, any, any);
		for (uint32_t k = 0; k < c->body->u.map.n; k++) {
			const struct node_pair *p = &c->body->u.map.pairs[k];
			if (!is_block(p->value) && !is_meta_argument(p->key) && strcmp(p->key, "source") &&
			    strcmp(p->key, "version") && strcmp(p->key, "providers"))
				hand_out_expr(&ce, p->value, 1);
		}
	}
}

void tfi_evaluate_root(struct tf_unit *u, struct tf_module *root, tf_emitted_vec *out)
{
	struct tf_minst *mi = new_minst(u, root, NULL, NULL, "");
	evaluate_module(u, mi, out);
	world_start(&u->world);
	u->world.closed = 1; /* an undecided condition is simply unknown here */
	hand_out_module(u, mi);
}

struct node *tfi_eval_in_root(struct tf_unit *u, struct tf_module *root, struct node *expr, struct strbuf *err)
{
	struct tf_ev e;
	struct tf_scope scopes[2];
	ev_init(&e, u, new_minst(u, root, NULL, NULL, ""), scopes, NULL, NULL, NULL);
	world_start(&u->world);
	u->world.closed = 1; /* an undecided condition is simply unknown here */
	struct node *v = tfe_final(u, tfe_eval(&e, expr));
	if (e.failed) {
		sb_addf(err, "error: %s", e.msg);
		return NULL;
	}
	return v;
}
