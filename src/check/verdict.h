/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The verdict and its headline, decided once from the answers, the
 * findings and the expectations; both reports print them as they are.
 *  - error: an input named on the command line could not be read at all
 *    (exit 3); the headline names it, then says what the rest showed;
 *  - escape: a critical range escapes a loader this kernel has (one the
 *    kernel configuration does not rule out), is overwritten by a loaded
 *    image or by the what-if's placement, or the log shows an overwrite;
 *    an escape from a loader the kernel is built without is a latent risk,
 *    counted apart and said in the headline, never an escape;
 *  - incomplete: no escape, but the audit could not see everything: the
 *    headline names the first cause;
 *  - clean: none of these.
 */
#ifndef EA_VERDICT_H
#define EA_VERDICT_H

#include <stddef.h>
#include <stdint.h>

#include "core/util.h"
#include "model/knowledge.h"
#include "model/vocab.h"

struct ea_checking;
struct ea_view_src;

/* Counts the reports print (JSON "summary"). */
struct ea_summary {
	size_t critical;	     /* critical protected ranges */
	size_t critical_escaping;    /* of them: escape or are overwritten */
	size_t escapes[EA_NLOADERS]; /* critical ranges escaping a loader,
					built or not */
	/* critical ranges that escape only loaders this kernel is built
	 * without (and no load or what-if overwrites) */
	size_t latent;
	unsigned latent_loaders; /* bit (1 << enum ea_loader): whose */
	size_t unknown;		 /* critical ranges with an unknown answer */
	size_t inferred;	 /* critical answers inferred */
	size_t warning_escaping; /* warning-tier ranges that escape */
	size_t findings[4];	 /* by enum ea_severity */
};

/* A range that escapes with a cause, and from which loaders. */
struct ea_cause_range {
	uint32_t prot;	  /* index into the model's protected ranges */
	uint8_t loaders;  /* bits (1 << enum ea_loader) */
	uint8_t inferred; /* bits: of those answers, the inferred ones */
};

/*
 * The escapes of one cause (model/knowledge.h, struct ea_kb_cause): which
 * loaders they escape, how many ranges of each tier and kind, the view
 * line that frees them, and the ranges, in the protected ranges' order.
 * One per cause, so that its why and what to do are said once; decided
 * with the verdict, printed by both reports.
 */
struct ea_cause {
	const struct ea_kb_cause *kb;
	unsigned loaders;	      /* bits (1 << enum ea_loader) */
	size_t critical, warning;     /* ranges by tier */
	size_t escapes[EA_NLOADERS];  /* escaping answers per loader */
	size_t inferred[EA_NLOADERS]; /* of them inferred */
	size_t kinds[EA_NKINDS];      /* ranges per kind */
	/* the view line that makes every seen escape from loader l free,
	 * when it is one line (else NULL); free_lines: how many lines (in
	 * address order, a line met again after another counts again) */
	const struct ea_view_src *free_src[EA_NLOADERS];
	size_t free_lines[EA_NLOADERS];
	EA_VEC(struct ea_cause_range) ranges;
};

/* Sets a->verdict, a->summary, a->causes, a->brief and a->headline. */
void ea_verdict_decide(struct ea_checking *a);
void ea_cause_free(struct ea_cause *c);

#endif
