/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Every reader over its input, once: the kernel log (and the loads it
 * shows), kexec -d output, the kernel configuration, /proc/iomem, the
 * memblock debugfs files, proc/version; then the firmware's structures
 * (firmware.c) and the MEMRESERVE chain from memory. What a reader cannot
 * use is said on its input (its state) or in the diagnostics, with its
 * place; nothing here decides anything about the machine.
 */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"
#include "read/firmware.h"
#include "read/readers.h"
#include "read/sources.h"

/*
 * A non-empty input in which no line is of its kind (a file named as the
 * wrong input, binary junk): one error that says so and quotes its first
 * line, instead of one diagnostic per line. A file the user named that
 * cannot be used at all fails like one that cannot be read (exit 3).
 */
static void not_of_kind(struct ea_sources *src, struct ea_input *in,
			size_t diags_before, const char *kind)
{
	char *first = ea_input_first_line(in, 60);

	ea_diags_truncate(&src->diags, diags_before);
	ea_input_set_status(in, EA_IN_MALFORMED,
			    "no line of %s looks like %s; first line: %s",
			    in->path ? in->path : in->name, kind, first);
	free(first);
	if (in->user_given)
		src->input_failed = true;
}

/* The kernel log, and what a loaded image's segments say in it */
static void parse_dmesg(struct ea_sources *src)
{
	struct ea_input *in = &src->in[EA_IN_DMESG];
	src->kexeclog_dmesg = ea_xcalloc(1, sizeof(*src->kexeclog_dmesg));
	if (in->status == EA_IN_OK) {
		size_t d0 = src->diags.n;

		ea_dmesg_parse(in, &src->dmesg, &src->diags);
		if (in->len == 0)
			ea_input_set_status(in, EA_IN_MALFORMED, "empty file");
		else if (src->dmesg.lines == 0)
			ea_input_set_status(in, EA_IN_MALFORMED,
					    "no line could be read");
		else if (src->dmesg.kernel_lines == 0)
			not_of_kind(src, in, d0, "a kernel log");
		/* what a loaded image's segments say (proof mode); a log
		 * without a line of a load is not read again */
		if (in->status == EA_IN_OK && src->dmesg.kexec_lines)
			ea_kexeclog_parse(in, src->kexeclog_dmesg, NULL);
	}
	ea_input_release_pages(in);
}

static void parse_kexec_log(struct ea_sources *src)
{
	struct ea_input *in = &src->in[EA_IN_KEXEC_LOG];
	src->kexeclog = ea_xcalloc(1, sizeof(*src->kexeclog));
	if (in->status == EA_IN_OK)
		ea_kexeclog_parse(in, src->kexeclog, &src->diags);
	ea_input_release_pages(in);
}

static void parse_kconfig(struct ea_sources *src)
{
	struct ea_input *in = &src->in[EA_IN_KCONFIG];
	ea_kconfig_inflate(in);
	ea_kconfig_parse(in, &src->kconfig, &src->diags);
	if (in->status == EA_IN_OK && !src->kconfig.known)
		ea_input_set_status(in, EA_IN_MALFORMED,
				    "no CONFIG_ line: not a kernel "
				    "configuration");
}

static void parse_kexec_bin(struct ea_sources *src)
{
	struct ea_input *in = &src->in[EA_IN_KEXEC_BIN];
	ea_kexec_bin_parse(in, &src->kexec_bin);
	ea_input_release_pages(in);
}

static void parse_iomem(struct ea_sources *src)
{
	struct ea_input *in = &src->in[EA_IN_IOMEM];
	if (in->status == EA_IN_OK) {
		size_t d0 = src->diags.n;

		if (!ea_iomem_parse(in, &src->iomem, &src->diags)) {
			if (in->len == 0)
				ea_input_set_status(
				    in, EA_IN_MALFORMED,
				    "no /proc/iomem line could be read");
			else
				not_of_kind(src, in, d0,
					    "/proc/iomem "
					    "(\"<start>-<end> : <name>\")");
		} else if (src->iomem.zeroed)
			ea_input_set_status(
			    in, EA_IN_ZEROED,
			    "every address is 0: the file was read without "
			    "CAP_SYS_ADMIN (run as root); it carries no "
			    "addresses");
	}
	ea_input_release_pages(in);
}

/* memblock debugfs: memory and reserved */
static void parse_memblocks(struct ea_sources *src)
{
	struct {
		int id;
		struct ea_memblock *mb;
	} mbs[] = { { EA_IN_MB_MEMORY, &src->mb_memory },
		    { EA_IN_MB_RESERVED, &src->mb_reserved } };
	for (size_t i = 0; i < 2; i++) {
		struct ea_input *in = &src->in[mbs[i].id];
		if (in->status != EA_IN_OK)
			continue;
		size_t d0 = src->diags.n;

		if (!ea_memblock_parse(in, mbs[i].mb, &src->diags)) {
			if (in->len == 0)
				ea_input_set_status(
				    in, EA_IN_ABSENT,
				    "empty file: this kernel exports no "
				    "memblock regions");
			else
				not_of_kind(src, in, d0,
					    "a memblock debugfs file "
					    "(\"<index>: 0x<base>..0x<end>\")");
		}
		ea_input_release_pages(in);
	}
}

