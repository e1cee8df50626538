/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * ACPI tables from physical memory. Formats: ACPI 6.5 §5.2.5-§5.2.12 and
 * shared reference kernel-formats.md §10; walk order and choices as in
 * ACPICA acpi_tb_parse_root_table() (tbutils.c) and acpi_tb_parse_fadt()
 * (tbfadt.c). See acpi.h.
 */
#include "read/acpi.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/bytes.h"
#include "core/tree.h"

#define SDT_HDR 36u
#define RSDP_V1_LEN 20u
#define RSDP_V2_LEN 36u
#define FACS_MIN 8u /* signature and length */
#define MADT_SUB 44u
#define NONE ((size_t)-1)

/* FADT fields (kernel-formats.md §10). */
#define FADT_FACS 36u
#define FADT_DSDT 40u
#define FADT_X_FACS 132u
#define FADT_X_DSDT 140u

const char *ea_acpi_csum_name(enum ea_acpi_csum c)
{
	switch (c) {
	case EA_ACPI_CSUM_OK:
		return "ok";
	case EA_ACPI_CSUM_BAD:
		return "bad";
	case EA_ACPI_CSUM_NONE:
		return "none";
	case EA_ACPI_CSUM_UNVERIFIED:
		break;
	}
	return "unverified";
}

/* --- small helpers ------------------------------------------------------ */

void ea_acpi_field(char *dst, const unsigned char *src, size_t n)
{
	for (size_t i = 0; i < n; i++)
		dst[i] = (src[i] >= 0x20 && src[i] < 0x7f) ? (char)src[i] : '?';
	dst[n] = '\0';
}

uint8_t ea_acpi_sum8(const unsigned char *b, size_t n)
{
	uint8_t s = 0;
	for (size_t i = 0; i < n; i++)
		s = (uint8_t)(s + b[i]);
	return s;
}

static unsigned long long ull(uint64_t v)
{
	return (unsigned long long)v;
}

/* Address → row index, open addressing: the walk asks "listed already?"
 * once per pointer, so a table named twice is found in O(1). */
struct addrmap {
	uint64_t *key; /* address + 1; 0 is empty */
	size_t *val;
	size_t cap, n;
	/* 2^64-1, whose key would be the empty marker (erased flash reads as
	 * all ones, so firmware can name it any number of times) */
	bool has_top;
	size_t top;
};

static size_t slot(uint64_t k, size_t cap)
{
	return (size_t)((k * 0x9E3779B97F4A7C15ULL) >> 7) & (cap - 1);
}

static size_t addrmap_get(const struct addrmap *m, uint64_t a)
{
	if (a == UINT64_MAX)
		return m->has_top ? m->top : NONE;
	if (!m->cap)
		return NONE;
	uint64_t k = a + 1;
	for (size_t h = slot(k, m->cap); m->key[h]; h = (h + 1) & (m->cap - 1))
		if (m->key[h] == k)
			return m->val[h];
	return NONE;
}

static void addrmap_put(struct addrmap *m, uint64_t a, size_t v)
{
	if (a == UINT64_MAX) {
		m->has_top = true;
		m->top = v;
		return;
	}
	if ((m->n + 1) * 2 > m->cap) {
		size_t nc = m->cap ? m->cap * 2 : 64;
		uint64_t *nk = ea_xcalloc(nc, sizeof(*nk));
		size_t *nv = ea_xcalloc(nc, sizeof(*nv));
		for (size_t i = 0; i < m->cap; i++) {
			if (!m->key[i])
				continue;
			size_t h = slot(m->key[i], nc);
			while (nk[h])
				h = (h + 1) & (nc - 1);
			nk[h] = m->key[i];
			nv[h] = m->val[i];
		}
		free(m->key);
		free(m->val);
		m->key = nk;
		m->val = nv;
		m->cap = nc;
	}
	uint64_t k = a + 1;
	size_t h = slot(k, m->cap);
	while (m->key[h] && m->key[h] != k)
		h = (h + 1) & (m->cap - 1);
	if (!m->key[h])
		m->n++;
	m->key[h] = k;
	m->val[h] = v;
}

/* --- the walk ----------------------------------------------------------- */

struct walk {
	const struct ea_physmem *pm;
	struct ea_input *l;
	struct ea_acpi_mem *out;
	struct ea_diags *diags;
	struct addrmap seen;
	uint64_t copied; /* bytes of table contents read so far */
};

static struct ea_evid line(struct walk *w, const char *f, ...)
    __attribute__((format(printf, 2, 3)));
static struct ea_evid line(struct walk *w, const char *f, ...)
{
	va_list ap;
	va_start(ap, f);
	char *s = ea_xvasprintf(f, ap);
	va_end(ap);
	struct ea_evid e = ea_listing_add(w->l, "%s", s);
	free(s);
	return e;
}

static void incomplete(struct walk *w, const char *f, ...)
    __attribute__((format(printf, 2, 3)));
