/* Unit tests: the YAML and JSON loaders, locations, tags, limits, encodings. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "doc/load.h"
#include "doc/load_json.h"
#include "doc/load_yaml.h"
#include "formats/frontend.h"

struct fixture {
	struct arena a;
	struct doc doc;
	struct diag err;
	struct load_limits lim;
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
	doc_release(&f->doc);
	arena_release(&f->a);
	free(f);
	return 0;
}

static int load_text(struct fixture *f, const char *text, size_t len)
{
	doc_release(&f->doc);
	char *buf = malloc(len + 1);
	memcpy(buf, text, len);
	buf[len] = '\0';
	int rc = load_buffer("t", buf, len, SYNTAX_AUTO, &f->lim, &f->a, &f->doc, &f->err);
	if (rc == 0)
		f->doc.input_buf = buf;
	else
		free(buf);
	return rc;
}

static int load_str(struct fixture *f, const char *text)
{
	return load_text(f, text, strlen(text));
}

static int load_json_str(struct fixture *f, const char *text)
{
	doc_release(&f->doc);
	return load_buffer("t.json", text, strlen(text), SYNTAX_JSON, &f->lim, &f->a, &f->doc, &f->err);
}

static const struct node *path(const struct node *n, const char *a, const char *b)
{
	n = node_get(n, a);
	return b ? node_get(n, b) : n;
}

static void json_positions_are_exact(void **state)
{
	struct fixture *f = *state;
	const char *text = "{\n"
			   "  \"Resources\": {\n"
			   "    \"SG\": {\"Type\": \"AWS::EC2::SecurityGroup\",\n"
			   "\t\"Properties\": {\"CidrIp\": \"0.0.0.0/0\", \"n\": [1, 2.5e3, true, null]}}\n"
			   "  }\n"
			   "}\n";
	assert_int_equal(load_str(f, text), 0);
	assert_int_equal(f->doc.syntax, SYNTAX_JSON);
	const struct node *sg = path(f->doc.root, "Resources", "SG");
	assert_int_equal(sg->loc.line, 3);
	assert_int_equal(sg->loc.col, 11);
	const struct node_pair *type = node_get_pair(sg, "Type");
	assert_int_equal(type->key_loc.line, 3);
	assert_int_equal(type->key_loc.col, 12);
	const struct node *props = node_get(sg, "Properties");
	const struct node_pair *cidr = node_get_pair(props, "CidrIp");
	assert_int_equal(cidr->key_loc.line, 4);
	assert_int_equal(cidr->key_loc.col, 17); /* a tab is one column */
	assert_string_equal(cidr->value->text, "0.0.0.0/0");
	assert_int_equal(cidr->value->loc.col, 27);
	const struct node *n = node_get(props, "n");
	assert_int_equal(n->u.seq.n, 4);
	assert_int_equal(n->u.seq.items[1]->kind, NODE_NUM);
	assert_string_equal(n->u.seq.items[1]->text, "2.5e3");
	assert_int_equal(n->u.seq.items[2]->kind, NODE_BOOL);
	assert_int_equal(n->u.seq.items[3]->kind, NODE_NULL);
	assert_int_equal(n->u.seq.items[3]->loc.col, 62);
}

static void json_positions_with_unicode_and_escapes(void **state)
{
	struct fixture *f = *state;
	const char *text = "{\"d\": \"caf\xc3\xa9 \\\"q\\\" \\u00e9\", \"k\": 1}";
	assert_int_equal(load_str(f, text), 0);
	const struct node_pair *k = node_get_pair(f->doc.root, "k");
	/* columns count characters: é is one */
	assert_int_equal(k->key_loc.col, 28);
	assert_string_equal(node_get(f->doc.root, "d")->text, "caf\xc3\xa9 \"q\" \xc3\xa9");
}

/* Raw line breaks inside strings count as lines, the last one before the
 * closing quote too (it was missed, and every line after was one short);
 * an escaped quote or backslash does not end the string. */
