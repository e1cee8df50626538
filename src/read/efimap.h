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

#endif
