/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The knowledge base (see knowledge.h). Where each fact comes from:
 *
 * - shared reference kernel-formats.md §3.1 (MEMRESERVE layouts, 4.20 vs
 *   5.0), §3.3 (ab0eb16205b4, 2bab693a608b), §4 (d23bc2bc1d63), §8 (the
 *   kexec_file hole search, arm64 and x86 segment rules), §11 (timeline);
 *   kexec-tools-placement.md §3.2 (f736104, first in 2.0.21);
 * - kernel sources read through the code index: kernel/kexec_file.c
 *   (locate_mem_hole_top_down, kexec_walk_resources, kexec_locate_mem_hole,
 *   5.10.13 and current mainline), arch/arm64/kernel/kexec_image.c,
 *   arch/x86/kernel/kexec-bzimage64.c;
 * - mails found through the code index, cited per row below: stable review
 *   and linux-stable-rc push mails (which stable release carries a backport),
 *   tip-bot and arm64/mm branch push mails (which cycle a commit entered),
 *   regression reports that bisected to a commit.
 *
 * A stable entry is "verified" only when a stable review mail or a
 * linux-stable-rc push naming that exact release contains the backport.
 */
#include "model/knowledge.h"
#include "core/util.h"

#include <ctype.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define BIT_ARM64 (1u << EA_ARCH_ARM64)
#define BIT_X86 (1u << EA_ARCH_X86_64)
#define BIT_KF (1u << EA_KEXEC_FILE)
#define BIT_KL (1u << EA_KEXEC_LOAD)

/* What to do about an escape each row explains. The wording of the ones
 * the text report printed before (memblock, iomem, x86 e820) is kept. */
#define WTD_MEMRESERVE_TABLE                                                   \
	"the kernel predates LINUX_EFI_MEMRESERVE (71e0940d52e1, v4.20): it "  \
	"passes no LPI tables to the next kernel, which finds LPIs enabled "   \
	"over memory it takes for free; update the kernel to v4.20 or later "  \
	"and boot it through UEFI"
#define WTD_CHAIN_LAYOUT                                                       \
	"kexec only between kernels on the same side of v5.0 (80424b02d42b): " \
	"a v4.20 MEMRESERVE chain and a v5.0+ one are misread by each other"
#define WTD_MEMRESERVE_IOMEM                                                   \
	"/proc/iomem has no reserved child for it: the kernel lacks "          \
	"ab0eb16205b4 (\"efi/memreserve: register reservations as "            \
	"'reserved' in /proc/iomem\", v5.5, 5.4.7); update the kernel, and "   \
	"use kexec-tools >= 2.0.21, which skips reserved children"
#define WTD_X86_ESRT_E820                                                      \
	"the kernel kept this table with memblock only, which kexec does not " \
	"see on x86: kernels with \"x86/efi: Update e820 with reserved EFI "   \
	"boot services data to fix kexec breakage\" (v5.5, stable 4.14+) "     \
	"carve it out of System RAM"
#define WTD_MEMRESERVE_MEMBLOCK                                                \
	"the kernel does not memblock_reserve() its MEMRESERVE ranges: it "    \
	"lacks 2bab693a608b (\"firmware/efi: Tell memblock about EFI iomem "   \
	"reservations\", v5.14-rc2 and stable); update the kernel, or load "   \
	"with kexec -c (kexec_load, kexec-tools >= 2.0.21)"
#define WTD_LPI_PENDING_ONLINE                                                 \
	"load the image only after every CPU has come online once: "           \
	"d23bc2bc1d63 (v5.17) reserves a CPU's LPI pending table when that "   \
	"CPU first comes online"
#define WTD_KEXEC_TOOLS                                                        \
	"use kexec-tools >= 2.0.21 (f736104), which keeps segments out of "    \
	"the 'reserved' children of System RAM in /proc/iomem; 2.0.20 and "    \
	"older place them anywhere in System RAM"

