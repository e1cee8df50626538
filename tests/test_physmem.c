/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Physical memory backends: ELF64 cores written here byte by byte (reads
 * inside, across and outside segments, hostile headers), this machine's
 * /proc/kcore and /dev/mem (whatever they allow), the snapshot mem/ reader
 * on the real captures and on overlapping chunks, and the --save-memory
 * writer read back through mem/.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "read/physmem.h"
#include "t.h"

static char tmpdir[64];

static void le16(unsigned char *p, uint16_t v)
{
	p[0] = (unsigned char)v;
	p[1] = (unsigned char)(v >> 8);
}

static void le32(unsigned char *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (unsigned char)(v >> (8 * i));
}

static void le64(unsigned char *p, uint64_t v)
{
	for (int i = 0; i < 8; i++)
		p[i] = (unsigned char)(v >> (8 * i));
}

/* The byte that physical address a holds in the synthetic memory. */
static unsigned char pat(uint64_t a)
{
	return (unsigned char)((a >> 8) * 31 + a * 7 + 0x5a);
}

struct seg {
	uint32_t type;
	uint64_t off, paddr, filesz, memsz;
	bool inv; /* bytes are ~pat(), to see which of two overlaps won */
};

struct elf {
	unsigned char *b;
	size_t len;
};

/* An ELF64 LE ET_CORE with program headers at 64 and each segment's bytes
 * at its p_offset (those inside len). */
static struct elf elf_build(const struct seg *s, unsigned n, size_t len)
{
	struct elf e = { calloc(1, len), len };
	unsigned char *b = e.b;

	memcpy(b,
	       "\x7f"
	       "ELF",
	       4);
	b[4] = 2;	  /* ELFCLASS64 */
	b[5] = 1;	  /* ELFDATA2LSB */
	b[6] = 1;	  /* EV_CURRENT */
	le16(b + 16, 4);  /* ET_CORE */
	le16(b + 18, 62); /* EM_X86_64 */
	le32(b + 20, 1);
	le64(b + 32, 64);
	le16(b + 52, 64);
	le16(b + 54, 56);
	le16(b + 56, (uint16_t)n);
	for (unsigned i = 0; i < n; i++) {
		unsigned char *p = b + 64 + (size_t)i * 56;

		le32(p, s[i].type);
		le32(p + 4, 7);
		le64(p + 8, s[i].off);
		le64(p + 16, 0xffff888000000000ULL + s[i].paddr);
		le64(p + 24, s[i].paddr);
		le64(p + 32, s[i].filesz);
		le64(p + 40, s[i].memsz);
		le64(p + 48, 4096);
		for (uint64_t k = 0; k < s[i].filesz && s[i].off + k < len; k++)
			b[s[i].off + k] =
			    (unsigned char)(pat(s[i].paddr + k) ^
					    (s[i].inv ? 0xff : 0));
	}
	return e;
}

static char *put_file(const char *name, const void *b, size_t n)
{
	static char p[4][160];
	static int k;
	char *path = p[k++ % 4];
	FILE *f;

	snprintf(path, sizeof(p[0]), "%s/%s", tmpdir, name);
	f = fopen(path, "wb");
	CHECK(f != NULL);
	if (f) {
		CHECK(fwrite(b, 1, n, f) == n);
		fclose(f);
	}
	return path;
}

static bool bytes_are(const unsigned char *b, uint64_t addr, size_t n, bool inv)
{
	for (size_t i = 0; i < n; i++)
		if (b[i] != (unsigned char)(pat(addr + i) ^ (inv ? 0xff : 0)))
			return false;
	return true;
}

static bool has(const char *s, const char *needle)
{
	return s && strstr(s, needle);
}

/* Opens an ELF file as a vmcore; pm, in and d are fresh. */
static bool open_core(struct ea_physmem *pm, struct ea_input *in,
		      struct ea_diags *d, const char *path, bool kcore)
{
	memset(pm, 0, sizeof(*pm));
	memset(in, 0, sizeof(*in));
	memset(d, 0, sizeof(*d));
	in->name = "mem";
	return kcore ? ea_physmem_open_kcore(pm, in, path, d)
		     : ea_physmem_open_vmcore(pm, in, path, d);
}

static void close_core(struct ea_physmem *pm, struct ea_input *in,
		       struct ea_diags *d)
{
	ea_physmem_free(pm);
	ea_input_free(in);
	ea_diags_free(d);
}

/* A healthy core: two segments adjacent in memory but not in the file, a
 * segment with a hole (p_memsz > p_filesz), segments without a physical
 * address, a PT_NOTE. */
