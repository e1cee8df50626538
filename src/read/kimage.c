/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Kernel image headers (see kimage.h for the layouts and where they come
 * from). What the loaders take from them:
 *
 * - arm64, kernel kexec_file (arch/arm64/kernel/kexec_image.c image_load()):
 *   kernel segment memsz = image_size + text_offset at MIN_KIMG_ALIGN (2 MiB);
 *   image_size 0 is refused (-EINVAL). kexec-tools (kexec-arm64.c
 *   arm64_process_image_header, arm64_locate_kernel_segment): hole of
 *   text_offset + image_size at 2 MiB, image_size 0 -> 0x80000 and 16 MiB.
 * - x86, kernel kexec_file (kexec-bzimage64.c bzImage64_probe/_load): needs
 *   protocol >= 2.12, LOADED_HIGH, XLF_KERNEL_64 and XLF_CAN_BE_LOADED_ABOVE_4G;
 *   kernel memsz = PAGE_ALIGN(init_size) at kernel_alignment.
 */
#include "read/kimage.h"

#include "core/bytes.h"
#include "core/input.h"
#include "core/util.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#ifdef EA_HAVE_ZLIB
#include <zlib.h>
#endif

#define SZ_2M 0x200000ULL
#define X86_PAGE 0x1000ULL
/* the setup header ends before 0x270 in every protocol version read here */
#define X86_HDR_END 0x270
#define HEAD_BYTES 0x1000

/* Every field below is a bounded read of the bytes given (core/bytes.h):
 * a header cut short is not that kind of image, and an optional field the
 * bytes do not hold stays 0. */
static bool parse_arm64(const struct ea_bytes *b, struct ea_kimage *out)
{
	struct ea_kimage_arm64 *h = &out->arm64;
	uint64_t to, sz, fl;
	if (!ea_bytes_eq(b, 56, "ARM\x64", 4) || !ea_bytes_u64(b, 8, &to) ||
	    !ea_bytes_u64(b, 16, &sz) || !ea_bytes_u64(b, 24, &fl))
		return false;
	h->pe = ea_bytes_eq(b, 0, "MZ", 2);
	h->flags = fl;
	h->big_endian = fl & 1;
	switch ((fl >> 1) & 3) {
	case 1:
		h->page_kib = 4;
		break;
	case 2:
		h->page_kib = 16;
		break;
	case 3:
		h->page_kib = 64;
		break;
	default:
		h->page_kib = 0;
		break;
	}
	h->place_anywhere = (fl >> 3) & 1;
	if (sz == 0) {
		/* kexec-tools arm64_process_image_header(): "For 3.16 and
		 * older kernels" */
		h->text_offset = 0x80000;
		h->image_size = 16ULL << 20;
		h->size_assumed = true;
		snprintf(out->why, sizeof(out->why),
			 "image_size is 0 (a kernel <= 3.16): kexec-tools "
			 "assumes text_offset 0x80000 and 16 MiB; the kernel's "
			 "kexec_file_load refuses the image");
	} else {
		h->text_offset = to;
		h->image_size = sz;
	}
	if (h->image_size > UINT64_MAX - h->text_offset)
		return false;
	out->kind = EA_KIMAGE_ARM64;
	out->memsz = h->text_offset + h->image_size;
	out->align = SZ_2M;
	return true;
}

