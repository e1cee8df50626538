/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The table of checks (dtc checks.c style): each has a stable snake_case id
 * used in JSON, in --list-checks, in the man page and in
 * testdata/checks/<id>/. A check only adds findings; the verdict is decided
 * afterwards from the protected ranges and the findings' severities.
 */
#include <inttypes.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check/check.h"
#include "model/overlap.h"
#include "read/kexeclog.h"
#include "whatif/placement.h"
#include "whatif/whatif.h"

/*
 * The checks, one entry each: id (JSON, --list-checks, the man page,
 * testdata/checks/<id>/), the function that runs it, the severity of its
 * findings, its class (EA_CK_BLINDS: a finding means the audit could not see
 * everything, so the verdict is at best INCOMPLETE), what a critical finding
 * of it says made the verdict an escape, and a one-line summary. A finding
 * names its check by the entry (&ck_<id>), never by a string.
 */
#define EA_CHECK(id_, fn_, sev_, cls_, cause_, summary_)                       \
	static void fn_(struct ea_checking *a);                                \
	static const struct ea_check ck_##id_ = {                              \
		.id = #id_,                                                    \
		.sev = sev_,                                                   \
		.cls = cls_,                                                   \
		.cause = cause_,                                               \
		.summary = summary_,                                           \
		.run = fn_,                                                    \
	}

EA_CHECK(critical_range_escapes, check_critical_range_escapes, EA_SEV_CRITICAL,
	 EA_CK_REPORTS, EA_CAUSE_NONE,
	 "a critical range (ACPI table, LPI table, MEMRESERVE node or entry, "
	 "EFI memory map) lies in memory a loader may use");
EA_CHECK(config_table_escapes, check_config_table_escapes, EA_SEV_WARNING,
	 EA_CK_REPORTS, EA_CAUSE_NONE,
	 "an EFI configuration table the kernel keeps for later (ESRT, "
	 "MEMATTR, "
	 "TPM logs, MOKvar, ...) lies in memory a loader may use");
EA_CHECK(loader_views_disagree, check_loader_views_disagree, EA_SEV_WARNING,
	 EA_CK_REPORTS, EA_CAUSE_NONE,
	 "one loader protects a range and the other does not");
EA_CHECK(acpi_table_in_usable_memory, check_acpi_in_usable, EA_SEV_ERROR,
	 EA_CK_REPORTS, EA_CAUSE_NONE,
	 "an ACPI table lies in EFI Conventional, Boot or Loader memory");
EA_CHECK(acpi_table_outside_efi_map, check_acpi_outside, EA_SEV_WARNING,
	 EA_CK_REPORTS, EA_CAUSE_NONE,
	 "an ACPI table lies in no EFI memory map descriptor");
EA_CHECK(acpi_table_straddles_descriptors, check_acpi_straddles, EA_SEV_WARNING,
	 EA_CK_REPORTS, EA_CAUSE_NONE,
	 "an ACPI table runs past the end of its EFI descriptor");
EA_CHECK(acpi_table_bad_length, check_acpi_bad_length, EA_SEV_ERROR,
	 EA_CK_BLINDS, EA_CAUSE_NONE,
	 "an ACPI table line has address 0, length 0, or an impossible length");
EA_CHECK(acpi_table_virtual_address, check_acpi_virtual, EA_SEV_INFO,
	 EA_CK_REPORTS, EA_CAUSE_NONE,
	 "an ACPI table was printed with a kernel virtual address");
EA_CHECK(efi_map_overlap, check_efi_map_overlap, EA_SEV_ERROR, EA_CK_REPORTS,
	 EA_CAUSE_NONE, "EFI memory map descriptors overlap");
EA_CHECK(efi_map_unsorted, check_efi_map_unsorted, EA_SEV_INFO, EA_CK_REPORTS,
	 EA_CAUSE_NONE, "the EFI memory map is not sorted by address");
EA_CHECK(efi_map_misaligned, check_efi_map_misaligned, EA_SEV_WARNING,
	 EA_CK_REPORTS, EA_CAUSE_NONE,
	 "an EFI descriptor is not 4 KiB aligned");
EA_CHECK(post_kexec_corruption, check_post_kexec_corruption, EA_SEV_CRITICAL,
	 EA_CK_REPORTS, EA_CAUSE_LOG,
	 "the log shows memory overwritten by an earlier kexec");
EA_CHECK(protected_range_in_crash_kernel, check_protected_in_crash_kernel,
	 EA_SEV_WARNING, EA_CK_REPORTS, EA_CAUSE_NONE,
	 "a protected range lies in the crash kernel region");
EA_CHECK(memreserve_chain_unread, check_memreserve_unread, EA_SEV_WARNING,
	 EA_CK_BLINDS, EA_CAUSE_NONE,
	 "the MEMRESERVE chain could not be read beyond its root");
EA_CHECK(memreserve_chain_corrupt, check_memreserve_corrupt, EA_SEV_ERROR,
	 EA_CK_BLINDS, EA_CAUSE_NONE,
	 "the MEMRESERVE chain loops or holds impossible values");
EA_CHECK(its_table_reported, check_its_tables, EA_SEV_INFO, EA_CK_REPORTS,
	 EA_CAUSE_NONE, "an ITS table, listed for reference");
EA_CHECK(input_unusable, check_input_unusable, EA_SEV_WARNING, EA_CK_BLINDS,
	 EA_CAUSE_NONE, "an input the audit needs is absent or unusable");
EA_CHECK(input_line_unreadable, check_input_line_unreadable, EA_SEV_ERROR,
	 EA_CK_BLINDS, EA_CAUSE_NONE,
	 "a line of an input was recognised but could not be read");
EA_CHECK(dmesg_not_from_boot, check_dmesg_not_from_boot, EA_SEV_WARNING,
	 EA_CK_BLINDS, EA_CAUSE_NONE,
	 "the kernel log does not reach back to boot");
EA_CHECK(dmesg_boot_repeated, check_dmesg_boot_repeated, EA_SEV_INFO,
	 EA_CK_REPORTS, EA_CAUSE_NONE,
	 "the kernel log holds the same boot twice; one copy was read");
EA_CHECK(inputs_from_different_boots, check_different_boots, EA_SEV_ERROR,
	 EA_CK_BLINDS, EA_CAUSE_NONE,
	 "the kernel log and another input come from different boots");
EA_CHECK(arch_unknown, check_arch_unknown, EA_SEV_WARNING, EA_CK_BLINDS,
	 EA_CAUSE_NONE, "the architecture could not be told from the inputs");
EA_CHECK(efi_map_differs_from_log, check_efi_map_differs, EA_SEV_CRITICAL,
	 EA_CK_REPORTS, EA_CAUSE_CORRUPT,
	 "the EFI memory map buffer in memory and the printed map differ");
EA_CHECK(config_tables_differ_from_log, check_config_tables_differ,
	 EA_SEV_WARNING, EA_CK_REPORTS, EA_CAUSE_NONE,
	 "the EFI system table's configuration tables and the efi: line "
	 "differ");
EA_CHECK(efi_systab_crc_bad, check_systab_crc, EA_SEV_WARNING, EA_CK_REPORTS,
	 EA_CAUSE_NONE, "the EFI system table's CRC32 does not match");
EA_CHECK(acpi_log_memory_disagree, check_acpi_log_memory, EA_SEV_WARNING,
	 EA_CK_REPORTS, EA_CAUSE_NONE,
	 "an ACPI table's address or length in memory differs from the log");
EA_CHECK(acpi_sysfs_memory_disagree, check_acpi_sysfs_memory, EA_SEV_WARNING,
	 EA_CK_REPORTS, EA_CAUSE_NONE,
	 "an ACPI table in memory differs from /sys/firmware/acpi/tables");
EA_CHECK(acpi_checksum_bad, check_acpi_checksum, EA_SEV_WARNING, EA_CK_REPORTS,
	 EA_CAUSE_NONE, "an ACPI table has a bad checksum");
EA_CHECK(acpidump_zero_addresses, check_acpidump_zero, EA_SEV_INFO,
	 EA_CK_REPORTS, EA_CAUSE_NONE,
	 "the acpidump carries no addresses (sysfs mode)");
EA_CHECK(acpidump_log_disagree, check_acpidump_log, EA_SEV_WARNING,
	 EA_CK_REPORTS, EA_CAUSE_NONE,
	 "the acpidump and the kernel log list different ACPI tables");
EA_CHECK(lpi_table_not_in_memreserve, check_lpi_not_in_memreserve, EA_SEV_ERROR,
	 EA_CK_REPORTS, EA_CAUSE_NONE,
	 "an LPI table from the log has no MEMRESERVE chain entry");
EA_CHECK(memreserve_entry_not_reserved, check_memreserve_reserved, EA_SEV_ERROR,
	 EA_CK_REPORTS, EA_CAUSE_NONE,
	 "a MEMRESERVE node or entry is missing from iomem or memblock "
	 "reservations");
EA_CHECK(its_base_mismatch, check_its_base_mismatch, EA_SEV_WARNING,
	 EA_CK_REPORTS, EA_CAUSE_NONE,
	 "the firmware's ITS and the log's ITS lines do not match");
EA_CHECK(fdt_unusable, check_fdt_unusable, EA_SEV_ERROR, EA_CK_REPORTS,
	 EA_CAUSE_NONE, "the flattened device tree is not usable");
EA_CHECK(reserved_memory_ignored, check_reserved_memory_ignored, EA_SEV_WARNING,
	 EA_CK_REPORTS, EA_CAUSE_NONE,
	 "/reserved-memory is ignored by the kernel (cells mismatch)");
