/* cli.c - the option table and its parser; see cli.h */
#include "app/cli.h"

#include <stdlib.h>
#include <string.h>

#include "base/paths.h"
#include "doc/limits.h"
#include "report/report.h"
#include "rules/rules.h"

enum opt_id {
	O_RULES, O_NO_BUILTIN, O_FORMAT, O_OUTPUT, O_FAIL_ON, O_PARAMETER, O_PARAMETERS_FILE,
	O_NEW_ONLY, O_FILES_FROM, O_SHARD, O_MAX_FILE_SIZE, O_CONFIG, O_BASELINE,
	O_WRITE_BASELINE, O_JOBS, O_NO_COLOR, O_QUIET, O_VERBOSE, O_HELP, O_VERSION, O_REPORT, O_CHECK,
	O_SKIP_CHECK, O_SKIP_PATH, O_SKIP_NON_IAC, O_SARIF_SUPPRESSED, O_COMPACT, O_VAR, O_VAR_FILE,
	O_TF_SOURCE, O_NO_CONFIG,
};

/* Sorted by long name. */
static const struct option {
	const char *name;
	char short_name;
	int takes_arg;
	enum opt_id id;
} options[] = {
	{"baseline", 0, 1, O_BASELINE},
	{"check", 0, 1, O_CHECK},
	{"compact", 0, 0, O_COMPACT},
	{"config", 0, 1, O_CONFIG},
	{"fail-on", 0, 1, O_FAIL_ON},
	{"files-from", 0, 1, O_FILES_FROM},
	{"format", 'f', 1, O_FORMAT},
	{"help", 'h', 0, O_HELP},
	{"jobs", 'j', 1, O_JOBS},
	{"max-file-size", 0, 1, O_MAX_FILE_SIZE},
	{"new-only", 0, 0, O_NEW_ONLY},
	{"no-builtin", 0, 0, O_NO_BUILTIN},
	{"no-color", 0, 0, O_NO_COLOR},
	{"no-config", 0, 0, O_NO_CONFIG},
	{"output", 'o', 1, O_OUTPUT},
	{"parameter", 'p', 1, O_PARAMETER},
	{"parameters-file", 0, 1, O_PARAMETERS_FILE},
	{"quiet", 'q', 0, O_QUIET},
	{"report", 0, 1, O_REPORT},
	{"rules", 'r', 1, O_RULES},
	{"sarif-suppressed", 0, 0, O_SARIF_SUPPRESSED},
	{"shard", 0, 1, O_SHARD},
	{"skip-check", 0, 1, O_SKIP_CHECK},
	{"skip-non-iac", 0, 0, O_SKIP_NON_IAC},
	{"skip-path", 0, 1, O_SKIP_PATH},
	{"tf-source", 0, 1, O_TF_SOURCE},
	{"var", 0, 1, O_VAR},
	{"var-file", 0, 1, O_VAR_FILE},
	{"verbose", 'v', 0, O_VERBOSE},
	{"version", 'V', 0, O_VERSION},
	{"write-baseline", 0, 1, O_WRITE_BASELINE},
};

void cli_init(struct cli *c)
{
	memset(c, 0, sizeof(*c));
	c->format = "text";
	c->fail_on = -1;
	c->max_file_size = SG_DEFAULT_MAX_FILE_SIZE;
}

void cli_release(struct cli *c)
{
	for (size_t i = 0; i < c->owned.n; i++)
		free(c->owned.v[i]);
	free(c->owned.v);
	free(c->rule_paths.v);
	free(c->params.v);
	free(c->tf_vars.v);
	free(c->paths.v);
	free(c->reports.v);
	free(c->checks.v);
	free(c->skip_checks.v);
	free(c->skip_paths.v);
}

#define NOPTIONS (sizeof(options) / sizeof(options[0]))

/* Levenshtein distance, bounded: words are short. */
static size_t edit_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b), row[64];
	if (la >= 63 || lb >= 63)
		return 99;
	for (size_t j = 0; j <= lb; j++)
		row[j] = j;
	for (size_t i = 1; i <= la; i++) {
		size_t diag = row[0];
		row[0] = i;
		for (size_t j = 1; j <= lb; j++) {
			size_t up = row[j], best = diag + (a[i - 1] != b[j - 1]);
			if (up + 1 < best)
				best = up + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			diag = up;
			row[j] = best;
		}
	}
	return row[lb];
}