static void incomplete(struct walk *w, const char *f, ...)
{
	w->out->complete = false;
	if (w->out->why)
		return;
	va_list ap;
	va_start(ap, f);
	w->out->why = ea_xvasprintf(f, ap);
	va_end(ap);
}

static struct ea_acpi_mtable *row(struct walk *w, size_t i)
{
	return &w->out->tables.v[i];
}

enum kind { K_RSDP, K_SDT, K_FACS };

/* Oddities of a header that was read, reported against its listing line. */
static void header_notes(struct walk *w, const struct ea_acpi_mtable *t,
			 const char *expect, bool wrong_sig,
			 uint32_t short_rsdp)
{
	if (wrong_sig)
		ea_diag_add(w->diags, t->ev,
			    "%s at 0x%016llx is signed \"%s\", not \"%s\"",
			    t->found_via, ull(t->addr), t->sig, expect);
	if (short_rsdp != UINT32_MAX)
		ea_diag_add(w->diags, t->ev,
			    "RSDP at 0x%016llx: revision %u with Length %u, "
			    "less than 36: 36 used",
			    ull(t->addr), t->revision, short_rsdp);
}

/* The header bytes read do not hold the fields named in `what` (at their
 * offsets): the row says so and the table is not used. Returns i. */
static size_t short_header(struct walk *w, size_t i, const struct ea_bytes *hb,
			   const char *what)
{
	struct ea_acpi_mtable *t = row(w, i);

	t->readable = false;
	t->sig[0] = '\0';
	t->status = ea_xasprintf("header: the %zu bytes read hold no %s",
				 hb->len, what);
	t->ev =
	    line(w, "0x%016llx %s: %s", ull(t->addr), t->found_via, t->status);
	ea_diag_add(w->diags, t->ev, "%s at 0x%016llx: %s", t->found_via,
		    ull(t->addr), t->status);
	incomplete(w, "%s at 0x%016llx: %s", t->found_via, ull(t->addr),
		   t->status);
	return i;
}

/* A pointer to a table that is listed already: said, not read again (so
 * that no pointer can loop). Returns NONE. */
static size_t listed_twice(struct walk *w, uint64_t addr, size_t prev,
			   char *found_via)
{
	struct ea_evid e =
	    line(w, "0x%016llx %s: already listed as %s %s: not read again",
		 ull(addr), found_via,
		 row(w, prev)->sig[0] ? row(w, prev)->sig : "table",
		 row(w, prev)->found_via);
	ea_diag_add(w->diags, e,
		    "%s points at 0x%016llx, which is already listed "
		    "(%s): a table listed twice",
		    found_via, ull(addr), row(w, prev)->found_via);
	free(found_via);
	return NONE;
}

/* The header fields of a table as read_table() reads and lists them. */
struct hdr {
	uint32_t len; /* the table's Length (36 for a short RSDP) */
	unsigned char oem[6], oem_table[8];
	uint32_t rsdt;
	uint64_t xsdt;
	bool wrong_sig;	     /* not the signature its pointer expects */
	uint32_t short_rsdp; /* an RSDP Length under 36, or UINT32_MAX */
};

/* The RSDP's header (20 bytes, 36 from revision 2) from h, its first hn
 * bytes read. False when row i says why it cannot be used. */
static bool rsdp_header(struct walk *w, size_t i, unsigned char *h, size_t hn,
			struct hdr *d)
{
	struct ea_acpi_mtable *t = row(w, i);
	struct ea_bytes hb = ea_bytes_of(h, hn);
	unsigned char sig[8] = { 0 };
	char why[256];

	memcpy(t->sig, "RSDP", 5);
	if (!ea_bytes_copy(&hb, 0, sig, 8) ||
	    !ea_bytes_copy(&hb, 9, d->oem, 6) ||
	    !ea_bytes_u8(&hb, 15, &t->revision) ||
	    !ea_bytes_u32(&hb, 16, &d->rsdt)) {
		short_header(w, i, &hb,
			     "Signature @0, OEMID @9, "
			     "Revision @15 and RsdtAddress @16");
		return false;
	}
	if (memcmp(sig, "RSD PTR ", 8) != 0) {
		char s[9];
		ea_acpi_field(s, sig, 8);
		t->readable = false;
		t->sig[0] = '\0';
		t->status = ea_xasprintf("not an RSDP: signature \"%s\"", s);
		t->ev = line(w,
			     "0x%016llx %s: signature \"%s\", not "
			     "\"RSD PTR \"",
			     ull(t->addr), t->found_via, s);
		ea_diag_add(w->diags, t->ev,
			    "no RSDP at 0x%016llx: signature \"%s\"",
			    ull(t->addr), s);
		incomplete(w, "no RSDP at 0x%016llx", ull(t->addr));
		return false;
	}
	d->len = RSDP_V1_LEN;
	if (t->revision < 2)
		return true;
	/* ACPI 2.0+: Length @20, XSDT @24, extended checksum over Length
	 * bytes */
	if (!ea_physmem_read(w->pm, t->addr, h, RSDP_V2_LEN, why,
			     sizeof(why))) {
		t->status = ea_xasprintf("unreadable: revision %u "
					 "RSDP, bytes 20-35: %s",
					 t->revision, why);
		t->ev = line(w,
			     "0x%016llx RSDP (%s): revision "
			     "%u but bytes 20-35 "
			     "unreadable: %s",
			     ull(t->addr), t->found_via, t->revision, why);
		incomplete(w, "RSDP at 0x%016llx: %s", ull(t->addr), t->status);
		return false;
	}
	hb = ea_bytes_of(h, RSDP_V2_LEN);
	if (!ea_bytes_u32(&hb, 20, &d->len) ||
	    !ea_bytes_u64(&hb, 24, &d->xsdt)) {
		short_header(w, i, &hb,
			     "Length @20 and "
			     "XsdtAddress @24");
		return false;
	}
	if (d->len < RSDP_V2_LEN) {
		d->short_rsdp = d->len;
		d->len = RSDP_V2_LEN;
	}
	return true;
}

