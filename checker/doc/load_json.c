/* load_json.c - JSON to document tree through cJSON.
 *
 * cJSON parses and validates but keeps no positions. We recover them in one
 * linear pass: after cJSON succeeds, a cursor walks the same text in
 * lockstep with the cJSON tree (both are in document order), skipping
 * whitespace, strings and literals, and notes the line and column where
 * each value and each key starts. Strings are not copied: nodes point into
 * the cJSON tree.
 *
 * cJSON allocates from the document's arena (through its hooks, below), so
 * parsing costs a bump per item instead of a malloc, the tree lives exactly
 * as long as the document, and nothing needs cJSON_Delete.
 */
#include "doc/load_json.h"

#include <cjson/cJSON.h>
#include <pthread.h>
#include <string.h>

/* The arena of the parse running on this thread; cJSON's hooks are global,
 * the arena is per thread (files are parsed in parallel). */
static _Thread_local struct arena *parse_arena;

static void *arena_hook_malloc(size_t n)
{
	if (!parse_arena)
		die("internal error: cJSON allocation outside load_json()");
	return arena_alloc_raw(parse_arena, n);
}

static void arena_hook_free(void *p)
{
	(void)p; /* the arena frees everything with the document */
}

static void install_hooks(void)
{
	cJSON_Hooks hooks = {arena_hook_malloc, arena_hook_free};
	cJSON_InitHooks(&hooks);
}

struct jcur {
	const char *p, *end;
	const char *file;
	uint32_t line, col;
	uint32_t depth;
	int ascii;
	struct arena *a;
	const struct load_limits *lim;
	struct diag *err;
};

static void jc_advance(struct jcur *c, size_t n)
{
	for (const char *stop = c->p + n; c->p < stop; c->p++) {
		unsigned char b = (unsigned char)*c->p;
		if (b == '\n') {
			c->line++;
			c->col = 1;
		} else if ((b & 0xC0) != 0x80) {
			c->col++;
		}
	}
}

static inline void jc_skip_ws(struct jcur *c)
{
	const char *p = c->p, *end = c->end;
	while (p < end && (unsigned char)*p <= ' ') {
		if (*p == '\n') {
			c->line++;
			const char *q = ++p; /* pretty-printed JSON: indentation follows */
			while (p < end && *p == ' ')
				p++;
			c->col = 1 + (uint32_t)(p - q);
		} else {
			c->col++;
			p++;
		}
	}
	c->p = p;
}

static struct loc jc_loc(const struct jcur *c)
{
	return (struct loc){c->file, c->line, c->col};
}

/* Columns of a span: its characters (UTF-8 continuation bytes are not). */
static uint32_t span_columns(const struct jcur *c, const unsigned char *p, size_t n)
{
	if (c->ascii)
		return (uint32_t)n;
	uint32_t cols = 0;
	for (size_t i = 0; i < n; i++)
		cols += (p[i] & 0xC0) != 0x80;
	return cols;
}

/* The hottest loop of the JSON loader: most bytes of a plan are strings.
 * memchr finds the closing quote; a quote after an odd run of backslashes
 * is escaped. cJSON lets raw newlines into strings: they still count. */
static void jc_skip_string(struct jcur *c)
{
	const unsigned char *start = (const unsigned char *)c->p + 1, *p = start;
	const unsigned char *end = (const unsigned char *)c->end;
	for (;;) {
		const unsigned char *q = memchr(p, '"', (size_t)(end - p));
		if (!q) {
			p = end;
			break;
		}
		size_t backslashes = 0;
		while (q - backslashes > start && q[-1 - (ptrdiff_t)backslashes] == '\\')
			backslashes++;
		p = q + 1;
		if (backslashes % 2 == 0)
			break;
	}
	const unsigned char *nl = memchr(start, '\n', (size_t)(p - start)), *last = NULL;
	for (; nl; nl = memchr(nl + 1, '\n', (size_t)(p - nl - 1))) {
		c->line++;
		last = nl;
	}
	if (last)
		c->col = 1 + span_columns(c, last + 1, (size_t)(p - last - 1));
	else
		c->col += 1 + span_columns(c, start, (size_t)(p - start));
	c->p = (const char *)p;
}

