#!/usr/bin/python3
"""The vm suite: real Debian kernels on real edk2 firmware under QEMU (TCG).

Usage: run.py BUILD_DIR [--case NAME|PATTERN ...] [--jobs N] [--timeout SECONDS]

BUILD_DIR is a native build of the repository (it must hold efiresv-audit).
Downloads (Debian packages, fetched with a private apt configuration that
changes nothing on this machine) go to BUILD_DIR/vm-cache once; every run's
work (the arm64 build, the initramfs images, each guest's console log and the
files it shipped out) goes to BUILD_DIR/vm.

Each guest boots the Debian kernel with efi=debug on AAVMF (arm64 virt,
GICv3 + ITS), OVMF (x86 q35) or, the noefi-* cases, no firmware at all
(QEMU -kernel and its device tree), and its /init (tests/vm/init.sh) runs
`efiresv-audit --json` live, scripts/collect.sh, and a real kexec load, and
sends the results back on the serial console between marker lines. Outside,
the host audits the collected tarball with the native build and compares.

The escape-* and noefi-* cases (issue #7) then run kexec -e: the load was
audited first (live with --kexec-log, and the snapshot collected with
collect.sh -k), and the next kernel either boots into the same /init, which
audits it too, or prints nothing and is stopped SECOND_WAIT seconds of QEMU
CPU time later (the limits count QEMU's CPU time, not the clock),
or (noefi-gicv3) oopses and panics, and QEMU stops by itself. At the end the
audit's verdicts are printed beside each guest's fate.

Prints "N passed, N failed" and exits non-zero when anything failed.
Standard library only; run with /usr/bin/python3.
"""

import argparse
import base64
import concurrent.futures
import difflib
import fnmatch
import gzip
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, HERE)
import kbuild  # noqa: E402  (tests/vm/kbuild.py: the kexec_file kernels)
# The guests' time limits count the CPU time QEMU spent (its threads' user
# and system time), not the wall clock: on a busy machine QEMU gets less of
# the CPU and a guest takes longer by the clock for the same work, which
# must not fail the suite. A guest whose QEMU sleeps (an idle hang) spends
# no CPU time; it is stopped after WALL_FACTOR times the bound by the clock.
GUEST_TIMEOUT = 480  # QEMU CPU seconds for one guest, start to power-off
SECOND_WAIT = 120  # QEMU CPU seconds from kexec -e to the next /init
# QEMU CPU seconds a next kernel gets after "Kernel panic - not syncing":
# one that panics too early for panic=-1 hangs there, and waiting the rest
# of SECOND_WAIT tells nothing more
PANIC_GRACE = 10
WALL_FACTOR = 6


def qemu_cpu(pid):
    """The CPU seconds process pid (all its threads) has used, or None."""
    try:
        with open("/proc/%d/stat" % pid) as f:
            st = f.read()
    except OSError:
        return None
    fields = st[st.rindex(")") + 2:].split()
    # utime and stime: fields 14 and 15 of proc(5), in clock ticks
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

# Debian's archive only (the one mirror this machine reaches). bullseye is
# needed for the 5.10 kernel; its security suite is not mirrored here.
APT_SOURCES = """\
deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian bookworm main
deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian-security bookworm-security main
deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian bullseye main
"""

KERNELS = {
    # name: (regex over package names, architecture)
    "arm64-6.1": (r"^linux-image-6\.1\.0-(\d+)-cloud-arm64$", "arm64"),
    "arm64-5.10": (r"^linux-image-5\.10\.0-(\d+)-cloud-arm64$", "arm64"),
    "amd64-6.1": (r"^linux-image-6\.1\.0-(\d+)-cloud-amd64$", "amd64"),
    # bookworm's 6.12 (the trixie kernel for bookworm): the stable release
    # is in the package name
    "arm64-6.12": (r"^linux-image-6\.12\.(\d+)\+deb12-cloud-arm64$", "arm64"),
    "amd64-6.12": (r"^linux-image-6\.12\.(\d+)\+deb12-cloud-amd64$", "amd64"),
    # built here from Debian's linux-source-* with CONFIG_KEXEC_FILE
    # (tests/vm/kbuild.py); "-revert": 2bab693a608b taken out
    "own-6.1": (None, "arm64"),
    "own-6.1-revert": (None, "arm64"),
    "own-6.12": (None, "arm64"),
    "own-6.12-revert": (None, "arm64"),
    "own-6.12-ima": (None, "arm64"),
    # x86 (OVMF, q35), built natively: Debian's x86 kernels lack
    # CONFIG_IMA_KEXEC
    "own-x86-6.12-ima": (None, "amd64"),
}

# arm64 -dev packages for the static cross build (tests/vm/aarch64-linux-gnu.cmake)
ARM64_BUILD_DEPS = [
    "libjson-c-dev", "libjson-c5", "libfdt-dev", "libfdt1", "libefivar-dev",
    "libefivar1", "libarchive-dev", "libarchive13", "zlib1g-dev", "zlib1g",
    "libsmartcols-dev", "libsmartcols1",
]

# The kexec-tools of a case: bookworm's (2.0.25, which keeps arm64 loads off
# the `reserved` children of System RAM since f736104) unless the case names
# another; 2.0.20 is bullseye's, from before f736104 (System RAM whole).
# A pinned version is exact; the default is whatever bookworm has now.
KEXEC_TOOLS = {
    "2.0.25": "",
    "2.0.20": "1:2.0.20-2.1",
}

# QEMU virt's pl011 (VIRT_UART), for the next kernel only
EARLYCON = " earlycon=pl011,0x9000000"

# as observed on 2bab693a608b reverted (ACPI and DT alike): the next kernel
# dies in efi_init(), reading the MEMRESERVE node the kernel segment was
# copied over, before any GIC line
KFILE_REVERT_FATE = (r"Booting Linux on physical CPU",
                     r"Unable to handle kernel [^\n]* at virtual address",
                     r"\befi_config_parse_tables\+",
                     r"Kernel panic - not syncing")

CASES = [
    # The slowest guests first, so that two at a time finish together.
    # kfile-*: kexec_file_load (kexec -s -l) on Debian's 6.1 source built
    # here with CONFIG_KEXEC_FILE (kbuild.py), the segments from the
    # kernel's own dynamic-debug lines; "-revert": 2bab693a608b taken out
    # (the LPI tables and MEMRESERVE nodes are `reserved` in iomem but not
    # in memblock.reserved, which kexec_file walks on arm64). The next kernel
    # gets an explicit earlycon (EARLYCON), so that a death before the pl011
    # console registers is seen: a bare `earlycon` on ACPI waits for the
    # SPCR table, which is parsed after efi_init().
    dict(name="kfile-6.1-revert-gicv3", kernel="own-6.1-revert", smp=4,
         mem="1G", acpi=True, gic=3, loader="kexec_file",
         kexec_tools="2.0.25", next_append=EARLYCON, verdict="escape",
         fate="dies", fate_says=KFILE_REVERT_FATE, fate_lacks=("GICv3",), checks=("same", "lpi", "kexec-e", "proof", "whatif")),
    dict(name="kfile-6.1-gicv3", kernel="own-6.1", smp=4, mem="1G",
         acpi=True, gic=3, loader="kexec_file", kexec_tools="2.0.25",
         next_append=EARLYCON, verdict="clean", fate="boots",
         checks=("same", "lpi", "kexec-e", "proof", "whatif", "second")),
    dict(name="kfile-6.1-revert-gicv2", kernel="own-6.1-revert", smp=4,
         mem="1G", acpi=True, gic=2, loader="kexec_file",
         kexec_tools="2.0.25", next_append=EARLYCON, verdict="clean",
         fate="boots", checks=("same", "kexec-e", "proof", "whatif",
                               "second")),
    # escape-*: issue #7, a kexec -e after the audit of the load (the
    # README's "see it happen"); fate: what the next kernel does
    dict(name="escape-2.0.20-gicv3", kernel="arm64-6.1", smp=4, mem="1G",
         acpi=True, gic=3, kexec_tools="2.0.20", verdict="escape",
         fate="silent", checks=("same", "lpi", "kexec-e", "proof", "whatif")),
    dict(name="escape-2.0.25-gicv3", kernel="arm64-6.1", smp=4, mem="1G",
         acpi=True, gic=3, kexec_tools="2.0.25", verdict="clean",
         fate="boots", checks=("same", "lpi", "placement", "kexec-e", "proof",
                               "whatif", "second")),
    # GICv2: no LPI tables; kexec-tools 2.0.20 takes System RAM whole
    # (before f736104), so the ACPI tables and the EFI memory map, reserved
    # lines inside System RAM in this guest's /proc/iomem, are free to it:
    # escape for kexec_load. This load puts nothing on them (the kernel at
    # 0x40000000, the rest just above): the load's verdict is clean, and
    # the next kernel boots.
    dict(name="escape-2.0.20-gicv2", kernel="arm64-6.1", smp=4, mem="1G",
         acpi=True, gic=2, kexec_tools="2.0.20", verdict="escape",
         load_verdict="clean", second_verdict="escape", fate="boots",
         checks=("same", "kexec-e", "proof", "whatif", "second")),
    dict(name="x86-6.1-smp2", kernel="amd64-6.1", smp=2, mem="2G",
         acpi=True, checks=("same", "placement")),
    dict(name="arm64-6.1-acpi-smp8", kernel="arm64-6.1", smp=8, mem="1G",
         acpi=True, checks=("lpi",)),
    dict(name="arm64-6.1-acpi-smp4", kernel="arm64-6.1", smp=4, mem="1G",
         acpi=True, checks=("same", "lpi", "placement", "edit")),
    dict(name="arm64-6.1-dt-smp2", kernel="arm64-6.1", smp=2, mem="1G",
         acpi=False, checks=("same", "placement")),
    dict(name="arm64-5.10-acpi-smp2", kernel="arm64-5.10", smp=2, mem="1G",
         acpi=True, checks=("same", "placement")),
    # Debian's 6.12: from 6.8 the kernel prints kexec_file placement only
    # for a load that passes KEXEC_FILE_DEBUG, which kexec-tools 2.0.25
    # does not: the x86 case checks the audit, not the placement
    dict(name="arm64-6.12-acpi-smp2", kernel="arm64-6.12", smp=2, mem="1G",
         acpi=True, checks=("same", "placement")),
    dict(name="x86-6.12-smp2", kernel="amd64-6.12", smp=2, mem="2G",
         acpi=True, checks=("same",)),
    # noefi-*: no firmware at all (QEMU -kernel, its own device tree), so no
    # MEMRESERVE table: the LPI tables are reserved nowhere. The next
    # kernel gets `earlycon` (the first kernel's command line stays that of
    # the capture): without it the console shows nothing, as the pl011
    # console registers after the point where it dies. The what-if rebuilds
    # the DTB kexec-tools packs from QEMU's 1 MiB FDT (0x1ed8 bytes)
    # Debian's 6.12 source the same way; from 6.8 the kernel logs the
    # placement only for a load with KEXEC_FILE_DEBUG, so the load is
    # kfload's kexec_file_load(2) (kexec -e is still kexec-tools')
    dict(name="kfile-6.12-revert-gicv3", kernel="own-6.12-revert", smp=4,
         mem="1G", acpi=True, gic=3, loader="kexec_file", kfload=True,
         kexec_tools="2.0.25", next_append=EARLYCON, verdict="escape",
         fate="dies", fate_says=KFILE_REVERT_FATE, fate_lacks=("GICv3",),
         checks=("same", "lpi", "kexec-e", "proof", "whatif")),
    dict(name="kfile-6.12-gicv3", kernel="own-6.12", smp=4, mem="1G",
         acpi=True, gic=3, loader="kexec_file", kfload=True,
         kexec_tools="2.0.25", next_append=EARLYCON, verdict="clean",
         fate="boots",
         checks=("same", "lpi", "kexec-e", "proof", "whatif", "second")),
    # the same two kernels on AAVMF booted with a device tree (acpi=off)
    dict(name="kfile-6.1-revert-dt-gicv3", kernel="own-6.1-revert", smp=4,
         mem="1G", acpi=False, gic=3, loader="kexec_file",
         kexec_tools="2.0.25", next_append=EARLYCON, verdict="escape",
         fate="dies", fate_says=KFILE_REVERT_FATE, fate_lacks=("GICv3",),
         checks=("same", "lpi", "kexec-e", "proof", "whatif")),
    dict(name="kfile-6.1-dt-gicv3", kernel="own-6.1", smp=4, mem="1G",
         acpi=False, gic=3, loader="kexec_file", kexec_tools="2.0.25",
         next_append=EARLYCON, verdict="clean", fate="boots",
         checks=("same", "lpi", "kexec-e", "proof", "whatif", "second")),
    # kexec_load on the same reverted kernel: its view (System RAM minus the
    # `reserved` children of /proc/iomem) still protects the LPI tables
    # and the MEMRESERVE node, which are reserved children there; only
    # kexec_file's memblock view lost them. The audit's verdict is escape
    # (for kexec_file, which this kernel has), the load it proves overlaps
    # nothing, and the next kernel must boot: `load_verdict` is the verdict
    # for the loader the case uses, which its fate must agree with.
    dict(name="kload-6.1-revert-gicv3", kernel="own-6.1-revert", smp=4,
         mem="1G", acpi=True, gic=3, loader="kexec_load",
         kexec_tools="2.0.25", next_append=EARLYCON, verdict="escape",
         load_verdict="clean", fate="boots",
         checks=("same", "lpi", "kexec-e", "proof", "whatif")),
    # the same on 6.12, and kexec-tools 2.0.20 (System RAM whole, before
    # f736104) on the stock 6.1 kernel: its view has no `reserved` children
    # to avoid, so it lands on the LPI tables that kexec_file avoids
    dict(name="kload-6.12-revert-gicv3", kernel="own-6.12-revert", smp=4,
         mem="1G", acpi=True, gic=3, loader="kexec_load",
         kexec_tools="2.0.25", next_append=EARLYCON, verdict="escape",
         load_verdict="clean", fate="boots",
         checks=("same", "lpi", "kexec-e", "proof", "whatif")),
    dict(name="kload-2.0.20-6.1-gicv3", kernel="own-6.1", smp=4, mem="1G",
         acpi=True, gic=3, loader="kexec_load", kexec_tools="2.0.20",
         next_append=EARLYCON, verdict="escape", fate="dies",
         checks=("same", "lpi", "kexec-e", "proof", "whatif")),
    # 6.12: the control on GICv2 (no ITS, nothing to overwrite) and the
    # same kernels on a device-tree boot and without UEFI
    dict(name="kfile-6.12-revert-gicv2", kernel="own-6.12-revert", smp=4,
         mem="1G", acpi=True, gic=2, loader="kexec_file", kfload=True,
         kexec_tools="2.0.25", next_append=EARLYCON, verdict="clean",
         fate="boots", checks=("same", "kexec-e", "proof", "whatif",
                               "second")),
    dict(name="kfile-6.12-revert-dt-gicv3", kernel="own-6.12-revert", smp=4,
         mem="1G", acpi=False, gic=3, loader="kexec_file", kfload=True,
         kexec_tools="2.0.25", next_append=EARLYCON, verdict="escape",
         fate="dies", checks=("same", "lpi", "kexec-e", "proof", "whatif")),
    # as observed: the kernel segment covers the LPI tables as on 6.1, but
    # 6.12's image survives the redistributors' writes for the whole run:
    # it boots and its /init runs, on LPI tables inside its own image (the
    # corruption is in the tables' place, not in a message)
    dict(name="kfile-6.12-dt-gicv3", kernel="own-6.12", smp=4, mem="1G",
         acpi=False, gic=3, loader="kexec_file", kfload=True,
         kexec_tools="2.0.25", next_append=EARLYCON, verdict="clean",
         fate="boots",
         checks=("same", "lpi", "kexec-e", "proof", "whatif", "second")),
    dict(name="kfile-noefi-6.1-gicv2", kernel="own-6.1", smp=2, mem="1G",
         acpi=False, efi=False, gic=2, loader="kexec_file",
         kexec_tools="2.0.25", next_append=EARLYCON, verdict="clean",
         fate="boots", checks=("same", "noefi", "kexec-e", "proof", "whatif",
                               "second")),
    dict(name="kfile-noefi-6.12-gicv3", kernel="own-6.12", smp=2, mem="1G",
         acpi=False, efi=False, gic=3, loader="kexec_file", kfload=True,
         kexec_tools="2.0.25", next_append=EARLYCON, verdict="escape",
         fate="boots", lpi_in_image=True,
         checks=("same", "noefi", "kexec-e", "proof", "whatif")),
    # kexec_file on the same board (no UEFI: no MEMRESERVE table, so the
    # LPI tables are in neither iomem nor memblock.reserved)
    dict(name="kfile-noefi-6.1-gicv3", kernel="own-6.1", smp=2, mem="1G",
         acpi=False, efi=False, gic=3, loader="kexec_file",
         kexec_tools="2.0.25", next_append=EARLYCON, verdict="escape",
         fate="dies",
         # as observed: the kernel segment over the LPI property and pending
         # tables; the next kernel takes them over inside its own image and
         # dies at the first timer tick, executing what the redistributor
         # wrote over its text
         fate_says=(r"GICv3: Using preallocated redistributor tables",
                    r"using reserved LPI pending table",
                    r"Internal error: Oops",
                    r"Kernel panic - not syncing"),
         checks=("same", "noefi", "kexec-e", "proof", "whatif")),
    # CONFIG_IMA_KEXEC (kbuild.py's -ima kernel): ima_add_kexec_buffer()
    # places the measurement list first, top-down, before the kernel, and
    # the DTB carries linux,ima-kexec-buffer; the what-if must give every
    # segment, the IMA one included, and the DTB to the byte. As observed
    # (and as drivers/of/kexec.c ima_get_kexec_buffer() reads it from
    # of_chosen, which arm64 unflattens only when ACPI is off), the next
    # kernel restores the list on a device-tree boot only
    dict(name="kfile-6.12-ima-gicv3", kernel="own-6.12-ima", smp=4,
         mem="1G", acpi=True, gic=3, loader="kexec_file", kfload=True,
         kexec_tools="2.0.25", next_append=EARLYCON, verdict="clean",
         fate="boots", checks=("same", "lpi", "kexec-e", "proof", "whatif",
                               "second", "ima")),
    dict(name="kfile-6.12-ima-dt-gicv3", kernel="own-6.12-ima", smp=4,
         mem="1G", acpi=False, gic=3, loader="kexec_file", kfload=True,
         kexec_tools="2.0.25", next_append=EARLYCON, verdict="clean",
         fate="boots", checks=("same", "lpi", "kexec-e", "proof", "whatif",
                               "second", "ima")),
    # the same on x86 (OVMF, q35; Debian's x86 kernels lack
    # CONFIG_IMA_KEXEC): the list is again the first segment, top-down,
    # and bzImage64_load() adds a SETUP_IMA setup_data to boot_params (the
    # what-if's boot_params segment must match to the byte); the next
    # kernel restores the list from it on ACPI (arch/x86/kernel/setup.c)
    dict(name="kfile-x86-6.12-ima", kernel="own-x86-6.12-ima", smp=2,
         mem="2G", acpi=True, loader="kexec_file", kfload=True,
         kexec_tools="2.0.25", verdict="clean", fate="boots",
         checks=("same", "kexec-e", "proof", "whatif", "second", "ima")),
    # kexec-tools 2.0.20 on the stock 6.12 (System RAM whole, as on 6.1),
    # GICv2 on a device tree (the control of kfile-6.1-revert-dt-gicv3) and
    # Debian's own 6.12 loaded by bookworm's kexec-tools
    dict(name="kload-2.0.20-6.12-gicv3", kernel="own-6.12", smp=4, mem="1G",
         acpi=True, gic=3, loader="kexec_load", kexec_tools="2.0.20",
         next_append=EARLYCON, verdict="escape", fate="dies",
         checks=("same", "lpi", "kexec-e", "proof", "whatif")),
    dict(name="kfile-6.1-revert-dt-gicv2", kernel="own-6.1-revert", smp=4,
         mem="1G", acpi=False, gic=2, loader="kexec_file",
         kexec_tools="2.0.25", next_append=EARLYCON, verdict="clean",
         fate="boots", checks=("same", "kexec-e", "proof", "whatif",
                               "second")),
    dict(name="escape-2.0.25-6.12-gicv3", kernel="arm64-6.12", smp=4,
         mem="1G", acpi=True, gic=3, kexec_tools="2.0.25", verdict="clean",
         fate="boots", checks=("same", "lpi", "kexec-e", "proof", "whatif",
                               "second")),
    # crashkernel=X,high (arm64 from v6.1) with crashkernel=Y,low (6.1 has
    # no default low size): two "Crash kernel" ranges in /proc/iomem,
    # crashk_low_res below 4 GiB and crashk_res above; a
    # kexec_file crash load (kexec -s -p) goes into crashk_res alone, where
    # the what-if (--crash) must put every segment, to the byte
    dict(name="crash-high-6.1", kernel="own-6.1", smp=2, mem="5G",
         acpi=True, gic=3, loader="kexec_file", kexec_tools="2.0.25",
         crash=True,
         first_append=" crashkernel=256M,high crashkernel=128M,low",
         checks=("same", "crash")),
    dict(name="noefi-gicv3", kernel="arm64-6.1", smp=2, mem="1G",
         acpi=False, efi=False, gic=3, kexec_tools="2.0.25",
         next_append=" earlycon", verdict="escape", fate="oops",
         checks=("same", "noefi", "kexec-e", "proof", "whatif")),
    dict(name="noefi-gicv2", kernel="arm64-6.1", smp=2, mem="1G",
         acpi=False, efi=False, gic=2, kexec_tools="2.0.25",
         next_append=" earlycon", verdict="clean", fate="boots",
         checks=("same", "noefi", "kexec-e", "proof", "whatif", "second")),
]


