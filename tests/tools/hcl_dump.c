/* hcl_dump - test tool: parse a .tf file with hcl_parse() and print it as
 * JSON in the shape HashiCorp's hcl2json produces, so the two can be diffed
 * (tests/hcl_diff.js).
 *
 *   hcl_dump FILE        the hcl2json shape
 *   hcl_dump -e EXPR     one expression's canonical text (for debugging)
 *   hcl_dump -p FILE...  parse only, print nothing: the HCL floor of
 *                        `make bench` (our lexer and parser alone)
 *
 * hcl2json's shape: a body is an object; attributes are values; blocks of
 * one type are grouped under it, one object level per label, an array of
 * bodies at the end. Literals are JSON values, strings have `${`/`%{`
 * escaped as `$${`/`%%{`, a template is its text with "${...}" and
 * "%{...}" sequences, `-1` and `!true` are evaluated, and every other
 * expression is "${...}". hcl2json writes the source text there; we write
 * a canonical text of our tree instead (fully parenthesized operators,
 * splat(source, each) with `*` for the element, tmpl(...) for a template
 * inside an expression), and hcl_diff.js turns HashiCorp's own syntax tree
 * of each such text into the same canonical form before comparing.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/util.h"
#include "doc/hcl/hcl.h"

static void canon(struct strbuf *o, const struct node *n);

static void json_str(struct strbuf *o, const char *s, size_t n, int escape_sequences)
{
	sb_addc(o, '"');
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (escape_sequences && (c == '$' || c == '%') && i + 1 < n && s[i + 1] == '{')
			sb_addc(o, (char)c); /* hcl2json's escaping of a literal ${ */
		if (c == '"' || c == '\\')
			sb_addf(o, "\\%c", c);
		else if (c == '\n')
			sb_adds(o, "\\n");
		else if (c == '\r')
			sb_adds(o, "\\r");
		else if (c == '\t')
			sb_adds(o, "\\t");
		else if (c < 0x20)
			sb_addf(o, "\\u%04x", c);
		else
			sb_addc(o, (char)c);
	}
	sb_addc(o, '"');
}

static const char *binary_op(int op)
{
	static const char *const ops[] = {
		[EXPR_MUL] = "*", [EXPR_DIV] = "/", [EXPR_MOD] = "%", [EXPR_ADD] = "+",
		[EXPR_SUB] = "-", [EXPR_LT] = "<", [EXPR_LE] = "<=", [EXPR_GT] = ">",
		[EXPR_GE] = ">=", [EXPR_EQ] = "==", [EXPR_NE] = "!=", [EXPR_AND] = "&&",
		[EXPR_OR] = "||",
	};
	return op >= EXPR_MUL && op <= EXPR_OR ? ops[op] : NULL;
}

static void canon_list(struct strbuf *o, const struct node *n, uint32_t from, const char *open,
		       const char *close)
{
	sb_adds(o, open);
	for (uint32_t i = from; i < n->u.seq.n; i++) {
		if (i > from)
			sb_adds(o, ", ");
		canon(o, n->u.seq.items[i]);
	}
	sb_adds(o, close);
}

/* A template inside an expression: a string when it is literal text only. */
static void canon_template(struct strbuf *o, const struct node *t)
{
	if (!t) {
		sb_adds(o, "\"\"");
		return;
	}
	if (t->kind == NODE_STR) {
		json_str(o, t->text, t->len, 0);
		return;
	}
	int literal = 1, first = 1;
	for (uint32_t i = 0; i < t->u.seq.n; i++)
		literal &= t->u.seq.items[i]->kind == NODE_STR;
	if (literal) {
		struct strbuf s = STRBUF_INIT;
		for (uint32_t i = 0; i < t->u.seq.n; i++)
			sb_add(&s, t->u.seq.items[i]->text, t->u.seq.items[i]->len);
		json_str(o, sb_str(&s), s.len, 0);
		sb_release(&s);
		return;
	}
	sb_adds(o, "tmpl(");
	for (uint32_t i = 0; i < t->u.seq.n; i++) {
		const struct node *part = t->u.seq.items[i];
		if (part->kind == NODE_STR && part->len == 0)
			continue;
		sb_adds(o, first ? "" : ", ");
		first = 0;
		if (part->kind == NODE_STR)
			json_str(o, part->text, part->len, 0);
		else
			canon(o, part);
	}
	sb_addc(o, ')');
}

