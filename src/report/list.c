/* SPDX-License-Identifier: GPL-2.0-or-later */
/* --list VIEW (list.h). */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "check/explain.h"
#include "model/views.h"
#include "pipeline.h"
#include "report/list.h"

static const char *const names[EA_NLISTS] = {
	[EA_LIST_EFI_MAP] = "efi-map",	 [EA_LIST_IOMEM] = "iomem",
	[EA_LIST_MEMBLOCK] = "memblock", [EA_LIST_MEMRESERVE] = "memreserve",
	[EA_LIST_ACPI] = "acpi",	 [EA_LIST_FREE] = "free",
	[EA_LIST_CHECKS] = "checks",
};

/* the JSON array of each view (lsblk's "blockdevices") */
static const char *const json_names[EA_NLISTS] = {
	[EA_LIST_EFI_MAP] = "efi_map",	 [EA_LIST_IOMEM] = "iomem",
	[EA_LIST_MEMBLOCK] = "memblock", [EA_LIST_MEMRESERVE] = "memreserve",
	[EA_LIST_ACPI] = "acpi",	 [EA_LIST_FREE] = "free",
	[EA_LIST_CHECKS] = "checks",
};

const char *ea_list_name(enum ea_list_view v)
{
	return v < EA_NLISTS ? names[v] : "?";
}

bool ea_list_parse(const char *s, enum ea_list_view *v)
{
	for (int i = 0; i < EA_NLISTS; i++)
		if (!strcmp(s, names[i])) {
			*v = (enum ea_list_view)i;
			return true;
		}
	return false;
}

/* Columns every range view shares, at the same indices. */
enum { C_RANGE = 0, C_START, C_END, C_SIZE };
#define RANGE_COLS                                                             \
	[C_RANGE] = { "RANGE", 0, "first and last address (inclusive)" },      \
	[C_START] = { "START", 0, "first address" },                           \
	[C_END] = { "END", 0, "last address (inclusive)" },                    \
	[C_SIZE] = { "SIZE", EA_TC_RIGHT, "size (bytes with --bytes)" }

enum { EM_TYPE = C_SIZE + 1, EM_ATTR, EM_SOURCE, EM_N };
static const struct ea_tcol efi_cols[EM_N] = {
	RANGE_COLS,
	[EM_TYPE] = { "TYPE", 0, "EFI memory type" },
	[EM_ATTR] = { "ATTR", 0, "EFI attribute bits" },
	[EM_SOURCE] = { "SOURCE", 0, "the input line" },
};
static const int efi_def[] = { C_RANGE, C_SIZE, EM_TYPE, EM_ATTR, EM_SOURCE };

enum { IO_NAME = C_SIZE + 1, IO_SOURCE, IO_N };
static const struct ea_tcol iomem_cols[IO_N] = {
	RANGE_COLS,
	[IO_NAME] = { "NAME", EA_TC_TREE, "the resource, under its parent" },
	[IO_SOURCE] = { "SOURCE", 0, "the input line" },
};
static const int iomem_def[] = { IO_NAME, C_RANGE, C_SIZE };

enum { MB_TYPE = C_SIZE + 1, MB_NODE, MB_FLAGS, MB_SOURCE, MB_N };
static const struct ea_tcol mb_cols[MB_N] = {
	RANGE_COLS,
	[MB_TYPE] = { "TYPE", 0, "memory or reserved" },
	[MB_NODE] = { "NODE", EA_TC_RIGHT, "NUMA node, when printed" },
	[MB_FLAGS] = { "FLAGS", 0, "memblock flags (6.5+)" },
	[MB_SOURCE] = { "SOURCE", 0, "the input line" },
};
static const int mb_def[] = { MB_TYPE, C_RANGE, C_SIZE, MB_NODE, MB_FLAGS };

enum { MR_NAME = C_SIZE + 1, MR_COUNT, MR_NEXT, MR_N };
static const struct ea_tcol mr_cols[MR_N] = {
	RANGE_COLS,
	[MR_NAME] = { "NAME", EA_TC_TREE, "a node, or an entry under it" },
	[MR_COUNT] = { "COUNT", EA_TC_RIGHT,
		       "a node's entries in use, of its size" },
	[MR_NEXT] = { "NEXT", 0, "a node's next node, 0 at the end" },
};
static const int mr_def[] = { MR_NAME, C_RANGE, C_SIZE, MR_COUNT, MR_NEXT };

