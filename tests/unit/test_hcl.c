/* Unit tests: the HCL native syntax parser (doc/hcl): tree shapes and
 * locations for every construct, precedence, splats, templates, heredocs,
 * every error message with its position, and the limits. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "doc/hcl/hcl.h"

struct fixture {
	struct arena a;
	struct load_limits lim;
	struct diag err;
	struct node *root;
	char *buf;
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	arena_init(&f->a);
	load_limits_default(&f->lim);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	arena_release(&f->a);
	free(f->buf);
	free(f);
	return 0;
}

/* Parse from a buffer of exactly len bytes plus the NUL the API promises,
 * so ASan catches any read past it. */
static int parse_len(struct fixture *f, const char *text, size_t len)
{
	free(f->buf);
	f->buf = malloc(len + 1);
	memcpy(f->buf, text, len);
	f->buf[len] = '\0';
	f->root = NULL;
	return hcl_parse("t.tf", f->buf, len, &f->lim, &f->a, &f->root, &f->err);
}

static int parse(struct fixture *f, const char *text)
{
	return parse_len(f, text, strlen(text));
}

static const struct node *attr(const struct fixture *f, const char *name)
{
	const struct node *v = node_get(f->root, name);
	assert_non_null(v);
	return v;
}

static const struct node *op(const struct node *n, uint32_t i)
{
	assert_int_equal(n->kind, NODE_EXPR);
	assert_true(i < n->u.seq.n);
	return n->u.seq.items[i];
}

static void assert_expr(const struct node *n, int expr_op)
{
	assert_non_null(n);
	assert_int_equal(n->kind, NODE_EXPR);
	assert_int_equal(n->len, expr_op);
}

static void assert_loc(struct loc l, uint32_t line, uint32_t col)
{
	assert_int_equal(l.line, line);
	assert_int_equal(l.col, col);
}

/* A canonical text of an expression, for precedence and shape checks. */
static void canon(struct strbuf *o, const struct node *n)
{
	static const char *const bin[] = {
		[EXPR_MUL] = "*", [EXPR_DIV] = "/", [EXPR_MOD] = "%", [EXPR_ADD] = "+",
		[EXPR_SUB] = "-", [EXPR_LT] = "<", [EXPR_LE] = "<=", [EXPR_GT] = ">",
		[EXPR_GE] = ">=", [EXPR_EQ] = "==", [EXPR_NE] = "!=", [EXPR_AND] = "&&",
		[EXPR_OR] = "||",
	};
	if (!n) {
		sb_adds(o, "_");
		return;
	}
	if (n->kind == NODE_STR) {
		sb_addf(o, "'%s'", n->text);
		return;
	}
	if (n->kind != NODE_EXPR) {
		sb_adds(o, n->kind == NODE_NULL ? "null" : n->text);
		return;
	}
	if (n->len >= EXPR_MUL && n->len <= EXPR_OR) {
		sb_addc(o, '(');
		canon(o, n->u.seq.items[0]);
		sb_addf(o, " %s ", bin[n->len]);
		canon(o, n->u.seq.items[1]);
		sb_addc(o, ')');
		return;
	}
	static const char *const names[] = {
		[EXPR_TEMPLATE] = "tmpl", [EXPR_TEMPLATE_IF] = "tif", [EXPR_TEMPLATE_FOR] = "tfor",
		[EXPR_INDEX] = "index", [EXPR_SPLAT] = "splat", [EXPR_NEG] = "neg", [EXPR_NOT] = "not",
		[EXPR_COND] = "cond", [EXPR_FOR] = "for", [EXPR_TUPLE] = "tuple", [EXPR_OBJECT] = "object",
	};
	if (n->len == EXPR_VAR) {
		sb_adds(o, n->text);
		return;
	}
	if (n->len == EXPR_SPLAT_ITEM) {
		sb_addc(o, '*');
		return;
	}
	if (n->len == EXPR_GETATTR) {
		canon(o, n->u.seq.items[0]);
		sb_addf(o, ".%s", n->text);
		return;
	}
	sb_adds(o, n->len == EXPR_CALL ? n->text : names[n->len]);
	if (n->flags & NODE_F_EXPAND)
		sb_adds(o, "...");
	sb_addc(o, '(');
	for (uint32_t i = 0; i < n->u.seq.n; i++) {
		sb_adds(o, i ? ", " : "");
		canon(o, n->u.seq.items[i]);
	}
	sb_addc(o, ')');
}

/* The canonical text of `x = EXPR`'s value. */
static void assert_canon(struct fixture *f, const char *expr, const char *want)
{
	char text[512];
	snprintf(text, sizeof(text), "x = %s\n", expr);
	if (parse(f, text) != 0)
		fail_msg("%s: %s at %u:%u", expr, f->err.msg, f->err.loc.line, f->err.loc.col);
	struct strbuf sb = STRBUF_INIT;
	canon(&sb, attr(f, "x"));
	if (strcmp(sb_str(&sb), want) != 0)
		fail_msg("%s: got %s, want %s", expr, sb_str(&sb), want);
	sb_release(&sb);
}

static void assert_error(struct fixture *f, const char *text, uint32_t line, uint32_t col, const char *msg)
{
	if (parse(f, text) == 0)
		fail_msg("no error for %s", text);
	if (strcmp(f->err.msg, msg) != 0 || f->err.loc.line != line || f->err.loc.col != col)
		fail_msg("%s:\n got  %u:%u %s\n want %u:%u %s", text, f->err.loc.line, f->err.loc.col,
			 f->err.msg, line, col, msg);
	assert_string_equal(f->err.loc.file, "t.tf");
}

/* ---- structure ---- */

static void empty_file_is_an_empty_body(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(parse(f, ""), 0);
	assert_int_equal(f->root->kind, NODE_MAP);
	assert_true(f->root->flags & NODE_F_BODY);
	assert_int_equal(f->root->u.map.n, 0);
	assert_int_equal(parse(f, "\n# only a comment\n\n// and another\n/* and\n this */\n"), 0);
	assert_int_equal(f->root->u.map.n, 0);
}

