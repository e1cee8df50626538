// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * /proc/iomem reader: every real capture and every corpus iomem file, with
 * the values read off the raw files by hand, then synthetic damage.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "read/iomem.h"
#include "t.h"

struct ram {
	uint64_t first, last;
	size_t children;
};

static struct ea_input in;
static struct ea_iomem m;

static size_t name_len(size_t i)
{
	size_t n;

	ea_iomem_name(&m, &m.res.v[i], &n);
	return n;
}
static struct ea_diags dg;

static void reset(void)
{
	ea_iomem_free(&m);
	ea_diags_free(&dg);
	ea_input_free(&in);
}

static bool parse_file(const char *rel)
{
	char p[512];

	reset();
	snprintf(p, sizeof(p), "%s/%s", TESTDATA, rel);
	if (!ea_input_load_file(&in, p)) {
		fprintf(stderr, "cannot read %s\n", p);
		return false;
	}
	return ea_iomem_parse(&in, &m, &dg);
}

static bool parse_str(const char *s, size_t n)
{
	reset();
	ea_input_set_data(&in, s, n);
	return ea_iomem_parse(&in, &m, &dg);
}

#define PARSE_LIT(lit) parse_str(lit, sizeof(lit) - 1)

/* Index of the first entry with this range and name, or -1. */
static long find(uint64_t first, uint64_t last, const char *name)
{
	for (size_t i = 0; i < m.res.n; i++)
		if (m.res.v[i].r.first == first && m.res.v[i].r.last == last &&
		    ea_iomem_name_is(&m, &m.res.v[i], name))
			return (long)i;
	return -1;
}

static size_t nchildren(long idx)
{
	size_t k = 0;

	for (size_t i = 0; i < m.res.n; i++)
		k += m.res.v[i].parent == idx;
	return k;
}

/* The top-level System RAM entries, in file order, with children counts. */
static void check_ram(const struct ram *want, size_t n, int line)
{
	size_t k = 0;

	for (size_t i = 0; i < m.res.n; i++) {
		const struct ea_iomem_res *e = &m.res.v[i];

		if (e->parent != -1 || !ea_iomem_name_is(&m, e, "System RAM"))
			continue;
		if (k < n &&
		    (e->r.first != want[k].first || e->r.last != want[k].last ||
		     nchildren((long)i) != want[k].children))
			fprintf(stderr,
				"line %d: System RAM #%zu is %llx-%llx "
				"(%zu children)\n",
				line, k, (unsigned long long)e->r.first,
				(unsigned long long)e->r.last,
				nchildren((long)i));
		CHECK(k < n && e->r.first == want[k].first &&
		      e->r.last == want[k].last &&
		      nchildren((long)i) == want[k].children);
		k++;
	}
	CHECK_U64(k, n);
}

#define CHECK_RAM(arr) check_ram(arr, sizeof(arr) / sizeof(*(arr)), __LINE__)

static size_t ntop(void)
{
	return nchildren(-1);
}

static bool diag_on(uint32_t line)
{
	for (size_t i = 0; i < dg.n; i++)
		if (dg.v[i].ev.line == line)
			return true;
	return false;
}

/* e is a child of the entry (pf-pl, pname) at depth d. */
static void check_child(long e, uint64_t pf, uint64_t pl, const char *pname,
			uint32_t d)
{
	long p = find(pf, pl, pname);

	CHECK(e >= 0 && p >= 0);
	if (e < 0 || p < 0)
		return;
	CHECK_U64(m.res.v[e].parent, p);
	CHECK_U64(m.res.v[e].depth, d);
}

/* --- real captures ------------------------------------------------------ */

