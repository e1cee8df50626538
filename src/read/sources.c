/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Where inputs come from: a snapshot laid out like the machine's own /
 * (shared SNAPSHOT.md; the lsmem --sysroot idea) as a directory or a
 * .tar.gz read in memory, or the running system, or single files named on
 * the command line. All three trees are read by the same code (tree.h).
 * All opens are read-only; nothing is extracted.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/klog.h>
#include <unistd.h>

#include <stdarg.h>

#include "core/tree.h"
#include "core/util.h"
#include "read/firmware.h"
#include "read/sources.h"

static const char *const input_names[EA_NINPUTS] = {
	[EA_IN_DMESG] = "dmesg",
	[EA_IN_IOMEM] = "iomem",
	[EA_IN_MB_MEMORY] = "memblock_memory",
	[EA_IN_MB_RESERVED] = "memblock_reserved",
	[EA_IN_VERSION] = "version",
	[EA_IN_CMDLINE] = "cmdline",
	[EA_IN_FW_MEMMAP] = "firmware_memmap",
	[EA_IN_MEM] = "mem",
	[EA_IN_FDT] = "fdt",
	[EA_IN_SYSTAB_FILE] = "systab",
	[EA_IN_ACPI_SYSFS] = "acpi_tables",
	[EA_IN_RUNTIME_MAP] = "efi_runtime_map",
	[EA_IN_ACPIDUMP] = "acpidump",
	[EA_IN_KEXEC_LOG] = "kexec_log",
	[EA_IN_KCONFIG] = "kconfig",
	[EA_IN_MANIFEST] = "manifest",
	[EA_IN_KEXEC_BIN] = "kexec_binary",
	[EA_IN_L_FDT] = "fdt_decoded",
	[EA_IN_L_EFI_MAP] = "efi_map_decoded",
	[EA_IN_L_SYSTAB] = "efi_systab_decoded",
	[EA_IN_L_ACPI_MEM] = "acpi_mem_decoded",
	[EA_IN_L_ACPI_SYSFS] = "acpi_sysfs_decoded",
};

const char *ea_input_role_name(enum ea_input_id id)
{
	return input_names[id];
}

void ea_sources_init(struct ea_sources *src)
{
	memset(src, 0, sizeof(*src));
	for (int i = 0; i < EA_NINPUTS; i++) {
		src->in[i].name = input_names[i];
		src->in[i].status = EA_IN_ABSENT;
	}
}

void ea_sources_fail(struct ea_sources *src, const char *fmt, ...)
{
	src->input_failed = true;
	if (src->error)
		return;
	va_list ap;
	va_start(ap, fmt);
	src->error = ea_xvasprintf(fmt, ap);
	va_end(ap);
}

/* The large flat arrays and the mapped inputs last (the pipeline frees the
 * model first): unmapping a large block makes every page touched after it
 * fault again on a VM that shadows page tables. */
void ea_sources_free(struct ea_sources *src)
{
	ea_diags_free(&src->diags);
	ea_sources_firmware_free(src);
	free(src->error);
	free(src->release);
	if (src->kexeclog) {
		ea_kexeclog_free(src->kexeclog);
		free(src->kexeclog);
	}
	if (src->kexeclog_dmesg) {
		ea_kexeclog_free(src->kexeclog_dmesg);
		free(src->kexeclog_dmesg);
	}
	ea_dmesg_free(&src->dmesg);
	ea_iomem_free(&src->iomem);
	ea_memblock_free(&src->mb_memory);
	ea_memblock_free(&src->mb_reserved);
	ea_fw_memmap_free(&src->fw_memmap);
	ea_memreserve_free(&src->memreserve);
	ea_physmem_free(&src->physmem);
	ea_manifest_free(&src->manifest);
	for (int i = 0; i < EA_NINPUTS; i++)
		ea_input_free(&src->in[i]);
}

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
	[EA_IN_ACPI_SYSFS] = EA_ACPI_SYSFS_REL,
	[EA_IN_RUNTIME_MAP] = "sys/firmware/efi/runtime-map",
	[EA_IN_ACPIDUMP] = "acpidump.txt",
	[EA_IN_KEXEC_LOG] = "kexec.log",
	[EA_IN_KCONFIG] = "proc/config.gz",
	[EA_IN_MANIFEST] = "MANIFEST",
	[EA_IN_KEXEC_BIN] = "usr/sbin/kexec",
};

/* The running system's physical memory: /proc/kcore, else /dev/mem, with
 * both reasons kept when neither works. */
