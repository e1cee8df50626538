/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The model: what each loader would treat as free (a view per loader, with
 * the source line behind every free range), the ranges that must survive a
 * kexec, and the answer for each pair. Built by the model stage (src/model/) from
 * the readers' results; read by the what-if, the checks and the reports.
 */
#ifndef EA_MODEL_H
#define EA_MODEL_H

#include <stdbool.h>
#include <stdint.h>

#include "core/input.h"
#include "core/range.h"
#include "core/util.h"
#include "model/boots.h"
#include "model/expect.h"
#include "model/knowledge.h"
#include "model/vocab.h"
#include "read/sources.h"

typedef EA_VEC(struct ea_evid) ea_evid_vec;

struct ea_view_src;

/* Two per protected range (48 bytes: the flags, the row and the cause
 * share two words). */
struct ea_answer_detail {
	enum ea_answer ans;
	/* decided by the knowledge base (knowledge.c) because the view's
	 * input was missing; kb_row names the row (ea_answer_kb_row()) */
	bool inferred;
	bool has_free;	   /* escapes: the free range it meets */
	bool reason_owned; /* reason was formatted for this range (freed) */
	uint8_t kb_row;	   /* enum ea_kb_id + 1; 0: no row */
	/* escapes: why, as the knowledge base tells causes apart, decided by
	 * the audit (enum ea_kb_cause_id; what to do is the cause's,
	 * ea_answer_what_to_do()); EA_KB_CAUSE_NONE otherwise */
	uint8_t cause;
	const char *reason; /* why (always set) */
	struct ea_range free;
	/* the view's source line that makes that memory free (its evidence,
	 * ea_answer_free_evid()), or NULL */
	const struct ea_view_src *free_src;
};

/* The key of the knowledge-base row that decided d, or NULL. */
static inline const char *ea_answer_kb_row(const struct ea_answer_detail *d)
{
	return d->kb_row && d->kb_row <= EA_KB_NROWS
		   ? ea_kb_rows[d->kb_row - 1].key
		   : NULL;
}

/* What to do about an escape (a constant of the knowledge base), or
 * NULL for an answer that is not one. */
static inline const char *ea_answer_what_to_do(const struct ea_answer_detail *d)
{
	return ea_kb_cause_get(d->cause)->what_to_do;
}

struct ea_protected {
	enum ea_kind kind;
	enum ea_tier tier;
	/* "kind@0x<first>", "#N" from the second range of a kind at one
	 * address on (ea_model_ids()): what a report's reader, a baseline or
	 * a corpus keys the range by; in the audit's strings */
	const char *id;
	/* name and note: constants or in the audit's strings (a->strings) */
	const char *name;
	struct ea_range r;
	const char *note;   /* e.g. "size assumed: ..." */
	const char *breaks; /* warning tier: what an overwrite breaks */
	struct ea_answer_detail loader[EA_NLOADERS];
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

/* Whether the running kernel has a loader at all. */
enum ea_built {
	EA_BUILT_UNKNOWN = 0, /* no configuration says: taken as built */
	EA_BUILT_YES,
	EA_BUILT_NO, /* its escapes are latent risks, not this kernel's */
};

struct ea_view {
	bool known;
	char *unknown_reason; /* when !known */
	char *model;	      /* which rule built it, with its source */
	struct ea_rangeset free;
	/* arm64 kexec_load: the lines inside System RAM that kexec-tools
	 * 2.0.21 and later keep off (f736104) and 2.0.20 and older use, and
	 * which of them this is. With the version unknown they are not in
	 * free, the newer rules assumed, and a range they hold is protected
	 * with tools_why (the assumption) as its reason; with an old one
	 * they are in free, and a range only they hold escapes because of
	 * kexec-tools. */
	struct ea_rangeset tools_only;
	enum ea_view_tools {
		EA_VIEW_TOOLS_NA = 0,
		EA_VIEW_TOOLS_UNKNOWN,
		EA_VIEW_TOOLS_OLD,
		EA_VIEW_TOOLS_NEW,
	} tools;
	char *tools_why;
	EA_VEC(struct ea_view_src) src;
	/* from the kernel configuration (views.c ea_model_built()); why is
	 * a constant or in the model's strings, ev the configuration line
	 * that says it, when one does */
	enum ea_built built;
	const char *built_why;
	struct ea_evid built_ev;
};

/* What follows from the sources: the architecture and kernel release, the
 * facts the knowledge base needs, each loader's view of free memory, the
 * ranges that must survive a kexec with an answer per loader, what was
 * expected to be found, and clues of two boots. Built by the model
 * (views.c, protect.c, expect.c, boots.c) from the sources. */
struct ea_model {
	enum ea_arch arch;
	const char *arch_source; /* "--arch", "kernel version", ... */
	char *kernel;		 /* release, e.g. "6.1.0-56-cloud-arm64" */
	unsigned kmajor, kminor, kpatch;
	bool kversion_known;
	/* the release as the knowledge base reads it (with the banner) */
	struct ea_kver kver;
	/* what the knowledge base needs to know of this boot (UEFI, a
	 * MEMRESERVE table, an ITS), decided once by ea_expect_facts(); the
	 * inferences, the remedies and the checks read it */
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
	/* what must be found, and whether it was (model/expect.h) */
	struct ea_expect expect;
	/* clues that the inputs come from two boots (model/boots.h) */
	struct ea_boots boots;
	/* dmesg.efi_map in address order (by range, then print order), as
	 * indices: sorted once for every check that looks descriptors up */
	uint32_t *efi_order;
};

/* What the model is built from and into: the sources, read-only, and the
 * model being built. */
struct ea_build {
	const struct ea_sources *src;
	struct ea_model *m;
	/* the kexec-tools version the user gave (--kexec-tools), or NULL */
	const char *kexec_tools;
};

/* The sources and the finished model, both read-only: what the what-if is
 * computed from. */
struct ea_world {
	const struct ea_sources *src;
	const struct ea_model *m;
};

void ea_model_init(struct ea_model *m);
void ea_model_free(struct ea_model *m);

#endif
