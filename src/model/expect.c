/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The expectation model (expect.h). Sources of each fact, and why they
 * count:
 *  - UEFI: the "efi: EFI v..." banner and the configuration-table line
 *    (efi_systab_report_header(), efi_config_parse_tables()), a printed EFI
 *    memory map (efi=debug), /chosen linux,uefi-system-table in the FDT (the
 *    stub writes it, drivers/firmware/efi/libstub/fdt.c), the system table
 *    read from memory, sys/firmware/efi/systab and runtime-map. Against it:
 *    "efi: UEFI not found." (efi_get_fdt_params(), no UEFI parameters in
 *    the FDT).
 *  - ACPI: the log's "ACPI: SIG 0x..." lines (acpi_tb_print_table_header()),
 *    an RSDP address (systab ACPI20=, the "ACPI 2.0" configuration table),
 *    an RSDP read from memory, sys/firmware/acpi/tables, an acpidump.
 *  - A GICv3 ITS: the log's "ITS@0x...: allocated" and LPI table lines
 *    (irq-gic-v3-its.c), MADT GIC ITS structures read from memory, an
 *    "arm,gic-v3-its" node in the FDT. Against it: a MADT read whole with
 *    no ITS structure, or a usable FDT whose GICv3 has no ITS node.
 * What each category needs, and the sources that give its addresses, are
 * in ea_expect_match().
 */
#include "model/expect.h"
#include "core/util.h"
#include "model/model.h"
#include "read/kexecbin.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *ea_expect_cat_name(enum ea_expect_cat c)
{
	switch (c) {
	case EA_EXPECT_ACPI_TABLES:
		return "ACPI tables";
	case EA_EXPECT_LPI_TABLES:
		return "GICv3 LPI tables";
	case EA_EXPECT_MEMRESERVE:
		return "the MEMRESERVE table";
	case EA_EXPECT_EFI_MEMORY_MAP:
		return "the EFI memory map buffer";
	case EA_NEXPECT:
		break;
	}
	return "?";
}

static struct ea_evid no_evid(void)
{
	struct ea_evid e = { 0 };
	return e;
}

static void fact(struct ea_kb_fact *f, enum ea_fact v, const char *why,
		 struct ea_evid ev)
{
	f->v = v;
	f->why = why;
	f->ev = ev;
}

/* UEFI: the EFI stub ran. "efi: Getting EFI parameters from FDT:"
 * (up to 5.6) and "Getting UEFI parameters from /chosen in DT:"
 * (5.10+, efi=debug) are printed before the kernel knows, so they
 * say nothing either way. */
static void fact_uefi(struct ea_build *a, struct ea_kb_fact *f)
{
	const struct ea_dmesg *d = &a->src->dmesg;
	const struct ea_evid none = { 0 };
	bool log_ok = a->src->in[EA_IN_DMESG].status == EA_IN_OK;

	if (d->uefi_not_found)
		fact(f, EA_FACT_NO, "the log's \"efi: UEFI not found.\" line",
		     d->uefi_not_found_ev);
	else if (d->efi_banner)
		fact(f, EA_FACT_YES, "the log's \"efi: EFI v\" line",
		     d->efi_banner_ev);
	else if (d->cfg.n)
		fact(f, EA_FACT_YES, "the log's EFI configuration-table line",
		     d->cfg.v[0].ev);
	else if (a->src->fdt.systab.has)
		fact(f, EA_FACT_YES,
		     "the FDT's /chosen linux,uefi-system-table",
		     a->src->fdt.systab.ev);
	else if (a->src->systab.header_ok)
		fact(f, EA_FACT_YES, "the EFI system table in memory",
		     a->src->systab.ev);
	else if (d->has_systab)
		fact(f, EA_FACT_YES, "the log's efi=debug System Table line",
		     none);
	else if (d->efi_map.n)
		fact(f, EA_FACT_YES, "the log's EFI memory map",
		     ea_efi_desc_evid(d->in, &d->efi_map.v[0]));
	else if (a->src->has_memreserve)
		fact(f, EA_FACT_YES,
		     "a MEMRESERVE table (the EFI stub installs it)",
		     a->src->memreserve_ev);
	else if (log_ok && d->starts_at_boot)
		fact(f, EA_FACT_NO,
		     "no EFI line in a log that starts at boot: no \"efi: EFI "
		     "v\" line, configuration-table line or EFI memory map",
		     d->kernel_ev);
	else
		fact(f, EA_FACT_UNKNOWN,
		     log_ok ? "the log does not reach back to boot and no "
			      "other input shows UEFI"
			    : "no kernel log, and no other input shows UEFI",
		     none);
}

