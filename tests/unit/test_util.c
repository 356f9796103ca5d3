/* Unit tests: output files that never clobber (base/outfile.h), the
 * streamed outputs and spills of the report (issue 17) and the visible
 * escaping of control characters (issue 18). */
#define _XOPEN_SOURCE 700
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "base/jsonw.h"
#include "base/outfile.h"
#include "base/util.h"

/* A whole output at once: out_open, out_write, out_commit (0, or -1 with
 * errno set). */
static int write_file_atomic(const char *path, const char *data, size_t len)
{
	struct outfile *o = malloc(sizeof(*o));
	int rc = out_open(o, path);
	if (rc == 0) {
		out_write(o, data, len);
		rc = out_commit(o);
	}
	int e = errno;
	free(o);
	errno = e;
	return rc;
}

static char *slurp(const char *path)
{
	char *buf = NULL;
	size_t len;
	return read_file(path, 1 << 20, &buf, &len) == 0 ? buf : NULL;
}

static void put(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

/* A planted TARGET.tmp.PID.0 symlink is never written through: the
 * temporary file is O_EXCL|O_NOFOLLOW, the target keeps its mode. */
static void planted_temp_symlink(void **state)
{
	(void)state;
	char dir[] = "/tmp/sg-util-XXXXXX";
	assert_non_null(mkdtemp(dir));
	char *victim = xasprintf("%s/victim", dir), *target = xasprintf("%s/out.txt", dir);
	char *planted = xasprintf("%s.tmp.%ld.0", target, (long)getpid());
	put(victim, "precious\n");
	put(target, "old\n");
	assert_int_equal(chmod(target, 0640), 0);
	assert_int_equal(symlink(victim, planted), 0);
	assert_int_equal(write_file_atomic(target, "new\n", 4), 0);
	char *v = slurp(victim), *t = slurp(target);
	assert_string_equal(v, "precious\n");
	assert_string_equal(t, "new\n");
	struct stat st;
	assert_int_equal(stat(target, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0640);
	assert_int_equal(lstat(planted, &st), 0);
	assert_true(S_ISLNK(st.st_mode));
	free(v);
	free(t);
	unlink(planted);
	unlink(target);
	unlink(victim);
	rmdir(dir);
	free(planted);
	free(target);
	free(victim);
}

/* Through a symlink to a regular file: the file is replaced, the link kept. */
static void through_symlink(void **state)
{
	(void)state;
	char dir[] = "/tmp/sg-util-XXXXXX";
	assert_non_null(mkdtemp(dir));
	char *real = xasprintf("%s/real.json", dir), *link = xasprintf("%s/link.json", dir);
	put(real, "old");
	assert_int_equal(symlink("real.json", link), 0);
	assert_int_equal(write_file_atomic(link, "new", 3), 0);
	struct stat st;
	assert_int_equal(lstat(link, &st), 0);
	assert_true(S_ISLNK(st.st_mode));
	char *t = slurp(real);
	assert_string_equal(t, "new");
	free(t);
	unlink(link);
	unlink(real);
	rmdir(dir);
	free(link);
	free(real);
}

/* A character device is written in place (never replaced by a file), and
 * its write errors are errors: /dev/full gives ENOSPC. */
static void devices_in_place(void **state)
{
	(void)state;
	struct stat st;
	if (stat("/dev/full", &st) != 0 || !S_ISCHR(st.st_mode))
		skip();
	errno = 0;
	assert_int_equal(write_file_atomic("/dev/full", "x", 1), -1);
	assert_int_equal(errno, ENOSPC);
	assert_int_equal(stat("/dev/full", &st), 0);
	assert_true(S_ISCHR(st.st_mode));
	assert_int_equal(write_file_atomic("/dev/zero", "x", 1), 0);
	assert_int_equal(stat("/dev/zero", &st), 0);
	assert_true(S_ISCHR(st.st_mode));
}

/* sb_add_int (issue 17 point 2) writes what printf's %lld writes. */
static void add_int_like_printf(void **state)
{
	(void)state;
	const int64_t vs[] = {0, 1, -1, 9, 10, 65535, -65536, 1000000007, INT64_MAX, INT64_MIN, INT64_MIN + 1};
	struct strbuf sb = STRBUF_INIT;
	char want[32];
	for (size_t i = 0; i < sizeof(vs) / sizeof(vs[0]); i++) {
		sb_reset(&sb);
		sb_adds(&sb, "x");
		sb_add_int(&sb, vs[i]);
		snprintf(want, sizeof(want), "x%lld", (long long)vs[i]);
		assert_string_equal(sb_str(&sb), want);
		assert_int_equal(sb.len, strlen(want));
	}
	sb_release(&sb);
}

static void visible_is(const char *in, size_t n, const char *want)
{
	struct strbuf sb = STRBUF_INIT;
	sb_add_visible(&sb, in, n);
	assert_string_equal(sb_str(&sb), want);
	sb_release(&sb);
}

#define VIS(lit, want) visible_is(lit, sizeof(lit) - 1, want)

static void visible_escapes(void **state)
{
	(void)state;
	VIS("plain ← text", "plain ← text");
	VIS("a\n::error file=x::forged", "a\\n::error file=x::forged");
	VIS("\r\t\x1b]0;title\x07", "\\r\\t\\e]0;title\\a");
	VIS("\x01\x7f", "\\x01\\x7f");
	VIS("nul\0x", "nul\\x00x");
	VIS("\xc2\x85\xc2\x9b", "\\u0085\\u009b");
	VIS("\xe2\x80\xa8\xe2\x80\xa9", "\\u2028\\u2029");
	VIS("\x9b\xff\xc0\x80", "\\x9b\\xff\\xc0\\x80");
	VIS("\xed\xa0\x80", "\\xed\\xa0\\x80");
	assert_true(str_is_visible("web-stack.yaml:3"));
	assert_false(str_is_visible("a\tb"));
	assert_false(str_is_visible("caf\xc3\xa9"));
}

/* The SWAR helpers against a byte loop: swar_first(swar_find()) is the
 * first byte equal to c (words where a borrow flags a later byte too: c
 * followed by c + 1), and the first byte that is not c. */
/* Eight pseudo-random bytes, each c, c + 1, c - 1 or any byte. */
static void bytes_around(char b[8], unsigned char c, unsigned *seed)
{
	for (int i = 0; i < 8; i++) {
		*seed = *seed * 1103515245u + 12345u;
		unsigned r = (*seed >> 16) % 4;
		b[i] = (char)(r == 0 ? c : r == 1 ? c + 1 : r == 2 ? c - 1 : (int)(*seed >> 24));
	}
}

static void swar_first_match(void **state)
{
	(void)state;
	const unsigned char cs[] = {'"', '\\', '\n', ' ', 0x00, 0xff, 0x80};
	unsigned seed = 3;
	for (int round = 0; round < 50000; round++) {
		unsigned char c = cs[round % sizeof(cs)];
		char b[8];
		bytes_around(b, c, &seed);
		uint64_t w = swar_load(b);
		int want = 8, differ = 8;
		for (int i = 7; i >= 0; i--) {
			if ((unsigned char)b[i] == c)
				want = i;
			else
				differ = i;
		}
		uint64_t hit = swar_find(w, c), other = w ^ (SWAR_ONES * c);
		assert_int_equal(hit ? (int)swar_first(hit) : 8, want);
		assert_int_equal(other ? (int)swar_first(other) : 8, differ);
	}
}

/* swar_below() by its definition: the first byte below n, for every n a
 * caller may ask, with bytes at, just under and just over n, and any. */
static void swar_below_match(void **state)
{
	(void)state;
	const unsigned char ns[] = {0x20, 0x01, 0x80, 0x30};
	unsigned seed = 7;
	for (int round = 0; round < 50000; round++) {
		unsigned char n = ns[round % sizeof(ns)];
		char b[8];
		bytes_around(b, n, &seed);
		int want = 8;
		for (int i = 7; i >= 0; i--)
			if ((unsigned char)b[i] < n)
				want = i;
		uint64_t hit = swar_below(swar_load(b), n);
		assert_int_equal(hit ? (int)swar_first(hit) : 8, want);
	}
}

/* The escape, byte by byte, as JSON (RFC 8259) wants it. */
static void escape_naive(struct strbuf *sb, const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p == '"')
			sb_adds(sb, "\\\"");
		else if (*p == '\\')
			sb_adds(sb, "\\\\");
		else if (*p == '\n')
			sb_adds(sb, "\\n");
		else if (*p == '\r')
			sb_adds(sb, "\\r");
		else if (*p == '\t')
			sb_adds(sb, "\\t");
		else if (*p < 0x20)
			sb_addf(sb, "\\u%04x", *p);
		else
			sb_addc(sb, (char)*p);
	}
}

