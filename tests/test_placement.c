/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The placement what-if, on real captures and the Fujitsu corpus. Every
 * expected address is worked out below, in the comment before its check,
 * from the free ranges of the capture's own files and the loader's rules
 * (placement.c names the code each rule comes from):
 *
 * - the SynQuacer shape: the 256 MiB arm64 capture with the memblock
 *   reservations of this kernel's LPI tables and MEMRESERVE list page
 *   dropped (what a kernel before 2bab693a608b has), kexec_file_load;
 * - x86 kexec_file_load on the 2 GiB amd64 capture, with 6.1 and 6.13 rules;
 * - kexec-tools on the 256 MiB capture before and after f736104;
 * - kexec-tools on the Fujitsu iomem fragment: the prediction must equal the
 *   segments the real `kexec -d` runs printed.
 */
#include <errno.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "pipeline.h"
#include "read/kexeclog.h"
#include "read/sources.h"
#include "t.h"
#include "whatif/placement.h"

#define CAP256 TESTDATA "/captures/qemu-arm64-5.10-acpi-smp4-256m"
#define CAPX86 TESTDATA "/captures/qemu-amd64-6.1-ovmf-smp2-2g"
#define FUJ TESTDATA "/corpus/fujitsu-arm64-lpi-kexec/"
#define NOEFI TESTDATA "/captures/qemu-arm64-6.1-noefi-gicv3"

/* ---- copying a capture ---------------------------------------------- */

static const char *copy_src;
static char copy_dst[256];

static int copy_one(const char *path, const struct stat *st, int flag,
		    struct FTW *ftw)
{
	char to[512];
	snprintf(to, sizeof(to), "%s%s", copy_dst, path + strlen(copy_src));
	if (flag == FTW_D)
		return mkdir(to, 0755) == 0 || errno == EEXIST ? 0 : -1;
	if (flag != FTW_F)
		return 0;
	FILE *in = fopen(path, "rb"), *out = fopen(to, "wb");
	int rc = in && out ? 0 : -1;
	char buf[65536];
	size_t n;
	while (!rc && (n = fread(buf, 1, sizeof(buf), in)) > 0)
		if (fwrite(buf, 1, n, out) != n)
			rc = -1;
	if (in)
		fclose(in);
	if (out && fclose(out))
		rc = -1;
	return rc;
}

static int rm_one(const char *path, const struct stat *st, int flag,
		  struct FTW *ftw)
{
	return remove(path);
}

static char *copy_capture(const char *src)
{
	snprintf(copy_dst, sizeof(copy_dst), "/tmp/ea-placement-XXXXXX");
	if (!mkdtemp(copy_dst))
		return NULL;
	copy_src = src;
	if (nftw(src, copy_one, 16, FTW_PHYS) != 0)
		return NULL;
	return strdup(copy_dst);
}

static void remove_tree(char *dir)
{
	if (dir)
		nftw(dir, rm_one, 16, FTW_DEPTH | FTW_PHYS);
	free(dir);
}

/* Rewrites a file keeping the lines that do not start with any of drop[];
 * returns how many lines were dropped. */
static int drop_lines(const char *path, const char *const *drop, size_t nd)
{
	FILE *f = fopen(path, "r");
	if (!f)
		return -1;
	char *text = NULL;
	size_t cap = 0, len = 0;
	char line[512];
	int dropped = 0;
	while (fgets(line, sizeof(line), f)) {
		bool skip = false;
		for (size_t i = 0; i < nd; i++)
			if (strncmp(line, drop[i], strlen(drop[i])) == 0)
				skip = true;
		if (skip) {
			dropped++;
			continue;
		}
		size_t k = strlen(line);
		if (len + k + 1 > cap) {
			cap = (len + k + 1) * 2;
			text = realloc(text, cap);
		}
		memcpy(text + len, line, k + 1);
		len += k;
	}
	fclose(f);
	f = fopen(path, "w");
	if (!f || (len && fwrite(text, 1, len, f) != len)) {
		dropped = -1;
	}
	if (f)
		fclose(f);
	free(text);
	return dropped;
}

/* Drops the x86 log's second EFI map listing: the "EFI runtime memory
 * map:" line and the "efi: memNN:" lines after it. Returns how many lines
 * were dropped. */
static int drop_runtime_listing(const char *path)
{
	FILE *f = fopen(path, "r");
	if (!f)
		return -1;
	char *text = NULL;
	size_t cap = 0, len = 0;
	char line[512];
	int dropped = 0, in = 0;
	while (fgets(line, sizeof(line), f)) {
		const char *m = strstr(line, "efi: mem");
		if (strstr(line, "efi: EFI runtime memory map:"))
			in = 1;
		else if (in && !(m && m[8] >= '0' && m[8] <= '9'))
			in = 0;
		if (in) {
			dropped++;
			continue;
		}
		size_t k = strlen(line);
		if (len + k + 1 > cap) {
			cap = (len + k + 1) * 2;
			text = realloc(text, cap);
		}
		memcpy(text + len, line, k + 1);
		len += k;
	}
	fclose(f);
	f = fopen(path, "w");
	if (!f || (len && fwrite(text, 1, len, f) != len))
		dropped = -1;
	if (f)
		fclose(f);
	free(text);
	return dropped;
}

/* Inserts a line after the first line that starts with after. */
static int insert_after(const char *path, const char *after, const char *add)
{
	FILE *f = fopen(path, "r");
	if (!f)
		return -1;
	char *text = NULL;
	size_t cap = 0, len = 0;
	char line[512];
	int done = 0;
	while (fgets(line, sizeof(line), f)) {
		size_t need = strlen(line) + strlen(add) + 2;
		if (len + need > cap) {
			cap = (len + need) * 2;
			text = realloc(text, cap);
		}
		len += (size_t)sprintf(text + len, "%s", line);
		if (!done && strncmp(line, after, strlen(after)) == 0) {
			len += (size_t)sprintf(text + len, "%s\n", add);
			done = 1;
		}
	}
	fclose(f);
	f = fopen(path, "w");
	if (!f || (len && fwrite(text, 1, len, f) != len))
		done = -1;
	if (f)
		fclose(f);
	free(text);
	return done;
}

static int append(const char *path, const char *text)
{
	/* proc/cmdline is one line: replace the newline */
	FILE *f = fopen(path, "r");
	if (!f)
		return -1;
	char line[1024] = "";
	if (!fgets(line, sizeof(line), f))
		line[0] = 0;
	fclose(f);
	line[strcspn(line, "\n")] = 0;
	f = fopen(path, "w");
	if (!f)
		return -1;
	fprintf(f, "%s%s\n", line, text);
	return fclose(f);
}

/* ---- helpers ------------------------------------------------------------ */

static const struct ea_pl_segment *seg(const struct ea_placement *p,
				       const char *name)
{
	for (size_t i = 0; i < p->seg.n; i++)
		if (strcmp(p->seg.v[i].name, name) == 0)
			return &p->seg.v[i];
	return NULL;
}

/* the segment is placed exactly at [first, last] */
#define CHECK_SEG(p, name, f, l)                                               \
	do {                                                                   \
		const struct ea_pl_segment *s_ = seg(p, name);                 \
		CHECK(s_ != NULL && s_->placed);                               \
		if (s_) {                                                      \
			CHECK_U64(s_->r.first, f);                             \
			CHECK_U64(s_->r.last, l);                              \
		}                                                              \
	} while (0)

static const char *first_hit(const struct ea_audit *a,
			     const struct ea_placement *p, const char *name)
{
	const struct ea_pl_segment *s = seg(p, name);
	return s && s->nhits ? a->m.prot.v[s->hits[0]].name : "";
}

static bool hits_named(const struct ea_audit *a, const struct ea_pl_segment *s,
		       const char *name)
{
	for (size_t i = 0; s && i < s->nhits; i++)
		if (strcmp(a->m.prot.v[s->hits[i]].name, name) == 0)
			return true;
	return false;
}

static bool rules_say(const struct ea_placement *p, const char *what)
{
	return p->rules && strstr(p->rules, what);
}

