/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The decisions: which ranges must survive a kexec, what each loader would
 * treat as free, and the answer for each pair. Loader rules, with versions
 * and sources: shared reference kernel-formats.md §8 (kexec_file_load) and
 * kexec-tools-placement.md §3, §6 (kexec_load); bug-class.md §1 for who
 * protects what.
 */
#include "audit.h"
#include "firmware.h"
#include "model/knowledge.h"
#include "model/protect.h"
#include "model/views.h"
#include "read/kexeclog.h"
#include "sources.h"
#include "whatif/placement.h"
#include "whatif/whatif.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
		a->src.in[i].name = input_names[i];
		a->src.in[i].status = EA_IN_ABSENT;
	}
	ea_rangeset_init(&a->m.system_ram);
	ea_rangeset_init(&a->m.mb_reserved_set);
	for (int l = 0; l < EA_NLOADERS; l++)
		ea_rangeset_init(&a->m.view[l].free);
}

__attribute__((format(printf, 5, 0))) static struct ea_finding *
finding_vadd(struct ea_audit *a, const struct ea_check *ck,
	     enum ea_severity sev, const struct ea_range *r, const char *f,
	     va_list ap)
{
	struct ea_finding *x = EA_VEC_PUSH(a->r.findings);
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

void ea_audit_fail(struct ea_audit *a, const char *fmt, ...)
{
	a->src.input_failed = true;
	if (a->src.error)
		return;
	va_list ap;
	va_start(ap, fmt);
	a->src.error = ea_xvasprintf(fmt, ap);
	va_end(ap);
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

/*
 * A non-empty input in which no line is of its kind (a file named as the
 * wrong input, binary junk): one error that says so and quotes its first
 * line, instead of one diagnostic per line. A file the user named that
 * cannot be used at all fails like one that cannot be read (exit 3).
 */
static void not_of_kind(struct ea_audit *a, struct ea_input *in,
			size_t diags_before, const char *kind)
{
	char *first = ea_input_first_line(in, 60);

	ea_diags_truncate(&a->src.diags, diags_before);
	ea_input_set_status(in, EA_IN_MALFORMED,
			    "no line of %s looks like %s; first line: %s",
			    in->path ? in->path : in->name, kind, first);
	free(first);
	if (in->user_given)
		a->src.input_failed = true;
}

static void parse_inputs(struct ea_audit *a)
{
	struct ea_input *in;

	/* Each text input is read through once, here; after that only
	 * evidence lines are looked at again, so a mapped input's pages are
	 * let go as soon as its parsers are done (a large log or iomem is
	 * then never all held at once). */
	in = &a->src.in[EA_IN_DMESG];
	a->src.kexeclog_dmesg = ea_xcalloc(1, sizeof(*a->src.kexeclog_dmesg));
	if (in->status == EA_IN_OK) {
		size_t d0 = a->src.diags.n;

		ea_dmesg_parse(in, &a->src.dmesg, &a->src.diags);
		if (in->len == 0)
			ea_input_set_status(in, EA_IN_MALFORMED, "empty file");
		else if (a->src.dmesg.lines == 0)
			ea_input_set_status(in, EA_IN_MALFORMED,
					    "no line could be read");
		else if (a->src.dmesg.kernel_lines == 0)
			not_of_kind(a, in, d0, "a kernel log");
		/* what a loaded image's segments say (proof mode); a log
		 * without a line of a load is not read again */
		if (in->status == EA_IN_OK && a->src.dmesg.kexec_lines)
			ea_kexeclog_parse(in, a->src.kexeclog_dmesg, NULL);
	}
	ea_input_release_pages(in);
	in = &a->src.in[EA_IN_KEXEC_LOG];
	a->src.kexeclog = ea_xcalloc(1, sizeof(*a->src.kexeclog));
	if (in->status == EA_IN_OK)
		ea_kexeclog_parse(in, a->src.kexeclog, &a->src.diags);
	ea_input_release_pages(in);

	in = &a->src.in[EA_IN_KCONFIG];
	ea_kconfig_inflate(in);
	ea_kconfig_parse(in, &a->src.kconfig, &a->src.diags);
	if (in->status == EA_IN_OK && !a->src.kconfig.known)
		ea_input_set_status(in, EA_IN_MALFORMED,
				    "no CONFIG_ line: not a kernel "
				    "configuration");

	in = &a->src.in[EA_IN_IOMEM];
	if (in->status == EA_IN_OK) {
		size_t d0 = a->src.diags.n;

		if (!ea_iomem_parse(in, &a->src.iomem, &a->src.diags)) {
			if (in->len == 0)
				ea_input_set_status(
				    in, EA_IN_MALFORMED,
				    "no /proc/iomem line could be read");
			else
				not_of_kind(a, in, d0,
					    "/proc/iomem "
					    "(\"<start>-<end> : <name>\")");
		} else if (a->src.iomem.zeroed)
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
	} mbs[] = { { EA_IN_MB_MEMORY, &a->src.mb_memory },
		    { EA_IN_MB_RESERVED, &a->src.mb_reserved } };
	for (size_t i = 0; i < 2; i++) {
		in = &a->src.in[mbs[i].id];
		if (in->status != EA_IN_OK)
			continue;
		size_t d0 = a->src.diags.n;

		if (!ea_memblock_parse(in, mbs[i].mb, &a->src.diags)) {
			if (in->len == 0)
				ea_input_set_status(
				    in, EA_IN_ABSENT,
				    "empty file: this kernel exports no "
				    "memblock regions");
			else
				not_of_kind(a, in, d0,
					    "a memblock debugfs file "
					    "(\"<index>: 0x<base>..0x<end>\")");
		}
		ea_input_release_pages(in);
	}

	if (a->src.in[EA_IN_MB_RESERVED].status == EA_IN_OK) {
		const struct ea_memblock *m = &a->src.mb_reserved;
		ea_rangeset_reserve(&a->m.mb_reserved_set, m->regions.n);
		for (size_t i = 0; i < m->regions.n; i++)
			ea_rangeset_add(&a->m.mb_reserved_set,
					m->regions.v[i].r);
		ea_rangeset_normalize(&a->m.mb_reserved_set);
	}

	in = &a->src.in[EA_IN_VERSION];
	if (in->status == EA_IN_OK) {
		char *rel = ea_version_release(in);
		if (rel) {
			a->m.kernel = rel;
		} else {
			ea_input_set_status(in, EA_IN_MALFORMED,
					    "no \"Linux version\" text");
		}
	}
	if (!a->m.kernel && a->src.dmesg.kernel_version)
		a->m.kernel = ea_xstrdup(a->src.dmesg.kernel_version);
	if (a->m.kernel)
		a->m.kversion_known = ea_release_numbers(
		    a->m.kernel, &a->m.kmajor, &a->m.kminor, &a->m.kpatch);
	ea_kver_parse(a->m.kernel, a->src.dmesg.kernel_banner, &a->m.kver);
}

static bool contains_word(const char *s, const char *w)
{
	return s && strstr(s, w) != NULL;
}

static void detect_arch(struct ea_audit *a)
{
	if (a->opt.arch != EA_ARCH_UNKNOWN) {
		a->m.arch = a->opt.arch;
		a->m.arch_source = "--arch";
		return;
	}
	const char *k = a->m.kernel;
	const char *banner = a->src.dmesg.kernel_banner;
	if (contains_word(k, "arm64") || contains_word(k, "aarch64") ||
	    contains_word(banner, "aarch64")) {
		a->m.arch = EA_ARCH_ARM64;
		a->m.arch_source = "kernel release";
		return;
	}
	if (contains_word(k, "amd64") || contains_word(k, "x86_64") ||
	    contains_word(banner, "x86_64")) {
		a->m.arch = EA_ARCH_X86_64;
		a->m.arch_source = "kernel release";
		return;
	}
	if (a->src.dmesg.map_form == EA_EFI_MAP_ARM) {
		a->m.arch = EA_ARCH_ARM64;
		a->m.arch_source = "EFI memory map form";
		return;
	}
	if (a->src.dmesg.map_form == EA_EFI_MAP_X86) {
		a->m.arch = EA_ARCH_X86_64;
		a->m.arch_source = "EFI memory map form";
		return;
	}
	if (a->src.dmesg.arm64_hints > a->src.dmesg.x86_hints) {
		a->m.arch = EA_ARCH_ARM64;
		a->m.arch_source = "kernel log lines";
		return;
	}
	if (a->src.dmesg.x86_hints > a->src.dmesg.arm64_hints) {
		a->m.arch = EA_ARCH_X86_64;
		a->m.arch_source = "kernel log lines";
		return;
	}
	/* Only the arm/arm64/riscv EFI stub installs a MEMRESERVE table
	 * (install_memreserve_table()); x86 kernels only parse one. */
	for (size_t i = 0; i < a->src.dmesg.cfg.n; i++) {
		if (strcmp(a->src.dmesg.cfg.v[i].name, "MEMRESERVE") == 0) {
			a->m.arch = EA_ARCH_ARM64;
			a->m.arch_source = "MEMRESERVE configuration table";
			return;
		}
	}
	/* iomem names only x86 creates (arch/x86/kernel/setup.c, e820.c);
	 * arm64 names "Kernel code" and "Kernel data" but no bss/rodata */
	bool kcode = false;
	for (size_t i = 0; i < a->src.iomem.res.n; i++) {
		const struct ea_iomem_res *r = &a->src.iomem.res.v[i];
		if (ea_iomem_is(r, EA_IOMEM_KERNEL_BSS) ||
		    ea_iomem_is(r, EA_IOMEM_KERNEL_RODATA) ||
		    ea_iomem_is(r, EA_IOMEM_ACPI_TABLES) ||
		    ea_iomem_is(r, EA_IOMEM_SYSTEM_ROM)) {
			a->m.arch = EA_ARCH_X86_64;
			a->m.arch_source = "/proc/iomem names";
			return;
		}
		kcode |= ea_iomem_is(r, EA_IOMEM_KERNEL_CODE);
	}
	if (kcode) {
		a->m.arch = EA_ARCH_ARM64;
		a->m.arch_source = "/proc/iomem names";
		return;
	}
	a->m.arch = EA_ARCH_UNKNOWN;
	a->m.arch_source = "not recognised";
}

/* ---- answers ---------------------------------------------------------- */

/* Whether r lies inside a device-tree reservation the kernel made at boot
 * (/memreserve/, a /reserved-memory node with a reg it did not ignore). */
static bool in_dt_reservation(const struct ea_audit *a, struct ea_range r)
{
	const struct ea_fdt *f = &a->src.fdt;
	if (!f->usable)
		return false;
	for (size_t i = 0; i < f->memreserve.n; i++)
		if (ea_range_contains(f->memreserve.v[i].r, r))
			return true;
	for (size_t i = 0; i < f->resmem.n && !f->resmem_ignored; i++)
		if (f->resmem.v[i].has_reg &&
		    ea_range_contains(f->resmem.v[i].r, r))
			return true;
	return false;
}

/* What the knowledge base is asked for p and loader l. */
static struct ea_kb_query kb_query(const struct ea_audit *a,
				   const struct ea_protected *p, int l)
{
	enum ea_kb_origin origin = EA_KB_ORIGIN_UNKNOWN;
	if (p->kind == EA_KIND_LPI_PENDING_TABLE ||
	    p->kind == EA_KIND_LPI_PROPERTY_TABLE ||
	    p->kind == EA_KIND_MEMRESERVE_ENTRY ||
	    p->kind == EA_KIND_MEMRESERVE_NODE)
		origin = a->src.dmesg.gic_preallocated ? EA_KB_ORIGIN_INHERITED
						       : EA_KB_ORIGIN_THIS_BOOT;
	/* The root was walked at boot (efi_config_parse_tables() reserves
	 * every node it finds), whoever made it. */
	if (p->kind == EA_KIND_MEMRESERVE_NODE &&
	    strcmp(p->name, "MEMRESERVE root") == 0)
		origin = EA_KB_ORIGIN_INHERITED;
	/* a firmware reservation holds it, whoever allocated it */
	if (p->kind != EA_KIND_DT_RESERVED && in_dt_reservation(a, p->r))
		origin = EA_KB_ORIGIN_DT_RESERVED;
	struct ea_kb_query q = { .arch = a->m.arch,
				 .kernel = &a->m.kver,
				 .facts = &a->m.facts,
				 .tools = NULL,
				 .kind = p->kind,
				 .origin = origin,
				 .loader = (enum ea_loader)l };
	return q;
}

/* The view's input is missing: what the knowledge base says, marked
 * inferred, with the row that decided it. A backport, or a fact of the
 * boot the inference needs, that may change the answer leaves it unknown,
 * with the inference in the reason. */
static void infer(struct ea_audit *a, const struct ea_protected *p, int l,
		  struct ea_answer_detail *d)
{
	const struct ea_view *v = &a->m.view[l];
	struct ea_kb_inference x = { 0 };
	if (a->m.kernel && a->m.arch != EA_ARCH_UNKNOWN) {
		struct ea_kb_query q = kb_query(a, p, l);
		ea_kb_infer(&q, &x);
	}
	if (x.reason && x.ans != EA_UNKNOWN && !x.uncertain) {
		d->ans = x.ans;
		d->inferred = true;
		d->kb_row = x.row ? (uint8_t)(x.row->id + 1) : 0;
		if (x.ans == EA_ESCAPES) {
			struct ea_kb_query q = kb_query(a, p, l);
			d->what_to_do =
			    x.what_to_do ? x.what_to_do : ea_kb_what_to_do(&q);
		}
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

/* Inputs from two boots (model/boots.h): a range that only the kernel log
 * places, answered on a view of free memory the other boot's inputs built,
 * is not this boot's answer. A measured answer becomes unknown, its reason
 * keeping what that view said; answers inferred from the kernel version
 * (the view's input missing) are left as they are. */
static void two_boots(struct ea_audit *a, struct ea_protected *p, int l)
{
	struct ea_answer_detail *d = &p->loader[l];
	if (!a->m.boots.clues.n || !a->m.view[l].known || !p->ev.n)
		return;
	for (size_t k = 0; k < p->ev.n; k++)
		if (p->ev.v[k].in != &a->src.in[EA_IN_DMESG])
			return;
	const struct ea_boot_clue *c = &a->m.boots.clues.v[0];
	char *why = ea_xasprintf(
	    "the kernel log and %s come from different boots "
	    "(inputs_from_different_boots): the log places this range, the "
	    "view of free memory is the other boot's, where it %s (%s)",
	    c->other, d->ans == EA_ESCAPES ? "escapes" : "is protected",
	    d->reason);
	if (d->reason_owned)
		free((char *)d->reason);
	d->ans = EA_UNKNOWN;
	d->has_free = false;
	d->free_src = NULL;
	d->what_to_do = NULL; /* for escapes only */
	d->reason = why;
	d->reason_owned = true;
	a->m.boots.unknown++;
}

/* EFI memory types no loader's view ever holds: not System RAM on either
 * architecture (x86 e820 reserved or NVS; arm64 marks them NOMAP,
 * is_usable_memory() in efi-init.c reserve_regions()). */
static bool never_ram_type(uint32_t type)
{
	return type == EA_EFI_RESERVED || type == EA_EFI_RUNTIME_CODE ||
	       type == EA_EFI_RUNTIME_DATA || type == EA_EFI_UNUSABLE ||
	       type == EA_EFI_ACPI_NVS || type == EA_EFI_MMIO ||
	       type == EA_EFI_MMIO_PORT || type == EA_EFI_PAL_CODE;
}

/* Whether the printed EFI map puts every byte of r in descriptors of such
 * types; *first gets the one holding r.first. */
static bool in_never_ram(const struct ea_audit *a, struct ea_range r,
			 const struct ea_efi_desc **first)
{
	const struct ea_dmesg *d = &a->src.dmesg;
	size_t n = d->efi_map.n, lo = 0, hi = n;
	*first = NULL;
	if (!n || !a->m.efi_order)
		return false;
	/* the last descriptor starting at or below r.first */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (d->efi_map.v[a->m.efi_order[mid]].r.first <= r.first)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (!lo)
		return false;
	uint64_t at = r.first;
	for (size_t k = lo - 1; k < n; k++) {
		const struct ea_efi_desc *e = &d->efi_map.v[a->m.efi_order[k]];
		if (e->r.first > at)
			return false; /* a hole before the rest of r */
		if (e->r.last < at)
			continue;
		if (!never_ram_type(e->type))
			return false;
		if (!*first)
			*first = e;
		if (e->r.last >= r.last)
			return true;
		at = e->r.last + 1;
	}
	return false;
}

static void answer(struct ea_audit *a, struct ea_protected *p, int l)
{
	const struct ea_view *v = &a->m.view[l];
	struct ea_answer_detail *d = &p->loader[l];
	const struct ea_efi_desc *e;
	if (!v->known && in_never_ram(a, p->r, &e)) {
		/* seen, not inferred: whatever the view, it holds no byte
		 * of memory of this type */
		d->ans = EA_PROTECTED;
		d->reason_owned = true;
		d->reason = ea_xasprintf(
		    "the EFI memory map puts it in %s memory (0x%016" PRIx64
		    "-0x%016" PRIx64 "), which is never System RAM or free "
		    "memblock memory, so no loader's view holds it (the view "
		    "itself is unknown: %s)",
		    ea_efi_type_name(e->type), e->r.first, e->r.last,
		    v->unknown_reason);
		return;
	}
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
	d->free_src = ea_view_src_at(v, meet);
	d->reason_owned = true;
	d->reason = ea_xasprintf(
	    "free memory 0x%016" PRIx64 "-0x%016" PRIx64 " covers 0x%016" PRIx64
	    "-0x%016" PRIx64 " of it",
	    d->free.first, d->free.last,
	    p->r.first > d->free.first ? p->r.first : d->free.first,
	    p->r.last < d->free.last ? p->r.last : d->free.last);
	struct ea_kb_query q = kb_query(a, p, l);
	d->what_to_do = ea_kb_what_to_do(&q);
}

/* ---- the EFI map in address order ------------------------------------- */

/* ---- what the checks look at ------------------------------------------ */

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
			if (a->src.in[i].path &&
			    !strcmp(a->src.in[i].path, v[k]))
				ea_input_set_status(&a->src.in[i],
						    EA_IN_UNREADABLE,
						    "the file shrank while it "
						    "was read");
		ea_diag_add(&a->src.diags, none,
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
		a->src.in[i].name = input_names[i];
		if (i >= EA_IN_L_FDT && a->src.in[i].status == EA_IN_OK &&
		    !a->src.in[i].path) {
			const char *from =
			    i == EA_IN_L_FDT	     ? a->src.in[EA_IN_FDT].path
			    : a->src.physmem.backend ? a->src.physmem.backend
						     : "?";
			a->src.in[i].path =
			    ea_xasprintf("decoded from %s", from);
		}
	}

	for (size_t i = 0; i < a->src.dmesg.cfg.n; i++) {
		const struct ea_cfg_table *c = &a->src.dmesg.cfg.v[i];
		if (strcmp(c->name, "MEMRESERVE") == 0 && !c->unusable &&
		    c->addr && c->addr != UINT64_MAX) {
			a->src.has_memreserve = true;
			a->src.memreserve_root = c->addr;
			a->src.memreserve_ev = c->ev;
		}
	}
	/* no efi: line (or none naming it): the system table in memory */
	for (size_t i = 0;
	     i < a->src.systab.entries.n && !a->src.has_memreserve; i++) {
		const struct ea_efi_cfg_entry *e = &a->src.systab.entries.v[i];
		if (e->name && strcmp(e->name, "MEMRESERVE") == 0 && e->addr &&
		    e->addr != UINT64_MAX) {
			a->src.has_memreserve = true;
			a->src.memreserve_root = e->addr;
			a->src.memreserve_ev = e->ev;
		}
	}
	if (a->src.has_memreserve) {
		bool v420 = a->m.kversion_known && a->m.kmajor == 4 &&
			    a->m.kminor == 20;
		if (a->src.physmem.backend && v420)
			ea_memreserve_walk_v420(&a->src.physmem,
						a->src.memreserve_root,
						&a->src.memreserve);
		else if (a->src.physmem.backend)
			ea_memreserve_walk(&a->src.physmem,
					   a->src.memreserve_root,
					   &a->src.memreserve);
		else
			a->src.memreserve.why =
			    ea_xasprintf("no physical memory source (%s)",
					 ea_input_state(&a->src.in[EA_IN_MEM]));
	}

	/* what must be found, from evidence that does not need finding it */
	ea_expect_facts(a);
	ea_model_views(a);
	/* inputs of two boots: said, and their answers made unknown */
	ea_boots_compare(a);
	/* the chain has at most EA_MR_MAX_NODES * EA_MR_MAX_NODE_ENTRIES
	 * entries, fewer than 2^32 */
	/* The chain's entries in address order (by range, then chain
	 * order): every reader looks them up or walks them by address, and
	 * an entry keeps its node and index, all the report says of its
	 * place in the chain. */
	uint32_t *eo = ea_range_order(
	    a->src.memreserve.entries.v, a->src.memreserve.entries.n,
	    sizeof(struct ea_mr_entry), offsetof(struct ea_mr_entry, r));
	ea_permute(a->src.memreserve.entries.v, a->src.memreserve.entries.n,
		   sizeof(struct ea_mr_entry), eo);
	free(eo);
	ea_model_protected(a);
	/* a descriptor line is over 40 bytes of a log of at most
	 * EA_MAX_INPUT_BYTES: the indices fit in 32 bits */
	a->m.efi_order = ea_range_order(
	    a->src.dmesg.efi_map.v, a->src.dmesg.efi_map.n,
	    sizeof(struct ea_efi_desc), offsetof(struct ea_efi_desc, r));
	for (size_t i = 0; i < a->m.prot.n; i++)
		for (int l = 0; l < EA_NLOADERS; l++) {
			answer(a, &a->m.prot.v[i], l);
			two_boots(a, &a->m.prot.v[i], l);
		}
	ea_model_prot_lists(a);
	ea_expect_match(a);
	/* what each loaded segment overwrites, for the check and both
	 * reports */
	ea_kexeclog_overlaps(a->src.kexeclog, a->m.prot.v, a->m.prot.n);
	ea_kexeclog_overlaps(a->src.kexeclog_dmesg, a->m.prot.v, a->m.prot.n);

	/* where a kexec of the given kernel would land (--kernel ...) */
	ea_whatif_run(a);
	if (a->whatif && a->whatif->errors.n)
		a->src.input_failed = true;

	files_that_shrank(a);
	for (size_t i = 0; i < ea_nchecks; i++)
		ea_checks[i]->run(a);
	ea_sort(a->r.findings.v, a->r.findings.n, sizeof(*a->r.findings.v),
		finding_cmp);
	ea_verdict_decide(a);
}

int ea_audit_exit_code(const struct ea_audit *a)
{
	switch (a->r.verdict) {
	case EA_ERROR:
		return 3;
	case EA_ESCAPE:
		return 1;
	case EA_INCOMPLETE:
		return 2;
	case EA_CLEAN:
		break;
	}
	return 0;
}

void ea_audit_free(struct ea_audit *a)
{
	/* What has to be walked to be freed goes first, the large flat
	 * arrays and the mapped inputs last: unmapping a large block makes
	 * every page touched after it fault again on a VM that shadows page
	 * tables (a million protected ranges then took 0.3 s to free). */
	for (size_t i = 0; i < a->m.prot.n; i++)
		ea_protected_free(&a->m.prot.v[i]);
	for (size_t i = 0; i < a->r.findings.n; i++) {
		free(a->r.findings.v[i].message);
		EA_VEC_FREE(a->r.findings.v[i].ev);
	}
	ea_diags_free(&a->src.diags);
	ea_audit_firmware_free(a);
	ea_expect_free(&a->m.expect);
	ea_boots_free(&a->m.boots);
	free(a->r.headline);
	free(a->src.error);
	if (a->src.kexeclog) {
		ea_kexeclog_free(a->src.kexeclog);
		free(a->src.kexeclog);
	}
	if (a->src.kexeclog_dmesg) {
		ea_kexeclog_free(a->src.kexeclog_dmesg);
		free(a->src.kexeclog_dmesg);
	}
	ea_whatif_free(a->whatif);
	ea_dmesg_free(&a->src.dmesg);
	ea_iomem_free(&a->src.iomem);
	ea_memblock_free(&a->src.mb_memory);
	ea_memblock_free(&a->src.mb_reserved);
	ea_fw_memmap_free(&a->src.fw_memmap);
	ea_memreserve_free(&a->src.memreserve);
	free(a->m.kernel);
	ea_rangeset_free(&a->m.system_ram);
	ea_rangeset_free(&a->m.mb_reserved_set);
	for (int l = 0; l < EA_NLOADERS; l++) {
		free(a->m.view[l].unknown_reason);
		free(a->m.view[l].model);
		ea_rangeset_free(&a->m.view[l].free);
		EA_VEC_FREE(a->m.view[l].src);
	}
	EA_VEC_FREE(a->m.prot);
	EA_VEC_FREE(a->m.prot_lists.escaping);
	EA_VEC_FREE(a->m.prot_lists.acpi);
	EA_VEC_FREE(a->m.prot_lists.lpi);
	EA_VEC_FREE(a->m.prot_lists.chain);
	ea_strpool_free(&a->m.strings);
	EA_VEC_FREE(a->r.findings);
	free(a->m.efi_order);
	ea_physmem_free(&a->src.physmem);
	for (int i = 0; i < EA_NINPUTS; i++)
		ea_input_free(&a->src.in[i]);
}
