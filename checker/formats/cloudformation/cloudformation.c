#define _GNU_SOURCE /* memmem */
/* cloudformation.c - the CloudFormation frontend's table entry: detection,
 * the per-run parameter values, and the build of a template's model. */
#include "formats/cloudformation/cloudformation.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/hmap.h"
#include "doc/load.h"
#include "model/model.h"
#include "formats/cloudformation/internal.h"

static int has_aws_resource(const struct node *resources)
{
	if (!resources || resources->kind != NODE_MAP)
		return 0;
	for (uint32_t i = 0; i < resources->u.map.n; i++) {
		if (doc_is_loop_key(resources->u.map.pairs[i].key))
			return 1; /* AWS::LanguageExtensions: the resources are in the loop */
		const char *type = node_str(node_get(resources->u.map.pairs[i].value, "Type"));
		if (type && (strncmp(type, "AWS::", 5) == 0 || strncmp(type, "Custom::", 8) == 0 ||
			     strncmp(type, "Alexa::", 7) == 0))
			return 1;
	}
	return 0;
}

static int cfn_detect(const struct node *root)
{
	if (!root || root->kind != NODE_MAP)
		return 0;
	return node_get(root, "AWSTemplateFormatVersion") || has_aws_resource(node_get(root, "Resources"));
}

static void *cfn_prepare(const struct frontend_opts *o, diag_vec *errors)
{
	struct cfn_state *st = xcalloc(1, sizeof(*st));
	arena_init(&st->arena);
	if (o->params_file)
		cfn_read_params_file(st, o->params_file, &o->lim, errors);
	/* the command line after the file: the last value of a key wins */
	for (size_t i = 0; i < o->nparams; i++) {
		struct param_value pv = {o->params[i].key, o->params[i].value, NULL};
		VEC_PUSH(st->params, pv);
	}
	return st;
}

static void cfn_release(void *state)
{
	struct cfn_state *st = state;
	doc_release(&st->params_doc);
	arena_release(&st->arena);
	free(st->params.v);
	free(st);
}

struct doc_check {
	struct model *m;
	const struct node_pair *pairs; /* of the mapping being checked */
	struct key_scratch keys;
	int foreach; /* an Fn::ForEach key was seen */
};

/* A key of a mapping the same as an earlier one: AWS rejects the
 * template, and either value could be the one read. */
static void duplicate_key(void *ctx, uint32_t first, uint32_t i)
{
	struct doc_check *dc = ctx;
	model_error(dc->m, dc->pairs[i].key_loc, "duplicate key '%s' (first at line %u): CloudFormation rejects the template",
		    dc->pairs[i].key, dc->pairs[first].key_loc.line);
}

/* A collection the walk below has not been into yet. Scalars hold
 * nothing to check, so they are neither called on nor marked: most nodes
 * of a template are scalars. */
static inline int unvisited_collection(const struct node *n)
{
	return n && (n->kind == NODE_SEQ || n->kind == NODE_MAP) && !(n->flags & NODE_F_PRIVATE);
}

/* What the loader accepts and CloudFormation does not (SPEC 7): duplicate
 * keys and tags it does not know. A collection shared through aliases is
 * checked once (NODE_F_PRIVATE marks it). The same walk notes whether the
 * template uses Fn::ForEach, so a template without it is not walked again. */
static void check_document(struct doc_check *dc, struct node *n)
{
	n->flags |= NODE_F_PRIVATE;
	if (n->kind == NODE_SEQ) {
		for (uint32_t i = 0; i < n->u.seq.n; i++)
			if (unvisited_collection(n->u.seq.items[i]))
				check_document(dc, n->u.seq.items[i]);
		return;
	}
	if ((n->flags & NODE_F_SHORT_TAG) && n->u.map.n == 1 && n->u.map.pairs[0].key[0] == '!')
		model_error(dc->m, n->loc, "unknown tag '%s': CloudFormation rejects the template",
			    n->u.map.pairs[0].key);
	if (n->u.map.n > 1) {
		dc->pairs = n->u.map.pairs;
		pairs_duplicates(n->u.map.pairs, n->u.map.n, &dc->keys, duplicate_key, dc);
	}
	for (uint32_t i = 0; i < n->u.map.n; i++) {
		dc->foreach |= doc_is_loop_key(n->u.map.pairs[i].key);
		if (unvisited_collection(n->u.map.pairs[i].value))
			check_document(dc, n->u.map.pairs[i].value);
	}
}