EA_CHECK(not_efi_booted, check_not_efi_booted, EA_SEV_WARNING, EA_CK_REPORTS,
	 EA_CAUSE_NONE, "the boot did not go through UEFI");
EA_CHECK(lpi_tables_not_persistent, check_lpi_not_persistent, EA_SEV_ERROR,
	 EA_CK_REPORTS, EA_CAUSE_NONE,
	 "LPI tables are in use but there is no MEMRESERVE table");
EA_CHECK(expected_ranges_missing, check_expected_missing, EA_SEV_ERROR,
	 EA_CK_BLINDS, EA_CAUSE_NONE,
	 "a category of ranges the evidence says must exist (ACPI tables, "
	 "LPI tables, the MEMRESERVE table, the EFI memory map) was not "
	 "found from any input that gives addresses");
EA_CHECK(not_root, check_not_root, EA_SEV_WARNING, EA_CK_BLINDS, EA_CAUSE_NONE,
	 "a live audit ran, or a snapshot was collected, without root; says "
	 "which inputs need it");
EA_CHECK(loaded_segment_overwrites, check_loaded_segments, EA_SEV_CRITICAL,
	 EA_CK_REPORTS, EA_CAUSE_LOADED_IMAGE,
	 "a segment of a loaded kexec image overlaps a protected range");
EA_CHECK(placement_overwrites, check_placement_overwrites, EA_SEV_CRITICAL,
	 EA_CK_REPORTS, EA_CAUSE_WHATIF,
	 "the what-if places a segment of the given kernel over a protected "
	 "range");
EA_CHECK(placement_fails, check_placement_fails, EA_SEV_WARNING, EA_CK_REPORTS,
	 EA_CAUSE_NONE,
	 "the what-if says the loader would fail the given load");
EA_CHECK(placement_not_applicable, check_placement_not_applicable, EA_SEV_INFO,
	 EA_CK_REPORTS, EA_CAUSE_NONE,
	 "the what-if does not apply or could not be modelled, and why");
EA_CHECK(loader_not_built, check_loader_not_built, EA_SEV_INFO, EA_CK_REPORTS,
	 EA_CAUSE_NONE, "the kernel configuration says a loader is not built");
EA_CHECK(latent_escape, check_latent_escape, EA_SEV_WARNING, EA_CK_REPORTS,
	 EA_CAUSE_NONE,
	 "a range escapes a loader this kernel is built without: a latent "
	 "risk, not an escape of this kernel");
EA_CHECK(answer_inferred, check_answer_inferred, EA_SEV_INFO, EA_CK_REPORTS,
	 EA_CAUSE_NONE,
	 "an answer was inferred from the kernel version (knowledge base)");

#define R "0x%016" PRIx64 "-0x%016" PRIx64

/* The escapes of the loaders this kernel has (or may have: a loader the
 * configuration does not rule out is taken as built); those of a loader it
 * is built without are latent_escape's. */
static bool critical_or_warning_escape(struct ea_checking *a, enum ea_tier tier,
				       const struct ea_check *ck)
{
	for (size_t i = 0; i < a->m->prot_lists.escaping.n; i++) {
		const struct ea_protected *p =
		    &a->m->prot.v[a->m->prot_lists.escaping.v[i]];
		if (p->tier != tier)
			continue;
		for (int l = 0; l < EA_NLOADERS; l++) {
			const struct ea_answer_detail *d = &p->loader[l];
			if (d->ans != EA_ESCAPES ||
			    a->m->view[l].built == EA_BUILT_NO)
				continue;
			struct ea_finding *f;
			if (tier == EA_TIER_CRITICAL)
				f = ea_finding_add(
				    a, ck, &p->r,
				    "%s " R " escapes %s: %s; %s may place "
				    "a segment over it",
				    p->name, p->r.first, p->r.last,
				    ea_loader_name((enum ea_loader)l),
				    d->reason,
				    l == EA_KEXEC_FILE
					? "kexec_file_load (kexec -s)"
					: "kexec_load (kexec-tools, kexec -c)");
			else
				f = ea_finding_add(
				    a, ck, &p->r,
				    "EFI %s table " R " escapes %s: %s; "
				    "an overwrite breaks %s",
				    p->name, p->r.first, p->r.last,
				    ea_loader_name((enum ea_loader)l),
				    d->reason, p->breaks);
			for (size_t k = 0; k < p->ev.n; k++)
				ea_finding_evid(f, p->ev.v[k]);
			ea_finding_evid(f, ea_answer_free_evid(d));
		}
	}
	return true;
}

static void check_critical_range_escapes(struct ea_checking *a)
{
	critical_or_warning_escape(a, EA_TIER_CRITICAL,
				   &ck_critical_range_escapes);
}

static void check_config_table_escapes(struct ea_checking *a)
{
	critical_or_warning_escape(a, EA_TIER_WARNING,
				   &ck_config_table_escapes);
}

static void check_loader_views_disagree(struct ea_checking *a)
{
	/* two known answers that differ: one of them is an escape */
	for (size_t i = 0; i < a->m->prot_lists.escaping.n; i++) {
		const struct ea_protected *p =
		    &a->m->prot.v[a->m->prot_lists.escaping.v[i]];
		enum ea_answer f = p->loader[EA_KEXEC_FILE].ans,
			       l = p->loader[EA_KEXEC_LOAD].ans;
		if (f == EA_UNKNOWN || l == EA_UNKNOWN || f == l)
			continue;
		enum ea_loader safe =
		    f == EA_PROTECTED ? EA_KEXEC_FILE : EA_KEXEC_LOAD;
		enum ea_loader bad =
		    safe == EA_KEXEC_FILE ? EA_KEXEC_LOAD : EA_KEXEC_FILE;
		struct ea_finding *x = ea_finding_add(
		    a, &ck_loader_views_disagree, &p->r,
		    "%s " R " is protected from %s but not from %s: the "
		    "two views of free memory disagree (the shape of the "
		    "2019 and 2021 escapes)",
		    p->name, p->r.first, p->r.last, ea_loader_name(safe),
		    ea_loader_name(bad));
		for (size_t k = 0; k < p->ev.n; k++)
			ea_finding_evid(x, p->ev.v[k]);
	}
}

/* The k-th descriptor of the boot EFI map in address order. */
static const struct ea_efi_desc *sorted_desc(const struct ea_checking *a,
					     size_t k)
{
	return &a->src->dmesg.efi_map.v[a->m->efi_order[k]];
}

/* The last descriptor (in address order) starting at or below addr, when
 * it reaches addr; else NULL. */
static const struct ea_efi_desc *desc_at(const struct ea_checking *a,
					 uint64_t addr)
{
	size_t lo = 0, hi = a->src->dmesg.efi_map.n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (sorted_desc(a, mid)->r.first <= addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo == 0 || sorted_desc(a, lo - 1)->r.last < addr)
		return NULL;
	return sorted_desc(a, lo - 1);
}

static bool os_usable_type(uint32_t t)
{
	return t == EA_EFI_CONVENTIONAL || t == EA_EFI_BOOT_CODE ||
	       t == EA_EFI_BOOT_DATA || t == EA_EFI_LOADER_CODE ||
	       t == EA_EFI_LOADER_DATA;
}

enum acpi_map_issue { IN_USABLE, OUTSIDE, STRADDLES };

static void acpi_vs_map(struct ea_checking *a, enum acpi_map_issue want)
{
	size_t n = a->src->dmesg.efi_map.n;
	if (!n)
		return;
	/* A kexec'd x86 kernel is handed the runtime map only (every
	 * descriptor RUNTIME): ACPI tables lie outside it by design. */
	bool runtime_only = true;
	for (size_t i = 0; i < n && runtime_only; i++)
		runtime_only =
		    a->src->dmesg.efi_map.v[i].attr & EA_EFI_MEMORY_RUNTIME;
	if (runtime_only && want == OUTSIDE)
		return;
	for (size_t i = 0; i < a->m->prot_lists.acpi.n; i++) {
		const struct ea_protected *p =
		    &a->m->prot.v[a->m->prot_lists.acpi.v[i]];
		const struct ea_efi_desc *d = desc_at(a, p->r.first);
		struct ea_finding *f = NULL;
		if (!d) {
			if (want == OUTSIDE)
				f = ea_finding_add(
				    a, &ck_acpi_table_outside_efi_map, &p->r,
				    "%s " R " lies in no EFI memory map "
				    "descriptor: nothing tells the kernel to "
				    "keep it",
				    p->name, p->r.first, p->r.last);
		} else if (want == IN_USABLE && os_usable_type(d->type)) {
			f = ea_finding_add(
			    a, &ck_acpi_table_in_usable_memory, &p->r,
			    "%s " R " lies in EFI %s memory, which the OS "
			    "may use: firmware must put ACPI tables in "
			    "ACPI Reclaim or ACPI NVS memory, or no "
			    "loader view protects them",
			    p->name, p->r.first, p->r.last,
			    ea_efi_type_name(d->type));
			ea_finding_evid(f,
					ea_efi_desc_evid(a->src->dmesg.in, d));
		} else if (want == STRADDLES && d->r.last < p->r.last) {
			f = ea_finding_add(
			    a, &ck_acpi_table_straddles_descriptors, &p->r,
			    "%s " R " runs past the end of its EFI "
			    "descriptor " R " (%s)",
			    p->name, p->r.first, p->r.last, d->r.first,
			    d->r.last, ea_efi_type_name(d->type));
			ea_finding_evid(f,
					ea_efi_desc_evid(a->src->dmesg.in, d));
		}
		if (f)
			for (size_t e = 0; e < p->ev.n; e++)
				ea_finding_evid(f, p->ev.v[e]);
	}
}

