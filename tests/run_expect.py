#!/usr/bin/env python3
"""The expectation model on real captures: for each category the evidence
says must exist, a copy whose evidence stays and whose ranges' sources are
removed must be INCOMPLETE with an expected_ranges_missing finding naming
the category, and the unedited capture (evidence and ranges both there) must
be CLEAN. What is removed follows the sources each category has (see
src/model/expect.c): for the ACPI tables, the log's "ACPI: SIG 0x..." lines
(the capture's mem/ holds only the RSDP and XSDT, so the walk reaches the
tables but cannot read them, and sysfs lists them by name); for the LPI
tables, the log's LPI lines and the MEMRESERVE chain page in mem/; for the
MEMRESERVE table, the efi: configuration-table line (the system table is not
in mem/); for the EFI memory map buffer, the "MemMap Address" line and the
FDT."""
import os
import re
import shutil
import sys
import tempfile

sys.path.insert(0, os.path.dirname(__file__))
from common import audit_json, check, done, schema  # noqa: E402

binary, root = sys.argv[1], sys.argv[2]
v = schema(root)
CAPS = os.path.join(root, "testdata", "captures")


def copy(cap):
    tmp = tempfile.mkdtemp(prefix="ea-expect-")
    dst = os.path.join(tmp, "snap")
    shutil.copytree(os.path.join(CAPS, cap), dst)
    for dp, dn, fn in os.walk(dst):
        for n in dn + fn:
            os.chmod(os.path.join(dp, n), 0o755 if n in dn else 0o644)
    return tmp, dst


def drop_lines(path, pattern):
    with open(path) as f:
        lines = f.readlines()
    kept = [l for l in lines if not re.search(pattern, l)]
    check(len(kept) < len(lines), "%s: %r matched a line" % (path, pattern))
    with open(path, "w") as f:
        f.writelines(kept)


def missing(doc):
    return [f["message"] for f in doc["findings"]
            if f["check"] == "expected_ranges_missing"]


def case(name, cap, category, edits):
    tmp, snap = copy(cap)
    try:
        for e in edits:
            e(snap)
        rc, doc = audit_json(binary, ["--snapshot", snap], root, v)
        msgs = missing(doc)
        check(doc["verdict"] == "incomplete" and rc == 2,
              "%s: verdict incomplete, exit 2 (got %s, %d)"
              % (name, doc["verdict"], rc))
        check(any(m.startswith(category) for m in msgs),
              "%s: an expected_ranges_missing finding for %s (got %s)"
              % (name, category, msgs))
    finally:
        shutil.rmtree(tmp)


ACPI_CAP = "qemu-arm64-6.1-acpi-smp4-2g"

# both present: CLEAN, no expectation unmet
for cap in (ACPI_CAP, "qemu-arm64-6.1-dt-smp2-1g",
            "qemu-arm64-5.10-acpi-smp2-1g", "qemu-arm64-6.1-acpi-gicv2"):
    rc, doc = audit_json(binary, ["--snapshot", os.path.join(CAPS, cap)],
                         root, v)
    check(doc["verdict"] == "clean" and rc == 0 and not missing(doc),
          "%s as captured: clean, every expectation met (got %s, %s)"
          % (cap, doc["verdict"], missing(doc)))


def log(snap):
    return os.path.join(snap, "dmesg.txt")


case("acpi", ACPI_CAP, "ACPI tables",
     [lambda s: drop_lines(log(s), r"ACPI: [A-Z0-9]{4} 0x")])
case("lpi", ACPI_CAP, "GICv3 LPI tables",
     [lambda s: drop_lines(log(s), r"LPI (property|pending) table"),
      lambda s: os.remove(os.path.join(s, "mem", "0000000040174000.bin"))])
case("memreserve", ACPI_CAP, "the MEMRESERVE table",
     [lambda s: drop_lines(log(s), r"efi: .*MEMRESERVE=")])
case("efi-map", ACPI_CAP, "the EFI memory map buffer",
     [lambda s: drop_lines(log(s), r"MemMap Address"),
      lambda s: os.remove(os.path.join(s, "sys", "firmware", "fdt"))])
# the same on a device-tree boot: the ITS from the FDT and the log
case("lpi-dt", "qemu-arm64-6.1-dt-smp2-1g", "GICv3 LPI tables",
     [lambda s: drop_lines(log(s), r"LPI (property|pending) table"),
      lambda s: [os.remove(os.path.join(s, "mem", n))
                 for n in os.listdir(os.path.join(s, "mem"))]])

# GICv2: no ITS, so no LPI table and no MEMRESERVE entry is expected; the
# capture is clean without them (above), and stays so without its ITS-free
# log's EFI lines other than the map
rc, doc = audit_json(binary, ["--snapshot", os.path.join(CAPS,
                     "qemu-arm64-6.1-acpi-gicv2")], root, v)
check(not any("LPI" in m for m in missing(doc)),
      "gicv2: no LPI expectation")
# the acpidump and the log: the real pair agrees (no disagreement), the
# minimal input with one table moved does not (testdata/checks)
rc, doc = audit_json(binary, [
    "--snapshot", os.path.join(CAPS, ACPI_CAP), "--acpidump",
    os.path.join(root, "testdata", "acpi",
                 "qemu-arm64-6.1-acpi-smp4-2g.acpidump.txt")], root, v)
check(not [f for f in doc["findings"]
           if f["check"] == "acpidump_log_disagree"],
      "the capture's own acpidump and log agree")
# a second kernel on a board without UEFI that reuses the LPI tables its
# predecessor left enabled (the capture's observed console after kexec -e:
# the kernel oopsed): post_kexec_corruption, critical; the first kernel's
# own log (tables allocated, not reused) has none
NOEFI = os.path.join(CAPS, "qemu-arm64-6.1-noefi-gicv3")
rc, doc = audit_json(binary, [
    "--dmesg", os.path.join(NOEFI, "observed", "console-after-kexec-e.txt")],
    root, v)
pk = [f for f in doc["findings"] if f["check"] == "post_kexec_corruption"]
check(rc == 1 and pk and pk[0]["severity"] == "critical" and
      "preallocated" in pk[0]["message"],
      "the UEFI-less second kernel reusing its predecessor's LPI tables: "
      "critical post_kexec_corruption (%s)" % [f["message"] for f in pk])
rc, doc = audit_json(binary, ["--dmesg", os.path.join(NOEFI, "dmesg.txt")],
                     root, v)
check(not [f for f in doc["findings"]
           if f["check"] == "post_kexec_corruption"],
      "the first kernel's own log shows no earlier overwrite")
done()
