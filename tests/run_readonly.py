#!/usr/bin/env python3
"""Live mode is read-only, proved two ways.

1. Under readonly_jail (a seccomp filter, tests/readonly_jail.c) the audit of
   the running system is killed by the kernel on any write-capable open,
   write to a descriptor other than 1 and 2, truncate, unlink, rename,
   mkdir, chmod, shared writable mapping, ...: it must finish with a report.
   The jail itself is checked first: a shell that writes a file, truncates,
   renames, makes a directory or maps a file shared-writable is killed.
2. Under an LD_PRELOAD shim that records every open through libc: the
   inputs the live audit must read were opened (the jail proves nothing was
   written; this proves the audit did look at the system)."""
import os
import signal
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(__file__))
from common import check, done  # noqa: E402

binary, shim, jail = sys.argv[1], sys.argv[2], sys.argv[3]
asan = "asan" in subprocess.run(["ldd", binary], capture_output=True,
                                text=True).stdout

with tempfile.TemporaryDirectory() as t:
    # the jail works: each of these is killed with SIGSYS, and the file
    # system is left as it was
    victim = os.path.join(t, "victim")
    with open(victim, "w") as f:
        f.write("x")
    py = sys.executable
    cases = {
        "write-open": "open(%r, 'a').write('y')" % victim,
        "create": "open(%r, 'w')" % os.path.join(t, "new"),
        "truncate": "os.truncate(%r, 0)" % victim,
        "unlink": "os.unlink(%r)" % victim,
        "rename": "os.rename(%r, %r)" % (victim, victim + "2"),
        "mkdir": "os.mkdir(%r)" % os.path.join(t, "d"),
        "chmod": "os.chmod(%r, 0o600)" % victim,
        "write-fd3": "fd = os.open(%r, os.O_RDONLY); os.dup2(fd, 3); "
                     "os.write(3, b'x')" % victim,
        "shared-map": "import mmap; f = open(%r, 'rb'); "
                      "mmap.mmap(f.fileno(), 1, mmap.MAP_SHARED, "
                      "mmap.PROT_READ | mmap.PROT_WRITE)" % victim,
    }
    for name, code in cases.items():
        p = subprocess.run([jail, py, "-B", "-c", "import os; " + code],
                           capture_output=True, timeout=60)
        check(p.returncode == -signal.SIGSYS,
              "the jail kills %s (exit %d: %s)" % (name, p.returncode,
                                                    p.stderr[-200:]))
    check(open(victim).read() == "x" and sorted(os.listdir(t)) == ["victim"],
          "the jail's victims left the directory as it was")
    p = subprocess.run([jail, py, "-B", "-c",
                        "print(open(%r).read())" % victim],
                       capture_output=True, text=True, timeout=60)
    check(p.returncode == 0 and p.stdout.strip() == "x",
          "the jail lets a reader read and print")

    # 1. the live audit in the jail
    env = dict(os.environ)
    for args in ([], ["--json"]):
        p = subprocess.run([jail, binary] + args, env=env,
                           capture_output=True, timeout=120)
        check(p.returncode in (0, 1, 2),
              "live run %s in the jail exits 0-2 (%d): %s" %
              (args, p.returncode, p.stderr[-300:]))
        check(len(p.stdout) > 100, "live run %s printed a report" % args)

    # 2. what it opened
    log = os.path.join(t, "log")
    env = dict(os.environ, LD_PRELOAD=shim, EA_SHIM_LOG=log)
    # the sanitizer runtime must come first; in that build preload it too
    if asan:
        env["ASAN_OPTIONS"] = "verify_asan_link_order=0"
    p = subprocess.run([binary], env=env, capture_output=True, timeout=60)
    check(p.returncode in (0, 1, 2), "live run under the shim exits 0-2")
    lines = open(log).read().splitlines() if os.path.exists(log) else []
    opens = [l for l in lines if l.startswith(("open ", "fopen "))]
    check(len(opens) >= 6, "the shim saw the live inputs being opened (%d)"
          % len(opens))
    for want in ("/proc/iomem", "/proc/version"):
        check(any(l.endswith(want) for l in opens),
              "live mode read %s" % want)
done()