static void run(const struct ea_audit *a, struct ea_pl_request *rq,
		struct ea_placement *p)
{
	const struct ea_world w = { .src = &a->src, .m = &a->m };
	ea_placement_free(p);
	ea_placement_run(&w, rq, p);
}

/* ---- the SynQuacer shape -------------------------------------------------
 *
 * memblock/memory of the capture (5.10: no flags; NOMAP told apart by
 * /proc/iomem System RAM 40000000-4c43ffff, 4c730000-4fbfffff,
 * 4ffe0000-4fffffff):
 *   1: 0x40000000..0x4c43ffff   3: 0x4c730000..0x4fbfffff
 *   5: 0x4ffe0000..0x4fffffff   (0, 2, 4 are NOMAP)
 * memblock/reserved without lines 0 (0x4015a000..0x4015afff, the MEMRESERVE
 * list page) and 1 (0x40190000..0x401dffff, the LPI property table and the
 * four pending tables) leaves these free ranges, in walk order:
 *   F1 0x40000000-0x42ffffff   F2 0x49000000-0x4975ffff
 *   F3 0x4ae09000-0x4ae0dfff   F4 0x4ae10000-0x4c0dffff
 *   F5 0x4c0e0235-0x4c42cfff   F6 0x4c42e000-0x4c42ff17
 *   F7 0x4c42ff28-0x4c42ffff   F8 0x4c730000-0x4d506017
 *   F9 0x4d506418-0x4e84efff   F10 0x4fb93000-0x4fb94fff
 *   then gaps of a few bytes among the reserved lines 11-25, and nothing
 *   in region 5 (wholly reserved).
 * The kernel is 5.10.223 (Debian, from the banner): retry (108aa503657e)
 * yes, top-down start end - memsz (before 18d565ea95fe), page 4 KiB. */
