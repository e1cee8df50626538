#!/usr/bin/env python3
"""Many snapshots in one run (--corpus DIR, --snapshot repeated): a row per
snapshot and the worst exit status, JSON Lines that validate, JUnit XML
that xmllint accepts, each snapshot paired with its stored report
(--baseline-dir), and the gate: --fail-on and waivers (--ignore,
--ignore-file), which never let an unwaived escape pass. "Yesterday" is
real captures; "today" the same with the three planted regressions of
tests/run_baseline.py (each says what it must from the edit)."""
import json
import os
import shutil
import struct
import subprocess
import sys
import tarfile
import tempfile
import xml.etree.ElementTree as ET

import jsonschema

sys.path.insert(0, os.path.dirname(__file__))
from common import check, done, edit, run, schema  # noqa: E402

binary, root = os.path.abspath(sys.argv[1]), sys.argv[2]
report_v = schema(root)
with open(os.path.join(root, "schema",
                       "efiresv-audit-corpus.schema.json")) as f:
    row_v = jsonschema.Draft202012Validator(json.load(f))
CAPS = os.path.join(root, "testdata", "captures")
GOLDEN = os.path.join(root, "testdata", "golden")
SMP4 = "qemu-arm64-6.1-acpi-smp4-2g"
LPI = [0x401b0000 + 0x10000 * i for i in range(5)]
SPCR_OLD, SPCR_NEW = 0xbc43ff98, 0xbc813000
work = tempfile.mkdtemp(prefix="ea-many-")


def golden(cap):
    with open(os.path.join(GOLDEN, "capture-" + cap, "expected.json")) as f:
        g = json.load(f)
    with open(os.path.join(GOLDEN, "capture-" + cap, "exit")) as f:
        return g, int(f.read())


def copy(cap, dst):
    shutil.copytree(os.path.join(CAPS, cap), dst)
    for dp, dn, fn in os.walk(dst):
        for n in dn + fn:
            os.chmod(os.path.join(dp, n), 0o755 if n in dn else 0o644)


def kernel_regression(s):
    edit(os.path.join(s, "proc/iomem"),
         drop=["  %08x-%08x : reserved" % (a, a + 0xffff) for a in LPI])


def collector_regression(s):
    os.unlink(os.path.join(s, "sys/kernel/debug/memblock/reserved"))


def firmware_regression(s):
    edit(os.path.join(s, "dmesg.txt"),
         replace=[("ACPI: SPCR 0x%016X" % SPCR_OLD,
                   "ACPI: SPCR 0x%016X" % SPCR_NEW)])
    p = os.path.join(s, "mem", "00000000bc43fe98.bin")
    with open(p, "rb") as f:
        b = bytearray(f.read())
    i = b.find(struct.pack("<Q", SPCR_OLD))
    b[i:i + 8] = struct.pack("<Q", SPCR_NEW)
    b[9] = 0
    b[9] = -sum(b) & 0xff
    with open(p, "wb") as f:
        f.write(b)


def rows(out, what):
    """The JSON Lines of a corpus run: (rows by name, total); each line
    validated."""
    r, total = {}, None
    lines = out.splitlines()
    for line in lines:
        try:
            doc = json.loads(line)
        except ValueError as e:
            check(False, "%s: a line is not JSON: %s %r" % (what, e, line))
            continue
        errs = list(row_v.iter_errors(doc))
        check(not errs, "%s: a line validates: %s" % (
            what, [e.message[:160] for e in errs[:3]]))
        if "snapshot" in doc:
            r[doc["snapshot"]] = doc
        else:
            total = doc.get("total")
    check(lines and "total" in json.loads(lines[-1]),
          "%s: the total is the last line" % what)
    return r, total


# ---- yesterday: every real capture (the amd64 one as a tarball) and
#      three more copies of the arm64 6.1 capture; their reports stored
yesterday = os.path.join(work, "yesterday")
today = os.path.join(work, "today")
stored = os.path.join(work, "baseline")
for d in (yesterday, today, stored):
    os.mkdir(d)
caps = sorted(c for c in os.listdir(CAPS)
              if os.path.isdir(os.path.join(CAPS, c)))
names = {c: c for c in caps}
for n in ("kernel-regression", "collector-regression", "firmware-regression"):
    names[n] = SMP4
