/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Tests of the kernel log parser. The values asserted for the files under
 * testdata/ were read from the raw files by hand (line numbers included);
 * the synthetic strings cover forms no real file shows.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/input.h"
#include "read/dmesg.h"
#include "read/logline.h"
#include "t.h"

#ifndef TESTDATA
#error "compile with -DTESTDATA='\"/path/to/testdata\"'"
#endif

struct fx {
	struct ea_input in;
	struct ea_dmesg d;
	struct ea_diags dg;
};

static bool load(struct fx *f, const char *rel)
{
	char path[512];

	memset(f, 0, sizeof(*f));
	f->in.name = "dmesg";
	snprintf(path, sizeof(path), "%s/%s", TESTDATA, rel);
	if (!ea_input_load_file(&f->in, path)) {
		fprintf(stderr, "cannot load %s\n", path);
		CHECK(!"testdata file missing");
		return false;
	}
	ea_dmesg_parse(&f->in, &f->d, &f->dg);
	return true;
}

static void parse_mem(struct fx *f, const char *s, size_t n)
{
	memset(f, 0, sizeof(*f));
	f->in.name = "dmesg";
	ea_input_set_data(&f->in, s, n);
	ea_dmesg_parse(&f->in, &f->d, &f->dg);
}

static void parse_str(struct fx *f, const char *s)
{
	parse_mem(f, s, strlen(s));
}

static void fx_free(struct fx *f)
{
	ea_dmesg_free(&f->d);
	ea_diags_free(&f->dg);
	ea_input_free(&f->in);
}

static const struct ea_cfg_table *cfg_find(const struct ea_dmesg *d,
					   const char *name)
{
	for (size_t i = 0; i < d->cfg.n; i++)
		if (!strcmp(d->cfg.v[i].name, name))
			return &d->cfg.v[i];
	return NULL;
}

/* The nth (0-based) ACPI table line with this signature. */
static const struct ea_acpi_table *acpi_find(const struct ea_dmesg *d,
					     const char *sig, int nth)
{
	for (size_t i = 0; i < d->acpi.n; i++)
		if (!strcmp(d->acpi.v[i].sig, sig) && nth-- == 0)
			return &d->acpi.v[i];
	return NULL;
}

static size_t acpi_virt_count(const struct ea_dmesg *d)
{
	size_t k = 0;

	for (size_t i = 0; i < d->acpi.n; i++)
		k += d->acpi.v[i].virt;
	return k;
}

/* Does a diagnostic name this line and contain this text? */
static bool diag_has(const struct fx *f, uint32_t line, const char *text)
{
	for (size_t i = 0; i < f->dg.n; i++)
		if (f->dg.v[i].ev.line == line && strstr(f->dg.v[i].msg, text))
			return true;
	return false;
}

/* The raw text an evidence points at equals s. */
static bool ev_is(const struct fx *f, struct ea_evid ev, const char *s)
{
	return ev.in == &f->in && ev.len == strlen(s) &&
	       memcmp(f->in.data + ev.off, s, ev.len) == 0;
}

#define CHECK_RANGE(r, a, b)                                                   \
	do {                                                                   \
		CHECK_U64((r).first, (a));                                     \
		CHECK_U64((r).last, (b));                                      \
	} while (0)

#define CHECK_DESC(e, a, b, t, at)                                             \
	do {                                                                   \
		CHECK_RANGE((e).r, (a), (b));                                  \
		CHECK_U64((e).type, (t));                                      \
		CHECK_U64((e).attr, (at));                                     \
	} while (0)

#define CHECK_CFG(d, nm, a)                                                    \
	do {                                                                   \
		const struct ea_cfg_table *c_t = cfg_find((d), (nm));          \
		CHECK(c_t != NULL);                                            \
		if (c_t)                                                       \
			CHECK_U64(c_t->addr, (a));                             \
	} while (0)

#define CHECK_ACPI(d, s, nth, a, len)                                          \
	do {                                                                   \
		const struct ea_acpi_table *a_t = acpi_find((d), (s), (nth));  \
		CHECK(a_t != NULL);                                            \
		if (a_t) {                                                     \
			CHECK_U64(a_t->addr, (a));                             \
			CHECK_U64(a_t->length, (len));                         \
		}                                                              \
	} while (0)

#define CHECK_PENDING(d, i, c, a, res)                                         \
	do {                                                                   \
		CHECK((d)->lpi_pending.n > (i));                               \
		if ((d)->lpi_pending.n > (i)) {                                \
			CHECK_U64((d)->lpi_pending.v[i].cpu, (c));             \
			CHECK_U64((d)->lpi_pending.v[i].addr, (a));            \
			CHECK((d)->lpi_pending.v[i].reserved == (res));        \
		}                                                              \
	} while (0)

#define CHECK_ITS(d, i, base, cnt, ty, a, ind)                                 \
	do {                                                                   \
		CHECK((d)->its.n > (i));                                       \
		if ((d)->its.n > (i)) {                                        \
			CHECK_U64((d)->its.v[i].its_base, (base));             \
			CHECK_U64((d)->its.v[i].count, (cnt));                 \
			CHECK_STR((d)->its.v[i].type, (ty));                   \
			CHECK_U64((d)->its.v[i].addr, (a));                    \
			CHECK_U64((d)->its.v[i].psz_kib, 64);                  \
			CHECK((d)->its.v[i].indirect == (ind));                \
		}                                                              \
	} while (0)

#define WB EA_EFI_MEMORY_WB
#define WT EA_EFI_MEMORY_WT
#define WC EA_EFI_MEMORY_WC
#define UC EA_EFI_MEMORY_UC
#define RUN EA_EFI_MEMORY_RUNTIME
#define WBALL (WB | WT | WC | UC)

/* --- the six QEMU captures ------------------------------------------------ */

static void test_capture_amd64(void)
{
	struct fx f;
	const struct ea_dmesg *d = &f.d;

	if (!load(&f, "captures/qemu-amd64-6.1-ovmf-smp2-2g/dmesg.txt"))
		return;
	CHECK_U64(f.dg.n, 0);
	CHECK_U64(d->lines, 685);
	CHECK_STR(d->kernel_version, "6.1.0-56-cloud-amd64");
	CHECK(d->kernel_banner &&
	      !strncmp(d->kernel_banner, "Linux version 6.1.0-56-cloud-amd64 (",
		       36));
	CHECK_U64(d->kernel_ev.line, 1);
	CHECK(d->starts_at_boot);
	CHECK(!d->second_kernel);
	CHECK_STR(
	    d->cmdline,
	    "console=ttyS0 efi=debug log_buf_len=4M panic=-1  initrd=initrd");
	CHECK_STR(d->efi_banner, "EFI v2.70 by EDK II");
	CHECK_U64(d->efi_banner_ev.line, 46);
	CHECK(!d->uefi_not_found);
	CHECK(d->x86_hints > 0);
	CHECK_U64(d->arm64_hints, 0);

	/* mem00..mem127 at lines 48-175, then the runtime listing */
	CHECK(d->map_form == EA_EFI_MAP_X86);
	CHECK_U64(d->efi_map.n, 128);
	CHECK_U64(d->efi_runtime_map.n, 107);
	if (d->efi_map.n == 128) {
		CHECK_DESC(d->efi_map.v[0], 0, 0xfff, EA_EFI_BOOT_CODE, WBALL);
		CHECK_U64(d->efi_map.v[0].line, 48);
		CHECK_DESC(d->efi_map.v[5], 0x806000, 0x807fff, EA_EFI_ACPI_NVS,
			   WBALL);
		CHECK_DESC(d->efi_map.v[126], 0xb0000000, 0xbfffffff,
			   EA_EFI_RESERVED, UC);
		CHECK_DESC(d->efi_map.v[127], 0xffc00000, 0xffffffff,
			   EA_EFI_MMIO, RUN | UC);
		CHECK_U64(d->efi_map.v[127].line, 175);
	}
	if (d->efi_runtime_map.n == 107) {
		CHECK_DESC(d->efi_runtime_map.v[0], 0xffc00000, 0xffffffff,
			   EA_EFI_MMIO, RUN | UC);
		CHECK_U64(d->efi_runtime_map.v[0].line, 308);
		/* boot services regions are mapped too, marked RUN */
		CHECK_DESC(d->efi_runtime_map.v[101], 0x7d618000, 0x7d618fff,
			   EA_EFI_BOOT_DATA, RUN | WBALL);
		CHECK_DESC(d->efi_runtime_map.v[106], 0, 0xfff,
			   EA_EFI_BOOT_CODE, RUN | WBALL);
		CHECK_U64(d->efi_runtime_map.v[106].line, 414);
	}

	CHECK_U64(d->cfg.n, 5);
	CHECK_CFG(d, "SMBIOS", 0x7f520000);
	CHECK_CFG(d, "ACPI", 0x7f77d000);
	CHECK_CFG(d, "ACPI 2.0", 0x7f77d014);
	CHECK_CFG(d, "MEMATTR", 0x7d618018);
	CHECK_CFG(d, "INITRD", 0x7d619f18);
	CHECK(cfg_find(d, "MEMRESERVE") == NULL);

	CHECK_U64(d->acpi.n, 10);
	CHECK_ACPI(d, "RSDP", 0, 0x7F77D014, 0x24);
	CHECK_ACPI(d, "DSDT", 0, 0x7F779000, 0x20EC);
	CHECK_ACPI(d, "FACS", 0, 0x7F7DC000, 0x40);
	CHECK_ACPI(d, "BGRT", 0, 0x7F773000, 0x38);
	CHECK_U64(acpi_virt_count(d), 0);
	CHECK_U64(d->acpi_resv.n, 8);
	if (d->acpi_resv.n == 8) {
		CHECK_STR(d->acpi_resv.v[0].sig, "FACP");
		CHECK_RANGE(d->acpi_resv.v[0].r, 0x7f778000, 0x7f7780f3);
		CHECK_U64(d->acpi_resv.v[0].ev.line, 198);
		CHECK_STR(d->acpi_resv.v[1].sig, "DSDT");
		CHECK_RANGE(d->acpi_resv.v[1].r, 0x7f779000, 0x7f77b0eb);
	}
	CHECK(!d->has_lpi_prop);
	CHECK_U64(d->lpi_pending.n + d->its.n, 0);
	CHECK(!d->has_chosen && !d->has_mmap_addr);
	CHECK(!d->has_crashkernel && !d->has_esrt_resv);
	CHECK_U64(d->symptoms.n, 0);
	fx_free(&f);
}

/* The four ACPI arm64 captures share their layout (QEMU virt + AAVMF). */
struct arm_cap {
	const char *path;
	const char *version;
	uint64_t systab, mmap, mem_base; /* mem_base: first RAM page */
	uint64_t memreserve, memattr, acpi20, smbios3;
	size_t ncfg;
	uint64_t dsdt_len, apic_len;
	uint64_t its_dev, lpi_prop;
	size_t ncpu;
};

