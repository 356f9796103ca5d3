/* hcl_parse.c - HCL native syntax bodies and expressions, recursive descent.
 *
 * The grammar and its newline rules follow HashiCorp's hclsyntax spec: in a
 * body a newline ends an attribute; inside (), [] and function arguments
 * newlines are space; inside an object constructor they separate items (as
 * commas do). Binary operators are parsed by precedence climbing (six
 * levels, left-associative), so a chain `a + b + c` costs a loop, not a
 * recursion. Every construct that does recurse (blocks, brackets, unary
 * operators, conditionals, splats, template sequences) counts against
 * lim->max_depth first, so hostile input cannot exhaust the stack.
 *
 * The first error stops the parse: hcl_fail() records it and hcl_peek()
 * then returns NULL, which every loop checks, so the parser unwinds.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "doc/hcl/hcl_int.h"

/* ---- locations, errors, limits ---------------------------------------- */

struct loc hcl_loc(const struct hcl_parser *p, uint32_t line, uint32_t col)
{
	if (p->relative)
		return (struct loc){p->file, p->base.line, p->base.col + col};
	return (struct loc){p->file, line, col};
}

/* A line number for messages ("opened at line 3"). */
static uint32_t msg_line(const struct hcl_parser *p, uint32_t line)
{
	return p->relative ? p->base.line : line;
}

int hcl_fail(struct hcl_parser *p, uint32_t line, uint32_t col, const char *fmt, ...)
{
	if (p->failed)
		return -1;
	p->failed = 1;
	va_list ap;
	va_start(ap, fmt);
	p->err->loc = hcl_loc(p, line, col);
	vsnprintf(p->err->msg, sizeof(p->err->msg), fmt, ap);
	va_end(ap);
	return -1;
}

int hcl_syntax(struct hcl_parser *p, const struct hcl_tok *t, const char *fmt, ...)
{
	if (p->failed)
		return -1;
	char msg[sizeof(p->err->msg)];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	return hcl_fail(p, t->line, t->col, "HCL syntax error: %s", msg);
}

/* "expected X ..., found Y" at the token found. */
static struct node *expected(struct hcl_parser *p, const struct hcl_tok *t, const char *what)
{
	char buf[64];
	hcl_syntax(p, t, "expected %s, found %s", what, hcl_tok_desc(p, t, buf, sizeof(buf)));
	return NULL;
}

/* At the end of the file inside brackets: name the one left open. */
static struct node *unclosed(struct hcl_parser *p, const struct hcl_tok *t, const char *open,
			     uint32_t line)
{
	hcl_syntax(p, t, "unclosed '%s' opened at line %u", open, msg_line(p, line));
	return NULL;
}

int hcl_depth_enter(struct hcl_parser *p, uint32_t line, uint32_t col)
{
	if (++p->depth > p->lim->max_depth)
		return hcl_fail(p, line, col, "nesting deeper than %u levels (depth limit)", p->lim->max_depth);
	return 0;
}

void hcl_depth_leave(struct hcl_parser *p)
{
	p->depth--;
}

int hcl_check_len(struct hcl_parser *p, size_t len, uint32_t line, uint32_t col)
{
	if (len > p->lim->max_scalar_len)
		return hcl_fail(p, line, col, "string of %zu bytes exceeds the limit of %zu (string limit)", len,
				p->lim->max_scalar_len);
	return 0;
}

/* ---- nodes ---------------------------------------------------------------- */

struct node *hcl_node(struct hcl_parser *p, int kind, uint32_t line, uint32_t col)
{
	if (++p->nodes > p->lim->max_nodes)
		hcl_fail(p, line, col, "more than %llu nodes in one file (node limit: the size limit / %d, see --max-file-size)",
			 (unsigned long long)p->lim->max_nodes, SG_BYTES_PER_NODE);
	return node_new(p->a, kind, hcl_loc(p, line, col));
}

struct node *hcl_expr_node(struct hcl_parser *p, int op, uint32_t line, uint32_t col)
{
	struct node *n = hcl_node(p, NODE_EXPR, line, col);
	n->len = (uint32_t)op;
	return n;
}

struct node *hcl_str_node(struct hcl_parser *p, uint32_t line, uint32_t col, const char *s, size_t n)
{
	struct node *str = hcl_node(p, NODE_STR, line, col);
	str->text = arena_strndup(p->a, s, n);
	str->len = (uint32_t)n;
	return str;
}

void hcl_take_operands(struct hcl_parser *p, struct node *n, size_t base)
{
	size_t count = p->stack.n - base;
	n->u.seq.items = count ? arena_memdup(p->a, p->stack.v + base, count * sizeof(struct node *)) : NULL;
	n->u.seq.n = (uint32_t)count;
	p->stack.n = base;
}

