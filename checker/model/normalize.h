/* normalize.h - documents into the exposure model.
 *
 * One normalizer per format fills a file_model with resources and
 * permission records; the helpers below hold the AWS semantics that both
 * formats share (what a CIDR, a protocol or a port range means), so that
 * CloudFormation and Terraform can never disagree about them.
 */
#ifndef SG_NORMALIZE_H
#define SG_NORMALIZE_H

#include "model/model.h"
#include "formats/cloudformation/resolve.h"

struct normalize_opts {
	const struct param_value *params; /* CloudFormation parameter values */
	size_t nparams;
};

void normalize_cfn(struct file_model *m, const struct normalize_opts *o);
void normalize_tf(struct file_model *m, const struct normalize_opts *o);

/* Terraform: the resource (address without index) that the configuration
 * of `address` refers to in attribute `attr` (through module outputs), or
 * NULL; and an address without its last index. */
const char *tf_reference_target(struct file_model *m, const char *address, const char *attr);
const char *tf_base_address(struct arena *a, const char *address);

/* ---- shared AWS semantics --------------------------------------------- */

/* Peer from a CIDR text; family 4 or 6 demands that family (CidrIp must be
 * IPv4), 0 accepts either. An unparsable block makes the record invalid. */
void perm_set_cidr(struct file_model *m, struct permission *p, const char *text, int family,
		   const char *key);
/* The same from a document value: a list or mapping is invalid too. */
void perm_set_cidr_node(struct file_model *m, struct permission *p, const struct node *v, int family,
			const char *key);
/* Network ACL entry number (1-32766) and action (allow/deny); anything else
 * makes the entry invalid. `action` NULL with unknown_action set: known
 * only at deployment. */
void perm_set_nacl_entry(struct file_model *m, struct permission *p, const struct node *number,
			 const struct node *action, int unknown_action);
/* Protocol from its text; a missing or unknown protocol is invalid. */
void perm_set_proto(struct file_model *m, struct permission *p, const char *text, const char *key);

/* How a port value was given. */
struct port_value {
	int state;        /* enum value_state */
	const char *text; /* VAL_KNOWN: the literal */
};
/* Ports from FromPort/ToPort (CloudFormation, Terraform, NACL). A missing
 * tcp/udp bound opens the whole range on that side; ICMP keeps type/code. */
void perm_set_ports(struct file_model *m, struct permission *p, struct port_value from,
		    struct port_value to, const char *from_key, const char *to_key);
void perm_set_desc(struct permission *p, int state, const char *text);
/* Mark a record AWS would reject, pointing at the value at fault. */
void perm_mark_invalid(struct permission *p, struct loc at, const char *reason);

/* Concatenate two traces (copies the first). */
const struct trace_step *trace_concat(struct arena *a, const struct trace_step *first,
				      const struct trace_step *second);

#endif
