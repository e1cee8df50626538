/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The model: what follows from the sources (the kernel, each loader's view
 * of free memory, the ranges that must survive a kexec and an answer for
 * each), built by identity.c, expect.c, views.c, boots.c, protect.c and
 * answer.c. This file is its life: empty range sets to start, everything
 * freed at the end.
 */
#include <stdlib.h>

#include "model/model.h"
#include "model/protect.h"

/* A protected range is made per MEMRESERVE entry and ACPI table: a million
 * of them are 176 MB (and their ids about 40 MB more) */
_Static_assert(sizeof(struct ea_answer_detail) <= 48, "answer grew");
_Static_assert(sizeof(struct ea_protected) <= 176, "protected range grew");

void ea_model_init(struct ea_model *m)
{
	ea_rangeset_init(&m->system_ram);
	ea_rangeset_init(&m->mb_reserved_set);
	for (int l = 0; l < EA_NLOADERS; l++)
		ea_rangeset_init(&m->view[l].free);
}

/* What has to be walked to be freed goes first, the large flat arrays
 * last. */
void ea_model_free(struct ea_model *m)
{
	for (size_t i = 0; i < m->prot.n; i++)
		ea_protected_free(&m->prot.v[i]);
	ea_expect_free(&m->expect);
	ea_boots_free(&m->boots);
	free(m->kernel);
	ea_rangeset_free(&m->system_ram);
	ea_rangeset_free(&m->mb_reserved_set);
	for (int l = 0; l < EA_NLOADERS; l++) {
		free(m->view[l].unknown_reason);
		free(m->view[l].model);
		ea_rangeset_free(&m->view[l].free);
		ea_rangeset_free(&m->view[l].tools_only);
		free(m->view[l].tools_why);
		EA_VEC_FREE(m->view[l].src);
	}
	EA_VEC_FREE(m->prot);
	EA_VEC_FREE(m->prot_lists.escaping);
	EA_VEC_FREE(m->prot_lists.acpi);
	EA_VEC_FREE(m->prot_lists.lpi);
	EA_VEC_FREE(m->prot_lists.chain);
	ea_strpool_free(&m->strings);
	free(m->efi_order);
}