static void json_raw_newlines_in_strings_count(void **state)
{
	struct fixture *f = *state;
	const char *text = "{\"a\": \"x\n\", \"b\": \"p\nq\\\\\", \"c\": \"\\\"\",\n \"d\": 1}";
	assert_int_equal(load_json_str(f, text), 0);
	assert_int_equal(node_get_pair(f->doc.root, "b")->key_loc.line, 2);
	assert_string_equal(node_get(f->doc.root, "b")->text, "p\nq\\");
	assert_string_equal(node_get(f->doc.root, "c")->text, "\"");
	assert_int_equal(node_get_pair(f->doc.root, "d")->key_loc.line, 4);
	assert_int_equal(node_get_pair(f->doc.root, "d")->key_loc.col, 2);
	assert_int_not_equal(load_json_str(f, "{\"a\": \"x\\\"}"), 0); /* the quote is escaped */
	assert_non_null(strstr(f->err.msg, "unterminated string"));
}

/* doc_line() against a byte-by-byte reading: newlines at every offset,
 * short lines and lines of hundreds of bytes (read in chunks, then by
 * memchr), bytes one bit from '\n' (0x0b, 0x8a, 0x4a, 0x0e) that must not
 * count, CRLF, an empty last line and none. */
static void doc_line_agrees_with_bytes(void **state)
{
	struct fixture *f = *state;
	const unsigned char near[] = {'a', 0x0b, 0x8a, 0x4a, 0x0e, 0x08, 0xff, '\r'};
	char text[1200];
	unsigned seed = 17;
	for (size_t len = 0, round = 0; len < sizeof(text); len += 37, round++) {
		unsigned every = round % 3 == 0 ? 5 : round % 3 == 1 ? 70 : 300; /* one byte in `every` a newline */
		for (size_t i = 0; i < len; i++) {
			seed = seed * 1103515245u + 12345u;
			text[i] = (seed >> 16) % every == 0 ? '\n' : (char)near[(seed >> 20) % sizeof(near)];
		}
		struct doc d = {.buf = text, .len = len, .arena = &f->a};
		uint32_t line = 1;
		size_t start = 0;
		for (size_t i = 0; i <= len; i++) {
			if (i < len && text[i] != '\n')
				continue;
			size_t want = i - start, got;
			if (want && text[i - 1] == '\r')
				want--;
			const char *s = doc_line(&d, line, &got);
			assert_ptr_equal(s, text + start);
			assert_int_equal(got, want);
			line++;
			start = i + 1;
		}
		size_t none;
		doc_line(&d, line, &none); /* past the last line */
		assert_int_equal(none, 0);
		assert_int_equal(d.nlines, line - 1);
	}
}

/* Strings and indentation are scanned eight bytes at a time: a quote,
 * escape or raw newline at every place in a word, and runs of spaces of
 * every length, give the same text and positions as read byte by byte. */
static void json_scans_by_words(void **state)
{
	struct fixture *f = *state;
	const char *ends[] = {"\\\"", "\\\\", "\n", "\\n", ""};
	for (size_t e = 0; e < sizeof(ends) / sizeof(ends[0]); e++)
		for (int k = 0; k < 20; k++) {
			char text[128], want[64];
			int indent = k + 1;
			memset(want, 'x', (size_t)k);
			want[k] = '\0';
			/* {"a": "xxx<end>y",\n<indent spaces>"b": 1} */
			snprintf(text, sizeof(text), "{\"a\": \"%s%sy\",\n%*s\"b\": 1}", want, ends[e], indent, "");
			assert_int_equal(load_json_str(f, text), 0);
			const char *dec = e == 0 ? "\"" : e == 1 ? "\\" : e == 2 || e == 3 ? "\n" : "";
			char full[96];
			snprintf(full, sizeof(full), "%s%sy", want, dec);
			assert_string_equal(node_get(f->doc.root, "a")->text, full);
			const struct node_pair *b = node_get_pair(f->doc.root, "b");
			assert_int_equal(b->key_loc.line, e == 2 ? 3 : 2);
			assert_int_equal(b->key_loc.col, indent + 1);
		}
}

