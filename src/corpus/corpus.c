/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The modes beyond one report (corpus.h): --baseline, the gate of one
 * audit, and a corpus of snapshots audited one after another in this
 * process (each audit freed before the next: 200 snapshots cost 200
 * audits, not 200 processes).
 */
#include "corpus/corpus.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <json-c/json.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/text.h"
#include "corpus/diff.h"
#include "corpus/gate.h"
#include "corpus/rdoc.h"
#include "pipeline.h"
#include "report/emit_json.h"
#include "report/emit_text.h"

bool ea_rdoc_of_audit(struct ea_rdoc *d, const struct ea_audit *a,
		      const char *label, char **err)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&buf, &len);
	if (!m) {
		*err = ea_xasprintf("%s: open_memstream: %s", label,
				    strerror(errno));
		memset(d, 0, sizeof(*d));
		return false;
	}
	int rc = ea_emit_json(m, a);
	if (fclose(m) != 0 || rc) {
		*err =
		    ea_xasprintf("%s: the report could not be written", label);
		free(buf);
		memset(d, 0, sizeof(*d));
		return false;
	}
	bool ok = ea_rdoc_parse(d, label, buf, len, err);
	free(buf);
	return ok;
}

/* ---- --baseline ---- */

int ea_cli_baseline(FILE *out, const struct ea_audit *a, const char *now,
		    const char *baseline, const struct ea_gate *g, bool json)
{
	struct ea_rdoc before, after;
	char *err = NULL;
	if (!ea_rdoc_load(&before, baseline, &err)) {
		fprintf(stderr, "efiresv-audit: --baseline %s\n", err);
		free(err);
		ea_rdoc_free(&before);
		return 3;
	}
	if (a->r.verdict == EA_ERROR) {
		char *h = ea_text_clean(a->r.headline, strlen(a->r.headline));
		fprintf(stderr,
			"efiresv-audit: no comparison with %s: this audit "
			"could not read its inputs: %s\n",
			before.label, h);
		free(h);
		ea_rdoc_free(&before);
		return 3;
	}
	if (!ea_rdoc_of_audit(&after, a, now, &err)) {
		fprintf(stderr, "efiresv-audit: %s\n", err);
		free(err);
		ea_rdoc_free(&before);
		ea_rdoc_free(&after);
		return 3;
	}
	struct ea_diff d;
	ea_diff_make(&d, &before, &after, g);
	int rc = 0;
	if (json)
		rc = ea_diff_json(out, &d, after.label);
	else
		ea_diff_text(out, &d, after.label);
	int code = rc ? 3 : ea_diff_status(&d);
	ea_diff_free(&d);
	ea_rdoc_free(&before);
	ea_rdoc_free(&after);
	return code;
}

/* ---- the gate of one audit ---- */

static char *finding_key(const struct ea_gate_finding *f)
{
	if (f->has_range)
		return ea_xasprintf("%s@0x%016" PRIx64, f->check, f->first);
	return ea_xstrdup(f->check);
}

static json_object *jgate(const struct ea_gate *g, struct ea_gate_in *in,
			  int status, bool escape_waived)
{
	json_object *o = json_object_new_object();
	json_object_object_add(
	    o, "fail_on", json_object_new_string(ea_severity_name(g->fail_on)));
	json_object *ws = json_object_new_array();
	for (size_t i = 0; i < g->w.n; i++) {
		json_object *w = json_object_new_object();
		json_object_object_add(w, "waiver",
				       json_object_new_string(g->w.v[i].text));
		char *orig =
		    ea_text_clean(g->w.v[i].origin, strlen(g->w.v[i].origin));
		json_object_object_add(w, "origin",
				       json_object_new_string(orig));
		free(orig);
		json_object_array_add(ws, w);
	}
	json_object_object_add(o, "waivers", ws);
	json_object *waived = json_object_new_array();
	json_object *failing = json_object_new_array();
	for (size_t i = 0; i < in->f.n; i++) {
		const struct ea_gate_finding *f = &in->f.v[i];
		if (!f->waived && !f->failing)
			continue;
		json_object *x = json_object_new_object();
		char *key = finding_key(f);
		json_object_object_add(x, "finding",
				       json_object_new_string(key));
		free(key);
		json_object_object_add(
		    x, "severity",
		    json_object_new_string(ea_severity_name(f->sev)));
		if (f->waived)
			json_object_object_add(
			    x, "waiver",
			    json_object_new_string(f->waived->text));
		json_object_array_add(f->waived ? waived : failing, x);
	}
	json_object_object_add(o, "waived", waived);
	json_object_object_add(o, "failing", failing);
	json_object_object_add(o, "escape_waived",
			       json_object_new_boolean(escape_waived));
	json_object_object_add(o, "exit_status", json_object_new_int(status));
	return o;
}