static void attributes_with_locations(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(parse(f, "a = 1\n  b   = \"x\"\n\tc = true # comment\n"), 0);
	assert_int_equal(f->root->u.map.n, 3);
	const struct node_pair *b = node_get_pair(f->root, "b");
	assert_loc(b->key_loc, 2, 3);
	assert_int_equal(b->value->kind, NODE_STR);
	assert_true(b->value->flags & NODE_F_QUOTED);
	assert_loc(b->value->loc, 2, 9);
	const struct node_pair *c = node_get_pair(f->root, "c");
	assert_loc(c->key_loc, 3, 2); /* a tab is one column */
	assert_loc(c->value->loc, 3, 6);
	assert_string_equal(f->root->u.map.pairs[0].key, "a");
}

static void block_labels_nest_to_the_body(void **state)
{
	struct fixture *f = *state;
	const char *text = "resource \"aws_security_group\" \"web\" {\n"
			   "  name = \"web\"\n"
			   "  ingress {\n"
			   "    from_port = 22\n"
			   "  }\n"
			   "  ingress {}\n"
			   "}\n";
	assert_int_equal(parse(f, text), 0);
	const struct node_pair *res = node_get_pair(f->root, "resource");
	assert_loc(res->key_loc, 1, 1);
	const struct node *type = res->value;
	assert_int_equal(type->kind, NODE_MAP);
	assert_true(type->flags & NODE_F_LABEL);
	assert_int_equal(type->u.map.n, 1);
	assert_string_equal(type->u.map.pairs[0].key, "aws_security_group");
	assert_loc(type->loc, 1, 10);
	assert_loc(type->u.map.pairs[0].key_loc, 1, 10);
	const struct node *name = type->u.map.pairs[0].value;
	assert_true(name->flags & NODE_F_LABEL);
	assert_string_equal(name->u.map.pairs[0].key, "web");
	assert_loc(name->loc, 1, 31);
	const struct node *body = name->u.map.pairs[0].value;
	assert_true(body->flags & NODE_F_BODY);
	assert_false(body->flags & NODE_F_LABEL);
	assert_loc(body->loc, 1, 1); /* the block type keyword */
	assert_int_equal(body->u.map.n, 3);
	assert_string_equal(body->u.map.pairs[1].key, "ingress");
	assert_string_equal(body->u.map.pairs[2].key, "ingress"); /* blocks repeat */
	const struct node *ingress = body->u.map.pairs[1].value;
	assert_true(ingress->flags & NODE_F_BODY);
	assert_loc(ingress->loc, 3, 3);
	assert_string_equal(node_get(ingress, "from_port")->text, "22");
	assert_int_equal(body->u.map.pairs[2].value->u.map.n, 0);
}

static void identifier_labels_and_one_line_blocks(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(parse(f, "a b \"c\" { x = 1 }\nempty {}\nd { e = [1,\n 2] }\n"), 0);
	const struct node *a = attr(f, "a");
	assert_string_equal(a->u.map.pairs[0].key, "b");
	const struct node *c = a->u.map.pairs[0].value;
	assert_string_equal(c->u.map.pairs[0].key, "c");
	const struct node *body = c->u.map.pairs[0].value;
	assert_true(body->flags & NODE_F_BODY);
	assert_string_equal(node_get(body, "x")->text, "1");
	assert_int_equal(attr(f, "empty")->u.map.n, 0);
	assert_expr(node_get(attr(f, "d"), "e"), EXPR_TUPLE);
}

static void literals(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(parse(f, "t = true\nn = null\nf = false\nx = 1.5e3\nneg = -1\nsp = - 2.5\nv = truex\n"), 0);
	assert_int_equal(attr(f, "t")->kind, NODE_BOOL);
	assert_true(attr(f, "t")->flags & NODE_F_TRUE);
	assert_int_equal(attr(f, "f")->kind, NODE_BOOL);
	assert_false(attr(f, "f")->flags & NODE_F_TRUE);
	assert_int_equal(attr(f, "n")->kind, NODE_NULL);
	assert_int_equal(attr(f, "x")->kind, NODE_NUM);
	assert_string_equal(attr(f, "x")->text, "1.5e3");
	const struct node *neg = attr(f, "neg");
	assert_int_equal(neg->kind, NODE_NUM);
	assert_string_equal(neg->text, "-1");
	assert_int_equal(neg->len, 2);
	assert_loc(neg->loc, 5, 7);
	assert_string_equal(attr(f, "sp")->text, "-2.5");
	assert_expr(attr(f, "v"), EXPR_VAR);
	assert_string_equal(attr(f, "v")->text, "truex");
}

static void quoted_strings_and_escapes(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(parse(f, "a = \"x\\n\\r\\t\\\"\\\\y\"\n"
				  "u = \"\\u00e9\\U0001F600\"\n"
				  "d = \"$${x} %%{y} $5 100% $$\"\n"
				  "e = \"\"\n"), 0);
	const struct node *a = attr(f, "a");
	assert_int_equal(a->kind, NODE_STR);
	assert_string_equal(a->text, "x\n\r\t\"\\y");
	assert_int_equal(a->len, 7);
	assert_string_equal(attr(f, "u")->text, "\xc3\xa9\xf0\x9f\x98\x80");
	assert_int_equal(attr(f, "u")->len, 6);
	assert_string_equal(attr(f, "d")->text, "${x} %{y} $5 100% $$");
	const struct node *e = attr(f, "e");
	assert_int_equal(e->kind, NODE_STR);
	assert_true(e->flags & NODE_F_QUOTED);
	assert_int_equal(e->len, 0);
	assert_loc(e->loc, 4, 5);
}

static void columns_count_characters(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(parse(f, "a = \"\xc3\xa9\xc3\xa9\" + b\nc\xc3\xa9 = \"\xe2\x82\xac\" \n"), 0);
	const struct node *a = attr(f, "a");
	assert_loc(op(a, 1)->loc, 1, 12);
	assert_loc(node_get_pair(f->root, "c\xc3\xa9")->key_loc, 2, 1);
	assert_loc(node_get(f->root, "c\xc3\xa9")->loc, 2, 6);
}

