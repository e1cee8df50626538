/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A snapshot's MANIFEST, as scripts/collect.sh writes it (shared
 * SNAPSHOT.md): "key: value" lines about the machine and the collection
 * (collector, date, kernel, user, lockdown, efi, efi=debug, kexec-tools,
 * efiresv-audit, acpidump, one config line per option), a blank line, then
 * "item<TAB>status<TAB>reason" and one tab-separated line per item: its
 * path in the snapshot ("proc/iomem", "mem/" for a directory), whether it
 * was read ("ok", "absent", "EACCES", "zeroed", ...), and why not.
 *
 * The file comes from whoever made the snapshot: keys the reader does not
 * know are skipped (a later collector may add some), a line that is neither
 * form is a diagnostic with its line, a value is kept to
 * EA_MANIFEST_MAX_VALUE bytes (then "..."), at most EA_MANIFEST_MAX_ITEMS
 * items are kept, and a file in which no line is of either form is not a
 * MANIFEST (one error, no diagnostics).
 */
#ifndef EA_MANIFEST_H
#define EA_MANIFEST_H

#include <stdbool.h>
#include <stddef.h>

#include "core/input.h"
#include "core/util.h"

#define EA_MANIFEST_MAX_VALUE 512
#define EA_MANIFEST_MAX_ITEMS (1u << 20)

struct ea_manifest_item {
	const char *path;   /* as written: "proc/iomem", "mem/" */
	const char *status; /* "ok", "absent", "EACCES", "not mounted", ... */
	const char *reason; /* NULL when the line has none */
	struct ea_evid ev;
};

struct ea_manifest {
	bool known; /* a MANIFEST was read: a line of either form */
	/* the header's values (the first line of each key), NULL when the
	 * key is not there; the text after "key: " */
	const char *collector, *date, *kernel, *user, *lockdown, *efi,
	    *efi_debug, *kexec_tools, *efiresv_audit, *acpidump;
	EA_VEC(const char *) config; /* every "config:" line, in order */
	/* the collector's user, from "user: uid N...": uid_known false when
	 * the line is missing or says no uid; its line */
	bool uid_known;
	unsigned uid;
	struct ea_evid user_ev;
	EA_VEC(struct ea_manifest_item) items;
	struct ea_strpool strings;
};

/* Parses a loaded MANIFEST; what cannot be read goes to diags with its
 * line. A text with no line of a MANIFEST leaves known false and adds no
 * diagnostic (the caller says so once). */
void ea_manifest_parse(const struct ea_input *in, struct ea_manifest *out,
		       struct ea_diags *diags);
/* The first item whose path is path, or NULL. */
const struct ea_manifest_item *ea_manifest_item(const struct ea_manifest *m,
						const char *path);
/* An item's status says it was read ("ok"). */
bool ea_manifest_item_ok(const struct ea_manifest_item *it);
void ea_manifest_free(struct ea_manifest *m);

#endif
