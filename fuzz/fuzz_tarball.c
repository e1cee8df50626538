/* SPDX-License-Identifier: GPL-2.0-or-later */
/* A snapshot tarball from memory: open, then read every member the audit
 * would look for. Small limits, so the fuzzer reaches them. */
#include <stdlib.h>

#include "core/tarball.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const struct ea_tar_limits lim = { 1 << 20, 4 << 20, 1000,
						  64 << 10 };
	char why[256];
	struct ea_tarball *t = ea_tarball_open_mem(data, size, "fuzz.tar.gz",
						   &lim, why, sizeof(why));
	if (!t)
		return 0;
	static const char *const rel[] = { "dmesg.txt", "proc/iomem",
					   "sys/firmware/fdt", "mem" };
	for (size_t i = 0; i < sizeof(rel) / sizeof(*rel); i++) {
		const char *d;
		size_t n;
		ea_tarball_get(t, rel[i], &d, &n);
		char **names = NULL;
		/* one allocation holds the array and the strings */
		size_t k = ea_tarball_list(t, rel[i], &names);
		for (size_t j = 0; j < k; j++)
			if (!names[j])
				__builtin_trap();
		free(names);
	}
	ea_tarball_close(t);
	return 0;
}
