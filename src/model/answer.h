/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * An answer per protected range and loader (answer.c).
 */
#ifndef EA_MODEL_ANSWER_H
#define EA_MODEL_ANSWER_H

#include "model/model.h"

/* Answers every protected range for every loader from the views, the
 * knowledge base when a view is unknown, and the clues of two boots;
 * puts the printed EFI map in address order first (m->efi_order). */
void ea_model_answers(struct ea_build *a);

#endif
