/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The text report, for people (emit_text.c): it prints what the audit
 * decided and computes nothing.
 */
#ifndef EA_EMIT_TEXT_H
#define EA_EMIT_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "report/table.h"

struct ea_audit;

/* What the text report shows, and how its table is drawn. */
struct ea_text_opts {
	bool verbose;	 /* -v: the evidence, notes, views and inputs */
	bool bytes;	 /* -b: sizes in bytes */
	bool table_only; /* -r, -P: the table of protected ranges only */
	bool color;	 /* the headline's verdict and the escape rows */
	struct ea_table_opts table;
	const int *cols; /* the table's columns (-o), NULL: the default */
	size_t ncols;
};

/* The columns of the table of protected ranges (-o), and the default. */
extern const struct ea_tcol ea_range_cols[];
extern const size_t ea_range_ncols;
extern const int ea_range_default[];
extern const size_t ea_range_ndefault;

/* ea_emit_text() is the default report; ea_emit_text_opts() returns -1
 * when the table could not be written. */
void ea_emit_text(FILE *f, const struct ea_audit *a);
int ea_emit_text_opts(FILE *f, const struct ea_audit *a,
		      const struct ea_text_opts *o);

#endif
