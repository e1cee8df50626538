/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The decisions: which ranges must survive a kexec, what each loader would
 * treat as free, and the answer for each pair. Loader rules, with versions
 * and sources: shared reference kernel-formats.md §8 (kexec_file_load) and
 * kexec-tools-placement.md §3, §6 (kexec_load); bug-class.md §1 for who
 * protects what.
 */
#include "audit.h"
#include "model/knowledge.h"
#include "read/kexeclog.h"
#include "whatif/placement.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SZ_64K 0x10000ULL

static const char *const input_names[EA_NINPUTS] = {
	[EA_IN_DMESG] = "dmesg",
	[EA_IN_IOMEM] = "iomem",
	[EA_IN_MB_MEMORY] = "memblock_memory",
	[EA_IN_MB_RESERVED] = "memblock_reserved",
	[EA_IN_VERSION] = "version",
	[EA_IN_CMDLINE] = "cmdline",
	[EA_IN_FW_MEMMAP] = "firmware_memmap",
	[EA_IN_MEM] = "mem",
	[EA_IN_FDT] = "fdt",
	[EA_IN_SYSTAB_FILE] = "systab",
	[EA_IN_ACPI_SYSFS] = "acpi_tables",
	[EA_IN_RUNTIME_MAP] = "efi_runtime_map",
	[EA_IN_ACPIDUMP] = "acpidump",
	[EA_IN_KEXEC_LOG] = "kexec_log",
	[EA_IN_KCONFIG] = "kconfig",
	[EA_IN_L_FDT] = "fdt_decoded",
	[EA_IN_L_EFI_MAP] = "efi_map_decoded",
	[EA_IN_L_SYSTAB] = "efi_systab_decoded",
	[EA_IN_L_ACPI_MEM] = "acpi_mem_decoded",
	[EA_IN_L_ACPI_SYSFS] = "acpi_sysfs_decoded",
};

void ea_audit_init(struct ea_audit *a)
{
	memset(a, 0, sizeof(*a));
	for (int i = 0; i < EA_NINPUTS; i++) {
		a->in[i].name = input_names[i];
		a->in[i].status = EA_IN_ABSENT;
	}
	ea_rangeset_init(&a->system_ram);
	ea_rangeset_init(&a->mb_reserved_set);
	for (int l = 0; l < EA_NLOADERS; l++)
		ea_rangeset_init(&a->view[l].free);
}

static struct ea_finding *finding_vadd(struct ea_audit *a,
				       const struct ea_check *ck,
				       enum ea_severity sev,
				       const struct ea_range *r, const char *f,
				       va_list ap)
{
	struct ea_finding *x = EA_VEC_PUSH(a->findings);
	x->check = ck;
	x->sev = sev;
	if (r) {
		x->has_range = true;
		x->r = *r;
	}
	x->message = ea_xvasprintf(f, ap);
	return x;
}

struct ea_finding *ea_finding_add(struct ea_audit *a, const struct ea_check *ck,
				  const struct ea_range *r, const char *f, ...)
{
	va_list ap;
	va_start(ap, f);
	struct ea_finding *x = finding_vadd(a, ck, ck->sev, r, f, ap);
	va_end(ap);
	return x;
}

struct ea_finding *ea_finding_add_sev(struct ea_audit *a,
				      const struct ea_check *ck,
				      enum ea_severity sev,
				      const struct ea_range *r, const char *f,
				      ...)
{
	va_list ap;
	va_start(ap, f);
	struct ea_finding *x = finding_vadd(a, ck, sev, r, f, ap);
	va_end(ap);
	return x;
}

void ea_finding_evid(struct ea_finding *f, struct ea_evid ev)
{
	if (!ev.in)
		return;
	*EA_VEC_PUSH(f->ev) = ev;
}

/* A protected range is made per MEMRESERVE entry and ACPI table: a million
 * of them are 168 MB */
_Static_assert(sizeof(struct ea_answer_detail) <= 48, "answer grew");
_Static_assert(sizeof(struct ea_protected) <= 168, "protected range grew");

/* ---- parsing ---------------------------------------------------------- */

static void parse_inputs(struct ea_audit *a)
{
	struct ea_input *in;

	/* Each text input is read through once, here; after that only
	 * evidence lines are looked at again, so a mapped input's pages are
	 * let go as soon as its parsers are done (a large log or iomem is
	 * then never all held at once). */
	in = &a->in[EA_IN_DMESG];
	a->kexeclog_dmesg = ea_xcalloc(1, sizeof(*a->kexeclog_dmesg));
	if (in->status == EA_IN_OK) {
		ea_dmesg_parse(in, &a->dmesg, &a->diags);
		if (in->len == 0)
			ea_input_set_status(in, EA_IN_MALFORMED, "empty file");
		else if (a->dmesg.lines == 0)
			ea_input_set_status(in, EA_IN_MALFORMED,
					    "no line could be read");
		/* what a loaded image's segments say (proof mode); a log
		 * without a line of a load is not read again */
		if (in->status == EA_IN_OK && a->dmesg.kexec_lines)
			ea_kexeclog_parse(in, a->kexeclog_dmesg, NULL);
	}
	ea_input_release_pages(in);
	in = &a->in[EA_IN_KEXEC_LOG];
	a->kexeclog = ea_xcalloc(1, sizeof(*a->kexeclog));
	if (in->status == EA_IN_OK)
		ea_kexeclog_parse(in, a->kexeclog, &a->diags);
	ea_input_release_pages(in);

	in = &a->in[EA_IN_KCONFIG];
	ea_kconfig_inflate(in);
	ea_kconfig_parse(in, &a->kconfig, &a->diags);
	if (in->status == EA_IN_OK && !a->kconfig.known)
		ea_input_set_status(in, EA_IN_MALFORMED,
				    "no CONFIG_ line: not a kernel "
				    "configuration");

	in = &a->in[EA_IN_IOMEM];
	if (in->status == EA_IN_OK) {
		if (!ea_iomem_parse(in, &a->iomem, &a->diags))
			ea_input_set_status(
			    in, EA_IN_MALFORMED,
			    "no /proc/iomem line could be read");
		else if (a->iomem.zeroed)
			ea_input_set_status(
			    in, EA_IN_ZEROED,
			    "every address is 0: the file was read without "
			    "CAP_SYS_ADMIN (run as root); it carries no "
			    "addresses");
	}
	ea_input_release_pages(in);

	struct {
		int id;
		struct ea_memblock *mb;
	} mbs[] = { { EA_IN_MB_MEMORY, &a->mb_memory },
		    { EA_IN_MB_RESERVED, &a->mb_reserved } };
	for (size_t i = 0; i < 2; i++) {
		in = &a->in[mbs[i].id];
		if (in->status != EA_IN_OK)
			continue;
		if (!ea_memblock_parse(in, mbs[i].mb, &a->diags)) {
			if (in->len == 0)
				ea_input_set_status(
				    in, EA_IN_ABSENT,
				    "empty file: this kernel exports no "
				    "memblock regions");
			else
				ea_input_set_status(
				    in, EA_IN_MALFORMED,
				    "no memblock region line could be read");
		}
		ea_input_release_pages(in);
	}

	if (a->in[EA_IN_MB_RESERVED].status == EA_IN_OK) {
		const struct ea_memblock *m = &a->mb_reserved;
		ea_rangeset_reserve(&a->mb_reserved_set, m->regions.n);
		for (size_t i = 0; i < m->regions.n; i++)
			ea_rangeset_add(&a->mb_reserved_set, m->regions.v[i].r);
		ea_rangeset_normalize(&a->mb_reserved_set);
	}

	in = &a->in[EA_IN_VERSION];
	if (in->status == EA_IN_OK) {
		char *rel = ea_version_release(in);
		if (rel) {
			a->kernel = rel;
		} else {
			ea_input_set_status(in, EA_IN_MALFORMED,
					    "no \"Linux version\" text");
		}
	}
	if (!a->kernel && a->dmesg.kernel_version)
		a->kernel = ea_xstrdup(a->dmesg.kernel_version);
	if (a->kernel)
		a->kversion_known = ea_release_numbers(a->kernel, &a->kmajor,
						       &a->kminor, &a->kpatch);
}

