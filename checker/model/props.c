/* props.c - see props.h */
#include "model/props.h"

#include <stdlib.h>
#include <string.h>

#define MAX_VALUES 1024 /* wildcards over big lists stop here */

int prop_path_parse(struct arena *a, const char *text, struct prop_path *out)
{
	struct prop_seg seg[64];
	uint32_t n = 0;
	const char *p = text;
	out->text = text;
	while (*p) {
		if (n == 64)
			return -1;
		if (*p == '[') {
			const char *close = strchr(p, ']');
			if (!close)
				return -1;
			if (close == p + 2 && p[1] == '*') {
				seg[n].kind = SEG_ANY;
			} else {
				char num[16];
				int64_t k;
				size_t len = (size_t)(close - p - 1);
				if (len == 0 || len >= sizeof(num))
					return -1;
				memcpy(num, p + 1, len);
				num[len] = '\0';
				if (parse_int64(num, &k) != 0 || k < 0 || k > 1000000)
					return -1;
				seg[n].kind = SEG_INDEX;
				seg[n].index = (int32_t)k;
			}
			seg[n++].key = NULL;
			p = close + 1;
			if (*p == '.')
				p++;
			continue;
		}
		size_t len = strcspn(p, ".[");
		if (len == 0)
			return -1;
		seg[n].kind = SEG_KEY;
		seg[n++].key = arena_strndup(a, p, len);
		p += len;
		if (*p == '.') {
			p++;
			if (!*p)
				return -1;
		}
	}
	if (n == 0)
		return -1;
	out->seg = arena_memdup(a, seg, sizeof(*seg) * n);
	out->n = n;
	return 0;
}

struct walk {
	struct model *m;
	const struct prop_path *path;
	prop_values *out;
};

static void emit(struct walk *w, const struct node *v, int state, struct loc loc)
{
	struct prop_value pv = {v, (uint8_t)state, loc};
	if (w->out->n < MAX_VALUES)
		VEC_PUSH(*w->out, pv);
}

static void walk(struct walk *w, struct node *n, uint32_t i, struct loc at);

/* One resolved value (not an alternative set) against segment i. */
static void step(struct walk *w, struct node *v, uint32_t i, struct loc at)
{
	if (v->kind == NODE_UNKNOWN) {
		emit(w, v, VAL_UNKNOWN, at);
		return;
	}
	if (i == w->path->n) {
		int absent = v->kind == NODE_NOVALUE || v->kind == NODE_NULL;
		emit(w, v, absent ? VAL_ABSENT : VAL_KNOWN, at);
		return;
	}
	const struct prop_seg *s = &w->path->seg[i];
	if (s->kind == SEG_KEY) {
		if (v->kind != NODE_MAP)
			return;
		const struct node_pair *p = node_get_pair(v, s->key);
		if (p)
			walk(w, p->value, i + 1, p->key_loc);
		else if (i + 1 == w->path->n)
			emit(w, NULL, VAL_ABSENT, v->loc);
		return;
	}
	if (v->kind == NODE_MAP && s->kind == SEG_ANY) { /* a single mapping where a list belongs */
		walk(w, v, i + 1, at);
		return;
	}
	if (v->kind != NODE_SEQ)
		return;
	for (uint32_t k = 0; k < v->u.seq.n; k++)
		if (s->kind == SEG_ANY || (int32_t)k == s->index)
			walk(w, v->u.seq.items[k], i + 1, v->u.seq.items[k]->loc);
}

/* A node as found, resolved into its alternatives first (NODE_ALT holds
 * them already resolved). */
static void walk(struct walk *w, struct node *n, uint32_t i, struct loc at)
{
	const struct model_resolver *res = &w->m->resolver;
	if (w->out->n >= MAX_VALUES)
		return;
	if (n->kind == NODE_ALT) {
		for (uint32_t k = 0; k < n->u.seq.n; k++)
			step(w, n->u.seq.items[k], i, at);
		return;
	}
	if (!res->resolve) {
		step(w, n, i, at);
		return;
	}
	struct model_alts alts = {0};
	res->resolve(res->ctx, w->m, n, &alts);
	for (uint32_t k = 0; k < alts.n; k++)
		step(w, alts.v[k], i, at);
}

void props_get(struct model *m, const struct resource *r, const struct prop_path *path, prop_values *out)
{
	struct walk w = {m, path, out};
	if (!r->props) {
		if (path->n == 1)
			emit(&w, NULL, VAL_ABSENT, r->loc);
		return;
	}
	walk(&w, r->props, 0, r->loc);
}
