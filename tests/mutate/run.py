#!/usr/bin/env python3
"""Mutation testing: does the fast suite notice a realistic bug in src/?

Applies each mutation of tests/mutate/mutations.py to a copy of the source
tree, one at a time: rebuilds incrementally, runs `ctest -LE vm` (stopping
at the first failing test, whose name is recorded as "killed by"), and
restores the file. A mutation that does not compile is an error of the
list, not a kill. Prints a table, writes it as Markdown, and exits non-zero
when fewer than 95 % of the mutations are killed or the list has errors.

    python3 tests/mutate/run.py                      # the whole list, ~1 h
    python3 tests/mutate/run.py --only id1,id2       # a few
    python3 tests/mutate/run.py --check-list         # validate the list only

The working tree is never changed: the copy is made from the files git
knows of (tracked, and untracked but not ignored) as they are on disk.
How to add a mutation: tests/mutate/README.md.
"""
import argparse
import datetime
import importlib.util
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
GOAL = 95.0
FIELDS = {"id", "file", "orig", "new", "bug", "covers", "equivalent"}
ID_RE = re.compile(r"^[a-z0-9][a-z0-9-]*$")


def load(path):
    sys.dont_write_bytecode = True  # no __pycache__ in the source tree
    spec = importlib.util.spec_from_file_location("mutations", path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod.MUTATIONS, getattr(mod, "NOT_PARSERS", {})


def checks_of(root):
    """The check ids declared with EA_CHECK(...) in src/check/checks.c."""
    with open(os.path.join(root, "src", "check", "checks.c")) as f:
        text = f.read()
    return re.findall(r"^EA_CHECK\(\s*(\w+),", text, re.M)


def parsers_of(root, not_parsers=()):
    """The parsers: one src/read/NAME.c each, but for the plumbing."""
    d = os.path.join(root, "src", "read")
    return sorted(n[:-2] for n in os.listdir(d)
                  if n.endswith(".c") and n[:-2] not in not_parsers)


def validate(muts, root, coverage=True, not_parsers=()):
    """The list's errors, each naming its mutation; [] when it is sound."""
    errs = []
    seen = set()
    checks = set(checks_of(root))
    parsers = set(parsers_of(root, not_parsers))
    covered = set()
    for i, m in enumerate(muts):
        mid = m.get("id", "#%d" % i)
        extra = set(m) - FIELDS
        missing = {"id", "file", "orig", "new", "bug", "covers"} - set(m)
        if extra or missing:
            errs.append("%s: fields %s missing, %s unknown"
                        % (mid, sorted(missing), sorted(extra)))
            continue
        if not ID_RE.match(mid) or mid in seen:
            errs.append("%s: id not [a-z0-9-]+ or used twice" % mid)
        seen.add(mid)
        if m["orig"] == m["new"]:
            errs.append("%s: the replacement is the original" % mid)
        path = os.path.join(root, m["file"])
        try:
            with open(path, encoding="utf-8") as f:
                text = f.read()
        except OSError as e:
            errs.append("%s: %s: %s" % (mid, m["file"], e.strerror))
            continue
        n = text.count(m["orig"])
        if n != 1:
            errs.append("%s: the original text occurs %d times in %s, not "
                        "once (the code moved? re-anchor it): %r"
                        % (mid, n, m["file"], m["orig"]))
        for c in m["covers"]:
            kind, _, name = c.partition(":")
            known = checks if kind == "check" else \
                parsers if kind == "parser" else None
            if known is None or name not in known:
                errs.append("%s: covers %r: no such check or parser"
                            % (mid, c))
            covered.add(c)
    if coverage:
        for c in sorted(checks):
            if "check:" + c not in covered:
                errs.append("check %s: no mutation covers it (add one)" % c)
        for p in sorted(parsers):
            if "parser:" + p not in covered:
                errs.append("parser %s: no mutation covers it (add one)" % p)
    return errs


def copy_tree(root, dst):
    """The files git knows of, as they are on disk now."""
    out = subprocess.run(["git", "-C", root, "ls-files", "-z", "--cached",
                          "--others", "--exclude-standard"],
                         capture_output=True, check=True).stdout
    for rel in out.decode().split("\0"):
        if not rel:
            continue
        src = os.path.join(root, rel)
        if not os.path.lexists(src) or os.path.isdir(src):
            continue  # deleted, or a submodule
        d = os.path.join(dst, rel)
        os.makedirs(os.path.dirname(d), exist_ok=True)
        shutil.copy2(src, d, follow_symlinks=False)


def sh(cmd, cwd, timeout=None):
    p = subprocess.run(cmd, cwd=cwd, capture_output=True, timeout=timeout)
    return p.returncode, (p.stdout + p.stderr).decode("utf-8", "replace")


def build(bdir, jobs):
    return sh(["cmake", "--build", bdir, "-j%d" % jobs], bdir)


FAIL_RE = re.compile(r"Test\s+#\d+:\s+(\S+)\s+\.*\s*\*+\s*(\w[^\n]*?)\s+"
                     r"[\d.]+ sec")


def ctest(bdir, jobs, timeout, all_tests):
    """(failing tests in the order they ended, ctest's exit status)."""
    # no cost data: tests start in the order they are declared (unit tests
    # first), so "killed by" does not depend on earlier runs
    cost = os.path.join(bdir, "Testing", "Temporary", "CTestCostData.txt")
    if os.path.exists(cost):
        os.remove(cost)
    cmd = ["ctest", "-LE", "vm", "-E", "^mutate_list$", "-j%d" % jobs,
           "--timeout", str(timeout)]
    if not all_tests:
        cmd.append("--stop-on-failure")
    rc, out = sh(cmd, bdir)
    failed = []
    for m in FAIL_RE.finditer(out):
        name, how = m.group(1), m.group(2)
        if how.startswith("Passed"):
            continue
        failed.append(name if how.startswith("Failed") else
                      "%s (%s)" % (name, how.strip().lower()))
    # --stop-on-failure starts no new test but lets the one running beside
    # the first failure finish, and it may fail too: the first to end is
    # the one that killed the mutation
    return (failed if all_tests else failed[:1]), rc


def first_error(out):
    for line in out.splitlines():
        if "error" in line:
            return line.strip()[:160]
    return out.strip().splitlines()[-1][:160] if out.strip() else "?"


def md_escape(s):
    return s.replace("|", "\\|").replace("\n", " ")


def markdown(rows, meta):
    n = len(rows)
    killed = sum(r["result"] == "killed" for r in rows)
    surv = [r for r in rows if r["result"] == "survived"]
    bad = [r for r in rows if r["result"] == "not compiled"]
    pct = 100.0 * killed / n if n else 0.0
    out = ["# Mutation testing: last result", "",
           "%s, %s; `python3 tests/mutate/run.py%s` (%d min)."
           % (meta["date"], meta["commit"], meta["args"], meta["minutes"]),
           "",
           "**%d mutations, %d killed (%.1f %%), %d survived, %d not "
           "compiled.**" % (n, killed, pct, len(surv), len(bad)), ""]
    if surv:
        out += ["Survivors:", ""]
        for r in surv:
            out.append("- `%s`: %s" % (r["id"], r["equivalent"] or
                                       "NO ARGUMENT: add a test"))
        out.append("")
    out += ["| mutation | file | realistic bug | result | killed by |",
            "|---|---|---|---|---|"]
    for r in rows:
        out.append("| `%s` | %s | %s | %s | %s |" % (
            r["id"], r["file"], md_escape(r["bug"]), r["result"],
            md_escape(", ".join(r["killed_by"]) or r.get("detail", ""))))
    return "\n".join(out) + "\n"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--list", default=os.path.join(HERE, "mutations.py"))
    ap.add_argument("--root", default=ROOT, help="the source tree")
    ap.add_argument("--only", action="append", default=[],
                    help="mutation ids, comma-separated (repeatable)")
    ap.add_argument("--jobs", type=int, default=2,
                    help="make and ctest parallelism (default 2)")
    ap.add_argument("--timeout", type=int, default=300,
                    help="seconds a test may run (an endless loop kills)")
    ap.add_argument("--all-tests", action="store_true",
                    help="run every test, recording all that fail "
                         "(slower; shows mutations only one test catches)")
    ap.add_argument("--scratch", help="build here (default: a temp dir)")
    ap.add_argument("--keep", action="store_true",
                    help="keep the scratch directory")
    ap.add_argument("--markdown", help="write the result here "
                    "(default: SCRATCH/result.md)")
    ap.add_argument("--check-list", action="store_true",
                    help="only validate the list against --root (fast)")
    args = ap.parse_args()

    muts, not_parsers = load(args.list)
    only = [x for o in args.only for x in o.split(",") if x]
    errs = validate(muts, args.root, coverage=not only,
                    not_parsers=not_parsers)
    if only:
        unknown = set(only) - {m["id"] for m in muts}
        errs += ["--only %s: no such mutation" % u for u in sorted(unknown)]
        muts = [m for m in muts if m["id"] in only]
    if args.check_list:
        for e in errs:
            print("LIST ERROR:", e)
        print("%d mutations, %d list errors" % (len(muts), len(errs)))
        return 1 if errs else 0
    if errs:
        for e in errs:
            print("LIST ERROR:", e, file=sys.stderr)
        return 2

    t0 = time.time()
    scratch = args.scratch or tempfile.mkdtemp(prefix="ea-mutate-")
    # mkdtemp makes it 0700: the collect test runs collect.sh from the copy
    # as an unprivileged user too, who must be able to read it
    os.chmod(scratch, 0o755)
    tree = os.path.join(scratch, "tree")
    bdir = os.path.join(tree, "build")
    md_path = args.markdown or os.path.join(scratch, "result.md")
    print("scratch:", scratch, flush=True)
    # the commit of the tree as it is copied, not as it is when the
    # baseline is done (the working tree may change meanwhile)
    commit = sh(["git", "-C", args.root, "describe", "--always", "--dirty"],
                args.root)[1].strip()
    if os.path.exists(tree):
        shutil.rmtree(tree)
    copy_tree(args.root, tree)
    rc, out = sh(["cmake", "-S", tree, "-B", bdir, "-DEA_WERROR=ON",
                  "-DCMAKE_BUILD_TYPE=RelWithDebInfo"], tree)
    if rc == 0:
        rc, out = build(bdir, args.jobs)
    if rc != 0:
        print(out[-3000:], file=sys.stderr)
        print("the unmutated tree does not build", file=sys.stderr)
        return 2
    failed, rc = ctest(bdir, args.jobs, args.timeout, True)
    if rc != 0:
        print("the unmutated tree fails %s: fix that first" % failed,
              file=sys.stderr)
        return 2
    print("baseline: every test passes (%.0f s)" % (time.time() - t0),
          flush=True)

    rows = []
    shown, skip = [], False
    for a in sys.argv[1:]:  # the command, but for where its result went
        if not skip and not a.startswith("--markdown"):
            shown.append(a)
        skip = a == "--markdown"
    meta = {"date": datetime.date.today().isoformat(), "commit": commit,
            "args": "".join(" " + a for a in shown), "minutes": 0}
    print("%-44s %-12s %s" % ("mutation", "result", "killed by"), flush=True)
    for m in muts:
        t1 = time.time()
        path = os.path.join(tree, m["file"])
        with open(path, encoding="utf-8") as f:
            orig = f.read()
        row = {"id": m["id"], "file": m["file"], "bug": m["bug"],
               "equivalent": m.get("equivalent"), "killed_by": []}
        try:
            with open(path, "w", encoding="utf-8") as f:
                f.write(orig.replace(m["orig"], m["new"], 1))
            rc, out = build(bdir, args.jobs)
            if rc != 0:
                row["result"] = "not compiled"
                row["detail"] = first_error(out)
            else:
                failed, rc = ctest(bdir, args.jobs, args.timeout,
                                   args.all_tests)
                if rc != 0:
                    row["result"] = "killed"
                    row["killed_by"] = failed or ["ctest exit %d" % rc]
                else:
                    row["result"] = "survived"
                # what the tests said, for a kill that needs explaining
                last = os.path.join(bdir, "Testing", "Temporary",
                                    "LastTest.log")
                if os.path.exists(last):
                    os.makedirs(os.path.join(scratch, "logs"), exist_ok=True)
                    shutil.copy(last, os.path.join(scratch, "logs",
                                                   m["id"] + ".log"))
        finally:
            with open(path, "w", encoding="utf-8") as f:
                f.write(orig)
        row["seconds"] = time.time() - t1
        rows.append(row)
        note = ""
        if row["result"] == "killed" and row["equivalent"]:
            note = "  (listed as equivalent: the argument is wrong)"
        print("%-44s %-12s %s%s" % (
            m["id"], row["result"],
            ", ".join(row["killed_by"]) or row.get("detail", ""), note),
            flush=True)
        meta["minutes"] = round((time.time() - t0) / 60)
        with open(md_path, "w") as f:
            f.write(markdown(rows, meta))
    build(bdir, args.jobs)  # leave the copy built as it was

    n = len(rows)
    killed = sum(r["result"] == "killed" for r in rows)
    bad = [r for r in rows if r["result"] == "not compiled"]
    surv = [r for r in rows if r["result"] == "survived"]
    pct = 100.0 * killed / n if n else 100.0
    print("\n%d mutations: %d killed (%.1f %%), %d survived, %d not compiled"
          % (n, killed, pct, len(surv), len(bad)))
    for r in surv:
        print("  survived %s: %s" % (r["id"], r["equivalent"] or
                                     "no argument in the list"))
    for r in bad:
        print("  LIST ERROR: %s does not compile: %s" % (r["id"],
                                                         r["detail"]))
    print("result:", md_path)
    if not args.keep and not args.scratch:
        shutil.rmtree(tree, ignore_errors=True)  # the result stays
    if bad:
        return 2
    return 0 if only or pct >= GOAL else 1


if __name__ == "__main__":
    sys.exit(main())
