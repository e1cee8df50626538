#!/usr/bin/env python3
"""Live mode is read-only: under an LD_PRELOAD shim that records every open
and every write to a descriptor other than stdout/stderr, the audit of the
running system opens only read-only and writes nothing but its output."""
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(__file__))
from common import check, done  # noqa: E402

binary, shim = sys.argv[1], sys.argv[2]
with tempfile.TemporaryDirectory() as t:
    log = os.path.join(t, "log")
    env = dict(os.environ, LD_PRELOAD=shim, EA_SHIM_LOG=log)
    # the sanitizer runtime must come first; in that build preload it too
    if "asan" in subprocess.run(["ldd", binary], capture_output=True,
                                text=True).stdout:
        env["ASAN_OPTIONS"] = "verify_asan_link_order=0"
    for args in ([], ["--json"]):
        p = subprocess.run([binary] + args, env=env, capture_output=True,
                           timeout=60)
        check(p.returncode in (0, 1, 2), "live run %s exits 0-2 (%d): %s" %
              (args, p.returncode, p.stderr[-300:]))
        check(len(p.stdout) > 100, "live run %s printed a report" % args)
    lines = open(log).read().splitlines() if os.path.exists(log) else []
    opens = [l for l in lines if l.startswith(("open ", "fopen "))]
    check(len(opens) >= 6, "the shim saw the live inputs being opened (%d)"
          % len(opens))
    for l in opens:
        if l.startswith("open "):
            flags = int(l.split()[1], 16)
            check(flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT |
                           os.O_TRUNC | os.O_APPEND) == 0,
                  "read-only open: %s" % l)
        else:
            check(l.split()[1] in ("r", "rb", "re", "rbe"),
                  "read-only fopen: %s" % l)
    writes = [l for l in lines if l.startswith("write ")]
    check(not writes, "no write but to stdout/stderr: %s" % writes[:5])
    for want in ("/proc/iomem", "/proc/version"):
        check(any(l.endswith(" " + want) for l in opens),
              "live mode read %s" % want)
done()
