/* report_sarif.c - SARIF 2.1.0 for GitHub code scanning and other viewers.
 *
 * What GitHub needs (its "SARIF support for code scanning" page):
 * - paths relative to the repository root (uriBaseId %SRCROOT%), the same
 *   however the file was named (base/paths.h);
 * - a real region for every result (one result without a location makes
 *   GitHub reject the whole file);
 * - no suppressed or baselined results: code scanning ignores
 *   `suppressions` and would open alerts for them. They are left out, or
 *   carried with their suppressions when --sarif-suppressed asks;
 * - at most 25,000 results per run, or the upload is rejected: past that
 *   the most severe are kept, and a notification and run properties say
 *   what was left out;
 * - per rule: helpUri, help.markdown, properties.precision and
 *   security-severity, which it sorts and ranks alerts by;
 * - relatedLocations linked from the message text ("[text](id)"), and
 *   partialFingerprints.primaryLocationLineHash, the only fingerprint it
 *   reads (ours: rule, path, resource and permission, so alerts survive
 *   line moves; ":N" counts identical findings in one unit: the same
 *   finding in a file two units hold is the same alert).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/hmap.h"
#include "base/jsonw.h"
#include "base/paths.h"
#include "base/version.h"
#include "model/model.h"
#include "report/report.h"

#define SARIF_MAX_RESULTS 25000
#define SARIF_MAX_DESCRIPTION 1024 /* GitHub's limit on short and full descriptions */

static const char *level_of(int sev)
{
	return sev >= SEV_HIGH ? "error" : sev == SEV_MEDIUM ? "warning" : "note";
}

/* GitHub ranks alerts by this score: >= 9 critical, 7-8.9 high, 4-6.9
 * medium, below low. */
static const char *security_severity(int sev)
{
	static const char *const score[] = {"1.0", "3.0", "5.5", "8.0", "9.5"};
	return sev >= 0 && sev < SEV_NONE ? score[sev] : "1.0";
}

/* A repository path as a URI: relative and percent-encoded, or file:// for
 * a file outside the repository. */
static int uri_of(const char *rpath, struct strbuf *out)
{
	int relative = !repo_path_outside(rpath);
	if (!relative)
		sb_adds(out, "file://");
	for (const unsigned char *p = (const unsigned char *)rpath; *p; p++) {
		if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
		    strchr("-._~/", *p))
			sb_addc(out, (char)*p);
		else
			sb_addf(out, "%%%02X", *p);
	}
	return relative;
}

static void physical_location(struct jsonw *w, const char *rpath, uint32_t line, uint32_t col, uint32_t end_col)
{
	struct strbuf uri = STRBUF_INIT;
	int relative = uri_of(rpath, &uri);
	jw_key(w, "physicalLocation");
	jw_obj(w);
	jw_key(w, "artifactLocation");
	jw_obj(w);
	jw_kstr(w, "uri", uri.buf);
	if (relative)
		jw_kstr(w, "uriBaseId", "%SRCROOT%");
	jw_obj_end(w);
	jw_key(w, "region");
	jw_obj(w);
	jw_kint(w, "startLine", line ? line : 1);
	jw_kint(w, "startColumn", col ? col : 1);
	if (end_col > col && col) {
		jw_kint(w, "endLine", line);
		jw_kint(w, "endColumn", end_col);
	}
	jw_obj_end(w);
	jw_obj_end(w);
	sb_release(&uri);
}

/* "Remote administration port open" -> "RemoteAdministrationPortOpen" */
static void pascal_name(const char *title, struct strbuf *out)
{
	int up = 1;
	for (const char *p = title; *p; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9')) {
			sb_addc(out, up && *p >= 'a' && *p <= 'z' ? (char)(*p - 32) : *p);
			up = 0;
		} else {
			up = 1;
		}
	}
}

/* text cut to GitHub's limit, on a UTF-8 character boundary */
static void kstr_limited(struct jsonw *w, const char *key, const char *text)
{
	size_t n = strlen(text);
	if (n <= SARIF_MAX_DESCRIPTION) {
		jw_kstr_var(w, key, text);
		return;
	}
	n = SARIF_MAX_DESCRIPTION - 3;
	while (n && ((unsigned char)text[n] & 0xC0) == 0x80)
		n--;
	char *cut = xmalloc(n + 4);
	memcpy(cut, text, n);
	memcpy(cut + n, "...", 4);
	jw_kstr_var(w, key, cut);
	free(cut);
}

