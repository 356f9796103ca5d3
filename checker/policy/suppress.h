/* suppress.h - the suppress stage: fingerprints, inline suppressions
 * (resource Metadata), configuration ignore entries and baselines.
 *
 * Suppressed findings stay in the report, marked with the kind and reason
 * of their suppression; they never change the exit status.
 */
#ifndef SG_SUPPRESS_H
#define SG_SUPPRESS_H

#include "rules/finding.h"

struct config;
struct baseline;
struct repo_root;

struct suppress_opts {
	const struct config *cfg;         /* ignore: entries, or NULL */
	const struct baseline *baseline;  /* --baseline, or NULL */
	const char *today;                /* YYYY-MM-DD, for ignore expiry */
	const struct repo_root *root;     /* for repository paths, or NULL */
	/* the configuration file's directory as a repository path ("" for the
	 * root), which its `file:` globs are relative to; NULL when it lies
	 * outside the repository (globs then match repository paths) */
	const char *config_dir;
};

/* Give every finding of r its repository path and fingerprint, then apply
 * suppressions. */
void suppress_unit(const struct suppress_opts *o, struct unit_result *r);

/* Stable identity of a finding: rule, repository path, resource and
 * permission, not its line, so it survives edits around it, and not the
 * way the file was named, so it survives running from another folder. */
const char *finding_fingerprint(struct arena *a, const struct finding *f);

#endif
