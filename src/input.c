/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "input.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

const char *ea_input_status_name(enum ea_input_status s)
{
	switch (s) {
	case EA_IN_OK:
		return "ok";
	case EA_IN_ABSENT:
		return "absent";
	case EA_IN_UNREADABLE:
		return "unreadable";
	case EA_IN_ZEROED:
		return "zeroed";
	case EA_IN_MALFORMED:
		return "malformed";
	}
	return "unreadable";
}

struct ea_evid ea_evid_line(const struct ea_input *in, uint32_t line,
			    const char *text, size_t len)
{
	struct ea_evid e = { in, line, 0, 0 };
	if (in && in->data && text >= in->data &&
	    text + len <= in->data + in->len &&
	    (size_t)(text - in->data) + len <= UINT32_MAX) {
		e.off = (uint32_t)(text - in->data);
		e.len = (uint32_t)len;
	}
	return e;
}

void ea_diag_add(struct ea_diags *d, struct ea_evid ev, const char *fmt, ...)
{
	struct ea_diag *x = EA_VEC_PUSH(*d);
	va_list ap;
	va_start(ap, fmt);
	x->msg = ea_xvasprintf(fmt, ap);
	va_end(ap);
	x->ev = ev;
}

void ea_diags_free(struct ea_diags *d)
{
	for (size_t i = 0; i < d->n; i++)
		free(d->v[i].msg);
	EA_VEC_FREE(*d);
}

void ea_input_set_status(struct ea_input *in, enum ea_input_status st,
			 const char *fmt, ...)
{
	in->status = st;
	free(in->detail);
	in->detail = NULL;
	if (fmt) {
		va_list ap;
		va_start(ap, fmt);
		in->detail = ea_xvasprintf(fmt, ap);
		va_end(ap);
	}
}

void ea_input_set_data(struct ea_input *in, const char *data, size_t len)
{
	free(in->data);
	in->data = ea_xrealloc(NULL, len + 1, 1);
	if (len)
		memcpy(in->data, data, len);
	in->data[len] = '\0';
	in->len = len;
	in->cap = len + 1;
	in->lines = 0;
	in->status = EA_IN_OK;
}

void ea_input_adopt(struct ea_input *in, char *buf, size_t len)
{
	free(in->data);
	in->data = buf;
	in->data[len] = '\0';
	in->len = len;
	in->cap = len + 1;
	in->lines = 0;
	in->status = EA_IN_OK;
}

bool ea_input_load_file(struct ea_input *in, const char *path)
{
	free(in->path);
	in->path = ea_xstrdup(path);
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	if (fd < 0) {
		int e = errno;
		ea_input_set_status(
		    in, e == ENOENT ? EA_IN_ABSENT : EA_IN_UNREADABLE, "%s",
		    strerror(e));
		return false;
	}
	struct stat st;
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		ea_input_set_status(in, EA_IN_UNREADABLE, "not a regular file");
		close(fd);
		return false;
	}
	/* a regular file that says it is too large is refused unread
	 * (procfs and sysfs files say 0 or 4096 and are read to the end) */
	if ((uint64_t)st.st_size > EA_MAX_INPUT_BYTES) {
		close(fd);
		ea_input_set_status(in, EA_IN_UNREADABLE,
				    "larger than the limit of %zu bytes",
				    EA_MAX_INPUT_BYTES);
		return false;
	}
	size_t cap = st.st_size > 0 ? (size_t)st.st_size + 1 : 4096, len = 0;
	if (cap > EA_MAX_INPUT_BYTES + 1)
		cap = EA_MAX_INPUT_BYTES + 1;
	char *buf = ea_xrealloc(NULL, cap, 1);
	for (;;) {
		if (len == cap) {
			if (cap > EA_MAX_INPUT_BYTES) {
				free(buf);
				close(fd);
				ea_input_set_status(
				    in, EA_IN_UNREADABLE,
				    "larger than the limit of %zu bytes",
				    EA_MAX_INPUT_BYTES);
				return false;
			}
			cap *= 2;
			if (cap > EA_MAX_INPUT_BYTES + 1)
				cap = EA_MAX_INPUT_BYTES + 1;
			buf = ea_xrealloc(buf, cap, 1);
		}
		ssize_t r = read(fd, buf + len, cap - len);
		if (r < 0) {
			if (errno == EINTR)
				continue;
			int e = errno;
			free(buf);
			close(fd);
			ea_input_set_status(in, EA_IN_UNREADABLE, "%s",
					    strerror(e));
			return false;
		}
		if (r == 0)
			break;
		len += (size_t)r;
	}
	close(fd);
	if (len > EA_MAX_INPUT_BYTES) {
		free(buf);
		ea_input_set_status(in, EA_IN_UNREADABLE,
				    "larger than the limit of %zu bytes",
				    EA_MAX_INPUT_BYTES);
		return false;
	}
	ea_input_adopt(in, buf, len); /* the loop left len < cap */
	return true;
}

void ea_input_free(struct ea_input *in)
{
	free(in->path);
	free(in->detail);
	free(in->data);
	memset(in, 0, sizeof(*in));
}

struct ea_evid ea_listing_add(struct ea_input *l, const char *fmt, ...)
{
	char buf[512];
	va_list ap;
	va_start(ap, fmt);
	int r = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	size_t n = r < 0		     ? 0
		   : (size_t)r < sizeof(buf) ? (size_t)r
					     : sizeof(buf) - 1;
	if (l->len + n + 2 > l->cap) {
		size_t nc = l->cap ? l->cap : 4096;
		while (nc < l->len + n + 2)
			nc *= 2;
		l->data = ea_xrealloc(l->data, nc, 1);
		l->cap = nc;
	}
	size_t off = l->len;
	memcpy(l->data + off, buf, n);
	l->data[off + n] = '\n';
	l->data[off + n + 1] = '\0';
	l->len += n + 1;
	l->status = EA_IN_OK;
	struct ea_evid e = { l, ++l->lines, 0, 0 };
	if (off + n <= UINT32_MAX) {
		e.off = (uint32_t)off;
		e.len = (uint32_t)n;
	}
	return e;
}