/* The header of an SDT (36 bytes) or of the FACS (signature and length)
 * from its hn bytes read into h. False when row i says why it cannot be
 * used. */
static bool sdt_header(struct walk *w, size_t i, enum kind kind,
		       const char *expect, const unsigned char *h, size_t hn,
		       struct hdr *d)
{
	struct ea_acpi_mtable *t = row(w, i);
	struct ea_bytes hb = ea_bytes_of(h, hn);
	unsigned char sig[8] = { 0 };

	if (!ea_bytes_copy(&hb, 0, sig, 4) || !ea_bytes_u32(&hb, 4, &d->len) ||
	    (kind == K_SDT && (!ea_bytes_u8(&hb, 8, &t->revision) ||
			       !ea_bytes_copy(&hb, 10, d->oem, 6) ||
			       !ea_bytes_copy(&hb, 16, d->oem_table, 8)))) {
		short_header(w, i, &hb,
			     kind == K_SDT
				 ? "Signature @0, Length @4, Revision "
				   "@8, OEMID @10 and OEM Table ID @16"
				 : "Signature @0 and Length @4");
		return false;
	}
	ea_acpi_field(t->sig, sig, 4);
	d->wrong_sig = expect && memcmp(sig, expect, 4) != 0;
	uint32_t min = kind == K_FACS ? FACS_MIN : SDT_HDR;
	if (d->len >= min)
		return true;
	t->length = d->len;
	t->status = ea_xasprintf("length %u is shorter than its %u-byte "
				 "header",
				 d->len, min);
	t->ev = line(w,
		     "0x%016llx %s (%s): length %u, shorter "
		     "than its %u-byte header",
		     ull(t->addr), t->sig, t->found_via, d->len, min);
	ea_diag_add(w->diags, t->ev,
		    "%s at 0x%016llx: length %u is shorter "
		    "than its header",
		    t->sig, ull(t->addr), d->len);
	incomplete(w, "%s at 0x%016llx has length %u", t->sig, ull(t->addr),
		   d->len);
	header_notes(w, t, expect, d->wrong_sig, d->short_rsdp);
	return false;
}

/* Whether the table's length lets it be read: not past the per-table
 * limit, its range inside 2^64 (t->r set), not past what the walk may
 * read in all. When not, t says why. */
static bool length_ok(struct walk *w, struct ea_acpi_mtable *t, uint32_t len)
{
	char why[256];

	if (len > EA_ACPI_MAX_TABLE) {
		t->status =
		    ea_xasprintf("length %u is past the %u-byte limit: not "
				 "read",
				 len, EA_ACPI_MAX_TABLE);
		t->ev = line(w,
			     "0x%016llx %s (%s): length %u, past the %u-byte "
			     "limit: not read",
			     ull(t->addr), t->sig, t->found_via, len,
			     EA_ACPI_MAX_TABLE);
		ea_diag_add(w->diags, t->ev,
			    "%s at 0x%016llx: length %u is past the %u-byte "
			    "limit; not read",
			    t->sig, ull(t->addr), len, EA_ACPI_MAX_TABLE);
		incomplete(w, "%s at 0x%016llx is too long to read", t->sig,
			   ull(t->addr));
		return false;
	}
	if (!ea_range_from_size(t->addr, len, &t->r)) {
		t->status = ea_xasprintf("0x%016llx + length %u runs past 2^64",
					 ull(t->addr), len);
		t->ev = line(w, "0x%016llx %s (%s): length %u runs past 2^64",
			     ull(t->addr), t->sig, t->found_via, len);
		ea_diag_add(w->diags, t->ev, "%s at 0x%016llx: %s", t->sig,
			    ull(t->addr), t->status);
		incomplete(w, "%s at 0x%016llx runs past 2^64", t->sig,
			   ull(t->addr));
		return false;
	}
	t->has_range = true;
	if (w->copied + len > EA_ACPI_MAX_TOTAL) {
		snprintf(
		    why, sizeof(why),
		    "the walk already read %llu bytes of tables; the limit "
		    "is %llu",
		    ull(w->copied), ull(EA_ACPI_MAX_TOTAL));
		t->status = ea_xasprintf("not read: %s", why);
		t->ev = line(w, "0x%016llx %s (%s): length %u, not read: %s",
			     ull(t->addr), t->sig, t->found_via, len, why);
		ea_diag_add(w->diags, t->ev, "%s at 0x%016llx not read: %s",
			    t->sig, ull(t->addr), why);
		incomplete(w, "%s at 0x%016llx not read: %s", t->sig,
			   ull(t->addr), why);
		return false;
	}
	return true;
}