def matrix_cases():
    """The whole matrix (run.py BUILD --matrix): every boot path (AAVMF with
    ACPI, AAVMF with a device tree, no UEFI) x kernel built here (6.1,
    6.12; stock, 2bab693a608b reverted) x loader (kexec_load by kexec-tools
    2.0.20 and 2.0.25, kexec_file) x GIC (v3 + ITS, v2), each loaded and
    executed. Nothing about a row is expected beforehand: the next kernel's
    fate is observed, and the rules are that every critical range a real
    load covers is one the audit said escapes for that loader (no wrong
    CLEAN), and that the next kernel dies or shows corruption exactly when
    the load covered a critical range."""
    out = []
    for boot, b in (("acpi", dict(acpi=True)), ("dt", dict(acpi=False)),
                    ("noefi", dict(acpi=False, efi=False))):
        for k in ("own-6.1", "own-6.1-revert", "own-6.12",
                  "own-6.12-revert"):
            for ld, l_ in (("kl20", dict(loader="kexec_load",
                                         kexec_tools="2.0.20")),
                           ("kl25", dict(loader="kexec_load",
                                         kexec_tools="2.0.25")),
                           ("kf", dict(loader="kexec_file",
                                       kexec_tools="2.0.25"))):
                for gic in (3, 2):
                    c = dict(name="mx-%s-%s-%s-gicv%d" % (
                        boot, k[len("own-"):], ld, gic), kernel=k,
                        smp=2 if boot == "noefi" else 4, mem="1G", gic=gic,
                        next_append=EARLYCON, verdict=None, fate="observe",
                        checks=(("same",) + (("lpi",) if gic == 3 else ()) +
                                ("kexec-e", "proof", "whatif")))
                    c.update(b)
                    c.update(l_)
                    if ld == "kf" and "6.12" in k:
                        c["kfload"] = True
                    out.append(c)
    return out


_print_lock = threading.Lock()


def say(*args):
    with _print_lock:
        print(*args, flush=True)


def run(cmd, **kw):
    """Runs a command; on failure raises with its output."""
    kw.setdefault("stdout", subprocess.PIPE)
    kw.setdefault("stderr", subprocess.STDOUT)
    p = subprocess.run(cmd, **kw)
    if p.returncode != 0:
        out = p.stdout.decode(errors="replace") if p.stdout else ""
        raise RuntimeError("%s: exit %d\n%s" % (" ".join(cmd), p.returncode,
                                                out[-4000:]))
    return p.stdout.decode(errors="replace") if p.stdout else ""


# ---------------------------------------------------------------------------
# Results


class Results:
    def __init__(self):
        self.passed = 0
        self.failed = 0
        self.failures = []
        self.lock = threading.Lock()

    def check(self, case, what, ok, detail=""):
        with self.lock:
            if ok:
                self.passed += 1
            else:
                self.failed += 1
                self.failures.append("%s: %s" % (case, what))
        say("%s %s: %s%s" % ("PASS" if ok else "FAIL", case, what,
                             ("\n    " + detail.replace("\n", "\n    "))
                             if detail and not ok else ""))
        return ok


# ---------------------------------------------------------------------------
# Downloads: a private apt configuration in the cache


def split_pkg(pkg):
    """"name:arch" or "name:arch=version" -> (name, arch, version or "")."""
    nv, _, ver = pkg.partition("=")
    name, arch = nv.split(":")
    return name, arch, ver


class Apt:
    def __init__(self, cache):
        self.root = os.path.join(cache, "apt")
        self.debs = os.path.join(cache, "debs")
        for d in ("lists/partial", "archives/partial", "etc"):
            os.makedirs(os.path.join(self.root, d), exist_ok=True)
        os.makedirs(self.debs, exist_ok=True)
        with open(os.path.join(self.root, "etc/sources.list"), "w") as f:
            f.write(APT_SOURCES)
        status = os.path.join(self.root, "status")
        if not os.path.exists(status):
            open(status, "w").close()
        self.opts = [
            "-o", "Dir::Etc::SourceList=" + self.root + "/etc/sources.list",
            "-o", "Dir::Etc::SourceParts=" + self.root + "/etc/none",
            "-o", "Dir::Etc::Preferences=" + self.root + "/etc/none",
            "-o", "Dir::Etc::PreferencesParts=" + self.root + "/etc/none",
            "-o", "Dir::State::Lists=" + self.root + "/lists",
            "-o", "Dir::State::status=" + status,
            "-o", "Dir::Cache=" + self.root,
            "-o", "Dir::Cache::archives=" + self.root + "/archives",
            "-o", "APT::Architecture=amd64",
            "-o", "APT::Architectures::=amd64",
            "-o", "APT::Architectures::=arm64",
            "-o", "Debug::NoLocking=1",
            "-o", "APT::Sandbox::User=root",
            "-q",
        ]
        self.updated = False
        self.sel_path = os.path.join(cache, "selected.json")
        try:
            with open(self.sel_path) as f:
                self.selected = json.load(f)
        except (OSError, ValueError):
            self.selected = {}

    def save(self):
        with open(self.sel_path, "w") as f:
            json.dump(self.selected, f, indent=1, sort_keys=True)

    def update(self):
        if not self.updated:
            say("vm: apt-get update (private lists in %s)" % self.root)
            run(["apt-get"] + self.opts + ["update"])
            self.updated = True

    def cache(self, *args):
        self.update()
        return run(["apt-cache"] + self.opts + list(args))

    def _dir_for(self, pkg):
        """Where pkg's .deb goes: a pinned version ("name:arch=version") in
        debs/pinned, so that "name:arch" (the newest) never finds it."""
        d = self.debs
        if split_pkg(pkg)[2]:
            d = os.path.join(self.debs, "pinned")
            os.makedirs(d, exist_ok=True)
        return d

    def _deb_for(self, pkg):
        """The cached .deb of pkg ("name:arch[=version]"), or None."""
        name, arch, ver = split_pkg(pkg)
        d = self._dir_for(pkg)
        # apt-get download writes the epoch's ":" as "%3a"
        pre = name + "_" + (ver.replace(":", "%3a") + "_" if ver else "")
        for f in os.listdir(d):
            if f.startswith(pre) and f.endswith(("_%s.deb" % arch,
                                                 "_all.deb")):
                return os.path.join(d, f)
        return None

    def download(self, pkg):
        """Downloads pkg once; returns the .deb path, or raises."""
        return self.download_many([pkg])[0]

    def download_many(self, pkgs):
        """Downloads what is not cached yet in one apt-get call."""
        missing = [p for p in pkgs if not self._deb_for(p)]
        for d in sorted({self._dir_for(p) for p in missing}):
            self.update()
            run(["apt-get"] + self.opts + ["download"] +
                [p for p in missing if self._dir_for(p) == d], cwd=d)
        out = []
        for p in pkgs:
            have = self._deb_for(p)
            if not have:
                raise RuntimeError("apt-get download %s left no .deb" % p)
            out.append(have)
        return out

    def kernel(self, key):
        """Downloads the newest downloadable kernel package of a series."""
        if key in self.selected:
            return self.download(self.selected[key])
        regex, arch = KERNELS[key]
        names = self.cache("pkgnames", "linux-image-").split()
        cands = sorted({n for n in names if re.match(regex, n)},
                       key=lambda n: -int(re.match(regex, n).group(1)))
        errors = []
        for n in cands:
            try:
                deb = self.download("%s:%s" % (n, arch))
            except RuntimeError as e:
                errors.append(str(e).splitlines()[-1])
                continue
            self.selected[key] = "%s:%s" % (n, arch)
            self.save()
            return deb
        raise RuntimeError("no %s kernel could be downloaded:\n%s" %
                           (key, "\n".join(errors[-5:])))

    def closure(self, pkg):
        """Library packages pkg needs (its recursive Depends)."""
        key = "closure " + pkg
        if key in self.selected:
            return self.selected[key]
        arch = split_pkg(pkg)[1]
        out = self.cache("depends", "--recurse", "--no-recommends",
                         "--no-suggests", "--no-conflicts", "--no-breaks",
                         "--no-replaces", "--no-enhances", pkg)
        # apt-cache names native packages without ":arch"
        libs = set()
        for ln in out.splitlines():
            m = re.match(r"^((?:lib|zlib)[a-z0-9.+-]+)(:[a-z0-9]+)?$",
                         ln.rstrip())
            if m and m.group(2) in (None, ":" + arch):
                libs.add(m.group(1) + ":" + arch)
        libs = sorted(libs)
        self.selected[key] = libs
        self.save()
        return libs


def unpack(deb, dest, only=None):
    """dpkg-deb -x, once; only: the one directory wanted (e.g. "./boot" of
    a kernel package, whose modules are not needed)."""
    if not os.path.isdir(dest):
        tmp = dest + ".tmp"
        shutil.rmtree(tmp, ignore_errors=True)
        os.makedirs(tmp)
        if only:
            tar = subprocess.Popen(["dpkg-deb", "--fsys-tarfile", deb],
                                   stdout=subprocess.PIPE)
            run(["tar", "-x", "-C", tmp, only], stdin=tar.stdout)
            tar.stdout.close()
            if tar.wait() != 0:
                raise RuntimeError("dpkg-deb --fsys-tarfile %s failed" % deb)
        else:
            run(["dpkg-deb", "-x", deb, tmp])
        os.rename(tmp, dest)
    return dest


# ---------------------------------------------------------------------------
# ELF: shared library closure (DT_NEEDED through readelf)