for n, c in names.items():
    copy(c, os.path.join(yesterday, n))
    copy(c, os.path.join(today, n))
amd = "qemu-amd64-6.1-ovmf-smp2-2g"
for d in (yesterday, today):
    with tarfile.open(os.path.join(d, amd + ".tar.gz"), "w:gz") as t:
        t.add(os.path.join(d, amd), arcname=amd)
    shutil.rmtree(os.path.join(d, amd))
for f, n in (("README", None), (".hidden", None)):
    with open(os.path.join(today, f), "w") as fh:
        fh.write("not a snapshot\n")
kernel_regression(os.path.join(today, "kernel-regression"))
collector_regression(os.path.join(today, "collector-regression"))
firmware_regression(os.path.join(today, "firmware-regression"))
for n in names:
    snap = os.path.join(yesterday, n + (".tar.gz" if n == amd else ""))
    rc, out, err = run(binary, ["--snapshot", snap, "-J"], root)
    with open(os.path.join(stored, n + ".json"), "w") as f:
        f.write(out)

# 1. The audits alone: one row per snapshot, as the single audit of each;
#    the firmware regression passes (why the comparison is needed).
rc, out, err = run(binary, ["--corpus", today, "-J"], root)
r, total = rows(out, "today alone")
check(sorted(r) == sorted(names), "a row per snapshot (README and hidden "
      "files are not snapshots): %s" % sorted(r))
for n, c in names.items():
    g, code = golden(c)
    x = r.get(n)
    if not x or n.endswith("-regression"):
        continue
    check((x["verdict"], x["critical"], x["escapes"], x["unknown"],
           x["exit_status"], x["kernel"]) ==
          (g["verdict"], g["summary"]["critical"],
           g["summary"]["critical_escaping"], g["summary"]["unknown"], code,
           g["system"]["kernel"]),
          "%s: the row is its golden report's summary: %s" % (n, x))
check(r["kernel-regression"]["verdict"] == "escape" and
      r["kernel-regression"]["escapes"] == 5 and
      r["kernel-regression"]["exit_status"] == 1,
      "kernel regression alone: escape, 5 escapes, exit 1")
check(r["collector-regression"]["verdict"] == "incomplete" and
      r["collector-regression"]["exit_status"] == 2,
      "collector regression alone: incomplete, exit 2")
check(r["firmware-regression"]["verdict"] == "clean" and
      r["firmware-regression"]["exit_status"] == 0 and
      r["firmware-regression"]["errors"] == 1,
      "firmware regression alone: clean, exit 0, one error finding")
check(rc == 1 and total and total["exit_status"] == 1 and
      total["snapshots"] == len(names),
      "the worst exit status is 1 (%d, %s)" % (rc, total))

# the text table: a row each and the total
rc2, text, _ = run(binary, ["--corpus", today], root)
check(rc2 == rc, "text and JSON Lines exit alike")
for n in names:
    check(any(l.startswith(n + " ") for l in text.splitlines()),
          "the table has a row for %s" % n)
check(any(l.startswith("total ") for l in text.splitlines()),
      "the table has a total row")
check("%d snapshots:" % len(names) in text, "the total line counts them")

# repeated --snapshot: the same rows, in the order given
order = ["firmware-regression", "kernel-regression"]
rc, out, _ = run(binary, sum((["--snapshot", os.path.join(today, n)]
                              for n in order), []) + ["-J"], root)
rr, _ = rows(out, "--snapshot twice")
check([json.loads(l)["snapshot"] for l in out.splitlines()[:-1]] == order,
      "--snapshot repeated: rows in the order given")
check(rc == 1 and all(rr[n] == r[n] for n in order),
      "--snapshot repeated: the rows of --corpus")

# the worst status: clean < incomplete < error < escape
notsnap = os.path.join(work, "not-a-snapshot")
os.mkdir(notsnap)
for combo, want in (((SMP4,), 0), ((SMP4, "collector-regression"), 2),
                    (("collector-regression", "not-a-snapshot"), 3),
                    (("not-a-snapshot", "kernel-regression"), 1)):
    args = []
    for n in combo:
        p = notsnap if n == "not-a-snapshot" else os.path.join(today, n)
        args += ["--snapshot", p]
    rc, out, err = run(binary, args, root)
    check(rc == want, "worst of %s is %d (got %d)" % (combo, want, rc))

