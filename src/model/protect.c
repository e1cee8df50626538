/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The ranges that must survive a kexec (protect.h), from the parsed
 * sources: ACPI tables, the MEMRESERVE chain, the LPI tables, the EFI memory
 * map, the configuration tables the kernel keeps, and the firmware's own
 * structures (FDT reservations, the system table, tables from memory);
 * sorted by address, duplicates merged.
 */
#include "model/protect.h"

/* sizeof(efi_system_table_t) on 64-bit: the size the kernel maps */
#define EA_SYSTAB_SIZE 120u
#define SZ_64K 0x10000ULL
#include "core/util.h"
#include "model/knowledge.h"
#include "model/model.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- the firmware's own structures ------------------------------------------------- */

static struct ea_protected *fw_add(struct ea_build *a, enum ea_kind kind,
				   enum ea_tier tier, struct ea_range r,
				   const char *name, const char *note,
				   struct ea_evid ev)
{
	struct ea_protected *p = EA_VEC_PUSH(a->m->prot);
	p->kind = kind;
	p->tier = tier;
	p->r = r;
	p->name = name;
	p->note = note;
	if (ev.in)
		*EA_VEC_PUSH(p->ev) = ev;
	return p;
}

static const char *acpi_name(struct ea_build *a, const char *sig)
{
	return ea_strpool_fmt(&a->m->strings, "ACPI %.4s", sig);
}

static void firmware_protected(struct ea_build *a)
{
	/* ACPI tables read from memory (the FADT's DSDT and FACS included) */
	for (size_t i = 0; i < a->src->acpi_mem.tables.n; i++) {
		const struct ea_acpi_mtable *t = &a->src->acpi_mem.tables.v[i];
		if (!t->has_range || !t->sig[0])
			continue;
		fw_add(a, EA_KIND_ACPI_TABLE, EA_TIER_CRITICAL, t->r,
		       acpi_name(a, t->sig), NULL, t->ev);
	}
	/* acpidump tables, when it printed real addresses */
	if (!a->src->acpidump.addresses_zero) {
		for (size_t i = 0; i < a->src->acpidump.tables.n; i++) {
			const struct ea_acpidump_table *t =
			    &a->src->acpidump.tables.v[i];
			struct ea_range r;
			if (!t->has_addr || !t->addr || !t->has_length ||
			    t->length > EA_ACPI_MAX_TABLE ||
			    !ea_range_from_size(t->addr, t->length, &r))
				continue;
			fw_add(a, EA_KIND_ACPI_TABLE, EA_TIER_CRITICAL, r,
			       acpi_name(a, t->sig), NULL, t->ev);
		}
	}

	const struct ea_fdt *f = &a->src->fdt;
	/* the EFI memory map buffer as /chosen names it */
	struct ea_range r;
	if (f->mmap_start.has && f->mmap_size.has && f->mmap_size.v &&
	    ea_range_from_size(f->mmap_start.v, f->mmap_size.v, &r)) {
		struct ea_protected *p =
		    fw_add(a, EA_KIND_EFI_MEMORY_MAP, EA_TIER_CRITICAL, r,
			   "EFI memory map", NULL, f->mmap_start.ev);
		if (f->mmap_size.ev.in)
			*EA_VEC_PUSH(p->ev) = f->mmap_size.ev;
	}

	/* The EFI system table: the next kernel finds every configuration
	 * table through it. */
	if (a->src->has_systab_addr) {
		const char *note = NULL;
		if (a->src->systab.header_ok) {
			r = a->src->systab.hdr_range;
		} else if (ea_range_from_size(a->src->systab_addr,
					      EA_SYSTAB_SIZE, &r)) {
			note = "size assumed: 120 bytes (efi_system_table_t); "
			       "the table itself was not read";
		} else {
			r.first = r.last = 0;
		}
		if (r.last) {
			struct ea_evid ev = a->src->systab.header_ok
						? a->src->systab.ev
						: a->src->systab_addr_ev;
			fw_add(a, EA_KIND_EFI_SYSTEM_TABLE, EA_TIER_CRITICAL, r,
			       "EFI system table", note, ev);
		}
		if (a->src->systab.has_tables_range)
			fw_add(a, EA_KIND_EFI_SYSTEM_TABLE, EA_TIER_CRITICAL,
			       a->src->systab.tables_range,
			       "EFI configuration table array", NULL,
			       a->src->systab.tables_ev);
	}

	/* Device-tree reservations: the header's /memreserve/ entries and
	 * /reserved-memory nodes with a reg */
	for (size_t i = 0; i < f->memreserve.n; i++) {
		/* The initrd's own entry: a kexec_file load adds one for the
		 * initrd it passes, exactly linux,initrd-start..end
		 * (of_kexec_alloc_and_setup_fdt(), drivers/of/kexec.c), and
		 * the kernel gives that memory back once the initrd is
		 * unpacked (free_initrd_mem(): memblock_free() and the pages
		 * to the allocator), so nothing needs it to survive. While
		 * memblock still holds it, it is the initrd below. */
		if (f->has_initrd &&
		    ea_range_cmp(&f->memreserve.v[i].r, &f->initrd) == 0)
			continue;
		fw_add(a, EA_KIND_DT_RESERVED, EA_TIER_CRITICAL,
		       f->memreserve.v[i].r, "FDT /memreserve/ entry", NULL,
		       f->memreserve.v[i].ev);
	}
	for (size_t i = 0; i < f->resmem.n; i++) {
		const struct ea_fdt_resmem *m = &f->resmem.v[i];
		if (!m->has_reg)
			continue;
		const char *name = ea_strpool_fmt(
		    &a->m->strings, "/reserved-memory/%s", m->name);
		fw_add(a, EA_KIND_DT_RESERVED, EA_TIER_CRITICAL, m->r, name,
		       m->no_map ? "no-map: NOMAP, never a loader candidate"
				 : NULL,
		       m->ev);
	}

	/* The initrd, while memblock still holds it reserved (a kernel that
	 * keeps it, e.g. retain_initrd, or one that has not freed it yet). */
	if (f->has_initrd && a->src->in[EA_IN_MB_RESERVED].status == EA_IN_OK) {
		if (ea_rangeset_covers(&a->m->mb_reserved_set, f->initrd)) {
			struct ea_protected *p = fw_add(
			    a, EA_KIND_INITRD, EA_TIER_WARNING, f->initrd,
			    "initrd",
			    "still memblock-reserved by the running kernel",
			    f->initrd_start.ev);
			p->breaks = "the running kernel's initrd, which it "
				    "still holds reserved";
		}
	}
}

