/* scan.h - scan units: discovery, the per-unit pipeline, the parallel driver.
 *
 * A scan unit is what one frontend reads as a whole: a CloudFormation
 * template, a Terraform plan or state file. Discovery turns the paths the
 * user named into units; each unit goes load -> detect -> frontend (the
 * model) -> passes -> evaluate -> suppress in one worker, inside one arena
 * that is reset when the unit is done, so memory follows the largest unit,
 * not the corpus. Each result is rendered where it was made and handed on
 * in the units' order (struct scan_sink), so the report's order is the
 * units' order, whatever the scheduling, and nothing is kept per unit.
 */
#ifndef SG_SCAN_H
#define SG_SCAN_H

#include "base/paths.h"
#include "doc/limits.h"
#include "formats/frontend.h"
#include "policy/baseline.h"
#include "policy/config.h"
#include "rules/finding.h"
#include "rules/rules.h"

struct scan_opts {
	const struct ruleset *rs;
	struct load_limits lim;
	const struct frontend_states *formats; /* per-run frontend states (NULL: none) */
	const struct config *cfg;
	const struct baseline *baseline;
	const char *today;
	const struct repo_root *root; /* repository paths (base/paths.h), or NULL */
	const char *config_dir;       /* see suppress_opts */
	int jobs;
	int graph;                    /* sgcheck graph: enum graph_format (0: scan) */
};

struct scan_unit {
	char *path;       /* the unit's name: its file ('-': stdin) or directory */
	int explicit_arg; /* named by the user (not found in a directory walk) */
	const struct frontend *dir_frontend; /* a directory unit of this format */
};

/* Owns its units' paths (scan_targets_release() frees them): results and
 * reports borrow them until then. */
struct scan_targets {
	VEC(struct scan_unit) v;
	VEC(struct scan_unit) dirs; /* candidate directory units, until scan_units() */
	diag_vec errors; /* paths that do not exist */
};

/* Add a path: a file, '-' for stdin, or a directory walked recursively
 * (skipping .git, .terraform, node_modules, symlinked directories, config
 * excludes, and names that cannot be IaC). A listed path (from
 * --files-from) is treated like one found in a walk: a file only if its
 * name can be IaC, and skipped silently when it is not. */
void scan_add_path(struct scan_targets *t, const char *path, const struct config *cfg, int listed);
/* Turn the candidate directories into units: those their frontend says
 * are roots (a module another candidate calls is scanned inside it); and
 * leave out the files another one deploys (a nested stack is scanned
 * inside its parent), looking for them on `jobs` threads; and keep one
 * unit of a file named twice (by its repository path under root). */
void scan_units(struct scan_targets *t, const struct frontend_states *formats, const struct load_limits *lim,
		const struct repo_root *root, int jobs);
/* Keep only slice k (1-based) of n, by a stable hash of each path. */
void scan_shard(struct scan_targets *t, unsigned k, unsigned n);
void scan_targets_release(struct scan_targets *t);

/* What becomes of each unit's result. done() runs on the worker that
 * scanned unit i, with its result, which it must release: what it returns
 * (the unit's rendered share of the reports) is handed to emit(), in the
 * units' order, one call at a time, on whichever worker is free. */
struct scan_sink {
	void *ctx;
	void *(*done)(void *ctx, size_t i, struct unit_result *r);
	void (*emit)(void *ctx, size_t i, void *share);
};

/* Scan every unit (o->jobs workers), each result through the sink. */
void scan_run(const struct scan_opts *o, const struct scan_targets *t, const struct scan_sink *sink);

/* Scan text held in memory as a one-file unit (rule examples, fuzzers). */
void scan_text(const struct scan_opts *o, const char *path, const char *buf, size_t len,
	       int explicit_arg, struct unit_result *r);

#endif
