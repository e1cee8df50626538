/* SPDX-License-Identifier: GPL-2.0-or-later */
/* --fail-on and the waivers (gate.h). */
#include "corpus/gate.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/input.h"
#include "core/text.h"
#include "corpus/rdoc.h"
#include "pipeline.h"

void ea_gate_init(struct ea_gate *g)
{
	memset(g, 0, sizeof(*g));
	g->fail_on = EA_SEV_CRITICAL;
}

void ea_gate_free(struct ea_gate *g)
{
	for (size_t i = 0; i < g->w.n; i++) {
		free(g->w.v[i].text);
		free(g->w.v[i].origin);
	}
	EA_VEC_FREE(g->w);
}

bool ea_gate_level(const char *s, enum ea_severity *out)
{
	static const char *const names[] = { "critical", "error", "warning" };
	for (int i = 0; i < 3; i++)
		if (!strcmp(s, names[i])) {
			*out = (enum ea_severity)i;
			return true;
		}
	return false;
}

static const struct ea_check *check_of(const char *id, size_t n)
{
	for (size_t i = 0; i < ea_nchecks; i++)
		if (strlen(ea_checks[i]->id) == n &&
		    !strncmp(ea_checks[i]->id, id, n))
			return ea_checks[i];
	return NULL;
}

bool ea_gate_add(struct ea_gate *g, const char *spec, const char *origin,
		 char **err)
{
	size_t n = strlen(spec);
	const char *at = strchr(spec, '@');
	size_t cn = at ? (size_t)(at - spec) : n;
	const struct ea_check *ck = check_of(spec, cn);
	char *q = ea_text_clean(spec, n);
	/* "--ignore 'x': ...", "FILE:LINE: 'x': ..." */
	const char *sep = origin[0] == '-' ? " " : ": ";
	*err = NULL;
	if (!ck) {
		*err = ea_xasprintf("%s%s'%s': no check of that name (see "
				    "efiresv-audit --list-checks)",
				    origin, sep, q);
		free(q);
		return false;
	}
	struct ea_waiver w = { .check = ck->id };
	if (at) {
		size_t an = n - cn - 1;
		if (an < 3 || ea_parse_0xhex(at + 1, an, &w.addr) != an) {
			*err = ea_xasprintf("%s%s'%s': the address after '@' "
					    "must be 0x and hex digits "
					    "(CHECK@0x401b0000)",
					    origin, sep, q);
			free(q);
			return false;
		}
		w.has_addr = true;
	}
	w.text = q;
	w.origin = ea_xstrdup(origin);
	*EA_VEC_PUSH(g->w) = w;
	return true;
}

bool ea_gate_add_file(struct ea_gate *g, const char *path, char **err)
{
	struct ea_input in = { .name = "ignore_file" };
	char *name = ea_text_clean(path, strlen(path));
	*err = NULL;
	if (!ea_input_load_given(&in, path, false)) {
		*err = ea_xasprintf("--ignore-file %s: %s", name,
				    in.detail ? in.detail : "cannot be read");
		free(name);
		ea_input_free(&in);
		return false;
	}
	struct ea_line_iter it;
	const char *line;
	size_t len;
	bool ok = true;
	ea_line_iter_init(&it, in.data, in.len);
	while (ok && ea_line_next(&it, &line, &len)) {
		size_t k = ea_skip_spaces(line, len);
		size_t e = k;
		while (e < len && line[e] != '#' && line[e] != ' ' &&
		       line[e] != '\t')
			e++;
		size_t rest = e + ea_skip_spaces(line + e, len - e);
		if (e == k && (k == len || line[k] == '#'))
			continue;
		char origin[600];
		snprintf(origin, sizeof(origin), "%s:%u", name, it.lineno);
		if (rest < len && line[rest] != '#') {
			char *q = ea_text_clean(line, len);
			*err = ea_xasprintf("%s: '%s': one waiver a line "
					    "(CHECK or CHECK@ADDRESS, then "
					    "an optional # comment)",
					    origin, q);
			free(q);
			ok = false;
			break;
		}
		char *spec = ea_xstrndup(line + k, e - k);
		ok = ea_gate_add(g, spec, origin, err);
		free(spec);
	}
	free(name);
	ea_input_free(&in);
	return ok;
}

const struct ea_waiver *ea_gate_waiver(const struct ea_gate *g,
				       const char *check, bool has_range,
				       uint64_t first)
{
	for (size_t i = 0; g && i < g->w.n; i++) {
		const struct ea_waiver *w = &g->w.v[i];
		if (strcmp(w->check, check) != 0)
			continue;
		if (!w->has_addr || (has_range && w->addr == first))
			return w;
	}
	return NULL;
}

