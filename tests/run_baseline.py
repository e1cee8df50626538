#!/usr/bin/env python3
"""--baseline: an audit compared with an earlier JSON report of the same
machine. "Yesterday" is a real capture's report; "today" is a copy of the
capture edited as a regression would change it (the LPI reservations gone
from /proc/iomem: a kernel regression; memblock's reserved file not
collected: a collector regression; SPCR moved into EFI Conventional memory:
a firmware regression), or the same capture elsewhere on disk. What each
must say comes from the edit, not from the program's output. Then the rules
changed (an old report edited), old reports of other shapes, and broken
ones."""
import json
import os
import re
import shutil
import struct
import subprocess
import sys
import tarfile
import tempfile

import jsonschema

sys.path.insert(0, os.path.dirname(__file__))
from common import (audit_json, check, copy_capture, done, edit, run,  # noqa
                    schema)

binary, root = os.path.abspath(sys.argv[1]), sys.argv[2]
report_v = schema(root)
with open(os.path.join(root, "schema", "efiresv-audit-diff.schema.json")) as f:
    diff_v = jsonschema.Draft202012Validator(json.load(f))
NAME = "qemu-arm64-6.1-acpi-smp4-2g"
CAP = os.path.join(root, "testdata", "captures", NAME)
work = tempfile.mkdtemp(prefix="ea-baseline-")

# the capture's own lines that the edits and the expectations name
LPI = [(0x401b0000, "lpi_property_table", "LPI property table")] + \
    [(0x401c0000 + 0x10000 * i, "lpi_pending_table",
      "CPU%d LPI pending table" % i) for i in range(4)]
LPI_IOMEM = ["  %08x-%08x : reserved" % (a, a + 0xffff) for a, _, _ in LPI]
SYSTEM_RAM = "40000000-bc43ffff : System RAM"  # proc/iomem, the LPI parent
SPCR_OLD, SPCR_NEW = 0xbc43ff98, 0xbc813000
# dmesg: the Conventional descriptor 0xbc813000 lies in, and proc/iomem and
# memblock.reserved keep reserving 0xbc813000-0xbce12fff
CONVENTIONAL = "0x0000bc730000-0x0000bd111fff [Conventional|"


def diff(snap, base, extra=(), cwd=None):
    """(exit, text, json) of --baseline base for snap."""
    rc, out, err = run(binary, ["--snapshot", snap, "--baseline", base] +
                       list(extra), cwd or root)
    rcj, outj, errj = run(binary, ["--snapshot", snap, "--baseline", base,
                                   "-J"] + list(extra), cwd or root)
    check(rc == rcj, "%s: text and JSON exit alike (%d, %d)" % (snap, rc,
                                                               rcj))
    doc = None
    try:
        doc = json.loads(outj)
    except ValueError as e:
        check(False, "%s: the comparison is not JSON: %s %s" % (snap, e,
                                                               errj))
    if doc is not None:
        errs = list(diff_v.iter_errors(doc))
        check(not errs, "%s: the comparison validates: %s" % (
            snap, [e.message[:160] for e in errs[:3]]))
        check(doc["regression"] == (rc == 1),
              "%s: regression is true exactly when the exit is 1" % snap)
    return rc, out, err, doc


def key(addr, kind):
    return "%s@0x%016x" % (kind, addr)


# yesterday: the capture in the tree, as the golden test audits it
rc, base_doc = audit_json(binary, ["--snapshot", os.path.relpath(CAP, root)],
                          root, report_v)
base = os.path.join(work, "yesterday.json")
with open(base, "w") as f:
    json.dump(base_doc, f, indent=2)
check(rc == 0 and base_doc["verdict"] == "clean", "yesterday is clean")

# 1. The same machine anywhere on disk (paths differ): no change, exit 0;
#    as a tarball too, and run from another directory.
tmp, s = copy_capture(CAP, "elsewhere")
rc, out, err, doc = diff(s, base)
check(rc == 0, "same machine elsewhere: exit 0 (%d) %s" % (rc, err))
check(out.startswith("NO CHANGE"), "same machine: NO CHANGE: %r" % out[:80])
check(doc and doc["status"] == "no change" and
      doc["summary"]["changes"] == 0 and not doc["ranges"] and
      not doc["findings"] and not doc["inputs"],
      "same machine: nothing listed")
tgz = os.path.join(tmp, "elsewhere.tar.gz")
with tarfile.open(tgz, "w:gz") as t:
    t.add(s, arcname="elsewhere")
