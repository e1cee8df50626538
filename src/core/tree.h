/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A read-only tree of files: a snapshot (shared SNAPSHOT.md) as a directory
 * on disk, the running system's "/", or a snapshot tarball held in memory
 * (tarball.h). Every reader of a directory-shaped input (sys/firmware/memmap,
 * runtime-map, mem/, sys/firmware/acpi/tables) and every plain input is read
 * through it, so a tarball is audited by the same code as a directory and
 * never extracted.
 *
 * Paths are relative to the tree's root: "proc/iomem", "" for the root;
 * components are separated by one '/', and a path that is absolute or has
 * a "." or ".." component is refused (EINVAL). What the user is shown for a
 * path (ea_tree_path()) in a snapshot opened with ea_tree_open(), directory
 * or tarball, is the path relative to the snapshot's root: "proc/iomem",
 * whatever directory the snapshot was copied to and whether it was packed
 * (the root of a tarball is its top-level directory, if any; a leading "./"
 * is not shown), so that every copy of one snapshot gives the same report.
 * In other trees it is the real path for a directory ("DIR/proc/iomem",
 * "/proc/iomem") and "ARCHIVE:MEMBER" for a tarball, MEMBER being the
 * member's name below the archive's top-level directory, if any
 * ("snap.tar.gz:snap/proc/iomem").
 *
 * A snapshot directory is a closed world: every file and directory in it is
 * opened relative to its root without following a symbolic link at any
 * depth (openat2() with RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS |
 * RESOLVE_NO_MAGICLINKS, or O_NOFOLLOW component by component on kernels
 * before 5.6), so that "proc/iomem -> /proc/self/environ", "proc -> /proc"
 * or a mem/ file linked to a key is refused, not read; only the root, the
 * user's own path, is followed. A file is first looked at through an O_PATH
 * descriptor and only a regular file is opened for reading (O_NONBLOCK):
 * a FIFO, device or socket planted in a snapshot neither blocks, nor is seen
 * by a driver, nor steers a read. A refused link or special file makes the
 * input unreadable with a reason that names it, and (ea_tree_report_to()) a
 * diagnostic once per path, so the report has a finding that names it. The
 * running system's tree (ea_tree_open_system(), the live audit only) is
 * read with paths as open(2) takes them. The tarball backend holds only
 * regular files and directories (tarball.c refuses the rest). Nothing is
 * ever written.
 */
#ifndef EA_TREE_H
#define EA_TREE_H

#include <stdbool.h>
#include <stddef.h>

#include "core/input.h"

struct ea_tree;
struct ea_tarball;

/* A directory listing larger than this fails with E2BIG (a tarball has at
 * most EA_TAR_MAX_MEMBERS members anyway). */
#define EA_TREE_MAX_NAMES ((size_t)1 << 21)
#define EA_TREE_MAX_LIST_BYTES ((size_t)64 << 20)

enum ea_tree_kind {
	EA_TREE_NONE = 0, /* nothing there (or it cannot be looked at) */
	EA_TREE_FILE,	  /* a regular file */
	EA_TREE_DIR,
	EA_TREE_OTHER, /* a device, FIFO, socket or symbolic link (directory
			* backend): refused when loaded */
};

/* A snapshot: a directory, or a regular file that is a tarball (read whole
 * into memory here), its paths shown relative to its root. Returns NULL
 * with the reason in why (naming path, and for a tarball the member) when
 * path is neither, cannot be read, or is a refused or corrupt archive. */
struct ea_tree *ea_tree_open(const char *path, char *why, size_t whylen);
/* Tests: confined trees walk component by component (the way of kernels
 * before 5.6) even where openat2() exists. */
extern bool ea_tree_walk_only;

/* A snapshot directory, by name, confined (above); this never fails (a
 * missing root makes every path absent). */
struct ea_tree *ea_tree_open_dir(const char *root);
/* The running system's files below root ("/"), links followed: the live
 * audit only. */
struct ea_tree *ea_tree_open_system(const char *root);
/* Every refusal of a link or special file (once per path) is added to d as
 * a diagnostic without a line, which the report shows as a finding. */
void ea_tree_report_to(struct ea_tree *t, struct ea_diags *d);
/* A tarball already read; the tree owns it from now on. */
struct ea_tree *ea_tree_from_tarball(struct ea_tarball *tb);
void ea_tree_close(struct ea_tree *t);

