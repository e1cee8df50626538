/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The ACPI walk from the RSDP through physical memory (RSDP, XSDT or RSDT,
 * FADT with its DSDT and FACS, MADT with its GICR and GIC ITS entries), then
 * compared with the kernel log's "ACPI: SIG 0x..." lines. Input (fuzz.h):
 * header { u64 RSDP address }, the memory regions, optionally a kernel log.
 * Properties: the walk is complete exactly when it gives no reason and
 * every row was read whole; a row has no status exactly when it was read
 * whole, and then its range is its header's length at its address; no
 * address is listed twice; bytes copied stay under the walk's limit; every
 * ITS and GICR lies inside an MADT that was read; the comparison accounts
 * for every row and every log line once.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check/cross_acpi.h"
#include "fuzz.h"
#include "read/acpi.h"
#include "read/dmesg.h"

static void fail(const char *why)
{
	fprintf(stderr, "acpi property violated: %s\n", why);
	abort();
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

static const struct ea_acpi_mtable *madt_at(const struct ea_acpi_mem *m,
					    uint64_t addr)
{
	for (size_t i = 0; i < m->tables.n; i++)
		if (m->tables.v[i].addr == addr && m->tables.v[i].whole &&
		    !strcmp(m->tables.v[i].sig, "APIC"))
			return &m->tables.v[i];
	return NULL;
}

static void check(const struct ea_acpi_mem *m, uint64_t rsdp)
{
	size_t n = m->tables.n;
	bool all_whole = true;
	uint64_t copied = 0;

	if (!n || m->tables.v[0].addr != rsdp ||
	    m->tables.v[0].via != EA_ACPI_VIA_RSDP)
		fail("first row is not the RSDP");
	if (m->rsdp_valid != m->tables.v[0].readable)
		fail("rsdp_valid");
	uint64_t *addrs = calloc(n, sizeof(*addrs));

	for (size_t i = 0; i < n; i++) {
		const struct ea_acpi_mtable *t = &m->tables.v[i];

		addrs[i] = t->addr;
		all_whole &= t->whole;
		if ((t->status == NULL) != t->whole)
			fail("status is not 'not read whole'");
		if (t->whole != (t->csum != EA_ACPI_CSUM_UNVERIFIED))
			fail("checksum verified without the bytes");
		if (t->whole && (!t->readable || !t->bytes || !t->has_range))
			fail("whole without header, bytes or range");
		if (t->has_range &&
		    (t->r.first != t->addr || t->length == 0 ||
		     t->r.last - t->r.first != (uint64_t)t->length - 1 ||
		     t->length > EA_ACPI_MAX_TABLE))
			fail("range is not the header's length");
		if (!t->found_via)
			fail("row without found_via");
		if (t->whole)
			copied += t->length;
	}
	if (copied > EA_ACPI_MAX_TOTAL)
		fail("copied more than the limit");
	qsort(addrs, n, sizeof(*addrs), cmp_u64);
	for (size_t i = 1; i < n; i++)
		if (addrs[i] == addrs[i - 1])
			fail("an address listed twice");
	free(addrs);
	if (m->complete != (m->why == NULL))
		fail("complete and why disagree");
	if (m->complete && !all_whole)
		fail("complete with a table not read whole");
	for (size_t i = 0; i < m->its.n; i++) {
		const struct ea_acpi_mtable *t = madt_at(m, m->its.v[i].madt);

		if (!t || m->its.v[i].off < 44 ||
		    (uint64_t)m->its.v[i].off + 16 > t->length)
			fail("ITS outside a read MADT");
	}
	for (size_t i = 0; i < m->gicr.n; i++) {
		const struct ea_acpi_gicr *g = &m->gicr.v[i];
		const struct ea_acpi_mtable *t = madt_at(m, g->madt);

		if (!t || g->off < 44 || (uint64_t)g->off + 16 > t->length)
			fail("GICR outside a read MADT");
		if (g->has_range &&
		    (g->r.first != g->base ||
		     g->r.last - g->r.first != (uint64_t)g->length - 1))
			fail("GICR range");
	}
}

static void check_cmp(const struct ea_acpi_cmp_result *c,
		      const struct ea_acpi_mem *m, const struct ea_dmesg *d)
{
	size_t ndiffer = 0, nskipped = 0, nlog = 0;
	bool *seen = calloc(m->tables.n + 1, 1);

	for (size_t i = 0; i < c->v.n; i++) {
		const struct ea_acpi_cmp *x = &c->v.v[i];

		ndiffer += x->differs;
		nskipped += x->kind == EA_ACPI_CMP_LOG_NOT_PHYSICAL;
		nlog += x->log != NULL;
		if (!x->msg || (!x->mem && !x->log))
			fail("comparison row without message or side");
		if (x->mem) {
			size_t k = (size_t)(x->mem - m->tables.v);

			if (k >= m->tables.n)
				fail("comparison points outside the walk");
			seen[k] = true;
		}
	}
	for (size_t i = 0; i < m->tables.n; i++)
		if (!seen[i])
			fail("a row of the walk left out of the comparison");
	free(seen);
	if (ndiffer != c->ndiffer || nskipped != c->nskipped)
		fail("counts");
	if (nlog != d->acpi.n)
		fail("a log line compared twice or not at all");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct ea_fuzz_mem fm;
	struct ea_physmem pm = { 0 };
	struct ea_input l = { .name = "acpi_mem" };
	struct ea_acpi_mem m = { 0 };
	struct ea_diags diags = { 0 };
	char why[320];

	ea_fuzz_split(data, size, 8, &fm);
	uint64_t rsdp = ea_fuzz_hdr64(&fm, 0);

	if (!ea_physmem_open_buffers(&pm, fm.r, fm.n, why, sizeof(why)))
		fail(why); /* ea_fuzz_split() keeps only valid regions */
	ea_acpi_walk(&pm, rsdp, &l, &m, &diags);
	check(&m, rsdp);
	if (fm.dmesg) {
		struct ea_input in = { .name = "dmesg" };
		struct ea_dmesg d = { 0 };
		struct ea_acpi_cmp_result c = { 0 };

		ea_input_set_data(&in, fm.dmesg, fm.dmesg_len);
		ea_dmesg_parse(&in, &d, &diags);
		ea_acpi_compare_dmesg(&m, &d, &c);
		check_cmp(&c, &m, &d);
		ea_acpi_cmp_result_free(&c);
		ea_dmesg_free(&d);
		ea_input_free(&in);
	}
	ea_acpi_mem_free(&m);
	ea_input_free(&l);
	ea_diags_free(&diags);
	ea_physmem_free(&pm);
	return 0;
}