rc, out, err, doc = diff(tgz, base, cwd=tmp)
check(rc == 0 and out.startswith("NO CHANGE"),
      "same machine as a tarball, from another directory: no change (%d) "
      "%r %s" % (rc, out[:60], err))
shutil.rmtree(tmp)

# 2. Kernel regression: the LPI tables' 'reserved' children gone from
#    /proc/iomem. kexec_load's view (System RAM minus its children) now has
#    them free: the free range is System RAM from the end of the reserved
#    MEMRESERVE node page (0x40174fff) to the next reserved child
#    (b4e00000); kexec_file (memblock) is unchanged.
tmp, s = copy_capture(CAP)
edit(os.path.join(s, "proc/iomem"), drop=LPI_IOMEM)
rc, out, err, doc = diff(s, base)
check(rc == 1, "kernel regression: exit 1 (%d) %s" % (rc, err))
check(out.startswith("REGRESSION"), "kernel regression: REGRESSION first")
for addr, kind, name in LPI:
    line = "%s kexec_load: protected -> escapes" % key(addr, kind)
    check(line in out, "kernel regression: the text says %r" % line)
r = {x["key"]: x for x in doc["ranges"]} if doc else {}
check(sorted(r) == sorted(key(a, k) for a, k, _ in LPI),
      "kernel regression: exactly the five LPI ranges changed: %s"
      % sorted(r))
for addr, kind, name in LPI:
    x = r.get(key(addr, kind))
    if not x:
        continue
    a = x["answers"]
    check(len(a) == 1 and a[0]["loader"] == "kexec_load" and
          a[0]["before"]["answer"] == "protected" and
          a[0]["after"]["answer"] == "escapes" and a[0]["regression"],
          "%s: kexec_load protected -> escapes, alone" % name)
    check(a and a[0]["cause"] == "machine",
          "%s: because the machine changed" % name)
    # the evidence of the change: the baseline's view had a hole exactly
    # where the dropped lines were; now the System RAM line frees it
    check(a and a[0]["view_before"]["hole"] ==
          {"first": "0x00000000401b0000", "last": "0x00000000401fffff"},
          "%s: the baseline's hole is the dropped iomem lines: %s" % (
              name, a and a[0]["view_before"]))
    check(a and a[0]["after"]["free_range"] ==
          {"first": "0x0000000040175000", "last": "0x00000000b4dfffff"},
          "%s: the free range now" % name)
    check(a and [e["text"] for e in a[0]["after"]["evidence"]] ==
          [SYSTEM_RAM], "%s: free by the System RAM line" % name)
    check(a and a[0]["after"]["what_to_do"], "%s: what to do" % name)
check(doc and doc["verdict"]["before"] == "clean" and
      doc["verdict"]["after"] == "escape" and doc["verdict"]["regression"],
      "kernel regression: verdict clean -> escape")
check(doc and doc["summary"]["new_escapes"] == 5 and
      doc["cause"] == "machine", "kernel regression: 5 new escapes, machine")
check("hole 0x00000000401b0000-0x00000000401fffff" in out and
      "iomem:" in out and SYSTEM_RAM in out,
      "kernel regression: the text shows the old hole and the line now")
# the findings that restate it are said with the ranges
check(doc and all(f["range_key"] for f in doc["findings"]),
      "kernel regression: every finding is said with its range")
# waived, the escapes do not count; four of five waived still fail
w = [x for a, k, _ in LPI for x in ("--ignore", "critical_range_escapes@0x%x"
                                     % a)]
# the escapes waived, the error findings at the same ranges
# (memreserve_entry_not_reserved) still count: at --fail-on critical not
rc, out, err, doc = diff(s, base, w)
check(rc == 1, "kernel regression, the five escapes waived, their error "
      "findings not: exit 1 (%d)" % rc)
check(doc and doc["verdict"]["waived"] and not doc["verdict"]["regression"],
      "kernel regression waived: the verdict's change is waived")
rc, out, err, doc = diff(s, base, w + ["--fail-on", "critical"])
check(rc == 0, "kernel regression, the five escapes waived, --fail-on "
      "critical: exit 0 (%d)" % rc)
rc, out, err, doc = diff(s, base, w[:-2] + ["--fail-on", "critical"])
check(rc == 1, "kernel regression, four of five waived: exit 1 (%d)" % rc)
shutil.rmtree(tmp)

