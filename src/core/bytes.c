/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Bounded reads from an untrusted byte buffer: see bytes.h. */
#include "core/bytes.h"

#include <string.h>

bool ea_bytes_sub(const struct ea_bytes *b, size_t off, size_t n,
		  struct ea_bytes *out)
{
	if (!ea_bytes_fits(b, off, n)) {
		out->p = NULL;
		out->len = 0;
		return false;
	}
	out->p = n ? b->p + off : NULL;
	out->len = n;
	return true;
}

bool ea_bytes_copy(const struct ea_bytes *b, size_t off, void *dst, size_t n)
{
	if (!ea_bytes_fits(b, off, n)) {
		memset(dst, 0, n);
		return false;
	}
	if (n)
		memcpy(dst, b->p + off, n);
	return true;
}

bool ea_bytes_eq(const struct ea_bytes *b, size_t off, const void *s, size_t n)
{
	return ea_bytes_fits(b, off, n) && (!n || !memcmp(b->p + off, s, n));
}