/* The loaders note duplicate keys, Fn::ForEach keys and kept local tags
 * as they build each mapping (doc.notes), in YAML and JSON, in small maps
 * (pairwise) and large ones (hashed), in a map shared through an alias, in
 * a later document of a stream; a merge key's overridden keys are no
 * duplicate. The CloudFormation frontend walks a template only when noted. */
static unsigned notes_of(struct fixture *f, const char *text)
{
	assert_int_equal(load_text(f, text, strlen(text)), 0);
	assert_true(f->doc.notes & DOC_NOTES_KNOWN);
	return f->doc.notes & ~(unsigned)DOC_NOTES_KNOWN;
}

static void loaders_note_keys(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(notes_of(f, "a: 1\nb: {c: 1, d: 2}\n"), 0);
	assert_int_equal(notes_of(f, "{\"a\": 1, \"b\": {\"c\": 1, \"ca\": 2}}"), 0);
	assert_int_equal(notes_of(f, "a: 1\nb: {c: 1, c: 2}\n"), DOC_NOTE_DUP_KEY);
	assert_int_equal(notes_of(f, "{\"b\": {\"c\": 1, \"c\": 2}}"), DOC_NOTE_DUP_KEY);
	assert_int_equal(notes_of(f, "a: &x {k: 1, k: 2}\nb: *x\n"), DOC_NOTE_DUP_KEY);
	assert_int_equal(notes_of(f, "base: &b {k: 1, m: 2}\nuse: {<<: *b, k: 3}\n"), 0);
	assert_int_equal(notes_of(f, "a: 1\n---\nb: {c: 1, c: 2}\n"), DOC_NOTE_DUP_KEY);
	assert_int_equal(notes_of(f, "Resources:\n  Fn::ForEach::Subnets: [x, [a], {}]\n"), DOC_NOTE_LOOP_KEY);
	assert_int_equal(notes_of(f, "{\"Fn::ForEach::L\": 1}"), DOC_NOTE_LOOP_KEY);
	assert_int_equal(notes_of(f, "a: !Reff x\n"), DOC_NOTE_LOCAL_TAG);
	assert_int_equal(notes_of(f, "a: !Ref x\nb: !Rain::Embed y\n"), 0);
	/* a large map, hashed, in JSON and in YAML: the duplicate last, or none */
	struct strbuf sb = STRBUF_INIT;
	for (int yaml = 0; yaml < 2; yaml++)
		for (int dup = 0; dup < 2; dup++) {
			sb.len = 0;
			sb_adds(&sb, yaml ? "" : "{");
			for (int i = 0; i < 40 + dup; i++) {
				int key = i < 40 ? i : 7;
				if (yaml)
					sb_addf(&sb, "key%d: %d\n", key, i);
				else
					sb_addf(&sb, "%s\"key%d\": %d", i ? ", " : "", key, i);
			}
			sb_adds(&sb, yaml ? "" : "}");
			assert_int_equal(notes_of(f, sb.buf), dup ? DOC_NOTE_DUP_KEY : 0);
		}
	sb_release(&sb);
}

static void json_minified_single_line(void **state)
{
	struct fixture *f = *state;
	struct strbuf sb = STRBUF_INIT;
	sb_adds(&sb, "{\"a\":[");
	for (int i = 0; i < 5000; i++)
		sb_addf(&sb, "%s{\"x\":%d}", i ? "," : "", i);
	sb_adds(&sb, "],\"last\":\"z\"}");
	assert_int_equal(load_text(f, sb.buf, sb.len), 0);
	const struct node_pair *last = node_get_pair(f->doc.root, "last");
	assert_int_equal(last->key_loc.line, 1);
	assert_int_equal(last->key_loc.col, sb.len - 10);
	sb_release(&sb);
}

/* node_index (issue 17 point 4): the same answers as node_get_pair(), the
 * last of duplicate keys included, for a map of many keys; nothing found
 * in a NULL map, a scalar, or for a NULL key. */
