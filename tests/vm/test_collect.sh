#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# scripts/collect.sh on this machine: shellcheck, then collections as root
# (directory and tarball, under the system shell and under busybox alone)
# and as an unprivileged user, each checked against the machine itself:
# the MANIFEST must say truthfully what was read and why not, acpidump's
# mode included (this machine's, and two stand-in acpidumps: one that
# reads physical memory, one that cannot); not root, the collector warns,
# exits 2 (0 with -f), and the audit of that snapshot gives each missing
# input the MANIFEST's reason.
#
# Usage: test_collect.sh [EFIRESV_AUDIT]   (prints "N passed, N failed")
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
collect=$top/scripts/collect.sh
tool=${1-}
# the tests run in a temporary directory: the tool's path from here
case $tool in
'' | /*) ;;
*) tool=$(pwd)/$tool ;;
esac
pass=0
fail=0
path0=$PATH
ok() {
	pass=$((pass + 1))
}
bad() {
	fail=$((fail + 1))
	echo "FAIL: $*" >&2
}
check() { # description, then a command
	d=$1
	shift
	if "$@"; then ok; else bad "$d"; fi
}

work=$(mktemp -d /tmp/test_collect.XXXXXX) || exit 1
chmod 755 "$work" # the unprivileged run (6.) goes through it
trap 'rm -rf "$work"' EXIT

# 1. shellcheck, as POSIX sh
if command -v shellcheck >/dev/null 2>&1; then
	for f in "$collect" "$top/tests/vm/init.sh" "$0"; do
		check "shellcheck -s sh $f" shellcheck -s sh "$f"
	done
else
	bad "shellcheck is not installed (apt-get install shellcheck)"
fi

# status ITEM MANIFEST: the status column of ITEM's line
status() {
	awk -F '\t' -v i="$1" '$1 == i { print $2; exit }' "$2"
}
reason() {
	awk -F '\t' -v i="$1" '$1 == i { print $3; exit }' "$2"
}
hdrline() {
	sed -n "s/^$1: //p" "$2" | head -n 1
}

# The MANIFEST of snapshot S agrees with the tree and with this machine.
verify() {
	s=$1
	label=$2
	# the PATH the collection ran with (busybox alone has no kexec)
	vpath=${3:-$PATH}
	m=$s/MANIFEST
	check "$label: MANIFEST exists" test -s "$m"
	[ -s "$m" ] || return
	# every "ok" item is in the tree, every other one is not there
	awk -F '\t' 'NF >= 2 && $1 != "item" { print $1 "\t" $2 }' "$m" >"$work/items"
	n=0
	while IFS='	' read -r item st; do
		n=$((n + 1))
		p=$s/${item%/}
		case $st in
		ok | empty | zeroed | partial)
			check "$label: $item ($st) is in the tree" test -e "$p"
			;;
		absent)
			check "$label: $item (absent) is not in the tree" test ! -e "$p"
			src=/${item%/}
			[ "$item" = dmesg.txt ] || [ "$item" = mem/ ] ||
				check "$label: $item (absent): $src really is absent" \
					test ! -e "$src"
			;;
		*)
			check "$label: $item ($st) is not in the tree" test ! -e "$p"
			check "$label: $item ($st) has a reason" \
				test -n "$(reason "$item" "$m")"
			;;
		esac
	done <"$work/items"
	check "$label: MANIFEST lists items" test "$n" -gt 10
	# every file of the tree is listed (directories of files as DIR/)
	(cd "$s" && find . -type f ! -path './mem/*' | sed 's|^\./||') |
		while IFS= read -r f; do
			[ "$f" = MANIFEST ] && continue
			if [ -z "$(status "$f" "$m")" ]; then
				echo "FAIL: $label: $f is in the tree but not in MANIFEST" >&2
				echo x
			fi
		done >"$work/unlisted"
	check "$label: every file is listed in MANIFEST" test ! -s "$work/unlisted"

	# the copies are the machine's bytes (through a copy: procfs files
	# have st_size 0, which cmp takes for their length)
	for f in proc/version proc/cmdline proc/iomem; do
		[ "$(status "$f" "$m")" = ok ] || continue
		cat "/$f" >"$work/now"
		check "$label: $f is /$f" cmp -s "$s/$f" "$work/now"
	done
	# the loader-policy facts are the machine's
	if grep -q 'efi=[^ ]*debug' /proc/cmdline; then
		check "$label: efi=debug: yes" \
			sh -c "hdr=\$(sed -n 's/^efi=debug: //p' '$m'); case \$hdr in yes*) exit 0;; esac; exit 1"
	else
		check "$label: efi=debug: no, and how to turn it on" \
			grep -q '^efi=debug: no: .*add efi=debug' "$m"
	fi
	if [ -d /sys/firmware/efi ]; then
		check "$label: efi: yes" grep -q '^efi: yes' "$m"
	else
		check "$label: efi: no" grep -q '^efi: no: /sys/firmware/efi is absent' "$m"
		check "$label: systab absent" test "$(status sys/firmware/efi/systab "$m")" = absent
	fi
	if grep -q '^[^ ]* /sys/kernel/debug debugfs ' /proc/mounts; then
		if [ -e /sys/kernel/debug/memblock/memory ]; then
			want=ok
		else
			want=absent
		fi
	else
		want="not mounted"
	fi
	check "$label: memblock/memory is '$want'" \
		test "$(status sys/kernel/debug/memblock/memory "$m")" = "$want"
	if [ "$want" = "not mounted" ]; then
		check "$label: says how to mount debugfs and offers -m" \
			sh -c "reason() { awk -F '\t' -v i=\"\$1\" '\$1 == i { print \$3 }' '$m'; }; reason sys/kernel/debug/memblock/memory | grep -q 'mount -t debugfs none /sys/kernel/debug, or run collect.sh -m'"
	fi
	if [ -e /proc/config.gz ]; then
		check "$label: config lines from proc/config.gz" \
			grep -q '^config: .*KEXEC_FILE.*(from proc/config.gz)' "$m"
		for c in ARCH_KEEP_MEMBLOCK KEXEC_FILE INTEL_TDX_HOST KEXEC_HANDOVER CMA; do
			check "$label: config line for $c" grep -q "^config: .*CONFIG_${c}[ =:]" "$m"
		done
	elif [ ! -e "/boot/config-$(uname -r)" ]; then
		check "$label: config not available" grep -q '^config: not available' "$m"
	fi
	if (PATH=$vpath && command -v kexec >/dev/null 2>&1); then
		check "$label: kexec-tools version" grep -q '^kexec-tools: kexec-tools' "$m"
	else
		check "$label: kexec-tools not installed" \
			grep -q '^kexec-tools: not installed' "$m"
	fi
}

cd "$work" || exit 1
mkdir tmp
export TMPDIR="$work/tmp"

# 2. root, directory output, with the tool when one was given
if [ "$(id -u)" = 0 ]; then
	if [ -n "$tool" ]; then
		sh "$collect" -o "$work/dir" -b "$tool" >"$work/out" 2>&1
	else
		PATH=/usr/bin:/bin sh "$collect" -o "$work/dir" >"$work/out" 2>&1
	fi
	rc=$?
	check "collect.sh -o DIR exits 0 (got $rc: $(cat "$work/out"))" test "$rc" = 0
	verify "$work/dir" "root dir"
	m=$work/dir/MANIFEST
	check "MANIFEST says uid 0" grep -q '^user: uid 0 (root)' "$m"
	check "the last line says what to attach or run next" \
		sh -c "tail -n 1 '$work/out' | grep -q 'attach it to the bug report, or audit it: efiresv-audit --snapshot $work/dir\$'"
	# acpidump: -c off when it gives addresses here, else plain, said
	if command -v acpidump >/dev/null 2>&1; then
		acpidump -c off >"$work/acpi-off" 2>"$work/acpi-off.err"
		arc=$?
		hdr=$(hdrline acpidump "$m")
		if [ "$arc" = 0 ] && grep -Eq '@ 0x0*[1-9a-fA-F]' "$work/acpi-off"; then
			check "acpidump: -c off here (got '$hdr')" \
				sh -c "case '$hdr' in '-c off '*) exit 0;; esac; exit 1"
		else
			offerr=$(head -n 1 "$work/acpi-off.err")
			check "acpidump: -c off fails here, the fallback is said with its error (got '$hdr')" \
				sh -c "case '$hdr' in 'plain (sysfs mode: every address is 0; acpidump -c off failed: '*'$offerr'*|'failed: acpidump -c off: '*'$offerr'*) exit 0;; esac; exit 1"
		fi
	else
		check "acpidump not installed, said" \
			grep -q '^acpidump: not installed' "$m"
	fi
	check "kexec.log absent without -k, and why" \
		grep -q '^kexec.log	absent	not given: collect.sh -k FILE' "$m"
	if [ -n "$tool" ]; then
		st=$(status mem/ "$m")
		mkdir "$work/memcheck"
		if "$tool" --save-memory "$work/memcheck" >/dev/null 2>&1; then
			if [ -n "$(ls -A "$work/memcheck")" ]; then want=ok; else want=empty; fi
			check "mem/ '$want' when --save-memory works (got '$st')" \
				test "$st" = "$want"
		else
			if [ -n "$(ls -A "$work/memcheck")" ]; then want=partial; else want=error; fi
			check "mem/ '$want' when --save-memory fails (got '$st')" \
				test "$st" = "$want"
			check "mem/ reason names --save-memory and its exit" \
				grep -q "^mem/	$want	.*--save-memory exited [1-9]" "$m"
		fi
	else
		check "no tool: mem/ absent, and why" \
			grep -q '^mem/	absent	no efiresv-audit binary' "$m"
	fi
	check "the private temporary directory is gone" test -z "$(ls -A "$work/tmp")"

	# 2b. -k: the debug output of a load goes in as kexec.log, byte for byte
	klog=$top/testdata/checks/loaded_segment_overwrites/kexec.log
	sh "$collect" -o "$work/k" -k "$klog" >"$work/out" 2>&1
	rc=$?
	check "collect.sh -k FILE exits 0 (got $rc: $(cat "$work/out"))" test "$rc" = 0
	check "-k: kexec.log is FILE" cmp -s "$work/k/kexec.log" "$klog"
	check "-k: MANIFEST lists kexec.log ok" \
		test "$(status kexec.log "$work/k/MANIFEST")" = ok
	verify "$work/k" "root dir -k"
	sh "$collect" -o "$work/k2" -k "$work/no-such-log" >"$work/out" 2>&1
	rc=$?
	check "-k with a missing file fails (exit $rc)" test "$rc" != 0
	check "-k with a missing file says why" \
		grep -q -- "-k $work/no-such-log: not a readable file" "$work/out"
	check "-k with a missing file writes nothing" test ! -e "$work/k2"

	# 2c. acpidump's two modes, with stand-ins that print what acpidump
	# prints: "-c off" reads physical memory (real addresses), plain
	# reads sysfs (every address 0)
	for mode in off plain; do
		mkdir -p "$work/fake-$mode"
		if [ "$mode" = off ]; then
			cat <<'SH' >"$work/fake-$mode/acpidump"
#!/bin/sh
if [ "$1" = -c ] && [ "$2" = off ]; then
	printf 'DSDT @ 0x000000007ffe0000\n    0000: 44 53 44 54\n'
	exit 0
fi
printf 'DSDT @ 0x0000000000000000\n    0000: 44 53 44 54\n'
SH
		else
			cat <<'SH' >"$work/fake-$mode/acpidump"
#!/bin/sh
if [ "$1" = -c ] && [ "$2" = off ]; then
	echo "Cannot open /dev/mem" >&2
	echo "Could not get ACPI tables, AE_NOT_FOUND" >&2
	exit 255
fi
printf 'DSDT @ 0x0000000000000000\n    0000: 44 53 44 54\n'
SH
		fi
		chmod +x "$work/fake-$mode/acpidump"
		env PATH="$work/fake-$mode:$path0" sh "$collect" -o "$work/a-$mode" >"$work/out" 2>&1
		rc=$?
		check "acpidump stand-in ($mode): exits 0 (got $rc: $(cat "$work/out"))" test "$rc" = 0
		am=$work/a-$mode/MANIFEST
		if [ "$mode" = off ]; then
			check "-c off works: its output is acpidump.txt" \
				grep -q '^DSDT @ 0x000000007ffe0000$' "$work/a-$mode/acpidump.txt"
			check "-c off works: the MANIFEST says so" \
				grep -q '^acpidump: -c off (read from physical memory: the tables'"'"' real addresses)$' "$am"
		else
			check "-c off fails: plain acpidump's output is acpidump.txt" \
				grep -q '^DSDT @ 0x0000000000000000$' "$work/a-$mode/acpidump.txt"
			check "-c off fails: the MANIFEST says plain, and why" \
				grep -q '^acpidump: plain (sysfs mode: every address is 0; acpidump -c off failed: Cannot open /dev/mem; Could not get ACPI tables, AE_NOT_FOUND)$' "$am"
		fi
		check "acpidump stand-in ($mode): acpidump.txt ok" \
			test "$(status acpidump.txt "$am")" = ok
	done

	# 3. refuses to overwrite, and leaves the output alone
	cp "$m" "$work/manifest.before"
	sh "$collect" -o "$work/dir" >"$work/out" 2>&1
	rc=$?
	check "refuses an existing output (exit $rc)" test "$rc" != 0
	check "says why" grep -q 'exists; not overwriting' "$work/out"
	check "the existing output is untouched" cmp -s "$m" "$work/manifest.before"

	# 4. tarball, default name, in the current directory only
	mkdir "$work/cwd"
	(cd "$work/cwd" && sh "$collect" >"$work/out" 2>&1)
	rc=$?
	check "default output exits 0 (got $rc)" test "$rc" = 0
	set -- "$work"/cwd/efiresv-snapshot-*-*.tar.gz
	check "default name efiresv-snapshot-<host>-<date>.tar.gz" test -f "$1"
	check "nothing else in the current directory" \
		test "$(find "$work/cwd" ! -path "$work/cwd" | wc -l)" = 1
	if [ -f "$1" ]; then
		top1=$(basename "$1" .tar.gz)
		mkdir "$work/untar"
		check "the tarball unpacks" tar xzf "$1" -C "$work/untar"
		check "one top-level directory, named like the file" \
			test "$(ls -A "$work/untar")" = "$top1"
		verify "$work/untar/$top1" "root tarball"
	fi

	# 5. busybox alone (a minimal board): its sh and applets, nothing else
	if command -v busybox >/dev/null 2>&1; then
		mkdir "$work/bb"
		busybox --install -s "$work/bb" 2>/dev/null ||
			for a in $(busybox --list); do ln -s "$(command -v busybox)" "$work/bb/$a"; done
		PATH=$work/bb "$work/bb/sh" "$collect" -o "$work/bb.tar.gz" >"$work/out" 2>&1
		rc=$?
		check "busybox sh: exits 0 (got $rc: $(cat "$work/out"))" test "$rc" = 0
		mkdir "$work/bbx"
		tar xzf "$work/bb.tar.gz" -C "$work/bbx" 2>/dev/null
		verify "$work/bbx/bb" "busybox" "$work/bb"
		check "busybox: the same items as coreutils" \
			sh -c "cut -f1,2 '$work/bbx/bb/MANIFEST' | grep -v '^date' >'$work/a'; cut -f1,2 '$work/untar/$top1/MANIFEST' | grep -v '^date' >'$work/b'; awk -F '\t' 'NF>=2' '$work/a' | grep -v -e '^mem/' -e '^acpidump' >'$work/a2'; awk -F '\t' 'NF>=2' '$work/b' | grep -v -e '^mem/' -e '^acpidump' >'$work/b2'; cmp -s '$work/a2' '$work/b2'"
	else
		bad "busybox is not installed (apt-get install busybox-static)"
	fi

	# 6. not root: what could not be read, and why (setpriv is util-linux's:
	# its absence is a failure, not a reason to skip)
	if ! command -v setpriv >/dev/null 2>&1; then
		bad "setpriv is not installed (util-linux): the not-root collection was not tested"
	else
		mkdir "$work/nr" && chmod 777 "$work/nr"
		mkdir "$work/nrtmp" && chmod 777 "$work/nrtmp"
		(cd "$work/nr" && TMPDIR=$work/nrtmp setpriv --reuid=65534 --regid=65534 \
			--clear-groups sh "$collect" -o "$work/nr/s" ${tool:+-b "$tool"} \
			>"$work/out" 2>"$work/err")
		rc=$?
		check "not root: writes a snapshot and exits 2 (exit $rc: $(cat "$work/out" "$work/err"))" \
			sh -c "test $rc = 2 && test -s '$work/nr/s/MANIFEST'"
		check "not root: warns that it will audit as INCOMPLETE, and why" \
			sh -c "grep -q '^collect.sh: WARNING: not root (uid 65534): this snapshot will audit as INCOMPLETE' '$work/err' && grep -q '^collect.sh:   proc/iomem: zeroed' '$work/err'"
		check "not root: the last line says to run it as root, or -f" \
			sh -c "tail -n 1 '$work/out' | grep -q 'run collect.sh again as root (sudo sh .*) and attach that snapshot instead, or add -f'"
		(cd "$work/nr" && TMPDIR=$work/nrtmp setpriv --reuid=65534 --regid=65534 \
			--clear-groups sh "$collect" -f -o "$work/nr/f" >"$work/out" 2>"$work/err")
		rc=$?
		check "not root, -f: exits 0 (got $rc)" test "$rc" = 0
		check "not root, -f: still warns" grep -q 'WARNING: not root' "$work/err"
		check "not root, -f: the last line says what to attach" \
			sh -c "tail -n 1 '$work/out' | grep -q 'attach it to the bug report, or audit it: efiresv-audit --snapshot $work/nr/f\$'"
		m=$work/nr/s/MANIFEST
		check "not root: MANIFEST says so" grep -q '^user: uid 65534, not root' "$m"
		st=$(status proc/iomem "$m")
		check "not root: proc/iomem is 'zeroed' (got '$st')" test "$st" = zeroed
		if [ -d /sys/firmware/acpi/tables ]; then
			check "not root: ACPI tables EACCES with 'not root'" \
				grep -q '^sys/firmware/acpi/tables/[A-Z].*	EACCES	not root' "$m"
		fi
		if [ "$(cat /proc/sys/kernel/dmesg_restrict)" = 1 ]; then
			check "not root, dmesg_restrict=1: dmesg.txt says so" \
				grep -q '^dmesg.txt	EPERM	kernel.dmesg_restrict=1 and not root' "$m"
		fi
		# the audit of that snapshot: every input it lacks has the
		# MANIFEST's reason, "REASON (MANIFEST line N: STATUS)", N and
		# the words read from the MANIFEST here
		if [ -n "$tool" ] && command -v python3 >/dev/null 2>&1; then
			"$tool" --snapshot "$work/nr/s" --json >"$work/nr.json" 2>/dev/null
			check "not root: the audit says why each missing input is missing, in the MANIFEST's words" \
				python3 - "$m" "$work/nr.json" <<'PY'
import json, sys
man, rep = sys.argv[1], json.load(open(sys.argv[2]))
items, seen = {}, False
for n, line in enumerate(open(man), 1):
    line = line.rstrip("\n")
    if line == "item\tstatus\treason":
        seen = True
        continue
    f = line.split("\t")
    if seen and len(f) >= 2 and f[0].rstrip("/") not in items:
        items[f[0].rstrip("/")] = (n, f[1], f[2] if len(f) > 2 else None)
bad, n_checked = [], 0
assert rep["verdict"] != "clean", rep["verdict"]
assert rep["headline"].startswith(
    "INCOMPLETE: the snapshot was collected as uid 65534, not root"), \
    rep["headline"]
for i in rep["inputs"]:
    it = items.get(i["path"])
    if i["status"] != "absent" or not it or it[1] == "ok":
        continue
    want = "%s (MANIFEST line %d: %s)" % (it[2] or "not collected", it[0],
                                          it[1])
    n_checked += 1
    if i["detail"] != want:
        bad.append((i["name"], i["detail"], want))
if bad or not n_checked:
    sys.exit("inputs without the MANIFEST's reason: %r" % bad)
PY
		fi
	fi
else
	bad "test_collect.sh needs root (collect.sh is meant to run as root)"
fi

echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
