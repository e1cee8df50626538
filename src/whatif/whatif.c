/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The placement what-if on the audited system: reads what the user asked to
 * place (--kernel, --initrd, --dtb, --cmdline, or their sizes), builds one
 * request per loader model of the system's architecture, and runs the
 * models of placement.c. The checks (placement_*) and the emitters report
 * the result.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "model/knowledge.h"
#include "whatif/whatif.h"

static void error(struct ea_whatif_result *w, const char *f, ...)
    __attribute__((format(printf, 2, 3)));
static void error(struct ea_whatif_result *w, const char *f, ...)
{
	va_list ap;
	va_start(ap, f);
	*EA_VEC_PUSH(w->errors) = ea_xvasprintf(f, ap);
	va_end(ap);
}

/* The size of a regular file the loader would read whole (opened as every
 * file named on the command line is: ea_open_given()). */
static bool file_size(struct ea_whatif_result *w, const char *opt,
		      const char *path, bool live, uint64_t *size)
{
	char why[512];
	struct stat st;
	int e;
	int fd = ea_open_given(path, live, &st, &e, why, sizeof(why));
	if (fd < 0) {
		error(w, "%s %s: %s", opt, path, why);
		return false;
	}
	close(fd);
	*size = (uint64_t)st.st_size;
	return true;
}

/* A DTB file: its header's totalsize (what both loaders start from). Only
 * a regular file is read (ea_open_given()). */
static bool dtb_file(struct ea_whatif_result *w, const char *path, bool live,
		     uint64_t *size)
{
	char why[512];
	struct stat st;
	int e;
	int fd = ea_open_given(path, live, &st, &e, why, sizeof(why));
	if (fd < 0) {
		error(w, "--dtb %s: %s", path, why);
		return false;
	}
	unsigned char hdr[40];
	ssize_t n;
	do
		n = read(fd, hdr, sizeof(hdr));
	while (n < 0 && errno == EINTR);
	close(fd);
	uint32_t total;
	if (n < 0 || !ea_fdt_totalsize(hdr, (size_t)n, &total)) {
		error(w,
		      "--dtb %s: offset 0: not a flattened device tree "
		      "(no 0xd00dfeed magic and totalsize)",
		      path);
		return false;
	}
	*size = total;
	return true;
}

static void add_run(struct ea_whatif_result *w, enum ea_loader l,
		    enum ea_pl_model m, bool modelled)
{
	struct ea_whatif_run *r = &w->run[w->n++];
	r->loader = l;
	r->model = m;
	r->modelled = modelled;
}

/* The arm64 PAGE_SIZE from the kernel configuration (the kernel's own, and
 * what kexec-tools' getpagesize() returns), with the line that says it; 0
 * when no line does. */
static uint64_t arm64_page_size(const struct ea_kconfig *kc, char *src,
				size_t srclen)
{
	static const struct {
		enum ea_kconfig_opt opt;
		uint64_t size;
	} sizes[] = { { EA_KC_ARM64_4K_PAGES, 4096 },
		      { EA_KC_ARM64_16K_PAGES, 16384 },
		      { EA_KC_ARM64_64K_PAGES, 65536 } };
	for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		if (kc->v[sizes[i].opt] != EA_KC_SET)
			continue;
		snprintf(src, srclen, "%s=y in the kernel configuration",
			 ea_kconfig_name(sizes[i].opt));
		return sizes[i].size;
	}
	return 0;
}

/* The kernel: its header (--kernel), else the sizes given stand in. */
static void read_kernel(struct ea_whatif_result *w, const struct ea_whatif *o,
			bool live)
{
	if (!o->kernel_path)
		return;
	w->kernel_path = o->kernel_path;
	if (ea_kimage_read_file(o->kernel_path, live, &w->image)) {
		w->has_image = true;
	} else if (w->image.kind == EA_KIMAGE_UNKNOWN &&
		   strstr(w->image.why, o->kernel_path)) {
		/* could not be opened or read */
		error(w, "--kernel %s", w->image.why);
	} else {
		error(w, "--kernel %s: offset 0: %s", o->kernel_path,
		      w->image.why[0] ? w->image.why : "not a kernel image");
	}
}

/* What the user asked to place: the kernel, the initrd and the DTB (a size
 * given overrides the file's), and the command line. */
