/* paths.c - see paths.h */
#define _XOPEN_SOURCE 700
#include "base/paths.h"

#include <dirent.h>
#include <fnmatch.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int has_git(const char *dir)
{
	struct stat st;
	char *p = xasprintf("%s/.git", strcmp(dir, "/") ? dir : "");
	int found = lstat(p, &st) == 0;
	free(p);
	return found;
}

void repo_root_init(struct repo_root *r)
{
	char buf[PATH_MAX];
	r->cwd = xstrdup(getcwd(buf, sizeof(buf)) ? buf : ".");
	r->root = NULL;
	if (r->cwd[0] != '/') {
		r->root = xstrdup(r->cwd);
		return;
	}
	char *dir = xstrdup(r->cwd);
	for (;;) {
		if (has_git(dir)) {
			r->root = dir;
			return;
		}
		char *slash = strrchr(dir, '/');
		if (!slash || strcmp(dir, "/") == 0)
			break;
		if (slash == dir)
			slash[1] = '\0'; /* "/x" -> "/" */
		else
			*slash = '\0';
	}
	free(dir);
	r->root = xstrdup(r->cwd);
}

void repo_root_release(struct repo_root *r)
{
	free(r->cwd);
	free(r->root);
	r->cwd = r->root = NULL;
}

/* Append path to out with "." steps dropped and ".." resolved lexically
 * (never above where it starts; an absolute path keeps its leading '/'). */
static void normalize(struct strbuf *out, const char *path)
{
	size_t floor = out->len;
	if (path[0] == '/') {
		sb_addc(out, '/');
		floor = out->len;
	}
	for (const char *p = path; *p;) {
		while (*p == '/')
			p++;
		size_t n = strcspn(p, "/");
		if (n == 2 && p[0] == '.' && p[1] == '.') {
			size_t len = out->len;
			while (len > floor && out->buf[len - 1] != '/')
				len--;
			out->len = len > floor ? len - 1 : floor;
			if (out->buf)
				out->buf[out->len] = '\0';
		} else if (n && !(n == 1 && p[0] == '.')) {
			if (out->len > floor)
				sb_addc(out, '/');
			sb_add(out, p, n);
		}
		p += n;
	}
}

/* Absolute, lexically normalised form of path into out ("/a/b"). */
static void absolute(const struct repo_root *r, const char *path, struct strbuf *out)
{
	struct strbuf tmp = STRBUF_INIT;
	if (path[0] != '/')
		sb_addf(&tmp, "%s/", r->cwd);
	sb_adds(&tmp, path);
	sb_reset(out);
	normalize(out, tmp.buf);
	sb_release(&tmp);
}

static const char *below(const char *abs, const char *dir)
{
	size_t n = strlen(dir);
	if (strcmp(dir, "/") == 0)
		return abs[0] == '/' ? abs + 1 : NULL;
	if (strncmp(abs, dir, n) != 0)
		return NULL;
	if (abs[n] == '\0')
		return abs + n;
	return abs[n] == '/' ? abs + n + 1 : NULL;
}

/* The physical path of an existing file when it lies inside the root: a
 * symlinked directory on the way, or an absolute path through a link,
 * still names the file the repository holds. A link whose target lies
 * outside keeps its own name (its directory resolved). */
/* realpath() of the directory asked last on this thread: every file of
 * a unit, and most units of a walk, share theirs, and realpath costs a
 * readlink per component of the path. */
static _Thread_local struct {
	char dir[PATH_MAX], real[PATH_MAX];
} last_dir;

static int real_dir(const char *abs, size_t n, char *real)
{
	if (n >= PATH_MAX)
		return -1;
	if (strncmp(last_dir.dir, abs, n) != 0 || last_dir.dir[n] != '\0') {
		char dir[PATH_MAX];
		memcpy(dir, abs, n);
		dir[n] = '\0';
		if (!realpath(dir, last_dir.real)) {
			last_dir.dir[0] = '\0';
			return -1;
		}
		memcpy(last_dir.dir, dir, n + 1);
	}
	strcpy(real, last_dir.real);
	return 0;
}

/* realpath(abs) for a file that is not itself a symlink: its directory's. */
static int real_file(const char *abs, char *buf)
{
	const char *slash = strrchr(abs, '/');
	struct stat st;
	if (!slash || slash == abs || lstat(abs, &st) != 0 || S_ISLNK(st.st_mode))
		return realpath(abs, buf) ? 0 : -1;
	if (real_dir(abs, (size_t)(slash - abs), buf) != 0)
		return -1;
	size_t n = strlen(buf);
	if (n + strlen(slash) >= PATH_MAX)
		return -1;
	strcpy(buf + (strcmp(buf, "/") ? n : 0), slash);
	return 0;
}

static int physical(const struct repo_root *r, const char *abs, struct strbuf *out)
{
	char buf[PATH_MAX];
	if (real_file(abs, buf) == 0 && below(buf, r->root)) {
		sb_reset(out);
		sb_adds(out, buf);
		return 0;
	}
	const char *slash = strrchr(abs, '/');
	if (!slash || slash == abs)
		return -1;
	if (real_dir(abs, (size_t)(slash - abs), buf) != 0 || !below(buf, r->root))
		return -1;
	struct strbuf tmp = STRBUF_INIT;
	sb_addf(&tmp, "%s%s", strcmp(buf, "/") ? buf : "", slash);
	sb_reset(out);
	sb_adds(out, tmp.buf);
	sb_release(&tmp);
	return 0;
}

