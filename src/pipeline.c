/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The audit, stage by stage. Each stage is given what it reads as const
 * and writes only its own part: the readers the sources, the model the
 * model (struct ea_build), the what-if its result (struct ea_world), the
 * checks the findings and the verdict (struct ea_checking). Loader rules,
 * with versions and sources: shared reference kernel-formats.md §8
 * (kexec_file_load) and kexec-tools-placement.md §3, §6 (kexec_load);
 * bug-class.md §1 for who protects what.
 */
#include <string.h>

#include "check/finding.h"
#include "model/answer.h"
#include "model/boots.h"
#include "model/expect.h"
#include "model/identity.h"
#include "model/overlap.h"
#include "model/protect.h"
#include "model/views.h"
#include "pipeline.h"
#include "read/firmware.h"
#include "read/readers.h"

void ea_audit_init(struct ea_audit *a)
{
	memset(a, 0, sizeof(*a));
	ea_sources_init(&a->src);
	ea_model_init(&a->m);
}

/*
 * What the firmware's structures in memory say against what the kernel
 * printed (check/cross_*.c), for the checks. The sysfs compare reads the
 * table files itself, into their listing input and the diagnostics.
 */
static void cross_compare(struct ea_audit *a)
{
	struct ea_sources *src = &a->src;
	struct ea_result *r = &a->r;
	if (src->efimap_read && src->dmesg.efi_map.n)
		ea_efimap_compare(src->efimap.desc.v, src->efimap.desc.n,
				  src->dmesg.efi_map.v, src->dmesg.efi_map.n,
				  &r->efimap_cmp);
	if (src->systab.header_ok && src->dmesg.cfg.n)
		ea_efi_systab_compare(&src->systab, &src->dmesg,
				      &r->systab_cmp);
	if (!src->has_rsdp || !src->physmem.backend)
		return;
	if (src->dmesg.acpi.n)
		ea_acpi_compare_dmesg(&src->acpi_mem, &src->dmesg,
				      &r->acpi_cmp);
	const struct ea_input *sys = &src->in[EA_IN_ACPI_SYSFS];
	if (sys->status == EA_IN_OK && src->acpi_sysfs_tree)
		ea_acpi_compare_sysfs_tree(
		    &src->acpi_mem, src->acpi_sysfs_tree, EA_ACPI_SYSFS_REL,
		    &src->in[EA_IN_L_ACPI_SYSFS], &r->acpi_sysfs, &src->diags);
	else if (sys->status == EA_IN_OK && sys->path)
		ea_acpi_compare_sysfs(&src->acpi_mem, sys->path,
				      &src->in[EA_IN_L_ACPI_SYSFS],
				      &r->acpi_sysfs, &src->diags);
	ea_listing_absent(&src->in[EA_IN_L_ACPI_SYSFS],
			  "no sys/firmware/acpi/tables to compare with");
}

void ea_run(struct ea_audit *a)
{
	struct ea_build b = { .src = &a->src,
			      .m = &a->m,
			      .kexec_tools = a->opt.whatif.kexec_tools };

	ea_sources_parse(&a->src);
	ea_model_identify(&b, a->opt.arch);
	cross_compare(a);
	ea_sources_name_listings(&a->src);
	ea_sources_memreserve(&a->src, a->m.kversion_known &&
					   a->m.kmajor == 4 &&
					   a->m.kminor == 20);

	/* what must be found, from evidence that does not need finding it */
	ea_expect_facts(&b);
	ea_model_views(&b);
	/* inputs of two boots: said, and their answers made unknown */
	ea_boots_compare(&b);
	ea_model_protected(&b);
	ea_model_answers(&b);
	ea_model_prot_lists(&b);
	ea_model_ids(&b);
	ea_expect_match(&b);
	/* what each loaded segment overwrites, for the check and both
	 * reports */
	ea_kexeclog_overlaps(a->src.kexeclog, a->m.prot.v, a->m.prot.n);
	ea_kexeclog_overlaps(a->src.kexeclog_dmesg, a->m.prot.v, a->m.prot.n);

	/* where a kexec of the given kernel would land (--kernel ...) */
	struct ea_world w = { .src = &a->src, .m = &a->m };
	a->whatif = ea_whatif_run(&a->opt.whatif, &w);
	if (a->whatif && a->whatif->errors.n)
		a->src.input_failed = true;

	ea_sources_shrunk(&a->src);
	struct ea_checking c = {
		.src = &a->src, .m = &a->m, .whatif = a->whatif, .r = &a->r
	};
	ea_checks_run(&c);
	ea_verdict_decide(&c);
}

int ea_audit_exit_code(const struct ea_audit *a)
{
	switch (a->r.verdict) {
	case EA_ERROR:
		return 3;
	case EA_ESCAPE:
		return 1;
	case EA_INCOMPLETE:
		return 2;
	case EA_CLEAN:
		break;
	}
	return 0;
}

/* The model first, the sources (the large flat arrays and the mapped
 * inputs) last: unmapping a large block can make every page touched after
 * it fault again on a VM that shadows page tables. */
void ea_audit_free(struct ea_audit *a)
{
	ea_model_free(&a->m);
	ea_result_free(&a->r);
	ea_whatif_free(a->whatif);
	ea_sources_free(&a->src);
}
