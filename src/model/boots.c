/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Inputs from two boots (boots.h). */
#include "model/boots.h"
#include "core/util.h"
#include "model/model.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static struct ea_boot_clue *clue(struct ea_build *a, const char *other,
				 char *brief, struct ea_evid log,
				 struct ea_evid ev, const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));
static struct ea_boot_clue *clue(struct ea_build *a, const char *other,
				 char *brief, struct ea_evid log,
				 struct ea_evid ev, const char *fmt, ...)
{
	struct ea_boot_clue *c = EA_VEC_PUSH(a->m->boots.clues);
	c->brief = brief;
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	size_t len = n < 0 ? 0 : (size_t)n;
	c->what = ea_xrealloc(NULL, len + 1, 1);
	va_start(ap, fmt);
	vsnprintf(c->what, len + 1, fmt, ap);
	va_end(ap);
	c->other = other;
	c->ev[0] = log;
	c->ev[1] = ev;
	return c;
}

/* The first line of a small input (proc/version, proc/cmdline). */
static struct ea_evid first_line(const struct ea_input *in)
{
	const char *nl = memchr(in->data, '\n', in->len);
	size_t n = nl ? (size_t)(nl - in->data) : in->len;
	return ea_evid_line(in, 1, in->data, n);
}

/* s with runs of blanks made one space, no blank at either end. */
static char *squeeze(const char *s)
{
	char *o = ea_xstrdup(s);
	size_t w = 0;
	for (const char *p = s; *p; p++) {
		bool blank =
		    *p == ' ' || *p == '\t' || *p == '\r' || *p == '\n';
		if (blank && (w == 0 || o[w - 1] == ' '))
			continue;
		o[w++] = blank ? ' ' : *p;
	}
	while (w && o[w - 1] == ' ')
		w--;
	o[w] = '\0';
	return o;
}

/* Equal, or the log's copy cut short by printk's line limit. */
static bool same_text(const char *log, const char *other)
{
	char *x = squeeze(log), *y = squeeze(other);
	size_t nx = strlen(x);
	bool same = strcmp(x, y) == 0 || (nx >= 512 && strncmp(x, y, nx) == 0);
	free(x);
	free(y);
	return same;
}

static void kernel_clues(struct ea_build *a)
{
	const struct ea_dmesg *d = &a->src->dmesg;
	const struct ea_input *in = &a->src->in[EA_IN_VERSION];
	if (in->status == EA_IN_OK && d->kernel_version && d->kernel_banner) {
		char *rel = ea_version_release(in);
		char *line = ea_cmdline_text(in);
		if (rel && strcmp(rel, d->kernel_version) != 0)
			clue(a, "proc/version",
			     ea_xasprintf("kernel %s, not %s",
					  d->kernel_version, rel),
			     d->kernel_ev, first_line(in),
			     "the kernel log is of kernel %s, proc/version "
			     "of %s",
			     d->kernel_version, rel);
		else if (rel && line && !same_text(d->kernel_banner, line))
			clue(a, "proc/version",
			     ea_xasprintf("another build of %s", rel),
			     d->kernel_ev, first_line(in),
			     "the kernel log and proc/version name the same "
			     "release (%s) but another build (the \"Linux "
			     "version\" lines differ)",
			     rel);
		free(rel);
		free(line);
	}
	in = &a->src->in[EA_IN_CMDLINE];
	if (in->status == EA_IN_OK && d->cmdline) {
		char *line = ea_cmdline_text(in);
		struct ea_evid none = { 0 };
		if (line && !same_text(d->cmdline, line))
			clue(a, "proc/cmdline",
			     ea_xstrdup("the command lines differ"), none,
			     first_line(in),
			     "the kernel log's command line \"%s\" is not "
			     "proc/cmdline's \"%s\"",
			     d->cmdline, line);
		free(line);
	}
}

struct lpi_table {
	const char *name; /* "property" or "CPUn pending" */
	uint32_t cpu;
	uint64_t addr;
	struct ea_evid ev;
};

/* A 64 KiB LPI table: a pending table (LPI_PENDBASE_SZ), and the property
 * table of the usual 16 ID bits, each aligned to its size. */
