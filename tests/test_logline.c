/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Tests of the kernel-log line normaliser (read/logline.c). The offsets are
 * counted by hand from the format strings (util-linux dmesg, journalctl,
 * printk); the line numbers of the real capture were read from the file.
 * tests/run_logforms.py makes every form from real logs with the real tools.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/input.h"
#include "read/dmesg.h"
#include "read/kexeclog.h"
#include "read/logline.h"
#include "t.h"

#ifndef TESTDATA
#error "compile with -DTESTDATA='\"/path/to/testdata\"'"
#endif

#define CAPTURE TESTDATA "/captures/qemu-arm64-6.1-acpi-smp4-2g/dmesg.txt"
/* lines, EFI map lines and ACPI table lines of CAPTURE */
#define CAP_LINES 353
#define CAP_MAP 30
#define CAP_ACPI 11

static char *slurp(const char *path, size_t *n)
{
	FILE *f = fopen(path, "rb");
	char *b = NULL;
	long sz;

	if (!f) {
		fprintf(stderr, "cannot open %s\n", path);
		CHECK(!"testdata file missing");
		return NULL;
	}
	if (fseek(f, 0, SEEK_END) == 0 && (sz = ftell(f)) >= 0 &&
	    fseek(f, 0, SEEK_SET) == 0) {
		b = malloc((size_t)sz + 1);
		if (b && fread(b, 1, (size_t)sz, f) == (size_t)sz) {
			b[sz] = '\0';
			*n = (size_t)sz;
		} else {
			free(b);
			b = NULL;
		}
	}
	fclose(f);
	CHECK(b != NULL);
	return b;
}

/* --- prefixes ------------------------------------------------------------ */

static void test_offsets(void)
{
	static const struct {
		const char *s;
		size_t off;
		bool stamped;
	} cases[] = {
		/* dmesg -T / --time-format=ctime: "[%a %b %e %H:%M:%S %Y]" */
		{ "[Sun Dec  6 11:07:31 2026] efi: x", 27, true },
		/* ... in another locale's names */
		{ "[So Dez  6 11:07:31 2026] efi: x", 26, true },
		/* --time-format=iso */
		{ "2026-12-06T11:07:31,000000+00:00 efi: x", 33, true },
		/* --time-format=delta, and -d (time and delta) */
		{ "[<    0.000012>] efi: x", 17, true },
		{ "[    0.000000 <    0.000012>] efi: x", 30, true },
		/* --time-format=reltime: the minute, then "+seconds" */
		{ "[Dec 6 11:07] efi: x", 14, true },
		{ "[  +0.000012] efi: x", 14, true },
		{ "[ +12.345678] efi: x", 14, true },
		/* -x, with and without the time */
		{ "kern  :info  : [    0.000000] efi: x", 30, true },
		{ "kern  :err   : efi: x", 15, true },
		{ "authpriv:notice: efi: x", 17, true },
		/* -r */
		{ "<6>[    0.000000] efi: x", 18, true },
		{ "<14>efi: x", 4, true },
		/* journalctl -k -o short, short-precise, short-iso,
		 * short-iso-precise, short-monotonic, short-full, short-unix */
		{ "Dec 06 05:46:40 gwenyn kernel: efi: x", 31, true },
		{ "Dec 06 05:46:40.000123 gwenyn kernel: efi: x", 38, true },
		{ "2025-12-06T05:46:40+0000 gwenyn kernel: efi: x", 40, true },
		{ "2025-12-06T05:46:40.000123+0000 gwenyn kernel: efi: x", 47,
		  true },
		{ "[    0.000000] gwenyn kernel: efi: x", 30, true },
		{ "Sat 2025-12-06 05:46:40 UTC gwenyn kernel: efi: x", 43,
		  true },
		{ "1765000000.000123 gwenyn kernel: efi: x", 33, true },
		/* syslog kern.log */
		{ "Dec  6 09:00:00 host kernel: [    0.000000] efi: x", 44,
		  true },
		/* printk time and caller id */
		{ "[    0.000000][    T0] efi: x", 23, true },
		/* no prefix: -t, journalctl -o cat */
		{ "efi: x", 0, false },
		{ "> efi: x", 2, false },
		/* messages that look a little like a prefix */
		{ "[Firmware Bug]: x", 0, false },
		{ "[drm:intel_x [i915]] x", 0, false },
		{ "[ 12:34 ] x", 0, false },
		{ "[TTM] Zone  kernel: x", 0, false },
		{ "2026-12-06 efi: x", 0, false },
		{ "kern: x", 0, false },
		{ "kern  :bogus : x", 0, false },
		{ "Dec 06 05:46:40 gwenyn sshd: x", 0, false },
		{ "12345.678901 host kernel: x", 0, false },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		bool st = !cases[i].stamped;
		size_t got =
		    ea_logline_msg_offset(cases[i].s, strlen(cases[i].s), &st);

		if (got != cases[i].off || st != cases[i].stamped)
			fprintf(stderr, "offset of \"%s\"\n", cases[i].s);
		CHECK_U64(got, cases[i].off);
		CHECK(st == cases[i].stamped);
		/* no read past the length: every prefix shortened by one */
		for (size_t k = 0; k < got; k++)
			CHECK(ea_logline_msg_offset(cases[i].s, k, NULL) <= k);
	}
}

