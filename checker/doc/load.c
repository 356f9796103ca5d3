/* load.c - encodings, validation and parser choice; see load.h */
#define _POSIX_C_SOURCE 200809L
#include "doc/load.h"

#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "doc/hcl/hcl.h"
#include "doc/load_json.h"
#include "doc/load_yaml.h"

/* Bytes from s that are ASCII and not NUL, 32 at a time (a multiple of
 * 32, short of the first other byte or of the end). */
static size_t ascii_run32(const unsigned char *s, size_t len)
{
	size_t i = 0;
#ifdef __SSE2__
	const __m128i zero = _mm_setzero_si128();
	for (; i + 32 <= len; i += 32) {
		__m128i a = _mm_loadu_si128((const __m128i *)(s + i));
		__m128i b = _mm_loadu_si128((const __m128i *)(s + i + 16));
		/* a high bit in either half, or a zero byte in either (the
		 * unsigned minimum of the two is zero there) */
		__m128i bad = _mm_or_si128(_mm_or_si128(a, b), _mm_cmpeq_epi8(_mm_min_epu8(a, b), zero));
		if (_mm_movemask_epi8(bad))
			break;
	}
#else
	(void)s;
	(void)len;
#endif
	return i;
}

/* Length of the valid UTF-8 prefix of s (stops at the first bad byte or
 * NUL); *ascii says whether it held only ASCII. ASCII runs are checked 32
 * bytes (with SSE2) then a word at a time: most input is ASCII. */
