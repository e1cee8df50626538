/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The JSON report (schema/efiresv-audit.schema.json). Formats only: every
 * decision was made by the model and the checks. Keys are emitted in a fixed
 * order, arrays are already sorted, and there is no timestamp, so the same
 * inputs give the same bytes.
 */
#include <inttypes.h>
#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/text.h"
#include "core/version.h"
#include "model/knowledge.h"
#include "pipeline.h"
#include "read/kexeclog.h"
#include "report/report.h"
#include "whatif/placement.h"
#include "whatif/whatif.h"

/* Every key here is a string constant, added once to its object: json-c
 * neither copies it nor looks for an earlier value under it. */
static void jput(json_object *o, const char *key, json_object *v)
{
	json_object_object_add_ex(o, key, v,
				  JSON_C_OBJECT_ADD_KEY_IS_NEW |
				      JSON_C_OBJECT_ADD_CONSTANT_KEY);
}

/* At most this many free ranges per loader view are listed. */
#define EA_JSON_MAX_FREE 4096

/* The evidence line, cut at EA_EVID_MAX bytes ("..." says so) and
 * cleaned (core/text.h). */
char *ea_evid_text(const struct ea_evid *e)
{
	if (!e->in || !e->in->data || e->off > e->in->len ||
	    e->len > e->in->len - e->off)
		return ea_xstrdup("");
	const char *s = e->in->data + e->off;
	size_t n = ea_text_cut(s, e->len, EA_EVID_MAX);
	char *out = ea_xrealloc(NULL, EA_TEXT_CLEAN_MAX(n) + 4, 1);
	size_t w = ea_text_clean_to(out, s, n);

	if (n < e->len)
		memcpy(out + w, "...", 4);
	return out;
}

static json_object *jaddr(uint64_t a)
{
	char buf[24];
	snprintf(buf, sizeof(buf), "0x%016" PRIx64, a);
	return json_object_new_string(buf);
}

/* Every string of the report is cleaned (core/text.h): a name, path or
 * message may quote an input. json-c copies it. */
static json_object *jstr(const char *s)
{
	size_t n = strlen(s);

	if (ea_text_clean_len(s, n) == n)
		return json_object_new_string_len(s, (int)n);
	char *c = ea_text_clean(s, n);
	json_object *o = json_object_new_string(c);

	free(c);
	return o;
}

static json_object *jstr_or_null(const char *s)
{
	return s ? jstr(s) : NULL;
}

static json_object *jevid(const struct ea_evid *e)
{
	json_object *o = json_object_new_object();
	jput(o, "input", jstr(e->in->name));
	jput(o, "line", e->line ? json_object_new_int64(e->line) : NULL);
	char *t = ea_evid_text(e); /* cleaned already */
	jput(o, "text", json_object_new_string(t));
	free(t);
	return o;
}

static json_object *jevids(const struct ea_evid *v, size_t n)
{
	json_object *arr = json_object_new_array();
	for (size_t i = 0; i < n; i++)
		if (v[i].in)
			json_object_array_add(arr, jevid(&v[i]));
	return arr;
}

static void add_range(json_object *o, struct ea_range r)
{
	jput(o, "first", jaddr(r.first));
	jput(o, "last", jaddr(r.last));
	/* 0 stands for the whole 2^64 space, which no real range is */
	jput(o, "size", json_object_new_uint64(ea_range_size(r)));
}

/* The protected ranges a segment overlaps (indices into a->m.prot). */
static json_object *joverwrites(const struct ea_audit *a, const size_t *hits,
				size_t n)
{
	json_object *arr = json_object_new_array();
	for (size_t i = 0; i < n; i++) {
		const struct ea_protected *p = &a->m.prot.v[hits[i]];
		json_object *o = json_object_new_object();
		jput(o, "id", jstr(p->id));
		jput(o, "kind", jstr(ea_kind_name(p->kind)));
		jput(o, "tier", jstr(ea_tier_name(p->tier)));
		jput(o, "name", jstr(p->name));
		add_range(o, p->r);
		json_object_array_add(arr, o);
	}
	return arr;
}

static json_object *jstrings(char *const *v, size_t n)
{
	json_object *arr = json_object_new_array();
	for (size_t i = 0; i < n; i++)
		json_object_array_add(arr, jstr(v[i]));
	return arr;
}

