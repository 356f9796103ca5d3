/* hcl_lex.c - the HCL native syntax scanner: one token at a time, on demand.
 *
 * Single pass, no backtracking: every token is decided by at most three
 * characters of lookahead (`<<-`, `...`). Comments are consumed here: a
 * line comment (`#`, `//`) stands for the newline that ends it, an inline
 * comment is whitespace. Template text is not scanned here (see
 * hcl_template.c); the scanner only reports the opening quote or heredoc.
 */
#include <stdio.h>
#include <string.h>

#include "doc/hcl/hcl_int.h"

static inline int at(const struct hcl_parser *p, size_t off)
{
	return off < p->len ? (unsigned char)p->text[off] : 0;
}

static inline void new_line(struct hcl_parser *p, size_t n)
{
	p->pos += n;
	if (p->relative) {
		p->col += (uint32_t)n;
	} else {
		p->line++;
		p->col = 1;
	}
}

void hcl_advance(struct hcl_parser *p, size_t n)
{
	for (size_t end = p->pos + n; p->pos < end;) {
		unsigned char b = (unsigned char)p->text[p->pos];
		if (b == '\n') {
			new_line(p, 1);
			continue;
		}
		p->col += (b & 0xC0) != 0x80;
		p->pos++;
	}
}

uint32_t hcl_decode(const struct hcl_parser *p, size_t off, size_t *n)
{
	int b = at(p, off);
	size_t len = b < 0x80 ? 1 : b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC0 ? 2 : 0;
	*n = 1;
	if (len == 1)
		return (uint32_t)b;
	if (len == 0 || off + len > p->len)
		return 0xFFFD; /* not UTF-8: load.c rejects it, the fuzzer does not */
	uint32_t cp = (uint32_t)b & (0x3F >> (len - 1));
	for (size_t i = 1; i < len; i++) {
		int c = at(p, off + i);
		if ((c & 0xC0) != 0x80)
			return 0xFFFD;
		cp = (cp << 6) | ((uint32_t)c & 0x3F);
	}
	*n = len;
	return cp;
}

/* Identifiers are UAX #31 ID_Start/ID_Continue plus '-'. Outside ASCII we
 * approximate without a table of 700 ranges: letters of every script
 * count; the blocks of spaces, punctuation, symbols, arrows, emoji and
 * private use do not. That keeps smart quotes, dashes and emoji out with a
 * clear error, which is what matters in configuration files. */
static int cp_is_ident(uint32_t cp)
{
	if (cp < 0xC0)
		return cp == 0xAA || cp == 0xB5 || cp == 0xBA;
	if (cp == 0xD7 || cp == 0xF7 || cp == 0xFEFF || cp == 0xFFFD)
		return 0;
	static const uint32_t not_ident[][2] = {
		{0x2000, 0x206F}, {0x20A0, 0x20CF}, {0x2190, 0x2BFF}, {0x2E00, 0x2E7F},
		{0x3000, 0x3004}, {0x3008, 0x3020}, {0xE000, 0xF8FF}, {0xFE10, 0xFE1F},
		{0xFE30, 0xFE6F}, {0xFF00, 0xFF0F}, {0xFF1A, 0xFF20}, {0xFFF0, 0xFFFF},
		{0x1F000, 0x1FAFF}, {0xF0000, 0x10FFFF},
	};
	for (size_t i = 0; i < sizeof(not_ident) / sizeof(not_ident[0]); i++)
		if (cp >= not_ident[i][0] && cp <= not_ident[i][1])
			return 0;
	return 1;
}