/* the MEMRESERVE table: the efi: line's MEMRESERVE= or the system
 * table's entry (ea_sources_memreserve() found its root), else what rules
 * it out */
static void fact_memreserve(struct ea_build *a, const struct ea_kb_fact *uefi,
			    struct ea_kb_fact *f)
{
	const struct ea_dmesg *d = &a->src->dmesg;
	const struct ea_evid none = { 0 };
	bool cfg_names = false;
	for (size_t i = 0; i < d->cfg.n; i++)
		cfg_names |= strcmp(d->cfg.v[i].name, "MEMRESERVE") == 0;
	if (a->src->has_memreserve)
		fact(f, EA_FACT_YES, "the MEMRESERVE configuration table",
		     a->src->memreserve_ev);
	else if (uefi->v == EA_FACT_NO)
		fact(f, EA_FACT_NO, uefi->why, uefi->ev);
	else if (d->cfg.n && !cfg_names)
		fact(f, EA_FACT_NO,
		     "the log's configuration-table line names no MEMRESERVE",
		     d->cfg.v[0].ev);
	else
		fact(f, EA_FACT_UNKNOWN,
		     "no configuration-table line or EFI system table shows "
		     "it",
		     none);
}

/* a GICv3 ITS: its lines, the LPI tables it needs, the FDT, the MADT */
static void fact_its(struct ea_build *a, struct ea_kb_fact *f)
{
	const struct ea_dmesg *d = &a->src->dmesg;
	const struct ea_evid none = { 0 };
	bool madt = false;
	for (size_t i = 0; i < a->src->acpi_mem.tables.n; i++)
		madt |= a->src->acpi_mem.tables.v[i].whole &&
			strcmp(a->src->acpi_mem.tables.v[i].sig, "APIC") == 0;
	if (d->its.n)
		fact(f, EA_FACT_YES, "the log's ITS lines", d->its.v[0].ev);
	else if (d->has_lpi_prop)
		fact(f, EA_FACT_YES, "the log's LPI property table line",
		     d->lpi_prop_ev);
	else if (d->lpi_pending.n)
		fact(f, EA_FACT_YES, "the log's LPI pending table lines",
		     d->lpi_pending.v[0].ev);
	else if (a->src->fdt.its.n)
		fact(f, EA_FACT_YES, "the FDT's arm,gic-v3-its node",
		     a->src->fdt.its.v[0].ev);
	else if (a->src->acpi_mem.its.n)
		fact(f, EA_FACT_YES, "the MADT's GIC ITS structure",
		     a->src->acpi_mem.its.v[0].ev);
	else if (a->m->arch == EA_ARCH_X86_64)
		fact(f, EA_FACT_NO, "x86 has no GICv3", none);
	else if (a->src->fdt.usable && a->src->fdt.ngicv3)
		fact(f, EA_FACT_NO, "the FDT's GICv3 has no available ITS node",
		     none);
	else if (a->src->fdt.usable && a->src->fdt.memory.n)
		fact(f, EA_FACT_NO, "the FDT has no GICv3", none);
	else if (madt && a->src->acpi_mem.complete)
		fact(f, EA_FACT_NO, "the MADT has no GIC ITS structure", none);
	else
		fact(f, EA_FACT_UNKNOWN,
		     "no ITS or LPI line in the log, and no FDT or MADT shows "
		     "the GIC",
		     none);
}

/* x86: whether kexec_file walks memblock (kexec_locate_mem_hole():
 * IS_ENABLED(CONFIG_ARCH_KEEP_MEMBLOCK), which CONFIG_INTEL_TDX_HOST
 * selects from v6.8); memblock debugfs data exists only then. */
