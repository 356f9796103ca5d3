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

#endif
