/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Proof of a loaded image: the segments a kexec load actually used, read
 * from what the loaders print, and checked against the protected ranges.
 *
 * Formats, with where each is printed:
 * - kexec-tools -d, kexec_load path (kexec/kexec.c my_load, print_segments;
 *   same text v2.0.20 .. HEAD, kexec-tools-placement.md §7):
 *     kexec_load: entry = %p flags = 0x%lx
 *     nr_segments = %d
 *     segment[%d].buf   = %p      (%p is glibc's: 0x..., or (nil))
 *     segment[%d].bufsz = 0x%zx
 *     segment[%d].mem   = %p
 *     segment[%d].memsz = 0x%zx
 *   after "kexec_load failed: %s" the same block is printed again.
 *   Named addresses: "initrd: base %lx, size %lxh (%ld)",
 *   "dtb:    base %lx, size %lxh (%ld)" (arm64 arm64_load_other_segments),
 *   "image_arm64_load: kernel_segment: %016lx" + "text_offset: %016lx";
 *   x86: "Loaded purgatory at addr 0x%lx", "Loaded real_mode_data and
 *   command line at 0x%lx", "Loaded 64bit kernel at 0x%lx", "Loaded initrd
 *   at 0x%lx size 0x%lx" (kexec-bzImage64.c).
 * - the kernel's kimage dump on arm64 (arch/arm64/kernel/machine_kexec.c
 *   _kexec_image_info(), pr_debug): "kexec kimage info:", "type: %d",
 *   "segment[%lu]: %016lx - %016lx, 0x%lx bytes, %lu pages" (end exclusive;
 *   bytes / pages is the running kernel's page size).
 * - the kernel's kexec_file debug lines (kernel/kexec_file.c,
 *   arch/arm64/kernel/kexec_image.c + machine_kexec_file.c,
 *   arch/x86/kernel/kexec-bzimage64.c; pr_debug up to 6.7, kexec_dprintk
 *   with KEXEC_FILE_DEBUG from 6.8, kernel-formats.md §8.2):
 *     kexec_file: Loading segment %d: buf=0x%p bufsz=0x%zx mem=0x%lx
 *       memsz=0x%zx                                         (<= 6.7)
 *     kexec_file: nr_segments = %lu                          (>= 6.8)
 *     kexec_file: segment[%d]: buf=0x%p bufsz=0x%zx mem=0x%lx memsz=0x%zx
 *     kexec_file(Image): Loaded kernel at 0x%lx bufsz=0x%lx memsz=0x%lx
 *     kexec_file: Loaded initrd|dtb|elf core header at 0x%lx bufsz=0x%lx
 *       memsz=0x%lx                      (before 51075e0cb759: no memsz)
 *     kexec-bzImage64: Loaded purgatory at 0x%lx, Loaded boot_param,
 *       command line and misc at ..., Loaded 64bit kernel at ..., Loaded
 *       initrd at ...
 *     kexec_file: kexec_file_load: type:%u, start:0x%lx head:0x%lx ...
 *
 * Lines may carry dmesg timestamps, syslog prefixes or mail quoting; a shell
 * command line ("# kexec -d -l ...") starts a new load and labels it.
 */
#ifndef EA_KEXECLOG_H
#define EA_KEXECLOG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/input.h"
#include "core/range.h"
#include "core/util.h"

enum ea_kl_source {
	EA_KL_NONE = 0,
	EA_KL_KEXEC_TOOLS, /* kexec-tools print_segments */
	EA_KL_KIMAGE_DUMP, /* arm64 machine_kexec _kexec_image_info */
	EA_KL_KEXEC_FILE,  /* kernel kexec_file segment lines */
	EA_KL_LOADED_ONLY, /* only "Loaded X at" lines with sizes */
};
const char *ea_kl_source_name(enum ea_kl_source s); /* for people */
const char *ea_kl_source_key(enum ea_kl_source s);  /* for JSON */

struct ea_kl_segment {
	unsigned index;
	bool has_mem, has_memsz, has_bufsz;
	uint64_t mem, memsz, bufsz;
	bool has_range; /* mem and memsz known and memsz > 0 */
	struct ea_range r;
	char name[24]; /* "kernel", "initrd", "dtb", "purgatory", ... or "" */
	struct ea_evid ev;	/* the line giving mem (or the whole segment) */
	struct ea_evid name_ev; /* the line that named it */
	/* the protected ranges it overlaps, by address (indices into the
	 * array given to ea_kexeclog_overlaps()); NULL until then */
	size_t *hits;
	size_t nhits;
};

struct ea_kl_name {
	char name[24];
	uint64_t addr;
	bool has_size;
	uint64_t size;
	struct ea_evid ev;
};

struct ea_kl_load {
	enum ea_kl_source source;
	char *label; /* the shell command, or NULL */
	struct ea_evid start_ev;
	bool failed; /* kexec-tools printed "kexec_load failed" */
	bool crash;  /* KEXEC_ON_CRASH flag, or kimage/kexec_file type 1 */
	uint64_t page_size; /* from a kimage dump (bytes / pages); 0 unknown */
	EA_VEC(struct ea_kl_segment) seg;
	EA_VEC(struct ea_kl_name) names;
};

struct ea_kexeclog {
	EA_VEC(struct ea_kl_load) loads;
};

/* Reads every load the text shows. Lines it recognises but cannot read go
 * to diags (may be NULL). Never fails; no load found leaves loads empty. */
void ea_kexeclog_parse(const struct ea_input *in, struct ea_kexeclog *out,
		       struct ea_diags *diags);
void ea_kexeclog_free(struct ea_kexeclog *k);

#endif
