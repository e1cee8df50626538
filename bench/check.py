#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Checks an audit of a bench/gen.py snapshot against its EXPECTED.json.

    check.py AUDIT SNAPSHOT_DIR

Runs `AUDIT --json --snapshot DIR` and requires, so that a fast wrong answer
cannot pass:
  - the verdict and exit status the planted escapes call for;
  - the inputs the snapshot has (kernel log, iomem, memblock, version,
    mem/) read without trouble;
  - as many protected ranges of each kind as the generator made;
  - every planted escape answered exactly (escapes / protected per loader)
    and every other protected range protected from both loaders;
  - every planted finding present (check, first address, loader), and no
    critical finding beyond them; other findings not about a planted range
    are listed as notes.
Exit 0 when all hold, 1 otherwise (each failure is printed).

The report of a million-range snapshot is a gigabyte of JSON, so the
"protected" array is read one element at a time from the pretty-printed
output (two-space indent, elements at four); the rest with json.loads().
"""

import json
import os
import re
import subprocess
import sys


def read_report(f, on_protected):
    """The report read from f, with an empty protected array;
    on_protected() is called with each element of the real one."""
    head, tail, buf = [], [], []
    state = 0  # 0 before the array, 1 inside, 2 after
    for line in f:
        if state == 0:
            if line == b'  "protected":[\n':
                head.append(b'  "protected":[],\n')
                state = 1
            else:
                head.append(line)
                if line == b'  "protected":[],\n':
                    state = 2
        elif state == 1:
            if line in (b"  ],\n", b"  ]\n"):
                if buf:
                    raise ValueError("protected array cut")
                state = 2
                continue
            buf.append(line)
            if line in (b"    },\n", b"    }\n"):
                on_protected(json.loads(b"".join(buf).rstrip().rstrip(b",")))
                buf = []
        else:
            tail.append(line)
    if state != 2:
        raise ValueError("no \"protected\" array at indent 2")
    return json.loads(b"".join(head + tail))


def main(argv):
    if len(argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    audit, snap = argv[0], argv[1]
    with open(os.path.join(snap, "EXPECTED.json")) as f:
        exp = json.load(f)
    fails = []

    def fail(msg):
        if len(fails) < 50:
            print("FAIL: " + msg)
        fails.append(msg)

    kinds = {}
    planted = {(e["name"], e["first"]): e["loaders"] for e in exp["escapes"]}
    seen_planted = set()

    def on_protected(p):
        kinds[p["kind"]] = kinds.get(p["kind"], 0) + 1
        key = (p["name"], p["first"])
        if key in planted:
            seen_planted.add(key)
            if p["loaders"] != planted[key]:
                fail("%s %s: loaders %s, expected %s"
                     % (key[0], key[1], p["loaders"], planted[key]))
        elif p["tier"] == "critical" and any(
                v != "protected" for v in p["loaders"].values()):
            fail("%s %s: loaders %s, expected protected from both"
                 % (p["name"], p["first"], p["loaders"]))

    # streamed: the report of a large snapshot is never held whole
    proc = subprocess.Popen([audit, "--json", "--snapshot", snap],
                            stdout=subprocess.PIPE)
    try:
        rep = read_report(proc.stdout, on_protected)
    except ValueError as e:
        proc.kill()
        proc.wait()
        print("FAIL: the report could not be read: %s" % e)
        return 1
    rc = proc.wait()

    want_rc = {"escape": 1, "clean": 0}[exp["verdict"]]
    if rep.get("verdict") != exp["verdict"] or rc != want_rc:
        fail("verdict %s (exit %d), expected %s (exit %d)"
             % (rep.get("verdict"), rc, exp["verdict"], want_rc))
    core = ("dmesg", "iomem", "memblock_memory", "memblock_reserved",
            "version", "mem")
    for i in rep.get("inputs", []):
        if i["name"] in core and i["status"] != "ok":
            fail("input %s is %s (%s), expected ok"
                 % (i["name"], i["status"], i["detail"]))
    for k, n in exp["protected"].items():
        if kinds.get(k, 0) != n:
            fail("%d protected ranges of kind %s, expected %d"
                 % (kinds.get(k, 0), k, n))
    for key in planted:
        if key not in seen_planted:
            fail("planted %s %s is not a protected range" % key)

    # findings: each planted one; nothing else critical. Findings of lower
    # severity about other things are listed, not failed: the audit grows
    # checks (and limits for absurd sizes) faster than this file.
    loader_re = re.compile(r" escapes (kexec_file|kexec_load):")
    want = {}
    for e in exp["findings"]:
        k = (e["check"], e["severity"], e["first"], e["loader"])
        want[k] = want.get(k, 0) + 1
    planted_first = {e["first"] for e in exp["findings"]}
    notes = {}
    for x in rep.get("findings", []):
        m = loader_re.search(x["message"])
        k = (x["check"], x["severity"], x.get("first"),
             m.group(1) if m and x["check"] == "critical_range_escapes"
             else None)
        if want.get(k):
            want[k] -= 1
        elif x["severity"] == "critical":
            fail("critical finding not planted: %s: %s"
                 % (x["check"], x["message"][:200]))
        elif x.get("first") in planted_first:
            pass  # another check about a planted range
        elif x["severity"] != "info":
            n = notes.setdefault((x["severity"], x["check"]),
                                 [0, x["message"]])
            n[0] += 1
    for k, n in want.items():
        if n:
            fail("planted finding not reported: %s %s at %s%s"
                 % (k[1], k[0], k[2], " (%s)" % k[3] if k[3] else ""))
    for (sev, chk), (n, msg) in sorted(notes.items()):
        print("note: %d %s %s finding(s) not planted, e.g. %s"
              % (n, sev, chk, msg[:160]))

    c = exp["counts"]
    if fails:
        print("%s: %d failure(s)" % (snap, len(fails)))
        return 1
    print("%s: ok: verdict %s, %d planted findings, %d protected ranges "
          "(%d EFI descriptors, %d iomem lines, %d memblock.reserved, "
          "%d memreserve entries)"
          % (snap, rep["verdict"], len(exp["findings"]), sum(kinds.values()),
             c["efi_descs"], c["iomem_lines"], c["memblock_reserved"],
             c["memreserve_entries"]))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
