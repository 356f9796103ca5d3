/* Unit tests: CIDR parsing, classes and union coverage. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "base/netaddr.h"

static struct cidr parse_ok(const char *s)
{
	struct cidr c;
	assert_int_equal(cidr_parse(s, &c), 0);
	return c;
}

static void world_in_every_spelling(void **state)
{
	(void)state;
	const char *world[] = {"0.0.0.0/0", "::/0", "0::/0", "0000:0000:0000:0000:0000:0000:0000:0000/0",
			       "192.168.1.0/0", "198.162.1.0/0", "2001:db8::/0", "::FFFF:1.2.3.4/0"};
	for (size_t i = 0; i < sizeof(world) / sizeof(world[0]); i++) {
		struct cidr c = parse_ok(world[i]);
		assert_true(cidr_is_world(&c));
	}
	struct cidr c = parse_ok("0.0.0.0/1");
	assert_false(cidr_is_world(&c));
}

static void rejects_what_aws_rejects(void **state)
{
	(void)state;
	const char *bad[] = {"0.0.0.0", "0.0.0.0/33", "::/129", "1.2.3/8", "1.2.3.4.5/8", "256.0.0.0/8",
			     "01.2.3.4/8", "1.2.3.4/", "1.2.3.4/-1", " 1.2.3.4/8", "1.2.3.4/8 ", "abc",
			     "", "1.2.3.4/08x", ":::/0", "1.2.3.4/+8"};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct cidr c;
		assert_int_not_equal(cidr_parse(bad[i], &c), 0);
	}
	assert_int_not_equal(cidr_parse(NULL, NULL), 0);
}

static void host_bits_are_masked(void **state)
{
	(void)state;
	char buf[64];
	struct cidr c = parse_ok("10.1.2.3/8");
	cidr_format(&c, buf, sizeof(buf));
	assert_string_equal(buf, "10.0.0.0/8");
	c = parse_ok("2001:DB8:0:0:1::1/32");
	cidr_format(&c, buf, sizeof(buf));
	assert_string_equal(buf, "2001:db8::/32");
	c = parse_ok("::ffff:10.0.0.1/128");
	assert_int_equal(c.family, 6);
}

static void private_public_broad(void **state)
{
	(void)state;
	const char *private_[] = {"10.0.0.0/8", "10.1.0.0/16", "172.16.0.0/12", "172.31.255.0/24",
				  "192.168.0.0/16", "100.64.0.0/10", "127.0.0.1/32", "169.254.169.254/32",
				  "fc00::/7", "fd12:3456::/48", "fe80::/10", "::1/128"};
	for (size_t i = 0; i < sizeof(private_) / sizeof(private_[0]); i++) {
		struct cidr c = parse_ok(private_[i]);
		assert_true(cidr_is_private(&c));
		assert_false(cidr_is_broad(&c, 16, 48));
	}
	/* straddles a private range: not entirely inside, so public */
	const char *public_[] = {"172.0.0.0/8", "11.0.0.0/8", "8.8.8.8/32", "2001:db8::/32", "0.0.0.0/0",
				 "192.0.0.0/8", "100.0.0.0/8"};
	for (size_t i = 0; i < sizeof(public_) / sizeof(public_[0]); i++) {
		struct cidr c = parse_ok(public_[i]);
		assert_false(cidr_is_private(&c));
	}
	struct cidr c = parse_ok("52.0.0.0/8");
	assert_true(cidr_is_broad(&c, 16, 48));
	c = parse_ok("52.1.0.0/16");
	assert_false(cidr_is_broad(&c, 16, 48));
	c = parse_ok("0.0.0.0/0");
	assert_false(cidr_is_broad(&c, 16, 48)); /* world, not broad */
	c = parse_ok("2600::/24");
	assert_true(cidr_is_broad(&c, 16, 48));
	c = parse_ok("2600::/48");
	assert_false(cidr_is_broad(&c, 16, 48));
}

static void containment(void **state)
{
	(void)state;
	struct cidr a = parse_ok("10.0.0.0/8"), b = parse_ok("10.20.0.0/16"), w = parse_ok("0.0.0.0/0");
	struct cidr v6 = parse_ok("::/0");
	assert_true(cidr_contains(&a, &b));
	assert_false(cidr_contains(&b, &a));
	assert_true(cidr_contains(&w, &a));
	assert_false(cidr_contains(&v6, &a)); /* families never mix */
	assert_true(cidr_contains(&a, &a));
}

/* cidr_contains() against its definition (mask b to a's prefix, compare
 * whole addresses), for prefixes on and off byte edges, both families,
 * and an `a` with bits past its prefix (never contains anything). */
