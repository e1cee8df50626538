// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * /proc/iomem reader. The format is kernel/resource.c r_show():
 *
 *	"%*s%0*llx-%0*llx : %s\n", depth * 2, "", width, start, width, end, name
 *
 * width 8 for iomem (a minimum: addresses above 4 GiB print more digits),
 * inclusive ends, two spaces of indent per level, depth capped at
 * MAX_IORES_LEVEL (5) when printing. A reader without CAP_SYS_ADMIN gets
 * every address as 0 (kernel-formats.md §6).
 *
 * Files reach us from the live system but also from mail archives, so the
 * reader accepts what mail does to them (corpus/INDEX.md): 3-space indents,
 * tabs, CRLF, "> " quoting, stripped trailing spaces (which turn an empty
 * name "... : " into "... :"), and stray lines ("...", a shell prompt).
 *
 * One pass, no per-line allocation: a name points into the input, and the
 * parent of a line is found on a stack of open ancestors keyed by indent
 * width, so a million-line file costs a million pushes and pops.
 *
 * Depth is rebuilt from indent widths compared with each other, never from
 * width / 2, so odd indents from mail still nest; entries deeper than the
 * kernel's printing limit are recovered from their ranges (see below).
 */
#include "read/iomem.h"

#include <stdlib.h>
#include <string.h>

#include "core/cursor.h"
#include "core/util.h"

/* "0-0 :\n", the shortest line that is an entry. */
#define IOMEM_MIN_LINE 6
/* Entries allocated up front at most (about 235 MB). */
#define IOMEM_PREALLOC_MAX ((size_t)1 << 22)

/* How far up a misplaced child looks for an ancestor that contains it. */
#define REPARENT_MAX_HOPS 64

/* An open ancestor: an entry that later, more indented lines may belong to. */
struct open_res {
	size_t indent;
	size_t idx;
};

/*
 * Width of the leading blanks. Only comparisons between lines matter (the
 * parent is the nearest earlier line with a smaller width), so a tab is
 * counted as reaching the next multiple of 8, as a terminal shows it, and
 * 3-space indents work like 2-space ones.
 */
static size_t indent_width(const char *s, size_t n, size_t *used)
{
	size_t i = 0, w = 0;

	for (; i < n; i++) {
		if (s[i] == ' ')
			w++;
		else if (s[i] == '\t')
			w = (w / 8 + 1) * 8;
		else
			break;
	}
	*used = i;
	return w;
}

/* what the header promises: a million lines are 40 MB */
_Static_assert(sizeof(struct ea_iomem_res) == 40, "iomem entry grew");

static const char *const known_names[] = {
	[EA_IOMEM_SYSTEM_RAM] = "System RAM",
	[EA_IOMEM_SYSTEM_ROM] = "System ROM",
	[EA_IOMEM_KERNEL_CODE] = "Kernel code",
	[EA_IOMEM_KERNEL_DATA] = "Kernel data",
	[EA_IOMEM_KERNEL_RODATA] = "Kernel rodata",
	[EA_IOMEM_KERNEL_BSS] = "Kernel bss",
	[EA_IOMEM_CRASH_KERNEL] = "Crash kernel",
	[EA_IOMEM_ACPI_TABLES] = "ACPI Tables",
	[EA_IOMEM_RESERVED] = "reserved",
};

static enum ea_iomem_known classify(const char *s, size_t n)
{
	/* every known name is 8 to 13 bytes and starts with 'S', 'K', 'C',
	 * 'A' or 'r': most device names stop here */
	if (n < 8 || n > 13 ||
	    (s[0] != 'S' && s[0] != 'K' && s[0] != 'C' && s[0] != 'A' &&
	     s[0] != 'r'))
		return EA_IOMEM_OTHER;
	for (size_t k = 1; k < sizeof(known_names) / sizeof(*known_names); k++)
		if (strlen(known_names[k]) == n &&
		    memcmp(known_names[k], s, n) == 0)
			return (enum ea_iomem_known)k;
	return EA_IOMEM_OTHER;
}

/*
 * Reads "<hex>" at the cursor; on failure adds a diag saying which address
 * (what) was expected and returns false.
 */
static bool read_addr(struct ea_cur *c, uint64_t *out, const char *what,
		      struct ea_diags *diags, struct ea_evid ev)
{
	size_t k;

	if (ea_cur_take_hex(c, out))
		return true;
	k = ea_cur_count_hex(c);
	if (k) {
		/* a number that does not fit is refused: say so */
		ea_diag_add(diags, ev,
			    "%s address (%zu hex digits) does not fit in 64 "
			    "bits; line ignored",
			    what, k);
	} else {
		ea_diag_add(diags, ev,
			    "not an iomem line: expected the %s address in hex "
			    "(\"<start>-<end> : <name>\")",
			    what);
	}
	return false;
}

/* The open ancestors, innermost last. */
struct open_stack {
	struct open_res *v;
	size_t n, cap;
};

