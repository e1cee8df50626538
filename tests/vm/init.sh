#!/bin/sh
# /init of the vm suite's initramfs (busybox sh). Mounts the kernel's
# filesystems, runs the live audit, scripts/collect.sh and a kexec load, and
# ships every result out on the serial console between marker lines, base64
# encoded (kernel messages are silenced on the console first, so nothing
# interleaves), then powers off. run.py reads the console log.
#
# /etc/ea-case holds the case's settings, written by run.py:
#   EA_KEXEC="-l" or "-s -l"	kexec_load or kexec_file_load; "kfload":
#				kexec_file_load(2) with KEXEC_FILE_DEBUG
#   EA_APPEND="..."		the command line for the kexec'd kernel
#   EA_EXEC=1			load first, audit that load (--kexec-log,
#				collect.sh -k), ship, then kexec -e into the
#				loaded kernel; its command line gets ea.boot=2,
#				and this /init, booted again by it, collects
#				and audits the second kernel and ships that
PATH=/bin:/sbin:/usr/bin:/usr/sbin
export PATH

/bin/busybox mount -t proc proc /proc
/bin/busybox --install -s
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev 2>/dev/null
mount -t tmpfs tmpfs /tmp
mount -t securityfs securityfs /sys/kernel/security
hostname -F /etc/hostname
# collect.sh offers -m for this; the suite also runs it as a user would.
mount -t debugfs debugfs /sys/kernel/debug
dmesg -n 1

EA_KEXEC="-l"
EA_APPEND=""
EA_EXEC=0
# shellcheck source=/dev/null
[ -r /etc/ea-case ] && . /etc/ea-case

out=/tmp/out
mkdir -p "$out"

emit() {
	echo "@@EA-BEGIN $1"
	base64 <"$2"
	echo "@@EA-END $1 $(sha256sum <"$2" | cut -d' ' -f1)"
}

off() {
	sync
	poweroff -f
	echo o >/proc/sysrq-trigger
	sleep 5
}

second=0
case " $(cat /proc/cmdline) " in
*" ea.boot=2 "*) second=1 ;;
esac

if [ "$second" = 1 ]; then
	# The kernel kexec -e started: what it inherited, audited as it is.
	echo "@@EA-SECOND-UP $(uname -r) $(uname -m)"
	efiresv-audit --json >"$out/live2.json" 2>"$out/live2.err"
	echo "$?" >"$out/live2.rc"
	(cd /tmp && sh /usr/share/efiresv/collect.sh \
		-o "$out/snapshot2.tar.gz" >"$out/collect2.out" 2>&1)
	echo "$?" >"$out/collect2.rc"
	dmesg >"$out/dmesg2.txt"
	# a kernel with CONFIG_IMA_KEXEC: the measurement list it inherited
	ima=/sys/kernel/security/ima/ascii_runtime_measurements
	[ -r "$ima" ] && cat "$ima" >"$out/ima2.txt"
	for f in live2.json live2.err live2.rc collect2.out collect2.rc \
		snapshot2.tar.gz dmesg2.txt ima2.txt; do
		[ -f "$out/$f" ] && emit "$f" "$out/$f"
	done
	echo "@@EA-SECOND-DONE"
	off
fi

echo "@@EA-GUEST-UP $(uname -r) $(uname -m)"

# A real kexec load of this kernel and a real initrd. Dynamic debug shows
# where kexec_file_load placed the segments (6.1 prints them with pr_debug).
load() {
	ddc=/sys/kernel/debug/dynamic_debug/control
	if [ -w "$ddc" ]; then
		for f in kexec_file.c kexec-bzimage64.c kexec_image.c \
			machine_kexec_file.c; do
			echo "file $f +p" >"$ddc" 2>/dev/null
		done
	fi
	if [ "$EA_KEXEC" = kfload ]; then
		# kexec_file_load(2) with KEXEC_FILE_DEBUG (tests/vm/kfload.c):
		# 6.8+ logs the placement only then
		kfload /boot/vmlinuz /boot/initrd.gz "$EA_APPEND$1" \
			>"$out/kexec.log" 2>&1
	else
		# shellcheck disable=SC2086 # EA_KEXEC is a list of options
		kexec $EA_KEXEC -d --initrd=/boot/initrd.gz \
			--append="$EA_APPEND$1" /boot/vmlinuz >"$out/kexec.log" 2>&1
	fi
	echo "$?" >"$out/kexec.rc"
}

if [ "$EA_EXEC" = 1 ]; then
	# The load first: the live audit and the snapshot both see it.
	load " ea.boot=2"
	efiresv-audit --json --kexec-log "$out/kexec.log" \
		>"$out/live.json" 2>"$out/live.err"
	echo "$?" >"$out/live.rc"
	(cd /tmp && sh /usr/share/efiresv/collect.sh -k "$out/kexec.log" \
		-o "$out/snapshot.tar.gz" >"$out/collect.out" 2>&1)
	echo "$?" >"$out/collect.rc"
else
	# 1. The live audit, as the user runs it.
	efiresv-audit --json >"$out/live.json" 2>"$out/live.err"
	echo "$?" >"$out/live.rc"

	# 2. The snapshot, as the user collects it (the tool in PATH gives
	# mem/).
	(cd /tmp && sh /usr/share/efiresv/collect.sh \
		-o "$out/snapshot.tar.gz" >"$out/collect.out" 2>&1)
	echo "$?" >"$out/collect.rc"

	# 3. The load.
	load ""
fi
dmesg >"$out/dmesg-after.txt"

for f in live.json live.err live.rc collect.out collect.rc snapshot.tar.gz \
	kexec.log kexec.rc dmesg-after.txt; do
	[ -f "$out/$f" ] && emit "$f" "$out/$f"
done
echo "@@EA-DONE"
if [ "$EA_EXEC" = 1 ] && [ "$(cat "$out/kexec.rc")" = 0 ]; then
	sync
	echo "@@EA-KEXEC-E"
	kexec -e
	echo "@@EA-KEXEC-E-FAILED $?"
fi
off
