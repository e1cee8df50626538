/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What the tool is: its version (CMake's project version) and the git
 * commit it was built from. The commit is taken when CMake configures the
 * build ("git describe --always --dirty --abbrev=12" in the source tree;
 * the build configures again whenever the checkout's HEAD moves) and is
 * NULL for a build from a tarball of the source, with no git.
 */
#ifndef EA_VERSION_H
#define EA_VERSION_H

const char *ea_tool_version(void);
const char *ea_tool_commit(void);

#endif
