/* node.c - see node.h */
#include "doc/node.h"

#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include <stdlib.h>
#include <string.h>

int node_is_scalar(const struct node *n)
{
	return n && (n->kind == NODE_STR || n->kind == NODE_NUM ||
		     n->kind == NODE_BOOL || n->kind == NODE_NULL);
}

const struct node_pair *node_get_pair(const struct node *map, const char *key)
{
	if (!map || map->kind != NODE_MAP)
		return NULL;
	/* the first character settles most comparisons without a call */
	for (uint32_t i = map->u.map.n; i-- > 0;) {
		const char *k = map->u.map.pairs[i].key;
		if (k[0] == key[0] && strcmp(k, key) == 0)
			return &map->u.map.pairs[i];
	}
	return NULL;
}

struct node *node_get(const struct node *map, const char *key)
{
	const struct node_pair *p = node_get_pair(map, key);
	return p ? p->value : NULL;
}

void node_index_init(struct node_index *ix, struct arena *a, const struct node *map)
{
	ix->map = map;
	hmap_init(&ix->keys, a);
	if (!map || map->kind != NODE_MAP)
		return;
	for (uint32_t i = 0; i < map->u.map.n; i++)
		hmap_put(&ix->keys, map->u.map.pairs[i].key, &map->u.map.pairs[i]);
}

const struct node_pair *node_index_pair(const struct node_index *ix, const char *key)
{
	return key ? hmap_get(&ix->keys, key) : NULL;
}

struct node *node_index_get(const struct node_index *ix, const char *key)
{
	const struct node_pair *p = node_index_pair(ix, key);
	return p ? p->value : NULL;
}

const char *node_str(const struct node *n)
{
	if (!n)
		return NULL;
	switch (n->kind) {
	case NODE_STR:
	case NODE_NUM:
	case NODE_BOOL:
		return n->text;
	default:
		return NULL;
	}
}

int node_str_eq(const struct node *n, const char *s)
{
	const char *t = node_str(n);
	return t && strcmp(t, s) == 0;
}

int node_int(const struct node *n, int64_t *out)
{
	const char *t = node_str(n);
	if (!t || n->kind == NODE_BOOL)
		return -1;
	return parse_integral(t, out);
}

int node_is_true(const struct node *n)
{
	return n && n->kind == NODE_BOOL && (n->flags & NODE_F_TRUE);
}

int node_bool(const struct node *n, int *out)
{
	if (!n)
		return -1;
	if (n->kind == NODE_BOOL) {
		*out = (n->flags & NODE_F_TRUE) != 0;
		return 0;
	}
	const char *t = node_str(n);
	if (!t)
		return -1;
	if (str_eq_nocase(t, "true")) {
		*out = 1;
		return 0;
	}
	if (str_eq_nocase(t, "false")) {
		*out = 0;
		return 0;
	}
	return -1;
}

const char *node_kind_name(int kind)
{
	static const char *const names[] = {
		[NODE_NULL] = "null",	  [NODE_BOOL] = "boolean",
		[NODE_NUM] = "number",	  [NODE_STR] = "string",
		[NODE_SEQ] = "list",	  [NODE_MAP] = "mapping",
		[NODE_UNKNOWN] = "unknown", [NODE_NOVALUE] = "AWS::NoValue",
		[NODE_EXPR] = "expression", [NODE_ALT] = "alternatives", [NODE_REF] = "resource",
	};
	if (kind < 0 || (size_t)kind >= sizeof(names) / sizeof(names[0]))
		return "?";
	return names[kind];
}

static inline struct node *node_init(struct node *n, int kind, struct loc loc)
{
	n->kind = (uint8_t)kind;
	n->flags = 0;
	n->len = 0;
	n->loc = loc;
	n->text = "";
	n->u.seq.items = NULL;
	n->u.seq.n = 0;
	n->u.unk.attr = NULL;
	return n;
}

struct node *node_new(struct arena *a, int kind, struct loc loc)
{
	return node_init(arena_alloc_raw(a, sizeof(struct node)), kind, loc);
}

/* Up to this many keys, a mapping is checked pair by pair (the first
 * byte settles most); beyond, its keys are hashed. */
#define PAIRWISE_MAX 12

static void duplicates_hashed(const struct node_pair *p, uint32_t n, struct key_scratch *s,
			      void (*found)(void *ctx, uint32_t first, uint32_t dup), void *ctx)
{
	size_t cap = 16;
	while (cap < 2 * (size_t)n)
		cap *= 2;
	if (cap > s->cap) {
		free(s->slots);
		s->slots = xcalloc(cap, sizeof(*s->slots));
		s->cap = cap;
	} else {
		memset(s->slots, 0, cap * sizeof(*s->slots));
	}
	for (uint32_t i = 0; i < n; i++) { /* a slot holds a pair's index + 1 */
		size_t k = str_hash(p[i].key) & (cap - 1);
		while (s->slots[k] && strcmp(p[s->slots[k] - 1].key, p[i].key) != 0)
			k = (k + 1) & (cap - 1);
		if (s->slots[k])
			found(ctx, s->slots[k] - 1, i);
		else
			s->slots[k] = i + 1;
	}
}

