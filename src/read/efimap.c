/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The EFI memory map buffer. Format: UEFI 2.10 §7.2.3 EFI_MEMORY_DESCRIPTOR,
 * include/linux/efi.h efi_memory_desc_t (kernel-formats.md §9); how the
 * kernel walks it: drivers/firmware/efi/memmap.c __efi_memmap_init() and
 * for_each_efi_memory_desc() (size / desc_size entries, stepping by
 * desc_size). Each descriptor is a bounded sub-buffer of the map and each
 * of its fields a bounded read inside it (core/bytes.h).
 */
#include "read/efimap.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/bytes.h"

#define EFI_PAGE_SHIFT 12

/* Field offsets in efi_memory_desc_t. */
#define D_TYPE 0
#define D_PHYS 8
#define D_VIRT 16
#define D_PAGES 24
#define D_ATTR 32

/* The reason of a map that is not decoded at all: it is the map's why as
 * well (ok and complete are false from setup() on, until decode() gets
 * past its checks). */
static const char not_decoded[] = "EFI memory map not decoded: ";

static void setup(struct ea_efimap *m, uint64_t addr, uint64_t size,
		  uint64_t desc_size, uint64_t desc_ver)
{
	m->addr = addr;
	m->size = size;
	m->desc_size = desc_size;
	m->desc_ver = desc_ver;
	m->ok = false;
	m->complete = false;
}

/* How many descriptors of desc_size bytes the len bytes of the map hold,
 * at most EA_EFIMAP_MAX_DESC (*cut set past it). What is odd about the
 * map (a tail that is no descriptor, no descriptor at all, a version that
 * is not 1) is said against its header line hdr. */
static size_t desc_count(const struct ea_efimap *out, size_t len,
			 struct ea_evid hdr, struct ea_diags *diags, bool *cut)
{
	const uint64_t addr = out->addr, ds = out->desc_size;
	size_t n = (size_t)(len / ds), rem = (size_t)(len % ds);

	if (rem)
		ea_diag_add(diags, hdr,
			    "EFI memory map at 0x%016llx: size 0x%zx is not a "
			    "multiple of the descriptor size %llu: the last "
			    "%zu bytes, at 0x%016llx, are not a descriptor "
			    "(the kernel ignores them too)",
			    (unsigned long long)addr, len,
			    (unsigned long long)ds, rem,
			    (unsigned long long)(addr + n * ds));
	if (!n)
		ea_diag_add(diags, hdr,
			    "EFI memory map at 0x%016llx: 0x%zx bytes hold no "
			    "descriptor of %llu bytes",
			    (unsigned long long)addr, len,
			    (unsigned long long)ds);
	if (out->desc_ver != 1)
		ea_diag_add(diags, hdr,
			    "EFI memory map at 0x%016llx: descriptor version "
			    "%llu, not 1: decoded with the version 1 layout, "
			    "as the kernel does after its warning",
			    (unsigned long long)addr,
			    (unsigned long long)out->desc_ver);
	if (n > EA_EFIMAP_MAX_DESC) {
		ea_diag_add(diags, hdr,
			    "EFI memory map at 0x%016llx: %zu descriptors, "
			    "more than %u: taken as a corrupt size, only the "
			    "first %u decoded",
			    (unsigned long long)addr, n, EA_EFIMAP_MAX_DESC,
			    EA_EFIMAP_MAX_DESC);
		n = EA_EFIMAP_MAX_DESC;
		*cut = true;
	}
	return n;
}

/* The fields of a descriptor, as read. */
struct desc_fields {
	uint32_t type;
	uint64_t pa, va, np, at;
};

/* Descriptor i, at da in memory, listed; kept when it is a region (some
 * pages, inside 2^64), else counted in out->nbad. */
static void add_desc(struct ea_input *listing, struct ea_efimap *out, size_t i,
		     uint64_t da, const struct desc_fields *x,
		     struct ea_diags *diags)
{
	char tn[24];
	snprintf(tn, sizeof(tn), "%s", ea_efi_type_name(x->type));
	bool fits = x->np <= (UINT64_MAX >> EFI_PAGE_SHIFT);
	struct ea_range r;
	bool ranged =
	    fits && ea_range_from_size(x->pa, x->np << EFI_PAGE_SHIFT, &r);
	char span[48] = "";
	if (ranged)
		snprintf(span, sizeof(span), "0x%016llx-0x%016llx ",
			 (unsigned long long)r.first,
			 (unsigned long long)r.last);
	struct ea_evid ev = ea_listing_add(
	    listing,
	    "0x%016llx desc %zu: %s[%s] type %u phys 0x%016llx pages "
	    "0x%llx virt 0x%016llx attr 0x%016llx",
	    (unsigned long long)da, i, span, tn, x->type,
	    (unsigned long long)x->pa, (unsigned long long)x->np,
	    (unsigned long long)x->va, (unsigned long long)x->at);
	if (!x->np) {
		ea_diag_add(diags, ev,
			    "EFI memory descriptor %zu at 0x%016llx: "
			    "num_pages 0 (phys 0x%016llx): no region; "
			    "left out",
			    i, (unsigned long long)da,
			    (unsigned long long)x->pa);
		out->nbad++;
		return;
	}
	if (!ranged) {
		ea_diag_add(diags, ev,
			    "EFI memory descriptor %zu at 0x%016llx: "
			    "phys 0x%016llx + 0x%llx pages of 4 KiB "
			    "runs past 2^64; left out",
			    i, (unsigned long long)da,
			    (unsigned long long)x->pa,
			    (unsigned long long)x->np);
		out->nbad++;
		return;
	}
	if (x->pa & ((1u << EFI_PAGE_SHIFT) - 1))
		ea_diag_add(diags, ev,
			    "EFI memory descriptor %zu at 0x%016llx: "
			    "phys 0x%016llx is not 4 KiB aligned "
			    "(UEFI requires it); kept as written",
			    i, (unsigned long long)da,
			    (unsigned long long)x->pa);
	struct ea_efi_desc *d = EA_VEC_PUSH(out->desc);
	d->r = r;
	d->type = x->type;
	d->attr = x->at;
	ea_efi_desc_set_evid(d, ev);
}

