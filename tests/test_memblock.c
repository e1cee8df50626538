// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * memblock debugfs reader: every capture (5.10 and 6.1 print the ≤ 6.4
 * form; the x86 capture has empty files), then the ≥ 6.5 form and damage.
 */
#include <stdlib.h>
#include <string.h>

#include "read/memblock.h"
#include "t.h"

static struct ea_input in;
static struct ea_memblock mb;
static struct ea_diags dg;

static void reset(void)
{
	ea_memblock_free(&mb);
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
	return ea_memblock_parse(&in, &mb, &dg);
}

static bool parse_str(const char *s, size_t n)
{
	reset();
	ea_input_set_data(&in, s, n);
	return ea_memblock_parse(&in, &mb, &dg);
}

#define PARSE_LIT(lit) parse_str(lit, sizeof(lit) - 1)

static bool diag_on(uint32_t line)
{
	for (size_t i = 0; i < dg.n; i++)
		if (dg.v[i].ev.line == line)
			return true;
	return false;
}

struct want {
	const char *dir;
	size_t n;
	uint64_t f0, l0, fl, ll; /* first and last region */
};

/* Read off the raw files: line count, first line, last line. */
static const struct want memory[] = {
	{ "qemu-arm64-5.10-acpi-smp2-1g", 6, 0x4000000, 0x7ffffff, 0x7ffe0000,
	  0x7fffffff },
	{ "qemu-arm64-5.10-acpi-smp4-256m", 6, 0x4000000, 0x7ffffff, 0x4ffe0000,
	  0x4fffffff },
	{ "qemu-arm64-6.1-acpi-gicv2", 6, 0x4000000, 0x7ffffff, 0x7ffe0000,
	  0x7fffffff },
	{ "qemu-arm64-6.1-acpi-smp4-2g", 6, 0x4000000, 0x7ffffff, 0xbffe0000,
	  0xbfffffff },
	{ "qemu-arm64-6.1-dt-smp2-1g", 6, 0x4000000, 0x7ffffff, 0x7ffe0000,
	  0x7fffffff },
};

static const struct want reserved[] = {
	{ "qemu-arm64-5.10-acpi-smp2-1g", 28, 0x40152000, 0x40152fff,
	  0x7ffe0000, 0x7fffffff },
	{ "qemu-arm64-5.10-acpi-smp4-256m", 28, 0x4015a000, 0x4015afff,
	  0x4ffe0000, 0x4fffffff },
	{ "qemu-arm64-6.1-acpi-gicv2", 26, 0x74e00000, 0x78dfffff, 0x7ffe0000,
	  0x7fffffff },
	{ "qemu-arm64-6.1-acpi-smp4-2g", 29, 0x40174000, 0x40174fff, 0xbffe0000,
	  0xbfffffff },
	{ "qemu-arm64-6.1-dt-smp2-1g", 28, 0x4016e000, 0x4016efff, 0x7ffe0000,
	  0x7fffffff },
};

static void check_want(const struct want *w, const char *file)
{
	char rel[256];

	snprintf(rel, sizeof(rel), "captures/%s/sys/kernel/debug/memblock/%s",
		 w->dir, file);
	CHECK(parse_file(rel));
	CHECK_U64(mb.regions.n, w->n);
	CHECK_U64(dg.n, 0);
	CHECK(!mb.has_flags);
	if (mb.regions.n != w->n || w->n == 0) {
		fprintf(stderr, "%s: %zu regions\n", rel, mb.regions.n);
		return;
	}
	CHECK_U64(mb.regions.v[0].r.first, w->f0);
	CHECK_U64(mb.regions.v[0].r.last, w->l0);
	CHECK_U64(mb.regions.v[w->n - 1].r.first, w->fl);
	CHECK_U64(mb.regions.v[w->n - 1].r.last, w->ll);
	CHECK_U64(mb.regions.v[w->n - 1].ev.line, w->n);
	for (size_t i = 0; i < mb.regions.n; i++) {
		CHECK_U64(mb.regions.v[i].nid, -1);
		CHECK_U64(mb.regions.v[i].flag, EA_MB_NONE);
		CHECK(mb.regions.v[i].ev.in == &in);
	}
}

