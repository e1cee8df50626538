/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The knowledge base: one row per kernel or kexec-tools change that decides
 * whether a range that must survive a kexec is protected from a loader, or
 * where a loader puts its segments. Each row names its commit, the first
 * mainline (or kexec-tools) release carrying it and the stable releases that
 * carry a backport, each marked verified or not. Sources: shared reference
 * kernel-formats.md §3.3, §4, §8, §11 and kexec-tools-placement.md §3, §7,
 * checked against linux-stable-rc pushes, stable review mails and tip-bot
 * mails found through the code index (cited per row in knowledge.c).
 *
 * Version numbers decide little on their own: stable and vendor kernels
 * backport out of order. The audit asks this table only when a view's input
 * is missing, and marks the answer "inferred" with the row that decided it.
 */
#ifndef EA_KNOWLEDGE_H
#define EA_KNOWLEDGE_H

/* The knowledge base's version, in the JSON report (tool): one more each
 * time a row or what the inferences make of the rows changes, so that two
 * reports of one machine that differ can be told apart by it. A row
 * changed without a new version fails test_knowledge (its digest of the
 * rows and causes). */
#define EA_KB_VERSION 3

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/input.h"
#include "model/vocab.h"

/* A kernel release as far as a release string and a banner tell it. */
struct ea_kver {
	bool known;
	unsigned major, minor, patch;
	/* false when the third number is a distribution ABI number
	 * ("5.10.0-32-cloud-arm64") and no banner gave the real sublevel */
	bool patch_known;
	unsigned rc; /* 0: a release; N: vX.Y-rcN */
	/* a build from the merge window before vX.Y-rc1 (Fedora "-0.rc0."):
	 * vX.(Y-1) and part of what vX.Y merged */
	bool prerelease;
	bool local; /* "+" or "-dirty": a locally built tree */
	/* a git describe suffix ("5.5.0-00001-g2028a3b"): commits past the
	 * tag, which is the release read */
	bool git;
	/* a vendor kernel that backports widely (RHEL, SLES, Amazon): its
	 * version number says little about which fixes it carries */
	bool vendor;
	char distro[16]; /* "Debian", "Ubuntu", "Fedora", "RHEL", "SUSE", "" */
	char text[96];	 /* what was understood, for messages */
};

/* Parses upstream ("6.6", "6.1.112", "5.4.1+"), release candidates
 * ("5.4.0-rc7"), git describe ("5.5.0-00001-g2028a3b",
 * "6.12.0-rc3-00012-gabcdef"), Debian ("6.1.0-26-arm64"), Ubuntu
 * ("5.15.0-91-generic"), Fedora ("6.5.6-300.fc39.aarch64"), RHEL
 * ("4.18.0-477.10.1.el8_8.aarch64") and SUSE ("5.14.21-150500.55.19-default")
 * release strings, and takes the real sublevel from a Debian banner ("...
 * #1 SMP Debian 5.10.223-1 (2024-08-10)") or an Ubuntu one ("... (Ubuntu
 * 5.15.0-91.101-generic 5.15.131)") when one is given (banner may be NULL).
 * false (and v->known false) when no X.Y is found. */
bool ea_kver_parse(const char *release, const char *banner, struct ea_kver *v);

