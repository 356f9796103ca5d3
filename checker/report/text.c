/* report_text.c - compiler-style text report:
 *
 *   web.yaml:18:11: high: tcp/22 is open to 0.0.0.0/0 [SG002]
 *      18 |           CidrIp: !Ref SshSource
 *         |           ^~~~~~
 *         = why: CidrIp <- !Ref SshSource <- Parameters.SshSource.Default (line 6)
 */
#include <string.h>

#include "model/model.h"
#include "report/report.h"

struct style {
	const char *bold, *dim, *reset, *err, *note;
	struct arena *vis; /* escaped copies of the values shown (V()) */
};

/* Every value from the scanned files (names, paths, messages) is shown with
 * its control characters escaped: a logical id holding a newline must not
 * start a line of its own in a CI log (a forged ::error:: workflow
 * command), nor ESC sequences retitle or clear the terminal. */
static const char *V(const struct style *st, const char *s)
{
	if (!s || str_is_visible(s))
		return s;
	struct strbuf sb = STRBUF_INIT;
	sb_add_visible(&sb, s, strlen(s));
	const char *r = arena_strndup(st->vis, sb_str(&sb), sb.len);
	sb_release(&sb);
	return r;
}

static const char *sev_color(int color, int sev)
{
	if (!color)
		return "";
	switch (sev) {
	case SEV_CRITICAL:
		return "\033[1;35m";
	case SEV_HIGH:
		return "\033[1;31m";
	case SEV_MEDIUM:
		return "\033[1;33m";
	case SEV_LOW:
		return "\033[1;36m";
	default:
		return "\033[1;34m";
	}
}

static void source_excerpt(const struct finding *f, const struct style *st, struct strbuf *out)
{
	const char *line = f->src_line;
	size_t off, len;
	if (report_span(f, &off, &len) != 0)
		return;
	struct strbuf before = STRBUF_INIT;
	sb_add_visible(&before, line, off);
	sb_addf(out, "%s%6u |%s %s\n", st->dim, f->line, st->reset, V(st, line));
	sb_addf(out, "%s       |%s ", st->dim, st->reset);
	for (size_t i = 0; i < before.len; i++)
		sb_addc(out, ' ');
	sb_release(&before);
	sb_addf(out, "%s^", sev_color(st->bold[0] != '\0', f->severity));
	for (size_t i = 1; i < len; i++)
		sb_addc(out, '~');
	sb_addf(out, "%s\n", st->reset);
}

static void finding_text(const struct report *r, const struct finding *f, const struct style *st,
			 struct strbuf *out)
{
	int color = st->bold[0] != '\0';
	if (f->suppressed) {
		sb_addf(out, "%s%s:%u:%u: suppressed %s: %s [%s] (%s: %s)%s\n", st->dim, V(st, f->file), f->line,
			f->col, severity_name(f->severity), V(st, f->message), V(st, f->rule->id),
			V(st, f->supp_kind), V(st, f->supp_reason), st->reset);
		return;
	}
	sb_addf(out, "%s%s:%u:%u:%s %s%s:%s %s [%s]\n", st->bold, V(st, f->file), f->line, f->col, st->reset,
		sev_color(color, f->severity), severity_name(f->severity), st->reset, V(st, f->message),
		V(st, f->rule->id));
	if (r->compact)
		return;
	source_excerpt(f, st, out);
	if (f->ntrace) {
		struct strbuf why = STRBUF_INIT;
		report_trace_text(f, &why);
		sb_addf(out, "%s       =%s why: ", st->dim, st->reset);
		sb_add_visible(out, sb_str(&why), why.len);
		sb_addc(out, '\n');
		sb_release(&why);
	}
	if (f->exposure) {
		struct strbuf reach = STRBUF_INIT;
		report_reach_text(f, &reach);
		sb_addf(out, "%s       =%s reach: ", st->dim, st->reset);
		sb_add_visible(out, sb_str(&reach), reach.len);
		sb_addc(out, '\n');
		sb_release(&reach);
	}
	if (f->in_source.file)
		sb_addf(out, "%s       =%s source: %s:%u:%u\n", st->dim, st->reset, V(st, f->in_source.file), f->in_source.line,
			f->in_source.col);
	if (f->change != CHANGE_NONE)
		sb_addf(out, "%s       =%s plan: %s\n", st->dim, st->reset,
			f->change == CHANGE_NEW ? "opened by this plan" : "already in place before this plan");
	if (f->resource) {
		sb_addf(out, "%s       =%s in: %s (%s)", st->dim, st->reset, V(st, f->resource),
			V(st, f->resource_type));
		/* a CDK construct path; a Terraform module is already in the address */
		if (f->resource_path && strncmp(f->resource, f->resource_path, strlen(f->resource_path)) != 0)
			sb_addf(out, " at %s", V(st, f->resource_path));
		sb_addc(out, '\n');
	}
}

static void diag_text(const struct diag *d, const char *kind, const char *color, const struct style *st,
		      struct strbuf *out)
{
	if (d->loc.line)
		sb_addf(out, "%s%s:%u:%u:%s %s%s:%s %s\n", st->bold, V(st, d->loc.file), d->loc.line, d->loc.col,
			st->reset, color, kind, st->reset, V(st, d->msg));
	else
		sb_addf(out, "%s%s:%s %s%s:%s %s\n", st->bold, d->loc.file ? V(st, d->loc.file) : "sgcheck",
			st->reset, color, kind, st->reset, V(st, d->msg));
}

