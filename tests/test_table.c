/* SPDX-License-Identifier: GPL-2.0-or-later */
/* report/table.c: sizes as util-linux prints them, the -o column lists, and
 * long tables written directly byte for byte as libsmartcols writes them. */
#include <stdlib.h>
#include <string.h>

#include "report/table.h"
#include "t.h"

/* util-linux's own expectations (tests/expected/misc/strtosize, the
 * size_to_human_string(SIZE_SUFFIX_1LETTER) column), and lsblk's 8.2K. */
static void test_sizes(void)
{
	static const struct {
		uint64_t v;
		const char *s;
	} k[] = {
		{ 0, "0B" },
		{ 1, "1B" },
		{ 123, "123B" },
		{ 18446744073709551615ULL, "16E" },
		{ 1024, "1K" },
		{ 1048576, "1M" },
		{ 1073741824, "1G" },
		{ 1099511627776ULL, "1T" },
		{ 1125899906842624ULL, "1P" },
		{ 1152921504606846976ULL, "1E" },
		{ 1000, "1000B" },
		{ 1000000, "976.6K" },
		{ 1000000000, "953.7M" },
		{ 1000000000000ULL, "931.3G" },
		{ 1000000000000000ULL, "909.5T" },
		{ 1000000000000000000ULL, "888.2P" },
		{ 10, "10B" },
		{ 65280, "63.8K" },
		{ 2147483648ULL, "2G" },
		/* 8428/1024 = 8.23: one decimal */
		{ 8428, "8.2K" },
		/* 1023.999 KiB rounds up to the next integer, as it does there */
		{ 1048575, "1024K" },
	};
	char buf[EA_SIZE_HUMAN_MAX];
	for (size_t i = 0; i < sizeof(k) / sizeof(*k); i++) {
		ea_size_human(buf, k[i].v);
		CHECK_STR(buf, k[i].s);
	}
}

static const struct ea_tcol COLS[] = {
	{ "NAME", EA_TC_TRUNC, "name" },
	{ "SIZE", EA_TC_RIGHT, "size" },
	{ "TYPE", 0, "type" },
	{ "LONG-HEADER", 0, "a header longer than its cells" },
	{ "N", EA_TC_RIGHT | EA_TC_NUMBER, "a number" },
};
#define NCOLS (sizeof(COLS) / sizeof(*COLS))

static void test_columns(void)
{
	int def[] = { 0, 1 }, out[8];
	size_t n = 0, blen;
	const char *bad;
	CHECK(ea_table_columns(COLS, NCOLS, def, 2, "type,name", out, &n, 8,
			       &bad, &blen) &&
	      n == 2 && out[0] == 2 && out[1] == 0);
	CHECK(ea_table_columns(COLS, NCOLS, def, 2, "+Long-Header", out, &n, 8,
			       &bad, &blen) &&
	      n == 3 && out[0] == 0 && out[1] == 1 && out[2] == 3);
	CHECK(!ea_table_columns(COLS, NCOLS, def, 2, "name,bogus,size", out, &n,
				8, &bad, &blen) &&
	      blen == 5 && !strncmp(bad, "bogus", 5));
	CHECK(!ea_table_columns(COLS, NCOLS, def, 2, "name,,size", out, &n, 8,
				&bad, &blen) &&
	      blen == 0);
	CHECK(!ea_table_columns(COLS, NCOLS, def, 2, "", out, &n, 8, &bad,
				&blen));
}

/* Cells that libsmartcols encodes in one form or another: blanks,
 * backslashes (alone and before 'x'), quotes, '$' and '`', UTF-8 (which
 * is no printable ASCII in the "C" locale), a control byte (cleaned
 * first), empty and unset cells, a last column left empty. */
static const char *const CELLS[][5] = {
	{ "plain", "4K", "x", "", "1" },
	{ "sp ace", "10", "back\\slash \\x41", "y", "22" },
	{ "quo\"te", "1.5M", "dollar$ `tick' ='", NULL, "333" },
	{ "utf8 \xc3\xa9 caf\xc3\xa9", "", "tab\there", "z", NULL },
	{ "", "0B", "ctl\x01x \x7f", "w", "4" },
	{ NULL, "1", "-", "v", "" },
	{ "last", "2", "t", "", "" },
};
#define NROWS (sizeof(CELLS) / sizeof(*CELLS))

