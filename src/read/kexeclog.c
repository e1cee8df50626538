/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Proof of a loaded image (see kexeclog.h for every format and where it is
 * printed: kexec-tools kexec/kexec.c print_segments and the arm64/x86
 * loaders' dbgprintf lines; the kernel's kernel/kexec_file.c,
 * arch/arm64/kernel/kexec_image.c, machine_kexec_file.c, machine_kexec.c and
 * arch/x86/kernel/kexec-bzimage64.c debug lines).
 */
#include "read/kexeclog.h"
#include "read/logline.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/cursor.h"

const char *ea_kl_source_name(enum ea_kl_source s)
{
	switch (s) {
	case EA_KL_KEXEC_TOOLS:
		return "kexec-tools -d segment list";
	case EA_KL_KIMAGE_DUMP:
		return "kernel kimage dump (arm64 machine_kexec)";
	case EA_KL_KEXEC_FILE:
		return "kernel kexec_file segment lines";
	case EA_KL_LOADED_ONLY:
		return "kernel kexec_file \"Loaded ... at\" lines";
	case EA_KL_NONE:
		break;
	}
	return "none";
}

const char *ea_kl_source_key(enum ea_kl_source s)
{
	switch (s) {
	case EA_KL_KEXEC_TOOLS:
		return "kexec_tools";
	case EA_KL_KIMAGE_DUMP:
		return "kimage_dump";
	case EA_KL_KEXEC_FILE:
		return "kexec_file";
	case EA_KL_LOADED_ONLY:
		return "kexec_file_loaded";
	case EA_KL_NONE:
		break;
	}
	return "none";
}

/* ---- the number forms of kexec-tools, on core/cursor.h ----------------- */

/* glibc's %p: 0x... or (nil) */
static bool ptr(struct ea_cur *c, uint64_t *v)
{
	if (ea_cur_skip(c, "(nil)")) {
		*v = 0;
		return true;
	}
	return ea_cur_take_0x(c, v);
}

/* "0x..." or bare hex (kexec-tools prints both forms) */
static bool anyhex(struct ea_cur *c, uint64_t *v)
{
	return ea_cur_take_0x(c, v) || ea_cur_take_hex(c, v);
}

/* ---- building loads --------------------------------------------------- */

struct pstate {
	struct ea_kexeclog *out;
	const struct ea_input *in;
	struct ea_diags *diags;
	long cur; /* index of the current load, -1 none */
	bool next_failed;
	/* kexec-tools arm64: kernel_segment and text_offset come on separate
	 * lines before the segment list */
	bool has_kseg;
	uint64_t kseg;
	struct ea_evid kseg_ev;
};

static struct ea_kl_load *load_at(struct pstate *p)
{
	return p->cur < 0 ? NULL : &p->out->loads.v[p->cur];
}

static struct ea_kl_load *new_load(struct pstate *p, enum ea_kl_source src,
				   struct ea_evid ev)
{
	struct ea_kl_load *l = EA_VEC_PUSH(p->out->loads);
	l->source = src;
	l->start_ev = ev;
	if (p->next_failed) {
		/* kexec-tools prints the block again after the failure */
		l->failed = true;
		p->next_failed = false;
	}
	p->cur = (long)(p->out->loads.n - 1);
	return l;
}

/* The load a line of this source belongs to: the current one when it has
 * no segments yet or is of the same source, else a new one. */
static struct ea_kl_load *load_for(struct pstate *p, enum ea_kl_source src,
				   struct ea_evid ev)
{
	struct ea_kl_load *l = load_at(p);
	if (l && (l->seg.n == 0 || l->source == src)) {
		if (l->source == EA_KL_NONE)
			l->source = src;
		return l;
	}
	return new_load(p, src, ev);
}

static struct ea_kl_segment *seg_get(struct ea_kl_load *l, unsigned idx)
{
	for (size_t i = 0; i < l->seg.n; i++)
		if (l->seg.v[i].index == idx)
			return &l->seg.v[i];
	struct ea_kl_segment *s = EA_VEC_PUSH(l->seg);
	s->index = idx;
	return s;
}

static bool seg_has(const struct ea_kl_load *l, unsigned idx)
{
	for (size_t i = 0; i < l->seg.n; i++)
		if (l->seg.v[i].index == idx)
			return true;
	return false;
}

