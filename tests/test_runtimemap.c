/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * x86 /sys/firmware/efi/runtime-map: the real amd64 capture, checked entry
 * by entry against its raw files (read here with stdio, independently of the
 * parser) and against the "EFI runtime memory map" the same kernel printed;
 * then hostile directories written here; then the capture packed in a
 * tarball and read through the tree (tree.h) in memory.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/tree.h"
#include "read/dmesg.h"
#include "read/efisystab.h"
#include "read/runtimemap.h"
#include "t.h"

#define CAP TESTDATA "/captures/qemu-amd64-6.1-ovmf-smp2-2g"
#define RTMAP CAP "/sys/firmware/efi/runtime-map"
#define RUN EA_EFI_MEMORY_RUNTIME

static bool has(const char *s, const char *needle)
{
	return s && strstr(s, needle);
}

static unsigned long long raw(unsigned n, const char *f)
{
	char p[512];
	unsigned long long v = ~0ULL;
	FILE *fp;

	snprintf(p, sizeof(p), "%s/%u/%s", RTMAP, n, f);
	fp = fopen(p, "r");
	if (fp) {
		if (fscanf(fp, "%llx", &v) != 1)
			v = ~0ULL;
		fclose(fp);
	}
	return v;
}

static int desc_cmp(const void *a, const void *b)
{
	const struct ea_efi_desc *x = a, *y = b;

	return x->r.first < y->r.first ? -1 : x->r.first > y->r.first;
}

