/* finding.h - findings and per-unit results: the data every report reads.
 *
 * Ownership: a unit_result owns everything its findings and diagnostics
 * point to, in its own arena (r->arena): every string a finding shows is
 * copied there by the evaluator, and file names are interned there
 * (unit_result_file), so a result outlives the documents, model and
 * working arena of its unit, which the scan frees as soon as the unit is
 * evaluated. The one exception is `origin`, which points into the unit's
 * model and is valid only until the unit is done (the scan clears it).
 * A scan keeps a result only until its worker has rendered the unit's
 * share of every report (app/scan.h, struct scan_sink), then releases it.
 */
#ifndef SG_FINDING_H
#define SG_FINDING_H

#include <stdint.h>

#include "base/diag.h"
#include "base/util.h"

struct rule;
struct resource;

struct trace_line {
	const char *text;
	const char *file;      /* where the step is written (interned): a module's file may differ from the finding's */
	const char *repo_path; /* the same relative to the repository root; set by suppress_unit */
	uint32_t line, col;
};

/* One permission a union finding (rules that together admit the world) is
 * made of, in canonical order. */
struct union_part {
	const char *resource; /* its declaring resource */
	const char *source;   /* its peer */
	const char *file;     /* interned */
	uint32_t line, col;   /* its peer's place */
	/* for inline suppressions: valid only while its unit is processed */
	const struct resource *origin;
};

/* A plan finding's place in the .tf source (file NULL: none known). */
struct source_loc {
	const char *file;      /* interned */
	const char *repo_path; /* set by suppress_unit */
	uint32_t line, col;
};

/* What an ingress finding exposes (SPEC 11): its group's targets, and
 * the way the internet reaches each, or the link that stops it. */
struct exposure_hop {
	const char *resource, *resource_type;
	const char *step;      /* "igw", "route", "subnet", "instance"...; NULL for the group */
	const char *note;      /* "0.0.0.0/0", "public IP on launch"...; or NULL */
	const char *file;      /* interned */
	const char *repo_path; /* set by suppress_unit */
	uint32_t line, col;
};

struct exposure_target {
	const char *resource, *resource_type;
	const char *reachability; /* "internet", "unknown", "internal" */
	const char *reason;       /* the closed or unknown link; NULL for internet */
	struct exposure_hop *path; /* internet side first, the target last */
	uint32_t npath;
};

struct exposure {
	const char *reachability; /* "internet", "unknown", "internal", "unattached" */
	const char *reason;       /* why, when no target is internet */
	struct exposure_target *targets;
	uint32_t ntargets;
};

struct finding {
	const struct rule *rule;
	int severity; /* effective severity (after config overrides) */
	const char *message;
	const char *file;     /* as the user named it (or as a walk found it) */
	const char *repo_path; /* relative to the repository root (base/paths.h); set by suppress_unit */
	uint32_t line, col;
	const char *src_line; /* the source line around the location (bounded) */
	uint32_t src_col;     /* the location's column within src_line */
	const char *resource, *resource_type, *resource_path, *group;
	int has_perm;        /* a permission finding (not a resource finding) */
	int direction;
	const char *protocol;
	const char *traffic; /* "tcp/22", "all traffic" */
	int32_t from_port, to_port;
	int ports_known;
	const char *source;  /* the peer, NULL when unknown */
	struct trace_line *trace; /* owned by the unit result */
	struct source_loc in_source; /* SARIF, GitHub and GitLab use it as the primary location */
	struct union_part *union_of; /* a union finding's members (owned by the unit result) */
	uint32_t nunion;
	uint32_t ntrace;
	int change;          /* enum change_kind */
	struct exposure *exposure; /* ingress security-group findings; NULL otherwise */
	int suppressed;
	const char *supp_kind, *supp_reason;
	const char *fingerprint;
	/* the declaring resource: valid only while its unit is processed */
	const struct resource *origin;
};

/* What scanning one unit (a template, a plan or state file) produced. */
struct unit_result {
	const char *path;    /* the unit as named (borrowed: lives as long as the scan's targets) */
	uint32_t nfiles;     /* files the unit is made of */
	int scanned;         /* parsed and recognised as IaC */
	int explicit_arg;    /* named on the command line */
	uint32_t resources;
	uint32_t left_out;   /* resources not deployed under the values given */
	struct arena arena;
	VEC(struct finding) findings;
	diag_vec errors;
	diag_vec notes;
	diag_vec skipped;        /* one per resource left out: "Id (Type) is not deployed: why" */
	VEC(const char *) files; /* interned file names other than path */
	int per_file;            /* reports by file: nested templates are files of their own */
	const char *graph;       /* sgcheck graph: the unit drawn (in arena) */
};

void unit_result_init(struct unit_result *r, const char *path);
void unit_result_release(struct unit_result *r);
void unit_result_error(struct unit_result *r, struct loc loc, const char *msg);
void unit_result_note(struct unit_result *r, struct loc loc, const char *msg);
/* A resource left out of the checks (not deployed under the values given). */
void unit_result_skipped(struct unit_result *r, struct loc loc, const char *msg);
/* The result's own copy of a file name of the unit (path itself for the
 * unit's main file): what findings and diagnostics point to. */
const char *unit_result_file(struct unit_result *r, const char *file);

#endif