static void read_inputs(struct ea_whatif_result *w, const struct ea_whatif *o,
			bool live)
{
	read_kernel(w, o, live);
	if (o->initrd_path &&
	    file_size(w, "--initrd", o->initrd_path, live, &w->initrd_size)) {
		w->has_initrd = true;
		w->initrd_path = o->initrd_path;
	}
	if (o->has_initrd_size) {
		w->has_initrd = true;
		w->initrd_size = o->initrd_size;
		w->initrd_path = NULL;
	}
	if (o->dtb_path && dtb_file(w, o->dtb_path, live, &w->dtb_size)) {
		w->has_dtb = true;
		w->dtb_source = ea_xasprintf("the header of %s", o->dtb_path);
	}
	if (o->has_dtb_size) {
		w->has_dtb = true;
		w->dtb_size = o->dtb_size;
		free(w->dtb_source);
		w->dtb_source = ea_xstrdup("--dtb-size");
	}
	if (o->cmdline)
		w->cmdline_len = strlen(o->cmdline) + 1;
}

/* kexec-tools: the version asked for, else the one the inputs name (the
 * MANIFEST, the kexec binary: the boot fact), else the current rules.
 * Returns whether the version modelled is 2.0.27 or later. */
static bool kexec_tools_version(struct ea_whatif_result *w,
				const struct ea_whatif *o,
				const struct ea_world *a)
{
	unsigned mj = 2, mn = 0, pt = 25;
	const struct ea_kb_tools *t = &a->m->facts.tools;
	w->kt = EA_PL_KT_2_0_24;
	if (!o->kexec_tools && t->known) {
		mj = t->major;
		mn = t->minor;
		pt = t->patch;
		w->kt = ea_pl_kt_of(mj, mn, pt);
		w->kt_text = ea_xasprintf("%u.%u.%u (from %s)", mj, mn, pt,
					  a->m->facts.kexec_tools.why);
	}
	if (o->kexec_tools) {
		if (ea_pl_kt_from_version(o->kexec_tools, &w->kt, &mj, &mn,
					  &pt))
			w->kt_text = ea_xasprintf("%u.%u.%u (--kexec-tools)",
						  mj, mn, pt);
		else
			error(w,
			      "--kexec-tools %s: not a kexec-tools version "
			      "(e.g. 2.0.20, 1:2.0.25-3+deb12u3)",
			      o->kexec_tools);
	}
	if (!w->kt_text)
		w->kt_text = ea_xstrdup("2.0.24 or later (assumed: the "
					"current rules; --kexec-tools "
					"VERSION to model another)");
	return mj > 2 || (mj == 2 && (mn > 0 || pt >= 27));
}

/* One run per loader asked for that the architecture has. */
static void add_runs(struct ea_whatif_result *w, const struct ea_whatif *o,
		     enum ea_arch arch)
{
	unsigned want = o->loaders
			    ? o->loaders
			    : (1u << EA_KEXEC_FILE) | (1u << EA_KEXEC_LOAD);
	switch (arch) {
	case EA_ARCH_ARM64:
		if (want & (1u << EA_KEXEC_FILE))
			add_run(w, EA_KEXEC_FILE, EA_PL_FILE_ARM64, true);
		if (want & (1u << EA_KEXEC_LOAD))
			add_run(w, EA_KEXEC_LOAD, EA_PL_LOAD_ARM64, true);
		break;
	case EA_ARCH_X86_64:
		if (want & (1u << EA_KEXEC_FILE))
			add_run(w, EA_KEXEC_FILE, EA_PL_FILE_X86, true);
		/* kexec-tools' x86 placement is not modelled: said so */
		if (want & (1u << EA_KEXEC_LOAD))
			add_run(w, EA_KEXEC_LOAD, EA_PL_FILE_X86, false);
		break;
	default:
		w->why = ea_xstrdup("the architecture is unknown (give "
				    "--arch): no loader rules apply");
		break;
	}
}

static void not_modelled(struct ea_whatif_run *r)
{
	r->p.model = r->model;
	r->p.status = EA_PL_NOT_MODELLED;
	r->p.why = ea_xstrdup("kexec-tools' x86_64 placement is not modelled; "
			      "from kexec-tools 2.0.27 a plain kexec -l tries "
			      "kexec_file_load first, which is modelled");
	r->p.rules = ea_xstrdup("none");
}

/* The kernel is built without the loader (need is its option). */
static void not_built(struct ea_whatif_run *r, const struct ea_kconfig *kc,
		      enum ea_kconfig_opt need)
{
	r->p.model = r->model;
	r->p.status = EA_PL_NOT_APPLICABLE;
	r->p.why = ea_xasprintf(
	    "the kernel is built without %s (%s%s%s): %s "
	    "fails with ENOSYS",
	    ea_kconfig_name(need), kc->v[need] == EA_KC_NOT_SET ? "# " : "",
	    ea_kconfig_name(need),
	    kc->v[need] == EA_KC_NOT_SET
		? " is not set"
		: ": no such line in the configuration",
	    need == EA_KC_KEXEC ? "kexec_load" : "kexec_file_load");
	r->p.rules = ea_xasprintf("%s, from the kernel "
				  "configuration",
				  ea_pl_model_name(r->model));
}

