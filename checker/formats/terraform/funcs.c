/* funcs.c - the dispatch table of Terraform's functions and the
 * collection, string and numeric families; network and encoding functions
 * are in funcs_net.c. See funcs.h. */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "formats/terraform/funcs_int.h"
#include "formats/terraform/types.h"

/* ---- helpers shared by the families ------------------------------------------------ */

enum tf_fn_status fn_error(struct fcall *c, const char *fmt, ...)
{
	va_list ap;
	int n = snprintf(c->env->err, sizeof(c->env->err), "%s(): ", c->name);
	va_start(ap, fmt);
	vsnprintf(c->env->err + n, sizeof(c->env->err) - (size_t)n, fmt, ap);
	va_end(ap);
	return TF_FN_ERROR;
}

enum tf_fn_status fn_charge(struct fcall *c, uint64_t steps)
{
	uint64_t *b = c->env->budget;
	if (b && *b < steps) {
		*b = 0;
		snprintf(c->env->err, sizeof(c->env->err), "%s(): evaluation budget exhausted", c->name);
		return TF_FN_BUDGET;
	}
	if (b)
		*b -= steps;
	return TF_FN_OK;
}

enum tf_fn_status fn_unknown(struct fcall *c)
{
	*c->out = node_new_unknown(c->env->a, c->env->at,
				   arena_printf(c->env->a, "%s() of a value known only after apply", c->name));
	return TF_FN_OK;
}

struct node *fn_str(struct fcall *c, const char *s, size_t n)
{
	return tfv_str(c->env->a, c->env->at, s, n);
}

const char *arg_str(struct fcall *c, uint32_t i)
{
	const char *t = tfv_text(c->args[i]);
	if (!t)
		fn_error(c, "argument %u must be a string, not a %s", i + 1, tfv_type_name(c->args[i]));
	return t;
}

int arg_num(struct fcall *c, uint32_t i, double *d)
{
	int64_t n;
	int is_int;
	struct node *v = c->args[i];
	if (tfv_num(v, d, &n, &is_int) == 0)
		return 0;
	if (v->kind == NODE_STR) {
		struct node tmp = *v;
		tmp.kind = NODE_NUM;
		if (tfv_num(&tmp, d, &n, &is_int) == 0)
			return 0;
	}
	fn_error(c, "argument %u must be a number, not a %s", i + 1, tfv_type_name(v));
	return -1;
}

int arg_int(struct fcall *c, uint32_t i, int64_t *out)
{
	double d;
	if (arg_num(c, i, &d) != 0)
		return -1;
	if (d != floor(d) || fabs(d) > 9.0e15) {
		fn_error(c, "argument %u must be a whole number", i + 1);
		return -1;
	}
	*out = (int64_t)d;
	return 0;
}

int arg_list(struct fcall *c, uint32_t i)
{
	if (c->args[i]->kind == NODE_SEQ)
		return 0;
	fn_error(c, "argument %u must be a list, not a %s", i + 1, tfv_type_name(c->args[i]));
	return -1;
}

int arg_map(struct fcall *c, uint32_t i)
{
	if (c->args[i]->kind == NODE_MAP)
		return 0;
	fn_error(c, "argument %u must be a map or object, not a %s", i + 1, tfv_type_name(c->args[i]));
	return -1;
}

/* The elements of a list, or of a single value (variadic forms). */
static struct node **elems(struct node *v, uint32_t *n)
{
	*n = v->u.seq.n;
	return v->u.seq.items;
}

enum tf_fn_status fn_list(struct fcall *c, struct node **items, uint32_t n, int set)
{
	if (n > c->env->max_elements)
		return fn_error(c, "a list of more than %zu elements", c->env->max_elements);
	*c->out = set ? tfv_set(c->env->a, c->env->at, items, n) : tfv_list(c->env->a, c->env->at, items, n);
	return fn_charge(c, n);
}

