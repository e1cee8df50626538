/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The flattened device tree the kernel booted with (/sys/firmware/fdt, a raw
 * copy of initial_boot_params, drivers/of/fdt.c of_fdt_raw_init()): what it
 * says the next kernel must keep. Format: Devicetree Specification v0.4 ch. 5
 * (header, memory reservation block, structure and strings blocks), read with
 * libfdt after fdt_check_full(). What is taken from it, and the kernel code
 * that reads each item (kernel-formats.md §7.5):
 *
 *   /chosen linux,uefi-*            drivers/firmware/efi/fdtparams.c
 *                                   efi_get_fdt_prop(): 4- or 8-byte cells
 *   /chosen linux,initrd-start/-end drivers/of/fdt.c
 *                                   early_init_dt_check_for_initrd()
 *   /chosen linux,elfcorehdr,       drivers/of/fdt.c early_init_dt_check_for_
 *   linux,usable-memory-range       elfcorehdr(), ..._usable_mem_range()
 *   /memreserve/ (header entries)   drivers/of/fdt.c
 *                                   early_init_fdt_scan_reserved_mem()
 *   /reserved-memory children       drivers/of/of_reserved_mem.c (fdt.c
 *                                   before 6.x) __reserved_mem_check_root(),
 *                                   __reserved_mem_reserve_reg()
 *   device_type = "memory" nodes    drivers/of/fdt.c early_init_dt_scan_memory()
 *   arm,gic-v3 / arm,gic-v3-its     Documentation/devicetree/bindings/
 *                                   interrupt-controller/arm,gic-v3.yaml
 *
 * Every extracted item carries the evidence of one line of the listing input
 * (named "fdt") that names the node path, the property, the property's offset
 * in the structure block (libfdt's offset, "struct+0x...") and the byte
 * offset of its value in the blob.
 *
 * (Not named fdt.h: that would hide libfdt's own <fdt.h> from <libfdt.h>.)
 */
#ifndef EA_DEVTREE_H
#define EA_DEVTREE_H

#include <stdbool.h>
#include <stdint.h>

#include "core/input.h"
#include "core/range.h"
#include "core/util.h"

/* Nodes deeper than this are not read. */
#define EA_FDT_MAX_DEPTH 64
/* More /memreserve/ entries, or (address, size) pairs in one property, than
 * this is taken as a corrupt blob: the rest is not read (with a diag). Real
 * trees have a handful. */
#define EA_FDT_MAX_PAIRS 4096

/* A number from a property. */
struct ea_fdt_num {
	bool has;
	uint64_t v;
	uint32_t len; /* bytes of the property: 4 or 8 */
	struct ea_evid ev;
};

/* One (address, size) pair of a reg-style property. */
struct ea_fdt_reg {
	struct ea_range r;
	struct ea_evid ev;
};

typedef EA_VEC(struct ea_fdt_reg) ea_fdt_reg_vec;

/* One region of a /reserved-memory child; disabled children (status not
 * "okay") are left out, as the kernel skips them. */
struct ea_fdt_resmem {
	char *name;   /* node name, e.g. "linux,cma" or "ramoops@a0000000" */
	bool no_map;  /* "no-map": memblock_mark_nomap() (6.x) */
	bool has_reg; /* false: placed at boot from "size" (dynamic) */
	struct ea_range r; /* when has_reg */
	bool has_size;	   /* dynamic: the "size" property */
	uint64_t size;
	struct ea_evid ev;
};

struct ea_fdt {
	bool usable; /* header sane and fdt_check_full() passed */
	uint32_t totalsize, version;
	uint32_t off_struct, off_strings, off_rsvmap;

	/* Root #address-cells / #size-cells, with the kernel's defaults
	 * (1, 1; OF_ROOT_NODE_*_CELLS_DEFAULT) when absent. */
	uint32_t root_addr_cells, root_size_cells;

	bool has_chosen;
	/* EFI parameters from the stub (drivers/firmware/efi/libstub/fdt.c).
	 * The kernel uses them only when all five are present; a u32 field
	 * given as 8 bytes is saturated to 0xffffffff by the kernel, v keeps
	 * the value as written. */
	struct ea_fdt_num systab, mmap_start, mmap_size, mmap_desc_size,
	    mmap_desc_ver;
	struct ea_fdt_num initrd_start, initrd_end;
	bool has_initrd;	/* start < end */
	struct ea_range initrd; /* [start, end - 1] */
	bool has_elfcorehdr;
	struct ea_fdt_reg elfcorehdr;
	ea_fdt_reg_vec usable_mem; /* linux,usable-memory-range */
	char *bootargs;		   /* NULL when absent */
	struct ea_evid bootargs_ev;

	/* Header memory reservation block (/memreserve/), in order. */
	ea_fdt_reg_vec memreserve;

	/* Root children with device_type "memory" (reg, or the
	 * linux,usable-memory that the kernel prefers to it); disabled ones
	 * are left out, as the kernel skips them. */
	ea_fdt_reg_vec memory;

	bool has_resmem;
	/* /reserved-memory whose #address-cells/#size-cells differ from the
	 * root's, or without "ranges": the kernel ignores the whole node
	 * ("Reserved memory: unsupported node format, ignoring"). */
	bool resmem_ignored;
	EA_VEC(struct ea_fdt_resmem) resmem;

	/* Nodes compatible with "arm,gic-v3": their reg regions
	 * (distributor, redistributors, ...), and the reg of each available
	 * "arm,gic-v3-its" node after one (its_of_probe() looks from the GIC
	 * node on; the binding makes them its children). The ITS base is
	 * r.first. */
	unsigned ngicv3;
	ea_fdt_reg_vec gicv3_reg;
	ea_fdt_reg_vec its;
};

/*
 * Reads in->data/in->len. Lines are appended to `listing` (name it "fdt").
 * A blob that fails the header checks or fdt_check_full() is unusable:
 * in->status becomes EA_IN_MALFORMED with the reason in in->detail, one diag
 * says why (libfdt's fdt_strerror() text for fdt_check_full()), and false is
 * returned. Items that are wrong in a usable blob (cells of an unexpected
 * size, a range past 2^64, ...) are left out with a diag naming the byte
 * offset; the rest is still read.
 */
bool ea_fdt_parse(struct ea_input *in, struct ea_input *listing,
		  struct ea_fdt *out, struct ea_diags *diags);
void ea_fdt_free(struct ea_fdt *f);

#endif
