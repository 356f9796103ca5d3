/* gitlab_sast.c - the GitLab Security report (gl-sast-report.json, schema
 * 15.0.6 of gitlab-org/security-products/security-report-schemas): what
 * GitLab's vulnerability report, merge request widget and security
 * dashboard read, as they do from Checkov and KICS. Beside it,
 * `--format gitlab` is the Code Quality report.
 *
 * Suppressed and baselined findings are left out (GitLab would list them
 * as new vulnerabilities). Every vulnerability has a stable id derived
 * from its fingerprint, so the same finding keeps its id across pipelines.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "base/hmap.h"
#include "base/jsonw.h"
#include "base/version.h"
#include "model/model.h"
#include "report/report.h"

#define SAST_SCHEMA_VERSION "15.0.6"

static const char *sast_severity(int sev)
{
	static const char *const names[] = {"Info", "Low", "Medium", "High", "Critical"};
	return sev >= 0 && sev < SEV_NONE ? names[sev] : "Unknown";
}

static void iso_time(long long t, char *buf, size_t n)
{
	time_t tt = (time_t)t;
	struct tm tm;
	if (!gmtime_r(&tt, &tm) || !strftime(buf, n, "%Y-%m-%dT%H:%M:%S", &tm))
		snprintf(buf, n, "1970-01-01T00:00:00");
}

static uint64_t fnv(uint64_t h, const char *s)
{
	for (; *s; s++) {
		h ^= (unsigned char)*s;
		h *= 0x100000001b3ull;
	}
	return h;
}

/* A UUID-shaped id from the fingerprint and its occurrence in the run. */
static void vuln_id(const char *fingerprint, unsigned long n, char out[40])
{
	char occ[24];
	snprintf(occ, sizeof(occ), ":%lu", n);
	uint64_t a = fnv(fnv(0xcbf29ce484222325ull, fingerprint), occ);
	uint64_t b = fnv(fnv(0x84222325cbf29ce4ull, occ), fingerprint);
	snprintf(out, 40, "%08x-%04x-4%03x-8%03x-%012llx", (unsigned)(a >> 32), (unsigned)(a >> 16) & 0xffff,
		 (unsigned)a & 0xfff, (unsigned)(b >> 48) & 0xfff, (unsigned long long)(b & 0xffffffffffffull));
}

static void tool(struct jsonw *w, const char *key)
{
	jw_key(w, key);
	jw_obj(w);
	jw_kstr(w, "id", "sgcheck");
	jw_kstr(w, "name", "sgcheck");
	jw_kstr(w, "url", "https://github.com/sgcheck/sgcheck");
	jw_kstr(w, "version", SG_VERSION);
	jw_key(w, "vendor");
	jw_obj(w);
	jw_kstr(w, "name", "sgcheck");
	jw_obj_end(w);
	jw_obj_end(w);
}

static void message(struct jsonw *w, const char *level, const struct diag *d)
{
	char text[400];
	if (d->loc.file && d->loc.line)
		snprintf(text, sizeof(text), "%s:%u:%u: %s", d->loc.file, d->loc.line, d->loc.col, d->msg);
	else if (d->loc.file)
		snprintf(text, sizeof(text), "%s: %s", d->loc.file, d->msg);
	else
		snprintf(text, sizeof(text), "%s", d->msg);
	jw_obj(w);
	jw_kstr(w, "level", level);
	jw_kstr(w, "value", text);
	jw_obj_end(w);
}