static void healthy(void)
{
	const struct seg s[] = {
		{ 4, 0x400, 0, 0x40, 0x40, false },		/* PT_NOTE */
		{ 1, 0x1000, 0x100000, 0x1000, 0x1000, false }, /* A */
		{ 1, 0x3000, 0x101000, 0x800, 0x1000, false },	/* B */
		{ 1, 0x2000, 0, 0x100, 0x100, false },		/* no paddr */
		{ 1, 0x2000, UINT64_MAX, 0x100, 0x100, false }, /* vmalloc */
		{ 1, 0x2800, 0x200000, 0x100, 0x100, false },	/* E */
	};
	struct elf e = elf_build(s, 6, 0x3800);
	char *path = put_file("healthy.core", e.b, e.len);
	struct ea_physmem pm;
	struct ea_input in;
	struct ea_diags d;
	unsigned char buf[64];
	char why[512];

	CHECK(open_core(&pm, &in, &d, path, false));
	CHECK(pm.kind == EA_PM_VMCORE);
	CHECK(has(pm.backend, "vmcore ") && has(pm.backend, "healthy.core"));
	CHECK_U64(pm.e_machine, 62);
	CHECK_U64(pm.nr_phdrs, 6);
	CHECK_U64(pm.nr_load, 5);
	CHECK_U64(pm.nr_nopaddr, 2);
	CHECK_U64(pm.segs.n, 3);
	CHECK_U64(pm.absent.n, 1);
	CHECK_U64(pm.absent.v[0].paddr, 0x101800);
	CHECK(d.n == 0);
	CHECK(in.status == EA_IN_OK);
	CHECK(has(in.data, "PT_LOAD 1 paddr "
			   "0x0000000000100000-0x0000000000100fff offset "
			   "0x1000\n"));
	CHECK(has(in.data, "PT_LOAD 2 paddr "
			   "0x0000000000101800-0x0000000000101fff not in the "
			   "file"));

	/* inside one segment */
	CHECK(ea_physmem_read(&pm, 0x100010, buf, 16, why, sizeof(why)));
	CHECK(bytes_are(buf, 0x100010, 16, false));
	/* across A and B, whose bytes are 0x1000 apart in the file */
	CHECK(ea_physmem_read(&pm, 0x100ff0, buf, 32, why, sizeof(why)));
	CHECK(bytes_are(buf, 0x100ff0, 32, false));
	/* the last byte of E, and one past it */
	CHECK(ea_physmem_read(&pm, 0x2000ff, buf, 1, why, sizeof(why)));
	CHECK(buf[0] == pat(0x2000ff));
	CHECK(!ea_physmem_read(&pm, 0x2000ff, buf, 2, why, sizeof(why)));
	CHECK(has(why, "0x0000000000200100 is in no PT_LOAD segment of "
		       "vmcore "));
	/* into B's p_memsz past p_filesz */
	CHECK(!ea_physmem_read(&pm, 0x1017f8, buf, 16, why, sizeof(why)));
	CHECK(has(why, "0x0000000000101800 is in PT_LOAD 2 of vmcore"));
	CHECK(has(why, "not in the file"));
	/* outside every segment, and below the first */
	CHECK(!ea_physmem_read(&pm, 0x300000, buf, 8, why, sizeof(why)));
	CHECK(has(why, "0x0000000000300000..+8 is in no PT_LOAD segment"));
	CHECK(!ea_physmem_read(&pm, 0x1000, buf, 8, why, sizeof(why)));
	/* the paddr-0 segment must not serve address 0 */
	CHECK(!ea_physmem_read(&pm, 0, buf, 8, why, sizeof(why)));
	/* wrapping past 2^64 */
	CHECK(!ea_physmem_read(&pm, UINT64_MAX - 3, buf, 8, why, sizeof(why)));
	CHECK(has(why, "2^64"));
	close_core(&pm, &in, &d);

	/* the same file through the kcore path (no file-size checks) */
	CHECK(open_core(&pm, &in, &d, path, true));
	CHECK(pm.kind == EA_PM_KCORE);
	CHECK(has(pm.backend, "kcore ") && has(pm.backend, "healthy.core"));
	CHECK(ea_physmem_read(&pm, 0x100ff0, buf, 32, why, sizeof(why)));
	CHECK(bytes_are(buf, 0x100ff0, 32, false));
	CHECK(!ea_physmem_read(&pm, 0x300000, buf, 8, why, sizeof(why)));
	CHECK(has(why, "System RAM only"));
	close_core(&pm, &in, &d);
	free(e.b);
}

