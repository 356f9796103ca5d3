/* libFuzzer: a Terraform configuration module directory (issue 13): the
 * input is its main.tf (main.tf.json when it starts with '{'), scanned as
 * a directory unit - roots, load, override merging, variables, locals,
 * count/for_each, dynamic blocks, functions, the provider rules and the
 * built-in rules. */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "fuzz_scan.h"

static char dir[64];

static void write_file(const char *name, const uint8_t *data, size_t size)
{
	char path[128];
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	FILE *f = fopen(path, "wb");
	if (!f)
		abort();
	if (size && fwrite(data, 1, size, f) != size)
		abort();
	fclose(f);
}

static void *release_result(void *ctx, size_t i, struct unit_result *r)
{
	(void)ctx;
	(void)i;
	unit_result_release(r);
	return NULL;
}

static void ignore_share(void *ctx, size_t i, void *share)
{
	(void)ctx;
	(void)i;
	(void)share;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char other[128];
	if (!dir[0]) {
		snprintf(dir, sizeof(dir), "/tmp/fuzz-tfc-XXXXXX");
		if (!mkdtemp(dir))
			abort();
	}
	int json = size && data[0] == '{';
	snprintf(other, sizeof(other), "%s/%s", dir, json ? "main.tf" : "main.tf.json");
	unlink(other);
	write_file(json ? "main.tf.json" : "main.tf", data, size);

	/* a run's frontend state (its parse cache) lives for one input */
	struct frontend_opts fo;
	struct frontend_states states;
	diag_vec errors = {0};
	memset(&fo, 0, sizeof(fo));
	load_limits_default(&fo.lim);
	frontends_prepare(&states, &fo, &errors);
	struct scan_targets t;
	memset(&t, 0, sizeof(t));
	scan_add_path(&t, dir, NULL, 0);
	scan_units(&t, &states, &fuzz_opts.lim, NULL, 1);
	struct scan_opts o = fuzz_opts;
	struct scan_sink sink = {NULL, release_result, ignore_share};
	o.formats = &states;
	o.jobs = 1;
	scan_run(&o, &t, &sink);
	scan_targets_release(&t);
	frontends_release(&states);
	free(errors.v);
	return 0;
}
