/* report.h - the report stage: findings and errors into text, JSON, SARIF,
 * JUnit, GitHub annotations, GitLab Code Quality or the GitLab Security
 * report, and the exit status.
 *
 * The report streams (SPEC 9: memory does not grow with the corpus). Each
 * report is a report_stream: opened before the scan, it is handed every
 * unit's share in the units' order, and closed after the last one. A
 * share (report_part) is rendered on the worker that scanned the unit,
 * from its prepared result (sorted, counted: report_unit_prepare), and
 * the result is freed then; the stream writes it out at once (a writer's
 * `direct` section) or keeps it in a spill (base/outfile.h) until the
 * totals its header needs are known. Nothing else in the program prints
 * results.
 *
 * Ownership: a report borrows the rule set and the run's diagnostics for
 * as long as its streams are open.
 */
#ifndef SG_REPORT_H
#define SG_REPORT_H

#include "base/jsonw.h"
#include "base/outfile.h"
#include "rules/finding.h"
#include "rules/rules.h"

/* What one unit adds to the totals. */
struct report_counts {
	size_t files, resources, left_out, findings, suppressed, errors, failing, new_;
	size_t by_severity[SEV_NONE];
};

struct report {
	const struct ruleset *rs;
	const struct diag *errors; /* not tied to one scanned file */
	size_t nerrors;
	const struct diag *notes;
	size_t nnotes;
	int fail_on;   /* enum severity; SEV_NONE never fails */
	long long started, finished; /* the scan's start and end (seconds since the epoch) */
	int new_only;  /* only Terraform exposure the plan adds fails */
	const struct repo_root *root; /* repository paths of diagnostics (base/paths.h), or NULL */
	int quiet;
	int verbose;          /* text: list the resources left out */
	int compact;          /* text: one line per finding */
	int sarif_suppressed; /* SARIF: carry suppressed findings, with suppressions */
	/* the totals, from report_begin() and every unit's report_add_counts() */
	size_t n_files, n_resources, n_findings, n_suppressed, n_errors, n_failing, n_new;
	size_t n_left_out; /* resources not deployed under the values given */
	size_t by_severity[SEV_NONE];
};

/* Zero the totals (the run's own errors counted). */
void report_begin(struct report *r);
/* Sort a unit's findings and diagnostics, count them. Any thread. */
void report_unit_prepare(const struct report *r, struct unit_result *u, struct report_counts *c);
void report_add_counts(struct report *r, const struct report_counts *c);
/* 0 clean, 1 a finding at or above fail_on, 2 an error. */
int report_exit_status(const struct report *r);
/* Whether a finding counts towards the exit status. */
int report_finding_fails(const struct report *r, const struct finding *f);

/* ---- streams ---------------------------------------------------------------- */

#define REPORT_SECTIONS 6 /* the most a writer has (GitHub: errors, 5 severities) */

/* One unit's share of one report: the text of each of the writer's
 * sections, how many items (array elements) each holds, and the writer's
 * own tallies (JUnit totals). */
struct report_part {
	struct strbuf sec[REPORT_SECTIONS];
	size_t items[REPORT_SECTIONS];
	struct strbuf index; /* SARIF: a record per result, for the cap */
	size_t tally[3];
};

struct report_stream;

/* A format. Its sections are written in the units' order; in JSON formats
 * every item of a section begins with its comma (`sep` bytes), which the
 * stream drops before the first item of an array. */
struct report_writer {
	const char *name;
	size_t sep;
	int direct; /* section 0 goes out as it comes, after head() */
	void (*head)(struct report_stream *s); /* direct writers: what comes before section 0 */
	void (*unit)(const struct report_stream *s, const struct unit_result *u, struct report_part *p);
	void (*tail)(struct report_stream *s); /* the rest, once every unit is in */
};

struct report_stream {
	const struct report_writer *w;
	const struct report *r;
	int color;                 /* text: ANSI colours (standard output on a terminal) */
	struct outfile *out;
	struct spill spill[REPORT_SECTIONS];
	size_t items[REPORT_SECTIONS];
	struct spill index;
	size_t tally[3];
	struct strbuf buf;         /* head and tail, flushed to out */
	struct jsonw jw;           /* JSON writers: their place in the document */
};

/* Open a report in a format to file (NULL: standard output). 0, -1 with
 * errno set when the file cannot be opened, -2 for an unknown format. */
int report_stream_open(struct report_stream *s, const struct report *r, const char *format, const char *file,
		       int color);
/* The same with a writer of the caller's (the baseline). */
int report_stream_start(struct report_stream *s, const struct report *r, const struct report_writer *w,
			const char *file, int color);
/* A unit's share (any thread; s is only read). */
void report_stream_part(const struct report_stream *s, const struct unit_result *u, struct report_part *p);
/* The next unit's share, in the units' order; p is emptied. */
void report_stream_add(struct report_stream *s, struct report_part *p);
void report_part_release(struct report_part *p);
/* The rest of the report, written and put in place. 0; -1 with errno when
 * the output failed, -3 when what waited in a temporary file (in $TMPDIR)
 * could not be written or read back. */
int report_stream_close(struct report_stream *s);

/* For tails: head/tail text written so far goes out; then section k
 * (strip: drop the separator of its first item). */
void report_stream_flush(struct report_stream *s);
void report_stream_section(struct report_stream *s, int k, int strip);
/* Bytes off..off+len of section k. */
void report_stream_copy(struct report_stream *s, int k, uint64_t off, uint64_t len);
/* JSON tails: section k as the rest of the array s->jw is in. */
void report_stream_json_section(struct report_stream *s, int k);
/* Records of the index spill (SARIF). */
int report_stream_index_read(struct report_stream *s, uint64_t off, void *rec, size_t n);

int report_format_known(const char *format);
/* "text, json, ...": the formats, for messages. */
void report_format_list(struct strbuf *out);

/* Writers (one file each). */
extern const struct report_writer report_text, report_json, report_sarif, report_junit, report_github,
	report_gitlab, report_gitlab_sast;
#define REPORT_JSON_SCHEMA_VERSION "1.2"

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