static void check_acpi_in_usable(struct ea_checking *a)
{
	acpi_vs_map(a, IN_USABLE);
}

static void check_acpi_outside(struct ea_checking *a)
{
	acpi_vs_map(a, OUTSIDE);
}

static void check_acpi_straddles(struct ea_checking *a)
{
	acpi_vs_map(a, STRADDLES);
}

static void check_acpi_bad_length(struct ea_checking *a)
{
	for (size_t i = 0; i < a->src->dmesg.acpi.n; i++) {
		const struct ea_acpi_table *t = &a->src->dmesg.acpi.v[i];
		struct ea_range r;
		if (t->virt || t->addr >= 0xffff000000000000ULL)
			continue;
		const char *why = NULL;
		if (t->addr == 0)
			why = "address 0";
		else if (t->length == 0)
			why = "length 0";
		else if (t->length > EA_ACPI_MAX_TABLE)
			why = "a length over 16 MiB";
		else if (!ea_range_from_size(t->addr, t->length, &r))
			why = "a range past 2^64";
		if (!why)
			continue;
		struct ea_finding *f = ea_finding_add(
		    a, &ck_acpi_table_bad_length, NULL,
		    "ACPI %.4s printed at 0x%016" PRIx64 " with %s (length "
		    "0x%" PRIx32
		    "): not a table the audit can place; it is not "
		    "protected and the verdict cannot be clean",
		    t->sig, t->addr, why, t->length);
		ea_finding_evid(f, t->ev);
	}
}

static void check_acpi_virtual(struct ea_checking *a)
{
	for (size_t i = 0; i < a->src->dmesg.acpi.n; i++) {
		const struct ea_acpi_table *t = &a->src->dmesg.acpi.v[i];
		if (!t->virt && t->addr < 0xffff000000000000ULL)
			continue;
		struct ea_finding *f = ea_finding_add(
		    a, &ck_acpi_table_virtual_address, NULL,
		    "ACPI %.4s printed at 0x%016" PRIx64 ", a kernel "
		    "virtual address (a table loaded at run time, e.g. a "
		    "dynamic SSDT): not a physical range, not protected",
		    t->sig, t->addr);
		ea_finding_evid(f, t->ev);
	}
}

static void check_efi_map_overlap(struct ea_checking *a)
{
	size_t n = a->src->dmesg.efi_map.n;
	if (n < 2)
		return;
	/* the descriptor with the highest end so far */
	const struct ea_efi_desc *reach = sorted_desc(a, 0);
	for (size_t i = 1; i < n; i++) {
		const struct ea_efi_desc *d = sorted_desc(a, i);
		if (d->r.first <= reach->r.last) {
			struct ea_range o = { d->r.first,
					      d->r.last < reach->r.last
						  ? d->r.last
						  : reach->r.last };
			struct ea_finding *f = ea_finding_add(
			    a, &ck_efi_map_overlap, &o,
			    "EFI memory map descriptors " R " (%s) and " R
			    " (%s) overlap",
			    reach->r.first, reach->r.last,
			    ea_efi_type_name(reach->type), d->r.first,
			    d->r.last, ea_efi_type_name(d->type));
			ea_finding_evid(
			    f, ea_efi_desc_evid(a->src->dmesg.in, reach));
			ea_finding_evid(f,
					ea_efi_desc_evid(a->src->dmesg.in, d));
		}
		if (d->r.last > reach->r.last)
			reach = d;
	}
}

static void check_efi_map_unsorted(struct ea_checking *a)
{
	const struct ea_efi_desc *v = a->src->dmesg.efi_map.v;
	size_t n = a->src->dmesg.efi_map.n, count = 0, first = 0;
	for (size_t i = 1; i < n; i++)
		if (v[i].r.first < v[i - 1].r.first && !count++)
			first = i;
	if (!count)
		return;
	struct ea_finding *f = ea_finding_add(
	    a, &ck_efi_map_unsorted, NULL,
	    "the EFI memory map is not sorted by address (%zu descriptor%s "
	    "start below the one before; first: " R " after " R ")",
	    count, count == 1 ? "" : "s", v[first].r.first, v[first].r.last,
	    v[first - 1].r.first, v[first - 1].r.last);
	ea_finding_evid(f, ea_efi_desc_evid(a->src->dmesg.in, &v[first - 1]));
	ea_finding_evid(f, ea_efi_desc_evid(a->src->dmesg.in, &v[first]));
}

static void check_efi_map_misaligned(struct ea_checking *a)
{
	for (size_t i = 0; i < a->src->dmesg.efi_map.n; i++) {
		const struct ea_efi_desc *d = &a->src->dmesg.efi_map.v[i];
		if ((d->r.first & 0xfff) == 0 && (d->r.last & 0xfff) == 0xfff)
			continue;
		struct ea_finding *f = ea_finding_add(
		    a, &ck_efi_map_misaligned, &d->r,
		    "EFI descriptor " R " (%s) is not 4 KiB aligned",
		    d->r.first, d->r.last, ea_efi_type_name(d->type));
		ea_finding_evid(f, ea_efi_desc_evid(a->src->dmesg.in, d));
	}
}

static void check_post_kexec_corruption(struct ea_checking *a)
{
	struct ea_finding *garbage = NULL;
	for (size_t i = 0; i < a->src->dmesg.symptoms.n; i++) {
		const struct ea_symptom *s = &a->src->dmesg.symptoms.v[i];
		struct ea_finding *f = NULL;
		const struct ea_range *r = s->has_range ? &s->r : NULL;
		switch (s->kind) {
		case EA_SYM_EXPECTED_RANGE_NOT_FOUND:
			f = ea_finding_add(
			    a, &ck_post_kexec_corruption, r,
			    "the GICv3 driver expected an LPI table range "
			    "to be reserved and it was not: the table the "
			    "hardware still uses may have been overwritten "
			    "by a kexec load");
			break;
		case EA_SYM_LPIS_ENABLED_CORRUPTED:
			f = ea_finding_add(
			    a, &ck_post_kexec_corruption, r,
			    "a CPU booted with LPIs enabled and the kernel "
			    "says memory is probably corrupted: the LPI "
			    "tables of the previous kernel were not "
			    "preserved");
			break;
		case EA_SYM_MEMRESERVE_GARBAGE:
			if (garbage) {
				ea_finding_evid(garbage, s->ev);
				continue;
			}
			f = garbage = ea_finding_add(
			    a, &ck_post_kexec_corruption, NULL,
			    "memblock=debug shows impossible reservations "
			    "made while walking the MEMRESERVE chain "
			    "(efi_config_parse_tables): the chain was "
			    "overwritten before this boot");
			break;
		case EA_SYM_MEMRESERVE_UNMAPPABLE:
			f = ea_finding_add(
			    a, &ck_post_kexec_corruption, r,
			    "the kernel could not map a MEMRESERVE chain "
			    "entry: the chain points at memory it should "
			    "not (corrupt or outside the linear map)");
			break;
		case EA_SYM_ESRT_CORRUPTED:
			f = ea_finding_add_sev(
			    a, &ck_post_kexec_corruption, EA_SEV_WARNING, r,
			    "the ESRT read by this kernel is garbage: the "
			    "table was overwritten, as by a kexec load "
			    "before this boot");
			break;
		}
		if (f)
			ea_finding_evid(f, s->ev);
	}
	/* A kernel booted without UEFI that finds its GIC's LPI tables
	 * "preallocated" inherited them from a kernel before a kexec, and
	 * nothing reserved them (no MEMRESERVE table): its own image and
	 * allocations may already lie over them. The capture
	 * qemu-arm64-6.1-noefi-gicv3 observed exactly this kernel oops. */
	const struct ea_dmesg *d = &a->src->dmesg;
	if (d->gic_preallocated && a->m->facts.uefi.v == EA_FACT_NO &&
	    !a->src->has_memreserve) {
		struct ea_finding *f = ea_finding_add(
		    a, &ck_post_kexec_corruption, NULL,
		    "this kernel reuses the GIC's LPI tables that a kernel "
		    "before a kexec left enabled (\"Using preallocated "
		    "redistributor tables\"), on a boot without UEFI where "
		    "nothing reserved them: its own image or allocations "
		    "may lie over them (memory probably corrupted)");
		for (size_t i = 0; i < d->lpi_pending.n; i++)
			if (d->lpi_pending.v[i].reserved) {
				ea_finding_evid(f, d->lpi_pending.v[i].ev);
				break;
			}
		ea_finding_evid(f, a->m->facts.uefi.ev);
	}
}

static void check_protected_in_crash_kernel(struct ea_checking *a)
{
	struct ea_rangeset ck;
	ea_rangeset_init(&ck);
	struct ea_evid ev = { 0 };
	if (a->src->dmesg.has_crashkernel) {
		ea_rangeset_add(&ck, a->src->dmesg.crashkernel);
		ev = a->src->dmesg.crashkernel_ev;
	}
	if (a->src->in[EA_IN_IOMEM].status == EA_IN_OK)
		for (size_t i = 0; i < a->src->iomem.res.n; i++)
			if (ea_iomem_is(&a->src->iomem.res.v[i],
					EA_IOMEM_CRASH_KERNEL)) {
				ea_rangeset_add(&ck, a->src->iomem.res.v[i].r);
				ev = ea_iomem_evid(&a->src->iomem,
						   &a->src->iomem.res.v[i]);
			}
	ea_rangeset_normalize(&ck);
	for (size_t i = 0; i < a->m->prot.n && ck.n; i++) {
		const struct ea_protected *p = &a->m->prot.v[i];
		if (ea_rangeset_first_overlap(&ck, p->r) < 0)
			continue;
		struct ea_finding *f = ea_finding_add(
		    a, &ck_protected_range_in_crash_kernel, &p->r,
		    "%s " R " lies in the crash kernel region: a kdump "
		    "image load (kexec -p) places its segments there",
		    p->name, p->r.first, p->r.last);
		for (size_t k = 0; k < p->ev.n; k++)
			ea_finding_evid(f, p->ev.v[k]);
		ea_finding_evid(f, ev);
	}
	ea_rangeset_free(&ck);
}