# 3. Collector regression: memblock's reserved file not collected.
#    kexec_file's view (memblock) is unknown: its answers are inferred, the
#    verdict incomplete; the input went from ok to absent.
tmp, s = copy_capture(CAP)
os.unlink(os.path.join(s, "sys/kernel/debug/memblock/reserved"))
rc, out, err, doc = diff(s, base)
check(rc == 1, "collector regression: exit 1 (%d) %s" % (rc, err))
ins = {x["name"]: x for x in doc["inputs"]} if doc else {}
check(ins.get("memblock_reserved", {}).get("before") == "ok" and
      ins["memblock_reserved"]["after"] == "absent" and
      ins["memblock_reserved"]["regression"],
      "collector regression: memblock_reserved ok -> absent: %s" % ins)
check("input memblock_reserved: ok -> absent" in out,
      "collector regression: the text names the input")
check(doc and doc["verdict"]["after"] == "incomplete" and
      doc["verdict"]["regression"], "collector regression: incomplete")
views = {v["loader"]: v for v in doc["views"]} if doc else {}
check(views.get("kexec_file", {}).get("known_before") is True and
      views["kexec_file"]["known_after"] is False and
      "kexec_load" not in views, "collector regression: kexec_file's view "
      "became unknown, kexec_load's did not")
# ranges in EFI runtime memory (the log's map) are no loader's free memory
# whatever memblock says: their answers do not rest on the missing file
runtime = []
with open(os.path.join(CAP, "dmesg.txt")) as f:
    for line in f:
        m = re.search(r"efi:   0x([0-9a-f]+)-0x([0-9a-f]+) \[Runtime", line)
        if m:
            runtime.append((int(m.group(1), 16), int(m.group(2), 16)))
crit = [p for p in base_doc["protected"] if p["tier"] == "critical" and
        not any(a <= int(p["first"], 16) <= b for a, b in runtime)]
check(len(crit) >= 15 and runtime, "collector regression: %d critical "
      "ranges outside EFI runtime memory" % len(crit))
changed = {x["key"]: x for x in doc["ranges"]} if doc else {}
check(len(changed) == len(crit) + 1,
      "collector regression: those and the MEMATTR table changed, no "
      "other: %s" % sorted(changed))
for p in crit:
    x = changed.get(key(int(p["first"], 16), p["kind"]))
    ok = x and [(a["loader"], a["after"]["answer"], a["after"]["inferred"],
                 a["cause"]) for a in x["answers"]] == \
        [("kexec_file", "protected", True, "machine")]
    check(ok, "collector regression: %s kexec_file now inferred" % p["name"])
check(doc and doc["cause"] == "machine", "collector regression: machine")
shutil.rmtree(tmp)

# 4. Firmware regression: SPCR moved into EFI Conventional memory (the log's
#    ACPI line and the XSDT entry in saved memory, with its checksum). The
#    memory it lands in is reserved by the running kernel, so both loaders
#    still avoid it and the audit alone says CLEAN; the comparison does not.
tmp, s = copy_capture(CAP)
edit(os.path.join(s, "dmesg.txt"),
     replace=[("ACPI: SPCR 0x%016X" % SPCR_OLD, "ACPI: SPCR 0x%016X"
               % SPCR_NEW)])
xsdt = os.path.join(s, "mem", "00000000bc43fe98.bin")
with open(xsdt, "rb") as f:
    b = bytearray(f.read())
i = b.find(struct.pack("<Q", SPCR_OLD))
check(i > 36, "the XSDT points at SPCR")
b[i:i + 8] = struct.pack("<Q", SPCR_NEW)
b[9] = 0
b[9] = -sum(b) & 0xff
with open(xsdt, "wb") as f:
    f.write(b)
rc1, alone = audit_json(binary, ["--snapshot", s], root, report_v)
check(rc1 == 0 and alone["verdict"] == "clean",
      "firmware regression: the audit alone is clean (%d)" % rc1)
rc, out, err, doc = diff(s, base)
check(rc == 1, "firmware regression: exit 1 (%d) %s" % (rc, err))
mv = [x for x in doc["ranges"] if x["change"] == "moved"] if doc else []
check(len(mv) == 1 and mv[0]["name"] == "ACPI SPCR" and
      mv[0]["before"]["key"] == key(SPCR_OLD, "acpi_table") and
      mv[0]["after"]["key"] == key(SPCR_NEW, "acpi_table"),
      "firmware regression: SPCR moved: %s" % mv)
