/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The bounded reader (core/bytes.h): each width at the exact end of a buffer
 * and one byte short of it, offsets near SIZE_MAX that would wrap, the empty
 * buffer, sub-buffers, field copies. Expected values are the formats' own
 * constants: "IBI SYST" is EFI_SYSTEM_TABLE_SIGNATURE 0x5453595320494249
 * (UEFI 2.10 §4.3), d0 0d fe ed is FDT_MAGIC 0xd00dfeed stored big-endian
 * (Devicetree Specification 5.2), b7 00 is e_machine EM_AARCH64 (183).
 */
#include <stdint.h>
#include <string.h>

#include "core/bytes.h"
#include "t.h"

static const unsigned char systab_sig[8] = "IBI SYST";
static const unsigned char fdt_magic[8] = { 0xd0, 0x0d, 0xfe, 0xed,
					    0x00, 0x00, 0x00, 0x48 };

static void values(void)
{
	struct ea_bytes b = ea_bytes_of(systab_sig, sizeof(systab_sig));
	uint8_t v8;
	uint16_t v16;
	uint32_t v32;
	uint64_t v64;

	CHECK(ea_bytes_u64(&b, 0, &v64));
	CHECK_U64(v64, 0x5453595320494249ULL);
	CHECK(ea_bytes_u32(&b, 4, &v32));
	CHECK_U64(v32, 0x54535953); /* "SYST" */
	CHECK(ea_bytes_u16(&b, 0, &v16));
	CHECK_U64(v16, 0x4249); /* "IB" */
	CHECK(ea_bytes_u8(&b, 3, &v8));
	CHECK_U64(v8, ' ');

	struct ea_bytes f = ea_bytes_of(fdt_magic, sizeof(fdt_magic));

	CHECK(ea_bytes_be32(&f, 0, &v32));
	CHECK_U64(v32, 0xd00dfeed);
	CHECK(ea_bytes_be32(&f, 4, &v32));
	CHECK_U64(v32, 0x48);
	CHECK(ea_bytes_be64(&f, 0, &v64));
	CHECK_U64(v64, 0xd00dfeed00000048ULL);
	CHECK(ea_bytes_u32(&f, 0, &v32));
	CHECK_U64(v32, 0xedfe0dd0); /* the same bytes little-endian */

	static const unsigned char em[2] = { 0xb7, 0x00 };
	struct ea_bytes e = ea_bytes_of(em, sizeof(em));

	CHECK(ea_bytes_u16(&e, 0, &v16));
	CHECK_U64(v16, 183);
}

/* An unaligned field: the reads assemble bytes, they never load a word. */
static void unaligned(void)
{
	unsigned char buf[16];

	for (unsigned i = 0; i < sizeof(buf); i++)
		buf[i] = (unsigned char)(0x10 + i);
	struct ea_bytes b = ea_bytes_of(buf, sizeof(buf));
	uint64_t v64;
	uint32_t v32;

	CHECK(ea_bytes_u64(&b, 3, &v64));
	CHECK_U64(v64, 0x1a19181716151413ULL);
	CHECK(ea_bytes_be64(&b, 3, &v64));
	CHECK_U64(v64, 0x131415161718191aULL);
	CHECK(ea_bytes_u32(&b, 7, &v32));
	CHECK_U64(v32, 0x1a191817);
}

/* Each width read at the last offset it fits, then one further: the short
 * read fails and zeroes its output. */
