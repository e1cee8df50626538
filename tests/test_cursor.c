/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The line cursor: numbers are read to 64 bits and no further (16 hex
 * digits fit, 17 do not unless the first is a zero; 2^64 - 1 is the
 * largest decimal), "0x" needs a digit after it, an expecting step says what it
 * expected and what it found, only the first failure is kept, the cursor
 * never reads past the line, and a line that ends early is marked. */
#include <stdlib.h>

#include "core/cursor.h"
#include "t.h"

static void on(struct ea_cur *c, const char *s)
{
	ea_cur_init(c, s, strlen(s));
}

static void take_numbers(void)
{
	struct ea_cur c;
	uint64_t v = 7;

	on(&c, "ffffffffffffffff-");
	CHECK(ea_cur_take_hex(&c, &v));
	CHECK_U64(v, UINT64_MAX);
	CHECK_U64(c.i, 16);
	CHECK(ea_cur_is(&c, '-'));

	/* 17 digits do not fit; a leading zero does not count */
	on(&c, "1ffffffffffffffff");
	v = 7;
	CHECK(!ea_cur_take_hex(&c, &v));
	CHECK_U64(c.i, 0);
	CHECK_U64(v, 7);
	CHECK_U64(ea_cur_count_hex(&c), 17);
	on(&c, "0ffffffffffffffff");
	CHECK(ea_cur_take_hex(&c, &v));
	CHECK_U64(v, UINT64_MAX);
	CHECK_U64(c.i, 17);

	on(&c, "0X1aB zz");
	CHECK(ea_cur_take_0x(&c, &v));
	CHECK_U64(v, 0x1ab);
	CHECK_U64(c.i, 5);

	/* "0x" without a digit is no number; bare hex reads the "0" */
	on(&c, "0xg");
	CHECK(!ea_cur_take_0x(&c, &v));
	CHECK_U64(c.i, 0);
	CHECK(ea_cur_take_hex(&c, &v));
	CHECK_U64(v, 0);
	CHECK_U64(c.i, 1);

	on(&c, "18446744073709551615 ");
	CHECK(ea_cur_take_dec(&c, &v));
	CHECK_U64(v, UINT64_MAX);
	CHECK_U64(c.i, 20);
	on(&c, "18446744073709551616");
	CHECK(!ea_cur_take_dec(&c, &v));
	CHECK_U64(c.i, 0);
	CHECK_U64(ea_cur_count_dec(&c), 20);

	/* whatever follows the digits is not looked at */
	on(&c, "64K");
	CHECK(ea_cur_take_dec(&c, &v));
	CHECK_U64(v, 64);
	CHECK(ea_cur_is(&c, 'K'));
}

static void bounded(void)
{
	struct ea_cur c;
	uint64_t v;
	/* the line is the first 5 bytes: the digits after it are not read */
	const char *s = "0x12345";

	ea_cur_init(&c, s, 5);
	CHECK(ea_cur_take_0x(&c, &v));
	CHECK_U64(v, 0x123);
	CHECK(ea_cur_done(&c));
	CHECK(!ea_cur_is(&c, '4'));
	CHECK(!ea_cur_skip(&c, "4"));
	CHECK(!ea_cur_looking_at(&c, "4"));
	CHECK_U64(ea_cur_count_hex(&c), 0);

	ea_cur_init(&c, "12", 1);
	CHECK(ea_cur_dec(&c, &v, "n"));
	CHECK_U64(v, 1);
}

static void fixed_width(void)
{
	struct ea_cur c;
	uint64_t v = 7;

	on(&c, " 4fg");
	CHECK(!ea_cur_take_hexw(&c, 2, &v));
	CHECK(ea_cur_skip(&c, " "));
	/* "4f" then 'g': two digits read, the 'g' is not looked at */
	CHECK(ea_cur_take_hexw(&c, 2, &v));
	CHECK_U64(v, 0x4f);
	CHECK(ea_cur_is(&c, 'g'));
	/* one digit where two are wanted: nothing read, nothing written */
	on(&c, "4 ");
	v = 7;
	CHECK(!ea_cur_take_hexw(&c, 2, &v));
	CHECK_U64(v, 7);
	CHECK_U64(c.i, 0);
	on(&c, "4");
	CHECK(!ea_cur_take_hexw(&c, 2, &v));
	on(&c, "00000000ffffffff1");
	CHECK(ea_cur_take_hexw(&c, 16, &v));
	CHECK_U64(v, 0xffffffff);
	CHECK(!ea_cur_take_hexw(&c, 17, &v));
}