/* An entry line as read: its indent width, range and where its name
 * starts in the line (n: the line's length without trailing blanks). */
struct iomem_line {
	size_t indent, name_off, n;
	struct ea_range r;
};

/*
 * One allocation for all entries, sized by the line count: growing by
 * doubling would zero and copy every entry about twice, and on a
 * million-line file that (and the page faults) costs more than the
 * parsing. calloc() hands out fresh zero pages for large sizes. The guess
 * is capped so that a file of empty lines cannot ask for gigabytes; past
 * the cap the vector grows as usual.
 */
static void prealloc(const struct ea_input *in, struct ea_iomem *out)
{
	size_t nl = ea_count_lines(in->data, in->len) + 1;

	if (nl > in->len / IOMEM_MIN_LINE + 1)
		nl = in->len / IOMEM_MIN_LINE + 1;
	if (nl > IOMEM_PREALLOC_MAX)
		nl = IOMEM_PREALLOC_MAX;
	out->res.v = ea_xcalloc(nl, sizeof(*out->res.v));
	out->res.cap = nl;
}

/* Reads "<indent><start>-<end> : <name>" (any_nul: the file has a NUL
 * byte somewhere). False for a blank line, and after a diag for a line
 * that is not an entry. */
static bool read_line(const char *line, size_t len, struct ea_evid ev,
		      bool any_nul, struct ea_diags *diags,
		      struct iomem_line *l)
{
	size_t used;
	uint64_t start, end;
	struct ea_cur c;

	ea_cur_init(&c, line, len);
	/* trailing blanks and a stray CR (mail, editors) */
	ea_cur_rtrim(&c);
	l->n = c.n;
	c.i = ea_mail_quote_len(line, l->n);
	l->indent = indent_width(ea_cur_at(&c), ea_cur_left(&c), &used);
	c.i += used;
	if (ea_cur_done(&c))
		return false; /* blank line: nothing was lost */

	if (any_nul && memchr(line, '\0', l->n)) {
		ea_diag_add(diags, ev,
			    "NUL byte in an iomem line; expected "
			    "\"<start>-<end> : <name>\" text; line "
			    "ignored");
		return false;
	}
	if (!read_addr(&c, &start, "start", diags, ev))
		return false;
	if (!ea_cur_skip(&c, "-")) {
		ea_diag_add(diags, ev,
			    "not an iomem line: expected '-' after the "
			    "start address (\"<start>-<end> : "
			    "<name>\")");
		return false;
	}
	if (!read_addr(&c, &end, "end", diags, ev))
		return false;
	/*
	 * The kernel prints " : "; a mail client may have turned the blanks
	 * into tabs or (at the end of a line with an empty name) removed
	 * them, so any blanks around ':' will do.
	 */
	ea_cur_ws(&c);
	if (!ea_cur_skip(&c, ":")) {
		ea_diag_add(diags, ev,
			    "not an iomem line: expected \" : <name>\" "
			    "after the end address");
		return false;
	}
	ea_cur_ws(&c);
	l->name_off = c.i;

	if (!ea_range_make(start, end, &l->r)) {
		ea_diag_add(diags, ev,
			    "end %llx is below start %llx; expected an "
			    "inclusive range; line ignored",
			    (unsigned long long)end, (unsigned long long)start);
		return false;
	}
	return true;
}

/*
 * The parent the text claims: the nearest preceding entry with a smaller
 * indent. Deeper entries are closed.
 *
 * Equal indent normally means a sibling, but r_show() indents at most
 * MAX_IORES_LEVEL (5) levels, so levels 6, 7, ... print at level 5's
 * indent (ami-amg6x-amc-x86/iomem.txt lines 38-40). Siblings never overlap
 * (__request_resource() refuses a conflict), so an equally indented entry
 * that contains this one is its ancestor, not its sibling. All-zero ranges
 * (a non-root read) say nothing and are left flat.
 */
static int32_t claimed_parent(struct open_stack *stack,
			      const struct ea_iomem *out, size_t indent,
			      struct ea_range r)
{
	while (stack->n && stack->v[stack->n - 1].indent > indent)
		stack->n--;
	while (stack->n && stack->v[stack->n - 1].indent == indent) {
		size_t s = stack->v[stack->n - 1].idx;
		struct ea_range sr = out->res.v[s].r;

		if ((sr.first || sr.last) && ea_range_contains(sr, r))
			return (int32_t)s;
		stack->n--;
	}
	return stack->n ? (int32_t)stack->v[stack->n - 1].idx : -1;
}

/*
 * The kernel never shows a child outside its parent (__request_resource()
 * refuses it), so such a line is damaged text, most likely a wrong indent.
 * Keeping the claimed parent would make, say, a "reserved" look as if it
 * were carved out of a System RAM it is not in; making it top level would
 * lose a true enclosing entry. Instead it goes under the nearest claimed
 * ancestor that does contain it (top level if none), where
 * insert_resource() would have put it, and the line is reported. The walk
 * is bounded so that hostile input cannot make it quadratic; real trees
 * are a dozen levels deep at most.
 */
