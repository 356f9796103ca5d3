/* funcs_net.c - Terraform's network (cidr*) and encoding (jsonencode,
 * jsondecode, base64) functions. */
#include <stdio.h>
#include <string.h>

#include "base/netaddr.h"
#include "doc/load_json.h"
#include "formats/terraform/funcs_int.h"

static int arg_cidr(struct fcall *c, uint32_t i, struct cidr *out)
{
	const char *s = arg_str(c, i);
	if (!s)
		return -1;
	if (cidr_parse(s, out) != 0) {
		fn_error(c, "\"%s\" is not a CIDR block", s);
		return -1;
	}
	return 0;
}

static enum tf_fn_status cidr_out(struct fcall *c, const struct cidr *x, int with_prefix)
{
	char buf[64];
	cidr_format(x, buf, sizeof(buf));
	if (!with_prefix)
		*strchr(buf, '/') = '\0';
	*c->out = fn_str(c, buf, strlen(buf));
	return TF_FN_OK;
}

static int family_bits(const struct cidr *x)
{
	return x->family == 4 ? 32 : 128;
}

/* The new prefix's `netnum`-th subnet of base, newbits longer. */
static int subnet(struct fcall *c, const struct cidr *base, int64_t newbits, int64_t netnum, struct cidr *out)
{
	int total = family_bits(base);
	if (newbits < 0 || base->prefix + newbits > total) {
		fn_error(c, "%lld more bits do not fit a /%u", (long long)newbits, base->prefix);
		return -1;
	}
	if (netnum < 0 || (newbits < 63 && netnum >= ((int64_t)1 << newbits)) || netnum > UINT32_MAX) {
		fn_error(c, "prefix extension of %lld bits has no network number %lld", (long long)newbits, (long long)netnum);
		return -1;
	}
	if (newbits == 0) {
		*out = *base;
		return 0;
	}
	if (cidr_subnet(base, (unsigned)netnum, (unsigned)(total - base->prefix - newbits), out) != 0) {
		fn_error(c, "network number %lld does not fit", (long long)netnum);
		return -1;
	}
	return 0;
}

enum tf_fn_status f_cidrsubnet(struct fcall *c)
{
	struct cidr base, out;
	int64_t newbits, netnum;
	if (arg_cidr(c, 0, &base) || arg_int(c, 1, &newbits) || arg_int(c, 2, &netnum) ||
	    subnet(c, &base, newbits, netnum, &out))
		return TF_FN_ERROR;
	return cidr_out(c, &out, 1);
}

/* Add a signed host number to the network address (negative: from the
 * end), failing outside the block. */
enum tf_fn_status f_cidrhost(struct fcall *c)
{
	struct cidr base;
	int64_t host;
	if (arg_cidr(c, 0, &base) || arg_int(c, 1, &host))
		return TF_FN_ERROR;
	int hostbits = family_bits(&base) - base.prefix;
	if (hostbits < 63 && (host >= ((int64_t)1 << hostbits) || host < -((int64_t)1 << hostbits)))
		return fn_error(c, "host number %lld does not fit a /%u", (long long)host, base.prefix);
	struct cidr x = base;
	int bytes = base.family == 4 ? 4 : 16;
	if (host < 0) { /* the broadcast end: all host bits set, then count back */
		for (int b = 0; b < bytes; b++) {
			int keep = base.prefix - b * 8;
			if (keep < 8)
				x.addr[b] |= keep <= 0 ? 0xFF : (uint8_t)(0xFF >> keep);
		}
		host += 1;
	}
	uint64_t v = host < 0 ? (uint64_t)-host : (uint64_t)host;
	int neg = host < 0, carry = 0;
	for (int b = bytes - 1; b >= 0 && (v || carry); b--) {
		int d = (int)(v & 0xFF);
		int sum = neg ? x.addr[b] - d - carry : x.addr[b] + d + carry;
		carry = neg ? sum < 0 : sum > 0xFF;
		x.addr[b] = (uint8_t)(sum & 0xFF);
		v >>= 8;
	}
	x.prefix = (uint8_t)family_bits(&base);
	return cidr_out(c, &x, 0);
}

enum tf_fn_status f_cidrnetmask(struct fcall *c)
{
	struct cidr base;
	if (arg_cidr(c, 0, &base))
		return TF_FN_ERROR;
	if (base.family != 4)
		return fn_error(c, "only IPv4 blocks have a netmask");
	uint32_t m = base.prefix ? 0xFFFFFFFFu << (32 - base.prefix) : 0;
	char buf[20];
	snprintf(buf, sizeof(buf), "%u.%u.%u.%u", m >> 24, (m >> 16) & 0xFF, (m >> 8) & 0xFF, m & 0xFF);
	*c->out = fn_str(c, buf, strlen(buf));
	return TF_FN_OK;
}

/* Consecutive subnets of the given sizes, each aligned to its size:
 * positions counted in units of the smallest subnet asked for. */
