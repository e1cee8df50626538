/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * x86 /sys/firmware/efi/runtime-map/N/{type,phys_addr,virt_addr,num_pages,
 * attribute} (drivers/firmware/efi/runtime-map.c up to 6.1,
 * arch/x86/platform/efi/runtime-map.c from 6.2; kernel-formats.md §7.2):
 * the kernel's EFI memory map as it stood at subsys_initcall_sync, which
 * kexec-tools hands to the next kernel on x86. Files are mode 0400; type is
 * "0x%x\n", the others "0x%llx\n"; N counts from 0 in map order.
 */
#ifndef EA_RUNTIMEMAP_H
#define EA_RUNTIMEMAP_H

#include <stdbool.h>
#include <stdint.h>

#include "core/input.h"
#include "read/dmesg.h"
#include "read/efisystab.h"

struct ea_tree;

/* What a descriptor has besides struct ea_efi_desc. */
struct ea_runtime_map_extra {
	uint32_t index;	    /* N of the directory */
	uint64_t virt;	    /* virt_addr */
	uint64_t num_pages; /* 4 KiB pages */
};

struct ea_runtime_map {
	/* In N order (the kernel's map order, the order of its "EFI runtime
	 * memory map" listing), not sorted by address. map.v[i]'s evidence
	 * is line i + 1 of the listing, in. */
	EA_VEC(struct ea_efi_desc) map;
	const struct ea_input *in;
	EA_VEC(struct ea_runtime_map_extra) extra; /* extra.v[i]: map.v[i] */
};

/*
 * Reads DIR/N/{type,phys_addr,virt_addr,num_pages,attribute} for every
 * numeric N, in numeric order. in->data becomes a listing (its name set to
 * "efi_runtime_map" when NULL) with one line per entry, "N 0x<phys>-0x<last>
 * <type name> type=0x<t> attr=0x<a> virt=0x<v> pages=0x<p>"; in->path = DIR.
 * An entry that cannot be read (a file missing, not "0x<hex>\n", num_pages
 * 0 or running past 2^64) is a diag naming the file and is left out.
 * Returns false if DIR does not exist (status absent; x86 only), a file is
 * refused (status unreadable: the files are mode 0400, root only), or DIR
 * holds no readable entry (status malformed).
 *
 * ea_runtime_map_read_tree() reads the directory REL of tree t (tree.h),
 * in->path being ea_tree_path(t, rel); ea_runtime_map_read() the directory
 * DIR on disk.
 */
bool ea_runtime_map_read_tree(struct ea_input *in, const struct ea_tree *t,
			      const char *rel, struct ea_runtime_map *out,
			      struct ea_diags *diags);
bool ea_runtime_map_read(struct ea_input *in, const char *dir,
			 struct ea_runtime_map *out, struct ea_diags *diags);
void ea_runtime_map_free(struct ea_runtime_map *m);

/* The virtual mappings of the map (entries with virt_addr != 0), for
 * ea_efi_systab_read(). Returns the count; *out is allocated (free()). */
size_t ea_runtime_map_vmap(const struct ea_runtime_map *m,
			   struct ea_efi_vmap **out);

#endif
