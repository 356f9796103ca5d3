/* finding.h - findings and per-file results: the data every report reads.
 *
 * A finding owns copies of everything it shows (in its file result's arena),
 * so it outlives the document and model it came from: files are scanned in
 * parallel and their arenas freed as soon as they are done.
 */
#ifndef SG_FINDING_H
#define SG_FINDING_H

#include <stdint.h>

#include "doc/load.h"
#include "base/util.h"

struct rule;
struct resource;

struct trace_line {
	const char *text;
	uint32_t line, col;
};

struct finding {
	const struct rule *rule;
	int severity; /* effective severity (after config overrides) */
	const char *message;
	const char *file;
	uint32_t line, col;
	const char *src_line; /* the source line around the location (bounded) */
	uint32_t src_col;     /* the location's column within src_line */
	const char *resource, *resource_type, *resource_path, *group;
	int has_perm;        /* a permission finding (not a resource finding) */
	int direction;
	const char *protocol;
	const char *traffic; /* "tcp/22", "all traffic" */
	int32_t from_port, to_port;
	int ports_known;
	const char *source;  /* the peer, NULL when unknown */
	const struct trace_line *trace;
	uint32_t ntrace;
	int change;          /* enum change_kind */
	int suppressed;
	const char *supp_kind, *supp_reason;
	const char *fingerprint;
	/* the declaring resource: valid only while its file is processed */
	const struct resource *origin;
};

struct file_result {
	const char *path;
	int format;          /* enum file_format */
	int scanned;         /* parsed and recognised as IaC */
	int explicit_arg;    /* named on the command line */
	uint32_t resources;
	struct arena arena;
	VEC(struct finding) findings;
	diag_vec errors;
	diag_vec notes;
};

void file_result_init(struct file_result *r, const char *path);
void file_result_release(struct file_result *r);
void file_result_error(struct file_result *r, struct loc loc, const char *msg);
void file_result_note(struct file_result *r, struct loc loc, const char *msg);

#endif