/* /proc/kcore's kernel-text segment overlaps a RAM segment; a hostile core
 * may overlap with different bytes. The lower start serves the overlap. */
static void overlapping(void)
{
	const struct seg s[] = {
		{ 1, 0x1000, 0x101000, 0x2000, 0x2000, true },	/* B */
		{ 1, 0x3000, 0x100000, 0x2000, 0x2000, false }, /* A */
		{ 1, 0x5000, 0x100800, 0x400, 0x400, true },	/* inside A */
	};
	struct elf e = elf_build(s, 3, 0x6000);
	char *path = put_file("overlap.core", e.b, e.len);
	struct ea_physmem pm;
	struct ea_input in;
	struct ea_diags d;
	unsigned char buf[64];
	char why[512];

	CHECK(open_core(&pm, &in, &d, path, false));
	CHECK_U64(pm.segs.n, 2);
	CHECK_U64(pm.nr_overlap, 2);
	CHECK(ea_physmem_read(&pm, 0x100900, buf, 16, why, sizeof(why)));
	CHECK(bytes_are(buf, 0x100900, 16, false));
	CHECK(ea_physmem_read(&pm, 0x101800, buf, 16, why, sizeof(why)));
	CHECK(bytes_are(buf, 0x101800, 16, false));
	/* past A's end, B (trimmed) serves its own bytes */
	CHECK(ea_physmem_read(&pm, 0x102000, buf, 16, why, sizeof(why)));
	CHECK(bytes_are(buf, 0x102000, 16, true));
	CHECK(ea_physmem_read(&pm, 0x101ff8, buf, 16, why, sizeof(why)));
	CHECK(bytes_are(buf, 0x101ff8, 8, false));
	CHECK(bytes_are(buf + 8, 0x102000, 8, true));
	/* A's last byte is in the overlap: A serves it, even to a read that
	 * starts there */
	CHECK(ea_physmem_read(&pm, 0x101fff, buf, 2, why, sizeof(why)));
	CHECK(bytes_are(buf, 0x101fff, 1, false));
	CHECK(bytes_are(buf + 1, 0x102000, 1, true));
	close_core(&pm, &in, &d);
	free(e.b);
}

static void expect_bad(const char *name, const void *b, size_t n, bool kcore,
		       enum ea_input_status st, const char *needle)
{
	char *path = put_file(name, b, n);
	struct ea_physmem pm;
	struct ea_input in;
	struct ea_diags d;
	char why[256];
	unsigned char buf[4];

	CHECK(!open_core(&pm, &in, &d, path, kcore));
	CHECK(in.status == st);
	if (!has(in.detail, needle)) {
		fprintf(stderr, "%s: detail '%s' lacks '%s'\n", name,
			in.detail ? in.detail : "(null)", needle);
		CHECK(!"detail names the problem");
	}
	CHECK(pm.backend == NULL);
	CHECK(!ea_physmem_read(&pm, 0x100000, buf, 4, why, sizeof(why)));
	close_core(&pm, &in, &d);
}