static void add_name(struct ea_kl_load *l, const char *name, uint64_t addr,
		     bool has_size, uint64_t size, struct ea_evid ev)
{
	struct ea_kl_name *nm = EA_VEC_PUSH(l->names);
	snprintf(nm->name, sizeof(nm->name), "%s", name);
	nm->addr = addr;
	nm->has_size = has_size;
	nm->size = size;
	nm->ev = ev;
}

/* Names come before the segment list they describe: they attach to the
 * current load while it has no segments, else start a new one. */
static struct ea_kl_load *load_for_name(struct pstate *p, enum ea_kl_source src,
					struct ea_evid ev)
{
	struct ea_kl_load *l = load_at(p);
	if (l && l->seg.n == 0)
		return l;
	return new_load(p, src, ev);
}

/* ---- one line --------------------------------------------------------- */

/* "segment[N].field = value" (kexec-tools print_segments) */
static bool kt_segment_line(struct pstate *p, struct ea_cur *c,
			    struct ea_evid ev)
{
	size_t save = c->i;
	uint64_t idx, v;
	if (!ea_cur_skip(c, "segment[") || !ea_cur_take_dec(c, &idx) ||
	    !ea_cur_skip(c, "]."))
		goto no;
	enum { F_BUF, F_BUFSZ, F_MEM, F_MEMSZ } f;
	if (ea_cur_skip(c, "bufsz"))
		f = F_BUFSZ;
	else if (ea_cur_skip(c, "buf"))
		f = F_BUF;
	else if (ea_cur_skip(c, "memsz"))
		f = F_MEMSZ;
	else if (ea_cur_skip(c, "mem"))
		f = F_MEM;
	else
		goto no;
	ea_cur_ws(c);
	if (!ea_cur_skip(c, "=")) {
		ea_diag_add(p->diags, ev,
			    "kexec-tools segment line without '='");
		return true;
	}
	ea_cur_ws(c);
	if (!ptr(c, &v)) {
		ea_diag_add(p->diags, ev,
			    "kexec-tools segment line: expected a value");
		return true;
	}
	if (idx > 4096) {
		ea_diag_add(p->diags, ev, "segment index %llu out of range",
			    (unsigned long long)idx);
		return true;
	}
	struct ea_kl_load *l = load_for(p, EA_KL_KEXEC_TOOLS, ev);
	struct ea_kl_segment *s = NULL;
	if (seg_has(l, (unsigned)idx)) {
		s = seg_get(l, (unsigned)idx);
		bool again = (f == F_MEM && s->has_mem) ||
			     (f == F_MEMSZ && s->has_memsz) ||
			     (f == F_BUFSZ && s->has_bufsz);
		if (again) {
			l = new_load(p, EA_KL_KEXEC_TOOLS, ev);
			s = seg_get(l, (unsigned)idx);
		}
	} else {
		s = seg_get(l, (unsigned)idx);
	}
	switch (f) {
	case F_MEM:
		s->mem = v;
		s->has_mem = true;
		s->ev = ev;
		break;
	case F_MEMSZ:
		s->memsz = v;
		s->has_memsz = true;
		if (!s->has_mem)
			s->ev = ev;
		break;
	case F_BUFSZ:
		s->bufsz = v;
		s->has_bufsz = true;
		break;
	case F_BUF:
		break;
	}
	return true;
no:
	c->i = save;
	return false;
}

/* "segment[N]: %016lx - %016lx, 0x%lx bytes, %lu pages" (arm64 kimage
 * dump, end exclusive) */