static void check_arm_capture(const struct arm_cap *c)
{
	struct fx f;
	const struct ea_dmesg *d = &f.d;

	if (!load(&f, c->path))
		return;
	CHECK_U64(f.dg.n, 0);
	CHECK_STR(d->kernel_version, c->version);
	CHECK(d->starts_at_boot);
	CHECK(!d->second_kernel);
	CHECK(d->arm64_hints > 0);
	CHECK_U64(d->x86_hints, 0);
	CHECK_STR(d->efi_banner, "EFI v2.70 by EDK II");

	/* "efi: Getting UEFI parameters from /chosen in DT:" (5.10+ form) */
	CHECK(d->has_chosen);
	CHECK(d->has_systab && d->has_mmap_addr && d->has_mmap_size);
	CHECK_U64(d->systab, c->systab);
	CHECK_U64(d->mmap_addr, c->mmap);
	CHECK_U64(d->mmap_size, 0x5a0);
	CHECK_U64(d->desc_size, 0x30);
	CHECK_U64(d->desc_ver, 1);
	CHECK_U64(d->mmap_addr_ev.line, 5);
	CHECK_U64(d->mmap_size_ev.line, 6);

	/* 30 lines, lines 14-43; the System Table dump is not in the map */
	CHECK(d->map_form == EA_EFI_MAP_ARM);
	CHECK_U64(d->efi_map.n, 30);
	CHECK_U64(d->efi_runtime_map.n, 0);
	CHECK(!d->map_star_seen);
	if (d->efi_map.n == 30) {
		CHECK_DESC(d->efi_map.v[0], c->mem_base,
			   c->mem_base + 0x3ffffff, EA_EFI_CONVENTIONAL, WB);
		CHECK_U64(d->efi_map.v[0].line, 14);
		CHECK_DESC(d->efi_map.v[28], 0x4000000, 0x7ffffff, EA_EFI_MMIO,
			   RUN | WC);
		CHECK_DESC(d->efi_map.v[29], 0x9010000, 0x9010fff, EA_EFI_MMIO,
			   RUN | UC);
		CHECK_U64(d->efi_map.v[29].line, 43);
		CHECK_U64(d->efi_map.v[16].type, EA_EFI_ACPI_RECLAIM);
	}

	CHECK_U64(d->cfg.n, c->ncfg);
	CHECK_CFG(d, "SMBIOS 3.0", c->smbios3);
	CHECK_CFG(d, "MEMATTR", c->memattr);
	CHECK_CFG(d, "ACPI 2.0", c->acpi20);
	CHECK_CFG(d, "MEMRESERVE", c->memreserve);

	/* RSDP .. IORT; "SPCR: console" and "Core revision" are not tables */
	CHECK_U64(d->acpi.n, 11);
	CHECK_ACPI(d, "RSDP", 0, c->acpi20, 0x24);
	CHECK_ACPI(d, "XSDT", 0, c->acpi20 - 0x430018 + 0x43fe98, 0x64);
	CHECK_ACPI(d, "DSDT", 0, c->acpi20 - 0x430018 + 0x437518, c->dsdt_len);
	CHECK_ACPI(d, "APIC", 0, c->acpi20 - 0x430018 + 0x43fc18, c->apic_len);
	CHECK(acpi_find(d, "SPCR", 1) == NULL);
	CHECK_U64(d->acpi_resv.n, 0);

	if (c->ncpu) {
		CHECK(d->has_lpi_prop);
		CHECK_U64(d->lpi_prop, c->lpi_prop);
		CHECK_U64(d->lpi_pending.n, c->ncpu);
		for (size_t i = 0; i < c->ncpu; i++)
			CHECK_PENDING(d, i, i, c->lpi_prop + 0x10000 * (i + 1),
				      false);
		CHECK_U64(d->its.n, 2);
		CHECK_ITS(d, 0, 0x8080000, 8192, "Devices", c->its_dev, true);
		CHECK_ITS(d, 1, 0x8080000, 8192, "Interrupt Collections",
			  c->its_dev + 0x10000, false);
	} else {
		CHECK(!d->has_lpi_prop);
		CHECK_U64(d->lpi_pending.n + d->its.n, 0);
	}
	CHECK(!d->gic_preallocated);
	CHECK_U64(d->symptoms.n, 0);
	fx_free(&f);
}

static void test_capture_arm64(void)
{
	static const struct arm_cap caps[] = {
		{ "captures/qemu-arm64-5.10-acpi-smp2-1g/dmesg.txt",
		  "5.10.0-32-cloud-arm64", 0x7ffd0018, 0x7c42d018, 0x40000000,
		  0x7c42ff18, 0x7d506018, 0x7c430018, 0x7fed0000, 4, 0x1468,
		  0x108, 0x40170000, 0x40190000, 2 },
		{ "captures/qemu-arm64-5.10-acpi-smp4-256m/dmesg.txt",
		  "5.10.0-32-cloud-arm64", 0x4ffd0018, 0x4c42d018, 0x40000000,
		  0x4c42ff18, 0x4d506018, 0x4c430018, 0x4fed0000, 4, 0x14A2,
		  0x1A8, 0x40170000, 0x40190000, 4 },
		{ "captures/qemu-arm64-6.1-acpi-gicv2/dmesg.txt",
		  "6.1.0-56-cloud-arm64", 0x7ffd0018, 0x7c43d9c0, 0x40000000,
		  0x7c42ff98, 0x7d115018, 0x7c430018, 0x7fed0000, 5, 0x1468,
		  0xFC, 0, 0, 0 },
		{ "captures/qemu-arm64-6.1-acpi-smp4-2g/dmesg.txt",
		  "6.1.0-56-cloud-arm64", 0xbffd0018, 0xbc43d9c0, 0x40000000,
		  0xbc42ff98, 0xbd113018, 0xbc430018, 0xbfed0000, 5, 0x14A2,
		  0x1A8, 0x40190000, 0x401b0000, 4 },
	};

	for (size_t i = 0; i < sizeof(caps) / sizeof(caps[0]); i++)
		check_arm_capture(&caps[i]);
}

static void test_capture_arm64_dt(void)
{
	struct fx f;
	const struct ea_dmesg *d = &f.d;

	if (!load(&f, "captures/qemu-arm64-6.1-dt-smp2-1g/dmesg.txt"))
		return;
	CHECK_U64(f.dg.n, 0);
	CHECK_STR(d->kernel_version, "6.1.0-56-cloud-arm64");
	CHECK_STR(d->machine_model, "linux,dummy-virt");
	CHECK(d->has_chosen);
	CHECK_U64(d->systab, 0x7ffd0018);
	CHECK_U64(d->mmap_addr, 0x7c0e0040);
	CHECK_U64(d->mmap_size, 0x5a0);
	CHECK_U64(d->mmap_addr_ev.line, 7);
	CHECK(d->map_form == EA_EFI_MAP_ARM);
	CHECK_U64(d->efi_map.n, 30);
	if (d->efi_map.n == 30) {
		CHECK_DESC(d->efi_map.v[0], 0x40000000, 0x43ffffff,
			   EA_EFI_CONVENTIONAL, WB);
		CHECK_U64(d->efi_map.v[0].line, 16);
		/* line 29: the memory map buffer itself, ACPI Reclaim */
		CHECK_DESC(d->efi_map.v[13], 0x7c0e0000, 0x7c0effff,
			   EA_EFI_ACPI_RECLAIM, WB);
		CHECK_DESC(d->efi_map.v[29], 0x9010000, 0x9010fff, EA_EFI_MMIO,
			   RUN | UC);
	}
	CHECK_U64(d->cfg.n, 4);
	CHECK_CFG(d, "SMBIOS 3.0", 0x7fed0000);
	CHECK_CFG(d, "MEMATTR", 0x7d117018);
	CHECK_CFG(d, "INITRD", 0x7c43ff18);
	CHECK_CFG(d, "MEMRESERVE", 0x7c43ff98);
	CHECK(cfg_find(d, "ACPI 2.0") == NULL);
	/* "ACPI: Interpreter disabled." is the only ACPI: line */
	CHECK_U64(d->acpi.n, 0);
	CHECK(d->has_lpi_prop);
	CHECK_U64(d->lpi_prop, 0x401a0000);
	CHECK_U64(d->lpi_prop_ev.line, 114);
	CHECK_U64(d->lpi_pending.n, 2);
	CHECK_PENDING(d, 0, 0, 0x401b0000, false);
	CHECK_PENDING(d, 1, 1, 0x401c0000, false);
	CHECK_U64(d->its.n, 2);
	CHECK_ITS(d, 0, 0x8080000, 8192, "Devices", 0x40180000, true);
	CHECK_ITS(d, 1, 0x8080000, 8192, "Interrupt Collections", 0x40190000,
		  false);
	fx_free(&f);
}

/* --- corpus: x86 ---------------------------------------------------------- */

static void test_asus_ux391fa(void)
{
	struct fx f;
	const struct ea_dmesg *d = &f.d;
	const struct ea_acpi_table *t;

	if (!load(&f, "corpus/asus-ux391fa-x86/dmesg.txt"))
		return;
	CHECK_U64(f.dg.n, 0);
	CHECK_STR(d->kernel_version, "5.3.11-gentoo");
	/* built-in command line: "Command line: " is empty, then filled */
	CHECK(d->cmdline && !strncmp(d->cmdline, "root=UUID=97bd2b14-", 19));
	CHECK(d->x86_hints > 0 && d->arm64_hints == 0);

	/* no time stamps; 49 boot entries (lines 32-80), 30 runtime */
	CHECK(d->map_form == EA_EFI_MAP_X86);
	CHECK_U64(d->efi_map.n, 49);
	CHECK_U64(d->efi_runtime_map.n, 30);
	if (d->efi_map.n == 49) {
		CHECK_DESC(d->efi_map.v[0], 0, 0xfff, EA_EFI_CONVENTIONAL,
			   WBALL);
		CHECK_U64(d->efi_map.v[0].line, 32);
		/* mem28: the Boot Data region that holds the ESRT */
		CHECK_DESC(d->efi_map.v[28], 0x6d63a000, 0x75bf1fff,
			   EA_EFI_BOOT_DATA, WBALL);
		CHECK_DESC(d->efi_map.v[33], 0x7997a000, 0x799f6fff,
			   EA_EFI_ACPI_RECLAIM, WBALL);
		/* mem39: all attribute columns blank */
		CHECK_DESC(d->efi_map.v[39], 0xa0000, 0xfffff, EA_EFI_RESERVED,
			   0);
		/* mem41: unknown bits, printed as |attr=0x...] */
		CHECK_DESC(d->efi_map.v[41], 0x7a700000, 0x7a7fffff,
			   EA_EFI_RESERVED, 0x070000000000000fULL);
		CHECK_DESC(d->efi_map.v[48], 0xff000000, 0xffffffff,
			   EA_EFI_MMIO, RUN | EA_EFI_MEMORY_WP | WB | WT | UC);
		CHECK_U64(d->efi_map.v[48].line, 80);
		CHECK(ev_is(
		    &f, ea_efi_desc_evid(d->in, &d->efi_map.v[48]),
		    "efi: mem48: [Memory Mapped I/O  |RUN|  |  |  |  |WP|  |   "
		    "|WB|WT|  |UC] "
		    "range=[0x00000000ff000000-0x00000000ffffffff] (16MB)"));
	}
	if (d->efi_runtime_map.n == 30) {
		CHECK_DESC(d->efi_runtime_map.v[0], 0xff000000, 0xffffffff,
			   EA_EFI_MMIO, RUN | EA_EFI_MEMORY_WP | WB | WT | UC);
		CHECK_U64(d->efi_runtime_map.v[0].line, 246);
		/* mem11: the ESRT page, Boot Data marked RUN */
		CHECK_DESC(d->efi_runtime_map.v[11], 0x74dd6000, 0x74dd6fff,
			   EA_EFI_BOOT_DATA, RUN | WBALL);
		CHECK_DESC(d->efi_runtime_map.v[29], 0x5d62b000, 0x5d66afff,
			   EA_EFI_BOOT_DATA, WBALL);
	}

	/* the <= 5.7 double-spaced config line */
	CHECK_U64(d->cfg.n, 7);
	CHECK_CFG(d, "ACPI 2.0", 0x79993000);
	CHECK_CFG(d, "ACPI", 0x79993000);
	CHECK_CFG(d, "TPMFinalLog", 0x79a35000);
	CHECK_CFG(d, "SMBIOS", 0x7a1cf000);
	CHECK_CFG(d, "SMBIOS 3.0", 0x7a1ce000);
	CHECK_CFG(d, "ESRT", 0x74dd6f98);
	CHECK_CFG(d, "TPMEventLog", 0x6d634018);
	if (d->cfg.n)
		CHECK_U64(d->cfg.v[0].ev.line, 31);

	/* 28 static tables + 9 SSDTs loaded later at kernel addresses */
	CHECK_U64(d->acpi.n, 37);
	CHECK_U64(acpi_virt_count(d), 9);
	CHECK_ACPI(d, "RSDP", 0, 0x79993000, 0x24);
	CHECK_ACPI(d, "DSDT", 0, 0x79993228, 0x44CCB);
	CHECK_ACPI(d, "FACS", 0, 0x79AAA080, 0x40);
	t = acpi_find(d, "SSDT", 7);
	CHECK(t != NULL);
	if (t) {
		CHECK_U64(t->addr, 0xFFFF9029AB081200ULL);
		CHECK_U64(t->length, 0xF4);
		CHECK(t->virt);
		CHECK_U64(t->ev.line, 451);
	}
	t = acpi_find(d, "SSDT", 6);
	CHECK(t && !t->virt);
	CHECK_U64(d->acpi_resv.n, 0); /* 5.3 predates the reservation lines */

	CHECK(d->has_esrt_resv);
	CHECK_RANGE(d->esrt_resv, 0x74dd6f98, 0x74dd6fcf);
	CHECK_U64(d->esrt_resv_ev.line, 107);
	/* "Reserving 96MB of memory at 1616MB for crashkernel" */
	CHECK(d->has_crashkernel);
	CHECK_RANGE(d->crashkernel, 0x65000000, 0x6affffff);
	CHECK_U64(d->crashkernel_ev.line, 148);
	CHECK_U64(d->symptoms.n, 0);
	fx_free(&f);

	if (!load(&f, "corpus/asus-ux391fa-x86/dmesg-after-kexec.txt"))
		return;
	CHECK_U64(f.dg.n, 0);
	CHECK_U64(d->symptoms.n, 1);
	if (d->symptoms.n) {
		CHECK(d->symptoms.v[0].kind == EA_SYM_ESRT_CORRUPTED);
		CHECK(!d->symptoms.v[0].has_range);
		CHECK_U64(d->symptoms.v[0].ev.line, 87);
	}
	CHECK(!d->has_esrt_resv);
	/* the kexec'd kernel was handed the 9 runtime entries only */
	CHECK_U64(d->efi_map.n, 9);
	CHECK_U64(d->efi_runtime_map.n, 0);
	if (d->efi_map.n == 9)
		CHECK_DESC(d->efi_map.v[8], 0x74dd6000, 0x74dd6fff,
			   EA_EFI_BOOT_DATA, RUN | WBALL);
	CHECK_RANGE(d->crashkernel, 0x67000000, 0x6cffffff);
	CHECK_U64(d->acpi.n, 37);
	fx_free(&f);
}