static void at_the_end(void)
{
	unsigned char buf[11];

	memset(buf, 0xff, sizeof(buf));
	struct ea_bytes b = ea_bytes_of(buf, sizeof(buf));
	uint8_t v8 = 7;
	uint16_t v16 = 7;
	uint32_t v32 = 7;
	uint64_t v64 = 7;

	CHECK(ea_bytes_u8(&b, 10, &v8));
	CHECK_U64(v8, 0xff);
	CHECK(!ea_bytes_u8(&b, 11, &v8));
	CHECK_U64(v8, 0);

	CHECK(ea_bytes_u16(&b, 9, &v16));
	CHECK_U64(v16, 0xffff);
	CHECK(!ea_bytes_u16(&b, 10, &v16));
	CHECK_U64(v16, 0);

	CHECK(ea_bytes_u32(&b, 7, &v32));
	CHECK_U64(v32, 0xffffffff);
	CHECK(!ea_bytes_u32(&b, 8, &v32));
	CHECK_U64(v32, 0);
	v32 = 7;
	CHECK(ea_bytes_be32(&b, 7, &v32));
	CHECK_U64(v32, 0xffffffff);
	CHECK(!ea_bytes_be32(&b, 8, &v32));
	CHECK_U64(v32, 0);

	CHECK(ea_bytes_u64(&b, 3, &v64));
	CHECK_U64(v64, UINT64_MAX);
	CHECK(!ea_bytes_u64(&b, 4, &v64));
	CHECK_U64(v64, 0);
	v64 = 7;
	CHECK(ea_bytes_be64(&b, 3, &v64));
	CHECK_U64(v64, UINT64_MAX);
	CHECK(!ea_bytes_be64(&b, 4, &v64));
	CHECK_U64(v64, 0);

	/* a buffer one byte shorter than the field */
	struct ea_bytes s7 = ea_bytes_of(buf, 7);

	v64 = 7;
	CHECK(!ea_bytes_u64(&s7, 0, &v64));
	CHECK_U64(v64, 0);
	struct ea_bytes s3 = ea_bytes_of(buf, 3);

	CHECK(!ea_bytes_u32(&s3, 0, &v32));
	struct ea_bytes s1 = ea_bytes_of(buf, 1);

	CHECK(!ea_bytes_u16(&s1, 0, &v16));
	CHECK(ea_bytes_u8(&s1, 0, &v8));
}

/* Offsets whose off + width would wrap past SIZE_MAX to a small number. */
static void overflow(void)
{
	unsigned char buf[16] = { 0 };
	struct ea_bytes b = ea_bytes_of(buf, sizeof(buf));
	uint8_t v8 = 7;
	uint16_t v16 = 7;
	uint32_t v32 = 7;
	uint64_t v64 = 7;

	CHECK(!ea_bytes_u8(&b, SIZE_MAX, &v8));
	CHECK_U64(v8, 0);
	CHECK(!ea_bytes_u16(&b, SIZE_MAX, &v16));
	CHECK_U64(v16, 0);
	for (size_t k = 1; k <= 8; k++) {
		v32 = 7;
		v64 = 7;
		CHECK(!ea_bytes_u32(&b, SIZE_MAX - k + 1, &v32));
		CHECK_U64(v32, 0);
		CHECK(!ea_bytes_u64(&b, SIZE_MAX - k + 1, &v64));
		CHECK_U64(v64, 0);
		CHECK(!ea_bytes_be64(&b, SIZE_MAX - k + 1, &v64));
	}
	/* a buffer whose length is SIZE_MAX: the check is still exact at its
	 * end (nothing is read: every offset here fails) */
	struct ea_bytes huge = { buf, SIZE_MAX };

	CHECK(!ea_bytes_u64(&huge, SIZE_MAX - 7 + 1, &v64));
	CHECK(!ea_bytes_u32(&huge, SIZE_MAX, &v32));
	CHECK(!ea_bytes_fits(&huge, SIZE_MAX, 1));
	CHECK(ea_bytes_fits(&huge, SIZE_MAX, 0));
	CHECK(ea_bytes_fits(&huge, SIZE_MAX - 8, 8));
	CHECK(!ea_bytes_fits(&huge, SIZE_MAX - 7, 8));

	struct ea_bytes sub;
	unsigned char dst[4] = { 1, 2, 3, 4 };

	CHECK(!ea_bytes_sub(&b, SIZE_MAX, 2, &sub));
	CHECK(!ea_bytes_sub(&b, 8, SIZE_MAX, &sub));
	CHECK(!ea_bytes_sub(&b, 2, SIZE_MAX - 1, &sub));
	CHECK_U64(sub.len, 0);
	CHECK(!ea_bytes_copy(&b, SIZE_MAX - 1, dst, sizeof(dst)));
	CHECK(dst[0] == 0 && dst[3] == 0);
	CHECK(!ea_bytes_eq(&b, SIZE_MAX - 1, "abcd", 4));
}

