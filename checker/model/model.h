/* model.h - the format-free model of one scan unit.
 *
 * A frontend (formats/) turns the unit's documents into this model; every
 * later stage (the passes below, rule evaluation, suppression, reports)
 * reads only the model and never asks which format a resource came from.
 * It holds:
 *
 *   - resources: every resource the unit declares (id, type, location,
 *     properties after resolution), plus external graph nodes for what the
 *     unit only names (a group given by a literal id, a VPC's default
 *     group, a group several instances share an address with);
 *   - edges between them, typed (a rule belongs to a group, a property
 *     refers to a resource, ...), built once by the frontend from
 *     references (the references of a resource's properties when those
 *     are first asked for: model_props);
 *   - permissions: one record per (resource, direction, protocol, port
 *     range, peer), every value resolved, with the location and the trace
 *     of the value that decided each field.
 *
 * Ownership: the model and everything it points to live in the unit's
 * arena (m->a) and die with it, except the VEC arrays and hash tables,
 * freed by model_release(). The documents are the unit's (app/scan.c) and
 * outlive the model.
 */
#ifndef SG_MODEL_H
#define SG_MODEL_H

#include <stdint.h>

#include "base/diag.h"
#include "base/hmap.h"
#include "base/netaddr.h"
#include "base/ports.h"
#include "doc/node.h"

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

/* The vocabulary a resource's type and property names follow: AWS's
 * CloudFormation resource schemas or the Terraform AWS provider's. Rules
 * name property paths per vocabulary; a frontend says which one its
 * resources use (a Terraform plan and a .tf module share one). */
enum schema { SCHEMA_CLOUDFORMATION, SCHEMA_TERRAFORM, SCHEMA_COUNT };

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

/* A node of the resource graph. */
struct resource;
struct model;

struct prop_value;
struct prop_path;

/* The alternative values of a node, in the unit's arena. */
struct model_alts {
	struct node **v;
	uint32_t n, cap;
};

/* How a unit's frontend resolves property values, on demand: a rule asks
 * about one path of one resource, and only the nodes on that path are
 * resolved (resolving every property of every resource would cost more
 * than the rest of the scan: user data, policies, tags...). */
struct model_resolver {
	/* The values node n of a resource's properties takes once deployed:
	 * usually one, several when it depends on an undecided condition.
	 * Shallow: the children of a result still need resolving. Each is a
	 * plain node, NODE_UNKNOWN (known only at deployment) or NODE_NOVALUE
	 * (absent). NULL when properties need no resolution. */
	void (*resolve)(void *ctx, struct model *m, struct node *n, struct model_alts *out);
	/* Add EDGE_REF edges for what a value found at `path` of `from` refers
	 * to: a resource, or NULL for something known only at deployment. */
	void (*refer)(void *ctx, struct model *m, const struct resource *from, const struct prop_value *v,
		      const struct prop_path *path);
	void *ctx; /* the frontend's, in the unit's arena */
};

struct resource {
	const char *id;     /* CloudFormation logical id / Terraform address; external: its name */
	const char *type;
	uint32_t type_hash; /* str_hash(type), 0 without one: rules keyed by type compare it first */
	const char *path;   /* CDK construct path or Terraform module path */
	struct loc loc;     /* its key (CFN) or its address (TF) */
	struct loc src_loc; /* a plan's resource in its .tf source (--tf-source); zero if none */
	/* Properties as the document has them; their values through
	 * props_get(), which resolves them with the model's resolver. */
	struct node *props;
	const struct suppression *supp;
	uint32_t nsupp;
	uint32_t index;     /* in model.resources (or model.externals) */
	uint8_t schema;     /* enum schema */
	uint8_t change;     /* enum change_kind (Terraform plans) */
	uint8_t deployed;   /* exists after deployment (condition, plan action) */
	uint8_t external;   /* named by the unit, not declared in it */
	uint8_t handed_out; /* the unit gives it away (an Output, a module output): used elsewhere */
	uint8_t unread_use; /* given to a part of the unit sgcheck could not read (a Terraform module not
			       available): what is done with it there is unknown */
	/* not deployed under the values given (a CloudFormation Condition
	 * decided false): why, for the summary and --verbose; NULL otherwise */
	const char *left_out;
};

enum edge_kind {
	EDGE_REF,     /* the property at `path` of `from` refers to `to` (to NULL:
			 to something known only at deployment) */
	EDGE_RULE_OF, /* a standalone rule or entry `from` belongs to group/ACL `to` */
	EDGE_KIND_COUNT,
};

struct edge {
	const struct resource *from, *to;
	uint8_t kind;          /* enum edge_kind */
	const struct prop_path *path; /* EDGE_REF: the property of `from` */
	struct loc loc;        /* where the reference is written */
};

/* One permission a union (derived world) record is made of. */
struct union_member {
	const struct resource *res; /* its declaring resource */
	const char *peer;
	struct loc loc;             /* its peer */
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
	/* The owning security group or network ACL: a graph node (declared or
	 * external), NULL when it cannot be known before deployment. */
	const struct resource *group;
	const char *group_name;    /* how the report names it */
	const char *invalid_reason;
	const char *unknown_reason;

	const struct resource *res; /* declaring resource */
	/* PEER_PREFIX_LIST: the list, when the frontend knows it is declared
	 * in the unit (else the pass looks `peer` up by id) */
	const struct resource *peer_res;