static void crlf_line_ends(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(parse(f, "a = 1\r\nb {\r\n  c = <<EOF\r\nx\r\nEOF\r\n}\r\n"), 0);
	const struct node *b = attr(f, "b");
	assert_string_equal(node_get(b, "c")->text, "x\r\n");
	assert_loc(node_get_pair(b, "c")->key_loc, 3, 3);
}

static void duplicate_attributes(void **state)
{
	struct fixture *f = *state;
	assert_error(f, "a = 1\nb = 2\n\na = 3\n", 4, 1,
		     "HCL syntax error: attribute 'a' was already defined at line 1");
	assert_error(f, "x {\n  y = 1\n  y = 2\n}\n", 3, 3,
		     "HCL syntax error: attribute 'y' was already defined at line 2");
	/* the same name in other bodies, and repeated blocks, are fine */
	assert_int_equal(parse(f, "a = 1\nx {\n  a = 2\n}\nx {\n  a = 3\n}\n"), 0);
	/* many attributes: the check is a hash, not a scan of the body */
	struct strbuf sb = STRBUF_INIT;
	for (int i = 0; i < 50000; i++)
		sb_addf(&sb, "attr_%d = %d\n", i, i);
	assert_int_equal(parse(f, sb_str(&sb)), 0);
	assert_int_equal(f->root->u.map.n, 50000);
	sb_addf(&sb, "attr_777 = 0\n");
	assert_int_equal(parse(f, sb_str(&sb)), -1);
	assert_string_equal(f->err.msg, "HCL syntax error: attribute 'attr_777' was already defined at line 778");
	sb_release(&sb);
}

/* ---- expressions ---- */

static void operator_precedence(void **state)
{
	struct fixture *f = *state;
	assert_canon(f, "1 + 2 * 3", "(1 + (2 * 3))");
	assert_canon(f, "x / y * z", "((x / y) * z)");
	assert_canon(f, "a - b - c", "((a - b) - c)");
	assert_canon(f, "a % b + c", "((a % b) + c)");
	assert_canon(f, "a + b > c - d", "((a + b) > (c - d))");
	assert_canon(f, "a == b < c", "(a == (b < c))");
	assert_canon(f, "a != b && c == d", "((a != b) && (c == d))");
	assert_canon(f, "a || b && c", "(a || (b && c))");
	assert_canon(f, "a && b || c && d", "((a && b) || (c && d))");
	assert_canon(f, "a >= b <= c", "((a >= b) <= c)");
	assert_canon(f, "-a + b", "(neg(a) + b)");
	assert_canon(f, "!a == b", "(not(a) == b)");
	assert_canon(f, "!!a", "not(not(a))");
	assert_canon(f, "- a.b[0]", "neg(index(a.b, 0))");
	assert_canon(f, "-1 + 2", "(-1 + 2)");
	assert_canon(f, "-(1)", "neg(1)");
	assert_canon(f, "- -1", "neg(-1)");
	assert_canon(f, "(1 + 2) * 3", "((1 + 2) * 3)");
	assert_canon(f, "a ? b : c ? d : e", "cond(a, b, cond(c, d, e))");
	assert_canon(f, "a || b ? c + 1 : d", "cond((a || b), (c + 1), d)");
	assert_canon(f, "(a ? b : c) ? d : e", "cond(cond(a, b, c), d, e)");
	const struct node *x = attr(f, "x");
	assert_loc(x->loc, 1, 6); /* where the expression starts: the '(' is not a node */
}

static void traversals(void **state)
{
	struct fixture *f = *state;
	assert_canon(f, "a.b[0][\"k\"].c[var.i]", "index(index(index(a.b, 0), 'k').c, var.i)");
	assert_canon(f, "aws_instance.web.0.id", "index(aws_instance.web, 0).id");
	assert_canon(f, "(a).b", "a.b");
	assert_canon(f, "[1, 2][0]", "index(tuple(1, 2), 0)");
	assert_canon(f, "a[\n  0\n]", "index(a, 0)");
	assert_int_equal(parse(f, "x = aws_vpc.main.cidr_block\n"), 0);
	const struct node *x = attr(f, "x");
	assert_expr(x, EXPR_GETATTR);
	assert_string_equal(x->text, "cidr_block");
	assert_loc(x->loc, 1, 5);
	assert_expr(op(x, 0), EXPR_GETATTR);
	assert_expr(op(op(x, 0), 0), EXPR_VAR);
	assert_string_equal(op(op(x, 0), 0)->text, "aws_vpc");
	assert_int_equal(op(op(x, 0), 0)->u.seq.n, 0);
}

static void splats(void **state)
{
	struct fixture *f = *state;
	/* attribute-only: only the .attr steps apply to each element */
	assert_canon(f, "a.*.b.c[0]", "index(splat(a, *.b.c), 0)");
	assert_canon(f, "a.*.b.0", "splat(a, index(*.b, 0))");
	assert_canon(f, "a.*", "splat(a, *)");
	/* full: every following step applies to each element */
	assert_canon(f, "a[*].b[0].c", "splat(a, index(*.b, 0).c)");
	assert_canon(f, "a[*]", "splat(a, *)");
	assert_canon(f, "a[*].b[*].c", "splat(a, splat(*.b, *.c))");
	assert_canon(f, "length(a[*].id) + 1", "(length(splat(a, *.id)) + 1)");
	assert_int_equal(parse(f, "x = aws_instance.web[*].id\n"), 0);
	const struct node *s = attr(f, "x");
	assert_expr(s, EXPR_SPLAT);
	assert_loc(s->loc, 1, 5);
	const struct node *each = op(s, 1);
	assert_expr(each, EXPR_GETATTR);
	assert_expr(op(each, 0), EXPR_SPLAT_ITEM);
	assert_loc(op(each, 0)->loc, 1, 21); /* the [*] marker */
}