static void test_synquacer(void)
{
	char *dir = copy_capture(CAP256);
	CHECK(dir != NULL);
	if (!dir)
		return;
	char path[512];
	snprintf(path, sizeof(path), "%s/sys/kernel/debug/memblock/reserved",
		 dir);
	static const char *const drop[] = {
		"   0: 0x000000004015a000..0x000000004015afff",
		"   1: 0x0000000040190000..0x00000000401dffff"
	};
	CHECK(drop_lines(path, drop, 2) == 2);

	struct ea_audit a;
	ea_audit_init(&a);
	ea_sources_use_snapshot(&a.src, dir);
	ea_run(&a);
	CHECK(a.m.arch == EA_ARCH_ARM64);

	struct ea_placement p = { 0 };
	struct ea_pl_request rq = { .model = EA_PL_FILE_ARM64 };
	rq.kernel_size = 0x16b0000; /* Debian 5.10.0-32-cloud-arm64 Image */
	rq.has_initrd = true;
	rq.initrd_size = 0x1000000;
	rq.dtb_size = 565 + 0x200; /* the capture's FDT plus properties */
	rq.dtb_source = "the capture's /sys/firmware/fdt plus 0x200";

	/* 1. Kernel memsz 0x16b0000, 2 MiB, bottom-up: F1 first, start
	 *    0x40000000, end 0x416affff <= 0x42ffffff: over the list page
	 *    and all five LPI tables. Initrd from the kernel end 0x416b0000,
	 *    page-aligned: F1 again, 0x416b0000-0x426affff. DTB one page,
	 *    2 MiB, top-down from the highest range: the gaps and F10
	 *    (0x4fb94fff - 0x1000 = 0x4fb93fff, aligned down 0x4fa00000 <
	 *    0x4fb93000) fail; F9: 0x4e84efff - 0x1000 = 0x4e84dfff, aligned
	 *    down 0x4e800000 >= 0x4d506418. */
	run(&a, &rq, &p);
	CHECK(p.status == EA_PL_PLACED);
	CHECK(p.seg.n == 3);
	CHECK_SEG(&p, "kernel", 0x40000000, 0x416affff);
	CHECK_SEG(&p, "initrd", 0x416b0000, 0x426affff);
	CHECK_SEG(&p, "dtb", 0x4e800000, 0x4e800fff);
	CHECK_STR(first_hit(&a, &p, "kernel"), "MEMRESERVE node 1");
	CHECK(seg(&p, "kernel") && seg(&p, "kernel")->nhits == 6);
	CHECK(hits_named(&a, seg(&p, "kernel"), "LPI property table"));
	CHECK(hits_named(&a, seg(&p, "kernel"), "CPU3 LPI pending table"));
	CHECK(seg(&p, "initrd") && seg(&p, "initrd")->nhits == 0);
	CHECK(seg(&p, "dtb") && seg(&p, "dtb")->nhits == 0);
	CHECK(p.kernel_attempts == 1);
	CHECK(rules_say(&p, "5.10.223 (Debian)"));
	CHECK(rules_say(&p, "108aa503657e"));
	CHECK(rules_say(&p, "before 18d565ea95fe"));
	/* the free range and the memblock line that made it free */
	const struct ea_pl_segment *ks = seg(&p, "kernel");
	CHECK(ks && ks->has_free && ks->free.first == 0x40000000 &&
	      ks->free.last == 0x42ffffff && ks->free_ev.line == 2);

	/* 2. A 1.4 MiB kernel (0x160000): 0x40000000-0x4015ffff, over the
	 *    list page 0x4015a000 only. The initrd starts at 0x40160000 and
	 *    runs to 0x4115ffff: its first protected range is the LPI
	 *    property table at 0x40190000, then the four pending tables. */
	rq.kernel_size = 0x160000;
	run(&a, &rq, &p);
	CHECK(p.status == EA_PL_PLACED);
	CHECK_SEG(&p, "kernel", 0x40000000, 0x4015ffff);
	CHECK_SEG(&p, "initrd", 0x40160000, 0x4115ffff);
	CHECK_STR(first_hit(&a, &p, "kernel"), "MEMRESERVE node 1");
	CHECK_STR(first_hit(&a, &p, "initrd"), "LPI property table");
	CHECK(seg(&p, "initrd") && seg(&p, "initrd")->nhits == 5);

	/* 3. A 30 MiB initrd (0x1e00000) fits nowhere above a kernel at
	 *    0x40000000 (F1 keeps 0x1950000 above it, the others are
	 *    smaller). 5.10 retries: buf_min 0x416b0000 puts the kernel at
	 *    0x41800000 (..0x42eaffff), still no room; buf_min 0x42eb0000
	 *    aligns to 0x43000000, past F1, and no later range holds
	 *    0x16b0000 bytes (F9, the largest, holds 0x1348be8): "Could not
	 *    find any suitable kernel location!" after two placements. */
	rq.kernel_size = 0x16b0000;
	rq.initrd_size = 0x1e00000;
	run(&a, &rq, &p);
	CHECK(p.status == EA_PL_FAILED);
	CHECK(p.why && strstr(p.why, "Could not find any suitable kernel "
				     "location!"));
	CHECK(p.kernel_attempts == 3);
	CHECK(rules_say(&p, "kernel attempt 2 at 0x0000000041800000 dropped"));
	/* 5.4 does not retry: the first failure fails the load, with the
	 *    kernel still recorded at 0x40000000 */
	rq.release = "5.4.214";
	run(&a, &rq, &p);
	CHECK(p.status == EA_PL_FAILED);
	CHECK(p.kernel_attempts == 1);
	CHECK(p.why && strstr(p.why, "does not retry"));
	CHECK_SEG(&p, "kernel", 0x40000000, 0x416affff);
	CHECK(seg(&p, "initrd") && !seg(&p, "initrd")->placed);

	/* 4. The same load from an Image header (Debian 5.10 values) gives
	 *    the same placement as case 1. */
	struct ea_kimage img = { .kind = EA_KIMAGE_ARM64 };
	img.arm64.text_offset = 0;
	img.arm64.image_size = 0x16b0000;
	rq.release = NULL;
	rq.image = &img;
	rq.kernel_size = 0;
	rq.initrd_size = 0x1000000;
	run(&a, &rq, &p);
	CHECK_SEG(&p, "kernel", 0x40000000, 0x416affff);
	CHECK_SEG(&p, "initrd", 0x416b0000, 0x426affff);
	/* an old kernel with text_offset 0x80000: the hole is still at
	 *    0x40000000, the segment starts text_offset above it, and the
	 *    initrd after hole + memsz (0x40000000 + 0x1730000) */
	img.arm64.text_offset = 0x80000;
	run(&a, &rq, &p);
	CHECK_SEG(&p, "kernel", 0x40080000, 0x4172ffff);
	CHECK_SEG(&p, "initrd", 0x41730000, 0x4272ffff);
	img.arm64.text_offset = 0;

	/* 5. 6.17 rules: the capture has a default CMA area ("cma: Reserved
	 *    64 MiB at 0x0000000043000000"), so kexec_file would take CMA first
	 *    (07d24902977e) and this search does not apply ... */
	rq.release = "6.17.0";
	run(&a, &rq, &p);
	CHECK(p.status == EA_PL_NOT_APPLICABLE);
	CHECK(p.why && strstr(p.why, "cma: Reserved 64 MiB at "
				     "0x0000000043000000"));
	CHECK(p.seg.n == 0);
	/* ... unless the load passes KEXEC_FILE_NO_CMA; then the 6.8+
	 *    top-down start (end - memsz + 1) is used: F9 0x4e84efff -
	 *    0xfff = 0x4e84e000, aligned down 0x4e800000, the same DTB. */
	rq.no_cma = true;
	run(&a, &rq, &p);
	CHECK(p.status == EA_PL_PLACED);
	CHECK_SEG(&p, "kernel", 0x40000000, 0x416affff);
	CHECK_SEG(&p, "dtb", 0x4e800000, 0x4e800fff);
	CHECK(rules_say(&p, "align_down(end - memsz + 1)"));

	/* 6. arm64 before v5.0 has no kexec_file_load */
	rq.release = "4.20.0";
	run(&a, &rq, &p);
	CHECK(p.status == EA_PL_NOT_APPLICABLE);
	CHECK(p.why && strstr(p.why, "52b2a8af7436"));

	/* 7. a crash image needs the Crash kernel region: this capture has
	 *    none (no crashkernel=) */
	rq.release = NULL;
	rq.no_cma = false;
	rq.crash = true;
	run(&a, &rq, &p);
	CHECK(p.status == EA_PL_NO_INPUT);
	rq.crash = false;

	ea_placement_free(&p);
	ea_audit_free(&a);

	/* 8. A crash image in a 32 MiB Crash kernel region
	 *    0x41000000-0x42ffffff (added to /proc/iomem for this test; the
	 *    capture has none). The only candidate is that region, memblock
	 *    aside. Kernel 0x16b0000 at 2 MiB: 0x41000000-0x426affff. ELF core
	 *    header, one page, 64 KiB, top-down from 0x42ffffff: 0x42ffffff -
	 *    0x1000 = 0x42ffefff, down to 0x42ff0000. Initrd 4 MiB bottom-up
	 *    from 0x426b0000: 0x426b0000-0x42aaffff. DTB, one page, 2 MiB,
	 *    top-down: 0x42ffefff down to 0x42e00000, clear of the others. */
	snprintf(path, sizeof(path), "%s/proc/iomem", dir);
	CHECK(insert_after(path, "  401d0000-401dffff : reserved",
			   "  41000000-42ffffff : Crash kernel") == 1);
	ea_audit_init(&a);
	ea_sources_use_snapshot(&a.src, dir);
	ea_run(&a);
	rq.release = NULL;
	rq.crash = true;
	rq.initrd_size = 0x400000;
	run(&a, &rq, &p);
	CHECK(p.status == EA_PL_PLACED);
	CHECK(p.seg.n == 4);
	CHECK_SEG(&p, "kernel", 0x41000000, 0x426affff);
	CHECK_SEG(&p, "elfcorehdr", 0x42ff0000, 0x42ff0fff);
	CHECK_SEG(&p, "initrd", 0x426b0000, 0x42aaffff);
	CHECK_SEG(&p, "dtb", 0x42e00000, 0x42e00fff);
	CHECK(rules_say(&p, "Crash kernel region"));
	/* an 8 MiB initrd ends at 0x42eaffff and the DTB's first slot
	 *    0x42e00000 clashes with it; the next 2 MiB slot down,
	 *    0x42600000, is below buf_min 0x426b0000. The retry moves the
	 *    kernel to 0x42800000, whose end 0x43eaffff is past the region:
	 *    the load fails. */
	rq.initrd_size = 0x800000;
	run(&a, &rq, &p);
	CHECK(p.status == EA_PL_FAILED);
	CHECK(p.why && strstr(p.why, "Could not find any suitable kernel"));
	CHECK(p.kernel_attempts == 2);
	/* before v5.7 arm64 refuses crash images */
	rq.release = "5.4.214";
	run(&a, &rq, &p);
	CHECK(p.status == EA_PL_FAILED && strstr(p.why, "EOPNOTSUPP"));
	rq.crash = false;
	rq.initrd_size = 0x1000000;
	ea_placement_free(&p);
	ea_audit_free(&a);

	/* 9. crashkernel=X,high: /proc/iomem lists crashk_low_res, also
	 *    named "Crash kernel" (kernel/crash_core.c), below crashk_res.
	 *    arm64 kexec_file crash segments go into crashk_res only
	 *    (kexec_walk_memblock/_resources), the higher one: a low region
	 *    0x40300000-0x403fffff added before it changes nothing of 8. */
	CHECK(insert_after(path, "  401d0000-401dffff : reserved",
			   "  40300000-403fffff : Crash kernel") == 1);
	ea_audit_init(&a);
	ea_sources_use_snapshot(&a.src, dir);
	ea_run(&a);
	rq.release = NULL;
	rq.crash = true;
	rq.initrd_size = 0x400000;
	run(&a, &rq, &p);
	CHECK(p.status == EA_PL_PLACED);
	CHECK_SEG(&p, "kernel", 0x41000000, 0x426affff);
	CHECK_SEG(&p, "elfcorehdr", 0x42ff0000, 0x42ff0fff);
	CHECK_SEG(&p, "initrd", 0x426b0000, 0x42aaffff);
	CHECK_SEG(&p, "dtb", 0x42e00000, 0x42e00fff);
	/* CONFIG_IMA_KEXEC and a crash image: from fe3aebf27dc1 (v6.16;
	 *    read in Debian's 6.12.118) ima_add_kexec_buffer() returns for
	 *    KEXEC_TYPE_CRASH, so nothing of the above moves; 6.1.192 (read:
	 *    no such return) places the list first, one page, top-down in
	 *    crashk_res, from 0x42ffffff - 0x1000 = 0x42ffefff aligned down
	 *    (before 18d565ea95fe): 0x42ffe000-0x42ffefff; the ELF core
	 *    header's 64 KiB-aligned slot below it is still 0x42ff0000. */
	rq.ima_kexec = true;
	rq.release = "6.16.1";
	run(&a, &rq, &p);
	CHECK(p.status == EA_PL_PLACED && p.seg.n == 4);
	CHECK(rules_say(&p, "fe3aebf27dc1"));
	CHECK_SEG(&p, "elfcorehdr", 0x42ff0000, 0x42ff0fff);
	CHECK_SEG(&p, "dtb", 0x42e00000, 0x42e00fff);
	rq.release = "6.1.192";
	run(&a, &rq, &p);
	CHECK(p.status == EA_PL_PLACED && p.seg.n == 5);
	CHECK_SEG(&p, "ima", 0x42ffe000, 0x42ffefff);
	CHECK_SEG(&p, "kernel", 0x41000000, 0x426affff);
	CHECK_SEG(&p, "elfcorehdr", 0x42ff0000, 0x42ff0fff);
	CHECK_SEG(&p, "initrd", 0x426b0000, 0x42aaffff);
	CHECK_SEG(&p, "dtb", 0x42e00000, 0x42e00fff);
	rq.ima_kexec = false;
	rq.release = NULL;
	rq.crash = false;
	rq.initrd_size = 0x1000000;
	ea_placement_free(&p);
	ea_audit_free(&a);

	/* 9. kexec handover on (kho=on, 6.16): segments only go to the KHO
	 *    scratch areas */
	snprintf(path, sizeof(path), "%s/proc/cmdline", dir);
	CHECK(append(path, " kho=on") == 0);
	ea_audit_init(&a);
	ea_sources_use_snapshot(&a.src, dir);
	ea_run(&a);
	rq.release = "6.16.0";
	run(&a, &rq, &p);
	CHECK(p.status == EA_PL_NOT_APPLICABLE);
	CHECK(p.why && strstr(p.why, "kexec handover"));
	ea_placement_free(&p);
	ea_audit_free(&a);
	remove_tree(dir);
}

