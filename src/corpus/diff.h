/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * This audit against an earlier report of the same machine (diff.c), by
 * range (kind@first, or the report's "id"; a range that moved is the same
 * kind and name at another address) and by finding (check@first): answers
 * that changed, with the evidence of each side, ranges that appeared, went
 * or moved, findings that appeared or went, inputs that stopped being
 * read, and the verdict. Each answer that changed says whether the machine
 * changed (its evidence differs: the range's own lines, the free memory of
 * the loader's view around it, the view's inputs) or the tool's rules did
 * (the view's rule or the tool differ, or the same evidence gave another
 * answer). Paths are not compared (rdoc.h), nor line numbers or kernel-log
 * time stamps. A regression is what got worse: a critical answer (protected
 * < protected but inferred < unknown < escapes), the verdict, an input
 * that was read and is not, or a finding that appeared (or became more
 * severe) at or above the threshold; a waived finding, or an escape whose
 * findings are all waived, is not one.
 */
#ifndef EA_CORPUS_DIFF_H
#define EA_CORPUS_DIFF_H

#include <stdbool.h>
#include <stdio.h>

#include "corpus/gate.h"
#include "corpus/rdoc.h"

#define EA_DIFF_SCHEMA_VERSION 1

/* Why an answer changed: either or both. */
enum { EA_DC_MACHINE = 1, EA_DC_RULES = 2 };

/* The free ranges of one view around a range: those that meet it, or
 * else the hole it lies in between two free ranges. */
struct ea_d_around {
	bool known;
	size_t nmeet;
	struct ea_range meet[4];
	bool has_hole; /* when none meets it */
	struct ea_range hole;
	bool hole_open_below, hole_open_above; /* no free range there */
};

struct ea_d_answer {
	enum ea_loader loader;
	const struct ea_rd_answer *b, *a;
	int rb, ra; /* ea_rd_answer_rank() */
	unsigned cause;
	const char *cause_why; /* what differs, in words (a constant) */
	bool view_change;      /* the loader's view became (un)known */
	struct ea_d_around around_b, around_a;
	const struct ea_waiver *waived;
	bool regression;
};

enum ea_d_how { EA_D_SAME = 0, EA_D_APPEARED, EA_D_WENT, EA_D_MOVED };

struct ea_d_range {
	const struct ea_rd_range *b, *a; /* NULL when it appeared / went */
	enum ea_d_how how;
	bool resized;
	bool evidence_changed; /* its own lines (time stamps aside) */
	size_t nans;
	struct ea_d_answer ans[EA_NLOADERS]; /* the loaders whose answer
					      * changed (all of them when it
					      * appeared) */
	/* the findings that changed at its address (d->findings indices):
	 * said with it, not apart */
	EA_VEC(size_t) fidx;
	char *fsig; /* their checks, severities and changes, in words */
	bool regression;
};

enum ea_d_fhow {
	EA_DF_APPEARED = 1,
	EA_DF_WENT,
	EA_DF_SEVERITY,
	EA_DF_MESSAGE
};

struct ea_d_finding {
	const struct ea_rd_finding *b, *a;
	enum ea_d_fhow how;
	const struct ea_waiver *waived;
	bool regression;
	/* the range entry it is said with (d->ranges index), or SIZE_MAX */
	size_t range;
};

struct ea_d_input {
	const struct ea_rd_input *b, *a;
	bool regression;
};

struct ea_diff {
	const struct ea_rdoc *b, *a;
	enum ea_severity threshold; /* findings that count: this and worse */
	bool verdict_changed, verdict_regression, verdict_waived;
	bool kernel_changed, tool_changed;
	bool view_changed[EA_NLOADERS]; /* known-ness or rule */
	unsigned cause;			/* EA_DC_* of every change */
	EA_VEC(struct ea_d_range) ranges;
	EA_VEC(struct ea_d_finding) findings;
	EA_VEC(struct ea_d_input) inputs;
	/* regressions: the verdict, each input, each range (with its
	 * findings), each other finding */
	size_t changes, regressions;
	size_t new_escapes, fixed_escapes, answers_worse, answers_better;
	size_t findings_appeared, findings_went, inputs_missing, moved;
};

/* Compares before (the baseline) with after (this audit). Waivers and the
 * finding threshold come from g (--fail-on; error when not given). */
void ea_diff_make(struct ea_diff *d, const struct ea_rdoc *before,
		  const struct ea_rdoc *after, const struct ea_gate *g);
void ea_diff_free(struct ea_diff *d);
/* 1 on a regression, else 0. */
int ea_diff_status(const struct ea_diff *d);
/* "no change", "changed" or "regression". */
const char *ea_diff_word(const struct ea_diff *d);
/* One line: "REGRESSION: 5 new escapes; verdict clean -> escape". A
 * malloc'd string. */
char *ea_diff_headline(const struct ea_diff *d);

/* The comparison for people; now names this audit (a snapshot). */
void ea_diff_text(FILE *f, const struct ea_diff *d, const char *now);
/* The comparison as JSON (schema/efiresv-audit-diff.schema.json). */
int ea_diff_json(FILE *f, const struct ea_diff *d, const char *now);

#endif
