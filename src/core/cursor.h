/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A cursor over one line of untrusted text: every text reader reads its
 * literals, blanks and numbers through it. The line is not NUL-terminated;
 * no read goes past its end.
 *
 * Two kinds of step:
 *
 *   - accepting (ea_cur_skip, ea_cur_take_hex/0x/dec, ea_cur_ws,
 *     ea_cur_upto): moves on when the text is there and says nothing when
 *     it is not; the cursor then stays where it was. For the reader that
 *     tries one form after the other.
 *
 *   - expecting (ea_cur_lit, ea_cur_hex, ea_cur_0x, ea_cur_dec): the text
 *     must be there; when it is not, the step returns false and writes why
 *     into c->err as "expected X, found Y", with the text that was found
 *     shown quoted (ea_cur_show). Only the first failure is kept: a chain
 *     "a && b && c" reports the step that broke. c->trunc is set when the
 *     line ended where more text was expected (a line cut short, which a
 *     log reader may join with its wrapped tail).
 *
 * A number of an expecting step must end there: "0x1000zz" is damage, not
 * 0x1000 (a decimal may be followed by a unit, "64K"). A line the log
 * reader found cut inside its last number (cut_end, the log's wrap width
 * in wrap) has that number refused rather than read short.
 *
 * Numbers are at most 64 bits: a larger value (17 hex digits but for
 * leading zeros, 2^64 and up in decimal) is a failure, never a wrapped
 * value.
 *
 * The small steps are inline: they run on every line of a million-line
 * EFI map, /proc/iomem or memblock file.
 */
#ifndef EA_CURSOR_H
#define EA_CURSOR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "core/util.h"

/* The longest reason kept, its NUL counted. */
#define EA_CUR_ERR_MAX 224
/* Room for a text shown by ea_cur_show(): a quote, 24 bytes, "...", a
 * quote and the NUL. */
#define EA_CUR_SHOW_MAX 40

struct ea_cur {
	const char *s;
	size_t n, i; /* the line s[0, n), the cursor at s + i */
	bool trunc;  /* the line ended where more text was expected */
	/* the end of a line that may be cut inside its last number and the
	 * width the log is wrapped at; NULL: none */
	const char *cut_end;
	size_t wrap;
	char err[EA_CUR_ERR_MAX]; /* the first failure; "" while none */
};

static inline bool ea_is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static inline bool ea_is_hex(char c)
{
	return ea_is_digit(c) || (c >= 'a' && c <= 'f') ||
	       (c >= 'A' && c <= 'F');
}

static inline bool ea_is_alpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* A blank: a space or a TAB (what ea_cur_ws() skips). */
static inline bool ea_is_blank(char c)
{
	return c == ' ' || c == '\t';
}

static inline void ea_cur_init(struct ea_cur *c, const char *s, size_t n)
{
	c->s = s;
	c->n = n;
	c->i = 0;
	c->trunc = false;
	c->cut_end = NULL;
	c->wrap = 0;
	c->err[0] = '\0';
}

/* The text at the cursor and how many bytes of the line are left. */
static inline const char *ea_cur_at(const struct ea_cur *c)
{
	return c->s + c->i;
}

static inline size_t ea_cur_left(const struct ea_cur *c)
{
	return c->n - c->i;
}

/* Whether the line is read to its end. */
static inline bool ea_cur_done(const struct ea_cur *c)
{
	return c->i >= c->n;
}

/* Whether the byte at the cursor is ch (false at the end). */
static inline bool ea_cur_is(const struct ea_cur *c, char ch)
{
	return c->i < c->n && c->s[c->i] == ch;
}

/* Whether a blank is next (false at the end). */
static inline bool ea_cur_at_blank(const struct ea_cur *c)
{
	return c->i < c->n && ea_is_blank(c->s[c->i]);
}

/* Whether the text at the cursor starts with lit; the cursor stays. */
static inline bool ea_cur_looking_at(const struct ea_cur *c, const char *lit)
{
	size_t k = strlen(lit);

	return c->n - c->i >= k && memcmp(c->s + c->i, lit, k) == 0;
}

/* --- accepting steps ---------------------------------------------------- */

/* Skips blanks (spaces and TABs); returns how many. */
static inline size_t ea_cur_ws(struct ea_cur *c)
{
	size_t k = ea_skip_spaces(c->s + c->i, c->n - c->i);

	c->i += k;
	return k;
}

