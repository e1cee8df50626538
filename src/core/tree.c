/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Read-only trees (tree.h): a directory on disk or a tarball in memory,
 * behind the same calls and the same words for what went wrong.
 */
#include "core/tree.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>
#ifdef SYS_openat2
#include <linux/openat2.h>
#endif

#include "core/tarball.h"
#include "core/util.h"

/* What a tree learns while it is read (the trees are const to readers). */
struct tree_state {
	int rootfd;   /* confined directory: O_PATH of the root, else -1 */
	int root_err; /* why the root could not be opened */
	struct ea_diags *sink;
	EA_VEC(char *) told; /* refused paths already reported */
};

struct ea_tree {
	char *root;	       /* directory: as given; tarball: its file */
	struct ea_tarball *tb; /* NULL for a directory */
	bool follow;	       /* the running system: paths as open(2) */
	bool relative; /* a snapshot: paths shown relative to its root */
	struct tree_state *st;
};

static struct ea_tree *tree_new(const char *root)
{
	struct ea_tree *t = ea_xcalloc(1, sizeof(*t));

	t->root = ea_xstrdup(root);
	t->st = ea_xcalloc(1, sizeof(*t->st));
	t->st->rootfd = -1;
	return t;
}

struct ea_tree *ea_tree_open_dir(const char *root)
{
	struct ea_tree *t = tree_new(root);

	/* the root is the user's path: followed as given */
	t->st->rootfd = open(root, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (t->st->rootfd < 0)
		t->st->root_err = errno;
	return t;
}

struct ea_tree *ea_tree_open_system(const char *root)
{
	struct ea_tree *t = tree_new(root);

	t->follow = true;
	return t;
}

struct ea_tree *ea_tree_from_tarball(struct ea_tarball *tb)
{
	struct ea_tree *t = tree_new(ea_tarball_name(tb));

	t->tb = tb;
	return t;
}

void ea_tree_report_to(struct ea_tree *t, struct ea_diags *d)
{
	t->st->sink = d;
}

struct ea_tree *ea_tree_open(const char *path, char *why, size_t whylen)
{
	struct stat st;

	if (stat(path, &st) != 0) {
		ea_set_why(why, whylen, "%s: %s", path, strerror(errno));
		return NULL;
	}
	struct ea_tree *t = NULL;

	if (S_ISDIR(st.st_mode)) {
		t = ea_tree_open_dir(path);
		t->relative = true;
		return t;
	}
	if (!S_ISREG(st.st_mode)) {
		ea_set_why(why, whylen,
			   "%s: not a directory or a regular file (a snapshot "
			   "is a directory or a .tar.gz of one)",
			   path);
		return NULL;
	}
	struct ea_tarball *tb = ea_tarball_open(path, why, whylen);