static void hostile(void)
{
	const struct seg one[] = {
		{ 1, 0x1000, 0x100000, 0x1000, 0x1000, false },
	};
	struct elf e = elf_build(one, 1, 0x2000);
	unsigned char *c = malloc(e.len);

	/* truncated ELF header */
	expect_bad("short.core", e.b, 40, false, EA_IN_MALFORMED,
		   "truncated ELF header: 40 of 64 bytes");
	/* not ELF, ELFCLASS32, big-endian, not a core, wrong phentsize */
	memcpy(c, e.b, e.len);
	c[1] = 'X';
	expect_bad("notelf.core", c, e.len, false, EA_IN_MALFORMED,
		   "not an ELF file");
	memcpy(c, e.b, e.len);
	c[4] = 1;
	expect_bad("class32.core", c, e.len, false, EA_IN_MALFORMED,
		   "EI_CLASS 1 at offset 4");
	memcpy(c, e.b, e.len);
	c[5] = 2;
	expect_bad("be.core", c, e.len, false, EA_IN_MALFORMED,
		   "EI_DATA 2 at offset 5");
	memcpy(c, e.b, e.len);
	le16(c + 16, 2);
	expect_bad("exec.core", c, e.len, false, EA_IN_MALFORMED,
		   "e_type 2 at offset 16");
	memcpy(c, e.b, e.len);
	le16(c + 54, 32);
	expect_bad("phent.core", c, e.len, false, EA_IN_MALFORMED,
		   "e_phentsize 32");
	/* e_phoff inside the ELF header */
	memcpy(c, e.b, e.len);
	le64(c + 32, 8);
	expect_bad("phoff.core", c, e.len, false, EA_IN_MALFORMED,
		   "overlap the ELF header");
	/* e_phnum huge: past the end of a regular file, and a short read
	 * where the size says nothing (kcore) */
	memcpy(c, e.b, e.len);
	le16(c + 56, 65534);
	expect_bad("phnum.core", c, e.len, false, EA_IN_MALFORMED,
		   "65534 x 56 bytes) run past the end of the file (8192 "
		   "bytes)");
	expect_bad("phnum.kcore", c, e.len, true, EA_IN_MALFORMED,
		   "only 8128 of 3669904 bytes could be read");
	/* e_phoff near 2^64 */
	memcpy(c, e.b, e.len);
	le64(c + 32, UINT64_MAX - 8);
	expect_bad("phoffwrap.kcore", c, e.len, true, EA_IN_MALFORMED,
		   "run past the end of the file");
	/* PN_XNUM without section header, and with an absurd count */
	memcpy(c, e.b, e.len);
	le16(c + 56, 0xffff);
	expect_bad("xnum0.core", c, e.len, false, EA_IN_MALFORMED,
		   "PN_XNUM but section header 0");
	le64(c + 40, 0x1800); /* e_shoff */
	le16(c + 58, 64);     /* e_shentsize */
	le32(c + 0x1800 + 44, 0x7fffffff);
	expect_bad("xnumhuge.core", c, e.len, false, EA_IN_MALFORMED,
		   "2147483647 program headers: expected 1 to 262144");
	free(c);
	free(e.b);

	/* every PT_LOAD without a physical address (older kernels) */
	const struct seg nopaddr[] = {
		{ 1, 0x1000, 0, 0x1000, 0x1000, false },
		{ 1, 0x1000, UINT64_MAX, 0x1000, 0x1000, false },
	};
	e = elf_build(nopaddr, 2, 0x2000);
	expect_bad("nopaddr.core", e.b, e.len, false, EA_IN_MALFORMED,
		   "2 without p_paddr");
	free(e.b);

	/* no such file, not a regular file */
	struct ea_physmem pm;
	struct ea_input in;
	struct ea_diags d;
	char p[160];

	snprintf(p, sizeof(p), "%s/absent.core", tmpdir);
	CHECK(!open_core(&pm, &in, &d, p, false));
	CHECK(in.status == EA_IN_ABSENT && has(in.detail, "absent.core"));
	close_core(&pm, &in, &d);
	CHECK(!open_core(&pm, &in, &d, tmpdir, false));
	CHECK(in.status == EA_IN_UNREADABLE &&
	      has(in.detail, "not a regular file"));
	close_core(&pm, &in, &d);
}

/* Segments the header describes but the file or the header does not back. */
static void cut_and_bad_segments(void)
{
	const struct seg s[] = {
		{ 1, 0x1000, 0x100000, 0x1000, 0x1000, false },
		/* its bytes would end at 0x3000; the file ends at 0x2800 */
		{ 1, 0x2000, 0x200000, 0x1000, 0x1000, false },
		/* runs past 2^64 */
		{ 1, 0x1000, 0xfffffffffffff000ULL, 0x1000, 0x2000, false },
		/* p_filesz > p_memsz: only p_memsz is memory */
		{ 1, 0x1000, 0x400000, 0x1000, 0x10, false },
		/* p_offset near 2^63 */
		{ 1, 0x7ffffffffffff000ULL, 0x500000, 0x2000, 0x2000, false },
	};
	struct elf e = elf_build(s, 5, 0x2800);
	char *path = put_file("cut.core", e.b, e.len);
	struct ea_physmem pm;
	struct ea_input in;
	struct ea_diags d;
	unsigned char buf[32];
	char why[512];

	CHECK(open_core(&pm, &in, &d, path, false));
	CHECK_U64(pm.nr_rejected, 2);
	CHECK_U64(d.n, 4);
	CHECK(d.n == 4 && has(d.v[0].msg, "PT_LOAD 1 (p_paddr 0x200000)") &&
	      has(d.v[0].msg, "0x800 bytes of it are missing"));
	CHECK(d.n == 4 && has(d.v[1].msg, "PT_LOAD 2") &&
	      has(d.v[1].msg, "past 2^64"));
	CHECK(d.n == 4 && has(d.v[2].msg, "p_filesz 0x1000 exceeds p_memsz"));
	CHECK(d.n == 4 && has(d.v[3].msg, "PT_LOAD 4") &&
	      has(d.v[3].msg, "beyond any file offset"));
	CHECK(ea_physmem_read(&pm, 0x2007f0, buf, 16, why, sizeof(why)));
	CHECK(bytes_are(buf, 0x2007f0, 16, false));
	CHECK(!ea_physmem_read(&pm, 0x2007f0, buf, 17, why, sizeof(why)));
	CHECK(has(why, "0x0000000000200800 is in PT_LOAD 1"));
	CHECK(ea_physmem_read(&pm, 0x400000, buf, 16, why, sizeof(why)));
	CHECK(!ea_physmem_read(&pm, 0x400008, buf, 16, why, sizeof(why)));
	CHECK(!ea_physmem_read(&pm, 0xfffffffffffff000ULL, buf, 8, why,
			       sizeof(why)));
	close_core(&pm, &in, &d);

	/* as kcore: no file size, so the cut shows at read time */
	CHECK(open_core(&pm, &in, &d, path, true));
	CHECK(!ea_physmem_read(&pm, 0x2007f0, buf, 32, why, sizeof(why)));
	CHECK(has(why, "PT_LOAD 1 at file offset 0x2800: the file ends "
		       "there"));
	close_core(&pm, &in, &d);
	free(e.b);
}

