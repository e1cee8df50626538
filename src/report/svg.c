/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The memory-map picture (svg.h). */
#include "report/svg.h"
#include "core/text.h"
#include "core/util.h"
#include "pipeline.h"
#include "read/kexeclog.h"
#include "report/emit_json.h"
#include "whatif/placement.h"
#include "whatif/whatif.h"

#include <inttypes.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

/* Shapes per lane at most: a million-entry chain is drawn as its first
 * ones, and the lane says how many were left out. */
#define MAX_PER_LANE 20000

#define LABEL_W 170.0
#define LANE_H 22.0
#define LANE_GAP 6.0
#define TOP 70.0
#define HOLE_W 26.0

/* ---- the broken scale ---------------------------------------------------- */

struct scale {
	uint64_t *b;  /* interval starts, sorted, unique */
	double *x;    /* their x */
	bool *hole;   /* the interval holds nothing: drawn compressed */
	size_t n;     /* intervals: [b[i], b[i+1]) ; the last ends at end */
	uint64_t end; /* one past the last byte drawn (saturates at 2^64-1) */
	double xend;
};

typedef EA_VEC(struct ea_range) range_vec;
typedef EA_VEC(uint64_t) u64_vec;

static void pts_add(u64_vec *pts, struct ea_range r)
{
	*EA_VEC_PUSH(*pts) = r.first;
	if (r.last != UINT64_MAX)
		*EA_VEC_PUSH(*pts) = r.last + 1;
}

static int u64_cmp(const void *x, const void *y)
{
	uint64_t a = *(const uint64_t *)x, b = *(const uint64_t *)y;
	return (a > b) - (a < b);
}

/* 6 px for a page, 4 px more for each doubling: a 4 KiB table and a
 * 64 GiB bank are both visible, neither dominates. */
static double width_of(uint64_t size)
{
	uint64_t pages = size / 4096 + 1;
	int bits = 64 - __builtin_clzll(pages);
	return 6.0 + 4.0 * (bits - 1);
}

/* all: every range drawn (unsorted); the scale covers them. */
static void scale_build(struct scale *s, const range_vec *all)
{
	u64_vec pts = { 0 };
	for (size_t i = 0; i < all->n; i++)
		pts_add(&pts, all->v[i]);
	memset(s, 0, sizeof(*s));
	if (!pts.n)
		return;
	ea_sort(pts.v, pts.n, sizeof(uint64_t), u64_cmp);
	size_t w = 0;
	for (size_t i = 0; i < pts.n; i++)
		if (!w || pts.v[i] != pts.v[w - 1])
			pts.v[w++] = pts.v[i];
	pts.n = w;
	/* the last point ends the drawing (a range to 2^64-1 saturates) */
	uint64_t maxlast = 0;
	for (size_t i = 0; i < all->n; i++)
		if (all->v[i].last > maxlast)
			maxlast = all->v[i].last;
	s->end = maxlast == UINT64_MAX ? UINT64_MAX : maxlast + 1;
	if (pts.v[pts.n - 1] >= s->end && pts.n > 1)
		pts.n--;
	s->n = pts.n;
	s->b = pts.v;
	s->x = ea_xcalloc(s->n + 1, sizeof(double));
	s->hole = ea_xcalloc(s->n + 1, sizeof(bool));
	/* which intervals hold something: a sweep of +1/-1 events */
	int *depth = ea_xcalloc(s->n + 1, sizeof(int));
	for (size_t i = 0; i < all->n; i++) {
		uint64_t key = all->v[i].first;
		size_t lo = 0, hi = s->n;
		while (lo < hi) {
			size_t mid = lo + (hi - lo) / 2;
			if (s->b[mid] < key)
				lo = mid + 1;
			else
				hi = mid;
		}
		depth[lo]++;
		if (all->v[i].last != UINT64_MAX) {
			key = all->v[i].last + 1;
			lo = 0;
			hi = s->n;
			while (lo < hi) {
				size_t mid = lo + (hi - lo) / 2;
				if (s->b[mid] < key)
					lo = mid + 1;
				else
					hi = mid;
			}
			depth[lo]--;
		}
	}
	int d = 0;
	double x = LABEL_W;
	for (size_t i = 0; i < s->n; i++) {
		d += depth[i];
		uint64_t next = i + 1 < s->n ? s->b[i + 1] : s->end;
		uint64_t size = next - s->b[i];
		s->hole[i] = d <= 0;
		s->x[i] = x;
		x +=
		    s->hole[i] && size >= (64u << 20) ? HOLE_W : width_of(size);
	}
	s->xend = x;
	free(depth);
}

