/* SPDX-License-Identifier: GPL-2.0-or-later */
/* What each check means, and --explain (explain.h). */
#include <stdlib.h>
#include <string.h>

#include "check/explain.h"
#include "core/util.h"

#define ROW(x) (1u << EA_KB_##x)
#define CAUSE(x) (1u << EA_KB_CAUSE_##x)

const struct ea_check_doc ea_check_docs[] = {
	{
	    .id = "critical_range_escapes",
	    .rows = ROW(MEMRESERVE_TABLE) | ROW(MEMRESERVE_IOMEM) |
		    ROW(MEMRESERVE_MEMBLOCK) | ROW(KEXEC_TOOLS_EXCLUDE),
	    .causes = CAUSE(MEMRESERVE_TABLE) | CAUSE(CHAIN_LAYOUT) |
		      CAUSE(MEMRESERVE_IOMEM) | CAUSE(IOMEM_HAS_FIX) |
		      CAUSE(MEMRESERVE_MEMBLOCK) | CAUSE(MEMBLOCK_HAS_FIX) |
		      CAUSE(LPI_PENDING_ONLINE) | CAUSE(KEXEC_TOOLS) |
		      CAUSE(NO_MEMRESERVE) | CAUSE(ACPI_FIRMWARE) |
		      CAUSE(EFI_MEMMAP) | CAUSE(OTHER),
	    .remedy =
		"It depends on the escape's cause: the report's "
		"paragraph for it says, and --explain lists every cause with "
		"its remedy.",
	    .text =
		"A critical range lies in memory a loader may use; the finding "
		"names the loader, the free range and the line that makes it "
		"free.",
	},
	{
	    .id = "config_table_escapes",
	    .rows = ROW(X86_ESRT_E820),
	    .causes =
		CAUSE(X86_ESRT_E820) | CAUSE(X86_MEMBLOCK_ONLY) | CAUSE(OTHER),
	    .remedy =
		"It depends on the escape's cause: the report's "
		"paragraph for it says, and --explain lists every cause with "
		"its remedy.",
	    .text =
		"An EFI configuration table the kernel keeps for later (ESRT, "
		"MEMATTR, TPMEventLog, TPMFinalLog, MOKvar, CocoSecret, "
		"Unaccepted) lies in memory a loader may use; the message says "
		"what an overwrite breaks.",
	},
	{
	    .id = "loader_views_disagree",
	    .rows = ROW(MEMRESERVE_IOMEM) | ROW(MEMRESERVE_MEMBLOCK) |
		    ROW(KEXEC_TOOLS_EXCLUDE),
	    .remedy =
		"Until the kernel is fixed, load with the loader that protects "
		"the range (kexec -s for kexec_file_load, kexec -c for "
		"kexec_load); the escape's cause says what fixes the other.",
	    .text =
		"One loader protects a range and the other does not: the shape "
		"of the 2019 (LPI tables and kexec-tools) and 2021 (memreserve "
		"and kexec_file) escapes.",
	},
	{
	    .id = "acpi_table_in_usable_memory",
	    .causes = CAUSE(ACPI_FIRMWARE),
	    .remedy =
		"Ask the firmware vendor to put ACPI tables in ACPI Reclaim or "
		"ACPI NVS memory.",
	    .text = "An ACPI table lies in EFI Conventional, Boot Code/Data or "
		    "Loader Code/Data memory, which the OS may use (a firmware "
		    "bug: "
		    "no loader view protects it).",
	},
	{
	    .id = "acpi_table_outside_efi_map",
	    .remedy =
		"Report it to the firmware vendor: the EFI memory map must "
		"describe every ACPI table.",
	    .text =
		"An ACPI table lies in no descriptor of the EFI memory map.",
	},
	{
	    .id = "acpi_table_straddles_descriptors",
	    .remedy =
		"Report it to the firmware vendor: a table must lie in one "
		"descriptor of a type the OS keeps.",
	    .text =
		"An ACPI table runs past the end of the descriptor it starts "
		"in.",
	},
	{
	    .id = "acpi_table_bad_length",
	    .remedy =
		"Give the tables another way (an acpidump taken with acpidump "
		"-c off as root, or a snapshot's mem/), and look for a log "
		"that "
		"was cut or edited.",
	    .text =
		"An ACPI table line has address 0, length 0, or a length over "
		"16 MiB: it is not protected, and the verdict cannot be clean.",
	},
	{
	    .id = "acpi_table_virtual_address",
	    .text =
		"An ACPI table was printed with a kernel virtual address (a "
		"table loaded at run time): it is not a physical range and is "
		"not protected.",
	},
	{
	    .id = "efi_map_overlap",
	    .remedy =
		"Report it to the firmware vendor: overlapping descriptors "
		"leave the range's type to chance.",
	    .text = "Two EFI memory map descriptors overlap.",
	},
	{
	    .id = "efi_map_unsorted",
	    .text = "The EFI memory map is not sorted by address.",
	},
	{
	    .id = "efi_map_misaligned",
	    .remedy = "Report it to the firmware vendor: UEFI requires "
		      "descriptors on "
		      "4 KiB boundaries.",
	    .text =
		"An EFI descriptor does not start and end on 4 KiB boundaries.",
	},
	{
	    .id = "post_kexec_corruption",
	    .rows = ROW(MEMRESERVE_TABLE) | ROW(CHAIN_LAYOUT) |
		    ROW(MEMRESERVE_IOMEM) | ROW(MEMRESERVE_MEMBLOCK),
	    .remedy =
		"The load that started this kernel overwrote memory it needed: "
		"audit the kernel that made that load (its snapshot, or "
		"--kexec-log of the load before kexec -e), and kexec only "
		"between kernels on the same side of v5.0 (the chain layout).",
	    .text =
		"The log shows memory overwritten by an earlier kexec: "
		"\"Expected reserved range ... not found\", \"Booted with LPIs "
		"enabled, memory probably corrupted\", impossible "
		"memblock_reserve ranges from the MEMRESERVE chain walk, an "
		"unmappable MEMRESERVE entry, a garbage ESRT (warning), or, on "
		"a boot without UEFI, \"Using preallocated redistributor "
		"tables\": the kernel reuses LPI tables a kernel before a "
		"kexec "
		"left enabled, which nothing reserved (observed to end in an "
		"oops, testdata/captures/qemu-arm64-6.1-noefi-gicv3/observed).",
	},
	{
	    .id = "protected_range_in_crash_kernel",
	    .remedy =
		"Check the crashkernel= reservation: a kdump load (kexec -p) "
		"may place segments over anything in it.",
	    .text =
		"A protected range lies in the crash kernel region, where a "
		"kdump image load (kexec -p) places its segments.",
	},
	{
	    .id = "memreserve_chain_unread",
	    .remedy =
		"Give the audit physical memory: a snapshot's mem/ (collect.sh "
		"fills it when efiresv-audit is in PATH), --vmcore, or a live "
		"audit as root.",
	    .text =
		"The MEMRESERVE chain could not be read beyond its root (no "
		"saved physical memory); its list pages are then unknown.",
	},
	{
	    .id = "memreserve_chain_corrupt",
	    .rows = ROW(CHAIN_LAYOUT),
	    .remedy =
		"The chain was overwritten, or written by a kernel of the "
		"other "
		"layout: audit the load that started this kernel, and kexec "
		"only between kernels on the same side of v5.0.",
	    .text = "The MEMRESERVE chain loops, or a node holds an impossible "
		    "size, count or entry.",
	},
	{
	    .id = "its_table_reported",
	    .text =
		"An ITS device or collection table, listed for reference: the "
		"next kernel resets the ITS, so these are not protected.",
	},
	{
	    .id = "efi_map_differs_from_log",
	    .remedy =
		"The buffer changed after boot (overwritten by a kexec load, "
		"or "
		"a bug), and the next kernel reads the buffer: do not kexec "
		"from this kernel; audit the load that started it.",
	    .text =
		"The EFI memory map buffer read from memory (at /chosen "
		"linux,uefi-mmap-start) and the map the kernel printed with "
		"efi=debug differ: a descriptor missing from one, or with "
		"another end, type or attributes. On arm64 the buffer is the "
		"firmware's own, which the kernel never rewrites and the next "
		"kernel reads: a descriptor added, lost, moved or retyped is "
		"critical (the verdict is escape); attributes only, or x86, a "
		"warning. Without a printed map, a buffer whose descriptors "
		"overlap is corrupt by itself.",
	},
	{
	    .id = "config_tables_differ_from_log",
	    .remedy =
		"Take the log and memory from the same boot; if they are, the "
		"table array was overwritten.",
	    .text =
		"The configuration tables of the EFI system table in memory "
		"and "
		"the kernel's \"efi:\" line differ (a MEMRESERVE address that "
		"differs is an error).",
	},
	{
	    .id = "efi_systab_crc_bad",
	    .remedy = "The system table changed after the firmware wrote it: "
		      "look for "
		      "an earlier overwrite.",
	    .text = "The EFI system table's CRC32 does not match its bytes.",
	},
	{
	    .id = "acpi_log_memory_disagree",
	    .remedy =
		"Take the log and memory from the same boot; if they are, the "
		"tables moved or were overwritten.",
	    .text =
		"An ACPI table found by walking RSDP, XSDT and FADT in memory "
		"has another address or length than the kernel log's \"ACPI: "
		"SIG\" line, or is in one and not the other.",
	},
	{
	    .id = "acpi_sysfs_memory_disagree",
	    .remedy =
		"Take the sysfs tables and memory from the same boot; if they "
		"are, the table in memory was overwritten.",
	    .text = "An ACPI table read from memory differs from its "
		    "/sys/firmware/acpi/tables copy.",
	},
	{
	    .id = "acpi_checksum_bad",
	    .remedy =
		"A table the firmware shipped with a bad checksum is the "
		"vendor's to fix; one that changed after boot was overwritten.",
	    .text = "An ACPI table in memory or in the acpidump has a bad "
		    "checksum.",
	},
	{
	    .id = "acpidump_log_disagree",
	    .remedy =
		"Take the acpidump and the log from the same boot (collect.sh "
		"does).",
	    .text =
		"The acpidump (physical-memory mode, real addresses) and the "
		"kernel log's \"ACPI: SIG 0x...\" lines list the same static "
		"tables: a table one of them has at an address the other does "
		"not, or another signature or length there, is named (one of "
		"them is not of this boot, or was edited).",
	},
	{
	    .id = "acpidump_zero_addresses",
	    .remedy =
		"Run acpidump -c off as root (physical-memory mode): then it "
		"carries the addresses.",
	    .text =
		"The acpidump was taken in sysfs mode: every address is 0 and "
		"carries nothing (use \"acpidump -c off\" as root).",
	},
	{
	    .id = "lpi_table_not_in_memreserve",
	    .rows = ROW(MEMRESERVE_TABLE) | ROW(LPI_PENDING_ONLINE),
	    .remedy =
		"Load the image only after every CPU has come online once, and "
		"check that the kernel records every LPI table it allocates in "
		"the MEMRESERVE table (gic_reserve_range).",
	    .text =
		"The MEMRESERVE chain was read whole, and an LPI table the log "
		"shows in use has no chain entry: the next kernel will not "
		"reserve it.",
	},
	{
	    .id = "memreserve_entry_not_reserved",
	    .rows = ROW(MEMRESERVE_IOMEM) | ROW(MEMRESERVE_MEMBLOCK),
	    .causes = CAUSE(MEMRESERVE_IOMEM) | CAUSE(IOMEM_HAS_FIX) |
		      CAUSE(MEMRESERVE_MEMBLOCK) | CAUSE(MEMBLOCK_HAS_FIX),
	    .remedy =
		"It depends on the escape's cause: the report's "
		"paragraph for it says, and --explain lists every cause with "
		"its remedy.",
	    .text =
		"A MEMRESERVE node or entry is not a child of System RAM in "
		"/proc/iomem (kexec_load may overwrite it; kernels before "
		"ab0eb16205b4) or not in memblock.reserved (kexec_file_load "
		"may; kernels before 2bab693a608b).",
	},
	{
	    .id = "its_base_mismatch",
	    .remedy = "Take every input from the same boot; if they are, the "
		      "firmware "
		      "describes an ITS the kernel does not use.",
	    .text =
		"The MADT or the device tree describes a GIC ITS that no ITS "
		"line of the log names.",
	},
	{
	    .id = "fdt_unusable",
	    .remedy =
		"Save /sys/firmware/fdt again, as root (collect.sh does).",
	    .text = "/sys/firmware/fdt is not a usable flattened device tree "
		    "(libfdt's reason and the byte offset are given).",
	},
	{
	    .id = "reserved_memory_ignored",
	    .remedy = "Fix the device tree: /reserved-memory needs the root's "
		      "#address-cells and #size-cells and a ranges property.",
	    .text =
		"/reserved-memory has cells unlike the root's, or no ranges: "
		"the kernel ignores the whole node.",
	},
	{
	    .id = "not_efi_booted",
	    .rows = ROW(MEMRESERVE_TABLE),
	    .causes = CAUSE(NO_MEMRESERVE),
	    .remedy =
		"It depends on the escape's cause: the report's "
		"paragraph for it says, and --explain lists every cause with "
		"its remedy.",
	    .text =
		"The boot did not go through UEFI: the log says \"efi: UEFI "
		"not "
		"found.\", or it reaches back to boot and shows no sign of "
		"UEFI "
		"(no \"efi: EFI v\" line, no configuration-table line, no EFI "
		"map; \"efi: Getting EFI parameters from FDT:\" is printed "
		"either way and is no sign). The same fact decides the "
		"inferred "
		"answers: without UEFI there is no MEMRESERVE table, so an "
		"ITS's LPI tables escape both loaders on any kernel version "
		"unless a device-tree reservation holds them, and the remedy "
		"is "
		"the boot path, not a kernel update. With no ITS, nothing of "
		"UEFI's is left to protect and the verdict is earned by the "
		"other ranges.",
	},
	{
	    .id = "lpi_tables_not_persistent",
	    .rows = ROW(MEMRESERVE_TABLE),
	    .causes = CAUSE(NO_MEMRESERVE) | CAUSE(MEMRESERVE_TABLE),
	    .remedy =
		"It depends on the escape's cause: the report's "
		"paragraph for it says, and --explain lists every cause with "
		"its remedy.",
	    .text =
		"The GIC's LPI tables are in use but the boot has no "
		"MEMRESERVE "
		"table (no UEFI, or a kernel before 4.20): a kexec'd kernel "
		"cannot learn where they are.",
	},
	{
	    .id = "expected_ranges_missing",
	    .remedy =
		"Give an input that has their addresses: boot with efi=debug "
		"(the EFI memory map), collect the snapshot as root with "
		"physical memory (collect.sh), or give an acpidump taken with "
		"acpidump -c off.",
	    .text =
		"A category of ranges that the evidence says must exist was "
		"not "
		"found from any input that gives addresses; the verdict is "
		"incomplete. Expected are: ACPI tables when ACPI is in use "
		"(the "
		"log's ACPI lines, an RSDP address, a sysfs table directory, "
		"an "
		"acpidump); the GICv3 LPI tables when there is an ITS (the "
		"log's ITS or LPI lines, a MADT ITS structure, an "
		"arm,gic-v3-its node); the MEMRESERVE table on an arm64 UEFI "
		"boot with an ITS on v4.20 or later (seen, or its absence seen "
		"on a configuration-table line or a system table read whole); "
		"the EFI memory map buffer on an arm64 UEFI boot. A table that "
		"/sys/firmware/acpi/tables lists by name, or that the walk "
		"from "
		"the RSDP reached but could not read, and that no input gives "
		"an address for, is missing. The finding names the "
		"expectation, "
		"its evidence and what is missing.",
	},
	{
	    .id = "not_root",
	    .remedy = "Run it as root, or collect a snapshot as root (sudo sh "
		      "scripts/collect.sh -m) and audit that.",
	    .text =
		"A live audit ran without root: the finding lists the inputs "
		"that need root (/proc/iomem addresses, the kernel log under "
		"dmesg_restrict, debugfs, /sys/firmware/fdt, /proc/kcore); the "
		"verdict is incomplete. The same for a snapshot whose MANIFEST "
		"says it was collected without root (\"user: uid 1000, not "
		"root\"): the finding names the items the collector could not "
		"read for want of it (EACCES, EPERM, zeroed) and the "
		"MANIFEST's "
		"line, and the headline says so first.",
	},
	{
	    .id = "loaded_segment_overwrites",
	    .rows = ROW(KEXEC_TOOLS_EXCLUDE) | ROW(MEMRESERVE_MEMBLOCK),
	    .remedy =
		"Do not run kexec -e: unload (kexec -u), then load so that no "
		"segment covers the range (kexec-tools 2.0.21 or later, "
		"kexec-tools' mem-min and mem-max options), or fix the cause "
		"of "
		"the range's escape.",
	    .text =
		"A segment of a loaded image (from --kexec-log, or the "
		"kernel's "
		"kexec_file lines in the log) overlaps a protected range; both "
		"ranges are named. A critical range makes it an escape; a "
		"failed load or a warning-tier range a warning.",
	},
	{
	    .id = "placement_overwrites",
	    .rows = ROW(TOPDOWN_START) | ROW(ARM64_RETRY) |
		    ROW(KEXEC_TOOLS_EXCLUDE),
	    .remedy =
		"Do not load that kernel that way: use kexec-tools 2.0.21 or "
		"later, keep the segments away with kexec-tools' mem-min and "
		"mem-max options, or fix the cause of the range's escape.",
	    .text =
		"The placement what-if puts a segment of the given kernel, "
		"initrd or DTB over a protected range; the segment, the range "
		"and the rule that placed it are named, the first range it "
		"meets marked. Critical for a critical range.",
	},
	{
	    .id = "placement_fails",
	    .remedy = "Make room for the load as the loader's message says (a "
		      "smaller "
		      "initrd, a larger crashkernel= for kdump).",
	    .text =
		"The placement what-if says the loader would refuse the load "
		"(with the loader's own message, e.g. \"Could not find any "
		"suitable kernel location!\").",
	},
	{
	    .id = "placement_not_applicable",
	    .rows = ROW(KHO) | ROW(CMA),
	    .remedy =
		"Give the what-if the input it names as missing (--kernel or "
		"--kernel-size, --initrd, --kexec-tools).",
	    .text =
		"The what-if does not apply to this kernel (KHO scratch areas, "
		"CMA allocation), has no model (kexec_load on x86_64, "
		"kexec-tools crash loads) or lacks an input it needs; it says "
		"which.",
	},
	{
	    .id = "loader_not_built",
	    .rows = ROW(ARM64_KEXEC_FILE),
	    .text =
		"The kernel configuration says a loader is not built (# "
		"CONFIG_KEXEC_FILE is not set, as in Debian's arm64 cloud "
		"kernels): it fails with ENOSYS on this kernel. Its answers "
		"stay: they say what a kernel built with it would risk on this "
		"memory layout; its escapes are latent_escape findings.",
	},
	{
	    .id = "latent_escape",
	    .rows = ROW(ARM64_KEXEC_FILE),
	    .remedy = "Nothing for this kernel; before running a kernel built "
		      "with that loader on this machine, fix the cause of the "
		      "range's escape.",
	    .text =
		"A range escapes a loader the kernel configuration says this "
		"kernel is built without (a warning, whatever the range's "
		"tier): no load of this kernel can make that escape, a kernel "
		"built with the loader on the same memory layout could. The "
		"finding names the range, the free memory and the line that "
		"frees it, and the configuration line; the verdict does not "
		"count it (JSON summary.latent counts the critical ranges that "
		"escape only such loaders).",
	},
	{
	    .id = "answer_inferred",
	    .remedy = "Give the loader's view (the memblock debugfs files, "
		      "/proc/iomem) to have its answers seen, not inferred.",
	    .text =
		"Answers of a loader were taken from the knowledge base "
		"because "
		"the loader's view could not be built; one finding per loader "
		"and deciding row, with how many answers and escapes.",
	},
	{
	    .id = "input_unusable",
	    .remedy = "Give the input: collect a snapshot as root with debugfs "
		      "mounted (sudo sh scripts/collect.sh -m).",
	    .text =
		"An input the audit needs (the kernel log, /proc/iomem, and on "
		"arm64 the memblock files) is absent, unreadable, zeroed or "
		"malformed.",
	},
	{
	    .id = "input_line_unreadable",
	    .remedy =
		"Look at the named line; a log hard-wrapped or cut by a mailer "
		"loses lines: attach the file itself.",
	    .text =
		"A line was recognised (by its prefix) but could not be read; "
		"the message names the file and line.",
	},
	{
	    .id = "dmesg_not_from_boot",
	    .remedy =
		"Take the log from boot: journalctl -k -b, a boot console "
		"capture, or a larger log_buf_len=.",
	    .text =
		"The kernel log has no \"Linux version\" line, so early lines "
		"may be missing. The banner is looked for in every log form, "
		"so "
		"a complete log without time stamps (dmesg -t, journalctl) "
		"does "
		"not raise it, and a log that starts late does, whatever its "
		"form.",
	},
	{
	    .id = "dmesg_boot_repeated",
	    .text =
		"The kernel log holds the same boot twice, line for line as "
		"far "
		"as the shorter copy goes (a console replayed the boot buffer, "
		"or dmesg output was appended to a console capture); one copy "
		"was read (info). Two different boots (a kexec, a reboot: "
		"their "
		"time stamps or devices differ, or the first ends with its "
		"kexec or reboot lines) are both read.",
	},
	{
	    .id = "inputs_from_different_boots",
	    .remedy =
		"Collect every input from one boot (collect.sh does, in one "
		"run).",
	    .text =
		"The kernel log and another input come from different boots: "
		"the log's \"Linux version\" line and proc/version, or its "
		"command line and proc/cmdline, differ; the log's \"System "
		"Table\" or \"MemMap Address\" and the FDT's /chosen "
		"linux,uefi-system-table or linux,uefi-mmap-start differ; the "
		"log's \"ACPI 2.0=\" and sys/firmware/efi/systab's ACPI20= "
		"differ; or the log's LPI tables and the 64 KiB reserved "
		"children of System RAM in /proc/iomem are the same run at two "
		"addresses (a kernel gives each LPI table it allocates a child "
		"starting at it, ab0eb16205b4, so such children are another "
		"boot's tables). A range only the log places is then not "
		"measured on the other boot's view of free memory: its answer "
		"is unknown, the reason saying what that view alone would say, "
		"and the verdict is incomplete, not escape.",
	},
	{
	    .id = "arch_unknown",
	    .remedy = "Give --arch arm64 or --arch x86_64.",
	    .text = "The architecture could not be told from the inputs.",
	},
};
const size_t ea_ncheck_docs = sizeof(ea_check_docs) / sizeof(*ea_check_docs);

