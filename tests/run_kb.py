#!/usr/bin/env python3
"""The knowledge base as the audit uses it, on a real snapshot: the 5.10
arm64 capture with one loader's input removed (as on a bug report without
memblock debugfs or /proc/iomem) and its kernel release rewritten to a
release on either side of a row. The inferred answer for the LPI property
table must change across the row, be marked inferred, and name the row on
the side it decides. (tests/test_knowledge.c checks every row's version
logic on both sides; the placement rows are checked through the models in
tests/test_placement.c.)

Then the inferences' preconditions on the real UEFI-less log of
testdata/corpus/qemu-virt-kvm-noefi-arm64 (a QEMU virt guest booted with a
DT and no firmware, GICv3 with an ITS): whatever kernel release it names,
however the boot says it had no UEFI ("efi: UEFI not found.", as efi_init()
prints it), and when the next kernel of such a board reported the old
tables as "preallocated", both loaders escape and the remedy is the boot
path, never a kernel update; a device-tree reservation over the tables
protects them; without an ITS there is nothing to protect and a boot with
its views is clean. Last, every escaping answer of every golden report
carries what to do, and no other answer does."""
import json
import os
import re
import shutil
import subprocess
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

# ---- the UEFI-less board --------------------------------------------------

NOEFI = os.path.join(root, "testdata", "corpus", "qemu-virt-kvm-noefi-arm64",
                     "dmesg.txt")
NOEFI_REL = "5.3.0-rc3-00001-g9b0f179cd3d1-dirty"
MODEL = "[    0.000000] Machine model: linux,dummy-virt\n"
# what efi_init() prints on a board without UEFI (5.4 to 5.6: both lines;
# 5.10+: the second only)
NOT_FOUND = ("[    0.000000] efi: Getting EFI parameters from FDT:\n"
             "[    0.000000] efi: UEFI not found.\n")
# The views of this guest: its 2 GiB at 0x40000000 (the log's node range),
# with a kernel image and the CMA area (the log's "cma: Reserved 32 MiB at
# 0x00000000be000000") reserved. The log gives no image addresses: these
# are made up, away from the LPI tables at 0xbb050000 and 0xbb060000, which
# the page allocator gave the ITS driver and nothing reserves.
IOMEM = """08000000-0800ffff : GICD
080a0000-08ffffff : GICR
09000000-09000fff : pl011@9000000
40000000-bfffffff : System RAM
  40200000-40dfffff : Kernel code
  40e00000-4115ffff : reserved
  41160000-4134ffff : Kernel data
  bdbf0000-bdbf2fff : reserved
  be000000-bfffffff : reserved
"""
MB_MEMORY = "   0: 0x0000000040000000..0x00000000bfffffff\n"
MB_RESERVED = ("   0: 0x0000000040200000..0x000000004134ffff\n"
               "   1: 0x00000000bdbf0000..0x00000000bdbf2fff\n"
               "   2: 0x00000000be000000..0x00000000bfffffff\n")
# the guest's GICv3 as QEMU virt lays it out (testdata/fdt/gicv3-its.dts),
# with or without its ITS, and a reserved-memory node when asked
DTS = """/dts-v1/;
/ {
	#address-cells = <2>;
	#size-cells = <2>;
	memory@40000000 {
		device_type = "memory";
		reg = <0x0 0x40000000 0x0 0x80000000>;
	};
%s
	intc@8000000 {
		compatible = "arm,gic-v3";
		#interrupt-cells = <3>;
		#address-cells = <2>;
		#size-cells = <2>;
		ranges;
		interrupt-controller;
		reg = <0x0 0x8000000 0x0 0x10000>,
		      <0x0 0x80a0000 0x0 0xf60000>;
%s
	};
};
"""
ITS_NODE = """		its@8080000 {
			compatible = "arm,gic-v3-its";
			msi-controller;
			reg = <0x0 0x8080000 0x0 0x20000>;
		};"""
