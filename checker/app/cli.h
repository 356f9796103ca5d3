/* cli.h - command-line options of `sgcheck scan` and `sgcheck rules`.
 *
 * Ownership: option values point into argv (which outlives the run) or
 * into `owned`, which cli_release() frees.
 */
#ifndef SG_CLI_H
#define SG_CLI_H

#include <stddef.h>

#include "formats/frontend.h"
#include "base/util.h"

/* One report of a run: --format/--output, or one --report FMT[:FILE]. */
struct cli_report {
	const char *format;
	const char *file; /* NULL: standard output */
};

struct cli {
	VEC(const char *) rule_paths;
	int no_builtin;
	const char *format;
	const char *output;
	int format_given;
	VEC(struct cli_report) reports; /* --report, in command-line order */
	VEC(const char *) checks;       /* --check: rule ids or globs (comma lists split) */
	VEC(const char *) skip_checks;  /* --skip-check */
	VEC(const char *) skip_paths;   /* --skip-path globs, matched against repository paths */
	int skip_non_iac;
	int sarif_suppressed;
	int compact;
	int fail_on; /* -1: not given */
	VEC(struct opt_kv) params; /* -p KEY=VALUE */
	VEC(char *) owned;         /* strings the options point to */
	const char *params_file;
	VEC(struct opt_kv) tf_vars; /* --var NAME=VALUE and --var-file FILE (key NULL), in order */
	const char *tf_source;
	int new_only;
	const char *files_from;
	unsigned shard_k, shard_n;
	size_t max_file_size;
	const char *config;
	int no_config;      /* --no-config: no .sgcheck.yml is looked for */
	const char *baseline;
	const char *write_baseline;
	int jobs;
	int no_color;
	int quiet;
	int verbose;
	int help;
	int version;
	VEC(const char *) paths;
};

enum cli_error {
	CLI_OK,
	CLI_UNKNOWN_OPTION,
	CLI_MISSING_ARGUMENT,
	CLI_UNEXPECTED_ARGUMENT,
	CLI_BAD_FORMAT,
	CLI_BAD_SEVERITY,
	CLI_BAD_PARAMETER,
	CLI_BAD_SHARD,
	CLI_BAD_NUMBER,
	CLI_BAD_REPORT,
	CLI_REPEATED,
	CLI_OUTPUT_IS_INPUT,
	CLI_OUTPUT_TWICE,
};

void cli_init(struct cli *c);
void cli_release(struct cli *c);
/* Parse argv[0..argc); on error returns the code and the offending word. */
enum cli_error cli_parse(struct cli *c, int argc, char **argv, const char **bad);
/* One message per error code; for an unknown option, "did you mean" the
 * nearest one (bad is the word cli_parse() returned). */
void cli_error_text(enum cli_error e, const char *bad, struct strbuf *out);
/* The candidate nearest to word by edit distance, if near enough to be a
 * typo, else NULL: "did you mean" for options and rule ids. */
const char *cli_nearest(const char *word, const char *const *candidates, size_t n);
/* After parsing: two reports on standard output (CLI_BAD_REPORT), an
 * output file that is also an input (CLI_OUTPUT_IS_INPUT), two outputs to
 * the same file (CLI_OUTPUT_TWICE); the offending word in *bad. */
enum cli_error cli_check_reports(const struct cli *c, const char **bad);
/* The --help text. */
const char *cli_usage(void);

#endif
