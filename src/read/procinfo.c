// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Small text inputs:
 *  - /proc/version: init/version.c linux_proc_banner,
 *    "Linux version %s (%s@%s) (%s) %s\n" with the release (utsname) first;
 *  - /proc/cmdline: the boot command line and "\n";
 *  - /sys/firmware/memmap/N/{start,end,type} (drivers/firmware/memmap.c,
 *    kernel-formats.md §7.3): "0x%llx\n", "0x%llx\n" (inclusive end) and
 *    "%s\n" with the e820 type names; x86 only, the table kexec-tools
 *    reads there (kexec-tools-placement.md §6.1).
 */
#include "read/procinfo.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/cursor.h"
#include "core/tree.h"
#include "core/util.h"

/* Far more than an e820 table (128 + 3 * MAX_NUMNODES entries) plus memory
 * hotplug adds; past it the directory is not a plausible firmware memmap. */
#define FW_MEMMAP_MAX_ENTRIES 1000000u
/* "0x" + 16 digits + "\n", or a type name ("Persistent Memory (legacy)"),
 * with room to see that a file is longer than it may be. */
#define FW_FILE_MAX 128

char *ea_version_release(const struct ea_input *in)
{
	static const char key[] = "Linux version ";
	size_t off, end;

	if (!in || !in->data)
		return NULL;
	off = ea_find(in->data, in->len, key);
	if (off == (size_t)-1)
		return NULL;
	off += sizeof(key) - 1;
	for (end = off; end < in->len; end++) {
		char c = in->data[end];

		if (c == ' ' || c == '\t' || c == '\n' || c == '\r' ||
		    c == '\0')
			break;
	}
	if (end == off)
		return NULL;
	return ea_xstrndup(in->data + off, end - off);
}

static bool read_uint(struct ea_cur *c, unsigned *out)
{
	uint64_t v;

	if (!ea_cur_take_dec(c, &v) || v > UINT_MAX)
		return false;
	*out = (unsigned)v;
	return true;
}

/*
 * "6.1.0-56-cloud-arm64" → 6.1.0, "5.4.0-rc7" → 5.4.0, "6.18-rc7" → 6.18.0
 * (a release before its first stable update has no third number).
 */
bool ea_release_numbers(const char *release, unsigned *major, unsigned *minor,
			unsigned *patch)
{
	struct ea_cur c;
	unsigned ma, mi, pa = 0;

	if (!release)
		return false;
	ea_cur_init(&c, release, strlen(release));
	if (!read_uint(&c, &ma) || !ea_cur_skip(&c, ".") || !read_uint(&c, &mi))
		return false;
	if (ea_cur_skip(&c, ".") && ea_cur_count_dec(&c) && !read_uint(&c, &pa))
		return false;
	if (major)
		*major = ma;
	if (minor)
		*minor = mi;
	if (patch)
		*patch = pa;
	return true;
}

char *ea_cmdline_text(const struct ea_input *in)
{
	size_t n;
	const char *nl;

	if (!in || !in->data)
		return NULL;
	nl = memchr(in->data, '\n', in->len);
	n = nl ? (size_t)(nl - in->data) : in->len;
	if (n && in->data[n - 1] == '\r')
		n--;
	return ea_xstrndup(in->data, n);
}

/* --- /sys/firmware/memmap --------------------------------------------- */

static struct ea_evid no_line(const struct ea_input *in)
{
	struct ea_evid e = { 0 };

	e.in = in;
	return e;
}

static int cmp_entry(const void *a, const void *b)
{
	const struct ea_fw_memmap_entry *x = a, *y = b;
	int c = ea_range_cmp(&x->r, &y->r);

	if (c)
		return c;
	return x->index < y->index ? -1 : x->index > y->index;
}

/* The type file ("%s\n", named path), into e->type: it becomes part of a
 * listing line, so it must be one line of printable text that fits the
 * entry. False after a diag. */
static bool read_type(const struct ea_input *in, const char *buf, size_t len,
		      const char *path, uint32_t idx,
		      struct ea_fw_memmap_entry *e, struct ea_diags *diags)
{
	size_t tl = len;

	if (tl && buf[tl - 1] == '\n')
		tl--;
	if (tl == 0 || tl >= sizeof(e->type)) {
		ea_diag_add(diags, no_line(in),
			    "%s: expected an e820 type name of 1 to %zu "
			    "characters; entry %u ignored",
			    path, sizeof(e->type) - 1, idx);
		return false;
	}
	for (size_t i = 0; i < tl; i++) {
		unsigned char c = (unsigned char)buf[i];

		if (c < 0x20 || c == 0x7f) {
			ea_diag_add(diags, no_line(in),
				    "%s: control byte 0x%02x in the type; "
				    "expected one line of text; entry %u "
				    "ignored",
				    path, c, idx);
			return false;
		}
	}
	memcpy(e->type, buf, tl);
	e->type[tl] = '\0';
	return true;
}

/*
 * Reads rel/N/{start,end,type} into e. On failure adds a diag naming the
 * file and returns its path (the first one becomes the input's detail when
 * nothing could be read); NULL on success.
 */
static char *read_entry(struct ea_input *in, const struct ea_tree *t,
			const char *rel, uint32_t idx,
			struct ea_fw_memmap_entry *e, struct ea_diags *diags)
{
	static const char *const files[] = { "start", "end", "type" };
	char buf[3][FW_FILE_MAX];
	size_t len[3];
	uint64_t start = 0, end = 0;
	const char *why;
	char *path;