	if (tb) {
		t = ea_tree_from_tarball(tb);
		t->relative = true;
	}
	return t;
}

void ea_tree_close(struct ea_tree *t)
{
	if (!t)
		return;
	ea_tarball_close(t->tb);
	if (t->st->rootfd >= 0)
		close(t->st->rootfd);
	for (size_t i = 0; i < t->st->told.n; i++)
		free(t->st->told.v[i]);
	EA_VEC_FREE(t->st->told);
	free(t->st);
	free(t->root);
	free(t);
}

const char *ea_tree_name(const struct ea_tree *t)
{
	return t->root;
}

bool ea_tree_is_tarball(const struct ea_tree *t)
{
	return t->tb != NULL;
}

const char *ea_tree_strerror(int err)
{
	switch (err) {
	case E2BIG:
		return "more names in the directory than are read";
	case ELOOP:
		return "a symbolic link: refused (a snapshot has only files "
		       "and directories)";
	case EFBIG:
		return "larger than the limit";
	default:
		return strerror(err);
	}
}

/* Relative, one '/' between components, none of them "." or "..". */
static bool rel_ok(const char *rel)
{
	const char *p = rel;

	if (!*p)
		return true;
	for (;;) {
		const char *e = strchr(p, '/');
		size_t n = e ? (size_t)(e - p) : strlen(p);

		if (n == 0 || (n == 1 && p[0] == '.') ||
		    (n == 2 && p[0] == '.' && p[1] == '.'))
			return false;
		if (!e)
			return true;
		p = e + 1;
	}
}

char *ea_tree_join(const char *rel, const char *name)
{
	size_t a = strlen(rel), b = strlen(name);
	char *p = ea_xrealloc(NULL, a + b + 2, 1);

	if (!a) {
		memcpy(p, name, b + 1);
		return p;
	}
	memcpy(p, rel, a);
	p[a] = '/';
	memcpy(p + a + 1, name, b + 1);
	return p;
}

/* The directory backend's path: as read/sources.c always joined them, with no
 * doubled '/' after a root that ends in one ("/" + "proc/iomem"). */
static char *dir_path(const struct ea_tree *t, const char *rel)
{
	const char *r = t->root;
	size_t rl = strlen(r);

	if (!*rel)
		return ea_xstrdup(r);
	size_t n = rl + 1 + strlen(rel) + 1;
	char *p = ea_xrealloc(NULL, n, 1);

	snprintf(p, n, "%s%s%s", r, (rl && r[rl - 1] == '/') ? "" : "/", rel);
	return p;
}

char *ea_tree_path(const struct ea_tree *t, const char *rel)
{
	if (t->relative)
		return ea_xstrdup(*rel ? rel : ".");
	if (!t->tb)
		return dir_path(t, rel);
	const char *pre = ea_tarball_prefix(t->tb);
	size_t n = strlen(t->root) + (pre ? strlen(pre) : 0) + strlen(rel) + 3;
	char *p = ea_xrealloc(NULL, n, 1);

	if (pre && *rel)
		snprintf(p, n, "%s:%s/%s", t->root, pre, rel);
	else if (pre)
		snprintf(p, n, "%s:%s", t->root, pre);
	else if (*rel)
		snprintf(p, n, "%s:%s", t->root, rel);
	else
		snprintf(p, n, "%s", t->root);
	return p;
}

/* --- a directory read as a closed world ------------------------------- */

bool ea_tree_walk_only;

/* Component by component with O_NOFOLLOW, where openat2() is not there:
 * every directory on the way is opened O_PATH and looked at; a symbolic
 * link anywhere is ELOOP (but for an O_PATH open of the last component,
 * which returns the link itself, as openat2() does). */
static int walk_beneath(int rootfd, const char *rel, int flags)
{
	int fd = rootfd;
	const char *p = rel;

	for (;;) {
		const char *e = strchr(p, '/');
		size_t n = e ? (size_t)(e - p) : strlen(p);
		char comp[256];
		int nfd;

		if (n >= sizeof(comp)) {
			nfd = -1;
			errno = ENAMETOOLONG;
		} else if (e) {
			memcpy(comp, p, n);
			comp[n] = '\0';
			nfd = openat(fd, comp, O_PATH | O_NOFOLLOW | O_CLOEXEC);
			struct stat st;

			if (nfd >= 0 && fstat(nfd, &st) == 0 &&
			    !S_ISDIR(st.st_mode)) {
				close(nfd);
				nfd = -1;
				errno = S_ISLNK(st.st_mode) ? ELOOP : ENOTDIR;
			}
		} else {
			memcpy(comp, p, n);
			comp[n] = '\0';
			nfd = openat(fd, comp,
				     flags | O_NOFOLLOW | O_CLOEXEC |
					 (flags & O_PATH ? 0 : O_NOCTTY));
		}
		int e2 = errno;

		if (fd != rootfd)
			close(fd);
		if (nfd < 0) {
			errno = e2;
			return -1;
		}
		if (!e)
			return nfd;
		fd = nfd;
		p = e + 1;
	}
}

/*
 * rel opened below the root of a confined tree without following any
 * symbolic link at any depth: openat2() with RESOLVE_BENEATH |
 * RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS where the kernel has it (5.6),
 * else walk_beneath(). flags: O_PATH (a last component that is a link is
 * returned as the link), or O_RDONLY | O_DIRECTORY. -1 with errno.
 */
static int open_beneath(const struct ea_tree *t, const char *rel, int flags)
{
	if (t->st->rootfd < 0) {
		errno = t->st->root_err;
		return -1;
	}
	if (!*rel)
		return openat(t->st->rootfd, ".", flags | O_CLOEXEC);
#ifdef SYS_openat2
	static bool no_openat2;

	if (!no_openat2 && !ea_tree_walk_only) {
		struct open_how how = {
			/* with O_PATH, openat2() takes nothing but
			 * O_CLOEXEC, O_DIRECTORY and O_NOFOLLOW */
			.flags = (uint64_t)(flags | O_NOFOLLOW | O_CLOEXEC |
					    (flags & O_PATH ? 0 : O_NOCTTY)),
			.resolve = RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS |
				   RESOLVE_NO_MAGICLINKS,
		};
		long fd =
		    syscall(SYS_openat2, t->st->rootfd, rel, &how, sizeof(how));

		if (fd >= 0)
			return (int)fd;
		/* ENOSYS: an older kernel; EPERM, E2BIG: a seccomp filter
		 * or a kernel that does not know the struct: walk */
		if (errno == ENOSYS)
			no_openat2 = true;
		else if (errno != EPERM && errno != E2BIG)
			return -1;
	}
#endif
	return walk_beneath(t->st->rootfd, rel, flags);
}

static const char *kind_name(mode_t m)
{
	if (S_ISFIFO(m))
		return "a FIFO";
	if (S_ISCHR(m))
		return "a character device";
	if (S_ISBLK(m))
		return "a block device";
	if (S_ISSOCK(m))
		return "a socket";
	return "not a regular file or directory";
}

/*
 * A refusal of bad (the path below the root of a link on the way to rel or
 * at it, or of rel when it is a FIFO, device or socket; what says which):
 * the reason in why for the input read at rel (it names bad when that is
 * not rel itself, and a link's target); told to the sink once per path,
 * which turns it into a finding that names it.
 */
static void refusal(const struct ea_tree *t, const char *rel, const char *bad,
		    const char *what, char *why, size_t whylen)
{
	static const char tail[] = "a snapshot has only files and directories";
	char *p = ea_tree_path(t, bad);

	if (strcmp(bad, rel) != 0)
		snprintf(why, whylen, "refused: %s is %s; %s", p, what, tail);
	else
		snprintf(why, whylen, "refused: %s; %s", what, tail);
	struct tree_state *st = t->st;
	bool told = !st->sink;

	for (size_t i = 0; !told && i < st->told.n; i++)
		told = !strcmp(st->told.v[i], bad);
	if (!told) {
		struct ea_evid none = { 0 };

		*EA_VEC_PUSH(st->told) = ea_xstrdup(bad);
		ea_diag_add(st->sink, none, "%s: refused: %s; %s", p, what,
			    tail);
	}
	free(p);
}

/* "a symbolic link (to 'TARGET')", for the link at bad (relative). */
static void link_what(const struct ea_tree *t, const char *bad, char *what,
		      size_t len)
{
	char to[200];
	ssize_t n = readlinkat(t->st->rootfd, bad, to, sizeof(to) - 1);

	to[n > 0 ? n : 0] = '\0';
	snprintf(what, len, "a symbolic link (to '%s%s')", to,
		 n == (ssize_t)sizeof(to) - 1 ? "..." : "");
}

/* open_beneath() said ELOOP: the first component of rel that is a link
 * (each prefix looked at without following its last component; the ones
 * before it were not links). Refuses it. */
static void refuse_link(const struct ea_tree *t, const char *rel, char *why,
			size_t whylen)
{
	char what[300];
	const char *s = rel;

	for (;;) {
		const char *e = strchr(s, '/');
		size_t n = e ? (size_t)(e - rel) : strlen(rel);
		char *pre = ea_xstrndup(rel, n);
		struct stat st;

		if (!e || (fstatat(t->st->rootfd, pre, &st,
				   AT_SYMLINK_NOFOLLOW) == 0 &&
			   S_ISLNK(st.st_mode))) {
			link_what(t, pre, what, sizeof(what));
			refusal(t, rel, pre, what, why, whylen);
			free(pre);
			return;
		}
		free(pre);
		s = e + 1;
	}
}

/* What a confined tree's rel is: its O_PATH descriptor and fstat, or -1
 * with *err (ELOOP and the refusal in why for a link on the way or at the
 * end, EINVAL and the refusal for a FIFO, device or socket, or the errno
 * of the open). A directory is not refused. */
static int look_at(const struct ea_tree *t, const char *rel, struct stat *st,
		   int *err, char *why, size_t whylen)
{
	int fd = open_beneath(t, rel, O_PATH);

	*why = '\0';
	if (fd < 0) {
		*err = errno;
		if (*err == ELOOP)
			refuse_link(t, rel, why, whylen);
		return -1;
	}
	if (fstat(fd, st) != 0) {
		*err = errno;
		close(fd);
		return -1;
	}
	if (S_ISLNK(st->st_mode)) {
		char what[300];

		link_what(t, rel, what, sizeof(what));
		refusal(t, rel, rel, what, why, whylen);
		close(fd);
		*err = ELOOP;
		return -1;
	}
	if (!S_ISREG(st->st_mode) && !S_ISDIR(st->st_mode)) {
		refusal(t, rel, rel, kind_name(st->st_mode), why, whylen);
		close(fd);
		*err = EINVAL;
		return -1;
	}
	return fd;
}

/* --- what a path is ---------------------------------------------------- */

/* Tarball: whether a proper prefix of rel is a file (ENOTDIR on disk). */
static bool tar_under_file(const struct ea_tarball *tb, const char *rel)
{
	const char *s = rel;
	bool found = false;

	while (!found && (s = strchr(s, '/')) != NULL) {
		char *pre = ea_xstrndup(rel, (size_t)(s - rel));
		const char *d;
		size_t l;

		found = ea_tarball_get(tb, pre, &d, &l);
		free(pre);
		s++;
	}
	return found;
}

enum ea_tree_kind ea_tree_kind(const struct ea_tree *t, const char *rel)
{
	if (!rel_ok(rel))
		return EA_TREE_NONE;
	if (t->tb) {
		const char *d;
		size_t l;

		if (ea_tarball_is_dir(t->tb, rel))
			return EA_TREE_DIR;
		if (ea_tarball_get(t->tb, rel, &d, &l))
			return EA_TREE_FILE;
		return EA_TREE_NONE;
	}
	struct stat st;

