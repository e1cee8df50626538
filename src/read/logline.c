/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The kernel-log line: where a printk message starts after the prefixes
 * that dmesg, syslog, journalctl, serial consoles and mail clients put in
 * front of it, the line ends, wraps and repeated boots of a saved log, and
 * which lines the kexec log reader wants. Shared by the kernel-log reader
 * (dmesg.c) and the kexec log reader (kexeclog.c); logline.h lists every
 * form read.
 */
#include "read/logline.h"
#include "core/util.h"

#include <stdlib.h>
#include <string.h>

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static bool is_alpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static bool is_alnum(char c)
{
	return is_digit(c) || is_alpha(c);
}

static bool is_hex(char c)
{
	return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

static bool is_blank(char c)
{
	return c == ' ' || c == '\t';
}

static size_t count_digits(const char *s, size_t n)
{
	size_t i = 0;

	while (i < n && is_digit(s[i]))
		i++;
	return i;
}

/* --- line prefixes ------------------------------------------------------ */

/* "HH:MM:SS" */
static bool is_hms(const char *s, size_t n)
{
	return n >= 8 && is_digit(s[0]) && is_digit(s[1]) && s[2] == ':' &&
	       is_digit(s[3]) && is_digit(s[4]) && s[5] == ':' &&
	       is_digit(s[6]) && is_digit(s[7]);
}

/* "12.345678" (a printk time stamp in seconds) */
static size_t seconds(const char *s, size_t n)
{
	size_t d = count_digits(s, n), f;

	if (!d || d >= n || s[d] != '.')
		return 0;
	f = count_digits(s + d + 1, n - d - 1);
	return f ? d + 1 + f : 0;
}

/*
 * "[    0.000000]" (print_time), "[    T0]" / "[  C1]" (print_caller), with
 * the blanks possibly turned into tabs by a mail client; util-linux dmesg's
 * "[    0.000000 <    0.000012>]" (-d), "[<    0.000012>]" (delta) and
 * "[  +0.000012]" (reltime).
 */
static size_t stamp_bracket(const char *s, size_t n)
{
	size_t i, d;

	if (n < 3 || s[0] != '[')
		return 0;
	i = 1 + ea_skip_spaces(s + 1, n - 1);
	if (i < n && (s[i] == 'T' || s[i] == 'C')) {
		d = count_digits(s + i + 1, n - i - 1);
		if (!d)
			return 0;
		i += 1 + d;
	} else if (i < n && (s[i] == '<' || s[i] == '+')) {
		bool delta = s[i] == '<';

		i++;
		i += ea_skip_spaces(s + i, n - i);
		d = seconds(s + i, n - i);
		if (!d)
			return 0;
		i += d;
		if (delta) {
			if (i >= n || s[i] != '>')
				return 0;
			i++;
		}
	} else {
		d = seconds(s + i, n - i);
		if (!d)
			return 0;
		i += d;
		/* -d: the delta after the time */
		d = ea_skip_spaces(s + i, n - i);
		if (i + d < n && s[i + d] == '<') {
			i += d + 1;
			i += ea_skip_spaces(s + i, n - i);
			d = seconds(s + i, n - i);
			if (!d || i + d >= n || s[i + d] != '>')
				return 0;
			i += d + 1;
		}
	}
	if (i >= n || s[i] != ']')
		return 0;
	return i + 1;
}

/*
 * "[Sun Dec  6 09:26:17 2026]" (dmesg -T, --time-format=ctime, day and
 * month names in the locale's language) and "[Dec 6 09:26]" (reltime, -H,
 * whenever the minute changes): names, numbers and blanks around an HH:MM
 * time. "[Firmware Bug]:" and "[drm:...]" have no time and are messages.
 */
static size_t date_bracket(const char *s, size_t n)
{
	bool time = false, name = false;
	size_t i;

	if (n < 3 || s[0] != '[')
		return 0;
	for (i = 1; i < n && i < 64 && s[i] != ']'; i++) {
		char c = s[i];

		if ((unsigned char)c >= 0x80 || is_alpha(c))
			name = true;
		else if (c == ':')
			time |= i >= 3 && is_digit(s[i - 1]) &&
				is_digit(s[i - 2]) && i + 2 < n &&
				is_digit(s[i + 1]) && is_digit(s[i + 2]);
		else if (!is_digit(c) && !is_blank(c) && c != '.' && c != ',' &&
			 c != '-' && c != '+')
			return 0;
	}
	if (i >= n || s[i] != ']' || !time || !name)
		return 0;
	return i + 1;
}

/* "<6>" as read from /dev/kmsg-style dumps, dmesg -r, or printk. */
static size_t priority_prefix(const char *s, size_t n)
{
	size_t d;

	if (n < 3 || s[0] != '<')
		return 0;
	d = count_digits(s + 1, n - 1);
	if (!d || d > 3 || 1 + d >= n || s[1 + d] != '>')
		return 0;
	return d + 2;
}

static bool word_in(const char *s, size_t n, const char *const *list,
		    size_t count)
{
	for (size_t k = 0; k < count; k++)
		if (strlen(list[k]) == n && memcmp(s, list[k], n) == 0)
			return true;
	return false;
}

/* dmesg -x: "kern  :info  : " (util-linux facility and level names) */
static size_t decode_prefix(const char *s, size_t n)
{
	static const char *const fac[] = {
		"kern",	  "user",   "mail",   "daemon", "auth",	    "syslog",
		"lpr",	  "news",   "uucp",   "cron",	"authpriv", "ftp",
		"res0",	  "res1",   "res2",   "res3",	"local0",   "local1",
		"local2", "local3", "local4", "local5", "local6",   "local7",
	};
	static const char *const lvl[] = {
		"emerg", "alert",  "crit", "err",
		"warn",	 "notice", "info", "debug",
	};
	size_t i = 0, k;

	while (i < n && i < 9 && is_alnum(s[i]))
		i++;
	/* the names are 3 to 8 letters, then blanks and ':' */
	k = i + ea_skip_spaces(s + i, n - i);
	if (i < 3 || i > 8 || k >= n || s[k] != ':' ||
	    !word_in(s, i, fac, sizeof(fac) / sizeof(*fac)))
		return 0;
	i = k;
	k = ++i;
	while (i < n && is_alnum(s[i]))
		i++;
	if (!word_in(s + k, i - k, lvl, sizeof(lvl) / sizeof(*lvl)))
		return 0;
	i += ea_skip_spaces(s + i, n - i);
	if (i >= n || s[i] != ':')
		return 0;
	return i + 1;
}

/* " host kernel:" after a syslog or journal time stamp */
static size_t host_kernel(const char *s, size_t n)
{
	size_t i = ea_skip_spaces(s, n), k;

	if (!i)
		return 0;
	k = i;
	while (i < n && !is_blank(s[i]))
		i++;
	if (i == k)
		return 0;
	k = ea_skip_spaces(s + i, n - i);
	if (!k)
		return 0;
	i += k;
	if (n - i < 7 || memcmp(s + i, "kernel:", 7) != 0)
		return 0;
	return i + 7;
}

/* "2026-12-06T09:26:17" and what follows up to a blank (fraction, zone) */
static size_t iso_stamp(const char *s, size_t n)
{
	size_t i;

	if (n < 19 || count_digits(s, 4) != 4 || s[4] != '-' ||
	    !is_digit(s[5]) || !is_digit(s[6]) || s[7] != '-' ||
	    !is_digit(s[8]) || !is_digit(s[9]) || s[10] != 'T' ||
	    !is_hms(s + 11, n - 11))
		return 0;
	for (i = 19; i < n && !is_blank(s[i]); i++)
		if (!is_digit(s[i]) && s[i] != '.' && s[i] != ',' &&
		    s[i] != '+' && s[i] != '-' && s[i] != ':' && s[i] != 'Z')
			return 0;
	return i;
}

/*
 * A syslog or journal header, up to "kernel:": "Nov 21 20:40:28 host
 * kernel:" (syslog, journalctl short; ".123456" after the seconds:
 * short-precise), "2019-11-21T20:40:28+0100 host kernel:" (short-iso,
 * RFC 3339 syslog), "Sun 2026-12-06 09:26:17 UTC host kernel:"
 * (short-full), "1765013177.123456 host kernel:" (short-unix).
 */
static size_t header_prefix(const char *s, size_t n)
{
	static const char months[] = "JanFebMarAprMayJunJulAugSepOctNovDec";
	size_t i = 0, k;

	if (n >= 15 && is_alpha(s[0]) && is_blank(s[3])) {
		for (k = 0; k < 12; k++)
			if (memcmp(s, months + 3 * k, 3) == 0)
				break;
		if (k == 12) {
			/* short-full: "Sun 2026-12-06 09:26:17 UTC" */
			i = 3 + ea_skip_spaces(s + 3, n - 3);
			if (n - i < 20 || count_digits(s + i, 4) != 4 ||
			    s[i + 4] != '-' || s[i + 7] != '-' ||
			    s[i + 10] != ' ' || !is_hms(s + i + 11, n - i - 11))
				return 0;
			i += 19;
			k = ea_skip_spaces(s + i, n - i);
			if (!k)
				return 0;
			i += k;
			while (i < n && !is_blank(s[i])) /* the zone */
				i++;
		} else {
			i = 3 + ea_skip_spaces(s + 3, n - 3);
			k = count_digits(s + i, n - i);
			if (!k || k > 2)
				return 0;
			i += k;
			if (i + 9 > n || s[i] != ' ' ||
			    !is_hms(s + i + 1, n - i - 1))
				return 0;
			i += 9;
			if (i < n && s[i] == '.') /* short-precise */
				i += 1 + count_digits(s + i + 1, n - i - 1);
		}
	} else if (n >= 20 && count_digits(s, n) == 4 && s[4] == '-' &&
		   is_digit(s[5]) && is_digit(s[6]) && s[7] == '-' &&
		   is_digit(s[8]) && is_digit(s[9]) && s[10] == 'T') {
		i = 11;
		while (i < n && !is_blank(s[i]))
			i++;
	} else if (count_digits(s, n) >= 9 && (k = seconds(s, n)) != 0) {
		i = k; /* short-unix: seconds since 1970 */
	} else {
		return 0;
	}
	k = host_kernel(s + i, n - i);
	return k ? i + k : 0;
}

/*
 * Offset of the message and whether a log prefix (time stamp, caller id,
 * level or syslog header) was there. Mail quoting and blanks are skipped
 * too, also those that begin the message: no line read here starts with
 * one, and mail clients add and remove them freely.
 */
size_t ea_logline_msg_offset(const char *line, size_t n, bool *stamped)
{
	size_t i = 0, k, before;
	bool st = false;

	for (int round = 0; round < 16; round++) {
		before = i;
		i += ea_skip_spaces(line + i, n - i);
		while (i < n && line[i] == '>') {
			i++;
			i += ea_skip_spaces(line + i, n - i);
		}
		/* a syslog or journal header comes before any printk prefix */
		k = st ? 0 : header_prefix(line + i, n - i);
		if (k) {
			i += k;
			st = true;
			i += ea_skip_spaces(line + i, n - i);
		}
		k = decode_prefix(line + i, n - i);
		if (k) {
			i += k;
			st = true;
			i += ea_skip_spaces(line + i, n - i);
		}
		k = priority_prefix(line + i, n - i);
		if (k) {
			i += k;
			st = true;
		}
		k = stamp_bracket(line + i, n - i);
		if (k) /* journalctl short-monotonic: "[  0.000000] host kernel:" */
			k += host_kernel(line + i + k, n - i - k);
		else
			k = date_bracket(line + i, n - i);
		if (k) {
			i += k;
			st = true;
		} else if ((k = iso_stamp(line + i, n - i)) != 0) {
			/* dmesg --time-format=iso */
			i += k;
			st = true;
		}
		if (i == before)
			break;
	}
	if (stamped)
		*stamped = st;
	return i;
}

/* --- one line ------------------------------------------------------------- */

static void reserve(struct ea_logline *l, size_t need)
{
	if (need <= l->cap)
		return;
	size_t cap = l->cap ? l->cap : 256;

	while (cap < need)
		cap *= 2;
	l->buf = ea_xrealloc(l->buf, cap, 1);
	l->cap = cap;
}

/*
 * Copies s without terminal escape sequences (dmesg --color, systemd's
 * colours on a serial console: CSI "ESC [ ... final", OSC "ESC ] ... BEL",
 * charset "ESC ( B", other two-byte escapes) and with TABs as blanks.
 */
static size_t clean(const char *s, size_t n, char *out)
{
	size_t j = 0, k;

	for (size_t i = 0; i < n; i++) {
		char c = s[i];

		if (c == '\t') {
			out[j++] = ' ';
			continue;
		}
		if (c != 0x1b) {
			out[j++] = c;
			continue;
		}
		if (i + 1 >= n)
			break;
		switch (s[i + 1]) {
		case '[':
			k = i + 2;
			while (k < n && s[k] >= 0x30 && s[k] <= 0x3f)
				k++;
			while (k < n && s[k] >= 0x20 && s[k] <= 0x2f)
				k++;
			if (k < n && s[k] >= 0x40 && s[k] <= 0x7e)
				k++;
			i = k - 1;
			break;
		case ']':
			k = i + 2;
			while (k < n && s[k] != 0x07 &&
			       !(s[k] == 0x1b && k + 1 < n && s[k + 1] == '\\'))
				k++;
			i = k < n && s[k] == 0x1b ? k + 1 : k;
			break;
		case '(':
		case ')':
			i += 2;
			break;
		default:
			i += 1;
			break;
		}
	}
	return j;
}

/* The line with escapes removed and TABs as blanks: itself, or l->buf. */
static const char *clean_line(struct ea_logline *l, const char *line, size_t n,
			      size_t *cn)
{
	if (!n || (!memchr(line, 0x1b, n) && !memchr(line, '\t', n))) {
		*cn = n;
		return line;
	}
	reserve(l, n);
	*cn = clean(line, n, l->buf);
	return l->buf;
}

void ea_logline_parse(struct ea_logline *l, const char *line, size_t n)
{
	size_t cn, off;
	const char *s = clean_line(l, line, n, &cn);

	l->raw = line;
	l->rawn = n;
	l->lineno = 0;
	l->nlines = 1;
	l->cut = false;
	off = ea_logline_msg_offset(s, cn, &l->stamped);
	l->msg = s + off;
	l->n = cn - off;
}

void ea_logline_free(struct ea_logline *l)
{
	free(l->buf);
	memset(l, 0, sizeof(*l));
}

/* --- physical lines ------------------------------------------------------- */

/* The physical line at *pos: "\n", "\r\n" or (cr_ends) a bare "\r" ends
 * it; CRs before the end are not part of it; a UTF-8 BOM begins no line. */
static bool phys_next(const struct ea_logreader *r, size_t *pos,
		      const char **line, size_t *n)
{
	if (*pos >= r->len)
		return false;
	const char *s = r->buf + *pos;
	size_t rest = r->len - *pos, l, adv;

	if (!r->cr_ends) {
		const char *nl = memchr(s, '\n', rest);

		l = nl ? (size_t)(nl - s) : rest;
		adv = nl ? l + 1 : l;
	} else {
		for (l = 0; l < rest && s[l] != '\n' && s[l] != '\r'; l++)
			;
		adv = l;
		while (adv < rest && s[adv] == '\r')
			adv++;
		if (adv < rest && s[adv] == '\n')
			adv++;
	}
	while (l && s[l - 1] == '\r')
		l--;
	if (*pos == 0 && l >= 3 && memcmp(s, "\xef\xbb\xbf", 3) == 0) {
		s += 3;
		l -= 3;
	}
	*pos += adv;
	*line = s;
	*n = l;
	return true;
}

/* Bare CRs end lines when there are more of them than LFs (a serial
 * console logger); a CR here and there in an LF file ends nothing. */
static bool bare_cr_ends(const char *buf, size_t len)
{
	const char *p = buf, *end = buf + len;
	size_t bare = 0, lf = 0;

	while (p < end && (p = memchr(p, '\r', (size_t)(end - p))) != NULL) {
		while (p < end && *p == '\r')
			p++;
		if (p == end || *p != '\n')
			bare++;
	}
	if (!bare)
		return false;
	for (p = buf; p < end && (p = memchr(p, '\n', (size_t)(end - p))); p++)
		lf++;
	return bare > lf;
}

/* --- repeated boots ------------------------------------------------------- */

/* Lines kept before a banner: the start of the boot may come before it. */
#define BOOT_LEAD 8
/* Banners looked at: a hostile file of banners costs no more than this. */
#define MAX_BOOTS 1024

struct banner {
	uint32_t lineno;
	/* the banner line and the BOOT_LEAD lines before it (ring order:
	 * [BOOT_LEAD] is the banner, [BOOT_LEAD - k] k lines before it) */
	size_t pos[BOOT_LEAD + 1]; /* where phys_next() reads it */
	size_t off[BOOT_LEAD + 1], len[BOOT_LEAD + 1];
};

/* A line's text to compare with another copy's: no escapes, no quoting,
 * no blanks at either end. */
static const char *cmp_text(struct ea_logline *l, const char *s, size_t n,
			    size_t *kn)
{
	size_t cn, i = 0;
	const char *c = clean_line(l, s, n, &cn);

	while (i < cn && (c[i] == ' ' || c[i] == '>'))
		i++;
	while (cn > i && c[cn - 1] == ' ')
		cn--;
	*kn = cn - i;
	return c + i;
}

static bool same_text(const char *a, size_t an, const char *b, size_t bn,
		      struct ea_logline *x, struct ea_logline *y)
{
	const char *at = cmp_text(x, a, an, &an);
	const char *bt = cmp_text(y, b, bn, &bn);

	return an == bn && memcmp(at, bt, an) == 0;
}

/* A line that tells a new boot followed: not a replay's tail. */
static bool ends_a_boot(const char *s, size_t n)
{
	static const char *const words[] = {
		"kexec",	"Bye!",	      "Starting new kernel",
		"reboot",	"Restarting", "crashdump",
		"Kernel panic", "Rebooting",  "Power down",
	};

	for (size_t k = 0; k < sizeof(words) / sizeof(*words); k++)
		if (ea_find(s, n, words[k]) != (size_t)-1)
			return true;
	return false;
}

/*
 * Copies of one boot: the lines from one "Linux version" banner (and the
 * lines before it that match the lines before the next banner, such as
 * arm64's "Booting Linux on physical CPU") to the next are, for as many
 * lines as both have, the same lines as from the next banner on. A console
 * that replays the boot buffer, or a dmesg appended to a console capture,
 * makes them; a second boot (a kexec'd kernel, a reboot) differs in its
 * time stamps and devices, and the old boot ends with its kexec or reboot
 * lines. Only the longer copy (the later one when they are as long) is
 * read. nl: the lines of the log.
 */
static void find_repeats(struct ea_logreader *r, const struct banner *ban,
			 size_t nb, size_t nl)
{
	struct ea_logline x = { 0 }, y = { 0 };

	for (size_t j = 0; j + 1 < nb; j++) {
		const struct banner *b1 = &ban[j], *b2 = &ban[j + 1];
		size_t l1 = b1->lineno, l2 = b2->lineno;
		size_t prev = j ? ban[j - 1].lineno : 0;
		size_t p = 0, lena, lenb, ov, i, pa, pb, an, bn;
		const char *at, *bt;
		int bad = 0;

		while (p < BOOT_LEAD && l1 - p - 1 > prev && l2 - p - 1 > l1 &&
		       same_text(r->buf + b1->off[BOOT_LEAD - p - 1],
				 b1->len[BOOT_LEAD - p - 1],
				 r->buf + b2->off[BOOT_LEAD - p - 1],
				 b2->len[BOOT_LEAD - p - 1], &x, &y))
			p++;
		lena = l2 - l1;
		lenb = (j + 2 < nb ? ban[j + 2].lineno - p : nl + 1) - (l2 - p);
		ov = lena < lenb ? lena : lenb;
		pa = b1->pos[BOOT_LEAD - p];
		pb = b2->pos[BOOT_LEAD - p];
		for (i = 0; i < ov; i++) {
			if (!phys_next(r, &pa, &at, &an) ||
			    !phys_next(r, &pb, &bt, &bn)) {
				bad = 1;
				break;
			}
			if (same_text(at, an, bt, bn, &x, &y))
				continue;
			/* only the last two lines of the shorter copy may
			 * differ (a line cut at a console hand-over, a shell
			 * prompt), and never with a kexec or reboot in them */
			if (i + 2 < ov || ends_a_boot(at, an) ||
			    ends_a_boot(bt, bn)) {
				bad = 1;
				break;
			}
		}
		if (bad || ov < 5)
			continue;
		struct ea_logrepeat *rp = EA_VEC_PUSH(r->repeats);
		const struct banner *sb = lenb >= lena ? b1 : b2;
		const struct banner *kb = lenb >= lena ? b2 : b1;

		if (lenb >= lena) {
			rp->skip_first = (uint32_t)(l1 - p);
			rp->skip_last = (uint32_t)(l2 - p - 1);
			rp->kept_first = (uint32_t)(l2 - p);
			rp->kept_last = (uint32_t)(l2 - p + lenb - 1);
		} else {
			rp->skip_first = (uint32_t)(l2 - p);
			rp->skip_last = (uint32_t)(l2 - p + lenb - 1);
			rp->kept_first = (uint32_t)(l1 - p);
			rp->kept_last = (uint32_t)(l2 - p - 1);
		}
		rp->skip_banner = sb->lineno;
		rp->skip_banner_off = sb->off[BOOT_LEAD];
		rp->skip_banner_len = sb->len[BOOT_LEAD];
		rp->kept_banner = kb->lineno;
		rp->kept_banner_off = kb->off[BOOT_LEAD];
		rp->kept_banner_len = kb->len[BOOT_LEAD];
	}
	ea_logline_free(&x);
	ea_logline_free(&y);
}

static int repeat_cmp(const void *a, const void *b)
{
	const struct ea_logrepeat *x = a, *y = b;

	return x->skip_first < y->skip_first ? -1
					     : x->skip_first > y->skip_first;
}

/* --- wrapped lines -------------------------------------------------------- */

/* Line lengths counted one by one up to this; no log is wrapped wider. */
#define WRAP_MAX 1024

/*
 * The width a log was hard-wrapped at (fold -w, a terminal or console that
 * breaks lines): the longest line length, when at least three lines have
 * it and, in a log with time stamps, most lines of that length are
 * followed by a line without one (the rest of the cut line). A log without
 * time stamps cannot show that: there more lines must have exactly that
 * length than the eight lengths below it together (word wrap and unwrapped
 * logs spread their lengths).
 */
static size_t wrap_width(const struct ea_logreader *r, const uint32_t *hist,
			 size_t maxlen)
{
	uint32_t band = 0;
	size_t pos = 0, n, lines = 0, stamped = 0, at = 0, cont = 0;
	const char *line;
	bool prev_at = false, st;

	if (maxlen < 40 || maxlen > WRAP_MAX || hist[maxlen] < 3)
		return 0;
	for (size_t k = maxlen - 8; k < maxlen; k++)
		band += hist[k];
	/* whether the log has time stamps, from its first lines, and what
	 * follows each line of that length */
	while (phys_next(r, &pos, &line, &n)) {
		if (prev_at || (n && lines < 256)) {
			ea_logline_msg_offset(line, n, &st);
			if (n && lines < 256) {
				lines++;
				stamped += st;
			}
			if (prev_at) {
				at++;
				cont += n && !st;
			}
		}
		prev_at = n == maxlen;
	}
	if (stamped * 2 > lines)
		return cont * 2 >= at ? maxlen : 0;
	return hist[maxlen] >= band ? maxlen : 0;
}

/* A line rejoined from its wrapped pieces is at most this long: printk
 * lines are at most 1024 bytes, and a file of pieces is no one line. */
#define JOIN_MAX 8192

/* Does the message end in a number: hex digits after a blank, '=', '@',
 * "0x" and the like, or a bare "0x"? */
static bool ends_with_number(const char *m, size_t n)
{
	size_t k = n;

	while (k && is_hex(m[k - 1]))
		k--;
	if (k == n) /* "... @0x": the digits are on the next line */
		return n >= 2 && (m[n - 1] == 'x' || m[n - 1] == 'X') &&
		       m[n - 2] == '0' && (n == 2 || !is_alnum(m[n - 3]));
	if (k >= 2 && (m[k - 1] == 'x' || m[k - 1] == 'X') && m[k - 2] == '0')
		return k == 2 || !is_alnum(m[k - 3]);
	return k == 0 || !is_alnum(m[k - 1]);
}

/* Does s (a line without a log prefix) go on with the number m ends in:
 * hex digits (after the 'x' of a "0x" cut in two) up to a non-letter? */
static bool continues_number(const char *m, size_t mn, const char *s, size_t n)
{
	size_t i = 0;

	if (n && (s[0] == 'x' || s[0] == 'X') && mn && m[mn - 1] == '0')
		i = 1;
	size_t d = i;

	while (d < n && is_hex(s[d]))
		d++;
	return d > i && (d == n || !is_alnum(s[d]));
}

/* Is the line in a copy left out? Lines are asked in order: the ranges
 * (sorted by their first line) already passed are not looked at again. */
static bool skipped(struct ea_logreader *r, uint32_t lineno)
{
	const struct ea_logrepeat *v = r->repeats.v;

	while (r->iskip < r->repeats.n && v[r->iskip].skip_last < lineno)
		r->iskip++;
	for (size_t i = r->iskip; i < r->repeats.n && v[i].skip_first <= lineno;
	     i++)
		if (lineno <= v[i].skip_last)
			return true;
	return false;
}

/* Appends s to the message, in l's buffer. */
static void join(struct ea_logline *l, const char *s, size_t n)
{
	size_t mn = l->n;
	uintptr_t m = (uintptr_t)l->msg, b = (uintptr_t)l->buf;

	if (l->buf && m >= b && m < b + l->cap) {
		size_t moff = (size_t)(m - b);

		reserve(l, moff + mn + n);
		memmove(l->buf, l->buf + moff, mn);
	} else {
		reserve(l, mn + n);
		memcpy(l->buf, l->msg, mn);
	}
	memcpy(l->buf + mn, s, n);
	l->msg = l->buf;
	l->n = mn + n;
}

/*
 * A line as long as the wrap width goes on in the next line when that has
 * no log prefix and either this one had one (a time-stamped log: the rest
 * of the cut line) or this one ends in a number that the next line
 * continues. A number that ends there and is not continued may be cut
 * short: the line is marked.
 */
static void unwrap(struct ea_logreader *r, struct ea_logline *l, size_t n)
{
	struct ea_logline nx = { 0 };

	while (n == r->wrap) {
		size_t pos = r->pos, nn, tn;
		const char *line, *t;
		bool num = ends_with_number(l->msg, l->n);

		if (!phys_next(r, &pos, &line, &nn) ||
		    skipped(r, r->lineno + 1)) {
			l->cut = num;
			break;
		}
		ea_logline_parse(&nx, line, nn);
		t = clean_line(&nx, line, nn, &tn);
		if (nx.stamped || !tn || l->n + tn > JOIN_MAX ||
		    !(l->stamped ||
		      (num && continues_number(l->msg, l->n, t, tn)))) {
			l->cut = num;
			break;
		}
		join(l, t, tn);
		r->pos = pos;
		r->lineno++;
		l->nlines++;
		l->rawn = (size_t)(line + nn - l->raw);
		n = nn;
	}
	ea_logline_free(&nx);
}

/* --- the reader ----------------------------------------------------------- */

void ea_logreader_init(struct ea_logreader *r, const char *buf, size_t len)
{
	static const char bn[] = "Linux version ";
	EA_VEC(struct banner) ban = { 0 };
	EA_VEC(size_t) cand = { 0 };
	struct banner ring = { 0 };
	uint32_t *hist, lineno = 0;
	size_t pos = 0, n, maxlen = 0, ci = 0;
	const char *line, *p, *end;

	memset(r, 0, sizeof(*r));
	r->buf = buf ? buf : "";
	r->len = buf ? len : 0;
	r->cr_ends = bare_cr_ends(r->buf, r->len);

	/* "Linux version " anywhere: a boot's banner, maybe (the first
	 * MAX_BOOTS: no real log holds more boots) */
	end = r->buf + r->len;
	for (p = r->buf; cand.n < MAX_BOOTS && p < end &&
			 (p = memmem(p, (size_t)(end - p), bn, sizeof(bn) - 1));
	     p += sizeof(bn) - 1)
		*EA_VEC_PUSH(cand) = (size_t)(p - r->buf);

	hist = ea_xcalloc(WRAP_MAX + 1, sizeof(*hist));
	for (size_t at = pos; phys_next(r, &pos, &line, &n); at = pos) {
		size_t off = (size_t)(line - r->buf);

		lineno++;
		if (n <= WRAP_MAX)
			hist[n]++;
		if (n > maxlen)
			maxlen = n;
		if (cand.n < 2)
			continue;
		memmove(ring.pos, ring.pos + 1, BOOT_LEAD * sizeof(size_t));
		memmove(ring.off, ring.off + 1, BOOT_LEAD * sizeof(size_t));
		memmove(ring.len, ring.len + 1, BOOT_LEAD * sizeof(size_t));
		ring.pos[BOOT_LEAD] = at;
		ring.off[BOOT_LEAD] = off;
		ring.len[BOOT_LEAD] = n;
		while (ci < cand.n && cand.v[ci] < off)
			ci++;
		if (ci < cand.n && cand.v[ci] < off + n) {
			struct ea_logline l = { 0 };

			ea_logline_parse(&l, line, n);
			if (ea_starts_with(l.msg, l.n, bn)) {
				ring.lineno = lineno;
				*EA_VEC_PUSH(ban) = ring;
			}
			ea_logline_free(&l);
		}
	}
	r->wrap = wrap_width(r, hist, maxlen);
	free(hist);
	if (ban.n >= 2) {
		find_repeats(r, ban.v, ban.n, lineno);
		ea_sort(r->repeats.v, r->repeats.n, sizeof(*r->repeats.v),
			repeat_cmp);
	}
	EA_VEC_FREE(ban);
	EA_VEC_FREE(cand);
}

bool ea_logreader_next(struct ea_logreader *r, struct ea_logline *l)
{
	const char *line;
	size_t n;

	for (;;) {
		if (!phys_next(r, &r->pos, &line, &n))
			return false;
		r->lineno++;
		if (!r->repeats.n || !skipped(r, r->lineno))
			break;
	}
	ea_logline_parse(l, line, n);
	l->lineno = r->lineno;
	if (r->wrap)
		unwrap(r, l, n);
	return true;
}

void ea_logreader_free(struct ea_logreader *r)
{
	EA_VEC_FREE(r->repeats);
}

/* --- kexec lines ---------------------------------------------------------- */

bool ea_logline_is_shell_kexec(const char *m, size_t n)
{
	size_t i = 0;
	if (n >= 2 && (m[0] == '#' || m[0] == '$') && m[1] == ' ')
		i = 2;
	else
		return false;
	i += ea_skip_spaces(m + i, n - i);
	return ea_starts_with(m + i, n - i, "kexec ") ||
	       ea_starts_with(m + i, n - i, "/sbin/kexec ") ||
	       ea_starts_with(m + i, n - i, "/usr/sbin/kexec ");
}

bool ea_logline_kexec_may_matter(const char *m, size_t n)
{
	static const char *const starts[] = {
		"kexec",
		"nr_segments",
		"type:",
		"Loaded ",
		"Loading segment ",
		"segment[",
		"initrd:",
		"dtb:",
		"image_arm64_load:",
	};
	if (ea_logline_is_shell_kexec(m, n))
		return true;
	size_t b = ea_skip_spaces(m, n);
	for (size_t i = 0; i < sizeof(starts) / sizeof(*starts); i++)
		if (b < n && m[b] == starts[i][0] &&
		    ea_starts_with(m + b, n - b, starts[i]))
			return true;
	return false;
}
