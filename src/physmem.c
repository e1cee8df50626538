/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "physmem.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

uint32_t ea_le32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

uint64_t ea_le64(const unsigned char *p)
{
	return (uint64_t)ea_le32(p) | (uint64_t)ea_le32(p + 4) << 32;
}

static int chunk_cmp(const void *a, const void *b)
{
	const struct ea_physmem_chunk *x = a, *y = b;
	return x->base < y->base ? -1 : x->base > y->base;
}

bool ea_physmem_open_dir(struct ea_physmem *pm, struct ea_input *in,
			 const char *dir, struct ea_diags *diags)
{
	DIR *d = opendir(dir);
	free(in->path);
	in->path = ea_xstrdup(dir);
	if (!d) {
		ea_input_set_status(in, EA_IN_ABSENT,
				    "no such directory: no physical memory was "
				    "saved");
		return false;
	}
	pm->dir = ea_xstrdup(dir);
	pm->backend = "snapshot mem/";
	struct dirent *de;
	while ((de = readdir(d))) {
		const char *n = de->d_name;
		if (n[0] == '.')
			continue;
		uint64_t base;
		size_t l = strlen(n);
		if (l != 20 || strcmp(n + 16, ".bin") != 0 ||
		    ea_parse_hex(n, 16, &base) != 16) {
			ea_diag_add(
			    diags, ea_evid_line(in, 0, NULL, 0),
			    "%s/%s: not a mem/<16 hex digits>.bin name; "
			    "ignored",
			    dir, n);
			continue;
		}
		if (pm->chunks.n >= EA_PHYSMEM_MAX_CHUNKS) {
			ea_diag_add(diags, ea_evid_line(in, 0, NULL, 0),
				    "%s: more than %d chunk files; the rest "
				    "ignored",
				    dir, EA_PHYSMEM_MAX_CHUNKS);
			break;
		}
		size_t plen = strlen(dir) + 1 + l + 1;
		char *path = ea_xrealloc(NULL, plen, 1);
		snprintf(path, plen, "%s/%s", dir, n);
		struct ea_input f = { .name = "mem" };
		if (!ea_input_load_file(&f, path) ||
		    f.len > EA_PHYSMEM_MAX_CHUNK || f.len == 0 ||
		    f.len - 1 > UINT64_MAX - base) {
			ea_diag_add(diags, ea_evid_line(in, 0, NULL, 0),
				    "%s: %s; ignored", path,
				    f.detail	 ? f.detail
				    : f.len == 0 ? "empty"
						 : "too large or past 2^64");
			ea_input_free(&f);
			free(path);
			continue;
		}
		struct ea_physmem_chunk *c = EA_VEC_PUSH(pm->chunks);
		c->base = base;
		c->data = f.data;
		c->len = f.len;
		c->path = path;
		f.data = NULL;
		ea_input_free(&f);
	}
	closedir(d);
	ea_sort(pm->chunks.v, pm->chunks.n, sizeof(*pm->chunks.v), chunk_cmp);
	in->status = EA_IN_OK;
	return true;
}

bool ea_physmem_read(const struct ea_physmem *pm, uint64_t addr, void *buf,
		     size_t n, char *why, size_t whylen)
{
	if (!pm->backend) {
		snprintf(why, whylen, "no physical memory source");
		return false;
	}
	/* last chunk with base <= addr */
	size_t lo = 0, hi = pm->chunks.n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (pm->chunks.v[mid].base <= addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo == 0)
		goto miss;
	const struct ea_physmem_chunk *c = &pm->chunks.v[lo - 1];
	uint64_t off = addr - c->base;
	if (off >= c->len || n > c->len - off)
		goto miss;
	memcpy(buf, c->data + off, n);
	return true;
miss:
	snprintf(why, whylen, "0x%016llx..+%zu is not in any saved chunk of %s",
		 (unsigned long long)addr, n, pm->dir ? pm->dir : "mem/");
	return false;
}

void ea_physmem_free(struct ea_physmem *pm)
{
	for (size_t i = 0; i < pm->chunks.n; i++) {
		free(pm->chunks.v[i].data);
		free(pm->chunks.v[i].path);
	}
	EA_VEC_FREE(pm->chunks);
	free(pm->dir);
	memset(pm, 0, sizeof(*pm));
}