const struct ea_check_doc *ea_check_doc(const char *id)
{
	for (size_t i = 0; i < ea_ncheck_docs; i++)
		if (!strcmp(ea_check_docs[i].id, id))
			return &ea_check_docs[i];
	return NULL;
}

const struct ea_check *ea_check_by_id(const char *id)
{
	for (size_t i = 0; i < ea_nchecks; i++)
		if (!strcmp(ea_checks[i]->id, id))
			return ea_checks[i];
	return NULL;
}

const char *ea_check_verdict_effect(const struct ea_check *ck)
{
	/* a critical finding is an escape (check/verdict.c); only checks of
	 * critical severity make one (ea_finding_add_sev() lowers it) */
	if (ck->sev == EA_SEV_CRITICAL)
		return "escape";
	return ck->cls == EA_CK_BLINDS ? "incomplete" : "none";
}

/* "2bab693a608b \"firmware/efi: ...\" (v5.14-rc2; stable ...)", or
 * "kexec-tools f736104 \"...\" (2.0.21)" */
static void commit_line(char *buf, size_t n, const struct ea_kb_row *row)
{
	char d[160];
	ea_kb_describe(row, d, sizeof(d));
	const char *paren = strstr(d, " (");
	size_t k = paren ? (size_t)(paren - d) : strlen(d);
	snprintf(buf, n, "%.*s \"%s\"%s", (int)k, d, row->subject,
		 paren ? paren : "");
}

