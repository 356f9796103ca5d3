/* types.c - see types.h */
#include "formats/terraform/types.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "formats/terraform/values.h"

enum tf_kind { TK_ANY, TK_STRING, TK_NUMBER, TK_BOOL, TK_LIST, TK_SET, TK_MAP, TK_TUPLE, TK_OBJECT };

struct tf_attr_type {
	const char *name;
	const struct tf_type *type;
	int optional;
	struct node *dflt; /* optional(T, default): a literal expression */
};

struct tf_type {
	int kind;
	const struct tf_type *elem;       /* list, set, map */
	const struct tf_type **elems;     /* tuple */
	uint32_t nelems;
	const struct tf_attr_type *attrs; /* object */
	uint32_t nattrs;
};

static const struct tf_type primitive[] = {
	[TK_ANY] = {TK_ANY, NULL, NULL, 0, NULL, 0},
	[TK_STRING] = {TK_STRING, NULL, NULL, 0, NULL, 0},
	[TK_NUMBER] = {TK_NUMBER, NULL, NULL, 0, NULL, 0},
	[TK_BOOL] = {TK_BOOL, NULL, NULL, 0, NULL, 0},
};
static const struct tf_type any_list = {TK_LIST, &primitive[TK_ANY], NULL, 0, NULL, 0};
static const struct tf_type any_set = {TK_SET, &primitive[TK_ANY], NULL, 0, NULL, 0};
static const struct tf_type any_map = {TK_MAP, &primitive[TK_ANY], NULL, 0, NULL, 0};

const struct tf_type *tf_type_named(const char *name)
{
	if (!strcmp(name, "string"))
		return &primitive[TK_STRING];
	if (!strcmp(name, "number"))
		return &primitive[TK_NUMBER];
	if (!strcmp(name, "bool"))
		return &primitive[TK_BOOL];
	if (!strcmp(name, "any"))
		return &primitive[TK_ANY];
	if (!strcmp(name, "list"))
		return &any_list;
	if (!strcmp(name, "set"))
		return &any_set;
	if (!strcmp(name, "map"))
		return &any_map;
	return NULL;
}

int tf_type_is_primitive(const struct tf_type *t)
{
	return t->kind == TK_STRING || t->kind == TK_NUMBER || t->kind == TK_BOOL;
}

/* ---- parsing ----------------------------------------------------------------- */

struct tparse {
	struct arena *a;
	char *err;
	size_t errsize;
};

static const struct tf_type *terr(struct tparse *t, const char *fmt, ...) SG_PRINTF(2, 3);
static const struct tf_type *terr(struct tparse *t, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(t->err, t->errsize, fmt, ap);
	va_end(ap);
	return NULL;
}

static const struct tf_type *parse(struct tparse *t, const struct node *x, int depth);

static int is_op(const struct node *x, int op)
{
	return x && x->kind == NODE_EXPR && x->len == (uint32_t)op;
}

static const struct tf_type *parse_object(struct tparse *t, const struct node *arg, int depth)
{
	if (!is_op(arg, EXPR_OBJECT))
		return terr(t, "object() takes {name = type, ...}");
	struct tf_type *o = arena_alloc(t->a, sizeof(*o));
	uint32_t n = arg->u.seq.n / 2;
	struct tf_attr_type *attrs = arena_alloc(t->a, sizeof(*attrs) * (n + 1));
	o->kind = TK_OBJECT;
	for (uint32_t i = 0; i < n; i++) {
		const struct node *k = arg->u.seq.items[2 * i], *v = arg->u.seq.items[2 * i + 1];
		if (k->kind != NODE_STR)
			return terr(t, "an object type's attribute names must be plain names");
		attrs[i].name = k->text;
		if (is_op(v, EXPR_CALL) && !strcmp(v->text, "optional")) {
			if (v->u.seq.n < 1 || v->u.seq.n > 2)
				return terr(t, "optional() takes a type and an optional default");
			attrs[i].optional = 1;
			attrs[i].dflt = v->u.seq.n == 2 ? v->u.seq.items[1] : NULL;
			v = v->u.seq.items[0];
		}
		if (!(attrs[i].type = parse(t, v, depth + 1)))
			return NULL;
	}
	o->attrs = attrs;
	o->nattrs = n;
	return o;
}

static const struct tf_type *parse_call(struct tparse *t, const struct node *x, int depth)
{
	const char *f = x->text;
	struct tf_type *c = arena_alloc(t->a, sizeof(*c));
	if (!strcmp(f, "list") || !strcmp(f, "set") || !strcmp(f, "map")) {
		if (x->u.seq.n != 1)
			return terr(t, "%s() takes one element type", f);
		c->kind = f[0] == 'l' ? TK_LIST : f[0] == 's' ? TK_SET : TK_MAP;
		c->elem = parse(t, x->u.seq.items[0], depth + 1);
		return c->elem ? c : NULL;
	}
	if (!strcmp(f, "object"))
		return x->u.seq.n == 1 ? parse_object(t, x->u.seq.items[0], depth) : terr(t, "object() takes one argument");
	if (!strcmp(f, "tuple")) {
		const struct node *arg = x->u.seq.n == 1 ? x->u.seq.items[0] : NULL;
		if (!is_op(arg, EXPR_TUPLE))
			return terr(t, "tuple() takes [type, ...]");
		c->kind = TK_TUPLE;
		c->nelems = arg->u.seq.n;
		c->elems = arena_alloc(t->a, sizeof(*c->elems) * (c->nelems + 1));
		for (uint32_t i = 0; i < c->nelems; i++)
			if (!(c->elems[i] = parse(t, arg->u.seq.items[i], depth + 1)))
				return NULL;
		return c;
	}
	return terr(t, "%s() is not a type constructor (list, set, map, tuple, object)", f);
}