static void canon_object(struct strbuf *o, const struct node *n)
{
	sb_addc(o, '{');
	for (uint32_t i = 0; i + 1 < n->u.seq.n; i += 2) {
		const struct node *k = n->u.seq.items[i];
		sb_adds(o, i ? ", " : "");
		if (k->kind == NODE_STR) {
			json_str(o, k->text, k->len, 0);
		} else {
			sb_addc(o, '(');
			canon(o, k);
			sb_addc(o, ')');
		}
		sb_adds(o, ": ");
		canon(o, n->u.seq.items[i + 1]);
	}
	sb_addc(o, '}');
}

static void canon_for(struct strbuf *o, const struct node *n)
{
	struct node **x = n->u.seq.items;
	int object = x[3] != NULL;
	sb_adds(o, object ? "{for " : "[for ");
	if (x[0])
		sb_addf(o, "%s, ", x[0]->text);
	sb_addf(o, "%s in ", x[1]->text);
	canon(o, x[2]);
	sb_adds(o, ": ");
	if (object) {
		canon(o, x[3]);
		sb_adds(o, " => ");
	}
	canon(o, x[4]);
	if (n->flags & NODE_F_EXPAND)
		sb_adds(o, "...");
	if (x[5]) {
		sb_adds(o, " if ");
		canon(o, x[5]);
	}
	sb_adds(o, object ? "}" : "]");
}

static void canon_expr(struct strbuf *o, const struct node *n)
{
	struct node **x = n->u.seq.items;
	const char *bin = binary_op((int)n->len);
	if (bin) {
		sb_addc(o, '(');
		canon(o, x[0]);
		sb_addf(o, " %s ", bin);
		canon(o, x[1]);
		sb_addc(o, ')');
		return;
	}
	switch (n->len) {
	case EXPR_VAR: sb_adds(o, n->text); break;
	case EXPR_GETATTR: canon(o, x[0]); sb_addf(o, ".%s", n->text); break;
	case EXPR_INDEX: canon(o, x[0]); sb_addc(o, '['); canon(o, x[1]); sb_addc(o, ']'); break;
	case EXPR_SPLAT: canon_list(o, n, 0, "splat(", ")"); break;
	case EXPR_SPLAT_ITEM: sb_addc(o, '*'); break;
	case EXPR_CALL:
		sb_adds(o, n->text);
		canon_list(o, n, 0, "(", (n->flags & NODE_F_EXPAND) ? "...)" : ")");
		break;
	case EXPR_NEG: sb_adds(o, "(-"); canon(o, x[0]); sb_addc(o, ')'); break;
	case EXPR_NOT: sb_adds(o, "(!"); canon(o, x[0]); sb_addc(o, ')'); break;
	case EXPR_COND: case EXPR_TEMPLATE_IF:
		sb_addc(o, '(');
		canon(o, x[0]);
		sb_adds(o, " ? ");
		n->len == EXPR_COND ? canon(o, x[1]) : canon_template(o, x[1]);
		sb_adds(o, " : ");
		n->len == EXPR_COND ? canon(o, x[2]) : canon_template(o, x[2]);
		sb_addc(o, ')');
		break;
	case EXPR_TEMPLATE_FOR:
		sb_addf(o, "%%for(%s, %s, ", x[0] ? x[0]->text : "_", x[1]->text);
		canon(o, x[2]);
		sb_adds(o, ", ");
		canon_template(o, x[3]);
		sb_addc(o, ')');
		break;
	case EXPR_FOR: canon_for(o, n); break;
	case EXPR_TUPLE: canon_list(o, n, 0, "[", "]"); break;
	case EXPR_OBJECT: canon_object(o, n); break;
	case EXPR_TEMPLATE: canon_template(o, n); break;
	default: sb_addf(o, "?op%u", (unsigned)n->len); break;
	}
}

static void canon(struct strbuf *o, const struct node *n)
{
	switch (n->kind) {
	case NODE_NULL: sb_adds(o, "null"); break;
	case NODE_BOOL: sb_adds(o, (n->flags & NODE_F_TRUE) ? "true" : "false"); break;
	case NODE_NUM: sb_adds(o, n->text); break;
	case NODE_STR: json_str(o, n->text, n->len, 0); break;
	case NODE_EXPR: canon_expr(o, n); break;
	default: sb_adds(o, "?"); break;
	}
}

/* ---- the hcl2json shape ---- */

static void value(struct strbuf *o, const struct node *n);

static void number(struct strbuf *o, const char *text)
{
	double d = strtod(text, NULL);
	if (d - d != 0) /* inf: hcl2json writes what JSON cannot hold as null */
		sb_adds(o, "null");
	else
		sb_addf(o, "%.17g", d);
}

/* The text of a template part as hcl2json writes it. */
static void template_text(struct strbuf *o, const struct node *t);

