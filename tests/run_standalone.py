#!/usr/bin/env python3
"""A report that stands alone (issue 15): in a bug tracker and in a corpus.

- The same snapshot copied to two directories, and packed, gives the same
  report byte for byte, text and JSON, and neither names where it lived.
- A snapshot's MANIFEST, written the way scripts/collect.sh writes it (its
  reasons taken from collect.sh itself), reaches the report: each input the
  snapshot lacks has the collector's reason and the MANIFEST's line, the
  JSON's snapshot object has the header's values, the hostname appears
  nowhere, a damaged MANIFEST line is a finding that names its line.
- tool: the version CMakeLists.txt sets, the knowledge base's version
  knowledge.h sets, the schema's version, a commit that is null or one
  this repository has.
- ids: a range the raw kernel log prints has the id kind@first; a range or
  finding that would share an id gets "#2"; ids are unique.

    run_standalone.py BINARY SOURCE_ROOT
"""
import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile

sys.path.insert(0, os.path.dirname(__file__))
from common import audit_json, check, done, run, schema  # noqa: E402

binary, root = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
v = schema(root)
CAPS = os.path.join(root, "testdata", "captures")
tmp = tempfile.mkdtemp(prefix="ea-standalone-")


def strings(doc):
    if isinstance(doc, dict):
        for x in doc.values():
            yield from strings(x)
    elif isinstance(doc, list):
        for x in doc:
            yield from strings(x)
    elif isinstance(doc, str):
        yield doc


def reports(snap):
    """(exit, JSON text, text report) of the snapshot at snap, run from
    an unrelated working directory."""
    rc_j, js, _ = run(binary, ["--snapshot", snap, "--json"], tmp)
    rc_t, txt, _ = run(binary, ["--snapshot", snap], tmp)
    check(rc_j == rc_t, "%s: one exit status" % snap)
    return rc_j, js, txt


# --- 1. two copies and a tarball: one report --------------------------------

for cap in ("qemu-arm64-6.1-noefi-gicv3", "qemu-arm64-6.1-acpi-smp4-2g",
            "qemu-amd64-6.1-ovmf-smp2-2g"):
    a = os.path.join(tmp, "a", cap)
    b = os.path.join(tmp, "somewhere", "else", "deeper-" + cap, "snap-copy")
    shutil.copytree(os.path.join(CAPS, cap), a)
    shutil.copytree(os.path.join(CAPS, cap), b)
    tgz = os.path.join(tmp, cap + ".tar.gz")
    with tarfile.open(tgz, "w:gz") as t:
        t.add(a, arcname="top-" + cap)
    ra, rb, rt = reports(a), reports(b), reports(tgz)
    check(ra == rb, "%s: two copies give byte-identical reports" % cap)
    check(ra == rt, "%s: the tarball gives the copies' report" % cap)
    doc = json.loads(ra[1])
    check(not list(v.iter_errors(doc)), "%s: the report validates" % cap)
    leak = [s for s in strings(doc) if tmp in s or "snap-copy" in s
            or "top-" + cap in s]
    check(not leak and tmp not in ra[2],
          "%s: nothing says where the snapshot lived: %r" % (cap, leak[:2]))
    # the paths are the snapshot's own, below its root
    for i in doc["inputs"]:
        if i["status"] == "ok" and not i["path"].startswith("decoded"):
            check(os.path.exists(os.path.join(CAPS, cap, i["path"])),
                  "%s: input %s's path %r is below the snapshot's root"
                  % (cap, i["name"], i["path"]))
    has_manifest = os.path.exists(os.path.join(CAPS, cap, "MANIFEST"))
    check((doc["snapshot"] is not None) == has_manifest,
          "%s: snapshot metadata only from a MANIFEST" % cap)

# the vm suite's tarball (top-level "snapshot/"), unpacked twice
vt = os.path.join(root, "testdata", "vm-snapshots", "x86-6.1-smp2.tar.gz")
for d in ("u1", os.path.join("u2", "x")):
    with tarfile.open(vt) as t:
        t.extractall(os.path.join(tmp, d))
r1 = reports(os.path.join(tmp, "u1", "snapshot"))
r2 = reports(os.path.join(tmp, "u2", "x", "snapshot"))
rt = reports(vt)
check(r1 == r2 == rt, "the vm tarball and two unpacked copies: one report")