int ea_cli_gate(FILE *out, const struct ea_audit *a, const struct ea_gate *g,
		bool json)
{
	struct ea_gate_in in;
	bool escape_waived;
	size_t nwaived;
	ea_gate_in_audit(&in, a);
	int status = ea_gate_judge(g, &in, &escape_waived, &nwaived);
	int rc = 0;
	if (json) {
		/* the report, with the gate's decision added as one key */
		char *buf = NULL;
		size_t len = 0;
		FILE *m = open_memstream(&buf, &len);
		rc = !m || ea_emit_json(m, a) ? -1 : 0;
		if (m && fclose(m) != 0)
			rc = -1;
		json_object *root = rc ? NULL : json_tokener_parse(buf);
		if (root) {
			json_object_object_add(
			    root, "gate", jgate(g, &in, status, escape_waived));
			const char *s = json_object_to_json_string_ext(
			    root, JSON_C_TO_STRING_PRETTY |
				      JSON_C_TO_STRING_NOSLASHESCAPE);
			if (!s || fputs(s, out) < 0 || fputc('\n', out) == EOF)
				rc = -1;
			json_object_put(root);
		} else {
			rc = -1;
		}
		free(buf);
	} else {
		ea_emit_text(out, a);
		fprintf(out, "\nGate: --fail-on %s, %zu waiver%s\n",
			ea_severity_name(g->fail_on), g->w.n,
			g->w.n == 1 ? "" : "s");
		for (size_t i = 0; i < in.f.n; i++) {
			const struct ea_gate_finding *f = &in.f.v[i];
			if (!f->waived && !f->failing)
				continue;
			char *key = finding_key(f);
			if (f->waived)
				fprintf(out, "  waived  %s [%s] by %s (%s)\n",
					key, ea_severity_name(f->sev),
					f->waived->text, f->waived->origin);
			else
				fprintf(out, "  failing %s [%s]\n", key,
					ea_severity_name(f->sev));
			free(key);
		}
		if (escape_waived)
			fprintf(out, "  the escape is waived: every finding "
				     "that makes it one is\n");
		fprintf(out, "  exit status %d\n", status);
	}
	ea_gate_in_free(&in);
	return rc ? -1 : status;
}

/* ---- many snapshots ---- */

struct snap {
	char *path;
	char *name;
};

typedef EA_VEC(struct snap) snap_vec;

struct row {
	char *name;
	char *kernel;
	enum ea_verdict verdict;
	char *headline;
	size_t critical, escapes, unknown, errors, waived;
	int status;
	const char *baseline; /* NULL: no --baseline-dir */
	char *bfile;	      /* DIR/NAME.json */
	size_t regressions;
	EA_VEC(char *) notes; /* why its status is not 0, one a line */
	EA_VEC(char *) regr;  /* the regressions against its baseline */
};

/* The snapshot's name: its directory's or tarball's base name. */
static char *snap_name(const char *path)
{
	size_t n = strlen(path);
	while (n > 1 && path[n - 1] == '/')
		n--;
	size_t s = n;
	while (s > 0 && path[s - 1] != '/')
		s--;
	size_t len = n - s;
	static const char *const ext[] = { ".tar.gz", ".tgz" };
	for (size_t i = 0; i < 2; i++) {
		size_t el = strlen(ext[i]);
		if (len > el && !strncmp(path + s + len - el, ext[i], el)) {
			len -= el;
			break;
		}
	}
	return ea_xstrndup(path + s, len);
}

static int cmp_str(const void *x, const void *y)
{
	return strcmp(*(char *const *)x, *(char *const *)y);
}

static bool is_tarball(const char *name)
{
	size_t n = strlen(name);
	return (n > 7 && !strcmp(name + n - 7, ".tar.gz")) ||
	       (n > 4 && !strcmp(name + n - 4, ".tgz"));
}

/* The subdirectories and .tar.gz of dir, by name; hidden entries, other
 * files and symbolic links are not snapshots. */
static bool list_corpus(const char *dir, snap_vec *out)
{
	DIR *d = opendir(dir);
	if (!d) {
		char *p = ea_text_clean(dir, strlen(dir));
		fprintf(stderr, "efiresv-audit: --corpus %s: %s\n", p,
			strerror(errno));
		free(p);
		return false;
	}
	EA_VEC(char *) names = { 0 };
	struct dirent *e;
	while ((e = readdir(d))) {
		struct stat st;
		if (e->d_name[0] == '.' ||
		    fstatat(dirfd(d), e->d_name, &st, AT_SYMLINK_NOFOLLOW))
			continue;
		if (S_ISDIR(st.st_mode) ||
		    (S_ISREG(st.st_mode) && is_tarball(e->d_name)))
			*EA_VEC_PUSH(names) = ea_xstrdup(e->d_name);
	}
	closedir(d);
	ea_sort(names.v, names.n, sizeof(*names.v), cmp_str);
	size_t dl = strlen(dir);
	for (size_t i = 0; i < names.n; i++) {
		struct snap *s = EA_VEC_PUSH(*out);
		s->path = ea_xasprintf("%s%s%s", dir,
				       dl && dir[dl - 1] == '/' ? "" : "/",
				       names.v[i]);
		s->name = snap_name(names.v[i]);
		free(names.v[i]);
	}
	EA_VEC_FREE(names);
	return true;
}