static void reparent(struct ea_iomem *out, struct ea_iomem_res *e,
		     struct ea_evid ev, struct ea_diags *diags)
{
	struct ea_range r = e->r;
	const struct ea_iomem_res *cp = &out->res.v[e->parent];
	int32_t p = cp->parent;
	int hops = 0;

	while (p >= 0 && !ea_range_contains(out->res.v[p].r, r)) {
		if (++hops > REPARENT_MAX_HOPS) {
			p = -1;
			break;
		}
		p = out->res.v[p].parent;
	}
	if (p >= 0)
		ea_diag_add(diags, ev,
			    "%llx-%llx is not inside its "
			    "parent %llx-%llx (line %u); "
			    "expected a child within its "
			    "parent: placed under line %u",
			    (unsigned long long)r.first,
			    (unsigned long long)r.last,
			    (unsigned long long)cp->r.first,
			    (unsigned long long)cp->r.last, cp->line,
			    out->res.v[p].line);
	else
		ea_diag_add(diags, ev,
			    "%llx-%llx is not inside its "
			    "parent %llx-%llx (line %u); "
			    "expected a child within its "
			    "parent: taken as top level",
			    (unsigned long long)r.first,
			    (unsigned long long)r.last,
			    (unsigned long long)cp->r.first,
			    (unsigned long long)cp->r.last, cp->line);
	e->parent = p;
}

/* The entry for line l (the text at line, evidence ev) under its parent. */
static void add_entry(struct ea_iomem *out, struct open_stack *stack,
		      const char *line, const struct iomem_line *l,
		      struct ea_evid ev, struct ea_diags *diags)
{
	int32_t parent = claimed_parent(stack, out, l->indent, l->r);
	size_t idx = out->res.n;
	struct ea_iomem_res *e = EA_VEC_PUSH(out->res);

	e->r = l->r;
	e->line = ev.line;
	e->off = ev.off;
	e->len = ev.len;
	e->name_off = (uint32_t)l->name_off;
	e->known = classify(line + l->name_off, l->n - l->name_off);
	e->parent = parent;
	if (e->parent >= 0 && !ea_range_contains(out->res.v[e->parent].r, l->r))
		reparent(out, e, ev, diags);
	if (e->parent < 0)
		e->depth = 0;
	else if (out->res.v[e->parent].depth < EA_IOMEM_MAX_DEPTH)
		e->depth = out->res.v[e->parent].depth + 1u;
	else
		e->depth = EA_IOMEM_MAX_DEPTH;

	struct open_res *o = EA_VEC_PUSH(*stack);

	o->indent = l->indent;
	o->idx = idx;
}

bool ea_iomem_parse(const struct ea_input *in, struct ea_iomem *out,
		    struct ea_diags *diags)
{
	struct open_stack stack = { 0 };
	struct ea_line_iter it;
	const char *line;
	size_t len;
	bool all_zero = true;

	memset(out, 0, sizeof(*out));
	out->in = in;
	if (!in || !in->data)
		return false;
	prealloc(in, out);

	/* one look for NUL bytes in the whole file, not one per line */
	bool any_nul = memchr(in->data, '\0', in->len) != NULL;

	ea_line_iter_init(&it, in->data, in->len);
	while (ea_line_next(&it, &line, &len)) {
		struct ea_evid ev = ea_evid_line(in, it.lineno, line, len);
		struct iomem_line l;

		if (!read_line(line, len, ev, any_nul, diags, &l))
			continue;
		add_entry(out, &stack, line, &l, ev, diags);
		if (l.r.first || l.r.last)
			all_zero = false;
	}
	EA_VEC_FREE(stack);

	/* Not "nothing is reserved": the reader was not root. */
	out->zeroed = out->res.n && all_zero;
	return out->res.n > 0;
}

void ea_iomem_free(struct ea_iomem *m)
{
	EA_VEC_FREE(m->res);
	m->zeroed = false;
}

struct ea_evid ea_iomem_evid(const struct ea_iomem *m,
			     const struct ea_iomem_res *r)
{
	struct ea_evid e = { m->in, r->line, r->off, r->len };
	return e;
}

const char *ea_iomem_name(const struct ea_iomem *m,
			  const struct ea_iomem_res *r, size_t *len)
{
	/* the parser's trim: the name runs to the last non-blank */
	const char *s = m->in->data + r->off;
	size_t n = r->len;

	while (n > r->name_off &&
	       (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
		n--;
	*len = n > r->name_off ? n - r->name_off : 0;
	return s + r->name_off;
}

bool ea_iomem_name_is(const struct ea_iomem *m, const struct ea_iomem_res *r,
		      const char *name)
{
	size_t n, k = strlen(name);
	const char *s = ea_iomem_name(m, r, &n);

	return n == k && memcmp(s, name, k) == 0;
}
