/* report_github.c - GitHub Actions workflow commands: annotations on the
 * pull request's diff. */
#include <stdio.h>
#include <string.h>

#include "model/model.h"
#include "report/report.h"

/* Escaping of workflow commands: data escapes % CR LF; properties also
 * escape : and , */
static void escape(struct strbuf *out, const char *s, int property)
{
	for (const char *p = s ? s : ""; *p; p++) {
		if (*p == '%')
			sb_adds(out, "%25");
		else if (*p == '\r')
			sb_adds(out, "%0D");
		else if (*p == '\n')
			sb_adds(out, "%0A");
		else if (property && *p == ':')
			sb_adds(out, "%3A");
		else if (property && *p == ',')
			sb_adds(out, "%2C");
		else
			sb_addc(out, *p);
	}
}

static const char *command_of(int sev)
{
	return sev >= SEV_HIGH ? "error" : sev == SEV_MEDIUM ? "warning" : "notice";
}

static void annotation(struct strbuf *out, const char *cmd, const char *file, uint32_t line,
		       uint32_t col, const char *title, const char *msg)
{
	sb_addf(out, "::%s ", cmd);
	if (file) {
		sb_adds(out, "file=");
		escape(out, file, 1);
		if (line)
			sb_addf(out, ",line=%u,col=%u", line, col);
		sb_addc(out, ',');
	}
	sb_adds(out, "title=");
	escape(out, title, 1);
	sb_adds(out, "::");
	escape(out, msg, 0);
	sb_addc(out, '\n');
}

/* An error of the run or of a file; one that names no file (a bad option,
 * a missing path) is annotated on no file. */
static void error_annotation(const struct report *r, struct strbuf *out, const struct diag *d, const char *title)
{
	struct strbuf rpath = STRBUF_INIT;
	if (d->loc.file)
		report_repo_path(r, d->loc.file, &rpath);
	annotation(out, "error", d->loc.file ? rpath.buf : NULL, d->loc.line, d->loc.col, title, d->msg);
	sb_release(&rpath);
}

static void finding_annotation(struct strbuf *out, const struct finding *f)
{
	char title[300];
	snprintf(title, sizeof(title), "%s %s", f->rule->id, f->rule->title);
	struct strbuf msg = STRBUF_INIT;
	sb_addf(&msg, "%s", f->message);
	if (f->resource)
		sb_addf(&msg, " (%s)", f->resource);
	if (f->ntrace) {
		sb_adds(&msg, "\nwhy: ");
		report_trace_text(f, &msg);
	}
	if (f->exposure) {
		sb_adds(&msg, "\nreach: ");
		report_reach_text(f, &msg);
	}
	uint32_t line, col;
	const char *path = report_primary_path(f, &line, &col);
	annotation(out, command_of(f->severity), path, line, col, title, msg.buf);
	sb_release(&msg);
}

/* GitHub shows only the first 10 annotations of each type per step: the
 * most severe go first, in report order within a severity. Sections: the
 * units' errors, then one per severity, the most severe first. */
enum { SEC_ERRORS, SEC_SEVERITY };

static void github_unit(const struct report_stream *s, const struct unit_result *u, struct report_part *p)
{
	for (size_t k = 0; k < u->errors.n; k++)
		error_annotation(s->r, &p->sec[SEC_ERRORS], &u->errors.v[k], "sgcheck: cannot scan");
	for (size_t k = 0; k < u->findings.n; k++) {
		const struct finding *f = &u->findings.v[k];
		if (!f->suppressed && f->severity >= SEV_INFO && f->severity <= SEV_CRITICAL)
			finding_annotation(&p->sec[SEC_SEVERITY + SEV_CRITICAL - f->severity], f);
	}
}

static void github_tail(struct report_stream *s)
{
	const struct report *r = s->r;
	for (size_t i = 0; i < r->nerrors; i++)
		error_annotation(r, &s->buf, &r->errors[i], "sgcheck error");
	for (int k = SEC_ERRORS; k <= SEC_SEVERITY + SEV_CRITICAL - SEV_INFO; k++)
		report_stream_section(s, k, 0);
	sb_addf(&s->buf, "sgcheck: %zu finding%s, %zu suppressed, %zu error%s\n", r->n_findings - r->n_suppressed,
		r->n_findings - r->n_suppressed == 1 ? "" : "s", r->n_suppressed, r->n_errors,
		r->n_errors == 1 ? "" : "s");
}

const struct report_writer report_github = {"github", 0, 0, NULL, github_unit, github_tail};
