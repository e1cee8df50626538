/* SPDX-License-Identifier: GPL-2.0-or-later */
/* A minimal assertion harness: each CHECK counts, a failure prints where and
 * why, and t_done() prints "N passed, N failed" and returns the exit code. */
#ifndef EA_T_H
#define EA_T_H

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

static unsigned t_pass, t_fail;

#define CHECK(cond)                                                            \
	do {                                                                   \
		if (cond) {                                                    \
			t_pass++;                                              \
		} else {                                                       \
			t_fail++;                                              \
			fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, \
				__LINE__, #cond);                              \
		}                                                              \
	} while (0)

#define CHECK_U64(a, b)                                                        \
	do {                                                                   \
		uint64_t t_a = (uint64_t)(a), t_b = (uint64_t)(b);             \
		if (t_a == t_b) {                                              \
			t_pass++;                                              \
		} else {                                                       \
			t_fail++;                                              \
			fprintf(stderr,                                        \
				"%s:%d: %s == %s failed: 0x%" PRIx64           \
				" != 0x%" PRIx64 "\n",                         \
				__FILE__, __LINE__, #a, #b, t_a, t_b);         \
		}                                                              \
	} while (0)

#define CHECK_STR(a, b)                                                        \
	do {                                                                   \
		const char *t_a = (a), *t_b = (b);                             \
		if (t_a && t_b && strcmp(t_a, t_b) == 0) {                     \
			t_pass++;                                              \
		} else {                                                       \
			t_fail++;                                              \
			fprintf(stderr,                                        \
				"%s:%d: %s == %s failed: '%s' != '%s'\n",      \
				__FILE__, __LINE__, #a, #b,                    \
				t_a ? t_a : "(null)", t_b ? t_b : "(null)");   \
		}                                                              \
	} while (0)

static inline int t_done(void)
{
	printf("%u passed, %u failed\n", t_pass, t_fail);
	return t_fail ? 1 : 0;
}

#endif
