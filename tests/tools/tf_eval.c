/* tf_eval: evaluate Terraform expressions, one per line of standard input,
 * in the root module of DIR, and print each value as jsonencode() would
 * (or "unknown", or "error: ..."), one per line. A test-only tool: the
 * expression cases (tests/tf/eval.txt) and the terraform console
 * differential run through it. */
#include <stdio.h>
#include <string.h>

#include "base/util.h"
#include "formats/tfconfig/tfconfig.h"

int main(int argc, char **argv)
{
	char line[8192];
	if (argc != 2) {
		fprintf(stderr, "usage: tf_eval DIR < expressions\n");
		return 2;
	}
	while (fgets(line, sizeof(line), stdin)) {
		line[strcspn(line, "\n")] = '\0';
		struct strbuf out = STRBUF_INIT;
		tfc_eval_text(argv[1], line, &out);
		for (char *p = out.buf; p && *p; p++)
			if (*p == '\n')
				*p = ' ';
		printf("%s\n", sb_str(&out));
		sb_release(&out);
	}
	return 0;
}
