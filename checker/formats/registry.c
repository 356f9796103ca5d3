/* registry.c - the table of frontends; see frontend.h */
#define _GNU_SOURCE /* memmem */
#include "formats/frontend.h"

#include <stdlib.h>
#include <string.h>

#include "base/paths.h"

#include "formats/cloudformation/cloudformation.h"
#include "formats/terraform/plan.h"
#include "formats/tfconfig/tfconfig.h"

/* Detection order: a document is the first format that claims it. */
const struct frontend *const frontends[] = {
	&frontend_cloudformation,
	&frontend_terraform_plan,
	&frontend_terraform_state,
	&frontend_terraform_config,
};
const size_t frontend_count = sizeof(frontends) / sizeof(frontends[0]);
_Static_assert(sizeof(frontends) / sizeof(frontends[0]) <= sizeof(((struct frontend_states *)0)->state) / sizeof(void *),
	       "struct frontend_states holds a state per frontend");

const struct frontend *frontend_detect(const struct node *root)
{
	for (size_t i = 0; i < frontend_count; i++)
		if (frontends[i]->detect && frontends[i]->detect(root))
			return frontends[i];
	return NULL;
}

static int any_marker_in(const char *text, size_t len)
{
	for (size_t i = 0; i < frontend_count; i++)
		for (const char *const *m = frontends[i]->markers; m && *m; m++)
			if (memmem(text, len, *m, strlen(*m)))
				return 1;
	return 0;
}

static size_t longest_marker(void)
{
	size_t longest = 0;
	for (size_t i = 0; i < frontend_count; i++)
		for (const char *const *m = frontends[i]->markers; m && *m; m++)
			if (strlen(*m) > longest)
				longest = strlen(*m);
	return longest;
}

/* Every marker in each block, blocks doubling from 4 KiB: a plan names
 * "format_version" in its first bytes and must not first be searched
 * whole for each CloudFormation marker; the doubling keeps memmem's set-up
 * per call negligible in a file that holds none. A block is searched with
 * the longest marker's length less one past its end, so a marker across
 * two blocks is found in the first. */
int frontend_looks_like_iac(const char *text, size_t len)
{
	size_t overlap = longest_marker();
	overlap = overlap ? overlap - 1 : 0;
	for (size_t at = 0, block = 4096; at < len; at += block, block *= 2) {
		size_t n = len - at < block + overlap ? len - at : block + overlap;
		if (any_marker_in(text + at, n))
			return 1;
	}
	return 0;
}

int frontend_candidate_name(const char *path)
{
	for (size_t i = 0; i < frontend_count; i++)
		for (const char *const *e = frontends[i]->extensions; e && *e; e++)
			if (str_has_suffix(path, *e))
				return 1;
	return 0;
}

const struct frontend *frontend_of_dir_file(const char *path)
{
	for (size_t i = 0; i < frontend_count; i++)
		for (const char *const *e = frontends[i]->dir_extensions; e && *e; e++)
			if (str_has_suffix(path, *e))
				return frontends[i];
	return NULL;
}

static int is_dir_file(const char *name)
{
	return frontend_of_dir_file(name) != NULL;
}

const struct frontend *frontend_of_dir_member(const char *path)
{
	const struct frontend *f = frontend_of_dir_file(path);
	if (f)
		return f;
	for (size_t i = 0; i < frontend_count; i++)
		for (const char *const *e = frontends[i]->dir_companions; e && *e; e++) {
			if (!str_has_suffix(path, *e))
				continue;
			const char *slash = strrchr(path, '/');
			char *dir = slash ? xstrndup(path, (size_t)(slash - path == 0 ? 1 : slash - path)) : xstrdup(".");
			size_t n = 0;
			char **files = path_list_files(dir, is_dir_file, &n);
			path_list_free(files);
			free(dir);
			return n ? frontends[i] : NULL;
		}
	return NULL;
}

void frontends_prepare(struct frontend_states *s, const struct frontend_opts *o, diag_vec *errors)
{
	memset(s, 0, sizeof(*s));
	for (size_t i = 0; i < frontend_count; i++)
		if (frontends[i]->prepare)
			s->state[i] = frontends[i]->prepare(o, errors);
}

void frontends_release(struct frontend_states *s)
{
	for (size_t i = 0; i < frontend_count; i++)
		if (frontends[i]->release && s->state[i])
			frontends[i]->release(s->state[i]);
	memset(s, 0, sizeof(*s));
}

const void *frontend_state(const struct frontend_states *s, const struct frontend *f)
{
	for (size_t i = 0; i < frontend_count; i++)
		if (frontends[i] == f)
			return s->state[i];
	return NULL;
}
