/* finding.c - per-unit results; see finding.h */
#include "rules/finding.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void unit_result_init(struct unit_result *r, const char *path)
{
	memset(r, 0, sizeof(*r));
	r->path = path;
	r->nfiles = 1;
	arena_init(&r->arena);
}

void unit_result_release(struct unit_result *r)
{
	free(r->findings.v);
	free(r->errors.v);
	free(r->notes.v);
	free(r->skipped.v);
	free(r->files.v);
	arena_release(&r->arena);
}

const char *unit_result_file(struct unit_result *r, const char *file)
{
	if (!file || file == r->path || strcmp(file, r->path) == 0)
		return r->path;
	for (size_t i = 0; i < r->files.n; i++)
		if (strcmp(r->files.v[i], file) == 0)
			return r->files.v[i];
	const char *copy = arena_strdup(&r->arena, file);
	VEC_PUSH(r->files, copy);
	return copy;
}

/* Diagnostics keep the result's copy of the file name, not the document's
 * (which dies with the unit's arena). */
static struct diag make_diag(struct unit_result *r, struct loc loc, const char *msg)
{
	struct diag d;
	d.loc = loc;
	d.loc.file = unit_result_file(r, loc.file);
	snprintf(d.msg, sizeof(d.msg), "%s", msg);
	return d;
}

void unit_result_error(struct unit_result *r, struct loc loc, const char *msg)
{
	struct diag d = make_diag(r, loc, msg);
	VEC_PUSH(r->errors, d);
}

void unit_result_note(struct unit_result *r, struct loc loc, const char *msg)
{
	struct diag d = make_diag(r, loc, msg);
	VEC_PUSH(r->notes, d);
}

void unit_result_skipped(struct unit_result *r, struct loc loc, const char *msg)
{
	struct diag d = make_diag(r, loc, msg);
	VEC_PUSH(r->skipped, d);
	r->left_out++;
}