static void sarif_rule(struct jsonw *w, const struct rule *r)
{
	struct strbuf name = STRBUF_INIT, text = STRBUF_INIT, md = STRBUF_INIT, uri = STRBUF_INIT;
	pascal_name(r->title, &name);
	report_rule_help(r, 0, &text);
	report_rule_help(r, 1, &md);
	report_rule_help_uri(r, &uri);
	jw_obj(w);
	jw_kstr(w, "id", r->id);
	jw_kstr(w, "name", name.buf);
	jw_key(w, "shortDescription");
	jw_obj(w);
	kstr_limited(w, "text", r->title);
	jw_obj_end(w);
	jw_key(w, "fullDescription");
	jw_obj(w);
	kstr_limited(w, "text", r->description ? r->description : r->title);
	jw_obj_end(w);
	if (uri.len)
		jw_kstr(w, "helpUri", uri.buf);
	jw_key(w, "help");
	jw_obj(w);
	jw_kstr(w, "text", text.buf);
	jw_kstr(w, "markdown", md.buf);
	jw_obj_end(w);
	jw_key(w, "defaultConfiguration");
	jw_obj(w);
	jw_kstr(w, "level", level_of(r->severity));
	jw_obj_end(w);
	jw_key(w, "properties");
	jw_obj(w);
	jw_kstr(w, "security-severity", security_severity(r->severity));
	jw_kstr(w, "precision", rule_precision_name(r->precision));
	jw_key(w, "tags");
	jw_arr(w);
	jw_str(w, "security");
	jw_str(w, r->scope == RSCOPE_RESOURCE ? "configuration" : "network");
	jw_arr_end(w);
	jw_obj_end(w);
	jw_obj_end(w);
	sb_release(&name);
	sb_release(&text);
	sb_release(&md);
	sb_release(&uri);
}

static size_t rule_index(const struct report *r, const struct rule *rule)
{
	for (size_t i = 0; i < r->rs->rules.n; i++)
		if (r->rs->rules.v[i] == rule)
			return i;
	return 0;
}

/* Message text is plain text in which "[text](id)" is a link: literal
 * brackets are escaped. */
static void add_escaped(struct strbuf *out, const char *s)
{
	for (; *s; s++) {
		if (*s == '[' || *s == ']' || *s == '\\')
			sb_addc(out, '\\');
		sb_addc(out, *s);
	}
}

/* "tcp/22 is open to 0.0.0.0/0. Why: [CidrIp](1) ← [!Ref SshSource](2) ← ..."; a plan finding
 * placed in its .tf source links its plan position as location 0. */
static void result_message(const struct finding *f, struct strbuf *out)
{
	add_escaped(out, f->message);
	if (f->in_source.repo_path)
		sb_adds(out, " ([the value in the plan](0))");
	if (!f->ntrace)
		return;
	sb_adds(out, ". Why: ");
	for (uint32_t i = 0; i < f->ntrace; i++) {
		sb_addf(out, "%s[", i ? " \xe2\x86\x90 " : "");
		add_escaped(out, f->trace[i].text);
		sb_addf(out, "](%u)", i + 1);
	}
}


/* The target a reach line speaks of (report.c picks the same). */
static const struct exposure_target *shown_target(const struct exposure *x)
{
	for (uint32_t i = 0; x && i < x->ntargets; i++)
		if (strcmp(x->targets[i].reachability, x->reachability) == 0)
			return &x->targets[i];
	return NULL;
}

#define HOP_ID_BASE 100 /* related location ids of the exposure path */

static void hop_text(const struct exposure_hop *h, struct strbuf *out)
{
	sb_addf(out, "%s%s%s", h->step ? h->step : "", h->step ? " " : "", h->resource);
	if (h->note)
		sb_addf(out, " %s", h->note);
}

/* ". Reach: internet ← [igw MainIGW](100) ← ...", or the closed link. */
static void reach_message(const struct finding *f, struct strbuf *out)
{
	const struct exposure_target *t = shown_target(f->exposure);
	sb_addf(out, ". Reach: %s", f->exposure->reachability);
	if (!t || t->reason) {
		struct strbuf why = STRBUF_INIT;
		sb_adds(&why, t ? t->reason : f->exposure->reason ? f->exposure->reason : "");
		if (why.len) {
			sb_adds(out, ": ");
			add_escaped(out, sb_str(&why));
		}
		sb_release(&why);
		return;
	}
	for (uint32_t i = 0; i < t->npath; i++) {
		struct strbuf h = STRBUF_INIT;
		hop_text(&t->path[i], &h);
		sb_adds(out, " \xe2\x86\x90 [");
		add_escaped(out, sb_str(&h));
		sb_addf(out, "](%u)", HOP_ID_BASE + i);
		sb_release(&h);
	}
}