/* Numbers and literals: a run of token characters. */
static const unsigned char token_char[256] = {
	['+'] = 1, ['-'] = 1, ['.'] = 1, ['e'] = 1, ['E'] = 1,
	['0'] = 1, ['1'] = 1, ['2'] = 1, ['3'] = 1, ['4'] = 1,
	['5'] = 1, ['6'] = 1, ['7'] = 1, ['8'] = 1, ['9'] = 1,
	['a'] = 1, ['b'] = 1, ['c'] = 1, ['d'] = 1, ['f'] = 1, ['g'] = 1, ['h'] = 1, ['i'] = 1,
	['j'] = 1, ['k'] = 1, ['l'] = 1, ['m'] = 1, ['n'] = 1, ['o'] = 1, ['p'] = 1, ['q'] = 1,
	['r'] = 1, ['s'] = 1, ['t'] = 1, ['u'] = 1, ['v'] = 1, ['w'] = 1, ['x'] = 1, ['y'] = 1,
	['z'] = 1,
};

static size_t jc_token_len(const struct jcur *c)
{
	const char *q = c->p;
	while (q < c->end && token_char[(unsigned char)*q])
		q++;
	return (size_t)(q - c->p);
}

static inline int jc_expect(struct jcur *c, char ch)
{
	if (c->p < c->end && *c->p == ch) { /* no whitespace before it */
		c->p++;
		c->col++;
		return 0;
	}
	jc_skip_ws(c);
	if (c->p >= c->end || *c->p != ch) {
		diag_set(c->err, jc_loc(c), "internal error: JSON position tracking lost at '%c'", ch);
		return -1;
	}
	jc_advance(c, 1);
	return 0;
}

static struct node *walk(struct jcur *c, const cJSON *item);

static struct node *walk_object(struct jcur *c, const cJSON *item, struct node *n)
{
	uint32_t count = 0;
	for (const cJSON *ch = item->child; ch; ch = ch->next)
		count++;
	struct node_pair *pairs = arena_alloc_raw(c->a, sizeof(*pairs) * (count ? count : 1));
	if (jc_expect(c, '{'))
		return NULL;
	uint32_t i = 0;
	for (const cJSON *ch = item->child; ch; ch = ch->next, i++) {
		if (i && jc_expect(c, ','))
			return NULL;
		jc_skip_ws(c);
		pairs[i].key_loc = jc_loc(c);
		pairs[i].key = ch->string ? ch->string : "";
		jc_skip_string(c);
		if (jc_expect(c, ':'))
			return NULL;
		if (!(pairs[i].value = walk(c, ch)))
			return NULL;
	}
	if (jc_expect(c, '}'))
		return NULL;
	n->u.map.pairs = pairs;
	n->u.map.n = count;
	return n;
}

static struct node *walk_array(struct jcur *c, const cJSON *item, struct node *n)
{
	uint32_t count = 0;
	for (const cJSON *ch = item->child; ch; ch = ch->next)
		count++;
	struct node **items = arena_alloc_raw(c->a, sizeof(*items) * (count ? count : 1));
	if (jc_expect(c, '['))
		return NULL;
	uint32_t i = 0;
	for (const cJSON *ch = item->child; ch; ch = ch->next, i++) {
		if (i && jc_expect(c, ','))
			return NULL;
		if (!(items[i] = walk(c, ch)))
			return NULL;
	}
	if (jc_expect(c, ']'))
		return NULL;
	n->u.seq.items = items;
	n->u.seq.n = count;
	return n;
}

static struct node *walk_scalar(struct jcur *c, const cJSON *item, struct node *n)
{
	if (n->kind == NODE_STR) {
		n->text = item->valuestring ? item->valuestring : "";
		size_t len = strlen(n->text);
		if (len > c->lim->max_scalar_len) {
			diag_set(c->err, n->loc, "string of %zu bytes exceeds the limit of %zu",
				 len, c->lim->max_scalar_len);
			return NULL;
		}
		n->len = (uint32_t)len;
		n->flags |= NODE_F_QUOTED;
		jc_skip_string(c);
		return n;
	}
	size_t len = jc_token_len(c);
	n->text = arena_strndup(c->a, c->p, len);
	n->len = (uint32_t)len;
	if ((item->type & 0xFF) == cJSON_True)
		n->flags |= NODE_F_TRUE;
	jc_advance(c, len);
	return n;
}

/* cJSON's type flags (cJSON_Is* are library calls: too slow per node). */
static int node_kind_of(const cJSON *item)
{
	switch (item->type & 0xFF) {
	case cJSON_Object:
		return NODE_MAP;
	case cJSON_Array:
		return NODE_SEQ;
	case cJSON_String:
		return NODE_STR;
	case cJSON_Number:
		return NODE_NUM;
	case cJSON_True:
	case cJSON_False:
		return NODE_BOOL;
	default:
		return NODE_NULL;
	}
}

