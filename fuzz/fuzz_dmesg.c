/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "fuzz.h"
#include "read/dmesg.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ea_input in = { .name = "dmesg" };
	struct ea_dmesg d = { 0 };
	struct ea_diags diags = { 0 };
	ea_input_set_data(&in, (const char *)data, size);
	ea_dmesg_parse(&in, &d, &diags);
	ea_dmesg_free(&d);
	ea_diags_free(&diags);
	ea_input_free(&in);
	return 0;
}