static void open_live_memory(struct ea_sources *src)
{
	struct ea_input *in = &src->in[EA_IN_MEM];
	if (ea_physmem_open_kcore(&src->physmem, in, NULL, &src->diags)) {
		/* /dev/mem reaches what kcore leaves out on x86 (ACPI tables,
		 * EFI regions outside System RAM): try it second */
		struct ea_physmem *dm = ea_xcalloc(1, sizeof(*dm));
		struct ea_input din = { .name = "mem" };
		struct ea_diags dd = { 0 };
		if (ea_physmem_open_devmem(dm, &din, NULL, &dd)) {
			src->physmem.fallback = dm;
			src->physmem.backend = "/proc/kcore, then /dev/mem";
		} else {
			ea_physmem_free(dm);
			free(dm);
		}
		ea_input_free(&din);
		ea_diags_free(&dd);
		return;
	}
	char *why = ea_xstrdup(in->detail ? in->detail : "unreadable");
	ea_physmem_free(&src->physmem);
	if (!ea_physmem_open_devmem(&src->physmem, in, NULL, &src->diags)) {
		char *why2 = ea_xstrdup(in->detail ? in->detail : "unreadable");
		ea_physmem_free(&src->physmem);
		free(in->path);
		in->path = ea_xstrdup("/proc/kcore, /dev/mem");
		ea_input_set_status(in, in->status, "%s; %s", why, why2);
		free(why2);
	}
	free(why);
}

/* What a live audit does not read from "/", and why. */
static const char *const live_absent[EA_NINPUTS] = {
	[EA_IN_KEXEC_LOG] = "not read on a live system: give "
			    "--kexec-log FILE (kexec -l -d ... "
			    "2>FILE)",
	[EA_IN_MANIFEST] = "a live audit has none (collect.sh writes "
			   "one into a snapshot)",
	[EA_IN_ACPIDUMP] = "not read on a live system: give "
			   "--acpidump FILE (acpidump -c off > FILE)",
};

/* The kexec binary of the running system: the first of the places
 * kexec-tools installs it (its version, read/kexecbin.h). A snapshot names
 * the version in its MANIFEST instead. */
static void load_kexec_bin(struct ea_input *in, struct ea_tree *t, bool live)
{
	static const char *const at[] = { "usr/sbin/kexec", "sbin/kexec",
					  "usr/local/sbin/kexec" };
	if (!live) {
		free(in->path);
		in->path = NULL;
		ea_input_set_status(in, EA_IN_ABSENT,
				    "read on a live system only (a snapshot's "
				    "MANIFEST names the kexec-tools version)");
		return;
	}
	/* a symbolic link is refused (ELOOP): /sbin is one to usr/sbin on a
	 * merged /usr, whose usr/sbin/kexec is read first */
	const char *name = in->name;
	char *bad = NULL;
	for (size_t k = 0; k < sizeof(at) / sizeof(at[0]); k++) {
		ea_input_free(in);
		in->name = name;
		ea_tree_load(t, at[k], (size_t)64 << 20, in, NULL);
		if (in->status == EA_IN_OK) {
			free(bad);
			return;
		}
		if (in->status != EA_IN_ABSENT && !bad)
			bad = ea_xasprintf("%s: %s", at[k], ea_input_state(in));
	}
	ea_input_free(in);
	in->name = name;
	if (bad)
		ea_input_set_status(in, EA_IN_UNREADABLE, "%s", bad);
	else
		ea_input_set_status(in, EA_IN_ABSENT,
				    "no kexec in /usr/sbin, /sbin or "
				    "/usr/local/sbin (kexec-tools not "
				    "installed)");
	free(bad);
}

/* Input i from tree t, at rel. */
static void load_input(struct ea_sources *src, struct ea_tree *t, int i,
		       const char *rel, bool live)
{
	struct ea_input *in = &src->in[i];
	if (live && live_absent[i]) {
		free(in->path);
		in->path = NULL;
		ea_input_set_status(in, EA_IN_ABSENT, "%s", live_absent[i]);
		return;
	}
	switch (i) {
	case EA_IN_KEXEC_BIN:
		load_kexec_bin(in, t, live);
		break;
	case EA_IN_FW_MEMMAP:
		ea_fw_memmap_read_tree(in, t, rel, &src->fw_memmap,
				       &src->diags);
		break;
	case EA_IN_RUNTIME_MAP:
		ea_runtime_map_read_tree(in, t, rel, &src->runtime_map,
					 &src->diags);
		break;
	case EA_IN_ACPI_SYSFS:
		free(in->path);
		in->path = ea_tree_path(t, rel);
		if (ea_tree_is_dir(t, rel))
			in->status = EA_IN_OK;
		else
			ea_input_set_status(in, EA_IN_ABSENT,
					    "no such directory");
		break;
	case EA_IN_MEM:
		if (live)
			open_live_memory(src);
		else
			ea_physmem_open_tree(&src->physmem, in, t, rel,
					     &src->diags);
		break;
	case EA_IN_KCONFIG: {
		/* proc/version was read before (enum order) */
		char *release =
		    src->in[EA_IN_VERSION].status == EA_IN_OK
			? ea_version_release(&src->in[EA_IN_VERSION])
			: NULL;
		ea_kconfig_load_tree(in, t, release);
		free(release);
		break;
	}
	default:
		ea_tree_load(t, rel, EA_MAX_INPUT_BYTES, in, NULL);
		break;
	}
}