static void test_asus_fx505dy(void)
{
	struct fx f;
	const struct ea_dmesg *d = &f.d;

	if (!load(&f, "corpus/asus-fx505dy-amd-x86/dmesg-efi-debug.txt"))
		return;
	CHECK_U64(f.dg.n, 0);
	/* mem00..mem224, mem00..mem196; the 35 memattr lines are not map */
	CHECK_U64(d->efi_map.n, 225);
	CHECK_U64(d->efi_runtime_map.n, 197);
	if (d->efi_map.n == 225) {
		CHECK_DESC(d->efi_map.v[0], 0, 0xfff, EA_EFI_CONVENTIONAL,
			   WBALL);
		CHECK_DESC(d->efi_map.v[224], 0x43f340000, 0x43fffffff,
			   EA_EFI_RESERVED, WBALL);
		CHECK_U64(d->efi_map.v[224].line, 225);
	}
	if (d->efi_runtime_map.n == 197) {
		CHECK_U64(d->efi_runtime_map.v[0].line, 227);
		CHECK_DESC(d->efi_runtime_map.v[196], 0x1000000, 0x101ffff,
			   EA_EFI_BOOT_DATA, WBALL);
		CHECK_U64(d->efi_runtime_map.v[196].line, 423);
	}
	for (size_t i = 0; i < d->efi_runtime_map.n; i++)
		CHECK(d->efi_runtime_map.v[i].line < 424);
	CHECK(d->kernel_version == NULL && !d->starts_at_boot);
	fx_free(&f);
}

static void test_qemu_ovmf_mixedmode(void)
{
	struct fx f;
	const struct ea_dmesg *d = &f.d;

	if (!load(&f, "corpus/qemu-ovmf-mixedmode-x86/dmesg.txt"))
		return;
	CHECK_U64(f.dg.n, 0);
	CHECK_STR(d->kernel_version, "5.6.0-rc3+");
	/* 84 map lines: 46 at boot, 38 in the runtime listing */
	CHECK_U64(d->efi_map.n, 46);
	CHECK_U64(d->efi_runtime_map.n, 38);
	if (d->efi_map.n == 46) {
		CHECK_DESC(d->efi_map.v[0], 0, 0xfff, EA_EFI_BOOT_CODE, WBALL);
		CHECK_U64(d->efi_map.v[0].line, 52);
		CHECK_DESC(d->efi_map.v[45], 0xffc00000, 0xffffffff,
			   EA_EFI_MMIO, RUN | UC);
	}
	if (d->efi_runtime_map.n == 38)
		CHECK_U64(d->efi_runtime_map.v[0].line, 190);
	CHECK_U64(d->cfg.n, 4);
	CHECK_CFG(d, "SMBIOS", 0xbfbcc000);
	CHECK_CFG(d, "ACPI", 0xbfbfa000);
	CHECK_CFG(d, "ACPI 2.0", 0xbfbfa014);
	CHECK_CFG(d, "MEMATTR", 0xbe649190);
	CHECK_U64(d->acpi.n, 8);
	CHECK_ACPI(d, "FACS", 0, 0xBFBFD000, 0x40);
	CHECK_ACPI(d, "DSDT", 0, 0xBFBF7000, 0x140B);
	fx_free(&f);
}

static void test_dell_xps9320(void)
{
	struct fx f;
	const struct ea_dmesg *d = &f.d;

	/* time stamps stripped: every line starts with one space */
	if (!load(&f, "corpus/dell-xps9320-x86/dmesg-notimestamps.txt"))
		return;
	CHECK_U64(f.dg.n, 0);
	CHECK_STR(d->kernel_version, "6.17.0-kenny+");
	CHECK_STR(d->efi_banner, "EFI v2.7 by Dell");
	CHECK_U64(d->cfg.n, 9);
	CHECK_CFG(d, "ACPI 2.0", 0x5d7fe014);
	CHECK_CFG(d, "ESRT", 0x5879e818);
	CHECK_CFG(d, "TPMEventLog", 0x5d739018);
	CHECK_U64(d->acpi.n, 46);
	CHECK_ACPI(d, "FACS", 0, 0x5D4BB000, 0x40);
	CHECK_ACPI(d, "LPIT", 0, 0x5D761000, 0xCC);
	CHECK_U64(d->acpi_resv.n, 36);
	if (d->acpi_resv.n) {
		size_t i;

		for (i = 0; i < d->acpi_resv.n; i++)
			if (!strcmp(d->acpi_resv.v[i].sig, "LPIT"))
				break;
		CHECK(i < d->acpi_resv.n);
		if (i < d->acpi_resv.n) {
			CHECK_RANGE(d->acpi_resv.v[i].r, 0x5d761000,
				    0x5d7610cb);
			CHECK_U64(d->acpi_resv.v[i].ev.line, 108);
		}
	}
	CHECK(d->has_esrt_resv);
	CHECK_RANGE(d->esrt_resv, 0x5879e818, 0x5879e89f);
	CHECK_U64(d->efi_map.n, 0);
	fx_free(&f);
}

static void test_msi_alpha15(void)
{
	struct fx f;
	const struct ea_dmesg *d = &f.d;
	const struct ea_cfg_table *t;

	/* "[    0.000000] [      T0] " caller-id prefixes */
	if (!load(&f, "corpus/msi-alpha15-b5eek-amd-x86/dmesg.txt"))
		return;
	CHECK_U64(f.dg.n, 0);
	CHECK_STR(d->kernel_version,
		  "6.17.0-rc5-next-20250912-master-00001-g68697fae2855");
	/* the config line went on at line 37, without any prefix */
	CHECK_U64(d->cfg.n, 10);
	CHECK_CFG(d, "ACPI", 0xeb53f000);
	CHECK_CFG(d, "MEMATTR", 0xe61a7818);
	t = cfg_find(d, "ESRT");
	CHECK(t && t->addr == 0xe868b998 && t->ev.line == 37);
	CHECK_CFG(d, "TPMEventLog", 0xeb20b018);
	CHECK_U64(d->acpi.n, 34);
	CHECK_ACPI(d, "RSDP", 0, 0xEB53F014, 0x24);
	CHECK_ACPI(d, "XSDT", 0, 0xEB53E728, 0x114);
	CHECK_U64(d->acpi_resv.n, 32);
	CHECK_RANGE(d->esrt_resv, 0xe868b998, 0xe868b9cf);
	fx_free(&f);
}

static void test_x86_misc(void)
{
	struct fx f;
	const struct ea_dmesg *d = &f.d;

	if (load(&f, "corpus/dell-poweredge-r7425-epyc-x86/dmesg.txt")) {
		CHECK_U64(f.dg.n, 0);
		/* first line without a time stamp */
		CHECK_STR(d->kernel_version, "4.19.57.mx64.282");
		CHECK_U64(d->kernel_ev.line, 1);
		CHECK_U64(d->acpi.n, 21);
		CHECK_ACPI(d, "XSDT", 0, 0x6FFFD0E8, 0xAC);
		CHECK_RANGE(d->crashkernel, 0x27000000, 0x36ffffff);
		CHECK(!d->second_kernel);
		fx_free(&f);
	}
	if (load(&f, "corpus/dell-poweredge-r7425-epyc-x86/dmesg-kdump.txt")) {
		CHECK_U64(f.dg.n, 0);
		CHECK(d->second_kernel); /* elfcorehdr=900536K */
		fx_free(&f);
	}
	if (load(&f, "corpus/azure-gen2-hyperv-kdump-x86/dmesg.txt")) {
		CHECK_U64(f.dg.n, 0);
		/* the generic 6.x format, on x86 */
		CHECK_RANGE(d->crashkernel, 0x11000000, 0x2cffffff);
		CHECK_CFG(d, "MEMATTR", 0x3f5c0398);
		fx_free(&f);
	}
	if (load(&f, "corpus/azure-gen2-hyperv-kdump-x86/dmesg-kdump.txt")) {
		CHECK_U64(f.dg.n, 0);
		CHECK_CFG(d, "MEMATTR", 0xffffffffffffffffULL);
		CHECK(d->second_kernel);
		CHECK_U64(d->acpi.n, 12);
		fx_free(&f);
	}
	if (load(&f, "corpus/ami-amg6x-amc-x86/dmesg.txt")) {
		CHECK_U64(f.dg.n, 0);
		CHECK_U64(d->cfg.n, 11);
		CHECK_CFG(d, "ESRT", 0x8930b518);
		CHECK_U64(d->acpi.n, 37);
		CHECK_ACPI(d, "RSDP", 0, 0x8C790000, 0x24);
		CHECK_U64(d->acpi_resv.n, 28);
		fx_free(&f);
	}
	if (load(
		&f,
		"corpus/dell-poweredge-t440-kexec-x86/dmesg-after-kexec.txt")) {
		CHECK_U64(f.dg.n, 0);
		CHECK_U64(d->acpi.n, 30);
		CHECK_ACPI(d, "XSDT", 0, 0x6FBFF188, 0xF4);
		CHECK_RANGE(d->crashkernel, 0x55000000, 0x64ffffff);
		fx_free(&f);
	}
}

/* --- corpus: arm64 -------------------------------------------------------- */

