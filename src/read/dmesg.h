/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The kernel log: what the kernel printed about the EFI memory map, the EFI
 * configuration tables, ACPI table addresses, GICv3 LPI tables and ITS tables,
 * kexec-corruption symptoms, the crash kernel, and the kernel itself.
 * Formats, with kernel versions and sources: shared reference
 * kernel-formats.md §1 (EFI map), §2 (config line), §4 (GIC), §5 (ACPI), §7.6.
 */
#ifndef EA_DMESG_H
#define EA_DMESG_H

#include <stdbool.h>
#include <stdint.h>

#include "core/input.h"
#include "core/range.h"

/* EFI memory types (UEFI spec; include/linux/efi.h). */
enum {
	EA_EFI_RESERVED = 0,
	EA_EFI_LOADER_CODE = 1,
	EA_EFI_LOADER_DATA = 2,
	EA_EFI_BOOT_CODE = 3,
	EA_EFI_BOOT_DATA = 4,
	EA_EFI_RUNTIME_CODE = 5,
	EA_EFI_RUNTIME_DATA = 6,
	EA_EFI_CONVENTIONAL = 7,
	EA_EFI_UNUSABLE = 8,
	EA_EFI_ACPI_RECLAIM = 9,
	EA_EFI_ACPI_NVS = 10,
	EA_EFI_MMIO = 11,
	EA_EFI_MMIO_PORT = 12,
	EA_EFI_PAL_CODE = 13,
	EA_EFI_PERSISTENT = 14,
	EA_EFI_UNACCEPTED = 15,
};

/* EFI attribute bits (kernel-formats.md §9). */
#define EA_EFI_MEMORY_UC 0x1ULL
#define EA_EFI_MEMORY_WC 0x2ULL
#define EA_EFI_MEMORY_WT 0x4ULL
#define EA_EFI_MEMORY_WB 0x8ULL
#define EA_EFI_MEMORY_UCE 0x10ULL
#define EA_EFI_MEMORY_WP 0x1000ULL
#define EA_EFI_MEMORY_RP 0x2000ULL
#define EA_EFI_MEMORY_XP 0x4000ULL
#define EA_EFI_MEMORY_NV 0x8000ULL
#define EA_EFI_MEMORY_MORE_RELIABLE 0x10000ULL
#define EA_EFI_MEMORY_RO 0x20000ULL
#define EA_EFI_MEMORY_SP 0x40000ULL
#define EA_EFI_MEMORY_CPU_CRYPTO 0x80000ULL
#define EA_EFI_MEMORY_HOT_PLUGGABLE 0x100000ULL
#define EA_EFI_MEMORY_RUNTIME 0x8000000000000000ULL

/* Short (v5.10+) name of an EFI type, "type=N" style for unknown ones. */
const char *ea_efi_type_name(uint32_t type);

/* One descriptor. A million-descriptor map makes a million of these, so
 * the evidence (the map line) is kept as line, off and len in the input the
 * map was read from, which its owner names (ea_efi_desc_evid()). 40 bytes. */
struct ea_efi_desc {
	struct ea_range r;
	uint64_t attr; /* decoded from the letters or from attr=0x... */
	uint32_t type; /* EA_EFI_*, or the N of "[type=N" */
	uint32_t line; /* 0: no evidence */
	uint32_t off, len;
};

/* The map line of d, read from in. */
static inline struct ea_evid ea_efi_desc_evid(const struct ea_input *in,
					      const struct ea_efi_desc *d)
{
	struct ea_evid e = { d->line ? in : NULL, d->line, d->off, d->len };
	return e;
}

static inline void ea_efi_desc_set_evid(struct ea_efi_desc *d,
					struct ea_evid ev)
{
	d->line = ev.in ? ev.line : 0;
	d->off = ev.off;
	d->len = ev.len;
}

enum ea_efi_map_form {
	EA_EFI_MAP_NONE = 0,
	EA_EFI_MAP_ARM, /* "efi:   0x...-0x... [...]" (arm/arm64/riscv) */
	EA_EFI_MAP_X86, /* "efi: memNN: [...] range=[0x...-0x...] (NMB)" */
};

struct ea_cfg_table {
	char name[24]; /* as printed: "ACPI 2.0", "MEMRESERVE", ... */
	uint64_t addr;
	bool unusable; /* printed as "(NAME=0x... unusable)" */
	struct ea_evid ev;
};

struct ea_acpi_table {
	char sig[5]; /* "RSDP", "XSDT", "FACP", ... ('?' kept) */
	uint64_t addr;
	uint32_t length; /* from the hex length column */
	bool virt;	 /* address is a kernel virtual address */
	struct ea_evid ev;
};

/* x86: "ACPI: Reserving FACP table memory at [mem 0x...-0x...]" */
struct ea_acpi_resv {
	char sig[5];
	struct ea_range r;
	struct ea_evid ev;
};

struct ea_lpi_pending {
	uint32_t cpu;
	uint64_t addr;
	bool reserved; /* "using reserved" (inherited) vs "allocated" */
	struct ea_evid ev;
};

/* "ITS@0x...: allocated N TYPE @ADDR (indirect|flat, esz E, psz PK, shr S)" */
struct ea_its_table {
	uint64_t its_base;
	char type[32]; /* "Devices", "Interrupt Collections", ... */
	uint64_t count;
	uint64_t addr;
	uint32_t psz_kib; /* page size from "psz NK"; 0 when absent */
	bool indirect;
	struct ea_evid ev;
};

