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

struct strbuf;

/* Evaluate one expression in the root module of `dir` (its variables with
 * their defaults and tfvars, its locals) and write the value as
 * jsonencode() would, "unknown", or "error: ..." (then -1). For tests and
 * the differential against `terraform console`. */
int tfc_eval_text(const char *dir, const char *expr, struct strbuf *out);

#endif