static int contains_by_definition(const struct cidr *a, const struct cidr *b)
{
	int bytes = a->family == 4 ? 4 : 16;
	uint8_t m[16];
	if (a->family != b->family || a->prefix > b->prefix)
		return 0;
	for (int i = 0; i < bytes; i++) {
		int keep = a->prefix - i * 8;
		m[i] = keep >= 8 ? b->addr[i] : keep <= 0 ? 0 : (uint8_t)(b->addr[i] & (0xFF << (8 - keep)));
	}
	return memcmp(m, a->addr, (size_t)bytes) == 0;
}

static void containment_by_definition(void **state)
{
	(void)state;
	unsigned seed = 7;
	for (int round = 0; round < 20000; round++) {
		struct cidr a, b;
		memset(&a, 0, sizeof(a));
		memset(&b, 0, sizeof(b));
		a.family = b.family = round % 3 ? 4 : 6;
		if (round % 101 == 0)
			b.family = a.family == 4 ? 6 : 4;
		int max = a.family == 4 ? 32 : 128;
		seed = seed * 1103515245u + 12345u;
		a.prefix = (uint8_t)((seed >> 8) % (max + 1));
		b.prefix = (uint8_t)((seed >> 16) % (max + 1));
		for (int i = 0; i < 16; i++) {
			seed = seed * 1103515245u + 12345u;
			b.addr[i] = (uint8_t)(seed >> 16);
			a.addr[i] = (seed >> 28) & 1 ? b.addr[i] : (uint8_t)(seed >> 20);
		}
		if (round % 7) /* mostly well formed: host bits clear */
			for (int i = 0; i < 16; i++) {
				int keep = a.prefix - i * 8;
				a.addr[i] = keep >= 8 ? a.addr[i] : keep <= 0 ? 0 : (uint8_t)(a.addr[i] & (0xFF << (8 - keep)));
			}
		if (a.family == 4)
			memset(a.addr + 4, 0, 12), memset(b.addr + 4, 0, 12);
		assert_int_equal(cidr_contains(&a, &b), contains_by_definition(&a, &b));
	}
}

static void union_covers_family(void **state)
{
	(void)state;
	struct cidr halves[] = {parse_ok("0.0.0.0/1"), parse_ok("128.0.0.0/1")};
	assert_true(cidr_union_is_world(halves, 2, 4));
	assert_false(cidr_union_is_world(halves, 1, 4));
	assert_false(cidr_union_is_world(halves, 2, 6));
	struct cidr quarters[] = {parse_ok("192.0.0.0/2"), parse_ok("0.0.0.0/2"), parse_ok("128.0.0.0/2"),
				  parse_ok("64.0.0.0/2")};
	assert_true(cidr_union_is_world(quarters, 4, 4));
	struct cidr gap[] = {parse_ok("0.0.0.0/2"), parse_ok("128.0.0.0/1"), parse_ok("64.0.0.0/3")};
	assert_false(cidr_union_is_world(gap, 3, 4));
	struct cidr overlap[] = {parse_ok("0.0.0.0/1"), parse_ok("10.0.0.0/8"), parse_ok("128.0.0.0/2"),
				 parse_ok("127.0.0.0/8"), parse_ok("192.0.0.0/2")};
	assert_true(cidr_union_is_world(overlap, 5, 4));
	struct cidr v6[] = {parse_ok("::/1"), parse_ok("8000::/1")};
	assert_true(cidr_union_is_world(v6, 2, 6));
	struct cidr v6gap[] = {parse_ok("::/1"), parse_ok("8000::/2")};
	assert_false(cidr_union_is_world(v6gap, 2, 6));
}

static void fn_cidr_subnets(void **state)
{
	(void)state;
	char buf[64];
	struct cidr base = parse_ok("10.0.0.0/16"), out;
	assert_int_equal(cidr_subnet(&base, 0, 8, &out), 0);
	cidr_format(&out, buf, sizeof(buf));
	assert_string_equal(buf, "10.0.0.0/24");
	assert_int_equal(cidr_subnet(&base, 3, 8, &out), 0);
	cidr_format(&out, buf, sizeof(buf));
	assert_string_equal(buf, "10.0.3.0/24");
	assert_int_equal(cidr_subnet(&base, 5, 4, &out), 0);
	cidr_format(&out, buf, sizeof(buf));
	assert_string_equal(buf, "10.0.0.80/28");
	assert_int_not_equal(cidr_subnet(&base, 256, 8, &out), 0);
	assert_int_not_equal(cidr_subnet(&base, 0, 17, &out), 0);
	struct cidr v6 = parse_ok("2001:db8::/56");
	assert_int_equal(cidr_subnet(&v6, 1, 64, &out), 0);
	cidr_format(&out, buf, sizeof(buf));
	assert_string_equal(buf, "2001:db8:0:1::/64");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(world_in_every_spelling),
		cmocka_unit_test(rejects_what_aws_rejects),
		cmocka_unit_test(host_bits_are_masked),
		cmocka_unit_test(private_public_broad),
		cmocka_unit_test(containment),
		cmocka_unit_test(containment_by_definition),
		cmocka_unit_test(union_covers_family),
		cmocka_unit_test(fn_cidr_subnets),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