/* The request for run r from the options and the files read; the page size
 * from the kernel configuration is said in page_src (which rq then points
 * to). */
static void fill_request(struct ea_pl_request *rq,
			 const struct ea_whatif_result *w,
			 const struct ea_whatif_run *r,
			 const struct ea_whatif *o, const struct ea_kconfig *kc,
			 char *page_src, size_t srclen)
{
	rq->release = o->rules_of;
	rq->crash = o->crash;
	rq->no_cma = o->no_cma;
	rq->kho_off = o->kho_off;
	rq->kexec_tools = w->kt;
	if (w->has_image)
		rq->image = &w->image;
	else if (o->has_kernel_size) {
		rq->kernel_size = o->kernel_size;
		rq->text_offset = o->text_offset; /* 0 unless given */
	}
	rq->has_initrd = w->has_initrd;
	rq->initrd_size = w->initrd_size;
	/* kexec_file_load takes no DTB: the arm64 kernel builds the
	 * next one from its own (the model estimates it) */
	if (r->model == EA_PL_LOAD_ARM64 && w->has_dtb) {
		rq->dtb_size = w->dtb_size;
		rq->dtb_source = w->dtb_source;
	}
	rq->cmdline_len = w->cmdline_len;
	/* kexec-tools' own limits; kexec_file_load has none */
	if (r->model == EA_PL_LOAD_ARM64) {
		rq->has_mem_min = o->has_mem_min;
		rq->has_mem_max = o->has_mem_max;
		rq->mem_min = o->mem_min;
		rq->mem_max = o->mem_max;
	}
	if (o->has_page_size)
		rq->page_size = o->page_size;
	else if (!o->rules_of && kc->known && r->model != EA_PL_FILE_X86)
		rq->page_size = arm64_page_size(kc, page_src, srclen);
	if (rq->page_size && page_src[0])
		rq->page_size_source = page_src;
}

/* What the kernel configuration decided for run r that its version alone
 * would not: said only where the version alone would apply them. */
static void config_assumptions(struct ea_whatif_run *r,
			       const struct ea_whatif *o,
			       const struct ea_world *a, bool kho_cfg,
			       bool cma_cfg, enum ea_kconfig_opt need)
{
	const struct ea_view *lv = &a->m->view[r->loader];
	struct ea_kver kv;
	ea_kver_parse(o->rules_of ? o->rules_of : a->m->kernel, NULL, &kv);
	bool v616 =
	    kv.known && (kv.major > 6 || (kv.major == 6 && kv.minor >= 16));
	bool v617 =
	    kv.known && (kv.major > 6 || (kv.major == 6 && kv.minor >= 17));
	if (kho_cfg && v616)
		*EA_VEC_PUSH(r->p.assumptions) =
		    ea_xstrdup("no kexec handover: the kernel "
			       "configuration has no "
			       "CONFIG_KEXEC_HANDOVER");
	if (cma_cfg && v617 && r->model != EA_PL_LOAD_ARM64)
		*EA_VEC_PUSH(r->p.assumptions) = ea_xstrdup(
		    "no CMA-first allocation: the kernel configuration "
		    "has no CONFIG_CMA");
	if (!o->rules_of && lv->built == EA_BUILT_UNKNOWN)
		*EA_VEC_PUSH(r->p.assumptions) =
		    ea_xasprintf("%s %s", ea_kconfig_name(need), lv->built_why);
}

/* What run r assumes about kexec-tools and the options that bind only
 * one loader. */
