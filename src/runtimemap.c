/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * x86 /sys/firmware/efi/runtime-map/N/ (drivers/firmware/efi/runtime-map.c
 * ≤ 6.1, arch/x86/platform/efi/runtime-map.c ≥ 6.2; kernel-formats.md §7.2):
 * type "0x%x\n", phys_addr, virt_addr, num_pages, attribute "0x%llx\n",
 * one directory per efi_memory_desc_t (UEFI §7.2 EFI_MEMORY_DESCRIPTOR,
 * kernel-formats.md §9) of efi.memmap, N from 0.
 */
#include "runtimemap.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util.h"

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

/*
 * One small sysfs attribute into buf (NUL-terminated). O_NONBLOCK and the
 * S_ISREG check keep a FIFO or device planted in a snapshot from hanging
 * or steering the read.
 */
static bool read_small(const char *path, char *buf, size_t cap, size_t *len,
		       const char **why, int *err)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	struct stat st;
	size_t got = 0;

	*err = 0;
	if (fd < 0) {
		*err = errno;
		*why = strerror(errno);
		return false;
	}
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		*why = "not a regular file";
		close(fd);
		return false;
	}
	while (got < cap - 1) {
		ssize_t r = read(fd, buf + got, cap - 1 - got);

		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			*why = strerror(errno);
			close(fd);
			return false;
		}
		if (r == 0)
			break;
		got += (size_t)r;
	}
	close(fd);
	if (got == cap - 1) {
		*why = "longer than a runtime-map attribute can be";
		return false;
	}
	buf[got] = '\0';
	*len = got;
	return true;
}

/* "0x%llx\n"; the newline is optional (a copy may have lost it). */
static bool parse_hex_file(const char *buf, size_t len, uint64_t *out)
{
	size_t k = ea_parse_0xhex(buf, len, out);

	if (k == 0)
		return false;
	if (k < len && buf[k] == '\n')
		k++;
	return k == len;
}

/* The canonical decimal of a uint32_t, as the kernel's "%d" writes it. */
static bool dir_index(const char *name, uint32_t *out)
{
	uint64_t v;
	size_t n = strlen(name);

	if (n == 0 || n > 10 || (n > 1 && name[0] == '0'))
		return false;
	if (ea_parse_dec(name, n, &v) != n || v > UINT32_MAX)
		return false;
	*out = (uint32_t)v;
	return true;
}

static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

enum { F_TYPE, F_PHYS, F_VIRT, F_PAGES, F_ATTR, NFILES };

static const char *const files[NFILES] = { "type", "phys_addr", "virt_addr",
					   "num_pages", "attribute" };

/* Reads entry idx into d and x; false with a diag when it cannot, and
 * *denied set when the reason is permission (the caller stops there). */
static bool read_entry(struct ea_input *in, const char *dir, uint32_t idx,
		       char *path, size_t cap, struct ea_efi_desc *d,
		       struct ea_runtime_map_extra *x, bool *denied,
		       struct ea_diags *diags)
{
	uint64_t v[NFILES];

	for (int i = 0; i < NFILES; i++) {
		char buf[RTMAP_FILE_MAX];
		size_t len;
		const char *why;
		int err;

		snprintf(path, cap, "%s/%u/%s", dir, idx, files[i]);
		if (!read_small(path, buf, sizeof(buf), &len, &why, &err)) {
			if (err == EACCES || err == EPERM) {
				*denied = true;
				return false;
			}
			ea_diag_add(diags, no_line(in),
				    "%s: %s; entry %u ignored", path, why, idx);
			return false;
		}
		if (!parse_hex_file(buf, len, &v[i])) {
			ea_diag_add(diags, no_line(in),
				    "%s: expected \"0x<hex>\\n\"; entry %u "
				    "ignored",
				    path, idx);
			return false;
		}
	}
	if (v[F_TYPE] > UINT32_MAX) {
		snprintf(path, cap, "%s/%u/type", dir, idx);
		ea_diag_add(diags, no_line(in),
			    "%s: 0x%llx does not fit the u32 EFI type; entry "
			    "%u ignored",
			    path, (unsigned long long)v[F_TYPE], idx);
		return false;
	}
	if (v[F_PAGES] == 0 || v[F_PAGES] > (UINT64_MAX >> EFI_PAGE_SHIFT) ||
	    !ea_range_from_size(v[F_PHYS], v[F_PAGES] << EFI_PAGE_SHIFT,
				&d->r)) {
		snprintf(path, cap, "%s/%u/num_pages", dir, idx);
		ea_diag_add(diags, no_line(in),
			    "%s: 0x%llx pages at 0x%llx is empty or runs past "
			    "2^64; entry %u ignored",
			    path, (unsigned long long)v[F_PAGES],
			    (unsigned long long)v[F_PHYS], idx);
		return false;
	}
	d->type = (uint32_t)v[F_TYPE];
	d->attr = v[F_ATTR];
	x->index = idx;
	x->virt = v[F_VIRT];
	x->num_pages = v[F_PAGES];
	return true;
}