static void result_text(const struct finding *f, struct strbuf *out)
{
	result_message(f, out);
	if (f->exposure)
		reach_message(f, out);
}

/* Column just past the span the finding points at (0: unknown). */
static uint32_t end_column(const struct finding *f)
{
	size_t off, len, chars = 0;
	if (report_span(f, &off, &len) != 0)
		return 0;
	for (size_t i = off; i < off + len && f->src_line[i]; i++)
		chars += ((unsigned char)f->src_line[i] & 0xC0) != 0x80;
	return f->col + (uint32_t)chars;
}

static void related(struct jsonw *w, uint32_t id, const char *path, uint32_t line, uint32_t col, uint32_t end,
		    const char *text)
{
	jw_obj(w);
	jw_kint(w, "id", id);
	physical_location(w, path, line ? line : 1, col, end);
	jw_key(w, "message");
	jw_obj(w);
	jw_kstr(w, "text", text);
	jw_obj_end(w);
	jw_obj_end(w);
}

/* The plan's own position (id 0), the why-trace (1...), the exposure path
 * (HOP_ID_BASE...): each linked from the message. */
static void related_locations(struct jsonw *w, const struct finding *f)
{
	const struct exposure_target *t = shown_target(f->exposure);
	uint32_t nhops = t && !t->reason ? t->npath : 0;
	if (!f->ntrace && !f->in_source.repo_path && !nhops)
		return;
	jw_key(w, "relatedLocations");
	jw_arr(w);
	if (f->in_source.repo_path)
		related(w, 0, f->repo_path, f->line, f->col, end_column(f), "the value in the plan");
	for (uint32_t i = 0; i < f->ntrace; i++)
		related(w, i + 1, f->trace[i].repo_path, f->trace[i].line, f->trace[i].col, 0, f->trace[i].text);
	for (uint32_t i = 0; i < nhops; i++) {
		const struct exposure_hop *h = &t->path[i];
		struct strbuf text = STRBUF_INIT;
		hop_text(h, &text);
		related(w, HOP_ID_BASE + i, h->repo_path ? h->repo_path : f->repo_path, h->line, h->col ? h->col : 1, 0,
			sb_str(&text));
		sb_release(&text);
	}
	jw_arr_end(w);
}

static void sarif_result(struct jsonw *w, const struct report *r, const struct finding *f, struct hmap *seen)
{
	struct strbuf msg = STRBUF_INIT;
	result_text(f, &msg);
	jw_obj(w);
	jw_kstr(w, "ruleId", f->rule->id);
	jw_kint(w, "ruleIndex", (int64_t)rule_index(r, f->rule));
	jw_kstr(w, "level", level_of(f->severity));
	jw_key(w, "message");
	jw_obj(w);
	jw_kstr(w, "text", msg.buf);
	jw_obj_end(w);
	jw_key(w, "locations");
	jw_arr(w);
	jw_obj(w);
	if (f->in_source.repo_path)
		physical_location(w, f->in_source.repo_path, f->in_source.line, f->in_source.col, 0);
	else
		physical_location(w, f->repo_path, f->line, f->col, end_column(f));
	if (f->resource) {
		jw_key(w, "logicalLocations");
		jw_arr(w);
		jw_obj(w);
		jw_kstr(w, "fullyQualifiedName", f->resource);
		jw_kstr(w, "kind", "resource");
		jw_obj_end(w);
		jw_arr_end(w);
	}
	jw_obj_end(w);
	jw_arr_end(w);
	uintptr_t n = (uintptr_t)hmap_get(seen, f->fingerprint) + 1;
	hmap_put(seen, f->fingerprint, (void *)n);
	char hash[64];
	snprintf(hash, sizeof(hash), "%s:%lu", f->fingerprint, (unsigned long)n);
	jw_key(w, "partialFingerprints");
	jw_obj(w);
	jw_kstr(w, "primaryLocationLineHash", hash);
	jw_kstr(w, "sgcheck/v1", f->fingerprint);
	jw_obj_end(w);
	related_locations(w, f);
	if (f->exposure) {
		jw_key(w, "properties");
		jw_obj(w);
		jw_kstr(w, "reachability", f->exposure->reachability);
		jw_obj_end(w);
	}
	if (f->suppressed) {
		jw_key(w, "suppressions");
		jw_arr(w);
		jw_obj(w);
		jw_kstr(w, "kind", strcmp(f->supp_kind, "inline") == 0 ? "inSource" : "external");
		jw_kstr(w, "justification", f->supp_reason);
		jw_obj_end(w);
		jw_arr_end(w);
	}
	jw_obj_end(w);
	sb_release(&msg);
}

