// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Small text inputs:
 *  - /proc/version: init/version.c linux_proc_banner,
 *    "Linux version %s (%s@%s) (%s) %s\n" with the release (utsname) first;
 *  - /proc/cmdline: the boot command line and "\n";
 *  - /sys/firmware/memmap/N/{start,end,type} (drivers/firmware/memmap.c,
 *    kernel-formats.md §7.3): "0x%llx\n", "0x%llx\n" (inclusive end) and
 *    "%s\n" with the e820 type names; x86 only, the table kexec-tools
 *    reads there (kexec-tools-placement.md §6.1).
 */
#include "procinfo.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util.h"

/* Far more than an e820 table (128 + 3 * MAX_NUMNODES entries) plus memory
 * hotplug adds; past it the directory is not a plausible firmware memmap. */
#define FW_MEMMAP_MAX_ENTRIES 1000000u
/* "0x" + 16 digits + "\n", or a type name ("Persistent Memory (legacy)"),
 * with room to see that a file is longer than it may be. */
#define FW_FILE_MAX 128

char *ea_version_release(const struct ea_input *in)
{
	static const char key[] = "Linux version ";
	size_t off, end;

	if (!in || !in->data)
		return NULL;
	off = ea_find(in->data, in->len, key);
	if (off == (size_t)-1)
		return NULL;
	off += sizeof(key) - 1;
	for (end = off; end < in->len; end++) {
		char c = in->data[end];

		if (c == ' ' || c == '\t' || c == '\n' || c == '\r' ||
		    c == '\0')
			break;
	}
	if (end == off)
		return NULL;
	return ea_xstrndup(in->data + off, end - off);
}

static bool read_uint(const char **s, unsigned *out)
{
	uint64_t v;
	size_t k = ea_parse_dec(*s, strlen(*s), &v);

	if (k == 0 || v > UINT_MAX)
		return false;
	*out = (unsigned)v;
	*s += k;
	return true;
}

/*
 * "6.1.0-56-cloud-arm64" → 6.1.0, "5.4.0-rc7" → 5.4.0, "6.18-rc7" → 6.18.0
 * (a release before its first stable update has no third number).
 */
bool ea_release_numbers(const char *release, unsigned *major, unsigned *minor,
			unsigned *patch)
{
	const char *s = release;
	unsigned ma, mi, pa = 0;

	if (!s || !read_uint(&s, &ma) || *s != '.')
		return false;
	s++;
	if (!read_uint(&s, &mi))
		return false;
	if (*s == '.' && s[1] >= '0' && s[1] <= '9') {
		s++;
		if (!read_uint(&s, &pa))
			return false;
	}
	if (major)
		*major = ma;
	if (minor)
		*minor = mi;
	if (patch)
		*patch = pa;
	return true;
}

char *ea_cmdline_text(const struct ea_input *in)
{
	size_t n;
	const char *nl;

	if (!in || !in->data)
		return NULL;
	nl = memchr(in->data, '\n', in->len);
	n = nl ? (size_t)(nl - in->data) : in->len;
	if (n && in->data[n - 1] == '\r')
		n--;
	return ea_xstrndup(in->data, n);
}

/* --- /sys/firmware/memmap --------------------------------------------- */

static struct ea_evid no_line(const struct ea_input *in)
{
	struct ea_evid e = { 0 };

	e.in = in;
	return e;
}

/*
 * A sysfs attribute: small, so one read into buf (NUL-terminated). Not
 * O_RDONLY alone: O_NONBLOCK and the S_ISREG check keep a FIFO or device
 * planted in a snapshot from hanging or steering the read.
 */
static bool read_small(const char *path, char *buf, size_t cap, size_t *len,
		       const char **why)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	struct stat st;
	size_t got = 0;

	if (fd < 0) {
		*why = strerror(errno);
		return false;
	}
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		*why = "not a regular file";
		close(fd);
		return false;
	}
	while (got < cap - 1) {
		ssize_t r = read(fd, buf + got, cap - 1 - got);

		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			*why = strerror(errno);
			close(fd);
			return false;
		}
		if (r == 0)
			break;
		got += (size_t)r;
	}
	close(fd);
	if (got == cap - 1) {
		*why = "longer than a sysfs memmap attribute can be";
		return false;
	}
	buf[got] = '\0';
	*len = got;
	return true;
}

