/* node.h - the document tree both loaders produce.
 *
 * YAML and JSON become the same tree: null, bool, number, string, sequence,
 * mapping. Every node and every mapping key carries its 1-based source
 * location. CloudFormation short-form tags (!Ref, !Sub...) are rewritten by
 * the YAML loader into the long form ({"Fn::Sub": ...}) so later stages see
 * one shape. The resolver adds two synthetic kinds: UNKNOWN (a value only
 * known after deployment) and NOVALUE (AWS::NoValue: remove the property).
 *
 * All nodes live in the arena of the file they were read from.
 */
#ifndef SG_NODE_H
#define SG_NODE_H

#include <stddef.h>
#include <stdint.h>

#include "base/diag.h"
#include "base/util.h"

enum node_kind {
	NODE_NULL,
	NODE_BOOL,
	NODE_NUM,
	NODE_STR,
	NODE_SEQ,
	NODE_MAP,
	NODE_UNKNOWN,
	NODE_NOVALUE,
};

enum {
	NODE_F_QUOTED = 1,    /* YAML quoted/block scalar: never typed */
	NODE_F_SHORT_TAG = 2, /* created from a YAML short-form tag (!Ref) */
	NODE_F_TRUE = 4,      /* NODE_BOOL value */
};

struct node;

struct node_pair {
	const char *key;
	struct loc key_loc;
	struct node *value;
};

struct node {
	uint8_t kind;
	uint8_t flags;
	uint32_t len; /* scalars: byte length of text */
	struct loc loc;
	const char *text; /* scalars: the literal text; UNKNOWN: reason */
	union {
		struct {
			struct node **items;
			uint32_t n;
		} seq;
		struct {
			struct node_pair *pairs;
			uint32_t n;
		} map;
		struct {
			const char *ref;  /* resource a Ref/GetAtt points at */
			const char *attr; /* GetAtt attribute, or NULL for Ref */
		} unk;
	} u;
};

/* A loaded file. */
struct doc {
	const char *file;   /* path as the user gave it */
	const char *buf;    /* UTF-8 text the locations refer to */
	size_t len;
	struct node *root;  /* NULL for an empty document */
	int syntax;         /* enum syntax (load.h) */
	int ascii;          /* only ASCII: a column is a byte offset */
	uint32_t *line_starts; /* lazily built by doc_line() */
	uint32_t nlines;
	struct arena *arena;
	char *owned_buf;    /* converted text (UTF-16 input), freed by doc_release() */
	char *input_buf;    /* input handed over to the doc, freed by doc_release() */
};

int node_is_scalar(const struct node *n);
/* Mapping lookup; the last duplicate key wins, as in CloudFormation. */
struct node *node_get(const struct node *map, const char *key);
const struct node_pair *node_get_pair(const struct node *map, const char *key);
/* Text of a scalar (string, number, bool); NULL otherwise. */
const char *node_str(const struct node *n);
int node_str_eq(const struct node *n, const char *s);
/* Integer value of a number or numeric string; 0 on success. */
int node_int(const struct node *n, int64_t *out);
/* Bool value of a bool or "true"/"false" string; 0 on success. */
int node_bool(const struct node *n, int *out);
const char *node_kind_name(int kind);

struct node *node_new(struct arena *a, int kind, struct loc loc);
struct node *node_new_str(struct arena *a, struct loc loc, const char *s, size_t n);
struct node *node_new_unknown(struct arena *a, struct loc loc, const char *reason);
struct node *node_new_seq(struct arena *a, struct loc loc, struct node **items, uint32_t n);
/* A one-key mapping {key: value}, e.g. the long form of a short tag. */
struct node *node_new_map1(struct arena *a, struct loc loc, const char *key, struct node *value);

/* The source line `line` (1-based) of doc, without its newline. */
const char *doc_line(struct doc *d, uint32_t line, size_t *len);

#endif