static bool parse_x86(const struct ea_bytes *b, struct ea_kimage *out)
{
	struct ea_kimage_x86 *h = &out->x86;
	uint16_t boot_flag;
	if (!ea_bytes_eq(b, 0x202, "HdrS", 4) ||
	    !ea_bytes_u16(b, 0x1fe, &boot_flag) || boot_flag != 0xAA55)
		return false;
	if (!ea_bytes_u8(b, 0x1f1, &h->setup_sects) ||
	    !ea_bytes_u16(b, 0x206, &h->version) ||
	    !ea_bytes_u8(b, 0x211, &h->loadflags))
		return false;
	h->kern16_size =
	    ((uint64_t)(h->setup_sects ? h->setup_sects : 4) + 1) * 512;
	out->kind = EA_KIMAGE_X86_BZIMAGE;
	/* fields by protocol version (boot.rst): kernel_alignment and
	 * relocatable_kernel 2.05, min_alignment 2.10, xloadflags 2.12,
	 * cmdline_size 2.06, pref_address and init_size 2.10 */
	uint8_t v8;
	uint16_t v16;
	uint32_t v32;
	uint64_t v64;
	if (h->version >= 0x0205 && ea_bytes_u32(b, 0x230, &v32))
		h->kernel_alignment = v32;
	if (h->version >= 0x0205 && ea_bytes_u8(b, 0x234, &v8))
		h->relocatable = v8 != 0;
	if (h->version >= 0x020a && ea_bytes_u8(b, 0x235, &v8))
		h->min_alignment = v8;
	if (h->version >= 0x020c && ea_bytes_u16(b, 0x236, &v16))
		h->xloadflags = v16;
	if (h->version >= 0x0206 && ea_bytes_u32(b, 0x238, &v32))
		h->cmdline_size = v32;
	if (h->version >= 0x020a && ea_bytes_u64(b, 0x258, &v64))
		h->pref_address = v64;
	if (h->version >= 0x020a && ea_bytes_u32(b, 0x260, &v32))
		h->init_size = v32;

	h->kexec_tools_ok = h->version >= 0x020c && (h->xloadflags & 3) == 3;
	h->kexec_file_ok = out->file_size >= 1024 && h->version >= 0x020c &&
			   (h->loadflags & 1) &&
			   (h->xloadflags & EA_XLF_KERNEL_64) &&
			   (h->xloadflags & EA_XLF_CAN_BE_LOADED_ABOVE_4G);
	if (!h->kexec_file_ok)
		snprintf(out->why, sizeof(out->why),
			 "not a bzImage64 the kernel's kexec_file_load takes "
			 "(protocol %u.%02u, loadflags 0x%x, xloadflags 0x%x; "
			 "needs >= 2.12, LOADED_HIGH, XLF_KERNEL_64 and "
			 "XLF_CAN_BE_LOADED_ABOVE_4G)",
			 h->version >> 8, h->version & 0xff, h->loadflags,
			 h->xloadflags);
	out->memsz = ((uint64_t)h->init_size + X86_PAGE - 1) & ~(X86_PAGE - 1);
	out->align = h->kernel_alignment;
	return true;
}

/* ID1 0x1f, ID2 0x8b, CM 8 (deflate): RFC 1952 2.3.1 */
static bool is_gzip(const struct ea_bytes *b)
{
	return ea_bytes_eq(b, 0, "\x1f\x8b\x08", 3);
}

bool ea_kimage_parse(const unsigned char *buf, size_t len, uint64_t file_size,
		     struct ea_kimage *out)
{
	const struct ea_bytes b = ea_bytes_of(buf, len);

	memset(out, 0, sizeof(*out));
	out->file_size = file_size;
	if (parse_arm64(&b, out))
		return true;
	if (parse_x86(&b, out))
		return true;
	memset(out, 0, sizeof(*out));
	out->file_size = file_size;
	if (is_gzip(&b)) {
		out->kind = EA_KIMAGE_GZIP;
		snprintf(out->why, sizeof(out->why),
			 "a gzip'd kernel (Image.gz): decompress it first "
			 "(zcat Image.gz > Image), or give --kernel-size");
		return false;
	}
	if (ea_bytes_eq(&b, 0, "MZ", 2) && ea_bytes_eq(&b, 4, "zimg", 4))
		snprintf(out->why, sizeof(out->why),
			 "an arm64 EFI zboot image (vmlinuz.efi): its Image "
			 "is compressed inside; extract it first, or give "
			 "--kernel-size");
	else
		snprintf(out->why, sizeof(out->why),
			 "neither an arm64 Image (no \"ARM\\x64\" magic at 56) "
			 "nor an x86 bzImage (no \"HdrS\" at 0x202)");
	return false;
}

