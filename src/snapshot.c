/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Where inputs come from: a snapshot tree laid out like the machine's own /
 * (shared SNAPSHOT.md; the lsmem --sysroot idea), or the running system, or
 * single files named on the command line. All opens are read-only.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/klog.h>
#include <sys/stat.h>
#include <unistd.h>

#include "audit.h"

static const char *const relpath[EA_NINPUTS] = {
	[EA_IN_DMESG] = "dmesg.txt",
	[EA_IN_IOMEM] = "proc/iomem",
	[EA_IN_MB_MEMORY] = "sys/kernel/debug/memblock/memory",
	[EA_IN_MB_RESERVED] = "sys/kernel/debug/memblock/reserved",
	[EA_IN_VERSION] = "proc/version",
	[EA_IN_CMDLINE] = "proc/cmdline",
	[EA_IN_FW_MEMMAP] = "sys/firmware/memmap",
	[EA_IN_MEM] = "mem",
};

static char *join(const char *dir, const char *rel)
{
	size_t n = strlen(dir) + 1 + strlen(rel) + 1;
	char *p = ea_xrealloc(NULL, n, 1);
	snprintf(p, n, "%s%s%s", dir,
		 (*dir && dir[strlen(dir) - 1] == '/') ? "" : "/", rel);
	return p;
}

static void load_tree(struct ea_audit *a, const char *root, bool live)
{
	for (int i = 0; i < EA_NINPUTS; i++) {
		struct ea_input *in = &a->in[i];
		if (in->user_given)
			continue;
		if (live && i == EA_IN_DMESG)
			continue;
		char *p = join(root, relpath[i]);
		if (i == EA_IN_FW_MEMMAP) {
			ea_fw_memmap_read(in, p, &a->fw_memmap, &a->diags);
		} else if (i == EA_IN_MEM) {
			if (live) {
				free(in->path);
				in->path = NULL;
				ea_input_set_status(
				    in, EA_IN_ABSENT,
				    "reading physical memory of a live "
				    "system (/proc/kcore, /dev/mem) is not "
				    "implemented yet");
			} else {
				ea_physmem_open_dir(&a->physmem, in, p,
						    &a->diags);
			}
		} else {
			ea_input_load_file(in, p);
		}
		free(p);
	}
}

void ea_audit_use_snapshot(struct ea_audit *a, const char *dir)
{
	struct stat st;
	if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
		for (int i = 0; i < EA_NINPUTS; i++) {
			if (a->in[i].user_given)
				continue;
			ea_input_set_status(
			    &a->in[i], EA_IN_UNREADABLE, "snapshot %s: %s", dir,
			    errno ? strerror(errno) : "not a directory");
		}
		a->input_failed = true;
		return;
	}
	load_tree(a, dir, false);
}

/* The kernel log of the running system through syslog(2): the whole ring
 * buffer, "<N>[time] text" lines (the <N> is stripped by the parser). */
static void load_live_dmesg(struct ea_input *in)
{
	free(in->path);
	in->path = ea_xstrdup("syslog(2) SYSLOG_ACTION_READ_ALL");
	int size = klogctl(10 /* SYSLOG_ACTION_SIZE_BUFFER */, NULL, 0);
	if (size <= 0) {
		ea_input_set_status(in, EA_IN_UNREADABLE,
				    "klogctl: %s (dmesg_restrict needs root "
				    "or CAP_SYSLOG)",
				    strerror(errno));
		return;
	}
	char *buf = ea_xrealloc(NULL, (size_t)size, 1);
	int n = klogctl(3 /* SYSLOG_ACTION_READ_ALL */, buf, size);
	if (n < 0) {
		ea_input_set_status(in, EA_IN_UNREADABLE,
				    "klogctl: %s (dmesg_restrict needs root "
				    "or CAP_SYSLOG)",
				    strerror(errno));
	} else {
		ea_input_set_data(in, buf, (size_t)n);
	}
	free(buf);
}

void ea_audit_use_live(struct ea_audit *a)
{
	if (!a->in[EA_IN_DMESG].user_given)
		load_live_dmesg(&a->in[EA_IN_DMESG]);
	load_tree(a, "/", true);
	struct ea_input *mb = &a->in[EA_IN_MB_MEMORY];
	if (mb->status == EA_IN_ABSENT &&
	    access("/sys/kernel/debug", F_OK) == 0 &&
	    access("/sys/kernel/debug/memblock", F_OK) != 0) {
		for (int i = EA_IN_MB_MEMORY; i <= EA_IN_MB_RESERVED; i++)
			ea_input_set_status(
			    &a->in[i], EA_IN_ABSENT,
			    "debugfs not mounted (mount -t debugfs none "
			    "/sys/kernel/debug), or the kernel keeps no "
			    "memblock (not ARCH_KEEP_MEMBLOCK)");
	}
}

bool ea_audit_use_file(struct ea_audit *a, enum ea_input_id id,
		       const char *path)
{
	struct ea_input *in = &a->in[id];
	in->user_given = true;
	bool ok = ea_input_load_file(in, path);
	if (!ok)
		a->input_failed = true;
	return ok;
}
