/* hcl.h - Terraform's HCL2 native syntax (.tf) to document tree.
 *
 * Owns the whole of HCL's native syntax: the scanner, bodies and blocks,
 * expressions, templates and heredocs, and the limits that protect us from
 * hostile input (depth, string length, node count). The tree it builds is
 * the HCL shape described in doc/node.h: bodies and label levels are
 * NODE_MAPs, literals are scalars, everything else is a NODE_EXPR that is
 * kept, not evaluated. Knows nothing of Terraform's meaning of blocks.
 *
 * May include only base/ and doc/ headers. The implementation is split in
 * hcl_lex.c (scanner), hcl_parse.c (bodies, expressions, entry points) and
 * hcl_template.c (quoted templates, heredocs); hcl_int.h is their shared,
 * private context. No globals: files are parsed in parallel threads.
 */
#ifndef SG_HCL_H
#define SG_HCL_H

#include <stddef.h>

#include "doc/limits.h"
#include "doc/node.h"

/* Parse a whole `.tf` file. text: valid UTF-8 without BOM, NUL-terminated,
 * `len` bytes. On success *root is a NODE_MAP flagged NODE_F_BODY (an empty
 * file gives an empty body), nodes allocated in `arena`; returns 0. On a
 * syntax error or a limit hit fills *err (file:line:col of the offending
 * token, message starting "HCL syntax error: " for syntax errors) and
 * returns -1. */
int hcl_parse(const char *file, const char *text, size_t len, const struct load_limits *lim,
	      struct arena *arena, struct node **root, struct diag *err);

/* For Terraform's JSON syntax (.tf.json), where strings are templates and
 * some values are expressions: parse `text` (a JSON string's decoded value)
 * as a template / as one expression. `at` is the location of the JSON
 * string: nodes get locations on its line, at.col plus the character offset
 * in `text` (the decoded value has no columns of its own). Same return
 * convention as hcl_parse. */
int hcl_parse_template(const char *file, const char *text, size_t len, struct loc at,
		       const struct load_limits *lim, struct arena *arena, struct node **out,
		       struct diag *err);
int hcl_parse_expr(const char *file, const char *text, size_t len, struct loc at,
		   const struct load_limits *lim, struct arena *arena, struct node **out,
		   struct diag *err);

#endif
