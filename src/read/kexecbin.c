/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <string.h>

#include "read/kexecbin.h"

static bool num(const char **p, unsigned *v)
{
	const char *s = *p;
	unsigned long x = 0;
	if (*s < '0' || *s > '9')
		return false;
	while (*s >= '0' && *s <= '9') {
		x = x * 10 + (unsigned long)(*s++ - '0');
		if (x > 100000)
			return false;
	}
	*v = (unsigned)x;
	*p = s;
	return true;
}

bool ea_kexec_tools_parse(const char *s, unsigned *major, unsigned *minor,
			  unsigned *patch)
{
	static const char pfx[] = "kexec-tools ";
	if (!s)
		return false;
	if (strncmp(s, pfx, sizeof(pfx) - 1) == 0)
		s += sizeof(pfx) - 1;
	const char *colon = strchr(s, ':');
	if (colon && colon - s < 4)
		s = colon + 1; /* a Debian epoch */
	if (*s == 'v')
		s++;
	unsigned a, b, c;
	if (!num(&s, &a) || *s++ != '.' || !num(&s, &b) || *s++ != '.' ||
	    !num(&s, &c))
		return false;
	if (*s && *s != '-' && *s != '+' && *s != '~' && *s != ' ')
		return false;
	*major = a;
	*minor = b;
	*patch = c;
	return true;
}

void ea_kexec_bin_parse(struct ea_input *in, struct ea_kexec_tools *out)
{
	static const char pfx[] = "kexec-tools ";
	memset(out, 0, sizeof(*out));
	if (in->status != EA_IN_OK)
		return;
	const char *p = in->data, *end = in->data + in->len;
	while (p && p < end) {
		p = memmem(p, (size_t)(end - p), pfx, sizeof(pfx) - 1);
		if (!p)
			break;
		/* PACKAGE_STRING is a C string: the digits, then its NUL
		 * (in->data is NUL-terminated past len) */
		const char *q = p + sizeof(pfx) - 1;
		const char *z = q;
		while (z < end && z - q < 16 &&
		       ((*z >= '0' && *z <= '9') || *z == '.'))
			z++;
		if (z < end && *z == '\0' && z > q &&
		    ea_kexec_tools_parse(q, &out->major, &out->minor,
					 &out->patch)) {
			out->known = true;
			out->off = (size_t)(p - in->data);
			return;
		}
		p++;
	}
	ea_input_set_status(
	    in, EA_IN_MALFORMED,
	    "no \"kexec-tools X.Y.Z\" string: not a kexec-tools "
	    "binary, or one that does not say its version");
}