/* ---- collections ----------------------------------------------------------------------- */

static enum tf_fn_status f_length(struct fcall *c)
{
	struct node *v = c->args[0];
	if (v->kind == NODE_UNKNOWN)
		return fn_unknown(c);
	if (v->kind == NODE_SEQ || v->kind == NODE_MAP) {
		*c->out = tfv_int(c->env->a, c->env->at, v->kind == NODE_SEQ ? v->u.seq.n : v->u.map.n);
		return TF_FN_OK;
	}
	if (v->kind == NODE_STR) {
		int64_t n = 0;
		for (const unsigned char *p = (const unsigned char *)v->text; *p; p++)
			n += (*p & 0xC0) != 0x80;
		*c->out = tfv_int(c->env->a, c->env->at, n);
		return TF_FN_OK;
	}
	return fn_error(c, "a %s has no length", tfv_type_name(v));
}

static enum tf_fn_status f_concat(struct fcall *c)
{
	VEC(struct node *) all = {0};
	for (uint32_t i = 0; i < c->n; i++) {
		if (c->args[i]->kind == NODE_UNKNOWN) {
			free(all.v);
			return fn_unknown(c);
		}
		if (arg_list(c, i)) {
			free(all.v);
			return TF_FN_ERROR;
		}
		uint32_t n;
		struct node **it = elems(c->args[i], &n);
		for (uint32_t k = 0; k < n; k++)
			VEC_PUSH(all, it[k]);
	}
	enum tf_fn_status s = fn_list(c, all.v, (uint32_t)all.n, 0);
	free(all.v);
	return s;
}

static enum tf_fn_status f_merge(struct fcall *c)
{
	VEC(struct node_pair) all = {0};
	for (uint32_t i = 0; i < c->n; i++) {
		struct node *m = c->args[i];
		if (m->kind == NODE_NULL)
			continue;
		if (m->kind == NODE_UNKNOWN) {
			free(all.v);
			return fn_unknown(c);
		}
		if (arg_map(c, i)) {
			free(all.v);
			return TF_FN_ERROR;
		}
		for (uint32_t k = 0; k < m->u.map.n; k++)
			VEC_PUSH(all, m->u.map.pairs[k]);
	}
	*c->out = tfv_object(c->env->a, c->env->at, all.v, (uint32_t)all.n); /* later keys win */
	free(all.v);
	return fn_charge(c, c->n);
}

static enum tf_fn_status f_lookup(struct fcall *c)
{
	if (c->args[0]->kind == NODE_UNKNOWN || c->args[1]->kind == NODE_UNKNOWN)
		return fn_unknown(c);
	const char *key = arg_str(c, 1);
	if (!key || arg_map(c, 0))
		return TF_FN_ERROR;
	const struct node_pair *p = node_get_pair(c->args[0], key);
	if (p) {
		*c->out = p->value;
		return TF_FN_OK;
	}
	if (c->n < 3)
		return fn_error(c, "the map has no key \"%s\" and no default is given", key);
	*c->out = c->args[2];
	return TF_FN_OK;
}

static enum tf_fn_status f_element(struct fcall *c)
{
	int64_t i;
	if (c->args[0]->kind == NODE_UNKNOWN || c->args[1]->kind == NODE_UNKNOWN)
		return fn_unknown(c);
	if (arg_list(c, 0) || arg_int(c, 1, &i))
		return TF_FN_ERROR;
	uint32_t n = c->args[0]->u.seq.n;
	if (n == 0)
		return fn_error(c, "cannot use element() with an empty list");
	if (i < 0)
		return fn_error(c, "the index must not be negative");
	*c->out = c->args[0]->u.seq.items[i % n];
	return TF_FN_OK;
}

