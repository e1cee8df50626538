// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The MANIFEST reader: the real capture's MANIFEST (written by collect.sh
 * in the guest) with every value as the file holds it, then the forms a
 * damaged or hostile one takes.
 */
#include <stdlib.h>
#include <string.h>

#include "read/manifest.h"
#include "t.h"

static void set(struct ea_input *in, const char *s, size_t n)
{
	memset(in, 0, sizeof(*in));
	in->name = "manifest";
	ea_input_set_data(in, s, n);
}

static bool has(const char *s, const char *w)
{
	return s && strstr(s, w);
}

/* testdata/captures/qemu-arm64-6.1-noefi-gicv3/MANIFEST, values as read
 * with a pager */
static void test_real(void)
{
	struct ea_input in = { .name = "manifest" };
	struct ea_manifest m;
	struct ea_diags d = { 0 };

	CHECK(ea_input_load_file(
	    &in, TESTDATA "/captures/qemu-arm64-6.1-noefi-gicv3/MANIFEST"));
	ea_manifest_parse(&in, &m, &d);
	CHECK(m.known && d.n == 0);
	CHECK_STR(m.collector, "collect.sh 1");
	CHECK_STR(m.date, "2026-12-06T11:24:12Z");
	CHECK_STR(m.kernel, "6.1.0-57-cloud-arm64 (aarch64)");
	CHECK_STR(m.user, "uid 0 (root)");
	CHECK(m.uid_known && m.uid == 0 && m.user_ev.line == 6);
	CHECK_STR(m.lockdown, "none");
	CHECK(has(m.efi, "no: /sys/firmware/efi is absent"));
	CHECK_STR(m.efi_debug, "yes (the kernel log has the EFI memory map)");
	CHECK_STR(m.kexec_tools, "kexec-tools 2.0.25 (/sbin/kexec)");
	CHECK_STR(m.efiresv_audit, "efiresv-audit 0.1.0 (/bin/efiresv-audit)");
	CHECK(m.acpidump == NULL); /* this collector wrote no such line */
	CHECK_U64(m.config.n, 6);
	CHECK_STR(m.config.v[1], "# CONFIG_KEXEC_FILE is not set (from "
				 "boot/config-6.1.0-57-cloud-arm64)");
	CHECK_U64(m.items.n, 16);
	const struct ea_manifest_item *it = ea_manifest_item(&m, "dmesg.txt");
	CHECK(it && ea_manifest_item_ok(it) && !it->reason &&
	      it->ev.line == 20);
	it = ea_manifest_item(&m, "sys/firmware/efi/systab");
	CHECK(it && !ea_manifest_item_ok(it));
	CHECK_STR(it ? it->status : NULL, "absent");
	CHECK_STR(it ? it->reason : NULL,
		  "/sys/firmware/efi/systab does not exist: not an EFI boot, "
		  "or efi=noruntime");
	CHECK(it && it->ev.line == 28 && it->ev.in == &in);
	it = ea_manifest_item(&m, "mem/");
	CHECK_STR(it ? it->status : NULL, "empty");
	CHECK(ea_manifest_item(&m, "mem") == NULL);
	CHECK(ea_manifest_item(&m, "MANIFEST") != NULL);
	ea_manifest_free(&m);
	ea_diags_free(&d);
	ea_input_free(&in);
}

/* As collect.sh writes it when not root, with CRLF line ends (a copy made
 * on another system), a key it does not know, a key twice. */
static void test_forms(void)
{
	static const char text[] =
	    "snapshot: efiresv-audit snapshot (layout: SNAPSHOT.md)\r\n"
	    "collector: collect.sh 2\r\n"
	    "date: 2027-01-02T03:04:05Z\r\n"
	    "hostname: secret-host\r\n"
	    "user: uid 1000, not root: run collect.sh as root\r\n"
	    "user: uid 0 (root)\r\n"
	    "later-key: a key of a later collector\r\n"
	    "acpidump: -c off (addresses from physical memory)\r\n"
	    "efi=debug:\r\n"
	    "\r\n"
	    "item\tstatus\treason\r\n"
	    "dmesg.txt\tEPERM\tkernel.dmesg_restrict=1 and not root: run "
	    "collect.sh as root\r\n"
	    "proc/iomem\tzeroed\r\n"
	    "sys/kernel/debug/memblock/memory\tnot mounted\tdebugfs is not "
	    "mounted\r\n";
	struct ea_input in;
	struct ea_manifest m;
	struct ea_diags d = { 0 };

	set(&in, text, sizeof(text) - 1);
	ea_manifest_parse(&in, &m, &d);
	CHECK(m.known && d.n == 0);
	CHECK_STR(m.collector, "collect.sh 2");
	CHECK_STR(m.user, "uid 1000, not root: run collect.sh as root");
	/* the first user line is the one, its uid with it */
	CHECK(m.uid_known && m.uid == 1000 && m.user_ev.line == 5);
	CHECK_STR(m.acpidump, "-c off (addresses from physical memory)");
	CHECK_STR(m.efi_debug, "");
	CHECK(m.kernel == NULL);
	CHECK_U64(m.items.n, 3);
	const struct ea_manifest_item *it = ea_manifest_item(&m, "dmesg.txt");
	CHECK_STR(it ? it->status : NULL, "EPERM");
	CHECK_STR(it ? it->reason : NULL,
		  "kernel.dmesg_restrict=1 and not root: run collect.sh as "
		  "root");
	CHECK(it && it->ev.line == 12);
	it = ea_manifest_item(&m, "proc/iomem");
	CHECK(it && it->reason == NULL && !strcmp(it->status, "zeroed"));
	it = ea_manifest_item(&m, "sys/kernel/debug/memblock/memory");
	CHECK_STR(it ? it->status : NULL, "not mounted");
	ea_manifest_free(&m);
	ea_input_free(&in);
}

