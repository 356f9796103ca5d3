/* netaddr.h - CIDR blocks: parsing every spelling, classes and coverage.
 *
 * Addresses are kept as 16 bytes in network order (IPv4 in the first four),
 * always masked to the prefix, so comparisons never look at strings.
 */
#ifndef SG_NETADDR_H
#define SG_NETADDR_H

#include <stddef.h>
#include <stdint.h>

struct cidr {
	uint8_t family; /* 4 or 6 */
	uint8_t prefix;
	uint8_t addr[16];
};

/* Parse "a.b.c.d/n" or an IPv6 CIDR in any spelling (compressed, full,
 * mixed with dotted IPv4, any case). A prefix is required. Host bits are
 * allowed and masked off (AWS accepts 192.168.1.0/0). 0 on success. */
int cidr_parse(const char *s, struct cidr *out);
/* Canonical text ("10.0.0.0/8", "::/0"); buf needs 50 bytes. */
void cidr_format(const struct cidr *c, char *buf, size_t size);

int cidr_is_world(const struct cidr *c);
/* Entirely inside the private/reserved ranges of SPEC 5. */
int cidr_is_private(const struct cidr *c);
/* Public and wider than the limits (prefix > 0 and < limit for its family). */
int cidr_is_broad(const struct cidr *c, int v4_limit, int v6_limit);
/* a contains b (same family, a's prefix <= b's, b inside a). */
int cidr_contains(const struct cidr *a, const struct cidr *b);

/* Whether the union of blocks covers the whole address family `family`. */
int cidr_union_is_world(const struct cidr *blocks, size_t n, int family);

/* Fn::Cidr: the `index`-th subnet of `count` subnets with `bits` host bits
 * carved from `base`. 0 on success, -1 when it does not fit. */
int cidr_subnet(const struct cidr *base, unsigned index, unsigned bits, struct cidr *out);

#endif
