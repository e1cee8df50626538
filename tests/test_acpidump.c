/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * acpidump text: the capture's tables in acpidump's format at the kernel's
 * addresses (testdata/acpi/, checked against the real tool), real output of
 * the real tool made at test time (acpidump -f on each sysfs table: the
 * all-zero addresses of sysfs mode), a real 2006 pmtools acpidump from
 * LKML, and malformed edits of the real text.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/bytes.h"
#include "read/acpidump.h"
#include "read/dmesg.h"
#include "t.h"

#define CAP TESTDATA "/captures/"

static unsigned char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	size_t cap = 4096, n = 0, r;
	unsigned char *b = malloc(cap);
	while ((r = fread(b + n, 1, cap - n, f)) > 0) {
		n += r;
		if (n == cap)
			b = realloc(b, cap *= 2);
	}
	fclose(f);
	*len = n;
	return b;
}

static bool has_diag(const struct ea_diags *d, const char *needle)
{
	for (size_t i = 0; i < d->n; i++)
		if (strstr(d->v[i].msg, needle))
			return true;
	fprintf(stderr, "no diag contains '%s'; there are:\n", needle);
	for (size_t i = 0; i < d->n; i++)
		fprintf(stderr, "  %s\n", d->v[i].msg);
	return false;
}

static void parse_text(const char *text, size_t n, struct ea_input *in,
		       struct ea_acpidump *a, struct ea_diags *d)
{
	memset(a, 0, sizeof(*a));
	memset(d, 0, sizeof(*d));
	ea_input_free(in);
	in->name = "acpidump";
	ea_input_set_data(in, text, n);
	ea_acpidump_parse(in, a, d);
}

static bool same_as_file(const struct ea_acpidump_table *t, const char *path)
{
	size_t n;
	unsigned char *b = slurp(path, &n);
	bool ok = b && n == t->len && !memcmp(b, t->bytes, n);
	if (!ok)
		fprintf(stderr, "%s: %zu bytes, parsed %zu, differ\n", path,
			b ? n : 0, t->len);
	free(b);
	return ok;
}

/* The capture's tables at the kernel's addresses, in acpidump's format. */
static void real_with_addresses(void)
{
	const char *c = "qemu-arm64-6.1-acpi-smp4-2g";
	struct ea_input in = { .name = "acpidump" }, dm = { .name = "dmesg" };
	struct ea_acpidump a = { 0 };
	struct ea_diags d = { 0 };
	struct ea_dmesg log = { 0 };
	static const struct {
		const char *sig;
		uint32_t line, length;
	} want[] = {
		{ "RSDP", 1, 36 },    { "XSDT", 6, 100 },
		{ "DSDT", 15, 5282 }, { "FACP", 348, 276 },
		{ "APIC", 368, 424 }, { "PPTT", 397, 156 },
		{ "GTDT", 409, 96 },  { "MCFG", 417, 60 },
		{ "SPCR", 423, 80 },  { "DBG2", 430, 87 },
		{ "IORT", 438, 128 },
	};

	CHECK(ea_input_load_file(&in, TESTDATA "/acpi/"
					       "qemu-arm64-6.1-acpi-smp4-2g."
					       "acpidump.txt"));
	ea_acpidump_parse(&in, &a, &d);
	CHECK(d.n == 0 && !a.addresses_zero && a.ignored == 0);
	CHECK(a.lines == 447); /* the last one blank */
	CHECK(ea_input_load_file(&dm, CAP "qemu-arm64-6.1-acpi-smp4-2g/"
					  "dmesg.txt"));
	ea_dmesg_parse(&dm, &log, &d);
	CHECK(a.tables.n == 11);
	for (size_t i = 0; i < a.tables.n && i < 11; i++) {
		const struct ea_acpidump_table *t = &a.tables.v[i];
		CHECK_STR(t->sig, want[i].sig);
		CHECK(t->first_line == want[i].line &&
		      t->ev.line == t->first_line);
		CHECK(t->complete && t->has_length && t->has_addr);
		CHECK_U64(t->length, want[i].length);
		CHECK_U64(t->len, want[i].length);
		CHECK(t->csum == EA_ACPI_CSUM_OK);
		/* the address is the kernel's for that table */
		bool found = false;
		for (size_t j = 0; j < log.acpi.n; j++)
			if (!strcmp(log.acpi.v[j].sig, t->sig)) {
				CHECK_U64(t->addr, log.acpi.v[j].addr);
				CHECK_U64(t->len, log.acpi.v[j].length);
				found = true;
			}
		CHECK(found);
		/* the bytes are the capture's */
		char p[512];
		if (i < 2)
			snprintf(p, sizeof(p), CAP "%s/mem/%016llx.bin", c,
				 (unsigned long long)t->addr);
		else
			snprintf(p, sizeof(p),
				 CAP "%s/sys/firmware/acpi/tables/%s", c,
				 t->sig);
		CHECK(same_as_file(t, p));
	}
	if (a.tables.n == 11)
		CHECK_U64(a.tables.v[1].last_line, 13);
	ea_acpidump_free(&a);
	ea_dmesg_free(&log);
	ea_diags_free(&d);
	ea_input_free(&dm);
	ea_input_free(&in);
}

