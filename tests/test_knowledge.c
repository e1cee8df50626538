/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The knowledge base: release strings as real systems print them, every row
 * checked on a release on either side of it (and on the stable releases
 * that carry a backport), and the inferred answers the audit would use when
 * a loader's view has no input. The expected answers follow the rows'
 * sources (knowledge.c); the release strings and banners are copied from the
 * captures and corpus under testdata/.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/knowledge.h"
#include "t.h"

/* proc/version of testdata/captures/qemu-arm64-5.10-acpi-smp4-256m */
static const char *const BANNER_510 =
    "Linux version 5.10.0-32-cloud-arm64 (debian-kernel@lists.debian.org) "
    "(gcc-10 (Debian 10.2.1-6) 10.2.1 20210110, GNU ld (GNU Binutils for "
    "Debian) 2.35.2) #1 SMP Debian 5.10.223-1 (2024-08-10)";

static enum ea_kb_have have(enum ea_kb_id id, const char *release)
{
	struct ea_kver v;
	ea_kver_parse(release, NULL, &v);
	return ea_kb_carries(ea_kb_get(id), &v, NULL, 0);
}

static enum ea_kb_have have_tools(unsigned a, unsigned b, unsigned c)
{
	struct ea_kver v = { .known = true,
			     .major = a,
			     .minor = b,
			     .patch = c,
			     .patch_known = true };
	return ea_kb_carries(ea_kb_get(EA_KB_KEXEC_TOOLS_EXCLUDE), &v, NULL, 0);
}

static void test_release_strings(void)
{
	struct ea_kver v;

	/* Debian: X.Y.0 and an ABI number; the banner has the sublevel */
	CHECK(ea_kver_parse("5.10.0-32-cloud-arm64", NULL, &v));
	CHECK(v.major == 5 && v.minor == 10 && !v.patch_known && !v.rc);
	CHECK(ea_kver_parse("5.10.0-32-cloud-arm64", BANNER_510, &v));
	CHECK(v.patch_known && v.patch == 223);
	CHECK_STR(v.distro, "Debian");
	CHECK_STR(v.text, "5.10.223 (Debian)");

	/* the compiler's "(Debian 10.2.1-6)" is not the kernel's version */
	CHECK(ea_kver_parse("10.2.0-1-amd64",
			    "Linux version 10.2.0-1-amd64 (gcc (Debian "
			    "10.2.1-6) 10.2.1) #1 SMP",
			    &v));
	CHECK(v.patch_known && v.patch == 1);

	/* the Fujitsu corpus kernels */
	CHECK(ea_kver_parse("5.4.0-rc7", NULL, &v));
	CHECK(v.major == 5 && v.minor == 4 && v.rc == 7 && v.patch_known);
	CHECK(ea_kver_parse("5.4.1+", NULL, &v));
	CHECK(v.patch == 1 && v.local && v.patch_known);
	/* the ASUS corpus kernel */
	CHECK(ea_kver_parse("5.3.11-gentoo", NULL, &v));
	CHECK(v.patch == 11 && v.patch_known && !v.vendor);

	CHECK(ea_kver_parse("4.18.0-477.10.1.el8_8.aarch64", NULL, &v));
	CHECK(v.vendor);
	CHECK_STR(v.distro, "RHEL");
	CHECK(ea_kver_parse("5.15.0-91-generic", NULL, &v));
	CHECK(!v.patch_known);
	CHECK_STR(v.distro, "Ubuntu");
	CHECK(ea_kver_parse("6.6", NULL, &v));
	CHECK(v.major == 6 && v.minor == 6 && v.patch == 0 && v.patch_known);

	CHECK(!ea_kver_parse("unknown", NULL, &v));
	CHECK(!v.known);
	CHECK(!ea_kver_parse("5", NULL, &v));
	CHECK(!ea_kver_parse(NULL, NULL, &v));
}

/* Every form a release string takes, the expected values read off the
 * naming each one documents: scripts/setlocalversion (git describe:
 * "-<commits past the tag, %05d>-g<abbreviated id>"), Debian
 * ("<upstream X.Y>.0-<ABI>-<flavour>", the sublevel in the banner's
 * "Debian X.Y.Z-N"), Ubuntu ("X.Y.0-<ABI>-<flavour>", the banner's version
 * signature "(Ubuntu X.Y.0-<ABI>.<upload>-<flavour> X.Y.Z)"), Fedora
 * ("X.Y.Z-<release>.fcNN.<arch>", rawhide "X.Y.0-0.rcN.<date>git<id>..."),
 * RHEL ("X.Y.0-<build>.elN_M.<arch>") and SUSE
 * ("X.Y.Z-<SLE release>.<build>-<flavour>"). */
static void test_release_forms(void)
{
	struct ea_kver v;

	/* upstream and release candidates */
	CHECK(ea_kver_parse("6.12.117", NULL, &v));
	CHECK(v.major == 6 && v.minor == 12 && v.patch == 117 &&
	      v.patch_known && !v.rc && !v.git && !v.vendor);
	CHECK_STR(v.text, "6.12.117");
	CHECK(ea_kver_parse("6.12.0-rc3", NULL, &v));
	CHECK(v.rc == 3 && v.patch == 0 && !v.git);
	CHECK_STR(v.text, "6.12-rc3");

	/* git describe: the tag is the release, not an ABI number */
	CHECK(ea_kver_parse("5.5.0-00001-g2028a3b", NULL, &v));
	CHECK(v.major == 5 && v.minor == 5 && v.patch == 0 && v.patch_known);
	CHECK(v.git && !v.rc && !v.vendor && !v.distro[0]);
	CHECK_STR(v.text, "5.5.0");
	CHECK(ea_kver_parse("6.12.0-rc3-00012-gabcdef", NULL, &v));
	CHECK(v.rc == 3 && v.git && v.major == 6 && v.minor == 12);
	/* the corpus kernels: qemu-virt-kvm-noefi-arm64, fujitsu, adlink */
	CHECK(ea_kver_parse("5.3.0-rc3-00001-g9b0f179cd3d1-dirty", NULL, &v));
	CHECK(v.rc == 3 && v.git && v.local);
	CHECK(ea_kver_parse("5.4.0-00001-gd45a90825ab2-dirty", NULL, &v));
	CHECK(v.patch == 0 && v.patch_known && v.git && v.local);
	CHECK(ea_kver_parse("6.18.0-rc5-ajb-debian-bisect-00022-g832f811c236d",
			    NULL, &v));
	CHECK(v.rc == 5 && v.git && !v.distro[0]);
	CHECK(ea_kver_parse("6.1.0-rc3-00496-g07380f726920", NULL, &v));
	CHECK(v.rc == 3 && v.git);

	/* Debian: the ABI number is not the sublevel; the banner has it */
	CHECK(ea_kver_parse("6.1.0-26-arm64", NULL, &v));
	CHECK(!v.patch_known && !v.git);
	CHECK_STR(v.distro, "Debian");
	CHECK(
	    ea_kver_parse("6.1.0-26-arm64",
			  "Linux version 6.1.0-26-arm64 "
			  "(debian-kernel@lists.debian.org) (gcc-12 (Debian "
			  "12.2.0-14) 12.2.0, GNU ld (GNU Binutils for "
			  "Debian) 2.40) #1 SMP Debian 6.1.112-1 (2024-09-30)",
			  &v));
	CHECK(v.patch_known && v.patch == 112 && !v.vendor);
	CHECK_STR(v.distro, "Debian");
	CHECK_STR(v.text, "6.1.112 (Debian)");
	/* the same with PREEMPT_DYNAMIC between SMP and Debian */
	CHECK(ea_kver_parse("6.1.0-26-amd64",
			    "Linux version 6.1.0-26-amd64 (...) #1 SMP "
			    "PREEMPT_DYNAMIC Debian 6.1.112-1 (2024-09-30)",
			    &v));
	CHECK(v.patch_known && v.patch == 112);

	/* Ubuntu */
	CHECK(ea_kver_parse("5.15.0-91-generic", NULL, &v));
	CHECK(!v.patch_known && !v.vendor && !v.git);
	CHECK_STR(v.distro, "Ubuntu");
	CHECK(
	    ea_kver_parse("5.15.0-91-generic",
			  "Linux version 5.15.0-91-generic (buildd@lcy02-amd64"
			  "-045) (gcc (Ubuntu 11.4.0-1ubuntu1~22.04) 11.4.0, "
			  "GNU ld (GNU Binutils for Ubuntu) 2.38) #101-Ubuntu "
			  "SMP Tue Nov 14 13:30:08 UTC 2023 (Ubuntu "
			  "5.15.0-91.101-generic 5.15.131)",
			  &v));
	CHECK(v.patch_known && v.patch == 131);
	CHECK_STR(v.distro, "Ubuntu");
	CHECK_STR(v.text, "5.15.131 (Ubuntu)");
	/* a banner from another series does not give the sublevel */
	CHECK(ea_kver_parse("5.15.0-91-generic",
			    "Linux version 5.15.0-91-generic (gcc (Ubuntu "
			    "11.4.0-1ubuntu1~22.04) 11.4.0) #101-Ubuntu SMP",
			    &v));
	CHECK(!v.patch_known);

	/* Fedora: the third number is the upstream sublevel */
	CHECK(ea_kver_parse("6.5.6-300.fc39.aarch64", NULL, &v));
	CHECK(v.major == 6 && v.minor == 5 && v.patch == 6 && v.patch_known);
	CHECK(!v.vendor && !v.rc);
	CHECK_STR(v.distro, "Fedora");
	CHECK_STR(v.text, "6.5.6");
	CHECK(ea_kver_parse("6.6.0-300.fc39.x86_64", NULL, &v));
	CHECK(v.patch == 0 && v.patch_known);
	CHECK(ea_kver_parse("6.6.0-0.rc3.20230929git9f3ebbef746f.31.fc40."
			    "aarch64",
			    NULL, &v));
	CHECK(v.rc == 3 && !v.prerelease);
	CHECK(ea_kver_parse("6.6.0-0.rc0.20230829git1c59d383390f.1.fc40."
			    "aarch64",
			    NULL, &v));
	CHECK(v.prerelease && !v.rc);

	/* RHEL and SUSE: vendor kernels */
	CHECK(ea_kver_parse("4.18.0-477.10.1.el8_8.aarch64", NULL, &v));
	CHECK(v.major == 4 && v.minor == 18 && v.vendor && !v.patch_known);
	CHECK_STR(v.distro, "RHEL");
	CHECK(ea_kver_parse("5.14.0-362.8.1.el9_3.aarch64", NULL, &v));
	CHECK(v.major == 5 && v.minor == 14 && v.vendor && !v.patch_known);
	CHECK_STR(v.distro, "RHEL");
	CHECK(ea_kver_parse("5.14.21-150500.55.19-default", NULL, &v));
	CHECK(v.major == 5 && v.minor == 14 && v.patch == 21 && v.vendor);
	CHECK_STR(v.distro, "SUSE");
	/* SUSE's compiler building an upstream -next tree (the HPE Apollo 70
	 * corpus log's banner): not a vendor kernel */
	CHECK(ea_kver_parse("5.4.0-rc4-next-20191021",
			    "Linux version 5.4.0-rc4-next-20191021 "
			    "(nico@linux-9qgx) (gcc version 9.2.1 20190903 "
			    "[gcc-9-branch revision 275330] (SUSE Linux)) #60 "
			    "SMP Mon Oct 21 18:48:51 CEST 2019",
			    &v));
	CHECK(v.major == 5 && v.minor == 4 && v.rc == 4 && !v.vendor);
	CHECK_STR(v.distro, "");
}

