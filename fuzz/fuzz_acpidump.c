/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "fuzz.h"
#include "read/acpidump.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ea_input in = { .name = "acpidump" };
	struct ea_acpidump d = { 0 };
	struct ea_diags diags = { 0 };
	ea_input_set_data(&in, (const char *)data, size);
	ea_acpidump_parse(&in, &d, &diags);
	for (size_t i = 0; i < d.tables.n; i++)
		if (d.tables.v[i].len > EA_ACPIDUMP_MAX_TABLE)
			__builtin_trap();
	ea_acpidump_free(&d);
	ea_diags_free(&diags);
	ea_input_free(&in);
	return 0;
}
