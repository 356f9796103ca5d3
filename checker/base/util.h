/* util.h - allocation, arenas, string buffers and growable arrays.
 *
 * Allocation failure is fatal and handled in exactly one place (die()), so
 * callers never check for NULL from the x* functions or from an arena.
 */
#ifndef SG_UTIL_H
#define SG_UTIL_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#if defined(__GNUC__)
#define SG_PRINTF(f, a) __attribute__((format(printf, f, a)))
#define SG_SENTINEL __attribute__((sentinel))
#else
#define SG_PRINTF(f, a)
#define SG_SENTINEL
#endif

_Noreturn void die(const char *fmt, ...) SG_PRINTF(1, 2);
/* "sgcheck: KIND: message" on stderr. */
void say(const char *kind, const char *fmt, va_list ap) SG_PRINTF(2, 0);
void sayf(const char *kind, const char *fmt, ...) SG_PRINTF(2, 3);

/* Text that reaches a terminal or a CI log shows control characters as
 * visible escapes, so a name holding a newline cannot forge a workflow
 * command (::error ...) and ESC/OSC sequences cannot rewrite the screen:
 * C0 and DEL as \n, \t, \e or \xNN, C1 and U+2028/U+2029 as \uNNNN,
 * bytes that are not UTF-8 as \xNN. visible_next() turns the character at
 * s (n bytes left) into out, returns its length and sets *used to the bytes
 * consumed. */
/* Length of the UTF-8 sequence at s (at most n bytes) and its code point
 * in *cp; 0 when it is not one (overlong, a surrogate, above U+10FFFF). */
size_t utf8_decode(const char *s, size_t n, uint32_t *cp);
size_t visible_next(const char *s, size_t n, char out[12], size_t *used);
/* 1 when s is printable ASCII only: nothing to escape. */
int str_is_visible(const char *s);