static bool input_needed(const struct ea_checking *a, int id)
{
	switch (id) {
	case EA_IN_DMESG:
	case EA_IN_IOMEM:
		return true;
	case EA_IN_MB_MEMORY:
	case EA_IN_MB_RESERVED:
		return a->m->arch != EA_ARCH_X86_64;
	default:
		return false;
	}
}

static void check_input_unusable(struct ea_checking *a)
{
	for (int i = 0; i < EA_NINPUTS; i++) {
		const struct ea_input *in = &a->src->in[i];
		/* what the short report lists: not what was neither given
		 * nor needed */
		a->r->input_listed[i] =
		    in->status != EA_IN_ABSENT || input_needed(a, i);
		if (in->status == EA_IN_OK || !input_needed(a, i))
			continue;
		ea_finding_add(
		    a, &ck_input_unusable, NULL, "input %s is %s: %s", in->name,
		    ea_input_status_name(in->status),
		    in->detail ? in->detail : "not found or not given");
	}
}

static void check_input_line_unreadable(struct ea_checking *a)
{
	for (size_t i = 0; i < a->src->diags.n; i++) {
		const struct ea_diag *d = &a->src->diags.v[i];
		const char *name = d->ev.in ? d->ev.in->name : "input";
		const char *path =
		    d->ev.in && d->ev.in->path ? d->ev.in->path : name;
		struct ea_finding *f;
		if (!d->ev.in) /* the message names its file (tree.c) */
			f = ea_finding_add(a, &ck_input_line_unreadable, NULL,
					   "%s", d->msg);
		else if (d->ev.line)
			f = ea_finding_add(a, &ck_input_line_unreadable, NULL,
					   "%s:%u: %s", path, d->ev.line,
					   d->msg);
		else
			f = ea_finding_add(a, &ck_input_line_unreadable, NULL,
					   "%s: %s", path, d->msg);
		if (d->ev.line)
			ea_finding_evid(f, d->ev);
	}
}

static void check_dmesg_not_from_boot(struct ea_checking *a)
{
	if (a->src->in[EA_IN_DMESG].status != EA_IN_OK ||
	    a->src->dmesg.starts_at_boot)
		return;
	ea_finding_add(a, &ck_dmesg_not_from_boot, NULL,
		       "the kernel log has no \"Linux version\" line: it does "
		       "not reach back to boot (ring buffer wrapped, or a "
		       "fragment), so ACPI, EFI and LPI lines may be missing");
}

/* A console that replayed the boot buffer (or a dmesg appended to a
 * console capture): the reader kept one copy of the boot (logline.c). */
static void check_dmesg_boot_repeated(struct ea_checking *a)
{
	const struct ea_dmesg *d = &a->src->dmesg;
	if (a->src->in[EA_IN_DMESG].status != EA_IN_OK || !d->repeats.n)
		return;
	const struct ea_dmesg_repeat *r = &d->repeats.v[0];
	bool skip1st = r->skip_first < r->kept_first;
	struct ea_finding *f = ea_finding_add(
	    a, &ck_dmesg_boot_repeated, NULL,
	    "the kernel log holds the same boot twice: lines %u-%u and %u-%u "
	    "match line for line (a console replayed the boot buffer, or "
	    "dmesg output was appended to a console capture); only lines "
	    "%u-%u were read, so that no range is counted twice%s",
	    skip1st ? r->skip_first : r->kept_first,
	    skip1st ? r->skip_last : r->kept_last,
	    skip1st ? r->kept_first : r->skip_first,
	    skip1st ? r->kept_last : r->skip_last, r->kept_first, r->kept_last,
	    d->repeats.n > 1 ? " (and more repeated copies were left out "
			       "the same way)"
			     : "");
	for (size_t i = 0; i < d->repeats.n; i++) {
		ea_finding_evid(f, d->repeats.v[i].skip_ev);
		ea_finding_evid(f, d->repeats.v[i].kept_ev);
	}
}

/* model/boots.c found two inputs one boot would make agree that do not;
 * two_boots() (model/answer.c) made the answers on the other boot's views
 * unknown. */
static void check_different_boots(struct ea_checking *a)
{
	for (size_t i = 0; i < a->m->boots.clues.n; i++) {
		const struct ea_boot_clue *c = &a->m->boots.clues.v[i];
		struct ea_finding *f = ea_finding_add(
		    a, &ck_inputs_from_different_boots, NULL,
		    "the kernel log and %s come from different boots: %s; "
		    "%zu answers for ranges the log places were measured on "
		    "the other boot's memory and are unknown",
		    c->other, c->what, a->m->boots.unknown);
		for (int k = 0; k < 2; k++)
			if (c->ev[k].in)
				ea_finding_evid(f, c->ev[k]);
	}
}

/* RAM as the firmware describes it (EFI descriptors with a cacheable
 * attribute: the kernel's is_memory()), else memblock.memory. */
static bool ram_set(const struct ea_checking *a, struct ea_rangeset *ram)
{
	ea_rangeset_init(ram);
	const struct ea_efi_desc *v = a->src->efimap.desc.n
					  ? a->src->efimap.desc.v
					  : a->src->dmesg.efi_map.v;
	size_t n = a->src->efimap.desc.n ? a->src->efimap.desc.n
					 : a->src->dmesg.efi_map.n;
	for (size_t i = 0; i < n; i++)
		if (v[i].attr &
		    (EA_EFI_MEMORY_WB | EA_EFI_MEMORY_WT | EA_EFI_MEMORY_WC))
			ea_rangeset_add(ram, v[i].r);
	if (!n && a->src->in[EA_IN_MB_MEMORY].status == EA_IN_OK)
		for (size_t i = 0; i < a->src->mb_memory.regions.n; i++)
			ea_rangeset_add(ram, a->src->mb_memory.regions.v[i].r);
	ea_rangeset_normalize(ram);
	return ram->n > 0;
}

static void check_memreserve_chain(struct ea_checking *a, bool corrupt)
{
	if (!a->src->has_memreserve || a->src->memreserve.complete)
		return;
	/* A walk that started and stopped on bad content is corruption; one
	 * that had no bytes to read is only unseen. */
	bool is_corrupt =
	    a->src->memreserve.loops ||
	    (a->src->memreserve.why &&
	     strstr(a->src->memreserve.why, "unreadable") == NULL &&
	     strstr(a->src->memreserve.why, "not in any") == NULL &&
	     strstr(a->src->memreserve.why, "no physical") == NULL);
	/* a node that could not be read because it is not RAM at all */
	struct ea_rangeset ram;
	struct ea_range nr;
	if (!is_corrupt && a->src->memreserve.has_unread_node &&
	    ram_set(a, &ram)) {
		if (ea_range_from_size(a->src->memreserve.unread_node, 16,
				       &nr) &&
		    !ea_rangeset_covers(&ram, nr))
			is_corrupt = true;
		ea_rangeset_free(&ram);
	}
	if (is_corrupt != corrupt)
		return;
	struct ea_finding *f;
	if (corrupt)
		f = ea_finding_add(
		    a, &ck_memreserve_chain_corrupt, NULL,
		    "the MEMRESERVE chain at 0x%016" PRIx64 " is corrupt: %s%s",
		    a->src->memreserve_root, a->src->memreserve.why,
		    a->src->memreserve.has_unread_node
			? " (that node is outside RAM)"
			: "");
	else
		f = ea_finding_add(
		    a, &ck_memreserve_chain_unread, NULL,
		    "the MEMRESERVE chain at 0x%016" PRIx64
		    " could not be read (%s): its list pages and entries "
		    "are not known, only the root",
		    a->src->memreserve_root,
		    a->src->memreserve.why ? a->src->memreserve.why
					   : "unknown");
	ea_finding_evid(f, a->src->memreserve_ev);
}

static void check_memreserve_unread(struct ea_checking *a)
{
	check_memreserve_chain(a, false);
}

static void check_memreserve_corrupt(struct ea_checking *a)
{
	check_memreserve_chain(a, true);
	/* every node and entry must be RAM: a pointer elsewhere is garbage
	 * (the next kernel would reserve it, or map it, and fault) */
	struct ea_rangeset ram;
	if (!a->src->has_memreserve || !ram_set(a, &ram))
		return;
	for (size_t i = 0; i < a->src->memreserve.nodes.n; i++) {
		const struct ea_mr_node *n = &a->src->memreserve.nodes.v[i];
		if (ea_rangeset_covers(&ram, n->r))
			continue;
		struct ea_finding *f =
		    ea_finding_add(a, &ck_memreserve_chain_corrupt, &n->r,
				   "MEMRESERVE node " R " lies outside RAM",
				   n->r.first, n->r.last);
		ea_finding_evid(f, a->src->memreserve_ev);
	}
	for (size_t i = 0; i < a->src->memreserve.entries.n; i++) {
		const struct ea_mr_entry *e = &a->src->memreserve.entries.v[i];
		if (ea_rangeset_covers(&ram, e->r))
			continue;
		struct ea_finding *f =
		    ea_finding_add(a, &ck_memreserve_chain_corrupt, &e->r,
				   "MEMRESERVE entry %u of node 0x%016" PRIx64
				   " (" R ") lies outside RAM",
				   e->index, e->node, e->r.first, e->r.last);
		ea_finding_evid(f, a->src->memreserve_ev);
	}
	ea_rangeset_free(&ram);
}

