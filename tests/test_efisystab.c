/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The EFI system table. The real captures did not save it (it lives in EFI
 * Runtime Data, NOMAP, which /proc/kcore does not hold), so on them the read
 * must fail with the reason; the decoding is tested on tables written here
 * into a temporary mem/ directory, and compared with the captures' real
 * "efi:" lines.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check/cross_systab.h"
#include "core/bytes.h"
#include "read/dmesg.h"
#include "read/efisystab.h"
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

static bool has(const char *s, const char *needle)
{
	return s && strstr(s, needle);
}

/* Independent of libefivar: "8-4-4-4-12" to the 16 stored bytes (first
 * three fields little-endian, the rest in order). */
static void guid_bytes(const char *s, unsigned char *out)
{
	unsigned v[16];

	sscanf(s, "%8x-%4x-%4x-%2x%2x-%2x%2x%2x%2x%2x%2x", &v[0], &v[1], &v[2],
	       &v[3], &v[4], &v[5], &v[6], &v[7], &v[8], &v[9], &v[10]);
	le32(out, v[0]);
	le16(out + 4, (uint16_t)v[1]);
	le16(out + 6, (uint16_t)v[2]);
	for (int i = 0; i < 8; i++)
		out[8 + i] = (unsigned char)v[3 + i];
}

/* Bitwise IEEE CRC-32, checked below against its standard test vector. */
static uint32_t crc32_ref(const unsigned char *p, size_t n)
{
	uint32_t c = 0xffffffffu;

	for (size_t i = 0; i < n; i++) {
		c ^= p[i];
		for (int k = 0; k < 8; k++)
			c = c & 1 ? (c >> 1) ^ 0xedb88320u : c >> 1;
	}
	return ~c;
}

