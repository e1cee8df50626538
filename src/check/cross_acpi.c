/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The ACPI walk against the log and sysfs (cross_acpi.h). */
#include "check/cross_acpi.h"

#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/bytes.h"

#define NONE ((size_t)-1)

static unsigned long long ull(uint64_t v)
{
	return (unsigned long long)v;
}

/* --- against the kernel log --------------------------------------------- */

const char *ea_acpi_cmp_kind_name(enum ea_acpi_cmp_kind k)
{
	switch (k) {
	case EA_ACPI_CMP_SAME:
		return "same";
	case EA_ACPI_CMP_LENGTH_DIFFERS:
		return "length_differs";
	case EA_ACPI_CMP_SIG_DIFFERS:
		return "signature_differs";
	case EA_ACPI_CMP_ADDR_DIFFERS:
		return "address_differs";
	case EA_ACPI_CMP_ONLY_LOG:
		return "only_in_log";
	case EA_ACPI_CMP_ONLY_MEM:
		return "only_in_memory";
	case EA_ACPI_CMP_MEM_UNREAD:
		return "memory_unread";
	case EA_ACPI_CMP_LOG_NOT_PHYSICAL:
		return "log_not_physical";
	}
	return "unknown";
}

/* Sort records: an index into one of two arrays, keyed by address or by
 * signature; ties keep the source order, so the k-th FACP pairs with the
 * k-th FACP. */
struct key {
	uint64_t addr;
	char sig[5];
	size_t i;
};

static int by_addr(const void *a, const void *b)
{
	const struct key *x = a, *y = b;
	if (x->addr != y->addr)
		return x->addr < y->addr ? -1 : 1;
	return x->i < y->i ? -1 : x->i > y->i;
}

static int by_sig(const void *a, const void *b)
{
	const struct key *x = a, *y = b;
	int c = strcmp(x->sig, y->sig);
	if (c)
		return c;
	return x->i < y->i ? -1 : x->i > y->i;
}

struct cmp_build {
	struct ea_acpi_cmp_result *out;
	EA_VEC(size_t) order; /* sort key per record */
};

static void emit(struct cmp_build *cb, enum ea_acpi_cmp_kind k, bool differs,
		 const struct ea_acpi_mtable *m, const struct ea_acpi_table *l,
		 size_t order, const char *msg)
{
	struct ea_acpi_cmp *c = EA_VEC_PUSH(cb->out->v);
	c->kind = k;
	c->differs = differs;
	c->mem = m;
	c->log = l;
	c->msg = msg;
	*EA_VEC_PUSH(cb->order) = order;
	if (differs)
		cb->out->ndiffer++;
	if (k == EA_ACPI_CMP_LOG_NOT_PHYSICAL)
		cb->out->nskipped++;
}

static void pair(struct cmp_build *cb, const struct ea_acpi_mtable *m,
		 const struct ea_acpi_table *l, size_t order)
{
	if (!m->readable) {
		emit(cb, EA_ACPI_CMP_MEM_UNREAD, false, m, l, order,
		     "the memory walk reached the address but not the table");
	} else if (strcmp(m->sig, l->sig) != 0) {
		emit(cb, EA_ACPI_CMP_SIG_DIFFERS, true, m, l, order,
		     ea_xasprintf(
			 "at 0x%016llx memory has a table signed \"%s\" (%s), "
			 "the log names %s",
			 ull(m->addr), m->sig, m->found_via, l->sig));
	} else if (m->length != l->length) {
		emit(cb, EA_ACPI_CMP_LENGTH_DIFFERS, true, m, l, order,
		     ea_xasprintf(
			 "%s at 0x%016llx: its header in memory says length "
			 "0x%x, the log says 0x%x",
			 m->sig, ull(m->addr), m->length, l->length));
	} else {
		emit(cb, EA_ACPI_CMP_SAME, false, m, l, order,
		     "memory and the log agree");
	}
}

struct ord {
	size_t order, i;
};