static void rtrim(void)
{
	struct ea_cur c;

	on(&c, " 0-1 : a \t\r \r");
	ea_cur_rtrim(&c);
	CHECK_U64(c.n, 8);
	on(&c, " \t\r");
	ea_cur_rtrim(&c);
	CHECK_U64(c.n, 0);
	CHECK(ea_cur_done(&c));
}

static void accepting(void)
{
	struct ea_cur c;

	on(&c, " \t segment[3]");
	CHECK_U64(ea_cur_ws(&c), 3);
	CHECK(!ea_cur_skip(&c, "segments"));
	CHECK_U64(c.i, 3);
	CHECK(ea_cur_looking_at(&c, "seg"));
	CHECK(ea_cur_skip(&c, "segment["));
	CHECK_U64(ea_cur_upto(&c, "]|", (size_t)-1), 1);
	CHECK(ea_cur_is(&c, ']'));
	CHECK(c.err[0] == '\0');

	on(&c, "Loader Data|RUN");
	CHECK_U64(ea_cur_upto(&c, "|]", 4), 4);
	CHECK_U64(ea_cur_upto(&c, "|]", (size_t)-1), 7);
	CHECK(ea_cur_is(&c, '|'));
	on(&c, "abc");
	CHECK_U64(ea_cur_upto(&c, "|", (size_t)-1), 3);
	CHECK(ea_cur_done(&c));
	/* a NUL in the line is a byte like another, not a stop */
	ea_cur_init(&c, "a\0b|", 4);
	CHECK_U64(ea_cur_upto(&c, "|", (size_t)-1), 3);

	on(&c, "x \t ");
	c.i = 1;
	CHECK(ea_cur_blank_rest(&c));
	c.i = 0;
	CHECK(!ea_cur_blank_rest(&c));
}

static void show(void)
{
	char b[EA_CUR_SHOW_MAX];

	CHECK_STR(ea_cur_show("", 0, b), "the end of the line");
	CHECK_STR(ea_cur_show("a\tb\x1b", 4, b), "\"a?b?\"");
	CHECK_STR(ea_cur_show("\xc3\xa9", 2, b), "\"??\"");
	/* 24 bytes shown, then "..." */
	CHECK_STR(ea_cur_show("0123456789abcdefghijklmn", 24, b),
		  "\"0123456789abcdefghijklmn\"");
	CHECK_STR(ea_cur_show("0123456789abcdefghijklmno", 25, b),
		  "\"0123456789abcdefghijklmn...\"");
}

static void expecting(void)
{
	struct ea_cur c;
	uint64_t a, b;

	on(&c, "0x1000-0x1fff [");
	CHECK(ea_cur_0x(&c, &a, "start address") &&
	      ea_cur_lit(&c, "-", "after the start address") &&
	      ea_cur_0x(&c, &b, "end address"));
	CHECK_U64(a, 0x1000);
	CHECK_U64(b, 0x1fff);
	CHECK(c.err[0] == '\0' && !c.trunc);

	on(&c, "0x1000+0x1fff");
	CHECK(ea_cur_0x(&c, &a, "start address"));
	CHECK(!ea_cur_lit(&c, "-", "after the start address"));
	CHECK_STR(c.err,
		  "expected \"-\" after the start address, found \"+0x1fff\"");
	CHECK(!c.trunc);
	/* the first failure is kept */
	CHECK(!ea_cur_fail(&c, "another"));
	CHECK_STR(c.err,
		  "expected \"-\" after the start address, found \"+0x1fff\"");

	/* a literal the line ends inside of: cut short */
	on(&c, "range=[0x1 ra");
	c.i = 11;
	CHECK(!ea_cur_lit(&c, "range=[", "after the field"));
	CHECK(c.trunc);
	CHECK_STR(c.err, "expected \"range=[\" after the field, found \"ra\"");

	on(&c, "");
	CHECK(!ea_cur_lit(&c, "]", "after the end address"));
	CHECK(c.trunc);
	CHECK_STR(c.err,
		  "expected \"]\" after the end address, found the end of the "
		  "line");
}

