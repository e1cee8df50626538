/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * ACPI tables walked from physical memory.
 *
 * Real data: each arm64 ACPI capture saved the RSDP (at systab's ACPI20=)
 * and the XSDT in mem/, nothing else; the walk must read both, list every
 * XSDT entry as unreadable with the reason, at the addresses the kernel
 * printed. Then the same captures with their own sysfs tables put at the
 * kernel's addresses: the walk must reach every table, FADT → DSDT, and the
 * MADT's ITS and GICR, and agree with both the log and sysfs.
 *
 * Synthetic data: tables compiled at test time by iasl from
 * the .dsl files of testdata/acpi (an XSDT, an RSDT, a FADT with a FACS, an MADT with
 * GICC, GICD, GICR and two ITS, two SSDTs), written to a temporary mem/,
 * then edited into hostile shapes.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check/cross_acpi.h"
#include "read/acpi.h"
#include "read/acpidump.h"
#include "read/dmesg.h"
#include "read/physmem.h"
#include "t.h"

#define CAP TESTDATA "/captures/"

/* --- files -------------------------------------------------------------- */

static unsigned char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	size_t cap = 4096, n = 0;
	unsigned char *b = malloc(cap);
	size_t r;
	while ((r = fread(b + n, 1, cap - n, f)) > 0) {
		n += r;
		if (n == cap)
			b = realloc(b, cap *= 2);
	}
	fclose(f);
	*len = n;
	return b;
}

static void spit(const char *path, const void *b, size_t n)
{
	FILE *f = fopen(path, "wb");
	CHECK(f != NULL);
	if (!f)
		return;
	CHECK(fwrite(b, 1, n, f) == n);
	fclose(f);
}

static void put_mem(const char *dir, uint64_t addr, const void *b, size_t n)
{
	char p[512];
	snprintf(p, sizeof(p), "%s/%016llx.bin", dir, (unsigned long long)addr);
	spit(p, b, n);
}

static void rm_rf(const char *dir)
{
	char cmd[600];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	CHECK(system(cmd) == 0);
}

static char *mktmp(void)
{
	char t[] = "/tmp/ea_acpi_XXXXXX";
	char *d = mkdtemp(t);
	CHECK(d != NULL);
	return strdup(d ? d : "/nonexistent");
}

/* "ACPI20=0x..." of sys/firmware/efi/systab, 0 when absent */
static uint64_t systab_acpi20(const char *cap)
{
	char p[512];
	size_t n;
	snprintf(p, sizeof(p), CAP "%s/sys/firmware/efi/systab", cap);
	unsigned char *b = slurp(p, &n);
	uint64_t v = 0;
	if (!b)
		return 0;
	for (size_t i = 0; i + 9 <= n; i++)
		if ((i == 0 || b[i - 1] == '\n') &&
		    !memcmp(b + i, "ACPI20=0x", 9))
			ea_parse_hex((const char *)b + i + 9, n - i - 9, &v);
	free(b);
	return v;
}

static void load_dmesg(const char *cap, struct ea_input *in, struct ea_dmesg *d,
		       struct ea_diags *dg)
{
	char p[512];
	snprintf(p, sizeof(p), CAP "%s/dmesg.txt", cap);
	in->name = "dmesg";
	CHECK(ea_input_load_file(in, p));
	ea_dmesg_parse(in, d, dg);
}

/* The text of an evidence line of a listing. */
static char *evtext(struct ea_evid e)
{
	if (!e.in || !e.in->data || e.off + e.len > e.in->len)
		return strdup("");
	return strndup(e.in->data + e.off, e.len);
}

static bool ev_starts(struct ea_evid e, const char *prefix)
{
	char *s = evtext(e);
	bool ok = !strncmp(s, prefix, strlen(prefix));
	if (!ok)
		fprintf(stderr, "evidence '%s' does not start with '%s'\n", s,
			prefix);
	free(s);
	return ok;
}

static bool has_diag(const struct ea_diags *d, const char *needle)
{
	for (size_t i = 0; i < d->n; i++)
		if (strstr(d->v[i].msg, needle))
			return true;
	return false;
}

static void dump_diags(const struct ea_diags *d)
{
	for (size_t i = 0; i < d->n; i++)
		fprintf(stderr, "  diag: %s\n", d->v[i].msg);
}

/* --- real captures, as saved --------------------------------------------- */

struct capture {
	const char *name;
	uint64_t rsdp, xsdt;
	uint32_t apic_len, dsdt_len;
};

/* RSDP from systab ACPI20= (= dmesg "ACPI 2.0=" and "ACPI: RSDP"), XSDT
 * from the RSDP bytes @24 (= dmesg "ACPI: XSDT"), lengths from the log. */
static const struct capture caps[] = {
	{ "qemu-arm64-6.1-acpi-smp4-2g", 0xbc430018, 0xbc43fe98, 0x1a8,
	  0x14a2 },
	{ "qemu-arm64-6.1-acpi-gicv2", 0x7c430018, 0x7c43fe98, 0xfc, 0x1468 },
	{ "qemu-arm64-5.10-acpi-smp2-1g", 0x7c430018, 0x7c43fe98, 0x108,
	  0x1468 },
	{ "qemu-arm64-5.10-acpi-smp4-256m", 0x4c430018, 0x4c43fe98, 0x1a8,
	  0x14a2 },
};

