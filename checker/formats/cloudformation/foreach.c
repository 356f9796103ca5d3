/* foreach.c - Fn::ForEach of the AWS::LanguageExtensions transform: the
 * Resources section as CloudFormation will have it once the transform has
 * run. See internal.h.
 *
 *   Fn::ForEach::Loop: [Identifier, Collection, {OutputKey: OutputValue}]
 *
 * Each item of the collection gives one copy of the fragment in which
 * ${Identifier} and &{Identifier} (the item without its non-alphanumeric
 * characters) are replaced in keys and strings, and {Ref: Identifier} is
 * the item. Loops nest, and may appear inside resource properties too. A
 * collection that cannot be known before deployment gives one copy with
 * the identifier unknown: what depends on it is unknown (SG012), what the
 * fragment writes literally is checked as written, since every item
 * deploys it. Copies keep the fragment's locations.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "formats/cloudformation/internal.h"

#define FOREACH_MAX_DEPTH 16       /* loops inside loops */
#define FOREACH_MAX_COPIES 10000   /* nodes generated per template, roughly: pairs */

typedef VEC(struct node_pair) pair_vec;

struct binding {
	const char *id;
	struct node *value; /* a scalar, or NODE_UNKNOWN */
	const struct binding *next;
};

struct expand {
	struct cfn_ctx *cx;
	uint32_t pairs;   /* pairs generated so far */
	int over;         /* the limit was hit (reported once) */
};

/* Whether a Fn::ForEach key appears anywhere under n. */
static int has_foreach(const struct node *n, int depth)
{
	if (!n || depth > 64)
		return 0;
	if (n->kind == NODE_SEQ)
		for (uint32_t i = 0; i < n->u.seq.n; i++)
			if (has_foreach(n->u.seq.items[i], depth + 1))
				return 1;
	if (n->kind == NODE_MAP)
		for (uint32_t i = 0; i < n->u.map.n; i++)
			if (doc_is_loop_key(n->u.map.pairs[i].key) || has_foreach(n->u.map.pairs[i].value, depth + 1))
				return 1;
	return 0;
}

