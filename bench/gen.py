#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Writes a synthetic snapshot for benchmarking efiresv-audit.

The snapshot is valid by construction: every file has the exact format of the
real captures in testdata/captures/ or of the kernel code that prints it
(kernel-formats.md of the shared reference). The machine is healthy -- every
protected range is reserved in both loader views, as the kernel does it --
except for a few planted escapes. What the audit must answer is written to
EXPECTED.json beside the snapshot, derived from the construction alone
(bench/check.py compares the audit with it): the verdict, the protected
ranges per kind, each planted range with its answer per loader and the free
range that makes it escape, the findings above info, and both loaders' free
ranges.

Three machines (--arch, --kernel):

arm64, Linux 6.1 (default), as the 6.1 arm64 captures: dmesg with the
efi=debug map, the /chosen dump, the config-table line, ACPI and GICv3 LPI
lines; /proc/iomem with System RAM and its `reserved` children; memblock
debugfs in the <= 6.4 form; mem/<16 hex>.bin nodes of the MEMRESERVE chain in
the kernel's layout.
  - EFI map: usable descriptors (Conventional, Boot/Loader Code/Data, ACPI
    Reclaim) and Runtime Code/Data runs (NOMAP), two MMIO descriptors last
    (unsorted, as edk2 prints them);
  - memblock.memory: one region per run of usable descriptors and one per
    Runtime run (memblock splits at NOMAP boundaries);
  - /proc/iomem: a top-level System RAM line per usable run, `reserved` for
    Runtime runs, and under System RAM one `reserved` child per
    memblock.reserved region, page-rounded (arm64
    reserve_memblock_reserved_regions()), plus Kernel code / Kernel data;
  - memblock.reserved: the kernel image, the MEMRESERVE root (16 bytes) and
    list pages (4096 bytes), each chain entry (LPI property and pending
    tables, 64 KiB, and other persistent reservations), every ACPI Reclaim
    region, the EFI memory map buffer (page-rounded, efi_init()), and other
    boot allocations up to --reserved, touching ones joined (as
    memblock_reserve() joins them);
  - the MEMRESERVE chain: a root (size 0) pointing at list pages of 255
    entries, newest page first (efi_mem_reserve_persistent()).
  Planted (unless --no-plant):
  - 3 LPI pending tables left out of memblock.reserved only (the 2021 class:
    kexec_file_load escapes, kexec_load does not); one of them right after
    the LPI property table, so that the free range of kexec_file begins at
    its first byte while the property table's last byte is the byte before
    (a page edge: one side escapes, the other does not);
  - 1 LPI pending table left out of /proc/iomem only (the 2019 class),
    followed at once by MEMRESERVE list page 0: the kexec_load free range
    ends at its last byte, the list page starts right after it;
  - 1 ACPI table (BERT) in a Boot Data descriptor with no reservation at all
    (a firmware bug: both loaders escape).