static void part_text(struct strbuf *o, const struct node *part)
{
	struct node **x = part->u.seq.items;
	if (part->kind == NODE_STR) {
		struct strbuf s = STRBUF_INIT;
		json_str(&s, part->text, part->len, 1);
		sb_add(o, s.buf + 1, s.len - 2); /* without the quotes */
		sb_release(&s);
	} else if (part->kind == NODE_EXPR && part->len == EXPR_TEMPLATE) {
		template_text(o, part); /* hcl2json writes a nested template inline */
	} else if (part->kind == NODE_EXPR && part->len == EXPR_TEMPLATE_IF) {
		sb_adds(o, "%{if ");
		canon(o, x[0]);
		sb_addc(o, '}');
		template_text(o, x[1]);
		if (x[2] && !(x[2]->kind == NODE_STR && !x[2]->len) &&
		    !(x[2]->kind == NODE_EXPR && x[2]->u.seq.n == 0)) {
			sb_adds(o, "%{else}");
			template_text(o, x[2]);
		}
		sb_adds(o, "%{endif}");
	} else if (part->kind == NODE_EXPR && part->len == EXPR_TEMPLATE_FOR) {
		sb_adds(o, "%{for ");
		if (x[0])
			sb_addf(o, "%s, ", x[0]->text);
		sb_addf(o, "%s in ", x[1]->text);
		canon(o, x[2]);
		sb_addc(o, '}');
		template_text(o, x[3]);
		sb_adds(o, "%{endfor}");
	} else {
		struct strbuf s = STRBUF_INIT, e = STRBUF_INIT;
		canon(&s, part);
		json_str(&e, sb_str(&s), s.len, 0);
		sb_adds(o, "${");
		sb_add(o, e.buf + 1, e.len - 2);
		sb_addc(o, '}');
		sb_release(&s);
		sb_release(&e);
	}
}

static void template_text(struct strbuf *o, const struct node *t)
{
	if (t->kind != NODE_EXPR || t->len != EXPR_TEMPLATE) {
		part_text(o, t);
		return;
	}
	for (uint32_t i = 0; i < t->u.seq.n; i++)
		part_text(o, t->u.seq.items[i]);
}

static void object_value(struct strbuf *o, const struct node *n)
{
	sb_addc(o, '{');
	for (uint32_t i = 0; i + 1 < n->u.seq.n; i += 2) {
		const struct node *k = n->u.seq.items[i];
		sb_adds(o, i ? "," : "");
		if (k->kind == NODE_STR) {
			json_str(o, k->text, k->len, 0);
		} else if (k->kind == NODE_NUM) {
			sb_addc(o, '"');
			number(o, k->text);
			sb_addc(o, '"');
		} else {
			sb_addc(o, '"');
			template_text(o, k);
			sb_addc(o, '"');
		}
		sb_addc(o, ':');
		value(o, n->u.seq.items[i + 1]);
	}
	sb_addc(o, '}');
}

static void value(struct strbuf *o, const struct node *n)
{
	struct node **x = n->u.seq.items;
	if (n->kind != NODE_EXPR) {
		if (n->kind == NODE_NUM)
			number(o, n->text);
		else if (n->kind == NODE_STR)
			json_str(o, n->text, n->len, 1);
		else
			canon(o, n);
		return;
	}
	if (n->len == EXPR_TUPLE) {
		sb_addc(o, '[');
		for (uint32_t i = 0; i < n->u.seq.n; i++) {
			sb_adds(o, i ? "," : "");
			value(o, x[i]);
		}
		sb_addc(o, ']');
	} else if (n->len == EXPR_OBJECT) {
		object_value(o, n);
	} else if (n->len == EXPR_TEMPLATE && n->u.seq.n == 1 && x[0]->kind != NODE_STR &&
		   !(x[0]->kind == NODE_EXPR && (x[0]->len == EXPR_TEMPLATE_IF || x[0]->len == EXPR_TEMPLATE_FOR))) {
		value(o, x[0]); /* "${x}" is x itself */
	} else if (n->len == EXPR_NOT && x[0]->kind == NODE_BOOL) {
		sb_adds(o, (x[0]->flags & NODE_F_TRUE) ? "false" : "true");
	} else {
		sb_addc(o, '"');
		template_text(o, n);
		sb_addc(o, '"');
	}
}

static int is_block(const struct node *v)
{
	return v->kind == NODE_MAP && (v->flags & (NODE_F_BODY | NODE_F_LABEL));
}

static void body(struct strbuf *o, const struct node *b);

/* Blocks of one type (their values, one label level down each time):
 * grouped by label into objects, bodies into an array. */