const struct ea_kb_row ea_kb_rows[EA_KB_NROWS] = {
	[EA_KB_MEMRESERVE_TABLE] = {
	    .id = EA_KB_MEMRESERVE_TABLE,
	    .key = "memreserve_table",
	    .project = "linux",
	    .commit = "71e0940d52e1",
	    .subject = "efi: honour memory reservations passed via a linux "
		       "specific config table",
	    .major = 4, .minor = 20, .rc = 1,
	    .release_verified = true,
	    .arches = BIT_ARM64,
	    .loaders = BIT_KF | BIT_KL,
	    .scope = EA_KB_PROTECTS,
	    .needs = EA_KB_NEED_UEFI,
	    .effect = "the EFI stub installs LINUX_EFI_MEMRESERVE and the GICv3 "
		      "ITS driver records its LPI tables in it "
		      "(gic_reserve_range), so the next kernel reserves them; "
		      "before it nothing preserves LPI tables across a kexec",
	    .what_to_do = WTD_MEMRESERVE_TABLE,
	    .source = "kernel-formats.md §3.1, §12.1 [V 4.19.118 lacks it, "
		      "4.20.0 has it]; vendor 4.14/4.18 kernels backported it",
	},
	[EA_KB_CHAIN_LAYOUT] = {
	    .id = EA_KB_CHAIN_LAYOUT,
	    .key = "memreserve_chain_layout",
	    .project = "linux",
	    .commit = "80424b02d42b",
	    .subject = "efi: Reduce the amount of memblock reservations for "
		       "persistent allocations",
	    .major = 5, .minor = 0, .rc = 1,
	    .release_verified = true,
	    .arches = BIT_ARM64,
	    .loaders = BIT_KF | BIT_KL,
	    .scope = EA_KB_FORMAT,
	    .needs = EA_KB_NEED_MEMRESERVE,
	    .effect = "MEMRESERVE nodes become {s32 size; s32 count; u64 next; "
		      "entries[]} pages instead of v4.20's 24-byte single-entry "
		      "nodes; a kernel kexec'd across the change reads garbage",
	    .what_to_do = WTD_CHAIN_LAYOUT,
	    .source = "kernel-formats.md §3.1 [V 4.20.0, 5.0.1; M Fixes: tag]",
	},
	[EA_KB_ARM64_KEXEC_FILE] = {
	    .id = EA_KB_ARM64_KEXEC_FILE,
	    .key = "arm64_kexec_file",
	    .project = "linux",
	    .commit = "52b2a8af7436",
	    .subject = "arm64: kexec_file: load initrd and device-tree",
	    .major = 5, .minor = 0, .rc = 1,
	    .release_verified = true,
	    .arches = BIT_ARM64,
	    .loaders = BIT_KF,
	    .scope = EA_KB_PLACEMENT,
	    .effect = "arm64 gains kexec_file_load (memblock walk); before "
		      "v5.0 arm64 has no kexec_file_load at all",
	    .source = "kernel-formats.md §8.2 [V not in the 4.20 Kconfig]; "
		      "\"Cc: stable # v5.0\" on its fixes",
	},
	[EA_KB_MEMRESERVE_IOMEM] = {
	    .id = EA_KB_MEMRESERVE_IOMEM,
	    .key = "memreserve_iomem",
	    .project = "linux",
	    .commit = "ab0eb16205b4",
	    .subject = "efi/memreserve: Register reservations as 'reserved' "
		       "in /proc/iomem",
	    .major = 5, .minor = 5, .rc = 0,
	    .release_verified = true,
	    .stable = { { 5, 4, 7, true } },
	    .nstable = 1,
	    .arches = BIT_ARM64,
	    .loaders = BIT_KL,
	    .scope = EA_KB_PROTECTS,
	    .needs = EA_KB_NEED_MEMRESERVE,
	    .effect = "this kernel's MEMRESERVE entries (LPI tables) and list "
		      "pages become 'reserved' children of System RAM in "
		      "/proc/iomem, which kexec-tools >= 2.0.21 subtracts",
	    .what_to_do = WTD_MEMRESERVE_IOMEM,
	    .source = "kernel-formats.md §3.3 [M tip efi/urgent 2019-12-08; "
		      "\"[PATCH 5.4 393/434]\" 2019-12-29]",
	},
	[EA_KB_X86_ESRT_E820] = {
	    .id = EA_KB_X86_ESRT_E820,
	    .key = "x86_efi_reserve_e820",
	    .project = "linux",
	    .commit = "af1648984828",
	    .subject = "x86/efi: Update e820 with reserved EFI boot services "
		       "data to fix kexec breakage",
	    .major = 5, .minor = 5, .rc = 0,
	    .release_verified = true,
	    .stable = { { 5, 4, 11, true },
			{ 4, 19, 95, true },
			{ 4, 14, 164, true } },
	    .nstable = 3,
	    .arches = BIT_X86,
	    .loaders = BIT_KF,
	    .scope = EA_KB_PROTECTS,
	    .needs = EA_KB_NEED_UEFI,
	    .effect = "boot-services data the kernel keeps with "
		      "efi_mem_reserve() (ESRT, BGRT) becomes e820 reserved, so "
		      "it leaves the System RAM resources kexec_file walks",
	    .what_to_do = WTD_X86_ESRT_E820,
	    .source = "tip-bot x86/urgent 2019-12-04 (the Michael Weiser "
		      "report, corpus asus-ux391fa-x86); stable review mails "
		      "2020-01-11 for 5.4.11, 4.19.95 and 4.14.164 [M]",
	},
	[EA_KB_ARM64_CRASH_FILE] = {
	    .id = EA_KB_ARM64_CRASH_FILE,
	    .key = "arm64_kexec_file_crash",
	    .project = "linux",
	    .commit = "3751e728cef2",
	    .subject = "arm64: kexec_file: add crash dump support",
	    .major = 5, .minor = 7, .rc = 0,
	    .release_verified = false,
	    .arches = BIT_ARM64,
	    .loaders = BIT_KF,
	    .scope = EA_KB_PLACEMENT,
	    .effect = "arm64 image_load accepts crash images; before it "
		      "KEXEC_FILE_ON_CRASH fails with EOPNOTSUPP",
	    .source = "kernel-formats.md §8.2 [V 5.4 refuses, 5.10 accepts; "
		      "v5.7 inferred]",
	},
	[EA_KB_ARM64_RETRY] = {
	    .id = EA_KB_ARM64_RETRY,
	    .key = "arm64_kexec_file_retry",
	    .project = "linux",
	    .commit = "108aa503657e",
	    .subject = "arm64: kexec_file: try more regions if loading "
		       "segments fails",
	    .major = 5, .minor = 10, .rc = 3,
	    .release_verified = true,
	    .stable_unverified = "5.9",
	    .arches = BIT_ARM64,
	    .loaders = BIT_KF,
	    .scope = EA_KB_PLACEMENT,
	    .effect = "when the initrd or DTB cannot be placed, the kernel "
		      "segment is dropped, buf_min raised past it and the "
		      "search repeated (\"Could not find any suitable kernel "
		      "location!\" when none is left); before it the load "
		      "fails at once",
	    .source = "arm64-fixes tag push 2020-11-06 and the v5.10-rc3 "
		      "shortlog [M]; AUTOSEL 5.9 2020-11-10 and stable-rc "
		      "queue/5.9 2020-11-16 (release not verified); absent in "
		      "5.4.214 [V]",
	},
	[EA_KB_MEMRESERVE_MEMBLOCK] = {
	    .id = EA_KB_MEMRESERVE_MEMBLOCK,
	    .key = "memreserve_memblock",
	    .project = "linux",
	    .commit = "2bab693a608b",
	    .subject = "firmware/efi: Tell memblock about EFI iomem "
		       "reservations",
	    .major = 5, .minor = 14, .rc = 2,
	    .release_verified = true,
	    .stable = { { 5, 13, 6, true },
			{ 5, 10, 54, true },
			{ 5, 4, 136, true } },
	    .nstable = 3,
	    .arches = BIT_ARM64,
	    .loaders = BIT_KF,
	    .scope = EA_KB_PROTECTS,
	    .needs = EA_KB_NEED_MEMRESERVE,
	    .effect = "efi_mem_reserve_iomem() also memblock_reserve()s, so "
		      "kexec_file_load's memblock walk avoids this kernel's LPI "
		      "tables and MEMRESERVE list pages (only when the iomem "
		      "insertion succeeded)",
	    .what_to_do = WTD_MEMRESERVE_MEMBLOCK,
	    .source = "kernel-formats.md §3.3 [M efi-urgent-for-v5.14-rc2; "
		      "\"[PATCH 5.13 176/223]\" 2021-07-26]; linux-stable-rc "
		      "pushes 2021-07-26 ending \"Linux 5.10.54-rc1\" and "
		      "\"Linux 5.4.136-rc1\" contain the backport [M]; absent in "
		      "5.10.44 [V]",
	},
	[EA_KB_LPI_PENDING_ONLINE] = {
	    .id = EA_KB_LPI_PENDING_ONLINE,
	    .key = "lpi_pending_at_cpu_online",
	    .project = "linux",
	    .commit = "d23bc2bc1d63",
	    .subject = "irqchip/gic-v3-its: Postpone LPI pending table freeing "
		       "and memreserve",
	    .major = 5, .minor = 17, .rc = 1,
	    .release_verified = true,
	    .arches = BIT_ARM64,
	    .loaders = BIT_KF | BIT_KL,
	    .scope = EA_KB_PROTECTS,
	    .needs = EA_KB_NEED_MEMRESERVE,
	    .effect = "each CPU's LPI pending table is reserved the first time "
		      "that CPU comes online (CPUHP_AP_ONLINE_DYN); a CPU "
		      "onlined after the image was loaded is not protected for "
		      "that image, a CPU never onlined has no entry",
	    .what_to_do = WTD_LPI_PENDING_ONLINE,
	    .source = "kernel-formats.md §4 [M v5.17-rc1; V 5.15.100, 6.1]",
	},
	[EA_KB_TOPDOWN_START] = {
	    .id = EA_KB_TOPDOWN_START,
	    .key = "kexec_file_topdown_start",
	    .project = "linux",
	    .commit = "18d565ea95fe",
	    .subject = "kexec_file: fix incorrect temp_start value in "
		       "locate_mem_hole_top_down()",
	    .major = 6, .minor = 8, .rc = 1,
	    .release_verified = true,
	    .arches = BIT_ARM64 | BIT_X86,
	    .loaders = BIT_KF,
	    .scope = EA_KB_PLACEMENT,
	    .effect = "a top-down segment starts at align_down(end - memsz + "
		      "1); before it at align_down(end - memsz), one page (or "
		      "one alignment unit) below the top of the range",
	    .source = "patch 2023-12-15; regression report \"only versions >= "
		      "6.8 are affected\" bisected to it [M]; the 5.3 x86 "
		      "segments of corpus asus-ux391fa-x86 follow the old rule",
	},
	[EA_KB_REVERSE_RAM_WALK] = {
	    .id = EA_KB_REVERSE_RAM_WALK,
	    .key = "kexec_file_reverse_ram_walk",
	    .project = "linux",
	    .commit = "b3ba234171cd",
	    .subject = "kexec_file: load kernel at top of system RAM if "
		       "required",
	    .major = 6, .minor = 8, .rc = 1,
	    .release_verified = false,
	    .arches = BIT_X86,
	    .loaders = BIT_KF,
	    .scope = EA_KB_PLACEMENT,
	    .effect = "top-down segments walk System RAM resources from the "
		      "highest (walk_system_ram_res_rev); before it the walk "
		      "goes up over resources and \"top-down\" holds only "
		      "inside the first resource that fits",
	    .source = "kernel-formats.md §8.1 [V absent 6.6.87, present "
		      "6.13.7]; it sits with v6.8-rc1 commits in mm-nonmm "
		      "branch lists and a regression on \">= 6.8\" bisected to "
		      "it [M]",
	},
	[EA_KB_X86_TDX_MEMBLOCK] = {
	    .id = EA_KB_X86_TDX_MEMBLOCK,
	    .key = "x86_tdx_host_memblock",
	    .project = "linux",
	    .commit = "abe8dbab8f9f",
	    .subject = "x86/virt/tdx: Use all system memory when initializing "
		       "TDX module as TDX memory",
	    .major = 6, .minor = 8, .rc = 1,
	    .release_verified = false,
	    .arches = BIT_X86,
	    .loaders = BIT_KF,
	    .scope = EA_KB_PLACEMENT,
	    .effect = "CONFIG_INTEL_TDX_HOST selects ARCH_KEEP_MEMBLOCK, so a "
		      "TDX-host kernel's kexec_file walks memblock (free = "
		      "memory minus reserved) instead of System RAM resources",
	    .source = "kernel-formats.md §8.1 [V absent 6.6.87, present "
		      "6.13.7; I ~v6.8]; tip x86/tdx branch list [M]",
	},
	[EA_KB_X86_PREF_ADDRESS] = {
	    .id = EA_KB_X86_PREF_ADDRESS,
	    .key = "x86_kexec_file_pref_address",
	    .project = "linux",
	    .commit = "43b1d3e68ee7",
	    .subject = "kexec: Allocate kernel above bzImage's pref_address",
	    .major = 6, .minor = 9, .rc = 1,
	    .release_verified = false,
	    .arches = BIT_X86,
	    .loaders = BIT_KF,
	    .scope = EA_KB_PLACEMENT,
	    .effect = "the bzImage kernel segment's buf_min is pref_address "
		      "when that is above 1 MiB",
	    .source = "tip-bot x86/boot 2024-02-22, branch based on v6.8-rc6 "
		      "[M]; 6.18 [V]",
	},
	[EA_KB_KHO] = {
	    .id = EA_KB_KHO,
	    .key = "kexec_handover_scratch",
	    .project = "linux",
	    .commit = "3bdecc3c93f9",
	    .subject = "kexec: add KHO support to kexec file loads",
	    .major = 6, .minor = 16, .rc = 0,
	    .release_verified = false,
	    .arches = BIT_ARM64 | BIT_X86,
	    .loaders = BIT_KF,
	    .scope = EA_KB_BYPASS,
	    .effect = "with kexec handover enabled (kho=on), non-crash "
		      "kexec_file segments go only into KHO scratch areas",
	    .source = "kernel-formats.md §8.1 [I 6.16, V 6.18]; commit id "
		      "from Fixes: tags in 2025-09 mails",
	},
	[EA_KB_IMA_NO_CRASH] = {
	    .id = EA_KB_IMA_NO_CRASH,
	    .key = "ima_kexec_not_for_crash",
	    .project = "linux",
	    .commit = "fe3aebf27dc1",
	    .subject = "ima: do not copy measurement list to kdump kernel",
	    .major = 6, .minor = 16, .rc = 0,
	    .release_verified = false,
	    .stable_unverified = "6.12",
	    .arches = BIT_ARM64 | BIT_X86,
	    .loaders = BIT_KF,
	    .scope = EA_KB_PLACEMENT,
	    .effect = "with CONFIG_IMA_KEXEC, a crash image gets no IMA "
		      "measurement-list segment (ima_add_kexec_buffer() "
		      "returns for KEXEC_TYPE_CRASH); before it the list is "
		      "placed first, inside the Crash kernel region",
	    .source = "linux-integrity next-integrity push and v6.16 merge "
		      "(2025-05); read in Debian's linux-source-6.12 "
		      "6.12.118 (has it) and linux-source-6.1 6.1.192 (has "
		      "not) [first 6.12.y release not verified]",
	},
	[EA_KB_CMA] = {
	    .id = EA_KB_CMA,
	    .key = "kexec_file_cma_first",
	    .project = "linux",
	    .commit = "07d24902977e",
	    .subject = "kexec: enable CMA based contiguous allocation",
	    .major = 6, .minor = 17, .rc = 0,
	    .release_verified = false,
	    .arches = BIT_ARM64 | BIT_X86,
	    .loaders = BIT_KF,
	    .scope = EA_KB_BYPASS,
	    .effect = "non-crash kexec_file segments are first allocated from "
		      "the default CMA area (ignoring buf_min/buf_max) unless "
		      "KEXEC_FILE_NO_CMA (0x10) is passed; the flag was at first "
		      "missing from the legal flags (EINVAL)",
	    .source = "kernel-formats.md §8.1 [I 6.17, V 6.18]; 2025-08 mails "
		      "on the missing flag; kexec-tools --no-cma (e4de788, "
		      "after 2.0.32)",
	},
	[EA_KB_KEXEC_TOOLS_EXCLUDE] = {
	    .id = EA_KB_KEXEC_TOOLS_EXCLUDE,
	    .key = "kexec_tools_exclude_reserved",
	    .project = "kexec-tools",
	    .commit = "f736104",
	    .subject = "arm64: kexec: allocate memory space avoiding reserved "
		       "regions",
	    .major = 2, .minor = 0, .patch = 21,
	    .release_verified = true,
	    .arches = BIT_ARM64,
	    .loaders = BIT_KL,
	    .scope = EA_KB_PROTECTS,
	    .effect = "arm64 kexec-tools subtracts every line inside System "
		      "RAM except Kernel code, Kernel data and the crash region "
		      "from /proc/iomem; 2.0.20 and older use every System RAM "
		      "line whole (at most 64 lines)",
	    .what_to_do = WTD_KEXEC_TOOLS,
	    .source = "kexec-tools-placement.md §3 [V v2.0.20, v2.0.21, HEAD]",
	},
};

