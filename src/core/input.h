/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * One input of the audit (a file of a snapshot, of the live system, or named
 * on the command line): its bytes, where they came from, and whether they can
 * be used. Evidence points into the bytes, so inputs live as long as the
 * report. Diagnostics (a line that could not be read) name input and line.
 */
#ifndef EA_INPUT_H
#define EA_INPUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/stat.h>

#include "core/util.h"

/* The largest input file read; beyond it the input is `unreadable`. */
#define EA_MAX_INPUT_BYTES ((size_t)256 << 20)

enum ea_input_status {
	EA_IN_OK,
	EA_IN_ABSENT,
	EA_IN_UNREADABLE,
	EA_IN_ZEROED,
	EA_IN_MALFORMED,
};

const char *ea_input_status_name(enum ea_input_status s);

struct ea_input {
	const char *name; /* stable id: "dmesg", "iomem", ... */
	char *path;	  /* as given or as found; NULL when not located */
	enum ea_input_status status;
	char *detail;	 /* why it is not ok, or a note; NULL if none */
	bool user_given; /* named on the command line */
	char *data; /* NUL-terminated bytes (NUL also inside): malloc'd, or a
		     * read-only mapping of the file (mapped != 0) */
	size_t len;
	size_t cap;	/* listings: bytes allocated */
	size_t mapped;	/* bytes mapped at data; 0 when data is malloc'd */
	uint32_t lines; /* listings: lines appended so far */
};

/* A line of an input, kept as an offset so that no text is copied. Offsets
 * are 32 bits (an input file is at most EA_MAX_INPUT_BYTES): evidence is
 * kept for every EFI descriptor, iomem line and memblock region, and its
 * size is most of theirs. Text past 4 GiB (no input has it) is not kept:
 * off and len 0, as for text outside the input. */
struct ea_evid {
	const struct ea_input *in;
	uint32_t line; /* 1-based; 0 when the evidence is not a line */
	uint32_t off, len;
};

struct ea_evid ea_evid_line(const struct ea_input *in, uint32_t line,
			    const char *text, size_t len);

/* A decoded listing of a binary input (an FDT, a memory structure): an input
 * whose text is built line by line by its parser, so that evidence from
 * binary data names a line (which itself names the byte offset). Appends
 * one line (no newline in fmt) and returns its evidence. */
