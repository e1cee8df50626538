/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The LINUX_EFI_MEMRESERVE chain walk from physical memory. Input (fuzz.h):
 * header { u64 root; u8 layout (bit 0: Linux 4.20's 24-byte nodes) }, then
 * the memory regions. Properties: a walk ends complete with no reason or
 * incomplete with one; the nodes are the chain in order, each at a distinct
 * address, sized by its layout; every entry belongs to a node walked, within
 * its count; a loop or an unread node is never complete.
 */
#include <stdio.h>
#include <stdlib.h>

#include "fuzz.h"
#include "read/memreserve.h"

static void fail(const char *why)
{
	fprintf(stderr, "memreserve property violated: %s\n", why);
	abort();
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

static void check(const struct ea_memreserve *m, uint64_t root, bool v420)
{
	size_t n = m->nodes.n;

	if (m->complete == (m->why != NULL))
		fail("complete and why disagree");
	if (m->complete && (m->loops || m->has_unread_node))
		fail("complete with a loop or an unread node");
	if (n > EA_MR_MAX_NODES)
		fail("more nodes than the limit");
	if (n && m->nodes.v[0].addr != root)
		fail("first node is not the root");
	if (m->complete && (!n || m->nodes.v[n - 1].next != 0))
		fail("complete chain does not end in next == 0");
	uint64_t *addrs = calloc(n + 1, sizeof(*addrs));
	uint64_t counted = 0;

	for (size_t i = 0; i < n; i++) {
		const struct ea_mr_node *x = &m->nodes.v[i];
		uint64_t bytes = v420 ? 24 : 16 + 16 * (uint64_t)x->size;

		if (i + 1 < n && x->next != m->nodes.v[i + 1].addr)
			fail("nodes out of chain order");
		if (x->r.first != x->addr ||
		    x->r.last - x->r.first != bytes - 1)
			fail("node range is not its layout's size");
		if (x->count < 0 || x->count > x->size ||
		    x->size > EA_MR_MAX_NODE_ENTRIES)
			fail("node size or count out of bounds");
		counted += (uint64_t)x->count;
		addrs[i] = x->addr;
	}
	qsort(addrs, n, sizeof(*addrs), cmp_u64);
	for (size_t i = 1; i < n; i++)
		if (addrs[i] == addrs[i - 1])
			fail("a node listed twice");
	if (m->entries.n > counted || (m->complete && m->entries.n != counted))
		fail("entries do not match the nodes' counts");
	for (size_t i = 0; i < m->entries.n; i++) {
		const struct ea_mr_entry *e = &m->entries.v[i];

		if (!bsearch(&e->node, addrs, n, sizeof(*addrs), cmp_u64))
			fail("entry of a node not walked");
		if (e->r.last < e->r.first)
			fail("entry range inverted");
	}
	free(addrs);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct ea_fuzz_mem fm;
	struct ea_physmem pm = { 0 };
	struct ea_memreserve m = { 0 };
	char why[320];

	ea_fuzz_split(data, size, 9, &fm);
	uint64_t root = ea_fuzz_hdr64(&fm, 0);
	bool v420 = fm.hdr[8] & 1;

	if (!ea_physmem_open_buffers(&pm, fm.r, fm.n, why, sizeof(why)))
		fail(why); /* ea_fuzz_split() keeps only valid regions */
	if (v420)
		ea_memreserve_walk_v420(&pm, root, &m);
	else
		ea_memreserve_walk(&pm, root, &m);
	check(&m, root, v420);
	ea_memreserve_free(&m);
	ea_physmem_free(&pm);
	return 0;
}