static void sarif_notification(struct jsonw *w, const struct report *r, const char *level, const char *file,
			       uint32_t line, uint32_t col, const char *text)
{
	jw_obj(w);
	jw_kstr(w, "level", level);
	jw_key(w, "message");
	jw_obj(w);
	jw_kstr(w, "text", text);
	jw_obj_end(w);
	if (file) {
		struct strbuf rpath = STRBUF_INIT;
		report_repo_path(r, file, &rpath);
		jw_key(w, "locations");
		jw_arr(w);
		jw_obj(w);
		physical_location(w, rpath.buf, line, col, 0);
		jw_obj_end(w);
		jw_arr_end(w);
		sb_release(&rpath);
	}
	jw_obj_end(w);
}

/* Sections: the units' errors (notifications), the results. The index
 * holds a record per result, for the cap. */
enum { SEC_NOTIFY, SEC_RESULTS };

struct result_rec {
	uint32_t len;     /* bytes of the result in its section, comma included */
	int32_t severity;
};

static void sarif_unit(const struct report_stream *s, const struct unit_result *u, struct report_part *p)
{
	const struct report *r = s->r;
	struct jsonw w;
	struct arena a;
	struct hmap seen;
	arena_init(&a);
	hmap_init(&seen, &a);
	jw_init_nested(&w, &p->sec[SEC_NOTIFY], 6);
	for (size_t k = 0; k < u->errors.n; k++) {
		const struct diag *d = &u->errors.v[k];
		sarif_notification(&w, r, "error", d->loc.file, d->loc.line, d->loc.col, d->msg);
	}
	p->items[SEC_NOTIFY] = u->errors.n;
	jw_init_nested(&w, &p->sec[SEC_RESULTS], 4);
	for (size_t k = 0; k < u->findings.n; k++) {
		const struct finding *f = &u->findings.v[k];
		if (f->suppressed && !r->sarif_suppressed)
			continue;
		size_t before = p->sec[SEC_RESULTS].len;
		sarif_result(&w, r, f, &seen);
		struct result_rec rec = {(uint32_t)(p->sec[SEC_RESULTS].len - before), f->severity};
		sb_add(&p->index, (const char *)&rec, sizeof(rec));
		p->items[SEC_RESULTS]++;
	}
	arena_release(&a);
}

/* Under GitHub's cap: the most severe results, in report order within a
 * severity: every result above `severity`, the first `at_severity` of it. */
struct cap {
	size_t eligible, included;
	int severity;
	size_t at_severity;
};

#define RECS_AT_ONCE 4096

static int clamp_severity(int32_t sev)
{
	return sev < 0 ? 0 : sev >= SEV_NONE ? SEV_NONE - 1 : sev;
}

static void cap_of(struct report_stream *s, struct cap *c)
{
	memset(c, 0, sizeof(*c));
	c->eligible = c->included = s->items[SEC_RESULTS];
	c->severity = -1;
	if (c->eligible <= SARIF_MAX_RESULTS)
		return;
	size_t per[SEV_NONE] = {0};
	struct result_rec *recs = xcalloc(RECS_AT_ONCE, sizeof(*recs));
	for (size_t i = 0; i < c->eligible; i += RECS_AT_ONCE) {
		size_t n = c->eligible - i < RECS_AT_ONCE ? c->eligible - i : RECS_AT_ONCE;
		if (report_stream_index_read(s, i * sizeof(*recs), recs, n * sizeof(*recs)) != 0)
			break;
		for (size_t k = 0; k < n; k++)
			per[clamp_severity(recs[k].severity)]++;
	}
	free(recs);
	size_t kept = 0;
	for (int sev = SEV_NONE - 1; sev >= 0; sev--) {
		if (kept + per[sev] <= SARIF_MAX_RESULTS) {
			kept += per[sev];
			continue;
		}
		c->severity = sev;
		c->at_severity = SARIF_MAX_RESULTS - kept;
		break;
	}
	c->included = SARIF_MAX_RESULTS;
}