static void test_brcm_stingray(void)
{
	struct fx f;
	const struct ea_dmesg *d = &f.d;
	static const uint64_t pend[8] = {
		0xa3c3860000, 0xa3c3870000, 0xa3c38c0000, 0xa3c38d0000,
		0xa3c38e0000, 0xa3c38f0000, 0xa3c3900000, 0xa3c3910000,
	};

	if (!load(&f, "corpus/brcm-stingray-bcm958742k-arm64/dmesg.txt"))
		return;
	CHECK_U64(f.dg.n, 0);
	CHECK_STR(d->kernel_version, "5.1.0");
	CHECK_STR(d->machine_model,
		  "Stingray Combo SVK w/PAXB IOMMU (BCM958742K)");
	/* "efi:  SMBIOS=0x85cd0000  SMBIOS 3.0=..." (<= 5.7 form) */
	CHECK_U64(d->cfg.n, 5);
	CHECK_CFG(d, "SMBIOS", 0x85cd0000);
	CHECK_CFG(d, "SMBIOS 3.0", 0x85a20000);
	CHECK_CFG(d, "ACPI 2.0", 0x85d90000);
	CHECK_CFG(d, "MEMATTR", 0x893b3118);
	CHECK_CFG(d, "MEMRESERVE", 0x85f83018);
	CHECK(d->has_chosen && !d->has_mmap_addr); /* no efi=debug */
	CHECK_U64(d->efi_map.n, 0);
	CHECK(d->has_lpi_prop);
	CHECK_U64(d->lpi_prop, 0xa3c3850000);
	CHECK_U64(d->lpi_pending.n, 8);
	for (size_t i = 0; i < 8; i++)
		CHECK_PENDING(d, i, i, pend[i], false);
	if (d->lpi_pending.n == 8)
		CHECK_U64(d->lpi_pending.v[7].ev.line, 100);
	CHECK_U64(d->its.n, 1);
	if (d->its.n == 1) {
		CHECK_U64(d->its.v[0].its_base, 0x63c20000);
		CHECK_U64(d->its.v[0].count, 32768);
		CHECK_STR(d->its.v[0].type, "Devices");
		CHECK_U64(d->its.v[0].addr, 0xa3c3880000);
		CHECK(!d->its.v[0].indirect);
		CHECK_U64(d->its.v[0].psz_kib, 64);
	}
	CHECK(d->has_crashkernel);
	CHECK_RANGE(d->crashkernel, 0xdfe00000, 0xffdfffff);
	CHECK_U64(d->crashkernel_ev.line, 18);
	CHECK(!d->second_kernel);
	CHECK(d->arm64_hints > 0 && d->x86_hints == 0);
	fx_free(&f);

	/* the crash kernel of the same machine oopses before its GIC is up */
	if (!load(&f, "corpus/brcm-stingray-bcm958742k-arm64/dmesg-kdump.txt"))
		return;
	CHECK_U64(f.dg.n, 0);
	CHECK(d->second_kernel); /* "Reserving 2KB ... for elfcorehdr" */
	CHECK_CFG(d, "MEMRESERVE", 0x85f83018);
	CHECK(!d->has_lpi_prop);
	CHECK_U64(d->its.n, 1);
	if (d->its.n)
		CHECK_U64(d->its.v[0].addr, 0xf5480000);
	fx_free(&f);

	if (!load(&f, "corpus/brcm-stingray-bcm958742k-arm64/dmesg-5.5.0.txt"))
		return;
	CHECK_U64(f.dg.n, 0);
	CHECK_CFG(d, "MEMRESERVE", 0x85f85018);
	CHECK_U64(d->lpi_prop, 0x93fb850000);
	CHECK_U64(d->lpi_pending.n, 8);
	CHECK_RANGE(d->crashkernel, 0xe0000000, 0xffffffff);
	fx_free(&f);
}

static void test_fujitsu(void)
{
	struct fx f;
	const struct ea_dmesg *d = &f.d;

	/* indented by two blanks, no time stamps */
	if (!load(&f, "corpus/fujitsu-arm64-lpi-kexec/"
		      "dmesg-after-kexec-memblock-debug.txt"))
		return;
	CHECK_U64(f.dg.n, 0);
	CHECK_U64(d->cfg.n, 4);
	CHECK_CFG(d, "ACPI 2.0", 0x9821790014);
	CHECK_CFG(d, "PROP", 0x8757f5c0);
	CHECK_CFG(d, "SMBIOS 3.0", 0x9820740000);
	CHECK_CFG(d, "MEMRESERVE", 0x9820bfdc58);
	CHECK_U64(d->memblock_dbg.n, 5);
	if (d->memblock_dbg.n == 5) {
		/* the 16-byte root node itself: sane */
		CHECK(d->memblock_dbg.v[0].valid);
		CHECK_RANGE(d->memblock_dbg.v[0].r, 0x9820bfdc58, 0x9820bfdc67);
		CHECK(!d->memblock_dbg.v[1].valid);
		CHECK_U64(d->memblock_dbg.v[1].start, 0x82760000);
		CHECK_U64(d->memblock_dbg.v[1].end, 0x324d07ff);
		CHECK(!d->memblock_dbg.v[2].valid);
		CHECK_U64(d->memblock_dbg.v[2].start, 0xcc4f84ecc0511670ULL);
		CHECK(!d->memblock_dbg.v[3].valid);
		/* ordered, but far beyond 2^52 */
		CHECK(d->memblock_dbg.v[4].valid);
		CHECK_RANGE(d->memblock_dbg.v[4].r, 0x0c719bb159b1fadcULL,
			    0x5aa6e62a1417ce12ULL);
		CHECK_U64(d->memblock_dbg.v[4].ev.line, 6);
	}
	CHECK_U64(d->symptoms.n, 4);
	for (size_t i = 0; i < d->symptoms.n; i++) {
		CHECK(d->symptoms.v[i].kind == EA_SYM_MEMRESERVE_GARBAGE);
		CHECK_U64(d->symptoms.v[i].ev.line, 3 + i);
	}
	if (d->symptoms.n == 4) {
		CHECK(!d->symptoms.v[0].has_range);
		CHECK(d->symptoms.v[3].has_range);
	}
	fx_free(&f);
}

static void test_ampere_emag(void)
{
	struct fx f;
	const struct ea_dmesg *d = &f.d;
	static const char ts[] = "[\t0.000000][\tT0] efi: x";

	/* mail turned blanks into tabs: "[\t0.000000]", "Loader Data    \t|" */
	CHECK_U64(ea_logline_msg_offset(ts, strlen(ts), NULL), 17);
	if (!load(&f, "corpus/ampere-emag-ami-arm64/efi-memmap.txt"))
		return;
	CHECK_U64(f.dg.n, 0);
	CHECK(d->map_form == EA_EFI_MAP_ARM);
	CHECK_U64(d->efi_map.n, 36);
	if (d->efi_map.n == 36) {
		CHECK_DESC(d->efi_map.v[0], 0x10540000, 0x1054ffff, EA_EFI_MMIO,
			   RUN);
		CHECK_DESC(d->efi_map.v[2], 0x90080000, 0x91ebffff,
			   EA_EFI_LOADER_DATA, WBALL);
		CHECK_DESC(d->efi_map.v[22], 0x9ff5b30000, 0x9ff5b4ffff,
			   EA_EFI_ACPI_RECLAIM, WBALL);
		CHECK_DESC(d->efi_map.v[24], 0x9ff5bb0000, 0x9ff5bbffff,
			   EA_EFI_ACPI_NVS, WBALL);
		CHECK_DESC(d->efi_map.v[35], 0x9fffdd5000, 0x9fffffffff,
			   EA_EFI_BOOT_DATA, WBALL);
		CHECK_U64(d->efi_map.v[35].line, 37);
	}
	fx_free(&f);

	if (!load(&f, "corpus/ampere-emag-ami-arm64/dmesg-crash-fragment.txt"))
		return;
	CHECK_U64(f.dg.n, 0);
	CHECK_STR(d->kernel_version, "5.15.0-rc6-next-20211019+");
	/* "System Table     \t: 0x..." */
	CHECK(d->has_chosen);
	CHECK_U64(d->systab, 0x9ff7de0018);
	CHECK_U64(d->mmap_addr, 0x9fe6dae018);
	CHECK_U64(d->mmap_size, 0x600);
	CHECK_U64(d->desc_size, 0x30);
	CHECK(d->has_desc_ver && d->desc_ver == 1);
	CHECK_U64(d->cfg.n, 4);
	CHECK_CFG(d, "ESRT", 0x9ff1d18298);
	CHECK_CFG(d, "MEMRESERVE", 0x9fe6dacd98);
	CHECK_U64(d->efi_map.n, 2);
	if (d->efi_map.n == 2)
		CHECK_DESC(d->efi_map.v[1], 0x92000000, 0x928fffff,
			   EA_EFI_RUNTIME_DATA, RUN | WBALL);
	fx_free(&f);
}

static void test_arm_maps(void)
{
	struct fx f;
	const struct ea_dmesg *d = &f.d;

	if (load(&f, "corpus/apple-m2-macbookair-arm64/dmesg.txt")) {
		CHECK_U64(f.dg.n, 0);
		CHECK_STR(d->kernel_version, "6.1.0-rc3-00496-g07380f726920");
		CHECK_STR(d->machine_model,
			  "Apple MacBook Air (13-inch, M2, 2022)");
		CHECK_STR(d->efi_banner, "EFI v2.90 by Das U-Boot");
		CHECK_U64(d->systab, 0xbdb464a50);
		CHECK_U64(d->mmap_addr, 0xb6f30c068);
		CHECK_U64(d->mmap_size, 0x3e8);
		CHECK_U64(d->desc_size, 0x28);
		CHECK_U64(d->cfg.n, 2);
		CHECK_CFG(d, "RTPROP", 0xbd6419040);
		CHECK_CFG(d, "MEMRESERVE", 0xb6f30d040);
		CHECK_U64(d->efi_map.n, 25);
		if (d->efi_map.n == 25) {
			CHECK_DESC(d->efi_map.v[0], 0x801f0c000, 0x803f7ffff,
				   EA_EFI_CONVENTIONAL, WB);
			/* the 4K runtime region of the WARN */
			CHECK_DESC(d->efi_map.v[18], 0xbd6419000, 0xbd641bfff,
				   EA_EFI_RUNTIME_DATA, RUN | WB);
			CHECK_DESC(d->efi_map.v[23], 0xbdb460000, 0xbdb46ffff,
				   EA_EFI_RUNTIME_CODE, RUN | WB);
			CHECK_DESC(d->efi_map.v[24], 0xbdb470000, 0xbdb52bfff,
				   EA_EFI_LOADER_DATA, WB);
		}
		CHECK(d->arm64_hints > 0 && d->x86_hints == 0);
		fx_free(&f);
	}
	if (load(&f, "corpus/rpi4-uboot-arm64/dmesg.txt")) {
		CHECK_U64(f.dg.n, 0);
		CHECK_STR(d->machine_model, "Raspberry Pi 4 Model B");
		/* the <= 5.6 "Getting EFI parameters from FDT:" form */
		CHECK(d->has_chosen);
		CHECK_U64(d->systab, 0x3b365590);
		CHECK_U64(d->mmap_addr, 0x38484040);
		CHECK_U64(d->mmap_size, 0x410);
		CHECK_U64(d->mmap_size_ev.line, 13);
		CHECK_U64(d->desc_size, 0x28);
		CHECK_U64(d->desc_ver, 1);
		CHECK_U64(d->cfg.n, 2);
		CHECK_CFG(d, "SMBIOS", 0x39f46000);
		CHECK_CFG(d, "MEMRESERVE", 0x38487040);
		/* long type names */
		CHECK_U64(d->efi_map.n, 26);
		if (d->efi_map.n == 26) {
			CHECK_DESC(d->efi_map.v[0], 0, 0xfff, EA_EFI_RESERVED,
				   WB);
			CHECK_U64(d->efi_map.v[0].line, 19);
			CHECK_DESC(d->efi_map.v[10], 0x38484000, 0x38487fff,
				   EA_EFI_LOADER_DATA, WB);
			CHECK_DESC(d->efi_map.v[24], 0x40000000, 0xfbffffff,
				   EA_EFI_BOOT_DATA, WB);
			CHECK_DESC(d->efi_map.v[25], 0xfe100000, 0xfe100fff,
				   EA_EFI_MMIO, RUN);
		}
		fx_free(&f);
	}
	if (load(&f, "corpus/qemu-virt-uboot-64k-arm64/"
		     "efi-memmap-and-pagetables.txt")) {
		/* no time stamps; the page-table dump above is not a map */
		CHECK_U64(f.dg.n, 0);
		CHECK_U64(d->efi_map.n, 34);
		if (d->efi_map.n == 34) {
			CHECK_DESC(d->efi_map.v[0], 0x40000000, 0x47dfcfff,
				   EA_EFI_CONVENTIONAL, WB);
			CHECK_U64(d->efi_map.v[0].line, 16);
			CHECK_DESC(d->efi_map.v[3], 0xffffe000, 0xffffefff,
				   EA_EFI_RUNTIME_DATA, RUN | WB);
			CHECK_DESC(d->efi_map.v[33], 0x43ff20000, 0x43fffffff,
				   EA_EFI_LOADER_DATA, WB);
		}
		fx_free(&f);
	}
	if (load(&f, "corpus/huawei-mirror-server-arm64/dmesg.txt")) {
		/* 25 lines (SOURCE.md says 26), not sorted, MR attributes */
		CHECK_U64(f.dg.n, 0);
		CHECK_U64(d->efi_map.n, 25);
		if (d->efi_map.n == 25) {
			CHECK_DESC(d->efi_map.v[0], 0x5fff0000, 0x5fffefff,
				   EA_EFI_CONVENTIONAL, WB | WT | WC);
			CHECK_DESC(d->efi_map.v[3], 0x82080000000,
				   0x8247fffffff, EA_EFI_CONVENTIONAL,
				   EA_EFI_MEMORY_MORE_RELIABLE | WB | WT | WC);
			CHECK_DESC(d->efi_map.v[14], 0, 0x3ffffff,
				   EA_EFI_RESERVED, WB | WT | WC);
			CHECK_DESC(d->efi_map.v[24], 0x84000000000,
				   0x84003ffffff, EA_EFI_RESERVED,
				   WB | WT | WC);
		}
		fx_free(&f);
	}
}

