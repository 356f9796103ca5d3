/* util.c - see util.h */
#define _GNU_SOURCE /* memmem; implies _XOPEN_SOURCE 700 */
#include "base/util.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

size_t utf8_decode(const char *str, size_t n, uint32_t *cp)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t len = s[0] < 0x80 ? 1 : s[0] >= 0xC2 && s[0] < 0xE0 ? 2 : s[0] >= 0xE0 && s[0] < 0xF0 ? 3
		     : s[0] >= 0xF0 && s[0] < 0xF5 ? 4 : 0;
	if (!len || len > n)
		return 0;
	uint32_t v = len == 1 ? s[0] : s[0] & (0x7F >> len);
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		v = v << 6 | (s[i] & 0x3F);
	}
	static const uint32_t least[] = {0, 0, 0x80, 0x800, 0x10000};
	if (v < least[len] || v > 0x10FFFF || (v >= 0xD800 && v < 0xE000))
		return 0;
	*cp = v;
	return len;
}

size_t visible_next(const char *s, size_t n, char out[12], size_t *used)
{
	const unsigned char *u = (const unsigned char *)s;
	uint32_t cp = 0;
	size_t len = utf8_decode(s, n, &cp);
	static const char named[] = "\\a\\b\\t\\n\\v\\f\\r"; /* 0x07..0x0d */
	if (!len) {
		*used = 1;
		return (size_t)snprintf(out, 12, "\\x%02x", u[0]);
	}
	*used = len;
	if (cp >= 0x07 && cp <= 0x0d) {
		memcpy(out, named + 2 * (cp - 0x07), 2);
		return 2;
	}
	if (cp == 0x1b)
		return (size_t)snprintf(out, 12, "\\e");
	if (cp < 0x20 || cp == 0x7f)
		return (size_t)snprintf(out, 12, "\\x%02x", (unsigned)cp);
	if ((cp >= 0x80 && cp < 0xa0) || cp == 0x2028 || cp == 0x2029)
		return (size_t)snprintf(out, 12, "\\u%04x", (unsigned)cp);
	memcpy(out, s, len);
	return len;
}

int str_is_visible(const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if (*p < 0x20 || *p >= 0x7f)
			return 0;
	return 1;
}

void sb_add_visible(struct strbuf *sb, const char *s, size_t n)
{
	char esc[12];
	for (size_t i = 0, used; i < n; i += used) {
		size_t k = visible_next(s + i, n - i, esc, &used);
		sb_add(sb, esc, k);
	}
}

void say(const char *kind, const char *fmt, va_list ap)
{
	/* a fixed buffer: die() calls this when memory is gone */
	char msg[2048], esc[12];
	int n = vsnprintf(msg, sizeof(msg), fmt, ap);
	size_t len = n < 0 ? 0 : (size_t)n < sizeof(msg) ? (size_t)n : sizeof(msg) - 1;
	fprintf(stderr, "sgcheck: %s: ", kind);
	for (size_t i = 0, used; i < len; i += used)
		fwrite(esc, 1, visible_next(msg + i, len - i, esc, &used), stderr);
	fputc('\n', stderr);
}

void sayf(const char *kind, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	say(kind, fmt, ap);
	va_end(ap);
}

_Noreturn void die(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	say("fatal", fmt, ap);
	va_end(ap);
	exit(2);
}

void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p)
		die("out of memory allocating %zu bytes", n);
	return p;
}

void *xcalloc(size_t count, size_t size)
{
	void *p = calloc(count ? count : 1, size ? size : 1);
	if (!p)
		die("out of memory allocating %zu x %zu bytes", count, size);
	return p;
}

void *xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);
	if (!q)
		die("out of memory reallocating %zu bytes", n);
	return q;
}

