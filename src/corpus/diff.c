/* SPDX-License-Identifier: GPL-2.0-or-later */
/* This audit against an earlier report (diff.h). */
#include "corpus/diff.h"

#include <inttypes.h>
#include <json-c/json.h>
#include <stdlib.h>
#include <string.h>

#include "pipeline.h"

static int strcmp_null(const char *x, const char *y)
{
	if (!x || !y)
		return (x != NULL) - (y != NULL);
	return strcmp(x, y);
}

/* ---- matching by key ---- */

struct keyed {
	const char *k1, *k2; /* key, then (for moved ranges) name */
	size_t i;
};

static int cmp_keyed(const void *x, const void *y)
{
	const struct keyed *a = x, *b = y;
	int c = strcmp(a->k1, b->k1);
	if (!c)
		c = strcmp_null(a->k2, b->k2);
	if (!c)
		c = (a->i > b->i) - (a->i < b->i);
	return c;
}

static int cmp_keys_only(const struct keyed *a, const struct keyed *b)
{
	int c = strcmp(a->k1, b->k1);
	return c ? c : strcmp_null(a->k2, b->k2);
}

/* Pairs the entries of x and y with equal keys, in order within a key:
 * mx[i] / my[j] become the index of the partner, or SIZE_MAX. */
static void match(struct keyed *x, size_t nx, struct keyed *y, size_t ny,
		  size_t *mx, size_t *my)
{
	ea_sort(x, nx, sizeof(*x), cmp_keyed);
	ea_sort(y, ny, sizeof(*y), cmp_keyed);
	size_t i = 0, j = 0;
	while (i < nx && j < ny) {
		int c = cmp_keys_only(&x[i], &y[j]);
		if (c < 0) {
			i++;
		} else if (c > 0) {
			j++;
		} else {
			mx[x[i].i] = y[j].i;
			my[y[j].i] = x[i].i;
			i++;
			j++;
		}
	}
}

/* ---- the free memory of a view around a range ---- */

static void around(const struct ea_rd_view *v, struct ea_range r,
		   struct ea_d_around *o)
{
	memset(o, 0, sizeof(*o));
	o->known = v->known;
	if (!v->known)
		return;
	/* the first free range that ends at or after r.first */
	size_t lo = 0, hi = v->free.n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (v->free.v[mid].last < r.first)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (size_t i = lo; i < v->free.n && v->free.v[i].first <= r.last;
	     i++) {
		if (o->nmeet < 4)
			o->meet[o->nmeet] = v->free.v[i];
		o->nmeet++;
	}
	if (o->nmeet)
		return;
	o->has_hole = true;
	o->hole_open_below = lo == 0;
	o->hole_open_above = lo == v->free.n;
	o->hole.first = lo ? v->free.v[lo - 1].last + 1 : 0;
	o->hole.last = lo < v->free.n ? v->free.v[lo].first - 1 : UINT64_MAX;
}

static bool around_eq(const struct ea_d_around *x, const struct ea_d_around *y)
{
	if (x->known != y->known || x->nmeet != y->nmeet ||
	    x->has_hole != y->has_hole)
		return false;
	for (size_t i = 0; i < x->nmeet && i < 4; i++)
		if (ea_range_cmp(&x->meet[i], &y->meet[i]))
			return false;
	return !x->has_hole || (!ea_range_cmp(&x->hole, &y->hole) &&
				x->hole_open_below == y->hole_open_below &&
				x->hole_open_above == y->hole_open_above);
}

static bool evids_eq(const ea_rd_evid_vec *x, const ea_rd_evid_vec *y)
{
	if (x->n != y->n)
		return false;
	for (size_t i = 0; i < x->n; i++)
		if (strcmp(x->v[i].input, y->v[i].input) ||
		    strcmp(x->v[i].norm, y->v[i].norm))
			return false;
	return true;
}

static const char *escape_check(const struct ea_rd_range *r)
{
	return r->critical ? "critical_range_escapes" : "config_table_escapes";
}

/* The rule a view was built by changed (a view that is not known has
 * none: that is its input, not its rule). */
static bool model_changed(const struct ea_diff *d, int l)
{
	return d->b->view[l].known && d->a->view[l].known &&
	       strcmp_null(d->b->view[l].model, d->a->view[l].model);
}

/* A range's answer from one loader in both reports (either may be
 * missing: the range appeared or went). */
static void answer_change(struct ea_diff *d, struct ea_d_range *e,
			  enum ea_loader l, const struct ea_gate *g)
{
	const struct ea_rd_range *b = e->b, *a = e->a;
	struct ea_d_answer *x = &e->ans[e->nans++];
	x->loader = l;
	x->b = b ? &b->l[l] : NULL;
	x->a = a ? &a->l[l] : NULL;
	x->rb = b ? ea_rd_answer_rank(x->b) : -1;
	x->ra = a ? ea_rd_answer_rank(x->a) : -1;
	if (b)
		around(&d->b->view[l], b->r, &x->around_b);
	if (a)
		around(&d->a->view[l], a->r, &x->around_a);
	const struct ea_rd_range *r = a ? a : b;
	bool counts = r->critical || d->threshold >= EA_SEV_WARNING;
	if (x->ra == 3 && x->rb < 3)
		x->waived =
		    ea_gate_waiver(g, escape_check(r), true, r->r.first);
	if (x->ra == 3 && x->rb < 3 && r->critical)
		d->new_escapes++;
	if (x->rb == 3 && x->ra < 3 && r->critical)
		d->fixed_escapes++;
	if (b && a) {
		d->answers_worse += x->ra > x->rb;
		d->answers_better += x->ra < x->rb;
		x->regression = x->ra > x->rb && counts && !x->waived;
	} else if (a) {
		x->regression = x->ra >= 2 && counts && !x->waived;
	}
	/* why: the machine (its evidence), the rules, or both */
	if (!b || !a) {
		x->cause = EA_DC_MACHINE;
		x->cause_why = a ? "the range is new" : "the range is gone";
		return;
	}
	const char *mwhy = NULL, *rwhy = NULL;
	if (e->how == EA_D_MOVED)
		mwhy = "the range moved";
	else if (e->resized)
		mwhy = "the range's size changed";
	else if (e->evidence_changed)
		mwhy = "the range's own evidence differs";
	else if (d->b->view[l].known != d->a->view[l].known) {
		mwhy = d->a->view[l].known ? "the loader's view became known"
					   : "the loader's view became unknown "
					     "(an input is missing)";
		x->view_change = true;
	} else if (!around_eq(&x->around_b, &x->around_a))
		mwhy = "the loader's free memory around it differs";
	else if (!evids_eq(&x->b->ev, &x->a->ev))
		mwhy = "the line that makes it free differs";
	if (d->tool_changed)
		rwhy = "the tool differs";
	else if (model_changed(d, l))
		rwhy = "the loader view's rule differs";
	else if (x->b->inferred && x->a->inferred &&
		 strcmp_null(x->b->kb_row, x->a->kb_row))
		rwhy = "the knowledge-base row differs";
	if (!mwhy && !rwhy)
		rwhy = "the same evidence gave another answer";
	x->cause = (mwhy ? EA_DC_MACHINE : 0) | (rwhy ? EA_DC_RULES : 0);
	x->cause_why = mwhy && rwhy ? "both" : mwhy ? mwhy : rwhy;
	if (mwhy && rwhy)
		x->cause_why = mwhy; /* the rules part is said globally */
}