static void test_capture_arm64_61_acpi_smp4_2g(void)
{
	static const struct ram ram[] = {
		{ 0x40000000, 0xbc43ffff, 14 },
		{ 0xbc730000, 0xbfbfffff, 7 },
		{ 0xbffe0000, 0xbfffffff, 1 },
	};

	CHECK(parse_file("captures/qemu-arm64-6.1-acpi-smp4-2g/proc/iomem"));
	CHECK_U64(m.res.n, 71);
	CHECK_U64(ntop(), 45);
	CHECK_U64(dg.n, 0);
	CHECK(!m.zeroed);
	CHECK_RAM(ram);

	/* line 1 */
	CHECK(ea_iomem_name_is(&m, &m.res.v[0], "reserved"));
	CHECK_U64(m.res.v[0].r.first, 0x04000000);
	CHECK_U64(m.res.v[0].r.last, 0x07ffffff);
	CHECK_U64(m.res.v[0].line, 1);

	long ram0 = find(0x40000000, 0xbc43ffff, "System RAM");

	CHECK_U64(ram0, 41);
	/* every line's name is classified as its text says */
	size_t nram = 0, nresv = 0, ncode = 0;

	for (size_t i = 0; i < m.res.n; i++) {
		const struct ea_iomem_res *e = &m.res.v[i];

		CHECK(ea_iomem_is(e, EA_IOMEM_SYSTEM_RAM) ==
		      ea_iomem_name_is(&m, e, "System RAM"));
		CHECK(ea_iomem_is(e, EA_IOMEM_RESERVED) ==
		      ea_iomem_name_is(&m, e, "reserved"));
		CHECK(ea_iomem_is(e, EA_IOMEM_KERNEL_CODE) ==
		      ea_iomem_name_is(&m, e, "Kernel code"));
		CHECK(ea_iomem_is(e, EA_IOMEM_OTHER) ==
		      !(ea_iomem_name_is(&m, e, "System RAM") ||
			ea_iomem_name_is(&m, e, "reserved") ||
			ea_iomem_name_is(&m, e, "Kernel code") ||
			ea_iomem_name_is(&m, e, "Kernel data") ||
			ea_iomem_name_is(&m, e, "Kernel rodata") ||
			ea_iomem_name_is(&m, e, "Kernel bss") ||
			ea_iomem_name_is(&m, e, "Crash kernel") ||
			ea_iomem_name_is(&m, e, "System ROM") ||
			ea_iomem_name_is(&m, e, "ACPI Tables")));
		nram += ea_iomem_is(e, EA_IOMEM_SYSTEM_RAM);
		nresv += ea_iomem_is(e, EA_IOMEM_RESERVED);
		ncode += ea_iomem_is(e, EA_IOMEM_KERNEL_CODE);
	}
	CHECK_U64(nram, 3);
	CHECK(nresv > 0);
	CHECK_U64(ncode, 1);
	CHECK_U64(m.res.v[ram0].line, 42);
	check_child(find(0x401b0000, 0x401bffff, "reserved"), 0x40000000,
		    0xbc43ffff, "System RAM", 1);
	check_child(find(0xb8f80000, 0xba2fffff, "Kernel code"), 0x40000000,
		    0xbc43ffff, "System RAM", 1);
	check_child(find(0xba780000, 0xbaa1ffff, "Kernel data"), 0x40000000,
		    0xbc43ffff, "System RAM", 1);
	/* the NOMAP hole between the first two RAM ranges is top level */
	CHECK(find(0xbc440000, 0xbc72ffff, "reserved") >= 0);
	CHECK_U64(m.res.v[find(0xbc440000, 0xbc72ffff, "reserved")].parent, -1);
	/* a name with a space, and a child with the parent's range */
	check_child(find(0x09000000, 0x09000fff, "ARMH0011:00 ARMH0011:00"),
		    0x09000000, 0x09000fff, "ARMH0011:00", 1);
	/* addresses wider than 8 digits */
	check_child(find(0x8000000000, 0x8000003fff, "0000:00:01.0"),
		    0x8000000000, 0xffffffffff, "PCI Bus 0000:00", 1);
	CHECK_U64(m.res.v[70].line, 71);
	CHECK(find(0x4010000000, 0x401fffffff, "PCI ECAM") >= 0);
}

static void test_capture_arm64_61_dt(void)
{
	static const struct ram ram[] = {
		{ 0x40000000, 0x7c43ffff, 11 },
		{ 0x7c730000, 0x7fbfffff, 9 },
		{ 0x7ffe0000, 0x7fffffff, 1 },
	};

	CHECK(parse_file("captures/qemu-arm64-6.1-dt-smp2-1g/proc/iomem"));
	CHECK_U64(m.res.n, 39);
	CHECK_U64(ntop(), 13);
	CHECK_U64(dg.n, 0);
	CHECK_RAM(ram);
	check_child(find(0x78f90000, 0x7a30ffff, "Kernel code"), 0x40000000,
		    0x7c43ffff, "System RAM", 1);
	check_child(find(0x09000000, 0x09000fff, "9000000.pl011 pl011@9000000"),
		    0x09000000, 0x09000fff, "pl011@9000000", 1);
	check_child(find(0x7f9fe000, 0x7f9fefff, "reserved"), 0x7c730000,
		    0x7fbfffff, "System RAM", 1);
}

static void test_capture_arm64_61_gicv2(void)
{
	static const struct ram ram[] = {
		{ 0x40000000, 0x7c43ffff, 8 },
		{ 0x7c730000, 0x7fbfffff, 6 },
		{ 0x7ffe0000, 0x7fffffff, 1 },
	};

	CHECK(parse_file("captures/qemu-arm64-6.1-acpi-gicv2/proc/iomem"));
	CHECK_U64(m.res.n, 62);
	CHECK_U64(ntop(), 43);
	CHECK_U64(dg.n, 0);
	CHECK_RAM(ram);
	check_child(find(0x78f80000, 0x7a2fffff, "Kernel code"), 0x40000000,
		    0x7c43ffff, "System RAM", 1);
	check_child(find(0x7d2c4000, 0x7f9fffff, "reserved"), 0x7c730000,
		    0x7fbfffff, "System RAM", 1);
}

