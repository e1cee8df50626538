/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Running the readers over the gathered inputs (readers.c), and what is
 * done with their results before the model reads them.
 */
#ifndef EA_READERS_H
#define EA_READERS_H

#include <stdbool.h>

struct ea_sources;

/* Runs every reader over its input, then reads the firmware's structures
 * (firmware.h). */
void ea_sources_parse(struct ea_sources *src);
/* The MEMRESERVE chain, from the root the log or the system table names,
 * walked in physical memory (v420: Linux 4.20's layout); its entries put
 * in address order. */
void ea_sources_memreserve(struct ea_sources *src, bool v420);
/* Names every input by its role, and says what each decoded listing was
 * decoded from (after the last reader has written to them). */
void ea_sources_name_listings(struct ea_sources *src);
/* Inputs truncated while they were read: unreadable, each said. */
void ea_sources_shrunk(struct ea_sources *src);

#endif
