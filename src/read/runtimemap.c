/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * x86 /sys/firmware/efi/runtime-map/N/ (drivers/firmware/efi/runtime-map.c
 * ≤ 6.1, arch/x86/platform/efi/runtime-map.c ≥ 6.2; kernel-formats.md §7.2):
 * type "0x%x\n", phys_addr, virt_addr, num_pages, attribute "0x%llx\n",
 * one directory per efi_memory_desc_t (UEFI §7.2 EFI_MEMORY_DESCRIPTOR,
 * kernel-formats.md §9) of efi.memmap, N from 0.
 */
#include "read/runtimemap.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/tree.h"
#include "core/util.h"

/* The kernel's map has at most a few hundred entries (E820_MAX_ENTRIES,
 * firmware maps of ~500); far past that the directory is not one. */
#define RTMAP_MAX_ENTRIES 65536u
/* "0x" + 16 digits + "\n", with room to see a longer file. */
#define RTMAP_FILE_MAX 64
#define EFI_PAGE_SHIFT 12

static struct ea_evid no_line(const struct ea_input *in)
{
	struct ea_evid e = { 0 };

	e.in = in;
	return e;
}

enum { F_TYPE, F_PHYS, F_VIRT, F_PAGES, F_ATTR, NFILES };

static const char *const files[NFILES] = { "type", "phys_addr", "virt_addr",
					   "num_pages", "attribute" };

/* Reads entry idx into d and x; on failure returns the path of the file at
 * fault, with a diag, or with *denied set when the reason is permission (the
 * caller stops there). NULL on success. */
static char *read_entry(struct ea_input *in, const struct ea_tree *t,
			const char *rel, uint32_t idx, struct ea_efi_desc *d,
			struct ea_runtime_map_extra *x, bool *denied,
			struct ea_diags *diags)
{
	uint64_t v[NFILES];
	char *path;

	for (int i = 0; i < NFILES; i++) {
		struct ea_input f = { .name = in->name };
		char buf[RTMAP_FILE_MAX];
		size_t len;
		const char *why;
		int err;
		char *r = ea_tree_entry_rel(rel, idx, files[i]);
		bool ok = ea_tree_read_small(
		    t, r, &f, buf, sizeof(buf), &len,
		    "longer than a runtime-map attribute can be", &why, &err);

		free(r);
		path = ea_xstrdup(f.path);
		if (!ok) {
			if (err == EACCES || err == EPERM)
				*denied = true;
			else
				ea_diag_add(diags, no_line(in),
					    "%s: %s; entry %u ignored", path,
					    why, idx);
			ea_input_free(&f);
			return path;
		}
		ea_input_free(&f);
		if (!ea_parse_0xhex_file(buf, len, &v[i])) {
			ea_diag_add(diags, no_line(in),
				    "%s: expected \"0x<hex>\\n\"; entry %u "
				    "ignored",
				    path, idx);
			return path;
		}
		free(path);
	}
	if (v[F_TYPE] > UINT32_MAX) {
		path = ea_tree_entry_path(t, rel, idx, "type");
		ea_diag_add(diags, no_line(in),
			    "%s: 0x%llx does not fit the u32 EFI type; entry "
			    "%u ignored",
			    path, (unsigned long long)v[F_TYPE], idx);
		return path;
	}
	if (v[F_PAGES] == 0 || v[F_PAGES] > (UINT64_MAX >> EFI_PAGE_SHIFT) ||
	    !ea_range_from_size(v[F_PHYS], v[F_PAGES] << EFI_PAGE_SHIFT,
				&d->r)) {
		path = ea_tree_entry_path(t, rel, idx, "num_pages");
		ea_diag_add(diags, no_line(in),
			    "%s: 0x%llx pages at 0x%llx is empty or runs past "
			    "2^64; entry %u ignored",
			    path, (unsigned long long)v[F_PAGES],
			    (unsigned long long)v[F_PHYS], idx);
		return path;
	}
	d->type = (uint32_t)v[F_TYPE];
	d->attr = v[F_ATTR];
	x->index = idx;
	x->virt = v[F_VIRT];
	x->num_pages = v[F_PAGES];
	return NULL;
}