const struct ea_kb_row *ea_kb_get(enum ea_kb_id id)
{
	if ((unsigned)id >= EA_KB_NROWS)
		return NULL;
	return &ea_kb_rows[id];
}

static char *xfmt(const char *f, ...) __attribute__((format(printf, 1, 2)));
static char *xfmt(const char *f, ...)
{
	va_list ap, aq;
	va_start(ap, f);
	va_copy(aq, ap);
	int n = vsnprintf(NULL, 0, f, aq);
	va_end(aq);
	size_t len = n < 0 ? 0 : (size_t)n;
	char *s = ea_xrealloc(NULL, len + 1, 1);
	vsnprintf(s, len + 1, f, ap);
	va_end(ap);
	return s;
}

static void say(char *buf, size_t len, const char *f, ...)
    __attribute__((format(printf, 3, 4)));
static void say(char *buf, size_t len, const char *f, ...)
{
	if (!buf || !len)
		return;
	va_list ap;
	va_start(ap, f);
	vsnprintf(buf, len, f, ap);
	va_end(ap);
}

/* ---- release strings ------------------------------------------------- */

static bool read_uint(const char **p, unsigned *out)
{
	const char *s = *p;
	unsigned v = 0;
	int n = 0;
	while (isdigit((unsigned char)*s) && n < 6) {
		v = v * 10 + (unsigned)(*s - '0');
		s++;
		n++;
	}
	if (!n || isdigit((unsigned char)*s))
		return false;
	*out = v;
	*p = s;
	return true;
}

/* The last "Debian X.Y.Z" in a banner whose X.Y matches: the kernel's own
 * ("#1 SMP Debian 5.10.223-1"), not the compiler's "(Debian 10.2.1-6)". */
static bool debian_sublevel(const char *banner, unsigned major, unsigned minor,
			    unsigned *patch)
{
	bool found = false;
	for (const char *p = banner; p && (p = strstr(p, "Debian ")); p++) {
		const char *s = p + 7;
		unsigned a, b, c;
		if (read_uint(&s, &a) && *s == '.' &&
		    (s++, read_uint(&s, &b)) && *s == '.' &&
		    (s++, read_uint(&s, &c)) && a == major && b == minor) {
			*patch = c;
			found = true;
		}
	}
	return found;
}

/* Ubuntu's banner ends with its version signature, the Ubuntu version and
 * the mainline release it is based on: "(Ubuntu 5.15.0-91.101-generic
 * 5.15.131)". The compiler's "(Ubuntu 11.2.0-7ubuntu2) 11.2.0" is not it:
 * both numbers must be of the kernel's X.Y. */
static bool ubuntu_sublevel(const char *banner, unsigned major, unsigned minor,
			    unsigned *patch)
{
	bool found = false;
	for (const char *p = banner; p && (p = strstr(p, "(Ubuntu ")); p++) {
		const char *s = p + 8;
		unsigned a, b, c;
		if (!read_uint(&s, &a) || *s != '.' || a != major)
			continue;
		s++;
		if (!read_uint(&s, &b) || b != minor)
			continue;
		while (*s && *s != ' ' && *s != ')')
			s++;
		if (*s != ' ')
			continue;
		s++;
		if (read_uint(&s, &a) && *s == '.' &&
		    (s++, read_uint(&s, &b)) && *s == '.' &&
		    (s++, read_uint(&s, &c)) && *s == ')' && a == major &&
		    b == minor) {
			*patch = c;
			found = true;
		}
	}
	return found;
}

/* "-N-g<hex>" at s: what scripts/setlocalversion appends for a tree that
 * is N commits past its tag ("5.5.0-00001-g2028a3b",
 * "6.12.0-rc3-00012-gabcdef"), ending the string or followed by '-', '+'
 * or '.'. Not a distribution's ABI number ("6.1.0-26-arm64",
 * "5.15.0-91-generic": no hex commit id after it). */
static bool git_describe_at(const char *s)
{
	if (s[0] != '-' || !isdigit((unsigned char)s[1]))
		return false;
	s++;
	while (isdigit((unsigned char)*s))
		s++;
	if (s[0] != '-' || s[1] != 'g')
		return false;
	s += 2;
	size_t h = 0;
	while (isxdigit((unsigned char)s[h]))
		h++;
	return h >= 4 && (!s[h] || s[h] == '-' || s[h] == '+' || s[h] == '.');
}

static bool ends_with(const char *s, const char *tail)
{
	size_t n = strlen(s), k = strlen(tail);
	return n >= k && strcmp(s + n - k, tail) == 0;
}

/* Debian's flavours ("6.1.0-26-arm64", "5.10.0-32-cloud-arm64",
 * "6.1.0-26-rt-amd64", "6.1.0-26-686-pae", "6.1.0-26-armmp-lpae"). */
static bool debian_flavour(const char *suffix)
{
	static const char *const f[] = { "-arm64",   "-amd64", "-686",
					 "-686-pae", "-armmp", "-armmp-lpae" };
	for (size_t i = 0; i < sizeof(f) / sizeof(*f); i++)
		if (ends_with(suffix, f[i]))
			return true;
	return false;
}

/* Ubuntu's flavours ("5.15.0-91-generic", "6.8.0-1010-raspi", ...). */
static bool ubuntu_flavour(const char *suffix)
{
	static const char *const f[] = {
		"-generic", "-generic-64k", "-lowlatency", "-aws", "-azure",
		"-gcp",	    "-oracle",	    "-raspi",	   "-kvm", "-oem",
		"-ibm",	    "-nvidia",	    "-realtime",   "-gke", "-gkeop",
	};
	for (size_t i = 0; i < sizeof(f) / sizeof(*f); i++)
		if (ends_with(suffix, f[i]))
			return true;
	return false;
}

/* Fedora: "6.5.6-300.fc39.aarch64"; a rawhide build of a release
 * candidate is "6.6.0-0.rc3.20230929git9f3ebbef746f.31.fc40.aarch64", and
 * one from the merge window "-0.rc0.". */
static bool fedora_release(const char *suffix)
{
	const char *p = strstr(suffix, ".fc");
	return p && isdigit((unsigned char)p[3]);
}

/* "X.Y[.Z]" at the start of the release: the numbers go into v; returns
 * what follows them (the suffix), NULL when there is no X.Y. */
