/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The firmware's own structures, read where the firmware and the kernel
 * left them (the FDT, the EFI memory map buffer, the EFI system table, the
 * ACPI tables from the RSDP, an acpidump). This file only gathers; the
 * parsers live in devtree.c, efimap.c, efisystab.c, acpi.c and acpidump.c,
 * the comparisons with what the kernel printed in check/cross_*.c.
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"
#include "read/sources.h"

/* struct efi_system_table_t is 120 bytes on 64-bit firmware */

void ea_listing_absent(struct ea_input *l, const char *why)
{
	if (l->status == EA_IN_OK)
		return;
	free(l->path);
	l->path = NULL;
	ea_input_set_status(l, EA_IN_ABSENT, "%s", why);
}

/* sys/firmware/efi/systab: "ACPI20=0x%lx" lines (kernel-formats.md §7.4) */
static void parse_systab_file(struct ea_sources *src)
{
	struct ea_input *in = &src->in[EA_IN_SYSTAB_FILE];
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
			ea_diag_add(&src->diags,
				    ea_evid_line(in, it.lineno, l, n),
				    "expected ACPI20=0x<hex>");
			continue;
		}
		src->has_rsdp = true;
		src->rsdp = v;
		src->rsdp_ev = ea_evid_line(in, it.lineno, l, n);
	}
}

static void read_efi_map(struct ea_sources *src)
{
	struct ea_input *l = &src->in[EA_IN_L_EFI_MAP];
	const struct ea_fdt *f = &src->fdt;
	const struct ea_dmesg *d = &src->dmesg;
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
		ea_listing_absent(l,
				  "the EFI memory map buffer is not named: no "
				  "/chosen linux,uefi-mmap-* in the FDT and no "
				  "efi=debug parameter dump in the log");
		return;
	}
	if (!src->physmem.backend) {
		ea_listing_absent(l,
				  "no physical memory source to read the EFI "
				  "memory map buffer from");
		return;
	}
	if (!ea_efimap_read(&src->physmem, addr, size, dsz, dver, l,
			    &src->efimap, &src->diags)) {
		ea_listing_absent(l, src->efimap.why
					 ? src->efimap.why
					 : "the map buffer could not be "
					   "read");
		return;
	}
	src->efimap_read = true;
}

static void read_systab(struct ea_sources *src)
{
	struct ea_input *l = &src->in[EA_IN_L_SYSTAB];
	if (src->fdt.systab.has) {
		src->has_systab_addr = true;
		src->systab_addr = src->fdt.systab.v;
		src->systab_addr_ev = src->fdt.systab.ev;
	} else if (src->dmesg.has_systab) {
		src->has_systab_addr = true;
		src->systab_addr = src->dmesg.systab;
	}
	if (!src->has_systab_addr) {
		ea_listing_absent(l,
				  "the EFI system table address is not known "
				  "(no /chosen linux,uefi-system-table, no "
				  "efi=debug parameter dump)");
		return;
	}
	if (!src->physmem.backend) {
		ea_listing_absent(l,
				  "no physical memory source to read the EFI "
				  "system table from");
		return;
	}
	struct ea_efi_vmap *vmap = NULL;
	size_t nvmap = ea_runtime_map_vmap(&src->runtime_map, &vmap);
	if (!ea_efi_systab_read(&src->physmem, src->systab_addr, vmap, nvmap, l,
				&src->systab, &src->diags))
		ea_listing_absent(l, src->systab.why
					 ? src->systab.why
					 : "the system table could not "
					   "be read");
	free(vmap);
}

static void read_acpi(struct ea_sources *src)
{
	struct ea_input *l = &src->in[EA_IN_L_ACPI_MEM];
	if (!src->has_rsdp) {
		const struct ea_cfg_table *c =
		    ea_dmesg_cfg(&src->dmesg, "ACPI 2.0");
		if (c) {
			src->has_rsdp = true;
			src->rsdp = c->addr;
			src->rsdp_ev = c->ev;
		}
	}
	if (!src->has_rsdp) {
		for (size_t i = 0; i < src->systab.entries.n; i++) {
			const struct ea_efi_cfg_entry *e =
			    &src->systab.entries.v[i];
			if (e->name && strcmp(e->name, "ACPI 2.0") == 0) {
				src->has_rsdp = true;
				src->rsdp = e->addr;
				src->rsdp_ev = e->ev;
			}
		}
	}
	if (!src->has_rsdp) {
		ea_listing_absent(l,
				  "no RSDP address (no ACPI20= in systab, no "
				  "\"ACPI 2.0\" configuration table): not an "
				  "ACPI boot, or the inputs do not say");
		return;
	}
	if (!src->physmem.backend) {
		ea_listing_absent(l,
				  "no physical memory source to read the ACPI "
				  "tables from");
		return;
	}
	ea_acpi_walk(&src->physmem, src->rsdp, l, &src->acpi_mem, &src->diags);
	if (l->status != EA_IN_OK)
		ea_listing_absent(l, src->acpi_mem.why
					 ? src->acpi_mem.why
					 : "nothing could be read");
}

/* The names of the table files under sys/firmware/acpi/tables: what the
 * kernel installed, by name only (data/ and dynamic/ are directories). */
static void list_acpi_sysfs(struct ea_sources *src)
{
	const struct ea_input *sys = &src->in[EA_IN_ACPI_SYSFS];
	if (sys->status != EA_IN_OK)
		return;
	struct ea_tree *own = NULL;
	const struct ea_tree *t = src->acpi_sysfs_tree;
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
		src->acpi_sysfs_names.v = names;
		src->acpi_sysfs_names.n = w;
	}
	ea_tree_close(own);
}

void ea_sources_firmware(struct ea_sources *src)
{
	struct ea_input *in = &src->in[EA_IN_FDT];
	if (in->status == EA_IN_OK) {
		if (!ea_fdt_parse(in, &src->in[EA_IN_L_FDT], &src->fdt,
				  &src->diags) &&
		    in->status == EA_IN_OK)
			ea_input_set_status(in, EA_IN_MALFORMED,
					    "not a usable flattened device "
					    "tree (see the findings)");
	}
	ea_listing_absent(&src->in[EA_IN_L_FDT], "no FDT to decode");
	parse_systab_file(src);
	read_efi_map(src);
	read_systab(src);
	read_acpi(src);
	in = &src->in[EA_IN_ACPIDUMP];
	if (in->status == EA_IN_OK)
		ea_acpidump_parse(in, &src->acpidump, &src->diags);
	list_acpi_sysfs(src);
}

void ea_sources_firmware_free(struct ea_sources *src)
{
	ea_fdt_free(&src->fdt);
	ea_runtime_map_free(&src->runtime_map);
	ea_efimap_free(&src->efimap);
	ea_efi_systab_free(&src->systab);
	ea_acpi_mem_free(&src->acpi_mem);
	ea_tree_close(src->acpi_sysfs_tree);
	ea_acpidump_free(&src->acpidump);
	free(src->acpi_sysfs_names.v);
}
