/* load_yaml.c - YAML to document tree through libyaml's event API.
 *
 * Building from events (not libyaml's own document loader) lets us keep
 * nodes in the file arena, rewrite CloudFormation short-form tags as we go,
 * share aliased nodes instead of copying them, and enforce the depth, node,
 * alias and alias expansion limits (doc/limits.h) before any work explodes:
 * nodes written in the file and nodes aliases stand for are counted apart,
 * so a large template is never taken for an alias bomb.
 */
#include "doc/load_yaml.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

struct yframe {
	int kind; /* NODE_SEQ or NODE_MAP */
	size_t child_start;
	struct loc loc;
	const char *anchor;
	const char *tag;
	uint64_t expanded_start;
};

struct yanchor {
	const char *name;
	struct node *node;
	uint64_t size; /* nodes it stands for once expanded */
};

struct ybuild {
	const char *file;
	struct arena *a;
	const struct load_limits *lim;
	VEC(struct node *) children; /* maps push key, value, key, value... */
	VEC(struct yframe) frames;
	VEC(struct yanchor) anchors;
	uint64_t expanded;  /* nodes so far, aliases expanded (anchor sizes) */
	uint64_t nodes;     /* nodes written in the file (node limit) */
	uint64_t via_alias; /* nodes aliases stood for (alias expansion limit) */
	uint32_t aliases;
	struct node *root;
	VEC(struct node *) docs; /* every document's root, in order */
	struct diag *err;
	unsigned notes;          /* enum doc_note */
	struct key_scratch keys;
};

/* CloudFormation short-form tags and the long-form key they stand for. */
static const char *short_tag_key(const char *tag)
{
	static const char *const fns[] = {
		"Base64", "Cidr", "FindInMap", "GetAtt", "GetAZs", "ImportValue",
		"Join", "Select", "Split", "Sub", "Transform", "And", "Equals",
		"If", "Not", "Or", "Length", "ToJsonString", "ForEach",
	};
	static const char *const long_fns[] = {
		"Fn::Base64", "Fn::Cidr", "Fn::FindInMap", "Fn::GetAtt", "Fn::GetAZs",
		"Fn::ImportValue", "Fn::Join", "Fn::Select", "Fn::Split", "Fn::Sub",
		"Fn::Transform", "Fn::And", "Fn::Equals", "Fn::If", "Fn::Not", "Fn::Or",
		"Fn::Length", "Fn::ToJsonString", "Fn::ForEach",
	};
	if (!tag || tag[0] != '!' || tag[1] == '!')
		return NULL;
	tag++;
	if (strcmp(tag, "Ref") == 0)
		return "Ref";
	if (strcmp(tag, "Condition") == 0)
		return "Condition";
	for (size_t i = 0; i < sizeof(fns) / sizeof(fns[0]); i++) /* the first letter settles most */
		if (tag[0] == fns[i][0] && strcmp(tag, fns[i]) == 0)
			return long_fns[i];
	return NULL;
}

static struct loc mark_loc(const struct ybuild *b, yaml_mark_t m)
{
	return (struct loc){b->file, (uint32_t)m.line + 1, (uint32_t)m.column + 1};
}

/* One node written in the file. */
static int count_node(struct ybuild *b, struct loc loc)
{
	b->expanded++;
	if (++b->nodes > b->lim->max_nodes) {
		diag_set(b->err, loc,
			 "more than %llu nodes in one file (node limit: the size limit / %d, see --max-file-size)",
			 (unsigned long long)b->lim->max_nodes, SG_BYTES_PER_NODE);
		return -1;
	}
	return 0;
}

/* The n nodes an alias stands for. */
static int count_alias(struct ybuild *b, uint64_t n, struct loc loc)
{
	b->expanded += n;
	b->via_alias += n;
	if (b->via_alias > b->lim->max_expanded) {
		diag_set(b->err, loc,
			 "aliases stand for more than %llu nodes (alias expansion limit; an alias bomb?)",
			 (unsigned long long)b->lim->max_expanded);
		return -1;
	}
	return 0;
}

/* Wrap a node built under a short-form tag into its long form. A local
 * tag that is not one of CloudFormation's (`!Reff`) is kept as a one-pair
 * mapping under the tag itself, so the CloudFormation frontend can report
 * it; no other format gives such tags a meaning. A namespaced one
 * (`!Rain::Embed`) belongs to a preprocessor that expands it before
 * CloudFormation sees the template: left as it is. */