	if (t->follow) {
		char *p = dir_path(t, rel);
		int r = stat(p, &st);

		free(p);
		if (r != 0)
			return EA_TREE_NONE;
	} else {
		/* a link or special file is refused (and told) here too */
		char why[1024];
		int e;
		int fd = look_at(t, rel, &st, &e, why, sizeof(why));

		if (fd < 0)
			return e == ELOOP || e == EINVAL ? EA_TREE_OTHER
							 : EA_TREE_NONE;
		close(fd);
	}
	if (S_ISDIR(st.st_mode))
		return EA_TREE_DIR;
	return S_ISREG(st.st_mode) ? EA_TREE_FILE : EA_TREE_OTHER;
}

bool ea_tree_is_dir(const struct ea_tree *t, const char *rel)
{
	return ea_tree_kind(t, rel) == EA_TREE_DIR;
}

/* --- loading a file ---------------------------------------------------- */

static bool load_fail(struct ea_input *in, int *err, int e,
		      enum ea_input_status st, const char *what)
{
	if (err)
		*err = e;
	ea_input_set_status(in, st, "%s", what);
	return false;
}

/* ea_input_read_path(), with the reason in *err too. */
static bool dir_load(const char *path, size_t max, struct ea_input *in,
		     int *err)
{
	int e = ea_input_read_path(in, path, max);

	if (err)
		*err = e;
	return e == 0;
}

/* A confined tree's regular file: looked at (look_at()), then that inode
 * opened for reading, O_NONBLOCK. */
static bool confined_load(const struct ea_tree *t, const char *rel, size_t max,
			  struct ea_input *in, int *err)
{
	char why[1024];
	struct stat st;
	int e;
	int pfd = look_at(t, rel, &st, &e, why, sizeof(why));

