/* main.c - sgcheck's commands: scan, rules list|validate|test. */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <fnmatch.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <yaml.h>
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include "policy/baseline.h"
#include "app/cli.h"
#include "policy/config.h"
#include "base/jsonw.h"
#include "report/report.h"
#include "rules/rules.h"
#include "app/scan.h"
#include "reach/reach.h"
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
	cli_error_text(e, bad, &why);
	int status = usage_error("%s: %s", bad, why.buf);
	sb_release(&why);
	return status;
}

static void write_error(const char *what)
{
	sayf("error", "cannot write %s: %s", what, errno ? strerror(errno) : "write error");
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

/* Seconds since the epoch; SOURCE_DATE_EPOCH (reproducible builds) pins
 * it, so reports that carry times compare byte for byte. */
static long long now(void)
{
	const char *env = getenv("SOURCE_DATE_EPOCH");
	int64_t v;
	if (env && parse_int64(env, &v) == 0 && v >= 0)
		return v;
	return (long long)time(NULL);
}

static int cpu_count(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);
	return n > 0 ? (int)n : 1;
}

/* ---- loading rules ------------------------------------------------------ */

/* Whether the command shows the rules' examples: SARIF's rule help does
 * (a scan otherwise loads the pack without them, see rules.h). */
static int shows_examples(const struct cli *cli)
{
	if (cli->format && strcmp(cli->format, "sarif") == 0)
		return 1;
	for (size_t i = 0; i < cli->reports.n; i++)
		if (strcmp(cli->reports.v[i].format, "sarif") == 0)
			return 1;
	return 0;
}

