/* outfile.h - where reports go: an output written as it is produced, and
 * spills (what a report holds back until its end, out of memory).
 *
 * A report streams: the scan hands it each unit's share as soon as every
 * earlier unit is written, and the share is freed. What cannot go out yet
 * (a JUnit body whose totals come first, SARIF results under GitHub's cap,
 * errors listed after the findings) waits in a spill: memory up to
 * SPILL_MEMORY bytes, then an unlinked temporary file. So memory stays
 * bounded by the units in flight, whatever the size of the corpus.
 */
#ifndef SG_OUTFILE_H
#define SG_OUTFILE_H

#include <stdint.h>
#include <sys/types.h>

#include "base/util.h"

#define OUT_BUFFER (64 * 1024)

/* An output: standard output, or a file replaced atomically when it is
 * committed (a temporary file beside it, O_EXCL|O_NOFOLLOW, the old
 * file's mode, renamed over it; removed if the run is stopped by SIGINT,
 * SIGTERM, SIGHUP or SIGQUIT; a device or FIFO written in place). Writes
 * go through a fixed buffer. */
struct outfile {
	int fd;
	char *tmp;    /* the temporary file, renamed to target on commit */
	char *target; /* what it replaces (a symlink's target) */
	int err;      /* errno of the first failed write, 0 if none */
	size_t n;
	char buf[OUT_BUFFER];
};

/* path NULL: standard output. 0, or -1 with errno set (nothing to close). */
int out_open(struct outfile *o, const char *path);
void out_write(struct outfile *o, const char *data, size_t len);
static inline void out_puts(struct outfile *o, const struct strbuf *sb)
{
	out_write(o, sb_str(sb), sb->len);
}
/* Flush, close, rename into place. 0, or -1 with errno set (a write that
 * failed on the way included); the temporary file is removed then. */
int out_commit(struct outfile *o);
/* Give up: close, remove the temporary file, leave the target as it was. */
void out_abort(struct outfile *o);

#define SPILL_MEMORY (256 * 1024)

struct spill {
	struct strbuf mem; /* until it outgrows SPILL_MEMORY */
	int fd;            /* then an unlinked file in $TMPDIR (or /tmp); -1 before */
	int in_memory;     /* no temporary file could be made: all of it stays in mem */
	uint64_t len;
	int err;           /* errno of a failed read or write (the report is then an error) */
};

void spill_init(struct spill *s);
void spill_add(struct spill *s, const char *data, size_t len);
/* Copy len bytes from offset off to out; 0 or -1 (errno set). */
int spill_copy(struct spill *s, uint64_t off, uint64_t len, struct outfile *out);
/* Read n bytes at offset off (a record written earlier); 0 or -1. */
int spill_read(struct spill *s, uint64_t off, void *buf, size_t n);
void spill_release(struct spill *s);

#endif