	if (pfd < 0)
		return load_fail(in, err, e,
				 e == ENOENT ? EA_IN_ABSENT : EA_IN_UNREADABLE,
				 *why ? why : strerror(e));
	if (!S_ISREG(st.st_mode)) {
		close(pfd);
		return load_fail(in, err, EINVAL, EA_IN_UNREADABLE,
				 "not a regular file");
	}
	int fd = ea_reopen_read(pfd, &st);

	if (fd < 0 && errno == ENOENT) { /* no /proc: open it again */
		fd = open_beneath(t, rel, O_RDONLY | O_NONBLOCK);
		struct stat now;

		if (fd >= 0 &&
		    (fstat(fd, &now) != 0 || now.st_dev != st.st_dev ||
		     now.st_ino != st.st_ino || !S_ISREG(now.st_mode))) {
			close(fd);
			fd = -1;
			errno = ESTALE;
		}
	}
	e = errno;
	close(pfd);
	if (fd < 0)
		return load_fail(in, err, e, EA_IN_UNREADABLE,
				 e == ESTALE
				     ? "the file changed while it was opened"
				     : strerror(e));
	e = ea_input_read_fd_stat(in, fd, &st, max);
	close(fd);
	if (err)
		*err = e;
	return e == 0;
}

static bool tar_load(struct ea_tarball *tb, const char *rel, size_t max,
		     struct ea_input *in, int *err)
{
	const char *d;
	size_t l;