static struct node *apply_short_tag(struct ybuild *b, const char *tag, struct node *n)
{
	if (!tag || tag[0] != '!' || !tag[1] || tag[1] == '!') /* no local tag: most nodes */
		return n;
	const char *key = short_tag_key(tag);
	if (!key && !strstr(tag, "::")) {
		key = arena_strdup(b->a, tag);
		b->notes |= DOC_NOTE_LOCAL_TAG;
	}
	if (!key)
		return n;
	if (strcmp(key, "Fn::GetAtt") == 0 && n->kind == NODE_STR) {
		/* !GetAtt Res.Attr.Path: the logical id ends at the first dot */
		const char *dot = strchr(n->text, '.');
		if (dot) {
			struct node **items = arena_alloc(b->a, 2 * sizeof(*items));
			items[0] = node_new_str(b->a, n->loc, n->text, (size_t)(dot - n->text));
			items[1] = node_new_str(b->a, n->loc, dot + 1, strlen(dot + 1));
			n = node_new_seq(b->a, n->loc, items, 2);
		}
	}
	struct node *m = node_new_map1(b->a, n->loc, key, n);
	m->flags |= NODE_F_SHORT_TAG;
	return m;
}

static int is_plain_null(const char *s, size_t n)
{
	return n == 0 || (n == 1 && s[0] == '~') ||
	       (n == 4 && (memcmp(s, "null", 4) == 0 || memcmp(s, "Null", 4) == 0 || memcmp(s, "NULL", 4) == 0));
}

static int is_plain_number(const char *s)
{
	const char *p = s;
	int digits = 0;
	if (*p == '-' || *p == '+')
		p++;
	while (*p >= '0' && *p <= '9')
		p++, digits++;
	if (*p == '.') {
		p++;
		while (*p >= '0' && *p <= '9')
			p++, digits++;
	}
	if (!digits)
		return 0;
	if (*p == 'e' || *p == 'E') {
		p++;
		if (*p == '-' || *p == '+')
			p++;
		if (*p < '0' || *p > '9')
			return 0;
		while (*p >= '0' && *p <= '9')
			p++;
	}
	return *p == '\0';
}

/* Type of a scalar the way YAML's core schema resolves it. */
static void type_scalar(struct node *n, const char *tag, int plain)
{
	const char *s = n->text;
	if (tag && strncmp(tag, "tag:yaml.org,2002:", 18) == 0) {
		const char *t = tag + 18;
		if (strcmp(t, "int") == 0 || strcmp(t, "float") == 0)
			n->kind = NODE_NUM;
		else if (strcmp(t, "null") == 0)
			n->kind = NODE_NULL;
		else if (strcmp(t, "bool") == 0) {
			n->kind = NODE_BOOL;
			if (str_eq_nocase(s, "true"))
				n->flags |= NODE_F_TRUE;
		}
		return;
	}
	if (!plain || (tag && strcmp(tag, "!") != 0))
		return;
	/* most plain scalars are words: only these can start a null, a
	 * boolean or a number */
	static const unsigned char may_be_typed[256] = {
		['n'] = 1, ['N'] = 1, ['t'] = 1, ['T'] = 1, ['f'] = 1, ['F'] = 1, ['~'] = 1,
		['0'] = 1, ['1'] = 1, ['2'] = 1, ['3'] = 1, ['4'] = 1, ['5'] = 1, ['6'] = 1,
		['7'] = 1, ['8'] = 1, ['9'] = 1, ['+'] = 1, ['-'] = 1, ['.'] = 1,
	};
	if (n->len && !may_be_typed[(unsigned char)s[0]])
		return;
	/* words of 4 and 5 letters only, compared at a fixed size (a load and
	 * a compare each): ports and addresses go straight to the number test */
	if (is_plain_null(s, n->len))
		n->kind = NODE_NULL;
	else if (n->len == 4 && (!memcmp(s, "true", 4) || !memcmp(s, "True", 4) || !memcmp(s, "TRUE", 4))) {
		n->kind = NODE_BOOL;
		n->flags |= NODE_F_TRUE;
	} else if (n->len == 5 && (!memcmp(s, "false", 5) || !memcmp(s, "False", 5) || !memcmp(s, "FALSE", 5)))
		n->kind = NODE_BOOL;
	else if (is_plain_number(s))
		n->kind = NODE_NUM;
}