static size_t utf8_valid_prefix(const unsigned char *s, size_t len, int *ascii)
{
	size_t i = 0;
	*ascii = 1;
	while (i < len) {
		i += ascii_run32(s + i, len - i);
		while (i + 8 <= len) {
			uint64_t w;
			memcpy(&w, s + i, 8);
			/* any high bit set, or any zero byte */
			if ((w & 0x8080808080808080ull) ||
			    ((w - 0x0101010101010101ull) & ~w & 0x8080808080808080ull))
				break;
			i += 8;
		}
		if (i >= len)
			break;
		unsigned char c = s[i];
		if (c == 0)
			return i;
		if (c < 0x80) {
			i++;
			continue;
		}
		size_t n;
		uint32_t cp;
		*ascii = 0;
		if (c >= 0xC2 && c <= 0xDF) {
			n = 1;
			cp = c & 0x1F;
		} else if (c >= 0xE0 && c <= 0xEF) {
			n = 2;
			cp = c & 0x0F;
		} else if (c >= 0xF0 && c <= 0xF4) {
			n = 3;
			cp = c & 0x07;
		} else {
			return i;
		}
		for (size_t k = 1; k <= n; k++) {
			if (i + k >= len || (s[i + k] & 0xC0) != 0x80)
				return i;
			cp = (cp << 6) | (s[i + k] & 0x3F);
		}
		/* overlong forms, surrogates, beyond U+10FFFF */
		if ((n == 2 && cp < 0x800) || (n == 3 && cp < 0x10000) ||
		    (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF)
			return i;
		i += n + 1;
	}
	return len;
}

static void utf8_put(struct strbuf *sb, uint32_t cp)
{
	char b[4];
	size_t n;
	if (cp < 0x80) {
		b[0] = (char)cp;
		n = 1;
	} else if (cp < 0x800) {
		b[0] = (char)(0xC0 | (cp >> 6));
		b[1] = (char)(0x80 | (cp & 0x3F));
		n = 2;
	} else if (cp < 0x10000) {
		b[0] = (char)(0xE0 | (cp >> 12));
		b[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		b[2] = (char)(0x80 | (cp & 0x3F));
		n = 3;
	} else {
		b[0] = (char)(0xF0 | (cp >> 18));
		b[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
		b[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
		b[3] = (char)(0x80 | (cp & 0x3F));
		n = 4;
	}
	sb_add(sb, b, n);
}

/* UTF-16 (after its BOM) to UTF-8. On a bad surrogate returns -1 and the
 * UTF-8 converted so far, so the caller can locate the error. */
static int utf16_to_utf8(const unsigned char *s, size_t len, int big_endian,
			 struct strbuf *out)
{
	if (len % 2)
		return -1;
	for (size_t i = 0; i + 1 < len; i += 2) {
		uint32_t u = big_endian ? (uint32_t)(s[i] << 8 | s[i + 1])
					: (uint32_t)(s[i + 1] << 8 | s[i]);
		if (u >= 0xD800 && u <= 0xDBFF) {
			if (i + 3 >= len)
				return -1;
			uint32_t lo = big_endian ? (uint32_t)(s[i + 2] << 8 | s[i + 3])
						 : (uint32_t)(s[i + 3] << 8 | s[i + 2]);
			if (lo < 0xDC00 || lo > 0xDFFF)
				return -1;
			u = 0x10000 + ((u - 0xD800) << 10) + (lo - 0xDC00);
			i += 2;
		} else if (u >= 0xDC00 && u <= 0xDFFF) {
			return -1;
		}
		utf8_put(out, u);
	}
	return 0;
}

int text_has_utf16_bom(const char *buf, size_t len)
{
	const unsigned char *b = (const unsigned char *)buf;
	return len >= 2 && ((b[0] == 0xFF && b[1] == 0xFE) || (b[0] == 0xFE && b[1] == 0xFF));
}

/* Turn the raw bytes into BOM-less UTF-8. *text points into *buf (possibly
 * replaced by a converted copy). */
static int decode_input(const char *file, const char *buf, size_t len, char **converted,
			const char **text, size_t *text_len, int *ascii, struct diag *err)
{
	const unsigned char *b = (const unsigned char *)buf;
	*converted = NULL;
	if (text_has_utf16_bom(buf, len)) {
		int be = b[0] == 0xFE; /* FE FF: big endian; FF FE: little */
		struct strbuf sb = STRBUF_INIT;
		int rc = utf16_to_utf8(b + 2, len - 2, be, &sb);
		if (rc != 0) {
			struct loc l = loc_of_offset(file, sb_str(&sb), sb.len);
			diag_set(err, l, "invalid UTF-16 (unpaired surrogate or odd length)");
			sb_release(&sb);
			return -1;
		}
		len = sb.len;
		buf = *converted = sb_detach(&sb);
		b = (const unsigned char *)buf;
	}
	size_t skip = (len >= 3 && b[0] == 0xEF && b[1] == 0xBB && b[2] == 0xBF) ? 3 : 0;
	*text = buf + skip;
	*text_len = len - skip;
	size_t ok = utf8_valid_prefix((const unsigned char *)*text, *text_len, ascii);
	if (ok < *text_len) {
		struct loc l = loc_of_offset(file, *text, ok);
		unsigned char c = (unsigned char)(*text)[ok];
		if (c == 0)
			diag_set(err, l, "NUL byte in input: binary file, or UTF-16 without a byte-order mark");
		else
			diag_set(err, l, "invalid UTF-8 (byte 0x%02x)", c);
		return -1;
	}
	return 0;
}

static int looks_like_json(const char *text, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		char c = text[i];
		if (c == ' ' || c == '\t' || c == '\r' || c == '\n')
			continue;
		return c == '{' || c == '[';
	}
	return 0;
}

int text_is_empty(const char *buf, size_t len)
{
	size_t i = len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
	while (i < len) {
		char c = buf[i];
		if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
			i++;
		} else if (c == '#' || (len - i >= 3 && (memcmp(buf + i, "---", 3) == 0 || memcmp(buf + i, "...", 3) == 0) &&
					(len - i == 3 || (buf[i + 3] && strchr(" \t\r\n", buf[i + 3]))))) {
			while (i < len && buf[i] != '\n')
				i++; /* a comment, or a marker with a comment after it */
		} else {
			return 0;
		}
	}
	return 1;
}

static int is_blank(const char *text, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		char c = text[i];
		if (c != ' ' && c != '\t' && c != '\r' && c != '\n')
			return 0;
	}
	return 1;
}

/* hashicorp/setup-terraform wraps the terraform binary and, unless told
 * not to, prints "[command]...terraform-bin show -json" before its output:
 * a plan redirected from such a step is not JSON. Say so, and how to avoid it. */
static int is_wrapper_output(const char *text, size_t len)
{
	static const char mark[] = "[command]";
	return len >= sizeof(mark) - 1 && memcmp(text, mark, sizeof(mark) - 1) == 0;
}

/* Parse the decoded text with the right parser. */
static int parse_text(struct doc *doc, enum syntax hint, const struct load_limits *lim,
		      struct arena *arena, struct diag *err)
{
	const char *file = doc->file, *text = doc->buf;
	size_t text_len = doc->len;
	if (hint == SYNTAX_HCL) { /* an empty .tf file is an empty module body */
		doc->syntax = SYNTAX_HCL;
		return hcl_parse(file, text, text_len, lim, arena, &doc->root, err);
	}
	if (is_blank(text, text_len)) {
		diag_set(err, (struct loc){file, 1, 1}, "empty file");
		return -1;
	}
	if (is_wrapper_output(text, text_len)) {
		diag_set(err, (struct loc){file, 1, 1},
			 "not JSON: the file starts with the '[command]' line of the setup-terraform wrapper; "
			 "set 'terraform_wrapper: false' on hashicorp/setup-terraform, or write the plan with "
			 "'terraform show -json plan.out > plan.json' in a step of its own");
		return -1;
	}
	int json_first = hint == SYNTAX_JSON || (hint == SYNTAX_AUTO && looks_like_json(text, text_len));
	struct diag jerr;
	if (json_first) {
		if (load_json(file, text, text_len, doc->ascii, lim, arena, &doc->root, &doc->notes, &jerr) == 0) {
			doc->syntax = SYNTAX_JSON;
			return 0;
		}
		if (hint == SYNTAX_JSON) {
			*err = jerr;
			return -1;
		}
	}
	/* YAML; a file that looks like JSON may be a YAML flow mapping, but if
	 * it is neither, the JSON error is the one that helps (unless the file
	 * says it is YAML). */
	struct yaml_more more;
	if (load_yaml_stream(file, text, text_len, lim, arena, &doc->root, &more, err) != 0) {
		if (json_first && !str_has_suffix(file, ".yaml") && !str_has_suffix(file, ".yml"))
			*err = jerr;
		return -1;
	}
	doc->syntax = SYNTAX_YAML;
	doc->more_docs = more.docs;
	doc->nmore_docs = more.n;
	doc->notes = more.notes | DOC_NOTES_KNOWN;
	return 0;
}

int load_buffer(const char *file, const char *buf, size_t len, enum syntax hint,
		const struct load_limits *lim, struct arena *arena,
		struct doc *doc, struct diag *err)
{
	memset(doc, 0, sizeof(*doc));
	doc->file = file;
	doc->arena = arena;
	if (decode_input(file, buf, len, &doc->owned_buf, &doc->buf, &doc->len, &doc->ascii, err) != 0 ||
	    parse_text(doc, hint, lim, arena, err) != 0) {
		doc_release(doc); /* on failure there is nothing left to release */
		return -1;
	}
	return 0;
}

int load_file(const char *file, enum syntax hint, const struct load_limits *lim,
	      struct arena *arena, struct doc *doc, struct diag *err)
{
	char *buf;
	size_t len;
	memset(doc, 0, sizeof(*doc));
	int rc = read_file(file, lim->max_file_size, &buf, &len);
	if (rc == -2) {
		diag_set(err, (struct loc){file, 0, 0},
			 "file is larger than the limit of %zu bytes (--max-file-size)",
			 lim->max_file_size);
		return -1;
	}
	if (rc != 0) {
		diag_set(err, (struct loc){file, 0, 0}, "cannot read: %s", read_file_error(rc));
		return -1;
	}
	if (load_buffer(file, buf, len, hint, lim, arena, doc, err) != 0) {
		free(buf);
		return -1;
	}
	doc->input_buf = buf; /* the doc owns it now */
	return 0;
}

void doc_release(struct doc *doc)
{
	free(doc->owned_buf);
	free(doc->input_buf);
	doc->owned_buf = NULL;
	doc->input_buf = NULL;
	doc->buf = NULL;
	doc->root = NULL;
}
