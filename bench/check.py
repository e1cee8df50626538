#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Checks an audit of a bench/gen.py snapshot against its EXPECTED.json.

    check.py AUDIT SNAPSHOT_DIR [--allow FILE] [--digests FILE]

Runs `AUDIT --json --snapshot DIR`, then `AUDIT --snapshot DIR`, and
requires, so that a wrong answer cannot pass however fast it is:
  - the verdict and exit status the planted escapes call for;
  - the inputs the snapshot has read without trouble;
  - exactly as many protected ranges of each kind as the generator made;
  - every planted range (kind, first and last byte) answered per loader as
    planted, each escape with the free range the construction implies
    (loader_detail.*.free_range, named in its reason) and each protected
    answer with none; every other protected range, of any tier, protected
    from both loaders;
  - both loaders' free memory: the number of free ranges and every range
    listed;
  - every planted finding reported (check, severity, first address,
    loader), and every other finding above info either planted or matched
    by an entry of the allow-list (bench/allow.txt by default), which says
    why the generated machine has it;
  - the text report: the same exit status and the JSON's headline; one
    paragraph per cause, in the JSON's order, with its counts and loaders;
    its table a row per protected range in the JSON's order with the same
    range, kind, name and answers (an inferred one marked "*") and the size
    as util-linux prints it; and, with -v, the same escapes with the same
    reasons.
With --digests FILE, writes the argv, exit status and sha256 of stdout of
both runs there (JSON), for bench/timeit.py to hold every timed run to.
Exit 0 when all hold, 1 otherwise (each failure is printed).

