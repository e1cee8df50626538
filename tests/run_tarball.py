#!/usr/bin/env python3
"""Snapshot tarballs (--snapshot FILE.tar.gz) are audited by the same code as
snapshot directories, in memory.

Every real capture in testdata/captures is packed here, at test time, four
ways (tar(1) and Python's tarfile, each with and without a top-level
directory), plus a capture with inputs removed and snapshots that hold only
sys/ or only mem/. The JSON report of each
tarball must be byte for byte the report of the directory, text and JSON:
a snapshot's paths are relative to its root (the directory given, or the
archive's top-level directory), so where the snapshot lives is in neither
report. Each input read from a tarball is named by a path that, below the
archive's top-level directory, is a member of it. The exit status must be
the same too, and nothing may be written to disk (the tool runs in an empty
directory with an empty TMPDIR, which must stay empty).

Hostile tarballs, also built here (a ".." member, an absolute path, a
symbolic link, a hard link, a device node, a FIFO, a gzip stream cut short, a
file that is not a tarball, gzip-compressed text, an empty file), each next
to a whole real capture, must exit 3 with a verdict that is not clean, a
message on stderr naming the tarball and the reason, and every input
unreadable with a detail naming the tarball; an input named on the command
line is still read.
"""
import atexit
import gzip
import io
import json
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile

sys.path.insert(0, os.path.dirname(__file__))
from common import audit_json, check, done, run, schema  # noqa: E402

binary, root = sys.argv[1], sys.argv[2]
binary = os.path.abspath(binary)
v = schema(root)
CAPS = os.path.join(root, "testdata", "captures")
tmp = tempfile.mkdtemp(prefix="ea-tarball-")
atexit.register(shutil.rmtree, tmp, True)


def strings(doc):
    if isinstance(doc, dict):
        for x in doc.values():
            yield from strings(x)
    elif isinstance(doc, list):
        for x in doc:
            yield from strings(x)
    elif isinstance(doc, str):
        yield doc


def first_diff(a, b, where="$"):
    """Where two JSON documents first differ, for the failure message."""
    if type(a) is not type(b):
        return "%s: %r != %r" % (where, a, b)
    if isinstance(a, dict):
        for k in sorted(set(a) | set(b)):
            if k not in a or k not in b:
                return "%s.%s: only in one" % (where, k)
            d = first_diff(a[k], b[k], "%s.%s" % (where, k))
            if d:
                return d
        return None
    if isinstance(a, list):
        if len(a) != len(b):
            return "%s: %d != %d items" % (where, len(a), len(b))
        for i, (x, y) in enumerate(zip(a, b)):
            d = first_diff(x, y, "%s[%d]" % (where, i))
            if d:
                return d
        return None
    return None if a == b else "%s: %r != %r" % (where, a, b)


# --- packing ---------------------------------------------------------------

def pack_tar(src, out, top):
    """tar(1): "X/..." members with a top directory, "./..." without."""
    if top:
        cmd = ["tar", "czf", out, "-C", os.path.dirname(src),
               os.path.basename(src)]
    else:
        cmd = ["tar", "czf", out, "-C", src, "."]
    subprocess.run(cmd, check=True)


def pack_py(src, out, top):
    """tarfile: "X/..." with a top directory, bare "proc/iomem" without."""
    with tarfile.open(out, "w:gz") as t:
        if top:
            t.add(src, arcname=os.path.basename(src))
        else:
            for n in sorted(os.listdir(src)):
                t.add(os.path.join(src, n), arcname=n)


def members(path):
    """The archive's names without "./" and trailing "/"."""
    with tarfile.open(path) as t:
        out = set()
        for n in t.getnames():
            while n.startswith("./"):
                n = n[2:]
            out.add(n.rstrip("/"))
        return out


