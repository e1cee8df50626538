/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The whole pipeline: parse → checks → both emitters. The input is a kernel
 * log optionally followed by sections that start with a marker line:
 *   "\n@@iomem\n", "\n@@memblock-memory\n", "\n@@memblock-reserved\n",
 *   "\n@@version\n"
 * Properties: nothing crashes, the JSON always parses and has the schema's
 * shape (verdict, addresses as 0x + 16 hex digits, inclusive ranges), a
 * report is never "clean" when the log is missing, and neither report holds
 * a byte a terminal would act on or a strict UTF-8 decoder would refuse.
 */
#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "pipeline.h"
#include "report/report.h"

static const struct {
	const char *marker;
	enum ea_input_id id;
} sections[] = {
	{ "\n@@iomem\n", EA_IN_IOMEM },
	{ "\n@@memblock-memory\n", EA_IN_MB_MEMORY },
	{ "\n@@memblock-reserved\n", EA_IN_MB_RESERVED },
	{ "\n@@version\n", EA_IN_VERSION },
};
#define NSECT (sizeof(sections) / sizeof(sections[0]))

static void fail(const char *why)
{
	fprintf(stderr, "pipeline property violated: %s\n", why);
	abort();
}

/* Valid UTF-8 (RFC 3629: no overlong form, surrogate or code point past
 * U+10FFFF) with no control character but TAB and LF, and no C1 control
 * (U+0080-U+009F) either. */
static void check_inert(const char *text, size_t len)
{
	const unsigned char *s = (const unsigned char *)text;
	for (size_t i = 0; i < len;) {
		unsigned c = s[i];
		if (c < 0x80) {
			if ((c < 0x20 && c != '\t' && c != '\n') || c == 0x7f)
				fail("a control byte in a report");
			i++;
			continue;
		}
		size_t k = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 0;
		if (!k || c > 0xf4 || c < 0xc2 || i + k > len)
			fail("invalid UTF-8 in a report");
		uint32_t cp = c & (0x7f >> k);
		for (size_t j = 1; j < k; j++) {
			if ((s[i + j] & 0xc0) != 0x80)
				fail("invalid UTF-8 in a report");
			cp = cp << 6 | (s[i + j] & 0x3f);
		}
		if ((k == 3 && cp < 0x800) || (k == 4 && cp < 0x10000) ||
		    cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
			fail("invalid UTF-8 in a report");
		if (cp <= 0x9f)
			fail("a C1 control in a report");
		i += k;
	}
}

static void check_addr(json_object *o, const char *key, bool required)
{
	json_object *v;
	if (!json_object_object_get_ex(o, key, &v)) {
		if (required)
			fail(key);
		return;
	}
	const char *s = json_object_get_string(v);
	if (!s || strlen(s) != 18 || s[0] != '0' || s[1] != 'x')
		fail("address format");
	for (int i = 2; i < 18; i++)
		if (!((s[i] >= '0' && s[i] <= '9') ||
		      (s[i] >= 'a' && s[i] <= 'f')))
			fail("address digits");
}

static void check_json(const char *text, size_t len, bool have_dmesg)
{
	json_tokener *tok = json_tokener_new();
	json_object *root = json_tokener_parse_ex(tok, text, (int)len);
	if (!root || json_tokener_get_error(tok) != json_tokener_success)
		fail("JSON does not parse");
	json_tokener_free(tok);
	json_object *v;
	if (!json_object_object_get_ex(root, "verdict", &v))
		fail("no verdict");
	const char *verdict = json_object_get_string(v);
	if (strcmp(verdict, "clean") && strcmp(verdict, "escape") &&
	    strcmp(verdict, "incomplete") && strcmp(verdict, "error"))
		fail("verdict value");
	if (!have_dmesg && strcmp(verdict, "clean") == 0)
		fail("clean without a kernel log");
	static const char *const keys[] = { "schema_version", "system",
					    "inputs",	      "loader_views",
					    "protected",      "findings" };
	for (size_t i = 0; i < sizeof(keys) / sizeof(*keys); i++)
		if (!json_object_object_get_ex(root, keys[i], &v))
			fail(keys[i]);
	json_object_object_get_ex(root, "protected", &v);
	for (size_t i = 0; i < json_object_array_length(v); i++) {
		json_object *p = json_object_array_get_idx(v, i);
		check_addr(p, "first", true);
		check_addr(p, "last", true);
		json_object *f, *l;
		json_object_object_get_ex(p, "first", &f);
		json_object_object_get_ex(p, "last", &l);
		if (strcmp(json_object_get_string(f),
			   json_object_get_string(l)) > 0)
			fail("first > last");
	}
	json_object_object_get_ex(root, "findings", &v);
	for (size_t i = 0; i < json_object_array_length(v); i++) {
		json_object *p = json_object_array_get_idx(v, i);
		check_addr(p, "first", false);
		check_addr(p, "last", false);
	}
	json_object_put(root);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data;
	struct ea_audit a;
	ea_audit_init(&a);
	/* cut the input at the markers, in any order */
	size_t start[NSECT + 1], end[NSECT + 1];
	enum ea_input_id ids[NSECT + 1];
	size_t n = 0, pos = 0;
	ids[0] = EA_IN_DMESG;
	start[0] = 0;
	for (;;) {
		size_t best = size, which = 0;
		for (size_t k = 0; k < NSECT; k++) {
			size_t off =
			    ea_find(s + pos, size - pos, sections[k].marker);
			if (off != (size_t)-1 && pos + off < best) {
				best = pos + off;
				which = k;
			}
		}
		end[n] = best;
		if (best == size || n == NSECT)
			break;
		n++;
		ids[n] = sections[which].id;
		pos = start[n] = best + strlen(sections[which].marker);
	}
	if (end[n] > size)
		end[n] = size;
	bool have_dmesg = false;
	for (size_t i = 0; i <= n; i++) {
		if (end[i] < start[i])
			continue;
		struct ea_input *in = &a.src.in[ids[i]];
		ea_input_set_data(in, s + start[i], end[i] - start[i]);
		in->user_given = true;
		if (ids[i] == EA_IN_DMESG)
			have_dmesg = end[i] > start[i];
	}
	for (int i = 0; i < EA_NINPUTS; i++)
		if (!a.src.in[i].user_given)
			ea_input_set_status(&a.src.in[i], EA_IN_ABSENT,
					    "not given");
	ea_run(&a);

	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	if (!f || ea_emit_json(f, &a) != 0)
		fail("JSON emitter failed");
	fclose(f);
	check_inert(buf, len);
	check_json(buf, len, have_dmesg);
	free(buf);
	f = open_memstream(&buf, &len);
	ea_emit_text(f, &a);
	fclose(f);
	if (len == 0)
		fail("empty text report");
	check_inert(buf, len);
	free(buf);
	/* the long report, and the table alone in raw and pairs form */
	for (int form = 0; form < 3; form++) {
		struct ea_text_opts o = { .verbose = form == 0,
					  .table_only = form > 0,
					  .table = { .raw = form == 1,
						     .pairs = form == 2 } };
		f = open_memstream(&buf, &len);
		if (ea_emit_text_opts(f, &a, &o) != 0)
			fail("text emitter failed");
		fclose(f);
		check_inert(buf, len);
		free(buf);
	}
	ea_audit_free(&a);
	return 0;
}
