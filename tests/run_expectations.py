#!/usr/bin/env python3
"""Every golden case against what its real inputs' sources support,
independently of the goldens (testdata/golden/*/expected.json is never read).

Each real input directory carries an EXPECT file: testdata/corpus/<dir>/EXPECT,
testdata/captures/EXPECT (the snapshots themselves stay as captured) and
testdata/vm-snapshots/EXPECT. The expectations in it were derived from the
directory's SOURCE.md, the raw files, the mailing-list thread and the kernel
history (the knowledge base's commits and releases), never from the tool's
output. Every golden case (testdata/golden/<case>/args) must have exactly one
block, in the EXPECT of a directory its arguments read.

Format, one item per line; '#' starts a comment line, blank lines are free:

    # reasoning: what the thread established, which commits the kernel
    # has, which boot the files come from (at least one comment line must
    # come right before each 'case' line)
    case <golden case name>
    verdict clean|escape|incomplete|error
    count <sel> <n>
    range <sel>@<addr> <loader> <answer> [lacks <text>]

<sel> is a kind of protected range (acpi_table, lpi_property_table,
lpi_pending_table, memreserve_node, memreserve_entry, efi_memory_map,
efi_system_table, efi_config_table, ...), or 'critical' for every range of
the critical tier. <addr> is the range's first address as the report
writes it (0x and 16 hex digits), or '*' for every range of the selection
(at least one must exist). <loader> is kexec_file, kexec_load or '*' (both).
<answer> is protected, escapes or unknown: a 'range' line is written only
where the evidence settles the answer ('unknown' where the inputs cannot
tell). 'lacks <text>': the answer's reason must not contain <text> (a reason
the evidence rules out). 'count' is the number of ranges of the selection.

Where the tool disagrees in an area another change is making right, the
line is listed in KNOWN below with the reason: it prints as KNOWN
DISAGREEMENT and does not fail; once the tool agrees, the entry must go
(the test fails until it does)."""
import glob
import os
import re
import sys

sys.path.insert(0, os.path.dirname(__file__))
from common import audit_json, check, done, schema  # noqa: E402

binary, root = sys.argv[1], sys.argv[2]
v = schema(root)

# (case, line as written in the EXPECT file) -> why the tool disagrees today
KNOWN = {
    # none: the tool agrees with every expectation (add an entry here only
    # with the reason the tool is wrong, and fix the tool)
}

VERDICTS = ("clean", "escape", "incomplete", "error")
ANSWERS = ("protected", "escapes", "unknown")
LOADERS = ("kexec_file", "kexec_load")
EXIT = {"clean": 0, "escape": 1, "incomplete": 2, "error": 3}
ADDR = re.compile(r"^0x[0-9a-f]{16}$")


def parse(path):
    """The blocks of one EXPECT file: {case: {...}}; format errors fail."""
    blocks = {}
    cur = None
    comment = False
    with open(path) as f:
        for no, raw in enumerate(f, 1):
            line = raw.strip()
            where = "%s:%d" % (os.path.relpath(path, root), no)
            if not line:
                comment = False
                continue
            if line.startswith("#"):
                comment = True
                continue
            w = line.split()
            if w[0] == "case" and len(w) == 2:
                check(comment, "%s: no reasoning (comment lines) right "
                      "before the case" % where)
                check(w[1] not in blocks, "%s: case %s twice" % (where, w[1]))
                cur = blocks[w[1]] = {"file": path, "where": where,
                                      "verdict": None, "items": []}
            elif cur is None:
                check(False, "%s: %r before any case" % (where, line))
            elif w[0] == "verdict" and len(w) == 2 and w[1] in VERDICTS:
                cur["verdict"] = w[1]
            elif w[0] == "count" and len(w) == 3 and w[2].isdigit():
                cur["items"].append(("count", line, w[1], int(w[2])))
            elif (w[0] == "range" and len(w) >= 4 and "@" in w[1] and
                  (w[2] in LOADERS or w[2] == "*") and w[3] in ANSWERS and
                  (len(w) == 4 or (w[4] == "lacks" and len(w) > 5))):
                sel, addr = w[1].split("@", 1)
                check(addr == "*" or ADDR.match(addr),
                      "%s: address %r" % (where, addr))
                lacks = line.split(" lacks ", 1)[1] if len(w) > 4 else None
                cur["items"].append(("range", line, sel, addr, w[2], w[3],
                                     lacks))
            else:
                check(False, "%s: cannot read %r" % (where, line))
            comment = False
    for case, b in blocks.items():
        check(b["verdict"] is not None, "%s: case %s has no verdict" %
              (b["where"], case))
    return blocks


