/* funcs.h - Terraform's built-in functions over values (values.h).
 *
 * Pure: a call reads its evaluated arguments and makes a new value in the
 * arena it is given; nothing is modified, nothing global is kept (units
 * are evaluated on several threads). Unknown arguments give unknown
 * results, except where Terraform knows more: length() of a list with
 * unknown elements, concat() and flatten() keep unknown elements in place,
 * coalesce() stops at the first known non-null, lookup() returns an unknown
 * element as it is. try() and can() are the evaluator's: they need their
 * arguments unevaluated.
 *
 * May include: base/, doc/, formats/terraform/values.h and types.h.
 */
#ifndef SG_TF_FUNCS_H
#define SG_TF_FUNCS_H

#include <stddef.h>
#include <stdint.h>

#include "doc/node.h"

struct tf_fn_env {
	struct arena *a;        /* results live here */
	struct loc at;          /* the call: new nodes get this location */
	uint64_t *budget;       /* evaluation steps left, charged per element touched */
	size_t max_string;      /* longest string a function may make (bytes) */
	size_t max_elements;    /* longest list a function may make */
	char err[256];          /* the message on TF_FN_ERROR / TF_FN_BUDGET */
};

enum tf_fn_status { TF_FN_OK, TF_FN_ERROR, TF_FN_UNKNOWN_FUNCTION, TF_FN_BUDGET };

/* Call function `name` (also "core::name"). TF_FN_ERROR where Terraform
 * would reject the plan (wrong argument count or types, element() of an
 * empty list...), with a message naming the function in env->err. */
enum tf_fn_status tf_fn_call(struct tf_fn_env *env, const char *name, struct node *const *args, uint32_t nargs,
			     struct node **out);
/* Whether the library implements `name`. */
int tf_fn_exists(const char *name);

#endif
