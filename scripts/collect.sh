#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# collect.sh: save what efiresv-audit reads from this machine as a snapshot
# (the tree of SNAPSHOT.md: the machine's own paths under one directory, plus
# dmesg.txt, mem/ and a MANIFEST), as a directory or a .tar.gz, to attach to
# a bug report or to keep in a regression corpus. Audit it anywhere with
# `efiresv-audit --snapshot FILE`.
#
# POSIX sh for minimal boards: busybox sh and applets, or coreutils. No bash,
# no Python. Writes nothing but its output and a private temporary directory
# (removed on exit); never overwrites an existing output. Run it as root:
# most items need root, and the MANIFEST says which could not be read, why,
# and what to do about it. Not root, it still writes the snapshot, says on
# the terminal that it will audit as INCOMPLETE and why, and exits 2
# (unless -f). Its last line says what to attach or run next.

VERSION=1

usage() {
	cat <<EOF
Usage:
 collect.sh [options]

Save this machine's kexec-relevant state as an efiresv-audit snapshot.

Options:
 -o PATH   output: a .tar.gz when PATH ends in .tar.gz, else a directory
           (default: ./efiresv-snapshot-<hostname>-<date>.tar.gz)
 -b PATH   the efiresv-audit binary that saves physical memory into mem/
           (default: efiresv-audit in PATH; without one there is no mem/)
 -m        mount debugfs on /sys/kernel/debug for the memblock files if it is
           not mounted (and unmount it again afterwards)
 -k FILE   the debug output of a load about to be executed (kexec -l -d ...
           >FILE 2>&1), saved as kexec.log: the audit of the snapshot checks
           every loaded segment against the ranges that must survive
 -f        not root: exit 0 all the same (the snapshot is written either
           way, and will audit as INCOMPLETE)
 -h        display this help

The MANIFEST in the snapshot lists every item, its status and, when it could
not be read, why. See SNAPSHOT.md and efiresv-audit(8).

Exit status: 0 written; 1 nothing written (an error); 2 written, but not as
root, so it will audit as INCOMPLETE (0 with -f); 64 usage error.
EOF
}

die() {
	echo "collect.sh: $*" >&2
	exit 1
}

out=
tool=
kexeclog=
mount_debugfs=0
force=0
while getopts o:b:k:mfh opt; do
	case $opt in
	o) out=$OPTARG ;;
	f) force=1 ;;
	b) tool=$OPTARG ;;
	k) kexeclog=$OPTARG ;;
	m) mount_debugfs=1 ;;
	h)
		usage
		exit 0
		;;
	*)
		usage >&2
		exit 64
		;;
	esac
done
shift $((OPTIND - 1))
[ $# -eq 0 ] || die "unexpected argument '$1' (see -h)"

host=$(hostname 2>/dev/null || uname -n)
[ -n "$host" ] || host=unknown
host=$(printf '%s' "$host" | tr -c 'A-Za-z0-9._-' '_')
stamp=$(date +%Y%m%d-%H%M%S)
[ -n "$out" ] || out=efiresv-snapshot-$host-$stamp.tar.gz

case $out in
*.tar.gz)
	astar=1
	name=$(basename "$out" .tar.gz)
	;;
*)
	astar=0
	name=$(basename "$out")
	;;
esac
case $name in
'' | . | .. | /) name=efiresv-snapshot-$host-$stamp ;;
esac
if [ -e "$out" ] || [ -L "$out" ]; then
	die "$out exists; not overwriting it (choose another with -o)"
fi
outdir=$(dirname "$out")
[ -d "$outdir" ] || die "$outdir: no such directory"
[ -w "$outdir" ] || die "$outdir: not writable"

if [ -n "$tool" ]; then
	if [ ! -f "$tool" ] || [ ! -x "$tool" ]; then
		die "-b $tool: not an executable file"
	fi
	case $tool in
	/*) ;;
	*) tool=$(pwd)/$tool ;;
	esac
else
	tool=$(command -v efiresv-audit 2>/dev/null) || tool=
fi
if [ -n "$kexeclog" ] && { [ ! -f "$kexeclog" ] || [ ! -r "$kexeclog" ]; }; then
	die "-k $kexeclog: not a readable file"
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/efiresv-collect.XXXXXX") ||
	die "mktemp -d failed"
mounted_debugfs=0
cleanup() {
	if [ "$mounted_debugfs" = 1 ]; then
		umount /sys/kernel/debug 2>/dev/null
	fi
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP

snap=$tmp/$name
mkdir "$snap" || die "mkdir $snap failed"
man=$snap/MANIFEST
err=$tmp/err

uid=$(id -u)
notroot=
[ "$uid" = 0 ] || notroot=1

lockdown=unknown
if [ -r /sys/kernel/security/lockdown ]; then
	lockdown=$(sed -n 's/.*\[\(.*\)\].*/\1/p' /sys/kernel/security/lockdown)
	[ -n "$lockdown" ] || lockdown=unknown