/* ---- protected ranges ------------------------------------------------- */

/* "<pre><u>" or "<pre><u><mid>0x<x, 16 digits>" in the audit's strings,
 * without printf: the names and notes of a million chain entries. */
static const char *name_u_x(struct ea_build *a, const char *pre, uint32_t u,
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
	return ea_strpool_mem(&a->m->strings, buf, n);
}

static struct ea_protected *prot_add(struct ea_build *a, enum ea_kind kind,
				     enum ea_tier tier, struct ea_range r,
				     const char *name)
{
	struct ea_protected *p = EA_VEC_PUSH(a->m->prot);
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
static const struct ea_mr_entry *chain_entry_at(const struct ea_build *a,
						uint64_t addr)
{
	const struct ea_mr_entry *v = a->src->memreserve.entries.v;
	size_t lo = 0, hi = a->src->memreserve.entries.n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (v[mid].r.first < addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < a->src->memreserve.entries.n && v[lo].r.first == addr
		   ? &v[lo]
		   : NULL;
}

static void add_lpi_table(struct ea_build *a, enum ea_kind kind, uint64_t addr,
			  const char *name, struct ea_evid ev, bool *entry_used)
{
	struct ea_range r;
	const struct ea_mr_entry *e = chain_entry_at(a, addr);
	const char *note;
	if (e) {
		r = e->r;
		entry_used[e - a->src->memreserve.entries.v] = true;
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

static void add_config_tables(struct ea_build *a)
{
	for (size_t i = 0; i < a->src->dmesg.cfg.n; i++) {
		const struct ea_cfg_table *c = &a->src->dmesg.cfg.v[i];
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
		if (strcmp(c->name, "ESRT") == 0 &&
		    a->src->dmesg.has_esrt_resv &&
		    a->src->dmesg.esrt_resv.first == c->addr) {
			r = a->src->dmesg.esrt_resv;
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
			     ea_strpool_fmt(&a->m->strings, "%s", c->name));
		p->note = note;
		p->breaks = rule->breaks;
		prot_evid(p, c->ev);
		if (strcmp(c->name, "ESRT") == 0 && a->src->dmesg.has_esrt_resv)
			prot_evid(p, a->src->dmesg.esrt_resv_ev);
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

static void build_protected(struct ea_build *a)
{
	const struct ea_dmesg *d = &a->src->dmesg;

	/* room for what the log and the chain name (the firmware's own
	 * structures add a few more, and memory's ACPI tables) */
	ea_vec_grow((void **)&a->m->prot.v, &a->m->prot.cap,
		    d->acpi.n + a->src->memreserve.nodes.n + 1 +
			d->lpi_pending.n + 1 + a->src->memreserve.entries.n +
			d->cfg.n + a->src->acpi_mem.tables.n + 16,
		    sizeof(*a->m->prot.v));

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
		struct ea_protected *p = prot_add(
		    a, EA_KIND_ACPI_TABLE, EA_TIER_CRITICAL, r,
		    ea_strpool_fmt(&a->m->strings, "ACPI %.4s", t->sig));
		prot_evid(p, t->ev);
		acpi_resv_evid(d, resv_order, p, t->sig);
	}
	free(resv_order);

	/* The MEMRESERVE chain: root and nodes (exact when mem/ has them) */
	bool *entry_used = ea_xcalloc(a->src->memreserve.entries.n + 1, 1);
	if (a->src->has_memreserve) {
		if (a->src->memreserve.nodes.n) {
			/* added in address order, like the entries: the
			 * sort of the ranges then has few runs to merge */
			uint32_t *order =
			    ea_range_order(a->src->memreserve.nodes.v,
					   a->src->memreserve.nodes.n,
					   sizeof(struct ea_mr_node),
					   offsetof(struct ea_mr_node, r));
			for (size_t k = 0; k < a->src->memreserve.nodes.n;
			     k++) {
				size_t i = order[k];
				const struct ea_mr_node *n =
				    &a->src->memreserve.nodes.v[i];
				struct ea_protected *p = prot_add(
				    a, EA_KIND_MEMRESERVE_NODE,
				    EA_TIER_CRITICAL, n->r,
				    i == 0 ? "MEMRESERVE root"
					   : ea_strpool_fmt(
						 &a->m->strings,
						 "MEMRESERVE node %zu", i));
				p->note = ea_strpool_fmt(
				    &a->m->strings,
				    "read from physical memory: size "
				    "%d, count %d, next 0x%016" PRIx64,
				    n->size, n->count, n->next);
				prot_evid(p, a->src->memreserve_ev);
			}
			free(order);
		} else {
			struct ea_range r;
			/* v4.20 wrote a 24-byte single-entry root */
			uint64_t sz = (a->m->kversion_known &&
				       a->m->kmajor == 4 && a->m->kminor == 20)
					  ? 24
					  : 16;
			if (ea_range_from_size(a->src->memreserve_root, sz,
					       &r)) {
				struct ea_protected *p = prot_add(
				    a, EA_KIND_MEMRESERVE_NODE,
				    EA_TIER_CRITICAL, r, "MEMRESERVE root");
				p->note = ea_strpool_fmt(
				    &a->m->strings,
				    "size assumed: %" PRIu64 " bytes "
				    "(struct linux_efi_memreserve header); "
				    "the chain behind it was not read: %s",
				    sz,
				    a->src->memreserve.why
					? a->src->memreserve.why
					: "no physical memory source");
				prot_evid(p, a->src->memreserve_ev);
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
	for (size_t i = 0; i < a->src->memreserve.entries.n; i++) {
		if (entry_used[i])
			continue;
		const struct ea_mr_entry *e = &a->src->memreserve.entries.v[i];
		struct ea_protected *p = prot_add(
		    a, EA_KIND_MEMRESERVE_ENTRY, EA_TIER_CRITICAL, e->r,
		    name_u_x(a, "MEMRESERVE entry ", e->index, " of node ",
			     &e->node));
		p->note = "read from physical memory";
		prot_evid(p, a->src->memreserve_ev);
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
	firmware_protected(a);
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
static void sort_protected(struct ea_build *a)
{
	size_t n = a->m->prot.n;
	struct ea_protected *v = a->m->prot.v;
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

void ea_protected_free(struct ea_protected *p)
{
	for (int l = 0; l < EA_NLOADERS; l++)
		if (p->loader[l].reason_owned)
			free((char *)p->loader[l].reason);
	EA_VEC_FREE(p->ev);
}

/* After sorting: the same table printed twice (a kdump kernel's log, an
 * ACPI line repeated) is one range with the evidence of both. */
static void dedupe_protected(struct ea_build *a)
{
	size_t w = 0;
	for (size_t i = 0; i < a->m->prot.n; i++) {
		struct ea_protected *p = &a->m->prot.v[i];
		if (w && prot_cmp(&a->m->prot.v[w - 1], p) == 0) {
			struct ea_protected *keep = &a->m->prot.v[w - 1];
			for (size_t k = 0; k < p->ev.n; k++)
				prot_evid(keep, p->ev.v[k]);
			ea_protected_free(p);
			continue;
		}
		a->m->prot.v[w++] = *p;
	}
	a->m->prot.n = w;
}

void ea_model_protected(struct ea_build *a)
{
	build_protected(a);
	sort_protected(a);
	dedupe_protected(a);
}

/* The kinds a run of ranges at one address counts (enum ea_kind). */
#define ID_KINDS 32
_Static_assert(EA_KIND_INITRD < ID_KINDS, "a kind past the id counters");

/*
 * "kind@0x<first>": the ranges are in address order, so those that share
 * a first address are together, and the nth of a kind among them (in
 * report order: by last address, then name) is "kind@0x<first>#n". One
 * pass; the counters are reset only for the kinds a run used.
 */
void ea_model_ids(struct ea_build *a)
{
	struct ea_model *m = a->m;
	unsigned nth[ID_KINDS] = { 0 };
	char buf[EA_ID_MAX];

	for (size_t s = 0, e; s < m->prot.n; s = e) {
		uint64_t first = m->prot.v[s].r.first;

		for (e = s; e < m->prot.n && m->prot.v[e].r.first == first;
		     e++) {
			struct ea_protected *p = &m->prot.v[e];
			unsigned k = (unsigned)p->kind % ID_KINDS;
			size_t n = ea_id_format(buf, ea_kind_name(p->kind),
						true, first, ++nth[k]);

			p->id = ea_strpool_mem(&m->strings, buf, n);
		}
		for (size_t i = s; i < e; i++)
			nth[(unsigned)m->prot.v[i].kind % ID_KINDS] = 0;
	}
}

void ea_model_prot_lists(struct ea_build *a)
{
	for (size_t i = 0; i < a->m->prot.n; i++) {
		const struct ea_protected *p = &a->m->prot.v[i];
		uint32_t k = (uint32_t)i;
		if (p->loader[EA_KEXEC_FILE].ans == EA_ESCAPES ||
		    p->loader[EA_KEXEC_LOAD].ans == EA_ESCAPES)
			*EA_VEC_PUSH(a->m->prot_lists.escaping) = k;
		bool lpi = p->kind == EA_KIND_LPI_PROPERTY_TABLE ||
			   p->kind == EA_KIND_LPI_PENDING_TABLE;
		if (p->kind == EA_KIND_ACPI_TABLE)
			*EA_VEC_PUSH(a->m->prot_lists.acpi) = k;
		if (lpi)
			*EA_VEC_PUSH(a->m->prot_lists.lpi) = k;
		if (p->kind == EA_KIND_MEMRESERVE_NODE ||
		    p->kind == EA_KIND_MEMRESERVE_ENTRY ||
		    (lpi && p->note && strstr(p->note, "MEMRESERVE entry")))
			*EA_VEC_PUSH(a->m->prot_lists.chain) = k;
	}
}