static void parse_version(struct ea_sources *src)
{
	struct ea_input *in = &src->in[EA_IN_VERSION];
	if (in->status == EA_IN_OK) {
		src->release = ea_version_release(in);
		if (!src->release)
			ea_input_set_status(in, EA_IN_MALFORMED,
					    "no \"Linux version\" text");
	}
}

static void parse_inputs(struct ea_sources *src)
{
	/* Each text input is read through once, here; after that only
	 * evidence lines are looked at again, so a mapped input's pages are
	 * let go as soon as its parsers are done (a large log or iomem is
	 * then never all held at once). */
	parse_dmesg(src);
	parse_kexec_log(src);
	parse_kconfig(src);
	parse_kexec_bin(src);
	parse_iomem(src);
	parse_memblocks(src);
	parse_version(src);
}

/* Files truncated while they were read (core/input.h): what was past their
 * new end was read as zeros, so they are unreadable, with a finding that
 * names each. */
void ea_sources_shrunk(struct ea_sources *src)
{
	size_t n;
	char **v = ea_input_shrunk(&n);

	for (size_t k = 0; k < n; k++) {
		struct ea_evid none = { 0 };

		for (int i = 0; i < EA_NINPUTS; i++)
			if (src->in[i].path && !strcmp(src->in[i].path, v[k]))
				ea_input_set_status(&src->in[i],
						    EA_IN_UNREADABLE,
						    "the file shrank while it "
						    "was read");
		ea_diag_add(&src->diags, none,
			    "%s: the file shrank while it was read "
			    "(truncated during the audit); what was past its "
			    "new end read as zeros",
			    v[k]);
		free(v[k]);
	}
	free(v);
}

void ea_sources_parse(struct ea_sources *src)
{
	parse_inputs(src);
	ea_sources_firmware(src);
}

/* the parsers name their listings; the report uses these names, and says
 * what each listing was decoded from */
void ea_sources_name_listings(struct ea_sources *src)
{
	for (int i = 0; i < EA_NINPUTS; i++) {
		src->in[i].name = ea_input_role_name((enum ea_input_id)i);
		if (i >= EA_IN_L_FDT && src->in[i].status == EA_IN_OK &&
		    !src->in[i].path) {
			const char *from =
			    i == EA_IN_L_FDT	   ? src->in[EA_IN_FDT].path
			    : src->physmem.backend ? src->physmem.backend
						   : "?";
			src->in[i].path = ea_xasprintf("decoded from %s", from);
		}
	}
}

void ea_sources_memreserve(struct ea_sources *src, bool v420)
{
	for (size_t i = 0; i < src->dmesg.cfg.n; i++) {
		const struct ea_cfg_table *c = &src->dmesg.cfg.v[i];
		if (strcmp(c->name, "MEMRESERVE") == 0 && !c->unusable &&
		    c->addr && c->addr != UINT64_MAX) {
			src->has_memreserve = true;
			src->memreserve_root = c->addr;
			src->memreserve_ev = c->ev;
		}
	}
	/* no efi: line (or none naming it): the system table in memory */
	for (size_t i = 0; i < src->systab.entries.n && !src->has_memreserve;
	     i++) {
		const struct ea_efi_cfg_entry *e = &src->systab.entries.v[i];
		if (e->name && strcmp(e->name, "MEMRESERVE") == 0 && e->addr &&
		    e->addr != UINT64_MAX) {
			src->has_memreserve = true;
			src->memreserve_root = e->addr;
			src->memreserve_ev = e->ev;
		}
	}
	if (!src->has_memreserve)
		return;
	if (src->physmem.backend && v420)
		ea_memreserve_walk_v420(&src->physmem, src->memreserve_root,
					&src->memreserve);
	else if (src->physmem.backend)
		ea_memreserve_walk(&src->physmem, src->memreserve_root,
				   &src->memreserve);
	else
		src->memreserve.why =
		    ea_xasprintf("no physical memory source (%s)",
				 ea_input_state(&src->in[EA_IN_MEM]));
	/* The chain's entries in address order (by range, then chain
	 * order): every reader looks them up or walks them by address, and
	 * an entry keeps its node and index, all the report says of its
	 * place in the chain. The chain has at most EA_MR_MAX_NODES *
	 * EA_MR_MAX_NODE_ENTRIES entries, fewer than 2^32. */
	uint32_t *eo = ea_range_order(
	    src->memreserve.entries.v, src->memreserve.entries.n,
	    sizeof(struct ea_mr_entry), offsetof(struct ea_mr_entry, r));
	ea_permute(src->memreserve.entries.v, src->memreserve.entries.n,
		   sizeof(struct ea_mr_entry), eo);
	free(eo);
}