const char *cli_nearest(const char *word, const char *const *candidates, size_t n)
{
	const char *best = NULL;
	size_t best_d = 99, len = strlen(word);
	for (size_t i = 0; i < n; i++) {
		size_t d = edit_distance(word, candidates[i]);
		/* a typo, or a prefix the user stopped short of */
		if (strlen(candidates[i]) > len && strncmp(candidates[i], word, len) == 0 && len >= 3)
			d = d < 2 ? d : 2;
		if (d < best_d) {
			best_d = d;
			best = candidates[i];
		}
	}
	return best && best_d <= (len > 5 ? 2u : 1u) + (len > 12) ? best : NULL;
}

static void suggest_option(const char *bad, struct strbuf *out)
{
	const char *names[NOPTIONS];
	if (!bad || bad[0] != '-' || bad[1] != '-')
		return;
	char word[64];
	size_t n = strcspn(bad + 2, "=");
	if (n >= sizeof(word))
		return;
	memcpy(word, bad + 2, n);
	word[n] = '\0';
	for (size_t i = 0; i < NOPTIONS; i++)
		names[i] = options[i].name;
	const char *near = cli_nearest(word, names, NOPTIONS);
	if (near)
		sb_addf(out, "; did you mean --%s?", near);
}

void cli_error_text(enum cli_error e, const char *bad, struct strbuf *out)
{
	switch (e) {
	case CLI_UNKNOWN_OPTION:
		sb_adds(out, "unknown option");
		suggest_option(bad, out);
		break;
	case CLI_MISSING_ARGUMENT:
		sb_adds(out, "option needs a value");
		break;
	case CLI_UNEXPECTED_ARGUMENT:
		sb_adds(out, "option takes no value");
		break;
	case CLI_BAD_FORMAT:
		sb_adds(out, "unknown format (");
		report_format_list(out);
		sb_addc(out, ')');
		break;
	case CLI_BAD_SEVERITY:
		sb_adds(out, "unknown severity (");
		severity_list(out, 1);
		sb_addc(out, ')');
		break;
	case CLI_BAD_PARAMETER:
		sb_adds(out, "a parameter is KEY=VALUE");
		break;
	case CLI_BAD_SHARD:
		sb_adds(out, "a shard is K/N with 1 <= K <= N");
		break;
	case CLI_BAD_NUMBER:
		sb_adds(out, "not a positive number");
		break;
	case CLI_BAD_REPORT:
		sb_adds(out, "a report is FORMAT or FORMAT:FILE, one per file and at most one on standard "
			     "output (formats: ");
		report_format_list(out);
		sb_addc(out, ')');
		break;
	case CLI_OUTPUT_IS_INPUT:
		sb_adds(out, "this output file is also an input of the scan (a path to scan, --config, "
			     "--rules, --parameters-file, --var-file or --files-from): writing it would "
			     "destroy what is read");
		break;
	case CLI_OUTPUT_TWICE:
		sb_adds(out, "named as two outputs (--output, --report FORMAT:FILE, --write-baseline): "
			     "one would overwrite the other");
		break;
	case CLI_REPEATED:
		sb_adds(out, "given twice with different values (one --format and one --output; "
			     "more reports with --report FORMAT:FILE)");
		break;
	default:
		sb_adds(out, "ok");
	}
}

static const struct option *find_long(const char *name, size_t len)
{
	for (size_t i = 0; i < NOPTIONS; i++)
		if (strlen(options[i].name) == len && strncmp(options[i].name, name, len) == 0)
			return &options[i];
	return NULL;
}

static const struct option *find_short(char c)
{
	for (size_t i = 0; i < NOPTIONS; i++)
		if (options[i].short_name == c)
			return &options[i];
	return NULL;
}

static int positive(const char *s, long long *out)
{
	int64_t v;
	if (parse_int64(s, &v) != 0 || v <= 0)
		return -1;
	*out = v;
	return 0;
}

/* "SG001,SG00*" -> two patterns (each owned by c). */
static void split_list(struct cli *c, const char *arg, void *vec_ptr)
{
	VEC(const char *) *vec = vec_ptr;
	for (const char *p = arg; *p;) {
		size_t n = strcspn(p, ",");
		if (n) {
			char *w = xstrndup(p, n);
			VEC_PUSH(c->owned, w);
			VEC_PUSH(*vec, w);
		}
		p += n + (p[n] == ',');
	}
}