static void summary(const struct report *r, const struct style *st, struct strbuf *out)
{
	static const int order[] = {SEV_CRITICAL, SEV_HIGH, SEV_MEDIUM, SEV_LOW, SEV_INFO};
	size_t shown = r->n_findings - r->n_suppressed;
	sb_addf(out, "%ssgcheck:%s %zu file%s, %zu resource%s: %zu finding%s", st->bold, st->reset,
		r->n_files, r->n_files == 1 ? "" : "s", r->n_resources, r->n_resources == 1 ? "" : "s",
		shown, shown == 1 ? "" : "s");
	if (shown) {
		sb_adds(out, " (");
		int first = 1;
		for (size_t i = 0; i < 5; i++) {
			if (!r->by_severity[order[i]])
				continue;
			sb_addf(out, "%s%zu %s", first ? "" : ", ", r->by_severity[order[i]],
				severity_name(order[i]));
			first = 0;
		}
		sb_addc(out, ')');
	}
	if (r->n_new)
		sb_addf(out, ", %zu new in this plan", r->n_new);
	sb_addf(out, ", %zu suppressed, %zu error%s", r->n_suppressed, r->n_errors,
		r->n_errors == 1 ? "" : "s");
	if (r->n_left_out)
		sb_addf(out, "; %zu resource%s not deployed under these parameters, not checked%s", r->n_left_out,
			r->n_left_out == 1 ? "" : "s", r->verbose ? "" : " (--verbose lists them)");
	if (r->n_failing)
		sb_addf(out, "; %zu at or above %s fail the check", r->n_failing, severity_name(r->fail_on));
	sb_addc(out, '\n');
}

/* Terraform plans: lead with the exposure this plan opens and that fails
 * the check, one line per permission: what a reviewer wants to see first.
 * Returns the lines written. */
static size_t plan_lead(const struct report *r, const struct unit_result *fr, const struct style *st,
			struct strbuf *out)
{
	size_t shown = 0;
	for (size_t k = 0; k < fr->findings.n; k++) {
		const struct finding *f = &fr->findings.v[k], *prev = k ? f - 1 : NULL;
		if (f->change != CHANGE_NEW || !f->source || !report_finding_fails(r, f))
			continue;
		/* one line per permission, even when several rules fire */
		if (prev && prev->change == CHANGE_NEW && prev->line == f->line && prev->col == f->col &&
		    report_finding_fails(r, prev))
			continue;
		shown++;
		sb_addf(out, "  this plan %s %s %s %s on %s [%s]\n", f->direction == DIR_INGRESS ? "opens" : "allows",
			V(st, f->traffic), f->direction == DIR_INGRESS ? "to" : "out to", V(st, f->source),
			V(st, f->resource), V(st, f->rule->id));
	}
	return shown;
}

static struct style style_of(int color, struct arena *vis)
{
	if (color)
		return (struct style){"\033[1m", "\033[2m", "\033[0m", "\033[1;31m", "\033[1;36m", vis};
	return (struct style){"", "", "", "", "", vis};
}

/* Sections: the plan's lead lines, then each unit's errors, findings and notes. */
enum { SEC_LEAD, SEC_BODY };

static void text_unit(const struct report_stream *s, const struct unit_result *fr, struct report_part *p)
{
	const struct report *r = s->r;
	struct arena vis;
	arena_init(&vis);
	struct style st = style_of(s->color, &vis);
	struct strbuf *out = &p->sec[SEC_BODY];
	p->items[SEC_LEAD] = plan_lead(r, fr, &st, &p->sec[SEC_LEAD]);
	for (size_t k = 0; k < fr->errors.n; k++)
		diag_text(&fr->errors.v[k], "error", st.err, &st, out);
	for (size_t k = 0; k < fr->findings.n; k++)
		if (!r->quiet || !fr->findings.v[k].suppressed)
			finding_text(r, &fr->findings.v[k], &st, out);
	for (size_t k = 0; k < fr->notes.n && !r->quiet; k++)
		diag_text(&fr->notes.v[k], "note", st.note, &st, out);
	for (size_t k = 0; k < fr->skipped.n && r->verbose; k++)
		diag_text(&fr->skipped.v[k], "note", st.note, &st, out);
	arena_release(&vis);
}

static void text_tail(struct report_stream *s)
{
	const struct report *r = s->r;
	struct arena vis;
	arena_init(&vis);
	struct style st = style_of(s->color, &vis);
	for (size_t i = 0; i < r->nerrors; i++)
		diag_text(&r->errors[i], "error", st.err, &st, &s->buf);
	if (s->items[SEC_LEAD]) {
		sb_addf(&s->buf, "%sExposure this plan opens:%s\n", st.bold, st.reset);
		report_stream_section(s, SEC_LEAD, 0);
		sb_addc(&s->buf, '\n');
	}
	report_stream_section(s, SEC_BODY, 0);
	for (size_t i = 0; i < r->nnotes && !r->quiet; i++)
		diag_text(&r->notes[i], "note", st.note, &st, &s->buf);
	if (!r->quiet)
		summary(r, &st, &s->buf);
	arena_release(&vis);
}

const struct report_writer report_text = {"text", 0, 0, NULL, text_unit, text_tail};
