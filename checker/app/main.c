/* main.c - sgcheck's commands: scan, rules list|validate|test. */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "policy/baseline.h"
#include "app/cli.h"
#include "policy/config.h"
#include "base/jsonw.h"
#include "report/report.h"
#include "rules/rules.h"
#include "app/scan.h"
#include "base/version.h"

/* Problems of the run itself (rule files, configuration, arguments). */
struct run_diags {
	diag_vec errors;
	diag_vec notes;
};

static void append_diags(diag_vec *dst, const struct diag *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		VEC_PUSH(*dst, v[i]);
}

static int usage_error(const char *fmt, ...) SG_PRINTF(1, 2);
static int usage_error(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	say("error", fmt, ap);
	va_end(ap);
	fputs("Try 'sgcheck --help'.\n", stderr);
	return 2;
}

static int option_error(const char *bad, enum cli_error e)
{
	struct strbuf why = STRBUF_INIT;
	cli_error_text(e, &why);
	int status = usage_error("%s: %s", bad, why.buf);
	sb_release(&why);
	return status;
}

static const char *today(char *buf, size_t size)
{
	const char *env = getenv("SGCHECK_TODAY"); /* tests pin the date */
	if (env && *env)
		return env;
	time_t now = time(NULL);
	struct tm tm;
	gmtime_r(&now, &tm);
	strftime(buf, size, "%Y-%m-%d", &tm);
	return buf;
}

static int cpu_count(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);
	return n > 0 ? (int)n : 1;
}

/* ---- loading rules ------------------------------------------------------ */

static void load_rules(struct ruleset *rs, const struct cli *cli, struct config *cfg)
{
	ruleset_init(rs);
	if (!cli->no_builtin)
		ruleset_add_builtin(rs);
	for (size_t i = 0; cfg && i < cfg->rule_paths.n; i++)
		ruleset_add_path(rs, cfg->rule_paths.v[i]);
	for (size_t i = 0; i < cli->rule_paths.n; i++)
		ruleset_add_path(rs, cli->rule_paths.v[i]);
	ruleset_compile(rs, cfg ? config_apply_overrides : NULL, cfg);
	if (cfg)
		config_apply_rules(cfg, rs);
}

/* ---- targets --------------------------------------------------------------------- */

static void read_files_from(const char *from, struct scan_targets *t, const struct config *cfg,
			    struct run_diags *d)
{
	char *buf;
	size_t len;
	if (read_file(from, SG_DEFAULT_MAX_FILE_SIZE, &buf, &len) != 0) {
		diags_add(&d->errors, (struct loc){from, 0, 0}, "cannot read the file list: %s", strerror(errno));
		return;
	}
	for (char *line = buf, *next; line && *line; line = next) {
		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		size_t n = strlen(line);
		if (n && line[n - 1] == '\r')
			line[--n] = '\0';
		if (!n)
			continue;
		/* a list from git diff names deleted files too: skip what is gone */
		if (access(line, F_OK) != 0)
			continue;
		scan_add_path(t, line, cfg, 1);
	}
	free(buf);
}

/* ---- scan ---------------------------------------------------------------------------- */

static int write_report(const struct cli *cli, const struct strbuf *out)
{
	if (!cli->output) {
		fwrite(sb_str(out), 1, out->len, stdout);
		return fflush(stdout) == 0 ? 0 : -1;
	}
	if (write_file_atomic(cli->output, sb_str(out), out->len) != 0) {
		fprintf(stderr, "sgcheck: error: cannot write %s: %s\n", cli->output, strerror(errno));
		return -1;
	}
	return 0;
}

struct scan_state {
	struct cli *cli;
	struct config cfg;
	struct ruleset rs;
	struct baseline baseline;
	struct scan_targets targets;
	struct run_diags d;
	struct frontend_states formats;
	char date[16];
};