static void test_hisilicon_d05(void)
{
	struct fx f;
	const struct ea_dmesg *d = &f.d;
	const struct ea_cfg_table *t;
	char *cut;
	size_t k, n;

	/* as mailed: hard-wrapped at ~72 columns */
	if (!load(&f, "corpus/hisilicon-d05-hip07-arm64/dmesg-raw-wrapped.txt"))
		return;
	CHECK_U64(f.dg.n, 0);
	CHECK_U64(d->lines, 101);
	CHECK_STR(d->kernel_version, "5.4.0-00001-gd45a90825ab2-dirty");
	CHECK_STR(d->machine_model, "Hisilicon PhosphorV660 Development Board");
	/* the config line over lines 10-12 */
	CHECK_U64(d->cfg.n, 6);
	CHECK_CFG(d, "SMBIOS", 0x3eff0000);
	CHECK_CFG(d, "ACPI 2.0", 0x39b70014);
	t = cfg_find(d, "MEMRESERVE");
	CHECK(t && t->addr == 0x3a002e98 && t->ev.line == 12);
	/* "crashkernel reserved: 0x0000000002000000 - " + next line */
	CHECK(d->has_crashkernel);
	CHECK_RANGE(d->crashkernel, 0x2000000, 0x11ffffff);
	CHECK_U64(d->crashkernel_ev.line, 13);
	CHECK(ev_is(&f, d->crashkernel_ev,
		    "[    0.000000] crashkernel reserved: 0x0000000002000000 - "
		    "\n0x0000000012000000 (256 MB)"));
	CHECK_U64(d->acpi.n, 15);
	CHECK_ACPI(d, "XSDT", 0, 0x39B600E8, 0x84);
	CHECK_ACPI(d, "iBFT", 0, 0x317C0000, 0x800);

	/* the same text without the wrapped tail: a diagnostic, line 13 */
	n = f.in.len;
	cut = malloc(n);
	CHECK(cut != NULL);
	if (cut) {
		const char *tail = "0x0000000012000000 (256 MB)\n";
		const char *at = strstr(f.in.data, tail);

		CHECK(at != NULL);
		if (at) {
			k = (size_t)(at - f.in.data);
			memcpy(cut, f.in.data, k);
			memcpy(cut + k, at + strlen(tail),
			       n - k - strlen(tail));
			fx_free(&f);
			parse_mem(&f, cut, n - strlen(tail));
			CHECK(!d->has_crashkernel);
			CHECK_U64(f.dg.n, 1);
			CHECK(diag_has(&f, 13, "crashkernel"));
			CHECK(diag_has(&f, 13, "line ends"));
			CHECK_U64(d->cfg.n, 6);
		}
		free(cut);
	}
	fx_free(&f);

	/* re-joined by hand */
	if (!load(&f, "corpus/hisilicon-d05-hip07-arm64/dmesg.txt"))
		return;
	CHECK_U64(f.dg.n, 0);
	CHECK_U64(d->cfg.n, 6);
	CHECK_CFG(d, "ACPI", 0x39b70000);
	CHECK_CFG(d, "MEMATTR", 0x3b86d018);
	CHECK_CFG(d, "MEMRESERVE", 0x3a002e98);
	CHECK_RANGE(d->crashkernel, 0x2000000, 0x11ffffff);
	CHECK_U64(d->crashkernel_ev.line, 8);
	CHECK_U64(d->acpi.n, 15);
	fx_free(&f);
}

static void test_qemu_aavmf_kdump(void)
{
	struct fx f;
	const struct ea_dmesg *d = &f.d;

	/* serial capture with CRLF line ends */
	if (!load(&f, "corpus/qemu-aavmf-kvm-altramax-kdump-arm64/dmesg.txt"))
		return;
	CHECK_U64(f.dg.n, 0);
	CHECK_STR(d->kernel_version, "6.15.9-201.fc42.aarch64");
	CHECK_U64(d->cfg.n, 7);
	CHECK_CFG(d, "ACPI 2.0", 0x8fbd80018);
	CHECK_CFG(d, "MEMRESERVE", 0x8fc1d3618);
	CHECK_U64(d->acpi.n, 11);
	CHECK_ACPI(d, "RSDP", 0, 0x8FBD80018, 0x24);
	CHECK_RANGE(d->crashkernel, 0xe8000000, 0xfbffffff);
	CHECK(d->has_lpi_prop);
	CHECK_U64(d->lpi_prop, 0x1002b0000);
	/* tables pre-allocated and "reserved" already in this kernel */
	CHECK(d->gic_preallocated);
	CHECK_U64(d->lpi_pending.n, 4);
	for (size_t i = 0; i < 4; i++)
		CHECK_PENDING(d, i, i, 0x1002c0000 + 0x10000 * i, true);
	CHECK_U64(d->its.n, 2);
	CHECK_ITS(d, 0, 0x8080000, 8192, "Devices", 0x100690000, true);
	/* the brief's rule: these lines mean LPIs were enabled at boot */
	CHECK(d->second_kernel);
	fx_free(&f);

	if (!load(&f,
		  "corpus/qemu-aavmf-kvm-altramax-kdump-arm64/dmesg-kdump.txt"))
		return;
	CHECK_U64(f.dg.n, 0);
	CHECK(d->second_kernel);
	CHECK(d->gic_preallocated);
	CHECK_U64(d->lpi_prop, 0x1002b0000);
	CHECK_U64(d->lpi_pending.n, 1);
	CHECK_PENDING(d, 0, 0, 0x1002c0000, true);
	if (d->lpi_pending.n)
		CHECK_U64(d->lpi_pending.v[0].ev.line, 124);
	CHECK_ITS(d, 0, 0x8080000, 8192, "Devices", 0xef240000, true);
	CHECK_CFG(d, "MEMRESERVE", 0x8fc1d3618);
	fx_free(&f);
}

static void test_arm64_misc(void)
{
	struct fx f;
	const struct ea_dmesg *d = &f.d;

	if (load(&f, "corpus/adlink-ava-ampere-altra-arm64/dmesg.txt")) {
		CHECK_U64(f.dg.n, 0);
		CHECK_U64(d->cfg.n, 10);
		CHECK_CFG(d, "MEMRESERVE", 0xf8a02098);
		CHECK_U64(d->acpi.n, 21);
		CHECK_ACPI(d, "DSDT", 0, 0xF9EF0018, 0x2C1BB);
		CHECK_U64(d->lpi_prop, 0x80000860000);
		CHECK_U64(d->lpi_pending.n, 32);
		CHECK_PENDING(d, 31, 31, 0x80000a60000, false);
		CHECK_U64(d->its.n, 16);
		CHECK_ITS(d, 15, 0x100100120000, 32768, "Interrupt Collections",
			  0x80000850000, false);
		CHECK_RANGE(d->esrt_resv, 0xf91fbe18, 0xf91fbe4f);
		fx_free(&f);
	}
	if (load(&f, "corpus/hpe-apollo70-thunderx2-arm64/dmesg.txt")) {
		/* "[    0.000000][    T0] " */
		CHECK_U64(f.dg.n, 0);
		CHECK_STR(d->kernel_version, "5.4.0-rc4-next-20191021");
		CHECK_U64(d->cfg.n, 5);
		CHECK_CFG(d, "ESRT", 0xf10b4198);
		CHECK_CFG(d, "MEMRESERVE", 0xf1117018);
		CHECK_U64(d->acpi.n, 26);
		CHECK_ACPI(d, "SPMI", 1, 0xF9671A68, 0x41);
		CHECK_RANGE(d->esrt_resv, 0xf10b4198, 0xf10b41cf);
		fx_free(&f);
	}
	if (load(&f, "corpus/hisilicon-hip08-kunpeng920-arm64/dmesg.txt")) {
		CHECK_U64(f.dg.n, 0);
		CHECK_CFG(d, "MEMRESERVE", 0x30997e18);
		CHECK_U64(d->acpi.n, 18);
		CHECK_ACPI(d, "PPTT", 0, 0x30970000, 0x31B0);
		CHECK_RANGE(d->crashkernel, 0xba00000, 0x2b9fffff);
		fx_free(&f);
	}
	if (load(&f, "corpus/qemu-virt-kvm-noefi-arm64/dmesg.txt")) {
		CHECK_U64(f.dg.n, 0);
		CHECK_U64(d->cfg.n, 0);
		CHECK(!d->has_chosen && d->efi_banner == NULL);
		/* a big-endian build: no CONFIG_EFI, so not even this */
		CHECK(!d->uefi_not_found);
		CHECK_U64(d->lpi_prop, 0xbb050000);
		CHECK_PENDING(d, 0, 0, 0xbb060000, false);
		CHECK_ITS(d, 0, 0x8080000, 8192, "Devices", 0xbb030000, true);
		fx_free(&f);
	}
}

/* A boot without UEFI, as efi_init() says it: up to 5.6 "Getting EFI
 * parameters from FDT:" is printed first either way (lines of an Advantech
 * i.MX8QM log on 5.6.0-rc1-next, a Dragonboard 845c log on 5.4), from 5.10
 * only "UEFI not found." (a BeaglePlay log on 6.6.60). */
static void test_uefi_not_found(void)
{
	struct fx f;
	const struct ea_dmesg *d = &f.d;
	parse_str(&f, "[    0.000000] Machine model: Advantech iMX8QM DMSSE20\n"
		      "[    0.000000] efi: Getting EFI parameters from FDT:\n"
		      "[    0.000000] efi: UEFI not found.\n");
	CHECK(d->has_chosen && d->uefi_not_found);
	CHECK(d->efi_banner == NULL && !d->cfg.n);
	CHECK_U64(d->uefi_not_found_ev.line, 3);
	CHECK(ev_is(&f, d->uefi_not_found_ev,
		    "[    0.000000] efi: UEFI not found."));
	CHECK_U64(f.dg.n, 0);
	fx_free(&f);
	parse_str(&f, "[    0.000000] Machine model: BeagleBoard.org "
		      "BeaglePlay\n"
		      "[    0.000000] efi: UEFI not found.\n");
	CHECK(!d->has_chosen && d->uefi_not_found);
	CHECK_U64(d->uefi_not_found_ev.line, 2);
	fx_free(&f);
}

/* Every log-like file of the corpus is clean text: no diagnostics. */
static void test_corpus_clean(void)
{
	static const char *const files[] = {
		"adlink-ava-ampere-altra-arm64/dmesg.txt",
		"ami-amg6x-amc-x86/dmesg.txt",
		"ampere-emag-ami-arm64/dmesg-crash-fragment.txt",
		"ampere-emag-ami-arm64/efi-memmap.txt",
		"ampere-emag-oracle-arm64/dmesg-memnodes.txt",
		"apple-m2-macbookair-arm64/dmesg.txt",
		"asus-fx505dy-amd-x86/dmesg-e820.txt",
		"asus-fx505dy-amd-x86/dmesg-efi-debug.txt",
		"asus-fx505dy-amd-x86/dmesg-tpm.txt",
		"asus-ux391fa-x86/dmesg-after-kexec.txt",
		"asus-ux391fa-x86/dmesg.txt",
		"azure-gen2-hyperv-kdump-x86/dmesg-kdump.txt",
		"azure-gen2-hyperv-kdump-x86/dmesg.txt",
		"brcm-stingray-bcm958742k-arm64/dmesg-5.5.0.txt",
		"brcm-stingray-bcm958742k-arm64/dmesg-kdump.txt",
		"brcm-stingray-bcm958742k-arm64/dmesg.txt",
		"dell-poweredge-r7425-epyc-x86/dmesg-kdump.txt",
		"dell-poweredge-r7425-epyc-x86/dmesg.txt",
		"dell-poweredge-t440-kexec-x86/dmesg-after-kexec.txt",
		"dell-xps9320-x86/dmesg-notimestamps.txt",
		"fujitsu-arm64-lpi-kexec/dmesg-after-kexec-memblock-debug.txt",
		"fujitsu-arm64-lpi-kexec/kexec-load-debug.txt",
		"hisilicon-d05-hip07-arm64/dmesg-raw-wrapped.txt",
		"hisilicon-d05-hip07-arm64/dmesg.txt",
		"hisilicon-hip08-kunpeng920-arm64/dmesg.txt",
		"hpe-apollo70-thunderx2-arm64/dmesg.txt",
		"huawei-mirror-server-arm64/dmesg.txt",
		"msi-alpha15-b5eek-amd-x86/dmesg.txt",
		"qemu-aavmf-kvm-altramax-kdump-arm64/dmesg-kdump.txt",
		"qemu-aavmf-kvm-altramax-kdump-arm64/dmesg.txt",
		"qemu-ovmf-mixedmode-x86/dmesg.txt",
		"qemu-virt-kvm-noefi-arm64/dmesg.txt",
		"qemu-virt-uboot-64k-arm64/efi-memmap-and-pagetables.txt",
		"rpi4-uboot-arm64/dmesg.txt",
	};
	char rel[256];
	struct fx f;

	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		snprintf(rel, sizeof(rel), "corpus/%s", files[i]);
		if (!load(&f, rel))
			continue;
		if (f.dg.n)
			fprintf(stderr, "%s: %s (line %u)\n", rel,
				f.dg.v[0].msg, f.dg.v[0].ev.line);
		CHECK_U64(f.dg.n, 0);
		CHECK(f.d.lines > 0);
		fx_free(&f);
	}
}

