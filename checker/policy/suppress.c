/* suppress.c - see suppress.h */
#define _POSIX_C_SOURCE 200809L
#include "policy/suppress.h"

#include <fnmatch.h>
#include <stdio.h>
#include <string.h>

#include "base/paths.h"
#include "policy/baseline.h"
#include "policy/config.h"
#include "model/model.h"
#include "rules/rules.h"

static uint64_t fnv1a(uint64_t h, const char *s)
{
	for (const unsigned char *p = (const unsigned char *)(s ? s : "\x01"); *p; p++) {
		h ^= *p;
		h *= 0x100000001b3ull;
	}
	h ^= 0xff; /* field separator */
	h *= 0x100000001b3ull;
	return h;
}

/* Computed for every finding, so without printf (which cost more than
 * the hash): the fields hashed are "direction-from-to" and the rest. */
const char *finding_fingerprint(struct arena *a, const struct finding *f)
{
	char ports[3 * INT_TEXT_SIZE + 2] = "?", d[INT_TEXT_SIZE], lo[INT_TEXT_SIZE], hi[INT_TEXT_SIZE];
	if (f->ports_known) {
		const char *parts[] = {int_text(f->direction, d), "-", int_text(f->from_port, lo), "-",
				       int_text(f->to_port, hi)};
		size_t off = 0;
		for (size_t i = 0; i < sizeof(parts) / sizeof(parts[0]); i++) {
			size_t n = strlen(parts[i]);
			memcpy(ports + off, parts[i], n);
			off += n;
		}
		ports[off] = '\0';
	}
	uint64_t h = 0xcbf29ce484222325ull;
	h = fnv1a(h, f->rule->id);
	h = fnv1a(h, f->repo_path ? f->repo_path : f->file);
	h = fnv1a(h, f->resource);
	h = fnv1a(h, f->protocol);
	h = fnv1a(h, ports);
	h = fnv1a(h, f->source);
	char *hex = arena_alloc_raw(a, 17);
	for (int i = 15; i >= 0; i--, h >>= 4)
		hex[i] = "0123456789abcdef"[h & 15];
	hex[16] = '\0';
	return hex;
}

static void mark(struct finding *f, const char *kind, const char *reason)
{
	f->suppressed = 1;
	f->supp_kind = kind;
	f->supp_reason = reason;
}

static int suppressed_in(struct unit_result *r, struct finding *f, const struct resource *res)
{
	for (uint32_t i = 0; res && i < res->nsupp; i++) {
		if (fnmatch(res->supp[i].rule, f->rule->id, 0) == 0) {
			mark(f, "inline", arena_strdup(&r->arena, res->supp[i].reason));
			return 1;
		}
	}
	return 0;
}

/* A union finding is suppressed by a suppression on any of its members:
 * each admits the finding's traffic, so its owner has accepted it. */
static int inline_suppression(struct unit_result *r, struct finding *f)
{
	if (suppressed_in(r, f, f->origin))
		return 1;
	for (uint32_t k = 0; k < f->nunion; k++)
		if (suppressed_in(r, f, f->union_of[k].origin))
			return 1;
	return 0;
}

/* Findings of a unit name a few files (interned): one repository path each. */
static const char *repo_path_of(const struct suppress_opts *o, struct unit_result *r, const char *file,
				const char **last_file, const char **last_path)
{
	if (file == *last_file && *last_path)
		return *last_path;
	struct strbuf sb = STRBUF_INIT;
	repo_path(o->root, file, &sb);
	*last_file = file;
	*last_path = arena_strdup(&r->arena, sb_str(&sb));
	sb_release(&sb);
	return *last_path;
}

/* Configuration `file:` globs match the path seen from the file's directory. */
static const char *ignore_reason(const struct suppress_opts *o, const struct finding *f)
{
	struct strbuf path = STRBUF_INIT;
	if (o->config_dir)
		repo_path_from(f->repo_path, o->config_dir, &path);
	else
		sb_adds(&path, f->repo_path);
	const char *reason = config_ignore_reason(o->cfg, f, sb_str(&path), o->today);
	sb_release(&path);
	return reason;
}

/* The hops of an exposure path, relative to the repository root too. */
static void exposure_paths(const struct suppress_opts *o, struct unit_result *r, struct finding *f,
			   const char **last_file, const char **last_path)
{
	for (uint32_t i = 0; f->exposure && i < f->exposure->ntargets; i++)
		for (uint32_t k = 0; k < f->exposure->targets[i].npath; k++) {
			struct exposure_hop *h = &f->exposure->targets[i].path[k];
			h->repo_path = h->file == f->file ? f->repo_path : repo_path_of(o, r, h->file, last_file, last_path);
		}
}

void suppress_unit(const struct suppress_opts *o, struct unit_result *r)
{
	const char *last_file = NULL, *last_path = NULL;
	for (size_t i = 0; i < r->findings.n; i++) {
		struct finding *f = &r->findings.v[i];
		f->repo_path = repo_path_of(o, r, f->file, &last_file, &last_path);
		if (f->in_source.file)
			f->in_source.repo_path = repo_path_of(o, r, f->in_source.file, &last_file, &last_path);
		for (uint32_t k = 0; k < f->ntrace; k++) {
			struct trace_line *t = &f->trace[k];
			t->repo_path = t->file == f->file ? f->repo_path : repo_path_of(o, r, t->file, &last_file, &last_path);
		}
		exposure_paths(o, r, f, &last_file, &last_path);
		f->fingerprint = finding_fingerprint(&r->arena, f);
		const char *reason;
		if (inline_suppression(r, f))
			continue;
		if (o->cfg && (reason = ignore_reason(o, f)) != NULL)
			mark(f, "config", reason);
		else if (o->baseline && baseline_has(o->baseline, f->fingerprint))
			mark(f, "baseline", "present in the baseline");
	}
}