enum ea_kb_id {
	EA_KB_MEMRESERVE_TABLE = 0, /* 71e0940d52e1, v4.20 */
	EA_KB_CHAIN_LAYOUT,	    /* 80424b02d42b, v5.0 */
	EA_KB_ARM64_KEXEC_FILE,	    /* 52b2a8af7436, v5.0 */
	EA_KB_MEMRESERVE_IOMEM,	    /* ab0eb16205b4, v5.5, 5.4.7 */
	EA_KB_X86_ESRT_E820,	    /* af1648984828, v5.5, 5.4.11 ... */
	EA_KB_ARM64_CRASH_FILE,	    /* 3751e728cef2, v5.7 */
	EA_KB_ARM64_RETRY,	    /* 108aa503657e, v5.10 */
	EA_KB_MEMRESERVE_MEMBLOCK,  /* 2bab693a608b, v5.14-rc2 + stable */
	EA_KB_LPI_PENDING_ONLINE,   /* d23bc2bc1d63, v5.17 */
	EA_KB_TOPDOWN_START,	    /* 18d565ea95fe, v6.8 */
	EA_KB_REVERSE_RAM_WALK,	    /* b3ba234171cd, v6.8 */
	EA_KB_X86_TDX_MEMBLOCK,	    /* abe8dbab8f9f, v6.8 */
	EA_KB_X86_PREF_ADDRESS,	    /* 43b1d3e68ee7, v6.9 */
	EA_KB_KHO,		    /* v6.16 */
	EA_KB_IMA_NO_CRASH,	    /* fe3aebf27dc1, v6.16 + 6.12.y */
	EA_KB_CMA,		    /* 07d24902977e, v6.17 */
	EA_KB_KEXEC_TOOLS_EXCLUDE,  /* kexec-tools f736104, 2.0.21 */
	EA_KB_NROWS
};

enum ea_kb_scope {
	EA_KB_PROTECTS,	 /* decides whether a kind is in a loader's view */
	EA_KB_PLACEMENT, /* changes where a loader puts segments */
	EA_KB_BYPASS,	 /* the loader may not use its hole search at all */
	EA_KB_FORMAT,	 /* a data format the next kernel reads */
};

/* What a row's effect needs besides the kernel version (bits). */
enum ea_kb_need {
	/* the boot went through UEFI: the EFI stub ran */
	EA_KB_NEED_UEFI = 1u << 0,
	/* this boot has a LINUX_EFI_MEMRESERVE table: seen, or implied by a
	 * UEFI boot of a kernel whose stub installs one (71e0940d52e1) */
	EA_KB_NEED_MEMRESERVE = 1u << 1,
};

struct ea_kb_stable {
	unsigned major, minor, patch;
	bool verified; /* seen in a stable release or stable-rc push */
};

#define EA_KB_MAX_STABLE 4

struct ea_kb_row {
	enum ea_kb_id id;
	const char *key;     /* stable snake_case id (JSON) */
	const char *project; /* "linux" or "kexec-tools" */
	const char *commit;  /* abbreviated commit id */
	const char *subject;
	/* first release: linux vX.Y (rc = first -rcN carrying it, 0 when not
	 * known); kexec-tools X.Y.Z */
	unsigned major, minor, patch, rc;
	bool release_verified;
	struct ea_kb_stable stable[EA_KB_MAX_STABLE];
	size_t nstable;
	/* stable series that carry it at an unverified release */
	const char *stable_unverified;
	unsigned arches;  /* bit (1 << enum ea_arch) */
	unsigned loaders; /* bit (1 << enum ea_loader) */
	enum ea_kb_scope scope;
	unsigned needs; /* bits of enum ea_kb_need */
	const char *effect;
	/* what to do about an escape this row explains (a kernel without
	 * the change); NULL for rows that explain none */
	const char *what_to_do;
	const char *source; /* where the facts were checked */
};

extern const struct ea_kb_row ea_kb_rows[EA_KB_NROWS];
const struct ea_kb_row *ea_kb_get(enum ea_kb_id id);

enum ea_kb_have { EA_KB_NO = 0, EA_KB_YES, EA_KB_MAYBE };

/* Does a kernel (or, for kexec-tools rows, a kexec-tools version given as
 * major.minor.patch in v) carry the row's change? MAYBE when the version is
 * unknown, the sublevel is unknown within a series that has a backport, a
 * release candidate sits in the cycle whose first -rc is not known, or the
 * kernel is a vendor kernel. why (may be NULL) gets one sentence. */
