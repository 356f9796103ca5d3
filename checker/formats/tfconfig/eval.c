/* eval.c - HCL expressions with Terraform's semantics.
 *
 * Values are document nodes (formats/terraform/values.h). A value that
 * cannot be known before apply is a NODE_UNKNOWN, and unknowns propagate:
 * an operator, a function, an index of an unknown is unknown, never a
 * guess and never an error. An undecided condition (`c ? a : b` with c
 * unknown) takes the branch the current world assigns to it, so that the
 * world enumeration of instance.c counts both branches without mixing
 * them. A reference to a resource instance is a NODE_REF until an
 * attribute is asked of it (tfi_attr).
 *
 * Errors (what `terraform plan` would reject: an attribute of null, an
 * index out of range, a wrong type) set e->failed; try() and can() catch
 * them, and elsewhere they become a note and an unknown value. Every step
 * is charged to the unit's budget, so a hostile configuration stops.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "formats/terraform/values.h"
#include "formats/tfconfig/internal.h"

/* ---- small helpers ---------------------------------------------------------- */

void tfe_fail(struct tf_ev *e, struct loc at, const char *fmt, ...)
{
	va_list ap;
	if (e->failed)
		return; /* the first error is the one that explains */
	e->failed = 1;
	e->msg_loc = at;
	va_start(ap, fmt);
	vsnprintf(e->msg, sizeof(e->msg), fmt, ap);
	va_end(ap);
}

struct node *tfe_unknown(struct tf_unit *u, struct loc loc, const char *fmt, ...)
{
	char buf[300];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	return node_new_unknown(u->a, loc, arena_strdup(u->a, buf));
}

int tfe_is_unknown(const struct node *v)
{
	return tfv_is_unknown(v);
}

int tfe_has_unknown(const struct node *v)
{
	return tfv_has_unknown(v);
}

int tfe_charge(struct tf_ev *e, uint64_t steps)
{
	struct tf_unit *u = e->u;
	if (u->budget >= steps) {
		u->budget -= steps;
		return 1;
	}
	u->budget = 0;
	if (!u->budget_reported++)
		diags_add(&u->m->errors, e->msg_loc.file ? e->msg_loc : (struct loc){u->root_dir, 0, 0},
			  "evaluation stopped: the configuration takes more than %llu steps to evaluate",
			  (unsigned long long)TFC_MAX_STEPS);
	tfe_fail(e, e->msg_loc, "evaluation budget exhausted");
	return 0;
}

const struct trace_step *tfe_trace(const struct tf_unit *u, const struct node *v)
{
	return v ? pmap_get(&u->traces, v) : NULL;
}

void tfe_set_trace(struct tf_unit *u, const struct node *v, const struct trace_step *t)
{
	if (v && t)
		pmap_put(&u->traces, v, t);
}

/* A value bound under a name is a shallow copy: traces are kept per node,
 * and the node bound may be shared (a literal of the configuration, read
 * again by every world and instance; a root variable passed on as a module
 * argument), whose own trace must stay as it was. */
static struct node *bindable(struct tf_unit *u, struct node *v)
{
	struct node *c = arena_memdup(u->a, v, sizeof(*v));
	if (v->kind == NODE_SEQ && v->u.seq.n) {
		c->u.seq.items = arena_alloc(u->a, sizeof(*c->u.seq.items) * v->u.seq.n);
		for (uint32_t i = 0; i < v->u.seq.n; i++) {
			struct node *item = arena_memdup(u->a, v->u.seq.items[i], sizeof(*item));
			c->u.seq.items[i] = item;
			tfe_set_trace(u, item, tfe_trace(u, v->u.seq.items[i]));
		}
	}
	tfe_set_trace(u, c, tfe_trace(u, v));
	return c;
}

/* Bind v under name: the value to use from now on, its trace the name,
 * then where it came from (a value already traced, or where it is
 * written). */
struct node *tfe_bind_trace(struct tf_unit *u, struct node *v, const char *name, struct loc at, const char *origin,
			    struct loc origin_at)
{
	if (!v)
		return v;
	v = bindable(u, v);
	const struct trace_step *t = tfe_trace(u, v);
	if (!t && origin)
		t = trace_push(u->a, NULL, origin_at, origin);
	if (!t && v->loc.line && (v->loc.file != at.file || v->loc.line != at.line))
		t = trace_push(u->a, NULL, v->loc, arena_printf(u->a, "%s:%u", v->loc.file, v->loc.line));
	t = trace_push(u->a, t, at, name);
	tfe_set_trace(u, v, t);
	for (uint32_t i = 0; v->kind == NODE_SEQ && i < v->u.seq.n; i++) {
		struct node *item = v->u.seq.items[i];
		const struct trace_step *ti = tfe_trace(u, item);
		if (!ti && origin && item->loc.line) /* where the list was written: its origin, as for the list */
			ti = trace_push(u->a, NULL, item->loc, origin);
		else if (!ti && item->loc.line && (item->loc.file != at.file || item->loc.line != at.line))
			ti = trace_push(u->a, NULL, item->loc,
					arena_printf(u->a, "%s:%u", item->loc.file, item->loc.line));
		tfe_set_trace(u, item, trace_push(u->a, ti, at, name));
	}
	return v;
}

static struct node *fail_unknown(struct tf_ev *e, struct loc at, const char *what)
{
	return tfe_unknown(e->u, at, "%s cannot be evaluated", what);
}

