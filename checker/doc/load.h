/* load.h - bytes to document tree.
 *
 * Owns everything about reading input: encodings (UTF-8 with or without
 * BOM, UTF-16 with BOM), validation (invalid UTF-8, NUL bytes), the choice of
 * parser (JSON through our own one-pass parser, YAML through libyaml, HCL
 * through doc/hcl/) and every limit that
 * protects us from hostile input. Knows nothing of CloudFormation, Terraform
 * or rules.
 */
#ifndef SG_LOAD_H
#define SG_LOAD_H

#include <stddef.h>
#include <stdint.h>

#include "doc/limits.h"
#include "doc/node.h"

enum syntax { SYNTAX_AUTO, SYNTAX_YAML, SYNTAX_JSON, SYNTAX_HCL };

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

/* Whether raw bytes start with a UTF-16 byte-order mark (either order). */
int text_has_utf16_bom(const char *buf, size_t len);

/* Whether UTF-8 text holds no document at all: nothing but a BOM,
 * whitespace, '#' comments and YAML document markers. Such a file is an
 * error however it was reached (named, or found in a directory walk). */
int text_is_empty(const char *buf, size_t len);

/* Free what the document holds outside its arena (its text buffers). */
void doc_release(struct doc *doc);

#endif