static void flatten_into(struct node *v, void *vec, int depth, int *unknown)
{
	VEC(struct node *) *all = vec;
	for (uint32_t i = 0; i < v->u.seq.n; i++) {
		struct node *e = v->u.seq.items[i];
		if (e->kind == NODE_SEQ && depth < 64)
			flatten_into(e, vec, depth + 1, unknown);
		else if (e->kind == NODE_UNKNOWN && depth > 0)
			*unknown = 1; /* an unknown nested list could hold anything */
		else
			VEC_PUSH(*all, e);
	}
}

static enum tf_fn_status f_flatten(struct fcall *c)
{
	if (c->args[0]->kind == NODE_UNKNOWN)
		return fn_unknown(c);
	if (arg_list(c, 0))
		return TF_FN_ERROR;
	VEC(struct node *) all = {0};
	int unknown = 0;
	flatten_into(c->args[0], &all, 0, &unknown);
	enum tf_fn_status s = unknown ? fn_unknown(c) : fn_list(c, all.v, (uint32_t)all.n, 0);
	free(all.v);
	return s;
}

static enum tf_fn_status f_distinct(struct fcall *c)
{
	if (c->args[0]->kind == NODE_UNKNOWN || tfv_has_unknown(c->args[0]))
		return fn_unknown(c);
	if (arg_list(c, 0))
		return TF_FN_ERROR;
	uint32_t n;
	struct node **it = elems(c->args[0], &n);
	struct node **out = arena_alloc(c->env->a, sizeof(*out) * (n + 1));
	uint32_t k = 0;
	for (uint32_t i = 0; i < n; i++) {
		uint32_t j;
		for (j = 0; j < k && tfv_equal(out[j], it[i]) != 1; j++)
			;
		if (j == k)
			out[k++] = it[i];
	}
	if (fn_charge(c, (uint64_t)n * (k + 1)) != TF_FN_OK)
		return TF_FN_BUDGET;
	return fn_list(c, out, k, 0);
}

static enum tf_fn_status f_compact(struct fcall *c)
{
	if (c->args[0]->kind == NODE_UNKNOWN)
		return fn_unknown(c);
	if (arg_list(c, 0))
		return TF_FN_ERROR;
	uint32_t n;
	struct node **it = elems(c->args[0], &n);
	struct node **out = arena_alloc(c->env->a, sizeof(*out) * (n + 1));
	uint32_t k = 0;
	for (uint32_t i = 0; i < n; i++) {
		if (it[i]->kind == NODE_UNKNOWN)
			return fn_unknown(c); /* it could be "" */
		if (it[i]->kind == NODE_NULL || (it[i]->kind == NODE_STR && it[i]->len == 0))
			continue;
		if (!tfv_text(it[i]))
			return fn_error(c, "the list must hold strings");
		out[k++] = it[i];
	}
	return fn_list(c, out, k, c->args[0]->flags & NODE_F_SET);
}

static enum tf_fn_status f_coalesce(struct fcall *c)
{
	for (uint32_t i = 0; i < c->n; i++) {
		struct node *v = c->args[i];
		if (v->kind == NODE_UNKNOWN)
			return fn_unknown(c);
		if (v->kind == NODE_NULL || (v->kind == NODE_STR && v->len == 0))
			continue;
		*c->out = v;
		return TF_FN_OK;
	}
	return fn_error(c, "no non-null, non-empty argument");
}

static enum tf_fn_status f_coalescelist(struct fcall *c)
{
	for (uint32_t i = 0; i < c->n; i++) {
		struct node *v = c->args[i];
		if (v->kind == NODE_UNKNOWN)
			return fn_unknown(c);
		if (arg_list(c, i))
			return TF_FN_ERROR;
		if (v->u.seq.n) {
			*c->out = v;
			return TF_FN_OK;
		}
	}
	return fn_error(c, "no non-empty list");
}

