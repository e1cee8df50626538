// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * /proc/version, /proc/cmdline and /sys/firmware/memmap: the captures'
 * files as read by hand, then synthetic memmap directories.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "read/procinfo.h"
#include "t.h"

static const char *const caps[] = {
	"qemu-amd64-6.1-ovmf-smp2-2g",	  "qemu-arm64-5.10-acpi-smp2-1g",
	"qemu-arm64-5.10-acpi-smp4-256m", "qemu-arm64-6.1-acpi-gicv2",
	"qemu-arm64-6.1-acpi-smp4-2g",	  "qemu-arm64-6.1-dt-smp2-1g",
};

static const char *const releases[] = {
	"6.1.0-56-cloud-amd64",	 "5.10.0-32-cloud-arm64",
	"5.10.0-32-cloud-arm64", "6.1.0-56-cloud-arm64",
	"6.1.0-56-cloud-arm64",	 "6.1.0-56-cloud-arm64",
};

/* Note the double blank before initrd= (and after efi=debug on DT). */
static const char *const cmdlines[] = {
	"console=ttyS0 efi=debug log_buf_len=4M panic=-1  initrd=initrd",
	"console=ttyAMA0 efi=debug acpi=force log_buf_len=4M panic=-1  "
	"initrd=initrd",
	"console=ttyAMA0 efi=debug acpi=force log_buf_len=4M panic=-1  "
	"initrd=initrd",
	"console=ttyAMA0 efi=debug acpi=force log_buf_len=4M panic=-1  "
	"initrd=initrd",
	"console=ttyAMA0 efi=debug acpi=force log_buf_len=4M panic=-1  "
	"initrd=initrd",
	"console=ttyAMA0 efi=debug  log_buf_len=4M panic=-1  initrd=initrd",
};

static void load(struct ea_input *in, const char *cap, const char *file)
{
	char p[512];

	memset(in, 0, sizeof(*in));
	snprintf(p, sizeof(p), "%s/captures/%s/%s", TESTDATA, cap, file);
	CHECK(ea_input_load_file(in, p));
}

static void set(struct ea_input *in, const char *s)
{
	memset(in, 0, sizeof(*in));
	ea_input_set_data(in, s, strlen(s));
}