static int by_order(const void *a, const void *b)
{
	const struct ord *x = a, *y = b;
	if (x->order != y->order)
		return x->order < y->order ? -1 : 1;
	return x->i < y->i ? -1 : x->i > y->i;
}

/* The matching of the walk (m) with the log (d): a sort key per table of
 * each side, and which tables are paired (mm, ml). */
struct dmesg_match {
	const struct ea_acpi_mem *m;
	const struct ea_dmesg *d;
	struct cmp_build cb;
	size_t nm, nl, nkl;
	struct key *km, *kl; /* kl: the log's tables at a physical address */
	bool *mm, *ml;
};

/* The keys of both sides; a log line without a physical address is not
 * compared. */
static void dmesg_keys(struct dmesg_match *x)
{
	for (size_t i = 0; i < x->nm; i++) {
		x->km[i].addr = x->m->tables.v[i].addr;
		memcpy(x->km[i].sig, x->m->tables.v[i].sig, 5);
		x->km[i].i = i;
	}
	for (size_t i = 0; i < x->nl; i++) {
		const struct ea_acpi_table *l = &x->d->acpi.v[i];
		if (l->virt || !l->addr) {
			x->ml[i] = true;
			emit(&x->cb, EA_ACPI_CMP_LOG_NOT_PHYSICAL, false, NULL,
			     l, x->nm + i,
			     "not a physical address (a table loaded at run "
			     "time, or a header printed without its address): "
			     "not compared");
			continue;
		}
		x->kl[x->nkl].addr = l->addr;
		memcpy(x->kl[x->nkl].sig, l->sig, 5);
		x->kl[x->nkl].i = i;
		x->nkl++;
	}
}

/* 1: by address */
static void dmesg_pair_by_addr(struct dmesg_match *x)
{
	struct key *km = x->km, *kl = x->kl;
	size_t nm = x->nm, nkl = x->nkl;

	ea_sort(km, nm, sizeof(*km), by_addr);
	ea_sort(kl, nkl, sizeof(*kl), by_addr);
	for (size_t a = 0, b = 0; a < nm && b < nkl;) {
		if (km[a].addr < kl[b].addr) {
			a++;
		} else if (km[a].addr > kl[b].addr) {
			b++;
		} else {
			/* every log line at this address pairs with the
			 * (single: the walk lists an address once) row */
			uint64_t at = km[a].addr;
			for (; b < nkl && kl[b].addr == at; b++) {
				pair(&x->cb, &x->m->tables.v[km[a].i],
				     &x->d->acpi.v[kl[b].i], km[a].i);
				x->ml[kl[b].i] = true;
			}
			x->mm[km[a].i] = true;
			a++;
		}
	}
}

/* 2: what is left, by signature and instance */
static void dmesg_pair_by_sig(struct dmesg_match *x)
{
	struct key *km = x->km, *kl = x->kl;
	size_t rm = 0, rl = 0;

	for (size_t i = 0; i < x->nm; i++)
		if (!x->mm[km[i].i] && x->m->tables.v[km[i].i].readable)
			km[rm++] = km[i];
	for (size_t i = 0; i < x->nkl; i++)
		if (!x->ml[kl[i].i])
			kl[rl++] = kl[i];
	if (rm && rl) { /* nothing to pair when one side is done */
		ea_sort(km, rm, sizeof(*km), by_sig);
		ea_sort(kl, rl, sizeof(*kl), by_sig);
	}
	for (size_t a = 0, b = 0; a < rm && b < rl;) {
		int c = strcmp(km[a].sig, kl[b].sig);
		if (c < 0) {
			a++;
		} else if (c > 0) {
			b++;
		} else {
			const struct ea_acpi_mtable *t =
			    &x->m->tables.v[km[a].i];
			const struct ea_acpi_table *l = &x->d->acpi.v[kl[b].i];
			emit(&x->cb, EA_ACPI_CMP_ADDR_DIFFERS, true, t, l,
			     km[a].i,
			     ea_xasprintf(
				 "%s: the memory walk found it at 0x%016llx "
				 "(%s, length 0x%x), the log at 0x%016llx "
				 "(length 0x%x)",
				 t->sig, ull(t->addr), t->found_via, t->length,
				 ull(l->addr), l->length));
			x->mm[km[a].i] = x->ml[kl[b].i] = true;
			a++;
			b++;
		}
	}
}

