/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The EFI map buffer against the printed map (cross_efimap.h). */
#include "check/cross_efimap.h"

#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct key {
	uint64_t first;
	size_t idx;
};

static int key_cmp(const void *a, const void *b)
{
	const struct key *x = a, *y = b;

	if (x->first != y->first)
		return x->first < y->first ? -1 : 1;
	return x->idx < y->idx ? -1 : x->idx > y->idx;
}

static struct key *keys(const struct ea_efi_desc *d, size_t n)
{
	struct key *k = ea_xcalloc(n, sizeof(*k));

	for (size_t i = 0; i < n; i++) {
		k[i].first = d[i].r.first;
		k[i].idx = i;
	}
	ea_sort(k, n, sizeof(*k), key_cmp);
	return k;
}

struct pair {
	size_t mem, log;
};

static int pair_cmp(const void *a, const void *b)
{
	const struct pair *x = a, *y = b;

	return x->mem < y->mem ? -1 : x->mem > y->mem;
}

static int diff_cmp(const void *a, const void *b)
{
	const struct ea_efimap_diff *x = a, *y = b;

	if (x->has_mem != y->has_mem)
		return x->has_mem ? -1 : 1;
	size_t i = x->has_mem ? x->mem_index : x->log_index;
	size_t j = y->has_mem ? y->mem_index : y->log_index;
	return i < j ? -1 : i > j;
}

bool ea_efimap_compare(const struct ea_efi_desc *mem, size_t nmem,
		       const struct ea_efi_desc *log, size_t nlog,
		       struct ea_efimap_cmp *out)
{
	if (!nmem || !nlog)
		return false;
	struct key *a = keys(mem, nmem), *b = keys(log, nlog);
	struct pair *pairs =
	    ea_xcalloc(nmem < nlog ? nmem : nlog, sizeof(*pairs));
	size_t i = 0, j = 0, np = 0;

	while (i < nmem || j < nlog) {
		struct ea_efimap_diff *d;
		if (j == nlog || (i < nmem && a[i].first < b[j].first)) {
			d = EA_VEC_PUSH(out->diffs);
			d->kind = EA_EFIMAP_NOT_PRINTED;
			d->has_mem = true;
			d->mem = mem[a[i].idx];
			d->mem_index = a[i].idx;
			i++;
			continue;
		}
		if (i == nmem || b[j].first < a[i].first) {
			d = EA_VEC_PUSH(out->diffs);
			d->kind = EA_EFIMAP_NOT_IN_MEMORY;
			d->has_log = true;
			d->log = log[b[j].idx];
			d->log_index = b[j].idx;
			j++;
			continue;
		}
		const struct ea_efi_desc *x = &mem[a[i].idx],
					 *y = &log[b[j].idx];
		unsigned what = 0;
		if (x->r.last != y->r.last)
			what |= EA_EFIMAP_DIFF_END;
		if (x->type != y->type)
			what |= EA_EFIMAP_DIFF_TYPE;
		if (x->attr != y->attr)
			what |= EA_EFIMAP_DIFF_ATTR;
		pairs[np].mem = a[i].idx;
		pairs[np].log = b[j].idx;
		np++;
		if (what) {
			d = EA_VEC_PUSH(out->diffs);
			d->kind = EA_EFIMAP_DIFFERS;
			d->what = what;
			d->has_mem = d->has_log = true;
			d->mem = *x;
			d->log = *y;
			d->mem_index = a[i].idx;
			d->log_index = b[j].idx;
		} else {
			out->matched++;
		}
		i++;
		j++;
	}
	ea_sort(pairs, np, sizeof(*pairs), pair_cmp);
	for (size_t k = 1; k < np; k++)
		if (pairs[k].log < pairs[k - 1].log)
			out->order_differs = true;
	ea_sort(out->diffs.v, out->diffs.n, sizeof(*out->diffs.v), diff_cmp);
	free(a);
	free(b);
	free(pairs);
	return true;
}

static void desc_text(const struct ea_efi_desc *d, char *buf, size_t n)
{
	snprintf(buf, n, "0x%016llx-0x%016llx %s attr 0x%llx",
		 (unsigned long long)d->r.first, (unsigned long long)d->r.last,
		 ea_efi_type_name(d->type), (unsigned long long)d->attr);
}

void ea_efimap_diff_text(const struct ea_efimap_diff *d, char *buf, size_t n)
{
	char m[96], l[96], what[48];

	if (!n)
		return;
	switch (d->kind) {
	case EA_EFIMAP_NOT_PRINTED:
		desc_text(&d->mem, m, sizeof(m));
		snprintf(buf, n,
			 "%s: in the EFI map in memory (descriptor %zu) but "
			 "not printed by the kernel",
			 m, d->mem_index);
		return;
	case EA_EFIMAP_NOT_IN_MEMORY:
		desc_text(&d->log, l, sizeof(l));
		snprintf(buf, n,
			 "%s: printed by the kernel but not in the EFI map in "
			 "memory",
			 l);
		return;
	case EA_EFIMAP_DIFFERS:
		desc_text(&d->mem, m, sizeof(m));
		desc_text(&d->log, l, sizeof(l));
		snprintf(what, sizeof(what), "%s%s%s",
			 d->what & EA_EFIMAP_DIFF_END ? " end" : "",
			 d->what & EA_EFIMAP_DIFF_TYPE ? " type" : "",
			 d->what & EA_EFIMAP_DIFF_ATTR ? " attributes" : "");
		snprintf(buf, n,
			 "descriptor %zu differs from the printed one in%s: "
			 "memory has %s, the kernel printed %s",
			 d->mem_index, what, m, l);
		return;
	}
	buf[0] = '\0';
}

void ea_efimap_cmp_free(struct ea_efimap_cmp *c)
{
	EA_VEC_FREE(c->diffs);
	memset(c, 0, sizeof(*c));
}
