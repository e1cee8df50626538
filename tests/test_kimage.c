/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Kernel image headers. testdata/ holds no kernel image, so the headers are
 * built here from the documented layouts (kimage.h) with the values of real
 * Debian kernels, read from the packages with xxd:
 *   linux-image-6.1.0-56-cloud-arm64 /boot/vmlinuz-6.1.0-56-cloud-arm64 (an
 *   uncompressed EFI-stub Image): "MZ", text_offset 0, image_size
 *   0x01ab0000, flags 0xa, "ARM\x64" at 56, PE header at 0x40;
 *   linux-image-5.10.0-32-cloud-arm64: image_size 0x016b0000, flags 0xa;
 *   linux-image-6.1.0-56-cloud-amd64 /boot/vmlinuz-6.1.0-56-cloud-amd64:
 *   setup_sects 0x27, boot_flag 0xaa55, "HdrS", version 0x020f, loadflags
 *   0x01, kernel_alignment 0x200000, relocatable 1, min_alignment 0x15,
 *   xloadflags 0x7f, cmdline_size 0x7ff, pref_address 0x1000000, init_size
 *   0x3378000.
 * The FDT check reads the real /sys/firmware/fdt of a capture.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#ifdef EA_HAVE_ZLIB
#include <zlib.h>
#endif

#include "read/kimage.h"
#include "t.h"

static void put_le(unsigned char *b, size_t off, uint64_t v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		b[off + i] = (unsigned char)(v >> (8 * i));
}

/* arm64 Image header, Documentation/arch/arm64/booting.rst */
static void arm64_header(unsigned char *b, uint64_t text_offset,
			 uint64_t image_size, uint64_t flags)
{
	memset(b, 0, 64);
	b[0] = 'M';
	b[1] = 'Z';
	put_le(b, 8, text_offset, 8);
	put_le(b, 16, image_size, 8);
	put_le(b, 24, flags, 8);
	memcpy(b + 56, "ARM\x64", 4);
	put_le(b, 60, 0x40, 4);
}

/* x86 setup header, Documentation/arch/x86/boot.rst */
static void x86_header(unsigned char *b, size_t len, uint16_t version,
		       uint16_t xloadflags)
{
	memset(b, 0, len);
	b[0x1f1] = 0x27;
	put_le(b, 0x1fe, 0xaa55, 2);
	memcpy(b + 0x202, "HdrS", 4);
	put_le(b, 0x206, version, 2);
	b[0x211] = 0x01;
	put_le(b, 0x230, 0x200000, 4);
	b[0x234] = 1;
	b[0x235] = 0x15;
	put_le(b, 0x236, xloadflags, 2);
	put_le(b, 0x238, 0x7ff, 4);
	put_le(b, 0x258, 0x1000000, 8);
	put_le(b, 0x260, 0x3378000, 4);
}

