/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Tables through libsmartcols, or written directly when long (table.h). */
#include <libsmartcols.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/text.h"
#include "core/util.h"
#include "report/table.h"

#define EA_TABLE_MAX_COLS 32

struct ea_table {
	const struct ea_tcol *cols;
	int sel[EA_TABLE_MAX_COLS];
	size_t nsel;
	int slot[EA_TABLE_MAX_COLS]; /* column index -> position, or -1 */
	size_t nrows, cap;
	/* the cells, row by row: offsets into buf; 0 is an unset cell */
	uint32_t *off;
	int32_t *parent;    /* per row, or NULL while no row has one */
	const char **color; /* per row, or NULL while no row has one */
	char *buf;
	size_t blen, bcap;
};

bool ea_table_columns(const struct ea_tcol *cols, size_t ncols, const int *def,
		      size_t ndef, const char *list, int *out, size_t *nout,
		      size_t max, const char **bad, size_t *badlen)
{
	size_t n = 0;
	if (*list == '+') {
		for (size_t i = 0; i < ndef && n < max; i++)
			out[n++] = def[i];
		list++;
	}
	for (const char *p = list;;) {
		size_t len = strcspn(p, ",");
		int found = -1;
		for (size_t c = 0; len && c < ncols; c++)
			if (strlen(cols[c].name) == len &&
			    !strncasecmp(cols[c].name, p, len))
				found = (int)c;
		if (found < 0 || n >= max) {
			*bad = p;
			*badlen = len;
			return false;
		}
		out[n++] = found;
		if (!p[len])
			break;
		p += len + 1;
	}
	*nout = n;
	return true;
}

struct ea_table *ea_table_new(const struct ea_tcol *cols, const int *sel,
			      size_t nsel)
{
	struct ea_table *t = ea_xcalloc(1, sizeof(*t));
	t->cols = cols;
	for (int i = 0; i < EA_TABLE_MAX_COLS; i++)
		t->slot[i] = -1;
	for (size_t i = 0; i < nsel && i < EA_TABLE_MAX_COLS; i++) {
		t->sel[t->nsel] = sel[i];
		if (sel[i] >= 0 && sel[i] < EA_TABLE_MAX_COLS &&
		    t->slot[sel[i]] < 0)
			t->slot[sel[i]] = (int)t->nsel;
		t->nsel++;
	}
	/* offset 0 is the unset cell */
	t->bcap = 1 << 16;
	t->buf = ea_xrealloc(NULL, t->bcap, 1);
	t->buf[0] = '\0';
	t->blen = 1;
	return t;
}

void ea_table_free(struct ea_table *t)
{
	if (!t)
		return;
	free(t->off);
	free(t->parent);
	free(t->color);
	free(t->buf);
	free(t);
}

bool ea_table_wants(const struct ea_table *t, int col)
{
	return col >= 0 && col < EA_TABLE_MAX_COLS && t->slot[col] >= 0;
}

size_t ea_table_rows(const struct ea_table *t)
{
	return t->nrows;
}

size_t ea_table_row(struct ea_table *t, long parent, const char *color)
{
	if (t->nrows == t->cap) {
		size_t nc = t->cap ? t->cap * 2 : 64;
		t->off = ea_xrealloc(t->off, nc * (t->nsel ? t->nsel : 1),
				     sizeof(*t->off));
		if (t->parent)
			t->parent =
			    ea_xrealloc(t->parent, nc, sizeof(*t->parent));
		if (t->color)
			t->color = ea_xrealloc(t->color, nc, sizeof(*t->color));
		t->cap = nc;
	}
	size_t r = t->nrows++;
	memset(&t->off[r * t->nsel], 0, t->nsel * sizeof(*t->off));
	if (parent >= 0 && !t->parent) {
		t->parent = ea_xrealloc(NULL, t->cap, sizeof(*t->parent));
		for (size_t i = 0; i < r; i++)
			t->parent[i] = -1;
	}
	if (t->parent)
		t->parent[r] = (int32_t)parent;
	if (color && !t->color)
		t->color = ea_xcalloc(t->cap, sizeof(*t->color));
	if (t->color)
		t->color[r] = color;
	return r;
}

