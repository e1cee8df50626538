/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The EFI system table against the "efi:" line (cross_systab.h). */
#include "check/cross_systab.h"

#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* --- comparison with the "efi:" line ----------------------------------- */

struct keyed {
	const char *name;
	uint32_t occ;
	size_t idx; /* into entries or cfg */
};

static int keyed_by_name_idx(const void *a, const void *b)
{
	const struct keyed *x = a, *y = b;
	int c = strcmp(x->name, y->name);

	if (c)
		return c;
	return x->idx < y->idx ? -1 : x->idx > y->idx;
}

static int keyed_by_name_occ(const struct keyed *x, const struct keyed *y)
{
	int c = strcmp(x->name, y->name);

	if (c)
		return c;
	return x->occ < y->occ ? -1 : x->occ > y->occ;
}

/* Sorts by (name, index) and numbers each name's occurrences in order. */
static void number_occurrences(struct keyed *k, size_t n)
{
	ea_sort(k, n, sizeof(*k), keyed_by_name_idx);
	for (size_t i = 0; i < n; i++)
		k[i].occ = i && strcmp(k[i].name, k[i - 1].name) == 0
			       ? k[i - 1].occ + 1
			       : 0;
}

static void cmp_add(struct ea_systab_cmps *out,
		    const struct ea_efi_cfg_entry *mem,
		    const struct ea_cfg_table *log, uint32_t occ, bool complete)
{
	struct ea_systab_cmp *c = EA_VEC_PUSH(out->v);

	c->mem = mem;
	c->log = log;
	c->name = mem ? mem->name : log->name;
	c->occurrence = occ;
	c->known_name = ea_efi_cfg_name_by_name(c->name) != NULL;
	if (mem && log)
		c->kind = mem->addr == log->addr ? EA_SYSTAB_CMP_SAME
						 : EA_SYSTAB_CMP_ADDR_DIFFERS;
	else if (mem)
		c->kind = EA_SYSTAB_CMP_ONLY_MEMORY;
	else
		c->kind =
		    complete ? EA_SYSTAB_CMP_ONLY_LOG : EA_SYSTAB_CMP_UNREAD;
	if (c->kind != EA_SYSTAB_CMP_SAME)
		out->ndiff++;
}

void ea_efi_systab_compare(const struct ea_efi_systab *st,
			   const struct ea_dmesg *d, struct ea_systab_cmps *out)
{
	size_t ne = st->entries.n, nm = 0, nl = d->cfg.n;
	struct keyed *m = ea_xcalloc(ne + 1, sizeof(*m));
	struct keyed *g = ea_xcalloc(nl + 1, sizeof(*g));
	/* pair[i]: the log entry paired with entries.v[i], or nl */
	size_t *pair = ea_xcalloc(ne + 1, sizeof(*pair));
	uint32_t *occ = ea_xcalloc(ne + 1, sizeof(*occ));
	uint32_t *locc = ea_xcalloc(nl + 1, sizeof(*locc));
	bool *used = ea_xcalloc(nl + 1, sizeof(*used));

	memset(out, 0, sizeof(*out));
	for (size_t i = 0; i < ne; i++) {
		pair[i] = nl;
		if (!st->entries.v[i].name)
			continue;
		m[nm].name = st->entries.v[i].name;
		m[nm++].idx = i;
	}
	for (size_t j = 0; j < nl; j++) {
		g[j].name = d->cfg.v[j].name;
		g[j].idx = j;
	}
	number_occurrences(m, nm);
	number_occurrences(g, nl);
	for (size_t i = 0; i < nm; i++)
		occ[m[i].idx] = m[i].occ;
	for (size_t j = 0; j < nl; j++)
		locc[g[j].idx] = g[j].occ;

	/* both sorted by (name, occurrence): one merge pairs them */
	for (size_t i = 0, j = 0; i < nm && j < nl;) {
		int o = keyed_by_name_occ(&m[i], &g[j]);

		if (o == 0) {
			pair[m[i].idx] = g[j].idx;
			used[g[j].idx] = true;
		}
		if (o <= 0)
			i++;
		if (o >= 0)
			j++;
	}
	/* firmware order, then what only the log has, in log order */
	for (size_t i = 0; i < ne; i++)
		if (st->entries.v[i].name)
			cmp_add(out, &st->entries.v[i],
				pair[i] < nl ? &d->cfg.v[pair[i]] : NULL,
				occ[i], st->complete);
	for (size_t j = 0; j < nl; j++)
		if (!used[j])
			cmp_add(out, NULL, &d->cfg.v[j], locc[j], st->complete);
	free(m);
	free(g);
	free(pair);
	free(occ);
	free(locc);
	free(used);
}

void ea_systab_cmps_free(struct ea_systab_cmps *c)
{
	EA_VEC_FREE(c->v);
	c->ndiff = 0;
}

const char *ea_systab_cmp_kind_name(enum ea_systab_cmp_kind k)
{
	switch (k) {
	case EA_SYSTAB_CMP_SAME:
		return "same";
	case EA_SYSTAB_CMP_ADDR_DIFFERS:
		return "address differs";
	case EA_SYSTAB_CMP_ONLY_MEMORY:
		return "only in the system table";
	case EA_SYSTAB_CMP_ONLY_LOG:
		return "only on the efi: line";
	case EA_SYSTAB_CMP_UNREAD:
		return "on the efi: line; system table not read whole";
	}
	return "?";
}