static char *render(const int *sel, size_t nsel, size_t copies,
		    const struct ea_table_opts *o)
{
	struct ea_table *t = ea_table_new(COLS, sel, nsel);
	for (size_t k = 0; k < copies; k++)
		for (size_t r = 0; r < NROWS; r++) {
			ea_table_row(t, -1, r == 2 ? "\033[31m" : NULL);
			for (int c = 0; c < (int)NCOLS; c++)
				if (CELLS[r][c])
					ea_table_cell(t, c, CELLS[r][c]);
		}
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	CHECK(ea_table_print(f, t, o) == 0);
	fclose(f);
	ea_table_free(t);
	return buf;
}

/* The direct writer against libsmartcols, in every form it writes. */
static void test_direct_is_libsmartcols(void)
{
	static const int sels[][5] = {
		{ 0, 1, 2, 3, 4 },    { 2, 0, 1, 4, 3 },
		{ 1, 0, -1, -1, -1 }, { 3, -1, -1, -1, -1 },
		{ 4, 2, -1, -1, -1 },
	};
	for (size_t s = 0; s < sizeof(sels) / sizeof(*sels); s++) {
		size_t nsel = 0;
		while (nsel < 5 && sels[s][nsel] >= 0)
			nsel++;
		for (int form = 0; form < 8; form++) {
			struct ea_table_opts o = { 0 };
			o.noheadings = form & 1;
			o.raw = (form >> 1) == 1;
			o.pairs = (form >> 1) == 2;
			o.color = (form >> 1) == 3;
			o.backend = 1;
			char *want = render(sels[s], nsel, 1, &o);
			o.backend = 2;
			char *got = render(sels[s], nsel, 1, &o);
			CHECK(want && got && !strcmp(want, got));
			if (want && got && strcmp(want, got))
				fprintf(stderr,
					"columns %zu, form %d:\n"
					"libsmartcols:\n%s\ndirect:\n%s\n",
					s, form, want, got);
			free(want);
			free(got);
		}
	}
	/* past EA_TABLE_DIRECT_ROWS rows the automatic choice writes
	 * directly, and still the same bytes */
	struct ea_table_opts o = { 0 };
	char *a = render(sels[0], 5, EA_TABLE_DIRECT_ROWS / NROWS + 2, &o);
	o.backend = 1;
	char *b = render(sels[0], 5, EA_TABLE_DIRECT_ROWS / NROWS + 2, &o);
	CHECK(a && b && !strcmp(a, b));
	free(a);
	free(b);
	/* no control byte and no byte outside printable ASCII reaches the
	 * output, in any form but JSON; JSON is valid UTF-8 without them */
	for (int form = 0; form < 4; form++) {
		o = (struct ea_table_opts){ .raw = form == 1,
					    .pairs = form == 2,
					    .json = form == 3,
					    .color = form == 0 };
		for (o.backend = 1; o.backend <= 2; o.backend++) {
			a = render(sels[0], 5, 1, &o);
			bool ok = a != NULL;
			for (const unsigned char *p = (const void *)a; a && *p;
			     p++)
				ok &= *p == '\n' || *p == '\033' ||
				      (*p >= 0x20 && *p < 0x7f) ||
				      (form == 3 && *p >= 0x80);
			CHECK(ok);
			if (form == 3)
				CHECK(a && strstr(a, "caf\xc3\xa9") &&
				      strstr(a, "ctl\\\\x01x \\\\x7f"));
			free(a);
		}
	}
}

/* Trees (--list iomem, memreserve): rows made in file order (a parent
 * before its children) and out of it (every node, then every entry under
 * its node), several levels deep, a parent made after its child (then
 * none); the tree column first or not, last or not. */
static const struct ea_tcol TCOLS[] = {
	{ "NAME", EA_TC_TREE, "the tree" },
	{ "SIZE", EA_TC_RIGHT, "size" },
	{ "X", 0, "other" },
};