/* ea_kb_carries() on both sides of every stable release in the table, in
 * the forms the distributions print. */
static void test_stable_boundaries(void)
{
	struct ea_kver v;
	const char *deb = "Linux version 5.10.0-8-arm64 (...) #1 SMP Debian "
			  "5.10.46-4 (2021-08-03)";
	/* 2bab693a608b: 5.10.54 */
	ea_kver_parse("5.10.0-8-arm64", deb, &v);
	CHECK(ea_kb_carries(ea_kb_get(EA_KB_MEMRESERVE_MEMBLOCK), &v, NULL,
			    0) == EA_KB_NO);
	ea_kver_parse("5.10.0-9-arm64",
		      "Linux version 5.10.0-9-arm64 (...) #1 SMP Debian "
		      "5.10.70-1 (2021-09-30)",
		      &v);
	CHECK(ea_kb_carries(ea_kb_get(EA_KB_MEMRESERVE_MEMBLOCK), &v, NULL,
			    0) == EA_KB_YES);
	/* without the banner the sublevel decides and is not known */
	ea_kver_parse("5.10.0-9-arm64", NULL, &v);
	CHECK(ea_kb_carries(ea_kb_get(EA_KB_MEMRESERVE_MEMBLOCK), &v, NULL,
			    0) == EA_KB_MAYBE);
	/* Ubuntu 5.4: 5.4.136 */
	ea_kver_parse("5.4.0-80-generic",
		      "Linux version 5.4.0-80-generic (...) #90-Ubuntu SMP "
		      "(Ubuntu 5.4.0-80.90-generic 5.4.124)",
		      &v);
	CHECK(ea_kb_carries(ea_kb_get(EA_KB_MEMRESERVE_MEMBLOCK), &v, NULL,
			    0) == EA_KB_NO);
	ea_kver_parse("5.4.0-90-generic",
		      "Linux version 5.4.0-90-generic (...) #101-Ubuntu SMP "
		      "(Ubuntu 5.4.0-90.101-generic 5.4.148)",
		      &v);
	CHECK(ea_kb_carries(ea_kb_get(EA_KB_MEMRESERVE_MEMBLOCK), &v, NULL,
			    0) == EA_KB_YES);
	/* ab0eb16205b4 reached 5.4 at 5.4.7; a git describe past 5.4.0 is
	 * 5.4.0 */
	CHECK(have(EA_KB_MEMRESERVE_IOMEM, "5.4.0-00001-gd45a90825ab2-dirty") ==
	      EA_KB_NO);
	CHECK(have(EA_KB_MEMRESERVE_IOMEM, "5.5.0-00001-g2028a3b") ==
	      EA_KB_YES);
	CHECK(have(EA_KB_MEMRESERVE_IOMEM, "5.4.7") == EA_KB_YES);
	CHECK(have(EA_KB_MEMRESERVE_IOMEM, "5.4.6-00010-g0123abcd") ==
	      EA_KB_NO);
	/* a vendor kernel (Amazon Linux 2's "X.Y.Z-N.amzn2" form) at or
	 * above the stable release that carries 2bab693a608b (5.10.54) has
	 * it; below it, only an out-of-order backport could, so maybe */
	CHECK(have(EA_KB_MEMRESERVE_MEMBLOCK, "5.10.93-87.444.amzn2.aarch64") ==
	      EA_KB_YES);
	CHECK(have(EA_KB_MEMRESERVE_MEMBLOCK, "5.10.54-1.amzn2.aarch64") ==
	      EA_KB_YES);
	CHECK(have(EA_KB_MEMRESERVE_MEMBLOCK, "5.10.50-44.132.amzn2.aarch64") ==
	      EA_KB_MAYBE);
	/* af1648984828: the three stable series at their boundaries, in a
	 * Fedora form and a git describe form */
	CHECK(have(EA_KB_X86_ESRT_E820, "5.4.10-300.fc31.x86_64") == EA_KB_NO);
	CHECK(have(EA_KB_X86_ESRT_E820, "5.4.11-300.fc31.x86_64") == EA_KB_YES);
	CHECK(have(EA_KB_X86_ESRT_E820, "4.19.95-00003-g1234567") == EA_KB_YES);
	CHECK(have(EA_KB_X86_ESRT_E820, "4.19.94-00003-g1234567") == EA_KB_NO);
	CHECK(have(EA_KB_X86_ESRT_E820, "4.14.164") == EA_KB_YES);
	CHECK(have(EA_KB_X86_ESRT_E820, "4.14.163") == EA_KB_NO);
	/* a release candidate of the cycle whose first -rc is recorded */
	CHECK(have(EA_KB_MEMRESERVE_MEMBLOCK, "5.14.0-rc1-00004-gabcdef1") ==
	      EA_KB_NO);
	CHECK(have(EA_KB_MEMRESERVE_MEMBLOCK, "5.14.0-rc2-00004-gabcdef1") ==
	      EA_KB_YES);
	/* a build from the merge window: the cycle's own rows may or may not
	 * be in it, the previous release's are */
	CHECK(have(EA_KB_MEMRESERVE_MEMBLOCK,
		   "5.14.0-0.rc0.20210701git1234abcd.1.fc35.aarch64") ==
	      EA_KB_MAYBE);
	CHECK(have(EA_KB_MEMRESERVE_IOMEM,
		   "5.14.0-0.rc0.20210701git1234abcd.1.fc35.aarch64") ==
	      EA_KB_YES);
	/* vendor kernels: below the stable release is not "lacks" */
	CHECK(have(EA_KB_MEMRESERVE_MEMBLOCK, "5.14.0-362.8.1.el9_3.aarch64") ==
	      EA_KB_YES);
	CHECK(have(EA_KB_MEMRESERVE_IOMEM, "4.18.0-477.10.1.el8_8.aarch64") ==
	      EA_KB_MAYBE);
	CHECK(have(EA_KB_MEMRESERVE_MEMBLOCK, "5.14.21-150500.55.19-default") ==
	      EA_KB_YES);
}

