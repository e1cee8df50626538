/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The expectation model: before any range is judged, what the audit must
 * find, decided from evidence that does not depend on finding it, with the
 * reason. A boot through UEFI, the MEMRESERVE table, ACPI in use and a GICv3
 * ITS are facts (yes, no or unknown, each with the line that says so); each category of range
 * that must survive a kexec (ACPI tables, LPI tables, the MEMRESERVE table,
 * the EFI memory map buffer) is expected or not because of them. After the
 * protected ranges are built, each expected category is matched against
 * what was found from a source that gives addresses: a category whose
 * ranges are not all found makes the verdict INCOMPLETE (check
 * expected_ranges_missing), never CLEAN.
 */
#ifndef EA_EXPECT_H
#define EA_EXPECT_H

#include <stdbool.h>
#include <stddef.h>

#include "core/input.h"
#include "model/knowledge.h"

struct ea_build;

enum ea_expect_cat {
	EA_EXPECT_ACPI_TABLES = 0,
	EA_EXPECT_LPI_TABLES,
	EA_EXPECT_MEMRESERVE,
	EA_EXPECT_EFI_MEMORY_MAP,
	EA_NEXPECT
};
const char *ea_expect_cat_name(enum ea_expect_cat c);

struct ea_expectation {
	bool expected;
	char *because;	   /* why it is expected */
	struct ea_evid ev; /* the line behind "because", when there is one */
	size_t found;	   /* protected ranges of the category found */
	bool met;	   /* expected and everything expected was found */
	char *missing;	   /* when expected and !met: what is missing */
	/* a second line of evidence for what is missing, when one names it */
	struct ea_evid missing_ev;
};

/* The boot facts the knowledge base needs (UEFI, the MEMRESERVE table, an
 * ITS) are struct ea_kb_facts in the audit (a->facts); this adds ACPI. */
struct ea_expect {
	struct ea_kb_fact acpi;
	struct ea_expectation cat[EA_NEXPECT];
};

/* The facts, from the parsed inputs (before the protected ranges): the
 * one place that decides them; the inferences, the remedies, the checks
 * and the expectations all read them (a->facts, a->expect.acpi). */
void ea_expect_facts(struct ea_build *a);
/* Each category against the protected ranges (after they are final). */
void ea_expect_match(struct ea_build *a);
void ea_expect_free(struct ea_expect *e);

#endif
