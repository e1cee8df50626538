#!/usr/bin/env python3
"""Every check has one minimal input in testdata/checks/<id>/ (a snapshot
tree, or an `args` file with the audit's arguments, paths from the top;
README says what it shows) that must trigger it: `expect` holds the
finding's severity and the verdict of that input; an optional `message` file,
lines that some finding's message must hold."""
import os
import sys

sys.path.insert(0, os.path.dirname(__file__))
from common import audit_json, check, done, run, schema  # noqa: E402

binary, root = sys.argv[1], sys.argv[2]
v = schema(root)
rc, out, _ = run(binary, ["--list", "checks", "--noheadings", "--output",
                          "ID"], root)
ids = [l.split()[0] for l in out.splitlines() if l.strip()]
check(len(ids) >= 10, "checks listed")
cdir = os.path.join(root, "testdata", "checks")
check(sorted(os.listdir(cdir)) == sorted(ids),
      "testdata/checks has exactly one directory per check: extra %s, "
      "missing %s" % (sorted(set(os.listdir(cdir)) - set(ids)),
                      sorted(set(ids) - set(os.listdir(cdir)))))
codes = {"clean": 0, "escape": 1, "incomplete": 2}
for cid in ids:
    d = os.path.join(cdir, cid)
    if not os.path.isdir(d):
        continue
    with open(os.path.join(d, "expect")) as f:
        sev, verdict = f.read().split()
    if os.path.exists(os.path.join(d, "live")):
        # the running system, as an unprivileged user
        if os.geteuid() != 0:
            check(False, "%s: needs root to drop privileges" % cid)
            continue
        import json, subprocess
        p = subprocess.run(["setpriv", "--reuid=65534", "--regid=65534",
                            "--clear-groups", os.path.abspath(binary),
                            "--json"], capture_output=True, timeout=60)
        rc, doc = p.returncode, json.loads(p.stdout)
    elif os.path.exists(os.path.join(d, "args")):
        # the arguments of the audit that shows it (paths from the top)
        with open(os.path.join(d, "args")) as f:
            rc, doc = audit_json(binary, f.read().split(), root, v)
    else:
        rc, doc = audit_json(binary, ["--snapshot", os.path.relpath(d, root)],
                             root, v)
    if doc is None:
        continue
    hits = [f for f in doc["findings"] if f["check"] == cid]
    check(hits, "%s: its minimal input triggers it (got %s)" %
          (cid, sorted({f["check"] for f in doc["findings"]})))
    check(all(f["severity"] == sev for f in hits),
          "%s: severity %s (got %s)" % (cid, sev,
                                        sorted({f["severity"] for f in hits})))
    check(doc["verdict"] == verdict and rc == codes[verdict],
          "%s: verdict %s exit %d (got %s exit %d)" %
          (cid, verdict, codes[verdict], doc["verdict"], rc))
    check(all(f["message"] for f in hits), "%s: messages say something" % cid)
    # `message`, when there: lines that some finding's message must hold
    # (what the input shows, as its README says it)
    mfile = os.path.join(d, "message")
    if os.path.exists(mfile):
        with open(mfile) as f:
            for want in (l.rstrip("\n") for l in f if l.strip()):
                check(any(want in h["message"] for h in hits),
                      "%s: a message says %r (got %s)"
                      % (cid, want, [h["message"] for h in hits]))
done()
