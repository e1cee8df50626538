/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Findings and the table of checks (checks.c) that make them.
 */
#ifndef EA_CHECK_H
#define EA_CHECK_H

#include <stdbool.h>
#include <stddef.h>

#include "core/input.h"
#include "core/range.h"
#include "core/util.h"
#include "model/model.h"
#include "model/vocab.h"

struct ea_audit;

struct ea_finding {
	const char *check; /* stable snake_case id (checks.c table) */
	enum ea_severity sev;
	bool has_range;
	struct ea_range r;
	char *message;
	ea_evid_vec ev;
};

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

#endif