static enum tf_fn_status f_contains(struct fcall *c)
{
	if (c->args[0]->kind == NODE_UNKNOWN)
		return fn_unknown(c);
	if (arg_list(c, 0))
		return TF_FN_ERROR;
	int unknown = 0;
	for (uint32_t i = 0; i < c->args[0]->u.seq.n; i++) {
		int eq = tfv_equal(c->args[0]->u.seq.items[i], c->args[1]);
		if (eq == 1) {
			*c->out = tfv_bool(c->env->a, c->env->at, 1);
			return TF_FN_OK;
		}
		unknown |= eq < 0;
	}
	if (unknown)
		return fn_unknown(c);
	*c->out = tfv_bool(c->env->a, c->env->at, 0);
	return TF_FN_OK;
}

static enum tf_fn_status keys_or_values(struct fcall *c, int values)
{
	struct node *m = c->args[0];
	if (m->kind == NODE_UNKNOWN)
		return fn_unknown(c);
	if (arg_map(c, 0))
		return TF_FN_ERROR;
	struct node **out = arena_alloc(c->env->a, sizeof(*out) * (m->u.map.n + 1));
	for (uint32_t i = 0; i < m->u.map.n; i++)
		out[i] = values ? m->u.map.pairs[i].value : fn_str(c, m->u.map.pairs[i].key, strlen(m->u.map.pairs[i].key));
	return fn_list(c, out, m->u.map.n, 0);
}

static enum tf_fn_status f_keys(struct fcall *c)
{
	return keys_or_values(c, 0);
}

static enum tf_fn_status f_values(struct fcall *c)
{
	return keys_or_values(c, 1);
}

static enum tf_fn_status f_zipmap(struct fcall *c)
{
	if (arg_list(c, 0) || arg_list(c, 1))
		return TF_FN_ERROR;
	uint32_t n = c->args[0]->u.seq.n;
	if (n != c->args[1]->u.seq.n)
		return fn_error(c, "the lists have different lengths (%u and %u)", n, c->args[1]->u.seq.n);
	struct node_pair *pairs = arena_alloc(c->env->a, sizeof(*pairs) * (n + 1));
	for (uint32_t i = 0; i < n; i++) {
		struct node *k = c->args[0]->u.seq.items[i];
		if (k->kind == NODE_UNKNOWN)
			return fn_unknown(c);
		if (!tfv_text(k))
			return fn_error(c, "keys must be strings");
		pairs[i] = (struct node_pair){tfv_text(k), k->loc, c->args[1]->u.seq.items[i]};
	}
	*c->out = tfv_object(c->env->a, c->env->at, pairs, n);
	return fn_charge(c, n);
}

static enum tf_fn_status f_range(struct fcall *c)
{
	double start = 0, limit, step = 1;
	if (c->n == 1) {
		if (arg_num(c, 0, &limit))
			return TF_FN_ERROR;
	} else if (arg_num(c, 0, &start) || arg_num(c, 1, &limit) || (c->n == 3 && arg_num(c, 2, &step))) {
		return TF_FN_ERROR;
	}
	if (c->n < 3 && limit < start)
		step = -1;
	if (step == 0)
		return fn_error(c, "the step must not be zero");
	if ((step > 0 && limit < start) || (step < 0 && limit > start))
		return fn_error(c, "the step must move from start towards the limit");
	double count = ceil((limit - start) / step);
	if (count > (double)c->env->max_elements)
		return fn_error(c, "more than %zu elements", c->env->max_elements);
	uint32_t n = count > 0 ? (uint32_t)count : 0;
	struct node **out = arena_alloc(c->env->a, sizeof(*out) * (n + 1));
	for (uint32_t i = 0; i < n; i++)
		out[i] = tfv_double(c->env->a, c->env->at, start + step * i);
	return fn_list(c, out, n, 0);
}

static enum tf_fn_status f_slice(struct fcall *c)
{
	int64_t from, to;
	if (arg_list(c, 0) || arg_int(c, 1, &from) || arg_int(c, 2, &to))
		return TF_FN_ERROR;
	uint32_t n = c->args[0]->u.seq.n;
	if (from < 0 || to > n || from > to)
		return fn_error(c, "the range %lld-%lld is outside the list of %u", (long long)from, (long long)to, n);
	return fn_list(c, c->args[0]->u.seq.items + from, (uint32_t)(to - from), 0);
}

