/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Each loader's view of free memory, with the source line behind every
 * free range (views.h). Loader rules, with versions and sources: shared
 * reference kernel-formats.md §8 (kexec_file_load) and
 * kexec-tools-placement.md §3, §6 (kexec_load).
 */
#include "model/views.h"
#include "core/util.h"
#include "model/knowledge.h"
#include "model/model.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

const struct ea_view_src *ea_view_src_at(const struct ea_view *v, uint64_t addr)
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

/* memblock.memory into v's sources; the regions that are candidates into
 * mem, those whose flag may hide NOMAP into amb. */
static void mb_memory_regions(struct ea_build *a, struct ea_view *v,
			      struct ea_rangeset *mem, struct ea_rangeset *amb)
{
	for (size_t i = 0; i < a->src->mb_memory.regions.n; i++) {
		const struct ea_mb_region *r = &a->src->mb_memory.regions.v[i];
		view_src_add(v, r->r, r->ev);
		if (a->src->mb_memory.has_flags &&
		    (r->flag == EA_MB_NOMAP || r->flag == EA_MB_DRV_MNG))
			continue;
		/* memblock_debug_show() prints the lowest set flag only:
		 * HOTPLUG (bit 0) or MIRROR (bit 1) may hide NOMAP (bit 2).
		 * NOMAP is trusted as a positive; these are told apart as
		 * when the column is absent. */
		if (a->src->mb_memory.has_flags &&
		    (r->flag == EA_MB_HOTPLUG || r->flag == EA_MB_MIRROR))
			ea_rangeset_add(amb, r->r);
		else
			ea_rangeset_add(mem, r->r);
	}
	ea_rangeset_normalize(mem);
	ea_rangeset_normalize(amb);
}

/* is_usable_memory() in efi-init.c: the types reserve_regions() keeps
 * mapped, write-back cacheable */
static bool efi_usable(const struct ea_efi_desc *d)
{
	return (d->type == EA_EFI_LOADER_CODE ||
		d->type == EA_EFI_LOADER_DATA ||
		d->type == EA_EFI_ACPI_RECLAIM || d->type == EA_EFI_BOOT_CODE ||
		d->type == EA_EFI_BOOT_DATA || d->type == EA_EFI_CONVENTIONAL ||
		d->type == EA_EFI_PERSISTENT) &&
	       (d->attr & EA_EFI_MEMORY_WB);
}

/* The memory that is not NOMAP, into nomap_ok, when the flags do not
 * tell: the rule used, NULL when no source tells it. */
static const char *mb_not_nomap(struct ea_build *a, bool flags,
				struct ea_rangeset *nomap_ok)
{
	/* ≤ 6.4 prints no flags. arm64 request_standard_resources() makes
	 * "System RAM" of exactly the non-NOMAP regions, so /proc/iomem
	 * tells them apart; else the EFI map does (is_usable_memory() in
	 * efi-init.c reserve_regions()). */
	if (a->src->in[EA_IN_IOMEM].status == EA_IN_OK && a->m->system_ram.n) {
		for (size_t i = 0; i < a->m->system_ram.n; i++)
			ea_rangeset_add(nomap_ok, a->m->system_ram.v[i]);
		return flags ? "NOMAP flags from memblock debugfs; "
			       "HOTPLUG and MIRROR regions (the column "
			       "shows only the lowest flag set) are NOMAP "
			       "outside /proc/iomem System RAM"
			     : "NOMAP regions = memblock.memory outside "
			       "/proc/iomem System RAM (debugfs of this "
			       "kernel prints no flags)";
	}
	if (a->src->dmesg.efi_map.n) {
		for (size_t i = 0; i < a->src->dmesg.efi_map.n; i++)
			if (efi_usable(&a->src->dmesg.efi_map.v[i]))
				ea_rangeset_add(nomap_ok,
						a->src->dmesg.efi_map.v[i].r);
		return flags ? "NOMAP flags from memblock debugfs; "
			       "HOTPLUG and MIRROR regions (the column "
			       "shows only the lowest flag set) are NOMAP "
			       "outside usable EFI map types"
			     : "NOMAP regions = memblock.memory outside "
			       "usable EFI map types (debugfs of this "
			       "kernel prints no flags)";
	}
	return NULL;
}