/* A reference that makes no sense or is not declared: `why` says so. */
static struct node *bad_ref(struct tf_ev *e, struct loc at, const char *why, const char *name)
{
	tfe_fail(e, at, "%s", why);
	return fail_unknown(e, at, name);
}

static struct node *fn_env_call(struct tf_ev *e, const char *name, struct node *const *args, uint32_t n,
				struct loc at);

/* ---- printing expressions ------------------------------------------------------ */

static const char *op_text(int op)
{
	switch (op) {
	case EXPR_MUL: return " * ";
	case EXPR_DIV: return " / ";
	case EXPR_MOD: return " % ";
	case EXPR_ADD: return " + ";
	case EXPR_SUB: return " - ";
	case EXPR_LT: return " < ";
	case EXPR_LE: return " <= ";
	case EXPR_GT: return " > ";
	case EXPR_GE: return " >= ";
	case EXPR_EQ: return " == ";
	case EXPR_NE: return " != ";
	case EXPR_AND: return " && ";
	case EXPR_OR: return " || ";
	default: return NULL;
	}
}

static void text_items(const struct node *x, uint32_t from, const char *sep, struct strbuf *out)
{
	for (uint32_t i = from; i < x->u.seq.n; i++) {
		if (i > from)
			sb_adds(out, sep);
		tfe_expr_text(x->u.seq.items[i], out);
	}
}

void tfe_expr_text(const struct node *x, struct strbuf *out)
{
	if (!x) {
		sb_adds(out, "?");
		return;
	}
	if (x->kind == NODE_STR) {
		sb_addf(out, "\"%s\"", x->text);
		return;
	}
	if (x->kind != NODE_EXPR) {
		sb_adds(out, node_str(x) ? node_str(x) : node_kind_name(x->kind));
		return;
	}
	const struct node *const *k = (const struct node *const *)x->u.seq.items;
	const char *bin = op_text((int)x->len);
	if (bin) {
		tfe_expr_text(k[0], out);
		sb_adds(out, bin);
		tfe_expr_text(k[1], out);
		return;
	}
	switch (x->len) {
	case EXPR_VAR:
		sb_adds(out, x->text);
		break;
	case EXPR_GETATTR:
		tfe_expr_text(k[0], out);
		sb_addf(out, ".%s", x->text);
		break;
	case EXPR_INDEX:
		tfe_expr_text(k[0], out);
		sb_addc(out, '[');
		tfe_expr_text(k[1], out);
		sb_addc(out, ']');
		break;
	case EXPR_SPLAT:
		tfe_expr_text(k[0], out);
		sb_adds(out, "[*]");
		tfe_expr_text(k[1], out);
		break;
	case EXPR_SPLAT_ITEM:
		break;
	case EXPR_CALL:
		sb_addf(out, "%s(", x->text);
		text_items(x, 0, ", ", out);
		sb_adds(out, x->flags & NODE_F_EXPAND ? "...)" : ")");
		break;
	case EXPR_NEG:
		sb_addc(out, '-');
		tfe_expr_text(k[0], out);
		break;
	case EXPR_NOT:
		sb_addc(out, '!');
		tfe_expr_text(k[0], out);
		break;
	case EXPR_COND:
		tfe_expr_text(k[0], out);
		sb_adds(out, " ? ");
		tfe_expr_text(k[1], out);
		sb_adds(out, " : ");
		tfe_expr_text(k[2], out);
		break;
	case EXPR_TUPLE:
		sb_addc(out, '[');
		text_items(x, 0, ", ", out);
		sb_addc(out, ']');
		break;
	case EXPR_OBJECT:
		sb_adds(out, "{...}");
		break;
	case EXPR_FOR:
		sb_adds(out, x->u.seq.items[3] ? "{for ...}" : "[for ...]");
		break;
	default:
		sb_adds(out, "\"${...}\"");
	}
}

static const char *expr_text(struct tf_unit *u, const struct node *x)
{
	struct strbuf sb = STRBUF_INIT;
	tfe_expr_text(x, &sb);
	const char *t = arena_strdup(u->a, sb_str(&sb));
	sb_release(&sb);
	return t;
}

/* ---- conversions ----------------------------------------------------------------- */

/* The string a template part or a key becomes; NULL (with an error) when
 * the value has no string form. */
static const char *as_string(struct tf_ev *e, const struct node *v, struct loc at, const char *what)
{
	const char *t = tfv_text(v);
	if (!t)
		tfe_fail(e, at, "%s: a string is required, not a %s", what, tfv_type_name(v));
	return t;
}

/* true/false of a condition: 1, 0, -1 unknown, -2 error. */
static int as_bool(struct tf_ev *e, const struct node *v, struct loc at, const char *what)
{
	if (tfv_is_unknown(v))
		return -1;
	if (v->kind == NODE_BOOL)
		return node_is_true(v);
	if (v->kind == NODE_STR && (!strcmp(v->text, "true") || !strcmp(v->text, "false")))
		return v->text[0] == 't';
	tfe_fail(e, at, "%s: a bool is required, not a %s", what, tfv_type_name(v));
	return -2;
}

static int as_number(struct tf_ev *e, const struct node *v, struct loc at, double *d, int64_t *i, int *is_int)
{
	if (tfv_num(v, d, i, is_int) == 0)
		return 0;
	if (v->kind == NODE_STR) {
		struct node tmp = *v;
		tmp.kind = NODE_NUM;
		if (tfv_num(&tmp, d, i, is_int) == 0)
			return 0;
	}
	tfe_fail(e, at, "a number is required, not a %s", tfv_type_name(v));
	return -1;
}

