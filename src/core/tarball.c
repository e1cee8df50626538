/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Snapshot tarballs in memory (tarball.h). Only the tar formats (ustar, pax,
 * GNU) and the gzip filter are enabled: that is what collect.sh writes (tar
 * czf, busybox or GNU).
 *
 * Every member is checked while it is read, before its data is allocated,
 * so a declared size can never make us allocate beyond the limits.
 */
#include "core/tarball.h"

#include <archive.h>
#include <archive_entry.h>
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/*
 * libarchive is opened the first time a tarball is read, not when the
 * program starts: loading it with its own dependencies (libxml2, ICU,
 * nettle, the compressors) would cost every run as much as the whole audit
 * of a real snapshot directory (bench/tricks.md). Its headers and its
 * soname come from pkg-config and the build (EA_LIBARCHIVE_SONAME); these
 * are the calls made, under their own names. A build against a static
 * libarchive (the vm suite's arm64 guests) calls it directly.
 */
#ifdef EA_LIBARCHIVE_SONAME
#define LA_FUNCS(X)                                                            \
	X(archive_entry_filetype)                                              \
	X(archive_entry_hardlink)                                              \
	X(archive_entry_pathname)                                              \
	X(archive_entry_size)                                                  \
	X(archive_entry_size_is_set)                                           \
	X(archive_error_string)                                                \
	X(archive_read_data)                                                   \
	X(archive_read_data_skip)                                              \
	X(archive_read_free)                                                   \
	X(archive_read_new)                                                    \
	X(archive_read_next_header)                                            \
	X(archive_read_open_fd)                                                \
	X(archive_read_open_memory)                                            \
	X(archive_read_support_filter_gzip)                                    \
	X(archive_read_support_format_tar)

static struct {
	bool tried, ok;
	char why[512];
#define LA_DECL(f) __typeof__(f) *f;
	LA_FUNCS(LA_DECL)
#undef LA_DECL
} la;