/* Colour codes anywhere, TABs: the message as dmesg printed it without. */
static void test_clean(void)
{
	static const struct {
		const char *s, *msg;
		bool stamped;
	} cases[] = {
		/* dmesg --color=always, util-linux 2.38 */
		{ "\x1b[32m[    0.000000] \x1b[0m\x1b[33mefi: \x1b[0mEFI v2.7",
		  "efi: EFI v2.7", true },
		{ "\x1b[33mACPI: \x1b[0mRSDP 0x00000000FFFE0018 000024",
		  "ACPI: RSDP 0x00000000FFFE0018 000024", false },
		/* an error line: its whole message coloured */
		{ "kern  :err   : \x1b[33mACPI: \x1b[0m\x1b[31mXSDT "
		  "0x000000007C43FE98 000064\x1b[0m",
		  "ACPI: XSDT 0x000000007C43FE98 000064", true },
		/* systemd's escapes on a serial console (qemu-aavmf corpus) */
		{ "\x1b[!p\x1b]104\x07\x1b[?7h[    0.757068] systemd[1]: x",
		  "systemd[1]: x", true },
		{ "\x1b(B\x1b[mefi: x", "efi: x", false },
		/* a TAB after the subsystem */
		{ "[    0.000000] ACPI:\tRSDP 0x00000000000F0490 000024",
		  "ACPI: RSDP 0x00000000000F0490 000024", true },
		/* an escape cut at the end of the line */
		{ "efi: x\x1b[3", "efi: x", false },
		{ "efi: x\x1b", "efi: x", false },
	};
	struct ea_logline l = { 0 };

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		size_t n = strlen(cases[i].s);

		ea_logline_parse(&l, cases[i].s, n);
		if (l.n != strlen(cases[i].msg) ||
		    memcmp(l.msg, cases[i].msg, l.n) != 0)
			fprintf(stderr, "message of case %zu: \"%.*s\"\n", i,
				(int)l.n, l.msg);
		CHECK_U64(l.n, strlen(cases[i].msg));
		CHECK(l.n == strlen(cases[i].msg) &&
		      memcmp(l.msg, cases[i].msg, l.n) == 0);
		CHECK(l.stamped == cases[i].stamped);
		/* the evidence is the line as it is in the input */
		CHECK(l.raw == cases[i].s && l.rawn == n);
	}
	ea_logline_free(&l);
}

/* --- line ends ----------------------------------------------------------- */

struct got {
	uint32_t lineno[8];
	char msg[8][64];
	size_t n;
};

