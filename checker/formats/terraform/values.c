/* values.c - see values.h */
#include "formats/terraform/values.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int tfv_num(const struct node *v, double *d, int64_t *i, int *is_int)
{
	if (!v || v->kind != NODE_NUM)
		return -1;
	int64_t n;
	if (parse_int64(v->text, &n) == 0) {
		*i = n;
		*d = (double)n;
		*is_int = 1;
		return 0;
	}
	char *end;
	double x = strtod(v->text, &end);
	if (end == v->text || *end)
		return -1;
	*d = x;
	*is_int = 0;
	/* an integral double in range is an integer ("1e3" is 1000) */
	if (isfinite(x) && x == floor(x) && fabs(x) < 9.0e15) {
		*i = (int64_t)x;
		*is_int = 1;
	}
	return 0;
}

static struct node *num_text(struct arena *a, struct loc at, const char *t)
{
	struct node *n = node_new_str(a, at, t, strlen(t));
	n->kind = NODE_NUM;
	return n;
}

struct node *tfv_int(struct arena *a, struct loc at, int64_t v)
{
	char buf[32];
	snprintf(buf, sizeof(buf), "%lld", (long long)v);
	return num_text(a, at, buf);
}

/* The shortest text that reads back as the same double. */
struct node *tfv_double(struct arena *a, struct loc at, double v)
{
	char buf[64];
	if (isfinite(v) && v == floor(v) && fabs(v) < 9.0e15)
		return tfv_int(a, at, (int64_t)v);
	for (int prec = 15; prec <= 17; prec++) {
		snprintf(buf, sizeof(buf), "%.*g", prec, v);
		if (strtod(buf, NULL) == v)
			break;
	}
	return num_text(a, at, buf);
}

struct node *tfv_bool(struct arena *a, struct loc at, int v)
{
	struct node *n = node_new_str(a, at, v ? "true" : "false", v ? 4 : 5);
	n->kind = NODE_BOOL;
	if (v)
		n->flags |= NODE_F_TRUE;
	return n;
}

struct node *tfv_str(struct arena *a, struct loc at, const char *s, size_t n)
{
	struct node *r = node_new_str(a, at, s, n);
	r->flags |= NODE_F_QUOTED;
	return r;
}

struct node *tfv_strz(struct arena *a, struct loc at, const char *s)
{
	return tfv_str(a, at, s, strlen(s));
}

struct node *tfv_null(struct arena *a, struct loc at)
{
	struct node *n = node_new(a, NODE_NULL, at);
	n->text = "null";
	n->len = 4;
	return n;
}

struct node *tfv_list(struct arena *a, struct loc at, struct node **items, uint32_t n)
{
	return node_new_seq(a, at, n ? arena_memdup(a, items, sizeof(*items) * n) : NULL, n);
}

static int cmp_pair(const void *x, const void *y)
{
	const struct node_pair *a = x, *b = y;
	int c = strcmp(a->key, b->key);
	if (c)
		return c;
	return a < b ? -1 : a > b; /* stable: keep the later duplicate last */
}

struct node *tfv_object(struct arena *a, struct loc at, struct node_pair *pairs, uint32_t n)
{
	struct node *m = node_new(a, NODE_MAP, at);
	struct node_pair *p = n ? arena_memdup(a, pairs, sizeof(*pairs) * n) : NULL;
	sort_array(p, n, sizeof(*p), cmp_pair);
	uint32_t k = 0;
	for (uint32_t i = 0; i < n; i++) {
		if (k && strcmp(p[k - 1].key, p[i].key) == 0)
			p[k - 1] = p[i];
		else
			p[k++] = p[i];
	}
	m->u.map.pairs = p;
	m->u.map.n = k;
	return m;
}

static int cmp_value(const void *x, const void *y)
{
	return tfv_compare(*(struct node *const *)x, *(struct node *const *)y);
}

struct node *tfv_set(struct arena *a, struct loc at, struct node **items, uint32_t n)
{
	struct node **v = n ? arena_memdup(a, items, sizeof(*items) * n) : NULL;
	sort_array(v, n, sizeof(*v), cmp_value);
	uint32_t k = 0;
	for (uint32_t i = 0; i < n; i++)
		if (!k || tfv_is_unknown(v[i]) || tfv_equal(v[k - 1], v[i]) != 1)
			v[k++] = v[i];
	struct node *s = node_new_seq(a, at, v, k);
	s->flags |= NODE_F_SET;
	return s;
}

int tfv_is_unknown(const struct node *v)
{
	return v && v->kind == NODE_UNKNOWN;
}

