/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The EFI system table, 64-bit (UEFI 2.x §4.2 EFI_TABLE_HEADER, §4.3
 * EFI_SYSTEM_TABLE; include/linux/efi.h efi_system_table_64_t;
 * kernel-formats.md §2): Hdr {u64 Signature "IBI SYST" @0, u32 Revision @8,
 * u32 HeaderSize @12, u32 CRC32 @16, u32 Reserved @20}, FirmwareVendor u64
 * @24, FirmwareRevision u32 @32, ConIn..StdErr @40..80, RuntimeServices u64
 * @88, BootServices u64 @96, NumberOfTableEntries u32 @104,
 * ConfigurationTable u64 @112: 120 bytes. Each EFI_CONFIGURATION_TABLE is
 * {EFI_GUID (u32, u16, u16 little-endian, then 8 bytes), u64 VendorTable}:
 * 24 bytes. The header CRC32 is the IEEE CRC-32 of HeaderSize bytes with the
 * CRC32 field zero (edk2 CalculateCrc32; RuntimeDxe recomputes it after
 * converting the pointers in SetVirtualAddressMap()).
 */
#include "read/efisystab.h"

#include <efivar/efivar.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/bytes.h"

#define SYSTAB_SIZE 120u
#define SYSTAB32_SIZE 72u
#define CFG_ENTRY 24u
/* Larger headers than this are not read for the CRC check. */
#define MAX_CRC_HEADER 4096u
#define MAX_VENDOR_CHARS 128u

/*
 * GUIDs verified against include/linux/efi.h (6.2+ and the 6.18 additions);
 * since-versions from kernel-formats.md §2.
 */
static const struct ea_efi_cfg_name cfg_names[] = {
	{ "ACPI 2.0", "8868e871-e4f1-11d3-bc22-0080c73c8881",
	  "ACPI_20_TABLE_GUID", 0, 0, false, false },
	{ "ACPI", "eb9d2d30-2d88-11d3-9a16-0090273fc14d", "ACPI_TABLE_GUID", 0,
	  0, false, false },
	{ "SMBIOS", "eb9d2d31-2d88-11d3-9a16-0090273fc14d", "SMBIOS_TABLE_GUID",
	  0, 0, false, false },
	{ "SMBIOS 3.0", "f2fd1544-9794-4a2c-992e-e5bbcf20e394",
	  "SMBIOS3_TABLE_GUID", 0, 0, false, false },
	{ "ESRT", "b122a263-3661-4f68-9929-78f8b0d62180",
	  "EFI_SYSTEM_RESOURCE_TABLE_GUID", 0, 0, false, false },
	{ "MEMATTR", "dcfa911d-26eb-469f-a220-38b7dc461220",
	  "EFI_MEMORY_ATTRIBUTES_TABLE_GUID", 0, 0, false, false },
	{ "RNG", "1ce1e5bc-7ceb-42f2-81e5-8aadf180f57b",
	  "LINUX_EFI_RANDOM_SEED_TABLE_GUID", 0, 0, false, false },
	{ "TPMEventLog", "b7799cb0-eca2-4943-9667-1fae07b747fa",
	  "LINUX_EFI_TPM_EVENT_LOG_GUID", 0, 0, false, false },
	{ "TPMFinalLog", "1e2ed096-30e2-4254-bd89-863bbef82325",
	  "LINUX_EFI_TPM_FINAL_LOG_GUID", 5, 4, false, false },
	{ "CCFinalLog", "dd4a4648-2de7-4665-964d-21d9ef5fb446",
	  "EFI_CC_FINAL_EVENTS_TABLE_GUID", 6, 13, false, false },
	{ "MEMRESERVE", "888eb0c6-8ede-4ff5-a8f0-9aee5cb977c2",
	  "LINUX_EFI_MEMRESERVE_TABLE_GUID", 4, 20, false, false },
	{ "INITRD", "5568e427-68fc-4f3d-ac74-ca555231cc68",
	  "LINUX_EFI_INITRD_MEDIA_GUID", 6, 1, false, false },
	{ "RTPROP", "eb66918a-7eef-402a-842e-931d21c38ae9",
	  "EFI_RT_PROPERTIES_TABLE_GUID", 5, 10, false, false },
	{ "MOKvar", "c451ed2b-9694-45d3-baba-ed9f8988a389",
	  "LINUX_EFI_MOK_VARIABLE_TABLE_GUID", 5, 10, false, false },
	{ "CocoSecret", "adf956ad-e98c-484c-ae11-b51c7d334764",
	  "LINUX_EFI_COCO_SECRET_AREA_GUID", 6, 1, false, false },
	{ "Unaccepted", "d5d1de3c-105c-44f9-9ea9-bcef98120031",
	  "LINUX_EFI_UNACCEPTED_MEM_TABLE_GUID", 6, 5, false, false },
	{ "OvmfDebugLog", "95305139-b20f-4723-8425-627c888ff121",
	  "OVMF_MEMORY_LOG_TABLE_GUID", 6, 18, false, false },
	/* arch/x86/platform/efi/efi.c arch_tables[] */
	{ "PROP", "880aaca3-4adc-4a04-9079-b747340825e5",
	  "EFI_PROPERTIES_TABLE_GUID", 0, 0, true, false },
	{ "UGA", "61a4d49e-6f68-4f1b-b922-a86eed0b07a2", "UGA_IO_PROTOCOL_GUID",
	  0, 0, true, false },
	{ "UVsystab", "3b13a7d4-633e-11dd-93ec-da2556d89593",
	  "UV_SYSTEM_TABLE_GUID", 0, 0, true, false },
	/* 4.19 common_tables[] */
	{ "MPS", "eb9d2d2f-2d88-11d3-9a16-0090273fc14d", "MPS_TABLE_GUID", 0, 0,
	  false, true },
	{ "HCDP", "f951938d-620b-42ef-8279-a84b79617898", "HCDP_TABLE_GUID", 0,
	  0, false, true },
	{ "SALsystab", "eb9d2d32-2d88-11d3-9a16-0090273fc14d",
	  "SAL_SYSTEM_TABLE_GUID", 0, 0, false, true },
};