	const char *peer_key;      /* "CidrIp", "cidr_blocks"... */
	struct loc loc_rule, loc_peer, loc_ports, loc_proto, loc_desc;
	struct loc loc_invalid; /* the value AWS would reject */
	struct loc loc_group;   /* what ties it to its group (GroupId...) */
	struct loc loc_src;     /* a plan's permission in its .tf source; zero if none */
	const struct trace_step *trace_peer, *trace_ports, *trace_proto;
	/* derived: the members, in canonical order (by block, then ports,
	 * then place), so the record does not depend on declaration order */
	const struct union_member *members;
	uint32_t nmembers;
};

/* One entry of a managed prefix list declared in the unit: its CIDR as
 * written (NULL: known only at deployment, `unknown` says why). */
struct prefix_entry {
	const struct resource *list;
	const char *cidr;
	const char *unknown;
	struct loc loc;
	const struct trace_step *trace;
};

/* A value one unit passes to an input of another it deploys (a nested
 * stack's Parameters): value NULL when known only at deployment. */
struct model_input {
	const char *key;
	const char *value;
	const char *origin; /* where it was passed, for the trace */
};

/* A unit this one deploys from a local file (a CloudFormation nested
 * stack whose TemplateURL is a path): scanned with the inputs passed. */
struct model_nested {
	const char *path;  /* as written, relative to the deploying file */
	const char *file;  /* the deploying file */
	const char *via;   /* the resource that deploys it */
	struct loc loc;
	struct model_input *inputs;
	size_t ninputs;
};

struct doc;

/* Everything the pipeline learned about one scan unit before evaluation. */
struct model {
	struct arena *a;
	VEC(struct doc *) docs;            /* the unit's documents */
	VEC(struct doc *) owned_docs;      /* those a frontend loaded: released with the model */
	uint32_t files_read;               /* directory units: files read, also those that did not parse */
	VEC(struct resource *) resources;  /* declared, in document order */
	VEC(struct resource *) externals;  /* named only */
	VEC(struct permission) perms;
	VEC(struct edge) edges;
	VEC(struct prefix_entry) prefix_entries; /* the entries of the unit's prefix lists */
	VEC(struct model_nested) nested;          /* units it deploys from local files */
	/* a nested unit: the inputs its deployer passes, in place of the run's
	 * (-p) values; inputs not passed take their defaults */
	const struct model_input *inputs;
	size_t ninputs;
	int nested_unit;
	struct hmap by_id;                 /* declared resources by id */
	struct hmap external_by_name;
	diag_vec errors; /* template errors: condition cycles... */
	diag_vec notes;  /* what the unit should know: a module not available... */
	struct model_resolver resolver;
	/* incoming edges per resource, built by model_edges_in() */
	uint32_t *in_start;  /* per declared resource: first index into in_edges */
	uint32_t *in_edges;  /* edge indexes, grouped by target */
	uint32_t indexed;    /* edges.n when the index was built */
};

void model_init(struct model *m, struct arena *a);
void model_release(struct model *m);
void model_add_doc(struct model *m, struct doc *doc);
/* A document the frontend loaded itself: the model releases it. */
void model_own_doc(struct model *m, struct doc *doc);
/* The unit's document a location points into (NULL if none). */
struct doc *model_doc_of(const struct model *m, const char *file);

/* A new declared resource (zeroed but for what is given), indexed by id;
 * a second resource with the same id keeps the first in the index. */
struct resource *model_add_resource(struct model *m, const char *id, const char *type, struct loc loc,
				    int schema);
struct resource *model_find(const struct model *m, const char *id);
/* The external node named `name` of `type`, made on first use. */
struct resource *model_external(struct model *m, const char *name, const char *type, int schema);

struct permission *model_add_perm(struct model *m);
/* An entry of a prefix list the unit declares (cidr NULL: unknown, why). */
void model_add_prefix_entry(struct model *m, const struct resource *list, const char *cidr, const char *unknown,
			    struct loc loc, const struct trace_step *trace);
/* Drop the permissions from `from` on that repeat an earlier one of the
 * same resource at the same place: what the resource's worlds (undecided
 * conditions) agree on is one permission, reported once. */
void model_drop_repeats(struct model *m, size_t from);
void model_add_edge(struct model *m, const struct resource *from, const struct resource *to, int kind,
		    const struct prop_path *path, struct loc loc);
/* EDGE_REF edges for the values at `path` of every deployed resource
 * `want` holds for (once per path: the caller remembers). */
void model_add_refs_at(struct model *m, const struct prop_path *path,
		       int (*want)(const struct resource *r, const void *arg), const void *arg);
/* Incoming edges of a declared resource: *n edge indexes into m->edges
 * (the index is rebuilt when edges were added since the last call). */
const uint32_t *model_edges_in(struct model *m, const struct resource *r, uint32_t *n);

void model_error(struct model *m, struct loc loc, const char *fmt, ...) SG_PRINTF(3, 4);

const struct trace_step *trace_push(struct arena *a, const struct trace_step *next,
				    struct loc loc, const char *text);
/* Concatenate two traces (copies the first). */
const struct trace_step *trace_concat(struct arena *a, const struct trace_step *first,
				      const struct trace_step *second);

/* all traffic: protocol all, or tcp/udp over 0-65535 (SPEC 5) */
int perm_is_all_traffic(const struct permission *p);
/* Text of the ports ("22", "1024-2048", "all"); buf >= 64 bytes. */
const char *perm_ports_text(const struct permission *p, char *buf, size_t size);

#endif