enum { AC_SIG = C_SIZE + 1, AC_FILE, AC_LOAD, AC_SOURCE, AC_N };
static const struct ea_tcol acpi_cols[AC_N] = {
	RANGE_COLS,
	[AC_SIG] = { "SIGNATURE", 0, "the table's signature" },
	[AC_FILE] = { "KEXEC_FILE", 0, "kexec_file_load's answer" },
	[AC_LOAD] = { "KEXEC_LOAD", 0, "kexec_load's answer" },
	[AC_SOURCE] = { "SOURCE", 0, "the input line that gives it" },
};
static const int acpi_def[] = { AC_SIG,	 C_RANGE, C_SIZE,
				AC_FILE, AC_LOAD, AC_SOURCE };

enum { FR_LOADER = C_SIZE + 1, FR_SOURCE, FR_N };
static const struct ea_tcol free_cols[FR_N] = {
	RANGE_COLS,
	[FR_LOADER] = { "LOADER", 0, "kexec_file or kexec_load" },
	[FR_SOURCE] = { "SOURCE", 0,
			"the line that makes its first byte free" },
};
static const int free_def[] = { FR_LOADER, C_RANGE, C_SIZE, FR_SOURCE };

enum { CK_ID = 0, CK_SEVERITY, CK_CLASS, CK_VERDICT, CK_SUMMARY, CK_N };
static const struct ea_tcol check_cols[CK_N] = {
	[CK_ID] = { "ID", 0, "the check's id (JSON, --explain)" },
	[CK_SEVERITY] = { "SEVERITY", 0, "of its findings" },
	[CK_CLASS] = { "CLASS", 0,
		       "reports, or blinds (the audit could not see)" },
	[CK_VERDICT] = { "VERDICT", 0,
			 "what a finding can make the verdict: escape, "
			 "incomplete or none" },
	[CK_SUMMARY] = { "SUMMARY", EA_TC_TRUNC, "what it finds" },
};
static const int check_def[] = { CK_ID, CK_SEVERITY, CK_CLASS, CK_VERDICT,
				 CK_SUMMARY };

#define N(a) (sizeof(a) / sizeof(*(a)))

void ea_list_columns(enum ea_list_view v, const struct ea_tcol **cols,
		     size_t *n, const int **def, size_t *ndef)
{
	switch (v) {
	case EA_LIST_EFI_MAP:
		*cols = efi_cols, *n = N(efi_cols);
		*def = efi_def, *ndef = N(efi_def);
		return;
	case EA_LIST_IOMEM:
		*cols = iomem_cols, *n = N(iomem_cols);
		*def = iomem_def, *ndef = N(iomem_def);
		return;
	case EA_LIST_MEMBLOCK:
		*cols = mb_cols, *n = N(mb_cols);
		*def = mb_def, *ndef = N(mb_def);
		return;
	case EA_LIST_MEMRESERVE:
		*cols = mr_cols, *n = N(mr_cols);
		*def = mr_def, *ndef = N(mr_def);
		return;
	case EA_LIST_ACPI:
		*cols = acpi_cols, *n = N(acpi_cols);
		*def = acpi_def, *ndef = N(acpi_def);
		return;
	case EA_LIST_FREE:
		*cols = free_cols, *n = N(free_cols);
		*def = free_def, *ndef = N(free_def);
		return;
	case EA_LIST_CHECKS:
	default:
		*cols = check_cols, *n = N(check_cols);
		*def = check_def, *ndef = N(check_def);
		return;
	}
}

/* ---- cells ---------------------------------------------------------------- */

static void range_cells(struct ea_table *t, struct ea_range r, bool bytes)
{
	char b[48];
	if (ea_table_wants(t, C_RANGE)) {
		snprintf(b, sizeof(b), "0x%016" PRIx64 "-0x%016" PRIx64,
			 r.first, r.last);
		ea_table_cell(t, C_RANGE, b);
	}
	if (ea_table_wants(t, C_START)) {
		snprintf(b, sizeof(b), "0x%016" PRIx64, r.first);
		ea_table_cell(t, C_START, b);
	}
	if (ea_table_wants(t, C_END)) {
		snprintf(b, sizeof(b), "0x%016" PRIx64, r.last);
		ea_table_cell(t, C_END, b);
	}
	if (ea_table_wants(t, C_SIZE)) {
		uint64_t sz = ea_range_size(r);
		if (bytes)
			snprintf(b, sizeof(b), "%" PRIu64, sz);
		else
			ea_size_human(b, sz);
		ea_table_cell(t, C_SIZE, b);
	}
}