static void test_capture_arm64_510(void)
{
	static const struct ram ram1g[] = {
		{ 0x40000000, 0x7c43ffff, 13 },
		{ 0x7c730000, 0x7fbfffff, 6 },
		{ 0x7ffe0000, 0x7fffffff, 1 },
	};
	static const struct ram ram256m[] = {
		{ 0x40000000, 0x4c43ffff, 15 },
		{ 0x4c730000, 0x4fbfffff, 6 },
		{ 0x4ffe0000, 0x4fffffff, 1 },
	};

	CHECK(parse_file("captures/qemu-arm64-5.10-acpi-smp2-1g/proc/iomem"));
	CHECK_U64(m.res.n, 67);
	CHECK_U64(ntop(), 43);
	CHECK_U64(dg.n, 0);
	CHECK_RAM(ram1g);
	check_child(find(0x79760000, 0x7a7dffff, "Kernel code"), 0x40000000,
		    0x7c43ffff, "System RAM", 1);
	check_child(find(0x7e4d1000, 0x7fa12fff, "reserved"), 0x7c730000,
		    0x7fbfffff, "System RAM", 1);

	CHECK(parse_file("captures/qemu-arm64-5.10-acpi-smp4-256m/proc/iomem"));
	CHECK_U64(m.res.n, 69);
	CHECK_U64(ntop(), 43);
	CHECK_U64(dg.n, 0);
	CHECK_RAM(ram256m);
	check_child(find(0x49760000, 0x4a7dffff, "Kernel code"), 0x40000000,
		    0x4c43ffff, "System RAM", 1);
	check_child(find(0x43000000, 0x48ffffff, "reserved"), 0x40000000,
		    0x4c43ffff, "System RAM", 1);
}

static void test_capture_amd64(void)
{
	/* System RAM split at unaligned addresses (7d3c5017/7d3c5018 ...):
	 * the e820 table cut around setup_data. */
	static const struct ram ram[] = {
		{ 0x1000, 0x9ffff, 0 },	       { 0x100000, 0x805fff, 0 },
		{ 0x808000, 0x80ffff, 0 },     { 0x900000, 0x7d3c5017, 4 },
		{ 0x7d3c5018, 0x7d402057, 0 }, { 0x7d402058, 0x7d60c017, 0 },
		{ 0x7d60c018, 0x7d615c57, 0 }, { 0x7d615c58, 0x7ea89fff, 0 },
		{ 0x7eb8c000, 0x7f4ebfff, 0 }, { 0x7f7fe000, 0x7feebfff, 0 },
	};

	CHECK(parse_file("captures/qemu-amd64-6.1-ovmf-smp2-2g/proc/iomem"));
	CHECK_U64(m.res.n, 44);
	CHECK_U64(ntop(), 29);
	CHECK_U64(dg.n, 0);
	CHECK_RAM(ram);
	check_child(find(0x46000000, 0x46e01ef1, "Kernel code"), 0x900000,
		    0x7d3c5017, "System RAM", 1);
	check_child(find(0x47000000, 0x47826fff, "Kernel rodata"), 0x900000,
		    0x7d3c5017, "System RAM", 1);
	check_child(find(0x482b1000, 0x487fffff, "Kernel bss"), 0x900000,
		    0x7d3c5017, "System RAM", 1);
	CHECK(find(0x7f76c000, 0x7f77dfff, "ACPI Tables") >= 0);
	CHECK(find(0x7ff70000, 0x7fffffff, "ACPI Non-volatile Storage") >= 0);
	/* two levels: MMCONFIG > Reserved > pnp 00:05 */
	check_child(find(0xb0000000, 0xbfffffff, "Reserved"), 0xb0000000,
		    0xbfffffff, "PCI MMCONFIG 0000 [bus 00-ff]", 1);
	check_child(find(0xb0000000, 0xbfffffff, "pnp 00:05"), 0xb0000000,
		    0xbfffffff, "Reserved", 2);
	check_child(find(0xc0000000, 0xc03e7fff, "efifb"), 0xc0000000,
		    0xc0ffffff, "0000:00:01.0", 2);
	/* last line: 9 digits */
	CHECK(ea_iomem_name_is(&m, &m.res.v[43], "PCI Bus 0000:00"));
	CHECK_U64(m.res.v[43].r.first, 0x100000000);
	CHECK_U64(m.res.v[43].r.last, 0x8ffffffff);
	CHECK_U64(m.res.v[43].parent, -1);
}

/* --- corpus ------------------------------------------------------------- */

static void test_corpus_asus_ux391fa(void)
{
	static const struct ram ram[] = {
		{ 0x1000, 0x9efff, 0 },
		{ 0x100000, 0x763fafff, 5 },
		{ 0x7a40e000, 0x7a40efff, 0 },
		{ 0x100000000, 0x47dffffff, 0 },
	};

	CHECK(parse_file("corpus/asus-ux391fa-x86/iomem.txt"));
	CHECK_U64(m.res.n, 123);
	CHECK_U64(ntop(), 28);
	CHECK_U64(dg.n, 0);
	CHECK_RAM(ram);

	/* The one unbroken System RAM: ESRT at 0x74dd6f98 is inside it and
	 * in no child of it (the reported kexec_file corruption). */
	long big = find(0x100000, 0x763fafff, "System RAM");

	CHECK(big >= 0);
	CHECK_U64(m.res.v[big].line, 11);
	for (size_t i = 0; i < m.res.n; i++)
		if (m.res.v[i].parent == big)
			CHECK(!(m.res.v[i].r.first <= 0x74dd6f98 &&
				0x74dd6f98 <= m.res.v[i].r.last));
	check_child(find(0xc5fffc, 0xc5ffff, "iTCO_wdt"), 0x100000, 0x763fafff,
		    "System RAM", 1);
	check_child(find(0x22a00fb1, 0x230d3bff, "Kernel data"), 0x100000,
		    0x763fafff, "System RAM", 1);
	check_child(find(0x65000000, 0x6affffff, "Crash kernel"), 0x100000,
		    0x763fafff, "System RAM", 1);
	/* depth 5 (10 spaces), line 31 */
	long x = find(0x97f00000, 0x97f0ffff, "xhci-hcd");

	check_child(x, 0x97f00000, 0x97f0ffff, "0000:37:00.0", 5);
	CHECK_U64(m.res.v[x].line, 31);
	long p = x;

	for (int i = 0; i < 5 && p >= 0; i++)
		p = m.res.v[p].parent;
	CHECK(p >= 0 && ea_iomem_name_is(&m, &m.res.v[p], "PCI Bus 0000:00") &&
	      m.res.v[p].r.first == 0x80000000);
	check_child(find(0x4010000000, 0x40100001ff, "i2c_designware.0"),
		    0x4010000000, 0x40100001ff, "lpss_dev", 3);
}