/* Reads the whole table into t->bytes and verifies its checksum; csum
 * says how it went, for the listing. */
static void read_body(struct walk *w, struct ea_acpi_mtable *t, enum kind kind,
		      uint32_t len, char *csum, size_t csumlen)
{
	char why[256];
	unsigned char *b = ea_xrealloc(NULL, len, 1);

	if (!ea_physmem_read(w->pm, t->addr, b, len, why, sizeof(why))) {
		free(b);
		snprintf(csum, csumlen, "unverified: %s", why);
		t->status =
		    ea_xasprintf("only the header is readable: %s", why);
		incomplete(w,
			   "%s at 0x%016llx: only the header is readable: %s",
			   t->sig, ull(t->addr), why);
		return;
	}
	w->copied += len;
	t->whole = true;
	t->bytes = b;
	if (kind == K_FACS) {
		t->csum = EA_ACPI_CSUM_NONE;
		snprintf(csum, csumlen, "none (a FACS has none)");
		return;
	}
	/* the RSDP's first checksum covers 20 bytes, its extended one the
	 * whole Length */
	uint8_t s = ea_acpi_sum8(b, kind == K_RSDP ? RSDP_V1_LEN : len);
	uint8_t x =
	    kind == K_RSDP && t->revision >= 2 ? ea_acpi_sum8(b, len) : 0;
	t->csum = s || x ? EA_ACPI_CSUM_BAD : EA_ACPI_CSUM_OK;
	if (kind == K_RSDP && t->revision >= 2)
		snprintf(csum, csumlen,
			 "%s (20 bytes: sum 0x%02x; extended, "
			 "%u bytes: sum 0x%02x)",
			 t->csum == EA_ACPI_CSUM_OK ? "ok" : "BAD", s, len, x);
	else
		snprintf(csum, csumlen, "%s (sum 0x%02x)", s ? "BAD" : "ok", s);
}

/* The listing line of a table that was read. */
static struct ea_evid table_line(struct walk *w, const struct ea_acpi_mtable *t,
				 enum kind kind, const struct hdr *d,
				 const char *csum)
{
	char oems[7], oemt[9];

	ea_acpi_field(oems, d->oem, 6);
	if (kind == K_RSDP && t->revision >= 2)
		return line(w,
			    "0x%016llx RSDP (%s): revision %u, OEM "
			    "\"%s\", length %u, RSDT 0x%08x, XSDT "
			    "0x%016llx, checksum %s",
			    ull(t->addr), t->found_via, t->revision, oems,
			    d->len, d->rsdt, ull(d->xsdt), csum);
	if (kind == K_RSDP)
		return line(w,
			    "0x%016llx RSDP (%s): revision %u, OEM "
			    "\"%s\", RSDT 0x%08x, checksum %s",
			    ull(t->addr), t->found_via, t->revision, oems,
			    d->rsdt, csum);
	if (kind == K_FACS)
		return line(w, "0x%016llx %s (%s): length %u, checksum %s",
			    ull(t->addr), t->sig, t->found_via, d->len, csum);
	ea_acpi_field(oemt, d->oem_table, 8);
	return line(w,
		    "0x%016llx %s (%s): length %u, revision %u, OEM "
		    "\"%s\" \"%s\", checksum %s",
		    ull(t->addr), t->sig, t->found_via, d->len, t->revision,
		    oems, oemt, csum);
}

/*
 * Reads the table at addr, reached as `via` (a heap string, owned by the
 * row). Returns its row, or NONE when addr is already listed (a diag names
 * both pointers, and nothing is read again, so no pointer can loop).
 */
