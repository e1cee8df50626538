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

#include "model/model.h"
#include "model/vocab.h"
#include "read/kimage.h"
#include "whatif/placement.h"

/* The placement what-if (--kernel, --initrd, ...): what the user asked to
 * place. Files are read by ea_whatif_run(); sizes given as
 * numbers stand in for files. */
struct ea_whatif {
	bool on;
	/* which loaders to model: bit (1 << enum ea_loader); 0: every one
	 * modelled for the architecture */
	unsigned loaders;
	const char *kernel_path, *initrd_path, *dtb_path;
	const char *cmdline;	 /* the next kernel's command line */
	const char *rules_of;	 /* kernel release whose rules apply */
	const char *kexec_tools; /* kexec-tools version to model */
	bool has_kernel_size, has_text_offset, has_initrd_size, has_dtb_size,
	    has_page_size;
	uint64_t kernel_size, text_offset, initrd_size, dtb_size, page_size;
	/* kexec-tools --mem-min / --mem-max (the kexec_load model only) */
	bool has_mem_min, has_mem_max;
	uint64_t mem_min, mem_max;
	bool crash, no_cma, kho_off;
};

/* The what-if the user asked for, on the audited system:
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
	char *kt_text; /* the kexec-tools version modelled, and why */
	/* kexec-tools --mem-min / --mem-max as given */
	bool has_mem_min, has_mem_max;
	uint64_t mem_min, mem_max;
	char *why;	       /* nothing could be modelled: why */
	EA_VEC(char *) errors; /* files named that could not be used */
	size_t n;
	struct ea_whatif_run run[EA_NLOADERS];
};

/* Runs the what-if o asks for (NULL when !o->on) on the audited system,
 * after its protected ranges are known. A file that cannot be used is an
 * error in the result's errors (exit 3); the models run with what
 * remains. */
struct ea_whatif_result *ea_whatif_run(const struct ea_whatif *o,
				       const struct ea_world *a);
void ea_whatif_free(struct ea_whatif_result *w);

#endif
