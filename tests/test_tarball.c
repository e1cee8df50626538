/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Snapshot tarballs: every real capture packed at test time with tar(1)
 * reads back byte for byte, with and without a top-level directory; hostile
 * archives built at test time with Python's tarfile module are refused with
 * a message naming the member and the reason.
 */
#include <dirent.h>
#include <errno.h>
#include <ftw.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/tarball.h"
#include "t.h"

static char tmpdir[] = "/tmp/test_tarball.XXXXXX";

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	size_t cap = 4096, n = 0;
	char *b = malloc(cap);
	size_t r;
	while (b && (r = fread(b + n, 1, cap - n, f)) > 0) {
		n += r;
		if (n == cap)
			b = realloc(b, cap *= 2);
	}
	fclose(f);
	*len = n;
	return b;
}

static int sh(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static int sh(const char *fmt, ...)
{
	char cmd[4096];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	int r = system(cmd);
	if (r != 0)
		fprintf(stderr, "command failed (%d): %s\n", r, cmd);
	return r;
}

/* --- the real captures, packed by tar(1) ------------------------------- */

static const struct ea_tarball *cur_t;
static size_t cur_root_len;
static unsigned cur_files, cur_same;

static int cmp_file(const char *path, const struct stat *st, int type,
		    struct FTW *ftw)
{
	(void)st;
	(void)ftw;
	if (type != FTW_F)
		return 0;
	const char *rel = path + cur_root_len + 1;
	size_t flen;
	char *want = slurp(path, &flen);
	const char *got;
	size_t glen;
	cur_files++;
	if (want && ea_tarball_get(cur_t, rel, &got, &glen) && glen == flen &&
	    memcmp(got, want, flen) == 0 && got[glen] == '\0')
		cur_same++;
	else
		fprintf(stderr, "not byte-exact: %s\n", rel);
	free(want);
	return 0;
}

/* Members of a directory in the tarball == entries of the directory. */
static void check_listing(const struct ea_tarball *t, const char *root,
			  const char *rel)
{
	char path[4096];
	snprintf(path, sizeof(path), "%s/%s", root, rel);
	DIR *d = opendir(path);
	if (!d)
		return;
	char *want[4096];
	size_t nw = 0;
	struct dirent *e;
	while ((e = readdir(d)) && nw < 4096) {
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
			want[nw++] = strdup(e->d_name);
	}
	closedir(d);
	for (size_t i = 1; i < nw; i++) /* insertion sort by strcmp */
		for (size_t j = i; j > 0 && strcmp(want[j - 1], want[j]) > 0;
		     j--) {
			char *x = want[j];
			want[j] = want[j - 1];
			want[j - 1] = x;
		}
	char **names;
	size_t n = ea_tarball_list(t, rel, &names);
	bool same = n == nw && nw > 0;
	for (size_t i = 0; same && i < n; i++)
		same = strcmp(names[i], want[i]) == 0;
	if (!same)
		fprintf(stderr, "listing of %s: %zu names, %zu on disk\n", rel,
			n, nw);
	CHECK(same);
	CHECK(names && names[n] == NULL);
	CHECK(ea_tarball_is_dir(t, rel));
	free(names);
	for (size_t i = 0; i < nw; i++)
		free(want[i]);
}

static void test_capture(const char *cap)
{
	char root[4096], tgz[4096], why[512] = "";
	snprintf(root, sizeof(root), "%s/captures/%s", TESTDATA, cap);

	/* 1. "tar czf x.tar.gz -C captures NAME": one top-level directory */
	snprintf(tgz, sizeof(tgz), "%s/%s.tar.gz", tmpdir, cap);
	CHECK(sh("tar czf '%s' -C '%s/captures' '%s'", tgz, TESTDATA, cap) ==
	      0);
	struct ea_tarball *t = ea_tarball_open(tgz, why, sizeof(why));
	CHECK(t != NULL);
	if (!t) {
		fprintf(stderr, "%s: %s\n", tgz, why);
		return;
	}
	CHECK_STR(ea_tarball_prefix(t), cap);
	CHECK_STR(ea_tarball_name(t), tgz);
	cur_t = t;
	cur_root_len = strlen(root);
	cur_files = cur_same = 0;
	nftw(root, cmp_file, 16, FTW_PHYS);
	CHECK(cur_files > 5);
	CHECK_U64(cur_same, cur_files);

	/* The directory listings the audit uses. */
	check_listing(t, root, "");
	check_listing(t, root, "proc");
	check_listing(t, root, "sys/firmware/acpi/tables");
	check_listing(t, root, "sys/firmware/memmap");
	check_listing(t, root, "sys/firmware/efi/runtime-map");
	check_listing(t, root, "mem");
	CHECK(!ea_tarball_is_dir(t, "proc/iomem"));
	CHECK(!ea_tarball_is_dir(t, "no/such/dir"));
	CHECK(ea_tarball_is_dir(t, ""));
	char **names;
	CHECK_U64(ea_tarball_list(t, "no/such/dir", &names), 0);
	free(names);

	/* Lookups: "./", a trailing or leading slash are the same path;
	 * directories and climbing paths are not files. */
	const char *a, *b;
	size_t al, bl;
	CHECK(ea_tarball_get(t, "proc/iomem", &a, &al));
	CHECK(ea_tarball_get(t, "./proc//iomem", &b, &bl) && a == b);
	CHECK(!ea_tarball_get(t, "proc", &b, &bl));
	CHECK(!ea_tarball_get(t, "../proc/iomem", &b, &bl));
	CHECK(!ea_tarball_get(t, "proc/iomem/x", &b, &bl));

	/* Loading an input names the archive and the member. */
	struct ea_input in = { .name = "iomem" };
	CHECK(ea_tarball_load_input(t, &in, "proc/iomem"));
	CHECK(in.status == EA_IN_OK && in.len == al &&
	      memcmp(in.data, a, al) == 0);
	char want[8192];
	snprintf(want, sizeof(want), "%s:%s/proc/iomem", tgz, cap);
	CHECK_STR(in.path, want);
	CHECK(!ea_tarball_load_input(t, &in, "sys/kernel/debug/nothing"));
	CHECK(in.status == EA_IN_ABSENT);
	ea_input_free(&in);
	ea_tarball_close(t);

	/* 2. "tar czf x.tar.gz -C DIR .": "./" names, no prefix to strip */
	snprintf(tgz, sizeof(tgz), "%s/%s-dot.tar.gz", tmpdir, cap);
	CHECK(sh("tar czf '%s' -C '%s' .", tgz, root) == 0);
	t = ea_tarball_open(tgz, why, sizeof(why));
	CHECK(t != NULL);
	if (!t)
		return;
	CHECK(ea_tarball_prefix(t) == NULL);
	cur_t = t;
	cur_files = cur_same = 0;
	nftw(root, cmp_file, 16, FTW_PHYS);
	CHECK(cur_files > 5);
	CHECK_U64(cur_same, cur_files);
	check_listing(t, root, "");
	ea_tarball_close(t);

	/* 3. The same bytes from memory. */
	size_t len;
	char *buf = slurp(tgz, &len);
	t = buf ? ea_tarball_open_mem(buf, len, "mem.tar.gz", NULL, why,
				      sizeof(why))
		: NULL;
	CHECK(t != NULL && ea_tarball_get(t, "dmesg.txt", &a, &al) && al > 0);
	ea_tarball_close(t);
	free(buf);
}

/* --- hostile archives, built with Python's tarfile ------------------------ */

static const char hostile_py[] =
    "import gzip, io, sys, tarfile\n"
    "d = sys.argv[1]\n"
    "def ti(name, type=tarfile.REGTYPE, size=0, link=''):\n"
    "    t = tarfile.TarInfo(name); t.type = type; t.size = size\n"
    "    t.linkname = link; t.mode = 0o644; return t\n"
    "def tgz(fn, entries, fmt=tarfile.PAX_FORMAT):\n"
    "    b = io.BytesIO()\n"
    "    with tarfile.open(fileobj=b, mode='w', format=fmt) as t:\n"
    "        t.addfile(ti('snap', tarfile.DIRTYPE))\n"
    "        t.addfile(ti('snap/dmesg.txt', size=3), io.BytesIO(b'ok\\n'))\n"
    "        for e, data in entries:\n"
    "            t.addfile(e, io.BytesIO(data) if data is not None else None)\n"
    "    open(d + '/' + fn, 'wb').write(gzip.compress(b.getvalue()))\n"
    "    return b.getvalue()\n"
    "tgz('absolute.tar.gz', [(ti('/etc/passwd', size=2), b'x\\n')])\n"
    "tgz('dotdot.tar.gz', [(ti('../evil', size=2), b'x\\n')])\n"
    "tgz('dotdot2.tar.gz', [(ti('snap/proc/../../evil', size=2), b'x\\n')])\n"
    "tgz('symlink.tar.gz', [(ti('snap/proc/iomem', tarfile.SYMTYPE,\n"
    "    link='/proc/iomem'), None)])\n"
    "tgz('hardlink.tar.gz', [(ti('snap/proc/iomem', tarfile.LNKTYPE,\n"
    "    link='snap/dmesg.txt'), None)])\n"
    "c = ti('snap/dev/mem', tarfile.CHRTYPE); c.devmajor = 1; c.devminor = 1\n"
    "tgz('chardev.tar.gz', [(c, None)])\n"
    "tgz('fifo.tar.gz', [(ti('snap/fifo', tarfile.FIFOTYPE), None)])\n"
    "tgz('dup.tar.gz', [(ti('snap/dmesg.txt', size=2), b'x\\n')])\n"
    /* a file "proc" beside the directory "proc/" */
    "tgz('clash.tar.gz', [(ti('snap/proc', size=2), b'x\\n'),\n"
    "    (ti('snap/proc/iomem', size=2), b'x\\n')])\n"
    /* 8 names of 200 bytes, for a names limit of 1000 */
    "tgz('names.tar.gz', [(ti('snap/n/%d' % i + 'a' * 190, size=1), b'x')\n"
    "    for i in range(8)])\n"
    /* A header that declares 1 TiB (pax size) and no data at all. */
    "h = ti('snap/huge.bin', size=1 << 40).tobuf(tarfile.PAX_FORMAT,\n"
    "    'utf-8', 'surrogateescape')\n"
    "open(d + '/huge.tar.gz', 'wb').write(gzip.compress(h + bytes(1024)))\n"
    /* Just above the 64 MiB per-member limit, declared only. */
    "h = ti('snap/big.bin', size=(64 << 20) + 1).tobuf(tarfile.PAX_FORMAT,\n"
    "    'utf-8', 'surrogateescape')\n"
    "open(d + '/big.tar.gz', 'wb').write(gzip.compress(h + bytes(1024)))\n"
    /* Two members of 600 KiB each, for a total limit of 1 MiB. */
    "tgz('total.tar.gz', [(ti('snap/a.bin', size=600 << 10), bytes(600 << "
    "10)),\n"
    "    (ti('snap/b.bin', size=600 << 10), bytes(600 << 10))])\n"
    /* 100,001 members (the limit is 100,000): ustar headers made here,
     * since tarfile takes seconds for that many. */
    "def hdr(name):\n"
    "    h = bytearray(512)\n"
    "    h[0:len(name)] = name\n"
    "    h[100:108] = b'0000644\\0'; h[108:116] = b'0000000\\0'\n"
    "    h[116:124] = b'0000000\\0'; h[124:136] = b'00000000000\\0'\n"
    "    h[136:148] = b'00000000000\\0'; h[148:156] = b'        '\n"
    "    h[156] = 48; h[257:265] = b'ustar\\x0000'\n"
    "    h[148:156] = b'%06o\\0 ' % sum(h)\n"
    "    return bytes(h)\n"
    "many = b''.join(hdr(b'snap/m/%d' % i) for i in range(100001))\n"
    "open(d + '/many.tar.gz', 'wb').write(gzip.compress(many + bytes(1024), "
    "1))\n"
    /* A good archive, cut in the middle of its gzip stream. */
    "b = io.BytesIO()\n"
    "with tarfile.open(fileobj=b, mode='w') as t:\n"
    "    for i in range(8):\n"
    "        data = bytes(range(256)) * 512\n"
    "        t.addfile(ti('snap/f%d' % i, size=len(data)), io.BytesIO(data))\n"
    "z = gzip.compress(b.getvalue())\n"
    "open(d + '/truncated.tar.gz', 'wb').write(z[:len(z) // 2])\n"
    "open(d + '/garbage.tar.gz', 'wb').write(b'\\x1f\\x8b' + bytes(range(256)) "
    "* 4)\n";

static void refused(const char *file, const char *want1, const char *want2)
{
	char path[4096], why[1024] = "";
	snprintf(path, sizeof(path), "%s/%s", tmpdir, file);
	struct ea_tarball *t = ea_tarball_open(path, why, sizeof(why));
	CHECK(t == NULL);
	ea_tarball_close(t);
	bool ok = strstr(why, path) && strstr(why, want1) &&
		  (!want2 || strstr(why, want2));
	if (!ok)
		fprintf(stderr, "%s: message '%s' lacks '%s'%s%s\n", file, why,
			want1, want2 ? " or " : "", want2 ? want2 : "");
	CHECK(ok);
}

static void test_hostile(void)
{
	char py[4096];
	snprintf(py, sizeof(py), "%s/hostile.py", tmpdir);
	FILE *f = fopen(py, "w");
	CHECK(f != NULL);
	if (!f)
		return;
	fputs(hostile_py, f);
	fclose(f);
	if (sh("/usr/bin/python3 '%s' '%s'", py, tmpdir) != 0) {
		CHECK(!"python3 built the hostile archives");
		return;
	}
	refused("absolute.tar.gz", "member '/etc/passwd'", "absolute path");
	refused("dotdot.tar.gz", "member '../evil'", "\"..\" component");
	refused("dotdot2.tar.gz", "member 'snap/proc/../../evil'",
		"\"..\" component");
	refused("symlink.tar.gz", "member 'snap/proc/iomem'", "symbolic link");
	refused("hardlink.tar.gz", "member 'snap/proc/iomem'", "hard link");
	refused("chardev.tar.gz", "member 'snap/dev/mem'", "character device");
	refused("fifo.tar.gz", "member 'snap/fifo'", "a FIFO");
	refused("dup.tar.gz", "member 'snap/dmesg.txt'", "appears twice");
	refused("clash.tar.gz", "member 'snap/proc'",
		"a file and also a directory that member 'snap/proc/iomem' is "
		"in");
	refused("huge.tar.gz", "member 'snap/huge.bin'",
		"1099511627776 bytes, more than the limit of 67108864");
	refused("big.tar.gz", "member 'snap/big.bin'",
		"67108865 bytes, more than the limit of 67108864");
	refused("many.tar.gz", "member 'snap/m/100000'",
		"more than 100000 members");
	refused("truncated.tar.gz", "corrupt archive", NULL);
	refused("garbage.tar.gz", ": ", NULL);

	/* The total limit, made small: the second member crosses it. */
	char path[4096], why[1024] = "";
	size_t len;
	snprintf(path, sizeof(path), "%s/total.tar.gz", tmpdir);
	char *buf = slurp(path, &len);
	CHECK(buf != NULL);
	struct ea_tar_limits lim = ea_tar_default_limits;
	lim.total_bytes = 1 << 20;
	struct ea_tarball *t = ea_tarball_open_mem(buf, len, "total.tar.gz",
						   &lim, why, sizeof(why));
	CHECK(t == NULL);
	CHECK(strstr(why, "total.tar.gz: member 'snap/b.bin'") &&
	      strstr(why, "more than the limit of 1048576 bytes"));
	/* With the default limits the same archive is fine. */
	t = ea_tarball_open_mem(buf, len, "total.tar.gz", NULL, why,
				sizeof(why));
	const char *d;
	size_t dl;
	CHECK(t && ea_tarball_get(t, "a.bin", &d, &dl) && dl == 600 << 10);
	ea_tarball_close(t);
	free(buf);

	/* The names limit, made small: the member whose name crosses it is
	 * named (snap, snap/dmesg.txt, then 196 + 4 bytes each: the 5th). */
	snprintf(path, sizeof(path), "%s/names.tar.gz", tmpdir);
	buf = slurp(path, &len);
	CHECK(buf != NULL);
	lim = ea_tar_default_limits;
	lim.name_bytes = 1000;
	t = ea_tarball_open_mem(buf, len, "names.tar.gz", &lim, why,
				sizeof(why));
	CHECK(t == NULL && strstr(why, "names.tar.gz: member 'snap/n/4a") &&
	      strstr(why, "names add up to more than the limit of 1000"));
	/* the names count against the total too: 8 x (1 + 2 x 200) */
	lim = ea_tar_default_limits;
	lim.total_bytes = 3000;
	t = ea_tarball_open_mem(buf, len, "names.tar.gz", &lim, why,
				sizeof(why));
	CHECK(t == NULL && strstr(why, "refused: the members and their names "
				       "add up to more than the limit of "
				       "3000"));
	/* Members are handed over, once. */
	t = ea_tarball_open_mem(buf, len, "names.tar.gz", NULL, why,
				sizeof(why));
	CHECK(t != NULL);
	char rel[256], *own;
	snprintf(rel, sizeof(rel), "n/0%0190d", 0);
	memset(rel + 3, 'a', 190);
	CHECK(t && ea_tarball_take(t, rel, &own, &dl) == 0 && dl == 1 &&
	      own[0] == 'x' && own[1] == '\0');
	if (t && dl == 1)
		free(own);
	CHECK(t && ea_tarball_take(t, rel, &own, &dl) == EALREADY);
	CHECK(t && ea_tarball_get(t, rel, &d, &dl) && d == NULL);
	CHECK(t && ea_tarball_take(t, "n", &own, &dl) == ENOENT);
	ea_tarball_close(t);
	free(buf);

	/* The truncated archive's message is libarchive's, after the last
	 * whole member. */
	snprintf(path, sizeof(path), "%s/truncated.tar.gz", tmpdir);
	t = ea_tarball_open(path, why, sizeof(why));
	CHECK(t == NULL && strstr(why, "truncated.tar.gz") &&
	      (strstr(why, "member 'snap/f") || strstr(why, "corrupt")));

	/* A file that does not exist. */
	snprintf(path, sizeof(path), "%s/absent.tar.gz", tmpdir);
	t = ea_tarball_open(path, why, sizeof(why));
	CHECK(t == NULL && strstr(why, path) &&
	      strstr(why, "No such file or directory"));
}

int main(void)
{
	if (!mkdtemp(tmpdir)) {
		perror("mkdtemp");
		return 1;
	}
	static const char *const caps[] = {
		"qemu-arm64-6.1-acpi-smp4-2g",
		"qemu-arm64-6.1-dt-smp2-1g",
		"qemu-arm64-5.10-acpi-smp2-1g",
		"qemu-arm64-5.10-acpi-smp4-256m",
		"qemu-arm64-6.1-acpi-gicv2",
		"qemu-amd64-6.1-ovmf-smp2-2g",
	};
	for (size_t i = 0; i < sizeof(caps) / sizeof(caps[0]); i++)
		test_capture(caps[i]);
	test_hostile();
	sh("rm -rf '%s'", tmpdir);
	return t_done();
}
