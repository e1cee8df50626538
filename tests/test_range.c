/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The range model: the checked constructors at the 2^64 edge, and the set
 * operations against a brute-force reference on small random sets. */
#include <stddef.h>
#include <stdlib.h>

#include "core/range.h"
#include "t.h"

static void constructors(void)
{
	struct ea_range r = { 7, 7 };
	CHECK(!ea_range_make(2, 1, &r));
	CHECK(r.first == 7); /* untouched on failure */
	CHECK(ea_range_make(5, 5, &r));
	CHECK_U64(ea_range_size(r), 1);
	CHECK(ea_range_make(0, UINT64_MAX, &r));
	CHECK_U64(ea_range_size(r), 0); /* 2^64 wraps to 0, documented */
	CHECK(!ea_range_from_size(0x1000, 0, &r));
	CHECK(ea_range_from_size(UINT64_MAX, 1, &r));
	CHECK_U64(r.first, UINT64_MAX);
	CHECK_U64(r.last, UINT64_MAX);
	CHECK(!ea_range_from_size(UINT64_MAX, 2, &r));
	CHECK(!ea_range_from_size(0xfffffffffffff000ULL, 0x2000, &r));
	CHECK(ea_range_from_size(0xfffffffffffff000ULL, 0x1000, &r));
	CHECK_U64(r.last, UINT64_MAX);
	CHECK(ea_range_from_size(0x401b0000, 0x10000, &r));
	CHECK_U64(r.last, 0x401bffff);
}

static void set_basics(void)
{
	struct ea_rangeset s, t, o;
	struct ea_range r;
	ea_rangeset_init(&s);
	ea_range_make(10, 19, &r);
	ea_rangeset_add(&s, r);
	ea_range_make(20, 29, &r); /* adjacent: merges */
	ea_rangeset_add(&s, r);
	ea_range_make(0, 4, &r); /* out of order */
	ea_rangeset_add(&s, r);
	ea_range_make(UINT64_MAX - 1, UINT64_MAX, &r);
	ea_rangeset_add(&s, r);
	ea_rangeset_normalize(&s);
	CHECK(s.n == 3);
	CHECK_U64(s.v[1].first, 10);
	CHECK_U64(s.v[1].last, 29);

	ea_range_make(5, 9, &r);
	CHECK(ea_rangeset_first_overlap(&s, r) == -1);
	ea_range_make(5, 10, &r);
	CHECK(ea_rangeset_first_overlap(&s, r) == 1);
	CHECK(!ea_rangeset_covers(&s, r));
	ea_range_make(12, 29, &r);
	CHECK(ea_rangeset_covers(&s, r));
	ea_range_make(UINT64_MAX, UINT64_MAX, &r);
	CHECK(ea_rangeset_covers(&s, r));

	ea_rangeset_init(&t);
	ea_range_make(15, 16, &r);
	ea_rangeset_add(&t, r);
	ea_range_make(0, UINT64_MAX - 1, &r);
	ea_rangeset_add(&t, r);
	ea_rangeset_normalize(&t);
	ea_rangeset_subtract(&s, &t, &o);
	CHECK(o.n == 1);
	CHECK_U64(o.v[0].first, UINT64_MAX);
	ea_rangeset_free(&o);
	ea_rangeset_free(&t);
	ea_rangeset_free(&s);

	/* added in address order, ranges merge as they come */
	ea_rangeset_init(&s);
	ea_range_make(0, 9, &r);
	ea_rangeset_add(&s, r);
	ea_range_make(5, 12, &r); /* overlaps */
	ea_rangeset_add(&s, r);
	ea_range_make(13, 20, &r); /* touches */
	ea_rangeset_add(&s, r);
	ea_range_make(22, 30, &r); /* a gap */
	ea_rangeset_add(&s, r);
	ea_range_make(22, 25, &r); /* inside, same start */
	ea_rangeset_add(&s, r);
	CHECK(s.normalized);
	CHECK(s.n == 2);
	CHECK_U64(s.v[0].last, 20);
	CHECK_U64(s.v[1].last, 30);
	ea_range_make(UINT64_MAX - 3, UINT64_MAX, &r);
	ea_rangeset_add(&s, r);
	ea_range_make(UINT64_MAX, UINT64_MAX, &r);
	ea_rangeset_add(&s, r);
	CHECK(s.normalized);
	CHECK(s.n == 3);
	ea_range_make(1, 2, &r); /* out of order */
	ea_rangeset_add(&s, r);
	CHECK(!s.normalized);
	ea_rangeset_normalize(&s);
	CHECK(s.n == 3);
	CHECK_U64(s.v[2].first, UINT64_MAX - 3);
	ea_rangeset_free(&s);
}

