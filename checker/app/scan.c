/* scan.c - see scan.h */
#define _XOPEN_SOURCE 700 /* realpath */
#include "app/scan.h"

#include <dirent.h>
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/hmap.h"
#include "doc/load.h"
#include "model/model.h"
#include "model/passes.h"
#include "reach/reach.h"
#include "policy/suppress.h"
#include "rules/eval.h"

/* ---- collecting files ----------------------------------------------------- */

static void add_target(struct scan_targets *t, const char *path, int explicit_arg)
{
	struct scan_unit st = {xstrdup(path), explicit_arg, NULL};
	VEC_PUSH(t->v, st);
}

/* A file that makes its directory a unit (a .tf file: the module). */
static int add_dir_candidate(struct scan_targets *t, const char *file, int explicit_arg)
{
	const struct frontend *f = frontend_of_dir_member(file);
	if (!f)
		return 0;
	const char *slash = strrchr(file, '/');
	char *dir = slash ? xstrndup(file, (size_t)(slash - file == 0 ? 1 : slash - file)) : xstrdup(".");
	for (size_t i = 0; i < t->dirs.n; i++)
		if (t->dirs.v[i].dir_frontend == f && strcmp(t->dirs.v[i].path, dir) == 0) {
			t->dirs.v[i].explicit_arg |= explicit_arg;
			free(dir);
			return 1;
		}
	struct scan_unit u = {dir, explicit_arg, f};
	VEC_PUSH(t->dirs, u);
	return 1;
}

/* What the files of a scan deploy (nested stacks): edges between real paths. */
struct deploy_edge {
	const char *from, *to;
};

struct deployed {
	struct arena a;
	VEC(struct deploy_edge) edges;
	struct hmap to;   /* real path -> 1: deployed by some file */
	const char *path; /* the deploying file as found */
	const char *from; /* its real path, made on the first nested stack */
};

static void add_deployed(void *ctx, const char *rel)
{
	struct deployed *d = ctx;
	if (!d->from) {
		char *r = realpath(d->path, NULL);
		d->from = r ? arena_strdup(&d->a, r) : d->path;
		free(r);
	}
	const char *slash = strrchr(d->from, '/');
	char *path = rel[0] == '/' || !slash ? arena_strdup(&d->a, rel)
					      : arena_printf(&d->a, "%.*s/%s", (int)(slash - d->from), d->from, rel);
	char *real = realpath(path, NULL);
	if (real && strcmp(real, d->from) != 0) {
		struct deploy_edge e = {d->from, arena_strdup(&d->a, real)};
		VEC_PUSH(d->edges, e);
		hmap_put(&d->to, e.to, (void *)1);
	}
	free(real);
}

/* Whether another file deploys `real` without `real` deploying it back
 * (two templates that deploy each other are both scanned on their own). */
static int deployed_by_other(const struct deployed *d, const char *real)
{
	if (!hmap_get(&d->to, real))
		return 0;
	for (size_t i = 0; i < d->edges.n; i++) {
		if (strcmp(d->edges.v[i].to, real) != 0)
			continue;
		int back = 0;
		for (size_t k = 0; k < d->edges.n && !back; k++)
			back = strcmp(d->edges.v[k].from, real) == 0 && strcmp(d->edges.v[k].to, d->edges.v[i].from) == 0;
		if (!back)
			return 1;
	}
	return 0;
}

/* Which files may deploy another: those holding a deploying frontend's
 * marker (file_contains reads in blocks). Every candidate file is asked,
 * so the files are shared among `jobs` threads. */
struct marker_scan {
	const struct scan_targets *t;
	unsigned char *hit; /* per unit: bit f set when frontends[f]'s marker is in it */
	atomic_size_t next;
};

static void *marker_worker(void *arg)
{
	struct marker_scan *ms = arg;
	size_t i;
	while ((i = atomic_fetch_add(&ms->next, 1)) < ms->t->v.n) {
		const struct scan_unit *u = &ms->t->v.v[i];
		if (u->dir_frontend || strcmp(u->path, "-") == 0)
			continue;
		for (size_t f = 0; f < frontend_count && f < 8; f++) {
			const struct frontend *fe = frontends[f];
			if (fe->deploys && (!fe->deploys_marker || file_contains(u->path, fe->deploys_marker)))
				ms->hit[i] |= (unsigned char)(1u << f);
		}
	}
	return NULL;
}

