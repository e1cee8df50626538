#!/usr/bin/env python3
"""Inputs from two boots (check inputs_from_different_boots, model/boots.c),
made from real captures: a snapshot whose proc/version, proc/cmdline or
dmesg.txt comes from another capture (another real boot) must say so, make
the answers of the ranges only the log places unknown, and never call it an
escape; the real captures as they are, and a real capture with one LPI
table's reserved child dropped (one boot's failed insertion: an escape),
must not. The corpus case (adlink-ava: the same run of LPI tables at two
addresses in the log and /proc/iomem) is in the goldens and
testdata/corpus/adlink-ava-ampere-altra-arm64/EXPECT."""
import os
import shutil
import sys
import tempfile

sys.path.insert(0, os.path.dirname(__file__))
from common import audit_json, check, done, schema  # noqa: E402

binary, root = sys.argv[1], sys.argv[2]
v = schema(root)
CAPS = os.path.join(root, "testdata", "captures")
CK = "inputs_from_different_boots"


def copy(cap):
    tmp = tempfile.mkdtemp(prefix="ea-boots-")
    dst = os.path.join(tmp, "snap")
    shutil.copytree(os.path.join(CAPS, cap), dst)
    for dp, dn, fn in os.walk(dst):
        for n in dn + fn:
            os.chmod(os.path.join(dp, n), 0o755 if n in dn else 0o644)
    return tmp, dst


def audit(snap):
    return audit_json(binary, ["--snapshot", snap], root, v)


def clues(doc):
    return [f["message"] for f in doc["findings"] if f["check"] == CK]


def log_only(p):
    return all(e["input"] == "dmesg" for e in p["evidence"])


def two_boots(name, doc, rc, says):
    msgs = clues(doc)
    check(doc["verdict"] == "incomplete" and rc == 2,
          "%s: incomplete, exit 2 (got %s, %d)" % (name, doc["verdict"], rc))
    check(any(says in m for m in msgs),
          "%s: a %s finding saying %r (got %s)" % (name, CK, says, msgs))
    check("different boots" in doc["headline"],
          "%s: the headline says it: %s" % (name, doc["headline"]))
    check(not [f for f in doc["findings"] if f["severity"] == "critical"],
          "%s: no critical finding" % name)
    crit = [p for p in doc["protected"] if p["tier"] == "critical"]
    for p in crit:
        for l in ("kexec_file", "kexec_load"):
            d = p["loader_detail"][l]
            if log_only(p) and not d["inferred"]:
                check(p["loaders"][l] == "unknown" and CK in d["reason"],
                      "%s: %s %s %s unknown because of the two boots "
                      "(got %s: %s)" % (name, p["name"], p["first"], l,
                                        p["loaders"][l], d["reason"]))
            elif not log_only(p):
                check(CK not in d["reason"],
                      "%s: %s %s is placed by the other boot's inputs too: "
                      "its %s answer stands" % (name, p["name"], p["first"],
                                                l))


def edited(name, cap, edit, says):
    tmp, snap = copy(cap)
    try:
        edit(snap)
        rc, doc = audit(snap)
        if doc is not None:
            two_boots(name, doc, rc, says)
    finally:
        shutil.rmtree(tmp)


def put(snap, rel, src):
    shutil.copyfile(os.path.join(CAPS, src), os.path.join(snap, rel))


def append(snap, rel, text):
    with open(os.path.join(snap, rel)) as f:
        s = f.read().rstrip("\n")
    with open(os.path.join(snap, rel), "w") as f:
        f.write(s + text + "\n")


SMP4 = "qemu-arm64-6.1-acpi-smp4-2g"
# the kernel: the 5.10 capture's proc/version beside the 6.1 log
edited("release", SMP4,
       lambda s: put(s, "proc/version",
                     "qemu-arm64-5.10-acpi-smp2-1g/proc/version"),
       "the kernel log is of kernel 6.1.0-56-cloud-arm64, proc/version of "
       "5.10.0-32-cloud-arm64")
# the command line: booted again with one more parameter
edited("cmdline", SMP4, lambda s: append(s, "proc/cmdline", " quiet"),
       "is not proc/cmdline's")
# the same kernel and command line on another machine (the GICv2 guest,
# 1 GiB) with the 2 GiB guest's log: the FDT's EFI addresses, the systab
# file's RSDP and the map buffer in mem/ are the GICv2 boot's. Before the
# check, this was an escape: the log's LPI tables in the other boot's
# System RAM, and its printed EFI map taken for a corrupt buffer.
edited("dmesg", "qemu-arm64-6.1-acpi-gicv2",
       lambda s: put(s, "dmesg.txt", SMP4 + "/dmesg.txt"),
       "the FDT's /chosen linux,uefi-mmap-start at 0x000000007c43d9c0")

# one boot: no clue
for cap in sorted(os.listdir(CAPS)):
    if os.path.isdir(os.path.join(CAPS, cap)):
        rc, doc = audit(os.path.join(CAPS, cap))
        check(doc is not None and not clues(doc),
              "%s as captured: one boot (got %s)" % (cap, clues(doc or {
                  "findings": []})))


# one boot whose insertion of one LPI table in /proc/iomem failed: of the
# five tables the 5.10 log names, CPU3's pending table has no reserved child,
# the others do, and no child of a table's shape starts at no table: an
# escape of that boot, not two boots
def drop_child(snap):
    p = os.path.join(snap, "proc", "iomem")
    with open(p) as f:
        lines = f.readlines()
    kept = [l for l in lines if not l.startswith("  401d0000-401dffff")]
    check(len(kept) == len(lines) - 1, "drop-child: the child was there")
    with open(p, "w") as f:
        f.writelines(kept)


tmp, snap = copy("qemu-arm64-5.10-acpi-smp4-256m")
try:
    drop_child(snap)
    rc, doc = audit(snap)
    check(doc is not None and not clues(doc) and doc["verdict"] == "escape",
          "drop-child: escape, not two boots (got %s, %s)" %
          (doc and doc["verdict"], doc and clues(doc)))
finally:
    shutil.rmtree(tmp)
done()