static void diff_ranges(struct ea_diff *d, const struct ea_gate *g)
{
	const struct ea_rdoc *B = d->b, *A = d->a;
	size_t nb = B->ranges.n, na = A->ranges.n;
	struct keyed *kb = ea_xcalloc(nb + 1, sizeof(*kb));
	struct keyed *ka = ea_xcalloc(na + 1, sizeof(*ka));
	size_t *mb = ea_xcalloc(nb + 1, sizeof(size_t));
	size_t *ma = ea_xcalloc(na + 1, sizeof(size_t));
	bool *moved = ea_xcalloc(na + 1, sizeof(bool));
	for (size_t i = 0; i < nb; i++) {
		kb[i] = (struct keyed){ B->ranges.v[i].key, NULL, i };
		mb[i] = SIZE_MAX;
	}
	for (size_t i = 0; i < na; i++) {
		ka[i] = (struct keyed){ A->ranges.v[i].key, NULL, i };
		ma[i] = SIZE_MAX;
	}
	match(kb, nb, ka, na, mb, ma);
	/* what is left: the same kind and name at another address */
	size_t rb = 0, ra = 0;
	for (size_t i = 0; i < nb; i++)
		if (mb[i] == SIZE_MAX)
			kb[rb++] = (struct keyed){ B->ranges.v[i].kind,
						   B->ranges.v[i].name, i };
	for (size_t i = 0; i < na; i++)
		if (ma[i] == SIZE_MAX)
			ka[ra++] = (struct keyed){ A->ranges.v[i].kind,
						   A->ranges.v[i].name, i };
	size_t *mb2 = ea_xcalloc(nb + 1, sizeof(size_t));
	size_t *ma2 = ea_xcalloc(na + 1, sizeof(size_t));
	for (size_t i = 0; i < nb; i++)
		mb2[i] = SIZE_MAX;
	for (size_t i = 0; i < na; i++)
		ma2[i] = SIZE_MAX;
	match(kb, rb, ka, ra, mb2, ma2);
	for (size_t i = 0; i < na; i++)
		if (ma[i] == SIZE_MAX && ma2[i] != SIZE_MAX) {
			ma[i] = ma2[i];
			mb[ma2[i]] = i;
			moved[i] = true;
		}

	for (size_t i = 0; i < na; i++) {
		const struct ea_rd_range *a = &A->ranges.v[i];
		const struct ea_rd_range *b =
		    ma[i] == SIZE_MAX ? NULL : &B->ranges.v[ma[i]];
		struct ea_d_range e = { .b = b, .a = a };
		if (!b) {
			e.how = EA_D_APPEARED;
			for (int l = 0; l < EA_NLOADERS; l++)
				answer_change(d, &e, (enum ea_loader)l, g);
		} else {
			e.how = moved[i] ? EA_D_MOVED : EA_D_SAME;
			e.resized =
			    b->r.last - b->r.first != a->r.last - a->r.first;
			e.evidence_changed = !evids_eq(&b->ev, &a->ev);
			for (int l = 0; l < EA_NLOADERS; l++)
				if (ea_rd_answer_rank(&b->l[l]) !=
				    ea_rd_answer_rank(&a->l[l]))
					answer_change(d, &e, (enum ea_loader)l,
						      g);
			if (e.how == EA_D_SAME && !e.resized && !e.nans)
				continue;
		}
		for (size_t k = 0; k < e.nans; k++)
			e.regression |= e.ans[k].regression;
		*EA_VEC_PUSH(d->ranges) = e;
	}
	for (size_t i = 0; i < nb; i++) {
		if (mb[i] != SIZE_MAX)
			continue;
		struct ea_d_range e = { .b = &B->ranges.v[i],
					.how = EA_D_WENT };
		for (int l = 0; l < EA_NLOADERS; l++)
			answer_change(d, &e, (enum ea_loader)l, g);
		*EA_VEC_PUSH(d->ranges) = e;
	}
	free(kb);
	free(ka);
	free(mb);
	free(ma);
	free(mb2);
	free(ma2);
	free(moved);
}

static void diff_findings(struct ea_diff *d, const struct ea_gate *g)
{
	const struct ea_rdoc *B = d->b, *A = d->a;
	size_t nb = B->findings.n, na = A->findings.n;
	struct keyed *kb = ea_xcalloc(nb + 1, sizeof(*kb));
	struct keyed *ka = ea_xcalloc(na + 1, sizeof(*ka));
	size_t *mb = ea_xcalloc(nb + 1, sizeof(size_t));
	size_t *ma = ea_xcalloc(na + 1, sizeof(size_t));
	/* first the same key and message, then the same key */
	for (int pass = 0; pass < 2; pass++) {
		size_t rb = 0, ra = 0;
		for (size_t i = 0; i < nb; i++)
			if (!pass || mb[i] == SIZE_MAX)
				kb[rb++] = (struct keyed){
					B->findings.v[i].key,
					pass ? NULL : B->findings.v[i].message,
					i
				};
		for (size_t i = 0; i < na; i++)
			if (!pass || ma[i] == SIZE_MAX)
				ka[ra++] = (struct keyed){
					A->findings.v[i].key,
					pass ? NULL : A->findings.v[i].message,
					i
				};
		if (!pass) {
			for (size_t i = 0; i < nb; i++)
				mb[i] = SIZE_MAX;
			for (size_t i = 0; i < na; i++)
				ma[i] = SIZE_MAX;
		}
		match(kb, rb, ka, ra, mb, ma);
	}
	for (size_t i = 0; i < na; i++) {
		const struct ea_rd_finding *a = &A->findings.v[i];
		const struct ea_rd_finding *b =
		    ma[i] == SIZE_MAX ? NULL : &B->findings.v[ma[i]];
		struct ea_d_finding e = { .b = b, .a = a };
		if (!b)
			e.how = EA_DF_APPEARED;
		else if (b->sev != a->sev)
			e.how = EA_DF_SEVERITY;
		else if (strcmp(b->message, a->message))
			e.how = EA_DF_MESSAGE;
		else
			continue;
		e.waived =
		    ea_gate_waiver(g, a->check, a->has_range, a->r.first);
		bool worse = !b || a->sev < b->sev;
		e.regression = worse && a->sev <= d->threshold && !e.waived &&
			       e.how != EA_DF_MESSAGE;
		d->findings_appeared += e.how == EA_DF_APPEARED;
		*EA_VEC_PUSH(d->findings) = e;
	}
	for (size_t i = 0; i < nb; i++)
		if (mb[i] == SIZE_MAX) {
			*EA_VEC_PUSH(d->findings) =
			    (struct ea_d_finding){ .b = &B->findings.v[i],
						   .how = EA_DF_WENT };
			d->findings_went++;
		}
	free(kb);
	free(ka);
	free(mb);
	free(ma);
}

