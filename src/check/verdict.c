/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The verdict and its headline (verdict.h). */
#include "check/verdict.h"
#include "check/check.h"
#include "check/checks.h"
#include "core/util.h"
#include "read/kexeclog.h"
#include "whatif/placement.h"
#include "whatif/whatif.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Critical ranges a loaded image or the what-if puts a segment over. */
static void mark_loaded(const struct ea_kexeclog *k, bool *hit)
{
	for (size_t li = 0; k && li < k->loads.n; li++) {
		const struct ea_kl_load *l = &k->loads.v[li];
		if (l->failed)
			continue;
		for (size_t si = 0; si < l->seg.n; si++)
			for (size_t h = 0; h < l->seg.v[si].nhits; h++)
				hit[l->seg.v[si].hits[h]] = true;
	}
}

static void mark_whatif(const struct ea_whatif_result *w, bool *hit)
{
	for (size_t i = 0; w && i < w->n; i++) {
		const struct ea_placement *p = &w->run[i].p;
		for (size_t k = 0; k < p->seg.n; k++) {
			const struct ea_pl_segment *s = &p->seg.v[k];
			for (size_t h = 0; s->placed && h < s->nhits; h++)
				hit[s->hits[h]] = true;
		}
	}
}

static void count(struct ea_checking *a, bool *escape, bool *unknown)
{
	struct ea_summary *s = &a->r->summary;
	memset(s, 0, sizeof(*s));
	bool *hit = ea_xcalloc(a->m->prot.n + 1, sizeof(bool));
	mark_loaded(a->src->kexeclog, hit);
	mark_loaded(a->src->kexeclog_dmesg, hit);
	mark_whatif(a->whatif, hit);
	for (size_t i = 0; i < a->m->prot.n; i++) {
		const struct ea_protected *p = &a->m->prot.v[i];
		bool e = false, u = false;
		unsigned latent = 0;
		for (int l = 0; l < EA_NLOADERS; l++) {
			const struct ea_answer_detail *d = &p->loader[l];
			/* a loader this kernel is built without cannot
			 * overwrite anything: its escape is latent, its
			 * unknown answer blinds nothing */
			bool has = a->m->view[l].built != EA_BUILT_NO;
			e |= has && d->ans == EA_ESCAPES;
			if (!has && d->ans == EA_ESCAPES)
				latent |= 1u << l;
			u |= d->ans == EA_UNKNOWN;
			if (p->tier != EA_TIER_CRITICAL)
				continue;
			s->escapes[l] += d->ans == EA_ESCAPES;
			s->inferred += d->inferred;
			/* an inferred escape is an escape; an inferred
			 * "protected" was still not seen */
			if (has && (d->ans == EA_UNKNOWN ||
				    (d->inferred && d->ans != EA_ESCAPES)))
				*unknown = true;
		}
		if (p->tier != EA_TIER_CRITICAL) {
			s->warning_escaping += e;
			continue;
		}
		s->critical++;
		s->unknown += u;
		if (e || hit[i]) {
			s->critical_escaping++;
			*escape = true;
		} else if (latent) {
			s->latent++;
			s->latent_loaders |= latent;
		}
	}
	free(hit);
	for (size_t i = 0; i < a->r->findings.n; i++) {
		const struct ea_finding *f = &a->r->findings.v[i];
		s->findings[f->sev]++;
		/* corruption seen in the log is an escape that happened */
		if (f->sev == EA_SEV_CRITICAL)
			*escape = true;
		/* checks that say the audit could not see everything */
		if (f->check->cls == EA_CK_BLINDS)
			*unknown = true;
	}
}

/* "kernel /nonexistent: No such file or directory" */
static char *error_cause(const struct ea_checking *a)
{
	if (a->src->error)
		return ea_xstrdup(a->src->error);
	for (int i = 0; i < EA_NINPUTS; i++) {
		const struct ea_input *in = &a->src->in[i];
		if (!in->user_given || in->status == EA_IN_OK ||
		    in->status == EA_IN_ABSENT)
			continue;
		return ea_xasprintf(
		    "%s %s: %s", in->name, in->path ? in->path : "(no path)",
		    in->detail ? in->detail : ea_input_status_name(in->status));
	}
	if (a->whatif && a->whatif->errors.n)
		return ea_xstrdup(a->whatif->errors.v[0]);
	return ea_xstrdup("an input named on the command line could not be "
			  "read");
}