static size_t read_table(struct walk *w, uint64_t addr, enum kind kind,
			 enum ea_acpi_via via, uint32_t index, uint64_t parent,
			 char *found_via, const char *expect)
{
	char why[256];
	size_t prev = addrmap_get(&w->seen, addr);
	if (prev != NONE)
		return listed_twice(w, addr, prev, found_via);
	size_t i = w->out->tables.n;
	struct ea_acpi_mtable *t = EA_VEC_PUSH(w->out->tables);
	t->addr = addr;
	t->via = via;
	t->index = index;
	t->parent = parent;
	t->found_via = found_via;
	t->csum = EA_ACPI_CSUM_UNVERIFIED;
	addrmap_put(&w->seen, addr, i);

	size_t hn = kind == K_RSDP   ? RSDP_V1_LEN
		    : kind == K_FACS ? FACS_MIN
				     : SDT_HDR;
	unsigned char h[RSDP_V2_LEN];
	if (!ea_physmem_read(w->pm, addr, h, hn, why, sizeof(why))) {
		t->status = ea_xasprintf("unreadable: %s", why);
		t->ev = line(w, "0x%016llx %s: unreadable: %s", ull(addr),
			     t->found_via, why);
		incomplete(w, "%s at 0x%016llx unreadable: %s", t->found_via,
			   ull(addr), why);
		return i;
	}
	t->readable = true;

	/* the header's fields, each a bounded read of the bytes read */
	struct hdr d = { .short_rsdp = UINT32_MAX };
	if (kind == K_RSDP ? !rsdp_header(w, i, h, hn, &d)
			   : !sdt_header(w, i, kind, expect, h, hn, &d))
		return i;
	t->length = d.len;
	if (!length_ok(w, t, d.len)) {
		header_notes(w, t, expect, d.wrong_sig, d.short_rsdp);
		return i;
	}
	char csum[300];
	read_body(w, t, kind, d.len, csum, sizeof(csum));
	t->ev = table_line(w, t, kind, &d, csum);
	if (t->csum == EA_ACPI_CSUM_BAD)
		ea_diag_add(w->diags, t->ev, "%s at 0x%016llx: checksum %s",
			    t->sig, ull(addr), csum);
	header_notes(w, t, expect, d.wrong_sig, d.short_rsdp);
	return i;
}

static const char *madt_type_name(unsigned type)
{
	static const char *const n[] = {
		"Local APIC",
		"I/O APIC",
		"Interrupt Source Override",
		"NMI Source",
		"Local APIC NMI",
		"Local APIC Address Override",
		"I/O SAPIC",
		"Local SAPIC",
		"Platform Interrupt Sources",
		"Local x2APIC",
		"Local x2APIC NMI",
		"GICC",
		"GICD",
		"GIC MSI Frame",
		"GICR",
		"GIC ITS",
	};
	return type < sizeof(n) / sizeof(n[0]) ? n[type] : "other";
}

/* A GICR subtable (s, at +off in the MADT at base, listed as e):
 * DiscoveryRangeBaseAddress @4, Length @12. */
static void madt_gicr(struct walk *w, uint64_t base, uint32_t off,
		      const struct ea_bytes *s, struct ea_evid e)
{
	uint64_t b64;
	uint32_t b32;

	if (!ea_bytes_u64(s, 4, &b64) || !ea_bytes_u32(s, 12, &b32)) {
		ea_diag_add(w->diags, e,
			    "MADT at 0x%016llx: GICR at +%u "
			    "has length %zu, less than 16",
			    ull(base), off, s->len);
		return;
	}
	struct ea_acpi_gicr *g = EA_VEC_PUSH(w->out->gicr);
	g->base = b64;
	g->length = b32;
	g->madt = base;
	g->off = off;
	g->has_range = ea_range_from_size(g->base, g->length, &g->r);
	g->ev = line(w,
		     "0x%016llx APIC +%u: GICR "
		     "discovery range base 0x%016llx, "
		     "length 0x%x",
		     ull(base + off), off, ull(g->base), g->length);
	if (!g->has_range)
		ea_diag_add(w->diags, g->ev,
			    "MADT GICR at +%u: base "
			    "0x%016llx length 0x%x is "
			    "empty or runs past 2^64",
			    off, ull(g->base), g->length);
}

/* A GIC ITS subtable: GIC ITS ID @4, PhysicalBaseAddress @8. */
static void madt_its(struct walk *w, uint64_t base, uint32_t off,
		     const struct ea_bytes *s, struct ea_evid e)
{
	uint64_t b64;
	uint32_t b32;

	if (!ea_bytes_u32(s, 4, &b32) || !ea_bytes_u64(s, 8, &b64)) {
		ea_diag_add(w->diags, e,
			    "MADT at 0x%016llx: GIC ITS at "
			    "+%u has length %zu, less than 16",
			    ull(base), off, s->len);
		return;
	}
	struct ea_acpi_its *x = EA_VEC_PUSH(w->out->its);
	x->id = b32;
	x->base = b64;
	x->madt = base;
	x->off = off;
	x->ev = line(w,
		     "0x%016llx APIC +%u: GIC ITS ID "
		     "%u, base 0x%016llx",
		     ull(base + off), off, x->id, ull(x->base));
}

/* MADT subtables from @44, each advanced by its own Length byte (a 0 would
 * never advance: it stops the walk). */