/* An expression node of op with the given operands (a NULL operand is kept). */
static struct node *expr_of(struct hcl_parser *p, int op, const struct loc *at, int count, ...)
{
	struct node *n = hcl_expr_node(p, op, 0, 0);
	n->loc = *at;
	struct node **items = arena_alloc_raw(p->a, (size_t)count * sizeof(*items));
	va_list ap;
	va_start(ap, count);
	for (int i = 0; i < count; i++)
		items[i] = va_arg(ap, struct node *);
	va_end(ap);
	n->u.seq.items = items;
	n->u.seq.n = (uint32_t)count;
	return n;
}

static const char *tok_strdup(struct hcl_parser *p, const struct hcl_tok *t)
{
	return arena_strndup(p->a, p->text + t->off, t->len);
}

static int tok_is_word(const struct hcl_parser *p, const struct hcl_tok *t, const char *w)
{
	size_t n = strlen(w);
	return t->type == T_IDENT && t->len == n && memcmp(p->text + t->off, w, n) == 0;
}

/* ---- expressions ------------------------------------------------------------ */

static struct node *parse_unary(struct hcl_parser *p);
static struct node *parse_traversals(struct hcl_parser *p, struct node *from);

/* Expect a closing token; `open`/`line` name the bracket for the message. */
static int expect_close(struct hcl_parser *p, int type, const char *open, uint32_t line)
{
	const struct hcl_tok *t = hcl_peek(p);
	if (!t)
		return -1;
	if (t->type == type) {
		hcl_next(p);
		return 0;
	}
	if (t->type == T_EOF) {
		unclosed(p, t, open, line);
		return -1;
	}
	char what[80];
	snprintf(what, sizeof(what), "'%s' to close the '%s' opened at line %u",
		 type == T_RPAREN ? ")" : type == T_RBRACK ? "]" : "}", open, msg_line(p, line));
	expected(p, t, what);
	return -1;
}

static struct node *parse_paren(struct hcl_parser *p, const struct hcl_tok *open)
{
	int saved = p->newlines;
	if (hcl_depth_enter(p, open->line, open->col))
		return NULL;
	p->newlines = 0;
	struct node *e = hcl_parse_expression(p);
	if (e && expect_close(p, T_RPAREN, "(", open->line))
		e = NULL;
	p->newlines = saved;
	hcl_depth_leave(p);
	return e;
}

/* The loop of a for expression after its opening bracket and `for`. */
static int parse_for_intro(struct hcl_parser *p, struct node **kvar, struct node **vvar)
{
	const struct hcl_tok *t = hcl_peek(p);
	if (!t || t->type != T_IDENT)
		return t ? (expected(p, t, "a variable name after 'for'"), -1) : -1;
	*vvar = hcl_str_node(p, t->line, t->col, p->text + t->off, t->len);
	hcl_next(p);
	if (!(t = hcl_peek(p)))
		return -1;
	if (t->type == T_COMMA) {
		hcl_next(p);
		if (!(t = hcl_peek(p)) || t->type != T_IDENT)
			return t ? (expected(p, t, "a value variable name after ','"), -1) : -1;
		*kvar = *vvar;
		*vvar = hcl_str_node(p, t->line, t->col, p->text + t->off, t->len);
		hcl_next(p);
		if (!(t = hcl_peek(p)))
			return -1;
	}
	if (!tok_is_word(p, t, "in"))
		return expected(p, t, "'in' after the variables of 'for'"), -1;
	hcl_next(p);
	return 0;
}

/* [for k, v in coll: value if cond] and {for k, v in coll: key => value... if cond} */
static struct node *parse_for(struct hcl_parser *p, const struct hcl_tok *open, int object)
{
	struct node *kvar = NULL, *vvar = NULL, *key = NULL, *cond = NULL;
	int close = object ? T_RBRACE : T_RBRACK, group = 0;
	hcl_next(p); /* for */
	if (parse_for_intro(p, &kvar, &vvar))
		return NULL;
	struct node *coll = hcl_parse_expression(p);
	const struct hcl_tok *t = coll ? hcl_peek(p) : NULL;
	if (!t)
		return NULL;
	if (t->type != T_COLON)
		return expected(p, t, "':' after the collection of 'for'");
	hcl_next(p);
	struct node *value = hcl_parse_expression(p);
	if (!value || !(t = hcl_peek(p)))
		return NULL;
	if (t->type == T_ARROW) {
		if (!object)
			return hcl_syntax(p, t, "'=>' is only allowed in a for expression that builds "
				       "an object ({for ...})"), NULL;
		hcl_next(p);
		key = value;
		if (!(value = hcl_parse_expression(p)) || !(t = hcl_peek(p)))
			return NULL;
	} else if (object) {
		return hcl_syntax(p, t, "a for expression that builds an object needs 'key => value'"), NULL;
	}
	if (t->type == T_ELLIPSIS) {
		if (!object)
			return hcl_syntax(p, t, "'...' grouping is only allowed in a for expression that "
				       "builds an object"), NULL;
		group = 1;
		hcl_next(p);
		if (!(t = hcl_peek(p)))
			return NULL;
	}
	if (tok_is_word(p, t, "if")) {
		hcl_next(p);
		if (!(cond = hcl_parse_expression(p)))
			return NULL;
	}
	if (expect_close(p, close, object ? "{" : "[", open->line))
		return NULL;
	struct loc at = hcl_loc(p, open->line, open->col);
	struct node *n = expr_of(p, EXPR_FOR, &at, 6, kvar, vvar, coll, key, value, cond);
	n->flags |= group ? NODE_F_EXPAND : 0;
	return n;
}

