#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Snapshot tarballs built to cost memory (man page, LIMITS): one just over
each limit of the tarball reader, refused with a message that names the
member and the limit, and one just under them all, accepted. Each is audited
once under /usr/bin/time -f %M; the peak RSS must stay under the documented
bound. Not timed.

    bombs.py --audit BIN [--work DIR] [--ci] [--md FILE]

  members     100,001 empty members (the limit is 100,000)
  name        one member whose name is 4,097 bytes (limit 4,096)
  names       4,100 members with 4,096-byte names: 16 MiB + of names
  member      one member that declares 64 MiB + 1 byte (limit 64 MiB)
  total       16 members of 64 MiB of zeros: 1 GiB of data, and their names
              on top (names count against the 1 GiB limit)
  within      15 members of 64 MiB of zeros: accepted
Refused: peak RSS under 32 MiB (the first pass keeps nothing). Accepted: under
the 1 GiB limit + 64 MiB. --ci leaves out total and within (each inflates
about 1 GiB). A sanitizer build's RSS (shadow memory, the quarantine of freed
blocks) says nothing of the tool's: there only the refusals are checked.
"""

import argparse
import os
import subprocess
import sys
import tempfile
import zlib

MIB = 1 << 20
REFUSED_BOUND_KB = 32 * 1024
ACCEPTED_BOUND_KB = (1024 + 64) * 1024


def ustar(name, size=0, typ=b"0"):
    """A ustar header (names up to 100 bytes)."""
    h = bytearray(512)
    h[0:len(name)] = name
    h[100:108] = b"0000644\0"
    h[108:116] = b"0000000\0"
    h[116:124] = b"0000000\0"
    h[124:136] = b"%011o\0" % size
    h[136:148] = b"00000000000\0"
    h[148:156] = b"        "
    h[156:157] = typ
    h[257:265] = b"ustar\x0000"
    h[148:156] = b"%06o\0 " % sum(h)
    return bytes(h)


def pax(name, size=0):
    """A pax extended header carrying a long path, then its ustar header."""
    rec = b" path=" + name + b"\n"
    n = len(rec) + 1
    while len(b"%d" % n) + len(rec) != n:
        n = len(b"%d" % n) + len(rec)
    body = b"%d" % n + rec
    pad = bytes(-len(body) % 512)
    return (ustar(b"PaxHeaders/x", len(body), b"x") + body + pad +
            ustar(b"long", size))


class Gz:
    """A gzip stream written as it is made (level 1: zeros compress fast)."""

    def __init__(self, path):
        self.f = open(path, "wb")
        self.z = zlib.compressobj(1, zlib.DEFLATED, 16 + zlib.MAX_WBITS)

    def write(self, b):
        self.f.write(self.z.compress(b))

    def zeros(self, n):
        chunk = bytes(MIB)
        while n:
            k = min(n, MIB)
            self.write(chunk[:k])
            n -= k

    def close(self):
        self.write(bytes(1024))
        self.f.write(self.z.flush())
        self.f.close()


def build(work, ci):
    out = {}

    def new(name):
        p = os.path.join(work, name + ".tar.gz")
        out[name] = p
        return Gz(p)

    g = new("members")
    for i in range(100001):
        g.write(ustar(b"snap/m/%d" % i))
    g.close()
    g = new("name")
    g.write(pax(b"snap/" + b"n" * (4097 - 5)))
    g.close()
    g = new("names")
    for i in range(4100):
        g.write(pax(b"snap/%05d/" % i + b"n" * (4096 - 11)))
    g.close()
    g = new("member")
    g.write(ustar(b"snap/mem/0000000000001000.bin", 64 * MIB + 1))
    g.close()
    if ci:
        return out
    for name, n in (("total", 16), ("within", 15)):
        g = new(name)
        for i in range(n):
            g.write(ustar(b"snap/mem/%016x.bin" % ((i + 1) << 32),
                          64 * MIB))
            g.zeros(64 * MIB)
        g.close()
    return out


# (case, refused, what stderr must say)
CASES = [
    ("members", True, "refused: more than 100000 members"),
    ("name", True, "name longer than 4096 bytes"),
    ("names", True, "names add up to more than the limit of 16777216"),
    ("member", True, "67108865 bytes, more than the limit of 67108864"),
    ("total", True, "add up to more than the limit of 1073741824"),
    ("within", False, ""),
]


def audit_once(audit, tgz):
    """exit status, stderr, peak RSS in KB"""
    with tempfile.NamedTemporaryFile("r") as t:
        p = subprocess.run(["/usr/bin/time", "-o", t.name, "-f", "%M",
                            audit, "--json", "--snapshot", tgz],
                           stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        rss = int(t.read().split()[-1])
    return p.returncode, p.stderr.decode("utf-8", "replace"), rss


def main(argv):
    ap = argparse.ArgumentParser()
    ap.add_argument("--audit", required=True)
    ap.add_argument("--work")
    ap.add_argument("--ci", action="store_true")
    ap.add_argument("--md")
    a = ap.parse_args(argv)
    work = a.work or tempfile.mkdtemp(prefix="efiresv-bombs-")
    os.makedirs(work, exist_ok=True)
    print("bombs: building in %s" % work, file=sys.stderr, flush=True)
    files = build(work, a.ci)
    sanitized = "libasan" in subprocess.run(
        ["ldd", a.audit], capture_output=True, text=True).stdout
    rows, bad = [], []
    for case, refused, want in CASES:
        if case not in files:
            continue
        rc, err, rss = audit_once(a.audit, files[case])
        bound = REFUSED_BOUND_KB if refused else ACCEPTED_BOUND_KB
        if refused:
            ok = rc == 3 and want in err and files[case] in err
        else:
            ok = rc in (0, 1, 2) and "refused" not in err
        ok_rss = rss < bound or sanitized
        if not ok:
            bad.append("%s: exit %d, stderr %r" % (case, rc, err[-300:]))
        if not ok_rss:
            bad.append("%s: peak RSS %d KB, bound %d KB" % (case, rss, bound))
        rows.append("| %s | %.1f MB | %s | %s (exit %d) | %.1f MB | < %d MB "
                    "| %s |" % (case, os.path.getsize(files[case]) / 1e6,
                                "refused" if refused else "accepted",
                                "yes" if ok else "**no**", rc, rss / 1024.0,
                                bound // 1024,
                                "yes" if ok and ok_rss else "**no**"))
    md = ["### Tarball bombs (one run each, not timed%s)" % (
        "; sanitizer build: RSS not held to the bound" if sanitized else ""),
        "",
          "| archive | .tar.gz | expected | outcome | peak RSS | bound | "
          "met |", "|---|---|---|---|---|---|---|"] + rows + [""]
    if bad:
        md += ["**Bombs failed:**", ""] + ["- " + x for x in bad] + [""]
    text = "\n".join(md)
    print(text)
    if a.md:
        with open(a.md, "a") as f:
            f.write(text + "\n")
    if not a.work:
        for p in files.values():
            os.unlink(p)
        os.rmdir(work)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
