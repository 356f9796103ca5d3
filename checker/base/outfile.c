/* outfile.c - see outfile.h */
#define _XOPEN_SOURCE 700 /* realpath, pread, mkstemp */
#include "base/outfile.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int write_all(int fd, const char *data, size_t len)
{
	size_t off = 0;
	while (off < len) {
		ssize_t w = write(fd, data + off, len - off);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		off += (size_t)w;
	}
	return 0;
}

/* A fresh temporary file beside target: O_EXCL|O_NOFOLLOW, so a planted
 * file or symlink of the same name is never written through. */
static int open_temp(const char *target, char **tmp)
{
	for (int i = 0; i < 100; i++) {
		*tmp = xasprintf("%s.tmp.%ld.%d", target, (long)getpid(), i);
		int fd = open(*tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_NOCTTY, 0666);
		if (fd >= 0)
			return fd;
		int e = errno;
		free(*tmp);
		*tmp = NULL;
		if (e != EEXIST) {
			errno = e;
			return -1;
		}
	}
	*tmp = NULL;
	errno = EEXIST;
	return -1;
}

/* ---- temporary files and signals -------------------------------------------- */

/* Outputs are open for the whole scan: an interrupted run (Ctrl-C, a CI
 * timeout's SIGTERM) removes their temporary files on its way out. The
 * table is filled before the workers start and read by the handler only. */
#define MAX_TEMPS 64
static char *volatile temps[MAX_TEMPS];

static void remove_temps(int sig)
{
	for (int i = 0; i < MAX_TEMPS; i++)
		if (temps[i])
			unlink(temps[i]); /* async-signal-safe */
	signal(sig, SIG_DFL);
	raise(sig);
}

static void track_temp(char *path)
{
	static int installed;
	if (!installed) {
		static const int sigs[] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT};
		for (size_t i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++) {
			struct sigaction sa, old;
			memset(&sa, 0, sizeof(sa));
			sa.sa_handler = remove_temps;
			sigemptyset(&sa.sa_mask);
			/* a signal the caller ignores (nohup) stays ignored */
			if (sigaction(sigs[i], NULL, &old) == 0 && old.sa_handler != SIG_IGN)
				sigaction(sigs[i], &sa, NULL);
		}
		installed = 1;
	}
	for (int i = 0; i < MAX_TEMPS; i++)
		if (!temps[i]) {
			temps[i] = path;
			return;
		}
}

static void untrack_temp(const char *path)
{
	for (int i = 0; path && i < MAX_TEMPS; i++)
		if (temps[i] == path)
			temps[i] = NULL;
}

/* A file replaced through a temporary one; old: its mode to keep, or NULL. */
static int open_replacing(struct outfile *o, const char *target, const struct stat *old)
{
	o->fd = open_temp(target, &o->tmp);
	if (o->fd < 0)
		return -1;
	track_temp(o->tmp);
	if (old && fchmod(o->fd, old->st_mode & 07777) != 0) {
		int e = errno;
		out_abort(o);
		errno = e;
		return -1;
	}
	o->target = xstrdup(target);
	return 0;
}

/* A device, FIFO or socket (/dev/null, /dev/stdout, /dev/full) is written
 * where it is: renaming a file over it would replace the device node. */
static int open_in_place(struct outfile *o, const char *path)
{
	o->fd = open(path, O_WRONLY | O_TRUNC | O_NOCTTY);
	return o->fd < 0 ? -1 : 0;
}

int out_open(struct outfile *o, const char *path)
{
	struct stat st;
	o->fd = -1;
	o->tmp = o->target = NULL;
	o->err = 0;
	o->n = 0;
	if (!path) {
		o->fd = STDOUT_FILENO;
		return 0;
	}
	if (stat(path, &st) != 0)
		return errno == ENOENT ? open_replacing(o, path, NULL) : -1;
	if (S_ISDIR(st.st_mode)) {
		errno = EISDIR;
		return -1;
	}
	if (!S_ISREG(st.st_mode) || strncmp(path, "/dev/", 5) == 0 || strncmp(path, "/proc/", 6) == 0)
		return open_in_place(o, path);
	/* through a symlink: replace the file it names, keep the link */
	char *real = realpath(path, NULL);
	if (!real)
		return -1;
	int rc = strncmp(real, "/proc/", 6) == 0 ? open_in_place(o, path) : open_replacing(o, real, &st);
	int e = errno;
	free(real);
	errno = e;
	return rc;
}