def run_isolated(args):
    """The tool in an empty working directory with an empty TMPDIR; checks
    that both stay empty (nothing extracted)."""
    cwd = tempfile.mkdtemp(dir=tmp)
    tdir = tempfile.mkdtemp(dir=tmp)
    env = dict(os.environ, TMPDIR=tdir)
    p = subprocess.run([binary] + args, cwd=cwd, env=env,
                       capture_output=True, timeout=120)
    check(os.listdir(cwd) == [] and os.listdir(tdir) == [],
          "%s: nothing written to the working directory or TMPDIR" % args)
    shutil.rmtree(cwd)
    shutil.rmtree(tdir)
    return p.returncode, p.stdout.decode("utf-8", "replace"), \
        p.stderr.decode("utf-8", "replace")


# --- the same report from a directory and from its tarballs ---------------

def same_report(name, dir_arg, tgz, top):
    """dir_arg: the directory as given (relative to root); tgz: a tarball of
    it; top: the top-level directory in the archive, or None."""
    rc_d, doc_d = audit_json(binary, ["--snapshot", dir_arg], root, v)
    _, js_d, _ = run(binary, ["--snapshot", dir_arg, "--json"], root)
    _, txt_d, _ = run(binary, ["--snapshot", dir_arg], root)
    rc_t, doc_t = audit_json(binary, ["--snapshot", tgz], root, v)
    _, js_t, _ = run(binary, ["--snapshot", tgz, "--json"], root)
    _, txt_t, err_t = run(binary, ["--snapshot", tgz], root)
    if doc_d is None or doc_t is None:
        return None
    check(rc_t == rc_d, "%s: exit %d from the tarball, %d from the directory"
          % (name, rc_t, rc_d))
    check("Traceback" not in err_t and "ERROR" not in err_t,
          "%s: nothing odd on stderr: %s" % (name, err_t[:200]))

    # where the snapshot lives is in neither report: they are the same
    dir_root = dir_arg.rstrip("/")
    for label, doc in (("directory", doc_d), ("tarball", doc_t)):
        bad = [s for s in strings(doc) if dir_root in s or tgz in s]
        check(not bad, "%s: the %s's report names where the snapshot "
              "lives: %r" % (name, label, bad[:2]))
    d = first_diff(doc_d, doc_t)
    check(d is None and js_d == js_t,
          "%s: the JSON reports differ: %s" % (name, d))
    check(txt_d == txt_t, "%s: the text reports differ" % name)

    # every input read from the archive names an archive member
    names = members(tgz)
    for i_t in doc_t["inputs"]:
        p_t = i_t.get("path")
        if i_t["status"] != "ok" or p_t is None or p_t.startswith("decoded"):
            continue
        m = "%s/%s" % (top, p_t) if top else p_t
        check(m in names, "%s: input %s: member %r is in the archive"
              % (name, i_t["name"], m))
    return doc_d


captures = sorted(d for d in os.listdir(CAPS)
                  if os.path.isdir(os.path.join(CAPS, d)))
check(len(captures) >= 6, "the real captures are there")
ways = (("tar-top", pack_tar, True), ("tar-flat", pack_tar, False),
        ("py-top", pack_py, True), ("py-flat", pack_py, False))
for cap in captures:
    src = os.path.join(CAPS, cap)
    rel = os.path.join("testdata", "captures", cap)
    for way, pack, top in ways:
        tgz = os.path.join(tmp, "%s-%s.tar.gz" % (cap, way))
        pack(src, tgz, top)
        same_report("%s (%s)" % (cap, way), rel, tgz, cap if top else None)
        os.unlink(tgz)

# The arm64 capture that has every kind of input, once more run where
# nothing may be written; and a copy with inputs taken away (not clean).
cap = "qemu-arm64-6.1-acpi-smp4-2g"
tgz = os.path.join(tmp, cap + ".tar.gz")
pack_tar(os.path.join(CAPS, cap), tgz, True)
rc_i, out_i, _ = run_isolated(["--snapshot", tgz, "--json"])
rc_r, doc_r = audit_json(binary, ["--snapshot", tgz], root, v)
check(rc_i == rc_r and json.loads(out_i) == doc_r,
      "the report does not depend on the working directory or TMPDIR")

