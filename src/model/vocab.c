/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The names of the audit's vocabulary (vocab.h), as the reports and the
 * JSON schema spell them. */
#include "model/vocab.h"

const char *ea_arch_name(enum ea_arch a)
{
	return a == EA_ARCH_ARM64    ? "arm64"
	       : a == EA_ARCH_X86_64 ? "x86_64"
				     : "unknown";
}

const char *ea_loader_name(enum ea_loader l)
{
	return l == EA_KEXEC_FILE ? "kexec_file" : "kexec_load";
}

const char *ea_answer_name(enum ea_answer a)
{
	return a == EA_PROTECTED ? "protected"
	       : a == EA_ESCAPES ? "escapes"
				 : "unknown";
}

const char *ea_tier_name(enum ea_tier t)
{
	return t == EA_TIER_CRITICAL ? "critical" : "warning";
}

const char *ea_kind_name(enum ea_kind k)
{
	switch (k) {
	case EA_KIND_ACPI_TABLE:
		return "acpi_table";
	case EA_KIND_LPI_PROPERTY_TABLE:
		return "lpi_property_table";
	case EA_KIND_LPI_PENDING_TABLE:
		return "lpi_pending_table";
	case EA_KIND_MEMRESERVE_NODE:
		return "memreserve_node";
	case EA_KIND_MEMRESERVE_ENTRY:
		return "memreserve_entry";
	case EA_KIND_EFI_MEMORY_MAP:
		return "efi_memory_map";
	case EA_KIND_EFI_CONFIG_TABLE:
		return "efi_config_table";
	case EA_KIND_EFI_SYSTEM_TABLE:
		return "efi_system_table";
	case EA_KIND_DT_RESERVED:
		return "dt_reserved";
	case EA_KIND_INITRD:
		return "initrd";
	}
	return "unknown";
}

const char *ea_severity_name(enum ea_severity s)
{
	switch (s) {
	case EA_SEV_CRITICAL:
		return "critical";
	case EA_SEV_ERROR:
		return "error";
	case EA_SEV_WARNING:
		return "warning";
	case EA_SEV_INFO:
		return "info";
	}
	return "info";
}

const char *ea_verdict_name(enum ea_verdict v)
{
	return v == EA_CLEAN	    ? "clean"
	       : v == EA_ESCAPE	    ? "escape"
	       : v == EA_INCOMPLETE ? "incomplete"
				    : "error";
}