/* ---- references --------------------------------------------------------------------- */

static const struct tf_scope *scope_find(const struct tf_scope *s, const char *name)
{
	for (; s; s = s->up)
		if (!strcmp(s->name, name))
			return s;
	return NULL;
}

static int is_resource_root(const char *name)
{
	return strchr(name, '_') != NULL; /* aws_instance, random_id...: provider-prefixed types */
}

/* path.module and friends: the directory as the unit names it. */
static struct node *path_value(struct tf_ev *e, const char *attr, struct loc at)
{
	if (!strcmp(attr, "module"))
		return tfv_strz(e->u->a, at, e->mi->mod->dir);
	if (!strcmp(attr, "root") || !strcmp(attr, "cwd"))
		return tfv_strz(e->u->a, at, e->u->root_dir);
	return bad_ref(e, at, arena_printf(e->u->a, "path.%s is not a path attribute (module, root, cwd)", attr), attr);
}

/* root.attr where root is a namespace (var, local, module, path,
 * terraform, data.TYPE, a resource type); NULL when it is not. */
static struct node *namespace_attr(struct tf_ev *e, const struct node *obj, const char *attr, struct loc at,
				   int *handled)
{
	*handled = 1;
	if (obj->kind == NODE_EXPR && obj->len == EXPR_VAR && !scope_find(e->scope, obj->text)) {
		const char *root = obj->text;
		if (!strcmp(root, "var"))
			return tfi_var(e, attr, at);
		if (!strcmp(root, "local"))
			return tfi_local(e, attr, at);
		if (!strcmp(root, "module"))
			return tfi_module(e, attr, at);
		if (!strcmp(root, "path"))
			return path_value(e, attr, at);
		if (!strcmp(root, "terraform"))
			return !strcmp(attr, "workspace") ? tfv_strz(e->u->a, at, "default")
							  : tfe_unknown(e->u, at, "terraform.%s", attr);
		if (!strcmp(root, "data")) {
			*handled = 0; /* data.TYPE is only half a reference */
			return NULL;
		}
		if (is_resource_root(root))
			return tfi_resource(e, arena_printf(e->u->a, "%s.%s", root, attr), at);
		if (!strcmp(root, "self") || !strcmp(root, "count") || !strcmp(root, "each"))
			return bad_ref(e, at, arena_printf(e->u->a, "%s is not available here", root), root);
	}
	if (obj->kind == NODE_EXPR && obj->len == EXPR_GETATTR && obj->u.seq.items[0]->kind == NODE_EXPR &&
	    obj->u.seq.items[0]->len == EXPR_VAR && !strcmp(obj->u.seq.items[0]->text, "data") &&
	    !scope_find(e->scope, "data"))
		return tfi_resource(e, arena_printf(e->u->a, "data.%s.%s", obj->text, attr), at);
	*handled = 0;
	return NULL;
}

/* Below this many keys a scan is as cheap as hashing. */
#define MAP_HASH_MIN 16

struct tf_map_keys {
	struct node_index ix;
	const struct node_pair *pairs; /* the map's pairs when indexed: */
	uint32_t n;                    /* a changed map is indexed again */
};

const struct node_pair *tfe_map_pair(struct tf_unit *u, const struct node *map, const char *key)
{
	if (!map || map->kind != NODE_MAP || map->u.map.n < MAP_HASH_MIN)
		return node_get_pair(map, key);
	struct tf_map_keys *k = (struct tf_map_keys *)(uintptr_t)pmap_get(&u->map_keys, map);
	if (!k || k->pairs != map->u.map.pairs || k->n != map->u.map.n) {
		if (!k) {
			k = arena_alloc(u->a, sizeof(*k));
			pmap_put(&u->map_keys, map, k);
		}
		node_index_init(&k->ix, u->a, map);
		k->pairs = map->u.map.pairs;
		k->n = map->u.map.n;
	}
	return node_index_pair(&k->ix, key);
}

/* value.attr */
static struct node *get_attr(struct tf_ev *e, struct node *v, const char *attr, struct loc at)
{
	if (v->kind == NODE_UNKNOWN) {
		struct node *u = node_new_unknown(e->u->a, at, v->text);
		u->u.unk.ref = v->u.unk.ref;
		u->u.unk.attr = v->u.unk.attr ? v->u.unk.attr : attr;
		return u;
	}
	if (v->kind == NODE_REF)
		return tfi_attr(e, v, attr, at);
	if (v->kind == NODE_MAP) {
		const struct node_pair *p = tfe_map_pair(e->u, v, attr);
		if (p)
			return p->value;
		tfe_fail(e, at, "this object has no attribute \"%s\"", attr);
		return fail_unknown(e, at, attr);
	}
	if (v->kind == NODE_NULL) {
		tfe_fail(e, at, "attempt to get attribute \"%s\" of null", attr);
		return fail_unknown(e, at, attr);
	}
	if (v->kind == NODE_SEQ) {
		tfe_fail(e, at, "a %s has no attribute \"%s\" (did you mean [*].%s?)", tfv_type_name(v), attr, attr);
		return fail_unknown(e, at, attr);
	}
	tfe_fail(e, at, "a %s has no attributes", tfv_type_name(v));
	return fail_unknown(e, at, attr);
}

