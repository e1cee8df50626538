/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The EFI memory map as the firmware handed it to the kernel: the buffer at
 * /chosen linux,uefi-mmap-start (arm64; "MemMap Address" with efi=debug),
 * read from saved physical memory. Layout: UEFI 2.10 §7.2.3 GetMemoryMap()
 * EFI_MEMORY_DESCRIPTOR, include/linux/efi.h efi_memory_desc_t
 * (kernel-formats.md §9): { u32 type @0, u32 pad, u64 phys_addr @8,
 * u64 virt_addr @16, u64 num_pages @24 (4 KiB pages), u64 attribute @32 },
 * little-endian, one every desc_size bytes (the firmware may append fields;
 * they are not read). The kernel takes size / desc_size descriptors
 * (drivers/firmware/efi/memmap.c __efi_memmap_init()) and only warns when
 * desc_ver is not 1 (efi_init(): "Unexpected EFI_MEMORY_DESCRIPTOR version").
 */
#ifndef EA_EFIMAP_H
#define EA_EFIMAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/input.h"
#include "core/range.h"
#include "core/util.h"
#include "read/dmesg.h"
#include "read/physmem.h"

/* sizeof(efi_memory_desc_t) */
#define EA_EFI_DESC_MIN 40u
/* More descriptors than this (a 3 MiB map at 48 bytes each) is taken as a
 * corrupt size; real maps have tens to a few hundred. */
#define EA_EFIMAP_MAX_DESC 65536u
/* A larger size is not read at all: taken as corrupt. */
#define EA_EFIMAP_MAX_BYTES ((uint64_t)16 << 20)

struct ea_efimap {
	bool ok;       /* the buffer was read and its geometry is usable */
	char *why;     /* when !ok: why nothing was decoded */
	bool complete; /* ok, and every descriptor in it decoded */
	uint64_t addr, size, desc_size, desc_ver;
	/* Descriptors in buffer order; each one's evidence is the line of
	 * the "efi_map" listing (in) naming the descriptor's physical
	 * address. */
	EA_VEC(struct ea_efi_desc) desc;
	const struct ea_input *in;
	size_t nbad; /* descriptors left out with a diag */
};

/*
 * Reads size bytes at addr from pm and decodes them. A read that pm cannot
 * serve whole (not saved, not in the core, ...), a desc_size below 40 or not
 * a multiple of 8, a size of 0 or above EA_EFIMAP_MAX_BYTES leaves ok
 * false, why set, one diag, and returns false. Descriptors that cannot be a region (num_pages 0, a range
 * past 2^64) are left out with a diag; other impossibilities (a size that is
 * not a multiple of desc_size, desc_ver not 1, a phys_addr not 4 KiB
 * aligned) are diags and decoding goes on as the kernel's does. Overlaps
 * and order are not judged here.
 */
bool ea_efimap_read(const struct ea_physmem *pm, uint64_t addr, uint64_t size,
		    uint64_t desc_size, uint64_t desc_ver,
		    struct ea_input *listing, struct ea_efimap *out,
		    struct ea_diags *diags);
/* The same over bytes already read (addr names where they were). */
bool ea_efimap_decode(const unsigned char *buf, size_t len, uint64_t addr,
		      uint64_t desc_size, uint64_t desc_ver,
		      struct ea_input *listing, struct ea_efimap *out,
		      struct ea_diags *diags);
void ea_efimap_free(struct ea_efimap *m);

/*
 * The decoded map against the one the kernel printed with efi=debug
 * (struct ea_dmesg efi_map). Both are printed from the same buffer on arm64
 * (efi-init.c reserve_regions()), in buffer order, so every descriptor
 * should match. Descriptors are paired by start address (the k-th
 * descriptor starting at A in one with the k-th in the other), so a lost log
 * line shows as one difference, not a shifted tail.
 *
 * Attributes are compared in all 64 bits. The printed form cannot lose a
 * bit: efi_md_typeattr_format() prints one letter per set bit, and when any
 * bit outside the letters that kernel knows is set it prints the whole value
 * as "attr=0x%016llx" instead (its mask and its letters are the same set in
 * 4.19 and in each change since: SP in 5.5, CC in 5.10, HP in 6.14 and
 * stable, each added to both at once). So a bit set in memory but absent
 * from the log is a real difference, never a kernel that did not know the
 * letter. Types are printed as names or "type=N", both exact.
 */
enum ea_efimap_diff_kind {
	EA_EFIMAP_NOT_PRINTED,	 /* in memory, not in the log */
	EA_EFIMAP_NOT_IN_MEMORY, /* in the log, not in memory */
	EA_EFIMAP_DIFFERS,	 /* same start; end, type or attributes not */
};

/* What differs, for EA_EFIMAP_DIFFERS. */
#define EA_EFIMAP_DIFF_END 0x1u
#define EA_EFIMAP_DIFF_TYPE 0x2u
#define EA_EFIMAP_DIFF_ATTR 0x4u

struct ea_efimap_diff {
	enum ea_efimap_diff_kind kind;
	unsigned what;		/* EA_EFIMAP_DIFF_* */
	bool has_mem, has_log;	/* which of the two below are set */
	struct ea_efi_desc mem; /* from memory; evidence: the efi_map listing */
	struct ea_efi_desc log; /* printed; evidence: the kernel log line */
	size_t mem_index, log_index; /* positions in the two arrays */
};

struct ea_efimap_cmp {
	EA_VEC(struct ea_efimap_diff)
	diffs;		/* in memory-map order, then
						 printed-only ones */
	size_t matched; /* pairs equal in range, type and attributes */
	/* Paired descriptors appear in another order in the log than in
	 * the buffer: they are not the same listing. */
	bool order_differs;
};

/* Returns false (and out empty) when either side is empty: no efi=debug
 * map, or nothing decoded, is not a comparison. O(n log n). */
bool ea_efimap_compare(const struct ea_efi_desc *mem, size_t nmem,
		       const struct ea_efi_desc *log, size_t nlog,
		       struct ea_efimap_cmp *out);
/* One line for a difference, e.g. "0x...-0x... Boot Data attr 0x8: in the
 * EFI map in memory but not printed by the kernel". */
void ea_efimap_diff_text(const struct ea_efimap_diff *d, char *buf, size_t n);
void ea_efimap_cmp_free(struct ea_efimap_cmp *c);

#endif