/* --- synthetic ------------------------------------------------------------ */

static void test_message_offset(void)
{
	static const struct {
		const char *s;
		size_t off;
	} cases[] = {
		{ "[    0.000000] efi: x", 15 },
		{ "[12345.678901] efi: x", 15 },
		{ "[    0.000000][    T0] efi: x", 23 },
		{ "[    0.000000] [      T0] efi: x", 26 },
		{ "[    T0] efi: x", 9 },
		{ "[ T0] efi: x", 6 },
		{ "[  C12] efi: x", 8 },
		{ "<6>[    0.000000] efi: x", 18 },
		{ "<6>efi: x", 3 },
		{ "Nov 21 20:40:28 host kernel: [    0.000000] efi: x", 44 },
		{ "Nov  1 20:40:28 host kernel: efi: x", 29 },
		{ "2019-11-21T20:40:28.123456+01:00 host kernel: efi: x", 46 },
		{ "> [    0.000000] efi: x", 17 },
		{ ">> > [    0.000000] efi: x", 20 },
		{ "   [    0.000000] efi: x", 18 },
		{ "  memblock_reserve: x", 2 },
		{ " efi: x", 1 },
		{ "efi: x", 0 },
		{ "[Firmware Bug]: x", 0 },
		{ "[    0.000000]", 14 },
		{ "", 0 },
		{ "   ", 3 },
		{ "[    0.0000", 0 },
		{ "Nov 21 20:40:28 host sshd: efi: x", 0 },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		size_t got =
		    ea_logline_msg_offset(cases[i].s, strlen(cases[i].s), NULL);

		if (got != cases[i].off)
			fprintf(stderr, "offset of \"%s\"\n", cases[i].s);
		CHECK_U64(got, cases[i].off);
	}
	/* lengths are honoured: no read past n */
	CHECK_U64(ea_logline_msg_offset("[    0.000000] x", 5, NULL), 0);
	CHECK_U64(ea_logline_msg_offset("<6>", 2, NULL), 0);
}

static void test_type_names(void)
{
	CHECK_STR(ea_efi_type_name(EA_EFI_CONVENTIONAL), "Conventional");
	CHECK_STR(ea_efi_type_name(EA_EFI_ACPI_NVS), "ACPI Mem NVS");
	CHECK_STR(ea_efi_type_name(EA_EFI_UNACCEPTED), "Unaccepted");
	CHECK_STR(ea_efi_type_name(16), "type=16");
	CHECK_STR(ea_efi_type_name(0xffffffffu), "type=4294967295");
}

static void test_map_forms(void)
{
	struct fx f;
	const struct ea_dmesg *d = &f.d;

	parse_str(&f, "efi: Processing EFI memory map:\n"
		      "efi:   0x000100000000-0x00017fffffff [type=15|   |  |  "
		      "|  |  |  |  |  |  |   |WB|  |  |  ]\n"
		      "efi:   0x000180000000-0x0001bfffffff "
		      "[Conventional|attr=0x400000000000000f]\n"
		      /* 4.x: long name, old columns, NOMAP star */
		      "efi:   0x0000bfdf0000-0x0000bfdfffff [ACPI Reclaim "
		      "Memory|   |  |  |  |  |  |   |WB|WT|WC|UC]*\n"
		      /* 6.14+: HP column */
		      "efi:   0x000200000000-0x00023fffffff [Conventional|   "
		      "|HP|MR|CC|SP|NV|XP|RP|WP|RO|UCE|WB|WT|WC|UC]\n"
		      "efi:   0x000240000000-0x00024000ffff [Persistent Memory "
		      " |   |  |  |  |  |  |  |  |   |WB|  |  |  ]\n"
		      "efi: memattr: Processing EFI Memory Attributes table:\n"
		      "efi: memattr:  0x00007ea8a000-0x00007eb8bfff [Runtime "
		      "Data|RUN|  |  |  |  |  |XP|  |  |  |   |  |  |  |  ]\n"
		      "efi: memattr: ! 0x00007ea8a000-0x00007eb8bfff [Runtime "
		      "Data|RUN|  |  |  |  |  |XP|  |  |  |   |  |  |  |  ]\n");
	CHECK_U64(f.dg.n, 0);
	CHECK(d->map_form == EA_EFI_MAP_ARM);
	CHECK_U64(d->efi_map.n, 5);
	if (d->efi_map.n == 5) {
		CHECK_DESC(d->efi_map.v[0], 0x100000000, 0x17fffffff, 15, WB);
		CHECK_DESC(d->efi_map.v[1], 0x180000000, 0x1bfffffff,
			   EA_EFI_CONVENTIONAL, 0x400000000000000fULL);
		CHECK_DESC(d->efi_map.v[2], 0xbfdf0000, 0xbfdfffff,
			   EA_EFI_ACPI_RECLAIM, WBALL);
		CHECK_DESC(d->efi_map.v[3], 0x200000000, 0x23fffffff,
			   EA_EFI_CONVENTIONAL, 0x1ff01fULL);
		CHECK_U64(d->efi_map.v[4].type, EA_EFI_PERSISTENT);
	}
	CHECK(d->map_star_seen);
	fx_free(&f);

	/* x86: both listings, the second one's header lost */
	parse_str(
	    &f, "efi: mem00: [Boot Data   |   |  |  |  |  |  |  |  |  |   "
		"|WB|WT|WC|UC] range=[0x0000000000000000-0x0000000000000fff] "
		"(0MB)\n"
		"efi: mem01: [type=15|   |  |  |  |  |  |  |  |  |   |WB|  |  "
		"|  ] range=[0x0000000000100000-0x000000003fffffff] (1023MB)\n"
		"efi: mem02: [Conventional|attr=0x0000000000100008] "
		"range=[0x0000000040000000-0x000000007fffffff] (1024MB)\n"
		"efi: mem00: [Runtime Data|RUN|  |  |  |  |  |  |  |  |   "
		"|WB|WT|WC|UC] range=[0x000000007feec000-0x000000007ff6ffff] "
		"(0MB)\n");
	CHECK_U64(f.dg.n, 0);
	CHECK(d->map_form == EA_EFI_MAP_X86);
	CHECK_U64(d->efi_map.n, 3);
	CHECK_U64(d->efi_runtime_map.n, 1);
	if (d->efi_map.n == 3) {
		CHECK_DESC(d->efi_map.v[1], 0x100000, 0x3fffffff, 15, WB);
		CHECK_U64(d->efi_map.v[2].attr, 0x100008);
	}
	if (d->efi_runtime_map.n == 1)
		CHECK_U64(d->efi_runtime_map.v[0].line, 4);
	CHECK(d->x86_hints == 4 && d->arm64_hints == 0);
	fx_free(&f);
}

static void test_map_errors(void)
{
	struct fx f;
	const struct ea_dmesg *d = &f.d;

	parse_str(
	    &f,
	    /* 1: end below start */
	    "[    0.000000] efi:   0x000080000000-0x00007fffffff "
	    "[Conventional|   |  |  |  |  |  |  |  |  |   |WB|  |  |  ]\n"
	    /* 2: end lost its 0x */
	    "[    0.000000] efi:   0x000080000000-00008fffffff [Conventional|  "
	    " |  |  |  |  |  |  |  |  |   |WB|  |  |  ]\n"
	    /* 3: 17 hex digits */
	    "[    0.000000] efi:   0x10000000000000000-0x000080000fff "
	    "[Conventional|   |  |  |  |  |  |  |  |  |   |WB|  |  |  ]\n"
	    /* 4: start lost its 0x */
	    "[    0.000000] efi:   000080000000-0x00008fffffff [Conventional|  "
	    " |  |  |  |  |  |  |  |  |   |WB|  |  |  ]\n"
	    /* 5: unknown type name */
	    "[    0.000000] efi:   0x000080000000-0x00008fffffff [Conventonal| "
	    "  |  |  |  |  |  |  |  |  |   |WB|  |  |  ]\n"
	    /* 6: unknown attribute letters */
	    "[    0.000000] efi:   0x000080000000-0x00008fffffff "
	    "[Conventional|   |  |  |  |  |  |  |  |  |   |WX|  |  |  ]\n"
	    /* 7: cut inside the attribute columns, nothing follows */
	    "[    0.000000] efi:   0x000080000000-0x00008fffffff "
	    "[Conventional|   |  |  |  |  |\n"
	    /* 8: x86 entry the kernel dropped */
	    "[    0.000000] efi: Invalid EFI memory map entries:\n"
	    "[    0.000000] efi: mem05: [Boot Data   |   |  |  |  |  |  |  |  "
	    "|  |   |WB|WT|WC|UC] "
	    "range=[0x0000000100000000-0x00000000ffffffff] (invalid)\n"
	    /* 10: 128-bit end (0x%llx%016llx), also invalid */
	    "[    0.000000] efi: mem06: [Boot Data   |   |  |  |  |  |  |  |  "
	    "|  |   |WB|WT|WC|UC] "
	    "range=[0x0000000000000000-0x10000000000000000000] (invalid)\n"
	    "[    0.000000] efi: Removing 2 invalid memory map entries.\n"
	    /* 12: x86 end below start */
	    "[    0.000000] efi: mem07: [Boot Data   |   |  |  |  |  |  |  |  "
	    "|  |   |WB|WT|WC|UC] "
	    "range=[0x0000000000002000-0x0000000000000fff] (0MB)\n"
	    /* 13: a good one still goes in */
	    "[    0.000000] efi:   0x000090000000-0x00009fffffff "
	    "[Conventional|   |  |  |  |  |  |  |  |  |   |WB|  |  |  ]\n");
	CHECK_U64(d->efi_map.n, 1);
	if (d->efi_map.n == 1)
		CHECK_U64(d->efi_map.v[0].line, 13);
	CHECK_U64(f.dg.n, 10);
	CHECK(diag_has(&f, 1, "below start"));
	CHECK(diag_has(&f, 2, "0x"));
	CHECK(diag_has(&f, 3, "64 bits"));
	CHECK(diag_has(&f, 4, "start address"));
	CHECK(diag_has(&f, 5, "unknown EFI memory type"));
	CHECK(diag_has(&f, 6, "WX"));
	CHECK(diag_has(&f, 7, "line ends"));
	CHECK(diag_has(&f, 9, "(invalid)"));
	CHECK(diag_has(&f, 10, "(invalid)"));
	CHECK(diag_has(&f, 12, "below start"));
	for (size_t i = 0; i < f.dg.n; i++)
		CHECK(f.dg.v[i].ev.in == &f.in && f.dg.v[i].ev.len > 0);
	fx_free(&f);
}

