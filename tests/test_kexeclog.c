/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Proof of a loaded image, on real logs:
 * - the Fujitsu corpus kexec-load-debug.txt: a kernel kimage dump (64 KiB
 *   pages) of a `kexec -d -l` whose initrd went over the MEMRESERVE list page
 *   and the LPI tables, and a kexec-tools segment[1] block of a second run;
 * - the ASUS corpus dmesg: the 5.3 kernel's "kexec_file: Loading segment"
 *   lines of a crash load and of the load that overwrote the ESRT;
 * and on lines built from the kernel's and kexec-tools' format strings for
 * the forms no corpus file has (6.8+ segment[] lines, print_segments with
 * (nil), the block printed again after "kexec_load failed").
 */
#include <dirent.h>
#include <stdlib.h>
#include <string.h>

#include "model/overlap.h"
#include "pipeline.h"
#include "read/dmesg.h"
#include "read/kexeclog.h"
#include "read/logline.h"
#include "read/sources.h"
#include "t.h"

#define FUJ TESTDATA "/corpus/fujitsu-arm64-lpi-kexec/"
#define ASUS TESTDATA "/corpus/asus-ux391fa-x86/"

static void add_prot(struct ea_audit *a, enum ea_kind kind, const char *name,
		     uint64_t first, uint64_t last)
{
	struct ea_protected *p = EA_VEC_PUSH(a->m.prot);
	p->kind = kind;
	p->tier = EA_TIER_CRITICAL;
	p->name = name;
	CHECK(ea_range_make(first, last, &p->r));
}

static long prot_named(const struct ea_audit *a, const char *name)
{
	for (size_t i = 0; i < a->m.prot.n; i++)
		if (strcmp(a->m.prot.v[i].name, name) == 0)
			return (long)i;
	return -1;
}

static void load_text(struct ea_input *in, const char *text)
{
	memset(in, 0, sizeof(*in));
	in->name = "kexec_log";
	ea_input_set_data(in, text, strlen(text));
}