static enum cli_error add_report(struct cli *c, const char *arg)
{
	const char *colon = strchr(arg, ':');
	size_t n = colon ? (size_t)(colon - arg) : strlen(arg);
	char *format = xstrndup(arg, n);
	VEC_PUSH(c->owned, format);
	if (!report_format_known(format) || (colon && !colon[1]))
		return CLI_BAD_REPORT;
	struct cli_report rep = {format, colon ? colon + 1 : NULL};
	VEC_PUSH(c->reports, rep);
	return CLI_OK;
}

/* A value that may be given once: a repeat with another value is an error. */
static enum cli_error set_once(const char **slot, const char *value, int *given)
{
	if (*given && strcmp(*slot, value) != 0)
		return CLI_REPEATED;
	*slot = value;
	*given = 1;
	return CLI_OK;
}

static enum cli_error apply(struct cli *c, enum opt_id id, const char *arg)
{
	long long n;
	int output_given = c->output != NULL;
	switch (id) {
	case O_RULES:
		VEC_PUSH(c->rule_paths, arg);
		break;
	case O_NO_BUILTIN:
		c->no_builtin = 1;
		break;
	case O_FORMAT:
		if (!report_format_known(arg))
			return CLI_BAD_FORMAT;
		return set_once(&c->format, arg, &c->format_given);
	case O_OUTPUT:
		return set_once(&c->output, arg, &output_given);
	case O_REPORT:
		return add_report(c, arg);
	case O_CHECK:
		split_list(c, arg, &c->checks);
		break;
	case O_SKIP_CHECK:
		split_list(c, arg, &c->skip_checks);
		break;
	case O_SKIP_PATH:
		VEC_PUSH(c->skip_paths, arg);
		break;
	case O_SKIP_NON_IAC:
		c->skip_non_iac = 1;
		break;
	case O_SARIF_SUPPRESSED:
		c->sarif_suppressed = 1;
		break;
	case O_COMPACT:
		c->compact = 1;
		break;
	case O_FAIL_ON:
		if ((c->fail_on = severity_parse(arg)) < 0)
			return CLI_BAD_SEVERITY;
		break;
	case O_PARAMETER: {
		const char *eq = strchr(arg, '=');
		if (!eq || eq == arg)
			return CLI_BAD_PARAMETER;
		char *key = xstrndup(arg, (size_t)(eq - arg));
		struct opt_kv pv = {key, eq + 1};
		VEC_PUSH(c->owned, key);
		VEC_PUSH(c->params, pv);
		break;
	}
	case O_PARAMETERS_FILE:
		c->params_file = arg;
		break;
	case O_VAR: {
		const char *eq = strchr(arg, '=');
		if (!eq || eq == arg)
			return CLI_BAD_PARAMETER;
		char *key = xstrndup(arg, (size_t)(eq - arg));
		struct opt_kv v = {key, eq + 1};
		VEC_PUSH(c->owned, key);
		VEC_PUSH(c->tf_vars, v);
		break;
	}
	case O_VAR_FILE: {
		struct opt_kv v = {NULL, arg}; /* a file: the values of --var in its place */
		VEC_PUSH(c->tf_vars, v);
		break;
	}
	case O_TF_SOURCE:
		c->tf_source = arg;
		break;
	case O_NEW_ONLY:
		c->new_only = 1;
		break;
	case O_FILES_FROM:
		c->files_from = arg;
		break;
	case O_SHARD: {
		const char *slash = strchr(arg, '/');
		long long k, total;
		char buf[32];
		if (!slash || (size_t)(slash - arg) >= sizeof(buf))
			return CLI_BAD_SHARD;
		memcpy(buf, arg, (size_t)(slash - arg));
		buf[slash - arg] = '\0';
		if (positive(buf, &k) || positive(slash + 1, &total) || k > total || total > 100000)
			return CLI_BAD_SHARD;
		c->shard_k = (unsigned)k;
		c->shard_n = (unsigned)total;
		break;
	}
	case O_MAX_FILE_SIZE:
		if (positive(arg, &n))
			return CLI_BAD_NUMBER;
		c->max_file_size = (size_t)n;
		break;
	case O_CONFIG:
		c->config = arg;
		break;
	case O_NO_CONFIG:
		c->no_config = 1;
		break;
	case O_BASELINE:
		c->baseline = arg;
		break;
	case O_WRITE_BASELINE:
		c->write_baseline = arg;
		break;
	case O_JOBS:
		if (positive(arg, &n) || n > 1024)
			return CLI_BAD_NUMBER;
		c->jobs = (int)n;
		break;
	case O_NO_COLOR:
		c->no_color = 1;
		break;
	case O_QUIET:
		c->quiet = 1;
		break;
	case O_VERBOSE:
		c->verbose = 1;
		break;
	case O_HELP:
		c->help = 1;
		break;
	case O_VERSION:
		c->version = 1;
		break;
	}
	return CLI_OK;
}