/* Every row on a release on either side of it. */
static void test_rows_either_side(void)
{
	CHECK(have(EA_KB_MEMRESERVE_TABLE, "4.19.118") == EA_KB_NO);
	CHECK(have(EA_KB_MEMRESERVE_TABLE, "4.20.0") == EA_KB_YES);
	CHECK(have(EA_KB_MEMRESERVE_TABLE, "4.20-rc1") == EA_KB_YES);

	CHECK(have(EA_KB_CHAIN_LAYOUT, "4.20.17") == EA_KB_NO);
	CHECK(have(EA_KB_CHAIN_LAYOUT, "5.0.1") == EA_KB_YES);

	CHECK(have(EA_KB_ARM64_KEXEC_FILE, "4.20.0") == EA_KB_NO);
	CHECK(have(EA_KB_ARM64_KEXEC_FILE, "5.0.0") == EA_KB_YES);

	/* ab0eb16205b4: v5.5, stable 5.4.7 */
	CHECK(have(EA_KB_MEMRESERVE_IOMEM, "5.4.6") == EA_KB_NO);
	CHECK(have(EA_KB_MEMRESERVE_IOMEM, "5.4.7") == EA_KB_YES);
	CHECK(have(EA_KB_MEMRESERVE_IOMEM, "5.3.18") == EA_KB_NO);
	CHECK(have(EA_KB_MEMRESERVE_IOMEM, "5.5.0") == EA_KB_YES);
	/* it entered the 5.5 cycle at an -rc not recorded */
	CHECK(have(EA_KB_MEMRESERVE_IOMEM, "5.5.0-rc3") == EA_KB_MAYBE);
	/* the Fujitsu 5.4.0-rc7 predates it: the rc of an older cycle */
	CHECK(have(EA_KB_MEMRESERVE_IOMEM, "5.4.0-rc7") == EA_KB_NO);

	/* af1648984828: v5.5, stable 5.4.11, 4.19.95, 4.14.164 */
	CHECK(have(EA_KB_X86_ESRT_E820, "5.3.11-gentoo") == EA_KB_NO);
	CHECK(have(EA_KB_X86_ESRT_E820, "5.4.10") == EA_KB_NO);
	CHECK(have(EA_KB_X86_ESRT_E820, "5.4.11") == EA_KB_YES);
	CHECK(have(EA_KB_X86_ESRT_E820, "4.19.94") == EA_KB_NO);
	CHECK(have(EA_KB_X86_ESRT_E820, "4.19.95") == EA_KB_YES);
	CHECK(have(EA_KB_X86_ESRT_E820, "4.14.163") == EA_KB_NO);
	CHECK(have(EA_KB_X86_ESRT_E820, "4.14.164") == EA_KB_YES);
	CHECK(have(EA_KB_X86_ESRT_E820, "5.5.0") == EA_KB_YES);

	CHECK(have(EA_KB_ARM64_CRASH_FILE, "5.6.19") == EA_KB_NO);
	CHECK(have(EA_KB_ARM64_CRASH_FILE, "5.7.0") == EA_KB_YES);

	/* 108aa503657e: v5.10-rc3; 5.9.y took it at a release not verified */
	CHECK(have(EA_KB_ARM64_RETRY, "5.4.214") == EA_KB_NO);
	CHECK(have(EA_KB_ARM64_RETRY, "5.10.0-rc2") == EA_KB_NO);
	CHECK(have(EA_KB_ARM64_RETRY, "5.10.0-rc3") == EA_KB_YES);
	CHECK(have(EA_KB_ARM64_RETRY, "5.10.0") == EA_KB_YES);
	CHECK(have(EA_KB_ARM64_RETRY, "5.9.8") == EA_KB_MAYBE);

	/* 2bab693a608b: v5.14-rc2, stable 5.13.6, 5.10.54, 5.4.136 */
	CHECK(have(EA_KB_MEMRESERVE_MEMBLOCK, "5.13.5") == EA_KB_NO);
	CHECK(have(EA_KB_MEMRESERVE_MEMBLOCK, "5.13.6") == EA_KB_YES);
	CHECK(have(EA_KB_MEMRESERVE_MEMBLOCK, "5.10.53") == EA_KB_NO);
	CHECK(have(EA_KB_MEMRESERVE_MEMBLOCK, "5.10.54") == EA_KB_YES);
	CHECK(have(EA_KB_MEMRESERVE_MEMBLOCK, "5.10.44") == EA_KB_NO);
	CHECK(have(EA_KB_MEMRESERVE_MEMBLOCK, "5.4.135") == EA_KB_NO);
	CHECK(have(EA_KB_MEMRESERVE_MEMBLOCK, "5.4.136") == EA_KB_YES);
	CHECK(have(EA_KB_MEMRESERVE_MEMBLOCK, "5.14.0-rc1") == EA_KB_NO);
	CHECK(have(EA_KB_MEMRESERVE_MEMBLOCK, "5.14.0-rc2") == EA_KB_YES);
	CHECK(have(EA_KB_MEMRESERVE_MEMBLOCK, "5.11.22") == EA_KB_NO);
	CHECK(have(EA_KB_MEMRESERVE_MEMBLOCK, "5.10.0-32-cloud-arm64") ==
	      EA_KB_MAYBE);
	CHECK(have(EA_KB_MEMRESERVE_MEMBLOCK,
		   "4.18.0-477.10.1.el8_8.aarch64") == EA_KB_MAYBE);
	{
		struct ea_kver v;
		ea_kver_parse("5.10.0-32-cloud-arm64", BANNER_510, &v);
		char why[300];
		CHECK(ea_kb_carries(ea_kb_get(EA_KB_MEMRESERVE_MEMBLOCK), &v,
				    why, sizeof(why)) == EA_KB_YES);
		CHECK(strstr(why, "5.10.223") != NULL);
	}

	CHECK(have(EA_KB_LPI_PENDING_ONLINE, "5.16.20") == EA_KB_NO);
	CHECK(have(EA_KB_LPI_PENDING_ONLINE, "5.17.0") == EA_KB_YES);

	CHECK(have(EA_KB_TOPDOWN_START, "6.7.12") == EA_KB_NO);
	CHECK(have(EA_KB_TOPDOWN_START, "6.8.0") == EA_KB_YES);
	CHECK(have(EA_KB_REVERSE_RAM_WALK, "6.7.12") == EA_KB_NO);
	CHECK(have(EA_KB_REVERSE_RAM_WALK, "6.8.0") == EA_KB_YES);
	CHECK(have(EA_KB_X86_TDX_MEMBLOCK, "6.6.87") == EA_KB_NO);
	CHECK(have(EA_KB_X86_TDX_MEMBLOCK, "6.8.0") == EA_KB_YES);
	CHECK(have(EA_KB_X86_PREF_ADDRESS, "6.8.12") == EA_KB_NO);
	CHECK(have(EA_KB_X86_PREF_ADDRESS, "6.9.0") == EA_KB_YES);
	CHECK(have(EA_KB_KHO, "6.15.11") == EA_KB_NO);
	CHECK(have(EA_KB_KHO, "6.16.0") == EA_KB_YES);
	/* fe3aebf27dc1: merged for v6.16; Debian's 6.12.118 source has it
	 * (its first 6.12.y release is not known), 6.1.192's has not */
	CHECK(have(EA_KB_IMA_NO_CRASH, "6.15.11") == EA_KB_NO);
	CHECK(have(EA_KB_IMA_NO_CRASH, "6.16.0") == EA_KB_YES);
	CHECK(have(EA_KB_IMA_NO_CRASH, "6.12.118") == EA_KB_MAYBE);
	CHECK(have(EA_KB_IMA_NO_CRASH, "6.1.192") == EA_KB_NO);
	CHECK(have(EA_KB_CMA, "6.16.12") == EA_KB_NO);
	CHECK(have(EA_KB_CMA, "6.17.0") == EA_KB_YES);

	CHECK(have_tools(2, 0, 20) == EA_KB_NO);
	CHECK(have_tools(2, 0, 21) == EA_KB_YES);
	CHECK(have_tools(2, 0, 25) == EA_KB_YES);

	/* nothing is known of an unknown version */
	struct ea_kver unk;
	ea_kver_parse("unknown", NULL, &unk);
	CHECK(ea_kb_carries(ea_kb_get(EA_KB_MEMRESERVE_IOMEM), &unk, NULL, 0) ==
	      EA_KB_MAYBE);
}

