/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Loaded segments against the protected ranges (overlap.h). */
#include "model/overlap.h"

#include <stdlib.h>
#include <string.h>

/* ---- protected ranges by address -------------------------------------- */

static int ord_cmp(const void *x, const void *y, void *ctx)
{
	const struct ea_protected *prot = ctx;
	size_t a = *(const size_t *)x, b = *(const size_t *)y;
	int c = ea_range_cmp(&prot[a].r, &prot[b].r);
	if (c)
		return c;
	return a < b ? -1 : a > b;
}

void ea_prot_index_build(struct ea_prot_index *ix,
			 const struct ea_protected *prot, size_t n)
{
	ix->prot = prot;
	ix->n = n;
	ix->ord = ea_xcalloc(n + 1, sizeof(*ix->ord));
	ix->maxlast = ea_xcalloc(n + 1, sizeof(*ix->maxlast));
	for (size_t i = 0; i < n; i++)
		ix->ord[i] = i;
	if (n > 1)
		qsort_r(ix->ord, n, sizeof(*ix->ord), ord_cmp,
			(void *)(uintptr_t)prot);
	for (size_t i = 0; i < n; i++) {
		uint64_t l = prot[ix->ord[i]].r.last;
		ix->maxlast[i] =
		    i && ix->maxlast[i - 1] > l ? ix->maxlast[i - 1] : l;
	}
}

size_t ea_prot_index_hits(const struct ea_prot_index *ix, struct ea_range r,
			  size_t *out, size_t max)
{
	/* lo = how many start at or below r.last */
	size_t lo = 0, hi = ix->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (ix->prot[ix->ord[mid]].r.first <= r.last)
			lo = mid + 1;
		else
			hi = mid;
	}
	/* Walk down while some range at or below still reaches r.first
	 * (maxlast is a running maximum): only ranges that can overlap are
	 * visited. They come out highest first. */
	EA_VEC(size_t) found = { 0 };
	for (size_t i = lo; i > 0 && ix->maxlast[i - 1] >= r.first; i--) {
		size_t k = ix->ord[i - 1];
		if (ix->prot[k].r.last >= r.first)
			*EA_VEC_PUSH(found) = k;
	}
	size_t count = found.n;
	for (size_t j = 0; j < count && j < max; j++)
		out[j] = found.v[count - 1 - j];
	EA_VEC_FREE(found);
	return count;
}

void ea_prot_index_free(struct ea_prot_index *ix)
{
	free(ix->ord);
	free(ix->maxlast);
	ix->ord = NULL;
	ix->maxlast = NULL;
	ix->n = 0;
}

void ea_kexeclog_overlaps(struct ea_kexeclog *k,
			  const struct ea_protected *prot, size_t nprot)
{
	struct ea_prot_index ix;
	ea_prot_index_build(&ix, prot, nprot);
	size_t *hits = ea_xcalloc(nprot + 1, sizeof(*hits));
	for (size_t li = 0; li < k->loads.n; li++) {
		struct ea_kl_load *l = &k->loads.v[li];
		for (size_t si = 0; si < l->seg.n; si++) {
			struct ea_kl_segment *s = &l->seg.v[si];
			free(s->hits);
			s->hits = NULL;
			s->nhits = 0;
			if (!s->has_range)
				continue;
			s->nhits = ea_prot_index_hits(&ix, s->r, hits, nprot);
			s->hits = ea_xcalloc(s->nhits + 1, sizeof(*s->hits));
			memcpy(s->hits, hits, s->nhits * sizeof(*hits));
		}
	}
	free(hits);
	ea_prot_index_free(&ix);
}

void ea_kexeclog_check(const struct ea_kexeclog *k,
		       const struct ea_protected *prot, size_t nprot,
		       ea_kl_collision_vec *out)
{
	for (size_t li = 0; li < k->loads.n; li++) {
		const struct ea_kl_load *l = &k->loads.v[li];
		for (size_t si = 0; si < l->seg.n; si++) {
			const struct ea_kl_segment *s = &l->seg.v[si];
			for (size_t h = 0; h < s->nhits; h++) {
				if (s->hits[h] >= nprot)
					continue;
				const struct ea_range *pr = &prot[s->hits[h]].r;
				struct ea_kl_collision *c = EA_VEC_PUSH(*out);
				c->load = li;
				c->seg = si;
				c->prot = s->hits[h];
				ea_range_make(
				    pr->first > s->r.first ? pr->first
							   : s->r.first,
				    pr->last < s->r.last ? pr->last : s->r.last,
				    &c->overlap);
			}
		}
	}
}