static void load_rules(struct ruleset *rs, const struct cli *cli, struct config *cfg, int with_examples)
{
	ruleset_init(rs);
	if (!cli->no_builtin)
		ruleset_add_builtin(rs, with_examples);
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
	int rc = read_stream(from, SG_DEFAULT_MAX_FILE_SIZE, &buf, &len);
	if (rc != 0) {
		diags_add(&d->errors, (struct loc){from, 0, 0}, "cannot read the file list: %s", read_file_error(rc));
		return;
	}
	/* NUL-separated (git ... -z, find -print0) when the list holds a NUL:
	 * then a name may hold any other byte, newlines included */
	char sep = memchr(buf, '\0', len) ? '\0' : '\n';
	for (char *line = buf, *end = buf + len, *next; line < end; line = next) {
		char *stop = memchr(line, sep, (size_t)(end - line));
		next = stop ? stop + 1 : end;
		if (stop)
			*stop = '\0';
		size_t n = strlen(line);
		if (sep == '\n' && n && line[n - 1] == '\r')
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

/* Standard output, checked: a full disk or a closed pipe is an error (exit
 * 2), never a report that silently went nowhere. */
static int write_stdout(const char *data, size_t len)
{
	errno = 0;
	if (fwrite(data, 1, len, stdout) != len || fflush(stdout) != 0 || ferror(stdout)) {
		write_error("standard output");
		return -1;
	}
	return 0;
}

/* --check / --skip-check: a pattern that matches no rule is an error, with
 * the nearest rule id when it looks like a typo. */
static void select_rules(struct ruleset *rs, const struct cli *cli, struct run_diags *d)
{
	const char **ids = xcalloc(rs->rules.n ? rs->rules.n : 1, sizeof(*ids));
	for (size_t i = 0; i < rs->rules.n; i++)
		ids[i] = rs->rules.v[i]->id;
	for (int skip = 0; skip < 2; skip++) {
		const char *opt = skip ? "--skip-check" : "--check";
		for (size_t p = 0; p < (skip ? cli->skip_checks.n : cli->checks.n); p++) {
			const char *pat = skip ? cli->skip_checks.v[p] : cli->checks.v[p];
			size_t hits = 0;
			for (size_t i = 0; i < rs->rules.n; i++)
				hits += fnmatch(pat, ids[i], 0) == 0;
			if (hits)
				continue;
			const char *near = cli_nearest(pat, ids, rs->rules.n);
			const char *what = strpbrk(pat, "*?[") ? "no rule id matches this glob" : "no rule has this id";
			diags_add(&d->errors, (struct loc){NULL, 0, 0}, "%s %s: %s%s%s%s", opt, pat, what,
				  near ? "; did you mean " : "", near ? near : "", near ? "?" : "");
		}
	}
	free(ids);
	size_t n = 0;
	for (size_t i = 0; i < rs->rules.n; i++) {
		const char *id = rs->rules.v[i]->id;
		int keep = cli->checks.n == 0;
		for (size_t p = 0; p < cli->checks.n && !keep; p++)
			keep = fnmatch(cli->checks.v[p], id, 0) == 0;
		for (size_t p = 0; p < cli->skip_checks.n && keep; p++)
			keep = fnmatch(cli->skip_checks.v[p], id, 0) != 0;
		if (keep)
			rs->rules.v[n++] = rs->rules.v[i];
	}
	rs->rules.n = n;
}

/* --skip-path: leave out the units whose repository path matches. */
static size_t skip_paths(struct scan_targets *t, const struct cli *cli, const struct repo_root *root)
{
	size_t n = 0, skipped = 0;
	for (size_t i = 0; i < t->v.n; i++) {
		struct strbuf rp = STRBUF_INIT;
		repo_path(root, t->v.v[i].path, &rp);
		int skip = 0;
		for (size_t k = 0; k < cli->skip_paths.n && !skip; k++)
			skip = path_glob_match(cli->skip_paths.v[k], rp.buf);
		sb_release(&rp);
		if (skip) {
			free(t->v.v[i].path);
			skipped++;
		} else {
			t->v.v[n++] = t->v.v[i];
		}
	}
	t->v.n = n;
	return skipped;
}

/* A scan that checked nothing says why, never a silent "0 files". */
static void nothing_checked_note(const struct report *r, const struct scan_targets *t, size_t skipped,
				 struct run_diags *d)
{
	if (r->n_errors)
		return;
	if (r->n_files) {
		if (!r->n_resources)
			diags_add(&d->notes, (struct loc){NULL, 0, 0},
				  "warning: nothing was checked: %zu file%s read, no resource in %s", r->n_files,
				  r->n_files == 1 ? "" : "s", r->n_files == 1 ? "it" : "them");
		else if (!r->rs->rules.n)
			diags_add(&d->notes, (struct loc){NULL, 0, 0},
				  "warning: nothing was checked: no rule runs (--check, --skip-check or the configuration)");
		return;
	}
	struct strbuf exts = STRBUF_INIT;
	const char *seen[16];
	size_t nseen = 0;
	for (size_t i = 0; i < 2 * frontend_count; i++) {
		const struct frontend *f = frontends[i / 2];
		for (const char *const *e = i % 2 ? f->dir_extensions : f->extensions; e && *e; e++) {
			size_t k = 0;
			while (k < nseen && strcmp(seen[k], *e) != 0)
				k++;
			if (k == nseen && nseen < 16) {
				sb_addf(&exts, "%s%s", nseen ? ", " : "", *e);
				seen[nseen++] = *e;
			}
		}
	}
	if (t->v.n)
		diags_add(&d->notes, (struct loc){NULL, 0, 0},
			  "nothing to check: %zu file%s looked at, none is a CloudFormation template, a "
			  "Terraform plan or state, or Terraform configuration%s", t->v.n, t->v.n == 1 ? "" : "s",
			  skipped ? " (and --skip-path left some out)" : "");
	else
		diags_add(&d->notes, (struct loc){NULL, 0, 0},
			  "nothing to check: no file sgcheck reads (%s) under the paths given%s", exts.buf,
			  skipped ? ", after --skip-path" : "");
	sb_release(&exts);
}

struct scan_state {
	struct cli *cli;
	struct config cfg;
	struct ruleset rs;
	struct baseline baseline;
	struct scan_targets targets;
	struct run_diags d;
	struct frontend_states formats;
	struct repo_root root;
	struct strbuf config_dir; /* the configuration's directory as a repository path */
	size_t skipped;           /* units --skip-path left out */
	char date[16];
};

static void scan_prepare(struct scan_state *s)
{
	struct cli *cli = s->cli;
	repo_root_init(&s->root);
	config_init(&s->cfg);
	if (!cli->no_config)
		config_load(&s->cfg, cli->config);
	if (s->cfg.path)
		repo_path(&s->root, s->cfg.dir, &s->config_dir);
	const char *day = today(s->date, sizeof(s->date));
	config_check_expiry(&s->cfg, day);
	load_rules(&s->rs, cli, &s->cfg, shows_examples(cli));
	config_check_gate(&s->cfg, &s->rs, day); /* before --check and --skip-check */
	select_rules(&s->rs, cli, &s->d);
	append_diags(&s->d.errors, s->rs.errors.v, s->rs.errors.n);
	append_diags(&s->d.errors, s->cfg.errors.v, s->cfg.errors.n);
	append_diags(&s->d.notes, s->cfg.notes.v, s->cfg.notes.n);
	struct frontend_opts fo;
	memset(&fo, 0, sizeof(fo));
	fo.params = cli->params.v;
	fo.nparams = cli->params.n;
	fo.params_file = cli->params_file;
	fo.vars = cli->tf_vars.v;
	fo.nvars = cli->tf_vars.n;
	fo.tf_source = cli->tf_source;
	load_limits_default(&fo.lim);
	load_limits_set_size(&fo.lim, cli->max_file_size);
	frontends_prepare(&s->formats, &fo, &s->d.errors);
	if (cli->baseline) {
		struct diag err;
		if (baseline_load(&s->baseline, cli->baseline, &err) != 0)
			VEC_PUSH(s->d.errors, err);
	}
	for (size_t i = 0; i < cli->paths.n; i++)
		scan_add_path(&s->targets, cli->paths.v[i], &s->cfg,
			      cli->skip_non_iac && strcmp(cli->paths.v[i], "-") != 0);
	if (cli->files_from)
		read_files_from(cli->files_from, &s->targets, &s->cfg, &s->d);
	scan_units(&s->targets, &s->formats, &fo.lim, &s->root, cli->jobs ? cli->jobs : cpu_count());
	s->skipped = cli->skip_paths.n ? skip_paths(&s->targets, cli, &s->root) : 0;
	if (cli->shard_n)
		scan_shard(&s->targets, cli->shard_k, cli->shard_n);
	append_diags(&s->d.errors, s->targets.errors.v, s->targets.errors.n);
	sort_array(s->d.errors.v, s->d.errors.n, sizeof(*s->d.errors.v), diag_cmp);
	sort_array(s->d.notes.v, s->d.notes.n, sizeof(*s->d.notes.v), diag_cmp);
}

/* What a scan (or a graph) of the prepared state needs. */
static void scan_options(struct scan_state *s, struct scan_opts *o)
{
	struct cli *cli = s->cli;
	memset(o, 0, sizeof(*o));
	o->rs = &s->rs;
	load_limits_default(&o->lim);
	load_limits_set_size(&o->lim, cli->max_file_size);
	o->formats = &s->formats;
	o->cfg = &s->cfg;
	o->baseline = cli->baseline ? &s->baseline : NULL;
	o->today = s->date[0] ? s->date : today(s->date, sizeof(s->date));
	o->root = &s->root;
	o->config_dir = s->cfg.path && !repo_path_outside(sb_str(&s->config_dir)) ? sb_str(&s->config_dir) : NULL;
	o->jobs = cli->jobs ? cli->jobs : cpu_count();
}

static void scan_state_release(struct scan_state *s)
{
	scan_targets_release(&s->targets);
	baseline_release(&s->baseline);
	ruleset_release(&s->rs);
	config_release(&s->cfg);
	frontends_release(&s->formats);
	repo_root_release(&s->root);
	sb_release(&s->config_dir);
	free(s->d.errors.v);
	free(s->d.notes.v);
}

/* --write-baseline streams like a report. */
static void baseline_head(struct report_stream *s)
{
	baseline_json_head(&s->jw);
}

static void baseline_unit(const struct report_stream *s, const struct unit_result *u, struct report_part *p)
{
	struct jsonw w;
	(void)s;
	jw_init_nested(&w, &p->sec[0], 2);
	for (size_t k = 0; k < u->findings.n; k++)
		p->items[0] += (size_t)baseline_json_entry(&w, &u->findings.v[k]);
}

static void baseline_tail(struct report_stream *s)
{
	baseline_json_tail(&s->jw);
}

static const struct report_writer baseline_writer = {"baseline", 1, 1, baseline_head, baseline_unit,
						     baseline_tail};

/* The reports of a scan (--format/--output, every --report, the
 * baseline to write), open while the units come in. */
struct run_reports {
	struct report r;
	struct report_stream *streams;
	const char **files; /* where each goes, for messages */
	size_t n;
	int failed;         /* one could not be opened or written */
};

/* What one unit adds: its counts and its share of every report. */
struct unit_share {
	struct report_counts counts;
	struct report_part parts[];
};

static void open_report(struct run_reports *rr, const struct report_writer *w, const char *format,
			const char *file, int color)
{
	struct report_stream *s = &rr->streams[rr->n];
	int rc = w ? report_stream_start(s, &rr->r, w, file, color) : report_stream_open(s, &rr->r, format, file, color);
	if (rc != 0) {
		write_error(file ? file : "standard output");
		rr->failed = 1;
		return;
	}
	rr->files[rr->n++] = file;
}

static void open_reports(struct run_reports *rr, const struct cli *cli, int want_color)
{
	rr->streams = xcalloc(cli->reports.n + 2, sizeof(*rr->streams));
	rr->files = xcalloc(cli->reports.n + 2, sizeof(*rr->files));
	for (size_t i = 0; i <= cli->reports.n; i++) {
		struct cli_report rep = i ? cli->reports.v[i - 1] : (struct cli_report){cli->format, cli->output};
		open_report(rr, NULL, rep.format, rep.file, want_color && !rep.file && strcmp(rep.format, "text") == 0);
	}
	if (cli->write_baseline)
		open_report(rr, &baseline_writer, NULL, cli->write_baseline, 0);
}

static void close_reports(struct run_reports *rr)
{
	for (size_t k = 0; k < rr->n; k++) {
		const char *what = rr->files[k] ? rr->files[k] : "standard output";
		int rc = report_stream_close(&rr->streams[k]);
		if (rc == -3) {
			const char *tmp = getenv("TMPDIR");
			sayf("error", "cannot write %s: its temporary file (in %s or /tmp) failed: %s", what,
			     tmp && *tmp ? tmp : "/tmp", strerror(errno));
		} else if (rc != 0) {
			write_error(what);
		}
		rr->failed |= rc != 0;
	}
	free(rr->streams);
	free(rr->files);
}

/* On the worker: the unit's share, rendered; its result freed. */
static void *share_of_unit(void *ctx, size_t i, struct unit_result *u)
{
	struct run_reports *rr = ctx;
	struct unit_share *sh = xcalloc(1, sizeof(*sh) + rr->n * sizeof(sh->parts[0]));
	(void)i;
	report_unit_prepare(&rr->r, u, &sh->counts);
	for (size_t k = 0; k < rr->n; k++)
		report_stream_part(&rr->streams[k], u, &sh->parts[k]);
	unit_result_release(u);
	return sh;
}

/* In the units' order. */
static void emit_share(void *ctx, size_t i, void *share)
{
	struct run_reports *rr = ctx;
	struct unit_share *sh = share;
	(void)i;
	report_add_counts(&rr->r, &sh->counts);
	for (size_t k = 0; k < rr->n; k++)
		report_stream_add(&rr->streams[k], &sh->parts[k]);
	free(sh);
}

static void report_options(struct run_reports *rr, const struct scan_state *s, const struct cli *cli)
{
	struct report *r = &rr->r;
	memset(rr, 0, sizeof(*rr));
	r->rs = &s->rs;
	r->errors = s->d.errors.v;
	r->nerrors = s->d.errors.n;
	r->notes = s->d.notes.v;
	r->nnotes = s->d.notes.n;
	r->fail_on = cli->fail_on >= 0 ? cli->fail_on : s->cfg.fail_on >= 0 ? s->cfg.fail_on : SEV_MEDIUM;
	r->new_only = cli->new_only;
	r->root = &s->root;
	r->quiet = cli->quiet;
	r->verbose = cli->verbose;
	r->compact = cli->compact;
	r->sarif_suppressed = cli->sarif_suppressed;
	report_begin(r);
}

static int cmd_scan(struct cli *cli)
{
	struct scan_state s;
	memset(&s, 0, sizeof(s));
	s.cli = cli;
	const char *bad = NULL;
	enum cli_error e = cli_check_reports(cli, &bad);
	if (e != CLI_OK)
		return option_error(bad, e);
	if (cli->paths.n == 0 && !cli->files_from)
		return usage_error("no PATH to scan");
	if (cli->no_config && cli->config)
		return usage_error("--config and --no-config exclude each other");
	scan_prepare(&s);

	struct scan_opts o;
	scan_options(&s, &o);
	struct run_reports rr;
	report_options(&rr, &s, cli);
	const char *no_color = getenv("NO_COLOR"); /* no-color.org: set and not empty */
	open_reports(&rr, cli, !cli->no_color && isatty(1) && !(no_color && *no_color));
	rr.r.started = now();
	struct scan_sink sink = {&rr, share_of_unit, emit_share};
	scan_run(&o, &s.targets, &sink);
	rr.r.finished = now();
	nothing_checked_note(&rr.r, &s.targets, s.skipped, &s.d);
	rr.r.notes = s.d.notes.v;
	rr.r.nnotes = s.d.notes.n;
	int status = report_exit_status(&rr.r);
	close_reports(&rr);
	if (rr.failed)
		status = 2;
	scan_state_release(&s);
	return status;
}

/* ---- graph ----------------------------------------------------------------------- */

/* What a unit adds to sgcheck graph: its errors, its drawing. */
struct graph_share {
	struct strbuf errors, graph;
};

struct graph_run {
	int format;
	int status;
	int write_errno; /* of the first failed write to standard output, 0 if none */
};

static void *graph_of_unit(void *ctx, size_t i, struct unit_result *r)
{
	struct graph_run *g = ctx;
	struct graph_share *sh = xcalloc(1, sizeof(*sh));
	(void)i;
	for (size_t k = 0; k < r->errors.n; k++)
		sb_addf(&sh->errors, "%s:%u:%u: error: %s\n", r->errors.v[k].loc.file, r->errors.v[k].loc.line,
			r->errors.v[k].loc.col, r->errors.v[k].msg);
	if (r->graph) {
		if (g->format == GRAPH_DOT)
			sb_addf(&sh->graph, "// %s\n", r->path);
		sb_adds(&sh->graph, r->graph);
	}
	unit_result_release(r);
	return sh;
}

static void emit_graph(void *ctx, size_t i, void *share)
{
	struct graph_run *g = ctx;
	struct graph_share *sh = share;
	(void)i;
	if (sh->errors.len)
		g->status = 2;
	fputs(sb_str(&sh->errors), stderr);
	if (sh->graph.len && fwrite(sh->graph.buf, 1, sh->graph.len, stdout) != sh->graph.len && !g->write_errno)
		g->write_errno = errno ? errno : EIO;
	sb_release(&sh->errors);
	sb_release(&sh->graph);
	free(sh);
}

/* sgcheck graph [--format mermaid|dot|json] PATH...: each unit drawn, in
 * the units' order; errors on stderr (exit 2), the graphs of the others
 * still drawn. */
static int cmd_graph(struct cli *cli, int format)
{
	struct scan_state s;
	memset(&s, 0, sizeof(s));
	s.cli = cli;
	if (cli->paths.n == 0 && !cli->files_from)
		return usage_error("no PATH to draw");
	if (cli->no_config && cli->config)
		return usage_error("--config and --no-config exclude each other");
	scan_prepare(&s);
	struct scan_opts o;
	scan_options(&s, &o);
	o.graph = format;
	struct graph_run g = {format, s.d.errors.n ? 2 : 0, 0};
	for (size_t i = 0; i < s.d.errors.n; i++)
		fprintf(stderr, "%s: error: %s\n", s.d.errors.v[i].loc.file ? s.d.errors.v[i].loc.file : "sgcheck",
			s.d.errors.v[i].msg);
	struct scan_sink sink = {&g, graph_of_unit, emit_graph};
	scan_run(&o, &s.targets, &sink);
	if ((fflush(stdout) != 0 && !g.write_errno) || (ferror(stdout) && !g.write_errno))
		g.write_errno = errno ? errno : EIO;
	if (g.write_errno) {
		errno = g.write_errno;
		write_error("standard output");
		g.status = 2;
	}
	scan_state_release(&s);
	return g.status;
}

static int graph_format(const char *name)
{
	static const char *const names[] = {"mermaid", "dot", "json"};
	for (int i = 0; i < 3; i++)
		if (strcmp(name, names[i]) == 0)
			return i + 1; /* enum graph_format */
	return 0;
}

/* --format is the graph's, not a report's: taken out before the options. */
static int run_graph(int argc, char **argv)
{
	struct cli cli;
	const char *bad = NULL;
	int format = GRAPH_MERMAID, k = 0;
	char **rest = xcalloc((size_t)argc + 1, sizeof(*rest));
	for (int i = 0; i < argc; i++) {
		if ((strcmp(argv[i], "--format") == 0 || strcmp(argv[i], "-f") == 0) && i + 1 < argc) {
			format = graph_format(argv[++i]);
			if (!format) {
				free(rest);
				return usage_error("graph --format takes mermaid, dot or json, not '%s'", argv[i]);
			}
		} else {
			rest[k++] = argv[i];
		}
	}
	cli_init(&cli);
	enum cli_error e = cli_parse(&cli, k, rest, &bad);
	int status = e != CLI_OK ? option_error(bad, e) : cmd_graph(&cli, format);
	cli_release(&cli);
	free(rest);
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

static int cmd_rules_list(struct cli *cli)
{
	struct ruleset rs;
	struct strbuf out = STRBUF_INIT;
	load_rules(&rs, cli, NULL, 1);
	if (strcmp(cli->format, "json") == 0)
		list_json(&rs, &out);
	else if (strcmp(cli->format, "markdown") == 0)
		report_rule_catalog((const struct rule *const *)rs.rules.v, rs.rules.n, &out);
	else
		for (size_t i = 0; i < rs.rules.n; i++)
			sb_addf(&out, "%-8s %-8s %s  (%s:%u)\n", rs.rules.v[i]->id,
				severity_name(rs.rules.v[i]->severity), rs.rules.v[i]->title,
				rs.rules.v[i]->file, rs.rules.v[i]->loc.line);
	int written = write_stdout(sb_str(&out), out.len);
	sb_release(&out);
	int status = print_rule_errors(&rs);
	if (written != 0)
		status = 2;
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
	load_rules(&rs, cli, NULL, 1);
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
	load_rules(&rs, cli, NULL, 1);
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

/* ---- --version ------------------------------------------------------------ */

#ifndef SG_COMMIT
#define SG_COMMIT "unknown"
#endif

static int print_version(void)
{
	struct ruleset rs;
	char digest[17], pcre[32] = "?";
	ruleset_init(&rs);
	ruleset_add_builtin(&rs, 0);
	ruleset_compile(&rs, NULL, NULL);
	ruleset_builtin_digest(digest);
	pcre2_config(PCRE2_CONFIG_VERSION, pcre);
	printf("sgcheck %s\n", SG_VERSION);
	printf("rule pack: %zu built-in rules, version %s-%s\n", rs.rules.n, SG_VERSION, digest);
	printf("build: commit %s, %s, libyaml %s, PCRE2 %s\n", SG_COMMIT,
#if defined(__clang__)
	       "clang " __clang_version__,
#elif defined(__GNUC__)
	       "gcc " __VERSION__,
#else
	       "unknown compiler",
#endif
	       yaml_get_version_string(), pcre);
	ruleset_release(&rs);
	return 0;
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
	/* a closed pipe is a write error (EPIPE) reported like any other */
	signal(SIGPIPE, SIG_IGN);
	if (argc >= 2 && strcmp(argv[1], "rules") == 0)
		return run_rules(argc - 2, argv + 2);
	if (argc >= 2 && strcmp(argv[1], "graph") == 0)
		return run_graph(argc - 2, argv + 2);
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
		status = print_version();
	} else {
		status = cmd_scan(&cli);
	}
	cli_release(&cli);
	return status;
}
