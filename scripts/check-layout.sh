#!/bin/sh
# The house rules that a compiler does not check (README, Layout):
#  - src/core/ includes nothing of the project outside core/;
#  - src/read/ includes only core/ and read/ (no model/, whatif/, check/,
#    report/, nor the pipeline's audit.h): a reader knows no check;
#  - no ea_finding_add call names its check by a string literal (a check's
#    id is written once, in its EA_CHECK entry).
# Prints each breach with file and line; exits 1 when there is one.
set -eu
top=${1:-$(cd "$(dirname "$0")/.." && pwd)}
cd "$top"
bad=0
for f in src/core/*.[ch]; do
	if grep -Hn '^#include "' "$f" | grep -v '#include "core/'; then
		bad=1
	fi
done
for f in src/read/*.[ch]; do
	if grep -Hn '^#include "' "$f" | grep -v '#include "\(core\|read\)/'; then
		bad=1
	fi
done
# a call whose first argument after the audit is a string literal, even
# when the call is split over lines
lits=$(find src efiresv-audit -name '*.c' | while read -r f; do
	if tr '\n\t' '  ' <"$f" |
		grep -q 'ea_finding_add[a-z_]*( *[a-z_>.-]*, *"'; then
		echo "$f: an ea_finding_add call names its check by a string literal"
	fi
done)
if [ -n "$lits" ]; then
	echo "$lits"
	bad=1
fi
if [ "$bad" -ne 0 ]; then
	echo "check-layout: the house rules are broken (see above)" >&2
	exit 1
fi
echo "check-layout: clean"
