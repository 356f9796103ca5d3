/* props.c - see props.h */
#include "model/props.h"

#include <stdlib.h>
#include <string.h>

#include "model/normalize.h"
#include "formats/cloudformation/resolve.h"

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
	struct file_model *m;
	const struct prop_path *path;
	prop_values *out;
};

static void emit(struct walk *w, const struct node *v, int state, struct loc loc)
{
	struct prop_value pv = {v, (uint8_t)state, loc};
	if (w->out->n < MAX_VALUES)
		VEC_PUSH(*w->out, pv);
}

static int is_true_node(const struct node *n)
{
	return n && n->kind == NODE_BOOL && (n->flags & NODE_F_TRUE);
}

static const struct node *unk_child(const struct node *unk, const char *key, int32_t index)
{
	if (!unk)
		return NULL;
	if (key)
		return unk->kind == NODE_MAP ? node_get(unk, key) : NULL;
	return unk->kind == NODE_SEQ && index >= 0 && (uint32_t)index < unk->u.seq.n ? unk->u.seq.items[index] : NULL;
}

static void walk(struct walk *w, struct node *n, const struct node *unk, uint32_t i, struct loc at);

/* One resolved value against segment i. */
static void step(struct walk *w, struct node *v, const struct node *unk, uint32_t i, struct loc at)
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
		const struct node *cu = unk_child(unk, s->key, -1);
		if (p)
			walk(w, p->value, cu, i + 1, p->key_loc);
		else if (is_true_node(cu))
			emit(w, NULL, VAL_UNKNOWN, v->loc);
		else if (i + 1 == w->path->n)
			emit(w, NULL, VAL_ABSENT, v->loc);
		return;
	}
	if (v->kind == NODE_MAP && s->kind == SEG_ANY) { /* a single mapping where a list belongs */
		walk(w, v, unk, i + 1, at);
		return;
	}
	if (v->kind != NODE_SEQ)
		return;
	for (uint32_t k = 0; k < v->u.seq.n; k++)
		if (s->kind == SEG_ANY || (int32_t)k == s->index)
			walk(w, v->u.seq.items[k], unk_child(unk, NULL, (int32_t)k), i + 1, v->u.seq.items[k]->loc);
}

static void walk(struct walk *w, struct node *n, const struct node *unk, uint32_t i, struct loc at)
{
	if (w->out->n >= MAX_VALUES)
		return;
	if (is_true_node(unk)) {
		emit(w, n, VAL_UNKNOWN, at);
		return;
	}
	if (!w->m->cfn) { /* Terraform: values are plain, unknowns are marked */
		if (n)
			step(w, n, unk, i, at);
		else
			emit(w, NULL, VAL_ABSENT, at);
		return;
	}
	struct alts alts = {0};
	cfn_resolve(w->m->cfn, n, &alts);
	for (uint32_t k = 0; k < alts.n; k++)
		step(w, alts.v[k].v, NULL, i, at);
}

void props_get(struct file_model *m, const struct resource *r, const struct prop_path *path,
	       prop_values *out)
{
	struct walk w = {m, path, out};
	if (!r->props) {
		if (path->n == 1)
			emit(&w, NULL, VAL_ABSENT, r->loc);
		return;
	}
	walk(&w, r->props, r->unknown, 0, r->loc);
}

/* Terraform: a known id, or the configuration's reference to the target. */
static int tf_refers(struct file_model *m, const struct resource *from, const struct prop_path *path,
		     const struct resource *to, const struct prop_value *v)
{
	const char *to_id = node_str(node_get(to->props, "id"));
	if (v->state == VAL_KNOWN && node_str(v->v))
		return to_id && strcmp(node_str(v->v), to_id) == 0 ? TRI_TRUE : TRI_FALSE;
	if (v->state != VAL_UNKNOWN)
		return TRI_FALSE;
	const char *target = tf_reference_target(m, from->id, path->seg[0].key ? path->seg[0].key : "");
	if (!target)
		return TRI_UNKNOWN;
	return strcmp(target, tf_base_address(m->arena, to->id)) == 0 ? TRI_TRUE : TRI_FALSE;
}

int props_refers(struct file_model *m, const struct resource *from, const struct prop_path *path,
		 const struct resource *to)
{
	prop_values vals = {0};
	props_get(m, from, path, &vals);
	int result = TRI_FALSE;
	for (size_t i = 0; i < vals.n && result != TRI_TRUE; i++) {
		const struct prop_value *v = &vals.v[i];
		int r;
		if (!m->cfn)
			r = tf_refers(m, from, path, to, v);
		else if (v->state == VAL_UNKNOWN)
			r = v->v && v->v->kind == NODE_UNKNOWN && v->v->u.unk.ref
				    ? (strcmp(v->v->u.unk.ref, to->id) == 0 ? TRI_TRUE : TRI_FALSE)
				    : TRI_UNKNOWN;
		else
			r = TRI_FALSE; /* a literal id cannot name a resource of this template */
		if (r == TRI_TRUE || r == TRI_UNKNOWN)
			result = r;
	}
	free(vals.v);
	return result;
}