/* &{Identifier}: the item without the characters a logical id cannot hold. */
static void add_alnum(struct strbuf *sb, const char *s)
{
	for (; *s; s++)
		if ((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9'))
			sb_addc(sb, *s);
}

/* The binding a "${" or "&{" at s names, with the length of the reference. */
static const struct binding *ref_at(const struct binding *b, const char *s, size_t *len)
{
	if ((s[0] != '$' && s[0] != '&') || s[1] != '{')
		return NULL;
	for (; b; b = b->next) {
		size_t n = strlen(b->id);
		if (strncmp(s + 2, b->id, n) == 0 && s[2 + n] == '}') {
			*len = n + 3;
			return b;
		}
	}
	return NULL;
}

/* s with every reference to a binding replaced; NULL when s names none.
 * *unknown_reason is set when a reference is to an unknown item. */
static const char *subst_text(struct expand *x, const char *s, const struct binding *b,
			      const char **unknown_reason)
{
	size_t len;
	const char *p = s;
	while (*p && !ref_at(b, p, &len))
		p++;
	if (!*p)
		return NULL;
	struct strbuf sb = STRBUF_INIT;
	for (p = s; *p;) {
		const struct binding *hit = ref_at(b, p, &len);
		if (!hit) {
			sb_addc(&sb, *p++);
			continue;
		}
		if (hit->value->kind == NODE_UNKNOWN) {
			*unknown_reason = hit->value->text;
			sb_add(&sb, p, len); /* kept as written: the logical id of the one copy */
		} else if (p[0] == '&') {
			add_alnum(&sb, node_str(hit->value));
		} else {
			sb_adds(&sb, node_str(hit->value));
		}
		p += len;
	}
	const char *out = arena_strndup(x->cx->a, sb_str(&sb), sb.len);
	sb_release(&sb);
	return out;
}

static struct node *expand_node(struct expand *x, struct node *n, const struct binding *b, int depth);

static const struct binding *bound(const struct binding *b, const char *id)
{
	for (; b; b = b->next)
		if (strcmp(b->id, id) == 0)
			return b;
	return NULL;
}

static int over_limit(struct expand *x, struct loc loc)
{
	if (x->pairs <= FOREACH_MAX_COPIES)
		return 0;
	if (!x->over++)
		model_error(x->cx->m, loc, "Fn::ForEach generates more than %d entries: the rest is not scanned",
			    FOREACH_MAX_COPIES);
	return 1;
}

static void push_pair(struct expand *x, pair_vec *out, const char *key, struct loc key_loc,
		      struct node *value)
{
	struct node_pair p = {key, key_loc, value};
	VEC_PUSH(*out, p);
	x->pairs++;
}

/* The items of a loop's collection; -1 when it cannot be known, with why. */
static int collection_items(struct expand *x, struct node *coll, const struct binding *b, int depth,
			    struct node ***items, uint32_t *n, const char **why)
{
	struct alts alts = {0};
	cfn_resolve(x->cx, expand_node(x, coll, b, depth + 1), &alts);
	if (alts.n != 1) {
		*why = alts.n ? "its collection has several possible values" : "its collection has no value";
		return -1;
	}
	struct node *l = alts.v[0].v;
	if (l->kind == NODE_UNKNOWN) {
		*why = l->text;
		return -1;
	}
	if (l->kind != NODE_SEQ) {
		*why = "its collection is not a list";
		return -1;
	}
	*items = arena_alloc(x->cx->a, sizeof(**items) * (l->u.seq.n ? l->u.seq.n : 1));
	for (uint32_t i = 0; i < l->u.seq.n; i++) {
		struct alts item = {0};
		cfn_resolve(x->cx, l->u.seq.items[i], &item);
		struct node *v = item.n == 1 ? item.v[0].v : NULL;
		if (!v || !(v->kind == NODE_STR || v->kind == NODE_NUM || v->kind == NODE_BOOL))
			v = node_new_unknown(x->cx->a, l->u.seq.items[i]->loc,
					     "an item of the Fn::ForEach collection is known only at deployment");
		(*items)[i] = v;
	}
	*n = l->u.seq.n;
	return 0;
}

/* One Fn::ForEach::Name: [Identifier, Collection, Fragment] into out. */
static void expand_loop(struct expand *x, const struct node_pair *loop, const struct binding *b, int depth,
			pair_vec *out);

static void expand_pairs(struct expand *x, const struct node *map, const struct binding *b, int depth,
			 pair_vec *out)
{
	for (uint32_t i = 0; i < map->u.map.n && !over_limit(x, map->loc); i++) {
		const struct node_pair *p = &map->u.map.pairs[i];
		if (doc_is_loop_key(p->key)) {
			expand_loop(x, p, b, depth, out);
			continue;
		}
		const char *why = NULL;
		const char *key = subst_text(x, p->key, b, &why);
		push_pair(x, out, key ? key : p->key, p->key_loc, expand_node(x, p->value, b, depth + 1));
	}
}

static void expand_loop(struct expand *x, const struct node_pair *loop, const struct binding *b, int depth,
			pair_vec *out)
{
	const struct node *v = loop->value;
	const char *name = loop->key + sizeof(FOREACH_PREFIX) - 1;
	const char *id = v && v->kind == NODE_SEQ && v->u.seq.n == 3 ? node_str(v->u.seq.items[0]) : NULL;
	struct node *frag = id ? v->u.seq.items[2] : NULL;
	if (!id || frag->kind != NODE_MAP) {
		model_error(x->cx->m, loop->key_loc,
			    "%s: expected [Identifier, Collection, {OutputKey: OutputValue}]", loop->key);
		return;
	}
	if (depth >= FOREACH_MAX_DEPTH) {
		model_error(x->cx->m, loop->key_loc, "Fn::ForEach loops nest more than %d deep", FOREACH_MAX_DEPTH);
		return;
	}
	struct node **items = NULL, *unk;
	uint32_t n = 0;
	const char *why = NULL;
	if (collection_items(x, v->u.seq.items[1], b, depth, &items, &n, &why) != 0) {
		/* one copy stands for every item */
		unk = node_new_unknown(x->cx->a, v->u.seq.items[1]->loc,
						    arena_printf(x->cx->a, "%s of Fn::ForEach::%s, whose collection "
								 "cannot be known before deployment (%s)",
								 id, name, why));
		diags_add(&x->cx->m->notes, loop->key_loc,
			  "Fn::ForEach::%s: the collection cannot be known before deployment (%s): the loop is "
			  "checked once, with ${%s} unknown", name, why, id);
		items = &unk;
		n = 1;
	}
	for (uint32_t i = 0; i < n && !over_limit(x, loop->key_loc); i++) {
		struct binding nb = {id, items[i], b};
		expand_pairs(x, frag, &nb, depth + 1, out);
	}
}

/* A copy of n with the bindings applied and the loops inside expanded;
 * n itself when nothing under it changes. */
static struct node *expand_node(struct expand *x, struct node *n, const struct binding *b, int depth)
{
	if (!n || depth > 256)
		return n;
	struct arena *a = x->cx->a;
	if (n->kind == NODE_STR && b) {
		const char *why = NULL;
		const char *s = subst_text(x, n->text, b, &why);
		if (why)
			return node_new_unknown(a, n->loc, why);
		if (!s)
			return n;
		struct node *c = node_new_str(a, n->loc, s, strlen(s));
		c->flags = n->flags;
		return c;
	}
	if (n->kind == NODE_SEQ && (b || has_foreach(n, 0))) {
		struct node **items = arena_alloc(a, sizeof(*items) * (n->u.seq.n ? n->u.seq.n : 1));
		for (uint32_t i = 0; i < n->u.seq.n; i++)
			items[i] = expand_node(x, n->u.seq.items[i], b, depth + 1);
		struct node *c = node_new_seq(a, n->loc, items, n->u.seq.n);
		c->flags = n->flags;
		return c;
	}
	if (n->kind != NODE_MAP || (!b && !has_foreach(n, 0)))
		return n;
	/* {Ref: Identifier} is the item */
	const struct binding *hit;
	if (n->u.map.n == 1 && strcmp(n->u.map.pairs[0].key, "Ref") == 0 && node_str(n->u.map.pairs[0].value) &&
	    (hit = bound(b, node_str(n->u.map.pairs[0].value))) != NULL) {
		if (hit->value->kind == NODE_UNKNOWN)
			return node_new_unknown(a, n->loc, hit->value->text);
		struct node *c = node_new_str(a, n->loc, node_str(hit->value), strlen(node_str(hit->value)));
		c->flags = NODE_F_QUOTED;
		return c;
	}
	pair_vec pairs = {0};
	expand_pairs(x, n, b, depth, &pairs);
	struct node *c = node_new(a, NODE_MAP, n->loc);
	c->flags = n->flags;
	c->u.map.n = (uint32_t)pairs.n;
	c->u.map.pairs = arena_alloc(a, sizeof(*pairs.v) * (pairs.n ? pairs.n : 1));
	if (pairs.n)
		memcpy(c->u.map.pairs, pairs.v, sizeof(*pairs.v) * pairs.n);
	free(pairs.v);
	return c;
}

void cfn_expand_foreach(struct cfn_ctx *cx)
{
	const struct node *resources = cx->resources.map;
	if (!cx->foreach || !resources || resources->kind != NODE_MAP || !has_foreach(resources, 0))
		return;
	struct expand x = {cx, 0, 0};
	union {
		const struct node *c;
		struct node *v;
	} res = {resources}; /* read, never written: a copy is made */
	/* the expanded section replaces the template's, keys hashed again */
	node_index_init(&cx->resources, cx->a, expand_node(&x, res.v, NULL, 0));
}
