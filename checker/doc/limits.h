/* limits.h - the bounds every loader enforces on hostile input.
 *
 * One struct for all loaders (YAML, JSON), filled once per run from the
 * defaults below and --max-file-size, and read-only during the scan.
 */
#ifndef SG_LIMITS_H
#define SG_LIMITS_H

#include <stddef.h>
#include <stdint.h>

/* The one place the default file size limit is written (--max-file-size). */
#define SG_DEFAULT_MAX_FILE_SIZE ((size_t)64 * 1024 * 1024)

struct load_limits {
	size_t max_file_size;      /* bytes */
	uint32_t max_depth;        /* nesting of sequences and mappings */
	uint32_t max_aliases;      /* YAML alias nodes */
	uint64_t max_expanded;     /* nodes after alias expansion */
	size_t max_scalar_len;     /* bytes in one string */
};

void load_limits_default(struct load_limits *lim);

#endif
