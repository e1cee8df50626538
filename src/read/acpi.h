/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * ACPI tables read from physical memory, starting at the RSDP: the tables
 * the kernel installs and must find again after a kexec. Formats: ACPI 6.5
 * §5.2.5 (RSDP), §5.2.6 (SDT header), §5.2.7/§5.2.8 (RSDT/XSDT), §5.2.9
 * (FADT), §5.2.10 (FACS), §5.2.12 (MADT, GICR §5.2.12.17, GIC ITS
 * §5.2.12.18); offsets as in shared reference kernel-formats.md §10 (checked
 * against ACPICA's actbl*.h). The walk follows ACPICA's
 * acpi_tb_parse_root_table() and acpi_tb_parse_fadt() (drivers/acpi/acpica/
 * tbutils.c, tbfadt.c): the XSDT when the RSDP revision is 2 or more and its
 * XSDT address is non-zero, else the RSDT; null entries skipped; DSDT and
 * FACS from the FADT, both FACS fields when both are set.
 *
 * Everything read is bounds-checked through ea_physmem_read(): a table that
 * is not in the saved memory is listed as unreadable with the reason, never
 * filled in. Each decoded item is one line of a listing input (name
 * "acpi_mem"), which is the evidence for it.
 *
 * Also: the walk compared with the kernel log's "ACPI: SIG 0x... LEN" lines
 * (dmesg.h) and with the table contents under /sys/firmware/acpi/tables.
 */
#ifndef EA_ACPI_H
#define EA_ACPI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/input.h"
#include "core/range.h"
#include "read/physmem.h"

struct ea_tree;

/* A table longer than this is not read (diag, listed as too long). */
#define EA_ACPI_MAX_TABLE ((uint32_t)16 << 20)
/* Root-table entries walked; the rest are a diag. */
#define EA_ACPI_MAX_ENTRIES 10000
/* Bytes of table contents copied in one walk: with a live backend
 * (/proc/kcore, /dev/mem) a corrupt XSDT could otherwise name 10000 tables
 * of 16 MiB. Past it, tables are listed from their headers only. */
#define EA_ACPI_MAX_TOTAL ((uint64_t)64 << 20)

enum ea_acpi_csum {
	EA_ACPI_CSUM_UNVERIFIED = 0, /* not every byte could be read */
	EA_ACPI_CSUM_OK,
	EA_ACPI_CSUM_BAD,
	EA_ACPI_CSUM_NONE, /* the FACS has no checksum */
};
const char *ea_acpi_csum_name(enum ea_acpi_csum c);

/* How the walk reached a table. */
enum ea_acpi_via {
	EA_ACPI_VIA_RSDP = 0,	/* the RSDP itself (the address given) */
	EA_ACPI_VIA_RSDP_XSDT,	/* RSDP XsdtAddress @24 */
	EA_ACPI_VIA_RSDP_RSDT,	/* RSDP RsdtAddress @16 */
	EA_ACPI_VIA_XSDT_ENTRY, /* entry `index` of the XSDT */
	EA_ACPI_VIA_RSDT_ENTRY, /* entry `index` of the RSDT */
	EA_ACPI_VIA_FADT_X_DSDT,
	EA_ACPI_VIA_FADT_DSDT,
	EA_ACPI_VIA_FADT_X_FACS, /* X_FIRMWARE_CTRL */
	EA_ACPI_VIA_FADT_FACS,	 /* FIRMWARE_CTRL */
};

struct ea_acpi_mtable {
	/* From the table's own bytes; "" when its header could not be read.
	 * Bytes outside 0x20..0x7e are shown as '?', as the kernel does. */
	char sig[5];
	uint64_t addr;
	uint32_t length; /* from its header; 0 when unread */
	uint8_t revision;
	bool readable;	   /* the header (signature and length) was read */
	bool whole;	   /* all `length` bytes were read into `bytes` */
	bool has_range;	   /* length known and plausible: r is set */
	struct ea_range r; /* [addr, addr + length - 1] */
	enum ea_acpi_csum csum;
	enum ea_acpi_via via;
	uint32_t index;	      /* XSDT/RSDT entry number, for *_ENTRY */
	uint64_t parent;      /* address of the table holding the pointer */
	char *found_via;      /* "XSDT entry 2", "FADT X_DSDT @140", ... */
	char *status;	      /* NULL when read and sane; else why not:
				 "unreadable: ...", "length ... past the limit" */
	unsigned char *bytes; /* the whole table when `whole` */
	struct ea_evid ev;    /* its line in the acpi_mem listing */
};

/* MADT GIC ITS structure (type 0xF). */
struct ea_acpi_its {
	uint32_t id;
	uint64_t base;
	uint64_t madt; /* the MADT it came from */
	uint32_t off;  /* its offset in that MADT */
	struct ea_evid ev;
};

/* MADT GICR structure (type 0xE): one redistributor discovery range. */
struct ea_acpi_gicr {
	uint64_t base;
	uint32_t length;
	bool has_range; /* false when length is 0 or runs past 2^64 */
	struct ea_range r;
	uint64_t madt;
	uint32_t off;
	struct ea_evid ev;
};

struct ea_acpi_mem {
	uint64_t rsdp;
	bool rsdp_valid; /* signature "RSD PTR " read at rsdp */
	uint8_t rsdp_revision;
	bool use_xsdt; /* the root table is the XSDT (else the RSDT) */
	uint64_t root; /* its address; 0 when there is none */
	/* Every table reachable from the RSDP was read whole. */
	bool complete;
	char *why; /* why not complete (the first reason) */
	/* RSDP first, the root table, then each entry in order, the DSDT and
	 * FACS right after the FADT that names them (ACPICA's order). A
	 * pointer to an address already listed is a diag, not a new row. */
	EA_VEC(struct ea_acpi_mtable) tables;
	EA_VEC(struct ea_acpi_its) its;
	EA_VEC(struct ea_acpi_gicr) gicr;
};

/* Walks from the RSDP at `rsdp` (from sys/firmware/efi/systab "ACPI20=" or
 * the EFI "ACPI 2.0" configuration table). Appends one line per decoded item
 * to `listing` (the caller's input named "acpi_mem", kept as long as the
 * report); problems go to diags against those lines. Never fails: what could
 * not be read is in the rows' status and in out->why. */
void ea_acpi_walk(const struct ea_physmem *pm, uint64_t rsdp,
		  struct ea_input *listing, struct ea_acpi_mem *out,
		  struct ea_diags *diags);
void ea_acpi_mem_free(struct ea_acpi_mem *m);

/* Printable copy of a fixed-width field (n bytes, dst has n + 1): the
 * kernel prints '?' for bytes outside ASCII graphics (acpi_tb_fix_string()),
 * so the log and the walk can be compared character by character. */
void ea_acpi_field(char *dst, const unsigned char *src, size_t n);
/* The 8-bit sum of n bytes (a table is valid when it is 0). */
uint8_t ea_acpi_sum8(const unsigned char *b, size_t n);

/* Where the tables are in a snapshot or on a live system. */
#define EA_ACPI_SYSFS_REL "sys/firmware/acpi/tables"

#endif