/*
 * Every input not named on the command line, from tree t (a snapshot
 * directory or tarball, or "/"). Whatever is read is copied into the
 * inputs and the physical memory chunks; the tree itself is kept only for
 * the ACPI tables compare that the pipeline makes later (cross_compare()),
 * kept in the sources (acpi_sysfs_tree), closed with them.
 */
static void load_tree(struct ea_sources *src, struct ea_tree *t, bool live)
{
	for (int i = 0; i < EA_NINPUTS; i++) {
		const char *rel = relpath[i];
		if (src->in[i].user_given || !rel)
			continue;
		if (live && i == EA_IN_DMESG)
			continue;
		if (i == EA_IN_MEM && src->physmem.backend)
			continue; /* --vmcore */
		load_input(src, t, i, rel, live);
	}
	ea_tree_close(src->acpi_sysfs_tree);
	src->acpi_sysfs_tree = NULL;
	if (src->in[EA_IN_ACPI_SYSFS].status == EA_IN_OK &&
	    !src->in[EA_IN_ACPI_SYSFS].user_given)
		src->acpi_sysfs_tree = t;
	else
		ea_tree_close(t);
}

/* "REASON (MANIFEST line N: STATUS)": what the collector said of an item
 * it could not read. */
static char *item_words(const struct ea_manifest_item *it)
{
	if (it->reason)
		return ea_xasprintf("%s (MANIFEST line %u: %s)", it->reason,
				    it->ev.line, it->status);
	return ea_xasprintf("not collected (MANIFEST line %u: %s)", it->ev.line,
			    it->status);
}

/* The item of the input at rel: "rel", or "rel/" for a directory. */
static const struct ea_manifest_item *input_item(const struct ea_manifest *m,
						 const char *rel)
{
	const struct ea_manifest_item *it = ea_manifest_item(m, rel);

	if (!it) {
		char *d = ea_xasprintf("%s/", rel);

		it = ea_manifest_item(m, d);
		free(d);
	}
	return it;
}

/* The items below directory rel that were not read: how many of how many,
 * and the first. */
static const struct ea_manifest_item *failed_below(const struct ea_manifest *m,
						   const char *rel,
						   size_t *nbad, size_t *nall)
{
	const struct ea_manifest_item *first = NULL;
	size_t l = strlen(rel);

	*nbad = *nall = 0;
	for (size_t i = 0; i < m->items.n; i++) {
		const struct ea_manifest_item *it = &m->items.v[i];

		if (strncmp(it->path, rel, l) || it->path[l] != '/' ||
		    !it->path[l + 1])
			continue;
		++*nall;
		if (ea_manifest_item_ok(it))
			continue;
		if (!first)
			first = it;
		++*nbad;
	}
	return first;
}

/* The kernel configuration's two places: what the collector said of each
 * it could not read, or NULL. */
static char *kconfig_words(const struct ea_manifest *m)
{
	char *out = NULL;

	for (size_t i = 0; i < m->items.n; i++) {
		const struct ea_manifest_item *it = &m->items.v[i];

		if (ea_manifest_item_ok(it) ||
		    (strcmp(it->path, "proc/config.gz") &&
		     strncmp(it->path, "boot/config-", 12)))
			continue;
		char *w = item_words(it);
		char *n = out ? ea_xasprintf("%s; %s: %s", out, it->path, w)
			      : ea_xasprintf("%s: %s", it->path, w);

		free(w);
		free(out);
		out = n;
	}
	return out;
}

/*
 * The MANIFEST of a snapshot, read, and its reasons given to the inputs it
 * explains: an input the snapshot lacks takes the collector's reason
 * ("kernel.dmesg_restrict=1 and not root: ...") instead of "No such file
 * or directory"; one that is there but that the collector saw incomplete
 * (mem/ "partial", files below a directory not read) takes it as its note.
 * Inputs named on the command line are not the snapshot's.
 */
