/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * LD_PRELOAD shim for the read-only test: records every open of a file and
 * every write to a descriptor other than stdout and stderr into the file
 * named by EA_SHIM_LOG, one line each: "open <flags> <path>" or
 * "write <fd>". The test then asserts that live mode opened files and that
 * every open was read-only.
 */
#include <dlfcn.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <unistd.h>

static void logline(const char *fmt, ...)
{
	const char *p = getenv("EA_SHIM_LOG");
	if (!p)
		return;
	static ssize_t (*real_write)(int, const void *, size_t);
	static int (*real_open)(const char *, int, ...);
	if (!real_write)
		real_write = (ssize_t(*)(int, const void *, size_t))dlsym(
		    RTLD_NEXT, "write");
	if (!real_open)
		real_open =
		    (int (*)(const char *, int, ...))dlsym(RTLD_NEXT, "open");
	char buf[4200];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(buf, sizeof(buf) - 1, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if ((size_t)n > sizeof(buf) - 2)
		n = sizeof(buf) - 2;
	buf[n++] = '\n';
	int fd = real_open(p, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
	if (fd >= 0) {
		real_write(fd, buf, (size_t)n);
		close(fd);
	}
}

#define OPEN_WRAPPER(name, ...)                                                \
	int name(__VA_ARGS__, int flags, ...)                                  \
	{                                                                      \
		mode_t mode = 0;                                               \
		if (flags & (O_CREAT | O_TMPFILE)) {                           \
			va_list ap;                                            \
			va_start(ap, flags);                                   \
			mode = va_arg(ap, mode_t);                             \
			va_end(ap);                                            \
		}

OPEN_WRAPPER(open, const char *path)
logline("open 0x%x %s", flags, path);
int (*real)(const char *, int,
	    ...) = (int (*)(const char *, int, ...))dlsym(RTLD_NEXT, "open");
return real(path, flags, mode);
}

OPEN_WRAPPER(open64, const char *path)
logline("open 0x%x %s", flags, path);
int (*real)(const char *, int,
	    ...) = (int (*)(const char *, int, ...))dlsym(RTLD_NEXT, "open64");
return real(path, flags, mode);
}

OPEN_WRAPPER(openat, int dirfd, const char *path)
logline("open 0x%x %s", flags, path);
int (*real)(int, const char *, int,
	    ...) = (int (*)(int, const char *, int, ...))dlsym(RTLD_NEXT,
							       "openat");
return real(dirfd, path, flags, mode);
}

FILE *fopen(const char *path, const char *m)
{
	logline("fopen %s %s", m, path);
	FILE *(*real)(const char *, const char *) =
	    (FILE * (*)(const char *, const char *)) dlsym(RTLD_NEXT, "fopen");
	return real(path, m);
}

ssize_t write(int fd, const void *b, size_t n)
{
	if (fd > 2)
		logline("write %d", fd);
	ssize_t (*real)(int, const void *, size_t) =
	    (ssize_t(*)(int, const void *, size_t))dlsym(RTLD_NEXT, "write");
	return real(fd, b, n);
}