/* What made it an escape besides the views: critical findings' causes. */
static void escape_causes(const struct ea_checking *a, char *buf, size_t n)
{
	static const char *const why[] = {
		[EA_CAUSE_LOG] = "the log shows an earlier overwrite",
		[EA_CAUSE_LOADED_IMAGE] = "a loaded image overwrites one",
		[EA_CAUSE_WHATIF] =
		    "the what-if places the given kernel over one",
		[EA_CAUSE_CORRUPT] = "the EFI memory map the next kernel reads "
				     "is not the one the firmware gave",
	};
	bool has[5] = { false, false, false, false, false };
	for (size_t i = 0; i < a->r->findings.n; i++) {
		const struct ea_finding *f = &a->r->findings.v[i];
		if (f->sev == EA_SEV_CRITICAL &&
		    f->check->cause != EA_CAUSE_NONE)
			has[f->check->cause] = true;
	}
	size_t w = 0;
	buf[0] = '\0';
	for (int k = EA_CAUSE_LOG; k <= EA_CAUSE_CORRUPT; k++) {
		if (!has[k] || w >= n)
			continue;
		int r = snprintf(buf + w, n - w, "%s%s", w ? "; " : "", why[k]);
		if (r > 0)
			w += (size_t)r;
	}
}

/* The loaders of mask (bits 1 << enum ea_loader) this kernel is built
 * without, for the headline: names ("kexec_file_load", "kexec_file_load
 * and kexec_load") and the configuration's word on them ("# CONFIG_KEXEC_
 * FILE is not set"); both "" when there is none (a loader no configuration
 * rules out is taken as built). */
static void not_built(const struct ea_checking *a, unsigned mask, char *names,
		      char *why, size_t n)
{
	static const char *const sys[EA_NLOADERS] = {
		[EA_KEXEC_FILE] = "kexec_file_load",
		[EA_KEXEC_LOAD] = "kexec_load",
	};
	size_t wn = 0, ww = 0;
	names[0] = why[0] = '\0';
	for (int l = 0; l < EA_NLOADERS; l++) {
		if (a->m->view[l].built != EA_BUILT_NO || !(mask & (1u << l)) ||
		    wn >= n || ww >= n)
			continue;
		enum ea_kconfig_opt o =
		    l == EA_KEXEC_FILE ? EA_KC_KEXEC_FILE : EA_KC_KEXEC;
		bool line = a->src->kconfig.v[o] == EA_KC_NOT_SET;
		int r = snprintf(names + wn, n - wn, "%s%s", wn ? " and " : "",
				 sys[l]);
		if (r > 0)
			wn += (size_t)r;
		r = snprintf(why + ww, n - ww, "%s%s%s%s", ww ? "; " : "",
			     line ? "# " : "no ", ea_kconfig_name(o),
			     line ? " is not set" : " line");
		if (r > 0)
			ww += (size_t)r;
	}
}

/* "; latent: 3 critical ranges escape only kexec_file_load, which this
 * kernel is built without (# CONFIG_KEXEC_FILE is not set)", or "". */
static void latent_note(const struct ea_checking *a, char *buf, size_t n)
{
	const struct ea_summary *s = &a->r->summary;
	char names[128], why[128];
	buf[0] = '\0';
	if (!s->latent)
		return;
	not_built(a, s->latent_loaders, names, why, sizeof(names));
	snprintf(buf, n,
		 "; latent: %zu critical range%s escape%s only %s, which this "
		 "kernel is built without (%s)",
		 s->latent, s->latent == 1 ? "" : "s",
		 s->latent == 1 ? "s" : "", names, why);
}

static char *escape_line(const struct ea_checking *a)
{
	const struct ea_summary *s = &a->r->summary;
	char causes[256];
	escape_causes(a, causes, sizeof(causes));
	char latent[384];
	latent_note(a, latent, sizeof(latent));
	if (!s->critical_escaping)
		return ea_xasprintf(
		    "%s%s", causes[0] ? causes : "a critical finding", latent);
	return ea_xasprintf("%zu of %zu critical ranges could be overwritten "
			    "by a kexec load%s%s%s%s",
			    s->critical_escaping, s->critical,
			    causes[0] ? " (" : "", causes, causes[0] ? ")" : "",
			    latent);
}

