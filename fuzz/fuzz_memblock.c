/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "fuzz.h"
#include "read/memblock.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ea_input in = { .name = "memblock_reserved" };
	struct ea_memblock m = { 0 };
	struct ea_diags diags = { 0 };
	ea_input_set_data(&in, (const char *)data, size);
	ea_memblock_parse(&in, &m, &diags);
	for (size_t i = 0; i < m.regions.n; i++)
		if (m.regions.v[i].r.last < m.regions.v[i].r.first)
			__builtin_trap();
	ea_memblock_free(&m);
	ea_diags_free(&diags);
	ea_input_free(&in);
	return 0;
}
