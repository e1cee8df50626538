/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * acpidump text output. Format: ACPICA apdump.c ApDumpTableBuffer() and
 * utbuffer.c AcpiUtDumpBuffer(), as read by acpixtract (axutils.c); see
 * acpidump.h.
 */
#include "read/acpidump.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/bytes.h"
#include "core/cursor.h"

struct parse {
	const struct ea_input *in;
	struct ea_acpidump *out;
	struct ea_diags *diags;
	struct ea_line_iter it;
	const char *s; /* the current line */
	size_t n;
	long cur;  /* index of the table being read, or -1 */
	bool skip; /* the current table broke: ignore its lines */
	bool stop; /* the table limit was reached */
	size_t cap;
};

static struct ea_evid here(struct parse *p)
{
	return ea_evid_line(p->in, p->it.lineno, p->s, p->n);
}

static struct ea_acpidump_table *cur(struct parse *p)
{
	return &p->out->tables.v[p->cur];
}

/* What this many characters of the line look like, for a message. */
static void show(const char *s, size_t n, char *buf, size_t cap)
{
	size_t k = 0;
	for (size_t i = 0; i < n && k + 5 < cap; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c >= 0x20 && c < 0x7f && c != '"')
			buf[k++] = (char)c;
		else
			k += (size_t)snprintf(buf + k, cap - k, "\\x%02x", c);
	}
	buf[k < cap ? k : cap - 1] = '\0';
}

static bool blank_line(const char *s, size_t n)
{
	return ea_skip_spaces(s, n) == n;
}

/* The table's own length field from its bytes: an SDT or FACS has Length
 * @4; an RSDP is 20 bytes before ACPI 2.0, else Length @20
 * (AcpiTbGetRsdpLength()). Signature bytes that are not the header's
 * are said. */
static void own_length(struct parse *p, struct ea_acpidump_table *t, bool rsdp)
{
	/* the bytes decoded so far; a field past them is not there (the
	 * has_length test of the caller says so) */
	const struct ea_bytes tb = ea_bytes_of(t->bytes, t->len);
	uint8_t rev;

	if (rsdp) {
		if (ea_bytes_fits(&tb, 0, 8) &&
		    !ea_bytes_eq(&tb, 0, "RSD PTR ", 8))
			ea_diag_add(p->diags, t->ev,
				    "line %u: the RSDP's bytes do not start "
				    "with \"RSD PTR \"",
				    t->first_line);
		/* Revision @15; Length @20 from ACPI 2.0 */
		if (ea_bytes_u8(&tb, 15, &rev) && rev < 2) {
			t->has_length = true;
			t->length = 20;
		} else if (ea_bytes_u32(&tb, 20, &t->length)) {
			t->has_length = true;
		}
		return;
	}
	unsigned char sig[4];
	if (ea_bytes_copy(&tb, 0, sig, 4) && memcmp(sig, t->sig, 4)) {
		char b[20];
		show((const char *)sig, 4, b, sizeof(b));
		ea_diag_add(p->diags, t->ev,
			    "line %u: %s's bytes start with \"%s\"",
			    t->first_line, t->sig, b);
	}
	/* Length @4 */
	if (ea_bytes_u32(&tb, 4, &t->length))
		t->has_length = true;
}

/* The checksum of a complete table (an RSDP's first over 20 bytes, its
 * extended one over Length from ACPI 2.0; a FACS has none). */
static void verify_sum(struct parse *p, struct ea_acpidump_table *t, bool rsdp)
{
	if (!strcmp(t->sig, "FACS")) {
		t->csum = EA_ACPI_CSUM_NONE;
		return;
	}
	uint8_t s = 0, x = 0;
	for (size_t i = 0; i < t->len; i++) {
		x = (uint8_t)(x + t->bytes[i]);
		if (!rsdp || i < 20)
			s = (uint8_t)(s + t->bytes[i]);
	}
	if (!rsdp || t->length == 20)
		x = 0;
	t->csum = s || x ? EA_ACPI_CSUM_BAD : EA_ACPI_CSUM_OK;
	if (t->csum == EA_ACPI_CSUM_BAD)
		ea_diag_add(p->diags, t->ev, "line %u: %s: checksum bad",
			    t->first_line, t->sig);
}

/* The end of the table being read: its length field against the bytes
 * read, and its checksum when they agree. */