# --- 2. the MANIFEST's reasons reach the report ---------------------------

collect = open(os.path.join(root, "scripts", "collect.sh")).read()


def collect_words(pattern):
    """A reason string as collect.sh writes it (pattern: a regex with one
    group over its source)."""
    m = re.search(pattern, collect)
    check(m is not None, "collect.sh still says %r" % pattern)
    return m.group(1) if m else "?"


dmesg_why = collect_words(
    r'why="(kernel\.dmesg_restrict=1 and not root: run collect\.sh as root)"')
mb_why = collect_words(
    r'record "\$rel" EACCES "(not root: debugfs is readable by root only)"')
zeroed_why = collect_words(
    r'record proc/iomem zeroed "(every address reads as 0: [^"]*)"')

cap = "qemu-arm64-6.1-acpi-smp4-2g"
snap = os.path.join(tmp, "not-root")
shutil.copytree(os.path.join(CAPS, cap), snap)
for f in ("dmesg.txt", "sys/kernel/debug/memblock/memory",
          "sys/kernel/debug/memblock/reserved", "proc/cmdline"):
    os.unlink(os.path.join(snap, f))
header = [
    ("snapshot", "efiresv-audit snapshot (layout: SNAPSHOT.md)"),
    ("collector", "collect.sh 1"),
    ("date", "2027-03-04T05:06:07Z"),
    ("hostname", "secret-host-4242"),
    ("kernel", "6.1.0-56-cloud-arm64 (aarch64)"),
    ("user", "uid 1000, not root: dmesg may be restricted, /proc/iomem "
             "reads as zeros, debugfs, systab, the ACPI tables and memory "
             "need root; run collect.sh as root"),
    ("lockdown", "none"),
    ("efi", "yes (booted through UEFI)"),
    ("efi=debug", "yes (the kernel log has the EFI memory map)"),
    ("kexec-tools", "not installed (no kexec in PATH)"),
    ("efiresv-audit", "not found (mem/ not saved)"),
    ("acpidump", "failed: acpidump -c off: Cannot open /dev/mem"),
    ("config", "CONFIG_ARCH_KEEP_MEMBLOCK=y (from proc/config.gz)"),
    ("config", "# CONFIG_KEXEC_FILE is not set (from proc/config.gz)"),
]
items = [
    ("dmesg.txt", "EPERM", dmesg_why),
    ("proc/iomem", "zeroed", zeroed_why),
    ("proc/version", "ok", None),
    ("proc/cmdline", "ok", None),  # listed, but the copy lost it
    ("sys/kernel/debug/memblock/memory", "EACCES", mb_why),
    ("sys/kernel/debug/memblock/reserved", "EACCES", mb_why),
    ("MANIFEST", "ok", None),
]
lines = ["%s: %s" % kv for kv in header] + ["", "item\tstatus\treason"]
where = {}
for path, st, why in items:
    lines.append("%s\t%s\t%s" % (path, st, why) if why else
                 "%s\t%s" % (path, st))
    where[path] = len(lines)
lines.append("a line of no form")
bad_line = len(lines)
with open(os.path.join(snap, "MANIFEST"), "w") as f:
    f.write("\n".join(lines) + "\n")