/* More than 65534 program headers: e_phnum = PN_XNUM and the count in
 * section header 0's sh_info. */
static void pn_xnum(void)
{
	const struct seg s[] = {
		{ 1, 0x1000, 0x100000, 0x100, 0x100, false },
		{ 1, 0x1100, 0x100100, 0x100, 0x100, false },
	};
	struct elf e = elf_build(s, 2, 0x1300);
	struct ea_physmem pm;
	struct ea_input in;
	struct ea_diags d;
	unsigned char buf[0x200];
	char why[256];

	le16(e.b + 56, 0xffff);
	le64(e.b + 40, 0x1200);
	le16(e.b + 58, 64);
	le16(e.b + 60, 1);
	le32(e.b + 0x1200 + 44, 2);
	CHECK(
	    open_core(&pm, &in, &d, put_file("xnum.core", e.b, e.len), false));
	CHECK_U64(pm.nr_phdrs, 2);
	CHECK(ea_physmem_read(&pm, 0x100000, buf, 0x200, why, sizeof(why)));
	CHECK(bytes_are(buf, 0x100000, 0x200, false));
	close_core(&pm, &in, &d);
	free(e.b);
}

/* This machine. Only what is certain: each either opens and serves, or
 * fails with a reason naming the file. */
static void live(void)
{
	struct ea_physmem pm = { 0 };
	struct ea_input in = { .name = "mem" };
	struct ea_diags d = { 0 };
	unsigned char buf[16];
	char why[512];

	if (ea_physmem_open_kcore(&pm, &in, NULL, &d)) {
		CHECK_STR(pm.backend, "/proc/kcore");
		CHECK(pm.nr_load > 0 && pm.segs.n > 0);
		CHECK(in.status == EA_IN_OK && in.data &&
		      strncmp(in.data, "PT_LOAD ", 8) == 0);
		/* the first byte of System RAM that kcore serves */
		CHECK(ea_physmem_read(&pm, pm.segs.v[0].paddr, buf, 16, why,
				      sizeof(why)));
		/* past the last segment */
		CHECK(!ea_physmem_read(&pm, UINT64_MAX - 15, buf, 16, why,
				       sizeof(why)));
		CHECK(has(why, "0xfffffffffffffff0..+16 is in no PT_LOAD "
			       "segment of /proc/kcore"));
	} else {
		CHECK(in.status == EA_IN_ABSENT ||
		      in.status == EA_IN_UNREADABLE ||
		      in.status == EA_IN_MALFORMED);
		CHECK(has(in.detail, "/proc/kcore"));
		if (has(in.detail, "EPERM"))
			CHECK(has(in.detail, "lockdown"));
		CHECK(pm.backend == NULL);
	}
	ea_physmem_free(&pm);
	ea_input_free(&in);
	in.name = "mem";

	if (ea_physmem_open_devmem(&pm, &in, NULL, &d)) {
		CHECK_STR(pm.backend, "/dev/mem");
		CHECK(!ea_physmem_read(&pm, 1ULL << 63, buf, 16, why,
				       sizeof(why)));
		CHECK(has(why, "pread"));
#if defined(__x86_64__) || defined(__i386__)
		CHECK(
		    !ea_physmem_read(&pm, 0xf0000, buf, 16, why, sizeof(why)));
		CHECK(has(why, "below 1 MiB"));
#endif
	} else {
		CHECK(in.status == EA_IN_ABSENT ||
		      in.status == EA_IN_UNREADABLE);
		CHECK(has(in.detail, "/dev/mem"));
		if (has(in.detail, "EPERM"))
			CHECK(has(in.detail, "lockdown"));
		CHECK(pm.backend == NULL);
	}
	ea_physmem_free(&pm);
	ea_input_free(&in);

	/* /dev/mem that is not a character device */
	in.name = "mem";
	CHECK(!ea_physmem_open_devmem(&pm, &in, "/proc/version", &d));
	CHECK(has(in.detail, "not a character device"));
	ea_physmem_free(&pm);
	ea_input_free(&in);
	ea_diags_free(&d);
}

