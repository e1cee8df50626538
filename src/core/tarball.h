/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A snapshot tarball (collect.sh's .tar.gz, shared SNAPSHOT.md) read whole
 * into memory with libarchive: nothing is extracted to disk, so a hostile
 * archive cannot write anywhere. Members are looked up by their path
 * relative to the snapshot root; the one top-level directory that tar
 * usually adds is stripped when every member is under it.
 *
 * Refused, with a message naming the file and the member: an absolute path,
 * a ".." component, a symbolic or hard link, a device, FIFO or socket (a
 * snapshot has none of these), a name longer than EA_TAR_MAX_NAME, names
 * adding up to more than EA_TAR_MAX_NAMES, a member larger than
 * EA_TAR_MAX_MEMBER (checked on the declared size, before any
 * allocation), members and their names adding up to more than
 * EA_TAR_MAX_TOTAL, more than EA_TAR_MAX_MEMBERS members, a name that
 * appears twice, a file that is also a directory other members are in
 * ("proc" and "proc/iomem"); and a corrupt or truncated archive (with
 * libarchive's archive_error_string).
 *
 * Memory: the archive is read twice. The first pass checks every header
 * against the limits and keeps nothing, so an archive past a limit is
 * refused with nothing of it held (only inflated); the second keeps each
 * member's data in one allocation, which is handed to the input that reads
 * it (ea_tarball_take()), never copied. The peak is the members' data, their
 * names twice, about 100 bytes a member and libarchive's buffers: at most
 * EA_TAR_MAX_TOTAL plus a few MiB.
 */
#ifndef EA_TARBALL_H
#define EA_TARBALL_H

#include <stdbool.h>
#include <stddef.h>

#include "core/input.h"

#define EA_TAR_MAX_MEMBER ((size_t)64 << 20)
#define EA_TAR_MAX_TOTAL ((size_t)1 << 30) /* data + 2 x each name */
#define EA_TAR_MAX_MEMBERS 100000
#define EA_TAR_MAX_NAME 4096
#define EA_TAR_MAX_NAMES ((size_t)16 << 20) /* all names' bytes */

struct ea_tarball;

/* The limits above; smaller ones for fuzzers and tests. */
struct ea_tar_limits {
	size_t member_bytes; /* one member's size */
	size_t total_bytes;  /* all members' sizes and 2 x their names */
	size_t members;	     /* files and directories */
	size_t name_bytes;   /* all members' names added up */
};
extern const struct ea_tar_limits ea_tar_default_limits;

/* Reads the whole archive (gzip-compressed or plain tar) with the default
 * limits. Returns NULL on failure with the reason in why (size whylen),
 * naming path and member. */
struct ea_tarball *ea_tarball_open(const char *path, char *why, size_t whylen);
/* The same from bytes in memory; name stands for the file in messages;
 * lim NULL means the default limits. */
struct ea_tarball *ea_tarball_open_mem(const void *buf, size_t len,
				       const char *name,
				       const struct ea_tar_limits *lim,
				       char *why, size_t whylen);
void ea_tarball_close(struct ea_tarball *t);

/* The regular file at rel ("proc/iomem"; "./" and a trailing "/" are
 * ignored). Sets *data (NUL-terminated, owned by t; NULL once the member
 * was taken) and *len and returns true; false when there is no such
 * file. */
bool ea_tarball_get(const struct ea_tarball *t, const char *rel,
		    const char **data, size_t *len);
/* Hands the data of the regular file at rel to the caller (malloc'd,
 * NUL-terminated: ea_input_adopt() takes it), without a copy; the member is
 * still there, without data. Returns 0, or ENOENT, EISDIR, or EALREADY when
 * it was taken before. */
int ea_tarball_take(struct ea_tarball *t, const char *rel, char **data,
		    size_t *len);
/* Whether rel is a directory: a directory member, or a prefix of members.
 * "" is the root. */
bool ea_tarball_is_dir(const struct ea_tarball *t, const char *rel);
/* The names directly inside directory rel ("" is the root), files and
 * directories alike, sorted, each once. Returns how many; *names is one
 * NULL-terminated allocation (free(*names) frees the strings too). */
size_t ea_tarball_list(const struct ea_tarball *t, const char *rel,
		       char ***names);

/* The archive's file name as given, and the top-level directory that was
 * stripped from every member (NULL when none was). */
const char *ea_tarball_name(const struct ea_tarball *t);
const char *ea_tarball_prefix(const struct ea_tarball *t);

/* Loads member rel into an input: in->path becomes "ARCHIVE:MEMBER" (the
 * member's name in the archive), the data is taken (ea_tarball_take()); an
 * absent member makes the input absent. Returns whether it was found. */
bool ea_tarball_load_input(struct ea_tarball *t, struct ea_input *in,
			   const char *rel);

#endif