/* fn(arg) on n threads, which share the work through arg; on this one
 * when n is 1 or no thread can be started. */
static void run_threads(size_t n, void *(*fn)(void *), void *arg)
{
	pthread_t *th = xcalloc(n ? n : 1, sizeof(*th));
	size_t started = 0;
	while (n > 1 && started < n && pthread_create(&th[started], NULL, fn, arg) == 0)
		started++;
	if (started == 0)
		fn(arg);
	for (size_t i = 0; i < started; i++)
		pthread_join(th[i], NULL);
	free(th);
}

static unsigned char *marked_files(const struct scan_targets *t, int jobs)
{
	struct marker_scan ms = {t, xcalloc(t->v.n + 1, 1), 0};
	atomic_init(&ms.next, 0);
	/* no more threads than a few dozen files each */
	size_t n = jobs > 1 ? (size_t)jobs : 1;
	if (n > t->v.n / 64)
		n = t->v.n / 64 ? t->v.n / 64 : 1;
	run_threads(n, marker_worker, &ms);
	return ms.hit;
}

/* A file that another file of the scan deploys as a nested stack is
 * scanned inside it, with the parameters it passes, not on its own (as a
 * Terraform module is scanned inside its calls). */
static void drop_deployed(struct scan_targets *t, const struct load_limits *lim, int jobs)
{
	struct deployed d;
	struct strbuf buf = STRBUF_INIT;
	memset(&d, 0, sizeof(d));
	arena_init(&d.a);
	hmap_init(&d.to, &d.a);
	unsigned char *hit = marked_files(t, jobs);
	for (size_t i = 0; i < t->v.n; i++) {
		const struct scan_unit *u = &t->v.v[i];
		if (!hit[i] || read_file_into(u->path, lim->max_file_size, &buf) != 0)
			continue;
		d.path = u->path;
		d.from = NULL;
		for (size_t f = 0; f < frontend_count && f < 8; f++)
			if (hit[i] & (1u << f))
				frontends[f]->deploys(u->path, sb_str(&buf), buf.len, lim, add_deployed, &d);
	}
	free(hit);
	size_t k = 0;
	for (size_t i = 0; i < t->v.n; i++) {
		char *real = d.edges.n && !t->v.v[i].dir_frontend ? realpath(t->v.v[i].path, NULL) : NULL;
		if (real && deployed_by_other(&d, real))
			free(t->v.v[i].path);
		else
			t->v.v[k++] = t->v.v[i];
		free(real);
	}
	t->v.n = k;
	free(d.edges.v);
	sb_release(&buf);
	arena_release(&d.a);
}

/* A file named twice (twice on the command line, listed twice, or named
 * and found in a walk, through any symlink) is one unit: the first place
 * it comes in, named by the user if either was. It is known by its
 * repository path, which its findings' fingerprints hold: two units of
 * one file would report every finding twice, under the same fingerprints.
 * (Hard links are files of their own there, as in git.) */
static void drop_repeats(struct scan_targets *t, const struct repo_root *root)
{
	struct arena a;
	struct hmap seen;
	struct strbuf key = STRBUF_INIT;
	arena_init(&a);
	hmap_init(&seen, &a);
	size_t k = 0;
	for (size_t i = 0; i < t->v.n; i++) {
		struct scan_unit *u = &t->v.v[i];
		sb_reset(&key);
		repo_path(root, u->path, &key);
		uintptr_t first = (uintptr_t)hmap_get(&seen, sb_str(&key));
		if (first) {
			t->v.v[first - 1].explicit_arg |= u->explicit_arg;
			free(u->path);
			continue;
		}
		hmap_put(&seen, arena_strdup(&a, sb_str(&key)), (void *)(uintptr_t)(k + 1));
		t->v.v[k++] = *u;
	}
	t->v.n = k;
	sb_release(&key);
	arena_release(&a);
}