static void fact_x86_mb_walk(struct ea_build *a, struct ea_kb_fact *f)
{
	const struct ea_kconfig *kc = &a->src->kconfig;
	const struct ea_evid none = { 0 };
	if (a->m->arch != EA_ARCH_X86_64)
		fact(f, EA_FACT_NO, "not x86", none);
	else if (kc->known && kc->v[EA_KC_ARCH_KEEP_MEMBLOCK] == EA_KC_SET)
		fact(f, EA_FACT_YES,
		     "the kernel configuration sets CONFIG_ARCH_KEEP_MEMBLOCK",
		     kc->ev[EA_KC_ARCH_KEEP_MEMBLOCK]);
	else if (a->src->in[EA_IN_MB_MEMORY].status == EA_IN_OK &&
		 a->src->mb_memory.regions.n)
		fact(f, EA_FACT_YES,
		     "memblock debugfs is there (ARCH_KEEP_MEMBLOCK)", none);
	else if (kc->known)
		fact(f, EA_FACT_NO,
		     "the kernel configuration does not set "
		     "CONFIG_ARCH_KEEP_MEMBLOCK",
		     none);
	else
		fact(f, EA_FACT_UNKNOWN,
		     "no kernel configuration says whether it keeps memblock "
		     "(CONFIG_ARCH_KEEP_MEMBLOCK)",
		     none);
}

/* kexec-tools' version: what the user said, else what collect.sh wrote in
 * the MANIFEST (`kexec --version`), else what the running system's kexec
 * binary holds (read/kexecbin.h). */
static void fact_kexec_tools(struct ea_build *a, struct ea_kb_facts *f)
{
	const struct ea_evid none = { 0 };
	struct ea_kb_tools *t = &f->tools;
	const char *mt = a->src->manifest.kexec_tools;
	memset(t, 0, sizeof(*t));
	if (a->kexec_tools && ea_kexec_tools_parse(a->kexec_tools, &t->major,
						   &t->minor, &t->patch)) {
		t->known = true;
		fact(&f->kexec_tools, EA_FACT_YES, "--kexec-tools", none);
	} else if (mt &&
		   ea_kexec_tools_parse(mt, &t->major, &t->minor, &t->patch)) {
		t->known = true;
		fact(&f->kexec_tools, EA_FACT_YES,
		     "the MANIFEST's kexec-tools line", none);
	} else if (a->src->kexec_bin.known) {
		t->known = true;
		t->major = a->src->kexec_bin.major;
		t->minor = a->src->kexec_bin.minor;
		t->patch = a->src->kexec_bin.patch;
		fact(&f->kexec_tools, EA_FACT_YES,
		     "the version string of the kexec binary", none);
	} else {
		fact(&f->kexec_tools, EA_FACT_UNKNOWN,
		     mt ? "the MANIFEST's kexec-tools line names no version"
		     : a->src->live ? "no kexec binary that names its version"
				    : "no kexec-tools line in a MANIFEST",
		     none);
	}
}

/* The one place that decides the boot facts (struct ea_kb_facts) from the
 * readers' results: the inferences, the remedies and the checks all read
 * them from here. */
static void kb_facts(struct ea_build *a, struct ea_kb_facts *f)
{
	fact_uefi(a, &f->uefi);
	fact_memreserve(a, &f->uefi, &f->memreserve);
	fact_its(a, &f->its);
	fact_x86_mb_walk(a, &f->x86_mb_walk);
	fact_kexec_tools(a, f);
}

static void fact_acpi(struct ea_build *a, struct ea_kb_fact *f)
{
	const struct ea_dmesg *d = &a->src->dmesg;
	if (d->acpi.n)
		fact(f, EA_FACT_YES, "the kernel log names ACPI tables",
		     d->acpi.v[0].ev);
	else if (a->src->has_rsdp)
		fact(f, EA_FACT_YES,
		     "the firmware gives an RSDP address (ACPI20= or the "
		     "\"ACPI 2.0\" configuration table)",
		     a->src->rsdp_ev);
	else if (a->src->in[EA_IN_ACPI_SYSFS].status == EA_IN_OK)
		fact(f, EA_FACT_YES, "sys/firmware/acpi/tables exists",
		     no_evid());
	else if (a->src->acpidump.tables.n)
		fact(f, EA_FACT_YES, "the acpidump lists tables",
		     a->src->acpidump.tables.v[0].ev);
	else
		fact(f, EA_FACT_UNKNOWN, "no input shows ACPI in use",
		     no_evid());
}

void ea_expect_facts(struct ea_build *a)
{
	kb_facts(a, &a->m->facts);
	fact_acpi(a, &a->m->expect.acpi);
}

/* ---- matching ---------------------------------------------------------- */

static void expect_by(struct ea_expectation *x, const char *what,
		      const struct ea_kb_fact *f)
{
	x->expected = true;
	x->because = ea_xasprintf("%s: %s", what, f->why);
	x->ev = f->ev;
}

