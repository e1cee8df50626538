/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What each check means, for people: the man page's entry (its CHECKS
 * section is made from this table, tests/test_checkdoc.c holds the two to
 * the same text), the kernel and kexec-tools changes it is about (the
 * knowledge base's rows), the causes of escape it reports, and what to do.
 * --explain prints them, --list checks lists the checks.
 */
#ifndef EA_CHECK_EXPLAIN_H
#define EA_CHECK_EXPLAIN_H

#include <stdio.h>

#include "check/check.h"
#include "model/knowledge.h"

struct ea_check_doc {
	const char *id;
	unsigned rows;	    /* bits (1u << enum ea_kb_id) */
	unsigned causes;    /* bits (1u << enum ea_kb_cause_id) */
	const char *remedy; /* what to do; NULL: nothing (it informs) */
	const char *text;   /* the man page's entry, plain text */
};

/* In the man page's order. */
extern const struct ea_check_doc ea_check_docs[];
extern const size_t ea_ncheck_docs;

/* The entry of a check id, or NULL. */
const struct ea_check_doc *ea_check_doc(const char *id);
/* The check of an id, or NULL. */
const struct ea_check *ea_check_by_id(const char *id);

/* What a check's findings can do to the verdict: "escape" (a critical
 * finding), "incomplete" (it says the audit could not see everything) or
 * "none". */
const char *ea_check_verdict_effect(const struct ea_check *ck);

/* The man page's entry of a check (.TP, .B id, its text, the commits and
 * what to do), as troff. */
void ea_check_doc_troff(FILE *f, const struct ea_check_doc *d);

/* --explain: the check's id, severity, class and what it can do to the
 * verdict, the man page's entry, the commits, what to do, and the remedy
 * of each cause it reports. */
void ea_check_explain(FILE *f, const struct ea_check *ck);

#endif
