/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Where the inputs come from (snapshot.c): a snapshot directory or tarball,
 * the running system, single files named on the command line, a vmcore.
 */
#ifndef EA_SOURCES_H
#define EA_SOURCES_H

#include <stdbool.h>

#include "audit.h"

/* Locating inputs (snapshot.c). A snapshot directory or the live system;
 * single files named by the user override either. */
void ea_audit_use_snapshot(struct ea_audit *a, const char *dir);
void ea_audit_use_live(struct ea_audit *a);
/* Names a file for one input (--dmesg FILE, ...). Returns false when it
 * cannot be read at all (the input is marked and input_failed set). */
bool ea_audit_use_file(struct ea_audit *a, enum ea_input_id id,
		       const char *path);

/* Physical memory from a kdump vmcore file (--vmcore). */
bool ea_audit_use_vmcore(struct ea_audit *a, const char *path);

#endif