static void test_rows_well_formed(void)
{
	for (size_t i = 0; i < EA_KB_NROWS; i++) {
		const struct ea_kb_row *r = &ea_kb_rows[i];
		CHECK(r->id == (enum ea_kb_id)i);
		CHECK(r->key && r->commit && r->subject && r->effect &&
		      r->source && r->project);
		CHECK(strlen(r->commit) >= 7);
		CHECK(r->arches && r->loaders);
		for (size_t k = 0; k < i; k++)
			CHECK(strcmp(ea_kb_rows[k].key, r->key) != 0);
	}
	char d[200];
	ea_kb_describe(ea_kb_get(EA_KB_MEMRESERVE_MEMBLOCK), d, sizeof(d));
	CHECK_STR(d, "2bab693a608b (v5.14-rc2; stable 5.13.6, 5.10.54, "
		     "5.4.136)");
	ea_kb_describe(ea_kb_get(EA_KB_ARM64_RETRY), d, sizeof(d));
	CHECK_STR(d, "108aa503657e (v5.10-rc3; stable 5.9.y (release not "
		     "verified))");
	ea_kb_describe(ea_kb_get(EA_KB_KEXEC_TOOLS_EXCLUDE), d, sizeof(d));
	CHECK_STR(d, "kexec-tools f736104 (2.0.21)");
}

/* A UEFI boot with its MEMRESERVE table: what every row's own sources
 * assume (the captures' "efi: EFI v2.70 by EDK II" and MEMRESERVE= lines). */
static const struct ea_kb_facts UEFI = {
	.uefi = { EA_FACT_YES, "efi: EFI v line", { 0 } },
	.memreserve = { EA_FACT_YES, "MEMRESERVE= line", { 0 } },
	.its = { EA_FACT_YES, "ITS lines", { 0 } },
};

static void infer_f(enum ea_arch arch, const char *rel, const char *banner,
		    const struct ea_kb_facts *f, enum ea_kind kind,
		    enum ea_kb_origin origin, enum ea_loader l,
		    const struct ea_kb_tools *t, struct ea_kb_inference *x)
{
	struct ea_kver v;
	ea_kver_parse(rel, banner, &v);
	struct ea_kb_query q = { .arch = arch,
				 .kernel = &v,
				 .facts = f,
				 .tools = t,
				 .kind = kind,
				 .origin = origin,
				 .loader = l };
	/* the EFI configuration tables asked here are ESRT's kind
	 * (efi_mem_reserve(), esrt.c); test_inference_x86_keep asks the
	 * others */
	if (kind == EA_KIND_EFI_CONFIG_TABLE)
		q.keep = EA_KB_KEEP_EFI_MEM_RESERVE;
	ea_kb_inference_free(x);
	ea_kb_infer(&q, x);
}

static void infer(enum ea_arch arch, const char *rel, const char *banner,
		  enum ea_kind kind, enum ea_kb_origin origin, enum ea_loader l,
		  const struct ea_kb_tools *t, struct ea_kb_inference *x)
{
	infer_f(arch, rel, banner, &UEFI, kind, origin, l, t, x);
}

