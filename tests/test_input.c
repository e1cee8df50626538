/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The one whole-file reader: a large file on disk is mapped (its bytes the
 * file's, a NUL after them even when it fills its last page), let go and
 * read back, taken and freed; a small file and a procfs file are read;
 * a file past the limit is refused; a listing started on a mapped file
 * keeps its bytes; a mapped file truncated while it is read reads as zeros
 * past its new end, is marked, and the process goes on (no SIGBUS). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/input.h"
#include "t.h"

/* The file's bytes, read the plain way, to compare with. */
static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *b = NULL;
	size_t cap = 0, n = 0, r;

	if (!f)
		return NULL;
	do {
		if (n == cap) {
			cap = cap ? cap * 2 : 65536;
			b = realloc(b, cap);
		}
		r = fread(b + n, 1, cap - n, f);
		n += r;
	} while (r > 0);
	fclose(f);
	*len = n;
	return b;
}

static void large_file(void)
{
	/* a real kernel log of 200 KB from the corpus */
	const char *path =
	    TESTDATA "/corpus/dell-xps9320-x86/dmesg-notimestamps.txt";
	size_t n;
	char *want = slurp(path, &n);
	struct ea_input in = { .name = "dmesg" };

	CHECK(want && n >= 65536);
	CHECK(ea_input_load_file(&in, path));
	CHECK(in.status == EA_IN_OK);
	CHECK(in.mapped >= n + 1); /* mapped, with room for the NUL */
	CHECK_U64(in.len, n);
	CHECK(in.data[in.len] == '\0');
	CHECK(memcmp(in.data, want, n) == 0);

	/* let go and read back: the same bytes */
	ea_input_release_pages(&in);
	CHECK(in.data[in.len] == '\0');
	CHECK(memcmp(in.data, want, n) == 0);

	/* a listing appended to it copies it first */
	struct ea_evid ev = ea_listing_add(&in, "one more line %d", 7);
	CHECK_U64(in.mapped, 0);
	CHECK(memcmp(in.data, want, n) == 0);
	CHECK(ev.off == n && ev.len == strlen("one more line 7"));
	CHECK(memcmp(in.data + ev.off, "one more line 7\n", 17) == 0);
	ea_input_free(&in);

	/* taken: the bytes outlive the input, freed as they were made */
	CHECK(ea_input_load_file(&in, path));
	size_t mapped;
	char *d = ea_input_take(&in, &mapped);
	CHECK(d && mapped >= n + 1 && in.data == NULL && in.len == 0);
	ea_input_free(&in);
	CHECK(memcmp(d, want, n) == 0);
	ea_bytes_free(d, mapped);
	free(want);
}

/* A file that ends exactly at a page end still gets its NUL. */
static void page_multiple(void)
{
	char path[] = "/tmp/test_input.XXXXXX";
	int fd = mkstemp(path);
	size_t pg = (size_t)sysconf(_SC_PAGESIZE), n = 16 * pg;
	char *b = malloc(n);

	CHECK(fd >= 0 && b);
	memset(b, 'x', n);
	CHECK(write(fd, b, n) == (ssize_t)n);
	lseek(fd, 0, SEEK_SET);

	struct ea_input in = { .name = "x" };
	CHECK_U64(ea_input_read_fd(&in, fd, EA_MAX_INPUT_BYTES), 0);
	CHECK(in.mapped > n);
	CHECK_U64(in.len, n);
	CHECK(in.data[n - 1] == 'x' && in.data[n] == '\0');
	ea_input_free(&in);

	/* past the limit given: refused unread, with the reason */
	CHECK_U64(ea_input_read_fd(&in, fd, n - 1), EFBIG);
	CHECK(in.status == EA_IN_UNREADABLE && in.data == NULL);
	CHECK(in.detail && strstr(in.detail, "larger than the limit"));
	ea_input_free(&in);
	close(fd);
	unlink(path);
	free(b);
}

