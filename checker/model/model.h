/* model.h - the exposure model: what a file will grant once deployed.
 *
 * Normalizers (CloudFormation, Terraform) turn documents into permission
 * records; the evaluator reads only these records, never YAML or JSON. One
 * permission is one (resource, direction, protocol, port range, peer) after
 * every value has been resolved. Everything lives in the file's arena.
 */
#ifndef SG_MODEL_H
#define SG_MODEL_H

#include <stdint.h>

#include "doc/load.h"
#include "base/netaddr.h"

struct cfn_ctx;
#include "doc/node.h"
#include "base/ports.h"

enum direction { DIR_INGRESS, DIR_EGRESS };

enum perm_scope {
	SCOPE_SECURITY_GROUP, /* security group rules */
	SCOPE_NETWORK_ACL,    /* network ACL entries */
};

enum peer_kind {
	PEER_CIDR,
	PEER_SECURITY_GROUP,
	PEER_PREFIX_LIST,
	PEER_UNKNOWN,
	PEER_INVALID,
};

enum value_state { VAL_KNOWN, VAL_ABSENT, VAL_UNKNOWN, VAL_INVALID };

enum change_kind { CHANGE_NONE, CHANGE_NEW, CHANGE_EXISTING };

enum rule_action { ACTION_ALLOW, ACTION_DENY, ACTION_UNKNOWN };

enum file_format { FMT_NONE, FMT_CLOUDFORMATION, FMT_TF_PLAN, FMT_TF_STATE };

/* One step of the chain that produced a value: "!Ref SshSource",
 * "Parameters.SshSource.Default". Steps share tails, so a chain is cheap. */
struct trace_step {
	const char *text;
	struct loc loc;
	const struct trace_step *next;
};

struct suppression {
	const char *rule;   /* rule id, or a glob */
	const char *reason;
	struct loc loc;
};

/* A resource of the scanned file, for counting, suppressions and
 * resource rules. */
struct resource {
	const char *id;     /* CloudFormation logical id / Terraform address */
	const char *type;
	const char *path;   /* CDK construct path or Terraform module path */
	struct loc loc;     /* its key (CFN) or its address (TF) */
	struct node *props; /* Properties / values */
	const struct node *unknown; /* Terraform after_unknown of props */
	const struct suppression *supp;
	uint32_t nsupp;
	uint8_t change;     /* enum change_kind (Terraform plans) */
	uint8_t deployed;   /* exists after deployment (condition, plan action) */
};

struct permission {
	uint8_t scope;     /* enum perm_scope */
	uint8_t direction; /* enum direction */
	uint8_t peer_kind; /* enum peer_kind */
	uint8_t ports_state; /* enum value_state */
	uint8_t desc_state;  /* enum value_state: ABSENT also for "" */
	uint8_t change;      /* enum change_kind */
	uint8_t implicit : 1;      /* AWS adds it, the template does not say it */
	uint8_t invalid : 1;       /* AWS would reject it */
	uint8_t default_group : 1; /* on a VPC's default security group */
	uint8_t derived : 1;       /* made up of others (union coverage) */
	uint8_t partial : 1;       /* some of its traffic is shadowed (NACL) */
	uint8_t action;            /* enum rule_action: NACL entries */

	int proto;                 /* PROTO_* or a number */
	int32_t from_port, to_port; /* as written (ICMP: type and code) */
	const struct port_range *ranges; /* effective tcp/udp ports */
	uint32_t nranges;
	int32_t rule_number;       /* NACL */

	struct cidr cidr;          /* PEER_CIDR */
	const char *peer;          /* as written, or the referenced resource */
	const char *description;
	const char *group;         /* owning security group or network ACL */
	const char *invalid_reason;
	const char *unknown_reason;

	const struct resource *res; /* declaring resource */

	const char *peer_key;      /* "CidrIp", "cidr_blocks"... */
	struct loc loc_rule, loc_peer, loc_ports, loc_proto, loc_desc;
	struct loc loc_invalid; /* the value AWS would reject */
	struct loc loc_group;   /* what ties it to its group (GroupId...) */
	const struct trace_step *trace_peer, *trace_ports, *trace_proto;
};

/* Everything the pipeline learned about one file before evaluation. */
struct file_model {
	struct doc *doc;
	int format; /* enum file_format */
	struct arena *arena;
	VEC(struct permission) perms;
	VEC(struct resource *) resources;
	diag_vec errors; /* template errors: condition cycles... */
	struct cfn_ctx *cfn;     /* CloudFormation resolver, for resource rules */
};

void model_init(struct file_model *m, struct doc *doc, struct arena *a);
void model_release(struct file_model *m);
struct permission *model_add_perm(struct file_model *m);
void model_error(struct file_model *m, struct loc loc, const char *fmt, ...) SG_PRINTF(3, 4);

const struct trace_step *trace_push(struct arena *a, const struct trace_step *next,
				    struct loc loc, const char *text);

/* all traffic: protocol all, or tcp/udp over 0-65535 (SPEC 5) */
int perm_is_all_traffic(const struct permission *p);
/* Text of the ports ("22", "1024-2048", "all"); buf >= 64 bytes. */
const char *perm_ports_text(const struct permission *p, char *buf, size_t size);

/* Format-independent passes run after a normalizer:
 * union coverage (blocks that together cover a family are world) and
 * network ACL rule-number order (lower-numbered denies shadow allows). */
void model_union_coverage(struct file_model *m);
void model_nacl_order(struct file_model *m);

#endif
