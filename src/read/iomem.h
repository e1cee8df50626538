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

#include "core/input.h"
#include "core/range.h"

/* The names the audit asks about, told apart once while parsing (a view
 * or a check then compares a number, not the text, which a large input has
 * let go of by then; ea_input_release_pages()). */
enum ea_iomem_known {
	EA_IOMEM_OTHER = 0,
	EA_IOMEM_SYSTEM_RAM,
	EA_IOMEM_SYSTEM_ROM,
	EA_IOMEM_KERNEL_CODE,
	EA_IOMEM_KERNEL_DATA,
	EA_IOMEM_KERNEL_RODATA,
	EA_IOMEM_KERNEL_BSS,
	EA_IOMEM_CRASH_KERNEL,
	EA_IOMEM_ACPI_TABLES,
	EA_IOMEM_RESERVED, /* "reserved" */
};

/* One line. A million-line file makes a million of these, so nothing in it
 * is a pointer: its evidence is line, off and len in the iomem input
 * (ea_iomem_evid()), its name the rest of that line from name_off, trailing
 * blanks dropped (ea_iomem_name()). 40 bytes. */
struct ea_iomem_res {
	struct ea_range r;
	uint32_t line;	/* 1-based */
	uint32_t off;	/* the line's text in the input */
	uint32_t len;	/* without the newline (and a CR before it) */
	int32_t parent; /* index of the parent entry, -1 at top level */
	/* 0 = top level; 24 bits hold any depth an input of at most
	 * EA_MAX_INPUT_BYTES can give (a line is over 16 bytes) */
	uint32_t depth : 24;
	uint32_t known : 8; /* enum ea_iomem_known: the name, classified once */
	uint32_t name_off;  /* where the name starts in the line */
};

#define EA_IOMEM_MAX_DEPTH ((1u << 24) - 1) /* saturates there */

struct ea_iomem {
	EA_VEC(struct ea_iomem_res) res; /* file order */
	bool zeroed;		   /* every address 0: read without root */
	const struct ea_input *in; /* what res was read from */
};

/* Returns false when nothing usable was read (in which case the caller marks
 * the input malformed or zeroed). Bad lines go to diags with their number.
 * Indentation that is not a multiple of two spaces (mail damage: 3-space
 * indents) is accepted: depth is taken from the indent relative to the
 * enclosing entries, and a child must lie inside its parent's range. */
bool ea_iomem_parse(const struct ea_input *in, struct ea_iomem *out,
		    struct ea_diags *diags);
void ea_iomem_free(struct ea_iomem *m);

/* The line an entry was read from. */
struct ea_evid ea_iomem_evid(const struct ea_iomem *m,
			     const struct ea_iomem_res *r);
/* The name, in the input (not NUL-terminated; *len bytes). */
const char *ea_iomem_name(const struct ea_iomem *m,
			  const struct ea_iomem_res *r, size_t *len);
bool ea_iomem_name_is(const struct ea_iomem *m, const struct ea_iomem_res *r,
		      const char *name);
static inline bool ea_iomem_is(const struct ea_iomem_res *r,
			       enum ea_iomem_known k)
{
	return r->known == k;
}

#endif