void repo_path(const struct repo_root *r, const char *path, struct strbuf *out)
{
	if (!path || !*path || path[0] == '<' || !r) {
		size_t start = out->len;
		if (path && path[0] != '<')
			normalize(out, path);
		if (out->len == start && path)
			sb_adds(out, path);
		return;
	}
	struct strbuf abs = STRBUF_INIT;
	absolute(r, path, &abs);
	physical(r, abs.buf, &abs);
	const char *rel = below(abs.buf, r->root);
	sb_adds(out, rel ? rel : abs.buf);
	sb_release(&abs);
}

int repo_path_outside(const char *rpath)
{
	return rpath && rpath[0] == '/';
}

void repo_path_from(const char *rpath, const char *dir, struct strbuf *out)
{
	if (repo_path_outside(rpath) || rpath[0] == '<') {
		sb_adds(out, rpath);
		return;
	}
	/* skip the directories both share, then climb out of the rest of dir */
	const char *d = dir, *p = rpath;
	while (*d) {
		size_t n = strcspn(d, "/");
		if (strncmp(d, p, n) != 0 || p[n] != '/')
			break;
		d += n;
		p += n + 1;
		while (*d == '/')
			d++;
	}
	while (*d) {
		sb_adds(out, "../");
		d += strcspn(d, "/");
		while (*d == '/')
			d++;
	}
	sb_adds(out, p);
}

int path_glob_match(const char *glob, const char *path)
{
	while (path[0] == '.' && path[1] == '/')
		path += 2;
	if (fnmatch(glob, path, 0) == 0)
		return 1;
	int component = strchr(glob, '/') == NULL;
	char buf[PATH_MAX];
	for (const char *p = path, *start = path; *p; p++) {
		if (p[1] != '/' && p[1] != '\0')
			continue;
		size_t from = component ? (size_t)(start - path) : 0, n = (size_t)(p + 1 - path) - from;
		if (n < sizeof(buf)) {
			memcpy(buf, path + from, n);
			buf[n] = '\0';
			if (fnmatch(glob, buf, 0) == 0)
				return 1;
		}
		start = p + 2;
	}
	return 0;
}

/* dir/rel with `.` and `..` segments folded ("a/b/../c" is "a/c"); leading
 * `..` of a relative path are kept. */
const char *path_join_dir(struct arena *a, const char *dir, const char *rel)
{
	struct strbuf in = STRBUF_INIT, out = STRBUF_INIT;
	if (rel[0] != '/' && strcmp(dir, ".") != 0)
		sb_addf(&in, "%s/", dir);
	sb_adds(&in, rel);
	VEC(size_t) marks = {0}; /* where each kept segment starts in out */
	int absolute = in.buf[0] == '/';
	char *save = NULL; /* strtok_r: units are loaded in parallel */
	for (char *seg = strtok_r(in.buf, "/", &save); seg; seg = strtok_r(NULL, "/", &save)) {
		if (strcmp(seg, ".") == 0)
			continue;
		if (strcmp(seg, "..") == 0 && marks.n > 0) {
			out.len = marks.v[--marks.n];
			out.buf[out.len] = '\0';
			continue;
		}
		if (strcmp(seg, "..") == 0 && !absolute) {
			sb_adds(&out, out.len ? "/.." : "..");
			continue;
		}
		VEC_PUSH(marks, out.len);
		if (out.len || absolute)
			sb_addc(&out, '/');
		sb_adds(&out, seg);
	}
	const char *r = arena_strdup(a, out.len ? out.buf : absolute ? "/" : ".");
	free(marks.v);
	sb_release(&in);
	sb_release(&out);
	return r;
}

char **path_list_files(const char *dir, int (*want)(const char *name), size_t *n)
{
	DIR *d = opendir(dir);
	VEC(char *) names = {0};
	if (!d)
		return NULL;
	struct dirent *e;
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.' || !want(e->d_name))
			continue;
		char *path = strcmp(dir, ".") ? xasprintf("%s/%s", dir, e->d_name) : xstrdup(e->d_name);
		struct stat st;
		if (stat(path, &st) == 0 && S_ISREG(st.st_mode))
			VEC_PUSH(names, path);
		else
			free(path);
	}
	closedir(d);
	sort_array(names.v, names.n, sizeof(*names.v), str_ptr_cmp);
	*n = names.n;
	VEC_PUSH(names, NULL);
	return names.v;
}

void path_list_free(char **names)
{
	for (char **p = names; p && *p; p++)
		free(*p);
	free(names);
}

/* The path with its directory resolved: the file itself need not exist. */
static char *resolved_path(const char *p)
{
	char *real = realpath(p, NULL);
	if (real)
		return real;
	const char *slash = strrchr(p, '/');
	char *dir = slash ? xstrndup(p, slash == p ? 1 : (size_t)(slash - p)) : xstrdup(".");
	char *rdir = realpath(dir, NULL);
	char *r = rdir ? xasprintf("%s/%s", rdir, slash ? slash + 1 : p) : xstrdup(p);
	free(rdir);
	free(dir);
	return r;
}

int path_same_file(const char *a, const char *b)
{
	struct stat sa, sb;
	int ea = stat(a, &sa) == 0, eb = stat(b, &sb) == 0;
	if (ea != eb)
		return 0;
	if (ea)
		return S_ISREG(sa.st_mode) && sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
	char *ra = resolved_path(a), *rb = resolved_path(b);
	int same = strcmp(ra, rb) == 0;
	free(ra);
	free(rb);
	return same;
}
