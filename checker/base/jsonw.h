/* jsonw.h - a small streaming JSON writer shared by every JSON-based report
 * (json, sarif, gitlab) and the baseline, so escaping lives in one place.
 * Output is indented with two spaces and keys keep the order written. */
#ifndef SG_JSONW_H
#define SG_JSONW_H

#include <stdint.h>

#include "base/util.h"

struct jsonw {
	struct strbuf *out;
	int depth;
	int first[64]; /* per level: no element written yet */
	int after_key;
	int compact;
};

void jw_init(struct jsonw *w, struct strbuf *out, int compact);
/* A writer for items deep inside a document written elsewhere (a report's
 * share of one unit): `depth` levels open, as if items came before, so
 * every item it writes begins with its comma and indentation. */
void jw_init_nested(struct jsonw *w, struct strbuf *out, int depth);
/* Whether the array or object being written holds nothing yet; mark that
 * it does (items written by another writer). */
int jw_at_first(const struct jsonw *w);
void jw_items_written(struct jsonw *w);
void jw_obj(struct jsonw *w);
void jw_obj_end(struct jsonw *w);
void jw_arr(struct jsonw *w);
void jw_arr_end(struct jsonw *w);
/* Keys are string literals, rendered when compiling ("\"key\": "): a
 * report writes the same few dozen keys for every finding, and escaping
 * them each time cost more than the values. A literal key must need no
 * JSON escaping (no quote, backslash or control character); a key known
 * only at run time goes through the _var forms. */
#define JW_QUOTED(k) "\"" k "\": ", sizeof("\"" k "\": ") - 1
#define jw_key(w, k) jw_key_lit((w), JW_QUOTED(k))
#define jw_kstr(w, k, s) jw_kstr_lit((w), JW_QUOTED(k), (s))
#define jw_kint(w, k, v) jw_kint_lit((w), JW_QUOTED(k), (v))
#define jw_kbool(w, k, v) jw_kbool_lit((w), JW_QUOTED(k), (v))
void jw_key_lit(struct jsonw *w, const char *quoted, size_t len);
void jw_key_var(struct jsonw *w, const char *key);
void jw_str(struct jsonw *w, const char *s); /* NULL writes null */
void jw_int(struct jsonw *w, int64_t v);
void jw_bool(struct jsonw *w, int v);
void jw_null(struct jsonw *w);
/* key + value shorthands */
void jw_kstr_lit(struct jsonw *w, const char *quoted, size_t len, const char *s);
void jw_kstr_var(struct jsonw *w, const char *key, const char *s);
void jw_kint_lit(struct jsonw *w, const char *quoted, size_t len, int64_t v);
void jw_kbool_lit(struct jsonw *w, const char *quoted, size_t len, int v);

/* Append s JSON-escaped (without quotes). */
void json_escape(struct strbuf *sb, const char *s);

#endif