static size_t count_kind(const struct ea_build *a, enum ea_kind k)
{
	size_t n = 0;
	for (size_t i = 0; i < a->m->prot.n; i++)
		n += a->m->prot.v[i].kind == k;
	return n;
}

/* Protected ACPI tables with the signature sig ("ACPI SIG" names). */
static size_t acpi_with_sig(const struct ea_build *a, const char *sig)
{
	size_t n = 0;
	for (size_t k = 0; k < a->m->prot_lists.acpi.n; k++) {
		const struct ea_protected *p =
		    &a->m->prot.v[a->m->prot_lists.acpi.v[k]];
		if (!strncmp(p->name, "ACPI ", 5) &&
		    !strncmp(p->name + 5, sig, 4))
			n++;
	}
	return n;
}

static bool acpi_at(const struct ea_build *a, uint64_t addr)
{
	for (size_t k = 0; k < a->m->prot_lists.acpi.n; k++)
		if (a->m->prot.v[a->m->prot_lists.acpi.v[k]].r.first == addr)
			return true;
	return false;
}

/* A sentence list, "A, B and 2 more". */
struct names {
	char buf[256];
	size_t n, shown;
};

static void names_add(struct names *s, const char *x)
{
	s->n++;
	size_t w = strlen(s->buf);
	if (s->shown == 6 || w + 40 >= sizeof(s->buf))
		return;
	snprintf(s->buf + w, sizeof(s->buf) - w, "%s", s->shown ? ", " : "");
	w = strlen(s->buf);
	snprintf(s->buf + w, sizeof(s->buf) - w, "%s", x);
	s->shown++;
}

static const char *names_more(const struct names *s, char *buf, size_t n)
{
	if (s->n > s->shown)
		snprintf(buf, n, "%s and %zu more", s->buf, s->n - s->shown);
	else
		snprintf(buf, n, "%s", s->buf);
	return buf;
}

static void match_acpi(struct ea_build *a, struct ea_expectation *x)
{
	x->found = a->m->prot_lists.acpi.n;
	if (!x->found) {
		x->missing = ea_xstrdup(
		    "no input gives an ACPI table's address (the kernel log's "
		    "\"ACPI: SIG 0x...\" lines, the walk from the RSDP in "
		    "mem/, an acpidump with addresses)");
		return;
	}
	/* tables sysfs lists by name: each must be found with an address */
	struct names by_name = { .buf = "" };
	for (size_t i = 0; i < a->src->acpi_sysfs_names.n; i++) {
		const char *nm = a->src->acpi_sysfs_names.v[i];
		char sig[5] = "";
		snprintf(sig, sizeof(sig), "%s", nm);
		/* SSDT3: the third SSDT */
		size_t inst = 1;
		if (strlen(nm) > 4)
			inst = (size_t)strtoul(nm + 4, NULL, 10);
		if (acpi_with_sig(a, sig) < (inst ? inst : 1))
			names_add(&by_name, nm);
	}
	/* tables the walk from the RSDP reached but could not read */
	struct names unread = { .buf = "" };
	char at[64];
	for (size_t i = 0; i < a->src->acpi_mem.tables.n; i++) {
		const struct ea_acpi_mtable *t = &a->src->acpi_mem.tables.v[i];
		if (t->has_range || !t->addr || acpi_at(a, t->addr))
			continue;
		snprintf(at, sizeof(at), "0x%016" PRIx64, t->addr);
		names_add(&unread, at);
		if (!x->missing_ev.in)
			x->missing_ev = t->ev;
	}
	char b1[320], b2[320];
	if (by_name.n && unread.n)
		x->missing = ea_xasprintf(
		    "sys/firmware/acpi/tables lists %s, whose address no input "
		    "gives; the walk from the RSDP reached %s but could not "
		    "read %s",
		    names_more(&by_name, b1, sizeof(b1)),
		    names_more(&unread, b2, sizeof(b2)),
		    unread.n == 1 ? "it" : "them");
	else if (by_name.n)
		x->missing = ea_xasprintf(
		    "sys/firmware/acpi/tables lists %s, whose address no input "
		    "gives (known by name only)",
		    names_more(&by_name, b1, sizeof(b1)));
	else if (unread.n)
		x->missing = ea_xasprintf(
		    "the walk from the RSDP reached %s but could not read "
		    "%s (%s), and no other input gives %s",
		    names_more(&unread, b2, sizeof(b2)),
		    unread.n == 1 ? "it" : "them",
		    a->src->acpi_mem.why ? a->src->acpi_mem.why : "incomplete",
		    unread.n == 1 ? "it" : "them");
}