static void use_manifest(struct ea_sources *src)
{
	struct ea_input *mi = &src->in[EA_IN_MANIFEST];

	if (mi->user_given || mi->status != EA_IN_OK)
		return;
	ea_manifest_parse(mi, &src->manifest, &src->diags);
	if (!src->manifest.known) {
		char *first = ea_input_first_line(mi, 60);

		ea_input_set_status(mi, EA_IN_MALFORMED,
				    "no line of %s looks like a MANIFEST "
				    "(\"key: value\" lines, then "
				    "\"PATH<TAB>STATUS<TAB>REASON\" items); "
				    "first line: %s",
				    mi->path, first);
		free(first);
		return;
	}
	const struct ea_manifest *m = &src->manifest;

	for (int i = 0; i < EA_IN_MANIFEST; i++) {
		struct ea_input *in = &src->in[i];
		const char *rel = relpath[i];

		if (in->user_given || !rel || i == EA_IN_MANIFEST)
			continue;
		if (in->status != EA_IN_ABSENT &&
		    (in->status != EA_IN_OK || in->detail))
			continue;
		char *w = NULL;

		if (i == EA_IN_KCONFIG) {
			if (in->status == EA_IN_ABSENT)
				w = kconfig_words(m);
		} else {
			const struct ea_manifest_item *it = input_item(m, rel);
			size_t nbad, nall;
			const struct ea_manifest_item *c =
			    failed_below(m, rel, &nbad, &nall);

			if (it && !ea_manifest_item_ok(it))
				w = item_words(it);
			else if (it && in->status == EA_IN_ABSENT)
				w = ea_xasprintf(
				    "%s; the MANIFEST (line %u) lists it as "
				    "collected: the snapshot lost it",
				    in->detail ? in->detail : "not there",
				    it->ev.line);
			else if (c) {
				char *cw = item_words(c);

				w = ea_xasprintf(
				    "%zu of %zu files below it were not "
				    "collected; %s: %s",
				    nbad, nall, c->path, cw);
				free(cw);
			}
		}
		if (w)
			ea_input_set_status(in, in->status, "%s", w);
		free(w);
	}
}

void ea_sources_use_snapshot(struct ea_sources *src, const char *path)
{
	char why[1024];
	struct ea_tree *t = ea_tree_open(path, why, sizeof(why));
	if (!t) {
		/* a missing or refused snapshot: nothing of it is read, and
		 * every input says why, naming the file (and member) */
		for (int i = 0; i < EA_NINPUTS; i++) {
			if (src->in[i].user_given)
				continue;
			ea_input_set_status(&src->in[i], EA_IN_UNREADABLE,
					    "snapshot %s", why);
		}
		ea_sources_fail(src, "snapshot %s", why);
		return;
	}
	ea_tree_report_to(t, &src->diags);
	load_tree(src, t, false);
	use_manifest(src);
	/* a directory (or tarball) with none of a snapshot's files is not
	 * one: a wrong path, not a machine with nothing to see */
	for (int i = 0; i < EA_NINPUTS; i++)
		if (!src->in[i].user_given && src->in[i].status != EA_IN_ABSENT)
			return;
	ea_sources_fail(src,
			"%s is not a snapshot: none of dmesg.txt, proc/iomem, "
			"proc/version, sys/kernel/debug/memblock/, "
			"sys/firmware/, mem/ is there",
			path);
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

void ea_sources_use_live(struct ea_sources *src)
{
	src->live = true;
	src->euid = (unsigned)geteuid();
	if (!src->in[EA_IN_DMESG].user_given)
		load_live_dmesg(&src->in[EA_IN_DMESG]);
	load_tree(src, ea_tree_open_system("/"), true);
	struct ea_input *mb = &src->in[EA_IN_MB_MEMORY];
	if (mb->status == EA_IN_ABSENT &&
	    access("/sys/kernel/debug", F_OK) == 0 &&
	    access("/sys/kernel/debug/memblock", F_OK) != 0) {
		for (int i = EA_IN_MB_MEMORY; i <= EA_IN_MB_RESERVED; i++)
			ea_input_set_status(
			    &src->in[i], EA_IN_ABSENT,
			    "debugfs not mounted (mount -t debugfs none "
			    "/sys/kernel/debug), or the kernel keeps no "
			    "memblock (not ARCH_KEEP_MEMBLOCK)");
	}
}

bool ea_sources_use_vmcore(struct ea_sources *src, const char *path)
{
	struct ea_input *in = &src->in[EA_IN_MEM];
	in->user_given = true;
	if (ea_physmem_open_vmcore(&src->physmem, in, path, &src->diags))
		return true;
	src->input_failed = true;
	return false;
}

bool ea_sources_use_file(struct ea_sources *src, enum ea_input_id id,
			 const char *path)
{
	struct ea_input *in = &src->in[id];
	in->user_given = true;
	bool ok = ea_input_load_given(in, path, src->live);
	if (!ok)
		src->input_failed = true;
	return ok;
}
