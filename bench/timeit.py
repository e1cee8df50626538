#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Runs commands repeatedly and reports wall time and peak memory per run.

    timeit.py [--runs N] [--rss-runs N] [--warmup N] [--json]
              -- NAME CMD... [--- NAME CMD...]

Each run is its own child (posix_spawn, stdout and stdin /dev/null), and the
wall time is measured around spawn and wait. The commands of one call are
interleaved run by run, so that a busy moment of the machine falls on all of
them alike.

Peak memory is measured in separate runs under /usr/bin/time -f %M (package
`time`): a child spawned from here inherits this Python's own high-water
mark at exec (the kernel keeps the largest RSS a process had across
execve()), so wait4()'s ru_maxrss could not go below about 10 MB, while
time(1) forks the command from its own small image and reports the child's
ru_maxrss. Without /usr/bin/time, wait4()'s figure is used and marked.

Prints one line per command, or with --json a list of {name, runs, wall_s[],
cpu_s[], exit[], maxrss_kb[], rss_via}.
"""

import json
import os
import sys
import tempfile
import time


def spawn(argv):
    devnull = os.open(os.devnull, os.O_RDWR)
    try:
        fa = [(os.POSIX_SPAWN_DUP2, devnull, 0),
              (os.POSIX_SPAWN_DUP2, devnull, 1)]
        t0 = time.perf_counter()
        pid = os.posix_spawnp(argv[0], argv, os.environ, file_actions=fa)
        _, status, ru = os.wait4(pid, 0)
        t1 = time.perf_counter()
    finally:
        os.close(devnull)
    code = os.waitstatus_to_exitcode(status)
    return t1 - t0, ru.ru_maxrss, ru.ru_utime + ru.ru_stime, code


TIME = "/usr/bin/time"


def rss_run(argv):
    """Peak RSS (KB) of one run of argv, measured by time(1)."""
    fd, path = tempfile.mkstemp(prefix="ea-rss-")
    os.close(fd)
    try:
        spawn([TIME, "-f", "%M", "-o", path, "--"] + argv)
        with open(path) as f:
            lines = [x for x in f.read().split() if x.isdigit()]
        return int(lines[-1]) if lines else 0
    finally:
        os.unlink(path)


def median(v):
    s = sorted(v)
    n = len(s)
    return s[n // 2] if n % 2 else (s[n // 2 - 1] + s[n // 2]) / 2


def main(argv):
    runs, rss_runs, warm, as_json = 10, 3, 1, False
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
        else:
            print(__doc__, file=sys.stderr)
            return 2
    if not argv:
        print(__doc__, file=sys.stderr)
        return 2
    argv.pop(0)
    cmds, cur = [], []
    for a in argv + ["---"]:
        if a == "---":
            if cur:
                cmds.append((cur[0], cur[1:]))
            cur = []
        else:
            cur.append(a)
    via_time = os.access(TIME, os.X_OK)
    res = {name: dict(name=name, runs=runs, wall_s=[], maxrss_kb=[],
                      cpu_s=[], exit=[],
                      rss_via="time -f %M" if via_time else "wait4")
           for name, _ in cmds}
    for _ in range(warm):  # page cache, dynamic loader
        for _, c in cmds:
            spawn(c)
    for _ in range(runs):
        for name, c in cmds:
            w, rss, cpu, code = spawn(c)
            r = res[name]
            r["wall_s"].append(w)
            if not via_time:
                r["maxrss_kb"].append(rss)
            r["cpu_s"].append(cpu)
            r["exit"].append(code)
    for _ in range(rss_runs if via_time else 0):
        for name, c in cmds:
            res[name]["maxrss_kb"].append(rss_run(c))
    out = [res[name] for name, _ in cmds]
    if as_json:
        json.dump(out, sys.stdout)
        print()
    else:
        for r in out:
            w = r["wall_s"]
            print("%-24s median %8.2f ms  min %8.2f  max %8.2f  "
                  "rss %7d KB  cpu %8.2f ms  exit %s"
                  % (r["name"], median(w) * 1e3, min(w) * 1e3, max(w) * 1e3,
                     max(r["maxrss_kb"]), median(r["cpu_s"]) * 1e3,
                     sorted(set(r["exit"]))))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