#define LPI_TABLE_SIZE 0x10000ULL

static bool lpi_shaped(struct ea_range r)
{
	return r.first % LPI_TABLE_SIZE == 0 &&
	       r.last - r.first == LPI_TABLE_SIZE - 1;
}

/* The kernel log's LPI tables against the reserved children of System RAM.
 * A kernel with ab0eb16205b4 gives each LPI table it allocates a 'reserved'
 * child of System RAM starting at the table (one whose insertion failed has
 * none: an escape of that boot, not a clue). Tables allocated one after
 * the other make a run of 64 KiB tables, and their children a run of 64 KiB
 * children; the same run at another address, overlapping the log's, is
 * another boot's tables (corpus adlink-ava: 33 tables, the other boot's two
 * pages lower, so the log's last two have no child and two children start
 * at no table of the log). */
static void lpi_clue(struct ea_build *a)
{
	const struct ea_dmesg *d = &a->src->dmesg;
	const struct ea_iomem *m = &a->src->iomem;
	size_t nt = d->lpi_pending.n + d->has_lpi_prop;
	if (a->src->in[EA_IN_IOMEM].status != EA_IN_OK || !a->m->system_ram.n ||
	    !nt)
		return;
	struct lpi_table *t = ea_xcalloc(nt, sizeof(*t));
	size_t k = 0;
	if (d->has_lpi_prop)
		t[k++] = (struct lpi_table){ "property", 0, d->lpi_prop,
					     d->lpi_prop_ev };
	for (size_t i = 0; i < d->lpi_pending.n; i++)
		t[k++] = (struct lpi_table){ "pending", d->lpi_pending.v[i].cpu,
					     d->lpi_pending.v[i].addr,
					     d->lpi_pending.v[i].ev };
	/* the runs: the log's tables in System RAM, and the 64 KiB children
	 * of System RAM */
	struct ea_rangeset logrun, kidrun;
	ea_rangeset_init(&logrun);
	ea_rangeset_init(&kidrun);
	for (size_t i = 0; i < nt; i++) {
		struct ea_range r;
		if (ea_range_from_size(t[i].addr, LPI_TABLE_SIZE, &r) &&
		    lpi_shaped(r) && ea_rangeset_covers(&a->m->system_ram, r))
			ea_rangeset_add(&logrun, r);
	}
	ea_rangeset_normalize(&logrun);
	for (size_t i = 0; logrun.n && i < m->res.n; i++) {
		const struct ea_iomem_res *r = &m->res.v[i];
		if (r->depth && lpi_shaped(r->r) &&
		    ea_rangeset_covers(&a->m->system_ram, r->r))
			ea_rangeset_add(&kidrun, r->r);
	}
	ea_rangeset_normalize(&kidrun);
	for (size_t i = 0; i < logrun.n; i++) {
		struct ea_range lr = logrun.v[i];
		long j = ea_rangeset_first_overlap(&kidrun, lr);
		for (; j >= 0 && (size_t)j < kidrun.n &&
		       kidrun.v[j].first <= lr.last;
		     j++) {
			struct ea_range kr = kidrun.v[j];
			if (kr.last - kr.first != lr.last - lr.first ||
			    kr.first == lr.first)
				continue;
			/* the log's first table the children miss, and the
			 * first child at no table of the log */
			const struct lpi_table *miss = NULL;
			for (size_t x = 0; x < nt && !miss; x++)
				if (ea_range_contains(
					lr, (struct ea_range){ t[x].addr,
							       t[x].addr }) &&
				    (t[x].addr < kr.first ||
				     t[x].addr > kr.last))
					miss = &t[x];
			uint64_t stray =
			    lr.first > kr.first ? kr.first : lr.last + 1;
			struct ea_evid stray_ev = { 0 };
			for (size_t x = 0; x < m->res.n; x++)
				if (m->res.v[x].depth &&
				    m->res.v[x].r.first == stray) {
					stray_ev =
					    ea_iomem_evid(m, &m->res.v[x]);
					break;
				}
			uint64_t n = (lr.last - lr.first + 1) / LPI_TABLE_SIZE;
			uint64_t moved = lr.first > kr.first
					     ? lr.first - kr.first
					     : kr.first - lr.first;
			char who[48] = "a table";
			if (miss && strcmp(miss->name, "property") == 0)
				snprintf(who, sizeof(who),
					 "the property table");
			else if (miss)
				snprintf(who, sizeof(who),
					 "CPU%" PRIu32 "'s pending table",
					 miss->cpu);
			clue(a, "/proc/iomem",
			     ea_xasprintf("the log's %" PRIu64 " LPI tables "
					  "and %" PRIu64 " reserved children "
					  "are 0x%" PRIx64 " apart",
					  n, n, moved),
			     miss ? miss->ev : (struct ea_evid){ 0 }, stray_ev,
			     "the kernel log's %" PRIu64 " LPI tables at "
			     "0x%016" PRIx64 "-0x%016" PRIx64
			     " and /proc/iomem's "
			     "%" PRIu64
			     " reserved 64 KiB children of System RAM "
			     "at 0x%016" PRIx64 "-0x%016" PRIx64 " are one run "
			     "moved by 0x%" PRIx64
			     ": %s has no child, the child "
			     "at 0x%016" PRIx64
			     " no table; a kernel gives each "
			     "LPI table it allocates a child starting at it "
			     "(ab0eb16205b4), so these children are another "
			     "boot's tables",
			     n, lr.first, lr.last, n, kr.first, kr.last, moved,
			     who, stray);
			goto out;
		}
	}
out:
	free(t);
	ea_rangeset_free(&logrun);
	ea_rangeset_free(&kidrun);
}