app = [x for x in doc["findings"] if x["change"] == "appeared"] if doc else []
k = key(SPCR_NEW, "acpi_table_in_usable_memory")
check([x["key"] for x in app if x["regression"]] == [k],
      "firmware regression: %s appeared, the regression: %s" % (
          k, [(x["key"], x["regression"]) for x in app]))
check(app and any(CONVENTIONAL in e["text"] for x in app
                  for e in x["evidence"]),
      "firmware regression: the Conventional descriptor is the evidence")
check(doc and doc["cause"] == "machine", "firmware regression: machine")
check("moved to %s" % key(SPCR_NEW, "acpi_table") in out and k in out and
      "ACPI: SPCR 0x%016X" % SPCR_OLD in out and
      "ACPI: SPCR 0x%016X" % SPCR_NEW in out,
      "firmware regression: the text shows the move, both lines, the "
      "finding")
# --fail-on: an error finding counts from error; critical lets it pass
rc, out, _, doc = diff(s, base, ["--fail-on", "critical"])
check(rc == 0 and doc and doc["status"] == "changed",
      "firmware regression, --fail-on critical: changed, exit 0 (%d)" % rc)
rc, out, _, doc = diff(s, base, ["--fail-on", "warning"])
check(rc == 1, "firmware regression, --fail-on warning: exit 1 (%d)" % rc)
rc, out, _, doc = diff(s, base, ["--ignore", "acpi_table_in_usable_memory@"
                                 "0x%x" % SPCR_NEW])
check(rc == 0 and doc and doc["findings"] and
      all(x["waived"] for x in doc["findings"] if x["key"] == k),
      "firmware regression waived at its address: exit 0, marked (%d)" % rc)
rc, out, _, doc = diff(s, base, ["--ignore", "acpi_table_in_usable_memory@"
                                 "0x%x" % (SPCR_NEW + 1)])
check(rc == 1, "a waiver at another address waives nothing (%d)" % rc)
firmware = s

# 5. The tool's rules changed: the same snapshot, an old report whose
#    answer differs with the same evidence, and one whose view rule differs.
def edited_base(fn, name):
    d = json.loads(json.dumps(base_doc))
    fn(d)
    p = os.path.join(work, name)
    with open(p, "w") as f:
        json.dump(d, f, indent=2)
    return p


def old_escape(d, model=None):
    p = [x for x in d["protected"] if x["name"] == "LPI property table"][0]
    p["loaders"]["kexec_load"] = "escapes"
    if model:
        d["loader_views"]["kexec_load"]["model"] = model


tmp, s = copy_capture(CAP)
rc, out, _, doc = diff(s, edited_base(old_escape, "same-evidence.json"))
x = doc and [r for r in doc["ranges"] if r["key"] == key(0x401b0000,
                                                         "lpi_property_table")]
check(rc == 0 and doc["status"] == "changed" and
      doc["summary"]["fixed_escapes"] == 1,
      "an escape that went: changed, fixed, exit 0 (%d)" % rc)
check(x and x[0]["answers"][0]["cause"] == "rules" and
      x[0]["answers"][0]["cause_detail"] ==
      "the same evidence gave another answer",
      "same evidence, another answer: the rules changed: %s" % x)
rc, out, _, doc = diff(s, edited_base(
    lambda d: old_escape(d, "kexec-tools 2.0.20: System RAM whole"),
    "other-rule.json"))
x = doc and [r for r in doc["ranges"] if r["key"] == key(0x401b0000,
                                                         "lpi_property_table")]
check(x and x[0]["answers"][0]["cause_detail"] ==
      "the loader view's rule differs" and doc["cause"] == "rules",
      "another view rule: the rules changed: %s" % (doc and doc["cause"]))
check("the tool's rules changed" in out, "the text says the rules changed")

# 6. A report of a later shape that keeps schema_version 1: an id per range
#    and finding, a tool key and paths relative to the snapshot are read,
#    and match by id.
def with_ids(d):
    # the report of this build already has its tool key; the one it
    # would be without it stands in only where it is missing
    d.setdefault("tool", {"name": "efiresv-audit", "version": "0.1.0"})
    top = os.path.relpath(CAP, root) + "/"
    for i in d["inputs"]:
        if i["path"]:
            i["path"] = i["path"].replace(top, "")
    # ids as the schema defines them: kind@first / check@first (or the
    # check alone), the second of one id in report order "#2", and so on
    seen = {}

    def unique(i):
        seen[i] = seen.get(i, 0) + 1
        return i if seen[i] == 1 else "%s#%d" % (i, seen[i])
    for p in d["protected"]:
        p["id"] = unique("%s@%s" % (p["kind"], p["first"]))
    for f in d["findings"]:
        f["id"] = unique("%s@%s" % (f["check"], f["first"]) if "first" in f
                         else f["check"])