RESMEM = """	reserved-memory {
		#address-cells = <2>;
		#size-cells = <2>;
		ranges;
		gic-tables@bb000000 {
			reg = <0x0 0xbb000000 0x0 0x100000>;
			no-map;
		};
	};"""


def noefi(name, release=None, not_found=False, preallocated=False,
          drop_its=False, views=False, fdt=None):
    """A snapshot of the UEFI-less guest: its real log, edited as asked."""
    d = os.path.join(tmp, "noefi-" + name)
    shutil.rmtree(d, ignore_errors=True)
    os.makedirs(d)
    with open(NOEFI) as f:
        t = f.read()
    if release:
        t = t.replace(NOEFI_REL, release)
    if not_found:
        t = t.replace(MODEL, MODEL + NOT_FOUND)
    if preallocated:
        # what the next kernel printed on such a board after a load had
        # covered the old tables
        t = t.replace("[    0.000000] GICv3: using LPI property table",
                      "[    0.000000] GICv3: Using preallocated "
                      "redistributor tables\n"
                      "[    0.000000] GICv3: using LPI property table")
        t = t.replace("using allocated LPI pending table",
                      "using reserved LPI pending table")
    if drop_its:
        t = "".join(x for x in t.splitlines(True)
                    if "ITS" not in x and "LPI" not in x)
    with open(os.path.join(d, "dmesg.txt"), "w") as f:
        f.write(t)
    if views:
        os.makedirs(os.path.join(d, "proc"))
        with open(os.path.join(d, "proc", "iomem"), "w") as f:
            f.write(IOMEM)
        mb = os.path.join(d, "sys", "kernel", "debug", "memblock")
        os.makedirs(mb)
        with open(os.path.join(mb, "memory"), "w") as f:
            f.write(MB_MEMORY)
        with open(os.path.join(mb, "reserved"), "w") as f:
            f.write(MB_RESERVED)
    if fdt is not None:
        fw = os.path.join(d, "sys", "firmware")
        os.makedirs(fw, exist_ok=True)
        src = os.path.join(tmp, name + ".dts")
        with open(src, "w") as f:
            f.write(fdt)
        subprocess.run(["dtc", "-q", "-I", "dts", "-O", "dtb", "-o",
                        os.path.join(fw, "fdt"), src], check=True)
    return d


def lpi_ranges(doc):
    return [p for p in doc["protected"]
            if p["kind"] in ("lpi_property_table", "lpi_pending_table")]


def finding(doc, check_id):
    return [f for f in doc["findings"] if f["check"] == check_id]


COMMITS = ("71e0940d52e1", "ab0eb16205b4", "2bab693a608b")
CASES = [
    ("as-is", dict()),
    ("6.12", dict(release="6.12.117")),
    ("6.12-not-found", dict(release="6.12.117", not_found=True)),
    ("5.4-not-found", dict(release="5.4.0-00001-gd45a90825ab2",
                           not_found=True)),
    ("6.12-preallocated", dict(release="6.12.117", not_found=True,
                               preallocated=True)),
    ("6.12-views", dict(release="6.12.117", not_found=True, views=True)),
    ("6.12-fdt", dict(release="6.12.117", fdt=DTS % ("", ITS_NODE))),
]
for name, kw in CASES:
    rc, doc = audit_json(binary, ["--snapshot", noefi(name, **kw)], root, v)
    if doc is None:
        continue
    check(doc["verdict"] == "escape" and rc == 1,
          "no UEFI, %s: escape (got %s)" % (name, doc["verdict"]))
    lpi = lpi_ranges(doc)
    check(len(lpi) == 2, "no UEFI, %s: both LPI tables listed" % name)
    for p in lpi:
        for ln, d in p["loader_detail"].items():
            check(p["loaders"][ln] == "escapes",
                  "no UEFI, %s: %s escapes %s (got %s: %s)" % (
                      name, p["name"], ln, p["loaders"][ln], d["reason"]))
            check(d["inferred"] != bool(kw.get("views")),
                  "no UEFI, %s: %s %s inferred only without its view" % (
                      name, p["name"], ln))
            w = d.get("what_to_do") or ""
            check("Boot through UEFI" in w and "--mem-min" in w and
                  "update the kernel" not in w and
                  not any(c in w for c in COMMITS),
                  "no UEFI, %s: %s %s: the remedy is the boot path (%s)" % (
                      name, p["name"], ln, w))
            check(not any(c in d["reason"] for c in COMMITS),
                  "no UEFI, %s: %s %s: no kernel change in the reason (%s)"
                  % (name, p["name"], ln, d["reason"]))
            if d["inferred"]:
                check(d["kb_row"] is None,
                      "no UEFI, %s: no row decides it" % name)
    f = finding(doc, "not_efi_booted")
    check(len(f) == 1 and "ITS is present" in f[0]["message"],
          "no UEFI, %s: not_efi_booted, with the ITS (%s)" % (
              name, [x["message"] for x in f]))
    if kw.get("not_found") and f:
        check(any("UEFI not found." in e["text"] for e in f[0]["evidence"]),
              "no UEFI, %s: the finding cites \"UEFI not found.\"" % name)

