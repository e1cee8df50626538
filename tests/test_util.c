/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The shared helpers: vectors hand out zeroed elements, line counting
 * agrees with the line iterator, the string pool keeps every string, the
 * index sort is a stable sort whatever the runs, a permutation moves
 * every record where it says. */
#include <stdlib.h>
#include <string.h>

#include "core/util.h"
#include "t.h"

static void vectors(void)
{
	EA_VEC(uint64_t) v = { 0 };
	for (uint64_t i = 0; i < 1000; i++) {
		uint64_t *x = EA_VEC_PUSH(v);
		CHECK_U64(*x, 0);
		*x = i * 3;
	}
	CHECK(v.n == 1000 && v.cap >= 1000);
	CHECK_U64(v.v[999], 2997);
	/* popped and pushed again: zeroed again */
	v.n = 10;
	CHECK_U64(*EA_VEC_PUSH(v), 0);
	EA_VEC_FREE(v);
	CHECK(v.v == NULL && v.n == 0 && v.cap == 0);
}

static size_t iter_count(const char *s)
{
	struct ea_line_iter it;
	const char *line;
	size_t n, k = 0;
	ea_line_iter_init(&it, s, strlen(s));
	while (ea_line_next(&it, &line, &n))
		k++;
	return k;
}

static void lines(void)
{
	static const char *const cases[] = {
		"",	"a",	      "a\n",
		"a\nb", "a\nb\n",     "\n",
		"\n\n", "a\r\nb\r\n", "one\n\ntwo\n\n\nthree",
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++)
		CHECK(ea_count_lines(cases[i], strlen(cases[i])) ==
		      iter_count(cases[i]));
}

static void strpool(void)
{
	struct ea_strpool p = { 0 };
	char *s[5000];
	for (int i = 0; i < 5000; i++)
		s[i] = ea_strpool_fmt(&p, "string %d of the pool", i);
	/* longer than a block: a block of its own */
	size_t big = (size_t)200 << 10;
	char *fill = malloc(big + 1);
	memset(fill, 'x', big);
	fill[big] = '\0';
	char *l = ea_strpool_fmt(&p, "<%s>", fill);
	char *after = ea_strpool_fmt(&p, "after");
	unsigned bad = 0;
	for (int i = 0; i < 5000; i++) {
		char want[40];
		snprintf(want, sizeof(want), "string %d of the pool", i);
		bad += strcmp(s[i], want) != 0;
	}
	CHECK(bad == 0);
	CHECK(strlen(l) == big + 2 && l[0] == '<' && l[big + 1] == '>');
	CHECK_STR(after, "after");
	CHECK_STR(ea_strpool_fmt(&p, "%s", ""), "");
	/* bytes copied in, mixed with formatted strings, across blocks */
	char *m[5000];
	for (int i = 0; i < 5000; i++) {
		char b[40];
		int n = snprintf(b, sizeof(b), "mem %d", i);
		m[i] = i % 2 ? ea_strpool_mem(&p, b, (size_t)n)
			     : ea_strpool_fmt(&p, "mem %d", i);
	}
	char *mbig = ea_strpool_mem(&p, fill, big);
	CHECK_STR(ea_strpool_mem(&p, "abc", 0), "");
	bad = 0;
	for (int i = 0; i < 5000; i++) {
		char want[40];
		snprintf(want, sizeof(want), "mem %d", i);
		bad += strcmp(m[i], want) != 0;
	}
	CHECK(bad == 0);
	CHECK(strlen(mbig) == big && mbig[0] == 'x');
	CHECK_STR(after, "after");
	free(fill);
	ea_strpool_free(&p);
	CHECK(p.blocks == NULL);
}

/* keys with many ties: the index sort must order by key, ties by index */
static int key_cmp(uint32_t x, uint32_t y, const void *ctx)
{
	const unsigned *k = ctx;
	return (k[x] > k[y]) - (k[x] < k[y]);
}

static void sort_index(void)
{
	enum { N = 5000 };
	static unsigned key[N];
	static uint32_t idx[N];
	srand(7);
	for (int shape = 0; shape < 4; shape++) {
		for (uint32_t i = 0; i < N; i++) {
			/* random; in order; runs of 100; in order but the tail */
			key[i] = shape == 0   ? (unsigned)(rand() % 300)
				 : shape == 1 ? i / 3
				 : shape == 2 ? (i % 100) * 7 + (N - i) / 100
					      : (i < N - 10 ? i : N - i);
			idx[i] = i;
		}
		ea_sort_index(idx, N, key_cmp, key);
		unsigned bad = 0;
		for (uint32_t i = 1; i < N; i++)
			bad += key[idx[i - 1]] > key[idx[i]] ||
			       (key[idx[i - 1]] == key[idx[i]] &&
				idx[i - 1] > idx[i]);
		CHECK(bad == 0);
	}
	ea_sort_index(idx, 0, key_cmp, key);
	ea_sort_index(idx, 1, key_cmp, key);
}

static void permute(void)
{
	enum { N = 1000 };
	static uint64_t rec[N];
	static uint32_t order[N];
	for (uint32_t i = 0; i < N; i++) {
		rec[i] = 1000 + i;
		order[i] =
		    (i * 7919u + 13u) % N; /* a permutation (7919 prime) */
	}
	static uint32_t want[N];
	memcpy(want, order, sizeof(want));
	ea_permute(rec, N, sizeof(*rec), order);
	unsigned bad = 0;
	for (uint32_t i = 0; i < N; i++)
		bad += rec[i] != 1000 + want[i] || order[i] != i;
	CHECK(bad == 0);
}

/* Ids: name@0x + 16 lowercase digits, #n from the second on. */
static void ids(void)
{
	char b[EA_ID_MAX];

	CHECK_U64(ea_id_format(b, "lpi_property_table", true, 0x401b0000, 1),
		  strlen("lpi_property_table@0x00000000401b0000"));
	CHECK_STR(b, "lpi_property_table@0x00000000401b0000");
	ea_id_format(b, "acpi_table", true, UINT64_MAX, 2);
	CHECK_STR(b, "acpi_table@0xffffffffffffffff#2");
	ea_id_format(b, "not_root", false, 0x1234, 0);
	CHECK_STR(b, "not_root");
	ea_id_format(b, "input_unusable", false, 0, 4294967295u);
	CHECK_STR(b, "input_unusable#4294967295");
	char longname[100];
	memset(longname, 'x', 99);
	longname[99] = '\0';
	CHECK(ea_id_format(b, longname, true, 0, 4294967295u) < EA_ID_MAX);
}

int main(void)
{
	ids();
	vectors();
	lines();
	strpool();
	sort_index();
	permute();
	return t_done();
}
