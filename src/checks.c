/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The table of checks (dtc checks.c style): each has a stable snake_case id
 * used in JSON, in --list-checks, in the man page and in
 * testdata/checks/<id>/. A check only adds findings; the verdict is decided
 * afterwards from the protected ranges and the findings' severities.
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"

#define R "0x%016" PRIx64 "-0x%016" PRIx64

static bool critical_or_warning_escape(struct ea_audit *a, enum ea_tier tier,
				       const char *id)
{
	for (size_t i = 0; i < a->prot.n; i++) {
		const struct ea_protected *p = &a->prot.v[i];
		if (p->tier != tier)
			continue;
		for (int l = 0; l < EA_NLOADERS; l++) {
			const struct ea_answer_detail *d = &p->loader[l];
			if (d->ans != EA_ESCAPES)
				continue;
			struct ea_finding *f;
			if (tier == EA_TIER_CRITICAL)
				f = ea_finding_add(
				    a, id, EA_SEV_CRITICAL, &p->r,
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
				    a, id, EA_SEV_WARNING, &p->r,
				    "EFI %s table " R " escapes %s: %s; "
				    "an overwrite breaks %s",
				    p->name, p->r.first, p->r.last,
				    ea_loader_name((enum ea_loader)l),
				    d->reason, p->breaks);
			for (size_t k = 0; k < p->ev.n; k++)
				ea_finding_evid(f, p->ev.v[k]);
			ea_finding_evid(f, d->free_ev);
		}
	}
	return true;
}

static void check_critical_range_escapes(struct ea_audit *a)
{
	critical_or_warning_escape(a, EA_TIER_CRITICAL,
				   "critical_range_escapes");
}

static void check_config_table_escapes(struct ea_audit *a)
{
	critical_or_warning_escape(a, EA_TIER_WARNING, "config_table_escapes");
}

static void check_loader_views_disagree(struct ea_audit *a)
{
	for (size_t i = 0; i < a->prot.n; i++) {
		const struct ea_protected *p = &a->prot.v[i];
		enum ea_answer f = p->loader[EA_KEXEC_FILE].ans,
			       l = p->loader[EA_KEXEC_LOAD].ans;
		if (f == EA_UNKNOWN || l == EA_UNKNOWN || f == l)
			continue;
		enum ea_loader safe =
		    f == EA_PROTECTED ? EA_KEXEC_FILE : EA_KEXEC_LOAD;
		enum ea_loader bad =
		    safe == EA_KEXEC_FILE ? EA_KEXEC_LOAD : EA_KEXEC_FILE;
		struct ea_finding *x = ea_finding_add(
		    a, "loader_views_disagree", EA_SEV_WARNING, &p->r,
		    "%s " R " is protected from %s but not from %s: the "
		    "two views of free memory disagree (the shape of the "
		    "2019 and 2021 escapes)",
		    p->name, p->r.first, p->r.last, ea_loader_name(safe),
		    ea_loader_name(bad));
		for (size_t k = 0; k < p->ev.n; k++)
			ea_finding_evid(x, p->ev.v[k]);
	}
}

/* The boot EFI map sorted by address, for lookups. */
static struct ea_efi_desc *sorted_map(const struct ea_audit *a)
{
	size_t n = a->dmesg.efi_map.n;
	struct ea_efi_desc *v = ea_xcalloc(n + 1, sizeof(*v));
	memcpy(v, a->dmesg.efi_map.v, n * sizeof(*v));
	return v;
}

static int desc_cmp(const void *x, const void *y)
{
	const struct ea_efi_desc *p = x, *q = y;
	return ea_range_cmp(&p->r, &q->r);
}

/* Index of the last descriptor starting at or below addr, or -1. */
static long desc_at(const struct ea_efi_desc *v, size_t n, uint64_t addr)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (v[mid].r.first <= addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo == 0 || v[lo - 1].r.last < addr)
		return -1;
	return (long)lo - 1;
}

static bool os_usable_type(uint32_t t)
{
	return t == EA_EFI_CONVENTIONAL || t == EA_EFI_BOOT_CODE ||
	       t == EA_EFI_BOOT_DATA || t == EA_EFI_LOADER_CODE ||
	       t == EA_EFI_LOADER_DATA;
}

enum acpi_map_issue { IN_USABLE, OUTSIDE, STRADDLES };

