/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Small text inputs: /proc/version, /proc/cmdline, and x86's
 * /sys/firmware/memmap/N/{start,end,type} (kernel-formats.md §7.3), which is
 * what kexec-tools reads on x86 (kexec-tools-placement.md §6.1).
 */
#ifndef EA_PROCINFO_H
#define EA_PROCINFO_H

#include <stdbool.h>
#include <stdint.h>

#include "core/input.h"
#include "core/range.h"

struct ea_tree;

/* "Linux version 6.1.0-56-cloud-arm64 (...)" → "6.1.0-56-cloud-arm64". */
char *ea_version_release(const struct ea_input *in);
/* Parses "X.Y" at the start of a release into major/minor; false if not. */
bool ea_release_numbers(const char *release, unsigned *major, unsigned *minor,
			unsigned *patch);
/* The first line, trailing newline removed. */
char *ea_cmdline_text(const struct ea_input *in);

struct ea_fw_memmap_entry {
	struct ea_range r;
	char type[40];	   /* "System RAM", "ACPI Tables", "Reserved", ... */
	uint32_t index;	   /* N of the directory */
	struct ea_evid ev; /* its line in the listing (below) */
};

struct ea_fw_memmap {
	EA_VEC(struct ea_fw_memmap_entry) entries; /* sorted by start */
};

/* Reads REL/N/{start,end,type} of tree t (tree.h) for every numeric N, in
 * numeric order. The input's data becomes a listing with one line per
 * entry, "N 0x<start>-0x<end> <type>", so evidence can name a line;
 * in->path = ea_tree_path(t, rel). Returns false if REL does not exist
 * (status absent) or holds nothing readable (status malformed, detail says
 * which file). */
bool ea_fw_memmap_read_tree(struct ea_input *in, const struct ea_tree *t,
			    const char *rel, struct ea_fw_memmap *out,
			    struct ea_diags *diags);
/* The same for the directory DIR on disk (in->path = DIR). */
bool ea_fw_memmap_read(struct ea_input *in, const char *dir,
		       struct ea_fw_memmap *out, struct ea_diags *diags);
void ea_fw_memmap_free(struct ea_fw_memmap *m);

#endif