static const char *kver_numbers(const char *release, struct ea_kver *v)
{
	const char *s = release;
	while (*s == ' ' || *s == '\t')
		s++;
	if (!read_uint(&s, &v->major) || *s != '.')
		return NULL;
	s++;
	if (!read_uint(&s, &v->minor))
		return NULL;
	v->known = true;
	v->patch_known = true;
	if (*s == '.') {
		const char *t = s + 1;
		if (read_uint(&t, &v->patch))
			s = t;
	}
	return s;
}

/* The distribution the suffix or the banner names, and whether its
 * kernels are vendor kernels (backports out of order). */
static void kver_distro(const char *suffix, const char *banner,
			struct ea_kver *v)
{
	if (strstr(suffix, ".el") &&
	    (strstr(suffix, ".el7") || strstr(suffix, ".el8") ||
	     strstr(suffix, ".el9") || strstr(suffix, ".el10"))) {
		snprintf(v->distro, sizeof(v->distro), "RHEL");
		v->vendor = true;
	} else if (strstr(suffix, ".amzn")) {
		snprintf(v->distro, sizeof(v->distro), "Amazon");
		v->vendor = true;
	} else if (strstr(suffix, "-default") ||
		   /* a SUSE compiler building an upstream tree (-rcN, -next,
		    * git describe) is not a SUSE kernel */
		   (banner && strstr(banner, "SUSE") && !v->rc && !v->git &&
		    !strstr(suffix, "-next"))) {
		snprintf(v->distro, sizeof(v->distro), "SUSE");
		v->vendor = true;
	} else if (fedora_release(suffix)) {
		snprintf(v->distro, sizeof(v->distro), "Fedora");
		/* "-0.rcN.": a build of vX.Y-rcN; "-0.rc0.": of the merge
		 * window, after vX.(Y-1) and before vX.Y-rc1 */
		if (v->patch == 0 && strncmp(suffix, "-0.rc", 5) == 0) {
			const char *t = suffix + 5;
			unsigned rc;
			if (read_uint(&t, &rc)) {
				v->rc = rc;
				v->prerelease = rc == 0;
			}
		}
	} else if (banner && strstr(banner, "Ubuntu")) {
		snprintf(v->distro, sizeof(v->distro), "Ubuntu");
	} else if (banner && strstr(banner, "SMP Debian")) {
		snprintf(v->distro, sizeof(v->distro), "Debian");
	} else if (ubuntu_flavour(suffix)) {
		snprintf(v->distro, sizeof(v->distro), "Ubuntu");
	}
}

/* Whether the sublevel is known, and from where. Returns true when the
 * banner gave it. */
static bool kver_sublevel(const char *suffix, const char *banner,
			  struct ea_kver *v)
{
	/* Debian and Ubuntu keep X.Y.0 and put an ABI number after it
	 * ("5.10.0-32-cloud-arm64", "5.15.0-91-generic"), as RHEL puts its
	 * build number ("4.18.0-477.10.1.el8_8.aarch64"); the sublevel is
	 * then not in the release string at all. A git describe suffix
	 * ("5.5.0-00001-g2028a3b") is a count of commits past the tag: the
	 * release is the tag's. */
	bool abi = v->patch == 0 && !v->rc && !v->prerelease &&
		   suffix[0] == '-' && isdigit((unsigned char)suffix[1]) &&
		   !git_describe_at(suffix) && strcmp(v->distro, "Fedora") != 0;
	if (abi) {
		v->patch_known = false;
		if (!v->distro[0] && debian_flavour(suffix))
			snprintf(v->distro, sizeof(v->distro), "Debian");
	}
	unsigned real;
	bool from_banner = false;
	if (banner && debian_sublevel(banner, v->major, v->minor, &real)) {
		snprintf(v->distro, sizeof(v->distro), "Debian");
		from_banner = true;
	} else if (banner &&
		   ubuntu_sublevel(banner, v->major, v->minor, &real)) {
		snprintf(v->distro, sizeof(v->distro), "Ubuntu");
		from_banner = true;
	}
	if (from_banner) {
		v->patch = real;
		v->patch_known = true;
	}
	return from_banner;
}

/* v->text, the version as the reports print it; named: with the
 * distribution's name after it. */
static void kver_text(struct ea_kver *v, bool named)
{
	if (v->prerelease)
		snprintf(v->text, sizeof(v->text),
			 "%u.%u merge window (before -rc1)", v->major,
			 v->minor);
	else if (v->rc)
		snprintf(v->text, sizeof(v->text), "%u.%u-rc%u", v->major,
			 v->minor, v->rc);
	else if (v->patch_known)
		snprintf(v->text, sizeof(v->text), "%u.%u.%u%s%s%s", v->major,
			 v->minor, v->patch, named ? " (" : "",
			 named ? v->distro : "", named ? ")" : "");
	else
		snprintf(v->text, sizeof(v->text),
			 "%u.%u.x (%s ABI release, sublevel unknown)", v->major,
			 v->minor, v->distro[0] ? v->distro : "distribution");
}

bool ea_kver_parse(const char *release, const char *banner, struct ea_kver *v)
{
	memset(v, 0, sizeof(*v));
	if (!release)
		return false;
	const char *suffix = kver_numbers(release, v);
	if (!suffix)
		return false;
	if (strncmp(suffix, "-rc", 3) == 0) {
		const char *t = suffix + 3;
		unsigned rc;
		if (read_uint(&t, &rc) && rc > 0)
			v->rc = rc;
	}
	v->local = strchr(suffix, '+') || strstr(suffix, "-dirty");
	for (const char *p = suffix; *p && !v->git; p++)
		v->git = *p == '-' && git_describe_at(p);

	kver_distro(suffix, banner, v);
	bool from_banner = kver_sublevel(suffix, banner, v);
	/* the text names the distribution when its banner gave the sublevel
	 * or its version number says little (a vendor kernel) */
	kver_text(v, from_banner || v->vendor);
	return true;
}

/* ---- presence of a change -------------------------------------------- */

static int cmp3(unsigned a1, unsigned b1, unsigned c1, unsigned a2, unsigned b2,
		unsigned c2)
{
	if (a1 != a2)
		return a1 < a2 ? -1 : 1;
	if (b1 != b2)
		return b1 < b2 ? -1 : 1;
	if (c1 != c2)
		return c1 < c2 ? -1 : 1;
	return 0;
}

static bool in_series_list(const char *list, unsigned major, unsigned minor)
{
	char want[16];
	snprintf(want, sizeof(want), "%u.%u", major, minor);
	size_t n = strlen(want);
	for (const char *p = list; p && *p;) {
		if (strncmp(p, want, n) == 0 && (p[n] == 0 || p[n] == ','))
			return true;
		p = strchr(p, ',');
		if (p)
			p++;
	}
	return false;
}

/* A kernel of the cycle that merged the row: its -rc decides. */
static enum ea_kb_have carries_same_cycle(const struct ea_kb_row *row,
					  const struct ea_kver *v,
					  const char *desc, char *why,
					  size_t whylen)
{
	if (v->prerelease) {
		say(why, whylen,
		    "kernel %s: built before the cycle's first -rc, "
		    "it may or may not have %s",
		    v->text, desc);
		return EA_KB_MAYBE;
	}
	if (!v->rc) {
		say(why, whylen, "kernel %s has %s", v->text, desc);
		return EA_KB_YES;
	}
	if (!row->rc) {
		say(why, whylen,
		    "kernel %s is a release candidate of the cycle "
		    "that "
		    "merged %s, at an -rc not recorded",
		    v->text, desc);
		return EA_KB_MAYBE;
	}
	bool has = v->rc >= row->rc;
	say(why, whylen, "kernel %s %s %s", v->text, has ? "has" : "predates",
	    desc);
	return has ? EA_KB_YES : EA_KB_NO;
}

/* A kernel of a stable series the row records a backport for. */
static enum ea_kb_have carries_stable(const struct ea_kb_stable *st,
				      const struct ea_kver *v, const char *desc,
				      char *why, size_t whylen)
{
	if (!v->patch_known) {
		say(why, whylen,
		    "kernel %s: the sublevel decides (stable %u.%u.%u "
		    "carries %s)",
		    v->text, st->major, st->minor, st->patch, desc);
		return EA_KB_MAYBE;
	}
	bool has = v->patch >= st->patch;
	if (!st->verified) {
		say(why, whylen,
		    "kernel %s: stable %u.%u.y carries %s at a release "
		    "not verified",
		    v->text, st->major, st->minor, desc);
		return EA_KB_MAYBE;
	}
	if (!has && v->vendor) {
		say(why, whylen,
		    "kernel %s is a %s vendor kernel below stable "
		    "%u.%u.%u; vendor kernels backport out of order",
		    v->text, v->distro, st->major, st->minor, st->patch);
		return EA_KB_MAYBE;
	}
	say(why, whylen, "kernel %s %s %s", v->text, has ? "has" : "predates",
	    desc);
	return has ? EA_KB_YES : EA_KB_NO;
}

/* A kernel older than the mainline release: only a backport can carry
 * the change. */