/* Inputs by name, the k-th of a name with the k-th (a report lists each
 * once; a hand-made one may not). */
static void diff_inputs(struct ea_diff *d)
{
	bool *used = ea_xcalloc(d->a->inputs.n + 1, sizeof(bool));
	for (size_t i = 0; i < d->b->inputs.n; i++) {
		const struct ea_rd_input *b = &d->b->inputs.v[i], *a = NULL;
		for (size_t k = 0; !a && k < d->a->inputs.n; k++)
			if (!used[k] &&
			    !strcmp(d->a->inputs.v[k].name, b->name)) {
				a = &d->a->inputs.v[k];
				used[k] = true;
			}
		if (a && !strcmp(a->status, b->status))
			continue;
		struct ea_d_input *e = EA_VEC_PUSH(d->inputs);
		e->b = b;
		e->a = a;
		e->regression = !strcmp(b->status, "ok");
		d->inputs_missing += e->regression;
	}
	for (size_t k = 0; k < d->a->inputs.n; k++)
		if (!used[k])
			*EA_VEC_PUSH(d->inputs) =
			    (struct ea_d_input){ .a = &d->a->inputs.v[k] };
	free(used);
}

static int verdict_rank(enum ea_verdict v)
{
	switch (v) {
	case EA_CLEAN:
		return 0;
	case EA_INCOMPLETE:
		return 1;
	case EA_ESCAPE:
		return 2;
	case EA_ERROR:
		return 3;
	}
	return 3;
}

static const struct ea_rd_range *range_of(const struct ea_d_range *e)
{
	return e->a ? e->a : e->b;
}

static int cmp_drange(const void *x, const void *y)
{
	const struct ea_rd_range *a = range_of(x), *b = range_of(y);
	int c = ea_range_cmp(&a->r, &b->r);
	return c ? c : strcmp(a->key, b->key);
}

static const struct ea_rd_finding *finding_of(const struct ea_d_finding *e)
{
	return e->a ? e->a : e->b;
}

static int cmp_dfinding(const void *x, const void *y)
{
	const struct ea_d_finding *p = x, *q = y;
	const struct ea_rd_finding *a = finding_of(p), *b = finding_of(q);
	if (p->regression != q->regression)
		return p->regression ? -1 : 1;
	if (a->sev != b->sev)
		return a->sev < b->sev ? -1 : 1;
	int c = strcmp(a->key, b->key);
	if (!c)
		c = strcmp(a->message, b->message);
	if (!c)
		c = (int)p->how - (int)q->how;
	return c;
}

struct at {
	uint64_t first;
	size_t i;
};

static int cmp_at(const void *x, const void *y)
{
	const struct at *a = x, *b = y;
	if (a->first != b->first)
		return a->first < b->first ? -1 : 1;
	return (a->i > b->i) - (a->i < b->i);
}

static const char *fhow_word(enum ea_d_fhow h);

/* Each finding that changed at the address of a range that changed is said
 * with the range: one item, not one per check that restates it. */
static void attach(struct ea_diff *d)
{
	struct at *v = ea_xcalloc(2 * d->ranges.n + 1, sizeof(*v));
	size_t n = 0;
	for (size_t i = 0; i < d->ranges.n; i++) {
		const struct ea_d_range *e = &d->ranges.v[i];
		if (e->a)
			v[n++] = (struct at){ e->a->r.first, i };
		if (e->b && (!e->a || e->b->r.first != e->a->r.first))
			v[n++] = (struct at){ e->b->r.first, i };
	}
	ea_sort(v, n, sizeof(*v), cmp_at);
	for (size_t k = 0; k < d->findings.n; k++) {
		struct ea_d_finding *f = &d->findings.v[k];
		const struct ea_rd_finding *x = f->a ? f->a : f->b;
		f->range = SIZE_MAX;
		if (!x->has_range)
			continue;
		size_t lo = 0, hi = n;
		while (lo < hi) {
			size_t mid = lo + (hi - lo) / 2;
			if (v[mid].first < x->r.first)
				lo = mid + 1;
			else
				hi = mid;
		}
		if (lo == n || v[lo].first != x->r.first)
			continue;
		struct ea_d_range *e = &d->ranges.v[v[lo].i];
		f->range = v[lo].i;
		*EA_VEC_PUSH(e->fidx) = k;
		e->regression |= f->regression;
	}
	free(v);
	for (size_t i = 0; i < d->ranges.n; i++) {
		struct ea_d_range *e = &d->ranges.v[i];
		char *sig = ea_xstrdup("");
		for (size_t k = 0; k < e->fidx.n; k++) {
			const struct ea_d_finding *f =
			    &d->findings.v[e->fidx.v[k]];
			const struct ea_rd_finding *x = f->a ? f->a : f->b;
			char *t = ea_xasprintf(
			    "%s%s%s [%s] %s%s", sig, k ? ", " : "", x->check,
			    ea_severity_name(x->sev), fhow_word(f->how),
			    f->waived ? " (waived)" : "");
			free(sig);
			sig = t;
		}
		e->fsig = sig;
	}
}

