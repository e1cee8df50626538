/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Small helpers shared by every parser: growable arrays, a line iterator over
 * an in-memory buffer, and hex/decimal number parsing without sscanf (untrusted
 * text: every parse says how many bytes it consumed and never reads past len).
 */
#ifndef EA_UTIL_H
#define EA_UTIL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* Allocation failure is not an input error: report and exit. */
void *ea_xrealloc(void *p, size_t nmemb, size_t size);
void *ea_xcalloc(size_t nmemb, size_t size);
char *ea_xstrdup(const char *s);
char *ea_xstrndup(const char *s, size_t n);
/* printf into a new string */
char *ea_xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
char *ea_xvasprintf(const char *fmt, va_list ap)
    __attribute__((format(printf, 1, 0)));
/* A reason into a caller's buffer why[whylen] (cut to fit), or nowhere when
 * why is NULL or whylen 0: how a function that only returns false says
 * why to the caller that asked. */
void ea_set_why(char *why, size_t whylen, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Strings that live as long as their owner and are freed all at once: a
 * string costs its bytes, no allocation of its own (a million protected
 * ranges have a million notes). */
struct ea_strblock;
struct ea_strpool {
	struct ea_strblock *blocks; /* newest first */
};

char *ea_strpool_fmt(struct ea_strpool *p, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* The n bytes at s, and a NUL. */
char *ea_strpool_mem(struct ea_strpool *p, const char *s, size_t n);
void ea_strpool_free(struct ea_strpool *p);

/* An id of a thing at an address (a protected range, a finding) that stays
 * the same from one report of a machine to the next: name, then
 * "@0x<16 lowercase hex digits>" when has_addr, then "#<nth>" when nth > 1
 * (the nth such thing at that address, in report order). At most 60 bytes
 * of name are used. Written NUL-terminated to buf, which has room for
 * EA_ID_MAX bytes; returns its length. */
#define EA_ID_MAX 96
size_t ea_id_format(char *buf, const char *name, bool has_addr, uint64_t addr,
		    unsigned nth);

/* Sorts n indices by cmp(x, y, ctx) on what they index, stably, in
 * O(n log r) for r runs already in order: a log printed by address but
 * for a few lines, or a chain of sorted pages, costs about one pass, not
 * n log n comparisons. A temporary array of n indices. Against qsort()
 * with an index tiebreak: bench/tricks.md. */
void ea_sort_index(uint32_t *idx, size_t n,
		   int (*cmp)(uint32_t x, uint32_t y, const void *ctx),
		   const void *ctx);

/* Reorders n records of size bytes so that record i becomes the one that
 * was at order[i] (order is a permutation, used up: it ends as 0..n-1).
 * Each record moves once, cycle by cycle, in place. */
void ea_permute(void *base, size_t n, size_t size, uint32_t *order);

/* qsort() that accepts an empty (NULL) array, which qsort() does not, and
 * leaves an array that is in order already alone (n - 1 comparisons). */
void ea_sort(void *base, size_t n, size_t size,
	     int (*cmp)(const void *, const void *));

/* A growable array: struct { T *v; size_t n, cap; }. */
#define EA_VEC(T)                                                              \
	struct {                                                               \
		T *v;                                                          \
		size_t n, cap;                                                 \
	}

/* Returns a pointer to a new zeroed element at the end. Only that element
 * is zeroed: capacity beyond n is never touched, so a vector that doubled
 * costs no page of memory it does not use. */
#define EA_VEC_PUSH(vec)                                                       \
	(ea_vec_grow((void **)&(vec).v, &(vec).cap, (vec).n + 1,               \
		     sizeof(*(vec).v)),                                        \
	 memset(&(vec).v[(vec).n], 0, sizeof(*(vec).v)), &(vec).v[(vec).n++])

#define EA_VEC_FREE(vec)                                                       \
	do {                                                                   \
		free((vec).v);                                                 \
		(vec).v = NULL;                                                \
		(vec).n = (vec).cap = 0;                                       \
	} while (0)

/* Makes room for need elements (capacity doubles, from 1: most evidence
 * lists hold one or two); the new capacity is left uninitialised. */
void ea_vec_grow(void **v, size_t *cap, size_t need, size_t elem);

/* Lines of a buffer: "\n" or "\r\n" separated; a last line without a newline
 * counts. NUL bytes are part of a line (callers treat them as bad bytes). */
struct ea_line_iter {
	const char *buf;
	size_t len;
	size_t pos;
	uint32_t lineno; /* 1-based number of the line last returned */
};

void ea_line_iter_init(struct ea_line_iter *it, const char *buf, size_t len);
/* How many lines ea_line_next() returns for the buffer (memchr speed: a
 * parser sizes its array with it instead of growing it line by line). */
size_t ea_count_lines(const char *buf, size_t len);
/* Sets the line and its length (without the line ending) and returns true,
 * or false at the end. */
bool ea_line_next(struct ea_line_iter *it, const char **line, size_t *n);

/* Parsers over [s, s+n). Each returns the number of bytes consumed, 0 when
 * nothing valid was there or the value does not fit in 64 bits. */
size_t ea_parse_hex(const char *s, size_t n, uint64_t *out);   /* no 0x */
size_t ea_parse_0xhex(const char *s, size_t n, uint64_t *out); /* needs 0x */
size_t ea_parse_dec(const char *s, size_t n, uint64_t *out);
/* A sysfs value file "0x%llx\n" (the newline may be missing): the whole of
 * [s, s+n) must be the number. */
bool ea_parse_0xhex_file(const char *s, size_t n, uint64_t *out);
/* qsort() comparison of uint32_t */
int ea_cmp_u32(const void *a, const void *b);

/* Length of mail quoting at the start of a line ("> ", ">> ", "> > "):
 * never kernel output, since no file the tool reads starts a line with '>'.
 * One space after each '>' belongs to the quote; further blanks are the
 * line's own indentation. */
size_t ea_mail_quote_len(const char *s, size_t n);

/* Byte-string helpers over [s, s+n). */
size_t ea_skip_spaces(const char *s, size_t n); /* spaces and tabs */
bool ea_starts_with(const char *s, size_t n, const char *prefix);
/* Offset of needle in [s, s+n), or (size_t)-1. */
size_t ea_find(const char *s, size_t n, const char *needle);

#endif
