/* cloudformation.h - the CloudFormation frontend (YAML and JSON templates).
 *
 * Inside this folder: resolve.c (intrinsic functions, parameters,
 * conditions), params.c (parameter values from the command line and
 * parameters files), normalize.c (security groups, rules and network ACL
 * entries into permissions), props.c (every resource's resolved properties
 * and its references, for the graph). Nothing outside includes anything
 * here but this header.
 */
#ifndef SG_CLOUDFORMATION_H
#define SG_CLOUDFORMATION_H

#include "formats/frontend.h"

extern const struct frontend frontend_cloudformation;

#endif
