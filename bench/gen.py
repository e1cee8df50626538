#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Writes a synthetic arm64 snapshot for benchmarking efiresv-audit.

The snapshot is valid by construction: every file has the exact format of the
real Linux 6.1 arm64 captures in testdata/captures/ (dmesg with the efi=debug
map, the /chosen dump, the config-table line, ACPI and GICv3 LPI lines;
/proc/iomem with System RAM and its `reserved` children; memblock debugfs in
the <= 6.4 form; mem/<16 hex>.bin nodes of the MEMRESERVE chain in the
kernel's layout). The machine is healthy -- every protected range is reserved
in both loader views, as a 6.1 kernel does it -- except for a few planted
escapes, whose findings are written to EXPECTED.json beside the snapshot
(bench/check.py compares them with the audit).

Layout, as the kernel makes it:
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
    boot allocations up to --reserved;
  - the MEMRESERVE chain: a root (size 0) pointing at list pages of 255
    entries, newest page first (efi_mem_reserve_persistent()).

Planted escapes (unless --no-plant):
  - 3 LPI pending tables left out of memblock.reserved only (the 2021 class:
    kexec_file_load escapes, kexec_load does not);
  - 1 LPI pending table left out of /proc/iomem only (the 2019 class);
  - 1 ACPI table (BERT) in a Boot Data descriptor with no reservation at all
    (a firmware bug: both loaders escape).
"""

import argparse
import json
import os
import random
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

BANNER = ("Linux version 6.1.0-56-cloud-arm64 (debian-kernel@lists.debian.org) "
          "(gcc-12 (Debian 12.2.0-14+deb12u1) 12.2.0, GNU ld (GNU Binutils for "
          "Debian) 2.40) #1 SMP Debian 6.1.192-2 (2026-11-16)")
CMDLINE = "console=ttyAMA0 efi=debug acpi=force log_buf_len=4M panic=-1"

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

# efi_md_typeattr_format() of 6.1.192 (HP column backported): type padded
# to 12, then RUN HP MR CC SP NV XP RP WP RO UCE WB WT WC UC.
TYPE_NAME = {
    "conv": "Conventional", "bdata": "Boot Data", "bcode": "Boot Code",
    "ldata": "Loader Data", "lcode": "Loader Code", "acpi": "ACPI Reclaim",
    "rcode": "Runtime Code", "rdata": "Runtime Data", "mmio": "MMIO",
}
EFI_TYPE = {"conv": 7, "bdata": 4, "bcode": 3, "ldata": 2, "lcode": 1,
            "acpi": 9, "rcode": 5, "rdata": 6, "mmio": 11}
EFI_RUNTIME = 1 << 63
EFI_WB = 0x8
# The largest map written to mem/ (a real firmware map has tens to hundreds
# of descriptors, and the audit decodes at most this many).
MEM_MAP_MAX_DESC = 65536


def typeattr(kind, run=False, cache="WB"):
    cols = ["RUN" if run else ""] + [""] * 9 + [""] + [
        "WB" if cache == "WB" else "", "", "WC" if cache == "WC" else "",
        "UC" if cache == "UC" else ""]
    widths = [3] + [2] * 9 + [3] + [2] * 4
    s = "".join("|%*s" % (w, c) for w, c in zip(widths, cols))
    return "[%-12s%s]" % (TYPE_NAME[kind], s)


TA = {k: typeattr(k, run=k in ("rcode", "rdata")) for k in TYPE_NAME}
TA_MMIO_WC = typeattr("mmio", run=True, cache="WC")
TA_MMIO_UC = typeattr("mmio", run=True, cache="UC")

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


def parse_args(argv):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", required=True, help="snapshot directory to write")
    ap.add_argument("--preset", choices=sorted(PRESETS),
                    help="start from these sizes (options given override)")
    ap.add_argument("--cpus", type=int, help="CPUs (one LPI pending table "
                    "each, plus the property table)")
    ap.add_argument("--efi-descs", type=int, help="EFI map descriptors")
    ap.add_argument("--iomem-lines", type=int,
                    help="/proc/iomem lines (at least what the layout needs)")
    ap.add_argument("--reserved", type=int, help="memblock.reserved regions "
                    "(at least what the layout needs)")
    ap.add_argument("--acpi", type=int, help="ACPI tables printed")
    ap.add_argument("--dmesg-bytes", type=int,
                    help="kernel log size, filled with unrelated lines")
    ap.add_argument("--memreserve-entries", type=int,
                    help="MEMRESERVE chain entries (at least cpus + 1)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--no-plant", action="store_true",
                    help="a healthy machine: no planted escapes")
    ap.add_argument("--mem-map", choices=("auto", "yes", "no"),
                    default="no",
                    help="save the EFI memory map buffer in mem/, as a "
                    "snapshot of a real machine has it (auto: when it has at "
                    "most %d descriptors); by default it is not, and the "
                    "audit says it could not decode the map" %
                    MEM_MAP_MAX_DESC)
    a = ap.parse_args(argv)
    base = dict(cpus=4, efi_descs=64, iomem_lines=0, reserved=0, acpi=10,
                dmesg_bytes=0, memreserve_entries=0)
    if a.preset:
        base.update(PRESETS[a.preset])
    for k, v in base.items():
        if getattr(a, k) is None:
            setattr(a, k, v)
    if a.cpus < 0 or a.acpi < 2 or a.efi_descs < 0:
        ap.error("--cpus >= 0, --acpi >= 2 (RSDP and XSDT)")
    return a


class Gen:
    def __init__(self, a):
        self.a = a
        self.rnd = random.Random(a.seed)
        self.plant = not a.no_plant

    # ---- what must be placed ------------------------------------------
    def plan(self):
        a, rnd = self.a, self.rnd
        self.cpus = a.cpus
        n_lpi = a.cpus + 1 if a.cpus else 0
        self.n_entries = max(a.memreserve_entries, n_lpi)
        self.n_extra = self.n_entries - n_lpi
        self.n_nodes = -(-self.n_entries // NODE_ENTRIES)
        # planted LPI escapes
        self.lpi_no_memblock = set()
        self.lpi_no_iomem = set()
        if self.plant and a.cpus >= 2:
            pick = rnd.sample(range(a.cpus), min(4, a.cpus))
            self.lpi_no_iomem = {pick[0]}
            self.lpi_no_memblock = set(pick[1:])
        self.plant_acpi = self.plant

        # ACPI tables: RSDP, XSDT, the usual ones, then SSDTs and others
        n_acpi = a.acpi - (1 if self.plant_acpi else 0)
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
        if n_lpi:
            objs.append(("lpi", SZ_64K, -1))
            objs.extend(("lpi", SZ_64K, c) for c in range(a.cpus))
        objs.extend(("node", PAGE, j) for j in range(self.n_nodes))
        objs.extend(("extra", rnd.choice((PAGE, 2 * PAGE, SZ_64K)), j)
                    for j in range(self.n_extra))
        # memblock.reserved regions the layout has without filler: kernel,
        # root, memmap, ACPI regions, objects; minus planted
        fixed_resv = 3 + len(regions) + len(objs) - len(self.lpi_no_memblock)
        self.n_filler_resv = max(0, a.reserved - fixed_resv)
        objs.extend(("fill", rnd.randrange(0x40, 0x8000), j)
                    for j in range(self.n_filler_resv))
        rnd.shuffle(objs)
        self.objs = objs

    # ---- the EFI map ------------------------------------------------------
    def descriptors(self):
        a = self.a
        n_special = 2 + len(self.acpi_regions) + (1 if self.plant_acpi else 0)
        n_mmio = 2
        want = max(a.efi_descs, n_special + n_mmio + 4 + 2)
        n_rt = max(2, want // 64)
        n_gen = want - n_special - n_mmio - n_rt
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
    def place(self):
        """Walks the slots in address order; records, per slot, the
        descriptor and the reservations in it."""
        rnd = self.rnd
        addr = RAM_BASE
        self.desc = []  # (start, end, kind)
        # per descriptor: list of (first, last, in memblock.reserved?, iomem
        # line: a name, None for the page-rounded "reserved" of a memblock
        # region, "" for none)
        self.resv = []
        self.lpi_addr = {}  # cpu (-1 = property) -> address
        self.node_addr = [0] * self.n_nodes
        self.extra = [None] * self.n_extra
        self.acpi_addr = [0] * len(self.tables)
        self.root = self.mmap = self.systab = self.smbios = 0
        self.badacpi = None
        rt_seen = 0
        for si, kind in enumerate(self.slots):
            start = addr
            res = []
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
                mm_size = (len(self.slots) + self.n_mmio) * 0x30
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
            elif kind in ("rcode", "rdata"):
                end = start + rnd.randrange(16, 64) * SZ_64K - 1
                if kind == "rdata" and not self.systab:
                    self.systab = start + 0x18
                    self.smbios = start + 0x10000
                rt_seen += 1
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
                            self.lpi_addr[idx] = f
                            mb = idx not in self.lpi_no_memblock
                            io = idx not in self.lpi_no_iomem
                            res.append((f, f + size - 1, mb,
                                        "reserved" if io else ""))
                            cur = f + size + PAGE
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
            self.desc.append((start, end, dkind))
            self.resv.append(res)
            addr = end + 1
        self.ram_end = addr - 1

    # ---- files -----------------------------------------------------------
    def write(self, out):
        os.makedirs(os.path.join(out, "proc"), exist_ok=True)
        os.makedirs(os.path.join(out, "sys/kernel/debug/memblock"),
                    exist_ok=True)
        os.makedirs(os.path.join(out, "mem"), exist_ok=True)
        for f in os.listdir(os.path.join(out, "mem")):
            os.unlink(os.path.join(out, "mem", f))
        with open(os.path.join(out, "proc/version"), "w") as f:
            f.write(BANNER + "\n")
        with open(os.path.join(out, "proc/cmdline"), "w") as f:
            f.write(CMDLINE + "  initrd=initrd\n")
        self.write_memblock(out)
        self.write_iomem(out)
        self.write_chain(out)
        self.write_mem_map(out)
        self.write_dmesg(out)

    def write_memblock(self, out):
        mem = []
        cur = None  # [first, last, nomap]
        for s, e, k in self.desc:
            nomap = k in ("rcode", "rdata")
            if cur and cur[2] == nomap and cur[1] + 1 == s:
                cur[1] = e
            else:
                if cur:
                    mem.append(cur)
                cur = [s, e, nomap]
        mem.append(cur)
        lines = ["%4d: 0x%016x..0x%016x\n" % (i, m[0], m[1])
                 for i, m in enumerate([[0x04000000, 0x07ffffff]] + mem)]
        self.mem_runs = mem
        with open(os.path.join(out, "sys/kernel/debug/memblock/memory"),
                  "w") as f:
            f.writelines(lines)
        n = 0
        with open(os.path.join(out, "sys/kernel/debug/memblock/reserved"),
                  "w") as f:
            buf = []
            for res in self.resv:
                for first, last, mb, _ in res:
                    if mb:
                        buf.append("%4d: 0x%016x..0x%016x\n" % (n, first, last))
                        n += 1
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
        di = 0
        for run in self.mem_runs:
            s, e, nomap = run
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
        rows = [(s, e, k, EFI_WB | (EFI_RUNTIME if k in ("rcode", "rdata")
                                    else 0)) for s, e, k in self.desc]
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
        L.append(z + BANNER + "\n")
        L.append(z + "efi: Getting UEFI parameters from /chosen in DT:\n")
        L.append(z + "efi:   System Table         : 0x%016x\n" % self.systab)
        L.append(z + "efi:   MemMap Address       : 0x%016x\n" % self.mmap)
        L.append(z + "efi:   MemMap Size          : 0x%016x\n"
                 % self.mmap_size)
        L.append(z + "efi:   MemMap Desc. Size    : 0x%016x\n" % 0x30)
        L.append(z + "efi:   MemMap Desc. Version : 0x%016x\n" % 1)
        L.append(z + "efi:   Secure Boot Enabled  : 0x00000002\n")
        L.append(z + "efi: EFI v2.70 by EDK II\n")
        L.append(z + "efi: SMBIOS 3.0=0x%x ACPI 2.0=0x%x MEMRESERVE=0x%x \n"
                 % (self.smbios, self.acpi_addr[0], self.root))
        L.append(z + "secureboot: Secure boot disabled\n")
        L.append(z + "efi: Processing EFI memory map:\n")
        for s, e, k in self.desc:
            L.append("%sefi:   0x%012x-0x%012x %s\n" % (z, s, e, TA[k]))
        L.append("%sefi:   0x%012x-0x%012x %s\n"
                 % (z, 0x04000000, 0x07ffffff, TA_MMIO_WC))
        L.append("%sefi:   0x%012x-0x%012x %s\n"
                 % (z, 0x09010000, 0x09010fff, TA_MMIO_UC))
        L.append(z + "ACPI: Early table checksum verification disabled\n")
        order = list(range(len(self.tables)))
        if self.plant_acpi:
            order.insert(min(len(order), 5), -1)
        for ti in order:
            if ti < 0:
                sig, ln, addr = "BERT", 0x30, self.badacpi
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
        pre = self.filler(filler_bytes // 5, 1000, 150000)
        post = self.filler(filler_bytes - sum(len(x) for x in pre),
                           t + 2000, None)
        with open(os.path.join(out, "dmesg.txt"), "w") as f:
            f.writelines(L)
            f.writelines(pre)
            f.writelines(cpu_lines)
            f.writelines(post)
        self.dmesg_lines = len(L) + len(pre) + len(cpu_lines) + len(post)
        self.dmesg_bytes = head + body + sum(len(x) for x in pre) + \
            sum(len(x) for x in post)

    def filler(self, nbytes, t, tmax):
        rnd = self.rnd
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

    # ---- what the audit must say ----------------------------------------
    def expected(self, out):
        def hx(v):
            return "0x%016x" % v
        finds, esc = [], []
        for c in sorted(self.lpi_no_memblock):
            name = "CPU%d LPI pending table" % c
            addr = self.lpi_addr[c]
            finds.append(dict(check="critical_range_escapes",
                              severity="critical", name=name, first=hx(addr),
                              loader="kexec_file"))
            finds.append(dict(check="loader_views_disagree",
                              severity="warning", name=name, first=hx(addr),
                              loader=None))
            esc.append(dict(name=name, first=hx(addr),
                            loaders=dict(kexec_file="escapes",
                                         kexec_load="protected")))
        for c in sorted(self.lpi_no_iomem):
            name = "CPU%d LPI pending table" % c
            addr = self.lpi_addr[c]
            finds.append(dict(check="critical_range_escapes",
                              severity="critical", name=name, first=hx(addr),
                              loader="kexec_load"))
            finds.append(dict(check="loader_views_disagree",
                              severity="warning", name=name, first=hx(addr),
                              loader=None))
            esc.append(dict(name=name, first=hx(addr),
                            loaders=dict(kexec_file="protected",
                                         kexec_load="escapes")))
        if self.plant_acpi:
            name, addr = "ACPI BERT", self.badacpi
            for ld in ("kexec_file", "kexec_load"):
                finds.append(dict(check="critical_range_escapes",
                                  severity="critical", name=name,
                                  first=hx(addr), loader=ld))
            finds.append(dict(check="acpi_table_in_usable_memory",
                              severity="error", name=name, first=hx(addr),
                              loader=None))
            esc.append(dict(name=name, first=hx(addr),
                            loaders=dict(kexec_file="escapes",
                                         kexec_load="escapes")))
        kinds = {
            "acpi_table": len(self.tables) + (1 if self.plant_acpi else 0),
            "lpi_property_table": 1 if self.cpus else 0,
            "lpi_pending_table": self.cpus,
            "memreserve_node": 1 + self.n_nodes,
            "memreserve_entry": self.n_extra,
            "efi_memory_map": 1,
        }
        exp = dict(
            generator=dict(vars(self.a)),
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
            verdict="escape" if finds else "clean",
            protected=kinds,
            escapes=esc,
            findings=finds,
            # findings that a healthy synthetic machine has, by design
            info_allowed=["efi_map_unsorted", "its_table_reported"],
        )
        with open(os.path.join(out, "EXPECTED.json"), "w") as f:
            json.dump(exp, f, indent=1)
            f.write("\n")
        return exp


def main(argv):
    a = parse_args(argv)
    g = Gen(a)
    g.plan()
    g.descriptors()
    g.place()
    g.write(a.out)
    exp = g.expected(a.out)
    c = exp["counts"]
    print("%s: %d EFI descriptors, %d iomem lines, %d memblock.reserved, "
          "%d ACPI tables, %d CPUs, %d memreserve entries, %d dmesg bytes"
          % (a.out, c["efi_descs"], c["iomem_lines"], c["memblock_reserved"],
             c["acpi_tables"], c["cpus"], c["memreserve_entries"],
             c["dmesg_bytes"]))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