static const unsigned char ident_ascii[256] = {
	['a'] = 1, ['b'] = 1, ['c'] = 1, ['d'] = 1, ['e'] = 1, ['f'] = 1, ['g'] = 1,
	['h'] = 1, ['i'] = 1, ['j'] = 1, ['k'] = 1, ['l'] = 1, ['m'] = 1, ['n'] = 1,
	['o'] = 1, ['p'] = 1, ['q'] = 1, ['r'] = 1, ['s'] = 1, ['t'] = 1, ['u'] = 1,
	['v'] = 1, ['w'] = 1, ['x'] = 1, ['y'] = 1, ['z'] = 1,
	['A'] = 1, ['B'] = 1, ['C'] = 1, ['D'] = 1, ['E'] = 1, ['F'] = 1, ['G'] = 1,
	['H'] = 1, ['I'] = 1, ['J'] = 1, ['K'] = 1, ['L'] = 1, ['M'] = 1, ['N'] = 1,
	['O'] = 1, ['P'] = 1, ['Q'] = 1, ['R'] = 1, ['S'] = 1, ['T'] = 1, ['U'] = 1,
	['V'] = 1, ['W'] = 1, ['X'] = 1, ['Y'] = 1, ['Z'] = 1, ['_'] = 1,
	['0'] = 2, ['1'] = 2, ['2'] = 2, ['3'] = 2, ['4'] = 2, ['5'] = 2, ['6'] = 2,
	['7'] = 2, ['8'] = 2, ['9'] = 2, ['-'] = 2,
};

/* Length of the identifier at off (0 when none starts there); *cols gets
 * its width in characters. */
static size_t ident_len(const struct hcl_parser *p, size_t off, uint32_t *cols)
{
	size_t i = off;
	*cols = 0;
	/* the common case, an ASCII name: one table lookup per character */
	if (off < p->len && ident_ascii[(unsigned char)p->text[off]] == 1) {
		for (i++; i < p->len && ident_ascii[(unsigned char)p->text[i]];)
			i++;
		*cols = (uint32_t)(i - off);
		if (i >= p->len || (unsigned char)p->text[i] < 0x80)
			return i - off;
	}
	for (;;) {
		int c = at(p, i);
		if (c < 0x80) {
			if (i < p->len && (ident_ascii[c] == 1 || (ident_ascii[c] == 2 && i > off))) {
				i++;
				++*cols;
				continue;
			}
			break;
		}
		size_t n;
		if (!cp_is_ident(hcl_decode(p, i, &n)))
			break;
		i += n;
		++*cols;
	}
	return i - off;
}

static int is_digit(int c)
{
	return c >= '0' && c <= '9';
}

/* NumericLit = decimal+ ("." decimal+)? (expmark decimal+)? */
static int scan_number(struct hcl_parser *p, struct hcl_tok *t)
{
	size_t i = p->pos;
	while (is_digit(at(p, i)))
		i++;
	if (at(p, i) == '.' && is_digit(at(p, i + 1))) {
		for (i++; is_digit(at(p, i));)
			i++;
		/* "1.2.3": one malformed literal, as HCL's own scanner sees it,
		 * not 1.2 indexed by 3 */
		if (at(p, i) == '.' && is_digit(at(p, i + 1)))
			return hcl_fail(p, t->line, t->col, "HCL syntax error: invalid number literal");
	}
	if ((at(p, i) == 'e' || at(p, i) == 'E') &&
	    (is_digit(at(p, i + 1)) ||
	     ((at(p, i + 1) == '+' || at(p, i + 1) == '-') && is_digit(at(p, i + 2))))) {
		for (i += 2; is_digit(at(p, i));)
			i++;
	}
	t->type = T_NUMBER;
	t->len = (uint32_t)(i - p->pos);
	p->col += t->len;
	p->pos = i;
	return 0;
}

/* `<<EOF\n` or `<<-EOF\n`: the marker must end the line. */
static int scan_heredoc(struct hcl_parser *p, struct hcl_tok *t)
{
	size_t i = p->pos + 2;
	uint32_t cols;
	t->flush = at(p, i) == '-';
	i += (size_t)t->flush;
	size_t n = ident_len(p, i, &cols);
	size_t eol = i + n;
	if (at(p, eol) == '\r')
		eol++;
	if (n == 0 || at(p, eol) != '\n' || eol >= p->len)
		return hcl_fail(p, t->line, t->col,
				"HCL syntax error: a heredoc starts with <<MARKER or <<-MARKER "
				"and a newline");
	t->type = T_HEREDOC;
	t->off = (uint32_t)i;
	t->len = (uint32_t)n;
	p->pos = eol;
	new_line(p, 1);
	return 0;
}

