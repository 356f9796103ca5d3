/* load_json.c - JSON text to document tree, in one pass.
 *
 * A recursive-descent parser that builds nodes as it reads, so every value
 * and key gets its line and column from the cursor itself: no second walk
 * over the text to recover positions, no intermediate tree, no global
 * state (files are parsed on several threads at once). Nodes, strings and
 * pair arrays are allocated in the document's arena; collections are
 * gathered on a scratch stack and copied once when they close.
 *
 * What it accepts is RFC 8259 JSON, with two tolerances real files need:
 * raw control characters inside strings (some generators write raw tabs
 * and newlines), and numbers kept as the text they were written in (the
 * stages after us parse what they need; "1e999" stays "1e999"). A string
 * holding \u0000 is an error: cutting a name at the NUL would make two
 * different names the same.
 */
#include "doc/load_json.h"

#include <stdlib.h>
#include <string.h>

struct jp {
	const char *file;
	const char *start, *p, *end;
	uint32_t line;
	const char *line_start;   /* first byte of the current line */
	const char *col_at;       /* columns are counted up to here ... */
	uint32_t col;             /* ... and this is the column there */
	int ascii;
	uint32_t depth;
	uint64_t nodes;           /* node limit */
	struct arena *a;
	const struct load_limits *lim;
	struct diag *err;
	VEC(struct node *) items;   /* open arrays' items */
	VEC(struct node_pair) pairs; /* open objects' pairs */
	unsigned notes;              /* enum doc_note */
	struct key_scratch keys;
};

/* The column of the cursor: characters since the line start. Positions are
 * asked for in increasing order, so non-ASCII text is counted once. */
static struct loc jp_loc(struct jp *j)
{
	if (j->ascii)
		return (struct loc){j->file, j->line, (uint32_t)(j->p - j->line_start) + 1};
	if (j->col_at < j->line_start || j->col_at > j->p) {
		j->col_at = j->line_start;
		j->col = 1;
	}
	for (; j->col_at < j->p; j->col_at++)
		j->col += ((unsigned char)*j->col_at & 0xC0) != 0x80;
	return (struct loc){j->file, j->line, j->col};
}

static void newline_at(struct jp *j, const char *nl)
{
	j->line++;
	j->line_start = nl + 1;
}

static void skip_ws_run(struct jp *j)
{
	const char *p = j->p, *end = j->end;
	while (p < end) {
		if (*p == ' ') { /* indentation: runs of spaces, eight at a time */
			for (p++; end - p >= 8; p += 8) {
				uint64_t other = swar_load(p) ^ (SWAR_ONES * ' ');
				if (other) {
					p += swar_first(other);
					break;
				}
			}
			while (p < end && *p == ' ')
				p++;
			continue;
		}
		if (*p == '\n')
			newline_at(j, p);
		else if (*p != '\t' && *p != '\r')
			break;
		p++;
	}
	j->p = p;
}

/* Inline for minified JSON (Terraform plans), where there is none. */
static inline void skip_ws(struct jp *j)
{
	if (j->p < j->end && (unsigned char)*j->p > ' ')
		return;
	skip_ws_run(j);
}

/* What stands at the cursor, in an error message. */
static int fail(struct jp *j)
{
	struct loc l = jp_loc(j);
	if (j->p >= j->end) {
		diag_set(j->err, l, "JSON syntax error: unexpected end of file");
	} else {
		unsigned char c = (unsigned char)*j->p;
		if (c >= 0x80 || c < 0x20)
			diag_set(j->err, l, "JSON syntax error: unexpected character (byte 0x%02x)", c);
		else
			diag_set(j->err, l, "JSON syntax error: unexpected '%c'", c);
	}
	return -1;
}

/* ---- strings ------------------------------------------------------------- */

static int hex4(const char *p, uint32_t *out)
{
	uint32_t v = 0;
	for (int i = 0; i < 4; i++) {
		char c = p[i];
		v <<= 4;
		if (c >= '0' && c <= '9')
			v |= (uint32_t)(c - '0');
		else if (c >= 'a' && c <= 'f')
			v |= (uint32_t)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F')
			v |= (uint32_t)(c - 'A' + 10);
		else
			return -1;
	}
	*out = v;
	return 0;
}

