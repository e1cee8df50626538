/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The placement what-if (see placement.h for the three models). Rules, each
 * read in the source named:
 *
 * kernel/kexec_file.c (5.10.13 and current mainline read):
 *   kexec_add_buffer(): memsz = ALIGN(memsz, PAGE_SIZE), buf_align =
 *   max(buf_align, PAGE_SIZE). locate_mem_hole_callback(): skip a range
 *   smaller than memsz or outside [buf_min, buf_max].
 *   locate_mem_hole_bottom_up(): start = ALIGN(max(start, buf_min), align);
 *   fail the range when start + memsz - 1 > end or > buf_max; on a clash with
 *   a segment already placed, start += PAGE_SIZE and align again.
 *   locate_mem_hole_top_down(): end' = min(end, buf_max); start = end' -
 *   memsz (before 18d565ea95fe, v6.8) or end' - memsz + 1 (after), aligned
 *   down; fail the range when start < range start or < buf_min; on a clash
 *   start -= PAGE_SIZE and align down again. Clashes are checked against
 *   this image's segments only (kimage_is_destination_range()).
 *   kexec_walk_memblock(): for_each_free_mem_range (bottom-up) or _reverse
 *   (top-down) with MEMBLOCK_NONE: memblock.memory regions minus
 *   memblock.reserved, region by region, NOMAP (and 6.x DRIVER_MANAGED)
 *   regions skipped; a crash image gets only crashk_res.
 *   kexec_walk_resources(): walk_system_ram_res() over top-level System RAM
 *   resources whole, in address order; walk_system_ram_res_rev() for
 *   top-down from b3ba234171cd (v6.8).
 * arch/arm64/kernel/kexec_image.c image_load() + machine_kexec_file.c
 *   load_other_segments(): kernel memsz image_size + text_offset at 2 MiB,
 *   bottom-up, buf_min 0; crash: ELF core header 64 KiB-aligned top-down;
 *   initrd bottom-up, page-aligned, buf_min = kernel end, buf_max =
 *   round_down(kernel, 1 GiB) + 32 GiB; DTB top-down at 2 MiB, buf_min =
 *   kernel end. From 108aa503657e (v5.10): when initrd or DTB fail, the
 *   kernel segment is dropped, buf_min = its end, and the search repeats.
 * arch/x86/kernel/kexec-bzimage64.c bzImage64_load(): purgatory
 *   (buf_min 0x3000), boot_params + cmdline + EFI data (0x3000, align 16),
 *   kernel (PAGE_ALIGN(init_size) at kernel_alignment, buf_min 0x100000, or
 *   pref_address from 43b1d3e68ee7, v6.9), initrd (0x1000000, page), all
 *   top-down, buf_max ULONG_MAX.
 * kexec-tools kexec/kexec.c locate_hole(): the usable list in array order
 *   minus the placed segments (a merge that assumes both ascending; a tail of
 *   one byte dropped), start = ALIGN(max(start, mem_min, min), align),
 *   end = min(end, mem_max, max), fit when end - start >= size - 1,
 *   bottom-up takes the first fit; add_buffer_phys_virt() rounds memsz to
 *   the page size; add_segment_phys_virt() requires the segment inside one
 *   RAM entry and inside [mem_min, mem_max] (valid_memory_range());
 *   mem_min/mem_max are --mem-min/--mem-max, 0 and ULONG_MAX by default.
 *   kexec/arch/arm64/kexec-arm64.c get_memory_ranges() (>= 2.0.21: System
 *   RAM lines, minus every other line overlapping the last one added except
 *   Kernel code/data and the crash region, mem_regions_exclude() appending
 *   the upper part of a split at the end; <= 2.0.20: System RAM and reserved lines whole, at most 64),
 *   arm64_locate_kernel_segment() (text_offset + image_size at 2 MiB,
 *   bottom-up), image_arm64_load() (segment at hole + text_offset, memsz
 *   image_size), arm64_load_other_segments() (initrd, DTB <= 2 MiB,
 *   purgatory, all bottom-up from image_base + image_size; "image + initrd
 *   too big" when they span more than 32 GiB of 1 GiB-aligned space).
 */
#include "whatif/placement.h"
#include "core/bytes.h"

#include <inttypes.h>
#include <libfdt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/knowledge.h"
#include "model/overlap.h"
#include "read/kexecbin.h"
#include "read/kexeclog.h"

#define SZ_4K 0x1000ULL
#define SZ_64K 0x10000ULL
#define SZ_1M 0x100000ULL
#define SZ_2M 0x200000ULL
#define SZ_16M 0x1000000ULL
#define SZ_1G 0x40000000ULL
#define SZ_32G (32 * SZ_1G)

/* Measured defaults, said in the report when used. */
/* Debian bookworm kexec-tools 1:2.0.25-3+deb12u3 arm64 /sbin/kexec: the
 * embedded purgatory ELF (REL, EM_AARCH64) has 0x3558 bytes of SHF_ALLOC
 * PROGBITS, no bss, largest alignment 16 (elf_rel_load() footprint). */
#define KT_ARM64_PURGATORY 0x3558ULL
/* Debian 6.1.0-56-cloud-amd64 vmlinux: kexec_purgatory has 0x3120 bytes of
 * PROGBITS and 0x1000 of bss at 4 KiB alignment, so
 * kexec_purgatory_setup_kbuf() gives memsz 0x4000 + 0x1000. The 5.3 kernel
 * of corpus asus-ux391fa-x86 printed memsz 0x6000 (bufsz 0x5000). */
#define X86_PURGATORY 0x5000ULL
#define X86_PURGATORY_ALIGN 0x1000ULL
#define X86_MIN_PURGATORY 0x3000ULL
#define X86_MIN_BOOTPARAM 0x3000ULL
#define X86_MIN_KERNEL 0x100000ULL
#define X86_MIN_INITRD 0x1000000ULL
/* sizeof(struct boot_params); MAX_ELFCOREHDR_STR_LEN; struct setup_data
 * header; struct efi_setup_data; RNG_SEED_LENGTH (kexec-bzimage64.c) */
#define X86_BOOT_PARAMS 4096ULL
#define X86_ELFCOREHDR_STR 30ULL
#define X86_SETUP_DATA 16ULL
#define X86_EFI_SETUP_DATA 96ULL
#define X86_RNG_SEED 32ULL
#define X86_IMA_SETUP_DATA 16ULL /* struct ima_setup_data: addr, size */
#define X86_KHO_DATA 32ULL	 /* struct kho_data: 4 u64 */
#define EFI_DESC_SIZE 48ULL
/* kexec-tools arm64: KEXEC_SEGMENT_MAX lines read by <= 2.0.20 */
#define KT_ARM64_MAX_RANGES 64

const char *ea_pl_model_name(enum ea_pl_model m)
{
	switch (m) {
	case EA_PL_FILE_ARM64:
		return "kexec_file_load arm64";
	case EA_PL_FILE_X86:
		return "kexec_file_load x86_64";
	case EA_PL_LOAD_ARM64:
		return "kexec_load arm64 (kexec-tools)";
	}
	return "unknown";
}

const char *ea_pl_model_key(enum ea_pl_model m)
{
	switch (m) {
	case EA_PL_FILE_ARM64:
		return "kexec_file_arm64";
	case EA_PL_FILE_X86:
		return "kexec_file_x86_64";
	case EA_PL_LOAD_ARM64:
		return "kexec_load_arm64";
	}
	return "unknown";
}

enum ea_pl_kt ea_pl_kt_of(unsigned a, unsigned b, unsigned c)
{
	/* f736104 first in 2.0.21; b5a34a2 (last crash region only) in
	 * 2.0.24 (kexec-tools-placement.md §3.2) */
	bool old = a < 2 || (a == 2 && b == 0 && c < 21);
	bool mid = a == 2 && b == 0 && c >= 21 && c < 24;
	return old ? EA_PL_KT_2_0_20 : mid ? EA_PL_KT_2_0_21 : EA_PL_KT_2_0_24;
}

bool ea_pl_kt_from_version(const char *ver, enum ea_pl_kt *kt, unsigned *major,
			   unsigned *minor, unsigned *patch)
{
	unsigned a, b, c;
	if (!ea_kexec_tools_parse(ver, &a, &b, &c))
		return false;
	*kt = ea_pl_kt_of(a, b, c);
	if (major)
		*major = a;
	if (minor)
		*minor = b;
	if (patch)
		*patch = c;
	return true;
}

const char *ea_pl_status_name(enum ea_pl_status s)
{
	switch (s) {
	case EA_PL_PLACED:
		return "placed";
	case EA_PL_FAILED:
		return "failed";
	case EA_PL_NOT_APPLICABLE:
		return "not_applicable";
	case EA_PL_NO_INPUT:
		return "no_input";
	case EA_PL_NOT_MODELLED:
		return "not_modelled";
	}
	return "failed";
}

/* ---- arithmetic the loaders do ---------------------------------------- */

static bool align_up(uint64_t v, uint64_t a, uint64_t *out)
{
	if (a <= 1) {
		*out = v;
		return true;
	}
	uint64_t r = v % a;
	if (!r) {
		*out = v;
		return true;
	}
	if (v > UINT64_MAX - (a - r))
		return false;
	*out = v + (a - r);
	return true;
}

static uint64_t align_down(uint64_t v, uint64_t a)
{
	return a <= 1 ? v : v - v % a;
}

/* ---- the context ------------------------------------------------------ */

struct cand {
	struct ea_range r;
	struct ea_evid ev;
};

struct ctx {
	const struct ea_world *a;
	const struct ea_pl_request *rq;
	struct ea_placement *out;
	struct ea_kver kv;
	uint64_t page;
	EA_VEC(char *) rules;
	/* the kernel-side search */
	EA_VEC(struct cand) walk; /* candidate ranges, in forward order */
	bool reverse_topdown;	  /* top-down walks them backwards */
	const char *walk_what;	  /* "free memblock range", ... */
	bool topdown_plus1;
	/* this image's segments, for clashes */
	EA_VEC(struct ea_range) placed;
	bool ima; /* an IMA measurement-list segment was placed */
};

static void rule(struct ctx *c, const char *f, ...)
    __attribute__((format(printf, 2, 3)));
static void rule(struct ctx *c, const char *f, ...)
{
	va_list ap;
	va_start(ap, f);
	*EA_VEC_PUSH(c->rules) = ea_xvasprintf(f, ap);
	va_end(ap);
}

static void assume(struct ctx *c, const char *f, ...)
    __attribute__((format(printf, 2, 3)));
static void assume(struct ctx *c, const char *f, ...)
{
	va_list ap;
	va_start(ap, f);
	char *s = ea_xvasprintf(f, ap);
	va_end(ap);
	for (size_t i = 0; i < c->out->assumptions.n; i++)
		if (strcmp(c->out->assumptions.v[i], s) == 0) {
			free(s);
			return;
		}
	*EA_VEC_PUSH(c->out->assumptions) = s;
}

static void set_status(struct ctx *c, enum ea_pl_status st, const char *f, ...)
    __attribute__((format(printf, 3, 4)));
static void set_status(struct ctx *c, enum ea_pl_status st, const char *f, ...)
{
	va_list ap;
	va_start(ap, f);
	c->out->status = st;
	free(c->out->why);
	c->out->why = ea_xvasprintf(f, ap);
	va_end(ap);
}

/* Whether the kernel whose rules apply carries a change. MAYBE counts as
 * carried, and the reason goes into the assumptions. */
static bool has(struct ctx *c, enum ea_kb_id id)
{
	char why[300];
	enum ea_kb_have h =
	    ea_kb_carries(ea_kb_get(id), &c->kv, why, sizeof(why));
	if (h == EA_KB_MAYBE)
		assume(c, "uncertain, taken as present: %s", why);
	return h != EA_KB_NO;
}

static struct ea_pl_segment *seg_new(struct ctx *c, const char *name)
{
	struct ea_pl_segment *s = EA_VEC_PUSH(c->out->seg);
	snprintf(s->name, sizeof(s->name), "%s", name);
	return s;
}

/* /proc/cmdline, else the kernel log's "Kernel command line:" */
static const char *cmdline_of(const struct ea_world *a)
{
	if (a->src->in[EA_IN_CMDLINE].status == EA_IN_OK &&
	    a->src->in[EA_IN_CMDLINE].data)
		return a->src->in[EA_IN_CMDLINE].data;
	return a->src->dmesg.cmdline;
}

/* A whole word "key" or "key=value" on the command line. */
static const char *cmdline_param(const char *cl, const char *key)
{
	size_t k = strlen(key);
	for (const char *p = cl; p && *p; p++) {
		if ((p == cl || p[-1] == ' ') && strncmp(p, key, k) == 0 &&
		    (p[k] == '=' || p[k] == ' ' || p[k] == 0 || p[k] == '\n'))
			return p + k;
	}
	return NULL;
}

/* ---- kernel-side candidate ranges ------------------------------------- */

static void cand_add(struct ctx *c, uint64_t first, uint64_t last,
		     struct ea_evid ev)
{
	struct ea_range r;
	if (!ea_range_make(first, last, &r))
		return;
	struct cand *k = EA_VEC_PUSH(c->walk);
	k->r = r;
	k->ev = ev;
}

/* Free pieces of one memory piece: [s, e] minus the reserved set, with a
 * cursor *j that only moves forward (pieces come in address order). */
static void subtract_reserved(struct ctx *c, uint64_t s, uint64_t e,
			      const struct ea_rangeset *resv, size_t *j,
			      struct ea_evid ev)
{
	while (*j < resv->n && resv->v[*j].last < s)
		(*j)++;
	uint64_t cur = s;
	for (size_t k = *j; k < resv->n && resv->v[k].first <= e; k++) {
		if (resv->v[k].first > cur)
			cand_add(c, cur, resv->v[k].first - 1, ev);
		if (resv->v[k].last >= e)
			return;
		cur = resv->v[k].last + 1;
	}
	cand_add(c, cur, e, ev);
}

/* An EFI memory map entry the kernel maps (not NOMAP): a usable type with
 * the write-back attribute. */
static bool efi_usable(const struct ea_efi_desc *d)
{
	return (d->type == EA_EFI_LOADER_CODE ||
		d->type == EA_EFI_LOADER_DATA || d->type == EA_EFI_BOOT_CODE ||
		d->type == EA_EFI_BOOT_DATA || d->type == EA_EFI_CONVENTIONAL ||
		d->type == EA_EFI_ACPI_RECLAIM ||
		d->type == EA_EFI_PERSISTENT) &&
	       (d->attr & EA_EFI_MEMORY_WB);
}

/* Without memblock flags, the RAM that is not NOMAP: /proc/iomem System RAM,
 * else the usable EFI map types, added to usable. Returns how NOMAP regions
 * are told apart, NULL when no input can. */
static const char *usable_ram(const struct ea_world *a,
			      struct ea_rangeset *usable)
{
	if (a->src->in[EA_IN_IOMEM].status == EA_IN_OK && a->m->system_ram.n) {
		for (size_t i = 0; i < a->m->system_ram.n; i++)
			ea_rangeset_add(usable, a->m->system_ram.v[i]);
		return "NOMAP regions (memblock.memory outside /proc/iomem "
		       "System RAM) skipped";
	}
	if (a->src->dmesg.efi_map.n) {
		for (size_t i = 0; i < a->src->dmesg.efi_map.n; i++) {
			const struct ea_efi_desc *d =
			    &a->src->dmesg.efi_map.v[i];
			if (efi_usable(d))
				ea_rangeset_add(usable, d->r);
		}
		return "NOMAP regions (memblock.memory outside usable EFI "
		       "map types) skipped";
	}
	return NULL;
}

/* The free ranges of memblock.memory, in order: NOMAP (and DRV_MNG, and
 * hotplug under movable_node) regions skipped by their flags, else each
 * region's part inside usable; memblock.reserved (resv) subtracted. */
static void free_ranges(struct ctx *c, const struct ea_rangeset *resv,
			const struct ea_rangeset *usable, bool flags,
			bool movable)
{
	const struct ea_world *a = c->a;
	size_t j = 0, u = 0;
	for (size_t i = 0; i < a->src->mb_memory.regions.n; i++) {
		const struct ea_mb_region *m = &a->src->mb_memory.regions.v[i];
		if (flags) {
			if (m->flag == EA_MB_NOMAP || m->flag == EA_MB_DRV_MNG)
				continue;
			if (m->flag == EA_MB_HOTPLUG && movable)
				continue;
			subtract_reserved(c, m->r.first, m->r.last, resv, &j,
					  m->ev);
			continue;
		}
		/* the region's usable (non-NOMAP) part, in order */
		while (u < usable->n && usable->v[u].last < m->r.first)
			u++;
		for (size_t k = u;
		     k < usable->n && usable->v[k].first <= m->r.last; k++) {
			uint64_t s = usable->v[k].first > m->r.first
					 ? usable->v[k].first
					 : m->r.first;
			uint64_t e = usable->v[k].last < m->r.last
					 ? usable->v[k].last
					 : m->r.last;
			subtract_reserved(c, s, e, resv, &j, m->ev);
		}
	}
}

/* memblock.memory minus memblock.reserved, region by region, in
 * for_each_free_mem_range order. */
static bool walk_memblock(struct ctx *c)
{
	const struct ea_world *a = c->a;
	if (a->src->in[EA_IN_MB_MEMORY].status != EA_IN_OK ||
	    a->src->in[EA_IN_MB_RESERVED].status != EA_IN_OK ||
	    !a->src->mb_memory.regions.n) {
		set_status(c, EA_PL_NO_INPUT,
			   "the memblock walk needs memblock debugfs "
			   "(sys/kernel/debug/memblock/memory and reserved), "
			   "which the inputs do not have");
		return false;
	}
	struct ea_rangeset resv, usable;
	ea_rangeset_init(&resv);
	ea_rangeset_init(&usable);
	for (size_t i = 0; i < a->src->mb_reserved.regions.n; i++)
		ea_rangeset_add(&resv, a->src->mb_reserved.regions.v[i].r);
	ea_rangeset_normalize(&resv);

	bool flags = a->src->mb_memory.has_flags;
	const char *cl = cmdline_of(a);
	bool movable = cl && cmdline_param(cl, "movable_node");
	const char *nomap = flags ? "NOMAP and DRV_MNG regions skipped by "
				    "their debugfs flags"
				  : usable_ram(a, &usable);
	if (!nomap) {
		ea_rangeset_free(&resv);
		set_status(c, EA_PL_NO_INPUT,
			   "memblock debugfs of this kernel prints no NOMAP "
			   "flags, and neither /proc/iomem nor the EFI memory "
			   "map is there to tell NOMAP regions apart");
		return false;
	}
	ea_rangeset_normalize(&usable);
	free_ranges(c, &resv, &usable, flags, movable);
	ea_rangeset_free(&resv);
	ea_rangeset_free(&usable);
	c->reverse_topdown = true;
	c->walk_what = "free memblock range";
	rule(c,
	     "memblock walk: memblock.memory minus memblock.reserved, region "
	     "by region (for_each_free_mem_range, reversed for top-down); %s",
	     nomap);
	return true;
}

/* Top-level System RAM resources whole (walk_system_ram_res). */
static bool walk_resources(struct ctx *c, bool reverse)
{
	const struct ea_world *a = c->a;
	if (a->src->in[EA_IN_IOMEM].status != EA_IN_OK) {
		set_status(
		    c, EA_PL_NO_INPUT,
		    "the resource walk needs /proc/iomem: %s",
		    a->src->in[EA_IN_IOMEM].detail
			? a->src->in[EA_IN_IOMEM].detail
			: ea_input_status_name(a->src->in[EA_IN_IOMEM].status));
		return false;
	}
	for (size_t i = 0; i < a->src->iomem.res.n; i++) {
		const struct ea_iomem_res *r = &a->src->iomem.res.v[i];
		if (r->depth == 0 && ea_iomem_is(r, EA_IOMEM_SYSTEM_RAM))
			cand_add(c, r->r.first, r->r.last,
				 ea_iomem_evid(&a->src->iomem, r));
	}
	c->reverse_topdown = reverse;
	c->walk_what = "System RAM resource";
	rule(c,
	     "resource walk: every top-level System RAM resource of "
	     "/proc/iomem whole, children not carved out, adjacent resources "
	     "not merged (walk_system_ram_res); %s",
	     reverse ? "top-down segments walk them from the highest "
		       "(walk_system_ram_res_rev, b3ba234171cd, v6.8)"
		     : "in address order even for top-down segments, which are "
		       "top-down only inside the first resource that fits "
		       "(before b3ba234171cd, v6.8)");
	return true;
}

static bool crash_range(const struct ea_world *a, struct ea_range *r,
			struct ea_evid *ev)
{
	/* crashkernel=X,high: crashk_low_res is also "Crash kernel", below
	 * crashk_res, which alone takes the segments: the highest one */
	const struct ea_iomem_res *hi = NULL;
	for (size_t i = 0; i < a->src->iomem.res.n; i++) {
		const struct ea_iomem_res *x = &a->src->iomem.res.v[i];
		if (ea_iomem_is(x, EA_IOMEM_CRASH_KERNEL) &&
		    (!hi || x->r.first > hi->r.first))
			hi = x;
	}
	if (hi) {
		*r = hi->r;
		*ev = ea_iomem_evid(&a->src->iomem, hi);
		return true;
	}
	if (a->src->dmesg.has_crashkernel) {
		*r = a->src->dmesg.crashkernel;
		*ev = a->src->dmesg.crashkernel_ev;
		return true;
	}
	return false;
}

/* ---- the kernel's hole search ----------------------------------------- */

struct kbuf {
	const char *name;
	uint64_t memsz, align, buf_min, buf_max;
	bool top_down;
};

static const struct ea_range *clash(const struct ctx *c, uint64_t s, uint64_t e)
{
	struct ea_range r;
	if (!ea_range_make(s, e, &r))
		return NULL;
	for (size_t i = 0; i < c->placed.n; i++)
		if (ea_range_overlaps(c->placed.v[i], r))
			return &c->placed.v[i];
	return NULL;
}

/* locate_mem_hole_bottom_up(): the clash step start += PAGE_SIZE followed
 * by ALIGN() walks the multiples of align upwards, so a clash with S moves
 * straight to the first multiple above S. */
static bool bottom_up(const struct ctx *c, const struct kbuf *kb,
		      struct ea_range rr, uint64_t *mem)
{
	uint64_t t = rr.first > kb->buf_min ? rr.first : kb->buf_min;
	for (;;) {
		if (!align_up(t, kb->align, &t) ||
		    t > UINT64_MAX - (kb->memsz - 1))
			return false;
		uint64_t te = t + kb->memsz - 1;
		if (te > rr.last || te > kb->buf_max)
			return false;
		const struct ea_range *s = clash(c, t, te);
		if (!s) {
			*mem = t;
			return true;
		}
		if (s->last == UINT64_MAX)
			return false;
		t = s->last + 1;
	}
}

/* locate_mem_hole_top_down(): the clash step start -= PAGE_SIZE followed by
 * ALIGN_DOWN() walks the multiples of align downwards. Where the kernel's
 * unsigned arithmetic would wrap below 0 the range is given up. */
static bool top_down(const struct ctx *c, const struct kbuf *kb,
		     struct ea_range rr, uint64_t *mem)
{
	uint64_t te = rr.last < kb->buf_max ? rr.last : kb->buf_max;
	uint64_t t;
	if (c->topdown_plus1) {
		if (te < kb->memsz - 1)
			return false;
		t = te - (kb->memsz - 1);
	} else {
		if (te < kb->memsz)
			return false;
		t = te - kb->memsz;
	}
	for (;;) {
		t = align_down(t, kb->align);
		if (t < rr.first || t < kb->buf_min)
			return false;
		const struct ea_range *s = clash(c, t, t + kb->memsz - 1);
		if (!s) {
			*mem = t;
			return true;
		}
		if (s->first < kb->memsz)
			return false;
		t = s->first - kb->memsz; /* aligned down on the next turn */
	}
}

/* kexec_add_buffer() -> kexec_locate_mem_hole(): places one segment. */
static bool kf_add(struct ctx *c, const struct kbuf *in, uint64_t *mem_out)
{
	struct kbuf kb = *in;
	struct ea_pl_segment *seg = seg_new(c, kb.name);
	if (!align_up(kb.memsz, c->page, &kb.memsz) || !kb.memsz) {
		seg->rule = ea_xasprintf("size 0x%" PRIx64 " is not placeable",
					 in->memsz);
		return false;
	}
	if (kb.align < c->page)
		kb.align = c->page;
	seg->memsz = kb.memsz;

	size_t n = c->walk.n;
	bool rev = kb.top_down && c->reverse_topdown;
	for (size_t k = 0; k < n; k++) {
		const struct cand *cd = &c->walk.v[rev ? n - 1 - k : k];
		uint64_t sz = ea_range_size(cd->r);
		if ((sz && sz < kb.memsz) || cd->r.last < kb.buf_min ||
		    cd->r.first > kb.buf_max)
			continue;
		uint64_t mem;
		bool ok = kb.top_down ? top_down(c, &kb, cd->r, &mem)
				      : bottom_up(c, &kb, cd->r, &mem);
		if (!ok)
			continue;
		seg->placed = true;
		ea_range_from_size(mem, kb.memsz, &seg->r);
		seg->has_free = true;
		seg->free = cd->r;
		seg->free_ev = cd->ev;
		seg->rule = ea_xasprintf(
		    "%s, aligned to 0x%" PRIx64 ", memsz 0x%" PRIx64
		    " (page-rounded), buf_min 0x%" PRIx64 ", buf_max 0x%" PRIx64
		    ": %s 0x%016" PRIx64 "-0x%016" PRIx64,
		    kb.top_down ? "top-down (highest fit)"
				: "bottom-up (lowest fit)",
		    kb.align, kb.memsz, kb.buf_min, kb.buf_max, c->walk_what,
		    cd->r.first, cd->r.last);
		*EA_VEC_PUSH(c->placed) = seg->r;
		if (mem_out)
			*mem_out = mem;
		return true;
	}
	seg->rule = ea_xasprintf(
	    "-EADDRNOTAVAIL: no %s holds 0x%" PRIx64
	    " bytes %s-aligned (0x%" PRIx64 ") between buf_min 0x%" PRIx64
	    " and buf_max 0x%" PRIx64 " clear of this image's other "
	    "segments",
	    c->walk_what, kb.memsz, kb.top_down ? "top-down" : "bottom-up",
	    kb.align, kb.buf_min, kb.buf_max);
	return false;
}

/* Drops the segments after the first keep (arm64 retry, out_err path). */
static void drop_after(struct ctx *c, size_t keep_seg, size_t keep_placed)
{
	for (size_t i = keep_seg; i < c->out->seg.n; i++) {
		free(c->out->seg.v[i].rule);
		free(c->out->seg.v[i].hits);
	}
	c->out->seg.n = keep_seg;
	c->placed.n = keep_placed;
}

/* ---- applicability: KHO and CMA ---------------------------------------- */

/* The default CMA area: 1 present, 0 absent, -1 not known. */
static int cma_area(const struct ea_world *a, char *why, size_t whylen)
{
	const char *cl = cmdline_of(a);
	const char *v = cl ? cmdline_param(cl, "cma") : NULL;
	if (v && v[0] == '=' && v[1] == '0' &&
	    (v[2] == 0 || v[2] == ' ' || v[2] == '\n')) {
		snprintf(why, whylen, "cma=0 on the command line");
		return 0;
	}
	const struct ea_input *in = &a->src->in[EA_IN_DMESG];
	if (in->status != EA_IN_OK || !in->data)
		return -1;
	/* mm/cma.c: "cma: Reserved %lu MiB at %pa" */
	size_t k = ea_find(in->data, in->len, "cma: Reserved ");
	if (k != (size_t)-1) {
		size_t e = k;
		while (e < in->len && in->data[e] != '\n' && e - k < 80)
			e++;
		snprintf(why, whylen, "the kernel log says \"%.*s\"",
			 (int)(e - k), in->data + k);
		return 1;
	}
	/* mm/mm_init.c mem_init_print_info(): "..., %luK cma-reserved)" */
	k = ea_find(in->data, in->len, "K cma-reserved)");
	if (k != (size_t)-1) {
		size_t s = k;
		while (s > 0 && in->data[s - 1] >= '0' &&
		       in->data[s - 1] <= '9')
			s--;
		uint64_t kib = 0;
		if (s < k && ea_parse_dec(in->data + s, k - s, &kib) == k - s) {
			snprintf(why, whylen,
				 "the kernel log's Memory: line shows %" PRIu64
				 "K cma-reserved",
				 kib);
			return kib ? 1 : 0;
		}
	}
	return -1;
}

static bool kho_on(const struct ea_world *a, char *why, size_t whylen)
{
	for (size_t i = 0; i < a->src->mb_memory.regions.n; i++)
		if (a->src->mb_memory.regions.v[i].flag == EA_MB_KHO_SCRATCH) {
			snprintf(why, whylen,
				 "memblock debugfs shows KHO_SCRATCH regions");
			return true;
		}
	const char *cl = cmdline_of(a);
	const char *v = cl ? cmdline_param(cl, "kho") : NULL;
	if (v && v[0] == '=') {
		v++;
		if (!strncmp(v, "on", 2) || !strncmp(v, "1", 1) ||
		    !strncmp(v, "y", 1) || !strncmp(v, "true", 4)) {
			snprintf(why, whylen, "kho=%c... on the command line",
				 v[0]);
			return true;
		}
	}
	return false;
}

/* The kernel would skip the hole search: says so and returns false. */
static bool kf_applies(struct ctx *c, bool crash)
{
	char why[200];
	if (crash)
		return true; /* both bypasses exclude crash images */
	if (!c->rq->kho_off && has(c, EA_KB_KHO)) {
		if (kho_on(c->a, why, sizeof(why))) {
			set_status(c, EA_PL_NOT_APPLICABLE,
				   "kexec handover is on (%s): kexec_file puts "
				   "non-crash segments only into KHO scratch "
				   "areas (kho_locate_mem_hole, 3bdecc3c93f9, "
				   "v6.16), not where this search would",
				   why);
			return false;
		}
		assume(c, "kexec handover taken as off (no kho= on the "
			  "command line, no KHO_SCRATCH memblock regions); a "
			  "kernel built with KHO enabled by default would "
			  "use its scratch areas");
	}
	if (!c->rq->no_cma && has(c, EA_KB_CMA)) {
		int cma = cma_area(c->a, why, sizeof(why));
		if (cma != 0) {
			set_status(
			    c, EA_PL_NOT_APPLICABLE,
			    "kexec_file first allocates each non-crash "
			    "segment from the default CMA area "
			    "(kexec_alloc_contig, 07d24902977e, v6.17), "
			    "ignoring buf_min/buf_max; %s; the addresses "
			    "then depend on CMA use at load time. This "
			    "search applies only with kexec --no-cma "
			    "(KEXEC_FILE_NO_CMA) or without a CMA area",
			    cma > 0 ? why
				    : "whether this kernel has a CMA "
				      "area is not in the inputs");
			return false;
		}
		rule(c, "no CMA-first allocation: %s", why);
	}
	return true;
}

/* ---- sizes ------------------------------------------------------------- */

static uint64_t page_size(struct ctx *c)
{
	uint64_t p = c->rq->page_size;
	if (!p) {
		assume(c, "page size 4 KiB (the running kernel's PAGE_SIZE "
			  "and getpagesize(); give it when it is 16 or 64 "
			  "KiB)");
		return SZ_4K;
	}
	if (c->rq->page_size_source)
		rule(c, "page size %" PRIu64 " KiB from %s", p >> 10,
		     c->rq->page_size_source);
	return p;
}

static uint64_t align4(uint64_t v)
{
	return (v + 3) & ~3ULL;
}

/* The DTB handed to the next kernel: the one given, else the FDT the
 * system booted with (its totalsize) with the bootargs property replaced by
 * the new command line, else one page. kexec-tools' setup_2nd_dtb() and the
 * kernel's of_kexec_alloc_and_setup_fdt() + fdt_pack() both start from that
 * FDT; the other properties they add or drop are a few dozen bytes, which
 * matter only at a page boundary. */
static uint64_t dtb_size(struct ctx *c)
{
	const struct ea_world *a = c->a;
	if (c->rq->dtb_size) {
		if (c->rq->dtb_source)
			rule(c, "DTB size 0x%" PRIx64 " from %s",
			     c->rq->dtb_size, c->rq->dtb_source);
		return c->rq->dtb_size;
	}
	if (a->src->fdt.usable && a->src->fdt.totalsize) {
		uint64_t sz = a->src->fdt.totalsize;
		uint64_t old = a->src->fdt.bootargs
				   ? align4(strlen(a->src->fdt.bootargs) + 1)
				   : 0;
		if (c->rq->cmdline_len && sz > old)
			sz = sz - old + align4(c->rq->cmdline_len);
		assume(
		    c,
		    "DTB size 0x%" PRIx64 ": the boot FDT (totalsize 0x%" PRIx32
		    ", sys/firmware/fdt)%s; properties the loader adds or "
		    "drops are not counted",
		    sz, a->src->fdt.totalsize,
		    c->rq->cmdline_len ? " with bootargs replaced by the new "
					 "command line"
				       : "");
		return sz;
	}
	assume(c, "DTB size: one page (the FDT the system booted with is "
		  "not in the inputs)");
	return c->page;
}

/* The DTB arm64 kexec-tools loads when none is given (-d --dtb): the boot
 * FDT (read_1st_dtb(): sys/firmware/fdt) through setup_2nd_dtb() and
 * dtb_set_initrd(): kexec/dt-ops.c dtb_set_property() sets bootargs (its
 * length rounded up to 4 bytes, FDT_TAGALIGN) and linux,initrd-start/-end
 * (u64), packing the tree (fdt_pack) each time; kaslr-seed, when present,
 * is rewritten in place. Done here the same way with libfdt; 0 when the
 * FDT is not in the inputs (then dtb_size() estimates). */
static uint64_t kt_dtb_size(struct ctx *c)
{
	const struct ea_world *a = c->a;
	const struct ea_input *in = &a->src->in[EA_IN_FDT];
	const struct ea_pl_request *rq = c->rq;
	if (!a->src->fdt.usable || in->status != EA_IN_OK ||
	    in->len < a->src->fdt.totalsize)
		return 0;
	size_t cl = (size_t)((rq->cmdline_len + 3) & ~3ULL);
	size_t cap = (size_t)a->src->fdt.totalsize + cl + 0x400;
	void *fdt = ea_xcalloc(1, cap);
	int r = fdt_open_into(in->data, fdt, (int)cap);
	int ch = r ? r : fdt_path_offset(fdt, "/chosen");
	if (ch == -FDT_ERR_NOTFOUND)
		ch = fdt_add_subnode(fdt, 0, "chosen");
	r = ch < 0 ? ch : 0;
	if (!r && rq->cmdline_len) {
		char *v = ea_xcalloc(1, cl);
		memset(v, 'x', (size_t)rq->cmdline_len - 1);
		r = fdt_setprop(fdt, ch, "bootargs", v, (int)cl);
		free(v);
	}
	if (!r && rq->has_initrd &&
	    !(r = fdt_setprop_u64(fdt, ch, "linux,initrd-start", 1)))
		r = fdt_setprop_u64(fdt, ch, "linux,initrd-end", 2);
	if (!r)
		r = fdt_pack(fdt);
	uint64_t sz = r == 0 ? fdt_totalsize(fdt) : 0;
	free(fdt);
	if (!sz) {
		assume(c,
		       "the boot FDT could not be rebuilt as kexec-tools "
		       "does (libfdt: %s)",
		       fdt_strerror(r));
		return 0;
	}
	rule(c,
	     "DTB 0x%" PRIx64 " bytes: the boot FDT (sys/firmware/fdt, "
	     "totalsize 0x%" PRIx32 ") as setup_2nd_dtb() and "
	     "dtb_set_initrd() rebuild it (bootargs%s) and pack it",
	     sz, a->src->fdt.totalsize,
	     rq->has_initrd ? ", linux,initrd-start/-end" : "");
	if (!rq->cmdline_len)
		assume(c, "the new command line as long as the boot FDT's "
			  "bootargs (give --cmdline)");
	return sz;
}

/* ---- kexec_file_load, arm64 ------------------------------------------- */

/* drivers/of/kexec.c (v5.13+; before, the same steps in arm64's
 * machine_kexec_file.c): FDT_EXTRA_SPACE, RNG_SEED_SIZE */
#define KF_FDT_EXTRA 0x1000ULL
#define KF_RNG_SEED 128

/* Whether the kernel's RNG was initialised when the load was (or, with no
 * load in the log, will be) made: drivers/char/random.c prints "random:
 * crng init done" once; of_kexec_alloc_and_setup_fdt() adds kaslr-seed and
 * rng-seed only when rng_is_initialized(). From the kernel log: the line
 * before the first kexec_file segment line, or anywhere when there is
 * none. -1 when there is no log. */
static const char *find_bytes(const char *h, size_t n, const char *needle)
{
	size_t k = strlen(needle);
	for (size_t i = 0; k && i + k <= n; i++)
		if (h[i] == needle[0] && memcmp(h + i, needle, k) == 0)
			return h + i;
	return NULL;
}

static int kf_rng_ready(const struct ea_world *a)
{
	const struct ea_input *in = &a->src->in[EA_IN_DMESG];
	if (in->status != EA_IN_OK || !in->data)
		return -1;
	const char *crng = find_bytes(in->data, in->len, "crng init done");
	if (!crng)
		return 0;
	static const char *const loads[] = { "Loading segment ", "segment[" };
	for (size_t i = 0; i < 2; i++) {
		const char *l = find_bytes(in->data, in->len, loads[i]);
		if (l && l < crng)
			return 0;
	}
	return 1;
}

/* A 4- or 8-byte big-endian property value (property values are only
 * 4-byte aligned: read through core/bytes, never dereferenced). */
static bool prop_u64(const void *v, int len, uint64_t *out)
{
	struct ea_bytes b = { v, len > 0 ? (size_t)len : 0 };
	uint32_t w;
	if (len == 8)
		return ea_bytes_be64(&b, 0, out);
	if (len != 4 || !ea_bytes_be32(&b, 0, &w))
		return false;
	*out = w;
	return true;
}

/* fdt_find_and_del_mem_rsv() of the FDT's own reservation (the
 * address is not in the inputs: an entry of exactly its totalsize) */
static void del_own_rsv(struct ctx *c, void *fdt)
{
	uint32_t own = c->a->src->fdt.totalsize;
	for (int i = 0, n = fdt_num_mem_rsv(fdt); i < n; i++) {
		uint64_t a, sz;
		if (fdt_get_mem_rsv(fdt, i, &a, &sz) == 0 && sz == own) {
			fdt_del_mem_rsv(fdt, i);
			break;
		}
	}
}

/* Deletes the first /memreserve/ entry of exactly [s, s + sz); whether
 * there was one. */
static bool del_rsv(void *fdt, uint64_t s, uint64_t sz)
{
	for (int i = 0, n = fdt_num_mem_rsv(fdt); i < n; i++) {
		uint64_t a, z;
		if (fdt_get_mem_rsv(fdt, i, &a, &z) == 0 && a == s && z == sz) {
			fdt_del_mem_rsv(fdt, i);
			return true;
		}
	}
	return false;
}

/* The boot's initrd reservation: the entry at linux,initrd-start of its
 * size, else of its size rounded up to the page, deleted. */
static int del_boot_initrd(void *fdt, int ch, uint64_t page)
{
	int len;
	const void *p = fdt_getprop(fdt, ch, "linux,initrd-start", &len);
	int elen = 0;
	const void *e = fdt_getprop(fdt, ch, "linux,initrd-end", &elen);
	if (p && e && (len == 4 || len == 8) && (elen == 4 || elen == 8)) {
		uint64_t s0, e0;
		if (!prop_u64(p, len, &s0) || !prop_u64(e, elen, &e0))
			return -FDT_ERR_BADVALUE;
		uint64_t sz = e0 - s0;
		for (int pass = 0; pass < 2; pass++) {
			if (del_rsv(fdt, s0, sz))
				break;
			sz = (sz + page - 1) / page * page;
		}
	}
	return 0;
}

/* The next kernel's initrd, crash ranges and command line in /chosen. */
static int set_load_props(struct ctx *c, void *fdt, int ch)
{
	const struct ea_pl_request *rq = c->rq;
	int r;
	/* the values do not change the size: placeholders */
	if (rq->has_initrd) {
		if ((r = fdt_setprop_u64(fdt, ch, "linux,initrd-start", 1)) ||
		    (r = fdt_setprop_u64(fdt, ch, "linux,initrd-end", 2)) ||
		    (r = fdt_add_mem_rsv(fdt, 1, rq->initrd_size)))
			return r;
	} else {
		fdt_delprop(fdt, ch, "linux,initrd-start");
		fdt_delprop(fdt, ch, "linux,initrd-end");
	}
	if (rq->crash) {
		if ((r = fdt_appendprop_addrrange(fdt, 0, ch,
						  "linux,elfcorehdr", 1, 1)) ||
		    (r = fdt_add_mem_rsv(fdt, 1, 1)) ||
		    (r = fdt_appendprop_addrrange(
			 fdt, 0, ch, "linux,usable-memory-range", 1, 1)))
			return r;
	}
	if (rq->cmdline_len) {
		char *cl = ea_xcalloc(1, (size_t)rq->cmdline_len);
		memset(cl, 'x', (size_t)rq->cmdline_len - 1);
		r = fdt_setprop_string(fdt, ch, "bootargs", cl);
		free(cl);
		if (r)
			return r;
	}
	return 0;
}

/* The seeds (when the RNG is ready), linux,booted-from-kexec and the IMA
 * buffer in /chosen. */
static int set_kexec_props(struct ctx *c, void *fdt, int ch, bool rng)
{
	int r;
	fdt_delprop(fdt, ch, "kaslr-seed");
	static const char seed[KF_RNG_SEED];
	if (rng && ((r = fdt_setprop_u64(fdt, ch, "kaslr-seed", 0)) ||
		    (r = fdt_setprop(fdt, ch, "rng-seed", seed, sizeof(seed)))))
		return r;
	if ((r = fdt_setprop(fdt, ch, "linux,booted-from-kexec", NULL, 0)))
		return r;
	fdt_delprop(fdt, ch, "linux,ima-kexec-buffer");
	/* setup_ima_buffer(): the measurement list's range, with the root's
	 * cells, and its /memreserve/ */
	if (c->ima && ((r = fdt_appendprop_addrrange(
			    fdt, 0, ch, "linux,ima-kexec-buffer", 1, 1)) ||
		       (r = fdt_add_mem_rsv(fdt, 1, 1))))
		return r;
	return 0;
}

/* of_kexec_alloc_and_setup_fdt()'s steps on fdt (the boot FDT opened with
 * room), then fdt_pack(): 0, else a libfdt error. */
static int kf_dtb_steps(struct ctx *c, void *fdt, uint64_t page, bool rng)
{
	int r;
	del_own_rsv(c, fdt);
	int ch = fdt_path_offset(fdt, "/chosen");
	if (ch == -FDT_ERR_NOTFOUND)
		ch = fdt_add_subnode(fdt, 0, "chosen");
	if (ch < 0)
		return ch;
	fdt_delprop(fdt, ch, "linux,elfcorehdr");
	fdt_delprop(fdt, ch, "linux,usable-memory-range");
	if ((r = del_boot_initrd(fdt, ch, page)) ||
	    (r = set_load_props(c, fdt, ch)) ||
	    (r = set_kexec_props(c, fdt, ch, rng)))
		return r;
	return fdt_pack(fdt);
}

/* The DTB arm64 kexec_file_load builds: of_kexec_alloc_and_setup_fdt() on
 * the boot FDT (sys/firmware/fdt), then fdt_pack() (load_other_segments()),
 * done here the same way with libfdt; 0 when the FDT is not in the inputs
 * (then dtb_size() estimates). */
static uint64_t kf_dtb_size(struct ctx *c)
{
	const struct ea_world *a = c->a;
	const struct ea_input *in = &a->src->in[EA_IN_FDT];
	if (!a->src->fdt.usable || in->status != EA_IN_OK ||
	    in->len < a->src->fdt.totalsize)
		return 0;
	size_t cap = (size_t)a->src->fdt.totalsize +
		     (size_t)c->rq->cmdline_len + KF_FDT_EXTRA + KF_RNG_SEED +
		     0x400;
	void *fdt = ea_xcalloc(1, cap);
	int ready = kf_rng_ready(a);
	int r = fdt_open_into(in->data, fdt, (int)cap);
	if (r == 0)
		r = kf_dtb_steps(c, fdt, c->page, ready != 0);
	uint64_t sz = r == 0 ? fdt_totalsize(fdt) : 0;
	free(fdt);
	if (!sz) {
		assume(c,
		       "the boot FDT could not be rebuilt as the kernel "
		       "does (libfdt: %s)",
		       fdt_strerror(r));
		return 0;
	}
	rule(c,
	     "DTB 0x%" PRIx64 " bytes: the boot FDT (sys/firmware/fdt, "
	     "totalsize 0x%" PRIx32 ") rebuilt as of_kexec_alloc_and_setup_fdt"
	     "() does (bootargs%s%s%s, linux,booted-from-kexec) and packed "
	     "(fdt_pack)",
	     sz, a->src->fdt.totalsize,
	     c->rq->has_initrd ? ", linux,initrd-start/-end and its "
				 "/memreserve/"
			       : "",
	     c->rq->crash ? ", linux,elfcorehdr and its /memreserve/, "
			    "linux,usable-memory-range"
			  : "",
	     ready == 1	  ? ", kaslr-seed and a 128-byte rng-seed: the log "
			    "says \"crng init done\" before any kexec_file "
			    "load"
	     : ready == 0 ? ", no kaslr-seed or rng-seed: the RNG was not "
			    "initialised (no \"crng init done\" before the "
			    "load in the log)"
			  : "");
	if (!c->rq->cmdline_len)
		assume(c, "the new command line as long as the boot FDT's "
			  "bootargs (give --cmdline)");
	if (ready < 0)
		assume(c, "the RNG is initialised at load time (kaslr-seed "
			  "and rng-seed are added): no kernel log says");
	assume(c, "no IMA measurement buffer (CONFIG_IMA_KEXEC)");
	return sz;
}

/* The arm64 Image's text_offset and image_size: from its header, else the
 * sizes given. An image_size of 0 (kernels <= 3.16) is refused by the
 * kernel's image_load() and replaced by defaults in kexec-tools. false with
 * the status set when there is no usable kernel. */
static bool arm64_kernel(struct ctx *c, bool kexec_tools, uint64_t *text_offset,
			 uint64_t *image_size)
{
	const struct ea_pl_request *rq = c->rq;
	if (rq->image) {
		if (rq->image->kind != EA_KIMAGE_ARM64) {
			set_status(c, EA_PL_NO_INPUT,
				   "the kernel image is not an arm64 Image");
			return false;
		}
		if (rq->image->arm64.size_assumed && !kexec_tools) {
			set_status(c, EA_PL_FAILED,
				   "-EINVAL: the Image header has image_size "
				   "0 (a kernel <= 3.16); image_load() refuses "
				   "it");
			return false;
		}
		*text_offset = rq->image->arm64.text_offset;
		*image_size = rq->image->arm64.image_size;
		if (rq->image->arm64.size_assumed)
			assume(c, "image_size 0 in the header: kexec-tools "
				  "takes text_offset 0x80000 and 16 MiB");
	} else if (rq->kernel_size) {
		*text_offset = rq->text_offset;
		*image_size = rq->kernel_size;
		assume(c,
		       "kernel image_size 0x%" PRIx64
		       " and text_offset 0x%" PRIx64
		       " as given (no Image header read)",
		       *image_size, *text_offset);
	} else {
		set_status(c, EA_PL_NO_INPUT,
			   "no kernel: give an Image or its size");
		return false;
	}
	return true;
}

/* Whether arm64's kexec_file_load takes this load at all: the rules'
 * kernel has it (and crash images), and kf_applies(). */
static bool kf_arm64_applies(struct ctx *c)
{
	const struct ea_pl_request *rq = c->rq;
	if (!has(c, EA_KB_ARM64_KEXEC_FILE)) {
		set_status(c, EA_PL_NOT_APPLICABLE,
			   "arm64 has no kexec_file_load before v5.0 "
			   "(52b2a8af7436)");
		return false;
	}
	if (rq->crash && !has(c, EA_KB_ARM64_CRASH_FILE)) {
		set_status(c, EA_PL_FAILED,
			   "-EOPNOTSUPP: image_load() refuses crash images "
			   "before 3751e728cef2 (v5.7)");
		return false;
	}
	return kf_applies(c, rq->crash);
}

/* The candidate ranges: the Crash kernel region for a crash image, else
 * the memblock walk. false with the status set when the inputs lack them. */
static bool kf_candidates(struct ctx *c)
{
	if (!c->rq->crash)
		return walk_memblock(c);
	struct ea_range cr;
	struct ea_evid cev;
	if (!crash_range(c->a, &cr, &cev)) {
		set_status(c, EA_PL_NO_INPUT,
			   "a crash image needs the Crash kernel "
			   "region, which the inputs do not show");
		return false;
	}
	cand_add(c, cr.first, cr.last, cev);
	c->reverse_topdown = false;
	c->walk_what = "Crash kernel region";
	rule(c, "crash image: the only candidate is the Crash kernel "
		"region (kexec_walk_memblock/_resources: crashk_res)");
	return true;
}

/* kimage_file_prepare_segments(): ima_add_kexec_buffer() before the
 * arch loader, so before the kernel and kept through its retries:
 * page-aligned, top-down, memsz ALIGN(binary_runtime_size + PAGE_SIZE
 * / 2, PAGE_SIZE). false with the status set when it has no room. */
static bool kf_ima(struct ctx *c)
{
	if (!c->rq->ima_kexec)
		return true;
	if (c->rq->crash && has(c, EA_KB_IMA_NO_CRASH)) {
		rule(c, "CONFIG_IMA_KEXEC=y, but a crash image gets no IMA "
			"measurement list (ima_add_kexec_buffer(), "
			"fe3aebf27dc1)");
		return true;
	}
	struct kbuf mb = { "ima", c->page, c->page, 0, UINT64_MAX, true };
	if (!kf_add(c, &mb, NULL)) {
		set_status(c, EA_PL_FAILED,
			   "no room for the IMA measurement list");
		return false;
	}
	c->ima = true;
	rule(c, "CONFIG_IMA_KEXEC=y: the IMA measurement list is "
		"placed first, top-down, page-aligned "
		"(ima_add_kexec_buffer())");
	assume(c, "IMA measurement list: one page (its size is the "
		  "binary measurement list plus half a page, not in "
		  "the inputs)");
	return true;
}

/* What arm64 image_load() places, and whether it retries. */
struct kf_arm64 {
	uint64_t text_offset, image_size;
	uint64_t dtb, hdr; /* DTB and ELF core header sizes */
	bool retry;	   /* 108aa503657e (v5.10) */
};

/* load_other_segments() above the kernel (from kend; kbase is the kernel
 * segment as it sees it): the ELF core header of a crash image, the
 * initrd, the DTB. Whether all were placed. */
static bool kf_arm64_others(struct ctx *c, const struct kf_arm64 *k,
			    uint64_t kend, uint64_t kbase)
{
	const struct ea_pl_request *rq = c->rq;
	bool ok = true;
	if (rq->crash) {
		struct kbuf hb = { "elfcorehdr", k->hdr,     SZ_64K,
				   kend,	 UINT64_MAX, true };
		ok = kf_add(c, &hb, NULL);
	}
	if (ok && rq->has_initrd) {
		struct kbuf ib = { "initrd",
				   rq->initrd_size,
				   0,
				   kend,
				   align_down(kbase, SZ_1G) + SZ_32G,
				   false };
		ok = kf_add(c, &ib, NULL);
	}
	if (ok) {
		struct kbuf db = {
			"dtb", k->dtb, SZ_2M, kend, UINT64_MAX, true
		};
		ok = kf_add(c, &db, NULL);
	}
	return ok;
}

/* the kernel segment as the kernel records it (the
 * vector may have moved since the kernel was added) */
static void kf_arm64_kernel_seg(struct ctx *c, size_t keep_seg, uint64_t hole,
				uint64_t kmemsz, uint64_t text_offset)
{
	struct ea_pl_segment *ks = &c->out->seg.v[keep_seg];
	ks->memsz = kmemsz - text_offset;
	ea_range_from_size(hole + text_offset, ks->memsz, &ks->r);
	if (text_offset) {
		char *r =
		    ea_xasprintf("%s; the segment starts "
				 "text_offset 0x%" PRIx64 " above the hole",
				 ks->rule, text_offset);
		free(ks->rule);
		ks->rule = r;
	}
}

/* keep the failed attempt's record out of the result, but
 * say what happened (the first few in full; a load that
 * walks all of RAM says how often in kernel_attempts) */
static void kf_attempt_dropped(struct ctx *c, unsigned attempt, uint64_t hole)
{
	if (attempt <= 3)
		*EA_VEC_PUSH(c->rules) = ea_xasprintf(
		    "kernel attempt %u at 0x%016" PRIx64 " dropped: %s: %s",
		    attempt, hole, c->out->seg.v[c->out->seg.n - 1].name,
		    c->out->seg.v[c->out->seg.n - 1].rule);
	else if (attempt == 4)
		*EA_VEC_PUSH(c->rules) =
		    ea_xstrdup("later kernel attempts dropped the same way");
}

/* The kernel, then the others above it; with the retry, a failure of the
 * others drops the kernel and searches again from its end. */
static void kf_arm64_place(struct ctx *c, const struct kf_arm64 *k)
{
	uint64_t buf_min = 0;
	for (unsigned attempt = 1;; attempt++) {
		c->out->kernel_attempts = attempt;
		size_t keep_seg = c->out->seg.n, keep_placed = c->placed.n;
		struct kbuf kk = { "kernel",   k->text_offset + k->image_size,
				   SZ_2M,      buf_min,
				   UINT64_MAX, false };
		uint64_t hole;
		if (!kf_add(c, &kk, &hole)) {
			if (attempt > 1)
				set_status(c, EA_PL_FAILED,
					   "\"Could not find any suitable "
					   "kernel location!\" after %u kernel "
					   "placements",
					   attempt - 1);
			else
				set_status(c, EA_PL_FAILED,
					   "no free memblock range holds the "
					   "kernel (-EADDRNOTAVAIL)");
			return;
		}
		uint64_t kmemsz = c->out->seg.v[keep_seg].memsz;
		uint64_t kend = hole + kmemsz; /* buf_min of the others */
		/* load_other_segments() gets the segment as it is then: with
		 * the retry loop before text_offset is added, without it
		 * after (only the 1 GiB rounding can tell them apart) */
		uint64_t kbase = k->retry ? hole : hole + k->text_offset;
		if (kf_arm64_others(c, k, kend, kbase)) {
			kf_arm64_kernel_seg(c, keep_seg, hole, kmemsz,
					    k->text_offset);
			return;
		}
		if (!k->retry) {
			set_status(c, EA_PL_FAILED,
				   "the %s cannot be placed above the kernel "
				   "and this kernel does not retry",
				   c->out->seg.v[c->out->seg.n - 1].name);
			return;
		}
		kf_attempt_dropped(c, attempt, hole);
		drop_after(c, keep_seg, keep_placed);
		buf_min = kend;
	}
}

static void run_file_arm64(struct ctx *c)
{
	const struct ea_pl_request *rq = c->rq;
	struct kf_arm64 k;
	if (!arm64_kernel(c, false, &k.text_offset, &k.image_size))
		return;
	if (k.image_size > UINT64_MAX - k.text_offset) {
		set_status(c, EA_PL_FAILED, "image size overflows");
		return;
	}
	if (!kf_arm64_applies(c))
		return;

	k.retry = has(c, EA_KB_ARM64_RETRY);
	rule(c,
	     "arm64 image_load(): kernel memsz image_size + text_offset "
	     "at 2 MiB (MIN_KIMG_ALIGN), bottom-up from buf_min 0; %s",
	     k.retry ? "on a failed initrd/DTB placement the kernel segment "
		       "is dropped and buf_min raised past it (108aa503657e, "
		       "v5.10)"
		     : "no retry: a failed initrd/DTB placement fails the "
		       "load (before 108aa503657e, v5.10)");
	if (!kf_candidates(c))
		return;

	/* the IMA list first: it is placed before image_load() builds the
	 * DTB that names it */
	if (!kf_ima(c))
		return;
	k.dtb = kf_dtb_size(c);
	if (!k.dtb)
		k.dtb = dtb_size(c);
	k.hdr = rq->elfcorehdr_size;
	if (rq->crash && !k.hdr) {
		k.hdr = c->page;
		assume(c, "ELF core header: one page (its size depends on the "
			  "CPU count and memory ranges)");
	}
	kf_arm64_place(c, &k);
}

/* ---- kexec_file_load, x86 --------------------------------------------- */

/* The descriptors efi_get_runtime_map_size() counts, where the count
 * came from (from), and whether it is known. */
static size_t runtime_map_count(struct ctx *c, char *from, size_t fromlen,
				bool *known)
{
	/* efi_get_runtime_map_size(): efi.memmap.nr_map * desc_size (6.2+,
	 * arch/x86/platform/efi/runtime-map.c; before, the same count in
	 * drivers/firmware/efi/runtime-map.c), 0 without
	 * CONFIG_EFI_RUNTIME_MAP or a UEFI boot. Counted from
	 * sys/firmware/efi/runtime-map (that map, exported), else from the
	 * kernel log's "EFI runtime memory map" listing (efi=debug); when
	 * neither is among the inputs the count is not known: said so, not
	 * taken for 0 */
	const struct ea_sources *src = c->a->src;
	const struct ea_kb_fact *uefi = &c->a->m->facts.uefi;
	size_t nmap = 0;
	*known = true;
	if (c->rq->no_runtime_map) {
		snprintf(from, fromlen,
			 "none: the configuration does not set "
			 "CONFIG_EFI_RUNTIME_MAP, so "
			 "efi_get_runtime_map_size() is 0");
	} else if (src->in[EA_IN_RUNTIME_MAP].status == EA_IN_OK &&
		   src->runtime_map.map.n) {
		nmap = src->runtime_map.map.n;
		snprintf(from, fromlen,
			 "%zu descriptors of %llu bytes, counted in "
			 "sys/firmware/efi/runtime-map",
			 nmap, (unsigned long long)EFI_DESC_SIZE);
	} else if (src->dmesg.efi_runtime_map.n) {
		nmap = src->dmesg.efi_runtime_map.n;
		snprintf(from, fromlen,
			 "%zu descriptors of %llu bytes, counted in the kernel "
			 "log's \"EFI runtime memory map\" listing "
			 "(sys/firmware/efi/runtime-map is not among the "
			 "inputs)",
			 nmap, (unsigned long long)EFI_DESC_SIZE);
	} else if (uefi->v == EA_FACT_NO) {
		snprintf(from, fromlen,
			 "none: not a UEFI boot (%s), so "
			 "efi_get_runtime_map_size() is 0",
			 uefi->why ? uefi->why : "the inputs say so");
	} else {
		*known = false;
		snprintf(from, fromlen,
			 "not counted: neither sys/firmware/efi/runtime-map "
			 "nor the log's efi=debug \"EFI runtime memory map\" "
			 "listing is among the inputs");
	}
	return nmap;
}

static uint64_t boot_params_estimate(struct ctx *c)
{
	char from[240];
	bool known;
	size_t nmap = runtime_map_count(c, from, sizeof(from), &known);
	uint64_t map = nmap * EFI_DESC_SIZE;
	uint64_t cl = c->rq->cmdline_len;
	uint64_t sz = X86_BOOT_PARAMS + cl + X86_ELFCOREHDR_STR;
	sz = (sz + 15) & ~15ULL;
	sz += (map + 15) & ~15ULL;
	sz +=
	    X86_SETUP_DATA + X86_EFI_SETUP_DATA + X86_SETUP_DATA + X86_RNG_SEED;
	/* bzImage64_load(): a setup_data for IMA (CONFIG_IMA_KEXEC, x86 from
	 * v6.0) and one for KHO (CONFIG_KEXEC_HANDOVER, v6.16), whether used
	 * or not (IS_ENABLED) */
	const char *more = "";
	if (c->rq->ima_kexec && c->rq->kho_setup_data) {
		sz += 2 * X86_SETUP_DATA + X86_IMA_SETUP_DATA + X86_KHO_DATA;
		more = ", and the IMA and KHO setup_data (CONFIG_IMA_KEXEC, "
		       "CONFIG_KEXEC_HANDOVER)";
	} else if (c->rq->ima_kexec) {
		sz += X86_SETUP_DATA + X86_IMA_SETUP_DATA;
		more = ", and the IMA setup_data (CONFIG_IMA_KEXEC)";
	} else if (c->rq->kho_setup_data) {
		sz += X86_SETUP_DATA + X86_KHO_DATA;
		more = ", and the KHO setup_data (CONFIG_KEXEC_HANDOVER)";
	} else if (!c->rq->config_known) {
		more = "; no IMA or KHO setup_data (no kernel configuration "
		       "among the inputs: CONFIG_IMA_KEXEC adds 32 bytes, "
		       "CONFIG_KEXEC_HANDOVER 48)";
	}
	assume(c,
	       "boot_params segment estimated at 0x%" PRIx64
	       " bytes: struct boot_params, the command line (%" PRIu64
	       " bytes), room for elfcorehdr=, the EFI runtime map (%s) and "
	       "the EFI and RNG setup_data (bzImage64_load(), 6.x; a real 6.1 "
	       "load with a 48-byte command line and 107 descriptors used "
	       "0x2500, as this gives)%s",
	       sz, cl, from, more);
	if (!known)
		assume(c,
		       "the EFI runtime map's size is not known: each of its "
		       "descriptors adds %llu bytes to the boot_params "
		       "segment (efi_get_runtime_map_size()), which is placed "
		       "top-down, so a real map makes it larger and can move "
		       "it and the segments placed after it lower; give the "
		       "snapshot's sys/firmware/efi/runtime-map, or a log "
		       "booted with efi=debug",
		       (unsigned long long)EFI_DESC_SIZE);
	return sz;
}

/* The bzImage's init_size, kernel_alignment and pref_address: from its
 * header, else the sizes given. false with the status set when there is
 * no usable kernel. */
static bool x86_kernel(struct ctx *c, uint64_t *init_size, uint64_t *kalign,
		       uint64_t *pref)
{
	const struct ea_pl_request *rq = c->rq;
	if (rq->image) {
		if (rq->image->kind != EA_KIMAGE_X86_BZIMAGE) {
			set_status(c, EA_PL_NO_INPUT,
				   "the kernel image is not an x86 bzImage");
			return false;
		}
		if (!rq->image->x86.kexec_file_ok) {
			set_status(c, EA_PL_FAILED, "-ENOEXEC: %s",
				   rq->image->why);
			return false;
		}
		*init_size = rq->image->x86.init_size;
		*kalign = rq->image->x86.kernel_alignment;
		*pref = rq->image->x86.pref_address;
	} else if (rq->kernel_size) {
		*init_size = rq->kernel_size;
		*kalign = rq->kernel_align;
		*pref = rq->pref_address;
		if (!*kalign) {
			*kalign = SZ_2M;
			assume(c, "kernel_alignment 2 MiB (no bzImage header "
				  "read)");
		}
		assume(c, "kernel init_size 0x%" PRIx64 " as given",
		       *init_size);
	} else {
		set_status(c, EA_PL_NO_INPUT,
			   "no kernel: give a bzImage or its init_size");
		return false;
	}
	return true;
}

/* which walk: memblock on a kernel that exports it (a TDX host), else the
 * resource walk. false with the status set when it cannot be made. */
static bool x86_walk(struct ctx *c)
{
	const struct ea_world *a = c->a;
	bool tdx_log =
	    a->src->in[EA_IN_DMESG].status == EA_IN_OK &&
	    ea_find(a->src->in[EA_IN_DMESG].data, a->src->in[EA_IN_DMESG].len,
		    "virt/tdx: ") != (size_t)-1;
	bool mb = a->src->in[EA_IN_MB_MEMORY].status == EA_IN_OK &&
		  a->src->mb_memory.regions.n;
	if (mb) {
		rule(c, "x86 kernel exporting memblock: a TDX-host kernel "
			"(CONFIG_INTEL_TDX_HOST selects ARCH_KEEP_MEMBLOCK, "
			"abe8dbab8f9f, v6.8), so kexec_file walks memblock");
		if (!walk_memblock(c))
			return false;
	} else if (a->m->facts.x86_mb_walk.v == EA_FACT_YES) {
		/* the model's view is unknown for the same reason */
		set_status(c, EA_PL_NOT_APPLICABLE,
			   "kexec_file walks memblock (%s), and memblock "
			   "debugfs is not in the inputs",
			   a->m->facts.x86_mb_walk.why);
		return false;
	} else if (tdx_log && has(c, EA_KB_X86_TDX_MEMBLOCK)) {
		set_status(c, EA_PL_NOT_APPLICABLE,
			   "the kernel log shows a TDX host (virt/tdx), whose "
			   "kexec_file walks memblock (abe8dbab8f9f), and "
			   "memblock debugfs is not in the inputs");
		return false;
	} else {
		bool rev = has(c, EA_KB_REVERSE_RAM_WALK);
		if (!walk_resources(c, rev))
			return false;
		if (has(c, EA_KB_X86_TDX_MEMBLOCK))
			assume(c, "not a TDX-host kernel (no memblock debugfs "
				  "data, no virt/tdx lines): the resource walk "
				  "applies");
	}
	return true;
}

/* bzImage64_load(): purgatory, boot_params, kernel, initrd, all
 * top-down. */
static void x86_place(struct ctx *c, uint64_t init_size, uint64_t kalign,
		      uint64_t pref)
{
	const struct ea_pl_request *rq = c->rq;
	uint64_t purg = rq->purgatory_size;
	if (!purg) {
		purg = X86_PURGATORY;
		assume(c,
		       "purgatory memsz 0x%llx at 4 KiB alignment (measured "
		       "in Debian 6.1.0-56-cloud-amd64's kexec_purgatory; "
		       "the 5.3 kernel of corpus asus-ux391fa-x86 used "
		       "0x6000)",
		       (unsigned long long)X86_PURGATORY);
	}
	uint64_t bp = rq->boot_params_size ? rq->boot_params_size
					   : boot_params_estimate(c);
	bool use_pref = has(c, EA_KB_X86_PREF_ADDRESS);
	uint64_t kmin =
	    use_pref && pref > X86_MIN_KERNEL ? pref : X86_MIN_KERNEL;
	rule(c,
	     "bzImage64_load(): purgatory from 0x3000, boot_params from "
	     "0x3000 (align 16), kernel memsz PAGE_ALIGN(init_size) at "
	     "kernel_alignment 0x%" PRIx64 " from 0x%" PRIx64 " (%s), initrd "
	     "from 0x1000000, all top-down",
	     kalign, kmin,
	     use_pref ? "pref_address or 1 MiB, 43b1d3e68ee7, v6.9"
		      : "1 MiB; pref_address used only from 43b1d3e68ee7, "
			"v6.9");

	struct kbuf pb = { "purgatory",	      purg,	  X86_PURGATORY_ALIGN,
			   X86_MIN_PURGATORY, UINT64_MAX, true };
	struct kbuf bb = { "boot_params",     bp,	  16,
			   X86_MIN_BOOTPARAM, UINT64_MAX, true };
	struct kbuf kb = {
		"kernel", init_size, kalign, kmin, UINT64_MAX, true
	};
	if (!kf_add(c, &pb, NULL) || !kf_add(c, &bb, NULL) ||
	    !kf_add(c, &kb, NULL)) {
		set_status(c, EA_PL_FAILED, "the %s cannot be placed",
			   c->out->seg.v[c->out->seg.n - 1].name);
		return;
	}
	if (rq->has_initrd) {
		struct kbuf ib = { "initrd",	   rq->initrd_size, c->page,
				   X86_MIN_INITRD, UINT64_MAX,	    true };
		if (!kf_add(c, &ib, NULL)) {
			set_status(c, EA_PL_FAILED,
				   "the initrd cannot be placed");
			return;
		}
	}
}

static void run_file_x86(struct ctx *c)
{
	uint64_t init_size, kalign, pref;
	if (!x86_kernel(c, &init_size, &kalign, &pref))
		return;
	if (c->rq->crash) {
		set_status(c, EA_PL_NOT_APPLICABLE,
			   "x86 crash images (ELF core header, and the backup "
			   "region of older kernels) are not modelled");
		return;
	}
	if (!x86_walk(c) || !kf_applies(c, false))
		return;
	/* kimage_file_prepare_segments(): the IMA list before the arch
	 * loader, on x86 too (b69a2afd5afc, v6.0) */
	if (!kf_ima(c))
		return;
	x86_place(c, init_size, kalign, pref);
}

/* ---- kexec_load, arm64, kexec-tools ------------------------------------ */

struct ktr {
	uint64_t start, end; /* inclusive */
	bool ram;
	struct ea_evid ev;
};
typedef EA_VEC(struct ktr) ktr_vec;

/* get_memory_ranges() of kexec-tools <= 2.0.20: every "System RAM" and
 * "reserved" line at any depth, until 64 are stored. */
static void kt_ranges_old(const struct ea_world *a, ktr_vec *v, struct ctx *c)
{
	for (size_t i = 0; i < a->src->iomem.res.n; i++) {
		const struct ea_iomem_res *r = &a->src->iomem.res.v[i];
		if (v->n >= KT_ARM64_MAX_RANGES) {
			rule(c,
			     "the 64-entry array is full: /proc/iomem is "
			     "read no further (from line %u)",
			     r->line);
			return;
		}
		bool ram = ea_iomem_is(r, EA_IOMEM_SYSTEM_RAM);
		if (!ram && !ea_iomem_is(r, EA_IOMEM_RESERVED))
			continue;
		struct ktr *k = EA_VEC_PUSH(*v);
		k->start = r->r.first;
		k->end = r->r.last;
		k->ram = ram;
		k->ev = ea_iomem_evid(&a->src->iomem, r);
	}
}

/* mem_regions_exclude(): the entry that wholly contains the range loses
 * it; a split keeps the lower part and appends the upper part. */
static void kt_exclude(ktr_vec *v, uint64_t s, uint64_t e)
{
	for (size_t i = 0; i < v->n; i++) {
		struct ktr *r = &v->v[i];
		if (!(r->start <= s && r->end >= e))
			continue;
		if (r->start == s) {
			if (r->end == e) {
				/* mem_regions_remove(): later entries move
				 * down; the loop goes on at i + 1 */
				memmove(&v->v[i], &v->v[i + 1],
					(v->n - i - 1) * sizeof(*v->v));
				v->n--;
			} else {
				r->start = e + 1;
			}
		} else if (r->end == e) {
			r->end = s - 1;
		} else {
			struct ktr up = *r;
			up.start = e + 1;
			r->end = s - 1;
			*EA_VEC_PUSH(*v) = up;
			break;
		}
	}
}

/* get_memory_ranges() of kexec-tools >= 2.0.21 (f736104). */
static void kt_ranges_new(const struct ea_world *a, ktr_vec *v, bool v2_0_24)
{
	/* 2.0.24+: only the crash region kexec-tools found last is kept
	 * (get_crash_kernel_load_range()) */
	bool has_crash = false;
	struct ea_range last_crash = { 0, 0 };
	for (size_t i = 0; i < a->src->iomem.res.n; i++)
		if (ea_iomem_is(&a->src->iomem.res.v[i],
				EA_IOMEM_CRASH_KERNEL)) {
			last_crash = a->src->iomem.res.v[i].r;
			has_crash = true;
		}
	for (size_t i = 0; i < a->src->iomem.res.n; i++) {
		const struct ea_iomem_res *r = &a->src->iomem.res.v[i];
		if (ea_iomem_is(r, EA_IOMEM_SYSTEM_RAM)) {
			struct ktr *k = EA_VEC_PUSH(*v);
			k->start = r->r.first;
			k->end = r->r.last;
			k->ram = true;
			k->ev = ea_iomem_evid(&a->src->iomem, r);
			continue;
		}
		bool kept = ea_iomem_is(r, EA_IOMEM_KERNEL_CODE) ||
			    ea_iomem_is(r, EA_IOMEM_KERNEL_DATA);
		if (ea_iomem_is(r, EA_IOMEM_CRASH_KERNEL))
			kept = !v2_0_24 ||
			       (has_crash && !ea_range_cmp(&r->r, &last_crash));
		if (kept || !v->n)
			continue;
		const struct ktr *last = &v->v[v->n - 1];
		if (last->end < r->r.first || r->r.last < last->start)
			continue;
		kt_exclude(v, r->r.first, r->r.last);
	}
}

struct ktseg {
	uint64_t mem, memsz;
};
typedef EA_VEC(struct ktseg) ktseg_vec;

static int ktseg_cmp(const void *x, const void *y)
{
	const struct ktseg *p = x, *q = y;
	return p->mem < q->mem ? -1 : p->mem > q->mem;
}

/* kexec-tools' mem_min and mem_max (--mem-min, --mem-max; 0 and
 * ULONG_MAX unless given), inclusive. */
struct ktwin {
	uint64_t lo, hi;
};

static struct ktwin kt_window(const struct ea_pl_request *rq)
{
	struct ktwin w = { rq->has_mem_min ? rq->mem_min : 0,
			   rq->has_mem_max ? rq->mem_max : UINT64_MAX };
	return w;
}

/* " between --mem-min 0x... and --mem-max 0x..." (what was given), or "" */
static const char *kt_window_text(const struct ea_pl_request *rq, char *buf,
				  size_t n)
{
	if (rq->has_mem_min && rq->has_mem_max)
		snprintf(buf, n,
			 " between --mem-min 0x%" PRIx64 " and --mem-max "
			 "0x%" PRIx64,
			 rq->mem_min, rq->mem_max);
	else if (rq->has_mem_min)
		snprintf(buf, n, " at or above --mem-min 0x%" PRIx64,
			 rq->mem_min);
	else if (rq->has_mem_max)
		snprintf(buf, n, " at or below --mem-max 0x%" PRIx64,
			 rq->mem_max);
	else
		buf[0] = '\0';
	return buf;
}

/* locate_hole(); returns the base or UINT64_MAX, and the usable entry the
 * piece came from. Each free piece is seen "through the lens of mem_min,
 * mem_max and hole_align": its start raised to mem_min and hole_min and
 * aligned, its end cut at mem_max and hole_max. */
static uint64_t kt_locate_hole(const ktr_vec *mr, ktseg_vec *segs,
			       uint64_t size, uint64_t align, uint64_t hmin,
			       uint64_t hmax, bool bottom, uint64_t page,
			       struct ktwin win, size_t *from,
			       struct ea_range *piece)
{
	if (align < page)
		align = page;
	ea_sort(segs->v, segs->n, sizeof(*segs->v), ktseg_cmp);
	struct pc {
		uint64_t s, e;
		size_t from;
	};
	EA_VEC(struct pc) p = { 0 };
	size_t j = 0;
	for (size_t i = 0; i < mr->n; i++) {
		if (!mr->v[i].ram)
			continue;
		uint64_t ms = mr->v[i].start, me = mr->v[i].end;
		while (j < segs->n && segs->v[j].mem <= me) {
			uint64_t ss = segs->v[j].mem;
			uint64_t se = ss + segs->v[j].memsz - 1;
			if (ms < ss) {
				struct pc *x = EA_VEC_PUSH(p);
				x->s = ms;
				x->e = ss - 1;
				x->from = i;
			}
			ms = se + 1;
			j++;
		}
		if (ms < me) {
			struct pc *x = EA_VEC_PUSH(p);
			x->s = ms;
			x->e = me;
			x->from = i;
		}
	}
	uint64_t base = UINT64_MAX;
	for (size_t i = 0; i < p.n; i++) {
		uint64_t s = p.v[i].s, e = p.v[i].e;
		if (s < win.lo)
			s = win.lo;
		if (s < hmin)
			s = hmin;
		if (!align_up(s, align, &s))
			continue;
		if (e > win.hi)
			e = win.hi;
		if (e > hmax)
			e = hmax;
		if (s >= e || s >= win.hi || e <= win.lo)
			continue;
		if (!size || e - s >= size - 1) {
			uint64_t b =
			    bottom ? s : align_down(e - size + 1, align);
			base = b;
			*from = p.v[i].from;
			ea_range_make(p.v[i].s, p.v[i].e, piece);
			if (bottom)
				break;
		}
	}
	EA_VEC_FREE(p);
	if (base != UINT64_MAX && size && base + size - 1 > hmax)
		return UINT64_MAX;
	return base;
}

/* valid_memory_range(): inside [mem_min, mem_max] and one RAM entry (or
 * two that touch, which with inclusive ends never happens for disjoint
 * entries). */
static bool kt_valid(const ktr_vec *mr, struct ktwin win, uint64_t s,
		     uint64_t e)
{
	if (s > e || e > win.hi || s < win.lo)
		return false;
	for (size_t i = 0; i < mr->n; i++) {
		if (!mr->v[i].ram)
			continue;
		uint64_t ms = mr->v[i].start, me = mr->v[i].end;
		if (i + 1 < mr->n && me == mr->v[i + 1].start &&
		    mr->v[i + 1].ram)
			me = mr->v[i + 1].end;
		if (ms <= s && me >= e)
			return true;
	}
	return false;
}

/* sort_segments(): sorts, and fails on overlapping segments (possible only
 * when the usable list itself overlaps, e.g. a damaged /proc/iomem). */
static bool kt_sorted(ktseg_vec *segs, uint64_t *at)
{
	ea_sort(segs->v, segs->n, sizeof(*segs->v), ktseg_cmp);
	uint64_t end = 0;
	for (size_t i = 0; i < segs->n; i++) {
		if (i && end > segs->v[i].mem) {
			*at = end;
			return false;
		}
		end = segs->v[i].mem + segs->v[i].memsz;
	}
	return true;
}

/* add_buffer_phys_virt() with bottom-up placement. */
static bool kt_add(struct ctx *c, const ktr_vec *mr, ktseg_vec *segs,
		   const char *name, uint64_t size, uint64_t align,
		   uint64_t hmin, uint64_t hmax, uint64_t *base_out)
{
	struct ea_pl_segment *seg = seg_new(c, name);
	uint64_t at;
	if (!kt_sorted(segs, &at)) {
		seg->rule =
		    ea_xasprintf("\"Overlapping memory segments at 0x%" PRIx64
				 "\" (sort_segments)",
				 at);
		return false;
	}
	uint64_t memsz;
	if (!align_up(size, c->page, &memsz) || !memsz) {
		seg->rule =
		    ea_xasprintf("size 0x%" PRIx64 " not placeable", size);
		return false;
	}
	seg->memsz = memsz;
	size_t from = 0;
	struct ea_range piece;
	struct ktwin win = kt_window(c->rq);
	char wt[96];
	kt_window_text(c->rq, wt, sizeof(wt));
	uint64_t base = kt_locate_hole(mr, segs, memsz, align, hmin, hmax, true,
				       c->page, win, &from, &piece);
	if (base == UINT64_MAX) {
		seg->rule = ea_xasprintf(
		    "\"Could not find a free area of memory of 0x%" PRIx64
		    " bytes...\" (locate_hole, bottom-up from 0x%" PRIx64
		    "%s), then \"locate_hole failed\": add_buffer_phys_virt() "
		    "ends kexec",
		    memsz, hmin, wt);
		return false;
	}
	if (!kt_valid(mr, win, base, base + memsz - 1)) {
		seg->rule = ea_xasprintf("\"Invalid memory segment 0x%" PRIx64
					 " - 0x%" PRIx64 "\"",
					 base, base + memsz - 1);
		return false;
	}
	seg->placed = true;
	ea_range_from_size(base, memsz, &seg->r);
	seg->has_free = true;
	seg->free = piece;
	seg->free_ev = mr->v[from].ev;
	seg->rule = ea_xasprintf(
	    "locate_hole bottom-up, page-aligned, from hole_min "
	    "0x%" PRIx64 ": first usable piece 0x%016" PRIx64 "-0x%016" PRIx64
	    " that holds it%s%s%s",
	    hmin, piece.first, piece.last, wt[0] ? "; only memory" : "", wt,
	    wt[0] ? " counts" : "");
	struct ktseg *k = EA_VEC_PUSH(*segs);
	k->mem = base;
	k->memsz = memsz;
	*base_out = base;
	return true;
}

/* One kexec_load of kexec-tools: the usable list, the segments placed, the
 * --mem-min/--mem-max window (and its text), the kernel. */
struct ktload {
	ktr_vec mr;
	ktseg_vec segs;
	struct ktwin win;
	char wt[96];
	uint64_t text_offset, image_size;
	uint64_t image_base; /* once the kernel is placed */
};

/* Whether the model takes this load: not a crash load, a usable kernel
 * and /proc/iomem. false with the status set. */
static bool kt_load_applies(struct ctx *c, struct ktload *l)
{
	if (c->rq->crash) {
		set_status(c, EA_PL_NOT_APPLICABLE,
			   "kexec-tools crash loads (-p) are not modelled");
		return false;
	}
	if (!arm64_kernel(c, true, &l->text_offset, &l->image_size))
		return false;
	if (c->a->src->in[EA_IN_IOMEM].status != EA_IN_OK) {
		set_status(c, EA_PL_NO_INPUT,
			   "kexec-tools reads /proc/iomem, which is not usable "
			   "in the inputs");
		return false;
	}
	if (l->image_size > UINT64_MAX - l->text_offset - SZ_2M) {
		set_status(c, EA_PL_FAILED, "image size overflows");
		return false;
	}
	return true;
}

/* The usable list of the kexec-tools version modelled, and the rules it
 * places by (with the --mem-min/--mem-max window when given). */
static void kt_usable(struct ctx *c, struct ktload *l)
{
	const struct ea_pl_request *rq = c->rq;
	switch (rq->kexec_tools) {
	case EA_PL_KT_2_0_20:
		rule(c, "kexec-tools <= 2.0.20 (before f736104): every System "
			"RAM line of /proc/iomem whole, reserved lines kept "
			"apart and never subtracted, at most 64 lines");
		kt_ranges_old(c->a, &l->mr, c);
		break;
	case EA_PL_KT_2_0_21:
		rule(c,
		     "kexec-tools 2.0.21-2.0.23 (f736104): System RAM minus "
		     "every line overlapping the last System RAM entry "
		     "except Kernel code, Kernel data and Crash kernel; a "
		     "split keeps the lower part and appends the upper part");
		kt_ranges_new(c->a, &l->mr, false);
		break;
	case EA_PL_KT_2_0_24:
		rule(c,
		     "kexec-tools >= 2.0.24 (f736104, b5a34a2): System RAM "
		     "minus every line overlapping the last System RAM entry "
		     "except Kernel code, Kernel data and the last Crash "
		     "kernel region; a split keeps the lower part and "
		     "appends the upper part");
		kt_ranges_new(c->a, &l->mr, true);
		break;
	}
	rule(c, "arm64 kexec-tools: kernel hole text_offset + image_size at "
		"2 MiB bottom-up (arm64_locate_kernel_segment), segment at "
		"hole + text_offset; initrd, DTB, purgatory bottom-up from "
		"image_base + image_size, page-aligned (arm64_load_other_"
		"segments)");

	l->win = kt_window(rq);
	kt_window_text(rq, l->wt, sizeof(l->wt));
	if (l->wt[0])
		rule(c,
		     "kexec-tools mem_min 0x%" PRIx64 ", mem_max 0x%" PRIx64
		     " (--mem-min/--mem-max): locate_hole() raises each usable "
		     "piece's start to mem_min and cuts its end at mem_max, "
		     "valid_memory_range() refuses a segment outside them "
		     "(kexec/kexec.c)",
		     l->win.lo, l->win.hi);
}

/* arm64_locate_kernel_segment() and image_arm64_load(): the kernel's hole
 * and its segment at hole + text_offset. false with the status set. */
static bool kt_load_kernel(struct ctx *c, struct ktload *l)
{
	const char *wt = l->wt;
	uint64_t text_offset = l->text_offset, image_size = l->image_size;
	struct ea_pl_segment *ks = seg_new(c, "kernel");
	size_t from = 0;
	struct ea_range piece;
	uint64_t hole =
	    kt_locate_hole(&l->mr, &l->segs, text_offset + image_size, SZ_2M, 0,
			   UINT64_MAX, true, c->page, l->win, &from, &piece);
	if (hole == UINT64_MAX) {
		ks->rule = ea_xasprintf(
		    "\"Could not find a free area of memory of 0x%" PRIx64
		    " bytes...\" (locate_hole): no usable piece%s holds it at "
		    "2 MiB; image_arm64_load() fails (\"kexec: load failed.\")",
		    text_offset + image_size, wt);
		set_status(c, EA_PL_FAILED,
			   "the kernel cannot be placed: no usable piece%s "
			   "holds 0x%" PRIx64 " bytes at 2 MiB (\"Could not "
			   "find a free area of memory\", \"kexec: load "
			   "failed.\")",
			   wt, text_offset + image_size);
		return false;
	}
	uint64_t image_base = hole + text_offset, kmemsz;
	if (!align_up(image_size, c->page, &kmemsz) || image_base % c->page ||
	    !kt_valid(&l->mr, l->win, image_base, image_base + kmemsz - 1)) {
		ks->rule = ea_xasprintf(
		    "\"Invalid memory segment 0x%" PRIx64
		    "\": the page-rounded image leaves its usable piece%s%s "
		    "(valid_memory_range())",
		    image_base, wt[0] ? " or the memory" : "", wt);
		set_status(c, EA_PL_FAILED, "the kernel segment is invalid");
		return false;
	}
	ks->placed = true;
	ks->memsz = kmemsz;
	ea_range_from_size(image_base, kmemsz, &ks->r);
	ks->has_free = true;
	ks->free = piece;
	ks->free_ev = l->mr.v[from].ev;
	ks->rule = ea_xasprintf(
	    "locate_hole bottom-up, 2 MiB-aligned hole of 0x%" PRIx64
	    " (text_offset + image_size) at 0x%016" PRIx64
	    " in usable piece 0x%016" PRIx64 "-0x%016" PRIx64
	    "; segment at hole + text_offset%s%s%s",
	    text_offset + image_size, hole, piece.first, piece.last,
	    wt[0] ? "; only memory" : "", wt, wt[0] ? " counts" : "");
	struct ktseg *k0 = EA_VEC_PUSH(l->segs);
	k0->mem = image_base;
	k0->memsz = kmemsz;
	l->image_base = image_base;
	return true;
}

/* The initrd above the kernel, within 32 GiB of 1 GiB-aligned space with
 * it. false with the status set. */
static bool kt_load_initrd(struct ctx *c, struct ktload *l, uint64_t hmin,
			   uint64_t hmax)
{
	const struct ea_pl_request *rq = c->rq;
	uint64_t base;
	if (!kt_add(c, &l->mr, &l->segs, "initrd", rq->initrd_size, 0, hmin,
		    hmax, &base)) {
		set_status(c, EA_PL_FAILED, "the initrd cannot be placed%s",
			   l->wt);
		return false;
	}
	uint64_t iend = base + rq->initrd_size, up;
	if (!align_up(iend, SZ_1G, &up) ||
	    up - align_down(l->image_base, SZ_1G) > SZ_32G) {
		set_status(c, EA_PL_FAILED,
			   "\"kexec: Error: image + initrd too big.\" "
			   "(more than 32 GiB of 1 GiB-aligned space)");
		return false;
	}
	return true;
}

/* arm64_load_other_segments(): initrd, DTB, purgatory, bottom-up from the
 * kernel's end. false with the status set. */
static bool kt_load_others(struct ctx *c, struct ktload *l)
{
	const struct ea_pl_request *rq = c->rq;
	uint64_t hmin = l->image_base + l->image_size, hmax = UINT64_MAX, base;
	if (rq->has_initrd && !kt_load_initrd(c, l, hmin, hmax))
		return false;
	uint64_t dtb = c->rq->dtb_size ? 0 : kt_dtb_size(c);
	if (!dtb)
		dtb = dtb_size(c);
	if (dtb > SZ_2M) {
		seg_new(c, "dtb")->rule = ea_xstrdup("larger than 2 MiB");
		set_status(c, EA_PL_FAILED, "\"kexec: Error: dtb too big.\"");
		return false;
	}
	if (!kt_add(c, &l->mr, &l->segs, "dtb", dtb, 0, hmin, hmax, &base)) {
		set_status(c, EA_PL_FAILED, "the DTB cannot be placed%s",
			   l->wt);
		return false;
	}
	uint64_t purg = rq->purgatory_size;
	if (!purg) {
		purg = KT_ARM64_PURGATORY;
		assume(c,
		       "purgatory footprint 0x%llx bytes at 16-byte "
		       "alignment (measured in Debian bookworm kexec-tools "
		       "2.0.25 arm64)",
		       (unsigned long long)KT_ARM64_PURGATORY);
	}
	if (!kt_add(c, &l->mr, &l->segs, "purgatory", purg, 16, hmin, hmax,
		    &base)) {
		set_status(c, EA_PL_FAILED, "the purgatory cannot be placed%s",
			   l->wt);
		return false;
	}
	return true;
}

static void run_load_arm64(struct ctx *c)
{
	struct ktload l = { 0 };
	if (!kt_load_applies(c, &l))
		return;
	kt_usable(c, &l);
	if (kt_load_kernel(c, &l) && kt_load_others(c, &l)) {
		/* my_load() sorts once more before kexec_load() */
		uint64_t at;
		if (!kt_sorted(&l.segs, &at))
			set_status(c, EA_PL_FAILED,
				   "\"Overlapping memory segments at "
				   "0x%" PRIx64 "\"",
				   at);
	}
	EA_VEC_FREE(l.segs);
	EA_VEC_FREE(l.mr);
}

/* ---- driver ------------------------------------------------------------ */

static const char *banner_of(const struct ea_world *a)
{
	if (a->src->dmesg.kernel_banner)
		return a->src->dmesg.kernel_banner;
	if (a->src->in[EA_IN_VERSION].status == EA_IN_OK)
		return a->src->in[EA_IN_VERSION].data;
	return NULL;
}

static void join_rules(struct ctx *c, const char *head)
{
	size_t len = strlen(head) + 1;
	for (size_t i = 0; i < c->rules.n; i++)
		len += strlen(c->rules.v[i]) + 2;
	char *s = ea_xrealloc(NULL, len, 1);
	strcpy(s, head);
	for (size_t i = 0; i < c->rules.n; i++) {
		strcat(s, "; ");
		strcat(s, c->rules.v[i]);
		free(c->rules.v[i]);
	}
	EA_VEC_FREE(c->rules);
	c->out->rules = s;
}

void ea_placement_run(const struct ea_world *a, const struct ea_pl_request *rq,
		      struct ea_placement *out)
{
	memset(out, 0, sizeof(*out));
	out->model = rq->model;
	struct ctx c = { .a = a, .rq = rq, .out = out };
	const char *rel = rq->release ? rq->release : a->m->kernel;
	const char *ban = rq->release ? rq->banner : banner_of(a);
	ea_kver_parse(rel, ban, &c.kv);
	c.page = rq->model == EA_PL_FILE_X86 ? SZ_4K : page_size(&c);
	out->page_size = c.page;
	char head[200];
	if (rq->model == EA_PL_LOAD_ARM64) {
		/* kexec_load: kexec-tools decides; the kernel only copies */
		snprintf(head, sizeof(head), "%s", ea_pl_model_name(rq->model));
	} else {
		if (!c.kv.known) {
			/* the newest rules short of KHO and CMA */
			ea_kver_parse("6.15", NULL, &c.kv);
			assume(&c, "kernel version unknown: the rules of a "
				   "6.8 - 6.15 kernel were applied");
		}
		c.topdown_plus1 = has(&c, EA_KB_TOPDOWN_START);
		snprintf(head, sizeof(head), "%s, rules of kernel %s%s",
			 ea_pl_model_name(rq->model), c.kv.text,
			 rq->release ? " (as requested)" : "");
		rule(&c, "top-down start %s",
		     c.topdown_plus1
			 ? "align_down(end - memsz + 1) (18d565ea95fe, v6.8)"
			 : "align_down(end - memsz), one page below the top "
			   "(before 18d565ea95fe, v6.8)");
	}

	switch (rq->model) {
	case EA_PL_FILE_ARM64:
		run_file_arm64(&c);
		break;
	case EA_PL_FILE_X86:
		run_file_x86(&c);
		break;
	case EA_PL_LOAD_ARM64:
		run_load_arm64(&c);
		break;
	}
	join_rules(&c, head);
	if (!out->why && out->status == EA_PL_PLACED) {
		for (size_t i = 0; i < out->seg.n; i++)
			if (!out->seg.v[i].placed) {
				out->status = EA_PL_FAILED;
				out->why =
				    ea_xasprintf("the %s cannot be placed",
						 out->seg.v[i].name);
				break;
			}
	}

	/* what each placed segment would overwrite */
	struct ea_prot_index ix;
	ea_prot_index_build(&ix, a->m->prot.v, a->m->prot.n);
	for (size_t i = 0; i < out->seg.n; i++) {
		struct ea_pl_segment *s = &out->seg.v[i];
		if (!s->placed || !a->m->prot.n)
			continue;
		s->hits = ea_xcalloc(a->m->prot.n, sizeof(*s->hits));
		s->nhits = ea_prot_index_hits(&ix, s->r, s->hits, a->m->prot.n);
	}
	ea_prot_index_free(&ix);
	EA_VEC_FREE(c.walk);
	EA_VEC_FREE(c.placed);
}

void ea_placement_free(struct ea_placement *p)
{
	if (!p)
		return;
	free(p->why);
	free(p->rules);
	for (size_t i = 0; i < p->assumptions.n; i++)
		free(p->assumptions.v[i]);
	EA_VEC_FREE(p->assumptions);
	for (size_t i = 0; i < p->seg.n; i++) {
		free(p->seg.v[i].rule);
		free(p->seg.v[i].hits);
	}
	EA_VEC_FREE(p->seg);
	memset(p, 0, sizeof(*p));
}