/* 3: in one source only */
static void dmesg_unpaired(struct dmesg_match *x)
{
	const struct ea_acpi_mem *m = x->m;
	/* a log that starts at boot and lists tables would list this one */
	bool log_full = x->d->starts_at_boot && x->nl > 0;

	for (size_t i = 0; i < x->nm; i++) {
		const struct ea_acpi_mtable *t = &m->tables.v[i];
		if (x->mm[i])
			continue;
		emit(&x->cb, EA_ACPI_CMP_ONLY_MEM, log_full, t, NULL, i,
		     !log_full
			 ? "not named in the log, which does not start at "
			   "boot or lists no table"
		     : t->readable
			 ? ea_xasprintf("%s at 0x%016llx (%s) is not named in "
					"the log",
					t->sig, ull(t->addr), t->found_via)
			 : ea_xasprintf("the table at 0x%016llx (%s; %s) is "
					"not named in the log",
					ull(t->addr), t->found_via, t->status));
	}
	for (size_t i = 0; i < x->nl; i++) {
		const struct ea_acpi_table *l = &x->d->acpi.v[i];
		if (x->ml[i])
			continue;
		emit(&x->cb, EA_ACPI_CMP_ONLY_LOG, m->complete, NULL, l,
		     x->nm + i,
		     m->complete ? ea_xasprintf(
				       "%s at 0x%016llx (log) is not reachable "
				       "from the RSDP in memory",
				       l->sig, ull(l->addr))
				 : "not reached by the memory walk, which is "
				   "incomplete");
	}
}

/* the walk's order, then the log's: permute records by their key
 * (unless they were emitted in that order) */
static void dmesg_in_order(struct cmp_build *cb)
{
	struct ea_acpi_cmp_result *out = cb->out;
	size_t n = out->v.n, k = 1;
	while (k < n && cb->order.v[k - 1] <= cb->order.v[k])
		k++;
	if (k < n) {
		struct ea_acpi_cmp *tmp = ea_xcalloc(n, sizeof(*tmp));
		struct ord *ix = ea_xcalloc(n, sizeof(*ix));
		for (size_t i = 0; i < n; i++) {
			ix[i].order = cb->order.v[i];
			ix[i].i = i;
		}
		/* ties (several log lines on one row) keep their emission
		 * order */
		ea_sort(ix, n, sizeof(*ix), by_order);
		for (size_t i = 0; i < n; i++)
			tmp[i] = out->v.v[ix[i].i];
		memcpy(out->v.v, tmp, n * sizeof(*tmp));
		free(tmp);
		free(ix);
	}
}

void ea_acpi_compare_dmesg(const struct ea_acpi_mem *m,
			   const struct ea_dmesg *d,
			   struct ea_acpi_cmp_result *out)
{
	size_t nm = m->tables.n, nl = d->acpi.n;
	struct dmesg_match x = {
		.m = m,
		.d = d,
		.cb = { out, { 0 } },
		.nm = nm,
		.nl = nl,
		.km = ea_xcalloc(nm, sizeof(*x.km)),
		.kl = ea_xcalloc(nl, sizeof(*x.kl)),
		.mm = ea_xcalloc(nm, sizeof(*x.mm)),
		.ml = ea_xcalloc(nl, 1),
	};

	dmesg_keys(&x);
	dmesg_pair_by_addr(&x);
	dmesg_pair_by_sig(&x);
	dmesg_unpaired(&x);
	dmesg_in_order(&x.cb);
	EA_VEC_FREE(x.cb.order);
	free(x.km);
	free(x.kl);
	free(x.mm);
	free(x.ml);
}

void ea_acpi_cmp_result_free(struct ea_acpi_cmp_result *r)
{
	for (size_t i = 0; i < r->v.n; i++)
		if (r->v.v[i].differs) /* the others' sentences are fixed */
			free((char *)r->v.v[i].msg);
	EA_VEC_FREE(r->v);
	memset(r, 0, sizeof(*r));
}