/* The unedited 256 MiB capture: the LPI tables are reserved, so the kernel
 * moves above them. F1 becomes 0x40000000-0x40159fff, 0x4015b000-0x4018ffff
 * and 0x401e0000-0x42ffffff; the first holds no 0x16b0000, the second's
 * 2 MiB-aligned start 0x40200000 is past its end, the third takes it at
 * 0x40200000-0x418affff, the initrd follows at 0x418b0000. */
static void test_healthy_arm64(void)
{
	struct ea_audit a;
	ea_audit_init(&a);
	ea_sources_use_snapshot(&a.src, CAP256);
	ea_run(&a);
	struct ea_placement p = { 0 };
	struct ea_pl_request rq = { .model = EA_PL_FILE_ARM64,
				    .kernel_size = 0x16b0000,
				    .has_initrd = true,
				    .initrd_size = 0x1000000,
				    .dtb_size = 0x1000 };
	run(&a, &rq, &p);
	CHECK(p.status == EA_PL_PLACED);
	CHECK_SEG(&p, "kernel", 0x40200000, 0x418affff);
	CHECK_SEG(&p, "initrd", 0x418b0000, 0x428affff);
	for (size_t i = 0; i < p.seg.n; i++)
		CHECK(p.seg.v[i].nhits == 0);
	/* the page size was assumed and said so */
	bool said = false;
	for (size_t i = 0; i < p.assumptions.n; i++)
		said |= strstr(p.assumptions.v[i], "page size 4 KiB") != NULL;
	CHECK(said);
	ea_placement_free(&p);
	ea_audit_free(&a);
}

/* Debian 6.1.0-56-cloud-amd64's bzImage header, as the x86 tests use it:
 * init_size 0x3378000, kernel_alignment 2 MiB, pref_address 16 MiB. */
static struct ea_kimage debian61_bzimage(void)
{
	struct ea_kimage img = { .kind = EA_KIMAGE_X86_BZIMAGE };
	img.x86.version = 0x020f;
	img.x86.init_size = 0x3378000;
	img.x86.kernel_alignment = 0x200000;
	img.x86.pref_address = 0x1000000;
	img.x86.kexec_file_ok = true;
	return img;
}

/* ---- x86 kexec_file_load -------------------------------------------------
 *
 * Top-level System RAM resources of the capture, in order (not merged; the
 * ones split at setup_data stay apart):
 *   R1 0x1000-0x9ffff       R2 0x100000-0x805fff   R3 0x808000-0x80ffff
 *   R4 0x900000-0x7d3c5017  R5 0x7d3c5018-0x7d402057
 *   R6 0x7d402058-0x7d60c017 R7 0x7d60c018-0x7d615c57
 *   R8 0x7d615c58-0x7ea89fff R9 0x7eb8c000-0x7f4ebfff
 *   R10 0x7f7fe000-0x7feebfff
 * The kernel: Debian 6.1.0-56-cloud-amd64's header (init_size 0x3378000,
 * kernel_alignment 2 MiB, pref_address 16 MiB); purgatory 0x5000 (the
 * measured default), boot_params 0x3000, initrd 0x1472000. */
static void test_x86(void)
{
	struct ea_audit a;
	ea_audit_init(&a);
	ea_sources_use_snapshot(&a.src, CAPX86);
	ea_run(&a);
	CHECK(a.m.arch == EA_ARCH_X86_64);

	struct ea_kimage img = debian61_bzimage();
	struct ea_placement p = { 0 };
	struct ea_pl_request rq = { .model = EA_PL_FILE_X86,
				    .image = &img,
				    .has_initrd = true,
				    .initrd_size = 0x1472000,
				    .boot_params_size = 0x3000 };

	/* 6.1 (the capture's kernel): walk in address order, top-down only
	 * inside the first resource that fits, start = end - memsz.
	 *  purgatory: R1, 0x9ffff - 0x5000 = 0x9afff -> 0x9a000
	 *  boot_params: R1, 0x9ffff - 0x3000 = 0x9cfff -> 0x9c000 clashes
	 *    with the purgatory; the page steps end at 0x97000
	 *  kernel: R1-R3 too small, R4: 0x7d3c5017 - 0x3378000 =
	 *    0x7a04d017, 2 MiB down -> 0x7a000000 (buf_min 1 MiB: no
	 *    pref_address before v6.9)
	 *  initrd: R1-R3 end below 16 MiB, R4: 0x7d3c5017 - 0x1472000 =
	 *    0x7bf53017 -> 0x7bf53000 clashes with the kernel; below it
	 *    0x7a000000 - 0x1472000 = 0x78b8e000 */
	run(&a, &rq, &p);
	CHECK(p.status == EA_PL_PLACED);
	CHECK(p.seg.n == 4);
	CHECK_SEG(&p, "purgatory", 0x9a000, 0x9efff);
	CHECK_SEG(&p, "boot_params", 0x97000, 0x99fff);
	CHECK_SEG(&p, "kernel", 0x7a000000, 0x7d377fff);
	CHECK_SEG(&p, "initrd", 0x78b8e000, 0x79ffffff);
	for (size_t i = 0; i < p.seg.n; i++)
		CHECK(p.seg.v[i].nhits == 0);
	CHECK(rules_say(&p, "6.1.192 (Debian)"));
	CHECK(rules_say(&p, "before b3ba234171cd"));
	CHECK(seg(&p, "kernel") && seg(&p, "kernel")->free_ev.line == 9);

	/* 6.13 rules: resources walked from the highest for top-down
	 * segments, start = end - memsz + 1, kernel from pref_address.
	 *  purgatory: R10, 0x7feebfff - 0x4fff = 0x7fee7000
	 *  boot_params: R10, 0x7feec000 - 0x3000 = 0x7fee9000 clashes;
	 *    below the purgatory 0x7fee7000 - 0x3000 = 0x7fee4000
	 *  kernel: R10, R9, R8 (0x14743a8), R7..R5 too small; R4:
	 *    0x7d3c5018 - 0x3378000 = 0x7a04d018 -> 0x7a000000
	 *  initrd: R10 (0x6ee000), R9 (0x960000) too small; R8:
	 *    0x7ea8a000 - 0x1472000 = 0x7d618000 >= 0x7d615c58: over MEMATTR
	 *    at 0x7d618018 (the EFI memory attributes table the kernel keeps
	 *    in System RAM) */
	rq.release = "6.13.7";
	run(&a, &rq, &p);
	CHECK(p.status == EA_PL_PLACED);
	CHECK_SEG(&p, "purgatory", 0x7fee7000, 0x7feebfff);
	CHECK_SEG(&p, "boot_params", 0x7fee4000, 0x7fee6fff);
	CHECK_SEG(&p, "kernel", 0x7a000000, 0x7d377fff);
	CHECK_SEG(&p, "initrd", 0x7d618000, 0x7ea89fff);
	CHECK_STR(first_hit(&a, &p, "initrd"), "MEMATTR");
	CHECK(rules_say(&p, "walk_system_ram_res_rev"));
	CHECK(rules_say(&p, "43b1d3e68ee7"));
	/* one page less of initrd and it stops short of MEMATTR */
	rq.initrd_size = 0x1471000;
	run(&a, &rq, &p);
	CHECK_SEG(&p, "initrd", 0x7d619000, 0x7ea89fff);
	CHECK(seg(&p, "initrd") && seg(&p, "initrd")->nhits == 0);

	/* 6.17: the capture's log says "0K cma-reserved", no CMA area, so
	 * the search applies and says why */
	rq.release = "6.17.0";
	rq.initrd_size = 0x1472000;
	run(&a, &rq, &p);
	CHECK(p.status == EA_PL_PLACED);
	CHECK(rules_say(&p, "no CMA-first allocation"));
	CHECK_SEG(&p, "initrd", 0x7d618000, 0x7ea89fff);

	/* boot_params estimated: struct boot_params 4096 + a 48-byte
	 * command line + 30 for elfcorehdr= (4174, 16-aligned 4176), the 107
	 * runtime-map descriptors of 48 bytes (5136), the EFI and RNG
	 * setup_data (16 + 96 + 16 + 32): 9472 = 0x2500, what a real 6.1 load
	 * with this command line and map printed (bufsz=0x2500); memsz
	 * 0x3000 as above */
	rq.release = NULL;
	rq.boot_params_size = 0;
	rq.cmdline_len = 48;
	run(&a, &rq, &p);
	CHECK_SEG(&p, "boot_params", 0x97000, 0x99fff);
	bool said = false;
	for (size_t i = 0; i < p.assumptions.n; i++)
		said |=
		    strstr(p.assumptions.v[i], "estimated at 0x2500") != NULL;
	CHECK(said);

	/* a kernel the bzImage64 loader refuses */
	img.x86.kexec_file_ok = false;
	snprintf(img.why, sizeof(img.why), "protocol 2.11");
	run(&a, &rq, &p);
	CHECK(p.status == EA_PL_FAILED && strstr(p.why, "-ENOEXEC"));
	ea_placement_free(&p);
	ea_audit_free(&a);
}

