/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * --list VIEW: what the audit read and built, as a table (report/table.h):
 * the EFI memory map, /proc/iomem as a tree (lsblk -T), memblock, the
 * MEMRESERVE chain (nodes with their entries: the /proc/efi/memreserve the
 * kernel never had), the ACPI tables, each loader's free memory, and the
 * checks. Formats only.
 */
#ifndef EA_REPORT_LIST_H
#define EA_REPORT_LIST_H

#include <stdbool.h>
#include <stdio.h>

#include "report/table.h"

struct ea_audit;

enum ea_list_view {
	EA_LIST_EFI_MAP = 0,
	EA_LIST_IOMEM,
	EA_LIST_MEMBLOCK,
	EA_LIST_MEMRESERVE,
	EA_LIST_ACPI,
	EA_LIST_FREE,
	EA_LIST_CHECKS,
	EA_NLISTS
};

/* "efi-map", ... as --list takes them. */
const char *ea_list_name(enum ea_list_view v);
bool ea_list_parse(const char *s, enum ea_list_view *v);

/* A view's columns and its default ones. */
void ea_list_columns(enum ea_list_view v, const struct ea_tcol **cols,
		     size_t *n, const int **def, size_t *ndef);

struct ea_list_opts {
	struct ea_table_opts table;
	bool bytes;	 /* sizes in bytes */
	const int *cols; /* chosen columns; NULL: the default */
	size_t ncols;
};

/* Writes the view (a may be NULL for EA_LIST_CHECKS). Returns 0, 2 when
 * the view's input is absent or could not be read whole (*why says so: a
 * constant or a string of the audit), or -1 on a write error. */
int ea_list_print(FILE *f, const struct ea_audit *a, enum ea_list_view v,
		  const struct ea_list_opts *o, const char **why);

#endif