static void function_calls(void **state)
{
	struct fixture *f = *state;
	assert_canon(f, "concat(a, [b], f())", "concat(a, tuple(b), f())");
	assert_canon(f, "max(1, 2,)", "max(1, 2)");
	assert_canon(f, "min(var.list...)", "min...(var.list)");
	assert_canon(f, "provider::aws::arn_parse(x).region", "provider::aws::arn_parse(x).region");
	assert_canon(f, "f(\n  a,\n  b\n)", "f(a, b)");
	assert_int_equal(parse(f, "x = lower(y)\n"), 0);
	const struct node *c = attr(f, "x");
	assert_expr(c, EXPR_CALL);
	assert_string_equal(c->text, "lower");
	assert_false(c->flags & NODE_F_EXPAND);
	assert_int_equal(c->u.seq.n, 1);
}

static void for_expressions(void **state)
{
	struct fixture *f = *state;
	assert_canon(f, "[for v in xs: v]", "for(_, 'v', xs, _, v, _)");
	assert_canon(f, "[for i, v in xs: v * i if i > 0]", "for('i', 'v', xs, _, (v * i), (i > 0))");
	assert_canon(f, "{for k, v in m: upper(k) => v}", "for('k', 'v', m, upper(k), v, _)");
	assert_canon(f, "{\n  for s in subnets :\n  s.az => s.id...\n  if s.public\n}",
		     "for...(_, 's', subnets, s.az, s.id, s.public)");
	assert_int_equal(parse(f, "x = [for v in xs: v]\n"), 0);
	const struct node *n = attr(f, "x");
	assert_expr(n, EXPR_FOR);
	assert_int_equal(n->u.seq.n, 6);
	assert_null(op(n, 0));
	assert_int_equal(op(n, 1)->kind, NODE_STR);
	assert_loc(op(n, 1)->loc, 1, 10);
}

static void tuples_and_objects(void **state)
{
	struct fixture *f = *state;
	assert_canon(f, "[]", "tuple()");
	assert_canon(f, "[1, 2,]", "tuple(1, 2)");
	assert_canon(f, "[\n  1, # one\n  2,\n]", "tuple(1, 2)");
	assert_canon(f, "{}", "object()");
	assert_canon(f, "{a = 1, \"b\" = 2, c: 3}", "object('a', 1, 'b', 2, 'c', 3)");
	assert_canon(f, "{\n  a = 1\n  b = 2,\n\n  c = [\n    3\n  ]\n}", "object('a', 1, 'b', 2, 'c', tuple(3))");
	assert_canon(f, "{(k) = 1, \"${p}-x\" = 2, true = 3, 4 = 5}",
		     "object(k, 1, tmpl(p, '-x'), 2, 'true', 3, 4, 5)");
	assert_int_equal(parse(f, "x = {\n  name = 1\n  (var.k) = 2\n}\n"), 0);
	const struct node *o = attr(f, "x");
	assert_expr(o, EXPR_OBJECT);
	assert_int_equal(o->u.seq.n, 4);
	assert_int_equal(op(o, 0)->kind, NODE_STR);
	assert_string_equal(op(o, 0)->text, "name");
	assert_int_equal(op(o, 0)->len, 4);
	assert_loc(op(o, 0)->loc, 2, 3);
	assert_expr(op(o, 2), EXPR_GETATTR);
}

static void newlines_and_comments(void **state)
{
	struct fixture *f = *state;
	assert_canon(f, "(\n  a +\n  b\n)", "(a + b)");
	assert_canon(f, "a /* inline */ + /* comments */ b", "(a + b)");
	assert_canon(f, "[a, # line comment\n b // another\n]", "tuple(a, b)");
	assert_int_equal(parse(f, "a = 1 # end\nb = 2 // end\nc = /* x\n y */ 3\n"), 0);
	assert_string_equal(attr(f, "c")->text, "3");
	assert_loc(attr(f, "c")->loc, 4, 7);
	/* without brackets a newline ends the attribute */
	assert_error(f, "a = 1 +\n  2\n", 1, 8, "HCL syntax error: expected an expression, found a newline");
}

/* ---- templates ---- */

static void templates(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(parse(f, "a = \"x ${b.c} y\"\nw = \"${v}\"\nn = \"o ${\"i ${v}\"}\"\n"), 0);
	const struct node *a = attr(f, "a");
	assert_expr(a, EXPR_TEMPLATE);
	assert_loc(a->loc, 1, 5);
	assert_int_equal(a->u.seq.n, 3);
	assert_string_equal(op(a, 0)->text, "x ");
	assert_loc(op(a, 0)->loc, 1, 6);
	assert_expr(op(a, 1), EXPR_GETATTR);
	assert_loc(op(a, 1)->loc, 1, 10);
	assert_string_equal(op(a, 2)->text, " y");
	const struct node *w = attr(f, "w");
	assert_expr(w, EXPR_TEMPLATE); /* "${v}" alone keeps v's value */
	assert_int_equal(w->u.seq.n, 1);
	assert_expr(op(w, 0), EXPR_VAR);
	assert_canon(f, "\"o ${\"i ${v}\"}\"", "tmpl('o ', tmpl('i ', v))");
	assert_canon(f, "\"${a}${b}\"", "tmpl(a, b)");
	assert_canon(f, "\"${\n  a +\n  b\n}\"", "tmpl((a + b))");
}

static void strip_markers(void **state)
{
	struct fixture *f = *state;
	assert_canon(f, "\"a   ${~ x ~}   b\"", "tmpl('a', x, 'b')");
	assert_canon(f, "\"  ${~ x ~}  \"", "tmpl('', x, '')");
	assert_canon(f, "\"a ${x ~} ${~ y} b\"", "tmpl('a ', x, '', y, ' b')");
	assert_canon(f, "\"%{ if c ~}  yes  %{~ else ~}  no  %{~ endif }\"", "tmpl(tif(c, tmpl('yes'), tmpl('no')))");
	/* values are not stripped, only adjacent literal text */
	assert_canon(f, "\"${\" a \" ~} ${\" b\"}\"", "tmpl(' a ', '', ' b')");
	/* in a heredoc, ~} strips only the rest of its own line */
	assert_canon(f, "<<EOT\n%{ if c ~}\n  x\n%{ endif ~}\n  y\nEOT\n", "tmpl(tif(c, tmpl('  x\n'), _), '  y\n')");
	assert_canon(f, "<<EOT\na  \n  ${~ x}\nEOT\n", "tmpl('a  \n', x, '\n')");
	assert_canon(f, "<<EOT\na  \n${~ x}\nEOT\n", "tmpl('a', x, '\n')");
}