enum ea_kb_have ea_kb_carries(const struct ea_kb_row *row,
			      const struct ea_kver *v, char *why,
			      size_t whylen);

/* "2bab693a608b (v5.14-rc2; stable 5.13.6, 5.10.54, 5.4.136)" */
void ea_kb_describe(const struct ea_kb_row *row, char *buf, size_t len);

/* ---- boot facts ------------------------------------------------------ */

enum ea_fact { EA_FACT_UNKNOWN = 0, EA_FACT_NO, EA_FACT_YES };

struct ea_kb_fact {
	enum ea_fact v;
	const char *why;   /* what decided it (a constant); NULL when unset */
	struct ea_evid ev; /* the line that shows it, when one does */
};

/* The kexec-tools version, when known (kexec_load answers need it). */
struct ea_kb_tools {
	bool known;
	unsigned major, minor, patch;
};

/* What the inferences need to know of the boot besides the kernel version,
 * decided once by the audit from the readers' results. */
struct ea_kb_facts {
	struct ea_kb_fact uefi;	      /* booted through UEFI (the EFI stub) */
	struct ea_kb_fact memreserve; /* a LINUX_EFI_MEMRESERVE table */
	struct ea_kb_fact its;	      /* a GICv3 ITS, so LPI tables */
	/* x86: kexec_file walks memblock (CONFIG_ARCH_KEEP_MEMBLOCK), not
	 * the System RAM resources */
	struct ea_kb_fact x86_mb_walk;
	/* kexec-tools' version (--kexec-tools, the MANIFEST, the kexec
	 * binary): kexec_tools.v YES when known, the version in tools */
	struct ea_kb_fact kexec_tools;
	struct ea_kb_tools tools;
};

/* Whether a row's needs (enum ea_kb_need bits) hold on this boot: NO when
 * one does not, UNKNOWN when one is not known; why (may be NULL) gets the
 * fact's why for the first that does not hold. f may be NULL (nothing
 * known). */
enum ea_fact ea_kb_needs_hold(unsigned needs, const struct ea_kver *v,
			      const struct ea_kb_facts *f, const char **why);

/* How the kernel keeps a range it found (EFI configuration tables, in
 * drivers/firmware/efi/): efi_mem_reserve() (memblock_reserve() and, on
 * x86, an e820 reserved entry), or memblock_reserve() alone. */
enum ea_kb_keep {
	EA_KB_KEEP_UNKNOWN = 0,
	EA_KB_KEEP_EFI_MEM_RESERVE,
	EA_KB_KEEP_MEMBLOCK,
};

/* Where the protected range came from. */
enum ea_kb_origin {
	EA_KB_ORIGIN_UNKNOWN = 0,
	EA_KB_ORIGIN_THIS_BOOT, /* allocated by the running kernel */
	EA_KB_ORIGIN_INHERITED, /* read from the chain a previous kernel left */
	/* inside a device-tree reservation (/memreserve/ or a
	 * /reserved-memory node with a reg): memblock_reserve()d at boot,
	 * whatever made the range */
	EA_KB_ORIGIN_DT_RESERVED,
};

/* What the knowledge base is asked about: a range of a kind, a loader, on
 * this kernel and boot. */
struct ea_kb_query {
	enum ea_arch arch;
	const struct ea_kver *kernel;	 /* NULL: version unknown */
	const struct ea_kb_facts *facts; /* NULL: nothing known */
	const struct ea_kb_tools *tools; /* NULL: kexec-tools unknown */
	enum ea_kind kind;
	enum ea_kb_origin origin;
	enum ea_kb_keep keep;
	enum ea_loader loader;
};

/* ---- causes of an escape ---------------------------------------------- */

/* Why a range escapes a loader, as the knowledge base tells causes apart:
 * one per remedy. The reports group escapes by cause and print its why and
 * what to do once (check/verdict.h, struct ea_cause). */
