/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The LINUX_EFI_MEMRESERVE chain (GUID 888eb0c6-8ede-4ff5-a8f0-9aee5cb977c2),
 * read from physical memory. Layout v5.0+ (include/linux/efi.h struct
 * linux_efi_memreserve; kernel-formats.md §3): { s32 size; s32 count; u64
 * next; { u64 base; u64 size } entry[size]; }, little-endian. The root (the
 * config-table target) is a node with size 0; each next node is a list page
 * with size 255. The next kernel memblock_reserve()s each node as
 * struct_size(rsv, entry, rsv->size) and each of the first `count` entries
 * (drivers/firmware/efi/efi.c efi_config_parse_tables()).
 */
#ifndef EA_MEMRESERVE_H
#define EA_MEMRESERVE_H

#include <stdbool.h>
#include <stdint.h>

#include "core/input.h"
#include "core/range.h"
#include "read/physmem.h"

/* More nodes than this is taken as a corrupt chain. */
#define EA_MR_MAX_NODES 65536
/* 5.0/5.1 with 64 KiB pages wrote up to 4095 entries per node. */
#define EA_MR_MAX_NODE_ENTRIES 4095

struct ea_mr_node {
	uint64_t addr;
	struct ea_range r; /* what the next kernel reserves for the node */
	int32_t size, count;
	uint64_t next;
};

struct ea_mr_entry {
	uint64_t node; /* address of the node holding it */
	uint32_t index;
	struct ea_range r;
};

struct ea_memreserve {
	bool complete; /* the whole chain was read, ending in next == 0 */
	char *why;     /* why not complete */
	bool loops;    /* a next pointer pointed back into the chain */
	bool has_unread_node; /* the walk stopped at a node it could not read */
	uint64_t unread_node; /* ... at this address */
	EA_VEC(struct ea_mr_node) nodes; /* root first, in chain order */
	/* in chain order as walked; ea_sources_memreserve() puts them in address
	 * order (by range, then chain order) */
	EA_VEC(struct ea_mr_entry) entries;
};

/* Walks from root. Problems (root 0, unreadable node, loop, size or count
 * out of bounds, entry past 2^64) end the walk with complete=false and why
 * set; complete=true always comes with why NULL. */
void ea_memreserve_walk(const struct ea_physmem *pm, uint64_t root,
			struct ea_memreserve *out);
/* Linux 4.20 only: 24-byte single-entry nodes { u64 next; u64 base; u64
 * size; } (efi_apply_persistent_mem_reservations() reserves each node and,
 * when size is not 0, [base, base + size)). Nodes get size 1 and count 1
 * (0 for an empty one, such as the stub's root). */
void ea_memreserve_walk_v420(const struct ea_physmem *pm, uint64_t root,
			     struct ea_memreserve *out);
void ea_memreserve_free(struct ea_memreserve *m);

#endif