static void real(void)
{
	struct ea_input in = { 0 };
	struct ea_runtime_map m;
	struct ea_diags d = { 0 };

	CHECK(ea_runtime_map_read(&in, RTMAP, &m, &d));
	CHECK(d.n == 0);
	CHECK_STR(in.name, "efi_runtime_map");
	CHECK(in.status == EA_IN_OK);
	CHECK_U64(m.map.n, 107);
	CHECK_U64(m.extra.n, 107);
	CHECK_U64(in.lines, 107);

	/* every entry against its raw files */
	size_t same = 0;

	for (unsigned i = 0; i < m.map.n && i < m.extra.n; i++) {
		const struct ea_efi_desc *e = &m.map.v[i];
		const struct ea_runtime_map_extra *x = &m.extra.v[i];

		if (x->index == i && e->type == raw(i, "type") &&
		    e->r.first == raw(i, "phys_addr") &&
		    x->virt == raw(i, "virt_addr") &&
		    x->num_pages == raw(i, "num_pages") &&
		    e->r.last == e->r.first + x->num_pages * 4096 - 1 &&
		    e->attr == raw(i, "attribute") && m.in == &in &&
		    e->line == i + 1)
			same++;
	}
	CHECK_U64(same, 107);

	/* values read off the files by hand */
	CHECK_U64(m.map.v[0].type, EA_EFI_MMIO);
	CHECK_U64(m.map.v[0].r.first, 0xffc00000);
	CHECK_U64(m.map.v[0].r.last, 0xffffffff);
	CHECK_U64(m.map.v[0].attr, RUN | EA_EFI_MEMORY_UC);
	CHECK_U64(m.extra.v[0].virt, 0xfffffffeffc00000ULL);
	CHECK_U64(m.extra.v[0].num_pages, 0x400);
	CHECK_U64(m.map.v[1].type, EA_EFI_RUNTIME_DATA);
	CHECK_U64(m.map.v[1].r.first, 0x7feec000);
	CHECK_U64(m.map.v[1].r.last, 0x7ff6ffff);
	CHECK_U64(m.map.v[104].r.first, 0x900000);
	CHECK_U64(m.map.v[104].r.last, 0x14fffff);
	/* the MEMATTR table's page (efi: MEMATTR=0x7d618018) */
	CHECK_U64(m.map.v[101].type, EA_EFI_BOOT_DATA);
	CHECK_U64(m.map.v[101].r.first, 0x7d618000);
	CHECK_U64(m.map.v[101].attr, RUN | 0xf);
	/* page zero */
	CHECK_U64(m.map.v[106].type, EA_EFI_BOOT_CODE);
	CHECK_U64(m.map.v[106].r.first, 0);
	CHECK_U64(m.map.v[106].r.last, 0xfff);
	CHECK_U64(m.map.v[106].attr, RUN | 0xf);
	CHECK_U64(m.extra.v[106].virt, 0xfffffffefc200000ULL);
	CHECK(has(in.data, "0 0x00000000ffc00000-0x00000000ffffffff MMIO "
			   "type=0xb attr=0x8000000000000001 "
			   "virt=0xfffffffeffc00000 pages=0x400\n"));
	CHECK(has(in.data, "\n106 0x0000000000000000-0x0000000000000fff Boot "
			   "Code type=0x3 attr=0x800000000000000f "
			   "virt=0xfffffffefc200000 pages=0x1\n"));

	/* what it holds: 102 of 107 are boot-services regions, and only 7
	 * carry EFI_MEMORY_RUNTIME */
	unsigned runtime = 0, by_type[16] = { 0 };

	for (size_t i = 0; i < m.map.n; i++) {
		runtime += (m.map.v[i].attr & RUN) != 0;
		if (m.map.v[i].type < 16)
			by_type[m.map.v[i].type]++;
	}
	CHECK_U64(runtime, 7);
	CHECK_U64(by_type[EA_EFI_BOOT_CODE], 49);
	CHECK_U64(by_type[EA_EFI_BOOT_DATA], 53);
	CHECK_U64(by_type[EA_EFI_RUNTIME_CODE], 1);
	CHECK_U64(by_type[EA_EFI_RUNTIME_DATA], 3);
	CHECK_U64(by_type[EA_EFI_MMIO], 1);

	/* the virtual mappings SetVirtualAddressMap() was given */
	struct ea_efi_vmap *vm;
	size_t nvm = ea_runtime_map_vmap(&m, &vm);
	bool tr;

	CHECK_U64(nvm, 107);
	CHECK_U64(ea_efi_vmap_to_phys(vm, nvm, 0xfffffffeffaec018ULL, &tr),
		  0x7feec018);
	CHECK(tr);
	CHECK_U64(ea_efi_vmap_to_phys(vm, nvm, 0x7feec018, &tr), 0x7feec018);
	CHECK(!tr);
	free(vm);

	/* against the kernel's own listing after SetVirtualAddressMap() */
	struct ea_input din = { .name = "dmesg" };
	struct ea_dmesg dm = { 0 };

	CHECK(ea_input_load_file(&din, CAP "/dmesg.txt"));
	ea_dmesg_parse(&din, &dm, &d);
	CHECK(dm.map_form == EA_EFI_MAP_X86);
	CHECK_U64(dm.efi_runtime_map.n, 107);
	CHECK_U64(dm.efi_map.n, 128);
	size_t equal = 0;

	for (size_t i = 0; i < m.map.n && i < dm.efi_runtime_map.n; i++) {
		const struct ea_efi_desc *a = &m.map.v[i],
					 *b = &dm.efi_runtime_map.v[i];

		if (a->r.first == b->r.first && a->r.last == b->r.last &&
		    a->type == b->type && a->attr == b->attr)
			equal++;
	}
	CHECK_U64(equal, 107);
	/* the dmesg line of entry 101 is "efi: mem101: [Boot Data |RUN|..." */
	CHECK(dm.efi_runtime_map.n == 107 &&
	      has(din.data + dm.efi_runtime_map.v[101].off,
		  "mem101: [Boot Data   |RUN|"));

	/* against the boot map: every region is there, and exactly two
	 * gained EFI_MEMORY_RUNTIME after it was printed: page zero
	 * (efi_reserve_boot_services() tags what it must not free) and the
	 * MEMATTR page (efi_mem_reserve()) */
	size_t found = 0, gained = 0, sorted = 1;

	for (size_t k = 1; k < dm.efi_map.n; k++)
		sorted += dm.efi_map.v[k - 1].r.last < dm.efi_map.v[k].r.first;
	CHECK_U64(sorted, dm.efi_map.n); /* printed in address order */
	for (size_t i = 0; i < m.map.n; i++) {
		const struct ea_efi_desc *b =
		    bsearch(&m.map.v[i], dm.efi_map.v, dm.efi_map.n,
			    sizeof(*dm.efi_map.v), desc_cmp);

		if (b && b->r.last == m.map.v[i].r.last &&
		    b->type == m.map.v[i].type) {
			found++;
			if ((b->attr ^ m.map.v[i].attr) == RUN &&
			    (i == 101 || i == 106))
				gained++;
		}
	}
	CHECK_U64(found, 107);
	CHECK_U64(gained, 2);
	ea_dmesg_free(&dm);
	ea_input_free(&din);

	ea_runtime_map_free(&m);
	ea_input_free(&in);
	ea_diags_free(&d);
}

