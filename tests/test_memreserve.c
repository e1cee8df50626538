/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The MEMRESERVE chain read from the real captures' mem/, and hostile chains
 * written to a temporary mem/ directory (loops, bad counts, missing nodes). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "read/memreserve.h"
#include "read/physmem.h"
#include "t.h"

static void walk_capture(const char *name, uint64_t root,
			 struct ea_memreserve *m, struct ea_physmem *pm,
			 struct ea_diags *d)
{
	char dir[512];
	struct ea_input in = { .name = "mem" };
	snprintf(dir, sizeof(dir), "%s/captures/%s/mem", TESTDATA, name);
	CHECK(ea_physmem_open_dir(pm, &in, dir, d));
	ea_memreserve_walk(pm, root, m);
	ea_input_free(&in);
}

static void real(void)
{
	struct ea_memreserve m = { 0 };
	struct ea_physmem pm = { 0 };
	struct ea_diags d = { 0 };

	/* 6.1, 4 CPUs: root → one 255-entry page with the property table
	 * and 4 pending tables (dmesg lines 125-186), 64 KiB each */
	walk_capture("qemu-arm64-6.1-acpi-smp4-2g", 0xbc42ff98, &m, &pm, &d);
	CHECK(m.complete);
	CHECK(m.nodes.n == 2);
	CHECK_U64(m.nodes.v[0].r.first, 0xbc42ff98);
	CHECK_U64(m.nodes.v[0].r.last, 0xbc42ffa7);
	CHECK_U64(m.nodes.v[0].next, 0x40174000);
	CHECK_U64(m.nodes.v[1].r.first, 0x40174000);
	CHECK_U64(m.nodes.v[1].r.last, 0x40174fff);
	CHECK(m.nodes.v[1].size == 255 && m.nodes.v[1].count == 5);
	CHECK(m.entries.n == 5);
	CHECK_U64(m.entries.v[0].r.first, 0x401b0000);
	CHECK_U64(m.entries.v[0].r.last, 0x401bffff);
	CHECK_U64(m.entries.v[4].r.first, 0x401f0000);
	CHECK(d.n == 0);
	ea_memreserve_free(&m);
	ea_physmem_free(&pm);

	/* GICv2: no ITS, the root alone */
	walk_capture("qemu-arm64-6.1-acpi-gicv2", 0x7c42ff98, &m, &pm, &d);
	CHECK(m.complete && m.nodes.n == 1 && m.entries.n == 0);
	ea_memreserve_free(&m);
	ea_physmem_free(&pm);

	/* 5.10, 256 MiB, 4 CPUs */
	walk_capture("qemu-arm64-5.10-acpi-smp4-256m", 0x4c42ff18, &m, &pm, &d);
	CHECK(m.complete && m.nodes.n == 2 && m.entries.n == 5);
	CHECK_U64(m.nodes.v[1].r.first, 0x4015a000);
	CHECK_U64(m.entries.v[0].r.first, 0x40190000);
	CHECK_U64(m.entries.v[4].r.first, 0x401d0000);
	ea_memreserve_free(&m);
	ea_physmem_free(&pm);

	/* a root that was not saved: unread, with the reason */
	walk_capture("qemu-arm64-6.1-acpi-smp4-2g", 0x12345000, &m, &pm, &d);
	CHECK(!m.complete && m.why && m.nodes.n == 0);
	ea_memreserve_free(&m);
	ea_physmem_free(&pm);
	ea_diags_free(&d);
}

static char tmpdir[64];

static void put(uint64_t addr, const unsigned char *b, size_t n)
{
	char p[128];
	snprintf(p, sizeof(p), "%s/%016llx.bin", tmpdir,
		 (unsigned long long)addr);
	FILE *f = fopen(p, "wb");
	fwrite(b, 1, n, f);
	fclose(f);
}

static void le64(unsigned char *p, uint64_t v)
{
	for (int i = 0; i < 8; i++)
		p[i] = (unsigned char)(v >> (8 * i));
}

static void le32(unsigned char *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (unsigned char)(v >> (8 * i));
}

static void clean(void)
{
	char cmd[128];
	snprintf(cmd, sizeof(cmd), "rm -f %s/*.bin", tmpdir);
	CHECK(system(cmd) == 0);
}