static void check_its_tables(struct ea_checking *a)
{
	for (size_t i = 0; i < a->src->dmesg.its.n; i++) {
		const struct ea_its_table *t = &a->src->dmesg.its.v[i];
		struct ea_finding *f = ea_finding_add(
		    a, &ck_its_table_reported, NULL,
		    "ITS@0x%016" PRIx64 " %s table at 0x%016" PRIx64
		    ": not protected across kexec (the next kernel resets "
		    "the ITS and allocates its own), listed for reference",
		    t->its_base, t->type, t->addr);
		ea_finding_evid(f, t->ev);
	}
}

static void check_arch_unknown(struct ea_checking *a)
{
	if (a->m->arch != EA_ARCH_UNKNOWN)
		return;
	ea_finding_add(a, &ck_arch_unknown, NULL,
		       "the architecture could not be told from the inputs "
		       "(no kernel version, EFI map or telling log line); "
		       "give --arch arm64 or --arch x86_64");
}

/* ---- the firmware's own structures (firmware.c) ---- */

/* The buffer the next kernel is pointed at (arm64: the firmware's own,
 * passed on through /chosen, never rewritten by the kernel) against the
 * map the kernel printed at boot. On arm64 a descriptor added, lost, moved
 * or retyped means the next kernel reads another map than the firmware
 * gave: critical. Attributes only, and x86 (whose kernel installs maps of
 * its own, efi_memmap_install()), a warning. Without a printed map, a
 * buffer whose descriptors overlap is corrupt by itself. */
static void check_efi_map_differs(struct ea_checking *a)
{
	bool arm64 = a->m->arch == EA_ARCH_ARM64;
	for (size_t i = 0; i < a->r->efimap_cmp.diffs.n; i++) {
		const struct ea_efimap_diff *d = &a->r->efimap_cmp.diffs.v[i];
		char buf[512];
		ea_efimap_diff_text(d, buf, sizeof(buf));
		const struct ea_range *r = d->has_mem ? &d->mem.r : &d->log.r;
		/* a log of another boot printed another boot's map: no
		 * sign of corruption (inputs_from_different_boots) */
		bool other = a->m->boots.clues.n > 0;
		bool grave =
		    arm64 && !other &&
		    (d->kind != EA_EFIMAP_DIFFERS ||
		     (d->what & (EA_EFIMAP_DIFF_END | EA_EFIMAP_DIFF_TYPE)));
		struct ea_finding *f = ea_finding_add_sev(
		    a, &ck_efi_map_differs_from_log,
		    grave ? EA_SEV_CRITICAL : EA_SEV_WARNING, r,
		    "the EFI memory map in memory and the one the kernel "
		    "printed differ: %s%s",
		    buf,
		    grave   ? "; the next kernel reads the one in memory"
		    : other ? "; the kernel log is of another boot "
			      "(inputs_from_different_boots), so this says "
			      "nothing of the map in memory"
			    : "");
		if (d->has_mem)
			ea_finding_evid(
			    f, ea_efi_desc_evid(a->src->efimap.in, &d->mem));
		if (d->has_log)
			ea_finding_evid(
			    f, ea_efi_desc_evid(a->src->dmesg.in, &d->log));
	}
	if (a->src->dmesg.efi_map.n || a->src->efimap.desc.n < 2)
		return;
	uint32_t *ord = ea_range_order(
	    a->src->efimap.desc.v, a->src->efimap.desc.n,
	    sizeof(struct ea_efi_desc), offsetof(struct ea_efi_desc, r));
	for (size_t k = 1; k < a->src->efimap.desc.n; k++) {
		const struct ea_efi_desc *p =
		    &a->src->efimap.desc.v[ord[k - 1]];
		const struct ea_efi_desc *q = &a->src->efimap.desc.v[ord[k]];
		if (q->r.first > p->r.last)
			continue;
		struct ea_finding *f = ea_finding_add_sev(
		    a, &ck_efi_map_differs_from_log,
		    arm64 ? EA_SEV_CRITICAL : EA_SEV_WARNING, &q->r,
		    "the EFI memory map in memory is corrupt: descriptor "
		    "0x%016" PRIx64 "-0x%016" PRIx64 " overlaps 0x%016" PRIx64
		    "-0x%016" PRIx64 " (no printed map to compare with)",
		    q->r.first, q->r.last, p->r.first, p->r.last);
		ea_finding_evid(f, ea_efi_desc_evid(a->src->efimap.in, p));
		ea_finding_evid(f, ea_efi_desc_evid(a->src->efimap.in, q));
		break;
	}
	free(ord);
}

static void check_config_tables_differ(struct ea_checking *a)
{
	for (size_t i = 0; i < a->r->systab_cmp.v.n; i++) {
		const struct ea_systab_cmp *c = &a->r->systab_cmp.v.v[i];
		if (c->kind == EA_SYSTAB_CMP_SAME ||
		    c->kind == EA_SYSTAB_CMP_UNREAD)
			continue;
		enum ea_severity sev = EA_SEV_WARNING;
		if (c->kind == EA_SYSTAB_CMP_ONLY_MEMORY)
			sev = EA_SEV_INFO;
		else if (c->kind == EA_SYSTAB_CMP_ADDR_DIFFERS &&
			 strcmp(c->name, "MEMRESERVE") == 0)
			sev = EA_SEV_ERROR;
		struct ea_finding *f = ea_finding_add_sev(
		    a, &ck_config_tables_differ_from_log, sev, NULL,
		    "EFI configuration table %s: %s (memory 0x%016" PRIx64
		    ", log 0x%016" PRIx64 ")",
		    c->name ? c->name : "?", ea_systab_cmp_kind_name(c->kind),
		    c->mem ? c->mem->addr : 0, c->log ? c->log->addr : 0);
		if (c->mem)
			ea_finding_evid(f, c->mem->ev);
		if (c->log)
			ea_finding_evid(f, c->log->ev);
	}
}

static void check_systab_crc(struct ea_checking *a)
{
	if (!a->src->systab.crc_checked || a->src->systab.crc_ok)
		return;
	struct ea_finding *f = ea_finding_add(
	    a, &ck_efi_systab_crc_bad, &a->src->systab.hdr_range,
	    "the EFI system table's CRC32 is 0x%08x, its bytes give 0x%08x: "
	    "the table was changed after the firmware sealed it",
	    a->src->systab.crc32, a->src->systab.crc32_computed);
	ea_finding_evid(f, a->src->systab.ev);
}

static void check_acpi_log_memory(struct ea_checking *a)
{
	for (size_t i = 0; i < a->r->acpi_cmp.v.n; i++) {
		const struct ea_acpi_cmp *c = &a->r->acpi_cmp.v.v[i];
		if (!c->differs)
			continue;
		struct ea_finding *f = ea_finding_add(
		    a, &ck_acpi_log_memory_disagree,
		    c->mem && c->mem->has_range ? &c->mem->r : NULL, "%s",
		    c->msg);
		if (c->mem)
			ea_finding_evid(f, c->mem->ev);
		if (c->log)
			ea_finding_evid(f, c->log->ev);
	}
}

static void check_acpi_sysfs_memory(struct ea_checking *a)
{
	for (size_t i = 0; i < a->r->acpi_sysfs.v.n; i++) {
		const struct ea_acpi_file_cmp *c = &a->r->acpi_sysfs.v.v[i];
		if (!c->differs)
			continue;
		struct ea_finding *f = ea_finding_add(
		    a, &ck_acpi_sysfs_memory_disagree, NULL, "%s", c->msg);
		ea_finding_evid(f, c->ev);
		if (c->mem)
			ea_finding_evid(f, c->mem->ev);
	}
}

static void check_acpi_checksum(struct ea_checking *a)
{
	for (size_t i = 0; i < a->src->acpi_mem.tables.n; i++) {
		const struct ea_acpi_mtable *t = &a->src->acpi_mem.tables.v[i];
		if (t->csum != EA_ACPI_CSUM_BAD)
			continue;
		struct ea_finding *f = ea_finding_add(
		    a, &ck_acpi_checksum_bad, t->has_range ? &t->r : NULL,
		    "ACPI %.4s at 0x%016" PRIx64 " (found via %s) has a bad "
		    "checksum in memory",
		    t->sig, t->addr, t->found_via ? t->found_via : "?");
		ea_finding_evid(f, t->ev);
	}
	for (size_t i = 0; i < a->src->acpidump.tables.n; i++) {
		const struct ea_acpidump_table *t =
		    &a->src->acpidump.tables.v[i];
		if (t->csum != EA_ACPI_CSUM_BAD)
			continue;
		struct ea_finding *f = ea_finding_add(
		    a, &ck_acpi_checksum_bad, NULL,
		    "ACPI %.4s in the acpidump (address 0x%016" PRIx64
		    ") has a bad checksum",
		    t->sig, t->addr);
		ea_finding_evid(f, t->ev);
	}
}

static void check_acpidump_zero(struct ea_checking *a)
{
	if (!a->src->acpidump.addresses_zero || !a->src->acpidump.tables.n)
		return;
	ea_finding_add(a, &ck_acpidump_zero_addresses, NULL,
		       "every table address in the acpidump is 0 (acpidump "
		       "read /sys/firmware/acpi/tables): its tables carry no "
		       "addresses; run \"acpidump -c off\" as root for real "
		       "ones");
}