/* ---- x86 boot_params: the EFI runtime map among the inputs or not ---------
 *
 * bzImage64_load() sizes the boot_params segment with
 * efi_get_runtime_map_size(), efi.memmap.nr_map descriptors of desc_size
 * bytes: the map sys/firmware/efi/runtime-map exports (107 entries in the
 * capture) and the log's efi=debug "EFI runtime memory map" listing prints
 * (107 lines, mem00-mem106). With a 48-byte command line: 4096 + 48 + 30
 * = 4174, 16-aligned 4176, + 107 * 48 = 5136, + 16 + 96 + 16 + 32 = 9472 =
 * 0x2500 (what a real 6.1 load printed, test_x86), memsz 0x3000: top-down
 * in R1 (0x1000-0x9ffff) under the purgatory at 0x9a000, 0x97000-0x99fff.
 * Without either source the count is not known: the estimate leaves the
 * map out, 4176 + 160 = 0x10f0 (memsz 0x2000, so 0x98000-0x99fff), and
 * says so instead of passing for 0 descriptors. */
static void test_x86_runtime_map(void)
{
	struct ea_kimage img = debian61_bzimage();
	struct ea_pl_request rq = { .model = EA_PL_FILE_X86,
				    .image = &img,
				    .cmdline_len = 48 };
	char *dir = copy_capture(CAPX86);
	CHECK(dir != NULL);
	if (!dir)
		return;
	char path[512];
	for (int step = 0; step < 3; step++) {
		if (step == 1) {
			/* the runtime map taken out of the copy */
			snprintf(path, sizeof(path),
				 "%s/sys/firmware/efi/runtime-map", dir);
			CHECK(nftw(path, rm_one, 16, FTW_DEPTH | FTW_PHYS) ==
			      0);
		} else if (step == 2) {
			/* and the log's listing of it */
			snprintf(path, sizeof(path), "%s/dmesg.txt", dir);
			CHECK(drop_runtime_listing(path) == 108);
		}
		struct ea_audit a;
		ea_audit_init(&a);
		ea_sources_use_snapshot(&a.src, dir);
		ea_run(&a);
		CHECK(a.src.in[EA_IN_RUNTIME_MAP].status ==
		      (step ? EA_IN_ABSENT : EA_IN_OK));
		CHECK(a.src.dmesg.efi_runtime_map.n == (step < 2 ? 107 : 0));
		struct ea_placement p = { 0 };
		run(&a, &rq, &p);
		CHECK(p.status == EA_PL_PLACED);
		const char *want[] = {
			"estimated at 0x2500 bytes",
			"107 descriptors of 48 bytes, counted in "
			"sys/firmware/efi/runtime-map",
			"estimated at 0x2500 bytes",
			"107 descriptors of 48 bytes, counted in the kernel "
			"log's \"EFI runtime memory map\" listing "
			"(sys/firmware/efi/runtime-map is not among the "
			"inputs)",
			"estimated at 0x10f0 bytes",
			"the EFI runtime map (not counted: neither "
			"sys/firmware/efi/runtime-map nor the log's efi=debug",
		};
		bool est = false, from = false, unknown = false;
		for (size_t i = 0; i < p.assumptions.n; i++) {
			est |=
			    strstr(p.assumptions.v[i], want[2 * step]) != NULL;
			from |= strstr(p.assumptions.v[i],
				       want[2 * step + 1]) != NULL;
			unknown |=
			    strstr(p.assumptions.v[i],
				   "runtime map's size is not known") != NULL;
		}
		CHECK(est && from);
		CHECK(unknown == (step == 2));
		if (step < 2)
			CHECK_SEG(&p, "boot_params", 0x97000, 0x99fff);
		else
			CHECK_SEG(&p, "boot_params", 0x98000, 0x99fff);
		ea_placement_free(&p);
		ea_audit_free(&a);
	}
	remove_tree(dir);
}

/* ---- kexec-tools arm64 on the 256 MiB capture -----------------------------
 *
 * >= 2.0.21: System RAM 40000000-4c43ffff minus its children, in file
 * order, splits appended: 40000000-40159fff, 4015b000-4018ffff,
 * 401e0000-42ffffff, 49000000-4a7dffff (Kernel code kept),
 * 4abb0000-4c0dffff (Kernel data kept), 4c0e1000-4c2dffff,
 * 4c41b000-4c42cfff, 4c42e000-4c42efff, then 4c730000-4d505fff,
 * 4d507000-4e84efff, 4fb93000-4fb94fff; 4ffe0000-4fffffff is wholly
 * reserved.
 * Kernel hole 0x16b0000 at 2 MiB bottom-up: 40000000-40159fff too small,
 * 4015b000-4018ffff aligns past its end, 401e0000-42ffffff gives
 * 0x40200000. Then initrd (0x1000000), DTB (one page) and purgatory
 * (0x3558 -> 4 pages) packed from image_base + image_size = 0x418b0000.
 * <= 2.0.20: System RAM whole: kernel at 0x40000000 over the list page and
 * every LPI table, the rest packed from 0x416b0000. */
static void test_kexec_tools_256m(void)
{
	struct ea_audit a;
	ea_audit_init(&a);
	ea_sources_use_snapshot(&a.src, CAP256);
	ea_run(&a);
	struct ea_placement p = { 0 };
	struct ea_pl_request rq = { .model = EA_PL_LOAD_ARM64,
				    .kernel_size = 0x16b0000,
				    .has_initrd = true,
				    .initrd_size = 0x1000000,
				    .dtb_size = 565 + 0x200 };

	run(&a, &rq, &p);
	CHECK(p.status == EA_PL_PLACED);
	CHECK(p.seg.n == 4);
	CHECK_SEG(&p, "kernel", 0x40200000, 0x418affff);
	CHECK_SEG(&p, "initrd", 0x418b0000, 0x428affff);
	CHECK_SEG(&p, "dtb", 0x428b0000, 0x428b0fff);
	CHECK_SEG(&p, "purgatory", 0x428b1000, 0x428b4fff);
	for (size_t i = 0; i < p.seg.n; i++)
		CHECK(p.seg.v[i].nhits == 0);
	CHECK(rules_say(&p, ">= 2.0.24"));

	rq.kexec_tools = EA_PL_KT_2_0_21;
	run(&a, &rq, &p);
	CHECK_SEG(&p, "kernel", 0x40200000, 0x418affff);

	rq.kexec_tools = EA_PL_KT_2_0_20;
	run(&a, &rq, &p);
	CHECK(p.status == EA_PL_PLACED);
	CHECK_SEG(&p, "kernel", 0x40000000, 0x416affff);
	CHECK_SEG(&p, "initrd", 0x416b0000, 0x426affff);
	CHECK_SEG(&p, "dtb", 0x426b0000, 0x426b0fff);
	CHECK_SEG(&p, "purgatory", 0x426b1000, 0x426b4fff);
	CHECK_STR(first_hit(&a, &p, "kernel"), "MEMRESERVE node 1");
	CHECK(hits_named(&a, seg(&p, "kernel"), "LPI property table"));
	CHECK(seg(&p, "kernel") && seg(&p, "kernel")->nhits == 6);
	CHECK(rules_say(&p, "before f736104"));

	/* a DTB over 2 MiB is refused like kexec-tools refuses it */
	rq.dtb_size = 0x200001;
	run(&a, &rq, &p);
	CHECK(p.status == EA_PL_FAILED && strstr(p.why, "dtb too big"));
	ea_placement_free(&p);
	ea_audit_free(&a);
}

