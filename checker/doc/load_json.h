/* load_json.h - JSON text to document tree, with positions, in one pass. */
#ifndef SG_LOAD_JSON_H
#define SG_LOAD_JSON_H

#include "doc/limits.h"
#include "doc/node.h"

/* `text` is valid UTF-8 without BOM; ascii: it holds only ASCII (columns are
 * byte offsets). Every node is allocated in `arena` and freed with it; the
 * parser keeps no state between calls (it runs on several threads). On
 * success *notes (unless NULL) gets the document's enum doc_note. On
 * failure fills *err and returns -1. */
int load_json(const char *file, const char *text, size_t len, int ascii,
	      const struct load_limits *lim, struct arena *arena,
	      struct node **root, unsigned *notes, struct diag *err);

#endif