def needed(path):
    out = run(["readelf", "-d", "-l", "-W", path])
    libs = re.findall(r"\(NEEDED\)\s+Shared library: \[([^\]]+)\]", out)
    interp = re.search(r"Requesting program interpreter: ([^\]]+)\]", out)
    return libs, (interp.group(1) if interp else None)


def lib_closure(binaries, search):
    """{path in guest: path on host} of every library the binaries need."""
    files = {}
    todo = list(binaries)
    seen = set()
    while todo:
        b = todo.pop()
        libs, interp = needed(b)
        if interp and interp not in files:
            real = None
            for d in search:
                p = os.path.join(d, os.path.basename(interp))
                if os.path.exists(p):
                    real = p
                    break
            if not real:
                raise RuntimeError("%s: interpreter %s not found" % (b, interp))
            files[interp] = real
        for lib in libs:
            if lib in seen:
                continue
            seen.add(lib)
            for d in search:
                p = os.path.join(d, lib)
                if os.path.exists(p):
                    files[os.path.join("/lib", TRIPLET[arch_of(b)], lib)] = p
                    todo.append(p)
                    break
            else:
                raise RuntimeError("%s needs %s: not found in %s" %
                                   (b, lib, search))
    return files


TRIPLET = {"arm64": "aarch64-linux-gnu", "amd64": "x86_64-linux-gnu"}


def arch_of(path):
    with open(path, "rb") as f:
        hdr = f.read(20)
    machine = int.from_bytes(hdr[18:20], "little")
    return {183: "arm64", 62: "amd64"}[machine]


# ---------------------------------------------------------------------------
# initramfs: a newc cpio written here (device nodes and root ownership need
# no privileges this way), gzip level 1 (the guest unpacks it under TCG)


class Cpio:
    def __init__(self):
        self.entries = {}  # path -> (mode, data or target, rdev)

    def dir(self, path):
        parts = path.strip("/").split("/")
        for i in range(1, len(parts) + 1):
            p = "/".join(parts[:i])
            self.entries.setdefault(p, (0o40755, b"", (0, 0)))

    def file(self, path, data, mode=0o644):
        path = path.strip("/")
        self.dir(os.path.dirname(path))
        self.entries[path] = (0o100000 | mode, data, (0, 0))

    def host(self, path, src, mode=None):
        with open(src, "rb") as f:
            data = f.read()
        if mode is None:
            mode = os.stat(src).st_mode & 0o777
        self.file(path, data, mode)

    def symlink(self, path, target):
        path = path.strip("/")
        self.dir(os.path.dirname(path))
        self.entries[path] = (0o120777, target.encode(), (0, 0))

    def chardev(self, path, major, minor):
        path = path.strip("/")
        self.dir(os.path.dirname(path))
        self.entries[path] = (0o20600, b"", (major, minor))

    def bytes(self):
        out = bytearray()
        ino = 1000

        def rec(name, mode, data, rdev):
            nonlocal ino
            ino += 1
            nb = name.encode() + b"\0"
            hdr = "070701" + "".join("%08x" % v for v in (
                ino, mode, 0, 0, 2 if mode & 0o40000 else 1, 0, len(data), 0,
                0, rdev[0], rdev[1], len(nb), 0))
            out.extend(hdr.encode() + nb)
            out.extend(b"\0" * (-len(out) % 4))
            out.extend(data)
            out.extend(b"\0" * (-len(out) % 4))

        for name in sorted(self.entries):
            mode, data, rdev = self.entries[name]
            rec(name, mode, data, rdev)
        rec("TRAILER!!!", 0, b"", (0, 0))
        return bytes(out)

    def write_gz(self, path):
        with open(path + ".tmp", "wb") as f:
            f.write(gzip.compress(self.bytes(), compresslevel=1, mtime=0))
        os.rename(path + ".tmp", path)


# ---------------------------------------------------------------------------
# Preparation: downloads, the arm64 build, the guests' root filesystems


class Prep:
    def __init__(self, build):
        self.build = os.path.abspath(build)
        self.cache = os.path.join(self.build, "vm-cache")
        self.work = os.path.join(self.build, "vm")
        os.makedirs(self.cache, exist_ok=True)
        os.makedirs(self.work, exist_ok=True)
        self.apt = Apt(self.cache)
        self.x = os.path.join(self.cache, "x")
        os.makedirs(self.x, exist_ok=True)
        self.lock = threading.Lock()

    def unpack_pkg(self, pkg):
        deb = self.apt.download(pkg)
        return unpack(deb, os.path.join(self.x, os.path.basename(deb)[:-4]))

    def kernel(self, key):
        if key.startswith("own-"):
            # built by kbuild.py (scripts/test.sh runs it before ctest; here
            # only what is still missing is built, outside any guest)
            have = kbuild.cached(key)
            if not have:
                say("vm: %s is not in the kernel cache (%s): building it" %
                    (key, kbuild.cache_dir()))
                have = kbuild.build(key, min(2, os.cpu_count() or 1))
            return have
        deb = self.apt.kernel(key)
        root = unpack(deb, os.path.join(self.x, os.path.basename(deb)[:-4]),
                      only="./boot")
        boot = os.path.join(root, "boot")
        vmlinuz = [f for f in os.listdir(boot) if f.startswith("vmlinuz-")]
        if len(vmlinuz) != 1:
            raise RuntimeError("%s: no single vmlinuz in %s" % (deb, boot))
        return os.path.join(boot, vmlinuz[0]), vmlinuz[0][len("vmlinuz-"):]

    def arm64_deps(self):
        """A static-only arm64 sysroot of the -dev packages (one per list
        of packages: a cache made before a package was added is not
        reused)."""
        dest = os.path.join(self.cache, "deps-arm64-" + hashlib.sha256(
            " ".join(ARM64_BUILD_DEPS).encode()).hexdigest()[:12])
        if os.path.isdir(dest):
            return dest
        tmp = dest + ".tmp"
        shutil.rmtree(tmp, ignore_errors=True)
        os.makedirs(tmp)
        for deb in self.apt.download_many([p + ":arm64"
                                           for p in ARM64_BUILD_DEPS]):
            run(["dpkg-deb", "-x", deb, tmp])
        libdir = os.path.join(tmp, "usr/lib/aarch64-linux-gnu")
        # Static where Debian ships the .a: drop the NAME.so link then, so
        # that -lNAME and CMake's find_library take NAME.a. libefivar and
        # libsmartcols have no .a: they stay dynamic, like glibc.
        for f in os.listdir(libdir):
            if f.endswith(".so") and os.path.exists(
                    os.path.join(libdir, f[:-3] + ".a")):
                os.unlink(os.path.join(libdir, f))
        os.rename(tmp, dest)
        return dest

    def arm64_tool(self):
        deps = self.arm64_deps()
        bdir = os.path.join(self.work, "build-arm64")
        # configured every time: a build tree made with an older sysroot
        # (before a package was added) is pointed at the current one
        run(["cmake", "-S", REPO, "-B", bdir,
             "-DCMAKE_TOOLCHAIN_FILE=" +
             os.path.join(HERE, "aarch64-linux-gnu.cmake"),
             "-DEA_ARM64_DEPS=" + deps, "-DBUILD_TESTING=OFF",
             "-DCMAKE_BUILD_TYPE=RelWithDebInfo"])
        run(["cmake", "--build", bdir, "-j", str(os.cpu_count() or 2),
             "--target", "efiresv-audit"])
        tool = os.path.join(bdir, "efiresv-audit")
        libs, interp = needed(tool)
        dyn = [x for x in libs if not re.match(
            r"^(libc|libm|libefivar|libsmartcols|libdl|libpthread|"
            r"ld-linux-aarch64)\.so", x)]
        if dyn:
            raise RuntimeError("%s links %s dynamically; only glibc, "
                               "libefivar and libsmartcols should be" % (tool, dyn))
        return tool

    def userland(self, arch, tool, kexec_tools=""):
        """{guest path: host path} for busybox, the tool, kexec, libraries;
        kexec_tools: a pinned version of the package, or "" (the newest)."""
        files = {}
        if arch == "arm64":
            bb = os.path.join(self.unpack_pkg("busybox-static:arm64"),
                              "bin/busybox")
        else:
            bb = "/bin/busybox"
        if needed(bb) != ([], None):
            raise RuntimeError("%s is not a static busybox" % bb)
        files["/bin/busybox"] = bb
        files["/bin/efiresv-audit"] = tool
        kpkg = "kexec-tools:%s" % arch + ("=" + kexec_tools
                                          if kexec_tools else "")
        kexec = os.path.join(self.unpack_pkg(kpkg), "sbin/kexec")
        files["/sbin/kexec"] = kexec
        libroots = []
        closure = self.apt.closure(kpkg)
        self.apt.download_many(closure)
        for lib in closure:
            libroots.append(self.unpack_pkg(lib))
        t = TRIPLET[arch]
        search = []
        if arch == "amd64":  # the native tool and glibc come from this host
            search += ["/lib/" + t, "/usr/lib/" + t, "/lib64"]
        else:  # libefivar.so.1 and libsmartcols.so.1 of the arm64 tool
            search += [os.path.join(self.arm64_deps(), "usr/lib", t)]
        for r in libroots:
            search += [os.path.join(r, "lib", t), os.path.join(r, "usr/lib", t)]
        files.update(lib_closure([tool, kexec], search))
        return files


def arch_of_case(case):
    return KERNELS[case["kernel"]][1]


def loader_of(case):
    """The loader a case's kexec uses: x86 and the kfile-* cases
    kexec_file_load (kexec -s), the others kexec_load."""
    return case.get("loader", "kexec_file" if arch_of_case(case) ==
                    "amd64" else "kexec_load")


def config_line(vmlinuz, release, name):
    """The line of the kernel's config that sets `name`, as collect.sh
    quotes it."""
    with open(os.path.join(os.path.dirname(vmlinuz),
                           "config-" + release)) as f:
        for ln in f:
            ln = ln.rstrip("\n")
            if ln.startswith(name + "=") or ln == "# %s is not set" % name:
                return ln
    return "%s: no such line" % name


def next_cmdline(case):
    """The command line /init gives kexec (it adds " ea.boot=2")."""
    return case["append"] + case.get("next_append", "")


def kfload(prep, arch):
    """tests/vm/kfload.c, a static binary for the guest's architecture:
    kexec_file_load(2) with KEXEC_FILE_DEBUG."""
    src = os.path.join(HERE, "kfload.c")
    out = os.path.join(prep.work, "kfload-" + arch)
    with prep.lock:
        if (not os.path.exists(out) or
                os.path.getmtime(out) < os.path.getmtime(src)):
            run([TRIPLET[arch] + "-gcc", "-static", "-O2", "-Wall",
                 "-Wextra", "-Werror", "-o", out + ".tmp", src])
            os.rename(out + ".tmp", out)
    return out


def make_initrds(prep, case, arch, userland, vmlinuz, release):
    """Stage A: the userland (the initrd kexec loads). Stage B, booted: A plus
    /boot/vmlinuz and /boot/initrd.gz (A itself)."""
    d = os.path.join(prep.work, case["name"])
    os.makedirs(d, exist_ok=True)
    c = Cpio()
    for p in ("proc", "sys", "dev", "tmp", "sbin", "usr/bin", "usr/sbin",
              "etc", "root"):
        c.dir(p)
    c.chardev("dev/console", 5, 1)
    c.chardev("dev/null", 1, 3)
    for g, h in sorted(userland.items()):
        c.host(g, h, 0o755)
    c.symlink("bin/sh", "busybox")
    c.host("init", os.path.join(HERE, "init.sh"), 0o755)
    c.host("usr/share/efiresv/collect.sh",
           os.path.join(REPO, "scripts/collect.sh"), 0o755)
    if case.get("kfload"):
        c.host("sbin/kfload", kfload(prep, arch), 0o755)
    op = "-p" if case.get("crash") else "-l"
    c.file("etc/ea-case", ("EA_KEXEC=%s\nEA_APPEND=\"%s\"\nEA_EXEC=%d\n" % (
        "kfload" if case.get("kfload") else
        "'-s %s'" % op if loader_of(case) == "kexec_file" else op,
        next_cmdline(case), "kexec-e" in case["checks"])).encode())
    c.file("etc/hostname", case["name"].encode() + b"\n")
    # as on an installed system: collect.sh reads the loader policy here
    # (in A too: the kernel kexec -e starts runs on A)
    c.host("boot/config-" + release,
           os.path.join(os.path.dirname(vmlinuz), "config-" + release), 0o644)
    a = os.path.join(d, "initrd-a.gz")
    c.write_gz(a)
    c.host("boot/vmlinuz", vmlinuz, 0o644)
    c.host("boot/initrd.gz", a, 0o644)
    b = os.path.join(d, "initrd.gz")
    c.write_gz(b)
    return b


# ---------------------------------------------------------------------------
# The guest


def qemu_cmd(case, arch, vmlinuz, initrd, vars_fd):
    if arch == "arm64":
        m = ("virt,gic-version=2" if case.get("gic") == 2 else
             "virt,gic-version=3,its=on") + ("" if case["acpi"]
                                             else ",acpi=off")
        # efi=False: no firmware at all; QEMU loads the kernel Image itself
        # (it unpacks Debian's gzip'd Image) and hands it its device tree
        fw = ["-drive", "if=pflash,format=raw,readonly=on,"
              "file=/usr/share/AAVMF/AAVMF_CODE.fd",
              "-drive", "if=pflash,format=raw,file=" + vars_fd] \
            if case.get("efi", True) else []
        return ["qemu-system-aarch64", "-M", m, "-cpu", "cortex-a57",
                "-smp", str(case["smp"]), "-m", case["mem"],
                "-nographic", "-no-reboot"] + fw + [
                "-kernel", vmlinuz, "-initrd", initrd,
                "-append", case["append"]]
    # one TCG thread for both vCPUs: with a thread each, a 6.12 guest on
    # a loaded host once took an int3 left by text_poke_bp() in
    # run_timer_softirq ("Oops: int3" at 1.6 s, before /init), the other
    # vCPU running stale code while the kernel patched itself
    return ["qemu-system-x86_64", "-M", "q35", "-cpu", "max",
            "-accel", "tcg,thread=single",
            "-smp", str(case["smp"]), "-m", case["mem"],
            "-nographic", "-no-reboot",
            "-drive", "if=pflash,format=raw,readonly=on,"
            "file=/usr/share/OVMF/OVMF_CODE_4M.fd",
            "-drive", "if=pflash,format=raw,file=" + vars_fd,
            "-kernel", vmlinuz, "-initrd", initrd, "-append", case["append"]]