/* "0x%llx\n": the newline is optional (a copy may have lost it). */
static bool parse_addr_file(const char *buf, size_t len, uint64_t *out)
{
	size_t k = ea_parse_0xhex(buf, len, out);

	if (k == 0)
		return false;
	if (k < len && buf[k] == '\n')
		k++;
	return k == len;
}

static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

static int cmp_entry(const void *a, const void *b)
{
	const struct ea_fw_memmap_entry *x = a, *y = b;
	int c = ea_range_cmp(&x->r, &y->r);

	if (c)
		return c;
	return x->index < y->index ? -1 : x->index > y->index;
}

/* The canonical decimal of a uint32_t: "0", "15", not "015" or "+1". */
static bool dir_index(const char *name, uint32_t *out)
{
	uint64_t v;
	size_t n = strlen(name);

	if (n == 0 || n > 10 || (n > 1 && name[0] == '0'))
		return false;
	if (ea_parse_dec(name, n, &v) != n || v > UINT32_MAX)
		return false;
	*out = (uint32_t)v;
	return true;
}

/*
 * Reads DIR/N/{start,end,type} into e. On failure adds a diag naming the
 * file and copies its path into bad (the first one becomes the input's
 * detail when nothing could be read).
 */
static bool read_entry(struct ea_input *in, const char *dir, uint32_t idx,
		       char *path, size_t path_cap,
		       struct ea_fw_memmap_entry *e, struct ea_diags *diags)
{
	static const char *const files[] = { "start", "end", "type" };
	char buf[3][FW_FILE_MAX];
	size_t len[3];
	uint64_t start = 0, end = 0;
	const char *why;

	for (int i = 0; i < 3; i++) {
		snprintf(path, path_cap, "%s/%u/%s", dir, idx, files[i]);
		if (!read_small(path, buf[i], sizeof(buf[i]), &len[i], &why)) {
			ea_diag_add(diags, no_line(in),
				    "%s: %s; entry %u ignored", path, why, idx);
			return false;
		}
	}
	snprintf(path, path_cap, "%s/%u/start", dir, idx);
	if (!parse_addr_file(buf[0], len[0], &start)) {
		ea_diag_add(diags, no_line(in),
			    "%s: expected \"0x<hex>\\n\"; entry %u ignored",
			    path, idx);
		return false;
	}
	snprintf(path, path_cap, "%s/%u/end", dir, idx);
	if (!parse_addr_file(buf[1], len[1], &end)) {
		ea_diag_add(diags, no_line(in),
			    "%s: expected \"0x<hex>\\n\"; entry %u ignored",
			    path, idx);
		return false;
	}
	if (!ea_range_make(start, end, &e->r)) {
		ea_diag_add(diags, no_line(in),
			    "%s: end 0x%llx is below start 0x%llx; expected "
			    "an inclusive end; entry %u ignored",
			    path, (unsigned long long)end,
			    (unsigned long long)start, idx);
		return false;
	}

	/* type: "%s\n"; it becomes part of a listing line, so it must be
	 * one line of printable text that fits the entry. */
	snprintf(path, path_cap, "%s/%u/type", dir, idx);
	size_t tl = len[2];

	if (tl && buf[2][tl - 1] == '\n')
		tl--;
	if (tl == 0 || tl >= sizeof(e->type)) {
		ea_diag_add(diags, no_line(in),
			    "%s: expected an e820 type name of 1 to %zu "
			    "characters; entry %u ignored",
			    path, sizeof(e->type) - 1, idx);
		return false;
	}
	for (size_t i = 0; i < tl; i++) {
		unsigned char c = (unsigned char)buf[2][i];

		if (c < 0x20 || c == 0x7f) {
			ea_diag_add(diags, no_line(in),
				    "%s: control byte 0x%02x in the type; "
				    "expected one line of text; entry %u "
				    "ignored",
				    path, c, idx);
			return false;
		}
	}
	memcpy(e->type, buf[2], tl);
	e->type[tl] = '\0';
	e->index = idx;
	return true;
}