def selected(doc, sel, addr):
    out = []
    for p in doc["protected"]:
        if sel == "critical":
            if p["tier"] != "critical":
                continue
        elif p["kind"] != sel:
            continue
        if addr != "*" and p["first"] != addr:
            continue
        out.append(p)
    return out


def compare(case, doc, rc, b):
    """[(expectation line, what the tool said)] for every disagreement."""
    bad = []
    if doc["verdict"] != b["verdict"]:
        bad.append(("verdict " + b["verdict"], "verdict " + doc["verdict"]))
    if rc != EXIT.get(doc["verdict"]):
        bad.append(("exit status of verdict " + doc["verdict"],
                    "exit %d" % rc))
    for it in b["items"]:
        if it[0] == "count":
            _, line, sel, n = it
            got = len(selected(doc, sel, "*"))
            if got != n:
                bad.append((line, "%d ranges" % got))
            continue
        _, line, sel, addr, loader, ans, lacks = it
        ps = selected(doc, sel, addr)
        if not ps:
            bad.append((line, "no such range"))
            continue
        for p in ps:
            for ld in (LOADERS if loader == "*" else (loader,)):
                got = p["loaders"][ld]
                why = p["loader_detail"][ld]["reason"]
                if got != ans:
                    bad.append((line, "%s %s %s: %s (%s)" % (
                        p["kind"], p["first"], ld, got, why)))
                elif lacks and lacks in why:
                    bad.append((line, "%s %s %s: the reason says %r: %s" % (
                        p["kind"], p["first"], ld, lacks, why)))
    return bad


# every EXPECT file; every corpus directory has one
files = sorted(glob.glob(os.path.join(root, "testdata", "corpus", "*",
                                      "EXPECT")) +
               [os.path.join(root, "testdata", d, "EXPECT")
                for d in ("captures", "vm-snapshots")])
for d in sorted(glob.glob(os.path.join(root, "testdata", "corpus", "*", ""))):
    check(os.path.exists(os.path.join(d, "EXPECT")),
          "%s has no EXPECT" % os.path.relpath(d, root))
blocks = {}
for f in files:
    if not os.path.exists(f):
        check(False, "%s missing" % os.path.relpath(f, root))
        continue
    for case, b in parse(f).items():
        check(case not in blocks, "case %s in two EXPECT files" % case)
        blocks[case] = b

cases = sorted(os.path.basename(os.path.dirname(p)) for p in
               glob.glob(os.path.join(root, "testdata", "golden", "*", "args")))
for case in sorted(set(blocks) - set(cases)):
    check(False, "%s: case %s is not a golden case" % (blocks[case]["where"],
                                                        case))
used = set()
for case in cases:
    with open(os.path.join(root, "testdata", "golden", case, "args")) as f:
        args = [a for a in f.read().split("\n") if a]
    b = blocks.get(case)
    if b is None:
        check(False, "%s: no expectation in any EXPECT file" % case)
        continue
    home = os.path.relpath(os.path.dirname(b["file"]), root) + os.sep
    check(any((a + os.sep).startswith(home) for a in args),
          "%s: its expectation is in %s, which none of its inputs is in" %
          (case, os.path.relpath(b["file"], root)))
    rc, doc = audit_json(binary, args, root, v)
    if doc is None:
        continue
    seen = set()
    for line, got in compare(case, doc, rc, b):
        why = KNOWN.get((case, line))
        if why:
            used.add((case, line))
            if (case, line) not in seen:
                print("KNOWN DISAGREEMENT %s: %s: got %s -- %s" %
                      (case, line, got, why))
            seen.add((case, line))
            continue
        check(False, "%s: expected %s, got %s" % (case, line, got))
    check(True, "%s: as its sources say" % case)
for k in sorted(set(KNOWN) - used):
    check(False, "KNOWN DISAGREEMENT now agrees, remove it from KNOWN: "
          "%s: %s" % k)
done()