def boot(case, arch, vmlinuz, initrd, d):
    vars_src = ("/usr/share/AAVMF/AAVMF_VARS.fd" if arch == "arm64"
                else "/usr/share/OVMF/OVMF_VARS_4M.fd")
    vars_fd = os.path.join(d, "vars.fd")
    if case.get("efi", True):
        shutil.copyfile(vars_src, vars_fd)
    log = os.path.join(d, "console.log")
    cmd = qemu_cmd(case, arch, vmlinuz, initrd, vars_fd)
    with open(os.path.join(d, "qemu.cmd"), "w") as f:
        f.write(" ".join(cmd) + "\n")
    t0 = time.time()
    # fate: when (seconds after QEMU started) the first /init ran kexec -e
    # and the next kernel's /init came up; silent: killed because it did
    # not come up within SECOND_WAIT CPU seconds of QEMU after kexec -e;
    # exited: when
    # QEMU stopped by itself (power-off, or a guest reset: -no-reboot);
    # panicked: stopped PANIC_GRACE CPU seconds after the next kernel's panic
    fate = dict(kexec_e=None, second_up=None, silent=False, exited=None,
                panicked=False)
    hung = False
    cpu_e = 0.0
    cpu_panic = None
    with open(log, "wb") as out, open(log, "rb") as watch:
        p = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=out,
                             stderr=subprocess.STDOUT)
        seen = b""
        while True:
            try:
                p.wait(timeout=0.5)
                fate["exited"] = time.time() - t0
                break
            except subprocess.TimeoutExpired:
                pass
            now = time.time() - t0
            cpu = qemu_cpu(p.pid) or 0.0
            # the markers are whole lines; keep a line's worth of overlap
            seen = seen[-100:] + watch.read()
            if fate["kexec_e"] is None and re.search(
                    rb"(^|\n)@@EA-KEXEC-E\r?\n", seen):
                fate["kexec_e"] = now
                cpu_e = cpu
            if fate["second_up"] is None and b"\n@@EA-SECOND-UP " in seen:
                fate["second_up"] = now
            if (fate["kexec_e"] is not None and cpu_panic is None and
                    b"Kernel panic - not syncing" in seen):
                cpu_panic = cpu
            if cpu > GUEST_TIMEOUT or now > GUEST_TIMEOUT * WALL_FACTOR:
                hung = True
            elif (cpu_panic is not None and fate["second_up"] is None and
                  cpu - cpu_panic > PANIC_GRACE):
                fate["panicked"] = True
            elif (fate["kexec_e"] is not None and fate["second_up"] is None
                  and (cpu - cpu_e > SECOND_WAIT or
                       now - fate["kexec_e"] > SECOND_WAIT * WALL_FACTOR)):
                fate["silent"] = True
            else:
                continue
            p.kill()
            p.wait()
            break
    took = time.time() - t0
    with open(log, "rb") as f:
        text = f.read().decode(errors="replace").replace("\r", "")
    # QEMU may stop (a panic reset with -no-reboot) within one poll of the
    # marker: a small kernel gets from kexec -e to its panic in a second
    if fate["kexec_e"] is None and re.search(r"(^|\n)@@EA-KEXEC-E\n", text):
        fate["kexec_e"] = fate["exited"] if fate["exited"] is not None \
            else took
    if fate["second_up"] is None and "\n@@EA-SECOND-UP " in text:
        fate["second_up"] = fate["exited"] if fate["exited"] is not None \
            else took
    return text, hung, took, p.returncode, fate


# what the next kernel's /init ships (init.sh, ea.boot=2)
SECOND_FILES = ("live2.json", "live2.err", "live2.rc", "collect2.out",
                "collect2.rc", "snapshot2.tar.gz", "dmesg2.txt", "ima2.txt")


def parse_console(text):
    """{name: bytes} of the files shipped out, and the list of problems.
    After kexec -e only the next kernel's own files count: one whose
    initramfs was corrupted runs /init without its settings and ships
    files under the first kernel's names."""
    files, problems = {}, []
    cur, buf = None, []
    second = False
    for line in text.split("\n"):
        if line == "@@EA-KEXEC-E":
            second = True
            continue
        m = re.match(r"^@@EA-BEGIN (\S+)$", line)
        if m:
            cur, buf = m.group(1), []
            continue
        m = re.match(r"^@@EA-END (\S+) ([0-9a-f]{64})$", line)
        if m and cur == m.group(1):
            data = base64.b64decode("".join(buf))
            if hashlib.sha256(data).hexdigest() != m.group(2):
                problems.append("%s: sha256 mismatch after transfer" % cur)
            if not second or cur in SECOND_FILES:
                files[cur] = data
            cur = None
            continue
        if cur is not None:
            buf.append(line.strip())
    return files, problems


def tail(text, n=120):
    lines = text.split("\n")
    return "\n".join(lines[-n:])


# ---------------------------------------------------------------------------
# Assertions


def norm_report(rep):
    """The report without what legitimately differs between a live run and
    a snapshot: where each input was read from, and how its absence or
    source is described (live: "/proc/kcore", "not read on a live system";
    snapshot: "mem/", "No such file or directory" or the MANIFEST's
    reason), the snapshot's MANIFEST, and where the kexec-tools version was
    read (the MANIFEST, the kexec binary)."""
    # where the kexec-tools version came from: the snapshot's MANIFEST
    # line, the live system's kexec binary (the version must agree)
    rep = json.loads(re.sub(r"the MANIFEST's kexec-tools line|the version "
                            r"string of the kexec binary", "KEXEC-TOOLS",
                            json.dumps(rep)))
    # the snapshot's MANIFEST: what collect.sh said (a live run has none),
    # and the kexec binary (a snapshot has none)
    rep.pop("snapshot", None)
    rep["inputs"] = [i for i in rep.get("inputs", [])
                     if i["name"] not in ("manifest", "kexec_binary")]
    for i in rep.get("inputs", []):
        i.pop("path", None)
        i.pop("detail", None)
        # a live run reads physical memory (and lists what it could not
        # read) where a snapshot may have no mem/ at all (x86: nothing
        # could be saved); the findings and answers are still compared
        if i["name"] == "mem" or i["name"].endswith("_decoded"):
            i.pop("status", None)
    return rep


def report_diff(a, b, an, bn):
    aa = json.dumps(a, indent=1, sort_keys=True).splitlines()
    bb = json.dumps(b, indent=1, sort_keys=True).splitlines()
    d = list(difflib.unified_diff(aa, bb, an, bn, lineterm="", n=2))
    return "\n".join(d[:80]) + ("\n..." if len(d) > 80 else "")


def ranges(view):
    return sorted((int(r["first"], 16), int(r["last"], 16))
                  for r in view.get("free", []))


def merge(rs):
    out = []
    for a, b in sorted(rs):
        if out and a <= out[-1][1] + 1:
            out[-1] = (out[-1][0], max(out[-1][1], b))
        else:
            out.append((a, b))
    return out


def inside(seg, rs):
    return any(a <= seg[0] and seg[1] <= b for a, b in merge(rs))


def overlaps(x, y):
    return x[0] <= y[1] and y[0] <= x[1]


def kexec_load_segments(log):
    """segment[i].mem / .memsz from `kexec -d` (kexec-tools print_segments)."""
    mem = dict(re.findall(r"segment\[(\d+)\]\.mem\s*=\s*(0x[0-9a-f]+)", log))
    size = dict(re.findall(r"segment\[(\d+)\]\.memsz\s*=\s*(0x[0-9a-f]+)", log))
    segs = []
    for i in sorted(mem, key=int):
        a, n = int(mem[i], 16), int(size.get(i, "0"), 16)
        if n:
            segs.append((a, a + n - 1))
    return segs


def kexec_tools_usable(log):
    """arm64 kexec-tools >= 2.0.21: the "System RAM ranges;" list."""
    m = re.search(r"System RAM ranges;\n((?:[0-9a-f]{16}-[0-9a-f]{16} \(0\)\n)+)",
                  log)
    if not m:
        return None
    return [(int(a, 16), int(b, 16)) for a, b in
            re.findall(r"([0-9a-f]{16})-([0-9a-f]{16})", m.group(1))]


def kexec_file_exact(dmesg):
    """[(mem, memsz)] of the last kexec_file load in a kernel log:
    kernel/kexec_file.c "Loading segment %d: buf=0x%p bufsz=0x%zx mem=0x%lx
    memsz=0x%zx" (pr_debug, <= 6.7) or "segment[%d]: buf=0x%p bufsz=0x%zx
    mem=0x%lx memsz=0x%zx" (kexec_dprintk, KEXEC_FILE_DEBUG, >= 6.8)."""
    segs = []
    for i, a, n in re.findall(r"(?:Loading segment |segment\[)(\d+)\]?: "
                              r"buf=\S+ bufsz=0x[0-9a-f]+ mem=0x([0-9a-f]+) "
                              r"memsz=0x([0-9a-f]+)", dmesg):
        if int(i) == 0:
            segs = []
        segs.append((int(a, 16), int(n, 16)))
    return segs


def kexec_file_segments(dmesg):
    return [(a, a + n - 1) for a, n in kexec_file_exact(dmesg) if n]


def kexec_file_kernel(dmesg):
    """(first, last) of the kernel's segment of the last kexec_file load:
    arch/arm64/kernel/kexec_image.c "Loaded kernel at 0x%lx bufsz=0x%lx
    memsz=0x%lx", arch/x86/kernel/kexec-bzimage64.c "Loaded 64bit kernel
    at ..." (kbuf.mem, the segment's start)."""
    m = re.findall(r"Loaded (?:64bit )?kernel at 0x([0-9a-f]+) "
                   r"bufsz=0x[0-9a-f]+ "
                   r"memsz=0x([0-9a-f]+)", dmesg)
    if not m:
        return None
    a = int(m[-1][0], 16)
    return next((s for s in kexec_file_segments(dmesg) if s[0] == a), None)


def check_placement(R, name, rep, loader, segs, what):
    view = rep["loader_views"][loader]
    free = ranges(view)
    R.check(name, "the report has a known %s view with a free list" % loader,
            view.get("known") and bool(free),
            "view: known=%s free=%d ranges (the 'free' array)" %
            (view.get("known"), len(free)))
    R.check(name, "%s placed segments (%s)" % (what, loader), bool(segs),
            "no segment lines found")
    if not free or not segs:
        return
    bad = ["0x%x-0x%x" % s for s in segs if not inside(s, free)]
    R.check(name, "every %s segment lies in the tool's %s free view "
            "(%d segments)" % (what, loader, len(segs)), not bad,
            "outside the free view: %s\nfree: %s" % (
                ", ".join(bad),
                ", ".join("0x%x-0x%x" % r for r in merge(free))))
    hits = []
    for p in rep["protected"]:
        pr = (int(p["first"], 16), int(p["last"], 16))
        guarded = (p["tier"] == "critical" or
                   p["loaders"].get(loader) == "protected")
        for s in segs:
            if guarded and overlaps(s, pr):
                hits.append("segment 0x%x-0x%x overlaps %s %s 0x%x-0x%x" %
                            (s[0], s[1], p["tier"], p["name"], pr[0], pr[1]))
    R.check(name, "no %s segment overlaps a protected range" % what,
            not hits, "\n".join(hits))


def check_usable(R, name, rep, klog):
    """kexec-tools' own "System RAM ranges" (arm64, >= 2.0.21) == the
    report's kexec_load free view."""
    usable = kexec_tools_usable(klog)
    if usable is None:
        return
    mine = merge(ranges(rep["loader_views"]["kexec_load"]))
    R.check(name, "kexec-tools' own usable list == the tool's kexec_load "
            "free view", merge(usable) == mine,
            "kexec-tools: %s\ntool:        %s" % (
                ", ".join("0x%x-0x%x" % r for r in merge(usable)),
                ", ".join("0x%x-0x%x" % r for r in mine)))


def audit(tool, args):
    p = subprocess.run([tool, "--json"] + args, stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE)
    try:
        rep = json.loads(p.stdout)
    except ValueError:
        rep = None
    return p.returncode, rep, p.stderr.decode(errors="replace")


def check_edit(R, name, tool, live, root, d):
    """Issue case 4: a reservation made to escape on purpose, on the snapshot
    this guest just collected: drop the iomem `reserved` child and the
    memblock.reserved region that cover the LPI property table, as a kernel
    without them would show; both loaders must then be said to overwrite
    it, and the verdict must be escape."""
    prop = [p for p in live["protected"] if p["kind"] == "lpi_property_table"]
    if not R.check(name, "edit: the live report has an LPI property table",
                   len(prop) == 1, str(prop)):
        return
    a = int(prop[0]["first"], 16)
    ed = os.path.join(d, "edited")
    shutil.rmtree(ed, ignore_errors=True)
    shutil.copytree(root, ed)
    dropped = []
    p = os.path.join(ed, "proc/iomem")
    with open(p) as f:
        lines = f.readlines()
    keep = []
    for ln in lines:
        m = re.match(r"^(\s+)([0-9a-f]+)-([0-9a-f]+) : reserved$", ln.rstrip())
        if m and m.group(1) and int(m.group(2), 16) <= a <= int(m.group(3), 16):
            dropped.append("iomem: " + ln.strip())
            continue
        keep.append(ln)
    with open(p, "w") as f:
        f.writelines(keep)
    p = os.path.join(ed, "sys/kernel/debug/memblock/reserved")
    with open(p) as f:
        lines = f.readlines()
    keep = []
    for ln in lines:
        m = re.match(r"^\s*\d+: (0x[0-9a-f]+)\.\.(0x[0-9a-f]+)", ln)
        if m and int(m.group(1), 16) <= a <= int(m.group(2), 16):
            dropped.append("memblock.reserved: " + ln.strip())
            continue
        keep.append(ln)
    with open(p, "w") as f:
        f.writelines(keep)
    R.check(name, "edit: dropped the iomem and memblock reservations of the "
            "LPI property table", len(dropped) == 2, "\n".join(dropped))
    rc, rep, err = audit(tool, ["--snapshot", ed])
    if not R.check(name, "edit: the edited snapshot gives a report",
                   rep is not None, err[-2000:]):
        return
    pe = [x for x in rep["protected"] if x["kind"] == "lpi_property_table"]
    ans = pe[0]["loaders"] if pe else {}
    R.check(name, "edit: the LPI property table escapes both loaders",
            ans == {"kexec_file": "escapes", "kexec_load": "escapes"},
            "answers: %s" % ans)
    R.check(name, "edit: verdict escape, exit 1",
            rep["verdict"] == "escape" and rc == 1,
            "verdict %s, exit %d" % (rep["verdict"], rc))


def check_noefi(R, name, case, live, root):
    """A boot without UEFI, read from the snapshot's own files rather than
    from the tool: no MEMRESERVE chain, and no iomem `reserved` child and
    no memblock.reserved region overlaps any LPI table the log prints (the
    kernel reserves them only through efi_mem_reserve_persistent()). The
    report must then say each of them escapes both loaders."""
    with open(os.path.join(root, "dmesg.txt"), errors="replace") as f:
        log = f.read()
    prop, pend = lpi_tables_logged(log)
    tables = ([("LPI property table", prop)] if prop is not None else []) + \
        [("%s LPI pending table" % c, a) for c, a in sorted(pend.items())]
    if case.get("gic", 3) != 3:
        R.check(name, "GICv2: the log prints no LPI table", not tables,
                str(tables))
    else:
        R.check(name, "the log prints the LPI property table and %d pending "
                "tables" % case["smp"],
                prop is not None and len(pend) == case["smp"], str(tables))
    R.check(name, "no UEFI: the log says \"efi: UEFI not found.\"",
            "efi: UEFI not found." in log,
            "\n".join(ln for ln in log.splitlines() if "efi" in ln.lower()))
    resv = []
    with open(os.path.join(root, "proc/iomem")) as f:
        for ln in f:
            m = re.match(r"^\s+([0-9a-f]+)-([0-9a-f]+) : reserved$",
                         ln.rstrip())
            if m:
                resv.append(("iomem: " + ln.strip(), int(m.group(1), 16),
                             int(m.group(2), 16)))
    with open(os.path.join(root, "sys/kernel/debug/memblock/reserved")) as f:
        for ln in f:
            m = re.match(r"^\s*\d+: (0x[0-9a-f]+)\.\.(0x[0-9a-f]+)", ln)
            if m:
                resv.append(("memblock.reserved: " + ln.strip(),
                             int(m.group(1), 16), int(m.group(2), 16)))
    # LPI_PROPBASE_SZ and LPI_PENDBASE_SZ: 64 KiB each
    hits = ["%s 0x%x: %s" % (t, a, r[0]) for t, a in tables for r in resv
            if overlaps((a, a + 0xffff), r[1:])]
    R.check(name, "no iomem reserved child and no memblock.reserved region "
            "overlaps an LPI table (%d tables)" % len(tables), not hits,
            "\n".join(hits))
    lpi = sorted((int(p["first"], 16), p["loaders"]["kexec_file"],
                  p["loaders"]["kexec_load"]) for p in live["protected"]
                 if p["kind"].startswith("lpi_"))
    R.check(name, "live report: exactly these LPI tables, each escaping "
            "kexec_file and kexec_load",
            lpi == sorted((a, "escapes", "escapes") for _, a in tables),
            "report: %s\nlog: %s" % (lpi, tables))
    chain = [p["name"] for p in live["protected"]
             if p["kind"].startswith("memreserve")]
    R.check(name, "live report: no MEMRESERVE range", not chain,
            ", ".join(chain))