void ea_diff_make(struct ea_diff *d, const struct ea_rdoc *before,
		  const struct ea_rdoc *after, const struct ea_gate *g)
{
	memset(d, 0, sizeof(*d));
	d->b = before;
	d->a = after;
	d->threshold = g && g->fail_on_set ? g->fail_on : EA_SEV_ERROR;
	d->kernel_changed = strcmp_null(before->kernel, after->kernel) != 0;
	d->tool_changed = before->tool && after->tool &&
			  strcmp(before->tool, after->tool) != 0;
	for (int l = 0; l < EA_NLOADERS; l++)
		d->view_changed[l] =
		    before->view[l].known != after->view[l].known ||
		    model_changed(d, l);
	diff_ranges(d, g);
	diff_findings(d, g);
	diff_inputs(d);
	ea_sort(d->ranges.v, d->ranges.n, sizeof(*d->ranges.v), cmp_drange);
	ea_sort(d->findings.v, d->findings.n, sizeof(*d->findings.v),
		cmp_dfinding);

	/* the verdict; an escape whose findings are all waived counts as
	 * what it would be without them */
	d->verdict_changed = before->verdict != after->verdict;
	int rb = verdict_rank(before->verdict),
	    ra = verdict_rank(after->verdict);
	if (after->verdict == EA_ESCAPE) {
		struct ea_gate_in in;
		bool waived = false;
		size_t nw;
		ea_gate_in_rdoc(&in, after);
		ea_gate_judge(g, &in, &waived, &nw);
		if (waived) {
			d->verdict_waived = true;
			ra = in.uncertain ? 1 : 0;
		}
		ea_gate_in_free(&in);
	}
	d->verdict_regression = d->verdict_changed && ra > rb;

	/* the counts and the cause */
	d->changes = d->ranges.n + d->findings.n + d->inputs.n +
		     d->verdict_changed + d->kernel_changed + d->tool_changed;
	for (int l = 0; l < EA_NLOADERS; l++) {
		d->changes += d->view_changed[l];
		if (before->view[l].known != after->view[l].known)
			d->cause |= EA_DC_MACHINE;
		if (model_changed(d, l))
			d->cause |= EA_DC_RULES;
	}
	if (d->tool_changed)
		d->cause |= EA_DC_RULES;
	attach(d);
	d->regressions = d->verdict_regression;
	for (size_t i = 0; i < d->ranges.n; i++) {
		const struct ea_d_range *e = &d->ranges.v[i];
		d->moved += e->how == EA_D_MOVED;
		d->regressions += e->regression;
		if (e->how != EA_D_SAME)
			d->cause |= EA_DC_MACHINE;
		for (size_t k = 0; k < e->nans; k++)
			d->cause |= e->ans[k].cause;
	}
	for (size_t i = 0; i < d->findings.n; i++) {
		const struct ea_d_finding *e = &d->findings.v[i];
		if (e->range == SIZE_MAX)
			d->regressions += e->regression;
		d->cause |= d->tool_changed ? EA_DC_RULES : EA_DC_MACHINE;
	}
	for (size_t i = 0; i < d->inputs.n; i++) {
		d->regressions += d->inputs.v[i].regression;
		d->cause |= EA_DC_MACHINE;
	}
	if (d->kernel_changed)
		d->cause |= EA_DC_MACHINE;
}

void ea_diff_free(struct ea_diff *d)
{
	for (size_t i = 0; i < d->ranges.n; i++) {
		EA_VEC_FREE(d->ranges.v[i].fidx);
		free(d->ranges.v[i].fsig);
	}
	EA_VEC_FREE(d->ranges);
	EA_VEC_FREE(d->findings);
	EA_VEC_FREE(d->inputs);
}

int ea_diff_status(const struct ea_diff *d)
{
	return d->regressions ? 1 : 0;
}

const char *ea_diff_word(const struct ea_diff *d)
{
	return d->regressions ? "regression"
	       : d->changes   ? "changed"
			      : "no change";
}

static const char *verdict_word(enum ea_verdict v)
{
	return ea_verdict_name(v);
}

/* "protected", "protected (inferred)", "unknown", "escapes" */
static const char *state(const struct ea_rd_answer *x)
{
	if (!x)
		return "none";
	switch (x->ans) {
	case EA_PROTECTED:
		return x->inferred ? "protected (inferred)" : "protected";
	case EA_ESCAPES:
		return x->inferred ? "escapes (inferred)" : "escapes";
	case EA_UNKNOWN:
		break;
	}
	return "unknown";
}

static const char *cause_text(unsigned c)
{
	switch (c) {
	case EA_DC_MACHINE:
		return "the machine changed (the evidence differs); the tool's "
		       "rules did not";
	case EA_DC_RULES:
		return "the tool's rules changed (the same evidence, another "
		       "answer, or another rule)";
	case EA_DC_MACHINE | EA_DC_RULES:
		return "both the machine (the evidence differs) and the tool's "
		       "rules changed";
	}
	return "nothing changed";
}

static const char *cause_key(unsigned c)
{
	switch (c) {
	case EA_DC_MACHINE:
		return "machine";
	case EA_DC_RULES:
		return "rules";
	case EA_DC_MACHINE | EA_DC_RULES:
		return "machine_and_rules";
	}
	return "none";
}

char *ea_diff_headline(const struct ea_diff *d)
{
	char buf[512];
	size_t w = 0;
	buf[0] = '\0';
#define ADD(...)                                                               \
	do {                                                                   \
		if (w < sizeof(buf)) {                                         \
			int r_ = snprintf(buf + w, sizeof(buf) - w, "%s",      \
					  w ? "; " : "");                      \
			if (r_ > 0)                                            \
				w += (size_t)r_;                               \
		}                                                              \
		if (w < sizeof(buf)) {                                         \
			int r_ =                                               \
			    snprintf(buf + w, sizeof(buf) - w, __VA_ARGS__);   \
			if (r_ > 0)                                            \
				w += (size_t)r_;                               \
		}                                                              \
	} while (0)
	if (d->verdict_changed)
		ADD("verdict %s -> %s%s", verdict_word(d->b->verdict),
		    verdict_word(d->a->verdict),
		    d->verdict_waived ? " (waived)" : "");
	if (d->new_escapes)
		ADD("%zu new escape%s", d->new_escapes,
		    d->new_escapes == 1 ? "" : "s");
	if (d->fixed_escapes)
		ADD("%zu escape%s fixed", d->fixed_escapes,
		    d->fixed_escapes == 1 ? "" : "s");
	size_t worse = 0, better = 0;
	for (size_t i = 0; i < d->ranges.n; i++)
		for (size_t k = 0; k < d->ranges.v[i].nans; k++) {
			const struct ea_d_answer *x = &d->ranges.v[i].ans[k];
			if (!x->b || !x->a || x->ra == 3 || x->rb == 3)
				continue;
			worse += x->ra > x->rb;
			better += x->ra < x->rb;
		}
	if (worse)
		ADD("%zu answer%s less certain", worse, worse == 1 ? "" : "s");
	if (better)
		ADD("%zu answer%s more certain", better,
		    better == 1 ? "" : "s");
	if (d->inputs_missing)
		ADD("%zu input%s no longer read", d->inputs_missing,
		    d->inputs_missing == 1 ? "" : "s");
	if (d->moved)
		ADD("%zu range%s moved", d->moved, d->moved == 1 ? "" : "s");
	size_t fr = 0, other = 0;
	const struct ea_d_finding *one = NULL;
	for (size_t i = 0; i < d->findings.n; i++) {
		const struct ea_d_finding *e = &d->findings.v[i];
		bool said = false; /* with a range whose answer got worse */
		if (e->range != SIZE_MAX) {
			const struct ea_d_range *r = &d->ranges.v[e->range];
			for (size_t k = 0; k < r->nans; k++)
				said |= r->ans[k].regression;
			if (!e->regression)
				continue;
		}
		if (said)
			continue;
		fr += e->regression;
		other += !e->regression;
		if (e->regression && !one)
			one = e;
	}
	if (fr == 1)
		ADD("finding %s [%s] %s", one->a->key,
		    ea_severity_name(one->a->sev),
		    one->how == EA_DF_APPEARED ? "appeared" : "got worse");
	else if (fr)
		ADD("%zu findings of severity %s or worse appeared", fr,
		    ea_severity_name(d->threshold));
	if (other)
		ADD("%zu other finding change%s", other, other == 1 ? "" : "s");
	if (d->kernel_changed)
		ADD("kernel %s -> %s", d->b->kernel ? d->b->kernel : "unknown",
		    d->a->kernel ? d->a->kernel : "unknown");
#undef ADD
	const char *word = d->regressions ? "REGRESSION"
			   : d->changes	  ? "CHANGED"
					  : "NO CHANGE";
	if (!d->changes)
		return ea_xasprintf("NO CHANGE: the audit matches the baseline "
				    "(verdict %s in both)",
				    verdict_word(d->a->verdict));
	if (!w)
		return ea_xasprintf("%s: %zu change%s", word, d->changes,
				    d->changes == 1 ? "" : "s");
	return ea_xasprintf("%s: %s", word, buf);
}