static void register_anchor(struct ybuild *b, const char *name, struct node *n, uint64_t size)
{
	if (!name)
		return;
	struct yanchor an = {name, n, size};
	VEC_PUSH(b->anchors, an);
}

static const char *dup_or_null(struct ybuild *b, const yaml_char_t *s)
{
	return s ? arena_strdup(b->a, (const char *)s) : NULL;
}

/* A finished node goes to its parent, or becomes the document root. */
static void add_child(struct ybuild *b, struct node *n)
{
	if (b->frames.n == 0) {
		b->root = n;
		return;
	}
	VEC_PUSH(b->children, n);
}

static int on_scalar(struct ybuild *b, const yaml_event_t *ev)
{
	struct loc loc = mark_loc(b, ev->start_mark);
	size_t len = ev->data.scalar.length;
	if (len > b->lim->max_scalar_len) {
		diag_set(b->err, loc, "string of %zu bytes exceeds the limit of %zu (string limit)", len,
			 b->lim->max_scalar_len);
		return -1;
	}
	if (count_node(b, loc))
		return -1;
	const char *tag = (const char *)ev->data.scalar.tag;
	struct node *n = node_new_str(b->a, loc, (const char *)ev->data.scalar.value, len);
	int plain = ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
	/* !!str 026 is as much a string as '026' */
	if (!plain || (tag && strcmp(tag, "tag:yaml.org,2002:str") == 0))
		n->flags |= NODE_F_QUOTED;
	type_scalar(n, tag, plain);
	n = apply_short_tag(b, tag, n);
	register_anchor(b, dup_or_null(b, ev->data.scalar.anchor), n, 1);
	add_child(b, n);
	return 0;
}

static int on_alias(struct ybuild *b, const yaml_event_t *ev)
{
	struct loc loc = mark_loc(b, ev->start_mark);
	const char *name = (const char *)ev->data.alias.anchor;
	if (++b->aliases > b->lim->max_aliases) {
		diag_set(b->err, loc, "more than %u aliases (alias limit)", b->lim->max_aliases);
		return -1;
	}
	for (size_t i = b->anchors.n; i-- > 0;) {
		if (strcmp(b->anchors.v[i].name, name) == 0) {
			if (count_alias(b, b->anchors.v[i].size, loc))
				return -1;
			add_child(b, b->anchors.v[i].node);
			return 0;
		}
	}
	diag_set(b->err, loc, "undefined alias '*%s'", name);
	return -1;
}

static int on_collection_start(struct ybuild *b, const yaml_event_t *ev, int kind)
{
	struct loc loc = mark_loc(b, ev->start_mark);
	if (b->frames.n >= b->lim->max_depth) {
		diag_set(b->err, loc, "nesting deeper than %u levels (depth limit)", b->lim->max_depth);
		return -1;
	}
	if (count_node(b, loc))
		return -1;
	struct yframe f = {0};
	f.kind = kind;
	f.child_start = b->children.n;
	f.loc = loc;
	f.expanded_start = b->expanded;
	if (kind == NODE_SEQ) {
		f.anchor = dup_or_null(b, ev->data.sequence_start.anchor);
		f.tag = dup_or_null(b, ev->data.sequence_start.tag);
	} else {
		f.anchor = dup_or_null(b, ev->data.mapping_start.anchor);
		f.tag = dup_or_null(b, ev->data.mapping_start.tag);
	}
	VEC_PUSH(b->frames, f);
	return 0;
}

static int pair_index(const struct node_pair *pairs, uint32_t n, const char *key)
{
	for (uint32_t i = 0; i < n; i++)
		if (strcmp(pairs[i].key, key) == 0)
			return (int)i;
	return -1;
}

static int is_merge_key(const struct node *k)
{
	return k->text[0] == '<' && k->text[1] == '<' && !k->text[2] && k->kind == NODE_STR &&
	       !(k->flags & NODE_F_QUOTED);
}

/* Append the pairs of a merged mapping whose keys are not present yet
 * (YAML merge keys: explicit keys win, earlier merges win). */
static void merge_pairs(struct node_pair *out, uint32_t *n, const struct node *src)
{
	if (!src || src->kind != NODE_MAP)
		return;
	for (uint32_t i = 0; i < src->u.map.n; i++)
		if (pair_index(out, *n, src->u.map.pairs[i].key) < 0)
			out[(*n)++] = src->u.map.pairs[i];
}

