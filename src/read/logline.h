/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The kernel-log line prefix, shared by the kernel-log and kexec-log
 * readers (logline.c).
 */
#ifndef EA_LOGLINE_H
#define EA_LOGLINE_H

#include <stdbool.h>
#include <stddef.h>

/* Offset of the message text in a raw log line: after syslog prefixes,
 * "<6>" priorities, "[    0.000000]" timestamps, "[    T0]" caller ids,
 * mail quoting ("> ") and indentation; *stamped (may be NULL) says whether
 * a time stamp, caller id, level or syslog header was there. */
size_t ea_logline_msg_offset(const char *line, size_t n, bool *stamped);

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
