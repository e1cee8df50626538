// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The kexec-tools version: from the MANIFEST's line, the --kexec-tools
 * option and, on a live system, the kexec binary (Debian bookworm's real
 * arm64 /sbin/kexec, testdata/kexec-tools/SOURCE.md).
 */
#include <stdlib.h>
#include <string.h>

#include "read/kexecbin.h"
#include "t.h"

static void load(const char *file, struct ea_input *in)
{
	char p[512];
	memset(in, 0, sizeof(*in));
	snprintf(p, sizeof(p), "%s/kexec-tools/%s", TESTDATA, file);
	CHECK(ea_input_load_file(in, p));
}

/* What collect.sh writes ("kexec-tools 2.0.25 (/sbin/kexec)", the vm
 * snapshots' MANIFESTs), Debian's package version (SOURCE.md of the
 * captures), and what is not a version. */
static void test_parse(void)
{
	unsigned a = 0, b = 0, c = 0;
	CHECK(ea_kexec_tools_parse("kexec-tools 2.0.25 (/sbin/kexec)", &a, &b,
				   &c));
	CHECK(a == 2 && b == 0 && c == 25);
	CHECK(ea_kexec_tools_parse("1:2.0.20-2.1", &a, &b, &c));
	CHECK(a == 2 && b == 0 && c == 20);
	CHECK(ea_kexec_tools_parse("v2.0.21", &a, &b, &c) && c == 21);
	CHECK(!ea_kexec_tools_parse("not installed (no kexec in PATH)", &a, &b,
				    &c));
	CHECK(!ea_kexec_tools_parse("kexec-tools 2.0", &a, &b, &c));
	CHECK(!ea_kexec_tools_parse("2.0.25x", &a, &b, &c));
	CHECK(!ea_kexec_tools_parse("99999999999.0.0", &a, &b, &c));
	CHECK(!ea_kexec_tools_parse(NULL, &a, &b, &c));
}

static void test_binary(void)
{
	struct ea_input in;
	struct ea_kexec_tools t;
	load("kexec-2.0.25-deb12u3-arm64", &in);
	ea_kexec_bin_parse(&in, &t);
	CHECK(t.known && t.major == 2 && t.minor == 0 && t.patch == 25);
	CHECK(t.off == 0x19320);
	CHECK(in.status == EA_IN_OK);
	ea_input_free(&in);

	/* the same package's vmcore-dmesg says no version */
	load("vmcore-dmesg-2.0.25-deb12u3-arm64", &in);
	ea_kexec_bin_parse(&in, &t);
	CHECK(!t.known && in.status == EA_IN_MALFORMED);
	ea_input_free(&in);

	/* "kexec-tools 2.0.25" not followed by its NUL (text about it, a
	 * string cut at the end of the file), then the real one */
	static const char text[] = "usage: see kexec-tools 2.0.25 docs\n"
				   "kexec-tools 2.0.2";
	memset(&in, 0, sizeof(in));
	ea_input_set_data(&in, text, sizeof(text) - 1);
	ea_kexec_bin_parse(&in, &t);
	CHECK(!t.known && in.status == EA_IN_MALFORMED);
	ea_input_free(&in);
	static const char bin[] = "kexec-tools 2.0.2x\0kexec-tools 2.0.20\0";
	memset(&in, 0, sizeof(in));
	ea_input_set_data(&in, bin, sizeof(bin) - 1);
	ea_kexec_bin_parse(&in, &t);
	CHECK(t.known && t.patch == 20 && t.off == 19);
	ea_input_free(&in);
}

int main(void)
{
	test_parse();
	test_binary();
	return t_done();
}