/* --- against /sys/firmware/acpi/tables ---------------------------------- */

const char *ea_acpi_file_kind_name(enum ea_acpi_file_kind k)
{
	switch (k) {
	case EA_ACPI_FILE_SAME:
		return "same";
	case EA_ACPI_FILE_BYTES_DIFFER:
		return "bytes_differ";
	case EA_ACPI_FILE_LENGTH_DIFFERS:
		return "length_differs";
	case EA_ACPI_FILE_NOT_COMPARED:
		return "not_compared";
	case EA_ACPI_FILE_ONLY_FILE:
		return "only_in_sysfs";
	case EA_ACPI_FILE_ONLY_MEM:
		return "only_in_memory";
	case EA_ACPI_FILE_UNREADABLE:
		return "unreadable";
	}
	return "unknown";
}

struct sfile {
	char name[16];
	char *path;
	char *err; /* why the file is unusable */
	unsigned char *b;
	size_t mapped; /* ea_input_take() */
	size_t len;
	struct ea_evid ev;
	size_t mem; /* matched row, or NONE */
};

static int sfile_cmp(const void *a, const void *b)
{
	return strcmp(((const struct sfile *)a)->name,
		      ((const struct sfile *)b)->name);
}

/* "SIG" or "SIG<n>", n in 1..999 without leading zeros (ACPI_MAX_TABLE_
 * INSTANCES; acpi_table_attr_init() prints it with "%u"). */
static bool table_file_name(const char *n)
{
	size_t l = strlen(n);
	if (l < 4 || l > 7)
		return false;
	for (size_t i = 0; i < 4; i++)
		if (n[i] <= 0x20 || n[i] >= 0x7f)
			return false;
	if (l == 4)
		return true;
	if (n[4] < '1' || n[4] > '9')
		return false;
	for (size_t i = 5; i < l; i++)
		if (n[i] < '0' || n[i] > '9')
			return false;
	return true;
}

static void file_row(struct ea_acpi_sysfs_cmp *out, enum ea_acpi_file_kind k,
		     bool differs, const struct sfile *f,
		     const struct ea_acpi_mtable *m, uint64_t first_diff,
		     char *msg)
{
	struct ea_acpi_file_cmp *c = EA_VEC_PUSH(out->v);
	c->kind = k;
	c->differs = differs;
	c->mem = m;
	c->first_diff = first_diff;
	c->msg = msg;
	if (f) {
		snprintf(c->name, sizeof(c->name), "%s", f->name);
		c->path = ea_xstrdup(f->path);
		c->file_len = f->len;
		c->ev = f->ev;
	} else {
		c->ev = m->ev;
	}
	if (differs)
		out->ndiffer++;
}

