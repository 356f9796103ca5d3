/* source.c - a plan's resources in their .tf source (source.h).
 *
 * Only declarations are read: a plan address without its instance keys
 * names one `resource` block (module.NAME prefixes follow local module
 * sources). Inline ingress/egress blocks are a set in the plan, in no
 * order of the source: a permission points into the one block whose
 * literal values agree with it, else at the resource.
 */
#include <string.h>

#include "base/paths.h"
#include "base/ports.h"
#include "doc/node.h"
#include "formats/terraform/source.h"

#define MAX_MODULE_DEPTH 16

struct tf_source_decl {
	struct loc loc;          /* the block's `resource` keyword */
	const struct node *body;
};

static int is_tf_name(const char *name)
{
	return str_has_suffix(name, ".tf");
}

int tf_source_dir_has_tf(const char *dir)
{
	size_t n = 0;
	char **files = path_list_files(dir, is_tf_name, &n);
	path_list_free(files);
	return n > 0;
}

/* The body a block pair leads to through `labels` label levels. */
static const struct node *block_body(const struct node_pair *p, int labels, const char **names)
{
	const struct node *v = p->value;
	for (int i = 0; i < labels; i++) {
		if (v->kind != NODE_MAP || !(v->flags & NODE_F_LABEL) || v->u.map.n != 1)
			return NULL;
		names[i] = v->u.map.pairs[0].key;
		v = v->u.map.pairs[0].value;
	}
	return v->kind == NODE_MAP && (v->flags & NODE_F_BODY) ? v : NULL;
}

static int is_block(const struct node *v)
{
	return v->kind == NODE_MAP && (v->flags & (NODE_F_BODY | NODE_F_LABEL));
}

static const struct node *attr(const struct node *body, const char *name, struct loc *at)
{
	for (uint32_t i = 0; body && i < body->u.map.n; i++) {
		const struct node_pair *p = &body->u.map.pairs[i];
		if (!strcmp(p->key, name) && !is_block(p->value)) {
			*at = p->key_loc;
			return p->value;
		}
	}
	return NULL;
}

static void load_module(struct model *m, struct tf_source_map *s, const char *dir, const char *prefix, int depth,
			const struct load_limits *lim);

static void add_block(struct model *m, struct tf_source_map *s, const char *dir, const char *prefix,
		      const struct node_pair *p, int depth, const struct load_limits *lim)
{
	const char *names[2];
	if (!strcmp(p->key, "resource") && block_body(p, 2, names)) {
		struct tf_source_decl *d = arena_alloc(m->a, sizeof(*d));
		d->loc = p->key_loc;
		d->body = block_body(p, 2, names);
		hmap_get_or_put(&s->decls, arena_printf(m->a, "%s%s.%s", prefix, names[0], names[1]), d);
		return;
	}
	const struct node *body;
	if (strcmp(p->key, "module") || !(body = block_body(p, 1, names)))
		return;
	struct loc at;
	const struct node *src = attr(body, "source", &at);
	if (!src || src->kind != NODE_STR || !(src->text[0] == '.' && (src->text[1] == '/' || src->text[1] == '.')))
		return; /* a registry or remote module: its resources keep their plan location */
	if (depth < MAX_MODULE_DEPTH)
		load_module(m, s, path_join_dir(m->a, dir, src->text), arena_printf(m->a, "%smodule.%s.", prefix, names[0]),
			    depth + 1, lim);
}

static void load_module(struct model *m, struct tf_source_map *s, const char *dir, const char *prefix, int depth,
			const struct load_limits *lim)
{
	size_t n = 0;
	char **files = path_list_files(dir, is_tf_name, &n);
	for (size_t i = 0; i < n; i++) {
		struct doc *doc = arena_alloc(m->a, sizeof(*doc));
		struct diag err;
		s->files++;
		if (load_file(arena_strdup(m->a, files[i]), SYNTAX_HCL, lim, m->a, doc, &err) != 0) {
			VEC_PUSH(m->errors, err);
			continue;
		}
		model_own_doc(m, doc);
		for (uint32_t k = 0; doc->root && k < doc->root->u.map.n; k++)
			add_block(m, s, dir, prefix, &doc->root->u.map.pairs[k], depth, lim);
	}
	path_list_free(files);
}

const struct tf_source_map *tf_source_load(struct model *m, const char *dir, const struct load_limits *lim)
{
	if (!tf_source_dir_has_tf(dir))
		return NULL;
	struct tf_source_map *s = arena_alloc(m->a, sizeof(*s));
	hmap_init(&s->decls, m->a);
	load_module(m, s, path_join_dir(m->a, ".", dir), "", 0, lim);
	return s;
}

/* The address without instance keys: module.a["x"].aws_y.z[0] -> module.a.aws_y.z */
static const char *declaration_of(struct arena *a, const char *address)
{
	struct strbuf sb = STRBUF_INIT;
	for (const char *c = address; *c; c++) {
		if (*c != '[') {
			sb_addc(&sb, *c);
			continue;
		}
		int quoted = 0;
		for (c++; *c && (quoted || *c != ']'); c++)
			if (*c == '"' && c[-1] != '\\')
				quoted = !quoted;
		if (!*c)
			break;
	}
	const char *r = arena_strdup(a, sb_str(&sb));
	sb_release(&sb);
	return r;
}