static const struct tf_type *parse(struct tparse *t, const struct node *x, int depth)
{
	if (!x || depth > 64)
		return terr(t, "not a type");
	if (x->kind == NODE_STR && tf_type_named(x->text)) /* legacy "string", "list", "map" */
		return tf_type_named(x->text);
	if (is_op(x, EXPR_VAR)) {
		const struct tf_type *p = tf_type_named(x->text);
		if (p && p->kind <= TK_BOOL)
			return p;
		return terr(t, "%s is not a type (string, number, bool, any, list(...), map(...)...)", x->text);
	}
	if (is_op(x, EXPR_CALL))
		return parse_call(t, x, depth);
	return terr(t, "not a type constraint");
}

const struct tf_type *tf_type_parse(struct arena *a, const struct node *expr, char *err, size_t errsize)
{
	struct tparse t = {a, err, errsize};
	return parse(&t, expr, 0);
}

const char *tf_type_text(const struct tf_type *t, char *buf, size_t size)
{
	static const char *const names[] = {"any", "string", "number", "bool", "list", "set", "map", "tuple", "object"};
	if (t->elem) {
		char inner[128];
		snprintf(buf, size, "%s(%s)", names[t->kind], tf_type_text(t->elem, inner, sizeof(inner)));
	} else {
		snprintf(buf, size, "%s", names[t->kind]);
	}
	return buf;
}

/* ---- conversion ---------------------------------------------------------------- */

/* A default written in optional(T, default): literals, tuples and objects
 * of them (NULL when it is anything else). */
static struct node *literal(struct arena *a, struct node *x, int depth)
{
	if (!x || depth > 32)
		return NULL;
	if (x->kind != NODE_EXPR)
		return x;
	if (x->len == EXPR_TUPLE) {
		struct node **items = arena_alloc(a, sizeof(*items) * (x->u.seq.n + 1));
		for (uint32_t i = 0; i < x->u.seq.n; i++)
			if (!(items[i] = literal(a, x->u.seq.items[i], depth + 1)))
				return NULL;
		return tfv_list(a, x->loc, items, x->u.seq.n);
	}
	if (x->len == EXPR_OBJECT) {
		uint32_t n = x->u.seq.n / 2;
		struct node_pair *pairs = arena_alloc(a, sizeof(*pairs) * (n + 1));
		for (uint32_t i = 0; i < n; i++) {
			const struct node *k = x->u.seq.items[2 * i];
			if (k->kind != NODE_STR || !(pairs[i].value = literal(a, x->u.seq.items[2 * i + 1], depth + 1)))
				return NULL;
			pairs[i].key = k->text;
			pairs[i].key_loc = k->loc;
		}
		return tfv_object(a, x->loc, pairs, n);
	}
	if (x->len == EXPR_TEMPLATE && x->u.seq.n == 1 && x->u.seq.items[0]->kind == NODE_STR)
		return x->u.seq.items[0];
	return NULL;
}

static enum tf_fn_status cerr(struct tf_fn_env *env, const char *fmt, ...) SG_PRINTF(2, 3);
static enum tf_fn_status cerr(struct tf_fn_env *env, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(env->err, sizeof(env->err), fmt, ap);
	va_end(ap);
	return TF_FN_ERROR;
}

static enum tf_fn_status convert(struct tf_fn_env *env, struct node *v, const struct tf_type *t, struct node **out,
				 int depth);

static enum tf_fn_status to_primitive(struct tf_fn_env *env, struct node *v, int kind, struct node **out)
{
	const char *text = tfv_text(v);
	if (kind == TK_STRING) {
		if (!text)
			return cerr(env, "a string is required, not a %s", tfv_type_name(v));
		*out = v->kind == NODE_STR ? v : tfv_strz(env->a, v->loc, text);
		return TF_FN_OK;
	}
	if (kind == TK_NUMBER) {
		double d;
		int64_t i;
		int is_int;
		struct node tmp;
		if (v->kind == NODE_NUM) {
			*out = v;
			return TF_FN_OK;
		}
		if (v->kind == NODE_STR) {
			tmp = *v;
			tmp.kind = NODE_NUM;
			if (tfv_num(&tmp, &d, &i, &is_int) == 0 && !strchr(v->text, 'x') && v->text[0] != '+') {
				*out = is_int ? tfv_int(env->a, v->loc, i) : tfv_double(env->a, v->loc, d);
				return TF_FN_OK;
			}
			return cerr(env, "cannot convert \"%s\" to a number", v->text);
		}
		return cerr(env, "a number is required, not a %s", tfv_type_name(v));
	}
	if (v->kind == NODE_BOOL) {
		*out = v;
		return TF_FN_OK;
	}
	if (v->kind == NODE_STR && (!strcmp(v->text, "true") || !strcmp(v->text, "false"))) {
		*out = tfv_bool(env->a, v->loc, v->text[0] == 't');
		return TF_FN_OK;
	}
	return cerr(env, "a bool is required, not %s", v->kind == NODE_STR ? v->text : tfv_type_name(v));
}

