/* stream.c - a report written as the units come in; see report.h */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "report/report.h"

static const struct report_writer *const writers[] = {
	&report_text, &report_json, &report_sarif, &report_junit, &report_github, &report_gitlab, &report_gitlab_sast,
};
#define NWRITERS (sizeof(writers) / sizeof(writers[0]))

static const struct report_writer *writer_of(const char *format)
{
	for (size_t i = 0; i < NWRITERS; i++)
		if (strcmp(writers[i]->name, format) == 0)
			return writers[i];
	return NULL;
}

int report_format_known(const char *format)
{
	return writer_of(format) != NULL;
}

void report_format_list(struct strbuf *out)
{
	for (size_t i = 0; i < NWRITERS; i++)
		sb_addf(out, "%s%s", i ? ", " : "", writers[i]->name);
}

int report_stream_open(struct report_stream *s, const struct report *r, const char *format, const char *file,
		       int color)
{
	const struct report_writer *w = writer_of(format);
	return w ? report_stream_start(s, r, w, file, color) : -2;
}

int report_stream_start(struct report_stream *s, const struct report *r, const struct report_writer *w,
			const char *file, int color)
{
	memset(s, 0, sizeof(*s));
	s->w = w;
	s->r = r;
	s->color = color;
	s->out = xmalloc(sizeof(*s->out));
	if (out_open(s->out, file) != 0) {
		int e = errno;
		free(s->out);
		s->out = NULL;
		errno = e;
		return -1;
	}
	for (int k = 0; k < REPORT_SECTIONS; k++)
		spill_init(&s->spill[k]);
	spill_init(&s->index);
	jw_init(&s->jw, &s->buf, 0);
	if (s->w->direct) {
		s->w->head(s);
		report_stream_flush(s);
	}
	return 0;
}

void report_stream_part(const struct report_stream *s, const struct unit_result *u, struct report_part *p)
{
	memset(p, 0, sizeof(*p));
	s->w->unit(s, u, p);
}

void report_part_release(struct report_part *p)
{
	for (int k = 0; k < REPORT_SECTIONS; k++)
		sb_release(&p->sec[k]);
	sb_release(&p->index);
}

/* The first item of an array goes without its comma. */
static size_t skipped_sep(const struct report_stream *s, int k, const struct report_part *p)
{
	return !s->items[k] && p->items[k] && p->sec[k].len >= s->w->sep ? s->w->sep : 0;
}

void report_stream_add(struct report_stream *s, struct report_part *p)
{
	for (int k = 0; k < REPORT_SECTIONS; k++) {
		const struct strbuf *sec = &p->sec[k];
		if (!sec->len)
			continue;
		if (k == 0 && s->w->direct) {
			size_t skip = skipped_sep(s, k, p);
			out_write(s->out, sec->buf + skip, sec->len - skip);
		} else {
			spill_add(&s->spill[k], sec->buf, sec->len);
		}
		s->items[k] += p->items[k];
	}
	if (p->index.len)
		spill_add(&s->index, p->index.buf, p->index.len);
	for (int i = 0; i < 3; i++)
		s->tally[i] += p->tally[i];
	report_part_release(p);
}

void report_stream_flush(struct report_stream *s)
{
	out_puts(s->out, &s->buf);
	sb_reset(&s->buf);
}

void report_stream_copy(struct report_stream *s, int k, uint64_t off, uint64_t len)
{
	report_stream_flush(s);
	if (spill_copy(&s->spill[k], off, len, s->out) != 0 && !s->out->err)
		s->out->err = errno ? errno : EIO;
}

void report_stream_section(struct report_stream *s, int k, int strip)
{
	uint64_t len = s->spill[k].len;
	size_t skip = strip && s->items[k] && len >= s->w->sep ? s->w->sep : 0;
	report_stream_copy(s, k, skip, len - skip);
}

void report_stream_json_section(struct report_stream *s, int k)
{
	report_stream_section(s, k, jw_at_first(&s->jw));
	if (s->items[k])
		jw_items_written(&s->jw);
}

int report_stream_index_read(struct report_stream *s, uint64_t off, void *rec, size_t n)
{
	int rc = spill_read(&s->index, off, rec, n);
	if (rc != 0 && !s->out->err) /* a report cut short is an error, never a shorter report */
		s->out->err = errno ? errno : EIO;
	return rc;
}

static void stream_release(struct report_stream *s)
{
	for (int k = 0; k < REPORT_SECTIONS; k++)
		spill_release(&s->spill[k]);
	spill_release(&s->index);
	sb_release(&s->buf);
	free(s->out);
	s->out = NULL;
}

int report_stream_close(struct report_stream *s)
{
	if (s->w->direct && s->items[0])
		jw_items_written(&s->jw);
	s->w->tail(s);
	report_stream_flush(s);
	int spill_err = s->index.err;
	for (int k = 0; k < REPORT_SECTIONS; k++)
		spill_err = spill_err ? spill_err : s->spill[k].err;
	if (spill_err && !s->out->err)
		s->out->err = spill_err;
	int rc = out_commit(s->out);
	int e = errno;
	stream_release(s);
	errno = e;
	return rc != 0 && spill_err ? -3 : rc;
}
