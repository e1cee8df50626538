/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Foreign text made inert. Everything that came from an input or a file
 * name (evidence lines, paths, tarball member names, names and messages
 * that quote them, diagnostics on stderr) passes through ea_text_clean()
 * before a report or stderr shows it, so that a snapshot from a stranger can
 * neither drive the reader's terminal (clear the screen, set the title,
 * write the clipboard with OSC 52) nor make the JSON report invalid UTF-8.
 *
 * Kept as they are: printable ASCII, TAB, and valid UTF-8 of any other
 * character. Shown as visible escapes instead:
 *   - a C0 control byte but TAB (0x00-0x1f, so also CR and LF), DEL (0x7f),
 *     and every byte that is not part of valid UTF-8 (a raw C1 byte 0x80-0x9f,
 *     0xff, an overlong form, a surrogate, a cut sequence): "\xHH";
 *   - a C1 control character written in UTF-8 (U+0080-U+009F, e.g. the 8-bit
 *     CSI "\xc2\x9b") and the bidirectional embedding, override and isolate
 *     characters (U+202A-U+202E, U+2066-U+2069), which reorder what a
 *     terminal shows: "\uHHHH".
 * A backslash is kept: the escapes are for the eye, not a reversible
 * encoding.
 */
#ifndef EA_TEXT_H
#define EA_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/* The cleaned form of n bytes is at most this long (a byte becomes at most
 * "\xHH"), its NUL not counted. */
#define EA_TEXT_CLEAN_MAX(n) ((n)*4)

/* How many bytes at the start of s[0, n) are shown as they are: n when the
 * text needs no change (the common case: printable ASCII is one compare a
 * byte). */
size_t ea_text_clean_len(const char *s, size_t n);

/* Writes the cleaned form of s[0, n) to out, which has room for
 * EA_TEXT_CLEAN_MAX(n) + 1 bytes, NUL-terminated; returns its length. */
size_t ea_text_clean_to(char *out, const char *s, size_t n);

/* The cleaned form of s[0, n), NUL-terminated, malloc'd. */
char *ea_text_clean(const char *s, size_t n);

/* Writes cleaned text (ea_text_clean()'s output) as XML 1.0 text or
 * attribute value: the five entities escaped, U+FFFE and U+FFFF (valid
 * UTF-8, not XML characters) written as the text \uFFFE and \uFFFF, any
 * control byte but TAB as '?'. NULL writes nothing. */
void ea_text_xml(FILE *f, const char *clean);

/* The length of at most max bytes of s[0, n) that does not end inside a
 * UTF-8 sequence (where text is cut, a character is not split into bytes
 * that would then show as escapes). */
size_t ea_text_cut(const char *s, size_t n, size_t max);

/*
 * For emitters: s itself when it needs no change, else its cleaned form,
 * kept in one of the scratch's slots until EA_TEXT_SLOTS later calls (so
 * one printf may show that many). NULL stays NULL.
 */
#define EA_TEXT_SLOTS 8
struct ea_text_scratch {
	char *buf[EA_TEXT_SLOTS];
	size_t cap[EA_TEXT_SLOTS];
	unsigned next;
};
const char *ea_text_safe(struct ea_text_scratch *sc, const char *s);
void ea_text_scratch_free(struct ea_text_scratch *sc);

#endif