void ea_table_celln(struct ea_table *t, int col, const char *text, size_t n)
{
	if (!t->nrows || !ea_table_wants(t, col))
		return;
	size_t need = t->blen + EA_TEXT_CLEAN_MAX(n) + 1;
	if (need > UINT32_MAX) /* the offsets are 32-bit: 4 GiB of cells */
		return;
	if (need > t->bcap) {
		size_t nc = t->bcap;
		while (nc < need)
			nc *= 2;
		t->buf = ea_xrealloc(t->buf, nc, 1);
		t->bcap = nc;
	}
	size_t at = t->blen;
	if (!memchr(text, '\0', n)) {
		memcpy(t->buf + at, text, n);
		t->buf[at + n] = '\0';
		t->blen += n + 1;
	} else { /* a NUL would end the cell: shown as core/text.h does */
		t->blen += ea_text_clean_to(t->buf + at, text, n) + 1;
	}
	t->off[(t->nrows - 1) * t->nsel + (size_t)t->slot[col]] = (uint32_t)at;
}

void ea_table_cell(struct ea_table *t, int col, const char *text)
{
	ea_table_celln(t, col, text ? text : "", text ? strlen(text) : 0);
}

static const char *cell(const struct ea_table *t, size_t r, size_t s)
{
	return t->buf + t->off[r * t->nsel + s];
}

/* ---- libsmartcols ------------------------------------------------------ */

static int print_scols(FILE *f, const struct ea_table *t,
		       const struct ea_table_opts *o, bool tree)
{
	struct libscols_table *tb = scols_new_table();
	struct libscols_line **ln = NULL;
	int rc = -1;
	if (!tb)
		return -1;
	scols_table_set_stream(tb, f);
	scols_table_enable_raw(tb, o->raw);
	scols_table_enable_export(tb, o->pairs);
	scols_table_enable_json(tb, o->json);
	scols_table_enable_noheadings(tb, o->noheadings);
	scols_table_enable_colors(tb, o->color);
	if (o->json && o->json_name)
		scols_table_set_name(tb, o->json_name);
	for (size_t s = 0; s < t->nsel; s++) {
		const struct ea_tcol *c = &t->cols[t->sel[s]];
		int fl = (c->flags & EA_TC_RIGHT ? SCOLS_FL_RIGHT : 0) |
			 (tree && (c->flags & EA_TC_TREE) ? SCOLS_FL_TREE : 0) |
			 (c->flags & EA_TC_TRUNC ? SCOLS_FL_TRUNC : 0);
		struct libscols_column *cl =
		    scols_table_new_column(tb, c->name, 0, fl);
		if (!cl)
			goto out;
		if (c->flags & EA_TC_NUMBER)
			scols_column_set_json_type(cl, SCOLS_JSON_NUMBER);
	}
	ln = ea_xcalloc(t->nrows + 1, sizeof(*ln));
	for (size_t r = 0; r < t->nrows; r++) {
		struct libscols_line *parent = NULL;
		if (tree && t->parent && t->parent[r] >= 0 &&
		    (size_t)t->parent[r] < r)
			parent = ln[t->parent[r]];
		ln[r] = scols_table_new_line(tb, parent);
		if (!ln[r])
			goto out;
		if (t->color && t->color[r])
			scols_line_set_color(ln[r], t->color[r]);
		for (size_t s = 0; s < t->nsel; s++) {
			if (!t->off[r * t->nsel + s])
				continue;
			/* JSON is written as the bytes are: valid UTF-8 and
			 * no control byte first (core/text.h) */
			const char *v = cell(t, r, s);
			char *c = o->json ? ea_text_clean(v, strlen(v)) : NULL;
			int e = scols_line_set_data(ln[r], s, c ? c : v);
			free(c);
			if (e)
				goto out;
		}
	}
	rc = scols_print_table(tb) ? -1 : 0;
out:
	free(ln);
	scols_unref_table(tb);
	return rc;
}

/* ---- written directly ---------------------------------------------------- */