/* mem without NOMAP regions where the flags do not tell them apart: with
 * flags, the ambiguous regions that are not NOMAP join mem; without, mem
 * keeps only what is not NOMAP. The rule used, NULL when nothing tells. */
static const char *mb_resolve_nomap(struct ea_build *a, struct ea_rangeset *mem,
				    struct ea_rangeset *amb)
{
	struct ea_rangeset nomap_ok, tmp;
	ea_rangeset_init(&nomap_ok);
	bool flags = a->src->mb_memory.has_flags;
	const char *rule = mb_not_nomap(a, flags, &nomap_ok);
	if (!rule)
		return NULL;
	ea_rangeset_normalize(&nomap_ok);
	if (flags) {
		ea_rangeset_intersect(amb, &nomap_ok, &tmp);
		for (size_t i = 0; i < tmp.n; i++)
			ea_rangeset_add(mem, tmp.v[i]);
		ea_rangeset_free(&tmp);
		ea_rangeset_normalize(mem);
	} else {
		ea_rangeset_intersect(mem, &nomap_ok, &tmp);
		ea_rangeset_free(mem);
		*mem = tmp;
	}
	ea_rangeset_free(&nomap_ok);
	return rule;
}

/* arm64 kexec_file_load: kexec_walk_memblock() →
 * for_each_free_mem_range(MEMBLOCK_NONE) = memblock.memory minus
 * memblock.reserved, NOMAP regions skipped (should_skip_region()). */