static uint32_t merged_size(struct node **kv, size_t npairs)
{
	uint32_t total = 0;
	for (size_t i = 0; i < npairs; i++) {
		struct node *k = kv[2 * i], *v = kv[2 * i + 1];
		if (!is_merge_key(k)) {
			total++;
		} else if (v->kind == NODE_MAP) {
			total += v->u.map.n;
		} else if (v->kind == NODE_SEQ) {
			for (uint32_t j = 0; j < v->u.seq.n; j++)
				if (v->u.seq.items[j]->kind == NODE_MAP)
					total += v->u.seq.items[j]->u.map.n;
		}
	}
	return total;
}

static int build_map(struct ybuild *b, struct node *m, struct node **kv, size_t count)
{
	size_t npairs = count / 2;
	int has_merge = 0;
	for (size_t i = 0; i < npairs; i++) {
		struct node *k = kv[2 * i];
		if (!node_is_scalar(k)) {
			diag_set(b->err, k->loc, "mapping keys must be scalars, not a %s",
				 node_kind_name(k->kind));
			return -1;
		}
		has_merge |= is_merge_key(k);
	}
	uint32_t cap = has_merge ? merged_size(kv, npairs) : (uint32_t)npairs;
	struct node_pair *pairs = arena_alloc_raw(b->a, sizeof(*pairs) * (cap ? cap : 1));
	uint32_t n = 0;
	for (size_t i = 0; i < npairs; i++) {
		struct node *k = kv[2 * i];
		if (is_merge_key(k))
			continue;
		pairs[n].key = k->text;
		pairs[n].key_loc = k->loc;
		pairs[n].value = kv[2 * i + 1];
		n++;
	}
	for (size_t i = 0; has_merge && i < npairs; i++) {
		struct node *k = kv[2 * i], *v = kv[2 * i + 1];
		if (!is_merge_key(k))
			continue;
		if (v->kind == NODE_SEQ) {
			for (uint32_t j = 0; j < v->u.seq.n; j++)
				merge_pairs(pairs, &n, v->u.seq.items[j]);
		} else {
			merge_pairs(pairs, &n, v);
		}
	}
	m->u.map.pairs = pairs;
	m->u.map.n = n;
	b->notes |= pairs_notes(pairs, n, &b->keys);
	return 0;
}

static int on_collection_end(struct ybuild *b)
{
	struct yframe f = b->frames.v[--b->frames.n];
	size_t count = b->children.n - f.child_start;
	struct node **kids = count ? b->children.v + f.child_start : NULL;
	struct node *n = node_new(b->a, f.kind, f.loc);
	if (f.kind == NODE_SEQ) {
		n->u.seq.items = arena_memdup(b->a, kids, count * sizeof(*kids));
		n->u.seq.n = (uint32_t)count;
	} else if (build_map(b, n, kids, count) != 0) {
		return -1;
	}
	b->children.n = f.child_start;
	n = apply_short_tag(b, f.tag, n);
	register_anchor(b, f.anchor, n, b->expanded - f.expanded_start + 1);
	add_child(b, n);
	return 0;
}

static void parser_error(struct ybuild *b, yaml_parser_t *p, const char *text)
{
	struct loc loc;
	if (p->error == YAML_READER_ERROR)
		loc = loc_of_offset(b->file, text, p->problem_offset);
	else
		loc = mark_loc(b, p->problem_mark);
	const char *problem = p->problem ? p->problem : "unknown error";
	if (p->context && p->error != YAML_READER_ERROR)
		diag_set(b->err, loc, "YAML syntax error: %s (%s at line %zu, column %zu)",
			 problem, p->context, (size_t)p->context_mark.line + 1,
			 (size_t)p->context_mark.column + 1);
	else
		diag_set(b->err, loc, "YAML syntax error: %s", problem);
}

static int handle_event(struct ybuild *b, const yaml_event_t *ev)
{
	switch (ev->type) {
	case YAML_SCALAR_EVENT:
		return on_scalar(b, ev);
	case YAML_ALIAS_EVENT:
		return on_alias(b, ev);
	case YAML_SEQUENCE_START_EVENT:
		return on_collection_start(b, ev, NODE_SEQ);
	case YAML_MAPPING_START_EVENT:
		return on_collection_start(b, ev, NODE_MAP);
	case YAML_SEQUENCE_END_EVENT:
	case YAML_MAPPING_END_EVENT:
		return on_collection_end(b);
	case YAML_DOCUMENT_START_EVENT:
		b->root = NULL;
		return 0;
	case YAML_DOCUMENT_END_EVENT:
		VEC_PUSH(b->docs, b->root);
		return 0;
	default:
		return 0;
	}
}