static struct node *index_value(struct tf_ev *e, struct node *c, struct node *key, struct loc at)
{
	if (tfv_is_unknown(c))
		return get_attr(e, c, "?", at);
	if (tfv_is_unknown(key))
		return tfe_unknown(e->u, at, "an index known only after apply");
	if (c->kind == NODE_SEQ) {
		double d;
		int64_t i;
		int is_int;
		if (as_number(e, key, at, &d, &i, &is_int) != 0)
			return fail_unknown(e, at, "index");
		if (c->flags & NODE_F_SET) {
			tfe_fail(e, at, "a set cannot be indexed");
			return fail_unknown(e, at, "index");
		}
		if (!is_int || i < 0 || (uint64_t)i >= c->u.seq.n) {
			tfe_fail(e, at, "index %s is out of range for a list of %u", node_str(key), c->u.seq.n);
			return fail_unknown(e, at, "index");
		}
		return c->u.seq.items[i];
	}
	if (c->kind == NODE_MAP) {
		const char *k = as_string(e, key, at, "key");
		const struct node_pair *p = k ? tfe_map_pair(e->u, c, k) : NULL;
		if (p)
			return p->value;
		if (k)
			tfe_fail(e, at, "the map has no element \"%s\"", k);
		return fail_unknown(e, at, "index");
	}
	if (c->kind == NODE_REF) /* a single-instance resource indexed: no such instance */
		tfe_fail(e, at, "%s is not a resource with count or for_each", c->text);
	else
		tfe_fail(e, at, "a %s cannot be indexed", tfv_type_name(c));
	return fail_unknown(e, at, "index");
}

/* ---- the operators ----------------------------------------------------------------- */

static struct node *arithmetic(struct tf_ev *e, int op, struct node *l, struct node *r, struct loc at)
{
	double x, y;
	int64_t i, j;
	int xi, yi;
	if (tfv_is_unknown(l) || tfv_is_unknown(r))
		return tfe_unknown(e->u, at, "arithmetic on a value known only after apply");
	if (as_number(e, l, at, &x, &i, &xi) || as_number(e, r, at, &y, &j, &yi))
		return fail_unknown(e, at, "arithmetic");
	struct arena *a = e->u->a;
	int ints = xi && yi && llabs((long long)i) < (1LL << 31) && llabs((long long)j) < (1LL << 31);
	switch (op) {
	case EXPR_ADD:
		return ints ? tfv_int(a, at, i + j) : tfv_double(a, at, x + y);
	case EXPR_SUB:
		return ints ? tfv_int(a, at, i - j) : tfv_double(a, at, x - y);
	case EXPR_MUL:
		return ints ? tfv_int(a, at, i * j) : tfv_double(a, at, x * y);
	case EXPR_DIV:
		if (y == 0) {
			tfe_fail(e, at, "division by zero");
			return fail_unknown(e, at, "division");
		}
		return tfv_double(a, at, x / y);
	default: /* EXPR_MOD */
		if (y == 0) {
			tfe_fail(e, at, "modulo by zero");
			return fail_unknown(e, at, "modulo");
		}
		return ints ? tfv_int(a, at, i % j) : tfv_double(a, at, fmod(x, y));
	}
}

static struct node *comparison(struct tf_ev *e, int op, struct node *l, struct node *r, struct loc at)
{
	double x, y;
	int64_t i, j;
	int xi, yi;
	if (op == EXPR_EQ || op == EXPR_NE) {
		int eq = tfv_equal(l, r);
		if (eq < 0)
			return tfe_unknown(e->u, at, "a comparison with a value known only after apply");
		return tfv_bool(e->u->a, at, op == EXPR_EQ ? eq : !eq);
	}
	if (tfv_is_unknown(l) || tfv_is_unknown(r))
		return tfe_unknown(e->u, at, "a comparison with a value known only after apply");
	if (as_number(e, l, at, &x, &i, &xi) || as_number(e, r, at, &y, &j, &yi))
		return fail_unknown(e, at, "comparison");
	int v = op == EXPR_LT ? x < y : op == EXPR_LE ? x <= y : op == EXPR_GT ? x > y : x >= y;
	return tfv_bool(e->u->a, at, v);
}

/* && and ||: a decided side may decide the whole (false && x is false
 * whatever x is); otherwise unknown stays unknown. */
static struct node *logic(struct tf_ev *e, struct node *x, struct loc at)
{
	int is_and = x->len == EXPR_AND;
	struct node *l = tfe_eval(e, x->u.seq.items[0]);
	int lb = as_bool(e, l, at, is_and ? "&&" : "||");
	if (lb == (is_and ? 0 : 1))
		return tfv_bool(e->u->a, at, lb);
	struct node *r = tfe_eval(e, x->u.seq.items[1]);
	int rb = as_bool(e, r, at, is_and ? "&&" : "||");
	if (lb == -2 || rb == -2)
		return fail_unknown(e, at, "condition");
	if (rb == (is_and ? 0 : 1))
		return tfv_bool(e->u->a, at, rb);
	if (lb < 0 || rb < 0)
		return tfe_unknown(e->u, at, "a condition known only after apply");
	return tfv_bool(e->u->a, at, is_and ? lb && rb : lb || rb);
}

static struct node *unary(struct tf_ev *e, struct node *x, struct loc at)
{
	struct node *v = tfe_eval(e, x->u.seq.items[0]);
	if (tfv_is_unknown(v))
		return tfe_unknown(e->u, at, "%s", v->text);
	if (x->len == EXPR_NOT) {
		int b = as_bool(e, v, at, "!");
		return b < 0 ? fail_unknown(e, at, "!") : tfv_bool(e->u->a, at, !b);
	}
	return arithmetic(e, EXPR_SUB, tfv_int(e->u->a, at, 0), v, at);
}

