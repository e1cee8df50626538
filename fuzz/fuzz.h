/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Shared by the fuzz targets: each defines LLVMFuzzerTestOneInput(), built
 * either with libFuzzer (clang -fsanitize=fuzzer) or with replay.c, which
 * runs it over files and directories (the seed corpus and every crash
 * reproducer) as an ordinary CTest program. */
#ifndef EA_FUZZ_H
#define EA_FUZZ_H

#include <stddef.h>
#include <stdint.h>

#include "core/bytes.h"
#include "read/physmem.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/*
 * The input of the targets that read physical memory (fuzz_acpi,
 * fuzz_efisystab, fuzz_memreserve), as fuzz/make-seeds.py writes it:
 *
 *   HEADER  ("EAREGION" ADDR BYTES...)*  ["EADMESG:" TEXT]
 *
 * HEADER is what comes before the first tag: the target's own fixed fields
 * (the address the walk starts at, ...), zero-padded when short. Each
 * region is ADDR (8 bytes, little-endian) and the bytes up to the next tag
 * or the end; an optional kernel log after "EADMESG:" is compared with what
 * the walk read. Tags rather than lengths delimit the regions so that a
 * mutation inserting or removing bytes in one region leaves the others
 * where they were. Empty regions and regions running past 2^64 are dropped
 * (ea_physmem_open_buffers() refuses them: tested in test_physmem.c), and
 * so is every region past the first EA_FUZZ_MAX_REGIONS.
 */
#define EA_FUZZ_TAG_REGION "EAREGION"
#define EA_FUZZ_TAG_DMESG "EADMESG:"
#define EA_FUZZ_TAG_LEN 8u
#define EA_FUZZ_MAX_HEADER 64u
#define EA_FUZZ_MAX_REGIONS 1024u

struct ea_fuzz_mem {
	uint8_t hdr[EA_FUZZ_MAX_HEADER]; /* zero-padded */
	struct ea_physmem_region r[EA_FUZZ_MAX_REGIONS];
	size_t n;
	const char *dmesg; /* NULL when there is no EADMESG: section */
	size_t dmesg_len;
};

/* The little-endian u64 at off in the header (zero-padded, so any off up to
 * EA_FUZZ_MAX_HEADER - 8 is inside it; 0 past that). */
static inline uint64_t ea_fuzz_hdr64(const struct ea_fuzz_mem *m, size_t off)
{
	const struct ea_bytes h = ea_bytes_of(m->hdr, sizeof(m->hdr));
	uint64_t v;

	return ea_bytes_u64(&h, off, &v) ? v : 0;
}

/* Splits data as above; hdrlen (at most EA_FUZZ_MAX_HEADER) is how many
 * header bytes the target reads. The regions point into data. */
void ea_fuzz_split(const uint8_t *data, size_t size, size_t hdrlen,
		   struct ea_fuzz_mem *m);

#endif