void scan_units(struct scan_targets *t, const struct frontend_states *formats, const struct load_limits *lim,
		const struct repo_root *root, int jobs)
{
	drop_repeats(t, root);
	drop_deployed(t, lim, jobs);
	size_t n = t->dirs.n;
	char **dirs = xcalloc(n + 1, sizeof(*dirs));
	int *is_root = xcalloc(n + 1, sizeof(*is_root));
	for (size_t i = 0; i < n; i++) {
		dirs[i] = t->dirs.v[i].path;
		is_root[i] = 1;
	}
	for (size_t f = 0; f < frontend_count; f++) {
		const struct frontend *fe = frontends[f];
		if (!fe->roots)
			continue;
		VEC(char *) mine = {0};
		VEC(size_t) where = {0};
		for (size_t i = 0; i < n; i++)
			if (t->dirs.v[i].dir_frontend == fe) {
				VEC_PUSH(mine, dirs[i]);
				VEC_PUSH(where, i);
			}
		int *roots = xcalloc(mine.n + 1, sizeof(*roots));
		if (mine.n)
			fe->roots(formats ? formats->state[f] : NULL, mine.v, mine.n, lim, roots);
		for (size_t k = 0; k < mine.n; k++)
			is_root[where.v[k]] = roots[k];
		free(roots);
		free(mine.v);
		free(where.v);
	}
	for (size_t i = 0; i < n; i++) {
		if (is_root[i])
			VEC_PUSH(t->v, t->dirs.v[i]);
		else
			free(t->dirs.v[i].path);
	}
	t->dirs.n = 0;
	free(dirs);
	free(is_root);
}

static int skipped_dir(const char *name)
{
	return strcmp(name, ".git") == 0 || strcmp(name, ".terraform") == 0 ||
	       strcmp(name, "node_modules") == 0;
}

/* The walk goes this deep at most; a deeper directory is an error (exit 2),
 * never skipped in silence: the gate must not pass on what it did not see. */
#define WALK_MAX_DEPTH 64

static void walk_error(struct scan_targets *t, const char *dir, const char *why)
{
	struct diag d;
	d.loc = (struct loc){NULL, 0, 0};
	snprintf(d.msg, sizeof(d.msg), "%s: %s", dir, why);
	VEC_PUSH(t->errors, d);
}

/* A regular file, or a symlink to one: a walk never opens a FIFO, socket or
 * device that happens to be named *.yaml. */
static int walk_takes(const char *path, const struct stat *st)
{
	struct stat target;
	if (S_ISREG(st->st_mode))
		return 1;
	return S_ISLNK(st->st_mode) && stat(path, &target) == 0 && S_ISREG(target.st_mode);
}

static void walk(struct scan_targets *t, const char *dir, const struct config *cfg, int depth)
{
	if (depth > WALK_MAX_DEPTH) {
		walk_error(t, dir, "directory nested deeper than 64 levels below the path given: not scanned");
		return;
	}
	DIR *d = opendir(dir);
	if (!d) {
		char why[160];
		snprintf(why, sizeof(why), "cannot read directory: %s", strerror(errno));
		walk_error(t, dir, why);
		return;
	}
	VEC(char *) names = {0};
	struct dirent *e;
	while ((e = readdir(d)) != NULL)
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
			VEC_PUSH(names, xstrdup(e->d_name));
	closedir(d);
	sort_array(names.v, names.n, sizeof(*names.v), str_ptr_cmp);
	size_t dl = strlen(dir);
	for (size_t i = 0; i < names.n; i++) {
		char *path = dl && dir[dl - 1] == '/' ? xasprintf("%s%s", dir, names.v[i])
						      : xasprintf("%s/%s", dir, names.v[i]);
		struct stat st;
		if (lstat(path, &st) == 0 && !(cfg && config_excluded(cfg, path))) {
			if (S_ISDIR(st.st_mode)) {
				if (!skipped_dir(names.v[i]))
					walk(t, path, cfg, depth + 1);
			} else if (!walk_takes(path, &st)) {
				/* symlinked directories, FIFOs, sockets, devices */
			} else if (add_dir_candidate(t, path, 0)) {
				/* its directory is the unit */
			} else if (frontend_candidate_name(path)) {
				add_target(t, path, 0);
			}
		}
		free(path);
		free(names.v[i]);
	}
	free(names.v);
}

void scan_add_path(struct scan_targets *t, const char *path, const struct config *cfg, int listed)
{
	struct stat st;
	if (strcmp(path, "-") == 0 && !listed) {
		add_target(t, "-", 1);
		return;
	}
	if (stat(path, &st) != 0) {
		struct diag d;
		d.loc = (struct loc){NULL, 0, 0};
		snprintf(d.msg, sizeof(d.msg), "%s: %s", path, strerror(errno));
		VEC_PUSH(t->errors, d);
		return;
	}
	if (S_ISDIR(st.st_mode)) {
		size_t before = t->dirs.n;
		walk(t, path, cfg, 0);
		for (size_t i = before; i < t->dirs.n; i++) /* the directory named itself */
			t->dirs.v[i].explicit_arg |= strcmp(t->dirs.v[i].path, path) == 0;
	} else if (add_dir_candidate(t, path, !listed)) {
		/* a .tf file (or a .tfvars beside them) stands for its module directory */
	} else if (!listed)
		add_target(t, path, 1);
	else if (frontend_candidate_name(path) && !(cfg && config_excluded(cfg, path)))
		add_target(t, path, 0);
}

