/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "core/input.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/magic.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <unistd.h>

const char *ea_input_status_name(enum ea_input_status s)
{
	switch (s) {
	case EA_IN_OK:
		return "ok";
	case EA_IN_ABSENT:
		return "absent";
	case EA_IN_UNREADABLE:
		return "unreadable";
	case EA_IN_ZEROED:
		return "zeroed";
	case EA_IN_MALFORMED:
		return "malformed";
	}
	return "unreadable";
}

const char *ea_input_state(const struct ea_input *in)
{
	return in->detail ? in->detail : ea_input_status_name(in->status);
}

struct ea_evid ea_evid_line(const struct ea_input *in, uint32_t line,
			    const char *text, size_t len)
{
	struct ea_evid e = { in, line, 0, 0 };
	if (in && in->data && text >= in->data &&
	    text + len <= in->data + in->len &&
	    (size_t)(text - in->data) + len <= UINT32_MAX) {
		e.off = (uint32_t)(text - in->data);
		e.len = (uint32_t)len;
	}
	return e;
}

void ea_diag_add(struct ea_diags *d, struct ea_evid ev, const char *fmt, ...)
{
	struct ea_diag *x = EA_VEC_PUSH(*d);
	va_list ap;
	va_start(ap, fmt);
	x->msg = ea_xvasprintf(fmt, ap);
	va_end(ap);
	x->ev = ev;
}

void ea_diag_vwhy(struct ea_diags *d, struct ea_evid ev, const char *prefix,
		  char **keep, const char *fmt, va_list ap)
{
	char buf[EA_DIAG_WHY_MAX];

	vsnprintf(buf, sizeof(buf), fmt, ap);
	if (keep) {
		free(*keep);
		*keep = ea_xstrdup(buf);
	}
	ea_diag_add(d, ev, "%s%s", prefix, buf);
}

void ea_diag_why(struct ea_diags *d, struct ea_evid ev, const char *prefix,
		 char **keep, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	ea_diag_vwhy(d, ev, prefix, keep, fmt, ap);
	va_end(ap);
}

void ea_diags_free(struct ea_diags *d)
{
	for (size_t i = 0; i < d->n; i++)
		free(d->v[i].msg);
	EA_VEC_FREE(*d);
}

void ea_diags_truncate(struct ea_diags *d, size_t n)
{
	for (size_t i = n; i < d->n; i++)
		free(d->v[i].msg);
	if (n < d->n)
		d->n = n;
}

char *ea_input_first_line(const struct ea_input *in, size_t max)
{
	const char *s = in->data ? in->data : "", *end = s + in->len;

	if (in->len >= 3 && memcmp(s, "\xef\xbb\xbf", 3) == 0)
		s += 3;
	while (s < end) {
		const char *e = s;
		bool blank = true;

		while (e < end && *e != '\n' && *e != '\r') {
			blank &= *e == ' ' || *e == '\t';
			e++;
		}
		if (blank) {
			s = e + 1;
			continue;
		}
		size_t n = (size_t)(e - s), k = n < max ? n : max;
		char *out = ea_xrealloc(NULL, k + 6, 1), *o = out;

		*o++ = '"';
		for (size_t i = 0; i < k; i++) {
			unsigned char c = (unsigned char)s[i];

			*o++ = c == '\t'	       ? ' '
			       : c >= 0x20 && c < 0x7f ? (char)c
						       : '?';
		}
		if (k < n) {
			memcpy(o, "...", 3);
			o += 3;
		}
		*o++ = '"';
		*o = '\0';
		return out;
	}
	return ea_xstrdup("none but blank ones");
}

void ea_input_set_status(struct ea_input *in, enum ea_input_status st,
			 const char *fmt, ...)
{
	in->status = st;
	free(in->detail);
	in->detail = NULL;
	if (fmt) {
		va_list ap;
		va_start(ap, fmt);
		in->detail = ea_xvasprintf(fmt, ap);
		va_end(ap);
	}
}

/* Below this, a file is read: a mapping costs more than the copy. */
#define EA_MAP_MIN_BYTES ((size_t)64 << 10)

/* --- mapped files that shrink ------------------------------------------
 *
 * A mapped file that is truncated while the audit runs (by whoever can
 * write it) makes every read past its new end a SIGBUS. Each mapping is
 * registered here; the handler finds the one the fault is in, puts zero
 * pages over the rest of it (the read then sees zeros, as past the end of a
 * read file) and marks it. ea_input_shrunk() hands the names of the marked
 * files to the audit, which reports them unreadable: never a clean verdict
 * from what a file said before it was cut. A fault anywhere else is left to
 * the action that was there before.
 */
struct mapping {
	char *base;
	size_t len;
	char *path; /* as the user is shown it; NULL if unknown */
	volatile sig_atomic_t shrank;
};