rc, doc = audit_json(binary, ["--snapshot", snap], root, v)
_, txt, _ = run(binary, ["--snapshot", snap], root)
check(doc is not None, "the not-root snapshot is audited")
if doc:
    check(doc["verdict"] != "clean", "a not-root snapshot is not clean")
    check(doc["headline"].startswith(
        "INCOMPLETE: the snapshot was collected as uid 1000, not root: "
        "inputs that need root were not read (MANIFEST line %d)"
        % [i for i, kv in enumerate(header, 1) if kv[0] == "user"][0]),
        "the headline says first that it was not collected as root: %r"
        % doc["headline"])
    nr = [f for f in doc["findings"] if f["check"] == "not_root"]
    check(len(nr) == 1 and "dmesg.txt (EPERM), proc/iomem (zeroed), "
          "sys/kernel/debug/memblock/memory (EACCES)" in nr[0]["message"]
          and nr[0]["evidence"][0]["input"] == "manifest",
          "not_root names what the collector could not read: %r" % nr)
    ins = {i["name"]: i for i in doc["inputs"]}
    for name, path in (("dmesg", "dmesg.txt"),
                       ("memblock_memory", "sys/kernel/debug/memblock/memory"),
                       ("memblock_reserved",
                        "sys/kernel/debug/memblock/reserved")):
        it = [x for x in items if x[0] == path][0]
        want = "%s (MANIFEST line %d: %s)" % (it[2], where[path], it[1])
        check(ins[name]["status"] == "absent" and
              ins[name]["detail"] == want,
              "%s: the MANIFEST's reason, %r, not %r"
              % (name, want, ins[name]["detail"]))
        check(want in txt, "%s: the text report says it too" % name)
    check("lists it as collected: the snapshot lost it" in
          (ins["cmdline"]["detail"] or "") and
          "line %d" % where["proc/cmdline"] in ins["cmdline"]["detail"],
          "cmdline: listed ok but missing, said: %r" % ins["cmdline"]["detail"])
    check(ins["manifest"]["status"] == "ok" and
          ins["manifest"]["path"] == "MANIFEST", "the MANIFEST is an input")
    keys = {"collector": "collector", "date": "date", "kernel": "kernel",
            "user": "user", "lockdown": "lockdown", "efi": "efi",
            "efi=debug": "efi_debug", "kexec-tools": "kexec_tools",
            "efiresv-audit": "efiresv_audit", "acpidump": "acpidump"}
    want = {keys[k]: val for k, val in header if k in keys}
    want["config"] = [val for k, val in header if k == "config"]
    check(doc["snapshot"] == want,
          "snapshot metadata as the MANIFEST says: %r" % doc["snapshot"])
    check(not [s for s in strings(doc) if "secret-host-4242" in s]
          and "secret-host-4242" not in txt,
          "the MANIFEST's hostname is in neither report")
    msgs = [f["message"] for f in doc["findings"]
            if f["check"] == "input_line_unreadable"]
    check(any(m.startswith("MANIFEST:%d: not a MANIFEST item line" % bad_line)
              for m in msgs),
          "the damaged MANIFEST line is a finding with its line: %r" % msgs)

# A MANIFEST that is not one: one error, the rest of the audit as before.
with open(os.path.join(snap, "MANIFEST"), "wb") as f:
    f.write(b"\x7fELF\x00\x01 garbage\nmore garbage\n")
rc, doc = audit_json(binary, ["--snapshot", snap], root, v)
if doc:
    ins = {i["name"]: i for i in doc["inputs"]}
    check(ins["manifest"]["status"] == "malformed" and
          "looks like a MANIFEST" in ins["manifest"]["detail"],
          "a MANIFEST that is not one is malformed: %r" % ins["manifest"])
    check(doc["snapshot"] is None, "and gives no snapshot metadata")

# Files named on the command line keep their path as given; no MANIFEST.
d = os.path.join("testdata", "corpus", "brcm-stingray-bcm958742k-arm64")
rc, doc = audit_json(binary, ["--dmesg", os.path.join(d, "dmesg.txt"),
                              "--iomem", os.path.join(d, "iomem.txt")],
                     root, v)
if doc:
    ins = {i["name"]: i for i in doc["inputs"]}
    check(ins["dmesg"]["path"] == os.path.join(d, "dmesg.txt"),
          "a file named on the command line keeps its path")
    check(doc["snapshot"] is None and ins["manifest"]["status"] == "absent",
          "no MANIFEST without a snapshot")

# --- 3. tool -----------------------------------------------------------------

cm = open(os.path.join(root, "CMakeLists.txt")).read()
version = re.search(r"project\(efiresv-audit VERSION ([0-9.]+)", cm).group(1)
kb = open(os.path.join(root, "src", "model", "knowledge.h")).read()
kbv = int(re.search(r"#define EA_KB_VERSION (\d+)", kb).group(1))
sv = json.load(open(os.path.join(root, "schema",
                                 "efiresv-audit.schema.json")))
