/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The firmware's own structures (firmware.c): the FDT, the EFI memory map
 * buffer, the EFI system table, ACPI from memory, an acpidump, the names
 * under sys/firmware/acpi/tables.
 */
#ifndef EA_FIRMWARE_H
#define EA_FIRMWARE_H

struct ea_audit;

/* Reads the firmware's own structures (FDT, EFI map buffer, system table,
 * ACPI from memory, acpidump) and cross-checks them with the log
 * (firmware.c); called by ea_audit_run(). */
void ea_audit_firmware(struct ea_audit *a);
void ea_audit_firmware_free(struct ea_audit *a);

#endif