static void directives(void **state)
{
	struct fixture *f = *state;
	assert_canon(f, "\"x%{if a}yes%{endif}z\"", "tmpl('x', tif(a, tmpl('yes'), _), 'z')");
	assert_canon(f, "\"%{if a}${b}%{else}c%{endif}\"", "tmpl(tif(a, tmpl(b), tmpl('c')))");
	assert_canon(f, "\"%{ for k, v in m }${k}=${v},%{ endfor }\"", "tmpl(tfor('k', 'v', m, tmpl(k, '=', v, ',')))");
	assert_canon(f, "\"%{for v in l}%{if v}[${v}]%{endif}%{endfor}\"",
		     "tmpl(tfor(_, 'v', l, tmpl(tif(v, tmpl('[', v, ']'), _))))");
	assert_canon(f, "\"%{if a}%{endif}\"", "tmpl(tif(a, tmpl(), _))");
	assert_int_equal(parse(f, "x = \"a%{ if b }c%{ endif }\"\n"), 0);
	const struct node *d = op(attr(f, "x"), 1);
	assert_expr(d, EXPR_TEMPLATE_IF);
	assert_loc(d->loc, 1, 7);
	assert_int_equal(d->u.seq.n, 3);
	assert_null(op(d, 2));
}

static void heredocs(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(parse(f, "a = <<EOF\n  line ${x}\n$${lit}\nEOF\n"
				  "b = <<-EOT\n    first\n      second\n\n    third\n    EOT\n"
				  "c = <<EOT\ntext\n    EOT\n"
				  "d = <<EOT\nEOT\n"
				  "e = <<-EOT\n\t\tx\n\t\t  y\n\tEOT\n"
				  "g = <<EOT\nno \\n escapes\nEOT\n"
				  "h = <<EOT\nEOTX\nxEOT\nEOT\n"), 0);
	const struct node *a = attr(f, "a");
	assert_expr(a, EXPR_TEMPLATE);
	assert_loc(a->loc, 1, 5);
	assert_string_equal(op(a, 0)->text, "  line ");
	assert_loc(op(a, 0)->loc, 2, 1);
	assert_string_equal(op(a, 2)->text, "\n${lit}\n");
	const struct node *b = attr(f, "b");
	assert_int_equal(b->kind, NODE_STR);
	assert_true(b->flags & NODE_F_QUOTED);
	assert_string_equal(b->text, "first\n  second\n\nthird\n");
	assert_loc(b->loc, 5, 5);
	assert_string_equal(attr(f, "c")->text, "text\n");
	assert_string_equal(attr(f, "d")->text, "");
	assert_string_equal(attr(f, "e")->text, "x\n  y\n");
	assert_string_equal(attr(f, "g")->text, "no \\n escapes\n");
	assert_string_equal(attr(f, "h")->text, "EOTX\nxEOT\n");
	/* a line that starts with an interpolation has no indentation */
	assert_canon(f, "<<-EOT\n  a\n${b}\n  EOT\n", "tmpl('  a\n', b, '\n')");
	assert_canon(f, "<<-EOT\n    a\n  ${b}\n  EOT\n", "tmpl('  a\n', b, '\n')");
	/* the marker may close at the end of the file */
	assert_int_equal(parse(f, "z = <<EOT\nlast\nEOT"), 0);
	assert_string_equal(attr(f, "z")->text, "last\n");
	/* in a call, the closing marker's newline is space */
	assert_canon(f, "f(<<EOT\nx\nEOT\n, 1)", "f('x\n', 1)");
}

/* ---- errors ---- */