elif [ ! -d /sys/kernel/security ] ||
	! grep -q ' /sys/kernel/security securityfs ' /proc/mounts 2>/dev/null; then
	lockdown="unknown (securityfs is not mounted)"
elif [ ! -e /sys/kernel/security/lockdown ]; then
	lockdown="none (no lockdown LSM)"
fi
locked=0
case $lockdown in
integrity | confidentiality) locked=1 ;;
esac

# MANIFEST: "key: value" lines about the machine and the collection, a blank
# line, then one tab-separated line per item: path, status, reason.
items=$tmp/items
: >"$items"
hdr() {
	printf '%s: %s\n' "$1" "$2" >>"$man"
}
record() {
	if [ -n "${3-}" ]; then
		printf '%s\t%s\t%s\n' "$1" "$2" "$3" >>"$items"
	else
		printf '%s\t%s\n' "$1" "$2" >>"$items"
	fi
}

# Sets st and why from the first line of a failed read's stderr.
classify() {
	e=$(head -n 1 "$err" 2>/dev/null)
	case $e in
	*"ermission denied"*)
		st=EACCES
		if [ -n "$notroot" ]; then
			why="not root: run collect.sh as root"
		else
			why="permission denied ($e)"
		fi
		;;
	*"peration not permitted"*)
		if [ "$locked" = 1 ]; then
			st=lockdown
			why="kernel lockdown ($lockdown) forbids it"
		elif [ -n "$notroot" ]; then
			st=EPERM
			why="not root: run collect.sh as root"
		else
			st=EPERM
			why="operation not permitted ($e)"
		fi
		;;
	*"No such file"*)
		st=absent
		why="$e"
		;;
	*)
		st=error
		why=${e:-"read failed"}
		;;
	esac
}

# copy SRC REL [WHY-ABSENT]: copies a file byte for byte to REL.
copy() {
	src=$1
	rel=$2
	if [ ! -e "$src" ]; then
		record "$rel" absent "$src does not exist${3:+: $3}"
		return 1
	fi
	mkdir -p "$snap/$(dirname "$rel")"
	if cat "$src" >"$snap/$rel" 2>"$err"; then
		if [ -s "$snap/$rel" ]; then
			record "$rel" ok
		else
			record "$rel" empty "$src read as 0 bytes"
		fi
		return 0
	fi
	classify
	rm -f "$snap/$rel"
	record "$rel" "$st" "$why"
	return 1
}

# copy_dir DIR REL [WHY-ABSENT]: every regular file under DIR.
copy_dir() {
	if [ ! -d "$1" ]; then
		record "$2/" absent "$1 does not exist${3:+: $3}"
		return 1
	fi
	find "$1" -type f 2>/dev/null | sort >"$tmp/list"
	if [ ! -s "$tmp/list" ]; then
		record "$2/" empty "$1 has no files"
		return 1
	fi
	while IFS= read -r f; do
		copy "$f" "$2${f#"$1"}"
	done <"$tmp/list"
}

# --- the items -------------------------------------------------------------

# Raw (-r: "<level>[time] text"), as syslog(2) gives it: the very bytes
# efiresv-audit reads on a live system, so that the report on the snapshot
# matches the live one line for line. A dmesg without -r prints the text.
if dmesg -r >"$snap/dmesg.txt" 2>/dev/null && [ -s "$snap/dmesg.txt" ]; then
	dmesg_ok=1
elif dmesg >"$snap/dmesg.txt" 2>"$err"; then
	dmesg_ok=1
else
	dmesg_ok=0
fi
if [ "$dmesg_ok" = 1 ]; then
	if [ ! -s "$snap/dmesg.txt" ]; then
		record dmesg.txt empty "dmesg printed nothing"
	elif ! grep -q -e 'Linux version' -e 'Booting Linux' "$snap/dmesg.txt"; then
		record dmesg.txt ok "the log has wrapped: the boot messages (EFI map, ACPI and GIC lines) are lost; boot with log_buf_len=4M"
	else
		record dmesg.txt ok
	fi
