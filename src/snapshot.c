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
	[EA_IN_FDT] = "sys/firmware/fdt",
	[EA_IN_SYSTAB_FILE] = "sys/firmware/efi/systab",
	[EA_IN_ACPI_SYSFS] = "sys/firmware/acpi/tables",
	[EA_IN_RUNTIME_MAP] = "sys/firmware/efi/runtime-map",
	[EA_IN_ACPIDUMP] = "acpidump.txt",
};

static char *join(const char *dir, const char *rel)
{
	size_t n = strlen(dir) + 1 + strlen(rel) + 1;
	char *p = ea_xrealloc(NULL, n, 1);
	snprintf(p, n, "%s%s%s", dir,
		 (*dir && dir[strlen(dir) - 1] == '/') ? "" : "/", rel);
	return p;
}

/* The running system's physical memory: /proc/kcore, else /dev/mem, with
 * both reasons kept when neither works. */
static void open_live_memory(struct ea_audit *a)
{
	struct ea_input *in = &a->in[EA_IN_MEM];
	if (ea_physmem_open_kcore(&a->physmem, in, NULL, &a->diags))
		return;
	char *why = ea_xstrdup(in->detail ? in->detail : "unreadable");
	ea_physmem_free(&a->physmem);
	if (!ea_physmem_open_devmem(&a->physmem, in, NULL, &a->diags)) {
		char *why2 = ea_xstrdup(in->detail ? in->detail : "unreadable");
		ea_physmem_free(&a->physmem);
		ea_input_set_status(in, in->status,
				    "/proc/kcore: %s; /dev/mem: %s", why, why2);
		free(why2);
	}
	free(why);
}

static void load_tree(struct ea_audit *a, const char *root, bool live)
{
	for (int i = 0; i < EA_NINPUTS; i++) {
		struct ea_input *in = &a->in[i];
		if (in->user_given || !relpath[i])
			continue;
		if (live && i == EA_IN_DMESG)
			continue;
		if (i == EA_IN_MEM && a->physmem.backend)
			continue; /* --vmcore */
		char *p = join(root, relpath[i]);
		switch (i) {
		case EA_IN_FW_MEMMAP:
			ea_fw_memmap_read(in, p, &a->fw_memmap, &a->diags);
			break;
		case EA_IN_RUNTIME_MAP:
			ea_runtime_map_read(in, p, &a->runtime_map, &a->diags);
			break;
		case EA_IN_ACPI_SYSFS: {
			struct stat st;
			free(in->path);
			in->path = ea_xstrdup(p);
			if (stat(p, &st) == 0 && S_ISDIR(st.st_mode))
				in->status = EA_IN_OK;
			else
				ea_input_set_status(in, EA_IN_ABSENT,
						    "no such directory");
			break;
		}
		case EA_IN_MEM:
			if (live)
				open_live_memory(a);
			else
				ea_physmem_open_dir(&a->physmem, in, p,
						    &a->diags);
			break;
		case EA_IN_ACPIDUMP:
			if (live) {
				free(in->path);
				in->path = NULL;
				ea_input_set_status(
				    in, EA_IN_ABSENT,
				    "not read on a live system: give "
				    "--acpidump FILE (acpidump -c off > FILE)");
				break;
			}
			ea_input_load_file(in, p);
			break;
		default:
			ea_input_load_file(in, p);
			break;
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

bool ea_audit_use_vmcore(struct ea_audit *a, const char *path)
{
	struct ea_input *in = &a->in[EA_IN_MEM];
	in->user_given = true;
	if (ea_physmem_open_vmcore(&a->physmem, in, path, &a->diags))
		return true;
	a->input_failed = true;
	return false;
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
