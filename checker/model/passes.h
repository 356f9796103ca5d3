/* passes.h - format-independent passes over a unit's model, run after the
 * frontend and before evaluation:
 *
 *   - network ACL rule-number order: a lower-numbered deny shadows (part
 *     of) a later allow for the same traffic of the same ACL;
 *   - union coverage: CIDR blocks of one group and direction that together
 *     cover an address family for the same traffic are world (a derived
 *     permission stands for them).
 */
#ifndef SG_PASSES_H
#define SG_PASSES_H

#include "model/model.h"

/* Prefix lists declared in the unit are their entries: a permission whose
 * peer is such a list becomes one permission per entry CIDR (so a list
 * holding 0.0.0.0/0 is world, and entries can add up to a union). A list
 * the unit does not declare, or declares without entries, stays a list. */
void model_prefix_lists(struct model *m);
void model_nacl_order(struct model *m);
void model_union_coverage(struct model *m);

#endif