/* Lines of neither form, a NUL byte, a value past the limit, an item with
 * no status: each a diagnostic with its line, the rest still read. */
static void test_damaged(void)
{
	char text[2048];
	size_t n = 0;
	n += (size_t)snprintf(text + n, sizeof(text) - n,
			      "collector: collect.sh 1\n"
			      "this is not a header line\n"
			      "kernel: ");
	memset(text + n, 'k', 700);
	n += 700;
	n += (size_t)snprintf(text + n, sizeof(text) - n,
			      "\n\n"
			      "dmesg.txt\tok\n"
			      "no tab here\n"
			      "proc/iomem\t\treason without a status\n"
			      "\tok\n");
	memcpy(text + n, "proc/version\tok\0\n", 17);
	n += 17;
	n += (size_t)snprintf(text + n, sizeof(text) - n, "proc/cmdline\tok\n");
	struct ea_input in;
	struct ea_manifest m;
	struct ea_diags d = { 0 };

	set(&in, text, n);
	ea_manifest_parse(&in, &m, &d);
	CHECK(m.known);
	CHECK_U64(d.n, 5);
	CHECK(d.n == 5 && d.v[0].ev.line == 2 && d.v[1].ev.line == 6 &&
	      d.v[2].ev.line == 7 && d.v[3].ev.line == 8 &&
	      d.v[4].ev.line == 9);
	CHECK(d.n == 5 && has(d.v[0].msg, "not a MANIFEST header line") &&
	      has(d.v[1].msg, "not a MANIFEST item line") &&
	      has(d.v[4].msg, "NUL byte"));
	/* the value is kept to the limit, then "..." */
	CHECK(!m.uid_known);
	CHECK(m.kernel && strlen(m.kernel) == EA_MANIFEST_MAX_VALUE + 3 &&
	      !strcmp(m.kernel + EA_MANIFEST_MAX_VALUE, "..."));
	CHECK_U64(m.items.n, 2);
	CHECK(ea_manifest_item(&m, "proc/cmdline") != NULL);
	CHECK(ea_manifest_item(&m, "proc/version") == NULL);
	ea_manifest_free(&m);
	ea_diags_free(&d);
	ea_input_free(&in);

	/* no line of either form: not a MANIFEST, and no diagnostic */
	static const char junk[] = "\x7f"
				   "ELF binary junk\nmore junk\n";
	d.n = 0;
	set(&in, junk, sizeof(junk) - 1);
	ea_manifest_parse(&in, &m, &d);
	CHECK(!m.known && m.items.n == 0);
	ea_manifest_free(&m);
	ea_diags_free(&d);
	ea_input_free(&in);
}

/* More items than the limit: the first EA_MANIFEST_MAX_ITEMS kept, one
 * diagnostic. */
static void test_many(void)
{
	size_t k = (size_t)EA_MANIFEST_MAX_ITEMS + 2;
	char *text = malloc(k * 5 + 1);
	size_t n = 0;

	for (size_t i = 0; i < k; i++) {
		memcpy(text + n, "a\tok\n", 5);
		n += 5;
	}
	struct ea_input in;
	struct ea_manifest m;
	struct ea_diags d = { 0 };

	set(&in, text, n);
	free(text);
	ea_manifest_parse(&in, &m, &d);
	CHECK_U64(m.items.n, EA_MANIFEST_MAX_ITEMS);
	CHECK(d.n == 1 && has(d.v[0].msg, "the rest ignored") &&
	      d.v[0].ev.line == EA_MANIFEST_MAX_ITEMS + 1);
	ea_manifest_free(&m);
	ea_diags_free(&d);
	ea_input_free(&in);
}

int main(void)
{
	test_real();
	test_forms();
	test_damaged();
	test_many();
	return t_done();
}