static void test_inference_arm64(void)
{
	struct ea_kb_inference x = { 0 };
	struct ea_kb_tools t20 = { true, 2, 0, 20 }, t21 = { true, 2, 0, 21 };

	/* The README's Broadcom Stingray on 5.1: its own LPI tables are not
	 * in memblock.reserved (kernel before 2bab693a608b). */
	infer(EA_ARCH_ARM64, "5.1.0", NULL, EA_KIND_LPI_PROPERTY_TABLE,
	      EA_KB_ORIGIN_THIS_BOOT, EA_KEXEC_FILE, NULL, &x);
	CHECK(x.ans == EA_ESCAPES);
	CHECK(x.row == ea_kb_get(EA_KB_MEMRESERVE_MEMBLOCK));
	CHECK(!x.uncertain);
	CHECK(strncmp(x.reason, "inferred: ", 10) == 0);
	CHECK(strstr(x.reason, "5.1.0 predates 2bab693a608b") != NULL);
	/* the other side of the row */
	infer(EA_ARCH_ARM64, "5.14.0", NULL, EA_KIND_LPI_PROPERTY_TABLE,
	      EA_KB_ORIGIN_THIS_BOOT, EA_KEXEC_FILE, NULL, &x);
	CHECK(x.ans == EA_PROTECTED);
	CHECK(x.row == ea_kb_get(EA_KB_MEMRESERVE_MEMBLOCK));
	infer(EA_ARCH_ARM64, "5.10.53", NULL, EA_KIND_MEMRESERVE_ENTRY,
	      EA_KB_ORIGIN_THIS_BOOT, EA_KEXEC_FILE, NULL, &x);
	CHECK(x.ans == EA_ESCAPES);
	infer(EA_ARCH_ARM64, "5.10.54", NULL, EA_KIND_MEMRESERVE_ENTRY,
	      EA_KB_ORIGIN_THIS_BOOT, EA_KEXEC_FILE, NULL, &x);
	CHECK(x.ans == EA_PROTECTED);
	/* a Debian ABI release: the sublevel decides, so unknown, marked
	 * uncertain; with the banner it is decided */
	infer(EA_ARCH_ARM64, "5.10.0-32-cloud-arm64", NULL,
	      EA_KIND_LPI_PROPERTY_TABLE, EA_KB_ORIGIN_THIS_BOOT, EA_KEXEC_FILE,
	      NULL, &x);
	CHECK(x.ans == EA_UNKNOWN && x.uncertain);
	CHECK(x.row == ea_kb_get(EA_KB_MEMRESERVE_MEMBLOCK));
	infer(EA_ARCH_ARM64, "5.10.0-32-cloud-arm64", BANNER_510,
	      EA_KIND_LPI_PROPERTY_TABLE, EA_KB_ORIGIN_THIS_BOOT, EA_KEXEC_FILE,
	      NULL, &x);
	CHECK(x.ans == EA_PROTECTED && !x.uncertain);
	/* a vendor kernel: whatever the number says, uncertain */
	infer(EA_ARCH_ARM64, "4.18.0-477.10.1.el8_8.aarch64", NULL,
	      EA_KIND_LPI_PROPERTY_TABLE, EA_KB_ORIGIN_THIS_BOOT, EA_KEXEC_FILE,
	      NULL, &x);
	CHECK(x.ans == EA_UNKNOWN && x.uncertain);

	/* arm64 has no kexec_file_load before v5.0 (52b2a8af7436) */
	infer(EA_ARCH_ARM64, "4.20.0", NULL, EA_KIND_LPI_PROPERTY_TABLE,
	      EA_KB_ORIGIN_THIS_BOOT, EA_KEXEC_FILE, NULL, &x);
	CHECK(x.ans == EA_PROTECTED);
	CHECK(x.row == ea_kb_get(EA_KB_ARM64_KEXEC_FILE));
	infer(EA_ARCH_ARM64, "5.0.0", NULL, EA_KIND_LPI_PROPERTY_TABLE,
	      EA_KB_ORIGIN_THIS_BOOT, EA_KEXEC_FILE, NULL, &x);
	CHECK(x.ans == EA_ESCAPES);
	CHECK(x.row == ea_kb_get(EA_KB_MEMRESERVE_MEMBLOCK));

	/* no MEMRESERVE before v4.20: LPI tables preserved by nothing */
	infer(EA_ARCH_ARM64, "4.19.118", NULL, EA_KIND_LPI_PENDING_TABLE,
	      EA_KB_ORIGIN_THIS_BOOT, EA_KEXEC_LOAD, &t21, &x);
	CHECK(x.ans == EA_ESCAPES);
	CHECK(x.row == ea_kb_get(EA_KB_MEMRESERVE_TABLE));
	infer(EA_ARCH_ARM64, "4.20.0", NULL, EA_KIND_LPI_PENDING_TABLE,
	      EA_KB_ORIGIN_THIS_BOOT, EA_KEXEC_LOAD, &t21, &x);
	CHECK(x.ans == EA_ESCAPES);
	CHECK(x.row == ea_kb_get(EA_KB_MEMRESERVE_IOMEM));

	/* kexec_load: ab0eb16205b4 and kexec-tools f736104 both needed */
	infer(EA_ARCH_ARM64, "5.4.6", NULL, EA_KIND_LPI_PROPERTY_TABLE,
	      EA_KB_ORIGIN_THIS_BOOT, EA_KEXEC_LOAD, &t21, &x);
	CHECK(x.ans == EA_ESCAPES);
	CHECK(x.row == ea_kb_get(EA_KB_MEMRESERVE_IOMEM));
	infer(EA_ARCH_ARM64, "5.4.7", NULL, EA_KIND_LPI_PROPERTY_TABLE,
	      EA_KB_ORIGIN_THIS_BOOT, EA_KEXEC_LOAD, &t21, &x);
	CHECK(x.ans == EA_PROTECTED);
	CHECK(x.row == ea_kb_get(EA_KB_KEXEC_TOOLS_EXCLUDE));
	infer(EA_ARCH_ARM64, "5.4.7", NULL, EA_KIND_LPI_PROPERTY_TABLE,
	      EA_KB_ORIGIN_THIS_BOOT, EA_KEXEC_LOAD, &t20, &x);
	CHECK(x.ans == EA_ESCAPES);
	CHECK(x.row == ea_kb_get(EA_KB_KEXEC_TOOLS_EXCLUDE));
	infer(EA_ARCH_ARM64, "5.4.7", NULL, EA_KIND_LPI_PROPERTY_TABLE,
	      EA_KB_ORIGIN_THIS_BOOT, EA_KEXEC_LOAD, NULL, &x);
	CHECK(x.ans == EA_UNKNOWN);
	CHECK(x.row == ea_kb_get(EA_KB_KEXEC_TOOLS_EXCLUDE));
	CHECK(strstr(x.reason, "2.0.21") != NULL);

	/* d23bc2bc1d63: pending tables reserved at CPU online from v5.17 */
	infer(EA_ARCH_ARM64, "5.16.20", NULL, EA_KIND_LPI_PENDING_TABLE,
	      EA_KB_ORIGIN_THIS_BOOT, EA_KEXEC_FILE, NULL, &x);
	CHECK(x.ans == EA_PROTECTED);
	CHECK(x.row == ea_kb_get(EA_KB_MEMRESERVE_MEMBLOCK));
	CHECK(!x.caveat);
	infer(EA_ARCH_ARM64, "5.17.0", NULL, EA_KIND_LPI_PENDING_TABLE,
	      EA_KB_ORIGIN_THIS_BOOT, EA_KEXEC_FILE, NULL, &x);
	CHECK(x.ans == EA_PROTECTED);
	CHECK(x.row == ea_kb_get(EA_KB_LPI_PENDING_ONLINE));
	CHECK(x.caveat && strstr(x.caveat, "comes online"));
	/* the property table is reserved at once even on 5.17 */
	infer(EA_ARCH_ARM64, "5.17.0", NULL, EA_KIND_LPI_PROPERTY_TABLE,
	      EA_KB_ORIGIN_THIS_BOOT, EA_KEXEC_FILE, NULL, &x);
	CHECK(x.row == ea_kb_get(EA_KB_MEMRESERVE_MEMBLOCK));

	/* entries inherited from the previous kernel: the chain walk at
	 * boot reserves them in memblock, whatever 2bab693a608b says; the
	 * layout row says what must match */
	infer(EA_ARCH_ARM64, "5.1.0", NULL, EA_KIND_MEMRESERVE_ENTRY,
	      EA_KB_ORIGIN_INHERITED, EA_KEXEC_FILE, NULL, &x);
	CHECK(x.ans == EA_PROTECTED);
	CHECK(x.row == ea_kb_get(EA_KB_CHAIN_LAYOUT));
	CHECK(x.caveat && strstr(x.caveat, "v5.0+ chain layout"));
	infer(EA_ARCH_ARM64, "4.20.0", NULL, EA_KIND_MEMRESERVE_ENTRY,
	      EA_KB_ORIGIN_INHERITED, EA_KEXEC_LOAD, &t21, &x);
	CHECK(x.ans == EA_PROTECTED);
	CHECK(x.caveat && strstr(x.caveat, "v4.20 single-entry"));

	/* ACPI tables: memblock_reserve()d at boot, so kexec_file is safe;
	 * kexec_load depends on kexec-tools */
	infer(EA_ARCH_ARM64, "5.10.0", NULL, EA_KIND_ACPI_TABLE,
	      EA_KB_ORIGIN_UNKNOWN, EA_KEXEC_FILE, NULL, &x);
	CHECK(x.ans == EA_PROTECTED && x.row == NULL);
	infer(EA_ARCH_ARM64, "5.10.0", NULL, EA_KIND_ACPI_TABLE,
	      EA_KB_ORIGIN_UNKNOWN, EA_KEXEC_LOAD, &t20, &x);
	CHECK(x.ans == EA_ESCAPES);
	CHECK(x.row == ea_kb_get(EA_KB_KEXEC_TOOLS_EXCLUDE));
	ea_kb_inference_free(&x);
}

/* The boot facts as kb_facts() in audit.c decides them for the real
 * UEFI-less log of testdata/corpus/qemu-virt-kvm-noefi-arm64, and for a
 * log that says "efi: UEFI not found." (the ≤ 5.6 and 5.10+ efi_init()). */
static const struct ea_kb_facts NO_UEFI = {
	.uefi = { EA_FACT_NO,
		  "the log's \"efi: UEFI not found.\" line",
		  { 0 } },
	.memreserve = { EA_FACT_NO,
			"the log's \"efi: UEFI not found.\" line",
			{ 0 } },
	.its = { EA_FACT_YES, "the log's ITS lines", { 0 } },
};