static void firmware_clues(struct ea_build *a)
{
	const struct ea_dmesg *d = &a->src->dmesg;
	const struct ea_fdt *f = &a->src->fdt;
	struct ea_evid none = { 0 };
	if (d->has_systab && f->systab.has && d->systab != f->systab.v)
		clue(a, "the FDT",
		     ea_xstrdup("the EFI system table addresses differ"), none,
		     f->systab.ev,
		     "the kernel log's EFI System Table is at 0x%016" PRIx64
		     ", the FDT's /chosen linux,uefi-system-table at "
		     "0x%016" PRIx64,
		     d->systab, f->systab.v);
	if (d->has_mmap_addr && f->mmap_start.has &&
	    d->mmap_addr != f->mmap_start.v)
		clue(a, "the FDT",
		     ea_xstrdup("the EFI memory map addresses differ"),
		     d->mmap_addr_ev, f->mmap_start.ev,
		     "the kernel log's EFI memory map is at 0x%016" PRIx64
		     ", the FDT's /chosen linux,uefi-mmap-start at "
		     "0x%016" PRIx64,
		     d->mmap_addr, f->mmap_start.v);
	const struct ea_cfg_table *acpi = ea_dmesg_cfg(d, "ACPI 2.0");
	if (acpi && a->src->has_rsdp &&
	    a->src->rsdp_ev.in == &a->src->in[EA_IN_SYSTAB_FILE] &&
	    acpi->addr != a->src->rsdp)
		clue(a, "sys/firmware/efi/systab",
		     ea_xstrdup("the RSDP addresses differ"), acpi->ev,
		     a->src->rsdp_ev,
		     "the kernel log's ACPI 2.0 table (RSDP) is at "
		     "0x%016" PRIx64 ", sys/firmware/efi/systab's ACPI20 at "
		     "0x%016" PRIx64,
		     acpi->addr, a->src->rsdp);
}

void ea_boots_compare(struct ea_build *a)
{
	if (a->src->in[EA_IN_DMESG].status != EA_IN_OK)
		return;
	kernel_clues(a);
	lpi_clue(a);
	firmware_clues(a);
}

void ea_boots_free(struct ea_boots *b)
{
	for (size_t i = 0; i < b->clues.n; i++) {
		free(b->clues.v[i].what);
		free(b->clues.v[i].brief);
	}
	EA_VEC_FREE(b->clues);
}