static bool la_open(char *why, size_t whylen)
{
	if (!la.tried) {
		la.tried = true;
		void *h = dlopen(EA_LIBARCHIVE_SONAME, RTLD_NOW | RTLD_LOCAL);
		const char *e = h ? NULL : dlerror();

		la.ok = h != NULL;
#define LA_SYM(f)                                                              \
	if (la.ok) {                                                           \
		void *sym = dlsym(h, #f);                                      \
		memcpy(&la.f, &sym, sizeof(sym));                              \
		if (!sym) {                                                    \
			la.ok = false;                                         \
			e = #f " is missing";                                  \
		}                                                              \
	}
		LA_FUNCS(LA_SYM)
#undef LA_SYM
		if (!la.ok)
			snprintf(la.why, sizeof(la.why),
				 "reading a snapshot tarball needs %s: %s",
				 EA_LIBARCHIVE_SONAME, e ? e : "?");
	}
	if (!la.ok && why && whylen)
		snprintf(why, whylen, "%s", la.why);
	return la.ok;
}

#define LA_CALL(f) (*la.f)
#define archive_entry_filetype LA_CALL(archive_entry_filetype)
#define archive_entry_hardlink LA_CALL(archive_entry_hardlink)
#define archive_entry_pathname LA_CALL(archive_entry_pathname)
#define archive_entry_size LA_CALL(archive_entry_size)
#define archive_entry_size_is_set LA_CALL(archive_entry_size_is_set)
#define archive_error_string LA_CALL(archive_error_string)
#define archive_read_data LA_CALL(archive_read_data)
#define archive_read_data_skip LA_CALL(archive_read_data_skip)
#define archive_read_free LA_CALL(archive_read_free)
#define archive_read_new LA_CALL(archive_read_new)
#define archive_read_next_header LA_CALL(archive_read_next_header)
#define archive_read_open_fd LA_CALL(archive_read_open_fd)
#define archive_read_open_memory LA_CALL(archive_read_open_memory)
#define archive_read_support_filter_gzip                                       \
	LA_CALL(archive_read_support_filter_gzip)
#define archive_read_support_format_tar LA_CALL(archive_read_support_format_tar)
#else
static bool la_open(char *why, size_t whylen)
{
	(void)why;
	(void)whylen;
	return true;
}
#endif

struct member {
	char *name; /* relative to the snapshot root after stripping */
	char *orig; /* as in the archive */
	bool dir;
	bool taken; /* data handed to an input (ea_tarball_take()) */
	char *data; /* files: NUL-terminated */
	size_t len;
};

const struct ea_tar_limits ea_tar_default_limits = {
	.member_bytes = EA_TAR_MAX_MEMBER,
	.total_bytes = EA_TAR_MAX_TOTAL,
	.members = EA_TAR_MAX_MEMBERS,
	.name_bytes = EA_TAR_MAX_NAMES,
};

struct ea_tarball {
	char *name;
	char *prefix;
	EA_VEC(struct member) m; /* sorted by name */
};

static const char *filetype_name(unsigned int ft)
{
	switch (ft) {
	case AE_IFLNK:
		return "a symbolic link";
	case AE_IFCHR:
		return "a character device";
	case AE_IFBLK:
		return "a block device";
	case AE_IFIFO:
		return "a FIFO";
	case AE_IFSOCK:
		return "a socket";
	default:
		return "not a regular file or directory";
	}
}

/*
 * Normalizes an archive name into a relative path without "." components,
 * doubled or trailing slashes. Returns NULL (and why) for an absolute path
 * or a ".." component; "" for the root itself ("./").
 */
static char *normalize(const char *s, const char **bad)
{
	if (s[0] == '/') {
		*bad = "an absolute path";
		return NULL;
	}
	size_t n = strlen(s);
	char *out = ea_xrealloc(NULL, n + 1, 1);
	size_t o = 0;
	const char *p = s;
	while (*p) {
		const char *e = strchr(p, '/');
		size_t cl = e ? (size_t)(e - p) : strlen(p);
		if (cl == 2 && p[0] == '.' && p[1] == '.') {
			free(out);
			*bad = "a \"..\" component";
			return NULL;
		}
		if (cl && !(cl == 1 && p[0] == '.')) {
			if (o)
				out[o++] = '/';
			memcpy(out + o, p, cl);
			o += cl;
		}
		p += cl;
		if (*p == '/')
			p++;
	}
	out[o] = '\0';
	return out;
}

static int cmp_member(const void *a, const void *b)
{
	return strcmp(((const struct member *)a)->name,
		      ((const struct member *)b)->name);
}

static void free_members(struct ea_tarball *t)
{
	for (size_t i = 0; i < t->m.n; i++) {
		free(t->m.v[i].name);
		free(t->m.v[i].orig);
		free(t->m.v[i].data);
	}
	EA_VEC_FREE(t->m);
}

void ea_tarball_close(struct ea_tarball *t)
{
	if (!t)
		return;
	free_members(t);
	free(t->name);
	free(t->prefix);
	free(t);
}

/* The directories at a snapshot's root (shared SNAPSHOT.md), and its other
 * top-level names. */
static bool root_dir_name(const char *s, size_t n)
{
	static const char *const dirs[] = { "proc", "sys", "mem", "boot" };
	for (size_t i = 0; i < sizeof(dirs) / sizeof(*dirs); i++)
		if (strlen(dirs[i]) == n && !strncmp(s, dirs[i], n))
			return true;
	return false;
}

static bool root_name(const char *s, size_t n)
{
	return root_dir_name(s, n) || (n == 9 && !strncmp(s, "dmesg.txt", n)) ||
	       (n == 12 && !strncmp(s, "acpidump.txt", n)) ||
	       (n == 8 && !strncmp(s, "MANIFEST", n));
}

/*
 * Whether a top-level directory named like one of the snapshot's own
 * ("sys" of a snapshot that holds only sys/) is the snapshot's and must be
 * kept: yes unless something right below it is named like the snapshot's
 * root ("sys/proc", "sys/dmesg.txt": then it is a directory around one).
 */
static bool keep_top(const struct ea_tarball *t, const char *first, size_t pl)
{
	if (!root_dir_name(first, pl))
		return false;
	for (size_t i = 0; i < t->m.n; i++) {
		const char *s = t->m.v[i].name;
		if (s[pl] != '/')
			continue;
		s += pl + 1;
		const char *e = strchr(s, '/');
		if (root_name(s, e ? (size_t)(e - s) : strlen(s)))
			return false;
	}
	return true;
}

/* Strips the one top-level directory every member is under, if any, unless
 * it is one of the snapshot's own (keep_top()). */
static void strip_prefix(struct ea_tarball *t)
{
	if (!t->m.n)
		return;
	const char *first = t->m.v[0].name;
	const char *slash = strchr(first, '/');
	size_t pl = slash ? (size_t)(slash - first) : strlen(first);
	if (!pl)
		return;
	bool nested = false;
	for (size_t i = 0; i < t->m.n; i++) {
		const struct member *m = &t->m.v[i];
		if (strncmp(m->name, first, pl) != 0)
			return;
		if (m->name[pl] == '/')
			nested = true;
		else if (m->name[pl] != '\0' || !m->dir)
			return;
	}
	if (!nested || keep_top(t, first, pl))
		return;
	t->prefix = ea_xstrndup(first, pl);
	size_t keep = 0;
	for (size_t i = 0; i < t->m.n; i++) {
		struct member *m = &t->m.v[i];
		if (m->name[pl] == '\0') { /* the top directory itself */
			free(m->name);
			free(m->orig);
			free(m->data);
			continue;
		}
		memmove(m->name, m->name + pl + 1,
			strlen(m->name + pl + 1) + 1);
		t->m.v[keep++] = *m;
	}
	t->m.n = keep;
}

/* What the members read so far add up to. */
struct tally {
	size_t members, names, total;
	const char *last; /* for messages about a corrupt stream */
};

static void corrupt(const struct ea_tarball *t, struct archive *a,
		    const struct tally *c, char *why, size_t whylen)
{
	const char *s = archive_error_string(a);

	if (c->last)
		ea_set_why(why, whylen,
			   "%s: corrupt archive after member '%s': %s", t->name,
			   c->last, s ? s : "unknown error");
	else
		ea_set_why(why, whylen, "%s: corrupt archive: %s", t->name,
			   s ? s : "unknown error");
}

/* The member's name, checked against the limits (members, the length of
 * a name, of all names) and normalised from the root (malloc'd); NULL,
 * with why, when it is refused. */
static char *member_name(const struct ea_tarball *t, struct archive_entry *e,
			 const struct ea_tar_limits *lim, struct tally *c,
			 char *why, size_t whylen)
{
	const char *an = t->name;
	const char *raw = archive_entry_pathname(e);

	if (!raw || !*raw) {
		ea_set_why(why, whylen, "%s: a member has no name", an);
		return NULL;
	}
	if (c->members >= lim->members) {
		ea_set_why(
		    why, whylen,
		    "%s: member '%.256s': refused: more than %zu members", an,
		    raw, lim->members);
		return NULL;
	}
	size_t nl = strlen(raw);

	if (nl > EA_TAR_MAX_NAME) {
		ea_set_why(why, whylen,
			   "%s: member '%.64s...': name longer than %d bytes",
			   an, raw, EA_TAR_MAX_NAME);
		return NULL;
	}
	/* the names are held (twice: as in the archive and from the root),
	 * so they count against the limits as the data does */
	if (nl > lim->name_bytes - c->names) {
		ea_set_why(
		    why, whylen,
		    "%s: member '%.256s': refused: the member names add up "
		    "to more than the limit of %zu bytes",
		    an, raw, lim->name_bytes);
		return NULL;
	}
	c->names += nl;
	const char *bad = NULL;
	char *name = normalize(raw, &bad);

	if (!name)
		ea_set_why(why, whylen, "%s: member '%.256s': refused: %s", an,
			   raw, bad);
	return name;
}

/* Whether the member is a file or a directory (a snapshot has nothing
 * else: no hard link, no device); why says what it is when not. */
static bool member_type_ok(const struct ea_tarball *t, struct archive_entry *e,
			   char *why, size_t whylen)
{
	const char *an = t->name;
	const char *raw = archive_entry_pathname(e);
	unsigned int ft = archive_entry_filetype(e);
	const char *link = archive_entry_hardlink(e);

	if (link)
		ea_set_why(
		    why, whylen,
		    "%s: member '%.256s': refused: a hard link (to '%.256s'); "
		    "a snapshot has none",
		    an, raw, link);
	else if (ft != AE_IFREG && ft != AE_IFDIR)
		ea_set_why(
		    why, whylen,
		    "%s: member '%.256s': refused: %s; a snapshot has only "
		    "files and directories",
		    an, raw, filetype_name(ft));
	return !link && (ft == AE_IFREG || ft == AE_IFDIR);
}

/* The size of a file member (0 for a directory) into *size, checked
 * against the limit per member and, with its names, the total; false,
 * with why, when it is refused. */
static bool member_size(const struct ea_tarball *t, struct archive_entry *e,
			const struct ea_tar_limits *lim, struct tally *c,
			bool dir, size_t *size, char *why, size_t whylen)
{
	const char *an = t->name;
	const char *raw = archive_entry_pathname(e);
	size_t nl = strlen(raw);
	la_int64_t sz =
	    !dir && archive_entry_size_is_set(e) ? archive_entry_size(e) : 0;

	if (sz < 0 || (uint64_t)sz > lim->member_bytes) {
		ea_set_why(
		    why, whylen,
		    "%s: member '%.256s': refused: %lld bytes, more than the "
		    "limit of %zu per member",
		    an, raw, (long long)sz, lim->member_bytes);
		return false;
	}
	/* sz <= member_bytes and nl <= EA_TAR_MAX_NAME: no overflow */
	size_t need = (size_t)sz + 2 * nl;

	if (need > lim->total_bytes - c->total) {
		ea_set_why(
		    why, whylen,
		    "%s: member '%.256s': refused: the members and their "
		    "names add up to more than the limit of %zu bytes",
		    an, raw, lim->total_bytes);
		return false;
	}
	c->total += need;
	*size = (size_t)sz;
	return true;
}

/*
 * One member's header, checked against every limit before anything of it is
 * kept: the same checks in both passes. Returns 1 with its normalized name
 * (malloc'd), whether it is a directory and its size; 0 for the root itself
 * ("./"); -1 when it is refused (why says so, naming the member).
 */
static int check_header(const struct ea_tarball *t, struct archive_entry *e,
			const struct ea_tar_limits *lim, struct tally *c,
			char **name, bool *dir, size_t *size, char *why,
			size_t whylen)
{
	*name = member_name(t, e, lim, c, why, whylen);
	if (!*name)
		return -1;
	if (!member_type_ok(t, e, why, whylen)) {
		free(*name);
		return -1;
	}
	if (!**name) { /* "./": the root itself */
		free(*name);
		return 0;
	}
	c->members++;
	*dir = archive_entry_filetype(e) == AE_IFDIR;
	*size = 0;
	if (!member_size(t, e, lim, c, *dir, size, why, whylen)) {
		free(*name);
		return -1;
	}
	return 1;
}

/*
 * The first pass: every header checked, no data kept (it is inflated and
 * skipped), so that an archive past a limit is refused before any of its
 * members is held; a corrupt stream is found here too.
 */
static bool scan(const struct ea_tarball *t, struct archive *a,
		 const struct ea_tar_limits *lim, char *why, size_t whylen)
{
	struct tally c = { 0 };
	char *last = NULL;
	bool ok = true;

	for (;;) {
		struct archive_entry *e;
		int r = archive_read_next_header(a, &e);

		if (r == ARCHIVE_EOF)
			break;
		c.last = last;
		if (r < ARCHIVE_WARN) {
			corrupt(t, a, &c, why, whylen);
			ok = false;
			break;
		}
		char *name;
		bool dir = false;
		size_t size;
		int k = check_header(t, e, lim, &c, &name, &dir, &size, why,
				     whylen);

		if (k < 0) {
			ok = false;
			break;
		}
		if (k > 0) {
			free(name);
			free(last);
			last = ea_xstrdup(archive_entry_pathname(e));
		}
		if (k > 0 && !dir && archive_read_data_skip(a) < ARCHIVE_WARN) {
			c.last = last;
			corrupt(t, a, &c, why, whylen);
			ok = false;
			break;
		}
	}
	free(last);
	return ok;
}

/* The sz bytes of member m (named raw in the archive) into m->data; false,
 * with why, when the archive is corrupt or cut there. */
static bool read_data(struct ea_tarball *t, struct archive *a, struct member *m,
		      const char *raw, size_t sz, char *why, size_t whylen)
{
	size_t got = 0;

	m->data = ea_xrealloc(NULL, sz + 1, 1);
	while (got < sz) {
		la_ssize_t n = archive_read_data(a, m->data + got, sz - got);
		if (n < 0) {
			const char *s = archive_error_string(a);
			ea_set_why(why, whylen,
				   "%s: member '%s': corrupt archive: %s",
				   t->name, raw, s ? s : "read error");
			return false;
		}
		if (n == 0)
			break;
		got += (size_t)n;
	}
	if (got != sz) {
		ea_set_why(why, whylen,
			   "%s: member '%s': truncated: %zu of %zu bytes",
			   t->name, raw, got, sz);
		return false;
	}
	m->data[got] = '\0';
	m->len = got;
	return true;
}

/* Whether the members, sorted by name, name no path twice and no file
 * that is also a directory other members are in ("proc" and
 * "proc/iomem": the tree would answer both ways); why says which when
 * they do. */
static bool names_unique(const struct ea_tarball *t, char *why, size_t whylen)
{
	const char *an = t->name;

	for (size_t i = 1; i < t->m.n; i++) {
		if (strcmp(t->m.v[i - 1].name, t->m.v[i].name) == 0) {
			ea_set_why(
			    why, whylen,
			    "%s: member '%s': refused: the name appears twice",
			    an, t->m.v[i].orig);
			return false;
		}
	}
	for (size_t i = 0; i < t->m.n; i++) {
		const struct member *m = &t->m.v[i];

		if (m->dir)
			continue;
		size_t l = strlen(m->name);
		char *key = ea_xrealloc(NULL, l + 2, 1);

		memcpy(key, m->name, l);
		memcpy(key + l, "/", 2);
		size_t lo = 0, hi = t->m.n;

		while (lo < hi) { /* the first name >= "NAME/" */
			size_t mid = lo + (hi - lo) / 2;

			if (strcmp(t->m.v[mid].name, key) < 0)
				lo = mid + 1;
			else
				hi = mid;
		}
		bool clash =
		    lo < t->m.n && strncmp(t->m.v[lo].name, key, l + 1) == 0;

		free(key);
		if (clash) {
			ea_set_why(
			    why, whylen,
			    "%s: member '%s': refused: a file and also a "
			    "directory that member '%s' is in",
			    an, m->orig, t->m.v[lo].orig);
			return false;
		}
	}
	return true;
}

/* The second pass: the members, their data read into one allocation each
 * (handed to the inputs later, never copied). */
static bool read_all(struct ea_tarball *t, struct archive *a,
		     const struct ea_tar_limits *lim, char *why, size_t whylen)
{
	struct tally c = { 0 };

	for (;;) {
		struct archive_entry *e;
		int r = archive_read_next_header(a, &e);

		if (r == ARCHIVE_EOF)
			break;
		if (r < ARCHIVE_WARN) {
			corrupt(t, a, &c, why, whylen);
			return false;
		}
		char *name;
		bool dir;
		size_t sz;
		int k =
		    check_header(t, e, lim, &c, &name, &dir, &sz, why, whylen);

		if (k < 0)
			return false;
		if (k == 0)
			continue;
		const char *raw = archive_entry_pathname(e);
		struct member *m = EA_VEC_PUSH(t->m);

		m->name = name;
		m->orig = ea_xstrdup(raw);
		m->dir = dir;
		c.last = m->orig;
		if (!m->dir && !read_data(t, a, m, raw, sz, why, whylen))
			return false;
	}
	ea_sort(t->m.v, t->m.n, sizeof(*t->m.v), cmp_member);
	if (!names_unique(t, why, whylen))
		return false;
	strip_prefix(t);
	return true;
}

/* Where the archive's bytes are: a file (read from its start for each
 * pass) or memory. */
struct source {
	int fd;
	const void *buf;
	size_t len;
};

static struct archive *new_reader(void)
{
	struct archive *a = archive_read_new();
	if (!a) {
		fprintf(stderr, "efiresv-audit: out of memory\n");
		exit(70);
	}
	archive_read_support_filter_gzip(a);
	archive_read_support_format_tar(a);
	return a;
}

/* A reader at the start of src, or NULL with why. */
static struct archive *open_source(const struct source *src, const char *name,
				   char *why, size_t whylen)
{
	struct archive *a = new_reader();
	int r;

	if (src->fd >= 0)
		r = lseek(src->fd, 0, SEEK_SET) == 0
			? archive_read_open_fd(a, src->fd, 64 * 1024)
			: ARCHIVE_FATAL;
	else
		r = archive_read_open_memory(a, src->buf, src->len);
	if (r != ARCHIVE_OK) {
		const char *s = archive_error_string(a);
		ea_set_why(why, whylen, "%s: %s", name,
			   s ? s : "cannot open the archive");
		archive_read_free(a);
		return NULL;
	}
	return a;
}

static struct ea_tarball *open_common(const struct source *src,
				      const char *name,
				      const struct ea_tar_limits *lim,
				      char *why, size_t whylen)
{
	struct ea_tarball *t = ea_xcalloc(1, sizeof(*t));
	t->name = ea_xstrdup(name);
	if (!lim)
		lim = &ea_tar_default_limits;
	bool ok = false;

	for (int pass = 0; pass < 2; pass++) {
		struct archive *a = open_source(src, name, why, whylen);

		if (!a) {
			ok = false;
			break;
		}
		ok = pass == 0 ? scan(t, a, lim, why, whylen)
			       : read_all(t, a, lim, why, whylen);
		archive_read_free(a);
		if (!ok)
			break;
	}
	if (!ok) {
		ea_tarball_close(t);
		return NULL;
	}
	return t;
}

struct ea_tarball *ea_tarball_open(const char *path, char *why, size_t whylen)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	if (fd < 0) {
		ea_set_why(why, whylen, "%s: %s", path, strerror(errno));
		return NULL;
	}
	struct stat st;
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		ea_set_why(why, whylen, "%s: not a regular file", path);
		close(fd);
		return NULL;
	}
	if (!la_open(why, whylen)) {
		close(fd);
		return NULL;
	}
	struct source src = { fd, NULL, 0 };
	struct ea_tarball *t = open_common(&src, path, NULL, why, whylen);
	close(fd);
	return t;
}