static void clean(void)
{
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -f %s/*.bin", tmpdir);
	CHECK(system(cmd) == 0);
}

static void put(uint64_t addr, const unsigned char *b, size_t n)
{
	char p[128];
	FILE *f;

	snprintf(p, sizeof(p), "%s/%016llx.bin", tmpdir,
		 (unsigned long long)addr);
	f = fopen(p, "wb");
	CHECK(f != NULL);
	if (f) {
		CHECK(fwrite(b, 1, n, f) == n);
		fclose(f);
	}
}

struct cfg {
	const char *guid;
	uint64_t addr;
};

#define ST_ADDR 0x7ffd0018ULL
#define VENDOR_ADDR 0x7ffd1000ULL
#define TABLES_ADDR 0x7ffd0800ULL

/* A 64-bit system table at ST_ADDR with FirmwareVendor "EDK II" and the
 * entries at TABLES_ADDR (or `tables` when non-zero), all in one chunk at
 * 0x7ffd0000 of `size` bytes (0x2000: room for 256 entries). nr_field overrides NumberOfTableEntries when
 * non-zero. The CRC32 is right. */
static void write_systab_sized(const struct cfg *c, uint32_t n, uint64_t tables,
			       uint32_t nr_field, size_t size)
{
	static unsigned char b[0x8000];
	unsigned char *h = b + (ST_ADDR - 0x7ffd0000);
	const char *vendor = "EDK II";

	memset(b, 0, sizeof(b));
	le64(h, 0x5453595320494249ULL);
	le32(h + 8, 2u << 16 | 70);
	le32(h + 12, 120);
	le64(h + 24, tables ? 0xfffffffeffad1000ULL : VENDOR_ADDR);
	le32(h + 32, 0x10000);
	le64(h + 88, 0x7ffd0f00);
	le32(h + 104, nr_field ? nr_field : n);
	le64(h + 112, tables ? tables : TABLES_ADDR);
	for (size_t i = 0; vendor[i]; i++)
		le16(b + (VENDOR_ADDR - 0x7ffd0000) + 2 * i,
		     (uint16_t)vendor[i]);
	for (uint32_t i = 0; i < n; i++) {
		unsigned char *e = b + (TABLES_ADDR - 0x7ffd0000) + 24 * i;

		guid_bytes(c[i].guid, e);
		le64(e + 16, c[i].addr);
	}
	le32(h + 16, crc32_ref(h, 120));
	put(0x7ffd0000, b, size);
}

static void write_systab(const struct cfg *c, uint32_t n, uint64_t tables,
			 uint32_t nr_field)
{
	write_systab_sized(c, n, tables, nr_field, 0x2000);
}

#define G_ACPI20 "8868e871-e4f1-11d3-bc22-0080c73c8881"
#define G_SMBIOS3 "f2fd1544-9794-4a2c-992e-e5bbcf20e394"
#define G_MEMATTR "dcfa911d-26eb-469f-a220-38b7dc461220"
#define G_MEMRESERVE "888eb0c6-8ede-4ff5-a8f0-9aee5cb977c2"
#define G_INITRD "5568e427-68fc-4f3d-ac74-ca555231cc68"
#define G_ESRT "b122a263-3661-4f68-9929-78f8b0d62180"
/* EFI_DXE_SERVICES_TABLE_GUID: edk2 installs it; Linux prints nothing */
#define G_DXE "05ad34ba-6f02-4214-952e-4da0398e2bb9"

/* Reads the table of the temporary mem/ directory. */
static bool read_tmp(struct ea_efi_systab *st, struct ea_input *l,
		     struct ea_diags *d, const struct ea_efi_vmap *vm,
		     size_t nvm)
{
	struct ea_physmem pm = { 0 };
	struct ea_input in = { .name = "mem" };
	struct ea_diags dd = { 0 };
	bool ok;

	memset(l, 0, sizeof(*l));
	CHECK(ea_physmem_open_dir(&pm, &in, tmpdir, &dd));
	CHECK(dd.n == 0);
	ok = ea_efi_systab_read(&pm, ST_ADDR, vm, nvm, l, st, d);
	ea_physmem_free(&pm);
	ea_input_free(&in);
	ea_diags_free(&dd);
	return ok;
}

static void names(void)
{
	unsigned char b[16];
	static const unsigned char mr[16] = { 0xc6, 0xb0, 0x8e, 0x88,
					      0xde, 0x8e, 0xf5, 0x4f,
					      0xa8, 0xf0, 0x9a, 0xee,
					      0x5c, 0xb9, 0x77, 0xc2 };

	/* the bytes kernel-formats.md §2 gives for MEMRESERVE */
	guid_bytes(G_MEMRESERVE, b);
	CHECK(memcmp(b, mr, 16) == 0);
	CHECK_U64(crc32_ref((const unsigned char *)"123456789", 9), 0xcbf43926);

	CHECK_STR(ea_efi_cfg_name_by_guid(G_MEMRESERVE)->name, "MEMRESERVE");
	CHECK_STR(ea_efi_cfg_name_by_guid("8868E871-E4F1-11D3-BC22-"
					  "0080C73C8881")
		      ->name,
		  "ACPI 2.0");
	CHECK(ea_efi_cfg_name_by_guid(G_DXE) == NULL);
	CHECK(ea_efi_cfg_name_by_guid("not a guid") == NULL);
	CHECK_STR(ea_efi_cfg_name_by_name("Unaccepted")->guid,
		  "d5d1de3c-105c-44f9-9ea9-bcef98120031");
	CHECK(ea_efi_cfg_name_by_name("INITRD")->since_major == 6 &&
	      ea_efi_cfg_name_by_name("INITRD")->since_minor == 1);
	CHECK(ea_efi_cfg_name_by_name("UGA")->x86_only);
	CHECK(ea_efi_cfg_name_by_name("Acpi") == NULL);
}

/* The 6.1 ACPI capture's line, in its firmware order, plus edk2's DXE
 * services table, which Linux does not print. */
static const struct cfg healthy_cfg[] = {
	{ G_SMBIOS3, 0xbfed0000 }, { G_MEMATTR, 0xbd113018 },
	{ G_DXE, 0xbfff0000 },	   { G_ACPI20, 0xbc430018 },
	{ G_INITRD, 0xbc42ff18 },  { G_MEMRESERVE, 0xbc42ff98 },
};

static void healthy(struct ea_dmesg *d61)
{
	struct ea_efi_systab st;
	struct ea_input l;
	struct ea_diags d = { 0 };

	clean();
	write_systab(healthy_cfg, 6, 0, 0);
	CHECK(read_tmp(&st, &l, &d, NULL, 0));
	CHECK(st.header_ok && st.complete && st.why == NULL);
	CHECK(d.n == 0);
	CHECK_U64(st.revision, 2u << 16 | 70);
	CHECK_U64(st.header_size, 120);
	CHECK(st.crc_checked && st.crc_ok);
	CHECK_STR(st.vendor, "EDK II");
	CHECK_U64(st.fw_revision, 0x10000);
	CHECK_U64(st.nr_tables, 6);
	CHECK_U64(st.tables_phys, TABLES_ADDR);
	CHECK(!st.tables_virtual);
	CHECK(st.has_tables_range);
	CHECK_U64(st.tables_range.first, TABLES_ADDR);
	CHECK_U64(st.tables_range.last, TABLES_ADDR + 6 * 24 - 1);
	CHECK_U64(st.hdr_range.first, ST_ADDR);
	CHECK_U64(st.hdr_range.last, ST_ADDR + 119);
	CHECK_U64(st.entries.n, 6);
	CHECK_STR(st.entries.v[0].guid, G_SMBIOS3);
	CHECK_STR(st.entries.v[0].name, "SMBIOS 3.0");
	CHECK_U64(st.entries.v[0].addr, 0xbfed0000);
	CHECK_U64(st.entries.v[0].at, TABLES_ADDR);
	CHECK_STR(st.entries.v[1].name, "MEMATTR");
	CHECK_STR(st.entries.v[2].guid, G_DXE);
	CHECK(st.entries.v[2].name == NULL && st.entries.v[2].kname == NULL);
	CHECK_STR(st.entries.v[3].name, "ACPI 2.0");
	CHECK_STR(st.entries.v[5].name, "MEMRESERVE");
	CHECK_U64(st.entries.v[5].addr, 0xbc42ff98);
	CHECK_U64(st.entries.v[5].at, TABLES_ADDR + 5 * 24);

	/* the listing: one line per item, each naming its address */
	CHECK_STR(l.name, "efi_systab");
	CHECK(l.status == EA_IN_OK);
	CHECK(has(l.data, "0x000000007ffd0018 EFI system table: signature "
			  "\"IBI SYST\", revision 2.70, HeaderSize 120, "
			  "CRC32 0x"));
	CHECK(has(l.data, "(matches)"));
	CHECK(has(l.data, "0x000000007ffd0030 FirmwareVendor 0x7ffd1000 "
			  "\"EDK II\", FirmwareRevision 0x10000\n"));
	CHECK(has(l.data, "0x000000007ffd0080 NumberOfTableEntries 6, "
			  "ConfigurationTable 0x7ffd0800\n"));
	CHECK(has(l.data, "0x000000007ffd0830 table 2: " G_DXE
			  " (no name on the efi: line) 0xbfff0000\n"));
	CHECK(has(l.data, "0x000000007ffd0878 table 5: " G_MEMRESERVE
			  " MEMRESERVE=0xbc42ff98\n"));
	CHECK(st.entries.v[5].ev.in == &l && st.entries.v[5].ev.line == 10);
	CHECK(l.data && strncmp(l.data + st.entries.v[5].ev.off,
				"0x000000007ffd0878 table 5", 26) == 0);

	/* against the real line: every named entry the same */
	struct ea_systab_cmps c;

	ea_efi_systab_compare(&st, d61, &c);
	CHECK_U64(c.v.n, 5);
	CHECK_U64(c.ndiff, 0);
	for (size_t i = 0; i < c.v.n; i++)
		CHECK(c.v.v[i].kind == EA_SYSTAB_CMP_SAME && c.v.v[i].mem &&
		      c.v.v[i].log &&
		      strcmp(c.v.v[i].mem->name, c.v.v[i].log->name) == 0);
	CHECK(c.v.n == 5 && c.v.v[4].mem == &st.entries.v[5]);
	ea_systab_cmps_free(&c);

	/* one byte of the header changed: the CRC says so */
	{
		char p[128];
		FILE *f;

		snprintf(p, sizeof(p), "%s/000000007ffd0000.bin", tmpdir);
		f = fopen(p, "r+b");
		fseek(f, 0x18 + 32, SEEK_SET);
		fputc(0x01, f);
		fclose(f);
	}
	ea_efi_systab_free(&st);
	ea_input_free(&l);
	CHECK(read_tmp(&st, &l, &d, NULL, 0));
	CHECK(st.crc_checked && !st.crc_ok);
	CHECK_U64(st.fw_revision, 0x10001);
	CHECK(has(l.data, "MISMATCH"));
	ea_efi_systab_free(&st);
	ea_input_free(&l);
	ea_diags_free(&d);
}

static void differences(struct ea_dmesg *d61)
{
	/* MEMRESERVE moved, INITRD gone, an ESRT and a second ACPI 2.0 */
	const struct cfg cfg[] = {
		{ G_SMBIOS3, 0xbfed0000 },    { G_MEMATTR, 0xbd113018 },
		{ G_ACPI20, 0xbc430018 },     { G_ESRT, 0xbd000000 },
		{ G_MEMRESERVE, 0xbc400000 }, { G_ACPI20, 0xbc500000 },
	};
	struct ea_efi_systab st;
	struct ea_input l;
	struct ea_diags d = { 0 };
	struct ea_systab_cmps c;

	clean();
	write_systab(cfg, 6, 0, 0);
	CHECK(read_tmp(&st, &l, &d, NULL, 0));
	ea_efi_systab_compare(&st, d61, &c);
	CHECK_U64(c.v.n, 7);
	CHECK_U64(c.ndiff, 4);
	if (c.v.n == 7) {
		CHECK(c.v.v[0].kind == EA_SYSTAB_CMP_SAME);
		CHECK_STR(c.v.v[0].name, "SMBIOS 3.0");
		CHECK(c.v.v[2].kind == EA_SYSTAB_CMP_SAME);
		CHECK(c.v.v[3].kind == EA_SYSTAB_CMP_ONLY_MEMORY);
		CHECK_STR(c.v.v[3].name, "ESRT");
		CHECK(c.v.v[3].log == NULL && c.v.v[3].known_name);
		CHECK(c.v.v[4].kind == EA_SYSTAB_CMP_ADDR_DIFFERS);
		CHECK_STR(c.v.v[4].name, "MEMRESERVE");
		CHECK_U64(c.v.v[4].mem->addr, 0xbc400000);
		CHECK_U64(c.v.v[4].log->addr, 0xbc42ff98);
		CHECK(c.v.v[5].kind == EA_SYSTAB_CMP_ONLY_MEMORY);
		CHECK_STR(c.v.v[5].name, "ACPI 2.0");
		CHECK_U64(c.v.v[5].occurrence, 1);
		CHECK(c.v.v[6].kind == EA_SYSTAB_CMP_ONLY_LOG);
		CHECK_STR(c.v.v[6].name, "INITRD");
		CHECK(c.v.v[6].mem == NULL && c.v.v[6].log &&
		      c.v.v[6].log->addr == 0xbc42ff18);
		CHECK(c.v.v[6].log && c.v.v[6].log->ev.line == 11);
	}
	ea_systab_cmps_free(&c);
	ea_efi_systab_free(&st);
	ea_input_free(&l);
	ea_diags_free(&d);
}

static void hostile(struct ea_dmesg *d61)
{
	struct ea_efi_systab st;
	struct ea_input l;
	struct ea_diags d = { 0 };
	struct ea_systab_cmps c;
	unsigned char b[0x2000];

	/* bad signature */
	clean();
	write_systab(healthy_cfg, 6, 0, 0);
	memset(b, 0, sizeof(b));
	memcpy(b + 0x18, "IBI SYSX", 8);
	put(0x7ffd0000, b, sizeof(b));
	CHECK(!read_tmp(&st, &l, &d, NULL, 0));
	CHECK(!st.header_ok && !st.complete);
	CHECK(has(st.why, "signature 0x5853595320494249 at offset 0 is not "
			  "\"IBI SYST\""));
	CHECK(l.status == EA_IN_MALFORMED);
	CHECK(has(l.data, "0x000000007ffd0018 EFI system table: "));
	CHECK(st.entries.n == 0);
	ea_efi_systab_free(&st);
	ea_input_free(&l);

	/* a 32-bit firmware's table */
	memcpy(b + 0x18, "IBI SYST", 8);
	le32(b + 0x18 + 12, 72);
	put(0x7ffd0000, b, sizeof(b));
	CHECK(!read_tmp(&st, &l, &d, NULL, 0));
	CHECK(has(st.why, "HeaderSize 72 at offset 12 is a 32-bit"));
	ea_efi_systab_free(&st);
	ea_input_free(&l);

	/* nr_tables huge: the first 1024 entries (zeroed GUIDs here) read,
	 * a diag, not complete */
	clean();
	write_systab_sized(healthy_cfg, 6, 0, 0xffffffffu, 0x8000);
	CHECK(read_tmp(&st, &l, &d, NULL, 0));
	CHECK(st.header_ok && !st.complete);
	CHECK_U64(st.nr_tables, 0xffffffffu);
	CHECK_U64(st.entries.n, 1024);
	CHECK_U64(st.tables_range.last, TABLES_ADDR + 1024 * 24 - 1);
	CHECK(d.n == 1 && has(d.v[0].msg, "NumberOfTableEntries 4294967295") &&
	      d.v[0].ev.in == &l && d.v[0].ev.line == 4);
	CHECK(has(st.why, "above the limit of 1024"));
	ea_efi_systab_free(&st);
	ea_input_free(&l);
	ea_diags_free(&d);

	/* nr_tables 300: entries past the end of what was saved */
	clean();
	write_systab(healthy_cfg, 6, 0, 300);
	CHECK(read_tmp(&st, &l, &d, NULL, 0));
	CHECK(st.header_ok && !st.complete);
	CHECK(d.n == 0);
	/* the chunk ends at 0x7ffd2000, where entry 256 starts */
	CHECK_U64(st.entries.n, 256);
	CHECK(has(st.why, "configuration table entry 256 of 300 at "
			  "0x000000007ffd2000 unreadable"));
	CHECK(l.status == EA_IN_UNREADABLE);
	/* the log's tables that the read did not reach stay unknown */
	ea_efi_systab_compare(&st, d61, &c);
	CHECK_U64(c.ndiff, 0);
	ea_systab_cmps_free(&c);
	ea_efi_systab_free(&st);
	ea_input_free(&l);

	/* ConfigurationTable not readable at all, and a virtual one */
	clean();
	write_systab(healthy_cfg, 6, 0xfffffffeffad0800ULL, 0);
	CHECK(read_tmp(&st, &l, &d, NULL, 0));
	CHECK(st.header_ok && !st.complete && st.entries.n == 0);
	CHECK(has(st.why, "entry 0 of 6 at 0xfffffffeffad0800 unreadable"));
	CHECK(has(st.why, "virtual address"));
	CHECK(has(l.data, "FirmwareVendor 0xfffffffeffad1000 (string "
			  "unread: "));
	ea_efi_systab_compare(&st, d61, &c);
	CHECK_U64(c.v.n, 5);
	for (size_t i = 0; i < c.v.n; i++)
		CHECK(c.v.v[i].kind == EA_SYSTAB_CMP_UNREAD);
	ea_systab_cmps_free(&c);
	ea_efi_systab_free(&st);
	ea_input_free(&l);

	/* ... which the runtime map's virtual addresses translate */
	const struct ea_efi_vmap vm[] = {
		{ 0xfffffffeffc00000ULL, 0xffc00000, 0x400000 },
		{ 0xfffffffeffad0000ULL, 0x7ffd0000, 0x10000 },
	};
	CHECK(read_tmp(&st, &l, &d, vm, 2));
	CHECK(st.complete && st.tables_virtual);
	CHECK_U64(st.tables_phys, TABLES_ADDR);
	CHECK_STR(st.vendor, "EDK II");
	CHECK(has(l.data, "ConfigurationTable 0xfffffffeffad0800 (virtual; "
			  "physical 0x7ffd0800)"));
	ea_efi_systab_free(&st);
	ea_input_free(&l);
	ea_diags_free(&d);
}

/* The real captures: the address the log gives, the read that fails. */
static void real(void)
{
	/* virt: VirtualStart of the descriptor holding the table. The 6.1
	 * stub maps runtime regions 1:1, the 5.10 one packs them from
	 * 0x20000000: there a converted pointer is not a physical address */
	static const struct {
		const char *name;
		uint64_t systab, mmap, virt;
	} caps[] = {
		{ "qemu-arm64-6.1-acpi-smp4-2g", 0xbffd0018, 0xbc43d9c0,
		  0xbfd90000 },
		{ "qemu-arm64-6.1-acpi-gicv2", 0x7ffd0018, 0x7c43d9c0,
		  0x7fd90000 },
		{ "qemu-arm64-6.1-dt-smp2-1g", 0x7ffd0018, 0x7c0e0040,
		  0x7fd90000 },
		{ "qemu-arm64-5.10-acpi-smp2-1g", 0x7ffd0018, 0x7c42d018,
		  0x20480000 },
		{ "qemu-arm64-5.10-acpi-smp4-256m", 0x4ffd0018, 0x4c42d018,
		  0x20480000 },
	};

	for (size_t k = 0; k < sizeof(caps) / sizeof(caps[0]); k++) {
		char p[512], why[256], want[64];
		struct ea_input din = { .name = "dmesg" },
				mem = { .name = "mem" };
		struct ea_input l = { 0 };
		struct ea_dmesg d = { 0 };
		struct ea_diags dg = { 0 };
		struct ea_physmem pm = { 0 };
		struct ea_efi_systab st;
		unsigned char map[0x5a0];

		snprintf(p, sizeof(p), "%s/captures/%s/dmesg.txt", TESTDATA,
			 caps[k].name);
		CHECK(ea_input_load_file(&din, p));
		ea_dmesg_parse(&din, &d, &dg);
		CHECK(d.has_systab);
		CHECK_U64(d.systab, caps[k].systab);
		snprintf(p, sizeof(p), "%s/captures/%s/mem", TESTDATA,
			 caps[k].name);
		CHECK(ea_physmem_open_dir(&pm, &mem, p, &dg));

		CHECK(
		    !ea_efi_systab_read(&pm, d.systab, NULL, 0, &l, &st, &dg));
		CHECK(!st.header_ok && st.entries.n == 0);
		snprintf(want, sizeof(want),
			 "EFI system table at 0x%016llx unreadable: ",
			 (unsigned long long)caps[k].systab);
		CHECK(has(st.why, want));
		CHECK(has(st.why, "is not in any saved chunk"));
		CHECK(l.status == EA_IN_UNREADABLE);
		CHECK(l.lines == 1);

		/* why: the saved EFI memory map (48-byte descriptors) puts
		 * the table in Runtime Data with EFI_MEMORY_RUNTIME */
		CHECK(d.has_mmap_addr && d.mmap_addr == caps[k].mmap &&
		      d.mmap_size == sizeof(map) && d.desc_size == 48);
		CHECK(ea_physmem_read(&pm, caps[k].mmap, map, sizeof(map), why,
				      sizeof(why)));
		int found = 0;

		const struct ea_bytes mb = ea_bytes_of(map, sizeof(map));

		for (size_t i = 0; i + 48 <= sizeof(map); i += 48) {
			/* efi_memory_desc_t: type @0, phys @8, virt @16,
			 * pages @24, attr @32 */
			uint32_t type = 0;
			uint64_t pa = 0, va = 0, np = 0, attr = 0;

			CHECK(ea_bytes_u32(&mb, i, &type) &&
			      ea_bytes_u64(&mb, i + 8, &pa) &&
			      ea_bytes_u64(&mb, i + 16, &va) &&
			      ea_bytes_u64(&mb, i + 24, &np) &&
			      ea_bytes_u64(&mb, i + 32, &attr));
			if (caps[k].systab >= pa &&
			    caps[k].systab - pa < np * 4096) {
				struct ea_efi_vmap vm = { va, pa, np * 4096 };
				bool tr;

				found++;
				CHECK_U64(type, 6);
				CHECK_U64(attr >> 63, 1);
				CHECK_U64(vm.virt, caps[k].virt);
				/* what efi_to_phys() does with a pointer
				 * into the table */
				CHECK_U64(ea_efi_vmap_to_phys(
					      &vm, 1,
					      vm.virt + (caps[k].systab - pa),
					      &tr),
					  caps[k].systab);
				CHECK(tr);
			}
		}
		CHECK(found == 1);

		ea_efi_systab_free(&st);
		ea_input_free(&l);
		ea_physmem_free(&pm);
		ea_input_free(&mem);
		ea_dmesg_free(&d);
		ea_input_free(&din);
		ea_diags_free(&dg);
	}

	/* x86 prints no "System Table" line and saved no mem/ */
	{
		char p[512];
		struct ea_input din = { .name = "dmesg" };
		struct ea_dmesg d = { 0 };
		struct ea_diags dg = { 0 };

		snprintf(p, sizeof(p),
			 "%s/captures/qemu-amd64-6.1-ovmf-smp2-2g/dmesg.txt",
			 TESTDATA);
		CHECK(ea_input_load_file(&din, p));
		ea_dmesg_parse(&din, &d, &dg);
		CHECK(!d.has_systab);
		CHECK(access(TESTDATA "/captures/qemu-amd64-6.1-ovmf-smp2-2g/"
				      "mem",
			     F_OK) != 0);
		ea_dmesg_free(&d);
		ea_input_free(&din);
		ea_diags_free(&dg);
	}
}

int main(void)
{
	char p[512];
	struct ea_input din = { .name = "dmesg" };
	struct ea_dmesg d61 = { 0 };
	struct ea_diags dg = { 0 };

	snprintf(tmpdir, sizeof(tmpdir), "/tmp/ea-st-XXXXXX");
	CHECK(mkdtemp(tmpdir) != NULL);
	snprintf(p, sizeof(p),
		 "%s/captures/qemu-arm64-6.1-acpi-smp4-2g/dmesg.txt", TESTDATA);
	CHECK(ea_input_load_file(&din, p));
	ea_dmesg_parse(&din, &d61, &dg);
	/* the real line these tests compare with (dmesg.txt line 11) */
	CHECK_U64(d61.cfg.n, 5);

	names();
	healthy(&d61);
	differences(&d61);
	hostile(&d61);
	real();

	ea_dmesg_free(&d61);
	ea_input_free(&din);
	ea_diags_free(&dg);
	clean();
	rmdir(tmpdir);
	return t_done();
}