static bool dump_segment_line(struct pstate *p, struct ea_cur *c,
			      struct ea_evid ev)
{
	size_t save = c->i;
	uint64_t idx, a, b, bytes, pages;
	if (!ea_cur_skip(c, "segment[") || !ea_cur_take_dec(c, &idx) ||
	    !ea_cur_skip(c, "]:"))
		goto no;
	ea_cur_ws(c);
	if (ea_cur_skip(c, "buf="))
		goto no; /* the kexec_file form, handled elsewhere */
	if (!ea_cur_take_hex(c, &a))
		goto no;
	ea_cur_ws(c);
	if (!ea_cur_skip(c, "-"))
		goto no;
	ea_cur_ws(c);
	if (!ea_cur_take_hex(c, &b) || !ea_cur_skip(c, ","))
		goto bad;
	ea_cur_ws(c);
	if (!ea_cur_take_0x(c, &bytes))
		goto bad;
	ea_cur_ws(c);
	if (!ea_cur_skip(c, "bytes,"))
		goto bad;
	ea_cur_ws(c);
	if (!ea_cur_take_dec(c, &pages))
		goto bad;
	if (b < a || b - a != bytes || idx > 4096)
		goto bad;
	struct ea_kl_load *l = load_for(p, EA_KL_KIMAGE_DUMP, ev);
	if (seg_has(l, (unsigned)idx))
		l = new_load(p, EA_KL_KIMAGE_DUMP, ev);
	struct ea_kl_segment *s = seg_get(l, (unsigned)idx);
	s->mem = a;
	s->memsz = bytes;
	s->has_mem = s->has_memsz = true;
	s->ev = ev;
	if (pages && bytes % pages == 0) {
		uint64_t ps = bytes / pages;
		/* a power of two between 4 KiB and 64 KiB */
		if (ps >= 4096 && ps <= 65536 && (ps & (ps - 1)) == 0)
			l->page_size = ps;
	}
	return true;
bad:
	ea_diag_add(p->diags, ev,
		    "kimage segment line: expected \"segment[N]: START - "
		    "END, 0xBYTES bytes, N pages\" with END - START == "
		    "BYTES");
	return true;
no:
	c->i = save;
	return false;
}

/* kernel kexec_file: "segment[%d]: buf=0x%p bufsz=0x%zx mem=0x%lx
 * memsz=0x%zx" and "Loading segment %d: buf=..." */
static bool kf_segment_line(struct pstate *p, struct ea_cur *c,
			    struct ea_evid ev)
{
	size_t save = c->i;
	uint64_t idx, bufsz, mem, memsz;
	if (ea_cur_skip(c, "Loading segment ")) {
		if (!ea_cur_take_dec(c, &idx) || !ea_cur_skip(c, ":"))
			goto bad;
	} else if (ea_cur_skip(c, "segment[")) {
		if (!ea_cur_take_dec(c, &idx) || !ea_cur_skip(c, "]:"))
			goto no;
	} else {
		goto no;
	}
	ea_cur_ws(c);
	if (!ea_cur_skip(c, "buf="))
		goto no;
	/* a hashed kernel pointer, or "(____ptrval____)" early on: any
	 * token (the buffer's address is of no interest) */
	if (ea_cur_done(c) || ea_cur_is(c, ' '))
		goto bad;
	ea_cur_upto(c, " ", SIZE_MAX);
	ea_cur_ws(c);
	if (!ea_cur_skip(c, "bufsz=") || !ea_cur_take_0x(c, &bufsz))
		goto bad;
	ea_cur_ws(c);
	if (!ea_cur_skip(c, "mem=") || !ea_cur_take_0x(c, &mem))
		goto bad;
	ea_cur_ws(c);
	if (!ea_cur_skip(c, "memsz=") || !ea_cur_take_0x(c, &memsz))
		goto bad;
	if (idx > 4096)
		goto bad;
	struct ea_kl_load *l = load_for(p, EA_KL_KEXEC_FILE, ev);
	if (seg_has(l, (unsigned)idx))
		l = new_load(p, EA_KL_KEXEC_FILE, ev);
	struct ea_kl_segment *s = seg_get(l, (unsigned)idx);
	s->mem = mem;
	s->memsz = memsz;
	s->bufsz = bufsz;
	s->has_mem = s->has_memsz = s->has_bufsz = true;
	s->ev = ev;
	return true;
bad:
	ea_diag_add(p->diags, ev,
		    "kexec_file segment line: expected \"buf=0x.. bufsz=0x.. "
		    "mem=0x.. memsz=0x..\"");
	return true;
no:
	c->i = save;
	return false;
}

/* "Loaded <what> at 0x%lx[ bufsz=0x%lx[ memsz=0x%lx]]" (kernel), and
 * kexec-tools x86 "Loaded <what> at [addr ]0x%lx[ size 0x%lx]" */
