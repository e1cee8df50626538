/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What the inputs say: every input by role with its bytes and state, and
 * each reader's result. Filled by gathering (a snapshot, the running
 * system, files named on the command line) and by the readers; read, and
 * never written, by the model, the what-if and the checks.
 */
#ifndef EA_READ_SOURCES_H
#define EA_READ_SOURCES_H

#include <stdbool.h>
#include <stdint.h>

#include "core/input.h"
#include "core/tree.h"
#include "read/acpi.h"
#include "read/acpidump.h"
#include "read/devtree.h"
#include "read/dmesg.h"
#include "read/efimap.h"
#include "read/efisystab.h"
#include "read/iomem.h"
#include "read/kconfig.h"
#include "read/kexecbin.h"
#include "read/kexeclog.h"
#include "read/manifest.h"
#include "read/memblock.h"
#include "read/memreserve.h"
#include "read/physmem.h"
#include "read/procinfo.h"
#include "read/runtimemap.h"

/* Inputs by role. Each one is listed in the report, found or not. */
enum ea_input_id {
	EA_IN_DMESG = 0,
	EA_IN_IOMEM,
	EA_IN_MB_MEMORY,
	EA_IN_MB_RESERVED,
	EA_IN_VERSION,
	EA_IN_CMDLINE,
	EA_IN_FW_MEMMAP,
	EA_IN_MEM,
	EA_IN_FDT,	   /* sys/firmware/fdt */
	EA_IN_SYSTAB_FILE, /* sys/firmware/efi/systab ("ACPI20=0x...") */
	EA_IN_ACPI_SYSFS,  /* sys/firmware/acpi/tables/ */
	EA_IN_RUNTIME_MAP, /* sys/firmware/efi/runtime-map/ (x86) */
	EA_IN_ACPIDUMP,	   /* acpidump.txt or --acpidump */
	EA_IN_KEXEC_LOG,   /* kexec.log or --kexec-log: kexec -d output */
	EA_IN_KCONFIG,	   /* proc/config.gz, boot/config-<release> */
	EA_IN_MANIFEST,	   /* a snapshot's MANIFEST (collect.sh) */
	EA_IN_KEXEC_BIN,   /* live: the kexec binary (its version) */
	/* Decoded listings of binary structures: evidence names their lines */
	EA_IN_L_FDT,
	EA_IN_L_EFI_MAP,
	EA_IN_L_SYSTAB,
	EA_IN_L_ACPI_MEM,
	EA_IN_L_ACPI_SYSFS,
	EA_NINPUTS,
};

struct ea_sources {
	struct ea_input in[EA_NINPUTS];
	/* Inputs the caller named that could not be read at all (exit 3),
	 * and the first such failure in words when its reader said it
	 * (ea_sources_fail()); else the headline finds it in the inputs. */
	bool input_failed;
	char *error;
	/* Auditing the running system, and as which user */
	bool live;
	unsigned euid;

	struct ea_dmesg dmesg;
	struct ea_iomem iomem;
	struct ea_memblock mb_memory, mb_reserved;
	struct ea_fw_memmap fw_memmap;
	struct ea_physmem physmem;
	bool has_memreserve;
	uint64_t memreserve_root;
	struct ea_evid memreserve_ev;
	struct ea_memreserve memreserve;
	/* what the readers could not read, with its place */
	struct ea_diags diags;

	/* the firmware's own structures (firmware.c) */
	struct ea_fdt fdt;
	bool has_rsdp;
	uint64_t rsdp; /* from systab ACPI20=, else the "ACPI 2.0" table */
	struct ea_evid rsdp_ev;
	struct ea_runtime_map runtime_map;
	struct ea_efimap efimap; /* the map buffer, from memory */
	bool efimap_read;	 /* ... and it could be read */
	bool has_systab_addr;
	uint64_t systab_addr;
	struct ea_evid systab_addr_ev;
	struct ea_efi_systab systab; /* from memory */
	struct ea_acpi_mem acpi_mem; /* RSDP walk, from memory */
	struct ea_acpidump acpidump;
	/* Where the ACPI tables compare reads sys/firmware/acpi/tables
	 * from: the snapshot's tree or the running system's "/", owned
	 * (closed with the sources); NULL when there is none. It keeps a
	 * snapshot tarball in memory until the audit is freed. */
	struct ea_tree *acpi_sysfs_tree;
	/* the table file names under sys/firmware/acpi/tables ("SSDT2"),
	 * read whatever else is there: a table known by name */
	struct {
		char **v; /* one allocation (ea_tree_list) */
		size_t n;
	} acpi_sysfs_names;
	/* loaded images: segment lists from --kexec-log and from the log */
	struct ea_kexeclog *kexeclog, *kexeclog_dmesg;
	/* the kernel configuration's options that decide the loaders */
	struct ea_kconfig kconfig;
	/* the release proc/version names ("6.1.0-56-cloud-arm64") */
	char *release;
	/* what the collector said of the snapshot and of each item it could
	 * not read (read/manifest.h); known false without one */
	struct ea_manifest manifest;
	/* the version the kexec binary holds (live audits) */
	struct ea_kexec_tools kexec_bin;
};

/* Every input absent, named by its role. */
void ea_sources_init(struct ea_sources *src);
void ea_sources_free(struct ea_sources *src);
/* The role's name ("dmesg", "memblock_reserved", "efi_map_decoded"). */
const char *ea_input_role_name(enum ea_input_id id);

/* A named input could not be read at all: exit 3, and the headline says
 * this (the first one said is kept). */
void ea_sources_fail(struct ea_sources *src, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Gathering (sources.c): a snapshot directory or tarball, or the live
 * system; single files named by the user override either. */
void ea_sources_use_snapshot(struct ea_sources *src, const char *dir);
void ea_sources_use_live(struct ea_sources *src);
/* Names a file for one input (--dmesg FILE, ...). Returns false when it
 * cannot be read at all (the input is marked and input_failed set). */
bool ea_sources_use_file(struct ea_sources *src, enum ea_input_id id,
			 const char *path);
/* Physical memory from a kdump vmcore file (--vmcore). */
bool ea_sources_use_vmcore(struct ea_sources *src, const char *path);

#endif
