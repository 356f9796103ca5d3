/* hcl_int.h - private to checker/doc/hcl/: the parser context shared by the
 * scanner (hcl_lex.c), the body and expression parser (hcl_parse.c) and the
 * template parser (hcl_template.c).
 *
 * The scanner is pulled by the parser one token at a time, with a single
 * token of lookahead that is scanned only when asked for (hcl_peek). That
 * laziness is what lets templates work without a brace stack: after the
 * parser consumes an opening quote, a heredoc introducer or the '}' that
 * closes an interpolation, nothing past it has been scanned, and the
 * template code reads characters from p->pos itself.
 */
#ifndef SG_HCL_INT_H
#define SG_HCL_INT_H

#include <stdint.h>

#include "doc/hcl/hcl.h"

enum hcl_tok_type {
	T_EOF, T_NEWLINE, T_IDENT, T_NUMBER, T_OQUOTE, T_HEREDOC,
	T_LBRACE, T_RBRACE, T_TILDE_RBRACE, T_LBRACK, T_RBRACK, T_LPAREN, T_RPAREN,
	T_DOT, T_COMMA, T_COLON, T_DCOLON, T_QUESTION, T_EQUAL, T_ARROW, T_ELLIPSIS,
	T_PLUS, T_MINUS, T_STAR, T_SLASH, T_PERCENT,
	T_EQEQ, T_NE, T_LT, T_LE, T_GT, T_GE, T_AND, T_OR, T_BANG,
};

struct hcl_tok {
	int type;
	uint32_t off, len; /* bytes in the text; T_HEREDOC: its marker */
	uint32_t line, col;
	int flush;         /* T_HEREDOC: <<- (indented) */
};

/* A flat template token, before directives are nested (hcl_template.c). */
enum { TT_LIT, TT_INTERP, TT_IF, TT_ELSE, TT_ENDIF, TT_FOR, TT_ENDFOR };

struct hcl_ttok {
	int kind;
	uint32_t off, len;   /* TT_LIT: decoded bytes in p->lit */
	uint32_t line, col;  /* where it starts */
	int ends_line;       /* TT_LIT: ends with a newline (heredoc lines) */
	int indented;        /* TT_LIT: starts a line that <<- unindents */
	struct node *expr;   /* TT_INTERP, TT_IF condition, TT_FOR collection */
	struct node *kvar, *vvar; /* TT_FOR */
};

/* Attribute names already defined, per body (duplicates are an error):
 * open addressing, keyed by body number and name. */
struct hcl_seen {
	uint32_t body, len, line;
	const char *name;
};

struct hcl_parser {
	const char *file, *text;
	size_t len, pos;      /* the scanner is at text[pos] */
	uint32_t line, col;   /* of pos */
	int relative;         /* template/expression of a JSON string: one line */
	struct loc base;      /* relative: where the JSON string is */
	struct hcl_tok tok;
	int have_tok;
	int newlines;         /* newlines are tokens (bodies, objects), not space */
	uint32_t depth;
	uint64_t nodes;
	uint32_t bodies;
	const struct load_limits *lim;
	struct arena *a;
	struct diag *err;
	int failed;
	VEC(struct node *) stack;      /* operands of lists being built */
	VEC(struct node_pair) pairs;   /* pairs of bodies being built */
	VEC(struct hcl_ttok) ttoks;    /* tokens of templates being built */
	struct strbuf lit;             /* their decoded literal text */
	struct hcl_seen *seen;
	uint32_t seen_cap, seen_n;
};

/* ---- hcl_parse.c ---- */
struct loc hcl_loc(const struct hcl_parser *p, uint32_t line, uint32_t col);
/* Record an error (the first one wins); always returns -1. */
int hcl_fail(struct hcl_parser *p, uint32_t line, uint32_t col, const char *fmt, ...) SG_PRINTF(4, 5);
/* A syntax error at token t: "HCL syntax error: " + message. */
int hcl_syntax(struct hcl_parser *p, const struct hcl_tok *t, const char *fmt, ...) SG_PRINTF(3, 4);
struct node *hcl_node(struct hcl_parser *p, int kind, uint32_t line, uint32_t col);
struct node *hcl_expr_node(struct hcl_parser *p, int op, uint32_t line, uint32_t col);
struct node *hcl_str_node(struct hcl_parser *p, uint32_t line, uint32_t col, const char *s, size_t n);
/* Operands stack[base..] become n's operands; the stack shrinks back. */
void hcl_take_operands(struct hcl_parser *p, struct node *n, size_t base);
int hcl_depth_enter(struct hcl_parser *p, uint32_t line, uint32_t col);
void hcl_depth_leave(struct hcl_parser *p);
int hcl_check_len(struct hcl_parser *p, size_t len, uint32_t line, uint32_t col);
struct node *hcl_parse_expression(struct hcl_parser *p);

/* ---- hcl_lex.c ---- */
const struct hcl_tok *hcl_peek_scan(struct hcl_parser *p);
/* The next token, NULL after an error. The parser asks for the same token
 * several times (each precedence level looks at it): that is a test here,
 * scanning only when needed. */
static inline const struct hcl_tok *hcl_peek(struct hcl_parser *p)
{
	if (p->have_tok && !p->failed && (p->tok.type != T_NEWLINE || p->newlines))
		return &p->tok;
	return hcl_peek_scan(p);
}
void hcl_next(struct hcl_parser *p);
/* "'='", "a newline", "the end of the file", "'name'"... for messages */
const char *hcl_tok_desc(struct hcl_parser *p, const struct hcl_tok *t, char *buf, size_t size);
const char *hcl_tok_text(const struct hcl_parser *p, const struct hcl_tok *t);
/* Move the scanner over n bytes (templates), keeping line and column. */
void hcl_advance(struct hcl_parser *p, size_t n);
/* The code point at text[off] (bounds-checked), its length in *n. */
uint32_t hcl_decode(const struct hcl_parser *p, size_t off, size_t *n);

/* ---- hcl_template.c ---- */
/* After an opening quote (T_OQUOTE consumed): the quoted template. */
struct node *hcl_parse_quoted(struct hcl_parser *p, const struct hcl_tok *open);
/* After a heredoc introducer (T_HEREDOC consumed). */
struct node *hcl_parse_heredoc(struct hcl_parser *p, const struct hcl_tok *open);
/* A bare template up to the end of the text (hcl_parse_template). */
struct node *hcl_parse_bare(struct hcl_parser *p);
/* A block label: a quoted string without template sequences. */
int hcl_parse_label(struct hcl_parser *p, const struct hcl_tok *open, const char **s, size_t *n);

#endif
