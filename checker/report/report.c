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

void report_begin(struct report *r)
{
	r->n_files = r->n_resources = r->n_findings = r->n_suppressed = r->n_failing = r->n_new = 0;
	r->n_left_out = 0;
	r->n_errors = r->nerrors;
	memset(r->by_severity, 0, sizeof(r->by_severity));
}

void report_unit_prepare(const struct report *r, struct unit_result *u, struct report_counts *c)
{
	memset(c, 0, sizeof(*c));
	sort_array(u->findings.v, u->findings.n, sizeof(*u->findings.v), cmp_finding);
	sort_array(u->errors.v, u->errors.n, sizeof(*u->errors.v), diag_cmp);
	c->files = u->scanned ? u->nfiles : u->errors.n != 0;
	c->resources = u->resources;
	c->left_out = u->left_out;
	c->errors = u->errors.n;
	for (size_t k = 0; k < u->findings.n; k++) {
		const struct finding *f = &u->findings.v[k];
		c->findings++;
		c->suppressed += f->suppressed != 0;
		if (!f->suppressed && f->severity >= 0 && f->severity < SEV_NONE)
			c->by_severity[f->severity]++;
		c->failing += report_finding_fails(r, f);
		c->new_ += !f->suppressed && f->change == CHANGE_NEW;
	}
}

void report_add_counts(struct report *r, const struct report_counts *c)
{
	r->n_files += c->files;
	r->n_resources += c->resources;
	r->n_left_out += c->left_out;
	r->n_errors += c->errors;
	r->n_findings += c->findings;
	r->n_suppressed += c->suppressed;
	r->n_failing += c->failing;
	r->n_new += c->new_;
	for (int i = 0; i < SEV_NONE; i++)
		r->by_severity[i] += c->by_severity[i];
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
