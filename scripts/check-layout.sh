#!/bin/sh
# The house rules that a compiler does not check (README, Layout):
#  - the folders are floors, each including only its own and the floors
#    below it: core/ < read/ < model/ < whatif/ < check/ < pipeline.h <
#    report/ < corpus/. So core/ includes nothing of the project outside
#    core/, a reader (read/) knows no model, check or report, the model
#    knows no what-if or check, only the emitters, the comparisons and the
#    CLI see the whole audit (pipeline.h), and an emitter knows nothing of
#    baselines and corpora;
#  - no ea_finding_add call names its check by a string literal (a check's
#    id is written once, in its EA_CHECK entry);
#  - a binary field is read only through core/bytes.h (a bounded read whose
#    failure is handled where it is read): no raw ea_le16/32/64() load in
#    src/ outside core/bytes, and in src/read/ no cast of a pointer to a
#    multi-byte integer type (*(const uint32_t *)p, ((uint64_t *)b)[i]) nor
#    a byte-order helper (fdt32_to_cpu, le32toh, __builtin_bswap32, ...).
# Prints each breach with file and line; exits 1 when there is one.
set -eu
top=${1:-$(cd "$(dirname "$0")/.." && pwd)}
cd "$top"
bad=0
# floor: the folders (and pipeline.h) whose headers it may include
below() {
	case $1 in
	core) echo 'core/' ;;
	read) echo 'core/\|read/' ;;
	model) echo 'core/\|read/\|model/' ;;
	whatif) echo 'core/\|read/\|model/\|whatif/' ;;
	check) echo 'core/\|read/\|model/\|whatif/\|check/' ;;
	report) echo 'core/\|read/\|model/\|whatif/\|check/\|pipeline\.h"\|report/' ;;
	corpus) echo 'core/\|read/\|model/\|whatif/\|check/\|pipeline\.h"\|report/\|corpus/' ;;
	esac
}
for floor in core read model whatif check report corpus; do
	for f in src/"$floor"/*.[ch]; do
		if grep -Hn '^#include "' "$f" |
			grep -v "#include \"\($(below "$floor")\)"; then
			echo "$f: includes a floor above $floor/"
			bad=1
		fi
	done
done
if grep -Hn '^#include "report/' src/pipeline.[ch]; then
	echo "src/pipeline: includes an emitter"
	bad=1
fi
# raw loads of binary fields
for f in $(find src -name '*.[ch]' ! -path 'src/core/bytes.[ch]' | sort); do
	if grep -Hn 'ea_le\(16\|32\|64\) *(' "$f"; then
		echo "$f: a raw ea_le16/32/64() load: read the field with core/bytes.h"
		bad=1
	fi
done
wide='\(u\?int\(16\|32\|64\)_t\|\(\(un\)\?signed[[:space:]]\+\)\?\(short\|int\|long\)\|unsigned\|s\?size_t\|fdt\(16\|32\|64\)_t\|efi_guid_t\)'
cast="([[:space:]]*\\(const[[:space:]]\\+\\)\\?\\(volatile[[:space:]]\\+\\)\\?$wide\\([[:space:]]\\+long\\)\\?[[:space:]]*\\*\\+[[:space:]]*)"
swap='\(fdt\|cpu_to_\)\?\(16\|32\|64\)_to_cpu\|\(le\|be\)\(16\|32\|64\)toh\|hto\(le\|be\)\(16\|32\|64\)\|bswap_\?\(16\|32\|64\)'
for f in src/read/*.[ch]; do
	if grep -Hn "$cast" "$f"; then
		echo "$f: a buffer read through a cast pointer: use core/bytes.h"
		bad=1
	fi
	if grep -Hn "$swap" "$f"; then
		echo "$f: a hand byte-order conversion: use core/bytes.h"
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
