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
#include "read/sources.h"
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

/*
 * One audit: what the user asked (opt), what the inputs say (src: the
 * readers' results, read/sources.h), what follows from them (m: the
 * loaders' views, the protected ranges and their answers, model/model.h),
 * where a given kernel would land (whatif), and what the checks found
 * (r: findings and the verdict, check/check.h). Each stage writes its own
 * part and reads the earlier ones.
 */
struct ea_audit {
	struct ea_options opt;
	struct ea_sources src;
	struct ea_model m;
	/* the placement what-if, when asked for (placement.h) */
	struct ea_whatif_result *whatif;
	struct ea_result r;
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