static void test_inference_facts(void)
{
	struct ea_kb_inference x = { 0 };
	struct ea_kb_tools t21 = { true, 2, 0, 21 };
	const struct ea_kb_facts unknown = { 0 };

	/* No UEFI: no MEMRESERVE table, so nothing reserves LPI tables on
	 * any kernel, whatever the rows say about 6.12 */
	static const char *const rel[] = { "5.3.0-rc3-00001-g9b0f179cd3d1",
					   "5.10.54", "6.1.0", "6.12.117" };
	for (size_t i = 0; i < sizeof(rel) / sizeof(*rel); i++) {
		for (int l = 0; l < EA_NLOADERS; l++) {
			infer_f(EA_ARCH_ARM64, rel[i], NULL, &NO_UEFI,
				EA_KIND_LPI_PENDING_TABLE,
				EA_KB_ORIGIN_THIS_BOOT, (enum ea_loader)l, &t21,
				&x);
			CHECK(x.ans == EA_ESCAPES && !x.uncertain);
			CHECK(x.row == NULL);
			CHECK(strstr(x.reason, "UEFI not found") != NULL);
			CHECK(strstr(x.reason, "/proc/iomem") == NULL);
			CHECK(strstr(x.reason, "2bab693a608b") == NULL);
			CHECK(strstr(x.reason, "ab0eb16205b4") == NULL);
			CHECK(x.what_to_do &&
			      strstr(x.what_to_do, "UEFI") != NULL &&
			      strstr(x.what_to_do, "--mem-min") != NULL &&
			      strstr(x.what_to_do, "lacks") == NULL);
		}
	}
	/* "Using preallocated redistributor tables" on a board without UEFI:
	 * the next kernel's own image at the old addresses, not a chain */
	infer_f(EA_ARCH_ARM64, "6.12.117", NULL, &NO_UEFI,
		EA_KIND_LPI_PROPERTY_TABLE, EA_KB_ORIGIN_INHERITED,
		EA_KEXEC_FILE, NULL, &x);
	CHECK(x.ans == EA_ESCAPES && x.row == NULL);
	/* a device-tree reservation holds them, with or without UEFI */
	infer_f(EA_ARCH_ARM64, "6.12.117", NULL, &NO_UEFI,
		EA_KIND_LPI_PROPERTY_TABLE, EA_KB_ORIGIN_DT_RESERVED,
		EA_KEXEC_FILE, NULL, &x);
	CHECK(x.ans == EA_PROTECTED && x.row == NULL);
	CHECK(strstr(x.reason, "device-tree reservation") != NULL);
	infer_f(EA_ARCH_ARM64, "6.12.117", NULL, &NO_UEFI,
		EA_KIND_LPI_PROPERTY_TABLE, EA_KB_ORIGIN_DT_RESERVED,
		EA_KEXEC_LOAD, &t21, &x);
	CHECK(x.ans == EA_PROTECTED);
	CHECK(x.row == ea_kb_get(EA_KB_KEXEC_TOOLS_EXCLUDE));

	/* UEFI not known: a protected answer needs the table, so it stays
	 * unknown and says why; an escape by version holds either way */
	infer_f(EA_ARCH_ARM64, "6.12.117", NULL, &unknown,
		EA_KIND_LPI_PROPERTY_TABLE, EA_KB_ORIGIN_THIS_BOOT,
		EA_KEXEC_FILE, NULL, &x);
	CHECK(x.ans == EA_UNKNOWN && x.uncertain);
	CHECK(strstr(x.reason, "MEMRESERVE table") != NULL);
	infer_f(EA_ARCH_ARM64, "6.12.117", NULL, NULL,
		EA_KIND_LPI_PROPERTY_TABLE, EA_KB_ORIGIN_INHERITED,
		EA_KEXEC_FILE, NULL, &x);
	CHECK(x.ans == EA_UNKNOWN && x.uncertain);
	infer_f(EA_ARCH_ARM64, "5.1.0", NULL, &unknown,
		EA_KIND_LPI_PROPERTY_TABLE, EA_KB_ORIGIN_THIS_BOOT,
		EA_KEXEC_FILE, NULL, &x);
	CHECK(x.ans == EA_ESCAPES);
	CHECK(x.row == ea_kb_get(EA_KB_MEMRESERVE_MEMBLOCK));
	CHECK(x.what_to_do && strstr(x.what_to_do, "lacks 2bab693a608b"));

	/* UEFI seen, the table not: implied on a v4.20+ kernel */
	struct ea_kb_facts uefi_only = {
		.uefi = { EA_FACT_YES, "the log's \"efi: EFI v\" line", { 0 } },
	};
	infer_f(EA_ARCH_ARM64, "6.1.0", NULL, &uefi_only,
		EA_KIND_LPI_PROPERTY_TABLE, EA_KB_ORIGIN_THIS_BOOT,
		EA_KEXEC_FILE, NULL, &x);
	CHECK(x.ans == EA_PROTECTED && !x.uncertain);
	/* a UEFI boot whose configuration tables name no MEMRESERVE */
	struct ea_kb_facts no_table = uefi_only;
	no_table.memreserve.v = EA_FACT_NO;
	no_table.memreserve.why = "the log's configuration-table line names "
				  "no MEMRESERVE";
	infer_f(EA_ARCH_ARM64, "6.1.0", NULL, &no_table,
		EA_KIND_LPI_PROPERTY_TABLE, EA_KB_ORIGIN_THIS_BOOT,
		EA_KEXEC_LOAD, &t21, &x);
	CHECK(x.ans == EA_ESCAPES && x.row == NULL);
	CHECK(strstr(x.reason, "names no MEMRESERVE") != NULL);

	/* x86: af1648984828 needs efi_mem_reserve(), a UEFI boot */
	infer_f(EA_ARCH_X86_64, "5.4.11", NULL, NULL, EA_KIND_EFI_CONFIG_TABLE,
		EA_KB_ORIGIN_UNKNOWN, EA_KEXEC_FILE, NULL, &x);
	CHECK(x.ans == EA_UNKNOWN && x.row == ea_kb_get(EA_KB_X86_ESRT_E820));
	infer_f(EA_ARCH_X86_64, "5.4.11", NULL, &UEFI, EA_KIND_EFI_CONFIG_TABLE,
		EA_KB_ORIGIN_UNKNOWN, EA_KEXEC_FILE, NULL, &x);
	CHECK(x.ans == EA_PROTECTED);
	ea_kb_inference_free(&x);
}

static const char *wtd(enum ea_arch arch, const char *rel, const char *banner,
		       const struct ea_kb_facts *f, enum ea_kind kind,
		       enum ea_loader l)
{
	struct ea_kver v;
	ea_kver_parse(rel, banner, &v);
	struct ea_kb_query q = { .arch = arch,
				 .kernel = &v,
				 .facts = f,
				 .kind = kind,
				 .origin = EA_KB_ORIGIN_THIS_BOOT,
				 .loader = l };
	return ea_kb_what_to_do(&q);
}

/* The remedy of an escape seen in a view never names a fix the kernel
 * has, by mainline release or by a stable release of the row. */
