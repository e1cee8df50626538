#!/usr/bin/env python3
"""Golden reports: testdata/golden/<case>/args holds the arguments (one per
line, paths relative to the repository root); expected.json, expected.txt and
exit hold what the tool must print and return, but for the commit the tool
was built from (tool.commit: null in the goldens, common.unbuilt()). Every
JSON report is also validated against the schema. With --update the files are rewritten (review
every change against the raw inputs before committing it)."""
import os
import sys

sys.path.insert(0, os.path.dirname(__file__))
from common import check, done, run, schema, unbuilt  # noqa: E402
import json  # noqa: E402

binary, root = sys.argv[1], sys.argv[2]
update = "--update" in sys.argv[3:]
validator = schema(root)
gdir = os.path.join(root, "testdata", "golden")
cases = sorted(os.listdir(gdir))
check(len(cases) > 0, "no golden cases")
for case in cases:
    d = os.path.join(gdir, case)
    with open(os.path.join(d, "args")) as f:
        args = [l.rstrip("\n") for l in f if l.strip()]
    rc_j, out_j, err_j = run(binary, args + ["--json"], root)
    out_j = unbuilt(out_j)
    rc_t, out_t, err_t = run(binary, args, root)
    if update:
        with open(os.path.join(d, "expected.json"), "w") as f:
            f.write(out_j)
        with open(os.path.join(d, "expected.txt"), "w") as f:
            f.write(out_t)
        with open(os.path.join(d, "exit"), "w") as f:
            f.write("%d\n" % rc_j)
        continue
    with open(os.path.join(d, "expected.json")) as f:
        exp_j = f.read()
    with open(os.path.join(d, "expected.txt")) as f:
        exp_t = f.read()
    with open(os.path.join(d, "exit")) as f:
        exp_rc = int(f.read().strip())
    check(out_j == exp_j, "%s: JSON differs from expected.json" % case)
    check(out_t == exp_t, "%s: text differs from expected.txt" % case)
    check(rc_j == exp_rc and rc_t == exp_rc,
          "%s: exit %d/%d, expected %d" % (case, rc_j, rc_t, exp_rc))
    try:
        doc = json.loads(out_j)
        errs = list(validator.iter_errors(doc))
        check(not errs, "%s: schema: %s" % (case, [e.message for e in errs[:3]]))
    except ValueError as e:
        check(False, "%s: not JSON: %s" % (case, e))
    if out_j != exp_j:
        import difflib
        sys.stderr.writelines(list(difflib.unified_diff(
            exp_j.splitlines(True), out_j.splitlines(True),
            "expected.json", "actual"))[:60])
done()