static void node_index_agrees_with_node_get(void **state)
{
	struct fixture *f = *state;
	struct strbuf sb = STRBUF_INIT;
	sb_adds(&sb, "{");
	for (int i = 0; i < 300; i++)
		sb_addf(&sb, "%s\"k%d\": %d", i ? "," : "", i % 250, i);
	sb_adds(&sb, ", \"s\": \"x\"}");
	assert_int_equal(load_json_str(f, sb.buf), 0);
	struct node_index ix;
	node_index_init(&ix, &f->a, f->doc.root);
	assert_ptr_equal(ix.map, f->doc.root);
	char key[16];
	for (int i = 0; i < 260; i++) {
		snprintf(key, sizeof(key), "k%d", i);
		const struct node_pair *want = node_get_pair(f->doc.root, key);
		assert_ptr_equal(node_index_pair(&ix, key), want);
		assert_ptr_equal(node_index_get(&ix, key), want ? want->value : NULL);
		if (i < 50) {
			char last[16];
			snprintf(last, sizeof(last), "%d", i + 250);
			assert_string_equal(node_index_get(&ix, key)->text, last);
		}
		else if (i >= 250)
			assert_null(want);
	}
	assert_null(node_index_pair(&ix, NULL));
	struct node_index none, scalar;
	node_index_init(&none, &f->a, NULL);
	node_index_init(&scalar, &f->a, node_get(f->doc.root, "s"));
	assert_null(node_index_get(&none, "k1"));
	assert_null(node_index_get(&scalar, "x"));
	sb_release(&sb);
}

static void json_errors_are_located(void **state)
{
	struct fixture *f = *state;
	assert_int_not_equal(load_json_str(f, "{\n  \"a\": 1,\n  \"b\": }\n"), 0);
	assert_int_equal(f->err.loc.line, 3);
	assert_non_null(strstr(f->err.msg, "JSON"));
	/* the same text is valid YAML (b: null), so only the JSON hint rejects it */
	assert_int_equal(load_str(f, "{\n  \"a\": 1,\n  \"b\": }\n"), 0);
	assert_int_not_equal(load_json_str(f, "{\"a\": 1} trailing"), 0);
	assert_int_equal(f->err.loc.col, 10);
	assert_int_not_equal(load_str(f, "{\"a\": 1} trailing"), 0); /* not YAML either */
	assert_int_not_equal(load_json_str(f, "{\"a\": [1, 2"), 0);
	assert_non_null(strstr(f->err.msg, "end of file"));
}

static void yaml_short_tags_become_long_form(void **state)
{
	struct fixture *f = *state;
	const char *text = "a: !Ref X\n"
			   "b: !GetAtt Res.Attr.Deep\n"
			   "c: !GetAtt [Res, Attr]\n"
			   "d: !Sub '${AWS::Region}-x'\n"
			   "e: !If [Cond, 1, !Ref AWS::NoValue]\n"
			   "f: !Condition Other\n"
			   "g: !Join ['', [a, b]]\n"
			   "h: !Select [0, !GetAZs '']\n"
			   "i: !Equals [!Ref P, x]\n";
	assert_int_equal(load_str(f, text), 0);
	const struct node *a = node_get(f->doc.root, "a");
	assert_true(a->flags & NODE_F_SHORT_TAG);
	assert_string_equal(node_get(a, "Ref")->text, "X");
	const struct node *b = node_get(node_get(f->doc.root, "b"), "Fn::GetAtt");
	assert_int_equal(b->kind, NODE_SEQ);
	assert_string_equal(b->u.seq.items[0]->text, "Res");
	assert_string_equal(b->u.seq.items[1]->text, "Attr.Deep");
	assert_int_equal(node_get(node_get(f->doc.root, "c"), "Fn::GetAtt")->u.seq.n, 2);
	assert_non_null(node_get(node_get(f->doc.root, "d"), "Fn::Sub"));
	const struct node *e = node_get(node_get(f->doc.root, "e"), "Fn::If");
	assert_int_equal(e->u.seq.n, 3);
	assert_non_null(node_get(e->u.seq.items[2], "Ref"));
	assert_string_equal(node_get(node_get(f->doc.root, "f"), "Condition")->text, "Other");
	assert_non_null(node_get(node_get(f->doc.root, "g"), "Fn::Join"));
	assert_non_null(node_get(node_get(f->doc.root, "i"), "Fn::Equals"));
}