static double xat(const struct scale *s, uint64_t addr)
{
	if (!s->n || addr <= s->b[0])
		return s->n ? s->x[0] : LABEL_W;
	size_t lo = 0, hi = s->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (s->b[mid] <= addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	size_t i = lo - 1;
	uint64_t next = i + 1 < s->n ? s->b[i + 1] : s->end;
	double x1 = i + 1 < s->n ? s->x[i + 1] : s->xend;
	if (addr >= next)
		return x1;
	double frac = (double)(addr - s->b[i]) / (double)(next - s->b[i]);
	return s->x[i] + frac * (x1 - s->x[i]);
}

static void scale_free(struct scale *s)
{
	free(s->b);
	free(s->x);
	free(s->hole);
}

/* ---- text ----------------------------------------------------------------- */

/* Escapes for XML text and attributes. */
static void xml(FILE *f, const char *in)
{
	if (!in)
		return;
	/* foreign text first made inert (core/text.h), then escaped */
	char *clean = ea_text_clean(in, strlen(in));
	ea_text_xml(f, clean);
	free(clean);
}

static void title_evid(FILE *f, const struct ea_evid *e)
{
	if (!e->in)
		return;
	char *t = ea_evid_text(e);
	fputs("\n", f);
	if (e->line)
		fprintf(f, "%s:%u: ", e->in->name, e->line);
	xml(f, t);
	free(t);
}

/* ---- shapes --------------------------------------------------------------- */

struct pic {
	FILE *f;
	const struct ea_audit *a;
	struct scale s;
	int lane;
};

static double lane_y(int lane)
{
	return TOP + lane * (LANE_H + LANE_GAP);
}

static void lane_label(struct pic *p, const char *label, size_t left_out)
{
	double y = lane_y(p->lane);
	fprintf(p->f, "<text x=\"8\" y=\"%.1f\" class=\"lane\">",
		y + LANE_H * 0.7);
	xml(p->f, label);
	if (left_out)
		fprintf(p->f, " (+%zu not drawn)", left_out);
	fputs("</text>\n", p->f);
}

/* Opens a rect for r on the current lane; the caller writes the title's
 * text and calls shape_end(). */
static void shape(struct pic *p, struct ea_range r, const char *fill,
		  const char *id, const char *cls)
{
	double x0 = xat(&p->s, r.first);
	double x1 = r.last == UINT64_MAX ? p->s.xend : xat(&p->s, r.last + 1);
	double w = x1 - x0 < 2.0 ? 2.0 : x1 - x0;
	fprintf(p->f, "<rect");
	if (id)
		fprintf(p->f, " id=\"%s\"", id);
	if (cls)
		fprintf(p->f, " class=\"%s\"", cls);
	fprintf(p->f,
		" x=\"%.2f\" y=\"%.1f\" width=\"%.2f\" height=\"%.1f\" "
		"fill=\"%s\"><title>0x%016" PRIx64 "-0x%016" PRIx64 " ",
		x0, lane_y(p->lane), w, LANE_H, fill, r.first, r.last);
}

static void shape_end(struct pic *p)
{
	fputs("</title></rect>\n", p->f);
}

static const char *efi_fill(uint32_t type)
{
	switch (type) {
	case EA_EFI_CONVENTIONAL:
		return "#cfe8ff";
	case EA_EFI_BOOT_CODE:
	case EA_EFI_BOOT_DATA:
	case EA_EFI_LOADER_CODE:
	case EA_EFI_LOADER_DATA:
		return "#9ecae1";
	case EA_EFI_ACPI_RECLAIM:
		return "#fdd0a2";
	case EA_EFI_ACPI_NVS:
		return "#fdae6b";
	case EA_EFI_RUNTIME_CODE:
	case EA_EFI_RUNTIME_DATA:
		return "#bcbddc";
	default:
		return "#d9d9d9";
	}
}

/* latent: the loader is not built, so its escape is a latent risk (the
 * model's view says so; latent_escape reports it) */
static const char *answer_fill(enum ea_answer ans, bool latent)
{
	return ans == EA_ESCAPES     ? latent ? EA_SVG_LATENT : EA_SVG_ESCAPES
	       : ans == EA_PROTECTED ? EA_SVG_PROTECTED
				     : EA_SVG_UNKNOWN;
}

/* ---- lanes ---------------------------------------------------------------- */

static void lane_efi(struct pic *p)
{
	const struct ea_dmesg *d = &p->a->src.dmesg;
	const struct ea_efi_desc *v = d->efi_map.v;
	size_t n = d->efi_map.n;
	const struct ea_input *in = d->in;
	const char *label = "EFI map (printed)";
	if (!n) {
		v = p->a->src.efimap.desc.v;
		n = p->a->src.efimap.desc.n;
		in = p->a->src.efimap.in;
		label = "EFI map (in memory)";
	}
	if (!n)
		return;
	lane_label(p, label, n > MAX_PER_LANE ? n - MAX_PER_LANE : 0);
	for (size_t i = 0; i < n && i < MAX_PER_LANE; i++) {
		shape(p, v[i].r, efi_fill(v[i].type), NULL, "efi");
		xml(p->f, ea_efi_type_name(v[i].type));
		struct ea_evid e = ea_efi_desc_evid(in, &v[i]);
		title_evid(p->f, &e);
		shape_end(p);
	}
	p->lane++;
}

static void lane_iomem(struct pic *p)
{
	const struct ea_iomem *m = &p->a->src.iomem;
	if (p->a->src.in[EA_IN_IOMEM].status != EA_IN_OK || !m->res.n)
		return;
	lane_label(p, "/proc/iomem", 0);
	size_t drawn = 0;
	for (size_t i = 0; i < m->res.n && drawn < MAX_PER_LANE; i++) {
		const struct ea_iomem_res *r = &m->res.v[i];
		bool ram = r->depth == 0 && ea_iomem_is(r, EA_IOMEM_SYSTEM_RAM);
		bool resv = r->depth > 0 && ea_iomem_is(r, EA_IOMEM_RESERVED);
		if (!ram && !resv)
			continue;
		shape(p, r->r, ram ? "#c7e9c0" : "#238b45", NULL,
		      ram ? "ram" : "reserved");
		size_t nl;
		const char *nm = ea_iomem_name(m, r, &nl);
		char *name = ea_xstrndup(nm, nl);
		xml(p->f, name);
		free(name);
		struct ea_evid e = ea_iomem_evid(m, r);
		title_evid(p->f, &e);
		shape_end(p);
		drawn++;
	}
	p->lane++;
}

static void lane_memblock(struct pic *p)
{
	const struct ea_memblock *m = &p->a->src.mb_reserved;
	if (p->a->src.in[EA_IN_MB_RESERVED].status != EA_IN_OK || !m->regions.n)
		return;
	size_t n = m->regions.n;
	lane_label(p, "memblock.reserved",
		   n > MAX_PER_LANE ? n - MAX_PER_LANE : 0);
	for (size_t i = 0; i < n && i < MAX_PER_LANE; i++) {
		shape(p, m->regions.v[i].r, "#756bb1", NULL, "memblock");
		fputs("reserved", p->f);
		title_evid(p->f, &m->regions.v[i].ev);
		shape_end(p);
	}
	p->lane++;
}

static void lane_chain(struct pic *p)
{
	const struct ea_memreserve *c = &p->a->src.memreserve;
	size_t n = c->nodes.n + c->entries.n;
	if (!n)
		return;
	lane_label(p, "MEMRESERVE chain",
		   n > MAX_PER_LANE ? n - MAX_PER_LANE : 0);
	size_t drawn = 0;
	for (size_t i = 0; i < c->nodes.n && drawn < MAX_PER_LANE; i++) {
		shape(p, c->nodes.v[i].r, "#c51b7d", NULL, "chain");
		fprintf(p->f, "node %zu", i);
		title_evid(p->f, &p->a->src.memreserve_ev);
		shape_end(p);
		drawn++;
	}
	for (size_t i = 0; i < c->entries.n && drawn < MAX_PER_LANE; i++) {
		const struct ea_mr_entry *e = &c->entries.v[i];
		shape(p, e->r, "#e377c2", NULL, "chain");
		fprintf(p->f, "entry %" PRIu32 " of node 0x%016" PRIx64,
			e->index, e->node);
		shape_end(p);
		drawn++;
	}
	p->lane++;
}

static void lane_protected(struct pic *p, enum ea_loader l)
{
	const struct ea_audit *a = p->a;
	if (!a->m.prot.n)
		return;
	bool latent = a->m.view[l].built == EA_BUILT_NO;
	char label[96];
	snprintf(label, sizeof(label), "protected: %s%s", ea_loader_name(l),
		 latent ? " (not built: escapes are latent)" : "");
	size_t n = a->m.prot.n;
	lane_label(p, label, n > MAX_PER_LANE ? n - MAX_PER_LANE : 0);
	for (size_t i = 0; i < n && i < MAX_PER_LANE; i++) {
		const struct ea_protected *pr = &a->m.prot.v[i];
		const struct ea_answer_detail *d = &pr->loader[l];
		char id[96];
		snprintf(id, sizeof(id), "p-%s@0x%016" PRIx64 "-%s",
			 ea_kind_name(pr->kind), pr->r.first,
			 ea_loader_name(l));
		bool lat = latent && d->ans == EA_ESCAPES;
		shape(p, pr->r, answer_fill(d->ans, latent), id,
		      lat ? "latent" : ea_answer_name(d->ans));
		xml(p->f, pr->name);
		fprintf(p->f, " (%s, %s): %s%s%s: ", ea_tier_name(pr->tier),
			ea_kind_name(pr->kind), ea_answer_name(d->ans),
			d->inferred ? " (inferred)" : "",
			lat ? " (latent: the kernel is built without this "
			      "loader)"
			    : "");
		xml(p->f, d->reason);
		for (size_t k = 0; k < pr->ev.n && k < 3; k++)
			title_evid(p->f, &pr->ev.v[k]);
		shape_end(p);
	}
	p->lane++;
}

static void lane_free(struct pic *p, enum ea_loader l)
{
	const struct ea_view *v = &p->a->m.view[l];
	char label[64];
	snprintf(label, sizeof(label), "free for %s", ea_loader_name(l));
	if (!v->known) {
		lane_label(p, label, 0);
		fprintf(p->f, "<text x=\"%.1f\" y=\"%.1f\" class=\"note\">",
			LABEL_W + 4, lane_y(p->lane) + LANE_H * 0.7);
		fputs("unknown: ", p->f);
		xml(p->f, v->unknown_reason);
		fputs("</text>\n", p->f);
		p->lane++;
		return;
	}
	size_t n = v->free.n;
	lane_label(p, label, n > MAX_PER_LANE ? n - MAX_PER_LANE : 0);
	for (size_t i = 0; i < n && i < MAX_PER_LANE; i++) {
		shape(p, v->free.v[i], "#bdbdbd", NULL, "free");
		fputs("free", p->f);
		/* the source line that makes its start free */
		for (size_t k = 0; k < v->src.n; k++)
			if (v->src.v[k].r.first <= v->free.v[i].first &&
			    v->src.v[k].r.last >= v->free.v[i].first) {
				title_evid(p->f, &v->src.v[k].ev);
				break;
			}
		shape_end(p);
	}
	p->lane++;
}

static void lane_segments(struct pic *p)
{
	const struct ea_audit *a = p->a;
	size_t n = 0;
	const struct ea_whatif_result *w = a->whatif;
	for (size_t i = 0; w && i < w->n; i++)
		n += w->run[i].p.seg.n;
	const struct ea_kexeclog *ks[2] = { a->src.kexeclog,
					    a->src.kexeclog_dmesg };
	for (int k = 0; k < 2; k++)
		for (size_t li = 0; ks[k] && li < ks[k]->loads.n; li++)
			n += ks[k]->loads.v[li].seg.n;
	if (!n)
		return;
	lane_label(p, "segments", 0);
	for (size_t i = 0; w && i < w->n; i++) {
		const struct ea_placement *pl = &w->run[i].p;
		for (size_t s = 0; s < pl->seg.n; s++) {
			const struct ea_pl_segment *sg = &pl->seg.v[s];
			if (!sg->placed)
				continue;
			shape(p, sg->r, sg->nhits ? EA_SVG_ESCAPES : "#1f77b4",
			      NULL, "segment");
			fprintf(p->f, "what-if %s: ",
				ea_loader_name(w->run[i].loader));
			xml(p->f, sg->name);
			fputs(": ", p->f);
			xml(p->f, sg->rule);
			shape_end(p);
		}
	}
	for (int k = 0; k < 2; k++)
		for (size_t li = 0; ks[k] && li < ks[k]->loads.n; li++) {
			const struct ea_kl_load *ld = &ks[k]->loads.v[li];
			for (size_t s = 0; s < ld->seg.n; s++) {
				const struct ea_kl_segment *sg = &ld->seg.v[s];
				if (!sg->has_range)
					continue;
				shape(p, sg->r,
				      sg->nhits ? EA_SVG_ESCAPES : "#1f77b4",
				      NULL, "segment");
				fprintf(p->f, "loaded segment %u ", sg->index);
				xml(p->f, sg->name);
				title_evid(p->f, &sg->ev);
				shape_end(p);
			}
		}
	p->lane++;
}

/* ---- the drawing ---------------------------------------------------------- */

static void collect(const struct ea_audit *a, range_vec *all)
{
	const struct ea_dmesg *d = &a->src.dmesg;
	for (size_t i = 0; i < d->efi_map.n && i < MAX_PER_LANE; i++)
		*EA_VEC_PUSH(*all) = d->efi_map.v[i].r;
	if (!d->efi_map.n)
		for (size_t i = 0; i < a->src.efimap.desc.n && i < MAX_PER_LANE;
		     i++)
			*EA_VEC_PUSH(*all) = a->src.efimap.desc.v[i].r;
	if (a->src.in[EA_IN_IOMEM].status == EA_IN_OK)
		for (size_t i = 0; i < a->src.iomem.res.n; i++) {
			const struct ea_iomem_res *r = &a->src.iomem.res.v[i];
			if ((r->depth == 0 &&
			     ea_iomem_is(r, EA_IOMEM_SYSTEM_RAM)) ||
			    (r->depth > 0 && ea_iomem_is(r, EA_IOMEM_RESERVED)))
				*EA_VEC_PUSH(*all) = r->r;
		}
	if (a->src.in[EA_IN_MB_RESERVED].status == EA_IN_OK)
		for (size_t i = 0;
		     i < a->src.mb_reserved.regions.n && i < MAX_PER_LANE; i++)
			*EA_VEC_PUSH(*all) = a->src.mb_reserved.regions.v[i].r;
	for (size_t i = 0; i < a->src.memreserve.nodes.n && i < MAX_PER_LANE;
	     i++)
		*EA_VEC_PUSH(*all) = a->src.memreserve.nodes.v[i].r;
	for (size_t i = 0; i < a->src.memreserve.entries.n && i < MAX_PER_LANE;
	     i++)
		*EA_VEC_PUSH(*all) = a->src.memreserve.entries.v[i].r;
	for (size_t i = 0; i < a->m.prot.n && i < MAX_PER_LANE; i++)
		*EA_VEC_PUSH(*all) = a->m.prot.v[i].r;
	for (int l = 0; l < EA_NLOADERS; l++)
		for (size_t i = 0; a->m.view[l].known &&
				   i < a->m.view[l].free.n && i < MAX_PER_LANE;
		     i++)
			*EA_VEC_PUSH(*all) = a->m.view[l].free.v[i];
	const struct ea_whatif_result *w = a->whatif;
	for (size_t i = 0; w && i < w->n; i++)
		for (size_t s = 0; s < w->run[i].p.seg.n; s++)
			if (w->run[i].p.seg.v[s].placed)
				*EA_VEC_PUSH(*all) = w->run[i].p.seg.v[s].r;
	const struct ea_kexeclog *ks[2] = { a->src.kexeclog,
					    a->src.kexeclog_dmesg };
	for (int k = 0; k < 2; k++)
		for (size_t li = 0; ks[k] && li < ks[k]->loads.n; li++)
			for (size_t s = 0; s < ks[k]->loads.v[li].seg.n; s++)
				if (ks[k]->loads.v[li].seg.v[s].has_range)
					*EA_VEC_PUSH(*all) =
					    ks[k]->loads.v[li].seg.v[s].r;
}

static void axis(struct pic *p, double ybottom)
{
	const struct scale *s = &p->s;
	double last = -1e9;
	for (size_t i = 0; i < s->n; i++) {
		if (s->hole[i]) {
			uint64_t next = i + 1 < s->n ? s->b[i + 1] : s->end;
			if (next - s->b[i] >= (64u << 20)) {
				/* the break mark: a compressed empty stretch */
				double x = s->x[i] + HOLE_W / 2;
				fprintf(p->f,
					"<path class=\"break\" d=\"M%.1f %.1f "
					"l-4 8 l8 8 l-8 8 l8 8 l-4 8\"/>\n",
					x, TOP - 40);
				continue;
			}
		}
		if (s->x[i] - last < 64)
			continue;
		last = s->x[i];
		fprintf(p->f,
			"<line class=\"tick\" x1=\"%.2f\" y1=\"%.1f\" "
			"x2=\"%.2f\" y2=\"%.1f\"/>\n"
			"<text class=\"addr\" transform=\"translate(%.2f %.1f) "
			"rotate(-30)\">0x%" PRIx64 "</text>\n",
			s->x[i], TOP - 4, s->x[i], ybottom, s->x[i], TOP - 8,
			s->b[i]);
	}
}

static int draw(FILE *f, const struct ea_audit *a, bool standalone)
{
	struct pic p = { .f = f, .a = a };
	range_vec all = { 0 };
	collect(a, &all);
	scale_build(&p.s, &all);
	EA_VEC_FREE(all);
	int lanes = 0;
	/* count the lanes first for the height */
	lanes += a->src.dmesg.efi_map.n || a->src.efimap.desc.n;
	lanes +=
	    a->src.in[EA_IN_IOMEM].status == EA_IN_OK && a->src.iomem.res.n;
	lanes += a->src.in[EA_IN_MB_RESERVED].status == EA_IN_OK &&
		 a->src.mb_reserved.regions.n;
	lanes += a->src.memreserve.nodes.n + a->src.memreserve.entries.n > 0;
	lanes += a->m.prot.n ? 2 : 0;
	lanes += 3; /* two free lanes, and segments when there are some */
	double width = p.s.xend + 40, height = lane_y(lanes) + 20;
	if (standalone)
		fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n", f);
	fprintf(f,
		"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%.0f\" "
		"height=\"%.0f\" viewBox=\"0 0 %.0f %.0f\">\n",
		width, height, width, height);
	fputs("<style>text{font:11px sans-serif}.lane{font-weight:bold}"
	      ".addr{font:9px monospace}.tick{stroke:#eee}"
	      ".break{fill:none;stroke:#888}.note{fill:#555}</style>\n",
	      f);
	fputs("<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n", f);
	fputs("<title>", f);
	xml(f, a->r.headline);
	fputs("</title>\n", f);
	axis(&p, lane_y(lanes));
	lane_efi(&p);
	lane_iomem(&p);
	lane_memblock(&p);
	lane_chain(&p);
	lane_protected(&p, EA_KEXEC_FILE);
	lane_protected(&p, EA_KEXEC_LOAD);
	lane_free(&p, EA_KEXEC_FILE);
	lane_free(&p, EA_KEXEC_LOAD);
	lane_segments(&p);
	fputs("</svg>\n", f);
	scale_free(&p.s);
	return ferror(f) ? -1 : 0;
}

int ea_emit_svg(FILE *f, const struct ea_audit *a)
{
	return draw(f, a, true);
}

int ea_emit_html(FILE *f, const struct ea_audit *a)
{
	fputs("<!DOCTYPE html>\n<html lang=\"en\"><head><meta "
	      "charset=\"utf-8\"><title>efiresv-audit: ",
	      f);
	xml(f, a->r.headline);
	fputs("</title><style>body{font:13px sans-serif;margin:1em}"
	      ".k{display:inline-block;width:1em;height:1em;"
	      "vertical-align:middle;margin:0 .3em 0 1em}</style></head>"
	      "<body>\n<h1 style=\"font-size:15px\">",
	      f);
	xml(f, a->r.headline);
	fputs("</h1>\n<p>", f);
	static const struct {
		const char *fill, *what;
	} legend[] = {
		{ EA_SVG_ESCAPES,
		  "escapes (or a segment over a protected range)" },
		{ EA_SVG_LATENT, "escapes a loader this kernel is built "
				 "without (latent)" },
		{ EA_SVG_PROTECTED, "protected" },
		{ EA_SVG_UNKNOWN, "unknown" },
		{ "#bdbdbd", "free for the loader" },
		{ "#1f77b4", "segment" },
		{ "#238b45", "/proc/iomem reserved" },
		{ "#756bb1", "memblock.reserved" },
		{ "#e377c2", "MEMRESERVE chain" },
	};
	for (size_t i = 0; i < sizeof(legend) / sizeof(*legend); i++)
		fprintf(f,
			"<span class=\"k\" style=\"background:%s\"></span>%s",
			legend[i].fill, legend[i].what);
	fputs("</p>\n<p>Hover a shape for its range and the input line "
	      "behind it. Long empty stretches are drawn narrow (the marks "
	      "on the axis).</p>\n<div style=\"overflow-x:auto\">\n",
	      f);
	draw(f, a, false);
	fputs("</div></body></html>\n", f);
	return ferror(f) ? -1 : 0;
}