static const char *kimage_format(const struct ea_kimage *k)
{
	switch (k->kind) {
	case EA_KIMAGE_ARM64:
		return "arm64_image";
	case EA_KIMAGE_X86_BZIMAGE:
		return "x86_bzimage";
	case EA_KIMAGE_GZIP:
		return "gzip";
	case EA_KIMAGE_UNKNOWN:
		break;
	}
	return "unknown";
}

/* What the what-if was asked to place, or null. */
static json_object *jplacement_request(const struct ea_whatif_result *w)
{
	if (!w)
		return NULL;
	json_object *o = json_object_new_object();
	json_object *k = NULL;
	if (w->kernel_path || w->has_image) {
		k = json_object_new_object();
		jput(k, "path", jstr_or_null(w->kernel_path));
		jput(k, "format",
		     jstr(w->has_image ? kimage_format(&w->image)
				       : "unreadable"));
		jput(k, "gzip", json_object_new_boolean(w->image.was_gzip));
		jput(k, "file_size",
		     w->has_image ? json_object_new_uint64(w->image.file_size)
				  : NULL);
		jput(k, "memsz",
		     w->has_image ? json_object_new_uint64(w->image.memsz)
				  : NULL);
		jput(k, "align",
		     w->has_image ? json_object_new_uint64(w->image.align)
				  : NULL);
		bool arm = w->has_image && w->image.kind == EA_KIMAGE_ARM64;
		jput(k, "text_offset",
		     arm ? json_object_new_uint64(w->image.arm64.text_offset)
			 : NULL);
		jput(k, "image_size",
		     arm ? json_object_new_uint64(w->image.arm64.image_size)
			 : NULL);
	}
	jput(o, "kernel", k);
	json_object *i = NULL;
	if (w->has_initrd) {
		i = json_object_new_object();
		jput(i, "path", jstr_or_null(w->initrd_path));
		jput(i, "size", json_object_new_uint64(w->initrd_size));
	}
	jput(o, "initrd", i);
	json_object *d = NULL;
	if (w->has_dtb) {
		d = json_object_new_object();
		jput(d, "size", json_object_new_uint64(w->dtb_size));
		jput(d, "source", jstr_or_null(w->dtb_source));
	}
	jput(o, "dtb", d);
	jput(o, "cmdline_bytes",
	     w->cmdline_len ? json_object_new_uint64(w->cmdline_len) : NULL);
	jput(o, "kexec_tools", jstr(w->kt_text));
	jput(o, "mem_min", w->has_mem_min ? jaddr(w->mem_min) : NULL);
	jput(o, "mem_max", w->has_mem_max ? jaddr(w->mem_max) : NULL);
	jput(o, "why", jstr_or_null(w->why));
	jput(o, "errors", jstrings(w->errors.v, w->errors.n));
	return o;
}

static json_object *jplacement(const struct ea_audit *a)
{
	json_object *arr = json_object_new_array();
	const struct ea_whatif_result *w = a->whatif;
	for (size_t i = 0; w && i < w->n; i++) {
		const struct ea_whatif_run *r = &w->run[i];
		const struct ea_placement *p = &r->p;
		json_object *o = json_object_new_object();
		jput(o, "loader", jstr(ea_loader_name(r->loader)));
		jput(o, "model",
		     r->modelled ? jstr(ea_pl_model_key(p->model)) : NULL);
		jput(o, "status", jstr(ea_pl_status_name(p->status)));
		jput(o, "why", jstr_or_null(p->why));
		jput(o, "rules", jstr_or_null(p->rules));
		jput(o, "assumptions",
		     jstrings(p->assumptions.v, p->assumptions.n));
		jput(o, "page_size",
		     p->page_size ? json_object_new_uint64(p->page_size)
				  : NULL);
		json_object *segs = json_object_new_array();
		for (size_t k = 0; k < p->seg.n; k++) {
			const struct ea_pl_segment *s = &p->seg.v[k];
			json_object *x = json_object_new_object();
			jput(x, "name", jstr(s->name));
			jput(x, "placed", json_object_new_boolean(s->placed));
			if (s->placed)
				add_range(x, s->r);
			jput(x, "memsz", json_object_new_uint64(s->memsz));
			jput(x, "rule", jstr_or_null(s->rule));
			json_object *fr = NULL;
			if (s->has_free) {
				fr = json_object_new_object();
				add_range(fr, s->free);
				jput(fr, "evidence",
				     s->free_ev.in ? jevid(&s->free_ev) : NULL);
			}
			jput(x, "free_range", fr);
			jput(x, "overwrites",
			     joverwrites(a, s->hits, s->nhits));
			json_object_array_add(segs, x);
		}
		jput(o, "segments", segs);
		json_object_array_add(arr, o);
	}
	return arr;
}