static void test_version(void)
{
	struct ea_input in;
	char *r;
	unsigned ma = 99, mi = 99, pa = 99;

	for (size_t i = 0; i < sizeof(caps) / sizeof(*caps); i++) {
		load(&in, caps[i], "proc/version");
		r = ea_version_release(&in);
		CHECK_STR(r, releases[i]);
		free(r);
		ea_input_free(&in);

		load(&in, caps[i], "proc/cmdline");
		r = ea_cmdline_text(&in);
		CHECK_STR(r, cmdlines[i]);
		free(r);
		ea_input_free(&in);
	}

	CHECK(ea_release_numbers("6.1.0-56-cloud-arm64", &ma, &mi, &pa));
	CHECK(ma == 6 && mi == 1 && pa == 0);
	CHECK(ea_release_numbers("5.10.0-32-cloud-arm64", &ma, &mi, &pa));
	CHECK(ma == 5 && mi == 10 && pa == 0);
	CHECK(ea_release_numbers("5.4.0-rc7", &ma, &mi, &pa));
	CHECK(ma == 5 && mi == 4 && pa == 0);
	CHECK(ea_release_numbers("6.18-rc7", &ma, &mi, &pa));
	CHECK(ma == 6 && mi == 18 && pa == 0);
	CHECK(ea_release_numbers("5.3.11-gentoo", &ma, &mi, &pa));
	CHECK(ma == 5 && mi == 3 && pa == 11);
	CHECK(ea_release_numbers("4.19.57", &ma, &mi, &pa));
	CHECK(ma == 4 && mi == 19 && pa == 57);
	CHECK(ea_release_numbers("6.15.9-201.fc42.aarch64", &ma, &mi, &pa));
	CHECK(ma == 6 && mi == 15 && pa == 9);
	CHECK(ea_release_numbers("5.2.0+", &ma, &mi, &pa));
	CHECK(ma == 5 && mi == 2 && pa == 0);
	CHECK(ea_release_numbers("6.17", &ma, &mi, &pa));
	CHECK(ma == 6 && mi == 17 && pa == 0);
	CHECK(ea_release_numbers("6.1.", &ma, &mi, &pa));
	CHECK(ma == 6 && mi == 1 && pa == 0);
	CHECK(ea_release_numbers("6.1", &ma, &mi, NULL));
	ma = mi = pa = 99;
	CHECK(!ea_release_numbers("", &ma, &mi, &pa));
	CHECK(!ea_release_numbers("6", &ma, &mi, &pa));
	CHECK(!ea_release_numbers("6.", &ma, &mi, &pa));
	CHECK(!ea_release_numbers("v6.1", &ma, &mi, &pa));
	CHECK(!ea_release_numbers(".1.0", &ma, &mi, &pa));
	CHECK(!ea_release_numbers("4294967296.1", &ma, &mi, &pa));
	CHECK(!ea_release_numbers(NULL, &ma, &mi, &pa));
	CHECK(ma == 99 && mi == 99 && pa == 99); /* untouched on failure */

	/* version: the token after "Linux version " */
	set(&in, "Linux version 6.18.0-rc7 (root@host) #1 SMP\n");
	r = ea_version_release(&in);
	CHECK_STR(r, "6.18.0-rc7");
	free(r);
	ea_input_free(&in);
	set(&in, "Linux version 5.4.1\n");
	r = ea_version_release(&in);
	CHECK_STR(r, "5.4.1");
	free(r);
	ea_input_free(&in);
	set(&in, "Linux version 5.4.1");
	r = ea_version_release(&in);
	CHECK_STR(r, "5.4.1");
	free(r);
	ea_input_free(&in);
	set(&in, "Linux version ");
	CHECK(ea_version_release(&in) == NULL);
	ea_input_free(&in);
	set(&in, "Linux versio");
	CHECK(ea_version_release(&in) == NULL);
	ea_input_free(&in);
	set(&in, "");
	CHECK(ea_version_release(&in) == NULL);
	ea_input_free(&in);
	memset(&in, 0, sizeof(in));
	ea_input_set_data(&in, "Linux version 6.1\0xyz (", 23);
	r = ea_version_release(&in);
	CHECK_STR(r, "6.1");
	free(r);
	ea_input_free(&in);
	CHECK(ea_version_release(&in) == NULL); /* no data */

	/* cmdline: first line only, CR and LF removed, blanks kept */
	set(&in, "root=/dev/vda1 quiet \r\nsecond line\n");
	r = ea_cmdline_text(&in);
	CHECK_STR(r, "root=/dev/vda1 quiet ");
	free(r);
	ea_input_free(&in);
	set(&in, "no newline");
	r = ea_cmdline_text(&in);
	CHECK_STR(r, "no newline");
	free(r);
	ea_input_free(&in);
	set(&in, "");
	r = ea_cmdline_text(&in);
	CHECK_STR(r, "");
	free(r);
	ea_input_free(&in);
	CHECK(ea_cmdline_text(&in) == NULL);
}

/* The x86 capture: 16 entries, read by hand with cat. */
static void test_fw_memmap_capture(void)
{
	struct ea_input in = { 0 };
	struct ea_fw_memmap fm;
	struct ea_diags dg = { 0 };
	char dir[512];

	snprintf(dir, sizeof(dir),
		 "%s/captures/qemu-amd64-6.1-ovmf-smp2-2g/sys/firmware/memmap",
		 TESTDATA);
	CHECK(ea_fw_memmap_read(&in, dir, &fm, &dg));
	CHECK_U64(dg.n, 0);
	CHECK(in.status == EA_IN_OK);
	CHECK_STR(in.path, dir);
	CHECK_U64(fm.entries.n, 16);
	if (fm.entries.n != 16)
		goto out;

	const struct ea_fw_memmap_entry *e = fm.entries.v;

	/* first and last, and the ACPI ones */
	CHECK_U64(e[0].index, 0);
	CHECK_U64(e[0].r.first, 0);
	CHECK_U64(e[0].r.last, 0x9ffff);
	CHECK_STR(e[0].type, "System RAM");
	CHECK_U64(e[15].index, 15);
	CHECK_U64(e[15].r.first, 0xffc00000);
	CHECK_U64(e[15].r.last, 0xffffffff);
	CHECK_STR(e[15].type, "Reserved");
	CHECK_U64(e[5].r.first, 0x900000);
	CHECK_U64(e[5].r.last, 0x7ea89fff); /* one entry; iomem has 5 */
	CHECK_STR(e[5].type, "System RAM");
	CHECK_U64(e[9].r.first, 0x7f76c000);
	CHECK_U64(e[9].r.last, 0x7f77dfff);
	CHECK_STR(e[9].type, "ACPI Tables");
	CHECK_STR(e[13].type, "ACPI Non-volatile Storage");
	CHECK_U64(e[13].r.first, 0x7ff70000);
	CHECK_U64(e[14].r.first, 0xb0000000);
	CHECK_STR(e[14].type, "Reserved");
	/* numeric order, not readdir's "10" < "2" */
	for (size_t i = 0; i < fm.entries.n; i++) {
		CHECK_U64(e[i].index, i);
		if (i)
			CHECK(e[i - 1].r.first < e[i].r.first);
	}
	size_t ram = 0;

	for (size_t i = 0; i < fm.entries.n; i++)
		ram += strcmp(e[i].type, "System RAM") == 0;
	CHECK_U64(ram, 6);

	/* the listing: one line per entry, evidence names it */
	CHECK(in.data &&
	      strncmp(in.data, "0 0x0-0x9ffff System RAM\n", 25) == 0);
	CHECK_U64(e[0].ev.line, 1);
	CHECK_U64(e[15].ev.line, 16);
	CHECK(e[15].ev.in == &in);
	CHECK(e[15].ev.len == strlen("15 0xffc00000-0xffffffff Reserved") &&
	      memcmp(in.data + e[15].ev.off,
		     "15 0xffc00000-0xffffffff Reserved", e[15].ev.len) == 0);
	CHECK(e[9].ev.len && memcmp(in.data + e[9].ev.off,
				    "9 0x7f76c000-0x7f77dfff ACPI Tables\n",
				    e[9].ev.len + 1) == 0);
out:
	ea_fw_memmap_free(&fm);
	ea_diags_free(&dg);
	ea_input_free(&in);
}