static struct node *parse_tuple(struct hcl_parser *p, const struct hcl_tok *open)
{
	size_t base = p->stack.n;
	struct node *n = hcl_expr_node(p, EXPR_TUPLE, open->line, open->col);
	for (;;) {
		const struct hcl_tok *t = hcl_peek(p);
		if (!t)
			return NULL;
		if (t->type == T_RBRACK) {
			hcl_next(p);
			break;
		}
		struct node *item = hcl_parse_expression(p);
		if (!item || !(t = hcl_peek(p)))
			return NULL;
		VEC_PUSH(p->stack, item);
		if (t->type == T_COMMA) {
			hcl_next(p);
		} else if (t->type != T_RBRACK) {
			if (t->type == T_EOF)
				return unclosed(p, t, "[", open->line);
			char what[64];
			snprintf(what, sizeof(what), "',' or ']' in the list opened at line %u",
				 msg_line(p, open->line));
			return expected(p, t, what);
		}
	}
	hcl_take_operands(p, n, base);
	return n;
}

/* An object key: a bare identifier (or true/false/null) is its own name;
 * anything else, parenthesized or templated, stays an expression. */
static struct node *object_key(struct node *key, int parenthesized)
{
	if (parenthesized)
		return key;
	if (key->kind == NODE_EXPR && key->len == EXPR_VAR) {
		key->kind = NODE_STR;
		key->len = (uint32_t)strlen(key->text);
		return key;
	}
	if (key->kind == NODE_BOOL || key->kind == NODE_NULL) {
		key->text = key->kind == NODE_NULL ? "null" : (key->flags & NODE_F_TRUE) ? "true" : "false";
		key->len = (uint32_t)strlen(key->text);
		key->kind = NODE_STR;
		key->flags = 0;
	}
	return key;
}

static int parse_object_item(struct hcl_parser *p, const struct hcl_tok *open)
{
	const struct hcl_tok *t = hcl_peek(p);
	int parenthesized = t->type == T_LPAREN;
	struct node *key = hcl_parse_expression(p);
	if (!key || !(t = hcl_peek(p)))
		return -1;
	if (t->type != T_EQUAL && t->type != T_COLON)
		return t->type == T_EOF ? (unclosed(p, t, "{", open->line), -1)
					: (expected(p, t, "'=' or ':' after the object key"), -1);
	hcl_next(p);
	struct node *value = hcl_parse_expression(p);
	if (!value)
		return -1;
	VEC_PUSH(p->stack, object_key(key, parenthesized));
	VEC_PUSH(p->stack, value);
	if (!(t = hcl_peek(p)))
		return -1;
	if (t->type == T_COMMA || t->type == T_NEWLINE) {
		hcl_next(p);
		return 0;
	}
	if (t->type == T_RBRACE)
		return 0;
	if (t->type == T_EOF)
		return unclosed(p, t, "{", open->line), -1;
	return expected(p, t, "',' or a newline between the items of the object"), -1;
}

static struct node *parse_object(struct hcl_parser *p, const struct hcl_tok *open)
{
	/* `for` may follow on the next line: look for it with newlines as space */
	p->newlines = 0;
	const struct hcl_tok *t = hcl_peek(p);
	if (!t)
		return NULL;
	if (tok_is_word(p, t, "for"))
		return parse_for(p, open, 1);
	p->newlines = 1;
	size_t base = p->stack.n;
	struct node *n = hcl_expr_node(p, EXPR_OBJECT, open->line, open->col);
	for (;;) {
		if (!(t = hcl_peek(p)))
			return NULL;
		if (t->type == T_NEWLINE) {
			hcl_next(p);
		} else if (t->type == T_RBRACE) {
			hcl_next(p);
			break;
		} else if (t->type == T_EOF) {
			return unclosed(p, t, "{", open->line);
		} else if (parse_object_item(p, open)) {
			return NULL;
		}
	}
	hcl_take_operands(p, n, base);
	return n;
}

/* `[` or `{` after the token open: a collection or a for expression. */
static struct node *parse_collection(struct hcl_parser *p, const struct hcl_tok *open_tok)
{
	struct hcl_tok open = *open_tok;
	int saved = p->newlines;
	if (hcl_depth_enter(p, open.line, open.col))
		return NULL;
	hcl_next(p);
	struct node *n;
	if (open.type == T_LBRACE) {
		n = parse_object(p, &open);
	} else {
		p->newlines = 0;
		const struct hcl_tok *t = hcl_peek(p);
		n = !t ? NULL : tok_is_word(p, t, "for") ? parse_for(p, &open, 0) : parse_tuple(p, &open);
	}
	p->newlines = saved;
	hcl_depth_leave(p);
	return n;
}

