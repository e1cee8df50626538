/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The kernel-log line: where a printk message starts after the prefixes
 * that dmesg, syslog, journalctl, serial consoles and mail clients put in
 * front of it, and which lines the kexec log reader wants. Shared by the
 * kernel-log reader (dmesg.c) and the kexec log reader (kexeclog.c).
 */
#include "read/logline.h"
#include "core/util.h"

#include <string.h>

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static bool is_alpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
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

/*
 * "[    0.000000]" (print_time) or "[    T0]" / "[  C1]" (print_caller), with
 * the blanks possibly turned into tabs by a mail client.
 */
static size_t bracket_prefix(const char *s, size_t n)
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
	} else {
		d = count_digits(s + i, n - i);
		if (!d || i + d >= n || s[i + d] != '.')
			return 0;
		i += d + 1;
		d = count_digits(s + i, n - i);
		if (!d)
			return 0;
		i += d;
	}
	if (i >= n || s[i] != ']')
		return 0;
	return i + 1;
}

/* "<6>" as read from /dev/kmsg-style dumps or printk with a raw level. */
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

/*
 * syslog / journalctl: "Nov 21 20:40:28 host kernel: " or
 * "2019-11-21T20:40:28.123+0100 host kernel: ".
 */
static size_t syslog_prefix(const char *s, size_t n)
{
	static const char months[] = "JanFebMarAprMayJunJulAugSepOctNovDec";
	size_t i = 0, k;

	if (n >= 15 && is_alpha(s[0]) && is_blank(s[3])) {
		for (k = 0; k < 12; k++)
			if (memcmp(s, months + 3 * k, 3) == 0)
				break;
		if (k == 12 || !is_blank(s[3]))
			return 0;
		i = 3 + ea_skip_spaces(s + 3, n - 3);
		k = count_digits(s + i, n - i);
		if (!k || k > 2)
			return 0;
		i += k;
		if (i + 9 > n || s[i] != ' ' || !is_digit(s[i + 1]) ||
		    !is_digit(s[i + 2]) || s[i + 3] != ':' ||
		    !is_digit(s[i + 4]) || !is_digit(s[i + 5]) ||
		    s[i + 6] != ':' || !is_digit(s[i + 7]) ||
		    !is_digit(s[i + 8]))
			return 0;
		i += 9;
		if (i < n && s[i] == '.') /* short-precise */
			i += 1 + count_digits(s + i + 1, n - i - 1);
	} else if (n >= 20 && count_digits(s, n) == 4 && s[4] == '-' &&
		   is_digit(s[5]) && is_digit(s[6]) && s[7] == '-' &&
		   is_digit(s[8]) && is_digit(s[9]) && s[10] == 'T') {
		i = 11;
		while (i < n && !is_blank(s[i]))
			i++;
	} else {
		return 0;
	}
	/* the host name, then "kernel:" */
	k = ea_skip_spaces(s + i, n - i);
	if (!k)
		return 0;
	i += k;
	k = i;
	while (i < n && !is_blank(s[i]))
		i++;
	if (i == k)
		return 0;
	i += ea_skip_spaces(s + i, n - i);
	if (!ea_starts_with(s + i, n - i, "kernel:"))
		return 0;
	return i + 7;
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
		/* a syslog header comes before any printk prefix */
		k = st ? 0 : syslog_prefix(line + i, n - i);
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
		k = bracket_prefix(line + i, n - i);
		if (k) {
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
