/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "read/memreserve.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/bytes.h"

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

/* Reads the node at addr, appends it and its entries to out, and sets
 * *next; false (with out->why set) when the node is unusable. */
typedef bool (*read_node_fn)(const struct ea_physmem *pm, uint64_t addr,
			     struct ea_memreserve *out, uint64_t *next);

static bool read_header(const struct ea_physmem *pm, uint64_t addr,
			unsigned char *buf, size_t n, struct ea_memreserve *out)
{
	char why[256];
	if (ea_physmem_read(pm, addr, buf, n, why, sizeof(why)))
		return true;
	fail(out, "node header at 0x%016llx unreadable: %s",
	     (unsigned long long)addr, why);
	out->has_unread_node = true;
	out->unread_node = addr;
	return false;
}

static struct ea_mr_node *push_node(struct ea_memreserve *out, uint64_t addr,
				    uint64_t bytes, int32_t size, int32_t count,
				    uint64_t next)
{
	struct ea_range nr;
	if (!ea_range_from_size(addr, bytes, &nr)) {
		fail(out, "node 0x%016llx runs past 2^64",
		     (unsigned long long)addr);
		return NULL;
	}
	struct ea_mr_node *n = EA_VEC_PUSH(out->nodes);
	n->addr = addr;
	n->r = nr;
	n->size = size;
	n->count = count;
	n->next = next;
	return n;
}

static bool push_entry(struct ea_memreserve *out, uint64_t node, uint32_t index,
		       uint64_t base, uint64_t size)
{
	struct ea_range er;
	if (!ea_range_from_size(base, size, &er)) {
		fail(out,
		     "entry %u of node 0x%016llx: base 0x%016llx size 0x%llx "
		     "is empty or runs past 2^64",
		     index, (unsigned long long)node, (unsigned long long)base,
		     (unsigned long long)size);
		return false;
	}
	struct ea_mr_entry *x = EA_VEC_PUSH(out->entries);
	x->node = node;
	x->index = index;
	x->r = er;
	return true;
}

/* v5.0+: { s32 size; s32 count; u64 next; { u64 base, size } entry[size] } */
static bool node_v50(const struct ea_physmem *pm, uint64_t addr,
		     struct ea_memreserve *out, uint64_t *next)
{
	unsigned char hdr[HDR];
	char why[256];
	if (!read_header(pm, addr, hdr, HDR, out))
		return false;
	struct ea_bytes h = ea_bytes_of(hdr, HDR);
	uint32_t usize, ucount;
	if (!ea_bytes_u32(&h, 0, &usize) || !ea_bytes_u32(&h, 4, &ucount) ||
	    !ea_bytes_u64(&h, 8, next)) {
		fail(out,
		     "node 0x%016llx: %zu header bytes hold no size @0, "
		     "count @4 and next @8",
		     (unsigned long long)addr, h.len);
		return false;
	}
	int32_t size = (int32_t)usize, count = (int32_t)ucount;
	if (size < 0 || size > EA_MR_MAX_NODE_ENTRIES || count < 0 ||
	    count > size) {
		fail(out,
		     "node 0x%016llx: size %d, count %d out of bounds "
		     "(0 <= count <= size <= %d)",
		     (unsigned long long)addr, size, count,
		     EA_MR_MAX_NODE_ENTRIES);
		return false;
	}
	if (!push_node(out, addr, HDR + (uint64_t)size * ENT, size, count,
		       *next))
		return false;
	for (int32_t i = 0; i < count; i++) {
		unsigned char e[ENT];
		uint64_t ea = addr + HDR + (uint64_t)i * ENT;
		if (!ea_physmem_read(pm, ea, e, ENT, why, sizeof(why))) {
			fail(out, "entry %d of node 0x%016llx: %s", i,
			     (unsigned long long)addr, why);
			return false;
		}
		struct ea_bytes eb = ea_bytes_of(e, ENT);
		uint64_t base, len;
		if (!ea_bytes_u64(&eb, 0, &base) ||
		    !ea_bytes_u64(&eb, 8, &len)) {
			fail(out,
			     "entry %d of node 0x%016llx: %zu bytes hold no "
			     "base @0 and size @8",
			     i, (unsigned long long)addr, eb.len);
			return false;
		}
		if (!push_entry(out, addr, (uint32_t)i, base, len))
			return false;
	}
	return true;
}

/* v4.20: { u64 next; u64 base; u64 size; }, one reservation per node */
static bool node_v420(const struct ea_physmem *pm, uint64_t addr,
		      struct ea_memreserve *out, uint64_t *next)
{
	unsigned char b[24];
	if (!read_header(pm, addr, b, sizeof(b), out))
		return false;
	struct ea_bytes nb = ea_bytes_of(b, sizeof(b));
	uint64_t base, size;
	if (!ea_bytes_u64(&nb, 0, next) || !ea_bytes_u64(&nb, 8, &base) ||
	    !ea_bytes_u64(&nb, 16, &size)) {
		fail(out,
		     "node 0x%016llx: %zu bytes hold no next @0, base @8 "
		     "and size @16",
		     (unsigned long long)addr, nb.len);
		return false;
	}
	if (!push_node(out, addr, sizeof(b), size ? 1 : 0, size ? 1 : 0, *next))
		return false;
	return !size || push_entry(out, addr, 0, base, size);
}

/* The walk both layouts share: bounded, and a node seen twice is a loop. */
static void walk(const struct ea_physmem *pm, uint64_t root,
		 struct ea_memreserve *out, read_node_fn read_node)
{
	struct addrset seen = { 0 };
	uint64_t addr = root;
	out->complete = false;
	if (!root)
		fail(out, "the root address is 0: no chain to walk");
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
		uint64_t next = 0;
		if (!read_node(pm, addr, out, &next))
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

void ea_memreserve_walk(const struct ea_physmem *pm, uint64_t root,
			struct ea_memreserve *out)
{
	walk(pm, root, out, node_v50);
}

void ea_memreserve_walk_v420(const struct ea_physmem *pm, uint64_t root,
			     struct ea_memreserve *out)
{
	walk(pm, root, out, node_v420);
}

void ea_memreserve_free(struct ea_memreserve *m)
{
	free(m->why);
	EA_VEC_FREE(m->nodes);
	EA_VEC_FREE(m->entries);
	memset(m, 0, sizeof(*m));
}