bool ea_runtime_map_read(struct ea_input *in, const char *dir,
			 struct ea_runtime_map *out, struct ea_diags *diags)
{
	EA_VEC(uint32_t) idx = { 0 };
	struct dirent *de;
	DIR *d;
	bool capped = false;

	memset(out, 0, sizeof(*out));
	if (!in->name)
		in->name = "efi_runtime_map";
	free(in->path);
	in->path = ea_xstrdup(dir);
	d = opendir(dir);
	if (!d) {
		int e = errno;

		ea_input_set_status(
		    in, e == ENOENT ? EA_IN_ABSENT : EA_IN_UNREADABLE, "%s%s",
		    strerror(e), e == ENOENT ? " (it exists on x86 only)" : "");
		return false;
	}
	while ((de = readdir(d)) != NULL) {
		uint32_t v;

		if (!dir_index(de->d_name, &v))
			continue;
		if (idx.n == RTMAP_MAX_ENTRIES) {
			capped = true;
			break;
		}
		*EA_VEC_PUSH(idx) = v;
	}
	closedir(d);
	if (capped)
		ea_diag_add(diags, no_line(in),
			    "%s: more than %u entries; the rest ignored", dir,
			    RTMAP_MAX_ENTRIES);
	ea_sort(idx.v, idx.n, sizeof(*idx.v), cmp_u32);

	size_t cap = strlen(dir) + 32;
	char *path = ea_xrealloc(NULL, cap, 1);
	char *first_bad = NULL;

	ea_input_set_data(in, "", 0);
	for (size_t i = 0; i < idx.n; i++) {
		struct ea_efi_desc e = { 0 };
		struct ea_runtime_map_extra x = { 0 };
		bool denied = false;

		if (!read_entry(in, dir, idx.v[i], path, cap, &e, &x, &denied,
				diags)) {
			if (denied) {
				/* every file is mode 0400: one refusal
				 * is all of them */
				ea_input_set_data(in, "", 0);
				ea_input_set_status(
				    in, EA_IN_UNREADABLE,
				    "%s: %s (runtime-map files are mode "
				    "0400: root only)",
				    path, strerror(EACCES));
				EA_VEC_FREE(idx);
				free(path);
				free(first_bad);
				ea_runtime_map_free(out);
				return false;
			}
			if (!first_bad)
				first_bad = ea_xstrdup(path);
			continue;
		}
		e.ev = ea_listing_add(
		    in,
		    "%u 0x%016llx-0x%016llx %s type=0x%x attr=0x%016llx "
		    "virt=0x%llx pages=0x%llx",
		    x.index, (unsigned long long)e.r.first,
		    (unsigned long long)e.r.last, ea_efi_type_name(e.type),
		    e.type, (unsigned long long)e.attr,
		    (unsigned long long)x.virt,
		    (unsigned long long)x.num_pages);
		*EA_VEC_PUSH(out->map) = e;
		*EA_VEC_PUSH(out->extra) = x;
	}
	free(path);
	if (out->map.n == 0) {
		ea_input_set_status(in, EA_IN_MALFORMED,
				    "no readable entry (first: %s)",
				    first_bad ? first_bad
				    : idx.n   ? dir
					      : "no numbered entry directory");
		free(first_bad);
		EA_VEC_FREE(idx);
		return false;
	}
	free(first_bad);
	EA_VEC_FREE(idx);
	in->status = EA_IN_OK;
	return true;
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
