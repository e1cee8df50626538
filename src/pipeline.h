/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The audit, top to bottom (pipeline.c): the inputs are gathered and read
 * (read/: the sources), the model is built from them (model/: the kernel,
 * the loaders' views of free memory, the protected ranges and an answer per
 * range and loader), the what-if places a given kernel (whatif/), the
 * checks make findings and the verdict (check/). The emitters (report/)
 * only format what is decided here.
 */
#ifndef EA_PIPELINE_H
#define EA_PIPELINE_H

#include "check/check.h"
#include "model/model.h"
#include "model/vocab.h"
#include "read/sources.h"
#include "whatif/whatif.h"

#define EA_SCHEMA_VERSION 2

/* What the user asked for, beside the inputs. */
struct ea_options {
	enum ea_arch arch; /* forced with --arch; UNKNOWN = detect */
	struct ea_whatif whatif;
};

/*
 * One audit: what the user asked (opt), what the inputs say (src: the
 * readers' results, read/sources.h), what follows from them (m: the
 * loaders' views, the protected ranges and their answers, model/model.h),
 * where a given kernel would land (whatif), and what the checks found
 * (r: findings and the verdict, check/check.h). Each stage writes its own
 * part and reads the earlier ones.
 */
struct ea_audit {
	struct ea_options opt;
	struct ea_sources src;
	struct ea_model m;
	/* the placement what-if, when asked for (whatif/whatif.h) */
	struct ea_whatif_result *whatif;
	struct ea_result r;
};

/* An audit with every input absent; inputs are then gathered into a->src
 * (ea_sources_use_snapshot(), ..._live(), ..._file(), ..._vmcore()). */
void ea_audit_init(struct ea_audit *a);
void ea_audit_free(struct ea_audit *a);

/* Reads what was gathered, builds the model, runs the what-if and the
 * checks, decides the verdict. */
void ea_run(struct ea_audit *a);

/* Exit status for the verdict (0 clean, 1 escape, 2 incomplete, 3 error:
 * an input named by the user could not be read at all). */
int ea_audit_exit_code(const struct ea_audit *a);

#endif