static uint32_t path_hash(const char *s)
{
	uint32_t h = 2166136261u;
	for (; *s; s++) {
		h ^= (unsigned char)*s;
		h *= 16777619u;
	}
	return h;
}

void scan_shard(struct scan_targets *t, unsigned k, unsigned n)
{
	size_t m = 0;
	for (size_t i = 0; i < t->v.n; i++) {
		const char *p = t->v.v[i].path;
		while (p[0] == '.' && p[1] == '/')
			p += 2;
		if (path_hash(p) % n == k - 1)
			t->v.v[m++] = t->v.v[i];
		else
			free(t->v.v[i].path);
	}
	t->v.n = m;
}

void scan_targets_release(struct scan_targets *t)
{
	for (size_t i = 0; i < t->v.n; i++)
		free(t->v.v[i].path);
	for (size_t i = 0; i < t->dirs.n; i++)
		free(t->dirs.v[i].path);
	free(t->v.v);
	free(t->dirs.v);
	free(t->errors.v);
}

/* ---- one file ---------------------------------------------------------------- */

/* sgcheck graph: the unit's graph, drawn into its result. */
static void draw_unit(int format, struct model *m, struct unit_result *r)
{
	struct reach *g = reach_build(m);
	struct strbuf sb = STRBUF_INIT;
	reach_graph(g, format, &sb);
	r->graph = arena_strdup(&r->arena, sb_str(&sb));
	sb_release(&sb);
	reach_release(g);
}

/* Nested units (CloudFormation nested stacks with a local template) are
 * scanned inside the unit that deploys them, at most this deep. */
#define NESTED_MAX_DEPTH 8

/* The models of one unit (its own and those of the units it deploys):
 * alive until the suppressions have read the findings' resources. */
typedef VEC(struct model *) model_vec;

struct nest_ctx {
	const struct scan_opts *o;
	struct arena *a;
	struct unit_result *r;
	model_vec models;
	char *root;                         /* nested files must lie under it (realpath) */
	char *chain[NESTED_MAX_DEPTH + 1];  /* realpaths of the files deploying this one */
	int depth;
};

/* Passes, counts, rules: one model into the unit's result. */
static void eval_model(const struct scan_opts *o, struct model *m, struct arena *a, struct unit_result *r)
{
	model_prefix_lists(m);
	model_nacl_order(m);
	model_union_coverage(m);
	r->scanned = 1;
	r->resources += (uint32_t)m->resources.n;
	for (size_t i = 0; i < m->resources.n; i++) {
		const struct resource *res = m->resources.v[i];
		if (!res->deployed && res->left_out) {
			unit_result_skipped(r, res->loc, arena_printf(a, "%s (%s) is not deployed, so not checked: %s",
								   res->id, res->type, res->left_out));
		}
	}
	if (o->graph && !m->nested_unit)
		draw_unit(o->graph, m, r);
	else if (!o->graph)
		eval_unit(o->rs, m, r);
	for (size_t i = 0; i < m->errors.n; i++)
		unit_result_error(r, m->errors.v[i].loc, m->errors.v[i].msg);
	for (size_t i = 0; i < m->notes.n; i++)
		unit_result_note(r, m->notes.v[i].loc, m->notes.v[i].msg);
}

/* "dir/of/file" + "rel" -> the nested file's path as the user would name it. */
static char *nested_path(struct arena *a, const char *file, const char *rel)
{
	const char *slash = strrchr(file, '/');
	if (rel[0] == '/' || !slash)
		return arena_strdup(a, rel);
	return arena_printf(a, "%.*s/%s", (int)(slash - file), file, rel);
}

static int under_root(const char *real, const char *root)
{
	size_t n = strlen(root);
	return strncmp(real, root, n) == 0 && (real[n] == '/' || real[n] == '\0' || (n == 1 && root[0] == '/'));
}

static void scan_nested(struct nest_ctx *nc, const struct frontend *f, struct model *parent);