static void read_all(const char *buf, size_t len, struct got *g)
{
	struct ea_logreader r;
	struct ea_logline l = { 0 };

	memset(g, 0, sizeof(*g));
	ea_logreader_init(&r, buf, len);
	while (ea_logreader_next(&r, &l) && g->n < 8) {
		g->lineno[g->n] = l.lineno;
		snprintf(g->msg[g->n], sizeof(g->msg[0]), "%.*s", (int)l.n,
			 l.msg);
		g->n++;
	}
	ea_logline_free(&l);
	ea_logreader_free(&r);
}

static void test_line_ends(void)
{
	struct got g;
	static const char cr[] = "[    0.000000] efi: a\r[    0.000000] "
				 "ACPI: b\r\r[    0.1] c";
	static const char crlf[] = "efi: a\r\nACPI: b\r\n";
	/* an LF log with a bare CR here and there: a CR ends no line */
	static const char lf[] = "x\ry\nz\r\r\nw";
	static const char bom[] = "\xef\xbb\xbf[    0.000000] Linux version "
				  "6.1\nefi: x\n";

	read_all(cr, sizeof(cr) - 1, &g);
	CHECK_U64(g.n, 3);
	CHECK_STR(g.msg[0], "efi: a");
	CHECK_STR(g.msg[1], "ACPI: b");
	CHECK_STR(g.msg[2], "c");
	CHECK_U64(g.lineno[2], 3);

	read_all(crlf, sizeof(crlf) - 1, &g);
	CHECK_U64(g.n, 2);
	CHECK_STR(g.msg[1], "ACPI: b");

	read_all(lf, sizeof(lf) - 1, &g);
	CHECK_U64(g.n, 3);
	CHECK_STR(g.msg[0], "x\ry");
	CHECK_STR(g.msg[1], "z");
	CHECK_STR(g.msg[2], "w");

	read_all(bom, sizeof(bom) - 1, &g);
	CHECK_U64(g.n, 2);
	CHECK_STR(g.msg[0], "Linux version 6.1");
	CHECK_U64(g.lineno[1], 2);
}

/* --- wrapped lines ------------------------------------------------------- */

/* A log hard-wrapped at 40 bytes (fold -w 40): lines of exactly 40 go on
 * in the next line. Each case: the log, then what is read of its line 1. */
static void test_wrap(void)
{
	struct ea_logreader r;
	struct ea_logline l = { 0 };
	/* time-stamped: a line cut anywhere is joined with its rest */
	static const char st[] =
	    "[    0.000000] ACPI: XSDT 0x000000007C43\n" /* 40 */
	    "FE98 000064 (v01 BOCHS  BXPC     0000000\n" /* 40 */
	    "1      01000013)\n"
	    "[    0.000000] ACPI: FACP 0x000000007C43\n" /* 40 */
	    "FA98 000114\n"
	    "[    0.000000] GICv3: using LPI property\n" /* 40 */
	    "[    0.000000] GICv3: CPU0: found redist\n" /* 40 */
	    "[    0.000000] x\n";
	/* no time stamps (dmesg -t): only a number cut in two is joined; a
	 * number that ends the line and is not continued is marked cut */
	static const char nt[] =
	    "ACPI: XSDT 0x000000007C43FE98 0000000064\n" /* 40 */
	    "ACPI: FACP 0x000000007C43FA98 000114 (v0\n" /* 40 */
	    "6 BOCHS)\n"
	    "GICv3: using LPI property table @0x40001\n" /* 40 */
	    "0000\n"
	    "esrt: Reserving ESRT space from 0x000001\n" /* 40 */
	    "efi: next line\n"
	    "efi: line three of forty bytes and more.\n"; /* 40 */

	ea_logreader_init(&r, st, sizeof(st) - 1);
	CHECK_U64(r.wrap, 40);
	CHECK(ea_logreader_next(&r, &l));
	CHECK_U64(l.lineno, 1);
	CHECK_U64(l.nlines, 3);
	CHECK(!l.cut);
	CHECK(l.n == 81 &&
	      memcmp(l.msg,
		     "ACPI: XSDT 0x000000007C43FE98 000064 (v01 BOCHS  BXPC  "
		     "   00000001      01000013)",
		     l.n) == 0);
	CHECK(l.raw == st && l.rawn == 98);
	CHECK(ea_logreader_next(&r, &l));
	CHECK_U64(l.lineno, 4);
	CHECK_U64(l.nlines, 2);
	CHECK(l.n == 36 &&
	      memcmp(l.msg, "ACPI: FACP 0x000000007C43FA98 000114", l.n) == 0);
	/* a line of exactly 40 bytes followed by a new line: as it is */
	CHECK(ea_logreader_next(&r, &l));
	CHECK_U64(l.lineno, 6);
	CHECK(l.nlines == 1 && !l.cut);
	ea_logreader_free(&r);

	ea_logreader_init(&r, nt, sizeof(nt) - 1);
	CHECK_U64(r.wrap, 40);
	/* the line ends in a number the next line does not continue */
	CHECK(ea_logreader_next(&r, &l));
	CHECK(l.nlines == 1 && l.cut);
	/* the line is cut inside a word: not a number, left alone */
	CHECK(ea_logreader_next(&r, &l));
	CHECK(l.lineno == 2 && l.nlines == 1 && !l.cut);
	CHECK(ea_logreader_next(&r, &l));
	CHECK_U64(l.lineno, 3);
	/* "@0x40001" + "0000": one number */
	CHECK(ea_logreader_next(&r, &l));
	CHECK(l.lineno == 4 && l.nlines == 2 && !l.cut);
	CHECK(l.n == 44 &&
	      memcmp(l.msg, "GICv3: using LPI property table @0x400010000",
		     l.n) == 0);
	/* "0x000001" then "efi: next line": may be cut short */
	CHECK(ea_logreader_next(&r, &l));
	CHECK(l.lineno == 6 && l.nlines == 1 && l.cut);
	CHECK(ea_logreader_next(&r, &l));
	CHECK(l.lineno == 7 && !l.cut);
	ea_logreader_free(&r);
	ea_logline_free(&l);
}

