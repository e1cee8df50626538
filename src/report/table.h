/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Tables of the text report and of the --list views, drawn with util-linux's
 * libsmartcols, with lsmem's and lsblk's options: the columns chosen by
 * -o/--output (a leading '+' adds to the default ones) or --output-all,
 * -r/--raw, -n/--noheadings, -P/--pairs, -J/--json, sizes in human units
 * or in bytes (-b/--bytes), colour on request.
 *
 * A tree (lsblk -T) is drawn in the column and JSON forms; raw and pairs
 * output is flat, as lsblk's.
 *
 * libsmartcols is what draws a table on a terminal, which it fits to the
 * terminal's width, and every JSON table. It spends about 10 µs a row
 * (measuring each character's width through mbrtowc()): a real capture's
 * 21 rows cost 1.4 million instructions, a third of its whole audit, and
 * the stress machine's 110,000 rows 2.3 s. So a table written to a file or
 * pipe, where libsmartcols fits nothing, and a table of more than
 * EA_TABLE_DIRECT_ROWS rows anywhere, is written here instead, tree and
 * all, byte for byte as libsmartcols writes it to a file or pipe
 * (tests/test_table.c and tests/run_report.py hold the two to the same
 * bytes); such a table is not fitted to a terminal.
 *
 * The program never calls setlocale(): in the "C" locale libsmartcols
 * writes every byte outside printable ASCII as \xHH (a control byte, a
 * UTF-8 name, a bidirectional override alike), whatever the reader's
 * locale, so no cell can drive a terminal. JSON is written as the bytes
 * are, so its cells are cleaned first (core/text.h).
 */
#ifndef EA_REPORT_TABLE_H
#define EA_REPORT_TABLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define EA_TABLE_DIRECT_ROWS 1000

enum ea_tcol_flag {
	EA_TC_RIGHT = 1 << 0,  /* right-aligned (sizes, counts) */
	EA_TC_TREE = 1 << 1,   /* the tree column (--list iomem) */
	EA_TC_TRUNC = 1 << 2,  /* may be cut to fit a terminal */
	EA_TC_NUMBER = 1 << 3, /* a JSON number, not a string */
};

struct ea_tcol {
	const char *name; /* upper case, as -o takes it */
	unsigned flags;
	const char *help; /* one line, for the man page and --help */
};

struct ea_table_opts {
	bool raw, noheadings, pairs, json;
	bool color; /* the rows' colours (never in raw, pairs or JSON) */
	/* standard output is a terminal: libsmartcols fits the table to it */
	bool terminal;
	/* the JSON array's name (lsblk: "blockdevices") */
	const char *json_name;
	/* 0: libsmartcols on a terminal up to EA_TABLE_DIRECT_ROWS rows and
	 * for JSON, else direct; 1: always libsmartcols; 2: always direct,
	 * but JSON (tests) */
	int backend;
};

/* The columns -o LIST names, in order, as indices into cols; a LIST that
 * starts with '+' adds them to def (ndef indices). Names are matched
 * without regard to case. false, with *bad set to the first name not
 * known (pointing into list, *badlen bytes), when one is not. */
bool ea_table_columns(const struct ea_tcol *cols, size_t ncols, const int *def,
		      size_t ndef, const char *list, int *out, size_t *nout,
		      size_t max, const char **bad, size_t *badlen);

struct ea_table;

/* A table of the columns sel (indices into cols, nsel of them), empty. */
struct ea_table *ea_table_new(const struct ea_tcol *cols, const int *sel,
			      size_t nsel);
void ea_table_free(struct ea_table *t);

/* Whether column col (an index into cols) was chosen: a cell of another
 * column is not kept, so the caller may skip formatting it. */
bool ea_table_wants(const struct ea_table *t, int col);

/* A new row, under parent (a row index, or -1 at the top: trees only), in
 * colour (an ANSI SGR sequence, or NULL); returns its index. Its cells are
 * empty until set. */
size_t ea_table_row(struct ea_table *t, long parent, const char *color);

/* The cell of column col in the last row: text, or n bytes of it (with a
 * NUL, cleaned as core/text.h does). */
void ea_table_cell(struct ea_table *t, int col, const char *text);
void ea_table_celln(struct ea_table *t, int col, const char *text, size_t n);

size_t ea_table_rows(const struct ea_table *t);

/* Writes the table to f (nothing for a table without rows, as
 * libsmartcols does). 0, or -1 on a write error. */
int ea_table_print(FILE *f, const struct ea_table *t,
		   const struct ea_table_opts *o);

/* A size as lsmem and lsblk print it (util-linux size_to_human_string()
 * with a one-letter suffix): "16B", "4K", "8.2K", "1.5G" (one decimal,
 * rounded, a trailing 0 dropped, '.' as the decimal point). buf: at least
 * EA_SIZE_HUMAN_MAX bytes. */
#define EA_SIZE_HUMAN_MAX 24
void ea_size_human(char *buf, uint64_t bytes);

#endif