static void note(struct row *r, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void note(struct row *r, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	*EA_VEC_PUSH(r->notes) = ea_xvasprintf(fmt, ap);
	va_end(ap);
}

static void regr(struct row *r, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void regr(struct row *r, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	*EA_VEC_PUSH(r->regr) = ea_xvasprintf(fmt, ap);
	va_end(ap);
}

static void xml_clean(FILE *f, const char *s)
{
	if (!s)
		return;
	char *c = ea_text_clean(s, strlen(s));
	ea_text_xml(f, c);
	free(c);
}

static void xml_evid(FILE *f, const char *label, const struct ea_evid *e)
{
	if (!e->in)
		return;
	char *t = ea_evid_text(e);
	fprintf(f, "%s", label);
	xml_clean(f, e->in->name);
	if (e->line)
		fprintf(f, ":%" PRIu32, e->line);
	fputs(": ", f);
	ea_text_xml(f, t);
	fputc('\n', f);
	free(t);
}

struct junit {
	FILE *m; /* the suites, written out once the totals are known */
	char *buf;
	size_t len;
	size_t tests, failures, errors, skipped;
};

static void testcase_open(FILE *f, const char *suite, const char *name)
{
	fputs("    <testcase classname=\"", f);
	ea_text_xml(f, suite);
	fputs("\" name=\"", f);
	ea_text_xml(f, name);
	fputs("\">\n", f);
}

/* The waiver of the critical finding at first, if any. */
static const struct ea_waiver *waived_at(const struct ea_gate_in *in,
					 uint64_t first)
{
	for (size_t k = 0; k < in->f.n; k++)
		if (in->f.v[k].waived && in->f.v[k].sev == EA_SEV_CRITICAL &&
		    in->f.v[k].has_range && in->f.v[k].first == first)
			return in->f.v[k].waived;
	return NULL;
}

/* One testsuite as it is written: its testcases in f, counted; name is
 * the snapshot's, the classname of every testcase. */
struct suite {
	FILE *f;
	const char *name;
	size_t tests, failures, errors, skipped;
};

/* The audit could not read its inputs. */
static void case_audit_error(struct suite *s, const struct ea_audit *a)
{
	s->tests++;
	s->errors++;
	testcase_open(s->f, s->name, "audit");
	fputs("      <error type=\"error\" message=\"", s->f);
	xml_clean(s->f, a->r.headline);
	fputs("\"/>\n    </testcase>\n", s->f);
}

/* The failure of a critical range that escapes loader ln: why, its
 * evidence, what frees it and what to do. */
static void escape_failure(FILE *f, const struct ea_protected *p,
			   const struct ea_answer_detail *d, const char *ln)
{
	fputs("      <failure type=\"escapes\" "
	      "message=\"",
	      f);
	xml_clean(f, p->name);
	fprintf(f, " 0x%016" PRIx64 "-0x%016" PRIx64 " escapes %s%s\">",
		p->r.first, p->r.last, ln, d->inferred ? " (inferred)" : "");
	fputs("why: ", f);
	xml_clean(f, d->reason);
	fputc('\n', f);
	for (size_t k = 0; k < p->ev.n; k++)
		xml_evid(f, "evidence: ", &p->ev.v[k]);
	struct ea_evid fe = ea_answer_free_evid(d);
	xml_evid(f, "free by: ", &fe);
	const char *todo = ea_answer_what_to_do(d);
	if (todo) {
		fputs("what to do: ", f);
		xml_clean(f, todo);
		fputc('\n', f);
	}
	fputs("</failure>\n", f);
}

/* The testcase of one critical range and one loader. */
static void case_critical(struct suite *s, const struct ea_protected *p,
			  enum ea_loader l, const struct ea_gate_in *in)
{
	FILE *f = s->f;
	const struct ea_answer_detail *d = &p->loader[l];
	const char *ln = ea_loader_name(l);
	char name[128];
	snprintf(name, sizeof(name), "%s@0x%016" PRIx64 " %s",
		 ea_kind_name(p->kind), p->r.first, ln);
	s->tests++;
	testcase_open(f, s->name, name);
	const struct ea_waiver *w =
	    d->ans == EA_ESCAPES ? waived_at(in, p->r.first) : NULL;
	if (w) {
		s->skipped++;
		fputs("      <skipped message=\"waived by ", f);
		ea_text_xml(f, w->text);
		fputs(" (", f);
		xml_clean(f, w->origin);
		fputs(")\"/>\n", f);
	} else if (d->ans == EA_ESCAPES) {
		s->failures++;
		escape_failure(f, p, d, ln);
	} else if (d->ans == EA_UNKNOWN || d->inferred) {
		s->errors++;
		fprintf(f, "      <error type=\"%s\" message=\"",
			d->ans == EA_UNKNOWN ? "unknown" : "inferred");
		xml_clean(f, d->reason);
		fputs("\"/>\n", f);
	}
	fputs("    </testcase>\n", f);
}

/* A testcase per other finding that fails the gate. */
static void cases_findings(struct suite *s, const struct ea_audit *a,
			   const struct ea_gate_in *in)
{
	FILE *f = s->f;
	for (size_t i = 0; i < in->f.n; i++) {
		const struct ea_gate_finding *x = &in->f.v[i];
		/* an escaping range is its own testcase (case_critical) */
		if (!x->failing || !strcmp(x->check, "critical_range_escapes"))
			continue;
		const struct ea_finding *af = &a->r.findings.v[i];
		char *key = finding_key(x);
		char *name = ea_xasprintf("finding %s", key);
		s->tests++;
		s->failures++;
		testcase_open(f, s->name, name);
		fprintf(f, "      <failure type=\"%s\" message=\"",
			ea_severity_name(x->sev));
		xml_clean(f, af->message);
		fputs("\">", f);
		xml_clean(f, af->message);
		fputc('\n', f);
		for (size_t k = 0; k < af->ev.n; k++)
			xml_evid(f, "", &af->ev.v[k]);
		fputs("</failure>\n    </testcase>\n", f);
		free(name);
		free(key);
	}
}

/* The comparison with the baseline: a failure with its regressions, or
 * its headline. */
static void case_baseline(struct suite *s, const struct row *r,
			  const char *diffline, bool diff_failed)
{
	FILE *f = s->f;
	s->tests++;
	testcase_open(f, s->name, "baseline");
	if (diff_failed) {
		s->failures++;
		fputs("      <failure type=\"regression\" message=\"", f);
		ea_text_xml(f, diffline);
		fputs("\">", f);
		for (size_t k = 0; k < r->regr.n; k++) {
			ea_text_xml(f, r->regr.v[k]);
			fputc('\n', f);
		}
		fputs("</failure>\n", f);
	} else {
		fputs("      <system-out>", f);
		ea_text_xml(f, diffline);
		fputs("</system-out>\n", f);
	}
	fputs("    </testcase>\n", f);
}

/* The testsuite element, its counts and properties, around the testcases
 * in body; its counts go to the totals. */
static void suite_write(struct junit *j, const struct suite *s,
			const struct row *r, const char *body, size_t blen)
{
	fputs("  <testsuite name=\"", j->m);
	ea_text_xml(j->m, r->name);
	fprintf(j->m,
		"\" tests=\"%zu\" failures=\"%zu\" errors=\"%zu\" "
		"skipped=\"%zu\">\n    <properties>\n",
		s->tests, s->failures, s->errors, s->skipped);
	static const char *const keys[] = { "verdict", "kernel", "headline" };
	const char *vals[] = { ea_verdict_name(r->verdict), r->kernel,
			       r->headline };
	for (size_t k = 0; k < 3; k++) {
		fprintf(j->m, "      <property name=\"%s\" value=\"", keys[k]);
		ea_text_xml(j->m, vals[k]);
		fputs("\"/>\n", j->m);
	}
	fprintf(j->m,
		"      <property name=\"exit_status\" value=\"%d\"/>\n"
		"    </properties>\n",
		r->status);
	fwrite(body, 1, blen, j->m);
	fputs("  </testsuite>\n", j->m);
	j->tests += s->tests;
	j->failures += s->failures;
	j->errors += s->errors;
	j->skipped += s->skipped;
}

/* A testsuite for one snapshot: a testcase per critical range and loader
 * (a failure when it escapes, with why and what to do; an error when the
 * answer is unknown or only inferred; skipped when its escape is waived),
 * a testcase per other finding that fails the gate, one for the audit
 * when it could not read its inputs, and one for the baseline. */
static void junit_suite(struct junit *j, const struct ea_audit *a,
			const struct row *r, const struct ea_gate_in *in,
			const char *diffline, bool diff_failed)
{
	char *body = NULL;
	size_t blen = 0;
	struct suite s = { .f = open_memstream(&body, &blen), .name = r->name };
	if (!s.f)
		return;
	if (a->r.verdict == EA_ERROR)
		case_audit_error(&s, a);
	for (size_t i = 0; i < a->m.prot.n; i++) {
		const struct ea_protected *p = &a->m.prot.v[i];
		if (p->tier != EA_TIER_CRITICAL)
			continue;
		for (int l = 0; l < EA_NLOADERS; l++)
			case_critical(&s, p, (enum ea_loader)l, in);
	}
	cases_findings(&s, a, in);
	if (diffline)
		case_baseline(&s, r, diffline, diff_failed);
	if (fclose(s.f) != 0) {
		free(body);
		return;
	}
	suite_write(j, &s, r, body, blen);
	free(body);
}

/* --junit FILE: a new file (never through a link). */
static int junit_write(const char *path, struct junit *j)
{
	if (fclose(j->m) != 0)
		return -1;
	j->m = NULL;
	int fd = open(
	    path, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0644);
	FILE *f = fd < 0 ? NULL : fdopen(fd, "w");
	if (!f) {
		char *p = ea_text_clean(path, strlen(path));
		fprintf(stderr, "efiresv-audit: --junit %s: %s\n", p,
			strerror(errno));
		free(p);
		if (fd >= 0)
			close(fd);
		return -1;
	}
	fprintf(f,
		"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		"<testsuites name=\"efiresv-audit\" tests=\"%zu\" "
		"failures=\"%zu\" errors=\"%zu\" skipped=\"%zu\">\n",
		j->tests, j->failures, j->errors, j->skipped);
	fwrite(j->buf, 1, j->len, f);
	fputs("</testsuites>\n", f);
	int rc = fclose(f) != 0 ? -1 : 0;
	if (rc) {
		char *p = ea_text_clean(path, strlen(path));
		fprintf(stderr, "efiresv-audit: --junit %s: write failed\n", p);
		free(p);
	}
	return rc;
}

/* The regression lines of a comparison, for the notes of a row. */
static void diff_notes(struct row *r, const struct ea_diff *d)
{
	if (d->verdict_regression)
		regr(r, "verdict: %s -> %s", ea_verdict_name(d->b->verdict),
		     ea_verdict_name(d->a->verdict));
	for (size_t i = 0; i < d->inputs.n; i++)
		if (d->inputs.v[i].regression)
			regr(r, "input %s: %s -> %s", d->inputs.v[i].b->name,
			     d->inputs.v[i].b->status,
			     d->inputs.v[i].a ? d->inputs.v[i].a->status
					      : "not listed");
	for (size_t i = 0; i < d->ranges.n; i++) {
		const struct ea_d_range *e = &d->ranges.v[i];
		for (size_t k = 0; k < e->nans; k++) {
			const struct ea_d_answer *x = &e->ans[k];
			if (!x->regression)
				continue;
			const struct ea_rd_answer *s[2] = { x->b, x->a };
			const char *w[2];
			for (int m = 0; m < 2; m++)
				w[m] = !s[m]			 ? "none"
				       : s[m]->ans == EA_ESCAPES ? "escapes"
				       : s[m]->ans == EA_UNKNOWN ? "unknown"
				       : s[m]->inferred ? "protected (inferred)"
							: "protected";
			regr(r, "%s %s: %s -> %s (%s)", e->a->key,
			     ea_loader_name(x->loader), w[0], w[1], e->a->name);
		}
	}
	for (size_t i = 0; i < d->findings.n; i++) {
		const struct ea_d_finding *e = &d->findings.v[i];
		/* one said with a range whose answer got worse is not said
		 * again */
		bool said = false;
		if (e->range != SIZE_MAX) {
			const struct ea_d_range *g = &d->ranges.v[e->range];
			for (size_t k = 0; k < g->nans; k++)
				said |= g->ans[k].regression;
		}
		if (e->regression && !said)
			regr(r, "finding %s: %s [%s]: %s", e->a->key,
			     e->how == EA_DF_APPEARED ? "appeared"
						      : "more severe",
			     ea_severity_name(e->a->sev), e->a->message);
	}
}

static void row_free(struct row *r)
{
	free(r->name);
	free(r->kernel);
	free(r->headline);
	free(r->bfile);
	for (size_t i = 0; i < r->notes.n; i++)
		free(r->notes.v[i]);
	EA_VEC_FREE(r->notes);
	for (size_t i = 0; i < r->regr.n; i++)
		free(r->regr.v[i]);
	EA_VEC_FREE(r->regr);
}

static void jl_row(FILE *out, const struct row *r, const struct ea_gate_in *in,
		   const char *diffword, const char *diffline)
{
	/* with a baseline, the comparison decides: the audit's own failing
	 * findings are not listed as failing */
	bool own = !r->baseline || !strcmp(r->baseline, "no baseline");
	json_object *o = json_object_new_object();
	json_object_object_add(o, "snapshot", json_object_new_string(r->name));
	json_object_object_add(
	    o, "kernel", r->kernel ? json_object_new_string(r->kernel) : NULL);
	json_object_object_add(
	    o, "verdict", json_object_new_string(ea_verdict_name(r->verdict)));
	json_object_object_add(o, "headline",
			       json_object_new_string(r->headline));
	json_object_object_add(o, "critical",
			       json_object_new_uint64(r->critical));
	json_object_object_add(o, "escapes",
			       json_object_new_uint64(r->escapes));
	json_object_object_add(o, "unknown",
			       json_object_new_uint64(r->unknown));
	json_object_object_add(o, "errors", json_object_new_uint64(r->errors));
	json_object_object_add(o, "waived", json_object_new_uint64(r->waived));
	json_object *fl = json_object_new_array();
	json_object *wl = json_object_new_array();
	for (size_t i = 0; i < in->f.n; i++) {
		const struct ea_gate_finding *f = &in->f.v[i];
		if (!(f->failing && own) && !f->waived)
			continue;
		json_object *x = json_object_new_object();
		char *key = finding_key(f);
		char *msg = ea_text_clean(f->message, strlen(f->message));
		json_object_object_add(x, "finding",
				       json_object_new_string(key));
		json_object_object_add(
		    x, "severity",
		    json_object_new_string(ea_severity_name(f->sev)));
		json_object_object_add(x, "message",
				       json_object_new_string(msg));
		if (f->waived)
			json_object_object_add(
			    x, "waiver",
			    json_object_new_string(f->waived->text));
		json_object_array_add(f->waived ? wl : fl, x);
		free(key);
		free(msg);
	}
	json_object_object_add(o, "failing", fl);
	json_object_object_add(o, "waived_findings", wl);
	json_object *b = NULL;
	if (r->baseline) {
		b = json_object_new_object();
		json_object_object_add(b, "file",
				       json_object_new_string(r->bfile));
		json_object_object_add(b, "status",
				       json_object_new_string(diffword));
		json_object_object_add(
		    b, "headline",
		    diffline ? json_object_new_string(diffline) : NULL);
		json_object_object_add(b, "regressions",
				       json_object_new_uint64(r->regressions));
		json_object *items = json_object_new_array();
		for (size_t i = 0; i < r->regr.n; i++)
			json_object_array_add(
			    items, json_object_new_string(r->regr.v[i]));
		json_object_object_add(b, "regression_items", items);
	}
	json_object_object_add(o, "baseline", b);
	json_object_object_add(o, "exit_status",
			       json_object_new_int(r->status));
	fprintf(
	    out, "%s\n",
	    json_object_to_json_string_ext(
		o, JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE));
	fflush(out);
	json_object_put(o);
}

/* The comparison of one snapshot with its stored report: diffword is the
 * row's baseline status; diffline, the comparison's headline or why there
 * is none (NULL when none was made); failed, whether it fails the
 * snapshot. */
struct cmp {
	char *diffline;
	const char *diffword;
	bool failed;
};

/* The row's columns from the audit and the gate's judgement of it. */
static void row_fill(struct row *r, const struct snap *s,
		     const struct ea_audit *a, const struct ea_gate_in *in,
		     size_t nwaived)
{
	r->name = ea_text_clean(s->name, strlen(s->name));
	r->kernel = a->m.kernel
			? ea_text_clean(a->m.kernel, strlen(a->m.kernel))
			: NULL;
	r->headline = ea_text_clean(a->r.headline, strlen(a->r.headline));
	r->verdict = a->r.verdict;
	r->critical = a->r.summary.critical;
	r->escapes = a->r.summary.critical_escaping;
	r->unknown = a->r.summary.unknown;
	r->waived = nwaived;
	for (size_t i = 0; i < in->f.n; i++)
		r->errors +=
		    in->f.v[i].sev == EA_SEV_ERROR && !in->f.v[i].waived;
}

/* The audit against the stored report at path: the status is the
 * comparison's, or 3 when either report cannot be read. */
static void compare_stored(struct row *r, struct cmp *c, const char *path,
			   const struct ea_audit *a, const struct ea_gate *g)
{
	/* zeroed: when the stored report cannot be read, after is never
	 * filled, and both are freed below */
	struct ea_rdoc before = { 0 }, after = { 0 };
	char *err = NULL;
	if (!ea_rdoc_load(&before, path, &err) ||
	    !ea_rdoc_of_audit(&after, a, r->name, &err)) {
		r->baseline = c->diffword = "error";
		r->status = 3;
		note(r, "%s", err);
		c->diffline = ea_xstrdup(err);
		c->failed = true;
		free(err);
	} else {
		struct ea_diff d;
		ea_diff_make(&d, &before, &after, g);
		r->baseline = c->diffword = ea_diff_word(&d);
		r->status = ea_diff_status(&d);
		r->regressions = d.regressions;
		c->failed = r->status != 0;
		c->diffline = ea_diff_headline(&d);
		diff_notes(r, &d);
		ea_diff_free(&d);
	}
	ea_rdoc_free(&before);
	ea_rdoc_free(&after);
}

/* --baseline-dir: DIR/NAME.json, when there is one, decides the status. */
static void compare_baseline(struct row *r, struct cmp *c,
			     const struct ea_corpus_opts *o,
			     const struct snap *s, const struct ea_audit *a)
{
	char *path = ea_xasprintf("%s/%s.json", o->baseline_dir, s->name);
	struct stat st;
	r->bfile = ea_text_clean(path, strlen(path));
	if (lstat(path, &st) != 0 && errno == ENOENT) {
		char *p = ea_text_clean(path, strlen(path));
		r->baseline = c->diffword = "no baseline";
		note(r,
		     "no baseline: %s does not exist; the audit's "
		     "own status counts",
		     p);
		free(p);
	} else if (a->r.verdict == EA_ERROR) {
		r->baseline = c->diffword = "error";
		r->status = 3;
	} else {
		compare_stored(r, c, path, a, o->gate);
	}
	free(path);
}

/* The audit's own status: say why it is not 0. */
static void own_status_notes(struct row *r, const struct ea_audit *a,
			     const struct ea_gate_in *in, bool escape_waived)
{
	if (r->status == 1 && !escape_waived && a->r.verdict == EA_ESCAPE)
		note(r, "%s", r->headline);
	else if (r->status != 0 && r->status != 1)
		note(r, "%s", r->headline);
	for (size_t i = 0; i < in->f.n; i++) {
		const struct ea_gate_finding *f = &in->f.v[i];
		if (!f->failing)
			continue;
		char *key = finding_key(f);
		char *msg = ea_text_clean(f->message, strlen(f->message));
		note(r, "%s [%s]: %s", key, ea_severity_name(f->sev), msg);
		free(key);
		free(msg);
	}
}

static void waived_notes(struct row *r, const struct ea_gate_in *in)
{
	for (size_t i = 0; i < in->f.n; i++) {
		const struct ea_gate_finding *f = &in->f.v[i];
		if (!f->waived)
			continue;
		char *key = finding_key(f);
		char *orig =
		    ea_text_clean(f->waived->origin, strlen(f->waived->origin));
		note(r, "waived: %s [%s] by %s (%s)", key,
		     ea_severity_name(f->sev), f->waived->text, orig);
		free(key);
		free(orig);
	}
}

/* a file cut while the audit read it: its evidence may be zeros */
static void shrunk_notes(struct row *r)
{
	size_t ns;
	char **shrunk = ea_input_shrunk(&ns);
	for (size_t i = 0; i < ns; i++) {
		char *p = ea_text_clean(shrunk[i], strlen(shrunk[i]));
		note(r,
		     "%s: the file shrank while it was read; evidence "
		     "quoted from it may be zeros",
		     p);
		free(p);
		free(shrunk[i]);
		r->status = ea_status_worst(r->status, 3);
	}
	free(shrunk);
}

/* One snapshot: audit, gate, comparison; the row and the JUnit suite. */
static void one(FILE *out, const struct ea_corpus_opts *o, const struct snap *s,
		struct row *r, struct junit *j)
{
	struct ea_audit a;
	ea_audit_init(&a);
	a.opt = *o->opt;
	ea_sources_use_snapshot(&a.src, s->path);
	ea_run(&a);

	struct ea_gate_in in;
	bool escape_waived;
	size_t nwaived;
	ea_gate_in_audit(&in, &a);
	r->status = ea_gate_judge(o->gate, &in, &escape_waived, &nwaived);
	row_fill(r, s, &a, &in, nwaived);

	struct cmp c = { 0 };
	if (o->baseline_dir)
		compare_baseline(r, &c, o, s, &a);
	if (!r->baseline || !strcmp(r->baseline, "no baseline"))
		own_status_notes(r, &a, &in, escape_waived);
	waived_notes(r, &in);
	shrunk_notes(r);
	if (j)
		junit_suite(j, &a, r, &in, c.diffline, c.failed);
	if (o->json)
		jl_row(out, r, &in, c.diffword, c.diffline);
	free(c.diffline);
	ea_gate_in_free(&in);
	ea_audit_free(&a);
}

static int width(const char *s)
{
	return s ? (int)strlen(s) : 1;
}

static void table(FILE *out, struct row *rows, size_t n, bool baseline,
		  int worst)
{
	int wn = (int)strlen("snapshot"), wk = (int)strlen("kernel"),
	    wb = (int)strlen("baseline");
	size_t tot[6] = { 0 }, verdicts[4] = { 0 };
	for (size_t i = 0; i < n; i++) {
		if (width(rows[i].name) > wn)
			wn = width(rows[i].name);
		if (width(rows[i].kernel) > wk)
			wk = width(rows[i].kernel);
		if (rows[i].baseline && width(rows[i].baseline) > wb)
			wb = width(rows[i].baseline);
	}
	fprintf(out, "%-*s  %-*s  %-10s %8s %7s %7s %6s %6s", wn, "snapshot",
		wk, "kernel", "verdict", "critical", "escapes", "unknown",
		"errors", "waived");
	if (baseline)
		fprintf(out, "  %-*s", wb, "baseline");
	fprintf(out, "  %s\n", "exit");
	for (size_t i = 0; i < n; i++) {
		const struct row *r = &rows[i];
		fprintf(out, "%-*s  %-*s  %-10s %8zu %7zu %7zu %6zu %6zu", wn,
			r->name, wk, r->kernel ? r->kernel : "-",
			ea_verdict_name(r->verdict), r->critical, r->escapes,
			r->unknown, r->errors, r->waived);
		if (baseline)
			fprintf(out, "  %-*s", wb,
				r->baseline ? r->baseline : "-");
		fprintf(out, "  %d\n", r->status);
		tot[0] += r->critical;
		tot[1] += r->escapes;
		tot[2] += r->unknown;
		tot[3] += r->errors;
		tot[4] += r->waived;
		tot[5] += r->regressions;
		verdicts[r->verdict]++;
	}
	fprintf(out, "%-*s  %-*s  %-10s %8zu %7zu %7zu %6zu %6zu", wn, "total",
		wk, "", "", tot[0], tot[1], tot[2], tot[3], tot[4]);
	if (baseline)
		fprintf(out, "  %-*s", wb, "");
	fprintf(out, "  %d\n", worst);
	fprintf(out,
		"\n%zu snapshot%s: %zu clean, %zu escape, %zu incomplete, "
		"%zu error",
		n, n == 1 ? "" : "s", verdicts[EA_CLEAN], verdicts[EA_ESCAPE],
		verdicts[EA_INCOMPLETE], verdicts[EA_ERROR]);
	if (baseline)
		fprintf(out, "; %zu regression%s against the baseline", tot[5],
			tot[5] == 1 ? "" : "s");
	fprintf(out, "; exit status %d\n", worst);
	for (size_t i = 0; i < n; i++) {
		const struct row *r = &rows[i];
		if (!r->notes.n && !r->regr.n)
			continue;
		fprintf(out, "\n%s (exit %d):\n", r->name, r->status);
		for (size_t k = 0; k < r->notes.n; k++)
			fprintf(out, "  %s\n", r->notes.v[k]);
		for (size_t k = 0; k < r->regr.n; k++)
			fprintf(out, "  %s\n", r->regr.v[k]);
	}
}

/* The snapshots to audit: the --snapshot ones in the order given, then
 * those of --corpus DIR by name; false (after saying why) when the
 * directory cannot be listed or holds none. */
static bool gather(const struct ea_corpus_opts *o, snap_vec *snaps)
{
	for (size_t i = 0; i < o->nsnapshots; i++) {
		struct snap *s = EA_VEC_PUSH(*snaps);
		s->path = ea_xstrdup(o->snapshots[i]);
		s->name = snap_name(o->snapshots[i]);
	}
	if (o->dir && !list_corpus(o->dir, snaps))
		return false;
	if (!snaps->n) {
		char *p = ea_text_clean(o->dir ? o->dir : "",
					strlen(o->dir ? o->dir : ""));
		fprintf(stderr,
			"efiresv-audit: --corpus %s: no snapshot (a "
			"subdirectory or a .tar.gz) in it\n",
			p);
		free(p);
		return false;
	}
	return true;
}

/* a name twice cannot be paired with one stored report */
static bool names_unique(const snap_vec *snaps)
{
	for (size_t i = 0; i < snaps->n; i++)
		for (size_t k = i + 1; k < snaps->n; k++)
			if (!strcmp(snaps->v[i].name, snaps->v[k].name)) {
				char *n = ea_text_clean(
				    snaps->v[i].name, strlen(snaps->v[i].name));
				char *p1 = ea_text_clean(
				    snaps->v[i].path, strlen(snaps->v[i].path));
				char *p2 = ea_text_clean(
				    snaps->v[k].path, strlen(snaps->v[k].path));
				fprintf(stderr,
					"efiresv-audit: two snapshots are "
					"named %s (%s and %s): a snapshot is "
					"known by its name\n",
					n, p1, p2);
				free(n);
				free(p1);
				free(p2);
				return false;
			}
	return true;
}

/* -J: the last line, the totals. */
static void total_json(FILE *out, const struct row *rows, size_t n, int worst)
{
	size_t verdicts[4] = { 0 }, tot[6] = { 0 };
	for (size_t i = 0; i < n; i++) {
		verdicts[rows[i].verdict]++;
		tot[0] += rows[i].critical;
		tot[1] += rows[i].escapes;
		tot[2] += rows[i].unknown;
		tot[3] += rows[i].errors;
		tot[4] += rows[i].waived;
		tot[5] += rows[i].regressions;
	}
	fprintf(out,
		"{\"total\":{\"snapshots\":%zu,\"clean\":%zu,"
		"\"escape\":%zu,\"incomplete\":%zu,\"error\":%zu,"
		"\"critical\":%zu,\"escapes\":%zu,\"unknown\":%zu,"
		"\"errors\":%zu,\"waived\":%zu,\"regressions\":%zu,"
		"\"exit_status\":%d}}\n",
		n, verdicts[EA_CLEAN], verdicts[EA_ESCAPE],
		verdicts[EA_INCOMPLETE], verdicts[EA_ERROR], tot[0], tot[1],
		tot[2], tot[3], tot[4], tot[5], worst);
}

int ea_corpus_run(FILE *out, const struct ea_corpus_opts *o)
{
	snap_vec snaps = { 0 };
	int worst = 0;
	if (!gather(o, &snaps) || !names_unique(&snaps))
		worst = 64;
	struct junit j = { 0 };
	if (!worst && o->junit) {
		j.m = open_memstream(&j.buf, &j.len);
		if (!j.m)
			worst = 3;
	}
	struct row *rows = ea_xcalloc(snaps.n + 1, sizeof(*rows));
	size_t n = 0;
	bool stop = worst == 64 || worst == 3; /* nothing to run */
	for (size_t i = 0; !stop && i < snaps.n; i++) {
		one(out, o, &snaps.v[i], &rows[n], o->junit ? &j : NULL);
		worst =
		    n ? ea_status_worst(worst, rows[n].status) : rows[n].status;
		n++;
	}
	if (n && o->junit && junit_write(o->junit, &j) != 0)
		worst = ea_status_worst(worst, 3);
	if (j.m)
		fclose(j.m);
	free(j.buf);
	if (n && o->json)
		total_json(out, rows, n, worst);
	else if (n)
		table(out, rows, n, o->baseline_dir != NULL, worst);
	for (size_t i = 0; i < n; i++)
		row_free(&rows[i]);
	free(rows);
	for (size_t i = 0; i < snaps.n; i++) {
		free(snaps.v[i].path);
		free(snaps.v[i].name);
	}
	EA_VEC_FREE(snaps);
	return worst;
}