static void read_sfile(struct sfile *f, const struct ea_tree *t,
		       const char *rel, struct ea_input *listing,
		       struct ea_diags *diags)
{
	struct ea_input in = { .name = "acpi_sysfs" };
	char *frel = ea_tree_join(rel, f->name);
	int err;
	if (!ea_tree_load(t, frel, EA_ACPI_MAX_TABLE, &in, &err)) {
		f->err =
		    err == EFBIG
			? ea_xasprintf("more than %u bytes, past the limit",
				       EA_ACPI_MAX_TABLE)
			: ea_xstrdup(in.detail ? in.detail : "unreadable");
	} else {
		f->len = in.len;
		f->b = (unsigned char *)ea_input_take(&in, &f->mapped);
	}
	ea_input_free(&in);
	free(frel);
	if (f->err) {
		f->ev = ea_listing_add(listing, "%s: unreadable: %s", f->name,
				       f->err);
		ea_diag_add(diags, f->ev, "%s: %s", f->path, f->err);
		return;
	}
	/* Signature @0 and Length @4 of the file's bytes */
	const struct ea_bytes fb = ea_bytes_of(f->b, f->len);
	unsigned char sigb[4];
	uint32_t hl;
	if (!ea_bytes_copy(&fb, 0, sigb, 4) || !ea_bytes_u32(&fb, 4, &hl)) {
		f->ev = ea_listing_add(listing,
				       "%s: %zu bytes, too short for a "
				       "signature and length",
				       f->name, f->len);
		ea_diag_add(diags, f->ev, "%s: %zu bytes, not a table", f->path,
			    f->len);
		return;
	}
	char sig[5];
	ea_acpi_field(sig, sigb, 4);
	if (!memcmp(sig, "FACS", 4)) {
		f->ev = ea_listing_add(listing,
				       "%s: %zu bytes, signature \"%s\", "
				       "length %u, no checksum",
				       f->name, f->len, sig, hl);
	} else {
		uint8_t s = ea_acpi_sum8(f->b, f->len);
		f->ev = ea_listing_add(listing,
				       "%s: %zu bytes, signature \"%s\", "
				       "length %u, checksum %s (sum 0x%02x)",
				       f->name, f->len, sig, hl,
				       s ? "BAD" : "ok", s);
	}
	if (memcmp(sig, f->name, 4) != 0)
		ea_diag_add(diags, f->ev,
			    "%s holds a table signed \"%s\", not its name's",
			    f->path, sig);
	if (hl != f->len)
		ea_diag_add(diags, f->ev,
			    "%s: %zu bytes, but its header says length %u",
			    f->path, f->len, hl);
}

static bool linux_lists(const char *sig)
{
	return strcmp(sig, "RSDP") && strcmp(sig, "XSDT") &&
	       strcmp(sig, "RSDT");
}

/* The matching of the walk (m) with the files of one sysfs directory. */
struct sysfs_match {
	const struct ea_acpi_mem *m;
	struct ea_acpi_sysfs_cmp *out;
	const char *dir;	 /* the listing's path */
	EA_VEC(struct sfile) fs; /* by name */
	/* per table of the walk: the name Linux gives it, and whether a file
	 * has that name */
	size_t nm, nk;
	struct key *k; /* the tables Linux lists, by signature */
	char (*want)[16];
	bool *matched;
	const char *unc; /* said of a difference when instances_uncertain */
};

/* The table files of the directory, by name, each read and listed. */
static bool sysfs_files(struct sysfs_match *x, const struct ea_tree *tree,
			const char *rel, struct ea_input *listing,
			struct ea_evid nowhere, struct ea_diags *diags)
{
	char **names;
	size_t nn;
	int err;
	if (!ea_tree_list(tree, rel, &names, &nn, &err)) {
		x->out->why =
		    ea_xasprintf("%s: %s", x->dir, ea_tree_strerror(err));
		return false;
	}
	x->out->dir_read = true;
	for (size_t i = 0; i < nn; i++) {
		const char *n = names[i];
		char *frel = ea_tree_join(rel, n);
		enum ea_tree_kind kind = ea_tree_kind(tree, frel);
		free(frel);
		if (kind == EA_TREE_NONE || kind == EA_TREE_DIR) {
			/* data/ and dynamic/ hold other things */
			continue;
		}
		char *path = ea_xasprintf("%s/%s", x->dir, n);
		if (!table_file_name(n)) {
			ea_diag_add(diags, nowhere,
				    "%s: not a table name (SIG or SIG<n>); "
				    "ignored",
				    path);
			free(path);
			continue;
		}
		if (x->fs.n >= EA_ACPI_MAX_ENTRIES) {
			ea_diag_add(diags, nowhere,
				    "%s: more than %d files; the rest are "
				    "ignored",
				    x->dir, EA_ACPI_MAX_ENTRIES);
			free(path);
			break;
		}
		struct sfile *f = EA_VEC_PUSH(x->fs);
		memcpy(f->name, n, strlen(n) + 1); /* at most 7 + NUL */
		f->path = path;
		f->mem = NONE;
	}
	free(names);
	ea_sort(x->fs.v, x->fs.n, sizeof(*x->fs.v), sfile_cmp);
	for (size_t i = 0; i < x->fs.n; i++)
		read_sfile(&x->fs.v[i], tree, rel, listing, diags);
	return true;
}