bool ea_fdt_totalsize(const unsigned char *buf, size_t len, uint32_t *out)
{
	const struct ea_bytes b = ea_bytes_of(buf, len);
	uint32_t magic, total;
	if (!ea_bytes_be32(&b, 0, &magic) || magic != 0xd00dfeedu ||
	    !ea_bytes_be32(&b, 4, &total) || total < 40)
		return false;
	*out = total;
	return true;
}

/* Reads up to want bytes from the start of fd. */
static ssize_t read_head(int fd, unsigned char *buf, size_t want)
{
	size_t got = 0;
	while (got < want) {
		ssize_t r = read(fd, buf + got, want - got);
		if (r < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		if (r == 0)
			break;
		got += (size_t)r;
	}
	return (ssize_t)got;
}

#ifdef EA_HAVE_ZLIB
/* Inflates the start of a gzip file into head (HEAD_BYTES); the data's
 * size comes from the gzip trailer (ISIZE, modulo 2^32). */
static bool inflate_head(int fd, uint64_t fsize, unsigned char *head,
			 size_t *head_len, uint64_t *data_size)
{
	unsigned char in[16384];
	z_stream zs;
	memset(&zs, 0, sizeof(zs));
	if (inflateInit2(&zs, 16 + MAX_WBITS) != Z_OK)
		return false;
	zs.next_out = head;
	zs.avail_out = HEAD_BYTES;
	bool ok = false;
	if (lseek(fd, 0, SEEK_SET) != 0)
		goto out;
	while (zs.avail_out) {
		ssize_t r = read_head(fd, in, sizeof(in));
		if (r <= 0)
			break;
		zs.next_in = in;
		zs.avail_in = (uInt)r;
		int z = inflate(&zs, Z_NO_FLUSH);
		if (z == Z_STREAM_END)
			break;
		if (z != Z_OK && z != Z_BUF_ERROR)
			goto out;
	}
	*head_len = HEAD_BYTES - zs.avail_out;
	unsigned char trailer[4];
	if (fsize >= 4 && lseek(fd, (off_t)(fsize - 4), SEEK_SET) >= 0 &&
	    read_head(fd, trailer, 4) == 4) {
		const struct ea_bytes tb =
		    ea_bytes_of(trailer, sizeof(trailer));
		uint32_t isz;
		if (ea_bytes_u32(&tb, 0, &isz))
			*data_size = isz;
	}
	ok = *head_len > 0;
out:
	inflateEnd(&zs);
	return ok;
}
#endif

bool ea_kimage_read_file(const char *path, bool live, struct ea_kimage *out)
{
	memset(out, 0, sizeof(*out));
	char why[sizeof(out->why) - 16];
	struct stat st;
	int e;
	int fd = ea_open_given(path, live, &st, &e, why, sizeof(why));
	if (fd < 0) {
		snprintf(out->why, sizeof(out->why), "%s: %s", path, why);
		return false;
	}
	unsigned char *head = ea_xcalloc(HEAD_BYTES, 1);
	ssize_t n = read_head(fd, head, HEAD_BYTES);
	if (n < 0) {
		snprintf(out->why, sizeof(out->why), "%s: %s", path,
			 strerror(errno));
		free(head);
		close(fd);
		return false;
	}
	bool ok = ea_kimage_parse(head, (size_t)n, (uint64_t)st.st_size, out);
#ifdef EA_HAVE_ZLIB
	if (!ok && out->kind == EA_KIMAGE_GZIP) {
		size_t hl = 0;
		uint64_t dsz = 0;
		if (inflate_head(fd, (uint64_t)st.st_size, head, &hl, &dsz)) {
			ok = ea_kimage_parse(head, hl, dsz, out);
			out->was_gzip = true;
			if (!ok && out->kind == EA_KIMAGE_UNKNOWN)
				snprintf(out->why, sizeof(out->why),
					 "gzip data that is not a kernel "
					 "image");
		}
	}
#endif
	free(head);
	close(fd);
	return ok;
}