/* The real tool, now: acpidump -f on every sysfs table of the x86 capture
 * (with its FACS): what acpidump prints in its default sysfs mode, every
 * address 0. acpidump missing fails the test (acpica-tools). */
static void real_tool_sysfs_mode(void)
{
	static const char *const names[] = { "APIC", "BGRT", "DSDT", "FACP",
					     "FACS", "HPET", "MCFG", "WAET" };
	const char *dir = CAP "qemu-amd64-6.1-ovmf-smp2-2g/sys/firmware/acpi/"
			      "tables";
	char out[] = "/tmp/ea_acpidump_XXXXXX";
	int fd = mkstemp(out);
	CHECK(fd >= 0);
	if (fd < 0)
		return;
	close(fd);
	char cmd[2048];
	int k = snprintf(cmd, sizeof(cmd), "acpidump");
	for (size_t i = 0; i < 8; i++)
		k += snprintf(cmd + k, sizeof(cmd) - (size_t)k, " -f %s/%s",
			      dir, names[i]);
	snprintf(cmd + k, sizeof(cmd) - (size_t)k, " >%s 2>&1", out);
	int rc = system(cmd);
	CHECK(rc == 0);
	if (rc != 0)
		fprintf(stderr, "%s: failed (%d): is acpica-tools installed?\n",
			cmd, rc);

	struct ea_input in = { .name = "acpidump" };
	struct ea_acpidump a = { 0 };
	struct ea_diags d = { 0 };
	CHECK(ea_input_load_file(&in, out));
	ea_acpidump_parse(&in, &a, &d);
	CHECK(a.tables.n == 8 && a.addresses_zero);
	CHECK(d.n == 1 && has_diag(&d, "every one of the 8 table addresses is "
				       "0: acpidump read "
				       "/sys/firmware/acpi/tables"));
	CHECK(d.n && d.v[0].ev.line == 1);
	for (size_t i = 0; i < a.tables.n && i < 8; i++) {
		const struct ea_acpidump_table *t = &a.tables.v[i];
		char p[512];
		CHECK_STR(t->sig, names[i]);
		CHECK(t->has_addr && t->addr == 0 && t->complete);
		CHECK(t->csum ==
		      (i == 4 ? EA_ACPI_CSUM_NONE : EA_ACPI_CSUM_OK));
		snprintf(p, sizeof(p), "%s/%s", dir, names[i]);
		CHECK(same_as_file(t, p));
	}
	/* the x86 DSDT: 8428 bytes, 527 lines + header + blank */
	if (a.tables.n == 8)
		CHECK(a.tables.v[2].len == 8428 &&
		      a.tables.v[2].last_line - a.tables.v[2].first_line ==
			  527);
	ea_acpidump_free(&a);
	ea_diags_free(&d);
	ea_input_free(&in);
	unlink(out);
}