/* `c ? a : b`: the decided branch, or, undecided, the branch of this world. */
static struct node *conditional(struct tf_ev *e, struct node *x, struct loc at)
{
	struct node *c = tfe_eval(e, x->u.seq.items[0]);
	int b = as_bool(e, c, at, "condition");
	if (b == -2)
		return fail_unknown(e, at, "conditional");
	if (b == -1) {
		const char *key = arena_printf(e->u->a, "%s%s", e->mi->prefix, expr_text(e->u, x->u.seq.items[0]));
		b = tfi_world_choice(e->u, key);
		if (b < 0)
			return tfe_unknown(e->u, at, "%s is known only after apply", expr_text(e->u, x->u.seq.items[0]));
		/* the finding says which branch its world took */
		return tfe_bind_trace(e->u, tfe_eval(e, x->u.seq.items[b ? 1 : 2]),
				      arena_printf(e->u->a, "%s taken %s (undecided before apply)",
						   expr_text(e->u, x->u.seq.items[0]), b ? "true" : "false"),
				      at, NULL, at);
	}
	return tfe_eval(e, x->u.seq.items[b ? 1 : 2]);
}

/* ---- templates ---------------------------------------------------------------------- */

static int template_into(struct tf_ev *e, struct node *t, struct strbuf *out);

static int template_part(struct tf_ev *e, struct node *part, struct strbuf *out)
{
	if (part->kind == NODE_STR) {
		sb_add(out, part->text, part->len);
		return 0;
	}
	if (part->kind == NODE_EXPR && part->len == EXPR_TEMPLATE_IF) {
		struct node *c = tfe_eval(e, part->u.seq.items[0]);
		int b = as_bool(e, c, part->loc, "%{if}");
		if (b < 0)
			return b == -1 ? 1 : -1;
		struct node *branch = part->u.seq.items[b ? 1 : 2];
		return branch ? template_into(e, branch, out) : 0;
	}
	if (part->kind == NODE_EXPR && part->len == EXPR_TEMPLATE_FOR) {
		struct node *coll = tfe_eval(e, part->u.seq.items[2]);
		if (tfv_is_unknown(coll))
			return 1;
		uint32_t n = coll->kind == NODE_SEQ ? coll->u.seq.n : coll->kind == NODE_MAP ? coll->u.map.n : 0;
		if (coll->kind != NODE_SEQ && coll->kind != NODE_MAP) {
			tfe_fail(e, part->loc, "%%{for} over a %s", tfv_type_name(coll));
			return -1;
		}
		for (uint32_t i = 0; i < n; i++) {
			struct tf_scope ks, vs;
			const struct tf_scope *saved = e->scope;
			int is_map = coll->kind == NODE_MAP;
			struct node *key = is_map ? tfv_strz(e->u->a, part->loc, coll->u.map.pairs[i].key)
						  : tfv_int(e->u->a, part->loc, i);
			struct node *val = is_map ? coll->u.map.pairs[i].value : coll->u.seq.items[i];
			const struct node *kvar = part->u.seq.items[0], *vvar = part->u.seq.items[1];
			ks = (struct tf_scope){e->scope, kvar ? kvar->text : "", key};
			vs = (struct tf_scope){kvar ? &ks : e->scope, vvar->text, val};
			e->scope = &vs;
			int rc = template_into(e, part->u.seq.items[3], out);
			e->scope = saved;
			if (rc)
				return rc;
		}
		return 0;
	}
	struct node *v = tfe_eval(e, part);
	if (tfv_is_unknown(v))
		return 1;
	const char *s = as_string(e, v, part->loc, "template interpolation");
	if (!s)
		return -1;
	sb_adds(out, s);
	return 0;
}

/* 0: done, 1: unknown, -1: error. */
static int template_into(struct tf_ev *e, struct node *t, struct strbuf *out)
{
	for (uint32_t i = 0; i < t->u.seq.n; i++) {
		int rc = template_part(e, t->u.seq.items[i], out);
		if (rc)
			return rc;
		if (out->len > e->u->lim->max_scalar_len) {
			tfe_fail(e, t->loc, "a template longer than %zu bytes", e->u->lim->max_scalar_len);
			return -1;
		}
	}
	return 0;
}

static struct node *template(struct tf_ev *e, struct node *t)
{
	struct node *only = t->u.seq.n == 1 ? t->u.seq.items[0] : NULL;
	if (only && only->kind == NODE_EXPR && only->len != EXPR_TEMPLATE_IF && only->len != EXPR_TEMPLATE_FOR)
		return tfe_eval(e, only); /* "${x}" is x itself */
	struct strbuf sb = STRBUF_INIT;
	int rc = template_into(e, t, &sb);
	struct node *v = rc == 0   ? tfv_str(e->u->a, t->loc, sb_str(&sb), sb.len)
			 : rc == 1 ? tfe_unknown(e->u, t->loc, "a string built from a value known only after apply")
				   : fail_unknown(e, t->loc, "template");
	sb_release(&sb);
	return v;
}

/* ---- collections ---------------------------------------------------------------------- */

static struct node *tuple(struct tf_ev *e, struct node *x)
{
	struct node **items = arena_alloc(e->u->a, sizeof(*items) * (x->u.seq.n + 1));
	for (uint32_t i = 0; i < x->u.seq.n; i++)
		items[i] = tfe_eval(e, x->u.seq.items[i]);
	return node_new_seq(e->u->a, x->loc, items, x->u.seq.n);
}