static void acpi_vs_map(struct ea_audit *a, enum acpi_map_issue want)
{
	size_t n = a->dmesg.efi_map.n;
	if (!n)
		return;
	/* A kexec'd x86 kernel is handed the runtime map only (every
	 * descriptor RUNTIME): ACPI tables lie outside it by design. */
	bool runtime_only = true;
	for (size_t i = 0; i < n && runtime_only; i++)
		runtime_only =
		    a->dmesg.efi_map.v[i].attr & EA_EFI_MEMORY_RUNTIME;
	if (runtime_only && want == OUTSIDE)
		return;
	struct ea_efi_desc *v = sorted_map(a);
	ea_sort(v, n, sizeof(*v), desc_cmp);
	for (size_t i = 0; i < a->prot.n; i++) {
		const struct ea_protected *p = &a->prot.v[i];
		if (p->kind != EA_KIND_ACPI_TABLE)
			continue;
		long k = desc_at(v, n, p->r.first);
		struct ea_finding *f = NULL;
		if (k < 0) {
			if (want == OUTSIDE)
				f = ea_finding_add(
				    a, "acpi_table_outside_efi_map",
				    EA_SEV_WARNING, &p->r,
				    "%s " R " lies in no EFI memory map "
				    "descriptor: nothing tells the kernel to "
				    "keep it",
				    p->name, p->r.first, p->r.last);
		} else if (want == IN_USABLE && os_usable_type(v[k].type)) {
			f = ea_finding_add(
			    a, "acpi_table_in_usable_memory", EA_SEV_ERROR,
			    &p->r,
			    "%s " R " lies in EFI %s memory, which the OS "
			    "may use: firmware must put ACPI tables in "
			    "ACPI Reclaim or ACPI NVS memory, or no "
			    "loader view protects them",
			    p->name, p->r.first, p->r.last,
			    ea_efi_type_name(v[k].type));
			ea_finding_evid(f, v[k].ev);
		} else if (want == STRADDLES && v[k].r.last < p->r.last) {
			f = ea_finding_add(
			    a, "acpi_table_straddles_descriptors",
			    EA_SEV_WARNING, &p->r,
			    "%s " R " runs past the end of its EFI "
			    "descriptor " R " (%s)",
			    p->name, p->r.first, p->r.last, v[k].r.first,
			    v[k].r.last, ea_efi_type_name(v[k].type));
			ea_finding_evid(f, v[k].ev);
		}
		if (f)
			for (size_t e = 0; e < p->ev.n; e++)
				ea_finding_evid(f, p->ev.v[e]);
	}
	free(v);
}

static void check_acpi_in_usable(struct ea_audit *a)
{
	acpi_vs_map(a, IN_USABLE);
}

static void check_acpi_outside(struct ea_audit *a)
{
	acpi_vs_map(a, OUTSIDE);
}

static void check_acpi_straddles(struct ea_audit *a)
{
	acpi_vs_map(a, STRADDLES);
}

static void check_acpi_bad_length(struct ea_audit *a)
{
	for (size_t i = 0; i < a->dmesg.acpi.n; i++) {
		const struct ea_acpi_table *t = &a->dmesg.acpi.v[i];
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
		    a, "acpi_table_bad_length", EA_SEV_ERROR, NULL,
		    "ACPI %.4s printed at 0x%016" PRIx64 " with %s (length "
		    "0x%" PRIx32
		    "): not a table the audit can place; it is not "
		    "protected and the verdict cannot be clean",
		    t->sig, t->addr, why, t->length);
		ea_finding_evid(f, t->ev);
	}
}

static void check_acpi_virtual(struct ea_audit *a)
{
	for (size_t i = 0; i < a->dmesg.acpi.n; i++) {
		const struct ea_acpi_table *t = &a->dmesg.acpi.v[i];
		if (!t->virt && t->addr < 0xffff000000000000ULL)
			continue;
		struct ea_finding *f = ea_finding_add(
		    a, "acpi_table_virtual_address", EA_SEV_INFO, NULL,
		    "ACPI %.4s printed at 0x%016" PRIx64 ", a kernel "
		    "virtual address (a table loaded at run time, e.g. a "
		    "dynamic SSDT): not a physical range, not protected",
		    t->sig, t->addr);
		ea_finding_evid(f, t->ev);
	}
}

