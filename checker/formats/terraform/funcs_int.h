/* funcs_int.h - what the function families share (private to
 * funcs*.c). */
#ifndef SG_TF_FUNCS_INT_H
#define SG_TF_FUNCS_INT_H

#include "formats/terraform/funcs.h"
#include "formats/terraform/values.h"

struct fcall {
	struct tf_fn_env *env;
	const char *name;
	struct node *const *args;
	uint32_t n;
	struct node **out;
};

enum tf_fn_status fn_error(struct fcall *c, const char *fmt, ...) SG_PRINTF(2, 3);
enum tf_fn_status fn_charge(struct fcall *c, uint64_t steps);
enum tf_fn_status fn_unknown(struct fcall *c);
enum tf_fn_status fn_list(struct fcall *c, struct node **items, uint32_t n, int set);
struct node *fn_str(struct fcall *c, const char *s, size_t n);
/* Arguments of a type, or an error (returned NULL / -1, message set). */
const char *arg_str(struct fcall *c, uint32_t i);
int arg_num(struct fcall *c, uint32_t i, double *d);
int arg_int(struct fcall *c, uint32_t i, int64_t *out);
int arg_list(struct fcall *c, uint32_t i);
int arg_map(struct fcall *c, uint32_t i);

/* Terraform's JSON text of a value (jsonencode, %#v): compact, keys in
 * order, <, > and & escaped as \u003c... */
void tf_json_text(const struct node *v, struct strbuf *out);

#define FN(name) enum tf_fn_status f_##name(struct fcall *c)
/* strings (funcs_str.c) */
FN(lower); FN(upper); FN(title); FN(format); FN(formatlist); FN(join); FN(split); FN(replace);
FN(regex); FN(regexall); FN(trimspace); FN(trim); FN(trimprefix); FN(trimsuffix); FN(chomp);
FN(indent); FN(substr); FN(startswith); FN(endswith); FN(strcontains); FN(index); FN(basename);
FN(dirname);
/* networks and encodings (funcs_net.c) */
FN(cidrhost); FN(cidrnetmask); FN(cidrsubnet); FN(cidrsubnets); FN(jsonencode); FN(jsondecode);
FN(base64encode); FN(base64decode);
#undef FN

#endif