static void out_flush(struct outfile *o)
{
	if (o->n && !o->err && write_all(o->fd, o->buf, o->n) != 0)
		o->err = errno ? errno : EIO;
	o->n = 0;
}

void out_write(struct outfile *o, const char *data, size_t len)
{
	if (!len)
		return;
	if (o->n + len > sizeof(o->buf))
		out_flush(o);
	if (len >= sizeof(o->buf)) {
		if (!o->err && write_all(o->fd, data, len) != 0)
			o->err = errno ? errno : EIO;
		return;
	}
	memcpy(o->buf + o->n, data, len);
	o->n += len;
}

static void out_close(struct outfile *o)
{
	if (o->fd >= 0 && o->fd != STDOUT_FILENO && close(o->fd) != 0 && !o->err)
		o->err = errno;
	o->fd = -1;
}

int out_commit(struct outfile *o)
{
	out_flush(o);
	out_close(o);
	if (!o->err && o->tmp && rename(o->tmp, o->target) != 0)
		o->err = errno;
	int e = o->err;
	if (e && o->tmp)
		unlink(o->tmp);
	untrack_temp(o->tmp);
	free(o->tmp);
	free(o->target);
	o->tmp = o->target = NULL;
	errno = e;
	return e ? -1 : 0;
}

void out_abort(struct outfile *o)
{
	o->n = 0;
	out_close(o);
	if (o->tmp)
		unlink(o->tmp);
	untrack_temp(o->tmp);
	free(o->tmp);
	free(o->target);
	o->tmp = o->target = NULL;
}

/* ---- spills ------------------------------------------------------------------ */

void spill_init(struct spill *s)
{
	memset(s, 0, sizeof(*s));
	s->fd = -1;
}

static int temp_in(const char *dir)
{
	char *name = xasprintf("%s/sgcheck-spill.XXXXXX", dir);
	int fd = mkstemp(name);
	if (fd >= 0)
		unlink(name);
	free(name);
	return fd;
}

/* An unlinked temporary file, in $TMPDIR, else /tmp: nothing is left
 * behind, whatever happens. */
static int temp_fd(void)
{
	const char *dir = getenv("TMPDIR");
	int fd = dir && *dir ? temp_in(dir) : -1;
	return fd >= 0 ? fd : temp_in("/tmp");
}

void spill_add(struct spill *s, const char *data, size_t len)
{
	s->len += len;
	if (s->fd < 0 && s->mem.len + len <= SPILL_MEMORY) {
		sb_add(&s->mem, data, len);
		return;
	}
	if (s->fd < 0 && !s->in_memory) {
		s->fd = temp_fd();
		if (s->fd >= 0 && write_all(s->fd, s->mem.buf ? s->mem.buf : "", s->mem.len) != 0) {
			close(s->fd); /* a full disk: the rest stays in memory too */
			s->fd = -1;
		}
		if (s->fd < 0)
			s->in_memory = 1; /* no temporary file: memory then, never a lost report */
		else
			sb_release(&s->mem);
	}
	if (s->fd < 0) {
		sb_add(&s->mem, data, len);
		return;
	}
	if (!s->err && write_all(s->fd, data, len) != 0)
		s->err = errno ? errno : EIO;
}

int spill_read(struct spill *s, uint64_t off, void *buf, size_t n)
{
	if (s->err || off + n > s->len) {
		errno = s->err ? s->err : EIO;
		return -1;
	}
	if (s->fd < 0) {
		memcpy(buf, s->mem.buf + off, n);
		return 0;
	}
	for (size_t done = 0; done < n;) {
		ssize_t r = pread(s->fd, (char *)buf + done, n - done, (off_t)(off + done));
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0) {
			if (r == 0)
				errno = EIO;
			return -1;
		}
		done += (size_t)r;
	}
	return 0;
}

int spill_copy(struct spill *s, uint64_t off, uint64_t len, struct outfile *out)
{
	if (!len)
		return 0;
	if (s->fd < 0 && !s->err) {
		if (off + len > s->len) {
			errno = EIO;
			return -1;
		}
		out_write(out, s->mem.buf + off, (size_t)len);
		return 0;
	}
	char chunk[16 * 1024];
	int rc = 0;
	while (len && rc == 0) {
		size_t n = len < sizeof(chunk) ? (size_t)len : sizeof(chunk);
		rc = spill_read(s, off, chunk, n);
		if (rc == 0)
			out_write(out, chunk, n);
		off += n;
		len -= n;
	}
	return rc;
}

void spill_release(struct spill *s)
{
	if (s->fd >= 0)
		close(s->fd);
	sb_release(&s->mem);
	spill_init(s);
}