static void finish(struct parse *p)
{
	if (p->cur < 0)
		return;
	struct ea_acpidump_table *t = cur(p);
	struct ea_evid ev = t->ev;
	bool rsdp = !strcmp(t->sig, "RSDP");
	bool broke = p->skip;

	p->cur = -1;
	p->skip = false;
	t->csum = EA_ACPI_CSUM_UNVERIFIED;
	own_length(p, t, rsdp);
	if (broke)
		return;
	if (!t->has_length) {
		ea_diag_add(p->diags, ev,
			    "line %u: %s has %zu bytes, too few for its length "
			    "field: the dump is cut",
			    t->first_line, t->sig, t->len);
		return;
	}
	if (t->len < t->length) {
		ea_diag_add(p->diags, ev,
			    "line %u: %s ends after %zu bytes (line %u), its "
			    "header says %u: the dump is cut",
			    t->first_line, t->sig, t->len, t->last_line,
			    t->length);
		return;
	}
	if (t->len > t->length) {
		ea_diag_add(p->diags, ev,
			    "line %u: %s has %zu bytes, its header says %u",
			    t->first_line, t->sig, t->len, t->length);
		return;
	}
	t->complete = true;
	verify_sum(p, t, rsdp);
}

/* The signature before " @ " (at: where that is) into sig: 4 printable
 * characters, or "RSD PTR" / "RSD" for the RSDP. False after a diag. */
static bool header_sig(struct parse *p, size_t at, char sig[5])
{
	const char *s = p->s;
	size_t k = at;
	while (k > 0 && s[k - 1] == ' ')
		k--;
	if ((k == 7 && !memcmp(s, "RSD PTR", 7)) ||
	    (k == 3 && !memcmp(s, "RSD", 3))) {
		memcpy(sig, "RSDP", 5);
		return true;
	}
	if (k != 4) {
		char b[40];
		show(s, k < 16 ? k : 16, b, sizeof(b));
		ea_diag_add(p->diags, here(p),
			    "line %u: \"%s\" before \" @ \" is not a "
			    "4-character signature",
			    p->it.lineno, b);
		return false;
	}
	for (size_t i = 0; i < 4; i++) {
		if (s[i] <= 0x20 || s[i] >= 0x7f) {
			ea_diag_add(p->diags, here(p),
				    "line %u: table header with a signature "
				    "that is not 4 printable characters",
				    p->it.lineno);
			return false;
		}
	}
	memcpy(sig, s, 4);
	sig[4] = '\0';
	return true;
}

/* "<sig> @ 0x<hex>" or "<sig> @ (nil)"; the line starts with no blank. */
static bool header(struct parse *p)
{
	const char *s = p->s;
	size_t n = p->n;
	size_t at = ea_find(s, n, " @ ");
	if (at == (size_t)-1)
		return false;

	char sig[5];
	if (!header_sig(p, at, sig))
		return true;

	struct ea_cur c;
	uint64_t addr = 0;
	bool has = true;

	ea_cur_init(&c, s, n);
	c.i = at + 3;
	if (ea_cur_skip(&c, "(nil)")) {
		has = false;
	} else if (!ea_cur_take_0x(&c, &addr)) {
		char b[40];
		size_t an = ea_cur_left(&c);
		show(ea_cur_at(&c), an < 20 ? an : 20, b, sizeof(b));
		ea_diag_add(p->diags, here(p),
			    "line %u: %s: expected 0x<hex> or (nil) after \" @ "
			    "\", found \"%s\"",
			    p->it.lineno, sig, b);
		return true;
	}
	if (!ea_cur_blank_rest(&c)) {
		ea_diag_add(p->diags, here(p),
			    "line %u: %s: unexpected text after the address",
			    p->it.lineno, sig);
		return true;
	}

	if (p->out->tables.n >= EA_ACPIDUMP_MAX_TABLES) {
		ea_diag_add(
		    p->diags, here(p),
		    "line %u: more than %d tables: the rest is not read",
		    p->it.lineno, EA_ACPIDUMP_MAX_TABLES);
		p->stop = true;
		return true;
	}
	p->cur = (long)p->out->tables.n;
	struct ea_acpidump_table *t = EA_VEC_PUSH(p->out->tables);
	memcpy(t->sig, sig, 5);
	t->has_addr = has;
	t->addr = addr;
	t->first_line = t->last_line = p->it.lineno;
	t->ev = here(p);
	p->cap = 0;
	return true;
}

/* The " HH" byte columns of a data line, at most 16, into b (*nb of
 * them). False when what stops them is not the end of the line, the blank
 * before the ASCII column (16 bytes), or the padding of a short last
 * line, which is at least two blanks. */
static bool read_bytes(struct ea_cur *c, unsigned char b[16], size_t *nb)
{
	*nb = 0;
	while (*nb < 16) {
		/* each byte is " HH"; the ASCII column follows 3 blanks of
		 * padding per missing byte, so it never parses as bytes */
		size_t was = c->i;
		uint64_t v;
		if (!ea_cur_skip(c, " ") || !ea_cur_take_hexw(c, 2, &v) ||
		    !(ea_cur_done(c) || ea_cur_is(c, ' '))) {
			c->i = was;
			break;
		}
		b[(*nb)++] = (unsigned char)v;
	}
	return ea_cur_done(c) ||
	       (ea_cur_is(c, ' ') && (*nb == 16 || ea_cur_left(c) <= 1 ||
				      ea_cur_looking_at(c, "  ")));
}

