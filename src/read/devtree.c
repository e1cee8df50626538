/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The boot FDT. Format: Devicetree Specification v0.4 chapter 5 (the header
 * fields at byte 0..39, the memory reservation block of {be64 address, be64
 * size} pairs ended by a zero size, the structure and strings blocks); the
 * kernel's readers of each item are listed in devtree.h. The header and the
 * block bounds are checked here first (so that each failure names its byte
 * offset, and because libfdt 1.6's fdt_check_full() reads the whole header
 * before it compares the buffer size with it), then fdt_check_full() vets
 * the structure block; only then is libfdt trusted to walk the tree.
 *
 * One pass over the nodes (fdt_next_node()); each node's properties are
 * looked up by name a fixed number of times, so the walk is linear in the
 * blob. The path of the current node is kept on a stack instead of asking
 * libfdt (fdt_get_path() rescans from the root every time).
 */
#include "read/devtree.h"

#include <libfdt.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/bytes.h"

/* Header field offsets (Devicetree Specification 5.2). */
#define H_MAGIC 0
#define H_TOTALSIZE 4
#define H_OFF_STRUCT 8
#define H_OFF_STRINGS 12
#define H_OFF_RSVMAP 16
#define H_VERSION 20
#define H_LAST_COMP 24
#define H_SIZE_STRINGS 32
#define H_SIZE_STRUCT 36

#define PATH_MAX_LEN 1024

struct prop {
	const unsigned char *v;
	uint32_t len;
	int poff;    /* FDT_PROP tag, from the start of the structure block */
	size_t boff; /* value, from the start of the blob */
};

struct level {
	int node;
	size_t pathlen;
	uint32_t ac, sc;     /* cells this node gives its children */
	bool has_ac, has_sc; /* from its own properties */
	bool resmem;	     /* the /reserved-memory node */
};

struct ctx {
	const unsigned char *b; /* the blob */
	size_t len;
	struct ea_input *in, *l;
	struct ea_fdt *out;
	struct ea_diags *diags;
	char path[PATH_MAX_LEN];
	struct level lv[EA_FDT_MAX_DEPTH];
	bool resmem_seen, chosen_seen;
};

