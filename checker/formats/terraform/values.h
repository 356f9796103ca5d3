/* values.h - Terraform values as document nodes, shared by the function
 * library (funcs.h), type conversion (types.h) and the configuration
 * evaluator (formats/tfconfig/).
 *
 * A value is a node: NODE_NULL, NODE_BOOL (NODE_F_TRUE when true),
 * NODE_NUM (text: the canonical decimal Terraform shows: "22", "-1",
 * "0.5"), NODE_STR, NODE_SEQ (list or tuple; NODE_F_SET: a set, its
 * elements unique and in set order), NODE_MAP (map or object, keys in
 * lexical order), NODE_UNKNOWN (known only after apply; u.unk.ref names a
 * resource when a reference made it). Values are never modified once made:
 * results may share subtrees with arguments.
 *
 * May include: base/, doc/.
 */
#ifndef SG_TF_VALUES_H
#define SG_TF_VALUES_H

#include <stdint.h>

#include "doc/node.h"

/* A number's value: *is_int with the exact integer in *i when it is one
 * that fits int64, else the double. 0 on success, -1 when not a number. */
int tfv_num(const struct node *v, double *d, int64_t *i, int *is_int);
struct node *tfv_int(struct arena *a, struct loc at, int64_t v);
struct node *tfv_double(struct arena *a, struct loc at, double v);
struct node *tfv_bool(struct arena *a, struct loc at, int v);
struct node *tfv_str(struct arena *a, struct loc at, const char *s, size_t n);
struct node *tfv_strz(struct arena *a, struct loc at, const char *s);
struct node *tfv_null(struct arena *a, struct loc at);
struct node *tfv_list(struct arena *a, struct loc at, struct node **items, uint32_t n);
/* An object/map from pairs (copied, sorted by key; a later duplicate wins). */
struct node *tfv_object(struct arena *a, struct loc at, struct node_pair *pairs, uint32_t n);
/* A set from elements: duplicates dropped, in set order. */
struct node *tfv_set(struct arena *a, struct loc at, struct node **items, uint32_t n);

int tfv_is_unknown(const struct node *v);
/* Unknown anywhere inside (an element, an attribute). */
int tfv_has_unknown(const struct node *v);
/* "string", "number", "bool", "list", "set", "object", "null", "unknown". */
const char *tfv_type_name(const struct node *v);

/* Deep equality as Terraform's ==: 1, 0, or -1 when unknown decides. */
int tfv_equal(const struct node *a, const struct node *b);
/* Order of set elements and sort(): strings lexical, numbers ascending,
 * bools false first; a total order over any two values. */
int tfv_compare(const struct node *a, const struct node *b);

/* The text of a primitive (string, number, bool) for string conversion;
 * NULL for anything else. */
const char *tfv_text(const struct node *v);

#endif
