/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Inputs from two boots. A bug report's kernel log and /proc/iomem are
 * often taken at different times (corpus adlink-ava: the log of a 6.18 boot,
 * the /proc/iomem of a 6.15 one), and a snapshot's dmesg.txt can be an old
 * log. A range the log places, laid on a view of free memory that another
 * boot's inputs built, says nothing about either boot: its answer is
 * unknown, not an escape (answer.c, two_boots()), and the verdict at best
 * incomplete (check inputs_from_different_boots).
 *
 * Each clue is two inputs that one boot makes agree, the kernel log always
 * one of them (the audit's ranges come mostly from the log, its views from
 * the other inputs):
 *  - the kernel: the log's "Linux version" line and proc/version;
 *  - the command line: the log's and proc/cmdline;
 *  - the LPI tables: a kernel that registers its MEMRESERVE entries in
 *    /proc/iomem (ab0eb16205b4, v5.5 and 5.4.7) makes every LPI table it
 *    allocates a 'reserved' child of System RAM starting at the table, a
 *    kernel without it none (tables it inherits are under the chain's
 *    memblock reservations): log tables that partly start at a child and
 *    partly lie in System RAM with no child at all are not that
 *    /proc/iomem's boot;
 *  - the addresses the EFI stub passes at every boot: the log's "System
 *    Table" and "MemMap Address" against the FDT's /chosen
 *    linux,uefi-system-table and linux,uefi-mmap-start, and the log's
 *    "ACPI 2.0=" against sys/firmware/efi/systab's ACPI20=.
 */
#ifndef EA_BOOTS_H
#define EA_BOOTS_H

#include <stddef.h>

#include "core/input.h"
#include "core/util.h"

struct ea_build;

struct ea_boot_clue {
	char *what;	      /* one sentence: both inputs and what they say */
	char *brief;	      /* a few words of it, for the headline */
	const char *other;    /* the other input, in words ("/proc/iomem") */
	struct ea_evid ev[2]; /* the log's line and the other input's, or 0 */
};

struct ea_boots {
	EA_VEC(struct ea_boot_clue) clues; /* none: nothing says two boots */
	size_t unknown; /* answers made unknown because of them */
};

/* The clues, from the parsed inputs; after the loader views are built
 * (a->system_ram), before the answers. */
void ea_boots_compare(struct ea_build *a);
void ea_boots_free(struct ea_boots *b);

#endif
