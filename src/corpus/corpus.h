/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The command line's modes beyond one report (corpus.c): an audit compared
 * with a baseline (--baseline), an audit judged by --fail-on and waivers,
 * and many snapshots in one run (--snapshot repeated, --corpus DIR): a row
 * per snapshot and a total, JSON Lines (-J: one summary row a line, then
 * the total), JUnit XML (--junit), each paired with its stored report
 * (--baseline-dir DIR/NAME.json).
 */
#ifndef EA_CORPUS_CORPUS_H
#define EA_CORPUS_CORPUS_H

#include <stdbool.h>
#include <stdio.h>

#include "corpus/gate.h"
#include "corpus/rdoc.h"

struct ea_audit;
struct ea_options;

/* This audit's JSON report, read back as a baseline is (label names it). */
bool ea_rdoc_of_audit(struct ea_rdoc *d, const struct ea_audit *a,
		      const char *label, char **err);

/* --baseline FILE: the comparison on out (text, or JSON with json);
 * returns the exit status: 1 on a regression, 0 otherwise, 3 when the
 * baseline cannot be read or the audit could not read its inputs. */
int ea_cli_baseline(FILE *out, const struct ea_audit *a, const char *now,
		    const char *baseline, const struct ea_gate *g, bool json);

/* The report of one audit with --fail-on or waivers: the report, then
 * what the gate decided (text: a "Gate" section; JSON: a "gate" object);
 * returns the exit status, or -1 when the report could not be written. */
int ea_cli_gate(FILE *out, const struct ea_audit *a, const struct ea_gate *g,
		bool json);

struct ea_corpus_opts {
	const char *const *snapshots; /* --snapshot, in the order given */
	size_t nsnapshots;
	const char *dir;	  /* --corpus */
	const char *baseline_dir; /* --baseline-dir */
	const char *junit;	  /* --junit */
	bool json;		  /* -J: JSON Lines */
	const struct ea_gate *gate;
	const struct ea_options *opt; /* the what-if, for every audit */
};

/* Audits every snapshot, one at a time; the table (or JSON Lines) on out;
 * returns the worst exit status (ea_status_worst()), 64 for a corpus
 * that cannot be listed or two snapshots of one name. */
int ea_corpus_run(FILE *out, const struct ea_corpus_opts *o);

#endif
