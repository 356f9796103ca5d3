/* report_json.c - the JSON report of SPEC section 4; its JSON Schema is
 * docs/report.schema.json (bump REPORT_JSON_SCHEMA_VERSION with it). */
#include "base/jsonw.h"
#include "model/model.h"
#include "report/report.h"
#include "base/version.h"

static void json_trace(struct jsonw *w, const struct finding *f)
{
	jw_key(w, "trace");
	jw_arr(w);
	for (uint32_t i = 0; i < f->ntrace; i++) {
		jw_obj(w);
		jw_kstr(w, "step", f->trace[i].text);
		if (f->trace[i].file != f->file)
			jw_kstr(w, "file", f->trace[i].file);
		jw_kint(w, "line", f->trace[i].line);
		jw_kint(w, "column", f->trace[i].col);
		jw_obj_end(w);
	}
	jw_arr_end(w);
}

static void json_union(struct jsonw *w, const struct finding *f)
{
	jw_key(w, "union_of");
	jw_arr(w);
	for (uint32_t i = 0; i < f->nunion; i++) {
		const struct union_part *u = &f->union_of[i];
		jw_obj(w);
		jw_kstr(w, "resource", u->resource);
		jw_kstr(w, "source", u->source);
		if (u->file != f->file)
			jw_kstr(w, "file", u->file);
		jw_kint(w, "line", u->line);
		jw_kint(w, "column", u->col);
		jw_obj_end(w);
	}
	jw_arr_end(w);
}

static void json_hop(struct jsonw *w, const struct exposure_hop *h)
{
	jw_obj(w);
	jw_kstr(w, "resource", h->resource);
	jw_kstr(w, "resource_type", h->resource_type);
	jw_kstr(w, "step", h->step ? h->step : "security group");
	if (h->note)
		jw_kstr(w, "note", h->note);
	jw_kstr(w, "file", h->file);
	jw_kint(w, "line", h->line);
	jw_obj_end(w);
}

static void json_exposure(struct jsonw *w, const struct exposure *x)
{
	jw_key(w, "exposure");
	jw_obj(w);
	jw_kstr(w, "reachability", x->reachability);
	if (x->reason)
		jw_kstr(w, "reason", x->reason);
	jw_key(w, "targets");
	jw_arr(w);
	for (uint32_t i = 0; i < x->ntargets; i++) {
		const struct exposure_target *t = &x->targets[i];
		jw_obj(w);
		jw_kstr(w, "resource", t->resource);
		jw_kstr(w, "resource_type", t->resource_type);
		jw_kstr(w, "reachability", t->reachability);
		if (t->reason)
			jw_kstr(w, "reason", t->reason);
		jw_key(w, "path");
		jw_arr(w);
		for (uint32_t k = 0; k < t->npath; k++)
			json_hop(w, &t->path[k]);
		jw_arr_end(w);
		jw_obj_end(w);
	}
	jw_arr_end(w);
	jw_obj_end(w);
}

static void json_finding(struct jsonw *w, const struct finding *f)
{
	jw_obj(w);
	jw_kstr(w, "rule_id", f->rule->id);
	jw_kstr(w, "severity", severity_name(f->severity));
	jw_kstr(w, "title", f->rule->title);
	jw_kstr(w, "message", f->message);
	jw_kstr(w, "file", f->file);
	jw_kstr(w, "repo_path", f->repo_path);
	jw_kint(w, "line", f->line);
	jw_kint(w, "column", f->col);
	jw_kstr(w, "resource", f->resource);
	jw_kstr(w, "resource_type", f->resource_type);
	if (f->has_perm) {
		jw_kstr(w, "direction", report_direction(f->direction));
		jw_kstr(w, "protocol", f->protocol);
		jw_key(w, "from_port");
		f->ports_known ? jw_int(w, f->from_port) : jw_null(w);
		jw_key(w, "to_port");
		f->ports_known ? jw_int(w, f->to_port) : jw_null(w);
		jw_kstr(w, "source", f->source);
		if (f->group)
			jw_kstr(w, "group", f->group);
	}
	if (f->resource_path)
		jw_kstr(w, "resource_path", f->resource_path);
	if (f->change != CHANGE_NONE)
		jw_kstr(w, "change", f->change == CHANGE_NEW ? "new" : "existing");
	if (f->ntrace)
		json_trace(w, f);
	if (f->nunion)
		json_union(w, f);
	if (f->exposure)
		json_exposure(w, f->exposure);
	if (f->in_source.file) {
		jw_key(w, "in_source");
		jw_obj(w);
		jw_kstr(w, "file", f->in_source.file);
		jw_kstr(w, "repo_path", f->in_source.repo_path);
		jw_kint(w, "line", f->in_source.line);
		jw_kint(w, "column", f->in_source.col);
		jw_obj_end(w);
	}
	jw_kstr(w, "fingerprint", f->fingerprint);
	jw_kbool(w, "suppressed", f->suppressed);
	if (f->suppressed) {
		jw_key(w, "suppression");
		jw_obj(w);
		jw_kstr(w, "kind", f->supp_kind);
		jw_kstr(w, "reason", f->supp_reason);
		jw_obj_end(w);
	}
	jw_obj_end(w);
}

