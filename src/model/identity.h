/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The kernel's release and architecture, from the sources (identity.c).
 */
#ifndef EA_MODEL_IDENTITY_H
#define EA_MODEL_IDENTITY_H

#include "model/model.h"
#include "model/vocab.h"

/* Sets m->kernel, its numbers and kver, m->arch and m->arch_source; forced
 * is --arch (EA_ARCH_UNKNOWN: detect). */
void ea_model_identify(struct ea_build *a, enum ea_arch forced);

#endif
