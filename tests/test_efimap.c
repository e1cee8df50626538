/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The EFI memory map buffer of each real arm64 capture, read from its mem/
 * at the address its /chosen names, against the map its kernel printed
 * with efi=debug (decoded by hand with a 48-byte stride: 30 descriptors
 * each); printed maps edited here to make each kind of difference; and
 * buffers no firmware could have written.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check/cross_efimap.h"
#include "read/devtree.h"
#include "read/dmesg.h"
#include "read/efimap.h"
#include "read/physmem.h"
#include "t.h"

static const char *ev_text(const struct ea_evid *e)
{
	static char buf[600];
	size_t n = e->len < sizeof(buf) - 1 ? e->len : sizeof(buf) - 1;

	if (!e->in || !e->in->data || e->off + n > e->in->len)
		return "";
	memcpy(buf, e->in->data + e->off, n);
	buf[n] = '\0';
	return buf;
}

static bool has_diag(const struct ea_diags *d, const char *needle)
{
	for (size_t i = 0; i < d->n; i++)
		if (strstr(d->v[i].msg, needle))
			return true;
	fprintf(stderr, "no diag contains \"%s\"; diags:\n", needle);
	for (size_t i = 0; i < d->n; i++)
		fprintf(stderr, "  %s\n", d->v[i].msg);
	return false;
}

struct capture {
	const char *name;
	uint64_t map; /* linux,uefi-mmap-start */
	/* the descriptor whose region holds the map buffer */
	size_t holder;
	uint64_t holder_first, holder_last;
	uint32_t holder_type;
	uint64_t conv10_last; /* end of descriptor 10 (Conventional) */
};

/* 5.10's stub allocated the map as Loader Data; 6.1's as ACPI Reclaim
 * (libstub/mem.c efi_get_memory_map(), install_cfg_tbl since 6.0). */
static const struct capture caps[] = {
	{ "qemu-arm64-5.10-acpi-smp2-1g", 0x7c42d018, 15, 0x7c42d000,
	  0x7c42ffff, EA_EFI_LOADER_DATA, 0x79756fff },
	{ "qemu-arm64-5.10-acpi-smp4-256m", 0x4c42d018, 15, 0x4c42d000,
	  0x4c42ffff, EA_EFI_LOADER_DATA, 0x49756fff },
	{ "qemu-arm64-6.1-acpi-gicv2", 0x7c43d9c0, 16, 0x7c430000, 0x7c43ffff,
	  EA_EFI_ACPI_RECLAIM, 0x78f65fff },
	{ "qemu-arm64-6.1-acpi-smp4-2g", 0xbc43d9c0, 16, 0xbc430000, 0xbc43ffff,
	  EA_EFI_ACPI_RECLAIM, 0xb8f65fff },
	{ "qemu-arm64-6.1-dt-smp2-1g", 0x7c0e0040, 13, 0x7c0e0000, 0x7c0effff,
	  EA_EFI_ACPI_RECLAIM, 0x78f75fff },
};

struct ctx {
	struct ea_physmem pm;
	struct ea_input mem_in, fdt_in, fdt_l, map_l, dmesg_in;
	struct ea_fdt f;
	struct ea_dmesg dm;
	struct ea_efimap m;
	struct ea_diags d;
};

static void ctx_free(struct ctx *c)
{
	ea_physmem_free(&c->pm);
	ea_fdt_free(&c->f);
	ea_dmesg_free(&c->dm);
	ea_efimap_free(&c->m);
	ea_diags_free(&c->d);
	ea_input_free(&c->mem_in);
	ea_input_free(&c->fdt_in);
	ea_input_free(&c->fdt_l);
	ea_input_free(&c->map_l);
	ea_input_free(&c->dmesg_in);
}

