/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What the checks share: a finding (finding.h), a check's entry (the table
 * is checks.h), what a check reads and the result it writes to.
 */
#ifndef EA_CHECK_H
#define EA_CHECK_H

#include <stdbool.h>
#include <stdint.h>

#include "check/cross_acpi.h"
#include "check/cross_efimap.h"
#include "check/cross_systab.h"
#include "check/verdict.h"
#include "core/range.h"
#include "core/util.h"
#include "model/model.h"
#include "model/vocab.h"
#include "read/sources.h"

struct ea_check;
struct ea_whatif_result;

struct ea_finding {
	const struct ea_check *check; /* the entry that made it (checks.c) */
	/* "check@0x<first>", or the check's id when the finding has no
	 * range; "#N" from the second such finding on, in report order
	 * (ea_checks_run()); in the result's strings */
	const char *id;
	enum ea_severity sev;
	bool has_range;
	struct ea_range r;
	char *message;
	ea_evid_vec ev;
};

/* How a check's findings bear on the verdict. */
enum ea_check_class {
	EA_CK_REPORTS = 0, /* by their severity: critical is an escape */
	EA_CK_BLINDS,	   /* the audit could not see everything: the
			    * verdict is at best INCOMPLETE */
};

/* What a critical finding says made the verdict an escape. */
enum ea_escape_cause {
	EA_CAUSE_NONE = 0,
	EA_CAUSE_LOG,	       /* the log shows an earlier overwrite */
	EA_CAUSE_LOADED_IMAGE, /* a loaded image overwrites a range */
	EA_CAUSE_WHATIF,       /* the what-if places a segment over one */
	EA_CAUSE_CORRUPT,      /* a copy the next kernel reads is corrupt */
};

struct ea_check {
	const char *id;	      /* stable snake_case id */
	enum ea_severity sev; /* of its findings, unless a finding says */
	enum ea_check_class cls;
	enum ea_escape_cause cause;
	const char *summary; /* one line, for --list-checks and the man page */
	void (*run)(struct ea_checking *a);
};

/* One line of the short report's findings: a finding (an index into
 * findings) and how many more findings of its check the short report
 * leaves out after it. */
struct ea_brief_row {
	uint32_t finding;
	uint32_t more;
};
#define EA_BRIEF_PER_CHECK 3

/* What the checks found: the comparisons of one source with another
 * (cross_*.c), the findings, and the verdict with its counts and headline
 * (verdict.c). */
struct ea_result {
	struct ea_efimap_cmp efimap_cmp;     /* map buffer vs printed map */
	struct ea_systab_cmps systab_cmp;    /* system table vs efi: line */
	struct ea_acpi_cmp_result acpi_cmp;  /* ACPI walk vs the log */
	struct ea_acpi_sysfs_cmp acpi_sysfs; /* ... against sysfs contents */
	EA_VEC(struct ea_finding) findings;
	enum ea_verdict verdict;
	struct ea_summary summary;
	/* the escapes grouped by cause, critical causes first (verdict.c) */
	EA_VEC(struct ea_cause) causes;
	/* the findings the short report lists: above info, and not an
	 * escape a cause already tells; of one check's findings of one
	 * severity below critical the first EA_BRIEF_PER_CHECK, the last of
	 * them saying how many more it made. The others are left to the
	 * long report (-v) */
	EA_VEC(struct ea_brief_row) brief;
	/* the inputs the short report lists: given (not absent), or needed
	 * and absent (input_unusable) */
	bool input_listed[EA_NINPUTS];
	char *headline; /* the report's first line (check/verdict.c) */
	struct ea_strpool strings; /* the findings' ids */
};

/* What a check reads (the sources, the model and the what-if, read-only)
 * and where its findings go. */
struct ea_checking {
	const struct ea_sources *src;
	const struct ea_model *m;
	const struct ea_whatif_result *whatif; /* NULL: none asked for */
	struct ea_result *r;
};

#endif