static enum tf_fn_status to_sequence(struct tf_fn_env *env, struct node *v, const struct tf_type *t,
				     struct node **out, int depth)
{
	if (v->kind != NODE_SEQ)
		return cerr(env, "a %s is required, not a %s", t->kind == TK_SET ? "set" : t->kind == TK_TUPLE ? "tuple" : "list",
			    tfv_type_name(v));
	if (t->kind == TK_TUPLE && v->u.seq.n != t->nelems)
		return cerr(env, "a tuple of %u elements is required, not %u", t->nelems, v->u.seq.n);
	struct node **items = arena_alloc(env->a, sizeof(*items) * (v->u.seq.n + 1));
	for (uint32_t i = 0; i < v->u.seq.n; i++) {
		const struct tf_type *et = t->kind == TK_TUPLE ? t->elems[i] : t->elem;
		enum tf_fn_status s = convert(env, v->u.seq.items[i], et, &items[i], depth + 1);
		if (s != TF_FN_OK)
			return s;
	}
	*out = t->kind == TK_SET ? tfv_set(env->a, v->loc, items, v->u.seq.n) : tfv_list(env->a, v->loc, items, v->u.seq.n);
	return TF_FN_OK;
}

static enum tf_fn_status to_map(struct tf_fn_env *env, struct node *v, const struct tf_type *t, struct node **out,
				int depth)
{
	if (v->kind != NODE_MAP)
		return cerr(env, "a map is required, not a %s", tfv_type_name(v));
	struct node_pair *pairs = arena_alloc(env->a, sizeof(*pairs) * (v->u.map.n + 1));
	for (uint32_t i = 0; i < v->u.map.n; i++) {
		pairs[i] = v->u.map.pairs[i];
		enum tf_fn_status s = convert(env, v->u.map.pairs[i].value, t->elem, &pairs[i].value, depth + 1);
		if (s != TF_FN_OK)
			return s;
	}
	*out = tfv_object(env->a, v->loc, pairs, v->u.map.n);
	return TF_FN_OK;
}

static enum tf_fn_status to_object(struct tf_fn_env *env, struct node *v, const struct tf_type *t, struct node **out,
				   int depth)
{
	if (v->kind != NODE_MAP)
		return cerr(env, "an object is required, not a %s", tfv_type_name(v));
	struct node_pair *pairs = arena_alloc(env->a, sizeof(*pairs) * (t->nattrs + 1));
	for (uint32_t i = 0; i < t->nattrs; i++) {
		const struct tf_attr_type *at = &t->attrs[i];
		const struct node_pair *p = node_get_pair(v, at->name);
		struct node *val = p ? p->value : NULL;
		pairs[i] = (struct node_pair){at->name, p ? p->key_loc : v->loc, NULL};
		if (!val || val->kind == NODE_NULL) {
			if (!at->optional)
				return cerr(env, "attribute \"%s\" is required", at->name);
			val = literal(env->a, at->dflt, 0);
			if (!val)
				val = tfv_null(env->a, v->loc);
		}
		enum tf_fn_status s = val->kind == NODE_NULL ? (pairs[i].value = val, TF_FN_OK)
							     : convert(env, val, at->type, &pairs[i].value, depth + 1);
		if (s != TF_FN_OK)
			return s;
	}
	*out = tfv_object(env->a, v->loc, pairs, t->nattrs);
	return TF_FN_OK;
}

static enum tf_fn_status convert(struct tf_fn_env *env, struct node *v, const struct tf_type *t, struct node **out,
				 int depth)
{
	if (depth > 64)
		return cerr(env, "values nest too deeply");
	if (v->kind == NODE_UNKNOWN || v->kind == NODE_NULL || t->kind == TK_ANY) {
		*out = v;
		return TF_FN_OK;
	}
	switch (t->kind) {
	case TK_STRING:
	case TK_NUMBER:
	case TK_BOOL:
		return to_primitive(env, v, t->kind, out);
	case TK_LIST:
	case TK_SET:
	case TK_TUPLE:
		return to_sequence(env, v, t, out, depth);
	case TK_MAP:
		return to_map(env, v, t, out, depth);
	default:
		return to_object(env, v, t, out, depth);
	}
}

enum tf_fn_status tf_convert(struct tf_fn_env *env, struct node *value, const struct tf_type *type,
			     struct node **out)
{
	return convert(env, value, type, out, 0);
}