#define NNAMES (sizeof(cfg_names) / sizeof(cfg_names[0]))

static efi_guid_t name_guids[NNAMES];
static bool name_guid_ok[NNAMES];
static bool names_parsed;

static void parse_names(void)
{
	if (names_parsed)
		return;
	for (size_t i = 0; i < NNAMES; i++)
		name_guid_ok[i] =
		    efi_str_to_guid(cfg_names[i].guid, &name_guids[i]) == 0;
	names_parsed = true;
}

static const struct ea_efi_cfg_name *name_by_guid(const efi_guid_t *g)
{
	parse_names();
	for (size_t i = 0; i < NNAMES; i++)
		if (name_guid_ok[i] && efi_guid_cmp(g, &name_guids[i]) == 0)
			return &cfg_names[i];
	return NULL;
}

const struct ea_efi_cfg_name *ea_efi_cfg_name_by_guid(const char *guid)
{
	efi_guid_t g;

	if (!guid || efi_str_to_guid(guid, &g) != 0)
		return NULL;
	return name_by_guid(&g);
}

const struct ea_efi_cfg_name *ea_efi_cfg_name_by_name(const char *name)
{
	for (size_t i = 0; name && i < NNAMES; i++)
		if (strcmp(cfg_names[i].name, name) == 0)
			return &cfg_names[i];
	return NULL;
}

/* EFI_GUID from its 16 stored bytes at the start of e, field by field: the
 * first three fields are little-endian, the last eight bytes are kept in
 * order (which is how efi_guid_t holds them on either host byte order) and
 * copied to tail too. False when e holds fewer than 16 bytes. */
static bool guid_from_bytes(const struct ea_bytes *e, efi_guid_t *g,
			    unsigned char tail[8])
{
	memset(g, 0, sizeof(*g));
	if (!ea_bytes_u32(e, 0, &g->a) || !ea_bytes_u16(e, 4, &g->b) ||
	    !ea_bytes_u16(e, 6, &g->c) || !ea_bytes_copy(e, 8, tail, 8))
		return false;
	memcpy(&g->d, tail, 2);
	memcpy(g->e, tail + 2, 6);
	return true;
}