static void check_efi_map_overlap(struct ea_audit *a)
{
	size_t n = a->dmesg.efi_map.n;
	if (n < 2)
		return;
	struct ea_efi_desc *v = sorted_map(a);
	ea_sort(v, n, sizeof(*v), desc_cmp);
	size_t reach = 0; /* descriptor with the highest end so far */
	for (size_t i = 1; i < n; i++) {
		if (v[i].r.first <= v[reach].r.last) {
			struct ea_range o = { v[i].r.first,
					      v[i].r.last < v[reach].r.last
						  ? v[i].r.last
						  : v[reach].r.last };
			struct ea_finding *f = ea_finding_add(
			    a, "efi_map_overlap", EA_SEV_ERROR, &o,
			    "EFI memory map descriptors " R " (%s) and " R
			    " (%s) overlap",
			    v[reach].r.first, v[reach].r.last,
			    ea_efi_type_name(v[reach].type), v[i].r.first,
			    v[i].r.last, ea_efi_type_name(v[i].type));
			ea_finding_evid(f, v[reach].ev);
			ea_finding_evid(f, v[i].ev);
		}
		if (v[i].r.last > v[reach].r.last)
			reach = i;
	}
	free(v);
}

static void check_efi_map_unsorted(struct ea_audit *a)
{
	const struct ea_efi_desc *v = a->dmesg.efi_map.v;
	size_t n = a->dmesg.efi_map.n, count = 0, first = 0;
	for (size_t i = 1; i < n; i++)
		if (v[i].r.first < v[i - 1].r.first && !count++)
			first = i;
	if (!count)
		return;
	struct ea_finding *f = ea_finding_add(
	    a, "efi_map_unsorted", EA_SEV_INFO, NULL,
	    "the EFI memory map is not sorted by address (%zu descriptor%s "
	    "start below the one before; first: " R " after " R ")",
	    count, count == 1 ? "" : "s", v[first].r.first, v[first].r.last,
	    v[first - 1].r.first, v[first - 1].r.last);
	ea_finding_evid(f, v[first - 1].ev);
	ea_finding_evid(f, v[first].ev);
}

static void check_efi_map_misaligned(struct ea_audit *a)
{
	for (size_t i = 0; i < a->dmesg.efi_map.n; i++) {
		const struct ea_efi_desc *d = &a->dmesg.efi_map.v[i];
		if ((d->r.first & 0xfff) == 0 && (d->r.last & 0xfff) == 0xfff)
			continue;
		struct ea_finding *f = ea_finding_add(
		    a, "efi_map_misaligned", EA_SEV_WARNING, &d->r,
		    "EFI descriptor " R " (%s) is not 4 KiB aligned",
		    d->r.first, d->r.last, ea_efi_type_name(d->type));
		ea_finding_evid(f, d->ev);
	}
}

static void check_post_kexec_corruption(struct ea_audit *a)
{
	struct ea_finding *garbage = NULL;
	for (size_t i = 0; i < a->dmesg.symptoms.n; i++) {
		const struct ea_symptom *s = &a->dmesg.symptoms.v[i];
		struct ea_finding *f = NULL;
		const struct ea_range *r = s->has_range ? &s->r : NULL;
		switch (s->kind) {
		case EA_SYM_EXPECTED_RANGE_NOT_FOUND:
			f = ea_finding_add(
			    a, "post_kexec_corruption", EA_SEV_CRITICAL, r,
			    "the GICv3 driver expected an LPI table range "
			    "to be reserved and it was not: the table the "
			    "hardware still uses may have been overwritten "
			    "by a kexec load");
			break;
		case EA_SYM_LPIS_ENABLED_CORRUPTED:
			f = ea_finding_add(
			    a, "post_kexec_corruption", EA_SEV_CRITICAL, r,
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
			    a, "post_kexec_corruption", EA_SEV_CRITICAL, NULL,
			    "memblock=debug shows impossible reservations "
			    "made while walking the MEMRESERVE chain "
			    "(efi_config_parse_tables): the chain was "
			    "overwritten before this boot");
			break;
		case EA_SYM_MEMRESERVE_UNMAPPABLE:
			f = ea_finding_add(
			    a, "post_kexec_corruption", EA_SEV_CRITICAL, r,
			    "the kernel could not map a MEMRESERVE chain "
			    "entry: the chain points at memory it should "
			    "not (corrupt or outside the linear map)");
			break;
		case EA_SYM_ESRT_CORRUPTED:
			f = ea_finding_add(
			    a, "post_kexec_corruption", EA_SEV_WARNING, r,
			    "the ESRT read by this kernel is garbage: the "
			    "table was overwritten, as by a kexec load "
			    "before this boot");
			break;
		}
		if (f)
			ea_finding_evid(f, s->ev);
	}
}

