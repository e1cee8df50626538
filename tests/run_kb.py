#!/usr/bin/env python3
"""The knowledge base as the audit uses it, on a real snapshot: the 5.10
arm64 capture with one loader's input removed (as on a bug report without
memblock debugfs or /proc/iomem) and its kernel release rewritten to a
release on either side of a row. The inferred answer for the LPI property
table must change across the row, be marked inferred, and name the row on
the side it decides. (tests/test_knowledge.c checks every row's version
logic on both sides; the placement rows are checked through the models in
tests/test_placement.c.)"""
import os
import re
import shutil
import sys
import tempfile

sys.path.insert(0, os.path.dirname(__file__))
from common import audit_json, check, done, schema  # noqa: E402

binary, root = sys.argv[1], sys.argv[2]
v = schema(root)
CAP = os.path.join(root, "testdata", "captures",
                   "qemu-arm64-5.10-acpi-smp4-256m")
tmp = tempfile.mkdtemp(prefix="ea-kb-")

MEMBLOCK = "sys/kernel/debug/memblock"
IOMEM = "proc/iomem"


def snapshot(release, drop):
    """The capture with release in proc/version and the log's banner (the
    Debian sublevel removed, so the release alone decides), drop removed."""
    d = os.path.join(tmp, "%s-%s" % (release, drop.replace("/", "_")))
    shutil.rmtree(d, ignore_errors=True)
    shutil.copytree(CAP, d)
    for rel in ("proc/version", "dmesg.txt"):
        p = os.path.join(d, rel)
        with open(p) as f:
            t = f.read()
        t = t.replace("5.10.0-32-cloud-arm64", release)
        t = re.sub(r" #1 SMP Debian 5\.10\.223-1 \(2024-08-10\)", " #1 SMP", t)
        with open(p, "w") as f:
            f.write(t)
    p = os.path.join(d, drop)
    if os.path.isdir(p):
        shutil.rmtree(p)
    else:
        os.remove(p)
    return d


def lpi_answer(release, drop, loader):
    rc, doc = audit_json(binary, ["--snapshot", snapshot(release, drop)],
                         root, v)
    if doc is None:
        return None
    check(doc["system"]["kernel"] == release,
          "%s: the audit reads the rewritten release" % release)
    for p in doc["protected"]:
        if p["name"] == "LPI property table":
            d = p["loader_detail"][loader]
            return p["loaders"][loader], d["inferred"], d["kb_row"], \
                d["reason"], doc
    check(False, "%s: no LPI property table" % release)
    return None


# (row, loader, input removed, release before, answer, release after,
#  answer after): the answers on the two sides of the row
ROWS = [
    ("memreserve_memblock", "kexec_file", MEMBLOCK,
     "5.13.5", "escapes", "5.14.0", "protected"),
    ("memreserve_memblock", "kexec_file", MEMBLOCK,   # the 5.10 backport
     "5.10.53", "escapes", "5.10.54", "protected"),
    ("arm64_kexec_file", "kexec_file", MEMBLOCK,      # no kexec_file on arm64
     "4.20.17", "protected", "5.0.0", "escapes"),
    ("memreserve_iomem", "kexec_load", IOMEM,
     "5.4.6", "escapes", "5.4.7", None),
    ("memreserve_table", "kexec_load", IOMEM,         # no chain: nothing kept
     "4.19.0", "escapes", "4.20.0", "escapes"),
]
for row, loader, drop, before, a_before, after, a_after in ROWS:
    b = lpi_answer(before, drop, loader)
    a = lpi_answer(after, drop, loader)
    if not a or not b:
        continue
    check(b[0] == a_before and b[1] and b[2] == row,
          "%s %s: %s -> %s inferred by row %s (got %s, inferred %s, row %s:"
          " %s)" % (row, loader, before, a_before, row, b[0], b[1], b[2],
                    b[3]))
    if a_after is None:
        check(a[0] != "escapes", "%s %s: %s no longer escapes (got %s: %s)"
              % (row, loader, after, a[0], a[3]))
    else:
        check(a[0] == a_after and a[1],
              "%s %s: %s -> %s inferred (got %s: %s)" %
              (row, loader, after, a_after, a[0], a[3]))
    check(a[2] != row or a[0] != b[0],
          "%s %s: the row decides differently on the two sides" % (row,
                                                                   loader))
    # an inferred escape is an escape; an inferred protected answer is not
    # clean
    for side, ans in ((before, b), (after, a)):
        doc = ans[4]
        want = "escape" if any(
            p["tier"] == "critical" and "escapes" in p["loaders"].values()
            for p in doc["protected"]) else "incomplete"
        check(doc["verdict"] == want,
              "%s %s: verdict %s (got %s)" % (row, side, want, doc["verdict"]))
        inferred = any(d["inferred"] for p in doc["protected"]
                       for d in p["loader_detail"].values())
        check(inferred == any(f["check"] == "answer_inferred"
                              for f in doc["findings"]),
              "%s %s: answer_inferred reported when (and only when) an "
              "answer was inferred" % (row, side))
shutil.rmtree(tmp, ignore_errors=True)
done()
