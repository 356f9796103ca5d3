/* funcs_str.c - Terraform's string functions. Lengths and offsets count
 * Unicode characters, as Terraform does; case mapping (lower, upper,
 * title) maps ASCII letters and leaves other characters as they are. */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <ctype.h>
#include <math.h>
#include <pcre2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "formats/terraform/funcs_int.h"

static enum tf_fn_status str_out(struct fcall *c, const struct strbuf *sb)
{
	if (sb->len > c->env->max_string)
		return fn_error(c, "a string longer than %zu bytes", c->env->max_string);
	*c->out = fn_str(c, sb_str(sb), sb->len);
	return fn_charge(c, sb->len / 16 + 1);
}

static enum tf_fn_status map_chars(struct fcall *c, int (*fn)(int))
{
	const char *s = arg_str(c, 0);
	if (!s)
		return TF_FN_ERROR;
	struct strbuf sb = STRBUF_INIT;
	for (const char *p = s; *p; p++)
		sb_addc(&sb, (unsigned char)*p < 0x80 ? (char)fn((unsigned char)*p) : *p);
	enum tf_fn_status st = str_out(c, &sb);
	sb_release(&sb);
	return st;
}

enum tf_fn_status f_lower(struct fcall *c)
{
	return map_chars(c, tolower);
}

enum tf_fn_status f_upper(struct fcall *c)
{
	return map_chars(c, toupper);
}

enum tf_fn_status f_title(struct fcall *c)
{
	const char *s = arg_str(c, 0);
	if (!s)
		return TF_FN_ERROR;
	struct strbuf sb = STRBUF_INIT;
	int start = 1;
	for (const char *p = s; *p; p++) {
		unsigned char ch = (unsigned char)*p;
		sb_addc(&sb, start && ch < 0x80 ? (char)toupper(ch) : (char)ch);
		start = ch < 0x80 && !isalnum(ch) && ch != '\'';
	}
	enum tf_fn_status st = str_out(c, &sb);
	sb_release(&sb);
	return st;
}

/* ---- format ----------------------------------------------------------------------- */

static void json_value(const struct node *v, struct strbuf *out, int depth);

/* %v: what Terraform shows for a value: primitives as text, others as JSON. */
static void default_format(const struct node *v, struct strbuf *out)
{
	if (tfv_text(v))
		sb_adds(out, v->text);
	else if (v->kind == NODE_NULL)
		sb_adds(out, "null");
	else
		json_value(v, out, 0);
}

struct verb {
	char flags[8];
	int width, prec;
	char conv;
};

/* Parse "%[n]-08.3f" at p (after '%'); returns the verb's end. */
static const char *parse_verb(const char *p, struct verb *v, int *argi)
{
	size_t nf = 0;
	memset(v, 0, sizeof(*v));
	v->width = v->prec = -1;
	while (*p && strchr("+-# 0", *p) && nf < sizeof(v->flags) - 1)
		v->flags[nf++] = *p++;
	if (*p == '[') {
		*argi = atoi(p + 1) - 1;
		p = strchr(p, ']') ? strchr(p, ']') + 1 : p + 1;
	}
	if (isdigit((unsigned char)*p))
		for (v->width = 0; isdigit((unsigned char)*p); p++)
			v->width = v->width * 10 + (*p - '0');
	if (*p == '.')
		for (p++, v->prec = 0; isdigit((unsigned char)*p); p++)
			v->prec = v->prec * 10 + (*p - '0');
	v->conv = *p;
	return *p ? p + 1 : p;
}

static void pad(struct strbuf *out, const char *s, size_t chars, const struct verb *v)
{
	int left = strchr(v->flags, '-') != NULL;
	size_t w = v->width > 0 ? (size_t)v->width : 0;
	if (!left)
		for (size_t i = chars; i < w; i++)
			sb_addc(out, strchr(v->flags, '0') ? '0' : ' ');
	sb_adds(out, s);
	if (left)
		for (size_t i = chars; i < w; i++)
			sb_addc(out, ' ');
}

static size_t utf8_chars(const char *s)
{
	size_t n = 0;
	for (; *s; s++)
		n += ((unsigned char)*s & 0xC0) != 0x80;
	return n;
}