enum ea_symptom_kind {
	/* "GICv3: Expected reserved range [a:b], not found" */
	EA_SYM_EXPECTED_RANGE_NOT_FOUND,
	/* "GICv3: CPUn: Booted with LPIs enabled, memory probably corrupted" */
	EA_SYM_LPIS_ENABLED_CORRUPTED,
	/* memblock=debug: "memblock_reserve: [a-b] efi_config_parse_tables+..."
	 * with end < start or an address beyond 2^52: a garbage memreserve
	 * chain (the 2019 Fujitsu report). */
	EA_SYM_MEMRESERVE_GARBAGE,
	/* "Could not map UEFI memreserve entry!" */
	EA_SYM_MEMRESERVE_UNMAPPABLE,
	/* "esrt: Unsupported ESRT version" (2019 x86 kexec_file report) */
	EA_SYM_ESRT_CORRUPTED,
};

struct ea_symptom {
	enum ea_symptom_kind kind;
	bool has_range;
	struct ea_range r; /* when the line names one */
	struct ea_evid ev;
};

/* memblock=debug "memblock_reserve: [0x...-0x...] caller" lines whose caller
 * is efi_config_parse_tables (memreserve chain nodes and entries). */
struct ea_memblock_dbg {
	bool valid;	   /* end >= start */
	struct ea_range r; /* when valid */
	uint64_t start, end;
	struct ea_evid ev;
};

/* A copy of the boot the log holds more than once, left out: the lines
 * skip_first..skip_last repeat kept_first..kept_last (logline.h). */
struct ea_dmesg_repeat {
	uint32_t skip_first, skip_last, kept_first, kept_last;
	struct ea_evid skip_ev, kept_ev; /* the copies' "Linux version" */
};

struct ea_dmesg {
	const struct ea_input *in; /* what was parsed (the maps' evidence) */
	/* The boot EFI map (the first listing; x86's second, runtime listing
	 * after "EFI runtime memory map:" is kept apart). */
	enum ea_efi_map_form map_form;
	EA_VEC(struct ea_efi_desc) efi_map;
	EA_VEC(struct ea_efi_desc) efi_runtime_map; /* x86 second listing */
	bool map_star_seen; /* old "*" (NOMAP) suffix present */
	/* a line the kexec log parser reads (ea_logline_kexec_may_matter()) */
	bool kexec_lines;

	EA_VEC(struct ea_cfg_table) cfg;
	EA_VEC(struct ea_acpi_table) acpi;
	EA_VEC(struct ea_acpi_resv) acpi_resv;

	bool has_lpi_prop;
	uint64_t lpi_prop;
	struct ea_evid lpi_prop_ev;
	EA_VEC(struct ea_lpi_pending) lpi_pending;
	bool gic_preallocated; /* "Using preallocated redistributor tables" */
	EA_VEC(struct ea_its_table) its;

	EA_VEC(struct ea_symptom) symptoms;
	EA_VEC(struct ea_memblock_dbg) memblock_dbg;

	/* "efi: Getting (U)EFI parameters from /chosen in DT:" / "from FDT:"
	 * (printed whether or not UEFI is found: not a sign of UEFI) */
	bool has_chosen;
	/* "efi: UEFI not found." (arm/arm64/riscv efi_init(): no UEFI
	 * parameters in the FDT, so the boot did not go through UEFI) */
	bool uefi_not_found;
	struct ea_evid uefi_not_found_ev;
	bool has_systab, has_mmap_addr, has_mmap_size, has_desc_size,
	    has_desc_ver;
	uint64_t systab, mmap_addr, mmap_size, desc_size, desc_ver;
	struct ea_evid mmap_addr_ev, mmap_size_ev;

	/* "esrt: Reserving ESRT space from 0x... to 0x..." (end exclusive) */
	bool has_esrt_resv;
	struct ea_range esrt_resv;
	struct ea_evid esrt_resv_ev;

	/* "crashkernel reserved: 0x... - 0x... (N MB)" (arm64, end exclusive)
	 * or "Reserving N MB of memory at N MB for crashkernel (System RAM:
	 * N MB)" (x86) */
	bool has_crashkernel;
	struct ea_range crashkernel;
	struct ea_evid crashkernel_ev;

	char *kernel_version; /* "6.1.0-56-cloud-arm64" from "Linux version" */
	char *kernel_banner;  /* the whole "Linux version ..." message */
	struct ea_evid kernel_ev;
	char *machine_model; /* "Machine model: ..." */
	char *cmdline;	     /* "Kernel command line: " / "Command line: " */
	char *efi_banner;    /* "EFI v2.70 by EDK II" */
	struct ea_evid efi_banner_ev;

	/* Architecture hints seen in the text: +1 arm64, +1 x86 per line. */
	unsigned arm64_hints, x86_hints;

	uint32_t lines;	       /* lines read */
	uint32_t kernel_lines; /* lines with a log prefix or a message read */
	size_t wrap; /* the log is hard-wrapped at this width; 0: not */
	EA_VEC(struct ea_dmesg_repeat) repeats; /* copies left out */
	bool starts_at_boot; /* a "Linux version" / "Booting Linux" line seen */
	bool second_kernel;  /* the log shows the kernel was kexec'd/kdump */
};

/* Parses in->data, in any of the forms logline.h lists. Lines it recognises
 * but cannot read go to diags with their line number; unrelated lines are
 * skipped silently (a log is mostly unrelated text), and kernel_lines says
 * whether any line was a kernel log's at all. Never fails: an empty result
 * says nothing was found. */
void ea_dmesg_parse(const struct ea_input *in, struct ea_dmesg *out,
		    struct ea_diags *diags);
void ea_dmesg_free(struct ea_dmesg *d);

/* The first usable configuration table of that name on the efi: line
 * ("ACPI 2.0", "MEMRESERVE"), or NULL. */
const struct ea_cfg_table *ea_dmesg_cfg(const struct ea_dmesg *d,
					const char *name);

#endif
