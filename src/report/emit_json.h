/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The JSON report, for tools (emit_json.c; schema/): it prints what the
 * audit decided and computes nothing.
 */
#ifndef EA_EMIT_JSON_H
#define EA_EMIT_JSON_H

#include <stdio.h>

struct ea_audit;
struct ea_evid;

int ea_emit_json(FILE *f, const struct ea_audit *a);
/* The evidence text, at most EA_EVID_MAX bytes of the input (not cut inside
 * a character; "..." when cut) cleaned by core/text.h: valid UTF-8 with no
 * control byte but TAB; returns a malloc'd string. The text report, the
 * picture and the corpus print it too. */
#define EA_EVID_MAX 512
char *ea_evid_text(const struct ea_evid *e);

#endif
