/* hcl_template.c - HCL templates: quoted strings, heredocs, bare templates.
 *
 * A template is read in two steps, as the spec describes it: first a flat
 * list of template tokens (literal text, interpolations, directive markers)
 * with strip markers applied to the literal next to them and, for `<<-`
 * heredocs, the common indentation removed; then the directives are nested
 * into a tree. Literal text is decoded into p->lit (escapes resolved) and
 * tokens go to p->ttoks; both are stacks, so a template inside an
 * interpolation simply works above the one that contains it.
 *
 * Heredoc and bare-template literals are split at each line end, as in
 * HashiCorp's scanner, because strip markers and indentation both work on
 * those line-sized pieces: `~}` trims only the rest of its own line.
 */
#include <stdio.h>
#include <string.h>

#include "doc/hcl/hcl_int.h"

enum { MODE_QUOTED, MODE_HEREDOC, MODE_BARE };

struct tmpl {
	int mode;
	const struct hcl_tok *open; /* the quote or heredoc introducer (NULL: bare) */
	size_t tt_base, lit_base;
	int ltrim;                  /* the last sequence closed with ~} */
	int line_start;             /* heredoc: at the start of a line */
	uint32_t end_line, end_col; /* where the template ended */
};

static inline int at(const struct hcl_parser *p, size_t off)
{
	return off < p->len ? (unsigned char)p->text[off] : 0;
}

/* ---- whitespace, as Unicode defines it (strip markers, indentation) ---- */

/* Byte length of the space character starting at s[0] (0: not a space). */
static size_t space_at(const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;
	if (n >= 1 && (u[0] == ' ' || (u[0] >= '\t' && u[0] <= '\r')))
		return 1;
	if (n >= 2 && u[0] == 0xC2 && (u[1] == 0x85 || u[1] == 0xA0))
		return 2;
	if (n >= 3 && u[0] == 0xE1 && u[1] == 0x9A && u[2] == 0x80)
		return 3;
	if (n >= 3 && u[0] == 0xE2 && u[1] == 0x80 &&
	    (u[2] <= 0x8A || u[2] == 0xA8 || u[2] == 0xA9 || u[2] == 0xAF))
		return 3;
	if (n >= 3 && ((u[0] == 0xE2 && u[1] == 0x81 && u[2] == 0x9F) ||
		       (u[0] == 0xE3 && u[1] == 0x80 && u[2] == 0x80)))
		return 3;
	return 0;
}

/* Byte length of the space character ending at s[n-1] (0: not a space). */
static size_t space_before(const char *s, size_t n)
{
	for (size_t k = 1; k <= 3 && k <= n; k++)
		if (space_at(s + n - k, k) == k)
			return k;
	return 0;
}

static void trim_left(struct hcl_parser *p, struct hcl_ttok *t)
{
	size_t k;
	while (t->len && (k = space_at(p->lit.buf + t->off, t->len)) != 0) {
		t->off += (uint32_t)k;
		t->len -= (uint32_t)k;
	}
}

static void trim_right(struct hcl_parser *p, struct hcl_ttok *t)
{
	size_t k;
	while (t->len && (k = space_before(p->lit.buf + t->off, t->len)) != 0)
		t->len -= (uint32_t)k;
}

static int ends_line(const struct hcl_parser *p, const struct hcl_ttok *t)
{
	return t->len && p->lit.buf[t->off + t->len - 1] == '\n';
}

/* ---- template tokens ----------------------------------------------------- */

static void push_lit(struct hcl_parser *p, struct tmpl *tc, size_t start, uint32_t line, uint32_t col)
{
	if (p->lit.len == start)
		return;
	struct hcl_ttok t = {TT_LIT, (uint32_t)start, (uint32_t)(p->lit.len - start), line, col, 0, 0, NULL, NULL, NULL};
	if (tc->ltrim)
		trim_left(p, &t);
	tc->ltrim = 0;
	t.ends_line = ends_line(p, &t);
	VEC_PUSH(p->ttoks, t);
}

static void push_tok(struct hcl_parser *p, struct tmpl *tc, int kind, uint32_t line, uint32_t col,
		     struct node *expr)
{
	struct hcl_ttok t = {kind, 0, 0, line, col, 0, 0, expr, NULL, NULL};
	tc->ltrim = 0;
	VEC_PUSH(p->ttoks, t);
}