static bool contains_word(const char *s, const char *w)
{
	return s && strstr(s, w) != NULL;
}

static void detect_arch(struct ea_audit *a)
{
	if (a->opt.arch != EA_ARCH_UNKNOWN) {
		a->arch = a->opt.arch;
		a->arch_source = "--arch";
		return;
	}
	const char *k = a->kernel;
	const char *banner = a->dmesg.kernel_banner;
	if (contains_word(k, "arm64") || contains_word(k, "aarch64") ||
	    contains_word(banner, "aarch64")) {
		a->arch = EA_ARCH_ARM64;
		a->arch_source = "kernel release";
		return;
	}
	if (contains_word(k, "amd64") || contains_word(k, "x86_64") ||
	    contains_word(banner, "x86_64")) {
		a->arch = EA_ARCH_X86_64;
		a->arch_source = "kernel release";
		return;
	}
	if (a->dmesg.map_form == EA_EFI_MAP_ARM) {
		a->arch = EA_ARCH_ARM64;
		a->arch_source = "EFI memory map form";
		return;
	}
	if (a->dmesg.map_form == EA_EFI_MAP_X86) {
		a->arch = EA_ARCH_X86_64;
		a->arch_source = "EFI memory map form";
		return;
	}
	if (a->dmesg.arm64_hints > a->dmesg.x86_hints) {
		a->arch = EA_ARCH_ARM64;
		a->arch_source = "kernel log lines";
		return;
	}
	if (a->dmesg.x86_hints > a->dmesg.arm64_hints) {
		a->arch = EA_ARCH_X86_64;
		a->arch_source = "kernel log lines";
		return;
	}
	/* Only the arm/arm64/riscv EFI stub installs a MEMRESERVE table
	 * (install_memreserve_table()); x86 kernels only parse one. */
	for (size_t i = 0; i < a->dmesg.cfg.n; i++) {
		if (strcmp(a->dmesg.cfg.v[i].name, "MEMRESERVE") == 0) {
			a->arch = EA_ARCH_ARM64;
			a->arch_source = "MEMRESERVE configuration table";
			return;
		}
	}
	/* iomem names only x86 creates (arch/x86/kernel/setup.c, e820.c);
	 * arm64 names "Kernel code" and "Kernel data" but no bss/rodata */
	bool kcode = false;
	for (size_t i = 0; i < a->iomem.res.n; i++) {
		const struct ea_iomem_res *r = &a->iomem.res.v[i];
		if (ea_iomem_is(r, EA_IOMEM_KERNEL_BSS) ||
		    ea_iomem_is(r, EA_IOMEM_KERNEL_RODATA) ||
		    ea_iomem_is(r, EA_IOMEM_ACPI_TABLES) ||
		    ea_iomem_is(r, EA_IOMEM_SYSTEM_ROM)) {
			a->arch = EA_ARCH_X86_64;
			a->arch_source = "/proc/iomem names";
			return;
		}
		kcode |= ea_iomem_is(r, EA_IOMEM_KERNEL_CODE);
	}
	if (kcode) {
		a->arch = EA_ARCH_ARM64;
		a->arch_source = "/proc/iomem names";
		return;
	}
	a->arch = EA_ARCH_UNKNOWN;
	a->arch_source = "not recognised";
}

/* ---- loader views ----------------------------------------------------- */

static int src_cmp(const void *x, const void *y)
{
	const struct ea_view_src *p = x, *q = y;
	return ea_range_cmp(&p->r, &q->r);
}

static void view_src_add(struct ea_view *v, struct ea_range r,
			 struct ea_evid ev)
{
	struct ea_view_src *s = EA_VEC_PUSH(v->src);
	s->r = r;
	s->ev = ev;
}

static void view_unknown(struct ea_view *v, char *reason)
{
	v->known = false;
	free(v->unknown_reason);
	v->unknown_reason = reason;
}