static void madt(struct walk *w, size_t ti)
{
	const struct ea_acpi_mtable *t = row(w, ti);
	const struct ea_bytes mb = ea_bytes_of(t->bytes, t->length);
	uint64_t base = t->addr;
	uint32_t len = t->length;
	uint32_t off = MADT_SUB;

	if (len < MADT_SUB) {
		ea_diag_add(w->diags, t->ev,
			    "MADT at 0x%016llx: length %u leaves no room for "
			    "its 44-byte header",
			    ull(base), len);
		return;
	}
	while (off < len) {
		uint8_t type, sl;
		if (!ea_bytes_u8(&mb, off, &type) ||
		    !ea_bytes_u8(&mb, off + 1, &sl)) {
			struct ea_evid e =
			    line(w, "0x%016llx APIC +%u: 1 trailing byte",
				 ull(base + off), off);
			ea_diag_add(w->diags, e,
				    "MADT at 0x%016llx: 1 byte left at +%u, "
				    "too short for a subtable",
				    ull(base), off);
			return;
		}
		struct ea_evid e =
		    line(w,
			 "0x%016llx APIC +%u: subtable type "
			 "0x%02x (%s), length %u",
			 ull(base + off), off, type, madt_type_name(type), sl);
		if (sl < 2) {
			ea_diag_add(w->diags, e,
				    "MADT at 0x%016llx: subtable at +%u has "
				    "length %u: the walk stops there",
				    ull(base), off, sl);
			return;
		}
		struct ea_bytes s;
		if (!ea_bytes_sub(&mb, off, sl, &s)) {
			ea_diag_add(w->diags, e,
				    "MADT at 0x%016llx: subtable at +%u "
				    "(length %u) runs past the table's end "
				    "(%u): the walk stops there",
				    ull(base), off, sl, len);
			return;
		}
		if (type == 0x0e)
			madt_gicr(w, base, off, &s, e);
		else if (type == 0x0f)
			madt_its(w, base, off, &s, e);
		off += sl;
	}
}

static void fadt(struct walk *w, size_t fi)
{
	const struct ea_acpi_mtable *f = row(w, fi);
	const struct ea_bytes fb = ea_bytes_of(f->bytes, f->length);
	uint64_t at = f->addr;
	uint32_t len = f->length;
	uint64_t facs = 0, dsdt = 0, xfacs = 0, xdsdt = 0;
	uint32_t facs32, dsdt32;
	struct ea_evid fev = f->ev;
	/* each field only when the table holds it (an ACPI 1.0 FADT ends
	 * before X_FIRMWARE_CTRL) */
	bool has32 = ea_bytes_u32(&fb, FADT_FACS, &facs32) &&
		     ea_bytes_u32(&fb, FADT_DSDT, &dsdt32);

	if (has32) {
		facs = facs32;
		dsdt = dsdt32;
		line(w, "0x%016llx FACP +36 FIRMWARE_CTRL: 0x%08llx",
		     ull(at + FADT_FACS), ull(facs));
		line(w, "0x%016llx FACP +40 DSDT: 0x%08llx",
		     ull(at + FADT_DSDT), ull(dsdt));
	} else {
		ea_diag_add(w->diags, fev,
			    "FADT at 0x%016llx is %u bytes, too short for "
			    "FIRMWARE_CTRL @36 and DSDT @40",
			    ull(at), len);
	}
	if (ea_bytes_u64(&fb, FADT_X_FACS, &xfacs)) {
		line(w, "0x%016llx FACP +132 X_FIRMWARE_CTRL: 0x%016llx",
		     ull(at + FADT_X_FACS), ull(xfacs));
	}
	if (ea_bytes_u64(&fb, FADT_X_DSDT, &xdsdt)) {
		line(w, "0x%016llx FACP +140 X_DSDT: 0x%016llx",
		     ull(at + FADT_X_DSDT), ull(xdsdt));
	} else if (has32) {
		ea_diag_add(w->diags, fev,
			    "FADT at 0x%016llx is %u bytes, too short for "
			    "X_DSDT @140 (needs 148): DSDT @40 used",
			    ull(at), len);
	}

	/* DSDT: acpi_tb_select_address() takes X_DSDT when set, warning when
	 * the 32-bit field disagrees (Linux keeps
	 * acpi_gbl_use32_bit_fadt_addresses false). */
	if (xdsdt) {
		if (dsdt && dsdt != xdsdt)
			ea_diag_add(w->diags, fev,
				    "FADT at 0x%016llx: X_DSDT 0x%016llx and "
				    "DSDT 0x%08llx differ; X_DSDT used",
				    ull(at), ull(xdsdt), ull(dsdt));
		read_table(w, xdsdt, K_SDT, EA_ACPI_VIA_FADT_X_DSDT, 0, at,
			   ea_xasprintf("FADT X_DSDT @140"), "DSDT");
	} else if (dsdt) {
		read_table(w, dsdt, K_SDT, EA_ACPI_VIA_FADT_DSDT, 0, at,
			   ea_xasprintf("FADT DSDT @40"), "DSDT");
	} else if (has32) {
		ea_diag_add(w->diags, fev, "FADT at 0x%016llx names no DSDT",
			    ull(at));
	}

	/* FACS: ACPICA installs FIRMWARE_CTRL's table, then X_FIRMWARE_CTRL's
	 * when it is another one; both are the kernel's (and printed). */
	if (xfacs && facs && xfacs != facs) {
		ea_diag_add(w->diags, fev,
			    "FADT at 0x%016llx: FIRMWARE_CTRL 0x%08llx and "
			    "X_FIRMWARE_CTRL 0x%016llx differ; ACPICA installs "
			    "both",
			    ull(at), ull(facs), ull(xfacs));
		read_table(w, facs, K_FACS, EA_ACPI_VIA_FADT_FACS, 0, at,
			   ea_xasprintf("FADT FIRMWARE_CTRL @36"), "FACS");
	}
	if (xfacs)
		read_table(w, xfacs, K_FACS, EA_ACPI_VIA_FADT_X_FACS, 0, at,
			   ea_xasprintf("FADT X_FIRMWARE_CTRL @132"), "FACS");
	else if (facs)
		read_table(w, facs, K_FACS, EA_ACPI_VIA_FADT_FACS, 0, at,
			   ea_xasprintf("FADT FIRMWARE_CTRL @36"), "FACS");
}

