/* load_yaml.h - YAML text to document tree (libyaml's event API).
 *
 * CloudFormation short-form tags become their long form ({"Fn::Sub": x}),
 * anchors and aliases are shared nodes, merge keys are applied. Used by
 * load_buffer() and the YAML fuzzer.
 */
#ifndef SG_LOAD_YAML_H
#define SG_LOAD_YAML_H

#include "doc/limits.h"
#include "doc/node.h"

/* `text` is valid UTF-8 without BOM, NUL-terminated. Nodes are allocated in
 * `arena`; on failure fills *err and returns -1. */
int load_yaml(const char *file, const char *text, size_t len,
	      const struct load_limits *lim, struct arena *arena,
	      struct node **root, struct diag *err);

/* The documents after the first one of a multi-document stream ('---'). */
struct yaml_more {
	struct node **docs; /* in the arena; empty documents left out */
	uint32_t n;
};

/* load_yaml() that also returns the later documents in *more (NULL: they
 * are parsed and dropped). *root is the first document, which may be empty
 * (NULL or a null node) when later ones are not. */
int load_yaml_stream(const char *file, const char *text, size_t len, const struct load_limits *lim,
		     struct arena *arena, struct node **root, struct yaml_more *more, struct diag *err);

#endif
