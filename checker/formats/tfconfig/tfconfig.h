/* tfconfig.h - the Terraform configuration frontend: a module directory
 * of .tf and .tf.json files, the local modules it calls, its variables
 * (defaults, TF_VAR_*, tfvars, --var-file, --var), evaluated with
 * Terraform's semantics (SPEC 10). Only this header is included from
 * outside formats/tfconfig/.
 */
#ifndef SG_TFCONFIG_H
#define SG_TFCONFIG_H

#include "formats/frontend.h"

extern const struct frontend frontend_terraform_config;

#endif
