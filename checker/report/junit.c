/* report_junit.c - JUnit XML for Jenkins, GitLab and other CI test views:
 * a testsuite per scanned file, a failing testcase per finding, a skipped
 * one per suppressed finding, an errored one per file error, and a passing
 * testcase for a clean file (so it shows up as checked). */
#include <stdio.h>
#include <string.h>

#include "model/model.h"
#include "report/report.h"

static void xml_escape(struct strbuf *sb, const char *s)
{
	for (const unsigned char *p = (const unsigned char *)(s ? s : ""); *p; p++) {
		switch (*p) {
		case '<':
			sb_adds(sb, "&lt;");
			break;
		case '>':
			sb_adds(sb, "&gt;");
			break;
		case '&':
			sb_adds(sb, "&amp;");
			break;
		case '"':
			sb_adds(sb, "&quot;");
			break;
		case '\'':
			sb_adds(sb, "&apos;");
			break;
		default:
			if (*p < 0x20 && *p != '\n' && *p != '\t')
				sb_addc(sb, '?'); /* not allowed in XML 1.0 */
			else
				sb_addc(sb, (char)*p);
		}
	}
}

static void attr(struct strbuf *out, const char *name, const char *value)
{
	sb_addf(out, " %s=\"", name);
	xml_escape(out, value);
	sb_addc(out, '"');
}

static void testcase(struct strbuf *out, const struct finding *f)
{
	char name[512];
	snprintf(name, sizeof(name), "%s %s%s%s:%u", f->rule->id, f->resource ? f->resource : "",
		 f->resource ? " " : "", f->file, f->line);
	sb_adds(out, "    <testcase");
	attr(out, "name", name);
	attr(out, "classname", f->file);
	attr(out, "file", f->file);
	sb_addf(out, " line=\"%u\">\n", f->line);
	if (f->suppressed) {
		sb_adds(out, "      <skipped");
		char msg[600];
		snprintf(msg, sizeof(msg), "suppressed (%s): %s", f->supp_kind, f->supp_reason);
		attr(out, "message", msg);
		sb_adds(out, "/>\n");
	} else {
		sb_adds(out, "      <failure");
		attr(out, "message", f->message);
		attr(out, "type", severity_name(f->severity));
		sb_adds(out, ">");
		struct strbuf body = STRBUF_INIT;
		sb_addf(&body, "%s:%u:%u: %s: %s [%s]\n%s: %s\nresource: %s (%s)\n", f->file, f->line, f->col,
			severity_name(f->severity), f->message, f->rule->id, f->rule->id, f->rule->title,
			f->resource ? f->resource : "-", f->resource_type ? f->resource_type : "-");
		if (f->rule->remediation)
			sb_addf(&body, "remediation: %s\n", f->rule->remediation);
		xml_escape(out, body.buf);
		sb_release(&body);
		sb_adds(out, "</failure>\n");
	}
	sb_adds(out, "    </testcase>\n");
}

static void file_suite(const struct report *r, const struct unit_result *fr, struct strbuf *out)
{
	size_t failures = 0, skipped = 0;
	for (size_t k = 0; k < fr->findings.n; k++) {
		failures += !fr->findings.v[k].suppressed;
		skipped += fr->findings.v[k].suppressed != 0;
	}
	size_t tests = fr->findings.n + fr->errors.n + (fr->findings.n + fr->errors.n == 0);
	sb_adds(out, "  <testsuite");
	attr(out, "name", fr->path);
	sb_addf(out, " tests=\"%zu\" failures=\"%zu\" errors=\"%zu\" skipped=\"%zu\">\n", tests, failures,
		fr->errors.n, skipped);
	for (size_t k = 0; k < fr->errors.n; k++) {
		const struct diag *d = &fr->errors.v[k];
		char msg[400];
		snprintf(msg, sizeof(msg), "%s:%u:%u: %s", d->loc.file, d->loc.line, d->loc.col, d->msg);
		sb_adds(out, "    <testcase name=\"load\"");
		attr(out, "classname", fr->path);
		sb_adds(out, ">\n      <error");
		attr(out, "message", msg);
		sb_adds(out, "/>\n    </testcase>\n");
	}
	for (size_t k = 0; k < fr->findings.n; k++)
		testcase(out, &fr->findings.v[k]);
	if (fr->findings.n + fr->errors.n == 0) {
		sb_adds(out, "    <testcase name=\"sgcheck\"");
		attr(out, "classname", fr->path);
		sb_adds(out, "/>\n");
	}
	sb_adds(out, "  </testsuite>\n");
	(void)r;
}

void report_junit(const struct report *r, struct strbuf *out)
{
	size_t tests = 0, failures = r->n_findings - r->n_suppressed;
	for (size_t i = 0; i < r->nfiles; i++) {
		const struct unit_result *fr = &r->files[i];
		if (fr->scanned || fr->errors.n)
			tests += fr->findings.n + fr->errors.n + (fr->findings.n + fr->errors.n == 0);
	}
	sb_adds(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
	sb_addf(out, "<testsuites name=\"sgcheck\" tests=\"%zu\" failures=\"%zu\" errors=\"%zu\">\n",
		tests + r->nerrors, failures, r->n_errors);
	if (r->nerrors) {
		sb_addf(out, "  <testsuite name=\"sgcheck\" tests=\"%zu\" failures=\"0\" errors=\"%zu\">\n",
			r->nerrors, r->nerrors);
		for (size_t i = 0; i < r->nerrors; i++) {
			sb_adds(out, "    <testcase name=\"configuration\" classname=\"sgcheck\">\n      <error");
			char msg[400];
			snprintf(msg, sizeof(msg), "%s:%u:%u: %s", r->errors[i].loc.file ? r->errors[i].loc.file : "sgcheck",
				 r->errors[i].loc.line, r->errors[i].loc.col, r->errors[i].msg);
			attr(out, "message", msg);
			sb_adds(out, "/>\n    </testcase>\n");
		}
		sb_adds(out, "  </testsuite>\n");
	}
	for (size_t i = 0; i < r->nfiles; i++)
		if (r->files[i].scanned || r->files[i].errors.n)
			file_suite(r, &r->files[i], out);
	sb_adds(out, "</testsuites>\n");
}
