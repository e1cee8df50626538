/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The firmware's own structures, read where the firmware and the kernel
 * left them (the FDT, the EFI memory map buffer, the EFI system table, the
 * ACPI tables from the RSDP, an acpidump), cross-checked with what the
 * kernel printed. This file only gathers and compares; the parsers live in
 * devtree.c, efimap.c, efisystab.c, acpi.c and acpidump.c, and the findings
 * are made by checks.c.
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "firmware.h"

/* struct efi_system_table_t is 120 bytes on 64-bit firmware */

static void listing_absent(struct ea_input *l, const char *why)
{
	if (l->status == EA_IN_OK)
		return;
	free(l->path);
	l->path = NULL;
	ea_input_set_status(l, EA_IN_ABSENT, "%s", why);
}

/* sys/firmware/efi/systab: "ACPI20=0x%lx" lines (kernel-formats.md §7.4) */
static void parse_systab_file(struct ea_audit *a)
{
	struct ea_input *in = &a->src.in[EA_IN_SYSTAB_FILE];
	if (in->status != EA_IN_OK)
		return;
	struct ea_line_iter it;
	const char *l;
	size_t n;
	ea_line_iter_init(&it, in->data, in->len);
	while (ea_line_next(&it, &l, &n)) {
		uint64_t v;
		if (!ea_starts_with(l, n, "ACPI20="))
			continue;
		size_t k = ea_parse_0xhex(l + 7, n - 7, &v);
		if (!k || 7 + k != n) {
			ea_diag_add(&a->src.diags,
				    ea_evid_line(in, it.lineno, l, n),
				    "expected ACPI20=0x<hex>");
			continue;
		}
		a->src.has_rsdp = true;
		a->src.rsdp = v;
		a->src.rsdp_ev = ea_evid_line(in, it.lineno, l, n);
	}
}

static const struct ea_cfg_table *cfg_by_name(const struct ea_dmesg *d,
					      const char *name)
{
	for (size_t i = 0; i < d->cfg.n; i++)
		if (strcmp(d->cfg.v[i].name, name) == 0 &&
		    !d->cfg.v[i].unusable)
			return &d->cfg.v[i];
	return NULL;
}

static void read_efi_map(struct ea_audit *a)
{
	struct ea_input *l = &a->src.in[EA_IN_L_EFI_MAP];
	const struct ea_fdt *f = &a->src.fdt;
	const struct ea_dmesg *d = &a->src.dmesg;
	uint64_t addr, size, dsz, dver;
	if (f->mmap_start.has && f->mmap_size.has && f->mmap_desc_size.has &&
	    f->mmap_desc_ver.has) {
		addr = f->mmap_start.v;
		size = f->mmap_size.v;
		dsz = f->mmap_desc_size.v;
		dver = f->mmap_desc_ver.v;
	} else if (d->has_mmap_addr && d->has_mmap_size && d->has_desc_size &&
		   d->has_desc_ver) {
		addr = d->mmap_addr;
		size = d->mmap_size;
		dsz = d->desc_size;
		dver = d->desc_ver;
	} else {
		listing_absent(l, "the EFI memory map buffer is not named: no "
				  "/chosen linux,uefi-mmap-* in the FDT and no "
				  "efi=debug parameter dump in the log");
		return;
	}
	if (!a->src.physmem.backend) {
		listing_absent(l, "no physical memory source to read the EFI "
				  "memory map buffer from");
		return;
	}
	if (!ea_efimap_read(&a->src.physmem, addr, size, dsz, dver, l,
			    &a->src.efimap, &a->src.diags)) {
		listing_absent(l, a->src.efimap.why
				      ? a->src.efimap.why
				      : "the map buffer could not be "
					"read");
		return;
	}
	if (d->efi_map.n)
		ea_efimap_compare(a->src.efimap.desc.v, a->src.efimap.desc.n,
				  d->efi_map.v, d->efi_map.n, &a->r.efimap_cmp);
}

static void read_systab(struct ea_audit *a)
{
	struct ea_input *l = &a->src.in[EA_IN_L_SYSTAB];
	if (a->src.fdt.systab.has) {
		a->src.has_systab_addr = true;
		a->src.systab_addr = a->src.fdt.systab.v;
		a->src.systab_addr_ev = a->src.fdt.systab.ev;
	} else if (a->src.dmesg.has_systab) {
		a->src.has_systab_addr = true;
		a->src.systab_addr = a->src.dmesg.systab;
	}
	if (!a->src.has_systab_addr) {
		listing_absent(l, "the EFI system table address is not known "
				  "(no /chosen linux,uefi-system-table, no "
				  "efi=debug parameter dump)");
		return;
	}
	if (!a->src.physmem.backend) {
		listing_absent(l, "no physical memory source to read the EFI "
				  "system table from");
		return;
	}
	struct ea_efi_vmap *vmap = NULL;
	size_t nvmap = ea_runtime_map_vmap(&a->src.runtime_map, &vmap);
	if (!ea_efi_systab_read(&a->src.physmem, a->src.systab_addr, vmap,
				nvmap, l, &a->src.systab, &a->src.diags))
		listing_absent(l, a->src.systab.why
				      ? a->src.systab.why
				      : "the system table could not "
					"be read");
	free(vmap);
	if (a->src.systab.header_ok && a->src.dmesg.cfg.n)
		ea_efi_systab_compare(&a->src.systab, &a->src.dmesg,
				      &a->r.systab_cmp);
}