/* json_escape() reads eight bytes at a time: each byte that needs an
 * escape, and bytes that do not (high ones included), at every offset of
 * strings up to 40 bytes, escape as they do one by one. */
static void json_escape_by_words(void **state)
{
	(void)state;
	const unsigned char specials[] = {'"', '\\', '\n', '\r', '\t', 0x01, 0x1f, 0x7f, 0x80, 0xe9, ' '};
	for (size_t len = 1; len <= 40; len++)
		for (size_t at = 0; at < len; at++)
			for (size_t k = 0; k < sizeof(specials); k++) {
				char text[48];
				memset(text, 'a', len);
				text[len] = '\0';
				text[at] = (char)specials[k];
				if (at + 1 < len)
					text[at + 1] = (char)specials[(k + 3) % sizeof(specials)];
				struct strbuf got = STRBUF_INIT, want = STRBUF_INIT;
				json_escape(&got, text);
				escape_naive(&want, text);
				assert_string_equal(sb_str(&got), sb_str(&want));
				sb_release(&got);
				sb_release(&want);
			}
}

/* A spill keeps what it holds in memory up to SPILL_MEMORY, then in an
 * unlinked temporary file; what comes back is what went in, in any range. */
static void spill_round_trip(void **state)
{
	(void)state;
	struct spill sp;
	spill_init(&sp);
	char chunk[1000];
	size_t total = 0;
	for (int i = 0; total <= 3 * SPILL_MEMORY; i++) {
		for (size_t k = 0; k < sizeof(chunk); k++)
			chunk[k] = (char)('a' + (total + k) % 26);
		spill_add(&sp, chunk, sizeof(chunk));
		total += sizeof(chunk);
		if (total <= SPILL_MEMORY)
			assert_int_equal(sp.fd, -1);
	}
	assert_true(sp.fd >= 0);
	assert_int_equal(sp.len, total);
	char back[64];
	assert_int_equal(spill_read(&sp, SPILL_MEMORY - 10, back, sizeof(back)), 0);
	for (size_t k = 0; k < sizeof(back); k++)
		assert_int_equal(back[k], 'a' + (SPILL_MEMORY - 10 + k) % 26);
	assert_int_equal(spill_read(&sp, total - 10, back, 20), -1); /* past the end */

	char path[] = "/tmp/sg-spill-XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	close(fd);
	struct outfile *o = malloc(sizeof(*o));
	assert_int_equal(out_open(o, path), 0);
	assert_int_equal(spill_copy(&sp, 5, total - 5, o), 0);
	assert_int_equal(out_commit(o), 0);
	free(o);
	char *copy = NULL;
	size_t len = 0;
	assert_int_equal(read_file(path, 1 << 24, &copy, &len), 0);
	assert_int_equal(len, total - 5);
	for (size_t k = 0; k < len; k += 4093)
		assert_int_equal(copy[k], 'a' + (k + 5) % 26);
	free(copy);
	unlink(path);
	spill_release(&sp);
}