arm64, Linux 6.12 (--kernel 6.12): as above, with the >= 6.5 memblock
debugfs (node and flag columns, "%4d: %pa..%pa %4d %s"; memblock_debug_show()
prints only the lowest set flag) and mirrored memory (the MR attribute,
EFI_MEMORY_MORE_RELIABLE, which efi_find_mirror() turns into memblock
MIRROR). Planted besides: a Conventional MR descriptor
whose last 64 KiB is a pending table left out of memblock.reserved (MIRROR,
mapped: kexec_file escapes, its free range ending at the table's last byte),
followed at once by an ACPI NVS MR descriptor (MIRROR|NOMAP, printed as
MIRROR, a top-level `reserved` in /proc/iomem) that starts with an ACPI table
(TPM2): never a kexec_file candidate, so protected from both loaders.

x86_64, Linux 6.1 (--arch x86), as the amd64 capture: BIOS-e820 lines, the
x86 efi=debug map ("efi: memNN: [...] range=[...] (NMB)", and the runtime map
printed again after SetVirtualAddressMap), ACPI lines with their "Reserving
... table memory" lines; /proc/iomem with the x86 names (System RAM, ACPI
Tables, ACPI Non-volatile Storage, Reserved, Kernel code/rodata/data/bss);
/sys/firmware/memmap (the firmware's e820, what kexec-tools reads) and
/sys/firmware/efi/systab; no memblock debugfs (x86 discards memblock), so
kexec_file walks the top-level System RAM resources whole. Planted:
  - an ACPI table (BERT) at the first byte of a Boot Data descriptor right
    after an ACPI Reclaim descriptor whose last table (SSDT) ends at its last
    byte: the BERT escapes both loaders with a free range starting at its
    first byte, the SSDT is protected;
  - the ESRT in Boot Data, reserved by the kernel (efi_mem_reserve(): its
    page becomes e820 reserved, a top-level Reserved in /proc/iomem) but
    still System RAM in /sys/firmware/memmap (e820_table_firmware on 6.1):
    kexec_file is protected, kexec_load escapes (a warning-tier range).
"""

import argparse
import bisect
import json
import os
import random
import shutil
import struct
import sys

PAGE = 0x1000
SZ_64K = 0x10000
RAM_BASE = 0x40000000
ACPI_REGION = 0x40000  # bytes per ACPI Reclaim descriptor
NODE_ENTRIES = 255  # EFI_MEMRESERVE_COUNT(PAGE_SIZE): (4096 - 16) / 16
KERNEL_SIZE = 0x2000000
KERNEL_CODE = 0x1000000
KERNEL_GAP = 0x400000
KERNEL_DATA = 0x400000
# The tool lists at most this many free ranges per loader view in JSON.
VIEW_LISTED = 4096

KERNELS = {
    "6.1": dict(
        banner="Linux version 6.1.0-56-cloud-arm64 "
        "(debian-kernel@lists.debian.org) (gcc-12 (Debian 12.2.0-14+deb12u1) "
        "12.2.0, GNU ld (GNU Binutils for Debian) 2.40) #1 SMP Debian "
        "6.1.192-2 (2026-11-16)",
        efi="EFI v2.70 by EDK II", memblock_flags=False),
    # >= 6.3: "EFI v%u.%u" without the zero padding; >= 6.5: memblock
    # debugfs node and flag columns
    "6.12": dict(
        banner="Linux version 6.12.57+deb13-arm64 "
        "(debian-kernel@lists.debian.org) (aarch64-linux-gnu-gcc-14 (Debian "
        "14.2.0-19) 14.2.0, GNU ld (GNU Binutils for Debian) 2.44) #1 SMP "
        "Debian 6.12.57-1 (2025-11-05)",
        efi="EFI v2.7 by EDK II", memblock_flags=True),
}
X86_BANNER = ("Linux version 6.1.0-56-cloud-amd64 "
              "(debian-kernel@lists.debian.org) (gcc-12 (Debian "
              "12.2.0-14+deb12u1) 12.2.0, GNU ld (GNU Binutils for Debian) "
              "2.40) #1 SMP PREEMPT_DYNAMIC Debian 6.1.192-2 (2026-11-16)")
CMDLINE = "console=ttyAMA0 efi=debug acpi=force log_buf_len=4M panic=-1"
X86_CMDLINE = "console=ttyS0 efi=debug log_buf_len=4M panic=-1"

PRESETS = {
    # the CI set: small, every feature present
    "ci": dict(cpus=16, efi_descs=256, iomem_lines=2000, reserved=600,
               acpi=40, dmesg_bytes=200000, memreserve_entries=300),
    # the very large machine of issue 8
    "large": dict(cpus=8192, efi_descs=16384, iomem_lines=100000,
                  reserved=50000, acpi=2000, dmesg_bytes=5 << 20,
                  memreserve_entries=0),
    # stress: 1M descriptors, 1M iomem lines, 100k memreserve entries
    "stress": dict(cpus=8192, efi_descs=1000000, iomem_lines=1000000,
                   reserved=0, acpi=2000, dmesg_bytes=0,
                   memreserve_entries=100000),
}

# efi_md_typeattr_format() of 6.1.192 (HP column backported) and 6.12: type
# padded to 12, then RUN HP MR CC SP NV XP RP WP RO UCE WB WT WC UC.
TYPE_NAME = {
    "conv": "Conventional", "bdata": "Boot Data", "bcode": "Boot Code",
    "ldata": "Loader Data", "lcode": "Loader Code", "acpi": "ACPI Reclaim",
    "rcode": "Runtime Code", "rdata": "Runtime Data", "mmio": "MMIO",
    "nvs": "ACPI Mem NVS", "resv": "Reserved",
}
EFI_TYPE = {"conv": 7, "bdata": 4, "bcode": 3, "ldata": 2, "lcode": 1,
            "acpi": 9, "rcode": 5, "rdata": 6, "mmio": 11, "nvs": 10,
            "resv": 0}
EFI_RUNTIME = 1 << 63
EFI_WB = 0x8
EFI_MR = 0x10000  # EFI_MEMORY_MORE_RELIABLE
# arm64 reserve_regions(): is_usable_memory() types (with WB); the others
# are memblock_mark_nomap()ed
USABLE = ("conv", "bdata", "bcode", "ldata", "lcode", "acpi")
# The largest map written to mem/ (a real firmware map has tens to hundreds
# of descriptors, and the audit decodes at most this many).
MEM_MAP_MAX_DESC = 65536


def typeattr(kind, run=False, cache=("WB",), mr=False):
    cols = ["RUN" if run else "", "", "MR" if mr else ""] + [""] * 7 + [""] + [
        c if c in cache else "" for c in ("WB", "WT", "WC", "UC")]
    widths = [3] + [2] * 9 + [3] + [2] * 4
    s = "".join("|%*s" % (w, c) for w, c in zip(widths, cols))
    return "[%-12s%s]" % (TYPE_NAME[kind], s)


TA = {(k, mr): typeattr(k, run=k in ("rcode", "rdata"), mr=mr)
      for k in TYPE_NAME for mr in (False, True)}
TA_MMIO_WC = typeattr("mmio", run=True, cache=("WC",))
TA_MMIO_UC = typeattr("mmio", run=True, cache=("UC",))

# Unrelated log lines (none starts with a prefix the audit reads).
FILLER = [
    "pci 0000:%02x:%02x.%d: [1af4:1000] type 00 class 0x020000",
    "pci 0000:%02x:%02x.%d: BAR 1 [mem 0x10040000-0x10040fff]: assigned",
    "pci_bus 0000:%02x: resource %d [mem 0x10000000-0x3efeffff window] %d",
    "nvme nvme%d: %d/%d/0 default/read/poll queues",
    "EXT4-fs (nvme%dn1p%d): mounted filesystem with ordered data mode. "
    "Quota mode: none. (%d)",
    "audit: type=1400 audit(1795636%03d.%03d:%d): apparmor=\"STATUS\" "
    "operation=\"profile_load\" profile=\"unconfined\" name=\"lsb_release\"",
    "virtio_net virtio%d enp%ds%d: renamed from eth0",
    "IPv6: ADDRCONF(NETDEV_CHANGE): eth%d: link becomes ready (%d %d)",
    "mlx5_core 0000:%02x:00.%d: firmware version: 16.35.%d",
    "scsi host%d: ahci (%d ports, %d slots)",
    "ata%d: SATA link down (SStatus %d SControl %d)",
    "sd %d:0:0:0: [sdb] 1953525168 512-byte logical blocks (%d, %d)",
    "hns3 0000:%02x:00.%d: hclge driver initialization finished (%d).",
    "arm-smmu-v3 arm-smmu-v3.%d.auto: option mask 0x%x, %d",
    "EDAC MC%d: Giving out device to module ghes_edac.c controller "
    "ghes_edac: DEV ghes (INTERRUPT) %d %d",
    "thermal_sys: Registered thermal governor 'step_wise' %d %d %d",
    "TCP established hash table entries: %d (order: %d, %d bytes, linear)",
    "Dentry cache hash table entries: %d (order: %d, %d bytes, linear)",
    "xhci_hcd 0000:%02x:00.%d: hcc params 0x0220fe6d hci version 0x%x "
    "quirks 0x0000000000000010",
    "usb %d-%d: new high-speed USB device number %d using xhci_hcd",
    "input: QEMU QEMU USB Tablet as /devices/platform/%d/usb%d/input%d",
    "systemd[1]: Started systemd-journald.service (%d %d %d).",
    "random: crng init done (%d %d %d)",
    "NET: Registered PF_INET6 protocol family %d %d %d",
]


def ts(t):
    """printk's "[%5lu.%06lu]" from microseconds."""
    return "[%5d.%06d] " % (t // 1000000, t % 1000000)


def align_up(x, a):
    return (x + a - 1) // a * a


def hx(v):
    return "0x%016x" % v


# ---- range sets (inclusive ends), for the loaders' views ------------------
def merge(ranges):
    """Sorted; overlapping or touching ranges joined (as the audit's
    rangesets are)."""
    out = []
    for f, l in sorted(ranges):
        if out and f <= out[-1][1] + 1:
            if l > out[-1][1]:
                out[-1][1] = l
        else:
            out.append([f, l])
    return out


def subtract(a, b):
    """a minus b, both merged."""
    out, j = [], 0
    for f, l in a:
        cur = f
        while j < len(b) and b[j][1] < cur:
            j += 1
        k = j
        while k < len(b) and b[k][0] <= l and cur <= l:
            if b[k][0] > cur:
                out.append([cur, b[k][0] - 1])
            cur = max(cur, b[k][1] + 1)
            k += 1
        if cur <= l:
            out.append([cur, l])
    return out


def page_trim(ranges):
    """Only whole 4 KiB pages of a free range can take a segment (both
    loaders place page-aligned segments of whole pages)."""
    out = []
    for f, l in ranges:
        f2, l2 = align_up(f, PAGE), (l + 1) // PAGE * PAGE - 1
        if f2 <= l2:
            out.append([f2, l2])
    return out


def view_entry(free):
    return dict(free_ranges=len(free),
                free=[[hx(f), hx(l)] for f, l in free[:VIEW_LISTED]])


def free_range_of(free, first, last):
    """The free ranges meeting [first, last]."""
    i = bisect.bisect_right(free, [first, float("inf")]) - 1
    i = max(i, 0)
    out = []
    while i < len(free) and free[i][0] <= last:
        if free[i][1] >= first:
            out.append(free[i])
        i += 1
    return out


def plant(views, name, first, last, answers, why):
    """A planted range: its answer per loader (from the construction) is
    checked against the views computed from the files' construction; the
    free range of each escape is the one view range that meets it."""
    e = dict(name=name, first=hx(first), last=hx(last), loaders={}, free={},
             why=why)
    for ld, want in answers.items():
        meets = free_range_of(views[ld], first, last)
        got = "escapes" if meets else "protected"
        if got != want:
            raise RuntimeError("generator: %s %s is %s in the %s view, "
                               "planted as %s" % (name, hx(first), got, ld,
                                                  want))
        if len(meets) > 1:
            raise RuntimeError("generator: %s meets %d free ranges of %s"
                               % (name, len(meets), ld))
        e["loaders"][ld] = got
        if meets:
            e["free"][ld] = dict(first=hx(meets[0][0]), last=hx(meets[0][1]))
    return e


def finding(check, severity, name, first, loader=None):
    return dict(check=check, severity=severity, name=name, first=hx(first),
                loader=loader)


def parse_args(argv):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", required=True, help="snapshot directory to write")
    ap.add_argument("--preset", choices=sorted(PRESETS),
                    help="start from these sizes (options given override)")
    ap.add_argument("--arch", choices=("arm64", "x86"), default="arm64")
    ap.add_argument("--kernel", choices=sorted(KERNELS), default="6.1",
                    help="arm64 kernel: 6.1 (memblock debugfs without "
                    "flags) or 6.12 (node and flag columns, mirrored "
                    "memory)")
    ap.add_argument("--cpus", type=int, help="CPUs (one LPI pending table "
                    "each, plus the property table; arm64)")
    ap.add_argument("--efi-descs", type=int, help="EFI map descriptors")
    ap.add_argument("--iomem-lines", type=int,
                    help="/proc/iomem lines (at least what the layout needs)")
    ap.add_argument("--reserved", type=int, help="memblock.reserved regions "
                    "(at least what the layout needs; arm64)")
    ap.add_argument("--acpi", type=int, help="ACPI tables printed")
    ap.add_argument("--dmesg-bytes", type=int,
                    help="kernel log size, filled with unrelated lines")
    ap.add_argument("--memreserve-entries", type=int,
                    help="MEMRESERVE chain entries (at least cpus + 1; "
                    "arm64)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--no-plant", action="store_true",
                    help="a healthy machine: no planted escapes")
    ap.add_argument("--mem-map", choices=("auto", "yes", "no"),
                    default="no",
                    help="save the EFI memory map buffer in mem/, as a "
                    "snapshot of a real machine has it (auto: when it has at "
                    "most %d descriptors); by default it is not, and the "
                    "audit says it could not decode the map (arm64)" %
                    MEM_MAP_MAX_DESC)
    a = ap.parse_args(argv)
    base = dict(cpus=4, efi_descs=64, iomem_lines=0, reserved=0, acpi=10,
                dmesg_bytes=0, memreserve_entries=0)
    if a.preset:
        base.update(PRESETS[a.preset])
    for k, v in base.items():
        if getattr(a, k) is None:
            setattr(a, k, v)
    if a.cpus < 0 or a.acpi < 6 or a.efi_descs < 0:
        ap.error("--cpus >= 0, --acpi >= 6 (RSDP, XSDT, FACP, DSDT and the "
                 "planted tables)")
    if a.arch == "x86" and a.kernel != "6.1":
        ap.error("--arch x86 is a 6.1 kernel")
    return a


class Gen:
    """The arm64 machine (Linux 6.1 or 6.12)."""

    def __init__(self, a):
        self.a = a
        self.rnd = random.Random(a.seed)
        self.plant = not a.no_plant
        self.k = KERNELS[a.kernel]
        # 6.12: memory mirroring (an MR Conventional descriptor, then an MR
        # ACPI NVS descriptor holding the TPM2 table), planted or not
        self.mirror = a.kernel == "6.12"

    # ---- what must be placed ------------------------------------------
    def plan(self):
        a, rnd = self.a, self.rnd
        self.cpus = a.cpus
        n_lpi = a.cpus + 1 if a.cpus else 0
        self.n_lpi = n_lpi
        self.n_entries = max(a.memreserve_entries, n_lpi)
        self.n_extra = self.n_entries - n_lpi
        self.n_nodes = -(-self.n_entries // NODE_ENTRIES)
        # planted LPI escapes
        self.lpi_no_memblock = set()
        self.lpi_no_iomem = set()
        self.edge_lead = self.edge_trail = self.mirror_cpu = None
        if self.plant and a.cpus >= 2:
            pick = rnd.sample(range(a.cpus), min(4, a.cpus))
            self.lpi_no_iomem = {pick[0]}
            self.lpi_no_memblock = set(pick[1:])
            # pick[0] is followed at once by MEMRESERVE list page 0
            self.edge_trail = pick[0]
            # pick[1] follows the LPI property table at once
            self.edge_lead = pick[1]
            # pick[2] ends a mapped MIRROR region (6.12)
            if self.mirror and len(pick) > 2:
                self.mirror_cpu = pick[2]
        self.plant_acpi = self.plant

        # ACPI tables: RSDP, XSDT, the usual ones, then SSDTs and others
        n_acpi = a.acpi - (1 if self.plant_acpi else 0) - \
            (1 if self.mirror else 0)
        sigs = ["RSDP", "XSDT", "FACP", "DSDT", "APIC", "PPTT", "GTDT",
                "MCFG", "SPCR", "DBG2", "IORT", "SRAT", "SLIT", "HMAT",
                "HEST", "SDEI"]
        more = ["SSDT", "SSDT", "SSDT", "PCCT", "APMT", "AGDI", "CEDT"]
        tables = []
        for i in range(n_acpi):
            sig = sigs[i] if i < len(sigs) else more[i % len(more)]
            if sig == "RSDP":
                ln = 0x24
            elif sig == "XSDT":
                ln = 0x24 + 8 * max(1, a.acpi - 2)
            elif sig == "FACP":
                ln = 0x114
            elif sig == "DSDT":
                ln = 0x14A2
            else:
                ln = rnd.randrange(0x30, 0x2000)
            tables.append([sig, ln, 0])
        # pack into ACPI Reclaim regions of ACPI_REGION bytes
        regions = []  # [size, [table indices]]
        used = size = 0
        for i, t in enumerate(tables):
            need = align_up(t[1], 16)
            if not regions or used + need > size:
                size = max(ACPI_REGION, align_up(need + 0x18, PAGE))
                regions.append([size, []])
                used = 0x18
            t[2] = used  # offset inside the region
            regions[-1][1].append(i)
            used += need
        self.tables, self.acpi_regions = tables, regions

        # objects in Conventional memory: (kind, size, index)
        objs = []
        special = {self.edge_lead, self.edge_trail, self.mirror_cpu}
        if n_lpi:
            if self.edge_lead is not None:
                objs.append(("lead", 2 * SZ_64K, (-1, self.edge_lead)))
            else:
                objs.append(("lpi", SZ_64K, -1))
            objs.extend(("lpi", SZ_64K, c) for c in range(a.cpus)
                        if c not in special)
            if self.edge_trail is not None:
                objs.append(("trail", SZ_64K + PAGE, (self.edge_trail, 0)))
        objs.extend(("node", PAGE, j) for j in range(self.n_nodes)
                    if self.edge_trail is None or j != 0)
        objs.extend(("extra", rnd.choice((PAGE, 2 * PAGE, SZ_64K)), j)
                    for j in range(self.n_extra))
        # memblock.reserved regions the layout has without filler: kernel,
        # root, memmap, ACPI regions, LPI tables, list pages, other entries;
        # minus planted
        fixed_resv = 3 + len(regions) + n_lpi + self.n_nodes + \
            self.n_extra - len(self.lpi_no_memblock)
        self.n_filler_resv = max(0, a.reserved - fixed_resv)
        objs.extend(("fill", rnd.randrange(0x40, 0x8000), j)
                    for j in range(self.n_filler_resv))
        rnd.shuffle(objs)
        self.objs = objs

    # ---- the EFI map ------------------------------------------------------
    def descriptors(self):
        a = self.a
        n_special = 2 + len(self.acpi_regions) + \
            (1 if self.plant_acpi else 0) + (1 if self.mirror else 0)
        n_mmio = 2
        want = max(a.efi_descs, n_special + n_mmio + 4 + 2)
        n_rt = max(2, want // 64)
        n_gen = want - n_special - n_mmio - n_rt - (1 if self.mirror else 0)
        if n_gen < 4:
            n_rt = max(2, n_rt - (4 - n_gen))
            n_gen = want - n_special - n_mmio - n_rt
        cycle = ("conv", "bdata", "conv", "bcode", "conv", "ldata")
        keyed = [(i, 1, cycle[i % len(cycle)]) for i in range(n_gen)]
        keyed.append((0.5, 0, "kernel"))
        keyed.append((1.5, 0, "rootmm"))
        na = len(self.acpi_regions)
        for k in range(na):
            keyed.append((n_gen * (k + 1) / (na + 1) + 0.25, 0, "acpi%d" % k))
        if self.plant_acpi:
            keyed.append((n_gen * 0.61 + 0.75, 0, "badacpi"))
        if self.mirror:  # one slot, two descriptors
            keyed.append((n_gen * 0.37 + 0.8, 0, "mirror"))
        # Runtime descriptors in runs of up to 3, spread over the map; the
        # last run near the end, as edk2 places them.
        runs = -(-n_rt // 3)
        left = n_rt
        for r in range(runs):
            k = min(3, left)
            left -= k
            pos = n_gen * (r + 1) / (runs + 0.5) + 0.6
            for j in range(k):
                keyed.append((pos, 2 + j, "rcode" if j % 2 == 0 else "rdata"))
        keyed.sort(key=lambda x: (x[0], x[1]))
        self.slots = [x[2] for x in keyed]
        self.n_desc = len(self.slots) + (1 if self.mirror else 0)
        # objects spread evenly over the general Conventional slots
        conv = [i for i, s in enumerate(self.slots) if s == "conv"]
        self.slot_objs = {}
        no, nc = len(self.objs), len(conv)
        for j, si in enumerate(conv):
            lo, hi = j * no // nc, (j + 1) * no // nc
            if hi > lo:
                self.slot_objs[si] = (lo, hi)
        self.n_mmio = n_mmio

    # ---- addresses -------------------------------------------------------
    def lpi(self, res, c, f):
        """LPI table c (-1: the property table) at f, reserved as the
        kernel does it unless planted."""
        self.lpi_addr[c] = f
        res.append((f, f + SZ_64K - 1, c not in self.lpi_no_memblock,
                    "" if c in self.lpi_no_iomem else "reserved"))

    def place(self):
        """Walks the slots in address order; records, per descriptor, the
        reservations in it."""
        rnd = self.rnd
        addr = RAM_BASE
        self.desc = []  # (start, end, kind, MORE_RELIABLE?)
        # per descriptor: list of (first, last, in memblock.reserved?, iomem
        # line: a name, None for the page-rounded "reserved" of a memblock
        # region, "" for none)
        self.resv = []
        self.lpi_addr = {}  # cpu (-1 = property) -> address
        self.node_addr = [0] * self.n_nodes
        self.extra = [None] * self.n_extra
        self.acpi_addr = [0] * len(self.tables)
        self.root = self.mmap = self.systab = self.smbios = 0
        self.badacpi = self.nvs_table = None

        def emit(start, end, kind, mr, res):
            self.desc.append((start, end, kind, mr))
            self.resv.append(res)

        for si, kind in enumerate(self.slots):
            start = addr
            res = []
            mr = False
            if kind == "kernel":
                end = start + KERNEL_SIZE - 1
                k0 = start
                res.append((k0, k0 + KERNEL_CODE + KERNEL_GAP + KERNEL_DATA
                            - 1, True, ""))
                res.append((k0, k0 + KERNEL_CODE - 1, False, "Kernel code"))
                res.append((k0 + KERNEL_CODE, k0 + KERNEL_CODE + KERNEL_GAP
                            - 1, False, "reserved"))
                res.append((k0 + KERNEL_CODE + KERNEL_GAP,
                            k0 + KERNEL_CODE + KERNEL_GAP + KERNEL_DATA - 1,
                            False, "Kernel data"))
                dkind = "lcode"
            elif kind == "rootmm":
                self.root = start + 0xf98
                res.append((self.root, self.root + 15, True, None))
                mm_size = (self.n_desc + self.n_mmio) * 0x30
                self.mmap = start + 2 * PAGE + 0x9c0
                mm_first = self.mmap & ~(PAGE - 1)
                mm_last = align_up(self.mmap + mm_size, PAGE) - 1
                self.mmap_size = mm_size
                res.append((mm_first, mm_last, True, "reserved"))
                end = mm_last + 4 * PAGE
                dkind = "ldata"
            elif kind.startswith("acpi"):
                k = int(kind[4:])
                size, tis = self.acpi_regions[k]
                end = start + size - 1
                for ti in tis:
                    self.acpi_addr[ti] = start + self.tables[ti][2]
                res.append((start, end, True, "reserved"))
                dkind = "acpi"
            elif kind == "badacpi":
                self.badacpi = start + 0x218
                end = start + 16 * PAGE - 1
                dkind = "bdata"
            elif kind == "mirror":
                # Conventional, MORE_RELIABLE: memblock MIRROR, mapped; its
                # last 64 KiB the planted pending table
                end = align_up(start + 16 * PAGE, SZ_64K) + SZ_64K - 1
                if self.mirror_cpu is not None:
                    self.lpi(res, self.mirror_cpu, end + 1 - SZ_64K)
                emit(start, end, "conv", True, res)
                # ACPI NVS, MORE_RELIABLE: MIRROR|NOMAP, which debugfs
                # prints as MIRROR; the TPM2 table at its first byte
                start = end + 1
                self.nvs_table = start
                end = start + 16 * PAGE - 1
                res, dkind, mr = [], "nvs", True
            elif kind in ("rcode", "rdata"):
                end = start + rnd.randrange(16, 64) * SZ_64K - 1
                if kind == "rdata" and not self.systab:
                    self.systab = start + 0x18
                    self.smbios = start + 0x10000
                dkind = kind
            else:
                dkind = kind
                cur = start + PAGE * rnd.randrange(1, 4)
                span = self.slot_objs.get(si)
                if span:
                    for oi in range(*span):
                        okind, size, idx = self.objs[oi]
                        if okind == "lpi":
                            f = align_up(cur, SZ_64K)
                            self.lpi(res, idx, f)
                            cur = f + size + PAGE
                        elif okind == "lead":
                            # property table, then the planted pending
                            # table at the next byte
                            f = align_up(cur, SZ_64K)
                            for n, c in enumerate(idx):
                                self.lpi(res, c, f + n * SZ_64K)
                            cur = f + size + PAGE
                        elif okind == "trail":
                            # the planted pending table, then list page 0
                            # at the next byte
                            c, j = idx
                            f = align_up(cur, SZ_64K)
                            self.lpi(res, c, f)
                            g = f + SZ_64K
                            self.node_addr[j] = g
                            res.append((g, g + PAGE - 1, True, "reserved"))
                            cur = g + 2 * PAGE
                        elif okind == "node":
                            f = align_up(cur, PAGE)
                            self.node_addr[idx] = f
                            res.append((f, f + PAGE - 1, True, "reserved"))
                            cur = f + 2 * PAGE
                        elif okind == "extra":
                            f = align_up(cur, PAGE)
                            self.extra[idx] = (f, size)
                            res.append((f, f + size - 1, True, "reserved"))
                            cur = f + size + PAGE
                        else:  # boot allocation, not page aligned
                            f = align_up(cur, PAGE) + 0x40 * rnd.randrange(8)
                            last = f + size - 1
                            res.append((f, last, True, None))
                            cur = align_up(last + 1, PAGE) + PAGE
                end = align_up(cur, PAGE) + PAGE * rnd.randrange(1, 32) - 1
            emit(start, end, dkind, mr, res)
            addr = end + 1
        self.ram_end = addr - 1

    # ---- files -----------------------------------------------------------
    def write(self, out):
        os.makedirs(os.path.join(out, "proc"), exist_ok=True)
        os.makedirs(os.path.join(out, "sys/kernel/debug/memblock"),
                    exist_ok=True)
        os.makedirs(os.path.join(out, "mem"), exist_ok=True)
        with open(os.path.join(out, "proc/version"), "w") as f:
            f.write(self.k["banner"] + "\n")
        with open(os.path.join(out, "proc/cmdline"), "w") as f:
            f.write(CMDLINE + "  initrd=initrd\n")
        self.write_memblock(out)
        self.write_iomem(out)
        self.write_chain(out)
        self.write_mem_map(out)
        self.write_dmesg(out)

    def write_memblock(self, out):
        # memblock.memory: memblock splits regions where the flags change
        # (NOMAP from reserve_regions(), MIRROR from efi_find_mirror())
        mem = []
        cur = None  # [first, last, nomap, mirror]
        for s, e, k, mr in self.desc:
            nomap = k not in USABLE
            if cur and cur[2] == nomap and cur[3] == mr and cur[1] + 1 == s:
                cur[1] = e
            else:
                if cur:
                    mem.append(cur)
                cur = [s, e, nomap, mr]
        mem.append(cur)
        self.mem_runs = mem
        flags = self.k["memblock_flags"]

        def line(i, first, last, flag):
            if flags:  # >= 6.5: node, then the lowest flag set only
                return "%4d: 0x%016x..0x%016x %4d %s\n" % (i, first, last,
                                                           0, flag)
            return "%4d: 0x%016x..0x%016x\n" % (i, first, last)

        regions = [[0x04000000, 0x07ffffff, True, False]] + mem
        lines = [line(i, m[0], m[1], "MIRROR" if m[3] else
                      "NOMAP" if m[2] else "NONE")
                 for i, m in enumerate(regions)]
        with open(os.path.join(out, "sys/kernel/debug/memblock/memory"),
                  "w") as f:
            f.writelines(lines)
        # memblock.reserved: memblock_reserve() joins touching regions
        n = 0
        with open(os.path.join(out, "sys/kernel/debug/memblock/reserved"),
                  "w") as f:
            buf = []
            run = None
            for res in self.resv + [[(1 << 64, 1 << 64, True, "")]]:
                for first, last, mb, _ in res:
                    if not mb:
                        continue
                    if run and first == run[1] + 1:
                        run[1] = last
                        continue
                    if run:
                        buf.append(line(n, run[0], run[1], "NONE"))
                        n += 1
                    run = [first, last]
                if len(buf) > 8192:
                    f.writelines(buf)
                    buf = []
            f.writelines(buf)
        self.n_reserved = n
        self.n_memory = len(lines)

    def write_iomem(self, out):
        a = self.a
        lines = [
            "04000000-07ffffff : reserved\n",
            "08000000-0800ffff : GICD\n",
            "080a0000-08ffffff : GICR\n",
            "09000000-09000fff : ARMH0011:00\n",
            "  09000000-09000fff : ARMH0011:00 ARMH0011:00\n",
            "09020000-09020017 : QEMU0002:00\n",
            "10000000-3efeffff : PCI Bus 0000:00\n",
            "  10000000-1003ffff : 0000:00:01.0\n",
            "  10040000-10040fff : 0000:00:01.0\n",
        ]
        body = []
        self.iomem_kids = []  # children of System RAM: (first, last, name)
        di = 0
        for s, e, nomap, _ in self.mem_runs:
            body.append("%08x-%08x : %s\n"
                        % (s, e, "reserved" if nomap else "System RAM"))
            while di < len(self.desc) and self.desc[di][1] <= e:
                for first, last, _, name in self.resv[di]:
                    if name is None:  # page-rounded memblock region
                        first &= ~(PAGE - 1)
                        last = align_up(last + 1, PAGE) - 1
                        name = "reserved"
                    if name:
                        body.append("  %08x-%08x : %s\n" % (first, last, name))
                        self.iomem_kids.append((first, last, name))
                di += 1
        lines += body
        hi = align_up(self.ram_end + 1, 1 << 36)
        tail = ["%08x-%08x : PCI ECAM\n" % (hi, hi + 0x0fffffff)]
        need = len(lines) + len(tail)
        fill = max(0, a.iomem_lines - need)
        base = hi + 0x10000000
        bus = 1
        while fill > 0:
            kids = min(fill - 1, 31)
            tail.append("%08x-%08x : PCI Bus %04x:%02x\n"
                        % (base, base + 0x7fffff, bus >> 8, bus & 0xff))
            for c in range(kids):
                f = base + c * 0x40000
                tail.append("  %08x-%08x : %04x:%02x:%02x.%d\n"
                            % (f, f + 0x3fff, bus >> 8, bus & 0xff, c >> 3,
                               c & 7))
            fill -= kids + 1
            base += 0x800000
            bus += 1
        lines += tail
        with open(os.path.join(out, "proc/iomem"), "w") as f:
            f.writelines(lines)
        self.n_iomem = len(lines)

    def entries(self):
        """Chain entries in the order they were added."""
        if self.cpus:
            yield self.lpi_addr[-1], SZ_64K
            for c in range(self.cpus):
                yield self.lpi_addr[c], SZ_64K
        yield from self.extra

    def write_mem_map(self, out):
        """The EFI memory map buffer at "MemMap Address", as the firmware
        left it: efi_memory_desc_t of 0x30 bytes, in printed order, runtime
        regions mapped 1:1 (virt_addr = phys_addr, as the arm64 stub
        does)."""
        n = len(self.desc) + self.n_mmio
        a = self.a
        if a.mem_map == "no" or (a.mem_map == "auto" and
                                 n > MEM_MAP_MAX_DESC):
            self.mem_map_saved = False
            return
        b = bytearray(n * 0x30)
        rows = [(s, e, k, EFI_WB | (EFI_MR if mr else 0) |
                 (EFI_RUNTIME if k in ("rcode", "rdata") else 0))
                for s, e, k, mr in self.desc]
        rows.append((0x04000000, 0x07ffffff, "mmio", EFI_RUNTIME | 0x2))
        rows.append((0x09010000, 0x09010fff, "mmio", EFI_RUNTIME | 0x1))
        for i, (s, e, k, attr) in enumerate(rows):
            virt = s if attr & EFI_RUNTIME else 0
            struct.pack_into("<IIQQQQ", b, i * 0x30, EFI_TYPE[k], 0, s, virt,
                             (e + 1 - s) // PAGE, attr)
        with open(os.path.join(out, "mem", "%016x.bin" % self.mmap),
                  "wb") as f:
            f.write(b)
        self.mem_map_saved = True

    def write_chain(self, out):
        ent = list(self.entries())
        # list page j holds entries [255 j, 255 (j+1)); newest page first
        nodes = self.node_addr
        def path(addr):
            return os.path.join(out, "mem", "%016x.bin" % addr)
        head = nodes[-1] if ent else 0
        with open(path(self.root), "wb") as f:
            f.write(struct.pack("<iiQ", 0, 0, head))
        if not ent:
            return
        for j, na in enumerate(nodes):
            chunk = ent[j * NODE_ENTRIES:(j + 1) * NODE_ENTRIES]
            nxt = nodes[j - 1] if j else 0
            b = bytearray(PAGE)
            struct.pack_into("<iiQ", b, 0, NODE_ENTRIES, len(chunk), nxt)
            for i, (base, size) in enumerate(chunk):
                struct.pack_into("<QQ", b, 16 + 16 * i, base, size)
            with open(path(na), "wb") as f:
                f.write(b)

    def write_dmesg(self, out):
        a, rnd = self.a, self.rnd
        L = []
        z = ts(0)
        L.append(z + "Booting Linux on physical CPU 0x0000000000 "
                 "[0x411fd070]\n")
        L.append(z + self.k["banner"] + "\n")
        L.append(z + "efi: Getting UEFI parameters from /chosen in DT:\n")
        L.append(z + "efi:   System Table         : 0x%016x\n" % self.systab)
        L.append(z + "efi:   MemMap Address       : 0x%016x\n" % self.mmap)
        L.append(z + "efi:   MemMap Size          : 0x%016x\n"
                 % self.mmap_size)
        L.append(z + "efi:   MemMap Desc. Size    : 0x%016x\n" % 0x30)
        L.append(z + "efi:   MemMap Desc. Version : 0x%016x\n" % 1)
        L.append(z + "efi:   Secure Boot Enabled  : 0x00000002\n")
        L.append(z + "efi: %s\n" % self.k["efi"])
        L.append(z + "efi: SMBIOS 3.0=0x%x ACPI 2.0=0x%x MEMRESERVE=0x%x \n"
                 % (self.smbios, self.acpi_addr[0], self.root))
        L.append(z + "secureboot: Secure boot disabled\n")
        L.append(z + "efi: Processing EFI memory map:\n")
        for s, e, k, mr in self.desc:
            L.append("%sefi:   0x%012x-0x%012x %s\n" % (z, s, e, TA[k, mr]))
        L.append("%sefi:   0x%012x-0x%012x %s\n"
                 % (z, 0x04000000, 0x07ffffff, TA_MMIO_WC))
        L.append("%sefi:   0x%012x-0x%012x %s\n"
                 % (z, 0x09010000, 0x09010fff, TA_MMIO_UC))
        if self.mirror:  # efi_find_mirror(): MR bytes / every descriptor's
            total = sum(e + 1 - s for s, e, _, _ in self.desc) + \
                0x04000000 + 0x1000
            mirrored = sum(e + 1 - s for s, e, _, mr in self.desc if mr)
            L.append(z + "efi: Memory: %dM/%dM mirrored memory\n"
                     % (mirrored >> 20, total >> 20))
        L.append(z + "ACPI: Early table checksum verification disabled\n")
        order = list(range(len(self.tables)))
        if self.plant_acpi:
            order.insert(min(len(order), 5), -1)
        if self.mirror:
            order.insert(min(len(order), 6), -2)
        for ti in order:
            if ti == -1:
                sig, ln, addr = "BERT", 0x30, self.badacpi
            elif ti == -2:
                sig, ln, addr = "TPM2", 0x4c, self.nvs_table
            else:
                sig, ln, _ = self.tables[ti]
                addr = self.acpi_addr[ti]
            if sig == "RSDP":
                tail = "(v02 BOCHS )"
            elif sig == "XSDT":
                tail = "(v01 BOCHS  BXPC     00000001      01000013)"
            else:
                tail = "(v02 BOCHS  BXPC     00000001 BXPC 00000001)"
            L.append("%sACPI: %-4.4s 0x%016X %06X %s\n"
                     % (z, sig, addr, ln, tail))
        L.append(z + "ACPI: SPCR: console: pl011,mmio,0x9000000,9600\n")
        L.append(z + "Kernel command line: " + CMDLINE + "  initrd=initrd\n")
        L.append(z + "NR_IRQS: 64, nr_irqs: 64, preallocated irqs: 0\n")
        L.append(z + "GICv3: 224 SPIs implemented\n")
        L.append(z + "GICv3: 0 Extended SPIs implemented\n")
        L.append(z + "Root IRQ handler: gic_handle_irq\n")
        L.append(z + "GICv3: GICv3 features: 16 PPIs\n")
        gicr = 0x080a0000 if self.cpus <= 64 else 0x100000000000
        if self.cpus:
            L.append(z + "GICv3: CPU0: found redistributor 0 region "
                     "0:0x%016x\n" % gicr)
            L.append(z + "ITS [mem 0x08080000-0x0809ffff]\n")
            L.append(z + "ITS@0x0000000008080000: allocated 8192 Devices "
                     "@40190000 (indirect, esz 8, psz 64K, shr 1)\n")
            L.append(z + "GICv3: using LPI property table @0x%016x\n"
                     % self.lpi_addr[-1])
            L.append(z + "GICv3: CPU0: using allocated LPI pending table "
                     "@0x%016x\n" % self.lpi_addr[0])
        head = sum(len(x) for x in L)
        # the CPU bring-up block
        t = 154086
        cpu_lines = []
        if self.cpus > 1:
            cpu_lines.append(ts(t) + "smp: Bringing up secondary CPUs ...\n")
        for c in range(1, self.cpus):
            t += rnd.randrange(300, 3000)
            p = ts(t)
            cpu_lines.append("%sDetected PIPT I-cache on CPU%d\n" % (p, c))
            cpu_lines.append("%sGICv3: CPU%d: found redistributor %x region "
                             "0:0x%016x\n" % (p, c, c, gicr + c * 0x20000))
            cpu_lines.append("%sGICv3: CPU%d: using allocated LPI pending "
                             "table @0x%016x\n" % (p, c, self.lpi_addr[c]))
            cpu_lines.append("%sCPU%d: Booted secondary processor 0x%010x "
                             "[0x411fd070]\n" % (p, c, c))
        if self.cpus:
            cpu_lines.append(ts(t + 1000) + "smp: Brought up 1 node, %d "
                             "CPUs\n" % self.cpus)
        body = sum(len(x) for x in cpu_lines)
        filler_bytes = max(0, a.dmesg_bytes - head - body)
        # a fifth of the filler before the CPUs come up, the rest after
        pre = filler(rnd, filler_bytes // 5, 1000, 150000)
        post = filler(rnd, filler_bytes - sum(len(x) for x in pre),
                      t + 2000, None)
        with open(os.path.join(out, "dmesg.txt"), "w") as f:
            f.writelines(L)
            f.writelines(pre)
            f.writelines(cpu_lines)
            f.writelines(post)
        self.dmesg_lines = len(L) + len(pre) + len(cpu_lines) + len(post)
        self.dmesg_bytes = head + body + sum(len(x) for x in pre) + \
            sum(len(x) for x in post)

    # ---- what the audit must say ----------------------------------------
    def views(self):
        """Both loaders' free memory, from what was written: kexec_file
        (kexec_walk_memblock): memblock.memory regions that are not NOMAP
        (mapped MIRROR regions are candidates) minus memblock.reserved;
        kexec_load (kexec-tools >= 2.0.21): System RAM minus every line
        inside it but Kernel code and Kernel data. Whole pages only."""
        ram = merge((s, e) for s, e, nomap, _ in self.mem_runs if not nomap)
        mb = merge((f, l) for res in self.resv for f, l, m, _ in res if m)
        kids = merge((f, l) for f, l, name in self.iomem_kids
                     if name not in ("Kernel code", "Kernel data"))
        return dict(kexec_file=page_trim(subtract(ram, mb)),
                    kexec_load=page_trim(subtract(ram, kids)))

    def expected(self):
        V = self.views()
        finds, planted = [], []
        esc_f = dict(kexec_file="escapes", kexec_load="protected")
        esc_l = dict(kexec_file="protected", kexec_load="escapes")
        prot = dict(kexec_file="protected", kexec_load="protected")
        both = dict(kexec_file="escapes", kexec_load="escapes")

        def lpi_name(c):
            return ("LPI property table" if c < 0 else
                    "CPU%d LPI pending table" % c)

        for c in sorted(self.lpi_no_memblock | self.lpi_no_iomem):
            name, addr = lpi_name(c), self.lpi_addr[c]
            if c in self.lpi_no_memblock:
                ans, ld = esc_f, "kexec_file"
                why = ("left out of memblock.reserved (in /proc/iomem): "
                       "the 2021 class")
            else:
                ans, ld = esc_l, "kexec_load"
                why = ("left out of /proc/iomem (in memblock.reserved): "
                       "the 2019 class")
            if c == self.edge_lead:
                why += "; starts at the byte after the LPI property table"
            elif c == self.edge_trail:
                why += "; ends at the byte before MEMRESERVE list page 0"
            elif c == self.mirror_cpu:
                why += ("; the last 64 KiB of a mapped MIRROR region, "
                        "before a MIRROR|NOMAP one")
            planted.append(dict(plant(V, name, addr, addr + SZ_64K - 1, ans,
                                      why), kind="lpi_pending_table"))
            finds.append(finding("critical_range_escapes", "critical", name,
                                 addr, ld))
            finds.append(finding("loader_views_disagree", "warning", name,
                                 addr))
            # the table is a MEMRESERVE chain entry, missing from one of
            # the kernel's two reservations
            finds.append(finding("memreserve_entry_not_reserved", "error",
                                 name, addr))
        # the healthy side of each page edge
        if self.edge_lead is not None:
            addr = self.lpi_addr[-1]
            planted.append(dict(plant(
                V, "LPI property table", addr, addr + SZ_64K - 1, prot,
                "reserved in both; its last byte is the byte before CPU%d's "
                "planted pending table" % self.edge_lead),
                kind="lpi_property_table"))
        if self.edge_trail is not None:
            addr = self.node_addr[0]
            # the chain is walked from the root to the newest page first
            planted.append(dict(plant(
                V, "MEMRESERVE node %d" % self.n_nodes, addr,
                addr + PAGE - 1, prot,
                "list page 0, reserved in both, at the byte after CPU%d's "
                "planted pending table" % self.edge_trail),
                kind="memreserve_node"))
        if self.mirror:
            planted.append(dict(plant(
                V, "ACPI TPM2", self.nvs_table, self.nvs_table + 0x4b, prot,
                "in ACPI NVS with EFI_MEMORY_MORE_RELIABLE: memblock "
                "MIRROR|NOMAP, which debugfs prints as MIRROR; not System "
                "RAM, never a kexec_file candidate"), kind="acpi_table"))
        if self.plant_acpi:
            name, addr = "ACPI BERT", self.badacpi
            planted.append(dict(plant(
                V, name, addr, addr + 0x2f, both,
                "in a Boot Data descriptor, reserved nowhere (a firmware "
                "bug)"), kind="acpi_table"))
            for ld in ("kexec_file", "kexec_load"):
                finds.append(finding("critical_range_escapes", "critical",
                                     name, addr, ld))
            finds.append(finding("acpi_table_in_usable_memory", "error",
                                 name, addr))
        kinds = {
            "acpi_table": len(self.tables) + (1 if self.plant_acpi else 0) +
            (1 if self.mirror else 0),
            "lpi_property_table": 1 if self.cpus else 0,
            "lpi_pending_table": self.cpus,
            "memreserve_node": 1 + self.n_nodes,
            "memreserve_entry": self.n_extra,
            "efi_memory_map": 1,
            "efi_system_table": 1,
        }
        return dict(
            machine=dict(arch="arm64", kernel=self.a.kernel),
            counts=dict(cpus=self.cpus, efi_descs=len(self.desc) + self.n_mmio,
                        iomem_lines=self.n_iomem,
                        memblock_memory=self.n_memory,
                        memblock_reserved=self.n_reserved,
                        acpi_tables=kinds["acpi_table"],
                        memreserve_entries=self.n_entries,
                        memreserve_nodes=kinds["memreserve_node"],
                        dmesg_lines=self.dmesg_lines,
                        dmesg_bytes=self.dmesg_bytes),
            mem_map_saved=self.mem_map_saved,
            inputs_ok=["dmesg", "iomem", "memblock_memory",
                       "memblock_reserved", "version", "mem"],
            # the map named by "MemMap Address" but not in mem/ is a
            # blind spot (see allow.txt): never clean
            verdict="escape" if any(
                f["severity"] == "critical" for f in finds) else
            "clean" if self.mem_map_saved else "incomplete",
            protected={k: v for k, v in kinds.items() if v},
            planted=planted,
            findings=finds,
            views={k: view_entry(v) for k, v in V.items()},
        )

    def run(self, out):
        self.plan()
        self.descriptors()
        self.place()
        self.write(out)
        return self.expected()


def filler(rnd, nbytes, t, tmax):
    """Unrelated log lines, nbytes of them, from time t (microseconds)."""
    out, n = [], 0
    rr = rnd.randrange
    while n < nbytes:
        tpl = FILLER[rr(len(FILLER))]
        k = tpl.count("%") - tpl.count("%%")
        args = tuple(rr(1, 256) for _ in range(k))
        if tmax is None or t < tmax:
            t += rr(5, 400)
        s = ts(t) + (tpl % args) + "\n"
        out.append(s)
        n += len(s)
    return out


# x86: OVMF's attributes (WB WT WC UC on RAM), setup_e820() of the EFI stub
# (drivers/firmware/efi/libstub/x86-stub.c) for the e820 types, and
# e820_type_to_string() for the /proc/iomem and /sys/firmware/memmap names
X86_CACHE = ("WB", "WT", "WC", "UC")
TAX = {k: typeattr(k, run=k in ("rcode", "rdata"), cache=X86_CACHE)
       for k in TYPE_NAME}
TAX_MMCFG = typeattr("resv", cache=("UC",))
TAX_FLASH = typeattr("mmio", run=True, cache=("UC",))
E820 = {"conv": "usable", "bdata": "usable", "bcode": "usable",
        "ldata": "usable", "lcode": "usable", "acpi": "ACPI data",
        "nvs": "ACPI NVS", "rcode": "reserved", "rdata": "reserved",
        "resv": "reserved", "mmio": "reserved", "mmcfg": "reserved"}
E820_NAME = {"usable": "System RAM", "ACPI data": "ACPI Tables",
             "ACPI NVS": "ACPI Non-volatile Storage", "reserved": "Reserved"}
MMCFG = (0xb0000000, 0xbfffffff)
FLASH = (0xffc00000, 0xffffffff)
LOW_TOP = 0x80000000  # RAM above it continues at 4 GiB
X86_KERNEL_SIZE = 0x3400000
# Kernel code, rodata, data, bss inside the Loader Code descriptor, as in
# the amd64 capture (arch/x86/kernel/setup.c)
X86_KERNEL_PARTS = [("Kernel code", 0, 0xe01ef1),
                    ("Kernel rodata", 0x1000000, 0x1826fff),
                    ("Kernel data", 0x1a00000, 0x1c45dff),
                    ("Kernel bss", 0x22b1000, 0x27fffff)]
ESRT_SIZE = 0x38  # header (16) and one 40-byte entry


class GenX86:
    """The x86_64 machine (Linux 6.1, OVMF)."""

    def __init__(self, a):
        self.a = a
        self.rnd = random.Random(a.seed)
        self.plant = not a.no_plant

    def plan(self):
        a, rnd = self.a, self.rnd
        # BERT planted in Boot Data; the SSDT at the end of the edge region
        n_acpi = a.acpi - (1 if self.plant else 0) - 1
        sigs = ["RSDP", "XSDT", "FACP", "DSDT", "FACS", "APIC", "HPET",
                "MCFG", "WAET", "BGRT", "SRAT", "SLIT", "HMAT", "DMAR"]
        more = ["SSDT", "SSDT", "SSDT", "TPM2", "FPDT", "SSDT", "UEFI"]
        tables = []
        for i in range(n_acpi):
            sig = sigs[i] if i < len(sigs) else more[i % len(more)]
            ln = {"RSDP": 0x24, "XSDT": 0x24 + 8 * max(1, a.acpi - 4),
                  "FACP": 0xf4, "DSDT": 0x20ec, "FACS": 0x40}.get(sig)
            if ln is None:
                ln = rnd.randrange(0x28, 0x2000)
            tables.append([sig, ln, 0, 0])  # sig, length, region, offset
        regions = []  # [size, [table indices]]
        used = size = 0
        for i, t in enumerate(tables):
            if t[0] == "FACS":  # in ACPI NVS
                continue
            need = align_up(t[1], 16)
            if not regions or used + need > size:
                size = max(ACPI_REGION, align_up(need + 0x18, PAGE))
                regions.append([size, []])
                used = 0x18
            t[2], t[3] = len(regions) - 1, used
            regions[-1][1].append(i)
            used += need
        self.tables, self.acpi_regions = tables, regions

    def slots(self):
        a = self.a
        na = len(self.acpi_regions)
        want = max(a.efi_descs, na + 16)
        # runtime runs and their e820 entries stay within what an e820
        # table holds (E820_MAX_ENTRIES, 128 + 3 MAX_NUMNODES)
        n_rt = min(max(2, want // 64), 600)
        n_fixed = 2 + 2 + na + 1 + 1 + 2 + (1 if self.plant else 0)
        n_gen = max(4, want - n_fixed - n_rt)
        cycle = ("conv", "bdata", "conv", "bcode", "conv", "ldata")
        keyed = [(i, 1, cycle[i % len(cycle)]) for i in range(n_gen)]
        keyed.append((n_gen * 0.2 + 0.5, 0, "kernel"))
        for k in range(na):
            keyed.append((n_gen * (0.5 + 0.45 * k / max(1, na)) + 0.25, 0,
                          "acpi%d" % k))
        keyed.append((n_gen * 0.97 + 0.3, 0, "nvs"))
        keyed.append((n_gen * 0.9 + 0.3, 0, "resv"))
        keyed.append((n_gen * 0.43 + 0.7, 0, "edge"))
        if self.plant:
            keyed.append((n_gen * 0.31 + 0.7, 0, "esrt"))
        runs = -(-n_rt // 3)
        left = n_rt
        for r in range(runs):
            k = min(3, left)
            left -= k
            pos = n_gen * (r + 1) / (runs + 0.5) + 0.6
            for j in range(k):
                keyed.append((pos, 2 + j, "rcode" if j % 2 == 0 else "rdata"))
        keyed.sort(key=lambda x: (x[0], x[1]))
        return [x[2] for x in keyed]

    def place(self):
        rnd = self.rnd
        self.desc = [(0x0, 0xfff, "bcode"), (0x1000, 0x9ffff, "conv")]
        self.kernel_parts = []
        self.acpi_addr = [0] * len(self.tables)
        self.esrt = self.bert = self.smbios = None
        addr = 0x100000

        def emit(start, size, kind):
            nonlocal addr
            if start < LOW_TOP < start + size:
                start = 0x100000000
            self.desc.append((start, start + size - 1, kind))
            addr = start + size
            return start

        for kind in self.slots():
            if kind == "kernel":
                if addr % 0x200000:
                    emit(addr, align_up(addr, 0x200000) - addr, "conv")
                k0 = emit(addr, X86_KERNEL_SIZE, "lcode")
                self.kernel_parts = [(name, k0 + f, k0 + l)
                                     for name, f, l in X86_KERNEL_PARTS]
            elif kind.startswith("acpi"):
                k = int(kind[4:])
                size, tis = self.acpi_regions[k]
                s = emit(addr, size, "acpi")
                for ti in tis:
                    self.acpi_addr[ti] = s + self.tables[ti][3]
            elif kind == "nvs":
                s = emit(addr, 16 * PAGE, "nvs")
                for ti, t in enumerate(self.tables):
                    if t[0] == "FACS":
                        self.acpi_addr[ti] = s
            elif kind == "edge":
                # ACPI Reclaim whose last table ends at its last byte, then
                # Boot Data (the BERT at its first byte when planted)
                if addr < LOW_TOP < addr + 18 * PAGE:
                    addr = 0x100000000
                s = emit(addr, 2 * PAGE, "acpi")
                self.edge_ssdt = s + 2 * PAGE - 0x100
                s = emit(addr, 16 * PAGE, "bdata")
                if self.plant:
                    self.bert = s
            elif kind == "esrt":
                s = emit(addr, 8 * PAGE, "bdata")
                self.esrt = s + 2 * PAGE + 0x518
            elif kind in ("rcode", "rdata"):
                s = emit(addr, rnd.randrange(16, 64) * SZ_64K, kind)
                if kind == "rdata" and self.smbios is None:
                    self.smbios = s + 0x1000
            elif kind == "resv":
                emit(addr, 128 * PAGE, "resv")
            else:
                emit(addr, PAGE * rnd.randrange(1, 32), kind)
        self.ram_end = addr - 1
        self.desc.append((MMCFG[0], MMCFG[1], "mmcfg"))
        self.desc.append((FLASH[0], FLASH[1], "mmio"))
        self.desc.sort()
        # setup_e820(): one entry per run of descriptors of one e820 type
        e820 = []
        for s, e, k in self.desc:
            t = E820[k]
            if e820 and e820[-1][2] == t and e820[-1][1] + 1 == s:
                e820[-1][1] = e
            else:
                e820.append([s, e, t])
        self.e820_fw = e820
        # the kernel's e820_table: page 0 reserved (trim_bios_range()) and
        # the ESRT's page (efi_mem_reserve() -> efi_arch_mem_reserve())
        self.e820_updates = [(0x0, 0xfff)]
        if self.esrt is not None:
            p = self.esrt & ~(PAGE - 1)
            self.e820_updates.insert(0, (p, align_up(self.esrt + ESRT_SIZE,
                                                     PAGE) - 1))
        ram = merge((s, e) for s, e, t in e820 if t == "usable")
        cut = merge(self.e820_updates)
        kern = [[s, e, "usable"] for s, e in subtract(ram, cut)]
        kern += [[s, e, t] for s, e, t in e820 if t != "usable"]
        kern += [[s, e, "reserved"] for s, e in cut]
        self.e820_kernel = []  # e820__update_table() joins equal neighbours
        for s, e, t in sorted(kern):
            k = self.e820_kernel
            if k and k[-1][2] == t and k[-1][1] + 1 == s:
                k[-1][1] = e
            else:
                k.append([s, e, t])

    # ---- files -----------------------------------------------------------
    def write(self, out):
        for d in ("proc", "sys/firmware/memmap", "sys/firmware/efi"):
            os.makedirs(os.path.join(out, d), exist_ok=True)
        with open(os.path.join(out, "proc/version"), "w") as f:
            f.write(X86_BANNER + "\n")
        with open(os.path.join(out, "proc/cmdline"), "w") as f:
            f.write(X86_CMDLINE + "  initrd=initrd\n")
        mm = os.path.join(out, "sys/firmware/memmap")
        for i, (s, e, t) in enumerate(self.e820_fw):
            d = os.path.join(mm, str(i))
            os.makedirs(d, exist_ok=True)
            for name, v in (("start", "0x%x\n" % s), ("end", "0x%x\n" % e),
                            ("type", E820_NAME[t] + "\n")):
                with open(os.path.join(d, name), "w") as f:
                    f.write(v)
        with open(os.path.join(out, "sys/firmware/efi/systab"), "w") as f:
            f.write("ACPI20=0x%x\nACPI=0x%x\nSMBIOS=0x%x\n"
                    % (self.rsdp, self.rsdp - 0x14, self.smbios))
        self.write_iomem(out)
        self.write_dmesg(out)

    @property
    def rsdp(self):
        return self.acpi_addr[0]

    def write_iomem(self, out):
        a = self.a
        top = []  # (first, [lines])
        for s, e, t in self.e820_kernel:
            if (s, e) == MMCFG:
                continue  # nested under PCI MMCONFIG below
            ls = ["%08x-%08x : %s\n" % (s, e, E820_NAME[t])]
            if t == "usable":
                ls += ["  %08x-%08x : %s\n" % (f, l, name)
                       for name, f, l in self.kernel_parts
                       if s <= f and l <= e]
            top.append((s, ls))
        top.append((0xa0000, ["000a0000-000bffff : PCI Bus 0000:00\n"]))
        top.append((0xf0000, ["000f0000-000fffff : System ROM\n"]))
        top.append((MMCFG[0], [
            "b0000000-bfffffff : PCI MMCONFIG 0000 [bus 00-ff]\n",
            "  b0000000-bfffffff : Reserved\n",
            "    b0000000-bfffffff : pnp 00:05\n"]))
        top.append((0xc0000000, [
            "c0000000-febfffff : PCI Bus 0000:00\n",
            "  c0000000-c0ffffff : 0000:00:01.0\n",
            "    c0000000-c03e7fff : efifb\n",
            "  c1040000-c105ffff : 0000:00:02.0\n"]))
        top.append((0xfec00000, ["fec00000-fec003ff : IOAPIC 0\n"]))
        top.append((0xfed00000, ["fed00000-fed003ff : HPET 0\n",
                                 "  fed00000-fed003ff : PNP0103:00\n"]))
        top.append((0xfee00000, ["fee00000-fee00fff : Local APIC\n"]))
        if self.ram_end < LOW_TOP:
            top.append((LOW_TOP, ["%08x-afffffff : PCI Bus 0000:00\n"
                                  % LOW_TOP]))
        top.sort(key=lambda x: x[0])
        lines = [ln for _, ls in top for ln in ls]
        hi = align_up(max(self.ram_end, FLASH[1]) + 1, 1 << 36)
        tail = []
        fill = max(0, a.iomem_lines - len(lines))
        base, bus = hi, 1
        while fill > 0:
            kids = min(fill - 1, 31)
            tail.append("%08x-%08x : PCI Bus %04x:%02x\n"
                        % (base, base + 0x7fffff, bus >> 8, bus & 0xff))
            for c in range(kids):
                f = base + c * 0x40000
                tail.append("  %08x-%08x : %04x:%02x:%02x.%d\n"
                            % (f, f + 0x3fff, bus >> 8, bus & 0xff, c >> 3,
                               c & 7))
            fill -= kids + 1
            base += 0x800000
            bus += 1
        lines += tail
        with open(os.path.join(out, "proc/iomem"), "w") as f:
            f.writelines(lines)
        self.n_iomem = len(lines)

    def printed_tables(self):
        """(sig, length, address) in the order ACPICA prints them."""
        out = [(t[0], t[1], self.acpi_addr[i])
               for i, t in enumerate(self.tables)]
        if self.bert is not None:
            out.insert(min(len(out), 9), ("BERT", 0x30, self.bert))
        out.insert(min(len(out), 10), ("SSDT", 0x100, self.edge_ssdt))
        return out

    def write_dmesg(self, out):
        a, rnd = self.a, self.rnd
        z = ts(0)
        L = [z + X86_BANNER + "\n",
             z + "Command line: " + X86_CMDLINE + "  initrd=initrd\n",
             z + "BIOS-provided physical RAM map:\n"]
        for s, e, t in self.e820_fw:
            L.append(z + "BIOS-e820: [mem 0x%016x-0x%016x] %s\n" % (s, e, t))
        L.append(z + "NX (Execute Disable) protection: active\n")
        L.append(z + "efi: EFI v2.70 by EDK II\n")
        cfg = "ACPI=0x%x ACPI 2.0=0x%x SMBIOS=0x%x " % (
            self.rsdp - 0x14, self.rsdp, self.smbios)
        if self.esrt is not None:
            cfg += "ESRT=0x%x " % self.esrt
        L.append(z + "efi: " + cfg + "\n")

        def md(i, s, e, ta):
            return "efi: mem%02u: %s range=[0x%016x-0x%016x] (%dMB)\n" % (
                i, ta, s, e, (e + 1 - s) >> 20)

        def ta(k):
            return {"mmcfg": TAX_MMCFG, "mmio": TAX_FLASH}.get(k) or TAX[k]

        for i, (s, e, k) in enumerate(self.desc):
            L.append(z + md(i, s, e, ta(k)))
        L.append(z + "secureboot: Secure boot disabled\n")
        L.append(z + "SMBIOS 2.8 present.\n")
        L.append(z + "DMI: QEMU Standard PC (Q35 + ICH9, 2009), BIOS 0.0.0 "
                 "02/06/2015\n")
        if self.esrt is not None:
            L.append(z + "esrt: Reserving ESRT space from 0x%016x to "
                     "0x%016x.\n" % (self.esrt, self.esrt + ESRT_SIZE))
        for s, e in self.e820_updates:
            L.append(z + "e820: update [mem 0x%08x-0x%08x] usable ==> "
                     "reserved\n" % (s, e))
        L.append(z + "ACPI: Early table checksum verification disabled\n")
        tabs = self.printed_tables()
        for sig, ln, addr in tabs:
            if sig == "RSDP":
                L.append(z + "ACPI: RSDP 0x%016X %06X (v02 BOCHS )\n"
                         % (addr, ln))
            elif sig == "FACS":
                L.append(z + "ACPI: FACS 0x%016X %06X\n" % (addr, ln))
            else:
                L.append(z + "ACPI: %-4.4s 0x%016X %06X (v01 BOCHS  BXPC     "
                         "00000001 BXPC 00000001)\n" % (sig, addr, ln))
        for sig, ln, addr in tabs:
            if sig not in ("RSDP", "XSDT"):
                L.append(z + "ACPI: Reserving %4s table memory at [mem "
                         "0x%x-0x%x]\n" % (sig, addr, addr + ln - 1))
        t = 483189
        rt = [ts(t) + "efi: EFI runtime memory map:\n"]
        # x86_64 maps the runtime regions and the boot services ones
        # (efi_map_regions()); printed from the top down
        n = 0
        for s, e, k in reversed(self.desc):
            if k in ("rcode", "rdata", "mmio", "bcode", "bdata"):
                t += 500
                rt.append(ts(t) + md(n, s, e, ta(k)))
                n += 1
        head = sum(len(x) for x in L) + sum(len(x) for x in rt)
        filler_bytes = max(0, a.dmesg_bytes - head)
        pre = filler(rnd, filler_bytes // 3, 1000, 480000)
        post = filler(rnd, filler_bytes - sum(len(x) for x in pre),
                      t + 1000, None)
        with open(os.path.join(out, "dmesg.txt"), "w") as f:
            for part in (L, pre, rt, post):
                f.writelines(part)
        self.dmesg_lines = len(L) + len(pre) + len(rt) + len(post)
        self.dmesg_bytes = sum(len(x) for p in (L, pre, rt, post) for x in p)

    # ---- what the audit must say ----------------------------------------
    def views(self):
        """kexec_file (kexec_walk_resources): the top-level System RAM
        resources whole, i.e. the kernel's e820 RAM; kexec_load (kexec-tools
        on x86): /sys/firmware/memmap System RAM, i.e. the firmware's e820
        RAM. Whole pages only."""
        kf = merge((s, e) for s, e, t in self.e820_kernel if t == "usable")
        kl = merge((s, e) for s, e, t in self.e820_fw if t == "usable")
        return dict(kexec_file=page_trim(kf), kexec_load=page_trim(kl))

    def expected(self):
        V = self.views()
        finds, planted = [], []
        prot = dict(kexec_file="protected", kexec_load="protected")
        s = self.edge_ssdt
        planted.append(dict(plant(
            V, "ACPI SSDT", s, s + 0xff, prot,
            "ACPI Reclaim (e820 ACPI data); its last byte is the last of "
            "its descriptor, a Boot Data one follows"), kind="acpi_table"))
        if self.bert is not None:
            b = self.bert
            planted.append(dict(plant(
                V, "ACPI BERT", b, b + 0x2f,
                dict(kexec_file="escapes", kexec_load="escapes"),
                "at the first byte of a Boot Data descriptor (e820 usable, "
                "System RAM): a firmware bug; the kernel's memblock "
                "reservation (\"ACPI: Reserving\") is not seen by either "
                "loader"), kind="acpi_table"))
            for ld in ("kexec_file", "kexec_load"):
                finds.append(finding("critical_range_escapes", "critical",
                                     "ACPI BERT", b, ld))
            finds.append(finding("acpi_table_in_usable_memory", "error",
                                 "ACPI BERT", b))
        if self.esrt is not None:
            e = self.esrt
            planted.append(dict(plant(
                V, "ESRT", e, e + ESRT_SIZE - 1,
                dict(kexec_file="protected", kexec_load="escapes"),
                "in Boot Data, kept by efi_mem_reserve(): its page is e820 "
                "reserved in the kernel's table (a top-level Reserved in "
                "/proc/iomem) but not in the firmware's "
                "(/sys/firmware/memmap, 6.1)"), kind="efi_config_table"))
            finds.append(finding("config_table_escapes", "warning", "ESRT",
                                 e, "kexec_load"))
            finds.append(finding("loader_views_disagree", "warning", "ESRT",
                                 e))
        n_tabs = len(self.printed_tables())
        kinds = {"acpi_table": n_tabs,
                 "efi_config_table": 1 if self.esrt is not None else 0}
        return dict(
            machine=dict(arch="x86", kernel="6.1"),
            counts=dict(cpus=0, efi_descs=len(self.desc),
                        iomem_lines=self.n_iomem, memblock_memory=0,
                        memblock_reserved=0, acpi_tables=n_tabs,
                        memreserve_entries=0, memreserve_nodes=0,
                        e820_entries=len(self.e820_fw),
                        dmesg_lines=self.dmesg_lines,
                        dmesg_bytes=self.dmesg_bytes),
            mem_map_saved=False,
            inputs_ok=["dmesg", "iomem", "version", "firmware_memmap",
                       "systab"],
            verdict="escape" if any(
                f["severity"] == "critical" for f in finds) else "clean",
            protected={k: v for k, v in kinds.items() if v},
            planted=planted,
            findings=finds,
            views={k: view_entry(v) for k, v in V.items()},
        )

    def run(self, out):
        self.plan()
        self.place()
        self.write(out)
        return self.expected()


def main(argv):
    a = parse_args(argv)
    if os.path.exists(os.path.join(a.out, "EXPECTED.json")):
        shutil.rmtree(a.out)  # a snapshot written before: nothing stays
    elif os.path.isdir(a.out) and os.listdir(a.out):
        print("gen.py: %s is not empty and holds no EXPECTED.json" % a.out,
              file=sys.stderr)
        return 1
    g = GenX86(a) if a.arch == "x86" else Gen(a)
    exp = g.run(a.out)
    exp = dict(generator=dict(vars(a)), **exp)
    with open(os.path.join(a.out, "EXPECTED.json"), "w") as f:
        json.dump(exp, f, indent=1)
        f.write("\n")
    c = exp["counts"]
    print("%s: %s %s, %d EFI descriptors, %d iomem lines, %d "
          "memblock.reserved, %d ACPI tables, %d CPUs, %d memreserve "
          "entries, %d dmesg bytes"
          % (a.out, a.arch, a.kernel, c["efi_descs"], c["iomem_lines"],
             c["memblock_reserved"], c["acpi_tables"], c["cpus"],
             c["memreserve_entries"], c["dmesg_bytes"]))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
