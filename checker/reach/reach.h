/* reach.h - what each security group protects, and whether the internet
 * reaches it (SPEC 11).
 *
 * Built once per unit from the model after the frontend (format-free: a
 * table of resource types and the property paths that matter, in each
 * vocabulary): attachments (instances, interfaces, launch templates and
 * configurations through Auto Scaling groups, load balancers, databases,
 * ...) and the network path (subnets, route tables and their associations,
 * routes, gateways, network ACLs, public addresses). Attachments become
 * EDGE_REF edges of the model.
 *
 * reach_of() answers, for one ingress permission of a group, three-valued
 * per target (internet, unknown, internal) with the hops of the path and,
 * when a link is closed or unknown, which link. Cost: the graph is built
 * in one pass over resources and permissions; each question walks only
 * the target's own path.
 *
 * Ownership: everything lives in the model's arena (m->a).
 */
#ifndef SG_REACH_H
#define SG_REACH_H

#include "model/model.h"

enum reach_kind { REACH_NONE, REACH_INTERNAL, REACH_UNKNOWN, REACH_INTERNET, REACH_UNATTACHED };

/* "internal", "unknown", "internet", "unattached" */
const char *reach_name(int reach);

/* One resource on the way from the internet to a target. */
struct reach_hop {
	const struct resource *res;
	const char *step; /* "igw", "route", "subnet", "acl", "instance"...; NULL for the group */
	const char *note; /* "0.0.0.0/0", "public IP on launch"...; or NULL */
};

struct reach_target {
	const struct resource *res;
	int reach;           /* enum reach_kind */
	const char *reason;  /* the link that is closed or unknown (NULL: internet) */
	struct reach_hop *hops; /* internet side first, the target last */
	uint32_t nhops;
	/* what it listens on (SPEC 11: listeners, database ports), when known */
	int listen_known;
	const struct port_range *listen;
	uint32_t nlisten;
};

struct reach_exposure {
	int reach;          /* the strongest over the targets; unattached: none */
	const char *reason; /* unattached / unknown without targets: why */
	struct reach_target *targets;
	uint32_t ntargets;
};

struct reach;

struct reach *reach_build(struct model *m);
/* Frees what the arena does not hold (scratch vectors); NULL is fine. */
void reach_release(struct reach *g);
/* The exposure of an ingress security-group permission; NULL for others. */
const struct reach_exposure *reach_of(struct reach *g, const struct permission *p);
/* The same for only the permission's ports that are in `only` (SG014:
 * does the internet reach an admin or database port of it). */
const struct reach_exposure *reach_of_ports(struct reach *g, const struct permission *p, const struct portset *only);

/* `sgcheck graph`: the unit drawn (SPEC 11): internet, gateways, route
 * tables, subnets, ACLs, groups with their open ports, targets; the paths
 * the internet takes stand out. */
enum graph_format { GRAPH_MERMAID = 1, GRAPH_DOT, GRAPH_JSON };
void reach_graph(struct reach *g, int format, struct strbuf *out);

#endif
