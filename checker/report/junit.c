/* report_junit.c - JUnit XML for Jenkins, GitLab and other CI test views.
 *
 * One testsuite per scanned file, one testcase per (file, rule) checked,
 * named by the rule alone ("SG002 Remote administration port open to the
 * internet") so that editing a file never renames its tests. A testcase
 * fails only when a finding of its rule fails the gate (--fail-on,
 * --new-only); findings below the gate and suppressed ones are listed in
 * its system-out. A file that cannot be scanned is one errored testcase.
 * No file/line attributes: strict xunit schemas (Jenkins' junit-10.xsd,
 * which tests validate against) reject them; locations are in the text.
 */
#include <stdio.h>
#include <string.h>

#include "model/model.h"
#include "report/report.h"

/* Characters XML 1.0 allows: anything else (C0 controls but tab, newline
 * and carriage return; surrogates; U+FFFE, U+FFFF; bytes that are not UTF-8)
 * makes the document not well-formed, even as a character reference. */
static int xml_allowed(uint32_t c)
{
	return c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF) || (c >= 0xE000 && c <= 0xFFFD) ||
	       c >= 0x10000;
}

/* Markup characters as entities; what XML cannot hold as its visible
 * escape (\x01, \uffff), so the report stays well-formed and shows it. */
static void xml_escape(struct strbuf *sb, const char *s)
{
	static const char *const entity[128] = {['<'] = "&lt;", ['>'] = "&gt;", ['&'] = "&amp;",
						['"'] = "&quot;", ['\''] = "&apos;"};
	size_t n = s ? strlen(s) : 0;
	for (size_t i = 0, used; i < n; i += used) {
		uint32_t c = 0;
		used = utf8_decode(s + i, n - i, &c);
		if (used && c < 128 && entity[c]) {
			sb_adds(sb, entity[c]);
		} else if (used && xml_allowed(c)) {
			sb_add(sb, s + i, used);
		} else {
			char esc[12];
			size_t k = visible_next(s + i, n - i, esc, &used);
			if (k == used && memcmp(esc, s + i, used) == 0) /* U+FFFE, U+FFFF */
				k = (size_t)snprintf(esc, sizeof(esc), "\\u%04x", (unsigned)c);
			sb_add(sb, esc, k);
		}
	}
}

static void attr(struct strbuf *out, const char *name, const char *value)
{
	sb_addf(out, " %s=\"", name);
	xml_escape(out, value);
	sb_addc(out, '"');
}

static void finding_line(struct strbuf *out, const struct finding *f)
{
	sb_addf(out, "%s:%u:%u: %s: %s [%s]", f->file, f->line, f->col, severity_name(f->severity), f->message,
		f->rule->id);
	if (f->resource)
		sb_addf(out, " in %s (%s)", f->resource, f->resource_type ? f->resource_type : "-");
	if (f->suppressed)
		sb_addf(out, " - suppressed (%s): %s", f->supp_kind, f->supp_reason);
	sb_addc(out, '\n');
}

/* file: only the findings of that file of the unit (NULL: all). */
static int rule_fails(const struct report *r, const struct unit_result *fr, const char *file, const struct rule *rule)
{
	for (size_t k = 0; k < fr->findings.n; k++)
		if (fr->findings.v[k].rule == rule && (!file || fr->findings.v[k].file == file) &&
		    report_finding_fails(r, &fr->findings.v[k]))
			return 1;
	return 0;
}

/* The testcase of one rule on one file. */
static void testcase(const struct report *r, const struct unit_result *fr, const char *file,
		     const char *classname, const struct rule *rule, struct strbuf *out)
{
	struct strbuf name = STRBUF_INIT, failing = STRBUF_INIT, other = STRBUF_INIT;
	size_t nfail = 0;
	sb_addf(&name, "%s %s", rule->id, rule->title);
	for (size_t k = 0; k < fr->findings.n; k++) {
		const struct finding *f = &fr->findings.v[k];
		if (f->rule != rule || (file && f->file != file))
			continue;
		int fails = report_finding_fails(r, f);
		nfail += fails;
		finding_line(fails ? &failing : &other, f);
	}
	sb_adds(out, "    <testcase");
	attr(out, "name", name.buf);
	attr(out, "classname", classname);
	sb_adds(out, " time=\"0\"");
	if (!nfail && !other.len) {
		sb_adds(out, "/>\n");
		goto cleanup;
	}
	sb_adds(out, ">\n");
	if (nfail) {
		char msg[200];
		snprintf(msg, sizeof(msg), "%zu finding%s at or above %s", nfail, nfail == 1 ? "" : "s",
			 severity_name(r->fail_on));
		sb_adds(out, "      <failure");
		attr(out, "message", msg);
		attr(out, "type", rule->id);
		sb_adds(out, ">");
		if (rule->remediation)
			sb_addf(&failing, "how to fix: %s\n", rule->remediation);
		xml_escape(out, failing.buf);
		sb_adds(out, "</failure>\n");
	}
	if (other.len) {
		sb_adds(out, "      <system-out>");
		xml_escape(out, other.buf);
		sb_adds(out, "</system-out>\n");
	}
	sb_adds(out, "    </testcase>\n");
cleanup:
	sb_release(&name);
	sb_release(&failing);
	sb_release(&other);
}