static void cfn_build(const void *state, struct model *m)
{
	struct doc_check dc;
	memset(&dc, 0, sizeof(dc));
	dc.m = m;
	/* the loader noted what the walk would find; a document without such
	 * a note (or from a loader that keeps none) is walked */
	const struct doc *d = m->docs.v[0];
	int noted = !(d->notes & DOC_NOTES_KNOWN) ||
		    (d->notes & (DOC_NOTE_DUP_KEY | DOC_NOTE_LOCAL_TAG | DOC_NOTE_LOOP_KEY));
	if (noted && unvisited_collection(d->root))
		check_document(&dc, d->root);
	key_scratch_release(&dc.keys);
	const struct cfn_state *st = state;
	/* in the unit's arena: resource properties are resolved with it later */
	struct cfn_ctx *cx = arena_alloc(m->a, sizeof(*cx));
	const struct param_value *params = st ? st->params.v : NULL;
	size_t nparams = st ? st->params.n : 0;
	if (m->nested_unit) { /* a nested stack: what its parent passes, not -p */
		struct param_value *pv = arena_alloc(m->a, sizeof(*pv) * (m->ninputs ? m->ninputs : 1));
		for (size_t i = 0; i < m->ninputs; i++)
			pv[i] = (struct param_value){m->inputs[i].key, m->inputs[i].value, m->inputs[i].origin};
		params = pv;
		nparams = m->ninputs;
	}
	cfn_ctx_init(cx, m, m->docs.v[0]->root, params, nparams);
	cx->yaml = m->docs.v[0]->syntax == SYNTAX_YAML;
	cx->foreach = dc.foreach;
	cfn_expand_foreach(cx);
	cfn_normalize(cx, m);
	cfn_set_resolver(cx, m);
}

/* every type detection accepts (has_aws_resource) has its marker, so a walk
 * finds what naming the file finds: a template of Custom:: resources only */
static const char *const cfn_markers[] = {"AWSTemplateFormatVersion", "AWS::", "Custom::", "Alexa::", NULL};
static const char *const cfn_extensions[] = {".yaml", ".yml", ".json", ".template", NULL};

/* Nested stacks with a literal local TemplateURL (what scan.c scans inside
 * the parent); a cheap byte search first, so other templates cost nothing. */
static void cfn_deploys(const char *path, const char *buf, size_t len, const struct load_limits *lim,
			void (*add)(void *ctx, const char *path), void *ctx)
{
	static const char stack[] = "AWS::CloudFormation::Stack";
	if (!memmem(buf, len, stack, sizeof(stack) - 1))
		return;
	struct arena a;
	struct doc doc;
	struct diag err;
	arena_init(&a);
	memset(&doc, 0, sizeof(doc));
	if (load_buffer(path, buf, len, SYNTAX_AUTO, lim, &a, &doc, &err) == 0 && cfn_detect(doc.root)) {
		const struct node *res = node_get(doc.root, "Resources");
		for (uint32_t i = 0; res && res->kind == NODE_MAP && i < res->u.map.n; i++) {
			const struct node *def = res->u.map.pairs[i].value;
			const char *url = node_str(node_get(node_get(def, "Properties"), "TemplateURL"));
			if (node_str_eq(node_get(def, "Type"), stack) && url && !strstr(url, "://") &&
			    strncmp(url, "s3.", 3) != 0)
				add(ctx, url);
		}
	}
	doc_release(&doc);
	arena_release(&a);
}

const struct frontend frontend_cloudformation = {
	.name = "cloudformation",
	.markers = cfn_markers,
	.extensions = cfn_extensions,
	.detect = cfn_detect,
	.prepare = cfn_prepare,
	.release = cfn_release,
	.build = cfn_build,
	.deploys = cfn_deploys,
	.deploys_marker = "AWS::CloudFormation::Stack",
};
