/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The firmware's own structures (firmware.c): the FDT, the EFI memory map
 * buffer, the EFI system table, ACPI from memory, an acpidump, the names
 * under sys/firmware/acpi/tables.
 */
#ifndef EA_FIRMWARE_H
#define EA_FIRMWARE_H

struct ea_input;
struct ea_sources;

void ea_sources_firmware(struct ea_sources *src);
void ea_sources_firmware_free(struct ea_sources *src);
/* A decoded listing that was not made: absent, saying why. */
void ea_listing_absent(struct ea_input *l, const char *why);

#endif