/* ---- which inline block a plan permission came from ----------------------------
 *
 * The plan holds a group's inline blocks as a set: their order is not the
 * source's. A permission is tied to the one block of its direction whose
 * literal attributes agree with its values; an attribute that is not a
 * literal (a variable, a reference, each.value in a dynamic block's
 * content) agrees with anything. None or several agreeing: the resource. */

/* A literal number or numeric string, into *out. */
static int literal_int(const struct node *v, int64_t *out)
{
	return v && (v->kind == NODE_NUM || v->kind == NODE_STR) && parse_integral(v->text, out) == 0;
}

static int literal_text(const struct node *v)
{
	return v && v->kind == NODE_STR;
}

static int agrees_int(const struct node *body, const char *key, int known, int64_t want)
{
	struct loc at;
	int64_t have;
	const struct node *v = attr(body, key, &at);
	return !known || !v || !literal_int(v, &have) || have == want;
}

/* The peer attribute: the block must have it; a literal list (or value)
 * must hold the permission's peer. */
static int agrees_peer(const struct node *body, const struct permission *p)
{
	struct loc at;
	const struct node *v = attr(body, p->peer_key, &at);
	if (!v)
		return 0;
	if (!p->peer || p->peer_kind == PEER_UNKNOWN || v->kind == NODE_BOOL)
		return 1;
	if (literal_text(v))
		return !strcmp(v->text, p->peer);
	if (v->kind != NODE_EXPR || v->len != EXPR_TUPLE)
		return 1;
	for (uint32_t i = 0; i < v->u.seq.n; i++) {
		const struct node *e = v->u.seq.items[i];
		if (!literal_text(e) || !strcmp(e->text, p->peer))
			return 1;
	}
	return 0;
}

static int agrees(const struct node *body, const struct permission *p)
{
	struct loc at;
	const struct node *v;
	if (!agrees_peer(body, p))
		return 0;
	if (p->proto != PROTO_UNKNOWN && (v = attr(body, "protocol", &at)) &&
	    (literal_text(v) || v->kind == NODE_NUM) && proto_parse(v->text) != p->proto)
		return 0;
	/* all traffic and port-less protocols: AWS ignores the ports written */
	int ports = p->ports_state == VAL_KNOWN && (proto_has_ports(p->proto) || proto_is_icmp(p->proto));
	if (!agrees_int(body, "from_port", ports, p->from_port) || !agrees_int(body, "to_port", ports, p->to_port))
		return 0;
	if (p->scope == SCOPE_NETWORK_ACL && !agrees_int(body, "rule_no", 1, p->rule_number))
		return 0;
	if (p->desc_state != VAL_UNKNOWN && (v = attr(body, "description", &at)) && literal_text(v) &&
	    strcmp(v->text, p->desc_state == VAL_KNOWN && p->description ? p->description : ""))
		return 0;
	return 1;
}

/* The body a `dynamic "kind"` block makes blocks from (its content). */
static const struct node *dynamic_content(const struct node_pair *pair, const char *kind)
{
	const char *names[1];
	const struct node *body;
	if (strcmp(pair->key, "dynamic") || !(body = block_body(pair, 1, names)) || strcmp(names[0], kind))
		return NULL;
	for (uint32_t i = 0; i < body->u.map.n; i++) {
		const struct node_pair *c = &body->u.map.pairs[i];
		if (!strcmp(c->key, "content") && c->value->kind == NODE_MAP && (c->value->flags & NODE_F_BODY))
			return c->value;
	}
	return NULL;
}

/* The one block named `kind` (or made by a dynamic block) in body that
 * agrees with p, or NULL. */
static const struct node *matching_block(const struct node *body, const char *kind, const struct permission *p)
{
	const struct node *found = NULL;
	for (uint32_t i = 0; i < body->u.map.n; i++) {
		const struct node_pair *pair = &body->u.map.pairs[i];
		const struct node *block = !strcmp(pair->key, kind) && pair->value->kind == NODE_MAP &&
						   (pair->value->flags & NODE_F_BODY)
					   ? pair->value
					   : dynamic_content(pair, kind);
		if (!block || !agrees(block, p))
			continue;
		if (found)
			return NULL;
		found = block;
	}
	return found;
}

struct loc tf_source_locate(const struct tf_source_map *s, const struct resource *r, const struct permission *p)
{
	struct loc none = {0};
	if (!s || !r)
		return none;
	const struct tf_source_decl *d = hmap_get(&s->decls, declaration_of(s->decls.a, r->id));
	if (!d)
		return none;
	struct loc at;
	if (p && p->peer_key) {
		if (attr(d->body, p->peer_key, &at))
			return at;
		const struct node *block = matching_block(d->body, p->direction == DIR_EGRESS ? "egress" : "ingress", p);
		if (block && attr(block, p->peer_key, &at))
			return at;
	}
	return d->loc;
}