rc, out, err, doc = diff(s, edited_base(with_ids, "with-ids.json"))
check(rc == 0 and out.startswith("NO CHANGE"),
      "a report with ids and a tool key: read, no change (%d) %s %s"
      % (rc, out[:60], err))
shutil.rmtree(tmp)

# 7. Broken or foreign baselines: exit 3, the file and the place named.
with open(base) as f:
    text = f.read()


def broken(name, content, want, mode="w"):
    p = os.path.join(work, name)
    with open(p, mode) as f:
        f.write(content)
    rc, out, err = run(binary, ["--snapshot", firmware, "--baseline", p],
                       root)
    check(rc == 3 and not out, "%s: exit 3, nothing on stdout (%d)" %
          (name, rc))
    for w in want:
        check(w in err, "%s: the error says %r: %r" % (name, w, err))


broken("cut.json", text[:len(text) // 2],
       ["cut.json:", "ends before the report does"])
lines = text.split("\n")
bad = list(lines)
bad[5] = bad[5].replace(":", ";", 1)
broken("syntax.json", "\n".join(bad), ["syntax.json:6:", "not JSON"])
d = json.loads(text)
d["protected"][3]["first"] = 12
broken("type.json", json.dumps(d), [
    "type.json: protected[3].first: expected a string, found an integer"])
d = json.loads(text)
d["protected"][2]["loaders"]["kexec_load"] = "maybe"
broken("enum.json", json.dumps(d), [
    "enum.json: protected[2].loaders.kexec_load: expected one of "
    "protected, escapes, unknown, found \"maybe\""])
d = json.loads(text)
del d["findings"]
broken("missing.json", json.dumps(d), ["missing.json: no key \"findings\""])
broken("foreign.json", '{"hello": 1}\n',
       ["foreign.json: not an efiresv-audit report: no key "
        "\"schema_version\""])
broken("array.json", "[1, 2]\n", ["array.json: not an efiresv-audit report"])
d = json.loads(text)
d["schema_version"] = 99
broken("future.json", json.dumps(d), [
    "future.json: schema_version: 99", "reads reports of schema_version 1"])
broken("empty.json", "", ["empty.json: empty"])
broken("lines.json", json.dumps(json.loads(text)) + "\n" +
       json.dumps(json.loads(text)) + "\n",
       ["lines.json:2:1:", "more JSON after the report"])
rc, out, err = run(binary, ["--snapshot", firmware, "--baseline", base, "-J"],
                   root)
broken("diff.json", out, ["diff.json: a comparison"])
broken("binary.json", b"\x7fELF\x00\x01\x1b[2J", ["binary.json:1:1:"], "wb")
rc, out, err = run(binary, ["--snapshot", firmware, "--baseline",
                            os.path.join(work, "nonexistent.json")], root)
check(rc == 3 and "nonexistent.json" in err,
      "a baseline that is not there: exit 3, named (%d) %r" % (rc, err))
link = os.path.join(work, "link.json")
os.symlink(base, link)
rc, out, err = run(binary, ["--snapshot", firmware, "--baseline", link], root)
check(rc == 3 and "link.json" in err,
      "a baseline through a symbolic link is refused: %d %r" % (rc, err))
# an audit that could not read its inputs is not compared
rc, out, err = run(binary, ["--snapshot", os.path.join(work, "nowhere"),
                            "--baseline", base], root)
check(rc == 3 and "could not read its inputs" in err,
      "no comparison of an audit that failed: %d %r" % (rc, err))

# 8. Deterministic: the same comparison twice gives the same bytes.
outs = [subprocess.run([binary, "--snapshot", firmware, "--baseline", base,
                        "-J"], capture_output=True, cwd=root).stdout
        for _ in range(2)]
check(outs[0] == outs[1] and outs[0], "the comparison is deterministic")
shutil.rmtree(os.path.dirname(firmware))
shutil.rmtree(work)
done()
