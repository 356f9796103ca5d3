/* internal.h - what the files of the CloudFormation frontend share. */
#ifndef SG_CFN_INTERNAL_H
#define SG_CFN_INTERNAL_H

#include "formats/cloudformation/resolve.h"
#include "formats/frontend.h"

/* The per-run state: parameter values, the parameters file's values
 * first, then the command line's (later entries win). */
struct cfn_state {
	VEC(struct param_value) params;
	struct arena arena;
	struct doc params_doc; /* the parameters file: values point into it */
};

/* Read --parameters-file (create-stack or template-configuration JSON). */
void cfn_read_params_file(struct cfn_state *st, const char *path, const struct load_limits *lim,
			  diag_vec *errors);

/* Fn::ForEach (AWS::LanguageExtensions) in the Resources section,
 * expanded: cx->resources becomes the section as the transform leaves it
 * (foreach.c). */
void cfn_expand_foreach(struct cfn_ctx *cx);
/* Fn::ForEach keys are "Fn::ForEach::Name" (doc_is_loop_key()). */
#define FOREACH_PREFIX DOC_LOOP_KEY_PREFIX

/* Permissions of the template's security groups, rules and ACL entries
 * (normalize.c); the resources must be in the model already. */
void cfn_normalize(struct cfn_ctx *cx, struct model *m);

/* Make the template's resolver the model's (props.c): resource
 * properties and references are resolved with it on demand. */
void cfn_set_resolver(struct cfn_ctx *cx, struct model *m);

#endif
