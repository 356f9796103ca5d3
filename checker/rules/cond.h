/* cond.h - compiled rule conditions; private to rules.c and eval.c. */
#ifndef SG_COND_H
#define SG_COND_H

#include "base/netaddr.h"
#include "doc/node.h"
#include "base/ports.h"
#include "model/props.h"

enum cond_op {
	OP_ALL,
	OP_ANY,
	OP_NOT,
	OP_DIRECTION,     /* ival: enum direction */
	OP_PROTOCOL,      /* protos */
	OP_ALL_TRAFFIC,   /* ival: expected bool */
	OP_PORTS_TOUCH,   /* ports, sets */
	OP_PORTS_OUTSIDE, /* ports, sets */
	OP_PORTS_WITHIN,  /* ports, sets */
	OP_PORTS_WIDER,   /* ival: more than N ports */
	OP_PEER,          /* peer_mask */
	OP_FAMILY,        /* ival: 4 or 6 */
	OP_PREFIX,        /* cmp, ival */
	OP_PEER_IN,       /* cidrs */
	OP_DESCRIPTION,   /* ival: 1 present, 0 missing */
	OP_MATCHES,       /* field, re */
	OP_UNRESOLVED,    /* ival: expected bool */
	OP_INVALID,       /* ival: expected bool */
	OP_IMPLICIT,      /* ival: expected bool */
	OP_DEFAULT_GROUP, /* ival: expected bool */
	OP_ACTION,        /* ival: enum rule_action */
	OP_RESOURCE_TYPE, /* strs (globs) */
	OP_FORMAT,        /* ival: 1 CloudFormation, 2 Terraform */
	OP_CHANGE,        /* ival: enum change_kind */
	/* resource rules */
	OP_PROPERTY,      /* paths, test, operands, all_of */
	OP_REFERENCED_BY, /* paths, strs: resource types (globs) */
};

/* Tests of a property value. */
enum prop_test {
	PT_TRUE, PT_NOT_TRUE, PT_FALSE, PT_MISSING, PT_PRESENT, PT_EQUALS, PT_NOT_EQUALS, PT_IN,
	PT_MATCHES, PT_NUMBER,
};

/* Peer classes and kinds, as bits of peer_mask. */
enum {
	PM_WORLD = 1, PM_PUBLIC = 2, PM_PRIVATE = 4, PM_BROAD = 8,
	PM_CIDR = 16, PM_SECURITY_GROUP = 32, PM_PREFIX_LIST = 64,
};

enum cmp_op { CMP_LT, CMP_LE, CMP_GT, CMP_GE, CMP_EQ };

/* Fields a regex can test. */
enum field_id {
	FIELD_DESCRIPTION, FIELD_RESOURCE, FIELD_RESOURCE_TYPE, FIELD_GROUP, FIELD_PEER, FIELD_FILE,
};

struct port_set_def {
	const char *name;
	const char *description;
	struct portset set;
	struct loc loc;
};

struct cond {
	int op;
	struct loc loc;
	struct cond **kids;
	size_t nkids;
	int ival;
	int cmp;
	int *protos;
	size_t nprotos;
	struct portset ports;                 /* union of the sets named */
	const struct port_set_def **sets;     /* for messages: which set */
	size_t nsets;
	unsigned peer_mask;
	struct cidr *cidrs;
	size_t ncidrs;
	int field;
	void *re; /* pcre2_code */
	const char **strs;
	size_t nstrs;
	int globs; /* strs hold glob characters (else plain strcmp) */
	/* resource rules: the property path per format */
	struct prop_path *path_cfn, *path_tf;
	int test;   /* enum prop_test */
	int all_of; /* quantifier: every value must pass (default: any) */
};

#endif
