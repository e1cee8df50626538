/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Foreign text made inert (text.h). */
#include "core/text.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"

/* The length of the valid UTF-8 sequence of a non-ASCII character at s (at
 * most n bytes), its code point in *cp; 0 when the bytes there are not one
 * (a continuation byte, 0xc0, 0xc1, 0xf5-0xff, an overlong form, a
 * surrogate, a code point past U+10FFFF, a cut sequence). */
static size_t utf8_seq(const unsigned char *s, size_t n, uint32_t *cp)
{
	unsigned c = s[0];
	size_t k;
	uint32_t v, min;

	if (c >= 0xc2 && c <= 0xdf) {
		k = 2;
		v = c & 0x1f;
		min = 0x80;
	} else if (c >= 0xe0 && c <= 0xef) {
		k = 3;
		v = c & 0x0f;
		min = 0x800;
	} else if (c >= 0xf0 && c <= 0xf4) {
		k = 4;
		v = c & 0x07;
		min = 0x10000;
	} else {
		return 0;
	}
	if (k > n)
		return 0;
	for (size_t j = 1; j < k; j++) {
		if ((s[j] & 0xc0) != 0x80)
			return 0;
		v = v << 6 | (s[j] & 0x3f);
	}
	if (v < min || v > 0x10ffff || (v >= 0xd800 && v <= 0xdfff))
		return 0;
	*cp = v;
	return k;
}

/* A character that is valid UTF-8 but shown as an escape: a C1 control, or
 * one that reorders the text around it on screen. */
static bool cp_escaped(uint32_t cp)
{
	return (cp >= 0x80 && cp <= 0x9f) || (cp >= 0x202a && cp <= 0x202e) ||
	       (cp >= 0x2066 && cp <= 0x2069);
}

static bool plain_ascii(unsigned c)
{
	return (c >= 0x20 && c < 0x7f) || c == '\t';
}

size_t ea_text_clean_len(const char *str, size_t n)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0;

	while (i < n) {
		if (plain_ascii(s[i])) {
			i++;
			continue;
		}
		uint32_t cp;
		size_t k = s[i] >= 0x80 ? utf8_seq(s + i, n - i, &cp) : 0;

		if (!k || cp_escaped(cp))
			return i;
		i += k;
	}
	return n;
}

size_t ea_text_clean_to(char *out, const char *str, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0, w = 0;

	while (i < n) {
		size_t ok = ea_text_clean_len(str + i, n - i);

		memcpy(out + w, s + i, ok);
		w += ok;
		i += ok;
		if (i == n)
			break;
		uint32_t cp;
		size_t k = s[i] >= 0x80 ? utf8_seq(s + i, n - i, &cp) : 0;

		if (k) { /* "\uHHHH" for the 2 to 3 bytes of an escaped char */
			out[w++] = '\\';
			out[w++] = 'u';
			for (int sh = 12; sh >= 0; sh -= 4)
				out[w++] = hex[(cp >> sh) & 0xf];
			i += k;
		} else {
			out[w++] = '\\';
			out[w++] = 'x';
			out[w++] = hex[s[i] >> 4];
			out[w++] = hex[s[i] & 0xf];
			i++;
		}
	}
	out[w] = '\0';
	return w;
}

char *ea_text_clean(const char *s, size_t n)
{
	size_t ok = ea_text_clean_len(s, n);

	if (ok == n)
		return ea_xstrndup(s, n);
	char *out = ea_xrealloc(NULL, EA_TEXT_CLEAN_MAX(n) + 1, 1);

	ea_text_clean_to(out, s, n);
	return out;
}

size_t ea_text_cut(const char *str, size_t n, size_t max)
{
	const unsigned char *s = (const unsigned char *)str;

	if (n <= max)
		return n;
	/* back over at most 3 continuation bytes to the start of the
	 * character at max; cut before it unless it ends at max */
	size_t i = max;

	while (i > 0 && max - i < 3 && (s[i] & 0xc0) == 0x80)
		i--;
	uint32_t cp;
	size_t k = s[i] >= 0xc0 ? utf8_seq(s + i, n - i, &cp) : 0;

	return k && i + k > max ? i : max;
}

const char *ea_text_safe(struct ea_text_scratch *sc, const char *s)
{
	if (!s)
		return NULL;
	size_t n = strlen(s);

	if (ea_text_clean_len(s, n) == n)
		return s;
	unsigned k = sc->next++ % EA_TEXT_SLOTS;
	size_t need = EA_TEXT_CLEAN_MAX(n) + 1;

	if (sc->cap[k] < need) {
		sc->buf[k] = ea_xrealloc(sc->buf[k], need, 1);
		sc->cap[k] = need;
	}
	ea_text_clean_to(sc->buf[k], s, n);
	return sc->buf[k];
}

void ea_text_scratch_free(struct ea_text_scratch *sc)
{
	for (unsigned k = 0; k < EA_TEXT_SLOTS; k++)
		free(sc->buf[k]);
	memset(sc, 0, sizeof(*sc));
}

void ea_text_xml(FILE *f, const char *s)
{
	for (; s && *s; s++) {
		unsigned char c = (unsigned char)s[0];
		if (c == 0xef && (unsigned char)s[1] == 0xbf &&
		    ((unsigned char)s[2] == 0xbe ||
		     (unsigned char)s[2] == 0xbf)) {
			fputs((unsigned char)s[2] == 0xbe ? "\\uFFFE"
							  : "\\uFFFF",
			      f);
			s += 2;
			continue;
		}
		/* the five characters XML escapes, in the order of ent[] */
		static const char esc[] = "&<>\"'";
		static const char *const ent[] = { "&amp;", "&lt;", "&gt;",
						   "&quot;", "&apos;" };
		const char *e = strchr(esc, c); /* c is not NUL here */
		if (e)
			fputs(ent[e - esc], f);
		else
			fputc(c < 0x20 && c != '\t' ? '?' : c, f);
	}
}
