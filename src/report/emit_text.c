/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The human report: the verdict in one line, then each escape with its
 * loader, evidence and what to do, then the other findings, every protected
 * range, the loader views and the inputs. Formats only.
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "core/text.h"
#include "pipeline.h"
#include "read/kexeclog.h"
#include "report/report.h"
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

/*
 * The listing of protected ranges has four lines per range, and a machine
 * can have a million ranges: it is built by hand in one buffer, written out
 * every 64 KiB, with the bytes printf would write for
 * "  0x%016" PRIx64 "-0x%016" PRIx64 " %-10s %-8s %-11s %s\n" and the lines
 * after it.
 */
struct line {
	char *p;
	size_t n, cap;
};

static void line_put(struct line *b, const char *s, size_t n)
{
	if (b->n + n > b->cap) {
		size_t nc = b->cap ? b->cap : 1 << 16;
		while (nc < b->n + n)
			nc *= 2;
		b->p = ea_xrealloc(b->p, nc, 1);
		b->cap = nc;
	}
	memcpy(b->p + b->n, s, n);
	b->n += n;
}

static void line_flush(struct line *b, FILE *f)
{
	if (b->n)
		fwrite(b->p, 1, b->n, f);
	b->n = 0;
}

/* "%-*s": s, then blanks up to width */
static void line_pad(struct line *b, const char *s, size_t width)
{
	static const char blanks[] = "                ";
	size_t n = strlen(s);
	line_put(b, s, n);
	if (n < width)
		line_put(b, blanks, width - n);
}

static void line_addr(struct line *b, uint64_t a)
{
	static const char hex[] = "0123456789abcdef";
	char t[18] = { '0', 'x' };
	for (int i = 0; i < 16; i++)
		t[2 + i] = hex[(a >> (60 - 4 * i)) & 0xf];
	line_put(b, t, sizeof(t));
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
	return n;
}

static void size_str(char *buf, uint64_t sz)
{
	size_t n;
	if (sz && sz % (1ULL << 20) == 0) {
		n = u64_dec(buf, sz >> 20);
		memcpy(buf + n, " MiB", 5);
	} else if (sz && sz % 1024 == 0) {
		n = u64_dec(buf, sz >> 10);
		memcpy(buf + n, " KiB", 5);
	} else {
		n = u64_dec(buf, sz);
		memcpy(buf + n, " bytes", 7);
	}
}

static void protected_lines(struct line *b, const struct ea_protected *p)
{
	char sz[32];
	size_str(sz, ea_range_size(p->r));
	line_put(b, "  ", 2);
	line_addr(b, p->r.first);
	line_put(b, "-", 1);
	line_addr(b, p->r.last);
	line_put(b, " ", 1);
	line_pad(b, sz, 10);
	line_put(b, " ", 1);
	line_pad(b, ea_tier_name(p->tier), 8);
	line_put(b, " ", 1);
	line_pad(b, ea_kind_name(p->kind), 11);
	line_put(b, " ", 1);
	line_pad(b, T(p->name), 0);
	line_put(b, "\n", 1);
	for (int l = 0; l < EA_NLOADERS; l++) {
		line_put(b, "      ", 6);
		line_pad(b, ea_loader_name((enum ea_loader)l), 10);
		line_put(b, " ", 1);
		line_pad(b, ea_answer_name(p->loader[l].ans), 0);
		if (p->loader[l].inferred)
			line_put(b, " (inferred)", 11);
		line_put(b, "\n", 1);
	}
	if (p->note) {
		line_put(b, "      note: ", 12);
		line_pad(b, T(p->note), 0);
		line_put(b, "\n", 1);
	}
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

void ea_emit_text(FILE *f, const struct ea_audit *a)
{
	const struct ea_summary *s = &a->r.summary;
	fprintf(f, "%s\n", a->r.headline ? T(a->r.headline) : "");
	fprintf(f, "system: %s (from %s), kernel %s\n", ea_arch_name(a->m.arch),
		a->m.arch_source ? T(a->m.arch_source) : "none",
		a->m.kernel ? T(a->m.kernel) : "unknown");

	if (s->escapes[EA_KEXEC_FILE] || s->escapes[EA_KEXEC_LOAD] ||
	    s->warning_escaping) {
		fprintf(f, "\nEscapes:\n");
		for (size_t i = 0; i < a->m.prot.n; i++) {
			const struct ea_protected *p = &a->m.prot.v[i];
			for (int l = 0; l < EA_NLOADERS; l++) {
				const struct ea_answer_detail *d =
				    &p->loader[l];
				if (d->ans != EA_ESCAPES)
					continue;
				fprintf(f, "  [%s] %s " R " escapes %s%s\n",
					ea_tier_name(p->tier), T(p->name),
					p->r.first, p->r.last,
					ea_loader_name((enum ea_loader)l),
					d->inferred ? " (inferred)" : "");
				fprintf(f, "    why: %s\n", T(d->reason));
				if (p->breaks)
					fprintf(f, "    breaks: %s\n",
						T(p->breaks));
				for (size_t k = 0; k < p->ev.n; k++)
					evid(f, "    evidence: ", &p->ev.v[k]);
				struct ea_evid fe = ea_answer_free_evid(d);
				evid(f, "    free by:  ", &fe);
				if (ea_answer_what_to_do(d))
					fprintf(f, "    what to do: %s\n",
						ea_answer_what_to_do(d));
			}
		}
	}

	if (a->r.findings.n) {
		fprintf(f, "\nFindings:\n");
		for (size_t i = 0; i < a->r.findings.n; i++) {
			const struct ea_finding *x = &a->r.findings.v[i];
			fprintf(f, "  [%s] %s: %s\n", ea_severity_name(x->sev),
				x->check->id, T(x->message));
			for (size_t k = 0; k < x->ev.n && k < 8; k++)
				evid(f, "    ", &x->ev.v[k]);
			if (x->ev.n > 8)
				fprintf(f, "    (%zu more lines)\n",
					x->ev.n - 8);
		}
	}

	whatif_lines(f, a);
	loaded_lines(f, a, a->src.kexeclog, "--kexec-log");
	loaded_lines(f, a, a->src.kexeclog_dmesg, "kernel log");

	fprintf(f, "\nProtected ranges (%zu):\n", a->m.prot.n);
	struct line b = { 0 };
	for (size_t i = 0; i < a->m.prot.n; i++) {
		protected_lines(&b, &a->m.prot.v[i]);
		if (b.n >= 1 << 16)
			line_flush(&b, f);
	}
	line_flush(&b, f);
	free(b.p);

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
	}

	fprintf(f, "\nInputs:\n");
	for (int i = 0; i < EA_NINPUTS; i++) {
		const struct ea_input *in = &a->src.in[i];
		fprintf(f, "  %-18s %-10s %s%s%s\n", in->name,
			ea_input_status_name(in->status),
			in->path ? T(in->path) : "-", in->detail ? ": " : "",
			in->detail ? T(in->detail) : "");
	}
	ea_text_scratch_free(&scratch);
}