static void test_arm64(void)
{
	unsigned char b[64];
	struct ea_kimage k;

	arm64_header(b, 0, 0x01ab0000, 0xa);
	CHECK(ea_kimage_parse(b, sizeof(b), 27303872, &k));
	CHECK(k.kind == EA_KIMAGE_ARM64);
	CHECK_U64(k.arm64.text_offset, 0);
	CHECK_U64(k.arm64.image_size, 0x01ab0000);
	CHECK(k.arm64.page_kib == 4 && k.arm64.place_anywhere);
	CHECK(k.arm64.pe && !k.arm64.big_endian && !k.arm64.size_assumed);
	/* kexec_file image_load(): memsz image_size + text_offset, 2 MiB */
	CHECK_U64(k.memsz, 0x01ab0000);
	CHECK_U64(k.align, 0x200000);
	CHECK_U64(k.file_size, 27303872);

	/* an older kernel: text_offset 0x80000, 64 KiB pages, big-endian */
	arm64_header(b, 0x80000, 0x1e10000, 0x7);
	CHECK(ea_kimage_parse(b, sizeof(b), 0, &k));
	CHECK(k.arm64.page_kib == 64 && k.arm64.big_endian &&
	      !k.arm64.place_anywhere);
	CHECK_U64(k.memsz, 0x1e90000);

	/* image_size 0 (<= 3.16): kexec-tools' defaults, noted */
	arm64_header(b, 0, 0, 0);
	CHECK(ea_kimage_parse(b, sizeof(b), 0, &k));
	CHECK(k.arm64.size_assumed);
	CHECK_U64(k.arm64.text_offset, 0x80000);
	CHECK_U64(k.arm64.image_size, 16 << 20);
	CHECK_U64(k.memsz, 0x80000 + (16 << 20));
	CHECK(strstr(k.why, "3.16") != NULL);

	/* cut before the magic: not read past the end, not recognised */
	arm64_header(b, 0, 0x01ab0000, 0xa);
	CHECK(!ea_kimage_parse(b, 59, 0, &k));
	CHECK(k.kind == EA_KIMAGE_UNKNOWN);
	/* bad magic */
	b[57] = 'X';
	CHECK(!ea_kimage_parse(b, sizeof(b), 0, &k));
	CHECK(k.kind == EA_KIMAGE_UNKNOWN && k.why[0]);
	/* sizes that overflow are refused */
	arm64_header(b, UINT64_MAX, 2, 0);
	CHECK(!ea_kimage_parse(b, sizeof(b), 0, &k));

	/* an arm64 EFI zboot image says so */
	memset(b, 0, sizeof(b));
	memcpy(b, "MZ\0\0zimg", 8);
	CHECK(!ea_kimage_parse(b, sizeof(b), 0, &k));
	CHECK(strstr(k.why, "zboot") != NULL);
}

static void test_x86(void)
{
	unsigned char b[0x300];
	struct ea_kimage k;

	x86_header(b, sizeof(b), 0x020f, 0x7f);
	CHECK(ea_kimage_parse(b, sizeof(b), 14186432, &k));
	CHECK(k.kind == EA_KIMAGE_X86_BZIMAGE);
	CHECK(k.x86.version == 0x020f && k.x86.setup_sects == 0x27);
	CHECK_U64(k.x86.kern16_size, (0x27 + 1) * 512);
	CHECK_U64(k.x86.kernel_alignment, 0x200000);
	CHECK(k.x86.relocatable && k.x86.min_alignment == 0x15);
	CHECK_U64(k.x86.pref_address, 0x1000000);
	CHECK_U64(k.x86.init_size, 0x3378000);
	CHECK_U64(k.x86.cmdline_size, 0x7ff);
	CHECK(k.x86.kexec_file_ok && k.x86.kexec_tools_ok);
	/* bzImage64_load(): PAGE_ALIGN(init_size) at kernel_alignment */
	CHECK_U64(k.memsz, 0x3378000);
	CHECK_U64(k.align, 0x200000);

	/* init_size not a page multiple: page-aligned up */
	put_le(b, 0x260, 0x3378001, 4);
	CHECK(ea_kimage_parse(b, sizeof(b), 14186432, &k));
	CHECK_U64(k.memsz, 0x3379000);

	/* protocol 2.11: neither loader's 64-bit path takes it */
	x86_header(b, sizeof(b), 0x020b, 0x7f);
	CHECK(ea_kimage_parse(b, sizeof(b), 14186432, &k));
	CHECK(!k.x86.kexec_file_ok && !k.x86.kexec_tools_ok);
	CHECK(strstr(k.why, "2.11") != NULL);
	/* not loadable above 4G */
	x86_header(b, sizeof(b), 0x020f, 0x1);
	CHECK(ea_kimage_parse(b, sizeof(b), 14186432, &k));
	CHECK(!k.x86.kexec_file_ok && !k.x86.kexec_tools_ok);

	/* the header cut at 0x240: the fields past the end stay 0 */
	x86_header(b, sizeof(b), 0x020f, 0x7f);
	CHECK(ea_kimage_parse(b, 0x240, 14186432, &k));
	CHECK_U64(k.x86.pref_address, 0);
	CHECK_U64(k.x86.init_size, 0);
	CHECK_U64(k.x86.kernel_alignment, 0x200000);
	/* no boot flag: not a bzImage */
	b[0x1fe] = 0;
	CHECK(!ea_kimage_parse(b, sizeof(b), 0, &k));
}