/* ---- troff ---------------------------------------------------------------- */

/* Words of text as troff lines of at most 78 columns: a word that starts
 * with '-' (an option) has every '-' as \-, a backslash is \e, and a
 * line that would start with '.' or '\'' starts with \&. */
static void troff_text(FILE *f, const char *text)
{
	size_t col = 0;
	for (const char *p = text; *p;) {
		while (*p == ' ')
			p++;
		if (!*p)
			break;
		size_t n = strcspn(p, " "), w = n;
		bool opt = *p == '-';
		for (size_t i = 0; i < n; i++)
			w += (p[i] == '-' && opt) || p[i] == '\\';
		if (col && col + 1 + w > 78) {
			fputc('\n', f);
			col = 0;
		} else if (col) {
			fputc(' ', f);
			col++;
		}
		if (!col && (*p == '.' || *p == '\''))
			fputs("\\&", f), col += 2;
		for (size_t i = 0; i < n; i++) {
			if (p[i] == '-' && opt)
				fputs("\\-", f);
			else if (p[i] == '\\')
				fputs("\\e", f);
			else
				fputc(p[i], f);
		}
		col += w;
		p += n;
	}
	fputc('\n', f);
}

/* "Commits: A; B." for the rows of a doc, into a malloc'd string. */
static char *commits(const struct ea_check_doc *d)
{
	char *out = NULL;
	for (int r = 0; r < EA_KB_NROWS; r++) {
		if (!(d->rows & (1u << r)))
			continue;
		char c[400];
		commit_line(c, sizeof(c), ea_kb_get((enum ea_kb_id)r));
		char *n =
		    ea_xasprintf("%s%s%s", out ? out : "", out ? "; " : "", c);
		free(out);
		out = n;
	}
	return out;
}