# 2. Against the stored reports: the three regressions, exit 1 each and
#    the right explanation; the rest (the tarball too) no change.
jx = os.path.join(work, "today.xml")
rc, out, err = run(binary, ["--corpus", today, "--baseline-dir", stored,
                            "--junit", jx, "-J"], root)
r, total = rows(out, "against the baseline")
check(rc == 1 and total["exit_status"] == 1, "regressions: exit 1 (%d)" % rc)
for n in names:
    b = r[n]["baseline"]
    if n.endswith("-regression"):
        check(b["status"] == "regression" and r[n]["exit_status"] == 1,
              "%s: a regression, exit 1: %s" % (n, b))
    else:
        check(b["status"] == "no change" and r[n]["exit_status"] == 0,
              "%s: no change, exit 0: %s" % (n, b))
items = {n: r[n]["baseline"]["regression_items"] for n in names}
for a in LPI:
    kind = "lpi_property_table" if a == LPI[0] else "lpi_pending_table"
    k = "%s@0x%016x kexec_load: protected -> escapes" % (kind, a)
    check(any(i.startswith(k) for i in items["kernel-regression"]),
          "kernel regression: %s" % k)
check("input memblock_reserved: ok -> absent" in
      items["collector-regression"] and "verdict: clean -> incomplete" in
      items["collector-regression"],
      "collector regression: the input and the verdict: %s"
      % items["collector-regression"][:3])
check(any(i.startswith("finding acpi_table_in_usable_memory@0x%016x: "
                        "appeared [error]" % SPCR_NEW)
          for i in items["firmware-regression"]),
      "firmware regression: the finding that appeared: %s"
      % r["firmware-regression"]["baseline"])
# the JUnit file: well-formed (xmllint), a testsuite per snapshot, a
# testcase per critical range and loader with the why and what to do
p = subprocess.run(["xmllint", "--noout", jx], capture_output=True,
                   text=True)
check(p.returncode == 0, "xmllint accepts the JUnit file: %s" % p.stderr)
t = ET.parse(jx).getroot()
suites = {s.get("name"): s for s in t.findall("testsuite")}
check(t.tag == "testsuites" and sorted(suites) == sorted(names),
      "a testsuite per snapshot: %s" % sorted(suites))
k = suites["kernel-regression"]
g, _ = golden(SMP4)
crit = [p for p in g["protected"] if p["tier"] == "critical"]
cases = {c.get("name"): c for c in k.findall("testcase")}
for p in crit:
    for loader in ("kexec_file", "kexec_load"):
        name = "%s@%s %s" % (p["kind"], p["first"], loader)
        check(name in cases, "kernel regression: testcase %s" % name)
for a in LPI:
    kind = "lpi_property_table" if a == LPI[0] else "lpi_pending_table"
    c = cases.get("%s@0x%016x kexec_load" % (kind, a))
    fl = c.find("failure") if c is not None else None
    check(fl is not None and "why: free memory" in fl.text and
          "what to do: " in fl.text and "free by: iomem:" in fl.text,
          "kernel regression: the failure of %x says why and what to do"
          % a)
    c = cases.get("%s@0x%016x kexec_file" % (kind, a))
    check(c is not None and not list(c), "kexec_file of %x passes" % a)
bl = {n: s.find("testcase[@name='baseline']") for n, s in suites.items()}
for n in names:
    failed = bl[n] is not None and bl[n].find("failure") is not None
    check(failed == n.endswith("-regression"),
          "%s: the baseline testcase %s" % (n, "fails" if failed else
                                            "passes"))
check(int(t.get("failures")) == sum(int(s.get("failures"))
                                    for s in suites.values()),
      "the totals add up")
# no change in text, and the stored report of another directory's copy
rc, text, _ = run(binary, ["--corpus", yesterday, "--baseline-dir", stored],
                  root)
check(rc == 0 and text.count("no change") == len(names),
      "yesterday against its own reports: no change everywhere (%d)" % rc)
# a snapshot without a stored report: its own status, said so
os.unlink(os.path.join(stored, "qemu-arm64-6.1-acpi-gicv2.json"))
rc, out, _ = run(binary, ["--corpus", today, "--baseline-dir", stored, "-J"],
                 root)
r, _ = rows(out, "one report missing")
check(r["qemu-arm64-6.1-acpi-gicv2"]["baseline"]["status"] ==
      "no baseline", "a missing stored report: no baseline")
