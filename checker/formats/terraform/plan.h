/* plan.h - the Terraform plan and state frontends (`terraform show -json`
 * of a plan or of a state; the same documents converted to YAML too).
 *
 * Plans: every managed resource in resource_changes that will exist after
 * apply (create, update, no-op, replace; not delete-only), read from
 * change.after with change.after_unknown marking what is known only after
 * apply; the exposure each plan adds is marked by normalizing change.before
 * the same way. States (and plans without resource_changes):
 * values.root_module and its child_modules, to any depth. Addresses keep
 * module paths and count/for_each indexes. Rules tie to their group by id,
 * or, when the id is unknown, through the configuration section's
 * references (aws_security_group.web.id, module outputs).
 */
#ifndef SG_TF_PLAN_H
#define SG_TF_PLAN_H

#include "formats/frontend.h"

extern const struct frontend frontend_terraform_plan;
extern const struct frontend frontend_terraform_state;

#endif