static bool decode(const unsigned char *buf, size_t len,
		   struct ea_input *listing, struct ea_efimap *out,
		   struct ea_diags *diags)
{
	const uint64_t addr = out->addr, ds = out->desc_size;
	out->in = listing;
	struct ea_evid hdr = ea_listing_add(
	    listing,
	    "0x%016llx EFI memory map: 0x%zx bytes, desc_size %llu, "
	    "desc_ver %llu",
	    (unsigned long long)addr, len, (unsigned long long)ds,
	    (unsigned long long)out->desc_ver);

	if (len && addr + (len - 1) < addr) {
		ea_diag_why(diags, hdr, not_decoded, &out->why,
			    "0x%016llx + 0x%zx bytes runs past 2^64",
			    (unsigned long long)addr, len);
		return false;
	}
	if (ds < EA_EFI_DESC_MIN || ds % 8) {
		ea_diag_why(
		    diags, hdr, not_decoded, &out->why,
		    "descriptor size %llu at 0x%016llx: a descriptor is at "
		    "least %u bytes and a multiple of 8",
		    (unsigned long long)ds, (unsigned long long)addr,
		    EA_EFI_DESC_MIN);
		return false;
	}
	out->ok = true;
	bool cut = false;
	size_t n = desc_count(out, len, hdr, diags, &cut);

	const struct ea_bytes map = ea_bytes_of(buf, len);
	for (size_t i = 0; i < n; i++) {
		const size_t off = (size_t)(i * ds);
		struct ea_bytes p;
		struct desc_fields x;
		if (!ea_bytes_sub(&map, off, (size_t)ds, &p) ||
		    !ea_bytes_u32(&p, D_TYPE, &x.type) ||
		    !ea_bytes_u64(&p, D_PHYS, &x.pa) ||
		    !ea_bytes_u64(&p, D_VIRT, &x.va) ||
		    !ea_bytes_u64(&p, D_PAGES, &x.np) ||
		    !ea_bytes_u64(&p, D_ATTR, &x.at)) {
			ea_diag_add(diags, hdr,
				    "EFI memory map at 0x%016llx: descriptor "
				    "%zu at +0x%zx (%llu bytes: type @0, phys "
				    "@8, virt @16, pages @24, attr @32) does "
				    "not fit the 0x%zx bytes: it and the rest "
				    "are not decoded",
				    (unsigned long long)addr, i, off,
				    (unsigned long long)ds, len);
			cut = true;
			break;
		}
		add_desc(listing, out, i, addr + off, &x, diags);
	}
	out->complete = !cut && !out->nbad;
	return true;
}

bool ea_efimap_decode(const unsigned char *buf, size_t len, uint64_t addr,
		      uint64_t desc_size, uint64_t desc_ver,
		      struct ea_input *listing, struct ea_efimap *out,
		      struct ea_diags *diags)
{
	setup(out, addr, len, desc_size, desc_ver);
	return decode(buf, len, listing, out, diags);
}

bool ea_efimap_read(const struct ea_physmem *pm, uint64_t addr, uint64_t size,
		    uint64_t desc_size, uint64_t desc_ver,
		    struct ea_input *listing, struct ea_efimap *out,
		    struct ea_diags *diags)
{
	char why[256];

	setup(out, addr, size, desc_size, desc_ver);
	if (!size || size > EA_EFIMAP_MAX_BYTES) {
		struct ea_evid ev = ea_listing_add(
		    listing, "0x%016llx EFI memory map: 0x%llx bytes: not read",
		    (unsigned long long)addr, (unsigned long long)size);
		ea_diag_why(
		    diags, ev, not_decoded, &out->why,
		    size ? "size 0x%llx at 0x%016llx is more than %llu MiB: "
			   "taken as corrupt (real maps are a few KiB)"
			 : "size %llu at 0x%016llx: an empty map",
		    (unsigned long long)size, (unsigned long long)addr,
		    (unsigned long long)(EA_EFIMAP_MAX_BYTES >> 20));
		return false;
	}
	unsigned char *buf = ea_xrealloc(NULL, (size_t)size, 1);
	if (!ea_physmem_read(pm, addr, buf, (size_t)size, why, sizeof(why))) {
		struct ea_evid ev = ea_listing_add(
		    listing,
		    "0x%016llx EFI memory map: 0x%llx bytes: not readable",
		    (unsigned long long)addr, (unsigned long long)size);
		ea_diag_why(diags, ev, not_decoded, &out->why, "%s", why);
		free(buf);
		return false;
	}
	bool ok = decode(buf, (size_t)size, listing, out, diags);
	free(buf);
	return ok;
}

void ea_efimap_free(struct ea_efimap *m)
{
	free(m->why);
	EA_VEC_FREE(m->desc);
	memset(m, 0, sizeof(*m));
}

/* Comparison. */