/* The acpidump (physical-memory mode) against the log's "ACPI: SIG 0x..."
 * lines: two listings of the same static tables. A table at an address
 * the other does not list, or another signature or length there, is a
 * disagreement (one of them is not of this boot, or was edited). */
static void check_acpidump_log(struct ea_checking *a)
{
	const struct ea_acpidump *ad = &a->src->acpidump;
	const struct ea_dmesg *d = &a->src->dmesg;
	if (!ad->tables.n || ad->addresses_zero || !d->acpi.n ||
	    a->src->in[EA_IN_DMESG].status != EA_IN_OK)
		return;
	for (size_t i = 0; i < ad->tables.n; i++) {
		const struct ea_acpidump_table *t = &ad->tables.v[i];
		if (!t->has_addr || !t->addr)
			continue;
		const struct ea_acpi_table *hit = NULL;
		for (size_t k = 0; k < d->acpi.n && !hit; k++)
			if (!d->acpi.v[k].virt && d->acpi.v[k].addr == t->addr)
				hit = &d->acpi.v[k];
		struct ea_finding *f = NULL;
		if (!hit && d->starts_at_boot)
			f = ea_finding_add(
			    a, &ck_acpidump_log_disagree, NULL,
			    "the acpidump has %.4s at 0x%016" PRIx64
			    "; the kernel log, which lists the tables at boot, "
			    "names none there",
			    t->sig, t->addr);
		else if (hit && strncmp(hit->sig, t->sig, 4) != 0)
			f = ea_finding_add(a, &ck_acpidump_log_disagree, NULL,
					   "at 0x%016" PRIx64
					   " the acpidump has %.4s, the "
					   "kernel log %.4s",
					   t->addr, t->sig, hit->sig);
		else if (hit && t->has_length && hit->length &&
			 hit->length != t->length)
			f = ea_finding_add(a, &ck_acpidump_log_disagree, NULL,
					   "%.4s at 0x%016" PRIx64 ": %" PRIu32
					   " bytes in the acpidump, %" PRIu32
					   " in the kernel log",
					   t->sig, t->addr, t->length,
					   hit->length);
		if (f) {
			ea_finding_evid(f, t->ev);
			if (hit)
				ea_finding_evid(f, hit->ev);
		}
	}
	for (size_t k = 0; k < d->acpi.n; k++) {
		const struct ea_acpi_table *l = &d->acpi.v[k];
		if (l->virt || !l->addr)
			continue;
		bool listed = false;
		for (size_t i = 0; i < ad->tables.n && !listed; i++)
			listed = ad->tables.v[i].has_addr &&
				 ad->tables.v[i].addr == l->addr;
		if (listed)
			continue;
		struct ea_finding *f =
		    ea_finding_add(a, &ck_acpidump_log_disagree, NULL,
				   "the kernel log names %.4s at 0x%016" PRIx64
				   "; the acpidump lists no table there",
				   l->sig, l->addr);
		ea_finding_evid(f, l->ev);
	}
}

static void check_lpi_not_in_memreserve(struct ea_checking *a)
{
	if (!a->src->has_memreserve || !a->src->memreserve.complete)
		return;
	/* added in address order: the set is built without a sort */
	struct ea_rangeset ent;
	ea_rangeset_init(&ent);
	for (size_t i = 0; i < a->src->memreserve.entries.n; i++)
		ea_rangeset_add(&ent, a->src->memreserve.entries.v[i].r);
	ea_rangeset_normalize(&ent);
	for (size_t i = 0; i < a->m->prot_lists.lpi.n; i++) {
		const struct ea_protected *p =
		    &a->m->prot.v[a->m->prot_lists.lpi.v[i]];
		if (ea_rangeset_covers(&ent, p->r))
			continue;
		struct ea_finding *f = ea_finding_add(
		    a, &ck_lpi_table_not_in_memreserve, &p->r,
		    "%s " R " is in use by the GIC but no MEMRESERVE chain "
		    "entry covers it: the next kernel will not reserve it",
		    p->name, p->r.first, p->r.last);
		for (size_t k = 0; k < p->ev.n; k++)
			ea_finding_evid(f, p->ev.v[k]);
		ea_finding_evid(f, a->src->memreserve_ev);
	}
	ea_rangeset_free(&ent);
}

/* Every chain node and entry must be reserved in both views: as a child of
 * System RAM in /proc/iomem (ab0eb16205b4, kexec_load) and in
 * memblock.reserved (2bab693a608b, kexec_file on arm64). */
static void check_memreserve_reserved(struct ea_checking *a)
{
	if (!a->src->has_memreserve || a->m->arch != EA_ARCH_ARM64)
		return;
	bool io = a->src->in[EA_IN_IOMEM].status == EA_IN_OK;
	bool mb = a->src->in[EA_IN_MB_RESERVED].status == EA_IN_OK;
	/* The reserved children of the lines that meet the chain: only a
	 * child that overlaps an entry can help cover it, and the chain is
	 * small beside a large /proc/iomem. */
	struct ea_rangeset chain, iores;
	ea_rangeset_init(&chain);
	ea_rangeset_init(&iores);
	for (size_t i = 0; io && i < a->m->prot_lists.chain.n; i++)
		ea_rangeset_add(&chain,
				a->m->prot.v[a->m->prot_lists.chain.v[i]].r);
	ea_rangeset_normalize(&chain);
	size_t hint = 0; /* /proc/iomem is in address order */
	for (size_t i = 0; io && i < a->src->iomem.res.n; i++) {
		const struct ea_iomem_res *r = &a->src->iomem.res.v[i];
		if (r->depth > 0 && !ea_iomem_is(r, EA_IOMEM_KERNEL_CODE) &&
		    !ea_iomem_is(r, EA_IOMEM_KERNEL_DATA) &&
		    !ea_iomem_is(r, EA_IOMEM_SYSTEM_RAM) &&
		    ea_rangeset_first_overlap_from(&chain, r->r, &hint) >= 0)
			ea_rangeset_add(&iores, r->r);
	}
	ea_rangeset_free(&chain);
	ea_rangeset_normalize(&iores);
	for (size_t i = 0; i < a->m->prot_lists.chain.n; i++) {
		const struct ea_protected *p =
		    &a->m->prot.v[a->m->prot_lists.chain.v[i]];
		/* outside System RAM nothing needs a reserved child */
		if (io &&
		    ea_rangeset_first_overlap(&a->m->system_ram, p->r) >= 0 &&
		    !ea_rangeset_covers(&iores, p->r)) {
			struct ea_finding *f = ea_finding_add(
			    a, &ck_memreserve_entry_not_reserved, &p->r,
			    "%s " R " is in the MEMRESERVE chain but no "
			    "/proc/iomem child of System RAM covers it: "
			    "kexec-tools (kexec_load) may overwrite it "
			    "(kernels "
			    "before ab0eb16205b4, v5.5 / 5.4.7)",
			    p->name, p->r.first, p->r.last);
			for (size_t k = 0; k < p->ev.n; k++)
				ea_finding_evid(f, p->ev.v[k]);
		}
		if (mb && !ea_rangeset_covers(&a->m->mb_reserved_set, p->r)) {
			struct ea_finding *f = ea_finding_add(
			    a, &ck_memreserve_entry_not_reserved, &p->r,
			    "%s " R " is in the MEMRESERVE chain but not in "
			    "memblock.reserved: kexec_file_load may overwrite "
			    "it (kernels before 2bab693a608b, v5.14-rc2 and "
			    "stable)",
			    p->name, p->r.first, p->r.last);
			for (size_t k = 0; k < p->ev.n; k++)
				ea_finding_evid(f, p->ev.v[k]);
		}
	}
	ea_rangeset_free(&iores);
}

static int u64_cmp(const void *x, const void *y)
{
	uint64_t a = *(const uint64_t *)x, b = *(const uint64_t *)y;
	return a < b ? -1 : a > b;
}

static bool u64_in(const uint64_t *v, size_t n, uint64_t x)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (v[mid] < x)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < n && v[lo] == x;
}

/* The ITS bases the firmware describes (MADT GIC ITS, FDT gic-v3-its) and
 * the ones the kernel's ITS lines name must be the same hardware. */
static void check_its_base_mismatch(struct ea_checking *a)
{
	size_t nl = a->src->dmesg.its.n;
	if (!nl)
		return;
	uint64_t *logb = ea_xcalloc(nl, sizeof(*logb));
	for (size_t i = 0; i < nl; i++)
		logb[i] = a->src->dmesg.its.v[i].its_base;
	ea_sort(logb, nl, sizeof(*logb), u64_cmp);
	for (size_t i = 0; i < a->src->acpi_mem.its.n; i++) {
		const struct ea_acpi_its *t = &a->src->acpi_mem.its.v[i];
		if (u64_in(logb, nl, t->base))
			continue;
		struct ea_finding *f = ea_finding_add(
		    a, &ck_its_base_mismatch, NULL,
		    "the MADT describes GIC ITS %u at 0x%016" PRIx64
		    ", which no ITS line of the log names",
		    t->id, t->base);
		ea_finding_evid(f, t->ev);
	}
	for (size_t i = 0; i < a->src->fdt.its.n; i++) {
		const struct ea_fdt_reg *t = &a->src->fdt.its.v[i];
		if (u64_in(logb, nl, t->r.first))
			continue;
		struct ea_finding *f = ea_finding_add(
		    a, &ck_its_base_mismatch, &t->r,
		    "the device tree describes a GICv3 ITS at 0x%016" PRIx64
		    ", which no ITS line of the log names",
		    t->r.first);
		ea_finding_evid(f, t->ev);
	}
	free(logb);
}

