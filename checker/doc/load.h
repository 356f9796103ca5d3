/* load.h - bytes to document tree.
 *
 * Owns everything about reading input: encodings (UTF-8 with or without
 * BOM, UTF-16 with BOM), validation (invalid UTF-8, NUL bytes), the choice of
 * parser (JSON through cJSON, YAML through libyaml) and every limit that
 * protects us from hostile input. Knows nothing of CloudFormation, Terraform
 * or rules.
 */
#ifndef SG_LOAD_H
#define SG_LOAD_H

#include <stddef.h>
#include <stdint.h>

#include "doc/node.h"

enum syntax { SYNTAX_AUTO, SYNTAX_YAML, SYNTAX_JSON };

struct load_limits {
	size_t max_file_size;      /* bytes */
	uint32_t max_depth;        /* nesting of sequences and mappings */
	uint32_t max_aliases;      /* YAML alias nodes */
	uint64_t max_expanded;     /* nodes after alias expansion */
	size_t max_scalar_len;     /* bytes in one string */
};

void load_limits_default(struct load_limits *lim);

/* A located problem in an input file (syntax error, limit hit...). */
struct diag {
	struct loc loc;
	char msg[320];
};

void diag_set(struct diag *d, struct loc loc, const char *fmt, ...) SG_PRINTF(3, 4);

/* A list of diagnostics, and the one way to add to it. */
typedef VEC(struct diag) diag_vec;
void diags_add(diag_vec *v, struct loc loc, const char *fmt, ...) SG_PRINTF(3, 4);
void diags_vadd(diag_vec *v, struct loc loc, const char *fmt, va_list ap) SG_PRINTF(3, 0);
/* qsort order: file, line, column, message. */
int diag_cmp(const void *a, const void *b);

/* Parse `len` bytes of `buf` (NUL-terminated) as the file `file`. The doc
 * borrows buf: it must outlive the doc, unless handed over with
 * doc->input_buf = buf. On success fills *doc (allocated in `arena`) and
 * returns 0; on failure fills *err, leaves nothing to release, returns -1. */
int load_buffer(const char *file, const char *buf, size_t len, enum syntax hint,
		const struct load_limits *lim, struct arena *arena,
		struct doc *doc, struct diag *err);

/* Read and parse a file (the doc owns what was read). A file that cannot be
 * read, or is too large, is reported in *err with line 0. */
int load_file(const char *file, enum syntax hint, const struct load_limits *lim,
	      struct arena *arena, struct doc *doc, struct diag *err);

/* Free what the document holds outside its arena (text buffer, cJSON tree). */
void doc_release(struct doc *doc);

/* Syntax-specific entry points, used by load_buffer() and the fuzzers.
 * `text` is valid UTF-8 without BOM. */
int load_yaml(const char *file, const char *text, size_t len,
	      const struct load_limits *lim, struct arena *arena,
	      struct node **root, struct diag *err);
/* ascii: the text holds only ASCII (columns are byte offsets). The cJSON
 * tree is allocated in `arena` and freed with it. */
int load_json(const char *file, const char *text, size_t len, int ascii,
	      const struct load_limits *lim, struct arena *arena,
	      struct node **root, struct diag *err);

/* Location of byte `off` in `text`: 1-based line, column in characters. */
struct loc loc_of_offset(const char *file, const char *text, size_t off);

#endif