/* the name Linux gives each table of the walk: its signature, with
 * the instance number when several share it */
static void sysfs_want_names(struct sysfs_match *x)
{
	struct key *k = x->k;
	size_t nk = 0;
	for (size_t i = 0; i < x->nm; i++) {
		const struct ea_acpi_mtable *t = &x->m->tables.v[i];
		if (!t->readable) {
			x->out->instances_uncertain = true;
			continue;
		}
		if (!linux_lists(t->sig))
			continue;
		memcpy(k[nk].sig, t->sig, 5);
		k[nk].i = i;
		nk++;
	}
	ea_sort(k, nk, sizeof(*k), by_sig);
	for (size_t a = 0; a < nk;) {
		size_t b = a;
		while (b < nk && !strcmp(k[b].sig, k[a].sig))
			b++;
		for (size_t j = a; j < b; j++) {
			if (b - a == 1)
				snprintf(x->want[k[j].i], 16, "%s", k[j].sig);
			else
				snprintf(x->want[k[j].i], 16, "%s%u", k[j].sig,
					 (unsigned)(j - a + 1));
		}
		a = b;
	}
	x->nk = nk;
}

/* Each table of the walk with the file of its name, if any. */
static void sysfs_match_names(struct sysfs_match *x)
{
	for (size_t j = 0; j < x->nk; j++) {
		size_t i = x->k[j].i;
		struct sfile key;
		memcpy(key.name, x->want[i], sizeof(key.name));
		struct sfile *f = x->fs.n ? bsearch(&key, x->fs.v, x->fs.n,
						    sizeof(*x->fs.v), sfile_cmp)
					  : NULL;
		if (f) {
			f->mem = i;
			x->matched[i] = true;
		}
	}
}

/* A file whose table the walk has: its length, then its bytes. */
static void sysfs_file_vs_table(struct ea_acpi_sysfs_cmp *out,
				const struct sfile *f,
				const struct ea_acpi_mtable *t)
{
	if (f->len != t->length) {
		file_row(out, EA_ACPI_FILE_LENGTH_DIFFERS, true, f, t, 0,
			 ea_xasprintf("%s is %zu bytes; %s at 0x%016llx (%s) "
				      "says length %u",
				      f->path, f->len, t->sig, ull(t->addr),
				      t->found_via, t->length));
	} else if (!t->whole) {
		file_row(out, EA_ACPI_FILE_NOT_COMPARED, false, f, t, 0,
			 ea_xasprintf("%s: same length as %s at 0x%016llx, "
				      "whose bytes are not all in memory: %s",
				      f->path, t->sig, ull(t->addr),
				      t->status ? t->status : "unread"));
	} else {
		size_t d = 0;
		while (d < f->len && f->b[d] == t->bytes[d])
			d++;
		if (d == f->len)
			file_row(out, EA_ACPI_FILE_SAME, false, f, t, 0,
				 ea_xasprintf("%s: the same %zu bytes as %s at "
					      "0x%016llx (%s)",
					      f->path, f->len, t->sig,
					      ull(t->addr), t->found_via));
		else
			file_row(out, EA_ACPI_FILE_BYTES_DIFFER, true, f, t, d,
				 ea_xasprintf("%s differs from %s at 0x%016llx "
					      "(%s) from byte %zu (0x%02x in "
					      "the file, 0x%02x in memory at "
					      "0x%016llx)",
					      f->path, t->sig, ull(t->addr),
					      t->found_via, d, f->b[d],
					      t->bytes[d], ull(t->addr + d)));
	}
}