/* One nested unit: confined to the root, not already on the chain, not
 * too deep; read, built with the inputs passed, evaluated, and its own
 * nested units after it. */
static void nested_unit(struct nest_ctx *nc, const struct frontend *f, const struct model_nested *ns)
{
	struct unit_result *r = nc->r;
	const char *path = nested_path(nc->a, ns->file ? ns->file : r->path, ns->path);
	char *real = realpath(path, NULL);
	if (!real) {
		unit_result_error(r, ns->loc, arena_printf(nc->a, "nested stack %s: TemplateURL %s: %s", ns->via, path,
							 strerror(errno)));
		return;
	}
	const char *skip = NULL;
	if (!nc->root || !under_root(real, nc->root))
		skip = "it lies outside the scanned root, which is never read";
	for (int i = 0; i <= nc->depth && !skip; i++)
		if (nc->chain[i] && strcmp(nc->chain[i], real) == 0)
			skip = "it deploys itself through a cycle of nested stacks";
	if (!skip && nc->depth >= NESTED_MAX_DEPTH)
		skip = arena_printf(nc->a, "nested stacks go deeper than %d", NESTED_MAX_DEPTH);
	if (skip) {
		unit_result_note(r, ns->loc, arena_printf(nc->a, "nested stack %s: %s is not scanned: %s", ns->via, path,
							skip));
		free(real);
		return;
	}
	struct doc *doc = arena_alloc(nc->a, sizeof(*doc));
	struct diag err;
	if (load_file(path, str_has_suffix(path, ".json") ? SYNTAX_JSON : SYNTAX_AUTO, &nc->o->lim, nc->a, doc,
		      &err) != 0) {
		unit_result_error(r, err.loc.file ? err.loc : ns->loc, err.msg);
		free(real);
		return;
	}
	if (frontend_detect(doc->root) != f) {
		unit_result_error(r, ns->loc, arena_printf(nc->a, "nested stack %s: %s is not a CloudFormation template",
							 ns->via, path));
		doc_release(doc);
		free(real);
		return;
	}
	struct model *m = arena_alloc(nc->a, sizeof(*m));
	model_init(m, nc->a);
	model_own_doc(m, doc);
	m->nested_unit = 1;
	m->inputs = ns->inputs;
	m->ninputs = ns->ninputs;
	f->build(nc->o->formats ? frontend_state(nc->o->formats, f) : NULL, m);
	r->nfiles++;
	r->per_file = 1;
	unit_result_file(r, doc->file);
	VEC_PUSH(nc->models, m);
	eval_model(nc->o, m, nc->a, r);
	nc->chain[++nc->depth] = real;
	scan_nested(nc, f, m);
	nc->chain[nc->depth--] = NULL;
	free(real);
}

static void scan_nested(struct nest_ctx *nc, const struct frontend *f, struct model *parent)
{
	for (size_t i = 0; i < parent->nested.n; i++)
		nested_unit(nc, f, &parent->nested.v[i]);
}

/* The directory nested files must stay under: the repository root when
 * the unit lies in it, else the unit's own directory (realpath). */
static char *nested_root(const struct scan_opts *o, const char *unit_real)
{
	if (o->root && o->root->root) {
		char *root = realpath(o->root->root, NULL);
		if (root && under_root(unit_real, root))
			return root;
		free(root);
	}
	char *dir = strdup(unit_real);
	char *slash = dir ? strrchr(dir, '/') : NULL;
	if (slash)
		*(slash == dir ? slash + 1 : slash) = '\0';
	return dir;
}

/* The unit's model, through its frontend, then the format-free passes,
 * the rules, the units it deploys, and the suppressions. */
