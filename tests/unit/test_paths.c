/* Unit tests: repository paths (SPEC 12) and path globs. */
#define _POSIX_C_SOURCE 200809L
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "base/paths.h"

static void check(const struct repo_root *r, const char *path, const char *want)
{
	struct strbuf sb = STRBUF_INIT;
	repo_path(r, path, &sb);
	assert_string_equal(sb_str(&sb), want);
	sb_release(&sb);
}

/* A made-up root: nothing on disk, so only the lexical rules apply. */
static void lexical(void **state)
{
	(void)state;
	char cwd[] = "/nonexistent-sg/repo/sub", root[] = "/nonexistent-sg/repo", slash[] = "/", slash2[] = "/";
	struct repo_root r = {cwd, root};
	check(&r, "a.yaml", "sub/a.yaml");
	check(&r, "./a.yaml", "sub/a.yaml");
	check(&r, "x/../a.yaml", "sub/a.yaml");
	check(&r, ".//x/./../a.yaml", "sub/a.yaml");
	check(&r, "../b.yaml", "b.yaml");
	check(&r, "/nonexistent-sg/repo/sub/a.yaml", "sub/a.yaml");
	check(&r, "/nonexistent-sg/repo//sub/../c/d.json", "c/d.json");
	check(&r, "../../other/x.yaml", "/nonexistent-sg/other/x.yaml");
	check(&r, "/etc/../../../t.yaml", "/t.yaml");
	check(&r, "<stdin>", "<stdin>");
	check(NULL, "./a/./b/../c.yaml", "a/c.yaml");
	check(NULL, "<stdin>", "<stdin>");
	struct repo_root top = {slash, slash2};
	check(&top, "a/b", "a/b");
	check(&top, "/a/../b", "b");
}

static void below(void **state)
{
	(void)state;
	static const char *const cases[][3] = {
		{"net/a.yaml", "net", "a.yaml"},
		{"net/a.yaml", "", "net/a.yaml"},
		{"network/a.yaml", "net", "../network/a.yaml"},
		{"a.yaml", "net", "../a.yaml"},
		{"fixtures/cf/e.yaml", "tests/config", "../../fixtures/cf/e.yaml"},
		{"x/y/z.yaml", "x", "y/z.yaml"},
		{"/tmp/a.yaml", "x", "/tmp/a.yaml"},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct strbuf sb = STRBUF_INIT;
		repo_path_from(cases[i][0], cases[i][1], &sb);
		assert_string_equal(sb_str(&sb), cases[i][2]);
		sb_release(&sb);
	}
	assert_true(repo_path_outside("/tmp/x.yaml"));
	assert_false(repo_path_outside("x.yaml"));
}

static void globs(void **state)
{
	(void)state;
	assert_true(path_glob_match("net/*.yaml", "net/a.yaml"));
	assert_true(path_glob_match("*.yaml", "deep/down/a.yaml"));
	assert_true(path_glob_match("vendor", "x/vendor/y/a.yaml"));
	assert_true(path_glob_match("vendor/**", "vendor/y/a.yaml"));
	assert_true(path_glob_match("net/legacy", "net/legacy/a.yaml"));
	assert_true(path_glob_match("a.yaml", "./a.yaml"));
	assert_false(path_glob_match("net/legacy", "net/legacy2/a.yaml"));
	assert_false(path_glob_match("vendor", "vendors/a.yaml"));
	assert_false(path_glob_match("net/*.yaml", "other/net/a.yaml"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(lexical),
		cmocka_unit_test(below),
		cmocka_unit_test(globs),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
