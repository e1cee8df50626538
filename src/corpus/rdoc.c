/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A JSON report read back (rdoc.h). The report is someone's file: every key
 * the comparison uses is looked up and its type checked, and what is wrong
 * is said with the file and the key's place (protected[3].loaders), or the
 * line and column where the JSON stops parsing.
 */
#include "corpus/rdoc.h"

#include <errno.h>
#include <inttypes.h>
#include <json-c/json.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/input.h"
#include "core/text.h"
#include "core/version.h"
#include "pipeline.h"

/* What a report is read with: the document's name for messages, the first
 * error, and the path replacements (the snapshot's own directory). */
struct rep {
	const char *from;
	const char *to;
	size_t n;
};

struct rd {
	struct ea_rdoc *d;
	char *err;
	struct rep rep[EA_NINPUTS + 1];
	size_t nrep;
};

static bool fail(struct rd *c, const char *path, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static bool fail(struct rd *c, const char *path, const char *fmt, ...)
{
	if (c->err)
		return false;
	va_list ap;
	va_start(ap, fmt);
	char *m = ea_xvasprintf(fmt, ap);
	va_end(ap);
	/* "file:12:5: ..." for a place in the text, "file: key: ..." */
	bool pos = *path >= '0' && *path <= '9';
	c->err = ea_xasprintf("%s%s%s%s%s", c->d->label, pos ? ":" : ": ", path,
			      *path ? ": " : "", m);
	free(m);
	return false;
}

static const char *type_name(json_object *o)
{
	switch (json_object_get_type(o)) {
	case json_type_null:
		return "null";
	case json_type_boolean:
		return "a boolean";
	case json_type_double:
		return "a fractional number";
	case json_type_int:
		return "an integer";
	case json_type_object:
		return "an object";
	case json_type_array:
		return "an array";
	case json_type_string:
		return "a string";
	}
	return "?";
}

static const char *want_name(json_type t)
{
	switch (t) {
	case json_type_boolean:
		return "a boolean";
	case json_type_int:
		return "an integer";
	case json_type_object:
		return "an object";
	case json_type_array:
		return "an array";
	case json_type_string:
		return "a string";
	default:
		return "a value";
	}
}

/* The member key of object o (at path) of type t; *out NULL for a null
 * when nullable, or for a key that is absent when optional. */
static bool member(struct rd *c, json_object *o, const char *path,
		   const char *key, json_type t, bool nullable, bool optional,
		   json_object **out)
{
	json_object *v = NULL;
	*out = NULL;
	char sub[256];
	snprintf(sub, sizeof(sub), "%s%s%s", path, *path ? "." : "", key);
	if (!json_object_object_get_ex(o, key, &v)) {
		if (optional)
			return true;
		return fail(c, path, "no key \"%s\" (%s%s expected)", key,
			    want_name(t), nullable ? " or null" : "");
	}
	if (!v && nullable)
		return true;
	if (!v || json_object_get_type(v) != t)
		return fail(c, sub, "expected %s%s, found %s", want_name(t),
			    nullable ? " or null" : "", type_name(v));
	*out = v;
	return true;
}

/* Paths of the old machine written as "<snapshot>/" (or "<input NAME>"),
 * then cleaned, into the document's pool. */
static const char *str_of(struct rd *c, const char *s, size_t n)
{
	char *clean = ea_text_clean(s, n);
	size_t len = strlen(clean);
	for (size_t i = 0; i < c->nrep; i++) {
		const char *hit = strstr(clean, c->rep[i].from);
		if (!hit)
			continue;
		/* replace every occurrence */
		size_t cap = len + 1, w = 0;
		char *out = NULL;
		const char *p = clean;
		while (hit) {
			size_t pre = (size_t)(hit - p),
			       tl = strlen(c->rep[i].to);
			out = ea_xrealloc(out, cap + pre + tl, 1);
			cap += pre + tl;
			memcpy(out + w, p, pre);
			w += pre;
			memcpy(out + w, c->rep[i].to, tl);
			w += tl;
			p = hit + c->rep[i].n;
			hit = strstr(p, c->rep[i].from);
		}
		size_t rest = strlen(p);
		out = ea_xrealloc(out, w + rest + 1, 1);
		memcpy(out + w, p, rest + 1);
		free(clean);
		clean = out;
		len = w + rest;
	}
	const char *r = ea_strpool_mem(&c->d->pool, clean, len);
	free(clean);
	return r;
}

static bool get_str(struct rd *c, json_object *o, const char *path,
		    const char *key, bool nullable, bool optional,
		    const char **out)
{
	json_object *v;
	*out = NULL;
	if (!member(c, o, path, key, json_type_string, nullable, optional, &v))
		return false;
	if (v)
		*out = str_of(c, json_object_get_string(v),
			      (size_t)json_object_get_string_len(v));
	return true;
}

static bool get_addr(struct rd *c, json_object *o, const char *path,
		     const char *key, uint64_t *out)
{
	json_object *v;
	if (!member(c, o, path, key, json_type_string, false, false, &v))
		return false;
	const char *s = json_object_get_string(v);
	size_t n = (size_t)json_object_get_string_len(v);
	if (n < 3 || n > 18 || ea_parse_0xhex(s, n, out) != n) {
		char sub[256];
		char *q = ea_text_clean(s, n < 40 ? n : 40);
		snprintf(sub, sizeof(sub), "%s.%s", path, key);
		fail(c, sub,
		     "expected an address (\"0x\" and up to 16 hex digits), "
		     "found \"%s\"",
		     q);
		free(q);
		return false;
	}
	return true;
}

static bool get_u64(struct rd *c, json_object *o, const char *path,
		    const char *key, uint64_t *out)
{
	json_object *v;
	if (!member(c, o, path, key, json_type_int, false, false, &v))
		return false;
	int64_t x = json_object_get_int64(v);
	if (x < 0) {
		char sub[256];
		snprintf(sub, sizeof(sub), "%s.%s", path, key);
		return fail(c, sub, "expected a count, found %" PRId64, x);
	}
	*out = (uint64_t)x;
	return true;
}

static bool enum_of(struct rd *c, const char *path, const char *s,
		    const char *const *names, int n, int *out)
{
	for (int i = 0; i < n; i++)
		if (names[i] && !strcmp(s, names[i])) {
			*out = i;
			return true;
		}
	char list[256] = "";
	for (int i = 0; i < n; i++)
		if (names[i])
			snprintf(list + strlen(list),
				 sizeof(list) - strlen(list), "%s%s",
				 *list ? ", " : "", names[i]);
	return fail(c, path, "expected one of %s, found \"%s\"", list, s);
}

/* A kernel-log line as the comparison sees it: without the time stamp
 * ("[    0.181612] "), which differs from boot to boot. */
static const char *norm_log(struct rd *c, const char *input, const char *t)
{
	if (strcmp(input, "dmesg") != 0)
		return t;
	const char *k = strstr(t, " kernel: ");
	if (k && k - t < 100)
		t = k + 9;
	if (t[0] == '[') {
		const char *e = strchr(t, ']');
		if (e && e - t < 48) {
			t = e + 1;
			while (*t == ' ')
				t++;
		}
	}
	(void)c;
	return t;
}

static bool evids(struct rd *c, json_object *o, const char *path,
		  const char *key, bool optional, ea_rd_evid_vec *out)
{
	json_object *arr;
	if (!member(c, o, path, key, json_type_array, false, optional, &arr))
		return false;
	size_t n = arr ? json_object_array_length(arr) : 0;
	for (size_t i = 0; i < n; i++) {
		char p[256];
		snprintf(p, sizeof(p), "%s%s%s[%zu]", path, *path ? "." : "",
			 key, i);
		json_object *e = json_object_array_get_idx(arr, i);
		if (!e || json_object_get_type(e) != json_type_object)
			return fail(c, p, "expected an object, found %s",
				    type_name(e));
		struct ea_rd_evid *x = EA_VEC_PUSH(*out);
		json_object *line;
		if (!get_str(c, e, p, "input", false, false, &x->input) ||
		    !member(c, e, p, "line", json_type_int, true, true,
			    &line) ||
		    !get_str(c, e, p, "text", false, false, &x->text))
			return false;
		x->line = line ? json_object_get_int64(line) : 0;
		x->norm = norm_log(c, x->input, x->text);
	}
	return true;
}

static const char *const answer_names[] = { "protected", "escapes", "unknown" };
static const char *const sev_names[] = { "critical", "error", "warning",
					 "info" };
static const char *const verdict_names[] = { "clean", "escape", "incomplete",
					     "error" };
static const char *const loader_names[] = { "kexec_file", "kexec_load" };

static bool answer(struct rd *c, json_object *p, const char *path, int l,
		   struct ea_rd_answer *a)
{
	json_object *ls, *ld, *x;
	char sub[256];
	const char *s;
	int v = 0;
	if (!member(c, p, path, "loaders", json_type_object, false, false,
		    &ls) ||
	    !member(c, p, path, "loader_detail", json_type_object, false, false,
		    &ld))
		return false;
	snprintf(sub, sizeof(sub), "%s.loaders", path);
	if (!get_str(c, ls, sub, loader_names[l], false, false, &s))
		return false;
	snprintf(sub, sizeof(sub), "%s.loaders.%s", path, loader_names[l]);
	if (!enum_of(c, sub, s, answer_names, 3, &v))
		return false;
	a->ans = (enum ea_answer)v;
	snprintf(sub, sizeof(sub), "%s.loader_detail", path);
	if (!member(c, ld, sub, loader_names[l], json_type_object, false, false,
		    &x))
		return false;
	snprintf(sub, sizeof(sub), "%s.loader_detail.%s", path,
		 loader_names[l]);
	json_object *inf, *fr;
	if (!get_str(c, x, sub, "reason", true, false, &a->reason) ||
	    !member(c, x, sub, "inferred", json_type_boolean, false, false,
		    &inf) ||
	    !get_str(c, x, sub, "kb_row", true, true, &a->kb_row) ||
	    !get_str(c, x, sub, "what_to_do", false, true, &a->what_to_do) ||
	    !member(c, x, sub, "free_range", json_type_object, false, true,
		    &fr) ||
	    !evids(c, x, sub, "evidence", true, &a->ev))
		return false;
	a->inferred = json_object_get_boolean(inf);
	if (fr) {
		char fp[300];
		snprintf(fp, sizeof(fp), "%s.free_range", sub);
		if (!get_addr(c, fr, fp, "first", &a->free.first) ||
		    !get_addr(c, fr, fp, "last", &a->free.last))
			return false;
		a->has_free = true;
	}
	return true;
}

static bool ranges(struct rd *c, json_object *root)
{
	json_object *arr;
	if (!member(c, root, "", "protected", json_type_array, false, false,
		    &arr))
		return false;
	size_t n = json_object_array_length(arr);
	for (size_t i = 0; i < n; i++) {
		char p[64];
		snprintf(p, sizeof(p), "protected[%zu]", i);
		json_object *o = json_object_array_get_idx(arr, i);
		if (!o || json_object_get_type(o) != json_type_object)
			return fail(c, p, "expected an object, found %s",
				    type_name(o));
		struct ea_rd_range *r = EA_VEC_PUSH(c->d->ranges);
		const char *id;
		if (!get_str(c, o, p, "kind", false, false, &r->kind) ||
		    !get_str(c, o, p, "tier", false, false, &r->tier) ||
		    !get_str(c, o, p, "name", false, false, &r->name) ||
		    !get_addr(c, o, p, "first", &r->r.first) ||
		    !get_addr(c, o, p, "last", &r->r.last) ||
		    !get_str(c, o, p, "note", true, true, &r->note) ||
		    !get_str(c, o, p, "id", false, true, &id) ||
		    !evids(c, o, p, "evidence", false, &r->ev))
			return false;
		if (r->r.last < r->r.first)
			return fail(c, p,
				    "last 0x%016" PRIx64
				    " is below first 0x%016" PRIx64,
				    r->r.last, r->r.first);
		r->critical = !strcmp(r->tier, "critical");
		for (int l = 0; l < EA_NLOADERS; l++)
			if (!answer(c, o, p, l, &r->l[l]))
				return false;
		r->key = id ? id
			    : ea_strpool_fmt(&c->d->pool, "%s@0x%016" PRIx64,
					     r->kind, r->r.first);
	}
	return true;
}

static bool findings(struct rd *c, json_object *root)
{
	json_object *arr;
	if (!member(c, root, "", "findings", json_type_array, false, false,
		    &arr))
		return false;
	size_t n = json_object_array_length(arr);
	for (size_t i = 0; i < n; i++) {
		char p[64];
		snprintf(p, sizeof(p), "findings[%zu]", i);
		json_object *o = json_object_array_get_idx(arr, i);
		if (!o || json_object_get_type(o) != json_type_object)
			return fail(c, p, "expected an object, found %s",
				    type_name(o));
		struct ea_rd_finding *f = EA_VEC_PUSH(c->d->findings);
		const char *sev, *id;
		json_object *first;
		int v = 0;
		if (!get_str(c, o, p, "check", false, false, &f->check) ||
		    !get_str(c, o, p, "severity", false, false, &sev) ||
		    !get_str(c, o, p, "message", false, false, &f->message) ||
		    !get_str(c, o, p, "id", false, true, &id) ||
		    !member(c, o, p, "first", json_type_string, false, true,
			    &first) ||
		    !evids(c, o, p, "evidence", false, &f->ev))
			return false;
		char sp[80];
		snprintf(sp, sizeof(sp), "%s.severity", p);
		if (!enum_of(c, sp, sev, sev_names, 4, &v))
			return false;
		f->sev = (enum ea_severity)v;
		if (first) {
			if (!get_addr(c, o, p, "first", &f->r.first) ||
			    !get_addr(c, o, p, "last", &f->r.last))
				return false;
			f->has_range = true;
		}
		if (id)
			f->key = id;
		else if (f->has_range)
			f->key = ea_strpool_fmt(&c->d->pool, "%s@0x%016" PRIx64,
						f->check, f->r.first);
		else
			f->key = f->check;
	}
	return true;
}

static bool views(struct rd *c, json_object *root)
{
	json_object *vs;
	if (!member(c, root, "", "loader_views", json_type_object, false, false,
		    &vs))
		return false;
	for (int l = 0; l < EA_NLOADERS; l++) {
		char p[64];
		json_object *v, *known, *fr;
		struct ea_rd_view *w = &c->d->view[l];
		if (!member(c, vs, "loader_views", loader_names[l],
			    json_type_object, false, false, &v))
			return false;
		snprintf(p, sizeof(p), "loader_views.%s", loader_names[l]);
		if (!member(c, v, p, "known", json_type_boolean, false, false,
			    &known) ||
		    !get_str(c, v, p, "model", true, false, &w->model) ||
		    !get_str(c, v, p, "unknown_reason", true, true,
			     &w->unknown_reason) ||
		    !member(c, v, p, "free", json_type_array, false, false,
			    &fr))
			return false;
		w->known = json_object_get_boolean(known);
		size_t n = json_object_array_length(fr);
		for (size_t i = 0; i < n; i++) {
			char q[96];
			snprintf(q, sizeof(q), "%s.free[%zu]", p, i);
			json_object *o = json_object_array_get_idx(fr, i);
			if (!o || json_object_get_type(o) != json_type_object)
				return fail(c, q,
					    "expected an object, found %s",
					    type_name(o));
			struct ea_range *r = EA_VEC_PUSH(w->free);
			if (!get_addr(c, o, q, "first", &r->first) ||
			    !get_addr(c, o, q, "last", &r->last))
				return false;
		}
	}
	return true;
}

/* The snapshot's directory as the report names it: the dmesg or iomem
 * input's path without its place in a snapshot ("dir/" or "x.tar.gz:");
 * replaced by "<snapshot>/" everywhere. */
static void roots(struct rd *c, json_object *inputs)
{
	static const struct {
		const char *name, *tail;
	} known[] = { { "dmesg", "dmesg.txt" },
		      { "iomem", "proc/iomem" },
		      { "version", "proc/version" } };
	size_t n = json_object_array_length(inputs);
	for (size_t k = 0; k < sizeof(known) / sizeof(*known) && !c->nrep; k++)
		for (size_t i = 0; i < n; i++) {
			json_object *o = json_object_array_get_idx(inputs, i);
			json_object *name, *path;
			if (!o ||
			    !json_object_object_get_ex(o, "name", &name) ||
			    !json_object_object_get_ex(o, "path", &path) ||
			    json_object_get_type(name) != json_type_string ||
			    json_object_get_type(path) != json_type_string ||
			    strcmp(json_object_get_string(name), known[k].name))
				continue;
			const char *s = json_object_get_string(path);
			size_t sl = strlen(s), tl = strlen(known[k].tail);
			if (sl <= tl + 1 ||
			    strcmp(s + sl - tl, known[k].tail) ||
			    (s[sl - tl - 1] != '/' && s[sl - tl - 1] != ':'))
				continue;
			c->rep[0].from =
			    ea_strpool_mem(&c->d->pool, s, sl - tl);
			c->rep[0].n = sl - tl;
			c->rep[0].to = "<snapshot>/";
			c->nrep = 1;
			break;
		}
	/* single files (--dmesg FILE): each path by its input's name */
	for (size_t i = 0; i < n && c->nrep < EA_NINPUTS + 1; i++) {
		json_object *o = json_object_array_get_idx(inputs, i);
		json_object *name, *path;
		if (!o || !json_object_object_get_ex(o, "name", &name) ||
		    !json_object_object_get_ex(o, "path", &path) ||
		    json_object_get_type(name) != json_type_string ||
		    json_object_get_type(path) != json_type_string)
			continue;
		const char *s = json_object_get_string(path);
		/* a path relative to the snapshot ("proc/iomem") is the
		 * same wherever the snapshot is */
		if (strlen(s) < 2 ||
		    (c->nrep && !strncmp(s, c->rep[0].from, c->rep[0].n)) ||
		    !strchr(s, '/') || (!c->nrep && s[0] != '/'))
			continue;
		c->rep[c->nrep].from =
		    ea_strpool_mem(&c->d->pool, s, strlen(s));
		c->rep[c->nrep].n = strlen(s);
		c->rep[c->nrep].to = ea_strpool_fmt(
		    &c->d->pool, "<input %s>", json_object_get_string(name));
		c->nrep++;
	}
	/* the longest first: a file's path before a directory above it */
	for (size_t i = 1; i < c->nrep; i++)
		for (size_t j = i; j > 0 && c->rep[j].n > c->rep[j - 1].n;
		     j--) {
			struct rep t = c->rep[j];
			c->rep[j] = c->rep[j - 1];
			c->rep[j - 1] = t;
		}
}

static bool inputs_of(struct rd *c, json_object *root)
{
	json_object *arr;
	if (!member(c, root, "", "inputs", json_type_array, false, false, &arr))
		return false;
	roots(c, arr);
	size_t n = json_object_array_length(arr);
	for (size_t i = 0; i < n; i++) {
		char p[64];
		snprintf(p, sizeof(p), "inputs[%zu]", i);
		json_object *o = json_object_array_get_idx(arr, i);
		if (!o || json_object_get_type(o) != json_type_object)
			return fail(c, p, "expected an object, found %s",
				    type_name(o));
		struct ea_rd_input *x = EA_VEC_PUSH(c->d->inputs);
		if (!get_str(c, o, p, "name", false, false, &x->name) ||
		    !get_str(c, o, p, "status", false, false, &x->status) ||
		    !get_str(c, o, p, "detail", true, true, &x->detail))
			return false;
	}
	return true;
}

static bool summary(struct rd *c, json_object *root)
{
	json_object *s, *f;
	if (!member(c, root, "", "summary", json_type_object, false, false, &s))
		return false;
	if (!get_u64(c, s, "summary", "critical", &c->d->sum.critical) ||
	    !get_u64(c, s, "summary", "critical_escaping",
		     &c->d->sum.critical_escaping) ||
	    !get_u64(c, s, "summary", "unknown", &c->d->sum.unknown) ||
	    !get_u64(c, s, "summary", "inferred", &c->d->sum.inferred) ||
	    !member(c, s, "summary", "findings", json_type_object, false, false,
		    &f))
		return false;
	for (int i = 0; i < 4; i++)
		if (!get_u64(c, f, "summary.findings", sev_names[i],
			     &c->d->sum.findings[i]))
			return false;
	return true;
}

/* line:column of byte off in buf */
static void place(const char *buf, size_t off, size_t *line, size_t *col)
{
	*line = 1;
	*col = 1;
	for (size_t i = 0; i < off; i++) {
		if (buf[i] == '\n') {
			(*line)++;
			*col = 1;
		} else {
			(*col)++;
		}
	}
}

static bool document(struct rd *c, json_object *root)
{
	json_object *v, *sys;
	const char *s;
	int verdict = 0;
	if (json_object_get_type(root) != json_type_object)
		return fail(c, "",
			    "not an efiresv-audit report: the document is %s, "
			    "not an object",
			    type_name(root));
	if (json_object_object_get_ex(root, "diff_schema_version", NULL))
		return fail(c, "",
			    "a comparison (efiresv-audit --baseline -J), not "
			    "a report: give the JSON report of an audit "
			    "(efiresv-audit -J)");
	if (json_object_object_get_ex(root, "snapshot", NULL) &&
	    json_object_object_get_ex(root, "exit_status", NULL))
		return fail(c, "",
			    "a summary row of a corpus run (--corpus -J), not "
			    "a report: give the JSON report of an audit "
			    "(efiresv-audit -J)");
	if (!json_object_object_get_ex(root, "schema_version", &v))
		return fail(c, "",
			    "not an efiresv-audit report: no key "
			    "\"schema_version\"");
	if (json_object_get_type(v) != json_type_int)
		return fail(c, "schema_version",
			    "expected an integer, found %s", type_name(v));
	c->d->schema_version = (long)json_object_get_int64(v);
	if (c->d->schema_version < 1 ||
	    c->d->schema_version > EA_SCHEMA_VERSION) {
		char reads[32];
		if (EA_SCHEMA_VERSION > 1)
			snprintf(reads, sizeof(reads), "1 to %d",
				 EA_SCHEMA_VERSION);
		else
			snprintf(reads, sizeof(reads), "1");
		return fail(c, "schema_version",
			    "%ld: efiresv-audit %s reads reports of "
			    "schema_version %s only; compare with the "
			    "efiresv-audit that wrote it, or audit the "
			    "baseline's snapshot again with this one",
			    c->d->schema_version, ea_tool_version(), reads);
	}
	if (!get_str(c, root, "", "verdict", false, false, &s) ||
	    !enum_of(c, "verdict", s, verdict_names, 4, &verdict))
		return false;
	c->d->verdict = (enum ea_verdict)verdict;
	if (!member(c, root, "", "system", json_type_object, false, false,
		    &sys))
		return false;
	/* the inputs first: their paths are replaced in every string */
	if (!inputs_of(c, root))
		return false;
	if (!get_str(c, root, "", "headline", true, false, &c->d->headline) ||
	    !get_str(c, sys, "system", "kernel", true, false, &c->d->kernel) ||
	    !get_str(c, sys, "system", "arch", false, false, &c->d->arch) ||
	    !summary(c, root) || !views(c, root) || !ranges(c, root) ||
	    !findings(c, root))
		return false;
	if (json_object_object_get_ex(root, "tool", &v) && v) {
		const char *t = json_object_to_json_string_ext(
		    v, JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE);
		c->d->tool = str_of(c, t, strlen(t));
	}
	return true;
}

bool ea_rdoc_parse(struct ea_rdoc *d, const char *label, const char *buf,
		   size_t len, char **err)
{
	memset(d, 0, sizeof(*d));
	char *cl = ea_text_clean(label, strlen(label));
	d->label = ea_strpool_mem(&d->pool, cl, strlen(cl));
	free(cl);
	struct rd c = { .d = d };
	*err = NULL;
	size_t skip = 0;
	while (skip < len && strchr(" \t\r\n", buf[skip]))
		skip++;
	if (skip == len) {
		fail(&c, "", "empty: not a JSON report");
		*err = c.err;
		return false;
	}
	if (len > INT32_MAX) {
		fail(&c, "", "too large for a report (%zu bytes)", len);
		*err = c.err;
		return false;
	}
	json_tokener *tok = json_tokener_new();
	json_object *root = json_tokener_parse_ex(tok, buf, (int)len);
	enum json_tokener_error je = json_tokener_get_error(tok);
	size_t end = json_tokener_get_parse_end(tok);
	size_t line, col;
	if (je == json_tokener_continue) {
		place(buf, len, &line, &col);
		char p[64];
		snprintf(p, sizeof(p), "%zu:%zu", line, col);
		fail(
		    &c, p,
		    "the JSON ends before the report does (a file cut short?)");
	} else if (je != json_tokener_success) {
		place(buf, end, &line, &col);
		char p[64];
		snprintf(p, sizeof(p), "%zu:%zu", line, col);
		fail(&c, p, "not JSON: %s", json_tokener_error_desc(je));
	} else {
		size_t k = end;
		while (k < len && strchr(" \t\r\n", buf[k]))
			k++;
		if (k < len) {
			place(buf, k, &line, &col);
			char p[64];
			snprintf(p, sizeof(p), "%zu:%zu", line, col);
			fail(&c, p,
			     "more JSON after the report (JSON Lines of a "
			     "corpus run? give one report)");
		} else {
			document(&c, root);
		}
	}
	json_object_put(root);
	json_tokener_free(tok);
	*err = c.err;
	return !c.err;
}

bool ea_rdoc_load(struct ea_rdoc *d, const char *path, char **err)
{
	struct ea_input in = { .name = "baseline" };
	if (!ea_input_load_given(&in, path, false)) {
		char *why = ea_text_clean(path, strlen(path));
		*err = ea_xasprintf("%s: %s", why,
				    in.detail ? in.detail : "cannot be read");
		free(why);
		ea_input_free(&in);
		memset(d, 0, sizeof(*d));
		return false;
	}
	char *label = ea_text_clean(path, strlen(path));
	bool ok = ea_rdoc_parse(d, label, in.data, in.len, err);
	free(label);
	ea_input_free(&in);
	return ok;
}

static void free_evids(ea_rd_evid_vec *v)
{
	EA_VEC_FREE(*v);
}

void ea_rdoc_free(struct ea_rdoc *d)
{
	for (size_t i = 0; i < d->ranges.n; i++) {
		free_evids(&d->ranges.v[i].ev);
		for (int l = 0; l < EA_NLOADERS; l++)
			free_evids(&d->ranges.v[i].l[l].ev);
	}
	for (size_t i = 0; i < d->findings.n; i++)
		free_evids(&d->findings.v[i].ev);
	for (int l = 0; l < EA_NLOADERS; l++)
		EA_VEC_FREE(d->view[l].free);
	EA_VEC_FREE(d->ranges);
	EA_VEC_FREE(d->findings);
	EA_VEC_FREE(d->inputs);
	ea_strpool_free(&d->pool);
	memset(d, 0, sizeof(*d));
}

int ea_rd_answer_rank(const struct ea_rd_answer *a)
{
	switch (a->ans) {
	case EA_PROTECTED:
		return a->inferred ? 1 : 0;
	case EA_UNKNOWN:
		return 2;
	case EA_ESCAPES:
		return 3;
	}
	return 2;
}