static void evid_cell(struct ea_table *t, int col, const struct ea_evid *e)
{
	char b[64];
	if (!ea_table_wants(t, col))
		return;
	if (e && e->in && e->line)
		snprintf(b, sizeof(b), "%s:%u", e->in->name, e->line);
	else
		snprintf(b, sizeof(b), "%s", e && e->in ? e->in->name : "");
	ea_table_cell(t, col, b);
}

static char why_buf[640];

static const char *why_fmt(const char *what, const struct ea_input *in)
{
	snprintf(why_buf, sizeof(why_buf), "%s (%s %s%s%s)", what, in->name,
		 ea_input_status_name(in->status), in->detail ? ": " : "",
		 in->detail ? in->detail : "");
	return why_buf;
}

/* ---- views ---------------------------------------------------------------- */

static const char *efi_map(struct ea_table *t, const struct ea_audit *a,
			   bool bytes)
{
	const struct ea_sources *s = &a->src;
	const struct ea_efi_desc *v = s->dmesg.efi_map.v;
	size_t n = s->dmesg.efi_map.n;
	const struct ea_input *in = &s->in[EA_IN_DMESG];
	if (!n && s->efimap.ok) { /* no printed map: the buffer */
		v = s->efimap.desc.v;
		n = s->efimap.desc.n;
		in = s->efimap.in;
	}
	char b[32];
	for (size_t i = 0; i < n; i++) {
		ea_table_row(t, -1, NULL);
		range_cells(t, v[i].r, bytes);
		ea_table_cell(t, EM_TYPE, ea_efi_type_name(v[i].type));
		snprintf(b, sizeof(b), "0x%016" PRIx64, v[i].attr);
		ea_table_cell(t, EM_ATTR, b);
		struct ea_evid e = ea_efi_desc_evid(in, &v[i]);
		evid_cell(t, EM_SOURCE, &e);
	}
	if (n)
		return NULL;
	snprintf(why_buf, sizeof(why_buf),
		 "no EFI memory map: the kernel log has no efi=debug map, and "
		 "the map buffer was not read%s%s",
		 s->efimap.why ? ": " : "", s->efimap.why ? s->efimap.why : "");
	return why_buf;
}

static const char *iomem(struct ea_table *t, const struct ea_audit *a,
			 bool bytes)
{
	const struct ea_iomem *m = &a->src.iomem;
	for (size_t i = 0; i < m->res.n; i++) {
		const struct ea_iomem_res *r = &m->res.v[i];
		ea_table_row(
		    t, r->parent >= 0 && (size_t)r->parent < i ? r->parent : -1,
		    NULL);
		size_t len;
		const char *name = ea_iomem_name(m, r, &len);
		ea_table_celln(t, IO_NAME, name ? name : "", name ? len : 0);
		range_cells(t, r->r, bytes);
		struct ea_evid e = ea_iomem_evid(m, r);
		evid_cell(t, IO_SOURCE, &e);
	}
	const struct ea_input *in = &a->src.in[EA_IN_IOMEM];
	if (!m->res.n)
		return why_fmt("no /proc/iomem", in);
	if (m->zeroed)
		return "every /proc/iomem address is 0 (read without root)";
	return NULL;
}

/* the names memblock debugfs prints (mm/memblock.c flagname[]) */
static const char *mb_flag(enum ea_mb_flag f)
{
	static const char *const n[] = {
		[EA_MB_NONE] = "NONE",
		[EA_MB_HOTPLUG] = "HOTPLUG",
		[EA_MB_MIRROR] = "MIRROR",
		[EA_MB_NOMAP] = "NOMAP",
		[EA_MB_DRV_MNG] = "DRV_MNG",
		[EA_MB_RSV_NIT] = "RSV_NIT",
		[EA_MB_RSV_KERN] = "RSV_KERN",
		[EA_MB_KHO_SCRATCH] = "KHO_SCRATCH",
	};
	return (size_t)f < N(n) && n[f] ? n[f] : "?";
}

