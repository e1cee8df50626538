/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The placement what-if: where would a kexec load put each segment on the
 * audited system, which rule put it there, and which protected range would
 * it overwrite. Three models, each following its loader's own code:
 *
 * - kexec_file_load, arm64: kernel/kexec_file.c kexec_add_buffer() ->
 *   kexec_locate_mem_hole() -> kexec_walk_memblock() (for_each_free_mem_range
 *   [_reverse], MEMBLOCK_NONE) -> locate_mem_hole_callback() /
 *   locate_mem_hole_{bottom_up,top_down}(); segments from
 *   arch/arm64/kernel/kexec_image.c image_load() and machine_kexec_file.c
 *   load_other_segments() (kernel-formats.md §8.1, §8.2).
 * - kexec_file_load, x86_64: the same search over top-level "System RAM"
 *   resources (kexec_walk_resources(), walk_system_ram_res[_rev]), or memblock
 *   on TDX-host kernels; segments from arch/x86/kernel/kexec-bzimage64.c
 *   bzImage64_load() (kernel-formats.md §8.3).
 * - kexec_load, arm64, through kexec-tools: kexec/arch/arm64/kexec-arm64.c
 *   get_memory_ranges() (the usable list, built exactly as kexec-tools builds
 *   it for the chosen version) and kexec/kexec.c locate_hole(),
 *   add_buffer_phys_virt(), valid_memory_range(); segments from
 *   kexec-image-arm64.c image_arm64_load() and arm64_load_other_segments()
 *   (kexec-tools-placement.md §2-§4).
 *
 * Version-dependent rules come from the knowledge base (knowledge.h); the
 * result names the rules applied and why. When the kernel would not use a
 * hole search at all (kexec handover scratch areas, CMA-first allocation,
 * an x86 TDX host without memblock data) the result says so instead of
 * guessing. A segment that cannot be placed fails the model the way the
 * real loader fails.
 */
#ifndef EA_PLACEMENT_H
#define EA_PLACEMENT_H

#include <stdbool.h>
#include <stdint.h>

#include "model/model.h"
#include "read/kimage.h"

enum ea_pl_model {
	EA_PL_FILE_ARM64 = 0, /* kexec_file_load, arm64 Image */
	EA_PL_FILE_X86,	      /* kexec_file_load, x86 bzImage64 */
	EA_PL_LOAD_ARM64,     /* kexec_load via kexec-tools, arm64 Image */
};
const char *ea_pl_model_name(enum ea_pl_model m); /* for people */
const char *ea_pl_model_key(enum ea_pl_model m);  /* for JSON */

/* kexec-tools behaviour for the arm64 usable list */
enum ea_pl_kt {
	EA_PL_KT_2_0_24 = 0, /* >= 2.0.24 (default): System RAM minus its
				children; only the last Crash kernel kept */
	EA_PL_KT_2_0_21,     /* 2.0.21 .. 2.0.23: every Crash kernel kept */
	EA_PL_KT_2_0_20,     /* <= 2.0.20, before f736104: System RAM whole,
				at most 64 matching lines */
};

/* "2.0.20", "2.0.25", "2.0.32" (a leading "v" and a Debian epoch or
 * revision like "1:2.0.25-3+deb12u3" are accepted) -> the usable-list rules
 * of that version. false when it is not a kexec-tools version. */
/* The rules of kexec-tools a.b.c. */
enum ea_pl_kt ea_pl_kt_of(unsigned a, unsigned b, unsigned c);
bool ea_pl_kt_from_version(const char *ver, enum ea_pl_kt *kt, unsigned *major,
			   unsigned *minor, unsigned *patch);

struct ea_pl_request {
	enum ea_pl_model model;
	/* kernel release whose rules apply; NULL: the audited kernel's */
	const char *release;
	const char *banner;
	bool crash; /* kexec_file arm64 only: a crash image (-p) */