static void json_diag(struct jsonw *w, const struct diag *d)
{
	jw_obj(w);
	jw_kstr(w, "file", d->loc.file);
	jw_key(w, "line");
	d->loc.line ? jw_int(w, d->loc.line) : jw_null(w);
	jw_key(w, "column");
	d->loc.line ? jw_int(w, d->loc.col) : jw_null(w);
	jw_kstr(w, "message", d->msg);
	jw_obj_end(w);
}

/* The document's sections: the findings go out as they come; errors,
 * notes and the resources left out follow them, each after the run's own. */
enum { SEC_FINDINGS, SEC_ERRORS, SEC_NOTES, SEC_LEFT_OUT };

static void json_diags(struct jsonw *w, const struct diag *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		json_diag(w, &v[i]);
}

static void json_unit(const struct report_stream *s, const struct unit_result *u, struct report_part *p)
{
	struct jsonw w;
	(void)s;
	jw_init_nested(&w, &p->sec[SEC_FINDINGS], 2);
	for (size_t k = 0; k < u->findings.n; k++)
		json_finding(&w, &u->findings.v[k]);
	jw_init_nested(&w, &p->sec[SEC_ERRORS], 2);
	json_diags(&w, u->errors.v, u->errors.n);
	jw_init_nested(&w, &p->sec[SEC_NOTES], 2);
	json_diags(&w, u->notes.v, u->notes.n);
	jw_init_nested(&w, &p->sec[SEC_LEFT_OUT], 2);
	json_diags(&w, u->skipped.v, u->skipped.n);
	p->items[SEC_FINDINGS] = u->findings.n;
	p->items[SEC_ERRORS] = u->errors.n;
	p->items[SEC_NOTES] = u->notes.n;
	p->items[SEC_LEFT_OUT] = u->skipped.n;
}

static void json_head(struct report_stream *s)
{
	struct jsonw *w = &s->jw;
	jw_obj(w);
	jw_kstr(w, "schema_version", REPORT_JSON_SCHEMA_VERSION);
	jw_key(w, "tool");
	jw_obj(w);
	jw_kstr(w, "name", "sgcheck");
	jw_kstr(w, "version", SG_VERSION);
	jw_obj_end(w);
	jw_key(w, "findings");
	jw_arr(w);
}

/* key: [the run's own diagnostics, then section k] */
static void json_diag_array(struct report_stream *s, const char *key, const struct diag *v, size_t n, int k)
{
	jw_key_var(&s->jw, key);
	jw_arr(&s->jw);
	json_diags(&s->jw, v, n);
	report_stream_json_section(s, k);
	jw_arr_end(&s->jw);
}

static void json_tail(struct report_stream *s)
{
	const struct report *r = s->r;
	struct jsonw *w = &s->jw;
	jw_arr_end(w);
	json_diag_array(s, "errors", r->errors, r->nerrors, SEC_ERRORS);
	json_diag_array(s, "notes", r->notes, r->nnotes, SEC_NOTES);
	json_diag_array(s, "not_deployed", NULL, 0, SEC_LEFT_OUT);
	jw_key(w, "summary");
	jw_obj(w);
	jw_kint(w, "files", (int64_t)r->n_files);
	jw_kint(w, "resources", (int64_t)r->n_resources);
	jw_kint(w, "not_deployed", (int64_t)r->n_left_out);
	jw_kint(w, "findings", (int64_t)r->n_findings);
	jw_kint(w, "suppressed", (int64_t)r->n_suppressed);
	jw_kint(w, "errors", (int64_t)r->n_errors);
	jw_obj_end(w);
	jw_obj_end(w);
}

const struct report_writer report_json = {"json", 1, 1, json_head, json_unit, json_tail};