static void snapshot_dirs(void)
{
	struct ea_physmem pm = { 0 };
	struct ea_input in = { .name = "mem" };
	struct ea_diags d = { 0 };
	unsigned char buf[64];
	char dir[512], why[512];

	/* a real capture: the 36-byte RSDP "RSD PTR " at ACPI20=0xbc430018
	 * (sys/firmware/efi/systab), and nothing past it */
	snprintf(dir, sizeof(dir),
		 "%s/captures/qemu-arm64-6.1-acpi-smp4-2g/mem", TESTDATA);
	CHECK(ea_physmem_open_dir(&pm, &in, dir, &d));
	CHECK_STR(pm.backend, "snapshot mem/");
	CHECK_U64(pm.chunks.n, 5);
	CHECK_U64(pm.segs.n, 5);
	CHECK(ea_physmem_read(&pm, 0xbc430018, buf, 36, why, sizeof(why)));
	CHECK(memcmp(buf, "RSD PTR ", 8) == 0);
	CHECK(!ea_physmem_read(&pm, 0xbc430018, buf, 37, why, sizeof(why)));
	CHECK(has(why, "0x00000000bc430018..+37: 0x00000000bc43003c is not in "
		       "any saved chunk of"));
	/* the EFI system table (dmesg "System Table: 0x00000000bffd0018")
	 * is in NOMAP runtime memory, which kcore did not give */
	CHECK(!ea_physmem_read(&pm, 0xbffd0018, buf, 24, why, sizeof(why)));
	CHECK(has(why, "0x00000000bffd0018..+24 is not in any saved chunk"));
	ea_physmem_free(&pm);
	ea_input_free(&in);

	/* overlapping and adjacent chunks: a read served by the earlier
	 * chunk past the later one's start, and one across two files */
	char sub[128];
	unsigned char b[0x100];

	snprintf(sub, sizeof(sub), "%s/chunks", tmpdir);
	CHECK(mkdir(sub, 0755) == 0);
	for (int i = 0; i < 0x100; i++)
		b[i] = pat(0x1000 + (uint64_t)i);
	snprintf(dir, sizeof(dir), "%s/0000000000001000.bin", sub);
	FILE *f = fopen(dir, "wb");

	fwrite(b, 1, 0x100, f);
	fclose(f);
	for (int i = 0; i < 0x10; i++)
		b[i] = pat(0x1080 + (uint64_t)i);
	snprintf(dir, sizeof(dir), "%s/0000000000001080.bin", sub);
	f = fopen(dir, "wb");
	fwrite(b, 1, 0x10, f);
	fclose(f);
	for (int i = 0; i < 0x10; i++)
		b[i] = pat(0x1100 + (uint64_t)i);
	snprintf(dir, sizeof(dir), "%s/0000000000001100.bin", sub);
	f = fopen(dir, "wb");
	fwrite(b, 1, 0x10, f);
	fclose(f);
	in.name = "mem";
	CHECK(ea_physmem_open_dir(&pm, &in, sub, &d));
	CHECK_U64(pm.segs.n, 2);
	CHECK_U64(pm.nr_overlap, 1);
	CHECK(ea_physmem_read(&pm, 0x10a0, buf, 16, why, sizeof(why)));
	CHECK(bytes_are(buf, 0x10a0, 16, false));
	CHECK(ea_physmem_read(&pm, 0x10f8, buf, 16, why, sizeof(why)));
	CHECK(bytes_are(buf, 0x10f8, 16, false));
	CHECK(!ea_physmem_read(&pm, 0x10f8, buf, 25, why, sizeof(why)));
	CHECK(has(why, "0x0000000000001110 is not in any saved chunk"));
	ea_physmem_free(&pm);
	ea_input_free(&in);
	ea_diags_free(&d);
}

