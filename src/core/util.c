/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "core/util.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void oom(void)
{
	fputs("efiresv-audit: out of memory\n", stderr);
	exit(3);
}

void *ea_xrealloc(void *p, size_t nmemb, size_t size)
{
	if (size && nmemb > SIZE_MAX / size)
		oom();
	size_t total = nmemb * size;
	void *r = realloc(p, total ? total : 1);
	if (!r)
		oom();
	return r;
}

void *ea_xcalloc(size_t nmemb, size_t size)
{
	void *r = calloc(nmemb ? nmemb : 1, size ? size : 1);
	if (!r)
		oom();
	return r;
}

char *ea_xstrdup(const char *s)
{
	return ea_xstrndup(s, strlen(s));
}

char *ea_xstrndup(const char *s, size_t n)
{
	char *r = ea_xrealloc(NULL, n + 1, 1);
	memcpy(r, s, n);
	r[n] = '\0';
	return r;
}

char *ea_xvasprintf(const char *fmt, va_list ap)
{
	va_list aq;
	va_copy(aq, ap);
	int n = vsnprintf(NULL, 0, fmt, aq);
	va_end(aq);
	size_t len = n < 0 ? 0 : (size_t)n;
	char *s = ea_xrealloc(NULL, len + 1, 1);
	if (n < 0)
		s[0] = '\0';
	else
		vsnprintf(s, len + 1, fmt, ap);
	return s;
}

char *ea_xasprintf(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *s = ea_xvasprintf(fmt, ap);
	va_end(ap);
	return s;
}

void ea_set_why(char *why, size_t whylen, const char *fmt, ...)
{
	va_list ap;

	if (!why || !whylen)
		return;
	va_start(ap, fmt);
	vsnprintf(why, whylen, fmt, ap);
	va_end(ap);
}

struct ea_strblock {
	struct ea_strblock *next;
	size_t used, size;
	char data[];
};

#define STRBLOCK_SIZE ((size_t)64 << 10)

char *ea_strpool_fmt(struct ea_strpool *p, const char *fmt, ...)
{
	struct ea_strblock *b = p->blocks;
	va_list ap;
	int n;

	if (b) {
		va_start(ap, fmt);
		n = vsnprintf(b->data + b->used, b->size - b->used, fmt, ap);
		va_end(ap);
		if (n < 0)
			n = 0;
		if ((size_t)n < b->size - b->used) {
			char *s = b->data + b->used;
			b->used += (size_t)n + 1;
			return s;
		}
	} else {
		va_start(ap, fmt);
		n = vsnprintf(NULL, 0, fmt, ap);
		va_end(ap);
		if (n < 0)
			n = 0;
	}
	/* a new block (a string longer than a block gets one its size) */
	size_t size =
	    (size_t)n + 1 > STRBLOCK_SIZE ? (size_t)n + 1 : STRBLOCK_SIZE;
	b = ea_xrealloc(NULL, 1, sizeof(*b) + size);
	b->next = p->blocks;
	b->size = size;
	p->blocks = b;
	va_start(ap, fmt);
	vsnprintf(b->data, size, fmt, ap);
	va_end(ap);
	b->used = (size_t)n + 1;
	return b->data;
}

size_t ea_id_format(char *buf, const char *name, bool has_addr, uint64_t addr,
		    unsigned nth)
{
	static const char hex[] = "0123456789abcdef";
	size_t n = strnlen(name, 60);

	memcpy(buf, name, n);
	if (has_addr) {
		memcpy(buf + n, "@0x", 3);
		n += 3;
		for (int i = 15; i >= 0; i--)
			buf[n++] = hex[(addr >> (i * 4)) & 0xf];
	}
	if (nth > 1) {
		char d[12];
		size_t k = 0;

		while (nth) {
			d[k++] = (char)('0' + nth % 10);
			nth /= 10;
		}
		buf[n++] = '#';
		while (k)
			buf[n++] = d[--k];
	}
	buf[n] = '\0';
	return n;
}