static json_object *jprotected(const struct ea_protected *p)
{
	json_object *o = json_object_new_object();
	jput(o, "id", jstr(p->id));
	jput(o, "kind", jstr(ea_kind_name(p->kind)));
	jput(o, "tier", jstr(ea_tier_name(p->tier)));
	jput(o, "name", jstr(p->name));
	add_range(o, p->r);
	json_object *ls = json_object_new_object();
	json_object *ld = json_object_new_object();
	for (int l = 0; l < EA_NLOADERS; l++) {
		const struct ea_answer_detail *d = &p->loader[l];
		const char *ln = ea_loader_name((enum ea_loader)l);
		jput(ls, ln, jstr(ea_answer_name(d->ans)));
		json_object *x = json_object_new_object();
		jput(x, "reason", jstr_or_null(d->reason));
		jput(x, "inferred", json_object_new_boolean(d->inferred));
		jput(x, "kb_row", jstr_or_null(ea_answer_kb_row(d)));
		if (ea_answer_what_to_do(d))
			jput(x, "what_to_do",
			     json_object_new_string(ea_answer_what_to_do(d)));
		if (d->has_free) {
			json_object *fr = json_object_new_object();
			jput(fr, "first", jaddr(d->free.first));
			jput(fr, "last", jaddr(d->free.last));
			jput(x, "free_range", fr);
			struct ea_evid fe = ea_answer_free_evid(d);
			jput(x, "evidence", jevids(&fe, 1));
		}
		jput(ld, ln, x);
	}
	jput(o, "loaders", ls);
	jput(o, "loader_detail", ld);
	jput(o, "note", jstr_or_null(p->note));
	if (p->breaks)
		jput(o, "breaks", jstr(p->breaks));
	jput(o, "evidence", jevids(p->ev.v, p->ev.n));
	return o;
}

static json_object *jfinding(const struct ea_finding *x)
{
	json_object *o = json_object_new_object();
	jput(o, "id", jstr(x->id));
	jput(o, "check", jstr(x->check->id));
	jput(o, "severity", jstr(ea_severity_name(x->sev)));
	if (x->has_range) {
		jput(o, "first", jaddr(x->r.first));
		jput(o, "last", jaddr(x->r.last));
	}
	jput(o, "message", jstr(x->message));
	jput(o, "evidence", jevids(x->ev.v, x->ev.n));
	return o;
}

/* What the snapshot's MANIFEST says of the collection, or null. */
static json_object *jsnapshot(const struct ea_manifest *m)
{
	if (!m->known)
		return NULL;
	json_object *o = json_object_new_object();
	jput(o, "collector", jstr_or_null(m->collector));
	jput(o, "date", jstr_or_null(m->date));
	jput(o, "kernel", jstr_or_null(m->kernel));
	jput(o, "user", jstr_or_null(m->user));
	jput(o, "lockdown", jstr_or_null(m->lockdown));
	jput(o, "efi", jstr_or_null(m->efi));
	jput(o, "efi_debug", jstr_or_null(m->efi_debug));
	jput(o, "kexec_tools", jstr_or_null(m->kexec_tools));
	jput(o, "efiresv_audit", jstr_or_null(m->efiresv_audit));
	jput(o, "acpidump", jstr_or_null(m->acpidump));
	jput(o, "config", jstrings((char *const *)m->config.v, m->config.n));
	return o;
}

/*
 * The long arrays (a protected range or a finding a line of a million-line
 * input, thousands of free ranges per loader view) are not built whole: each element of the json-c array is a
 * placeholder whose serializer (json_object_set_serializer()) builds the
 * element's object, has json-c serialize it, appends that at the element's
 * depth and frees it. What the document has serialized so far is written
 * out every 64 KiB, so neither the objects nor the text of a large report
 * are ever in memory at once. The bytes are json-c's: the element is
 * serialized at the top level, and each line break in its pretty-printed
 * text gets the indentation json-c would have given it in place (two
 * spaces or a tab a level; a line break is only ever followed by
 * indentation, since json-c escapes the ones in strings).
 */
#define STREAM_CHUNK (1 << 16)

struct stream {
	FILE *f;
	bool failed;
};