enum enc { ENC_COLUMNS, ENC_RAW, ENC_PAIRS };

/* Per form, the bytes libsmartcols writes as \xHH (in the "C" locale):
 * every byte outside printable ASCII; in raw output also blanks and '\';
 * in pairs '\', '"', '`' and '$'; in columns '\' only before 'x' (2 in
 * the table: look at the next byte). */
static unsigned char esc[3][256];

static void esc_init(void)
{
	if (esc[0][0])
		return;
	for (int e = 0; e < 3; e++)
		for (int b = 0; b < 256; b++)
			esc[e][b] = b < 0x20 || b >= 0x7f;
	esc[ENC_COLUMNS]['\\'] = 2;
	esc[ENC_RAW]['\\'] = esc[ENC_RAW][' '] = 1;
	esc[ENC_PAIRS]['\\'] = esc[ENC_PAIRS]['"'] = 1;
	esc[ENC_PAIRS]['`'] = esc[ENC_PAIRS]['$'] = 1;
}

static bool escaped(const unsigned char *tab, const char *s, size_t i)
{
	unsigned char k = tab[(unsigned char)s[i]];
	return k == 1 || (k == 2 && s[i + 1] == 'x');
}

/* The width of s as written, and its length */
static size_t enc_width(const unsigned char *tab, const char *s, size_t *len)
{
	size_t w = 0, i = 0;
	for (; s[i]; i++)
		if (tab[(unsigned char)s[i]] && escaped(tab, s, i))
			w += 3;
	*len = i;
	return w + i;
}

struct out {
	FILE *f;
	char *p;
	size_t n, cap;
	bool failed;
};

static void flush(struct out *o)
{
	if (o->n && fwrite(o->p, 1, o->n, o->f) != o->n)
		o->failed = true;
	o->n = 0;
}

static void put(struct out *o, const char *s, size_t n)
{
	if (o->n + n > o->cap) {
		flush(o);
		if (n > o->cap) {
			if (fwrite(s, 1, n, o->f) != n)
				o->failed = true;
			return;
		}
	}
	memcpy(o->p + o->n, s, n);
	o->n += n;
}

static void pad(struct out *o, size_t n)
{
	static const char blanks[] = "                                ";
	while (n) {
		size_t k = n < sizeof(blanks) - 1 ? n : sizeof(blanks) - 1;
		put(o, blanks, k);
		n -= k;
	}
}

static void put_enc(struct out *o, const unsigned char *tab, const char *s)
{
	static const char hex[] = "0123456789abcdef";
	size_t run = 0, i = 0;
	for (; s[i]; i++) {
		if (!tab[(unsigned char)s[i]] || !escaped(tab, s, i))
			continue;
		put(o, s + run, i - run);
		unsigned char b = (unsigned char)s[i];
		char x[4] = { '\\', 'x', hex[b >> 4], hex[b & 15] };
		put(o, x, 4);
		run = i + 1;
	}
	put(o, s + run, i - run);
}

/* A tree's rows in the order libsmartcols draws them (each root in turn,
 * then its children depth first, each list in the order rows were made),
 * with their depth and whether each is the last of its siblings. */
struct walk {
	uint32_t *ord, *depth;
	bool *last;
	size_t maxdepth;
};

