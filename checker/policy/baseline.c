/* baseline.c - see baseline.h */
#include "policy/baseline.h"

#include <stdlib.h>
#include <string.h>

#include "base/jsonw.h"
#include "rules/rules.h"

int baseline_load(struct baseline *b, const char *path, struct diag *err)
{
	struct arena a;
	struct doc doc;
	struct load_limits lim;
	memset(b, 0, sizeof(*b));
	arena_init(&a);
	load_limits_default(&lim);
	int rc = -1;
	if (load_file(path, SYNTAX_JSON, &lim, &a, &doc, err) != 0)
		goto cleanup;
	const struct node *list = node_get(doc.root, "findings");
	if (!list || list->kind != NODE_SEQ) {
		diag_set(err, doc.root->loc, "not an sgcheck baseline: expected {\"findings\": [...]}");
		goto cleanup;
	}
	/* version 1 is the only one ever written: any other (or none) is a
	 * file whose fingerprints may mean something else */
	const struct node_pair *ver = node_get_pair(doc.root, "version");
	int64_t v;
	if (!ver) {
		diag_set(err, doc.root->loc, "baseline without a \"version\": expected 1, as --write-baseline writes");
		goto cleanup;
	}
	if (ver->value->kind != NODE_NUM || node_int(ver->value, &v) != 0 || v != BASELINE_VERSION) {
		diag_set(err, ver->value->loc, "baseline version %s is unknown: this sgcheck reads version %d",
			 ver->value->kind == NODE_NUM || ver->value->kind == NODE_STR ? ver->value->text
										     : node_kind_name(ver->value->kind),
			 BASELINE_VERSION);
		goto cleanup;
	}
	b->fp = xcalloc(list->u.seq.n ? list->u.seq.n : 1, sizeof(*b->fp));
	for (uint32_t i = 0; i < list->u.seq.n; i++) {
		const struct node *e = list->u.seq.items[i];
		const struct node *fpn = e->kind == NODE_MAP ? node_get(e, "fingerprint") : NULL;
		if (!fpn) {
			diag_set(err, e->loc, "baseline entry without a fingerprint");
			goto cleanup;
		}
		if (fpn->kind != NODE_STR) {
			diag_set(err, fpn->loc, "baseline fingerprint is a %s, not a string", node_kind_name(fpn->kind));
			goto cleanup;
		}
		const char *fp = fpn->text;
		b->fp[b->n++] = xstrdup(fp);
	}
	sort_array(b->fp, b->n, sizeof(*b->fp), str_ptr_cmp);
	rc = 0;
cleanup:
	if (rc != 0)
		baseline_release(b);
	doc_release(&doc);
	arena_release(&a);
	return rc;
}

void baseline_release(struct baseline *b)
{
	for (size_t i = 0; i < b->n; i++)
		free(b->fp[i]);
	free(b->fp);
	memset(b, 0, sizeof(*b));
}

int baseline_has(const struct baseline *b, const char *fingerprint)
{
	return b->n && bsearch(&fingerprint, b->fp, b->n, sizeof(*b->fp), str_ptr_cmp) != NULL;
}

void baseline_json_head(struct jsonw *w)
{
	jw_obj(w);
	jw_kint(w, "version", BASELINE_VERSION);
	jw_key(w, "findings");
	jw_arr(w);
}

int baseline_json_entry(struct jsonw *w, const struct finding *f)
{
	if (f->suppressed && strcmp(f->supp_kind, "baseline") != 0)
		return 0;
	jw_obj(w);
	jw_kstr(w, "fingerprint", f->fingerprint);
	jw_kstr(w, "rule_id", f->rule->id);
	jw_kstr(w, "file", f->repo_path ? f->repo_path : f->file);
	jw_kstr(w, "resource", f->resource);
	jw_kstr(w, "message", f->message);
	jw_obj_end(w);
	return 1;
}

void baseline_json_tail(struct jsonw *w)
{
	jw_arr_end(w);
	jw_obj_end(w);
}
