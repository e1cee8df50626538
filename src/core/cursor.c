/* SPDX-License-Identifier: GPL-2.0-or-later */
/* A cursor over one line of untrusted text (cursor.h). */
#include "core/cursor.h"

#include <stdarg.h>
#include <stdio.h>

#include "core/util.h"

size_t ea_cur_count_hex(const struct ea_cur *c)
{
	size_t k = 0;

	while (c->i + k < c->n && ea_is_hex(c->s[c->i + k]))
		k++;
	return k;
}

size_t ea_cur_count_dec(const struct ea_cur *c)
{
	size_t k = 0;

	while (c->i + k < c->n && ea_is_digit(c->s[c->i + k]))
		k++;
	return k;
}

bool ea_cur_take_hexw(struct ea_cur *c, size_t w, uint64_t *v)
{
	uint64_t x;

	if (w == 0 || w > 16 || ea_cur_left(c) < w ||
	    ea_parse_hex(ea_cur_at(c), w, &x) != w)
		return false;
	*v = x;
	c->i += w;
	return true;
}

const char *ea_cur_show(const char *s, size_t n, char buf[EA_CUR_SHOW_MAX])
{
	size_t j = 0, i;

	if (n == 0) {
		snprintf(buf, EA_CUR_SHOW_MAX, "the end of the line");
		return buf;
	}
	buf[j++] = '"';
	for (i = 0; i < n && i < 24; i++)
		buf[j++] = (s[i] >= 0x20 && s[i] < 0x7f) ? s[i] : '?';
	if (i < n) {
		memcpy(buf + j, "...", 3);
		j += 3;
	}
	buf[j++] = '"';
	buf[j] = '\0';
	return buf;
}

bool ea_cur_fail(struct ea_cur *c, const char *fmt, ...)
{
	va_list ap;

	if (c->err[0])
		return false; /* the first failure is the one to report */
	va_start(ap, fmt);
	vsnprintf(c->err, sizeof(c->err), fmt, ap);
	va_end(ap);
	return false;
}

bool ea_cur_lit(struct ea_cur *c, const char *lit, const char *where)
{
	size_t k = strlen(lit), left = ea_cur_left(c);
	char f[EA_CUR_SHOW_MAX];

	if (left >= k && memcmp(ea_cur_at(c), lit, k) == 0) {
		c->i += k;
		return true;
	}
	if (left < k && memcmp(ea_cur_at(c), lit, left) == 0)
		c->trunc = true;
	return ea_cur_fail(c, "expected \"%s\" %s, found %s", lit, where,
			   ea_cur_show_rest(c, f));
}

/* Why a hex number could not be read at the cursor. */
static bool hex_fail(struct ea_cur *c, bool want0x, const char *what)
{
	const char *s = ea_cur_at(c);
	size_t left = ea_cur_left(c), p = 0, d = 0;
	char f[EA_CUR_SHOW_MAX];

	if (want0x) {
		if (left == 0 || (left == 1 && s[0] == '0')) {
			c->trunc = true;
			return ea_cur_fail(c, "line ends before the %s", what);
		}
		if (s[0] != '0' || (s[1] != 'x' && s[1] != 'X'))
			return ea_cur_fail(
			    c,
			    "expected 0x and hex digits for the %s, found %s",
			    what, ea_cur_show(s, left, f));
		p = 2;
	}
	while (p + d < left && ea_is_hex(s[p + d]))
		d++;
	if (!d) {
		if (p == left)
			c->trunc = true;
		return ea_cur_fail(c, "no hex digits in the %s: %s", what,
				   ea_cur_show(s, left, f));
	}
	return ea_cur_fail(c, "the %s has %zu hex digits, more than 64 bits",
			   what, d);
}

bool ea_cur_num_end(struct ea_cur *c, const char *what)
{
	char f[EA_CUR_SHOW_MAX];

	if (c->i >= c->n || !ea_is_alpha(c->s[c->i]))
		return true;
	return ea_cur_fail(c, "unexpected %s right after the %s",
			   ea_cur_show_rest(c, f), what);
}

/* A number that runs to the end of a line cut where the log was wrapped
 * may be cut short: never read as it is. */
static bool uncut(struct ea_cur *c, const char *what)
{
	if (!c->cut_end || c->s + c->i != c->cut_end)
		return true;
	return ea_cur_fail(c,
			   "the %s runs to the end of the line, where the log "
			   "is wrapped at %zu columns, and the next line does "
			   "not continue it: it may be cut short",
			   what, c->wrap);
}

bool ea_cur_0x(struct ea_cur *c, uint64_t *v, const char *what)
{
	if (!ea_cur_take_0x(c, v))
		return hex_fail(c, true, what);
	return uncut(c, what) && ea_cur_num_end(c, what);
}

bool ea_cur_hex(struct ea_cur *c, uint64_t *v, const char *what)
{
	if (!ea_cur_take_hex(c, v))
		return hex_fail(c, false, what);
	return uncut(c, what) && ea_cur_num_end(c, what);
}

bool ea_cur_dec(struct ea_cur *c, uint64_t *v, const char *what)
{
	char f[EA_CUR_SHOW_MAX];

	if (ea_cur_take_dec(c, v))
		return uncut(c, what);
	if (ea_cur_done(c)) {
		c->trunc = true;
		return ea_cur_fail(c, "line ends before the %s", what);
	}
	ea_cur_show_rest(c, f);
	if (ea_is_digit(*ea_cur_at(c)))
		return ea_cur_fail(c, "the %s %s does not fit in 64 bits", what,
				   f);
	return ea_cur_fail(c, "expected a decimal %s, found %s", what, f);
}