static void test_captures(void)
{
	for (size_t i = 0; i < sizeof(memory) / sizeof(*memory); i++)
		check_want(&memory[i], "memory");
	for (size_t i = 0; i < sizeof(reserved) / sizeof(*reserved); i++)
		check_want(&reserved[i], "reserved");

	/* 6.1 smp4-2g: the RAM bank and its NOMAP neighbours */
	CHECK(parse_file("captures/qemu-arm64-6.1-acpi-smp4-2g/sys/kernel/"
			 "debug/memblock/memory"));
	CHECK_U64(mb.regions.v[1].r.first, 0x40000000);
	CHECK_U64(mb.regions.v[1].r.last, 0xbc43ffff);
	CHECK_U64(mb.regions.v[2].r.first, 0xbc440000);
	CHECK_U64(mb.regions.v[2].r.last, 0xbc72ffff);
	CHECK(parse_file("captures/qemu-arm64-6.1-acpi-smp4-2g/sys/kernel/"
			 "debug/memblock/reserved"));
	CHECK_U64(mb.regions.v[1].r.first, 0x401b0000);
	CHECK_U64(mb.regions.v[1].r.last, 0x401fffff);
	CHECK(parse_file("captures/qemu-arm64-5.10-acpi-smp4-256m/sys/kernel/"
			 "debug/memblock/reserved"));
	CHECK_U64(mb.regions.v[1].r.first, 0x40190000);
	CHECK_U64(mb.regions.v[1].r.last, 0x401dffff);

	/* x86 keeps no memblock after boot: empty files, no diag */
	CHECK(!parse_file("captures/qemu-amd64-6.1-ovmf-smp2-2g/sys/kernel/"
			  "debug/memblock/memory"));
	CHECK_U64(mb.regions.n, 0);
	CHECK_U64(dg.n, 0);
	CHECK(!parse_file("captures/qemu-amd64-6.1-ovmf-smp2-2g/sys/kernel/"
			  "debug/memblock/reserved"));
	CHECK_U64(dg.n, 0);
}

static void test_flags_form(void)
{
	/* ≥ 6.5 (kernel-formats.md §7.1) */
	CHECK(PARSE_LIT(
	    "   0: 0x0000000040000000..0x000000004000ffff    0 NOMAP\n"
	    "   1: 0x0000000040010000..0x00000000bfffffff    0 NONE\n"
	    "   2: 0x0000000880000000..0x0000000fffffffff   12 HOTPLUG\n"
	    "   3: 0x0000001000000000..0x0000001000000fff    x MIRROR\n"
	    "   4: 0x0000001000001000..0x0000001000001fff    x DRV_MNG\n"
	    "   5: 0x0000001000002000..0x0000001000002fff    x RSV_NIT\n"
	    "   6: 0x0000001000003000..0x0000001000003fff    x RSV_KERN\n"
	    "   7: 0x0000001000004000..0x0000001000004fff    x "
	    "KHO_SCRATCH\n"
	    "   8: 0x0000001000005000..0x0000001000005fff    x UNKNOWN\n"));
	CHECK(mb.has_flags);
	CHECK_U64(dg.n, 0);
	CHECK_U64(mb.regions.n, 9);
	CHECK_U64(mb.regions.v[0].r.first, 0x40000000);
	CHECK_U64(mb.regions.v[0].r.last, 0x4000ffff);
	CHECK_U64(mb.regions.v[0].nid, 0);
	CHECK_U64(mb.regions.v[0].flag, EA_MB_NOMAP);
	CHECK_U64(mb.regions.v[1].flag, EA_MB_NONE);
	CHECK_U64(mb.regions.v[2].nid, 12);
	CHECK_U64(mb.regions.v[2].r.last, 0xfffffffff);
	CHECK_U64(mb.regions.v[2].flag, EA_MB_HOTPLUG);
	CHECK_U64(mb.regions.v[3].nid, -1);
	CHECK_U64(mb.regions.v[3].flag, EA_MB_MIRROR);
	CHECK_U64(mb.regions.v[4].flag, EA_MB_DRV_MNG);
	CHECK_U64(mb.regions.v[5].flag, EA_MB_RSV_NIT);
	CHECK_U64(mb.regions.v[6].flag, EA_MB_RSV_KERN);
	CHECK_U64(mb.regions.v[7].flag, EA_MB_KHO_SCRATCH);
	CHECK_U64(mb.regions.v[8].flag, EA_MB_UNKNOWN);
	CHECK_U64(mb.regions.v[8].ev.line, 9);

	/* a flag word from a newer kernel: region kept, flag UNKNOWN */
	CHECK(
	    PARSE_LIT("   0: 0x0000000040000000..0x000000004000ffff    x NONE\n"
		      "   1: 0x0000000040010000..0x000000004001ffff    x "
		      "FROBNICATE\n"));
	CHECK_U64(mb.regions.n, 2);
	CHECK_U64(mb.regions.v[1].flag, EA_MB_UNKNOWN);
	CHECK_U64(mb.regions.v[1].r.first, 0x40010000);
	CHECK_U64(dg.n, 1);
	CHECK(diag_on(2));
	CHECK(dg.n && strstr(dg.v[0].msg, "FROBNICATE") != NULL);
	/* flag names are case-sensitive, as printed */
	CHECK(PARSE_LIT("   0: 0x0000000040000000..0x000000004000ffff    x "
			"nomap\n"));
	CHECK_U64(mb.regions.v[0].flag, EA_MB_UNKNOWN);
	CHECK_U64(dg.n, 1);

	/* the two forms mixed: both read, reported */
	CHECK(PARSE_LIT(
	    "   0: 0x0000000040000000..0x000000004000ffff\n"
	    "   1: 0x0000000040010000..0x000000004001ffff    0 NONE\n"));
	CHECK_U64(mb.regions.n, 2);
	CHECK(mb.has_flags);
	CHECK(diag_on(2));
}