/* The documents after the first that hold something (a trailing '---' is
 * an empty one), copied into the arena. */
static void later_docs(struct ybuild *b, struct yaml_more *more)
{
	more->n = 0;
	more->notes = b->notes;
	more->docs = arena_alloc(b->a, sizeof(*more->docs) * (b->docs.n ? b->docs.n : 1));
	for (size_t i = 1; i < b->docs.n; i++)
		if (b->docs.v[i] && b->docs.v[i]->kind != NODE_NULL)
			more->docs[more->n++] = b->docs.v[i];
}

int load_yaml(const char *file, const char *text, size_t len,
	      const struct load_limits *lim, struct arena *arena,
	      struct node **root, struct diag *err)
{
	return load_yaml_stream(file, text, len, lim, arena, root, NULL, err);
}

int load_yaml_stream(const char *file, const char *text, size_t len, const struct load_limits *lim,
		     struct arena *arena, struct node **root, struct yaml_more *more, struct diag *err)
{
	struct ybuild b = {0};
	yaml_parser_t parser;
	yaml_event_t ev;
	int rc = -1;

	b.file = file;
	b.a = arena;
	b.lim = lim;
	b.err = err;
	if (!yaml_parser_initialize(&parser))
		die("out of memory initialising the YAML parser");
	yaml_parser_set_input_string(&parser, (const unsigned char *)text, len);
	yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING);
	for (;;) {
		if (!yaml_parser_parse(&parser, &ev)) {
			parser_error(&b, &parser, text);
			goto cleanup;
		}
		int type = ev.type;
		/* Every document is built: one after the first is an error for a
		 * template (scan.c), and a syntax error anywhere is reported. */
		int hr = handle_event(&b, &ev);
		yaml_event_delete(&ev);
		if (hr != 0)
			goto cleanup;
		if (type == YAML_STREAM_END_EVENT)
			break;
	}
	*root = b.docs.n ? b.docs.v[0] : NULL;
	if (more)
		later_docs(&b, more);
	if ((!*root || (*root)->kind == NODE_NULL) && !(more && more->n)) {
		diag_set(err, (struct loc){file, 1, 1}, "empty document");
		goto cleanup;
	}
	rc = 0;
cleanup:
	yaml_parser_delete(&parser);
	free(b.children.v);
	free(b.frames.v);
	free(b.anchors.v);
	free(b.docs.v);
	key_scratch_release(&b.keys);
	return rc;
}

/* ---- numbers under YAML 1.1 and 1.2 ------------------------------------------- */

/* Digits of `base` (underscores allowed when `under`) from s to the end, as
 * a value; -1 on anything else or overflow. */
static int digits_value(const char *s, int base, int under, int64_t *out)
{
	uint64_t v = 0;
	int any = 0;
	for (; *s; s++) {
		int d;
		if (*s == '_' && under)
			continue;
		if (*s >= '0' && *s <= '9')
			d = *s - '0';
		else if (*s >= 'a' && *s <= 'f')
			d = *s - 'a' + 10;
		else if (*s >= 'A' && *s <= 'F')
			d = *s - 'A' + 10;
		else
			return -1;
		if (d >= base || v > (uint64_t)INT64_MAX / (uint64_t)base)
			return -1;
		v = v * (uint64_t)base + (uint64_t)d;
		any = 1;
	}
	if (!any || v > (uint64_t)INT64_MAX)
		return -1;
	*out = (int64_t)v;
	return 0;
}

/* A float matched by the caller's grammar: an integer when its value is
 * integral (no fraction digits other than zeros, exponent folded in). */
static void float_reading(const char *s, int under, struct yaml_int_reading *r)
{
	char buf[64];
	size_t n = 0;
	for (const char *p = s; *p && n + 1 < sizeof(buf); p++)
		if (*p != '_' || !under)
			buf[n++] = *p;
	buf[n] = '\0';
	r->is_num = 1;
	char *end;
	double d = strtod(buf, &end);
	/* the range first: converting a double outside int64_t is undefined */
	if (*end == '\0' && d > -1e18 && d < 1e18 && d == (double)(int64_t)d) {
		r->is_int = 1;
		r->v = (int64_t)d;
	}
}