static void check_protected_in_crash_kernel(struct ea_audit *a)
{
	struct ea_rangeset ck;
	ea_rangeset_init(&ck);
	struct ea_evid ev = { 0 };
	if (a->dmesg.has_crashkernel) {
		ea_rangeset_add(&ck, a->dmesg.crashkernel);
		ev = a->dmesg.crashkernel_ev;
	}
	if (a->in[EA_IN_IOMEM].status == EA_IN_OK)
		for (size_t i = 0; i < a->iomem.res.n; i++)
			if (ea_iomem_name_is(&a->iomem.res.v[i],
					     "Crash kernel")) {
				ea_rangeset_add(&ck, a->iomem.res.v[i].r);
				ev = a->iomem.res.v[i].ev;
			}
	ea_rangeset_normalize(&ck);
	for (size_t i = 0; i < a->prot.n && ck.n; i++) {
		const struct ea_protected *p = &a->prot.v[i];
		if (ea_rangeset_first_overlap(&ck, p->r) < 0)
			continue;
		struct ea_finding *f = ea_finding_add(
		    a, "protected_range_in_crash_kernel", EA_SEV_WARNING, &p->r,
		    "%s " R " lies in the crash kernel region: a kdump "
		    "image load (kexec -p) places its segments there",
		    p->name, p->r.first, p->r.last);
		for (size_t k = 0; k < p->ev.n; k++)
			ea_finding_evid(f, p->ev.v[k]);
		ea_finding_evid(f, ev);
	}
	ea_rangeset_free(&ck);
}

static bool input_needed(const struct ea_audit *a, int id)
{
	switch (id) {
	case EA_IN_DMESG:
	case EA_IN_IOMEM:
		return true;
	case EA_IN_MB_MEMORY:
	case EA_IN_MB_RESERVED:
		return a->arch != EA_ARCH_X86_64;
	default:
		return false;
	}
}

static void check_input_unusable(struct ea_audit *a)
{
	for (int i = 0; i < EA_NINPUTS; i++) {
		const struct ea_input *in = &a->in[i];
		if (in->status == EA_IN_OK || !input_needed(a, i))
			continue;
		ea_finding_add(a, "input_unusable", EA_SEV_WARNING, NULL,
			       "input %s is %s: %s", in->name,
			       ea_input_status_name(in->status),
			       in->detail ? in->detail
					  : "not found or not given");
	}
}

static void check_input_line_unreadable(struct ea_audit *a)
{
	for (size_t i = 0; i < a->diags.n; i++) {
		const struct ea_diag *d = &a->diags.v[i];
		const char *name = d->ev.in ? d->ev.in->name : "input";
		const char *path =
		    d->ev.in && d->ev.in->path ? d->ev.in->path : name;
		struct ea_finding *f;
		if (d->ev.line)
			f = ea_finding_add(a, "input_line_unreadable",
					   EA_SEV_ERROR, NULL, "%s:%u: %s",
					   path, d->ev.line, d->msg);
		else
			f = ea_finding_add(a, "input_line_unreadable",
					   EA_SEV_ERROR, NULL, "%s: %s", path,
					   d->msg);
		if (d->ev.line)
			ea_finding_evid(f, d->ev);
	}
}

static void check_dmesg_not_from_boot(struct ea_audit *a)
{
	if (a->in[EA_IN_DMESG].status != EA_IN_OK || a->dmesg.starts_at_boot)
		return;
	ea_finding_add(a, "dmesg_not_from_boot", EA_SEV_WARNING, NULL,
		       "the kernel log has no \"Linux version\" line: it does "
		       "not reach back to boot (ring buffer wrapped, or a "
		       "fragment), so ACPI, EFI and LPI lines may be missing");
}

static void check_memreserve_chain(struct ea_audit *a, bool corrupt)
{
	if (!a->has_memreserve || a->memreserve.complete)
		return;
	/* A walk that started and stopped on bad content is corruption; one
	 * that had no bytes to read is only unseen. */
	bool is_corrupt = a->memreserve.loops ||
			  (a->memreserve.why &&
			   strstr(a->memreserve.why, "unreadable") == NULL &&
			   strstr(a->memreserve.why, "not in any") == NULL &&
			   strstr(a->memreserve.why, "no physical") == NULL &&
			   strstr(a->memreserve.why, "4.20") == NULL);
	if (is_corrupt != corrupt)
		return;
	struct ea_finding *f;
	if (corrupt)
		f = ea_finding_add(
		    a, "memreserve_chain_corrupt", EA_SEV_ERROR, NULL,
		    "the MEMRESERVE chain at 0x%016" PRIx64 " is corrupt: %s",
		    a->memreserve_root, a->memreserve.why);
	else
		f = ea_finding_add(
		    a, "memreserve_chain_unread", EA_SEV_WARNING, NULL,
		    "the MEMRESERVE chain at 0x%016" PRIx64
		    " could not be read (%s): its list pages and entries "
		    "are not known, only the root",
		    a->memreserve_root,
		    a->memreserve.why ? a->memreserve.why : "unknown");
	ea_finding_evid(f, a->memreserve_ev);
}

