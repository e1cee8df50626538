/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The device tree reader on the real captures' /sys/firmware/fdt (values
 * checked by hand with `dtc -I dtb -O dts` and against each capture's
 * dmesg.txt and mem/), on small trees compiled from the testdata/fdt sources with
 * dtc at test time, and on blobs cut or corrupted here.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "read/devtree.h"
#include "read/dmesg.h"
#include "t.h"

struct run {
	struct ea_input in, l;
	struct ea_fdt f;
	struct ea_diags d;
	bool ok;
};

static void run_free(struct run *r)
{
	ea_fdt_free(&r->f);
	ea_diags_free(&r->d);
	ea_input_free(&r->in);
	ea_input_free(&r->l);
}

static void run_data(struct run *r, const char *data, size_t len)
{
	memset(r, 0, sizeof(*r));
	r->in.name = "fdt";
	r->l.name = "fdt";
	ea_input_set_data(&r->in, data, len);
	r->ok = ea_fdt_parse(&r->in, &r->l, &r->f, &r->d);
}

static bool run_file(struct run *r, const char *path)
{
	struct ea_input f = { .name = "fdt" };
	bool loaded = ea_input_load_file(&f, path);

	CHECK(loaded);
	if (!loaded) {
		fprintf(stderr, "cannot read %s: %s\n", path,
			f.detail ? f.detail : "?");
		ea_input_free(&f);
		memset(r, 0, sizeof(*r));
		return false;
	}
	run_data(r, f.data, f.len);
	ea_input_free(&f);
	return true;
}

/* The text of an evidence line (a listing line), NUL-terminated. */
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

/* The value bytes named by "byte 0x..." in an evidence line, as a
 * big-endian number of n bytes read from the blob itself. */
static uint64_t value_at_evidence(const struct run *r, const struct ea_evid *e,
				  unsigned n)
{
	const char *t = strstr(ev_text(e), "byte 0x");
	uint64_t v = 0;

	if (!t)
		return ~0ULL;
	unsigned long off = strtoul(t + 7, NULL, 16);
	if (off + n > r->in.len)
		return ~0ULL;
	for (unsigned i = 0; i < n; i++)
		v = v << 8 | (unsigned char)r->in.data[off + i];
	return v;
}

static char tmpdir[64];

/* dtc is part of the build environment (device-tree-compiler): a missing
 * dtc fails the test rather than skipping it. */
static bool compile(const char *dts, struct run *r)
{
	char cmd[1024], out[256];

	snprintf(out, sizeof(out), "%s/%s.dtb", tmpdir, dts);
	snprintf(cmd, sizeof(cmd), "dtc -q -I dts -O dtb -o %s %s/fdt/%s.dts",
		 out, TESTDATA, dts);
	int rc = system(cmd);
	CHECK(rc == 0);
	if (rc != 0) {
		fprintf(stderr, "failed: %s\n", cmd);
		memset(r, 0, sizeof(*r));
		return false;
	}
	return run_file(r, out);
}

struct capture {
	const char *name;
	uint64_t systab, mmap;
	bool initrd;
	uint64_t initrd_start, initrd_end;
	const char *bootargs;
	uint32_t last_comp; /* header last_comp_version */
};

static const struct capture caps[] = {
	{ "qemu-arm64-5.10-acpi-smp2-1g", 0x7ffd0018, 0x7c42d018, true,
	  0x7c2e0000, 0x7c41a5ac,
	  "console=ttyAMA0 efi=debug acpi=force log_buf_len=4M panic=-1  "
	  "initrd=initrd",
	  2 },
	{ "qemu-arm64-5.10-acpi-smp4-256m", 0x4ffd0018, 0x4c42d018, true,
	  0x4c2e0000, 0x4c41a5ab,
	  "console=ttyAMA0 efi=debug acpi=force log_buf_len=4M panic=-1  "
	  "initrd=initrd",
	  2 },
	{ "qemu-arm64-6.1-acpi-gicv2", 0x7ffd0018, 0x7c43d9c0, false, 0, 0,
	  "console=ttyAMA0 efi=debug acpi=force log_buf_len=4M panic=-1  "
	  "initrd=initrd",
	  16 },
	{ "qemu-arm64-6.1-acpi-smp4-2g", 0xbffd0018, 0xbc43d9c0, false, 0, 0,
	  "console=ttyAMA0 efi=debug acpi=force log_buf_len=4M panic=-1  "
	  "initrd=initrd",
	  16 },
	{ "qemu-arm64-6.1-dt-smp2-1g", 0x7ffd0018, 0x7c0e0040, false, 0, 0,
	  "console=ttyAMA0 efi=debug  log_buf_len=4M panic=-1  initrd=initrd",
	  16 },
};

