/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A JSON report read back (rdoc.c): an earlier report given as a baseline,
 * or this run's own report, parsed with json-c and checked key by key, so
 * that the comparison (diff.h) reads both through one set of structures.
 * Every string is cleaned (core/text.h: an old report may come from
 * anyone) and paths under the snapshot are written "<snapshot>/...", so
 * that the same machine audited in another directory reads the same.
 */
#ifndef EA_CORPUS_RDOC_H
#define EA_CORPUS_RDOC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/range.h"
#include "core/util.h"
#include "model/vocab.h"

struct ea_rd_evid {
	const char *input; /* input name ("dmesg", "iomem") */
	int64_t line;	   /* 0: not a line */
	const char *text;
	const char *norm; /* text without a kernel-log time stamp */
};
typedef EA_VEC(struct ea_rd_evid) ea_rd_evid_vec;

struct ea_rd_answer {
	enum ea_answer ans;
	bool inferred;
	const char *reason, *kb_row, *what_to_do; /* NULL when absent */
	bool has_free;
	struct ea_range free;
	ea_rd_evid_vec ev; /* the line that makes the free range free */
};

struct ea_rd_range {
	const char *key; /* its "id", or kind@first */
	const char *kind, *tier, *name, *note;
	bool critical;
	struct ea_range r;
	struct ea_rd_answer l[EA_NLOADERS];
	ea_rd_evid_vec ev;
};

struct ea_rd_finding {
	const char *key; /* its "id", or check@first, or check */
	const char *check;
	enum ea_severity sev;
	bool has_range;
	struct ea_range r;
	const char *message;
	ea_rd_evid_vec ev;
};

struct ea_rd_input {
	const char *name, *status, *detail;
};

struct ea_rd_view {
	bool known;
	const char *model, *unknown_reason;
	EA_VEC(struct ea_range) free;
};

struct ea_rdoc {
	struct ea_strpool pool;
	const char *label; /* the file, as messages name it */
	long schema_version;
	enum ea_verdict verdict;
	const char *headline, *kernel, *arch;
	/* the "tool" key (a later schema names the program and its rules
	 * there), serialized; NULL when the report has none */
	const char *tool;
	struct {
		uint64_t critical, critical_escaping, unknown, inferred;
		uint64_t findings[4];
	} sum;
	EA_VEC(struct ea_rd_input) inputs;
	struct ea_rd_view view[EA_NLOADERS];
	EA_VEC(struct ea_rd_range) ranges;
	EA_VEC(struct ea_rd_finding) findings;
};

/* Reads the report in buf[0, len) (label names it in messages). Returns
 * true, or false with *err a malloc'd message that names the label and
 * the place: "old.json:12:5: ..." for JSON that does not parse,
 * "old.json: protected[3].first: ..." for a key missing or of the wrong
 * type, and what was expected. A report of a schema_version this program
 * does not read is refused, saying which it reads. */
bool ea_rdoc_parse(struct ea_rdoc *d, const char *label, const char *buf,
		   size_t len, char **err);
/* The same for a file (not followed through a last symbolic link, as
 * every file named on the command line). */
bool ea_rdoc_load(struct ea_rdoc *d, const char *path, char **err);
void ea_rdoc_free(struct ea_rdoc *d);

/* Ranks of an answer, worst last: protected, protected but inferred,
 * unknown, escapes (inferred or not). */
int ea_rd_answer_rank(const struct ea_rd_answer *a);

#endif