enum tf_fn_status f_cidrsubnets(struct fcall *c)
{
	struct cidr base;
	if (arg_cidr(c, 0, &base))
		return TF_FN_ERROR;
	int total = family_bits(&base);
	int64_t most = 0;
	for (uint32_t i = 1; i < c->n; i++) {
		int64_t nb;
		if (arg_int(c, i, &nb))
			return TF_FN_ERROR;
		if (nb < 1 || base.prefix + nb > total || nb > 62)
			return fn_error(c, "%lld more bits do not fit a /%u", (long long)nb, base.prefix);
		most = nb > most ? nb : most;
	}
	struct node **out = arena_alloc(c->env->a, sizeof(*out) * c->n);
	uint64_t next = 0;
	for (uint32_t i = 1; i < c->n; i++) {
		int64_t nb;
		arg_int(c, i, &nb);
		uint64_t unit = (uint64_t)1 << (most - nb);
		uint64_t netnum = (next + unit - 1) / unit;
		struct cidr sub;
		if (subnet(c, &base, nb, (int64_t)netnum, &sub))
			return fn_error(c, "the subnets do not fit in %s", arg_str(c, 0));
		char buf[64];
		cidr_format(&sub, buf, sizeof(buf));
		out[i - 1] = fn_str(c, buf, strlen(buf));
		next = (netnum + 1) * unit;
	}
	return fn_list(c, out, c->n - 1, 0);
}

/* ---- encodings -------------------------------------------------------------------------- */

enum tf_fn_status f_jsonencode(struct fcall *c)
{
	struct strbuf sb = STRBUF_INIT;
	tf_json_text(c->args[0], &sb);
	*c->out = fn_str(c, sb_str(&sb), sb.len);
	sb_release(&sb);
	return TF_FN_OK;
}

/* A JSON document's values as Terraform's: objects with sorted keys. */
static struct node *from_json(struct fcall *c, struct node *v, int depth)
{
	if (depth > 64)
		return v;
	if (v->kind == NODE_SEQ) {
		struct node **items = arena_alloc(c->env->a, sizeof(*items) * (v->u.seq.n + 1));
		for (uint32_t i = 0; i < v->u.seq.n; i++)
			items[i] = from_json(c, v->u.seq.items[i], depth + 1);
		return tfv_list(c->env->a, v->loc, items, v->u.seq.n);
	}
	if (v->kind == NODE_MAP) {
		struct node_pair *pairs = arena_alloc(c->env->a, sizeof(*pairs) * (v->u.map.n + 1));
		for (uint32_t i = 0; i < v->u.map.n; i++) {
			pairs[i] = v->u.map.pairs[i];
			pairs[i].value = from_json(c, v->u.map.pairs[i].value, depth + 1);
		}
		return tfv_object(c->env->a, v->loc, pairs, v->u.map.n);
	}
	v->loc = c->env->at;
	return v;
}

enum tf_fn_status f_jsondecode(struct fcall *c)
{
	const char *s = arg_str(c, 0);
	if (!s)
		return TF_FN_ERROR;
	struct load_limits lim;
	struct diag err;
	struct node *root;
	load_limits_default(&lim);
	lim.max_scalar_len = c->env->max_string;
	int ascii = 1;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		ascii &= *p < 0x80;
	if (load_json("jsondecode", s, strlen(s), ascii, &lim, c->env->a, &root, NULL, &err) != 0)
		return fn_error(c, "not valid JSON: %s", err.msg);
	*c->out = from_json(c, root, 0);
	return fn_charge(c, strlen(s) / 16 + 1);
}

static const char b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

enum tf_fn_status f_base64encode(struct fcall *c)
{
	const char *s = arg_str(c, 0);
	if (!s)
		return TF_FN_ERROR;
	struct strbuf sb = STRBUF_INIT;
	size_t n = strlen(s);
	for (size_t i = 0; i < n; i += 3) {
		uint32_t v = (uint32_t)(unsigned char)s[i] << 16;
		if (i + 1 < n)
			v |= (uint32_t)(unsigned char)s[i + 1] << 8;
		if (i + 2 < n)
			v |= (unsigned char)s[i + 2];
		sb_addc(&sb, b64[(v >> 18) & 63]);
		sb_addc(&sb, b64[(v >> 12) & 63]);
		sb_addc(&sb, i + 1 < n ? b64[(v >> 6) & 63] : '=');
		sb_addc(&sb, i + 2 < n ? b64[v & 63] : '=');
	}
	*c->out = fn_str(c, sb_str(&sb), sb.len);
	sb_release(&sb);
	return TF_FN_OK;
}

enum tf_fn_status f_base64decode(struct fcall *c)
{
	const char *s = arg_str(c, 0);
	if (!s)
		return TF_FN_ERROR;
	struct strbuf sb = STRBUF_INIT;
	uint32_t acc = 0;
	int bits = 0;
	for (const char *p = s; *p && *p != '='; p++) {
		const char *q = strchr(b64, *p);
		if (!q || !*p) {
			sb_release(&sb);
			return fn_error(c, "not valid base64");
		}
		acc = acc << 6 | (uint32_t)(q - b64);
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			sb_addc(&sb, (char)((acc >> bits) & 0xFF));
		}
	}
	if (memchr(sb_str(&sb), '\0', sb.len)) {
		sb_release(&sb);
		return fn_error(c, "the decoded text holds a NUL byte");
	}
	*c->out = fn_str(c, sb_str(&sb), sb.len);
	sb_release(&sb);
	return TF_FN_OK;
}