static void real_as_saved(const struct capture *c)
{
	char dir[512];
	struct ea_physmem pm = { 0 };
	struct ea_input memin = { .name = "mem" }, lst = { .name = "acpi_mem" };
	struct ea_input dmin = { 0 }, slst = { .name = "acpi_sysfs" };
	struct ea_diags dg = { 0 };
	struct ea_dmesg d = { 0 };
	struct ea_acpi_mem m = { 0 };

	CHECK_U64(systab_acpi20(c->name), c->rsdp);
	snprintf(dir, sizeof(dir), CAP "%s/mem", c->name);
	CHECK(ea_physmem_open_dir(&pm, &memin, dir, &dg));
	ea_acpi_walk(&pm, c->rsdp, &lst, &m, &dg);
	load_dmesg(c->name, &dmin, &d, &dg);

	/* RSDP: 36 bytes, revision 2, "BOCHS ", both checksums good */
	CHECK(m.rsdp_valid && m.rsdp_revision == 2 && m.use_xsdt);
	CHECK_U64(m.root, c->xsdt);
	CHECK(m.tables.n == 10);
	if (m.tables.n != 10) {
		dump_diags(&dg);
		goto out;
	}
	const struct ea_acpi_mtable *r = &m.tables.v[0];
	CHECK_STR(r->sig, "RSDP");
	CHECK_U64(r->addr, c->rsdp);
	CHECK(r->whole && r->length == 36 && r->csum == EA_ACPI_CSUM_OK);
	char want[64];
	snprintf(want, sizeof(want), "0x%016llx RSDP (RSDP): revision 2",
		 (unsigned long long)c->rsdp);
	CHECK(ev_starts(r->ev, want));

	/* XSDT: 100 bytes, 8 entries, checksum good */
	const struct ea_acpi_mtable *x = &m.tables.v[1];
	CHECK_STR(x->sig, "XSDT");
	CHECK_U64(x->addr, c->xsdt);
	CHECK(x->whole && x->length == 100 && x->csum == EA_ACPI_CSUM_OK);
	CHECK(x->via == EA_ACPI_VIA_RSDP_XSDT);
	snprintf(want, sizeof(want), "0x%016llx XSDT (RSDP XsdtAddress @24)",
		 (unsigned long long)c->xsdt);
	CHECK(ev_starts(x->ev, want));

	/* The 8 entries: not in mem/, so unreadable, with the reason; their
	 * addresses are the log's lines 3..10 (FACP, then after the log's
	 * DSDT line, APIC ... IORT). */
	size_t li = 0;
	for (size_t i = 2; i < 10; i++) {
		const struct ea_acpi_mtable *t = &m.tables.v[i];
		CHECK(!t->readable && !t->whole && t->sig[0] == '\0');
		CHECK(t->via == EA_ACPI_VIA_XSDT_ENTRY && t->index == i - 2);
		CHECK(t->status && !strncmp(t->status, "unreadable: ", 12));
		CHECK(t->status &&
		      strstr(t->status, "is not in any saved chunk"));
		while (li < d.acpi.n && (!strcmp(d.acpi.v[li].sig, "RSDP") ||
					 !strcmp(d.acpi.v[li].sig, "XSDT") ||
					 !strcmp(d.acpi.v[li].sig, "DSDT")))
			li++;
		CHECK(li < d.acpi.n);
		if (li < d.acpi.n)
			CHECK_U64(t->addr, d.acpi.v[li++].addr);
	}
	CHECK(!m.complete && m.why && strstr(m.why, "XSDT entry 0"));
	CHECK(m.its.n == 0 && m.gicr.n == 0);

	/* against the log: RSDP and XSDT agree; the 8 are unread; the
	 * DSDT (through the unreadable FADT) was not reached, which is no
	 * difference since the walk is incomplete */
	struct ea_acpi_cmp_result cr = { 0 };
	ea_acpi_compare_dmesg(&m, &d, &cr);
	CHECK(cr.v.n == 11);
	CHECK(cr.ndiffer == 0 && cr.nskipped == 0);
	size_t same = 0, unread = 0, onlylog = 0;
	for (size_t i = 0; i < cr.v.n; i++) {
		const struct ea_acpi_cmp *k = &cr.v.v[i];
		same += k->kind == EA_ACPI_CMP_SAME;
		unread += k->kind == EA_ACPI_CMP_MEM_UNREAD;
		if (k->kind == EA_ACPI_CMP_ONLY_LOG) {
			onlylog++;
			CHECK_STR(k->log->sig, "DSDT");
			CHECK(!k->differs);
		}
	}
	CHECK(same == 2 && unread == 8 && onlylog == 1);
	CHECK(cr.v.v[0].kind == EA_ACPI_CMP_SAME && cr.v.v[0].mem == r);
	CHECK(cr.v.v[1].kind == EA_ACPI_CMP_SAME && cr.v.v[1].mem == x);
	ea_acpi_cmp_result_free(&cr);

	/* against sysfs: 9 files, none of which memory has */
	struct ea_acpi_sysfs_cmp sc = { 0 };
	snprintf(dir, sizeof(dir), CAP "%s/sys/firmware/acpi/tables", c->name);
	ea_acpi_compare_sysfs(&m, dir, &slst, &sc, &dg);
	CHECK(sc.dir_read && sc.instances_uncertain);
	CHECK(sc.v.n == 9 && sc.ndiffer == 0);
	for (size_t i = 0; i < sc.v.n; i++)
		CHECK(sc.v.v[i].kind == EA_ACPI_FILE_ONLY_FILE &&
		      !sc.v.v[i].differs);
	/* sorted by name: APIC first; its listing line names the file */
	CHECK_STR(sc.v.v[0].name, "APIC");
	CHECK_U64(sc.v.v[0].file_len, c->apic_len);
	snprintf(want, sizeof(want), "APIC: %u bytes, signature \"APIC\"",
		 c->apic_len);
	CHECK(ev_starts(sc.v.v[0].ev, want));
	CHECK_STR(sc.v.v[2].name, "DSDT");
	CHECK_U64(sc.v.v[2].file_len, c->dsdt_len);
	ea_acpi_sysfs_cmp_free(&sc);
out:
	ea_acpi_mem_free(&m);
	ea_dmesg_free(&d);
	ea_physmem_free(&pm);
	ea_input_free(&memin);
	ea_input_free(&lst);
	ea_input_free(&dmin);
	ea_input_free(&slst);
	ea_diags_free(&dg);
}

/* x86: no mem/ at all; the DT boot: no ACPI20= to start from. */
static void real_without_memory(void)
{
	struct ea_physmem pm = { 0 };
	struct ea_input memin = { .name = "mem" }, lst = { .name = "acpi_mem" };
	struct ea_diags dg = { 0 };
	struct ea_acpi_mem m = { 0 };

	CHECK_U64(systab_acpi20("qemu-amd64-6.1-ovmf-smp2-2g"), 0x7f77d014);
	CHECK(!ea_physmem_open_dir(&pm, &memin,
				   CAP "qemu-amd64-6.1-ovmf-smp2-2g/mem", &dg));
	ea_acpi_walk(&pm, 0x7f77d014, &lst, &m, &dg);
	CHECK(m.tables.n == 1 && !m.rsdp_valid && !m.complete);
	CHECK(m.tables.n && !m.tables.v[0].readable &&
	      !strcmp(m.tables.v[0].status,
		      "unreadable: no physical memory source"));
	CHECK(ev_starts(m.tables.v[0].ev,
			"0x000000007f77d014 RSDP: unreadable: no physical"));
	ea_acpi_mem_free(&m);
	ea_physmem_free(&pm);
	ea_input_free(&memin);
	ea_input_free(&lst);
	ea_diags_free(&dg);

	CHECK_U64(systab_acpi20("qemu-arm64-6.1-dt-smp2-1g"), 0);
}