char *ea_strpool_mem(struct ea_strpool *p, const char *s, size_t n)
{
	struct ea_strblock *b = p->blocks;

	if (!b || n >= b->size - b->used) {
		size_t size = n + 1 > STRBLOCK_SIZE ? n + 1 : STRBLOCK_SIZE;
		b = ea_xrealloc(NULL, 1, sizeof(*b) + size);
		b->next = p->blocks;
		b->size = size;
		b->used = 0;
		p->blocks = b;
	}
	char *d = b->data + b->used;
	memcpy(d, s, n);
	d[n] = '\0';
	b->used += n + 1;
	return d;
}

void ea_strpool_free(struct ea_strpool *p)
{
	while (p->blocks) {
		struct ea_strblock *b = p->blocks;
		p->blocks = b->next;
		free(b);
	}
}

/* Where the run that starts at i ends (the first index not in it). */
static size_t run_end(const uint32_t *v, size_t i, size_t n,
		      int (*cmp)(uint32_t, uint32_t, const void *),
		      const void *ctx)
{
	while (++i < n && cmp(v[i - 1], v[i], ctx) <= 0)
		;
	return i;
}

void ea_sort_index(uint32_t *idx, size_t n,
		   int (*cmp)(uint32_t x, uint32_t y, const void *ctx),
		   const void *ctx)
{
	if (n < 2 || run_end(idx, 0, n, cmp, ctx) == n)
		return;
	uint32_t *tmp = ea_xcalloc(n, sizeof(*tmp));
	uint32_t *src = idx, *dst = tmp;
	for (;;) {
		/* merge each pair of neighbouring runs from src into dst */
		size_t runs = 0;
		for (size_t lo = 0; lo < n;) {
			size_t mid = run_end(src, lo, n, cmp, ctx);
			size_t hi =
			    mid < n ? run_end(src, mid, n, cmp, ctx) : n;
			size_t i = lo, j = mid, k = lo;
			/* ties take the left run first: stable */
			while (i < mid && j < hi)
				dst[k++] = cmp(src[j], src[i], ctx) < 0
					       ? src[j++]
					       : src[i++];
			while (i < mid)
				dst[k++] = src[i++];
			while (j < hi)
				dst[k++] = src[j++];
			lo = hi;
			runs++;
		}
		uint32_t *t = src;
		src = dst;
		dst = t;
		if (runs == 1)
			break;
	}
	if (src != idx)
		memcpy(idx, src, n * sizeof(*idx));
	free(tmp);
}

void ea_permute(void *base, size_t n, size_t size, uint32_t *order)
{
	char *v = base, *tmp = NULL;
	for (size_t s = 0; s < n; s++) {
		if (order[s] == s)
			continue;
		if (!tmp)
			tmp = ea_xrealloc(NULL, 1, size);
		memcpy(tmp, v + s * size, size);
		size_t i = s;
		for (;;) {
			size_t j = order[i];
			order[i] = (uint32_t)i;
			if (j == s) {
				memcpy(v + i * size, tmp, size);
				break;
			}
			memcpy(v + i * size, v + j * size, size);
			i = j;
		}
	}
	free(tmp);
}

void ea_sort(void *base, size_t n, size_t size,
	     int (*cmp)(const void *, const void *))
{
	const char *b = base;
	size_t i = 1;

	/* what the inputs give in order (most of it: logs and listings are
	 * printed by address) is not sorted again */
	while (i < n && cmp(b + (i - 1) * size, b + i * size) <= 0)
		i++;
	if (i < n)
		qsort(base, n, size, cmp);
}

void ea_vec_grow(void **v, size_t *cap, size_t need, size_t elem)
{
	if (need <= *cap)
		return;
	size_t nc = *cap ? *cap : 1;
	while (nc < need) {
		if (nc > SIZE_MAX / 2)
			oom();
		nc *= 2;
	}
	*v = ea_xrealloc(*v, nc, elem);
	*cap = nc;
}

void ea_line_iter_init(struct ea_line_iter *it, const char *buf, size_t len)
{
	it->buf = buf;
	it->len = len;
	it->pos = 0;
	it->lineno = 0;
}

size_t ea_count_lines(const char *buf, size_t len)
{
	size_t n = 0;
	const char *p = buf, *end = buf + len;

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		n++;
		if (!nl)
			break;
		p = nl + 1;
	}
	return n;
}