/* Random sets over [0, 256) against a bitmap. */
static void fill(struct ea_rangeset *s, unsigned char *bits)
{
	ea_rangeset_init(s);
	memset(bits, 0, 256);
	int n = rand() % 8;
	for (int i = 0; i < n; i++) {
		uint64_t a = (uint64_t)(rand() % 256),
			 b = a + (uint64_t)(rand() % 40);
		if (b > 255)
			b = 255;
		struct ea_range r;
		ea_range_make(a, b, &r);
		ea_rangeset_add(s, r);
		for (uint64_t k = a; k <= b; k++)
			bits[k] = 1;
	}
	ea_rangeset_normalize(s);
}

static int bitmap_of(const struct ea_rangeset *s, unsigned char *bits)
{
	memset(bits, 0, 256);
	for (size_t i = 0; i < s->n; i++) {
		if (i && s->v[i].first <= s->v[i - 1].last + 1)
			return 0; /* not disjoint and non-adjacent */
		for (uint64_t k = s->v[i].first; k <= s->v[i].last; k++)
			bits[k] = 1;
	}
	return 1;
}

static void random_ops(void)
{
	srand(12345);
	unsigned bad = 0;
	for (int iter = 0; iter < 2000; iter++) {
		unsigned char a[256], b[256], got[256];
		struct ea_rangeset sa, sb, so;
		fill(&sa, a);
		fill(&sb, b);
		ea_rangeset_subtract(&sa, &sb, &so);
		if (!bitmap_of(&so, got))
			bad++;
		for (int k = 0; k < 256; k++)
			if (got[k] != (a[k] && !b[k]))
				bad++;
		ea_rangeset_free(&so);
		ea_rangeset_intersect(&sa, &sb, &so);
		if (!bitmap_of(&so, got))
			bad++;
		for (int k = 0; k < 256; k++)
			if (got[k] != (a[k] && b[k]))
				bad++;
		ea_rangeset_free(&so);
		/* queries */
		uint64_t x = (uint64_t)(rand() % 256),
			 y = x + (uint64_t)(rand() % 16);
		if (y > 255)
			y = 255;
		struct ea_range q;
		ea_range_make(x, y, &q);
		int any = 0, all = 1;
		for (uint64_t k = x; k <= y; k++) {
			any |= a[k];
			all &= a[k];
		}
		if ((ea_rangeset_first_overlap(&sa, q) >= 0) != any)
			bad++;
		if (ea_rangeset_covers(&sa, q) != all)
			bad++;
		/* the same with a hint carried over 64 queries: half of the
		 * walks in address order (the case it is for), half in any
		 * order */
		size_t hint = 0;
		uint64_t lo = 0;
		for (int k = 0; k < 64; k++) {
			uint64_t f = iter % 2 ? (uint64_t)(rand() % 256)
					      : lo + (uint64_t)(rand() % 8);
			if (f > 255)
				break;
			lo = f;
			ea_range_make(f, f + (uint64_t)(rand() % 4), &q);
			if (ea_rangeset_first_overlap_from(&sa, q, &hint) !=
			    ea_rangeset_first_overlap(&sa, q))
				bad++;
		}
		ea_rangeset_free(&sa);
		ea_rangeset_free(&sb);
	}
	CHECK(bad == 0);
}

/* ea_range_order against a plain sort of (first, last, index), on records
 * laid out like the audit's (the range inside a larger record): sorted,
 * sorted but for the last few (edk2's MMIO), reversed, random with ties. */
struct rec {
	uint32_t tag;
	struct ea_range r;
	char pad[12];
};

static int ref_cmp(const void *x, const void *y, void *ctx)
{
	const struct rec *v = ctx;
	uint32_t i = *(const uint32_t *)x, j = *(const uint32_t *)y;
	if (v[i].r.first != v[j].r.first)
		return v[i].r.first < v[j].r.first ? -1 : 1;
	if (v[i].r.last != v[j].r.last)
		return v[i].r.last < v[j].r.last ? -1 : 1;
	return (i > j) - (i < j);
}

static void range_order(void)
{
	srand(777);
	unsigned bad = 0;
	for (int shape = 0; shape < 4; shape++) {
		for (size_t n = 0; n < 600; n += 1 + n / 3) {
			struct rec *v = calloc(n + 1, sizeof(*v));
			uint32_t *ref = calloc(n + 1, sizeof(*ref));
			for (size_t i = 0; i < n; i++) {
				uint64_t f =
				    shape == 0	 ? i * 16
				    : shape == 1 ? (i + 5 < n ? i * 16 : i % 7)
				    : shape == 2 ? (n - i) * 16
						 : (uint64_t)(rand() % 50);
				ea_range_make(f, f + (uint64_t)(rand() % 3),
					      &v[i].r);
				ref[i] = (uint32_t)i;
			}
			qsort_r(ref, n, sizeof(*ref), ref_cmp, v);
			uint32_t *o = ea_range_order(v, n, sizeof(*v),
						     offsetof(struct rec, r));
			for (size_t i = 0; i < n; i++)
				bad += o[i] != ref[i];
			free(o);
			free(ref);
			free(v);
		}
	}
	CHECK_U64(bad, 0);
}

int main(void)
{
	range_order();
	constructors();
	set_basics();
	random_ops();
	return t_done();
}
