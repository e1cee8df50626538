/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What a CI run fails on (gate.c): --fail-on=critical|error|warning (the
 * lowest severity of a finding that fails the run, as systemd-analyze's
 * --threshold) and waivers (--ignore CHECK[@ADDRESS], --ignore-file; as
 * dtc's -W no-...): a waived finding is still listed, marked waived, and
 * does not count toward the exit status. An escape passes only when every
 * finding that makes it one is waived, each by its check and address or
 * by its check; an incomplete audit stays incomplete (a waiver never makes
 * a blind spot clean: a baseline accepts it).
 */
#ifndef EA_CORPUS_GATE_H
#define EA_CORPUS_GATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/util.h"
#include "model/vocab.h"

struct ea_audit;
struct ea_rdoc;

struct ea_waiver {
	const char *check; /* a check id of this program */
	bool has_addr;
	uint64_t addr;
	char *text;   /* as written: "critical_range_escapes@0x401b0000" */
	char *origin; /* "--ignore" or "FILE:LINE" */
};

struct ea_gate {
	enum ea_severity fail_on; /* EA_SEV_CRITICAL unless --fail-on */
	bool fail_on_set;
	EA_VEC(struct ea_waiver) w;
};

void ea_gate_init(struct ea_gate *g);
void ea_gate_free(struct ea_gate *g);
/* "critical", "error" or "warning". */
bool ea_gate_level(const char *s, enum ea_severity *out);
/* One waiver, CHECK or CHECK@ADDRESS (0x hex); origin says where it was
 * written. False, with *err (malloc'd), for a check this program does not
 * have or an address that is not one. */
bool ea_gate_add(struct ea_gate *g, const char *spec, const char *origin,
		 char **err);
/* A file of waivers, one a line; '#' starts a comment, blank lines are
 * skipped. */
bool ea_gate_add_file(struct ea_gate *g, const char *path, char **err);
/* The waiver that covers a finding of check at first (has_range), or
 * NULL. */
const struct ea_waiver *ea_gate_waiver(const struct ea_gate *g,
				       const char *check, bool has_range,
				       uint64_t first);

/* One audit's findings, as the gate sees them. */
struct ea_gate_finding {
	const char *check;
	enum ea_severity sev;
	bool has_range;
	uint64_t first;
	const char *message;
	/* filled by ea_gate_judge() */
	const struct ea_waiver *waived;
	bool failing; /* unwaived, at or above --fail-on */
};

struct ea_gate_in {
	enum ea_verdict verdict;
	EA_VEC(struct ea_gate_finding) f;
	/* first addresses of the critical ranges that escape a loader */
	EA_VEC(uint64_t) escaping;
	/* something was not seen: an unknown or inferred critical answer,
	 * or a finding of a check that says the audit was blind */
	bool uncertain;
};

/* From an audit, or from a report read back. */
void ea_gate_in_audit(struct ea_gate_in *in, const struct ea_audit *a);
void ea_gate_in_rdoc(struct ea_gate_in *in, const struct ea_rdoc *d);
void ea_gate_in_free(struct ea_gate_in *in);

/* The exit status under the gate (0 clean, 1 escape or a failing
 * finding, 2 incomplete, 3 error) and each finding's waiver; *escape_waived
 * says an escape verdict was waived whole. */
int ea_gate_judge(const struct ea_gate *g, struct ea_gate_in *in,
		  bool *escape_waived, size_t *nwaived);

/* The status order of a run over many snapshots, worst first: an escape or
 * a failure (1), an error (3), incomplete (2), clean (0). */
int ea_status_worst(int x, int y);

#endif