static struct {
	struct mapping *v;
	size_t n, cap;
	size_t page;
	bool installed;
	struct sigaction old;
	EA_VEC(char *) shrunk; /* marked mappings already unmapped */
} maps;

static void on_sigbus(int sig, siginfo_t *si, void *uc)
{
	char *a = si->si_addr;

	(void)uc;
	for (size_t i = 0; i < maps.n; i++) {
		struct mapping *m = &maps.v[i];

		if (a < m->base || a >= m->base + m->len)
			continue;
		char *p = (char *)((uintptr_t)a & ~(uintptr_t)(maps.page - 1));

		if (mmap(p, (size_t)(m->base + m->len - p), PROT_READ,
			 MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1,
			 0) != MAP_FAILED) {
			m->shrank = 1;
			return; /* the read is made again, of zeros */
		}
		break;
	}
	/* not ours: the previous action, when the fault is taken again */
	sigaction(sig, &maps.old, NULL);
}

static void map_register(char *base, size_t len, const char *path)
{
	if (!maps.installed) {
		struct sigaction sa;

		memset(&sa, 0, sizeof(sa));
		sa.sa_sigaction = on_sigbus;
		sa.sa_flags = SA_SIGINFO | SA_NODEFER;
		sigemptyset(&sa.sa_mask);
		maps.page = (size_t)sysconf(_SC_PAGESIZE);
		maps.installed = sigaction(SIGBUS, &sa, &maps.old) == 0;
	}
	struct mapping *m = EA_VEC_PUSH(maps);

	m->base = base;
	m->len = len;
	m->path = path ? ea_xstrdup(path) : NULL;
}

static void map_unregister(const char *base)
{
	for (size_t i = 0; i < maps.n; i++) {
		struct mapping *m = &maps.v[i];

		if (m->base != base)
			continue;
		if (m->shrank == 1) /* marked, not told yet */
			*EA_VEC_PUSH(maps.shrunk) =
			    m->path ? m->path : ea_xstrdup("?");
		else
			free(m->path);
		maps.v[i] = maps.v[--maps.n];
		break;
	}
	if (!maps.n)
		EA_VEC_FREE(maps);
}

char **ea_input_shrunk(size_t *n)
{
	EA_VEC(char *) out = { 0 };

	for (size_t i = 0; i < maps.shrunk.n; i++)
		*EA_VEC_PUSH(out) = maps.shrunk.v[i];
	EA_VEC_FREE(maps.shrunk);
	for (size_t i = 0; i < maps.n; i++) {
		struct mapping *m = &maps.v[i];

		if (m->shrank == 1) {
			m->shrank = 2; /* told */
			*EA_VEC_PUSH(out) = ea_xstrdup(m->path ? m->path : "?");
		}
	}
	*n = out.n;
	return out.v;
}

bool ea_bytes_shrank(const void *data)
{
	for (size_t i = 0; i < maps.n; i++)
		if (maps.v[i].base == data)
			return maps.v[i].shrank != 0;
	return false;
}

void ea_bytes_free(void *data, size_t mapped)
{
	if (mapped) {
		map_unregister(data);
		munmap(data, mapped);
	} else {
		free(data);
	}
}

static void drop_data(struct ea_input *in)
{
	ea_bytes_free(in->data, in->mapped);
	in->data = NULL;
	in->mapped = 0;
}

char *ea_input_take(struct ea_input *in, size_t *mapped)
{
	char *d = in->data;

	*mapped = in->mapped;
	in->data = NULL;
	in->mapped = 0;
	in->len = in->cap = 0;
	return d;
}

void ea_input_release_pages(struct ea_input *in)
{
	if (in->mapped)
		madvise(in->data, in->mapped, MADV_DONTNEED);
}

void ea_input_set_data(struct ea_input *in, const char *data, size_t len)
{
	drop_data(in);
	in->data = ea_xrealloc(NULL, len + 1, 1);
	if (len)
		memcpy(in->data, data, len);
	in->data[len] = '\0';
	in->len = len;
	in->cap = len + 1;
	in->lines = 0;
	in->status = EA_IN_OK;
}

void ea_input_adopt(struct ea_input *in, char *buf, size_t len)
{
	drop_data(in);
	in->data = buf;
	in->data[len] = '\0';
	in->len = len;
	in->cap = len + 1;
	in->lines = 0;
	in->status = EA_IN_OK;
}