sv = sv["properties"]["schema_version"]["const"]
rc, doc = audit_json(binary, ["--snapshot", os.path.join(CAPS, cap)], root, v)
if doc:
    t = doc["tool"]
    check(t["name"] == "efiresv-audit" and t["version"] == version,
          "tool version %r is CMakeLists.txt's %r" % (t["version"], version))
    check(t["knowledge_base_version"] == kbv,
          "knowledge_base_version is knowledge.h's %d" % kbv)
    check(t["schema_version"] == sv == doc["schema_version"],
          "schema version %r is the schema's %r" % (t["schema_version"], sv))
    c = t["commit"]
    if c is not None:
        m = re.search(r"(?:^|-g)([0-9a-f]{7,40})(?:-dirty)?$", c)
        check(m is not None, "commit %r is git describe's" % c)
        if m and os.path.exists(os.path.join(root, ".git")):
            p = subprocess.run(["git", "-C", root, "cat-file", "-e",
                                m.group(1) + "^{commit}"],
                               capture_output=True)
            check(p.returncode == 0, "commit %r is in this repository" % c)
    rc_v, out_v, _ = run(binary, ["-V"], root)
    check(out_v == ("efiresv-audit %s (%s)\n" % (version, c) if c else
                    "efiresv-audit %s\n" % version),
          "-V names the version and commit: %r" % out_v)

# --- 4. ids ------------------------------------------------------------------

# the LPI property table the raw log prints, by its id
log = open(os.path.join(CAPS, cap, "dmesg.txt")).read()
lpi = re.search(r"GICv3: using LPI property table @0x([0-9a-f]+)", log)
if doc and lpi:
    want = "lpi_property_table@0x%016x" % int(lpi.group(1), 16)
    check(want in [p["id"] for p in doc["protected"]],
          "the log's LPI property table is %s" % want)

# two ACPI tables printed at one address: kind@first and kind@first#2
with open(os.path.join(CAPS, cap, "dmesg.txt")) as f:
    ll = f.read().split("\n")
dsdt = [i for i, l in enumerate(ll) if "ACPI: DSDT 0x" in l][0]
addr = re.search(r"ACPI: DSDT 0x([0-9A-F]+)", ll[dsdt]).group(1)
ll.insert(dsdt + 1, "[    0.000000] ACPI: SSDT 0x%s 000100 (v02 BOCHS  BXPC"
          "     00000001 BXPC 00000001)" % addr)
two = os.path.join(tmp, "two-at-one.txt")
with open(two, "w") as f:
    f.write("\n".join(ll))
rc, doc2 = audit_json(binary, ["--dmesg", two], root, v)
if doc2:
    base = "acpi_table@0x%016x" % int(addr, 16)
    ids = {p["id"]: p for p in doc2["protected"]}
    check(base in ids and base + "#2" in ids,
          "two tables at one address: %s and %s#2" % (base, base))
    if base in ids and base + "#2" in ids:
        check(ids[base]["name"] == "ACPI SSDT" and
              ids[base + "#2"]["name"] == "ACPI DSDT",
              "in report order (the shorter first)")

# the Stingray escapes each loader at one address: check@first, #2
d = os.path.join("testdata", "corpus", "brcm-stingray-bcm958742k-arm64")
rc, doc3 = audit_json(binary, ["--dmesg", os.path.join(d, "dmesg.txt"),
                               "--iomem", os.path.join(d, "iomem.txt")],
                      root, v)
log = open(os.path.join(root, d, "dmesg.txt")).read()
lpi = re.search(r"GICv3: using LPI property table @0x([0-9a-f]+)", log)
if doc3 and lpi:
    base = "critical_range_escapes@0x%016x" % int(lpi.group(1), 16)
    fids = [f["id"] for f in doc3["findings"]]
    check(base in fids and base + "#2" in fids,
          "both loaders' escapes of one range: %s, %s#2" % (base, base))

# unique everywhere, and the overwrites name protected ids
for name, dd in (("capture", doc), ("two at one", doc2), ("stingray", doc3)):
    if not dd:
        continue
    pids = [p["id"] for p in dd["protected"]]
    fids = [f["id"] for f in dd["findings"]]
    check(len(set(pids)) == len(pids) and len(set(fids)) == len(fids),
          "%s: ids are unique" % name)

shutil.rmtree(tmp, True)
done()