static bool loaded_line(struct pstate *p, struct ea_cur *c, struct ea_evid ev,
			bool kernel_side)
{
	static const struct {
		const char *text, *name;
	} what[] = {
		{ "kernel", "kernel" },
		{ "64bit kernel", "kernel" },
		{ "initrd", "initrd" },
		{ "dtb", "dtb" },
		{ "elf core header", "elfcorehdr" },
		{ "purgatory", "purgatory" },
		{ "boot_param, command line and misc", "boot_params" },
		{ "real_mode_data and command line", "boot_params" },
	};
	size_t save = c->i;
	if (!ea_cur_skip(c, "Loaded "))
		return false;
	const char *name = NULL;
	for (size_t i = 0; i < sizeof(what) / sizeof(*what); i++) {
		size_t s2 = c->i;
		if (ea_cur_skip(c, what[i].text) && ea_cur_skip(c, " at ")) {
			name = what[i].name;
			break;
		}
		c->i = s2;
	}
	if (!name) {
		c->i = save;
		return false;
	}
	ea_cur_skip(c, "addr ");
	uint64_t addr, bufsz = 0, memsz = 0, size = 0;
	bool has_memsz = false, has_size = false;
	if (!ea_cur_take_0x(c, &addr)) {
		ea_diag_add(p->diags, ev, "\"Loaded %s at\" without an address",
			    name);
		return true;
	}
	ea_cur_ws(c);
	if (ea_cur_skip(c, "bufsz=") && ea_cur_take_0x(c, &bufsz)) {
		ea_cur_ws(c);
		if (ea_cur_skip(c, "memsz=") && ea_cur_take_0x(c, &memsz))
			has_memsz = true;
	} else if (ea_cur_skip(c, "size ") && ea_cur_take_0x(c, &size)) {
		has_size = true;
	}
	enum ea_kl_source src =
	    kernel_side ? EA_KL_KEXEC_FILE : EA_KL_KEXEC_TOOLS;
	struct ea_kl_load *l = load_for_name(p, src, ev);
	if (l->source == EA_KL_NONE)
		l->source = src;
	add_name(l, name, addr, has_memsz || has_size, has_memsz ? memsz : size,
		 ev);
	(void)bufsz;
	return true;
}

/* The lines that start, fail or describe a load as a whole (kexec-tools'
 * "kexec_load: entry =", "nr_segments", "kexec_load failed"; the kimage
 * dump's header and type). Whether the line was one of them. */
static bool load_control_line(struct pstate *p, struct ea_cur *c,
			      struct ea_evid ev, bool kernel_side)
{
	if (ea_cur_skip(c, "kexec_load failed")) {
		struct ea_kl_load *l = load_at(p);
		if (l)
			l->failed = true;
		p->next_failed = true;
		return true;
	}
	if (ea_cur_skip(c, "kexec_load: entry =")) {
		uint64_t e, fl;
		ea_cur_ws(c);
		struct ea_kl_load *l = load_at(p);
		if (!l || l->seg.n)
			l = new_load(p, EA_KL_KEXEC_TOOLS, ev);
		if (ptr(c, &e)) {
			ea_cur_ws(c);
			if (ea_cur_skip(c, "flags =")) {
				ea_cur_ws(c);
				if (ea_cur_take_0x(c, &fl) && (fl & 1))
					l->crash = true;
			}
		}
		return true;
	}
	if (ea_cur_skip(c, "nr_segments")) {
		ea_cur_ws(c);
		bool colon = ea_cur_skip(c, ":");
		bool eq = !colon && ea_cur_skip(c, "=");
		if (!colon && !eq)
			return true;
		enum ea_kl_source src = kernel_side ? EA_KL_KEXEC_FILE
					: colon	    ? EA_KL_KIMAGE_DUMP
						    : EA_KL_KEXEC_TOOLS;
		struct ea_kl_load *l = load_at(p);
		if (!l || l->seg.n)
			new_load(p, src, ev);
		else if (l->source == EA_KL_NONE)
			l->source = src;
		return true;
	}
	if (ea_cur_skip(c, "kexec kimage info:")) {
		struct ea_kl_load *l = load_at(p);
		if (!l || l->seg.n)
			new_load(p, EA_KL_KIMAGE_DUMP, ev);
		return true;
	}
	if (ea_cur_skip(c, "type:")) {
		uint64_t t;
		ea_cur_ws(c);
		struct ea_kl_load *l = load_at(p);
		if (l && ea_cur_take_dec(c, &t) && t == 1)
			l->crash = true;
		return true;
	}
	if (ea_cur_skip(c, "kexec_file_load: type:")) {
		uint64_t t;
		struct ea_kl_load *l = load_at(p);
		if (l && ea_cur_take_dec(c, &t) && t == 1)
			l->crash = true;
		return true;
	}
	return false;
}