static void test_what_to_do(void)
{
	static const struct {
		const char *rel;
		bool memblock, iomem; /* 2bab693a608b, ab0eb16205b4 */
	} k[] = {
		{ "5.4.6", false, false },
		{ "5.4.7", false, true },
		{ "5.4.135", false, true },
		{ "5.4.136", true, true },
		{ "5.10.53", false, true },
		{ "5.10.54", true, true },
		{ "5.13.5", false, true },
		{ "5.13.6", true, true },
		{ "5.14.0-rc1", false, true },
		{ "5.14.0-rc2", true, true },
		{ "6.12.117", true, true },
		{ "5.5.0-00001-g2028a3b", false, true },
	};
	const char *mb_id = ea_kb_get(EA_KB_MEMRESERVE_MEMBLOCK)->commit;
	const char *io_id = ea_kb_get(EA_KB_MEMRESERVE_IOMEM)->commit;
	char lacks_mb[64], lacks_io[64];
	snprintf(lacks_mb, sizeof(lacks_mb), "lacks %s", mb_id);
	snprintf(lacks_io, sizeof(lacks_io), "lacks %s", io_id);
	for (size_t i = 0; i < sizeof(k) / sizeof(*k); i++) {
		const char *f = wtd(EA_ARCH_ARM64, k[i].rel, NULL, &UEFI,
				    EA_KIND_LPI_PENDING_TABLE, EA_KEXEC_FILE);
		const char *l = wtd(EA_ARCH_ARM64, k[i].rel, NULL, &UEFI,
				    EA_KIND_LPI_PENDING_TABLE, EA_KEXEC_LOAD);
		CHECK((strstr(f, lacks_mb) != NULL) == !k[i].memblock);
		CHECK((strstr(l, lacks_io) != NULL) == !k[i].iomem);
		/* and never "update the kernel" to one it has */
		if (k[i].memblock)
			CHECK(strstr(f, "update the kernel") == NULL);
		if (k[i].iomem)
			CHECK(strstr(l, "update the kernel") == NULL);
	}
	/* a Debian kernel whose banner says 5.10.223 */
	CHECK(strstr(wtd(EA_ARCH_ARM64, "5.10.0-32-cloud-arm64", BANNER_510,
			 &UEFI, EA_KIND_LPI_PROPERTY_TABLE, EA_KEXEC_FILE),
		     lacks_mb) == NULL);
	/* without UEFI: the boot path, whatever the version */
	for (int l = 0; l < EA_NLOADERS; l++) {
		const char *w =
		    wtd(EA_ARCH_ARM64, "6.12.117", NULL, &NO_UEFI,
			EA_KIND_LPI_PROPERTY_TABLE, (enum ea_loader)l);
		CHECK(strstr(w, "Boot through UEFI") != NULL);
		CHECK(strstr(w, "lacks") == NULL);
	}
	/* before v4.20 no kernel passes LPI tables on */
	CHECK(strstr(wtd(EA_ARCH_ARM64, "4.19.118", NULL, &UEFI,
			 EA_KIND_LPI_PROPERTY_TABLE, EA_KEXEC_LOAD),
		     "71e0940d52e1") != NULL);
	/* x86: the e820 fix is named only to a kernel without it */
	CHECK(strstr(wtd(EA_ARCH_X86_64, "5.3.11-gentoo", NULL, &UEFI,
			 EA_KIND_EFI_CONFIG_TABLE, EA_KEXEC_FILE),
		     "kernels with") != NULL);
	/* (proc/version of testdata/captures/qemu-amd64-6.1-ovmf-smp2-2g) */
	CHECK(
	    strstr(wtd(EA_ARCH_X86_64, "6.1.0-56-cloud-amd64",
		       "Linux version 6.1.0-56-cloud-amd64 "
		       "(debian-kernel@lists.debian.org) (gcc-12 (Debian "
		       "12.2.0-14+deb12u1) 12.2.0, GNU ld (GNU Binutils for "
		       "Debian) 2.40) #1 SMP PREEMPT_DYNAMIC Debian 6.1.192-2 "
		       "(2026-11-16)",
		       &UEFI, EA_KIND_EFI_CONFIG_TABLE, EA_KEXEC_FILE),
		   "kernels with") == NULL);
	CHECK(strstr(wtd(EA_ARCH_X86_64, "4.14.164", NULL, &UEFI,
			 EA_KIND_EFI_CONFIG_TABLE, EA_KEXEC_LOAD),
		     "kernels with") == NULL);
	/* ACPI tables: the firmware, on any kernel */
	CHECK(strstr(wtd(EA_ARCH_ARM64, "6.1.0", NULL, &UEFI,
			 EA_KIND_ACPI_TABLE, EA_KEXEC_LOAD),
		     "ACPI Reclaim") != NULL);
	/* every row that protects a kind or fixes a format says what to do */
	for (size_t i = 0; i < EA_KB_NROWS; i++) {
		const struct ea_kb_row *r = &ea_kb_rows[i];
		if (r->scope == EA_KB_PROTECTS || r->scope == EA_KB_FORMAT)
			CHECK(r->what_to_do && r->what_to_do[0]);
	}
}

/* Every escape has one cause, with a key, a why and the remedy; a row's
 * remedy is the cause about that row, and an inferred escape names it. */
static void test_causes(void)
{
	for (int c = 1; c < EA_KB_NCAUSES; c++) {
		const struct ea_kb_cause *k = ea_kb_cause_get((unsigned)c);
		CHECK(k->id == (enum ea_kb_cause_id)c);
		CHECK(k->key && k->key[0] && k->why && k->why[0] &&
		      k->what_to_do && k->what_to_do[0]);
		CHECK(k->row <= EA_KB_NROWS);
		for (int d = 1; d < c; d++)
			CHECK(strcmp(k->key, ea_kb_causes[d].key) != 0);
	}
	CHECK(ea_kb_cause_get(EA_KB_NCAUSES)->id == EA_KB_CAUSE_NONE);
	CHECK(ea_kb_cause_get(EA_KB_CAUSE_NONE)->what_to_do == NULL);
	for (size_t i = 0; i < EA_KB_NROWS; i++) {
		const struct ea_kb_row *r = &ea_kb_rows[i];
		size_t n = 0;
		for (int c = 1; r->what_to_do && c < EA_KB_NCAUSES; c++)
			n += ea_kb_causes[c].row == r->id &&
			     !strcmp(ea_kb_causes[c].what_to_do, r->what_to_do);
		CHECK(n == (r->what_to_do ? 1u : 0u));
	}
	/* the Stingray corpus (5.1.0, UEFI): kexec_file for want of
	 * 2bab693a608b (inferred), kexec_load for want of ab0eb16205b4 */
	struct ea_kb_inference x = { 0 };
	infer(EA_ARCH_ARM64, "5.1.0", NULL, EA_KIND_LPI_PENDING_TABLE,
	      EA_KB_ORIGIN_THIS_BOOT, EA_KEXEC_FILE, NULL, &x);
	CHECK(x.ans == EA_ESCAPES &&
	      x.cause == EA_KB_CAUSE_MEMRESERVE_MEMBLOCK &&
	      x.what_to_do == ea_kb_cause_get(x.cause)->what_to_do);
	ea_kb_inference_free(&x);
	struct ea_kver v;
	ea_kver_parse("5.1.0", NULL, &v);
	struct ea_kb_query q = { .arch = EA_ARCH_ARM64,
				 .kernel = &v,
				 .facts = &UEFI,
				 .kind = EA_KIND_LPI_PROPERTY_TABLE,
				 .origin = EA_KB_ORIGIN_THIS_BOOT,
				 .loader = EA_KEXEC_LOAD };
	CHECK(ea_kb_cause_of(&q)->id == EA_KB_CAUSE_MEMRESERVE_IOMEM);
	CHECK(ea_kb_cause_of(&q)->row == EA_KB_MEMRESERVE_IOMEM);
	/* without UEFI: one cause for both loaders */
	q.facts = &NO_UEFI;
	CHECK(ea_kb_cause_of(&q)->id == EA_KB_CAUSE_NO_MEMRESERVE);
	q.loader = EA_KEXEC_FILE;
	CHECK(ea_kb_cause_of(&q)->id == EA_KB_CAUSE_NO_MEMRESERVE);
}

static void test_inference_x86(void)
{
	struct ea_kb_inference x = { 0 };
	/* the ASUS corpus: ESRT overwritten by kexec_file on 5.3.11 */
	infer(EA_ARCH_X86_64, "5.3.11-gentoo", NULL, EA_KIND_EFI_CONFIG_TABLE,
	      EA_KB_ORIGIN_UNKNOWN, EA_KEXEC_FILE, NULL, &x);
	CHECK(x.ans == EA_ESCAPES);
	CHECK(x.row == ea_kb_get(EA_KB_X86_ESRT_E820));
	infer(EA_ARCH_X86_64, "5.4.11", NULL, EA_KIND_EFI_CONFIG_TABLE,
	      EA_KB_ORIGIN_UNKNOWN, EA_KEXEC_FILE, NULL, &x);
	CHECK(x.ans == EA_PROTECTED);
	infer(EA_ARCH_X86_64, "5.4.10", NULL, EA_KIND_EFI_CONFIG_TABLE,
	      EA_KB_ORIGIN_UNKNOWN, EA_KEXEC_FILE, NULL, &x);
	CHECK(x.ans == EA_ESCAPES);
	infer(EA_ARCH_X86_64, "6.1.0", NULL, EA_KIND_ACPI_TABLE,
	      EA_KB_ORIGIN_UNKNOWN, EA_KEXEC_LOAD, NULL, &x);
	CHECK(x.ans == EA_PROTECTED && x.row == NULL && x.caveat);
	/* nothing in the table decides this one */
	infer(EA_ARCH_X86_64, "6.1.0", NULL, EA_KIND_EFI_CONFIG_TABLE,
	      EA_KB_ORIGIN_UNKNOWN, EA_KEXEC_LOAD, NULL, &x);
	CHECK(x.ans == EA_UNKNOWN && x.row == NULL);
	infer(EA_ARCH_UNKNOWN, "6.1.0", NULL, EA_KIND_ACPI_TABLE,
	      EA_KB_ORIGIN_UNKNOWN, EA_KEXEC_FILE, NULL, &x);
	CHECK(x.ans == EA_UNKNOWN);
	ea_kb_inference_free(&x);
}