void *xmalloc(size_t n);
void *xcalloc(size_t count, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
char *xasprintf(const char *fmt, ...) SG_PRINTF(1, 2);

/* Growable array of T: VEC(T) v = {0}; VEC_PUSH(v, x); free(v.v). */
#define VEC(T) struct { T *v; size_t n, cap; }
#define VEC_GROW(vec, want)                                                   \
	do {                                                                  \
		if ((want) > (vec).cap) {                                     \
			size_t c_ = (vec).cap ? (vec).cap * 2 : 8;            \
			while (c_ < (want))                                   \
				c_ *= 2;                                      \
			(vec).v = xrealloc((vec).v, c_ * sizeof(*(vec).v));   \
			(vec).cap = c_;                                       \
		}                                                             \
	} while (0)
#define VEC_PUSH(vec, x)                                                      \
	do {                                                                  \
		VEC_GROW(vec, (vec).n + 1);                                   \
		(vec).v[(vec).n++] = (x);                                     \
	} while (0)

/* Eight bytes at a time (SWAR): the loaders' hot loops look for a few
 * byte values in text, and a byte at a time costs a compare and a branch
 * each. */
#define SWAR_ONES 0x0101010101010101ull
#define SWAR_HIGH 0x8080808080808080ull
/* The eight bytes at p, the first in the low byte on any machine. */
static inline uint64_t swar_load(const char *p)
{
	uint64_t w;
	memcpy(&w, p, 8);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
	w = __builtin_bswap64(w);
#endif
	return w;
}
/* Nonzero when a byte of w is c. Only its lowest flag is sure to be one
 * (a borrow may flag a byte after it), and swar_first() reads only that. */
static inline uint64_t swar_find(uint64_t w, unsigned char c)
{
	uint64_t x = w ^ (SWAR_ONES * c);
	return (x - SWAR_ONES) & ~x & SWAR_HIGH;
}
/* Nonzero when a byte of w is below n (n at most 0x80); as with
 * swar_find(), only the lowest flag is sure. */
static inline uint64_t swar_below(uint64_t w, unsigned char n)
{
	return (w - SWAR_ONES * n) & ~w & SWAR_HIGH;
}
/* The index of the first byte a nonzero mask has any bit of: the first
 * match of swar_find(), or, given w ^ (SWAR_ONES * c), the first byte of
 * w that is not c. */
static inline size_t swar_first(uint64_t mask)
{
	return (size_t)__builtin_ctzll(mask) / 8;
}

/* Bump allocator: everything allocated for one scanned file (document tree,
 * resolved values, permissions) lives in one arena and is freed in one call. */
struct arena_chunk;
struct arena {
	struct arena_chunk *head;
	struct arena_chunk *spare; /* kept by arena_reset() for reuse */
	char *cur, *end;
	size_t total; /* bytes in use chunks */
};

void arena_init(struct arena *a);
void arena_release(struct arena *a);
/* Forget everything but keep the memory for the next use: a worker reuses
 * one arena for all its files, without a malloc per chunk per file or
 * faulting fresh pages in each time. */
void arena_reset(struct arena *a);
void *arena_alloc(struct arena *a, size_t n);        /* zeroed, 8-aligned */
/* arena_alloc_raw's slow path: a new chunk, then n bytes of it. */
void *arena_alloc_chunk(struct arena *a, size_t n);
/* Not zeroed, 8-aligned. Inline: the loaders allocate a node or a
 * string for every value they read. */
static inline void *arena_alloc_raw(struct arena *a, size_t n)
{
	n = n ? (n + 7) & ~(size_t)7 : 8;
	if (a->cur && (size_t)(a->end - a->cur) >= n) {
		void *p = a->cur;
		a->cur += n;
		return p;
	}
	return arena_alloc_chunk(a, n);
}
char *arena_strndup(struct arena *a, const char *s, size_t n);
char *arena_strdup(struct arena *a, const char *s);
char *arena_printf(struct arena *a, const char *fmt, ...) SG_PRINTF(2, 3);
void *arena_memdup(struct arena *a, const void *p, size_t n);
/* The strings up to the NULL, joined: arena_printf("%s%s...") without its
 * formatting machinery (vsnprintf costs about a thousand instructions a
 * call, and names, keys and reasons are made for every rule). */
char *arena_cat(struct arena *a, ...) SG_SENTINEL;
/* v in decimal in buf; returns where the digits start (in buf). */
#define INT_TEXT_SIZE 24
const char *int_text(int64_t v, char buf[INT_TEXT_SIZE]);

/* Growable NUL-terminated string. */
struct strbuf {
	char *buf;
	size_t len, cap;
};
#define STRBUF_INIT {NULL, 0, 0}

/* Room for `want` bytes in all (the NUL included); the slow path of the
 * appends below, which are inline: the report writers call them for every
 * key and value (issue 17 point 2). */
void sb_reserve(struct strbuf *sb, size_t want);

static inline void sb_grow(struct strbuf *sb, size_t extra)
{
	if (sb->len + extra + 1 > sb->cap)
		sb_reserve(sb, sb->len + extra + 1);
}

static inline void sb_add(struct strbuf *sb, const char *s, size_t n)
{
	sb_grow(sb, n);
	if (n)
		memcpy(sb->buf + sb->len, s, n);
	sb->len += n;
	sb->buf[sb->len] = '\0';
}

static inline void sb_addc(struct strbuf *sb, char c)
{
	sb_grow(sb, 1);
	sb->buf[sb->len++] = c;
	sb->buf[sb->len] = '\0';
}

void sb_adds(struct strbuf *sb, const char *s);
/* The decimal digits of v (what printf's %lld writes). */
void sb_add_int(struct strbuf *sb, int64_t v);
void sb_addf(struct strbuf *sb, const char *fmt, ...) SG_PRINTF(2, 3);
void sb_vaddf(struct strbuf *sb, const char *fmt, va_list ap) SG_PRINTF(2, 0);
void sb_reset(struct strbuf *sb);
void sb_release(struct strbuf *sb);
char *sb_detach(struct strbuf *sb);
const char *sb_str(const struct strbuf *sb); /* never NULL */
/* sb_add() with control characters made visible (visible_next()). */
void sb_add_visible(struct strbuf *sb, const char *s, size_t n);

/* qsort that accepts an empty (NULL) array: qsort(NULL, 0) is undefined. */
void sort_array(void *base, size_t n, size_t size, int (*cmp)(const void *, const void *));
/* qsort/bsearch comparator of two `char *` (or `const char *`) elements. */
int str_ptr_cmp(const void *a, const void *b);
/* "a, b, c": a NULL-terminated list of words, as error messages list choices. */
void sb_join(struct strbuf *sb, const char *const *words);

/* Small helpers shared by parsers. */
int str_eq_nocase(const char *a, const char *b);
int str_has_suffix(const char *s, const char *suffix);
/* Parse a base-10 integer that fills the whole string; 0 on success. */
int parse_int64(const char *s, int64_t *out);
/* Like parse_int64, but also accepts an integral decimal such as "22.0". */
int parse_integral(const char *s, int64_t *out);

/* Read a whole file into a malloc'd buffer (NUL-terminated). Returns 0, or
 * -1 with errno set; -2 when it is larger than max_size; READ_NOT_REGULAR
 * when it is a FIFO, socket or device (opened O_NONBLOCK, so never a hang).
 * "-" is standard input, whatever it is. */
#define READ_NOT_REGULAR (-3)
int read_file(const char *path, size_t max_size, char **buf, size_t *len);
/* Whether a regular file holds needle (shorter than 256 bytes), read in
 * blocks: a cheap test before reading a file whole. */
int file_contains(const char *path, const char *needle);
/* The same into a reusable buffer (its text replaced, capacity kept). */
int read_file_into(const char *path, size_t max_size, struct strbuf *sb);
/* read_file() that also reads a FIFO or a device: a list of names the user
 * pipes in (--files-from <(git diff --name-only)). */
int read_stream(const char *path, size_t max_size, char **buf, size_t *len);
/* The reason of a failed read_file() (rc -1 or READ_NOT_REGULAR). */
const char *read_file_error(int rc);

#endif
