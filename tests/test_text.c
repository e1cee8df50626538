/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Foreign text made inert (core/text.h): printable ASCII, TAB and valid
 * UTF-8 stay as they are; C0, DEL, C1 (raw and UTF-8 encoded), the bidi
 * reordering characters and every byte that is not valid UTF-8 (RFC 3629
 * section 4: overlong forms, surrogates, past U+10FFFF, cut sequences)
 * become visible escapes. */
#include <stdio.h>
#include <stdlib.h>

#include "core/text.h"
#include "t.h"

static void clean_is(const char *in, size_t n, const char *want)
{
	char *got = ea_text_clean(in, n);

	CHECK_STR(got, want);
	/* cleaning is idempotent: what came out needs nothing more */
	CHECK(ea_text_clean_len(got, strlen(got)) == strlen(got));
	free(got);
}

#define CLEAN(lit, want) clean_is(lit, sizeof(lit) - 1, want)

static void kept(void)
{
	CLEAN("", "");
	CLEAN("[    0.000000] efi: ACPI 2.0=0x9ff5b40000",
	      "[    0.000000] efi: ACPI 2.0=0x9ff5b40000");
	CLEAN("a\tb", "a\tb");	     /* TAB moves the cursor, nothing else */
	CLEAN("C:\\x1b", "C:\\x1b"); /* a backslash is kept */
	/* valid UTF-8 of 2, 3 and 4 bytes */
	CLEAN("caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80",
	      "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80");
	/* U+00A0, the first character after the C1 block */
	CLEAN("\xc2\xa0", "\xc2\xa0");
	CHECK(ea_text_clean_len("plain", 5) == 5);
	CHECK(ea_text_clean_len("ab\x1b", 3) == 2);
}

static void escaped(void)
{
	/* terminal controls: clear screen, set title (BEL), OSC 52 */
	CLEAN("\x1b[2J\x1b]0;pwned\x07", "\\x1b[2J\\x1b]0;pwned\\x07");
	CLEAN("\x1b]52;c;aGVsbG8=\x1b\\", "\\x1b]52;c;aGVsbG8=\\x1b\\");
	CLEAN("a\nb\rc", "a\\x0ab\\x0dc");
	CLEAN("\x7f", "\\x7f");
	clean_is("a\0b", 3, "a\\x00b");
	/* C1: the 8-bit CSI raw (not UTF-8) and UTF-8 encoded */
	CLEAN("\x9b"
	      "31m",
	      "\\x9b"
	      "31m");
	CLEAN("\xc2\x9b"
	      "31m",
	      "\\u009b"
	      "31m");
	CLEAN("\xc2\x80\xc2\x9f", "\\u0080\\u009f");
	/* bidi override and isolates (U+202E, U+2066, U+2069) */
	CLEAN("\xe2\x80\xae"
	      "cba",
	      "\\u202e"
	      "cba");
	CLEAN("\xe2\x81\xa6x\xe2\x81\xa9", "\\u2066x\\u2069");
	/* invalid UTF-8 */
	CLEAN("\xff\xfe", "\\xff\\xfe");
	CLEAN("\xc0\xaf", "\\xc0\\xaf");	  /* overlong '/' */
	CLEAN("\xe0\x80\xaf", "\\xe0\\x80\\xaf"); /* overlong, 3 bytes */
	CLEAN("\xed\xa0\x80", "\\xed\\xa0\\x80"); /* surrogate D800 */
	CLEAN("\xf4\x90\x80\x80", "\\xf4\\x90\\x80\\x80"); /* > U+10FFFF */
	CLEAN("ok\xe2\x82", "ok\\xe2\\x82");		   /* cut at the end */
	CLEAN("\xe2(", "\\xe2(");			   /* cut inside */
	/* the longest output: every byte 4 */
	char buf[EA_TEXT_CLEAN_MAX(3) + 1];
	CHECK(ea_text_clean_to(buf, "\x01\x02\x03", 3) == EA_TEXT_CLEAN_MAX(3));
	CHECK_STR(buf, "\\x01\\x02\\x03");
}

static void cut(void)
{
	const char *s = "ab\xe2\x82\xac"; /* "ab€" */

	CHECK(ea_text_cut(s, 5, 10) == 5);
	CHECK(ea_text_cut(s, 5, 5) == 5);
	CHECK(ea_text_cut(s, 5, 4) == 2); /* not inside the euro sign */
	CHECK(ea_text_cut(s, 5, 3) == 2);
	CHECK(ea_text_cut(s, 5, 2) == 2);
	CHECK(ea_text_cut("abcdef", 6, 3) == 3);
	/* bytes that are no character are cut where asked */
	CHECK(ea_text_cut("\x80\x80\x80\x80\x80", 5, 3) == 3);
}

static void scratch(void)
{
	struct ea_text_scratch sc = { 0 };
	const char *plain = "proc/iomem";

	CHECK(ea_text_safe(&sc, plain) == plain); /* no copy */
	CHECK(ea_text_safe(&sc, NULL) == NULL);
	const char *a = ea_text_safe(&sc, "x\x1b");
	const char *b = ea_text_safe(&sc, "y\x07");

	CHECK_STR(a, "x\\x1b"); /* both live at once */
	CHECK_STR(b, "y\\x07");
	ea_text_scratch_free(&sc);
}

/* XML text (JUnit, SVG): the five entities, U+FFFE and U+FFFF (valid
 * UTF-8, no XML 1.0 character) as text, TAB kept */
static void xml(void)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&buf, &len);
	ea_text_xml(m, "a<b>&\"'\tc \xef\xbf\xbe \xef\xbf\xbf \xc3\xa9");
	ea_text_xml(m, NULL);
	fclose(m);
	CHECK_STR(buf,
		  "a&lt;b&gt;&amp;&quot;&apos;\tc \\uFFFE \\uFFFF \xc3\xa9");
	free(buf);
}

int main(void)
{
	xml();
	kept();
	escaped();
	cut();
	scratch();
	return t_done();
}