/* pmtools acpidump, 2006 (LKML): "RSD PTR @ 0xf6a80", lower-case hex. */
static void real_pmtools(void)
{
	struct ea_input in = { .name = "acpidump" };
	struct ea_acpidump a = { 0 };
	struct ea_diags d = { 0 };
	static const struct {
		const char *sig;
		uint64_t addr;
		uint32_t length;
	} want[] = { { "FACS", 0x1ffff000, 64 },
		     { "FACP", 0x1ffec080, 116 },
		     { "BOOT", 0x1ffec040, 40 },
		     { "RSDT", 0x1ffec000, 44 },
		     { "RSDP", 0xf6a80, 20 } };

	CHECK(ea_input_load_file(&in, TESTDATA
				 "/acpi/asus-a7v133-2006.acpidump.txt"));
	ea_acpidump_parse(&in, &a, &d);
	CHECK(d.n == 0 && !a.addresses_zero);
	CHECK(a.tables.n == 5);
	for (size_t i = 0; i < a.tables.n && i < 5; i++) {
		const struct ea_acpidump_table *t = &a.tables.v[i];
		CHECK_STR(t->sig, want[i].sig);
		CHECK_U64(t->addr, want[i].addr);
		CHECK(t->complete && t->length == want[i].length &&
		      t->len == want[i].length);
		CHECK(t->csum ==
		      (i == 0 ? EA_ACPI_CSUM_NONE : EA_ACPI_CSUM_OK));
	}
	/* the revision 0 RSDP names the RSDT the dump lists */
	if (a.tables.n == 5) {
		const struct ea_bytes rb =
		    ea_bytes_of(a.tables.v[4].bytes, a.tables.v[4].len);
		uint32_t rsdt;
		CHECK(ea_bytes_u32(&rb, 16, &rsdt));
		CHECK_U64(rsdt, 0x1ffec000);
	}
	ea_acpidump_free(&a);
	ea_diags_free(&d);
	ea_input_free(&in);
}

/* Edits of the real XSDT block (lines 6-12 of the capture's text). */
static const char xsdt[] =
    "XSDT @ 0x00000000BC43FE98\n"
    "    0000: 58 53 44 54 64 00 00 00 01 E6 42 4F 43 48 53 20  "
    "XSDTd.....BOCHS \n"
    "    0010: 42 58 50 43 20 20 20 20 01 00 00 00 20 20 20 20  "
    "BXPC    ....    \n"
    "    0020: 13 00 00 01 98 FA 43 BC 00 00 00 00 18 FC 43 BC  "
    "......C.......C.\n"
    "    0030: 00 00 00 00 98 D8 43 BC 00 00 00 00 18 E8 43 BC  "
    "......C.......C.\n"
    "    0040: 00 00 00 00 18 E9 43 BC 00 00 00 00 98 FF 43 BC  "
    "......C.......C.\n"
    "    0050: 00 00 00 00 18 E4 43 BC 00 00 00 00 18 E7 43 BC  "
    "......C.......C.\n"
    "    0060: 00 00 00 00                                      ....\n"
    "\n";

static char *edit(const char *from, const char *to)
{
	const char *p = strstr(xsdt, from);
	CHECK(p != NULL);
	if (!p)
		return strdup(xsdt);
	size_t a = (size_t)(p - xsdt), fl = strlen(from), tl = strlen(to);
	char *s = malloc(strlen(xsdt) - fl + tl + 1);
	memcpy(s, xsdt, a);
	memcpy(s + a, to, tl);
	strcpy(s + a + tl, p + fl);
	return s;
}