# ---------------------------------------------------------------------------
# Issue #7: the audit of a load, then kexec -e, and what the next kernel did

# per case, for the verdict-vs-fate table main() prints
SUMMARY = {}
SUMMARY_LOCK = threading.Lock()


def summarize(name, **kw):
    with SUMMARY_LOCK:
        SUMMARY.setdefault(name, {}).update(kw)


def rng(p):
    return int(p["first"], 16), int(p["last"], 16)


def kexec_segments_exact(log):
    """[(mem, memsz)] of every segment `kexec -d` printed, in its order."""
    mem = dict(re.findall(r"segment\[(\d+)\]\.mem\s*=\s*(0x[0-9a-f]+)", log))
    size = dict(re.findall(r"segment\[(\d+)\]\.memsz\s*=\s*(0x[0-9a-f]+)",
                           log))
    return [(int(mem[i], 16), int(size[i], 16))
            for i in sorted(mem, key=int) if i in size]


def kernel_segment(log):
    """(first, last) of the kernel's segment in an arm64 `kexec -d` log: the
    one at image_arm64_load's kernel_segment + text_offset."""
    m = re.search(r"image_arm64_load: kernel_segment:\s+([0-9a-f]+)", log)
    t = re.search(r"image_arm64_load: text_offset:\s+([0-9a-f]+)", log)
    if not m:
        return None
    a = int(m.group(1), 16) + (int(t.group(1), 16) if t else 0)
    return next((s for s in kexec_load_segments(log) if s[0] == a), None)


FINDING_RE = re.compile(
    r"^segment \d+(?: \([^)]*\))? (0x[0-9a-f]+)-(0x[0-9a-f]+) of a .* "
    r"overlaps (.+) (0x[0-9a-f]{16})-(0x[0-9a-f]{16}): the image ")


def collisions_found(rep):
    """{(segment, protected name, protected range, severity)} of the
    report's loaded_segment_overwrites findings, and the messages that did
    not read as one."""
    got, bad = set(), []
    for f in rep.get("findings", []):
        if f["check"] != "loaded_segment_overwrites":
            continue
        m = FINDING_RE.match(f["message"])
        if not m:
            bad.append(f["message"])
            continue
        got.add(((int(m.group(1), 16), int(m.group(2), 16)), m.group(3),
                 (int(m.group(4), 16), int(m.group(5), 16)), f["severity"]))
    return got, bad


def collisions_expected(rep, segs):
    """The same set, computed here: every segment kexec -d printed against
    every protected range of the report (critical ones make critical
    findings)."""
    want = set()
    for p in rep["protected"]:
        for sg in segs:
            if overlaps(sg, rng(p)):
                want.add((sg, p["name"], rng(p), "critical"
                          if p["tier"] == "critical" else "warning"))
    return want


def fmt_collisions(cs):
    return "\n".join("segment 0x%x-0x%x over %s 0x%x-0x%x (%s)" % (
        c[0][0], c[0][1], c[1], c[2][0], c[2][1], c[3]) for c in sorted(cs))


def loaded(case, klog, dmesg):
    """(segments, kernel segment) of the load kexec -e will execute: from
    `kexec -d` (kexec_load) or the kernel's own kexec_file lines."""
    if loader_of(case) == "kexec_file":
        return kexec_file_segments(dmesg), kexec_file_kernel(dmesg)
    return kexec_load_segments(klog), kernel_segment(klog)


def check_proof(R, name, case, klog, dmesg, reports):
    """Issue #7 item 2: the audit of the load kexec -e is about to execute,
    live in the guest (--kexec-log) and outside on the snapshot collect.sh
    -k made: escape exactly when a segment the loader chose (kexec-tools'
    `kexec -d`, or for kexec_file_load the kernel's own dynamic-debug lines)
    covers a protected range, each such overlap a finding."""
    segs, ks = loaded(case, klog, dmesg)
    R.check(name, "proof: %s printed the segments and the kernel's" % (
        "the kernel (kexec_file dynamic debug)"
        if loader_of(case) == "kexec_file" else "kexec -d"),
        bool(segs) and ks is not None,
        klog[-3000:] if loader_of(case) == "kexec_load" else "\n".join(
            ln for ln in dmesg.splitlines() if "kexec" in ln)[-3000:])
    verdict = case["verdict"]
    live = reports[0][1]
    if verdict is None:
        check_proof_observed(R, name, case, segs, ks, reports)
        return
    code = {"clean": 0, "escape": 1}[verdict]
    # the verdict for the loader this load used (another loader's escape
    # makes the audit's verdict escape without this load covering anything)
    lverdict = case.get("load_verdict", verdict)
    want = collisions_expected(live, segs)
    named, covered = [], False
    for label, rep, rc in reports:
        if rep is None:
            continue
        got, bad = collisions_found(rep)
        R.check(name, "proof, %s: verdict %s, exit %d" % (label, verdict,
                                                          code),
                rep["verdict"] == verdict and rc == code,
                "verdict %s, exit %s; findings:\n%s" % (
                    rep["verdict"], rc, "\n".join(
                        "%s %s: %s" % (f["severity"], f["check"],
                                       f["message"])
                        for f in rep["findings"]
                        if f["severity"] != "info")))
        check_collisions(R, name, label, want, got, bad)
        if label.startswith("live"):
            named = [c[1] for c in sorted(got, key=lambda c: c[2])
                     if c[0] == ks]
            covered = any(c[3] == "critical" for c in got)
    if live is not None:
        check_sound(R, name, case, want, live)
    if lverdict != verdict and live is not None and "revert" in case[
            "kernel"]:
        # 2bab693a608b reverted: the loader used protects every critical
        # range; the other one does not (that is the audit's escape)
        used = loader_of(case)
        other = "kexec_load" if used == "kexec_file" else "kexec_file"
        crit = [p for p in live["protected"] if p["tier"] == "critical"]
        R.check(name, "proof: %s protects every critical range, %s does "
                "not (the verdict is %s's)" % (used, other, other),
                all(p["loaders"][used] == "protected" for p in crit) and
                any(p["loaders"][other] == "escapes" for p in crit),
                "\n".join("%s: %s %s, %s %s" % (
                    p["name"], used, p["loaders"][used], other,
                    p["loaders"][other]) for p in crit))
    if lverdict == "escape":
        cov = [p for p in live["protected"] if ks and overlaps(ks, rng(p))]
        kinds = [p["kind"] for p in cov]
        # without UEFI there is no MEMRESERVE chain to cover
        chain = case.get("efi", True)
        R.check(name, "proof: the kernel segment covers the LPI property "
                "table, the %d LPI pending tables%s" % (
                    case["smp"], " and a MEMRESERVE node" if chain else
                    " (no MEMRESERVE node: no UEFI)"),
                kinds.count("lpi_property_table") == 1 and
                kinds.count("lpi_pending_table") == case["smp"] and
                ("memreserve_node" in kinds) == chain,
                "kernel segment %s covers: %s" % (
                    ks and "0x%x-0x%x" % ks,
                    ", ".join(p["name"] for p in cov) or "nothing"))
    else:
        R.check(name, "proof: no segment of kexec -d overlaps a protected "
                "range", not want, fmt_collisions(want))
    if case.get("gic") == 2:
        lpi = [p["name"] for p in live["protected"]
               if p["kind"].startswith("lpi_")]
        R.check(name, "GICv2: no LPI tables to overwrite", not lpi,
                ", ".join(lpi))
    summarize(name, kernel=ks, covers=named, segments=segs,
              covered=covered,
              verdicts=[(rep["verdict"] if rep else "none", rc)
                        for _, rep, rc in reports])


def check_collisions(R, name, label, want, got, bad):
    R.check(name, "proof, %s: its loaded_segment_overwrites findings are "
            "the loaded segments over protected ranges (%d)" %
            (label, len(want)), got == want and not bad,
            "expected (the loaded segments x protected):\n%s\nreported:\n"
            "%s%s" % (fmt_collisions(want), fmt_collisions(got),
                      "\nunreadable: %s" % bad if bad else ""))


def check_sound(R, name, case, want, live):
    """No wrong CLEAN: every critical range a real load covers is one the
    audit, made before, said escapes for that loader (a covered range it
    called protected or left unknown would be a CLEAN it could not
    back)."""
    used = loader_of(case)
    crit = {c[1] for c in want if c[3] == "critical"}
    said = {p["name"]: p["loaders"].get(used) for p in live["protected"]}
    wrong = sorted(n for n in crit if said.get(n) != "escapes")
    R.check(name, "proof: every critical range the load covers (%d) is one "
            "the audit said escapes for %s" % (len(crit), used), not wrong,
            ", ".join("%s: %s" % (n, said.get(n)) for n in wrong))


def check_proof_observed(R, name, case, segs, ks, reports):
    """check_proof for a row of the whole matrix, where no verdict is
    expected: each report's loaded_segment_overwrites findings are the real
    segments over protected ranges, and every critical range the load
    covers is one the audit says escapes for this loader (a covered range
    it called protected would be a wrong CLEAN)."""
    used = loader_of(case)
    live = reports[0][1]
    want = collisions_expected(live, segs) if live else set()
    for label, rep, rc in reports:
        if rep is None:
            continue
        got, bad = collisions_found(rep)
        check_collisions(R, name, label, want, got, bad)
    crit = {c[1] for c in want if c[3] == "critical"}
    said = {p["name"]: p["loaders"].get(used) for p in
            (live or {}).get("protected", [])}
    if live is not None:
        check_sound(R, name, case, want, live)
    view = [p["loaders"].get(used) for p in (live or {}).get("protected", [])
            if p["tier"] == "critical"]
    lv = ("escape" if "escapes" in view else
          "unknown" if "unknown" in view else "clean")
    summarize(name, kernel=ks, segments=segs,
              covers=sorted(crit, key=lambda n: said.get(n) or ""),
              covered=bool(crit), loader_verdict=lv,
              verdicts=[(rep["verdict"] if rep else "none", rc)
                        for _, rep, rc in reports])


def check_whatif(R, name, case, tool, klog, dmesg, vmlinuz, initrd_a,
                 tarball):
    """Issue #7 item 3: the what-if on the snapshot, given the files kexec
    loaded, predicts the exact segments the loader chose: for kexec_load
    told the kexec-tools version (compared with `kexec -d`), for
    kexec_file_load the kernel's own placement (compared with its
    dynamic-debug lines). Needs the what-if on the command line
    (--kernel/--initrd/--cmdline[/--kexec-tools], "placement" in the JSON);
    without it this check fails and says so. Returns the loader's model
    (None when there is none)."""
    kt = case["kexec_tools"]
    loader = loader_of(case)
    args = ["--snapshot", tarball, "--kernel", vmlinuz, "--initrd", initrd_a,
            "--cmdline", next_cmdline(case) + " ea.boot=2"]
    if loader == "kexec_load":
        args += ["--kexec-tools", kt]
        real, by = kexec_segments_exact(klog), "kexec -d"
    else:
        real, by = kexec_file_exact(dmesg), "the kernel's log"
    real_segs, ks = loaded(case, klog, dmesg)
    what = ("kexec-tools %s" % kt if loader == "kexec_load" else
            "kexec_file")
    rc, rep, err = audit(tool, args)
    if not R.check(name, "what-if: %s on the snapshot gave a placement" %
                   " ".join(args[2:]).replace(vmlinuz, "VMLINUZ").replace(
                       initrd_a, "INITRD"),
                   rep is not None and isinstance(rep.get("placement"),
                                                  list),
                   "efiresv-audit --json %s\nexit %d: %s\n(issue #7 item 3 "
                   "needs the what-if on the command line)" % (
                       " ".join(a if " " not in a else "'%s'" % a
                                for a in args), rc, err.strip()[-1500:])):
        return None
    pl = [x for x in rep["placement"] if x.get("loader") == loader]
    if not R.check(name, "what-if: one %s model, status placed" % loader,
                   len(pl) == 1 and pl[0].get("status") == "placed",
                   json.dumps(rep["placement"], indent=1)[:3000]):
        return None
    got = sorted((int(sg["first"], 16), sg["memsz"])
                 for sg in pl[0]["segments"] if sg.get("placed"))
    want = sorted((a, n) for a, n in real if n)

    def show(v):
        return ", ".join("0x%x+0x%x" % x for x in v)
    if case.get("whatif") == "kernel":
        # the kernel segment only: kexec-tools packs the FDT it is given
        # (QEMU's -kernel FDT is padded to 1 MiB) where the what-if sizes
        # the DTB from the FDT's totalsize, so the DTB and what follows
        # it differ (README); the difference is printed, not judged
        gk = [(int(sg["first"], 16), int(sg["last"], 16))
              for sg in pl[0]["segments"]
              if sg.get("placed") and sg.get("name") == "kernel"]
        R.check(name, "what-if (%s): its kernel segment == the one %s "
                "placed (0x%x-0x%x)" % (
                    what, by, ks[0] if ks else 0, ks[1] if ks else 0),
                ks is not None and gk == [ks],
                "%s: %s\nwhat-if:  %s\nrules: %s" % (
                    by, show(want), show(got), pl[0].get("rules")))
        if got != want:
            say("vm: %s: note: what-if segments %s, %s %s" % (
                name, show(got), by, show(want)))
    else:
        R.check(name, "what-if (%s) == the segments %s placed (%d)" % (
            what, by, len(want)), got == want and bool(want),
            "%s: %s\nwhat-if:  %s\nrules: %s" % (
                by, show(want), show(got), pl[0].get("rules")))
    if arch_of_case(case) == "arm64":
        # the DTB the loader built, to the byte (the kernel's bufsz, or
        # kexec -d's "dtb: base %lx, size %lxh") against the one the
        # what-if rebuilt from sys/firmware/fdt
        real_dtb = re.findall(r"Loaded dtb at 0x[0-9a-f]+ "
                              r"bufsz=0x([0-9a-f]+)", dmesg) \
            if loader == "kexec_file" else re.findall(
                r"dtb:\s+base [0-9a-f]+, size ([0-9a-f]+)h", klog)
        model_dtb = re.findall(r"DTB 0x([0-9a-f]+) bytes", pl[0]["rules"])
        R.check(name, "what-if: the DTB %s builds, to the byte (%s: 0x%s)" %
                (what, by, real_dtb[-1] if real_dtb else "?"),
                bool(real_dtb) and model_dtb == real_dtb[-1:],
                "%s: %s; what-if: %s" % (by, real_dtb, model_dtb))
    else:
        # x86: the boot_params segment bzImage64_load() sized, to the byte
        # ("Loaded boot_param, command line and misc at 0x%lx bufsz=0x%lx":
        # struct boot_params, the command line, the EFI runtime map and
        # the EFI, RNG and IMA setup_data) against the what-if's estimate
        real_bp = re.findall(r"Loaded boot_param, command line and misc at "
                             r"0x[0-9a-f]+ bufsz=0x([0-9a-f]+)", dmesg)
        model_bp = re.findall(r"boot_params segment estimated at "
                              r"0x([0-9a-f]+) bytes", json.dumps(pl[0]))
        R.check(name, "what-if: the boot_params segment %s builds, to the "
                "byte (%s: 0x%s)" % (what, by, real_bp[-1] if real_bp
                                     else "?"),
                bool(real_bp) and model_bp == real_bp[-1:],
                "%s: %s; what-if: %s" % (by, real_bp, model_bp))
    # and what they would overwrite, before any load: the protected ranges
    # the real segments cover
    over = sorted({(o["name"], o["first"], o["last"])
                   for sg in pl[0]["segments"] if sg.get("placed")
                   for o in sg.get("overwrites", [])})
    cover = sorted({(c[1], "0x%016x" % c[2][0], "0x%016x" % c[2][1])
                    for c in collisions_expected(rep, real_segs)})
    R.check(name, "what-if: the ranges its segments overwrite == those the "
            "real segments cover (%d)" % len(cover), over == cover,
            "what-if: %s\n%s: %s" % (over, by, cover))
    if over != cover:
        said = "WRONG"
    elif got == want:
        said = "exactly"
    elif case.get("whatif") == "kernel" and ks and [
            x for x in got if x[0] == ks[0]]:
        said = ("the kernel segment exactly, the others not (%s; %s "
                "%s)" % (show(got), by, show(want)))
    else:
        said = "WRONG"
    summarize(name, whatif=said, whatif_loader=loader)
    return pl[0]


