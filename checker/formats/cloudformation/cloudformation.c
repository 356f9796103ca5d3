/* cloudformation.c - the CloudFormation frontend's table entry: detection,
 * the per-run parameter values, and the build of a template's model. */
#include "formats/cloudformation/cloudformation.h"

#include <stdlib.h>
#include <string.h>

#include "doc/load.h"
#include "formats/cloudformation/internal.h"

static int has_aws_resource(const struct node *resources)
{
	if (!resources || resources->kind != NODE_MAP)
		return 0;
	for (uint32_t i = 0; i < resources->u.map.n; i++) {
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

static void cfn_build(const void *state, struct model *m)
{
	const struct cfn_state *st = state;
	/* in the unit's arena: resource properties are resolved with it later */
	struct cfn_ctx *cx = arena_alloc(m->a, sizeof(*cx));
	cfn_ctx_init(cx, m, m->docs.v[0]->root, st ? st->params.v : NULL, st ? st->params.n : 0);
	cfn_normalize(cx, m);
	cfn_set_resolver(cx, m);
}

static const char *const cfn_markers[] = {"AWSTemplateFormatVersion", "AWS::", NULL};
static const char *const cfn_extensions[] = {".yaml", ".yml", ".json", ".template", NULL};

const struct frontend frontend_cloudformation = {
	.name = "cloudformation",
	.markers = cfn_markers,
	.extensions = cfn_extensions,
	.detect = cfn_detect,
	.prepare = cfn_prepare,
	.release = cfn_release,
	.build = cfn_build,
};