/* A formatted number with the verb's flags, width and precision: the
 * formats are literal (no format strings built at run time). */
static int format_number(struct fcall *c, const struct verb *v, const struct node *arg, struct strbuf *out)
{
	double d;
	int64_t i;
	int is_int;
	struct node tmp = *arg;
	if (arg->kind == NODE_STR)
		tmp.kind = NODE_NUM;
	if (tfv_num(&tmp, &d, &i, &is_int) != 0) {
		fn_error(c, "%%%c needs a number, not a %s", v->conv, tfv_type_name(arg));
		return -1;
	}
	char buf[128];
	int prec = v->prec >= 0 ? v->prec : 6;
	if (strchr("dxXob", v->conv) && !is_int) {
		fn_error(c, "%%%c needs a whole number", v->conv);
		return -1;
	}
	uint64_t mag = i < 0 ? (uint64_t)0 - (uint64_t)i : (uint64_t)i;
	switch (v->conv) {
	case 'd': snprintf(buf, sizeof(buf), "%llu", (unsigned long long)mag); break;
	case 'x': snprintf(buf, sizeof(buf), "%llx", (unsigned long long)mag); break;
	case 'X': snprintf(buf, sizeof(buf), "%llX", (unsigned long long)mag); break;
	case 'o': snprintf(buf, sizeof(buf), "%llo", (unsigned long long)mag); break;
	case 'b': {
		int k = 0;
		char bits[72];
		do
			bits[k++] = (char)('0' + (mag & 1));
		while ((mag >>= 1) && k < 70);
		for (int j = 0; j < k; j++)
			buf[j] = bits[k - 1 - j];
		buf[k] = '\0';
		break;
	}
	case 'e': snprintf(buf, sizeof(buf), "%.*e", prec, d < 0 ? -d : d); break;
	case 'E': snprintf(buf, sizeof(buf), "%.*E", prec, d < 0 ? -d : d); break;
	case 'f': snprintf(buf, sizeof(buf), "%.*f", prec, d < 0 ? -d : d); break;
	case 'G': snprintf(buf, sizeof(buf), "%.*G", v->prec >= 0 ? prec : 17, d < 0 ? -d : d); break;
	default: snprintf(buf, sizeof(buf), "%.*g", v->prec >= 0 ? prec : 17, d < 0 ? -d : d); break;
	}
	int neg = strchr("dxXob", v->conv) ? i < 0 : d < 0;
	const char *sign = neg ? "-" : strchr(v->flags, '+') ? "+" : strchr(v->flags, ' ') ? " " : "";
	size_t len = strlen(buf) + strlen(sign);
	size_t w = v->width > 0 ? (size_t)v->width : 0;
	int left = strchr(v->flags, '-') != NULL, zero = strchr(v->flags, '0') && !left;
	if (!left && !zero)
		for (size_t k = len; k < w; k++)
			sb_addc(out, ' ');
	sb_adds(out, sign);
	if (zero)
		for (size_t k = len; k < w; k++)
			sb_addc(out, '0');
	sb_adds(out, buf);
	if (left)
		for (size_t k = len; k < w; k++)
			sb_addc(out, ' ');
	return 0;
}

static int format_one(struct fcall *c, const struct verb *v, const struct node *arg, struct strbuf *out)
{
	struct strbuf s = STRBUF_INIT;
	int rc = 0;
	switch (v->conv) {
	case 'v':
		if (strchr(v->flags, '#'))
			json_value(arg, &s, 0);
		else
			default_format(arg, &s);
		break;
	case 's':
		if (!tfv_text(arg)) {
			fn_error(c, "%%s needs a string, not a %s", tfv_type_name(arg));
			rc = -1;
			break;
		}
		if (v->prec >= 0) { /* at most prec characters */
			const char *p = arg->text;
			for (int k = 0; *p && k < v->prec; k++)
				do
					sb_addc(&s, *p++);
				while (((unsigned char)*p & 0xC0) == 0x80);
		} else {
			sb_adds(&s, arg->text);
		}
		break;
	case 'q':
		if (!tfv_text(arg)) {
			rc = -1;
			fn_error(c, "%%q needs a string");
			break;
		}
		json_value(tfv_strz(c->env->a, arg->loc, arg->text), &s, 0);
		break;
	case 't':
		if (arg->kind != NODE_BOOL && !(arg->kind == NODE_STR && (!strcmp(arg->text, "true") || !strcmp(arg->text, "false")))) {
			rc = -1;
			fn_error(c, "%%t needs a bool");
			break;
		}
		sb_adds(&s, arg->text);
		break;
	case 'd': case 'b': case 'o': case 'x': case 'X': case 'e': case 'E': case 'f': case 'g': case 'G':
		sb_release(&s);
		return format_number(c, v, arg, out);
	default:
		rc = -1;
		fn_error(c, "unknown verb %%%c", v->conv);
	}
	if (rc == 0)
		pad(out, sb_str(&s), utf8_chars(sb_str(&s)), v);
	sb_release(&s);
	return rc;
}