/* Loads a capture's mem/, FDT and dmesg; reads nothing else. */
static void load(struct ctx *c, const char *name)
{
	char p[512];

	memset(c, 0, sizeof(*c));
	c->mem_in.name = "mem";
	c->fdt_in.name = "fdt";
	c->fdt_l.name = "fdt";
	c->map_l.name = "efi_map";
	c->dmesg_in.name = "dmesg";
	snprintf(p, sizeof(p), "%s/captures/%s/mem", TESTDATA, name);
	CHECK(ea_physmem_open_dir(&c->pm, &c->mem_in, p, &c->d));
	snprintf(p, sizeof(p), "%s/captures/%s/sys/firmware/fdt", TESTDATA,
		 name);
	CHECK(ea_input_load_file(&c->fdt_in, p));
	CHECK(ea_fdt_parse(&c->fdt_in, &c->fdt_l, &c->f, &c->d));
	snprintf(p, sizeof(p), "%s/captures/%s/dmesg.txt", TESTDATA, name);
	CHECK(ea_input_load_file(&c->dmesg_in, p));
	ea_dmesg_parse(&c->dmesg_in, &c->dm, &c->d);
	CHECK_U64(c->d.n, 0);
}

static bool read_map(struct ctx *c)
{
	return ea_efimap_read(&c->pm, c->f.mmap_start.v, c->f.mmap_size.v,
			      c->f.mmap_desc_size.v, c->f.mmap_desc_ver.v,
			      &c->map_l, &c->m, &c->d);
}

static void real_capture(const struct capture *k)
{
	struct ctx c;
	struct ea_efimap_cmp cmp = { 0 };
	char want[128];

	load(&c, k->name);
	CHECK_U64(c.f.mmap_start.v, k->map);
	CHECK(read_map(&c));
	CHECK(c.m.ok && c.m.complete && !c.m.why);
	CHECK_U64(c.d.n, 0);
	CHECK_U64(c.m.desc.n, 30);
	CHECK_U64(c.dm.efi_map.n, 30);
	if (c.m.desc.n != 30)
		goto out;

	const struct ea_efi_desc *v = c.m.desc.v;
	/* the first: 64 MiB of Conventional WB at the start of RAM */
	CHECK_U64(v[0].r.first, 0x40000000);
	CHECK_U64(v[0].r.last, 0x43ffffff);
	CHECK_U64(v[0].type, EA_EFI_CONVENTIONAL);
	CHECK_U64(v[0].attr, EA_EFI_MEMORY_WB);
	CHECK_U64(v[10].r.last, k->conv10_last);
	/* runtime code, flash (WC) and the PL031 RTC (UC), listed last and
	 * out of address order, as the firmware gave them */
	CHECK_U64(v[17].type, EA_EFI_RUNTIME_CODE);
	CHECK_U64(v[17].attr, EA_EFI_MEMORY_RUNTIME | EA_EFI_MEMORY_WB);
	CHECK_U64(v[28].r.first, 0x4000000);
	CHECK_U64(v[28].r.last, 0x7ffffff);
	CHECK_U64(v[28].type, EA_EFI_MMIO);
	CHECK_U64(v[28].attr, EA_EFI_MEMORY_RUNTIME | EA_EFI_MEMORY_WC);
	CHECK_U64(v[29].r.first, 0x9010000);
	CHECK_U64(v[29].r.last, 0x9010fff);
	CHECK_U64(v[29].attr, EA_EFI_MEMORY_RUNTIME | EA_EFI_MEMORY_UC);
	/* the region that holds the map buffer itself */
	CHECK_U64(v[k->holder].r.first, k->holder_first);
	CHECK_U64(v[k->holder].r.last, k->holder_last);
	CHECK_U64(v[k->holder].type, k->holder_type);
	CHECK(v[k->holder].r.first <= k->map &&
	      k->map + 0x5a0 - 1 <= v[k->holder].r.last);

	/* each listing line names the descriptor's physical address */
	CHECK(c.m.in == &c.map_l && v[0].line > 0);
	snprintf(want, sizeof(want), "0x%016llx desc 0: 0x0000000040000000-",
		 (unsigned long long)k->map);
	CHECK(strncmp(ev_text(&(struct ea_evid){ &c.map_l, v[0].line, v[0].off,
						 v[0].len }),
		      want, strlen(want)) == 0);
	snprintf(want, sizeof(want),
		 "0x%016llx desc 29: 0x0000000009010000-0x0000000009010fff "
		 "[MMIO] type 11 phys 0x0000000009010000 pages 0x1 virt ",
		 (unsigned long long)(k->map + 29 * 48));
	CHECK(strncmp(ev_text(&(struct ea_evid){ &c.map_l, v[29].line,
						 v[29].off, v[29].len }),
		      want, strlen(want)) == 0);

	/* descriptor for descriptor what the kernel printed */
	CHECK(ea_efimap_compare(v, c.m.desc.n, c.dm.efi_map.v, c.dm.efi_map.n,
				&cmp));
	CHECK_U64(cmp.diffs.n, 0);
	CHECK_U64(cmp.matched, 30);
	CHECK(!cmp.order_differs);
	for (size_t i = 0; i < 30; i++) {
		CHECK_U64(v[i].r.first, c.dm.efi_map.v[i].r.first);
		CHECK_U64(v[i].r.last, c.dm.efi_map.v[i].r.last);
		CHECK_U64(v[i].type, c.dm.efi_map.v[i].type);
		CHECK_U64(v[i].attr, c.dm.efi_map.v[i].attr);
	}
	ea_efimap_cmp_free(&cmp);
out:
	ctx_free(&c);
}

