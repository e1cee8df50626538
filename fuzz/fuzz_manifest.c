/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <string.h>

#include "fuzz.h"
#include "read/manifest.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ea_input in = { .name = "manifest" };
	struct ea_manifest m = { 0 };
	struct ea_diags diags = { 0 };
	ea_input_set_data(&in, (const char *)data, size);
	ea_manifest_parse(&in, &m, &diags);
	for (size_t i = 0; i < m.items.n; i++) {
		const struct ea_manifest_item *it = &m.items.v[i];
		if (!it->path[0] || !it->status[0] ||
		    strlen(it->path) > EA_MANIFEST_MAX_VALUE + 3 ||
		    ea_manifest_item(&m, it->path) == NULL)
			__builtin_trap();
	}
	if (m.items.n && !m.known)
		__builtin_trap();
	ea_manifest_free(&m);
	ea_diags_free(&diags);
	ea_input_free(&in);
	return 0;
}