/* --- real captures, completed with their own sysfs tables ---------------- */

static void copy_capture_mem(const char *cap, const char *to)
{
	char cmd[1200];
	snprintf(cmd, sizeof(cmd), "cp " CAP "%s/mem/*.bin '%s'/", cap, to);
	CHECK(system(cmd) == 0);
}

/* The sysfs table SIG of a capture, written at the log's address for it. */
static void place_sysfs(const char *cap, const struct ea_dmesg *d,
			const char *to)
{
	for (size_t i = 0; i < d->acpi.n; i++) {
		const struct ea_acpi_table *l = &d->acpi.v[i];
		char p[512];
		size_t n;
		if (!strcmp(l->sig, "RSDP") || !strcmp(l->sig, "XSDT"))
			continue;
		snprintf(p, sizeof(p), CAP "%s/sys/firmware/acpi/tables/%s",
			 cap, l->sig);
		unsigned char *b = slurp(p, &n);
		CHECK(b != NULL);
		if (!b)
			continue;
		CHECK_U64(n, l->length);
		put_mem(to, l->addr, b, n);
		free(b);
	}
}

static void real_completed(const struct capture *c)
{
	char *tmp = mktmp();
	char dir[512];
	struct ea_physmem pm = { 0 };
	struct ea_input memin = { .name = "mem" }, lst = { .name = "acpi_mem" };
	struct ea_input dmin = { 0 }, slst = { .name = "acpi_sysfs" };
	struct ea_diags dg = { 0 };
	struct ea_dmesg d = { 0 };
	struct ea_acpi_mem m = { 0 };
	static const char *const order[] = { "RSDP", "XSDT", "FACP", "DSDT",
					     "APIC", "PPTT", "GTDT", "MCFG",
					     "SPCR", "DBG2", "IORT" };

	load_dmesg(c->name, &dmin, &d, &dg);
	copy_capture_mem(c->name, tmp);
	place_sysfs(c->name, &d, tmp);
	CHECK(ea_physmem_open_dir(&pm, &memin, tmp, &dg));
	ea_acpi_walk(&pm, c->rsdp, &lst, &m, &dg);

	CHECK(m.complete && !m.why);
	CHECK(dg.n == 0);
	dump_diags(&dg);
	CHECK(m.tables.n == 11);
	for (size_t i = 0; i < m.tables.n && i < 11; i++) {
		const struct ea_acpi_mtable *t = &m.tables.v[i];
		CHECK_STR(t->sig, order[i]);
		CHECK(t->whole && t->csum == EA_ACPI_CSUM_OK && !t->status);
		CHECK(t->has_range && t->r.first == t->addr &&
		      t->r.last == t->addr + t->length - 1);
	}
	/* the DSDT through X_DSDT (the FADT's 32-bit DSDT is the same), no
	 * FACS: the FADT is hardware-reduced, FIRMWARE_CTRL 0 */
	if (m.tables.n == 11) {
		CHECK(m.tables.v[3].via == EA_ACPI_VIA_FADT_X_DSDT);
		CHECK_U64(m.tables.v[3].parent, m.tables.v[2].addr);
		CHECK_U64(m.tables.v[4].length, c->apic_len);
		CHECK_U64(m.tables.v[3].length, c->dsdt_len);
	}

	/* MADT: the GICv3 captures have one ITS (dmesg "ITS [mem
	 * 0x08080000-0x0809ffff]") and one GICR range (dmesg "found
	 * redistributor 0 region 0:0x00000000080a0000"); GICv2 neither */
	bool v2 = strstr(c->name, "gicv2") != NULL;
	CHECK(m.its.n == (v2 ? 0 : 1));
	CHECK(m.gicr.n == (v2 ? 0 : 1));
	if (m.its.n == 1 && m.gicr.n == 1) {
		CHECK(m.its.v[0].id == 0);
		CHECK_U64(m.its.v[0].base, 0x8080000);
		CHECK_U64(m.its.v[0].madt, m.tables.v[4].addr);
		/* +404 with 4 CPUs, +244 with 2 (5.10-smp2-1g) */
		CHECK(m.its.v[0].off == (c->apic_len == 0x1a8 ? 404 : 244));
		CHECK_U64(m.gicr.v[0].base, 0x80a0000);
		CHECK_U64(m.gicr.v[0].length, 0xf60000);
		CHECK(m.gicr.v[0].has_range &&
		      m.gicr.v[0].r.last == 0x80a0000 + 0xf60000 - 1);
		char want[96];
		snprintf(
		    want, sizeof(want),
		    "0x%016llx APIC +%u: GIC ITS ID 0, base "
		    "0x0000000008080000",
		    (unsigned long long)(m.tables.v[4].addr + m.its.v[0].off),
		    m.its.v[0].off);
		CHECK(ev_starts(m.its.v[0].ev, want));
	}

	/* the log and sysfs agree with memory, every table */
	struct ea_acpi_cmp_result cr = { 0 };
	ea_acpi_compare_dmesg(&m, &d, &cr);
	CHECK(cr.v.n == 11 && cr.ndiffer == 0);
	for (size_t i = 0; i < cr.v.n; i++)
		CHECK(cr.v.v[i].kind == EA_ACPI_CMP_SAME);
	ea_acpi_cmp_result_free(&cr);

	struct ea_acpi_sysfs_cmp sc = { 0 };
	snprintf(dir, sizeof(dir), CAP "%s/sys/firmware/acpi/tables", c->name);
	ea_acpi_compare_sysfs(&m, dir, &slst, &sc, &dg);
	CHECK(sc.dir_read && !sc.instances_uncertain);
	CHECK(sc.v.n == 9 && sc.ndiffer == 0);
	for (size_t i = 0; i < sc.v.n; i++)
		CHECK(sc.v.v[i].kind == EA_ACPI_FILE_SAME);
	ea_acpi_sysfs_cmp_free(&sc);

	/* the log edited: a length, an address, a run-time (virtual) table;
	 * sysfs edited: one byte of the MADT, the PPTT gone, an SSDT more */
	if (d.acpi.n == 11 && !strcmp(d.acpi.v[4].sig, "APIC") &&
	    !strcmp(d.acpi.v[5].sig, "PPTT")) {
		d.acpi.v[4].length += 8;
		d.acpi.v[5].addr += 0x1000;
		struct ea_acpi_table *v = EA_VEC_PUSH(d.acpi);
		memcpy(v->sig, "SSDT", 5);
		v->addr = 0xffff800012345000ULL;
		v->length = 0x100;
		v->virt = true;
		ea_acpi_compare_dmesg(&m, &d, &cr);
		CHECK(cr.ndiffer == 2 && cr.nskipped == 1);
		size_t len = 0, adr = 0, np = 0;
		for (size_t i = 0; i < cr.v.n; i++) {
			const struct ea_acpi_cmp *k = &cr.v.v[i];
			if (k->kind == EA_ACPI_CMP_LENGTH_DIFFERS) {
				len++;
				CHECK_STR(k->mem->sig, "APIC");
				CHECK(k->differs);
			}
			if (k->kind == EA_ACPI_CMP_ADDR_DIFFERS) {
				adr++;
				CHECK_STR(k->mem->sig, "PPTT");
				CHECK_U64(k->log->addr, k->mem->addr + 0x1000);
			}
			if (k->kind == EA_ACPI_CMP_LOG_NOT_PHYSICAL) {
				np++;
				CHECK(k->log == v && !k->differs);
				CHECK(k == &cr.v.v[cr.v.n - 1]);
			}
		}
		CHECK(len == 1 && adr == 1 && np == 1);
		ea_acpi_cmp_result_free(&cr);
	} else {
		CHECK(!"log ACPI lines as expected");
	}

	char *sys = mktmp();
	char cmd[1200];
	snprintf(cmd, sizeof(cmd),
		 "cp " CAP "%s/sys/firmware/acpi/tables/* '%s'/ && "
		 "rm '%s'/PPTT && cp '%s'/MCFG '%s'/SSDT && mkdir '%s'/dynamic",
		 c->name, sys, sys, sys, sys, sys);
	CHECK(system(cmd) == 0);
	snprintf(dir, sizeof(dir), "%s/APIC", sys);
	size_t an;
	unsigned char *ab = slurp(dir, &an);
	CHECK(ab && an > 0x30);
	if (ab) {
		ab[0x30] ^= 0x40;
		spit(dir, ab, an);
		free(ab);
	}
	struct ea_diags dg2 = { 0 };
	ea_acpi_compare_sysfs(&m, sys, &slst, &sc, &dg2);
	CHECK(sc.v.n == 10 && sc.ndiffer == 3);
	size_t k = 0;
	for (size_t i = 0; i < sc.v.n; i++) {
		const struct ea_acpi_file_cmp *f = &sc.v.v[i];
		if (!strcmp(f->name, "APIC")) {
			k++;
			CHECK(f->kind == EA_ACPI_FILE_BYTES_DIFFER);
			CHECK_U64(f->first_diff, 0x30);
		} else if (!strcmp(f->name, "SSDT")) {
			k++;
			CHECK(f->kind == EA_ACPI_FILE_ONLY_FILE && f->differs);
		} else if (!strcmp(f->name, "PPTT")) {
			k++;
			CHECK(f->kind == EA_ACPI_FILE_ONLY_MEM && !f->path);
			CHECK(i == sc.v.n - 1);
		} else {
			CHECK(f->kind == EA_ACPI_FILE_SAME);
		}
	}
	CHECK(k == 3);
	/* the copied MCFG named SSDT: its header disagrees with its name */
	CHECK(has_diag(&dg2, "holds a table signed \"MCFG\""));
	ea_acpi_sysfs_cmp_free(&sc);
	ea_diags_free(&dg2);
	rm_rf(sys);
	free(sys);

	ea_acpi_mem_free(&m);
	ea_dmesg_free(&d);
	ea_physmem_free(&pm);
	ea_input_free(&memin);
	ea_input_free(&lst);
	ea_input_free(&dmin);
	ea_input_free(&slst);
	ea_diags_free(&dg);
	rm_rf(tmp);
	free(tmp);
}