int tfv_has_unknown(const struct node *v)
{
	if (!v)
		return 0;
	if (v->kind == NODE_UNKNOWN)
		return 1;
	if (v->kind == NODE_SEQ)
		for (uint32_t i = 0; i < v->u.seq.n; i++)
			if (tfv_has_unknown(v->u.seq.items[i]))
				return 1;
	if (v->kind == NODE_MAP)
		for (uint32_t i = 0; i < v->u.map.n; i++)
			if (tfv_has_unknown(v->u.map.pairs[i].value))
				return 1;
	return 0;
}

const char *tfv_type_name(const struct node *v)
{
	switch (v ? v->kind : NODE_NULL) {
	case NODE_BOOL:
		return "bool";
	case NODE_NUM:
		return "number";
	case NODE_STR:
		return "string";
	case NODE_SEQ:
		return v->flags & NODE_F_SET ? "set" : "list";
	case NODE_MAP:
		return "object";
	case NODE_UNKNOWN:
		return "unknown";
	case NODE_REF:
		return "resource";
	default:
		return "null";
	}
}

int tfv_equal(const struct node *a, const struct node *b)
{
	if (tfv_is_unknown(a) || tfv_is_unknown(b))
		return -1;
	if (a->kind != b->kind)
		return 0;
	switch (a->kind) {
	case NODE_NULL:
		return 1;
	case NODE_BOOL:
		return ((a->flags ^ b->flags) & NODE_F_TRUE) == 0;
	case NODE_NUM: {
		double x, y;
		int64_t i, j;
		int xi, yi;
		if (tfv_num(a, &x, &i, &xi) || tfv_num(b, &y, &j, &yi))
			return strcmp(a->text, b->text) == 0;
		return xi && yi ? i == j : x == y;
	}
	case NODE_STR:
		return a->len == b->len && memcmp(a->text, b->text, a->len) == 0;
	case NODE_SEQ: {
		int result = 1;
		if (a->u.seq.n != b->u.seq.n)
			return 0;
		for (uint32_t k = 0; k < a->u.seq.n; k++) {
			int e = tfv_equal(a->u.seq.items[k], b->u.seq.items[k]);
			if (e == 0)
				return 0;
			if (e < 0)
				result = -1;
		}
		return result;
	}
	case NODE_MAP: {
		int result = 1;
		if (a->u.map.n != b->u.map.n)
			return 0;
		for (uint32_t k = 0; k < a->u.map.n; k++) {
			if (strcmp(a->u.map.pairs[k].key, b->u.map.pairs[k].key))
				return 0;
			int e = tfv_equal(a->u.map.pairs[k].value, b->u.map.pairs[k].value);
			if (e == 0)
				return 0;
			if (e < 0)
				result = -1;
		}
		return result;
	}
	default:
		return a == b;
	}
}

static int kind_rank(const struct node *v)
{
	static const int rank[] = {
		[NODE_NULL] = 0, [NODE_BOOL] = 1, [NODE_NUM] = 2, [NODE_STR] = 3,
		[NODE_SEQ] = 4, [NODE_MAP] = 5, [NODE_UNKNOWN] = 6,
	};
	return v->kind < sizeof(rank) / sizeof(rank[0]) ? rank[v->kind] : 7;
}

int tfv_compare(const struct node *a, const struct node *b)
{
	int ra = kind_rank(a), rb = kind_rank(b);
	if (ra != rb)
		return ra < rb ? -1 : 1;
	if (a->kind == NODE_NUM) {
		double x, y;
		int64_t i, j;
		int xi, yi;
		if (!tfv_num(a, &x, &i, &xi) && !tfv_num(b, &y, &j, &yi)) {
			if (xi && yi)
				return i < j ? -1 : i > j;
			return x < y ? -1 : x > y;
		}
	}
	if (a->kind == NODE_BOOL)
		return (int)(a->flags & NODE_F_TRUE) - (int)(b->flags & NODE_F_TRUE);
	if (a->kind == NODE_STR || a->kind == NODE_NUM)
		return strcmp(a->text, b->text);
	if (a->kind == NODE_SEQ || a->kind == NODE_MAP) {
		uint32_t n = a->kind == NODE_SEQ ? a->u.seq.n : a->u.map.n;
		uint32_t m = b->kind == NODE_SEQ ? b->u.seq.n : b->u.map.n;
		for (uint32_t k = 0; k < n && k < m; k++) {
			int c = a->kind == NODE_SEQ ? tfv_compare(a->u.seq.items[k], b->u.seq.items[k])
						    : tfv_compare(a->u.map.pairs[k].value, b->u.map.pairs[k].value);
			if (c)
				return c;
		}
		return n < m ? -1 : n > m;
	}
	return 0;
}

const char *tfv_text(const struct node *v)
{
	if (v && (v->kind == NODE_STR || v->kind == NODE_NUM || v->kind == NODE_BOOL))
		return v->text;
	return NULL;
}