static void test_fujitsu(void)
{
	struct ea_audit a;
	ea_audit_init(&a);
	CHECK(ea_sources_use_file(&a.src, EA_IN_DMESG,
				  FUJ "dmesg-after-kexec-memblock-debug.txt"));
	CHECK(
	    ea_sources_use_file(&a.src, EA_IN_IOMEM, FUJ "iomem-fragment.txt"));
	ea_run(&a);
	/* From the fragments the audit knows only the MEMRESERVE root of the
	 * kexec'd kernel (its config-table line). */
	CHECK(a.m.arch == EA_ARCH_ARM64);
	CHECK(prot_named(&a, "MEMRESERVE root") >= 0);
	CHECK(prot_named(&a, "LPI property table") < 0);
	/* The ranges the corpus documents but the fragments do not give the
	 * audit: the list page the root points to (memblock_reserve line 3
	 * of the after-kexec log, efi_config_parse_tables+0x228, the node
	 * reservation; one 4 KiB page, struct_size(rsv, entry, 255)), and
	 * the LPI tables of the iomem fragment, which the author annotated
	 * "# Property table" / "# Pending table". */
	add_prot(&a, EA_KIND_MEMRESERVE_NODE, "MEMRESERVE list page",
		 0x82760000, 0x82760fff);
	add_prot(&a, EA_KIND_LPI_PROPERTY_TABLE, "LPI property table",
		 0x830f0000, 0x830fffff);
	add_prot(&a, EA_KIND_LPI_PENDING_TABLE, "LPI pending table A",
		 0x83480000, 0x83480fff);
	add_prot(&a, EA_KIND_LPI_PENDING_TABLE, "LPI pending table B",
		 0x83490000, 0x8349ffff);

	struct ea_input in = { .name = "kexec_log" };
	CHECK(ea_input_load_file(&in, FUJ "kexec-load-debug.txt"));
	struct ea_diags d = { 0 };
	struct ea_kexeclog k;
	ea_kexeclog_parse(&in, &k, &d);
	CHECK(d.n == 0);
	CHECK(k.loads.n == 2);
	if (k.loads.n != 2)
		goto out;

	/* run 1: the kernel's kimage dump, four segments, end exclusive */
	const struct ea_kl_load *l0 = &k.loads.v[0];
	CHECK(l0->source == EA_KL_KIMAGE_DUMP);
	CHECK_STR(ea_kl_source_key(l0->source), "kimage_dump");
	CHECK_STR(l0->label, "kexec -d -l /boot/vmlinuz-5.4.0-rc7 "
			     "/boot/initramfs-5.4.0-rc7.img --reuse-cmdline");
	CHECK_U64(l0->page_size, 0x10000); /* 0x1e10000 bytes, 481 pages */
	CHECK(!l0->crash && !l0->failed);
	CHECK(l0->seg.n == 4);
	static const uint64_t mem0[4] = { 0x80480000, 0x82290000, 0x85b20000,
					  0x85b30000 };
	static const uint64_t sz0[4] = { 0x1e10000, 0x3890000, 0x10000,
					 0x10000 };
	for (size_t i = 0; i < 4 && i < l0->seg.n; i++) {
		CHECK(l0->seg.v[i].index == i);
		CHECK_U64(l0->seg.v[i].mem, mem0[i]);
		CHECK_U64(l0->seg.v[i].memsz, sz0[i]);
		CHECK(l0->seg.v[i].has_range);
		CHECK(l0->seg.v[i].ev.line == 11 + i);
	}
	/* "initrd: base 82290000, size 388dd8ah" names segment 1 */
	CHECK_STR(l0->seg.v[1].name, "initrd");
	CHECK(l0->seg.v[1].name_ev.line == 3);
	CHECK_STR(l0->seg.v[0].name, "");

	/* run 2: kexec-tools print_segments, only segment[1] quoted, with
	 * the author's "# 0x86640000 ..." comment after the value */
	const struct ea_kl_load *l1 = &k.loads.v[1];
	CHECK(l1->source == EA_KL_KEXEC_TOOLS);
	CHECK(l1->label && strstr(l1->label, "vmlinuz-5.4.1+"));
	CHECK(l1->seg.n == 1);
	CHECK(l1->seg.v[0].index == 1);
	CHECK_U64(l1->seg.v[0].r.first, 0x82ad0000);
	CHECK_U64(l1->seg.v[0].r.last, 0x8663ffff);
	CHECK_STR(l1->seg.v[0].name, "initrd");
	CHECK(l1->seg.v[0].ev.line == 20);

	/* the collisions: run 1's initrd covers the list page and all three
	 * LPI tables; run 2's initrd the three LPI tables (the list page at
	 * 0x82760000 is below it); no other segment touches a protected
	 * range (the root is at 0x9820bfdc58) */
	ea_kl_collision_vec col = { 0 };
	ea_kexeclog_overlaps(&k, a.m.prot.v, a.m.prot.n);
	ea_kexeclog_check(&k, a.m.prot.v, a.m.prot.n, &col);
	CHECK(col.n == 7);
	if (col.n == 7) {
		static const char *const want[7] = {
			"MEMRESERVE list page", "LPI property table",
			"LPI pending table A",	"LPI pending table B",
			"LPI property table",	"LPI pending table A",
			"LPI pending table B"
		};
		for (size_t i = 0; i < 7; i++) {
			CHECK(col.v[i].load == (i < 4 ? 0u : 1u));
			CHECK(col.v[i].seg == (i < 4 ? 1u : 0u));
			CHECK_STR(a.m.prot.v[col.v[i].prot].name, want[i]);
			/* each table lies wholly inside the initrd */
			CHECK(ea_range_cmp(&col.v[i].overlap,
					   &a.m.prot.v[col.v[i].prot].r) == 0);
		}
	}
	EA_VEC_FREE(col);
out:
	ea_kexeclog_free(&k);
	ea_diags_free(&d);
	ea_input_free(&in);
	ea_audit_free(&a);
}