/* ---- text ---- */

static void evid_line(FILE *f, const char *indent, const struct ea_rd_evid *e)
{
	if (e->line)
		fprintf(f, "%s%s:%" PRId64 ": %s\n", indent, e->input, e->line,
			e->text);
	else
		fprintf(f, "%s%s: %s\n", indent, e->input, e->text);
}

static void around_text(FILE *f, const char *label, const struct ea_d_around *o,
			enum ea_loader l)
{
	if (!o->known) {
		fprintf(f, "      %s %s's view was unknown\n", label,
			ea_loader_name(l));
		return;
	}
	if (o->nmeet) {
		fprintf(f, "      %s %s's free memory there:", label,
			ea_loader_name(l));
		for (size_t i = 0; i < o->nmeet && i < 4; i++)
			fprintf(f, "%s 0x%016" PRIx64 "-0x%016" PRIx64,
				i ? "," : "", o->meet[i].first,
				o->meet[i].last);
		fprintf(f, "%s\n", o->nmeet > 4 ? ", ..." : "");
		return;
	}
	fprintf(f,
		"      %s %s's free memory had a hole 0x%016" PRIx64
		"-0x%016" PRIx64 " there%s\n",
		label, ea_loader_name(l), o->hole.first, o->hole.last,
		o->hole_open_below && o->hole_open_above
		    ? " (no free memory at all)"
		    : "");
}

/* Two answer changes are said together when everything but the range is
 * the same. */
static bool same_group(const struct ea_d_range *p, const struct ea_d_answer *x,
		       const struct ea_d_range *q, const struct ea_d_answer *y)
{
	if (p->how != EA_D_SAME || q->how != EA_D_SAME || p->resized ||
	    q->resized || p->evidence_changed || q->evidence_changed)
		return false;
	if (strcmp(p->fsig, q->fsig))
		return false;
	/* a view that became unknown: every answer of it the same way */
	if (x->view_change && y->view_change)
		return x->loader == y->loader && x->rb == y->rb &&
		       x->ra == y->ra && x->cause == y->cause &&
		       x->regression == y->regression &&
		       (x->waived != NULL) == (y->waived != NULL);
	if (x->loader != y->loader || x->rb != y->rb || x->ra != y->ra ||
	    x->cause != y->cause || x->regression != y->regression ||
	    (x->waived != NULL) != (y->waived != NULL) ||
	    strcmp_null(x->cause_why, y->cause_why) ||
	    !around_eq(&x->around_b, &y->around_b) ||
	    strcmp_null(x->a->what_to_do, y->a->what_to_do) ||
	    !evids_eq(&x->a->ev, &y->a->ev))
		return false;
	if (x->a->has_free != y->a->has_free ||
	    (x->a->has_free && ea_range_cmp(&x->a->free, &y->a->free)))
		return false;
	/* a reason that is not about the free range must be the same */
	if (!x->a->has_free && strcmp_null(x->a->reason, y->a->reason))
		return false;
	if (!x->b->has_free && strcmp_null(x->b->reason, y->b->reason))
		return false;
	return true;
}

static void finding_text(FILE *f, const struct ea_d_finding *e);

static void answer_detail(FILE *f, const struct ea_diff *d,
			  const struct ea_d_range *e,
			  const struct ea_d_answer *x, bool sig)
{
	fprintf(f, "    because: %s%s%s\n",
		x->cause & EA_DC_MACHINE ? "the machine changed: "
					 : "the tool's rules changed: ",
		x->cause_why,
		x->cause == (EA_DC_MACHINE | EA_DC_RULES)
		    ? "; and the tool's rules changed"
		    : "");
	if (x->view_change) {
		const struct ea_rd_view *v = &d->a->view[x->loader];
		fprintf(f, "    %s's view is %s%s%s; the answers are %s\n",
			ea_loader_name(x->loader),
			v->known ? "known again" : "unknown",
			v->unknown_reason ? ": " : "",
			v->unknown_reason ? v->unknown_reason : "",
			x->a->inferred ? "inferred from the kernel version "
					 "(answer_inferred findings)"
				       : "seen");
		if (sig && *e->fsig)
			fprintf(f, "    findings there: %s\n", e->fsig);
		return;
	}
	if (x->b) {
		fprintf(f, "    before: %s: %s\n", state(x->b),
			x->b->reason ? x->b->reason : "(no reason given)");
		for (size_t i = 0; i < x->b->ev.n; i++)
			evid_line(f, "      free by: ", &x->b->ev.v[i]);
		if (x->rb != 3)
			around_text(f, "in the baseline,", &x->around_b,
				    x->loader);
		if (e->how == EA_D_MOVED || e->evidence_changed)
			for (size_t i = 0; i < e->b->ev.n; i++)
				evid_line(f,
					  "      evidence: ", &e->b->ev.v[i]);
	}
	if (x->a) {
		if (x->a->has_free && x->ra == 3)
			fprintf(f,
				"    now:    %s: free memory 0x%016" PRIx64
				"-0x%016" PRIx64 " covers it\n",
				state(x->a), x->a->free.first, x->a->free.last);
		else
			fprintf(f, "    now:    %s: %s\n", state(x->a),
				x->a->reason ? x->a->reason
					     : "(no reason given)");
		for (size_t i = 0; i < x->a->ev.n; i++)
			evid_line(f, "      free by: ", &x->a->ev.v[i]);
		if (x->ra != 3)
			around_text(f, "now,", &x->around_a, x->loader);
		if (e->how == EA_D_MOVED || e->evidence_changed)
			for (size_t i = 0; i < e->a->ev.n; i++)
				evid_line(f,
					  "      evidence: ", &e->a->ev.v[i]);
		if (x->a->what_to_do && x->ra == 3)
			fprintf(f, "    what to do: %s\n", x->a->what_to_do);
	}
	if (x->waived)
		fprintf(f, "    waived: %s (%s)\n", x->waived->text,
			x->waived->origin);
	if (sig && *e->fsig)
		fprintf(f, "    findings there: %s\n", e->fsig);
	(void)d;
}