static size_t put_utf8(char *o, uint32_t cp)
{
	if (cp < 0x80) {
		o[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		o[0] = (char)(0xC0 | (cp >> 6));
		o[1] = (char)(0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp < 0x10000) {
		o[0] = (char)(0xE0 | (cp >> 12));
		o[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		o[2] = (char)(0x80 | (cp & 0x3F));
		return 3;
	}
	o[0] = (char)(0xF0 | (cp >> 18));
	o[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
	o[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
	o[3] = (char)(0x80 | (cp & 0x3F));
	return 4;
}

/* \uXXXX (with its low surrogate when it is a high one) at p; the code
 * point and the bytes consumed, or 0 when malformed. */
static size_t unicode_escape(const char *p, const char *end, uint32_t *cp)
{
	uint32_t hi, lo;
	if (end - p < 6 || hex4(p + 2, &hi) != 0)
		return 0;
	if (hi >= 0xDC00 && hi <= 0xDFFF)
		return 0;
	if (hi < 0xD800 || hi > 0xDBFF) {
		*cp = hi;
		return 6;
	}
	if (end - p < 12 || p[6] != '\\' || p[7] != 'u' || hex4(p + 8, &lo) != 0 || lo < 0xDC00 || lo > 0xDFFF)
		return 0;
	*cp = 0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00);
	return 12;
}

static int bad_escape(struct jp *j, const char *at, const char *why)
{
	j->p = at;
	diag_set(j->err, jp_loc(j), "JSON syntax error: %s", why);
	return -1;
}

/* Decode the escapes of [p, close) into out (which has room: decoding
 * never makes a string longer). */
static int decode_escapes(struct jp *j, const char *p, const char *close, char *out, size_t *len)
{
	char *o = out;
	while (p < close) {
		const char *bs = memchr(p, '\\', (size_t)(close - p));
		size_t run = (size_t)((bs ? bs : close) - p);
		memcpy(o, p, run);
		o += run;
		p += run;
		if (!bs)
			break;
		uint32_t cp;
		size_t n;
		switch (p[1]) {
		case '"': case '\\': case '/':
			*o++ = p[1];
			p += 2;
			continue;
		case 'b': *o++ = '\b'; p += 2; continue;
		case 'f': *o++ = '\f'; p += 2; continue;
		case 'n': *o++ = '\n'; p += 2; continue;
		case 'r': *o++ = '\r'; p += 2; continue;
		case 't': *o++ = '\t'; p += 2; continue;
		case 'u':
			if ((n = unicode_escape(p, close, &cp)) == 0)
				return bad_escape(j, p, "invalid \\u escape (a lone or malformed surrogate?)");
			if (cp == 0)
				return bad_escape(j, p, "\\u0000 in a string (a NUL would cut the text)");
			o += put_utf8(o, cp);
			p += n;
			continue;
		default:
			return bad_escape(j, p, "invalid escape in a string");
		}
	}
	*len = (size_t)(o - out);
	return 0;
}

/* A string at the cursor (on its opening quote): its decoded text in the
 * arena. Lines inside it count (raw newlines are tolerated). */
static int parse_string(struct jp *j, const char **text, uint32_t *len)
{
	/* where a scan of the string stops: its end, an escape, a line break */
	static const unsigned char stop[256] = {['"'] = 1, ['\\'] = 1, ['\n'] = 1};
	const char *open = j->p, *p = open + 1, *end = j->end, *close;
	int escapes = 0, newlines = 0;
	for (;;) {
		for (; end - p >= 8; p += 8) {
			uint64_t w = swar_load(p), hit = swar_find(w, '"') | swar_find(w, '\\') | swar_find(w, '\n');
			if (hit) {
				p += swar_first(hit);
				break;
			}
		}
		while (p < end && !stop[(unsigned char)*p])
			p++;
		if (p < end && *p == '"')
			break;
		if (p + 1 >= end) {
			diag_set(j->err, jp_loc(j), "JSON syntax error: unterminated string");
			return -1;
		}
		if (*p == '\\') {
			escapes = 1;
			newlines |= p[1] == '\n';
			p += 2;
		} else {
			newlines = 1;
			p++;
		}
	}
	close = p;
	size_t raw = (size_t)(close - open - 1), n = raw;
	if (raw > j->lim->max_scalar_len) {
		diag_set(j->err, jp_loc(j), "string of %zu bytes exceeds the limit of %zu (string limit)", raw,
			 j->lim->max_scalar_len);
		return -1;
	}
	char *out = arena_alloc_raw(j->a, raw + 1);
	if (!escapes)
		memcpy(out, open + 1, raw);
	else if (decode_escapes(j, open + 1, close, out, &n) != 0)
		return -1;
	out[n] = '\0';
	for (const char *nl = newlines ? memchr(open + 1, '\n', raw) : NULL; nl;
	     nl = memchr(nl + 1, '\n', (size_t)(close - nl - 1)))
		newline_at(j, nl);
	j->p = close + 1;
	*text = out;
	*len = (uint32_t)n;
	return 0;
}

/* ---- scalars --------------------------------------------------------------- */

/* -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?; returns its length or 0. */
static size_t number_len(const char *p, const char *end)
{
	const char *q = p;
	if (q < end && *q == '-')
		q++;
	if (q < end && *q == '0') {
		q++;
	} else {
		const char *d = q;
		while (q < end && *q >= '0' && *q <= '9')
			q++;
		if (q == d)
			return 0;
	}
	if (q < end && *q == '.') {
		const char *d = ++q;
		while (q < end && *q >= '0' && *q <= '9')
			q++;
		if (q == d)
			return 0;
	}
	if (q < end && (*q == 'e' || *q == 'E')) {
		q++;
		if (q < end && (*q == '+' || *q == '-'))
			q++;
		const char *d = q;
		while (q < end && *q >= '0' && *q <= '9')
			q++;
		if (q == d)
			return 0;
	}
	return (size_t)(q - p);
}

static int literal(struct jp *j, struct node *n, const char *word, int kind, int flags)
{
	size_t len = strlen(word);
	if ((size_t)(j->end - j->p) < len || memcmp(j->p, word, len) != 0)
		return fail(j);
	n->kind = (uint8_t)kind;
	n->flags |= (uint8_t)flags;
	n->text = word;
	n->len = (uint32_t)len;
	j->p += len;
	return 0;
}

static int parse_scalar(struct jp *j, struct node *n)
{
	char c = *j->p;
	if (c == '"') {
		n->kind = NODE_STR;
		n->flags |= NODE_F_QUOTED;
		return parse_string(j, &n->text, &n->len);
	}
	if (c == 't')
		return literal(j, n, "true", NODE_BOOL, NODE_F_TRUE);
	if (c == 'f')
		return literal(j, n, "false", NODE_BOOL, 0);
	if (c == 'n')
		return literal(j, n, "null", NODE_NULL, 0);
	size_t len = number_len(j->p, j->end);
	if (!len)
		return fail(j);
	n->kind = NODE_NUM;
	n->text = arena_strndup(j->a, j->p, len);
	n->len = (uint32_t)len;
	j->p += len;
	return 0;
}

/* ---- collections ------------------------------------------------------------- */

static struct node *parse_value(struct jp *j);

/* The separator after a member: ',' (then another member) or the close. */
static int after_member(struct jp *j, char close, int *more)
{
	skip_ws(j);
	if (j->p < j->end && *j->p == ',') {
		j->p++;
		*more = 1;
		return 0;
	}
	if (j->p < j->end && *j->p == close) {
		j->p++;
		*more = 0;
		return 0;
	}
	return fail(j);
}

static int parse_array(struct jp *j, struct node *n)
{
	size_t base = j->items.n;
	j->p++; /* [ */
	skip_ws(j);
	int more = !(j->p < j->end && *j->p == ']');
	if (!more)
		j->p++;
	while (more) {
		struct node *v = parse_value(j);
		if (!v || after_member(j, ']', &more) != 0)
			return -1;
		VEC_PUSH(j->items, v);
	}
	n->u.seq.n = (uint32_t)(j->items.n - base);
	n->u.seq.items = n->u.seq.n ? arena_memdup(j->a, j->items.v + base, sizeof(*j->items.v) * n->u.seq.n) : NULL;
	j->items.n = base;
	return 0;
}

static int parse_member(struct jp *j)
{
	struct node_pair pair;
	uint32_t len;
	skip_ws(j);
	if (j->p >= j->end || *j->p != '"')
		return fail(j);
	pair.key_loc = jp_loc(j);
	if (parse_string(j, &pair.key, &len) != 0)
		return -1;
	skip_ws(j);
	if (j->p >= j->end || *j->p != ':')
		return fail(j);
	j->p++;
	if (!(pair.value = parse_value(j)))
		return -1;
	VEC_PUSH(j->pairs, pair);
	return 0;
}

static int parse_object(struct jp *j, struct node *n)
{
	size_t base = j->pairs.n;
	j->p++; /* { */
	skip_ws(j);
	int more = !(j->p < j->end && *j->p == '}');
	if (!more)
		j->p++;
	while (more)
		if (parse_member(j) != 0 || after_member(j, '}', &more) != 0)
			return -1;
	n->u.map.n = (uint32_t)(j->pairs.n - base);
	n->u.map.pairs = n->u.map.n ? arena_memdup(j->a, j->pairs.v + base, sizeof(*j->pairs.v) * n->u.map.n) : NULL;
	j->notes |= pairs_notes(n->u.map.pairs, n->u.map.n, &j->keys);
	j->pairs.n = base;
	return 0;
}

static struct node *parse_value(struct jp *j)
{
	skip_ws(j);
	if (j->p >= j->end) {
		fail(j);
		return NULL;
	}
	struct node *n = node_new(j->a, NODE_NULL, jp_loc(j));
	if (++j->nodes > j->lim->max_nodes) {
		diag_set(j->err, n->loc, "more than %llu nodes in one file (node limit: the size limit / %d, see --max-file-size)",
			 (unsigned long long)j->lim->max_nodes, SG_BYTES_PER_NODE);
		return NULL;
	}
	char c = *j->p;
	if (c != '{' && c != '[')
		return parse_scalar(j, n) == 0 ? n : NULL;
	if (++j->depth > j->lim->max_depth) {
		diag_set(j->err, n->loc, "nesting deeper than %u levels (depth limit)", j->lim->max_depth);
		return NULL;
	}
	n->kind = c == '{' ? NODE_MAP : NODE_SEQ;
	int rc = c == '{' ? parse_object(j, n) : parse_array(j, n);
	j->depth--;
	return rc == 0 ? n : NULL;
}

int load_json(const char *file, const char *text, size_t len, int ascii,
	      const struct load_limits *lim, struct arena *arena,
	      struct node **root, unsigned *notes, struct diag *err)
{
	struct jp j;
	memset(&j, 0, sizeof(j));
	j.file = file;
	j.start = j.p = j.line_start = j.col_at = text;
	j.end = text + len;
	j.line = 1;
	j.col = 1;
	j.ascii = ascii;
	j.a = arena;
	j.lim = lim;
	j.err = err;
	struct node *n = parse_value(&j);
	if (n) {
		skip_ws(&j);
		if (j.p < j.end) {
			diag_set(err, jp_loc(&j), "JSON syntax error: unexpected content after the end of the document");
			n = NULL;
		}
	}
	free(j.items.v);
	free(j.pairs.v);
	key_scratch_release(&j.keys);
	if (!n)
		return -1;
	*root = n;
	if (notes)
		*notes = j.notes | DOC_NOTES_KNOWN;
	return 0;
}
