/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * One source for what a check means: the man page's CHECKS section is made
 * from the table of check_docs (check/explain.c), which --explain prints.
 * This test holds the man page to the table, every check to one entry and
 * every entry to a check. After editing the table:
 *
 *     build/tests/test_checkdoc --update     # rewrites man/efiresv-audit.8
 */
#include <stdlib.h>
#include <string.h>

#include "check/explain.h"
#include "t.h"

#define MAN TESTDATA "/../man/efiresv-audit.8"
#define START                                                                  \
	".SH CHECKS\nEach finding carries one of these stable identifiers.\n"
#define END ".SH \"EXIT STATUS\"\n"

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "r");
	if (!f)
		return NULL;
	char *buf = NULL;
	size_t n = 0, cap = 0, k;
	char tmp[65536];
	while ((k = fread(tmp, 1, sizeof(tmp), f)) > 0) {
		if (n + k + 1 > cap) {
			cap = (n + k + 1) * 2;
			buf = realloc(buf, cap);
		}
		memcpy(buf + n, tmp, k);
		n += k;
	}
	fclose(f);
	if (buf)
		buf[n] = '\0';
	*len = n;
	return buf;
}

static char *generated(void)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	for (size_t i = 0; i < ea_ncheck_docs; i++)
		ea_check_doc_troff(f, &ea_check_docs[i]);
	fclose(f);
	return buf;
}

int main(int argc, char **argv)
{
	/* every check has one entry, every entry a check */
	for (size_t i = 0; i < ea_nchecks; i++) {
		size_t n = 0;
		for (size_t k = 0; k < ea_ncheck_docs; k++)
			n += !strcmp(ea_checks[i]->id, ea_check_docs[k].id);
		CHECK(n == 1);
		if (n != 1)
			fprintf(stderr, "check %s: %zu entries\n",
				ea_checks[i]->id, n);
	}
	CHECK(ea_ncheck_docs == ea_nchecks);
	for (size_t k = 0; k < ea_ncheck_docs; k++) {
		const struct ea_check_doc *d = &ea_check_docs[k];
		CHECK(ea_check_by_id(d->id) != NULL);
		CHECK(d->text && d->text[0]);
		/* a row or a cause it names exists */
		CHECK(d->rows < (1u << EA_KB_NROWS));
		CHECK(d->causes < (1u << EA_KB_NCAUSES) && !(d->causes & 1u));
	}

	size_t len;
	char *man = slurp(MAN, &len);
	CHECK(man != NULL);
	if (!man)
		return t_done();
	char *a = strstr(man, START), *b = a ? strstr(a, END) : NULL;
	CHECK(a && b);
	if (!a || !b)
		return t_done();
	a += strlen(START);
	char *gen = generated();
	bool same = strlen(gen) == (size_t)(b - a) && !memcmp(a, gen, b - a);
	if (argc > 1 && !strcmp(argv[1], "--update")) {
		if (!same) {
			FILE *f = fopen(MAN, "w");
			CHECK(f != NULL);
			if (f) {
				fwrite(man, 1, (size_t)(a - man), f);
				fputs(gen, f);
				fputs(b, f);
				CHECK(fclose(f) == 0);
			}
			fprintf(stderr, "%s: CHECKS section rewritten\n", MAN);
		}
	} else {
		CHECK(same);
		if (!same)
			fprintf(stderr,
				"%s: the CHECKS section is not the one the "
				"check table makes (build/tests/test_checkdoc "
				"--update rewrites it)\n",
				MAN);
	}
	free(gen);
	free(man);
	return t_done();
}
