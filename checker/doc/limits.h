/* limits.h - the bounds every loader enforces on hostile input.
 *
 * One struct for all loaders (YAML, JSON, HCL), filled once per run from the
 * defaults below and --max-file-size, and read-only during the scan. Each
 * limit has a name the error that reports it uses (README "Limits").
 */
#ifndef SG_LIMITS_H
#define SG_LIMITS_H

#include <stddef.h>
#include <stdint.h>

/* The one place the default file size limit is written (--max-file-size). */
#define SG_DEFAULT_MAX_FILE_SIZE ((size_t)64 * 1024 * 1024)

/* The node limit is the size limit divided by this: a file that is nothing
 * but nodes ("[0,0,0...]") holds one per 2 bytes, real templates one per
 * 15 or more, so a template under the size limit is never stopped by it. */
#define SG_BYTES_PER_NODE 8

struct load_limits {
	size_t max_file_size;      /* bytes ("size limit") */
	uint32_t max_depth;        /* nesting of sequences and mappings ("depth limit") */
	uint64_t max_nodes;        /* nodes written in the file ("node limit", scales with the size limit) */
	uint32_t max_aliases;      /* YAML alias nodes ("alias limit") */
	uint64_t max_expanded;     /* nodes YAML aliases stand for ("alias expansion limit") */
	size_t max_scalar_len;     /* bytes in one string ("string limit") */
};

void load_limits_default(struct load_limits *lim);

/* Set the size limit and the node limit that scales with it. */
void load_limits_set_size(struct load_limits *lim, size_t max_file_size);

#endif
