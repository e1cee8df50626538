/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The answer for each protected range and each loader: protected, escapes
 * (with the free range it meets and what to do), or unknown with the
 * reason; inferred from the knowledge base when the view's input is
 * missing, made unknown when the inputs come from two boots.
 */
#include <inttypes.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"
#include "model/answer.h"
#include "model/knowledge.h"
#include "model/protect.h"
#include "model/views.h"

/* Whether r lies inside a device-tree reservation the kernel made at boot
 * (/memreserve/, a /reserved-memory node with a reg it did not ignore). */
static bool in_dt_reservation(const struct ea_build *a, struct ea_range r)
{
	const struct ea_fdt *f = &a->src->fdt;
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
static struct ea_kb_query kb_query(const struct ea_build *a,
				   const struct ea_protected *p, int l)
{
	enum ea_kb_origin origin = EA_KB_ORIGIN_UNKNOWN;
	if (p->kind == EA_KIND_LPI_PENDING_TABLE ||
	    p->kind == EA_KIND_LPI_PROPERTY_TABLE ||
	    p->kind == EA_KIND_MEMRESERVE_ENTRY ||
	    p->kind == EA_KIND_MEMRESERVE_NODE)
		origin = a->src->dmesg.gic_preallocated
			     ? EA_KB_ORIGIN_INHERITED
			     : EA_KB_ORIGIN_THIS_BOOT;
	/* The root was walked at boot (efi_config_parse_tables() reserves
	 * every node it finds), whoever made it. */
	if (p->kind == EA_KIND_MEMRESERVE_NODE &&
	    strcmp(p->name, "MEMRESERVE root") == 0)
		origin = EA_KB_ORIGIN_INHERITED;
	/* a firmware reservation holds it, whoever allocated it */
	if (p->kind != EA_KIND_DT_RESERVED && in_dt_reservation(a, p->r))
		origin = EA_KB_ORIGIN_DT_RESERVED;
	struct ea_kb_query q = { .arch = a->m->arch,
				 .kernel = &a->m->kver,
				 .facts = &a->m->facts,
				 .tools = a->m->facts.tools.known
					      ? &a->m->facts.tools
					      : NULL,
				 .kind = p->kind,
				 .origin = origin,
				 .keep = ea_protected_keep(p),
				 .loader = (enum ea_loader)l };
	return q;
}

/* The view's input is missing: what the knowledge base says, marked
 * inferred, with the row that decided it. A backport, or a fact of the
 * boot the inference needs, that may change the answer leaves it unknown,
 * with the inference in the reason. */
static void infer(struct ea_build *a, const struct ea_protected *p, int l,
		  struct ea_answer_detail *d)
{
	const struct ea_view *v = &a->m->view[l];
	struct ea_kb_inference x = { 0 };
	if (a->m->kernel && a->m->arch != EA_ARCH_UNKNOWN) {
		struct ea_kb_query q = kb_query(a, p, l);
		ea_kb_infer(&q, &x);
	}
	if (x.reason && x.ans != EA_UNKNOWN && !x.uncertain) {
		d->ans = x.ans;
		d->inferred = true;
		d->kb_row = x.row ? (uint8_t)(x.row->id + 1) : 0;
		if (x.ans == EA_ESCAPES) {
			struct ea_kb_query q = kb_query(a, p, l);
			d->cause = (uint8_t)(x.cause != EA_KB_CAUSE_NONE
						 ? x.cause
						 : ea_kb_cause_of(&q)->id);
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
static void two_boots(struct ea_build *a, struct ea_protected *p, int l)
{
	struct ea_answer_detail *d = &p->loader[l];
	if (!a->m->boots.clues.n || !a->m->view[l].known || !p->ev.n)
		return;
	for (size_t k = 0; k < p->ev.n; k++)
		if (p->ev.v[k].in != &a->src->in[EA_IN_DMESG])
			return;
	const struct ea_boot_clue *c = &a->m->boots.clues.v[0];
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
	d->cause = EA_KB_CAUSE_NONE; /* for escapes only */
	d->reason = why;
	d->reason_owned = true;
	a->m->boots.unknown++;
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
static bool in_never_ram(const struct ea_build *a, struct ea_range r,
			 const struct ea_efi_desc **first)
{
	const struct ea_dmesg *d = &a->src->dmesg;
	size_t n = d->efi_map.n, lo = 0, hi = n;
	*first = NULL;
	if (!n || !a->m->efi_order)
		return false;
	/* the last descriptor starting at or below r.first */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (d->efi_map.v[a->m->efi_order[mid]].r.first <= r.first)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (!lo)
		return false;
	uint64_t at = r.first;
	for (size_t k = lo - 1; k < n; k++) {
		const struct ea_efi_desc *e = &d->efi_map.v[a->m->efi_order[k]];
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

/* Whether every byte of r lies in the lines inside System RAM that only an
 * old kexec-tools uses (v->tools_only, normalized). */
static bool in_tools_only(const struct ea_view *v, struct ea_range r)
{
	long k = ea_rangeset_first_overlap(&v->tools_only, r);
	return k >= 0 && ea_range_contains(v->tools_only.v[k], r);
}

static void answer_one(struct ea_build *a, struct ea_protected *p, int l)
{
	const struct ea_view *v = &a->m->view[l];
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
	long j = i < 0 && v->tools == EA_VIEW_TOOLS_UNKNOWN
		     ? ea_rangeset_first_overlap(&v->tools_only, p->r)
		     : -1;
	if (j >= 0) {
		/* as a loader the configuration does not rule out is taken
		 * as built: assumed, and the reason says so */
		struct ea_range m = v->tools_only.v[j];
		d->ans = EA_PROTECTED;
		d->reason_owned = true;
		d->reason = ea_xasprintf("no byte of it is free memory in this "
					 "view: 0x%016" PRIx64 "-0x%016" PRIx64
					 " is %s",
					 m.first, m.last, v->tools_why);
		return;
	}
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
	d->cause = (uint8_t)ea_kb_cause_of(&q)->id;
	/* free only because kexec-tools is older than 2.0.21: that is the
	 * cause, whatever else the range is */
	if (v->tools == EA_VIEW_TOOLS_OLD && in_tools_only(v, p->r))
		d->cause = (uint8_t)EA_KB_CAUSE_KEXEC_TOOLS;
}

void ea_model_answers(struct ea_build *a)
{
	/* a descriptor line is over 40 bytes of a log of at most
	 * EA_MAX_INPUT_BYTES: the indices fit in 32 bits */
	a->m->efi_order = ea_range_order(
	    a->src->dmesg.efi_map.v, a->src->dmesg.efi_map.n,
	    sizeof(struct ea_efi_desc), offsetof(struct ea_efi_desc, r));
	for (size_t i = 0; i < a->m->prot.n; i++)
		for (int l = 0; l < EA_NLOADERS; l++) {
			answer_one(a, &a->m->prot.v[i], l);
			two_boots(a, &a->m->prot.v[i], l);
		}
}
