/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The MANIFEST of a snapshot: see manifest.h; the writer is
 * scripts/collect.sh (its hdr() and record()).
 */
#include "read/manifest.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "core/text.h"

/* The header keys kept, and where. */
static const struct {
	const char *key;
	size_t off;
} keys[] = {
	{ "collector", offsetof(struct ea_manifest, collector) },
	{ "date", offsetof(struct ea_manifest, date) },
	{ "kernel", offsetof(struct ea_manifest, kernel) },
	{ "user", offsetof(struct ea_manifest, user) },
	{ "lockdown", offsetof(struct ea_manifest, lockdown) },
	{ "efi", offsetof(struct ea_manifest, efi) },
	{ "efi=debug", offsetof(struct ea_manifest, efi_debug) },
	{ "kexec-tools", offsetof(struct ea_manifest, kexec_tools) },
	{ "efiresv-audit", offsetof(struct ea_manifest, efiresv_audit) },
	{ "acpidump", offsetof(struct ea_manifest, acpidump) },
};

/* Keys that collect.sh writes and the report leaves out: "snapshot" says
 * only what the file is, "hostname" names a machine in a public report. */
static const char *const skipped[] = { "snapshot", "hostname" };

/* At most EA_MANIFEST_MAX_VALUE bytes of s[0, n), not cut inside a
 * character, "..." when cut. */
static const char *value(struct ea_manifest *m, const char *s, size_t n)
{
	if (n <= EA_MANIFEST_MAX_VALUE)
		return ea_strpool_mem(&m->strings, s, n);
	size_t k = ea_text_cut(s, n, EA_MANIFEST_MAX_VALUE);
	char buf[EA_MANIFEST_MAX_VALUE + 4];

	memcpy(buf, s, k);
	memcpy(buf + k, "...", 3);
	return ea_strpool_mem(&m->strings, buf, k + 3);
}

/* A key is what collect.sh's hdr() writes: letters, digits, '=', '-',
 * '_' and '.', then ": " (or ':' at the end of the line). Returns the
 * key's length, 0 when the line is not of that form. */
