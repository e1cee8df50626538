/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A JSON report read back as a baseline (corpus/rdoc.c): anyone's file.
 * Either it is read, and then compared with itself it is "no change" and
 * both forms of the comparison are written (the JSON one parses), or the
 * error names the file.
 */
#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "corpus/diff.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ea_rdoc d;
	char *err = NULL;
	if (!ea_rdoc_parse(&d, "old.json", (const char *)data, size, &err)) {
		if (!err || strncmp(err, "old.json", 8) != 0)
			__builtin_trap();
		free(err);
		ea_rdoc_free(&d);
		return 0;
	}
	struct ea_gate g;
	ea_gate_init(&g);
	struct ea_diff x;
	ea_diff_make(&x, &d, &d, &g);
	if (x.changes || x.regressions || ea_diff_status(&x))
		__builtin_trap();
	char *buf = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&buf, &len);
	if (m) {
		ea_diff_text(m, &x, "now");
		if (ea_diff_json(m, &x, "now") != 0)
			__builtin_trap();
		fclose(m);
		/* the JSON document follows the text's lines */
		const char *j = buf ? strstr(buf, "{\n") : NULL;
		json_object *o = j ? json_tokener_parse(j) : NULL;
		if (!o)
			__builtin_trap();
		json_object_put(o);
		free(buf);
	}
	ea_diff_free(&x);
	ea_gate_free(&g);
	ea_rdoc_free(&d);
	return 0;
}