static struct node *object(struct tf_ev *e, struct node *x)
{
	uint32_t n = x->u.seq.n / 2;
	struct node_pair *pairs = arena_alloc(e->u->a, sizeof(*pairs) * (n + 1));
	for (uint32_t i = 0; i < n; i++) {
		struct node *kx = x->u.seq.items[2 * i];
		struct node *k = kx->kind == NODE_STR ? (struct node *)NULL : tfe_eval(e, kx);
		if (k && tfv_is_unknown(k))
			return tfe_unknown(e->u, x->loc, "an object with a key known only after apply");
		const char *key = kx->kind == NODE_STR ? kx->text : as_string(e, k, kx->loc, "object key");
		if (!key)
			return fail_unknown(e, x->loc, "object");
		pairs[i].key = key;
		pairs[i].key_loc = kx->loc;
		pairs[i].value = tfe_eval(e, x->u.seq.items[2 * i + 1]);
	}
	return tfv_object(e->u->a, x->loc, pairs, n);
}

/* [for k, v in coll : expr if cond] and {for k, v in coll : key => expr...} */
struct for_iter {
	struct node *key, *value;
};

static int for_items(struct tf_ev *e, struct node *coll, struct loc at, struct for_iter **out, uint32_t *n)
{
	struct arena *a = e->u->a;
	if (coll->kind == NODE_SEQ) {
		*n = coll->u.seq.n;
		*out = arena_alloc(a, sizeof(**out) * (*n + 1));
		for (uint32_t i = 0; i < *n; i++) {
			(*out)[i].value = coll->u.seq.items[i];
			(*out)[i].key = coll->flags & NODE_F_SET ? coll->u.seq.items[i] : tfv_int(a, at, i);
		}
		return 0;
	}
	if (coll->kind == NODE_MAP) {
		*n = coll->u.map.n;
		*out = arena_alloc(a, sizeof(**out) * (*n + 1));
		for (uint32_t i = 0; i < *n; i++) {
			(*out)[i].key = tfv_strz(a, coll->u.map.pairs[i].key_loc, coll->u.map.pairs[i].key);
			(*out)[i].value = coll->u.map.pairs[i].value;
		}
		return 0;
	}
	tfe_fail(e, at, "a for expression needs a list, set, map or object, not a %s", tfv_type_name(coll));
	return -1;
}

static struct node *group_objects(struct tf_ev *e, struct node_pair *pairs, uint32_t n, struct loc at)
{
	/* k => v...: every value of a key, in order, as a list */
	struct node_pair *out = arena_alloc(e->u->a, sizeof(*out) * (n + 1));
	uint32_t k = 0;
	for (uint32_t i = 0; i < n; i++) {
		uint32_t j;
		for (j = 0; j < k && strcmp(out[j].key, pairs[i].key); j++)
			;
		if (j == k) {
			out[k] = pairs[i];
			out[k++].value = node_new_seq(e->u->a, at, NULL, 0);
		}
		struct node *list = out[j].value;
		struct node **items = arena_alloc(e->u->a, sizeof(*items) * (list->u.seq.n + 1));
		if (list->u.seq.n)
			memcpy(items, list->u.seq.items, sizeof(*items) * list->u.seq.n);
		items[list->u.seq.n] = pairs[i].value;
		out[j].value = node_new_seq(e->u->a, at, items, list->u.seq.n + 1);
	}
	return tfv_object(e->u->a, at, out, k);
}

static struct node *for_expr(struct tf_ev *e, struct node *x)
{
	struct node *const *k = x->u.seq.items;
	struct node *coll = tfe_eval(e, k[2]);
	int object_form = k[3] != NULL;
	if (tfv_is_unknown(coll))
		return tfe_unknown(e->u, x->loc, "a for expression over a value known only after apply");
	struct for_iter *it;
	uint32_t n;
	if (for_items(e, coll, x->loc, &it, &n) != 0 || !tfe_charge(e, n))
		return fail_unknown(e, x->loc, "for expression");
	struct node **vals = arena_alloc(e->u->a, sizeof(*vals) * (n + 1));
	struct node_pair *pairs = arena_alloc(e->u->a, sizeof(*pairs) * (n + 1));
	uint32_t m = 0;
	const struct tf_scope *saved = e->scope;
	for (uint32_t i = 0; i < n && !e->failed; i++) {
		struct tf_scope ks = {saved, k[0] ? k[0]->text : "", it[i].key};
		struct tf_scope vs = {k[0] ? &ks : saved, k[1]->text, it[i].value};
		e->scope = &vs;
		if (k[5]) {
			int b = as_bool(e, tfe_eval(e, k[5]), k[5]->loc, "for condition");
			if (b == -1) {
				e->scope = saved;
				return tfe_unknown(e->u, x->loc, "a for expression whose condition is known only after apply");
			}
			if (b != 1)
				continue;
		}
		if (object_form) {
			struct node *key = tfe_eval(e, k[3]);
			if (tfv_is_unknown(key)) {
				e->scope = saved;
				return tfe_unknown(e->u, x->loc, "an object with a key known only after apply");
			}
			pairs[m].key = as_string(e, key, k[3]->loc, "for key");
			pairs[m].key_loc = k[3]->loc;
			pairs[m].value = tfe_eval(e, k[4]);
			if (pairs[m].key && !(x->flags & NODE_F_EXPAND))
				for (uint32_t j = 0; j < m; j++)
					if (!strcmp(pairs[j].key, pairs[m].key))
						tfe_fail(e, k[3]->loc, "duplicate key \"%s\" in a for expression (use ... to group)",
							 pairs[m].key);
			m++;
		} else {
			vals[m++] = tfe_eval(e, k[4]);
		}
	}
	e->scope = saved;
	if (e->failed)
		return fail_unknown(e, x->loc, "for expression");
	if (!object_form)
		return node_new_seq(e->u->a, x->loc, vals, m);
	return x->flags & NODE_F_EXPAND ? group_objects(e, pairs, m, x->loc) : tfv_object(e->u->a, x->loc, pairs, m);
}

