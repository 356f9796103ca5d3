/* report.c - ordering, counting, gating and format dispatch; see report.h */
#include "report/report.h"

#include <stdlib.h>
#include <string.h>

#include "base/paths.h"
#include "model/model.h"

static int cmp_finding(const void *a, const void *b)
{
	const struct finding *x = a, *y = b;
	if (x->line != y->line)
		return x->line < y->line ? -1 : 1;
	if (x->col != y->col)
		return x->col < y->col ? -1 : 1;
	int c = strcmp(x->rule->id, y->rule->id);
	if (c)
		return c;
	c = strcmp(x->message, y->message);
	if (c)
		return c;
	return strcmp(x->resource ? x->resource : "", y->resource ? y->resource : "");
}

int report_finding_fails(const struct report *r, const struct finding *f)
{
	if (f->suppressed || r->fail_on == SEV_NONE || f->severity < r->fail_on)
		return 0;
	return !(r->new_only && f->change == CHANGE_EXISTING);
}

void report_prepare(struct report *r)
{
	r->n_files = r->n_resources = r->n_findings = r->n_suppressed = r->n_failing = r->n_new = 0;
	r->n_left_out = 0;
	r->n_errors = r->nerrors;
	memset(r->by_severity, 0, sizeof(r->by_severity));
	for (size_t i = 0; i < r->nfiles; i++) {
		struct unit_result *fr = &r->files[i];
		sort_array(fr->findings.v, fr->findings.n, sizeof(*fr->findings.v), cmp_finding);
		sort_array(fr->errors.v, fr->errors.n, sizeof(*fr->errors.v), diag_cmp);
		r->n_files += fr->scanned ? fr->nfiles : fr->errors.n != 0;
		r->n_resources += fr->resources;
		r->n_left_out += fr->left_out;
		r->n_errors += fr->errors.n;
		for (size_t k = 0; k < fr->findings.n; k++) {
			const struct finding *f = &fr->findings.v[k];
			r->n_findings++;
			r->n_suppressed += f->suppressed != 0;
			if (!f->suppressed && f->severity >= 0 && f->severity < SEV_NONE)
				r->by_severity[f->severity]++;
			r->n_failing += report_finding_fails(r, f);
			r->n_new += !f->suppressed && f->change == CHANGE_NEW;
		}
	}
}

int report_exit_status(const struct report *r)
{
	if (r->n_errors)
		return 2;
	return r->n_failing ? 1 : 0;
}

/* Byte offset of 1-based character column `col` in line. */
static size_t col_offset(const char *line, uint32_t col)
{
	size_t off = 0;
	for (uint32_t c = 1; c < col && line[off]; c++) {
		off++;
		while ((line[off] & 0xC0) == 0x80)
			off++;
	}
	return off;
}

int report_span(const struct finding *f, size_t *off, size_t *len)
{
	const char *line = f->src_line;
	if (!line || !*line)
		return -1;
	size_t o = col_offset(line, f->src_col), n = 0;
	const char *close = line[o] == '"' ? strchr(line + o + 1, '"') : NULL;
	if (close) { /* a quoted key or value: the span holds its quotes */
		n = (size_t)(close - (line + o)) + 1;
	} else {
		while (line[o + n] && (strchr("_-.", line[o + n]) || (line[o + n] >= 'A' && line[o + n] <= 'Z') ||
				       (line[o + n] >= 'a' && line[o + n] <= 'z') ||
				       (line[o + n] >= '0' && line[o + n] <= '9')))
			n++;
	}
	*off = o;
	*len = n ? n : 1;
	return 0;
}

const char *report_primary_path(const struct finding *f, uint32_t *line, uint32_t *col)
{
	if (f->in_source.repo_path) {
		*line = f->in_source.line;
		*col = f->in_source.col;
		return f->in_source.repo_path;
	}
	*line = f->line;
	*col = f->col;
	return f->repo_path;
}

void report_repo_path(const struct report *r, const char *file, struct strbuf *out)
{
	repo_path(r->root, file, out);
}

const char *report_direction(int direction)
{
	return direction == DIR_INGRESS ? "ingress" : "egress";
}

void report_trace_text(const struct finding *f, struct strbuf *out)
{
	for (uint32_t i = 0; i < f->ntrace; i++)
		sb_addf(out, "%s%s", i ? " \xe2\x86\x90 " : "", f->trace[i].text);
}

/* The target the reach line speaks of: the first that is as reachable as
 * the finding. */
static const struct exposure_target *reach_target(const struct exposure *x)
{
	for (uint32_t i = 0; i < x->ntargets; i++)
		if (strcmp(x->targets[i].reachability, x->reachability) == 0)
			return &x->targets[i];
	return x->ntargets ? &x->targets[0] : NULL;
}

void report_reach_text(const struct finding *f, struct strbuf *out)
{
	const struct exposure *x = f->exposure;
	const struct exposure_target *t = reach_target(x);
	sb_adds(out, x->reachability);
	if (t && !t->reason)
		for (uint32_t i = 0; i < t->npath; i++) {
			const struct exposure_hop *h = &t->path[i];
			sb_addf(out, " \xe2\x86\x90 %s%s%s", h->step ? h->step : "", h->step ? " " : "", h->resource);
			if (h->note)
				sb_addf(out, h->step && strcmp(h->step, "subnet") == 0 ? " (%s)" : " %s", h->note);
		}
	else if (t && t->reason)
		sb_addf(out, ": %s", t->reason);
	else if (x->reason)
		sb_addf(out, ": %s", x->reason);
	if (x->ntargets > 1)
		sb_addf(out, " (%u targets)", x->ntargets);
}

static const struct {
	const char *name;
	void (*fn)(const struct report *, struct strbuf *);
} formats[] = {
	{"text", report_text},	   {"json", report_json},     {"sarif", report_sarif},
	{"junit", report_junit},   {"github", report_github}, {"gitlab", report_gitlab},
	{"gitlab-sast", report_gitlab_sast},
};

int report_format_known(const char *format)
{
	for (size_t i = 0; i < sizeof(formats) / sizeof(formats[0]); i++)
		if (strcmp(formats[i].name, format) == 0)
			return 1;
	return 0;
}

void report_format_list(struct strbuf *out)
{
	for (size_t i = 0; i < sizeof(formats) / sizeof(formats[0]); i++)
		sb_addf(out, "%s%s", i ? ", " : "", formats[i].name);
}

int report_render(const struct report *r, const char *format, struct strbuf *out)
{
	for (size_t i = 0; i < sizeof(formats) / sizeof(formats[0]); i++) {
		if (strcmp(formats[i].name, format) == 0) {
			formats[i].fn(r, out);
			return 0;
		}
	}
	return -1;
}
