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

void model_nacl_order(struct model *m);
void model_union_coverage(struct model *m);

#endif