static size_t key_len(const char *s, size_t n)
{
	size_t i = 0;

	while (i < n && i <= 64 &&
	       ((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z') ||
		(s[i] >= '0' && s[i] <= '9') || s[i] == '=' || s[i] == '-' ||
		s[i] == '_' || s[i] == '.'))
		i++;
	if (i == 0 || i > 64 || i >= n || s[i] != ':')
		return 0;
	if (i + 1 < n && s[i + 1] != ' ')
		return 0;
	return i;
}

/* "uid N..." (collect.sh: "uid 0 (root)", "uid 1000, not root: ..."). */
static void user_uid(struct ea_manifest *m, const char *v, size_t n,
		     struct ea_evid ev)
{
	uint64_t uid;
	size_t k;

	if (m->user || n < 5 || memcmp(v, "uid ", 4) ||
	    !(k = ea_parse_dec(v + 4, n - 4, &uid)) || uid > UINT32_MAX ||
	    (4 + k < n && v[4 + k] >= '0' && v[4 + k] <= '9'))
		return;
	m->uid_known = true;
	m->uid = (unsigned)uid;
	m->user_ev = ev;
}

static bool header_line(struct ea_manifest *m, const char *s, size_t n,
			struct ea_evid ev, bool *kept)
{
	size_t k = key_len(s, n);

	if (!k)
		return false;
	const char *v = s + k + 1;
	size_t vn = n - k - 1;

	if (vn && *v == ' ') {
		v++;
		vn--;
	}
	for (size_t i = 0; i < sizeof(skipped) / sizeof(*skipped); i++)
		if (strlen(skipped[i]) == k && !memcmp(s, skipped[i], k)) {
			*kept = true;
			return true;
		}
	if (k == 6 && !memcmp(s, "config", 6)) {
		*EA_VEC_PUSH(m->config) = value(m, v, vn);
		*kept = true;
		return true;
	}
	if (k == 4 && !memcmp(s, "user", 4))
		user_uid(m, v, vn, ev);
	for (size_t i = 0; i < sizeof(keys) / sizeof(*keys); i++) {
		if (strlen(keys[i].key) != k || memcmp(s, keys[i].key, k))
			continue;
		const char **slot = (const char **)((char *)m + keys[i].off);
		if (!*slot)
			*slot = value(m, v, vn);
		*kept = true;
	}
	return true; /* a key of a later collector: skipped */
}

/* "path<TAB>status[<TAB>reason]": false when it is not of that form. */
static bool item_line(struct ea_manifest *m, const struct ea_input *in,
		      uint32_t lineno, const char *s, size_t n)
{
	const char *t1 = memchr(s, '\t', n);

	if (!t1 || t1 == s)
		return false;
	const char *st = t1 + 1;
	size_t rest = n - (size_t)(st - s);
	const char *t2 = memchr(st, '\t', rest);
	size_t stn = t2 ? (size_t)(t2 - st) : rest;

	if (!stn)
		return false;
	struct ea_manifest_item *it = EA_VEC_PUSH(m->items);

	it->path = value(m, s, (size_t)(t1 - s));
	it->status = value(m, st, stn);
	if (t2 && t2 + 1 < s + n)
		it->reason = value(m, t2 + 1, (size_t)(s + n - (t2 + 1)));
	it->ev = ea_evid_line(in, lineno, s, n);
	return true;
}

void ea_manifest_parse(const struct ea_input *in, struct ea_manifest *out,
		       struct ea_diags *diags)
{
	memset(out, 0, sizeof(*out));
	if (in->status != EA_IN_OK || !in->data)
		return;
	struct ea_line_iter it;
	const char *s;
	size_t n;
	bool items = false, kept = false, full = false;

	ea_line_iter_init(&it, in->data, in->len);
	while (ea_line_next(&it, &s, &n)) {
		struct ea_evid ev = ea_evid_line(in, it.lineno, s, n);

		if (!n) {
			items = true; /* the blank line before the items */
			continue;
		}
		if (memchr(s, '\0', n)) {
			ea_diag_add(diags, ev,
				    "a NUL byte in a MANIFEST line; line "
				    "skipped");
			continue;
		}
		if (!items && header_line(out, s, n, ev, &kept))
			continue;
		/* the items' column names, then the items (a line with a
		 * tab before the blank one is an item too) */
		if (n == 18 && !memcmp(s, "item\tstatus\treason", 18)) {
			items = true;
			continue;
		}
		if (full)
			continue;
		if (out->items.n >= EA_MANIFEST_MAX_ITEMS) {
			ea_diag_add(diags, ev,
				    "more than %u MANIFEST items; the rest "
				    "ignored",
				    EA_MANIFEST_MAX_ITEMS);
			full = true;
			continue;
		}
		if (item_line(out, in, it.lineno, s, n)) {
			items = true;
			continue;
		}
		ea_diag_add(diags, ev,
			    items ? "not a MANIFEST item line "
				    "(\"PATH<TAB>STATUS[<TAB>REASON]\"); "
				    "line skipped"
				  : "not a MANIFEST header line (\"key: "
				    "value\"); line skipped");
	}
	out->known = kept || out->items.n;
}

const struct ea_manifest_item *ea_manifest_item(const struct ea_manifest *m,
						const char *path)
{
	for (size_t i = 0; i < m->items.n; i++)
		if (!strcmp(m->items.v[i].path, path))
			return &m->items.v[i];
	return NULL;
}

bool ea_manifest_item_ok(const struct ea_manifest_item *it)
{
	return it && !strcmp(it->status, "ok");
}

void ea_manifest_free(struct ea_manifest *m)
{
	EA_VEC_FREE(m->config);
	EA_VEC_FREE(m->items);
	ea_strpool_free(&m->strings);
}