struct ea_tarball *ea_tarball_open_mem(const void *buf, size_t len,
				       const char *name,
				       const struct ea_tar_limits *lim,
				       char *why, size_t whylen)
{
	if (!la_open(why, whylen))
		return NULL;
	struct source src = { -1, buf, len };
	return open_common(&src, name, lim, why, whylen);
}

/* Binary search: the first member whose name is >= key. */
static size_t lower_bound(const struct ea_tarball *t, const char *key)
{
	size_t lo = 0, hi = t->m.n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (strcmp(t->m.v[mid].name, key) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* rel without "./", doubled and trailing slashes; NULL if it climbs. */
static char *norm_rel(const char *rel)
{
	const char *bad;
	while (*rel == '/')
		rel++;
	return normalize(rel, &bad);
}

static const struct member *find(const struct ea_tarball *t, const char *rel)
{
	char *k = norm_rel(rel);
	if (!k)
		return NULL;
	size_t i = lower_bound(t, k);
	const struct member *m =
	    i < t->m.n && strcmp(t->m.v[i].name, k) == 0 ? &t->m.v[i] : NULL;
	free(k);
	return m;
}

bool ea_tarball_get(const struct ea_tarball *t, const char *rel,
		    const char **data, size_t *len)
{
	const struct member *m = find(t, rel);
	if (!m || m->dir)
		return false;
	*data = m->data;
	*len = m->len;
	return true;
}

int ea_tarball_take(struct ea_tarball *t, const char *rel, char **data,
		    size_t *len)
{
	struct member *m = (struct member *)find(t, rel);
	if (!m)
		return ENOENT;
	if (m->dir)
		return EISDIR;
	if (m->taken)
		return EALREADY;
	*data = m->data;
	*len = m->len;
	m->data = NULL;
	m->taken = true;
	return 0;
}

/* The range of members under directory k ("" = all): [*lo, *hi). */
static void under(const struct ea_tarball *t, const char *k, size_t *lo,
		  size_t *hi)
{
	if (!*k) {
		*lo = 0;
		*hi = t->m.n;
		return;
	}
	size_t kl = strlen(k);
	char *p = ea_xrealloc(NULL, kl + 2, 1);
	memcpy(p, k, kl);
	p[kl] = '/';
	p[kl + 1] = '\0';
	size_t i = lower_bound(t, p), j = i;
	while (j < t->m.n && strncmp(t->m.v[j].name, p, kl + 1) == 0)
		j++;
	free(p);
	*lo = i;
	*hi = j;
}

bool ea_tarball_is_dir(const struct ea_tarball *t, const char *rel)
{
	char *k = norm_rel(rel);
	if (!k)
		return false;
	bool dir = !*k;
	if (!dir) {
		size_t lo, hi;
		under(t, k, &lo, &hi);
		size_t i = lower_bound(t, k);
		dir =
		    lo < hi || (i < t->m.n && strcmp(t->m.v[i].name, k) == 0 &&
				t->m.v[i].dir);
	}
	free(k);
	return dir;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

size_t ea_tarball_list(const struct ea_tarball *t, const char *rel,
		       char ***names)
{
	*names = NULL;
	char *k = norm_rel(rel);
	if (!k)
		return 0;
	size_t lo, hi, skip = *k ? strlen(k) + 1 : 0;
	under(t, k, &lo, &hi);
	free(k);
	/* Components right below the directory, pointing into the names. */
	const char **c = ea_xcalloc(hi - lo + 1, sizeof(*c));
	size_t *cl = ea_xcalloc(hi - lo + 1, sizeof(*cl));
	size_t n = 0, bytes = 0;
	for (size_t i = lo; i < hi; i++) {
		const char *s = t->m.v[i].name + skip;
		const char *e = strchr(s, '/');
		c[n] = s;
		cl[n] = e ? (size_t)(e - s) : strlen(s);
		n++;
	}
	/* Copy, sort, drop repeats (a directory's members are not always
	 * adjacent: "a/b-c" sorts between "a/b" and "a/b/c"). */
	for (size_t i = 0; i < n; i++)
		bytes += cl[i] + 1;
	char **out = ea_xrealloc(NULL, 1, (n + 1) * sizeof(char *) + bytes);
	char *sp = (char *)(out + n + 1);
	for (size_t i = 0; i < n; i++) {
		memcpy(sp, c[i], cl[i]);
		sp[cl[i]] = '\0';
		out[i] = sp;
		sp += cl[i] + 1;
	}
	ea_sort(out, n, sizeof(*out), cmp_str);
	size_t u = 0;
	for (size_t i = 0; i < n; i++)
		if (!u || strcmp(out[u - 1], out[i]) != 0)
			out[u++] = out[i];
	out[u] = NULL;
	free(c);
	free(cl);
	*names = out;
	return u;
}

const char *ea_tarball_name(const struct ea_tarball *t)
{
	return t->name;
}

const char *ea_tarball_prefix(const struct ea_tarball *t)
{
	return t->prefix;
}

bool ea_tarball_load_input(struct ea_tarball *t, struct ea_input *in,
			   const char *rel)
{
	const struct member *m = find(t, rel);
	free(in->path);
	size_t n = strlen(t->name) + 1 +
		   (m ? strlen(m->orig)
		      : strlen(rel) + (t->prefix ? strlen(t->prefix) + 1 : 0)) +
		   1;
	in->path = ea_xrealloc(NULL, n, 1);
	if (m)
		snprintf(in->path, n, "%s:%s", t->name, m->orig);
	else if (t->prefix)
		snprintf(in->path, n, "%s:%s/%s", t->name, t->prefix, rel);
	else
		snprintf(in->path, n, "%s:%s", t->name, rel);
	if (!m) {
		ea_input_set_status(in, EA_IN_ABSENT, "not in the snapshot");
		return false;
	}
	char *d;
	size_t len;
	int e = ea_tarball_take(t, rel, &d, &len);
	if (e) {
		ea_input_set_status(in, EA_IN_UNREADABLE, "%s",
				    e == EISDIR ? "a directory, not a file"
						: "read already");
		return false;
	}
	ea_input_adopt(in, d, len);
	return true;
}
