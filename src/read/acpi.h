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
#include "read/dmesg.h"
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

/* --- the walk against the kernel log ------------------------------------ */

enum ea_acpi_cmp_kind {
	EA_ACPI_CMP_SAME = 0,	     /* same address, signature and length */
	EA_ACPI_CMP_LENGTH_DIFFERS,  /* same address and signature */
	EA_ACPI_CMP_SIG_DIFFERS,     /* same address, another signature */
	EA_ACPI_CMP_ADDR_DIFFERS,    /* same signature and instance */
	EA_ACPI_CMP_ONLY_LOG,	     /* the log names it, the walk did not */
	EA_ACPI_CMP_ONLY_MEM,	     /* the walk found it, the log does not */
	EA_ACPI_CMP_MEM_UNREAD,	     /* same address; memory has no header */
	EA_ACPI_CMP_LOG_NOT_PHYSICAL /* a virtual (or 0) address: skipped */
};
const char *ea_acpi_cmp_kind_name(enum ea_acpi_cmp_kind k);

struct ea_acpi_cmp {
	enum ea_acpi_cmp_kind kind;
	/* A difference the other source could not explain away: false for
	 * ONLY_LOG when the walk was incomplete (it may simply not have
	 * reached the table) and for ONLY_MEM when the log does not start at
	 * boot; false for SAME, MEM_UNREAD, LOG_NOT_PHYSICAL. */
	bool differs;
	const struct ea_acpi_mtable *mem; /* NULL for ONLY_LOG, NOT_PHYSICAL */
	const struct ea_acpi_table *log;  /* NULL for ONLY_MEM */
	/* One sentence naming both sides for a row that differs (the only
	 * rows a report shows); a fixed sentence for the others, which a
	 * machine with a million tables has a million of: formatting them
	 * took a third of the audit's time. Never NULL. */
	const char *msg;
};

struct ea_acpi_cmp_result {
	EA_VEC(struct ea_acpi_cmp) v; /* in the walk's order, then the log's */
	size_t ndiffer;		      /* entries with differs set */
	size_t nskipped;	      /* LOG_NOT_PHYSICAL entries */
};

/* Matches by address first, then what is left by signature and instance
 * (the k-th FACP of one with the k-th of the other). O(n log n). */
void ea_acpi_compare_dmesg(const struct ea_acpi_mem *m,
			   const struct ea_dmesg *d,
			   struct ea_acpi_cmp_result *out);
void ea_acpi_cmp_result_free(struct ea_acpi_cmp_result *r);

/* --- the walk against /sys/firmware/acpi/tables ------------------------- */

enum ea_acpi_file_kind {
	EA_ACPI_FILE_SAME = 0,	     /* every byte equal */
	EA_ACPI_FILE_BYTES_DIFFER,   /* same length; first_diff says where */
	EA_ACPI_FILE_LENGTH_DIFFERS, /* file size vs the header in memory */
	EA_ACPI_FILE_NOT_COMPARED,   /* memory has the header, not all bytes */
	EA_ACPI_FILE_ONLY_FILE,	     /* no table of that name in the walk */
	EA_ACPI_FILE_ONLY_MEM,	     /* the walk found it, no file */
	EA_ACPI_FILE_UNREADABLE,     /* the file could not be read */
};
const char *ea_acpi_file_kind_name(enum ea_acpi_file_kind k);

struct ea_acpi_file_cmp {
	enum ea_acpi_file_kind kind;
	/* BYTES_DIFFER and LENGTH_DIFFERS; ONLY_FILE when the walk was
	 * complete and ONLY_MEM, both unless instances_uncertain. */
	bool differs;
	char name[16];	 /* file name: "SSDT2"; expected name for ONLY_MEM */
	char *path;	 /* NULL for ONLY_MEM */
	size_t file_len; /* bytes in the file */
	uint64_t first_diff; /* BYTES_DIFFER: offset of the first difference */
	const struct ea_acpi_mtable *mem; /* NULL for ONLY_FILE, UNREADABLE */
	struct ea_evid ev; /* the file's line in the acpi_sysfs listing */
	char *msg;
};

struct ea_acpi_sysfs_cmp {
	/* Where ea_audit_firmware() reads the tables from: the snapshot's
	 * tree or the running system's "/", set by snapshot.c, owned (closed
	 * by ea_acpi_sysfs_cmp_free()); NULL when there is none. It keeps a
	 * snapshot tarball in memory until the audit is freed. */
	struct ea_tree *src;
	bool dir_read;
	char *why; /* when !dir_read */
	/* The walk has tables whose signature it could not read: sysfs
	 * instance numbers (SSDT1, SSDT2) may not line up with the walk's. */
	bool instances_uncertain;
	EA_VEC(struct ea_acpi_file_cmp) v; /* by file name, then ONLY_MEM */
	size_t ndiffer;			   /* entries with differs set */
};

/* Where the tables are in a snapshot or on a live system. */
#define EA_ACPI_SYSFS_REL "sys/firmware/acpi/tables"

/* Reads every regular file of the directory `rel` of tree t (tree.h;
 * EA_ACPI_SYSFS_REL; data/ and dynamic/ are not entered) and matches it with
 * the walk by name, Linux's naming being the signature, with the instance
 * number appended when several tables share it (drivers/acpi/sysfs.c
 * acpi_table_attr_init()). RSDP, XSDT and RSDT are never there. One line per
 * file is appended to `listing` (an input named "acpi_sysfs"), whose path
 * becomes ea_tree_path(t, rel). out->src is neither used nor changed. */
void ea_acpi_compare_sysfs_tree(const struct ea_acpi_mem *m,
				const struct ea_tree *t, const char *rel,
				struct ea_input *listing,
				struct ea_acpi_sysfs_cmp *out,
				struct ea_diags *diags);
/* The same for the directory `dir` on disk. */
void ea_acpi_compare_sysfs(const struct ea_acpi_mem *m, const char *dir,
			   struct ea_input *listing,
			   struct ea_acpi_sysfs_cmp *out,
			   struct ea_diags *diags);
void ea_acpi_sysfs_cmp_free(struct ea_acpi_sysfs_cmp *c);

#endif