static void test_corpus_brcm_stingray(void)
{
	CHECK(parse_file("corpus/brcm-stingray-bcm958742k-arm64/iomem.txt"));
	CHECK_U64(m.res.n, 132);
	CHECK_U64(ntop(), 80);
	CHECK_U64(dg.n, 0);

	long hi = find(0xa000000000, 0xa3ffffffff, "System RAM");

	CHECK(hi >= 0);
	CHECK_U64(m.res.v[hi].line, 122);
	CHECK_U64(nchildren(hi), 10);
	for (size_t i = 0; i < m.res.n; i++)
		if (m.res.v[i].parent == hi)
			CHECK(ea_iomem_name_is(&m, &m.res.v[i], "reserved"));
	check_child(find(0xa3bfc00000, 0xa3bfc28fff, "reserved"), 0xa000000000,
		    0xa3ffffffff, "System RAM", 1);
	check_child(find(0xa3c3c00000, 0xa3c9dfffff, "reserved"), 0xa000000000,
		    0xa3ffffffff, "System RAM", 1);
	check_child(find(0xa3f9fe0000, 0xa3ffffffff, "reserved"), 0xa000000000,
		    0xa3ffffffff, "System RAM", 1);
	CHECK_U64(m.res.n, 132); /* the last child is the last line */
	CHECK_U64(m.res.v[131].parent, hi);
	/* LPI property table @0xa3c3850000 (dmesg): in RAM, no child. */
	for (size_t i = 0; i < m.res.n; i++)
		if (m.res.v[i].parent == hi)
			CHECK(!(m.res.v[i].r.first <= 0xa3c3850000 &&
				0xa3c3850000 <= m.res.v[i].r.last));
	/* MEMRESERVE=0x85f83018: its page is a reserved child */
	check_child(find(0x85f83000, 0x85f83fff, "reserved"), 0x85f80000,
		    0x8af4ffff, "System RAM", 1);
	/* PCI: four levels */
	check_child(find(0x10000000, 0x1000ffff, "bnxt_en"), 0x10000000,
		    0x1000ffff, "0008:01:00.0", 3);
	/* 12 top-level System RAM */
	size_t k = 0;

	for (size_t i = 0; i < m.res.n; i++)
		k += m.res.v[i].parent == -1 &&
		     ea_iomem_name_is(&m, &m.res.v[i], "System RAM");
	CHECK_U64(k, 12);
}

static void test_corpus_dell_zeroed(void)
{
	CHECK(parse_file("corpus/dell-xps9320-x86/"
			 "iomem-unprivileged-zeroed.txt"));
	CHECK(m.zeroed);
	CHECK_U64(m.res.n, 125);
	CHECK_U64(dg.n, 0);
	CHECK(ea_iomem_name_is(&m, &m.res.v[0], "Reserved"));
	CHECK(ea_iomem_name_is(&m, &m.res.v[1], "System RAM"));
	/* names and indentation survive; zero ranges never nest siblings */
	CHECK_U64(ntop(), 31);
	CHECK_U64(m.res.v[22].depth, 5); /* line 23: 10 spaces, "nvme" */
	CHECK(ea_iomem_name_is(&m, &m.res.v[22], "nvme"));
}

static void test_corpus_fujitsu_fragment(void)
{
	CHECK(parse_file("corpus/fujitsu-arm64-lpi-kexec/iomem-fragment.txt"));
	CHECK_U64(m.res.n, 7);
	CHECK_U64(ntop(), 1);
	CHECK_U64(dg.n, 0);
	CHECK_U64(nchildren(0), 6);
	CHECK(ea_iomem_name_is(&m, &m.res.v[0], "System RAM"));
	CHECK_U64(m.res.v[0].r.first, 0x80300000);
	CHECK_U64(m.res.v[0].r.last, 0xa1fdffff);
	/* the author's annotation stays part of the name */
	long pt = find(0x830f0000, 0x830fffff, "reserved # Property table");

	check_child(pt, 0x80300000, 0xa1fdffff, "System RAM", 1);
	CHECK(pt >= 0 && !ea_iomem_name_is(&m, &m.res.v[pt], "reserved"));
	check_child(find(0x83490000, 0x8349ffff, "reserved # Pending table"),
		    0x80300000, 0xa1fdffff, "System RAM", 1);
}

