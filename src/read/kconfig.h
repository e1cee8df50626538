/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The kernel configuration (/proc/config.gz, or /boot/config-<release>):
 * the few options that decide which loaders exist and which placement rules
 * apply. Lines are "CONFIG_X=y|m|value" or "# CONFIG_X is not set"; an
 * option with no line at all does not exist for that architecture or
 * version (SNAPSHOT.md, collect.sh's MANIFEST says the same).
 */
#ifndef EA_KCONFIG_H
#define EA_KCONFIG_H

#include <stdbool.h>

#include "core/input.h"
#include "core/tree.h"

enum ea_kconfig_opt {
	EA_KC_KEXEC = 0,      /* kexec_load */
	EA_KC_KEXEC_FILE,     /* kexec_file_load */
	EA_KC_KEXEC_HANDOVER, /* KHO scratch placement, 6.16+ */
	EA_KC_CMA,	      /* CMA-first kexec_file segments, 6.17+ */
	EA_KC_INTEL_TDX_HOST, /* x86 kexec_file over memblock */
	EA_KC_ARCH_KEEP_MEMBLOCK,
	EA_KC_ARM64_16K_PAGES, /* arm64 PAGE_SIZE (arch/arm64/Kconfig) */
	EA_KC_ARM64_64K_PAGES,
	EA_KC_ARM64_4K_PAGES,
	EA_KC_IMA_KEXEC, /* a measurement-list segment in kexec_file loads */
	EA_KC_EFI_RUNTIME_MAP, /* x86: the map copied into boot_params */
	EA_KC_NOPTS
};

enum ea_kc_value {
	EA_KC_NO_LINE = 0, /* the option does not exist there */
	EA_KC_NOT_SET,	   /* "# CONFIG_X is not set" */
	EA_KC_SET,	   /* =y, =m or a value */
};

struct ea_kconfig {
	bool known; /* a configuration was read */
	enum ea_kc_value v[EA_KC_NOPTS];
	struct ea_evid ev[EA_KC_NOPTS]; /* the line, when there is one */
};

const char *ea_kconfig_name(enum ea_kconfig_opt o); /* "CONFIG_KEXEC" */

/* Reads proc/config.gz (inflated) or else boot/config-<release> from the
 * tree into in. release may be NULL (then only proc/config.gz is tried). */
void ea_kconfig_load_tree(struct ea_input *in, const struct ea_tree *t,
			  const char *release);
/* Inflates a gzip'd configuration (proc/config.gz) in place; sets the
 * input malformed when the gzip data is bad or inflates past 16 MiB. Plain
 * text is left alone. */
void ea_kconfig_inflate(struct ea_input *in);
/* Parses a loaded configuration; a text that is not one is reported in
 * diags and leaves known false. */
void ea_kconfig_parse(const struct ea_input *in, struct ea_kconfig *out,
		      struct ea_diags *diags);
/* The option is known not to be built (a configuration was read and says
 * "is not set", or has no line for it). */
bool ea_kconfig_off(const struct ea_kconfig *k, enum ea_kconfig_opt o);

#endif
