/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The kernel-log line, shared by the kernel-log and kexec-log readers
 * (logline.c): every form a kernel log is saved or pasted in is turned into
 * the bare printk message here, so that the readers only ever see messages.
 *
 * Forms read (kernel-formats.md §15):
 *   printk            [    0.000000] msg, [    T0] msg, [    0.000000][  T0]
 *   dmesg -r          <6>[    0.000000] msg, <6>msg
 *   dmesg -t, -o cat  msg
 *   dmesg -T, ctime   [Sun Dec  6 09:26:17 2026] msg (any locale's names)
 *   dmesg iso         2026-12-06T09:26:17,123456+00:00 msg
 *   dmesg delta, -d   [<    0.000012>] msg, [    0.000000 <    0.000012>] msg
 *   dmesg reltime, -H [Dec 6 09:26] msg, then [  +0.000012] msg
 *   dmesg -x          kern  :info  : [    0.000000] msg
 *   dmesg --color     ESC[32m[    0.000000] ESC[0mESC[33mefi: ESC[0mmsg
 *                     (any CSI escape anywhere in the line is dropped)
 *   journalctl -k     Dec 06 09:26:17 host kernel: msg (short),
 *                     Dec 06 09:26:17.123456 host kernel: msg (short-precise),
 *                     2026-12-06T09:26:17+0000 host kernel: msg (short-iso,
 *                     short-iso-precise), [    0.000000] host kernel: msg
 *                     (short-monotonic), Sun 2026-12-06 09:26:17 UTC host
 *                     kernel: msg (short-full), 1765013177.123456 host
 *                     kernel: msg (short-unix)
 *   syslog kern.log   Dec  6 09:26:17 host kernel: [    0.000000] msg
 *   mail              "> " quoting, blanks turned into TABs
 *   files             UTF-8 BOM; LF, CRLF or bare CR line ends
 * A TAB in a message reads as a blank.
 */
#ifndef EA_LOGLINE_H
#define EA_LOGLINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/util.h"

/* Offset of the message text in a line (no colour codes in it): after
 * syslog and journal headers, "<6>" priorities, "kern  :info  :" prefixes,
 * time stamps of every dmesg --time-format, "[    T0]" caller ids, mail
 * quoting ("> ") and indentation; *stamped (may be NULL) says whether a
 * time stamp, caller id, level or header was there. */
size_t ea_logline_msg_offset(const char *line, size_t n, bool *stamped);

/* One line of a kernel log as a reader sees it. */
struct ea_logline {
	const char *raw; /* the line in the input (evidence) */
	size_t rawn;	 /* to the end of its last physical line */
	uint32_t lineno; /* its first physical line, 1-based */
	uint32_t nlines; /* physical lines (more than 1: a wrapped line) */
	const char *msg; /* the message: no prefix, no colour code, TABs as
			  * blanks; not NUL-terminated */
	size_t n;
	bool stamped; /* a log prefix was there */
	/* It ends inside a number at the column the log was wrapped at, and
	 * the next line does not continue it: the number may be cut short,
	 * so whatever reads it must not take it as it is. */
	bool cut;
	/* own buffer (colour codes removed, wrapped lines joined) */
	char *buf;
	size_t cap;
};

/* Reads one physical line (no wrapped lines joined, no line number). */
void ea_logline_parse(struct ea_logline *l, const char *line, size_t n);
void ea_logline_free(struct ea_logline *l);

/* A copy of the boot left out: the log holds the same boot twice (a console
 * replayed the boot buffer, or dmesg output was appended to a capture). */
struct ea_logrepeat {
	uint32_t skip_first, skip_last; /* the lines left out */
	uint32_t kept_first, kept_last; /* the copy read instead */
	/* the "Linux version" line of each copy (evidence) */
	uint32_t skip_banner, kept_banner;
	size_t skip_banner_off, skip_banner_len;
	size_t kept_banner_off, kept_banner_len;
};

/*
 * The lines of a kernel log, in order, each as an ea_logline. Before the
 * first line it looks at the whole text once: which line ends it uses, the
 * column it was hard-wrapped at (a line cut there is joined with the line
 * that continues it), and boots that are repeated (only one copy of each
 * is read; the others are listed in repeats). The reader is a plain value:
 * a copy reads on from the same place independently (a look-ahead), as long
 * as it is not freed.
 */
struct ea_logreader {
	const char *buf;
	size_t len, pos;
	uint32_t lineno; /* the last physical line read */
	bool cr_ends;	 /* a bare CR ends a line (serial console logs) */
	size_t wrap;	 /* hard-wrapped at this many bytes; 0: not */
	EA_VEC(struct ea_logrepeat) repeats; /* by skip_first */
	size_t iskip; /* the repeats before it end before the line read */
};

void ea_logreader_init(struct ea_logreader *r, const char *buf, size_t len);
/* The next line, or false at the end. l keeps its buffer between calls
 * (ea_logline_free() it after the last). */
bool ea_logreader_next(struct ea_logreader *r, struct ea_logline *l);
void ea_logreader_free(struct ea_logreader *r);

/* A shell command line running kexec ("# kexec -d -l ..."). */
bool ea_logline_is_shell_kexec(const char *m, size_t n);

/* Whether the kexec log reader reads a line whose message (after the
 * prefix) is m: every line it reads starts, after blanks, with a shell
 * prompt and kexec, or with "kexec", "nr_segments", "type:", "Loaded ",
 * "Loading segment ", "segment[", "initrd:", "dtb:" or "image_arm64_load:".
 * A kernel log with no such line has no load to find (the kernel log reader
 * notes it, struct ea_dmesg kexec_lines). */
bool ea_logline_kexec_may_matter(const char *m, size_t n);

#endif
