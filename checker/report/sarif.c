/* report_sarif.c - SARIF 2.1.0 for GitHub code scanning and other viewers.
 *
 * Paths are relative to the repository root (uriBaseId %SRCROOT%), every
 * result has a real region (GitHub rejects a whole file for one result
 * without one), partialFingerprints survive line moves, the value's trace
 * becomes relatedLocations, and suppressed findings carry suppressions.
 */
#define _POSIX_C_SOURCE 200809L
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/jsonw.h"
#include "model/model.h"
#include "report/report.h"
#include "base/version.h"

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

/* Relative, percent-encoded URI of a path as the user gave it. */
static void uri_of(const char *path, struct strbuf *out)
{
	char cwd[PATH_MAX];
	if (path[0] == '/' && getcwd(cwd, sizeof(cwd))) {
		size_t n = strlen(cwd);
		if (strncmp(path, cwd, n) == 0 && path[n] == '/')
			path += n + 1;
	}
	while (path[0] == '.' && path[1] == '/')
		path += 2;
	for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
		if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
		    strchr("-._~/", *p))
			sb_addc(out, (char)*p);
		else
			sb_addf(out, "%%%02X", *p);
	}
}

static void physical_location(struct jsonw *w, const char *file, uint32_t line, uint32_t col)
{
	struct strbuf uri = STRBUF_INIT;
	uri_of(file, &uri);
	jw_key(w, "physicalLocation");
	jw_obj(w);
	jw_key(w, "artifactLocation");
	jw_obj(w);
	jw_kstr(w, "uri", uri.buf);
	jw_kstr(w, "uriBaseId", "%SRCROOT%");
	jw_obj_end(w);
	jw_key(w, "region");
	jw_obj(w);
	jw_kint(w, "startLine", line ? line : 1);
	jw_kint(w, "startColumn", col ? col : 1);
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

static void sarif_rule(struct jsonw *w, const struct rule *r)
{
	struct strbuf name = STRBUF_INIT, help = STRBUF_INIT;
	pascal_name(r->title, &name);
	sb_addf(&help, "%s", r->description ? r->description : r->title);
	if (r->remediation)
		sb_addf(&help, "\n\nRemediation: %s", r->remediation);
	for (size_t i = 0; i < r->nreferences; i++)
		sb_addf(&help, "%s%s", i ? ", " : "\n\nReferences: ", r->references[i]);
	jw_obj(w);
	jw_kstr(w, "id", r->id);
	jw_kstr(w, "name", name.buf);
	jw_key(w, "shortDescription");
	jw_obj(w);
	jw_kstr(w, "text", r->title);
	jw_obj_end(w);
	jw_key(w, "fullDescription");
	jw_obj(w);
	jw_kstr(w, "text", r->description ? r->description : r->title);
	jw_obj_end(w);
	jw_key(w, "help");
	jw_obj(w);
	jw_kstr(w, "text", help.buf);
	jw_obj_end(w);
	jw_key(w, "defaultConfiguration");
	jw_obj(w);
	jw_kstr(w, "level", level_of(r->severity));
	jw_obj_end(w);
	jw_key(w, "properties");
	jw_obj(w);
	jw_kstr(w, "security-severity", security_severity(r->severity));
	jw_key(w, "tags");
	jw_arr(w);
	jw_str(w, "security");
	jw_str(w, r->scope == RSCOPE_RESOURCE ? "configuration" : "network");
	jw_arr_end(w);
	jw_obj_end(w);
	jw_obj_end(w);
	sb_release(&name);
	sb_release(&help);
}

static size_t rule_index(const struct report *r, const struct rule *rule)
{
	for (size_t i = 0; i < r->rs->rules.n; i++)
		if (r->rs->rules.v[i] == rule)
			return i;
	return 0;
}

static void sarif_result(struct jsonw *w, const struct report *r, const struct finding *f)
{
	jw_obj(w);
	jw_kstr(w, "ruleId", f->rule->id);
	jw_kint(w, "ruleIndex", (int64_t)rule_index(r, f->rule));
	jw_kstr(w, "level", level_of(f->severity));
	jw_key(w, "message");
	jw_obj(w);
	jw_kstr(w, "text", f->message);
	jw_obj_end(w);
	jw_key(w, "locations");
	jw_arr(w);
	jw_obj(w);
	physical_location(w, f->file, f->line, f->col);
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
	jw_key(w, "partialFingerprints");
	jw_obj(w);
	jw_kstr(w, "sgcheck/v1", f->fingerprint);
	jw_obj_end(w);
	if (f->ntrace) {
		jw_key(w, "relatedLocations");
		jw_arr(w);
		for (uint32_t i = 0; i < f->ntrace; i++) {
			jw_obj(w);
			jw_kint(w, "id", i + 1);
			physical_location(w, f->file, f->trace[i].line, f->trace[i].col);
			jw_key(w, "message");
			jw_obj(w);
			jw_kstr(w, "text", f->trace[i].text);
			jw_obj_end(w);
			jw_obj_end(w);
		}
		jw_arr_end(w);
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
}

static void sarif_notification(struct jsonw *w, const struct diag *d)
{
	jw_obj(w);
	jw_kstr(w, "level", "error");
	jw_key(w, "message");
	jw_obj(w);
	jw_kstr(w, "text", d->msg);
	jw_obj_end(w);
	if (d->loc.file) {
		jw_key(w, "locations");
		jw_arr(w);
		jw_obj(w);
		physical_location(w, d->loc.file, d->loc.line, d->loc.col);
		jw_obj_end(w);
		jw_arr_end(w);
	}
	jw_obj_end(w);
}

static void sarif_invocation(struct jsonw *w, const struct report *r)
{
	jw_key(w, "invocations");
	jw_arr(w);
	jw_obj(w);
	jw_kbool(w, "executionSuccessful", r->n_errors == 0);
	jw_key(w, "toolExecutionNotifications");
	jw_arr(w);
	for (size_t i = 0; i < r->nerrors; i++)
		sarif_notification(w, &r->errors[i]);
	for (size_t i = 0; i < r->nfiles; i++)
		for (size_t k = 0; k < r->files[i].errors.n; k++)
			sarif_notification(w, &r->files[i].errors.v[k]);
	jw_arr_end(w);
	jw_obj_end(w);
	jw_arr_end(w);
}

void report_sarif(const struct report *r, struct strbuf *out)
{
	struct jsonw w;
	jw_init(&w, out, 0);
	jw_obj(&w);
	jw_kstr(&w, "$schema", "https://json.schemastore.org/sarif-2.1.0.json");
	jw_kstr(&w, "version", "2.1.0");
	jw_key(&w, "runs");
	jw_arr(&w);
	jw_obj(&w);
	jw_key(&w, "tool");
	jw_obj(&w);
	jw_key(&w, "driver");
	jw_obj(&w);
	jw_kstr(&w, "name", "sgcheck");
	jw_kstr(&w, "version", SG_VERSION);
	jw_kstr(&w, "semanticVersion", SG_VERSION);
	jw_kstr(&w, "informationUri", "https://github.com/sgcheck/sgcheck");
	jw_key(&w, "rules");
	jw_arr(&w);
	for (size_t i = 0; i < r->rs->rules.n; i++)
		sarif_rule(&w, r->rs->rules.v[i]);
	jw_arr_end(&w);
	jw_obj_end(&w);
	jw_obj_end(&w);
	sarif_invocation(&w, r);
	jw_key(&w, "results");
	jw_arr(&w);
	for (size_t i = 0; i < r->nfiles; i++)
		for (size_t k = 0; k < r->files[i].findings.n; k++)
			sarif_result(&w, r, &r->files[i].findings.v[k]);
	jw_arr_end(&w);
	jw_obj_end(&w);
	jw_arr_end(&w);
	jw_obj_end(&w);
}
