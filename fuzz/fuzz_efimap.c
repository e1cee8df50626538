/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The raw EFI memory map buffer: the first 16 bytes choose the map's
 * address, descriptor size and version; the rest is the buffer. */
#include "fuzz.h"
#include "read/efimap.h"
#include "read/physmem.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 16)
		return 0;
	uint64_t addr = ea_le64(data) & ~0xfffULL;
	uint64_t dsz = ea_le32(data + 8) & 0xff;
	uint64_t dver = ea_le32(data + 12) & 0x3;
	struct ea_input listing = { .name = "efi_map" };
	struct ea_efimap m = { 0 };
	struct ea_diags diags = { 0 };
	ea_efimap_decode(data + 16, size - 16, addr, dsz, dver, &listing, &m,
			 &diags);
	for (size_t i = 0; i < m.desc.n; i++)
		if (m.desc.v[i].r.last < m.desc.v[i].r.first)
			__builtin_trap();
	ea_efimap_free(&m);
	ea_diags_free(&diags);
	ea_input_free(&listing);
	return 0;
}