enum ea_kb_cause_id {
	EA_KB_CAUSE_NONE = 0,
	EA_KB_CAUSE_MEMRESERVE_TABLE,	 /* kernel before v4.20 */
	EA_KB_CAUSE_CHAIN_LAYOUT,	 /* across the v5.0 chain layout */
	EA_KB_CAUSE_MEMRESERVE_IOMEM,	 /* kernel lacks ab0eb16205b4 */
	EA_KB_CAUSE_IOMEM_HAS_FIX,	 /* ... has it, yet not in iomem */
	EA_KB_CAUSE_MEMRESERVE_MEMBLOCK, /* kernel lacks 2bab693a608b */
	EA_KB_CAUSE_MEMBLOCK_HAS_FIX,	 /* ... has it, yet free */
	EA_KB_CAUSE_LPI_PENDING_ONLINE,	 /* a CPU not yet online */
	EA_KB_CAUSE_KEXEC_TOOLS,	 /* kexec-tools before 2.0.21 */
	EA_KB_CAUSE_NO_MEMRESERVE,	 /* a boot without the table */
	EA_KB_CAUSE_X86_ESRT_E820,	 /* x86 kernel lacks af1648984828 */
	EA_KB_CAUSE_X86_MEMBLOCK_ONLY,	 /* ... has it, table in RAM */
	EA_KB_CAUSE_ACPI_FIRMWARE,	 /* ACPI table in usable memory */
	EA_KB_CAUSE_EFI_MEMMAP,		 /* the EFI memory map buffer */
	EA_KB_CAUSE_OTHER,
	EA_KB_NCAUSES
};

struct ea_kb_cause {
	enum ea_kb_cause_id id;
	const char *key; /* stable snake_case id (JSON causes[].cause) */
	/* the knowledge-base row it is about; EA_KB_NROWS: none */
	enum ea_kb_id row;
	const char *why; /* one sentence: why such a range is free memory */
	/* what to do about it (JSON what_to_do, on the cause and on each
	 * escaping answer); never a fix the kernel already has */
	const char *what_to_do;
};

extern const struct ea_kb_cause ea_kb_causes[EA_KB_NCAUSES];
/* The cause id (enum ea_kb_cause_id) as an entry; NONE for one out of
 * range. */
const struct ea_kb_cause *ea_kb_cause_get(unsigned id);

struct ea_kb_inference {
	enum ea_answer ans;	     /* escapes, protected or unknown */
	const struct ea_kb_row *row; /* the row that decided; NULL if none */
	bool uncertain; /* a stable or vendor backport may change it */
	char *reason;	/* always set; starts "inferred: " */
	char *caveat;	/* NULL, or a condition the answer depends on */
	/* escapes: the cause and what to do (its what_to_do); NONE and
	 * NULL otherwise, or when the row names no remedy */
	enum ea_kb_cause_id cause;
	const char *what_to_do;
};

/* The answer the knowledge base gives for a protected kind and a loader,
 * when the loader's view could not be built from the inputs. An inference
 * is applied only when what it needs holds (enum ea_kb_need): a row whose
 * needs are not known leaves the answer unknown, saying why; LPI tables on
 * a boot without a MEMRESERVE table escape both loaders on any kernel. */
void ea_kb_infer(const struct ea_kb_query *q, struct ea_kb_inference *out);
void ea_kb_inference_free(struct ea_kb_inference *x);

/* The cause of an escape of a range of q->kind from q->loader (seen in the
 * loader's view, or inferred), as the knowledge base sees it, with its
 * remedy. It never names a fix the kernel already has (mainline, or a
 * stable release of the row's table). */
const struct ea_kb_cause *ea_kb_cause_of(const struct ea_kb_query *q);
/* What to do about it: ea_kb_cause_of(q)->what_to_do. A constant. */
const char *ea_kb_what_to_do(const struct ea_kb_query *q);

#endif
