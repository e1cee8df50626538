/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The audit's vocabulary: architectures, loaders, answers, tiers, kinds of
 * protected range, severities and verdicts, with the names the reports and
 * the JSON schema use for them. Every layer above the readers speaks it;
 * it includes nothing of the project.
 */
#ifndef EA_VOCAB_H
#define EA_VOCAB_H

enum ea_arch { EA_ARCH_UNKNOWN = 0, EA_ARCH_ARM64, EA_ARCH_X86_64 };
const char *ea_arch_name(enum ea_arch a);

enum ea_loader { EA_KEXEC_FILE = 0, EA_KEXEC_LOAD = 1, EA_NLOADERS = 2 };
const char *ea_loader_name(enum ea_loader l);

enum ea_answer { EA_PROTECTED = 0, EA_ESCAPES, EA_UNKNOWN };
const char *ea_answer_name(enum ea_answer a);

enum ea_tier { EA_TIER_CRITICAL = 0, EA_TIER_WARNING };
const char *ea_tier_name(enum ea_tier t);

enum ea_kind {
	EA_KIND_ACPI_TABLE = 0,
	EA_KIND_LPI_PROPERTY_TABLE,
	EA_KIND_LPI_PENDING_TABLE,
	EA_KIND_MEMRESERVE_NODE,
	EA_KIND_MEMRESERVE_ENTRY,
	EA_KIND_EFI_MEMORY_MAP,
	EA_KIND_EFI_CONFIG_TABLE,
	EA_KIND_EFI_SYSTEM_TABLE,
	EA_KIND_DT_RESERVED,
	EA_KIND_INITRD,
};
#define EA_NKINDS (EA_KIND_INITRD + 1)
const char *ea_kind_name(enum ea_kind k);

enum ea_severity {
	EA_SEV_CRITICAL = 0,
	EA_SEV_ERROR,
	EA_SEV_WARNING,
	EA_SEV_INFO
};
const char *ea_severity_name(enum ea_severity s);

enum ea_verdict { EA_CLEAN = 0, EA_ESCAPE, EA_INCOMPLETE, EA_ERROR };
const char *ea_verdict_name(enum ea_verdict v);

#endif