static void blocks(struct strbuf *o, const struct node **v, size_t n)
{
	if (!(v[0]->flags & NODE_F_LABEL)) {
		sb_addc(o, '[');
		for (size_t i = 0; i < n; i++) {
			sb_adds(o, i ? "," : "");
			body(o, v[i]);
		}
		sb_addc(o, ']');
		return;
	}
	const struct node **group = xmalloc(n * sizeof(*group));
	char *done = xcalloc(n, 1);
	sb_addc(o, '{');
	for (size_t i = 0, first = 1; i < n; i++) {
		if (done[i])
			continue;
		const char *label = v[i]->u.map.pairs[0].key;
		size_t g = 0;
		for (size_t j = i; j < n; j++)
			if (!done[j] && (v[j]->flags & NODE_F_LABEL) && !strcmp(v[j]->u.map.pairs[0].key, label)) {
				group[g++] = v[j]->u.map.pairs[0].value;
				done[j] = 1;
			}
		sb_adds(o, first ? "" : ",");
		first = 0;
		json_str(o, label, strlen(label), 0);
		sb_addc(o, ':');
		blocks(o, group, g);
	}
	sb_addc(o, '}');
	free(group);
	free(done);
}

static void body(struct strbuf *o, const struct node *b)
{
	size_t n = b->u.map.n;
	const struct node **group = xmalloc((n ? n : 1) * sizeof(*group));
	char *done = xcalloc(n ? n : 1, 1);
	sb_addc(o, '{');
	for (size_t i = 0, first = 1; i < n; i++) {
		const struct node_pair *p = &b->u.map.pairs[i];
		if (done[i])
			continue;
		sb_adds(o, first ? "" : ",");
		first = 0;
		json_str(o, p->key, strlen(p->key), 0);
		sb_addc(o, ':');
		if (!is_block(p->value)) {
			value(o, p->value);
			continue;
		}
		size_t g = 0;
		for (size_t j = i; j < n; j++)
			if (!done[j] && is_block(b->u.map.pairs[j].value) && !strcmp(b->u.map.pairs[j].key, p->key)) {
				group[g++] = b->u.map.pairs[j].value;
				done[j] = 1;
			}
		blocks(o, group, g);
	}
	sb_addc(o, '}');
	free(group);
	free(done);
}

/* Read and parse each file, nothing else; 1 if one does not parse. */
static int parse_only(int n, char **files, const struct load_limits *lim, struct arena *a)
{
	int bad = 0;
	for (int i = 0; i < n; i++) {
		char *text = NULL;
		size_t len;
		struct diag err;
		struct node *root;
		if (read_file(files[i], lim->max_file_size, &text, &len) != 0) {
			fprintf(stderr, "hcl_dump: cannot read %s\n", files[i]);
			return 2;
		}
		if (hcl_parse(files[i], text, len, lim, a, &root, &err) != 0) {
			fprintf(stderr, "%s:%u:%u: %s\n", err.loc.file, err.loc.line, err.loc.col, err.msg);
			bad = 1;
		}
		free(text);
		arena_reset(a);
	}
	return bad;
}

int main(int argc, char **argv)
{
	struct load_limits lim;
	struct arena a;
	struct diag err;
	struct node *root;
	struct strbuf out = STRBUF_INIT;
	char *text = NULL;
	size_t len;
	int rc;
	load_limits_default(&lim);
	arena_init(&a);
	if (argc >= 2 && strcmp(argv[1], "-p") == 0) {
		rc = parse_only(argc - 2, argv + 2, &lim, &a);
		arena_release(&a);
		return rc;
	}
	if (argc == 3 && strcmp(argv[1], "-e") == 0) {
		struct loc at = {"<expr>", 1, 0};
		rc = hcl_parse_expr("<expr>", argv[2], strlen(argv[2]), at, &lim, &a, &root, &err);
		if (rc == 0)
			canon(&out, root);
	} else if (argc == 2) {
		if (read_file(argv[1], lim.max_file_size, &text, &len) != 0) {
			fprintf(stderr, "hcl_dump: cannot read %s\n", argv[1]);
			return 2;
		}
		rc = hcl_parse(argv[1], text, len, &lim, &a, &root, &err);
		if (rc == 0)
			body(&out, root);
	} else {
		fprintf(stderr, "usage: hcl_dump FILE | hcl_dump -e EXPRESSION | hcl_dump -p FILE...\n");
		return 2;
	}
	if (rc != 0)
		fprintf(stderr, "%s:%u:%u: %s\n", err.loc.file, err.loc.line, err.loc.col, err.msg);
	else
		printf("%s\n", sb_str(&out));
	sb_release(&out);
	free(text);
	arena_release(&a);
	return rc ? 1 : 0;
}
