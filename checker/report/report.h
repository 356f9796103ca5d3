/* report.h - the report stage: findings and errors into text, JSON, SARIF,
 * JUnit, GitHub annotations, GitLab Code Quality or the GitLab Security
 * report, and the exit status.
 *
 * Writers only read the prepared report (sorted, counted); nothing else in
 * the program prints results.
 *
 * Ownership: a report borrows everything it points to (the units' results,
 * the rule set, the run's diagnostics) for as long as it is rendered.
 */
#ifndef SG_REPORT_H
#define SG_REPORT_H

#include "rules/finding.h"
#include "rules/rules.h"

struct report {
	struct unit_result *files;
	size_t nfiles;
	const struct ruleset *rs;
	const struct diag *errors; /* not tied to one scanned file */
	size_t nerrors;
	const struct diag *notes;
	size_t nnotes;
	int fail_on;   /* enum severity; SEV_NONE never fails */
	long long started, finished; /* the scan's start and end (seconds since the epoch) */
	int new_only;  /* only Terraform exposure the plan adds fails */
	const struct repo_root *root; /* repository paths of diagnostics (base/paths.h), or NULL */
	int color;
	int quiet;
	int verbose;          /* text: list the resources left out */
	int compact;          /* text: one line per finding */
	int sarif_suppressed; /* SARIF: carry suppressed findings, with suppressions */
	/* computed by report_prepare() */
	size_t n_files, n_resources, n_findings, n_suppressed, n_errors, n_failing, n_new;
	size_t n_left_out; /* resources not deployed under the values given */
	size_t by_severity[SEV_NONE];
};

/* Sort findings, count everything. */
void report_prepare(struct report *r);
/* 0 clean, 1 a finding at or above fail_on, 2 an error. */
int report_exit_status(const struct report *r);
/* Whether a finding counts towards the exit status. */
int report_finding_fails(const struct report *r, const struct finding *f);

/* Render in a format; -1 if the format is unknown. */
int report_render(const struct report *r, const char *format, struct strbuf *out);
int report_format_known(const char *format);
/* "text, json, ...": the formats, for messages. */
void report_format_list(struct strbuf *out);

/* Writers (one file each). */
void report_text(const struct report *r, struct strbuf *out);
void report_json(const struct report *r, struct strbuf *out);
#define REPORT_JSON_SCHEMA_VERSION "1.2"
void report_sarif(const struct report *r, struct strbuf *out);
void report_junit(const struct report *r, struct strbuf *out);
void report_github(const struct report *r, struct strbuf *out);
void report_gitlab(const struct report *r, struct strbuf *out);
void report_gitlab_sast(const struct report *r, struct strbuf *out);

/* A rule's documentation from its rule file (help.c): description, how to
 * fix, and in markdown an example it reports and one it does not. */
void report_rule_help(const struct rule *r, int markdown, struct strbuf *out);
/* Its documentation URL: help_uri, else the catalog entry of a built-in
 * rule; nothing for other rules without one. */
void report_rule_help_uri(const struct rule *r, struct strbuf *out);
/* docs/catalog.md: a table of the rules, then a section per rule. */
void report_rule_catalog(const struct rule *const *rules, size_t n, struct strbuf *out);

/* The repository path of a file a diagnostic names (findings carry theirs). */
/* Where CI annotations put a finding: its .tf source when a plan finding
 * has one (a plan is not a file reviewers see), else the finding itself. */
const char *report_primary_path(const struct finding *f, uint32_t *line, uint32_t *col);
void report_repo_path(const struct report *r, const char *file, struct strbuf *out);

/* What a finding points at in its source line (f->src_line): the byte
 * offset and length (at least 1) of the key or value there; -1 when the
 * finding has no source line. */
int report_span(const struct finding *f, size_t *off, size_t *len);

/* "why" chain as one line: "CidrIp ← !Ref X ← Parameters.X.Default (line 6)" */
void report_trace_text(const struct finding *f, struct strbuf *out);
const char *report_direction(int direction);
/* The exposure in one line (f->exposure set): "internet ← igw IGW ← route R
 * 0.0.0.0/0 ← subnet A (public IP on launch) ← WebSG ← instance Web", or
 * "internal: <the closed link>". */
void report_reach_text(const struct finding *f, struct strbuf *out);

#endif
