#!/bin/sh
# Installs what efiresv-audit needs on Debian 12, as root: to build and run
# it; with "test", also what the tests need (sanitizer runtime, shellcheck,
# busybox, systemd-journal-remote to write journal files for
# tests/run_logforms.py, and QEMU, edk2 and an arm64 cross compiler for
# tests/vm).
set -eu
if [ "$(id -u)" -ne 0 ]; then
	echo "deps.sh: run as root (apt-get install)" >&2
	exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends \
	build-essential cmake pkg-config dpkg-dev \
	libjson-c-dev libfdt-dev libefivar-dev libarchive-dev zlib1g-dev \
	libsmartcols-dev >/dev/null
[ "${1:-}" = test ] || exit 0
apt-get install -y -qq --no-install-recommends \
	acpica-tools device-tree-compiler \
	python3 python3-jsonschema python3-pil clang-format shellcheck \
	busybox-static libxml2-utils chromium systemd-journal-remote \
	clang libclang-rt-14-dev time >/dev/null
# the vm suite (tests/vm): QEMU, edk2 firmware, an arm64 cross compiler;
# Debian's kernel source and what building it needs (tests/vm/kbuild.py
# builds arm64 kernels with CONFIG_KEXEC_FILE from it)
apt-get install -y -qq --no-install-recommends \
	qemu-system-arm qemu-efi-aarch64 qemu-system-x86 ovmf \
	gcc-aarch64-linux-gnu libc6-dev-arm64-cross \
	linux-source-6.1 linux-source-6.12 bc bison flex libssl-dev \
	libelf-dev xz-utils make patch >/dev/null
