/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Bounded reads of fixed-width fields from an untrusted byte buffer: the
 * bytes of a firmware table, a memory map, a core file's headers, a device
 * tree. Every read names its offset and succeeds only when the whole field
 * lies inside the buffer; otherwise it returns false and leaves its output
 * zeroed (never a partial value). off + width is never computed, so an
 * offset near SIZE_MAX cannot wrap around into the buffer. A reader handles
 * each failure where it reads, instead of relying on a length check made
 * somewhere else.
 *
 * Multi-byte fields are assembled byte by byte, whatever the host's byte
 * order and alignment: ea_bytes_u16/u32/u64 are little-endian (UEFI, ACPI,
 * ELF64 LSB, the kernel's own structures), ea_bytes_be32/be64 big-endian
 * (the flattened device tree, Devicetree Specification 5.1). The integer
 * reads are inline: with a constant offset into a buffer of constant size
 * the compiler folds the bound away.
 *
 * Modelled on fwupd's fu_memread_uint32_safe() and fu_memcpy_safe(): the
 * buffer's size travels with it and every offset is checked without
 * overflow; unlike them, a failed read zeroes its output.
 * scripts/check-layout.sh keeps raw loads (ea_le32(p + 4), a cast and
 * dereference of a buffer pointer) out of the readers.
 */
#ifndef EA_BYTES_H
#define EA_BYTES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* A read's result must be looked at: its failure is handled where it is
 * read (GCC does not take a (void) cast as looking). */
#define EA_BYTES_CHECK __attribute__((warn_unused_result))

/* len bytes at p; p may be NULL only when len is 0. Not owned. */
struct ea_bytes {
	const unsigned char *p;
	size_t len;
};

static inline struct ea_bytes ea_bytes_of(const void *p, size_t len)
{
	struct ea_bytes b = { (const unsigned char *)p, p ? len : 0 };

	return b;
}

/* Whether [off, off + n) lies inside b (n 0 included: off <= len). */
static inline bool ea_bytes_fits(const struct ea_bytes *b, size_t off, size_t n)
{
	return off <= b->len && n <= b->len - off;
}

EA_BYTES_CHECK static inline bool ea_bytes_u8(const struct ea_bytes *b,
					      size_t off, uint8_t *out)
{
	if (!ea_bytes_fits(b, off, 1)) {
		*out = 0;
		return false;
	}
	*out = b->p[off];
	return true;
}

EA_BYTES_CHECK static inline bool ea_bytes_u16(const struct ea_bytes *b,
					       size_t off, uint16_t *out)
{
	if (!ea_bytes_fits(b, off, 2)) {
		*out = 0;
		return false;
	}
	const unsigned char *q = b->p + off;

	*out = (uint16_t)(q[0] | (unsigned)q[1] << 8);
	return true;
}

EA_BYTES_CHECK static inline bool ea_bytes_u32(const struct ea_bytes *b,
					       size_t off, uint32_t *out)
{
	if (!ea_bytes_fits(b, off, 4)) {
		*out = 0;
		return false;
	}
	const unsigned char *q = b->p + off;

	*out = (uint32_t)q[0] | (uint32_t)q[1] << 8 | (uint32_t)q[2] << 16 |
	       (uint32_t)q[3] << 24;
	return true;
}

EA_BYTES_CHECK static inline bool ea_bytes_u64(const struct ea_bytes *b,
					       size_t off, uint64_t *out)
{
	if (!ea_bytes_fits(b, off, 8)) {
		*out = 0;
		return false;
	}
	const unsigned char *q = b->p + off;
	uint64_t v = 0;

	for (int i = 7; i >= 0; i--)
		v = v << 8 | q[i];
	*out = v;
	return true;
}

EA_BYTES_CHECK static inline bool ea_bytes_be32(const struct ea_bytes *b,
						size_t off, uint32_t *out)
{
	if (!ea_bytes_fits(b, off, 4)) {
		*out = 0;
		return false;
	}
	const unsigned char *q = b->p + off;

	*out = (uint32_t)q[0] << 24 | (uint32_t)q[1] << 16 |
	       (uint32_t)q[2] << 8 | (uint32_t)q[3];
	return true;
}

EA_BYTES_CHECK static inline bool ea_bytes_be64(const struct ea_bytes *b,
						size_t off, uint64_t *out)
{
	if (!ea_bytes_fits(b, off, 8)) {
		*out = 0;
		return false;
	}
	const unsigned char *q = b->p + off;
	uint64_t v = 0;

	for (int i = 0; i < 8; i++)
		v = v << 8 | q[i];
	*out = v;
	return true;
}

/* The n bytes at off as a buffer of their own (offsets in it start at 0);
 * on failure *out is empty. */
EA_BYTES_CHECK bool ea_bytes_sub(const struct ea_bytes *b, size_t off, size_t n,
				 struct ea_bytes *out);
/* Copies the n bytes at off to dst (a fixed-width field: a signature, an
 * OEM ID, the tail of a GUID); on failure dst is n zero bytes. */
EA_BYTES_CHECK bool ea_bytes_copy(const struct ea_bytes *b, size_t off,
				  void *dst, size_t n);
/* Whether the n bytes at off are those of s (false when they do not fit). */
bool ea_bytes_eq(const struct ea_bytes *b, size_t off, const void *s, size_t n);

#endif