def check_ima(R, name, case, dmesg, model, files):
    """CONFIG_IMA_KEXEC, observed: ima_add_kexec_buffer() ("kexec
    measurement buffer for the loaded kernel at 0x%lx", kexec_dprintk) adds
    the first segment, one page (the boot_aggregate entry plus half a page,
    page-aligned), top-down, above every later one; the what-if's "ima"
    segment is that one. On a device-tree boot the next kernel restores the
    list (two boot_aggregate entries: the first kernel's, carried, and its
    own); on ACPI it does not (one): ima_get_kexec_buffer() looks for
    linux,ima-kexec-buffer in of_chosen, and arm64 setup_arch() unflattens
    the device tree only when ACPI is disabled. x86 carries it in a
    SETUP_IMA setup_data of boot_params (arch/x86/kernel/setup.c
    add_early_ima_buffer(), b69a2afd5afc), which does not depend on a
    device tree: restored on ACPI."""
    carries = arch_of_case(case) == "amd64" or not case["acpi"]
    at = re.findall(r"kexec measurement buffer for the loaded kernel at "
                    r"0x([0-9a-f]+)", dmesg)
    segs = kexec_file_exact(dmesg)
    ima = int(at[-1], 16) if at else None
    ok = R.check(name, "IMA: the kernel's first segment is the measurement "
                 "list, one page, above every other segment",
                 ima is not None and bool(segs) and segs[0] == (ima, 0x1000)
                 and all(a < ima for a, _ in segs[1:]),
                 "buffer at %s; segments %s" % (
                     at, ", ".join("0x%x+0x%x" % x for x in segs)))
    got = [(int(sg["first"], 16), sg["memsz"])
           for sg in (model or {}).get("segments", [])
           if sg.get("placed") and sg.get("name") == "ima"]
    ok &= R.check(name, "IMA: the what-if's ima segment is the one the "
                  "kernel placed", ima is not None and got == [(ima, 0x1000)],
                  "kernel: %s; what-if: %s" % (at, got))
    carried = files.get("ima2.txt", b"").decode(errors="replace")
    n = len(re.findall(r"\bboot_aggregate\b", carried))
    ok &= R.check(name, "IMA: the next kernel's measurement list holds %s" % (
        "two boot_aggregate entries (the first kernel's, carried, and its "
        "own)" if carries else "one boot_aggregate entry, its own (arm64 "
        "ACPI: not carried)"), n == (2 if carries else 1),
        carried[:2000] or "no ascii_runtime_measurements")
    if ok:
        summarize(name, ima="0x%x-0x%x" % (ima, ima + 0xfff),
                  ima_carried=carries)


def check_crash(R, name, case, tool, txt, vmlinuz, initrd_a, tarball):
    """crashkernel=X,high, observed: /proc/iomem has two "Crash kernel"
    ranges (crashk_low_res below 4 GiB, crashk_res above:
    arch/arm64/mm/init.c reserve_crashkernel()); the kexec_file crash load
    (kexec -s -p) puts every segment in the high one (kexec_walk_memblock()
    with crashk_res), and the what-if --crash on the snapshot gives those
    segments exactly."""
    R.check(name, "kexec -s -p succeeded", txt("kexec.rc").strip() == "0",
            txt("kexec.log")[-3000:])
    crashk = []
    try:
        with tarfile.open(tarball) as tf:
            m = next(x for x in tf.getmembers()
                     if x.name.endswith("proc/iomem"))
            iomem = tf.extractfile(m).read().decode(errors="replace")
        crashk = [(int(a, 16), int(b, 16)) for a, b in re.findall(
            r"^\s*([0-9a-f]+)-([0-9a-f]+) : Crash kernel$", iomem, re.M)]
    except (OSError, tarfile.TarError, StopIteration) as e:
        iomem = "snapshot.tar.gz: %s" % e
    if not R.check(name, "/proc/iomem: two Crash kernel ranges, one below "
                   "4 GiB and one above", len(crashk) == 2 and
                   crashk[0][1] < 1 << 32 <= crashk[1][0], iomem[-3000:]):
        return
    segs = [(a, n) for a, n in kexec_file_exact(txt("dmesg-after.txt")) if n]
    R.check(name, "every segment of the crash load lies in the high Crash "
            "kernel range 0x%x-0x%x (%d)" % (crashk[1] + (len(segs),)),
            bool(segs) and all(crashk[1][0] <= a and a + n - 1 <= crashk[1][1]
                               for a, n in segs),
            ", ".join("0x%x+0x%x" % x for x in segs))
    args = ["--snapshot", tarball, "--crash", "--kernel", vmlinuz,
            "--initrd", initrd_a, "--cmdline", next_cmdline(case)]
    rc, rep, err = audit(tool, args)
    pl = [x for x in (rep or {}).get("placement") or []
          if x.get("loader") == "kexec_file"]
    got = sorted((int(sg["first"], 16), sg["memsz"])
                 for sg in (pl[0]["segments"] if pl else [])
                 if sg.get("placed"))
    ok = R.check(name, "what-if --crash: the segments the kernel placed "
                 "(%d)" % len(segs), bool(segs) and got == sorted(segs),
                 "kernel: %s\nwhat-if: %s\nexit %d: %s\nrules: %s" % (
                     ", ".join("0x%x+0x%x" % x for x in sorted(segs)),
                     ", ".join("0x%x+0x%x" % x for x in got), rc,
                     err.strip()[-1000:], pl and pl[0].get("rules")))
    if ok:
        summarize(name, crash="0x%x-0x%x" % crashk[1])


def lpi_tables_logged(log):
    """(property table, {"CPUn": pending table}) as a kernel log prints
    them (irq-gic-v3-its.c: "GICv3: using LPI property table @%pa", "GICv3:
    CPU%d: using allocated|reserved LPI pending table @%pa")."""
    prop = re.findall(r"GICv3: using LPI property table @(0x[0-9a-f]+)", log)
    pend = {"CPU" + c: int(a, 16) for c, a in re.findall(
        r"GICv3: CPU(\d+): using (?:allocated|reserved) LPI pending table "
        r"@(0x[0-9a-f]+)", log)}
    return (int(prop[0], 16) if len(prop) == 1 else None), pend


def check_fate_oops(R, name, case, after, fate, hung, first_dmesg):
    """A board without UEFI (noefi-gicv3), as observed: the next kernel
    (with earlycon) finds LPIs enabled, the first kernel's LPI tables inside
    its own image (the kernel segment was copied over them) and so
    reserved, takes them over without a complaint ("Using preallocated
    redistributor tables", "using reserved LPI pending table" at the first
    kernel's addresses), and dies in an initcall (Oops, panic); panic=-1
    resets the guest and -no-reboot stops QEMU. /init never runs."""
    R.check(name, "the next kernel started (Booting Linux, on the console "
            "through earlycon)", "Booting Linux on physical CPU" in after,
            tail(after, 40))
    prop1, pend1 = lpi_tables_logged(first_dmesg)
    prop2, pend2 = lpi_tables_logged(after)
    R.check(name, "console: the next kernel says \"GICv3: Using "
            "preallocated redistributor tables\"",
            "GICv3: Using preallocated redistributor tables" in after,
            "\n".join(ln for ln in after.splitlines() if "GIC" in ln))
    R.check(name, "console: it uses the first kernel's LPI property table "
            "(0x%x) and, as reserved, the pending table of each of the %d "
            "CPUs at the first kernel's address" % (prop1 or 0, case["smp"]),
            prop1 is not None and prop2 == prop1 and
            len(pend1) == case["smp"] and pend2 == pend1 and
            len(re.findall(r"using reserved LPI pending table", after)) ==
            case["smp"],
            "first kernel: property 0x%x, pending %s\nnext kernel: %s" % (
                prop1 or 0, pend1, "\n".join(
                    ln for ln in after.splitlines() if "LPI" in ln)))
    quiet = [m for m in ("Expected reserved range",
                         "Booted with LPIs enabled",
                         "Failed to disable LPIs") if m in after]
    R.check(name, "console: no LPI complaint (the tables lie in its own "
            "image's reservation)", not quiet, ", ".join(quiet))
    oops = re.search(r"Internal error: Oops[^\n]*", after)
    pc = re.search(r"\] pc : (\S+)", after)
    code = re.search(r"\] Code: ([^\n]*?)\s*\n", after)
    R.check(name, "console: the next kernel oopses and panics",
            oops is not None and "Kernel panic - not syncing" in after,
            tail(after, 60))
    R.check(name, "the next kernel's /init never ran; QEMU stopped by "
            "itself (panic=-1 reset, -no-reboot) within %d s of QEMU CPU time "
            "after kexec -e" %
            SECOND_WAIT,
            fate["second_up"] is None and "@@EA-SECOND-UP" not in after and
            fate["exited"] is not None and not fate["silent"] and not hung,
            "second_up %s, exited %s, silent %s, hung %s" % (
                fate["second_up"], fate["exited"], fate["silent"], hung))
    what = "%s at %s%s, then panic; QEMU stopped %.0f s after kexec -e" % (
        oops.group(0) if oops else "no Oops", pc.group(1) if pc else "?",
        " (Code: %s)" % code.group(1) if code else "",
        (fate["exited"] or 0) - fate["kexec_e"])
    summarize(name, fate=what, died=fate["second_up"] is None)


# what a kernel prints when it finds that the memory it inherited is not
# what it expected (irq-gic-v3-its.c)
CORRUPTION = ("Booted with LPIs enabled, memory probably corrupted",
              "Expected reserved range", "Failed to disable LPIs")


def console_fate(after, fate, hung):
    """What the console shows of a next kernel whose /init never ran, in a
    few words: silent, or its first line of distress and how it ended."""
    # kexec-tools' own "ifdown: ..." (kexec -e runs ifdown first) is the
    # first kernel's
    lines = [ln for ln in after.splitlines() if ln.strip() and
             not ln.startswith("ifdown: ")]
    if not lines:
        return "silent for %d s of QEMU CPU time after kexec -e" % SECOND_WAIT
    bad = None
    for pat in (r"Unable to handle kernel [^\n]*", r"Internal error: [^\n]*",
                r"Kernel panic - not syncing: [^\n]*",
                r"Booted with LPIs enabled, memory probably corrupted",
                r"Expected reserved range [^\n]*", r"SError[^\n]*",
                r"BUG: [^\n]*", r"WARNING: [^\n]*"):
        m = re.search(pat, after)
        if m:
            bad = m.group(0).strip()
            break
    pc = re.search(r"\] pc : (\S+)", after)
    how = ("QEMU stopped by itself %.0f s after kexec -e" % (
        fate["exited"] - fate["kexec_e"]) if fate["exited"] is not None
        else "killed %d s of QEMU CPU time after kexec -e" % SECOND_WAIT
        if fate["silent"]
        else "killed %d s of QEMU CPU time after its panic" % PANIC_GRACE
        if fate["panicked"]
        else "killed at the guest timeout" if hung else "?")
    booting = "Booting Linux on physical CPU" in after
    return "%s%s%s; %d console lines; %s" % (
        "started (Booting Linux), then " if booting else
        "no Booting Linux line, ", bad or "no error line",
        " at " + pc.group(1) if pc else "", len(lines), how)


def check_fate_dies(R, name, case, after, fate, hung):
    """The next kernel never reaches /init: the console is recorded as it
    is (console_fate), and every line the case names in `fate_says` (what
    was observed) must be there."""
    R.check(name, "the next kernel's /init never ran, and QEMU stopped (by "
            "itself, or killed %d s of QEMU CPU time after kexec -e or %d s "
            "after a panic)" % (SECOND_WAIT, PANIC_GRACE),
            fate["second_up"] is None and "@@EA-SECOND-UP" not in after and
            not hung and (fate["silent"] or fate["panicked"] or
                          fate["exited"] is not None),
            "second_up %s, exited %s, silent %s, panicked %s, hung %s\n%s" % (
                fate["second_up"], fate["exited"], fate["silent"],
                fate["panicked"], hung, tail(after, 40)))
    for want in case.get("fate_says", ()):
        R.check(name, "console after kexec -e: %r" % want,
                re.search(want, after) is not None, tail(after, 60))
    for no in case.get("fate_lacks", ()):
        R.check(name, "console after kexec -e: no %r line" % no,
                no not in after, "\n".join(ln for ln in after.splitlines()
                                            if no in ln))
    summarize(name, fate=console_fate(after, fate, hung), died=True)