static char tmpdir[64];

static void put(const char *rel, const char *text)
{
	char p[256];
	FILE *f;

	snprintf(p, sizeof(p), "%s/%s", tmpdir, rel);
	f = fopen(p, "w");
	CHECK(f != NULL);
	if (f) {
		fputs(text, f);
		fclose(f);
	}
}

static void entry(unsigned n, const char *type, const char *phys,
		  const char *pages, const char *attr)
{
	char p[128];

	snprintf(p, sizeof(p), "%s/%u", tmpdir, n);
	mkdir(p, 0755);
	snprintf(p, sizeof(p), "%u/type", n);
	put(p, type);
	snprintf(p, sizeof(p), "%u/phys_addr", n);
	put(p, phys);
	snprintf(p, sizeof(p), "%u/virt_addr", n);
	put(p, "0x0\n");
	snprintf(p, sizeof(p), "%u/num_pages", n);
	put(p, pages);
	snprintf(p, sizeof(p), "%u/attribute", n);
	put(p, attr);
}

static void hostile(void)
{
	struct ea_input in = { 0 };
	struct ea_runtime_map m;
	struct ea_diags d = { 0 };
	char p[256];

	snprintf(tmpdir, sizeof(tmpdir), "/tmp/ea-rt-XXXXXX");
	CHECK(mkdtemp(tmpdir) != NULL);

	/* an empty directory */
	CHECK(!ea_runtime_map_read(&in, tmpdir, &m, &d));
	CHECK(in.status == EA_IN_MALFORMED &&
	      has(in.detail, "no numbered entry directory"));
	ea_runtime_map_free(&m);

	/* good entries 0 and 10 (numeric order, not readdir or string
	 * order), and one of each fault */
	entry(10, "0x6\n", "0x2000\n", "0x2\n", "0x8000000000000008\n");
	entry(0, "0x5", "0x1000", "0x1", "0x800000000000000f");
	entry(2, "0x7\n", "0x3000\n", "0x0\n", "0xf\n"); /* 0 pages */
	entry(3, "0x7\n", "0xfffffffffffff000\n", "0x2\n", "0xf\n"); /* wrap */
	entry(4, "0x100000000\n", "0x5000\n", "0x1\n", "0xf\n");     /* type */
	entry(5, "6\n", "0x6000\n", "0x1\n", "0xf\n");		     /* no 0x */
	entry(6, "0x6\n", "0x7000\n", "0x1\n", "0xf\n0x1\n"); /* 2 lines */
	entry(7, "0x6\n", "0x8000\n", "0x1\n", "0xf\n");
	snprintf(p, sizeof(p), "%s/7/virt_addr", tmpdir);
	unlink(p); /* missing file */
	entry(8, "0x6\n", "0x9000\n", "0x1\n", "0xf\n");
	snprintf(p, sizeof(p), "%s/8/phys_addr", tmpdir);
	unlink(p);
	CHECK(mkfifo(p, 0600) == 0); /* must not hang */
	entry(9, "0x6\n", "0xa000\n", "0x1\n", "0xf\n");
	put("9/attribute", "0x00000000000000000000000000000000000000000000000"
			   "000000000000000000f\n"); /* too long */
	snprintf(p, sizeof(p), "%s/01", tmpdir);     /* not "%d" output */
	mkdir(p, 0755);
	snprintf(p, sizeof(p), "%s/foo", tmpdir);
	mkdir(p, 0755);

	CHECK(ea_runtime_map_read(&in, tmpdir, &m, &d));
	CHECK_U64(m.map.n, 2);
	CHECK(m.map.n == 2 && m.extra.v[0].index == 0 &&
	      m.extra.v[1].index == 10);
	CHECK(m.map.n == 2 && m.map.v[0].r.first == 0x1000 &&
	      m.map.v[0].r.last == 0x1fff && m.map.v[0].type == 5);
	CHECK(m.map.n == 2 && m.map.v[1].r.first == 0x2000 &&
	      m.map.v[1].r.last == 0x3fff &&
	      m.map.v[1].attr == 0x8000000000000008ULL);
	CHECK(m.map.n == 2 && m.map.v[1].line == 2);
	CHECK_U64(d.n, 8);
	const char *want[] = {
		"/2/num_pages: 0x0 pages at 0x3000 is empty",
		"/3/num_pages: 0x2 pages at 0xfffffffffffff000 is empty or "
		"runs past 2^64",
		"/4/type: 0x100000000 does not fit",
		"/5/type: expected \"0x<hex>\\n\"",
		"/6/attribute: expected",
		"/7/virt_addr: No such file or directory; entry 7 ignored",
		"/8/phys_addr: refused: a FIFO; a snapshot has only files "
		"and directories",
		"/9/attribute: longer than a runtime-map attribute can be",
	};
	for (size_t i = 0; i < 8 && i < d.n; i++) {
		if (!has(d.v[i].msg, want[i])) {
			fprintf(stderr, "diag %zu: '%s' lacks '%s'\n", i,
				d.v[i].msg, want[i]);
			CHECK(!"diag names the file and the fault");
		}
	}
	ea_runtime_map_free(&m);
	ea_input_free(&in);
	ea_diags_free(&d);

	/* absent */
	snprintf(p, sizeof(p), "%s/none", tmpdir);
	CHECK(!ea_runtime_map_read(&in, p, &m, &d));
	CHECK(in.status == EA_IN_ABSENT && has(in.detail, "x86 only"));
	ea_runtime_map_free(&m);
	ea_input_free(&in);

	char cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -rf %s", tmpdir);
	CHECK(system(cmd) == 0);
}