static void guid_string(const efi_guid_t *g, const unsigned char tail[8],
			char out[37])
{
	char *s = NULL;

	if (efi_guid_to_str(g, &s) >= 0 && s && strlen(s) == 36) {
		for (int i = 0; i < 36; i++)
			out[i] =
			    (char)(s[i] >= 'A' && s[i] <= 'F' ? s[i] - 'A' + 'a'
							      : s[i]);
		out[36] = '\0';
	} else {
		/* libefivar could not allocate: the same text by hand */
		snprintf(out, 37,
			 "%08x-%04x-%04x-%02x%02x-%02x%02x%02x%02x%02x%02x",
			 g->a, g->b, g->c, tail[0], tail[1], tail[2], tail[3],
			 tail[4], tail[5], tail[6], tail[7]);
	}
	free(s);
}

/* IEEE 802.3 CRC-32, reflected, as edk2's CalculateCrc32 and zlib. */
static uint32_t crc32_ieee(const unsigned char *p, size_t n)
{
	uint32_t c = 0xffffffffu;

	for (size_t i = 0; i < n; i++) {
		c ^= p[i];
		for (int k = 0; k < 8; k++)
			c = (c >> 1) ^ (0xedb88320u & (0u - (c & 1u)));
	}
	return ~c;
}

uint64_t ea_efi_vmap_to_phys(const struct ea_efi_vmap *vmap, size_t nvmap,
			     uint64_t addr, bool *translated)
{
	if (translated)
		*translated = false;
	for (size_t i = 0; vmap && i < nvmap; i++) {
		const struct ea_efi_vmap *m = &vmap[i];

		if (m->virt == 0 || m->size == 0 || addr < m->virt ||
		    addr - m->virt >= m->size)
			continue;
		uint64_t off = addr - m->virt;

		if (off > UINT64_MAX - m->phys)
			continue;
		if (translated)
			*translated = true;
		return m->phys + off;
	}
	return addr;
}

