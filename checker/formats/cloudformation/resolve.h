/* resolve.h - CloudFormation values as they will be once deployed
 * (private to formats/cloudformation/).
 *
 * Resolving a node gives a set of alternatives: usually one, several when a
 * value depends on an undecided condition (both Fn::If branches count), on
 * a parameter known only by its AllowedValues, or on an unknown FindInMap
 * key. Each alternative carries the conditions it assumes (so the
 * IsProd=true branch of one property is never paired with the IsProd=false
 * branch of another) and the trace of how it was obtained.
 *
 * Values that cannot be known before deployment become NODE_UNKNOWN with a
 * reason; AWS::NoValue becomes NODE_NOVALUE. Resolution is shallow: a
 * mapping or list result still holds unresolved children.
 */
#ifndef SG_RESOLVE_H
#define SG_RESOLVE_H

#include "doc/node.h"
#include "model/model.h"

enum tri { TRI_FALSE = 0, TRI_TRUE = 1, TRI_UNKNOWN = 2 };

#define RESOLVE_MAX_ALTS 64

/* One choice a value depends on: a condition's truth (cond = its name,
 * pick NULL), or which value an undecided input took (cond = "Ref:Name"
 * for a parameter known by its AllowedValues, "Key:<reason>" for an
 * unknown Fn::FindInMap key; pick = the value taken). Two alternatives
 * that choose differently for the same cond never meet in one world. */
struct assume {
	const char *cond;
	uint8_t value;
	const char *pick;
	const struct assume *next;
};

struct alt {
	struct node *v;
	const struct assume *as;
	const struct trace_step *tr;
};

struct alts {
	struct alt *v;
	uint32_t n, cap;
};

struct param_value {
	const char *key;
	const char *value;
	const char *origin; /* "file:line" of a parameters file, NULL for --parameter */
};

struct cfn_ctx {
	struct arena *a;
	struct model *m; /* where template errors go */
	/* the template's sections, keys hashed once (.map is the section) */
	struct node_index params, mappings, conditions, resources;
	const struct param_value *overrides; /* --parameter, --parameters-file */
	size_t noverrides;
	uint8_t *cond_state; /* per Conditions entry: see resolve.c */
	struct node *novalue; /* what an absent property resolves to (shared, never modified) */
	uint32_t depth;
	const char *getatt_stack[16]; /* resources whose properties are being resolved */
	uint32_t getatt_depth;
	const char *cycle_seen[64];   /* resources of the GetAtt cycles reported so far */
	uint32_t ncycle_seen;
	int nesting_reported;
	int yaml; /* the template is YAML: plain numbers are read both ways (resolve.c) */
	int foreach; /* an Fn::ForEach key is somewhere in the template (foreach.c expands them) */
	const struct node *two_readings_noted[32]; /* scalars the note about was given for */
	uint32_t ntwo_readings_noted;
};

void cfn_ctx_init(struct cfn_ctx *c, struct model *m, const struct node *root,
		  const struct param_value *overrides, size_t noverrides);

/* The definition of resource `id` in Resources, or NULL. */
const struct node *cfn_resource(const struct cfn_ctx *c, const char *id);

/* Resolve n (NULL = absent property = NOVALUE) into its alternatives. */
void cfn_resolve(struct cfn_ctx *c, struct node *n, struct alts *out);
/* Decide a named condition: true, false or unknown. */
int cfn_condition(struct cfn_ctx *c, const char *name, struct loc at);

/* Merge two assumption sets; -1 when they contradict. */
int assume_merge(struct arena *a, const struct assume *x, const struct assume *y,
		 const struct assume **out);

#endif
