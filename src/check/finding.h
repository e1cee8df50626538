/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Findings (finding.c): a check adds them with its entry (check.h, struct
 * ea_check); once every check has run they are put in report order
 * (severity, check id, range, message) and given their ids.
 */
#ifndef EA_CHECK_FINDING_H
#define EA_CHECK_FINDING_H

#include "core/input.h"
#include "model/vocab.h"

struct ea_check;
struct ea_checking;
struct ea_finding;
struct ea_range;
struct ea_result;

/* A finding of check ck, with the entry's severity or with sev. */
struct ea_finding *ea_finding_add(struct ea_checking *a,
				  const struct ea_check *ck,
				  const struct ea_range *r, const char *fmt,
				  ...) __attribute__((format(printf, 4, 5)));
struct ea_finding *
ea_finding_add_sev(struct ea_checking *a, const struct ea_check *ck,
		   enum ea_severity sev, const struct ea_range *r,
		   const char *fmt, ...) __attribute__((format(printf, 5, 6)));
void ea_finding_evid(struct ea_finding *f, struct ea_evid ev);

/* Runs every check, then puts the findings in report order. */
void ea_checks_run(struct ea_checking *a);
void ea_result_free(struct ea_result *r);

#endif