static void read_acpi(struct ea_audit *a)
{
	struct ea_input *l = &a->src.in[EA_IN_L_ACPI_MEM];
	if (!a->src.has_rsdp) {
		const struct ea_cfg_table *c =
		    cfg_by_name(&a->src.dmesg, "ACPI 2.0");
		if (c) {
			a->src.has_rsdp = true;
			a->src.rsdp = c->addr;
			a->src.rsdp_ev = c->ev;
		}
	}
	if (!a->src.has_rsdp) {
		for (size_t i = 0; i < a->src.systab.entries.n; i++) {
			const struct ea_efi_cfg_entry *e =
			    &a->src.systab.entries.v[i];
			if (e->name && strcmp(e->name, "ACPI 2.0") == 0) {
				a->src.has_rsdp = true;
				a->src.rsdp = e->addr;
				a->src.rsdp_ev = e->ev;
			}
		}
	}
	if (!a->src.has_rsdp) {
		listing_absent(l, "no RSDP address (no ACPI20= in systab, no "
				  "\"ACPI 2.0\" configuration table): not an "
				  "ACPI boot, or the inputs do not say");
		return;
	}
	if (!a->src.physmem.backend) {
		listing_absent(l, "no physical memory source to read the ACPI "
				  "tables from");
		return;
	}
	ea_acpi_walk(&a->src.physmem, a->src.rsdp, l, &a->src.acpi_mem,
		     &a->src.diags);
	if (l->status != EA_IN_OK)
		listing_absent(l, a->src.acpi_mem.why
				      ? a->src.acpi_mem.why
				      : "nothing could be read");
	if (a->src.dmesg.acpi.n)
		ea_acpi_compare_dmesg(&a->src.acpi_mem, &a->src.dmesg,
				      &a->r.acpi_cmp);
	const struct ea_input *sys = &a->src.in[EA_IN_ACPI_SYSFS];
	if (sys->status == EA_IN_OK && a->src.acpi_sysfs_tree)
		ea_acpi_compare_sysfs_tree(
		    &a->src.acpi_mem, a->src.acpi_sysfs_tree, EA_ACPI_SYSFS_REL,
		    &a->src.in[EA_IN_L_ACPI_SYSFS], &a->r.acpi_sysfs,
		    &a->src.diags);
	else if (sys->status == EA_IN_OK && sys->path)
		ea_acpi_compare_sysfs(&a->src.acpi_mem, sys->path,
				      &a->src.in[EA_IN_L_ACPI_SYSFS],
				      &a->r.acpi_sysfs, &a->src.diags);
	listing_absent(&a->src.in[EA_IN_L_ACPI_SYSFS],
		       "no sys/firmware/acpi/tables to compare with");
}

/* The names of the table files under sys/firmware/acpi/tables: what the
 * kernel installed, by name only (data/ and dynamic/ are directories). */
static void list_acpi_sysfs(struct ea_audit *a)
{
	const struct ea_input *sys = &a->src.in[EA_IN_ACPI_SYSFS];
	if (sys->status != EA_IN_OK)
		return;
	struct ea_tree *own = NULL;
	const struct ea_tree *t = a->src.acpi_sysfs_tree;
	const char *rel = EA_ACPI_SYSFS_REL;
	if (!t && sys->path) {
		t = own = ea_tree_open_dir(sys->path);
		rel = "";
	}
	char **names = NULL;
	size_t n = 0;
	int err = 0;
	if (t && ea_tree_list(t, rel, &names, &n, &err)) {
		size_t w = 0;
		for (size_t i = 0; i < n; i++) {
			char *r = ea_tree_join(rel, names[i]);
			bool file = ea_tree_kind(t, r) == EA_TREE_FILE;
			free(r);
			if (file && strlen(names[i]) >= 4)
				names[w++] = names[i];
		}
		names[w] = NULL;
		a->src.acpi_sysfs_names.v = names;
		a->src.acpi_sysfs_names.n = w;
	}
	ea_tree_close(own);
}

void ea_audit_firmware(struct ea_audit *a)
{
	struct ea_input *in = &a->src.in[EA_IN_FDT];
	if (in->status == EA_IN_OK) {
		if (!ea_fdt_parse(in, &a->src.in[EA_IN_L_FDT], &a->src.fdt,
				  &a->src.diags) &&
		    in->status == EA_IN_OK)
			ea_input_set_status(in, EA_IN_MALFORMED,
					    "not a usable flattened device "
					    "tree (see the findings)");
	}
	listing_absent(&a->src.in[EA_IN_L_FDT], "no FDT to decode");
	parse_systab_file(a);
	read_efi_map(a);
	read_systab(a);
	read_acpi(a);
	in = &a->src.in[EA_IN_ACPIDUMP];
	if (in->status == EA_IN_OK)
		ea_acpidump_parse(in, &a->src.acpidump, &a->src.diags);
	list_acpi_sysfs(a);
}

void ea_audit_firmware_free(struct ea_audit *a)
{
	ea_fdt_free(&a->src.fdt);
	ea_runtime_map_free(&a->src.runtime_map);
	ea_efimap_free(&a->src.efimap);
	ea_efimap_cmp_free(&a->r.efimap_cmp);
	ea_efi_systab_free(&a->src.systab);
	ea_systab_cmps_free(&a->r.systab_cmp);
	ea_acpi_mem_free(&a->src.acpi_mem);
	ea_acpi_cmp_result_free(&a->r.acpi_cmp);
	ea_acpi_sysfs_cmp_free(&a->r.acpi_sysfs);
	ea_tree_close(a->src.acpi_sysfs_tree);
	ea_acpidump_free(&a->src.acpidump);
	free(a->src.acpi_sysfs_names.v);
}