/* --- a real ACPI 1.0 machine --------------------------------------------- */

/*
 * The 2006 LKML acpidump of an ASUS A7V133-C (testdata/acpi/SOURCE.md), put
 * in memory at its printed addresses: a revision 0 RSDP (20 bytes) → RSDT
 * (FACP, BOOT) → a 116-byte FADT with no X_ fields → FACS at 0x1ffff000 and
 * DSDT at 0x1ffec100, whose bytes the excerpt does not have.
 */
static void real_acpi1(void)
{
	struct ea_input in = { .name = "acpidump" };
	struct ea_acpidump a = { 0 };
	struct ea_diags dg = { 0 };
	char *tmp = mktmp();

	CHECK(ea_input_load_file(&in, TESTDATA
				 "/acpi/asus-a7v133-2006.acpidump.txt"));
	ea_acpidump_parse(&in, &a, &dg);
	CHECK(a.tables.n == 5 && dg.n == 0);
	for (size_t i = 0; i < a.tables.n; i++)
		put_mem(tmp, a.tables.v[i].addr, a.tables.v[i].bytes,
			a.tables.v[i].len);
	ea_acpidump_free(&a);
	ea_input_free(&in);

	struct ea_physmem pm = { 0 };
	struct ea_input memin = { .name = "mem" }, lst = { .name = "acpi_mem" };
	struct ea_acpi_mem m = { 0 };
	static const struct {
		const char *sig;
		uint64_t addr;
		uint32_t length;
		enum ea_acpi_via via;
	} want[] = {
		{ "RSDP", 0xf6a80, 20, EA_ACPI_VIA_RSDP },
		{ "RSDT", 0x1ffec000, 44, EA_ACPI_VIA_RSDP_RSDT },
		{ "FACP", 0x1ffec080, 116, EA_ACPI_VIA_RSDT_ENTRY },
		{ "", 0x1ffec100, 0, EA_ACPI_VIA_FADT_DSDT },
		{ "FACS", 0x1ffff000, 64, EA_ACPI_VIA_FADT_FACS },
		{ "BOOT", 0x1ffec040, 40, EA_ACPI_VIA_RSDT_ENTRY },
	};
	CHECK(ea_physmem_open_dir(&pm, &memin, tmp, &dg));
	ea_acpi_walk(&pm, 0xf6a80, &lst, &m, &dg);
	CHECK(m.rsdp_valid && m.rsdp_revision == 0 && !m.use_xsdt);
	CHECK(m.tables.n == 6);
	for (size_t i = 0; i < m.tables.n && i < 6; i++) {
		const struct ea_acpi_mtable *t = &m.tables.v[i];
		CHECK_STR(t->sig, want[i].sig);
		CHECK_U64(t->addr, want[i].addr);
		CHECK_U64(t->length, want[i].length);
		CHECK(t->via == want[i].via);
		CHECK(t->whole == (i != 3));
		CHECK(t->csum == (i == 3   ? EA_ACPI_CSUM_UNVERIFIED
				  : i == 4 ? EA_ACPI_CSUM_NONE
					   : EA_ACPI_CSUM_OK));
	}
	CHECK(has_diag(&dg, "FADT at 0x000000001ffec080 is 116 bytes, too "
			    "short for X_DSDT @140 (needs 148): DSDT @40 "
			    "used"));
	CHECK(!m.complete && m.why &&
	      !strncmp(m.why,
		       "FADT DSDT @40 at 0x000000001ffec100 "
		       "unreadable",
		       45));
	if (m.tables.n == 6)
		CHECK(ev_starts(m.tables.v[0].ev,
				"0x00000000000f6a80 RSDP (RSDP): revision 0, "
				"OEM \"ASUS  \", RSDT 0x1ffec000, checksum "
				"ok"));
	ea_acpi_mem_free(&m);
	ea_physmem_free(&pm);
	ea_input_free(&memin);
	ea_input_free(&lst);
	ea_diags_free(&dg);
	rm_rf(tmp);
	free(tmp);
}

