/* parse_baseline.c - the yardstick of `make bench`: read each file and
 * parse it with the same libraries sgcheck uses, nothing else (libyaml
 * events for YAML, cJSON_Parse for JSON; the syntax is chosen as sgcheck
 * chooses it). Single-threaded.
 *
 *   parse_baseline FILE...      (or --files-from LIST)
 */
#define _POSIX_C_SOURCE 200809L
#include <cjson/cJSON.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <yaml.h>

/* Read a file into a buffer reused across files, sized from fstat: the
 * same way sgcheck reads, so the comparison is about parsing alone. */
static char *slurp(const char *path, size_t *len)
{
	static char *buf;
	static size_t cap;
	struct stat st;
	int fd = open(path, O_RDONLY);
	if (fd < 0)
		return NULL;
	if (fstat(fd, &st) != 0 || (size_t)st.st_size + 1 > cap) {
		cap = (size_t)st.st_size + 1 > cap * 2 ? (size_t)st.st_size + 1 : cap * 2;
		buf = realloc(buf, cap);
	}
	size_t n = 0;
	ssize_t r;
	while (buf && n + 1 < cap && (r = read(fd, buf + n, cap - n - 1)) > 0)
		n += (size_t)r;
	close(fd);
	if (!buf)
		return NULL;
	buf[n] = '\0';
	*len = n;
	return buf;
}

static long parse_yaml(const char *text, size_t len)
{
	yaml_parser_t p;
	yaml_event_t ev;
	long events = 0;
	yaml_parser_initialize(&p);
	yaml_parser_set_input_string(&p, (const unsigned char *)text, len);
	for (;;) {
		if (!yaml_parser_parse(&p, &ev))
			break;
		int done = ev.type == YAML_STREAM_END_EVENT;
		yaml_event_delete(&ev);
		events++;
		if (done)
			break;
	}
	yaml_parser_delete(&p);
	return events;
}

static long parse_file(const char *path)
{
	size_t len;
	char *text = slurp(path, &len);
	long n = 0;
	if (!text)
		return -1;
	const char *p = text;
	while (*p == ' ' || *p == '\n' || *p == '\t' || *p == '\r')
		p++;
	if (*p == '{' || *p == '[') {
		cJSON *j = cJSON_ParseWithLength(text, len);
		n = j != NULL;
		cJSON_Delete(j);
	} else {
		n = parse_yaml(text, len);
	}
	return n;
}

int main(int argc, char **argv)
{
	long total = 0;
	if (argc == 3 && strcmp(argv[1], "--files-from") == 0) {
		FILE *list = fopen(argv[2], "r");
		char line[4096];
		while (list && fgets(line, sizeof(line), list)) {
			line[strcspn(line, "\n")] = '\0';
			if (*line)
				total += parse_file(line);
		}
		if (list)
			fclose(list);
	} else {
		for (int i = 1; i < argc; i++)
			total += parse_file(argv[i]);
	}
	printf("%ld\n", total);
	return 0;
}