/* What the kernel-log reader makes of the wrapped forms: the whole number,
 * or a diagnostic, never a shorter address. */
static void test_wrap_dmesg(void)
{
	static const char nt[] = "ACPI: XSDT 0x000000007C43FE98 0000000064\n"
				 "ACPI: FACP 0x000000007C43FA98 000114 (v0\n"
				 "6 BOCHS)\n"
				 "GICv3: using LPI property table @0x40001\n"
				 "0000\n"
				 "esrt: Reserving ESRT space from 0x000001\n"
				 "efi: next line\n"
				 "efi: line three of forty bytes and more.\n";
	struct ea_input in = { .name = "dmesg" };
	struct ea_dmesg d;
	struct ea_diags dg = { 0 };

	ea_input_set_data(&in, nt, sizeof(nt) - 1);
	ea_dmesg_parse(&in, &d, &dg);
	CHECK_U64(d.wrap, 40);
	/* XSDT: its length may be cut: not read; FACP read */
	CHECK_U64(d.acpi.n, 1);
	CHECK(d.acpi.n == 1 && !strcmp(d.acpi.v[0].sig, "FACP") &&
	      d.acpi.v[0].addr == 0x7C43FA98 && d.acpi.v[0].length == 0x114);
	CHECK(d.has_lpi_prop && d.lpi_prop == 0x400010000ULL);
	CHECK(!d.has_esrt_resv);
	CHECK_U64(dg.n, 2);
	CHECK(dg.n == 2 && dg.v[0].ev.line == 1 &&
	      strstr(dg.v[0].msg, "the table length runs to the end of the "
				  "line, where the log is wrapped at 40 "
				  "columns") != NULL);
	CHECK(dg.n == 2 && dg.v[1].ev.line == 6 &&
	      strstr(dg.v[1].msg, "may be cut short") != NULL);
	ea_dmesg_free(&d);
	ea_diags_free(&dg);
	ea_input_free(&in);
}

/* --- a boot printed twice ------------------------------------------------ */