const char *ea_system_fs(int fd)
{
	static const struct {
		unsigned long magic;
		const char *name;
	} fs[] = {
		{ PROC_SUPER_MAGIC, "procfs" },
		{ SYSFS_MAGIC, "sysfs" },
		{ DEBUGFS_MAGIC, "debugfs" },
		{ TRACEFS_MAGIC, "tracefs" },
		{ SECURITYFS_MAGIC, "securityfs" },
		{ EFIVARFS_MAGIC, "efivarfs" },
		{ PSTOREFS_MAGIC, "pstore" },
		{ CGROUP_SUPER_MAGIC, "cgroupfs" },
		{ CGROUP2_SUPER_MAGIC, "cgroup2fs" },
		{ BPF_FS_MAGIC, "bpffs" },
		{ SELINUX_MAGIC, "selinuxfs" },
		{ DEVPTS_SUPER_MAGIC, "devpts" },
	};
	struct statfs sf;

	if (fstatfs(fd, &sf) != 0)
		return NULL;
	for (size_t i = 0; i < sizeof(fs) / sizeof(*fs); i++)
		if ((unsigned long)sf.f_type == fs[i].magic)
			return fs[i].name;
	return NULL;
}

/* Files whose size says nothing of what a read returns, or that cannot be
 * mapped: their bytes are always read. */
static bool made_up_on_read(int fd)
{
	struct statfs sf;

	return fstatfs(fd, &sf) != 0 || ea_system_fs(fd) != NULL;
}

/* size bytes of fd, then zeros to the end of a page at least one byte past
 * them: an anonymous zero mapping with the file mapped over its start. */
static bool map_file(struct ea_input *in, int fd, size_t size)
{
	size_t pg = (size_t)sysconf(_SC_PAGESIZE);
	size_t total = (size + 1 + pg - 1) / pg * pg;
	void *base =
	    mmap(NULL, total, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (base == MAP_FAILED)
		return false;
	if (mmap(base, size, PROT_READ, MAP_PRIVATE | MAP_FIXED, fd, 0) ==
	    MAP_FAILED) {
		munmap(base, total);
		return false;
	}
	drop_data(in);
	map_register(base, total, in->path);
	in->data = base;
	in->mapped = total;
	in->len = size;
	in->cap = 0;
	in->lines = 0;
	in->status = EA_IN_OK;
	return true;
}

static int too_large(struct ea_input *in, size_t max)
{
	ea_input_set_status(in, EA_IN_UNREADABLE,
			    "larger than the limit of %zu bytes", max);
	return EFBIG;
}

int ea_input_read_fd(struct ea_input *in, int fd, size_t max)
{
	struct stat st;

	if (fstat(fd, &st) != 0)
		st.st_mode = 0;
	return ea_input_read_fd_stat(in, fd, &st, max);
}

int ea_input_read_fd_stat(struct ea_input *in, int fd, const struct stat *sp,
			  size_t max)
{
	struct stat st = *sp;

	if (!S_ISREG(st.st_mode)) {
		ea_input_set_status(in, EA_IN_UNREADABLE, "not a regular file");
		return EINVAL;
	}
	/* a file that says it is too large is refused unread; sysfs says
	 * 4096 for every text attribute and procfs 0, so below that the size
	 * is a first guess, never a bound */
	if ((uint64_t)st.st_size > max && st.st_size > 4096)
		return too_large(in, max);
	if ((uint64_t)st.st_size >= EA_MAP_MIN_BYTES && !made_up_on_read(fd) &&
	    map_file(in, fd, (size_t)st.st_size))
		return 0;
	size_t cap = st.st_size > 0 ? (size_t)st.st_size + 1 : 4096, len = 0;

	if (cap > max + 1)
		cap = max + 1;
	char *buf = ea_xrealloc(NULL, cap, 1);

	for (;;) {
		if (len == cap) {
			if (cap > max)
				break; /* max + 1 bytes read: too large */
			cap = cap > (max + 1) / 2 ? max + 1 : cap * 2;
			buf = ea_xrealloc(buf, cap, 1);
		}
		ssize_t r = read(fd, buf + len, cap - len);

		if (r < 0) {
			if (errno == EINTR)
				continue;
			int e = errno;

			free(buf);
			ea_input_set_status(in, EA_IN_UNREADABLE, "%s",
					    strerror(e));
			return e;
		}
		if (r == 0)
			break;
		len += (size_t)r;
	}
	if (len > max) {
		free(buf);
		return too_large(in, max);
	}
	/* read(2) filled the input's own buffer (len < cap here): the
	 * bytes are not copied again */
	ea_input_adopt(in, buf, len);
	return 0;
}

int ea_input_read_path(struct ea_input *in, const char *path, size_t max)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	if (fd < 0) {
		int e = errno;
		ea_input_set_status(
		    in, e == ENOENT ? EA_IN_ABSENT : EA_IN_UNREADABLE, "%s",
		    strerror(e));
		return e;
	}
	int e = ea_input_read_fd(in, fd, max);
	close(fd);
	return e;
}

bool ea_input_load_file(struct ea_input *in, const char *path)
{
	free(in->path);
	in->path = ea_xstrdup(path);
	return ea_input_read_path(in, path, EA_MAX_INPUT_BYTES) == 0;
}