static void test_cfg_forms(void)
{
	struct fx f;
	const struct ea_dmesg *d = &f.d;
	const struct ea_cfg_table *t;

	/* 6.3+ Xen: "(NAME=0x... unusable)" */
	parse_str(&f, "[    0.000000] efi: EFI v2.7 by Xen\n"
		      "[    0.000000] efi: ACPI 2.0=0x9ff5b40000 "
		      "(MEMATTR=0x8fe306018 unusable) ESRT=0x12340 \n");
	CHECK_U64(f.dg.n, 0);
	CHECK_STR(d->efi_banner, "EFI v2.7 by Xen");
	CHECK_U64(d->cfg.n, 3);
	t = cfg_find(d, "MEMATTR");
	CHECK(t && t->unusable && t->addr == 0x8fe306018);
	t = cfg_find(d, "ESRT");
	CHECK(t && !t->unusable && t->addr == 0x12340);
	fx_free(&f);

	/* pr_cont() pieces printed as records of their own */
	parse_str(&f, "[    0.000000] efi: ACPI=0xeb53f000 SMBIOS=0xed01f000\n"
		      "[    0.000001] ESRT=0xe868b998 RNG=0xeb210018 \n"
		      "[    0.000002] efi: TPMEventLog=0xeb20b018 \n"
		      "[    0.000003] random: crng init done\n"
		      "[    0.000004] FOO=0x1234\n");
	CHECK_U64(f.dg.n, 0);
	CHECK_U64(d->cfg.n, 5);
	CHECK(cfg_find(d, "FOO") == NULL);
	fx_free(&f);

	/* mail wrapping inside an entry name and after its '=' */
	parse_str(&f, "[    0.000000] efi:  SMBIOS=0x3eff0000  SMBIOS \n"
		      "3.0=0x39aa0000  ACPI 2.0=\n"
		      "0x39b70014  MEMRESERVE=0x3a002e98\n"
		      "[    0.000000] efi:  ACPI=0x1000  ACPI 2.0\n"
		      "[    0.000001] cma: Reserved 32 MiB\n");
	CHECK_CFG(d, "SMBIOS", 0x3eff0000);
	CHECK_CFG(d, "SMBIOS 3.0", 0x39aa0000);
	CHECK_CFG(d, "ACPI 2.0", 0x39b70014);
	CHECK_CFG(d, "MEMRESERVE", 0x3a002e98);
	CHECK_CFG(d, "ACPI", 0x1000);
	CHECK_U64(d->cfg.n, 5);
	/* the cut entry of line 4 has no tail: named in a diagnostic */
	CHECK_U64(f.dg.n, 1);
	CHECK(diag_has(&f, 4, "ACPI 2.0"));
	fx_free(&f);

	/* without time stamps: the next log line is not taken as the tail */
	parse_str(&f, "efi:  ACPI=0x1000  ACPI 2.0\n"
		      "efi: mem00: [Boot Data   |   |  |  |  |  |  |  |  |  |  "
		      " |WB|WT|WC|UC] "
		      "range=[0x0000000000000000-0x0000000000000fff] (0MB)\n");
	CHECK_U64(d->cfg.n, 1);
	CHECK_U64(d->efi_map.n, 1);
	CHECK_U64(f.dg.n, 1);
	CHECK(diag_has(&f, 1, "ACPI 2.0"));
	fx_free(&f);

	/* diagnostics are optional */
	memset(&f, 0, sizeof(f));
	ea_input_set_data(&f.in, "efi:   0x2-0x1 [MMIO|UC]\n", 25);
	ea_dmesg_parse(&f.in, &f.d, NULL);
	CHECK_U64(d->efi_map.n, 0);
	CHECK_U64(d->lines, 1);
	fx_free(&f);

	/* unreadable values */
	parse_str(&f,
		  "efi: ACPI 2.0=0x9ff5b40000 SMBIOS=0x12345678901234567890 \n"
		  "efi: ACPI=0xfffff000 SMBIOS=0xzz \n"
		  "efi: ACPI=0x1000junk \n");
	CHECK_U64(d->cfg.n, 2);
	CHECK_U64(f.dg.n, 3);
	CHECK(diag_has(&f, 1, "64 bits"));
	CHECK(diag_has(&f, 2, "hex digits"));
	CHECK(diag_has(&f, 3, "junk"));
	fx_free(&f);
}

static void test_fdt_params(void)
{
	struct fx f;
	const struct ea_dmesg *d = &f.d;

	parse_str(
	    &f,
	    "[    0.000000] efi: Getting UEFI parameters from /chosen in DT:\n"
	    "[    0.000000] efi:   System Table         : 0x00000000bffd0018\n"
	    "[    0.000000] efi:   MemMap Address       : 0x00000000bc43d9c0\n"
	    "[    0.000000] efi:   MemMap Size          : 0x00000000000005a0\n"
	    "[    0.000000] efi:   MemMap Desc. Size    : 0xzz\n"
	    "[    0.000000] efi:   Secure Boot Enabled  : 0x00000002\n");
	CHECK(d->has_chosen);
	CHECK_U64(d->systab, 0xbffd0018);
	CHECK_U64(d->mmap_addr, 0xbc43d9c0);
	CHECK(!d->has_desc_size);
	CHECK_U64(d->efi_map.n, 0);
	CHECK_U64(f.dg.n, 1);
	CHECK(diag_has(&f, 5, "MemMap Desc. Size"));
	fx_free(&f);
}

static void test_acpi_forms(void)
{
	struct fx f;
	const struct ea_dmesg *d = &f.d;

	parse_str(
	    &f,
	    "[    0.000000] ACPI: RSDP 0x00000000BF7FD014 000024 (v02 BOCHS )\n"
	    "[    0.000000] ACPI: FACS 0x00000000BF7FE000 000040\n"
	    "[    0.000000] ACPI: DSDT 0x000000007F779000 Logical table "
	    "override, new table: 0xFFFF9E1F40A00000\n"
	    "[    0.000000] ACPI: DSDT 0xFFFF9E1F40A00000 0020F0 (v01 BOCHS  "
	    "BXPC     00000001 BXPC 00000001)\n"
	    "[    0.000000] ACPI: SSDT 0x000000007F770000 Physical table "
	    "override, new table: 0x0000000080000000\n"
	    "[    0.000000] ACPI: SPCR: console: pl011,mmio,0x9000000,9600\n"
	    "[    0.000000] ACPI: Core revision 20220331\n"
	    "[    1.552172] ACPI: PCI Root Bridge [PCI0] (domain 0000 [bus "
	    "00-ff])\n"
	    "[    0.000000] ACPI: IRQ0 used by override.\n"
	    "[    0.000000] ACPI: HPET id: 0x8086a201 base: 0xfed00000\n"
	    "[    0.000000] ACPI: Local APIC address 0xfee00000\n"
	    "[    0.000000] ACPI: ?EMO 0x0000000000001000 100000 (v01 XXXXXX)\n"
	    "[    0.000000] ACPI: Reserving FACP table memory at [mem "
	    "0x7f778000-0x7f7780f3]\n"
	    /* 14-16: unreadable */
	    "[    0.000000] ACPI: XSDT 0x100000000BF7FC0E8 00004C (v01 BOCHS  "
	    "BXPC     00000001      01000013)\n"
	    "[    0.000000] ACPI: XSDT 0x00000000BF7FC0E8 00004CX (v01)\n"
	    "[    0.000000] ACPI: Reserving APIC table memory at [mem "
	    "0x7f777080-0x7f777000]\n");
	CHECK_U64(d->acpi.n, 5);
	CHECK_ACPI(d, "RSDP", 0, 0xBF7FD014, 0x24);
	CHECK_ACPI(d, "FACS", 0, 0xBF7FE000, 0x40);
	/* the override's new table, completed by the header after it */
	CHECK_ACPI(d, "DSDT", 0, 0xFFFF9E1F40A00000ULL, 0x20F0);
	CHECK(acpi_find(d, "DSDT", 1) == NULL);
	CHECK(acpi_find(d, "DSDT", 0) && acpi_find(d, "DSDT", 0)->virt);
	CHECK_ACPI(d, "SSDT", 0, 0x80000000, 0);
	CHECK(acpi_find(d, "SSDT", 0) && !acpi_find(d, "SSDT", 0)->virt);
	CHECK_ACPI(d, "?EMO", 0, 0x1000, 0x100000);
	CHECK_U64(d->acpi_resv.n, 1);
	if (d->acpi_resv.n)
		CHECK_STR(d->acpi_resv.v[0].sig, "FACP");
	CHECK_U64(f.dg.n, 3);
	CHECK(diag_has(&f, 14, "64 bits"));
	CHECK(diag_has(&f, 15, "table length"));
	CHECK(diag_has(&f, 16, "below start"));
	fx_free(&f);

	/* A table loaded at run time on arm64 is printed with its linear-map
	 * address, which starts at PAGE_OFFSET = -(1 << VA_BITS):
	 * 0xffff000000000000 with 48-bit VAs (arch/arm64/include/asm/
	 * memory.h), below x86's 0xffff8880... Synthetic: no real arm64 log
	 * in testdata loads a table at run time. */
	parse_str(&f,
		  "[    3.102311] ACPI: SSDT 0xFFFF00000A1C2000 0001A4 (v02 "
		  "LINARO RTC      00000001 INTL 20220331)\n");
	CHECK_U64(d->acpi.n, 1);
	CHECK(acpi_find(d, "SSDT", 0) && acpi_find(d, "SSDT", 0)->virt);
	fx_free(&f);
}

static void test_gic_forms(void)
{
	struct fx f;
	const struct ea_dmesg *d = &f.d;

	parse_str(
	    &f,
	    /* <= 4.19 wording */
	    "[    0.000000] GIC: using LPI property table @0x00000000401b0000\n"
	    "[    0.000000] GIC: using cache flushing for LPI property table\n"
	    "[    0.000000] GICv3: CPU0: using LPI pending table "
	    "@0x00000000401c0000\n"
	    "[    0.000000] GICv3: CPU0: found redistributor 0 region "
	    "0:0x00000000080a0000\n"
	    "[    0.000000] ITS@0x0000000008080000: allocated 65536 Virtual "
	    "CPUs @4a000000 (flat, esz 32, psz 64K, shr 1)\n"
	    "[    0.000000] ITS@0x0000000008080000: allocated 512 Reserved (3) "
	    "@4a100000 (indirect, esz 8, psz 4K, shr 0)\n"
	    "[    0.000000] ITS@0x0000000008080000: Devices Table too large, "
	    "reduce ids 32->24\n"
	    "[    0.139248] Platform MSI: ITS@0x8080000 domain created\n"
	    /* symptoms */
	    "[    0.000000] GICv3: Expected reserved range "
	    "[0x00000000401c0000:0x00000000401cffff], not found\n"
	    "[    0.170029] GICv3: CPU1: Booted with LPIs enabled, memory "
	    "probably corrupted\n"
	    "[    0.000000] efi: Could not map UEFI memreserve entry!\n"
	    "[    0.000000] esrt: Unsupported ESRT version "
	    "2904149718861218184.\n"
	    /* 13-15: unreadable */
	    "[    0.170029] GICv3: CPU1: using allocated LPI pending table "
	    "@00000000401d0000\n"
	    "[    0.170029] GICv3: CPU2: using borrowed LPI pending table "
	    "@0x00000000401e0000\n"
	    "[    0.000000] ITS@0x0000000008080000: allocated 8192 Devices @zz "
	    "(indirect, esz 8, psz 64K, shr 1)\n");
	CHECK(d->has_lpi_prop);
	CHECK_U64(d->lpi_prop, 0x401b0000);
	CHECK_U64(d->lpi_pending.n, 1);
	CHECK_PENDING(d, 0, 0, 0x401c0000, false);
	CHECK(!d->second_kernel && !d->gic_preallocated);
	CHECK_U64(d->its.n, 2);
	if (d->its.n == 2) {
		CHECK_STR(d->its.v[0].type, "Virtual CPUs");
		CHECK_U64(d->its.v[0].addr, 0x4a000000);
		CHECK_U64(d->its.v[0].count, 65536);
		CHECK_STR(d->its.v[1].type, "Reserved (3)");
		CHECK_U64(d->its.v[1].psz_kib, 4);
		CHECK(d->its.v[1].indirect);
	}
	CHECK_U64(d->symptoms.n, 4);
	if (d->symptoms.n == 4) {
		CHECK(d->symptoms.v[0].kind == EA_SYM_EXPECTED_RANGE_NOT_FOUND);
		CHECK(d->symptoms.v[0].has_range);
		CHECK_RANGE(d->symptoms.v[0].r, 0x401c0000, 0x401cffff);
		CHECK(d->symptoms.v[1].kind == EA_SYM_LPIS_ENABLED_CORRUPTED);
		CHECK_U64(d->symptoms.v[1].ev.line, 10);
		CHECK(d->symptoms.v[2].kind == EA_SYM_MEMRESERVE_UNMAPPABLE);
		CHECK(d->symptoms.v[3].kind == EA_SYM_ESRT_CORRUPTED);
	}
	CHECK_U64(f.dg.n, 3);
	CHECK(diag_has(&f, 13, "0x"));
	CHECK(diag_has(&f, 14, "borrowed"));
	CHECK(diag_has(&f, 15, "table address"));
	fx_free(&f);

	/* a kexec'd kernel */
	parse_str(
	    &f,
	    "[    0.000000] GICv3: Using preallocated redistributor tables\n"
	    "[    0.000000] GICv3: using LPI property table "
	    "@0x00000001002b0000\n"
	    "[    0.000000] GICv3: CPU0: using reserved LPI pending table "
	    "@0x00000001002c0000\n");
	CHECK(d->gic_preallocated && d->second_kernel);
	CHECK_PENDING(d, 0, 0, 0x1002c0000, true);
	CHECK_U64(f.dg.n, 0);
	fx_free(&f);
}

