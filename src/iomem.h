/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * /proc/iomem: the resource tree (kernel/resource.c r_show(): "%*s%0*llx-%0*llx
 * : %s", two spaces of indent per level, inclusive ends, lowercase hex).
 * A reader without CAP_SYS_ADMIN sees every address as 0: such a file is
 * marked zeroed and carries no addresses (kernel-formats.md §6).
 */
#ifndef EA_IOMEM_H
#define EA_IOMEM_H

#include <stdbool.h>
#include <stdint.h>

#include "input.h"
#include "range.h"

/* One line. A million-line file makes a million of these, so the name is
 * not a pointer: it is the name_len bytes at name_off in the line (ev). */
struct ea_iomem_res {
	struct ea_range r;
	struct ea_evid ev;
	int32_t parent; /* index of the parent entry, -1 at top level */
	uint32_t depth; /* 0 = top level */
	uint32_t name_off, name_len;
};

struct ea_iomem {
	EA_VEC(struct ea_iomem_res) res; /* file order */
	bool zeroed; /* every address 0: read without root */
};

/* Returns false when nothing usable was read (in which case the caller marks
 * the input malformed or zeroed). Bad lines go to diags with their number.
 * Indentation that is not a multiple of two spaces (mail damage: 3-space
 * indents) is accepted: depth is taken from the indent relative to the
 * enclosing entries, and a child must lie inside its parent's range. */
bool ea_iomem_parse(const struct ea_input *in, struct ea_iomem *out,
		    struct ea_diags *diags);
void ea_iomem_free(struct ea_iomem *m);

bool ea_iomem_name_is(const struct ea_iomem_res *r, const char *name);
/* The name, in the input (not NUL-terminated; name_len bytes). */
const char *ea_iomem_name(const struct ea_iomem_res *r);

#endif