/* One long array: element i is at base + i * size. */
struct lazy {
	struct stream *st;
	const char *base;
	size_t size;
	json_object *(*build)(const void *elem);
};

static json_object *build_protected(const void *e)
{
	return jprotected(e);
}

static json_object *build_finding(const void *e)
{
	return jfinding(e);
}

static json_object *build_free(const void *e)
{
	const struct ea_range *r = e;
	json_object *x = json_object_new_object();
	jput(x, "first", jaddr(r->first));
	jput(x, "last", jaddr(r->last));
	return x;
}

static bool stream_flush(struct stream *st, struct printbuf *pb)
{
	if (pb->bpos &&
	    fwrite(pb->buf, 1, (size_t)pb->bpos, st->f) != (size_t)pb->bpos)
		st->failed = true;
	printbuf_reset(pb);
	return !st->failed;
}

/* The serializer of placeholder i (a json-c int holding i). */
static int lazy_to_json(json_object *jso, struct printbuf *pb, int level,
			int flags)
{
	const struct lazy *z = json_object_get_userdata(jso);
	size_t i = (size_t)json_object_get_int64(jso);
	json_object *o = z->build(z->base + i * z->size);
	size_t n;
	const char *s = json_object_to_json_string_length(o, flags, &n);
	int rc = s ? 0 : -1;
	for (size_t k = 0; s && k < n && rc >= 0;) {
		const char *nl = memchr(s + k, '\n', n - k);
		size_t m = nl ? (size_t)(nl - (s + k)) + 1 : n - k;
		rc = printbuf_memappend(pb, s + k, (int)m);
		if (nl && rc >= 0 && (flags & JSON_C_TO_STRING_PRETTY_TAB))
			rc = printbuf_memset(pb, -1, '\t', level);
		else if (nl && rc >= 0 && (flags & JSON_C_TO_STRING_PRETTY))
			rc = printbuf_memset(pb, -1, ' ', level * 2);
		k += m;
	}
	json_object_put(o);
	if (rc >= 0 && pb->bpos >= STREAM_CHUNK && !stream_flush(z->st, pb))
		rc = -1;
	return rc < 0 ? -1 : 0;
}

static json_object *lazy_array(struct lazy *z, size_t n)
{
	json_object *arr = json_object_new_array_ext((int)n);
	for (size_t i = 0; i < n; i++) {
		json_object *ph = json_object_new_int64((int64_t)i);
		json_object_set_serializer(ph, lazy_to_json, z, NULL);
		json_object_array_add(arr, ph);
	}
	return arr;
}

/* The escapes grouped by cause (check/verdict.h), as decided. */
static json_object *jcauses(const struct ea_audit *a)
{
	json_object *arr = json_object_new_array();
	for (size_t i = 0; i < a->r.causes.n; i++) {
		const struct ea_cause *c = &a->r.causes.v[i];
		json_object *o = json_object_new_object();
		jput(o, "cause", jstr(c->kb->key));
		const struct ea_kb_row *row =
		    c->kb->row < EA_KB_NROWS ? ea_kb_get(c->kb->row) : NULL;
		jput(o, "kb_row", row ? jstr(row->key) : NULL);
		char d[160];
		if (row)
			ea_kb_describe(row, d, sizeof(d));
		jput(o, "commit", row ? jstr(d) : NULL);
		jput(o, "why", jstr(c->kb->why));
		jput(o, "what_to_do", jstr(c->kb->what_to_do));
		jput(o, "critical",
		     json_object_new_int64((int64_t)c->critical));
		jput(o, "warning", json_object_new_int64((int64_t)c->warning));
		json_object *kinds = json_object_new_object();
		for (int k = 0; k < EA_NKINDS; k++)
			if (c->kinds[k])
				jput(kinds, ea_kind_name((enum ea_kind)k),
				     json_object_new_int64(
					 (int64_t)c->kinds[k]));
		jput(o, "kinds", kinds);
		json_object *ls = json_object_new_object();
		for (int l = 0; l < EA_NLOADERS; l++) {
			if (!(c->loaders & (1u << l)))
				continue;
			json_object *x = json_object_new_object();
			jput(x, "escapes",
			     json_object_new_int64((int64_t)c->escapes[l]));
			jput(x, "inferred",
			     json_object_new_int64((int64_t)c->inferred[l]));
			jput(x, "free_lines",
			     json_object_new_int64((int64_t)c->free_lines[l]));
			struct ea_evid none = { 0 };
			jput(
			    x, "evidence",
			    jevids(c->free_src[l] ? &c->free_src[l]->ev : &none,
				   1));
			jput(ls, ea_loader_name((enum ea_loader)l), x);
		}
		jput(o, "loaders", ls);
		json_object *rs = json_object_new_array();
		for (size_t k = 0; k < c->ranges.n; k++) {
			const struct ea_cause_range *cr = &c->ranges.v[k];
			const struct ea_protected *p = &a->m.prot.v[cr->prot];
			json_object *x = json_object_new_object();
			jput(x, "protected", json_object_new_int64(cr->prot));
			jput(x, "kind", jstr(ea_kind_name(p->kind)));
			jput(x, "tier", jstr(ea_tier_name(p->tier)));
			jput(x, "name", jstr(p->name));
			add_range(x, p->r);
			json_object *el = json_object_new_array();
			json_object *il = json_object_new_array();
			for (int l = 0; l < EA_NLOADERS; l++) {
				const char *n =
				    ea_loader_name((enum ea_loader)l);
				if (cr->loaders & (1u << l))
					json_object_array_add(el, jstr(n));
				if (cr->inferred & (1u << l))
					json_object_array_add(il, jstr(n));
			}
			jput(x, "loaders", el);
			jput(x, "inferred", il);
			json_object_array_add(rs, x);
		}
		jput(o, "ranges", rs);
		json_object_array_add(arr, o);
	}
	return arr;
}