/* A copy of a log with line edits: del (1-based line to drop, 0 none),
 * replacements of a substring on given lines, and a line appended after
 * line `after`. */
struct edit {
	uint32_t line;
	const char *from, *to;
};

static char *edit_log(const struct ea_input *in, uint32_t del,
		      const struct edit *e, size_t ne, uint32_t after,
		      const char *add, uint32_t swap_a, size_t *outlen)
{
	struct ea_line_iter it;
	const char *l, *keep = NULL;
	size_t n, keepn = 0, cap = in->len + 4096, len = 0;
	char *out = ea_xrealloc(NULL, cap, 1);

	ea_line_iter_init(&it, in->data, in->len);
	while (ea_line_next(&it, &l, &n)) {
		char buf[512];
		if (it.lineno == del)
			continue;
		if (n >= sizeof(buf))
			n = sizeof(buf) - 1;
		memcpy(buf, l, n);
		buf[n] = '\0';
		for (size_t i = 0; i < ne; i++) {
			char *at;
			if (e[i].line != it.lineno ||
			    !(at = strstr(buf, e[i].from)))
				continue;
			char tail[512];
			snprintf(tail, sizeof(tail), "%s",
				 at + strlen(e[i].from));
			snprintf(at, sizeof(buf) - (size_t)(at - buf), "%s%s",
				 e[i].to, tail);
		}
		/* swap_a and the next line trade places */
		if (swap_a && it.lineno == swap_a) {
			keep = l;
			keepn = n;
			continue;
		}
		len += (size_t)snprintf(out + len, cap - len, "%s\n", buf);
		if (keep && it.lineno == swap_a + 1) {
			len += (size_t)snprintf(out + len, cap - len, "%.*s\n",
						(int)keepn, keep);
			keep = NULL;
		}
		if (add && it.lineno == after)
			len +=
			    (size_t)snprintf(out + len, cap - len, "%s\n", add);
	}
	*outlen = len;
	return out;
}

