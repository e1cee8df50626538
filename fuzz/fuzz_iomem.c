/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "fuzz.h"
#include "read/iomem.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ea_input in = { .name = "iomem" };
	struct ea_iomem m = { 0 };
	struct ea_diags diags = { 0 };
	ea_input_set_data(&in, (const char *)data, size);
	ea_iomem_parse(&in, &m, &diags);
	/* every entry is a well-formed range with a parent before it */
	for (size_t i = 0; i < m.res.n; i++)
		if (m.res.v[i].r.last < m.res.v[i].r.first ||
		    m.res.v[i].parent >= (long)i)
			__builtin_trap();
	ea_iomem_free(&m);
	ea_diags_free(&diags);
	ea_input_free(&in);
	return 0;
}