static int count_files(const char *dir)
{
	char cmd[256];
	int n = -1;

	snprintf(cmd, sizeof(cmd), "ls -1 %s | wc -l", dir);
	FILE *p = popen(cmd, "r");

	if (p) {
		if (fscanf(p, "%d", &n) != 1)
			n = -1;
		pclose(p);
	}
	return n;
}

/* --save-memory: ranges read from a core, written, read back via mem/. */
static void save_round_trip(void)
{
	const struct seg s[] = {
		{ 1, 0x1000, 0x100000, 0x1000, 0x1000, false },
		{ 1, 0x3000, 0x101000, 0x800, 0x1000, false },
	};
	struct elf e = elf_build(s, 2, 0x3800);
	struct ea_physmem pm, back = { 0 };
	struct ea_input in, bin = { .name = "mem" };
	struct ea_diags d;
	struct ea_range r[5];
	struct ea_physmem_saved out[5];
	char dir[160], why[512], name[200];
	unsigned char buf[0x40];
	struct stat st;

	CHECK(
	    open_core(&pm, &in, &d, put_file("save.core", e.b, e.len), false));
	CHECK(ea_range_make(0x100010, 0x10010f, &r[0]));
	CHECK(ea_range_make(0x100ff0, 0x10100f, &r[1])); /* across */
	CHECK(ea_range_make(0x101700, 0x1018ff, &r[2])); /* into the hole */
	CHECK(ea_range_make(0x100010, 0x10001f, &r[3])); /* same start */
	CHECK(ea_range_from_size(0x100000, EA_PHYSMEM_MAX_CHUNK + 1, &r[4]));
	snprintf(dir, sizeof(dir), "%s/saved", tmpdir);
	mode_t old = umask(022);

	CHECK_U64(ea_physmem_save(&pm, dir, r, 5, out), 2);
	umask(old);
	CHECK(out[0].ok && out[1].ok);
	CHECK(!out[2].ok &&
	      has(out[2].why, "0000000000101700.bin not "
			      "written") &&
	      has(out[2].why, "not in the file"));
	CHECK(!out[3].ok && has(out[3].why, "0000000000100010.bin") &&
	      has(out[3].why, "exists"));
	CHECK(!out[4].ok && has(out[4].why, "larger than"));
	CHECK(count_files(dir) == 2);
	snprintf(name, sizeof(name), "%s/0000000000100ff0.bin", dir);
	CHECK(stat(name, &st) == 0 && st.st_size == 0x20 &&
	      (st.st_mode & 0777) == 0644);

	CHECK(ea_physmem_open_dir(&back, &bin, dir, &d));
	CHECK(d.n == 0);
	CHECK(ea_physmem_read(&back, 0x100010, buf, 0x40, why, sizeof(why)));
	CHECK(bytes_are(buf, 0x100010, 0x40, false));
	CHECK(ea_physmem_read(&back, 0x100ff0, buf, 0x20, why, sizeof(why)));
	CHECK(bytes_are(buf, 0x100ff0, 0x20, false));
	CHECK(!ea_physmem_read(&back, 0x101010, buf, 1, why, sizeof(why)));
	ea_physmem_free(&back);
	ea_input_free(&bin);

	/* a directory that cannot be made: every range fails, nothing read */
	snprintf(dir, sizeof(dir), "%s/save.core/sub", tmpdir);
	CHECK_U64(ea_physmem_save(&pm, dir, r, 2, out), 0);
	CHECK(!out[0].ok && !out[1].ok && has(out[1].why, "save.core/sub"));
	close_core(&pm, &in, &d);
	free(e.b);
}

/* In-memory regions (ea_physmem_open_buffers): copies served like mem/
 * chunks, reads across adjacent regions, the lower start owning an overlap,
 * and every region refused that a mem/ file could not be. */