/* source[*].each: each element through `each`; a value that is not a list
 * is a list of itself, null an empty list. */
static struct node *splat(struct tf_ev *e, struct node *x)
{
	struct node *src = tfe_eval(e, x->u.seq.items[0]);
	if (tfv_is_unknown(src))
		return tfe_unknown(e->u, x->loc, "%s", src->text);
	if (src->kind == NODE_NULL)
		return node_new_seq(e->u->a, x->loc, NULL, 0);
	int single = src->kind != NODE_SEQ;
	uint32_t n = single ? 1 : src->u.seq.n;
	struct node **items = arena_alloc(e->u->a, sizeof(*items) * (n + 1));
	struct node *saved = e->splat_item;
	for (uint32_t i = 0; i < n; i++) {
		e->splat_item = single ? src : src->u.seq.items[i];
		items[i] = tfe_eval(e, x->u.seq.items[1]);
	}
	e->splat_item = saved;
	return node_new_seq(e->u->a, x->loc, items, n);
}

/* ---- calls ---------------------------------------------------------------------------- */

/* try(a, b...): the first argument that evaluates without an error;
 * can(x): whether x does. */
static struct node *try_can(struct tf_ev *e, struct node *x, int is_can)
{
	for (uint32_t i = 0; i < x->u.seq.n; i++) {
		struct tf_ev sub = *e;
		sub.failed = 0;
		struct node *v = tfe_eval(&sub, x->u.seq.items[i]);
		if (sub.u->budget == 0) {
			e->failed = 1;
			return v;
		}
		if (is_can)
			return !sub.failed && tfv_has_unknown(v)
				       ? tfe_unknown(e->u, x->loc, "can() of a value known only after apply")
				       : tfv_bool(e->u->a, x->loc, !sub.failed);
		if (!sub.failed)
			return v;
	}
	tfe_fail(e, x->loc, "no argument of try() could be evaluated");
	return fail_unknown(e, x->loc, "try()");
}

static struct node *call(struct tf_ev *e, struct node *x)
{
	const char *name = x->text;
	if (!strncmp(name, "core::", 6))
		name += 6;
	if (!strcmp(name, "try") || !strcmp(name, "can"))
		return try_can(e, x, name[0] == 'c');
	uint32_t n = x->u.seq.n;
	struct node **args = arena_alloc(e->u->a, sizeof(*args) * (n + 1));
	for (uint32_t i = 0; i < n; i++)
		args[i] = tfe_final(e->u, tfe_eval(e, x->u.seq.items[i]));
	if ((x->flags & NODE_F_EXPAND) && n) { /* f(a, list...) */
		struct node *last = args[n - 1];
		if (tfv_is_unknown(last))
			return tfe_unknown(e->u, x->loc, "%s() of arguments known only after apply", name);
		if (last->kind != NODE_SEQ) {
			tfe_fail(e, x->loc, "... expands a list, not a %s", tfv_type_name(last));
			return fail_unknown(e, x->loc, name);
		}
		struct node **all = arena_alloc(e->u->a, sizeof(*all) * (n + last->u.seq.n));
		memcpy(all, args, sizeof(*args) * (n - 1));
		memcpy(all + n - 1, last->u.seq.items, sizeof(*all) * last->u.seq.n);
		args = all;
		n = n - 1 + last->u.seq.n;
	}
	if (e->failed)
		return fail_unknown(e, x->loc, name);
	return fn_env_call(e, name, args, n, x->loc);
}

static struct node *fn_env_call(struct tf_ev *e, const char *name, struct node *const *args, uint32_t n,
				struct loc at)
{
	struct tf_fn_env env;
	memset(&env, 0, sizeof(env));
	env.a = e->u->a;
	env.at = at;
	env.budget = &e->u->budget;
	env.max_string = e->u->lim->max_scalar_len;
	env.max_elements = TFC_MAX_ELEMENTS;
	struct node *out = NULL;
	switch (tf_fn_call(&env, name, args, n, &out)) {
	case TF_FN_OK:
		return out;
	case TF_FN_UNKNOWN_FUNCTION:
		diags_add(e->u->notes, at, "function %s() is not evaluated: its result is treated as unknown", name);
		return tfe_unknown(e->u, at, "%s() is not evaluated", name);
	case TF_FN_BUDGET:
		tfe_charge(e, UINT64_MAX);
		return fail_unknown(e, at, name);
	default:
		tfe_fail(e, at, "%s", env.err);
		return fail_unknown(e, at, name);
	}
}

/* ---- the evaluator -------------------------------------------------------------------- */

