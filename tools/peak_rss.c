/* peak_rss.c - run a command, write its peak resident memory (KiB) to a
 * file: make bench's memory figures.
 *
 *   peak_rss OUT COMMAND [ARG...]
 *
 * A child's ru_maxrss counts the memory of the process it was forked
 * from until it execs: measured from Python, every figure would carry the
 * benchmark's own interpreter. Forked from this small program instead, it
 * is the command's. Exits with the command's status. */
#define _DEFAULT_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	if (argc < 3) {
		fputs("usage: peak_rss OUT COMMAND [ARG...]\n", stderr);
		return 2;
	}
	pid_t pid = fork();
	if (pid < 0)
		return 2;
	if (pid == 0) {
		execvp(argv[2], argv + 2);
		perror(argv[2]);
		_exit(127);
	}
	int status;
	struct rusage ru;
	if (wait4(pid, &status, 0, &ru) != pid)
		return 2;
	FILE *out = fopen(argv[1], "w");
	if (!out || fprintf(out, "%ld\n", ru.ru_maxrss) < 0 || fclose(out) != 0)
		return 2;
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}
