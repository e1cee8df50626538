/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The raw EFI memory map buffer: the first 16 bytes choose the map's
 * address, descriptor size and version; the rest is the buffer. */
#include "core/bytes.h"
#include "fuzz.h"
#include "read/efimap.h"
#include "read/physmem.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const struct ea_bytes in = ea_bytes_of(data, size);
	uint64_t addr;
	uint32_t dsz, dver;
	if (!ea_bytes_u64(&in, 0, &addr) || !ea_bytes_u32(&in, 8, &dsz) ||
	    !ea_bytes_u32(&in, 12, &dver))
		return 0;
	addr &= ~0xfffULL;
	dsz &= 0xff;
	dver &= 0x3;
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