/* ---- kexec-tools arm64 on the Fujitsu fragment: agreement with reality ---
 *
 * The machine ran 64 KiB pages (the kimage dump: 0x1e10000 bytes, 481
 * pages). System RAM 80300000-a1fdffff; kexec-tools of the time (before
 * f736104) used it whole. Kernel hole: the first 2 MiB boundary at or
 * above 0x80300000 is 0x80400000, the segment text_offset (0x80000)
 * above it.
 * Run 1 (5.4.0-rc7): the dump's kernel memsz 0x1e10000 is image_size
 * rounded to 64 KiB; any image_size in (0x1e00000, 0x1e10000] packs the
 * same way, 0x1e10000 is used. Initrd 0x388dd8a bytes ("initrd: base
 * 82290000, size 388dd8ah") rounds to 0x3890000 at 0x80480000 + 0x1e10000
 * = 0x82290000; DTB and purgatory take one 64 KiB page each after it.
 * Run 2 (5.4.1+): image_size = the running kernel's extent in the
 * fragment, 0x80480000 .. 0x82acffff (Kernel code .. Kernel data), i.e.
 * 0x2650000; initrd 0x3b67c6f rounds to 0x3b70000 at 0x82ad0000. */
static void test_fujitsu_reality(void)
{
	struct ea_audit a;
	ea_audit_init(&a);
	CHECK(ea_sources_use_file(&a.src, EA_IN_DMESG,
				  FUJ "dmesg-after-kexec-memblock-debug.txt"));
	CHECK(
	    ea_sources_use_file(&a.src, EA_IN_IOMEM, FUJ "iomem-fragment.txt"));
	ea_run(&a);
	/* the LPI tables the fragment shows (see test_kexeclog.c) */
	static const struct {
		const char *name;
		uint64_t first, last;
	} add[] = {
		{ "LPI property table", 0x830f0000, 0x830fffff },
		{ "LPI pending table A", 0x83480000, 0x83480fff },
		{ "LPI pending table B", 0x83490000, 0x8349ffff },
	};
	for (size_t i = 0; i < 3; i++) {
		struct ea_protected *pr = EA_VEC_PUSH(a.m.prot);
		pr->kind = EA_KIND_LPI_PENDING_TABLE;
		pr->name = add[i].name;
		ea_range_make(add[i].first, add[i].last, &pr->r);
	}

	/* what kexec -d printed */
	struct ea_input in = { .name = "kexec_log" };
	CHECK(ea_input_load_file(&in, FUJ "kexec-load-debug.txt"));
	struct ea_kexeclog k;
	ea_kexeclog_parse(&in, &k, NULL);
	CHECK(k.loads.n == 2);

	struct ea_placement p = { 0 };
	struct ea_pl_request rq = { .model = EA_PL_LOAD_ARM64,
				    .kexec_tools = EA_PL_KT_2_0_20,
				    .page_size = 0x10000,
				    .text_offset = 0x80000,
				    .kernel_size = 0x1e10000,
				    .has_initrd = true,
				    .initrd_size = 0x388dd8a,
				    .dtb_size = 0x1000 };
	run(&a, &rq, &p);
	CHECK(p.status == EA_PL_PLACED && p.seg.n == 4);
	/* every segment of run 1, by address as kexec-tools sorts them,
	 * equals the prediction in placement order */
	if (k.loads.n == 2 && p.seg.n == 4 && k.loads.v[0].seg.n == 4)
		for (size_t i = 0; i < 4; i++) {
			CHECK_U64(p.seg.v[i].r.first,
				  k.loads.v[0].seg.v[i].mem);
			CHECK_U64(ea_range_size(p.seg.v[i].r),
				  k.loads.v[0].seg.v[i].memsz);
		}
	CHECK_SEG(&p, "initrd", 0x82290000, 0x85b1ffff);

	/* run 2 */
	rq.kernel_size = 0x2650000;
	rq.initrd_size = 0x3b67c6f;
	run(&a, &rq, &p);
	CHECK(p.status == EA_PL_PLACED);
	CHECK_SEG(&p, "kernel", 0x80480000, 0x82acffff);
	if (k.loads.n == 2 && k.loads.v[1].seg.n == 1) {
		const struct ea_pl_segment *s = seg(&p, "initrd");
		CHECK(s && ea_range_cmp(&s->r, &k.loads.v[1].seg.v[0].r) == 0);
	}
	CHECK_STR(first_hit(&a, &p, "initrd"), "LPI property table");
	CHECK(seg(&p, "initrd") && seg(&p, "initrd")->nhits == 3);

	/* With kexec-tools >= 2.0.21 the same load avoids the tables:
	 * usable pieces 80300000-8134ffff (Kernel code kept, reserved
	 * 81350000-817bffff cut), 817c0000-830effff, 83100000-8347ffff,
	 * 83481000-8348ffff, 834a0000-a1fdffff. A hole of 0x26d0000 at 2 MiB
	 * fits only in the last: 0x83600000, kernel at 0x83680000, initrd at
	 * 0x83680000 + 0x2650000 = 0x85cd0000. */
	rq.kexec_tools = EA_PL_KT_2_0_24;
	run(&a, &rq, &p);
	CHECK(p.status == EA_PL_PLACED);
	CHECK_SEG(&p, "kernel", 0x83680000, 0x85ccffff);
	CHECK_SEG(&p, "initrd", 0x85cd0000, 0x8983ffff);
	for (size_t i = 0; i < p.seg.n; i++)
		CHECK(p.seg.v[i].nhits == 0);

	ea_placement_free(&p);
	ea_kexeclog_free(&k);
	ea_input_free(&in);
	ea_audit_free(&a);
}

/* The DTB when none is given: the FDT the system booted with. The
 * 6.1 DT-boot capture's sys/firmware/fdt has totalsize 8116 (0x1fb4), two
 * 4 KiB pages. kexec-tools >= 2.0.21 usable pieces: 40000000-4016dfff,
 * 4016f000-4019ffff, 401d0000-74dfffff, ...; the kernel hole (0x1ab0000,
 * Debian 6.1.0-56-cloud-arm64) at 2 MiB: too small, aligns past its end,
 * then 0x40200000; initrd 0x2a1660 -> 0x2a2000 at 0x40200000 + 0x1ab0000
 * = 0x41cb0000; DTB 0x2000 at 0x41f52000; purgatory 0x4000 at 0x41f54000.
 * (A real `kexec -d -l` in the vm suite's guest of this configuration, with
 * an 8112-byte FDT and this initrd size, printed these four segments.) */