static void parse_buf(const char *b, size_t n, struct ea_dmesg *d,
		      struct ea_input *in)
{
	memset(in, 0, sizeof(*in));
	in->name = "dmesg";
	ea_input_set_data(in, b, n);
	ea_dmesg_parse(in, d, NULL);
}

static void test_repeats(void)
{
	size_t n, lines = 0;
	char *cap = slurp(CAPTURE, &n), *b, *p;
	struct ea_input in;
	struct ea_dmesg d;

	if (!cap)
		return;
	for (p = cap; (p = memchr(p, '\n', (size_t)(cap + n - p))); p++)
		lines++;
	CHECK_U64(lines, CAP_LINES);
	b = malloc(2 * n + 1);
	if (!b) {
		free(cap);
		return;
	}

	/* the log once: nothing repeated */
	parse_buf(cap, n, &d, &in);
	CHECK_U64(d.repeats.n, 0);
	CHECK_U64(d.efi_map.n, CAP_MAP);
	CHECK_U64(d.acpi.n, CAP_ACPI);
	ea_dmesg_free(&d);
	ea_input_free(&in);

	/* twice (a dmesg appended to the console capture): the second copy
	 * is read; line 1 ("Booting Linux on physical CPU") goes with its
	 * banner on line 2 */
	memcpy(b, cap, n);
	memcpy(b + n, cap, n);
	parse_buf(b, 2 * n, &d, &in);
	CHECK_U64(d.repeats.n, 1);
	if (d.repeats.n == 1) {
		const struct ea_dmesg_repeat *r = &d.repeats.v[0];

		CHECK_U64(r->skip_first, 1);
		CHECK_U64(r->skip_last, CAP_LINES);
		CHECK_U64(r->kept_first, CAP_LINES + 1);
		CHECK_U64(r->kept_last, 2 * CAP_LINES);
		CHECK_U64(r->skip_ev.line, 2);
		CHECK_U64(r->kept_ev.line, CAP_LINES + 2);
	}
	CHECK_U64(d.efi_map.n, CAP_MAP);
	CHECK_U64(d.acpi.n, CAP_ACPI);
	CHECK(d.efi_map.n && d.efi_map.v[0].line > CAP_LINES);
	CHECK(d.starts_at_boot);
	ea_dmesg_free(&d);
	ea_input_free(&in);

	/* a boot console's first 60 lines, then the console's replay */
	p = cap;
	for (int k = 0; k < 60; k++)
		p = memchr(p, '\n', (size_t)(cap + n - p)) + 1;
	size_t head = (size_t)(p - cap);
	memcpy(b, cap, head);
	memcpy(b + head, cap, n);
	parse_buf(b, head + n, &d, &in);
	CHECK_U64(d.repeats.n, 1);
	if (d.repeats.n == 1) {
		CHECK_U64(d.repeats.v[0].skip_first, 1);
		CHECK_U64(d.repeats.v[0].skip_last, 60);
		CHECK_U64(d.repeats.v[0].kept_first, 61);
		CHECK_U64(d.repeats.v[0].kept_last, 60 + CAP_LINES);
	}
	CHECK_U64(d.efi_map.n, CAP_MAP);
	CHECK_U64(d.acpi.n, CAP_ACPI);
	ea_dmesg_free(&d);
	ea_input_free(&in);

	/* ... whose last line was cut at the hand-over: still a replay */
	memcpy(b, cap, head - 10);
	b[head - 10] = '\n';
	memcpy(b + head - 9, cap, n);
	parse_buf(b, head - 9 + n, &d, &in);
	CHECK_U64(d.repeats.n, 1);
	CHECK_U64(d.acpi.n, CAP_ACPI);
	ea_dmesg_free(&d);
	ea_input_free(&in);

	/* a second boot that differs in one line of the middle (the same
	 * kernel booted again): two boots, both read */
	memcpy(b, cap, n);
	memcpy(b + n, cap, n);
	p = memmem(b + n, n, "Zone ranges:", 12);
	CHECK(p != NULL);
	if (p)
		p[0] = 'z';
	parse_buf(b, 2 * n, &d, &in);
	CHECK_U64(d.repeats.n, 0);
	CHECK_U64(d.acpi.n, 2 * CAP_ACPI);
	ea_dmesg_free(&d);
	ea_input_free(&in);

	/* a first boot that ends in a kexec, then the same lines: a kexec'd
	 * boot, not a replay, even if the rest were the same */
	static const char kx[] = "[  100.000000] kexec_core: Starting new "
				 "kernel\n";
	memcpy(b, cap, head);
	memcpy(b + head, kx, sizeof(kx) - 1);
	memcpy(b + head + sizeof(kx) - 1, cap, n);
	parse_buf(b, head + sizeof(kx) - 1 + n, &d, &in);
	CHECK_U64(d.repeats.n, 0);
	ea_dmesg_free(&d);
	ea_input_free(&in);

	/* the kexec log reader reads one copy too */
	memcpy(b, cap, n);
	memcpy(b + n, cap, n);
	{
		struct ea_logreader r;

		ea_logreader_init(&r, b, 2 * n);
		CHECK_U64(r.repeats.n, 1);
		ea_logreader_free(&r);
	}
	free(b);
	free(cap);
}

