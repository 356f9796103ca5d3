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

/* The documents after the first one of a multi-document stream ('---'),
 * and what the loader noted of every document's keys. */
struct yaml_more {
	struct node **docs; /* in the arena; empty documents left out */
	uint32_t n;
	unsigned notes;     /* enum doc_note (DOC_NOTES_KNOWN not set) */
};

/* load_yaml() that also returns the later documents in *more (NULL: they
 * are parsed and dropped). *root is the first document, which may be empty
 * (NULL or a null node) when later ones are not. */
int load_yaml_stream(const char *file, const char *text, size_t len, const struct load_limits *lim,
		     struct arena *arena, struct node **root, struct yaml_more *more, struct diag *err);

/* What a plain (unquoted, untagged) scalar means as an integer under each
 * YAML version: YAML 1.1, the version CloudFormation documents, reads
 * `026` as octal 22, `2_2` as 22, `0x16` as 22, `1:30` as 90 (base 60) and
 * leaves `0o26` and `1e1` strings; YAML 1.2's core schema reads `026` as
 * 26, `0o26` as 22, `0x16` as 22, `1e1` as 10 and leaves `2_2` a string.
 * A float with a zero fraction (`22.0`) is that integer in both. */
struct yaml_int_reading {
	int is_int;  /* the version reads an integer (or an integral float) */
	int is_num;  /* ... or any number (a float like 2.5) */
	int64_t v;   /* the integer when is_int */
};
void yaml_plain_int(const char *s, struct yaml_int_reading *v11, struct yaml_int_reading *v12);

#endif