struct ea_evid ea_listing_add(struct ea_input *l, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

struct ea_diag {
	struct ea_evid ev;
	char *msg;
};

struct ea_diags {
	struct ea_diag *v;
	size_t n, cap;
};

/* printf-style; the message should say what was expected. */
void ea_diag_add(struct ea_diags *d, struct ea_evid ev, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* The longest reason ea_diag_why() formats, its NUL counted. */
#define EA_DIAG_WHY_MAX 512

/*
 * ea_diag_add() for a reader's reason that may quote text of any length (a
 * device-tree node path) or that the reader also keeps: the reason is
 * formatted once, cut to EA_DIAG_WHY_MAX - 1 bytes, and added to d with ev
 * after prefix ("" for none); when keep is not NULL it also replaces
 * *keep, malloc'd: the reader's own record of it (its result's "why", its
 * input's detail).
 */
void ea_diag_why(struct ea_diags *d, struct ea_evid ev, const char *prefix,
		 char **keep, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
void ea_diag_vwhy(struct ea_diags *d, struct ea_evid ev, const char *prefix,
		  char **keep, const char *fmt, va_list ap)
    __attribute__((format(printf, 5, 0)));
void ea_diags_free(struct ea_diags *d);
/* Drops the diagnostics from the nth on (a reader's, when the input as a
 * whole is not of its kind: one error says so instead). */
void ea_diags_truncate(struct ea_diags *d, size_t n);

/* The first line of the input that is not blank, quoted and printable (a
 * byte outside printable ASCII shows as '?'; at most max bytes, then
 * "..."), for an error that quotes it. A new string. */
char *ea_input_first_line(const struct ea_input *in, size_t max);

/* Reads a whole regular file (or a procfs/sysfs file whose size is not known
 * in advance) into in->data. Sets status absent / unreadable with detail. */
bool ea_input_load_file(struct ea_input *in, const char *path);

/*
 * The one whole-file reader (ea_input_load_file() and the directory tree
 * both use it): the bytes of the regular file open at fd, at most max, into
 * in (status ok). A large file on a disk filesystem (not procfs, sysfs or
 * another that makes its contents up on read) is mapped read-only instead
 * of copied: its bytes are the page cache's, followed by zeros, so
 * in->data[len] is still a NUL. Such a file must not shrink while the audit
 * runs (reading past its new end would stop the process with SIGBUS), as a
 * snapshot does not. Returns 0, or EINVAL (not a regular file), EFBIG (larger
 * than max) or the errno of read(2), with in's status unreadable and the
 * reason in its detail. Does not close fd.
 */
int ea_input_read_fd(struct ea_input *in, int fd, size_t max);
/* The same when the caller has fstat()ed fd already (st). */
int ea_input_read_fd_stat(struct ea_input *in, int fd, const struct stat *st,
			  size_t max);
/* The same for the file at path (opened read-only, O_NONBLOCK); a file
 * that cannot be opened is absent (ENOENT) or unreadable, and its errno is
 * returned. in->path is left as it is. */
int ea_input_read_path(struct ea_input *in, const char *path, size_t max);
/*
 * How every file named on the command line is opened (--dmesg, --iomem,
 * --memblock-*, --acpidump, --kexec-log, --kconfig, --kernel, --initrd,
 * --dtb): the path is the user's, but a last component that is a symbolic
 * link is not followed (ELOOP: a file extracted from someone else's
 * snapshot could point at /proc/self/environ or a key); the file is first
 * looked at through an O_PATH descriptor, so a FIFO neither blocks nor a
 * device's driver sees an open, and only a regular file is opened for
 * reading (EINVAL), O_NONBLOCK, the same inode (through /proc/self/fd, or
 * opened again and compared). Unless live (the audit of this machine), a
 * file of the running system (procfs, sysfs, debugfs, ...) is refused
 * (EPERM): only the live audit reads this machine's own files. Returns
 * the descriptor and its fstat in *st, or -1 with *err and the reason
 * (which quotes the link's target) in why.
 */
int ea_open_given(const char *path, bool live, struct stat *st, int *err,
		  char *why, size_t whylen);
/* ea_open_given(), then the whole file (at most EA_MAX_INPUT_BYTES) into
 * in; in->path becomes path. */
bool ea_input_load_given(struct ea_input *in, const char *path, bool live);
/* The regular file that O_PATH descriptor pathfd refers to (its fstat in
 * st), opened for reading through /proc/self/fd (the same inode, whatever
 * became of its name): -1 with errno ENOENT when /proc is not there. */
int ea_reopen_read(int pathfd, const struct stat *st);
/* The name of the kernel-made file system fd is on (procfs, sysfs,
 * debugfs, tracefs, securityfs, efivarfs, pstore, cgroupfs, bpffs,
 * selinuxfs, devpts), or NULL. */
const char *ea_system_fs(int fd);

/*
 * Mapped files that shrank while they were read. A file truncated while the
 * audit runs would stop it with SIGBUS at the first read past its new end;
 * instead the rest of its mapping reads as zeros and it is marked (a SIGBUS
 * handler, installed with the first mapping). ea_input_shrunk() returns
 * the paths of the files marked since its last call (malloc'd, each to be
 * freed, and the array; *n of them), ea_bytes_shrank() whether the bytes at
 * data (a mapping) are marked.
 */
char **ea_input_shrunk(size_t *n);
bool ea_bytes_shrank(const void *data);

/* Gives up the bytes: returns in->data (NULL if none) and how much of it is
 * mapped, leaving in without bytes. ea_bytes_free() frees them. */
char *ea_input_take(struct ea_input *in, size_t *mapped);
void ea_bytes_free(void *data, size_t mapped);
/* The input's bytes are not needed until evidence is shown: a mapped input
 * lets its pages go (they are read back from the file when shown); a
 * malloc'd one keeps them. What keeps the stress case of bench/ under its
 * peak memory target: bench/tricks.md. */
void ea_input_release_pages(struct ea_input *in);
/* Sets the input's bytes from memory (tests, fuzzers, live dmesg). */
void ea_input_set_data(struct ea_input *in, const char *data, size_t len);
/* The same without a copy: the input takes buf, a malloc'd block of at
 * least len + 1 bytes (the NUL goes at buf[len]). */
void ea_input_adopt(struct ea_input *in, char *buf, size_t len);
void ea_input_set_status(struct ea_input *in, enum ea_input_status st,
			 const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* "ok", or the input's status and detail, for reasons. */
const char *ea_input_state(const struct ea_input *in);
void ea_input_free(struct ea_input *in);

#endif
