/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Runs a fuzz target over every file named, and every file in every
 * directory named (not recursive), then prints "N passed, N failed": a crash
 * or a sanitizer report aborts the run, so reaching the end is the pass. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fuzz.h"

static unsigned ran;

static int run_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		perror(path);
		return -1;
	}
	size_t cap = 1 << 16, n = 0;
	uint8_t *buf = malloc(cap);
	size_t r;
	while (buf && (r = fread(buf + n, 1, cap - n, f)) > 0) {
		n += r;
		if (n == cap) {
			cap *= 2;
			uint8_t *nb = realloc(buf, cap);
			if (!nb) {
				free(buf);
				buf = NULL;
			} else {
				buf = nb;
			}
		}
	}
	fclose(f);
	if (!buf)
		return -1;
	LLVMFuzzerTestOneInput(buf, n);
	free(buf);
	ran++;
	return 0;
}

static int cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int main(int argc, char **argv)
{
	int bad = 0;
	for (int i = 1; i < argc; i++) {
		struct stat st;
		if (stat(argv[i], &st) != 0) {
			perror(argv[i]);
			bad++;
			continue;
		}
		if (!S_ISDIR(st.st_mode)) {
			bad += run_file(argv[i]) != 0;
			continue;
		}
		DIR *d = opendir(argv[i]);
		if (!d) {
			perror(argv[i]);
			bad++;
			continue;
		}
		char **names = NULL;
		size_t nn = 0;
		struct dirent *de;
		while ((de = readdir(d))) {
			if (de->d_name[0] == '.')
				continue;
			char **t = realloc(names, (nn + 1) * sizeof(*names));
			if (!t)
				break;
			names = t;
			names[nn++] = strdup(de->d_name);
		}
		closedir(d);
		if (nn > 1)
			qsort(names, nn, sizeof(*names), cmp);
		for (size_t k = 0; k < nn; k++) {
			char p[4096];
			snprintf(p, sizeof(p), "%s/%s", argv[i], names[k]);
			bad += run_file(p) != 0;
			free(names[k]);
		}
		free(names);
	}
	printf("%u passed, %d failed\n", ran, bad);
	return bad || !ran ? 1 : 0;
}
