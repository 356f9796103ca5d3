/* ports.h - IP protocols and port-range arithmetic. */
#ifndef SG_PORTS_H
#define SG_PORTS_H

#include <stddef.h>
#include <stdint.h>

enum {
	PROTO_ALL = -1,     /* "-1", "all" */
	PROTO_UNKNOWN = -2, /* not known before deployment */
	PROTO_INVALID = -3, /* AWS would reject it */
	PROTO_ICMP = 1,
	PROTO_TCP = 6,
	PROTO_UDP = 17,
	PROTO_ICMPV6 = 58,
};

/* "tcp", "TCP", "6", "-1", "all", "icmpv6", "58"... -> number, PROTO_ALL,
 * or PROTO_INVALID. */
int proto_parse(const char *s);
/* "tcp", "udp", "icmp", "icmpv6", "all", or the number; buf >= 12 bytes. */
const char *proto_name(int proto, char *buf, size_t size);
/* tcp and udp carry ports; for all and other numbers AWS opens every port. */
int proto_has_ports(int proto);
int proto_is_icmp(int proto);

struct port_range {
	int32_t lo, hi;
};

/* A set of ports: sorted, disjoint, non-adjacent ranges. */
struct portset {
	struct port_range *r;
	size_t n, cap;
};

void portset_add(struct portset *s, int32_t lo, int32_t hi); /* then normalize */
void portset_normalize(struct portset *s);
void portset_union(struct portset *dst, const struct portset *src);
void portset_release(struct portset *s);
/* Whether [lo, hi] shares a port with s; *first gets the lowest shared one. */
int portset_overlaps(const struct portset *s, int32_t lo, int32_t hi, int32_t *first);
/* Whether [lo, hi] holds a port that is not in s; *first gets the lowest. */
int portset_has_gap(const struct portset *s, int32_t lo, int32_t hi, int32_t *first);
/* Remove [lo, hi] from s. */
void portset_subtract(struct portset *s, int32_t lo, int32_t hi);

/* Parse "22", "8000-8100" into a range inside 0-65535; 0 on success. */
int port_range_parse(const char *s, struct port_range *out);

#endif