static void error_testcase(struct strbuf *out, const char *classname, const char *name, const struct diag *d)
{
	char msg[400];
	if (d->loc.line)
		snprintf(msg, sizeof(msg), "%s:%u:%u: %s", d->loc.file, d->loc.line, d->loc.col, d->msg);
	else
		snprintf(msg, sizeof(msg), "%s: %s", d->loc.file ? d->loc.file : "sgcheck", d->msg);
	sb_adds(out, "    <testcase");
	attr(out, "name", name);
	attr(out, "classname", classname);
	sb_adds(out, " time=\"0\">\n      <error");
	attr(out, "message", msg);
	attr(out, "type", "error");
	sb_adds(out, "/>\n    </testcase>\n");
}

/* Tests of a file: its errors, or one per rule of the set. */
static size_t file_tests(const struct report *r, const struct unit_result *fr)
{
	return fr->errors.n ? fr->errors.n : r->rs->rules.n;
}

static size_t file_failures(const struct report *r, const struct unit_result *fr, const char *file)
{
	size_t n = 0;
	for (size_t i = 0; !fr->errors.n && i < r->rs->rules.n; i++)
		n += rule_fails(r, fr, file, r->rs->rules.v[i]);
	return n;
}

/* Suites and classes are named by repository path: the same however the
 * file was named and from wherever sgcheck ran. file: the suite of one
 * file of the unit (a nested template), NULL: the unit as a whole. */
static void file_suite(const struct report *r, const struct unit_result *fr, const char *file, struct strbuf *out)
{
	struct strbuf name = STRBUF_INIT;
	report_repo_path(r, file ? file : fr->path, &name);
	sb_adds(out, "  <testsuite");
	attr(out, "name", name.buf);
	sb_addf(out, " tests=\"%zu\" failures=\"%zu\" errors=\"%zu\" skipped=\"0\" time=\"0\">\n",
		file_tests(r, fr), file_failures(r, fr, file), fr->errors.n);
	for (size_t k = 0; k < fr->errors.n; k++)
		error_testcase(out, name.buf, "load", &fr->errors.v[k]);
	for (size_t i = 0; !fr->errors.n && i < r->rs->rules.n; i++)
		testcase(r, fr, file, name.buf, r->rs->rules.v[i], out);
	sb_adds(out, "  </testsuite>\n");
	sb_release(&name);
}

/* A unit with nested templates has a suite per file (SPEC 12: a test
 * case per file and rule); errors go to the unit's own suite. */
static size_t unit_suites(const struct unit_result *fr)
{
	return fr->per_file && !fr->errors.n ? 1 + fr->files.n : 1;
}

static const char *suite_file(const struct unit_result *fr, size_t k)
{
	if (!fr->per_file || fr->errors.n)
		return NULL;
	return k == 0 ? fr->path : fr->files.v[k - 1];
}

enum { TESTS, FAILURES, ERRORS }; /* the tallies */

static void junit_unit(const struct report_stream *s, const struct unit_result *fr, struct report_part *p)
{
	const struct report *r = s->r;
	if (!fr->scanned && !fr->errors.n)
		return;
	for (size_t k = 0; k < unit_suites(fr); k++) {
		p->tally[TESTS] += file_tests(r, fr);
		p->tally[FAILURES] += file_failures(r, fr, suite_file(fr, k));
		file_suite(r, fr, suite_file(fr, k), &p->sec[0]);
	}
	p->tally[ERRORS] += fr->errors.n;
}

/* The totals head the document: the suites wait in their spill. */
static void junit_tail(struct report_stream *s)
{
	const struct report *r = s->r;
	struct strbuf *out = &s->buf;
	sb_adds(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
	sb_addf(out, "<testsuites name=\"sgcheck\" tests=\"%zu\" failures=\"%zu\" errors=\"%zu\" time=\"0\">\n",
		r->nerrors + s->tally[TESTS], s->tally[FAILURES], r->nerrors + s->tally[ERRORS]);
	if (r->nerrors) {
		sb_addf(out, "  <testsuite name=\"sgcheck\" tests=\"%zu\" failures=\"0\" errors=\"%zu\" skipped=\"0\" "
			     "time=\"0\">\n", r->nerrors, r->nerrors);
		for (size_t i = 0; i < r->nerrors; i++)
			error_testcase(out, "sgcheck", "configuration", &r->errors[i]);
		sb_adds(out, "  </testsuite>\n");
	}
	report_stream_section(s, 0, 0);
	sb_adds(out, "</testsuites>\n");
}

const struct report_writer report_junit = {"junit", 0, 0, NULL, junit_unit, junit_tail};
