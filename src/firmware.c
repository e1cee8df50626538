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
	struct ea_input *in = &a->in[EA_IN_SYSTAB_FILE];
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
			ea_diag_add(&a->diags,
				    ea_evid_line(in, it.lineno, l, n),
				    "expected ACPI20=0x<hex>");
			continue;
		}
		a->has_rsdp = true;
		a->rsdp = v;
		a->rsdp_ev = ea_evid_line(in, it.lineno, l, n);
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
	struct ea_input *l = &a->in[EA_IN_L_EFI_MAP];
	const struct ea_fdt *f = &a->fdt;
	const struct ea_dmesg *d = &a->dmesg;
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
	if (!a->physmem.backend) {
		listing_absent(l, "no physical memory source to read the EFI "
				  "memory map buffer from");
		return;
	}
	if (!ea_efimap_read(&a->physmem, addr, size, dsz, dver, l, &a->efimap,
			    &a->diags)) {
		listing_absent(l, a->efimap.why ? a->efimap.why
						: "the map buffer could not be "
						  "read");
		return;
	}
	if (d->efi_map.n)
		ea_efimap_compare(a->efimap.desc.v, a->efimap.desc.n,
				  d->efi_map.v, d->efi_map.n, &a->efimap_cmp);
}

static void read_systab(struct ea_audit *a)
{
	struct ea_input *l = &a->in[EA_IN_L_SYSTAB];
	if (a->fdt.systab.has) {
		a->has_systab_addr = true;
		a->systab_addr = a->fdt.systab.v;
		a->systab_addr_ev = a->fdt.systab.ev;
	} else if (a->dmesg.has_systab) {
		a->has_systab_addr = true;
		a->systab_addr = a->dmesg.systab;
	}
	if (!a->has_systab_addr) {
		listing_absent(l, "the EFI system table address is not known "
				  "(no /chosen linux,uefi-system-table, no "
				  "efi=debug parameter dump)");
		return;
	}
	if (!a->physmem.backend) {
		listing_absent(l, "no physical memory source to read the EFI "
				  "system table from");
		return;
	}
	struct ea_efi_vmap *vmap = NULL;
	size_t nvmap = ea_runtime_map_vmap(&a->runtime_map, &vmap);
	if (!ea_efi_systab_read(&a->physmem, a->systab_addr, vmap, nvmap, l,
				&a->systab, &a->diags))
		listing_absent(l, a->systab.why ? a->systab.why
						: "the system table could not "
						  "be read");
	free(vmap);
	if (a->systab.header_ok && a->dmesg.cfg.n)
		ea_efi_systab_compare(&a->systab, &a->dmesg, &a->systab_cmp);
}

static void read_acpi(struct ea_audit *a)
{
	struct ea_input *l = &a->in[EA_IN_L_ACPI_MEM];
	if (!a->has_rsdp) {
		const struct ea_cfg_table *c =
		    cfg_by_name(&a->dmesg, "ACPI 2.0");
		if (c) {
			a->has_rsdp = true;
			a->rsdp = c->addr;
			a->rsdp_ev = c->ev;
		}
	}
	if (!a->has_rsdp) {
		for (size_t i = 0; i < a->systab.entries.n; i++) {
			const struct ea_efi_cfg_entry *e =
			    &a->systab.entries.v[i];
			if (e->name && strcmp(e->name, "ACPI 2.0") == 0) {
				a->has_rsdp = true;
				a->rsdp = e->addr;
				a->rsdp_ev = e->ev;
			}
		}
	}
	if (!a->has_rsdp) {
		listing_absent(l, "no RSDP address (no ACPI20= in systab, no "
				  "\"ACPI 2.0\" configuration table): not an "
				  "ACPI boot, or the inputs do not say");
		return;
	}
	if (!a->physmem.backend) {
		listing_absent(l, "no physical memory source to read the ACPI "
				  "tables from");
		return;
	}
	ea_acpi_walk(&a->physmem, a->rsdp, l, &a->acpi_mem, &a->diags);
	if (l->status != EA_IN_OK)
		listing_absent(l, a->acpi_mem.why ? a->acpi_mem.why
						  : "nothing could be read");
	if (a->dmesg.acpi.n)
		ea_acpi_compare_dmesg(&a->acpi_mem, &a->dmesg, &a->acpi_cmp);
	const struct ea_input *sys = &a->in[EA_IN_ACPI_SYSFS];
	if (sys->status == EA_IN_OK && a->acpi_sysfs.src)
		ea_acpi_compare_sysfs_tree(
		    &a->acpi_mem, a->acpi_sysfs.src, EA_ACPI_SYSFS_REL,
		    &a->in[EA_IN_L_ACPI_SYSFS], &a->acpi_sysfs, &a->diags);
	else if (sys->status == EA_IN_OK && sys->path)
		ea_acpi_compare_sysfs(&a->acpi_mem, sys->path,
				      &a->in[EA_IN_L_ACPI_SYSFS],
				      &a->acpi_sysfs, &a->diags);
	listing_absent(&a->in[EA_IN_L_ACPI_SYSFS],
		       "no sys/firmware/acpi/tables to compare with");
}

/* The names of the table files under sys/firmware/acpi/tables: what the
 * kernel installed, by name only (data/ and dynamic/ are directories). */
static void list_acpi_sysfs(struct ea_audit *a)
{
	const struct ea_input *sys = &a->in[EA_IN_ACPI_SYSFS];
	if (sys->status != EA_IN_OK)
		return;
	struct ea_tree *own = NULL;
	const struct ea_tree *t = a->acpi_sysfs.src;
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
		a->acpi_sysfs_names.v = names;
		a->acpi_sysfs_names.n = w;
	}
	ea_tree_close(own);
}

void ea_audit_firmware(struct ea_audit *a)
{
	struct ea_input *in = &a->in[EA_IN_FDT];
	if (in->status == EA_IN_OK) {
		if (!ea_fdt_parse(in, &a->in[EA_IN_L_FDT], &a->fdt,
				  &a->diags) &&
		    in->status == EA_IN_OK)
			ea_input_set_status(in, EA_IN_MALFORMED,
					    "not a usable flattened device "
					    "tree (see the findings)");
	}
	listing_absent(&a->in[EA_IN_L_FDT], "no FDT to decode");
	parse_systab_file(a);
	read_efi_map(a);
	read_systab(a);
	read_acpi(a);
	in = &a->in[EA_IN_ACPIDUMP];
	if (in->status == EA_IN_OK)
		ea_acpidump_parse(in, &a->acpidump, &a->diags);
	list_acpi_sysfs(a);
}

void ea_audit_firmware_free(struct ea_audit *a)
{
	ea_fdt_free(&a->fdt);
	ea_runtime_map_free(&a->runtime_map);
	ea_efimap_free(&a->efimap);
	ea_efimap_cmp_free(&a->efimap_cmp);
	ea_efi_systab_free(&a->systab);
	ea_systab_cmps_free(&a->systab_cmp);
	ea_acpi_mem_free(&a->acpi_mem);
	ea_acpi_cmp_result_free(&a->acpi_cmp);
	ea_acpi_sysfs_cmp_free(&a->acpi_sysfs);
	ea_acpidump_free(&a->acpidump);
	free(a->acpi_sysfs_names.v);
}