/* The arguments after the '(' at `open`, up to the ')' (consumed), pushed on
 * p->stack; `list...` after the last one expands it. */
static int parse_call_args(struct hcl_parser *p, struct node *n, const struct hcl_tok *open)
{
	for (;;) {
		const struct hcl_tok *t = hcl_peek(p);
		if (!t)
			return -1;
		if (t->type == T_RPAREN)
			break;
		struct node *arg = hcl_parse_expression(p);
		if (!arg || !(t = hcl_peek(p)))
			return -1;
		VEC_PUSH(p->stack, arg);
		if (t->type == T_ELLIPSIS) {
			n->flags |= NODE_F_EXPAND;
			hcl_next(p);
			if (!(t = hcl_peek(p)))
				return -1;
			if (t->type != T_RPAREN && t->type != T_EOF)
				return hcl_syntax(p, t, "'...' must follow the last argument of %s()", n->text);
			break;
		}
		if (t->type == T_COMMA) {
			hcl_next(p);
		} else if (t->type != T_RPAREN) {
			if (t->type == T_EOF)
				return unclosed(p, t, "(", open->line), -1;
			char what[96];
			snprintf(what, sizeof(what), "',' or ')' in the arguments of %.40s()", n->text);
			return expected(p, t, what), -1;
		}
	}
	return expect_close(p, T_RPAREN, "(", open->line);
}

/* name(args), provider::p::name(args), f(list...) */
static struct node *parse_call(struct hcl_parser *p, const struct hcl_tok *name)
{
	struct node *n = hcl_expr_node(p, EXPR_CALL, name->line, name->col);
	const struct hcl_tok *t;
	n->text = tok_strdup(p, name);
	while ((t = hcl_peek(p)) && t->type == T_DCOLON) {
		hcl_next(p);
		if (!(t = hcl_peek(p)) || t->type != T_IDENT)
			return t ? expected(p, t, "a function name after '::'") : NULL;
		n->text = arena_printf(p->a, "%s::%.*s", n->text, (int)t->len, p->text + t->off);
		hcl_next(p);
	}
	if (!t || t->type != T_LPAREN)
		return t ? expected(p, t, "'(' after the function name") : NULL;
	struct hcl_tok open = *t;
	int saved = p->newlines;
	size_t base = p->stack.n;
	if (hcl_depth_enter(p, open.line, open.col))
		return NULL;
	hcl_next(p);
	p->newlines = 0;
	if (parse_call_args(p, n, &open))
		return NULL;
	p->newlines = saved;
	hcl_depth_leave(p);
	hcl_take_operands(p, n, base);
	return n;
}

static struct node *parse_ident(struct hcl_parser *p, const struct hcl_tok *tok)
{
	struct hcl_tok name = *tok;
	hcl_next(p);
	const struct hcl_tok *t = hcl_peek(p);
	if (!t)
		return NULL;
	if (t->type == T_LPAREN || t->type == T_DCOLON)
		return parse_call(p, &name);
	if (tok_is_word(p, &name, "null"))
		return hcl_node(p, NODE_NULL, name.line, name.col);
	if (tok_is_word(p, &name, "true") || tok_is_word(p, &name, "false")) {
		struct node *b = hcl_node(p, NODE_BOOL, name.line, name.col);
		b->flags |= tok_is_word(p, &name, "true") ? NODE_F_TRUE : 0;
		b->text = b->flags ? "true" : "false";
		b->len = (uint32_t)strlen(b->text);
		return b;
	}
	struct node *v = hcl_expr_node(p, EXPR_VAR, name.line, name.col);
	v->text = tok_strdup(p, &name);
	return v;
}

static struct node *parse_term(struct hcl_parser *p)
{
	const struct hcl_tok *t = hcl_peek(p);
	if (!t)
		return NULL;
	struct hcl_tok open = *t;
	switch (t->type) {
	case T_LPAREN:
		hcl_next(p);
		return parse_paren(p, &open);
	case T_NUMBER: {
		struct node *n = hcl_node(p, NODE_NUM, t->line, t->col);
		n->text = tok_strdup(p, t);
		n->len = t->len;
		hcl_next(p);
		return n;
	}
	case T_IDENT:
		return parse_ident(p, t);
	case T_OQUOTE:
		hcl_next(p);
		return hcl_parse_quoted(p, &open);
	case T_HEREDOC:
		hcl_next(p);
		return hcl_parse_heredoc(p, &open);
	case T_LBRACK:
	case T_LBRACE:
		return parse_collection(p, t);
	default:
		return expected(p, t, "an expression");
	}
}

/* `-` or `!` applied to what follows (with its traversals, not its binary
 * operators: -a + b is (-a) + b). A negated numeric literal is one number. */
