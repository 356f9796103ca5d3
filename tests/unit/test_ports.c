/* Unit tests: protocols and port-range arithmetic. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "base/ports.h"

static void protocols(void **state)
{
	(void)state;
	assert_int_equal(proto_parse("-1"), PROTO_ALL);
	assert_int_equal(proto_parse("all"), PROTO_ALL);
	assert_int_equal(proto_parse("ALL"), PROTO_ALL);
	assert_int_equal(proto_parse("tcp"), PROTO_TCP);
	assert_int_equal(proto_parse("TCP"), PROTO_TCP);
	assert_int_equal(proto_parse("6"), PROTO_TCP);
	assert_int_equal(proto_parse("udp"), PROTO_UDP);
	assert_int_equal(proto_parse("17"), PROTO_UDP);
	assert_int_equal(proto_parse("icmp"), PROTO_ICMP);
	assert_int_equal(proto_parse("1"), PROTO_ICMP);
	assert_int_equal(proto_parse("icmpv6"), PROTO_ICMPV6);
	assert_int_equal(proto_parse("58"), PROTO_ICMPV6);
	assert_int_equal(proto_parse("47"), 47);
	assert_int_equal(proto_parse("0"), 0);
	assert_int_equal(proto_parse("256"), PROTO_INVALID);
	assert_int_equal(proto_parse("-2"), PROTO_INVALID);
	assert_int_equal(proto_parse("gre"), PROTO_INVALID);
	assert_int_equal(proto_parse(""), PROTO_INVALID);
	assert_int_equal(proto_parse(NULL), PROTO_INVALID);
	assert_int_equal(proto_parse("99999999999999999999999"), PROTO_INVALID);
}

static void protocol_semantics(void **state)
{
	(void)state;
	char buf[12];
	assert_true(proto_has_ports(PROTO_TCP));
	assert_true(proto_has_ports(PROTO_UDP));
	assert_false(proto_has_ports(PROTO_ALL));
	assert_false(proto_has_ports(47)); /* AWS opens every port */
	assert_false(proto_has_ports(PROTO_ICMP));
	assert_true(proto_is_icmp(PROTO_ICMPV6));
	assert_string_equal(proto_name(PROTO_ALL, buf, sizeof(buf)), "all");
	assert_string_equal(proto_name(47, buf, sizeof(buf)), "47");
}

static struct portset set_of(const char *const *specs, size_t n)
{
	struct portset s = {0};
	for (size_t i = 0; i < n; i++) {
		struct port_range r;
		assert_int_equal(port_range_parse(specs[i], &r), 0);
		portset_add(&s, r.lo, r.hi);
	}
	portset_normalize(&s);
	return s;
}

static void sets_normalize(void **state)
{
	(void)state;
	const char *specs[] = {"443", "80", "81", "8000-8100", "8050-9000", "22"};
	struct portset s = set_of(specs, 6);
	assert_int_equal(s.n, 4); /* 22, 80-81, 443, 8000-9000 */
	assert_int_equal(s.r[1].lo, 80);
	assert_int_equal(s.r[1].hi, 81);
	assert_int_equal(s.r[3].hi, 9000);
	portset_release(&s);
}

static void touches_and_gaps(void **state)
{
	(void)state;
	const char *admin[] = {"22", "3389", "5985", "5986"};
	struct portset s = set_of(admin, 4);
	int32_t first;
	assert_true(portset_overlaps(&s, 22, 22, &first));
	assert_int_equal(first, 22);
	assert_true(portset_overlaps(&s, 0, 65535, &first));
	assert_int_equal(first, 22);
	assert_true(portset_overlaps(&s, 3000, 4000, &first));
	assert_int_equal(first, 3389);
	assert_false(portset_overlaps(&s, 23, 3388, NULL));
	assert_false(portset_overlaps(&s, 5987, 65535, NULL));
	/* gaps: a port in the range outside the set */
	assert_false(portset_has_gap(&s, 22, 22, NULL));
	assert_false(portset_has_gap(&s, 5985, 5986, NULL));
	assert_true(portset_has_gap(&s, 22, 23, &first));
	assert_int_equal(first, 23);
	assert_true(portset_has_gap(&s, 0, 22, &first));
	assert_int_equal(first, 0);
	portset_release(&s);
	struct portset all = {0};
	portset_add(&all, 0, 65535);
	assert_false(portset_has_gap(&all, 0, 65535, NULL));
	portset_release(&all);
}

static void subtraction(void **state)
{
	(void)state;
	struct portset s = {0};
	portset_add(&s, 0, 65535);
	portset_subtract(&s, 22, 22);
	assert_int_equal(s.n, 2);
	assert_int_equal(s.r[0].hi, 21);
	assert_int_equal(s.r[1].lo, 23);
	portset_subtract(&s, 0, 65535);
	assert_int_equal(s.n, 0);
	portset_release(&s);
}

static void ranges(void **state)
{
	(void)state;
	struct port_range r;
	assert_int_equal(port_range_parse("8000-8100", &r), 0);
	assert_int_equal(r.lo, 8000);
	assert_int_equal(r.hi, 8100);
	assert_int_not_equal(port_range_parse("100-10", &r), 0);
	assert_int_not_equal(port_range_parse("65536", &r), 0);
	assert_int_not_equal(port_range_parse("-1", &r), 0);
	assert_int_not_equal(port_range_parse("x", &r), 0);
	assert_int_not_equal(port_range_parse("1-", &r), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(protocols),	    cmocka_unit_test(protocol_semantics),
		cmocka_unit_test(sets_normalize),   cmocka_unit_test(touches_and_gaps),
		cmocka_unit_test(subtraction),	    cmocka_unit_test(ranges),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