The report of a million-range snapshot is a gigabyte of JSON, so the
"protected" array is read one element at a time from the pretty-printed
output (two-space indent, elements at four); the rest with json.loads().
"""

import hashlib
import json
import os
import re
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
LOADERS = ("kexec_file", "kexec_load")


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


class Hashed:
    """Iterates over the lines of a binary stream, hashing every byte."""

    def __init__(self, f):
        self.f, self.h = f, hashlib.sha256()

    def __iter__(self):
        for line in self.f:
            self.h.update(line)
            yield line

    def drain(self):
        for b in iter(lambda: self.f.read(1 << 16), b""):
            self.h.update(b)


def load_allow(path):
    """The allow-list: blocks of "key: value" lines, blank-line separated;
    a line starting with white space continues the value before it. Keys:
    check, severity, message (a regular expression, searched), when
    (KEY=VALUE, KEY>=NUMBER or KEY<=NUMBER, comma-separated: fields of
    EXPECTED.json, dotted for nested), count (at most this many per
    snapshot), why (required)."""
    entries, cur, key = [], {}, None
    with open(path) as f:
        lines = f.read().split("\n")
    for n, line in enumerate(lines + [""], 1):
        if line.startswith("#"):
            continue
        if not line.strip():
            if cur:
                entries.append(cur)
            cur, key = {}, None
            continue
        if line[0] in " \t":
            if key is None:
                raise ValueError("%s:%d: continuation of nothing" % (path, n))
            cur[key] += " " + line.strip()
            continue
        key, sep, val = line.partition(":")
        if not sep:
            raise ValueError("%s:%d: expected 'key: value'" % (path, n))
        key = key.strip()
        cur[key] = val.strip()
    for e in entries:
        for k in ("check", "severity", "message", "why"):
            if not e.get(k):
                raise ValueError("%s: an entry without %s: %s" % (path, k, e))
        e["re"] = re.compile(e["message"])
        e["max"] = int(e.get("count", "1"))
        e["used"] = 0
    return entries


def size_human(n):
    """A size as util-linux's size_to_human_string() prints it with a
    one-letter suffix (lib/strutils.c): the unit of the largest power of
    1024 not above it, one decimal rounded (the trailing 0 dropped)."""
    exp = 0
    while exp < 60 and n >= 1 << (exp + 10):
        exp += 10
    dec, frac = (n >> exp, n & ((1 << exp) - 1)) if exp else (n, 0)
    if frac:
        frac = (frac * 1000) >> exp
        frac = (frac + 50) // 100 * 10
        if frac == 100:
            dec, frac = dec + 1, 0
    unit = "BKMGTPE"[exp // 10]
    return "%d.%d%s" % (dec, frac // 10, unit) if frac else "%d%s" % (dec, unit)


def table_row(first, last, size, tier, kind, name, kf, kl):
    return ("%s %s %s %s %s %s %s %s\n" % (first, last, size, tier, kind,
                                         name, kf, kl)).encode()


def field(exp, dotted):
    v = exp
    for part in dotted.split("."):
        v = v.get(part) if isinstance(v, dict) else None
    return v


def applies(e, exp):
    """Whether every KEY=VALUE, KEY>=NUMBER and KEY<=NUMBER of the entry's
    "when" holds of EXPECTED.json."""
    for cond in filter(None, e.get("when", "").split(",")):
        m = re.match(r"^\s*([\w.]+)\s*(>=|<=|=)\s*(.*?)\s*$", cond)
        if not m:
            raise ValueError("allow-list: bad condition %r" % cond)
        k, op, v = m.groups()
        got = field(exp, k)
        if op == "=":
            ok = json.dumps(got) == v or str(got) == v
        else:
            ok = isinstance(got, int) and (
                got >= int(v) if op == ">=" else got <= int(v))
        if not ok:
            return False
    return True


def main(argv):
    allow_path = os.path.join(HERE, "allow.txt")
    digests = None
    args = []
    while argv:
        a = argv.pop(0)
        if a == "--allow":
            allow_path = argv.pop(0)
        elif a == "--digests":
            digests = argv.pop(0)
        else:
            args.append(a)
    if len(args) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    audit, snap = args
    with open(os.path.join(snap, "EXPECTED.json")) as f:
        exp = json.load(f)
    allow = [e for e in load_allow(allow_path) if applies(e, exp)]
    fails = []

    def fail(msg):
        if len(fails) < 50:
            print("FAIL: " + msg)
        fails.append(msg)

    kinds = {}
    planted = {(p["kind"], p["first"], p["last"]): p for p in exp["planted"]}
    seen_planted = set()
    escapes = {}  # (tier, name, first, last, loader) -> reason
    # the rows the text report's table must have, in order, hashed: a
    # million ranges are never held
    table_rows = hashlib.sha256()
    nrows = [0]

    def on_protected(p):
        kinds[p["kind"]] = kinds.get(p["kind"], 0) + 1
        table_rows.update(table_row(
            p["first"], p["last"], size_human(p["size"]), p["tier"],
            p["kind"], p["name"],
            *("%s%s" % (p["loaders"][ld],
                        "*" if p["loader_detail"][ld]["inferred"] else "")
              for ld in LOADERS)))
        nrows[0] += 1
        for ld in LOADERS:
            if p["loaders"].get(ld) == "escapes":
                k = (p["tier"], p["name"], p["first"], p["last"], ld)
                escapes[k] = p["loader_detail"][ld]["reason"]
        key = (p["kind"], p["first"], p["last"])
        what = "%s %s-%s" % (p["name"], p["first"], p["last"])
        if key not in planted:
            if any(p["loaders"].get(ld) != "protected" for ld in LOADERS):
                fail("%s (%s): loaders %s, expected protected from both"
                     % (what, p["tier"], p["loaders"]))
            return
        seen_planted.add(key)
        want = planted[key]
        if p["loaders"] != want["loaders"]:
            fail("planted %s: loaders %s, expected %s (%s)"
                 % (what, p["loaders"], want["loaders"], want["why"]))
            return
        for ld in LOADERS:
            d = p["loader_detail"][ld]
            got = d.get("free_range")
            wf = want["free"].get(ld)
            if wf is None:
                if got is not None:
                    fail("planted %s: %s names a free range %s though it "
                         "is protected" % (what, ld, got))
                continue
            if got != wf:
                fail("planted %s: %s free range %s, expected %s-%s (%s)"
                     % (what, ld, "%s-%s" % (got["first"], got["last"])
                        if got else None, wf["first"], wf["last"],
                        want["why"]))
            elif "%s-%s" % (wf["first"], wf["last"]) not in d["reason"]:
                fail("planted %s: %s reason does not name its free range "
                     "%s-%s: %s" % (what, ld, wf["first"], wf["last"],
                                    d["reason"]))

    # streamed: the report of a large snapshot is never held whole
    argv_json = [audit, "--json", "--snapshot", snap]
    proc = subprocess.Popen(argv_json, stdout=subprocess.PIPE)
    out = Hashed(proc.stdout)
    try:
        rep = read_report(out, on_protected)
        out.drain()
    except ValueError as e:
        proc.kill()
        proc.wait()
        print("FAIL: the report could not be read: %s" % e)
        return 1
    rc = proc.wait()
    runs = [dict(name="json", argv=argv_json, exit=rc,
                 sha256=out.h.hexdigest())]

    want_rc = {"escape": 1, "clean": 0, "incomplete": 2}[exp["verdict"]]
    if rep.get("verdict") != exp["verdict"] or rc != want_rc:
        fail("verdict %s (exit %d), expected %s (exit %d)"
             % (rep.get("verdict"), rc, exp["verdict"], want_rc))
    status = {i["name"]: i for i in rep.get("inputs", [])}
    for name in exp["inputs_ok"]:
        i = status.get(name)
        if not i or i["status"] != "ok":
            fail("input %s is %s, expected ok"
                 % (name, "%s (%s)" % (i["status"], i["detail"]) if i
                    else "not listed"))
    for k in sorted(set(kinds) | set(exp["protected"])):
        if kinds.get(k, 0) != exp["protected"].get(k, 0):
            fail("%d protected ranges of kind %s, expected %d"
                 % (kinds.get(k, 0), k, exp["protected"].get(k, 0)))
    for key in planted:
        if key not in seen_planted:
            fail("planted %s %s-%s (%s) is not a protected range"
                 % (planted[key]["name"], key[1], key[2], key[0]))

    # both loaders' free memory
    for ld in LOADERS:
        v, w = rep["loader_views"][ld], exp["views"][ld]
        if not v["known"]:
            fail("%s view unknown: %s" % (ld, v["unknown_reason"]))
            continue
        if v["free_ranges"] != w["free_ranges"]:
            fail("%s: %d free ranges, expected %d"
                 % (ld, v["free_ranges"], w["free_ranges"]))
        got = [[r["first"], r["last"]] for r in v["free"]]
        if got != w["free"]:
            diff = [(i, g, e) for i, (g, e) in
                    enumerate(zip(got + [None] * len(w["free"]),
                                  w["free"] + [None] * len(got)))
                    if g != e][:3]
            fail("%s: free ranges listed differ (%d listed, %d expected); "
                 "first differences (index, listed, expected): %s"
                 % (ld, len(got), len(w["free"]), diff))

    # findings: each planted one; every other one above info allowed
    loader_re = re.compile(r" escapes (kexec_file|kexec_load):")
    want = {}
    for e in exp["findings"]:
        k = (e["check"], e["severity"], e["first"], e["loader"])
        want[k] = want.get(k, 0) + 1
    for x in rep.get("findings", []):
        m = loader_re.search(x["message"])
        k = (x["check"], x["severity"], x.get("first"),
             m.group(1) if m else None)
        if want.get(k):
            want[k] -= 1
            continue
        if x["severity"] == "info":
            continue
        for e in allow:
            if (e["check"] == x["check"] and e["severity"] == x["severity"]
                    and e["used"] < e["max"] and e["re"].search(x["message"])):
                e["used"] += 1
                break
        else:
            fail("%s finding not planted and not allowed: %s: %s"
                 % (x["severity"], x["check"], x["message"][:240]))
    for k, n in want.items():
        for _ in range(n):
            fail("planted finding not reported: %s %s at %s%s"
                 % (k[1], k[0], k[2], " (%s)" % k[3] if k[3] else ""))

    # the text report of the same audit (the one timed)
    argv_text = [audit, "--snapshot", snap]
    p = subprocess.run(argv_text, stdout=subprocess.PIPE)
    runs.append(dict(name="text", argv=argv_text, exit=p.returncode,
                     sha256=hashlib.sha256(p.stdout).hexdigest()))
    text = p.stdout.decode("utf-8", "replace").split("\n")
    if p.returncode != rc:
        fail("text report: exit %d, the JSON one %d" % (p.returncode, rc))
    if text[0] != rep.get("headline"):
        fail("text report headline %r, the JSON one %r"
             % (text[0], rep.get("headline")))
    # one paragraph per cause, in the JSON's order
    para_re = re.compile(r"^(?:(\d+) critical(?: and (\d+) warning-tier)?|"
                         r"(\d+) warning-tier) ranges? escapes? "
                         r"(kexec_file and kexec_load|kexec_file|kexec_load)"
                         r"\b")
    got = []
    for line in text:
        m = para_re.match(line)
        if m:
            got.append((int(m.group(1) or 0),
                        int(m.group(2) or m.group(3) or 0),
                        m.group(4).split(" and ")))
    want = [(c["critical"], c["warning"], sorted(c["loaders"]))
            for c in rep.get("causes", [])]
    if got != want:
        fail("text report causes %s, the JSON ones %s" % (got, want))
    # the table: a row per protected range, in order
    row_re = re.compile(r"^(0x[0-9a-f]{16})-(0x[0-9a-f]{16}) +(\S+) "
                        r"(critical|warning) +(\S+) +(.*?) +"
                        r"((?:protected|escapes|unknown)\*?) +"
                        r"((?:protected|escapes|unknown)\*?)$")
    head = [i for i, line in enumerate(text) if line.startswith("RANGE ")]
    seen = hashlib.sha256()
    n = 0
    for line in text[head[-1] + 1:] if head else []:
        m = row_re.match(line)
        if not m:
            break
        seen.update(table_row(*m.groups()))
        n += 1
    if n != nrows[0] or seen.digest() != table_rows.digest():
        fail("text report table: %d rows, %d protected ranges in the JSON, "
             "or rows that differ from them" % (n, nrows[0]))
    # -v: each escape with its reason, as in the JSON
    p = subprocess.run(argv_text + ["-v"], stdout=subprocess.PIPE)
    text = p.stdout.decode("utf-8", "replace").split("\n")
    esc_re = re.compile(r"^  \[(critical|warning)\] (.*) (0x[0-9a-f]{16})-"
                        r"(0x[0-9a-f]{16}) escapes (kexec_file|kexec_load)"
                        r"(?: \(inferred\))?$")
    got = {}
    for i, line in enumerate(text[:-1]):
        m = esc_re.match(line)
        if m and text[i + 1].startswith("    why: "):
            got[m.groups()] = text[i + 1][len("    why: "):]
    if got != escapes:
        fail("text report -v escapes differ from the JSON ones: only in "
             "text %s; only in JSON %s"
             % (sorted(set(got.items()) - set(escapes.items()))[:3],
                sorted(set(escapes.items()) - set(got.items()))[:3]))

    if digests:
        with open(digests, "w") as f:
            json.dump(dict(snapshot=snap, runs=runs), f, indent=1)
            f.write("\n")
    c = exp["counts"]
    if fails:
        print("%s: %d failure(s)" % (snap, len(fails)))
        return 1
    print("%s: ok: %s %s, verdict %s, %d planted ranges, %d planted "
          "findings, %d allowed, %d protected ranges (%d EFI descriptors, "
          "%d iomem lines, %d memblock.reserved, %d memreserve entries)"
          % (snap, exp["machine"]["arch"], exp["machine"]["kernel"],
             rep["verdict"], len(exp["planted"]), len(exp["findings"]),
             sum(e["used"] for e in allow), sum(kinds.values()),
             c["efi_descs"], c["iomem_lines"], c["memblock_reserved"],
             c["memreserve_entries"]))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