static void real_capture(const struct capture *c)
{
	char path[512];
	struct run r;
	struct ea_input din = { .name = "dmesg" };
	struct ea_dmesg dm = { 0 };
	struct ea_diags dd = { 0 };
	struct stat st;

	snprintf(path, sizeof(path), "%s/captures/%s/sys/firmware/fdt",
		 TESTDATA, c->name);
	if (!run_file(&r, path))
		return;
	CHECK(r.ok && r.f.usable);
	CHECK(r.in.status == EA_IN_OK);
	CHECK_U64(r.d.n, 0);
	CHECK_U64(r.f.version, 17);
	CHECK_U64(r.f.root_addr_cells, 2);
	CHECK_U64(r.f.root_size_cells, 2);
	CHECK(r.f.has_chosen);

	/* the EFI stub's five parameters, as dtc shows them */
	CHECK(r.f.systab.has && r.f.systab.len == 8);
	CHECK_U64(r.f.systab.v, c->systab);
	CHECK(r.f.mmap_start.has && r.f.mmap_start.len == 8);
	CHECK_U64(r.f.mmap_start.v, c->mmap);
	CHECK(r.f.mmap_size.has && r.f.mmap_size.len == 4);
	CHECK_U64(r.f.mmap_size.v, 0x5a0);
	CHECK_U64(r.f.mmap_desc_size.v, 0x30);
	CHECK_U64(r.f.mmap_desc_ver.v, 1);
	/* the evidence names the bytes that hold the value */
	CHECK_U64(value_at_evidence(&r, &r.f.mmap_start.ev, 8), c->mmap);
	CHECK_U64(value_at_evidence(&r, &r.f.systab.ev, 8), c->systab);
	CHECK_U64(value_at_evidence(&r, &r.f.mmap_size.ev, 4), 0x5a0);
	CHECK(strstr(ev_text(&r.f.mmap_start.ev),
		     "/chosen linux,uefi-mmap-start = ") != NULL);
	CHECK(r.f.mmap_start.ev.in == &r.l);

	/* the same numbers the kernel printed with efi=debug ("MemMap
	 * Address" etc., dmesg lines 4-8), and the map buffer was saved */
	snprintf(path, sizeof(path), "%s/captures/%s/dmesg.txt", TESTDATA,
		 c->name);
	CHECK(ea_input_load_file(&din, path));
	ea_dmesg_parse(&din, &dm, &dd);
	CHECK(dm.has_mmap_addr && dm.has_systab && dm.has_mmap_size);
	CHECK_U64(r.f.mmap_start.v, dm.mmap_addr);
	CHECK_U64(r.f.systab.v, dm.systab);
	CHECK_U64(r.f.mmap_size.v, dm.mmap_size);
	CHECK_U64(r.f.mmap_desc_size.v, dm.desc_size);
	CHECK_U64(r.f.mmap_desc_ver.v, dm.desc_ver);
	snprintf(path, sizeof(path), "%s/captures/%s/mem/%016llx.bin", TESTDATA,
		 c->name, (unsigned long long)r.f.mmap_start.v);
	CHECK(stat(path, &st) == 0 && (uint64_t)st.st_size == 0x5a0);

	/* 5.10's stub passed the initrd in /chosen; 6.1's loads it through
	 * the LINUX_EFI_INITRD_MEDIA protocol (INITRD= in the efi: line) */
	CHECK(r.f.has_initrd == c->initrd);
	if (c->initrd) {
		CHECK_U64(r.f.initrd_start.v, c->initrd_start);
		CHECK_U64(r.f.initrd_end.v, c->initrd_end);
		CHECK_U64(r.f.initrd.first, c->initrd_start);
		CHECK_U64(r.f.initrd.last, c->initrd_end - 1);
	} else {
		CHECK(!r.f.initrd_start.has && !r.f.initrd_end.has);
	}
	CHECK_STR(r.f.bootargs, c->bootargs);
	CHECK(!r.f.has_elfcorehdr && r.f.usable_mem.n == 0);
	/* the stub deletes /memreserve/ entries; no /reserved-memory */
	CHECK_U64(r.f.memreserve.n, 0);
	CHECK(!r.f.has_resmem && r.f.resmem.n == 0);
	CHECK(strstr(r.l.data, "byte 0x28: /memreserve/ end (0 entries)"));
	/* the header line shows last_comp_version as written: 2 by 5.10's
	 * libfdt, 16 by 6.1's */
	char hl[64];
	snprintf(hl, sizeof(hl), "last_comp_version %u ", c->last_comp);
	CHECK(strstr(r.l.data, hl) != NULL);

	ea_dmesg_free(&dm);
	ea_diags_free(&dd);
	ea_input_free(&din);
	run_free(&r);
}