static struct node *walk(struct jcur *c, const cJSON *item)
{
	jc_skip_ws(c);
	int kind = node_kind_of(item);
	struct node *n = node_new(c->a, kind, jc_loc(c));
	if (kind != NODE_MAP && kind != NODE_SEQ)
		return walk_scalar(c, item, n);
	if (++c->depth > c->lim->max_depth) {
		diag_set(c->err, n->loc, "nesting deeper than %u levels", c->lim->max_depth);
		return NULL;
	}
	n = kind == NODE_MAP ? walk_object(c, item, n) : walk_array(c, item, n);
	c->depth--;
	return n;
}

/* Nesting depth at byte `off`, counting brackets outside strings; with
 * `limit`, stops at the bracket that first goes deeper than it and stores
 * its offset in *where. */
static uint32_t depth_at(const char *text, size_t off, uint32_t limit, size_t *where)
{
	uint32_t depth = 0;
	int in_str = 0;
	for (size_t i = 0; i < off; i++) {
		char ch = text[i];
		if (in_str) {
			if (ch == '\\')
				i++;
			else if (ch == '"')
				in_str = 0;
		} else if (ch == '"') {
			in_str = 1;
		} else if (ch == '[' || ch == '{') {
			if (++depth > limit) {
				*where = i;
				return depth;
			}
		} else if ((ch == ']' || ch == '}') && depth) {
			depth--;
		}
	}
	return depth;
}

/* cJSON points at the start of the value it was parsing when it failed.
 * When only whitespace follows that value, the file simply ends too early:
 * point at the end. Returns `off` otherwise. */
static size_t past_complete_token(const char *text, size_t len, size_t off)
{
	size_t p = off;
	if (p < len && text[p] == '"') {
		for (p++; p < len && text[p] != '"'; p++)
			if (text[p] == '\\')
				p++;
		if (p >= len)
			return off;
		p++;
	} else {
		while (p < len && (strchr("+-.eE", text[p]) || (text[p] >= '0' && text[p] <= '9') ||
				   (text[p] >= 'a' && text[p] <= 'z')))
			p++;
		if (p == off)
			return off;
	}
	while (p < len && (text[p] == ' ' || text[p] == '\t' || text[p] == '\r' || text[p] == '\n'))
		p++;
	return p >= len ? p : off;
}

static void syntax_error(const char *file, const char *text, size_t len, size_t off,
			 const struct load_limits *lim, struct diag *err)
{
	if (off > len)
		off = len;
	off = past_complete_token(text, len, off);
	/* cJSON sometimes stops on the whitespace after the culprit */
	while (off > 0 && off < len && strchr(" \t\r\n", text[off]))
		off--;
	size_t deep_at = 0;
	if (depth_at(text, off, lim->max_depth, &deep_at) > lim->max_depth) {
		diag_set(err, loc_of_offset(file, text, deep_at), "nesting deeper than %u levels", lim->max_depth);
		return;
	}
	struct loc l = loc_of_offset(file, text, off);
	if (off >= len)
		diag_set(err, l, "JSON syntax error: unexpected end of file");
	else if (text[off] == '"' && !memchr(text + off + 1, '"', len - off - 1))
		diag_set(err, l, "JSON syntax error: unterminated string");
	else if ((unsigned char)text[off] >= 0x80 || (unsigned char)text[off] < 0x20)
		diag_set(err, l, "JSON syntax error: unexpected character (byte 0x%02x)", (unsigned char)text[off]);
	else
		diag_set(err, l, "JSON syntax error: unexpected '%c'", text[off]);
}

int load_json(const char *file, const char *text, size_t len, int ascii,
	      const struct load_limits *lim, struct arena *arena,
	      struct node **root, struct diag *err)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;
	const char *end = NULL;
	pthread_once(&once, install_hooks);
	parse_arena = arena;
	cJSON *tree = cJSON_ParseWithLengthOpts(text, len, &end, 0);
	parse_arena = NULL;
	if (!tree) {
		syntax_error(file, text, len, end ? (size_t)(end - text) : 0, lim, err);
		return -1;
	}
	struct jcur c = {text, text + len, file, 1, 1, 0, ascii, arena, lim, err};
	struct node *n = walk(&c, tree);
	if (n) {
		jc_skip_ws(&c);
		if (c.p < c.end) {
			diag_set(err, jc_loc(&c), "JSON syntax error: unexpected content after the end of the document");
			n = NULL;
		}
	}
	if (!n)
		return -1;
	*root = n;
	return 0;
}
