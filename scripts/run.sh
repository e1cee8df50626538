#!/bin/sh
# README command 1: install, build, and audit this machine. On a machine that
# is not a UEFI system, audit a bundled real snapshot instead, and say so.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
"$top/scripts/deps.sh"
cmake -S "$top" -B "$top/build" -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$top/build" -j"$(nproc)" >/dev/null
if [ -d /sys/firmware/efi ]; then
	exec "$top/build/efiresv-audit" "$@"
fi
snap="$top/testdata/captures/qemu-arm64-6.1-acpi-smp4-2g"
echo "This machine did not boot through UEFI (/sys/firmware/efi is absent);" \
	"auditing the bundled real snapshot $snap instead." >&2
exec "$top/build/efiresv-audit" --snapshot "$snap" "$@"