static void range_head(FILE *f, const struct ea_d_range *e)
{
	const struct ea_rd_range *r = range_of(e);
	switch (e->how) {
	case EA_D_APPEARED:
		fprintf(f,
			"  %s appeared: %s 0x%016" PRIx64 "-0x%016" PRIx64
			" (%s)\n",
			r->key, r->name, r->r.first, r->r.last, r->tier);
		break;
	case EA_D_WENT:
		fprintf(
		    f, "  %s went: %s 0x%016" PRIx64 "-0x%016" PRIx64 " (%s)\n",
		    r->key, r->name, r->r.first, r->r.last, r->tier);
		break;
	case EA_D_MOVED:
		fprintf(f,
			"  %s moved to %s: %s 0x%016" PRIx64 "-0x%016" PRIx64
			" -> 0x%016" PRIx64 "-0x%016" PRIx64 "\n",
			e->b->key, e->a->key, r->name, e->b->r.first,
			e->b->r.last, e->a->r.first, e->a->r.last);
		break;
	case EA_D_SAME:
		if (e->resized)
			fprintf(f,
				"  %s resized: %s 0x%016" PRIx64
				"-0x%016" PRIx64 " -> 0x%016" PRIx64
				"-0x%016" PRIx64 "\n",
				r->key, r->name, e->b->r.first, e->b->r.last,
				e->a->r.first, e->a->r.last);
		break;
	}
	if (e->how == EA_D_MOVED || e->how == EA_D_APPEARED ||
	    e->how == EA_D_WENT || e->resized) {
		if (e->b && e->how != EA_D_APPEARED)
			for (size_t i = 0; i < e->b->ev.n; i++)
				evid_line(f, "    before: ", &e->b->ev.v[i]);
		if (e->a)
			for (size_t i = 0; i < e->a->ev.n; i++)
				evid_line(f, "    now:    ", &e->a->ev.v[i]);
	}
}

static void ranges_text(FILE *f, const struct ea_diff *d, bool regression)
{
	size_t n = d->ranges.n;
	bool *done = ea_xcalloc(n * EA_NLOADERS + 1, sizeof(bool));
	for (size_t i = 0; i < n; i++) {
		const struct ea_d_range *e = &d->ranges.v[i];
		if (e->regression != regression)
			continue;
		bool head = e->how != EA_D_SAME || e->resized;
		if (head)
			range_head(f, e);
		for (size_t k = 0; k < e->nans; k++) {
			const struct ea_d_answer *x = &e->ans[k];
			if (done[i * EA_NLOADERS + k])
				continue;
			if (e->how == EA_D_APPEARED || e->how == EA_D_WENT) {
				fprintf(f, "    %s: %s%s\n",
					ea_loader_name(x->loader),
					state(x->a ? x->a : x->b),
					x->regression ? " (a regression)" : "");
				if (x->a && x->ra == 3) {
					for (size_t m = 0; m < x->a->ev.n; m++)
						evid_line(f, "      free by: ",
							  &x->a->ev.v[m]);
					if (x->a->what_to_do)
						fprintf(f,
							"      what to do: "
							"%s\n",
							x->a->what_to_do);
				}
				continue;
			}
			/* this change and the same change of later ranges */
			fprintf(f, "  %s %s: %s -> %s (%s)\n", e->a->key,
				ea_loader_name(x->loader), state(x->b),
				state(x->a), e->a->name);
			for (size_t j = i + 1; !head && j < n; j++) {
				const struct ea_d_range *o = &d->ranges.v[j];
				if (o->regression != regression)
					continue;
				for (size_t m = 0; m < o->nans; m++) {
					const struct ea_d_answer *y =
					    &o->ans[m];
					if (done[j * EA_NLOADERS + m] ||
					    !same_group(e, x, o, y))
						continue;
					done[j * EA_NLOADERS + m] = true;
					fprintf(f, "  %s %s: %s -> %s (%s)\n",
						o->a->key,
						ea_loader_name(y->loader),
						state(y->b), state(y->a),
						o->a->name);
				}
			}
			answer_detail(f, d, e, x, !head);
		}
		/* a range that moved, appeared or went: its findings whole */
		for (size_t k = 0; head && k < e->fidx.n; k++)
			finding_text(f, &d->findings.v[e->fidx.v[k]]);
	}
	free(done);
}

static void finding_text(FILE *f, const struct ea_d_finding *e)
{
	const struct ea_rd_finding *x = finding_of(e);
	switch (e->how) {
	case EA_DF_APPEARED:
		fprintf(f, "  finding appeared: %s [%s]: %s\n", x->key,
			ea_severity_name(x->sev), x->message);
		break;
	case EA_DF_WENT:
		fprintf(f, "  finding went: %s [%s]: %s\n", x->key,
			ea_severity_name(x->sev), x->message);
		break;
	case EA_DF_SEVERITY:
		fprintf(f, "  finding %s: severity %s -> %s: %s\n", x->key,
			ea_severity_name(e->b->sev), ea_severity_name(x->sev),
			x->message);
		break;
	case EA_DF_MESSAGE:
		fprintf(f, "  finding %s [%s] now says: %s\n", x->key,
			ea_severity_name(x->sev), x->message);
		fprintf(f, "    before: %s\n", e->b->message);
		break;
	}
	if (e->how != EA_DF_WENT)
		for (size_t i = 0; i < x->ev.n; i++)
			evid_line(f, "    ", &x->ev.v[i]);
	if (e->waived)
		fprintf(f, "    waived: %s (%s)\n", e->waived->text,
			e->waived->origin);
}

static void input_text(FILE *f, const struct ea_d_input *e)
{
	const char *name = e->b ? e->b->name : e->a->name;
	fprintf(f, "  input %s: %s -> %s%s%s\n", name,
		e->b ? e->b->status : "not listed",
		e->a ? e->a->status : "not listed",
		e->a && e->a->detail ? ": " : "",
		e->a && e->a->detail ? e->a->detail : "");
}