static char *write_tmp(const void *data, size_t len)
{
	char *path = strdup("/tmp/ea-kimage-XXXXXX");
	int fd = mkstemp(path);
	CHECK(fd >= 0);
	if (fd < 0)
		return path;
	CHECK(write(fd, data, len) == (ssize_t)len);
	close(fd);
	return path;
}

static void test_files(void)
{
	unsigned char b[0x300];
	struct ea_kimage k;

	x86_header(b, sizeof(b), 0x020f, 0x7f);
	char *p = write_tmp(b, sizeof(b));
	CHECK(ea_kimage_read_file(p, false, &k));
	CHECK(k.kind == EA_KIMAGE_X86_BZIMAGE);
	CHECK_U64(k.file_size, sizeof(b));
	unlink(p);
	free(p);

	CHECK(!ea_kimage_read_file("/nonexistent/Image", false, &k));
	CHECK(strstr(k.why, "No such file") != NULL);

	/* a gzip'd Image: inflated when built with zlib, else the advice */
	unsigned char img[4096];
	memset(img, 0x5a, sizeof(img));
	arm64_header(img, 0, 0x01ab0000, 0xa);
#ifdef EA_HAVE_ZLIB
	unsigned char gz[8192];
	z_stream zs;
	memset(&zs, 0, sizeof(zs));
	CHECK(deflateInit2(&zs, 9, Z_DEFLATED, 16 + MAX_WBITS, 8,
			   Z_DEFAULT_STRATEGY) == Z_OK);
	zs.next_in = img;
	zs.avail_in = sizeof(img);
	zs.next_out = gz;
	zs.avail_out = sizeof(gz);
	CHECK(deflate(&zs, Z_FINISH) == Z_STREAM_END);
	size_t gzlen = sizeof(gz) - zs.avail_out;
	deflateEnd(&zs);
	p = write_tmp(gz, gzlen);
	CHECK(ea_kimage_read_file(p, false, &k));
	CHECK(k.kind == EA_KIMAGE_ARM64 && k.was_gzip);
	CHECK_U64(k.arm64.image_size, 0x01ab0000);
	CHECK_U64(k.file_size, sizeof(img));
#else
	/* the start of a real gzip stream: magic, deflate */
	static const unsigned char gzhead[] = { 0x1f, 0x8b, 0x08, 0x00, 0x00,
						0x00, 0x00, 0x00, 0x02, 0x03 };
	p = write_tmp(gzhead, sizeof(gzhead));
	CHECK(!ea_kimage_read_file(p, false, &k));
	CHECK(k.kind == EA_KIMAGE_GZIP);
	CHECK(strstr(k.why, "decompress") != NULL);
#endif
	unlink(p);
	free(p);
}

static void test_fdt(void)
{
	/* the FDT the 256 MiB capture booted with (EFI stub generated) */
	const char *path = TESTDATA
	    "/captures/qemu-arm64-5.10-acpi-smp4-256m/sys/firmware/fdt";
	FILE *f = fopen(path, "rb");
	CHECK(f != NULL);
	if (!f)
		return;
	unsigned char buf[4096];
	size_t n = fread(buf, 1, sizeof(buf), f);
	fclose(f);
	uint32_t total = 0;
	CHECK(ea_fdt_totalsize(buf, n, &total));
	CHECK_U64(total, n); /* the file is exactly one FDT */
	CHECK_U64(total, 565);
	CHECK(!ea_fdt_totalsize(buf, 7, &total));
	buf[0] ^= 1;
	CHECK(!ea_fdt_totalsize(buf, n, &total));
}

int main(void)
{
	test_arm64();
	test_x86();
	test_files();
	test_fdt();
	return t_done();
}