static struct node *parse_unary(struct hcl_parser *p)
{
	const struct hcl_tok *t = hcl_peek(p);
	if (!t)
		return NULL;
	if (t->type != T_MINUS && t->type != T_BANG)
		return parse_traversals(p, parse_term(p));
	struct hcl_tok op = *t;
	if (hcl_depth_enter(p, op.line, op.col))
		return NULL;
	hcl_next(p);
	const struct hcl_tok *next = hcl_peek(p);
	int literal = next && next->type == T_NUMBER;
	struct node *x = parse_unary(p);
	hcl_depth_leave(p);
	if (!x)
		return NULL;
	if (op.type == T_MINUS && literal && x->kind == NODE_NUM && x->text[0] != '-') {
		char *s = arena_printf(p->a, "-%s", x->text);
		x->text = s;
		x->len++;
		x->loc = hcl_loc(p, op.line, op.col);
		return x;
	}
	struct loc at = hcl_loc(p, op.line, op.col);
	return expr_of(p, op.type == T_MINUS ? EXPR_NEG : EXPR_NOT, &at, 1, x);
}

/* `.0` after a dot: a legacy index; `.0.1` scans as the number 0.1. */
static struct node *legacy_index(struct hcl_parser *p, struct node *from, const struct hcl_tok *t)
{
	if (memchr(p->text + t->off, '.', t->len)) {
		hcl_syntax(p, t, "legacy index syntax cannot chain two indexes (.%.*s): write [%.*s]",
			   (int)t->len, p->text + t->off, (int)t->len, p->text + t->off);
		return NULL;
	}
	struct node *k = hcl_node(p, NODE_NUM, t->line, t->col);
	k->text = tok_strdup(p, t);
	k->len = t->len;
	hcl_next(p);
	return expr_of(p, EXPR_INDEX, &from->loc, 2, from, k);
}

static struct node *get_attr(struct hcl_parser *p, struct node *from, const struct hcl_tok *t)
{
	struct node *n = expr_of(p, EXPR_GETATTR, &from->loc, 1, from);
	n->text = tok_strdup(p, t);
	hcl_next(p);
	return n;
}

/* x.*.a.b: only the attribute steps (and legacy indexes) apply to each
 * element; what follows applies to the resulting list. */
static struct node *attr_splat(struct hcl_parser *p, struct node *from, const struct hcl_tok *dot)
{
	struct node *each = hcl_expr_node(p, EXPR_SPLAT_ITEM, dot->line, dot->col);
	const struct hcl_tok *t;
	hcl_next(p); /* * */
	while ((t = hcl_peek(p)) && t->type == T_DOT) {
		hcl_next(p);
		if (!(t = hcl_peek(p)))
			return NULL;
		if (t->type == T_IDENT)
			each = get_attr(p, each, t);
		else if (t->type == T_NUMBER)
			each = legacy_index(p, each, t);
		else if (t->type == T_STAR)
			return hcl_syntax(p, t, "a splat cannot be nested in an attribute-only splat "
				       "(.*); use [*]"), NULL;
		else
			return expected(p, t, "an attribute name after '.'");
		if (!each)
			return NULL;
	}
	return t ? expr_of(p, EXPR_SPLAT, &from->loc, 2, from, each) : NULL;
}

static struct node *after_dot(struct hcl_parser *p, struct node *from)
{
	struct hcl_tok dot = p->tok;
	hcl_next(p);
	const struct hcl_tok *t = hcl_peek(p);
	if (!t)
		return NULL;
	switch (t->type) {
	case T_IDENT:
		return get_attr(p, from, t);
	case T_NUMBER:
		return legacy_index(p, from, t);
	case T_STAR:
		return attr_splat(p, from, &dot);
	default:
		return expected(p, t, "an attribute name, a number or '*' after '.'");
	}
}

/* x[*].a[0]: every following attribute and index step applies to each
 * element, nested splats included. */
static struct node *full_splat(struct hcl_parser *p, struct node *from, const struct hcl_tok *open)
{
	const struct hcl_tok *t;
	hcl_next(p); /* * */
	if (!(t = hcl_peek(p)))
		return NULL;
	if (t->type != T_RBRACK)
		return expected(p, t, "']' after '[*'");
	hcl_next(p);
	if (hcl_depth_enter(p, open->line, open->col))
		return NULL;
	struct node *item = hcl_expr_node(p, EXPR_SPLAT_ITEM, open->line, open->col);
	struct node *each = parse_traversals(p, item);
	hcl_depth_leave(p);
	return each ? expr_of(p, EXPR_SPLAT, &from->loc, 2, from, each) : NULL;
}

static struct node *after_bracket(struct hcl_parser *p, struct node *from)
{
	struct hcl_tok open = p->tok;
	int saved = p->newlines;
	hcl_next(p);
	p->newlines = 0;
	const struct hcl_tok *t = hcl_peek(p);
	if (t && t->type == T_STAR) {
		p->newlines = saved;
		return full_splat(p, from, &open);
	}
	struct node *key = NULL;
	if (t && !hcl_depth_enter(p, open.line, open.col)) {
		key = hcl_parse_expression(p);
		if (key && expect_close(p, T_RBRACK, "[", open.line))
			key = NULL;
		hcl_depth_leave(p);
	}
	p->newlines = saved;
	return key ? expr_of(p, EXPR_INDEX, &from->loc, 2, from, key) : NULL;
}

