/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Which protected ranges a loaded image's segments overlap: found once,
 * after the protected ranges are final, for the check and both reports.
 */
#ifndef EA_OVERLAP_H
#define EA_OVERLAP_H

#include <stddef.h>
#include <stdint.h>

#include "core/range.h"
#include "model/model.h"
#include "read/kexeclog.h"

/* Protected ranges sorted by address with a running maximum of their ends,
 * so the ranges a segment overlaps are found without comparing every
 * segment with every range. */
struct ea_prot_index {
	const struct ea_protected *prot;
	size_t n;
	size_t *ord;	   /* prot indices by (first, last) */
	uint64_t *maxlast; /* max of prot[ord[0..i]].r.last */
};
void ea_prot_index_build(struct ea_prot_index *ix,
			 const struct ea_protected *prot, size_t n);
/* Indices (into prot) of the ranges that overlap r, in address order, at
 * most max of them written to out; returns how many overlap in all. */
size_t ea_prot_index_hits(const struct ea_prot_index *ix, struct ea_range r,
			  size_t *out, size_t max);
void ea_prot_index_free(struct ea_prot_index *ix);

struct ea_kl_collision {
	size_t load, seg; /* indices into loads and loads[load].seg */
	size_t prot;	  /* index into the protected ranges given */
	struct ea_range overlap;
};
typedef EA_VEC(struct ea_kl_collision) ea_kl_collision_vec;

/* Finds, once, the protected ranges each segment with a range overlaps
 * (its hits): the check and both reports read them. Again after prot
 * changed. */
void ea_kexeclog_overlaps(struct ea_kexeclog *k,
			  const struct ea_protected *prot, size_t nprot);

/* Every (segment, protected range) pair that overlaps, loads in order,
 * segments in order, protected ranges by address, from the hits of
 * ea_kexeclog_overlaps() on the same prot. Failed loads are checked too
 * (the caller decides what a failed load means). */
void ea_kexeclog_check(const struct ea_kexeclog *k,
		       const struct ea_protected *prot, size_t nprot,
		       ea_kl_collision_vec *out);

#endif
