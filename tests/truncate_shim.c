/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * LD_PRELOAD shim for the hostile corpus: a file truncated while the audit
 * reads it. Right after a file whose path ends with EA_SHIM_TRUNCATE is
 * mapped, the file is truncated to EA_SHIM_TRUNCATE_TO bytes (default 0), so
 * that every read of the mapping past the new end is a SIGBUS, as when
 * someone cuts the file during the run; the timing is then the same on every
 * machine.
 */
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/types.h>
#include <unistd.h>

typedef void *(*mmap_fn)(void *, size_t, int, int, int, off_t);

static void cut(int fd)
{
	const char *want = getenv("EA_SHIM_TRUNCATE");
	const char *to = getenv("EA_SHIM_TRUNCATE_TO");
	char link[64], path[4096];

	if (!want || fd < 0)
		return;
	snprintf(link, sizeof(link), "/proc/self/fd/%d", fd);
	ssize_t n = readlink(link, path, sizeof(path) - 1);
	size_t wl = strlen(want);

	if (n <= 0 || (size_t)n < wl)
		return;
	path[n] = '\0';
	if (strcmp(path + n - wl, want) == 0 &&
	    truncate(path, to ? atoll(to) : 0) != 0)
		perror("truncate_shim");
}

void *mmap(void *addr, size_t len, int prot, int flags, int fd, off_t off)
{
	static mmap_fn real;
	if (!real) {
		void *sym = dlsym(RTLD_NEXT, "mmap");
		memcpy(&real, &sym, sizeof(sym));
	}
	void *r = real(addr, len, prot, flags, fd, off);
	if (r != MAP_FAILED)
		cut(fd);
	return r;
}

void *mmap64(void *addr, size_t len, int prot, int flags, int fd, off_t off)
{
	return mmap(addr, len, prot, flags, fd, off);
}
