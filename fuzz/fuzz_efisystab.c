/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The EFI system table and its configuration tables from physical memory,
 * then compared with the kernel's "efi:" line. Input (fuzz.h): header
 * { u64 system table address; u64 virt, phys, size: one virtual map region
 * (none when size is 0) }, the memory regions, and optionally a kernel log.
 * Properties: the return value is header_ok; a table is complete exactly
 * when every entry it declares (within the limit) was read, entry i sits
 * at ConfigurationTable + 24 i; GUIDs are lowercase 8-4-4-4-12; names are
 * the kernel's; the comparison counts its differences right.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check/cross_systab.h"
#include "fuzz.h"
#include "read/dmesg.h"
#include "read/efisystab.h"

static void fail(const char *why)
{
	fprintf(stderr, "efisystab property violated: %s\n", why);
	abort();
}

static void check_guid(const char *g)
{
	for (int i = 0; i < 36; i++) {
		bool dash = i == 8 || i == 13 || i == 18 || i == 23;
		char c = g[i];

		if (dash ? c != '-'
			 : !((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')))
			fail("GUID string");
	}
	if (g[36])
		fail("GUID length");
}

static void check(const struct ea_efi_systab *st, bool ok,
		  const struct ea_input *l)
{
	if (ok != st->header_ok)
		fail("return value is not header_ok");
	if (!st->header_ok) {
		if (!st->why || st->complete || st->entries.n ||
		    l->status == EA_IN_OK)
			fail("a table that was not read says otherwise");
		return;
	}
	if (st->header_size < 120)
		fail("HeaderSize below 120 accepted");
	if (st->crc_ok && !st->crc_checked)
		fail("CRC ok but not checked");
	uint32_t want = st->nr_tables < EA_EFI_MAX_CONFIG_TABLES
			    ? st->nr_tables
			    : EA_EFI_MAX_CONFIG_TABLES;

	if (st->entries.n > want)
		fail("more entries than declared");
	if (st->complete != (st->entries.n == st->nr_tables))
		fail("complete is not 'every declared entry read'");
	if (!st->complete && !st->why)
		fail("incomplete without a reason");
	if (st->vendor && strlen(st->vendor) > 128)
		fail("FirmwareVendor longer than the limit");
	for (size_t i = 0; i < st->entries.n; i++) {
		const struct ea_efi_cfg_entry *e = &st->entries.v[i];

		if (e->index != i ||
		    e->at != st->tables_phys + 24 * (uint64_t)i)
			fail("entry index or address");
		check_guid(e->guid);
		if ((e->kname != NULL) != (e->name != NULL) ||
		    (e->kname && ea_efi_cfg_name_by_guid(e->guid) != e->kname))
			fail("entry name");
	}
}

static void check_cmp(const struct ea_systab_cmps *c, const struct ea_dmesg *d)
{
	size_t ndiff = 0, nlog = 0;

	for (size_t i = 0; i < c->v.n; i++) {
		const struct ea_systab_cmp *x = &c->v.v[i];

		ndiff += x->kind != EA_SYSTAB_CMP_SAME;
		nlog += x->log != NULL;
		if (!x->name || (!x->mem && !x->log))
			fail("comparison row without a side");
		if (x->mem && x->log &&
		    (x->kind == EA_SYSTAB_CMP_SAME) !=
			(x->mem->addr == x->log->addr))
			fail("same / address differs");
	}
	if (ndiff != c->ndiff)
		fail("ndiff");
	if (nlog != d->cfg.n)
		fail("a log entry compared twice or not at all");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct ea_fuzz_mem fm;
	struct ea_physmem pm = { 0 };
	struct ea_input l = { .name = "efi_systab" };
	struct ea_efi_systab st;
	struct ea_diags diags = { 0 };
	char why[320];

	ea_fuzz_split(data, size, 32, &fm);
	uint64_t addr = ea_fuzz_hdr64(&fm, 0);
	struct ea_efi_vmap vm = { ea_fuzz_hdr64(&fm, 8), ea_fuzz_hdr64(&fm, 16),
				  ea_fuzz_hdr64(&fm, 24) };

	if (!ea_physmem_open_buffers(&pm, fm.r, fm.n, why, sizeof(why)))
		fail(why); /* ea_fuzz_split() keeps only valid regions */
	bool ok = ea_efi_systab_read(&pm, addr, &vm, vm.size ? 1 : 0, &l, &st,
				     &diags);

	check(&st, ok, &l);
	if (fm.dmesg) {
		struct ea_input in = { .name = "dmesg" };
		struct ea_dmesg d = { 0 };
		struct ea_systab_cmps c;

		ea_input_set_data(&in, fm.dmesg, fm.dmesg_len);
		ea_dmesg_parse(&in, &d, &diags);
		if (st.header_ok) {
			ea_efi_systab_compare(&st, &d, &c);
			check_cmp(&c, &d);
			ea_systab_cmps_free(&c);
		}
		ea_dmesg_free(&d);
		ea_input_free(&in);
	}
	ea_efi_systab_free(&st);
	ea_input_free(&l);
	ea_diags_free(&diags);
	ea_physmem_free(&pm);
	return 0;
}