static void mb_rows(struct ea_table *t, const struct ea_memblock *m,
		    const char *type, bool bytes)
{
	char b[16];
	for (size_t i = 0; i < m->regions.n; i++) {
		const struct ea_mb_region *r = &m->regions.v[i];
		ea_table_row(t, -1, NULL);
		ea_table_cell(t, MB_TYPE, type);
		range_cells(t, r->r, bytes);
		if (r->nid >= 0)
			snprintf(b, sizeof(b), "%d", r->nid);
		else
			b[0] = '\0';
		ea_table_cell(t, MB_NODE, b);
		ea_table_cell(t, MB_FLAGS,
			      m->has_flags ? mb_flag(r->flag) : "");
		evid_cell(t, MB_SOURCE, &r->ev);
	}
}

static const char *memblock(struct ea_table *t, const struct ea_audit *a,
			    bool bytes)
{
	mb_rows(t, &a->src.mb_memory, "memory", bytes);
	mb_rows(t, &a->src.mb_reserved, "reserved", bytes);
	for (int i = EA_IN_MB_MEMORY; i <= EA_IN_MB_RESERVED; i++)
		if (a->src.in[i].status != EA_IN_OK)
			return why_fmt("memblock debugfs not read whole",
				       &a->src.in[i]);
	return NULL;
}

static int u64_cmp(const void *x, const void *y)
{
	uint64_t a = *(const uint64_t *)x, b = *(const uint64_t *)y;
	return a < b ? -1 : a > b;
}

static const char *memreserve(struct ea_table *t, const struct ea_audit *a,
			      bool bytes)
{
	const struct ea_sources *s = &a->src;
	const struct ea_memreserve *m = &s->memreserve;
	char b[48];
	if (!s->has_memreserve)
		return "no MEMRESERVE table in the inputs (the log's efi: "
		       "line, the EFI system table)";
	if (!m->nodes.n) {
		ea_table_row(t, -1, NULL);
		ea_table_cell(t, MR_NAME, "root (not read)");
		struct ea_range r = { s->memreserve_root,
				      s->memreserve_root + 15 };
		range_cells(t, r, bytes);
		snprintf(why_buf, sizeof(why_buf),
			 "the MEMRESERVE chain was not read: %s",
			 m->why ? m->why : "no physical memory");
		return why_buf;
	}
	/* nodes in chain order, then each entry under its node */
	uint64_t *key = ea_xcalloc(m->nodes.n * 2 + 1, sizeof(*key));
	for (size_t i = 0; i < m->nodes.n; i++) {
		const struct ea_mr_node *nd = &m->nodes.v[i];
		ea_table_row(t, -1, NULL);
		if (i)
			snprintf(b, sizeof(b), "node %zu", i);
		ea_table_cell(t, MR_NAME, i ? b : "root");
		range_cells(t, nd->r, bytes);
		snprintf(b, sizeof(b), "%" PRId32 "/%" PRId32, nd->count,
			 nd->size);
		ea_table_cell(t, MR_COUNT, b);
		snprintf(b, sizeof(b), "0x%016" PRIx64, nd->next);
		ea_table_cell(t, MR_NEXT, b);
		key[2 * i] = nd->addr;
		key[2 * i + 1] = i; /* its row */
	}
	qsort(key, m->nodes.n, 2 * sizeof(*key), u64_cmp);
	for (size_t i = 0; i < m->entries.n; i++) {
		const struct ea_mr_entry *e = &m->entries.v[i];
		uint64_t want[2] = { e->node, 0 };
		const uint64_t *k =
		    bsearch(want, key, m->nodes.n, 2 * sizeof(*key), u64_cmp);
		ea_table_row(t, k ? (long)k[1] : -1, NULL);
		snprintf(b, sizeof(b), "entry %" PRIu32, e->index);
		ea_table_cell(t, MR_NAME, b);
		range_cells(t, e->r, bytes);
	}
	free(key);
	if (m->complete)
		return NULL;
	snprintf(why_buf, sizeof(why_buf),
		 "the MEMRESERVE chain was not read whole: %s",
		 m->why ? m->why : "?");
	return why_buf;
}

