/* node.h - the document tree every loader produces.
 *
 * YAML and JSON become the same tree: null, bool, number, string, sequence,
 * mapping. Every node and every mapping key carries its 1-based source
 * location. CloudFormation short-form tags (!Ref, !Sub...) are rewritten by
 * the YAML loader into the long form ({"Fn::Sub": ...}) so later stages see
 * one shape. Resolvers add synthetic kinds: UNKNOWN (a value only known
 * after deployment), NOVALUE (AWS::NoValue: remove the property) and ALT
 * (alternatives that depend on an undecided condition).
 *
 * HCL (Terraform configuration) becomes the same tree too, in the shape of
 * its JSON syntax, so that `.tf` and `.tf.json` read alike:
 *
 *   - a body is a NODE_MAP flagged NODE_F_BODY whose pairs, in source order,
 *     are its attributes and blocks (a block type may repeat);
 *   - an attribute is a pair: key = name, value = its expression;
 *   - a block is a pair: key = block type, value = its body, or for each
 *     label one NODE_MAP flagged NODE_F_LABEL holding one pair (key = the
 *     label) whose value is the next label level or the body:
 *         resource "aws_security_group" "web" { ... }  =>
 *         resource: LABEL{aws_security_group: LABEL{web: BODY{...}}}
 *   - literals are NODE_NULL, NODE_BOOL, NODE_NUM (text as written; a
 *     negated numeric literal is folded: "-1") and NODE_STR (a quoted string
 *     or heredoc without interpolation or directives);
 *   - every other expression is a NODE_EXPR: its operator (enum expr_op) in
 *     `len`, its operands in u.seq (an operand may be NULL where the table
 *     below says so), a name in `text` where the operator has one.
 *
 * All nodes live in the arena of the file they were read from, or of the
 * scan unit that built them.
 */
#ifndef SG_NODE_H
#define SG_NODE_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "base/diag.h"
#include "base/hmap.h"
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
	NODE_EXPR, /* an HCL expression, not evaluated: see enum expr_op */
	NODE_ALT,  /* resolved properties: alternative values (u.seq), any may hold */
	NODE_REF,  /* an evaluator's value standing for a resource instance:
		      text = its address, u.ref.target = the evaluator's record */
};

enum {
	NODE_F_QUOTED = 1,    /* YAML quoted/block scalar: never typed; HCL quoted string */
	NODE_F_SHORT_TAG = 2, /* created from a YAML short-form tag (!Ref) */
	NODE_F_TRUE = 4,      /* NODE_BOOL value */
	NODE_F_BODY = 8,      /* NODE_MAP: an HCL body (attributes and blocks) */
	NODE_F_LABEL = 16,    /* NODE_MAP: one label level of an HCL block */
	NODE_F_EXPAND = 32,   /* EXPR_CALL: last argument expanded (f(x...));
				 EXPR_FOR object form: grouping (k => v...) */
	NODE_F_SET = 64,      /* NODE_SEQ value: a set (Terraform toset()) */
	NODE_F_PRIVATE = 128, /* free for one stage's own marks (never across stages) */
};

/* HCL expression operators (NODE_EXPR; operator in node.len, operands in
 * u.seq.items[0..n)). Locations are where the expression starts. */
enum expr_op {
	EXPR_TEMPLATE = 1, /* parts: NODE_STR literals and expressions, joined as
			      strings; "${x}" alone (one part, no literal text)
			      keeps x's value as it is */
	EXPR_TEMPLATE_IF,  /* [cond, then (EXPR_TEMPLATE), else (EXPR_TEMPLATE or NULL)] */
	EXPR_TEMPLATE_FOR, /* [key var (NODE_STR) or NULL, value var (NODE_STR),
			      collection, body (EXPR_TEMPLATE)] */
	EXPR_VAR,          /* text: a root name: var, local, each, count, path,
			      module, data, aws_instance... (no operands) */
	EXPR_GETATTR,      /* [object]; text: attribute name */
	EXPR_INDEX,        /* [collection, key] (also the legacy x.0 form) */
	EXPR_SPLAT,        /* [source, each]: `each` applies to every element,
			      which EXPR_SPLAT_ITEM stands for inside it */
	EXPR_SPLAT_ITEM,   /* the current element of the enclosing splat */
	EXPR_CALL,         /* text: function name (also "provider::p::f"); the arguments */
	EXPR_NEG,          /* [operand] */
	EXPR_NOT,          /* [operand] */
	EXPR_MUL, EXPR_DIV, EXPR_MOD, EXPR_ADD, EXPR_SUB, /* [left, right] */
	EXPR_LT, EXPR_LE, EXPR_GT, EXPR_GE, EXPR_EQ, EXPR_NE,
	EXPR_AND, EXPR_OR,
	EXPR_COND,         /* [cond, then, else] */
	EXPR_FOR,          /* [key var (NODE_STR) or NULL, value var (NODE_STR),
			      collection, key expr (object form) or NULL (tuple
			      form), value expr, if-condition or NULL] */
	EXPR_TUPLE,        /* the items */
	EXPR_OBJECT,       /* [key0, value0, key1, value1...]: a key is a NODE_STR
			      (a bare identifier or a literal string) or an
			      expression (parenthesized or templated key) */
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
	uint32_t len; /* scalars: byte length of text; NODE_EXPR: enum expr_op */
	struct loc loc;
	const char *text; /* scalars: the literal text; UNKNOWN: reason */
	union {
		struct {
			struct node **items; /* NODE_SEQ items; NODE_EXPR operands */
			uint32_t n;
		} seq;
		struct {
			struct node_pair *pairs;
			uint32_t n;
		} map;
		struct {
			const char *ref;  /* resource a Ref/GetAtt (a Terraform reference) points at */
			const char *attr; /* GetAtt attribute (referenced attribute), or NULL */
		} unk;
		struct {
			const char *unused;
			const void *target;
		} ref;
	} u;
};