# a corrupt stored report: an error for that snapshot, named
with open(os.path.join(stored, "qemu-arm64-6.1-dt-smp2-1g.json"), "w") as f:
    f.write('{"schema_version": 1, "verdict": "clean"')
rc, out, err = run(binary, ["--corpus", today, "--baseline-dir", stored],
                   root)
check("qemu-arm64-6.1-dt-smp2-1g.json:1:" in out and
      "ends before the report does" in out,
      "a corrupt stored report is named with its place: %r" % out[-400:])

# 3. The gate. --fail-on: the firmware regression's error finding.
fw = ["--snapshot", os.path.join(today, "firmware-regression"),
      "--snapshot", os.path.join(today, SMP4)]
key = "acpi_table_in_usable_memory@0x%016x" % SPCR_NEW
for level, want in (("critical", 0), ("error", 1), ("warning", 1)):
    rc, out, _ = run(binary, fw + ["--fail-on", level, "-J"], root)
    r, _ = rows(out, "--fail-on %s" % level)
    check(rc == want, "--fail-on %s: exit %d (%d)" % (level, want, rc))
    failing = [x["finding"] for x in
               r["firmware-regression"]["failing"]]
    check((key in failing) == (want == 1),
          "--fail-on %s: failing %s" % (level, failing))
# waived: listed, marked, not counted; at another address: not waived
for spec, want in (("acpi_table_in_usable_memory", 0),
                   ("acpi_table_in_usable_memory@0x%x" % SPCR_NEW, 0),
                   ("acpi_table_in_usable_memory@0x%x" % SPCR_OLD, 1)):
    rc, out, _ = run(binary, fw + ["--fail-on", "error", "--ignore", spec,
                                   "-J"], root)
    r, _ = rows(out, "--ignore %s" % spec)
    x = r["firmware-regression"]
    check(rc == want, "--ignore %s: exit %d (%d)" % (spec, want, rc))
    check((x["waived"] == 1 and [w["finding"] for w in
                                 x["waived_findings"]] == [key]) ==
          (want == 0), "--ignore %s: marked waived: %s" % (spec, x))
    check(x["verdict"] == "clean", "a waiver does not change the verdict")
# never an unwaived escape: four of five LPI escapes waived still fail
ks = ["critical_range_escapes@0x%x" % a for a in LPI]
kr = ["--snapshot", os.path.join(today, "kernel-regression")]
for waived, want in ((ks, 0), (ks[:4], 1), (["loader_views_disagree"], 1),
                     (["memreserve_entry_not_reserved"], 1)):
    args = sum((["--ignore", w] for w in waived), [])
    rc, out, _ = run(binary, kr + args + ["-J"], root)
    check(rc == want, "kernel regression, waived %s: exit %d (%d)" % (
        waived, want, rc))
    if rc == 0:
        check(json.loads(out)["gate"]["escape_waived"] and
              json.loads(out)["verdict"] == "escape",
              "all five waived: the report still says escape, the gate "
              "says waived")
# with --fail-on error the error findings at the same ranges count too
rc, _, _ = run(binary, kr + sum((["--ignore", w] for w in ks), []) +
               ["--fail-on", "error"], root)
check(rc == 1, "the escapes waived, their error findings fail at --fail-on "
      "error (%d)" % rc)
# an incomplete audit stays incomplete whatever is waived
rc, out, _ = run(binary, ["--snapshot", os.path.join(
    today, "collector-regression"), "--ignore", "input_unusable",
    "--ignore", "answer_inferred"], root)
check(rc == 2, "waivers never make an incomplete audit clean (%d)" % rc)
check("waived  input_unusable" in out and "exit status 2" in out,
      "the text report's Gate section lists the waived finding")
# the waived escape in JUnit: skipped with its waiver
rc, _, _ = run(binary, kr + ["--ignore", ks[0], "--junit", jx], root)
t = ET.parse(jx).getroot()
c = [c for c in t.iter("testcase") if c.get("name") ==
     "lpi_property_table@0x%016x kexec_load" % LPI[0]]
check(c and c[0].find("skipped") is not None and ks[0] in
      c[0].find("skipped").get("message"),
      "JUnit: a waived escape is skipped, naming its waiver")