static struct node *parse_traversals(struct hcl_parser *p, struct node *from)
{
	while (from) {
		const struct hcl_tok *t = hcl_peek(p);
		if (!t)
			return NULL;
		if (t->type == T_DOT)
			from = after_dot(p, from);
		else if (t->type == T_LBRACK)
			from = after_bracket(p, from);
		else
			break;
	}
	return from;
}

/* Precedence of a binary operator token (0: not one) and its operator. */
static int binary_op(int type, int *op)
{
	switch (type) {
	case T_STAR: *op = EXPR_MUL; return 6;
	case T_SLASH: *op = EXPR_DIV; return 6;
	case T_PERCENT: *op = EXPR_MOD; return 6;
	case T_PLUS: *op = EXPR_ADD; return 5;
	case T_MINUS: *op = EXPR_SUB; return 5;
	case T_LT: *op = EXPR_LT; return 4;
	case T_LE: *op = EXPR_LE; return 4;
	case T_GT: *op = EXPR_GT; return 4;
	case T_GE: *op = EXPR_GE; return 4;
	case T_EQEQ: *op = EXPR_EQ; return 3;
	case T_NE: *op = EXPR_NE; return 3;
	case T_AND: *op = EXPR_AND; return 2;
	case T_OR: *op = EXPR_OR; return 1;
	default: return 0;
	}
}

/* Operators of at least min_prec; the right operand of a level-n operator
 * only takes operators of level n+1 and up, which makes them left-assoc. */
static struct node *parse_binary(struct hcl_parser *p, int min_prec)
{
	struct node *lhs = parse_unary(p);
	while (lhs) {
		const struct hcl_tok *t = hcl_peek(p);
		int op = 0, prec = t ? binary_op(t->type, &op) : 0;
		if (!t)
			return NULL;
		if (!prec || prec < min_prec)
			break;
		hcl_next(p);
		struct node *rhs = parse_binary(p, prec + 1);
		if (!rhs)
			return NULL;
		lhs = expr_of(p, op, &lhs->loc, 2, lhs, rhs);
	}
	return lhs;
}

struct node *hcl_parse_expression(struct hcl_parser *p)
{
	struct node *cond = parse_binary(p, 1);
	const struct hcl_tok *t = cond ? hcl_peek(p) : NULL;
	if (!t || t->type != T_QUESTION)
		return t ? cond : NULL;
	struct hcl_tok q = *t;
	hcl_next(p);
	if (hcl_depth_enter(p, q.line, q.col))
		return NULL;
	struct node *yes = hcl_parse_expression(p), *no = NULL;
	if (yes && (t = hcl_peek(p))) {
		if (t->type != T_COLON)
			expected(p, t, "':' in the conditional expression (cond ? a : b)");
		else {
			hcl_next(p);
			no = hcl_parse_expression(p);
		}
	}
	hcl_depth_leave(p);
	return no ? expr_of(p, EXPR_COND, &cond->loc, 3, cond, yes, no) : NULL;
}

/* ---- bodies ------------------------------------------------------------------- */

static uint32_t name_hash(const char *s, size_t n, uint32_t body)
{
	uint32_t h = 2166136261u ^ (body * 0x9E3779B1u);
	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 16777619u;
	return h;
}

static void seen_grow(struct hcl_parser *p)
{
	uint32_t cap = p->seen_cap ? p->seen_cap * 2 : 64;
	struct hcl_seen *t = xcalloc(cap, sizeof(*t));
	for (uint32_t i = 0; i < p->seen_cap; i++) {
		struct hcl_seen *e = &p->seen[i];
		if (!e->name)
			continue;
		uint32_t j = name_hash(e->name, e->len, e->body) & (cap - 1);
		while (t[j].name)
			j = (j + 1) & (cap - 1);
		t[j] = *e;
	}
	free(p->seen);
	p->seen = t;
	p->seen_cap = cap;
}

/* Each attribute name may be defined once per body. */
static int check_duplicate(struct hcl_parser *p, uint32_t body, const struct hcl_tok *name)
{
	if (2 * (p->seen_n + 1) > p->seen_cap)
		seen_grow(p);
	const char *s = p->text + name->off;
	uint32_t j = name_hash(s, name->len, body) & (p->seen_cap - 1);
	for (; p->seen[j].name; j = (j + 1) & (p->seen_cap - 1)) {
		struct hcl_seen *e = &p->seen[j];
		if (e->body == body && e->len == name->len && memcmp(e->name, s, name->len) == 0)
			return hcl_syntax(p, name, "attribute '%.*s' was already defined at line %u",
					  (int)name->len, s, msg_line(p, e->line));
	}
	p->seen[j] = (struct hcl_seen){body, name->len, name->line, s};
	p->seen_n++;
	return 0;
}

