/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Reads of physical memory: "N bytes at physical address A", from one of
 * four backends:
 *  - a snapshot's mem/<16 lowercase hex digits>.bin files (SNAPSHOT.md);
 *  - /proc/kcore, an ELF64 core whose PT_LOAD headers carry the physical
 *    address in p_paddr (fs/proc/kcore.c read_kcore_iter(): __pa() for RAM,
 *    __pa_symbol() for the kernel text, -1 for vmalloc/vmemmap/user; older
 *    kernels wrote 0). Only "System RAM" is in it (walk_system_ram_range()):
 *    NOMAP memory such as EFI runtime regions is absent. Offline, poisoned
 *    or unaccepted RAM pages read as zeros, which no reader can tell;
 *  - /dev/mem, read at file offset A (drivers/char/mem.c read_mem());
 *  - a kdump vmcore (kexec-tools or the kernel's elfcorehdr, as copied from
 *    /proc/vmcore or written by makedumpfile -E): an ELF64 core with the same
 *    p_paddr rule; p_memsz beyond p_filesz is memory left out of the dump.
 * A read that is not wholly inside what the backend holds fails with the
 * reason, naming the backend and the address; it never returns zero-filled
 * bytes in place of memory it could not see.
 */
#ifndef EA_PHYSMEM_H
#define EA_PHYSMEM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/input.h"
#include "core/range.h"

struct ea_tree;

/* The largest chunk file and number of chunks read from mem/. */
#define EA_PHYSMEM_MAX_CHUNK ((size_t)64 << 20)
#define EA_PHYSMEM_MAX_CHUNKS 65536
/* More program headers than this is not a plausible core file (a vmcore of
 * a large NUMA machine has a few thousand). */
#define EA_PHYSMEM_MAX_PHDRS 262144u

enum ea_physmem_kind {
	EA_PM_NONE = 0,
	EA_PM_SNAPSHOT, /* mem/<hex>.bin */
	EA_PM_KCORE,	/* /proc/kcore */
	EA_PM_DEVMEM,	/* /dev/mem */
	EA_PM_VMCORE,	/* kdump vmcore file (or /proc/vmcore) */
	EA_PM_BUFFERS,	/* in-memory regions (tests, fuzz targets) */
};

struct ea_physmem_chunk {
	uint64_t base;
	char *data;
	size_t len;
	size_t mapped; /* ea_input_take(): 0, or bytes mapped at data */
	char *path;
};

/* A piece of physical memory the backend can serve: [paddr, paddr+len). */
struct ea_physmem_seg {
	uint64_t paddr;
	uint64_t len; /* > 0, and paddr + len - 1 does not wrap */
	uint64_t off; /* ELF: file offset of paddr; snapshot: offset in chunk */
	uint32_t src; /* ELF: program header index; snapshot: chunk index */
};

struct ea_physmem {
	/* Reported to the user: "snapshot mem/", "/proc/kcore", "/dev/mem",
	 * "vmcore <path>"; NULL when no source is open. */
	const char *backend;
	enum ea_physmem_kind kind;
	char *dir;   /* snapshot: the mem/ directory */
	char *path;  /* kcore, devmem, vmcore: the file */
	char *label; /* owned storage behind backend, when not static */
	int fd;	     /* kcore, devmem, vmcore only */
	EA_VEC(struct ea_physmem_chunk) chunks; /* snapshot: sorted by base */
	/* Snapshot and ELF backends: sorted, disjoint. Where chunks or
	 * segments overlap, the one with the lower start (then the earlier
	 * file or program header) serves the overlap. */
	EA_VEC(struct ea_physmem_seg) segs;
	/* ELF: memory a PT_LOAD describes but the file does not hold (p_memsz
	 * past p_filesz, or a file cut short), to say so when a read lands
	 * there. Sorted, disjoint. */
	EA_VEC(struct ea_physmem_seg) absent;
	/* ELF facts, for reports and tests */
	uint16_t e_machine;
	uint32_t nr_phdrs;    /* program headers */
	uint32_t nr_load;     /* of which PT_LOAD */
	uint32_t nr_nopaddr;  /* PT_LOAD skipped: p_paddr 0 or -1 */
	uint32_t nr_overlap;  /* segments or chunks trimmed or dropped */
	uint32_t nr_rejected; /* PT_LOAD refused (diag says why) */
	/* Tried when a read fails here (live: /dev/mem behind /proc/kcore,
	 * for x86 ACPI tables and EFI regions kcore does not hold); owned. */
	struct ea_physmem *fallback;
};