static void pipeline(const struct scan_opts *o, const struct frontend *f, struct doc *doc, const char *dir,
		     struct arena *a, struct unit_result *r)
{
	struct model m;
	const void *state = o->formats ? frontend_state(o->formats, f) : NULL;
	model_init(&m, a);
	if (doc) {
		model_add_doc(&m, doc);
		f->build(state, &m);
	} else {
		f->build_dir(state, &m, dir, &o->lim);
		r->nfiles = m.files_read;
	}
	eval_model(o, &m, a, r);
	struct nest_ctx nc;
	memset(&nc, 0, sizeof(nc));
	if (m.nested.n && doc) {
		nc.o = o;
		nc.a = a;
		nc.r = r;
		nc.chain[0] = realpath(doc->file, NULL);
		nc.root = nc.chain[0] ? nested_root(o, nc.chain[0]) : NULL;
		scan_nested(&nc, f, &m);
	} else if (m.nested.n) {
		unit_result_note(r, m.nested.v[0].loc, "nested stacks of this unit are not scanned");
	}
	struct suppress_opts so = {o->cfg, o->baseline, o->today, o->root, o->config_dir};
	suppress_unit(&so, r);
	for (size_t i = 0; i < r->findings.n; i++) { /* the models die with the arena */
		struct finding *fd = &r->findings.v[i];
		fd->origin = NULL;
		for (uint32_t k = 0; k < fd->nunion; k++)
			fd->union_of[k].origin = NULL;
	}
	for (size_t i = 0; i < nc.models.n; i++)
		model_release(nc.models.v[i]);
	free(nc.models.v);
	free(nc.chain[0]);
	free(nc.root);
	model_release(&m);
}

/* CloudFormation reads one YAML document per template: a file holding more
 * is an error when any of them is IaC (a template in document 2 must not
 * pass as "not CloudFormation"), and skipped like any other file when none
 * is (Kubernetes manifests). 1 when the file is done with. */
static int more_documents(const struct doc *doc, const struct frontend *f, struct unit_result *r)
{
	int iac = f != NULL;
	for (uint32_t i = 0; i < doc->nmore_docs && !iac; i++)
		iac = frontend_detect(doc->more_docs[i]) != NULL;
	if (!iac)
		return 0;
	char msg[200];
	snprintf(msg, sizeof(msg), "%u YAML documents in one file ('---'): a CloudFormation template or "
		 "Terraform document is one document, the others would not be checked", doc->nmore_docs + 1);
	unit_result_error(r, doc->more_docs[0]->loc, msg);
	return 1;
}

static void scan_text_in(const struct scan_opts *o, const char *path, const char *buf, size_t len,
			 int explicit_arg, struct unit_result *r, struct arena *work)
{
	struct arena *a = work;
	struct doc doc;
	struct diag err;
	r->explicit_arg = explicit_arg;
	/* Cheap pre-filter for directory walks: every template and plan names
	 * an AWS:: type, AWSTemplateFormatVersion or format_version. */
	int looks_iac = text_has_utf16_bom(buf, len) || frontend_looks_like_iac(buf, len);
	/* An empty file is an error whether named or walked into: it is more
	 * often a template that was truncated (a failed synth or redirect)
	 * than a placeholder, and a gate must not pass it as clean. */
	int empty = !looks_iac && text_is_empty(buf, len);
	if (!explicit_arg && !looks_iac && !empty)
		return;
	/* .json files are JSON: a broken one must not pass as YAML */
	enum syntax hint = str_has_suffix(path, ".json") || str_has_suffix(path, ".tfstate")
				   ? SYNTAX_JSON : SYNTAX_AUTO;
	if (load_buffer(path, buf, len, hint, &o->lim, a, &doc, &err) != 0) {
		if (explicit_arg || looks_iac || empty)
			unit_result_error(r, err.loc, err.msg);
		goto cleanup;
	}
	const struct frontend *f = doc.root ? frontend_detect(doc.root) : NULL;
	if (doc.nmore_docs && more_documents(&doc, f, r))
		goto cleanup;
	if (!f) {
		if (explicit_arg)
			unit_result_note(r, (struct loc){path, 0, 0},
					 "not a CloudFormation template or a Terraform plan or state: skipped");
		goto cleanup;
	}
	pipeline(o, f, &doc, NULL, a, r);
cleanup:
	doc_release(&doc);
	arena_reset(a);
}

void scan_text(const struct scan_opts *o, const char *path, const char *buf, size_t len,
	       int explicit_arg, struct unit_result *r)
{
	struct arena a;
	arena_init(&a);
	scan_text_in(o, path, buf, len, explicit_arg, r, &a);
	arena_release(&a);
}

/* What a worker keeps from one file to the next. */
struct worker_mem {
	struct arena arena;
	struct strbuf input;
};