def check_fate(R, name, case, text, fate, hung, live, first_dmesg):
    """Issue #7 item 1: what the next kernel did after kexec -e, from the
    console: it came up (and, on GICv3, reused every reserved LPI pending
    table), it printed nothing for SECOND_WAIT seconds of QEMU CPU time, or (fate "oops")
    it took over the first kernel's LPI tables and died."""
    if not R.check(name, "the first /init ran kexec -e",
                   fate["kexec_e"] is not None and
                   "@@EA-KEXEC-E-FAILED" not in text, tail(text, 40)):
        summarize(name, fate="no kexec -e")
        return
    after = re.split(r"(?:^|\n)@@EA-KEXEC-E\n", text, maxsplit=1)[-1]
    # the kernel's own warnings (LPIs left enabled on tables it finds no
    # reservation for: the could), and an initramfs the redistributors
    # wrote into after the load put it on their tables (a did)
    summarize(name, corrupt=[m for m in CORRUPTION if m in after],
              unpack_failed="Initramfs unpacking failed" in after)
    if case["fate"] == "dies":
        check_fate_dies(R, name, case, after, fate, hung)
        return
    if case["fate"] == "oops":
        check_fate_oops(R, name, case, after, fate, hung, first_dmesg)
        return
    if case["fate"] == "observe" and fate["second_up"] is None:
        # it never reached /init: whatever the console shows
        R.check(name, "the next kernel's /init never ran, and QEMU stopped",
                "@@EA-SECOND-UP" not in after and not hung and
                (fate["silent"] or fate["panicked"] or
                 fate["exited"] is not None), tail(after, 40))
        summarize(name, fate=console_fate(after, fate, hung), died=True)
        return
    if case["fate"] == "silent":
        R.check(name, "the next kernel printed nothing in the %d s of QEMU "
                "CPU time after kexec -e, and QEMU was stopped" % SECOND_WAIT,
                fate["silent"] and not hung and not after.strip(),
                "console after kexec -e:\n%s" % tail(after, 40))
        summarize(name, fate=console_fate(after, fate, hung),
                  died=fate["second_up"] is None)
        return
    up = fate["second_up"]
    # arm64 prints "Booting Linux on physical CPU", x86 only the banner
    # (with or without a printk time)
    R.check(name, "the next kernel booted (Booting Linux) and its /init "
            "came up within %d s of QEMU CPU time after kexec -e" % SECOND_WAIT,
            up is not None and re.search(
                r"Booting Linux on physical CPU|"
                r"(?:^|\n)(?:\[[ 0-9.]+\] )?Linux version ", after)
            is not None,
            "console after kexec -e:\n%s" % tail(after, 60))
    R.check(name, "the next kernel's /init shipped its results and powered "
            "off", "@@EA-SECOND-DONE" in after and not hung and
            not fate["silent"], tail(after, 40))
    what = ("booted in %.0f s" % (up - fate["kexec_e"]) if up else
            console_fate(after, fate, hung))
    summarize(name, died=up is None)
    if case.get("gic") == 3:
        pend = {p["name"].split()[0]: int(p["first"], 16)
                for p in live["protected"]
                if p["kind"] == "lpi_pending_table"}
        got = {"CPU" + c: int(a, 16) for c, a in re.findall(
            r"GICv3: CPU(\d+): using reserved LPI pending table "
            r"@(0x[0-9a-f]+)", after)}
        # observed rows record it (the matrix's fate column) unjudged
        if case["fate"] != "observe":
            R.check(name, "console: the next kernel uses the reserved LPI "
                    "pending table of each of the %d CPUs, where the first "
                    "kernel put it" % case["smp"],
                    len(got) == case["smp"] and got == pend,
                    "next kernel: %s\nfirst kernel: %s\n%s" % (
                        got, pend, "\n".join(ln for ln in after.splitlines()
                                             if "LPI" in ln)))
        what += ", %d/%d CPUs reuse their reserved LPI pending table" % (
            len(got), case["smp"])
    if case.get("lpi_in_image") or case["fate"] == "observe":
        # The next kernel came up, but on LPI tables that the load copied
        # its own image over (the segments were put there, check_proof):
        # the redistributors keep writing pending bits into memory the
        # running kernel holds. It does not know: the range is reserved
        # (its own image), so gic_check_reserved_range() is satisfied.
        ks = SUMMARY.get(name, {}).get("kernel")
        tables = [int(a, 16) for a in re.findall(
            r"GICv3: (?:using LPI property table|CPU\d+: using reserved "
            r"LPI pending table) @(0x[0-9a-f]+)", after)]
        inside = [t for t in tables if ks and ks[0] <= t <= ks[1]]
        if case.get("lpi_in_image"):
            R.check(name, "console: the LPI tables the next kernel took "
                    "over lie inside the segment its own image was loaded to",
                    bool(tables) and inside == tables,
                    "kernel segment %s; tables %s" % (
                        ks and "0x%x-0x%x" % ks,
                        ", ".join("0x%x" % t for t in tables)))
        if inside:
            summarize(name, inside="on LPI tables (%s) inside its own "
                      "image 0x%x-0x%x" % (
                          ", ".join("0x%x" % t for t in tables),
                          ks[0], ks[1]))
    summarize(name, fate=what)


def lpi_and_chain(rep):
    return sorted((p["kind"], p["first"], p["last"])
                  for p in rep["protected"]
                  if p["kind"] in ("lpi_property_table", "lpi_pending_table",
                                   "memreserve_node"))


def check_second(R, name, case, files, d, tool, live):
    """Issue #7 item 4: the kernel kexec -e started, audited live and on
    the snapshot collected there: clean, with the first kernel's LPI tables
    and MEMRESERVE chain inherited."""
    def txt(f):
        return files.get(f, b"").decode(errors="replace")
    try:
        live2 = json.loads(files.get("live2.json", b""))
    except ValueError:
        live2 = None
    rc2 = txt("live2.rc").strip()
    # A kexec_file load's initrd has a /memreserve/ entry in the DTB it
    # passes (drivers/of/kexec.c fdt_add_mem_rsv(initrd_load_addr,
    # initrd_len)); the next kernel frees the initrd (free_initrd_mem():
    # memblock_free()) while /proc/iomem keeps a `reserved` child of it:
    # no range to protect, so the next kernel audits clean, not escape.
    # (with kexec-tools 2.0.20 in its initramfs the next kernel's ACPI
    # tables are free to kexec_load again: second_verdict)
    want2 = case.get("second_verdict", "clean")
    code2 = {"clean": 0, "escape": 1}[want2]

    def verdict_ok(rep, rc, label):
        return rep is not None and rep["verdict"] == want2 and rc == code2

    R.check(name, "next kernel: live audit %s, exit %d" % (want2, code2),
            verdict_ok(live2, int(rc2) if rc2.isdigit() else -1, "live"),
            "exit %s, %s\n%s" % (rc2, txt("live2.err")[-1500:], live2 and
                                 json.dumps([f for f in live2["findings"]
                                             if f["severity"] != "info"],
                                            indent=1)[:3000]))
    tb = os.path.join(d, "snapshot2.tar.gz")
    if not R.check(name, "next kernel: collect.sh wrote a snapshot",
                   txt("collect2.rc").strip() == "0" and os.path.exists(tb),
                   txt("collect2.out")[-2000:]):
        return
    orc, snap2, err = audit(tool, ["--snapshot", tb])
    R.check(name, "outside: the next kernel's snapshot audits %s, exit %d"
            % (want2, code2),
            verdict_ok(snap2, orc, "snapshot"),
            "exit %d: %s\n%s" % (orc, err[-1500:], snap2 and json.dumps(
                [f for f in snap2["findings"] if f["severity"] != "info"],
                indent=1)[:3000]))
    if live2 is not None and snap2 is not None:
        a, b = norm_report(live2), norm_report(snap2)
        R.check(name, "next kernel: live report == report on its snapshot",
                a == b, report_diff(a, b, "live", "snapshot"))
    summarize(name, second=(snap2["verdict"] if snap2 else "none", orc))
    if case.get("gic") != 3 or snap2 is None:
        return
    first, second = lpi_and_chain(live), lpi_and_chain(snap2)
    R.check(name, "next kernel: the first kernel's LPI tables and MEMRESERVE "
            "nodes, at the same addresses (%d)" % len(first),
            first == second and
            sum(k == "lpi_pending_table" for k, _, _ in first) == case["smp"],
            "first:  %s\nsecond: %s" % (first, second))
    reused = re.findall(r"GICv3: CPU\d+: using reserved LPI pending table",
                        txt("dmesg2.txt"))
    R.check(name, "next kernel's log: %d CPUs use a reserved LPI pending "
            "table" % case["smp"], len(reused) == case["smp"],
            "\n".join(ln for ln in txt("dmesg2.txt").splitlines()
                      if "LPI" in ln))


def read_ok(rc, rep):
    """A report on a snapshot that could be read: not exit 3 (an input named
    on the command line could not be read at all), and the log was found."""
    return (rep is not None and rc != 3 and
            any(i["name"] == "dmesg" and i["status"] == "ok"
                for i in rep.get("inputs", [])))


def inputs_of(rep):
    if rep is None:
        return "(no report)"
    return "; ".join("%s %s%s" % (i["name"], i["status"],
                                  " (%s)" % i["detail"] if i["detail"] else "")
                     for i in rep.get("inputs", []))


def run_case(prep, R, case, native_tool, arm64_tool):
    name = case["name"]
    with prep.lock:
        vmlinuz, release = prep.kernel(case["kernel"])
    arch = arch_of_case(case)
    if arch == "arm64":
        case["append"] = ("console=ttyAMA0 efi=debug%s log_buf_len=4M "
                          "panic=-1%s" % (" acpi=force" if case["acpi"] else "",
                                          case.get("first_append", "")))
    else:
        # no_timer_check: under TCG on a busy host the IO-APIC timer check
        # (check_timer()) can miss its ticks and panic "IO-APIC + timer
        # doesn't work!" (seen at a load of 20 on 2 cores); the parameter
        # made for virtual machines skips it
        case["append"] = ("console=ttyS0 efi=debug log_buf_len=4M panic=-1 "
                          "no_timer_check")
    tool = arm64_tool if arch == "arm64" else native_tool
    with prep.lock:  # downloads and unpacking, one guest at a time
        userland = prep.userland(arch, tool,
                                 KEXEC_TOOLS[case.get("kexec_tools",
                                                      "2.0.25")])
    initrd = make_initrds(prep, case, arch, userland, vmlinuz, release)
    d = os.path.join(prep.work, name)
    summarize(name, release=release)
    say("vm: %s: booting %s (%s, -smp %d -m %s)" %
        (name, release, ("ACPI" if case["acpi"] else "DT") + (
            "" if case.get("efi", True) else ", no firmware"), case["smp"],
         case["mem"]))
    text, hung, took, rc, fate = boot(case, arch, vmlinuz, initrd, d)
    say("vm: %s: guest ran %.0f s%s" % (name, took, "" if fate["kexec_e"] is None else
        " (kexec -e at %.0f s; next kernel's /init %s)" % (
            fate["kexec_e"], "at %.0f s" % fate["second_up"]
            if fate["second_up"] else "never came up")))
    files, problems = parse_console(text)
    done = "@@EA-DONE" in text
    if not R.check(name, "guest booted, ran /init and shipped its results",
                   done and not hung and not problems,
                   "%s%s\n--- console log (last lines of %s) ---\n%s" % (
                       "guest killed after %d s of QEMU CPU time; " % GUEST_TIMEOUT
                       if hung else "", "; ".join(problems),
                       os.path.join(d, "console.log"), tail(text))):
        return
    for f, data in files.items():
        with open(os.path.join(d, f), "wb") as out:
            out.write(data)

    def txt(f):
        return files.get(f, b"").decode(errors="replace")

    live_rc = txt("live.rc").strip()
    try:
        live = json.loads(files.get("live.json", b""))
    except ValueError:
        live = None
    R.check(name, "live `efiresv-audit --json` in the guest gave a report",
            live is not None, "exit %s, stderr: %s" % (live_rc,
                                                       txt("live.err")[-2000:]))
    R.check(name, "collect.sh in the guest wrote a snapshot tarball",
            txt("collect.rc").strip() == "0" and "snapshot.tar.gz" in files,
            "exit %s:\n%s" % (txt("collect.rc").strip(),
                              txt("collect.out")[-3000:]))
    tarball = os.path.join(d, "snapshot.tar.gz")
    snapdir = os.path.join(d, "snapshot")
    outside = outside_dir = None
    manifest, orc = "", -1
    if os.path.exists(tarball):
        shutil.rmtree(snapdir, ignore_errors=True)
        os.makedirs(snapdir)
        with tarfile.open(tarball) as t:
            for m in t.getmembers():
                if (m.name.startswith("/") or ".." in m.name.split("/") or
                        not (m.isfile() or m.isdir())):
                    raise RuntimeError("snapshot.tar.gz: refusing member "
                                       "%s" % m.name)
            t.extractall(snapdir)
        tops = os.listdir(snapdir)
        root = (os.path.join(snapdir, tops[0])
                if len(tops) == 1 and os.path.isdir(
                    os.path.join(snapdir, tops[0])) else snapdir)
        if os.path.exists(os.path.join(root, "MANIFEST")):
            with open(os.path.join(root, "MANIFEST")) as f:
                manifest = f.read()
        R.check(name, "the snapshot has a MANIFEST naming dmesg.txt and mem/",
                "dmesg.txt" in manifest and "mem/" in manifest, manifest[-2000:])
        kf = config_line(vmlinuz, release, "CONFIG_KEXEC_FILE")
        want = [
            "user: uid 0 (root)",
            "efi: yes (booted through UEFI)" if case.get("efi", True) else
            "efi: no: /sys/firmware/efi is absent",
            "efi=debug: yes",
            "kexec-tools: kexec-tools 2.0.",
            "lockdown: none",
            "config: %s (from %s)" % (kf, "proc/config.gz" if config_line(
                vmlinuz, release, "CONFIG_IKCONFIG_PROC") ==
                "CONFIG_IKCONFIG_PROC=y" else "boot/config-" + release),
            "config: CONFIG_ARCH_KEEP_MEMBLOCK%s" % (
                "=y" if arch == "arm64" else ": no such line"),
            "dmesg.txt\tok\n",
            "proc/iomem\tok\n",
            "sys/kernel/debug/memblock/memory\t%s" % (
                "ok" if arch == "arm64" else "absent"),
            "sys/firmware/efi/systab\t%s" % (
                "ok\n" if case.get("efi", True) else "absent"),
            "sys/firmware/fdt\t%s" % ("ok" if arch == "arm64" else "absent"),
            "sys/firmware/memmap/%s" % ("\tabsent" if arch == "arm64"
                                        else "0/start\tok"),
            "sys/firmware/acpi/tables/%s" % ("\tabsent" if not case["acpi"]
                                             else "DSDT\tok"),
        ]
        miss = [w for w in want if w not in manifest]
        R.check(name, "the MANIFEST says truthfully what this guest is",
                not miss, "missing: %s\n--- MANIFEST ---\n%s" % (
                    miss, manifest[:3000]))
        mems = os.listdir(os.path.join(root, "mem")) \
            if os.path.isdir(os.path.join(root, "mem")) else []
        if case["kernel"].startswith("amd64"):
            # Debian's x86 kernels (STRICT_DEVMEM, IO_STRICT_DEVMEM) keep
            # the ACPI tables and EFI regions out of both /proc/kcore and
            # /dev/mem: nothing can be saved, and the MANIFEST must say so
            R.check(name, "the MANIFEST says why mem/ could not be filled",
                    bool(mems) or "\nmem/\terror\t" in manifest,
                    "\n".join(ln for ln in manifest.splitlines()
                              if "mem" in ln))
        elif not case.get("efi", True):
            # no EFI map, system table, MEMRESERVE chain or ACPI: nothing
            R.check(name, "no UEFI: mem/ is empty and the MANIFEST says so",
                    not mems and "\nmem/\tempty\t" in manifest,
                    "mem/: %s\n%s" % (mems, "\n".join(
                        ln for ln in manifest.splitlines() if "mem" in ln)))
        else:
            R.check(name, "the snapshot has mem/ (efiresv-audit "
                    "--save-memory run by collect.sh)", bool(mems),
                    "no mem/*.bin; MANIFEST says:\n" + "\n".join(
                        ln for ln in manifest.splitlines() if "mem" in ln))
        orc, outside, oerr = audit(native_tool, ["--snapshot", tarball])
        R.check(name, "outside: `efiresv-audit --snapshot snapshot.tar.gz` "
                "read the tarball", read_ok(orc, outside),
                "exit %d: %s\ninputs: %s" % (orc, oerr[-2000:], inputs_of(
                    outside)))
        drc, outside_dir, derr = audit(native_tool, ["--snapshot", root])
        R.check(name, "outside: `efiresv-audit --snapshot DIR` (the tarball "
                "unpacked) read the snapshot", read_ok(drc, outside_dir),
                "exit %d: %s\ninputs: %s" % (drc, derr[-2000:], inputs_of(
                    outside_dir)))

    if "same" in case["checks"] and live is not None:
        verdict = case.get("verdict", "clean")
        code = {"clean": "0", "escape": "1", None: live_rc}[verdict]
        R.check(name, "live verdict is %s (exit %s)" % (verdict, code)
                if verdict else "live report read (verdict %s, exit %s: "
                "observed, judged by the fate)" % (live.get("verdict"),
                                                   live_rc),
                live.get("verdict") in ((verdict,) if verdict else
                                        ("clean", "escape", "incomplete"))
                and live_rc == code,
                "verdict %s, exit %s; findings: %s" % (
                    live.get("verdict"), live_rc,
                    json.dumps(live.get("findings"), indent=1)[:3000] +
                    "\ninputs: " + json.dumps(live.get("inputs"), indent=1)))
        for other, label in ((outside, "tarball"), (outside_dir, "dir")):
            if other is None:
                continue
            a, b = norm_report(live), norm_report(other)
            R.check(name, "live report == report on the collected %s "
                    "(except input paths)" % label, a == b,
                    report_diff(a, b, "live", "snapshot " + label))

    if "lpi" in case["checks"] and live is not None:
        dm = txt("dmesg-after.txt")
        m = re.search(r"smp: Brought up \d+ nodes?, (\d+) CPUs?", dm)
        cpus = int(m.group(1)) if m else -1
        R.check(name, "the guest brought up all %d CPUs" % case["smp"],
                cpus == case["smp"], "dmesg says %d" % cpus)
        for rep, label in ((live, "live"), (outside, "tarball")):
            if rep is None:
                continue
            pend = [p for p in rep["protected"]
                    if p["kind"] == "lpi_pending_table"]
            R.check(name, "%s report: LPI pending tables (%d) == CPUs "
                    "brought up (%d)" % (label, len(pend), cpus),
                    len(pend) == cpus,
                    "\n".join("%s %s-%s" % (p["name"], p["first"], p["last"])
                              for p in pend))

    if "noefi" in case["checks"] and live is not None and outside_dir:
        check_noefi(R, name, case, live, root)
        check_usable(R, name, live, txt("kexec.log"))

    if "edit" in case["checks"] and live is not None and outside_dir:
        check_edit(R, name, native_tool, live, root, d)

    if "kexec-e" in case["checks"] and live is not None:
        klog = txt("kexec.log")
        R.check(name, "the MANIFEST names kexec-tools %s and has its load "
                "as kexec.log" % case["kexec_tools"],
                "\nkexec-tools: kexec-tools %s " % case["kexec_tools"] in
                manifest and "\nkexec.log\tok\n" in manifest,
                manifest[:3000])
        if "proof" in case["checks"]:
            check_proof(R, name, case, klog, txt("dmesg-after.txt"), [
                ("live in the guest (--kexec-log)", live,
                 int(live_rc) if live_rc.isdigit() else -1),
                ("outside, on snapshot.tar.gz (its kexec.log)", outside,
                 orc)])
        model = None
        if "whatif" in case["checks"] and os.path.exists(tarball):
            model = check_whatif(R, name, case, native_tool, klog,
                                 txt("dmesg-after.txt"), vmlinuz,
                                 os.path.join(d, "initrd-a.gz"), tarball)
        if "ima" in case["checks"]:
            check_ima(R, name, case, txt("dmesg-after.txt"), model, files)
        check_fate(R, name, case, text, fate, hung, live,
                   txt("dmesg-after.txt"))
        if "second" in case["checks"]:
            check_second(R, name, case, files, d, native_tool, live)

    if "crash" in case["checks"] and live is not None:
        check_crash(R, name, case, native_tool, txt, vmlinuz,
                    os.path.join(d, "initrd-a.gz"), tarball)

    if "placement" in case["checks"] and live is not None:
        klog = txt("kexec.log")
        R.check(name, "kexec %s succeeded" %
                ("-s -l" if arch == "amd64" else "-l"),
                txt("kexec.rc").strip() == "0", klog[-3000:])
        if arch == "arm64":
            segs = kexec_load_segments(klog)
            check_placement(R, name, live, "kexec_load", segs, "kexec_load")
            check_usable(R, name, live, klog)
        else:
            segs = kexec_file_segments(txt("dmesg-after.txt"))
            check_placement(R, name, live, "kexec_file", segs,
                            "kexec_file_load")


