/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The kexec-tools version: which /proc/iomem ranges kexec_load can use on
 * arm64 depends on it (2.0.20 and older take System RAM whole; 2.0.21,
 * f736104, keeps off its `reserved` children). It is known from the
 * --kexec-tools option ("2.0.20", "1:2.0.25-3+deb12u3"), from a snapshot's
 * MANIFEST, where collect.sh writes what `kexec --version` printed
 * ("kexec-tools 2.0.25 (/sbin/kexec)"), or, on the running system, from the
 * kexec binary itself: `kexec --version` prints PACKAGE_STRING
 * ("kexec-tools 2.0.25", kexec/kexec.c print_version()), a string the
 * binary holds.
 */
#ifndef EA_KEXECBIN_H
#define EA_KEXECBIN_H

#include <stdbool.h>

#include "core/input.h"

struct ea_kexec_tools {
	bool known;
	unsigned major, minor, patch;
	size_t off; /* where the binary holds it, when read from one */
};

/* A kexec-tools version in s: "2.0.25", "v2.0.20", a Debian version with
 * an epoch and a revision ("1:2.0.25-3+deb12u3"), or the text that starts
 * with "kexec-tools " ("kexec-tools 2.0.25 (/sbin/kexec)"). false when s
 * is none of these. */
bool ea_kexec_tools_parse(const char *s, unsigned *major, unsigned *minor,
			  unsigned *patch);

/* The version the kexec binary loaded in in holds: the first
 * "kexec-tools X.Y.Z" followed by a NUL; a binary without one leaves
 * out->known false and in malformed, with the reason. */
void ea_kexec_bin_parse(struct ea_input *in, struct ea_kexec_tools *out);

#endif
