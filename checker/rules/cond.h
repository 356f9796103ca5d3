/* cond.h - compiled rule conditions; private to rules.c and eval.c.
 *
 * The vocabulary (which keys exist, what they test, how they compile) is
 * the table in conds.def; this header turns it into the operator enum and
 * declares the compiled form both files share.
 */
#ifndef SG_COND_H
#define SG_COND_H

#include "base/netaddr.h"
#include "base/ports.h"
#include "doc/node.h"
#include "model/model.h"
#include "model/props.h"

enum cond_op {
#define COND(key, subjects, compile, words, flags) OP_##key,
#include "rules/conds.def"
#undef COND
	OP_COUNT
};

/* conds.def's flags */
enum { SEES_INVALID = 1, SEES_IMPLICIT = 2, SEES_DERIVED = 4 };

/* ports: {touches|outside|within|wider_than: ...} (in cond.ival2) */
enum ports_test { PORTS_TOUCH, PORTS_OUTSIDE, PORTS_WITHIN, PORTS_WIDER };

/* Tests of a property value. */
enum prop_test {
	PT_TRUE, PT_NOT_TRUE, PT_FALSE, PT_MISSING, PT_PRESENT, PT_EQUALS, PT_NOT_EQUALS, PT_IN,
	PT_MATCHES, PT_NUMBER,
	PT_WORLD, /* a CIDR whose prefix length is 0, in any spelling (SPEC 5) */
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
	int op;   /* enum cond_op */
	struct loc loc;
	struct cond **kids;
	size_t nkids;
	int ival;
	int cmp;  /* enum cmp_op; ports: enum ports_test */
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
	/* resource rules: the property path in each vocabulary (NULL: the rule
	 * names none for it) */
	const struct prop_path *paths[SCHEMA_COUNT];
	int test;   /* enum prop_test */
	int all_of; /* quantifier: every value must pass (default: any) */
};

#endif
