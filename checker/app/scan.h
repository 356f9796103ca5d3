/* scan.h - the per-file pipeline and the parallel driver.
 *
 * Each file goes load -> detect -> resolve/normalize -> evaluate ->
 * suppress in one worker, inside one arena that is freed when the file is
 * done, so memory follows the largest file, not the corpus. Results land in
 * a slot per file, so output order never depends on scheduling.
 */
#ifndef SG_SCAN_H
#define SG_SCAN_H

#include "policy/baseline.h"
#include "policy/config.h"
#include "rules/finding.h"
#include "doc/load.h"
#include "formats/cloudformation/resolve.h"
#include "rules/rules.h"

struct scan_opts {
	const struct ruleset *rs;
	struct load_limits lim;
	const struct param_value *params;
	size_t nparams;
	const struct config *cfg;
	const struct baseline *baseline;
	const char *today;
	int jobs;
};

struct scan_target {
	char *path;
	int explicit_arg; /* named by the user (not found in a directory walk) */
};

struct scan_targets {
	VEC(struct scan_target) v;
	diag_vec errors; /* paths that do not exist */
};

/* Add a path: a file, '-' for stdin, or a directory walked recursively
 * (skipping .git, .terraform, node_modules, symlinked directories, config
 * excludes, and names that cannot be templates). A listed path (from
 * --files-from) is treated like one found in a walk: a file only if its
 * name can be a template, and skipped silently when it is not IaC. */
void scan_add_path(struct scan_targets *t, const char *path, const struct config *cfg, int listed);
/* Keep only slice k (1-based) of n, by a stable hash of each path. */
void scan_shard(struct scan_targets *t, unsigned k, unsigned n);
void scan_targets_release(struct scan_targets *t);

/* Scan every target into results[i] (caller allocates t->v.n slots). */
void scan_run(const struct scan_opts *o, const struct scan_targets *t, struct file_result *results);

/* Scan text held in memory (rule examples, fuzzers). */
void scan_text(const struct scan_opts *o, const char *path, const char *buf, size_t len,
	       int explicit_arg, struct file_result *r);

#endif