static void real(void)
{
	for (size_t i = 0; i < sizeof(caps) / sizeof(caps[0]); i++)
		real_capture(&caps[i]);

	/* ACPI boots: the stub's DT has /chosen only */
	struct run r;
	char path[512];
	snprintf(path, sizeof(path),
		 "%s/captures/qemu-arm64-6.1-acpi-smp4-2g/sys/firmware/fdt",
		 TESTDATA);
	if (run_file(&r, path)) {
		CHECK(r.f.memory.n == 0 && r.f.ngicv3 == 0 && r.f.its.n == 0);
		run_free(&r);
	}

	/* The DT boot: QEMU's full tree. memory@40000000 is the 1 GiB;
	 * intc@8000000 has the distributor and the redistributor region
	 * (CPU0's redistributor at 0x80a0000, dmesg line 110); its ITS is
	 * the "ITS [mem 0x08080000-0x0809ffff]" of dmesg line 111. */
	snprintf(path, sizeof(path),
		 "%s/captures/qemu-arm64-6.1-dt-smp2-1g/sys/firmware/fdt",
		 TESTDATA);
	if (!run_file(&r, path))
		return;
	CHECK_U64(r.f.totalsize, 8116);
	CHECK_U64(r.f.memory.n, 1);
	if (r.f.memory.n == 1) {
		CHECK_U64(r.f.memory.v[0].r.first, 0x40000000);
		CHECK_U64(r.f.memory.v[0].r.last, 0x7fffffff);
		CHECK_STR(ev_text(&r.f.memory.v[0].ev),
			  "/memory@40000000 reg[0] = "
			  "0x0000000040000000-0x000000007fffffff (address "
			  "0x40000000 size 0x40000000; byte 0x160, "
			  "struct+0x11c)");
		/* byte 0x160 holds <0x0 0x40000000 ...> */
		CHECK_U64(value_at_evidence(&r, &r.f.memory.v[0].ev, 8),
			  0x40000000);
	}
	CHECK_U64(r.f.ngicv3, 1);
	CHECK_U64(r.f.gicv3_reg.n, 2);
	if (r.f.gicv3_reg.n == 2) {
		CHECK_U64(r.f.gicv3_reg.v[0].r.first, 0x8000000);
		CHECK_U64(r.f.gicv3_reg.v[0].r.last, 0x800ffff);
		CHECK_U64(r.f.gicv3_reg.v[1].r.first, 0x80a0000);
		CHECK_U64(r.f.gicv3_reg.v[1].r.last, 0x8ffffff);
	}
	CHECK_U64(r.f.its.n, 1);
	if (r.f.its.n == 1) {
		CHECK_U64(r.f.its.v[0].r.first, 0x8080000);
		CHECK_U64(r.f.its.v[0].r.last, 0x809ffff);
		CHECK(strstr(ev_text(&r.f.its.v[0].ev),
			     "/intc@8000000/its@8080000 reg[0] = ") != NULL);
	}
	/* the ITS base matches the kernel's "ITS@0x..." lines */
	struct ea_input din = { .name = "dmesg" };
	struct ea_dmesg dm = { 0 };
	struct ea_diags dd = { 0 };
	snprintf(path, sizeof(path),
		 "%s/captures/qemu-arm64-6.1-dt-smp2-1g/dmesg.txt", TESTDATA);
	CHECK(ea_input_load_file(&din, path));
	ea_dmesg_parse(&din, &dm, &dd);
	CHECK(dm.its.n >= 1);
	for (size_t i = 0; i < dm.its.n && r.f.its.n; i++)
		CHECK_U64(dm.its.v[i].its_base, r.f.its.v[0].r.first);
	ea_dmesg_free(&dm);
	ea_diags_free(&dd);
	ea_input_free(&din);
	run_free(&r);
}

