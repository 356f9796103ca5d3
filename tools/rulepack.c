/* rulepack.c - the built-in rule pack in the form a scan loads: each rule
 * file as compact JSON without the rules' examples, written at build time;
 * with --examples, the whole file as JSON, for the commands that show or
 * run the examples.
 *
 *   rulepack [--examples] OUT.json rules/x.yaml
 *
 * Why: parsing the rule YAML (mostly its examples, whole templates in
 * block scalars) was nearly 90% of a small scan's instructions. A scan
 * needs the conditions, messages and help texts, not the examples; those
 * are read only by the commands that show or run them (rules
 * list/test/doc, SARIF help), from the whole file as JSON too: libyaml
 * costs about ten times our JSON parser per byte. The binary still carries
 * the YAML, whose bytes are the pack's digest.
 * It reads the YAML with sgcheck's own loader, so the tree the JSON gives
 * back is the one the YAML gives (the same scalar kinds: numbers stay
 * numbers, quoted text stays text), and `make test` checks that both forms
 * compile to the same rules.
 */
#include <stdio.h>
#include <string.h>

#include "base/jsonw.h"
#include "base/util.h"
#include "doc/limits.h"
#include "doc/load.h"
#include "doc/node.h"

/* The JSON being written, and where its cursor is: every key and value
 * starts on the line it has in the YAML (blank lines fill the gaps the
 * examples and comments leave), at its column when there is room, so the
 * locations a rule carries ("first defined at rules/x.yaml:68") are the
 * YAML's. */
struct out {
	struct strbuf sb;
	int examples; /* keep the rules' examples */
	uint32_t line;
	size_t line_start; /* offset of the current line */
};

static void put(struct out *o, const char *s)
{
	sb_adds(&o->sb, s);
}

static void at(struct out *o, struct loc loc)
{
	while (o->line < loc.line) {
		sb_addc(&o->sb, '\n');
		o->line++;
		o->line_start = o->sb.len;
	}
	while (o->sb.len - o->line_start + 1 < loc.col)
		sb_addc(&o->sb, ' ');
}

static void put_string(struct out *o, const char *s)
{
	sb_addc(&o->sb, '"');
	json_escape(&o->sb, s);
	sb_addc(&o->sb, '"');
}

/* Where a node stands: the file's top level (whose `rules:` items are
 * rules), a rule (which loses its examples), or anything else. */
enum level { LV_FILE, LV_RULES, LV_RULE, LV_OTHER };

static void emit(struct out *o, const struct node *n, enum level lv);

static void emit_map(struct out *o, const struct node *n, enum level lv)
{
	int first = 1;
	put(o, "{");
	for (uint32_t i = 0; i < n->u.map.n; i++) {
		const struct node_pair *p = &n->u.map.pairs[i];
		if (lv == LV_RULE && !o->examples && strcmp(p->key, "examples") == 0)
			continue;
		if (!first)
			put(o, ",");
		first = 0;
		at(o, p->key_loc);
		put_string(o, p->key);
		put(o, ":");
		emit(o, p->value, lv == LV_FILE && strcmp(p->key, "rules") == 0 ? LV_RULES : LV_OTHER);
	}
	put(o, "}");
}

/* A rule file's tree as JSON. Only the kinds a YAML rule file can hold
 * are expected. */
static void emit(struct out *o, const struct node *n, enum level lv)
{
	if (!n) {
		put(o, "null");
		return;
	}
	at(o, n->loc);
	switch (n->kind) {
	case NODE_NULL:
		put(o, "null");
		break;
	case NODE_BOOL:
		put(o, n->flags & NODE_F_TRUE ? "true" : "false");
		break;
	case NODE_NUM:
		sb_add(&o->sb, n->text, n->len);
		break;
	case NODE_STR:
		put_string(o, n->text);
		break;
	case NODE_SEQ:
		put(o, "[");
		for (uint32_t i = 0; i < n->u.seq.n; i++) {
			if (i)
				put(o, ",");
			emit(o, n->u.seq.items[i], lv == LV_RULES ? LV_RULE : LV_OTHER);
		}
		put(o, "]");
		break;
	case NODE_MAP:
		emit_map(o, n, lv);
		break;
	default:
		/* a tag (!Ref) or other non-data node: not valid in a rule file */
		fprintf(stderr, "rulepack: %s:%u: unexpected node kind %d\n", n->loc.file, n->loc.line, n->kind);
		put(o, "null");
		break;
	}
}

int main(int argc, char **argv)
{
	int examples = argc == 4 && strcmp(argv[1], "--examples") == 0;
	if (argc != 3 + examples) {
		fprintf(stderr, "usage: rulepack [--examples] OUT.json RULES.yaml\n");
		return 2;
	}
	argv += examples;
	struct load_limits lim;
	struct arena a;
	struct doc doc;
	struct diag err;
	struct out out = {STRBUF_INIT, examples, 1, 0};
	int rc = 0;
	load_limits_default(&lim);
	arena_init(&a);
	if (load_file(argv[2], SYNTAX_YAML, &lim, &a, &doc, &err) != 0) {
		fprintf(stderr, "%s:%u:%u: %s\n", argv[2], err.loc.line, err.loc.col, err.msg);
		arena_release(&a);
		return 1;
	}
	emit(&out, doc.root, LV_FILE);
	put(&out, "\n");
	FILE *f = fopen(argv[1], "w");
	if (!f || fwrite(out.sb.buf, 1, out.sb.len, f) != out.sb.len || fclose(f) != 0) {
		perror(argv[1]);
		rc = 1;
	}
	doc_release(&doc);
	sb_release(&out.sb);
	arena_release(&a);
	return rc;
}
