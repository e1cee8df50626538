/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The reports: text for people, JSON for tools (schema/); both print what
 * the audit decided and compute nothing.
 */
#ifndef EA_REPORT_H
#define EA_REPORT_H

#include <stdio.h>

#include "core/input.h"

struct ea_audit;

/* Emitters (emit_text.c, emit_json.c). */
void ea_emit_text(FILE *f, const struct ea_audit *a);
int ea_emit_json(FILE *f, const struct ea_audit *a);
/* The evidence text, at most EA_EVID_MAX bytes of the input (not cut inside
 * a character; "..." when cut) cleaned by core/text.h: valid UTF-8 with no
 * control byte but TAB; returns a malloc'd string. */
#define EA_EVID_MAX 512
char *ea_evid_text(const struct ea_evid *e);

#endif
