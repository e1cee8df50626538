#!/usr/bin/env python3
"""Writes what `acpidump` (ACPICA, /dev/mem mode: `acpidump -c off`) would
have printed on a captured machine, from the capture's own bytes: the RSDP
and XSDT from mem/, every other table from sys/firmware/acpi/tables, each at
the address the kernel printed for it in dmesg.txt ("ACPI: SIG 0x... LEN").

Format: ACPICA apdump.c ApDumpTableBuffer() ("%4.4s @ 0x%8.8X%8.8X", so the
RSDP's "RSD PTR " prints as "RSD ") and utbuffer.c AcpiUtDumpBuffer()
("%8.4X: ", "%02X " per byte, 3 blanks per missing byte, one blank, the
ASCII column with '.' for unprintable bytes), one blank line after each
table. Order: oslinuxtbl.c OslTableInitialize(): RSDP, RSDT, XSDT, DSDT,
FACS, then the root table's entries.

Check the formatter against the real tool with --check: every sysfs table
is formatted here and by `acpidump -f FILE`, and both must be identical
(acpidump -f prints address 0).

usage: make-acpidump.py CAPTURE_DIR > out.txt
       make-acpidump.py --check CAPTURE_DIR
"""
import os
import re
import struct
import subprocess
import sys


def dump(sig, addr, b):
    out = ["%-4.4s @ 0x%016X" % (sig, addr)]
    for i in range(0, len(b), 16):
        chunk = b[i:i + 16]
        hexes = "".join("%02X " % c for c in chunk) + "   " * (16 - len(chunk))
        asc = "".join(chr(c) if 0x20 <= c < 0x7F else "." for c in chunk)
        out.append("%8.4X: %s %s" % (i, hexes, asc))
    return "\n".join(out) + "\n\n"


def main():
    check = sys.argv[1] == "--check"
    cap = sys.argv[2] if check else sys.argv[1]
    tdir = os.path.join(cap, "sys/firmware/acpi/tables")
    if check:
        for name in sorted(os.listdir(tdir)):
            p = os.path.join(tdir, name)
            real = subprocess.run(["acpidump", "-f", p], check=True,
                                  capture_output=True, text=True).stdout
            mine = dump(name[:4], 0, open(p, "rb").read())
            if real != mine:
                sys.exit("formatter differs from acpidump -f for " + p)
        print("formatter matches acpidump -f")
        return
    log = open(os.path.join(cap, "dmesg.txt")).read()
    addrs = {}
    for sig, a in re.findall(r"ACPI: (\w{4}) 0x([0-9A-F]{16}) ", log):
        addrs.setdefault(sig, int(a, 16))
    rsdp = open(os.path.join(cap, "mem/%016x.bin" % addrs["RSDP"]),
                "rb").read()
    xsdt = open(os.path.join(cap, "mem/%016x.bin" % addrs["XSDT"]),
                "rb").read()
    assert struct.unpack_from("<Q", rsdp, 24)[0] == addrs["XSDT"]
    out = [dump("RSD ", addrs["RSDP"], rsdp), dump("XSDT", addrs["XSDT"], xsdt)]
    tables = {n: open(os.path.join(tdir, n), "rb").read()
              for n in os.listdir(tdir)}
    out.append(dump("DSDT", addrs["DSDT"], tables["DSDT"]))
    if "FACS" in tables:
        out.append(dump("FACS", addrs["FACS"], tables["FACS"]))
    n = (struct.unpack_from("<I", xsdt, 4)[0] - 36) // 8
    for i in range(n):
        a = struct.unpack_from("<Q", xsdt, 36 + 8 * i)[0]
        sig = [s for s, x in addrs.items() if x == a][0]
        out.append(dump(sig, a, tables[sig]))
    sys.stdout.write("".join(out))


main()