/* --- tables compiled by iasl --------------------------------------------- */

enum {
	T_RSDP,
	T_RSDT,
	T_XSDT,
	T_FACP,
	T_APIC,
	T_DSDT,
	T_FACS,
	T_SSDT1,
	T_SSDT2,
	T_N
};

static const struct {
	const char *src;
	uint64_t addr;
} srcs[T_N] = {
	[T_RSDP] = { "rsdp", 0x80000000 },
	[T_RSDT] = { "rsdt", 0x80000800 },
	[T_XSDT] = { "xsdt", 0x80001000 },
	[T_FACP] = { "facp", 0x80002000 },
	[T_APIC] = { "apic", 0x80003000 },
	[T_DSDT] = { "dsdt", 0x80004000 },
	[T_FACS] = { "facs", 0x80005000 },
	[T_SSDT1] = { "ssdt1", 0x80006000 },
	[T_SSDT2] = { "ssdt2", 0x80007000 },
};

struct tables {
	unsigned char *b[T_N];
	size_t n[T_N];
};

/* iasl must be there: a missing iasl fails the test (acpica-tools). */
static bool compile(const char *out, struct tables *t)
{
	bool ok = true;
	for (int i = 0; i < T_N; i++) {
		char cmd[1200], aml[600];
		snprintf(cmd, sizeof(cmd),
			 "iasl -vs -p '%s/%s' '" TESTDATA
			 "/acpi/%s.dsl' >'%s/%s.log' 2>&1",
			 out, srcs[i].src, srcs[i].src, out, srcs[i].src);
		int rc = system(cmd);
		if (rc != 0) {
			fprintf(stderr, "%s: failed (%d); see %s/%s.log\n", cmd,
				rc, out, srcs[i].src);
			ok = false;
			continue;
		}
		snprintf(aml, sizeof(aml), "%s/%s.aml", out, srcs[i].src);
		t->b[i] = slurp(aml, &t->n[i]);
		if (!t->b[i])
			ok = false;
	}
	return ok;
}

static void fix_sum(unsigned char *b, size_t n, size_t at)
{
	b[at] = 0;
	uint8_t s = 0;
	for (size_t i = 0; i < n; i++)
		s = (uint8_t)(s + b[i]);
	b[at] = (uint8_t)(0x100 - s);
}

static void wr32(unsigned char *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (unsigned char)(v >> (8 * i));
}

static void wr64(unsigned char *p, uint64_t v)
{
	wr32(p, (uint32_t)v);
	wr32(p + 4, (uint32_t)(v >> 32));
}

/* A fresh mem/ with every table (each its own copy, editable). */
static void build(const struct tables *t, const char *dir, struct tables *copy)
{
	char cmd[600];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s' && mkdir '%s'", dir, dir);
	CHECK(system(cmd) == 0);
	for (int i = 0; i < T_N; i++) {
		copy->n[i] = t->n[i];
		copy->b[i] = malloc(t->n[i] ? t->n[i] : 1);
		memcpy(copy->b[i], t->b[i], t->n[i]);
	}
}

static void write_all(const struct tables *c, const char *dir)
{
	for (int i = 0; i < T_N; i++)
		put_mem(dir, srcs[i].addr, c->b[i], c->n[i]);
}

static void free_tables(struct tables *t)
{
	for (int i = 0; i < T_N; i++)
		free(t->b[i]);
	memset(t, 0, sizeof(*t));
}

struct run {
	struct ea_physmem pm;
	struct ea_input memin, lst;
	struct ea_diags dg;
	struct ea_acpi_mem m;
};

static void walk_dir(struct run *r, const char *dir)
{
	memset(r, 0, sizeof(*r));
	r->memin.name = "mem";
	r->lst.name = "acpi_mem";
	CHECK(ea_physmem_open_dir(&r->pm, &r->memin, dir, &r->dg));
	ea_acpi_walk(&r->pm, 0x80000000, &r->lst, &r->m, &r->dg);
}

