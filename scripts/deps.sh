#!/bin/sh
# Installs what efiresv-audit needs to build and test on Debian 12, as root.
set -eu
if [ "$(id -u)" -ne 0 ]; then
	echo "deps.sh: run as root (apt-get install)" >&2
	exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends \
	build-essential cmake pkg-config \
	libjson-c-dev libfdt-dev libefivar-dev libarchive-dev \
	acpica-tools device-tree-compiler \
	python3 python3-jsonschema clang-format >/dev/null