# firmware-preallocated tables inside a reserved region: protected
rc, doc = audit_json(binary, ["--snapshot", noefi(
    "resmem", release="6.12.117", not_found=True,
    fdt=DTS % (RESMEM, ITS_NODE))], root, v)
if doc is not None:
    for p in lpi_ranges(doc):
        d = p["loader_detail"]["kexec_file"]
        check(p["loaders"]["kexec_file"] == "protected" and d["inferred"] and
              "device-tree reservation" in d["reason"],
              "no UEFI, tables in /reserved-memory: %s protected from "
              "kexec_file (got %s: %s)" % (p["name"],
                                           p["loaders"]["kexec_file"],
                                           d["reason"]))
        check(p["loaders"]["kexec_load"] != "escapes",
              "no UEFI, tables in /reserved-memory: %s does not escape "
              "kexec_load" % p["name"])
    check(doc["verdict"] == "incomplete",
          "no UEFI, tables in /reserved-memory: inferred protection is not "
          "clean (got %s)" % doc["verdict"])

# no ITS, nothing else to protect: clean when the views are there
for name, fdt, its in (("no-its", None, "not known"),
                       ("no-its-fdt", DTS % ("", ""), "no GICv3 ITS")):
    rc, doc = audit_json(binary, ["--snapshot", noefi(
        name, release="6.12.117", not_found=True, drop_its=True,
        views=True, fdt=fdt)], root, v)
    if doc is None:
        continue
    check(doc["verdict"] == "clean" and rc == 0,
          "no UEFI, %s: clean, exit 0 (got %s, %d: %s)" % (
              name, doc["verdict"], rc,
              [x["check"] for x in doc["findings"]]))
    f = finding(doc, "not_efi_booted")
    check(len(f) == 1 and its in f[0]["message"],
          "no UEFI, %s: not_efi_booted says %r (%s)" % (
              name, its, [x["message"] for x in f]))

# ---- every escape says what to do -----------------------------------------

GOLDEN = os.path.join(root, "testdata", "golden")
for case in sorted(os.listdir(GOLDEN)):
    path = os.path.join(GOLDEN, case, "expected.json")
    if not os.path.exists(path):
        continue
    with open(path) as f:
        doc = json.load(f)
    for p in doc["protected"]:
        for ln, d in p["loader_detail"].items():
            esc = p["loaders"][ln] == "escapes"
            check(bool(d.get("what_to_do")) == esc,
                  "%s: %s %s: what_to_do on escapes only" % (
                      case, p["name"], ln))

shutil.rmtree(tmp, ignore_errors=True)
done()
