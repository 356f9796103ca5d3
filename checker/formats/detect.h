/* detect.h - what kind of document is this?
 *
 * Detection looks at the document, not at the file name or syntax: a
 * Terraform plan converted to YAML is still a plan.
 */
#ifndef SG_DETECT_H
#define SG_DETECT_H

#include <stddef.h>

#include "doc/node.h"

/* enum file_format (model.h) */
int detect_format(const struct node *root);

/* Cheap look at raw bytes: could this file be meant as IaC? Used to decide
 * whether a file that does not parse, found in a directory walk, is an
 * error (a broken template) or noise (a Helm chart, a Jinja template). */
int detect_looks_like_iac(const char *text, size_t len);

/* File names a directory walk considers. */
int detect_candidate_name(const char *path);

#endif