static void tree_walk(const struct ea_table *t, struct walk *w)
{
	size_t n = t->nrows;
	int32_t *first = ea_xrealloc(NULL, n + 1, sizeof(*first));
	int32_t *next = ea_xrealloc(NULL, n + 1, sizeof(*next));
	int32_t *tail = ea_xrealloc(NULL, n + 1, sizeof(*tail));
	int32_t *up = ea_xrealloc(NULL, n + 1, sizeof(*up));
	int32_t root = -1, root_tail = -1;
	w->ord = ea_xrealloc(NULL, n + 1, sizeof(*w->ord));
	w->depth = ea_xrealloc(NULL, n + 1, sizeof(*w->depth));
	w->last = ea_xcalloc(n + 1, sizeof(*w->last));
	w->maxdepth = 0;
	for (size_t r = 0; r < n; r++) {
		first[r] = next[r] = tail[r] = -1;
		/* as print_scols(): a parent made after its child is none */
		int32_t p = t->parent[r] >= 0 && (size_t)t->parent[r] < r
				? t->parent[r]
				: -1;
		up[r] = p;
		int32_t *head = p < 0 ? &root : &first[p];
		int32_t *end = p < 0 ? &root_tail : &tail[p];
		if (*end < 0)
			*head = (int32_t)r;
		else
			next[*end] = (int32_t)r;
		*end = (int32_t)r;
	}
	size_t k = 0, d = 0;
	for (int32_t x = root; x >= 0;) {
		w->ord[k] = (uint32_t)x;
		w->depth[k] = (uint32_t)d;
		w->last[k++] = next[x] < 0;
		if (d > w->maxdepth)
			w->maxdepth = d;
		if (first[x] >= 0) {
			x = first[x];
			d++;
			continue;
		}
		while (x >= 0 && next[x] < 0) {
			x = up[x];
			d--;
		}
		if (x >= 0)
			x = next[x];
	}
	free(first);
	free(next);
	free(tail);
	free(up);
}

static int print_direct(FILE *f, const struct ea_table *t,
			const struct ea_table_opts *o, bool tree)
{
	enum enc e = o->pairs ? ENC_PAIRS : o->raw ? ENC_RAW : ENC_COLUMNS;
	esc_init();
	const unsigned char *tab = esc[e];
	size_t *w = ea_xcalloc(t->nsel + 1, sizeof(*w)), len;
	struct out out = { f, ea_xrealloc(NULL, 1 << 16, 1), 0, 1 << 16,
			   false };
	/* a tree (the column form only): rows in drawing order, the tree
	 * column's cells after "| " or "  " per ancestor below the top and
	 * "|-" or "`-" (libsmartcols' ASCII symbols) */
	struct walk wk = { 0 };
	long ts = -1;
	bool *anc = NULL;
	if (tree) {
		tree_walk(t, &wk);
		for (size_t s = 0; s < t->nsel && ts < 0; s++)
			if (t->cols[t->sel[s]].flags & EA_TC_TREE)
				ts = (long)s;
		anc = ea_xcalloc(wk.maxdepth + 2, sizeof(*anc));
	}
	/* columns: each cell's width (bit 31: it has escapes), measured once;
	 * a last column on the left is neither padded nor measured */
	uint32_t *cw = NULL;
	size_t measured = t->nsel;
	if (e == ENC_COLUMNS && t->nsel &&
	    !(t->cols[t->sel[t->nsel - 1]].flags & EA_TC_RIGHT) &&
	    (long)t->nsel - 1 != ts)
		measured--;
	if (e == ENC_COLUMNS) {
		cw = ea_xrealloc(NULL, t->nrows * t->nsel + 1, sizeof(*cw));
		/* the header counts even when it is not printed */
		for (size_t s = 0; s < t->nsel; s++)
			w[s] = strlen(t->cols[t->sel[s]].name);
		for (size_t k = 0; k < t->nrows; k++) {
			size_t r = tree ? wk.ord[k] : k;
			for (size_t s = 0; s < measured; s++) {
				size_t x = enc_width(tab, cell(t, r, s), &len);
				cw[r * t->nsel + s] =
				    (uint32_t)x | (x != len ? 1u << 31 : 0);
				if ((long)s == ts && wk.depth[k])
					x += 2 * wk.depth[k];
				if (x > w[s])
					w[s] = x;
			}
		}
	}
	for (long k = o->noheadings || o->pairs ? 0 : -1; k < (long)t->nrows;
	     k++) {
		long r = k < 0 || !tree ? k : (long)wk.ord[k];
		const char *color =
		    r >= 0 && o->color && e == ENC_COLUMNS && t->color
			? t->color[r]
			: NULL;
		if (color)
			put(&out, color, strlen(color));
		for (size_t s = 0; s < t->nsel; s++) {
			const struct ea_tcol *c = &t->cols[t->sel[s]];
			const char *v = r < 0 ? c->name : cell(t, (size_t)r, s);
			bool last = s + 1 == t->nsel;
			if (s)
				put(&out, " ", 1);
			if (e == ENC_PAIRS) {
				put(&out, c->name, strlen(c->name));
				put(&out, "=\"", 2);
				put_enc(&out, tab, v);
				put(&out, "\"", 1);
				continue;
			}
			if (e == ENC_RAW) {
				put_enc(&out, tab, v);
				continue;
			}
			size_t x;
			if (r < 0) {
				x = len = strlen(v);
			} else if (s < measured) {
				uint32_t m = cw[(size_t)r * t->nsel + s];
				x = m & ~(1u << 31);
				len = m >> 31 ? 0 : x;
			} else {
				x = enc_width(tab, v, &len);
			}
			size_t pre = 0;
			if (r >= 0 && (long)s == ts && wk.depth[k]) {
				size_t d = wk.depth[k];
				anc[d] = wk.last[k];
				for (size_t i = 1; i < d; i++)
					put(&out, anc[i] ? "  " : "| ", 2);
				put(&out, wk.last[k] ? "`-" : "|-", 2);
				pre = 2 * d;
			}
			/* an empty last cell is not padded, even on the
			 * right */
			if ((c->flags & EA_TC_RIGHT) && !(last && !x))
				pad(&out, w[s] - x - pre);
			if (r < 0 || x == len)
				put(&out, v, x);
			else
				put_enc(&out, tab, v);
			if (!(c->flags & EA_TC_RIGHT) && !last)
				pad(&out, w[s] - x - pre);
		}
		if (color)
			put(&out, "\033[0m", 4);
		put(&out, "\n", 1);
	}
	flush(&out);
	free(out.p);
	free(cw);
	free(w);
	free(anc);
	free(wk.ord);
	free(wk.depth);
	free(wk.last);
	return out.failed ? -1 : 0;
}