static enum ea_kb_have carries_backport(const struct ea_kb_row *row,
					const struct ea_kver *v,
					const char *desc, char *why,
					size_t whylen)
{
	for (size_t i = 0; i < row->nstable; i++) {
		const struct ea_kb_stable *st = &row->stable[i];
		if (st->major == v->major && st->minor == v->minor)
			return carries_stable(st, v, desc, why, whylen);
	}
	if (row->stable_unverified &&
	    in_series_list(row->stable_unverified, v->major, v->minor)) {
		say(why, whylen,
		    "kernel %s: the %u.%u stable series took %s at a release "
		    "not verified",
		    v->text, v->major, v->minor, desc);
		return EA_KB_MAYBE;
	}
	if (v->vendor) {
		say(why, whylen,
		    "kernel %s is a %s vendor kernel older than %s; vendor "
		    "kernels backport out of order",
		    v->text, v->distro, desc);
		return EA_KB_MAYBE;
	}
	say(why, whylen, "kernel %s predates %s", v->text, desc);
	return EA_KB_NO;
}

enum ea_kb_have ea_kb_carries(const struct ea_kb_row *row,
			      const struct ea_kver *v, char *why, size_t whylen)
{
	char desc[160];
	ea_kb_describe(row, desc, sizeof(desc));
	if (!v || !v->known) {
		say(why, whylen, "version unknown; %s", desc);
		return EA_KB_MAYBE;
	}
	if (strcmp(row->project, "linux") != 0) {
		bool has = cmp3(v->major, v->minor, v->patch, row->major,
				row->minor, row->patch) >= 0;
		say(why, whylen, "%s %u.%u.%u %s %s", row->project, v->major,
		    v->minor, v->patch, has ? "has" : "predates", desc);
		return has ? EA_KB_YES : EA_KB_NO;
	}
	int c = cmp3(v->major, v->minor, 0, row->major, row->minor, 0);
	if (c > 0) {
		say(why, whylen, "kernel %s has %s", v->text, desc);
		return EA_KB_YES;
	}
	if (c == 0)
		return carries_same_cycle(row, v, desc, why, whylen);
	return carries_backport(row, v, desc, why, whylen);
}

void ea_kb_describe(const struct ea_kb_row *row, char *buf, size_t len)
{
	if (!buf || !len)
		return;
	if (strcmp(row->project, "linux") != 0) {
		snprintf(buf, len, "%s %s (%u.%u.%u)", row->project,
			 row->commit, row->major, row->minor, row->patch);
		return;
	}
	size_t n = 0;
	int k;
	if (row->rc)
		k = snprintf(buf, len, "%s (v%u.%u-rc%u", row->commit,
			     row->major, row->minor, row->rc);
	else
		k = snprintf(buf, len, "%s (v%u.%u", row->commit, row->major,
			     row->minor);
	n = k > 0 ? (size_t)k : 0;
	for (size_t i = 0; i < row->nstable && n < len; i++) {
		k = snprintf(buf + n, len - n, "%s%u.%u.%u%s",
			     i ? ", " : "; stable ", row->stable[i].major,
			     row->stable[i].minor, row->stable[i].patch,
			     row->stable[i].verified ? "" : "?");
		n += k > 0 ? (size_t)k : 0;
	}
	if (row->stable_unverified && n < len) {
		k = snprintf(buf + n, len - n, "%s%s.y (release not verified)",
			     row->nstable ? ", " : "; stable ",
			     row->stable_unverified);
		n += k > 0 ? (size_t)k : 0;
	}
	if (n < len)
		snprintf(buf + n, len - n, ")");
}

/* ---- boot facts ------------------------------------------------------ */

static const struct ea_kb_facts no_facts;

enum ea_fact ea_kb_needs_hold(unsigned needs, const struct ea_kver *v,
			      const struct ea_kb_facts *f, const char **why)
{
	if (!f)
		f = &no_facts;
	enum ea_fact r = EA_FACT_YES;
	const char *w = NULL;
	/* the worse of r and x: NO before UNKNOWN before YES */
#define WORSE(x, text)                                                         \
	do {                                                                   \
		enum ea_fact x_ = (x);                                         \
		if (x_ != EA_FACT_YES && r != EA_FACT_NO &&                    \
		    (x_ == EA_FACT_NO || r == EA_FACT_YES)) {                  \
			r = x_;                                                \
			w = (text);                                            \
		}                                                              \
	} while (0)
	if (needs & EA_KB_NEED_UEFI)
		WORSE(f->uefi.v, f->uefi.why);
	if (needs & EA_KB_NEED_MEMRESERVE) {
		enum ea_fact m = f->memreserve.v;
		const char *mw = f->memreserve.why;
		if (m == EA_FACT_UNKNOWN && f->uefi.v == EA_FACT_NO) {
			/* only the EFI stub installs it */
			m = EA_FACT_NO;
			mw = f->uefi.why;
		} else if (m == EA_FACT_UNKNOWN && f->uefi.v == EA_FACT_YES) {
			/* a UEFI boot of a kernel whose stub installs one */
			enum ea_kb_have t = ea_kb_carries(
			    ea_kb_get(EA_KB_MEMRESERVE_TABLE), v, NULL, 0);
			m = t == EA_KB_YES  ? EA_FACT_YES
			    : t == EA_KB_NO ? EA_FACT_NO
					    : EA_FACT_UNKNOWN;
			mw = f->uefi.why;
		}
		WORSE(m, mw);
	}
#undef WORSE
	if (why)
		*why = w ? w : "not known from the inputs";
	return r;
}

/* ---- causes and what to do -------------------------------------------- */

/* Causes that are not a kernel change. The ACPI, EFI memory map and
 * fallback wording is the text report's from before. */
static const char WTD_NO_MEMRESERVE[] =
    "this boot has no LINUX_EFI_MEMRESERVE table (it did not go through "
    "UEFI), so nothing reserves the GIC's LPI tables, from a loader or for "
    "the next kernel, on any kernel version: a kernel update does not help. "
    "Boot through UEFI (U-Boot bootefi, EDK II: the EFI stub then installs "
    "the table), or keep every segment away from the tables (kexec_load "
    "with kexec-tools --mem-min/--mem-max) and reserve them in the device "
    "tree the next kernel boots with (/memreserve/)";
static const char WTD_ACPI[] =
    "the firmware left this ACPI table in memory the OS may use: ask the "
    "vendor to put ACPI tables in ACPI Reclaim or ACPI NVS memory; until "
    "then no loader avoids it";
static const char WTD_EFI_MEMMAP[] =
    "the EFI memory map buffer must stay reserved: check that this kernel "
    "memblock_reserve()s it (efi_init) and lists it in /proc/iomem";
static const char WTD_X86_MEMBLOCK_ONLY[] =
    "the kernel keeps this table with memblock_reserve() only "
    "(drivers/firmware/efi/), so it stays System RAM, which kexec does not "
    "see on x86; af1648984828 (\"x86/efi: Update e820 with reserved EFI "
    "boot services data to fix kexec breakage\") carves out of System RAM "
    "only the tables kept with efi_mem_reserve() (ESRT, MOKvar): no kernel "
    "change known to this audit protects it";
static const char WTD_MEMBLOCK_HAS_FIX[] =
    "the kernel has 2bab693a608b, which memblock_reserve()s its MEMRESERVE "
    "ranges, yet this one is free in memblock: it was not reserved "
    "(efi_mem_reserve_iomem() failed, or it was allocated after memblock "
    "was read), or the inputs are of different boots; compare "
    "memblock/reserved with the log of the same boot";
static const char WTD_IOMEM_HAS_FIX[] =
    "the kernel has ab0eb16205b4, which makes its MEMRESERVE ranges "
    "'reserved' children of System RAM in /proc/iomem, yet this one has "
    "none: it was not reserved (efi_mem_reserve_iomem() failed, or it was "
    "allocated after /proc/iomem was read), or the inputs are of different "
    "boots; compare /proc/iomem with the log of the same boot";
static const char WTD_OTHER[] =
    "make the range reserved in the view this loader reads (memblock for "
    "kexec_file on arm64, /proc/iomem children for kexec-tools)";

#define CAUSE(id_, key_, row_, why_, wtd_)                                     \
	[EA_KB_CAUSE_##id_] = { .id = EA_KB_CAUSE_##id_,                       \
				.key = key_,                                   \
				.row = row_,                                   \
				.why = why_,                                   \
				.what_to_do = wtd_ }