static void synthetic(void)
{
	struct run r;

	/* every accepted cell width */
	if (compile("chosen-uefi", &r)) {
		CHECK(r.ok && r.d.n == 0);
		CHECK(r.f.systab.len == 8 && r.f.systab.v == 0x7ffd0018);
		CHECK(r.f.mmap_start.len == 4 &&
		      r.f.mmap_start.v == 0x7c0e0040);
		CHECK(r.f.mmap_size.len == 8 && r.f.mmap_size.v == 0x5a0);
		CHECK_U64(r.f.mmap_desc_size.v, 0x30);
		CHECK_U64(r.f.mmap_desc_ver.v, 1);
		CHECK(r.f.has_initrd);
		CHECK(r.f.initrd_start.len == 4 && r.f.initrd_end.len == 8);
		CHECK_U64(r.f.initrd.first, 0x48000000);
		CHECK_U64(r.f.initrd.last, 0x48123455);
		CHECK(r.f.has_elfcorehdr);
		CHECK_U64(r.f.elfcorehdr.r.first, 0x9fff0000);
		CHECK_U64(r.f.elfcorehdr.r.last, 0x9fffffff);
		CHECK_U64(r.f.usable_mem.n, 2);
		if (r.f.usable_mem.n == 2) {
			CHECK_U64(r.f.usable_mem.v[0].r.first, 0x90000000);
			CHECK_U64(r.f.usable_mem.v[0].r.last, 0x9fffffff);
			CHECK_U64(r.f.usable_mem.v[1].r.first, 0x20000000);
			CHECK_U64(r.f.usable_mem.v[1].r.last, 0x27ffffff);
		}
		CHECK_STR(r.f.bootargs, "console=ttyAMA0 crashkernel=256M");
		CHECK_U64(value_at_evidence(&r, &r.f.mmap_start.ev, 4),
			  0x7c0e0040);
		run_free(&r);
	}

	/* values no kernel could use: each one a diag naming its byte */
	if (compile("chosen-bad", &r)) {
		CHECK(r.ok && r.f.usable);
		CHECK(!r.f.systab.has && !r.f.mmap_desc_size.has);
		CHECK(has_diag(&r.d, "byte 0x78: /chosen linux,uefi-system-"
				     "table is 12 bytes"));
		CHECK(has_diag(&r.d, "byte 0xb8: /chosen linux,uefi-mmap-desc-"
				     "size is 2 bytes"));
		CHECK(has_diag(&r.d, "no usable linux,uefi-system-table: the "
				     "kernel ignores"));
		CHECK(r.f.mmap_size.has && r.f.mmap_size.v == 0x100000000ULL);
		CHECK(has_diag(&r.d, "linux,uefi-mmap-size = 0x100000000 does "
				     "not fit"));
		CHECK(!r.f.has_initrd);
		CHECK(
		    has_diag(&r.d, "linux,initrd-end 0x48100000 is not above"));
		CHECK(!r.f.has_elfcorehdr);
		CHECK(has_diag(&r.d, "byte 0x100: /chosen linux,elfcorehdr is "
				     "12 bytes"));
		CHECK_U64(r.f.usable_mem.n, 0);
		CHECK(has_diag(&r.d, "byte 0x118: /chosen linux,usable-memory-"
				     "range[0]: address 0xfffffffffffff000 + "
				     "size 0x2000 runs past 2^64"));
		CHECK_STR(r.f.bootargs, "abc");
		CHECK(has_diag(&r.d, "bootargs (3 bytes) has no terminating "
				     "NUL"));
		CHECK_U64(r.d.n, 8);
		run_free(&r);
	}

	/* kexec-tools' bootargs: the string and two NULs, no text lost */
	if (compile("chosen-kexec-tools", &r)) {
		CHECK(r.ok && r.f.usable);
		CHECK_STR(r.f.bootargs, "console=ttyAMA0 efi=debug acpi=force "
					"log_buf_len=4M panic=-1 ea.boot=2");
		CHECK_U64(r.d.n, 0);
		run_free(&r);
	}
	/* text after a NUL is lost to the kernel: said so */
	if (compile("chosen-bootargs-split", &r)) {
		CHECK_STR(r.f.bootargs, "console=ttyAMA0");
		CHECK(has_diag(&r.d, "/chosen bootargs (26 bytes) has a NUL "
				     "before its end; the text after it is "
				     "ignored"));
		CHECK_U64(r.d.n, 1);
		run_free(&r);
	}

	if (compile("chosen-partial", &r)) {
		CHECK(r.f.systab.has && !r.f.mmap_desc_ver.has);
		CHECK_U64(r.d.n, 1);
		CHECK(has_diag(&r.d, "Can't find property "
				     "'linux,uefi-mmap-desc-ver'"));
		run_free(&r);
	}

	if (compile("reserved-memory", &r)) {
		const struct ea_fdt_resmem *m = r.f.resmem.v;
		CHECK(r.f.has_resmem && !r.f.resmem_ignored);
		/* secmon, ramoops, linux,cma, multi x2; not the disabled one,
		 * not the one past 2^64, not the half pair */
		CHECK_U64(r.f.resmem.n, 5);
		if (r.f.resmem.n == 5) {
			CHECK_STR(m[0].name, "secmon@5e000000");
			CHECK(m[0].has_reg && m[0].no_map);
			CHECK_U64(m[0].r.first, 0x5e000000);
			CHECK_U64(m[0].r.last, 0x5e1fffff);
			CHECK(strstr(ev_text(&m[0].ev), " no-map ") != NULL);
			CHECK_STR(m[1].name, "ramoops@7ff00000");
			CHECK(m[1].has_reg && !m[1].no_map);
			CHECK_U64(m[1].r.first, 0x7ff00000);
			CHECK_U64(m[1].r.last, 0x7fffffff);
			CHECK_STR(m[2].name, "linux,cma");
			CHECK(!m[2].has_reg && m[2].has_size);
			CHECK_U64(m[2].size, 0x4000000);
			CHECK_STR(m[3].name, "multi@61000000");
			CHECK(m[3].no_map && m[4].no_map);
			CHECK_U64(m[3].r.first, 0x61000000);
			CHECK_U64(m[3].r.last, 0x61000fff);
			CHECK_U64(m[4].r.first, 0x62000000);
			CHECK_U64(m[4].r.last, 0x62001fff);
		}
		CHECK(strstr(r.l.data, "/reserved-memory/disabled@60000000: "
				       "status not okay"));
		CHECK_U64(r.d.n, 2);
		CHECK(has_diag(&r.d, "byte 0x298: /reserved-memory/"
				     "wrap@fffffffffffff000 reg[0]: address "
				     "0xfffffffffffff000 + size 0x2000 runs "
				     "past 2^64"));
		CHECK(has_diag(&r.d, "byte 0x2cc: /reserved-memory/"
				     "odd@63000000 reg is 12 bytes"));
		CHECK_U64(r.f.memory.n, 1);
		run_free(&r);
	}

	if (compile("reserved-memory-1cell", &r)) {
		CHECK(r.d.n == 0 && !r.f.resmem_ignored);
		CHECK(r.f.root_addr_cells == 1 && r.f.root_size_cells == 1);
		CHECK_U64(r.f.resmem.n, 2);
		if (r.f.resmem.n == 2) {
			CHECK(r.f.resmem.v[0].no_map);
			CHECK_U64(r.f.resmem.v[0].r.first, 0x9e000000);
			CHECK_U64(r.f.resmem.v[0].r.last, 0x9fffffff);
			CHECK(!r.f.resmem.v[1].has_reg);
			CHECK_U64(r.f.resmem.v[1].size, 0x1000000);
		}
		CHECK_U64(r.f.memory.n, 1);
		if (r.f.memory.n == 1)
			CHECK_U64(r.f.memory.v[0].r.last, 0x9fffffff);
		run_free(&r);
	}

	/* decoded with the node's own cells, but flagged: the kernel
	 * ignores it */
	if (compile("reserved-memory-mismatch", &r)) {
		CHECK(r.f.has_resmem && r.f.resmem_ignored);
		CHECK_U64(r.f.resmem.n, 1);
		if (r.f.resmem.n == 1) {
			CHECK_U64(r.f.resmem.v[0].r.first, 0x50000000);
			CHECK_U64(r.f.resmem.v[0].r.last, 0x5000ffff);
		}
		CHECK(has_diag(&r.d, "unsupported node format"));
		run_free(&r);
	}
	/* the root's cells, but no ranges: ignored all the same */
	if (compile("reserved-memory-no-ranges", &r)) {
		CHECK(r.f.has_resmem && r.f.resmem_ignored);
		CHECK_U64(r.f.resmem.n, 1);
		CHECK(has_diag(&r.d, "unsupported node format"));
		run_free(&r);
	}

	if (compile("gicv3-its", &r)) {
		CHECK(r.d.n == 0 && r.f.ngicv3 == 1);
		CHECK_U64(r.f.gicv3_reg.n, 2);
		/* two ITS; the disabled one and the v2m frame are not */
		CHECK_U64(r.f.its.n, 2);
		if (r.f.its.n == 2) {
			CHECK_U64(r.f.its.v[0].r.first, 0x8080000);
			CHECK_U64(r.f.its.v[1].r.first, 0x9100000);
			CHECK_U64(r.f.its.v[1].r.last, 0x911ffff);
		}
		CHECK(strstr(r.l.data, "/intc@8000000/its@9200000: "
				       "arm,gic-v3-its, status not okay"));
		run_free(&r);
	}

	/* 1-cell children behind a non-empty ranges */
	if (compile("gicv3-ranges", &r)) {
		CHECK_U64(r.f.its.n, 1);
		if (r.f.its.n == 1) {
			CHECK_U64(r.f.its.v[0].r.first, 0x20000);
			CHECK_U64(r.f.its.v[0].r.last, 0x3ffff);
		}
		CHECK(has_diag(&r.d, "non-empty ranges"));
		run_free(&r);
	}

	if (compile("memreserve", &r)) {
		CHECK(r.d.n == 0);
		CHECK_U64(r.f.memreserve.n, 2);
		if (r.f.memreserve.n == 2) {
			CHECK_U64(r.f.memreserve.v[0].r.first, 0x48000000);
			CHECK_U64(r.f.memreserve.v[0].r.last, 0x480fffff);
			CHECK_U64(r.f.memreserve.v[1].r.first, 0x80000000);
			CHECK_U64(r.f.memreserve.v[1].r.last, 0x80000fff);
			CHECK_STR(ev_text(&r.f.memreserve.v[1].ev),
				  "byte 0x38: /memreserve/ 1: "
				  "0x0000000080000000-0x0000000080000fff "
				  "(address 0x80000000 size 0x1000)");
		}
		/* two regions, linux,usable-memory over reg; not the
		 * disabled node, the size-0 region, nor /soc/memory@... */
		CHECK_U64(r.f.memory.n, 3);
		if (r.f.memory.n == 3) {
			CHECK_U64(r.f.memory.v[0].r.first, 0x40000000);
			CHECK_U64(r.f.memory.v[1].r.first, 0x880000000ULL);
			CHECK_U64(r.f.memory.v[1].r.last, 0x8ffffffffULL);
			CHECK_U64(r.f.memory.v[2].r.first, 0xc0000000);
			CHECK_U64(r.f.memory.v[2].r.last, 0xc07fffff);
		}
		run_free(&r);
	}

	/* no cells anywhere: 1 and 1 at the root, inherited below */
	if (compile("root-defaults", &r)) {
		CHECK(r.d.n == 0);
		CHECK(r.f.root_addr_cells == 1 && r.f.root_size_cells == 1);
		CHECK(strstr(r.l.data, "/ #address-cells 1 (absent: the "
				       "default), #size-cells 1 (absent: the "
				       "default)"));
		CHECK_U64(r.f.memory.n, 1);
		if (r.f.memory.n == 1) {
			CHECK_U64(r.f.memory.v[0].r.first, 0x40000000);
			CHECK_U64(r.f.memory.v[0].r.last, 0x4fffffff);
		}
		CHECK_U64(r.f.its.n, 1);
		if (r.f.its.n == 1) {
			CHECK_U64(r.f.its.v[0].r.first, 0x8080000);
			CHECK_U64(r.f.its.v[0].r.last, 0x809ffff);
		}
		run_free(&r);
	}

	/* cells inherited from the bus two levels up */
	if (compile("gicv3-inherit", &r)) {
		CHECK(r.d.n == 0 && r.f.ngicv3 == 1);
		CHECK_U64(r.f.gicv3_reg.n, 1);
		CHECK_U64(r.f.its.n, 1);
		if (r.f.its.n == 1) {
			CHECK_U64(r.f.its.v[0].r.first, 0x2f020000);
			CHECK_U64(r.f.its.v[0].r.last, 0x2f03ffff);
			CHECK(strstr(ev_text(&r.f.its.v[0].ev),
				     "/soc/interrupt-controller@2f000000/"
				     "its@2f020000 reg[0] = ") != NULL);
		}
		run_free(&r);
	}

	if (compile("bad-cells", &r)) {
		CHECK(r.ok && r.f.memory.n == 0);
		CHECK(has_diag(&r.d, "byte 0x94: /memory@40000000 reg: "
				     "#address-cells 3"));
		CHECK(has_diag(&r.d, "byte 0xdc: /reserved-memory #size-cells "
				     "is 8 bytes"));
		CHECK(r.f.resmem_ignored);
		run_free(&r);
	}
}