static void scan_prepare(struct scan_state *s)
{
	struct cli *cli = s->cli;
	config_init(&s->cfg);
	config_load(&s->cfg, cli->config);
	const char *day = today(s->date, sizeof(s->date));
	config_check_expiry(&s->cfg, day);
	load_rules(&s->rs, cli, &s->cfg);
	append_diags(&s->d.errors, s->rs.errors.v, s->rs.errors.n);
	append_diags(&s->d.errors, s->cfg.errors.v, s->cfg.errors.n);
	append_diags(&s->d.notes, s->cfg.notes.v, s->cfg.notes.n);
	struct frontend_opts fo = {cli->params.v, cli->params.n, cli->params_file, {0}};
	load_limits_default(&fo.lim);
	frontends_prepare(&s->formats, &fo, &s->d.errors);
	if (cli->baseline) {
		struct diag err;
		if (baseline_load(&s->baseline, cli->baseline, &err) != 0)
			VEC_PUSH(s->d.errors, err);
	}
	for (size_t i = 0; i < cli->paths.n; i++)
		scan_add_path(&s->targets, cli->paths.v[i], &s->cfg, 0);
	if (cli->files_from)
		read_files_from(cli->files_from, &s->targets, &s->cfg, &s->d);
	if (cli->shard_n)
		scan_shard(&s->targets, cli->shard_k, cli->shard_n);
	append_diags(&s->d.errors, s->targets.errors.v, s->targets.errors.n);
	sort_array(s->d.errors.v, s->d.errors.n, sizeof(*s->d.errors.v), diag_cmp);
	sort_array(s->d.notes.v, s->d.notes.n, sizeof(*s->d.notes.v), diag_cmp);
}

static int cmd_scan(struct cli *cli)
{
	struct scan_state s;
	memset(&s, 0, sizeof(s));
	s.cli = cli;
	if (cli->paths.n == 0 && !cli->files_from)
		return usage_error("no PATH to scan");
	scan_prepare(&s);

	struct scan_opts o;
	memset(&o, 0, sizeof(o));
	o.rs = &s.rs;
	load_limits_default(&o.lim);
	o.lim.max_file_size = cli->max_file_size;
	o.formats = &s.formats;
	o.cfg = &s.cfg;
	o.baseline = cli->baseline ? &s.baseline : NULL;
	o.today = s.date[0] ? s.date : today(s.date, sizeof(s.date));
	o.jobs = cli->jobs ? cli->jobs : cpu_count();
	struct unit_result *results = xcalloc(s.targets.v.n ? s.targets.v.n : 1, sizeof(*results));
	scan_run(&o, &s.targets, results);

	struct report r;
	memset(&r, 0, sizeof(r));
	r.files = results;
	r.nfiles = s.targets.v.n;
	r.rs = &s.rs;
	r.errors = s.d.errors.v;
	r.nerrors = s.d.errors.n;
	r.notes = s.d.notes.v;
	r.nnotes = s.d.notes.n;
	r.fail_on = cli->fail_on >= 0 ? cli->fail_on : s.cfg.fail_on >= 0 ? s.cfg.fail_on : SEV_MEDIUM;
	r.new_only = cli->new_only;
	r.quiet = cli->quiet;
	r.color = !cli->no_color && !cli->output && strcmp(cli->format, "text") == 0 && isatty(1) &&
		  !getenv("NO_COLOR");
	report_prepare(&r);
	struct strbuf out = STRBUF_INIT;
	report_render(&r, cli->format, &out);
	int status = report_exit_status(&r);
	if (write_report(cli, &out) != 0)
		status = 2;
	if (cli->write_baseline && baseline_write(cli->write_baseline, results, r.nfiles) != 0) {
		fprintf(stderr, "sgcheck: error: cannot write %s: %s\n", cli->write_baseline, strerror(errno));
		status = 2;
	}
	sb_release(&out);
	for (size_t i = 0; i < r.nfiles; i++)
		unit_result_release(&results[i]);
	free(results);
	scan_targets_release(&s.targets);
	baseline_release(&s.baseline);
	ruleset_release(&s.rs);
	config_release(&s.cfg);
	frontends_release(&s.formats);
	free(s.d.errors.v);
	free(s.d.notes.v);
	return status;
}

/* ---- rules list | validate | test ------------------------------------------------ */