static void syntax_errors_are_located(void **state)
{
	struct fixture *f = *state;
	assert_error(f, "resource \"x\" \"y\" {\n  ingress\n}\n", 2, 10,
		     "HCL syntax error: expected '=' or a block after 'ingress', found a newline");
	assert_error(f, "a = \"abc", 1, 5, "HCL syntax error: unterminated string");
	assert_error(f, "a = \"ab\nc\"\n", 1, 5, "HCL syntax error: unterminated string (a quoted string "
		     "ends on its line; use a heredoc for several lines)");
	assert_error(f, "x {\n  y {\n    a = 1\n  }\n", 5, 1, "HCL syntax error: unclosed '{' opened at line 1");
	assert_error(f, "a = <<EOF\nx\n  EOFX\n", 1, 5, "HCL syntax error: heredoc <<EOF has no closing EOF");
	assert_error(f, "a = <<-EOT\nx\n", 1, 5, "HCL syntax error: heredoc <<-EOT has no closing EOT");
	assert_error(f, "a = <<EOF x\nEOF\n", 1, 5, "HCL syntax error: a heredoc starts with <<MARKER or "
		     "<<-MARKER and a newline");
	assert_error(f, "a = [1, 2\n", 2, 1, "HCL syntax error: unclosed '[' opened at line 1");
	assert_error(f, "a = [1 2]\n", 1, 8, "HCL syntax error: expected ',' or ']' in the list opened at "
		     "line 1, found the number 2");
	assert_error(f, "a = (1\n\n", 3, 1, "HCL syntax error: unclosed '(' opened at line 1");
	assert_error(f, "a = (1 2)\n", 1, 8, "HCL syntax error: expected ')' to close the '(' opened at "
		     "line 1, found the number 2");
	assert_error(f, "a = f(1 2)\n", 1, 9, "HCL syntax error: expected ',' or ')' in the arguments of "
		     "f(), found the number 2");
	assert_error(f, "a = f(x..., y)\n", 1, 11, "HCL syntax error: '...' must follow the last argument of f()");
	assert_error(f, "a = 1, b = 2\n", 1, 6, "HCL syntax error: expected a newline after the value of "
		     "'a', found ',' (attributes are separated by newlines, not commas)");
	assert_error(f, "a = \"x\\qy\"\n", 1, 7, "HCL syntax error: invalid escape sequence '\\q' (valid: \\n "
		     "\\r \\t \\\" \\\\ \\uNNNN \\UNNNNNNNN)");
	assert_error(f, "a = \"\\u12\"\n", 1, 6, "HCL syntax error: \\u must be followed by 4 hexadecimal digits");
	assert_error(f, "a = \"\\UFFFFFFFF\"\n", 1, 6, "HCL syntax error: \\UFFFFFFFF is not a Unicode character");
	assert_error(f, "a = x.0.1\n", 1, 7, "HCL syntax error: legacy index syntax cannot chain two "
		     "indexes (.0.1): write [0.1]");
	assert_error(f, "a = x.\n", 1, 7, "HCL syntax error: expected an attribute name, a number or '*' "
		     "after '.', found a newline");
	assert_error(f, "a = x.*.*\n", 1, 9, "HCL syntax error: a splat cannot be nested in an "
		     "attribute-only splat (.*); use [*]");
	assert_error(f, "a = x[*\n", 1, 8, "HCL syntax error: expected ']' after '[*', found a newline");
	assert_error(f, "a = 1.2.3\n", 1, 5, "HCL syntax error: invalid number literal");
	assert_error(f, "a = 1 /* open\n", 1, 7, "HCL syntax error: unterminated comment");
	assert_error(f, "a = @\n", 1, 5, "HCL syntax error: unexpected character '@'");
	assert_error(f, "a = \xe2\x80\x9cx\xe2\x80\x9d\n", 1, 5, "HCL syntax error: unexpected character U+201C");
	assert_error(f, "\"a\" = 1\n", 1, 1, "HCL syntax error: expected an attribute name (names are not "
		     "quoted), found a quoted string");
	assert_error(f, "= 1\n", 1, 1, "HCL syntax error: expected an attribute or a block, found '='");
	assert_error(f, "a = x ? y\n", 1, 10, "HCL syntax error: expected ':' in the conditional expression "
		     "(cond ? a : b), found a newline");
	assert_error(f, "a = \n", 1, 5, "HCL syntax error: expected an expression, found a newline");
	assert_error(f, "a =", 1, 4, "HCL syntax error: expected an expression, found the end of the file");
	assert_error(f, "a \"x\"\n{\n}\n", 1, 6, "HCL syntax error: expected a label or '{' on the line of "
		     "block 'a', found a newline");
	assert_error(f, "a \"x\" = 1\n", 1, 7, "HCL syntax error: expected a label or '{' on the line of "
		     "block 'a', found '='");
	assert_error(f, "a \"${x}\" {}\n", 1, 4, "HCL syntax error: a block label cannot hold template "
		     "sequences (write $${ for a literal ${)");
	assert_error(f, "a {}b = 1\n", 1, 5, "HCL syntax error: expected a newline after the '}' of block 'a'");
	assert_error(f, "a { b = 1, c = 2 }\n", 1, 10, "HCL syntax error: a block on one line holds one "
		     "attribute and closes on that line; write one attribute per line");
	assert_error(f, "a { b = 1\n}\n", 1, 10, "HCL syntax error: a block on one line holds one attribute "
		     "and closes on that line; write one attribute per line");
	assert_error(f, "a { b {} }\n", 1, 7, "HCL syntax error: a block on one line holds only one "
		     "attribute (name = value); put a nested block on a line of its own");
	assert_error(f, "a {\n  b = 1 }\n", 2, 9, "HCL syntax error: expected a newline after the value of "
		     "'b', found '}'");
}

static void expression_errors_are_located(void **state)
{
	struct fixture *f = *state;
	assert_error(f, "a = {b 1}\n", 1, 8, "HCL syntax error: expected '=' or ':' after the object key, "
		     "found the number 1");
	assert_error(f, "a = {b = 1 c = 2}\n", 1, 12, "HCL syntax error: expected ',' or a newline between "
		     "the items of the object, found 'c'");
	assert_error(f, "a = {b = 1\n", 2, 1, "HCL syntax error: unclosed '{' opened at line 1");
	assert_error(f, "a = [for x in y: k => v]\n", 1, 20, "HCL syntax error: '=>' is only allowed in a "
		     "for expression that builds an object ({for ...})");
	assert_error(f, "a = {for x in y: x}\n", 1, 19, "HCL syntax error: a for expression that builds an "
		     "object needs 'key => value'");
	assert_error(f, "a = [for x in y: x...]\n", 1, 19, "HCL syntax error: '...' grouping is only allowed "
		     "in a for expression that builds an object");
	assert_error(f, "a = [for in y: x]\n", 1, 13, "HCL syntax error: expected 'in' after the variables "
		     "of 'for', found 'y'");
	assert_error(f, "a = [for 1 in y: x]\n", 1, 10, "HCL syntax error: expected a variable name after "
		     "'for', found the number 1");
	assert_error(f, "a = [for x in y x]\n", 1, 17, "HCL syntax error: expected ':' after the collection "
		     "of 'for', found 'x'");
	assert_error(f, "a = [for x in y: x if x z]\n", 1, 25, "HCL syntax error: expected ']' to close the "
		     "'[' opened at line 1, found 'z'");
	assert_error(f, "a = p::(1)\n", 1, 8, "HCL syntax error: expected a function name after '::', found '('");
	assert_error(f, "a = p::f\n", 1, 9, "HCL syntax error: expected '(' after the function name, found a newline");
	assert_error(f, "a = \"${x\"\n", 1, 9, "HCL syntax error: expected '}' to close the '${' opened at "
		     "line 1, found a quoted string");
	assert_error(f, "a = <<EOT\n${x\nEOT\n", 3, 1, "HCL syntax error: expected '}' to close the '${' "
		     "opened at line 2, found 'EOT'");
	assert_error(f, "a = \"${\"\n", 1, 8, "HCL syntax error: unterminated string (a quoted string ends on "
		     "its line; use a heredoc for several lines)");
	assert_error(f, "a = \"%{if x}y\"\n", 1, 14, "HCL syntax error: %{if} opened at line 1 has no %{endif}");
	assert_error(f, "a = \"%{for x in y}\"\n", 1, 19, "HCL syntax error: %{for} opened at line 1 has no %{endfor}");
	assert_error(f, "a = \"%{if x}y%{endfor}\"\n", 1, 14, "HCL syntax error: unexpected %{endfor}: the "
		     "%{if} at line 1 is closed by %{endif}");
	assert_error(f, "a = \"%{if x}%{else}%{else}%{endif}\"\n", 1, 20, "HCL syntax error: unexpected "
		     "%{else}: the %{if} at line 1 is closed by %{endif}");
	assert_error(f, "a = \"%{endif}\"\n", 1, 6, "HCL syntax error: unexpected %{endif} without %{if}");
	assert_error(f, "a = \"%{else}\"\n", 1, 6, "HCL syntax error: unexpected %{else} without %{if}");
	assert_error(f, "a = \"%{bogus}\"\n", 1, 8, "HCL syntax error: unknown template directive '%{bogus' "
		     "(expected if, for, else, endif or endfor)");
	assert_error(f, "a = \"%{ 1 }\"\n", 1, 9, "HCL syntax error: expected if, for, else, endif or endfor after '%{'");
	assert_error(f, "a = \"%{for 1 in x}%{endfor}\"\n", 1, 12, "HCL syntax error: expected a variable name after %{for");
	assert_error(f, "a = \"%{for a b}%{endfor}\"\n", 1, 14, "HCL syntax error: expected 'in' after the variables of %{for");
	assert_error(f, "a = \"%{if x y}%{endif}\"\n", 1, 13, "HCL syntax error: expected '}' to close the '%{' "
		     "opened at line 1, found 'y'");
	assert_error(f, "a = \"${}\"\n", 1, 8, "HCL syntax error: expected an expression, found '}'");
	assert_error(f, "a = x ~ y\n", 1, 7, "HCL syntax error: unexpected character '~'");
	assert_error(f, "a = x & y\n", 1, 7, "HCL syntax error: unexpected character '&'");
}

