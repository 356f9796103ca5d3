/* libFuzzer: the HCL native syntax parser (templates, heredocs, limits). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "doc/hcl/hcl.h"

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
	hcl_parse("fuzz.tf", text, size, &lim, &a, &root, &err);
	struct loc at = {"fuzz.tf.json", 1, 1};
	hcl_parse_template("fuzz.tf.json", text, size, at, &lim, &a, &root, &err);
	arena_release(&a);
	free(text);
	return 0;
}
