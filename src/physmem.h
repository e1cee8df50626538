/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Reads of physical memory: "N bytes at physical address A". Today the only
 * backend is a snapshot's mem/<16 lowercase hex digits>.bin files
 * (SNAPSHOT.md); a read that is not wholly inside one saved chunk fails with
 * the reason, never with zero-filled bytes.
 */
#ifndef EA_PHYSMEM_H
#define EA_PHYSMEM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "input.h"

/* The largest chunk file and number of chunks read from mem/. */
#define EA_PHYSMEM_MAX_CHUNK ((size_t)64 << 20)
#define EA_PHYSMEM_MAX_CHUNKS 65536

struct ea_physmem_chunk {
	uint64_t base;
	char *data;
	size_t len;
	char *path;
};

struct ea_physmem {
	const char *backend; /* "snapshot mem/" or NULL when none */
	char *dir;
	EA_VEC(struct ea_physmem_chunk) chunks; /* sorted by base */
};

/* Loads every mem/<hex>.bin of DIR. Returns false when DIR does not exist;
 * a file with a bad name or size is a diag against the input `mem`. */
bool ea_physmem_open_dir(struct ea_physmem *pm, struct ea_input *in,
			 const char *dir, struct ea_diags *diags);
/* Copies n bytes at addr into buf. On failure returns false and writes the
 * reason into why (size whylen). */
bool ea_physmem_read(const struct ea_physmem *pm, uint64_t addr, void *buf,
		     size_t n, char *why, size_t whylen);
void ea_physmem_free(struct ea_physmem *pm);

/* Little-endian loads from a byte buffer (callers bounds-check first). */
uint32_t ea_le32(const unsigned char *p);
uint64_t ea_le64(const unsigned char *p);

#endif
