/* baseline.h - accepted findings recorded by fingerprint.
 *
 * `--write-baseline FILE` records the current findings; `--baseline FILE`
 * then suppresses those and reports only new ones. Fingerprints ignore
 * line numbers (suppress.h), so the baseline survives edits.
 */
#ifndef SG_BASELINE_H
#define SG_BASELINE_H

#include <stddef.h>

#include "rules/finding.h"

/* The baseline format version --write-baseline writes and --baseline reads. */
#define BASELINE_VERSION 1

/* Owns its fingerprints (malloc'd copies, freed by baseline_release()). */
struct baseline {
	char **fp; /* sorted */
	size_t n;
};

/* 0 on success; on failure fills *err. */
int baseline_load(struct baseline *b, const char *path, struct diag *err);
void baseline_release(struct baseline *b);
int baseline_has(const struct baseline *b, const char *fingerprint);
/* The baseline file, written as the units come (the app streams it like a
 * report): its head, an entry per finding (suppressed ones by baseline
 * included, so a rewrite keeps them; 1 if the finding got one), its tail. */
struct jsonw;
void baseline_json_head(struct jsonw *w);
int baseline_json_entry(struct jsonw *w, const struct finding *f);
void baseline_json_tail(struct jsonw *w);

#endif
