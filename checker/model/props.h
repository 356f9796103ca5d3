/* props.h - resource property values for resource rules and the graph:
 * "which values does this resource have at this path once deployed".
 *
 * The walk knows no format: it resolves each node on the path through the
 * model's resolver (model.h), which its frontend set, and reads the results
 * (UNKNOWN for what deployment decides, NOVALUE/NULL for absent, ALT for
 * alternatives a frontend resolved already).
 */
#ifndef SG_PROPS_H
#define SG_PROPS_H

#include "model/model.h"

enum prop_seg_kind { SEG_KEY, SEG_INDEX, SEG_ANY };

struct prop_seg {
	uint8_t kind;
	int32_t index;
	const char *key;
};

/* "BlockDeviceMappings[*].Ebs.Encrypted", "root_block_device[0].encrypted" */
struct prop_path {
	const char *text;
	struct prop_seg *seg;
	uint32_t n;
};

/* 0 on success, -1 if the text is not a path. */
int prop_path_parse(struct arena *a, const char *text, struct prop_path *out);

struct prop_value {
	const struct node *v; /* VAL_KNOWN: the value */
	uint8_t state;        /* VAL_KNOWN, VAL_ABSENT (the key is missing), VAL_UNKNOWN */
	struct loc loc;       /* its key, or the mapping that lacks it */
};

typedef VEC(struct prop_value) prop_values;

/* Every value of r at path (wildcards expand; alternatives all count). A
 * missing final key is one VAL_ABSENT value; a missing intermediate key
 * gives nothing. */
void props_get(struct model *m, const struct resource *r, const struct prop_path *path, prop_values *out);

#endif