static void test_misc_lines(void)
{
	struct fx f;
	const struct ea_dmesg *d = &f.d;

	parse_str(
	    &f,
	    "Nov 21 20:40:28 host kernel: [    0.000000] Linux version "
	    "6.1.0-56-cloud-arm64 (debian-kernel@lists.debian.org) #1 SMP\r\n"
	    "Nov 21 20:40:28 host kernel: [    0.000000] Machine model: "
	    "linux,dummy-virt\r\n"
	    "<6>[    0.000000] crashkernel reserved: 0x00000000dfe00000 - "
	    "0x00000000ffe00000 (512 MB)\r\n"
	    "<6>[    0.000000] crashkernel low memory reserved: "
	    "0x00000000f0000000 - 0x00000000f8000000 (128 MB)\r\n"
	    "> [    0.000000] esrt: Reserving ESRT space from "
	    "0x00000000f10b4198 to 0x00000000f10b41d0.\r\n"
	    "> > [    0.000000] Kernel command line: console=ttyAMA0 "
	    "elfcorehdr=0x11000000\r\n"
	    "   [    0.000000] memblock_reserve: "
	    "[0x0000000040000000-0x0000000040ffffff] "
	    "arm64_memblock_init+0x1c/0x2c8\r\n"
	    "   [    0.000000] memblock_reserve: "
	    "[0x0000009820bfdc58-0x0000009820bfdc67] "
	    "efi_config_parse_tables+0x228/0x278\r\n"
	    "[    T0] Booting Linux on physical CPU 0x0000000000 "
	    "[0x411fd070]\r\n"
	    "[ T0] CPU features: detected: GIC system register CPU "
	    "interface\r\n"
	    /* 11-13: unreadable */
	    "[    0.000000] esrt: Reserving ESRT space from 0x00000000f10b41d0 "
	    "to 0x00000000f10b4198.\n"
	    "[    0.000000] crashkernel reserved: 0x00000000dfe00000 - "
	    "0xffe00000zz\n"
	    "[    0.000000] memblock_reserve: [0x0000009820bfdc58-] "
	    "efi_config_parse_tables+0x228/0x278\n");
	CHECK_STR(d->kernel_version, "6.1.0-56-cloud-arm64");
	CHECK_STR(d->kernel_banner, "Linux version 6.1.0-56-cloud-arm64 "
				    "(debian-kernel@lists.debian.org) #1 SMP");
	CHECK_STR(d->machine_model, "linux,dummy-virt");
	CHECK(d->has_crashkernel);
	CHECK_RANGE(d->crashkernel, 0xdfe00000, 0xffdfffff);
	CHECK_U64(d->crashkernel_ev.line, 3);
	CHECK(d->has_esrt_resv);
	CHECK_RANGE(d->esrt_resv, 0xf10b4198, 0xf10b41cf);
	CHECK_STR(d->cmdline, "console=ttyAMA0 elfcorehdr=0x11000000");
	CHECK(d->second_kernel && d->starts_at_boot);
	CHECK_U64(d->memblock_dbg.n, 1);
	CHECK_U64(d->symptoms.n, 0);
	CHECK(d->arm64_hints >= 4 && d->x86_hints == 0);
	CHECK_U64(f.dg.n, 3);
	CHECK(diag_has(&f, 11, "not above start"));
	CHECK(diag_has(&f, 12, "crashkernel"));
	CHECK(diag_has(&f, 13, "memblock_reserve"));
	fx_free(&f);

	parse_str(
	    &f,
	    "Linux version 5.3.11-gentoo (m@n) (gcc version 9.2.0) #29 SMP\n"
	    "Command line: \n"
	    "BIOS-e820: [mem 0x0000000000000000-0x0000000000057fff] usable\n"
	    "x86/fpu: Supporting XSAVE feature 0x001: 'x87 floating point "
	    "registers'\n"
	    "Reserving 96MB of memory at 1616MB for crashkernel (System RAM: "
	    "16195MB)\n"
	    "Reserving 256MB of low memory at 2048MB for crashkernel (low RAM "
	    "limit: 4096MB)\n"
	    "Reserving Intel graphics memory at [mem 0x7c000000-0x7fffffff]\n"
	    "Kernel command line: root=/dev/sda1\n");
	CHECK_U64(f.dg.n, 0);
	CHECK_RANGE(d->crashkernel, 0x65000000, 0x6affffff);
	CHECK_STR(d->cmdline, "root=/dev/sda1");
	CHECK(!d->second_kernel);
	CHECK_U64(d->x86_hints, 2);
	CHECK_U64(d->arm64_hints, 0);
	fx_free(&f);
}

static void test_hostile_input(void)
{
	struct fx f;
	const struct ea_dmesg *d = &f.d;
	static const char nul[] =
	    "[    0.000000] efi: EFI v2.70 by ED\0K II\n"
	    "[    0.000000] ACPI: RS\0P 0x00000000BF7FD014 000024 (v02 BOCHS "
	    ")\n"
	    "[    0.000000] efi:   0x000080000000-0x0000\0083ffffff "
	    "[Conventional|   |WB|  |  ]\n"
	    "[  \0 0.000000] GICv3: using LPI property table "
	    "@0x0000000040190000\n"
	    "\0\0\0\n"
	    "[    0.000000] Linux version 6.1\0-x (y) #1\n"
	    "\xff\xfe\xc3\x28 efi: \xe2\x82 \n"
	    "[    0.000000] efi: ACPI=0x1000 \xff\xfe=0x2000 \n";
	char *big;
	size_t bign = (size_t)1 << 20;

	/* empty input, and an input without data */
	parse_mem(&f, "", 0);
	CHECK_U64(d->lines, 0);
	CHECK_U64(f.dg.n, 0);
	CHECK(d->map_form == EA_EFI_MAP_NONE && d->kernel_version == NULL);
	fx_free(&f);
	memset(&f, 0, sizeof(f));
	ea_dmesg_parse(&f.in, &f.d, &f.dg);
	CHECK_U64(d->lines, 0);
	fx_free(&f);

	/* NUL bytes and invalid UTF-8 */
	parse_mem(&f, nul, sizeof(nul) - 1);
	CHECK_U64(d->lines, 8);
	CHECK_STR(d->efi_banner, "EFI v2.70 by ED\\x00K II");
	CHECK_U64(d->acpi.n, 0);
	CHECK_U64(d->efi_map.n, 0);
	CHECK(diag_has(&f, 3, "EFI memory map line"));
	/* a NUL inside the time stamp: not a prefix, not a GIC line */
	CHECK(!d->has_lpi_prop);
	CHECK_STR(d->kernel_version, "6.1\\x00-x");
	CHECK_CFG(d, "ACPI", 0x1000);
	CHECK(diag_has(&f, 8, "EFI config-table line"));
	fx_free(&f);

	/* one line of 1 MiB, between two good lines */
	big = malloc(bign + 200);
	CHECK(big != NULL);
	if (big) {
		size_t k = 0;

		k += (size_t)sprintf(big + k,
				     "[    0.000000] GICv3: using LPI property "
				     "table @0x0000000040190000\n");
		k += (size_t)sprintf(big + k, "[    0.000000] efi: ");
		for (size_t i = 0; i < bign; i++)
			big[k++] = "A=0x1 "[i % 6];
		big[k++] = '\n';
		k += (size_t)sprintf(
		    big + k, "[    0.000000] GICv3: CPU0: using allocated LPI "
			     "pending table @0x00000000401a0000\n");
		parse_mem(&f, big, k);
		CHECK_U64(d->lines, 3);
		CHECK_U64(d->lpi_prop, 0x40190000);
		CHECK_U64(d->lpi_pending.n, 1);
		CHECK(d->cfg.n > 170000);
		fx_free(&f);

		/* 1 MiB of '[' and '>' and digits: prefixes, not messages */
		for (size_t i = 0; i < bign; i++)
			big[i] = "[>0. "[i % 5];
		parse_mem(&f, big, bign);
		CHECK_U64(d->lines, 1);
		CHECK_U64(f.dg.n, 0);
		fx_free(&f);

		/* 1 MiB map line: the type field never ends */
		k = (size_t)sprintf(big,
				    "efi:   0x000080000000-0x00008fffffff [");
		memset(big + k, 'C', bign - k);
		parse_mem(&f, big, bign);
		CHECK_U64(f.dg.n, 1);
		CHECK(diag_has(&f, 1, "line ends"));
		fx_free(&f);
		free(big);
	}
}

/* 5 MB of log, 100k lines, in one pass. */
static void test_speed(void)
{
	struct fx f, one;
	struct timespec a, b;
	char *buf;
	size_t n = 0, reps;
	double ms;

	if (!load(&one, "captures/qemu-arm64-6.1-acpi-smp4-2g/dmesg.txt"))
		return;
	reps = 100000 / one.d.lines + 1;
	buf = malloc(one.in.len * reps);
	CHECK(buf != NULL);
	if (!buf) {
		fx_free(&one);
		return;
	}
	for (size_t i = 0; i < reps; i++) {
		memcpy(buf + n, one.in.data, one.in.len);
		/* copies of one boot are read once (test_logline.c): these
		 * are made to look like boots of their own */
		char *ban =
		    i ? memmem(buf + n, one.in.len, "Linux version ", 14)
		      : NULL;
		if (ban)
			ban[0] = 'l';
		n += one.in.len;
	}
	clock_gettime(CLOCK_MONOTONIC, &a);
	parse_mem(&f, buf, n);
	clock_gettime(CLOCK_MONOTONIC, &b);
	ms = (double)(b.tv_sec - a.tv_sec) * 1e3 +
	     (double)(b.tv_nsec - a.tv_nsec) / 1e6;
	printf("parsed %zu bytes, %u lines in %.1f ms\n", n, f.d.lines, ms);
	CHECK(f.d.lines >= 100000);
	CHECK_U64(f.d.efi_map.n, 30 * reps);
	CHECK_U64(f.d.acpi.n, 11 * reps);
	CHECK_U64(f.dg.n, 0);
	/* speed is measured by bench/run.sh, not asserted here */
	fx_free(&f);
	fx_free(&one);
	free(buf);
}

int main(void)
{
	test_capture_amd64();
	test_capture_arm64();
	test_capture_arm64_dt();
	test_asus_ux391fa();
	test_asus_fx505dy();
	test_qemu_ovmf_mixedmode();
	test_dell_xps9320();
	test_msi_alpha15();
	test_x86_misc();
	test_brcm_stingray();
	test_fujitsu();
	test_ampere_emag();
	test_arm_maps();
	test_hisilicon_d05();
	test_qemu_aavmf_kdump();
	test_arm64_misc();
	test_uefi_not_found();
	test_corpus_clean();
	test_message_offset();
	test_type_names();
	test_map_forms();
	test_map_errors();
	test_cfg_forms();
	test_fdt_params();
	test_acpi_forms();
	test_gic_forms();
	test_misc_lines();
	test_hostile_input();
	test_speed();
	return t_done();
}