/*
 * Entry i of n of the RSDT (4-byte entries) or XSDT (x, 8-byte) at base:
 * from its bytes rb when it was read whole, else read on its own (the
 * header was read, the body is cut: entries are read one by one up to
 * the first that is not there). False, the entries from i on said
 * unread, when it is not there.
 */
static bool root_entry(struct walk *w, const struct ea_bytes *rb, uint64_t base,
		       bool x, uint32_t i, uint32_t n, uint64_t *a)
{
	const char *name = x ? "XSDT" : "RSDT";
	uint32_t esz = x ? 8 : 4;
	uint32_t eo = SDT_HDR + i * esz;
	unsigned char e[8] = { 0 };
	struct ea_bytes eb = *rb; /* the entry at eb + eoff */
	size_t eoff = eo;
	char why[256];
	if (!rb->len &&
	    !ea_physmem_read(w->pm, base + eo, e, esz, why, sizeof(why))) {
		struct ea_evid ev =
		    line(w,
			 "0x%016llx %s entries %u-%u (+%u): unreadable: "
			 "%s",
			 ull(base + eo), name, i, n - 1, eo, why);
		ea_diag_add(w->diags, ev,
			    "%s at 0x%016llx: entries %u-%u of %u "
			    "unreadable: %s",
			    name, ull(base), i, n - 1, n, why);
		incomplete(w, "%s entries %u-%u unreadable: %s", name, i, n - 1,
			   why);
		return false;
	}
	if (!rb->len) {
		eb = ea_bytes_of(e, esz);
		eoff = 0;
	}
	uint32_t a32;
	bool got;
	*a = 0;
	if (x) {
		got = ea_bytes_u64(&eb, eoff, a);
	} else {
		got = ea_bytes_u32(&eb, eoff, &a32);
		*a = a32;
	}
	if (!got) {
		struct ea_evid ev =
		    line(w,
			 "0x%016llx %s entries %u-%u (+%u): past the end "
			 "of the %zu bytes read",
			 ull(base + eo), name, i, n - 1, eo, eb.len);
		ea_diag_add(w->diags, ev,
			    "%s at 0x%016llx: entries %u-%u of %u are "
			    "not inside the %zu bytes read",
			    name, ull(base), i, n - 1, n, eb.len);
		incomplete(w, "%s entries %u-%u not read", name, i, n - 1);
		return false;
	}
	return true;
}