bool ea_line_next(struct ea_line_iter *it, const char **line, size_t *n)
{
	if (it->pos >= it->len)
		return false;
	const char *s = it->buf + it->pos;
	size_t rest = it->len - it->pos;
	const char *nl = memchr(s, '\n', rest);
	size_t l = nl ? (size_t)(nl - s) : rest;
	it->pos += nl ? l + 1 : l;
	if (l && s[l - 1] == '\r')
		l--;
	it->lineno++;
	*line = s;
	*n = l;
	return true;
}

/* Digit values, -1 for every other byte: one load per digit in the parsers
 * of million-line inputs. */
static const signed char hex_digit[256] = {
	['0'] = 1,  ['1'] = 2,	['2'] = 3,  ['3'] = 4,	['4'] = 5,  ['5'] = 6,
	['6'] = 7,  ['7'] = 8,	['8'] = 9,  ['9'] = 10, ['a'] = 11, ['b'] = 12,
	['c'] = 13, ['d'] = 14, ['e'] = 15, ['f'] = 16, ['A'] = 11, ['B'] = 12,
	['C'] = 13, ['D'] = 14, ['E'] = 15, ['F'] = 16,
};

/* (stored + 1, so that the bytes not named are 0 and mean "not a digit") */
static int hexval(char c)
{
	return hex_digit[(unsigned char)c] - 1;
}

size_t ea_parse_hex(const char *s, size_t n, uint64_t *out)
{
	uint64_t v = 0;
	size_t i = 0;
	for (; i < n; i++) {
		int d = hexval(s[i]);
		if (d < 0)
			break;
		if (v >> 60)
			return 0; /* would overflow */
		v = (v << 4) | (uint64_t)d;
	}
	if (i == 0)
		return 0;
	*out = v;
	return i;
}

size_t ea_parse_0xhex(const char *s, size_t n, uint64_t *out)
{
	if (n < 3 || s[0] != '0' || (s[1] != 'x' && s[1] != 'X'))
		return 0;
	size_t k = ea_parse_hex(s + 2, n - 2, out);
	return k ? k + 2 : 0;
}

size_t ea_parse_dec(const char *s, size_t n, uint64_t *out)
{
	uint64_t v = 0;
	size_t i = 0;
	for (; i < n && s[i] >= '0' && s[i] <= '9'; i++) {
		uint64_t d = (uint64_t)(s[i] - '0');
		if (v > (UINT64_MAX - d) / 10)
			return 0;
		v = v * 10 + d;
	}
	if (i == 0)
		return 0;
	*out = v;
	return i;
}

size_t ea_skip_spaces(const char *s, size_t n)
{
	size_t i = 0;
	while (i < n && (s[i] == ' ' || s[i] == '\t'))
		i++;
	return i;
}

bool ea_starts_with(const char *s, size_t n, const char *prefix)
{
	size_t k = strlen(prefix);
	return n >= k && memcmp(s, prefix, k) == 0;
}

size_t ea_find(const char *s, size_t n, const char *needle)
{
	size_t k = strlen(needle);
	if (k == 0)
		return 0;
	if (k > n)
		return (size_t)-1;
	for (size_t i = 0; i + k <= n; i++) {
		const char *p = memchr(s + i, needle[0], n - k + 1 - i);
		if (!p)
			return (size_t)-1;
		i = (size_t)(p - s);
		if (memcmp(p, needle, k) == 0)
			return i;
	}
	return (size_t)-1;
}

size_t ea_mail_quote_len(const char *s, size_t n)
{
	size_t i = 0;
	while (i < n && s[i] == '>') {
		i++;
		if (i < n && s[i] == ' ')
			i++;
	}
	return i;
}

bool ea_parse_0xhex_file(const char *s, size_t n, uint64_t *out)
{
	size_t k = ea_parse_0xhex(s, n, out);
	if (k == 0)
		return false;
	if (k < n && s[k] == '\n')
		k++;
	return k == n;
}

int ea_cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	return x < y ? -1 : x > y;
}
