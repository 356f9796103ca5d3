/* eval.h - run the compiled rule set over a file's exposure model.
 *
 * Conditions are evaluated in three-valued logic (true, false, unknown):
 * a condition about a value that is unknown before deployment is unknown,
 * `not unknown` is unknown, and a rule fires only when its condition is
 * true, so an unknown value never makes a rule match. Each firing becomes a
 * finding in the file result, with every string it shows copied out of the
 * file's arena.
 */
#ifndef SG_EVAL_H
#define SG_EVAL_H

#include "rules/finding.h"
#include "model/model.h"
#include "rules/rules.h"

void eval_file(const struct ruleset *rs, struct file_model *m, struct file_result *out);

#endif