static void section(FILE *f, const struct ea_diff *d, bool regression)
{
	if (d->verdict_changed && d->verdict_regression == regression)
		fprintf(f, "  verdict: %s -> %s%s\n",
			verdict_word(d->b->verdict),
			verdict_word(d->a->verdict),
			d->verdict_waived ? " (every finding that makes it "
					    "an escape is waived)"
					  : "");
	for (size_t i = 0; i < d->inputs.n; i++)
		if (d->inputs.v[i].regression == regression)
			input_text(f, &d->inputs.v[i]);
	if (!regression) {
		if (d->kernel_changed)
			fprintf(f, "  kernel: %s -> %s\n",
				d->b->kernel ? d->b->kernel : "unknown",
				d->a->kernel ? d->a->kernel : "unknown");
		if (d->tool_changed)
			fprintf(f, "  tool: %s -> %s\n", d->b->tool,
				d->a->tool);
		for (int l = 0; l < EA_NLOADERS; l++) {
			const struct ea_rd_view *b = &d->b->view[l],
						*a = &d->a->view[l];
			if (!d->view_changed[l])
				continue;
			if (b->known != a->known)
				fprintf(f, "  %s view: %s -> %s%s%s\n",
					ea_loader_name((enum ea_loader)l),
					b->known ? "known" : "unknown",
					a->known ? "known" : "unknown",
					a->unknown_reason ? ": " : "",
					a->unknown_reason ? a->unknown_reason
							  : "");
			if (model_changed(d, l))
				fprintf(f,
					"  %s view's rule: %s\n    before: "
					"%s\n",
					ea_loader_name((enum ea_loader)l),
					a->model ? a->model : "none",
					b->model ? b->model : "none");
		}
	}
	ranges_text(f, d, regression);
	for (size_t i = 0; i < d->findings.n; i++)
		if (d->findings.v[i].regression == regression &&
		    d->findings.v[i].range == SIZE_MAX)
			finding_text(f, &d->findings.v[i]);
}

void ea_diff_text(FILE *f, const struct ea_diff *d, const char *now)
{
	char *h = ea_diff_headline(d);
	fprintf(f, "%s\n", h);
	free(h);
	fprintf(f, "baseline: %s (%s, kernel %s)\n", d->b->label,
		verdict_word(d->b->verdict),
		d->b->kernel ? d->b->kernel : "unknown");
	fprintf(f, "now:      %s (%s, kernel %s)\n", now,
		verdict_word(d->a->verdict),
		d->a->kernel ? d->a->kernel : "unknown");
	if (!d->changes)
		return;
	fprintf(f, "why:      %s\n", cause_text(d->cause));
	if (d->regressions) {
		fprintf(f, "\nRegressions (%zu):\n", d->regressions);
		section(f, d, true);
	}
	char *buf = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&buf, &len);
	if (m) {
		section(m, d, false);
		if (fclose(m) == 0 && len) {
			fprintf(f, "\nOther changes:\n");
			fwrite(buf, 1, len, f);
		}
		free(buf);
	}
}

/* ---- JSON (schema/efiresv-audit-diff.schema.json) ---- */

static void jput(json_object *o, const char *key, json_object *v)
{
	json_object_object_add_ex(o, key, v,
				  JSON_C_OBJECT_ADD_KEY_IS_NEW |
				      JSON_C_OBJECT_ADD_CONSTANT_KEY);
}

static json_object *jstr(const char *s)
{
	return s ? json_object_new_string(s) : NULL;
}

static json_object *jaddr(uint64_t a)
{
	char buf[24];
	snprintf(buf, sizeof(buf), "0x%016" PRIx64, a);
	return json_object_new_string(buf);
}

static json_object *jrange(struct ea_range r)
{
	json_object *o = json_object_new_object();
	jput(o, "first", jaddr(r.first));
	jput(o, "last", jaddr(r.last));
	return o;
}

static json_object *jevids(const ea_rd_evid_vec *v)
{
	json_object *arr = json_object_new_array();
	for (size_t i = 0; i < v->n; i++) {
		json_object *o = json_object_new_object();
		jput(o, "input", jstr(v->v[i].input));
		jput(o, "line",
		     v->v[i].line ? json_object_new_int64(v->v[i].line) : NULL);
		jput(o, "text", jstr(v->v[i].text));
		json_object_array_add(arr, o);
	}
	return arr;
}

static json_object *janswer(const struct ea_rd_answer *x)
{
	if (!x)
		return NULL;
	json_object *o = json_object_new_object();
	jput(o, "answer", jstr(ea_answer_name(x->ans)));
	jput(o, "inferred", json_object_new_boolean(x->inferred));
	jput(o, "reason", jstr(x->reason));
	jput(o, "free_range", x->has_free ? jrange(x->free) : NULL);
	jput(o, "evidence", jevids(&x->ev));
	jput(o, "what_to_do", jstr(x->what_to_do));
	return o;
}

static json_object *jaround(const struct ea_d_around *o, bool have)
{
	if (!have)
		return NULL;
	json_object *x = json_object_new_object();
	jput(x, "known", json_object_new_boolean(o->known));
	json_object *m = json_object_new_array();
	for (size_t i = 0; i < o->nmeet && i < 4; i++)
		json_object_array_add(m, jrange(o->meet[i]));
	jput(x, "free_meeting", m);
	jput(x, "hole", o->has_hole ? jrange(o->hole) : NULL);
	return x;
}

static json_object *jwaiver(const struct ea_waiver *w)
{
	if (!w)
		return NULL;
	json_object *o = json_object_new_object();
	jput(o, "waiver", jstr(w->text));
	jput(o, "origin", jstr(w->origin));
	return o;
}

static json_object *jrange_side(const struct ea_rd_range *r)
{
	if (!r)
		return NULL;
	json_object *o = json_object_new_object();
	jput(o, "key", jstr(r->key));
	jput(o, "first", jaddr(r->r.first));
	jput(o, "last", jaddr(r->r.last));
	jput(o, "evidence", jevids(&r->ev));
	return o;
}

static const char *how_key(enum ea_d_how h, bool resized)
{
	switch (h) {
	case EA_D_APPEARED:
		return "appeared";
	case EA_D_WENT:
		return "went";
	case EA_D_MOVED:
		return "moved";
	case EA_D_SAME:
		break;
	}
	return resized ? "resized" : "answer";
}

static const char *fhow_word(enum ea_d_fhow h)
{
	switch (h) {
	case EA_DF_APPEARED:
		return "appeared";
	case EA_DF_WENT:
		return "went";
	case EA_DF_SEVERITY:
		return "changed severity";
	case EA_DF_MESSAGE:
		return "changed its message";
	}
	return "?";
}

static const char *fhow_key(enum ea_d_fhow h)
{
	switch (h) {
	case EA_DF_APPEARED:
		return "appeared";
	case EA_DF_WENT:
		return "went";
	case EA_DF_SEVERITY:
		return "severity";
	case EA_DF_MESSAGE:
		return "message";
	}
	return "?";
}