/* A row per file, in name order. */
static void sysfs_file_rows(struct sysfs_match *x)
{
	const struct ea_acpi_mem *m = x->m;
	struct ea_acpi_sysfs_cmp *out = x->out;
	for (size_t i = 0; i < x->fs.n; i++) {
		const struct sfile *f = &x->fs.v[i];
		if (f->err) {
			file_row(out, EA_ACPI_FILE_UNREADABLE, false, f, NULL,
				 0, ea_xasprintf("%s: %s", f->path, f->err));
			continue;
		}
		if (f->mem == NONE) {
			bool d = m->complete && !out->instances_uncertain;
			file_row(out, EA_ACPI_FILE_ONLY_FILE, d, f, NULL, 0,
				 m->complete
				     ? ea_xasprintf(
					   "%s (%zu bytes) is not among the "
					   "tables reachable from the RSDP%s",
					   f->path, f->len, x->unc)
				     : ea_xasprintf(
					   "%s (%zu bytes): the memory walk "
					   "has no readable table of that "
					   "name; it is incomplete: %s",
					   f->path, f->len,
					   m->why ? m->why : "not walked"));
			continue;
		}
		sysfs_file_vs_table(out, f, &m->tables.v[f->mem]);
	}
}

/* Then a row per table Linux would list that has no file. */
static void sysfs_mem_rows(struct sysfs_match *x)
{
	struct ea_acpi_sysfs_cmp *out = x->out;
	for (size_t i = 0; i < x->nm; i++) {
		const struct ea_acpi_mtable *t = &x->m->tables.v[i];
		if (!t->readable || !linux_lists(t->sig) || x->matched[i])
			continue;
		file_row(
		    out, EA_ACPI_FILE_ONLY_MEM, !out->instances_uncertain, NULL,
		    t, 0,
		    ea_xasprintf("%s at 0x%016llx (%s) has no file %s in %s%s",
				 t->sig, ull(t->addr), t->found_via, x->want[i],
				 x->dir, x->unc));
		snprintf(out->v.v[out->v.n - 1].name, 16, "%s", x->want[i]);
	}
}

void ea_acpi_compare_sysfs_tree(const struct ea_acpi_mem *m,
				const struct ea_tree *tree, const char *rel,
				struct ea_input *listing,
				struct ea_acpi_sysfs_cmp *out,
				struct ea_diags *diags)
{
	struct sysfs_match x = { .m = m, .out = out };
	struct ea_evid nowhere = ea_evid_line(listing, 0, NULL, 0);

	if (!listing->name)
		listing->name = "acpi_sysfs";
	free(listing->path);
	listing->path = ea_tree_path(tree, rel);
	x.dir = listing->path;
	if (!sysfs_files(&x, tree, rel, listing, nowhere, diags))
		return;

	x.nm = m->tables.n;
	x.k = ea_xcalloc(x.nm, sizeof(*x.k));
	x.want = ea_xcalloc(x.nm, sizeof(*x.want));
	x.matched = ea_xcalloc(x.nm, sizeof(*x.matched));
	sysfs_want_names(&x);
	sysfs_match_names(&x);
	x.unc = out->instances_uncertain
		    ? " (the walk could not read every table's "
		      "signature, so instance numbers may not line "
		      "up)"
		    : "";
	sysfs_file_rows(&x);
	sysfs_mem_rows(&x);

	for (size_t i = 0; i < x.fs.n; i++) {
		free(x.fs.v[i].path);
		free(x.fs.v[i].err);
		ea_bytes_free(x.fs.v[i].b, x.fs.v[i].mapped);
	}
	EA_VEC_FREE(x.fs);
	free(x.k);
	free(x.want);
	free(x.matched);
}

void ea_acpi_compare_sysfs(const struct ea_acpi_mem *m, const char *dir,
			   struct ea_input *listing,
			   struct ea_acpi_sysfs_cmp *out,
			   struct ea_diags *diags)
{
	struct ea_tree *t = ea_tree_open_dir(dir);
	ea_acpi_compare_sysfs_tree(m, t, "", listing, out, diags);
	ea_tree_close(t);
}

void ea_acpi_sysfs_cmp_free(struct ea_acpi_sysfs_cmp *c)
{
	for (size_t i = 0; i < c->v.n; i++) {
		free(c->v.v[i].path);
		free(c->v.v[i].msg);
	}
	EA_VEC_FREE(c->v);
	free(c->why);
	memset(c, 0, sizeof(*c));
}