static const struct ea_view_src *view_src_at(const struct ea_view *v,
					     uint64_t addr)
{
	size_t lo = 0, hi = v->src.n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (v->src.v[mid].r.first <= addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	/* sources may nest (iomem); look back a few for one containing it */
	for (size_t k = lo, steps = 0; k > 0 && steps < 16; k--, steps++)
		if (v->src.v[k - 1].r.first <= addr &&
		    addr <= v->src.v[k - 1].r.last)
			return &v->src.v[k - 1];
	return NULL;
}

static const char *input_state(const struct ea_input *in)
{
	return in->detail ? in->detail : ea_input_status_name(in->status);
}

/* arm64 kexec_file_load: kexec_walk_memblock() →
 * for_each_free_mem_range(MEMBLOCK_NONE) = memblock.memory minus
 * memblock.reserved, NOMAP regions skipped (should_skip_region()). */
static void view_memblock(struct ea_audit *a, struct ea_view *v)
{
	const struct ea_input *mi = &a->in[EA_IN_MB_MEMORY];
	const struct ea_input *ri = &a->in[EA_IN_MB_RESERVED];
	if (mi->status != EA_IN_OK || ri->status != EA_IN_OK) {
		view_unknown(
		    v, ea_xasprintf("memblock debugfs unavailable: memory: "
				    "%s; reserved: %s",
				    input_state(mi), input_state(ri)));
		return;
	}
	struct ea_rangeset mem, nomap_ok, tmp;
	ea_rangeset_init(&mem);
	for (size_t i = 0; i < a->mb_memory.regions.n; i++) {
		const struct ea_mb_region *r = &a->mb_memory.regions.v[i];
		view_src_add(v, r->r, r->ev);
		if (a->mb_memory.has_flags &&
		    (r->flag == EA_MB_NOMAP || r->flag == EA_MB_DRV_MNG))
			continue;
		ea_rangeset_add(&mem, r->r);
	}
	ea_rangeset_normalize(&mem);

	const char *nomap_rule = "NOMAP flags from memblock debugfs";
	if (!a->mb_memory.has_flags) {
		/* ≤ 6.4 prints no flags. arm64 request_standard_resources()
		 * makes "System RAM" of exactly the non-NOMAP regions, so
		 * /proc/iomem tells them apart; else the EFI map does
		 * (is_usable_memory() in efi-init.c reserve_regions()). */
		ea_rangeset_init(&nomap_ok);
		if (a->in[EA_IN_IOMEM].status == EA_IN_OK && a->system_ram.n) {
			for (size_t i = 0; i < a->system_ram.n; i++)
				ea_rangeset_add(&nomap_ok, a->system_ram.v[i]);
			nomap_rule = "NOMAP regions = memblock.memory outside "
				     "/proc/iomem System RAM (debugfs of this "
				     "kernel prints no flags)";
		} else if (a->dmesg.efi_map.n) {
			for (size_t i = 0; i < a->dmesg.efi_map.n; i++) {
				const struct ea_efi_desc *d =
				    &a->dmesg.efi_map.v[i];
				bool usable = (d->type == EA_EFI_LOADER_CODE ||
					       d->type == EA_EFI_LOADER_DATA ||
					       d->type == EA_EFI_ACPI_RECLAIM ||
					       d->type == EA_EFI_BOOT_CODE ||
					       d->type == EA_EFI_BOOT_DATA ||
					       d->type == EA_EFI_CONVENTIONAL ||
					       d->type == EA_EFI_PERSISTENT) &&
					      (d->attr & EA_EFI_MEMORY_WB);
				if (usable)
					ea_rangeset_add(&nomap_ok, d->r);
			}
			nomap_rule = "NOMAP regions = memblock.memory outside "
				     "usable EFI map types (debugfs of this "
				     "kernel prints no flags)";
		} else {
			ea_rangeset_free(&mem);
			view_unknown(
			    v, ea_xstrdup("memblock debugfs of this kernel "
					  "prints no NOMAP flags, and neither "
					  "/proc/iomem nor the EFI memory map "
					  "is there to tell NOMAP regions "
					  "apart"));
			return;
		}
		ea_rangeset_normalize(&nomap_ok);
		ea_rangeset_intersect(&mem, &nomap_ok, &tmp);
		ea_rangeset_free(&mem);
		ea_rangeset_free(&nomap_ok);
		mem = tmp;
	}
	ea_rangeset_subtract(&mem, &a->mb_reserved_set, &v->free);
	ea_rangeset_free(&mem);
	v->known = true;
	v->model =
	    ea_xasprintf("memblock.memory minus memblock.reserved, NOMAP "
			 "regions never candidates (kexec_walk_memblock, "
			 "for_each_free_mem_range); %s",
			 nomap_rule);
}

/* x86 kexec_file_load: kexec_walk_resources() → walk_system_ram_res(): every
 * System RAM resource whole; children are not carved out. */
static void view_resources(struct ea_audit *a, struct ea_view *v)
{
	const struct ea_input *in = &a->in[EA_IN_IOMEM];
	if (in->status != EA_IN_OK) {
		view_unknown(v, ea_xasprintf("/proc/iomem unusable: %s",
					     input_state(in)));
		return;
	}
	for (size_t i = 0; i < a->iomem.res.n; i++) {
		const struct ea_iomem_res *r = &a->iomem.res.v[i];
		if (r->depth == 0 && ea_iomem_is(r, EA_IOMEM_SYSTEM_RAM))
			view_src_add(v, r->r, ea_iomem_evid(&a->iomem, r));
	}
	for (size_t i = 0; i < a->system_ram.n; i++)
		ea_rangeset_add(&v->free, a->system_ram.v[i]);
	ea_rangeset_normalize(&v->free);
	v->known = true;
	v->model = ea_xstrdup(
	    "every top-level System RAM resource of /proc/iomem whole, "
	    "children not carved out (kexec_walk_resources, "
	    "walk_system_ram_res)");
}

static bool kept_by_kexec_tools(const struct ea_iomem_res *r)
{
	/* kexec/arch/arm64/kexec-arm64.c to_be_excluded() (≥ 2.0.21) */
	return ea_iomem_is(r, EA_IOMEM_SYSTEM_RAM) ||
	       ea_iomem_is(r, EA_IOMEM_KERNEL_CODE) ||
	       ea_iomem_is(r, EA_IOMEM_KERNEL_DATA) ||
	       ea_iomem_is(r, EA_IOMEM_CRASH_KERNEL);
}

/* arm64 kexec-tools ≥ 2.0.21 (f736104): System RAM lines minus every line
 * overlapping the last System RAM line that is not kept. */
static void view_kexec_tools_arm64(struct ea_audit *a, struct ea_view *v)
{
	const struct ea_input *in = &a->in[EA_IN_IOMEM];
	if (in->status != EA_IN_OK) {
		view_unknown(v, ea_xasprintf("/proc/iomem unusable: %s",
					     input_state(in)));
		return;
	}
	struct ea_rangeset ram, excl;
	ea_rangeset_init(&ram);
	ea_rangeset_init(&excl);
	ea_rangeset_reserve(&excl, a->iomem.res.n);
	bool have_last = false;
	struct ea_range last = { 0, 0 };
	for (size_t i = 0; i < a->iomem.res.n; i++) {
		const struct ea_iomem_res *r = &a->iomem.res.v[i];
		if (ea_iomem_is(r, EA_IOMEM_SYSTEM_RAM)) {
			ea_rangeset_add(&ram, r->r);
			view_src_add(v, r->r, ea_iomem_evid(&a->iomem, r));
			last = r->r;
			have_last = true;
			continue;
		}
		if (kept_by_kexec_tools(r) || !have_last ||
		    !ea_range_overlaps(last, r->r))
			continue;
		ea_rangeset_add(&excl, r->r);
	}
	ea_rangeset_normalize(&ram);
	ea_rangeset_normalize(&excl);
	ea_rangeset_subtract(&ram, &excl, &v->free);
	ea_rangeset_free(&ram);
	ea_rangeset_free(&excl);
	v->known = true;
	v->model = ea_xstrdup(
	    "/proc/iomem System RAM minus every line inside it except "
	    "Kernel code, Kernel data and Crash kernel (kexec-tools >= "
	    "2.0.21 on arm64, f736104; 2.0.20 and older subtract nothing)");
}

/* x86 kexec-tools: /sys/firmware/memmap System RAM entries (no subtraction),
 * else the /proc/iomem fallback (any depth, no subtraction). */
static void view_kexec_tools_x86(struct ea_audit *a, struct ea_view *v)
{
	if (a->in[EA_IN_FW_MEMMAP].status == EA_IN_OK &&
	    a->fw_memmap.entries.n) {
		for (size_t i = 0; i < a->fw_memmap.entries.n; i++) {
			const struct ea_fw_memmap_entry *e =
			    &a->fw_memmap.entries.v[i];
			if (strcmp(e->type, "System RAM") != 0)
				continue;
			ea_rangeset_add(&v->free, e->r);
			view_src_add(v, e->r, e->ev);
		}
		ea_rangeset_normalize(&v->free);
		v->known = true;
		v->model = ea_xstrdup(
		    "/sys/firmware/memmap System RAM entries, nothing "
		    "subtracted (kexec-tools on x86, "
		    "kexec-x86-common.c get_memory_ranges)");
		return;
	}
	const struct ea_input *in = &a->in[EA_IN_IOMEM];
	if (in->status != EA_IN_OK) {
		view_unknown(
		    v, ea_xasprintf("/sys/firmware/memmap and /proc/iomem "
				    "both unusable: %s; %s",
				    input_state(&a->in[EA_IN_FW_MEMMAP]),
				    input_state(in)));
		return;
	}
	for (size_t i = 0; i < a->iomem.res.n; i++) {
		const struct ea_iomem_res *r = &a->iomem.res.v[i];
		if (!ea_iomem_is(r, EA_IOMEM_SYSTEM_RAM))
			continue;
		ea_rangeset_add(&v->free, r->r);
		view_src_add(v, r->r, ea_iomem_evid(&a->iomem, r));
	}
	ea_rangeset_normalize(&v->free);
	v->known = true;
	v->model = ea_xstrdup(
	    "/proc/iomem System RAM lines, nothing subtracted (kexec-tools "
	    "on x86 falls back to /proc/iomem when /sys/firmware/memmap "
	    "is absent; it was not in the inputs)");
}

/* Both loaders place page-aligned segments of whole pages
 * (kexec_add_buffer() and kexec-tools' locate_hole() round to the page
 * size), so only the whole 4 KiB pages of a free range can be written; 4 KiB
 * is the smallest page size, which makes the view the largest it can be. */
static void page_trim(struct ea_rangeset *s)
{
	size_t w = 0;
	for (size_t i = 0; i < s->n; i++) {
		uint64_t first = s->v[i].first, end = s->v[i].last;
		if (first & 0xfff) {
			if (first > UINT64_MAX - 0xfff)
				continue;
			first = (first | 0xfff) + 1;
		}
		if ((end & 0xfff) != 0xfff) {
			if (end < 0xfff)
				continue;
			end = (end & ~0xfffULL) - 1;
		}
		struct ea_range r;
		if (end != UINT64_MAX && end + 1 == first)
			continue;
		if (ea_range_make(first, end, &r))
			s->v[w++] = r;
	}
	s->n = w;
}

static void build_views(struct ea_audit *a)
{
	if (a->in[EA_IN_IOMEM].status == EA_IN_OK) {
		for (size_t i = 0; i < a->iomem.res.n; i++) {
			const struct ea_iomem_res *r = &a->iomem.res.v[i];
			if (r->depth == 0 &&
			    ea_iomem_is(r, EA_IOMEM_SYSTEM_RAM))
				ea_rangeset_add(&a->system_ram, r->r);
		}
		ea_rangeset_normalize(&a->system_ram);
	}
	struct ea_view *kf = &a->view[EA_KEXEC_FILE];
	struct ea_view *kl = &a->view[EA_KEXEC_LOAD];
	switch (a->arch) {
	case EA_ARCH_ARM64:
		view_memblock(a, kf);
		view_kexec_tools_arm64(a, kl);
		break;
	case EA_ARCH_X86_64:
		/* Only TDX-host kernels keep memblock on x86 (≥ ~6.8), and
		 * only they have memblock debugfs data to show. */
		if (a->in[EA_IN_MB_MEMORY].status == EA_IN_OK &&
		    a->mb_memory.regions.n)
			view_memblock(a, kf);
		else
			view_resources(a, kf);
		view_kexec_tools_x86(a, kl);
		break;
	default:
		view_unknown(kf, ea_xstrdup("architecture not recognised "
					    "from the inputs (use --arch)"));
		view_unknown(kl, ea_xstrdup("architecture not recognised "
					    "from the inputs (use --arch)"));
		break;
	}
	for (int l = 0; l < EA_NLOADERS; l++)
		page_trim(&a->view[l].free);
	for (int l = 0; l < EA_NLOADERS; l++)
		ea_sort(a->view[l].src.v, a->view[l].src.n,
			sizeof(*a->view[l].src.v), src_cmp);
}

/* ---- protected ranges ------------------------------------------------- */

/* "<pre><u>" or "<pre><u><mid>0x<x, 16 digits>" in the audit's strings,
 * without printf: the names and notes of a million chain entries. */
static const char *name_u_x(struct ea_audit *a, const char *pre, uint32_t u,
			    const char *mid, const uint64_t *x)
{
	char buf[160], dig[10];
	size_t n = 0, k = 0, l;

	l = strlen(pre);
	memcpy(buf, pre, l);
	n += l;
	do
		dig[k++] = (char)('0' + u % 10);
	while ((u /= 10) != 0);
	while (k)
		buf[n++] = dig[--k];
	l = strlen(mid);
	memcpy(buf + n, mid, l);
	n += l;
	if (x) {
		buf[n++] = '0';
		buf[n++] = 'x';
		for (int sh = 60; sh >= 0; sh -= 4)
			buf[n++] = "0123456789abcdef"[(*x >> sh) & 0xf];
	}
	return ea_strpool_mem(&a->strings, buf, n);
}

static struct ea_protected *prot_add(struct ea_audit *a, enum ea_kind kind,
				     enum ea_tier tier, struct ea_range r,
				     const char *name)
{
	struct ea_protected *p = EA_VEC_PUSH(a->prot);
	p->kind = kind;
	p->tier = tier;
	p->r = r;
	p->name = name;
	return p;
}

static void prot_evid(struct ea_protected *p, struct ea_evid ev)
{
	if (ev.in)
		*EA_VEC_PUSH(p->ev) = ev;
}

/* The first MEMRESERVE entry (by range) starting at addr, or NULL. */
static const struct ea_mr_entry *chain_entry_at(const struct ea_audit *a,
						uint64_t addr)
{
	const struct ea_mr_entry *v = a->memreserve.entries.v;
	size_t lo = 0, hi = a->memreserve.entries.n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (v[mid].r.first < addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < a->memreserve.entries.n && v[lo].r.first == addr ? &v[lo]
								     : NULL;
}

static void add_lpi_table(struct ea_audit *a, enum ea_kind kind, uint64_t addr,
			  const char *name, struct ea_evid ev, bool *entry_used)
{
	struct ea_range r;
	const struct ea_mr_entry *e = chain_entry_at(a, addr);
	const char *note;
	if (e) {
		r = e->r;
		entry_used[e - a->memreserve.entries.v] = true;
		note = name_u_x(a, "size from MEMRESERVE entry ", e->index,
				" of node ", &e->node);
	} else if (ea_range_from_size(addr, SZ_64K, &r)) {
		note = "size assumed: 64 KiB (LPI_PROPBASE_SZ/LPI_PENDBASE_SZ "
		       "on a fresh boot); the MEMRESERVE chain was not "
		       "read or has no entry at this address";
	} else {
		return;
	}
	struct ea_protected *p = prot_add(a, kind, EA_TIER_CRITICAL, r, name);
	p->note = note;
	prot_evid(p, ev);
}

struct cfg_rule {
	const char *name;
	const char *breaks;
};

/* Configuration tables the kernel keeps for later use (efi_mem_reserve()
 * or memblock_reserve() in drivers/firmware/efi/: esrt.c efi_esrt_init(),
 * memattr.c efi_memattr_init(), tpm.c efi_tpm_eventlog_init(), mokvar-table.c
 * efi_mokvar_table_init(), efi.c for the CoCo secret and unaccepted memory).
 * INITRD, RNG and RTPROP are consumed at boot and not protected. */
static const struct cfg_rule cfg_rules[] = {
	{ "ESRT", "capsule firmware updates and /sys/firmware/efi/esrt in the "
		  "next kernel (\"esrt: Unsupported ESRT version\")" },
	{ "MEMATTR", "the next kernel's EFI runtime memory permissions (EFI "
		     "Memory Attributes table)" },
	{ "TPMEventLog", "the TPM event log (measured boot) in the next "
			 "kernel" },
	{ "TPMFinalLog", "the TPM final event log (measured boot) in the next "
			 "kernel" },
	{ "MOKvar", "the MOK variables (Secure Boot machine-owner keys) in the "
		    "next kernel" },
	{ "CocoSecret", "the confidential-computing secret area in the next "
			"kernel" },
	{ "Unaccepted", "the unaccepted-memory table: the next kernel may use "
			"memory that was never accepted" },
};

static void add_config_tables(struct ea_audit *a)
{
	for (size_t i = 0; i < a->dmesg.cfg.n; i++) {
		const struct ea_cfg_table *c = &a->dmesg.cfg.v[i];
		const struct cfg_rule *rule = NULL;
		for (size_t k = 0; k < sizeof(cfg_rules) / sizeof(*cfg_rules);
		     k++)
			if (strcmp(c->name, cfg_rules[k].name) == 0)
				rule = &cfg_rules[k];
		if (!rule || c->unusable)
			continue;
		/* 0xffffffffffffffff: the kdump kernel's "no table" marker */
		if (c->addr == UINT64_MAX || c->addr == 0)
			continue;
		struct ea_range r;
		const char *note;
		if (strcmp(c->name, "ESRT") == 0 && a->dmesg.has_esrt_resv &&
		    a->dmesg.esrt_resv.first == c->addr) {
			r = a->dmesg.esrt_resv;
			note = "size from the \"esrt: Reserving ESRT space\" "
			       "line";
		} else if (ea_range_from_size(c->addr, 16, &r)) {
			note = "size not in the inputs: the table's 16-byte "
			       "header is checked";
		} else {
			continue;
		}
		struct ea_protected *p =
		    prot_add(a, EA_KIND_EFI_CONFIG_TABLE, EA_TIER_WARNING, r,
			     ea_strpool_fmt(&a->strings, "%s", c->name));
		p->note = note;
		p->breaks = rule->breaks;
		prot_evid(p, c->ev);
		if (strcmp(c->name, "ESRT") == 0 && a->dmesg.has_esrt_resv)
			prot_evid(p, a->dmesg.esrt_resv_ev);
	}
}

static bool is_virtual(uint64_t addr)
{
	return addr >= 0xffff000000000000ULL;
}

/* x86 "ACPI: Reserving SIG table memory at [mem ...]" lines by start
 * address (then line order), so that each table finds its own in log n. */
static int resv_cmp(const void *x, const void *y, void *ctx)
{
	const struct ea_acpi_resv *v = ctx;
	size_t i = *(const size_t *)x, j = *(const size_t *)y;
	if (v[i].r.first != v[j].r.first)
		return v[i].r.first < v[j].r.first ? -1 : 1;
	return (i > j) - (i < j);
}

static void acpi_resv_evid(const struct ea_dmesg *d, const size_t *order,
			   struct ea_protected *p, const char *sig)
{
	size_t lo = 0, hi = d->acpi_resv.n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (d->acpi_resv.v[order[mid]].r.first < p->r.first)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (; lo < d->acpi_resv.n &&
	       d->acpi_resv.v[order[lo]].r.first == p->r.first;
	     lo++)
		if (strncmp(d->acpi_resv.v[order[lo]].sig, sig, 4) == 0)
			prot_evid(p, d->acpi_resv.v[order[lo]].ev);
}

static void build_protected(struct ea_audit *a)
{
	const struct ea_dmesg *d = &a->dmesg;

	/* room for what the log and the chain name (the firmware's own
	 * structures add a few more, and memory's ACPI tables) */
	ea_vec_grow((void **)&a->prot.v, &a->prot.cap,
		    d->acpi.n + a->memreserve.nodes.n + 1 + d->lpi_pending.n +
			1 + a->memreserve.entries.n + d->cfg.n +
			a->acpi_mem.tables.n + 16,
		    sizeof(*a->prot.v));

	/* ACPI tables (duplicates are merged by dedupe_protected()) */
	size_t *resv_order = ea_xcalloc(d->acpi_resv.n + 1, sizeof(size_t));
	for (size_t k = 0; k < d->acpi_resv.n; k++)
		resv_order[k] = k;
	qsort_r(resv_order, d->acpi_resv.n, sizeof(*resv_order), resv_cmp,
		d->acpi_resv.v);
	for (size_t i = 0; i < d->acpi.n; i++) {
		const struct ea_acpi_table *t = &d->acpi.v[i];
		struct ea_range r;
		if (t->virt || is_virtual(t->addr) || t->addr == 0 ||
		    t->length == 0 || t->length > EA_ACPI_MAX_TABLE ||
		    !ea_range_from_size(t->addr, t->length, &r))
			continue; /* reported by the checks */
		struct ea_protected *p =
		    prot_add(a, EA_KIND_ACPI_TABLE, EA_TIER_CRITICAL, r,
			     ea_strpool_fmt(&a->strings, "ACPI %.4s", t->sig));
		prot_evid(p, t->ev);
		acpi_resv_evid(d, resv_order, p, t->sig);
	}
	free(resv_order);

	/* The MEMRESERVE chain: root and nodes (exact when mem/ has them) */
	bool *entry_used = ea_xcalloc(a->memreserve.entries.n + 1, 1);
	if (a->has_memreserve) {
		if (a->memreserve.nodes.n) {
			/* added in address order, like the entries: the
			 * sort of the ranges then has few runs to merge */
			uint32_t *order = ea_range_order(
			    a->memreserve.nodes.v, a->memreserve.nodes.n,
			    sizeof(struct ea_mr_node),
			    offsetof(struct ea_mr_node, r));
			for (size_t k = 0; k < a->memreserve.nodes.n; k++) {
				size_t i = order[k];
				const struct ea_mr_node *n =
				    &a->memreserve.nodes.v[i];
				struct ea_protected *p = prot_add(
				    a, EA_KIND_MEMRESERVE_NODE,
				    EA_TIER_CRITICAL, n->r,
				    i == 0 ? "MEMRESERVE root"
					   : ea_strpool_fmt(
						 &a->strings,
						 "MEMRESERVE node %zu", i));
				p->note = ea_strpool_fmt(
				    &a->strings,
				    "read from physical memory: size "
				    "%d, count %d, next 0x%016" PRIx64,
				    n->size, n->count, n->next);
				prot_evid(p, a->memreserve_ev);
			}
			free(order);
		} else {
			struct ea_range r;
			/* v4.20 wrote a 24-byte single-entry root */
			uint64_t sz = (a->kversion_known && a->kmajor == 4 &&
				       a->kminor == 20)
					  ? 24
					  : 16;
			if (ea_range_from_size(a->memreserve_root, sz, &r)) {
				struct ea_protected *p = prot_add(
				    a, EA_KIND_MEMRESERVE_NODE,
				    EA_TIER_CRITICAL, r, "MEMRESERVE root");
				p->note = ea_strpool_fmt(
				    &a->strings,
				    "size assumed: %" PRIu64 " bytes "
				    "(struct linux_efi_memreserve header); "
				    "the chain behind it was not read: %s",
				    sz,
				    a->memreserve.why
					? a->memreserve.why
					: "no physical memory source");
				prot_evid(p, a->memreserve_ev);
			}
		}
	}

	/* GICv3 LPI tables */
	if (d->has_lpi_prop)
		add_lpi_table(a, EA_KIND_LPI_PROPERTY_TABLE, d->lpi_prop,
			      "LPI property table", d->lpi_prop_ev, entry_used);
	for (size_t i = 0; i < d->lpi_pending.n; i++) {
		const struct ea_lpi_pending *lp = &d->lpi_pending.v[i];
		add_lpi_table(
		    a, EA_KIND_LPI_PENDING_TABLE, lp->addr,
		    name_u_x(a, "CPU", lp->cpu, " LPI pending table", NULL),
		    lp->ev, entry_used);
	}
	/* chain entries that no log line explains (inherited, or from CPUs
	 * whose lines were lost) */
	for (size_t i = 0; i < a->memreserve.entries.n; i++) {
		if (entry_used[i])
			continue;
		const struct ea_mr_entry *e = &a->memreserve.entries.v[i];
		struct ea_protected *p = prot_add(
		    a, EA_KIND_MEMRESERVE_ENTRY, EA_TIER_CRITICAL, e->r,
		    name_u_x(a, "MEMRESERVE entry ", e->index, " of node ",
			     &e->node));
		p->note = "read from physical memory";
		prot_evid(p, a->memreserve_ev);
	}
	free(entry_used);

	/* The EFI memory map buffer the next kernel is pointed at */
	if (d->has_mmap_addr && d->has_mmap_size && d->mmap_size) {
		struct ea_range r;
		if (ea_range_from_size(d->mmap_addr, d->mmap_size, &r)) {
			struct ea_protected *p =
			    prot_add(a, EA_KIND_EFI_MEMORY_MAP,
				     EA_TIER_CRITICAL, r, "EFI memory map");
			prot_evid(p, d->mmap_addr_ev);
			prot_evid(p, d->mmap_size_ev);
		}
	}

	add_config_tables(a);
	ea_firmware_protected(a);
}

static int prot_cmp(const void *x, const void *y)
{
	const struct ea_protected *p = x, *q = y;
	int c = ea_range_cmp(&p->r, &q->r);
	if (c)
		return c;
	if (p->kind != q->kind)
		return p->kind < q->kind ? -1 : 1;
	return strcmp(p->name, q->name);
}

static int prot_idx_cmp(uint32_t x, uint32_t y, const void *ctx)
{
	const struct ea_protected *v = ctx;
	return prot_cmp(&v[x], &v[y]);
}

/*
 * The protected ranges in prot_cmp() order, equal ones in the order they
 * were added (dedupe_protected() merges them in that order). They are
 * added a source at a time, each mostly in address order (the chain's
 * entries and nodes among them), so an index sort that merges runs does
 * the work in a few passes; then each record moves once, in place.
 *
 * Moving a million 200-byte records along the cycles of a permutation
 * visits them in no order memory likes, though, and a large chain makes
 * one run of most of the array. Then only the others are sorted, aside,
 * the run moves to the end in one sequential copy, and the two merge
 * from the front: every record of the run is read and written in order.
 */
static void sort_protected(struct ea_audit *a)
{
	size_t n = a->prot.n;
	struct ea_protected *v = a->prot.v;
	size_t s = 0, e = n ? 1 : 0; /* the longest run in order: [s, e) */
	for (size_t i = 0, j = 1; j <= n; j++) {
		if (j < n && prot_cmp(&v[j - 1], &v[j]) <= 0)
			continue;
		if (j - i > e - s) {
			s = i;
			e = j;
		}
		i = j;
	}
	if (e - s == n)
		return;
	if ((e - s) * 2 < n) {
		uint32_t *o = ea_xcalloc(n + 1, sizeof(*o));
		for (size_t i = 0; i < n; i++)
			o[i] = (uint32_t)i;
		ea_sort_index(o, n, prot_idx_cmp, v);
		ea_permute(v, n, sizeof(*v), o);
		free(o);
		return;
	}
	size_t m = n - (e - s); /* the others, sorted aside */
	uint32_t *ti = ea_xcalloc(m, sizeof(*ti));
	for (size_t i = 0, k = 0; i < n; i++)
		if (i < s || i >= e)
			ti[k++] = (uint32_t)i;
	ea_sort_index(ti, m, prot_idx_cmp, v);
	struct ea_protected *t = ea_xcalloc(m, sizeof(*t));
	for (size_t i = 0; i < m; i++)
		t[i] = v[ti[i]];
	memmove(&v[m], &v[s], (e - s) * sizeof(*v));
	/* the run's record at v[j] was added at s + j - m; a tie goes to
	 * whichever was added first. k < j while t has records left, so no
	 * record of the run is written over before it is read. */
	size_t i = 0, j = m, k = 0;
	while (i < m && j < n) {
		int c = prot_cmp(&t[i], &v[j]);
		if (c < 0 || (c == 0 && ti[i] < s + (j - m)))
			v[k++] = t[i++];
		else
			v[k++] = v[j++];
	}
	while (i < m)
		v[k++] = t[i++];
	free(t);
	free(ti);
}

static void prot_free(struct ea_protected *p)
{
	for (int l = 0; l < EA_NLOADERS; l++)
		if (p->loader[l].reason_owned)
			free((char *)p->loader[l].reason);
	EA_VEC_FREE(p->ev);
}

/* After sorting: the same table printed twice (a kdump kernel's log, an
 * ACPI line repeated) is one range with the evidence of both. */
static void dedupe_protected(struct ea_audit *a)
{
	size_t w = 0;
	for (size_t i = 0; i < a->prot.n; i++) {
		struct ea_protected *p = &a->prot.v[i];
		if (w && prot_cmp(&a->prot.v[w - 1], p) == 0) {
			struct ea_protected *keep = &a->prot.v[w - 1];
			for (size_t k = 0; k < p->ev.n; k++)
				prot_evid(keep, p->ev.v[k]);
			prot_free(p);
			continue;
		}
		a->prot.v[w++] = *p;
	}
	a->prot.n = w;
}

/* ---- answers ---------------------------------------------------------- */

/* The view's input is missing: what the kernel version says, marked
 * inferred, with the row that decided it. A backport that may change the
 * answer leaves it unknown, with the inference in the reason. */
static void infer(struct ea_audit *a, const struct ea_protected *p, int l,
		  struct ea_answer_detail *d)
{
	const struct ea_view *v = &a->view[l];
	enum ea_kb_origin origin = EA_KB_ORIGIN_UNKNOWN;
	if (p->kind == EA_KIND_LPI_PENDING_TABLE ||
	    p->kind == EA_KIND_LPI_PROPERTY_TABLE ||
	    p->kind == EA_KIND_MEMRESERVE_ENTRY ||
	    p->kind == EA_KIND_MEMRESERVE_NODE)
		origin = a->dmesg.gic_preallocated ? EA_KB_ORIGIN_INHERITED
						   : EA_KB_ORIGIN_THIS_BOOT;
	/* The root was walked at boot (efi_config_parse_tables() reserves
	 * every node it finds), whoever made it. */
	if (p->kind == EA_KIND_MEMRESERVE_NODE &&
	    strcmp(p->name, "MEMRESERVE root") == 0)
		origin = EA_KB_ORIGIN_INHERITED;
	struct ea_kb_inference x = { 0 };
	if (a->kernel && a->arch != EA_ARCH_UNKNOWN)
		ea_kb_infer(a->arch, a->kernel, a->dmesg.kernel_banner, p->kind,
			    origin, (enum ea_loader)l, NULL, &x);
	if (x.reason && x.ans != EA_UNKNOWN && !x.uncertain) {
		d->ans = x.ans;
		d->inferred = true;
		d->kb_row = x.row ? x.row->key : NULL;
		d->reason = ea_xasprintf("%s (the view itself is unknown: %s)",
					 x.reason, v->unknown_reason);
		d->reason_owned = true;
	} else {
		d->ans = EA_UNKNOWN;
		if (x.reason) {
			d->reason =
			    ea_xasprintf("%s; %s", v->unknown_reason, x.reason);
			d->reason_owned = true;
		} else {
			d->reason = v->unknown_reason;
		}
	}
	ea_kb_inference_free(&x);
}

static void answer(struct ea_audit *a, struct ea_protected *p, int l)
{
	const struct ea_view *v = &a->view[l];
	struct ea_answer_detail *d = &p->loader[l];
	if (!v->known) {
		infer(a, p, l, d);
		return;
	}
	long i = ea_rangeset_first_overlap(&v->free, p->r);
	if (i < 0) {
		d->ans = EA_PROTECTED;
		d->reason = "no byte of it is free memory in this view";
		return;
	}
	d->ans = EA_ESCAPES;
	d->has_free = true;
	d->free = v->free.v[i];
	uint64_t meet = p->r.first > d->free.first ? p->r.first : d->free.first;
	/* the view's sources are not added to after build_views() */
	d->free_src = view_src_at(v, meet);
	d->reason_owned = true;
	d->reason = ea_xasprintf(
	    "free memory 0x%016" PRIx64 "-0x%016" PRIx64 " covers 0x%016" PRIx64
	    "-0x%016" PRIx64 " of it",
	    d->free.first, d->free.last,
	    p->r.first > d->free.first ? p->r.first : d->free.first,
	    p->r.last < d->free.last ? p->r.last : d->free.last);
}

/* ---- the EFI map in address order ------------------------------------- */

/* ---- what the checks look at ------------------------------------------ */

static void prot_lists_build(struct ea_audit *a)
{
	for (size_t i = 0; i < a->prot.n; i++) {
		const struct ea_protected *p = &a->prot.v[i];
		uint32_t k = (uint32_t)i;
		if (p->loader[EA_KEXEC_FILE].ans == EA_ESCAPES ||
		    p->loader[EA_KEXEC_LOAD].ans == EA_ESCAPES)
			*EA_VEC_PUSH(a->prot_lists.escaping) = k;
		bool lpi = p->kind == EA_KIND_LPI_PROPERTY_TABLE ||
			   p->kind == EA_KIND_LPI_PENDING_TABLE;
		if (p->kind == EA_KIND_ACPI_TABLE)
			*EA_VEC_PUSH(a->prot_lists.acpi) = k;
		if (lpi)
			*EA_VEC_PUSH(a->prot_lists.lpi) = k;
		if (p->kind == EA_KIND_MEMRESERVE_NODE ||
		    p->kind == EA_KIND_MEMRESERVE_ENTRY ||
		    (lpi && p->note && strstr(p->note, "MEMRESERVE entry")))
			*EA_VEC_PUSH(a->prot_lists.chain) = k;
	}
}

/* ---- verdict ---------------------------------------------------------- */

static void decide(struct ea_audit *a)
{
	bool escape = false, unknown = false;
	for (size_t i = 0; i < a->prot.n; i++) {
		const struct ea_protected *p = &a->prot.v[i];
		if (p->tier != EA_TIER_CRITICAL)
			continue;
		for (int l = 0; l < EA_NLOADERS; l++) {
			/* an inferred escape is an escape; an inferred
			 * "protected" was still not seen */
			if (p->loader[l].ans == EA_ESCAPES)
				escape = true;
			else if (p->loader[l].ans == EA_UNKNOWN ||
				 p->loader[l].inferred)
				unknown = true;
		}
	}
	for (size_t i = 0; i < a->findings.n; i++) {
		const struct ea_finding *f = &a->findings.v[i];
		/* corruption seen in the log is an escape that happened */
		if (f->sev == EA_SEV_CRITICAL)
			escape = true;
		/* checks that say the audit could not see everything */
		if (f->check->cls == EA_CK_BLINDS)
			unknown = true;
	}
	a->verdict = escape ? EA_ESCAPE : unknown ? EA_INCOMPLETE : EA_CLEAN;
}

static int finding_cmp(const void *x, const void *y)
{
	const struct ea_finding *p = x, *q = y;
	if (p->sev != q->sev)
		return p->sev < q->sev ? -1 : 1;
	int c = strcmp(p->check->id, q->check->id);
	if (c)
		return c;
	if (p->has_range != q->has_range)
		return p->has_range ? -1 : 1;
	if (p->has_range && (c = ea_range_cmp(&p->r, &q->r)))
		return c;
	return strcmp(p->message, q->message);
}

/* Files truncated while they were read (core/input.h): what was past their
 * new end was read as zeros, so they are unreadable, with a finding that
 * names each. */
static void files_that_shrank(struct ea_audit *a)
{
	size_t n;
	char **v = ea_input_shrunk(&n);

	for (size_t k = 0; k < n; k++) {
		struct ea_evid none = { 0 };

		for (int i = 0; i < EA_NINPUTS; i++)
			if (a->in[i].path && !strcmp(a->in[i].path, v[k]))
				ea_input_set_status(&a->in[i], EA_IN_UNREADABLE,
						    "the file shrank while it "
						    "was read");
		ea_diag_add(&a->diags, none,
			    "%s: the file shrank while it was read "
			    "(truncated during the audit); what was past its "
			    "new end read as zeros",
			    v[k]);
		free(v[k]);
	}
	free(v);
}

void ea_audit_run(struct ea_audit *a)
{
	parse_inputs(a);
	detect_arch(a);
	ea_audit_firmware(a);
	/* the parsers name their listings; the report uses these names, and
	 * says what each listing was decoded from */
	for (int i = 0; i < EA_NINPUTS; i++) {
		a->in[i].name = input_names[i];
		if (i >= EA_IN_L_FDT && a->in[i].status == EA_IN_OK &&
		    !a->in[i].path) {
			const char *from =
			    i == EA_IN_L_FDT	 ? a->in[EA_IN_FDT].path
			    : a->physmem.backend ? a->physmem.backend
						 : "?";
			a->in[i].path = ea_xasprintf("decoded from %s", from);
		}
	}

	for (size_t i = 0; i < a->dmesg.cfg.n; i++) {
		const struct ea_cfg_table *c = &a->dmesg.cfg.v[i];
		if (strcmp(c->name, "MEMRESERVE") == 0 && !c->unusable &&
		    c->addr && c->addr != UINT64_MAX) {
			a->has_memreserve = true;
			a->memreserve_root = c->addr;
			a->memreserve_ev = c->ev;
		}
	}
	/* no efi: line (or none naming it): the system table in memory */
	for (size_t i = 0; i < a->systab.entries.n && !a->has_memreserve; i++) {
		const struct ea_efi_cfg_entry *e = &a->systab.entries.v[i];
		if (e->name && strcmp(e->name, "MEMRESERVE") == 0 && e->addr &&
		    e->addr != UINT64_MAX) {
			a->has_memreserve = true;
			a->memreserve_root = e->addr;
			a->memreserve_ev = e->ev;
		}
	}
	if (a->has_memreserve) {
		bool v420 =
		    a->kversion_known && a->kmajor == 4 && a->kminor == 20;
		if (a->physmem.backend && v420)
			ea_memreserve_walk_v420(&a->physmem, a->memreserve_root,
						&a->memreserve);
		else if (a->physmem.backend)
			ea_memreserve_walk(&a->physmem, a->memreserve_root,
					   &a->memreserve);
		else
			a->memreserve.why =
			    ea_xasprintf("no physical memory source (%s)",
					 input_state(&a->in[EA_IN_MEM]));
	}

	build_views(a);
	/* the chain has at most EA_MR_MAX_NODES * EA_MR_MAX_NODE_ENTRIES
	 * entries, fewer than 2^32 */
	/* The chain's entries in address order (by range, then chain
	 * order): every reader looks them up or walks them by address, and
	 * an entry keeps its node and index, all the report says of its
	 * place in the chain. */
	uint32_t *eo = ea_range_order(
	    a->memreserve.entries.v, a->memreserve.entries.n,
	    sizeof(struct ea_mr_entry), offsetof(struct ea_mr_entry, r));
	ea_permute(a->memreserve.entries.v, a->memreserve.entries.n,
		   sizeof(struct ea_mr_entry), eo);
	free(eo);
	build_protected(a);
	sort_protected(a);
	dedupe_protected(a);
	for (size_t i = 0; i < a->prot.n; i++)
		for (int l = 0; l < EA_NLOADERS; l++)
			answer(a, &a->prot.v[i], l);
	prot_lists_build(a);
	/* what each loaded segment overwrites, for the check and both
	 * reports */
	ea_kexeclog_overlaps(a->kexeclog, a->prot.v, a->prot.n);
	ea_kexeclog_overlaps(a->kexeclog_dmesg, a->prot.v, a->prot.n);

	/* where a kexec of the given kernel would land (--kernel ...) */
	ea_whatif_run(a);
	if (a->whatif && a->whatif->errors.n)
		a->input_failed = true;

	files_that_shrank(a);

	/* a descriptor line is over 40 bytes of a log of at most
	 * EA_MAX_INPUT_BYTES: the indices fit in 32 bits */
	a->efi_order = ea_range_order(a->dmesg.efi_map.v, a->dmesg.efi_map.n,
				      sizeof(struct ea_efi_desc),
				      offsetof(struct ea_efi_desc, r));
	for (size_t i = 0; i < ea_nchecks; i++)
		ea_checks[i]->run(a);
	ea_sort(a->findings.v, a->findings.n, sizeof(*a->findings.v),
		finding_cmp);
	decide(a);
}

int ea_audit_exit_code(const struct ea_audit *a)
{
	if (a->verdict == EA_ESCAPE)
		return 1;
	if (a->input_failed)
		return 3;
	return a->verdict == EA_INCOMPLETE ? 2 : 0;
}

void ea_audit_free(struct ea_audit *a)
{
	/* What has to be walked to be freed goes first, the large flat
	 * arrays and the mapped inputs last: unmapping a large block makes
	 * every page touched after it fault again on a VM that shadows page
	 * tables (a million protected ranges then took 0.3 s to free). */
	for (size_t i = 0; i < a->prot.n; i++)
		prot_free(&a->prot.v[i]);
	for (size_t i = 0; i < a->findings.n; i++) {
		free(a->findings.v[i].message);
		EA_VEC_FREE(a->findings.v[i].ev);
	}
	ea_diags_free(&a->diags);
	ea_audit_firmware_free(a);
	if (a->kexeclog) {
		ea_kexeclog_free(a->kexeclog);
		free(a->kexeclog);
	}
	if (a->kexeclog_dmesg) {
		ea_kexeclog_free(a->kexeclog_dmesg);
		free(a->kexeclog_dmesg);
	}
	ea_whatif_free(a->whatif);
	ea_dmesg_free(&a->dmesg);
	ea_iomem_free(&a->iomem);
	ea_memblock_free(&a->mb_memory);
	ea_memblock_free(&a->mb_reserved);
	ea_fw_memmap_free(&a->fw_memmap);
	ea_memreserve_free(&a->memreserve);
	free(a->kernel);
	ea_rangeset_free(&a->system_ram);
	ea_rangeset_free(&a->mb_reserved_set);
	for (int l = 0; l < EA_NLOADERS; l++) {
		free(a->view[l].unknown_reason);
		free(a->view[l].model);
		ea_rangeset_free(&a->view[l].free);
		EA_VEC_FREE(a->view[l].src);
	}
	EA_VEC_FREE(a->prot);
	EA_VEC_FREE(a->prot_lists.escaping);
	EA_VEC_FREE(a->prot_lists.acpi);
	EA_VEC_FREE(a->prot_lists.lpi);
	EA_VEC_FREE(a->prot_lists.chain);
	ea_strpool_free(&a->strings);
	EA_VEC_FREE(a->findings);
	free(a->efi_order);
	ea_physmem_free(&a->physmem);
	for (int i = 0; i < EA_NINPUTS; i++)
		ea_input_free(&a->in[i]);
}