/* Spaces, tabs and inline comments; stops at anything else. */
static int skip_space(struct hcl_parser *p)
{
	for (;;) {
		size_t i = p->pos;
		while (i < p->len && (p->text[i] == ' ' || p->text[i] == '\t'))
			i++;
		p->col += (uint32_t)(i - p->pos);
		p->pos = i;
		int c = at(p, i);
		if (c == '/' && at(p, p->pos + 1) == '*') {
			uint32_t line = p->line, col = p->col;
			const char *s = p->text + p->pos + 2, *end = p->text + p->len;
			const char *q = s;
			while ((q = memchr(q, '*', (size_t)(end - q))) != NULL && (q + 1 >= end || q[1] != '/'))
				q++;
			if (!q)
				return hcl_fail(p, line, col, "HCL syntax error: unterminated comment");
			hcl_advance(p, (size_t)(q + 2 - (p->text + p->pos)));
		} else {
			return 0;
		}
	}
}

/* A line comment ends with its newline and stands for it. */
static void scan_line_comment(struct hcl_parser *p, struct hcl_tok *t)
{
	const char *s = p->text + p->pos;
	const char *nl = memchr(s, '\n', p->len - p->pos);
	size_t n = nl ? (size_t)(nl - s) : p->len - p->pos;
	hcl_advance(p, n);
	if (nl)
		new_line(p, 1);
	t->type = T_NEWLINE;
}

static int unexpected_char(struct hcl_parser *p, const struct hcl_tok *t)
{
	size_t n;
	uint32_t cp = hcl_decode(p, p->pos, &n);
	if (cp >= 0x21 && cp < 0x7F)
		return hcl_fail(p, t->line, t->col, "HCL syntax error: unexpected character '%c'", (int)cp);
	if (cp == 0xFFFD && n == 1)
		return hcl_fail(p, t->line, t->col, "HCL syntax error: unexpected byte 0x%02x",
				(unsigned)at(p, p->pos));
	return hcl_fail(p, t->line, t->col, "HCL syntax error: unexpected character U+%04X", (unsigned)cp);
}

/* Two-character operators: c2 after c gives type2, else type1. */
static int op2(struct hcl_parser *p, struct hcl_tok *t, int c2, int type2, int type1)
{
	if (at(p, p->pos + 1) == c2 && p->pos + 1 < p->len) {
		t->type = type2;
		t->len = 2;
	} else {
		t->type = type1;
		t->len = 1;
	}
	return 0;
}

static int scan_punct(struct hcl_parser *p, struct hcl_tok *t, int c)
{
	static const signed char single[128] = {
		['{'] = T_LBRACE, ['}'] = T_RBRACE, ['['] = T_LBRACK, [']'] = T_RBRACK,
		['('] = T_LPAREN, [')'] = T_RPAREN, [','] = T_COMMA, ['?'] = T_QUESTION,
		['+'] = T_PLUS, ['-'] = T_MINUS, ['*'] = T_STAR, ['/'] = T_SLASH,
		['%'] = T_PERCENT, ['"'] = T_OQUOTE,
	};
	t->len = 1;
	switch (c) {
	case ':': return op2(p, t, ':', T_DCOLON, T_COLON);
	case '!': return op2(p, t, '=', T_NE, T_BANG);
	case '>': return op2(p, t, '=', T_GE, T_GT);
	case '<': return op2(p, t, '=', T_LE, T_LT);
	case '=':
		if (at(p, p->pos + 1) == '>') {
			t->type = T_ARROW;
			t->len = 2;
			return 0;
		}
		return op2(p, t, '=', T_EQEQ, T_EQUAL);
	case '.':
		if (at(p, p->pos + 1) == '.' && at(p, p->pos + 2) == '.') {
			t->type = T_ELLIPSIS;
			t->len = 3;
			return 0;
		}
		t->type = T_DOT;
		return 0;
	case '&': case '|': case '~':
		if (at(p, p->pos + 1) != (c == '~' ? '}' : c))
			return unexpected_char(p, t);
		t->type = c == '&' ? T_AND : c == '|' ? T_OR : T_TILDE_RBRACE;
		t->len = 2;
		return 0;
	}
	if (c < 128 && single[c]) {
		t->type = single[c];
		return 0;
	}
	return unexpected_char(p, t);
}