static void run_free(struct run *r)
{
	ea_acpi_mem_free(&r->m);
	ea_physmem_free(&r->pm);
	ea_input_free(&r->memin);
	ea_input_free(&r->lst);
	ea_diags_free(&r->dg);
}

static const struct ea_acpi_mtable *find(const struct ea_acpi_mem *m,
					 uint64_t addr)
{
	for (size_t i = 0; i < m->tables.n; i++)
		if (m->tables.v[i].addr == addr)
			return &m->tables.v[i];
	return NULL;
}

static void synthetic_good(const struct tables *t, const char *dir)
{
	struct tables c;
	struct run r;
	static const char *const order[] = { "RSDP", "XSDT", "FACP", "DSDT",
					     "FACS", "APIC", "SSDT", "SSDT" };
	static const uint64_t at[] = { 0x80000000, 0x80001000, 0x80002000,
				       0x80004000, 0x80005000, 0x80003000,
				       0x80006000, 0x80007000 };

	build(t, dir, &c);
	write_all(&c, dir);
	walk_dir(&r, dir);
	CHECK(r.m.complete && r.dg.n == 0);
	dump_diags(&r.dg);
	CHECK(r.m.tables.n == 8);
	for (size_t i = 0; i < r.m.tables.n && i < 8; i++) {
		const struct ea_acpi_mtable *x = &r.m.tables.v[i];
		CHECK_STR(x->sig, order[i]);
		CHECK_U64(x->addr, at[i]);
		CHECK(x->whole && !x->status);
		CHECK(x->csum ==
		      (i == 4 ? EA_ACPI_CSUM_NONE : EA_ACPI_CSUM_OK));
	}
	if (r.m.tables.n == 8) {
		/* iasl put the lengths in: 36-byte RSDP, 4 XSDT entries, the
		 * 276-byte revision 6 FADT, 64-byte FACS, 284-byte MADT */
		CHECK_U64(r.m.tables.v[0].length, 36);
		CHECK_U64(r.m.tables.v[1].length, 36 + 4 * 8);
		CHECK_U64(r.m.tables.v[2].length, 276);
		CHECK_U64(r.m.tables.v[4].length, 64);
		CHECK_U64(r.m.tables.v[5].length, 284);
		CHECK(r.m.tables.v[3].via == EA_ACPI_VIA_FADT_X_DSDT);
		CHECK(r.m.tables.v[4].via == EA_ACPI_VIA_FADT_X_FACS);
		CHECK_STR(r.m.tables.v[4].found_via,
			  "FADT X_FIRMWARE_CTRL @132");
		CHECK(r.m.tables.v[6].via == EA_ACPI_VIA_XSDT_ENTRY &&
		      r.m.tables.v[6].index == 2);
		CHECK(ev_starts(r.m.tables.v[5].ev,
				"0x0000000080003000 APIC (XSDT entry 1): "
				"length 284, revision 5, OEM \"EATEST\""));
	}
	/* GICR at +228, ITS at +244 and +264 (apic.dsl) */
	CHECK(r.m.gicr.n == 1 && r.m.its.n == 2);
	if (r.m.gicr.n == 1 && r.m.its.n == 2) {
		CHECK_U64(r.m.gicr.v[0].base, 0x2f100000);
		CHECK_U64(r.m.gicr.v[0].length, 0x100000);
		CHECK(r.m.gicr.v[0].off == 228);
		CHECK(r.m.its.v[0].id == 0 && r.m.its.v[0].off == 244);
		CHECK_U64(r.m.its.v[0].base, 0x2f020000);
		CHECK(r.m.its.v[1].id == 1 && r.m.its.v[1].off == 264);
		CHECK_U64(r.m.its.v[1].base, 0x30040000);
		CHECK(ev_starts(r.m.gicr.v[0].ev,
				"0x00000000800030e4 APIC +228: GICR discovery "
				"range base 0x000000002f100000, length "
				"0x100000"));
	}

	/* sysfs as Linux would name them: two SSDTs are SSDT1 and SSDT2 */
	char sys[600], p[700];
	snprintf(sys, sizeof(sys), "%s.sys", dir);
	rm_rf(sys);
	CHECK(mkdir(sys, 0755) == 0);
	static const struct {
		int t;
		const char *name;
	} files[] = { { T_FACP, "FACP" },   { T_DSDT, "DSDT" },
		      { T_FACS, "FACS" },   { T_APIC, "APIC" },
		      { T_SSDT1, "SSDT1" }, { T_SSDT2, "SSDT2" } };
	for (size_t i = 0; i < 6; i++) {
		snprintf(p, sizeof(p), "%s/%s", sys, files[i].name);
		spit(p, c.b[files[i].t], c.n[files[i].t]);
	}
	struct ea_input sl = { .name = "acpi_sysfs" };
	struct ea_acpi_sysfs_cmp sc = { 0 };
	ea_acpi_compare_sysfs(&r.m, sys, &sl, &sc, &r.dg);
	CHECK(sc.v.n == 6 && sc.ndiffer == 0);
	for (size_t i = 0; i < sc.v.n; i++)
		CHECK(sc.v.v[i].kind == EA_ACPI_FILE_SAME);
	CHECK(sc.v.n == 6 && !strcmp(sc.v.v[4].name, "SSDT1") &&
	      sc.v.v[4].mem && sc.v.v[4].mem->addr == 0x80006000);
	CHECK(ev_starts(sc.v.v[3].ev,
			"FACS: 64 bytes, signature \"FACS\", length 64, no "
			"checksum"));
	ea_acpi_sysfs_cmp_free(&sc);
	/* one SSDT file named "SSDT" while memory has two: no match */
	snprintf(p, sizeof(p), "%s/SSDT2", sys);
	CHECK(unlink(p) == 0);
	char q[700];
	snprintf(p, sizeof(p), "%s/SSDT1", sys);
	snprintf(q, sizeof(q), "%s/SSDT", sys);
	CHECK(rename(p, q) == 0);
	ea_acpi_compare_sysfs(&r.m, sys, &sl, &sc, &r.dg);
	CHECK(sc.v.n == 7 && sc.ndiffer == 3);
	ea_acpi_sysfs_cmp_free(&sc);
	ea_input_free(&sl);
	rm_rf(sys);
	run_free(&r);

	/* no XSDT in the RSDP: the RSDT's 32-bit entries, same tables */
	wr64(c.b[T_RSDP] + 24, 0);
	fix_sum(c.b[T_RSDP], 20, 8);
	fix_sum(c.b[T_RSDP], 36, 32);
	write_all(&c, dir);
	walk_dir(&r, dir);
	CHECK(r.m.complete && r.dg.n == 0 && !r.m.use_xsdt);
	CHECK(r.m.tables.n == 8);
	if (r.m.tables.n == 8) {
		CHECK_STR(r.m.tables.v[1].sig, "RSDT");
		CHECK(r.m.tables.v[1].via == EA_ACPI_VIA_RSDP_RSDT);
		CHECK_STR(r.m.tables.v[5].found_via, "RSDT entry 1");
		CHECK_U64(r.m.tables.v[7].addr, 0x80007000);
	}
	run_free(&r);
	free_tables(&c);
}

