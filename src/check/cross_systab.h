/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The EFI system table read from memory (read/efisystab.h) against the
 * kernel's "efi:" configuration-table line.
 */
#ifndef EA_CROSS_SYSTAB_H
#define EA_CROSS_SYSTAB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/util.h"
#include "read/dmesg.h"
#include "read/efisystab.h"

/* The system table against the kernel's "efi:" line. */
enum ea_systab_cmp_kind {
	EA_SYSTAB_CMP_SAME,	    /* both, same address */
	EA_SYSTAB_CMP_ADDR_DIFFERS, /* both, different addresses */
	/* in memory with a name the kernel prints, not on the line: a newer
	 * name than the kernel knows (see kname->since_*), an x86 arch table
	 * on another arch, or a table installed after boot */
	EA_SYSTAB_CMP_ONLY_MEMORY,
	/* on the line, not in the (completely read) table in memory */
	EA_SYSTAB_CMP_ONLY_LOG,
	/* on the line, unmatched, but the table in memory was not read
	 * whole: it may be among the entries not read */
	EA_SYSTAB_CMP_UNREAD,
};

struct ea_systab_cmp {
	enum ea_systab_cmp_kind kind;
	const char *name;    /* as printed / as named */
	uint32_t occurrence; /* 0: first table of that name, 1: second */
	bool known_name;     /* the name is in ea_efi_cfg_name_by_name() */
	const struct ea_efi_cfg_entry *mem; /* NULL for ONLY_LOG / UNREAD */
	const struct ea_cfg_table *log;	    /* NULL for ONLY_MEMORY */
};

struct ea_systab_cmps {
	EA_VEC(struct ea_systab_cmp) v; /* memory order, then log order */
	size_t ndiff;			/* entries whose kind is not SAME */
};

/*
 * Pairs the named entries of st with d->cfg by name and occurrence (the
 * kernel prints every recognised entry in firmware order, duplicates
 * included). Entries the kernel prints no name for are left out. The
 * pointers in the result point into st and d.
 */
void ea_efi_systab_compare(const struct ea_efi_systab *st,
			   const struct ea_dmesg *d,
			   struct ea_systab_cmps *out);
void ea_systab_cmps_free(struct ea_systab_cmps *c);
const char *ea_systab_cmp_kind_name(enum ea_systab_cmp_kind k);

#endif