static int cmp_text(const void *a, const void *b)
{
	return strcmp(tfv_text(*(struct node *const *)a), tfv_text(*(struct node *const *)b));
}

static enum tf_fn_status f_sort(struct fcall *c)
{
	if (c->args[0]->kind == NODE_UNKNOWN || tfv_has_unknown(c->args[0]))
		return fn_unknown(c);
	if (arg_list(c, 0))
		return TF_FN_ERROR;
	uint32_t n = c->args[0]->u.seq.n;
	struct node **out = arena_alloc(c->env->a, sizeof(*out) * (n + 1));
	for (uint32_t i = 0; i < n; i++) {
		if (!tfv_text(c->args[0]->u.seq.items[i]))
			return fn_error(c, "sort() sorts strings only");
		out[i] = c->args[0]->u.seq.items[i];
	}
	sort_array(out, n, sizeof(*out), cmp_text);
	return fn_list(c, out, n, 0);
}

static enum tf_fn_status f_reverse(struct fcall *c)
{
	if (c->args[0]->kind == NODE_UNKNOWN)
		return fn_unknown(c);
	if (arg_list(c, 0))
		return TF_FN_ERROR;
	uint32_t n = c->args[0]->u.seq.n;
	struct node **out = arena_alloc(c->env->a, sizeof(*out) * (n + 1));
	for (uint32_t i = 0; i < n; i++)
		out[i] = c->args[0]->u.seq.items[n - 1 - i];
	return fn_list(c, out, n, 0);
}

static enum tf_fn_status f_chunklist(struct fcall *c)
{
	int64_t size;
	if (arg_list(c, 0) || arg_int(c, 1, &size))
		return TF_FN_ERROR;
	if (size < 0)
		return fn_error(c, "the chunk size must not be negative");
	uint32_t n = c->args[0]->u.seq.n;
	if (size == 0) {
		struct node *one = c->args[0];
		return fn_list(c, &one, 1, 0);
	}
	uint32_t chunks = (uint32_t)((n + size - 1) / size);
	struct node **out = arena_alloc(c->env->a, sizeof(*out) * (chunks + 1));
	for (uint32_t i = 0; i < chunks; i++) {
		uint32_t from = (uint32_t)(i * size), len = n - from < size ? n - from : (uint32_t)size;
		out[i] = tfv_list(c->env->a, c->env->at, c->args[0]->u.seq.items + from, len);
	}
	return fn_list(c, out, chunks, 0);
}

static enum tf_fn_status f_one(struct fcall *c)
{
	if (c->args[0]->kind == NODE_UNKNOWN)
		return fn_unknown(c);
	if (arg_list(c, 0))
		return TF_FN_ERROR;
	if (c->args[0]->u.seq.n > 1)
		return fn_error(c, "the list has %u elements, not 0 or 1", c->args[0]->u.seq.n);
	*c->out = c->args[0]->u.seq.n ? c->args[0]->u.seq.items[0] : tfv_null(c->env->a, c->env->at);
	return TF_FN_OK;
}

static enum tf_fn_status all_any(struct fcall *c, int all)
{
	if (arg_list(c, 0))
		return TF_FN_ERROR;
	int unknown = 0;
	for (uint32_t i = 0; i < c->args[0]->u.seq.n; i++) {
		struct node *v = c->args[0]->u.seq.items[i];
		int b;
		if (v->kind == NODE_UNKNOWN) {
			unknown = 1;
			continue;
		}
		if (node_bool(v, &b) != 0)
			return fn_error(c, "the list must hold bools");
		if (b != all) {
			*c->out = tfv_bool(c->env->a, c->env->at, !all);
			return TF_FN_OK;
		}
	}
	if (unknown)
		return fn_unknown(c);
	*c->out = tfv_bool(c->env->a, c->env->at, all);
	return TF_FN_OK;
}