/* Loads every <16 hex digits>.bin of the directory REL of tree t (tree.h)
 * into memory (the tree may be closed afterwards); in->path and pm->dir are
 * ea_tree_path(t, rel). Returns false when REL is not a directory (status
 * absent) or cannot be listed (unreadable); a file with a bad name or size
 * (empty, over EA_PHYSMEM_MAX_CHUNK) is a diag against the input `mem`. */
bool ea_physmem_open_tree(struct ea_physmem *pm, struct ea_input *in,
			  const struct ea_tree *t, const char *rel,
			  struct ea_diags *diags);
/* The same for the directory DIR on disk. */
bool ea_physmem_open_dir(struct ea_physmem *pm, struct ea_input *in,
			 const char *dir, struct ea_diags *diags);

/* One piece of physical memory for ea_physmem_open_buffers(). */
struct ea_physmem_region {
	uint64_t addr;
	const void *data;
	size_t len;
};

/*
 * Serves copies of n in-memory regions as a snapshot's mem/ chunks are
 * served (overlaps resolved the same way), under the backend name "memory
 * buffers": for the tests and the fuzz targets. Refuses, with the reason in
 * why and pm left without a backend, more than EA_PHYSMEM_MAX_CHUNKS
 * regions, and any region that is empty, has no bytes, is larger than
 * EA_PHYSMEM_MAX_CHUNK or runs past 2^64. pm must be zeroed or freed before.
 */
bool ea_physmem_open_buffers(struct ea_physmem *pm,
			     const struct ea_physmem_region *r, size_t n,
			     char *why, size_t whylen);

/*
 * The ELF backends. path NULL means /proc/kcore (kcore) or /dev/mem (devmem);
 * vmcore needs a path. On success in->path is the file and, for the ELF
 * backends, in->data a listing with one line per PT_LOAD used ("PT_LOAD 3
 * paddr 0x...-0x... offset 0x..."). On failure pm stays without a backend,
 * in->status is absent (no such file), unreadable (open refused: the detail
 * says why, EPERM under kernel lockdown included) or malformed (not an ELF64
 * little-endian core, headers out of bounds, no PT_LOAD with a physical
 * address), and false is returned. pm must be zeroed or freed before.
 */
bool ea_physmem_open_kcore(struct ea_physmem *pm, struct ea_input *in,
			   const char *path, struct ea_diags *diags);
bool ea_physmem_open_devmem(struct ea_physmem *pm, struct ea_input *in,
			    const char *path, struct ea_diags *diags);
bool ea_physmem_open_vmcore(struct ea_physmem *pm, struct ea_input *in,
			    const char *path, struct ea_diags *diags);

/* Copies n bytes at addr into buf. A read may span adjacent segments or
 * chunks. On failure returns false and writes the reason into why (size
 * whylen); buf may then hold part of the bytes. */
bool ea_physmem_read(const struct ea_physmem *pm, uint64_t addr, void *buf,
		     size_t n, char *why, size_t whylen);
void ea_physmem_free(struct ea_physmem *pm);

/* One range of ea_physmem_save(). */
struct ea_physmem_saved {
	struct ea_range r;
	bool ok;
	char why[320]; /* when !ok */
};

/*
 * For --save-memory DIR: writes DIR/<16 lowercase hex digits of r.first>.bin
 * with the bytes of each range, read through pm, so that
 * ea_physmem_open_dir(DIR) serves them again. DIR is created (0755) when
 * missing. Files are created O_EXCL (an existing file is never replaced,
 * so two ranges with the same start fail the second); a range larger than
 * EA_PHYSMEM_MAX_CHUNK or that cannot be read whole writes nothing. out has
 * n entries, one per range. Returns how many files were written.
 */
size_t ea_physmem_save(const struct ea_physmem *pm, const char *dir,
		       const struct ea_range *ranges, size_t n,
		       struct ea_physmem_saved *out);

#endif
