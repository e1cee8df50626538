/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Which kernel this is: its release (proc/version, else the log's banner)
 * with its numbers, and its architecture (--arch, else the release, the
 * EFI map's form, the log's lines, the MEMRESERVE table, /proc/iomem's
 * names, in that order).
 */
#include <string.h>

#include "core/util.h"
#include "model/identity.h"
#include "model/knowledge.h"

static void release(struct ea_build *a)
{
	if (a->src->release)
		a->m->kernel = ea_xstrdup(a->src->release);
	else if (a->src->dmesg.kernel_version)
		a->m->kernel = ea_xstrdup(a->src->dmesg.kernel_version);
	if (a->m->kernel)
		a->m->kversion_known = ea_release_numbers(
		    a->m->kernel, &a->m->kmajor, &a->m->kminor, &a->m->kpatch);
	ea_kver_parse(a->m->kernel, a->src->dmesg.kernel_banner, &a->m->kver);
}

static bool contains_word(const char *s, const char *w)
{
	return s && strstr(s, w) != NULL;
}

static void detect_arch(struct ea_build *a, enum ea_arch forced)
{
	if (forced != EA_ARCH_UNKNOWN) {
		a->m->arch = forced;
		a->m->arch_source = "--arch";
		return;
	}
	const char *k = a->m->kernel;
	const char *banner = a->src->dmesg.kernel_banner;
	if (contains_word(k, "arm64") || contains_word(k, "aarch64") ||
	    contains_word(banner, "aarch64")) {
		a->m->arch = EA_ARCH_ARM64;
		a->m->arch_source = "kernel release";
		return;
	}
	if (contains_word(k, "amd64") || contains_word(k, "x86_64") ||
	    contains_word(banner, "x86_64")) {
		a->m->arch = EA_ARCH_X86_64;
		a->m->arch_source = "kernel release";
		return;
	}
	if (a->src->dmesg.map_form == EA_EFI_MAP_ARM) {
		a->m->arch = EA_ARCH_ARM64;
		a->m->arch_source = "EFI memory map form";
		return;
	}
	if (a->src->dmesg.map_form == EA_EFI_MAP_X86) {
		a->m->arch = EA_ARCH_X86_64;
		a->m->arch_source = "EFI memory map form";
		return;
	}
	if (a->src->dmesg.arm64_hints > a->src->dmesg.x86_hints) {
		a->m->arch = EA_ARCH_ARM64;
		a->m->arch_source = "kernel log lines";
		return;
	}
	if (a->src->dmesg.x86_hints > a->src->dmesg.arm64_hints) {
		a->m->arch = EA_ARCH_X86_64;
		a->m->arch_source = "kernel log lines";
		return;
	}
	/* Only the arm/arm64/riscv EFI stub installs a MEMRESERVE table
	 * (install_memreserve_table()); x86 kernels only parse one. */
	for (size_t i = 0; i < a->src->dmesg.cfg.n; i++) {
		if (strcmp(a->src->dmesg.cfg.v[i].name, "MEMRESERVE") == 0) {
			a->m->arch = EA_ARCH_ARM64;
			a->m->arch_source = "MEMRESERVE configuration table";
			return;
		}
	}
	/* iomem names only x86 creates (arch/x86/kernel/setup.c, e820.c);
	 * arm64 names "Kernel code" and "Kernel data" but no bss/rodata */
	bool kcode = false;
	for (size_t i = 0; i < a->src->iomem.res.n; i++) {
		const struct ea_iomem_res *r = &a->src->iomem.res.v[i];
		if (ea_iomem_is(r, EA_IOMEM_KERNEL_BSS) ||
		    ea_iomem_is(r, EA_IOMEM_KERNEL_RODATA) ||
		    ea_iomem_is(r, EA_IOMEM_ACPI_TABLES) ||
		    ea_iomem_is(r, EA_IOMEM_SYSTEM_ROM)) {
			a->m->arch = EA_ARCH_X86_64;
			a->m->arch_source = "/proc/iomem names";
			return;
		}
		kcode |= ea_iomem_is(r, EA_IOMEM_KERNEL_CODE);
	}
	if (kcode) {
		a->m->arch = EA_ARCH_ARM64;
		a->m->arch_source = "/proc/iomem names";
		return;
	}
	a->m->arch = EA_ARCH_UNKNOWN;
	a->m->arch_source = "not recognised";
}

void ea_model_identify(struct ea_build *a, enum ea_arch forced)
{
	release(a);
	detect_arch(a, forced);
}