char *xstrndup(const char *s, size_t n)
{
	char *p = xmalloc(n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

char *xasprintf(const char *fmt, ...)
{
	struct strbuf sb = STRBUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	sb_vaddf(&sb, fmt, ap);
	va_end(ap);
	return sb_detach(&sb);
}

/* ---- arena ---------------------------------------------------------- */

struct arena_chunk {
	struct arena_chunk *next;
	size_t size;
	/* data follows, max-aligned */
	_Alignas(16) char data[];
};

#define ARENA_MIN_CHUNK 1024

void arena_init(struct arena *a)
{
	a->head = a->spare = NULL;
	a->cur = a->end = NULL;
	a->total = 0;
}

static void free_chunks(struct arena_chunk *c)
{
	while (c) {
		struct arena_chunk *next = c->next;
		free(c);
		c = next;
	}
}

void arena_release(struct arena *a)
{
	free_chunks(a->head);
	free_chunks(a->spare);
	arena_init(a);
}

void arena_reset(struct arena *a)
{
	struct arena_chunk *c = a->head;
	while (c) {
		struct arena_chunk *next = c->next;
		c->next = a->spare;
		a->spare = c;
		c = next;
	}
	a->head = NULL;
	a->cur = a->end = NULL;
	a->total = 0;
}

static struct arena_chunk *take_spare(struct arena *a, size_t need)
{
	for (struct arena_chunk **p = &a->spare; *p; p = &(*p)->next) {
		if ((*p)->size >= need) {
			struct arena_chunk *c = *p;
			*p = c->next;
			return c;
		}
	}
	return NULL;
}

static void arena_new_chunk(struct arena *a, size_t need)
{
	size_t size = ARENA_MIN_CHUNK;
	/* Double with the arena so big files need few mallocs. */
	if (a->total > size)
		size = a->total;
	if (size > 8u * 1024 * 1024)
		size = 8u * 1024 * 1024;
	if (need > size)
		size = need;
	struct arena_chunk *c = take_spare(a, need);
	if (!c) {
		c = xmalloc(sizeof(*c) + size);
		c->size = size;
	}
	c->next = a->head;
	a->head = c;
	a->cur = c->data;
	a->end = c->data + c->size;
	a->total += c->size;
}

void *arena_alloc_chunk(struct arena *a, size_t n)
{
	arena_new_chunk(a, n);
	void *p = a->cur;
	a->cur += n;
	return p;
}

void *arena_alloc(struct arena *a, size_t n)
{
	void *p = arena_alloc_raw(a, n);
	memset(p, 0, n);
	return p;
}

char *arena_strndup(struct arena *a, const char *s, size_t n)
{
	char *p = arena_alloc_raw(a, n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *arena_strdup(struct arena *a, const char *s)
{
	return arena_strndup(a, s, strlen(s));
}

void *arena_memdup(struct arena *a, const void *p, size_t n)
{
	void *q = arena_alloc_raw(a, n);
	if (n)
		memcpy(q, p, n);
	return q;
}

char *arena_printf(struct arena *a, const char *fmt, ...)
{
	char small[256];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(small, sizeof(small), fmt, ap);
	va_end(ap);
	if (n < 0)
		die("arena_printf: bad format");
	if ((size_t)n < sizeof(small))
		return arena_strndup(a, small, (size_t)n);
	char *p = arena_alloc_raw(a, (size_t)n + 1);
	va_start(ap, fmt);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return p;
}

char *arena_cat(struct arena *a, ...)
{
	va_list ap;
	size_t n = 0;
	va_start(ap, a);
	for (const char *s; (s = va_arg(ap, const char *)) != NULL;)
		n += strlen(s);
	va_end(ap);
	char *out = arena_alloc_raw(a, n + 1), *o = out;
	va_start(ap, a);
	for (const char *s; (s = va_arg(ap, const char *)) != NULL;) {
		size_t k = strlen(s);
		memcpy(o, s, k);
		o += k;
	}
	va_end(ap);
	*o = '\0';
	return out;
}

const char *int_text(int64_t v, char buf[INT_TEXT_SIZE])
{
	char *p = buf + INT_TEXT_SIZE;
	/* the magnitude as unsigned: -INT64_MIN does not fit an int64_t */
	uint64_t u = v < 0 ? 0 - (uint64_t)v : (uint64_t)v;
	*--p = '\0';
	do
		*--p = (char)('0' + u % 10);
	while (u /= 10);
	if (v < 0)
		*--p = '-';
	return p;
}

/* ---- strbuf --------------------------------------------------------- */

void sb_reserve(struct strbuf *sb, size_t want)
{
	if (want <= sb->cap)
		return;
	size_t cap = sb->cap ? sb->cap : 64;
	while (cap < want)
		cap *= 2;
	sb->buf = xrealloc(sb->buf, cap);
	sb->cap = cap;
}

void sb_adds(struct strbuf *sb, const char *s)
{
	sb_add(sb, s, strlen(s));
}

void sb_add_int(struct strbuf *sb, int64_t v)
{
	char buf[INT_TEXT_SIZE];
	sb_adds(sb, int_text(v, buf));
}

void sb_vaddf(struct strbuf *sb, const char *fmt, va_list ap)
{
	va_list cp;
	va_copy(cp, ap);
	sb_grow(sb, 64);
	int n = vsnprintf(sb->buf + sb->len, sb->cap - sb->len, fmt, cp);
	va_end(cp);
	if (n < 0)
		die("sb_vaddf: bad format");
	if ((size_t)n >= sb->cap - sb->len) {
		sb_grow(sb, (size_t)n);
		vsnprintf(sb->buf + sb->len, sb->cap - sb->len, fmt, ap);
	}
	sb->len += (size_t)n;
}

void sb_addf(struct strbuf *sb, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	sb_vaddf(sb, fmt, ap);
	va_end(ap);
}

void sb_reset(struct strbuf *sb)
{
	sb->len = 0;
	if (sb->buf)
		sb->buf[0] = '\0';
}

void sb_release(struct strbuf *sb)
{
	free(sb->buf);
	sb->buf = NULL;
	sb->len = sb->cap = 0;
}

char *sb_detach(struct strbuf *sb)
{
	char *p = sb->buf ? sb->buf : xstrdup("");
	sb->buf = NULL;
	sb->len = sb->cap = 0;
	return p;
}

const char *sb_str(const struct strbuf *sb)
{
	return sb->buf ? sb->buf : "";
}

/* ---- small helpers -------------------------------------------------- */

void sort_array(void *base, size_t n, size_t size, int (*cmp)(const void *, const void *))
{
	if (n > 1)
		qsort(base, n, size, cmp);
}

int str_ptr_cmp(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

void sb_join(struct strbuf *sb, const char *const *words)
{
	for (int i = 0; words[i]; i++) {
		if (i)
			sb_add(sb, ", ", 2);
		sb_adds(sb, words[i]);
	}
}

int str_eq_nocase(const char *a, const char *b)
{
	for (; *a && *b; a++, b++) {
		int ca = (unsigned char)*a, cb = (unsigned char)*b;
		if (ca >= 'A' && ca <= 'Z')
			ca += 32;
		if (cb >= 'A' && cb <= 'Z')
			cb += 32;
		if (ca != cb)
			return 0;
	}
	return *a == *b;
}

int str_has_suffix(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);
	return n >= m && memcmp(s + n - m, suffix, m) == 0;
}

int parse_int64(const char *s, int64_t *out)
{
	const char *p = s;
	int neg = 0;
	uint64_t v = 0;
	if (*p == '-' || *p == '+')
		neg = *p++ == '-';
	if (*p < '0' || *p > '9')
		return -1;
	for (; *p >= '0' && *p <= '9'; p++) {
		if (v > (UINT64_MAX - 9) / 10)
			return -1; /* overflow */
		v = v * 10 + (uint64_t)(*p - '0');
	}
	if (*p)
		return -1;
	if (v > (uint64_t)INT64_MAX)
		return -1;
	*out = neg ? -(int64_t)v : (int64_t)v;
	return 0;
}

int parse_integral(const char *s, int64_t *out)
{
	if (parse_int64(s, out) == 0)
		return 0;
	const char *dot = strchr(s, '.');
	if (!dot || dot == s || dot - s >= 24)
		return -1;
	for (const char *p = dot + 1; *p; p++)
		if (*p != '0')
			return -1;
	char buf[24];
	memcpy(buf, s, (size_t)(dot - s));
	buf[dot - s] = '\0';
	return parse_int64(buf, out);
}

/* Open path for reading ('-' is standard input). O_NONBLOCK: opening a
 * FIFO without a writer, or some devices, would block forever; only a
 * stream (any_kind) may then be read, otherwise only a regular file. */
static int open_input(const char *path, int any_kind, struct stat *st)
{
	int fd = strcmp(path, "-") == 0 ? 0 : open(path, O_RDONLY | O_NOCTTY | (any_kind ? 0 : O_NONBLOCK));
	if (fd < 0) { /* a socket cannot be opened at all (ENXIO) */
		int e = errno;
		int special = stat(path, st) == 0 && !S_ISREG(st->st_mode) && !S_ISDIR(st->st_mode);
		errno = e;
		return special && !any_kind ? READ_NOT_REGULAR : -1;
	}
	int rc = fstat(fd, st) == 0 ? 0 : -1;
	if (rc == 0 && S_ISDIR(st->st_mode)) {
		errno = EISDIR;
		rc = -1;
	} else if (rc == 0 && fd && !any_kind && !S_ISREG(st->st_mode)) {
		rc = READ_NOT_REGULAR;
	}
	if (rc != 0 && fd)
		close(fd);
	return rc != 0 ? rc : fd;
}

const char *read_file_error(int rc)
{
	if (rc == READ_NOT_REGULAR)
		return "not a regular file (a FIFO, socket or device): sgcheck reads regular files, and '-' "
		       "for standard input";
	return strerror(errno);
}

static int read_into(const char *path, size_t max_size, struct strbuf *sb, int any_kind)
{
	struct stat st;
	int fd = open_input(path, any_kind, &st);
	if (fd < 0)
		return fd;
	if (fd && S_ISREG(st.st_mode) && (size_t)st.st_size > max_size) {
		close(fd);
		return -2;
	}
	sb_reset(sb);
	sb_grow(sb, fd && S_ISREG(st.st_mode) ? (size_t)st.st_size + 1 : 65536);
	for (;;) {
		if (sb->len + 1 >= sb->cap)
			sb_grow(sb, sb->cap);
		ssize_t r = read(fd, sb->buf + sb->len, sb->cap - sb->len - 1);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0) {
			int e = errno;
			if (fd)
				close(fd);
			sb->buf[sb->len] = '\0';
			if (r < 0) {
				errno = e;
				return -1;
			}
			return sb->len > max_size ? -2 : 0;
		}
		sb->len += (size_t)r;
		if (sb->len > max_size) {
			if (fd)
				close(fd);
			return -2;
		}
	}
}

int file_contains(const char *path, const char *needle)
{
	struct stat st;
	char buf[64 * 1024];
	size_t n = strlen(needle), keep = 0;
	int found = 0;
	int fd = n && n < 256 ? open_input(path, 0, &st) : -1;
	if (fd <= 0) /* not readable, not a regular file, or standard input */
		return 0;
	for (;;) {
		ssize_t r = read(fd, buf + keep, sizeof(buf) - keep);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		size_t have = keep + (size_t)r;
		if (memmem(buf, have, needle, n)) {
			found = 1;
			break;
		}
		keep = have < n - 1 ? have : n - 1; /* a needle across two blocks */
		memmove(buf, buf + have - keep, keep);
	}
	close(fd);
	return found;
}

int read_file_into(const char *path, size_t max_size, struct strbuf *sb)
{
	return read_into(path, max_size, sb, 0);
}

static int read_whole(const char *path, size_t max_size, char **buf, size_t *len, int any_kind)
{
	struct strbuf sb = STRBUF_INIT;
	int rc = read_into(path, max_size, &sb, any_kind);
	if (rc != 0) {
		sb_release(&sb);
		return rc;
	}
	*len = sb.len;
	*buf = sb_detach(&sb);
	return 0;
}

int read_file(const char *path, size_t max_size, char **buf, size_t *len)
{
	return read_whole(path, max_size, buf, len, 0);
}

int read_stream(const char *path, size_t max_size, char **buf, size_t *len)
{
	return read_whole(path, max_size, buf, len, 1);
}