def boot_path(c):
    if arch_of_case(c) == "amd64":
        return "x86 UEFI (OVMF)"
    return ("no UEFI (DT)" if not c.get("efi", True) else
            "UEFI+ACPI" if c["acpi"] else "UEFI+DT")


def kernel_label(c):
    rel = SUMMARY.get(c["name"], {}).get("release", "?")
    if c["kernel"].startswith("own-"):
        return "%s (built, kexec_file%s%s)" % (
            rel, "; 2bab693 reverted" if "revert" in c["kernel"] else "",
            "; CONFIG_IMA_KEXEC" if "ima" in c["kernel"] else "")
    return "%s (Debian)" % rel


def loader_label(c):
    if c.get("kfload"):
        return "kexec_file (kexec_file_load(2), KEXEC_FILE_DEBUG)"
    if loader_of(c) == "kexec_file":
        return "kexec_file (kexec-tools %s -s)" % c["kexec_tools"]
    return "kexec_load (kexec-tools %s)" % c["kexec_tools"]


def escapes(R, cases, work, md_name="matrix.md"):
    """After the kexec -e cases: pairs of loads that must have chosen the
    same kernel address on GICv3 and GICv2 (the GICv2 guest survives the
    very load that kills the GICv3 one: the overlap kills it, not the
    loader); the rule that a verdict and a fate agree (escape <=> the next
    kernel dies or reports corruption); then the matrix of every such case,
    printed and written to BUILD/vm/matrix.md (README.md's table)."""
    ran = [c for c in cases if "kexec-e" in c["checks"]]
    for what, n3, n2 in (("kexec-tools 2.0.20", "escape-2.0.20-gicv3",
                          "escape-2.0.20-gicv2"),
                         ("without UEFI, kexec-tools 2.0.25", "noefi-gicv3",
                          "noefi-gicv2"),
                         ("kexec_file, 2bab693 reverted",
                          "kfile-6.1-revert-gicv3",
                          "kfile-6.1-revert-gicv2"),
                         ("kexec_file without UEFI",
                          "kfile-noefi-6.1-gicv3",
                          "kfile-noefi-6.1-gicv2"),
                         ("kexec_file on a device tree, 2bab693 reverted",
                          "kfile-6.1-revert-dt-gicv3",
                          "kfile-6.1-revert-dt-gicv2")):
        v3 = SUMMARY.get(n3, {}).get("kernel")
        v2 = SUMMARY.get(n2, {}).get("kernel")
        if v3 and v2:
            R.check("escape", "%s put the kernel at the same place on GICv3 "
                    "and GICv2 (0x%x-0x%x)" % ((what,) + v3), v3 == v2,
                    "GICv3 0x%x-0x%x, GICv2 0x%x-0x%x" % (v3 + v2))
    if not ran:
        return
    rows = [("case", "boot", "kernel", "loader", "GIC",
             "audit before kexec -e (in guest; of snapshot)", "segments",
             "next kernel")]
    notes = []
    for c in ran:
        sm = SUMMARY.get(c["name"], {})
        vs = ["%s (exit %s)" % v for v in sm.get("verdicts", [])]
        vs += ["?"] * (2 - len(vs))
        ks = sm.get("kernel")
        segs = sm.get("segments") or []
        fate = sm.get("fate", "?")
        if sm.get("corrupt"):
            fate += "; says: " + ", ".join(sm["corrupt"])
        if sm.get("inside"):
            fate += ", " + sm["inside"]
        if sm.get("unpack_failed"):
            fate += "; Initramfs unpacking failed (its initrd written over)"
        rows.append((c["name"], boot_path(c), kernel_label(c),
                     loader_label(c),
                     "v3+ITS" if c.get("gic") == 3 else "v2"
                     if c.get("gic") == 2 else "(x86)",
                     "%s; %s" % (vs[0], vs[1]),
                     ", ".join(("**0x%x-0x%x**" if sg == ks else
                                "0x%x-0x%x") % sg for sg in segs) or "?",
                     fate))
        verdicts = [v for v, _ in sm.get("verdicts", [])]
        observed = c.get("verdict", "clean") is None
        if observed:
            rows[-1] = rows[-1][:5] + (
                "%s; for %s: %s" % (rows[-1][5], loader_of(c),
                                    sm.get("loader_verdict", "?")),
            ) + rows[-1][6:]
        if "died" in sm and "covered" in sm:
            # the audit of the load, made before kexec -e, against what
            # happened: it overwrites a critical range (a critical
            # loaded_segment_overwrites) exactly when the next kernel dies,
            # unpacks a corrupted initramfs, or runs on LPI tables inside
            # its own image (did); the kernel's own warning that LPIs were
            # left on over tables it finds no reservation for says the
            # tables escaped (could), not that this load hit them
            did = (sm["died"] or bool(sm.get("inside")) or
                   bool(sm.get("unpack_failed")))
            R.check(c["name"], "the audit of the load and the next kernel's "
                    "fate agree (it overwrites a critical range <=> the next "
                    "kernel dies, its initramfs is corrupt, or it runs on "
                    "LPI tables inside its own image)",
                    did == bool(sm.get("covered")),
                    "overwrites: %s; next kernel: %s" % (
                        ", ".join(sm.get("covers") or []) or "nothing", fate))
            if observed:
                R.check(c["name"], "the verdict for %s is escape wherever "
                        "the next kernel died or warned of corruption"
                        % loader_of(c),
                        not (did or sm.get("corrupt")) or
                        sm.get("loader_verdict") == "escape",
                        "verdict for the loader: %s; next kernel: %s" % (
                            sm.get("loader_verdict"), fate))
        if observed:
            pass
        elif c.get("load_verdict") and verdicts:
            # the audit's verdict is another loader's; the load is judged
            # by the verdict for its own loader
            rows[-1] = rows[-1][:5] + (
                "%s; for %s: %s" % (rows[-1][5], loader_of(c),
                                    c["load_verdict"]),) + rows[-1][6:]
            verdicts = [c["load_verdict"] if v == c["verdict"] else v
                        for v in verdicts]
        if verdicts and "died" in sm and not observed:
            # the verdict (could) is at least the load's (did): an escape
            # where the next kernel died or warned; both verdicts the same
            bad = (sm["died"] or bool(sm.get("corrupt")) or
                   bool(sm.get("inside")) or bool(sm.get("unpack_failed")))
            R.check(c["name"], "the verdict before kexec -e is escape "
                    "wherever the next kernel dies or reports corruption, "
                    "and the same in the guest and on the snapshot",
                    (not bad or all(v == "escape" for v in verdicts)) and
                    len(set(verdicts)) == 1,
                    "verdicts %s; next kernel: %s" % (verdicts, fate))
        if sm.get("covers"):
            notes.append("%s: the %s covers %s" % (
                c["name"], "load" if observed else "kernel segment",
                ", ".join(sm["covers"])))
        if observed:
            # the what-if and the next kernel's audit: only what failed
            if sm.get("whatif") not in (None, "exactly"):
                notes.append("%s: the %s what-if: %s" % (
                    c["name"], sm.get("whatif_loader"), sm["whatif"]))
            continue
        if "second" in sm:
            notes.append("%s: the next kernel's snapshot audits %s (exit %s)"
                         % ((c["name"],) + sm["second"]))
        if "whatif" in sm:
            notes.append("%s: the %s what-if predicted the segments %s" % (
                c["name"], sm.get("whatif_loader", "kexec_load"),
                sm["whatif"]))
        if "ima" in sm:
            notes.append("%s: the IMA measurement list went first, top-down, "
                         "to %s, where the what-if put it; the next kernel "
                         "%s" % (c["name"], sm["ima"], "restored it"
                                 if sm["ima_carried"] else
                                 "did not restore it (ACPI: no unflattened "
                                 "device tree to find it in)"))
    for c in cases:
        sm = SUMMARY.get(c["name"], {})
        if "crash" in sm:
            notes.append("%s: %s: every segment of the kexec_file crash "
                         "load in the high Crash kernel range %s, where the "
                         "what-if --crash put them"
                         % (c["name"], c["first_append"].strip(),
                            sm["crash"]))
    w = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    say("\nkexec -e: the audit's verdict beside the guest's fate")
    for r in rows:
        say("  " + "  ".join(x.ljust(w[i]) for i, x in enumerate(r)).rstrip())
    for n in notes:
        say("  " + n)
    say("")
    md = ["| " + " | ".join(rows[0]) + " |",
          "|" + "---|" * len(rows[0])]
    md += ["| " + " | ".join(x.replace("|", "/") for x in r) + " |"
           for r in rows[1:]]
    md += [""] + ["- " + n for n in notes]
    path = os.path.join(work, md_name)
    with open(path, "w") as f:
        f.write("\n".join(md) + "\n")
    say("vm: the matrix (kernel segment in bold): %s" % path)


def main():
    global GUEST_TIMEOUT
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("build")
    ap.add_argument("--case", action="append",
                    help="run only this case (repeatable; shell patterns "
                    "such as 'escape-*' too); names: " +
                    ", ".join(c["name"] for c in CASES))
    ap.add_argument("--jobs", type=int,
                    default=int(os.environ.get("EA_VM_JOBS", "2")),
                    help="guests at a time (default: $EA_VM_JOBS, else 2; "
                    "1 on a busy machine)")
    ap.add_argument("--timeout", type=int, default=GUEST_TIMEOUT,
                    help="seconds of QEMU CPU time before a guest is killed "
                    "(%d times as long by the clock when it idles; default "
                    "%d)" % (WALL_FACTOR, GUEST_TIMEOUT))
    ap.add_argument("--matrix", action="store_true",
                    help="run the whole matrix instead of the cases (every "
                    "boot path x kernel built here x loader x GIC, %d "
                    "guests, observed and judged by their fate; --case "
                    "selects among them) and write BUILD/vm/matrix-full.md"
                    % len(matrix_cases()))
    ap.add_argument("--kernels-only", action="store_true",
                    help="only build the kernels the cases need that are "
                    "not cached yet (tests/vm/kbuild.py), then exit; "
                    "scripts/test.sh runs this before ctest")
    args = ap.parse_args()
    GUEST_TIMEOUT = args.timeout
    t0 = time.time()
    R = Results()
    native = os.path.join(os.path.abspath(args.build), "efiresv-audit")
    cases = [c for c in (matrix_cases() if args.matrix else CASES)
             if not args.case or
             any(fnmatch.fnmatchcase(c["name"], p) for p in args.case)]
    if not cases:
        R.check("setup", "--case names a case", False, "no case matches %s"
                % args.case)
    if args.kernels_only:
        rc = 0
        for k in sorted({c["kernel"] for c in cases
                         if c["kernel"].startswith("own-")}):
            try:
                img, rel = kbuild.build(k, min(2, os.cpu_count() or 1))
                say("vm: %s: %s" % (k, img))
            except (RuntimeError, OSError,
                    subprocess.CalledProcessError) as e:
                say("vm: %s: build FAILED: %s" % (k, e))
                rc = 1
        return rc
    if not os.access(native, os.X_OK):
        R.check("setup", "native build has efiresv-audit", False, native)
        cases = []
    try:
        prep = Prep(args.build)
        arm64_tool = None
        if any(KERNELS[c["kernel"]][1] == "arm64" for c in cases):
            arm64_tool = prep.arm64_tool()
            say("vm: arm64 build: %s" % arm64_tool)
        for c in cases:  # downloads happen here, one at a time
            prep.kernel(c["kernel"])
    except RuntimeError as e:
        R.check("setup", "downloads and the arm64 build", False, str(e))
        cases = []
    say("vm: setup took %.0f s" % (time.time() - t0))

    def one(c):
        try:
            run_case(prep, R, c, native, arm64_tool)
        except Exception as e:  # a broken case must not hide the others
            R.check(c["name"], "case ran to the end", False,
                    "%s: %s" % (type(e).__name__, e))

    with concurrent.futures.ThreadPoolExecutor(max_workers=args.jobs) as ex:
        list(ex.map(one, cases))
    escapes(R, cases, os.path.join(os.path.abspath(args.build), "vm"),
            "matrix-full.md" if args.matrix else "matrix.md")
    say("vm: total %.0f s" % (time.time() - t0))
    if R.failures:
        say("failed:\n  " + "\n  ".join(R.failures))
    print("%d passed, %d failed" % (R.passed, R.failed))
    return 1 if R.failed else 0


if __name__ == "__main__":
    sys.exit(main())