/* ---- limits and hostile input ---- */

static void repeat(struct strbuf *sb, const char *s, int n)
{
	for (int i = 0; i < n; i++)
		sb_adds(sb, s);
}

static void assert_too_deep(struct fixture *f, const char *open, const char *inner, const char *close)
{
	struct strbuf sb = STRBUF_INIT;
	sb_adds(&sb, "a = ");
	repeat(&sb, open, 300);
	sb_adds(&sb, inner);
	repeat(&sb, close, 300);
	sb_adds(&sb, "\n");
	if (parse(f, sb_str(&sb)) == 0)
		fail_msg("not limited: %s", open);
	assert_string_equal(f->err.msg, "nesting deeper than 256 levels (depth limit)");
	sb_release(&sb);
}

static void nesting_depth_is_limited(void **state)
{
	struct fixture *f = *state;
	assert_too_deep(f, "[", "1", "]");
	assert_too_deep(f, "(", "1", ")");
	assert_too_deep(f, "{a = ", "1", "}");
	assert_too_deep(f, "f(", "1", ")");
	assert_too_deep(f, "-", "x", "");
	assert_too_deep(f, "!", "x", "");
	assert_too_deep(f, "x ? 1 : ", "2", "");
	assert_too_deep(f, "\"${", "1", "}\"");
	assert_too_deep(f, "x[", "1", "]");
	struct strbuf sb = STRBUF_INIT;
	sb_adds(&sb, "a = \"");
	repeat(&sb, "%{if x}", 300);
	repeat(&sb, "%{endif}", 300);
	sb_adds(&sb, "\"\n");
	assert_int_equal(parse(f, sb_str(&sb)), -1);
	assert_string_equal(f->err.msg, "nesting deeper than 256 levels (depth limit)");
	sb_reset(&sb);
	repeat(&sb, "a {\n", 300);
	repeat(&sb, "}\n", 300);
	assert_int_equal(parse(f, sb_str(&sb)), -1);
	assert_string_equal(f->err.msg, "nesting deeper than 256 levels (depth limit)");
	assert_loc(f->err.loc, 257, 1);
	sb_reset(&sb);
	sb_adds(&sb, "a = x");
	repeat(&sb, "[*].b", 300);
	assert_int_equal(parse(f, sb_str(&sb)), -1);
	assert_string_equal(f->err.msg, "nesting deeper than 256 levels (depth limit)");
	/* just within the limit */
	sb_reset(&sb);
	sb_adds(&sb, "a = ");
	repeat(&sb, "[", 255);
	repeat(&sb, "]", 255);
	assert_int_equal(parse(f, sb_str(&sb)), 0);
	/* long chains that do not nest cost no depth */
	sb_reset(&sb);
	sb_adds(&sb, "a = x");
	repeat(&sb, " + x", 20000);
	repeat(&sb, ".b[0]", 20000);
	assert_int_equal(parse(f, sb_str(&sb)), 0);
	sb_release(&sb);
}

static void string_length_is_limited(void **state)
{
	struct fixture *f = *state;
	f->lim.max_scalar_len = 10;
	assert_int_equal(parse(f, "a = \"0123456789\"\n"), 0);
	/* located at the first character of the text */
	assert_error(f, "a = \"0123456789x\"\n", 1, 6, "string of 11 bytes exceeds the limit of 10 (string limit)");
	assert_error(f, "a = <<EOT\n0123456789\nEOT\n", 2, 1, "string of 11 bytes exceeds the limit of 10 (string limit)");
	assert_error(f, "a \"0123456789x\" {}\n", 1, 3, "string of 11 bytes exceeds the limit of 10 (string limit)");
	assert_error(f, "a = \"${x}0123456789x\"\n", 1, 10, "string of 11 bytes exceeds the limit of 10 (string limit)");
}

static void node_count_is_limited(void **state)
{
	struct fixture *f = *state;
	f->lim.max_nodes = 100;
	struct strbuf sb = STRBUF_INIT;
	sb_adds(&sb, "a = [");
	repeat(&sb, "1, ", 200);
	sb_adds(&sb, "]\n");
	assert_int_equal(parse(f, sb_str(&sb)), -1);
	assert_string_equal(f->err.msg, "more than 100 nodes in one file (node limit: the size limit / 8, see --max-file-size)");
	sb_release(&sb);
}