static void test_corpus_ampere_oracle(void)
{
	CHECK(parse_file("corpus/ampere-emag-oracle-arm64/iomem.txt"));
	CHECK_U64(m.res.n, 137);
	CHECK_U64(ntop(), 86);
	CHECK_U64(dg.n, 0);

	/* 3-space child (line 2) → child of line 1 */
	check_child(1, 0x12600000, 0x12600fff, "ARMH0011:00", 1);
	CHECK_U64(m.res.v[1].parent, 0);
	/* empty name, trailing blank stripped by mail: "...fff :" (l. 31) */
	CHECK_U64(name_len(30), 0);
	CHECK(ea_iomem_name_is(&m, &m.res.v[30], ""));
	check_child(30, 0x7e810000, 0x7e810fff, "APMC0D84:00", 1);
	/* System RAM with its three 3-space children */
	long ram = find(0x928c0000, 0xfff7ffff, "System RAM");

	CHECK_U64(nchildren(ram), 3);
	check_child(find(0xeee00000, 0xffdfffff, "Crash kernel"), 0x928c0000,
		    0xfff7ffff, "System RAM", 1);
	/* nomap holes: top-level "reserved" */
	CHECK_U64(m.res.v[find(0x92000000, 0x928bffff, "reserved")].parent, -1);
	CHECK_U64(m.res.v[find(0xfff80000, 0xffffffff, "reserved")].parent, -1);
	/* 3, 5, 7 spaces → depth 1, 2, 3 (lines 75-77) */
	check_child(74, 0x430000000, 0x4efffffff, "PCI Bus 0007:00", 1);
	check_child(75, 0x430000000, 0x4317fffff, "PCI Bus 0007:01", 2);
	check_child(76, 0x430000000, 0x4317fffff, "PCI Bus 0007:02", 3);
	/* ": " inside a name (line 137, 7 spaces) */
	long mg = find(0x10030140000, 0x1003014ffff, "megasas: LSI");

	check_child(mg, 0x10030140000, 0x1003014ffff, "0000:01:00.0", 3);
	size_t k = 0;

	for (size_t i = 0; i < m.res.n; i++)
		k += m.res.v[i].parent == -1 &&
		     ea_iomem_name_is(&m, &m.res.v[i], "System RAM");
	CHECK_U64(k, 16);
}

static void test_corpus_others(void)
{
	long e;

	CHECK(parse_file("corpus/adlink-ava-ampere-altra-arm64/iomem.txt"));
	CHECK_U64(m.res.n, 220);
	CHECK_U64(ntop(), 94);
	CHECK_U64(dg.n, 0);
	e = find(0x80000000000, 0x8007fffffff, "System RAM");
	CHECK_U64(nchildren(e), 34);
	check_child(find(0x80000860000, 0x8000086ffff, "reserved"),
		    0x80000000000, 0x8007fffffff, "System RAM", 1);
	check_child(find(0xfffe0000, 0xfffeffff, "reserved"), 0xfffe0000,
		    0xffffffff, "System RAM", 1);

	/* r_show() prints levels 6 and 7 at level 5's indent (lines 38-40);
	 * their ranges put them back where they belong. */
	CHECK(parse_file("corpus/ami-amg6x-amc-x86/iomem.txt"));
	CHECK_U64(m.res.n, 135);
	CHECK_U64(ntop(), 34);
	CHECK_U64(dg.n, 0);
	check_child(37, 0xdf000000, 0xdf0fffff, "PCI Bus 0000:04", 5);
	check_child(38, 0xdf000000, 0xdf0fffff, "PCI Bus 0000:0c", 6);
	check_child(39, 0xdf000000, 0xdf03ffff, "0000:0c:00.0", 7);
	CHECK(ea_iomem_name_is(&m, &m.res.v[39], "mrf-pci"));
	/* line 41 (8 spaces) closes them */
	check_child(40, 0xdf000000, 0xdf1fffff, "PCI Bus 0000:03", 4);
	/* lines 27-31: five real siblings at depth 5 stay siblings */
	for (int i = 26; i <= 30; i++)
		check_child(i, 0x90000000, 0x90afffff, "PCI Bus 0000:04", 5);
	/* ESRT carved out as its own page */
	CHECK_U64(m.res.v[find(0x8930b000, 0x8930bfff, "Reserved")].parent, -1);
	CHECK(find(0x851d1000, 0x8930afff, "System RAM") >= 0);
	CHECK(find(0x8930c000, 0x8c220fff, "System RAM") >= 0);

	CHECK(parse_file("corpus/msi-alpha15-b5eek-amd-x86/iomem.txt"));
	CHECK_U64(m.res.n, 104);
	CHECK_U64(ntop(), 35);
	CHECK_U64(dg.n, 0);
	CHECK_U64(m.res.v[find(0xe868b000, 0xe868bfff, "Reserved")].parent, -1);
	CHECK_U64(nchildren(find(0x100000000, 0x3ee2fffff, "System RAM")), 4);

	CHECK(parse_file("corpus/asus-fx505dy-amd-x86/iomem-fragment.txt"));
	CHECK_U64(m.res.n, 5);
	CHECK_U64(ntop(), 3);
	CHECK_U64(dg.n, 0);
	check_child(1, 0xbbc64000, 0xbd14afff, "Reserved", 1);
	check_child(2, 0xbbc64000, 0xbd14afff, "Reserved", 1);
	CHECK(ea_iomem_name_is(&m, &m.res.v[2], "MSFT0101:00"));
}

