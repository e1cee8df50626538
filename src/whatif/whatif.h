/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The what-if the user asked for (--kernel, --initrd, --dtb, ...): the files
 * read, and one placement run per loader of the architecture (whatif.c).
 */
#ifndef EA_WHATIF_H
#define EA_WHATIF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "model/vocab.h"
#include "read/kimage.h"
#include "whatif/placement.h"

struct ea_audit;

/* The what-if the user asked for (a->opt.whatif), on the audited system:
 * one run per loader of the architecture (whatif.c). */
struct ea_whatif_run {
	enum ea_loader loader;
	enum ea_pl_model model;
	bool modelled;
	struct ea_placement p;
};

struct ea_whatif_result {
	const char *kernel_path;
	bool has_image;
	struct ea_kimage image; /* when has_image */
	bool has_initrd;
	const char *initrd_path; /* NULL when only the size was given */
	uint64_t initrd_size;
	bool has_dtb; /* a DTB file or size was given (kexec_load uses it) */
	uint64_t dtb_size;
	char *dtb_source;
	uint64_t cmdline_len; /* with its NUL; 0 when not given */
	enum ea_pl_kt kt;
	char *kt_text;	       /* the kexec-tools version modelled, and why */
	char *why;	       /* nothing could be modelled: why */
	EA_VEC(char *) errors; /* files named that could not be used */
	size_t n;
	struct ea_whatif_run run[EA_NLOADERS];
};

/* Runs the what-if into a->whatif when a->opt.whatif.on; called by
 * ea_audit_run() after the protected ranges are known, before the checks.
 * A file that cannot be used is an error in a->whatif->errors (and
 * a->input_failed: exit 3); the models run with what remains. */
void ea_whatif_run(struct ea_audit *a);
void ea_whatif_free(struct ea_whatif_result *w);

#endif