static char *slurp(const char *path, size_t *len)
{
	struct ea_input f = { .name = "x" };
	char *p = NULL;

	if (ea_input_load_file(&f, path)) {
		p = ea_xrealloc(NULL, f.len, 1);
		memcpy(p, f.data, f.len);
		*len = f.len;
	}
	ea_input_free(&f);
	return p;
}

static void put_be32(char *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (char)(v >> (24 - 8 * i));
}

static void put_be64(char *p, uint64_t v)
{
	put_be32(p, (uint32_t)(v >> 32));
	put_be32(p + 4, (uint32_t)v);
}

/* A corrupted copy of blob must be unusable for the reason given. */
static void expect_unusable(const char *blob, size_t len, const char *why)
{
	struct run r;

	run_data(&r, blob, len);
	CHECK(!r.ok && !r.f.usable);
	CHECK(r.in.status == EA_IN_MALFORMED);
	CHECK(r.in.detail && strstr(r.in.detail, why));
	if (!r.in.detail || !strstr(r.in.detail, why))
		fprintf(stderr, "  wanted \"%s\", got \"%s\"\n", why,
			r.in.detail ? r.in.detail : "(null)");
	CHECK_U64(r.d.n, 1);
	/* nothing extracted from an unusable blob */
	CHECK(!r.f.has_chosen && !r.f.mmap_start.has && r.f.memory.n == 0);
	run_free(&r);
}