static void match_lpi(struct ea_build *a, struct ea_expectation *x)
{
	size_t prop = count_kind(a, EA_KIND_LPI_PROPERTY_TABLE);
	size_t pend = count_kind(a, EA_KIND_LPI_PENDING_TABLE);
	size_t entries = count_kind(a, EA_KIND_MEMRESERVE_ENTRY);
	x->found = prop + pend + entries;
	/* the chain's entries are the LPI tables when the log does not
	 * name them (a property table and a pending table at least) */
	if ((prop && pend) || prop + pend + entries >= 2)
		return;
	x->missing = ea_xasprintf(
	    "%s: neither the kernel log (\"GICv3: using LPI property table "
	    "@...\", \"CPUn: using ... LPI pending table @...\") nor the "
	    "MEMRESERVE chain in mem/ gives %s",
	    !prop && !pend ? "no LPI table address"
	    : !prop	   ? "no LPI property table address"
			   : "no LPI pending table address",
	    !prop && !pend ? "them" : "it");
}

static void match_memreserve(struct ea_build *a, struct ea_expectation *x)
{
	x->found = a->src->has_memreserve;
	if (a->src->has_memreserve)
		return;
	/* its absence seen: the configuration tables were listed or read
	 * whole without one (lpi_tables_not_persistent says what follows) */
	if (a->src->dmesg.cfg.n || a->src->systab.complete)
		return;
	x->missing = ea_xstrdup(
	    "no input gives its address: the kernel log has no EFI "
	    "configuration-table line (\"efi: ... MEMRESERVE=0x...\") and no "
	    "EFI system table was read from mem/");
}

static void match_efi_map(struct ea_build *a, struct ea_expectation *x)
{
	x->found = count_kind(a, EA_KIND_EFI_MEMORY_MAP);
	if (x->found)
		return;
	x->missing = ea_xstrdup(
	    "no input gives its address: the kernel log has no \"MemMap "
	    "Address\" line (boot with efi=debug) and no FDT "
	    "(sys/firmware/fdt) gives /chosen linux,uefi-mmap-start");
}

void ea_expect_match(struct ea_build *a)
{
	struct ea_expect *e = &a->m->expect;
	struct ea_expectation *x;

	x = &e->cat[EA_EXPECT_ACPI_TABLES];
	if (e->acpi.v == EA_FACT_YES) {
		expect_by(x, "ACPI is in use", &e->acpi);
		match_acpi(a, x);
	}
	x = &e->cat[EA_EXPECT_LPI_TABLES];
	if (a->m->facts.its.v == EA_FACT_YES) {
		expect_by(x, "a GICv3 ITS", &a->m->facts.its);
		match_lpi(a, x);
	}
	/* the arm64 EFI stub installs a MEMRESERVE table from v4.20
	 * (install_memreserve_table(), 71e0940d52e1) */
	bool v420 = !a->m->kversion_known || a->m->kmajor > 4 ||
		    (a->m->kmajor == 4 && a->m->kminor >= 20);
	x = &e->cat[EA_EXPECT_MEMRESERVE];
	if (a->m->arch == EA_ARCH_ARM64 && a->m->facts.uefi.v == EA_FACT_YES &&
	    a->m->facts.its.v == EA_FACT_YES && v420) {
		expect_by(x,
			  "an arm64 UEFI boot with a GICv3 ITS, on a kernel "
			  "that installs one (v4.20 and later)",
			  &a->m->facts.uefi);
		match_memreserve(a, x);
	}
	x = &e->cat[EA_EXPECT_EFI_MEMORY_MAP];
	if (a->m->arch == EA_ARCH_ARM64 && a->m->facts.uefi.v == EA_FACT_YES) {
		expect_by(x, "an arm64 UEFI boot", &a->m->facts.uefi);
		match_efi_map(a, x);
	}
	for (int c = 0; c < EA_NEXPECT; c++)
		e->cat[c].met = e->cat[c].expected && !e->cat[c].missing;
}

void ea_expect_free(struct ea_expect *e)
{
	for (int c = 0; c < EA_NEXPECT; c++) {
		free(e->cat[c].because);
		free(e->cat[c].missing);
	}
	memset(e, 0, sizeof(*e));
}
