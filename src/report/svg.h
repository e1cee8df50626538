/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A picture of the physical address space for bug reports (--svg, --html):
 * a broken scale (every stretch that holds something is drawn, long empty
 * stretches compressed and marked), one lane per source — the EFI map by
 * type, /proc/iomem (top level and reserved children), memblock.reserved,
 * the MEMRESERVE chain — the protected ranges coloured by each loader's
 * answer, each loader's free memory, and the what-if's or a loaded image's
 * segments. Every shape carries its evidence line as a <title>. Like the
 * other reports it draws what the audit decided and decides nothing.
 */
#ifndef EA_SVG_H
#define EA_SVG_H

#include <stdio.h>

struct ea_audit;

/* The colours the picture uses for an answer (tests read them back from a
 * rendering). */
#define EA_SVG_ESCAPES "#d62728"
#define EA_SVG_PROTECTED "#2ca02c"
#define EA_SVG_UNKNOWN "#ff9f1c"
/* an escape from a loader the kernel is built without: a latent risk */
#define EA_SVG_LATENT "#ff9896"

/* Writes a standalone SVG document. Returns 0, or -1 on a write error. */
int ea_emit_svg(FILE *f, const struct ea_audit *a);
/* Writes one self-contained HTML page: the headline, the picture and a
 * legend. Returns 0, or -1 on a write error. */
int ea_emit_html(FILE *f, const struct ea_audit *a);

#endif
