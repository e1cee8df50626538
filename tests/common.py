"""Helpers shared by the CLI-level tests (golden, checks, cli, edits)."""
import json
import os
import shutil
import subprocess
import sys
import tempfile

import jsonschema

FAILS = []
PASSES = [0]


def check(cond, what):
    if cond:
        PASSES[0] += 1
    else:
        FAILS.append(what)
        print("FAIL:", what, file=sys.stderr)


def done():
    print("%d passed, %d failed" % (PASSES[0], len(FAILS)))
    sys.exit(1 if FAILS else 0)


def schema(root):
    with open(os.path.join(root, "schema", "efiresv-audit.schema.json")) as f:
        s = json.load(f)
    return jsonschema.Draft202012Validator(s)


def unbuilt(out):
    """A JSON report with the commit the tool was built from (tool.commit,
    the one value that differs from one build of the same source to the
    next) written as null, as a build without git writes it: what the
    goldens hold."""
    head = out[:400]
    i = head.find('\n    "commit":')
    if i < 0 or not head.startswith('{\n  "schema_version"'):
        return out
    j = out.index("\n", i + 1)
    return out[:i] + '\n    "commit":null,' + out[j:]


def run(binary, args, root, timeout=60):
    """Runs the tool with cwd = the repository root; returns (rc, out, err)."""
    p = subprocess.run([binary] + args, cwd=root, capture_output=True,
                       timeout=timeout)
    return p.returncode, p.stdout.decode("utf-8", "replace"), \
        p.stderr.decode("utf-8", "replace")


def audit_json(binary, args, root, validator=None):
    rc, out, err = run(binary, args + ["--json"], root)
    try:
        doc = json.loads(out)
    except ValueError as e:
        check(False, "%s: output is not JSON: %s\n%s" % (args, e, err))
        return rc, None
    if validator is not None:
        errors = list(validator.iter_errors(doc))
        check(not errors, "%s: JSON does not validate: %s" %
              (args, [e.message for e in errors[:3]]))
    return rc, doc


def edit(path, drop=(), replace=()):
    """Edits a text file of a copied capture: drops each line given (each
    must be there once) and replaces text found on exactly one line."""
    with open(path) as f:
        lines = f.readlines()
    for d in drop:
        n = len(lines)
        lines = [l for l in lines if l.rstrip("\n") != d]
        check(len(lines) == n - 1, "edit: dropped exactly one line %r" % d)
    for old, new in replace:
        hits = [i for i, l in enumerate(lines) if old in l]
        check(len(hits) == 1, "edit: %r found once" % old)
        for i in hits:
            lines[i] = lines[i].replace(old, new)
    with open(path, "w") as f:
        f.writelines(lines)


def copy_capture(cap, name="snap"):
    """A writable copy of a capture directory: (the temporary directory to
    remove, the copy)."""
    tmp = tempfile.mkdtemp(prefix="ea-edit-")
    dst = os.path.join(tmp, name)
    shutil.copytree(cap, dst)
    for dp, dn, fn in os.walk(dst):
        for n in dn + fn:
            os.chmod(os.path.join(dp, n), 0o755 if n in dn else 0o644)
    return tmp, dst