static void synthetic_hostile(const struct tables *t, const char *dir)
{
	struct tables c;
	struct run r;
	const struct ea_acpi_mtable *x;

	/* bad RSDP checksum: reported, and the walk goes on as the kernel's
	 * does (ACPICA only warns) */
	build(t, dir, &c);
	c.b[T_RSDP][9] ^= 1;
	write_all(&c, dir);
	walk_dir(&r, dir);
	CHECK(r.m.tables.n == 8 && r.m.tables.v[0].csum == EA_ACPI_CSUM_BAD);
	CHECK(has_diag(&r.dg, "RSDP at 0x0000000080000000: checksum BAD"));
	CHECK(r.m.complete);
	run_free(&r);
	free_tables(&c);

	/* XSDT length past the saved bytes: header read, checksum
	 * unverified, the 4 saved entries read one by one, the rest not */
	build(t, dir, &c);
	wr32(c.b[T_XSDT] + 4, 0x1000);
	write_all(&c, dir);
	walk_dir(&r, dir);
	x = find(&r.m, 0x80001000);
	CHECK(x && x->readable && !x->whole && x->length == 0x1000);
	CHECK(x && x->csum == EA_ACPI_CSUM_UNVERIFIED && x->status &&
	      strstr(x->status, "only the header is readable"));
	CHECK(r.m.tables.n == 8 && !r.m.complete);
	/* (4096 - 36) / 8 = 507 entries, 4 bytes left over */
	CHECK(has_diag(&r.dg, "entries 4-506 of 507 unreadable"));
	CHECK(has_diag(&r.dg, "leaves 4 bytes after its last 8-byte entry"));
	run_free(&r);
	free_tables(&c);

	/* an XSDT entry pointing at the XSDT itself, and one listed twice */
	build(t, dir, &c);
	wr64(c.b[T_XSDT] + 36 + 2 * 8, 0x80001000);
	wr64(c.b[T_XSDT] + 36 + 3 * 8, 0x80003000);
	fix_sum(c.b[T_XSDT], c.n[T_XSDT], 9);
	write_all(&c, dir);
	walk_dir(&r, dir);
	CHECK(r.m.tables.n == 6 && r.m.complete);
	CHECK(has_diag(&r.dg, "XSDT entry 2 points at 0x0000000080001000, "
			      "which is already listed (RSDP XsdtAddress "
			      "@24)"));
	CHECK(has_diag(&r.dg, "XSDT entry 3 points at 0x0000000080003000, "
			      "which is already listed (XSDT entry 1)"));
	CHECK(r.m.its.n == 2); /* the MADT walked once */
	run_free(&r);
	free_tables(&c);

	/* entries of all ones, as erased flash reads: one row for
	 * 0xffffffffffffffff, the second pointer to it a diag (the fuzz
	 * target fuzz_acpi found them listed once per entry) */
	build(t, dir, &c);
	wr64(c.b[T_XSDT] + 36 + 2 * 8, UINT64_MAX);
	wr64(c.b[T_XSDT] + 36 + 3 * 8, UINT64_MAX);
	fix_sum(c.b[T_XSDT], c.n[T_XSDT], 9);
	write_all(&c, dir);
	walk_dir(&r, dir);
	CHECK(r.m.tables.n == 7 && !r.m.complete);
	x = find(&r.m, UINT64_MAX);
	CHECK(x && !x->readable && x->index == 2 && x->status &&
	      strstr(x->status, "runs past 2^64"));
	CHECK(has_diag(&r.dg, "XSDT entry 3 points at 0xffffffffffffffff, "
			      "which is already listed (XSDT entry 2)"));
	run_free(&r);
	free_tables(&c);

	/* MADT subtable of length 0 (the GICR at +228): the walk stops,
	 * the ITSes after it are not invented */
	build(t, dir, &c);
	c.b[T_APIC][228 + 1] = 0;
	fix_sum(c.b[T_APIC], c.n[T_APIC], 9);
	write_all(&c, dir);
	walk_dir(&r, dir);
	CHECK(r.m.gicr.n == 0 && r.m.its.n == 0);
	CHECK(has_diag(&r.dg, "subtable at +228 has length 0: the walk stops"));
	run_free(&r);
	free_tables(&c);
	/* length 1 cannot even hold its own type and length */
	build(t, dir, &c);
	c.b[T_APIC][228 + 1] = 1;
	fix_sum(c.b[T_APIC], c.n[T_APIC], 9);
	write_all(&c, dir);
	walk_dir(&r, dir);
	CHECK(r.m.gicr.n == 0 && r.m.its.n == 0);
	CHECK(has_diag(&r.dg, "subtable at +228 has length 1: the walk stops"));
	run_free(&r);
	free_tables(&c);

	/* FADT of ACPI 1.0 size (116 bytes): no X_ fields, the 32-bit
	 * FIRMWARE_CTRL and DSDT are used */
	build(t, dir, &c);
	wr32(c.b[T_FACP] + 4, 116);
	c.n[T_FACP] = 116;
	fix_sum(c.b[T_FACP], 116, 9);
	write_all(&c, dir);
	walk_dir(&r, dir);
	CHECK(r.m.complete && r.m.tables.n == 8);
	CHECK(has_diag(&r.dg, "FADT at 0x0000000080002000 is 116 bytes, too "
			      "short for X_DSDT @140 (needs 148): DSDT @40 "
			      "used"));
	x = find(&r.m, 0x80004000);
	CHECK(x && x->via == EA_ACPI_VIA_FADT_DSDT && x->whole);
	x = find(&r.m, 0x80005000);
	CHECK(x && x->via == EA_ACPI_VIA_FADT_FACS);
	run_free(&r);
	free_tables(&c);

	/* X_DSDT and DSDT disagree: X_DSDT is taken, the other noted; the
	 * FACS fields disagree: both FACS are the kernel's */
	build(t, dir, &c);
	wr32(c.b[T_FACP] + 40, 0x80009000);
	wr32(c.b[T_FACP] + 36, 0x80008000);
	fix_sum(c.b[T_FACP], c.n[T_FACP], 9);
	write_all(&c, dir);
	put_mem(dir, 0x80008000, c.b[T_FACS], c.n[T_FACS]);
	walk_dir(&r, dir);
	CHECK(has_diag(&r.dg, "X_DSDT 0x0000000080004000 and DSDT "
			      "0x80009000 differ; X_DSDT used"));
	CHECK(has_diag(&r.dg, "FIRMWARE_CTRL 0x80008000 and X_FIRMWARE_CTRL "
			      "0x0000000080005000 differ"));
	CHECK(find(&r.m, 0x80009000) == NULL);
	x = find(&r.m, 0x80008000);
	CHECK(x && x->via == EA_ACPI_VIA_FADT_FACS && !strcmp(x->sig, "FACS"));
	CHECK(r.m.tables.n == 9 && r.m.complete);
	run_free(&r);
	free_tables(&c);

	/* an entry to nowhere, a null entry, a table over the size limit, a
	 * MADT whose subtable runs past its end, a GICR of length 0 */
	build(t, dir, &c);
	wr64(c.b[T_XSDT] + 36 + 2 * 8, 0x90000000);
	wr64(c.b[T_XSDT] + 36 + 3 * 8, 0);
	fix_sum(c.b[T_XSDT], c.n[T_XSDT], 9);
	wr32(c.b[T_APIC] + 228 + 12, 0); /* GICR length 0 */
	c.b[T_APIC][264 + 1] = 40;	 /* last ITS: 20 → 40 */
	fix_sum(c.b[T_APIC], c.n[T_APIC], 9);
	wr32(c.b[T_DSDT] + 4, (16u << 20) + 1); /* DSDT over the limit */
	write_all(&c, dir);
	walk_dir(&r, dir);
	x = find(&r.m, 0x90000000);
	CHECK(x && !x->readable && x->status &&
	      strstr(x->status, "unreadable: 0x0000000090000000..+36 is not "
				"in any saved chunk"));
	CHECK(has_diag(&r.dg, "XSDT entry 3 is 0: skipped"));
	x = find(&r.m, 0x80004000);
	CHECK(x && x->readable && !x->whole && x->length == (16u << 20) + 1);
	CHECK(has_diag(&r.dg, "past the 16777216-byte limit; not read"));
	CHECK(r.m.gicr.n == 1 && !r.m.gicr.v[0].has_range);
	CHECK(r.m.its.n == 1);
	CHECK(has_diag(&r.dg, "subtable at +264 (length 40) runs past the "
			      "table's end (284)"));
	CHECK(!r.m.complete && r.m.tables.n == 7);
	run_free(&r);
	free_tables(&c);

	/* five tables of 16 MiB: with the RSDP and the XSDT (112 bytes)
	 * three fit in the 64 MiB a walk copies, the last two are listed
	 * from their headers only. One chunk holds them all,
	 * the headers 64 bytes apart. */
	build(t, dir, &c);
	{
		const uint64_t big = 0x100000000ULL;
		const size_t tl = (size_t)16 << 20, cl = tl + 5 * 64;
		unsigned char *chunk = calloc(1, cl);
		unsigned char x5[36 + 5 * 8];
		memcpy(x5, c.b[T_XSDT], 36);
		wr32(x5 + 4, sizeof(x5));
		for (int i = 0; i < 5; i++) {
			memcpy(chunk + i * 64, "SSDT", 4);
			wr32(chunk + i * 64 + 4, (uint32_t)tl);
			wr64(x5 + 36 + i * 8, big + (uint64_t)i * 64);
		}
		fix_sum(x5, sizeof(x5), 9);
		free(c.b[T_XSDT]);
		c.b[T_XSDT] = malloc(sizeof(x5));
		memcpy(c.b[T_XSDT], x5, sizeof(x5));
		c.n[T_XSDT] = sizeof(x5);
		write_all(&c, dir);
		put_mem(dir, big, chunk, cl);
		free(chunk);
	}
	walk_dir(&r, dir);
	CHECK(r.m.tables.n == 7 && !r.m.complete);
	for (size_t i = 2; i < r.m.tables.n; i++)
		CHECK(r.m.tables.v[i].readable &&
		      r.m.tables.v[i].whole == (i < 5));
	CHECK(has_diag(&r.dg, "SSDT at 0x00000001000000c0 not read: the walk "
			      "already read 50331760 bytes of tables; the "
			      "limit is 67108864"));
	run_free(&r);
	free_tables(&c);

	/* not an RSDP at all */
	build(t, dir, &c);
	c.b[T_RSDP][0] = 'X';
	write_all(&c, dir);
	walk_dir(&r, dir);
	CHECK(r.m.tables.n == 1 && !r.m.rsdp_valid && !r.m.complete);
	CHECK(has_diag(&r.dg, "no RSDP at 0x0000000080000000: signature "
			      "\"XSD PTR \""));
	run_free(&r);
	free_tables(&c);
}

int main(void)
{
	for (size_t i = 0; i < sizeof(caps) / sizeof(caps[0]); i++) {
		real_as_saved(&caps[i]);
		real_completed(&caps[i]);
	}
	real_without_memory();
	real_acpi1();

	char *tmp = mktmp();
	struct tables t = { 0 };
	char dir[600];
	if (compile(tmp, &t)) {
		snprintf(dir, sizeof(dir), "%s/mem", tmp);
		synthetic_good(&t, dir);
		synthetic_hostile(&t, dir);
	} else {
		CHECK(!"iasl (Debian acpica-tools) compiled testdata/acpi");
	}
	free_tables(&t);
	rm_rf(tmp);
	free(tmp);
	return t_done();
}