else
	classify
	if [ "$st" = EPERM ] || [ "$st" = EACCES ]; then
		restrict=$(cat /proc/sys/kernel/dmesg_restrict 2>/dev/null)
		if [ -n "$notroot" ] && [ "$restrict" = 1 ]; then
			why="kernel.dmesg_restrict=1 and not root: run collect.sh as root"
		elif [ -n "$notroot" ]; then
			why="dmesg: $(head -n 1 "$err"); not root: run collect.sh as root"
		fi
	fi
	rm -f "$snap/dmesg.txt"
	record dmesg.txt "$st" "$why"
fi

if copy /proc/iomem proc/iomem; then
	if ! grep -Eqv '^ *0+-0+ :' "$snap/proc/iomem"; then
		# replace the "ok" just recorded
		sed '$d' "$items" >"$tmp/items2" && mv "$tmp/items2" "$items"
		record proc/iomem zeroed "every address reads as 0: not root (the file carries no addresses)"
	fi
fi
copy /proc/version proc/version
copy /proc/cmdline proc/cmdline

# memblock (debugfs): the kexec_file_load view on arm64
mb=/sys/kernel/debug/memblock
dbg_mounted() {
	grep -q '^[^ ]* /sys/kernel/debug debugfs ' /proc/mounts 2>/dev/null
}
if ! dbg_mounted && [ "$mount_debugfs" = 1 ]; then
	if mount -t debugfs none /sys/kernel/debug 2>"$err"; then
		mounted_debugfs=1
	else
		record "sys/kernel/debug/" error "-m: mount -t debugfs none /sys/kernel/debug failed: $(head -n 1 "$err")"
	fi
fi
for f in memory reserved; do
	rel=sys/kernel/debug/memblock/$f
	if ! dbg_mounted; then
		record "$rel" "not mounted" "debugfs is not mounted on /sys/kernel/debug: mount -t debugfs none /sys/kernel/debug, or run collect.sh -m"
	elif [ -n "$notroot" ] && [ ! -r /sys/kernel/debug ]; then
		record "$rel" EACCES "not root: debugfs is readable by root only"
	elif [ ! -e "$mb/$f" ] && [ "$locked" = 1 ]; then
		record "$rel" lockdown "kernel lockdown ($lockdown) hides debugfs files"
	else
		copy "$mb/$f" "$rel" "this kernel keeps no memblock in debugfs (needs CONFIG_ARCH_KEEP_MEMBLOCK and CONFIG_DEBUG_FS)"
	fi
done

copy /sys/firmware/fdt sys/firmware/fdt "no flattened device tree (x86, or a kernel before 4.x)"
copy_dir /sys/firmware/acpi/tables sys/firmware/acpi/tables "no ACPI (a device-tree boot)"
copy /sys/firmware/efi/systab sys/firmware/efi/systab "not an EFI boot, or efi=noruntime"
copy_dir /sys/firmware/efi/runtime-map sys/firmware/efi/runtime-map "x86 with CONFIG_EFI_RUNTIME_MAP only"
copy_dir /sys/firmware/memmap sys/firmware/memmap "x86 (CONFIG_FIRMWARE_MEMMAP) only"

# acpidump: "-c off" reads the tables from physical memory, with their
# real addresses, which the audit checks against the kernel log and the
# memory map; plain acpidump reads /sys/firmware/acpi/tables, where every
# address is 0, and is only the fallback. The MANIFEST says which it got.
# An acpidump line names a table and its address: "DSDT @ 0x...".
has_addr() {
	grep -Eq '@ 0x0*[1-9a-fA-F][0-9a-fA-F]*' "$1"
}
# the first two lines of a failed run's stderr (acpidump says "Cannot open
# /dev/mem" then "Could not get ACPI tables, AE_NOT_FOUND"), on one line
firsterr() {
	e=$(grep -v '^$' "$err" 2>/dev/null | head -n 2 | tr '\n' ';' |
		sed -e 's/;$//' -e 's/;/; /g')
	printf '%s' "${e:-exit status $1, no message}"
}
if command -v acpidump >/dev/null 2>&1; then
	acpidump -c off >"$snap/acpidump.txt" 2>"$err"
	rc=$?
	if [ "$rc" = 0 ] && has_addr "$snap/acpidump.txt"; then
		record acpidump.txt ok "acpidump -c off: the tables' real addresses"
		acpimode="-c off (read from physical memory: the tables' real addresses)"
	else
		if [ "$rc" = 0 ]; then
			offwhy="it printed no table address"
		else
			offwhy=$(firsterr "$rc")
		fi
		acpidump >"$snap/acpidump.txt" 2>"$err"
		rc=$?
		if [ "$rc" = 0 ] && [ -s "$snap/acpidump.txt" ]; then
			record acpidump.txt ok "sysfs mode, every address is 0: acpidump -c off failed: $offwhy"
			acpimode="plain (sysfs mode: every address is 0; acpidump -c off failed: $offwhy)"
		else
			classify
			[ -n "$e" ] || why="exit status $rc, no message"
			rm -f "$snap/acpidump.txt"
			record acpidump.txt "$st" "acpidump: $why (acpidump -c off: $offwhy)"
			acpimode="failed: acpidump -c off: $offwhy; acpidump: $why"
		fi
	fi
