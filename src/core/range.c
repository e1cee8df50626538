/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "core/range.h"

#include <stdlib.h>
#include <string.h>

#include "core/util.h"

bool ea_range_make(uint64_t first, uint64_t last, struct ea_range *out)
{
	if (last < first)
		return false;
	out->first = first;
	out->last = last;
	return true;
}

bool ea_range_from_size(uint64_t base, uint64_t size, struct ea_range *out)
{
	if (size == 0 || size - 1 > UINT64_MAX - base)
		return false;
	out->first = base;
	out->last = base + (size - 1);
	return true;
}

uint64_t ea_range_size(struct ea_range r)
{
	return r.last - r.first + 1;
}

bool ea_range_overlaps(struct ea_range a, struct ea_range b)
{
	return a.first <= b.last && b.first <= a.last;
}

bool ea_range_contains(struct ea_range outer, struct ea_range inner)
{
	return outer.first <= inner.first && inner.last <= outer.last;
}

int ea_range_cmp(const struct ea_range *a, const struct ea_range *b)
{
	if (a->first != b->first)
		return a->first < b->first ? -1 : 1;
	if (a->last != b->last)
		return a->last < b->last ? -1 : 1;
	return 0;
}

static int cmp_void(const void *a, const void *b)
{
	return ea_range_cmp(a, b);
}

void ea_rangeset_init(struct ea_rangeset *s)
{
	memset(s, 0, sizeof(*s));
	s->normalized = true;
}

void ea_rangeset_free(struct ea_rangeset *s)
{
	free(s->v);
	ea_rangeset_init(s);
}

void ea_rangeset_add(struct ea_rangeset *s, struct ea_range r)
{
	if (s->n && s->normalized) {
		struct ea_range *t = &s->v[s->n - 1];
		/* appending in order keeps the set normalized: a range that
		 * starts inside the last one or right after it extends it
		 * (sorted inputs such as memblock.reserved or the children
		 * of a resource often touch), one past it is appended */
		if (r.first >= t->first &&
		    (t->last == UINT64_MAX || r.first <= t->last + 1)) {
			if (r.last > t->last)
				t->last = r.last;
			return;
		}
		if (r.first < t->first)
			s->normalized = false;
	}
	ea_vec_grow((void **)&s->v, &s->cap, s->n + 1, sizeof(*s->v));
	s->v[s->n++] = r;
}

void ea_rangeset_reserve(struct ea_rangeset *s, size_t n)
{
	ea_vec_grow((void **)&s->v, &s->cap, n, sizeof(*s->v));
}

void ea_rangeset_normalize(struct ea_rangeset *s)
{
	if (s->normalized)
		return;
	ea_sort(s->v, s->n, sizeof(*s->v), cmp_void);
	size_t w = 0;
	for (size_t i = 0; i < s->n; i++) {
		if (w && (s->v[w - 1].last == UINT64_MAX ||
			  s->v[i].first <= s->v[w - 1].last + 1)) {
			if (s->v[i].last > s->v[w - 1].last)
				s->v[w - 1].last = s->v[i].last;
		} else {
			s->v[w++] = s->v[i];
		}
	}
	s->n = w;
	s->normalized = true;
}

static void push(struct ea_rangeset *o, uint64_t first, uint64_t last)
{
	struct ea_range r;
	if (ea_range_make(first, last, &r))
		ea_rangeset_add(o, r);
}

void ea_rangeset_subtract(const struct ea_rangeset *a,
			  const struct ea_rangeset *b, struct ea_rangeset *out)
{
	ea_rangeset_init(out);
	/* every range of b splits at most one range of a in two */
	ea_rangeset_reserve(out, a->n + b->n);
	size_t j = 0;
	for (size_t i = 0; i < a->n; i++) {
		uint64_t cur = a->v[i].first, end = a->v[i].last;
		bool done = false;
		while (j < b->n && b->v[j].last < cur)
			j++;
		for (size_t k = j; k < b->n && b->v[k].first <= end; k++) {
			if (b->v[k].first > cur)
				push(out, cur, b->v[k].first - 1);
			if (b->v[k].last >= end) {
				done = true;
				break;
			}
			cur = b->v[k].last + 1;
		}
		if (!done)
			push(out, cur, end);
	}
	out->normalized = true;
}

void ea_rangeset_intersect(const struct ea_rangeset *a,
			   const struct ea_rangeset *b, struct ea_rangeset *out)
{
	ea_rangeset_init(out);
	/* each step adds at most one range and moves past one input */
	ea_rangeset_reserve(out, a->n + b->n);
	size_t i = 0, j = 0;
	while (i < a->n && j < b->n) {
		uint64_t lo = a->v[i].first > b->v[j].first ? a->v[i].first
							    : b->v[j].first;
		uint64_t hi =
		    a->v[i].last < b->v[j].last ? a->v[i].last : b->v[j].last;
		if (lo <= hi)
			push(out, lo, hi);
		if (a->v[i].last < b->v[j].last)
			i++;
		else
			j++;
	}
	out->normalized = true;
}

