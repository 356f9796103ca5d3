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
	sb_addf(out, "::%s file=", cmd);
	escape(out, file, 1);
	if (line)
		sb_addf(out, ",line=%u,col=%u", line, col);
	if (title) {
		sb_adds(out, ",title=");
		escape(out, title, 1);
	}
	sb_adds(out, "::");
	escape(out, msg, 0);
	sb_addc(out, '\n');
}

void report_github(const struct report *r, struct strbuf *out)
{
	for (size_t i = 0; i < r->nerrors; i++)
		annotation(out, "error", r->errors[i].loc.file ? r->errors[i].loc.file : ".sgcheck.yml",
			   r->errors[i].loc.line, r->errors[i].loc.col, "sgcheck error", r->errors[i].msg);
	for (size_t i = 0; i < r->nfiles; i++) {
		const struct unit_result *fr = &r->files[i];
		for (size_t k = 0; k < fr->errors.n; k++)
			annotation(out, "error", fr->path, fr->errors.v[k].loc.line, fr->errors.v[k].loc.col,
				   "sgcheck: cannot scan", fr->errors.v[k].msg);
		for (size_t k = 0; k < fr->findings.n; k++) {
			const struct finding *f = &fr->findings.v[k];
			if (f->suppressed)
				continue;
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
			annotation(out, command_of(f->severity), f->file, f->line, f->col, title, msg.buf);
			sb_release(&msg);
		}
	}
	sb_addf(out, "sgcheck: %zu finding%s, %zu suppressed, %zu error%s\n", r->n_findings - r->n_suppressed,
		r->n_findings - r->n_suppressed == 1 ? "" : "s", r->n_suppressed, r->n_errors,
		r->n_errors == 1 ? "" : "s");
}