static void yaml_scalars_and_locations(void **state)
{
	struct fixture *f = *state;
	const char *text = "# comment\n"
			   "Resources:\n"
			   "  SG:\n"
			   "    Port: 22\n"
			   "    Quoted: \"22\"\n"
			   "    Flag: true\n"
			   "    Nothing: ~\n"
			   "    Text: hello world\n";
	assert_int_equal(load_str(f, text), 0);
	const struct node *sg = path(f->doc.root, "Resources", "SG");
	const struct node_pair *port = node_get_pair(sg, "Port");
	assert_int_equal(port->key_loc.line, 4);
	assert_int_equal(port->key_loc.col, 5);
	assert_int_equal(port->value->kind, NODE_NUM);
	assert_int_equal(node_get(sg, "Quoted")->kind, NODE_STR);
	assert_int_equal(node_get(sg, "Flag")->kind, NODE_BOOL);
	assert_int_equal(node_get(sg, "Nothing")->kind, NODE_NULL);
	int64_t v;
	assert_int_equal(node_int(node_get(sg, "Quoted"), &v), 0);
	assert_int_equal(v, 22);
}

static void yaml_anchors_aliases_and_merge(void **state)
{
	struct fixture *f = *state;
	const char *text = "base: &b {IpProtocol: tcp, FromPort: 22}\n"
			   "copy: *b\n"
			   "merged:\n"
			   "  <<: *b\n"
			   "  FromPort: 443\n";
	assert_int_equal(load_str(f, text), 0);
	assert_ptr_equal(node_get(f->doc.root, "base"), node_get(f->doc.root, "copy"));
	const struct node *m = node_get(f->doc.root, "merged");
	assert_string_equal(node_get(m, "IpProtocol")->text, "tcp");
	assert_string_equal(node_get(m, "FromPort")->text, "443");
}

