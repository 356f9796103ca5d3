/* libFuzzer: CloudFormation detect, resolve (intrinsics, conditions),
 * normalize and evaluate, with the built-in rules. */
#include <stdlib.h>

#include "fuzz_scan.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return fuzz_scan("fuzz.yaml", data, size);
}
