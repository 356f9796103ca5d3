/* internal.h - the reach layer's own: the table of resource types it knows
 * (types.c) and the graph it builds from them (reach.c). */
#ifndef SG_REACH_INTERNAL_H
#define SG_REACH_INTERNAL_H

#include "reach/reach.h"

/* What a resource is to the network path. */
enum rkind {
	RK_NONE,
	/* targets: what a group protects */
	RK_INSTANCE, RK_ENI, RK_LAUNCH, RK_ASG, RK_LB, RK_DB, RK_SERVICE,
	/* ties */
	RK_SG_ATTACH, RK_EIP, RK_LISTENER, RK_SUBNET_GROUP,
	/* the network */
	RK_VPC, RK_SUBNET, RK_RT, RK_RT_ASSOC, RK_MAIN_RT, RK_ROUTE, RK_IGW, RK_IGW_ATTACH,
	RK_NACL, RK_DEFAULT_NACL, RK_NACL_ASSOC,
};

/* How a target gets a public address (SPEC 11, link 1). */
enum pub_mode {
	PUB_NEVER,      /* ElastiCache, EFS, Lambda, EKS, OpenSearch VPC domains */
	PUB_SUBNET,     /* the flag, else the subnet's MapPublicIpOnLaunch; or an Elastic IP */
	PUB_EIP,        /* network interfaces: an Elastic IP only */
	PUB_FLAG,       /* the flag, else pub_default */
	PUB_FLAG_DB,    /* the flag, else false with a subnet group, else unknown */
};

/* One resource type, in its own vocabulary. Paths are "|"-separated
 * alternatives in props.h syntax; NULL when the type has none. */
struct rtype {
	const char *type;
	uint8_t kind;     /* enum rkind */
	uint8_t pub;      /* enum pub_mode */
	uint8_t pub_default; /* PUB_FLAG: public when the flag is absent */
	uint8_t invert;   /* the flag says "internal" */
	const char *label;   /* how a path names it: "instance", "load balancer" */
	const char *groups;  /* security groups it uses */
	const char *subnets; /* subnets it lives in */
	const char *link;    /* the resource it ties to (ASG: launch template; route: route table...) */
	const char *link2;   /* a second one (association: the subnet; EIP: the interface) */
	const char *vpc;
	const char *flag;    /* public address flag (or route: IPv4 destination) */
	const char *flag_yes; /* the string value that means yes; NULL: a boolean */
	const char *flag6;   /* IPv6 address (count, list or flag) (route: IPv6 destination) */
	const char *flag6_yes; /* the string value of flag6 that means yes; NULL: count, list or boolean */
	const char *port;    /* listening port (listener, database) */
	const char *engine;  /* what decides the default port */
	int32_t port_default;
	const char *routes;  /* inline routes (Terraform aws_route_table) */
	const char *gateway; /* route: the gateway that may be an internet gateway */
};

/* What graph.c reads of a built graph (reach.c). */
struct model *reach_model(const struct reach *g);
const struct rtype *reach_rtype(const struct reach *g, const struct resource *r);

/* The row of a type, or NULL; hash is str_hash(type) (a resource's
 * type_hash). */
const struct rtype *rtype_of_hashed(const char *type, uint32_t hash);
/* A database engine's default port (0: unknown). */
int32_t rtype_engine_port(const char *engine);

#endif