	for (int i = 0; i < 3; i++) {
		struct ea_input f = { .name = in->name };
		char *r = ea_tree_entry_rel(rel, idx, files[i]);
		bool ok = ea_tree_read_small(
		    t, r, &f, buf[i], sizeof(buf[i]), &len[i],
		    "longer than a sysfs memmap attribute can be", &why, NULL);

		free(r);
		if (!ok) {
			path = ea_xstrdup(f.path);
			ea_diag_add(diags, no_line(in),
				    "%s: %s; entry %u ignored", path, why, idx);
			ea_input_free(&f);
			return path;
		}
		ea_input_free(&f);
	}
	path = ea_tree_entry_path(t, rel, idx, "start");
	if (!ea_parse_0xhex_file(buf[0], len[0], &start)) {
		ea_diag_add(diags, no_line(in),
			    "%s: expected \"0x<hex>\\n\"; entry %u ignored",
			    path, idx);
		return path;
	}
	free(path);
	path = ea_tree_entry_path(t, rel, idx, "end");
	if (!ea_parse_0xhex_file(buf[1], len[1], &end)) {
		ea_diag_add(diags, no_line(in),
			    "%s: expected \"0x<hex>\\n\"; entry %u ignored",
			    path, idx);
		return path;
	}
	if (!ea_range_make(start, end, &e->r)) {
		ea_diag_add(diags, no_line(in),
			    "%s: end 0x%llx is below start 0x%llx; expected "
			    "an inclusive end; entry %u ignored",
			    path, (unsigned long long)end,
			    (unsigned long long)start, idx);
		return path;
	}

	free(path);
	path = ea_tree_entry_path(t, rel, idx, "type");
	if (!read_type(in, buf[2], len[2], path, idx, e, diags))
		return path;
	free(path);
	e->index = idx;
	return NULL;
}

/* The entries' listing, so evidence can name "line k" like any file: the
 * input's text and each entry's evidence. */
static void list_entries(struct ea_input *in, struct ea_fw_memmap *out)
{
	EA_VEC(char) text = { 0 };
	size_t *off = ea_xcalloc(out->entries.n, sizeof(*off));

	for (size_t i = 0; i < out->entries.n; i++) {
		const struct ea_fw_memmap_entry *en = &out->entries.v[i];
		char line[128];
		int k = snprintf(line, sizeof(line), "%u 0x%llx-0x%llx %s\n",
				 en->index, (unsigned long long)en->r.first,
				 (unsigned long long)en->r.last, en->type);

		/* Cannot truncate: 10 + 2 * 18 + 39 + 4 bytes at most. */
		off[i] = text.n;
		ea_vec_grow((void **)&text.v, &text.cap, text.n + (size_t)k, 1);
		memcpy(text.v + text.n, line, (size_t)k);
		text.n += (size_t)k;
	}
	ea_input_set_data(in, text.v ? text.v : "", text.n);
	EA_VEC_FREE(text);
	for (size_t i = 0; i < out->entries.n; i++) {
		size_t end = i + 1 < out->entries.n ? off[i + 1] : in->len;

		out->entries.v[i].ev = ea_evid_line(
		    in, (uint32_t)(i + 1), in->data + off[i], end - off[i] - 1);
	}
	free(off);
}

bool ea_fw_memmap_read_tree(struct ea_input *in, const struct ea_tree *t,
			    const char *rel, struct ea_fw_memmap *out,
			    struct ea_diags *diags)
{
	uint32_t *idx;
	size_t nidx;

	memset(out, 0, sizeof(*out));
	free(in->path);
	in->path = ea_tree_path(t, rel);

	if (!ea_tree_table_index(t, rel, in, FW_MEMMAP_MAX_ENTRIES, &idx, &nidx,
				 diags))
		return false;
	if (nidx == 0) {
		free(idx);
		ea_input_set_data(in, "", 0);
		ea_input_set_status(in, EA_IN_MALFORMED,
				    "no numbered entry directory");
		return false;
	}

	char *first_bad = NULL;

	for (size_t i = 0; i < nidx; i++) {
		struct ea_fw_memmap_entry en = { 0 };
		char *bad = read_entry(in, t, rel, idx[i], &en, diags);

		if (!bad)
			*EA_VEC_PUSH(out->entries) = en;
		else if (!first_bad)
			first_bad = bad;
		else
			free(bad);
	}
	free(idx);

	/* What a loader sees is an address-ordered table. */
	if (out->entries.n > 1)
		ea_sort(out->entries.v, out->entries.n, sizeof(*out->entries.v),
			cmp_entry);
	list_entries(in, out);

	if (out->entries.n == 0) {
		ea_input_set_status(in, EA_IN_MALFORMED,
				    "no readable entry (first: %s)",
				    first_bad ? first_bad : in->path);
		free(first_bad);
		return false;
	}
	free(first_bad);
	return true;
}

bool ea_fw_memmap_read(struct ea_input *in, const char *dir,
		       struct ea_fw_memmap *out, struct ea_diags *diags)
{
	struct ea_tree *t = ea_tree_open_dir(dir);
	bool ok = ea_fw_memmap_read_tree(in, t, "", out, diags);

	ea_tree_close(t);
	return ok;
}

void ea_fw_memmap_free(struct ea_fw_memmap *m)
{
	EA_VEC_FREE(m->entries);
}