static void differences(void)
{
	struct ctx c;
	struct ea_efimap_cmp cmp = { 0 };
	struct ea_input log = { .name = "dmesg" };
	struct ea_dmesg dm = { 0 };
	struct ea_diags dd = { 0 };
	size_t len;
	char t[512];

	load(&c, "qemu-arm64-6.1-dt-smp2-1g");
	CHECK(read_map(&c));
	/* descriptor i is printed on dmesg line 16 + i */
	static const struct edit e[] = {
		{ 16, "|WB|  |  |  ]", "|WB|WT|  |  ]" },
		{ 20, "[Boot Code   |", "[Boot Data   |" },
		{ 26, "0x000078f75fff", "0x000078f74fff" },
	};
	char *text = edit_log(&c.dmesg_in, 17, e, 3, 45,
			      "[    0.000000] efi:   "
			      "0x000100000000-0x00013fffffff [Conventional|   "
			      "|  |  |  |  |  |  |  |  |  |   |WB|  |  |  ]",
			      0, &len);
	ea_input_set_data(&log, text, len);
	free(text);
	ea_dmesg_parse(&log, &dm, &dd);
	CHECK_U64(dd.n, 0);
	CHECK_U64(dm.efi_map.n, 30);
	CHECK(ea_efimap_compare(c.m.desc.v, c.m.desc.n, dm.efi_map.v,
				dm.efi_map.n, &cmp));
	CHECK_U64(cmp.matched, 26);
	CHECK(!cmp.order_differs);
	CHECK_U64(cmp.diffs.n, 5);
	if (cmp.diffs.n == 5) {
		const struct ea_efimap_diff *d = cmp.diffs.v;
		/* descriptor 0: WT printed but not in memory */
		CHECK(d[0].kind == EA_EFIMAP_DIFFERS &&
		      d[0].what == EA_EFIMAP_DIFF_ATTR);
		CHECK_U64(d[0].mem_index, 0);
		CHECK_U64(d[0].mem.attr, EA_EFI_MEMORY_WB);
		CHECK_U64(d[0].log.attr, EA_EFI_MEMORY_WB | EA_EFI_MEMORY_WT);
		CHECK_U64(d[0].log.line, 16);
		/* descriptor 1 (dmesg line 17) dropped from the log */
		CHECK(d[1].kind == EA_EFIMAP_NOT_PRINTED);
		CHECK(d[1].has_mem && !d[1].has_log);
		CHECK_U64(d[1].mem_index, 1);
		CHECK_U64(d[1].mem.r.first, 0x44000000);
		CHECK(strncmp(ev_text(&(struct ea_evid){
				  &c.map_l, d[1].mem.line, d[1].mem.off,
				  d[1].mem.len }),
			      "0x000000007c0e0070 desc 1: ", 27) == 0);
		ea_efimap_diff_text(&d[1], t, sizeof(t));
		CHECK_STR(t, "0x0000000044000000-0x000000004401ffff Boot Data "
			     "attr 0x8: in the EFI map in memory (descriptor "
			     "1) but not printed by the kernel");
		/* descriptor 4: Boot Code printed as Boot Data, now on
		 * line 19 */
		CHECK(d[2].kind == EA_EFIMAP_DIFFERS &&
		      d[2].what == EA_EFIMAP_DIFF_TYPE);
		CHECK_U64(d[2].mem_index, 4);
		CHECK_U64(d[2].mem.type, EA_EFI_BOOT_CODE);
		CHECK_U64(d[2].log.type, EA_EFI_BOOT_DATA);
		CHECK_U64(d[2].log.line, 19);
		/* descriptor 10 printed 4 KiB short */
		CHECK(d[3].kind == EA_EFIMAP_DIFFERS &&
		      d[3].what == EA_EFIMAP_DIFF_END);
		CHECK_U64(d[3].mem_index, 10);
		ea_efimap_diff_text(&d[3], t, sizeof(t));
		CHECK_STR(t, "descriptor 10 differs from the printed one in "
			     "end: memory has "
			     "0x0000000048000000-0x0000000078f75fff "
			     "Conventional attr 0x8, the kernel printed "
			     "0x0000000048000000-0x0000000078f74fff "
			     "Conventional attr 0x8");
		/* a line the buffer does not have */
		CHECK(d[4].kind == EA_EFIMAP_NOT_IN_MEMORY);
		CHECK(!d[4].has_mem && d[4].has_log);
		CHECK_U64(d[4].log.r.first, 0x100000000ULL);
		CHECK_U64(d[4].log_index, 29);
	}
	ea_efimap_cmp_free(&cmp);
	ea_dmesg_free(&dm);
	ea_diags_free(&dd);

	/* descriptors 0 and 1 printed in swapped order: same set, but not
	 * the same listing */
	text = edit_log(&c.dmesg_in, 0, NULL, 0, 0, NULL, 16, &len);
	ea_input_set_data(&log, text, len);
	free(text);
	ea_dmesg_parse(&log, &dm, &dd);
	CHECK(ea_efimap_compare(c.m.desc.v, c.m.desc.n, dm.efi_map.v,
				dm.efi_map.n, &cmp));
	CHECK_U64(cmp.diffs.n, 0);
	CHECK_U64(cmp.matched, 30);
	CHECK(cmp.order_differs);
	ea_efimap_cmp_free(&cmp);

	/* no printed map (no efi=debug): no comparison at all */
	CHECK(!ea_efimap_compare(c.m.desc.v, c.m.desc.n, NULL, 0, &cmp));
	CHECK(cmp.diffs.n == 0 && cmp.matched == 0);
	ea_dmesg_free(&dm);
	ea_diags_free(&dd);
	ea_input_free(&log);
	ctx_free(&c);
}