const struct ea_kb_cause ea_kb_causes[EA_KB_NCAUSES] = {
	CAUSE(NONE, "none", EA_KB_NROWS, "", NULL),
	CAUSE(MEMRESERVE_TABLE, "memreserve_table", EA_KB_MEMRESERVE_TABLE,
	      "kernels before v4.20 record the GIC's LPI tables nowhere: no "
	      "LINUX_EFI_MEMRESERVE table tells a loader or the next kernel "
	      "about them",
	      WTD_MEMRESERVE_TABLE),
	CAUSE(CHAIN_LAYOUT, "memreserve_chain_layout", EA_KB_CHAIN_LAYOUT,
	      "the MEMRESERVE chain's node layout changed in v5.0: a kernel on "
	      "the other side of the change misreads the chain and does not "
	      "reserve what it lists",
	      WTD_CHAIN_LAYOUT),
	CAUSE(MEMRESERVE_IOMEM, "memreserve_iomem", EA_KB_MEMRESERVE_IOMEM,
	      "kexec-tools uses System RAM minus its children in /proc/iomem, "
	      "and this kernel does not make its MEMRESERVE ranges 'reserved' "
	      "children",
	      WTD_MEMRESERVE_IOMEM),
	CAUSE(IOMEM_HAS_FIX, "memreserve_iomem_not_reserved",
	      EA_KB_MEMRESERVE_IOMEM,
	      "kexec-tools uses System RAM minus its children in /proc/iomem, "
	      "and these ranges are no 'reserved' children, although this "
	      "kernel makes its MEMRESERVE ranges such children",
	      WTD_IOMEM_HAS_FIX),
	CAUSE(MEMRESERVE_MEMBLOCK, "memreserve_memblock",
	      EA_KB_MEMRESERVE_MEMBLOCK,
	      "kexec_file_load uses memblock memory that is not reserved, and "
	      "this kernel does not memblock_reserve() its MEMRESERVE ranges",
	      WTD_MEMRESERVE_MEMBLOCK),
	CAUSE(MEMBLOCK_HAS_FIX, "memreserve_memblock_not_reserved",
	      EA_KB_MEMRESERVE_MEMBLOCK,
	      "kexec_file_load uses memblock memory that is not reserved, and "
	      "these ranges are not reserved, although this kernel "
	      "memblock_reserve()s its MEMRESERVE ranges",
	      WTD_MEMBLOCK_HAS_FIX),
	CAUSE(LPI_PENDING_ONLINE, "lpi_pending_at_cpu_online",
	      EA_KB_LPI_PENDING_ONLINE,
	      "from v5.17 a CPU's LPI pending table is reserved only when that "
	      "CPU first comes online",
	      WTD_LPI_PENDING_ONLINE),
	CAUSE(KEXEC_TOOLS, "kexec_tools_exclude_reserved",
	      EA_KB_KEXEC_TOOLS_EXCLUDE,
	      "kexec-tools 2.0.20 and older use System RAM whole, ignoring its "
	      "'reserved' children in /proc/iomem",
	      WTD_KEXEC_TOOLS),
	CAUSE(NO_MEMRESERVE, "no_memreserve_table", EA_KB_MEMRESERVE_TABLE,
	      "this boot has no LINUX_EFI_MEMRESERVE table (no UEFI), so "
	      "nothing reserves the GIC's LPI tables, for a loader or for the "
	      "next kernel",
	      WTD_NO_MEMRESERVE),
	CAUSE(X86_ESRT_E820, "x86_efi_reserve_e820", EA_KB_X86_ESRT_E820,
	      "on x86 both loaders take System RAM whole, and this kernel "
	      "keeps the EFI tables it reserves with efi_mem_reserve() inside "
	      "System RAM",
	      WTD_X86_ESRT_E820),
	CAUSE(X86_MEMBLOCK_ONLY, "x86_efi_table_in_system_ram",
	      EA_KB_X86_ESRT_E820,
	      "on x86 both loaders take System RAM whole, and this table is "
	      "System RAM kept with memblock only, which they do not see",
	      WTD_X86_MEMBLOCK_ONLY),
	CAUSE(
	    ACPI_FIRMWARE, "acpi_table_in_os_memory", EA_KB_NROWS,
	    "the firmware left the ACPI table in memory the OS may use, which "
	    "the loader's view holds",
	    WTD_ACPI),
	CAUSE(EFI_MEMMAP, "efi_memory_map_not_reserved", EA_KB_NROWS,
	      "the EFI memory map buffer is free memory in the loader's view: "
	      "the kernel did not reserve it where the loader looks",
	      WTD_EFI_MEMMAP),
	CAUSE(OTHER, "not_reserved", EA_KB_NROWS,
	      "the range is free memory in the view the loader reads",
	      WTD_OTHER),
};
#undef CAUSE

const struct ea_kb_cause *ea_kb_cause_get(unsigned id)
{
	return &ea_kb_causes[id < EA_KB_NCAUSES ? id : EA_KB_CAUSE_NONE];
}

/* The cause whose remedy is a row's own (the row explains the escape). */
static enum ea_kb_cause_id row_cause(const struct ea_kb_row *row)
{
	for (int c = 1; row && row->what_to_do && c < EA_KB_NCAUSES; c++)
		if (ea_kb_causes[c].row == row->id &&
		    !strcmp(ea_kb_causes[c].what_to_do, row->what_to_do))
			return (enum ea_kb_cause_id)c;
	return EA_KB_CAUSE_NONE;
}

static bool is_chain_kind(enum ea_kind k)
{
	return k == EA_KIND_LPI_PROPERTY_TABLE ||
	       k == EA_KIND_LPI_PENDING_TABLE ||
	       k == EA_KIND_MEMRESERVE_ENTRY || k == EA_KIND_MEMRESERVE_NODE;
}

static enum ea_kb_have carries(enum ea_kb_id id, const struct ea_kver *v)
{
	return ea_kb_carries(ea_kb_get(id), v, NULL, 0);
}

static enum ea_kb_cause_id cause_of(const struct ea_kb_query *q)
{
	const struct ea_kver *v = q->kernel;
	if (q->kind == EA_KIND_ACPI_TABLE)
		return EA_KB_CAUSE_ACPI_FIRMWARE;
	if (q->kind == EA_KIND_EFI_MEMORY_MAP)
		return EA_KB_CAUSE_EFI_MEMMAP;
	if (q->arch == EA_ARCH_ARM64 && is_chain_kind(q->kind)) {
		if (q->origin != EA_KB_ORIGIN_DT_RESERVED &&
		    ea_kb_needs_hold(EA_KB_NEED_MEMRESERVE, v, q->facts,
				     NULL) == EA_FACT_NO)
			return EA_KB_CAUSE_NO_MEMRESERVE;
		if (carries(EA_KB_MEMRESERVE_TABLE, v) == EA_KB_NO)
			return EA_KB_CAUSE_MEMRESERVE_TABLE;
		if (q->loader == EA_KEXEC_FILE)
			return carries(EA_KB_MEMRESERVE_MEMBLOCK, v) ==
				       EA_KB_YES
				   ? EA_KB_CAUSE_MEMBLOCK_HAS_FIX
				   : EA_KB_CAUSE_MEMRESERVE_MEMBLOCK;
		return carries(EA_KB_MEMRESERVE_IOMEM, v) == EA_KB_YES
			   ? EA_KB_CAUSE_IOMEM_HAS_FIX
			   : EA_KB_CAUSE_MEMRESERVE_IOMEM;
	}
	/* memblock_reserve() alone: no kernel change moves it out of System
	 * RAM; efi_mem_reserve(): af1648984828 does */
	if (q->arch == EA_ARCH_X86_64 && q->kind == EA_KIND_EFI_CONFIG_TABLE)
		return q->keep == EA_KB_KEEP_MEMBLOCK ||
			       carries(EA_KB_X86_ESRT_E820, v) == EA_KB_YES
			   ? EA_KB_CAUSE_X86_MEMBLOCK_ONLY
			   : EA_KB_CAUSE_X86_ESRT_E820;
	return EA_KB_CAUSE_OTHER;
}

const struct ea_kb_cause *ea_kb_cause_of(const struct ea_kb_query *q)
{
	return &ea_kb_causes[cause_of(q)];
}

const char *ea_kb_what_to_do(const struct ea_kb_query *q)
{
	return ea_kb_cause_of(q)->what_to_do;
}

/* ---- inference ------------------------------------------------------- */

static void decide(struct ea_kb_inference *out, enum ea_answer ans,
		   enum ea_kb_id id, bool uncertain, const char *why)
{
	out->ans = ans;
	out->row = id == EA_KB_NROWS ? NULL : ea_kb_get(id);
	out->uncertain = uncertain;
	out->cause = ans == EA_ESCAPES ? row_cause(out->row) : EA_KB_CAUSE_NONE;
	out->what_to_do = ea_kb_causes[out->cause].what_to_do;
	free(out->reason);
	out->reason = xfmt("inferred: %s", why);
}

static void add_caveat(struct ea_kb_inference *out, const char *c)
{
	if (!out->caveat) {
		out->caveat = ea_xstrdup(c);
		return;
	}
	char *n = xfmt("%s; %s", out->caveat, c);
	free(out->caveat);
	out->caveat = n;
}

/* A protected answer whose needs are not known is not an answer. */
static void unless_needs(struct ea_kb_inference *out, unsigned needs,
			 const struct ea_kver *v, const struct ea_kb_facts *f,
			 const char *what)
{
	const char *why;
	if (out->ans != EA_PROTECTED ||
	    ea_kb_needs_hold(needs, v, f, &why) == EA_FACT_YES)
		return;
	char *r = xfmt("%s; but only %s, and %s", out->reason, what, why);
	free(out->reason);
	out->reason = r;
	out->ans = EA_UNKNOWN;
	out->uncertain = true;
}

/* kexec_load on arm64 avoids a range only when the range is a child of
 * System RAM in /proc/iomem and kexec-tools subtracts children. */