/* First member whose last >= addr. */
static size_t lower_bound(const struct ea_rangeset *s, uint64_t addr)
{
	size_t lo = 0, hi = s->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (s->v[mid].last < addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

long ea_rangeset_first_overlap(const struct ea_rangeset *s, struct ea_range r)
{
	size_t i = lower_bound(s, r.first);
	if (i < s->n && s->v[i].first <= r.last)
		return (long)i;
	return -1;
}

long ea_rangeset_first_overlap_from(const struct ea_rangeset *s,
				    struct ea_range r, size_t *hint)
{
	size_t i = *hint;

	/* the members before i end below the last range asked for; a few
	 * steps on from there, else a binary search (never a long walk, in
	 * whatever order the ranges come) */
	if (i > s->n || (i && s->v[i - 1].last >= r.first)) {
		i = lower_bound(s, r.first);
	} else {
		size_t k = 0;
		while (i < s->n && s->v[i].last < r.first && k++ < 8)
			i++;
		if (i < s->n && s->v[i].last < r.first)
			i = lower_bound(s, r.first);
	}
	*hint = i;
	if (i < s->n && s->v[i].first <= r.last)
		return (long)i;
	return -1;
}

bool ea_rangeset_covers(const struct ea_rangeset *s, struct ea_range r)
{
	size_t i = lower_bound(s, r.first);
	return i < s->n && ea_range_contains(s->v[i], r);
}

/* Indices of n records of size bytes at base, each with its range at off,
 * in address order (by range, then index). A list in order but for a few
 * records (a map printed in order, edk2's MMIO last) is merged run by run
 * through the indices, about one pass over records read in sequence. A list
 * in many pieces (a chain filled by many CPUs) has its ranges copied beside
 * their indices first and those keys sorted: a million records are then
 * compared in sequence, not through indices into memory far larger than the
 * caches. */
struct rkey {
	uint64_t first, last;
	uint32_t idx;
};

static bool rkey_le(const struct rkey *x, const struct rkey *y)
{
	if (x->first != y->first)
		return x->first < y->first;
	if (x->last != y->last)
		return x->last < y->last;
	return x->idx <= y->idx;
}

/* Where the run in order that starts at i ends. */
static size_t rkey_run(const struct rkey *v, size_t i, size_t n)
{
	while (++i < n && rkey_le(&v[i - 1], &v[i]))
		;
	return i;
}

struct by_range {
	const char *base;
	size_t size, off;
};

static const struct ea_range *range_at(const struct by_range *b, size_t i)
{
	return (const struct ea_range *)(b->base + i * b->size + b->off);
}

static int by_range_cmp(uint32_t i, uint32_t j, const void *ctx)
{
	int c = ea_range_cmp(range_at(ctx, i), range_at(ctx, j));
	return c ? c : (i > j) - (i < j);
}

/* Past this many runs in order, the keys are copied and sorted. */
#define FEW_RUNS 64

uint32_t *ea_range_order(const void *base, size_t n, size_t size, size_t off)
{
	struct by_range b = { base, size, off };
	uint32_t *o = ea_xcalloc(n + 1, sizeof(*o));
	size_t runs = n > 0;

	for (size_t i = 0; i < n; i++) {
		o[i] = (uint32_t)i;
		if (i && ea_range_cmp(range_at(&b, i - 1), range_at(&b, i)) > 0)
			runs++;
	}
	if (runs <= FEW_RUNS) {
		ea_sort_index(o, n, by_range_cmp, &b);
		return o;
	}
	struct rkey *k = ea_xcalloc(n + 1, sizeof(*k));
	for (size_t i = 0; i < n; i++) {
		const struct ea_range *r = range_at(&b, i);
		k[i].first = r->first;
		k[i].last = r->last;
		k[i].idx = (uint32_t)i;
	}
	struct rkey *tmp = ea_xcalloc(n, sizeof(*tmp)), *src = k, *dst = tmp;
	for (;;) {
		/* each pair of neighbouring runs, src into dst */
		size_t merged = 0;
		for (size_t lo = 0; lo < n; merged++) {
			size_t mid = rkey_run(src, lo, n);
			size_t hi = mid < n ? rkey_run(src, mid, n) : n;
			size_t i = lo, j = mid, w = lo;
			while (i < mid && j < hi)
				dst[w++] = rkey_le(&src[i], &src[j]) ? src[i++]
								     : src[j++];
			while (i < mid)
				dst[w++] = src[i++];
			while (j < hi)
				dst[w++] = src[j++];
			lo = hi;
		}
		struct rkey *t = src;
		src = dst;
		dst = t;
		if (merged == 1)
			break;
	}
	for (size_t i = 0; i < n; i++)
		o[i] = src[i].idx;
	free(k);
	free(tmp);
	return o;
}