static void test_damage(void)
{
	/* end < base */
	CHECK(PARSE_LIT("   0: 0x0000000040001000..0x0000000040000fff\n"
			"   1: 0x0000000040010000..0x000000004001ffff\n"));
	CHECK_U64(mb.regions.n, 1);
	CHECK_U64(dg.n, 1);
	CHECK(diag_on(1));

	/* 17 hex digits */
	CHECK(!PARSE_LIT("   0: 0x10000000000000000..0x10000000000000fff\n"));
	CHECK_U64(dg.n, 1);

	/* not memblock lines at all */
	CHECK(!PARSE_LIT("memblock_reserve: [0x0000000082760000-"
			 "0x000000008276ffff] its_cpu_init\n"
			 "0: 40000000..4000ffff\n"
			 "   0: 0x0000000040000000-0x000000004000ffff\n"
			 "   0: 0x0000000040000000..\n"));
	CHECK_U64(dg.n, 4);
	CHECK(diag_on(1) && diag_on(2) && diag_on(3) && diag_on(4));

	/* trailing junk, missing flag */
	CHECK(!PARSE_LIT("   0: 0x0000000040000000..0x000000004000ffff    0 "
			 "NONE extra\n"
			 "   0: 0x0000000040000000..0x000000004000ffff    0\n"
			 "   0: 0x0000000040000000..0x000000004000ffffjunk\n"));
	CHECK_U64(dg.n, 3);

	/* a missing line shows as a gap in the index */
	CHECK(PARSE_LIT("   0: 0x0000000040000000..0x000000004000ffff\n"
			"   2: 0x0000000040020000..0x000000004002ffff\n"));
	CHECK_U64(mb.regions.n, 2);
	CHECK_U64(dg.n, 1);
	CHECK(diag_on(2));

	/* NUL byte, CRLF, trailing blanks, mail quoting */
	static const char nul[] =
	    "   0: 0x0000000040000000..0x00000000\0004000ffff\n"
	    "   1: 0x0000000040010000..0x000000004001ffff  \r\n"
	    ">    2: 0x0000000040020000..0x000000004002ffff\r\n";

	CHECK(parse_str(nul, sizeof(nul) - 1));
	CHECK_U64(mb.regions.n, 2);
	CHECK_U64(dg.n, 1); /* no second word about the index gap */
	CHECK(diag_on(1));
	CHECK_U64(mb.regions.v[0].r.last, 0x4001ffff);
	CHECK_U64(mb.regions.v[1].r.last, 0x4002ffff);

	/* the empty-array dummy (base 0, size 0 → end 0 - 1): no region */
	CHECK(PARSE_LIT("   0: 0x0000000000000000..0xffffffffffffffff\n"));
	CHECK_U64(mb.regions.n, 0);
	CHECK_U64(dg.n, 0);
	CHECK(PARSE_LIT("   0: 0x00000000..0xffffffff\n")); /* 32-bit */
	CHECK_U64(mb.regions.n, 0);
	/* but 0..4G-1 printed by a 64-bit kernel is a region */
	CHECK(PARSE_LIT("   0: 0x0000000000000000..0x00000000ffffffff\n"));
	CHECK_U64(mb.regions.n, 1);
	CHECK_U64(mb.regions.v[0].r.last, 0xffffffff);

	/* empty and blank input: false without a word */
	CHECK(!parse_str("", 0));
	CHECK_U64(dg.n, 0);
	CHECK(!PARSE_LIT("\n  \n"));
	CHECK_U64(dg.n, 0);
}

int main(void)
{
	test_captures();
	test_flags_form();
	test_damage();
	reset();
	return t_done();
}
