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

struct cli {
	VEC(const char *) rule_paths;
	int no_builtin;
	const char *format;
	const char *output;
	int fail_on; /* -1: not given */
	VEC(struct opt_kv) params; /* -p KEY=VALUE */
	VEC(char *) owned;         /* strings the options point to */
	const char *params_file;
	int new_only;
	const char *files_from;
	unsigned shard_k, shard_n;
	size_t max_file_size;
	const char *config;
	const char *baseline;
	const char *write_baseline;
	int jobs;
	int no_color;
	int quiet;
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
};

void cli_init(struct cli *c);
void cli_release(struct cli *c);
/* Parse argv[0..argc); on error returns the code and the offending word. */
enum cli_error cli_parse(struct cli *c, int argc, char **argv, const char **bad);
/* One message per error code. */
void cli_error_text(enum cli_error e, struct strbuf *out);
/* The --help text. */
const char *cli_usage(void);

#endif
