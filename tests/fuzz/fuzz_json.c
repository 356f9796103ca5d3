/* libFuzzer: the JSON loader (the one-pass parser and its positions), through the
 * whole load path: encodings, BOMs, UTF-8 validation. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "doc/load.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct load_limits lim;
	struct arena a;
	struct diag err;
	struct doc doc;
	char *text = malloc(size + 1);
	memcpy(text, data, size);
	text[size] = '\0';
	load_limits_default(&lim);
	arena_init(&a);
	if (load_buffer("fuzz.json", text, size, SYNTAX_JSON, &lim, &a, &doc, &err) == 0)
		doc_release(&doc);
	arena_release(&a);
	free(text);
	return 0;
}
