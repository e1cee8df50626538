/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The loaders' views of free memory (views.c): kexec_file_load's (arm64:
 * memblock.memory minus memblock.reserved, NOMAP never; x86: whole System
 * RAM resources) and kexec_load's (kexec-tools: /proc/iomem System RAM minus
 * its children on arm64, /sys/firmware/memmap on x86).
 */
#ifndef EA_VIEWS_H
#define EA_VIEWS_H

#include <stdint.h>

#include "core/input.h"
#include "model/model.h"

struct ea_build;

/* Builds a->view[] from the parsed inputs. */
void ea_model_views(struct ea_build *a);
/* The source range of v that holds addr, or NULL. */
const struct ea_view_src *ea_view_src_at(const struct ea_view *v,
					 uint64_t addr);

#endif
