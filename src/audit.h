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

#include "acpi.h"
#include "acpidump.h"
#include "devtree.h"
#include "dmesg.h"
#include "efimap.h"
#include "efisystab.h"
#include "input.h"
#include "iomem.h"
#include "kconfig.h"
#include "memblock.h"
#include "memreserve.h"
#include "physmem.h"
#include "procinfo.h"
#include "range.h"
#include "runtimemap.h"
#include "vocab.h"

#define EA_SCHEMA_VERSION 1

typedef EA_VEC(struct ea_evid) ea_evid_vec;

struct ea_view_src;

/* Two per protected range (48 bytes: the flags share a word). */
struct ea_answer_detail {
	enum ea_answer ans;
	/* decided by the knowledge base (knowledge.c) because the view's
	 * input was missing; kb_row names the row */
	bool inferred;
	bool has_free;	   /* escapes: the free range it meets */
	bool reason_owned; /* reason was formatted for this range (freed) */
	const char *kb_row;
	const char *reason; /* why (always set) */
	struct ea_range free;
	/* the view's source line that makes that memory free (its evidence,
	 * ea_answer_free_evid()), or NULL */
	const struct ea_view_src *free_src;
};

struct ea_protected {
	enum ea_kind kind;
	enum ea_tier tier;
	/* name and note: constants or in the audit's strings (a->strings) */
	const char *name;
	struct ea_range r;
	const char *note;   /* e.g. "size assumed: ..." */
	const char *breaks; /* warning tier: what an overwrite breaks */
	struct ea_answer_detail loader[EA_NLOADERS];
	ea_evid_vec ev;
};

struct ea_finding {
	const char *check; /* stable snake_case id (checks.c table) */
	enum ea_severity sev;
	bool has_range;
	struct ea_range r;
	char *message;
	ea_evid_vec ev;
};

/* A source range of a loader view (System RAM resource, memblock region),
 * kept to name the line that made memory free. Sorted by first. */
struct ea_view_src {
	struct ea_range r;
	struct ea_evid ev;
};

/* The evidence of d->free_src: none when it is NULL. */
static inline struct ea_evid
ea_answer_free_evid(const struct ea_answer_detail *d)
{
	struct ea_evid none = { 0 };
	return d->free_src ? d->free_src->ev : none;
}

struct ea_view {
	bool known;
	char *unknown_reason; /* when !known */
	char *model;	      /* which rule built it, with its source */
	struct ea_rangeset free;
	EA_VEC(struct ea_view_src) src;
};

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
	/* Inputs the caller named that could not be read at all (exit 3). */
	bool input_failed;
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
	enum ea_verdict verdict;
	/* dmesg.efi_map in address order (by range, then print order), as
	 * indices: sorted once for every check that looks descriptors up */
	uint32_t *efi_order;
};

void ea_audit_init(struct ea_audit *a);
void ea_audit_free(struct ea_audit *a);

/* Locating inputs (snapshot.c). A snapshot directory or the live system;
 * single files named by the user override either. */
void ea_audit_use_snapshot(struct ea_audit *a, const char *dir);
void ea_audit_use_live(struct ea_audit *a);
/* Names a file for one input (--dmesg FILE, ...). Returns false when it
 * cannot be read at all (the input is marked and input_failed set). */
bool ea_audit_use_file(struct ea_audit *a, enum ea_input_id id,
		       const char *path);

/* Reads the firmware's own structures (FDT, EFI map buffer, system table,
 * ACPI from memory, acpidump) and cross-checks them with the log
 * (firmware.c); called by ea_audit_run(). */
void ea_audit_firmware(struct ea_audit *a);
void ea_audit_firmware_free(struct ea_audit *a);
/* Protected ranges the firmware structures add (firmware.c). */
void ea_firmware_protected(struct ea_audit *a);

/* Physical memory from a kdump vmcore file (--vmcore). */
bool ea_audit_use_vmcore(struct ea_audit *a, const char *path);

/* Parses what was loaded, decides, runs the checks. */
void ea_audit_run(struct ea_audit *a);

/* Exit status for the verdict (0 clean, 1 escape, 2 incomplete, 3 an input
 * named by the user could not be read at all). */
int ea_audit_exit_code(const struct ea_audit *a);

/* Used by the checks (checks.c). */
struct ea_finding *ea_finding_add(struct ea_audit *a, const char *check,
				  enum ea_severity sev,
				  const struct ea_range *r, const char *fmt,
				  ...) __attribute__((format(printf, 5, 6)));
void ea_finding_evid(struct ea_finding *f, struct ea_evid ev);

struct ea_check {
	const char *id;
	const char *summary; /* one line, for --list-checks and the man page */
	void (*run)(struct ea_audit *a);
};
extern const struct ea_check ea_checks[];
extern const size_t ea_nchecks;

/* Emitters (emit_text.c, emit_json.c). */
#include <stdio.h>
void ea_emit_text(FILE *f, const struct ea_audit *a);
int ea_emit_json(FILE *f, const struct ea_audit *a);
/* The evidence text, made printable (valid UTF-8, no control bytes),
 * at most EA_EVID_MAX bytes; returns a malloc'd string. */
#define EA_EVID_MAX 512
char *ea_evid_text(const struct ea_evid *e);

#endif