/* The first blind finding of a check, or NULL. */
static const struct ea_finding *first_of(const struct ea_checking *a,
					 const char *id)
{
	for (size_t i = 0; i < a->r->findings.n; i++)
		if (!strcmp(a->r->findings.v[i].check->id, id))
			return &a->r->findings.v[i];
	return NULL;
}

/* The causes of an incomplete verdict: the first one's sentence, and how
 * many there are. */
struct causes {
	char *first;
	size_t n;
};

__attribute__((format(printf, 2, 3))) static void
cause_add(struct causes *c, const char *fmt, ...)
{
	c->n++;
	if (c->first)
		return;
	va_list ap;
	va_start(ap, fmt);
	c->first = ea_xvasprintf(fmt, ap);
	va_end(ap);
}

/* A view the audit could not see, for a loader the kernel may have, with
 * the critical answers it left unknown or inferred. */
static void unknown_view_causes(const struct ea_checking *a, struct causes *c)
{
	for (int l = 0; l < EA_NLOADERS; l++) {
		const struct ea_view *v = &a->m->view[l];
		if (v->known || v->built == EA_BUILT_NO)
			continue;
		size_t unk = 0, inf = 0;
		for (size_t i = 0; i < a->m->prot.n; i++) {
			const struct ea_protected *p = &a->m->prot.v[i];
			if (p->tier != EA_TIER_CRITICAL)
				continue;
			unk += p->loader[l].ans == EA_UNKNOWN;
			inf += p->loader[l].inferred;
		}
		if (!unk && !inf)
			continue;
		char what[160];
		if (unk && inf)
			snprintf(what, sizeof(what),
				 "%zu critical answers unknown, %zu inferred "
				 "from the kernel version",
				 unk, inf);
		else if (unk)
			snprintf(what, sizeof(what),
				 "%zu critical answers unknown", unk);
		else
			snprintf(what, sizeof(what),
				 "%zu critical answers inferred from the "
				 "kernel version",
				 inf);
		cause_add(c, "the %s view is unknown (%s): %s",
			  ea_loader_name((enum ea_loader)l),
			  v->unknown_reason ? v->unknown_reason : "?", what);
	}
}

/* Why the audit could not see everything: the first cause, in the order
 * a user should act on them. */
static char *incomplete_cause(const struct ea_checking *a, size_t *ncauses)
{
	struct causes c = { 0 };
	const struct ea_manifest *mf = &a->src->manifest;
	if (a->src->live && a->src->euid != 0)
		cause_add(&c,
			  "not run as root (uid %u): inputs that need root "
			  "were not read",
			  a->src->euid);
	else if (!a->src->live && mf->known && mf->uid_known && mf->uid != 0)
		cause_add(&c,
			  "the snapshot was collected as uid %u, not root: "
			  "inputs that need root were not read (MANIFEST line "
			  "%u)",
			  mf->uid, mf->user_ev.line);
	/* a view of another boot: nothing else is worth acting on first */
	if (a->m->boots.clues.n)
		cause_add(&c,
			  "the kernel log and %s come from different boots "
			  "(%s)",
			  a->m->boots.clues.v[0].other,
			  a->m->boots.clues.v[0].brief);
	for (int k = 0; k < EA_NEXPECT; k++) {
		const struct ea_expectation *x = &a->m->expect.cat[k];
		if (x->expected && !x->met)
			cause_add(&c, "%s must exist but no input gives %s",
				  ea_expect_cat_name((enum ea_expect_cat)k),
				  k == EA_EXPECT_ACPI_TABLES ||
					  k == EA_EXPECT_LPI_TABLES
				      ? "all their addresses"
				      : "its address");
	}
	unknown_view_causes(a, &c);
	for (size_t i = 0; i < ea_nchecks; i++) {
		const struct ea_check *ck = ea_checks[i];
		if (ck->cls != EA_CK_BLINDS ||
		    !strcmp(ck->id, "expected_ranges_missing") ||
		    !strcmp(ck->id, "not_root") ||
		    !strcmp(ck->id, "inputs_from_different_boots") ||
		    !first_of(a, ck->id))
			continue;
		cause_add(&c, "%s (%s)", ck->summary, ck->id);
	}
	*ncauses = c.n;
	return c.first ? c.first
		       : ea_xstrdup("a critical answer is not known (see the "
				    "findings)");
}

void ea_cause_free(struct ea_cause *c)
{
	EA_VEC_FREE(c->ranges);
}

