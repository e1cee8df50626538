/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The kexec-tools version readers (kexecbin.c) over arbitrary bytes: the
 * binary scan finds a version only where the bytes hold "kexec-tools "
 * and a NUL-terminated X.Y.Z, and the text parser takes the bytes as a
 * MANIFEST value or an option. */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "read/kexecbin.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ea_input in = { .name = "kexec_binary" };
	struct ea_kexec_tools t;
	ea_input_set_data(&in, (const char *)data, size);
	ea_kexec_bin_parse(&in, &t);
	if (t.known && (t.off + 12 > size ||
			memcmp(data + t.off, "kexec-tools ", 12) != 0))
		__builtin_trap();
	if (!t.known && in.status == EA_IN_OK)
		__builtin_trap();
	unsigned a, b, c;
	(void)ea_kexec_tools_parse(in.data, &a, &b, &c);
	ea_input_free(&in);
	return 0;
}