/* Reads of the real buffer with geometry the firmware did not give. */
static void bad_geometry(void)
{
	struct ctx c;
	const uint64_t a = 0x7c0e0040;

	load(&c, "qemu-arm64-6.1-dt-smp2-1g");
	/* smaller than efi_memory_desc_t */
	CHECK(!ea_efimap_read(&c.pm, a, 0x5a0, 32, 1, &c.map_l, &c.m, &c.d));
	CHECK(!c.m.ok && c.m.why && c.m.desc.n == 0);
	CHECK(strstr(c.m.why, "descriptor size 32 at 0x000000007c0e0040"));
	CHECK_U64(c.d.n, 1);
	ea_efimap_free(&c.m);
	/* not a multiple of 8 */
	CHECK(!ea_efimap_read(&c.pm, a, 0x5a0, 44, 1, &c.map_l, &c.m, &c.d));
	CHECK(!c.m.ok && strstr(c.m.why, "descriptor size 44"));
	ea_efimap_free(&c.m);
	CHECK(!ea_efimap_read(&c.pm, a, 0x5a0, 0, 1, &c.map_l, &c.m, &c.d));
	ea_efimap_free(&c.m);

	/* a size 8 bytes short: 29 whole descriptors and 40 bytes over */
	ea_diags_free(&c.d);
	CHECK(ea_efimap_read(&c.pm, a, 0x598, 48, 1, &c.map_l, &c.m, &c.d));
	CHECK(c.m.ok && c.m.complete);
	CHECK_U64(c.m.desc.n, 29);
	CHECK_U64(c.d.n, 1);
	CHECK(has_diag(&c.d, "the last 40 bytes, at 0x000000007c0e05b0, are "
			     "not a descriptor"));
	ea_efimap_free(&c.m);

	/* version 2: warned about and read as version 1, as the kernel does */
	ea_diags_free(&c.d);
	CHECK(ea_efimap_read(&c.pm, a, 0x5a0, 48, 2, &c.map_l, &c.m, &c.d));
	CHECK_U64(c.m.desc.n, 30);
	CHECK_U64(c.d.n, 1);
	CHECK(has_diag(&c.d, "descriptor version 2, not 1"));
	ea_efimap_free(&c.m);

	/* a 96-byte stride over 48-byte descriptors: every other one */
	ea_diags_free(&c.d);
	CHECK(ea_efimap_read(&c.pm, a, 0x5a0, 96, 1, &c.map_l, &c.m, &c.d));
	CHECK_U64(c.m.desc.n, 15);
	CHECK_U64(c.m.desc.v[1].r.first, 0x44020000);
	ea_efimap_free(&c.m);

	/* not saved, or only partly: an explicit failure with the reason */
	ea_diags_free(&c.d);
	CHECK(!ea_efimap_read(&c.pm, 0x12345000, 0x5a0, 48, 1, &c.map_l, &c.m,
			      &c.d));
	CHECK(!c.m.ok && c.m.desc.n == 0);
	CHECK(strstr(c.m.why, "0x0000000012345000..+1440 is not in any saved "
			      "chunk"));
	CHECK_U64(c.d.n, 1);
	CHECK(strstr(ev_text(&c.d.v[0].ev), "0x0000000012345000 EFI memory "
					    "map: 0x5a0 bytes: not readable"));
	ea_efimap_free(&c.m);
	CHECK(!ea_efimap_read(&c.pm, a, 0x5a8, 48, 1, &c.map_l, &c.m, &c.d));
	CHECK(c.m.why && strstr(c.m.why, "is not in any saved chunk"));
	ea_efimap_free(&c.m);
	CHECK(!ea_efimap_read(&c.pm, a, 0, 48, 1, &c.map_l, &c.m, &c.d));
	CHECK(strstr(c.m.why, "an empty map"));
	ea_efimap_free(&c.m);
	CHECK(
	    !ea_efimap_read(&c.pm, a, 1ULL << 40, 48, 1, &c.map_l, &c.m, &c.d));
	CHECK(strstr(c.m.why, "is more than 16 MiB: taken as corrupt"));
	ea_efimap_free(&c.m);

	/* no mem/ at all */
	struct ea_physmem none = { 0 };
	CHECK(!ea_efimap_read(&none, a, 0x5a0, 48, 1, &c.map_l, &c.m, &c.d));
	/* the reason is physmem's to word; it must be there */
	CHECK(!c.m.ok && c.m.why && c.m.why[0]);
	ea_efimap_free(&c.m);
	ctx_free(&c);
}