static void loader_assumptions(struct ea_whatif_run *r,
			       const struct ea_whatif_result *w,
			       const struct ea_whatif *o,
			       const struct ea_world *a, bool kt27)
{
	/* kexec-tools 29fe506 (2.0.27): -a is the default on every
	 * architecture, so a plain kexec -l is a kexec_file_load
	 * unless that fails */
	enum ea_built file_built = a->m->view[EA_KEXEC_FILE].built;
	if (r->model == EA_PL_LOAD_ARM64 && (!o->kexec_tools || kt27) &&
	    file_built != EA_BUILT_NO)
		*EA_VEC_PUSH(r->p.assumptions) = ea_xasprintf(
		    "%s `kexec -l` tries kexec_file_load first (-a is "
		    "the default from 2.0.27, 29fe506) and falls back "
		    "to kexec_load only when that fails with ENOSYS, "
		    "EINVAL, ENOEXEC or ENOTSUP: %s this kexec_load "
		    "model is what `kexec -c -l` loads",
		    o->kexec_tools ? "kexec-tools >= 2.0.27:"
				   : "from kexec-tools 2.0.27,",
		    file_built == EA_BUILT_YES
			? "this kernel has CONFIG_KEXEC_FILE, so "
			  "the load is the kexec_file model's;"
			: "where the kernel has kexec_file, the "
			  "load is the kexec_file model's;");
	if (r->model != EA_PL_LOAD_ARM64 && (o->has_mem_min || o->has_mem_max))
		*EA_VEC_PUSH(r->p.assumptions) =
		    ea_xstrdup("--mem-min/--mem-max are not used: they are "
			       "kexec-tools' limits for its own placement "
			       "(locate_hole), and kexec_file_load passes "
			       "none; the kernel places every segment");
	if (r->model == EA_PL_LOAD_ARM64 && (!o->kexec_tools || kt27) &&
	    (o->has_mem_min || o->has_mem_max) && file_built != EA_BUILT_NO)
		*EA_VEC_PUSH(r->p.assumptions) =
		    ea_xstrdup("--mem-min/--mem-max bind only kexec_load: with "
			       "kexec-tools >= 2.0.27 give kexec -c (or "
			       "--kexec-syscall) so that the window applies, "
			       "else the kernel's kexec_file_load places the "
			       "load and ignores it");
	if (r->model == EA_PL_FILE_ARM64 && w->has_dtb)
		*EA_VEC_PUSH(r->p.assumptions) = ea_xstrdup(
		    "--dtb is not used: kexec_file_load takes no DTB, "
		    "the kernel builds the next one from its own");
}

/* Run r: not modelled, not built, or the model's placement with what it
 * assumed. */
static void run_one(struct ea_whatif_run *r, const struct ea_whatif_result *w,
		    const struct ea_whatif *o, const struct ea_world *a,
		    bool kt27)
{
	if (!r->modelled) {
		not_modelled(r);
		return;
	}
	/* the running kernel's configuration decides, unless another
	 * kernel's rules were asked for */
	const struct ea_kconfig *kc = &a->src->kconfig;
	enum ea_kconfig_opt need =
	    r->model == EA_PL_LOAD_ARM64 ? EA_KC_KEXEC : EA_KC_KEXEC_FILE;
	/* whether the kernel has the loader: the model decided it
	 * from the configuration (model/views.c) */
	const struct ea_view *lv = &a->m->view[r->loader];
	if (!o->rules_of && lv->built == EA_BUILT_NO) {
		not_built(r, kc, need);
		return;
	}
	struct ea_pl_request rq = { .model = r->model };
	char page_src[160] = "";
	fill_request(&rq, w, r, o, kc, page_src, sizeof(page_src));
	bool kho_cfg = !o->rules_of && !o->kho_off &&
		       ea_kconfig_off(kc, EA_KC_KEXEC_HANDOVER);
	bool cma_cfg =
	    !o->rules_of && !o->no_cma && ea_kconfig_off(kc, EA_KC_CMA);
	rq.ima_kexec = !o->rules_of && kc->v[EA_KC_IMA_KEXEC] == EA_KC_SET;
	rq.config_known = !o->rules_of && kc->known;
	rq.no_runtime_map =
	    rq.config_known && kc->v[EA_KC_EFI_RUNTIME_MAP] != EA_KC_SET;
	rq.kho_setup_data =
	    rq.config_known && kc->v[EA_KC_KEXEC_HANDOVER] == EA_KC_SET;
	rq.kho_off |= kho_cfg;
	rq.no_cma |= cma_cfg;
	ea_placement_run(a, &rq, &r->p);
	config_assumptions(r, o, a, kho_cfg, cma_cfg, need);
	loader_assumptions(r, w, o, a, kt27);
}

struct ea_whatif_result *ea_whatif_run(const struct ea_whatif *o,
				       const struct ea_world *a)
{
	if (!o->on)
		return NULL;
	struct ea_whatif_result *w = ea_xcalloc(1, sizeof(*w));
	read_inputs(w, o, a->src->live);
	bool kt27 = kexec_tools_version(w, o, a);
	w->has_mem_min = o->has_mem_min;
	w->has_mem_max = o->has_mem_max;
	w->mem_min = o->mem_min;
	w->mem_max = o->mem_max;
	add_runs(w, o, a->m->arch);
	for (size_t i = 0; i < w->n; i++)
		run_one(&w->run[i], w, o, a, kt27);
	return w;
}

void ea_whatif_free(struct ea_whatif_result *w)
{
	if (!w)
		return;
	for (size_t i = 0; i < w->n; i++)
		ea_placement_free(&w->run[i].p);
	for (size_t i = 0; i < w->errors.n; i++)
		free(w->errors.v[i]);
	EA_VEC_FREE(w->errors);
	free(w->dtb_source);
	free(w->kt_text);
	free(w->why);
	free(w);
}