static void hostile(void)
{
	char path[512];
	size_t len = 0;

	snprintf(path, sizeof(path),
		 "%s/captures/qemu-arm64-6.1-dt-smp2-1g/sys/firmware/fdt",
		 TESTDATA);
	char *real_blob = slurp(path, &len);
	CHECK(real_blob && len == 8116);
	if (!real_blob)
		return;
	char *b = ea_xrealloc(NULL, len, 1);

	expect_unusable(real_blob, 0, "only 0 bytes");
	expect_unusable(real_blob, 20, "only 20 bytes");
	expect_unusable(real_blob, 36,
			"only 36 bytes: the version 17 header is 40 bytes");
	/* cut: totalsize 0x1fb4 is past what was read */
	expect_unusable(real_blob, 4000,
			"byte 0x4: totalsize 0x1fb4 is past the end of the "
			"0xfa0 bytes read");
	expect_unusable(real_blob, len - 1, "byte 0x4: totalsize 0x1fb4");

	memcpy(b, real_blob, len);
	b[0] = 0;
	expect_unusable(b, len, "byte 0x0: magic 0x000dfeed is not 0xd00dfeed");

	memcpy(b, real_blob, len);
	put_be32(b + 4, 0x2000);
	expect_unusable(b, len, "byte 0x4: totalsize 0x2000 is past the end");

	/* string table (off 0x1d28) made to run past totalsize */
	memcpy(b, real_blob, len);
	put_be32(b + 32, 0x1000);
	expect_unusable(b, len,
			"bytes 0xc/0x20: string table 0x1d28 + 0x1000 runs "
			"past totalsize 0x1fb4");

	memcpy(b, real_blob, len);
	put_be32(b + 36, 0x3000);
	expect_unusable(b, len, "structure block 0x38 + 0x3000 runs past");

	memcpy(b, real_blob, len);
	put_be32(b + 16, 0x10000);
	expect_unusable(b, len, "byte 0x10: off_mem_rsvmap 0x10000 is outside");

	memcpy(b, real_blob, len);
	put_be32(b + 20, 1);
	expect_unusable(b, len, "byte 0x14: version 1");
	/* version 2: libfdt 1.6.1 would crash in fdt_check_full() on it
	 * (full-path names; found by fuzzing) */
	memcpy(b, real_blob, len);
	put_be32(b + 20, 2);
	expect_unusable(b, len,
			"byte 0x14: version 2, last_comp_version 16: only "
			"versions 16 and 17 are read");

	/* the structure block: /chosen bootargs is the FDT_PROP at byte
	 * 0x1c70 (tag 3, len 0x42, nameoff 0x1cc); a length past the block,
	 * a name outside the string table, and the FDT_END tag at byte
	 * 0x1d24 turned into a second FDT_END_NODE */
	memcpy(b, real_blob, len);
	put_be32(b + 0x1c74, 0x10000);
	expect_unusable(b, len,
			"fdt_check_full: FDT_ERR_BADSTRUCTURE (first bad tag "
			"at struct+0x1c38, byte 0x1c70)");
	memcpy(b, real_blob, len);
	put_be32(b + 0x1c78, 0x5000);
	expect_unusable(b, len,
			"fdt_check_full: FDT_ERR_BADOFFSET (first bad tag at "
			"struct+0x1c38, byte 0x1c70)");
	memcpy(b, real_blob, len);
	put_be32(b + 0x1d24, 2);
	expect_unusable(b, len,
			"fdt_check_full: FDT_ERR_BADSTRUCTURE (first bad tag "
			"at struct+0x1cec, byte 0x1d24)");
	free(b);
	free(real_blob);

	/* the memreserve tree's reservation block with its terminator (byte
	 * 0x48, size at 0x50) given a size: entry 2 is read, then the block
	 * runs into the structure block at 0x58 */
	char out[256];
	struct run r;
	if (!compile("memreserve", &r))
		return;
	run_free(&r);
	snprintf(out, sizeof(out), "%s/memreserve.dtb", tmpdir);
	b = slurp(out, &len);
	CHECK(b != NULL);
	if (!b)
		return;
	put_be64(b + 0x50, 0x1000);
	run_data(&r, b, len);
	CHECK(r.ok);
	CHECK_U64(r.f.memreserve.n, 3);
	CHECK(has_diag(&r.d, "byte 0x58: the memory reservation block has no "
			     "zero-size terminator before byte 0x58"));
	run_free(&r);
	free(b);
}

