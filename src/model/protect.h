/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The protected ranges (protect.c). */
#ifndef EA_PROTECT_H
#define EA_PROTECT_H

#include "model/model.h"

struct ea_build;

/* Builds a->prot from the parsed sources: sorted by address, each range
 * once. */
void ea_model_protected(struct ea_build *a);
/* Each range's id (struct ea_protected), once the ranges are final. */
void ea_model_ids(struct ea_build *a);
/* a->prot_lists: the indices each check walks (after the answers). */
void ea_model_prot_lists(struct ea_build *a);
void ea_protected_free(struct ea_protected *p);

#endif