static void hostile_walk(struct ea_memreserve *m, uint64_t root)
{
	struct ea_physmem pm = { 0 };
	struct ea_diags d = { 0 };
	struct ea_input in = { .name = "mem" };
	ea_physmem_open_dir(&pm, &in, tmpdir, &d);
	ea_memreserve_walk(&pm, root, m);
	ea_physmem_free(&pm);
	ea_diags_free(&d);
	ea_input_free(&in);
}

static void hostile_walk_v420(struct ea_memreserve *m, uint64_t root)
{
	struct ea_physmem pm = { 0 };
	struct ea_diags d = { 0 };
	struct ea_input in = { .name = "mem" };
	ea_physmem_open_dir(&pm, &in, tmpdir, &d);
	ea_memreserve_walk_v420(&pm, root, m);
	ea_physmem_free(&pm);
	ea_diags_free(&d);
	ea_input_free(&in);
}

static void hostile(void)
{
	struct ea_memreserve m = { 0 };
	unsigned char b[4096];

	snprintf(tmpdir, sizeof(tmpdir), "/tmp/ea-mr-XXXXXX");
	CHECK(mkdtemp(tmpdir) != NULL);

	/* root 0: no chain, and the walk says so rather than leaving an
	 * incomplete walk without a reason */
	hostile_walk(&m, 0);
	CHECK(!m.complete && m.nodes.n == 0 && m.why &&
	      strstr(m.why, "root address is 0"));
	ea_memreserve_free(&m);

	/* the root points to itself */
	memset(b, 0, sizeof(b));
	le64(b + 8, 0x1000);
	put(0x1000, b, 16);
	hostile_walk(&m, 0x1000);
	CHECK(!m.complete && m.loops && m.nodes.n == 1);
	ea_memreserve_free(&m);

	/* a two-node cycle */
	clean();
	le64(b + 8, 0x2000);
	put(0x1000, b, 16);
	le64(b + 8, 0x1000);
	put(0x2000, b, 16);
	hostile_walk(&m, 0x1000);
	CHECK(!m.complete && m.loops && m.nodes.n == 2);
	ea_memreserve_free(&m);

	/* count > size */
	clean();
	memset(b, 0, sizeof(b));
	le32(b, 2);
	le32(b + 4, 3);
	put(0x1000, b, 16 + 2 * 16);
	hostile_walk(&m, 0x1000);
	CHECK(!m.complete && !m.loops && m.nodes.n == 0 && m.why);
	ea_memreserve_free(&m);

	/* an entry running past 2^64 */
	clean();
	memset(b, 0, sizeof(b));
	le32(b, 1);
	le32(b + 4, 1);
	le64(b + 16, 0xfffffffffffff000ULL);
	le64(b + 24, 0x2000);
	put(0x1000, b, 32);
	hostile_walk(&m, 0x1000);
	CHECK(!m.complete && m.why && m.entries.n == 0);
	ea_memreserve_free(&m);

	/* a node whose entries were not saved */
	clean();
	memset(b, 0, sizeof(b));
	le32(b, 255);
	le32(b + 4, 3);
	put(0x1000, b, 16 + 16);
	hostile_walk(&m, 0x1000);
	CHECK(!m.complete && m.why);
	ea_memreserve_free(&m);

	/* Linux 4.20: 24-byte single-entry nodes, the root empty */
	clean();
	memset(b, 0, sizeof(b));
	le64(b, 0x2000);
	put(0x1000, b, 24);
	memset(b, 0, sizeof(b));
	le64(b + 8, 0x401b0000);
	le64(b + 16, 0x10000);
	put(0x2000, b, 24);
	hostile_walk_v420(&m, 0x1000);
	CHECK(m.complete && m.nodes.n == 2 && m.entries.n == 1);
	CHECK_U64(m.nodes.v[0].r.last, 0x1017);
	CHECK_U64(m.entries.v[0].r.first, 0x401b0000);
	CHECK_U64(m.entries.v[0].r.last, 0x401bffff);
	ea_memreserve_free(&m);
	/* ... and one that loops */
	memset(b, 0, sizeof(b));
	le64(b, 0x1000);
	put(0x2000, b, 24);
	hostile_walk_v420(&m, 0x1000);
	CHECK(!m.complete && m.loops);
	ea_memreserve_free(&m);

	clean();
	rmdir(tmpdir);
}

int main(void)
{
	real();
	hostile();
	return t_done();
}