static struct ea_evid line(struct ctx *c, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static struct ea_evid line(struct ctx *c, const char *fmt, ...)
{
	char buf[480];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	return ea_listing_add(c->l, "%s", buf);
}

/* n big-endian cells (1 or 2) at off in b as one number; false (and 0)
 * when they are not all inside b. */
static bool cells_at(const struct ea_bytes *b, size_t off, uint32_t n,
		     uint64_t *out)
{
	uint32_t v;

	if (n == 2)
		return ea_bytes_be64(b, off, out);
	bool ok = n == 1 && ea_bytes_be32(b, off, &v);
	*out = ok ? v : 0;
	return ok;
}

static void unusable(struct ctx *c, struct ea_evid ev, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* A device tree that cannot be used at all: the reason is the input's
 * detail too, the input malformed. */
static void unusable(struct ctx *c, struct ea_evid ev, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	ea_diag_vwhy(c->diags, ev,
		     "the device tree cannot be used: ", &c->in->detail, fmt,
		     ap);
	va_end(ap);
	c->in->status = EA_IN_MALFORMED;
}

/* [off, off + size) inside [lo, totalsize], without overflow. */
static bool block_ok(uint32_t lo, uint32_t total, uint32_t off, uint32_t size)
{
	return off >= lo && off <= total && size <= total - off;
}

static uint32_t header_size(uint32_t version)
{
	if (version <= 1)
		return 28;
	if (version == 2)
		return 32;
	if (version < 17)
		return 36;
	return 40;
}

/*
 * Where fdt_check_full() gave up, for the message: the same walk over the
 * tags, through libfdt's bounds-checked fdt_next_tag(). Returns the
 * structure offset of the first tag that is wrong, or -1.
 */
static int bad_tag(const unsigned char *b)
{
	int off = 0, next = 0, depth = 0;

	for (;;) {
		off = next;
		uint32_t tag = fdt_next_tag(b, off, &next);
		if (next < 0)
			return off;
		switch (tag) {
		case FDT_BEGIN_NODE:
			depth++;
			break;
		case FDT_END_NODE:
			if (--depth < 0)
				return off;
			break;
		case FDT_PROP: {
			const char *name;
			int len;
			if (!fdt_getprop_by_offset(b, off, &name, &len))
				return off;
			break;
		}
		case FDT_NOP:
			break;
		default: /* FDT_END, also for an unknown tag */
			return depth ? off : -1;
		}
	}
}

/* The header fields, as read. */
struct fdt_hdr {
	uint32_t magic, total, ostruct, ostrings, orsv, version, lastcomp;
	uint32_t hsize;		    /* the header's size for its version */
	uint32_t sstrings, sstruct; /* 0 when the version has none */
};

/* Reads the header's fields into h and lists them (the evidence in *ev);
 * false when the blob is too short for them. */
static bool read_header(struct ctx *c, struct fdt_hdr *h, struct ea_evid *ev)
{
	const struct ea_bytes hb = ea_bytes_of(c->b, c->len);

	/* the 28 bytes every version has */
	if (!ea_bytes_be32(&hb, H_MAGIC, &h->magic) ||
	    !ea_bytes_be32(&hb, H_TOTALSIZE, &h->total) ||
	    !ea_bytes_be32(&hb, H_OFF_STRUCT, &h->ostruct) ||
	    !ea_bytes_be32(&hb, H_OFF_STRINGS, &h->ostrings) ||
	    !ea_bytes_be32(&hb, H_OFF_RSVMAP, &h->orsv) ||
	    !ea_bytes_be32(&hb, H_VERSION, &h->version) ||
	    !ea_bytes_be32(&hb, H_LAST_COMP, &h->lastcomp)) {
		*ev = line(c,
			   "byte 0x0: %zu bytes, shorter than the 28-byte "
			   "header",
			   c->len);
		unusable(c, *ev,
			 "only %zu bytes: the header alone is 28 to 40 bytes",
			 c->len);
		return false;
	}
	h->hsize = header_size(h->version);
	/* size_dt_strings (version 3) and size_dt_struct (17), 0 when the
	 * bytes read end before them (said below, against hsize) */
	h->sstrings = 0;
	h->sstruct = 0;
	if (h->version >= 3 &&
	    !ea_bytes_be32(&hb, H_SIZE_STRINGS, &h->sstrings))
		h->sstrings = 0;
	if (h->version >= 17 && !ea_bytes_be32(&hb, H_SIZE_STRUCT, &h->sstruct))
		h->sstruct = 0;

	*ev = line(c,
		   "byte 0x0: header: magic 0x%08x totalsize 0x%x "
		   "off_dt_struct 0x%x off_dt_strings 0x%x off_mem_rsvmap "
		   "0x%x version %u last_comp_version %u size_dt_strings "
		   "0x%x size_dt_struct 0x%x (%zu bytes read)",
		   h->magic, h->total, h->ostruct, h->ostrings, h->orsv,
		   h->version, h->lastcomp, h->sstrings, h->sstruct, c->len);
	c->out->totalsize = h->total;
	c->out->version = h->version;
	c->out->off_struct = h->ostruct;
	c->out->off_strings = h->ostrings;
	c->out->off_rsvmap = h->orsv;
	return true;
}

/* Whether the header describes a blob this reader reads: the magic, a
 * version 16 or 17, sizes and blocks inside the bytes read. */
static bool header_fits(struct ctx *c, const struct fdt_hdr *h,
			struct ea_evid ev)
{
	if (h->magic != FDT_MAGIC) {
		unusable(c, ev, "byte 0x0: magic 0x%08x is not 0x%08x",
			 h->magic, FDT_MAGIC);
		return false;
	}
	/* Versions before 16 store full paths as node names; libfdt 1.6.1's
	 * fdt_check_full() dereferences NULL on some of them (its root name
	 * check), and no boot loader of a kernel that has /sys/firmware/fdt
	 * writes them. */
	if (h->version < 16 || h->lastcomp > 17) {
		unusable(c, ev,
			 "byte 0x14: version %u, last_comp_version %u: only "
			 "versions 16 and 17 are read",
			 h->version, h->lastcomp);
		return false;
	}
	if (c->len < h->hsize) {
		unusable(c, ev,
			 "only %zu bytes: the version %u header is %u bytes "
			 "(truncated)",
			 c->len, h->version, h->hsize);
		return false;
	}
	if (h->total < h->hsize) {
		unusable(c, ev,
			 "byte 0x4: totalsize 0x%x is smaller than the %u-byte "
			 "header",
			 h->total, h->hsize);
		return false;
	}
	if (h->total > c->len) {
		unusable(
		    c, ev,
		    "byte 0x4: totalsize 0x%x is past the end of the 0x%zx "
		    "bytes read (truncated)",
		    h->total, c->len);
		return false;
	}
	if (!block_ok(h->hsize, h->total, h->orsv, 0)) {
		unusable(c, ev,
			 "byte 0x10: off_mem_rsvmap 0x%x is outside the blob "
			 "(header end 0x%x, totalsize 0x%x)",
			 h->orsv, h->hsize, h->total);
		return false;
	}
	if (!block_ok(h->hsize, h->total, h->ostruct, h->sstruct)) {
		unusable(
		    c, ev,
		    "bytes 0x8/0x24: structure block 0x%x + 0x%x runs past "
		    "totalsize 0x%x",
		    h->ostruct, h->sstruct, h->total);
		return false;
	}
	if (!block_ok(h->hsize, h->total, h->ostrings, h->sstrings)) {
		unusable(c, ev,
			 "bytes 0xc/0x20: string table 0x%x + 0x%x runs past "
			 "totalsize 0x%x",
			 h->ostrings, h->sstrings, h->total);
		return false;
	}
	return true;
}

/* libfdt's own check of the whole blob; when it fails, where. */
static bool check_full(struct ctx *c, const struct fdt_hdr *h,
		       struct ea_evid ev)
{
	const unsigned char *b = c->b;
	int err = fdt_check_full(b, c->len);

	if (!err)
		return true;
	int at = fdt_num_mem_rsv(b) < 0 ? -1 : bad_tag(b);
	if (fdt_num_mem_rsv(b) < 0)
		unusable(c, ev,
			 "fdt_check_full: %s (the memory reservation "
			 "block at byte 0x%x has no zero-size "
			 "terminator)",
			 fdt_strerror(err), h->orsv);
	else if (at >= 0)
		unusable(c, ev,
			 "fdt_check_full: %s (first bad tag at "
			 "struct+0x%x, byte 0x%llx)",
			 fdt_strerror(err), (unsigned)at,
			 (unsigned long long)h->ostruct + (unsigned)at);
	else
		unusable(c, ev, "fdt_check_full: %s", fdt_strerror(err));
	return false;
}

static bool check_header(struct ctx *c)
{
	struct fdt_hdr h;
	struct ea_evid ev;

	return read_header(c, &h, &ev) && header_fits(c, &h, ev) &&
	       check_full(c, &h, ev);
}

static void read_memreserve(struct ctx *c)
{
	const struct ea_fdt *f = c->out;
	/* The reservation block has no size: it ends where the next block
	 * starts, and an entry beyond that is structure or string bytes. */
	uint32_t end = f->totalsize;

	if (f->off_struct > f->off_rsvmap && f->off_struct < end)
		end = f->off_struct;
	if (f->off_strings > f->off_rsvmap && f->off_strings < end)
		end = f->off_strings;
	/* entries are read from [0, end) of the blob, never past the bytes
	 * read (check_header() found totalsize inside them) */
	const struct ea_bytes block =
	    ea_bytes_of(c->b, end < c->len ? end : c->len);

	for (uint32_t i = 0;; i++) {
		uint64_t off = (uint64_t)f->off_rsvmap + 16ULL * i;
		struct ea_bytes ent;
		uint64_t base, size;
		/* {be64 address @0, be64 size @8} */
		if (off > end || !ea_bytes_sub(&block, (size_t)off, 16, &ent) ||
		    !ea_bytes_be64(&ent, 0, &base) ||
		    !ea_bytes_be64(&ent, 8, &size)) {
			struct ea_evid ev =
			    line(c,
				 "byte 0x%llx: /memreserve/ %u: past the end "
				 "of the reservation block (0x%x)",
				 (unsigned long long)off, i, end);
			ea_diag_why(
			    c->diags, ev, "", NULL,
			    "byte 0x%llx: the memory reservation block has no "
			    "zero-size terminator before byte 0x%x: entries "
			    "from %u on are not read",
			    (unsigned long long)off, end, i);
			return;
		}
		if (size && i == EA_FDT_MAX_PAIRS) {
			struct ea_evid ev =
			    line(c, "byte 0x%llx: /memreserve/ %u: not read",
				 (unsigned long long)off, i);
			ea_diag_why(
			    c->diags, ev, "", NULL,
			    "byte 0x%llx: more than %u /memreserve/ entries: "
			    "taken as corrupt, the rest not read",
			    (unsigned long long)off, EA_FDT_MAX_PAIRS);
			return;
		}
		if (!size) {
			line(c, "byte 0x%llx: /memreserve/ end (%u entries)",
			     (unsigned long long)off, i);
			return;
		}
		struct ea_range r;
		if (!ea_range_from_size(base, size, &r)) {
			struct ea_evid ev = line(
			    c,
			    "byte 0x%llx: /memreserve/ %u: address "
			    "0x%016llx size 0x%llx",
			    (unsigned long long)off, i,
			    (unsigned long long)base, (unsigned long long)size);
			ea_diag_why(
			    c->diags, ev, "", NULL,
			    "byte 0x%llx: /memreserve/ entry %u: address "
			    "0x%016llx + size 0x%llx runs past 2^64",
			    (unsigned long long)off, i,
			    (unsigned long long)base, (unsigned long long)size);
			continue;
		}
		struct ea_fdt_reg *x = EA_VEC_PUSH(c->out->memreserve);
		x->r = r;
		x->ev = line(
		    c,
		    "byte 0x%llx: /memreserve/ %u: 0x%016llx-0x%016llx "
		    "(address 0x%llx size 0x%llx)",
		    (unsigned long long)off, i, (unsigned long long)r.first,
		    (unsigned long long)r.last, (unsigned long long)base,
		    (unsigned long long)size);
	}
}

static bool getp(struct ctx *c, int node, const char *name, struct prop *p)
{
	int off;

	fdt_for_each_property_offset(off, c->b, node)
	{
		const char *n;
		int len;
		const void *v = fdt_getprop_by_offset(c->b, off, &n, &len);
		if (!v || len < 0 || strcmp(n, name) != 0)
			continue;
		p->v = v;
		p->len = (uint32_t)len;
		p->poff = off;
		p->boff = (size_t)((const unsigned char *)v - c->b);
		return true;
	}
	return false;
}

/* Where a property is, for listing lines and messages. */
#define PFMT "struct+0x%x, byte 0x%zx"
#define PARG(p) (unsigned)(p)->poff, (p)->boff

static bool str_is(const struct prop *p, const char *s)
{
	size_t n = strlen(s);

	return p->len == n + 1 && memcmp(p->v, s, n + 1) == 0;
}

/* of_fdt_device_is_available(): no status, or "okay"/"ok". */
static bool available(struct ctx *c, int node)
{
	struct prop p;

	if (!getp(c, node, "status", &p))
		return true;
	return str_is(&p, "okay") || str_is(&p, "ok");
}

static bool compatible(struct ctx *c, int node, const char *compat)
{
	struct prop p;

	return getp(c, node, "compatible", &p) &&
	       fdt_stringlist_contains((const char *)p.v, (int)p.len, compat);
}

/* A #address-cells / #size-cells property; false when absent or bad. */
static bool cells_prop(struct ctx *c, int node, const char *path,
		       const char *name, uint32_t *out)
{
	struct prop p;

	if (!getp(c, node, name, &p))
		return false;
	const struct ea_bytes pv = ea_bytes_of(p.v, p.len);
	if (p.len != 4 || !ea_bytes_be32(&pv, 0, out)) {
		struct ea_evid ev = line(c, "%s %s: %u bytes (" PFMT ")", path,
					 name, p.len, PARG(&p));
		ea_diag_why(
		    c->diags, ev, "", NULL,
		    "byte 0x%zx: %s %s is %u bytes, not one 4-byte cell: "
		    "ignored",
		    p.boff, path, name, p.len);
		return false;
	}
	return true;
}

/*
 * (address, size) pairs of a reg-style property into vec. Pairs of size 0
 * are skipped, as every kernel reader does. strict: a length that is not a
 * whole number of pairs rejects the property (the /reserved-memory reader,
 * "invalid reg property ..., skipping node"); otherwise the whole pairs are
 * read and the rest reported. Returns false when nothing could be read.
 */
/* How many (address, size) pairs of ac + sc cells a reg-style property
 * holds, at most EA_FDT_MAX_PAIRS; false when none can be read (cells that
 * do not fit 64 bits, a length that is not whole pairs when strict). */
static bool pair_count(struct ctx *c, const char *path, const char *pname,
		       const struct prop *p, uint32_t ac, uint32_t sc,
		       bool strict, uint32_t *count)
{
	if (ac < 1 || ac > 2 || sc < 1 || sc > 2) {
		struct ea_evid ev = line(c, "%s %s: %u bytes (" PFMT ")", path,
					 pname, p->len, PARG(p));
		ea_diag_why(
		    c->diags, ev, "", NULL,
		    "byte 0x%zx: %s %s: #address-cells %u, #size-cells %u: "
		    "only 1 or 2 cells fit a 64-bit address or size; not read",
		    p->boff, path, pname, ac, sc);
		return false;
	}
	uint32_t pair = (ac + sc) * 4;
	if (p->len == 0 || p->len % pair) {
		struct ea_evid ev = line(c, "%s %s: %u bytes (" PFMT ")", path,
					 pname, p->len, PARG(p));
		ea_diag_why(
		    c->diags, ev, "", NULL,
		    "byte 0x%zx: %s %s is %u bytes, not a whole number of "
		    "%u-byte (address, size) pairs (#address-cells %u, "
		    "#size-cells %u)%s",
		    p->boff, path, pname, p->len, pair, ac, sc,
		    strict ? ": not read" : ": the trailing bytes are ignored");
		if (strict || p->len < pair)
			return false;
	}
	uint32_t n = p->len / pair;
	if (n > EA_FDT_MAX_PAIRS) {
		struct ea_evid ev = line(c, "%s %s: %u pairs (" PFMT ")", path,
					 pname, n, PARG(p));
		ea_diag_why(
		    c->diags, ev, "", NULL,
		    "byte 0x%zx: %s %s has %u (address, size) pairs: more "
		    "than %u is taken as corrupt, only the first %u are read",
		    p->boff, path, pname, n, EA_FDT_MAX_PAIRS,
		    EA_FDT_MAX_PAIRS);
		n = EA_FDT_MAX_PAIRS;
	}
	*count = n;
	return true;
}

/* Pair i (at byte boff of the blob) of property p, listed; into vec
 * unless its size is 0 or it runs past 2^64. */
static void add_pair(struct ctx *c, const char *path, const char *pname,
		     const struct prop *p, uint32_t i, size_t boff,
		     uint64_t base, uint64_t size, const char *note,
		     ea_fdt_reg_vec *vec)
{
	struct ea_range r;
	if (!size) {
		line(c,
		     "%s %s[%u]: address 0x%llx size 0 (byte 0x%zx, "
		     "struct+0x%x): skipped, as the kernel does",
		     path, pname, i, (unsigned long long)base, boff,
		     (unsigned)p->poff);
		return;
	}
	if (!ea_range_from_size(base, size, &r)) {
		struct ea_evid ev =
		    line(c,
			 "%s %s[%u]: address 0x%016llx size 0x%llx (byte "
			 "0x%zx, struct+0x%x)",
			 path, pname, i, (unsigned long long)base,
			 (unsigned long long)size, boff, (unsigned)p->poff);
		ea_diag_why(c->diags, ev, "", NULL,
			    "byte 0x%zx: %s %s[%u]: address 0x%016llx + size "
			    "0x%llx runs past 2^64",
			    boff, path, pname, i, (unsigned long long)base,
			    (unsigned long long)size);
		return;
	}
	struct ea_fdt_reg *x = EA_VEC_PUSH(*vec);
	x->r = r;
	x->ev = line(c,
		     "%s %s[%u] = 0x%016llx-0x%016llx%s (address 0x%llx "
		     "size 0x%llx; byte 0x%zx, struct+0x%x)",
		     path, pname, i, (unsigned long long)r.first,
		     (unsigned long long)r.last, note, (unsigned long long)base,
		     (unsigned long long)size, boff, (unsigned)p->poff);
}

static bool read_pairs(struct ctx *c, const char *path, const char *pname,
		       const struct prop *p, uint32_t ac, uint32_t sc,
		       bool strict, const char *note, ea_fdt_reg_vec *vec)
{
	uint32_t n, pair = (ac + sc) * 4;

	if (!pair_count(c, path, pname, p, ac, sc, strict, &n))
		return false;
	const struct ea_bytes pv = ea_bytes_of(p->v, p->len);
	for (uint32_t i = 0; i < n; i++) {
		size_t boff = p->boff + (size_t)i * pair;
		struct ea_bytes q;
		uint64_t base, size;
		if (!ea_bytes_sub(&pv, (size_t)i * pair, pair, &q) ||
		    !cells_at(&q, 0, ac, &base) ||
		    !cells_at(&q, (size_t)ac * 4, sc, &size)) {
			struct ea_evid ev = line(
			    c, "%s %s[%u]: not inside the %u bytes (" PFMT ")",
			    path, pname, i, p->len, PARG(p));
			ea_diag_why(
			    c->diags, ev, "", NULL,
			    "byte 0x%zx: %s %s[%u] (%u-byte pair at +%zu) is "
			    "not inside the property's %u bytes: it and the "
			    "rest are not read",
			    boff, path, pname, i, pair, (size_t)i * pair,
			    p->len);
			break;
		}
		add_pair(c, path, pname, p, i, boff, base, size, note, vec);
	}
	return true;
}

/* A number property of 4 or 8 bytes (efi_get_fdt_prop(),
 * early_init_dt_check_for_initrd()). */
static void read_num(struct ctx *c, int node, const char *path,
		     const char *name, struct ea_fdt_num *n)
{
	struct prop p;

	if (!getp(c, node, name, &p))
		return;
	const struct ea_bytes pv = ea_bytes_of(p.v, p.len);
	if ((p.len != 4 && p.len != 8) || !cells_at(&pv, 0, p.len / 4, &n->v)) {
		struct ea_evid ev = line(c, "%s %s: %u bytes (" PFMT ")", path,
					 name, p.len, PARG(&p));
		ea_diag_why(
		    c->diags, ev, "", NULL,
		    "byte 0x%zx: %s %s is %u bytes: expected one 4-byte or "
		    "8-byte number; not read",
		    p.boff, path, name, p.len);
		return;
	}
	n->has = true;
	n->len = p.len;
	n->ev = line(c, "%s %s = 0x%llx (%u bytes; " PFMT ")", path, name,
		     (unsigned long long)n->v, p.len, PARG(&p));
}

/* The UEFI parameters of /chosen (linux,uefi-*), as efi_get_fdt_params()
 * takes them: all of them or none. */
static void chosen_efi(struct ctx *c, int node, const char *path)
{
	struct ea_fdt *f = c->out;
	struct {
		const char *name;
		struct ea_fdt_num *n;
		bool u32;
	} efi[] = {
		{ "linux,uefi-system-table", &f->systab, false },
		{ "linux,uefi-mmap-start", &f->mmap_start, false },
		{ "linux,uefi-mmap-size", &f->mmap_size, true },
		{ "linux,uefi-mmap-desc-size", &f->mmap_desc_size, true },
		{ "linux,uefi-mmap-desc-ver", &f->mmap_desc_ver, true },
	};
	const size_t nefi = sizeof(efi) / sizeof(efi[0]);

	for (size_t i = 0; i < nefi; i++) {
		read_num(c, node, path, efi[i].name, efi[i].n);
		if (efi[i].u32 && efi[i].n->has && efi[i].n->v > UINT32_MAX)
			ea_diag_why(
			    c->diags, efi[i].n->ev, "", NULL,
			    "%s %s = 0x%llx does not fit the kernel's 32-bit "
			    "field: it reads 0xffffffff",
			    path, efi[i].name, (unsigned long long)efi[i].n->v);
	}
	/* efi_get_fdt_params(): without the system table the node is not
	 * taken as UEFI at all; with it, a missing one stops EFI. */
	for (size_t i = 1; i < nefi && f->systab.has; i++)
		if (!efi[i].n->has)
			ea_diag_why(
			    c->diags, f->systab.ev, "", NULL,
			    "%s has linux,uefi-system-table but no usable %s: "
			    "the kernel stops (\"Can't find property '%s' in "
			    "DT!\") and runs without EFI",
			    path, efi[i].name, efi[i].name);
	if (!f->systab.has)
		for (size_t i = 1; i < nefi; i++)
			if (efi[i].n->has) {
				ea_diag_why(
				    c->diags, efi[i].n->ev, "", NULL,
				    "%s has %s but no usable "
				    "linux,uefi-system-table: the kernel "
				    "ignores the UEFI parameters (\"UEFI not "
				    "found.\")",
				    path, efi[i].name);
				break;
			}
}

/* linux,initrd-start and -end (end exclusive). */
static void chosen_initrd(struct ctx *c, int node, const char *path)
{
	struct ea_fdt *f = c->out;

	read_num(c, node, path, "linux,initrd-start", &f->initrd_start);
	read_num(c, node, path, "linux,initrd-end", &f->initrd_end);
	if (f->initrd_start.has && f->initrd_end.has) {
		if (f->initrd_end.v > f->initrd_start.v) {
			f->has_initrd = ea_range_make(
			    f->initrd_start.v, f->initrd_end.v - 1, &f->initrd);
		} else {
			ea_diag_why(c->diags, f->initrd_end.ev, "", NULL,
				    "%s linux,initrd-end 0x%llx is not above "
				    "linux,initrd-start 0x%llx: no initrd",
				    path, (unsigned long long)f->initrd_end.v,
				    (unsigned long long)f->initrd_start.v);
		}
	} else if (f->initrd_start.has != f->initrd_end.has) {
		ea_diag_why(c->diags,
			    f->initrd_start.has ? f->initrd_start.ev
						: f->initrd_end.ev,
			    "", NULL,
			    "%s has only one of linux,initrd-start and "
			    "linux,initrd-end: the kernel ignores it",
			    path);
	}
}

/* What kexec-tools gives a kdump kernel: linux,elfcorehdr and
 * linux,usable-memory-range. */
static void chosen_kdump(struct ctx *c, int node, const char *path)
{
	struct ea_fdt *f = c->out;
	struct prop p;

	uint32_t ac = f->root_addr_cells, sc = f->root_size_cells;
	if (getp(c, node, "linux,elfcorehdr", &p)) {
		ea_fdt_reg_vec v = { 0 };
		read_pairs(c, path, "linux,elfcorehdr", &p, ac, sc, false, "",
			   &v);
		if (v.n) {
			f->has_elfcorehdr = true;
			f->elfcorehdr = v.v[0];
		}
		if (v.n > 1)
			ea_diag_why(
			    c->diags, v.v[1].ev, "", NULL,
			    "byte 0x%zx: %s linux,elfcorehdr has %zu ranges: "
			    "the kernel reads only the first",
			    p.boff, path, v.n);
		EA_VEC_FREE(v);
	}
	if (getp(c, node, "linux,usable-memory-range", &p)) {
		read_pairs(c, path, "linux,usable-memory-range", &p, ac, sc,
			   false, "", &f->usable_mem);
		/* MAX_USABLE_RANGES (6.x; one range before 5.18) */
		if (f->usable_mem.n > 2)
			ea_diag_why(
			    c->diags, f->usable_mem.v[2].ev, "", NULL,
			    "byte 0x%zx: %s linux,usable-memory-range has %zu "
			    "ranges: the kernel reads at most 2",
			    p.boff, path, f->usable_mem.n);
	}
}

/* bootargs: a NUL-terminated string. */
static void chosen_bootargs(struct ctx *c, int node, const char *path)
{
	struct ea_fdt *f = c->out;
	struct prop p;

	if (getp(c, node, "bootargs", &p)) {
		size_t n = strnlen((const char *)p.v, p.len);
		free(f->bootargs);
		f->bootargs = ea_xstrndup((const char *)p.v, n);
		f->bootargs_ev = line(c, "%s bootargs = \"%.300s\" (" PFMT ")",
				      path, f->bootargs, PARG(&p));
		/* NULs after the string are padding (kexec-tools 2.0.25
		 * writes two): only text after a NUL is lost */
		size_t k = n;
		while (k < p.len && !p.v[k])
			k++;
		if (n == p.len || k < p.len)
			ea_diag_why(c->diags, f->bootargs_ev, "", NULL,
				    "byte 0x%zx: %s bootargs (%u bytes) %s",
				    p.boff, path, p.len,
				    n == p.len
					? "has no terminating NUL"
					: "has a NUL before its end; the text "
					  "after it is ignored");
	}
}

static void read_chosen(struct ctx *c, int node, const char *path)
{
	c->out->has_chosen = true;
	line(c, "%s: node (struct+0x%x)", path, (unsigned)node);
	chosen_efi(c, node, path);
	chosen_initrd(c, node, path);
	chosen_kdump(c, node, path);
	chosen_bootargs(c, node, path);
}

static void read_memory_node(struct ctx *c, int node, const char *path)
{
	struct prop p;
	const char *pname = "linux,usable-memory";

	if (!available(c, node)) {
		line(c,
		     "%s: memory node, status not okay: skipped, as the "
		     "kernel does (struct+0x%x)",
		     path, (unsigned)node);
		return;
	}
	/* early_init_dt_scan_memory() prefers linux,usable-memory */
	if (!getp(c, node, pname, &p)) {
		pname = "reg";
		if (!getp(c, node, pname, &p)) {
			struct ea_evid ev =
			    line(c, "%s: memory node without reg (struct+0x%x)",
				 path, (unsigned)node);
			ea_diag_why(c->diags, ev, "", NULL,
				    "%s: a memory node without reg", path);
			return;
		}
	}
	read_pairs(c, path, pname, &p, c->out->root_addr_cells,
		   c->out->root_size_cells, false, "", &c->out->memory);
}

/* /reserved-memory itself: __reserved_mem_check_root(). */
static void read_resmem_root(struct ctx *c, int node, const char *path,
			     const struct level *me)
{
	struct ea_fdt *f = c->out;
	struct prop p;
	bool ranges = getp(c, node, "ranges", &p);
	char ac[16] = "absent", sc[16] = "absent";

	if (me->has_ac)
		snprintf(ac, sizeof(ac), "%u", me->ac);
	if (me->has_sc)
		snprintf(sc, sizeof(sc), "%u", me->sc);
	struct ea_evid ev =
	    line(c,
		 "%s: #address-cells %s, #size-cells %s, ranges %s "
		 "(struct+0x%x)",
		 path, ac, sc, ranges ? "present" : "absent", (unsigned)node);

	f->has_resmem = true;
	if (!me->has_ac || !me->has_sc || me->ac != f->root_addr_cells ||
	    me->sc != f->root_size_cells || !ranges) {
		f->resmem_ignored = true;
		ea_diag_why(
		    c->diags, ev, "", NULL,
		    "%s: #address-cells/#size-cells must be present and "
		    "equal the root's (%u/%u), and ranges present; the kernel "
		    "ignores the whole node (\"Reserved memory: unsupported "
		    "node format, ignoring\")",
		    path, f->root_addr_cells, f->root_size_cells);
	}
}

static void read_resmem_child(struct ctx *c, int node, const char *path,
			      const char *name, uint32_t ac, uint32_t sc)
{
	struct ea_fdt *f = c->out;
	struct prop p;
	bool nomap = getp(c, node, "no-map", &p);

	if (!available(c, node)) {
		line(c,
		     "%s: status not okay: skipped, as the kernel does "
		     "(struct+0x%x)",
		     path, (unsigned)node);
		return;
	}
	if (getp(c, node, "reg", &p)) {
		ea_fdt_reg_vec v = { 0 };
		read_pairs(c, path, "reg", &p, ac, sc, true,
			   nomap ? " no-map" : "", &v);
		for (size_t i = 0; i < v.n; i++) {
			struct ea_fdt_resmem *x = EA_VEC_PUSH(f->resmem);
			x->name = ea_xstrdup(name);
			x->no_map = nomap;
			x->has_reg = true;
			x->r = v.v[i].r;
			x->ev = v.v[i].ev;
		}
		EA_VEC_FREE(v);
		return;
	}
	/* Dynamic: placed by the kernel at boot (__reserved_mem_alloc_size),
	 * where only the log says ("OF: reserved mem: ..."). */
	struct ea_fdt_resmem *x = EA_VEC_PUSH(f->resmem);
	x->name = ea_xstrdup(name);
	x->no_map = nomap;
	if (getp(c, node, "size", &p) && (p.len == 4 || p.len == 8) &&
	    p.len == sc * 4) {
		const struct ea_bytes pv = ea_bytes_of(p.v, p.len);
		x->has_size = cells_at(&pv, 0, p.len / 4, &x->size);
	}
	if (x->has_size) {
		x->ev = line(
		    c, "%s size = 0x%llx: no reg, placed at boot%s (" PFMT ")",
		    path, (unsigned long long)x->size, nomap ? ", no-map" : "",
		    PARG(&p));
	} else {
		x->ev =
		    line(c, "%s: neither reg nor a %u-cell size (struct+0x%x)",
			 path, sc, (unsigned)node);
		ea_diag_why(
		    c->diags, x->ev, "", NULL,
		    "%s: a /reserved-memory child without reg and without a "
		    "%u-cell size",
		    path, sc);
	}
}

static void read_gic(struct ctx *c, int node, const char *path, uint32_t ac,
		     uint32_t sc)
{
	struct prop p;

	c->out->ngicv3++;
	line(c, "%s: compatible arm,gic-v3 (struct+0x%x)", path,
	     (unsigned)node);
	if (getp(c, node, "reg", &p))
		read_pairs(c, path, "reg", &p, ac, sc, false, "",
			   &c->out->gicv3_reg);
	if (getp(c, node, "ranges", &p) && p.len) {
		struct ea_evid ev = line(c, "%s ranges: %u bytes (" PFMT ")",
					 path, p.len, PARG(&p));
		ea_diag_why(
		    c->diags, ev, "", NULL,
		    "byte 0x%zx: %s has a non-empty ranges: its ITS reg "
		    "addresses are child-bus addresses and are not translated",
		    p.boff, path);
	}
}

static void read_its(struct ctx *c, int node, const char *path, uint32_t ac,
		     uint32_t sc)
{
	struct prop p;

	if (!available(c, node)) {
		line(c,
		     "%s: arm,gic-v3-its, status not okay: skipped, as the "
		     "kernel does (struct+0x%x)",
		     path, (unsigned)node);
		return;
	}
	if (!getp(c, node, "reg", &p)) {
		struct ea_evid ev =
		    line(c, "%s: arm,gic-v3-its without reg (struct+0x%x)",
			 path, (unsigned)node);
		ea_diag_why(c->diags, ev, "", NULL,
			    "%s: an ITS node without reg", path);
		return;
	}
	read_pairs(c, path, "reg", &p, ac, sc, false, "", &c->out->its);
}

/* libfdt's fdt_nodename_eq_(): "name" or "name@unit". */
static bool name_is(const char *n, size_t len, const char *want)
{
	size_t w = strlen(want);

	return len >= w && memcmp(n, want, w) == 0 && (len == w || n[w] == '@');
}

/* Enters node at depth of the walk: its path in c->path, and in its level
 * the cells its children use: its own, else inherited (of_n_addr_cells()),
 * else the kernel's root defaults. */
static struct level *enter_node(struct ctx *c, int node, int depth,
				const char *name, int nlen)
{
	struct level *me = &c->lv[depth];
	const struct level *up = depth ? &c->lv[depth - 1] : NULL;
	size_t pl = up ? up->pathlen : 0;
	if (depth == 0) {
		snprintf(c->path, sizeof(c->path), "/");
		pl = 1;
	} else {
		size_t room = sizeof(c->path) - pl;
		int w = snprintf(c->path + pl, room, "%s%.*s",
				 pl > 1 ? "/" : "", nlen, name);
		pl = w < 0 || (size_t)w >= room ? sizeof(c->path) - 1
						: pl + (size_t)w;
	}
	memset(me, 0, sizeof(*me));
	me->node = node;
	me->pathlen = pl;
	c->path[pl] = '\0';
	me->ac = up ? up->ac : 1;
	me->sc = up ? up->sc : 1;
	uint32_t v;
	if (cells_prop(c, node, c->path, "#address-cells", &v)) {
		me->ac = v;
		me->has_ac = true;
	}
	if (cells_prop(c, node, c->path, "#size-cells", &v)) {
		me->sc = v;
		me->has_sc = true;
	}
	return me;
}

/* A node below the root, read for what it is: /chosen, a memory node,
 * /reserved-memory and its children, the GICv3 and its ITS. */
static void read_node(struct ctx *c, int node, int depth, const char *name,
		      int nlen)
{
	struct ea_fdt *f = c->out;
	struct level *me = &c->lv[depth];
	const struct level *up = &c->lv[depth - 1];
	struct prop p;

	if (depth == 1 && name_is(name, (size_t)nlen, "chosen")) {
		if (c->chosen_seen) {
			struct ea_evid ev =
			    line(c, "%s: a second /chosen (struct+0x%x)",
				 c->path, (unsigned)node);
			ea_diag_why(c->diags, ev, "", NULL,
				    "%s: a second /chosen: the kernel reads "
				    "only the first",
				    c->path);
		} else {
			c->chosen_seen = true;
			read_chosen(c, node, c->path);
		}
	} else if (depth == 1 && getp(c, node, "device_type", &p) &&
		   str_is(&p, "memory")) {
		read_memory_node(c, node, c->path);
	} else if (depth == 1 &&
		   name_is(name, (size_t)nlen, "reserved-memory")) {
		if (!c->resmem_seen) {
			c->resmem_seen = true;
			me->resmem = true;
			read_resmem_root(c, node, c->path, me);
		}
	} else if (depth == 2 && up->resmem) {
		read_resmem_child(c, node, c->path, name, up->ac, up->sc);
	}
	if (compatible(c, node, "arm,gic-v3"))
		read_gic(c, node, c->path, up->ac, up->sc);
	else if (f->ngicv3 && compatible(c, node, "arm,gic-v3-its"))
		read_its(c, node, c->path, up->ac, up->sc);
}

static void walk(struct ctx *c)
{
	struct ea_fdt *f = c->out;
	int depth = 0, node = 0;
	bool deep_said = false;

	for (; node >= 0 && depth >= 0;
	     node = fdt_next_node(c->b, node, &depth)) {
		int nlen = 0;
		const char *name = fdt_get_name(c->b, node, &nlen);
		if (!name || nlen < 0)
			continue;
		if (depth >= EA_FDT_MAX_DEPTH) {
			if (!deep_said) {
				struct ea_evid ev =
				    line(c, "struct+0x%x: node at depth %d",
					 (unsigned)node, depth);
				ea_diag_why(
				    c->diags, ev, "", NULL,
				    "struct+0x%x: nodes deeper than %d levels "
				    "are not read",
				    (unsigned)node, EA_FDT_MAX_DEPTH);
				deep_said = true;
			}
			continue;
		}
		struct level *me = enter_node(c, node, depth, name, nlen);
		if (depth == 0) {
			f->root_addr_cells = me->ac;
			f->root_size_cells = me->sc;
			line(c,
			     "/ #address-cells %u%s, #size-cells %u%s "
			     "(struct+0x%x)",
			     me->ac, me->has_ac ? "" : " (absent: the default)",
			     me->sc, me->has_sc ? "" : " (absent: the default)",
			     (unsigned)node);
			continue;
		}
		read_node(c, node, depth, name, nlen);
	}
}

bool ea_fdt_parse(struct ea_input *in, struct ea_input *listing,
		  struct ea_fdt *out, struct ea_diags *diags)
{
	struct ctx *c = ea_xcalloc(1, sizeof(*c));
	bool ok = false;

	c->b = (const unsigned char *)in->data;
	c->len = in->data ? in->len : 0;
	c->in = in;
	c->l = listing;
	c->out = out;
	c->diags = diags;
	out->usable = false;
	/* libfdt refuses a blob that is not 8-byte aligned; malloc'd input
	 * data always is */
	if (c->len && ((uintptr_t)c->b & 7)) {
		struct ea_evid ev = line(c, "blob at a misaligned address");
		unusable(c, ev, "the blob is not 8-byte aligned in memory");
		goto out;
	}
	if (!check_header(c))
		goto out;
	out->usable = true;
	read_memreserve(c);
	walk(c);
	ok = true;
out:
	free(c);
	return ok;
}

void ea_fdt_free(struct ea_fdt *f)
{
	free(f->bootargs);
	EA_VEC_FREE(f->usable_mem);
	EA_VEC_FREE(f->memreserve);
	EA_VEC_FREE(f->memory);
	for (size_t i = 0; i < f->resmem.n; i++)
		free(f->resmem.v[i].name);
	EA_VEC_FREE(f->resmem);
	EA_VEC_FREE(f->gicv3_reg);
	EA_VEC_FREE(f->its);
	memset(f, 0, sizeof(*f));
}
