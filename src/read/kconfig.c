/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The kernel configuration: see kconfig.h. /proc/config.gz is gzip
 * (kernel/configs.c, CONFIG_IKCONFIG_PROC); it is inflated in memory with a
 * bound on the output.
 */
#include "read/kconfig.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "core/cursor.h"

/* A configuration is a few hundred KiB; anything past this is not one. */
#define KCONFIG_MAX ((size_t)16 << 20)

static const char *const names[EA_KC_NOPTS] = {
	[EA_KC_KEXEC] = "CONFIG_KEXEC",
	[EA_KC_KEXEC_FILE] = "CONFIG_KEXEC_FILE",
	[EA_KC_KEXEC_HANDOVER] = "CONFIG_KEXEC_HANDOVER",
	[EA_KC_CMA] = "CONFIG_CMA",
	[EA_KC_INTEL_TDX_HOST] = "CONFIG_INTEL_TDX_HOST",
	[EA_KC_ARCH_KEEP_MEMBLOCK] = "CONFIG_ARCH_KEEP_MEMBLOCK",
	[EA_KC_ARM64_16K_PAGES] = "CONFIG_ARM64_16K_PAGES",
	[EA_KC_ARM64_64K_PAGES] = "CONFIG_ARM64_64K_PAGES",
	[EA_KC_ARM64_4K_PAGES] = "CONFIG_ARM64_4K_PAGES",
	[EA_KC_IMA_KEXEC] = "CONFIG_IMA_KEXEC",
};

const char *ea_kconfig_name(enum ea_kconfig_opt o)
{
	return o < EA_KC_NOPTS ? names[o] : "CONFIG_?";
}

void ea_kconfig_inflate(struct ea_input *in)
{
	if (in->status != EA_IN_OK || in->len < 2 ||
	    (unsigned char)in->data[0] != 0x1f ||
	    (unsigned char)in->data[1] != 0x8b)
		return;
	z_stream zs;
	memset(&zs, 0, sizeof(zs));
	if (inflateInit2(&zs, 16 + MAX_WBITS) != Z_OK) {
		ea_input_set_status(in, EA_IN_UNREADABLE, "zlib: no memory");
		return;
	}
	size_t cap = 1 << 18, len = 0;
	char *out = ea_xrealloc(NULL, cap, 1);
	zs.next_in = (unsigned char *)in->data;
	zs.avail_in = (uInt)(in->len > UINT32_MAX ? UINT32_MAX : in->len);
	int z = Z_OK;
	while (z == Z_OK) {
		if (len == cap) {
			if (cap >= KCONFIG_MAX)
				break;
			cap *= 2;
			out = ea_xrealloc(out, cap, 1);
		}
		zs.next_out = (unsigned char *)out + len;
		zs.avail_out = (uInt)(cap - len);
		z = inflate(&zs, Z_NO_FLUSH);
		len = cap - zs.avail_out;
		if (z == Z_BUF_ERROR && zs.avail_out)
			break; /* input ended before the stream did */
	}
	size_t at = (size_t)zs.total_in;
	inflateEnd(&zs);
	if (z != Z_STREAM_END) {
		free(out);
		ea_input_set_status(
		    in, EA_IN_MALFORMED,
		    len >= KCONFIG_MAX
			? "offset %zu: inflates to more than %zu bytes: not a "
			  "kernel configuration"
			: "offset %zu: not gzip data, or cut short",
		    at, KCONFIG_MAX);
		return;
	}
	ea_input_set_data(in, out, len);
	free(out);
}

void ea_kconfig_load_tree(struct ea_input *in, const struct ea_tree *t,
			  const char *release)
{
	int err = 0;
	if (ea_tree_load(t, "proc/config.gz", KCONFIG_MAX, in, &err))
		return;
	char *why = ea_xstrdup(in->detail ? in->detail : "absent");
	if (!release) {
		ea_input_set_status(in, in->status,
				    "%s; and no kernel release to find "
				    "boot/config-<release>",
				    why);
		free(why);
		return;
	}
	char rel[320];
	snprintf(rel, sizeof(rel), "boot/config-%s", release);
	if (strchr(release, '/') ||
	    !ea_tree_load(t, rel, KCONFIG_MAX, in, &err)) {
		char *why2 = ea_xstrdup(in->detail ? in->detail : "absent");
		ea_input_set_status(in, in->status,
				    "proc/config.gz: %s; %s: %s", why, rel,
				    why2);
		free(why2);
	} else {
		/* found second: the first miss is not its detail */
		free(in->detail);
		in->detail = NULL;
	}
	free(why);
}

void ea_kconfig_parse(const struct ea_input *in, struct ea_kconfig *out,
		      struct ea_diags *diags)
{
	memset(out, 0, sizeof(*out));
	if (in->status != EA_IN_OK)
		return;
	struct ea_line_iter it;
	ea_line_iter_init(&it, in->data, in->len);
	const char *s;
	size_t n;
	size_t config_lines = 0;
	while (ea_line_next(&it, &s, &n)) {
		struct ea_cur c;
		ea_cur_init(&c, s, n);
		/* "CONFIG_X=..." or "# CONFIG_X is not set" */
		bool not_set = ea_cur_looking_at(&c, "# CONFIG_");
		if (not_set)
			ea_cur_skip(&c, "# ");
		else if (!ea_cur_looking_at(&c, "CONFIG_"))
			continue;
		config_lines++;
		size_t name = c.i;
		for (int o = 0; o < EA_KC_NOPTS; o++) {
			c.i = name;
			if (!ea_cur_skip(&c, names[o]))
				continue;
			if (not_set ? !ea_cur_skip(&c, " is not set") ||
					  !ea_cur_done(&c)
				    : !ea_cur_skip(&c, "="))
				continue;
			out->v[o] = not_set ? EA_KC_NOT_SET : EA_KC_SET;
			/* "=n" is not written by Kconfig, but means not set */
			if (!not_set && ea_cur_skip(&c, "n") && ea_cur_done(&c))
				out->v[o] = EA_KC_NOT_SET;
			out->ev[o] = ea_evid_line(in, it.lineno, s, n);
		}
	}
	(void)diags; /* the caller marks the input malformed */
	if (!config_lines)
		return;
	out->known = true;
}

bool ea_kconfig_off(const struct ea_kconfig *k, enum ea_kconfig_opt o)
{
	return k->known && o < EA_KC_NOPTS && k->v[o] != EA_KC_SET;
}
