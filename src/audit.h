/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The audit: inputs → parsed sources → protected ranges and the two loaders'
 * views of free memory → an answer per protected range and per loader →
 * findings from the table of checks → a verdict. The emitters only format
 * what is decided here.
 */
#ifndef EA_AUDIT_H
#define EA_AUDIT_H

#include <stdbool.h>
#include <stdint.h>

#include "check/check.h"
#include "check/cross_acpi.h"
#include "check/cross_efimap.h"
#include "check/cross_systab.h"
#include "check/verdict.h"
#include "core/input.h"
#include "core/range.h"
#include "model/boots.h"
#include "model/expect.h"
#include "model/knowledge.h"
#include "model/model.h"
#include "model/overlap.h"
#include "model/vocab.h"
#include "read/acpi.h"
#include "read/acpidump.h"
#include "read/devtree.h"
#include "read/dmesg.h"
#include "read/efimap.h"
#include "read/efisystab.h"
#include "read/iomem.h"
#include "read/kconfig.h"
#include "read/memblock.h"
#include "read/memreserve.h"
#include "read/physmem.h"
#include "read/procinfo.h"
#include "read/runtimemap.h"
#include "report/report.h"

#define EA_SCHEMA_VERSION 1

/* The placement what-if (--kernel, --initrd, ...): what the user asked to
 * place. Files are read by ea_audit_run() (whatif.c); sizes given as
 * numbers stand in for files. */
struct ea_whatif {
	bool on;
	/* which loaders to model: bit (1 << enum ea_loader); 0: every one
	 * modelled for the architecture */
	unsigned loaders;
	const char *kernel_path, *initrd_path, *dtb_path;
	const char *cmdline;	 /* the next kernel's command line */
	const char *rules_of;	 /* kernel release whose rules apply */
	const char *kexec_tools; /* kexec-tools version to model */
	bool has_kernel_size, has_text_offset, has_initrd_size, has_dtb_size,
	    has_page_size;
	uint64_t kernel_size, text_offset, initrd_size, dtb_size, page_size;
	bool crash, no_cma, kho_off;
};

struct ea_options {
	enum ea_arch arch; /* forced with --arch; UNKNOWN = detect */
	struct ea_whatif whatif;
};

struct ea_whatif_result; /* placement.h */

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
	/* Decoded listings of binary structures: evidence names their lines */
	EA_IN_L_FDT,
	EA_IN_L_EFI_MAP,
	EA_IN_L_SYSTAB,
	EA_IN_L_ACPI_MEM,
	EA_IN_L_ACPI_SYSFS,
	EA_NINPUTS,
};

struct ea_audit {
	struct ea_options opt;
	struct ea_input in[EA_NINPUTS];
	/* Inputs the caller named that could not be read at all (exit 3),
	 * and the first such failure in words when its reader said it
	 * (ea_audit_fail()); else the headline finds it in the inputs. */
	bool input_failed;
	char *error;
	/* Auditing the running system, and as which user */
	bool live;
	unsigned euid;

	/* parsed */
	struct ea_dmesg dmesg;
	struct ea_iomem iomem;
	struct ea_memblock mb_memory, mb_reserved;
	struct ea_fw_memmap fw_memmap;
	struct ea_physmem physmem;
	bool has_memreserve;
	uint64_t memreserve_root;
	struct ea_evid memreserve_ev;
	struct ea_memreserve memreserve;
	struct ea_diags diags;

	/* the firmware's own structures (firmware.c) */
	struct ea_fdt fdt;
	bool has_rsdp;
	uint64_t rsdp; /* from systab ACPI20=, else the "ACPI 2.0" table */
	struct ea_evid rsdp_ev;
	struct ea_runtime_map runtime_map;
	struct ea_efimap efimap;	 /* the map buffer, from memory */
	struct ea_efimap_cmp efimap_cmp; /* ... against the printed one */
	bool has_systab_addr;
	uint64_t systab_addr;
	struct ea_evid systab_addr_ev;
	struct ea_efi_systab systab;	     /* from memory */
	struct ea_systab_cmps systab_cmp;    /* ... against the efi: line */
	struct ea_acpi_mem acpi_mem;	     /* RSDP walk, from memory */
	struct ea_acpi_cmp_result acpi_cmp;  /* ... against the log */
	struct ea_acpi_sysfs_cmp acpi_sysfs; /* ... against sysfs contents */
	struct ea_acpidump acpidump;
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
	/* the placement what-if, when asked for (placement.h) */
	struct ea_whatif_result *whatif;

	/* derived */
	enum ea_arch arch;
	const char *arch_source; /* "--arch", "kernel version", ... */
	char *kernel;		 /* release, e.g. "6.1.0-56-cloud-arm64" */
	unsigned kmajor, kminor, kpatch;
	bool kversion_known;
	/* the release as the knowledge base reads it (with the banner) */
	struct ea_kver kver;
	/* what the knowledge base needs to know of this boot (UEFI, a
	 * MEMRESERVE table, an ITS), decided once by kb_facts() in audit.c;
	 * the inferences, the remedies and the checks read it */
	struct ea_kb_facts facts;
	struct ea_rangeset system_ram; /* iomem top-level System RAM */
	/* memblock.reserved normalized, once for every reader */
	struct ea_rangeset mb_reserved_set;
	struct ea_view view[EA_NLOADERS];
	EA_VEC(struct ea_protected) prot;
	/* Indices into prot of the ranges each check looks at, made in one
	 * pass after the answers: a check walks its list instead of every
	 * 200-byte range (a million of them on a large chain). */
	struct {
		EA_VEC(uint32_t) escaping; /* an escape from either loader */
		EA_VEC(uint32_t) acpi;	   /* ACPI tables */
		EA_VEC(uint32_t) lpi;	   /* LPI property and pending tables */
		/* MEMRESERVE nodes and entries, and LPI tables sized from a
		 * chain entry */
		EA_VEC(uint32_t) chain;
	} prot_lists;
	struct ea_strpool strings; /* names and notes formatted for them */
	EA_VEC(struct ea_finding) findings;
	/* what must be found, and whether it was (model/expect.h) */
	struct ea_expect expect;
	/* clues that the inputs come from two boots (model/boots.h) */
	struct ea_boots boots;
	enum ea_verdict verdict;
	struct ea_summary summary;
	char *headline; /* the report's first line (check/verdict.c) */
	/* dmesg.efi_map in address order (by range, then print order), as
	 * indices: sorted once for every check that looks descriptors up */
	uint32_t *efi_order;
};

void ea_audit_init(struct ea_audit *a);
void ea_audit_free(struct ea_audit *a);

/* A named input could not be read at all: exit 3, and the headline says
 * this (the first one said is kept). */
void ea_audit_fail(struct ea_audit *a, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Parses what was loaded, decides, runs the checks. */
void ea_audit_run(struct ea_audit *a);

/* Exit status for the verdict (0 clean, 1 escape, 2 incomplete, 3 error:
 * an input named by the user could not be read at all). */
int ea_audit_exit_code(const struct ea_audit *a);

#endif