static void test_asus(void)
{
	struct ea_audit a;
	ea_audit_init(&a);
	CHECK(ea_sources_use_file(&a.src, EA_IN_DMESG, ASUS "dmesg.txt"));
	CHECK(ea_sources_use_file(&a.src, EA_IN_IOMEM, ASUS "iomem.txt"));
	ea_run(&a);
	long esrt = prot_named(&a, "ESRT");
	CHECK(esrt >= 0);
	if (esrt < 0) {
		ea_audit_free(&a);
		return;
	}
	/* "esrt: Reserving ESRT space from 0x...74dd6f98 to ...74dd6fd0" */
	CHECK_U64(a.m.prot.v[esrt].r.first, 0x74dd6f98);
	CHECK_U64(a.m.prot.v[esrt].r.last, 0x74dd6fcf);

	/* the segments come from the kernel log itself */
	struct ea_diags d = { 0 };
	struct ea_kexeclog k;
	ea_kexeclog_parse(&a.src.in[EA_IN_DMESG], &k, &d);
	CHECK(d.n == 0);
	CHECK(k.loads.n == 2);
	if (k.loads.n == 2) {
		const struct ea_kl_load *c = &k.loads.v[0], *n = &k.loads.v[1];
		CHECK(c->source == EA_KL_KEXEC_FILE && c->seg.n == 5);
		CHECK(n->source == EA_KL_KEXEC_FILE && n->seg.n == 3);
		/* the crash load stays inside Crash kernel
		 * 0x65000000-0x6affffff */
		for (size_t i = 0; i < c->seg.n; i++)
			CHECK(c->seg.v[i].r.first >= 0x65000000 &&
			      c->seg.v[i].r.last <= 0x6affffff);
		CHECK_U64(c->seg.v[4].mem, 0x69000000);
		CHECK_U64(c->seg.v[4].memsz, 0x1b50000);
		CHECK_U64(c->seg.v[4].bufsz, 0xdbc888);
		CHECK(c->seg.v[0].ev.line == 1050);
		CHECK_U64(n->seg.v[0].mem, 0x91000);
		CHECK_U64(n->seg.v[0].memsz, 0x6000);
		CHECK_U64(n->seg.v[1].mem, 0x8f000);
		CHECK_U64(n->seg.v[2].mem, 0x73000000);
		CHECK_U64(n->seg.v[2].memsz, 0x249a000);
		CHECK(n->seg.v[2].ev.line == 1086);
	}
	/* the second load's kernel segment covers the ESRT: the collision
	 * the report describes; nothing else of either load hits anything */
	ea_kl_collision_vec col = { 0 };
	ea_kexeclog_overlaps(&k, a.m.prot.v, a.m.prot.n);
	ea_kexeclog_check(&k, a.m.prot.v, a.m.prot.n, &col);
	CHECK(col.n == 1);
	if (col.n == 1) {
		CHECK(col.v[0].load == 1 && col.v[0].seg == 2);
		CHECK(col.v[0].prot == (size_t)esrt);
		CHECK_U64(col.v[0].overlap.first, 0x74dd6f98);
		CHECK_U64(col.v[0].overlap.last, 0x74dd6fcf);
	}
	EA_VEC_FREE(col);
	ea_kexeclog_free(&k);
	ea_diags_free(&d);
	ea_audit_free(&a);
}

/* kernel 6.8+ with KEXEC_FILE_DEBUG: format strings of
 * arch/arm64/kernel/kexec_image.c, machine_kexec_file.c and
 * kernel/kexec_file.c, with printk timestamps */
static const char LOG_ARM64_68[] =
    "[   51.100000] kexec_file(Image): Loaded kernel at 0x40200000 "
    "bufsz=0x16a0200 memsz=0x16b0000\n"
    "[   51.100100] kexec_file: Loaded initrd at 0x418b0000 bufsz=0xf00000 "
    "memsz=0xf00000\n"
    "[   51.100200] kexec_file: Loaded dtb at 0x4e800000 bufsz=0x435 "
    "memsz=0x1000\n"
    "[   51.200000] kexec_file: nr_segments = 3\n"
    "[   51.200100] kexec_file: segment[0]: buf=0x00000000b0e5e4f1 "
    "bufsz=0x16a0200 mem=0x40200000 memsz=0x16b0000\n"
    "[   51.200200] kexec_file: segment[1]: buf=0x0000000054a1f1f4 "
    "bufsz=0xf00000 mem=0x418b0000 memsz=0xf00000\n"
    "[   51.200300] kexec_file: segment[2]: buf=(____ptrval____) "
    "bufsz=0x435 mem=0x4e800000 memsz=0x1000\n"
    "[   51.300000] kexec_file: kexec_file_load: type:0, start:0x40200000 "
    "head:0x4f000002 flags:0x8\n"
    /* a second load with only the "Loaded" lines (pr_debug of the
     * arm64 loader, no segment list) */
    "[   60.000000] kexec_file(Image): Loaded kernel at 0x40000000 "
    "bufsz=0x16a0200 memsz=0x16b0000\n"
    "[   60.000100] kexec_file: Loaded initrd at 0x416b0000 "
    "bufsz=0x1000000 memsz=0x1000000\n";