cut = os.path.join(tmp, "cut-" + cap)
shutil.copytree(os.path.join(CAPS, cap), cut)
os.unlink(os.path.join(cut, "proc", "iomem"))
chunks = sorted(os.listdir(os.path.join(cut, "mem")))
os.unlink(os.path.join(cut, "mem", chunks[0]))
with open(os.path.join(cut, "mem", "not-a-chunk"), "w") as f:
    f.write("x")
with open(os.path.join(cut, "sys", "firmware", "acpi", "tables", "bad.name"),
          "w") as f:
    f.write("x")
cut_tgz = os.path.join(tmp, "cut.tar.gz")
pack_py(cut, cut_tgz, False)
doc = same_report("a capture with inputs removed", cut, cut_tgz, None)
check(doc is not None and doc["verdict"] != "clean",
      "a capture with inputs removed is not clean")

# Snapshots holding one top-level directory only, named like the
# snapshot's own (sys/, mem/): the archive's top directory is the
# snapshot's, not one around it, packed with or without "./".
for label, cap_, keep in (("only sys/", "qemu-amd64-6.1-ovmf-smp2-2g",
                           ["sys/firmware/memmap",
                            "sys/firmware/efi/runtime-map"]),
                          ("only mem/", "qemu-arm64-6.1-acpi-smp4-2g",
                           ["mem"])):
    part = os.path.join(tmp, "part-" + cap_)
    for k in keep:
        shutil.copytree(os.path.join(CAPS, cap_, k), os.path.join(part, k))
    for way, pack in (("tar", pack_tar), ("py", pack_py)):
        tgz = os.path.join(tmp, "part.tar.gz")
        pack(part, tgz, False)
        doc = same_report("a snapshot with %s (%s)" % (label, way), part, tgz,
                          None)
        check(doc is not None and doc["verdict"] != "clean",
              "a snapshot with %s is not clean" % label)
        os.unlink(tgz)

# --- hostile tarballs ------------------------------------------------------

def capture_members(t, cap):
    """Adds the whole real capture (a tarball that would otherwise be
    audited) under no top directory."""
    src = os.path.join(CAPS, cap)
    for n in sorted(os.listdir(src)):
        t.add(os.path.join(src, n), arcname=n)


def hostile_tar(path, bad, first=False):
    """A real capture plus the bad members (TarInfo, bytes or None)."""
    with tarfile.open(path, "w:gz") as t:
        if first:
            for ti, data in bad:
                t.addfile(ti, io.BytesIO(data) if data is not None else None)
        capture_members(t, cap)
        if not first:
            for ti, data in bad:
                t.addfile(ti, io.BytesIO(data) if data is not None else None)


def ti(name, type_=tarfile.REGTYPE, size=0, link=""):
    x = tarfile.TarInfo(name)
    x.type = type_
    x.size = size
    x.linkname = link
    x.mode = 0o644
    return x


with open(cut_tgz, "rb") as f:
    good_bytes = f.read()
with open(os.path.join(CAPS, cap, "dmesg.txt"), "rb") as f:
    dmesg_bytes = f.read()

hostile = []


def add_hostile(label, name, want):
    hostile.append((label, os.path.join(tmp, name), want))


p = os.path.join(tmp, "dotdot.tar.gz")
hostile_tar(p, [(ti("../outside", size=2), b"x\n")])
add_hostile("a '..' member", "dotdot.tar.gz", ["'../outside'", '".."'])
hostile_tar(os.path.join(tmp, "dotdot-inner.tar.gz"),
            [(ti("proc/../../etc/passwd", size=2), b"x\n")], first=True)
add_hostile("a '..' inside a member's name", "dotdot-inner.tar.gz", ['".."'])
hostile_tar(os.path.join(tmp, "absolute.tar.gz"),
            [(ti("/etc/cron.d/x", size=2), b"x\n")])
add_hostile("an absolute path", "absolute.tar.gz",
            ["'/etc/cron.d/x'", "absolute"])
hostile_tar(os.path.join(tmp, "symlink.tar.gz"),
            [(ti("acpidump.txt", tarfile.SYMTYPE, link="/etc/shadow"),
              None)])