/* --- synthetic ---------------------------------------------------------- */

static void test_bad_lines(void)
{
	/* end < start */
	CHECK(PARSE_LIT("00001000-00000fff : bad\n"
			"00002000-00002fff : ok\n"));
	CHECK_U64(m.res.n, 1);
	CHECK_U64(dg.n, 1);
	CHECK(diag_on(1));
	CHECK_U64(m.res.v[0].line, 2);

	/* 17 significant hex digits: does not fit; a 17-digit field with a
	 * leading zero does, and so does the whole 64-bit space */
	CHECK(!PARSE_LIT("10000000000000000-10000000000000fff : big\n"));
	CHECK_U64(m.res.n, 0);
	CHECK_U64(dg.n, 1);
	CHECK(diag_on(1));
	CHECK(PARSE_LIT("0000000000001000-00000000000000001fff : x\n"
			"00000000-ffffffffffffffff : all\n"));
	CHECK_U64(m.res.n, 2);
	CHECK_U64(m.res.v[0].r.last, 0x1fff);
	CHECK_U64(m.res.v[1].r.last, UINT64_MAX);
	CHECK_U64(dg.n, 0);
	CHECK(!PARSE_LIT("00001000-10000000000000000 : big end\n"));
	CHECK_U64(dg.n, 1);

	/* no " : ", no '-', junk after the end */
	CHECK(PARSE_LIT("00001000-00001fff Reserved\n"
			"00001000 : Reserved\n"
			"00001000-00001fffz : Reserved\n"
			"00002000-00002fff : ok\n"));
	CHECK_U64(m.res.n, 1);
	CHECK_U64(dg.n, 3);
	CHECK(diag_on(1) && diag_on(2) && diag_on(3) && !diag_on(4));

	/* a fragment with a prompt and an ellipsis */
	CHECK(PARSE_LIT("$ sudo cat /proc/iomem\n"
			"...\n"
			"80000000-8fffffff : System RAM\n"
			"  80080000-80ffffff : Kernel code\n"
			"...\n"));
	CHECK_U64(m.res.n, 2);
	CHECK_U64(dg.n, 3);
	CHECK(diag_on(1) && diag_on(2) && diag_on(5));
	CHECK_U64(m.res.v[1].parent, 0);

	/* NUL bytes: that line is refused, the rest is read */
	static const char nul[] = "00000000-00000fff : Res\0rved\n"
				  "\0001000-00001fff : x\n"
				  "00002000-00002fff : System RAM\n";

	CHECK(parse_str(nul, sizeof(nul) - 1));
	CHECK_U64(m.res.n, 1);
	CHECK_U64(dg.n, 2);
	CHECK(diag_on(1) && diag_on(2));
	CHECK(ea_iomem_name_is(&m, &m.res.v[0], "System RAM"));

	/* nothing usable */
	CHECK(!PARSE_LIT("hello\nworld\n"));
	CHECK_U64(dg.n, 2);
}

static void test_mail_damage(void)
{
	/* CRLF */
	CHECK(PARSE_LIT("00000000-00000fff : Reserved\r\n"
			"  00000000-000000ff : child\r\n"));
	CHECK_U64(m.res.n, 2);
	CHECK(ea_iomem_name_is(&m, &m.res.v[0], "Reserved"));
	CHECK(ea_iomem_name_is(&m, &m.res.v[1], "child"));
	CHECK_U64(m.res.v[1].depth, 1);
	CHECK_U64(dg.n, 0);

	/* trailing blanks, tabs as indent and around ':' */
	CHECK(PARSE_LIT("00000000-0000ffff : A   \n"
			"\t00001000-00001fff\t:\tB\t\n"
			"\t  00001000-000010ff : C\n"
			"00010000-0001ffff : D\n"));
	CHECK_U64(m.res.n, 4);
	CHECK(ea_iomem_name_is(&m, &m.res.v[0], "A"));
	CHECK(ea_iomem_name_is(&m, &m.res.v[1], "B"));
	CHECK_U64(m.res.v[1].parent, 0);
	CHECK_U64(m.res.v[2].parent, 1);
	CHECK_U64(m.res.v[2].depth, 2);
	CHECK_U64(m.res.v[3].parent, -1);
	CHECK_U64(dg.n, 0);

	/* a tab for the 8 spaces of depth 4 (unexpand, a mail client) among
	 * space indents: it reaches column 8, as a terminal shows it.
	 * Synthetic: no file in testdata mixes the two this way. */
	CHECK(PARSE_LIT("00000000-0000ffff : A\n"
			"  00001000-00001fff : B\n"
			"    00001000-000017ff : C\n"
			"      00001000-000013ff : D\n"
			"\t00001000-000011ff : E\n"
			"      00001400-000015ff : F\n"));
	CHECK_U64(m.res.n, 6);
	CHECK_U64(m.res.v[4].parent, 3);
	CHECK_U64(m.res.v[4].depth, 4);
	CHECK_U64(m.res.v[5].parent, 2);
	CHECK_U64(dg.n, 0);

	/* "> " quoting, nested quoting */
	CHECK(PARSE_LIT("> 40000000-7fffffff : System RAM\n"
			">   40080000-40ffffff : Kernel code\n"
			"> > 80000000-8fffffff : System RAM\n"
			">>   80000000-8000ffff : reserved\n"));
	CHECK_U64(m.res.n, 4);
	CHECK_U64(dg.n, 0);
	CHECK_U64(m.res.v[1].parent, 0);
	CHECK_U64(m.res.v[2].parent, -1);
	CHECK_U64(m.res.v[3].parent, 2);
	CHECK(ea_iomem_name_is(&m, &m.res.v[3], "reserved"));

	/* blank lines are skipped without a word */
	CHECK(PARSE_LIT("\n00000000-00000fff : a\n\n   \n"));
	CHECK_U64(m.res.n, 1);
	CHECK_U64(dg.n, 0);
	CHECK_U64(m.res.v[0].line, 2);

	/* empty name with and without the trailing blank */
	CHECK(PARSE_LIT("00000000-00000fff :\n00001000-00001fff : \n"));
	CHECK_U64(m.res.n, 2);
	CHECK(ea_iomem_name_is(&m, &m.res.v[0], ""));
	CHECK(ea_iomem_name_is(&m, &m.res.v[1], ""));
}

