/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The EFI system table and its configuration tables, read from physical
 * memory (UEFI spec 2.x §4.3 EFI_SYSTEM_TABLE, §4.6 EFI_CONFIGURATION_TABLE;
 * include/linux/efi.h efi_system_table_64_t, efi_config_table_64_t;
 * kernel-formats.md §2): the 64-bit table at the address the stub put in
 * /chosen linux,uefi-system-table (arm64; "System Table" in the efi=debug
 * log) or x86 boot_params.efi_info, and its array of {GUID, VendorTable}.
 * Names are those the kernel prints on its "efi:" line
 * (drivers/firmware/efi/efi.c common_tables[], x86 arch_tables[]), so the
 * table read from memory can be compared with the line the kernel printed.
 */
#ifndef EA_EFISYSTAB_H
#define EA_EFISYSTAB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/input.h"
#include "core/range.h"
#include "read/physmem.h"

#define EA_EFI_SYSTAB_SIGNATURE 0x5453595320494249ULL /* "IBI SYST" */
/* More configuration tables than this is taken as a corrupt table. */
#define EA_EFI_MAX_CONFIG_TABLES 1024u

/*
 * A runtime region's virtual mapping. SetVirtualAddressMap() converts the
 * system table's FirmwareVendor and ConfigurationTable pointers to virtual
 * addresses (edk2 RuntimeDxe), so reading them back needs the map the OS
 * installed: x86 runtime-map virt_addr, or the descriptors' VirtualStart in
 * the map the arm64 stub handed over (the kernel's efi_to_phys()). In the
 * real captures x86 maps them at 0xfffffffe..., the 5.10 arm64 stub packs
 * them from 0x20000000, the 6.1 one maps them 1:1.
 */
struct ea_efi_vmap {
	uint64_t virt, phys, size;
};

/* A name the kernel prints on its "efi:" line. */
struct ea_efi_cfg_name {
	const char *name;  /* "ACPI 2.0", "MEMRESERVE", ... */
	const char *guid;  /* lowercase 8-4-4-4-12 */
	const char *macro; /* its include/linux/efi.h name */
	/* first kernel that prints it (0.0: every kernel checked), from
	 * kernel-formats.md §2 */
	unsigned since_major, since_minor;
	bool x86_only; /* in x86 arch_tables[], not common_tables[] */
	bool old_only; /* printed by 4.19-era kernels only */
};

/* The kernel's name for a GUID string (any case), or NULL. */
const struct ea_efi_cfg_name *ea_efi_cfg_name_by_guid(const char *guid);
/* The entry for a name as printed on the "efi:" line, or NULL. */
const struct ea_efi_cfg_name *ea_efi_cfg_name_by_name(const char *name);

struct ea_efi_cfg_entry {
	uint32_t index;
	char guid[37];			     /* lowercase 8-4-4-4-12 */
	const struct ea_efi_cfg_name *kname; /* NULL: the kernel prints none */
	const char *name;		     /* kname->name, or NULL */
	uint64_t addr;			     /* VendorTable, as stored */
	uint64_t at;			     /* physical address of the entry */
	struct ea_evid ev;		     /* its listing line */
};

struct ea_efi_systab {
	uint64_t addr;
	bool header_ok; /* the header was read and is a 64-bit system table */
	bool complete;	/* header_ok and every entry read */
	char *why;	/* why not header_ok or not complete */

	uint32_t revision; /* major << 16 | minor */
	uint32_t header_size;
	uint32_t crc32;
	bool crc_checked;	 /* HeaderSize was small enough to check */
	bool crc_ok;		 /* the stored CRC32 matches the bytes */
	uint32_t crc32_computed; /* when crc_checked */
	uint64_t fw_vendor;	 /* as stored (may be virtual) */
	uint32_t fw_revision;
	char *vendor; /* FirmwareVendor decoded (non-ASCII as '?'), or NULL */
	uint64_t runtime, boottime;
	uint32_t nr_tables;   /* as stored */
	uint64_t tables;      /* ConfigurationTable, as stored */
	uint64_t tables_phys; /* after translation through the vmap */
	bool tables_virtual;  /* tables was translated */

	/* when header_ok: [addr, addr + HeaderSize) */
	struct ea_range hdr_range;
	bool has_tables_range;
	struct ea_range tables_range; /* the entries read or to be read */
	struct ea_evid ev;	      /* the header line of the listing */
	struct ea_evid tables_ev;     /* the NumberOfTableEntries line */
	EA_VEC(struct ea_efi_cfg_entry) entries; /* firmware order */
};

/*
 * Reads the system table at addr through pm. vmap (nvmap entries, may be
 * NULL) translates virtual FirmwareVendor/ConfigurationTable pointers.
 * listing (its name set to "efi_systab" when NULL) gets one line per decoded
 * item, each naming its physical address; its status says whether the table
 * could be read. Problems that do not stop the walk (nr_tables above
 * EA_EFI_MAX_CONFIG_TABLES) go to diags. Returns header_ok.
 */
bool ea_efi_systab_read(const struct ea_physmem *pm, uint64_t addr,
			const struct ea_efi_vmap *vmap, size_t nvmap,
			struct ea_input *listing, struct ea_efi_systab *out,
			struct ea_diags *diags);
void ea_efi_systab_free(struct ea_efi_systab *st);

/* Translates a virtual address through vmap; returns addr unchanged (and
 * *translated false) when no region holds it, as efi_to_phys() does. */
uint64_t ea_efi_vmap_to_phys(const struct ea_efi_vmap *vmap, size_t nvmap,
			     uint64_t addr, bool *translated);

#endif
