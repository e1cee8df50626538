#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Runs commands repeatedly and reports wall time and peak memory per run.

    timeit.py [--runs N] [--rss-runs N] [--warmup N] [--json]
              [--expect NAME=EXIT:SHA256[:SOURCE]]...
              [--verified [PREFIX=]FILE]...
              -- [NAME CMD... [--- NAME CMD...]]

Each run is its own child (posix_spawn, stdin /dev/null), and the wall time
is measured around spawn and wait. The commands of one call are interleaved
run by run, so that a busy moment of the machine falls on all of them alike.

Every run -- warm-up, timed and peak-memory ones -- is held to its
command's verified run: its exit status and the sha256 of its stdout must
be those given with --expect, or those of the runs in a --verified FILE
(written by bench/check.py --digests, which also adds those commands, by
argv and by name, after PREFIX and a space when given), or else those of
the command's first run. Stdout goes to a
scratch file that is rewritten in place, not truncated, so that no run pays
for fresh pages; the digest is taken after the run, outside the timed span.
Any difference is listed (and in the JSON under "mismatches") and the exit
status is 1.

Peak memory is measured in separate runs under /usr/bin/time -f %M (package
`time`): a child spawned from here inherits this Python's own high-water
mark at exec (the kernel keeps the largest RSS a process had across
execve()), so wait4()'s ru_maxrss could not go below about 10 MB, while
time(1) forks the command from its own small image and reports the child's
ru_maxrss. Without /usr/bin/time, wait4()'s figure is used and marked.