/* Proof mode: every load the kexec log and the kernel log show. */
static void add_loaded(json_object *arr, const struct ea_audit *a,
		       const struct ea_kexeclog *k, const char *input)
{
	if (!k)
		return;
	for (size_t i = 0; i < k->loads.n; i++) {
		const struct ea_kl_load *ld = &k->loads.v[i];
		json_object *o = json_object_new_object();
		jput(o, "input", jstr(input));
		jput(o, "source", jstr(ea_kl_source_key(ld->source)));
		jput(o, "label", jstr_or_null(ld->label));
		jput(o, "line",
		     ld->start_ev.line
			 ? json_object_new_int64(ld->start_ev.line)
			 : NULL);
		jput(o, "failed", json_object_new_boolean(ld->failed));
		jput(o, "crash", json_object_new_boolean(ld->crash));
		json_object *segs = json_object_new_array();
		for (size_t j = 0; j < ld->seg.n; j++) {
			const struct ea_kl_segment *s = &ld->seg.v[j];
			json_object *x = json_object_new_object();
			jput(x, "index", json_object_new_int64(s->index));
			jput(x, "name", s->name[0] ? jstr(s->name) : NULL);
			if (s->has_range)
				add_range(x, s->r);
			jput(x, "bufsz",
			     s->has_bufsz ? json_object_new_uint64(s->bufsz)
					  : NULL);
			jput(x, "memsz",
			     s->has_memsz ? json_object_new_uint64(s->memsz)
					  : NULL);
			jput(x, "overwrites",
			     joverwrites(a, s->hits, s->nhits));
			jput(x, "evidence", jevids(&s->ev, 1));
			json_object_array_add(segs, x);
		}
		jput(o, "segments", segs);
		json_object_array_add(arr, o);
	}
}