static const char *acpi(struct ea_table *t, const struct ea_audit *a,
			bool bytes)
{
	size_t n = 0;
	for (size_t i = 0; i < a->m.prot.n; i++) {
		const struct ea_protected *p = &a->m.prot.v[i];
		if (p->kind != EA_KIND_ACPI_TABLE)
			continue;
		n++;
		ea_table_row(t, -1, NULL);
		const char *sig = p->name;
		if (!strncmp(sig, "ACPI ", 5))
			sig += 5;
		ea_table_cell(t, AC_SIG, sig);
		range_cells(t, p->r, bytes);
		char b[32];
		for (int l = 0; l < EA_NLOADERS; l++) {
			const struct ea_answer_detail *d = &p->loader[l];
			snprintf(b, sizeof(b), "%s%s", ea_answer_name(d->ans),
				 d->inferred ? "*" : "");
			ea_table_cell(t, l == EA_KEXEC_FILE ? AC_FILE : AC_LOAD,
				      b);
		}
		evid_cell(t, AC_SOURCE, p->ev.n ? &p->ev.v[0] : NULL);
	}
	return n ? NULL
		 : "no input gives an ACPI table's address (the log's "
		   "\"ACPI: SIG 0x...\" lines, memory, an acpidump)";
}

static const char *free_ranges(struct ea_table *t, const struct ea_audit *a,
			       bool bytes)
{
	const char *why = NULL;
	for (int l = 0; l < EA_NLOADERS; l++) {
		const struct ea_view *v = &a->m.view[l];
		const char *ln = ea_loader_name((enum ea_loader)l);
		if (!v->known) {
			snprintf(why_buf, sizeof(why_buf),
				 "the %s view is unknown: %s", ln,
				 v->unknown_reason ? v->unknown_reason : "?");
			why = why_buf;
			continue;
		}
		for (size_t i = 0; i < v->free.n; i++) {
			ea_table_row(t, -1, NULL);
			ea_table_cell(t, FR_LOADER, ln);
			range_cells(t, v->free.v[i], bytes);
			if (ea_table_wants(t, FR_SOURCE)) {
				const struct ea_view_src *src =
				    ea_view_src_at(v, v->free.v[i].first);
				evid_cell(t, FR_SOURCE, src ? &src->ev : NULL);
			}
		}
	}
	return why;
}

static void checks(struct ea_table *t)
{
	for (size_t i = 0; i < ea_nchecks; i++) {
		const struct ea_check *ck = ea_checks[i];
		ea_table_row(t, -1, NULL);
		ea_table_cell(t, CK_ID, ck->id);
		ea_table_cell(t, CK_SEVERITY, ea_severity_name(ck->sev));
		ea_table_cell(t, CK_CLASS,
			      ck->cls == EA_CK_BLINDS ? "blinds" : "reports");
		ea_table_cell(t, CK_VERDICT, ea_check_verdict_effect(ck));
		ea_table_cell(t, CK_SUMMARY, ck->summary);
	}
}

int ea_list_print(FILE *f, const struct ea_audit *a, enum ea_list_view v,
		  const struct ea_list_opts *o, const char **why)
{
	const struct ea_tcol *cols;
	const int *def;
	size_t n, ndef;
	ea_list_columns(v, &cols, &n, &def, &ndef);
	struct ea_tcol c[32];
	memcpy(c, cols, n * sizeof(*c));
	if (o->bytes && v != EA_LIST_CHECKS)
		c[C_SIZE].flags |= EA_TC_NUMBER;
	struct ea_table *t =
	    ea_table_new(c, o->cols ? o->cols : def, o->cols ? o->ncols : ndef);
	*why = NULL;
	switch (v) {
	case EA_LIST_EFI_MAP:
		*why = efi_map(t, a, o->bytes);
		break;
	case EA_LIST_IOMEM:
		*why = iomem(t, a, o->bytes);
		break;
	case EA_LIST_MEMBLOCK:
		*why = memblock(t, a, o->bytes);
		break;
	case EA_LIST_MEMRESERVE:
		*why = memreserve(t, a, o->bytes);
		break;
	case EA_LIST_ACPI:
		*why = acpi(t, a, o->bytes);
		break;
	case EA_LIST_FREE:
		*why = free_ranges(t, a, o->bytes);
		break;
	case EA_LIST_CHECKS:
	default:
		checks(t);
		break;
	}
	struct ea_table_opts to = o->table;
	to.json_name = json_names[v < EA_NLISTS ? v : EA_LIST_CHECKS];
	int rc = ea_table_print(f, t, &to);
	ea_table_free(t);
	return rc ? -1 : *why ? 2 : 0;
}