/* Format with args[from..] (format and formatlist's rows). */
static int format_into(struct fcall *c, const char *f, struct node *const *args, uint32_t nargs, struct strbuf *out)
{
	int next = 0;
	for (const char *p = f; *p;) {
		if (*p != '%') {
			sb_addc(out, *p++);
			continue;
		}
		if (p[1] == '%') {
			sb_addc(out, '%');
			p += 2;
			continue;
		}
		struct verb v;
		int argi = next;
		p = parse_verb(p + 1, &v, &argi);
		if (argi < 0 || (uint32_t)argi >= nargs) {
			fn_error(c, "not enough arguments for the format string");
			return -1;
		}
		if (args[argi]->kind == NODE_UNKNOWN)
			return 1;
		if (format_one(c, &v, args[argi], out) != 0)
			return -1;
		next = argi + 1;
	}
	return 0;
}

enum tf_fn_status f_format(struct fcall *c)
{
	const char *f = arg_str(c, 0);
	if (!f)
		return TF_FN_ERROR;
	struct strbuf sb = STRBUF_INIT;
	int rc = format_into(c, f, c->args + 1, c->n - 1, &sb);
	enum tf_fn_status st = rc < 0 ? TF_FN_ERROR : rc ? fn_unknown(c) : str_out(c, &sb);
	sb_release(&sb);
	return st;
}

enum tf_fn_status f_formatlist(struct fcall *c)
{
	const char *f = arg_str(c, 0);
	if (!f)
		return TF_FN_ERROR;
	int64_t rows = -1;
	for (uint32_t i = 1; i < c->n; i++)
		if (c->args[i]->kind == NODE_SEQ) {
			if (rows >= 0 && rows != c->args[i]->u.seq.n)
				return fn_error(c, "all lists must have the same length");
			rows = c->args[i]->u.seq.n;
		}
	if (rows < 0)
		rows = 1;
	struct node **out = arena_alloc(c->env->a, sizeof(*out) * ((size_t)rows + 1));
	struct node **row = arena_alloc(c->env->a, sizeof(*row) * (c->n + 1));
	for (int64_t r = 0; r < rows; r++) {
		for (uint32_t i = 1; i < c->n; i++)
			row[i - 1] = c->args[i]->kind == NODE_SEQ ? c->args[i]->u.seq.items[r] : c->args[i];
		struct strbuf sb = STRBUF_INIT;
		int rc = format_into(c, f, row, c->n - 1, &sb);
		out[r] = rc == 0 ? fn_str(c, sb_str(&sb), sb.len) : NULL;
		sb_release(&sb);
		if (rc)
			return rc < 0 ? TF_FN_ERROR : fn_unknown(c);
	}
	return fn_list(c, out, (uint32_t)rows, 0);
}

/* ---- joining and splitting ----------------------------------------------------------------- */

enum tf_fn_status f_join(struct fcall *c)
{
	const char *sep = arg_str(c, 0);
	if (!sep)
		return TF_FN_ERROR;
	struct strbuf sb = STRBUF_INIT;
	int first = 1;
	for (uint32_t i = 1; i < c->n; i++) {
		if (arg_list(c, i)) {
			sb_release(&sb);
			return TF_FN_ERROR;
		}
		for (uint32_t k = 0; k < c->args[i]->u.seq.n; k++) {
			const char *t = tfv_text(c->args[i]->u.seq.items[k]);
			if (!t) {
				sb_release(&sb);
				return fn_error(c, "the lists must hold strings");
			}
			if (!first)
				sb_adds(&sb, sep);
			sb_adds(&sb, t);
			first = 0;
		}
	}
	enum tf_fn_status st = str_out(c, &sb);
	sb_release(&sb);
	return st;
}