static void check_fdt_unusable(struct ea_checking *a)
{
	const struct ea_input *in = &a->src->in[EA_IN_FDT];
	if (in->status != EA_IN_MALFORMED)
		return;
	ea_finding_add(a, &ck_fdt_unusable, NULL,
		       "the flattened device tree %s is not usable: %s",
		       in->path ? in->path : "", in->detail ? in->detail : "");
}

static void check_reserved_memory_ignored(struct ea_checking *a)
{
	if (!a->src->fdt.resmem_ignored)
		return;
	ea_finding_add(a, &ck_reserved_memory_ignored, NULL,
		       "/reserved-memory has #address-cells/#size-cells "
		       "unlike the root's (or no ranges): the kernel ignores "
		       "the whole node, so none of its regions is reserved");
}

/* The boot fact the knowledge base uses (kb_facts() in model/expect.c), so that
 * the finding and the inferred answers never disagree. Without UEFI there
 * is no EFI structure to audit; an ITS's LPI tables are then reserved by
 * nothing (their answers say so), and with no ITS nothing UEFI would keep
 * is left to protect. */
static void check_not_efi_booted(struct ea_checking *a)
{
	const struct ea_kb_facts *k = &a->m->facts;
	if (k->uefi.v != EA_FACT_NO)
		return;
	char tail[512];
	if (k->its.v == EA_FACT_YES)
		snprintf(tail, sizeof(tail),
			 "a GICv3 ITS is present (%s): its LPI tables are "
			 "recorded nowhere and reserved by nothing across a "
			 "kexec (see their answers)",
			 k->its.why);
	else if (k->its.v == EA_FACT_NO)
		snprintf(tail, sizeof(tail),
			 "there is no GICv3 ITS (%s), so nothing UEFI would "
			 "keep is left to protect",
			 k->its.why);
	else
		snprintf(tail, sizeof(tail),
			 "whether the GIC has an ITS is not known (%s)",
			 k->its.why);
	struct ea_finding *f = ea_finding_add(
	    a, &ck_not_efi_booted, NULL,
	    "this boot did not go through UEFI (%s), so there is no EFI "
	    "memory map, system table or MEMRESERVE table to audit; %s",
	    k->uefi.why, tail);
	ea_finding_evid(f, k->uefi.ev);
	if (k->its.v == EA_FACT_YES)
		ea_finding_evid(f, k->its.ev);
}

static void check_lpi_not_persistent(struct ea_checking *a)
{
	const struct ea_dmesg *d = &a->src->dmesg;
	if (a->src->has_memreserve || (!d->has_lpi_prop && !d->lpi_pending.n))
		return;
	/* a MEMRESERVE table expected but no input could show it is not
	 * the same as none (expected_ranges_missing says so) */
	const struct ea_expectation *x =
	    &a->m->expect.cat[EA_EXPECT_MEMRESERVE];
	if (x->expected && !x->met)
		return;
	struct ea_finding *f = ea_finding_add(
	    a, &ck_lpi_tables_not_persistent, NULL,
	    "the GIC's LPI tables are in use but this boot has no MEMRESERVE "
	    "table (no UEFI, or a kernel before 4.20): nothing tells a kexec'd "
	    "kernel where they are, and it finds LPIs enabled with tables it "
	    "may overwrite (\"Booted with LPIs enabled, memory probably "
	    "corrupted\")");
	ea_finding_evid(f, d->has_lpi_prop ? d->lpi_prop_ev
					   : d->lpi_pending.v[0].ev);
}

/* Expected by the evidence, not found: the audit cannot vouch for what
 * it did not see (model/expect.c decides both). */
static void check_expected_missing(struct ea_checking *a)
{
	for (int c = 0; c < EA_NEXPECT; c++) {
		const struct ea_expectation *x = &a->m->expect.cat[c];
		if (!x->expected || x->met)
			continue;
		struct ea_finding *f =
		    ea_finding_add(a, &ck_expected_ranges_missing, NULL,
				   "%s must be found (%s), but %s",
				   ea_expect_cat_name((enum ea_expect_cat)c),
				   x->because, x->missing);
		ea_finding_evid(f, x->ev);
		ea_finding_evid(f, x->missing_ev);
	}
}

/* A snapshot its MANIFEST says was collected without root: the items the
 * collector could not read for want of it (collect.sh's EACCES, EPERM and
 * zeroed), at most a few named. */
static void not_root_snapshot(struct ea_checking *a)
{
	const struct ea_manifest *mf = &a->src->manifest;
	char list[1024] = "";
	size_t w = 0, more = 0;

	for (size_t i = 0; i < mf->items.n; i++) {
		const struct ea_manifest_item *it = &mf->items.v[i];
		if (strcmp(it->status, "EACCES") &&
		    strcmp(it->status, "EPERM") && strcmp(it->status, "zeroed"))
			continue;
		int k = -1;
		if (w < 600)
			k = snprintf(list + w, sizeof(list) - w, "%s%s (%s)",
				     w ? ", " : "", it->path, it->status);
		if (k > 0 && (size_t)k < sizeof(list) - w)
			w += (size_t)k;
		else
			more++;
	}
	char tail[40] = "";
	if (more)
		snprintf(tail, sizeof(tail), ", and %zu more", more);
	struct ea_finding *f = ea_finding_add(
	    a, &ck_not_root, NULL,
	    "the snapshot was collected as uid %u, not root (MANIFEST line "
	    "%u): what needs root was not read: %s%s",
	    mf->uid, mf->user_ev.line, w ? list : "nothing the MANIFEST names",
	    tail);
	ea_finding_evid(f, mf->user_ev);
}

/* Live, and not root: say which inputs need root instead of leaving the
 * user to guess from a list of failures. A snapshot collected without
 * root: what its MANIFEST says could not be read. */
static void check_not_root(struct ea_checking *a)
{
	const struct ea_manifest *mf = &a->src->manifest;
	if (!a->src->live && mf->known && mf->uid_known && mf->uid != 0) {
		not_root_snapshot(a);
		return;
	}
	if (!a->src->live || a->src->euid == 0)
		return;
	char list[1024] = "";
	size_t w = 0;
	for (int i = 0; i < EA_NINPUTS; i++) {
		const struct ea_input *in = &a->src->in[i];
		if (i >= EA_IN_L_FDT || in->status == EA_IN_OK ||
		    (in->status == EA_IN_ABSENT && i != EA_IN_MB_MEMORY &&
		     i != EA_IN_MB_RESERVED && i != EA_IN_MEM))
			continue;
		int k = snprintf(list + w, sizeof(list) - w, "%s%s",
				 w ? ", " : "", in->name);
		if (k > 0 && (size_t)k < sizeof(list) - w)
			w += (size_t)k;
	}
	ea_finding_add(a, &ck_not_root, NULL,
		       "running as uid %u, not root: these inputs need root "
		       "(CAP_SYS_ADMIN for /proc/iomem addresses, CAP_SYSLOG "
		       "with dmesg_restrict, root for debugfs, "
		       "/sys/firmware/fdt and /proc/kcore) and were not read: "
		       "%s",
		       a->src->euid, w ? list : "none");
}

/* Proof of a loaded image: a segment of a load (kexec-tools -d output given
 * with --kexec-log, or the kernel's kexec_file lines in the log) over a
 * protected range. */
static void collisions(struct ea_checking *a, const struct ea_kexeclog *k,
		       const char *from)
{
	if (!k || !k->loads.n)
		return;
	ea_kl_collision_vec c = { 0 };
	ea_kexeclog_check(k, a->m->prot.v, a->m->prot.n, &c);
	for (size_t i = 0; i < c.n; i++) {
		const struct ea_kl_load *ld = &k->loads.v[c.v[i].load];
		const struct ea_kl_segment *sg = &ld->seg.v[c.v[i].seg];
		const struct ea_protected *p = &a->m->prot.v[c.v[i].prot];
		enum ea_severity sev =
		    p->tier == EA_TIER_CRITICAL && !ld->failed ? EA_SEV_CRITICAL
							       : EA_SEV_WARNING;
		struct ea_finding *f = ea_finding_add_sev(
		    a, &ck_loaded_segment_overwrites, sev, &c.v[i].overlap,
		    "segment %u%s%s%s " R " of a %s%s load (%s) overlaps %s " R
		    ": the image %s over it",
		    sg->index, sg->name[0] ? " (" : "", sg->name,
		    sg->name[0] ? ")" : "", sg->r.first, sg->r.last,
		    ld->crash ? "crash " : "", ea_kl_source_name(ld->source),
		    from, p->name, p->r.first, p->r.last,
		    ld->failed ? "would have been copied (the load failed)"
			       : "is copied at kexec -e");
		ea_finding_evid(f, sg->ev);
		for (size_t e = 0; e < p->ev.n && e < 2; e++)
			ea_finding_evid(f, p->ev.v[e]);
	}
	EA_VEC_FREE(c);
}

static void check_loaded_segments(struct ea_checking *a)
{
	collisions(a, a->src->kexeclog, "--kexec-log");
	collisions(a, a->src->kexeclog_dmesg, "kernel log");
}

/* The placement what-if (--kernel ...): a segment the model placed over a
 * protected range. Critical when the range is: the load the user asked
 * about would overwrite it. */