static void test_structure(void)
{
	/* child outside its parent: placed under the nearest ancestor that
	 * holds it, or top level, with a diag either way */
	CHECK(PARSE_LIT("00000000-0000ffff : A\n"
			"  00000000-00000fff : B\n"
			"    00002000-00002fff : C\n"
			"  00010000-00010fff : D\n"
			"  00003000-00003fff : E\n"));
	CHECK_U64(m.res.n, 5);
	CHECK_U64(dg.n, 2);
	CHECK(diag_on(3) && diag_on(4));
	CHECK_U64(m.res.v[2].parent, 0); /* C: not in B, in A */
	CHECK_U64(m.res.v[2].depth, 1);
	CHECK_U64(m.res.v[3].parent, -1); /* D: in nothing */
	CHECK_U64(m.res.v[3].depth, 0);
	CHECK_U64(m.res.v[4].parent, 0); /* E: A is still open */

	/* deeper than 5 levels with real indents: all kept */
	static char deep[4096];
	size_t n = 0;

	for (int lv = 0; lv < 9; lv++)
		n += (size_t)snprintf(deep + n, sizeof(deep) - n,
				      "%*s%08x-%08x : L%d\n", lv * 2, "",
				      lv * 0x100, 0xffff - lv * 0x100, lv);
	CHECK(parse_str(deep, n));
	CHECK_U64(m.res.n, 9);
	CHECK_U64(dg.n, 0);
	for (int lv = 0; lv < 9; lv++) {
		CHECK_U64(m.res.v[lv].depth, lv);
		CHECK_U64(m.res.v[lv].parent, lv - 1);
	}

	/* the same tree as r_show() prints it (levels ≥ 5 at 10 spaces):
	 * nesting is recovered from the ranges */
	n = 0;
	for (int lv = 0; lv < 9; lv++)
		n += (size_t)snprintf(deep + n, sizeof(deep) - n,
				      "%*s%08x-%08x : L%d\n",
				      (lv < 5 ? lv : 5) * 2, "", lv * 0x100,
				      0xffff - lv * 0x100, lv);
	/* and a real level-6 sibling after the level-8 entry */
	n += (size_t)snprintf(deep + n, sizeof(deep) - n,
			      "%10s%08x-%08x : L6b\n", "", 0xfa00, 0xfa7f);
	CHECK(parse_str(deep, n));
	CHECK_U64(m.res.n, 10);
	CHECK_U64(dg.n, 0);
	for (int lv = 0; lv < 9; lv++)
		CHECK_U64(m.res.v[lv].depth, lv);
	CHECK_U64(m.res.v[9].parent, 5);
	CHECK_U64(m.res.v[9].depth, 6);

	/* zero and non-zero lines: not a zeroed file */
	CHECK(PARSE_LIT("00000000-00000000 : a\n00001000-00001fff : b\n"));
	CHECK(!m.zeroed);
	CHECK(PARSE_LIT("00000000-00000000 : Reserved\n"));
	CHECK(m.zeroed);
	/* zero with a bad line: the lines read are all zero */
	CHECK(PARSE_LIT("00000000-00000000 : a\n  00000000-00000000 : b\n"
			"00000000-0000000g : c\n"));
	CHECK(m.zeroed);
	CHECK_U64(m.res.n, 2);
	CHECK_U64(m.res.v[1].parent, 0);

	/* empty input */
	CHECK(!parse_str("", 0));
	CHECK_U64(m.res.n, 0);
	CHECK_U64(dg.n, 0);
	CHECK(!m.zeroed);
	CHECK(!PARSE_LIT("\n\n"));
	CHECK_U64(dg.n, 0);
	/* 16 MB of empty lines: nothing, and no 1.3 GB allocation */
	char *nls = malloc((size_t)16 << 20);

	memset(nls, '\n', (size_t)16 << 20);
	CHECK(!parse_str(nls, (size_t)16 << 20));
	CHECK_U64(dg.n, 0);
	CHECK(m.res.cap <= ((size_t)16 << 20) / 6 + 1);
	free(nls);

	/* name_is is an exact whole-name compare */
	CHECK(PARSE_LIT("00000000-00000fff : System RAM\n"));
	CHECK(ea_iomem_name_is(&m, &m.res.v[0], "System RAM"));
	CHECK(!ea_iomem_name_is(&m, &m.res.v[0], "System"));
	CHECK(!ea_iomem_name_is(&m, &m.res.v[0], "System RAM "));
	CHECK(!ea_iomem_name_is(&m, &m.res.v[0], "system ram"));
}