/* Moves past lit when the text at the cursor starts with it. */
static inline bool ea_cur_skip(struct ea_cur *c, const char *lit)
{
	size_t k = strlen(lit);

	if (c->n - c->i < k || memcmp(c->s + c->i, lit, k) != 0)
		return false;
	c->i += k;
	return true;
}

/* Moves to the first byte that is one of stops (one or two bytes: "=",
 * "|]"; a NUL in the line is not a stop), or to the end of the line, at
 * most max bytes on; returns how many bytes it passed. Inline: it scans the
 * fields of a million EFI map lines, and with the stops a literal the
 * compiler makes two compares a byte of it. */
static inline size_t ea_cur_upto(struct ea_cur *c, const char *stops,
				 size_t max)
{
	const char *s = c->s;
	char x = stops[0], y = stops[1] ? stops[1] : x;
	size_t b = c->i, i = b, end = max < c->n - b ? b + max : c->n;

	while (i < end && s[i] != x && s[i] != y)
		i++;
	c->i = i;
	return i - b;
}

/* Drops the blanks and CRs at the end of the line (mail, editors and CRLF
 * files leave them): the line ends at its last other byte. */
static inline void ea_cur_rtrim(struct ea_cur *c)
{
	while (c->n > c->i &&
	       (ea_is_blank(c->s[c->n - 1]) || c->s[c->n - 1] == '\r'))
		c->n--;
}

/* Whether the rest of the line is blank (the cursor stays). */
static inline bool ea_cur_blank_rest(const struct ea_cur *c)
{
	return ea_skip_spaces(ea_cur_at(c), ea_cur_left(c)) == ea_cur_left(c);
}

/* How many hex (decimal) digits stand at the cursor, however many. */
size_t ea_cur_count_hex(const struct ea_cur *c);
size_t ea_cur_count_dec(const struct ea_cur *c);

/* A number at the cursor: hex without 0x, "0x" (or "0X") and hex, decimal.
 * False, the cursor and *v left alone, when there is none or it does not
 * fit in 64 bits. Whatever follows the digits is not looked at. */
static inline bool ea_cur_take_hex(struct ea_cur *c, uint64_t *v)
{
	size_t k = ea_parse_hex(ea_cur_at(c), ea_cur_left(c), v);

	c->i += k;
	return k != 0;
}

static inline bool ea_cur_take_0x(struct ea_cur *c, uint64_t *v)
{
	size_t k = ea_parse_0xhex(ea_cur_at(c), ea_cur_left(c), v);

	c->i += k;
	return k != 0;
}

static inline bool ea_cur_take_dec(struct ea_cur *c, uint64_t *v)
{
	size_t k = ea_parse_dec(ea_cur_at(c), ea_cur_left(c), v);

	c->i += k;
	return k != 0;
}
/* Exactly w hex digits (w from 1 to 16): a fixed-width column, "HH" of a
 * hex dump. What follows them is not looked at. */
bool ea_cur_take_hexw(struct ea_cur *c, size_t w, uint64_t *v);

/* --- expecting steps ---------------------------------------------------- */

/* Records why the line cannot be read, unless a reason is kept already;
 * returns false. */
bool ea_cur_fail(struct ea_cur *c, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* lit must be next; where says where ("after the start address"):
 * 'expected "-" after the start address, found "x..."'. */
bool ea_cur_lit(struct ea_cur *c, const char *lit, const char *where);

/* A number that must be next, named what in the reason ("start address"):
 * hex without 0x, 0x and hex, decimal. */
bool ea_cur_hex(struct ea_cur *c, uint64_t *v, const char *what);
bool ea_cur_0x(struct ea_cur *c, uint64_t *v, const char *what);
bool ea_cur_dec(struct ea_cur *c, uint64_t *v, const char *what);

/* After a number named what: false (with a reason) when a letter follows
 * it. */
bool ea_cur_num_end(struct ea_cur *c, const char *what);

/* --- showing text ------------------------------------------------------- */

/* s[0, n) as a reason quotes it: at most 24 bytes in double quotes, each
 * byte outside printable ASCII shown as '?', "..." when more follows; "the
 * end of the line" when n is 0. Returns buf. */
const char *ea_cur_show(const char *s, size_t n, char buf[EA_CUR_SHOW_MAX]);

/* The rest of the line, shown so. */
static inline const char *ea_cur_show_rest(const struct ea_cur *c,
					   char buf[EA_CUR_SHOW_MAX])
{
	return ea_cur_show(ea_cur_at(c), ea_cur_left(c), buf);
}

#endif