/* --- synthetic memmap directories -------------------------------------- */

static char tmp[256];

static void put(const char *rel, const char *text)
{
	char p[512], d[512];

	snprintf(p, sizeof(p), "%s/%s", tmp, rel);
	snprintf(d, sizeof(d), "%s", p);
	*strrchr(d, '/') = '\0';
	mkdir(d, 0700);
	int fd = open(p, O_WRONLY | O_CREAT | O_TRUNC, 0600);

	if (fd < 0) {
		perror(p);
		return;
	}
	if (write(fd, text, strlen(text)) != (ssize_t)strlen(text))
		perror(p);
	close(fd);
}

static void put_entry(const char *n, const char *start, const char *end,
		      const char *type)
{
	char rel[64];

	snprintf(rel, sizeof(rel), "%s/start", n);
	if (start)
		put(rel, start);
	snprintf(rel, sizeof(rel), "%s/end", n);
	if (end)
		put(rel, end);
	snprintf(rel, sizeof(rel), "%s/type", n);
	if (type)
		put(rel, type);
}

static bool diag_has(const struct ea_diags *dg, const char *s)
{
	for (size_t i = 0; i < dg->n; i++)
		if (strstr(dg->v[i].msg, s))
			return true;
	return false;
}

static void rm_tree(void)
{
	char cmd[300];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmp);
	if (system(cmd) != 0)
		fprintf(stderr, "could not remove %s\n", tmp);
}

