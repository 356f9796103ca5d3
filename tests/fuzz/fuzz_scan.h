/* Shared by the pipeline fuzzers: the built-in rule set, compiled once. */
#ifndef SG_FUZZ_SCAN_H
#define SG_FUZZ_SCAN_H

#include <stdint.h>
#include <string.h>

#include "app/scan.h"

static struct ruleset fuzz_rules;
static struct scan_opts fuzz_opts;

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	ruleset_init(&fuzz_rules);
	ruleset_add_builtin(&fuzz_rules, 0);
	ruleset_compile(&fuzz_rules, NULL, NULL);
	fuzz_opts.rs = &fuzz_rules;
	load_limits_default(&fuzz_opts.lim);
	return 0;
}

/* The whole pipeline on one input, as if it were the file `name`. */
static inline int fuzz_scan(const char *name, const uint8_t *data, size_t size)
{
	struct unit_result r;
	char *text = malloc(size + 1);
	memcpy(text, data, size);
	text[size] = '\0';
	unit_result_init(&r, name);
	scan_text(&fuzz_opts, name, text, size, 1, &r);
	unit_result_release(&r);
	free(text);
	return 0;
}

#endif