#if defined(__SANITIZE_ADDRESS__)
#define SANITIZED 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define SANITIZED 1
#endif
#endif
#ifndef SANITIZED
#define SANITIZED 0
#endif

/* Seconds for ea_iomem_parse() alone, best of three: the machine may be
 * busy with other work, and the copy into the input is not parsing. */
static double time_parse(const char *s, size_t n)
{
	double best = 1e9;

	for (int k = 0; k < 3; k++) {
		struct timespec t0, t1;

		reset();
		ea_input_set_data(&in, s, n);
		clock_gettime(CLOCK_MONOTONIC, &t0);
		ea_iomem_parse(&in, &m, &dg);
		clock_gettime(CLOCK_MONOTONIC, &t1);
		double dt = (double)(t1.tv_sec - t0.tv_sec) +
			    (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;

		if (dt < best)
			best = dt;
	}
	return best;
}

static void test_big(void)
{
	/* a 1 MB name, and a 1 MB line of junk */
	size_t big = (size_t)1 << 20;
	char *s = malloc(2 * big + 64);
	size_t n = (size_t)sprintf(s, "00001000-00001fff : ");

	memset(s + n, 'a', big);
	n += big;
	s[n++] = '\n';
	memset(s + n, 'z', big);
	n += big;
	s[n++] = '\n';
	CHECK(parse_str(s, n));
	CHECK_U64(m.res.n, 1);
	CHECK_U64(name_len(0), big);
	CHECK_U64(dg.n, 1);
	CHECK(diag_on(2));
	free(s);

	/* 1,000,000 lines: a tree of top-level RAM with children, the
	 * shape of a real file, must parse in well under a second */
	const size_t lines = 1000000;

	s = malloc(lines * 48);
	n = 0;
	for (size_t i = 0; i < lines; i++) {
		size_t a = (i & ~(size_t)3) << 16 | (i & 3) << 8;

		if (i % 4 == 0)
			n += (size_t)sprintf(s + n,
					     "%010zx-%010zx : System RAM\n", a,
					     a + 0xffff);
		else
			n += (size_t)sprintf(
			    s + n, "  %010zx-%010zx : reserved\n", a, a + 0xff);
	}
	/* a quarter of it, to see that time grows linearly */
	size_t quarter = 0;

	for (size_t i = 0; i < lines / 4; i++)
		quarter =
		    (size_t)((char *)memchr(s + quarter, '\n', n - quarter) -
			     s) +
		    1;

	double t_full = time_parse(s, n), t_quarter = time_parse(s, quarter);

	printf("iomem: 1,000,000 lines %.3f s, 250,000 lines %.3f s%s\n",
	       t_full, t_quarter, SANITIZED ? " (sanitized build)" : "");
	/* A quadratic parent search would take minutes here; the time is
	 * printed for information, and measured by bench/run.sh, not
	 * asserted in a test. */
	CHECK(parse_str(s, n));
	CHECK_U64(m.res.n, lines);
	CHECK_U64(dg.n, 0);
	CHECK_U64(m.res.v[lines - 1].parent, lines - 4);
	CHECK_U64(m.res.v[lines - 1].depth, 1);
	free(s);

	/* worst cases for the parent search: one parent with a million
	 * children; a million equal ranges alternating between two indents
	 * (one long chain), then lines outside their claimed parent */
	s = malloc(lines * 32 + 64);
	n = (size_t)sprintf(s, "00000000-ffffffff : all\n");
	for (size_t i = 1; i < lines; i++)
		n += (size_t)sprintf(s + n, "  %08zx-%08zx : c\n", i * 16,
				     i * 16 + 15);
	CHECK(parse_str(s, n));
	CHECK_U64(nchildren(0), lines - 1);

	n = 0;
	for (size_t i = 0; i < lines; i++)
		n += (size_t)sprintf(s + n, "%s00001000-00001fff : x\n",
				     i % 2 ? "  " : "");
	for (size_t i = 0; i < 1000; i++)
		n += (size_t)sprintf(s + n, "00001000-00001fff : x\n"
					    "  00002000-00002fff : y\n");
	CHECK(parse_str(s, n));
	CHECK_U64(m.res.n, lines + 2000);
	CHECK_U64(m.res.v[lines - 1].depth, lines / 2); /* x0 < x2 < x4 ... */
	CHECK_U64(dg.n, 1000);
	free(s);
}

int main(void)
{
	test_capture_arm64_61_acpi_smp4_2g();
	test_capture_arm64_61_dt();
	test_capture_arm64_61_gicv2();
	test_capture_arm64_510();
	test_capture_amd64();
	test_corpus_asus_ux391fa();
	test_corpus_brcm_stingray();
	test_corpus_dell_zeroed();
	test_corpus_fujitsu_fragment();
	test_corpus_ampere_oracle();
	test_corpus_others();
	test_bad_lines();
	test_mail_damage();
	test_structure();
	test_big();
	reset();
	return t_done();
}
