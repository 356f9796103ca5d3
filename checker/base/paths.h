/* paths.h - one way to name a file in reports, fingerprints and globs.
 *
 * The *repository root* is the nearest directory at or above the working
 * directory that holds `.git` (a directory, or the file of a worktree or
 * submodule), else the working directory itself (SPEC 12). A file's
 * *repository path* is its path relative to that root, '/'-separated,
 * without "." or ".." steps: the same file gives the same repository path
 * however it was named on the command line (`./a.yaml`, `a.yaml`,
 * `dir/../a.yaml`, an absolute path) and from whichever folder sgcheck ran.
 * Fingerprints, baselines, ignore globs, --skip-path, SARIF `uri` and GitLab
 * locations all use it.
 *
 * A file outside the root keeps its absolute (normalised) path; a name in
 * angle brackets (`<stdin>`) is not a path and is kept as it is.
 *
 * Ownership: a repo_root owns its two strings (repo_root_release()); it is
 * read-only after repo_root_init() and shared by every worker thread.
 */
#ifndef SG_PATHS_H
#define SG_PATHS_H

#include "base/util.h"

struct repo_root {
	char *cwd;  /* absolute, physical (getcwd) */
	char *root; /* absolute; cwd or one of its parents */
};

void repo_root_init(struct repo_root *r);
void repo_root_release(struct repo_root *r);

/* Append the repository path of `path` (relative to the working directory,
 * or absolute) to out. r may be NULL (no working directory known: the path
 * is only cleaned up lexically). */
void repo_path(const struct repo_root *r, const char *path, struct strbuf *out);

/* Whether a repository path lies outside the root (is absolute). */
int repo_path_outside(const char *rpath);

/* Append repository path `rpath` as seen from directory `dir` (a repository
 * path, "" for the root): "x/a.yaml" from "x" is "a.yaml", from "y" it is
 * "../x/a.yaml". A path outside the repository is appended as it is. */
void repo_path_from(const char *rpath, const char *dir, struct strbuf *out);

/* gitignore-like glob match of a '/'-separated relative path: the glob
 * matches the whole path or one of its leading directories ("vendor/...",
 * "net/legacy"); a glob without '/' matches any single component
 * ("*.generated.yaml", "vendor"). */
/* `rel` seen from directory `dir`, normalized; in the arena. */
const char *path_join_dir(struct arena *a, const char *dir, const char *rel);

/* The regular files of `dir` (not hidden) whose names `want`, as dir/name,
 * sorted, NULL-terminated; *n of them. NULL when dir cannot be read.
 * path_list_free() releases them. */
char **path_list_files(const char *dir, int (*want)(const char *name), size_t *n);
void path_list_free(char **names);

int path_glob_match(const char *glob, const char *path);

/* Whether a and b name the same regular file (the same inode), or, when
 * neither exists yet, the same path once symlinks in its directory are
 * resolved. Devices, FIFOs and /dev/stdout are never "the same file": two
 * reports may both go to /dev/null. */
int path_same_file(const char *a, const char *b);

#endif
