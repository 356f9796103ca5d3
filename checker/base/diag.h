/* diag.h - source locations and located messages (errors and notes).
 *
 * Every stage reports problems the same way: a `struct diag` (where, what)
 * appended to a diag_vec that its caller owns. Messages are copied into
 * the diag, so a diag outlives the text and arena it talks about; the file
 * name is borrowed and must outlive the diag (the scan keeps every path
 * for the whole run).
 */
#ifndef SG_DIAG_H
#define SG_DIAG_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include "base/util.h"

struct loc {
	const char *file;
	uint32_t line, col; /* 1-based; 0 only when nothing better is known */
};

/* A located problem (syntax error, limit hit, template error...). */
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

/* Location of byte `off` in `text`: 1-based line, column in characters. */
struct loc loc_of_offset(const char *file, const char *text, size_t off);

#endif