/*
 * The same capture packed at test time with tar(1) and read through the
 * tree in memory: the same entries, the same listing bytes and evidence
 * lines as from the directory, named "ARCHIVE:MEMBER", still valid after
 * the tarball is closed; and the tree's answers for what is not a
 * directory of entries, the same words as on disk.
 */
static void in_tarball(void)
{
	char dir[] = "/tmp/ea-rt-tar-XXXXXX", tgz[128], why[512];
	struct ea_input din = { 0 }, tin = { 0 }, x = { 0 };
	struct ea_runtime_map dm, tm, xm;
	struct ea_diags dd = { 0 }, td = { 0 };

	CHECK(mkdtemp(dir) != NULL);
	snprintf(tgz, sizeof(tgz), "%s/cap.tar.gz", dir);
	char cmd[1024];

	snprintf(cmd, sizeof(cmd),
		 "tar czf '%s' -C '" TESTDATA "/captures' "
		 "qemu-amd64-6.1-ovmf-smp2-2g",
		 tgz);
	CHECK(system(cmd) == 0);
	struct ea_tree *t = ea_tree_open(tgz, why, sizeof(why));

	CHECK(t && ea_tree_is_tarball(t));
	if (!t) {
		fprintf(stderr, "%s\n", why);
		return;
	}
	CHECK(ea_runtime_map_read(&din, RTMAP, &dm, &dd));
	CHECK(ea_runtime_map_read_tree(&tin, t, "sys/firmware/efi/runtime-map",
				       &tm, &td));
	/* a snapshot's paths are relative to its root, packed or not */
	CHECK_STR(tin.path, "sys/firmware/efi/runtime-map");
	CHECK(tin.status == EA_IN_OK && td.n == 0);
	CHECK_U64(tm.map.n, 107);
	CHECK(tm.map.n == dm.map.n && tin.len == din.len &&
	      memcmp(tin.data, din.data, din.len) == 0);
	size_t same = 0;

	for (size_t i = 0; i < tm.map.n && i < dm.map.n; i++)
		same += tm.map.v[i].r.first == dm.map.v[i].r.first &&
			tm.map.v[i].r.last == dm.map.v[i].r.last &&
			tm.map.v[i].type == dm.map.v[i].type &&
			tm.map.v[i].attr == dm.map.v[i].attr &&
			tm.extra.v[i].virt == dm.extra.v[i].virt &&
			tm.in == &tin && tm.map.v[i].line == dm.map.v[i].line &&
			tm.map.v[i].off == dm.map.v[i].off;
	CHECK_U64(same, 107);

	/* the tree's answers, the same on both backends */
	struct ea_tree *d = ea_tree_open_dir(CAP);
	const char *r = "sys/firmware/efi/runtime-map";
	char **tn, **dn;
	size_t ntn, ndn;
	int te, de;

	CHECK(ea_tree_list(t, r, &tn, &ntn, &te));
	CHECK(ea_tree_list(d, r, &dn, &ndn, &de));
	CHECK(ntn == 107 && ntn == ndn);
	for (size_t i = 0; i < ntn && i < ndn; i++)
		CHECK(strcmp(tn[i], dn[i]) == 0);
	CHECK(ntn > 2 && !strcmp(tn[0], "0") && !strcmp(tn[1], "1") &&
	      !strcmp(tn[2], "10")); /* sorted as strings */
	free(tn);
	free(dn);
	CHECK(ea_tree_kind(t, r) == EA_TREE_DIR &&
	      ea_tree_kind(d, r) == EA_TREE_DIR);
	CHECK(ea_tree_kind(t, "proc/iomem") == EA_TREE_FILE &&
	      ea_tree_kind(d, "proc/iomem") == EA_TREE_FILE);
	CHECK(ea_tree_kind(t, "nothing") == EA_TREE_NONE &&
	      ea_tree_kind(d, "nothing") == EA_TREE_NONE);
	CHECK(!ea_tree_list(t, "proc/iomem", &tn, &ntn, &te) && te == ENOTDIR &&
	      !tn);
	CHECK(!ea_tree_list(d, "proc/iomem", &dn, &ndn, &de) && de == ENOTDIR);
	CHECK(!ea_tree_list(t, "nothing", &tn, &ntn, &te) && te == ENOENT);
	CHECK(!ea_tree_list(d, "nothing", &dn, &ndn, &de) && de == ENOENT);
	CHECK(!ea_tree_list(t, "../captures", &tn, &ntn, &te) && te == EINVAL);
	CHECK(!ea_tree_list(d, "proc/../..", &dn, &ndn, &de) && de == EINVAL);
	/* loads: absent, a directory, too large, a file below a file */
	static const char *const rels[] = { "acpidump.txt", "proc",
					    "proc/iomem", "proc/iomem/x" };
	static const int errs[] = { ENOENT, EINVAL, EFBIG, ENOTDIR };

	for (int i = 0; i < 4; i++) {
		struct ea_input a = { 0 }, b = { 0 };

		CHECK(!ea_tree_load(t, rels[i], 16, &a, &te) && te == errs[i]);
		CHECK(!ea_tree_load(d, rels[i], 16, &b, &de) && de == errs[i]);
		CHECK(a.status == b.status && a.detail && b.detail &&
		      !strcmp(a.detail, b.detail));
		ea_input_free(&a);
		ea_input_free(&b);
	}
	ea_tree_close(d);

	/* what is not a directory of entries */
	CHECK(!ea_runtime_map_read_tree(&x, t, "sys/firmware/efi/none", &xm,
					&td));
	CHECK(x.status == EA_IN_ABSENT && has(x.detail, "x86 only"));
	ea_runtime_map_free(&xm);
	CHECK(!ea_runtime_map_read_tree(&x, t, "proc/iomem", &xm, &td));
	CHECK(x.status == EA_IN_UNREADABLE && has(x.detail, "Not a directory"));
	ea_runtime_map_free(&xm);
	CHECK(!ea_runtime_map_read_tree(&x, t, "proc", &xm, &td));
	CHECK(x.status == EA_IN_MALFORMED);
	ea_runtime_map_free(&xm);
	ea_input_free(&x);

	/* the input owns its bytes: the tarball can go */
	ea_tree_close(t);
	CHECK(tin.len == din.len && memcmp(tin.data, din.data, din.len) == 0);
	CHECK(has(tin.data, "\n106 0x0000000000000000-0x0000000000000fff Boot "
			    "Code type=0x3"));

	/* a file that is not a tarball: refused, naming it */
	snprintf(cmd, sizeof(cmd), "cp '%s/dmesg.txt' '%s'", CAP, tgz);
	CHECK(system(cmd) == 0);
	CHECK(ea_tree_open(tgz, why, sizeof(why)) == NULL && has(why, tgz));

	ea_runtime_map_free(&dm);
	ea_runtime_map_free(&tm);
	ea_input_free(&din);
	ea_input_free(&tin);
	ea_diags_free(&dd);
	ea_diags_free(&td);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	CHECK(system(cmd) == 0);
}

int main(void)
{
	real();
	hostile();
	in_tarball();
	return t_done();
}
