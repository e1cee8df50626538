/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Read-only trees (tree.h): a directory on disk or a tarball in memory,
 * behind the same calls and the same words for what went wrong.
 */
#include "core/tree.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/tarball.h"
#include "core/util.h"

struct ea_tree {
	char *root;	       /* directory: as given; tarball: its file */
	struct ea_tarball *tb; /* NULL for a directory */
};

static void set_why(char *why, size_t whylen, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void set_why(char *why, size_t whylen, const char *fmt, ...)
{
	va_list ap;

	if (!why || !whylen)
		return;
	va_start(ap, fmt);
	vsnprintf(why, whylen, fmt, ap);
	va_end(ap);
}

struct ea_tree *ea_tree_open_dir(const char *root)
{
	struct ea_tree *t = ea_xcalloc(1, sizeof(*t));

	t->root = ea_xstrdup(root);
	return t;
}

struct ea_tree *ea_tree_from_tarball(struct ea_tarball *tb)
{
	struct ea_tree *t = ea_xcalloc(1, sizeof(*t));

	t->root = ea_xstrdup(ea_tarball_name(tb));
	t->tb = tb;
	return t;
}

struct ea_tree *ea_tree_open(const char *path, char *why, size_t whylen)
{
	struct stat st;

	if (stat(path, &st) != 0) {
		set_why(why, whylen, "%s: %s", path, strerror(errno));
		return NULL;
	}
	if (S_ISDIR(st.st_mode))
		return ea_tree_open_dir(path);
	if (!S_ISREG(st.st_mode)) {
		set_why(why, whylen,
			"%s: not a directory or a regular file (a snapshot "
			"is a directory or a .tar.gz of one)",
			path);
		return NULL;
	}
	struct ea_tarball *tb = ea_tarball_open(path, why, whylen);

	return tb ? ea_tree_from_tarball(tb) : NULL;
}

void ea_tree_close(struct ea_tree *t)
{
	if (!t)
		return;
	ea_tarball_close(t->tb);
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

/* The directory backend's path: as snapshot.c always joined them, with no
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
	char *p = dir_path(t, rel);
	struct stat st;
	int r = stat(p, &st);

	free(p);
	if (r != 0)
		return EA_TREE_NONE;
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

static bool tar_load(const struct ea_tarball *tb, const char *rel, size_t max,
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
	ea_input_set_data(in, d, l);
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

static bool dir_list(const char *path, char ***names, size_t *n, int *err)
{
	DIR *d = opendir(path);

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
	if (!t->tb) {
		char *p = dir_path(t, rel);
		bool ok = dir_list(p, names, n, err);

		free(p);
		return ok;
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