static void test_dtb_from_fdt(void)
{
	struct ea_audit a;
	ea_audit_init(&a);
	ea_sources_use_snapshot(&a.src,
				TESTDATA "/captures/qemu-arm64-6.1-dt-smp2-1g");
	ea_run(&a);
	struct ea_placement p = { 0 };
	struct ea_pl_request rq = { .model = EA_PL_LOAD_ARM64,
				    .kernel_size = 0x1ab0000,
				    .has_initrd = true,
				    .initrd_size = 0x2a1660 };
	run(&a, &rq, &p);
	CHECK(p.status == EA_PL_PLACED);
	CHECK_SEG(&p, "kernel", 0x40200000, 0x41caffff);
	CHECK_SEG(&p, "initrd", 0x41cb0000, 0x41f51fff);
	CHECK_SEG(&p, "dtb", 0x41f52000, 0x41f53fff);
	CHECK_SEG(&p, "purgatory", 0x41f54000, 0x41f57fff);
	/* rebuilt as kexec-tools does: the FDT has no linux,initrd-* (the
	 * 6.1 stub passes the initrd in the INITRD config table), so
	 * dtb_set_initrd() adds two u64 properties (2 x (12 + 8) bytes) and
	 * their names ("linux,initrd-start\0" 19, "linux,initrd-end\0" 17):
	 * 0x1fb4 + 76 = 0x2000; bootargs kept (no command line given) */
	CHECK(strstr(p.rules, "DTB 0x2000 bytes: the boot FDT "
			      "(sys/firmware/fdt, totalsize 0x1fb4)") != NULL);
	bool said = false;
	for (size_t i = 0; i < p.assumptions.n; i++)
		said |= strstr(p.assumptions.v[i], "as long as the boot FDT's "
						   "bootargs") != NULL;
	CHECK(said);
	ea_placement_free(&p);
	ea_audit_free(&a);
}

/* ---- kexec-tools --mem-min / --mem-max on a board without UEFI -----------
 *
 * The capture qemu-arm64-6.1-noefi-gicv3 (SOURCE.md): QEMU -kernel, no
 * firmware, GICv3 + ITS; the LPI property table 0x421a0000 and the pending
 * tables 0x421b0000 and 0x421c0000 (64 KiB each, 0x421a0000-0x421cffff)
 * are reserved nowhere. Its kexec.log is the real kexec-tools 2.0.25 load
 * of the same kernel (image_size 0x1ab0000, text_offset 0), the initrd
 * (3164907 bytes: "initrd: base 436b0000, size 304aebh") and the DTB it
 * packed ("dtb: base 439b5000, size 1ed8h"); its usable list ("System RAM
 * ranges;"): 40000000-4158ffff, 41a10000-47ffffff, 4903d000-491fffff,
 * 49300000-799fffff, 7fc00000-7fc19fff, 7fdd7000-7fdd8fff.
 *
 * kexec/kexec.c locate_hole() (v2.0.25, the same text from v2.0.20 to
 * HEAD): each free piece's start is raised to max(start, mem_min,
 * hole_min) and aligned, its end cut to min(end, mem_max, hole_max), and
 * the piece skipped when start >= end; it fits when end - start >= size -
 * 1. valid_memory_range() refuses a segment below mem_min or above
 * mem_max. arm64_locate_kernel_segment() calls locate_hole(text_offset +
 * image_size, 2 MiB, 0, ULONG_MAX, 1); a failure there is "Could not find
 * a free area of memory of 0x1ab0000 bytes..." and image_arm64_load()'s
 * "kexec: load failed."; for the initrd, DTB and purgatory
 * add_buffer_phys_virt() dies with "locate_hole failed".
 *
 * Only the load without limits was observed (kexec.log); the runs with
 * --mem-min/--mem-max follow kexec-tools' code path above, worked out by
 * hand below. */
static void test_kexec_tools_mem_window(void)
{
	struct ea_audit a;
	ea_audit_init(&a);
	ea_sources_use_snapshot(&a.src, NOEFI);
	ea_run(&a);
	struct ea_placement p = { 0 };
	struct ea_pl_request rq = { .model = EA_PL_LOAD_ARM64,
				    .kernel_size = 0x1ab0000,
				    .has_initrd = true,
				    .initrd_size = 3164907,
				    .dtb_size = 0x1ed8 };

	/* no limits: the real load. Kernel: 40000000-4158ffff holds only
	 * 0x1590000; 41a10000 aligns to 0x41c00000, 0x1ab0000 bytes fit
	 * below 0x47ffffff. Then initrd 0x305000, DTB 0x2000, purgatory
	 * 0x3558 -> 0x4000 packed from 0x436b0000: kexec.log's segments.
	 * The kernel covers the three LPI tables. */
	run(&a, &rq, &p);
	CHECK(p.status == EA_PL_PLACED);
	CHECK_SEG(&p, "kernel", 0x41c00000, 0x436affff);
	CHECK_SEG(&p, "initrd", 0x436b0000, 0x439b4fff);
	CHECK_SEG(&p, "dtb", 0x439b5000, 0x439b6fff);
	CHECK_SEG(&p, "purgatory", 0x439b7000, 0x439bafff);
	CHECK(seg(&p, "kernel") && seg(&p, "kernel")->nhits == 3);
	CHECK(hits_named(&a, seg(&p, "kernel"), "LPI property table"));

	/* --mem-min 0x421d0000, the byte after CPU1's pending table: the
	 * first piece ends below it; 41a10000-47ffffff starts at 0x421d0000,
	 * aligned 0x42200000, and 0x1ab0000 bytes end at 0x43caffff. The
	 * rest packs from 0x43cb0000. Nothing protected is covered. */
	rq.has_mem_min = true;
	rq.mem_min = 0x421d0000;
	run(&a, &rq, &p);
	CHECK(p.status == EA_PL_PLACED);
	CHECK_SEG(&p, "kernel", 0x42200000, 0x43caffff);
	CHECK_SEG(&p, "initrd", 0x43cb0000, 0x43fb4fff);
	CHECK_SEG(&p, "dtb", 0x43fb5000, 0x43fb6fff);
	CHECK_SEG(&p, "purgatory", 0x43fb7000, 0x43fbafff);
	for (size_t i = 0; i < p.seg.n; i++)
		CHECK(p.seg.v[i].nhits == 0);
	CHECK(rules_say(&p, "mem_min 0x421d0000"));

	/* --mem-max 0x4219ffff, the byte below the property table: below
	 * it, 40000000-4158ffff holds 0x1590000 and 41a10000-4219ffff from
	 * 0x41c00000 holds 0x5a0000, both less than 0x1ab0000: the kernel
	 * cannot be placed and kexec-tools fails the load */
	rq.has_mem_min = false;
	rq.has_mem_max = true;
	rq.mem_max = 0x4219ffff;
	run(&a, &rq, &p);
	CHECK(p.status == EA_PL_FAILED);
	CHECK(p.why && strstr(p.why, "kernel cannot be placed") &&
	      strstr(p.why, "--mem-max 0x4219ffff"));
	CHECK(seg(&p, "kernel") && !seg(&p, "kernel")->placed &&
	      strstr(seg(&p, "kernel")->rule,
		     "Could not find a free area of memory of 0x1ab0000"));

	/* a window the kernel fits but the initrd does not: [0x421d0000,
	 * 0x43cfffff] takes the kernel at 0x42200000-0x43caffff as above;
	 * from 0x43cb0000 only 0x50000 bytes are left for 0x305000:
	 * "locate_hole failed" */
	rq.has_mem_min = true;
	rq.mem_max = 0x43cfffff;
	run(&a, &rq, &p);
	CHECK(p.status == EA_PL_FAILED);
	CHECK_SEG(&p, "kernel", 0x42200000, 0x43caffff);
	CHECK(seg(&p, "initrd") && !seg(&p, "initrd")->placed &&
	      strstr(seg(&p, "initrd")->rule, "locate_hole failed"));
	CHECK(p.why && strstr(p.why, "initrd cannot be placed"));

	/* valid_memory_range(): locate_hole() fits the hole of
	 * text_offset + image_size = 0x1ab0800 bytes at 0x42200000 below
	 * mem_max 0x43cb07ff, but add_segment_phys_virt() rounds the
	 * segment to 0x1ab1000 bytes, to 0x43cb0fff, past mem_max: "Invalid
	 * memory segment" */
	rq.kernel_size = 0x1ab0800;
	rq.mem_max = 0x43cb07ff;
	run(&a, &rq, &p);
	CHECK(p.status == EA_PL_FAILED);
	CHECK(seg(&p, "kernel") && !seg(&p, "kernel")->placed &&
	      strstr(seg(&p, "kernel")->rule, "Invalid memory segment"));
	ea_placement_free(&p);
	ea_audit_free(&a);
}