int ea_emit_json(FILE *f, const struct ea_audit *a)
{
	json_object *root = json_object_new_object();
	jput(root, "schema_version", json_object_new_int(EA_SCHEMA_VERSION));
	json_object *tool = json_object_new_object();
	jput(tool, "name", json_object_new_string("efiresv-audit"));
	jput(tool, "version", jstr(ea_tool_version()));
	jput(tool, "commit", jstr_or_null(ea_tool_commit()));
	jput(tool, "schema_version", json_object_new_int(EA_SCHEMA_VERSION));
	jput(tool, "knowledge_base_version",
	     json_object_new_int(EA_KB_VERSION));
	jput(root, "tool", tool);
	jput(root, "verdict", jstr(ea_verdict_name(a->r.verdict)));
	jput(root, "headline", jstr_or_null(a->r.headline));
	const struct ea_summary *sm = &a->r.summary;
	json_object *sum = json_object_new_object();
	jput(sum, "critical", json_object_new_int64((int64_t)sm->critical));
	jput(sum, "critical_escaping",
	     json_object_new_int64((int64_t)sm->critical_escaping));
	json_object *esc = json_object_new_object();
	for (int l = 0; l < EA_NLOADERS; l++)
		jput(esc, ea_loader_name((enum ea_loader)l),
		     json_object_new_int64((int64_t)sm->escapes[l]));
	jput(sum, "escapes", esc);
	jput(sum, "unknown", json_object_new_int64((int64_t)sm->unknown));
	jput(sum, "inferred", json_object_new_int64((int64_t)sm->inferred));
	jput(sum, "latent", json_object_new_int64((int64_t)sm->latent));
	jput(sum, "warning_escaping",
	     json_object_new_int64((int64_t)sm->warning_escaping));
	json_object *fs = json_object_new_object();
	for (int v = EA_SEV_CRITICAL; v <= EA_SEV_INFO; v++)
		jput(fs, ea_severity_name((enum ea_severity)v),
		     json_object_new_int64((int64_t)sm->findings[v]));
	jput(sum, "findings", fs);
	jput(root, "summary", sum);
	jput(root, "causes", jcauses(a));

	json_object *sys = json_object_new_object();
	jput(sys, "arch", jstr(ea_arch_name(a->m.arch)));
	jput(sys, "arch_source",
	     jstr(a->m.arch_source ? a->m.arch_source : "none"));
	jput(sys, "kernel", jstr_or_null(a->m.kernel));
	jput(root, "system", sys);
	jput(root, "snapshot", jsnapshot(&a->src.manifest));

	json_object *inputs = json_object_new_array();
	for (int i = 0; i < EA_NINPUTS; i++) {
		const struct ea_input *in = &a->src.in[i];
		json_object *o = json_object_new_object();
		jput(o, "name", jstr(in->name));
		jput(o, "path", jstr_or_null(in->path));
		jput(o, "status", jstr(ea_input_status_name(in->status)));
		jput(o, "detail", jstr_or_null(in->detail));
		json_object_array_add(inputs, o);
	}
	jput(root, "inputs", inputs);

	struct stream st = { f, false };
	struct lazy zfree[EA_NLOADERS];
	json_object *views = json_object_new_object();
	for (int l = 0; l < EA_NLOADERS; l++) {
		const struct ea_view *v = &a->m.view[l];
		json_object *o = json_object_new_object();
		jput(o, "known", json_object_new_boolean(v->known));
		jput(o, "model", jstr_or_null(v->model));
		jput(o, "unknown_reason", jstr_or_null(v->unknown_reason));
		jput(o, "built",
		     v->built == EA_BUILT_UNKNOWN
			 ? NULL
			 : json_object_new_boolean(v->built == EA_BUILT_YES));
		jput(o, "built_reason", jstr_or_null(v->built_why));
		jput(o, "built_evidence", jevids(&v->built_ev, 1));
		jput(o, "free_ranges", json_object_new_uint64(v->free.n));
		/* The free ranges themselves, for placement checks; a huge
		 * machine's list is cut (free_ranges says how many exist). */
		zfree[l] = (struct lazy){ &st, (const char *)v->free.v,
					  sizeof(*v->free.v), build_free };
		jput(o, "free",
		     lazy_array(&zfree[l], v->free.n < EA_JSON_MAX_FREE
					       ? v->free.n
					       : EA_JSON_MAX_FREE));
		jput(views, ea_loader_name((enum ea_loader)l), o);
	}
	jput(root, "loader_views", views);

	struct lazy zp = { &st, (const char *)a->m.prot.v, sizeof(*a->m.prot.v),
			   build_protected };
	struct lazy zf = { &st, (const char *)a->r.findings.v,
			   sizeof(*a->r.findings.v), build_finding };
	jput(root, "protected", lazy_array(&zp, a->m.prot.n));
	jput(root, "findings", lazy_array(&zf, a->r.findings.n));

	jput(root, "placement_request", jplacement_request(a->whatif));
	jput(root, "placement", jplacement(a));
	json_object *loaded = json_object_new_array();
	add_loaded(loaded, a, a->src.kexeclog, "kexec_log");
	add_loaded(loaded, a, a->src.kexeclog_dmesg, "dmesg");
	jput(root, "loaded_images", loaded);

	/* what lazy_to_json() has not written yet */
	const char *s = json_object_to_json_string_ext(
	    root, JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_NOSLASHESCAPE);
	int rc = !s || st.failed || fputs(s, f) < 0 || fputc('\n', f) == EOF
		     ? -1
		     : 0;
	json_object_put(root);
	return rc;
}
