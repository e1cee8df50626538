/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Kernel image headers, read for the sizes and alignments the loaders use.
 *
 * arm64 Image (Documentation/arch/arm64/booting.rst; kexec-tools
 * kexec/arch/arm64/image-header.h; kernel arch/arm64/include/asm/image.h):
 * text_offset u64 @8, image_size u64 @16, flags u64 @24 (bit 0 big-endian,
 * bits 1-2 page size 1=4K 2=16K 3=64K, bit 3 placement), magic "ARM\x64" @56,
 * little-endian. image_size 0 (kernels <= 3.16): kexec-tools
 * arm64_process_image_header() assumes text_offset 0x80000 and 16 MiB; the
 * kernel's kexec_file image_load() refuses such an image.
 *
 * x86 bzImage (Documentation/arch/x86/boot.rst setup header; kernel
 * arch/x86/kernel/kexec-bzimage64.c bzImage64_probe/bzImage64_load; kexec-tools
 * kexec/arch/x86_64/kexec-bzImage64.c): setup_sects @0x1f1, boot_flag 0xAA55
 * @0x1fe, "HdrS" @0x202, version @0x206, loadflags @0x211, kernel_alignment
 * @0x230, relocatable_kernel @0x234, min_alignment @0x235, xloadflags @0x236,
 * cmdline_size @0x238, pref_address @0x258, init_size @0x260.
 *
 * Every read goes through bounds-checked little-endian helpers; no header
 * struct is ever laid over the bytes.
 */
#ifndef EA_KIMAGE_H
#define EA_KIMAGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum ea_kimage_kind {
	EA_KIMAGE_UNKNOWN = 0,
	EA_KIMAGE_ARM64,
	EA_KIMAGE_X86_BZIMAGE,
	EA_KIMAGE_GZIP, /* gzip data not decompressed (no zlib in this build) */
};

struct ea_kimage_arm64 {
	uint64_t text_offset;
	uint64_t image_size;
	uint64_t flags;
	/* image_size was 0: the kexec-tools defaults were used */
	bool size_assumed;
	bool big_endian;
	unsigned page_kib;   /* 4, 16, 64; 0 unspecified */
	bool place_anywhere; /* flags bit 3 */
	bool pe;	     /* "MZ": an EFI-stub (PE/COFF) Image */
};

/* xloadflags bits (arch/x86/include/uapi/asm/bootparam.h) */
#define EA_XLF_KERNEL_64 (1u << 0)
#define EA_XLF_CAN_BE_LOADED_ABOVE_4G (1u << 1)
#define EA_XLF_EFI_HANDOVER_32 (1u << 2)
#define EA_XLF_EFI_HANDOVER_64 (1u << 3)
#define EA_XLF_EFI_KEXEC (1u << 4)
#define EA_XLF_5LEVEL (1u << 5)

struct ea_kimage_x86 {
	uint8_t setup_sects; /* 0 means 4 */
	uint16_t version;    /* boot protocol, 0x020f = 2.15 */
	uint8_t loadflags;
	uint16_t xloadflags;
	uint32_t kernel_alignment;
	bool relocatable;
	uint8_t min_alignment; /* log2 */
	uint32_t cmdline_size;
	uint64_t pref_address;
	uint32_t init_size;
	uint64_t kern16_size; /* (setup_sects + 1) * 512 */
	/* the kernel's bzImage64_probe() would accept it */
	bool kexec_file_ok;
	/* kexec-tools' bzImage64 loader would take it (>= 2.12, xloadflags
	 * & 3 == 3) */
	bool kexec_tools_ok;
};

struct ea_kimage {
	enum ea_kimage_kind kind;
	uint64_t file_size; /* bytes of the (decompressed) image */
	bool was_gzip;	    /* the file was gzip; file_size is of the data */
	struct ea_kimage_arm64 arm64;
	struct ea_kimage_x86 x86;
	/* what the loaders use for the kernel segment */
	uint64_t memsz; /* arm64: text_offset + image_size; x86: init_size
			    page-aligned */
	uint64_t align; /* arm64: 2 MiB (MIN_KIMG_ALIGN); x86:
			    kernel_alignment */
	char why[200];	/* when kind is UNKNOWN or GZIP, or a note */
};

/* The first bytes of a kernel file (64 are enough for arm64, 0x270 for
 * x86), and the file's size. false with why set when nothing is recognised
 * (kind UNKNOWN) or the data is gzip that could not be inflated (kind GZIP). */
bool ea_kimage_parse(const unsigned char *buf, size_t len, uint64_t file_size,
		     struct ea_kimage *out);

/* Reads a kernel file: plain Image, bzImage, or gzip'd Image (inflated when
 * the build has zlib, EA_HAVE_ZLIB; else kind GZIP with the advice to
 * decompress it first). Opened as every file named on the command line is
 * (ea_open_given(): a regular file, not through a last symbolic link, a
 * file of the running system only when live). */
bool ea_kimage_read_file(const char *path, bool live, struct ea_kimage *out);

/* The flattened device tree header's totalsize (big-endian u32 @4 after
 * magic 0xd00dfeed): what a DTB segment's size starts from. */
bool ea_fdt_totalsize(const unsigned char *buf, size_t len, uint32_t *out);

#endif
