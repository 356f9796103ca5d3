/* eval.h - run the compiled rule set over a unit's model.
 *
 * Conditions are evaluated in three-valued logic (true, false, unknown):
 * a condition about a value that is unknown before deployment is unknown,
 * `not unknown` is unknown, and a rule fires only when its condition is
 * true, so an unknown value never makes a rule match. Each firing becomes a
 * finding in the unit result, with every string it shows copied into the
 * result's arena (finding.h).
 */
#ifndef SG_EVAL_H
#define SG_EVAL_H

#include "model/model.h"
#include "rules/finding.h"
#include "rules/rules.h"

void eval_unit(const struct ruleset *rs, struct model *m, struct unit_result *out);

#endif
