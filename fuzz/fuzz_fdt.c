/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "fuzz.h"
#include "read/devtree.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ea_input in = { .name = "fdt" }, listing = { .name = "fdt" };
	struct ea_fdt f = { 0 };
	struct ea_diags diags = { 0 };
	ea_input_set_data(&in, (const char *)data, size);
	ea_fdt_parse(&in, &listing, &f, &diags);
	for (size_t i = 0; i < f.resmem.n; i++)
		if (f.resmem.v[i].has_reg &&
		    f.resmem.v[i].r.last < f.resmem.v[i].r.first)
			__builtin_trap();
	ea_fdt_free(&f);
	ea_diags_free(&diags);
	ea_input_free(&listing);
	ea_input_free(&in);
	return 0;
}
