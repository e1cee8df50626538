/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The ACPI walk from memory (read/acpi.h) against the tables the kernel log
 * names and against /sys/firmware/acpi/tables: what the two sources say of
 * each other, for the checks.
 */
#ifndef EA_CROSS_ACPI_H
#define EA_CROSS_ACPI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/input.h"
#include "core/tree.h"
#include "core/util.h"
#include "read/acpi.h"
#include "read/dmesg.h"

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
	bool dir_read;
	char *why; /* when !dir_read */
	/* The walk has tables whose signature it could not read: sysfs
	 * instance numbers (SSDT1, SSDT2) may not line up with the walk's. */
	bool instances_uncertain;
	EA_VEC(struct ea_acpi_file_cmp) v; /* by file name, then ONLY_MEM */
	size_t ndiffer;			   /* entries with differs set */
};

/* Reads every regular file of the directory `rel` of tree t (tree.h;
 * EA_ACPI_SYSFS_REL; data/ and dynamic/ are not entered) and matches it with
 * the walk by name, Linux's naming being the signature, with the instance
 * number appended when several tables share it (drivers/acpi/sysfs.c
 * acpi_table_attr_init()). RSDP, XSDT and RSDT are never there. One line per
 * file is appended to `listing` (an input named "acpi_sysfs"), whose path
 * becomes ea_tree_path(t, rel). */
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