static void expecting_hex(void)
{
	struct ea_cur c;
	uint64_t v;

	on(&c, "0");
	CHECK(!ea_cur_0x(&c, &v, "end address"));
	CHECK(c.trunc);
	CHECK_STR(c.err, "line ends before the end address");

	on(&c, "1000");
	CHECK(!ea_cur_0x(&c, &v, "end address"));
	CHECK(!c.trunc);
	CHECK_STR(c.err, "expected 0x and hex digits for the end address, "
			 "found \"1000\"");

	/* "0x" and no digit: cut short when the line ends there */
	on(&c, "0x");
	CHECK(!ea_cur_0x(&c, &v, "end address"));
	CHECK(c.trunc);
	CHECK_STR(c.err, "no hex digits in the end address: \"0x\"");
	on(&c, "0xg]");
	CHECK(!ea_cur_0x(&c, &v, "end address"));
	CHECK(!c.trunc);
	CHECK_STR(c.err, "no hex digits in the end address: \"0xg]\"");

	on(&c, "0x10000000000000000");
	CHECK(!ea_cur_0x(&c, &v, "end address"));
	CHECK_STR(c.err,
		  "the end address has 17 hex digits, more than 64 bits");
	on(&c, "10000000000000000 ");
	CHECK(!ea_cur_hex(&c, &v, "table length"));
	CHECK_STR(c.err,
		  "the table length has 17 hex digits, more than 64 bits");

	on(&c, "");
	CHECK(!ea_cur_hex(&c, &v, "table length"));
	CHECK(c.trunc);
	CHECK_STR(c.err, "no hex digits in the table length: the end of the "
			 "line");

	/* a number glued to letters is damage */
	on(&c, "0x1000zz");
	CHECK(!ea_cur_0x(&c, &v, "start address"));
	CHECK_STR(c.err, "unexpected \"zz\" right after the start address");
	on(&c, "1000g");
	CHECK(!ea_cur_hex(&c, &v, "table address"));
	CHECK_STR(c.err, "unexpected \"g\" right after the table address");
	on(&c, "1000 g");
	CHECK(ea_cur_hex(&c, &v, "table address"));
	CHECK_U64(v, 0x1000);
	on(&c, "0x1000-");
	CHECK(ea_cur_0x(&c, &v, "start address"));
	CHECK(ea_cur_is(&c, '-'));
}

static void expecting_dec(void)
{
	struct ea_cur c;
	uint64_t v;

	/* a unit may follow a decimal */
	on(&c, "64K, shr");
	CHECK(ea_cur_dec(&c, &v, "page size"));
	CHECK_U64(v, 64);

	on(&c, "");
	CHECK(!ea_cur_dec(&c, &v, "page size"));
	CHECK(c.trunc);
	CHECK_STR(c.err, "line ends before the page size");

	on(&c, "18446744073709551616)");
	CHECK(!ea_cur_dec(&c, &v, "entry size"));
	CHECK(!c.trunc);
	CHECK_STR(c.err, "the entry size \"18446744073709551616)\" does not "
			 "fit in 64 bits");

	on(&c, "x12");
	CHECK(!ea_cur_dec(&c, &v, "entry number"));
	CHECK_STR(c.err, "expected a decimal entry number, found \"x12\"");
}

/* A number that runs to the end of a line the log reader found cut there
 * is refused; the same number inside the line is read. */
static void cut_lines(void)
{
	static const char s[] = "0x1000-0x2000";
	struct ea_cur c;
	uint64_t v;

	on(&c, s);
	c.cut_end = s + strlen(s);
	c.wrap = 80;
	CHECK(ea_cur_0x(&c, &v, "start address"));
	CHECK(ea_cur_lit(&c, "-", "after the start address"));
	CHECK(!ea_cur_0x(&c, &v, "end address"));
	CHECK_STR(c.err, "the end address runs to the end of the line, where "
			 "the log is wrapped at 80 columns, and the next line "
			 "does not continue it: it may be cut short");

	on(&c, "12");
	c.cut_end = c.s + 2;
	c.wrap = 72;
	CHECK(!ea_cur_dec(&c, &v, "count"));
	CHECK(!c.trunc);
	on(&c, "12");
	CHECK(ea_cur_dec(&c, &v, "count"));
}

/* A reason longer than the buffer is cut, NUL-terminated. */
static void long_reason(void)
{
	struct ea_cur c;
	char what[400];

	memset(what, 'w', sizeof(what) - 1);
	what[sizeof(what) - 1] = '\0';
	on(&c, "zz");
	CHECK(!ea_cur_lit(&c, "-", what));
	CHECK_U64(strlen(c.err), EA_CUR_ERR_MAX - 1);
}

int main(void)
{
	take_numbers();
	bounded();
	fixed_width();
	rtrim();
	accepting();
	show();
	expecting();
	expecting_hex();
	expecting_dec();
	cut_lines();
	long_reason();
	return t_done();
}