/* Entry e (its extra fields in x) listed and kept. */
static void add_entry(struct ea_input *in, struct ea_runtime_map *out,
		      struct ea_efi_desc e, struct ea_runtime_map_extra x)
{
	ea_efi_desc_set_evid(
	    &e,
	    ea_listing_add(
		in,
		"%u 0x%016llx-0x%016llx %s type=0x%x attr=0x%016llx "
		"virt=0x%llx pages=0x%llx",
		x.index, (unsigned long long)e.r.first,
		(unsigned long long)e.r.last, ea_efi_type_name(e.type), e.type,
		(unsigned long long)e.attr, (unsigned long long)x.virt,
		(unsigned long long)x.num_pages));
	*EA_VEC_PUSH(out->map) = e;
	*EA_VEC_PUSH(out->extra) = x;
}

/* Every file is mode 0400: one refusal (of the file bad) is all of them,
 * and the input is unreadable. */
static void refused(struct ea_input *in, const char *bad)
{
	ea_input_set_data(in, "", 0);
	ea_input_set_status(in, EA_IN_UNREADABLE,
			    "%s: %s (runtime-map files are mode "
			    "0400: root only)",
			    bad, strerror(EACCES));
}

bool ea_runtime_map_read_tree(struct ea_input *in, const struct ea_tree *t,
			      const char *rel, struct ea_runtime_map *out,
			      struct ea_diags *diags)
{
	uint32_t *idx;
	size_t nidx;

	memset(out, 0, sizeof(*out));
	out->in = in;
	if (!in->name)
		in->name = "efi_runtime_map";
	free(in->path);
	in->path = ea_tree_path(t, rel);
	if (!ea_tree_table_index(t, rel, in, RTMAP_MAX_ENTRIES, &idx, &nidx,
				 diags))
		return false;

	char *first_bad = NULL;

	ea_input_set_data(in, "", 0);
	for (size_t i = 0; i < nidx; i++) {
		struct ea_efi_desc e = { 0 };
		struct ea_runtime_map_extra x = { 0 };
		bool denied = false;
		char *bad =
		    read_entry(in, t, rel, idx[i], &e, &x, &denied, diags);

		if (bad && denied) {
			refused(in, bad);
			free(idx);
			free(bad);
			free(first_bad);
			ea_runtime_map_free(out);
			return false;
		}
		if (!bad)
			add_entry(in, out, e, x);
		else if (!first_bad)
			first_bad = bad;
		else
			free(bad);
	}
	if (out->map.n == 0) {
		ea_input_set_status(in, EA_IN_MALFORMED,
				    "no readable entry (first: %s)",
				    first_bad ? first_bad
				    : nidx    ? in->path
					      : "no numbered entry directory");
		free(first_bad);
		free(idx);
		return false;
	}
	free(first_bad);
	free(idx);
	in->status = EA_IN_OK;
	return true;
}

bool ea_runtime_map_read(struct ea_input *in, const char *dir,
			 struct ea_runtime_map *out, struct ea_diags *diags)
{
	struct ea_tree *t = ea_tree_open_dir(dir);
	bool ok = ea_runtime_map_read_tree(in, t, "", out, diags);

	ea_tree_close(t);
	return ok;
}

void ea_runtime_map_free(struct ea_runtime_map *m)
{
	EA_VEC_FREE(m->map);
	EA_VEC_FREE(m->extra);
}

size_t ea_runtime_map_vmap(const struct ea_runtime_map *m,
			   struct ea_efi_vmap **out)
{
	size_t n = 0;

	*out = ea_xcalloc(m->map.n + 1, sizeof(**out));
	for (size_t i = 0; i < m->map.n; i++) {
		if (!m->extra.v[i].virt)
			continue;
		(*out)[n].virt = m->extra.v[i].virt;
		(*out)[n].phys = m->map.v[i].r.first;
		(*out)[n].size = ea_range_size(m->map.v[i].r);
		n++;
	}
	return n;
}
