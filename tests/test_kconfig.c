// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The kernel configuration reader on the captures' real configurations:
 * which options it finds set, not set, or without a line, and which it
 * calls off (ea_kconfig_off(): the what-if's KHO and CMA rules rest on it).
 */
#include <stdlib.h>
#include <string.h>

#include "read/kconfig.h"
#include "t.h"

static void parse(const char *cap, const char *file, struct ea_kconfig *k)
{
	char p[512];
	struct ea_input in;
	struct ea_diags dg = { 0 };

	memset(&in, 0, sizeof(in));
	snprintf(p, sizeof(p), "%s/captures/%s/boot/%s", TESTDATA, cap, file);
	CHECK(ea_input_load_file(&in, p));
	ea_kconfig_parse(&in, k, &dg);
	CHECK(dg.n == 0);
	ea_diags_free(&dg);
	ea_input_free(&in);
}

/* Debian's 6.1.0-57-cloud-arm64: CONFIG_KEXEC=y (line 442), "#
 * CONFIG_KEXEC_FILE is not set" (443), CONFIG_CMA=y (1013, before
 * CONFIG_CMA_DEBUG and the other CONFIG_CMA_* lines). No
 * CONFIG_KEXEC_HANDOVER line: the option came with v6.16
 * (kernel/Kconfig.kexec), so this kernel is certainly built without it; and
 * none for CONFIG_IMA_KEXEC, which depends on KEXEC_FILE (Kconfig writes no
 * line for an option whose dependencies are not met). */
static void test_debian_cloud(void)
{
	struct ea_kconfig k;

	parse("qemu-arm64-6.1-noefi-gicv3", "config-6.1.0-57-cloud-arm64", &k);
	CHECK(k.known);
	CHECK(k.v[EA_KC_KEXEC] == EA_KC_SET && k.ev[EA_KC_KEXEC].line == 442);
	CHECK(k.v[EA_KC_KEXEC_FILE] == EA_KC_NOT_SET &&
	      k.ev[EA_KC_KEXEC_FILE].line == 443);
	CHECK(k.v[EA_KC_CMA] == EA_KC_SET && k.ev[EA_KC_CMA].line == 1013);
	CHECK(k.v[EA_KC_KEXEC_HANDOVER] == EA_KC_NO_LINE);
	CHECK(k.v[EA_KC_IMA_KEXEC] == EA_KC_NO_LINE);
	CHECK(!ea_kconfig_off(&k, EA_KC_KEXEC));
	CHECK(ea_kconfig_off(&k, EA_KC_KEXEC_FILE));
	CHECK(!ea_kconfig_off(&k, EA_KC_CMA));
	/* no line in a whole configuration: not built */
	CHECK(ea_kconfig_off(&k, EA_KC_KEXEC_HANDOVER));
	CHECK(ea_kconfig_off(&k, EA_KC_IMA_KEXEC));
}

/* The vm suite's own 6.1.192 build with kexec_file: CONFIG_KEXEC_FILE=y
 * (line 346), "# CONFIG_CMA is not set" (757). */
static void test_kfile_build(void)
{
	struct ea_kconfig k;

	parse("qemu-arm64-6.1-kfile-next-gicv3", "config-6.1.192-ea", &k);
	CHECK(k.known);
	CHECK(k.v[EA_KC_KEXEC_FILE] == EA_KC_SET &&
	      k.ev[EA_KC_KEXEC_FILE].line == 346);
	CHECK(k.v[EA_KC_CMA] == EA_KC_NOT_SET && k.ev[EA_KC_CMA].line == 757);
	CHECK(!ea_kconfig_off(&k, EA_KC_KEXEC_FILE));
	CHECK(ea_kconfig_off(&k, EA_KC_CMA));
	CHECK(ea_kconfig_off(&k, EA_KC_KEXEC_HANDOVER));
}

/* A text that is not a configuration says nothing: no option is off. */
static void test_not_a_config(void)
{
	static const char txt[] = "cat: /proc/config.gz: No such file\n";
	struct ea_input in;
	struct ea_diags dg = { 0 };
	struct ea_kconfig k;

	memset(&in, 0, sizeof(in));
	ea_input_set_data(&in, txt, strlen(txt));
	ea_kconfig_parse(&in, &k, &dg);
	CHECK(!k.known);
	for (int o = 0; o < EA_KC_NOPTS; o++)
		CHECK(!ea_kconfig_off(&k, (enum ea_kconfig_opt)o));
	ea_diags_free(&dg);
	ea_input_free(&in);
}

int main(void)
{
	test_debian_cloud();
	test_kfile_build();
	test_not_a_config();
	return t_done();
}