enum tf_fn_status f_split(struct fcall *c)
{
	const char *sep = arg_str(c, 0), *s = sep ? arg_str(c, 1) : NULL;
	if (!s)
		return TF_FN_ERROR;
	VEC(struct node *) parts = {0};
	size_t sl = strlen(sep);
	if (!*s) {
		VEC_PUSH(parts, fn_str(c, "", 0));
	} else if (sl == 0) { /* every character */
		for (const char *p = s; *p;) {
			const char *q = p + 1;
			while (((unsigned char)*q & 0xC0) == 0x80)
				q++;
			VEC_PUSH(parts, fn_str(c, p, (size_t)(q - p)));
			p = q;
		}
	} else {
		const char *p = s;
		for (const char *q; (q = strstr(p, sep)) != NULL; p = q + sl)
			VEC_PUSH(parts, fn_str(c, p, (size_t)(q - p)));
		VEC_PUSH(parts, fn_str(c, p, strlen(p)));
	}
	enum tf_fn_status st = fn_list(c, parts.v, (uint32_t)parts.n, 0);
	free(parts.v);
	return st;
}

/* ---- regular expressions ---------------------------------------------------------------------- */

static pcre2_code *compile_re(struct fcall *c, const char *re)
{
	int err;
	PCRE2_SIZE off;
	pcre2_code *code = pcre2_compile((PCRE2_SPTR)re, PCRE2_ZERO_TERMINATED, PCRE2_UTF, &err, &off, NULL);
	if (!code) {
		PCRE2_UCHAR msg[120];
		pcre2_get_error_message(err, msg, sizeof(msg));
		fn_error(c, "invalid regular expression at offset %zu: %s", (size_t)off, (const char *)msg);
	}
	return code;
}

static pcre2_match_context *match_limits(void)
{
	pcre2_match_context *m = pcre2_match_context_create(NULL);
	if (!m)
		die("out of memory creating a regex match context");
	pcre2_set_match_limit(m, 100000);
	pcre2_set_depth_limit(m, 1000);
	return m;
}

enum tf_fn_status f_replace(struct fcall *c)
{
	const char *s = arg_str(c, 0), *sub = s ? arg_str(c, 1) : NULL, *rep = sub ? arg_str(c, 2) : NULL;
	if (!rep)
		return TF_FN_ERROR;
	struct strbuf sb = STRBUF_INIT;
	size_t n = strlen(sub);
	if (n >= 2 && sub[0] == '/' && sub[n - 1] == '/') {
		char *re = xstrndup(sub + 1, n - 2);
		pcre2_code *code = compile_re(c, re);
		free(re);
		if (!code)
			return TF_FN_ERROR;
		pcre2_match_context *mctx = match_limits();
		size_t outlen = strlen(s) * 4 + strlen(rep) * 16 + 256;
		PCRE2_UCHAR *buf = xmalloc(outlen);
		int rc = pcre2_substitute(code, (PCRE2_SPTR)s, PCRE2_ZERO_TERMINATED, 0,
					  PCRE2_SUBSTITUTE_GLOBAL | PCRE2_SUBSTITUTE_OVERFLOW_LENGTH, NULL, mctx,
					  (PCRE2_SPTR)rep, PCRE2_ZERO_TERMINATED, buf, &outlen);
		if (rc == PCRE2_ERROR_NOMEMORY) {
			buf = xrealloc(buf, outlen + 1);
			rc = pcre2_substitute(code, (PCRE2_SPTR)s, PCRE2_ZERO_TERMINATED, 0, PCRE2_SUBSTITUTE_GLOBAL, NULL,
					      mctx, (PCRE2_SPTR)rep, PCRE2_ZERO_TERMINATED, buf, &outlen);
		}
		if (rc >= 0)
			sb_add(&sb, (const char *)buf, outlen);
		free(buf);
		pcre2_match_context_free(mctx);
		pcre2_code_free(code);
		if (rc < 0) {
			sb_release(&sb);
			return fn_error(c, "the regular expression replacement failed (error %d)", rc);
		}
	} else if (n == 0) {
		sb_adds(&sb, s);
	} else {
		const char *p = s;
		for (const char *q; (q = strstr(p, sub)) != NULL; p = q + n) {
			sb_add(&sb, p, (size_t)(q - p));
			sb_adds(&sb, rep);
		}
		sb_adds(&sb, p);
	}
	enum tf_fn_status st = str_out(c, &sb);
	sb_release(&sb);
	return st;
}