static void put_desc(unsigned char *p, uint32_t type, uint64_t pa, uint64_t np,
		     uint64_t attr)
{
	memset(p, 0, 48);
	for (int i = 0; i < 4; i++)
		p[i] = (unsigned char)(type >> (8 * i));
	for (int i = 0; i < 8; i++) {
		p[8 + i] = (unsigned char)(pa >> (8 * i));
		p[24 + i] = (unsigned char)(np >> (8 * i));
		p[32 + i] = (unsigned char)(attr >> (8 * i));
	}
}

/* Descriptors no firmware could have written. */
static void hostile(void)
{
	struct ea_input l = { .name = "efi_map" };
	struct ea_efimap m = { 0 };
	struct ea_diags d = { 0 };
	unsigned char b[6 * 48];

	put_desc(b, EA_EFI_CONVENTIONAL, 0x40000000, 0x10, EA_EFI_MEMORY_WB);
	put_desc(b + 48, EA_EFI_CONVENTIONAL, 0xfffffffffffff000ULL, 2,
		 EA_EFI_MEMORY_WB);
	put_desc(b + 96, EA_EFI_BOOT_DATA, 0x50000000, 0, EA_EFI_MEMORY_WB);
	put_desc(b + 144, EA_EFI_CONVENTIONAL, 0, 1ULL << 52, EA_EFI_MEMORY_WB);
	put_desc(b + 192, EA_EFI_RESERVED, 0x60000123, 1, EA_EFI_MEMORY_UC);
	/* an OEM type and the UEFI 2.5 ISA_VALID bit: legal, kept */
	put_desc(b + 240, 0x70000001, 0x61000000, 1,
		 0x4000000000000000ULL | EA_EFI_MEMORY_WB);
	CHECK(ea_efimap_decode(b, sizeof(b), 0x1000, 48, 1, &l, &m, &d));
	CHECK(m.ok && !m.complete);
	CHECK_U64(m.nbad, 3);
	CHECK_U64(m.desc.n, 3);
	CHECK_U64(d.n, 4);
	CHECK(has_diag(&d, "descriptor 1 at 0x0000000000001030: phys "
			   "0xfffffffffffff000 + 0x2 pages of 4 KiB runs past "
			   "2^64"));
	CHECK(has_diag(&d, "descriptor 2 at 0x0000000000001060: num_pages 0"));
	CHECK(has_diag(&d, "descriptor 3 at 0x0000000000001090: phys "
			   "0x0000000000000000 + 0x10000000000000 pages"));
	CHECK(has_diag(&d, "descriptor 4 at 0x00000000000010c0: phys "
			   "0x0000000060000123 is not 4 KiB aligned"));
	if (m.desc.n == 3) {
		CHECK_U64(m.desc.v[0].r.last, 0x4000ffff);
		/* kept as written: the range starts mid-page */
		CHECK_U64(m.desc.v[1].r.first, 0x60000123);
		CHECK_U64(m.desc.v[1].r.last, 0x60001122);
		CHECK_U64(m.desc.v[2].type, 0x70000001);
		CHECK_U64(m.desc.v[2].attr, 0x4000000000000008ULL);
		CHECK(strstr(ev_text(&(struct ea_evid){ m.in, m.desc.v[2].line,
							m.desc.v[2].off,
							m.desc.v[2].len }),
			     "0x00000000000010f0 desc 5: "
			     "0x0000000061000000-0x0000000061000fff "
			     "[type=1879048193] type 1879048193") != NULL);
	}
	ea_efimap_free(&m);
	ea_diags_free(&d);

	/* a buffer whose own addresses run past 2^64 */
	CHECK(
	    !ea_efimap_decode(b, 96, 0xffffffffffffffc0ULL, 48, 1, &l, &m, &d));
	CHECK(m.why && strstr(m.why, "runs past 2^64"));
	ea_efimap_free(&m);
	ea_diags_free(&d);

	/* fewer bytes than one descriptor */
	CHECK(ea_efimap_decode(b, 40, 0x1000, 48, 1, &l, &m, &d));
	CHECK(m.ok && m.desc.n == 0);
	CHECK(has_diag(&d, "0x28 bytes hold no descriptor of 48 bytes"));
	ea_efimap_free(&m);
	ea_diags_free(&d);

	/* more descriptors than any real map: the first 65536 only */
	size_t n = EA_EFIMAP_MAX_DESC + 1;
	unsigned char *big = ea_xcalloc(n, 40);
	for (size_t i = 0; i < n; i++) {
		uint64_t pa = (uint64_t)i << 12;
		for (int k = 0; k < 8; k++) {
			big[i * 40 + 8 + k] = (unsigned char)(pa >> (8 * k));
			big[i * 40 + 32 + k] =
			    (unsigned char)(EA_EFI_MEMORY_WB >> (8 * k));
		}
		big[i * 40 + 24] = 1;
	}
	CHECK(ea_efimap_decode(big, n * 40, 0x100000000ULL, 40, 1, &l, &m, &d));
	CHECK_U64(m.desc.n, EA_EFIMAP_MAX_DESC);
	CHECK(m.ok && !m.complete);
	CHECK_U64(d.n, 1);
	CHECK(has_diag(&d, "65537 descriptors, more than 65536"));
	free(big);
	ea_efimap_free(&m);
	ea_diags_free(&d);
	ea_input_free(&l);
}

int main(void)
{
	for (size_t i = 0; i < sizeof(caps) / sizeof(caps[0]); i++)
		real_capture(&caps[i]);
	differences();
	bad_geometry();
	hostile();
	return t_done();
}
