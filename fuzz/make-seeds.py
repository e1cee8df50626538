#!/usr/bin/env python3
"""Writes the seeds of the fuzz targets that read physical memory
(fuzz_acpi, fuzz_efisystab, fuzz_memreserve) into fuzz/corpus/<target>/,
in the input format of fuzz/fuzz.h:

    HEADER  ("EAREGION" <u64 address> BYTES)*  ["EADMESG:" TEXT]

Everything comes from testdata/, unedited:
  - each snapshot (testdata/captures/*, testdata/checks/*) with a mem/: its
    mem/<16 hex digits>.bin chunks at their addresses; for fuzz_acpi also
    every sys/firmware/acpi/tables file at the address the snapshot's
    dmesg.txt prints for it ("ACPI: SIG 0x... LEN"); the walk's start from
    its dmesg.txt ("efi: ... ACPI 2.0=", "MEMRESERVE=", "System Table :");
    the lines of dmesg.txt the target compares with (ACPI tables, efi:);
  - testdata/acpi/asus-a7v133-2006.acpidump.txt, a real ACPI 1.0 machine
    (RSDP revision 0, RSDT, FADT without X_ fields, FACS), parsed back from
    its hex dump;
  - the synthetic machine of testdata/acpi/*.dsl that tests/test_acpi.c
    walks, compiled with iasl (acpica-tools) at the addresses of the layout
    comment in rsdp.dsl.
The captures hold no EFI system table (NOMAP memory, absent from
/proc/kcore); the only ones in testdata/ are those of the checks
efi_systab_crc_bad and config_tables_differ_from_log, built from the values
of the real capture qemu-arm64-6.1-acpi-smp4-2g.

usage: fuzz/make-seeds.py      (rewrites the three corpus directories)
"""
import glob
import os
import re
import shutil
import struct
import subprocess
import sys
import tempfile

TOP = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TD = os.path.join(TOP, "testdata")
OUT = os.path.join(TOP, "fuzz", "corpus")
TAG_REGION = b"EAREGION"
TAG_DMESG = b"EADMESG:"


def seed(header, regions, dmesg=None):
    """header bytes, [(address, bytes)], optional log text."""
    b = bytearray(header)
    for addr, data in sorted(regions):
        assert data and TAG_REGION not in data and TAG_DMESG not in data
        b += TAG_REGION + struct.pack("<Q", addr) + data
    if dmesg:
        b += TAG_DMESG + dmesg.encode()
    return bytes(b)


def mem_chunks(snap):
    out = {}
    for p in sorted(glob.glob(os.path.join(snap, "mem", "*.bin"))):
        name = os.path.basename(p)
        if re.fullmatch(r"[0-9a-f]{16}\.bin", name):
            out[int(name[:16], 16)] = open(p, "rb").read()
    return out


def log_lines(log, pattern):
    return "".join(l + "\n" for l in log.splitlines() if re.search(pattern, l))


def efi_value(log, name):
    m = re.search(r"efi: .*\b" + re.escape(name) + r"=0x([0-9a-f]+)", log)
    return int(m.group(1), 16) if m else None


def acpi_regions(snap, log, chunks):
    """The mem/ chunks, and each sysfs table at its dmesg address (SSDT,
    SSDT2, ... in log order, as Linux names the files)."""
    regions = {}
    tdir = os.path.join(snap, "sys/firmware/acpi/tables")
    seen = {}
    for sig, a in re.findall(r"ACPI: (\w{4}) 0x([0-9A-F]{16}) ", log):
        if int(a, 16) in chunks:
            regions[int(a, 16)] = chunks[int(a, 16)]
            continue
        seen[sig] = seen.get(sig, 0) + 1
        for name in (sig + (str(seen[sig]) if seen[sig] > 1 else ""),
                     sig + str(seen[sig])):
            p = os.path.join(tdir, name)
            if os.path.isfile(p) and int(a, 16) not in regions:
                regions[int(a, 16)] = open(p, "rb").read()
                break
    return regions


def chain_chunks(root, chunks):
    """The chunks holding the MEMRESERVE nodes reached from root (next at
    +8 in the v5.0 layout)."""
    out, addr = {}, root
    while addr in chunks and addr not in out and len(out) < 64:
        out[addr] = chunks[addr]
        if len(chunks[addr]) < 16:
            break
        addr = struct.unpack_from("<Q", chunks[addr], 8)[0]
    return out


def runtime_region(log, addr):
    """The arm64 EFI map line holding addr: (start, size), or None."""
    for s, e in re.findall(r"efi:   0x([0-9a-f]+)-0x([0-9a-f]+) \[Runtime",
                           log):
        s, e = int(s, 16), int(e, 16)
        if s <= addr <= e:
            return s, e - s + 1
    return None