/* kexec-tools' arm64 loader lines: the initrd's and the DTB's placement,
 * "image_arm64_load: kernel_segment:" and then "text_offset:". */
static void arm64_tools_line(struct pstate *p, struct ea_cur *c,
			     struct ea_evid ev)
{
	/* kexec-tools arm64: "initrd: base %lx, size %lxh (%ld)" and the
	 * dtb line, bare hex */
	const char *what = ea_cur_skip(c, "initrd:") ? "initrd"
			   : ea_cur_skip(c, "dtb:")  ? "dtb"
						     : NULL;
	if (what) {
		uint64_t base, size;
		ea_cur_ws(c);
		if (ea_cur_skip(c, "base") &&
		    (ea_cur_ws(c), anyhex(c, &base)) && ea_cur_skip(c, ",") &&
		    (ea_cur_ws(c), ea_cur_skip(c, "size")) &&
		    (ea_cur_ws(c), anyhex(c, &size))) {
			struct ea_kl_load *l =
			    load_for_name(p, EA_KL_KEXEC_TOOLS, ev);
			add_name(l, what, base, true, size, ev);
		}
		return;
	}
	/* "image_arm64_load: kernel_segment: %016lx", then "text_offset:" */
	if (ea_cur_skip(c, "image_arm64_load:")) {
		uint64_t v;
		ea_cur_ws(c);
		if (ea_cur_skip(c, "kernel_segment:")) {
			ea_cur_ws(c);
			if (ea_cur_take_hex(c, &v)) {
				p->has_kseg = true;
				p->kseg = v;
				p->kseg_ev = ev;
			}
		} else if (ea_cur_skip(c, "text_offset:") && p->has_kseg) {
			ea_cur_ws(c);
			if (ea_cur_take_hex(c, &v) &&
			    v <= UINT64_MAX - p->kseg) {
				struct ea_kl_load *l = load_for_name(
				    p, EA_KL_KEXEC_TOOLS, p->kseg_ev);
				add_name(l, "kernel", p->kseg + v, false, 0,
					 p->kseg_ev);
				p->has_kseg = false;
			}
		}
	}
}

static void parse_line(struct pstate *p, const struct ea_logline *ll,
		       size_t wrap)
{
	const char *m = ll->msg;
	size_t mn = ll->n;
	if (!ea_logline_kexec_may_matter(m, mn))
		return;
	struct ea_evid ev = ea_evid_line(p->in, ll->lineno, ll->raw, ll->rawn);
	struct ea_cur c;

	ea_cur_init(&c, m, mn);

	if (ll->cut) {
		/* its last number may be cut short: not read at all */
		ea_diag_add(p->diags, ev,
			    "the line ends in a number where the log is "
			    "wrapped at %zu columns, and the next line does "
			    "not continue it: the number may be cut short; "
			    "line not read",
			    wrap);
		return;
	}

	if (ea_logline_is_shell_kexec(m, mn)) {
		struct ea_kl_load *l = new_load(p, EA_KL_NONE, ev);
		size_t k = mn;
		while (k && (m[k - 1] == ' ' || m[k - 1] == '\t'))
			k--;
		l->label = ea_xstrndup(m + 2, k > 2 ? k - 2 : 0);
		p->has_kseg = false;
		return;
	}

	bool kernel_side = false;
	if (ea_cur_skip(&c, "kexec_file: ") ||
	    ea_cur_skip(&c, "kexec_file(Image): ") ||
	    ea_cur_skip(&c, "kexec-bzImage64: ") ||
	    ea_cur_skip(&c, "kexec_file(bzImage64): "))
		kernel_side = true;
	ea_cur_ws(&c);

	if (load_control_line(p, &c, ev, kernel_side))
		return;
	if (kf_segment_line(p, &c, ev))
		return;
	if (dump_segment_line(p, &c, ev))
		return;
	if (kt_segment_line(p, &c, ev))
		return;
	if (loaded_line(p, &c, ev, kernel_side))
		return;
	arm64_tools_line(p, &c, ev);
}

