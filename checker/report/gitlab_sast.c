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

/* A UUID-shaped id from the fingerprint and its occurrence in the unit;
 * via: the unit, for a finding in a file another unit may hold too (a
 * nested template or a module two roots call), so ids stay unique in the
 * run (NULL otherwise: the id is the same whichever units the run has). */
static void vuln_id(const char *fingerprint, unsigned long n, const char *via, char out[40])
{
	char occ[48];
	if (via)
		snprintf(occ, sizeof(occ), ":%lu@%016llx", n, (unsigned long long)fnv(0x9e3779b97f4a7c15ull, via));
	else
		snprintf(occ, sizeof(occ), ":%lu", n);
	uint64_t a = fnv(fnv(0xcbf29ce484222325ull, fingerprint), occ);
	uint64_t b = fnv(fnv(0x84222325cbf29ce4ull, occ), fingerprint);
	snprintf(out, 40, "%08x-%04x-4%03x-8%03x-%012llx", (unsigned)(a >> 32), (unsigned)(a >> 16) & 0xffff,
		 (unsigned)a & 0xfff, (unsigned)(b >> 48) & 0xfff, (unsigned long long)(b & 0xffffffffffffull));
}

static void tool(struct jsonw *w, const char *key)
{
	jw_key_var(w, key);
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

/* Sections: the units' errors (scan messages), the vulnerabilities. */
enum { SEC_MESSAGES, SEC_VULNS };

static void scan(struct report_stream *s)
{
	const struct report *r = s->r;
	struct jsonw *w = &s->jw;
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
	report_stream_json_section(s, SEC_MESSAGES);
	jw_arr_end(w);
	jw_obj_end(w);
}

/* Whether a file is the unit's own: its template, or a file of its
 * directory (a Terraform root module). */
static int own_file(const struct unit_result *u, const char *file)
{
	size_t n = strlen(u->path);
	if (strcmp(file, u->path) == 0)
		return 1;
	return strncmp(file, u->path, n) == 0 && file[n] == '/' && !strchr(file + n + 1, '/');
}

static void vulnerability(struct jsonw *w, const struct finding *f, struct hmap *seen, const char *via)
{
	char id[40];
	uintptr_t n = (uintptr_t)hmap_get(seen, f->fingerprint) + 1;
	hmap_put(seen, f->fingerprint, (void *)n);
	vuln_id(f->fingerprint, (unsigned long)n, via, id);
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

static void sast_unit(const struct report_stream *s, const struct unit_result *u, struct report_part *p)
{
	struct jsonw w;
	struct arena a;
	struct hmap seen;
	struct strbuf unit = STRBUF_INIT;
	arena_init(&a);
	hmap_init(&seen, &a);
	jw_init_nested(&w, &p->sec[SEC_MESSAGES], 3);
	for (size_t k = 0; k < u->errors.n; k++)
		message(&w, "warn", &u->errors.v[k]);
	p->items[SEC_MESSAGES] = u->errors.n;
	jw_init_nested(&w, &p->sec[SEC_VULNS], 2);
	for (size_t k = 0; k < u->findings.n; k++) {
		const struct finding *f = &u->findings.v[k];
		if (f->suppressed)
			continue;
		int own = own_file(u, f->file);
		if (!own && !unit.len)
			report_repo_path(s->r, u->path, &unit);
		vulnerability(&w, f, &seen, own ? NULL : sb_str(&unit));
		p->items[SEC_VULNS]++;
	}
	sb_release(&unit);
	arena_release(&a);
}

static void sast_tail(struct report_stream *s)
{
	struct jsonw *w = &s->jw;
	jw_obj(w);
	jw_kstr(w, "version", SAST_SCHEMA_VERSION);
	jw_kstr(w, "schema", "https://gitlab.com/gitlab-org/security-products/security-report-schemas/-/raw/v"
			     SAST_SCHEMA_VERSION "/dist/sast-report-format.json");
	scan(s);
	jw_key(w, "vulnerabilities");
	jw_arr(w);
	report_stream_json_section(s, SEC_VULNS);
	jw_arr_end(w);
	jw_obj_end(w);
}

const struct report_writer report_gitlab_sast = {"gitlab-sast", 1, 0, NULL, sast_unit, sast_tail};