static void push_pair(struct hcl_parser *p, const struct hcl_tok *name, struct node *value)
{
	struct node_pair pair = {tok_strdup(p, name), hcl_loc(p, name->line, name->col), value};
	VEC_PUSH(p->pairs, pair);
}

/* name = expression, ended by a newline (or the end of the file) unless it
 * is the one attribute of a one-line block. */
static int parse_attribute(struct hcl_parser *p, const struct hcl_tok *name, uint32_t body, int one_line)
{
	hcl_next(p); /* = */
	struct node *value = hcl_parse_expression(p);
	const struct hcl_tok *t = value ? hcl_peek(p) : NULL;
	if (!t || check_duplicate(p, body, name))
		return -1;
	push_pair(p, name, value);
	if (one_line || t->type == T_EOF)
		return 0;
	if (t->type == T_NEWLINE) {
		hcl_next(p);
		return 0;
	}
	char buf[64];
	return hcl_syntax(p, t, "expected a newline after the value of '%.*s', found %s%s",
			  (int)name->len, p->text + name->off, hcl_tok_desc(p, t, buf, sizeof(buf)),
			  t->type == T_COMMA ? " (attributes are separated by newlines, not commas)" : "");
}

static int parse_body(struct hcl_parser *p, struct node *body, int end, const struct hcl_tok *open);

/* `{ name = value }` on one line. */
static int parse_one_line_body(struct hcl_parser *p, struct node *body, const struct hcl_tok *open)
{
	size_t base = p->pairs.n;
	uint32_t id = ++p->bodies;
	struct hcl_tok name = p->tok;
	const struct hcl_tok *t;
	if (name.type != T_IDENT)
		return expected(p, &name, "an attribute name or a newline after '{'"), -1;
	hcl_next(p);
	if (!(t = hcl_peek(p)))
		return -1;
	if (t->type != T_EQUAL)
		return hcl_syntax(p, t, "a block on one line holds only one attribute (name = value); "
				  "put a nested block on a line of its own"), -1;
	if (parse_attribute(p, &name, id, 1) || !(t = hcl_peek(p)))
		return -1;
	if (t->type == T_COMMA || t->type == T_NEWLINE)
		return hcl_syntax(p, t, "a block on one line holds one attribute and closes on that "
				  "line; write one attribute per line"), -1;
	if (t->type == T_EOF)
		return unclosed(p, t, "{", open->line), -1;
	if (t->type != T_RBRACE)
		return expected(p, t, "'}' after the attribute of a one-line block"), -1;
	hcl_next(p);
	body->u.map.n = (uint32_t)(p->pairs.n - base);
	body->u.map.pairs = arena_memdup(p->a, p->pairs.v + base, body->u.map.n * sizeof(struct node_pair));
	p->pairs.n = base;
	return 0;
}

/* Labels up to the '{' (same line); they are pushed on p->stack. */
static int parse_labels(struct hcl_parser *p, const struct hcl_tok *type)
{
	for (;;) {
		const struct hcl_tok *t = hcl_peek(p);
		if (!t)
			return -1;
		if (t->type == T_LBRACE)
			return 0;
		struct hcl_tok label = *t;
		const char *s;
		size_t n;
		if (t->type == T_IDENT) {
			s = p->text + t->off;
			n = t->len;
			hcl_next(p);
		} else if (t->type == T_OQUOTE) {
			hcl_next(p);
			if (hcl_parse_label(p, &label, &s, &n))
				return -1;
		} else {
			char what[96];
			snprintf(what, sizeof(what), "a label or '{' on the line of block '%.*s'",
				 (int)type->len, p->text + type->off);
			return expected(p, t, what), -1;
		}
		VEC_PUSH(p->stack, hcl_str_node(p, label.line, label.col, s, n));
	}
}

/* Nest the body in one NODE_F_LABEL map per label, innermost last. */
static struct node *wrap_labels(struct hcl_parser *p, struct node *body, size_t base)
{
	for (size_t i = p->stack.n; i-- > base;) {
		struct node *label = p->stack.v[i];
		struct node *m = node_new_map1(p->a, label->loc, label->text, body);
		p->nodes++; /* the label node itself was counted; its map too */
		m->flags |= NODE_F_LABEL;
		body = m;
	}
	p->stack.n = base;
	return body;
}

static int parse_block(struct hcl_parser *p, const struct hcl_tok *type)
{
	size_t base = p->stack.n;
	if (hcl_depth_enter(p, type->line, type->col) || parse_labels(p, type))
		return -1;
	struct hcl_tok open = p->tok;
	hcl_next(p);
	struct node *body = hcl_node(p, NODE_MAP, type->line, type->col);
	body->flags |= NODE_F_BODY;
	const struct hcl_tok *t = hcl_peek(p);
	if (!t)
		return -1;
	int rc = (t->type == T_NEWLINE || t->type == T_RBRACE || t->type == T_EOF)
			 ? parse_body(p, body, T_RBRACE, &open)
			 : parse_one_line_body(p, body, &open);
	hcl_depth_leave(p);
	if (rc || !(t = hcl_peek(p)))
		return -1;
	if (t->type == T_NEWLINE)
		hcl_next(p);
	else if (t->type != T_EOF)
		return hcl_syntax(p, t, "expected a newline after the '}' of block '%.*s'",
				  (int)type->len, p->text + type->off);
	push_pair(p, type, wrap_labels(p, body, base));
	return 0;
}