void ea_check_doc_troff(FILE *f, const struct ea_check_doc *d)
{
	fprintf(f, ".TP\n.B %s\n", d->id);
	troff_text(f, d->text);
	char *c = commits(d);
	if (c) {
		char *t = ea_xasprintf("Commits: %s.", c);
		fputs(".IP\n", f);
		troff_text(f, t);
		free(t);
	}
	free(c);
	if (d->remedy) {
		char *t = ea_xasprintf("What to do: %s", d->remedy);
		fputs(".IP\n", f);
		troff_text(f, t);
		free(t);
	}
}

/* ---- --explain ------------------------------------------------------------ */

/* Words of text after prefix, wrapped at 80 columns, continued with
 * indent. */
static void wrap(FILE *f, const char *prefix, const char *indent,
		 const char *text)
{
	size_t col = strlen(prefix);
	fputs(prefix, f);
	bool first = true;
	for (const char *p = text; *p;) {
		while (*p == ' ')
			p++;
		if (!*p)
			break;
		size_t n = strcspn(p, " ");
		if (!first && col + 1 + n > 80) {
			fprintf(f, "\n%s", indent);
			col = strlen(indent);
		} else if (!first) {
			fputc(' ', f);
			col++;
		}
		fwrite(p, 1, n, f);
		col += n;
		p += n;
		first = false;
	}
	fputc('\n', f);
}

