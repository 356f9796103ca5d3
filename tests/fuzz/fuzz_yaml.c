/* libFuzzer: the YAML loader (tags, anchors, aliases, limits). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "doc/load_yaml.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct load_limits lim;
	struct arena a;
	struct diag err;
	struct node *root;
	char *text = malloc(size + 1);
	memcpy(text, data, size);
	text[size] = '\0';
	load_limits_default(&lim);
	arena_init(&a);
	load_yaml("fuzz.yaml", text, size, &lim, &a, &root, &err);
	arena_release(&a);
	free(text);
	return 0;
}