Prints one line per command, or with --json a list of {name, runs, wall_s[],
cpu_s[], exit[], maxrss_kb[], rss_via, sha256, out_bytes, expected,
mismatches[]}.
"""

import hashlib
import json
import os
import sys
import tempfile
import time


def spawn(argv, out):
    """One run of argv with stdout to the scratch file out: (wall s,
    ru_maxrss KB, cpu s, exit status, bytes written)."""
    devnull = os.open(os.devnull, os.O_RDONLY)
    os.lseek(out, 0, os.SEEK_SET)
    try:
        fa = [(os.POSIX_SPAWN_DUP2, devnull, 0),
              (os.POSIX_SPAWN_DUP2, out, 1)]
        t0 = time.perf_counter()
        pid = os.posix_spawnp(argv[0], argv, os.environ, file_actions=fa)
        _, status, ru = os.wait4(pid, 0)
        t1 = time.perf_counter()
    finally:
        os.close(devnull)
    code = os.waitstatus_to_exitcode(status)
    # the child wrote through the same open file: its offset is the length
    n = os.lseek(out, 0, os.SEEK_CUR)
    return t1 - t0, ru.ru_maxrss, ru.ru_utime + ru.ru_stime, code, n


def digest(out, n):
    """sha256 of the first n bytes of the scratch file."""
    h, pos = hashlib.sha256(), 0
    while pos < n:
        b = os.pread(out, min(1 << 20, n - pos), pos)
        if not b:
            break
        h.update(b)
        pos += len(b)
    return h.hexdigest()


TIME = "/usr/bin/time"


def rss_run(argv, out):
    """Peak RSS (KB) of one run of argv, measured by time(1), with its exit
    status (time(1) exits with the command's) and bytes written."""
    fd, path = tempfile.mkstemp(prefix="ea-rss-")
    os.close(fd)
    try:
        _, _, _, code, n = spawn([TIME, "-f", "%M", "-o", path, "--"] + argv,
                                 out)
        with open(path) as f:
            lines = [x for x in f.read().split() if x.isdigit()]
        return (int(lines[-1]) if lines else 0), code, n
    finally:
        os.unlink(path)


def median(v):
    s = sorted(v)
    n = len(s)
    return s[n // 2] if n % 2 else (s[n // 2 - 1] + s[n // 2]) / 2


def main(argv):
    runs, rss_runs, warm, as_json = 10, 3, 1, False
    expect, given, cmds = {}, {}, []
    while argv and argv[0] != "--":
        a = argv.pop(0)
        if a == "--runs":
            runs = int(argv.pop(0))
        elif a == "--rss-runs":
            rss_runs = int(argv.pop(0))
        elif a == "--warmup":
            warm = int(argv.pop(0))
        elif a == "--json":
            as_json = True
        elif a == "--expect":
            name, _, v = argv.pop(0).partition("=")
            code, _, v = v.partition(":")
            sha, _, source = v.partition(":")
            given[name] = (int(code), sha, source or "--expect")
        elif a == "--verified":
            path = argv.pop(0)
            pre, eq, rest = path.partition("=")
            pre, path = (pre + " ", rest) if eq and "/" not in pre else \
                ("", path)
            with open(path) as f:
                for r in json.load(f)["runs"]:
                    cmds.append((pre + r["name"], r["argv"]))
                    expect[pre + r["name"]] = (r["exit"], r["sha256"],
                                               "the verified run in " + path)
        else:
            print(__doc__, file=sys.stderr)
            return 2
    if not argv or (len(argv) == 1 and not cmds):
        print(__doc__, file=sys.stderr)
        return 2
    argv.pop(0)
    expect.update(given)
    cur = []
    for a in argv + ["---"]:
        if a == "---":
            if cur:
                cmds.append((cur[0], cur[1:]))
            cur = []
        else:
            cur.append(a)
    if len({name for name, _ in cmds}) != len(cmds):
        print("timeit.py: command names repeat", file=sys.stderr)
        return 2
    via_time = os.access(TIME, os.X_OK)
    res = {name: dict(name=name, runs=runs, wall_s=[], maxrss_kb=[],
                      cpu_s=[], exit=[],
                      rss_via="time -f %M" if via_time else "wait4",
                      sha256=None, out_bytes=None, expected=None,
                      mismatches=[])
           for name, _ in cmds}
    scratch = {}
    for name, _ in cmds:
        fd, path = tempfile.mkstemp(prefix="ea-out-")
        os.unlink(path)
        scratch[name] = fd

    def held(name, kind, i, code, n):
        """Holds one run to its command's verified run."""
        r, fd = res[name], scratch[name]
        sha = digest(fd, n)
        if name not in expect:  # the first run is the reference
            expect[name] = (code, sha, "its first run")
        want = expect[name]
        r["expected"] = dict(exit=want[0], sha256=want[1], source=want[2])
        if r["sha256"] is None:
            r["sha256"], r["out_bytes"] = sha, n
        if (code, sha) != want[:2]:
            r["mismatches"].append(
                "%s run %d: exit %d, stdout %d bytes sha256 %s; expected "
                "exit %d, sha256 %s (%s)" % (kind, i + 1, code, n, sha,
                                              want[0], want[1], want[2]))

    for i in range(warm):  # page cache, dynamic loader
        for name, c in cmds:
            _, _, _, code, n = spawn(c, scratch[name])
            held(name, "warm-up", i, code, n)
    for i in range(runs):
        for name, c in cmds:
            w, rss, cpu, code, n = spawn(c, scratch[name])
            r = res[name]
            r["wall_s"].append(w)
            if not via_time:
                r["maxrss_kb"].append(rss)
            r["cpu_s"].append(cpu)
            r["exit"].append(code)
            held(name, "timed", i, code, n)
    for i in range(rss_runs if via_time else 0):
        for name, c in cmds:
            rss, code, n = rss_run(c, scratch[name])
            res[name]["maxrss_kb"].append(rss)
            held(name, "peak-memory", i, code, n)
    for fd in scratch.values():
        os.close(fd)
    out = [res[name] for name, _ in cmds]
    bad = [(r["name"], m) for r in out for m in r["mismatches"]]
    if as_json:
        json.dump(out, sys.stdout)
        print()
    else:
        for r in out:
            w = r["wall_s"] or [0]
            print("%-24s median %8.2f ms  min %8.2f  max %8.2f  "
                  "rss %7d KB  cpu %8.2f ms  exit %s  stdout %s"
                  % (r["name"], median(w) * 1e3, min(w) * 1e3, max(w) * 1e3,
                     max(r["maxrss_kb"] or [0]),
                     median(r["cpu_s"] or [0]) * 1e3,
                     sorted(set(r["exit"])),
                     "held to " + r["expected"]["source"]
                     if r["expected"] else "not run"))
    for name, m in bad:
        print("timeit.py: %s: %s" % (name, m), file=sys.stderr)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
