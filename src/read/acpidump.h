/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * acpidump's text output, the format acpixtract reads. Defined by ACPICA
 * source/tools/acpidump/apdump.c ApDumpTableBuffer(): a header line
 * "%4.4s @ 0x%8.8X%8.8X" (the RSDP's signature "RSD PTR " prints as "RSD "),
 * then AcpiUtDumpBuffer() lines "%8.4X: " + up to 16 "%02X " + padding +
 * the ASCII column, then one blank line; and by what acpixtract accepts
 * (source/tools/acpixtract/axutils.c AxIsDataBlockHeader(),
 * AxConvertToBinary()): any "<sig> @ <addr>" line not starting with a
 * blank, "RSD PTR @ 0x..." of the older pmtools acpidump, "(nil)" for an
 * address, hex lines starting with a blank, lower-case hex.
 *
 * acpidump's default on Linux reads /sys/firmware/acpi/tables (no
 * addresses there): every header then says "@ 0x0000000000000000", and the
 * parse says the addresses are unusable.
 */
#ifndef EA_ACPIDUMP_H
#define EA_ACPIDUMP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/input.h"
#include "read/acpi.h"

#define EA_ACPIDUMP_MAX_TABLE ((size_t)16 << 20)
#define EA_ACPIDUMP_MAX_TABLES 10000

struct ea_acpidump_table {
	char sig[5];   /* from the header line; "RSDP" for "RSD PTR"/"RSD " */
	bool has_addr; /* false for "(nil)" */
	uint64_t addr; /* as printed; 0 in sysfs mode */
	unsigned char *bytes;
	size_t len;	 /* bytes decoded */
	bool has_length; /* enough bytes for the table's own length field */
	uint32_t length; /* that field (RSDP: 20, or Length @20 if rev >= 2) */
	/* length bytes, no more, no fewer, and no malformed line */
	bool complete;
	enum ea_acpi_csum csum; /* UNVERIFIED unless complete; NONE: FACS */
	uint32_t first_line, last_line;
	struct ea_evid ev; /* the header line */
};

struct ea_acpidump {
	EA_VEC(struct ea_acpidump_table) tables;
	/* Every table's address is 0 (or "(nil)"): acpidump read sysfs;
	 * the addresses say nothing about where the tables are. */
	bool addresses_zero;
	uint32_t lines;	  /* lines read */
	uint32_t ignored; /* lines outside any table (mail text, banners) */
};

/* Parses in->data. Malformed lines are diags with their line number; a
 * table with one is kept, not complete. Never fails. */
void ea_acpidump_parse(const struct ea_input *in, struct ea_acpidump *out,
		       struct ea_diags *diags);
void ea_acpidump_free(struct ea_acpidump *d);

#endif