/* Inline into pairs_notes(), which the loaders call for every mapping. */
static inline void find_duplicates(const struct node_pair *p, uint32_t n, struct key_scratch *s,
				   void (*found)(void *ctx, uint32_t first, uint32_t dup), void *ctx)
{
	if (n > PAIRWISE_MAX) {
		duplicates_hashed(p, n, s, found, ctx);
		return;
	}
	for (uint32_t i = 1; i < n; i++)
		for (uint32_t k = 0; k < i; k++)
			if (p[k].key[0] == p[i].key[0] && strcmp(p[k].key, p[i].key) == 0) {
				found(ctx, k, i);
				break;
			}
}

void pairs_duplicates(const struct node_pair *p, uint32_t n, struct key_scratch *s,
		      void (*found)(void *ctx, uint32_t first, uint32_t dup), void *ctx)
{
	find_duplicates(p, n, s, found, ctx);
}

static void note_duplicate(void *ctx, uint32_t first, uint32_t dup)
{
	(void)first;
	(void)dup;
	*(unsigned *)ctx |= DOC_NOTE_DUP_KEY;
}

unsigned pairs_notes(const struct node_pair *p, uint32_t n, struct key_scratch *s)
{
	unsigned notes = 0;
	for (uint32_t i = 0; i < n; i++)
		if (doc_is_loop_key(p[i].key))
			notes |= DOC_NOTE_LOOP_KEY;
	if (n > 1)
		find_duplicates(p, n, s, note_duplicate, &notes);
	return notes;
}

void key_scratch_release(struct key_scratch *s)
{
	free(s->slots);
	s->slots = NULL;
	s->cap = 0;
}

/* The node and its text in one allocation, the text right after the node:
 * one bump of the arena for each of the many scalars a loader makes, and
 * the text in the cache lines its node just brought in. */
struct node *node_new_str(struct arena *a, struct loc loc, const char *s, size_t len)
{
	struct node *n = node_init(arena_alloc_raw(a, sizeof(*n) + len + 1), NODE_STR, loc);
	char *text = (char *)(n + 1);
	memcpy(text, s, len);
	text[len] = '\0';
	n->text = text;
	n->len = (uint32_t)len;
	return n;
}

struct node *node_new_unknown(struct arena *a, struct loc loc, const char *reason)
{
	struct node *n = node_new(a, NODE_UNKNOWN, loc);
	n->text = reason;
	n->len = (uint32_t)strlen(reason);
	return n;
}

struct node *node_new_seq(struct arena *a, struct loc loc, struct node **items, uint32_t n)
{
	struct node *s = node_new(a, NODE_SEQ, loc);
	s->u.seq.items = items;
	s->u.seq.n = n;
	return s;
}

struct node *node_new_map1(struct arena *a, struct loc loc, const char *key, struct node *value)
{
	struct node *m = node_new(a, NODE_MAP, loc);
	struct node_pair *p = arena_alloc(a, sizeof(*p));
	p->key = key;
	p->key_loc = loc;
	p->value = value;
	m->u.map.pairs = p;
	m->u.map.n = 1;
	return m;
}

/* Where every line starts. A template's lines are short, and a memchr
 * call per line costs more than its search: with SSE2 (every x86-64) the
 * text is compared sixteen bytes at a time and each newline read off a
 * bit mask, until 64 bytes pass without one: a long line (a minified plan
 * is one line) is memchr's. Elsewhere, memchr line by line. */
static void doc_index_lines(struct doc *d)
{
	VEC(uint32_t) starts = {0};
	const char *p = d->buf, *end = d->buf + d->len;
	VEC_GROW(starts, d->len / 32 + 2);
	VEC_PUSH(starts, 0);
#ifdef __SSE2__
	const __m128i nl = _mm_set1_epi8('\n');
	int empty = 0; /* chunks since the last newline */
	while (end - p >= 16) {
		unsigned bits = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(_mm_loadu_si128((const __m128i *)p), nl));
		if (!bits && ++empty == 4) {
			const char *next = memchr(p + 16, '\n', (size_t)(end - p - 16));
			if (!next) {
				p = end;
				break;
			}
			p = next + 1;
			VEC_PUSH(starts, (uint32_t)(p - d->buf));
			empty = 0;
			continue;
		}
		if (bits)
			empty = 0;
		for (; bits; bits &= bits - 1)
			VEC_PUSH(starts, (uint32_t)(p - d->buf) + (uint32_t)__builtin_ctz(bits) + 1);
		p += 16;
	}
#endif
	while ((p = memchr(p, '\n', (size_t)(end - p))) != NULL) {
		p++;
		VEC_PUSH(starts, (uint32_t)(p - d->buf));
	}
	VEC_PUSH(starts, (uint32_t)d->len + 1);
	d->line_starts = arena_memdup(d->arena, starts.v, starts.n * sizeof(uint32_t));
	d->nlines = (uint32_t)starts.n - 1;
	free(starts.v);
}

const char *doc_line(struct doc *d, uint32_t line, size_t *len)
{
	if (!d->buf || line == 0) {
		*len = 0;
		return "";
	}
	if (!d->line_starts)
		doc_index_lines(d);
	if (line > d->nlines) {
		*len = 0;
		return "";
	}
	const char *s = d->buf + d->line_starts[line - 1];
	size_t n = d->line_starts[line] - d->line_starts[line - 1];
	if (n > 0)
		n--; /* the newline, or the sentinel past the end */
	if (n > 0 && s[n - 1] == '\r')
		n--;
	*len = n;
	return s;
}