static json_object *jside(const struct ea_rdoc *x, const char *label)
{
	json_object *o = json_object_new_object();
	jput(o, "label", jstr(label));
	jput(o, "schema_version", json_object_new_int64(x->schema_version));
	jput(o, "verdict", jstr(ea_verdict_name(x->verdict)));
	jput(o, "headline", jstr(x->headline));
	jput(o, "kernel", jstr(x->kernel));
	jput(o, "tool", jstr(x->tool));
	return o;
}

int ea_diff_json(FILE *f, const struct ea_diff *d, const char *now)
{
	json_object *root = json_object_new_object();
	jput(root, "diff_schema_version",
	     json_object_new_int(EA_DIFF_SCHEMA_VERSION));
	jput(root, "status", jstr(ea_diff_word(d)));
	char *h = ea_diff_headline(d);
	jput(root, "headline", jstr(h));
	free(h);
	jput(root, "regression", json_object_new_boolean(d->regressions > 0));
	jput(root, "cause", jstr(cause_key(d->cause)));
	jput(root, "baseline", jside(d->b, d->b->label));
	jput(root, "now", jside(d->a, now));
	jput(root, "finding_threshold", jstr(ea_severity_name(d->threshold)));

	json_object *sum = json_object_new_object();
	jput(sum, "changes", json_object_new_uint64(d->changes));
	jput(sum, "regressions", json_object_new_uint64(d->regressions));
	jput(sum, "new_escapes", json_object_new_uint64(d->new_escapes));
	jput(sum, "fixed_escapes", json_object_new_uint64(d->fixed_escapes));
	jput(sum, "answers_worse", json_object_new_uint64(d->answers_worse));
	jput(sum, "answers_better", json_object_new_uint64(d->answers_better));
	jput(sum, "ranges_moved", json_object_new_uint64(d->moved));
	jput(sum, "findings_appeared",
	     json_object_new_uint64(d->findings_appeared));
	jput(sum, "findings_went", json_object_new_uint64(d->findings_went));
	jput(sum, "inputs_missing", json_object_new_uint64(d->inputs_missing));
	jput(root, "summary", sum);

	json_object *v = json_object_new_object();
	jput(v, "before", jstr(ea_verdict_name(d->b->verdict)));
	jput(v, "after", jstr(ea_verdict_name(d->a->verdict)));
	jput(v, "changed", json_object_new_boolean(d->verdict_changed));
	jput(v, "regression", json_object_new_boolean(d->verdict_regression));
	jput(v, "waived", json_object_new_boolean(d->verdict_waived));
	jput(root, "verdict", v);

	json_object *views = json_object_new_array();
	for (int l = 0; l < EA_NLOADERS; l++) {
		if (!d->view_changed[l])
			continue;
		const struct ea_rd_view *b = &d->b->view[l],
					*a = &d->a->view[l];
		json_object *o = json_object_new_object();
		jput(o, "loader", jstr(ea_loader_name((enum ea_loader)l)));
		jput(o, "known_before", json_object_new_boolean(b->known));
		jput(o, "known_after", json_object_new_boolean(a->known));
		jput(o, "model_before", jstr(b->model));
		jput(o, "model_after", jstr(a->model));
		jput(o, "unknown_reason_after", jstr(a->unknown_reason));
		json_object_array_add(views, o);
	}
	jput(root, "views", views);

	json_object *inputs = json_object_new_array();
	for (size_t i = 0; i < d->inputs.n; i++) {
		const struct ea_d_input *e = &d->inputs.v[i];
		json_object *o = json_object_new_object();
		jput(o, "name", jstr(e->b ? e->b->name : e->a->name));
		jput(o, "before", jstr(e->b ? e->b->status : NULL));
		jput(o, "after", jstr(e->a ? e->a->status : NULL));
		jput(o, "detail_after", jstr(e->a ? e->a->detail : NULL));
		jput(o, "regression", json_object_new_boolean(e->regression));
		json_object_array_add(inputs, o);
	}
	jput(root, "inputs", inputs);

	json_object *ranges = json_object_new_array();
	for (size_t i = 0; i < d->ranges.n; i++) {
		const struct ea_d_range *e = &d->ranges.v[i];
		const struct ea_rd_range *r = range_of(e);
		json_object *o = json_object_new_object();
		jput(o, "key", jstr(r->key));
		jput(o, "change", jstr(how_key(e->how, e->resized)));
		jput(o, "kind", jstr(r->kind));
		jput(o, "tier", jstr(r->tier));
		jput(o, "name", jstr(r->name));
		jput(o, "before", jrange_side(e->b));
		jput(o, "after", jrange_side(e->a));
		jput(o, "regression", json_object_new_boolean(e->regression));
		json_object *ans = json_object_new_array();
		for (size_t k = 0; k < e->nans; k++) {
			const struct ea_d_answer *x = &e->ans[k];
			json_object *a = json_object_new_object();
			jput(a, "loader", jstr(ea_loader_name(x->loader)));
			jput(a, "before", janswer(x->b));
			jput(a, "after", janswer(x->a));
			jput(a, "cause", jstr(cause_key(x->cause)));
			jput(a, "cause_detail", jstr(x->cause_why));
			jput(a, "view_before", jaround(&x->around_b, x->b));
			jput(a, "view_after", jaround(&x->around_a, x->a));
			jput(a, "regression",
			     json_object_new_boolean(x->regression));
			jput(a, "waived", jwaiver(x->waived));
			json_object_array_add(ans, a);
		}
		jput(o, "answers", ans);
		json_object_array_add(ranges, o);
	}
	jput(root, "ranges", ranges);

	json_object *fs = json_object_new_array();
	for (size_t i = 0; i < d->findings.n; i++) {
		const struct ea_d_finding *e = &d->findings.v[i];
		const struct ea_rd_finding *x = finding_of(e);
		json_object *o = json_object_new_object();
		jput(o, "key", jstr(x->key));
		jput(o, "check", jstr(x->check));
		jput(o, "change", jstr(fhow_key(e->how)));
		jput(o, "severity_before",
		     e->b ? jstr(ea_severity_name(e->b->sev)) : NULL);
		jput(o, "severity_after",
		     e->a ? jstr(ea_severity_name(e->a->sev)) : NULL);
		jput(o, "message_before", jstr(e->b ? e->b->message : NULL));
		jput(o, "message_after", jstr(e->a ? e->a->message : NULL));
		jput(o, "evidence", jevids(&x->ev));
		jput(o, "range_key",
		     e->range == SIZE_MAX
			 ? NULL
			 : jstr(range_of(&d->ranges.v[e->range])->key));
		jput(o, "regression", json_object_new_boolean(e->regression));
		jput(o, "waived", jwaiver(e->waived));
		json_object_array_add(fs, o);
	}
	jput(root, "findings", fs);

	const char *s = json_object_to_json_string_ext(
	    root, JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_NOSLASHESCAPE);
	int rc = !s || fputs(s, f) < 0 || fputc('\n', f) == EOF ? -1 : 0;
	json_object_put(root);
	return rc;
}