/* One option word at argv[*i]; may consume the next word as its value. */
static enum cli_error parse_option(struct cli *c, int argc, char **argv, int *i, const char **bad)
{
	const char *w = argv[*i];
	const struct option *o;
	const char *value = NULL;
	*bad = w;
	if (w[1] == '-') {
		const char *eq = strchr(w + 2, '=');
		o = find_long(w + 2, eq ? (size_t)(eq - w - 2) : strlen(w + 2));
		if (!o)
			return CLI_UNKNOWN_OPTION;
		if (eq && !o->takes_arg)
			return CLI_UNEXPECTED_ARGUMENT;
		value = eq ? eq + 1 : NULL;
	} else {
		o = find_short(w[1]);
		if (!o)
			return CLI_UNKNOWN_OPTION;
		if (w[2] && !o->takes_arg)
			return CLI_UNEXPECTED_ARGUMENT;
		value = w[2] ? w + 2 : NULL;
	}
	if (o->takes_arg && !value) {
		if (*i + 1 >= argc)
			return CLI_MISSING_ARGUMENT;
		value = argv[++*i];
	}
	enum cli_error e = apply(c, o->id, value);
	if (e != CLI_OK)
		*bad = e == CLI_REPEATED || !value ? w : value;
	return e;
}

/* The files sgcheck reads, other than the baseline (which --write-baseline
 * may refresh in place: it is read before anything is written). */
static int is_input(const struct cli *c, const char *f)
{
	const char *named[] = {c->config, c->params_file, c->files_from};
	for (size_t i = 0; i < sizeof(named) / sizeof(named[0]); i++)
		if (named[i] && path_same_file(named[i], f))
			return 1;
	for (size_t i = 0; i < c->paths.n; i++)
		if (strcmp(c->paths.v[i], "-") != 0 && path_same_file(c->paths.v[i], f))
			return 1;
	for (size_t i = 0; i < c->rule_paths.n; i++)
		if (path_same_file(c->rule_paths.v[i], f))
			return 1;
	for (size_t i = 0; i < c->tf_vars.n; i++)
		if (!c->tf_vars.v[i].key && path_same_file(c->tf_vars.v[i].value, f))
			return 1;
	return 0;
}

/* Every file sgcheck writes: --output, each --report FILE, --write-baseline. */
static size_t output_files(const struct cli *c, const char **out, size_t cap)
{
	size_t n = 0;
	if (c->output && n < cap)
		out[n++] = c->output;
	for (size_t i = 0; i < c->reports.n && n < cap; i++)
		if (c->reports.v[i].file)
			out[n++] = c->reports.v[i].file;
	if (c->write_baseline && n < cap)
		out[n++] = c->write_baseline;
	return n;
}

/* Checked before anything is read or written: an output that names an input
 * would destroy it, two outputs to one file would lose one of them. */
static enum cli_error check_outputs(const struct cli *c, const char **bad)
{
	const char *outs[64];
	size_t n = output_files(c, outs, sizeof(outs) / sizeof(outs[0]));
	for (size_t i = 0; i < n; i++) {
		*bad = outs[i];
		if (is_input(c, outs[i]))
			return CLI_OUTPUT_IS_INPUT;
		for (size_t k = 0; k < i; k++)
			if (strcmp(outs[k], outs[i]) == 0 || path_same_file(outs[k], outs[i]))
				return CLI_OUTPUT_TWICE;
	}
	return CLI_OK;
}

enum cli_error cli_check_reports(const struct cli *c, const char **bad)
{
	int on_stdout = !c->output;
	for (size_t i = 0; i < c->reports.n; i++) {
		*bad = c->reports.v[i].format;
		if (!c->reports.v[i].file && on_stdout++)
			return CLI_BAD_REPORT;
	}
	return check_outputs(c, bad);
}

enum cli_error cli_parse(struct cli *c, int argc, char **argv, const char **bad)
{
	int only_paths = 0;
	for (int i = 0; i < argc; i++) {
		const char *w = argv[i];
		if (only_paths || w[0] != '-' || strcmp(w, "-") == 0) {
			VEC_PUSH(c->paths, w);
			continue;
		}
		if (strcmp(w, "--") == 0) {
			only_paths = 1;
			continue;
		}
		enum cli_error e = parse_option(c, argc, argv, &i, bad);
		if (e != CLI_OK)
			return e;
	}
	return CLI_OK;
}

