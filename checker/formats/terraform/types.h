/* types.h - Terraform type constraints and the conversions they make.
 *
 * The `type` of a variable block is an expression (doc/node.h): string,
 * number, bool, any, list(T), set(T), map(T), tuple([T...]),
 * object({name = T, name = optional(T, default)}), and the legacy quoted
 * "string", "list", "map". A value converts as Terraform converts it:
 * numbers and bools to strings and back, tuples to lists and sets, objects
 * to maps, optional attributes filled with their defaults; unknown stays
 * unknown, null stays null.
 *
 * May include: base/, doc/, formats/terraform/funcs.h and values.h.
 */
#ifndef SG_TF_TYPES_H
#define SG_TF_TYPES_H

#include "doc/node.h"
#include "formats/terraform/funcs.h"

struct tf_type;

/* NULL and a message when `expr` is not a type. */
const struct tf_type *tf_type_parse(struct arena *a, const struct node *expr, char *err, size_t errsize);
/* TF_FN_ERROR with a message in env->err when the value does not convert. */
enum tf_fn_status tf_convert(struct tf_fn_env *env, struct node *value, const struct tf_type *type,
			     struct node **out);
/* string, number or bool. */
int tf_type_is_primitive(const struct tf_type *t);
/* "list(string)" */
const char *tf_type_text(const struct tf_type *t, char *buf, size_t size);
/* The type constraints of the conversion functions: tostring -> string... */
const struct tf_type *tf_type_named(const char *name);

#endif