bool ea_fw_memmap_read(struct ea_input *in, const char *dir,
		       struct ea_fw_memmap *out, struct ea_diags *diags)
{
	EA_VEC(uint32_t) idx = { 0 };
	struct dirent *de;
	DIR *d;
	bool capped = false;

	memset(out, 0, sizeof(*out));
	free(in->path);
	in->path = ea_xstrdup(dir);

	d = opendir(dir);
	if (!d) {
		int e = errno;

		ea_input_set_status(
		    in, e == ENOENT ? EA_IN_ABSENT : EA_IN_UNREADABLE, "%s%s",
		    strerror(e), e == ENOENT ? " (it exists on x86 only)" : "");
		return false;
	}
	while ((de = readdir(d)) != NULL) {
		uint32_t v;

		if (!dir_index(de->d_name, &v))
			continue; /* ".", "..", anything not an entry */
		if (idx.n == FW_MEMMAP_MAX_ENTRIES) {
			capped = true;
			break;
		}
		*EA_VEC_PUSH(idx) = v;
	}
	closedir(d);
	if (capped)
		ea_diag_add(diags, no_line(in),
			    "%s: more than %u entries; the rest ignored", dir,
			    FW_MEMMAP_MAX_ENTRIES);
	if (idx.n == 0) {
		EA_VEC_FREE(idx);
		ea_input_set_data(in, "", 0);
		ea_input_set_status(in, EA_IN_MALFORMED,
				    "no numbered entry directory");
		return false;
	}
	ea_sort(idx.v, idx.n, sizeof(*idx.v), cmp_u32);

	size_t cap = strlen(dir) + 32;
	char *path = ea_xrealloc(NULL, cap, 1);
	char *first_bad = NULL;

	for (size_t i = 0; i < idx.n; i++) {
		struct ea_fw_memmap_entry e = { 0 };

		if (read_entry(in, dir, idx.v[i], path, cap, &e, diags))
			*EA_VEC_PUSH(out->entries) = e;
		else if (!first_bad)
			first_bad = ea_xstrdup(path);
	}
	EA_VEC_FREE(idx);
	free(path);

	/* What a loader sees is an address-ordered table. */
	if (out->entries.n > 1)
		ea_sort(out->entries.v, out->entries.n, sizeof(*out->entries.v),
			cmp_entry);

	/* The listing, so evidence can name "line k" like any file. */
	EA_VEC(char) text = { 0 };
	size_t *off = ea_xcalloc(out->entries.n, sizeof(*off));

	for (size_t i = 0; i < out->entries.n; i++) {
		const struct ea_fw_memmap_entry *e = &out->entries.v[i];
		char line[128];
		int k = snprintf(line, sizeof(line), "%u 0x%llx-0x%llx %s\n",
				 e->index, (unsigned long long)e->r.first,
				 (unsigned long long)e->r.last, e->type);

		/* Cannot truncate: 10 + 2 * 18 + 39 + 4 bytes at most. */
		off[i] = text.n;
		ea_vec_grow((void **)&text.v, &text.cap, text.n + (size_t)k, 1);
		memcpy(text.v + text.n, line, (size_t)k);
		text.n += (size_t)k;
	}
	ea_input_set_data(in, text.v ? text.v : "", text.n);
	EA_VEC_FREE(text);
	for (size_t i = 0; i < out->entries.n; i++) {
		size_t end = i + 1 < out->entries.n ? off[i + 1] : in->len;

		out->entries.v[i].ev = ea_evid_line(
		    in, (uint32_t)(i + 1), in->data + off[i], end - off[i] - 1);
	}
	free(off);

	if (out->entries.n == 0) {
		ea_input_set_status(in, EA_IN_MALFORMED,
				    "no readable entry (first: %s)",
				    first_bad ? first_bad : dir);
		free(first_bad);
		return false;
	}
	free(first_bad);
	return true;
}

void ea_fw_memmap_free(struct ea_fw_memmap *m)
{
	EA_VEC_FREE(m->entries);
}
