/* ports.c - see ports.h */
#include "base/ports.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/util.h"

int proto_parse(const char *s)
{
	static const struct {
		const char *name;
		int num;
	} names[] = {
		{"all", PROTO_ALL}, {"tcp", PROTO_TCP},	      {"udp", PROTO_UDP},
		{"icmp", PROTO_ICMP}, {"icmpv6", PROTO_ICMPV6},
	};
	if (!s || !*s)
		return PROTO_INVALID;
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (str_eq_nocase(s, names[i].name))
			return names[i].num;
	int64_t v;
	if (parse_int64(s, &v) != 0)
		return PROTO_INVALID;
	if (v == -1)
		return PROTO_ALL;
	if (v < 0 || v > 255)
		return PROTO_INVALID;
	return (int)v;
}

const char *proto_name(int proto, char *buf, size_t size)
{
	switch (proto) {
	case PROTO_ALL:
		return "all";
	case PROTO_TCP:
		return "tcp";
	case PROTO_UDP:
		return "udp";
	case PROTO_ICMP:
		return "icmp";
	case PROTO_ICMPV6:
		return "icmpv6";
	case PROTO_UNKNOWN:
		return "unknown";
	case PROTO_INVALID:
		return "invalid";
	default:
		snprintf(buf, size, "%d", proto);
		return buf;
	}
}

int proto_has_ports(int proto)
{
	return proto == PROTO_TCP || proto == PROTO_UDP;
}

int proto_is_icmp(int proto)
{
	return proto == PROTO_ICMP || proto == PROTO_ICMPV6;
}

void portset_add(struct portset *s, int32_t lo, int32_t hi)
{
	if (s->n == s->cap) {
		s->cap = s->cap ? s->cap * 2 : 4;
		s->r = xrealloc(s->r, s->cap * sizeof(*s->r));
	}
	s->r[s->n].lo = lo;
	s->r[s->n].hi = hi;
	s->n++;
}

static int cmp_range(const void *a, const void *b)
{
	const struct port_range *x = a, *y = b;
	return x->lo < y->lo ? -1 : x->lo > y->lo;
}

void portset_normalize(struct portset *s)
{
	if (s->n < 2)
		return;
	sort_array(s->r, s->n, sizeof(*s->r), cmp_range);
	size_t k = 0;
	for (size_t i = 1; i < s->n; i++) {
		if (s->r[i].lo <= s->r[k].hi + 1) {
			if (s->r[i].hi > s->r[k].hi)
				s->r[k].hi = s->r[i].hi;
		} else {
			s->r[++k] = s->r[i];
		}
	}
	s->n = k + 1;
}

void portset_union(struct portset *dst, const struct portset *src)
{
	for (size_t i = 0; i < src->n; i++)
		portset_add(dst, src->r[i].lo, src->r[i].hi);
	portset_normalize(dst);
}

void portset_release(struct portset *s)
{
	free(s->r);
	s->r = NULL;
	s->n = s->cap = 0;
}

int portset_overlaps(const struct portset *s, int32_t lo, int32_t hi, int32_t *first)
{
	for (size_t i = 0; i < s->n; i++) {
		if (s->r[i].hi < lo)
			continue;
		if (s->r[i].lo > hi)
			return 0;
		if (first)
			*first = s->r[i].lo > lo ? s->r[i].lo : lo;
		return 1;
	}
	return 0;
}

int portset_has_gap(const struct portset *s, int32_t lo, int32_t hi, int32_t *first)
{
	int32_t next = lo; /* lowest port not yet known to be covered */
	for (size_t i = 0; i < s->n && next <= hi; i++) {
		if (s->r[i].hi < next)
			continue;
		if (s->r[i].lo > next)
			break;
		next = s->r[i].hi + 1;
	}
	if (next > hi)
		return 0;
	if (first)
		*first = next;
	return 1;
}

void portset_subtract(struct portset *s, int32_t lo, int32_t hi)
{
	struct portset out = {0};
	for (size_t i = 0; i < s->n; i++) {
		struct port_range r = s->r[i];
		if (r.hi < lo || r.lo > hi) {
			portset_add(&out, r.lo, r.hi);
			continue;
		}
		if (r.lo < lo)
			portset_add(&out, r.lo, lo - 1);
		if (r.hi > hi)
			portset_add(&out, hi + 1, r.hi);
	}
	free(s->r);
	*s = out;
}

int port_range_parse(const char *s, struct port_range *out)
{
	char buf[32];
	const char *dash = strchr(s + (*s == '-'), '-');
	int64_t lo, hi;
	if (dash) {
		size_t n = (size_t)(dash - s);
		if (n >= sizeof(buf))
			return -1;
		memcpy(buf, s, n);
		buf[n] = '\0';
		if (parse_int64(buf, &lo) || parse_int64(dash + 1, &hi))
			return -1;
	} else {
		if (parse_int64(s, &lo))
			return -1;
		hi = lo;
	}
	if (lo < 0 || hi > 65535 || lo > hi)
		return -1;
	out->lo = (int32_t)lo;
	out->hi = (int32_t)hi;
	return 0;
}
