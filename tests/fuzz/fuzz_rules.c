/* libFuzzer: the rule-file loader and compiler (conditions, port sets,
 * regexes, paths, examples). */
#include <stdint.h>
#include <stdlib.h>

#include "rules/rules.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ruleset rs;
	ruleset_init(&rs);
	ruleset_add_buffer(&rs, "fuzz.yaml", (const char *)data, size, 0);
	ruleset_compile(&rs, NULL, NULL);
	ruleset_release(&rs);
	return 0;
}
