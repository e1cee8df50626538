#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""The benchmark of issue 8, driven by bench/run.sh (which builds the tool).

    bench.py --audit BIN [--work DIR] [--runs N] [--syn-runs N]
             [--growth-runs N] [--corpus-runs N] [--keep] [--only CASES]
             [--md FILE]

Cases, each measured beside its baselines in the same interleaved runs
(bench/timeit.py): `cat` of the files the audit reads, and `grep -c .` over
the kernel log.
  capture:<name>  every real snapshot in testdata/captures: the audit's
                  median wall time at most 3x that of cat (>= 10 runs).
  large           8,192 CPUs, 16,384 EFI descriptors, 100,000 iomem lines,
                  50,000 memblock.reserved regions, 2,000 ACPI tables, 5 MB
                  of log: under 100 ms and 64 MB, text and JSON reports.
  stress          1,000,000 EFI descriptors and iomem lines, 100,000
                  MEMRESERVE entries: under 1 s and 256 MB.
  growth          each input kind at n = 10k, 100k, 1M (the others small):
                  t(10n) / t(n) <= 12.
  bombs           snapshot tarballs just over each limit of the tarball
                  reader and one just under (bench/bombs.py): refused with
                  the limit named, peak RSS under the documented bound.
  corpus          200 snapshots, copies of the real captures in turn,
                  audited in one --corpus run: its median wall time at
                  most 3x that of one cat of the files the audits read
                  (every row checked against the capture's golden report).
Every synthetic snapshot is also checked with bench/check.py (the planted
ranges answered and their free ranges, both loaders' free memory, every
finding above info planted or allow-listed), so a fast wrong answer cannot
pass; and every run timed is held to a verified run (bench/timeit.py: its
exit status and the sha256 of its stdout): the audit of a synthetic
snapshot to check.py's run, of a real capture to its golden report
(testdata/golden/capture-NAME, run as the golden test runs it: from the
repository root, the path relative), `cat` to the bytes of the files it
reads, `grep` to its first run. Prints Markdown tables for the README and
exits 1 when a target is missed, a check fails or a run differs.
"""

import argparse
import hashlib
import json
import os
import platform
import shutil
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
PY = "/usr/bin/python3"

GROWTH_KINDS = [
    # (label, gen.py option, value for n)
    ("EFI descriptors", "--efi-descs", lambda n: n),
    ("iomem lines", "--iomem-lines", lambda n: n),
    ("memblock.reserved regions", "--reserved", lambda n: n),
    ("MEMRESERVE entries", "--memreserve-entries", lambda n: n),
    ("ACPI tables", "--acpi", lambda n: n),
    ("kernel log lines (x 100 B)", "--dmesg-bytes", lambda n: n * 100),
]
GROWTH_N = [10000, 100000, 1000000]
GROWTH_BASE = ["--cpus", "4", "--efi-descs", "64", "--acpi", "10"]


def median(v):
    s = sorted(v)
    n = len(s)
    return s[n // 2] if n % 2 else (s[n // 2 - 1] + s[n // 2]) / 2


def ms(s):
    return "%.1f ms" % (s * 1e3) if s < 10 else "%.2f s" % s


def mb(kb):
    return "%.1f MB" % (kb / 1024.0)


def timeit(cmds, runs, rss_runs=3, expect=None, cwd=None):
    """Times cmds [(name, argv)], each run held to expect[name] = (exit,
    sha256, where from) (else to the command's first run); returns ({name:
    result}, [mismatch])."""
    argv = [PY, os.path.join(HERE, "timeit.py"), "--runs", str(runs),
            "--rss-runs", str(rss_runs), "--json"]
    for name, (code, sha, where) in (expect or {}).items():
        argv += ["--expect", "%s=%d:%s:%s" % (name, code, sha, where)]
    argv.append("--")
    for i, (name, c) in enumerate(cmds):
        if i:
            argv.append("---")
        argv += [name] + c
    out = subprocess.run(argv, capture_output=True, text=True, cwd=cwd)
    if out.returncode not in (0, 1) or not out.stdout.strip():
        raise RuntimeError("timeit.py failed: %s" % out.stderr.strip())
    res = {r["name"]: r for r in json.loads(out.stdout)}
    bad = []
    for r in res.values():
        m = r["mismatches"]
        bad += ["%s: %s" % (r["name"], x) for x in m[:2]]
        if len(m) > 2:
            bad.append("%s: %d more runs differ" % (r["name"], len(m) - 2))
    return res, bad


def sha256_of(files):
    """The sha256 of the files' bytes one after the other (what `cat`
    prints)."""
    h = hashlib.sha256()
    for p in files:
        with open(p, "rb") as f:
            for b in iter(lambda: f.read(1 << 20), b""):
                h.update(b)
    return h.hexdigest()


def golden(name):
    """(args, exit, sha256 of the text report) of
    testdata/golden/capture-NAME, or None."""
    d = os.path.join(ROOT, "testdata", "golden", "capture-" + name)
    try:
        with open(os.path.join(d, "args")) as f:
            args = [x.rstrip("\n") for x in f if x.strip()]
        with open(os.path.join(d, "exit")) as f:
            code = int(f.read().strip())
        with open(os.path.join(d, "expected.txt"), "rb") as f:
            sha = hashlib.sha256(f.read()).hexdigest()
    except (OSError, ValueError):
        return None
    return args, code, sha


def files_read(audit, snap):
    """Regular files under snap that the audit opens (strace), else every
    regular file of the snapshot."""
    found = []
    if shutil.which("strace"):
        log = os.path.join("/tmp", "ea-bench-strace.%d" % os.getpid())
        subprocess.run(["strace", "-f", "-qq", "-e",
                        "trace=openat,openat2,open",
                        "-o", log, audit, "--snapshot", snap],
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            with open(log) as f:
                for line in f:
                    if "ENOENT" in line or '"' not in line:
                        continue
                    p = line.split('"')[1]
                    if not os.path.isabs(p):
                        # a snapshot's files are opened beneath its root
                        # (openat2 RESOLVE_BENEATH): relative to it
                        p = os.path.join(snap, p)
                    if p.startswith(snap.rstrip("/") + "/") and \
                            os.path.isfile(p) and p not in found:
                        found.append(p)
        finally:
            if os.path.exists(log):
                os.unlink(log)
    if not found:
        for d, _, fs in os.walk(snap):
            for f in sorted(fs):
                if f not in ("EXPECTED.json", "DIGESTS.json", "SOURCE.md",
                             "README.md"):
                    found.append(os.path.join(d, f))
    return sorted(found)


def generate(out, args, keep):
    exp = os.path.join(out, "EXPECTED.json")
    if keep and os.path.exists(exp):
        with open(exp) as f:
            old = json.load(f)
        if old.get("argv") == args and "planted" in old:
            return
    subprocess.run([PY, os.path.join(HERE, "gen.py"), "--out", out] + args,
                   check=True, stdout=subprocess.DEVNULL)
    with open(exp) as f:
        e = json.load(f)
    e["argv"] = args
    with open(exp, "w") as f:
        json.dump(e, f, indent=1)


def check(audit, snap):
    """check.py's verdict on snap, and its verified runs: {"json"|"text":
    (argv, exit, sha256)}."""
    dig = os.path.join(snap, "DIGESTS.json")
    if os.path.exists(dig):
        os.unlink(dig)
    p = subprocess.run([PY, os.path.join(HERE, "check.py"), audit, snap,
                        "--digests", dig], capture_output=True, text=True)
    runs = {}
    if os.path.exists(dig):
        with open(dig) as f:
            runs = {r["name"]: (r["argv"], r["exit"], r["sha256"])
                    for r in json.load(f)["runs"]}
    return p.returncode == 0, (p.stdout + p.stderr).strip(), runs


def verified(runs, name, fallback):
    """(argv, expect) of check.py's run name: the command to time and what
    each run must give; fallback argv when check.py gave none."""
    if name in runs:
        argv, code, sha = runs[name]
        return argv, (code, sha, "bench/check.py's %s run" % name)
    return fallback, None


def counts(snap):
    with open(os.path.join(snap, "EXPECTED.json")) as f:
        return json.load(f)["counts"]


def machine():
    cpu = "?"
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    mem = "?"
    try:
        with open("/proc/meminfo") as f:
            mem = "%.0f GiB" % (int(f.readline().split()[1]) / 1048576.0)
    except OSError:
        pass
    return "%s, %d CPUs, %s RAM, Linux %s" % (cpu, os.cpu_count() or 0, mem,
                                             platform.release())


def loadavg():
    try:
        with open("/proc/loadavg") as f:
            return " ".join(f.read().split()[:3])
    except OSError:
        return "?"


def make_corpus(audit, cdir, n):
    """n snapshots in cdir, "000" to "199", copies of the real captures in
    turn (made once; reused when they are there). Returns (cdir, {copy:
    capture}, the files the audits read, relative to cdir)."""
    capdir = os.path.join(ROOT, "testdata", "captures")
    names = sorted(x for x in os.listdir(capdir)
                   if os.path.isdir(os.path.join(capdir, x)))
    reads = {c: [os.path.relpath(f, os.path.join(capdir, c))
                 for f in files_read(audit, os.path.join(capdir, c))]
             for c in names}
    os.makedirs(cdir, exist_ok=True)
    caps, files = {}, []
    for i in range(n):
        c = names[i % len(names)]
        copy = "%03d" % i
        caps[copy] = c
        dst = os.path.join(cdir, copy)
        mark = os.path.join(cdir, copy + ".from")
        if not (os.path.isdir(dst) and os.path.exists(mark) and
                open(mark).read() == c):
            shutil.rmtree(dst, ignore_errors=True)
            shutil.copytree(os.path.join(capdir, c), dst, symlinks=True)
            with open(mark, "w") as f:
                f.write(c)
        files += [os.path.join(copy, f) for f in reads[c]]
    return cdir, caps, files


def check_corpus(audit, cdir, caps):
    """Every row of a --corpus -J run against the golden report of the
    capture it copies: verdict, counts, exit status; and the total."""
    bad = []
    p = subprocess.run([audit, "--corpus", cdir, "-J"], capture_output=True,
                       text=True)
    lines = [json.loads(x) for x in p.stdout.splitlines() if x.strip()]
    rows = {r["snapshot"]: r for r in lines if "snapshot" in r}
    if sorted(rows) != sorted(caps):
        bad.append("rows for %d snapshots, %d copied" % (len(rows),
                                                         len(caps)))
    worst = 0
    for copy, c in sorted(caps.items()):
        d = os.path.join(ROOT, "testdata", "golden", "capture-" + c)
        with open(os.path.join(d, "expected.json")) as f:
            g = json.load(f)
        with open(os.path.join(d, "exit")) as f:
            code = int(f.read().strip())
        r = rows.get(copy)
        want = (g["verdict"], g["summary"]["critical"],
                g["summary"]["critical_escaping"], g["summary"]["unknown"],
                code)
        got = r and (r["verdict"], r["critical"], r["escapes"],
                     r["unknown"], r["exit_status"])
        if got != want:
            bad.append("%s (%s): %s, golden %s" % (copy, c, got, want))
        # the worst status: an escape (1), an error (3), incomplete (2)
        rank = {0: 0, 2: 1, 3: 2, 1: 3}
        if rank[code] > rank[worst]:
            worst = code
    total = lines[-1].get("total", {}) if lines else {}
    if total.get("exit_status") != worst or p.returncode != worst:
        bad.append("exit status %d, total %s, expected %d" % (
            p.returncode, total.get("exit_status"), worst))
    return bad


def main(argv):
    ap = argparse.ArgumentParser()
    ap.add_argument("--audit", required=True)
    ap.add_argument("--work", default="/tmp/efiresv-bench")
    ap.add_argument("--runs", type=int, default=20,
                    help="runs per real capture (>= 10)")
    ap.add_argument("--syn-runs", type=int, default=10)
    ap.add_argument("--growth-runs", type=int, default=5)
    ap.add_argument("--corpus-runs", type=int, default=5)
    ap.add_argument("--keep", action="store_true",
                    help="reuse synthetic snapshots already generated")
    ap.add_argument("--only",
                    default="capture,large,stress,growth,bombs,corpus")
    ap.add_argument("--md", help="also write the tables to this file")
    a = ap.parse_args(argv)
    audit = os.path.abspath(a.audit)
    only = set(a.only.split(","))
    os.makedirs(a.work, exist_ok=True)
    runs = max(10, a.runs)
    md, missed, failed = [], [], []
    load0, t0 = loadavg(), time.time()

    def log(msg):
        print(msg, file=sys.stderr, flush=True)

    # ---- real captures ------------------------------------------------
    rows = []
    if "capture" in only:
        capdir = os.path.join(ROOT, "testdata", "captures")
        for name in sorted(os.listdir(capdir)):
            snap = os.path.join(capdir, name)
            if not os.path.isdir(snap):
                continue
            files = files_read(audit, snap)
            dm = os.path.join(snap, "dmesg.txt")
            log("capture %s: %d files, %d runs" % (name, len(files), runs))
            expect = {"cat": (0, sha256_of(files), "the files' bytes")}
            g = golden(name)
            if g is None:
                failed.append("capture %s: no golden report (testdata/"
                              "golden/capture-%s) to hold its runs to" %
                              (name, name))
                args = ["--snapshot", os.path.relpath(snap, ROOT)]
            else:
                args, code, sha = g
                expect["audit"] = (code, sha, "testdata/golden/capture-%s"
                                   % name)
            r, bad = timeit([("audit", [audit] + args),
                             ("cat", ["cat"] + files),
                             ("grep", ["grep", "-c", ".", dm])], runs,
                            expect=expect, cwd=ROOT)
            failed += ["capture %s: %s" % (name, x) for x in bad]
            au, ca, gr = (median(r[k]["wall_s"]) for k in
                          ("audit", "cat", "grep"))
            ok = au <= 3 * ca
            if not ok:
                missed.append("capture %s: %s > 3 x cat %s" %
                              (name, ms(au), ms(ca)))
            rows.append("| %s | %d files, %d KB | %s (%s–%s) | %s | %s | %s "
                        "| ≤ 3 × cat = %s | %s |" % (
                            name, len(files),
                            sum(os.path.getsize(f) for f in files) // 1024,
                            ms(au), ms(min(r["audit"]["wall_s"])),
                            ms(max(r["audit"]["wall_s"])),
                            mb(max(r["audit"]["maxrss_kb"])), ms(ca), ms(gr),
                            ms(3 * ca), "yes" if ok else "**no**"))
        md += ["### Real snapshots (%d runs each)" % runs, "",
               "| capture | input read | audit median (min–max) | audit "
               "peak RSS | `cat` median | `grep -c .` median | target | "
               "met |",
               "|---|---|---|---|---|---|---|---|"] + rows + [""]

    # ---- large and stress -----------------------------------------------
    rows = []
    for case, preset, tmax, rmax in (("large", "large", 0.100, 64 << 10),
                                     ("stress", "stress", 1.0, 256 << 10)):
        if case not in only:
            continue
        snap = os.path.join(a.work, case)
        log("%s: generating" % case)
        generate(snap, ["--preset", preset], a.keep)
        ok, msg, vr = check(audit, snap)
        log("  check: " + msg.splitlines()[-1] if msg else "  check: ?")
        if not ok:
            failed.append("%s: %s" % (case, msg))
        files = files_read(audit, snap)
        dm = os.path.join(snap, "dmesg.txt")
        log("%s: %d runs" % (case, a.syn_runs))
        targv, et = verified(vr, "text", [audit, "--snapshot", snap])
        jargv, ej = verified(vr, "json",
                             [audit, "--json", "--snapshot", snap])
        expect = {"cat": (0, sha256_of(files), "the files' bytes")}
        for k, e in (("text", et), ("json", ej)):
            if e:
                expect[k] = e
        r, bad = timeit([("text", targv), ("json", jargv),
                         ("cat", ["cat"] + files),
                         ("grep", ["grep", "-c", ".", dm])], a.syn_runs,
                        expect=expect)
        failed += ["%s: %s" % (case, x) for x in bad]
        c = counts(snap)
        desc = ("%d CPUs, %d EFI descriptors, %d iomem lines, %d "
                "memblock.reserved, %d ACPI tables, %d MEMRESERVE entries, "
                "%.1f MB log" % (c["cpus"], c["efi_descs"], c["iomem_lines"],
                                 c["memblock_reserved"], c["acpi_tables"],
                                 c["memreserve_entries"],
                                 c["dmesg_bytes"] / 1048576.0))
        ca, gr = median(r["cat"]["wall_s"]), median(r["grep"]["wall_s"])
        for mode in ("text", "json"):
            w = r[mode]["wall_s"]
            rss = max(r[mode]["maxrss_kb"])
            ok = median(w) < tmax and rss < rmax
            if not ok:
                missed.append("%s (%s): %s, %s; target < %s, < %s" % (
                    case, mode, ms(median(w)), mb(rss), ms(tmax), mb(rmax)))
            rows.append("| %s (%s report) | %s | %s (%s–%s) | %s | %s | %s | "
                        "< %s, < %s | %s |" % (
                            case, mode, desc, ms(median(w)), ms(min(w)),
                            ms(max(w)), mb(rss), ms(ca), ms(gr), ms(tmax),
                            mb(rmax), "yes" if ok else "**no**"))
    if rows:
        md += ["### Synthetic machines (%d runs each; planted escapes "
               "checked)" % a.syn_runs, "",
               "| case | inputs | audit median (min–max) | audit peak RSS | "
               "`cat` median | `grep -c .` median | target | met |",
               "|---|---|---|---|---|---|---|---|"] + rows + [""]

    # ---- growth ------------------------------------------------------------
    if "growth" in only:
        rows = []
        for label, opt, val in GROWTH_KINDS:
            t = []
            for n in GROWTH_N:
                slug = "growth-%s-%d" % (opt.strip("-"), n)
                snap = os.path.join(a.work, slug)
                log("%s: generating" % slug)
                generate(snap, GROWTH_BASE + [opt, str(val(n))], a.keep)
                ok, msg, vr = check(audit, snap)
                log("  check: " + (msg.splitlines()[-1] if msg else "?"))
                if not ok:
                    failed.append("%s: %s" % (slug, msg))
                targv, et = verified(vr, "text",
                                     [audit, "--snapshot", snap])
                r, bad = timeit([("audit", targv)], a.growth_runs,
                                rss_runs=1,
                                expect={"audit": et} if et else None)
                failed += ["%s: %s" % (slug, x) for x in bad]
                t.append((median(r["audit"]["wall_s"]),
                          max(r["audit"]["maxrss_kb"])))
            ratios = [t[i + 1][0] / t[i][0] for i in range(len(t) - 1)]
            ok = all(x <= 12 for x in ratios)
            if not ok:
                missed.append("growth %s: ratios %s" % (
                    label, ", ".join("%.1f" % x for x in ratios)))
            rows.append("| %s | %s | %.1f | %.1f | %s |" % (
                label, " | ".join("%s, %s" % (ms(x), mb(k)) for x, k in t),
                ratios[0], ratios[1], "yes" if ok else "**no**"))
        md += ["### Growth (median of %d runs; the other inputs small)" %
               a.growth_runs, "",
               "| input kind | n = 10k | n = 100k | n = 1M | "
               "t(100k) / t(10k) | t(1M) / t(100k) | met (≤ 12) |",
               "|---|---|---|---|---|---|---|"] + rows + [""]

    # ---- tarball bombs (memory, not time) ---------------------------------
    if "bombs" in only:
        log("bombs: building and auditing")
        p = subprocess.run([PY, os.path.join(HERE, "bombs.py"), "--audit",
                            audit, "--work", os.path.join(a.work, "bombs")],
                           stdout=subprocess.PIPE, text=True)
        md += p.stdout.splitlines()
        if p.returncode:
            failed.append("bombs: see the table")

    # ---- many snapshots in one run ------------------------------------------
    if "corpus" in only:
        n = 200
        log("corpus: %d snapshots, copies of the real captures" % n)
        cdir, caps, files = make_corpus(audit, os.path.join(a.work,
                                                            "corpus"), n)
        bad = check_corpus(audit, cdir, caps)
        failed += ["corpus: %s" % x for x in bad]
        argv = [audit, "--corpus", cdir, "-J"]
        v = subprocess.run(argv, capture_output=True)
        expect = {"cat": (0, sha256_of([os.path.join(cdir, f)
                                        for f in files]), "the files' bytes"),
                  "audit": (v.returncode, hashlib.sha256(v.stdout).hexdigest(),
                            "the run checked against the golden reports")}
        log("corpus: %d runs" % a.corpus_runs)
        r, bad = timeit([("audit", argv), ("cat", ["cat"] + files)],
                        a.corpus_runs, rss_runs=1, expect=expect, cwd=cdir)
        failed += ["corpus: %s" % x for x in bad]
        au, ca = median(r["audit"]["wall_s"]), median(r["cat"]["wall_s"])
        ok = au < 3 * ca
        if not ok:
            missed.append("corpus: %s >= 3 x cat %s" % (ms(au), ms(ca)))
        size = sum(os.path.getsize(os.path.join(cdir, f)) for f in files)
        md += ["### Many snapshots in one run (%d runs)" % a.corpus_runs, "",
               "| case | input read | audit median (min–max) | audit peak "
               "RSS | `cat` median | target | met |",
               "|---|---|---|---|---|---|---|",
               "| `--corpus` of %d copies of the %d captures (`-J`) | %d "
               "files, %.1f MB | %s (%s–%s) | %s | %s | < 3 × cat = %s | %s |"
               % (n, len(set(caps.values())), len(files), size / 1048576.0,
                  ms(au), ms(min(r["audit"]["wall_s"])),
                  ms(max(r["audit"]["wall_s"])),
                  mb(max(r["audit"]["maxrss_kb"])), ms(ca), ms(3 * ca),
                  "yes" if ok else "**no**"), ""]

    md += ["Machine: %s; load average %s before, %s after (%.0f s)." % (
        machine(), load0, loadavg(), time.time() - t0), "",
        "Repeat: `bench/run.sh` (bash; builds a Release binary, generates the "
        "synthetic snapshots with bench/gen.py, checks each with "
        "bench/check.py, times every case with bench/timeit.py).", ""]
    if failed:
        md += ["**Checks failed or runs differed from their verified run:**",
               ""] + ["- " + x for x in failed] + [""]
    if missed:
        md += ["**Targets missed:**", ""] + ["- " + x for x in missed] + [""]
    text = "\n".join(md)
    print(text)
    if a.md:
        with open(a.md, "w") as f:
            f.write(text + "\n")
    return 1 if failed or missed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