static void scan_one(const struct scan_opts *o, const struct scan_unit *t, struct unit_result *r,
		     struct worker_mem *w)
{
	const char *path = strcmp(t->path, "-") == 0 ? "<stdin>" : t->path;
	unit_result_init(r, path);
	if (t->dir_frontend) {
		r->explicit_arg = t->explicit_arg;
		pipeline(o, t->dir_frontend, NULL, t->path, &w->arena, r);
		arena_reset(&w->arena);
		return;
	}
	int rc = read_file_into(t->path, o->lim.max_file_size, &w->input);
	if (rc == -2) {
		char msg[128];
		snprintf(msg, sizeof(msg), "file is larger than the limit of %zu bytes (--max-file-size)",
			 o->lim.max_file_size);
		unit_result_error(r, (struct loc){path, 0, 0}, msg);
		return;
	}
	if (rc != 0) {
		char msg[256];
		snprintf(msg, sizeof(msg), "cannot read: %s", read_file_error(rc));
		unit_result_error(r, (struct loc){path, 0, 0}, msg);
		return;
	}
	scan_text_in(o, path, w->input.buf, w->input.len, t->explicit_arg, r, &w->arena);
}

/* ---- the worker pool ----------------------------------------------------------- */

/* Units finish in any order; their shares are emitted in the units' order
 * as soon as every earlier one is. A worker does not start a unit more
 * than WINDOW units ahead of the last emitted, so what waits is bounded
 * by the workers, not by the corpus. */
#define WINDOW_PER_JOB 16

struct slot {
	void *share;
	int ready;
};

struct pool {
	const struct scan_opts *o;
	const struct scan_targets *t;
	const struct scan_sink *sink;
	pthread_mutex_t mu;
	pthread_cond_t room; /* the window moved */
	size_t next;         /* the next unit to start */
	size_t emitted;      /* units emitted so far */
	int emitting;        /* a worker is emitting */
	size_t window;
	struct slot *slots;  /* window of them, unit i in slots[i % window] */
};

/* The next unit to scan, or SIZE_MAX when there is none. */
static size_t take_unit(struct pool *p)
{
	size_t i = SIZE_MAX;
	pthread_mutex_lock(&p->mu);
	while (p->next < p->t->v.n && p->next >= p->emitted + p->window)
		pthread_cond_wait(&p->room, &p->mu);
	if (p->next < p->t->v.n)
		i = p->next++;
	pthread_mutex_unlock(&p->mu);
	return i;
}

/* Unit i is done: its share waits in its slot; the worker that finds the
 * next unit to emit ready emits all that are, one at a time. */
static void publish(struct pool *p, size_t i, void *share)
{
	pthread_mutex_lock(&p->mu);
	p->slots[i % p->window] = (struct slot){share, 1};
	if (p->emitting) {
		pthread_mutex_unlock(&p->mu);
		return;
	}
	p->emitting = 1;
	while (p->emitted < p->t->v.n && p->slots[p->emitted % p->window].ready) {
		struct slot *sl = &p->slots[p->emitted % p->window];
		void *next = sl->share;
		size_t k = p->emitted;
		sl->ready = 0;
		pthread_mutex_unlock(&p->mu);
		p->sink->emit(p->sink->ctx, k, next);
		pthread_mutex_lock(&p->mu);
		p->emitted++;
		pthread_cond_broadcast(&p->room);
	}
	p->emitting = 0;
	pthread_mutex_unlock(&p->mu);
}

static void *worker(void *arg)
{
	struct pool *p = arg;
	struct worker_mem w = {.input = STRBUF_INIT};
	size_t i;
	arena_init(&w.arena);
	while ((i = take_unit(p)) != SIZE_MAX) {
		struct unit_result r;
		scan_one(p->o, &p->t->v.v[i], &r, &w);
		publish(p, i, p->sink->done(p->sink->ctx, i, &r));
	}
	arena_release(&w.arena);
	sb_release(&w.input);
	return NULL;
}

void scan_run(const struct scan_opts *o, const struct scan_targets *t, const struct scan_sink *sink)
{
	struct pool p;
	memset(&p, 0, sizeof(p));
	p.o = o;
	p.t = t;
	p.sink = sink;
	size_t jobs = o->jobs > 0 ? (size_t)o->jobs : 1;
	if (jobs > t->v.n)
		jobs = t->v.n ? t->v.n : 1;
	p.window = WINDOW_PER_JOB * jobs;
	p.slots = xcalloc(p.window, sizeof(*p.slots));
	pthread_mutex_init(&p.mu, NULL);
	pthread_cond_init(&p.room, NULL);
	run_threads(jobs, worker, &p);
	free(p.slots);
	pthread_cond_destroy(&p.room);
	pthread_mutex_destroy(&p.mu);
}