static void hostile_bytes_never_crash(void **state)
{
	struct fixture *f = *state;
	static const char *const inputs[] = {
		"a = \"\xff\xfe\"", "a = \xc3", "a = \"x", "a = <<", "a = <<-", "a = <<E", "a = <<E\n",
		"a = \"$", "a = \"%", "a = \"${", "a = \"%{", "a = \"\\", "a = \"\\u", "a = 1e", "a = 1e+",
		"a = 1.", "a = x.", "a = x[", "a = x[*", "a = f(", "a = {", "a = [for", "a { b", "a {",
		"a \"", "/*", "#", "a = \"%{if x}%{", "a = x?", "a = -", "a = !", "\xef\xbb\xbf", "~", "a = \"\r",
	};
	for (size_t i = 0; i < sizeof(inputs) / sizeof(inputs[0]); i++)
		parse(f, inputs[i]); /* errors or not: ASan and UBSan watch */
	/* an embedded NUL is a byte like any other, not the end */
	assert_int_equal(parse_len(f, "a = \"x\0y\"\nb = 1\n", 16), 0);
	assert_int_equal(attr(f, "a")->len, 3);
	assert_int_equal(parse_len(f, "a = 1\0", 6), -1);
	assert_string_equal(f->err.msg, "HCL syntax error: unexpected character U+0000");
	/* regression (fuzzer): an empty label with nothing decoded yet */
	assert_int_equal(parse(f, "a \"\" 0c { d { e = 1 } }\n"), -1);
	assert_int_equal(parse(f, "a \"\" {}\n"), 0);
	assert_string_equal(attr(f, "a")->u.map.pairs[0].key, "");
}

/* ---- the JSON syntax's entry points ---- */

static void template_and_expression_entry_points(void **state)
{
	struct fixture *f = *state;
	struct loc at = {"main.tf.json", 7, 12};
	struct node *n;
	const char *t = "web-${var.env}\n%{if x}y%{endif}";
	assert_int_equal(hcl_parse_template("main.tf.json", t, strlen(t), at, &f->lim, &f->a, &n, &f->err), 0);
	assert_expr(n, EXPR_TEMPLATE);
	assert_int_equal(n->u.seq.n, 4);
	assert_loc(n->loc, 7, 13);
	assert_string_equal(op(n, 0)->text, "web-");
	assert_loc(op(n, 1)->loc, 7, 19);
	assert_string_equal(op(n, 1)->loc.file, "main.tf.json");
	assert_string_equal(op(n, 2)->text, "\n");
	assert_int_equal(hcl_parse_template("f", "plain $ and %", 13, at, &f->lim, &f->a, &n, &f->err), 0);
	assert_int_equal(n->kind, NODE_STR);
	assert_string_equal(n->text, "plain $ and %");
	assert_int_equal(hcl_parse_template("f", "", 0, at, &f->lim, &f->a, &n, &f->err), 0);
	assert_int_equal(n->kind, NODE_STR);
	assert_int_equal(n->len, 0);
	const char *e = "aws_instance.web[*].id\n";
	assert_int_equal(hcl_parse_expr("f", e, strlen(e), at, &f->lim, &f->a, &n, &f->err), 0);
	assert_expr(n, EXPR_SPLAT);
	assert_loc(n->loc, 7, 13);
	assert_int_equal(hcl_parse_expr("f", "a b", 3, at, &f->lim, &f->a, &n, &f->err), -1);
	assert_string_equal(f->err.msg, "HCL syntax error: unexpected 'b' after the expression");
	assert_loc(f->err.loc, 7, 15);
	assert_int_equal(hcl_parse_template("f", "${x", 3, at, &f->lim, &f->a, &n, &f->err), -1);
	assert_string_equal(f->err.msg, "HCL syntax error: unclosed '${' opened at line 7");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(empty_file_is_an_empty_body, setup, teardown),
		cmocka_unit_test_setup_teardown(attributes_with_locations, setup, teardown),
		cmocka_unit_test_setup_teardown(block_labels_nest_to_the_body, setup, teardown),
		cmocka_unit_test_setup_teardown(identifier_labels_and_one_line_blocks, setup, teardown),
		cmocka_unit_test_setup_teardown(literals, setup, teardown),
		cmocka_unit_test_setup_teardown(quoted_strings_and_escapes, setup, teardown),
		cmocka_unit_test_setup_teardown(columns_count_characters, setup, teardown),
		cmocka_unit_test_setup_teardown(crlf_line_ends, setup, teardown),
		cmocka_unit_test_setup_teardown(duplicate_attributes, setup, teardown),
		cmocka_unit_test_setup_teardown(operator_precedence, setup, teardown),
		cmocka_unit_test_setup_teardown(traversals, setup, teardown),
		cmocka_unit_test_setup_teardown(splats, setup, teardown),
		cmocka_unit_test_setup_teardown(function_calls, setup, teardown),
		cmocka_unit_test_setup_teardown(for_expressions, setup, teardown),
		cmocka_unit_test_setup_teardown(tuples_and_objects, setup, teardown),
		cmocka_unit_test_setup_teardown(newlines_and_comments, setup, teardown),
		cmocka_unit_test_setup_teardown(templates, setup, teardown),
		cmocka_unit_test_setup_teardown(strip_markers, setup, teardown),
		cmocka_unit_test_setup_teardown(directives, setup, teardown),
		cmocka_unit_test_setup_teardown(heredocs, setup, teardown),
		cmocka_unit_test_setup_teardown(syntax_errors_are_located, setup, teardown),
		cmocka_unit_test_setup_teardown(expression_errors_are_located, setup, teardown),
		cmocka_unit_test_setup_teardown(nesting_depth_is_limited, setup, teardown),
		cmocka_unit_test_setup_teardown(string_length_is_limited, setup, teardown),
		cmocka_unit_test_setup_teardown(node_count_is_limited, setup, teardown),
		cmocka_unit_test_setup_teardown(hostile_bytes_never_crash, setup, teardown),
		cmocka_unit_test_setup_teardown(template_and_expression_entry_points, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