/* One match as regex() returns it: the whole match without groups, the
 * groups as a list, or named groups as an object. */
static struct node *match_value(struct fcall *c, const pcre2_code *code, const char *s, PCRE2_SIZE *ov, uint32_t groups)
{
	uint32_t names;
	pcre2_pattern_info(code, PCRE2_INFO_NAMECOUNT, &names);
	if (groups == 0)
		return fn_str(c, s + ov[0], ov[1] - ov[0]);
	if (names) {
		PCRE2_SPTR table;
		uint32_t entry;
		pcre2_pattern_info(code, PCRE2_INFO_NAMETABLE, &table);
		pcre2_pattern_info(code, PCRE2_INFO_NAMEENTRYSIZE, &entry);
		struct node_pair *pairs = arena_alloc(c->env->a, sizeof(*pairs) * (names + 1));
		for (uint32_t i = 0; i < names; i++) {
			const unsigned char *e = table + i * entry;
			uint32_t g = (uint32_t)(e[0] << 8 | e[1]);
			pairs[i].key = arena_strdup(c->env->a, (const char *)e + 2);
			pairs[i].key_loc = c->env->at;
			pairs[i].value = ov[2 * g] == PCRE2_UNSET ? fn_str(c, "", 0)
								   : fn_str(c, s + ov[2 * g], ov[2 * g + 1] - ov[2 * g]);
		}
		return tfv_object(c->env->a, c->env->at, pairs, names);
	}
	struct node **items = arena_alloc(c->env->a, sizeof(*items) * (groups + 1));
	for (uint32_t g = 1; g <= groups; g++)
		items[g - 1] = ov[2 * g] == PCRE2_UNSET ? fn_str(c, "", 0) : fn_str(c, s + ov[2 * g], ov[2 * g + 1] - ov[2 * g]);
	return tfv_list(c->env->a, c->env->at, items, groups);
}

static enum tf_fn_status regex_matches(struct fcall *c, int all)
{
	const char *re = arg_str(c, 0), *s = re ? arg_str(c, 1) : NULL;
	if (!s)
		return TF_FN_ERROR;
	pcre2_code *code = compile_re(c, re);
	if (!code)
		return TF_FN_ERROR;
	uint32_t groups;
	pcre2_pattern_info(code, PCRE2_INFO_CAPTURECOUNT, &groups);
	pcre2_match_data *md = pcre2_match_data_create_from_pattern(code, NULL);
	pcre2_match_context *mctx = match_limits();
	VEC(struct node *) found = {0};
	size_t len = strlen(s), start = 0;
	int rc = 0;
	while (start <= len && (rc = pcre2_match(code, (PCRE2_SPTR)s, len, start, 0, md, mctx)) >= 0) {
		PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
		VEC_PUSH(found, match_value(c, code, s, ov, groups));
		if (!all || found.n > c->env->max_elements)
			break;
		start = ov[1] > ov[0] ? ov[1] : ov[1] + 1;
	}
	pcre2_match_context_free(mctx);
	pcre2_match_data_free(md);
	pcre2_code_free(code);
	enum tf_fn_status st;
	if (rc < 0 && rc != PCRE2_ERROR_NOMATCH)
		st = fn_error(c, "the regular expression gave up (error %d)", rc);
	else if (all)
		st = fn_list(c, found.v, (uint32_t)found.n, 0);
	else if (!found.n)
		st = fn_error(c, "the pattern did not match the string");
	else
		*c->out = found.v[0], st = TF_FN_OK;
	free(found.v);
	return st;
}

enum tf_fn_status f_regex(struct fcall *c)
{
	return regex_matches(c, 0);
}