/* The results the cap keeps, copied from the section in report order. */
static void capped_results(struct report_stream *s, const struct cap *c)
{
	struct result_rec *recs = xcalloc(RECS_AT_ONCE, sizeof(*recs));
	uint64_t off = 0;
	size_t taken_at = 0, written = 0;
	for (size_t i = 0; i < c->eligible; i += RECS_AT_ONCE) {
		size_t n = c->eligible - i < RECS_AT_ONCE ? c->eligible - i : RECS_AT_ONCE;
		if (report_stream_index_read(s, i * sizeof(*recs), recs, n * sizeof(*recs)) != 0)
			break;
		for (size_t k = 0; k < n; off += recs[k].len, k++) {
			int sev = clamp_severity(recs[k].severity);
			int keep = sev > c->severity || (sev == c->severity && taken_at++ < c->at_severity);
			if (!keep)
				continue;
			size_t skip = written++ ? 0 : 1; /* the first goes without its comma */
			report_stream_copy(s, SEC_RESULTS, off + skip, recs[k].len - skip);
		}
	}
	free(recs);
	if (written)
		jw_items_written(&s->jw);
}

static void sarif_invocation(struct report_stream *s, const struct cap *c)
{
	const struct report *r = s->r;
	struct jsonw *w = &s->jw;
	jw_key(w, "invocations");
	jw_arr(w);
	jw_obj(w);
	jw_kbool(w, "executionSuccessful", r->n_errors == 0);
	jw_key(w, "toolExecutionNotifications");
	jw_arr(w);
	for (size_t i = 0; i < r->nerrors; i++)
		sarif_notification(w, r, "error", r->errors[i].loc.file, r->errors[i].loc.line, r->errors[i].loc.col,
				   r->errors[i].msg);
	report_stream_json_section(s, SEC_NOTIFY);
	if (c->eligible > c->included) {
		char msg[200];
		snprintf(msg, sizeof(msg),
			 "%zu results, more than the %d GitHub accepts in one run: only the %zu most severe are "
			 "included (see the JSON report for all)",
			 c->eligible, SARIF_MAX_RESULTS, c->included);
		sarif_notification(w, r, "warning", NULL, 0, 0, msg);
	}
	jw_arr_end(w);
	jw_obj_end(w);
	jw_arr_end(w);
}

/* Under the cap, what was left out. */
static void sarif_run_properties(struct jsonw *w, const struct cap *c)
{
	if (c->eligible <= c->included)
		return;
	jw_key(w, "properties");
	jw_obj(w);
	jw_kbool(w, "sgcheck/truncated", 1);
	jw_kint(w, "sgcheck/results", (int64_t)c->eligible);
	jw_kint(w, "sgcheck/resultsIncluded", (int64_t)c->included);
	jw_obj_end(w);
}

static void sarif_driver(struct jsonw *w, const struct report *r)
{
	jw_key(w, "tool");
	jw_obj(w);
	jw_key(w, "driver");
	jw_obj(w);
	jw_kstr(w, "name", "sgcheck");
	jw_kstr(w, "version", SG_VERSION);
	jw_kstr(w, "semanticVersion", SG_VERSION);
	jw_kstr(w, "informationUri", "https://github.com/sgcheck/sgcheck");
	jw_key(w, "rules");
	jw_arr(w);
	for (size_t i = 0; i < r->rs->rules.n; i++)
		sarif_rule(w, r->rs->rules.v[i]);
	jw_arr_end(w);
	jw_obj_end(w);
	jw_obj_end(w);
}

static void sarif_tail(struct report_stream *s)
{
	struct jsonw *w = &s->jw;
	struct cap c;
	cap_of(s, &c);
	jw_obj(w);
	jw_kstr(w, "$schema", "https://json.schemastore.org/sarif-2.1.0.json");
	jw_kstr(w, "version", "2.1.0");
	jw_key(w, "runs");
	jw_arr(w);
	jw_obj(w);
	sarif_driver(w, s->r);
	sarif_invocation(s, &c);
	jw_kstr(w, "columnKind", "unicodeCodePoints");
	jw_key(w, "results");
	jw_arr(w);
	if (c.eligible > c.included)
		capped_results(s, &c);
	else
		report_stream_json_section(s, SEC_RESULTS);
	jw_arr_end(w);
	sarif_run_properties(w, &c);
	jw_obj_end(w);
	jw_arr_end(w);
	jw_obj_end(w);
}

const struct report_writer report_sarif = {"sarif", 1, 0, NULL, sarif_unit, sarif_tail};