static int print_rule_errors(struct ruleset *rs)
{
	sort_array(rs->errors.v, rs->errors.n, sizeof(*rs->errors.v), diag_cmp);
	for (size_t i = 0; i < rs->errors.n; i++) {
		const struct diag *d = &rs->errors.v[i];
		if (d->loc.line)
			fprintf(stderr, "%s:%u:%u: error: %s\n", d->loc.file, d->loc.line, d->loc.col, d->msg);
		else
			fprintf(stderr, "%s: error: %s\n", d->loc.file ? d->loc.file : "sgcheck", d->msg);
	}
	return rs->errors.n ? 2 : 0;
}

static void list_json(const struct ruleset *rs, struct strbuf *out)
{
	struct jsonw w;
	jw_init(&w, out, 0);
	jw_arr(&w);
	for (size_t i = 0; i < rs->rules.n; i++) {
		const struct rule *r = rs->rules.v[i];
		jw_obj(&w);
		jw_kstr(&w, "id", r->id);
		jw_kstr(&w, "severity", severity_name(r->severity));
		jw_kstr(&w, "title", r->title);
		jw_kstr(&w, "scope", r->scope == RSCOPE_RESOURCE ? "resource"
				    : r->scope == RSCOPE_NETWORK_ACL ? "network_acl" : "security_group");
		jw_kstr(&w, "file", r->file);
		jw_kint(&w, "line", r->loc.line);
		jw_kbool(&w, "builtin", r->builtin);
		jw_kint(&w, "examples", (int64_t)r->nexamples);
		jw_obj_end(&w);
	}
	jw_arr_end(&w);
}

static void list_markdown(const struct ruleset *rs, struct strbuf *out)
{
	sb_adds(out, "| id | severity | title |\n|---|---|---|\n");
	for (size_t i = 0; i < rs->rules.n; i++)
		sb_addf(out, "| %s | %s | %s |\n", rs->rules.v[i]->id, severity_name(rs->rules.v[i]->severity),
			rs->rules.v[i]->title);
}

static int cmd_rules_list(struct cli *cli)
{
	struct ruleset rs;
	struct strbuf out = STRBUF_INIT;
	load_rules(&rs, cli, NULL);
	if (strcmp(cli->format, "json") == 0)
		list_json(&rs, &out);
	else if (strcmp(cli->format, "markdown") == 0)
		list_markdown(&rs, &out);
	else
		for (size_t i = 0; i < rs.rules.n; i++)
			sb_addf(&out, "%-8s %-8s %s  (%s:%u)\n", rs.rules.v[i]->id,
				severity_name(rs.rules.v[i]->severity), rs.rules.v[i]->title,
				rs.rules.v[i]->file, rs.rules.v[i]->loc.line);
	fwrite(sb_str(&out), 1, out.len, stdout);
	sb_release(&out);
	int status = print_rule_errors(&rs);
	ruleset_release(&rs);
	return status;
}

static int cmd_rules_validate(struct cli *cli)
{
	struct ruleset rs;
	if (cli->paths.n == 0)
		return usage_error("rules validate needs a rule file or directory");
	for (size_t i = 0; i < cli->paths.n; i++)
		VEC_PUSH(cli->rule_paths, cli->paths.v[i]);
	load_rules(&rs, cli, NULL);
	int status = print_rule_errors(&rs);
	size_t mine = 0;
	for (size_t i = 0; i < rs.rules.n; i++)
		mine += !rs.rules.v[i]->builtin;
	if (!status)
		printf("%zu rule%s OK\n", mine, mine == 1 ? "" : "s");
	ruleset_release(&rs);
	return status;
}

/* Run one example through the whole pipeline; 1 if the rule fired. */
static int example_fires(const struct ruleset *rs, const struct rule *r, const struct rule_example *x,
			 const char *name, struct strbuf *why)
{
	struct scan_opts o;
	struct unit_result res;
	memset(&o, 0, sizeof(o));
	o.rs = rs;
	load_limits_default(&o.lim);
	unit_result_init(&res, name);
	scan_text(&o, name, x->text, strlen(x->text), 1, &res);
	int fired = 0;
	for (size_t i = 0; i < res.findings.n; i++)
		fired |= res.findings.v[i].rule == r;
	for (size_t i = 0; i < res.errors.n; i++)
		sb_addf(why, "      error: %u:%u: %s\n", res.errors.v[i].loc.line, res.errors.v[i].loc.col,
			res.errors.v[i].msg);
	if (!res.scanned && !res.errors.n)
		sb_adds(why, "      the input is not a CloudFormation template or Terraform plan/state\n");
	unit_result_release(&res);
	return fired;
}