enum tf_fn_status f_regexall(struct fcall *c)
{
	return regex_matches(c, 1);
}

/* ---- trimming and testing ------------------------------------------------------------------------ */

static enum tf_fn_status slice_out(struct fcall *c, const char *s, size_t from, size_t to)
{
	*c->out = fn_str(c, s + from, to > from ? to - from : 0);
	return TF_FN_OK;
}

enum tf_fn_status f_trimspace(struct fcall *c)
{
	const char *s = arg_str(c, 0);
	if (!s)
		return TF_FN_ERROR;
	size_t a = 0, b = strlen(s);
	while (a < b && isspace((unsigned char)s[a]))
		a++;
	while (b > a && isspace((unsigned char)s[b - 1]))
		b--;
	return slice_out(c, s, a, b);
}

enum tf_fn_status f_trim(struct fcall *c)
{
	const char *s = arg_str(c, 0), *set = s ? arg_str(c, 1) : NULL;
	if (!set)
		return TF_FN_ERROR;
	size_t a = 0, b = strlen(s);
	while (a < b && strchr(set, s[a]))
		a++;
	while (b > a && strchr(set, s[b - 1]))
		b--;
	return slice_out(c, s, a, b);
}

enum tf_fn_status f_trimprefix(struct fcall *c)
{
	const char *s = arg_str(c, 0), *p = s ? arg_str(c, 1) : NULL;
	if (!p)
		return TF_FN_ERROR;
	size_t n = strlen(p);
	return slice_out(c, s, strncmp(s, p, n) == 0 ? n : 0, strlen(s));
}

enum tf_fn_status f_trimsuffix(struct fcall *c)
{
	const char *s = arg_str(c, 0), *x = s ? arg_str(c, 1) : NULL;
	if (!x)
		return TF_FN_ERROR;
	size_t n = strlen(s), k = strlen(x);
	return slice_out(c, s, 0, str_has_suffix(s, x) ? n - k : n);
}

enum tf_fn_status f_chomp(struct fcall *c)
{
	const char *s = arg_str(c, 0);
	if (!s)
		return TF_FN_ERROR;
	size_t n = strlen(s);
	while (n && (s[n - 1] == '\n' || s[n - 1] == '\r'))
		n--;
	return slice_out(c, s, 0, n);
}

enum tf_fn_status f_indent(struct fcall *c)
{
	int64_t n;
	const char *s;
	if (arg_int(c, 0, &n) || !(s = arg_str(c, 1)))
		return TF_FN_ERROR;
	struct strbuf sb = STRBUF_INIT;
	for (const char *p = s; *p; p++) {
		sb_addc(&sb, *p);
		for (int64_t k = 0; *p == '\n' && k < n && k < 1000; k++)
			sb_addc(&sb, ' ');
	}
	enum tf_fn_status st = str_out(c, &sb);
	sb_release(&sb);
	return st;
}

/* Byte offset of character `chars` of s. */
static size_t char_offset(const char *s, int64_t chars)
{
	size_t off = 0;
	for (int64_t k = 0; k < chars && s[off]; k++) {
		off++;
		while (((unsigned char)s[off] & 0xC0) == 0x80)
			off++;
	}
	return off;
}

enum tf_fn_status f_substr(struct fcall *c)
{
	const char *s = arg_str(c, 0);
	int64_t off, len;
	if (!s || arg_int(c, 1, &off) || arg_int(c, 2, &len))
		return TF_FN_ERROR;
	int64_t chars = (int64_t)utf8_chars(s);
	if (off < 0)
		off += chars;
	if (off < 0 || off > chars)
		return fn_error(c, "offset %lld is outside the string of %lld characters", (long long)off, (long long)chars);
	if (len < 0 || off + len > chars)
		len = chars - off;
	return slice_out(c, s, char_offset(s, off), char_offset(s, off + len));
}

static enum tf_fn_status test_out(struct fcall *c, int v)
{
	*c->out = tfv_bool(c->env->a, c->env->at, v);
	return TF_FN_OK;
}

