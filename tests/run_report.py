#!/usr/bin/env python3
"""The reports as readers meet them: the escapes grouped by cause (JSON
causes, and one paragraph per cause in the text report), the short text
report and its -v form, the table options, --list views, --explain and
colour. Expected values come from the raw inputs, the knowledge base's
commits and util-linux's documented behaviour, not from the tool's own
output."""
import glob
import json
import os
import re
import sys

sys.path.insert(0, os.path.dirname(__file__))
from common import audit_json, check, done, run, schema  # noqa: E402

binary, root = sys.argv[1], sys.argv[2]
v = schema(root)

STINGRAY = "testdata/corpus/brcm-stingray-bcm958742k-arm64"
STINGRAY_ARGS = ["--dmesg", STINGRAY + "/dmesg.txt",
                 "--iomem", STINGRAY + "/iomem.txt"]


def lpi_tables(dmesg):
    """The LPI tables the log names: {address: line}."""
    out = {}
    with open(os.path.join(root, dmesg), errors="replace") as f:
        for n, ln in enumerate(f, 1):
            m = re.search(r"using (?:allocated )?LPI (?:property|pending) "
                          r"table @(0x[0-9a-f]+)", ln)
            if m:
                out[int(m.group(1), 16)] = n
    return out


# ---- causes -----------------------------------------------------------

# The Stingray board on 5.1.0 (its log's "Linux version 5.1.0"): before
# ab0eb16205b4 (v5.5) the LPI tables are no 'reserved' children of System
# RAM, and iomem line 122 (a000000000-a3ffffffff : System RAM) has none over
# them, so kexec_load may use them; without memblock files the kexec_file
# answers are inferred: before 2bab693a608b (v5.14-rc2) nothing
# memblock_reserve()s them. Two causes, each over the 9 tables of the log.
rc, doc = audit_json(binary, STINGRAY_ARGS, root, v)
lpi = lpi_tables(STINGRAY + "/dmesg.txt")
check(len(lpi) == 9, "the Stingray log names 9 LPI tables (%d)" % len(lpi))
causes = {c["cause"]: c for c in doc["causes"]}
check(sorted(causes) == ["memreserve_iomem", "memreserve_memblock"],
      "Stingray: two causes (%s)" % sorted(causes))
for key, loader, row, commit, inferred in (
        ("memreserve_memblock", "kexec_file", "memreserve_memblock",
         "2bab693a608b", 9),
        ("memreserve_iomem", "kexec_load", "memreserve_iomem",
         "ab0eb16205b4", 0)):
    c = causes.get(key, {})
    addrs = {int(r["first"], 16) for r in c.get("ranges", [])}
    check(addrs == set(lpi), "%s: its ranges are the log's LPI tables" % key)
    check(list(c.get("loaders", {})) == [loader] and
          c["loaders"][loader]["escapes"] == 9 and
          c["loaders"][loader]["inferred"] == inferred,
          "%s: 9 escapes of %s, %d inferred (%s)"
          % (key, loader, inferred, c.get("loaders")))
    check(c.get("kb_row") == row and c.get("commit", "").startswith(commit),
          "%s: the knowledge-base row %s (%s)" % (key, row, c.get("commit")))
    check(c.get("critical") == 9 and c.get("warning") == 0 and
          c.get("kinds") == {"lpi_property_table": 1,
                             "lpi_pending_table": 8},
          "%s: 9 critical ranges, 1 property and 8 pending tables" % key)
    check(commit in c.get("what_to_do", ""),
          "%s: what to do names %s" % (key, commit))
ev = causes.get("memreserve_iomem", {}).get("loaders", {}).get(
    "kexec_load", {}).get("evidence", [])
check(len(ev) == 1 and ev[0]["input"] == "iomem" and ev[0]["line"] == 122,
      "memreserve_iomem: freed by iomem line 122 (%s)" % ev)

# Every golden: each escaping answer is in exactly one cause, with the
# cause's remedy; a cause's counts are those of its ranges.
for g in sorted(glob.glob(os.path.join(root, "testdata", "golden", "*",
                                       "expected.json"))):
    case = os.path.basename(os.path.dirname(g))
    with open(g) as f:
        d = json.load(f)
    seen = {}
    for c in d["causes"]:
        crit = sum(r["tier"] == "critical" for r in c["ranges"])
        check(crit == c["critical"] and
              len(c["ranges"]) - crit == c["warning"],
              "%s: %s counts its ranges by tier" % (case, c["cause"]))
        for ld, x in c["loaders"].items():
            n = sum(ld in r["loaders"] for r in c["ranges"])
            ni = sum(ld in r["inferred"] for r in c["ranges"])
            check(n == x["escapes"] and ni == x["inferred"],
                  "%s: %s %s counts its escapes" % (case, c["cause"], ld))
        for r in c["ranges"]:
            p = d["protected"][r["protected"]]
            check((p["first"], p["name"]) == (r["first"], r["name"]),
                  "%s: %s names protected[%d]" % (case, c["cause"],
                                                   r["protected"]))
            for ld in r["loaders"]:
                k = (r["protected"], ld)
                check(k not in seen, "%s: %s in two causes" % (case, k))
                seen[k] = c
                check(p["loader_detail"][ld].get("what_to_do") ==
                      c["what_to_do"],
                      "%s: %s %s: the answer's remedy is its cause's"
                      % (case, p["name"], ld))
    want = {(i, ld) for i, p in enumerate(d["protected"])
            for ld, a in p["loaders"].items() if a == "escapes"}
    check(set(seen) == want, "%s: every escape in one cause (missing %s)"
          % (case, sorted(want - set(seen))[:3]))

# ---- --explain: the man page's entry, its commits, what to do --------------

with open(os.path.join(root, "man", "efiresv-audit.8")) as f:
    man = f.read()
sec = man[man.index(".SH CHECKS"):man.index('.SH "EXIT STATUS"')]


def plain(troff):
    t = re.sub(r"^\.(TP|IP|B .*)$", "", troff, flags=re.M)
    t = t.replace("\\-", "-").replace("\\&", "").replace("\\e", "\\")
    return " ".join(t.split())


for entry in re.split(r"\n\.TP\n", sec)[1:]:
    cid = re.match(r"\.B (\S+)", entry).group(1)
    rc_e, out, _ = run(binary, ["--explain", cid], root)
    body = plain(entry)
    parts = re.split(r" (?=Commits: |What to do: )", body)
    flat = " ".join(out.split())
    check(rc_e == 0 and out.startswith(cid + "\n"),
          "--explain %s: exit 0, the id first" % cid)
    check(parts[0] in flat, "--explain %s: the man page's entry" % cid)
    for p_ in parts[1:]:
        if p_.startswith("Commits: "):
            for commit in re.findall(r"\b[0-9a-f]{7,12}\b", p_):
                check(commit in flat, "--explain %s: commit %s"
                      % (cid, commit))
        else:
            check(p_[len("What to do: "):] in flat,
                  "--explain %s: what to do, as in the man page" % cid)
# an escape check lists every cause's remedy the reports use
rc_e, out, _ = run(binary, ["--explain", "critical_range_escapes"], root)
flat = " ".join(out.split())
for c in doc["causes"]:
    check(" ".join(c["what_to_do"].split()) in flat,
          "--explain critical_range_escapes: the remedy of %s" % c["cause"])

done()