static void arm64_kexec_load(const struct ea_kb_tools *tools,
			     const char *in_iomem, struct ea_kb_inference *out)
{
	const struct ea_kb_row *t = ea_kb_get(EA_KB_KEXEC_TOOLS_EXCLUDE);
	char buf[400], d[120];
	ea_kb_describe(t, d, sizeof(d));
	if (!tools || !tools->known) {
		snprintf(
		    buf, sizeof(buf),
		    "%s; it is protected with kexec-tools >= 2.0.21 and "
		    "escapes with 2.0.20 or older (%s), and the kexec-tools "
		    "version is not known",
		    in_iomem, d);
		decide(out, EA_UNKNOWN, EA_KB_KEXEC_TOOLS_EXCLUDE, false, buf);
		return;
	}
	struct ea_kver tv = { .known = true,
			      .major = tools->major,
			      .minor = tools->minor,
			      .patch = tools->patch,
			      .patch_known = true };
	char why[200];
	bool has = ea_kb_carries(t, &tv, why, sizeof(why)) == EA_KB_YES;
	snprintf(buf, sizeof(buf), "%s; %s", in_iomem, why);
	decide(out, has ? EA_PROTECTED : EA_ESCAPES, EA_KB_KEXEC_TOOLS_EXCLUDE,
	       false, buf);
}

/* Reserved at boot by every arm64 kernel: memblock.reserved for
 * kexec_file, and a 'reserved' child of System RAM in /proc/iomem
 * (reserve_memblock_reserved_regions, 50d7ba36b916, 4.19) for kexec-tools. */
static void arm64_reserved_at_boot(const struct ea_kb_query *q,
				   const char *what,
				   struct ea_kb_inference *out)
{
	char buf[400];
	const struct ea_kver *v = q->kernel;
	if (q->loader == EA_KEXEC_FILE) {
		snprintf(buf, sizeof(buf),
			 "%s is memblock_reserve()d at boot on every arm64 "
			 "kernel with kexec_file_load (kernel %s)",
			 what, v->known ? v->text : "version unknown");
		decide(out, EA_PROTECTED, EA_KB_NROWS, false, buf);
		return;
	}
	snprintf(buf, sizeof(buf),
		 "%s is a 'reserved' child of System RAM in /proc/iomem "
		 "(reserve_memblock_reserved_regions, 4.19+)",
		 what);
	arm64_kexec_load(q->tools, buf, out);
}

/* Before v5.0 arm64 has no kexec_file_load: nothing can be loaded over
 * the range that way. True when that decided the answer. */
static bool arm64_no_kexec_file(const struct ea_kb_query *q,
				struct ea_kb_inference *out)
{
	char why[240], buf[600];
	if (q->loader != EA_KEXEC_FILE ||
	    ea_kb_carries(ea_kb_get(EA_KB_ARM64_KEXEC_FILE), q->kernel, why,
			  sizeof(why)) != EA_KB_NO)
		return false;
	snprintf(buf, sizeof(buf),
		 "no kexec_file_load on arm64 before v5.0: %s", why);
	decide(out, EA_PROTECTED, EA_KB_ARM64_KEXEC_FILE, false, buf);
	return true;
}

/* A chain range (LPI tables, MEMRESERVE nodes) on a kernel or boot that
 * does not preserve it at all, or may not. True when that decided the
 * answer. */
static bool arm64_chain_unpreserved(const struct ea_kb_query *q,
				    struct ea_kb_inference *out)
{
	char why[240], buf[600];
	const struct ea_kver *v = q->kernel;
	const char *kn = ea_kind_name(q->kind);

	enum ea_kb_have table = ea_kb_carries(ea_kb_get(EA_KB_MEMRESERVE_TABLE),
					      v, why, sizeof(why));
	if (table == EA_KB_NO) {
		snprintf(buf, sizeof(buf),
			 "LPI tables are not preserved at all: %s", why);
		decide(out, EA_ESCAPES, EA_KB_MEMRESERVE_TABLE, false, buf);
		return true;
	}
	/* Without a MEMRESERVE table nothing records the LPI tables: the
	 * iomem and memblock rows reserve only what is in it, and the next
	 * kernel that finds LPIs enabled ("Booted with LPIs enabled, memory
	 * probably corrupted") may even take the loaded image at the old
	 * addresses for tables reserved for it ("Using preallocated
	 * redistributor tables"). */
	const char *mw;
	enum ea_fact mr =
	    ea_kb_needs_hold(EA_KB_NEED_MEMRESERVE, v, q->facts, &mw);
	if (mr == EA_FACT_NO) {
		snprintf(buf, sizeof(buf),
			 "nothing reserves the %s on any kernel version: this "
			 "boot has no LINUX_EFI_MEMRESERVE table (%s)",
			 kn, mw);
		decide(out, EA_ESCAPES, EA_KB_NROWS, false, buf);
		out->cause = EA_KB_CAUSE_NO_MEMRESERVE;
		out->what_to_do = WTD_NO_MEMRESERVE;
		return true;
	}
	if (table == EA_KB_MAYBE) {
		snprintf(buf, sizeof(buf), "%s", why);
		decide(out, EA_UNKNOWN, EA_KB_MEMRESERVE_TABLE, true, buf);
		return true;
	}
	return false;
}

/* Entries the previous kernel left are memblock_reserve()d by the chain
 * walk at boot (efi_config_parse_tables, 5.0+;
 * efi_apply_persistent_mem_reservations in 4.20) and thus also 'reserved'
 * in /proc/iomem. */
static void arm64_chain_inherited(const struct ea_kb_query *q,
				  struct ea_kb_inference *out)
{
	char why[240], buf[600];
	const struct ea_kver *v = q->kernel;
	const char *kn = ea_kind_name(q->kind);

	enum ea_kb_have layout =
	    ea_kb_carries(ea_kb_get(EA_KB_CHAIN_LAYOUT), v, why, sizeof(why));
	if (q->loader == EA_KEXEC_FILE) {
		snprintf(buf, sizeof(buf),
			 "%s inherited from the previous kernel is "
			 "memblock_reserve()d by the MEMRESERVE chain "
			 "walk at boot",
			 kn);
		decide(out, EA_PROTECTED, EA_KB_CHAIN_LAYOUT, false, buf);
	} else {
		snprintf(buf, sizeof(buf),
			 "%s inherited from the previous kernel is "
			 "memblock_reserve()d at boot and so a "
			 "'reserved' child in /proc/iomem",
			 kn);
		arm64_kexec_load(q->tools, buf, out);
	}
	add_caveat(out, layout == EA_KB_YES
			    ? "only if the previous kernel wrote the "
			      "v5.0+ chain layout (80424b02d42b): a "
			      "v4.20 chain is misread"
			    : "only if the previous kernel wrote the "
			      "v4.20 single-entry layout: a v5.0+ chain "
			      "is misread by this kernel");
	unless_needs(out, EA_KB_NEED_MEMRESERVE, v, q->facts,
		     "with a MEMRESERVE table to walk");
}

/* A chain range this kernel allocated, for kexec_file_load: protected
 * when efi_mem_reserve_iomem also memblock_reserve()s it. */
static void arm64_created_kexec_file(const struct ea_kb_query *q,
				     struct ea_kb_inference *out)
{
	char why[240], buf[600];
	const char *kn = ea_kind_name(q->kind);
	enum ea_kb_have mb = ea_kb_carries(ea_kb_get(EA_KB_MEMRESERVE_MEMBLOCK),
					   q->kernel, why, sizeof(why));
	if (mb == EA_KB_NO) {
		snprintf(buf, sizeof(buf),
			 "%s created by this kernel is only in "
			 "/proc/iomem, not in memblock.reserved: %s",
			 kn, why);
		decide(out, EA_ESCAPES, EA_KB_MEMRESERVE_MEMBLOCK, false, buf);
	} else if (mb == EA_KB_MAYBE) {
		snprintf(buf, sizeof(buf),
			 "%s created by this kernel is in "
			 "memblock.reserved only with the memblock fix: "
			 "%s",
			 kn, why);
		decide(out, EA_UNKNOWN, EA_KB_MEMRESERVE_MEMBLOCK, true, buf);
	} else {
		snprintf(buf, sizeof(buf),
			 "%s created by this kernel is "
			 "memblock_reserve()d by efi_mem_reserve_iomem: "
			 "%s",
			 kn, why);
		decide(out, EA_PROTECTED, EA_KB_MEMRESERVE_MEMBLOCK, false,
		       buf);
	}
}

/* A chain range this kernel allocated, for kexec_load: kexec-tools sees
 * it only as a 'reserved' child of System RAM in /proc/iomem. */
static void arm64_created_kexec_load(const struct ea_kb_query *q,
				     struct ea_kb_inference *out)
{
	char why[240], buf[600];
	const char *kn = ea_kind_name(q->kind);
	enum ea_kb_have io = ea_kb_carries(ea_kb_get(EA_KB_MEMRESERVE_IOMEM),
					   q->kernel, why, sizeof(why));
	if (io == EA_KB_NO) {
		snprintf(buf, sizeof(buf),
			 "%s created by this kernel has no /proc/iomem "
			 "entry: %s",
			 kn, why);
		decide(out, EA_ESCAPES, EA_KB_MEMRESERVE_IOMEM, false, buf);
	} else if (io == EA_KB_MAYBE) {
		snprintf(buf, sizeof(buf),
			 "%s created by this kernel is in /proc/iomem "
			 "only with the iomem fix: %s",
			 kn, why);
		decide(out, EA_UNKNOWN, EA_KB_MEMRESERVE_IOMEM, true, buf);
	} else {
		snprintf(buf, sizeof(buf),
			 "%s created by this kernel is a 'reserved' "
			 "child in /proc/iomem (%s)",
			 kn, why);
		arm64_kexec_load(q->tools, buf, out);
	}
}

