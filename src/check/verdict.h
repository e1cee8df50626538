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

#include "model/vocab.h"

struct ea_checking;

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

/* Sets a->verdict, a->summary and a->headline. */
void ea_verdict_decide(struct ea_checking *a);

#endif