static void malformed(void)
{
	struct ea_input in = { 0 };
	struct ea_acpidump a;
	struct ea_diags d;
	char *s;

	/* the text as it is: one complete table */
	parse_text(xsdt, strlen(xsdt), &in, &a, &d);
	CHECK(a.tables.n == 1 && a.tables.v[0].complete && d.n == 0);
	CHECK(a.tables.v[0].csum == EA_ACPI_CSUM_OK);
	ea_acpidump_free(&a);
	ea_diags_free(&d);

	/* a line missing: bad offset sequence */
	s = edit("    0030: 00 00 00 00 98 D8 43 BC 00 00 00 00 18 E8 43 BC  "
		 "......C.......C.\n",
		 "");
	parse_text(s, strlen(s), &in, &a, &d);
	CHECK(a.tables.n == 1 && !a.tables.v[0].complete);
	CHECK(has_diag(&d, "line 5: XSDT: offset 0x40 where 0x30 was "
			   "expected"));
	CHECK(d.n == 1 && d.v[0].ev.line == 5);
	ea_acpidump_free(&a);
	ea_diags_free(&d);
	free(s);

	/* a byte that is not hex */
	s = edit("01 E6 42", "01 G6 42");
	parse_text(s, strlen(s), &in, &a, &d);
	CHECK(a.tables.n == 1 && !a.tables.v[0].complete);
	CHECK(has_diag(&d, "line 2: XSDT: byte 9 of the line is not two hex "
			   "digits (\" G6 \")"));
	ea_acpidump_free(&a);
	ea_diags_free(&d);
	free(s);

	/* a short line that is not the last one: the next offset is off */
	s = edit(" 20 20 20 20  BXPC    ....    ", "  BXPC....");
	parse_text(s, strlen(s), &in, &a, &d);
	CHECK(has_diag(&d, "line 4: XSDT: offset 0x20 where 0x1c was "
			   "expected"));
	ea_acpidump_free(&a);
	ea_diags_free(&d);
	free(s);

	/* truncated: the last line gone */
	s = edit("    0060: 00 00 00 00                                      "
		 "....\n",
		 "");
	parse_text(s, strlen(s), &in, &a, &d);
	CHECK(a.tables.n == 1 && !a.tables.v[0].complete &&
	      a.tables.v[0].len == 96);
	CHECK(has_diag(&d, "line 1: XSDT ends after 96 bytes (line 7), its "
			   "header says 100: the dump is cut"));
	CHECK(a.tables.v[0].csum == EA_ACPI_CSUM_UNVERIFIED);
	ea_acpidump_free(&a);
	ea_diags_free(&d);
	free(s);

	/* the header's length (0x64) says 0x60: 4 bytes too many */
	s = edit("58 53 44 54 64 00", "58 53 44 54 60 00");
	parse_text(s, strlen(s), &in, &a, &d);
	CHECK(a.tables.n == 1 && !a.tables.v[0].complete);
	CHECK(has_diag(&d, "line 1: XSDT has 100 bytes, its header says 96"));
	ea_acpidump_free(&a);
	ea_diags_free(&d);
	free(s);

	/* a bad checksum: complete, and said */
	s = edit("01 E6 42", "01 E7 42");
	parse_text(s, strlen(s), &in, &a, &d);
	CHECK(a.tables.n == 1 && a.tables.v[0].complete &&
	      a.tables.v[0].csum == EA_ACPI_CSUM_BAD);
	CHECK(has_diag(&d, "line 1: XSDT: checksum bad"));
	ea_acpidump_free(&a);
	ea_diags_free(&d);
	free(s);

	/* a header with a bad address; a header whose name is the bytes' */
	s = edit("XSDT @ 0x00000000BC43FE98", "XSDT @ 0xBC43FE98Z");
	parse_text(s, strlen(s), &in, &a, &d);
	CHECK(a.tables.n == 0);
	CHECK(has_diag(&d, "line 1: XSDT: unexpected text after the address"));
	ea_acpidump_free(&a);
	ea_diags_free(&d);
	free(s);
	s = edit("XSDT @ 0x00000000BC43FE98", "RSDT @ (nil)");
	parse_text(s, strlen(s), &in, &a, &d);
	CHECK(a.tables.n == 1 && !a.tables.v[0].has_addr);
	CHECK(has_diag(&d, "line 1: RSDT's bytes start with \"XSDT\""));
	CHECK(a.addresses_zero);
	ea_acpidump_free(&a);
	ea_diags_free(&d);
	free(s);

	/* mail text around it is skipped; text inside a table ends it */
	s = edit("    0040:", "Sent from my phone\n    0040:");
	parse_text(s, strlen(s), &in, &a, &d);
	CHECK(has_diag(&d, "line 6: a line that is neither hex data nor a "
			   "table header ends XSDT"));
	CHECK(a.tables.n == 1 && !a.tables.v[0].complete);
	ea_acpidump_free(&a);
	ea_diags_free(&d);
	free(s);

	/* the real RSDP with its extended checksum (byte 32) off by one: the
	 * 20-byte checksum still holds, the 36-byte one does not */
	static const char rsdp[] =
	    "RSD  @ 0x00000000BC430018\n"
	    "    0000: 52 53 44 20 50 54 52 20 50 42 4F 43 48 53 20 02  "
	    "RSD PTR PBOCHS .\n"
	    "    0010: 00 00 00 00 24 00 00 00 98 FE 43 BC 00 00 00 00  "
	    "....$.....C.....\n"
	    "    0020: 48 00 00 00                                      G...\n";
	parse_text(rsdp, strlen(rsdp), &in, &a, &d);
	CHECK(a.tables.n == 1 && a.tables.v[0].complete &&
	      !strcmp(a.tables.v[0].sig, "RSDP") && a.tables.v[0].length == 36);
	CHECK(a.tables.v[0].csum == EA_ACPI_CSUM_BAD);
	CHECK(has_diag(&d, "line 1: RSDP: checksum bad"));
	ea_acpidump_free(&a);
	ea_diags_free(&d);
	ea_input_free(&in);
}

