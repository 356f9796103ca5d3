/* netaddr.c - see netaddr.h */
#define _POSIX_C_SOURCE 200809L
#include "base/netaddr.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/util.h"

static void mask_to_prefix(uint8_t *addr, int prefix, int bytes)
{
	for (int i = 0; i < bytes; i++) {
		int keep = prefix - i * 8;
		if (keep >= 8)
			continue;
		addr[i] = keep <= 0 ? 0 : (uint8_t)(addr[i] & (0xFF << (8 - keep)));
	}
}

/* Strict dotted quad: four decimal parts 0-255, no leading zeros (AWS and
 * inet_pton reject "010.0.0.1"). */
static int parse_ipv4(const char *s, size_t n, uint8_t out[4])
{
	char buf[16];
	if (n == 0 || n >= sizeof(buf))
		return -1;
	memcpy(buf, s, n);
	buf[n] = '\0';
	return inet_pton(AF_INET, buf, out) == 1 ? 0 : -1;
}

static int parse_ipv6(const char *s, size_t n, uint8_t out[16])
{
	char buf[64];
	if (n == 0 || n >= sizeof(buf))
		return -1;
	memcpy(buf, s, n);
	buf[n] = '\0';
	return inet_pton(AF_INET6, buf, out) == 1 ? 0 : -1;
}

static int parse_prefix(const char *s, int max)
{
	if (!*s)
		return -1;
	int v = 0;
	for (const char *p = s; *p; p++) {
		if (*p < '0' || *p > '9' || p - s > 3)
			return -1;
		v = v * 10 + (*p - '0');
	}
	return v <= max ? v : -1;
}

int cidr_parse(const char *s, struct cidr *out)
{
	if (!s)
		return -1;
	const char *slash = strchr(s, '/');
	if (!slash)
		return -1;
	size_t n = (size_t)(slash - s);
	memset(out, 0, sizeof(*out));
	if (memchr(s, ':', n)) {
		int p = parse_prefix(slash + 1, 128);
		if (p < 0 || parse_ipv6(s, n, out->addr) != 0)
			return -1;
		out->family = 6;
		out->prefix = (uint8_t)p;
		mask_to_prefix(out->addr, p, 16);
		return 0;
	}
	int p = parse_prefix(slash + 1, 32);
	if (p < 0 || parse_ipv4(s, n, out->addr) != 0)
		return -1;
	out->family = 4;
	out->prefix = (uint8_t)p;
	mask_to_prefix(out->addr, p, 4);
	return 0;
}

void cidr_format(const struct cidr *c, char *buf, size_t size)
{
	char a[INET6_ADDRSTRLEN];
	inet_ntop(c->family == 4 ? AF_INET : AF_INET6, c->addr, a, sizeof(a));
	snprintf(buf, size, "%s/%u", a, c->prefix);
}

int cidr_is_world(const struct cidr *c)
{
	return c->prefix == 0;
}

int cidr_contains(const struct cidr *a, const struct cidr *b)
{
	if (a->family != b->family || a->prefix > b->prefix)
		return 0;
	/* b's first a->prefix bits are a's, and a has no bit set past them;
	 * byte by byte, without copying and masking b (every permission's
	 * source is tested against the private ranges) */
	int bytes = a->family == 4 ? 4 : 16, whole = a->prefix / 8, rest = a->prefix % 8, i;
	for (i = 0; i < whole; i++)
		if (a->addr[i] != b->addr[i])
			return 0;
	if (rest) {
		if ((b->addr[i] & (uint8_t)(0xFF << (8 - rest))) != a->addr[i])
			return 0;
		i++;
	}
	for (; i < bytes; i++)
		if (a->addr[i])
			return 0;
	return 1;
}