static void test_fw_memmap_synthetic(void)
{
	struct ea_input in = { 0 };
	struct ea_fw_memmap fm;
	struct ea_diags dg = { 0 };
	char p[512];

	snprintf(tmp, sizeof(tmp), "/tmp/ea-fwmm-XXXXXX");
	if (!mkdtemp(tmp)) {
		perror("mkdtemp");
		CHECK(0);
		return;
	}

	/* absent directory */
	snprintf(p, sizeof(p), "%s/none", tmp);
	CHECK(!ea_fw_memmap_read(&in, p, &fm, &dg));
	CHECK(in.status == EA_IN_ABSENT);
	CHECK_STR(in.path, p);
	CHECK_U64(fm.entries.n, 0);
	ea_input_free(&in);

	/* empty directory: nothing readable */
	CHECK(!ea_fw_memmap_read(&in, tmp, &fm, &dg));
	CHECK(in.status == EA_IN_MALFORMED);
	CHECK(in.detail != NULL);
	ea_input_free(&in);

	/* unsorted starts, bad entries, names that are not entries */
	put_entry("0", "0x100000\n", "0x7fffffff\n", "System RAM\n");
	put_entry("1", "0x0\n", "0x9fbff\n", "System RAM\n");
	put_entry("2", "0x2000\n", "0x1fff\n", "Reserved\n"); /* end<start */
	put_entry("3", "0xf0000\n", "0xfffff\n", NULL);	      /* no type */
	put_entry("4", "f0000\n", "0xfffff\n", "Reserved\n"); /* no 0x */
	put_entry("5", "0x10000000000000000\n", "0x1\n", "Reserved\n");
	put_entry("6", "0x9fc00\n", "0x9ffff\n", "\n"); /* empty type */
	put_entry("7", "0x9fc00\n", "0x9ffff\n",
		  "A type name that is far too long to be e820\n");
	put_entry("8", "0x9fc00\n", "0x9ffff\n", "Res\nerved\n");
	put_entry("10", "0xfffc0000\n", "0xffffffff\n", "Reserved"); /* no LF */
	put_entry("01", "0x0\n", "0x0\n", "x\n"); /* not canonical */
	put_entry("foo", "0x0\n", "0x0\n", "x\n");
	put("11", "a file, not a directory");
	/* an attribute longer than sysfs writes one (the kernel's "%llx\n") */
	char longstart[300];
	memset(longstart, '0', sizeof(longstart) - 2);
	longstart[sizeof(longstart) - 2] = '\n';
	longstart[sizeof(longstart) - 1] = '\0';
	put_entry("12", longstart, "0x1\n", "Reserved\n");
	CHECK(ea_fw_memmap_read(&in, tmp, &fm, &dg));
	CHECK(in.status == EA_IN_OK);
	CHECK_U64(fm.entries.n, 3);
	if (fm.entries.n == 3) {
		CHECK_U64(fm.entries.v[0].index, 1); /* sorted by start */
		CHECK_U64(fm.entries.v[0].r.last, 0x9fbff);
		CHECK_U64(fm.entries.v[1].index, 0);
		CHECK_U64(fm.entries.v[2].index, 10);
		CHECK_STR(fm.entries.v[2].type, "Reserved");
		CHECK_U64(fm.entries.v[2].ev.line, 3);
		CHECK(memcmp(in.data + fm.entries.v[1].ev.off,
			     "0 0x100000-0x7fffffff System RAM",
			     fm.entries.v[1].ev.len) == 0);
	}
	CHECK_U64(dg.n, 9); /* 2..8, 11 and 12 */
	CHECK(diag_has(&dg, "longer than a sysfs memmap attribute can be"));
	snprintf(p, sizeof(p), "%s/2/end", tmp);
	CHECK(diag_has(&dg, p));
	snprintf(p, sizeof(p), "%s/3/type", tmp);
	CHECK(diag_has(&dg, p));
	snprintf(p, sizeof(p), "%s/4/start", tmp);
	CHECK(diag_has(&dg, p));
	snprintf(p, sizeof(p), "%s/5/start", tmp);
	CHECK(diag_has(&dg, p));
	snprintf(p, sizeof(p), "%s/6/type", tmp);
	CHECK(diag_has(&dg, p));
	snprintf(p, sizeof(p), "%s/7/type", tmp);
	CHECK(diag_has(&dg, p));
	snprintf(p, sizeof(p), "%s/8/type", tmp);
	CHECK(diag_has(&dg, p));
	snprintf(p, sizeof(p), "%s/11/start", tmp);
	CHECK(diag_has(&dg, p));
	for (size_t i = 0; i < dg.n; i++)
		CHECK(dg.v[i].ev.in == &in && dg.v[i].ev.line == 0);
	ea_fw_memmap_free(&fm);
	ea_diags_free(&dg);
	ea_input_free(&in);
	rm_tree();

	/* every entry bad: false, malformed, detail names a file */
	CHECK(mkdtemp(strcpy(tmp, "/tmp/ea-fwmm-XXXXXX")) != NULL);
	put_entry("0", "0x2000\n", "0x1fff\n", "Reserved\n");
	CHECK(!ea_fw_memmap_read(&in, tmp, &fm, &dg));
	CHECK(in.status == EA_IN_MALFORMED);
	snprintf(p, sizeof(p), "%s/0/end", tmp);
	CHECK(in.detail && strstr(in.detail, p) != NULL);
	CHECK_U64(dg.n, 1);
	ea_fw_memmap_free(&fm);
	ea_diags_free(&dg);
	ea_input_free(&in);

	/* a FIFO where a file should be does not hang the reader */
	snprintf(p, sizeof(p), "%s/1", tmp);
	mkdir(p, 0700);
	snprintf(p, sizeof(p), "%s/1/start", tmp);
	if (mkfifo(p, 0600) == 0) {
		put("1/end", "0x1\n");
		put("1/type", "x\n");
		CHECK(!ea_fw_memmap_read(&in, tmp, &fm, &dg));
		CHECK(diag_has(&dg, p));
		ea_fw_memmap_free(&fm);
		ea_diags_free(&dg);
		ea_input_free(&in);
	}
	rm_tree();
}

int main(void)
{
	test_version();
	test_fw_memmap_capture();
	test_fw_memmap_synthetic();
	return t_done();
}