/* Appends nb bytes to the table being read. */
static void append(struct parse *p, struct ea_acpidump_table *t,
		   const unsigned char *b, size_t nb)
{
	if (t->len + nb > p->cap) {
		size_t nc = p->cap ? p->cap * 2 : 256;
		while (nc < t->len + nb)
			nc *= 2;
		t->bytes = ea_xrealloc(t->bytes, nc, 1);
		p->cap = nc;
	}
	memcpy(t->bytes + t->len, b, nb);
	t->len += nb;
}

/* "<blanks><hex offset>: HH HH ... <padding> <ascii>" */
static void data(struct parse *p)
{
	struct ea_acpidump_table *t = cur(p);
	struct ea_cur c;
	uint64_t off;

	ea_cur_init(&c, p->s, p->n);
	ea_cur_ws(&c);
	t->last_line = p->it.lineno;
	const char *at = ea_cur_at(&c);
	size_t an = ea_cur_left(&c);
	if (!ea_cur_take_hex(&c, &off) || !ea_cur_skip(&c, ":")) {
		char b[40];
		show(at, an < 20 ? an : 20, b, sizeof(b));
		ea_diag_add(
		    p->diags, here(p),
		    "line %u: %s: expected \"<hex offset>: \", found \"%s\"",
		    p->it.lineno, t->sig, b);
		p->skip = true;
		return;
	}
	if (off != t->len) {
		ea_diag_add(p->diags, here(p),
			    "line %u: %s: offset 0x%llx where 0x%zx was "
			    "expected (lines missing or a short line before)",
			    p->it.lineno, t->sig, (unsigned long long)off,
			    t->len);
		p->skip = true;
		return;
	}
	unsigned char b[16];
	size_t nb;
	if (!read_bytes(&c, b, &nb)) {
		char e[24];
		size_t m = ea_cur_left(&c) < 4 ? ea_cur_left(&c) : 4;
		show(ea_cur_at(&c), m, e, sizeof(e));
		ea_diag_add(p->diags, here(p),
			    "line %u: %s: byte %zu of the line is not two hex "
			    "digits (\"%s\")",
			    p->it.lineno, t->sig, nb, e);
		p->skip = true;
		return;
	}
	if (!nb) {
		ea_diag_add(p->diags, here(p),
			    "line %u: %s: a hex line with no bytes",
			    p->it.lineno, t->sig);
		p->skip = true;
		return;
	}
	if (t->len + nb > EA_ACPIDUMP_MAX_TABLE) {
		ea_diag_add(p->diags, here(p),
			    "line %u: %s: more than %zu bytes: the rest of the "
			    "table is not read",
			    p->it.lineno, t->sig, EA_ACPIDUMP_MAX_TABLE);
		p->skip = true;
		return;
	}
	append(p, t, b, nb);
}

void ea_acpidump_parse(const struct ea_input *in, struct ea_acpidump *out,
		       struct ea_diags *diags)
{
	struct parse p = {
		in, out, diags, { 0 }, NULL, 0, -1, false, false, 0
	};
	const char *s;
	size_t n;

	ea_line_iter_init(&p.it, in->data ? in->data : "", in->len);
	while (ea_line_next(&p.it, &s, &n)) {
		p.s = s;
		p.n = n;
		out->lines = p.it.lineno;
		if (blank_line(s, n)) {
			finish(&p);
			continue;
		}
		if (s[0] != ' ' && s[0] != '\t') {
			/* a header ends the table before it, even without
			 * the blank line */
			long was = p.cur;
			finish(&p);
			size_t before = out->tables.n;
			if (header(&p)) {
				if (p.stop)
					break;
				if (out->tables.n == before)
					out->ignored++;
				continue;
			}
			if (was >= 0)
				ea_diag_add(
				    p.diags, here(&p),
				    "line %u: a line that is neither hex data "
				    "nor a table header ends %s",
				    p.it.lineno, out->tables.v[was].sig);
			out->ignored++;
			continue;
		}
		if (p.cur < 0) {
			out->ignored++;
			continue;
		}
		if (!p.skip)
			data(&p);
		else
			cur(&p)->last_line = p.it.lineno;
	}
	finish(&p);

	bool any = false;
	for (size_t i = 0; i < out->tables.n; i++)
		if (out->tables.v[i].has_addr && out->tables.v[i].addr)
			any = true;
	if (out->tables.n && !any) {
		out->addresses_zero = true;
		ea_diag_add(diags, out->tables.v[0].ev,
			    "every one of the %zu table addresses is 0: "
			    "acpidump read /sys/firmware/acpi/tables (its "
			    "default), which has no addresses; they are "
			    "unusable",
			    out->tables.n);
	}
}

void ea_acpidump_free(struct ea_acpidump *d)
{
	for (size_t i = 0; i < d->tables.n; i++)
		free(d->tables.v[i].bytes);
	EA_VEC_FREE(d->tables);
	memset(d, 0, sizeof(*d));
}