static enum tf_fn_status f_alltrue(struct fcall *c)
{
	return all_any(c, 1);
}

static enum tf_fn_status f_anytrue(struct fcall *c)
{
	return all_any(c, 0);
}

static enum tf_fn_status f_setproduct(struct fcall *c)
{
	uint64_t total = 1;
	for (uint32_t i = 0; i < c->n; i++) {
		if (c->args[i]->kind == NODE_UNKNOWN)
			return fn_unknown(c);
		if (arg_list(c, i))
			return TF_FN_ERROR;
		total *= c->args[i]->u.seq.n;
		if (total > c->env->max_elements)
			return fn_error(c, "more than %zu combinations", c->env->max_elements);
	}
	struct node **out = arena_alloc(c->env->a, sizeof(*out) * (total + 1));
	for (uint64_t k = 0; k < total; k++) {
		struct node **row = arena_alloc(c->env->a, sizeof(*row) * (c->n + 1));
		uint64_t rest = k;
		for (uint32_t i = c->n; i-- > 0;) {
			uint32_t len = c->args[i]->u.seq.n;
			row[i] = c->args[i]->u.seq.items[rest % len];
			rest /= len;
		}
		out[k] = tfv_list(c->env->a, c->env->at, row, c->n);
	}
	return fn_list(c, out, (uint32_t)total, 0);
}

/* ---- conversions --------------------------------------------------------------------------- */

static enum tf_fn_status convert_named(struct fcall *c, const char *type)
{
	enum tf_fn_status s = tf_convert(c->env, c->args[0], tf_type_named(type), c->out);
	if (s == TF_FN_ERROR) {
		char msg[256];
		snprintf(msg, sizeof(msg), "%s", c->env->err);
		return fn_error(c, "%s", msg);
	}
	return s;
}

static enum tf_fn_status f_tostring(struct fcall *c)
{
	return convert_named(c, "string");
}

static enum tf_fn_status f_tonumber(struct fcall *c)
{
	return convert_named(c, "number");
}

static enum tf_fn_status f_tobool(struct fcall *c)
{
	return convert_named(c, "bool");
}

static enum tf_fn_status f_tolist(struct fcall *c)
{
	return convert_named(c, "list");
}

static enum tf_fn_status f_toset(struct fcall *c)
{
	return convert_named(c, "set");
}

static enum tf_fn_status f_tomap(struct fcall *c)
{
	return convert_named(c, "map");
}

/* ---- numbers ------------------------------------------------------------------------------- */

static enum tf_fn_status number_out(struct fcall *c, double v)
{
	*c->out = tfv_double(c->env->a, c->env->at, v);
	return TF_FN_OK;
}

static enum tf_fn_status min_max_sum(struct fcall *c, int which)
{
	struct node *const *args = c->args;
	uint32_t n = c->n;
	if (which == 2) { /* sum takes one list */
		if (arg_list(c, 0))
			return TF_FN_ERROR;
		args = c->args[0]->u.seq.items;
		n = c->args[0]->u.seq.n;
	}
	if (n == 0)
		return fn_error(c, "needs at least one number");
	double acc = which == 0 ? INFINITY : which == 1 ? -INFINITY : 0;
	for (uint32_t i = 0; i < n; i++) {
		double d;
		int64_t iv;
		int is_int;
		if (args[i]->kind == NODE_UNKNOWN)
			return fn_unknown(c);
		if (tfv_num(args[i], &d, &iv, &is_int) != 0)
			return fn_error(c, "argument %u must be a number", i + 1);
		acc = which == 0 ? fmin(acc, d) : which == 1 ? fmax(acc, d) : acc + d;
	}
	return number_out(c, acc);
}