# a log line with U+FFFF and U+FFFE (valid UTF-8, not allowed in XML 1.0)
# and markup quoted in a failure: the JUnit file stays well-formed
h = os.path.join(work, "hostile")
copy(SMP4, h)
kernel_regression(h)
lpi = "GICv3: using LPI property table @0x00000000401b0000"
edit(os.path.join(h, "dmesg.txt"),
     replace=[(lpi, lpi + " \uffff\ufffe <&>\"' ]]>")])
rc, _, err = run(binary, ["--snapshot", h, "--snapshot", os.path.join(
    today, SMP4), "--junit", jx], root)
p = subprocess.run(["xmllint", "--noout", jx], capture_output=True,
                   text=True)
check(rc == 1 and p.returncode == 0,
      "JUnit of a hostile log line is well-formed (%d): %s" % (rc,
                                                              p.stderr))
fl = [c.find("failure") for c in ET.parse(jx).getroot().iter("testcase")
      if c.get("name") == "lpi_property_table@0x%016x kexec_load" % LPI[0]]
check(fl and fl[0] is not None and "\\uFFFF\\uFFFE <&>\"' ]]>" in
      fl[0].text, "the hostile line is quoted as text: %r" %
      (fl and fl[0] is not None and fl[0].text))
# the single report with the gate: the report plus a gate key that
# validates, the rest unchanged
s1 = os.path.join(today, "firmware-regression")
_, plain, _ = run(binary, ["--snapshot", s1, "-J"], root)
rc, gated, _ = run(binary, ["--snapshot", s1, "-J", "--fail-on", "error"],
                   root)
gd = json.loads(gated)
errs = list(report_v.iter_errors(gd))
check(not errs, "the gated report validates: %s" % [e.message[:100]
                                                   for e in errs[:2]])
check(rc == 1 and gd["gate"]["exit_status"] == 1 and
      [x["finding"] for x in gd["gate"]["failing"]] == [key],
      "the gate key: failing %s" % gd.get("gate"))
del gd["gate"]
check(gd == json.loads(plain), "the gated report is the report plus 'gate'")

# --ignore-file: comments and blank lines; errors name FILE:LINE
wf = os.path.join(work, "waivers")
with open(wf, "w") as f:
    f.write("# known: firmware bug 1234\n\n  %s   # SPCR\n" %
            ("acpi_table_in_usable_memory@0x%x" % SPCR_NEW))
rc, _, _ = run(binary, fw + ["--fail-on", "error", "--ignore-file", wf],
               root)
check(rc == 0, "--ignore-file: waived (%d)" % rc)
for content, want in (("no_such_check\n", "waivers:1: 'no_such_check': no "
                       "check of that name"),
                      ("# c\ncritical_range_escapes@0xzz\n",
                       "waivers:2: 'critical_range_escapes@0xzz'"),
                      ("a b\n", "waivers:1: 'a b': one waiver a line")):
    with open(wf, "w") as f:
        f.write(content)
    rc, _, err = run(binary, fw + ["--ignore-file", wf], root)
    check(rc == 64 and want in err, "--ignore-file %r: exit 64, %r (%d %r)"
          % (content, want, rc, err))

# 4. Usage errors.
for args, want in (
        (["--corpus", today, "--dmesg", "x"], "does not go with many"),
        (["--corpus", today, "--baseline", "x.json"], "--baseline-dir"),
        (["--corpus", today, "--svg", "x.svg"], "--svg"),
        (["--fail-on", "info"], "--fail-on 'info'"),
        (["--ignore", "nothing"], "no check of that name"),
        (["--corpus", os.path.join(work, "nowhere")], "--corpus"),
        (["--corpus", notsnap], "no snapshot"),
        (["--snapshot", os.path.join(today, SMP4), "--snapshot",
          os.path.join(yesterday, SMP4)], "two snapshots are named")):
    rc, out, err = run(binary, args, root)
    check(rc == 64 and want in err, "%s: exit 64 saying %r (%d %r)" % (
        args[:2], want, rc, err))

# 5. Deterministic: the same run twice gives the same bytes.
outs = [subprocess.run([binary, "--corpus", today, "--baseline-dir", stored,
                        "-J"], capture_output=True).stdout for _ in range(2)]
check(outs[0] == outs[1] and outs[0], "a corpus run is deterministic")
shutil.rmtree(work)
done()