/* The older ACPI table line (no 0x), read by the kernel-log reader. */
static void test_old_acpi(void)
{
	static const char log[] =
	    "[    0.000000] ACPI: RSDP 00000000bc430018 00024 (v02 ALASKA)\n"
	    "[    0.000000] ACPI: XSDT 00000000bc430098 000A4 (v01 ALASKA  A "
	    "M I 01072009 AMI  00010013)\n"
	    "[    0.000000] ACPI: FACS 00000000bc5f6f80 00040\n"
	    "[    0.000000] ACPI: RSDT 000f6de0 00034 (v01 BOCHS  BXPCRSDT "
	    "00000001 BXPC 00000001)\n"
	    /* not table lines */
	    "[    0.000000] ACPI: Core revision 20130517\n"
	    "[    0.000000] ACPI: PM-Timer IO Port: 0x408\n"
	    "[    0.000000] ACPI: IRQ0 used by override.\n";
	struct ea_input in;
	struct ea_dmesg d;

	parse_buf(log, sizeof(log) - 1, &d, &in);
	CHECK_U64(d.acpi.n, 4);
	if (d.acpi.n == 4) {
		CHECK_STR(d.acpi.v[0].sig, "RSDP");
		CHECK_U64(d.acpi.v[0].addr, 0xbc430018);
		CHECK_U64(d.acpi.v[0].length, 0x24);
		CHECK_STR(d.acpi.v[1].sig, "XSDT");
		CHECK_U64(d.acpi.v[1].addr, 0xbc430098);
		CHECK_U64(d.acpi.v[1].length, 0xa4);
		CHECK_U64(d.acpi.v[2].addr, 0xbc5f6f80);
		CHECK_U64(d.acpi.v[2].length, 0x40);
		CHECK_U64(d.acpi.v[3].addr, 0xf6de0);
		CHECK_U64(d.acpi.v[3].length, 0x34);
	}
	ea_dmesg_free(&d);
	ea_input_free(&in);
}

/* The first line quoted in an error: printable, short. */
static void test_first_line(void)
{
	struct ea_input in = { .name = "x" };
	char *s;

	ea_input_set_data(&in, "\xef\xbb\xbf\n  \r\n\x1b[1mhi\tthere\x07\xff\n",
			  23);
	s = ea_input_first_line(&in, 60);
	CHECK_STR(s, "\"?[1mhi there??\"");
	free(s);
	s = ea_input_first_line(&in, 4);
	CHECK_STR(s, "\"?[1m...\"");
	free(s);
	ea_input_set_data(&in, " \n\n", 3);
	s = ea_input_first_line(&in, 60);
	CHECK_STR(s, "none but blank ones");
	free(s);
	ea_input_free(&in);
}

int main(void)
{
	test_offsets();
	test_clean();
	test_line_ends();
	test_wrap();
	test_wrap_dmesg();
	test_repeats();
	test_old_acpi();
	test_first_line();
	return t_done();
}