static int cmd_rules_test(struct cli *cli)
{
	struct ruleset rs;
	for (size_t i = 0; i < cli->paths.n; i++)
		VEC_PUSH(cli->rule_paths, cli->paths.v[i]);
	load_rules(&rs, cli, NULL);
	int status = print_rule_errors(&rs);
	size_t passed = 0, failed = 0, untested = 0;
	for (size_t i = 0; i < rs.rules.n; i++) {
		const struct rule *r = rs.rules.v[i];
		if (cli->paths.n && r->builtin)
			continue;
		untested += r->nexamples == 0;
		for (size_t k = 0; k < r->nexamples; k++) {
			const struct rule_example *x = &r->examples[k];
			char name[512];
			struct strbuf why = STRBUF_INIT;
			snprintf(name, sizeof(name), "%s:%u", x->loc.file, x->loc.line);
			int fired = example_fires(&rs, r, x, name, &why);
			if (fired == x->expect_fire) {
				passed++;
			} else {
				failed++;
				printf("FAIL %s: %s example %zu%s%s%s should %s\n%s", name, r->id, k + 1,
				       x->name ? " (" : "", x->name ? x->name : "", x->name ? ")" : "",
				       x->expect_fire ? "fire but does not" : "not fire but does", sb_str(&why));
			}
			sb_release(&why);
		}
	}
	if (untested)
		printf("note: %zu rule%s without examples\n", untested, untested == 1 ? "" : "s");
	printf("%zu passed, %zu failed\n", passed, failed);
	ruleset_release(&rs);
	return status ? status : failed ? 1 : 0;
}

/* ---- dispatch ---------------------------------------------------------------------------- */

static const struct command {
	const char *name;
	int (*fn)(struct cli *);
} rules_commands[] = {
	{"list", cmd_rules_list},
	{"validate", cmd_rules_validate},
	{"test", cmd_rules_test},
};

static int run_rules(int argc, char **argv)
{
	struct cli cli;
	const char *bad = NULL;
	if (argc < 1)
		return usage_error("rules needs a subcommand: list, validate or test");
	for (size_t i = 0; i < sizeof(rules_commands) / sizeof(rules_commands[0]); i++) {
		if (strcmp(argv[0], rules_commands[i].name) != 0)
			continue;
		cli_init(&cli);
		/* rules list --format markdown is not a report format */
		int is_list_md = argc >= 3 && strcmp(argv[0], "list") == 0;
		enum cli_error e = CLI_OK;
		if (is_list_md && (strcmp(argv[1], "--format") == 0 || strcmp(argv[1], "-f") == 0) &&
		    strcmp(argv[2], "markdown") == 0) {
			cli.format = "markdown";
			e = cli_parse(&cli, argc - 3, argv + 3, &bad);
		} else {
			e = cli_parse(&cli, argc - 1, argv + 1, &bad);
		}
		int status;
		if (e != CLI_OK) {
			status = option_error(bad, e);
		} else {
			status = rules_commands[i].fn(&cli);
		}
		cli_release(&cli);
		return status;
	}
	return usage_error("unknown rules subcommand '%s' (list, validate, test)", argv[0]);
}

int main(int argc, char **argv)
{
	if (argc >= 2 && strcmp(argv[1], "rules") == 0)
		return run_rules(argc - 2, argv + 2);
	if (argc >= 2 && strcmp(argv[1], "help") == 0) {
		fputs(cli_usage(), stdout);
		return 0;
	}
	int first = argc >= 2 && strcmp(argv[1], "scan") == 0 ? 2 : 1;
	struct cli cli;
	const char *bad = NULL;
	cli_init(&cli);
	enum cli_error e = cli_parse(&cli, argc - first, argv + first, &bad);
	int status;
	if (e != CLI_OK) {
		status = option_error(bad, e);
	} else if (cli.help) {
		fputs(cli_usage(), stdout);
		status = 0;
	} else if (cli.version) {
		printf("sgcheck %s\n", SG_VERSION);
		status = 0;
	} else {
		status = cmd_scan(&cli);
	}
	cli_release(&cli);
	return status;
}
