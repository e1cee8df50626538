/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The human report. By default the answer: the verdict in one line, one
 * paragraph per cause of escape (which loader, why, what to do), the
 * findings above info that no cause tells, the what-if and loaded images
 * asked for, and one table with a line per protected range (report/table.h,
 * lsmem's options). -v adds the evidence behind every escape and finding,
 * the ranges' notes, the loader views and every input. With -r or -P only
 * the table is written, as lsmem does. Formats only: the grouping, counts
 * and lists come from the audit (check/verdict.h).
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "core/text.h"
#include "pipeline.h"
#include "read/kexeclog.h"
#include "report/emit_json.h"
#include "report/emit_text.h"
#include "report/table.h"
#include "whatif/placement.h"
#include "whatif/whatif.h"

#define R "0x%016" PRIx64 "-0x%016" PRIx64

/* Every string shown that is not one of the report's own words goes
 * through T(): a name, path, reason or message may quote an input, and is
 * shown cleaned (core/text.h). The evidence text is cleaned by
 * ea_evid_text(). */
static struct ea_text_scratch scratch;
#define T(s) ea_text_safe(&scratch, (s))

static void evid(FILE *f, const char *indent, const struct ea_evid *e)
{
	if (!e->in)
		return;
	char *t = ea_evid_text(e);
	if (e->line)
		fprintf(f, "%s%s:%u: %s\n", indent, e->in->name, e->line, t);
	else
		fprintf(f, "%s%s: %s\n", indent, e->in->name, t);
	free(t);
}

/* "0x%016" PRIx64 into t (19 bytes with the NUL) */
static void hex16(char *t, uint64_t a)
{
	static const char hex[] = "0123456789abcdef";
	t[0] = '0';
	t[1] = 'x';
	for (int i = 0; i < 16; i++)
		t[2 + i] = hex[(a >> (60 - 4 * i)) & 0xf];
	t[18] = '\0';
}

/* "%" PRIu64 */
static size_t u64_dec(char *buf, uint64_t v)
{
	char t[20];
	size_t n = 0;
	do {
		t[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	for (size_t i = 0; i < n; i++)
		buf[i] = t[n - 1 - i];
	buf[n] = '\0';
	return n;
}

/* Words of text after prefix, wrapped at EA_TEXT_WIDTH columns, the lines
 * after the first indented by indent. A word longer than a line stays
 * whole. */
#define EA_TEXT_WIDTH 100
static void para(FILE *f, const char *prefix, const char *indent,
		 const char *text)
{
	size_t col = strlen(prefix), ind = strlen(indent);
	fputs(prefix, f);
	bool first = true;
	for (const char *p = text; *p;) {
		while (*p == ' ')
			p++;
		if (!*p)
			break;
		size_t n = strcspn(p, " ");
		if (!first && col + 1 + n > EA_TEXT_WIDTH) {
			fprintf(f, "\n%s", indent);
			col = ind;
		} else if (!first) {
			fputc(' ', f);
			col++;
		}
		fwrite(p, 1, n, f);
		col += n;
		p += n;
		first = false;
	}
	fputc('\n', f);
}

static void hits_line(FILE *f, const struct ea_audit *a, const size_t *hits,
		      size_t n)
{
	if (!n) {
		fprintf(f, "      overwrites nothing protected\n");
		return;
	}
	for (size_t h = 0; h < n; h++) {
		const struct ea_protected *p = &a->m.prot.v[hits[h]];
		fprintf(f, "      %s %s " R " (%s)\n", h ? "and" : "OVERWRITES",
			T(p->name), p->r.first, p->r.last,
			ea_tier_name(p->tier));
	}
}

static void whatif_lines(FILE *f, const struct ea_audit *a)
{
	const struct ea_whatif_result *w = a->whatif;
	if (!w)
		return;
	fprintf(f, "\nPlacement what-if (a model of each loader's rules):\n");
	if (w->has_image) {
		if (w->image.kind == EA_KIMAGE_ARM64)
			fprintf(f,
				"  kernel: %s: arm64 Image%s, image_size "
				"0x%" PRIx64 ", text_offset 0x%" PRIx64 "\n",
				T(w->kernel_path),
				w->image.was_gzip ? " (gzip)" : "",
				w->image.arm64.image_size,
				w->image.arm64.text_offset);
		else
			fprintf(
			    f,
			    "  kernel: %s: x86 bzImage, init_size 0x%" PRIx32
			    ", kernel_alignment 0x%" PRIx32 "\n",
			    T(w->kernel_path), w->image.x86.init_size,
			    w->image.x86.kernel_alignment);
	}
	if (w->has_initrd)
		fprintf(f, "  initrd: %s, %" PRIu64 " bytes\n",
			w->initrd_path ? T(w->initrd_path) : "--initrd-size",
			w->initrd_size);
	fprintf(f, "  kexec-tools: %s\n", T(w->kt_text));
	if (w->has_mem_min || w->has_mem_max) {
		fprintf(f, "  kexec-tools limits (kexec_load only):");
		if (w->has_mem_min)
			fprintf(f, " --mem-min 0x%016" PRIx64, w->mem_min);
		if (w->has_mem_max)
			fprintf(f, " --mem-max 0x%016" PRIx64, w->mem_max);
		fputc('\n', f);
	}
	for (size_t i = 0; i < w->errors.n; i++)
		fprintf(f, "  error: %s\n", T(w->errors.v[i]));
	if (w->why)
		fprintf(f, "  not modelled: %s\n", T(w->why));
	for (size_t i = 0; i < w->n; i++) {
		const struct ea_whatif_run *r = &w->run[i];
		const struct ea_placement *p = &r->p;
		fprintf(f, "  %s: %s%s%s\n", ea_loader_name(r->loader),
			ea_pl_status_name(p->status), p->why ? ": " : "",
			p->why ? T(p->why) : "");
		if (!r->modelled)
			continue;
		fprintf(f, "    rules: %s\n", T(p->rules));
		for (size_t k = 0; k < p->assumptions.n; k++)
			fprintf(f, "    assumed: %s\n", T(p->assumptions.v[k]));
		for (size_t k = 0; k < p->seg.n; k++) {
			const struct ea_pl_segment *s = &p->seg.v[k];
			if (s->placed)
				fprintf(f,
					"    %-11s " R " memsz 0x%" PRIx64 "\n",
					T(s->name), s->r.first, s->r.last,
					s->memsz);
			else
				fprintf(f, "    %-11s not placed\n",
					T(s->name));
			if (s->rule)
				fprintf(f, "      by: %s\n", T(s->rule));
			if (s->placed)
				hits_line(f, a, s->hits, s->nhits);
		}
	}
}

static void loaded_lines(FILE *f, const struct ea_audit *a,
			 const struct ea_kexeclog *k, const char *from)
{
	if (!k || !k->loads.n)
		return;
	fprintf(f, "\nLoaded images (from the %s):\n", from);
	for (size_t i = 0; i < k->loads.n; i++) {
		const struct ea_kl_load *ld = &k->loads.v[i];
		fprintf(f, "  %s%s load (%s)%s%s\n", ld->crash ? "crash " : "",
			ea_kl_source_name(ld->source),
			ld->failed ? "failed" : "loaded", ld->label ? ": " : "",
			ld->label ? T(ld->label) : "");
		for (size_t j = 0; j < ld->seg.n; j++) {
			const struct ea_kl_segment *s = &ld->seg.v[j];
			if (!s->has_range) {
				fprintf(f, "    segment %u%s%s: no range\n",
					s->index, s->name[0] ? " " : "",
					T(s->name));
				continue;
			}
			fprintf(f, "    segment %u %-9s " R "\n", s->index,
				T(s->name), s->r.first, s->r.last);
			hits_line(f, a, s->hits, s->nhits);
		}
	}
}

/* ---- the table of protected ranges ----------------------------------- */

enum {
	RC_RANGE = 0,
	RC_START,
	RC_END,
	RC_SIZE,
	RC_TIER,
	RC_KIND,
	RC_NAME,
	RC_KEXEC_FILE,
	RC_KEXEC_LOAD,
	RC_INFERRED,
	RC_CAUSE,
	RC_NOTE,
	RC_EVIDENCE,
	RC_N
};

const struct ea_tcol ea_range_cols[] = {
	[RC_RANGE] = { "RANGE", 0, "first and last address (inclusive)" },
	[RC_START] = { "START", 0, "first address" },
	[RC_END] = { "END", 0, "last address (inclusive)" },
	[RC_SIZE] = { "SIZE", EA_TC_RIGHT,
		      "size (K, M, G: powers of 1024; bytes with --bytes)" },
	[RC_TIER] = { "TIER", 0,
		      "critical (an escape makes the verdict) or warning" },
	[RC_KIND] = { "KIND", 0, "kind: acpi_table, lpi_pending_table, ..." },
	[RC_NAME] = { "NAME", 0, "what the range is" },
	[RC_KEXEC_FILE] = { "KEXEC_FILE", 0,
			    "kexec_file_load: protected, escapes or unknown "
			    "(* inferred)" },
	[RC_KEXEC_LOAD] = { "KEXEC_LOAD", 0,
			    "kexec_load (kexec-tools): protected, escapes or "
			    "unknown (* inferred)" },
	[RC_INFERRED] = { "INFERRED", 0,
			  "the loaders whose answer is inferred from the "
			  "kernel version" },
	[RC_CAUSE] = { "CAUSE", 0,
		       "why it escapes: the causes of its escapes" },
	[RC_NOTE] = { "NOTE", EA_TC_TRUNC,
		      "how its size or place was decided" },
	[RC_EVIDENCE] = { "EVIDENCE", EA_TC_TRUNC,
			  "the input line that names it" },
};
const size_t ea_range_ncols = RC_N;
const int ea_range_default[] = { RC_RANGE, RC_SIZE,	  RC_TIER,	RC_KIND,
				 RC_NAME,  RC_KEXEC_FILE, RC_KEXEC_LOAD };
const size_t ea_range_ndefault =
    sizeof(ea_range_default) / sizeof(*ea_range_default);

/* colours of a row (ANSI SGR): an escape of a critical range, of a
 * warning-tier one */
#define EA_RED "\033[31m"
#define EA_YELLOW "\033[33m"

/* Where the range is: RANGE, START, END and SIZE. */
static void place_cells(struct ea_table *t, const struct ea_protected *p,
			bool bytes)
{
	char b[48];
	if (ea_table_wants(t, RC_RANGE)) {
		hex16(b, p->r.first);
		b[18] = '-';
		hex16(b + 19, p->r.last);
		ea_table_celln(t, RC_RANGE, b, 37);
	}
	if (ea_table_wants(t, RC_START)) {
		hex16(b, p->r.first);
		ea_table_celln(t, RC_START, b, 18);
	}
	if (ea_table_wants(t, RC_END)) {
		hex16(b, p->r.last);
		ea_table_celln(t, RC_END, b, 18);
	}
	if (ea_table_wants(t, RC_SIZE)) {
		uint64_t sz = ea_range_size(p->r);
		if (bytes)
			ea_table_celln(t, RC_SIZE, b, u64_dec(b, sz));
		else {
			ea_size_human(b, sz);
			ea_table_cell(t, RC_SIZE, b);
		}
	}
}

/* The loaders' answers: KEXEC_FILE, KEXEC_LOAD, INFERRED and CAUSE. */
static void answer_cells(struct ea_table *t, const struct ea_protected *p)
{
	char b[48];
	for (int l = 0; l < EA_NLOADERS; l++) {
		const struct ea_answer_detail *d = &p->loader[l];
		int col = l == EA_KEXEC_FILE ? RC_KEXEC_FILE : RC_KEXEC_LOAD;
		if (!ea_table_wants(t, col))
			continue;
		snprintf(b, sizeof(b), "%s%s", ea_answer_name(d->ans),
			 d->inferred ? "*" : "");
		ea_table_cell(t, col, b);
	}
	if (ea_table_wants(t, RC_INFERRED)) {
		bool f = p->loader[EA_KEXEC_FILE].inferred,
		     l = p->loader[EA_KEXEC_LOAD].inferred;
		ea_table_cell(t, RC_INFERRED,
			      f && l ? "kexec_file,kexec_load"
			      : f    ? "kexec_file"
			      : l    ? "kexec_load"
				     : "");
	}
	if (ea_table_wants(t, RC_CAUSE)) {
		unsigned c0 = p->loader[0].ans == EA_ESCAPES
				  ? p->loader[0].cause
				  : EA_KB_CAUSE_NONE,
			 c1 = p->loader[1].ans == EA_ESCAPES
				  ? p->loader[1].cause
				  : EA_KB_CAUSE_NONE;
		char cb[128];
		if (c0 && c1 && c0 != c1)
			snprintf(cb, sizeof(cb), "%s,%s",
				 ea_kb_cause_get(c0)->key,
				 ea_kb_cause_get(c1)->key);
		else
			snprintf(cb, sizeof(cb), "%s",
				 c0 || c1 ? ea_kb_cause_get(c0 ? c0 : c1)->key
					  : "");
		ea_table_cell(t, RC_CAUSE, cb);
	}
}

static void range_row(struct ea_table *t, const struct ea_protected *p,
		      bool bytes)
{
	char b[48];
	bool esc = false;
	for (int l = 0; l < EA_NLOADERS; l++)
		esc |= p->loader[l].ans == EA_ESCAPES;
	ea_table_row(t, -1,
		     !esc			   ? NULL
		     : p->tier == EA_TIER_CRITICAL ? EA_RED
						   : EA_YELLOW);
	place_cells(t, p, bytes);
	ea_table_cell(t, RC_TIER, ea_tier_name(p->tier));
	ea_table_cell(t, RC_KIND, ea_kind_name(p->kind));
	ea_table_cell(t, RC_NAME, p->name);
	answer_cells(t, p);
	if (ea_table_wants(t, RC_NOTE))
		ea_table_cell(t, RC_NOTE, p->note ? p->note : "");
	if (ea_table_wants(t, RC_EVIDENCE)) {
		const struct ea_evid *e = p->ev.n ? &p->ev.v[0] : NULL;
		if (e && e->in && e->line)
			snprintf(b, sizeof(b), "%s:%u", e->in->name, e->line);
		else
			snprintf(b, sizeof(b), "%s",
				 e && e->in ? e->in->name : "");
		ea_table_cell(t, RC_EVIDENCE, b);
	}
}

static int ranges_table(FILE *f, const struct ea_audit *a,
			const struct ea_text_opts *o)
{
	struct ea_tcol cols[RC_N];
	memcpy(cols, ea_range_cols, sizeof(cols));
	if (o->bytes)
		cols[RC_SIZE].flags |= EA_TC_NUMBER;
	const int *sel = o->cols ? o->cols : ea_range_default;
	size_t nsel = o->cols ? o->ncols : ea_range_ndefault;
	struct ea_table *t = ea_table_new(cols, sel, nsel);
	for (size_t i = 0; i < a->m.prot.n; i++)
		range_row(t, &a->m.prot.v[i], o->bytes);
	struct ea_table_opts to = o->table;
	to.color = o->color;
	if (!to.json_name)
		to.json_name = "protected";
	int rc = ea_table_print(f, t, &to);
	ea_table_free(t);
	return rc;
}

/* ---- the answer ---------------------------------------------------------- */

static const char *verdict_color(enum ea_verdict v)
{
	switch (v) {
	case EA_ESCAPE:
	case EA_ERROR:
		return "\033[1;31m";
	case EA_INCOMPLETE:
		return "\033[1;33m";
	case EA_CLEAN:
		return "\033[1;32m";
	}
	return "";
}

/* The headline, its verdict word in colour when asked for. */
static void headline(FILE *f, const struct ea_audit *a, bool color)
{
	const char *h = a->r.headline ? T(a->r.headline) : "";
	size_t w = strcspn(h, ":");
	if (color && h[w])
		fprintf(f, "%s%.*s\033[0m%s\n", verdict_color(a->r.verdict),
			(int)w, h, h + w);
	else
		fprintf(f, "%s\n", h);
}

/* "9 critical ranges" / "1 critical and 2 warning-tier ranges" */
static void ranges_count(char *b, size_t n, const struct ea_cause *c)
{
	if (c->critical && c->warning)
		snprintf(b, n, "%zu critical and %zu warning-tier range%s",
			 c->critical, c->warning,
			 c->critical + c->warning > 1 ? "s" : "");
	else if (c->critical)
		snprintf(b, n, "%zu critical range%s", c->critical,
			 c->critical > 1 ? "s" : "");
	else
		snprintf(b, n, "%zu warning-tier range%s", c->warning,
			 c->warning > 1 ? "s" : "");
}

/* One paragraph per cause: which loaders, how many ranges of what kind,
 * why (with the knowledge-base row), the line that frees them, what to
 * do. */
static void cause_para(FILE *f, const struct ea_cause *c)
{
	char who[64] = "", n[96], kinds[256] = "", line[600];
	size_t w = 0;
	for (int l = 0; l < EA_NLOADERS; l++)
		if (c->loaders & (1u << l))
			w += (size_t)snprintf(
			    who + w, sizeof(who) - w, "%s%s", w ? " and " : "",
			    ea_loader_name((enum ea_loader)l));
	ranges_count(n, sizeof(n), c);
	w = 0;
	for (int k = 0; k < EA_NKINDS && w < sizeof(kinds); k++)
		if (c->kinds[k])
			w += (size_t)snprintf(kinds + w, sizeof(kinds) - w,
					      "%s%zu %s", w ? ", " : "",
					      c->kinds[k],
					      ea_kind_name((enum ea_kind)k));
	/* inferred: all, or how many, per loader */
	char inf[128] = "";
	w = 0;
	for (int l = 0; l < EA_NLOADERS; l++) {
		if (!c->inferred[l] || w >= sizeof(inf))
			continue;
		bool one = c->loaders == (1u << l);
		if (c->inferred[l] == c->escapes[l])
			w += (size_t)snprintf(
			    inf + w, sizeof(inf) - w, "%s%s%sinferred",
			    w ? ", " : "",
			    one ? "" : ea_loader_name((enum ea_loader)l),
			    one ? "" : " ");
		else
			w += (size_t)snprintf(
			    inf + w, sizeof(inf) - w,
			    "%s%zu of %zu%s%s inferred", w ? ", " : "",
			    c->inferred[l], c->escapes[l], one ? "" : " ",
			    one ? "" : ea_loader_name((enum ea_loader)l));
	}
	snprintf(line, sizeof(line), "%s escape%s %s%s%s%s: %s", n,
		 c->critical + c->warning > 1 ? "" : "s", who,
		 inf[0] ? " (" : "", inf, inf[0] ? ")" : "", kinds);
	para(f, "", "  ", line);
	const struct ea_kb_cause *k = c->kb;
	if (k->row < EA_KB_NROWS) {
		char d[160];
		ea_kb_describe(ea_kb_get(k->row), d, sizeof(d));
		snprintf(line, sizeof(line), "%s [%s]", k->why, d);
		para(f, "  why: ", "    ", line);
	} else {
		para(f, "  why: ", "    ", k->why);
	}
	/* one line that frees them for both loaders is said once */
	const struct ea_view_src *ff = c->free_src[EA_KEXEC_FILE],
				 *fl = c->free_src[EA_KEXEC_LOAD];
	bool same = ff && fl && ff->ev.in == fl->ev.in &&
		    ff->ev.line == fl->ev.line && ff->ev.off == fl->ev.off;
	for (int l = same ? EA_KEXEC_LOAD : 0; l < EA_NLOADERS; l++) {
		if (!c->free_lines[l])
			continue;
		bool one = same || c->loaders == (1u << l);
		char pre[48];
		snprintf(pre, sizeof(pre), "  free%s%s: ", one ? "" : " for ",
			 one ? "" : ea_loader_name((enum ea_loader)l));
		if (c->free_src[l]) {
			const struct ea_evid *e = &c->free_src[l]->ev;
			char *t = ea_evid_text(e);
			if (e->line)
				snprintf(line, sizeof(line), "%s:%u: %s",
					 e->in->name, e->line, t);
			else
				snprintf(line, sizeof(line), "%s: %s",
					 e->in->name, t);
			free(t);
		} else {
			snprintf(line, sizeof(line),
				 "%zu lines of its view (-v names each)",
				 c->free_lines[l]);
		}
		para(f, pre, "    ", line);
	}
	para(f, "  what to do: ", "    ", k->what_to_do);
}

static void brief_findings(FILE *f, const struct ea_audit *a)
{
	const struct ea_result *r = &a->r;
	size_t info = r->summary.findings[EA_SEV_INFO];
	if (!r->brief.n && !info)
		return;
	if (!r->brief.n) {
		fprintf(f, "\nFindings: %zu at info severity (-v shows them)\n",
			info);
		return;
	}
	fprintf(f, "\nFindings");
	if (info)
		fprintf(f, " (and %zu at info severity: -v)", info);
	fprintf(f, ":\n");
	for (size_t i = 0; i < r->brief.n; i++) {
		const struct ea_finding *x =
		    &r->findings.v[r->brief.v[i].finding];
		fprintf(f, "  %-8s %s: %s\n", ea_severity_name(x->sev),
			x->check->id, T(x->message));
		if (r->brief.v[i].more)
			fprintf(f,
				"  %-8s %s: %" PRIu32 " more like these "
				"(-v lists each)\n",
				"", x->check->id, r->brief.v[i].more);
	}
}

/* The inputs given or needed, "name status" each, wrapped between them. */
static void inputs_line(FILE *f, const struct ea_audit *a)
{
	size_t col = 0;
	for (int i = 0; i < EA_NINPUTS; i++) {
		const struct ea_input *in = &a->src.in[i];
		if (!a->r.input_listed[i])
			continue;
		const char *st = ea_input_status_name(in->status);
		size_t w = strlen(in->name) + 1 + strlen(st);
		if (!col) {
			fputs("inputs: ", f);
			col = 8;
		} else if (col + 3 + w > EA_TEXT_WIDTH) {
			fputs(",\n  ", f);
			col = 2;
		} else {
			fputs(", ", f);
			col += 2;
		}
		fprintf(f, "%s %s", in->name, st);
		col += w;
	}
	if (col)
		fputc('\n', f);
}

/* ---- -v: the evidence ---------------------------------------------------- */

static void verbose_escapes(FILE *f, const struct ea_audit *a)
{
	const struct ea_summary *s = &a->r.summary;
	if (!s->escapes[EA_KEXEC_FILE] && !s->escapes[EA_KEXEC_LOAD] &&
	    !s->warning_escaping)
		return;
	fprintf(f, "\nEscapes:\n");
	for (size_t i = 0; i < a->m.prot.n; i++) {
		const struct ea_protected *p = &a->m.prot.v[i];
		for (int l = 0; l < EA_NLOADERS; l++) {
			const struct ea_answer_detail *d = &p->loader[l];
			if (d->ans != EA_ESCAPES)
				continue;
			fprintf(f, "  [%s] %s " R " escapes %s%s%s\n",
				ea_tier_name(p->tier), T(p->name), p->r.first,
				p->r.last, ea_loader_name((enum ea_loader)l),
				d->inferred ? " (inferred)" : "",
				a->m.view[l].built == EA_BUILT_NO
				    ? " (latent: this kernel is "
				      "built without it)"
				    : "");
			fprintf(f, "    why: %s\n", T(d->reason));
			if (p->breaks)
				fprintf(f, "    breaks: %s\n", T(p->breaks));
			for (size_t k = 0; k < p->ev.n; k++)
				evid(f, "    evidence: ", &p->ev.v[k]);
			struct ea_evid fe = ea_answer_free_evid(d);
			evid(f, "    free by:  ", &fe);
			fprintf(f, "    cause: %s\n",
				ea_kb_cause_get(d->cause)->key);
		}
	}
}

static void verbose_findings(FILE *f, const struct ea_audit *a)
{
	if (!a->r.findings.n)
		return;
	fprintf(f, "\nFindings, with their evidence:\n");
	for (size_t i = 0; i < a->r.findings.n; i++) {
		const struct ea_finding *x = &a->r.findings.v[i];
		fprintf(f, "  [%s] %s: %s\n", ea_severity_name(x->sev),
			x->check->id, T(x->message));
		for (size_t k = 0; k < x->ev.n && k < 8; k++)
			evid(f, "    ", &x->ev.v[k]);
		if (x->ev.n > 8)
			fprintf(f, "    (%zu more lines)\n", x->ev.n - 8);
	}
}

static void verbose_notes(FILE *f, const struct ea_audit *a)
{
	bool notes = false;
	for (size_t i = 0; i < a->m.prot.n; i++) {
		const struct ea_protected *p = &a->m.prot.v[i];
		if (!p->note)
			continue;
		if (!notes)
			fprintf(f, "\nNotes on the ranges:\n");
		notes = true;
		fprintf(f, "  " R " %s: %s\n", p->r.first, p->r.last,
			T(p->name), T(p->note));
	}
}

static void verbose_views(FILE *f, const struct ea_audit *a)
{
	fprintf(f, "\nLoader views:\n");
	for (int l = 0; l < EA_NLOADERS; l++) {
		const struct ea_view *v = &a->m.view[l];
		if (v->known)
			fprintf(f, "  %s: %zu free ranges: %s\n",
				ea_loader_name((enum ea_loader)l), v->free.n,
				T(v->model));
		else
			fprintf(f, "  %s: unknown: %s\n",
				ea_loader_name((enum ea_loader)l),
				T(v->unknown_reason));
		if (v->built_why)
			fprintf(f, "    %s\n", T(v->built_why));
	}
}

static void verbose_inputs(FILE *f, const struct ea_audit *a)
{
	fprintf(f, "\nInputs:\n");
	for (int i = 0; i < EA_NINPUTS; i++) {
		const struct ea_input *in = &a->src.in[i];
		fprintf(f, "  %-18s %-10s %s%s%s\n", in->name,
			ea_input_status_name(in->status),
			in->path ? T(in->path) : "-", in->detail ? ": " : "",
			in->detail ? T(in->detail) : "");
	}
}

static void verbose_sections(FILE *f, const struct ea_audit *a)
{
	verbose_escapes(f, a);
	verbose_findings(f, a);
	verbose_notes(f, a);
	verbose_views(f, a);
	verbose_inputs(f, a);
}

int ea_emit_text_opts(FILE *f, const struct ea_audit *a,
		      const struct ea_text_opts *o)
{
	int rc = 0;
	if (o->table_only) {
		rc = ranges_table(f, a, o);
		ea_text_scratch_free(&scratch);
		return rc;
	}
	headline(f, a, o->color);
	fprintf(f, "system: %s (from %s), kernel %s\n", ea_arch_name(a->m.arch),
		a->m.arch_source ? T(a->m.arch_source) : "none",
		a->m.kernel ? T(a->m.kernel) : "unknown");
	inputs_line(f, a);
	for (size_t i = 0; i < a->r.causes.n; i++) {
		fputc('\n', f);
		cause_para(f, &a->r.causes.v[i]);
	}
	brief_findings(f, a);
	whatif_lines(f, a);
	loaded_lines(f, a, a->src.kexeclog, "--kexec-log");
	loaded_lines(f, a, a->src.kexeclog_dmesg, "kernel log");
	if (a->m.prot.n) {
		fputc('\n', f);
		fflush(f);
		rc = ranges_table(f, a, o);
		bool inferred = false;
		for (size_t i = 0; i < a->m.prot.n && !inferred; i++)
			for (int l = 0; l < EA_NLOADERS; l++)
				inferred |= a->m.prot.v[i].loader[l].inferred;
		if (inferred)
			fprintf(f, "*: inferred from the kernel version (the "
				   "loader's view is not in the inputs)\n");
	} else {
		fprintf(f, "\nNo protected range was found.\n");
	}
	if (o->verbose)
		verbose_sections(f, a);
	ea_text_scratch_free(&scratch);
	return rc;
}

void ea_emit_text(FILE *f, const struct ea_audit *a)
{
	struct ea_text_opts o = { 0 };
	ea_emit_text_opts(f, a, &o);
}