/* ---- finishing -------------------------------------------------------- */

static int seg_cmp(const void *x, const void *y)
{
	const struct ea_kl_segment *a = x, *b = y;
	return a->index < b->index ? -1 : a->index > b->index;
}

static void finish_load(struct ea_kl_load *l)
{
	/* a load with names and sizes but no segment list: the segments are
	 * the named ones (arm64 kexec_file pr_debug without the list) */
	if (l->seg.n == 0) {
		for (size_t i = 0; i < l->names.n; i++) {
			const struct ea_kl_name *nm = &l->names.v[i];
			if (!nm->has_size || !nm->size)
				continue;
			struct ea_kl_segment *s = EA_VEC_PUSH(l->seg);
			s->index = (unsigned)(l->seg.n - 1);
			s->mem = nm->addr;
			s->memsz = nm->size;
			s->has_mem = s->has_memsz = true;
			s->ev = nm->ev;
			snprintf(s->name, sizeof(s->name), "%s", nm->name);
			s->name_ev = nm->ev;
		}
		if (l->seg.n)
			l->source = EA_KL_LOADED_ONLY;
	}
	ea_sort(l->seg.v, l->seg.n, sizeof(*l->seg.v), seg_cmp);
	for (size_t i = 0; i < l->seg.n; i++) {
		struct ea_kl_segment *s = &l->seg.v[i];
		s->has_range = s->has_mem && s->has_memsz &&
			       ea_range_from_size(s->mem, s->memsz, &s->r);
		if (s->name[0] || !s->has_mem)
			continue;
		/* an exact start first, else the name inside the segment */
		const struct ea_kl_name *best = NULL;
		for (size_t k = 0; k < l->names.n; k++) {
			const struct ea_kl_name *nm = &l->names.v[k];
			if (nm->addr == s->mem) {
				best = nm;
				break;
			}
			if (!best && s->has_range && nm->addr >= s->r.first &&
			    nm->addr <= s->r.last)
				best = nm;
		}
		if (best) {
			snprintf(s->name, sizeof(s->name), "%s", best->name);
			s->name_ev = best->ev;
		}
	}
}

void ea_kexeclog_parse(const struct ea_input *in, struct ea_kexeclog *out,
		       struct ea_diags *diags)
{
	memset(out, 0, sizeof(*out));
	if (!in || !in->data)
		return;
	/* diags may be NULL: the lines that cannot be read are then only
	 * left out */
	struct ea_diags none = { 0 };
	struct pstate p = {
		.out = out, .in = in, .diags = diags ? diags : &none, .cur = -1
	};
	struct ea_logreader rd;
	struct ea_logline ll = { 0 };
	ea_logreader_init(&rd, in->data, in->len);
	while (ea_logreader_next(&rd, &ll))
		parse_line(&p, &ll, rd.wrap);
	ea_logline_free(&ll);
	ea_logreader_free(&rd);
	/* drop loads that never showed a segment or a sized name */
	size_t w = 0;
	for (size_t i = 0; i < out->loads.n; i++) {
		struct ea_kl_load *l = &out->loads.v[i];
		finish_load(l);
		if (l->seg.n == 0) {
			free(l->label);
			EA_VEC_FREE(l->seg);
			EA_VEC_FREE(l->names);
			continue;
		}
		out->loads.v[w++] = *l;
	}
	out->loads.n = w;
	ea_diags_free(&none);
}

void ea_kexeclog_free(struct ea_kexeclog *k)
{
	for (size_t i = 0; i < k->loads.n; i++) {
		for (size_t j = 0; j < k->loads.v[i].seg.n; j++)
			free(k->loads.v[i].seg.v[j].hits);
		free(k->loads.v[i].label);
		EA_VEC_FREE(k->loads.v[i].seg);
		EA_VEC_FREE(k->loads.v[i].names);
	}
	EA_VEC_FREE(k->loads);
}
