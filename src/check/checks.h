/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The table of checks (checks.c): every check is declared once there, by
 * its EA_CHECK entry.
 */
#ifndef EA_CHECK_CHECKS_H
#define EA_CHECK_CHECKS_H

#include <stddef.h>

struct ea_check;

/* The checks in the order they run. */
extern const struct ea_check *const ea_checks[];
extern const size_t ea_nchecks;

#endif