void ea_gate_in_audit(struct ea_gate_in *in, const struct ea_audit *a)
{
	memset(in, 0, sizeof(*in));
	in->verdict = a->r.verdict;
	for (size_t i = 0; i < a->r.findings.n; i++) {
		const struct ea_finding *x = &a->r.findings.v[i];
		struct ea_gate_finding *f = EA_VEC_PUSH(in->f);
		f->check = x->check->id;
		f->sev = x->sev;
		f->has_range = x->has_range;
		f->first = x->r.first;
		f->message = x->message;
		in->uncertain |= x->check->cls == EA_CK_BLINDS;
	}
	for (size_t i = 0; i < a->m.prot.n; i++) {
		const struct ea_protected *p = &a->m.prot.v[i];
		if (p->tier != EA_TIER_CRITICAL)
			continue;
		bool e = false;
		for (int l = 0; l < EA_NLOADERS; l++) {
			e |= p->loader[l].ans == EA_ESCAPES;
			in->uncertain |= p->loader[l].ans == EA_UNKNOWN ||
					 (p->loader[l].inferred &&
					  p->loader[l].ans != EA_ESCAPES);
		}
		if (e)
			*EA_VEC_PUSH(in->escaping) = p->r.first;
	}
}

void ea_gate_in_rdoc(struct ea_gate_in *in, const struct ea_rdoc *d)
{
	memset(in, 0, sizeof(*in));
	in->verdict = d->verdict;
	for (size_t i = 0; i < d->findings.n; i++) {
		const struct ea_rd_finding *x = &d->findings.v[i];
		struct ea_gate_finding *f = EA_VEC_PUSH(in->f);
		f->check = x->check;
		f->sev = x->sev;
		f->has_range = x->has_range;
		f->first = x->r.first;
		f->message = x->message;
		const struct ea_check *ck =
		    check_of(x->check, strlen(x->check));
		/* a check this program does not know: assume it was blind */
		in->uncertain |= !ck || ck->cls == EA_CK_BLINDS;
	}
	for (size_t i = 0; i < d->ranges.n; i++) {
		const struct ea_rd_range *r = &d->ranges.v[i];
		if (!r->critical)
			continue;
		bool e = false;
		for (int l = 0; l < EA_NLOADERS; l++) {
			e |= r->l[l].ans == EA_ESCAPES;
			in->uncertain |=
			    r->l[l].ans == EA_UNKNOWN ||
			    (r->l[l].inferred && r->l[l].ans != EA_ESCAPES);
		}
		if (e)
			*EA_VEC_PUSH(in->escaping) = r->r.first;
	}
}

void ea_gate_in_free(struct ea_gate_in *in)
{
	EA_VEC_FREE(in->f);
	EA_VEC_FREE(in->escaping);
}

int ea_gate_judge(const struct ea_gate *g, struct ea_gate_in *in,
		  bool *escape_waived, size_t *nwaived)
{
	size_t crit = 0, crit_open = 0, waived = 0;
	bool failing = false;
	for (size_t i = 0; i < in->f.n; i++) {
		struct ea_gate_finding *f = &in->f.v[i];
		f->waived = ea_gate_waiver(g, f->check, f->has_range, f->first);
		f->failing = !f->waived && f->sev <= g->fail_on;
		waived += f->waived != NULL;
		failing |= f->failing;
		crit += f->sev == EA_SEV_CRITICAL;
		crit_open += f->sev == EA_SEV_CRITICAL && !f->waived;
	}
	*nwaived = waived;
	*escape_waived = false;
	if (in->verdict == EA_ERROR)
		return 3;
	if (in->verdict == EA_ESCAPE) {
		/* an escape with no finding to waive, or one whose range has
		 * no waived finding of its own, stays an escape */
		bool stays = !crit || crit_open;
		for (size_t i = 0; !stays && i < in->escaping.n; i++) {
			bool covered = false;
			for (size_t k = 0; !covered && k < in->f.n; k++) {
				const struct ea_gate_finding *f = &in->f.v[k];
				covered = f->waived &&
					  f->sev == EA_SEV_CRITICAL &&
					  f->has_range &&
					  f->first == in->escaping.v[i];
			}
			stays = !covered;
		}
		if (stays)
			return 1;
		*escape_waived = true;
	}
	if (failing)
		return 1;
	if (in->verdict == EA_INCOMPLETE ||
	    (in->verdict == EA_ESCAPE && in->uncertain))
		return 2;
	return 0;
}

static int status_rank(int s)
{
	switch (s) {
	case 0:
		return 0;
	case 2:
		return 1;
	case 3:
		return 2;
	case 1:
		return 3;
	}
	return 4; /* anything else (64) is worse */
}

int ea_status_worst(int x, int y)
{
	return status_rank(x) >= status_rank(y) ? x : y;
}
