/* aws.h - what AWS makes of a rule's values, shared by every frontend so
 * that CloudFormation, Terraform plans and Terraform configuration can
 * never disagree: a CIDR, a protocol, a port range, a network ACL entry's
 * number and action, a description. Each setter fills one field of a
 * permission record and marks the record invalid (with a reason and the
 * location at fault) when AWS would reject the value.
 */
#ifndef SG_AWS_H
#define SG_AWS_H

#include "model/model.h"

/* Peer from a CIDR text; family 4 or 6 demands that family (CidrIp must be
 * IPv4), 0 accepts either. An unparsable block makes the record invalid. */
void perm_set_cidr(struct model *m, struct permission *p, const char *text, int family,
		   const char *key);
/* The same from a document value: a list or mapping is invalid too. */
void perm_set_cidr_node(struct model *m, struct permission *p, const struct node *v, int family,
			const char *key);
/* Network ACL entry number (1-32766) and action (allow/deny); anything else
 * makes the entry invalid. `action` NULL with unknown_action set: known
 * only at deployment. */
void perm_set_nacl_entry(struct model *m, struct permission *p, const struct node *number,
			 const struct node *action, int unknown_action);
/* Protocol from its text; a missing or unknown protocol is invalid. */
void perm_set_proto(struct model *m, struct permission *p, const char *text, const char *key);

/* How a port value was given. */
struct port_value {
	int state;        /* enum value_state */
	const char *text; /* VAL_KNOWN: the literal */
};
/* Ports from FromPort/ToPort (CloudFormation, Terraform, NACL). A missing
 * tcp/udp bound opens the whole range on that side; ICMP keeps type/code. */
void perm_set_ports(struct model *m, struct permission *p, struct port_value from,
		    struct port_value to, const char *from_key, const char *to_key);
void perm_set_desc(struct permission *p, int state, const char *text);
/* Mark a record AWS would reject, pointing at the value at fault. */
void perm_mark_invalid(struct permission *p, struct loc at, const char *reason);

#endif
