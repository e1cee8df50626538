/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Findings: made by the checks (ea_finding_add() with the check's entry),
 * run in table order, then put in report order (severity, check id, range,
 * message).
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "check/check.h"
#include "core/util.h"

__attribute__((format(printf, 5, 0))) static struct ea_finding *
finding_vadd(struct ea_checking *a, const struct ea_check *ck,
	     enum ea_severity sev, const struct ea_range *r, const char *f,
	     va_list ap)
{
	struct ea_finding *x = EA_VEC_PUSH(a->r->findings);
	x->check = ck;
	x->sev = sev;
	if (r) {
		x->has_range = true;
		x->r = *r;
	}
	x->message = ea_xvasprintf(f, ap);
	return x;
}

struct ea_finding *ea_finding_add(struct ea_checking *a,
				  const struct ea_check *ck,
				  const struct ea_range *r, const char *f, ...)
{
	va_list ap;
	va_start(ap, f);
	struct ea_finding *x = finding_vadd(a, ck, ck->sev, r, f, ap);
	va_end(ap);
	return x;
}

struct ea_finding *ea_finding_add_sev(struct ea_checking *a,
				      const struct ea_check *ck,
				      enum ea_severity sev,
				      const struct ea_range *r, const char *f,
				      ...)
{
	va_list ap;
	va_start(ap, f);
	struct ea_finding *x = finding_vadd(a, ck, sev, r, f, ap);
	va_end(ap);
	return x;
}

void ea_finding_evid(struct ea_finding *f, struct ea_evid ev)
{
	if (!ev.in)
		return;
	*EA_VEC_PUSH(f->ev) = ev;
}

static int finding_cmp(const void *x, const void *y)
{
	const struct ea_finding *p = x, *q = y;
	if (p->sev != q->sev)
		return p->sev < q->sev ? -1 : 1;
	int c = strcmp(p->check->id, q->check->id);
	if (c)
		return c;
	if (p->has_range != q->has_range)
		return p->has_range ? -1 : 1;
	if (p->has_range && (c = ea_range_cmp(&p->r, &q->r)))
		return c;
	return strcmp(p->message, q->message);
}

/* Findings that would have one id: the same check, and the same first
 * address or both none. */
static int id_cmp(uint32_t x, uint32_t y, const void *ctx)
{
	const struct ea_finding *v = ctx, *p = &v[x], *q = &v[y];
	if (p->check != q->check)
		return (uintptr_t)p->check < (uintptr_t)q->check ? -1 : 1;
	if (p->has_range != q->has_range)
		return p->has_range ? -1 : 1;
	if (p->has_range && p->r.first != q->r.first)
		return p->r.first < q->r.first ? -1 : 1;
	return 0;
}

/* "check@0x<first>" or "check"; the nth finding with the same one, in
 * report order, gets "#n" (the index sort is stable, so the findings that
 * share an id are in report order). */
static void finding_ids(struct ea_result *r)
{
	size_t n = r->findings.n;
	struct ea_finding *v = r->findings.v;
	uint32_t *o = ea_xcalloc(n ? n : 1, sizeof(*o));
	char buf[EA_ID_MAX];

	for (size_t i = 0; i < n; i++)
		o[i] = (uint32_t)i;
	ea_sort_index(o, n, id_cmp, v);
	for (size_t i = 0, nth = 0; i < n; i++) {
		struct ea_finding *f = &v[o[i]];

		nth = i && !id_cmp(o[i - 1], o[i], v) ? nth + 1 : 1;
		size_t l = ea_id_format(buf, f->check->id, f->has_range,
					f->r.first, (unsigned)nth);
		f->id = ea_strpool_mem(&r->strings, buf, l);
	}
	free(o);
}

void ea_checks_run(struct ea_checking *a)
{
	for (size_t i = 0; i < ea_nchecks; i++)
		ea_checks[i]->run(a);
	ea_sort(a->r->findings.v, a->r->findings.n, sizeof(*a->r->findings.v),
		finding_cmp);
	finding_ids(a->r);
}

void ea_result_free(struct ea_result *r)
{
	for (size_t i = 0; i < r->findings.n; i++) {
		free(r->findings.v[i].message);
		EA_VEC_FREE(r->findings.v[i].ev);
	}
	EA_VEC_FREE(r->findings);
	for (size_t i = 0; i < r->causes.n; i++)
		ea_cause_free(&r->causes.v[i]);
	EA_VEC_FREE(r->causes);
	EA_VEC_FREE(r->brief);
	ea_efimap_cmp_free(&r->efimap_cmp);
	ea_systab_cmps_free(&r->systab_cmp);
	ea_acpi_cmp_result_free(&r->acpi_cmp);
	ea_acpi_sysfs_cmp_free(&r->acpi_sysfs);
	free(r->headline);
	ea_strpool_free(&r->strings);
}