/* `${~` and `%{~` trim the literal just before them. */
static void strip_previous(struct hcl_parser *p, const struct tmpl *tc)
{
	if (p->ttoks.n > tc->tt_base && p->ttoks.v[p->ttoks.n - 1].kind == TT_LIT) {
		struct hcl_ttok *t = &p->ttoks.v[p->ttoks.n - 1];
		trim_right(p, t);
		t->ends_line = ends_line(p, t);
	}
}

/* ---- literal text ----------------------------------------------------------- */

static int hex_value(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

static void put_utf8(struct strbuf *sb, uint32_t cp)
{
	char b[4];
	size_t n;
	if (cp < 0x80) {
		b[0] = (char)cp;
		n = 1;
	} else if (cp < 0x800) {
		b[0] = (char)(0xC0 | (cp >> 6));
		b[1] = (char)(0x80 | (cp & 0x3F));
		n = 2;
	} else if (cp < 0x10000) {
		b[0] = (char)(0xE0 | (cp >> 12));
		b[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		b[2] = (char)(0x80 | (cp & 0x3F));
		n = 3;
	} else {
		b[0] = (char)(0xF0 | (cp >> 18));
		b[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
		b[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
		b[3] = (char)(0x80 | (cp & 0x3F));
		n = 4;
	}
	sb_add(sb, b, n);
}

/* \uNNNN or \UNNNNNNNN at p->pos. */
static int unicode_escape(struct hcl_parser *p, int digits)
{
	uint32_t line = p->line, col = p->col, cp = 0;
	for (int i = 0; i < digits; i++) {
		int h = hex_value(at(p, p->pos + 2 + (size_t)i));
		if (h < 0)
			return hcl_fail(p, line, col, "HCL syntax error: \\%c must be followed by %d "
					"hexadecimal digits", digits == 4 ? 'u' : 'U', digits);
		cp = cp << 4 | (uint32_t)h;
	}
	if ((cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF)
		return hcl_fail(p, line, col, "HCL syntax error: \\%c%.*s is not a Unicode character",
				digits == 4 ? 'u' : 'U', digits, p->text + p->pos + 2);
	put_utf8(&p->lit, cp);
	hcl_advance(p, 2 + (size_t)digits);
	return 0;
}

/* A backslash escape of a quoted string, at p->pos. */
static int escape(struct hcl_parser *p)
{
	int c = at(p, p->pos + 1);
	char simple = c == 'n' ? '\n' : c == 'r' ? '\r' : c == 't' ? '\t' : c == '"' ? '"' : c == '\\' ? '\\' : 0;
	if (simple) {
		sb_addc(&p->lit, simple);
		hcl_advance(p, 2);
		return 0;
	}
	if (c == 'u' || c == 'U')
		return unicode_escape(p, c == 'u' ? 4 : 8);
	if (c >= 0x21 && c < 0x7F)
		return hcl_fail(p, p->line, p->col, "HCL syntax error: invalid escape sequence '\\%c' "
				"(valid: \\n \\r \\t \\\" \\\\ \\uNNNN \\UNNNNNNNN)", c);
	return hcl_fail(p, p->line, p->col, "HCL syntax error: a backslash must start an escape "
			"sequence (\\n \\r \\t \\\" \\\\ \\uNNNN \\UNNNNNNNN)");
}

/* `$` or `%` at p->pos: `${`/`%{` starts a sequence (returns 1), `$${` is
 * a literal `${`, any other `$` is itself. */
static int dollar_or_percent(struct hcl_parser *p, int c)
{
	if (at(p, p->pos + 1) == '{')
		return 1;
	if (at(p, p->pos + 1) == c && at(p, p->pos + 2) == '{') {
		sb_addc(&p->lit, (char)c);
		sb_addc(&p->lit, '{');
		hcl_advance(p, 3);
		return 0;
	}
	sb_addc(&p->lit, (char)c);
	hcl_advance(p, 1);
	return 0;
}

/* Copy a run of ordinary characters (none of `stop`) to p->lit. */
static void copy_run(struct hcl_parser *p, const unsigned char *stop)
{
	size_t start = p->pos, i = start;
	while (i < p->len && !stop[(unsigned char)p->text[i]])
		i++;
	if (i == start)
		return;
	sb_add(&p->lit, p->text + start, i - start);
	hcl_advance(p, i - start);
}

static int unterminated(struct hcl_parser *p, const struct tmpl *tc, int newline)
{
	return hcl_fail(p, tc->open->line, tc->open->col, "HCL syntax error: unterminated string%s",
			newline ? " (a quoted string ends on its line; use a heredoc for several lines)" : "");
}

/* Quoted literal text up to a sequence ('$' or '%' returned) or the
 * closing quote ('"'); -1 on error. */
static int scan_quoted(struct hcl_parser *p, const struct tmpl *tc)
{
	static const unsigned char stop[256] = {
		['"'] = 1, ['\\'] = 1, ['$'] = 1, ['%'] = 1, ['\n'] = 1, ['\r'] = 1,
	};
	for (;;) {
		copy_run(p, stop);
		if (p->pos >= p->len)
			return unterminated(p, tc, 0);
		int c = at(p, p->pos);
		if (c == '"')
			return c;
		if (c == '\n' || c == '\r')
			return unterminated(p, tc, 1);
		if (c == '\\') {
			if (escape(p))
				return -1;
		} else if (dollar_or_percent(p, c)) {
			return c;
		}
	}
}

/* Heredoc or bare literal text up to and including the end of the line
 * ('\n' returned), a sequence ('$' or '%') or the end of the text (0). */
static int scan_line(struct hcl_parser *p)
{
	static const unsigned char stop[256] = {['$'] = 1, ['%'] = 1, ['\n'] = 1};
	for (;;) {
		copy_run(p, stop);
		if (p->pos >= p->len)
			return 0;
		int c = at(p, p->pos);
		if (c == '\n') {
			sb_addc(&p->lit, '\n');
			hcl_advance(p, 1);
			return c;
		}
		if (dollar_or_percent(p, c))
			return c;
	}
}

static int is_hspace(int c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f';
}

/* At the start of a heredoc line: is it the closing marker (spaces around
 * it allowed)? If so the scanner moves to the end of the marker, before the
 * newline, which ends the attribute as any newline does. */
static int closing_marker(struct hcl_parser *p, const struct hcl_tok *open)
{
	const char *s = p->text + p->pos, *end = p->text + p->len;
	const char *nl = memchr(s, '\n', (size_t)(end - s));
	const char *b = s, *e = nl ? nl : end;
	while (b < e && is_hspace((unsigned char)*b))
		b++;
	if ((size_t)(e - b) < open->len || memcmp(b, p->text + open->off, open->len) != 0)
		return 0;
	const char *after = b + open->len;
	while (after < e && is_hspace((unsigned char)*after))
		after++;
	if (after != e)
		return 0;
	hcl_advance(p, (size_t)(b + open->len - s));
	return 1;
}

/* ---- sequences ------------------------------------------------------------------ */

/* The '}' or '~}' that closes a sequence opened at (line, col). */
static int close_sequence(struct hcl_parser *p, struct tmpl *tc, const char *what, uint32_t line)
{
	const struct hcl_tok *t = hcl_peek(p);
	char buf[64];
	if (!t)
		return -1;
	if (t->type == T_RBRACE || t->type == T_TILDE_RBRACE) {
		tc->ltrim = t->type == T_TILDE_RBRACE;
		hcl_next(p);
		return 0;
	}
	if (t->type == T_EOF)
		return hcl_syntax(p, t, "unclosed '%s' opened at line %u", what,
				  p->relative ? p->base.line : line);
	return hcl_syntax(p, t, "expected '}' to close the '%s' opened at line %u, found %s", what,
			  p->relative ? p->base.line : line, hcl_tok_desc(p, t, buf, sizeof(buf)));
}

/* An expression inside a sequence: newlines are space there. */
static struct node *sequence_expr(struct hcl_parser *p)
{
	int saved = p->newlines;
	p->newlines = 0;
	struct node *e = hcl_parse_expression(p);
	p->newlines = saved;
	return e;
}

static int parse_interp(struct hcl_parser *p, struct tmpl *tc)
{
	uint32_t line = p->line, col = p->col;
	int strip = at(p, p->pos + 2) == '~';
	if (strip)
		strip_previous(p, tc);
	hcl_advance(p, 2 + (size_t)strip);
	if (hcl_depth_enter(p, line, col))
		return -1;
	struct node *e = sequence_expr(p);
	if (!e)
		return -1;
	push_tok(p, tc, TT_INTERP, line, col, e);
	int rc = close_sequence(p, tc, "${", line);
	hcl_depth_leave(p);
	return rc;
}

/* for k, v in coll (after the `for` keyword) */
static int parse_directive_for(struct hcl_parser *p, struct tmpl *tc, uint32_t line, uint32_t col)
{
	struct node *kvar = NULL, *vvar;
	const struct hcl_tok *t = hcl_peek(p);
	if (!t || t->type != T_IDENT)
		return t ? hcl_syntax(p, t, "expected a variable name after %%{for") : -1;
	vvar = hcl_str_node(p, t->line, t->col, p->text + t->off, t->len);
	hcl_next(p);
	if ((t = hcl_peek(p)) && t->type == T_COMMA) {
		hcl_next(p);
		if (!(t = hcl_peek(p)) || t->type != T_IDENT)
			return t ? hcl_syntax(p, t, "expected a variable name after ',' in %%{for") : -1;
		kvar = vvar;
		vvar = hcl_str_node(p, t->line, t->col, p->text + t->off, t->len);
		hcl_next(p);
		t = hcl_peek(p);
	}
	if (!t)
		return -1;
	if (t->type != T_IDENT || t->len != 2 || memcmp(p->text + t->off, "in", 2) != 0)
		return hcl_syntax(p, t, "expected 'in' after the variables of %%{for");
	hcl_next(p);
	struct node *coll = sequence_expr(p);
	if (!coll)
		return -1;
	push_tok(p, tc, TT_FOR, line, col, coll);
	p->ttoks.v[p->ttoks.n - 1].kvar = kvar;
	p->ttoks.v[p->ttoks.n - 1].vvar = vvar;
	return 0;
}

static int keyword_is(const struct hcl_parser *p, const struct hcl_tok *t, const char *w)
{
	return t->len == strlen(w) && memcmp(p->text + t->off, w, t->len) == 0;
}

static int parse_directive(struct hcl_parser *p, struct tmpl *tc)
{
	uint32_t line = p->line, col = p->col;
	int strip = at(p, p->pos + 2) == '~';
	if (strip)
		strip_previous(p, tc);
	hcl_advance(p, 2 + (size_t)strip);
	if (hcl_depth_enter(p, line, col))
		return -1;
	int saved = p->newlines;
	p->newlines = 0;
	const struct hcl_tok *t = hcl_peek(p);
	if (!t)
		return -1;
	struct hcl_tok kw = *t;
	int rc = 0;
	if (kw.type != T_IDENT)
		rc = hcl_syntax(p, t, "expected if, for, else, endif or endfor after '%%{'");
	hcl_next(p);
	if (rc)
		;
	else if (keyword_is(p, &kw, "if")) {
		struct node *cond = sequence_expr(p);
		rc = cond ? (push_tok(p, tc, TT_IF, line, col, cond), 0) : -1;
	} else if (keyword_is(p, &kw, "for"))
		rc = parse_directive_for(p, tc, line, col);
	else if (keyword_is(p, &kw, "else"))
		push_tok(p, tc, TT_ELSE, line, col, NULL);
	else if (keyword_is(p, &kw, "endif"))
		push_tok(p, tc, TT_ENDIF, line, col, NULL);
	else if (keyword_is(p, &kw, "endfor"))
		push_tok(p, tc, TT_ENDFOR, line, col, NULL);
	else
		rc = hcl_syntax(p, &kw, "unknown template directive '%%{%.*s' (expected if, for, else, "
				"endif or endfor)", kw.len > 40 ? 40 : (int)kw.len, p->text + kw.off);
	p->newlines = saved;
	if (!rc)
		rc = close_sequence(p, tc, "%{", line);
	hcl_depth_leave(p);
	return rc;
}

/* ---- the flat token list -------------------------------------------------------- */

static int parse_sequence(struct hcl_parser *p, struct tmpl *tc, int c)
{
	tc->line_start = 0;
	return c == '$' ? parse_interp(p, tc) : parse_directive(p, tc);
}

static int scan_parts_quoted(struct hcl_parser *p, struct tmpl *tc)
{
	for (;;) {
		size_t start = p->lit.len;
		uint32_t line = p->line, col = p->col;
		int c = scan_quoted(p, tc);
		if (c < 0)
			return -1;
		push_lit(p, tc, start, line, col);
		if (c == '"') {
			tc->end_line = p->line;
			tc->end_col = p->col;
			hcl_advance(p, 1);
			return 0;
		}
		if (parse_sequence(p, tc, c))
			return -1;
	}
}

/* Heredoc lines up to the closing marker; bare templates to the end. */
static int scan_parts_lines(struct hcl_parser *p, struct tmpl *tc)
{
	tc->line_start = 1;
	for (;;) {
		if (p->failed)
			return -1;
		if (tc->mode == MODE_HEREDOC && tc->line_start && closing_marker(p, tc->open))
			break;
		size_t start = p->lit.len;
		uint32_t line = p->line, col = p->col;
		int c = scan_line(p);
		push_lit(p, tc, start, line, col);
		if (c == '\n') {
			tc->line_start = 1;
		} else if (c == 0) {
			if (tc->mode == MODE_HEREDOC)
				return hcl_fail(p, tc->open->line, tc->open->col,
						"HCL syntax error: heredoc <<%s%.*s has no closing %.*s",
						tc->open->flush ? "-" : "", (int)tc->open->len,
						p->text + tc->open->off, (int)tc->open->len,
						p->text + tc->open->off);
			break;
		} else if (parse_sequence(p, tc, c)) {
			return -1;
		}
	}
	tc->end_line = p->line;
	tc->end_col = p->col;
	return 0;
}

/* <<- heredocs: the fewest leading spaces of any line (blank lines aside,
 * a line that starts with a sequence counting as none) are removed from
 * every line. Works on the tokens, not the result: interpolated values
 * never change the indentation. */
static void flush_heredoc(struct hcl_parser *p, size_t base)
{
	size_t min = SIZE_MAX, n = p->ttoks.n;
	int newline = 1;
	for (size_t i = base; i < n; i++) {
		struct hcl_ttok *t = &p->ttoks.v[i];
		if (newline) {
			size_t spaces = 0, bytes = 0, k;
			newline = 0;
			if (t->kind == TT_LIT) {
				while (bytes < t->len && (k = space_at(p->lit.buf + t->off + bytes, t->len - bytes)))
					bytes += k, spaces++;
				if (bytes == t->len && t->ends_line)
					spaces = SIZE_MAX; /* a blank line */
				else
					t->indented = 1;
			}
			if (spaces < min)
				min = spaces;
		}
		if (t->kind == TT_LIT && t->ends_line)
			newline = 1;
	}
	for (size_t i = base; i < n && min != SIZE_MAX; i++) {
		struct hcl_ttok *t = &p->ttoks.v[i];
		if (t->kind != TT_LIT || !t->indented)
			continue;
		for (size_t c = 0, k; c < min && (k = space_at(p->lit.buf + t->off, t->len)); c++) {
			t->off += (uint32_t)k;
			t->len -= (uint32_t)k;
			t->col++;
		}
	}
}

/* ---- the tree --------------------------------------------------------------------- */

struct build {
	size_t i, end;
	const struct tmpl *tc;
};

/* Consecutive literal tokens become one string. */
static struct node *meld(struct hcl_parser *p, struct build *b)
{
	struct hcl_ttok *first = &p->ttoks.v[b->i];
	size_t total = 0, j;
	for (j = b->i; j < b->end && p->ttoks.v[j].kind == TT_LIT; j++)
		total += p->ttoks.v[j].len;
	if (hcl_check_len(p, total, first->line, first->col))
		return NULL;
	struct node *s = hcl_node(p, NODE_STR, first->line, first->col);
	char *text = arena_alloc_raw(p->a, total + 1), *o = text;
	for (; b->i < j; b->i++) {
		if (p->ttoks.v[b->i].len)
			memcpy(o, p->lit.buf + p->ttoks.v[b->i].off, p->ttoks.v[b->i].len);
		o += p->ttoks.v[b->i].len;
	}
	*o = '\0';
	s->text = text;
	s->len = (uint32_t)total;
	s->flags |= NODE_F_QUOTED;
	return s;
}

static struct node *build_seq(struct hcl_parser *p, struct build *b, uint32_t line, uint32_t col);

static const char *directive_name(int kind)
{
	return kind == TT_ELSE ? "%{else}" : kind == TT_ENDIF ? "%{endif}" : "%{endfor}";
}

/* The directive that should close one opened at `open` is missing. */
static struct node *bad_close(struct hcl_parser *p, struct build *b, const struct hcl_ttok *open)
{
	uint32_t line = p->relative ? p->base.line : open->line;
	const char *want = open->kind == TT_IF ? "%{endif}" : "%{endfor}";
	const char *name = open->kind == TT_IF ? "%{if}" : "%{for}";
	if (b->i >= b->end) {
		hcl_fail(p, b->tc->end_line, b->tc->end_col, "HCL syntax error: %s opened at line %u "
			 "has no %s", name, line, want);
		return NULL;
	}
	const struct hcl_ttok *t = &p->ttoks.v[b->i];
	hcl_fail(p, t->line, t->col, "HCL syntax error: unexpected %s: the %s at line %u is closed by %s",
		 directive_name(t->kind), name, line, want);
	return NULL;
}

static struct node *build_if(struct hcl_parser *p, struct build *b)
{
	const struct hcl_ttok *open = &p->ttoks.v[b->i++];
	struct hcl_ttok o = *open;
	struct node *yes, *no = NULL;
	if (hcl_depth_enter(p, o.line, o.col) || !(yes = build_seq(p, b, o.line, o.col)))
		return NULL;
	if (b->i < b->end && p->ttoks.v[b->i].kind == TT_ELSE) {
		const struct hcl_ttok *e = &p->ttoks.v[b->i++];
		if (!(no = build_seq(p, b, e->line, e->col)))
			return NULL;
	}
	if (b->i >= b->end || p->ttoks.v[b->i].kind != TT_ENDIF)
		return bad_close(p, b, &o);
	b->i++;
	hcl_depth_leave(p);
	struct node *n = hcl_expr_node(p, EXPR_TEMPLATE_IF, o.line, o.col);
	struct node **ops = arena_alloc_raw(p->a, 3 * sizeof(*ops));
	ops[0] = o.expr;
	ops[1] = yes;
	ops[2] = no;
	n->u.seq.items = ops;
	n->u.seq.n = 3;
	return n;
}

static struct node *build_for(struct hcl_parser *p, struct build *b)
{
	struct hcl_ttok o = p->ttoks.v[b->i++];
	struct node *body;
	if (hcl_depth_enter(p, o.line, o.col) || !(body = build_seq(p, b, o.line, o.col)))
		return NULL;
	if (b->i >= b->end || p->ttoks.v[b->i].kind != TT_ENDFOR)
		return bad_close(p, b, &o);
	b->i++;
	hcl_depth_leave(p);
	struct node *n = hcl_expr_node(p, EXPR_TEMPLATE_FOR, o.line, o.col);
	struct node **ops = arena_alloc_raw(p->a, 4 * sizeof(*ops));
	ops[0] = o.kvar;
	ops[1] = o.vvar;
	ops[2] = o.expr;
	ops[3] = body;
	n->u.seq.items = ops;
	n->u.seq.n = 4;
	return n;
}

/* Parts up to a closing directive (left for the caller) or the end. */
static struct node *build_seq(struct hcl_parser *p, struct build *b, uint32_t line, uint32_t col)
{
	size_t base = p->stack.n;
	struct node *t = hcl_expr_node(p, EXPR_TEMPLATE, line, col);
	while (b->i < b->end) {
		struct node *part;
		switch (p->ttoks.v[b->i].kind) {
		case TT_LIT:
			part = meld(p, b);
			break;
		case TT_INTERP:
			part = p->ttoks.v[b->i++].expr;
			break;
		case TT_IF:
			part = build_if(p, b);
			break;
		case TT_FOR:
			part = build_for(p, b);
			break;
		default:
			goto done;
		}
		if (!part)
			return NULL;
		VEC_PUSH(p->stack, part);
	}
done:
	hcl_take_operands(p, t, base);
	return t;
}

/* The flat tokens of tc as a tree; a template of literal text only is a
 * string. The token and literal stacks shrink back to where tc began. */
static struct node *build_template(struct hcl_parser *p, struct tmpl *tc, uint32_t line, uint32_t col)
{
	struct build b = {tc->tt_base, p->ttoks.n, tc};
	int literal = 1;
	for (size_t i = b.i; i < b.end; i++)
		literal &= p->ttoks.v[i].kind == TT_LIT;
	struct node *t = build_seq(p, &b, line, col);
	if (t && b.i < b.end) {
		const struct hcl_ttok *k = &p->ttoks.v[b.i];
		hcl_fail(p, k->line, k->col, "HCL syntax error: unexpected %s without %s",
			 directive_name(k->kind), k->kind == TT_ENDFOR ? "%{for}" : "%{if}");
		t = NULL;
	}
	p->ttoks.n = tc->tt_base;
	p->lit.len = tc->lit_base;
	if (!t || !literal)
		return t;
	if (t->u.seq.n == 1) { /* melded into one */
		t->u.seq.items[0]->loc = t->loc;
		return t->u.seq.items[0];
	}
	struct node *empty = hcl_str_node(p, 0, 0, "", 0);
	empty->loc = t->loc;
	empty->flags |= NODE_F_QUOTED;
	return empty;
}

static void tmpl_init(struct hcl_parser *p, struct tmpl *tc, int mode, const struct hcl_tok *open)
{
	memset(tc, 0, sizeof(*tc));
	tc->mode = mode;
	tc->open = open;
	tc->tt_base = p->ttoks.n;
	tc->lit_base = p->lit.len;
}

static struct node *fail_template(struct hcl_parser *p, const struct tmpl *tc)
{
	p->ttoks.n = tc->tt_base;
	p->lit.len = tc->lit_base;
	return NULL;
}

struct node *hcl_parse_quoted(struct hcl_parser *p, const struct hcl_tok *open)
{
	struct tmpl tc;
	struct hcl_tok o = *open;
	tmpl_init(p, &tc, MODE_QUOTED, &o);
	if (scan_parts_quoted(p, &tc))
		return fail_template(p, &tc);
	return build_template(p, &tc, o.line, o.col);
}

struct node *hcl_parse_heredoc(struct hcl_parser *p, const struct hcl_tok *open)
{
	struct tmpl tc;
	struct hcl_tok o = *open;
	tmpl_init(p, &tc, MODE_HEREDOC, &o);
	if (scan_parts_lines(p, &tc))
		return fail_template(p, &tc);
	if (o.flush)
		flush_heredoc(p, tc.tt_base);
	return build_template(p, &tc, o.line, o.col);
}

struct node *hcl_parse_bare(struct hcl_parser *p)
{
	struct tmpl tc;
	tmpl_init(p, &tc, MODE_BARE, NULL);
	if (scan_parts_lines(p, &tc))
		return fail_template(p, &tc);
	return build_template(p, &tc, 1, 1);
}

int hcl_parse_label(struct hcl_parser *p, const struct hcl_tok *open, const char **s, size_t *n)
{
	struct tmpl tc;
	tmpl_init(p, &tc, MODE_QUOTED, open);
	int c = scan_quoted(p, &tc);
	if (c < 0)
		return -1;
	if (c != '"')
		return hcl_fail(p, p->line, p->col, "HCL syntax error: a block label cannot hold "
				"template sequences (write %c%c{ for a literal %c{)", c, c, c);
	hcl_advance(p, 1);
	*n = p->lit.len - tc.lit_base;
	if (hcl_check_len(p, *n, open->line, open->col))
		return -1;
	*s = arena_strndup(p->a, p->lit.buf + tc.lit_base, *n);
	p->lit.len = tc.lit_base;
	return 0;
}
