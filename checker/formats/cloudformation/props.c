/* props.c - the model's resolver for CloudFormation (model.h): property
 * values through the intrinsic/condition resolver, and references
 * (Ref/Fn::GetAtt of a resource) as graph edges.
 *
 * Resolution is shallow and on demand: props_get() asks for the nodes on
 * one path. Alternatives of undecided conditions all count (their
 * assumptions are not carried into resource rules).
 */
#include "formats/cloudformation/internal.h"
#include "model/props.h"

static void cfn_props_resolve(void *ctx, struct model *m, struct node *n, struct model_alts *out)
{
	struct alts alts = {0};
	cfn_resolve(ctx, n, &alts);
	out->v = arena_alloc_raw(m->a, sizeof(*out->v) * (alts.n ? alts.n : 1));
	out->n = out->cap = alts.n;
	for (uint32_t i = 0; i < alts.n; i++)
		out->v[i] = alts.v[i].v;
}

/* A value known only at deployment that a Ref/GetAtt of a resource made
 * names that resource; any other unknown names something we cannot know;
 * a literal cannot name a resource of this template. */
static void cfn_props_refer(void *ctx, struct model *m, const struct resource *from, const struct prop_value *v,
			    const struct prop_path *path)
{
	(void)ctx;
	if (v->state != VAL_UNKNOWN)
		return;
	const struct node *u = v->v;
	const struct resource *to = u && u->kind == NODE_UNKNOWN && u->u.unk.ref ? model_find(m, u->u.unk.ref) : NULL;
	model_add_edge(m, from, to, EDGE_REF, path, v->loc);
}

void cfn_set_resolver(struct cfn_ctx *cx, struct model *m)
{
	m->resolver.resolve = cfn_props_resolve;
	m->resolver.refer = cfn_props_refer;
	m->resolver.ctx = cx;
}
