/* limits.c - see limits.h */
#include "doc/limits.h"

void load_limits_default(struct load_limits *lim)
{
	lim->max_file_size = SG_DEFAULT_MAX_FILE_SIZE;
	lim->max_depth = 256;
	lim->max_aliases = 10000;
	lim->max_expanded = 1000000;
	lim->max_scalar_len = 16u * 1024 * 1024;
}