/* kexec-tools print_segments (kexec/kexec.c), x86 with its names, a failed
 * kexec_load and the block printed again */
static const char LOG_KT_X86[] =
    "Loaded purgatory at addr 0x7feeb000\n"
    "Loaded real_mode_data and command line at 0x7fee6000\n"
    "Loaded 64bit kernel at 0x7a000000\n"
    "Loaded initrd at 0x78b8e000 size 0x1472000\n"
    "kexec_load: entry = 0x7feeb180 flags = 0x3e0001\n"
    "nr_segments = 2\n"
    "segment[0].buf   = (nil)\n"
    "segment[0].bufsz = 0x0\n"
    "segment[0].mem   = 0x78b8e000\n"
    "segment[0].memsz = 0x1472000\n"
    "segment[1].buf   = 0x7f0a1c6b3010\n"
    "segment[1].bufsz = 0x3377000\n"
    "segment[1].mem   = 0x7a000000\n"
    "segment[1].memsz = 0x3378000\n"
    "kexec_load failed: Device or resource busy\n"
    "entry       = 0x7feeb180 flags = 0x3e0001\n"
    "nr_segments = 2\n"
    "segment[0].buf   = (nil)\n"
    "segment[0].bufsz = 0x0\n"
    "segment[0].mem   = 0x78b8e000\n"
    "segment[0].memsz = 0x1472000\n"
    "segment[1].buf   = 0x7f0a1c6b3010\n"
    "segment[1].bufsz = 0x3377000\n"
    "segment[1].mem   = 0x7a000000\n"
    "segment[1].memsz = 0x3378000\n";

static void test_synthetic(void)
{
	struct ea_input in;
	struct ea_diags d = { 0 };
	struct ea_kexeclog k;

	load_text(&in, LOG_ARM64_68);
	ea_kexeclog_parse(&in, &k, &d);
	CHECK(d.n == 0);
	CHECK(k.loads.n == 2);
	if (k.loads.n == 2) {
		const struct ea_kl_load *l = &k.loads.v[0];
		CHECK(l->source == EA_KL_KEXEC_FILE && l->seg.n == 3);
		CHECK_STR(l->seg.v[0].name, "kernel");
		CHECK_STR(l->seg.v[1].name, "initrd");
		CHECK_STR(l->seg.v[2].name, "dtb");
		CHECK(l->seg.v[2].name_ev.line == 3 &&
		      l->seg.v[2].ev.line == 7);
		CHECK_U64(l->seg.v[0].r.last, 0x418affff);
		CHECK(!l->crash);
		const struct ea_kl_load *m = &k.loads.v[1];
		CHECK(m->source == EA_KL_LOADED_ONLY && m->seg.n == 2);
		CHECK_STR(m->seg.v[1].name, "initrd");
		CHECK_U64(m->seg.v[1].r.first, 0x416b0000);
		CHECK_U64(m->seg.v[1].r.last, 0x426affff);
	}
	ea_kexeclog_free(&k);
	ea_input_free(&in);

	load_text(&in, LOG_KT_X86);
	ea_kexeclog_parse(&in, &k, &d);
	CHECK(d.n == 0);
	CHECK(k.loads.n == 2);
	if (k.loads.n == 2) {
		const struct ea_kl_load *l = &k.loads.v[0];
		CHECK(l->source == EA_KL_KEXEC_TOOLS && l->seg.n == 2);
		CHECK(l->failed && l->crash); /* flags & KEXEC_ON_CRASH */
		CHECK_STR(l->seg.v[0].name, "initrd");
		CHECK_STR(l->seg.v[1].name, "kernel");
		CHECK_U64(l->seg.v[0].bufsz, 0);
		/* the same block, printed after the failure */
		CHECK(k.loads.v[1].failed && k.loads.v[1].seg.n == 2);
	}
	ea_kexeclog_free(&k);
	ea_input_free(&in);

	/* a dump line whose byte count does not match its ends */
	load_text(&in, "segment[0]: 0000000080480000 - 0000000082290000, "
		       "0x1000 bytes, 1 pages\n");
	ea_kexeclog_parse(&in, &k, &d);
	CHECK(k.loads.n == 0);
	CHECK(d.n == 1 && d.v[0].ev.line == 1);
	ea_kexeclog_free(&k);
	ea_diags_free(&d);
	ea_input_free(&in);

	/* unrelated text: nothing */
	load_text(&in, "kexec: Error: dtb too big.\nsegment[x]\n");
	ea_kexeclog_parse(&in, &k, &d);
	CHECK(k.loads.n == 0 && d.n == 0);
	ea_kexeclog_free(&k);
	ea_input_free(&in);
}