/* FNV-1a over a row's fields, each followed by a 0xff byte. */
static uint64_t fnv(uint64_t h, const void *p, size_t n)
{
	const unsigned char *b = p;
	for (size_t i = 0; i < n; i++)
		h = (h ^ b[i]) * 0x100000001b3ull;
	return (h ^ 0xff) * 0x100000001b3ull;
}

static uint64_t fnv_s(uint64_t h, const char *s)
{
	return fnv(h, s ? s : "(null)", s ? strlen(s) : 6);
}

static uint64_t fnv_u(uint64_t h, unsigned long long v)
{
	char b[24];
	int n = snprintf(b, sizeof(b), "%llu", v);
	return fnv(h, b, (size_t)n);
}

/* Every field of every row but its source (where the facts were
 * checked: a citation, not a fact), and every cause. */
static uint64_t rows_digest(void)
{
	uint64_t h = 0xcbf29ce484222325ull;
	for (size_t i = 0; i < EA_KB_NROWS; i++) {
		const struct ea_kb_row *r = &ea_kb_rows[i];
		h = fnv_u(h, r->id);
		h = fnv_s(h, r->key);
		h = fnv_s(h, r->project);
		h = fnv_s(h, r->commit);
		h = fnv_s(h, r->subject);
		h = fnv_u(h, r->major);
		h = fnv_u(h, r->minor);
		h = fnv_u(h, r->patch);
		h = fnv_u(h, r->rc);
		h = fnv_u(h, r->release_verified);
		h = fnv_u(h, r->nstable);
		for (size_t k = 0; k < r->nstable && k < EA_KB_MAX_STABLE;
		     k++) {
			h = fnv_u(h, r->stable[k].major);
			h = fnv_u(h, r->stable[k].minor);
			h = fnv_u(h, r->stable[k].patch);
			h = fnv_u(h, r->stable[k].verified);
		}
		h = fnv_s(h, r->stable_unverified);
		h = fnv_u(h, r->arches);
		h = fnv_u(h, r->loaders);
		h = fnv_u(h, r->scope);
		h = fnv_u(h, r->needs);
		h = fnv_s(h, r->effect);
		h = fnv_s(h, r->what_to_do);
	}
	/* and the causes the reports group escapes by (from version 2) */
	for (size_t i = 0; i < EA_KB_NCAUSES; i++) {
		const struct ea_kb_cause *c = &ea_kb_causes[i];
		h = fnv_u(h, c->id);
		h = fnv_s(h, c->key);
		h = fnv_u(h, c->row);
		h = fnv_s(h, c->why);
		h = fnv_s(h, c->what_to_do);
	}
	return h;
}

/* The version the JSON report names (EA_KB_VERSION) stands for these
 * rows: changing a row fails here until the version is raised and its
 * digest written below. */
static void test_version(void)
{
	static const struct {
		unsigned version;
		uint64_t digest;
	} v = { 3, 0xbd5ea325d6c214b0ull };
	uint64_t d = rows_digest();
	CHECK_U64(EA_KB_VERSION, v.version);
	if (d != v.digest)
		fprintf(
		    stderr,
		    "the knowledge base's rows changed: raise EA_KB_VERSION "
		    "(model/knowledge.h) and write its digest 0x%016llx "
		    "in test_version()\n",
		    (unsigned long long)d);
	CHECK_U64(d, v.digest);
}

/* x86 kexec_file and an EFI configuration table kept with
 * memblock_reserve() alone (MEMATTR: memattr.c efi_memattr_init(); the TPM
 * logs: tpm.c), whatever the kernel version: it stays a System RAM
 * resource, which kexec_file walks whole unless the kernel keeps memblock
 * (kernel/kexec_file.c kexec_locate_mem_hole(): CONFIG_ARCH_KEEP_MEMBLOCK,
 * selected on x86 by CONFIG_INTEL_TDX_HOST from v6.8, abe8dbab8f9f).
 * af1648984828 (e820 reserved) does not apply to it. */
static struct ea_kb_query keep_q(const char *rel, struct ea_kver *v,
				 const struct ea_kb_facts *f,
				 enum ea_kb_keep keep)
{
	ea_kver_parse(rel, NULL, v);
	struct ea_kb_query q = { .arch = EA_ARCH_X86_64,
				 .kernel = v,
				 .facts = f,
				 .kind = EA_KIND_EFI_CONFIG_TABLE,
				 .keep = keep,
				 .loader = EA_KEXEC_FILE };
	return q;
}

static void test_inference_x86_keep(void)
{
	struct ea_kb_inference x = { 0 };
	struct ea_kver v;
	struct ea_kb_facts walk_yes = UEFI, walk_no = UEFI;
	walk_yes.x86_mb_walk = (struct ea_kb_fact){ EA_FACT_YES,
						    "CONFIG_ARCH_KEEP_MEMBLOCK",
						    { 0 } };
	walk_no.x86_mb_walk = (struct ea_kb_fact){
		EA_FACT_NO, "no CONFIG_ARCH_KEEP_MEMBLOCK", { 0 }
	};
	/* 5.10 (corpus dell-t440: has af1648984828): before v6.8 the
	 * resources are walked, so MEMATTR escapes, for a cause no kernel
	 * change removes */
	struct ea_kb_query q =
	    keep_q("5.10.70", &v, &UEFI, EA_KB_KEEP_MEMBLOCK);
	ea_kb_infer(&q, &x);
	CHECK(x.ans == EA_ESCAPES && !x.uncertain);
	CHECK(x.cause == EA_KB_CAUSE_X86_MEMBLOCK_ONLY);
	CHECK(strstr(x.reason, "memblock_reserve() only") != NULL);
	CHECK(ea_kb_cause_of(&q)->id == EA_KB_CAUSE_X86_MEMBLOCK_ONLY);
	/* 5.3 lacks af1648984828: still not that fix's cause */
	q = keep_q("5.3.11", &v, &UEFI, EA_KB_KEEP_MEMBLOCK);
	CHECK(ea_kb_cause_of(&q)->id == EA_KB_CAUSE_X86_MEMBLOCK_ONLY);
	/* while ESRT (efi_mem_reserve()) on 5.3 is */
	q = keep_q("5.3.11", &v, &UEFI, EA_KB_KEEP_EFI_MEM_RESERVE);
	CHECK(ea_kb_cause_of(&q)->id == EA_KB_CAUSE_X86_ESRT_E820);
	/* 6.13: a TDX host may walk memblock: unknown unless a fact says */
	ea_kb_inference_free(&x);
	q = keep_q("6.13.0", &v, &UEFI, EA_KB_KEEP_MEMBLOCK);
	ea_kb_infer(&q, &x);
	CHECK(x.ans == EA_UNKNOWN);
	ea_kb_inference_free(&x);
	q = keep_q("6.13.0", &v, &walk_yes, EA_KB_KEEP_MEMBLOCK);
	ea_kb_infer(&q, &x);
	CHECK(x.ans == EA_PROTECTED && !x.uncertain);
	ea_kb_inference_free(&x);
	q = keep_q("6.13.0", &v, &walk_no, EA_KB_KEEP_MEMBLOCK);
	ea_kb_infer(&q, &x);
	CHECK(x.ans == EA_ESCAPES);
	/* ESRT on a memblock walk: reserved there too */
	ea_kb_inference_free(&x);
	q = keep_q("5.3.11", &v, &walk_yes, EA_KB_KEEP_EFI_MEM_RESERVE);
	ea_kb_infer(&q, &x);
	CHECK(x.ans == EA_PROTECTED);
	/* a table no rule says how the kernel keeps (CocoSecret) */
	ea_kb_inference_free(&x);
	q = keep_q("6.1.0", &v, &UEFI, EA_KB_KEEP_UNKNOWN);
	ea_kb_infer(&q, &x);
	CHECK(x.ans == EA_UNKNOWN);
	ea_kb_inference_free(&x);
}

int main(void)
{
	test_version();
	test_release_strings();
	test_release_forms();
	test_stable_boundaries();
	test_rows_either_side();
	test_rows_well_formed();
	test_inference_arm64();
	test_inference_facts();
	test_what_to_do();
	test_causes();
	test_inference_x86();
	test_inference_x86_keep();
	return t_done();
}