	/* the kernel: an image header, or the sizes given */
	const struct ea_kimage *image;
	uint64_t kernel_size;  /* arm64 image_size; x86 init_size */
	uint64_t text_offset;  /* arm64 */
	uint64_t kernel_align; /* x86 kernel_alignment; 0: 2 MiB assumed */
	uint64_t pref_address; /* x86 */

	bool has_initrd;
	uint64_t initrd_size;
	/* the DTB handed to the next kernel; 0: estimated from the boot FDT
	 * (a->fdt) and cmdline_len, else one page, said so */
	uint64_t dtb_size;
	const char *dtb_source; /* where dtb_size came from */
	/* the new command line in bytes with its NUL (kexec_file_load's
	 * cmdline_len); 0 when not known */
	uint64_t cmdline_len;
	uint64_t purgatory_size;      /* 0: the measured default (see .c) */
	uint64_t boot_params_size;    /* x86; 0: estimated from the inputs */
	uint64_t elfcorehdr_size;     /* crash; 0: one page, assumed */
	uint64_t page_size;	      /* 0: 4 KiB, assumed */
	const char *page_size_source; /* where page_size came from, or NULL
					 (given by the user) */
	enum ea_pl_kt kexec_tools;
	/* kexec_load: kexec-tools --mem-min / --mem-max (kexec/kexec.c
	 * mem_min, mem_max: 0 and ULONG_MAX unless given). locate_hole()
	 * clamps every usable piece to [mem_min, mem_max] and
	 * valid_memory_range() refuses a segment outside it; kexec_file_load
	 * never sees them. */
	bool has_mem_min, has_mem_max;
	uint64_t mem_min, mem_max; /* inclusive */
	/* told otherwise: the load passes KEXEC_FILE_NO_CMA (kexec --no-cma),
	 * or the kernel has no default CMA area; KHO is off */
	bool no_cma;
	bool kho_off;
	/* the kernel configuration has CONFIG_IMA_KEXEC=y: kexec_file_load
	 * adds the IMA measurement list first (ima_add_kexec_buffer()) */
	bool ima_kexec;
	/* x86 boot_params, from the configuration when one was read
	 * (config_known): CONFIG_EFI_RUNTIME_MAP is not set, so
	 * efi_get_runtime_map_size() is 0; CONFIG_KEXEC_HANDOVER is set, so
	 * a KHO setup_data is added */
	bool config_known;
	bool no_runtime_map;
	bool kho_setup_data;
};

struct ea_pl_segment {
	char name[24]; /* kernel, initrd, dtb, purgatory, boot_params, ... */
	bool placed;
	struct ea_range r; /* the segment as the loader records it */
	uint64_t memsz;
	char *rule;    /* the rule that placed it (or why it failed) */
	bool has_free; /* the candidate range it went into */
	struct ea_range free;
	struct ea_evid free_ev; /* the line that makes that range free */
	size_t nhits;		/* protected ranges it overlaps */
	size_t *hits;		/* indices into a->prot, by address */
};

enum ea_pl_status {
	EA_PL_PLACED = 0,
	EA_PL_FAILED,	      /* the loader would fail the load */
	EA_PL_NOT_APPLICABLE, /* the loader would not use this search */
	EA_PL_NO_INPUT,	      /* the inputs the model needs are missing */
	EA_PL_NOT_MODELLED,   /* no model of this loader on this arch */
};
const char *ea_pl_status_name(enum ea_pl_status s);

struct ea_placement {
	enum ea_pl_model model;
	enum ea_pl_status status;
	char *why;   /* failed / not applicable / no input: why */
	char *rules; /* the rules applied and why (always set) */
	EA_VEC(char *) assumptions;
	uint64_t page_size;
	unsigned kernel_attempts;	  /* arm64 kexec_file retry loop */
	EA_VEC(struct ea_pl_segment) seg; /* in placement order */
};

/* The model must be built (the protected ranges known). */
void ea_placement_run(const struct ea_world *a, const struct ea_pl_request *rq,
		      struct ea_placement *out);
void ea_placement_free(struct ea_placement *p);

#endif