static int scan(struct hcl_parser *p)
{
	struct hcl_tok *t = &p->tok;
	if (skip_space(p))
		return -1;
	t->line = p->line;
	t->col = p->col;
	t->off = (uint32_t)p->pos;
	t->len = 0;
	t->flush = 0;
	if (p->pos >= p->len) {
		t->type = T_EOF;
		return 0;
	}
	int c = at(p, p->pos);
	if (c == '\n' || (c == '\r' && at(p, p->pos + 1) == '\n')) {
		t->type = T_NEWLINE;
		new_line(p, c == '\r' ? 2 : 1);
		return 0;
	}
	if (c == '#' || (c == '/' && at(p, p->pos + 1) == '/')) {
		scan_line_comment(p, t);
		return 0;
	}
	if (is_digit(c))
		return scan_number(p, t);
	uint32_t cols;
	size_t n = ident_len(p, p->pos, &cols);
	if (n) {
		t->type = T_IDENT;
		t->len = (uint32_t)n;
		p->pos += n;
		p->col += cols;
		return 0;
	}
	if (c == '<' && at(p, p->pos + 1) == '<')
		return scan_heredoc(p, t);
	if (scan_punct(p, t, c))
		return -1;
	p->pos += t->len;
	p->col += t->len;
	return 0;
}

const struct hcl_tok *hcl_peek_scan(struct hcl_parser *p)
{
	for (;;) {
		if (p->failed)
			return NULL;
		if (!p->have_tok) {
			if (scan(p))
				return NULL;
			p->have_tok = 1;
		}
		if (p->tok.type != T_NEWLINE || p->newlines)
			return &p->tok;
		p->have_tok = 0; /* inside brackets a newline is only space */
	}
}

void hcl_next(struct hcl_parser *p)
{
	p->have_tok = 0;
}

const char *hcl_tok_text(const struct hcl_parser *p, const struct hcl_tok *t)
{
	static const char *const text[] = {
		[T_LBRACE] = "{", [T_RBRACE] = "}", [T_TILDE_RBRACE] = "~}", [T_LBRACK] = "[",
		[T_RBRACK] = "]", [T_LPAREN] = "(", [T_RPAREN] = ")", [T_DOT] = ".",
		[T_COMMA] = ",", [T_COLON] = ":", [T_DCOLON] = "::", [T_QUESTION] = "?",
		[T_EQUAL] = "=", [T_ARROW] = "=>", [T_ELLIPSIS] = "...", [T_PLUS] = "+",
		[T_MINUS] = "-", [T_STAR] = "*", [T_SLASH] = "/", [T_PERCENT] = "%",
		[T_EQEQ] = "==", [T_NE] = "!=", [T_LT] = "<", [T_LE] = "<=", [T_GT] = ">",
		[T_GE] = ">=", [T_AND] = "&&", [T_OR] = "||", [T_BANG] = "!",
	};
	(void)p;
	if (t->type < 0 || (size_t)t->type >= sizeof(text) / sizeof(text[0]) || !text[t->type])
		return "";
	return text[t->type];
}

const char *hcl_tok_desc(struct hcl_parser *p, const struct hcl_tok *t, char *buf, size_t size)
{
	int n = t->len > 40 ? 40 : (int)t->len;
	switch (t->type) {
	case T_EOF: return "the end of the file";
	case T_NEWLINE: return "a newline";
	case T_OQUOTE: return "a quoted string";
	case T_HEREDOC: return "a heredoc";
	case T_IDENT:
		snprintf(buf, size, "'%.*s%s'", n, p->text + t->off, t->len > 40 ? "..." : "");
		return buf;
	case T_NUMBER:
		snprintf(buf, size, "the number %.*s", n, p->text + t->off);
		return buf;
	default:
		snprintf(buf, size, "'%s'", hcl_tok_text(p, t));
		return buf;
	}
}
