// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * /sys/kernel/debug/memblock/{memory,reserved} reader. The format is
 * mm/memblock.c memblock_debug_show() (kernel-formats.md §7.1):
 *
 *	≤ 6.4:	"%4d: %pa..%pa\n"
 *	≥ 6.5:	"%4d: %pa..%pa " then "%4d " (node) or "%4c " with 'x', then
 *		the name of the lowest set flag, "NONE" or "UNKNOWN".
 *
 * %pa is "0x" and 16 hex digits (8 with a 32-bit phys_addr_t); the end is
 * base + size - 1, inclusive.
 */
#include "read/memblock.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "core/cursor.h"
#include "core/util.h"

/* "0: 0x0..0x0", the shortest region line */
#define MB_MIN_LINE 11
/* Regions allocated up front at most (about 200 MB) */
#define MB_PREALLOC_MAX ((size_t)1 << 22)

/* In enum ea_mb_flag order; "UNKNOWN" is what the kernel prints for a flag
 * bit it has no name for. */
static const char *const mb_flag_names[] = {
	[EA_MB_NONE] = "NONE",	       [EA_MB_HOTPLUG] = "HOTPLUG",
	[EA_MB_MIRROR] = "MIRROR",     [EA_MB_NOMAP] = "NOMAP",
	[EA_MB_DRV_MNG] = "DRV_MNG",   [EA_MB_RSV_NIT] = "RSV_NIT",
	[EA_MB_RSV_KERN] = "RSV_KERN", [EA_MB_KHO_SCRATCH] = "KHO_SCRATCH",
	[EA_MB_UNKNOWN] = "UNKNOWN",
};

static bool flag_from_word(const char *s, size_t n, enum ea_mb_flag *out)
{
	for (size_t i = 0; i < sizeof(mb_flag_names) / sizeof(*mb_flag_names);
	     i++) {
		if (strlen(mb_flag_names[i]) == n &&
		    memcmp(mb_flag_names[i], s, n) == 0) {
			*out = (enum ea_mb_flag)i;
			return true;
		}
	}
	return false;
}

/* Reads "0x<hex>" at the cursor; what names it in the diag. */
static bool read_pa(struct ea_cur *c, uint64_t *out, size_t *digits,
		    const char *what, struct ea_diags *diags, struct ea_evid ev)
{
	size_t at = c->i;

	if (!ea_cur_take_0x(c, out)) {
		ea_diag_add(diags, ev,
			    "expected the %s address as 0x and at most 16 hex "
			    "digits (\"<i>: 0x<base>..0x<end>\"); line ignored",
			    what);
		return false;
	}
	*digits = c->i - at - 2;
	return true;
}

/*
 * "<index>: 0x<base>..0x<end>", the part every kernel prints: *idx the
 * printed index, rg->r the region, *dummy set for the one region of an
 * empty array. False after a diag when the line is not one.
 */
static bool read_region(struct ea_cur *c, struct ea_mb_region *rg,
			uint64_t *idx, bool *dummy, struct ea_diags *diags,
			struct ea_evid ev)
{
	size_t d0, d1;
	uint64_t base, end;

	ea_cur_ws(c);
	if (!ea_cur_take_dec(c, idx) || !ea_cur_skip(c, ":")) {
		ea_diag_add(diags, ev,
			    "not a memblock line: expected \"<index>: "
			    "0x<base>..0x<end>\"; line ignored");
		return false;
	}
	ea_cur_ws(c);
	if (!read_pa(c, &base, &d0, "base", diags, ev))
		return false;
	if (!ea_cur_skip(c, "..")) {
		ea_diag_add(diags, ev,
			    "expected \"..\" between the base and end "
			    "addresses; line ignored");
		return false;
	}
	if (!read_pa(c, &end, &d1, "end", diags, ev))
		return false;

	/*
	 * An empty array keeps one dummy region of size 0 (memblock's "empty
	 * dummy entry"), which prints as base 0, end 0 - 1. No real region
	 * can look like this: memblock_cap_size() keeps base + size within
	 * phys_addr_t, so end is never the all-ones value from base 0.
	 */
	*dummy =
	    base == 0 && (end == UINT64_MAX || (d1 <= 8 && end == UINT32_MAX));
	if (!*dummy && !ea_range_make(base, end, &rg->r)) {
		ea_diag_add(diags, ev,
			    "end 0x%llx is below base 0x%llx; expected an "
			    "inclusive range; line ignored",
			    (unsigned long long)end, (unsigned long long)base);
		return false;
	}
	return true;
}

/* The ≥ 6.5 columns after the end address and a blank: the node (a
 * number, or 'x' for none) and the name of the region's lowest flag. False
 * after a diag when they are not there. */
static bool read_node_flag(struct ea_cur *c, struct ea_mb_region *rg,
			   struct ea_diags *diags, struct ea_evid ev)
{
	uint64_t v;

	if (!ea_cur_skip(c, "x")) {
		if (!ea_cur_take_dec(c, &v) || v > INT_MAX) {
			ea_diag_add(diags, ev,
				    "expected the node (a number or 'x') after "
				    "the end address; line ignored");
			return false;
		}
		rg->nid = (int)v;
	}
	if (!ea_cur_ws(c) || ea_cur_done(c)) {
		ea_diag_add(diags, ev,
			    "expected the flag name (NONE, NOMAP, ...) after "
			    "the node; line ignored");
		return false;
	}
	const char *word = ea_cur_at(c);
	size_t wn = ea_cur_upto(c, " \t", SIZE_MAX);