/* The escapes of the views grouped by cause (an answer's cause, from the
 * knowledge base): one group per cause over both loaders, in the order of
 * the first range that escapes with it, the causes of critical ranges
 * first. Loaders the kernel is built without are left out. */
static void group_causes(struct ea_checking *a)
{
	struct ea_result *r = a->r;
	const struct ea_model *m = a->m;
	size_t at[EA_KB_NCAUSES] = { 0 }; /* index + 1 into r->causes */
	const struct ea_view_src *last[EA_KB_NCAUSES][EA_NLOADERS] = { 0 };
	for (size_t k = 0; k < m->prot_lists.escaping.n; k++) {
		uint32_t i = m->prot_lists.escaping.v[k];
		const struct ea_protected *p = &m->prot.v[i];
		for (int l = 0; l < EA_NLOADERS; l++) {
			const struct ea_answer_detail *d = &p->loader[l];
			/* a loader the kernel is built without: its escapes
			 * are latent risks (latent_escape), no cause of
			 * this kernel's */
			if (d->ans != EA_ESCAPES ||
			    m->view[l].built == EA_BUILT_NO)
				continue;
			unsigned id = d->cause && d->cause < EA_KB_NCAUSES
					  ? d->cause
					  : EA_KB_CAUSE_OTHER;
			if (!at[id]) {
				struct ea_cause *n = EA_VEC_PUSH(r->causes);
				n->kb = ea_kb_cause_get(id);
				at[id] = r->causes.n;
			}
			struct ea_cause *c = &r->causes.v[at[id] - 1];
			struct ea_cause_range *cr =
			    c->ranges.n &&
				    c->ranges.v[c->ranges.n - 1].prot == i
				? &c->ranges.v[c->ranges.n - 1]
				: NULL;
			if (!cr) {
				cr = EA_VEC_PUSH(c->ranges);
				cr->prot = i;
				if (p->tier == EA_TIER_CRITICAL)
					c->critical++;
				else
					c->warning++;
				if (p->kind < EA_NKINDS)
					c->kinds[p->kind]++;
			}
			cr->loaders |= (uint8_t)(1u << l);
			c->loaders |= 1u << l;
			c->escapes[l]++;
			if (d->inferred) {
				cr->inferred |= (uint8_t)(1u << l);
				c->inferred[l]++;
			} else if (d->free_src && d->free_src != last[id][l]) {
				/* ranges in address order meet the view's lines
				 * (sorted too) in order: a new line is another */
				last[id][l] = d->free_src;
				c->free_src[l] =
				    c->free_lines[l]++ ? NULL : d->free_src;
			}
		}
	}
	/* the causes of critical ranges first, each kind in first-seen
	 * order (a stable pass: few causes) */
	struct ea_cause *v = r->causes.v;
	for (size_t i = 1; i < r->causes.n; i++)
		for (size_t j = i; j > 0 && v[j].critical && !v[j - 1].critical;
		     j--) {
			struct ea_cause t = v[j];
			v[j] = v[j - 1];
			v[j - 1] = t;
		}
}

/* The findings the short report lists: above info, and not an escape a
 * cause tells already (one finding per escaping answer); of one check's
 * findings of one severity below critical (one per range, such as
 * loader_views_disagree's 20 on a kexec-tools 2.0.20 machine) the first
 * EA_BRIEF_PER_CHECK, the last counting the rest, which -v lists. Every
 * critical finding is listed. */
static void brief_findings(struct ea_checking *a)
{
	const struct ea_finding *v = a->r->findings.v;
	for (size_t i = 0; i < a->r->findings.n; i++) {
		const struct ea_finding *f = &v[i];
		if (f->sev == EA_SEV_INFO ||
		    !strcmp(f->check->id, "critical_range_escapes") ||
		    !strcmp(f->check->id, "config_table_escapes"))
			continue;
		struct ea_brief_row row = { (uint32_t)i, 0 };
		if (f->sev == EA_SEV_CRITICAL) {
			*EA_VEC_PUSH(a->r->brief) = row;
			continue;
		}
		size_t shown = 0;
		struct ea_brief_row *last = NULL;
		for (size_t k = 0; k < a->r->brief.n; k++)
			if (v[a->r->brief.v[k].finding].check == f->check &&
			    v[a->r->brief.v[k].finding].sev == f->sev) {
				shown++;
				last = &a->r->brief.v[k];
			}
		if (shown >= EA_BRIEF_PER_CHECK)
			last->more++;
		else
			*EA_VEC_PUSH(a->r->brief) = row;
	}
}