/* An output that fails half way (a full disk) is an error at commit,
 * and the file it would have replaced is left as it was. */
static void failed_output_keeps_target(void **state)
{
	(void)state;
	struct outfile *o = malloc(sizeof(*o));
	assert_int_equal(out_open(o, "/dev/full"), 0);
	static char big[3 * OUT_BUFFER];
	memset(big, 'x', sizeof(big));
	out_write(o, big, sizeof(big));
	assert_int_equal(out_commit(o), -1);
	assert_int_equal(errno, ENOSPC);

	char dir[] = "/tmp/sg-out-XXXXXX";
	assert_non_null(mkdtemp(dir));
	char target[64];
	snprintf(target, sizeof(target), "%s/report.json", dir);
	put(target, "old\n");
	assert_int_equal(out_open(o, target), 0);
	out_write(o, "new", 3);
	out_abort(o);
	char *text = slurp(target);
	assert_string_equal(text, "old\n");
	free(text);
	assert_int_equal(out_open(o, target), 0);
	out_write(o, "new\n", 4);
	text = slurp(target);
	assert_string_equal(text, "old\n"); /* nothing replaced before the commit */
	free(text);
	assert_int_equal(out_commit(o), 0);
	text = slurp(target);
	assert_string_equal(text, "new\n");
	free(text);
	free(o);
	unlink(target);
	assert_int_equal(rmdir(dir), 0); /* no temporary file left behind */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(planted_temp_symlink),
		cmocka_unit_test(add_int_like_printf),
		cmocka_unit_test(through_symlink),
		cmocka_unit_test(devices_in_place),
		cmocka_unit_test(visible_escapes),
		cmocka_unit_test(spill_round_trip),
		cmocka_unit_test(swar_first_match),
		cmocka_unit_test(swar_below_match),
		cmocka_unit_test(json_escape_by_words),
		cmocka_unit_test(failed_output_keeps_target),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