/* A tree written here: 4097 /memreserve/ entries and a memory node of
 * 4097 regions, one more than is read. */
static void caps_exceeded(void)
{
	char dts[256], dtb[256], cmd[640];
	struct run r;

	snprintf(dts, sizeof(dts), "%s/many.dts", tmpdir);
	snprintf(dtb, sizeof(dtb), "%s/many.dtb", tmpdir);
	FILE *f = fopen(dts, "w");
	CHECK(f != NULL);
	if (!f)
		return;
	fprintf(f, "/dts-v1/;\n");
	for (unsigned i = 0; i <= EA_FDT_MAX_PAIRS; i++)
		fprintf(f, "/memreserve/ 0x%x 0x1000;\n",
			0x40000000u + i * 0x1000u);
	fprintf(f, "/ {\n#address-cells = <1>;\n#size-cells = <1>;\n"
		   "memory@0 {\ndevice_type = \"memory\";\nreg = <");
	for (unsigned i = 0; i <= EA_FDT_MAX_PAIRS; i++)
		fprintf(f, " 0x%x 0x1000", i * 0x2000u);
	fprintf(f, ">;\n};\n};\n");
	fclose(f);
	snprintf(cmd, sizeof(cmd), "dtc -q -I dts -O dtb -o %s %s", dtb, dts);
	CHECK(system(cmd) == 0);
	if (!run_file(&r, dtb))
		return;
	CHECK(r.ok);
	CHECK_U64(r.f.memreserve.n, EA_FDT_MAX_PAIRS);
	CHECK_U64(r.f.memory.n, EA_FDT_MAX_PAIRS);
	CHECK_U64(r.f.memory.v[EA_FDT_MAX_PAIRS - 1].r.first,
		  (EA_FDT_MAX_PAIRS - 1) * 0x2000u);
	CHECK(has_diag(&r.d, "more than 4096 /memreserve/ entries"));
	CHECK(has_diag(&r.d, "/memory@0 reg has 4097 (address, size) pairs"));
	CHECK_U64(r.d.n, 2);
	run_free(&r);
}

int main(void)
{
	snprintf(tmpdir, sizeof(tmpdir), "/tmp/ea-fdt-XXXXXX");
	CHECK(mkdtemp(tmpdir) != NULL);
	real();
	synthetic();
	hostile();
	caps_exceeded();
	char cmd[128];
	snprintf(cmd, sizeof(cmd), "rm -rf %s", tmpdir);
	CHECK(system(cmd) == 0);
	return t_done();
}