static void yaml_alias_bomb_is_bounded(void **state)
{
	struct fixture *f = *state;
	struct strbuf sb = STRBUF_INIT;
	sb_adds(&sb, "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
	for (int i = 1; i < 12; i++) {
		sb_addf(&sb, "a%d: &a%d [", i, i);
		for (int k = 0; k < 10; k++)
			sb_addf(&sb, "%s*a%d", k ? ", " : "", i - 1);
		sb_adds(&sb, "]\n");
	}
	assert_int_not_equal(load_text(f, sb.buf, sb.len), 0);
	assert_non_null(strstr(f->err.msg, "alias"));
	sb_release(&sb);
}

static void yaml_depth_is_limited(void **state)
{
	struct fixture *f = *state;
	struct strbuf sb = STRBUF_INIT;
	for (int i = 0; i < 10000; i++)
		sb_addc(&sb, '[');
	assert_int_not_equal(load_text(f, sb.buf, sb.len), 0);
	assert_non_null(strstr(f->err.msg, "nesting"));
	sb_reset(&sb);
	for (int i = 0; i < 2000; i++)
		sb_addc(&sb, '[');
	for (int i = 0; i < 2000; i++)
		sb_addc(&sb, ']');
	assert_int_not_equal(load_text(f, sb.buf, sb.len), 0); /* JSON path */
	assert_non_null(strstr(f->err.msg, "nesting"));
	sb_release(&sb);
}

/* Nodes written in the file and nodes aliases stand for are two limits, each
 * named by its error; the node limit follows the size limit; JSON has the
 * node and depth limits too (issue 18 point 7). */
static void node_and_alias_limits_are_apart(void **state)
{
	struct fixture *f = *state;
	struct strbuf sb = STRBUF_INIT;
	load_limits_set_size(&f->lim, 8 * 2000);
	assert_int_equal(f->lim.max_nodes, 2000);
	/* 3000 nodes without an alias: the node limit, in YAML and JSON */
	sb_adds(&sb, "[0");
	for (int i = 1; i < 3000; i++)
		sb_adds(&sb, ",0");
	sb_adds(&sb, "]");
	assert_int_not_equal(load_text(f, sb.buf, sb.len), 0);
	assert_string_equal(f->err.msg, "more than 2000 nodes in one file (node limit: the size limit / 8, see --max-file-size)");
	assert_int_not_equal(load_json_str(f, sb.buf), 0);
	assert_non_null(strstr(f->err.msg, "(node limit:"));
	sb_reset(&sb);
	sb_adds(&sb, "- 0\n");
	for (int i = 1; i < 3000; i++)
		sb_adds(&sb, "- 0\n");
	assert_int_not_equal(load_text(f, sb.buf, sb.len), 0);
	assert_non_null(strstr(f->err.msg, "(node limit:"));
	/* twice the size limit: the same file loads */
	load_limits_set_size(&f->lim, 8 * 4000);
	assert_int_equal(load_text(f, sb.buf, sb.len), 0);
	/* aliases that stand for many nodes are the alias expansion limit,
	 * however few nodes the file writes */
	f->lim.max_expanded = 60; /* each alias: the sequence and its 10 items */
	sb_reset(&sb);
	sb_adds(&sb, "a: &a [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]\nb: [*a, *a, *a, *a, *a]\n");
	assert_int_equal(load_text(f, sb.buf, sb.len), 0);
	sb_adds(&sb, "c: *a\n");
	assert_int_not_equal(load_text(f, sb.buf, sb.len), 0);
	assert_string_equal(f->err.msg, "aliases stand for more than 60 nodes (alias expansion limit; an alias bomb?)");
	/* JSON nesting: the depth limit */
	f->lim.max_depth = 3;
	assert_int_equal(load_json_str(f, "[[[1]]]"), 0);
	assert_int_not_equal(load_json_str(f, "[[[[1]]]]"), 0);
	assert_string_equal(f->err.msg, "nesting deeper than 3 levels (depth limit)");
	sb_release(&sb);
}

/* Plain scalars as YAML 1.1 and YAML 1.2 read them (issue 18 point 9):
 * {text, 1.1 integer or -1 (not one), 1.2 integer or -1}. */
static void yaml_numbers_in_both_versions(void **state)
{
	(void)state;
	static const struct {
		const char *s;
		int64_t v11, v12;
	} cases[] = {
		{"22", 22, 22},     {"026", 22, 26},     {"0x16", 22, 22},   {"0o26", -1, 22},
		{"2_2", 22, -1},    {"1e1", -1, 10},     {"1.0e+1", 10, 10}, {"22.0", 22, 22},
		{"1:30", 90, -1},   {"0b10110", 22, -1}, {"09", -1, 9},      {"-026", -22, -26},
		{"0", 0, 0},        {"00", 0, 0},        {"2.5", -1, -1},    {"0x", -1, -1},
		{"1:60", -1, -1},   {"abc", -1, -1},     {"", -1, -1},       {"99999999999999999999", -1, -1},
		/* fuzzer find: a float beyond int64_t was converted before the range check */
		{"99999999999999999999.0", -1, -1}, {"1.0e+400", -1, -1}, {"-1.0e+30", -1, -1},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct yaml_int_reading a, b;
		yaml_plain_int(cases[i].s, &a, &b);
		int64_t got11 = a.is_int ? a.v : -1, got12 = b.is_int ? b.v : -1;
		if (got11 != cases[i].v11 || got12 != cases[i].v12)
			fail_msg("'%s': YAML 1.1 %lld, 1.2 %lld; expected %lld, %lld", cases[i].s, (long long)got11,
				 (long long)got12, (long long)cases[i].v11, (long long)cases[i].v12);
	}
}

static void yaml_errors_are_located(void **state)
{
	struct fixture *f = *state;
	assert_int_not_equal(load_str(f, "a: 1\nb: [1, 2\nc: 3\n"), 0);
	assert_true(f->err.loc.line >= 2);
	assert_non_null(strstr(f->err.msg, "YAML syntax error"));
	assert_int_not_equal(load_str(f, "a: *nope\n"), 0);
	assert_non_null(strstr(f->err.msg, "undefined alias"));
}

static void encodings(void **state)
{
	struct fixture *f = *state;
	/* UTF-8 BOM */
	assert_int_equal(load_str(f, "\xef\xbb\xbf{\"a\": 1}"), 0);
	assert_int_equal(node_get_pair(f->doc.root, "a")->key_loc.col, 2);
	/* UTF-16LE with BOM: {"a": "é"} */
	const char le[] = "\xff\xfe{\0\"\0a\0\"\0:\0 \0\"\0\xe9\0\"\0}\0";
	assert_int_equal(load_text(f, le, sizeof(le) - 1), 0);
	assert_string_equal(node_get(f->doc.root, "a")->text, "\xc3\xa9");
	/* UTF-16BE with BOM */
	const char be[] = "\xfe\xff\0{\0\"\0a\0\"\0:\0 \0\x31\0}";
	assert_int_equal(load_text(f, be, sizeof(be) - 1), 0);
	/* invalid UTF-8, NUL bytes, empty */
	assert_int_not_equal(load_str(f, "a: b\nc: \xff\n"), 0);
	assert_int_equal(f->err.loc.line, 2);
	assert_int_equal(f->err.loc.col, 4);
	assert_non_null(strstr(f->err.msg, "UTF-8"));
	assert_int_not_equal(load_text(f, "a: b\0c", 6), 0);
	assert_non_null(strstr(f->err.msg, "NUL"));
	assert_int_not_equal(load_str(f, "  \n\n"), 0);
	assert_string_equal(f->err.msg, "empty file");
	assert_int_not_equal(load_str(f, "# only a comment\n"), 0);
	assert_int_not_equal(load_str(f, "a: \xc0\xaf\n"), 0); /* overlong */
	assert_int_not_equal(load_str(f, "a: \xed\xa0\x80\n"), 0); /* surrogate */
}

/* UTF-8 is checked 32 bytes, then 8, then one at a time: a NUL, a bad byte
 * or a valid non-ASCII character at every offset of a long ASCII scalar is
 * found where it is. */
static void utf8_checked_at_every_offset(void **state)
{
	struct fixture *f = *state;
	enum { N = 100 };
	char text[N + 8];
	for (size_t at = 3; at < N; at++) {
		memset(text, 'x', N);
		memcpy(text, "a: ", 3);
		text[N] = '\n';
		text[at] = '\0';
		assert_int_not_equal(load_text(f, text, N + 1), 0);
		assert_non_null(strstr(f->err.msg, "NUL"));
		assert_int_equal(f->err.loc.col, at + 1);
		text[at] = (char)0xFF;
		assert_int_not_equal(load_text(f, text, N + 1), 0);
		assert_non_null(strstr(f->err.msg, "invalid UTF-8 (byte 0xff)"));
		assert_int_equal(f->err.loc.col, at + 1);
		text[at] = 'x';
		assert_int_equal(load_text(f, text, N + 1), 0);
		assert_true(f->doc.ascii);
		if (at + 1 < N) {
			memcpy(text + at, "\xc3\xa9", 2);
			assert_int_equal(load_text(f, text, N + 1), 0);
			assert_false(f->doc.ascii);
			assert_int_equal(node_get(f->doc.root, "a")->len, N - 3);
		}
	}
}

/* What a directory walk treats as an empty file, as naming it does. */
static void empty_text_is_recognised(void **state)
{
	(void)state;
	assert_true(text_is_empty("", 0));
	assert_true(text_is_empty(" \n\t\r\n", 5));
	assert_true(text_is_empty("\xef\xbb\xbf# c\n---\n# d\n...\n", 19));
	assert_true(text_is_empty("--- # marker with a comment\n", 28));
	assert_false(text_is_empty("---x\n", 5));
	assert_false(text_is_empty("a: b\n", 5));
	assert_false(text_is_empty("# c\n{}", 6));
	assert_false(text_is_empty("---\0", 4));
}

static void huge_numbers_stay_text(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(load_str(f, "{\"p\": 1e999999, \"q\": 123456789012345678901234567890}"), 0);
	int64_t v;
	assert_int_not_equal(node_int(node_get(f->doc.root, "q"), &v), 0);
	assert_string_equal(node_get(f->doc.root, "q")->text, "123456789012345678901234567890");
}

static void flow_yaml_that_is_not_json(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(load_str(f, "{a: b, c: [1, 2]}\n"), 0);
	assert_int_equal(f->doc.syntax, SYNTAX_YAML);
	assert_string_equal(node_get(f->doc.root, "a")->text, "b");
}

/* The definition: some frontend's marker occurs anywhere in the text. */
static int any_marker_naive(const char *text, size_t len)
{
	for (size_t i = 0; i < frontend_count; i++)
		for (const char *const *m = frontends[i]->markers; m && *m; m++)
			for (size_t at = 0; at + strlen(*m) <= len; at++)
				if (memcmp(text + at, *m, strlen(*m)) == 0)
					return 1;
	return 0;
}

/* frontend_looks_like_iac searches in blocks: every marker, whole or cut
 * by one byte, at the start, the end and across each block boundary. */
static void iac_markers_found_across_blocks(void **state)
{
	(void)state;
	enum { LEN = 30000 };
	static const size_t edges[] = {0, 4096, 4096 + 8192, 4096 + 8192 + 16384, LEN};
	char *text = malloc(LEN);
	assert_non_null(text);
	int found = 0;
	for (size_t i = 0; i < frontend_count; i++) {
		for (const char *const *m = frontends[i]->markers; m && *m; m++) {
			size_t n = strlen(*m);
			for (size_t e = 0; e < sizeof(edges) / sizeof(edges[0]); e++) {
				for (size_t d = 0; d <= n + 1; d++) {
					if (edges[e] < d || edges[e] - d + n > LEN)
						continue;
					for (size_t cut = 0; cut < 2; cut++) {
						memset(text, 'x', LEN);
						memcpy(text + edges[e] - d, *m, n - cut);
						int want = any_marker_naive(text, LEN);
						assert_int_equal(frontend_looks_like_iac(text, LEN), want);
						found += want;
					}
				}
			}
		}
	}
	assert_true(found > 0);
	memset(text, 'x', LEN);
	assert_int_equal(frontend_looks_like_iac(text, LEN), 0);
	assert_int_equal(frontend_looks_like_iac(text, 0), 0);
	free(text);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(json_positions_are_exact, setup, teardown),
		cmocka_unit_test_setup_teardown(json_positions_with_unicode_and_escapes, setup, teardown),
		cmocka_unit_test_setup_teardown(json_minified_single_line, setup, teardown),
		cmocka_unit_test_setup_teardown(json_raw_newlines_in_strings_count, setup, teardown),
		cmocka_unit_test_setup_teardown(doc_line_agrees_with_bytes, setup, teardown),
		cmocka_unit_test_setup_teardown(json_scans_by_words, setup, teardown),
		cmocka_unit_test_setup_teardown(loaders_note_keys, setup, teardown),
		cmocka_unit_test_setup_teardown(node_index_agrees_with_node_get, setup, teardown),
		cmocka_unit_test_setup_teardown(json_errors_are_located, setup, teardown),
		cmocka_unit_test_setup_teardown(yaml_short_tags_become_long_form, setup, teardown),
		cmocka_unit_test(empty_text_is_recognised),
		cmocka_unit_test(iac_markers_found_across_blocks),
		cmocka_unit_test_setup_teardown(yaml_scalars_and_locations, setup, teardown),
		cmocka_unit_test_setup_teardown(yaml_anchors_aliases_and_merge, setup, teardown),
		cmocka_unit_test_setup_teardown(yaml_alias_bomb_is_bounded, setup, teardown),
		cmocka_unit_test_setup_teardown(yaml_depth_is_limited, setup, teardown),
		cmocka_unit_test_setup_teardown(node_and_alias_limits_are_apart, setup, teardown),
		cmocka_unit_test_setup_teardown(yaml_numbers_in_both_versions, setup, teardown),
		cmocka_unit_test_setup_teardown(yaml_errors_are_located, setup, teardown),
		cmocka_unit_test_setup_teardown(encodings, setup, teardown),
		cmocka_unit_test_setup_teardown(utf8_checked_at_every_offset, setup, teardown),
		cmocka_unit_test_setup_teardown(huge_numbers_stay_text, setup, teardown),
		cmocka_unit_test_setup_teardown(flow_yaml_that_is_not_json, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
