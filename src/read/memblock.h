/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * /sys/kernel/debug/memblock/{memory,reserved} (mm/memblock.c
 * memblock_debug_show()). ≤ 6.4: "%4d: %pa..%pa" (inclusive end); ≥ 6.5 adds
 * the node ("%4d" or "x") and the lowest set flag name (NONE, HOTPLUG, MIRROR,
 * NOMAP, DRV_MNG, RSV_NIT, RSV_KERN, KHO_SCRATCH, UNKNOWN)
 * (kernel-formats.md §7.1).
 */
#ifndef EA_MEMBLOCK_H
#define EA_MEMBLOCK_H

#include <stdbool.h>
#include <stdint.h>

#include "core/input.h"
#include "core/range.h"

enum ea_mb_flag {
	EA_MB_NONE = 0,
	EA_MB_HOTPLUG,
	EA_MB_MIRROR,
	EA_MB_NOMAP,
	EA_MB_DRV_MNG,
	EA_MB_RSV_NIT,
	EA_MB_RSV_KERN,
	EA_MB_KHO_SCRATCH,
	EA_MB_UNKNOWN,
};

struct ea_mb_region {
	struct ea_range r;
	int nid; /* -1 when "x" or not printed */
	enum ea_mb_flag flag;
	struct ea_evid ev;
};

struct ea_memblock {
	EA_VEC(struct ea_mb_region) regions;
	bool has_flags; /* the ≥ 6.5 form: flags are known */
};

/* false when the file has no region line at all (empty or unrecognised). */
bool ea_memblock_parse(const struct ea_input *in, struct ea_memblock *out,
		       struct ea_diags *diags);
void ea_memblock_free(struct ea_memblock *m);

#endif
