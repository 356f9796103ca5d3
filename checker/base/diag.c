/* diag.c - see diag.h */
#include "base/diag.h"

#include <stdio.h>
#include <string.h>

void diag_set(struct diag *d, struct loc loc, const char *fmt, ...)
{
	va_list ap;
	d->loc = loc;
	va_start(ap, fmt);
	vsnprintf(d->msg, sizeof(d->msg), fmt, ap);
	va_end(ap);
}

void diags_vadd(diag_vec *v, struct loc loc, const char *fmt, va_list ap)
{
	struct diag d;
	d.loc = loc;
	vsnprintf(d.msg, sizeof(d.msg), fmt, ap);
	VEC_PUSH(*v, d);
}

void diags_add(diag_vec *v, struct loc loc, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	diags_vadd(v, loc, fmt, ap);
	va_end(ap);
}

int diag_cmp(const void *a, const void *b)
{
	const struct diag *x = a, *y = b;
	int c = strcmp(x->loc.file ? x->loc.file : "", y->loc.file ? y->loc.file : "");
	if (c)
		return c;
	if (x->loc.line != y->loc.line)
		return x->loc.line < y->loc.line ? -1 : 1;
	if (x->loc.col != y->loc.col)
		return x->loc.col < y->loc.col ? -1 : 1;
	return strcmp(x->msg, y->msg);
}

struct loc loc_of_offset(const char *file, const char *text, size_t off)
{
	struct loc l = {file, 1, 1};
	for (size_t i = 0; i < off; i++) {
		unsigned char c = (unsigned char)text[i];
		if (c == '\n') {
			l.line++;
			l.col = 1;
		} else if ((c & 0xC0) != 0x80) {
			l.col++;
		}
	}
	return l;
}