const char *cli_usage(void)
{
	return "usage: sgcheck scan [options] PATH...     scan files or directories ('-' = stdin)\n"
	       "       sgcheck PATH...                    the same\n"
	       "       sgcheck graph [--format mermaid|dot|json] PATH...  draw what each group protects\n"
	       "                                          and how the internet reaches it\n"
	       "       sgcheck rules list [--format text|json|markdown] [-r PATH] [--no-builtin]\n"
	       "       sgcheck rules validate PATH...     check rule files, with file:line:col errors\n"
	       "       sgcheck rules test [PATH...]       run every rule's own examples\n"
	       "       sgcheck --version | --help\n"
	       "\n"
	       "Checks AWS CloudFormation templates (YAML, JSON) and Terraform plan or state\n"
	       "JSON for the network access their security groups, rules and network ACLs grant.\n"
	       "\n"
	       "scan options:\n"
	       "  -r, --rules PATH             add a rule file or directory (repeatable)\n"
	       "      --no-builtin             do not load the built-in rule pack\n"
	       "      --check IDS              run only these rules (comma list of ids or globs: SG00*)\n"
	       "      --skip-check IDS         never run these rules (comma list of ids or globs)\n"
	       "  -f, --format FMT             text (default) | json | sarif | junit | github | gitlab |\n"
	       "                               gitlab-sast\n"
	       "  -o, --output FILE            write the report to FILE instead of stdout\n"
	       "      --report FMT[:FILE]      one more report in another format, to FILE or stdout\n"
	       "                               (repeatable; at most one report goes to stdout)\n"
	       "      --compact                text: one line per finding\n"
	       "      --sarif-suppressed       SARIF: keep suppressed findings, with suppressions\n"
	       "      --fail-on SEVERITY       critical|high|medium|low|info|none (default: medium)\n"
	       "  -p, --parameter KEY=VALUE    CloudFormation parameter value (repeatable)\n"
	       "      --parameters-file FILE   CloudFormation parameters (create-stack or\n"
	       "                               template-configuration JSON)\n"
	       "      --var NAME=VALUE         Terraform variable for .tf scans (repeatable, like -var)\n"
	       "      --var-file FILE          Terraform variables file, .tfvars or .tfvars.json\n"
	       "                               (repeatable, like -var-file; in command-line order)\n"
	       "      --tf-source DIR          plans: the root module's .tf directory, to locate\n"
	       "                               findings in the source (default: the plan's directory)\n"
	       "      --new-only               Terraform plans: only exposure the plan newly\n"
	       "                               opens counts for the exit status\n"
	       "      --files-from FILE|-      read the paths to scan from FILE or stdin\n"
	       "      --skip-path GLOB         leave out paths matching GLOB, relative to the\n"
	       "                               repository root (repeatable)\n"
	       "      --skip-non-iac           named files that are not IaC are skipped silently,\n"
	       "                               as in a directory walk (what hooks pass)\n"
	       "      --shard K/N              scan only the K-th of N stable slices of the files\n"
	       "      --max-file-size BYTES    larger files are an error (default 64 MiB)\n"
	       "      --config FILE            default: .sgcheck.yml here or in a parent directory\n"
	       "                               (in CI, a trusted path: the scanned repository's\n"
	       "                               own file can switch rules off)\n"
	       "      --no-config              read no configuration file\n"
	       "      --baseline FILE          report only findings not in FILE\n"
	       "      --write-baseline FILE    write the current findings as a baseline\n"
	       "  -j, --jobs N                 files scanned in parallel (default: number of CPUs)\n"
	       "      --no-color               no colour in the text report (also: NO_COLOR=1)\n"
	       "  -q, --quiet                  only findings and errors, no summary\n"
	       "  -v, --verbose                text: also list the resources left out (a Condition\n"
	       "                               false under the parameters given)\n"
	       "  -h, --help                   this help\n"
	       "  -V, --version                the version, the rule pack's and the build's\n"
	       "\n"
	       "exit status: 0 no unsuppressed finding at or above --fail-on; 1 there is one;\n"
	       "2 a usage error, an unreadable or unparsable input, or an invalid rule or\n"
	       "configuration file.\n";
}
