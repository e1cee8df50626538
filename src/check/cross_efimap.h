/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The EFI memory map buffer read from memory (read/efimap.h) against the map
 * the kernel printed with efi=debug.
 */
#ifndef EA_CROSS_EFIMAP_H
#define EA_CROSS_EFIMAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/util.h"
#include "read/dmesg.h"
#include "read/efimap.h"

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