static void empty(void)
{
	struct ea_bytes z = ea_bytes_of(NULL, 0);
	struct ea_bytes n = ea_bytes_of(NULL, 5); /* no bytes: length 0 */
	unsigned char one[1] = { 0x5a };
	struct ea_bytes e = ea_bytes_of(one, 0);
	uint8_t v8 = 7;
	uint16_t v16 = 7;
	uint32_t v32 = 7;
	uint64_t v64 = 7;

	CHECK_U64(n.len, 0);
	CHECK(!ea_bytes_u8(&z, 0, &v8));
	CHECK_U64(v8, 0);
	CHECK(!ea_bytes_u16(&z, 0, &v16));
	CHECK_U64(v16, 0);
	CHECK(!ea_bytes_u32(&n, 0, &v32));
	CHECK_U64(v32, 0);
	CHECK(!ea_bytes_u64(&e, 0, &v64));
	CHECK_U64(v64, 0);
	CHECK(!ea_bytes_u8(&e, 0, &v8));
	CHECK(ea_bytes_fits(&z, 0, 0));
	CHECK(!ea_bytes_fits(&z, 1, 0));

	struct ea_bytes sub = { one, 1 };

	CHECK(ea_bytes_sub(&z, 0, 0, &sub));
	CHECK_U64(sub.len, 0);
	CHECK(!ea_bytes_sub(&z, 0, 1, &sub));
	CHECK(ea_bytes_copy(&z, 0, one, 0));
	CHECK(one[0] == 0x5a);
	CHECK(ea_bytes_eq(&z, 0, "", 0));
	CHECK(!ea_bytes_eq(&z, 0, "x", 1));
}

static void subs_and_copies(void)
{
	/* an EFI configuration table entry: EFI_GUID, then VendorTable u64
	 * (ACPI_20_TABLE_GUID 8868e871-e4f1-11d3-bc22-0080c73c8881) */
	static const unsigned char ent[24] = {
		0x71, 0xe8, 0x68, 0x88, 0xf1, 0xe4, 0xd3, 0x11,
		0xbc, 0x22, 0x00, 0x80, 0xc7, 0x3c, 0x88, 0x81,
		0x18, 0xe0, 0x5f, 0x5c, 0x00, 0x00, 0x00, 0x00,
	};
	struct ea_bytes all = ea_bytes_of(ent, sizeof(ent));
	struct ea_bytes g, tail;
	uint32_t a;
	uint16_t b16, c16;
	uint64_t addr;
	unsigned char d[8];

	CHECK(ea_bytes_sub(&all, 0, 16, &g));
	CHECK_U64(g.len, 16);
	CHECK(ea_bytes_u32(&g, 0, &a));
	CHECK_U64(a, 0x8868e871);
	CHECK(ea_bytes_u16(&g, 4, &b16));
	CHECK_U64(b16, 0xe4f1);
	CHECK(ea_bytes_u16(&g, 6, &c16));
	CHECK_U64(c16, 0x11d3);
	CHECK(ea_bytes_copy(&g, 8, d, 8));
	CHECK(d[0] == 0xbc && d[1] == 0x22 && d[7] == 0x81);
	/* the GUID's sub-buffer ends at 16: VendorTable is not in it */
	CHECK(!ea_bytes_u64(&g, 16, &addr));
	CHECK(!ea_bytes_u8(&g, 16, &d[0]));
	CHECK(ea_bytes_u64(&all, 16, &addr));
	CHECK_U64(addr, 0x5c5fe018);
	/* a sub-buffer at the end, empty at the end, one past */
	CHECK(ea_bytes_sub(&all, 16, 8, &tail));
	CHECK(ea_bytes_u64(&tail, 0, &addr));
	CHECK_U64(addr, 0x5c5fe018);
	CHECK(!ea_bytes_sub(&all, 17, 8, &tail));
	CHECK(ea_bytes_sub(&all, 24, 0, &tail));
	CHECK_U64(tail.len, 0);
	CHECK(!ea_bytes_sub(&all, 25, 0, &tail));
	/* copies: exact end, one short (dst zeroed) */
	memset(d, 0xaa, sizeof(d));
	CHECK(ea_bytes_copy(&all, 16, d, 8));
	CHECK(d[0] == 0x18 && d[3] == 0x5c && d[7] == 0);
	memset(d, 0xaa, sizeof(d));
	CHECK(!ea_bytes_copy(&all, 17, d, 8));
	for (unsigned i = 0; i < 8; i++)
		CHECK(d[i] == 0);
	/* comparisons */
	CHECK(ea_bytes_eq(&all, 10, "\x00\x80", 2));
	CHECK(!ea_bytes_eq(&all, 10, "\x00\x81", 2));
	CHECK(ea_bytes_eq(&all, 23, "\x00", 1));
	CHECK(!ea_bytes_eq(&all, 23, "\x00\x00", 2));
}

int main(void)
{
	values();
	unaligned();
	at_the_end();
	overflow();
	empty();
	subs_and_copies();
	return t_done();
}
