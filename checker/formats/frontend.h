/* frontend.h - the one interface every input format implements.
 *
 * A frontend is the only code that knows a format: it recognises its
 * documents, resolves what the format means (CloudFormation intrinsics and
 * parameters, Terraform actions and unknown values...) and emits the
 * format-free model of a scan unit (model/model.h): resources with their
 * resolved properties, the edges between them, and permissions.
 *
 * The table of frontends lives in registry.c. Adding a format is a folder
 * under formats/ with a `const struct frontend` and one line in that table;
 * nothing downstream changes.
 *
 * May include: base/, doc/, model/. Included by: the scan driver (app/).
 *
 * Ownership: a frontend's per-run state is its own (prepare() makes it,
 * release() frees it) and is read-only while units are scanned, by any
 * number of threads. What build() makes lives in the unit's arena.
 */
#ifndef SG_FRONTEND_H
#define SG_FRONTEND_H

#include <stddef.h>

#include "base/diag.h"
#include "doc/limits.h"
#include "doc/node.h"
#include "model/model.h"

/* KEY=VALUE from the command line. */
struct opt_kv {
	const char *key;
	const char *value;
};

/* What the command line says about formats, for every frontend to pick
 * from; read-only during the scan. */
struct frontend_opts {
	const struct opt_kv *params; /* -p KEY=VALUE: CloudFormation parameters */
	size_t nparams;
	const char *params_file;     /* --parameters-file */
	const struct opt_kv *vars;   /* --var NAME=VALUE and --var-file FILE (key NULL): Terraform
					variables, in command-line order */
	size_t nvars;
	const char *tf_source;       /* --tf-source: a plan's .tf directory */
	struct load_limits lim;      /* for any file a frontend reads itself */
};

struct frontend {
	const char *name;   /* "cloudformation", "terraform-plan", ... */
	/* Byte strings one of which every document of the format holds: a
	 * cheap filter before parsing files found in a directory walk. */
	const char *const *markers;
	/* File name endings a directory walk hands to this format. */
	const char *const *extensions;
	/* Whether a parsed document is one of this format's. */
	int (*detect)(const struct node *root);
	/* Once per run, before any unit: read the options (e.g. a parameters
	 * file) into a read-only state shared by every unit and thread.
	 * Problems go to errors/notes. May be NULL. */
	void *(*prepare)(const struct frontend_opts *o, diag_vec *errors);
	void (*release)(void *state);
	/* Fill the model of a unit from its documents (m->docs). */
	void (*build)(const void *state, struct model *m);
	/* Formats whose unit is a directory (Terraform modules): a directory
	 * holding a file with one of these endings is a candidate unit... */
	const char *const *dir_extensions;
	/* ...a file with one of these endings stands for its directory when
	 * that directory is a candidate (a .tfvars file beside .tf files: the
	 * pre-commit hook names the staged variables file)... */
	const char *const *dir_companions;
	/* ...and of a scan's candidates, those that are units of their own
	 * (is_root[i]); a module another candidate calls is scanned inside
	 * that call. Runs once, before any unit and on one thread: it may keep
	 * what it read in the state (a cache build_dir reads). */
	void (*roots)(void *state, char *const *dirs, size_t n, const struct load_limits *lim, int *is_root);
	/* Fill the model of a directory unit: the frontend loads its files
	 * (model_own_doc). */
	void (*build_dir)(const void *state, struct model *m, const char *dir, const struct load_limits *lim);
	/* The local files a document deploys (CloudFormation nested stacks),
	 * as add(ctx, path): each is scanned inside the unit that deploys it,
	 * so it is not a unit of its own. Paths are relative to the
	 * document's directory, as written. May be NULL. */
	void (*deploys)(const char *path, const char *buf, size_t len, const struct load_limits *lim,
			void (*add)(void *ctx, const char *path), void *ctx);
	/* Bytes every document that deploys another holds: a file without
	 * them is not read whole for deploys() (the scan asks of every file). */
	const char *deploys_marker;
};

/* The registered frontends (registry.c), in detection order. */
extern const struct frontend *const frontends[];
extern const size_t frontend_count;

/* The frontend whose format the document is, or NULL. */
const struct frontend *frontend_detect(const struct node *root);

/* Cheap look at raw bytes: could this be a document of some format? Used
 * to decide whether a file that does not parse, found in a directory walk,
 * is an error (a broken template) or noise (a Helm chart). */
int frontend_looks_like_iac(const char *text, size_t len);

/* File names a directory walk considers. */
int frontend_candidate_name(const char *path);
/* The frontend a file name makes its directory a unit of, or NULL. */
const struct frontend *frontend_of_dir_file(const char *path);
/* The frontend a file name stands for its directory's unit of (a
 * dir_extensions file, or a dir_companions one in a directory holding a
 * dir_extensions file), or NULL. */
const struct frontend *frontend_of_dir_member(const char *path);

/* Per-run states of every frontend, in registry order. */
struct frontend_states {
	void *state[8];
};
void frontends_prepare(struct frontend_states *s, const struct frontend_opts *o, diag_vec *errors);
void frontends_release(struct frontend_states *s);
const void *frontend_state(const struct frontend_states *s, const struct frontend *f);

#endif
