/* provider.h - the Terraform AWS provider's network rules, shared by the
 * plan/state frontend and the configuration frontend (formats/tfconfig/):
 * aws_security_group (inline blocks), aws_default_security_group,
 * aws_security_group_rule, aws_vpc_security_group_ingress/egress_rule,
 * aws_network_acl (inline), aws_default_network_acl, aws_network_acl_rule
 * into permissions, tied to their groups; references into graph edges.
 *
 * Implemented in plan.c, next to what plans add (actions, after_unknown,
 * the configuration section, the change delta).
 */
#ifndef SG_TF_PROVIDER_H
#define SG_TF_PROVIDER_H

#include "model/model.h"

/* A resource instance of a configuration, with its values (attributes,
 * nested blocks as lists of objects; unknowns are NODE_UNKNOWN nodes, a
 * reference's unknown names the instance in u.unk.ref). An instance may
 * come several times (once per world of undecided conditions). */
struct tf_instance {
	struct resource *res;
	struct node *values;
};

/* Where a configuration's values came from, for findings. */
struct tf_sources {
	/* How a value was obtained (var.x <- terraform.tfvars:3), or NULL. */
	const struct trace_step *(*trace_of)(const void *ctx, const struct node *v);
	const void *ctx;
};

/* A configuration's values of one resource with the attributes the
 * provider computes when they are not set (aws_ebs_volume's and an
 * instance's block devices' `encrypted`: the account's default EBS
 * encryption) unknown, as a plan's after_unknown has them. */
struct node *tf_provider_computed(struct arena *a, const char *type, struct node *values);

/* The permissions of the instances, and the model's resolver for their
 * references. Findings point at the attributes (their keys' locations). */
void tf_provider_normalize(struct model *m, const struct tf_instance *in, size_t n, const struct tf_sources *src);

#endif