static struct node *var_ref(struct tf_ev *e, struct node *x)
{
	const struct tf_scope *s = scope_find(e->scope, x->text);
	if (s)
		return s->value;
	if (!strcmp(x->text, "var") || !strcmp(x->text, "local") || !strcmp(x->text, "module") ||
	    !strcmp(x->text, "data") || !strcmp(x->text, "path") || !strcmp(x->text, "terraform"))
		return bad_ref(e, x->loc, arena_printf(e->u->a, "%s needs an attribute (e.g. var.name)", x->text), x->text);
	if (!strcmp(x->text, "count") || !strcmp(x->text, "each") || !strcmp(x->text, "self"))
		return bad_ref(e, x->loc, arena_printf(e->u->a, "%s is not available here", x->text), x->text);
	if (is_resource_root(x->text))
		return bad_ref(e, x->loc, arena_printf(e->u->a, "a reference to a resource type %s needs its name", x->text), x->text);
	return bad_ref(e, x->loc, arena_printf(e->u->a, "unknown name %s", x->text), x->text);
}

static struct node *eval_expr(struct tf_ev *e, struct node *x)
{
	struct node *const *k = x->u.seq.items;
	int handled;
	switch (x->len) {
	case EXPR_TEMPLATE:
		return template(e, x);
	case EXPR_VAR:
		return var_ref(e, x);
	case EXPR_GETATTR: {
		struct node *ns = namespace_attr(e, k[0], x->text, x->loc, &handled);
		return handled ? ns : get_attr(e, tfe_eval(e, k[0]), x->text, x->loc);
	}
	case EXPR_INDEX:
		return index_value(e, tfe_eval(e, k[0]), tfe_final(e->u, tfe_eval(e, k[1])), x->loc);
	case EXPR_SPLAT:
		return splat(e, x);
	case EXPR_SPLAT_ITEM:
		return e->splat_item ? e->splat_item : bad_ref(e, x->loc, arena_printf(e->u->a, "%s", "a splat item outside a splat"), "a splat item outside a splat");
	case EXPR_CALL:
		return call(e, x);
	case EXPR_NEG:
	case EXPR_NOT:
		return unary(e, x, x->loc);
	case EXPR_ADD: case EXPR_SUB: case EXPR_MUL: case EXPR_DIV: case EXPR_MOD:
		return arithmetic(e, (int)x->len, tfe_final(e->u, tfe_eval(e, k[0])), tfe_final(e->u, tfe_eval(e, k[1])),
				  x->loc);
	case EXPR_LT: case EXPR_LE: case EXPR_GT: case EXPR_GE: case EXPR_EQ: case EXPR_NE:
		return comparison(e, (int)x->len, tfe_final(e->u, tfe_eval(e, k[0])), tfe_final(e->u, tfe_eval(e, k[1])),
				  x->loc);
	case EXPR_AND:
	case EXPR_OR:
		return logic(e, x, x->loc);
	case EXPR_COND:
		return conditional(e, x, x->loc);
	case EXPR_FOR:
		return for_expr(e, x);
	case EXPR_TUPLE:
		return tuple(e, x);
	case EXPR_OBJECT:
		return object(e, x);
	default:
		tfe_fail(e, x->loc, "a template directive outside a template");
		return fail_unknown(e, x->loc, "expression");
	}
}

struct node *tfe_eval(struct tf_ev *e, struct node *expr)
{
	if (!expr)
		return tfv_null(e->u->a, (struct loc){NULL, 0, 0});
	if (!tfe_charge(e, 1))
		return fail_unknown(e, expr->loc, "expression");
	if (expr->kind != NODE_EXPR) {
		/* literals are their own values; a JSON literal too (tfvars.json) */
		return expr->kind == NODE_MAP && (expr->flags & NODE_F_BODY) ? tfe_unknown(e->u, expr->loc, "a block")
										 : expr;
	}
	return eval_expr(e, expr);
}

struct node *tfe_eval_noted(struct tf_ev *e, struct node *expr, const char *what)
{
	int was = e->failed;
	e->failed = 0;
	struct node *v = tfe_eval(e, expr);
	if (e->failed) {
		if (e->u->budget && !e->speculative) /* the budget is reported once, as an error */
			diags_add(e->u->notes, e->msg_loc.line ? e->msg_loc : expr->loc, "%s: %s (treated as unknown)",
				  what, e->msg);
		v = tfe_unknown(e->u, expr->loc, "%s could not be evaluated", what);
	}
	e->failed = was;
	return v;
}

static struct node *final_children(struct tf_unit *u, struct node *v)
{
	int is_map = v->kind == NODE_MAP;
	uint32_t n = is_map ? v->u.map.n : v->u.seq.n;
	struct node *copy = NULL;
	for (uint32_t i = 0; i < n; i++) {
		struct node *c = is_map ? v->u.map.pairs[i].value : v->u.seq.items[i];
		struct node *f = tfe_final(u, c);
		if (f == c)
			continue;
		if (!copy) {
			copy = arena_memdup(u->a, v, sizeof(*v));
			if (is_map)
				copy->u.map.pairs = arena_memdup(u->a, v->u.map.pairs, sizeof(*v->u.map.pairs) * n);
			else
				copy->u.seq.items = arena_memdup(u->a, v->u.seq.items, sizeof(*v->u.seq.items) * n);
		}
		if (is_map)
			copy->u.map.pairs[i].value = f;
		else
			copy->u.seq.items[i] = f;
	}
	return copy ? copy : v;
}

struct node *tfe_final(struct tf_unit *u, struct node *v)
{
	if (!v)
		return v;
	if (v->kind == NODE_REF) {
		struct node *unk = tfe_unknown(u, v->loc, "%s is known only after apply", v->text);
		unk->u.unk.ref = v->text;
		return unk;
	}
	if ((v->kind == NODE_SEQ && v->u.seq.n) || (v->kind == NODE_MAP && v->u.map.n))
		return final_children(u, v);
	return v;
}