static void limits(void)
{
	struct ea_input in = { 0 };
	struct ea_acpidump a;
	struct ea_diags d;

	/* 10001 tables */
	const char one[] = "WAET @ 0x0000000000001000\n"
			   "    0000: 57 41 45 54 28 00 00 00  WAET(...\n\n";
	size_t ol = strlen(one), n = EA_ACPIDUMP_MAX_TABLES + 1;
	char *s = malloc(ol * n + 1);
	for (size_t i = 0; i < n; i++)
		memcpy(s + i * ol, one, ol);
	s[ol * n] = '\0';
	parse_text(s, ol * n, &in, &a, &d);
	CHECK(a.tables.n == EA_ACPIDUMP_MAX_TABLES);
	CHECK(has_diag(&d, "line 30001: more than 10000 tables: the rest is "
			   "not read"));
	/* each is cut (8 bytes of 40): said, one diag per table */
	CHECK(d.n == EA_ACPIDUMP_MAX_TABLES + 1);
	ea_acpidump_free(&a);
	ea_diags_free(&d);
	free(s);

	/* one table of 16 MiB + 16 bytes */
	size_t lines = (EA_ACPIDUMP_MAX_TABLE / 16) + 1, ll = 10 + 48 + 1;
	s = malloc(32 + lines * ll + 1);
	size_t k = (size_t)sprintf(s, "DSDT @ 0x0000000000001000\n");
	for (size_t i = 0; i < lines; i++) {
		k += (size_t)sprintf(s + k, "%8.4zX: ", i * 16);
		for (int j = 0; j < 16; j++) {
			memcpy(s + k,
			       i == 0 && j < 4 ? (j == 0   ? "44 "
						  : j == 1 ? "53 "
						  : j == 2 ? "44 "
							   : "54 ")
					       : "00 ",
			       3);
			k += 3;
		}
		s[k - 1] = '\n';
	}
	parse_text(s, k, &in, &a, &d);
	CHECK(a.tables.n == 1 && a.tables.v[0].len == EA_ACPIDUMP_MAX_TABLE);
	CHECK(!a.tables.v[0].complete);
	CHECK(has_diag(&d, "DSDT: more than 16777216 bytes: the rest of the "
			   "table is not read"));
	char want[64];
	snprintf(want, sizeof(want), "line %zu:", lines + 1);
	CHECK(d.n && !strncmp(d.v[0].msg, want, strlen(want)));
	ea_acpidump_free(&a);
	ea_diags_free(&d);
	free(s);
	ea_input_free(&in);
}

int main(void)
{
	real_with_addresses();
	real_tool_sysfs_mode();
	real_pmtools();
	malformed();
	limits();
	return t_done();
}