else
	record acpidump.txt absent "acpidump is not installed (Debian: apt-get install acpica-tools)"
	acpimode="not installed (Debian: apt-get install acpica-tools)"
fi

# The load about to be executed (-k): kexec-tools' -d output
if [ -n "$kexeclog" ]; then
	copy "$kexeclog" kexec.log
else
	record kexec.log absent "not given: collect.sh -k FILE saves the debug output of a load (kexec -l -d ... >FILE 2>&1), to be checked before kexec -e"
fi

# The kernel configuration: its loader-policy lines go into the MANIFEST.
rel_kernel=$(uname -r)
cfgtext=$tmp/config
cfgfrom=
if [ -e /proc/config.gz ]; then
	if copy /proc/config.gz proc/config.gz &&
		gzip -dc "$snap/proc/config.gz" >"$cfgtext" 2>/dev/null; then
		cfgfrom=proc/config.gz
	fi
else
	record proc/config.gz absent "/proc/config.gz does not exist (CONFIG_IKCONFIG_PROC is not set; try modprobe configs)"
fi
if [ -e "/boot/config-$rel_kernel" ]; then
	if copy "/boot/config-$rel_kernel" "boot/config-$rel_kernel" &&
		[ -z "$cfgfrom" ]; then
		cp "$snap/boot/config-$rel_kernel" "$cfgtext"
		cfgfrom=boot/config-$rel_kernel
	fi
else
	record "boot/config-$rel_kernel" absent "/boot/config-$rel_kernel does not exist"
fi

# mem/: physical memory the audit needs (EFI map buffer, MEMRESERVE chain,
# RSDP, XSDT), saved by the tool itself through /proc/kcore.
toolver=
if [ -z "$tool" ]; then
	record mem/ absent "no efiresv-audit binary (not in PATH; give one with -b PATH): the snapshot has no physical memory, so the MEMRESERVE chain and the EFI map buffer cannot be read from it"
else
	toolver=$("$tool" --version 2>/dev/null | head -n 1)
	mkdir "$snap/mem"
	# run inside the snapshot, so that its messages say "mem", not the
	# private directory's path
	if (cd "$snap" && "$tool" --save-memory mem) >"$tmp/save.out" 2>"$err"; then
		n=$(find "$snap/mem" -type f -name '*.bin' | wc -l | tr -d ' ')
		if [ "$n" = 0 ]; then
			record mem/ empty "$tool --save-memory found nothing to save"
		else
			record mem/ ok "$n files saved by $tool --save-memory"
		fi
	else
		rc=$?
		# its message is on stderr; stdout lists what it saved
		msg=$(grep -v '^$' "$err" | head -n 3 | tr '\n' ' ' | sed 's/ *$//')
		[ -n "$msg" ] || msg=$(tail -n 1 "$tmp/save.out")
		n=$(find "$snap/mem" -type f -name '*.bin' | wc -l | tr -d ' ')
		hint=
		if [ -n "$notroot" ]; then
			hint="; not root: /proc/kcore needs root"
		elif [ "$locked" = 1 ]; then
			hint="; kernel lockdown ($lockdown) blocks /proc/kcore and /dev/mem"
		elif [ ! -e /proc/kcore ]; then
			hint="; /proc/kcore does not exist (CONFIG_PROC_KCORE is not set)"
			if [ -s "$cfgtext" ] && grep -q '^CONFIG_STRICT_DEVMEM=y' "$cfgtext"; then
				hint="$hint, and CONFIG_STRICT_DEVMEM=y keeps /dev/mem from RAM"
			fi
		fi
		if [ "$n" = 0 ]; then
			rmdir "$snap/mem" 2>/dev/null
			record mem/ error "$tool --save-memory exited $rc: $msg (nothing saved)$hint"
		else
			record mem/ partial "$tool --save-memory exited $rc: $msg ($n files saved)$hint"
		fi
	fi
fi

# --- MANIFEST --------------------------------------------------------------