int ea_table_print(FILE *f, const struct ea_table *t,
		   const struct ea_table_opts *o)
{
	struct ea_table_opts oo = *o;
	/* as libsmartcols: no colour in raw, pairs or JSON output */
	oo.color = o->color && !o->raw && !o->pairs && !o->json;
	/* as lsblk -r and -P: no tree in raw or pairs output */
	bool tree = false;
	for (size_t s = 0; s < t->nsel; s++)
		tree |= (t->cols[t->sel[s]].flags & EA_TC_TREE) != 0;
	tree &= !o->raw && !o->pairs;
	if (!t->nrows && !o->json)
		return 0;
	bool direct =
	    !o->json && (o->backend == 2 ||
			 (o->backend == 0 &&
			  (!o->terminal || t->nrows > EA_TABLE_DIRECT_ROWS)));
	return direct ? print_direct(f, t, &oo, tree && t->parent)
		      : print_scols(f, t, &oo, tree);
}

/* ---- sizes -------------------------------------------------------------- */

void ea_size_human(char *buf, uint64_t bytes)
{
	static const char letters[] = "BKMGTPE";
	int exp = 0;
	while (exp < 60 && bytes >= (1ULL << (exp + 10)))
		exp += 10;
	uint64_t dec = exp ? bytes >> exp : bytes;
	uint64_t frac = exp ? bytes & ((1ULL << exp) - 1) : 0;
	char c = letters[exp / 10];
	if (frac) {
		/* three digits after the point, then rounded to one */
		if (frac >= UINT64_MAX / 1000)
			frac = ((frac / 1024) * 1000) >> (exp - 10);
		else
			frac = (frac * 1000) >> exp;
		frac = ((frac + 50) / 100) * 10;
		if (frac == 100) {
			dec++;
			frac = 0;
		}
	}
	/* dec < 1025 (a unit is 1024 of the one below), frac < 100 */
	if (frac)
		snprintf(buf, EA_SIZE_HUMAN_MAX, "%u.%u%c", (unsigned)dec,
			 (unsigned)(frac / 10), c);
	else
		snprintf(buf, EA_SIZE_HUMAN_MAX, "%u%c", (unsigned)dec, c);
}