int cidr_is_private(const struct cidr *c)
{
	/* 10/8, 172.16/12, 192.168/16, 100.64/10, 127/8, 169.254/16,
	 * fc00::/7, fe80::/10, ::1/128 (SPEC 5) */
	static const struct cidr ranges[] = {
		{4, 8, {10}},	       {4, 12, {172, 16}},  {4, 16, {192, 168}},
		{4, 10, {100, 64}},    {4, 8, {127}},	    {4, 16, {169, 254}},
		{6, 7, {0xfc}},	       {6, 10, {0xfe, 0x80}},
		{6, 128, {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1}},
	};
	for (size_t i = 0; i < sizeof(ranges) / sizeof(ranges[0]); i++)
		if (cidr_contains(&ranges[i], c))
			return 1;
	return 0;
}

int cidr_is_broad(const struct cidr *c, int v4_limit, int v6_limit)
{
	int limit = c->family == 4 ? v4_limit : v6_limit;
	return c->prefix > 0 && c->prefix < limit && !cidr_is_private(c);
}

/* ---- union coverage --------------------------------------------------
 * Each block is the interval [first, last] of 128-bit addresses; sort by
 * first address and sweep, tracking the highest address covered so far. */

static int cmp_block(const void *a, const void *b)
{
	const struct cidr *x = a, *y = b;
	int c = memcmp(x->addr, y->addr, 16);
	if (c)
		return c;
	return (int)x->prefix - (int)y->prefix;
}

static void last_address(const struct cidr *c, uint8_t out[16])
{
	int bytes = c->family == 4 ? 4 : 16;
	memcpy(out, c->addr, 16);
	for (int i = 0; i < bytes; i++) {
		int keep = c->prefix - i * 8;
		if (keep >= 8)
			continue;
		out[i] |= keep <= 0 ? 0xFF : (uint8_t)(0xFF >> keep);
	}
}

/* a + 1 (within `bytes`); returns 1 on overflow past the top. */
static int increment(uint8_t *a, int bytes)
{
	for (int i = bytes - 1; i >= 0; i--)
		if (++a[i] != 0)
			return 0;
	return 1;
}

int cidr_union_is_world(const struct cidr *blocks, size_t n, int family)
{
	int bytes = family == 4 ? 4 : 16;
	struct cidr *v = malloc(sizeof(*v) * (n ? n : 1));
	size_t k = 0;
	if (!v)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (blocks[i].family == family)
			v[k++] = blocks[i];
	sort_array(v, k, sizeof(*v), cmp_block);
	uint8_t next[16] = {0}; /* first address not yet covered */
	int covered = 0;
	for (size_t i = 0; i < k && !covered; i++) {
		if (memcmp(v[i].addr, next, (size_t)bytes) > 0)
			break; /* gap */
		uint8_t last[16];
		last_address(&v[i], last);
		if (memcmp(last, next, (size_t)bytes) >= 0) {
			memcpy(next, last, 16);
			covered = increment(next, bytes);
		}
	}
	free(v);
	return covered;
}

int cidr_subnet(const struct cidr *base, unsigned index, unsigned bits, struct cidr *out)
{
	int total = base->family == 4 ? 32 : 128;
	if (bits == 0 || (int)bits > total - base->prefix)
		return -1;
	int new_prefix = total - (int)bits;
	int index_bits = new_prefix - base->prefix;
	if (index_bits < 32 && index >= (1u << index_bits))
		return -1;
	*out = *base;
	out->prefix = (uint8_t)new_prefix;
	/* add index << bits to the (masked) base address */
	int bytes = base->family == 4 ? 4 : 16;
	uint64_t v = (uint64_t)index << (bits % 8);
	unsigned carry = 0;
	for (int i = bytes - 1 - (int)(bits / 8); i >= 0 && (v || carry); i--) {
		unsigned sum = out->addr[i] + (unsigned)(v & 0xFF) + carry;
		out->addr[i] = (uint8_t)sum;
		carry = sum >> 8;
		v >>= 8;
	}
	return 0;
}