static void test_prot_index(void)
{
	/* unsorted, nested and overlapping ranges */
	struct ea_protected p[5];
	memset(p, 0, sizeof(p));
	ea_range_make(0x5000, 0x5fff, &p[0].r);
	ea_range_make(0x1000, 0x8fff, &p[1].r); /* long, starts low */
	ea_range_make(0x2000, 0x2fff, &p[2].r);
	ea_range_make(0x9000, 0x9fff, &p[3].r);
	ea_range_make(0x2000, 0x20ff, &p[4].r);
	struct ea_prot_index ix;
	ea_prot_index_build(&ix, p, 5);
	size_t out[5];
	struct ea_range q;

	ea_range_make(0x6000, 0x6fff, &q); /* inside the long one only */
	CHECK(ea_prot_index_hits(&ix, q, out, 5) == 1 && out[0] == 1);
	ea_range_make(0x2080, 0x5000, &q);
	CHECK(ea_prot_index_hits(&ix, q, out, 5) == 4);
	/* by address: 0x1000, 0x2000-0x20ff, 0x2000-0x2fff, 0x5000 */
	CHECK(out[0] == 1 && out[1] == 4 && out[2] == 2 && out[3] == 0);
	/* fewer slots than hits: the lowest addresses */
	CHECK(ea_prot_index_hits(&ix, q, out, 2) == 4);
	CHECK(out[0] == 1 && out[1] == 4);
	ea_range_make(0xa000, 0xafff, &q);
	CHECK(ea_prot_index_hits(&ix, q, out, 5) == 0);
	ea_range_make(0x0, 0xfff, &q);
	CHECK(ea_prot_index_hits(&ix, q, out, 5) == 0);
	ea_prot_index_free(&ix);
}

/* The kernel log parser's kexec_lines says whether reading the log for
 * loads can find one: on every log of the corpus, a log it says no for
 * has no load, and the ASUS log (two loads) gets a yes. The lines that may
 * matter are the ones the kexec parser reads. */
static void test_may_matter(void)
{
	CHECK(ea_logline_kexec_may_matter("kexec_file: Loading segment 0", 27));
	CHECK(ea_logline_kexec_may_matter("  segment[0]: buf=", 18));
	CHECK(ea_logline_kexec_may_matter("# kexec -l Image", 16));
	CHECK(ea_logline_kexec_may_matter("nr_segments = 4", 15));
	CHECK(!ea_logline_kexec_may_matter("efi: ACPI 2.0=0x1", 17));
	CHECK(!ea_logline_kexec_may_matter("kexe", 4));
	CHECK(!ea_logline_kexec_may_matter("   ", 3));
	CHECK(!ea_logline_kexec_may_matter("", 0));

	DIR *dir = opendir(TESTDATA "/corpus");
	size_t logs = 0, with = 0;
	struct dirent *de;
	CHECK(dir != NULL);
	while (dir && (de = readdir(dir)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		char path[512];
		snprintf(path, sizeof(path), "%s/corpus/%s/dmesg.txt", TESTDATA,
			 de->d_name);
		struct ea_input in = { .name = "dmesg" };
		if (!ea_input_load_file(&in, path)) {
			ea_input_free(&in);
			continue;
		}
		struct ea_dmesg dm;
		struct ea_kexeclog k;
		ea_dmesg_parse(&in, &dm, NULL);
		ea_kexeclog_parse(&in, &k, NULL);
		logs++;
		with += dm.kexec_lines;
		if (!dm.kexec_lines && k.loads.n)
			fprintf(stderr, "%s: loads but no kexec line\n", path);
		CHECK(dm.kexec_lines || k.loads.n == 0);
		if (strstr(path, "asus-ux391fa-x86"))
			CHECK(dm.kexec_lines && k.loads.n == 2);
		ea_kexeclog_free(&k);
		ea_dmesg_free(&dm);
		ea_input_free(&in);
	}
	if (dir)
		closedir(dir);
	CHECK(logs >= 10);
	CHECK(with >= 1 && with < logs);
}

int main(void)
{
	test_may_matter();
	test_fujitsu();
	test_asus();
	test_synthetic();
	test_prot_index();
	return t_done();
}