: >"$man"
hdr snapshot "efiresv-audit snapshot (layout: SNAPSHOT.md)"
hdr collector "collect.sh $VERSION"
hdr date "$(date -u +%Y-%m-%dT%H:%M:%SZ)"
hdr hostname "$host"
hdr kernel "$rel_kernel ($(uname -m))"
if [ -n "$notroot" ]; then
	hdr user "uid $uid, not root: dmesg may be restricted, /proc/iomem reads as zeros, debugfs, systab, the ACPI tables and memory need root; run collect.sh as root"
else
	hdr user "uid 0 (root)"
fi
hdr lockdown "$lockdown"
if [ -d /sys/firmware/efi ]; then
	hdr efi "yes (booted through UEFI)"
else
	hdr efi "no: /sys/firmware/efi is absent (not booted through UEFI, or noefi); there is no EFI map or MEMRESERVE chain to audit"
fi
cmdline=$(cat /proc/cmdline 2>/dev/null)
efidebug=no
for w in $cmdline; do
	case $w in
	efi=*debug*) efidebug=yes ;;
	esac
done
if [ "$efidebug" = yes ]; then
	hdr efi=debug "yes (the kernel log has the EFI memory map)"
else
	hdr efi=debug "no: the kernel log has no EFI memory map (MemMap lines and the map itself); add efi=debug to the kernel command line (GRUB_CMDLINE_LINUX in /etc/default/grub, then update-grub) and reboot"
fi
if command -v kexec >/dev/null 2>&1; then
	kv=$(kexec -v 2>&1 | head -n 1)
	hdr kexec-tools "${kv:-kexec -v printed nothing} ($(command -v kexec))"
else
	hdr kexec-tools "not installed (no kexec in PATH)"
fi
if [ -n "$tool" ]; then
	hdr efiresv-audit "${toolver:-unknown version} ($tool)"
else
	hdr efiresv-audit "not found (mem/ not saved)"
fi
hdr acpidump "$acpimode"
if [ -n "$cfgfrom" ]; then
	for c in ARCH_KEEP_MEMBLOCK KEXEC_FILE INTEL_TDX_HOST KEXEC_HANDOVER CMA STRICT_DEVMEM; do
		line=$(grep -E "^(CONFIG_$c=|# CONFIG_$c is not set)" "$cfgtext" | head -n 1)
		hdr config "${line:-CONFIG_$c: no such line (the option does not exist for this architecture or version)} (from $cfgfrom)"
	done
else
	hdr config "not available: neither /proc/config.gz nor /boot/config-$rel_kernel could be read; the loaders' policy is taken from the kernel version"
fi
{
	printf '\nitem\tstatus\treason\n'
	cat "$items"
	printf 'MANIFEST\tok\n'
} >>"$man"

# --- output ----------------------------------------------------------------

if [ "$astar" = 1 ]; then
	# noclobber: never overwrite an output that appeared meanwhile
	if ! (set -C && tar czf - -C "$tmp" "$name" >"$out"); then
		die "writing $out failed"
	fi
else
	mkdir "$out" 2>"$err" || die "mkdir $out: $(head -n 1 "$err")"
	if ! cp -R "$snap/." "$out/"; then
		die "copying the snapshot into $out failed"
	fi
fi
bad=$(awk -F '\t' '$2 != "ok" { n++ } END { print n + 0 }' "$items")
audit="efiresv-audit --snapshot $out"
if [ -n "$notroot" ]; then
	# what not being root cost, item by item (absent items are absent
	# for root too), on the terminal
	{
		echo "collect.sh: WARNING: not root (uid $uid): this snapshot will audit as INCOMPLETE (or ESCAPE), never CLEAN, because these items could not be read:"
		awk -F '\t' '$2 != "ok" && $2 != "absent" { t++; if (t <= 8) printf "collect.sh:   %s: %s%s\n", $1, $2, ($3 != "" ? " (" $3 ")" : "") }
			END { if (t > 8) printf "collect.sh:   and %d more (see MANIFEST)\n", t - 8 }' "$items"
	} >&2
	if [ "$force" = 1 ]; then
		echo "collect.sh: wrote $out (not root: it will audit as INCOMPLETE, never CLEAN); attach it to the bug report, or audit it: $audit"
		exit 0
	fi
	echo "collect.sh: wrote $out, which will audit as INCOMPLETE, never CLEAN: run collect.sh again as root (sudo sh $0 ...) and attach that snapshot instead, or add -f to keep this one with exit status 0"
	exit 2
fi
echo "collect.sh: wrote $out ($bad items not ok; see MANIFEST); attach it to the bug report, or audit it: $audit"