static void buffers(void)
{
	static unsigned char a[0x1000], b[0x1000], c[0x100];
	struct ea_physmem pm = { 0 };
	unsigned char buf[0x200];
	char why[320];

	for (size_t i = 0; i < sizeof(a); i++)
		a[i] = pat(0x200000 + i);
	for (size_t i = 0; i < sizeof(b); i++)
		b[i] = pat(0x201000 + i);
	for (size_t i = 0; i < sizeof(c); i++)
		c[i] = (unsigned char)~pat(0x200f80 + i);

	/* b is listed first; c overlaps the end of a and the start of b */
	struct ea_physmem_region r[] = {
		{ 0x201000, b, sizeof(b) },
		{ 0x200000, a, sizeof(a) },
		{ 0x200f80, c, sizeof(c) },
	};
	CHECK(ea_physmem_open_buffers(&pm, r, 3, why, sizeof(why)));
	CHECK_STR(pm.backend, "memory buffers");
	CHECK_U64(pm.segs.n, 3);
	CHECK_U64(pm.nr_overlap, 2);
	/* the caller's bytes are copied */
	a[0x10] ^= 0xff;
	CHECK(ea_physmem_read(&pm, 0x200000, buf, 0x20, why, sizeof(why)));
	CHECK(bytes_are(buf, 0x200000, 0x20, false));
	/* across all three: the lower start owns an overlap, so a keeps its
	 * end, c (starting before b) keeps b's first 0x80 bytes */
	CHECK(ea_physmem_read(&pm, 0x200f00, buf, 0x200, why, sizeof(why)));
	CHECK(bytes_are(buf, 0x200f00, 0x100, false));
	CHECK(bytes_are(buf + 0x100, 0x201000, 0x80, true));
	CHECK(bytes_are(buf + 0x180, 0x201080, 0x80, false));
	/* past b: refused, naming the backend and the first missing byte */
	CHECK(!ea_physmem_read(&pm, 0x201f00, buf, 0x200, why, sizeof(why)));
	CHECK(has(why, "0x0000000000202000") && has(why, "memory buffers"));
	CHECK(!ea_physmem_read(&pm, 0x1ff000, buf, 1, why, sizeof(why)));
	ea_physmem_free(&pm);
	CHECK(pm.backend == NULL && pm.chunks.n == 0);

	/* the last byte of the address space is a region like any other */
	struct ea_physmem_region top = { UINT64_MAX - 0xff, c, 0x100 };
	memset(&pm, 0, sizeof(pm));
	CHECK(ea_physmem_open_buffers(&pm, &top, 1, why, sizeof(why)));
	CHECK(ea_physmem_read(&pm, UINT64_MAX, buf, 1, why, sizeof(why)));
	CHECK(buf[0] == c[0xff]);
	CHECK(!ea_physmem_read(&pm, UINT64_MAX, buf, 2, why, sizeof(why)));
	CHECK(has(why, "past 2^64"));
	ea_physmem_free(&pm);

	/* refused: one past the top, empty, no bytes, too many regions */
	const struct ea_physmem_region bad[] = {
		{ UINT64_MAX - 0xfe, c, 0x100 },
		{ 0x1000, c, 0 },
		{ 0x1000, NULL, 1 },
	};
	const char *reason[] = { "past 2^64", "empty", "no bytes" };
	for (int i = 0; i < 3; i++) {
		struct ea_physmem_region two[2] = { r[1], bad[i] };

		memset(&pm, 0, sizeof(pm));
		why[0] = '\0';
		CHECK(!ea_physmem_open_buffers(&pm, two, 2, why, sizeof(why)));
		CHECK(has(why, "region 1") && has(why, reason[i]));
		CHECK(pm.backend == NULL && pm.chunks.n == 0);
	}
	struct ea_physmem_region *many =
	    calloc(EA_PHYSMEM_MAX_CHUNKS + 1, sizeof(*many));
	for (size_t i = 0; many && i <= EA_PHYSMEM_MAX_CHUNKS; i++)
		many[i] = (struct ea_physmem_region){ 0x1000 * i, c, 1 };
	CHECK(many && ea_physmem_open_buffers(&pm, many, EA_PHYSMEM_MAX_CHUNKS,
					      why, sizeof(why)));
	ea_physmem_free(&pm);
	CHECK(many &&
	      !ea_physmem_open_buffers(&pm, many, EA_PHYSMEM_MAX_CHUNKS + 1,
				       why, sizeof(why)));
	CHECK(has(why, "more than 65536"));
	free(many);
}

int main(void)
{
	char cmd[128];

	snprintf(tmpdir, sizeof(tmpdir), "/tmp/ea-pm-XXXXXX");
	CHECK(mkdtemp(tmpdir) != NULL);
	healthy();
	overlapping();
	hostile();
	cut_and_bad_segments();
	pn_xnum();
	live();
	snapshot_dirs();
	save_round_trip();
	buffers();
	snprintf(cmd, sizeof(cmd), "rm -rf %s", tmpdir);
	CHECK(system(cmd) == 0);
	return t_done();
}