/* The directory or the archive's file name, as given. */
const char *ea_tree_name(const struct ea_tree *t);
bool ea_tree_is_tarball(const struct ea_tree *t);

/* What the user is shown for rel (see above); malloc'd. rel "" is the root
 * as given ("." in a snapshot). */
char *ea_tree_path(const struct ea_tree *t, const char *rel);
/* "rel/name", or name when rel is ""; malloc'd. */
char *ea_tree_join(const char *rel, const char *name);

enum ea_tree_kind ea_tree_kind(const struct ea_tree *t, const char *rel);
bool ea_tree_is_dir(const struct ea_tree *t, const char *rel);

/*
 * Loads the regular file at rel into in: in->path becomes ea_tree_path(),
 * in->data NUL-terminated bytes that the input owns (they stay valid after
 * the tree is closed: a tarball member's bytes are handed over, not copied,
 * so a member is loaded once; a second load is unreadable, "read
 * already"), status ok. A file larger than max bytes is not kept
 * (EA_MAX_INPUT_BYTES for a whole input; a sysfs attribute reader passes a
 * few bytes). On failure in->status is absent ("No such file or
 * directory") or unreadable with the reason in in->detail, the same words
 * for both backends; *err (when not NULL) is ENOENT, ENOTDIR, EFBIG (larger
 * than max), EINVAL (not a regular file, or rel refused), ELOOP (a symbolic
 * link on the way or at the end, refused), or the errno of open(2) or
 * read(2) (EACCES, EPERM, ...); 0 on success.
 */
bool ea_tree_load(const struct ea_tree *t, const char *rel, size_t max,
		  struct ea_input *in, int *err);

/*
 * A small attribute file (sysfs memmap, runtime-map): at most cap - 2 bytes
 * read (ea_tree_load() reads only regular files, with O_NONBLOCK: a FIFO or
 * device planted in a snapshot neither hangs nor steers the read), copied
 * NUL-terminated into buf (cap bytes), its length in *len. On failure *why
 * is too_long for a longer file, else the reason owned by f, and *err (when
 * not NULL) the tree's error.
 */
bool ea_tree_read_small(const struct ea_tree *t, const char *rel,
			struct ea_input *f, char *buf, size_t cap, size_t *len,
			const char *too_long, const char **why, int *err);

/*
 * The names in directory rel ("" is the root), sorted with strcmp(), each
 * once, without "." and "..". *names is one NULL-terminated allocation
 * (free(*names) frees the strings too), *n its count. On failure returns
 * false with *names NULL and *err ENOENT, ENOTDIR, E2BIG (more than
 * EA_TREE_MAX_NAMES names or EA_TREE_MAX_LIST_BYTES bytes of them), EINVAL
 * (rel refused), ELOOP (a symbolic link on the way, refused) or the errno
 * of opendir(3)/readdir(3).
 */
bool ea_tree_list(const struct ea_tree *t, const char *rel, char ***names,
		  size_t *n, int *err);

/* strerror() with the tree's own meanings of E2BIG and EFBIG. */
const char *ea_tree_strerror(int err);

/* Numbered sysfs table directories (memmap/N/, runtime-map/N/): a name that
 * is the canonical decimal of a uint32_t ("0", "15"; not "015" or "+1"), as
 * the kernel's "%d" writes it. */
bool ea_tree_index_name(const char *name, uint32_t *out);
/*
 * The numbered entry directories of the x86 sysfs table at rel
 * (/sys/firmware/memmap, /sys/firmware/efi/runtime-map), sorted, at most
 * max of them (a diag against in says when there are more): malloc'd in
 * *idx, *n of them. False, with in's status set (absent: the table exists
 * on x86 only), when rel cannot be listed. in->path names rel.
 */
bool ea_tree_table_index(const struct ea_tree *t, const char *rel,
			 struct ea_input *in, uint32_t max, uint32_t **idx,
			 size_t *n, struct ea_diags *diags);
/* rel/idx/file, relative to the tree; malloc'd. */
char *ea_tree_entry_rel(const char *rel, uint32_t idx, const char *file);
/* The same, as the user is shown it (ea_tree_path); malloc'd. */
char *ea_tree_entry_path(const struct ea_tree *t, const char *rel, uint32_t idx,
			 const char *file);

#endif
