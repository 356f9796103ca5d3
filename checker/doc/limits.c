/* limits.c - see limits.h */
#include "doc/limits.h"

void load_limits_default(struct load_limits *lim)
{
	lim->max_depth = 256;
	lim->max_aliases = 10000;
	lim->max_expanded = 1000000;
	lim->max_scalar_len = 16u * 1024 * 1024;
	load_limits_set_size(lim, SG_DEFAULT_MAX_FILE_SIZE);
}

void load_limits_set_size(struct load_limits *lim, size_t max_file_size)
{
	lim->max_file_size = max_file_size;
	lim->max_nodes = max_file_size / SG_BYTES_PER_NODE;
	if (lim->max_nodes < 1024)
		lim->max_nodes = 1024;
}
