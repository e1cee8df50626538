/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The reports: text for people, JSON for tools (schema/); both print what
 * the audit decided and compute nothing.
 */
#ifndef EA_REPORT_H
#define EA_REPORT_H

#include <stdbool.h>
#include <stdio.h>

#include "core/input.h"
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

/* Emitters (emit_text.c, emit_json.c). ea_emit_text() is the default
 * report; ea_emit_text_opts() returns -1 when the table could not be
 * written. */
void ea_emit_text(FILE *f, const struct ea_audit *a);
int ea_emit_text_opts(FILE *f, const struct ea_audit *a,
		      const struct ea_text_opts *o);
int ea_emit_json(FILE *f, const struct ea_audit *a);
/* The evidence text, at most EA_EVID_MAX bytes of the input (not cut inside
 * a character; "..." when cut) cleaned by core/text.h: valid UTF-8 with no
 * control byte but TAB; returns a malloc'd string. */
#define EA_EVID_MAX 512
char *ea_evid_text(const struct ea_evid *e);

#endif
