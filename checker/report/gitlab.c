/* report_gitlab.c - GitLab Code Quality report (a JSON array of issues). */
#include <stdio.h>
#include <string.h>

#include "base/jsonw.h"
#include "model/model.h"
#include "report/report.h"

static const char *gitlab_severity(int sev)
{
	static const char *const names[] = {"info", "minor", "major", "critical", "blocker"};
	return sev >= 0 && sev < SEV_NONE ? names[sev] : "info";
}

/* The message, and for ingress findings whether the internet reaches it. */
static void gitlab_description(struct jsonw *w, const struct finding *f)
{
	struct strbuf desc = STRBUF_INIT;
	sb_adds(&desc, f->message);
	if (f->exposure) {
		sb_adds(&desc, " (reach: ");
		report_reach_text(f, &desc);
		sb_addc(&desc, ')');
	}
	jw_kstr(w, "description", sb_str(&desc));
	sb_release(&desc);
}

static void gitlab_unit(const struct report_stream *s, const struct unit_result *fr, struct report_part *p)
{
	struct jsonw w;
	(void)s;
	jw_init_nested(&w, &p->sec[0], 1);
	for (size_t k = 0; k < fr->findings.n; k++) {
		const struct finding *f = &fr->findings.v[k];
		if (f->suppressed)
			continue;
		/* GitLab needs unique fingerprints: identical findings in
		 * one file get their position appended */
		char fp[64];
		int dup = k > 0 && strcmp(fr->findings.v[k - 1].fingerprint, f->fingerprint) == 0;
		if (dup)
			snprintf(fp, sizeof(fp), "%s-%u-%u", f->fingerprint, f->line, f->col);
		else
			snprintf(fp, sizeof(fp), "%s", f->fingerprint);
		jw_obj(&w);
		jw_kstr(&w, "type", "issue");
		jw_kstr(&w, "check_name", f->rule->id);
		gitlab_description(&w, f);
		jw_key(&w, "categories");
		jw_arr(&w);
		jw_str(&w, "Security");
		jw_arr_end(&w);
		jw_kstr(&w, "severity", gitlab_severity(f->severity));
		jw_kstr(&w, "fingerprint", fp);
		jw_key(&w, "location");
		jw_obj(&w);
		uint32_t line, col;
		jw_kstr(&w, "path", report_primary_path(f, &line, &col));
		jw_key(&w, "lines");
		jw_obj(&w);
		jw_kint(&w, "begin", line);
		jw_obj_end(&w);
		jw_obj_end(&w);
		jw_obj_end(&w);
		p->items[0]++;
	}
}

static void gitlab_head(struct report_stream *s)
{
	jw_arr(&s->jw);
}

static void gitlab_tail(struct report_stream *s)
{
	jw_arr_end(&s->jw);
}

const struct report_writer report_gitlab = {"gitlab", 1, 1, gitlab_head, gitlab_unit, gitlab_tail};