def snapshots():
    for d in sorted(glob.glob(os.path.join(TD, "captures", "*")) +
                    glob.glob(os.path.join(TD, "checks", "*"))):
        if os.path.isdir(os.path.join(d, "mem")) and \
                os.path.isfile(os.path.join(d, "dmesg.txt")):
            kind = "capture" if "/captures/" in d else "check"
            yield "%s-%s" % (kind, os.path.basename(d)), d


def acpidump_regions(path):
    """Blocks "SIG @ 0xADDR" followed by "  OFFS: XX XX ..." lines."""
    regions, addr, data = {}, None, bytearray()
    for line in open(path, encoding="latin-1"):
        m = re.match(r"(.{4}|RSD PTR) @ 0x([0-9a-fA-F]+)\s*$", line)
        if m:
            if addr is not None:
                regions[addr] = bytes(data)
            addr, data = int(m.group(2), 16), bytearray()
            continue
        m = re.match(r"\s+[0-9a-fA-F]{4,8}: ((?:[0-9a-fA-F]{2} )+)", line)
        if m and addr is not None:
            data += bytes(int(x, 16) for x in m.group(1).split())
    if addr is not None:
        regions[addr] = bytes(data)
    return regions


def iasl_regions():
    """testdata/acpi/*.dsl compiled, at the addresses rsdp.dsl lists."""
    layout = open(os.path.join(TD, "acpi", "rsdp.dsl")).read()
    want = {}
    for a, sig, which in re.findall(
            r"(0x[0-9a-f]{8}) (\w{4})(?: \((first|second)\))?", layout):
        name = sig.lower() + {"first": "1", "second": "2"}.get(which, "")
        want[name] = int(a, 16)
    assert len(want) == 9, want
    regions = {}
    with tempfile.TemporaryDirectory() as tmp:
        for name, addr in want.items():
            subprocess.run(["iasl", "-vs", "-p", os.path.join(tmp, name),
                            os.path.join(TD, "acpi", name + ".dsl")],
                           check=True, stdout=subprocess.DEVNULL)
            regions[addr] = open(os.path.join(tmp, name + ".aml"),
                                 "rb").read()
    return want["rsdp"], regions


def write(target, seeds):
    d = os.path.join(OUT, target)
    shutil.rmtree(d, ignore_errors=True)
    os.makedirs(d)
    for name, b in sorted(seeds.items()):
        open(os.path.join(d, name), "wb").write(b)
    print("%s: %d seeds" % (target, len(seeds)))


def main():
    acpi, systab, memres = {}, {}, {}
    for name, snap in snapshots():
        log = open(os.path.join(snap, "dmesg.txt"), errors="replace").read()
        chunks = mem_chunks(snap)
        rsdp = efi_value(log, "ACPI 2.0")
        if rsdp is not None and rsdp in chunks:
            acpi[name] = seed(struct.pack("<Q", rsdp),
                              acpi_regions(snap, log, chunks).items(),
                              log_lines(log, r"efi: .*=0x|ACPI: \w{4} 0x"))
        root = efi_value(log, "MEMRESERVE")
        if root is not None and root in chunks:
            # v5.0+ layout (header byte 8 is 0): testdata has no 4.20 chain
            memres[name] = seed(struct.pack("<QB", root, 0),
                                chain_chunks(root, chunks).items())
        m = re.search(r"efi:\s+System Table\s*: 0x([0-9a-f]+)", log)
        st = int(m.group(1), 16) if m else None
        if st is not None and st in chunks:
            # 6.1's arm64 stub maps runtime regions 1:1: the region holding
            # the table, as the log's EFI map prints it, virt == phys
            rt = runtime_region(log, st) or (0, 0)
            systab[name] = seed(struct.pack("<QQQQ", st, rt[0], rt[0], rt[1]),
                                chunks.items(), log_lines(log, r"efi: .*=0x"))
    asus = acpidump_regions(os.path.join(TD, "acpi",
                                         "asus-a7v133-2006.acpidump.txt"))
    rsdp = [a for a, b in asus.items() if b.startswith(b"RSD PTR ")][0]
    acpi["acpidump-asus-a7v133-2006"] = seed(struct.pack("<Q", rsdp),
                                             asus.items())
    rsdp, regions = iasl_regions()
    acpi["iasl-testdata-acpi"] = seed(struct.pack("<Q", rsdp), regions.items())
    write("fuzz_acpi", acpi)
    write("fuzz_efisystab", systab)
    write("fuzz_memreserve", memres)


if __name__ == "__main__":
    sys.exit(main())