static void small_and_proc(void)
{
	/* a real /proc/iomem of 2 KB: read, not mapped */
	struct ea_input in = { .name = "iomem" };
	size_t n;
	const char *path =
	    TESTDATA "/captures/qemu-arm64-6.1-acpi-smp4-2g/proc/iomem";
	char *want = slurp(path, &n);

	CHECK(want && n > 0 && n < 65536);
	CHECK(ea_input_load_file(&in, path));
	CHECK_U64(in.mapped, 0);
	CHECK_U64(in.len, n);
	CHECK(memcmp(in.data, want, n) == 0 && in.data[n] == '\0');
	ea_input_release_pages(&in); /* nothing to let go: still there */
	CHECK(memcmp(in.data, want, n) == 0);
	ea_input_free(&in);
	free(want);

	/* procfs says size 0: read to the end, never mapped */
	CHECK(ea_input_load_file(&in, "/proc/self/status"));
	CHECK_U64(in.mapped, 0);
	CHECK(in.len > 0 && strstr(in.data, "Pid:") != NULL);
	ea_input_free(&in);

	/* a directory is not a regular file */
	CHECK(!ea_input_load_file(&in, TESTDATA));
	CHECK(in.status == EA_IN_UNREADABLE && in.detail &&
	      !strcmp(in.detail, "not a regular file"));
	ea_input_free(&in);
}

/* A copy of a real log, mapped, then cut under the reader's feet: what was
 * past the new end reads as zeros, the file is named once, and a fault
 * that is not in a mapping is still not swallowed (not tested: it would
 * end the test). */
static void shrinks(void)
{
	const char *src =
	    TESTDATA "/corpus/dell-xps9320-x86/dmesg-notimestamps.txt";
	size_t n;
	char *want = slurp(src, &n);
	char path[] = "/tmp/ea-shrink-XXXXXX";
	int fd = mkstemp(path);

	CHECK(fd >= 0 && want && write(fd, want, n) == (ssize_t)n);
	close(fd);
	struct ea_input in = { .name = "dmesg" };

	CHECK(ea_input_load_file(&in, path) && in.mapped);
	CHECK(!ea_bytes_shrank(in.data));
	CHECK(truncate(path, 4096) == 0);
	/* the first page is still the file's; the rest reads as zeros */
	CHECK(memcmp(in.data, want, 4096) == 0);
	size_t zeros = 0;
	for (size_t i = 4096; i < n; i++)
		zeros += in.data[i] == '\0';
	CHECK_U64(zeros, n - 4096);
	CHECK(ea_bytes_shrank(in.data));
	size_t k;
	char **v = ea_input_shrunk(&k);
	CHECK(k == 1 && v && !strcmp(v[0], path));
	for (size_t i = 0; i < k; i++)
		free(v[i]);
	free(v);
	v = ea_input_shrunk(&k); /* told once */
	CHECK(k == 0);
	free(v);
	/* let go and read back, again past the end: still zeros */
	ea_input_release_pages(&in);
	CHECK(in.data[n - 1] == '\0');
	ea_input_free(&in);

	/* cut to nothing, then freed before anyone asked: still told */
	fd = open(path, O_WRONLY | O_TRUNC);
	CHECK(fd >= 0 && write(fd, want, n) == (ssize_t)n);
	close(fd);
	CHECK(ea_input_load_file(&in, path) && in.mapped);
	CHECK(truncate(path, 0) == 0);
	CHECK(in.data[0] == '\0' && in.data[n / 2] == '\0');
	ea_input_free(&in);
	v = ea_input_shrunk(&k);
	CHECK(k == 1 && !strcmp(v[0], path));
	for (size_t i = 0; i < k; i++)
		free(v[i]);
	free(v);
	unlink(path);
	free(want);
}

int main(void)
{
	large_file();
	shrinks();
	page_multiple();
	small_and_proc();
	return t_done();
}