/* What a loader notes of a document's keys while it builds each mapping,
 * so that a frontend need not walk the whole tree again to learn it
 * (doc.notes). The CloudFormation frontend walks a template only when one
 * of the last three is noted. */
enum doc_note {
	DOC_NOTES_KNOWN = 1,    /* the loader kept these notes (YAML, JSON); else assume any */
	DOC_NOTE_DUP_KEY = 2,   /* a mapping holds a key twice */
	DOC_NOTE_LOCAL_TAG = 4, /* YAML: a node under a local tag that is kept as its key (!Reff) */
	DOC_NOTE_LOOP_KEY = 8,  /* a key names a CloudFormation loop: DOC_LOOP_KEY_PREFIX */
};
#define DOC_LOOP_KEY_PREFIX "Fn::ForEach::"
/* Whether a key names such a loop. Inline: every key is asked, and most
 * fail on the first byte. */
static inline int doc_is_loop_key(const char *k)
{
	return k[0] == 'F' && strncmp(k, DOC_LOOP_KEY_PREFIX, sizeof(DOC_LOOP_KEY_PREFIX) - 1) == 0;
}

/* Room a loader reuses from mapping to mapping to find duplicate keys. */
struct key_scratch {
	uint32_t *slots;
	size_t cap;
};
/* found(ctx, first, dup) for every key of p[0..n) that an earlier one
 * (p[first]) already has, in order: pairwise when the mapping is small,
 * hashed when large. */
void pairs_duplicates(const struct node_pair *p, uint32_t n, struct key_scratch *s,
		      void (*found)(void *ctx, uint32_t first, uint32_t dup), void *ctx);
/* The notes of one finished mapping's keys (DOC_NOTE_DUP_KEY,
 * DOC_NOTE_LOOP_KEY). */
unsigned pairs_notes(const struct node_pair *p, uint32_t n, struct key_scratch *s);
void key_scratch_release(struct key_scratch *s);

/* A loaded file. */
struct doc {
	const char *file;   /* path as the user gave it */
	const char *buf;    /* UTF-8 text the locations refer to */
	size_t len;
	struct node *root;  /* NULL for an empty document */
	struct node **more_docs; /* YAML documents after the first ('---'), non-empty ones */
	uint32_t nmore_docs;
	int syntax;         /* enum syntax (load.h) */
	int ascii;          /* only ASCII: a column is a byte offset */
	unsigned notes;     /* enum doc_note, of every document of the file */
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

/* A map's keys hashed once, for the sections looked up per resource (a
 * template's Resources, Parameters, Conditions): node_get() is a linear
 * scan, which made a template with n resources cost n^2. The same answers
 * as node_get_pair() (the last of duplicate keys wins); map may be NULL or
 * not a map (then nothing is found). Lives in arena a with the map. */
struct node_index {
	const struct node *map;
	struct hmap keys; /* key -> its struct node_pair */
};

void node_index_init(struct node_index *ix, struct arena *a, const struct node *map);
const struct node_pair *node_index_pair(const struct node_index *ix, const char *key);
struct node *node_index_get(const struct node_index *ix, const char *key);
/* Text of a scalar (string, number, bool); NULL otherwise. */
const char *node_str(const struct node *n);
int node_str_eq(const struct node *n, const char *s);
/* Integer value of a number or numeric string; 0 on success. */
int node_int(const struct node *n, int64_t *out);
/* Whether n is the boolean true (not a string "true"). */
int node_is_true(const struct node *n);
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