void ea_check_explain(FILE *f, const struct ea_check *ck)
{
	const struct ea_check_doc *d = ea_check_doc(ck->id);
	fprintf(f, "%s\n", ck->id);
	fprintf(f, "  severity: %s; %s; verdict: %s\n",
		ea_severity_name(ck->sev),
		ck->cls == EA_CK_BLINDS ? "blinds the audit" : "reports",
		ea_check_verdict_effect(ck));
	wrap(f, "  summary: ", "    ", ck->summary);
	if (!d)
		return;
	fputc('\n', f);
	wrap(f, "  ", "  ", d->text);
	bool any = false;
	for (int r = 0; r < EA_KB_NROWS; r++) {
		if (!(d->rows & (1u << r)))
			continue;
		if (!any)
			fprintf(f, "\n  Commits:\n");
		any = true;
		char c[400];
		const struct ea_kb_row *row = ea_kb_get((enum ea_kb_id)r);
		commit_line(c, sizeof(c), row);
		wrap(f, "    ", "      ", c);
		wrap(f, "      ", "      ", row->effect);
	}
	if (d->remedy) {
		fputc('\n', f);
		wrap(f, "  What to do: ", "    ", d->remedy);
	}
	any = false;
	for (int c = 1; c < EA_KB_NCAUSES; c++) {
		if (!(d->causes & (1u << c)))
			continue;
		const struct ea_kb_cause *k = ea_kb_cause_get((unsigned)c);
		if (!any)
			fprintf(f, "\n  Causes of escape and what to do:\n");
		any = true;
		fprintf(f, "    %s\n", k->key);
		wrap(f, "      why: ", "        ", k->why);
		wrap(f, "      what to do: ", "        ", k->what_to_do);
	}
}