	if (!ea_tarball_get(tb, rel, &d, &l)) {
		if (*rel && ea_tarball_is_dir(tb, rel))
			return load_fail(in, err, EINVAL, EA_IN_UNREADABLE,
					 "not a regular file");
		if (tar_under_file(tb, rel))
			return load_fail(in, err, ENOTDIR, EA_IN_UNREADABLE,
					 strerror(ENOTDIR));
		return load_fail(in, err, ENOENT, EA_IN_ABSENT,
				 strerror(ENOENT));
	}
	if (l > max) {
		if (err)
			*err = EFBIG;
		ea_input_set_status(in, EA_IN_UNREADABLE,
				    "larger than the limit of %zu bytes", max);
		return false;
	}
	/* the member's bytes become the input's, not a copy of them */
	char *own;
	int e = ea_tarball_take(tb, rel, &own, &l);

	if (e)
		return load_fail(in, err, e, EA_IN_UNREADABLE,
				 "read already (a member is read once)");
	ea_input_adopt(in, own, l);
	return true;
}

bool ea_tree_load(const struct ea_tree *t, const char *rel, size_t max,
		  struct ea_input *in, int *err)
{
	if (err)
		*err = 0;
	if (max > EA_MAX_INPUT_BYTES)
		max = EA_MAX_INPUT_BYTES;
	free(in->path);
	in->path = ea_tree_path(t, rel);
	if (!rel_ok(rel) || !*rel)
		return load_fail(in, err, EINVAL, EA_IN_UNREADABLE,
				 *rel ? "not a path inside the snapshot"
				      : "not a regular file");
	if (t->tb)
		return tar_load(t->tb, rel, max, in, err);
	if (!t->follow)
		return confined_load(t, rel, max, in, err);
	char *p = dir_path(t, rel);
	bool ok = dir_load(p, max, in, err);