static char *render_tree(const int *sel, size_t nsel, int shape,
			 const struct ea_table_opts *o)
{
	static const struct {
		long parent;
		const char *name, *size, *x;
	} rows[2][12] = {
		{ /* file order */
		  { -1, "System RAM", "1G", "a" },
		  { 0, "Kernel code", "10M", "b" },
		  { 1, "deep", "1", "" },
		  { 2, "deeper one", "12K", "c" },
		  { 0, "reserved", "4K", "d" },
		  { 4, "child of last", "2", "e" },
		  { -1, "PCI", "", "f" },
		  { 6, "bus \\x41", "3", "g" },
		  { 7, "dev", "3", "h" },
		  { 6, "bus 2", "4", "i" },
		  { 11, "made before its parent", "5", "j" },
		  { -1, "last root", "6", "" } },
		{ /* nodes, then entries under them */
		  { -1, "root", "16B", "0/0" },
		  { -1, "node 1", "4K", "5/255" },
		  { -1, "node 2", "4K", "1/255" },
		  { 1, "entry 0", "64K", "" },
		  { 2, "entry 0", "64K", "" },
		  { 1, "entry 1", "64K", "" },
		  { 1, "entry 2", "64K", "" },
		  { 0, "entry of the root", "8K", "" },
		  { 3, "under an entry", "1", "z" },
		  { -1, "node 3", "4K", "0/255" },
		  { 9, "entry 0", "1M", "" },
		  { 2, "entry 1", "2M", "" } },
	};
	struct ea_table *t = ea_table_new(TCOLS, sel, nsel);
	for (size_t r = 0; r < 12; r++) {
		ea_table_row(t, rows[shape][r].parent,
			     r == 3 ? "\033[31m" : NULL);
		ea_table_cell(t, 0, rows[shape][r].name);
		ea_table_cell(t, 1, rows[shape][r].size);
		ea_table_cell(t, 2, rows[shape][r].x);
	}
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	CHECK(ea_table_print(f, t, o) == 0);
	fclose(f);
	ea_table_free(t);
	return buf;
}

static void test_trees(void)
{
	static const int sels[][3] = {
		{ 0, 1, 2 },
		{ 1, 0, 2 },
		{ 2, 1, 0 },
		{ 1, 0, -1 },
	};
	for (size_t s = 0; s < sizeof(sels) / sizeof(*sels); s++) {
		size_t nsel = sels[s][2] < 0 ? 2 : 3;
		for (int shape = 0; shape < 2; shape++)
			for (int form = 0; form < 8; form++) {
				struct ea_table_opts o = { 0 };
				o.noheadings = form & 1;
				o.raw = (form >> 1) == 1;
				o.pairs = (form >> 1) == 2;
				o.color = (form >> 1) == 3;
				o.backend = 1;
				char *want =
				    render_tree(sels[s], nsel, shape, &o);
				o.backend = 2;
				char *got =
				    render_tree(sels[s], nsel, shape, &o);
				CHECK(want && got && !strcmp(want, got));
				if (want && got && strcmp(want, got))
					fprintf(
					    stderr,
					    "tree %zu, shape %d, form %d:\n"
					    "libsmartcols:\n%s\ndirect:\n%s\n",
					    s, shape, form, want, got);
				free(want);
				free(got);
			}
	}
}

/* A table without rows prints nothing, as libsmartcols does. */
static void test_empty(void)
{
	int sel[] = { 0, 1 };
	for (int b = 1; b <= 2; b++) {
		struct ea_table_opts o = { .backend = b };
		struct ea_table *t = ea_table_new(COLS, sel, 2);
		char *buf = NULL;
		size_t len = 0;
		FILE *f = open_memstream(&buf, &len);
		CHECK(ea_table_print(f, t, &o) == 0);
		fclose(f);
		CHECK(len == 0);
		free(buf);
		ea_table_free(t);
	}
}

int main(void)
{
	test_sizes();
	test_columns();
	test_direct_is_libsmartcols();
	test_trees();
	test_empty();
	return t_done();
}