static enum tf_fn_status f_min(struct fcall *c)
{
	return min_max_sum(c, 0);
}

static enum tf_fn_status f_max(struct fcall *c)
{
	return min_max_sum(c, 1);
}

static enum tf_fn_status f_sum(struct fcall *c)
{
	return min_max_sum(c, 2);
}

static enum tf_fn_status unary_math(struct fcall *c, double (*fn)(double))
{
	double d;
	return arg_num(c, 0, &d) ? TF_FN_ERROR : number_out(c, fn(d));
}

static enum tf_fn_status f_abs(struct fcall *c)
{
	return unary_math(c, fabs);
}

static enum tf_fn_status f_ceil(struct fcall *c)
{
	return unary_math(c, ceil);
}

static enum tf_fn_status f_floor(struct fcall *c)
{
	return unary_math(c, floor);
}

static enum tf_fn_status f_signum(struct fcall *c)
{
	double d;
	return arg_num(c, 0, &d) ? TF_FN_ERROR : number_out(c, d > 0 ? 1 : d < 0 ? -1 : 0);
}

static enum tf_fn_status f_pow(struct fcall *c)
{
	double x, y;
	return arg_num(c, 0, &x) || arg_num(c, 1, &y) ? TF_FN_ERROR : number_out(c, pow(x, y));
}

static enum tf_fn_status f_parseint(struct fcall *c)
{
	int64_t base;
	const char *s = arg_str(c, 0);
	if (!s || arg_int(c, 1, &base))
		return TF_FN_ERROR;
	if (base < 2 || base > 62)
		return fn_error(c, "the base must be 2-62");
	char *end;
	long long v = strtoll(s, &end, (int)(base <= 36 ? base : 10));
	if (!*s || *end)
		return fn_error(c, "cannot parse \"%s\" as a base %lld integer", s, (long long)base);
	*c->out = tfv_int(c->env->a, c->env->at, v);
	return TF_FN_OK;
}

/* ---- the table -------------------------------------------------------------------------------- */

/* Sorted by name. min/max arguments (max -1: any); `unknowns`: the function
 * handles unknown arguments itself, else any unknown argument makes the
 * result unknown before the call. */