static void entries(struct walk *w, size_t ri)
{
	struct ea_acpi_mtable *r = row(w, ri);
	bool x = w->out->use_xsdt;
	const char *name = x ? "XSDT" : "RSDT";
	uint32_t esz = x ? 8 : 4;
	uint64_t base = r->addr;
	/* the table's bytes when whole (heap: stable across pushes) */
	const struct ea_bytes rb = ea_bytes_of(r->bytes, r->length);

	if (!r->readable || r->length < SDT_HDR ||
	    r->length > EA_ACPI_MAX_TABLE)
		return;
	uint32_t n = (r->length - SDT_HDR) / esz;
	uint32_t rem = (r->length - SDT_HDR) % esz;
	if (rem)
		ea_diag_add(w->diags, r->ev,
			    "%s at 0x%016llx: length %u leaves %u bytes after "
			    "its last %u-byte entry",
			    name, ull(base), r->length, rem, esz);
	if (n > EA_ACPI_MAX_ENTRIES) {
		ea_diag_add(w->diags, r->ev,
			    "%s at 0x%016llx: %u entries, more than the limit "
			    "of %d: the rest are not walked",
			    name, ull(base), n, EA_ACPI_MAX_ENTRIES);
		incomplete(w, "%s has %u entries; %d walked", name, n,
			   EA_ACPI_MAX_ENTRIES);
		n = EA_ACPI_MAX_ENTRIES;
	}
	for (uint32_t i = 0; i < n; i++) {
		uint32_t eo = SDT_HDR + i * esz;
		uint64_t a;
		if (!root_entry(w, &rb, base, x, i, n, &a))
			return;
		struct ea_evid ev = line(w,
					 "0x%016llx %s entry %u (+%u): "
					 "0x%016llx",
					 ull(base + eo), name, i, eo, ull(a));
		if (!a) {
			/* acpi_tb_parse_root_table() skips null entries */
			ea_diag_add(w->diags, ev,
				    "%s entry %u is 0: skipped, as ACPICA "
				    "does",
				    name, i);
			continue;
		}
		size_t ti = read_table(
		    w, a, K_SDT,
		    x ? EA_ACPI_VIA_XSDT_ENTRY : EA_ACPI_VIA_RSDT_ENTRY, i,
		    base, ea_xasprintf("%s entry %u", name, i), NULL);
		if (ti == NONE || !row(w, ti)->whole)
			continue;
		if (!strcmp(row(w, ti)->sig, "FACP"))
			fadt(w, ti);
		else if (!strcmp(row(w, ti)->sig, "APIC"))
			madt(w, ti);
	}
}

void ea_acpi_walk(const struct ea_physmem *pm, uint64_t rsdp,
		  struct ea_input *listing, struct ea_acpi_mem *out,
		  struct ea_diags *diags)
{
	struct walk w = { pm, listing, out, diags, { 0 }, 0 };

	if (!listing->name)
		listing->name = "acpi_mem";
	out->rsdp = rsdp;
	out->complete = true;
	size_t ri = read_table(&w, rsdp, K_RSDP, EA_ACPI_VIA_RSDP, 0, 0,
			       ea_xasprintf("RSDP"), NULL);
	const struct ea_acpi_mtable *r = row(&w, ri);
	if (!r->readable)
		goto out;
	out->rsdp_valid = true;
	out->rsdp_revision = r->revision;

	/* the RSDP's pointers; a revision 2 RSDP whose bytes 20-35 are not
	 * there names no XSDT we could trust (read_table() said why) */
	unsigned char h[RSDP_V2_LEN];
	char why[256];
	size_t hn = r->revision >= 2 ? RSDP_V2_LEN : RSDP_V1_LEN;
	if (!ea_physmem_read(pm, rsdp, h, hn, why, sizeof(why)))
		goto out;
	const struct ea_bytes hb = ea_bytes_of(h, hn);
	uint32_t rsdt;
	uint64_t xsdt = 0;
	if (!ea_bytes_u32(&hb, 16, &rsdt) ||
	    (r->revision >= 2 && !ea_bytes_u64(&hb, 24, &xsdt))) {
		ea_diag_add(diags, r->ev,
			    "RSDP at 0x%016llx: the %zu bytes read hold no "
			    "RsdtAddress @16%s",
			    ull(rsdp), hb.len,
			    r->revision >= 2 ? " and XsdtAddress @24" : "");
		incomplete(&w, "the RSDP's root table pointers unread");
		goto out;
	}
	size_t root;
	if (xsdt) {
		out->use_xsdt = true;
		out->root = xsdt;
		root =
		    read_table(&w, xsdt, K_SDT, EA_ACPI_VIA_RSDP_XSDT, 0, rsdp,
			       ea_xasprintf("RSDP XsdtAddress @24"), "XSDT");
	} else if (rsdt) {
		out->root = rsdt;
		root =
		    read_table(&w, rsdt, K_SDT, EA_ACPI_VIA_RSDP_RSDT, 0, rsdp,
			       ea_xasprintf("RSDP RsdtAddress @16"), "RSDT");
	} else {
		ea_diag_add(diags, r->ev,
			    "RSDP at 0x%016llx names neither an XSDT nor an "
			    "RSDT",
			    ull(rsdp));
		incomplete(&w, "the RSDP names no root table");
		goto out;
	}
	if (root != NONE)
		entries(&w, root);
out:
	free(w.seen.key);
	free(w.seen.val);
}

void ea_acpi_mem_free(struct ea_acpi_mem *m)
{
	for (size_t i = 0; i < m->tables.n; i++) {
		free(m->tables.v[i].found_via);
		free(m->tables.v[i].status);
		free(m->tables.v[i].bytes);
	}
	EA_VEC_FREE(m->tables);
	EA_VEC_FREE(m->its);
	EA_VEC_FREE(m->gicr);
	free(m->why);
	memset(m, 0, sizeof(*m));
}