static void check_memreserve_unread(struct ea_audit *a)
{
	check_memreserve_chain(a, false);
}

static void check_memreserve_corrupt(struct ea_audit *a)
{
	check_memreserve_chain(a, true);
}

static void check_its_tables(struct ea_audit *a)
{
	for (size_t i = 0; i < a->dmesg.its.n; i++) {
		const struct ea_its_table *t = &a->dmesg.its.v[i];
		struct ea_finding *f = ea_finding_add(
		    a, "its_table_reported", EA_SEV_INFO, NULL,
		    "ITS@0x%016" PRIx64 " %s table at 0x%016" PRIx64
		    ": not protected across kexec (the next kernel resets "
		    "the ITS and allocates its own), listed for reference",
		    t->its_base, t->type, t->addr);
		ea_finding_evid(f, t->ev);
	}
}

static void check_arch_unknown(struct ea_audit *a)
{
	if (a->arch != EA_ARCH_UNKNOWN)
		return;
	ea_finding_add(a, "arch_unknown", EA_SEV_WARNING, NULL,
		       "the architecture could not be told from the inputs "
		       "(no kernel version, EFI map or telling log line); "
		       "give --arch arm64 or --arch x86_64");
}

const struct ea_check ea_checks[] = {
	{ "critical_range_escapes",
	  "a critical range (ACPI table, LPI table, MEMRESERVE node or entry, "
	  "EFI memory map) lies in memory a loader may use",
	  check_critical_range_escapes },
	{ "config_table_escapes",
	  "an EFI configuration table the kernel keeps for later (ESRT, "
	  "MEMATTR, "
	  "TPM logs, MOKvar, ...) lies in memory a loader may use",
	  check_config_table_escapes },
	{ "loader_views_disagree",
	  "one loader protects a range and the other does not",
	  check_loader_views_disagree },
	{ "acpi_table_in_usable_memory",
	  "an ACPI table lies in EFI Conventional, Boot or Loader memory",
	  check_acpi_in_usable },
	{ "acpi_table_outside_efi_map",
	  "an ACPI table lies in no EFI memory map descriptor",
	  check_acpi_outside },
	{ "acpi_table_straddles_descriptors",
	  "an ACPI table runs past the end of its EFI descriptor",
	  check_acpi_straddles },
	{ "acpi_table_bad_length",
	  "an ACPI table line has address 0, length 0, or an impossible length",
	  check_acpi_bad_length },
	{ "acpi_table_virtual_address",
	  "an ACPI table was printed with a kernel virtual address",
	  check_acpi_virtual },
	{ "efi_map_overlap", "EFI memory map descriptors overlap",
	  check_efi_map_overlap },
	{ "efi_map_unsorted", "the EFI memory map is not sorted by address",
	  check_efi_map_unsorted },
	{ "efi_map_misaligned", "an EFI descriptor is not 4 KiB aligned",
	  check_efi_map_misaligned },
	{ "post_kexec_corruption",
	  "the log shows memory overwritten by an earlier kexec",
	  check_post_kexec_corruption },
	{ "protected_range_in_crash_kernel",
	  "a protected range lies in the crash kernel region",
	  check_protected_in_crash_kernel },
	{ "memreserve_chain_unread",
	  "the MEMRESERVE chain could not be read beyond its root",
	  check_memreserve_unread },
	{ "memreserve_chain_corrupt",
	  "the MEMRESERVE chain loops or holds impossible values",
	  check_memreserve_corrupt },
	{ "its_table_reported", "an ITS table, listed for reference",
	  check_its_tables },
	{ "input_unusable", "an input the audit needs is absent or unusable",
	  check_input_unusable },
	{ "input_line_unreadable",
	  "a line of an input was recognised but could not be read",
	  check_input_line_unreadable },
	{ "dmesg_not_from_boot", "the kernel log does not reach back to boot",
	  check_dmesg_not_from_boot },
	{ "arch_unknown", "the architecture could not be told from the inputs",
	  check_arch_unknown },
};

const size_t ea_nchecks = sizeof(ea_checks) / sizeof(ea_checks[0]);