/* A chain range allocated by this kernel (or of unknown origin). */
static void arm64_chain_created(const struct ea_kb_query *q,
				struct ea_kb_inference *out)
{
	char why[240];
	if (q->loader == EA_KEXEC_FILE)
		arm64_created_kexec_file(q, out);
	else
		arm64_created_kexec_load(q, out);
	if (q->origin == EA_KB_ORIGIN_UNKNOWN)
		add_caveat(out, "assumed allocated by this kernel; tables "
				"inherited from a previous kernel are reserved "
				"by the chain walk");

	if (q->kind == EA_KIND_LPI_PENDING_TABLE && out->ans == EA_PROTECTED &&
	    ea_kb_carries(ea_kb_get(EA_KB_LPI_PENDING_ONLINE), q->kernel, why,
			  sizeof(why)) != EA_KB_NO) {
		out->row = ea_kb_get(EA_KB_LPI_PENDING_ONLINE);
		add_caveat(out, "the pending table is reserved when its CPU "
				"first comes online (d23bc2bc1d63, v5.17): "
				"protected only if that CPU was online before "
				"the image was loaded");
	}
	unless_needs(out, EA_KB_NEED_MEMRESERVE, q->kernel, q->facts,
		     "on a boot with a MEMRESERVE table (the EFI stub "
		     "installs it on UEFI boots)");
}

static void infer_arm64(const struct ea_kb_query *q,
			struct ea_kb_inference *out)
{
	char buf[600];
	const char *kn = ea_kind_name(q->kind);

	if (arm64_no_kexec_file(q, out))
		return;
	if (!is_chain_kind(q->kind)) {
		/* ACPI Reclaim, the EFI memory map and efi_mem_reserve()d
		 * tables are memblock_reserve()d at boot by every arm64
		 * kernel (efi-init.c reserve_regions(), efi_init()), as are
		 * device-tree reservations (early_init_fdt_scan_reserved_mem),
		 * and reserve_memblock_reserved_regions() (50d7ba36b916, in
		 * 4.19) mirrors memblock.reserved into /proc/iomem. */
		arm64_reserved_at_boot(q, kn, out);
		return;
	}
	if (q->origin == EA_KB_ORIGIN_DT_RESERVED) {
		snprintf(buf, sizeof(buf),
			 "%s inside a device-tree reservation", kn);
		arm64_reserved_at_boot(q, buf, out);
		return;
	}
	if (arm64_chain_unpreserved(q, out))
		return;
	if (q->origin == EA_KB_ORIGIN_INHERITED)
		arm64_chain_inherited(q, out);
	else
		arm64_chain_created(q, out);
}

/* An EFI configuration table and x86 kexec_file: it depends on how the
 * kernel keeps the table (efi_mem_reserve() or memblock_reserve() alone)
 * and on the list kexec_file walks (memblock, or the System RAM
 * resources); a rule is applied only where both are known. */
static void infer_x86_config_table(const struct ea_kb_query *q,
				   struct ea_kb_inference *out)
{
	char why[240], buf[400];
	const char *kn = ea_kind_name(q->kind);
	enum ea_fact walk =
	    q->facts ? q->facts->x86_mb_walk.v : EA_FACT_UNKNOWN;
	const char *walk_why = q->facts ? q->facts->x86_mb_walk.why : NULL;
	/* an x86 kernel keeps memblock only as a TDX host, from v6.8 */
	if (walk == EA_FACT_UNKNOWN &&
	    ea_kb_carries(ea_kb_get(EA_KB_X86_TDX_MEMBLOCK), q->kernel, why,
			  sizeof(why)) == EA_KB_NO) {
		walk = EA_FACT_NO;
		walk_why = "the kernel predates the TDX host's memblock "
			   "(abe8dbab8f9f, v6.8)";
	}
	if (q->keep == EA_KB_KEEP_UNKNOWN) {
		snprintf(buf, sizeof(buf),
			 "no rule says how the kernel keeps this %s "
			 "(efi_mem_reserve() or memblock_reserve())",
			 kn);
		decide(out, EA_UNKNOWN, EA_KB_NROWS, false, buf);
		return;
	}
	if (walk == EA_FACT_YES) {
		/* efi_mem_reserve() calls memblock_reserve() too */
		snprintf(buf, sizeof(buf),
			 "%s kept with memblock_reserve(), and kexec_file "
			 "walks memblock (%s)",
			 kn, walk_why);
		decide(out, EA_PROTECTED, EA_KB_NROWS, false, buf);
		return;
	}
	if (q->keep == EA_KB_KEEP_MEMBLOCK) {
		snprintf(
		    buf, sizeof(buf),
		    "%s kept with memblock_reserve() only stays inside a "
		    "System RAM resource%s%s%s",
		    kn,
		    walk == EA_FACT_NO
			? ", which kexec_file walks whole ("
			: ": unless the kernel keeps memblock "
			  "(CONFIG_ARCH_KEEP_MEMBLOCK), which no input says",
		    walk == EA_FACT_NO ? walk_why : "",
		    walk == EA_FACT_NO ? ")" : "");
		decide(out, walk == EA_FACT_NO ? EA_ESCAPES : EA_UNKNOWN,
		       EA_KB_X86_ESRT_E820, walk != EA_FACT_NO, buf);
		if (out->ans == EA_ESCAPES) {
			out->cause = EA_KB_CAUSE_X86_MEMBLOCK_ONLY;
			out->what_to_do = ea_kb_causes[out->cause].what_to_do;
		}
		return;
	}
	enum ea_kb_have h = ea_kb_carries(ea_kb_get(EA_KB_X86_ESRT_E820),
					  q->kernel, why, sizeof(why));
	if (h == EA_KB_YES) {
		/* e820 reserved and memblock reserved: either walk */
		snprintf(buf, sizeof(buf),
			 "%s kept with efi_mem_reserve() is e820 reserved: %s",
			 kn, why);
		decide(out, EA_PROTECTED, EA_KB_X86_ESRT_E820, false, buf);
	} else if (h == EA_KB_MAYBE || walk == EA_FACT_UNKNOWN) {
		snprintf(buf, sizeof(buf), "%s: %s%s", kn, why,
			 h == EA_KB_MAYBE
			     ? ""
			     : "; protected only if the kernel keeps memblock "
			       "(CONFIG_ARCH_KEEP_MEMBLOCK), which no input "
			       "says");
		decide(out, EA_UNKNOWN, EA_KB_X86_ESRT_E820, true, buf);
	} else {
		snprintf(buf, sizeof(buf),
			 "%s kept with efi_mem_reserve() stays inside a "
			 "System RAM resource: %s",
			 kn, why);
		decide(out, EA_ESCAPES, EA_KB_X86_ESRT_E820, false, buf);
	}
}

static void infer_x86(const struct ea_kb_query *q, struct ea_kb_inference *out)
{
	char buf[400];
	const char *kn = ea_kind_name(q->kind);

	if (q->kind == EA_KIND_ACPI_TABLE) {
		snprintf(buf, sizeof(buf),
			 "ACPI tables in e820 'ACPI data' (ACPI Tables) are "
			 "not System RAM for either loader");
		decide(out, EA_PROTECTED, EA_KB_NROWS, false, buf);
		add_caveat(out, "only for tables the firmware placed in ACPI "
				"Reclaim memory");
		return;
	}
	if (q->kind == EA_KIND_EFI_CONFIG_TABLE && q->loader == EA_KEXEC_FILE) {
		infer_x86_config_table(q, out);
		return;
	}
	snprintf(buf, sizeof(buf),
		 "no knowledge-base row decides %s for %s on x86_64", kn,
		 ea_loader_name(q->loader));
	decide(out, EA_UNKNOWN, EA_KB_NROWS, false, buf);
}

void ea_kb_infer(const struct ea_kb_query *q, struct ea_kb_inference *out)
{
	memset(out, 0, sizeof(*out));
	static const struct ea_kver unknown_kernel;
	struct ea_kb_query qq = *q;
	if (!qq.kernel)
		qq.kernel = &unknown_kernel;
	switch (qq.arch) {
	case EA_ARCH_ARM64:
		infer_arm64(&qq, out);
		break;
	case EA_ARCH_X86_64:
		infer_x86(&qq, out);
		break;
	default:
		decide(out, EA_UNKNOWN, EA_KB_NROWS, false,
		       "architecture unknown: no row applies");
		break;
	}
	/* the deciding row's own needs (the chain rows' are checked above,
	 * where a boot without the table has an answer of its own) */
	if (out->row && (out->row->needs & EA_KB_NEED_MEMRESERVE))
		unless_needs(out, out->row->needs, qq.kernel, qq.facts,
			     "on a boot with a MEMRESERVE table");
	else if (out->row && (out->row->needs & EA_KB_NEED_UEFI))
		unless_needs(out, out->row->needs, qq.kernel, qq.facts,
			     "on a UEFI boot");
	if (qq.kernel->vendor && out->row && !out->uncertain) {
		out->uncertain = true;
		add_caveat(out, "vendor kernel: backports may differ from the "
				"version number");
	}
}

void ea_kb_inference_free(struct ea_kb_inference *x)
{
	free(x->reason);
	free(x->caveat);
	x->reason = x->caveat = NULL;
}