enum tf_fn_status f_startswith(struct fcall *c)
{
	const char *s = arg_str(c, 0), *p = s ? arg_str(c, 1) : NULL;
	return p ? test_out(c, strncmp(s, p, strlen(p)) == 0) : TF_FN_ERROR;
}

enum tf_fn_status f_endswith(struct fcall *c)
{
	const char *s = arg_str(c, 0), *x = s ? arg_str(c, 1) : NULL;
	return x ? test_out(c, str_has_suffix(s, x)) : TF_FN_ERROR;
}

enum tf_fn_status f_strcontains(struct fcall *c)
{
	const char *s = arg_str(c, 0), *x = s ? arg_str(c, 1) : NULL;
	return x ? test_out(c, strstr(s, x) != NULL) : TF_FN_ERROR;
}

enum tf_fn_status f_index(struct fcall *c)
{
	if (arg_list(c, 0))
		return TF_FN_ERROR;
	for (uint32_t i = 0; i < c->args[0]->u.seq.n; i++)
		if (tfv_equal(c->args[0]->u.seq.items[i], c->args[1]) == 1) {
			*c->out = tfv_int(c->env->a, c->env->at, i);
			return TF_FN_OK;
		}
	return fn_error(c, "the item is not in the list");
}

enum tf_fn_status f_basename(struct fcall *c)
{
	const char *s = arg_str(c, 0);
	if (!s)
		return TF_FN_ERROR;
	size_t n = strlen(s);
	while (n > 1 && s[n - 1] == '/')
		n--;
	if (!n)
		return slice_out(c, ".", 0, 1);
	size_t a = n;
	while (a > 0 && s[a - 1] != '/')
		a--;
	return a == n ? slice_out(c, "/", 0, 1) : slice_out(c, s, a, n);
}

enum tf_fn_status f_dirname(struct fcall *c)
{
	const char *s = arg_str(c, 0);
	if (!s)
		return TF_FN_ERROR;
	const char *slash = strrchr(s, '/');
	if (!slash)
		return slice_out(c, ".", 0, 1);
	size_t n = (size_t)(slash - s);
	while (n > 1 && s[n - 1] == '/')
		n--;
	return n ? slice_out(c, s, 0, n) : slice_out(c, "/", 0, 1);
}

/* ---- JSON text (also jsonencode's, in funcs_net.c) ------------------------------------------ */

static void json_string(const char *s, struct strbuf *out)
{
	sb_addc(out, '"');
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		switch (*p) {
		case '"': sb_adds(out, "\\\""); break;
		case '\\': sb_adds(out, "\\\\"); break;
		case '\n': sb_adds(out, "\\n"); break;
		case '\r': sb_adds(out, "\\r"); break;
		case '\t': sb_adds(out, "\\t"); break;
		case '<': sb_adds(out, "\\u003c"); break;
		case '>': sb_adds(out, "\\u003e"); break;
		case '&': sb_adds(out, "\\u0026"); break;
		default:
			if (*p < 0x20)
				sb_addf(out, "\\u%04x", *p);
			else
				sb_addc(out, (char)*p);
		}
	}
	sb_addc(out, '"');
}

static void json_value(const struct node *v, struct strbuf *out, int depth)
{
	if (depth > 64) {
		sb_adds(out, "null");
		return;
	}
	switch (v->kind) {
	case NODE_STR:
		json_string(v->text, out);
		break;
	case NODE_NUM:
	case NODE_BOOL:
		sb_adds(out, v->text);
		break;
	case NODE_SEQ:
		sb_addc(out, '[');
		for (uint32_t i = 0; i < v->u.seq.n; i++) {
			if (i)
				sb_addc(out, ',');
			json_value(v->u.seq.items[i], out, depth + 1);
		}
		sb_addc(out, ']');
		break;
	case NODE_MAP:
		sb_addc(out, '{');
		for (uint32_t i = 0; i < v->u.map.n; i++) {
			if (i)
				sb_addc(out, ',');
			json_string(v->u.map.pairs[i].key, out);
			sb_addc(out, ':');
			json_value(v->u.map.pairs[i].value, out, depth + 1);
		}
		sb_addc(out, '}');
		break;
	default:
		sb_adds(out, "null");
	}
}

void tf_json_text(const struct node *v, struct strbuf *out)
{
	json_value(v, out, 0);
}
