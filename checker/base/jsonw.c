/* jsonw.c - see jsonw.h */
#include "base/jsonw.h"

#include <stdio.h>
#include <string.h>

void jw_init(struct jsonw *w, struct strbuf *out, int compact)
{
	memset(w, 0, sizeof(*w));
	w->out = out;
	w->compact = compact;
	w->first[0] = 1;
}

void jw_init_nested(struct jsonw *w, struct strbuf *out, int depth)
{
	jw_init(w, out, 0);
	w->depth = depth;
	w->first[0] = 0;
}

int jw_at_first(const struct jsonw *w)
{
	return w->first[w->depth];
}

void jw_items_written(struct jsonw *w)
{
	w->first[w->depth] = 0;
}

static void newline(struct jsonw *w)
{
	if (w->compact)
		return;
	sb_addc(w->out, '\n');
	for (int i = 0; i < w->depth; i++)
		sb_add(w->out, "  ", 2);
}

/* Separator and indentation before a value or key. */
static void before_item(struct jsonw *w)
{
	if (w->after_key) {
		w->after_key = 0;
		return;
	}
	if (!w->first[w->depth])
		sb_addc(w->out, ',');
	w->first[w->depth] = 0;
	if (w->depth > 0)
		newline(w);
}

static void open(struct jsonw *w, char c)
{
	before_item(w);
	sb_addc(w->out, c);
	if (w->depth + 1 >= (int)(sizeof(w->first) / sizeof(w->first[0])))
		die("JSON writer nesting too deep");
	w->first[++w->depth] = 1;
}

static void close_(struct jsonw *w, char c)
{
	int empty = w->first[w->depth];
	w->depth--;
	if (!empty)
		newline(w);
	sb_addc(w->out, c);
	if (w->depth == 0 && !w->compact)
		sb_addc(w->out, '\n');
}

void jw_obj(struct jsonw *w) { open(w, '{'); }
void jw_obj_end(struct jsonw *w) { close_(w, '}'); }
void jw_arr(struct jsonw *w) { open(w, '['); }
void jw_arr_end(struct jsonw *w) { close_(w, ']'); }

/* The escape of one byte that needs one: a quote, a backslash or a
 * control character. */
static void escape_byte(struct strbuf *sb, unsigned char c)
{
	switch (c) {
	case '"':
		sb_add(sb, "\\\"", 2);
		break;
	case '\\':
		sb_add(sb, "\\\\", 2);
		break;
	case '\n':
		sb_add(sb, "\\n", 2);
		break;
	case '\r':
		sb_add(sb, "\\r", 2);
		break;
	case '\t':
		sb_add(sb, "\\t", 2);
		break;
	default:
		sb_addf(sb, "\\u%04x", c);
	}
}

/* Bytes from p, up to end, that need no escape: eight at a time, then one
 * by one. */
static const char *plain_run(const char *p, const char *end)
{
	while (end - p >= 8) {
		uint64_t w = swar_load(p);
		uint64_t hit = swar_below(w, 0x20) | swar_find(w, '"') | swar_find(w, '\\');
		if (hit)
			return p + swar_first(hit);
		p += 8;
	}
	while (p < end && (unsigned char)*p >= 0x20 && *p != '"' && *p != '\\')
		p++;
	return p;
}

void json_escape(struct strbuf *sb, const char *s)
{
	const char *end = s + strlen(s);
	for (const char *p = s; p < end; p++) {
		const char *run = p;
		p = plain_run(p, end);
		if (p > run)
			sb_add(sb, run, (size_t)(p - run));
		if (p == end)
			break;
		escape_byte(sb, (unsigned char)*p);
	}
}

void jw_key_var(struct jsonw *w, const char *key)
{
	before_item(w);
	sb_addc(w->out, '"');
	json_escape(w->out, key);
	sb_add(w->out, w->compact ? "\":" : "\": ", w->compact ? 2 : 3);
	w->after_key = 1;
}

void jw_key_lit(struct jsonw *w, const char *quoted, size_t len)
{
	before_item(w);
	sb_add(w->out, quoted, w->compact ? len - 1 : len); /* compact: no space */
	w->after_key = 1;
}

void jw_str(struct jsonw *w, const char *s)
{
	if (!s) {
		jw_null(w);
		return;
	}
	before_item(w);
	sb_addc(w->out, '"');
	json_escape(w->out, s);
	sb_addc(w->out, '"');
}

void jw_int(struct jsonw *w, int64_t v)
{
	before_item(w);
	sb_add_int(w->out, v);
}

void jw_bool(struct jsonw *w, int v)
{
	before_item(w);
	sb_adds(w->out, v ? "true" : "false");
}

void jw_null(struct jsonw *w)
{
	before_item(w);
	sb_adds(w->out, "null");
}

void jw_kstr_var(struct jsonw *w, const char *key, const char *s)
{
	jw_key_var(w, key);
	jw_str(w, s);
}

void jw_kstr_lit(struct jsonw *w, const char *quoted, size_t len, const char *s)
{
	jw_key_lit(w, quoted, len);
	jw_str(w, s);
}

void jw_kint_lit(struct jsonw *w, const char *quoted, size_t len, int64_t v)
{
	jw_key_lit(w, quoted, len);
	jw_int(w, v);
}

void jw_kbool_lit(struct jsonw *w, const char *quoted, size_t len, int v)
{
	jw_key_lit(w, quoted, len);
	jw_bool(w, v);
}