add_hostile("a symbolic link", "symlink.tar.gz",
            ["'acpidump.txt'", "symbolic link"])
hostile_tar(os.path.join(tmp, "hardlink.tar.gz"),
            [(ti("acpidump.txt", tarfile.LNKTYPE, link="dmesg.txt"), None)])
add_hostile("a hard link", "hardlink.tar.gz", ["'acpidump.txt'", "hard link"])
dev = ti("mem/0000000000000000.bin", tarfile.CHRTYPE)
dev.devmajor, dev.devminor = 1, 1
hostile_tar(os.path.join(tmp, "device.tar.gz"), [(dev, None)])
add_hostile("a device node", "device.tar.gz",
            ["'mem/0000000000000000.bin'", "character device"])
hostile_tar(os.path.join(tmp, "fifo.tar.gz"),
            [(ti("proc/cmdline2", tarfile.FIFOTYPE), None)], first=True)
add_hostile("a FIFO", "fifo.tar.gz", ["'proc/cmdline2'", "FIFO"])
for frac in (2, 10):
    n = "truncated-%d.tar.gz" % frac
    with open(os.path.join(tmp, n), "wb") as f:
        f.write(good_bytes[:len(good_bytes) * (frac - 1) // frac])
    add_hostile("a gzip stream cut at %d/%d" % (frac - 1, frac), n, [])
with open(os.path.join(tmp, "text.tar.gz"), "wb") as f:
    f.write(dmesg_bytes)
add_hostile("a text file, not a tarball", "text.tar.gz", [])
with open(os.path.join(tmp, "gzip-text.tar.gz"), "wb") as f:
    f.write(gzip.compress(dmesg_bytes))
add_hostile("gzip-compressed text, not a tarball", "gzip-text.tar.gz", [])
with open(os.path.join(tmp, "random.tar.gz"), "wb") as f:
    f.write(bytes((i * 131 + 7) & 0xff for i in range(100000)))
add_hostile("random bytes", "random.tar.gz", [])
open(os.path.join(tmp, "empty.tar.gz"), "wb").close()
add_hostile("an empty file", "empty.tar.gz", [])

for label, path, want in hostile:
    rc, doc = audit_json(binary, ["--snapshot", path], root, v)
    rc_t, _, err = run(binary, ["--snapshot", path], root)
    check(rc == 3 and rc_t == 3, "%s: exit 3 (got %d, %d)" % (label, rc, rc_t))
    check(doc is not None and doc["verdict"] != "clean",
          "%s: the verdict is not clean" % label)
    check(path in err, "%s: stderr names the tarball: %r" % (label, err))
    for w in want:
        check(w in err, "%s: stderr says %s: %r" % (label, w, err))
    if doc is None:
        continue
    for i in doc["inputs"]:
        # every input is unreadable and says why, naming the tarball; a
        # decoded listing may instead be absent, nothing having been read
        # to decode it
        unreadable = (i["status"] == "unreadable"
                      and path in (i.get("detail") or ""))
        undecoded = (i["name"].endswith("_decoded")
                     and i["status"] == "absent" and i.get("path") is None)
        check(unreadable or undecoded,
              "%s: input %s is unreadable naming the tarball: %s %r"
              % (label, i["name"], i["status"], i.get("detail")))
        check(i.get("path") is None or not i["path"].startswith(path),
              "%s: input %s was not read from it" % (label, i["name"]))
    check(not doc["protected"],
          "%s: no protected range comes from a refused tarball" % label)

# an input named on the command line is still read next to a refused
# tarball, and the exit status still says an input could not be read
rc, doc = audit_json(binary, ["--snapshot", hostile[0][1], "--dmesg",
                              os.path.join(CAPS, cap, "dmesg.txt")], root, v)
check(rc == 3, "a refused tarball with --dmesg still exits 3 (got %d)" % rc)
if doc:
    dm = [i for i in doc["inputs"] if i["name"] == "dmesg"]
    check(dm and dm[0]["status"] == "ok", "--dmesg is read all the same")
    check(doc["verdict"] != "clean", "... and the verdict is not clean")

done()
