/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The kexec log reader (kexeclog.c) over arbitrary text, and the collision
 * check over what it read: every segment with a range has mem + memsz - 1
 * as its end, and every collision overlap lies in both ranges. */
#include <stdlib.h>

#include "fuzz.h"
#include "model/overlap.h"
#include "read/kexeclog.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ea_input in = { .name = "kexec_log" };
	struct ea_diags diags = { 0 };
	struct ea_kexeclog k;
	ea_input_set_data(&in, (const char *)data, size);
	ea_kexeclog_parse(&in, &k, &diags);
	for (size_t i = 0; i < k.loads.n; i++) {
		const struct ea_kl_load *l = &k.loads.v[i];
		if (!l->seg.n)
			__builtin_trap();
		for (size_t s = 0; s < l->seg.n; s++) {
			const struct ea_kl_segment *g = &l->seg.v[s];
			if (g->has_range &&
			    (g->r.first != g->mem ||
			     g->r.last - g->r.first + 1 != g->memsz))
				__builtin_trap();
		}
	}
	/* a protected range per segment start, to exercise the check */
	struct ea_protected prot[8] = { 0 };
	size_t np = 0;
	for (size_t i = 0; i < k.loads.n && np < 8; i++)
		for (size_t s = 0; s < k.loads.v[i].seg.n && np < 8; s++)
			if (k.loads.v[i].seg.v[s].has_range)
				ea_range_from_size(k.loads.v[i].seg.v[s].mem,
						   16, &prot[np++].r);
	ea_kl_collision_vec col = { 0 };
	ea_kexeclog_overlaps(&k, prot, np);
	ea_kexeclog_check(&k, prot, np, &col);
	for (size_t i = 0; i < col.n; i++) {
		const struct ea_kl_load *l = &k.loads.v[col.v[i].load];
		if (!ea_range_contains(l->seg.v[col.v[i].seg].r,
				       col.v[i].overlap) ||
		    !ea_range_contains(prot[col.v[i].prot].r, col.v[i].overlap))
			__builtin_trap();
	}
	EA_VEC_FREE(col);
	ea_kexeclog_free(&k);
	ea_diags_free(&diags);
	ea_input_free(&in);
	return 0;
}