	free(p);
	return ok;
}

bool ea_tree_read_small(const struct ea_tree *t, const char *rel,
			struct ea_input *f, char *buf, size_t cap, size_t *len,
			const char *too_long, const char **why, int *err)
{
	int e;

	if (!ea_tree_load(t, rel, cap - 2, f, &e)) {
		if (err)
			*err = e;
		*why = e == EFBIG  ? too_long
		       : f->detail ? f->detail
				   : "unreadable";
		return false;
	}
	if (err)
		*err = 0;
	memcpy(buf, f->data, f->len + 1);
	*len = f->len;
	return true;
}

/* --- listing a directory ----------------------------------------------- */

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static bool list_fail(char ***names, size_t *n, int *err, int e)
{
	*names = NULL;
	*n = 0;
	if (err)
		*err = e;
	return false;
}

static bool dir_list(DIR *d, char ***names, size_t *n, int *err)
{
	if (!d)
		return list_fail(names, n, err, errno);
	EA_VEC(char *) v = { 0 };
	size_t bytes = 0;
	int e = 0;
	struct dirent *de;

	for (;;) {
		errno = 0;
		de = readdir(d);
		if (!de) {
			e = errno;
			break;
		}
		const char *s = de->d_name;

		if (!strcmp(s, ".") || !strcmp(s, ".."))
			continue;
		size_t l = strlen(s) + 1;

		if (v.n == EA_TREE_MAX_NAMES ||
		    l > EA_TREE_MAX_LIST_BYTES - bytes) {
			e = E2BIG;
			break;
		}
		*EA_VEC_PUSH(v) = ea_xstrdup(s);
		bytes += l;
	}
	closedir(d);
	if (e) {
		for (size_t i = 0; i < v.n; i++)
			free(v.v[i]);
		EA_VEC_FREE(v);
		return list_fail(names, n, err, e);
	}
	/* one allocation: the pointers, then the strings */
	char **out = ea_xrealloc(NULL, 1, (v.n + 1) * sizeof(char *) + bytes);
	char *sp = (char *)(out + v.n + 1);

	ea_sort(v.v, v.n, sizeof(*v.v), cmp_str);
	for (size_t i = 0; i < v.n; i++) {
		size_t l = strlen(v.v[i]) + 1;

		memcpy(sp, v.v[i], l);
		out[i] = sp;
		sp += l;
		free(v.v[i]);
	}
	out[v.n] = NULL;
	*names = out;
	*n = v.n;
	EA_VEC_FREE(v);
	return true;
}

bool ea_tree_list(const struct ea_tree *t, const char *rel, char ***names,
		  size_t *n, int *err)
{
	if (err)
		*err = 0;
	if (!rel_ok(rel))
		return list_fail(names, n, err, EINVAL);
	if (!t->tb && t->follow) {
		char *p = dir_path(t, rel);
		bool ok = dir_list(opendir(p), names, n, err);

		free(p);
		return ok;
	}
	if (!t->tb) {
		int fd = open_beneath(t, rel, O_RDONLY | O_DIRECTORY);

		if (fd < 0 && (errno == ELOOP || errno == ENOTDIR)) {
			/* a link on the way (ELOOP), or at the end, which
			 * O_DIRECTORY | O_NOFOLLOW calls ENOTDIR: look */
			int e = errno;
			char why[1024];
			struct stat st;
			int pfd = look_at(t, rel, &st, &e, why, sizeof(why));

			if (pfd >= 0)
				close(pfd);
			return list_fail(names, n, err,
					 pfd < 0 && e == ELOOP ? ELOOP
							       : ENOTDIR);
		}
		DIR *d = fd >= 0 ? fdopendir(fd) : NULL;

		if (fd >= 0 && !d) {
			int e = errno;

			close(fd);
			errno = e;
		}
		return dir_list(d, names, n, err);
	}
	if (!ea_tarball_is_dir(t->tb, rel)) {
		const char *d;
		size_t l;

		if (ea_tarball_get(t->tb, rel, &d, &l) ||
		    tar_under_file(t->tb, rel))
			return list_fail(names, n, err, ENOTDIR);
		return list_fail(names, n, err, ENOENT);
	}
	*n = ea_tarball_list(t->tb, rel, names);
	if (!*names) { /* an empty directory */
		*names = ea_xcalloc(1, sizeof(char *));
		*n = 0;
	}
	return true;
}

bool ea_tree_index_name(const char *name, uint32_t *out)
{
	uint64_t v;
	size_t n = strlen(name);
	if (n == 0 || n > 10 || (n > 1 && name[0] == '0'))
		return false;
	if (ea_parse_dec(name, n, &v) != n || v > UINT32_MAX)
		return false;
	*out = (uint32_t)v;
	return true;
}

bool ea_tree_table_index(const struct ea_tree *t, const char *rel,
			 struct ea_input *in, uint32_t max, uint32_t **idx,
			 size_t *n, struct ea_diags *diags)
{
	EA_VEC(uint32_t) v = { 0 };
	char **names;
	size_t nn;
	int err;
	bool capped = false;

	*idx = NULL;
	*n = 0;
	if (!ea_tree_list(t, rel, &names, &nn, &err)) {
		ea_input_set_status(
		    in, err == ENOENT ? EA_IN_ABSENT : EA_IN_UNREADABLE, "%s%s",
		    ea_tree_strerror(err),
		    err == ENOENT ? " (it exists on x86 only)" : "");
		return false;
	}
	for (size_t i = 0; i < nn; i++) {
		uint32_t x;

		if (!ea_tree_index_name(names[i], &x))
			continue; /* anything not an entry */
		if (v.n == max) {
			capped = true;
			break;
		}
		*EA_VEC_PUSH(v) = x;
	}
	free(names);
	if (capped) {
		struct ea_evid ev = { .in = in };

		ea_diag_add(diags, ev,
			    "%s: more than %u entries; the rest ignored",
			    in->path, max);
	}
	ea_sort(v.v, v.n, sizeof(*v.v), ea_cmp_u32);
	*idx = v.v;
	*n = v.n;
	return true;
}

char *ea_tree_entry_rel(const char *rel, uint32_t idx, const char *file)
{
	char sub[40];
	snprintf(sub, sizeof(sub), "%u/%s", idx, file);
	return ea_tree_join(rel, sub);
}

char *ea_tree_entry_path(const struct ea_tree *t, const char *rel, uint32_t idx,
			 const char *file)
{
	char *r = ea_tree_entry_rel(rel, idx, file);
	char *p = ea_tree_path(t, r);
	free(r);
	return p;
}