static int parse_body_item(struct hcl_parser *p, uint32_t body)
{
	struct hcl_tok name = p->tok;
	hcl_next(p);
	const struct hcl_tok *t = hcl_peek(p);
	if (!t)
		return -1;
	switch (t->type) {
	case T_EQUAL:
		return parse_attribute(p, &name, body, 0);
	case T_LBRACE:
	case T_OQUOTE:
	case T_IDENT:
		return parse_block(p, &name);
	default: {
		char buf[64];
		return hcl_syntax(p, t, "expected '=' or a block after '%.*s', found %s", (int)name.len,
				  p->text + name.off, hcl_tok_desc(p, t, buf, sizeof(buf)));
	}
	}
}

/* Attributes and blocks up to `end` (T_EOF for the file, T_RBRACE for a
 * block, consumed); the pairs go to `body` in source order. */
static int parse_body(struct hcl_parser *p, struct node *body, int end, const struct hcl_tok *open)
{
	size_t base = p->pairs.n;
	uint32_t id = ++p->bodies;
	int saved = p->newlines;
	p->newlines = 1;
	for (;;) {
		const struct hcl_tok *t = hcl_peek(p);
		if (!t)
			return -1;
		if (t->type == end) {
			if (end != T_EOF)
				hcl_next(p);
			break;
		}
		if (t->type == T_NEWLINE) {
			hcl_next(p);
		} else if (t->type == T_IDENT) {
			if (parse_body_item(p, id))
				return -1;
		} else if (t->type == T_EOF) {
			return unclosed(p, t, "{", open->line), -1;
		} else {
			return expected(p, t, t->type == T_OQUOTE ? "an attribute name (names are not quoted)"
								  : "an attribute or a block"), -1;
		}
	}
	p->newlines = saved;
	body->u.map.n = (uint32_t)(p->pairs.n - base);
	body->u.map.pairs = body->u.map.n ? arena_memdup(p->a, p->pairs.v + base,
							 body->u.map.n * sizeof(struct node_pair))
					  : NULL;
	p->pairs.n = base;
	return 0;
}

/* ---- entry points ------------------------------------------------------------- */

static void parser_init(struct hcl_parser *p, const char *file, const char *text, size_t len,
			const struct load_limits *lim, struct arena *arena, struct diag *err)
{
	memset(p, 0, sizeof(*p));
	p->file = file;
	p->text = text;
	p->len = len;
	p->line = p->col = 1;
	p->lim = lim;
	p->a = arena;
	p->err = err;
	sb_grow(&p->lit, 256); /* never a NULL buffer, even for "" */
}

static void parser_release(struct hcl_parser *p)
{
	free(p->stack.v);
	free(p->pairs.v);
	free(p->ttoks.v);
	sb_release(&p->lit);
	free(p->seen);
}

int hcl_parse(const char *file, const char *text, size_t len, const struct load_limits *lim,
	      struct arena *arena, struct node **root, struct diag *err)
{
	struct hcl_parser p;
	parser_init(&p, file, text, len, lim, arena, err);
	struct node *body = hcl_node(&p, NODE_MAP, 1, 1);
	body->flags |= NODE_F_BODY;
	int rc = parse_body(&p, body, T_EOF, NULL);
	parser_release(&p);
	if (rc || p.failed)
		return -1;
	*root = body;
	return 0;
}

static int parse_relative(const char *file, const char *text, size_t len, struct loc at,
			  const struct load_limits *lim, struct arena *arena, struct node **out,
			  struct diag *err, int template)
{
	struct hcl_parser p;
	parser_init(&p, file, text, len, lim, arena, err);
	p.relative = 1;
	p.base = at;
	struct node *n = template ? hcl_parse_bare(&p) : hcl_parse_expression(&p);
	const struct hcl_tok *t = n && !template ? hcl_peek(&p) : NULL;
	if (t && t->type != T_EOF) {
		char buf[64];
		hcl_syntax(&p, t, "unexpected %s after the expression", hcl_tok_desc(&p, t, buf, sizeof(buf)));
	}
	parser_release(&p);
	if (!n || p.failed)
		return -1;
	*out = n;
	return 0;
}

int hcl_parse_template(const char *file, const char *text, size_t len, struct loc at,
		       const struct load_limits *lim, struct arena *arena, struct node **out,
		       struct diag *err)
{
	return parse_relative(file, text, len, at, lim, arena, out, err, 1);
}

int hcl_parse_expr(const char *file, const char *text, size_t len, struct loc at,
		   const struct load_limits *lim, struct arena *arena, struct node **out,
		   struct diag *err)
{
	return parse_relative(file, text, len, at, lim, arena, out, err, 0);
}
