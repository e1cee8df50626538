#!/usr/bin/env python3
"""The hostile corpus, testdata/hostile/<case>/: each case's expect.json
names the arguments (paths relative to the case), the exit codes allowed, the
verdicts it must not reach (never clean), and the findings it must produce.
A "generate" entry builds a large input at test time instead of committing
it. Every report must validate against the schema; no crash, no hang."""
import json
import os
import shutil
import sys
import tempfile

sys.path.insert(0, os.path.dirname(__file__))
from common import check, done, run, schema  # noqa: E402

binary, root = sys.argv[1], sys.argv[2]
v = schema(root)
hdir = os.path.join(root, "testdata", "hostile")
for case in sorted(os.listdir(hdir)):
    d = os.path.join(hdir, case)
    with open(os.path.join(d, "expect.json")) as f:
        exp = json.load(f)
    tmp = None
    if "generate" in exp:
        g = exp["generate"]
        tmp = tempfile.mkdtemp(prefix="ea-hostile-")
        for n in os.listdir(d):
            if os.path.isfile(os.path.join(d, n)):
                shutil.copy(os.path.join(d, n), tmp)
        if "sparse_bytes" in g:
            # a file past a size limit, without writing its bytes
            with open(os.path.join(tmp, g["file"]), "wb") as f:
                f.truncate(g["sparse_bytes"])
        else:
            with open(os.path.join(d, g["from"]), "rb") as f:
                lines = f.read().split(b"\n")
            big = g["line_prefix"].encode()
            big += b"A" * (g["line_bytes"] - len(big))
            lines.insert(g["insert_at_line"], big)
            with open(os.path.join(tmp, g["file"]), "wb") as f:
                f.write(b"\n".join(lines))
        d = tmp
    rc, out, err = run(binary, exp["args"] + ["--json"],
                       d, timeout=30)
    try:
        doc = json.loads(out)
    except ValueError:
        check(False, "%s: no JSON (exit %d): %s" % (case, rc, err[-300:]))
        continue
    errs = list(v.iter_errors(doc))
    check(not errs, "%s: schema: %s" % (case, [e.message for e in errs[:2]]))
    check(rc in exp["exit_in"], "%s: exit %d, expected one of %s" %
          (case, rc, exp["exit_in"]))
    if "stderr_contains" in exp:
        check(exp["stderr_contains"] in err,
              "%s: stderr says %r: %r" % (case, exp["stderr_contains"],
                                          err[-200:]))
    check(doc["verdict"] not in exp.get("verdict_not", []),
          "%s: verdict %s" % (case, doc["verdict"]))
    got = {f["check"] for f in doc["findings"]}
    for c in exp.get("findings", []):
        check(c in got, "%s: finding %s (got %s)" % (case, c, sorted(got)))
    if exp.get("findings_any"):
        check(got & set(exp["findings_any"]),
              "%s: one of %s (got %s)" % (case, exp["findings_any"], sorted(got)))
    # line numbers in every unreadable-line message point at a real line
    for f in doc["findings"]:
        if f["check"] == "input_line_unreadable":
            check(f["message"] and ":" in f["message"],
                  "%s: the unreadable line is named" % case)
    if tmp:
        shutil.rmtree(tmp)
done()