	if (!ea_cur_blank_rest(c)) {
		ea_diag_add(diags, ev,
			    "expected nothing after the flag name; line "
			    "ignored");
		return false;
	}
	if (!flag_from_word(word, wn, &rg->flag)) {
		/*
		 * A flag name from a newer kernel: the region itself is
		 * still good, only its flag is not known.
		 */
		rg->flag = EA_MB_UNKNOWN;
		ea_diag_add(diags, ev,
			    "unknown memblock flag \"%.*s\"; expected one of "
			    "NONE HOTPLUG MIRROR NOMAP DRV_MNG RSV_NIT "
			    "RSV_KERN KHO_SCRATCH UNKNOWN; taken as UNKNOWN",
			    (int)(wn > 32 ? 32 : wn), word);
	}
	return true;
}

/*
 * One region line. Returns false (after a diag) when it is not one; sets
 * *with_flags when the ≥ 6.5 node and flag columns are present, *idx to the
 * printed index.
 */
static bool parse_line(struct ea_cur *c, struct ea_mb_region *rg,
		       bool *with_flags, uint64_t *idx, bool *dummy,
		       struct ea_diags *diags, struct ea_evid ev)
{
	if (!read_region(c, rg, idx, dummy, diags, ev))
		return false;
	rg->nid = -1;
	rg->flag = EA_MB_NONE;
	rg->ev = ev;

	if (ea_cur_blank_rest(c)) {
		*with_flags = false; /* ≤ 6.4 */
		return true;
	}
	if (!ea_cur_ws(c)) {
		ea_diag_add(diags, ev,
			    "expected a blank after the end address; line "
			    "ignored");
		return false;
	}
	if (!read_node_flag(c, rg, diags, ev))
		return false;
	*with_flags = true;
	return true;
}

/* A region a line: sized once (a file of short junk lines cannot ask for
 * more than MB_PREALLOC_MAX; past it the vector grows). */
static void prealloc(const struct ea_input *in, struct ea_memblock *out)
{
	size_t nl = ea_count_lines(in->data, in->len);

	if (nl > in->len / MB_MIN_LINE + 1)
		nl = in->len / MB_MIN_LINE + 1;
	if (nl > MB_PREALLOC_MAX)
		nl = MB_PREALLOC_MAX;
	ea_vec_grow((void **)&out->regions.v, &out->regions.cap, nl,
		    sizeof(*out->regions.v));
}

/* What the lines read so far say about the file as a whole. */
struct mb_seq {
	uint64_t next_idx; /* the index the next region should have */
	bool lost;	   /* the line before was reported unreadable */
	bool seen;	   /* a region line was read */
	bool first_flags;  /* the first one had the ≥ 6.5 columns */
};

/* A region line read (index idx): the kernel numbers regions from 0
 * without gaps, and a file has the node and flag columns on every line
 * or on none. */
static void check_sequence(struct mb_seq *q, uint64_t idx, bool with_flags,
			   struct ea_diags *diags, struct ea_evid ev)
{
	/* a jump means lines were lost (mail, a truncated copy), unless it
	 * is explained by a line already reported */
	if (idx != q->next_idx && !q->lost)
		ea_diag_add(diags, ev,
			    "region index %llu where %llu was "
			    "expected: a line may be missing",
			    (unsigned long long)idx,
			    (unsigned long long)q->next_idx);
	q->next_idx = idx + 1;
	q->lost = false;

	if (!q->seen) {
		q->first_flags = with_flags;
	} else if (with_flags != q->first_flags) {
		ea_diag_add(diags, ev,
			    "%s node and flag columns, unlike the "
			    "first region line: two files mixed?",
			    with_flags ? "has" : "lacks");
	}
	q->seen = true;
}

bool ea_memblock_parse(const struct ea_input *in, struct ea_memblock *out,
		       struct ea_diags *diags)
{
	struct ea_line_iter it;
	const char *line;
	size_t len;
	struct mb_seq q = { 0 };

	memset(out, 0, sizeof(*out));
	if (!in || !in->data)
		return false;
	prealloc(in, out);

	/* one look for NUL bytes in the whole file, not one per line */
	bool any_nul = memchr(in->data, '\0', in->len) != NULL;

	ea_line_iter_init(&it, in->data, in->len);
	while (ea_line_next(&it, &line, &len)) {
		struct ea_evid ev = ea_evid_line(in, it.lineno, line, len);
		struct ea_mb_region rg;
		bool with_flags = false, dummy = false;
		uint64_t idx = 0;
		struct ea_cur c;

		ea_cur_init(&c, line, len);
		ea_cur_rtrim(&c);
		c.i = ea_mail_quote_len(line, c.n);
		if (ea_cur_blank_rest(&c))
			continue; /* blank */
		if (any_nul && memchr(line, '\0', c.n)) {
			ea_diag_add(diags, ev,
				    "NUL byte in a memblock line; expected "
				    "\"<index>: 0x<base>..0x<end>\" text; line "
				    "ignored");
			q.lost = true;
			continue;
		}
		memset(&rg, 0, sizeof(rg));
		if (!parse_line(&c, &rg, &with_flags, &idx, &dummy, diags,
				ev)) {
			q.lost = true;
			continue;
		}
		check_sequence(&q, idx, with_flags, diags, ev);
		if (with_flags)
			out->has_flags = true;
		if (dummy)
			continue; /* an empty array: no region */
		*EA_VEC_PUSH(out->regions) = rg;
	}
	return q.seen;
}

void ea_memblock_free(struct ea_memblock *m)
{
	EA_VEC_FREE(m->regions);
	m->has_flags = false;
}