/* No inputs at all: each model says what it needs. */
static void test_no_input(void)
{
	struct ea_audit a;
	ea_audit_init(&a);
	ea_run(&a);
	struct ea_placement p = { 0 };
	struct ea_pl_request rq = { .model = EA_PL_FILE_ARM64,
				    .kernel_size = 0x1000000 };
	run(&a, &rq, &p);
	CHECK(p.status == EA_PL_NO_INPUT && strstr(p.why, "memblock"));
	rq.model = EA_PL_FILE_X86;
	run(&a, &rq, &p);
	CHECK(p.status == EA_PL_NO_INPUT && strstr(p.why, "/proc/iomem"));
	rq.model = EA_PL_LOAD_ARM64;
	run(&a, &rq, &p);
	CHECK(p.status == EA_PL_NO_INPUT && strstr(p.why, "/proc/iomem"));
	rq.kernel_size = 0;
	run(&a, &rq, &p);
	CHECK(p.status == EA_PL_NO_INPUT && strstr(p.why, "no kernel"));
	ea_placement_free(&p);
	ea_audit_free(&a);
}

static void test_kt_versions(void)
{
	enum ea_pl_kt kt;
	unsigned a, b, c;
	CHECK(ea_pl_kt_from_version("2.0.20", &kt, &a, &b, &c));
	CHECK(kt == EA_PL_KT_2_0_20 && a == 2 && b == 0 && c == 20);
	CHECK(ea_pl_kt_from_version("2.0.21", &kt, NULL, NULL, NULL));
	CHECK(kt == EA_PL_KT_2_0_21);
	CHECK(ea_pl_kt_from_version("v2.0.23", &kt, NULL, NULL, NULL));
	CHECK(kt == EA_PL_KT_2_0_21);
	/* the Debian bookworm package the vm suite uses */
	CHECK(ea_pl_kt_from_version("1:2.0.25-3+deb12u3", &kt, &a, &b, &c));
	CHECK(kt == EA_PL_KT_2_0_24 && c == 25);
	CHECK(ea_pl_kt_from_version("2.0.19", &kt, NULL, NULL, NULL));
	CHECK(kt == EA_PL_KT_2_0_20);
	CHECK(!ea_pl_kt_from_version("2.0", &kt, NULL, NULL, NULL));
	CHECK(!ea_pl_kt_from_version("2.0.21x", &kt, NULL, NULL, NULL));
	CHECK(!ea_pl_kt_from_version(NULL, &kt, NULL, NULL, NULL));
	CHECK_STR(ea_pl_model_key(EA_PL_FILE_X86), "kexec_file_x86_64");
	CHECK_STR(ea_pl_status_name(EA_PL_NOT_APPLICABLE), "not_applicable");
}

/* ---- x86 kexec_file and the kernel configuration --------------------------
 *
 * What the configuration adds to an x86 kexec_file load (the 6.1 capture,
 * the kernel of test_x86, a 48-byte command line, purgatory 0x5000):
 *  - CONFIG_EFI_RUNTIME_MAP not set: efi_get_runtime_map_size() is the
 *    inline 0 of arch/x86/include/asm/efi.h, so the map's 107 descriptors
 *    are not in the segment: 4176 + 160 = 0x10f0 (memsz 0x2000), top-down
 *    in R1 under the purgatory at 0x9a000: 0x98000-0x99fff.
 *  - CONFIG_KEXEC_HANDOVER set: bzImage64_load() adds a setup_data (16) and
 *    a struct kho_data (4 u64, 32): 0x2500 + 48 = 0x2530.
 *  - CONFIG_IMA_KEXEC set: a setup_data and a struct ima_setup_data (addr,
 *    size: 32 bytes), 0x2520; and ima_add_kexec_buffer() runs in
 *    kimage_file_prepare_segments() before the arch loader, so its page
 *    (PAGE_SIZE-aligned, top-down, buf_min 0) is placed first and every
 *    later segment steps down past it (locate_mem_hole_top_down(): on a
 *    clash, temp_start - PAGE_SIZE):
 *    6.1 (temp_start = temp_end - memsz, address-order walk): IMA R1
 *      0x9ffff - 0x1000 = 0x9efff -> 0x9e000; purgatory 0x9a000 ends at
 *      0x9efff over it -> 0x99000-0x9dfff; boot_params 0x9c000 .. 0x97000
 *      clash -> 0x96000-0x98fff; kernel and initrd as in test_x86.
 *    6.13 (temp_end - memsz + 1, walked from the highest resource): IMA
 *      R10 0x7feeb000-0x7feebfff; purgatory 0x7fee7000 clashes ->
 *      0x7fee6000-0x7feeafff; boot_params 0x7fee9000 .. 0x7fee4000 clash
 *      -> 0x7fee3000-0x7fee5fff. */
static bool said(const struct ea_placement *p, const char *what)
{
	for (size_t i = 0; i < p->assumptions.n; i++)
		if (strstr(p->assumptions.v[i], what))
			return true;
	return false;
}

static void test_x86_config(void)
{
	struct ea_audit a;
	ea_audit_init(&a);
	ea_sources_use_snapshot(&a.src, CAPX86);
	ea_run(&a);
	struct ea_kimage img = debian61_bzimage();
	struct ea_placement p = { 0 };
	struct ea_pl_request rq = { .model = EA_PL_FILE_X86,
				    .image = &img,
				    .has_initrd = true,
				    .initrd_size = 0x1472000,
				    .cmdline_len = 48,
				    .config_known = true };

	rq.no_runtime_map = true;
	run(&a, &rq, &p);
	CHECK(p.status == EA_PL_PLACED);
	CHECK(said(&p, "estimated at 0x10f0 bytes"));
	CHECK(said(&p, "does not set CONFIG_EFI_RUNTIME_MAP"));
	CHECK(!said(&p, "runtime map's size is not known"));
	CHECK_SEG(&p, "boot_params", 0x98000, 0x99fff);

	rq.no_runtime_map = false;
	rq.kho_setup_data = true;
	rq.kho_off = true; /* the KHO scratch areas are another matter */
	run(&a, &rq, &p);
	CHECK(said(&p, "estimated at 0x2530 bytes"));
	CHECK(said(&p, "KHO setup_data"));
	rq.kho_setup_data = false;

	rq.ima_kexec = true;
	run(&a, &rq, &p);
	CHECK(p.status == EA_PL_PLACED);
	CHECK(p.seg.n == 5);
	CHECK(said(&p, "estimated at 0x2520 bytes"));
	CHECK_SEG(&p, "ima", 0x9e000, 0x9efff);
	CHECK_SEG(&p, "purgatory", 0x99000, 0x9dfff);
	CHECK_SEG(&p, "boot_params", 0x96000, 0x98fff);
	CHECK_SEG(&p, "kernel", 0x7a000000, 0x7d377fff);
	CHECK_SEG(&p, "initrd", 0x78b8e000, 0x79ffffff);
	CHECK(p.seg.n && strcmp(p.seg.v[0].name, "ima") == 0);

	rq.release = "6.13.7";
	run(&a, &rq, &p);
	CHECK(p.status == EA_PL_PLACED);
	CHECK_SEG(&p, "ima", 0x7feeb000, 0x7feebfff);
	CHECK_SEG(&p, "purgatory", 0x7fee6000, 0x7feeafff);
	CHECK_SEG(&p, "boot_params", 0x7fee3000, 0x7fee5fff);

	/* no configuration read: said, not taken silently */
	rq.release = NULL;
	rq.ima_kexec = false;
	rq.config_known = false;
	run(&a, &rq, &p);
	CHECK(said(&p, "no IMA or KHO setup_data (no kernel configuration"));
	ea_placement_free(&p);
	ea_audit_free(&a);
}

int main(void)
{
	test_kt_versions();
	test_synquacer();
	test_healthy_arm64();
	test_x86();
	test_x86_runtime_map();
	test_x86_config();
	test_kexec_tools_256m();
	test_kexec_tools_mem_window();
	test_fujitsu_reality();
	test_dtb_from_fdt();
	test_no_input();
	return t_done();
}
