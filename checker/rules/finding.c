/* finding.c - per-file results; see finding.h */
#include "rules/finding.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void file_result_init(struct file_result *r, const char *path)
{
	memset(r, 0, sizeof(*r));
	r->path = path;
	arena_init(&r->arena);
}

void file_result_release(struct file_result *r)
{
	free(r->findings.v);
	free(r->errors.v);
	free(r->notes.v);
	arena_release(&r->arena);
}

/* Diagnostics keep the path as the user gave it, not the document's copy
 * (which dies with the file's arena). */
static struct diag make_diag(struct file_result *r, struct loc loc, const char *msg)
{
	struct diag d;
	d.loc = loc;
	d.loc.file = r->path;
	snprintf(d.msg, sizeof(d.msg), "%s", msg);
	return d;
}

void file_result_error(struct file_result *r, struct loc loc, const char *msg)
{
	struct diag d = make_diag(r, loc, msg);
	VEC_PUSH(r->errors, d);
}

void file_result_note(struct file_result *r, struct loc loc, const char *msg)
{
	struct diag d = make_diag(r, loc, msg);
	VEC_PUSH(r->notes, d);
}