static void check_placement_overwrites(struct ea_checking *a)
{
	const struct ea_whatif_result *w = a->whatif;
	for (size_t i = 0; w && i < w->n; i++) {
		const struct ea_placement *p = &w->run[i].p;
		for (size_t k = 0; k < p->seg.n; k++) {
			const struct ea_pl_segment *s = &p->seg.v[k];
			for (size_t h = 0; s->placed && h < s->nhits; h++) {
				const struct ea_protected *pr =
				    &a->m->prot.v[s->hits[h]];
				struct ea_range ov = { pr->r.first > s->r.first
							   ? pr->r.first
							   : s->r.first,
						       pr->r.last < s->r.last
							   ? pr->r.last
							   : s->r.last };
				struct ea_finding *f = ea_finding_add_sev(
				    a, &ck_placement_overwrites,
				    pr->tier == EA_TIER_CRITICAL
					? EA_SEV_CRITICAL
					: EA_SEV_WARNING,
				    &ov,
				    "what-if %s: the %s segment " R
				    " would overwrite %s " R "%s (%s)",
				    ea_pl_model_name(p->model), s->name,
				    s->r.first, s->r.last, pr->name,
				    pr->r.first, pr->r.last,
				    h == 0 ? ", the first protected range it "
					     "meets"
					   : "",
				    s->rule ? s->rule : "placed");
				if (s->has_free)
					ea_finding_evid(f, s->free_ev);
				for (size_t e = 0; e < pr->ev.n && e < 2; e++)
					ea_finding_evid(f, pr->ev.v[e]);
			}
		}
	}
}

static void check_placement_fails(struct ea_checking *a)
{
	const struct ea_whatif_result *w = a->whatif;
	for (size_t i = 0; w && i < w->n; i++) {
		const struct ea_placement *p = &w->run[i].p;
		if (p->status == EA_PL_FAILED)
			ea_finding_add(a, &ck_placement_fails, NULL,
				       "what-if %s: the load would fail: %s",
				       ea_pl_model_name(p->model),
				       p->why ? p->why : "no room");
	}
}

static void check_placement_not_applicable(struct ea_checking *a)
{
	const struct ea_whatif_result *w = a->whatif;
	if (w && w->why)
		ea_finding_add(a, &ck_placement_not_applicable, NULL,
			       "what-if: %s", w->why);
	for (size_t i = 0; w && i < w->n; i++) {
		const struct ea_placement *p = &w->run[i].p;
		if (p->status == EA_PL_NOT_APPLICABLE ||
		    p->status == EA_PL_NOT_MODELLED ||
		    p->status == EA_PL_NO_INPUT)
			ea_finding_add(a, &ck_placement_not_applicable, NULL,
				       "what-if %s for %s: %s: %s",
				       ea_pl_status_name(p->status),
				       ea_loader_name(w->run[i].loader),
				       w->run[i].modelled
					   ? ea_pl_model_name(p->model)
					   : "no model",
				       p->why ? p->why : "");
	}
}

static const char *const loader_syscall[EA_NLOADERS] = {
	[EA_KEXEC_FILE] = "kexec_file_load (kexec -s)",
	[EA_KEXEC_LOAD] = "kexec_load (kexec -l, kexec-tools)",
};

/* The kernel configuration says a loader is not built (model/views.c
 * decides): its answers describe what a kernel built with it would do,
 * not a load this one can make. */
static void check_loader_not_built(struct ea_checking *a)
{
	static const enum ea_loader order[] = { EA_KEXEC_FILE, EA_KEXEC_LOAD };
	for (size_t i = 0; i < sizeof(order) / sizeof(order[0]); i++) {
		const struct ea_view *v = &a->m->view[order[i]];
		if (v->built != EA_BUILT_NO)
			continue;
		struct ea_finding *f = ea_finding_add(
		    a, &ck_loader_not_built, NULL,
		    "%s %s; it fails with ENOSYS here: its answers say what "
		    "a kernel built with it would risk on this memory "
		    "layout, and its escapes are latent risks "
		    "(latent_escape), not escapes of this kernel",
		    loader_syscall[order[i]], v->built_why);
		if (v->built_ev.in)
			ea_finding_evid(f, v->built_ev);
	}
}

/* An escape from a loader this kernel is built without: no load of this
 * kernel can make it, a kernel built with the loader on the same layout
 * would. Evidence: the range's lines, the line that frees it, and the
 * configuration line that rules the loader out. */
static void check_latent_escape(struct ea_checking *a)
{
	for (size_t i = 0; i < a->m->prot_lists.escaping.n; i++) {
		const struct ea_protected *p =
		    &a->m->prot.v[a->m->prot_lists.escaping.v[i]];
		for (int l = 0; l < EA_NLOADERS; l++) {
			const struct ea_answer_detail *d = &p->loader[l];
			const struct ea_view *v = &a->m->view[l];
			if (d->ans != EA_ESCAPES || v->built != EA_BUILT_NO)
				continue;
			struct ea_finding *f = ea_finding_add(
			    a, &ck_latent_escape, &p->r,
			    "%s%s " R " escapes %s: %s; a latent risk, not "
			    "an escape of this kernel: %s %s; a kernel built "
			    "with it could place a segment there on this "
			    "memory layout",
			    p->tier == EA_TIER_WARNING ? "EFI " : "", p->name,
			    p->r.first, p->r.last,
			    ea_loader_name((enum ea_loader)l), d->reason,
			    loader_syscall[l], v->built_why);
			for (size_t k = 0; k < p->ev.n; k++)
				ea_finding_evid(f, p->ev.v[k]);
			ea_finding_evid(f, ea_answer_free_evid(d));
			if (v->built_ev.in)
				ea_finding_evid(f, v->built_ev);
		}
	}
}

/* Answers taken from the knowledge base because a view's input is
 * missing: one finding per loader and deciding row. */
static void check_answer_inferred(struct ea_checking *a)
{
	for (int l = 0; l < EA_NLOADERS; l++) {
		EA_VEC(const char *) rows = { 0 };
		for (size_t i = 0; i < a->m->prot.n; i++) {
			const struct ea_answer_detail *d =
			    &a->m->prot.v[i].loader[l];
			if (!d->inferred)
				continue;
			const char *row = ea_answer_kb_row(d);
			if (!row)
				row = "";
			bool seen = false;
			for (size_t k = 0; k < rows.n && !seen; k++)
				seen = strcmp(rows.v[k], row) == 0;
			if (!seen)
				*EA_VEC_PUSH(rows) = row;
		}
		for (size_t k = 0; k < rows.n; k++) {
			size_t n = 0, esc = 0;
			for (size_t i = 0; i < a->m->prot.n; i++) {
				const struct ea_answer_detail *d =
				    &a->m->prot.v[i].loader[l];
				const char *row = ea_answer_kb_row(d);
				if (d->inferred &&
				    strcmp(row ? row : "", rows.v[k]) == 0) {
					n++;
					esc += d->ans == EA_ESCAPES;
				}
			}
			ea_finding_add(
			    a, &ck_answer_inferred, NULL,
			    "%s: %zu answer%s inferred from the kernel "
			    "version (%zu escape%s), %s%s; the view's own "
			    "input is missing: %s",
			    ea_loader_name((enum ea_loader)l), n,
			    n == 1 ? "" : "s", esc, esc == 1 ? "" : "s",
			    rows.v[k][0] ? "knowledge-base row "
					 : "the same on every kernel version",
			    rows.v[k],
			    a->m->view[l].unknown_reason
				? a->m->view[l].unknown_reason
				: "unknown");
		}
		EA_VEC_FREE(rows);
	}
}

/* The order the checks run in, and are listed in. */
const struct ea_check *const ea_checks[] = {
	&ck_critical_range_escapes,
	&ck_config_table_escapes,
	&ck_loader_views_disagree,
	&ck_acpi_table_in_usable_memory,
	&ck_acpi_table_outside_efi_map,
	&ck_acpi_table_straddles_descriptors,
	&ck_acpi_table_bad_length,
	&ck_acpi_table_virtual_address,
	&ck_efi_map_overlap,
	&ck_efi_map_unsorted,
	&ck_efi_map_misaligned,
	&ck_post_kexec_corruption,
	&ck_protected_range_in_crash_kernel,
	&ck_memreserve_chain_unread,
	&ck_memreserve_chain_corrupt,
	&ck_its_table_reported,
	&ck_input_unusable,
	&ck_input_line_unreadable,
	&ck_dmesg_not_from_boot,
	&ck_dmesg_boot_repeated,
	&ck_inputs_from_different_boots,
	&ck_arch_unknown,
	&ck_efi_map_differs_from_log,
	&ck_config_tables_differ_from_log,
	&ck_efi_systab_crc_bad,
	&ck_acpi_log_memory_disagree,
	&ck_acpi_sysfs_memory_disagree,
	&ck_acpi_checksum_bad,
	&ck_acpidump_zero_addresses,
	&ck_acpidump_log_disagree,
	&ck_lpi_table_not_in_memreserve,
	&ck_memreserve_entry_not_reserved,
	&ck_its_base_mismatch,
	&ck_fdt_unusable,
	&ck_reserved_memory_ignored,
	&ck_not_efi_booted,
	&ck_lpi_tables_not_persistent,
	&ck_expected_ranges_missing,
	&ck_not_root,
	&ck_loaded_segment_overwrites,
	&ck_placement_overwrites,
	&ck_placement_fails,
	&ck_placement_not_applicable,
	&ck_loader_not_built,
	&ck_latent_escape,
	&ck_answer_inferred,
};

const size_t ea_nchecks = sizeof(ea_checks) / sizeof(ea_checks[0]);