int ea_reopen_read(int pathfd, const struct stat *st)
{
	char p[40];

	snprintf(p, sizeof(p), "/proc/self/fd/%d", pathfd);
	/* the magic link is the inode pathfd holds, whatever happened to
	 * its name since: nothing to compare */
	(void)st;
	return open(p, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
}

static int given_fail(int e, int *err, char *why, size_t whylen,
		      const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
static int given_fail(int e, int *err, char *why, size_t whylen,
		      const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	if (why && whylen)
		vsnprintf(why, whylen, fmt, ap);
	va_end(ap);
	*err = e;
	return -1;
}

int ea_open_given(const char *path, bool live, struct stat *st, int *err,
		  char *why, size_t whylen)
{
	/* looked at first without being opened for reading: a FIFO would
	 * block the open, a device's driver would see it */
	int pfd = open(path, O_PATH | O_NOFOLLOW | O_CLOEXEC);

	if (pfd < 0) {
		int e = errno;
		return given_fail(e, err, why, whylen, "%s", strerror(e));
	}
	if (fstat(pfd, st) != 0) {
		int e = errno;
		close(pfd);
		return given_fail(e, err, why, whylen, "%s", strerror(e));
	}
	if (S_ISLNK(st->st_mode)) {
		char to[256];
		ssize_t n = readlinkat(pfd, "", to, sizeof(to) - 1);

		close(pfd);
		to[n > 0 ? n : 0] = '\0';
		return given_fail(ELOOP, err, why, whylen,
				  "a symbolic link (to '%s'): not followed, "
				  "name the file itself",
				  to);
	}
	if (!S_ISREG(st->st_mode)) {
		close(pfd);
		return given_fail(EINVAL, err, why, whylen,
				  "not a regular file");
	}
	const char *sys = ea_system_fs(pfd);

	if (sys && !live) {
		close(pfd);
		return given_fail(EPERM, err, why, whylen,
				  "a file of the running system (%s): only "
				  "the live audit reads this machine's own "
				  "files; give a copy (cat FILE > copy.txt)",
				  sys);
	}
	int fd = ea_reopen_read(pfd, st);

	if (fd < 0 && errno == ENOENT) { /* no /proc: open it again */
		fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NOCTTY |
				    O_NONBLOCK);
		struct stat now;

		if (fd >= 0 &&
		    (fstat(fd, &now) != 0 || now.st_dev != st->st_dev ||
		     now.st_ino != st->st_ino)) {
			close(fd);
			fd = -1;
			errno = ESTALE;
		}
	}
	int e = errno;

	close(pfd);
	if (fd < 0)
		return given_fail(e, err, why, whylen, "%s",
				  e == ESTALE ? "the file changed while it "
						"was opened"
					      : strerror(e));
	return fd;
}

bool ea_input_load_given(struct ea_input *in, const char *path, bool live)
{
	char why[512];
	struct stat st;
	int e;

	free(in->path);
	in->path = ea_xstrdup(path);
	int fd = ea_open_given(path, live, &st, &e, why, sizeof(why));

	if (fd < 0) {
		ea_input_set_status(
		    in, e == ENOENT ? EA_IN_ABSENT : EA_IN_UNREADABLE, "%s",
		    why);
		return false;
	}
	e = ea_input_read_fd_stat(in, fd, &st, EA_MAX_INPUT_BYTES);
	close(fd);
	return e == 0;
}

void ea_input_free(struct ea_input *in)
{
	free(in->path);
	free(in->detail);
	drop_data(in);
	memset(in, 0, sizeof(*in));
}

struct ea_evid ea_listing_add(struct ea_input *l, const char *fmt, ...)
{
	char buf[512];
	va_list ap;
	va_start(ap, fmt);
	int r = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	size_t n = r < 0		     ? 0
		   : (size_t)r < sizeof(buf) ? (size_t)r
					     : sizeof(buf) - 1;
	if (l->mapped) { /* a file's bytes, now the start of a listing */
		char *d = ea_xrealloc(NULL, l->len + 1, 1);

		memcpy(d, l->data, l->len + 1);
		ea_input_adopt(l, d, l->len);
	}
	if (l->len + n + 2 > l->cap) {
		size_t nc = l->cap ? l->cap : 4096;
		while (nc < l->len + n + 2)
			nc *= 2;
		l->data = ea_xrealloc(l->data, nc, 1);
		l->cap = nc;
	}
	size_t off = l->len;
	memcpy(l->data + off, buf, n);
	l->data[off + n] = '\n';
	l->data[off + n + 1] = '\0';
	l->len += n + 1;
	l->status = EA_IN_OK;
	struct ea_evid e = { l, ++l->lines, 0, 0 };
	if (off + n <= UINT32_MAX) {
		e.off = (uint32_t)off;
		e.len = (uint32_t)n;
	}
	return e;
}