static void set_why(struct ea_efi_systab *st, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void set_why(struct ea_efi_systab *st, const char *fmt, ...)
{
	char buf[640];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	free(st->why);
	st->why = ea_xstrdup(buf);
}

/* FirmwareVendor: CHAR16, NUL-terminated; non-ASCII shown as '?'. */
static char *read_vendor(const struct ea_physmem *pm, uint64_t at, char *why,
			 size_t whylen)
{
	char s[MAX_VENDOR_CHARS + 1];
	size_t n = 0;

	for (; n < MAX_VENDOR_CHARS; n++) {
		unsigned char c[2];

		if (at > UINT64_MAX - 2 * n ||
		    !ea_physmem_read(pm, at + 2 * n, c, 2, why, whylen))
			return NULL;
		struct ea_bytes cb = ea_bytes_of(c, sizeof(c));
		uint16_t ch;

		if (!ea_bytes_u16(&cb, 0, &ch)) {
			snprintf(why, whylen,
				 "character %zu at 0x%016llx: %zu bytes read "
				 "hold no CHAR16",
				 n, (unsigned long long)(at + 2 * n), cb.len);
			return NULL;
		}

		if (ch == 0)
			break;
		s[n] = ch >= 0x20 && ch < 0x7f && ch != '"' ? (char)ch : '?';
	}
	s[n] = '\0';
	if (n == MAX_VENDOR_CHARS)
		snprintf(why, whylen, "no NUL within %u characters",
			 MAX_VENDOR_CHARS);
	return n == MAX_VENDOR_CHARS ? NULL : ea_xstrdup(s);
}

/* Checks the header and decodes the table's fields into st; on failure
 * sets why and the listing line. */
static bool read_header(const struct ea_physmem *pm, uint64_t addr,
			struct ea_input *l, struct ea_efi_systab *st,
			unsigned char *h)
{
	char why[512];

	if (!ea_physmem_read(pm, addr, h, SYSTAB_SIZE, why, sizeof(why))) {
		set_why(st, "EFI system table at 0x%016llx unreadable: %s",
			(unsigned long long)addr, why);
		st->ev = ea_listing_add(l, "0x%016llx EFI system table: %s",
					(unsigned long long)addr, st->why);
		ea_input_set_status(l, EA_IN_UNREADABLE, "%s", st->why);
		return false;
	}
	struct ea_bytes hb = ea_bytes_of(h, SYSTAB_SIZE);
	uint64_t sig;

	if (!ea_bytes_u64(&hb, 0, &sig) ||
	    !ea_bytes_u32(&hb, 8, &st->revision) ||
	    !ea_bytes_u32(&hb, 12, &st->header_size) ||
	    !ea_bytes_u32(&hb, 16, &st->crc32)) {
		set_why(st,
			"EFI system table at 0x%016llx: the %zu bytes read "
			"hold no Signature @0, Revision @8, HeaderSize @12 and "
			"CRC32 @16",
			(unsigned long long)addr, hb.len);
	} else if (sig != EA_EFI_SYSTAB_SIGNATURE) {
		set_why(st,
			"EFI system table at 0x%016llx: signature "
			"0x%016llx at offset 0 is not \"IBI SYST\" "
			"(0x%016llx)",
			(unsigned long long)addr, (unsigned long long)sig,
			EA_EFI_SYSTAB_SIGNATURE);
	} else if (st->header_size == SYSTAB32_SIZE) {
		set_why(st,
			"EFI system table at 0x%016llx: HeaderSize %u at "
			"offset 12 is a 32-bit firmware's table, which this "
			"reader does not decode",
			(unsigned long long)addr, st->header_size);
	} else if (st->header_size < SYSTAB_SIZE) {
		set_why(st,
			"EFI system table at 0x%016llx: HeaderSize %u at "
			"offset 12 is smaller than the %u bytes of a 64-bit "
			"table",
			(unsigned long long)addr, st->header_size, SYSTAB_SIZE);
	} else if (!ea_bytes_u64(&hb, 24, &st->fw_vendor) ||
		   !ea_bytes_u32(&hb, 32, &st->fw_revision) ||
		   !ea_bytes_u64(&hb, 88, &st->runtime) ||
		   !ea_bytes_u64(&hb, 96, &st->boottime) ||
		   !ea_bytes_u32(&hb, 104, &st->nr_tables) ||
		   !ea_bytes_u64(&hb, 112, &st->tables)) {
		set_why(st,
			"EFI system table at 0x%016llx: the %zu bytes read "
			"hold no FirmwareVendor @24, FirmwareRevision @32, "
			"RuntimeServices @88, BootServices @96, "
			"NumberOfTableEntries @104 and ConfigurationTable @112",
			(unsigned long long)addr, hb.len);
	} else {
		return true;
	}
	st->ev = ea_listing_add(l, "0x%016llx EFI system table: %s",
				(unsigned long long)addr, st->why);
	ea_input_set_status(l, EA_IN_MALFORMED, "%s", st->why);
	return false;
}

static void check_crc(const struct ea_physmem *pm, uint64_t addr,
		      struct ea_efi_systab *st, const unsigned char *h,
		      char *note, size_t notelen)
{
	char why[512];

	if (st->header_size > MAX_CRC_HEADER ||
	    (uint64_t)st->header_size - 1 > UINT64_MAX - addr) {
		snprintf(note, notelen,
			 "not checked: HeaderSize above %u bytes or past 2^64",
			 MAX_CRC_HEADER);
		return;
	}
	unsigned char *b = ea_xrealloc(NULL, st->header_size, 1);

	memcpy(b, h, SYSTAB_SIZE);
	if (st->header_size > SYSTAB_SIZE &&
	    !ea_physmem_read(pm, addr + SYSTAB_SIZE, b + SYSTAB_SIZE,
			     st->header_size - SYSTAB_SIZE, why, sizeof(why))) {
		snprintf(note, notelen, "not checked: %.200s", why);
		free(b);
		return;
	}
	memset(b + 16, 0, 4);
	st->crc32_computed = crc32_ieee(b, st->header_size);
	st->crc_checked = true;
	st->crc_ok = st->crc32_computed == st->crc32;
	if (st->crc_ok)
		snprintf(note, notelen, "matches");
	else
		snprintf(note, notelen,
			 "MISMATCH: the bytes give 0x%08x: changed since the "
			 "firmware last summed them, or a firmware that does "
			 "not keep the CRC",
			 st->crc32_computed);
	free(b);
}

/* FirmwareVendor (a string behind a pointer that may be virtual) and
 * FirmwareRevision, listed. */
static void list_vendor(const struct ea_physmem *pm, uint64_t addr,
			const struct ea_efi_vmap *vmap, size_t nvmap,
			struct ea_input *l, struct ea_efi_systab *st)
{
	char why[512], vaddr[48] = "";
	bool tr;
	uint64_t vphys = ea_efi_vmap_to_phys(vmap, nvmap, st->fw_vendor, &tr);

	if (tr)
		snprintf(vaddr, sizeof(vaddr), " (virtual; physical 0x%llx)",
			 (unsigned long long)vphys);
	st->vendor =
	    st->fw_vendor ? read_vendor(pm, vphys, why, sizeof(why)) : NULL;
	if (st->vendor)
		ea_listing_add(l,
			       "0x%016llx FirmwareVendor 0x%llx%s \"%s\", "
			       "FirmwareRevision 0x%x",
			       (unsigned long long)(addr + 24),
			       (unsigned long long)st->fw_vendor, vaddr,
			       st->vendor, st->fw_revision);
	else
		ea_listing_add(l,
			       "0x%016llx FirmwareVendor 0x%llx%s (string "
			       "unread: %s), FirmwareRevision 0x%x",
			       (unsigned long long)(addr + 24),
			       (unsigned long long)st->fw_vendor, vaddr,
			       st->fw_vendor ? why : "NULL", st->fw_revision);
}

/* Where the configuration tables are: ConfigurationTable, translated when
 * it is a virtual address, listed with NumberOfTableEntries. */
static void list_tables(uint64_t addr, const struct ea_efi_vmap *vmap,
			size_t nvmap, struct ea_input *l,
			struct ea_efi_systab *st)
{
	char taddr[48] = "";

	st->tables_phys =
	    ea_efi_vmap_to_phys(vmap, nvmap, st->tables, &st->tables_virtual);
	if (st->tables_virtual)
		snprintf(taddr, sizeof(taddr), " (virtual; physical 0x%llx)",
			 (unsigned long long)st->tables_phys);
	st->tables_ev =
	    ea_listing_add(l,
			   "0x%016llx NumberOfTableEntries %u, "
			   "ConfigurationTable 0x%llx%s",
			   (unsigned long long)(addr + 104), st->nr_tables,
			   (unsigned long long)st->tables, taddr);
}

/* Configuration table entry i (VendorGuid, VendorTable) into st->entries,
 * listed. False when it cannot be read: st->why, the listing and the
 * input's status say why, and the walk stops there. */
static bool read_cfg_entry(const struct ea_physmem *pm, size_t nvmap,
			   struct ea_input *l, struct ea_efi_systab *st,
			   uint32_t i)
{
	unsigned char e[CFG_ENTRY];
	uint64_t at = st->tables_phys + (uint64_t)i * CFG_ENTRY;
	char why[512];

	if (!ea_physmem_read(pm, at, e, CFG_ENTRY, why, sizeof(why))) {
		/* after SetVirtualAddressMap() the pointer is virtual:
		 * 0xfffffffe... on x86, 0x20000000+ from the 5.10 arm64
		 * stub, equal to the physical one from the 6.1 stub */
		const char *hint =
		    i || st->tables_virtual ? ""
		    : nvmap ? " (no region of the virtual map given "
			      "holds ConfigurationTable)"
			    : " (ConfigurationTable may be a virtual "
			      "address, as SetVirtualAddressMap() "
			      "leaves it; no virtual map was given)";

		set_why(st,
			"configuration table entry %u of %u at "
			"0x%016llx unreadable: %s%s",
			i, st->nr_tables, (unsigned long long)at, why, hint);
		ea_listing_add(l, "0x%016llx table %u: %s",
			       (unsigned long long)at, i, st->why);
		ea_input_set_status(l, EA_IN_UNREADABLE, "%s", st->why);
		return false;
	}
	struct ea_bytes eb = ea_bytes_of(e, CFG_ENTRY);
	efi_guid_t g;
	unsigned char tail[8];
	uint64_t vendor_table;

	if (!guid_from_bytes(&eb, &g, tail) ||
	    !ea_bytes_u64(&eb, 16, &vendor_table)) {
		set_why(st,
			"configuration table entry %u of %u at "
			"0x%016llx: the %zu bytes read hold no "
			"VendorGuid @0 and VendorTable @16",
			i, st->nr_tables, (unsigned long long)at, eb.len);
		ea_listing_add(l, "0x%016llx table %u: %s",
			       (unsigned long long)at, i, st->why);
		ea_input_set_status(l, EA_IN_MALFORMED, "%s", st->why);
		return false;
	}
	struct ea_efi_cfg_entry *x = EA_VEC_PUSH(st->entries);

	x->index = i;
	x->at = at;
	x->addr = vendor_table;
	guid_string(&g, tail, x->guid);
	x->kname = name_by_guid(&g);
	x->name = x->kname ? x->kname->name : NULL;
	x->ev = ea_listing_add(
	    l, "0x%016llx table %u: %s %s%s0x%llx", (unsigned long long)at, i,
	    x->guid, x->name ? x->name : "(no name on the efi: line)",
	    x->name ? "=" : " ", (unsigned long long)x->addr);
	return true;
}

bool ea_efi_systab_read(const struct ea_physmem *pm, uint64_t addr,
			const struct ea_efi_vmap *vmap, size_t nvmap,
			struct ea_input *l, struct ea_efi_systab *st,
			struct ea_diags *diags)
{
	unsigned char h[SYSTAB_SIZE];
	char note[256];

	memset(st, 0, sizeof(*st));
	st->addr = addr;
	if (!l->name)
		l->name = "efi_systab";
	if (!l->path && pm && pm->backend) {
		size_t n = strlen(pm->backend) + 32;

		l->path = ea_xrealloc(NULL, n, 1);
		snprintf(l->path, n, "%s at 0x%016llx", pm->backend,
			 (unsigned long long)addr);
	}
	if (!read_header(pm, addr, l, st, h))
		return false;
	st->header_ok = true;
	if (!ea_range_from_size(addr, st->header_size, &st->hdr_range))
		ea_range_from_size(addr, SYSTAB_SIZE, &st->hdr_range);
	check_crc(pm, addr, st, h, note, sizeof(note));
	st->ev = ea_listing_add(
	    l,
	    "0x%016llx EFI system table: signature \"IBI SYST\", revision "
	    "%u.%02u, HeaderSize %u, CRC32 0x%08x (%s)",
	    (unsigned long long)addr, st->revision >> 16, st->revision & 0xffff,
	    st->header_size, st->crc32, note);
	list_vendor(pm, addr, vmap, nvmap, l, st);
	ea_listing_add(l,
		       "0x%016llx RuntimeServices 0x%llx, BootServices "
		       "0x%llx%s",
		       (unsigned long long)(addr + 88),
		       (unsigned long long)st->runtime,
		       (unsigned long long)st->boottime,
		       st->boottime ? "" : " (cleared at ExitBootServices)");
	list_tables(addr, vmap, nvmap, l, st);

	uint32_t nr = st->nr_tables;

	if (nr > EA_EFI_MAX_CONFIG_TABLES) {
		ea_diag_add(
		    diags, st->tables_ev,
		    "EFI system table at 0x%016llx: NumberOfTableEntries "
		    "%u at offset 104 is above %u: taken as corrupt; "
		    "only the first %u entries read",
		    (unsigned long long)addr, nr, EA_EFI_MAX_CONFIG_TABLES,
		    EA_EFI_MAX_CONFIG_TABLES);
		set_why(st,
			"NumberOfTableEntries %u is above the limit of %u; "
			"the rest not read",
			nr, EA_EFI_MAX_CONFIG_TABLES);
		nr = EA_EFI_MAX_CONFIG_TABLES;
	}
	if (nr == 0) {
		st->complete = true;
		return true;
	}
	if (!ea_range_from_size(st->tables_phys, (uint64_t)nr * CFG_ENTRY,
				&st->tables_range)) {
		set_why(st,
			"ConfigurationTable 0x%llx + %u entries of %u bytes "
			"runs past 2^64",
			(unsigned long long)st->tables_phys, nr, CFG_ENTRY);
		ea_listing_add(l, "0x%016llx configuration tables: %s",
			       (unsigned long long)st->tables_phys, st->why);
		ea_input_set_status(l, EA_IN_MALFORMED, "%s", st->why);
		return true;
	}
	st->has_tables_range = true;
	for (uint32_t i = 0; i < nr; i++)
		if (!read_cfg_entry(pm, nvmap, l, st, i))
			return true;
	if (nr == st->nr_tables)
		st->complete = true;
	return true;
}

void ea_efi_systab_free(struct ea_efi_systab *st)
{
	free(st->why);
	free(st->vendor);
	EA_VEC_FREE(st->entries);
	memset(st, 0, sizeof(*st));
}