static int all_of(const char *s, const char *set)
{
	return *s && s[strspn(s, set)] == '\0';
}

static void read_yaml11(const char *s, struct yaml_int_reading *r)
{
	int neg = *s == '-';
	const char *p = s + (*s == '-' || *s == '+');
	int64_t v;
	int ok = -1;
	if (p[0] == '0' && p[1] == 'b')
		ok = digits_value(p + 2, 2, 1, &v);
	else if (p[0] == '0' && p[1] == 'x')
		ok = digits_value(p + 2, 16, 1, &v);
	else if (p[0] == '0' && p[1] && all_of(p + 1, "01234567_"))
		ok = digits_value(p + 1, 8, 1, &v);
	else if (strcmp(p, "0") == 0 || (p[0] >= '1' && p[0] <= '9' && all_of(p, "0123456789_")))
		ok = digits_value(p, 10, 1, &v);
	else if (p[0] >= '1' && p[0] <= '9' && strchr(p, ':') && all_of(p, "0123456789_:")) {
		/* base 60: 1:30 is 90; every part after the first is 0-59 */
		v = 0;
		ok = 0;
		for (const char *q = p; ok == 0 && *q;) {
			size_t len = strcspn(q, ":");
			char part[24];
			int64_t x;
			if (len == 0 || len >= sizeof(part) || (q != p && len > 2)) {
				ok = -1;
				break;
			}
			memcpy(part, q, len);
			part[len] = '\0';
			ok = digits_value(part, 10, 1, &x);
			if (ok == 0 && q != p && x > 59)
				ok = -1;
			if (ok == 0 && v > INT64_MAX / 60 - x)
				ok = -1;
			v = v * 60 + x;
			q += len + (q[len] == ':');
		}
	}
	if (ok == 0) {
		r->is_int = r->is_num = 1;
		r->v = neg ? -v : v;
		return;
	}
	/* [-+]?([0-9][0-9_]*)?\.[0-9.]*([eE][-+][0-9]+)?: a dot is required,
	 * so is the exponent's sign */
	const char *q = p;
	q += strspn(q, "0123456789_");
	if (*q != '.' || (q > p && *p == '_'))
		return;
	q++;
	q += strspn(q, "0123456789_");
	if (*q == 'e' || *q == 'E') {
		q++;
		if (*q != '-' && *q != '+')
			return;
		q++;
		if (!all_of(q, "0123456789"))
			return;
	} else if (*q) {
		return;
	}
	if (q == p + 1) /* "." alone */
		return;
	float_reading(s, 1, r);
}

static void read_yaml12(const char *s, struct yaml_int_reading *r)
{
	int64_t v;
	if (s[0] == '0' && s[1] == 'o' && digits_value(s + 2, 8, 0, &v) == 0) {
		r->is_int = r->is_num = 1;
		r->v = v;
		return;
	}
	if (s[0] == '0' && s[1] == 'x' && digits_value(s + 2, 16, 0, &v) == 0) {
		r->is_int = r->is_num = 1;
		r->v = v;
		return;
	}
	const char *p = s + (*s == '-' || *s == '+');
	if (all_of(p, "0123456789")) {
		if (digits_value(p, 10, 0, &v) == 0) {
			r->is_int = r->is_num = 1;
			r->v = *s == '-' ? -v : v;
		} else {
			r->is_num = 1;
		}
		return;
	}
	/* [-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)? */
	const char *q = p;
	size_t lead = strspn(q, "0123456789");
	q += lead;
	size_t frac = 0;
	if (*q == '.') {
		q++;
		frac = strspn(q, "0123456789");
		q += frac;
	}
	if (!lead && !frac)
		return;
	if (*q == 'e' || *q == 'E') {
		q++;
		q += *q == '-' || *q == '+';
		if (!all_of(q, "0123456789"))
			return;
	} else if (*q) {
		return;
	}
	float_reading(s, 0, r);
}

void yaml_plain_int(const char *s, struct yaml_int_reading *v11, struct yaml_int_reading *v12)
{
	memset(v11, 0, sizeof(*v11));
	memset(v12, 0, sizeof(*v12));
	if (!s || strlen(s) > 40)
		return;
	read_yaml11(s, v11);
	read_yaml12(s, v12);
}
