/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "memreserve.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define HDR 16u
#define ENT 16u

static void fail(struct ea_memreserve *m, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void fail(struct ea_memreserve *m, const char *fmt, ...)
{
	char buf[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	free(m->why);
	m->why = ea_xstrdup(buf);
	m->complete = false;
}

/* Open-addressing set of node addresses, for loop detection in O(1). */
struct addrset {
	uint64_t *v;
	size_t cap, n;
};

static bool addrset_insert(struct addrset *s, uint64_t a)
{
	if (s->n * 2 >= s->cap) {
		size_t nc = s->cap ? s->cap * 2 : 64;
		uint64_t *nv = ea_xcalloc(nc, sizeof(*nv));
		for (size_t i = 0; i < s->cap; i++) {
			uint64_t x = s->v[i];
			if (!x)
				continue;
			size_t h = (size_t)((x * 0x9E3779B97F4A7C15ULL) >> 7) &
				   (nc - 1);
			while (nv[h])
				h = (h + 1) & (nc - 1);
			nv[h] = x;
		}
		free(s->v);
		s->v = nv;
		s->cap = nc;
	}
	/* address 0 ends the chain and never gets here; store a+1 anyway so
	 * that 0 means "empty" */
	uint64_t k = a + 1;
	size_t h = (size_t)((k * 0x9E3779B97F4A7C15ULL) >> 7) & (s->cap - 1);
	while (s->v[h]) {
		if (s->v[h] == k)
			return false;
		h = (h + 1) & (s->cap - 1);
	}
	s->v[h] = k;
	s->n++;
	return true;
}

void ea_memreserve_walk(const struct ea_physmem *pm, uint64_t root,
			struct ea_memreserve *out)
{
	struct addrset seen = { 0 };
	char why[256];
	uint64_t addr = root;
	out->complete = false;

	while (addr) {
		if (out->nodes.n >= EA_MR_MAX_NODES) {
			fail(out, "more than %d nodes: taken as corrupt",
			     EA_MR_MAX_NODES);
			break;
		}
		if (!addrset_insert(&seen, addr)) {
			out->loops = true;
			fail(out,
			     "node 0x%016llx is reached twice: the chain loops",
			     (unsigned long long)addr);
			break;
		}
		unsigned char hdr[HDR];
		if (!ea_physmem_read(pm, addr, hdr, HDR, why, sizeof(why))) {
			fail(out, "node header at 0x%016llx unreadable: %s",
			     (unsigned long long)addr, why);
			out->has_unread_node = true;
			out->unread_node = addr;
			break;
		}
		int32_t size = (int32_t)ea_le32(hdr);
		int32_t count = (int32_t)ea_le32(hdr + 4);
		uint64_t next = ea_le64(hdr + 8);
		if (size < 0 || size > EA_MR_MAX_NODE_ENTRIES || count < 0 ||
		    count > size) {
			fail(out,
			     "node 0x%016llx: size %d, count %d out of bounds "
			     "(0 <= count <= size <= %d)",
			     (unsigned long long)addr, size, count,
			     EA_MR_MAX_NODE_ENTRIES);
			break;
		}
		struct ea_range nr;
		if (!ea_range_from_size(addr, HDR + (uint64_t)size * ENT,
					&nr)) {
			fail(out, "node 0x%016llx runs past 2^64",
			     (unsigned long long)addr);
			break;
		}
		struct ea_mr_node *n = EA_VEC_PUSH(out->nodes);
		n->addr = addr;
		n->r = nr;
		n->size = size;
		n->count = count;
		n->next = next;
		bool bad = false;
		for (int32_t i = 0; i < count; i++) {
			unsigned char e[ENT];
			uint64_t ea = addr + HDR + (uint64_t)i * ENT;
			if (!ea_physmem_read(pm, ea, e, ENT, why,
					     sizeof(why))) {
				fail(out, "entry %d of node 0x%016llx: %s", i,
				     (unsigned long long)addr, why);
				bad = true;
				break;
			}
			struct ea_range er;
			if (!ea_range_from_size(ea_le64(e), ea_le64(e + 8),
						&er)) {
				fail(out,
				     "entry %d of node 0x%016llx: base "
				     "0x%016llx size 0x%llx is empty or runs "
				     "past 2^64",
				     i, (unsigned long long)addr,
				     (unsigned long long)ea_le64(e),
				     (unsigned long long)ea_le64(e + 8));
				bad = true;
				break;
			}
			struct ea_mr_entry *x = EA_VEC_PUSH(out->entries);
			x->node = addr;
			x->index = (uint32_t)i;
			x->r = er;
		}
		if (bad)
			break;
		addr = next;
		if (!addr) {
			out->complete = true;
			free(out->why);
			out->why = NULL;
		}
	}
	free(seen.v);
}

void ea_memreserve_walk_v420(const struct ea_physmem *pm, uint64_t root,
			     struct ea_memreserve *out)
{
	struct addrset seen = { 0 };
	char why[256];
	uint64_t addr = root;
	out->complete = false;
	while (addr) {
		if (out->nodes.n >= EA_MR_MAX_NODES) {
			fail(out, "more than %d nodes: taken as corrupt",
			     EA_MR_MAX_NODES);
			break;
		}
		if (!addrset_insert(&seen, addr)) {
			out->loops = true;
			fail(out,
			     "node 0x%016llx is reached twice: the chain loops",
			     (unsigned long long)addr);
			break;
		}
		unsigned char b[24];
		struct ea_range nr;
		if (!ea_physmem_read(pm, addr, b, sizeof(b), why,
				     sizeof(why))) {
			fail(out, "node header at 0x%016llx unreadable: %s",
			     (unsigned long long)addr, why);
			out->has_unread_node = true;
			out->unread_node = addr;
			break;
		}
		if (!ea_range_from_size(addr, sizeof(b), &nr)) {
			fail(out, "node 0x%016llx runs past 2^64",
			     (unsigned long long)addr);
			break;
		}
		uint64_t next = ea_le64(b), base = ea_le64(b + 8),
			 size = ea_le64(b + 16);
		struct ea_mr_node *n = EA_VEC_PUSH(out->nodes);
		n->addr = addr;
		n->r = nr;
		n->size = size ? 1 : 0;
		n->count = size ? 1 : 0;
		n->next = next;
		if (size) {
			struct ea_range er;
			if (!ea_range_from_size(base, size, &er)) {
				fail(out,
				     "node 0x%016llx: base 0x%016llx size "
				     "0x%llx runs past 2^64",
				     (unsigned long long)addr,
				     (unsigned long long)base,
				     (unsigned long long)size);
				break;
			}
			struct ea_mr_entry *x = EA_VEC_PUSH(out->entries);
			x->node = addr;
			x->index = 0;
			x->r = er;
		}
		addr = next;
		if (!addr) {
			out->complete = true;
			free(out->why);
			out->why = NULL;
		}
	}
	free(seen.v);
}

void ea_memreserve_free(struct ea_memreserve *m)
{
	free(m->why);
	EA_VEC_FREE(m->nodes);
	EA_VEC_FREE(m->entries);
	memset(m, 0, sizeof(*m));
}
