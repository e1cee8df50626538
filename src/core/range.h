/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The address-range model. A range is [first, last] with an inclusive last
 * address, as /proc/iomem and the kernel print them, so 2^64-1 is reachable
 * without overflow. Every range in the program is built by ea_range_make() or
 * ea_range_from_size(), the only two places that check bounds.
 *
 * A range set is a sorted array of disjoint, non-adjacent ranges. Building one
 * sorts once (n log n); union, subtraction and intersection are linear merges;
 * point and range queries are binary searches. No operation compares every
 * range with every other range.
 */
#ifndef EA_RANGE_H
#define EA_RANGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct ea_range {
	uint64_t first;
	uint64_t last; /* inclusive */
};

/* false (and *out untouched) when last < first. */
bool ea_range_make(uint64_t first, uint64_t last, struct ea_range *out);
/* false when size == 0 or base + size - 1 wraps past 2^64. */
bool ea_range_from_size(uint64_t base, uint64_t size, struct ea_range *out);
/* Number of bytes; 0 stands for 2^64 (the whole space). */
uint64_t ea_range_size(struct ea_range r);
bool ea_range_overlaps(struct ea_range a, struct ea_range b);
bool ea_range_contains(struct ea_range outer, struct ea_range inner);
int ea_range_cmp(const struct ea_range *a, const struct ea_range *b);

struct ea_rangeset {
	struct ea_range *v;
	size_t n, cap;
	bool normalized;
};

void ea_rangeset_init(struct ea_rangeset *s);
void ea_rangeset_free(struct ea_rangeset *s);
/* Appends; call ea_rangeset_normalize() before any query. A range added
 * in address order is merged with the last one when they overlap or
 * touch, so a set built from sorted ranges stays normalized and small. */
void ea_rangeset_add(struct ea_rangeset *s, struct ea_range r);
/* Room for n ranges, when the caller knows how many it adds. */
void ea_rangeset_reserve(struct ea_rangeset *s, size_t n);
/* Sorts and merges overlapping or adjacent ranges: O(n log n). */
void ea_rangeset_normalize(struct ea_rangeset *s);
/* out = a \ b; a and b normalized; linear. out is sized once (room for
 * a->n + b->n ranges; what is not used is never touched). */
void ea_rangeset_subtract(const struct ea_rangeset *a,
			  const struct ea_rangeset *b, struct ea_rangeset *out);
/* out = a ∩ b; linear. */
void ea_rangeset_intersect(const struct ea_rangeset *a,
			   const struct ea_rangeset *b,
			   struct ea_rangeset *out);
/* Index of the first member that overlaps r, or -1. O(log n). */
long ea_rangeset_first_overlap(const struct ea_rangeset *s, struct ea_range r);
/* true when every byte of r is in the set. O(log n). */
bool ea_rangeset_covers(const struct ea_rangeset *s, struct ea_range r);
/* ea_rangeset_first_overlap() for ranges asked in address order (by first):
 * *hint (0 to start) carries the search on from the last answer, so a walk
 * in order costs one pass; a range below the last one asked is searched
 * for as before. */
long ea_rangeset_first_overlap_from(const struct ea_rangeset *s,
				    struct ea_range r, size_t *hint);

/* Indices (n + 1 allocated, freed by the caller) of n records of size bytes
 * at base, each with its struct ea_range at offset off, in address order: by
 * first, then last, then index. O(n log r) for r runs already in order. */
uint32_t *ea_range_order(const void *base, size_t n, size_t size, size_t off);

#endif