/* "INCOMPLETE: <the first cause>; ..." */
static char *incomplete_headline(const struct ea_checking *a)
{
	const struct ea_summary *s = &a->r->summary;
	size_t n = 0;
	char latent[384], *rest;
	latent_note(a, latent, sizeof(latent));
	char *cause = incomplete_cause(a, &n);
	if (s->critical)
		rest = ea_xasprintf("INCOMPLETE: %s; no escape found "
				    "among the %zu critical ranges "
				    "seen%s%s",
				    cause, s->critical,
				    n > 1 ? " (more causes in the "
					    "findings)"
					  : "",
				    latent);
	else
		rest = ea_xasprintf("INCOMPLETE: %s; no critical range "
				    "was seen%s",
				    cause,
				    n > 1 ? " (more causes in the "
					    "findings)"
					  : "");
	free(cause);
	return rest;
}

/* "CLEAN: ...", saying which loaders the kernel has when it lacks one. */
static char *clean_headline(const struct ea_checking *a)
{
	const struct ea_summary *s = &a->r->summary;
	/* the loaders this kernel is built without, and what that leaves */
	char latent[384], nb[128], why[128];
	latent_note(a, latent, sizeof(latent));
	not_built(a, ~0u, nb, why, sizeof(nb));
	bool file = a->m->view[EA_KEXEC_FILE].built != EA_BUILT_NO,
	     load = a->m->view[EA_KEXEC_LOAD].built != EA_BUILT_NO;
	const char *has_one = file && !load   ? "kexec_file_load"
			      : load && !file ? "kexec_load"
					      : NULL;
	if (s->critical && nb[0] && has_one && latent[0])
		return ea_xasprintf("CLEAN: all %zu critical ranges are "
				    "protected from %s, the only "
				    "loader this kernel has%s",
				    s->critical, has_one, latent);
	if (s->critical && nb[0] && has_one)
		return ea_xasprintf("CLEAN: all %zu critical ranges are "
				    "protected from %s, the only "
				    "loader this kernel has (%s)",
				    s->critical, has_one, why);
	if (s->critical && nb[0] && latent[0])
		return ea_xasprintf("CLEAN: this kernel has no kexec "
				    "loader%s",
				    latent);
	if (s->critical && nb[0])
		return ea_xasprintf("CLEAN: this kernel has no kexec "
				    "loader (%s)",
				    why);
	if (s->critical)
		return ea_xasprintf("CLEAN: all %zu critical ranges are "
				    "protected from both "
				    "kexec_file_load and kexec_load",
				    s->critical);
	return ea_xstrdup("CLEAN: nothing that must survive a kexec was "
			  "expected or found");
}

/* a named input that could not be read: the audit the user asked
 * for did not happen; what the rest showed follows */
static char *error_headline(const struct ea_checking *a, const char *rest)
{
	char *cause = error_cause(a), *h;
	bool read_some = false;
	for (int i = 0; i < EA_NINPUTS; i++)
		read_some |= a->src->in[i].status == EA_IN_OK;
	if (read_some)
		h = ea_xasprintf("ERROR: %s (the rest of the inputs: %s)",
				 cause, rest);
	else
		h = ea_xasprintf("ERROR: %s", cause);
	free(cause);
	return h;
}

void ea_verdict_decide(struct ea_checking *a)
{
	bool escape = false, unknown = false;
	group_causes(a);
	brief_findings(a);
	count(a, &escape, &unknown);
	a->r->verdict = escape ? EA_ESCAPE : unknown ? EA_INCOMPLETE : EA_CLEAN;

	char *rest = NULL, *cause;
	switch (a->r->verdict) {
	case EA_ESCAPE:
		cause = escape_line(a);
		rest = ea_xasprintf("ESCAPE: %s", cause);
		free(cause);
		break;
	case EA_INCOMPLETE:
		rest = incomplete_headline(a);
		break;
	case EA_CLEAN:
	case EA_ERROR:
		rest = clean_headline(a);
		break;
	}
	if (!a->src->input_failed) {
		a->r->headline = rest;
		return;
	}
	a->r->headline = error_headline(a, rest);
	free(rest);
	a->r->verdict = EA_ERROR;
}