static const struct fn_def {
	const char *name;
	int min, max;
	int unknowns;
	enum tf_fn_status (*fn)(struct fcall *c);
} table[] = {
	{"abs", 1, 1, 0, f_abs},
	{"alltrue", 1, 1, 1, f_alltrue},
	{"anytrue", 1, 1, 1, f_anytrue},
	{"base64decode", 1, 1, 0, f_base64decode},
	{"base64encode", 1, 1, 0, f_base64encode},
	{"basename", 1, 1, 0, f_basename},
	{"ceil", 1, 1, 0, f_ceil},
	{"chomp", 1, 1, 0, f_chomp},
	{"chunklist", 2, 2, 0, f_chunklist},
	{"cidrhost", 2, 2, 0, f_cidrhost},
	{"cidrnetmask", 1, 1, 0, f_cidrnetmask},
	{"cidrsubnet", 3, 3, 0, f_cidrsubnet},
	{"cidrsubnets", 1, -1, 0, f_cidrsubnets},
	{"coalesce", 1, -1, 1, f_coalesce},
	{"coalescelist", 1, -1, 1, f_coalescelist},
	{"compact", 1, 1, 1, f_compact},
	{"concat", 0, -1, 1, f_concat},
	{"contains", 2, 2, 1, f_contains},
	{"dirname", 1, 1, 0, f_dirname},
	{"distinct", 1, 1, 1, f_distinct},
	{"element", 2, 2, 1, f_element},
	{"endswith", 2, 2, 0, f_endswith},
	{"flatten", 1, 1, 1, f_flatten},
	{"floor", 1, 1, 0, f_floor},
	{"format", 1, -1, 0, f_format},
	{"formatlist", 1, -1, 0, f_formatlist},
	{"indent", 2, 2, 0, f_indent},
	{"index", 2, 2, 0, f_index},
	{"join", 1, -1, 0, f_join},
	{"jsondecode", 1, 1, 0, f_jsondecode},
	{"jsonencode", 1, 1, 0, f_jsonencode},
	{"keys", 1, 1, 1, f_keys},
	{"length", 1, 1, 1, f_length},
	{"lookup", 2, 3, 1, f_lookup},
	{"lower", 1, 1, 0, f_lower},
	{"max", 1, -1, 1, f_max},
	{"merge", 0, -1, 1, f_merge},
	{"min", 1, -1, 1, f_min},
	{"one", 1, 1, 1, f_one},
	{"parseint", 2, 2, 0, f_parseint},
	{"pow", 2, 2, 0, f_pow},
	{"range", 1, 3, 0, f_range},
	{"regex", 2, 2, 0, f_regex},
	{"regexall", 2, 2, 0, f_regexall},
	{"replace", 3, 3, 0, f_replace},
	{"reverse", 1, 1, 1, f_reverse},
	{"setproduct", 1, -1, 1, f_setproduct},
	{"signum", 1, 1, 0, f_signum},
	{"slice", 3, 3, 0, f_slice},
	{"sort", 1, 1, 1, f_sort},
	{"split", 2, 2, 0, f_split},
	{"startswith", 2, 2, 0, f_startswith},
	{"strcontains", 2, 2, 0, f_strcontains},
	{"substr", 3, 3, 0, f_substr},
	{"sum", 1, 1, 1, f_sum},
	{"title", 1, 1, 0, f_title},
	{"tobool", 1, 1, 1, f_tobool},
	{"tolist", 1, 1, 1, f_tolist},
	{"tomap", 1, 1, 1, f_tomap},
	{"tonumber", 1, 1, 1, f_tonumber},
	{"toset", 1, 1, 1, f_toset},
	{"tostring", 1, 1, 1, f_tostring},
	{"trim", 2, 2, 0, f_trim},
	{"trimprefix", 2, 2, 0, f_trimprefix},
	{"trimspace", 1, 1, 0, f_trimspace},
	{"trimsuffix", 2, 2, 0, f_trimsuffix},
	{"upper", 1, 1, 0, f_upper},
	{"values", 1, 1, 1, f_values},
	{"zipmap", 2, 2, 1, f_zipmap},
};

static int cmp_def(const void *key, const void *def)
{
	return strcmp(key, ((const struct fn_def *)def)->name);
}

static const struct fn_def *find(const char *name)
{
	if (!strncmp(name, "core::", 6))
		name += 6;
	return bsearch(name, table, sizeof(table) / sizeof(table[0]), sizeof(table[0]), cmp_def);
}

int tf_fn_exists(const char *name)
{
	return find(name) != NULL;
}

enum tf_fn_status tf_fn_call(struct tf_fn_env *env, const char *name, struct node *const *args, uint32_t nargs,
			     struct node **out)
{
	const struct fn_def *d = find(name);
	struct fcall c = {env, d ? d->name : name, args, nargs, out};
	if (!d)
		return TF_FN_UNKNOWN_FUNCTION;
	if ((int)nargs < d->min || (d->max >= 0 && (int)nargs > d->max))
		return fn_error(&c, "takes %d%s argument%s, not %u", d->min, d->max < 0 ? " or more" : d->max > d->min ? "+" : "",
				d->min == 1 && d->max == 1 ? "" : "s", nargs);
	if (fn_charge(&c, 1 + nargs) != TF_FN_OK)
		return TF_FN_BUDGET;
	for (uint32_t i = 0; !d->unknowns && i < nargs; i++)
		if (args[i]->kind == NODE_UNKNOWN || (args[i]->kind != NODE_MAP && tfv_has_unknown(args[i])))
			return fn_unknown(&c);
	return d->fn(&c);
}