static void scan(struct jsonw *w, const struct report *r)
{
	char start[32], end[32];
	iso_time(r->started, start, sizeof(start));
	iso_time(r->finished, end, sizeof(end));
	jw_key(w, "scan");
	jw_obj(w);
	tool(w, "analyzer");
	tool(w, "scanner");
	jw_kstr(w, "type", "sast");
	jw_kstr(w, "start_time", start);
	jw_kstr(w, "end_time", end);
	jw_kstr(w, "status", r->n_errors ? "failure" : "success");
	jw_key(w, "messages");
	jw_arr(w);
	for (size_t i = 0; i < r->nerrors; i++)
		message(w, "fatal", &r->errors[i]);
	for (size_t i = 0; i < r->nfiles; i++)
		for (size_t k = 0; k < r->files[i].errors.n; k++)
			message(w, "warn", &r->files[i].errors.v[k]);
	jw_arr_end(w);
	jw_obj_end(w);
}

static void vulnerability(struct jsonw *w, const struct finding *f, struct hmap *seen)
{
	char id[40];
	uintptr_t n = (uintptr_t)hmap_get(seen, f->fingerprint) + 1;
	hmap_put(seen, f->fingerprint, (void *)n);
	vuln_id(f->fingerprint, (unsigned long)n, id);
	struct strbuf desc = STRBUF_INIT, uri = STRBUF_INIT;
	sb_adds(&desc, f->message);
	if (f->resource)
		sb_addf(&desc, " (%s %s)", f->resource_type ? f->resource_type : "resource", f->resource);
	if (f->ntrace) {
		sb_adds(&desc, ". Why: ");
		report_trace_text(f, &desc);
	}
	if (f->exposure) {
		sb_adds(&desc, ". Reach: ");
		report_reach_text(f, &desc);
	}
	if (f->rule->description)
		sb_addf(&desc, "\n\n%s", f->rule->description);
	report_rule_help_uri(f->rule, &uri);
	jw_obj(w);
	jw_kstr(w, "id", id);
	jw_kstr(w, "name", f->rule->title);
	jw_kstr(w, "description", desc.buf);
	jw_kstr(w, "severity", sast_severity(f->severity));
	if (f->rule->remediation)
		jw_kstr(w, "solution", f->rule->remediation);
	jw_key(w, "identifiers");
	jw_arr(w);
	jw_obj(w);
	jw_kstr(w, "type", "sgcheck_rule_id");
	jw_kstr(w, "name", f->rule->id);
	jw_kstr(w, "value", f->rule->id);
	if (uri.len)
		jw_kstr(w, "url", uri.buf);
	jw_obj_end(w);
	jw_arr_end(w);
	if (uri.len) {
		jw_key(w, "links");
		jw_arr(w);
		jw_obj(w);
		jw_kstr(w, "name", f->rule->id);
		jw_kstr(w, "url", uri.buf);
		jw_obj_end(w);
		jw_arr_end(w);
	}
	jw_key(w, "location");
	jw_obj(w);
	uint32_t line, col;
	jw_kstr(w, "file", report_primary_path(f, &line, &col));
	jw_kint(w, "start_line", line ? line : 1);
	jw_kint(w, "end_line", line ? line : 1);
	jw_obj_end(w);
	jw_obj_end(w);
	sb_release(&desc);
	sb_release(&uri);
}

void report_gitlab_sast(const struct report *r, struct strbuf *out)
{
	struct jsonw w;
	struct arena a;
	struct hmap seen;
	arena_init(&a);
	hmap_init(&seen, &a);
	jw_init(&w, out, 0);
	jw_obj(&w);
	jw_kstr(&w, "version", SAST_SCHEMA_VERSION);
	jw_kstr(&w, "schema", "https://gitlab.com/gitlab-org/security-products/security-report-schemas/-/raw/v"
			      SAST_SCHEMA_VERSION "/dist/sast-report-format.json");
	scan(&w, r);
	jw_key(&w, "vulnerabilities");
	jw_arr(&w);
	for (size_t i = 0; i < r->nfiles; i++)
		for (size_t k = 0; k < r->files[i].findings.n; k++)
			if (!r->files[i].findings.v[k].suppressed)
				vulnerability(&w, &r->files[i].findings.v[k], &seen);
	jw_arr_end(&w);
	jw_obj_end(&w);
	arena_release(&a);
}