static void view_memblock(struct ea_build *a, struct ea_view *v)
{
	const struct ea_input *mi = &a->src->in[EA_IN_MB_MEMORY];
	const struct ea_input *ri = &a->src->in[EA_IN_MB_RESERVED];
	if (mi->status != EA_IN_OK || ri->status != EA_IN_OK) {
		view_unknown(
		    v, ea_xasprintf("memblock debugfs unavailable: memory: "
				    "%s; reserved: %s",
				    ea_input_state(mi), ea_input_state(ri)));
		return;
	}
	struct ea_rangeset mem, amb;
	ea_rangeset_init(&mem);
	ea_rangeset_init(&amb);
	mb_memory_regions(a, v, &mem, &amb);

	const char *nomap_rule = "NOMAP flags from memblock debugfs";
	bool flags = a->src->mb_memory.has_flags;
	if (!flags || amb.n) {
		nomap_rule = mb_resolve_nomap(a, &mem, &amb);
		if (!nomap_rule) {
			ea_rangeset_free(&mem);
			ea_rangeset_free(&amb);
			view_unknown(
			    v,
			    ea_xstrdup(
				flags ? "memblock debugfs shows HOTPLUG or "
					"MIRROR regions, whose flag column "
					"hides NOMAP, and neither /proc/iomem "
					"nor the EFI memory map is there to "
					"tell NOMAP regions apart"
				      : "memblock debugfs of this kernel "
					"prints no NOMAP flags, and neither "
					"/proc/iomem nor the EFI memory map "
					"is there to tell NOMAP regions "
					"apart"));
			return;
		}
	}
	ea_rangeset_free(&amb);
	ea_rangeset_subtract(&mem, &a->m->mb_reserved_set, &v->free);
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
static void view_resources(struct ea_build *a, struct ea_view *v)
{
	const struct ea_input *in = &a->src->in[EA_IN_IOMEM];
	if (in->status != EA_IN_OK) {
		view_unknown(v, ea_xasprintf("/proc/iomem unusable: %s",
					     ea_input_state(in)));
		return;
	}
	for (size_t i = 0; i < a->src->iomem.res.n; i++) {
		const struct ea_iomem_res *r = &a->src->iomem.res.v[i];
		if (r->depth == 0 && ea_iomem_is(r, EA_IOMEM_SYSTEM_RAM))
			view_src_add(v, r->r, ea_iomem_evid(&a->src->iomem, r));
	}
	for (size_t i = 0; i < a->m->system_ram.n; i++)
		ea_rangeset_add(&v->free, a->m->system_ram.v[i]);
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
 * overlapping the last System RAM line that is not kept; 2.0.20 and older:
 * the System RAM lines whole. With the version not known, what the
 * subtraction takes out is free only maybe (answer.c: unknown). */
static void view_kexec_tools_arm64(struct ea_build *a, struct ea_view *v)
{
	const struct ea_input *in = &a->src->in[EA_IN_IOMEM];
	if (in->status != EA_IN_OK) {
		view_unknown(v, ea_xasprintf("/proc/iomem unusable: %s",
					     ea_input_state(in)));
		return;
	}
	struct ea_rangeset ram, excl;
	ea_rangeset_init(&ram);
	ea_rangeset_init(&excl);
	ea_rangeset_reserve(&excl, a->src->iomem.res.n);
	bool have_last = false;
	struct ea_range last = { 0, 0 };
	for (size_t i = 0; i < a->src->iomem.res.n; i++) {
		const struct ea_iomem_res *r = &a->src->iomem.res.v[i];
		if (ea_iomem_is(r, EA_IOMEM_SYSTEM_RAM)) {
			ea_rangeset_add(&ram, r->r);
			view_src_add(v, r->r, ea_iomem_evid(&a->src->iomem, r));
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
	const struct ea_kb_facts *f = &a->m->facts;
	const struct ea_kb_tools *t = &f->tools;
	bool old =
	    t->known &&
	    (t->major < 2 || (t->major == 2 && t->minor == 0 && t->patch < 21));
	v->known = true;
	ea_rangeset_intersect(&ram, &excl, &v->tools_only);
	v->tools = !t->known ? EA_VIEW_TOOLS_UNKNOWN
		   : old     ? EA_VIEW_TOOLS_OLD
			     : EA_VIEW_TOOLS_NEW;
	if (old) {
		v->free = ram; /* taken over, not freed below */
		ea_rangeset_init(&ram);
		v->model = ea_xasprintf(
		    "/proc/iomem System RAM whole: kexec-tools %u.%u.%u (%s) "
		    "does not subtract the lines inside it (2.0.20 and older "
		    "on arm64; from 2.0.21, f736104, it does)",
		    t->major, t->minor, t->patch, f->kexec_tools.why);
	} else {
		ea_rangeset_subtract(&ram, &excl, &v->free);
		if (t->known)
			v->model = ea_xasprintf(
			    "/proc/iomem System RAM minus every line inside it "
			    "except Kernel code, Kernel data and Crash kernel "
			    "(kexec-tools %u.%u.%u, %s: 2.0.21 and later on "
			    "arm64, f736104)",
			    t->major, t->minor, t->patch, f->kexec_tools.why);
		else {
			v->tools_why = ea_xasprintf(
			    "a line inside System RAM in /proc/iomem, which "
			    "kexec-tools 2.0.21 and later keep off (f736104): "
			    "assumed, as the kexec-tools version is not known "
			    "(%s; collect.sh records it, or give --kexec-tools "
			    "VERSION); 2.0.20 and older use it",
			    f->kexec_tools.why);
			v->model = ea_xasprintf(
			    "/proc/iomem System RAM minus every line inside it "
			    "except Kernel code, Kernel data and Crash kernel "
			    "(kexec-tools >= 2.0.21 on arm64, f736104), "
			    "assumed: the kexec-tools version is not known "
			    "(%s), and 2.0.20 and older use those lines",
			    f->kexec_tools.why);
		}
	}
	ea_rangeset_free(&ram);
	ea_rangeset_free(&excl);
}

/* x86 kexec-tools: /sys/firmware/memmap System RAM entries (no subtraction),
 * else the /proc/iomem fallback (any depth, no subtraction). */
static void view_kexec_tools_x86(struct ea_build *a, struct ea_view *v)
{
	if (a->src->in[EA_IN_FW_MEMMAP].status == EA_IN_OK &&
	    a->src->fw_memmap.entries.n) {
		for (size_t i = 0; i < a->src->fw_memmap.entries.n; i++) {
			const struct ea_fw_memmap_entry *e =
			    &a->src->fw_memmap.entries.v[i];
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
	const struct ea_input *in = &a->src->in[EA_IN_IOMEM];
	if (in->status != EA_IN_OK) {
		view_unknown(
		    v,
		    ea_xasprintf("/sys/firmware/memmap and /proc/iomem "
				 "both unusable: %s; %s",
				 ea_input_state(&a->src->in[EA_IN_FW_MEMMAP]),
				 ea_input_state(in)));
		return;
	}
	for (size_t i = 0; i < a->src->iomem.res.n; i++) {
		const struct ea_iomem_res *r = &a->src->iomem.res.v[i];
		if (!ea_iomem_is(r, EA_IOMEM_SYSTEM_RAM))
			continue;
		ea_rangeset_add(&v->free, r->r);
		view_src_add(v, r->r, ea_iomem_evid(&a->src->iomem, r));
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

/* Whether this kernel has each loader, from its configuration: kernel/
 * kexec.c (kexec_load) is built by CONFIG_KEXEC, kernel/kexec_file.c
 * (kexec_file_load) by CONFIG_KEXEC_FILE (kernel/Kconfig.kexec from 6.6,
 * the architecture's Kconfig before); without it the syscall is
 * sys_ni_syscall: ENOSYS. Not built only where the configuration says so:
 * its "# CONFIG_X is not set" line, or no line for X in a configuration
 * that has the other loader's line (the option does not exist there, as
 * CONFIG_KEXEC_FILE on arm64 before 5.0). A configuration with neither
 * line (cut short, an excerpt) says nothing, and neither does a missing
 * one: the loader is then taken as built, and the reports say so. */
static void model_built(struct ea_build *a)
{
	static const struct {
		enum ea_loader l;
		enum ea_kconfig_opt opt, other;
	} L[] = {
		{ EA_KEXEC_FILE, EA_KC_KEXEC_FILE, EA_KC_KEXEC },
		{ EA_KEXEC_LOAD, EA_KC_KEXEC, EA_KC_KEXEC_FILE },
	};
	const struct ea_kconfig *kc = &a->src->kconfig;
	for (size_t i = 0; i < sizeof(L) / sizeof(L[0]); i++) {
		struct ea_view *v = &a->m->view[L[i].l];
		const char *name = ea_kconfig_name(L[i].opt);
		const char *oname = ea_kconfig_name(L[i].other);
		struct ea_evid none = { 0 };
		v->built_ev = none;
		if (!kc->known) {
			v->built = EA_BUILT_UNKNOWN;
			v->built_why = ea_strpool_fmt(
			    &a->m->strings,
			    "assumed built: no kernel configuration among the "
			    "inputs (proc/config.gz, boot/config-<release>, "
			    "--kconfig) says whether %s is set",
			    name);
		} else if (kc->v[L[i].opt] == EA_KC_SET) {
			v->built = EA_BUILT_YES;
			v->built_ev = kc->ev[L[i].opt];
			v->built_why = ea_strpool_fmt(
			    &a->m->strings,
			    "built: the kernel configuration sets %s", name);
		} else if (kc->v[L[i].opt] == EA_KC_NOT_SET) {
			v->built = EA_BUILT_NO;
			v->built_ev = kc->ev[L[i].opt];
			v->built_why = ea_strpool_fmt(
			    &a->m->strings,
			    "not built: # %s is not set in the kernel "
			    "configuration",
			    name);
		} else if (kc->v[L[i].other] != EA_KC_NO_LINE) {
			v->built = EA_BUILT_NO;
			v->built_ev = kc->ev[L[i].other];
			v->built_why = ea_strpool_fmt(
			    &a->m->strings,
			    "not built: the kernel configuration has a %s "
			    "line and none for %s, an option this kernel does "
			    "not offer",
			    oname, name);
		} else {
			v->built = EA_BUILT_UNKNOWN;
			v->built_why = ea_strpool_fmt(
			    &a->m->strings,
			    "assumed built: the kernel configuration has "
			    "neither a %s nor a %s line (cut short, or an "
			    "excerpt)",
			    name, oname);
		}
	}
}

/* x86 kexec_file: kexec_locate_mem_hole() walks memblock when the kernel
 * keeps it (IS_ENABLED(CONFIG_ARCH_KEEP_MEMBLOCK), which
 * CONFIG_INTEL_TDX_HOST selects from v6.8, abe8dbab8f9f), else the System
 * RAM resources. Only such a kernel has memblock debugfs data to show; a
 * configuration that keeps memblock while its data is not among the
 * inputs leaves the view unknown rather than walking the wrong list. */
static void view_file_x86(struct ea_build *a, struct ea_view *v)
{
	const struct ea_kconfig *kc = &a->src->kconfig;
	bool mb = a->src->in[EA_IN_MB_MEMORY].status == EA_IN_OK &&
		  a->src->mb_memory.regions.n;
	/* the walk is decided once, as a boot fact (expect.c): memblock
	 * without its data can only come from the configuration */
	if (mb) {
		view_memblock(a, v);
	} else if (a->m->facts.x86_mb_walk.v == EA_FACT_YES) {
		const struct ea_evid *ev = &a->m->facts.x86_mb_walk.ev;
		view_unknown(
		    v,
		    ea_xasprintf(
			"the kernel configuration sets "
			"CONFIG_ARCH_KEEP_MEMBLOCK (its line %u%s), so "
			"kexec_file "
			"walks memblock (kexec_locate_mem_hole()), and "
			"memblock debugfs (sys/kernel/debug/memblock) is not "
			"among the inputs: %s",
			(unsigned)ev->line,
			kc->v[EA_KC_INTEL_TDX_HOST] == EA_KC_SET
			    ? ", selected by CONFIG_INTEL_TDX_HOST"
			    : "",
			ea_input_state(&a->src->in[EA_IN_MB_MEMORY])));
	} else {
		view_resources(a, v);
	}
}

void ea_model_views(struct ea_build *a)
{
	model_built(a);
	if (a->src->in[EA_IN_MB_RESERVED].status == EA_IN_OK) {
		const struct ea_memblock *m = &a->src->mb_reserved;
		ea_rangeset_reserve(&a->m->mb_reserved_set, m->regions.n);
		for (size_t i = 0; i < m->regions.n; i++)
			ea_rangeset_add(&a->m->mb_reserved_set,
					m->regions.v[i].r);
		ea_rangeset_normalize(&a->m->mb_reserved_set);
	}
	if (a->src->in[EA_IN_IOMEM].status == EA_IN_OK) {
		for (size_t i = 0; i < a->src->iomem.res.n; i++) {
			const struct ea_iomem_res *r = &a->src->iomem.res.v[i];
			if (r->depth == 0 &&
			    ea_iomem_is(r, EA_IOMEM_SYSTEM_RAM))
				ea_rangeset_add(&a->m->system_ram, r->r);
		}
		ea_rangeset_normalize(&a->m->system_ram);
	}
	struct ea_view *kf = &a->m->view[EA_KEXEC_FILE];
	struct ea_view *kl = &a->m->view[EA_KEXEC_LOAD];
	switch (a->m->arch) {
	case EA_ARCH_ARM64:
		view_memblock(a, kf);
		view_kexec_tools_arm64(a, kl);
		break;
	case EA_ARCH_X86_64:
		view_file_x86(a, kf);
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
		page_trim(&a->m->view[l].free);
	for (int l = 0; l < EA_NLOADERS; l++)
		ea_sort(a->m->view[l].src.v, a->m->view[l].src.n,
			sizeof(*a->m->view[l].src.v), src_cmp);
}
