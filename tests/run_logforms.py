#!/usr/bin/env python3
"""Every form a kernel log is saved in, made at test time from real logs
(testdata/captures/*/dmesg.txt and corpus logs) with the tools that write it:
util-linux `dmesg -F` with each option, `journalctl --file` on a journal made
by systemd-journal-remote from the log's own lines, `fold -w 80`, and Python
only for what no tool writes (CR and CRLF line ends, a BOM, mail quoting, a
boot printed twice, a syslog kern.log). Each form must give the plain log's
verdict, exit status, findings and protected ranges (kind, name, address,
answers). Then: a log that really starts late says so in every form."""
import hashlib
import os
import re
import shutil
import struct
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(__file__))
from common import audit_json, check, done, schema  # noqa: E402

binary, root = sys.argv[1], sys.argv[2]
v = schema(root)
tmp = tempfile.mkdtemp(prefix="ea-logforms-")
env = dict(os.environ, TZ="UTC", LC_ALL="C")
# "[time] text", maybe with its level first ("<6>[time] text": dmesg -r)
STAMP = re.compile(rb"^(<\d+>)?\[\s*(\d+)\.(\d+)\] ?(.*)$")

# (name, the audit's other arguments, the plain log); every line of these
# logs carries a printk time stamp, so dmesg -F can take them
C, K = "testdata/captures/", "testdata/corpus/"


def stamped(path):
    """Whether the log's lines carry printk times: a kernel built without
    CONFIG_PRINTK_TIME (the vm suite's own, qemu-arm64-6.1-kfile-next-gicv3)
    prints none, so the other forms would have no time to carry; its
    golden covers it as it is."""
    with open(os.path.join(root, path), "rb") as f:
        return re.match(rb"(<\d+>)?\[ *\d+\.\d+\]", f.readline()) is not None


SOURCES = [(d, ["--snapshot", C + d], C + d + "/dmesg.txt")
           for d in sorted(os.listdir(os.path.join(root, C)))
           if os.path.isdir(os.path.join(root, C, d)) and
           stamped(C + d + "/dmesg.txt")]
SOURCES += [
    ("adlink-ava", ["--iomem", K + "adlink-ava-ampere-altra-arm64/iomem.txt"],
     K + "adlink-ava-ampere-altra-arm64/dmesg.txt"),
    ("ami-amg6x", ["--iomem", K + "ami-amg6x-amc-x86/iomem.txt"],
     K + "ami-amg6x-amc-x86/dmesg.txt"),
    ("qemu-virt-noefi", [], K + "qemu-virt-kvm-noefi-arm64/dmesg.txt"),
    ("hpe-apollo70", [], K + "hpe-apollo70-thunderx2-arm64/dmesg.txt"),
]


def tool(args, out, stdin=None):
    """Runs a tool that writes a form; its failure fails the test."""
    p = subprocess.run(args, capture_output=True, env=env, input=stdin)
    ok = p.returncode == 0 and p.stdout
    check(ok, "%s: exit %d: %s" % (" ".join(args), p.returncode,
                                   p.stderr.decode()[-200:]))
    with open(out, "wb") as f:
        f.write(p.stdout)
    return ok


def level(m):
    """The line's printk level (6, info, when the log does not say)."""
    return int(m.group(1)[1:-1]) if m.group(1) else 6


def lines_of(path):
    with open(os.path.join(root, path), "rb") as f:
        data = f.read()
    ls = data.split(b"\n")
    if ls and ls[-1] == b"":
        ls.pop()
    return ls


JR = shutil.which("systemd-journal-remote",
                 path="/lib/systemd:/usr/lib/systemd:" +
                 os.environ.get("PATH", ""))


def boot_id(name):
    return hashlib.md5(name.encode()).hexdigest().encode()


def journal(logs):
    """One journal file with each log's lines as the kernel messages of a
    boot of its own (export format, systemd-journal-remote -o), or None when
    the tool is not installed (scripts/deps.sh test installs it)."""
    if not JR:
        return None
    exp = os.path.join(tmp, "all.export")
    with open(exp, "wb") as f:
        n = 0
        for name, src in logs:
            for l in lines_of(src):
                m = STAMP.match(l)
                mono = int(m.group(2)) * 1000000 + \
                    int(m.group(3)[:6].ljust(6, b"0"))
                n += 1
                f.write(b"__CURSOR=s=0;i=%x\n__REALTIME_TIMESTAMP=%d\n"
                        b"__MONOTONIC_TIMESTAMP=%d\n_BOOT_ID=%s\n"
                        b"_TRANSPORT=kernel\nPRIORITY=%d\nSYSLOG_FACILITY=0\n"
                        b"SYSLOG_IDENTIFIER=kernel\n_HOSTNAME=testhost\n" %
                        (n, 1765000000000000 + n * 1000000000 + mono, mono,
                         boot_id(name), level(m) & 7))
                msg = m.group(4)
                f.write(b"MESSAGE\n" + struct.pack("<Q", len(msg)) + msg +
                        b"\n\n")
    out = os.path.join(tmp, "all.journal")
    p = subprocess.run([JR, "-o", out, exp], capture_output=True, env=env)
    check(p.returncode == 0 and os.path.exists(out),
          "systemd-journal-remote made %s: %s" % (out, p.stderr[-200:]))
    return out


# Forms made of every source; the EXTRA ones (more options of the same
# tools, and their combinations) of the first capture and adlink-ava only,
# to keep the test's time down (each form is an audit).
EXTRA = {"dmesg-ctime", "dmesg-d", "dmesg-x-t", "dmesg-x-color-levels",
         "dmesg-T-color-levels", "journal-short-iso-precise",
         "journal-short-full", "journal-short-unix", "mail-tabs"}


def forms(name, src, extra=True):
    """{form: path} of every form of the plain log src."""
    base = os.path.join(tmp, name)
    ls = lines_of(src)
    out = {}
    # dmesg -F reads "<level>[time] text" (a plain log keeps no level:
    # info); the second with the lines of the subsystems read at error
    # level, so that dmesg colours their whole message
    kbuf, kbuf3 = base + ".kbuf", base + ".kbuf3"
    with open(kbuf, "wb") as f, open(kbuf3, "wb") as f3:
        for l in ls:
            m = STAMP.match(l)
            stamped = l[len(m.group(1) or b""):]
            f.write(b"<%d>" % level(m) + stamped + b"\n")
            err = re.match(rb"(efi|ACPI|GICv3|ITS@)", m.group(4))
            f3.write(b"<%d>" % (3 if err else level(m)) + stamped + b"\n")
    for key, opts, buf in (
            ("dmesg-t", ["-t"], kbuf),
            ("dmesg-T", ["-T"], kbuf),
            ("dmesg-ctime", ["--time-format=ctime"], kbuf),
            ("dmesg-iso", ["--time-format=iso"], kbuf),
            ("dmesg-delta", ["--time-format=delta"], kbuf),
            ("dmesg-reltime", ["--time-format=reltime"], kbuf),
            ("dmesg-d", ["-d"], kbuf),
            ("dmesg-x", ["-x"], kbuf),
            ("dmesg-x-t", ["-x", "-t"], kbuf),
            ("dmesg-r", ["-r"], kbuf),
            ("dmesg-color", ["--color=always"], kbuf),
            ("dmesg-t-color", ["-t", "--color=always"], kbuf),
            ("dmesg-x-color-levels", ["-x", "--color=always"], kbuf3),
            ("dmesg-T-color-levels", ["-T", "--color=always"], kbuf3)):
        if key in EXTRA and not extra:
            continue
        p = base + "." + key
        if tool(["dmesg", "-F", buf] + opts, p):
            out[key] = p
    if JOURNAL:
        for o in ("short", "short-monotonic", "short-precise", "short-iso",
                  "short-iso-precise", "short-full", "short-unix", "cat"):
            if "journal-" + o in EXTRA and not extra:
                continue
            p = base + ".journal-" + o
            if tool(["journalctl", "--file", JOURNAL, "-k", "-b",
                     boot_id(name).decode(), "-o", o, "--no-pager"], p):
                out["journal-" + o] = p
    else:
        # not silently: the forms are written from journalctl's documented
        # formats instead (journalctl(1) OUTPUT OPTIONS)
        print("NOTE: systemd-journal-remote is not installed (scripts/"
              "deps.sh test): journalctl -k forms written from their "
              "documented format", file=sys.stderr)
        for o, fmt in (("short", b"Dec 06 00:00:00 testhost kernel: %s"),
                       ("short-monotonic", b"[%s] testhost kernel: %s"),
                       ("cat", b"%s")):
            p = base + ".journal-" + o
            with open(p, "wb") as f:
                for l in ls:
                    m = STAMP.match(l)
                    stamped = l[len(m.group(1) or b""):]
                    args = (stamped[1:stamped.index(b"]")], m.group(4)) \
                        if o == "short-monotonic" else (m.group(4),)
                    f.write(fmt % args + b"\n")
            out["journal-" + o] = p
    # what no tool writes
    def write(key, data):
        p = base + "." + key
        with open(p, "wb") as f:
            f.write(data)
        out[key] = p
    plain = b"".join(l + b"\n" for l in ls)
    write("kern.log", b"".join(b"Dec  6 09:%02d:00 testhost kernel: " %
                               (i % 60) + re.sub(rb"^<\d+>", b"", l) +
                               b"\n" for i, l in enumerate(ls)))
    write("crlf", plain.replace(b"\n", b"\r\n"))
    write("bare-cr", plain.replace(b"\n", b"\r"))
    write("bom", b"\xef\xbb\xbf" + plain)
    write("mail", b"".join(b"> " + l + b"\n" for l in ls))
    if extra:
        write("mail-tabs", b"".join(b"> " + l.replace(b"] ", b"]\t", 1)
                                    .replace(b": ", b":\t", 1) + b"\n"
                                    for l in ls))
    # a console that printed the boot twice: whole (dmesg appended to the
    # capture), and a boot console's first 60 lines then the replay
    write("twice", plain + plain)
    write("replayed", b"".join(l + b"\n" for l in ls[:60]) + plain)
    p = base + ".fold80"
    if tool(["fold", "-w", "80", os.path.join(root, src)], p):
        out["fold80"] = p
    return out


def key_of(doc):
    prot = sorted((p["kind"], p["name"], p["first"], p["last"],
                   p["loaders"]["kexec_file"], p["loaders"]["kexec_load"])
                  for p in doc["protected"])
    return prot, sorted({f["check"] for f in doc["findings"]})


# the first source without its first third (its banner): a log that
# starts late, in every form below
late = os.path.join(tmp, "late.txt")
with open(late, "wb") as f:
    ls = lines_of(SOURCES[0][2])
    f.write(b"".join(l + b"\n" for l in ls[len(ls) // 3:]))
JOURNAL = journal([(n, s) for n, _, s in SOURCES] +
                  [("late", os.path.relpath(late, root))])
if not shutil.which("dmesg") or not shutil.which("journalctl"):
    check(False, "util-linux dmesg and journalctl are needed (Debian has "
          "both)")
for name, args, src in SOURCES:
    rc0, d0 = audit_json(binary, args + ["--dmesg", src], root, v)
    if d0 is None:
        continue
    p0, f0 = key_of(d0)
    check("dmesg_not_from_boot" not in f0, "%s: the plain log is from boot"
          % name)
    extra = name in (SOURCES[0][0], "adlink-ava")
    for form, path in sorted(forms(name, src, extra).items()):
        # (the schema is held to the plain logs' reports: validating
        # three hundred more would double the test's time)
        rc, d = audit_json(binary, args + ["--dmesg", path], root)
        if d is None:
            continue
        p, f = key_of(d)
        what = "%s %s" % (name, form)
        check(rc == rc0 and d["verdict"] == d0["verdict"],
              "%s: verdict %s exit %d, the plain log's %s exit %d" %
              (what, d["verdict"], rc, d0["verdict"], rc0))
        check(p == p0, "%s: %d protected ranges, the plain log's %d; first "
              "difference %s" % (what, len(p), len(p0),
                                 sorted(set(p) ^ set(p0))[:2]))
        repeated = form in ("twice", "replayed")
        check(set(f) - {"dmesg_boot_repeated"} == set(f0) and
              ("dmesg_boot_repeated" in f) == repeated,
              "%s: findings %s, the plain log's %s" % (what, f, f0))
        if repeated:
            r = [x for x in d["findings"] if x["check"] ==
                 "dmesg_boot_repeated"]
            check(len(r) == 1 and len(r[0]["evidence"]) == 2,
                  "%s: one finding, with both banners" % what)

# A log that really starts late (the ring buffer wrapped): in every form,
# dmesg_not_from_boot; a complete one never (above).
name, args, src = SOURCES[0]
for form, path in sorted(forms("late", os.path.relpath(late, root)).items()):
    if form in ("twice", "replayed"):
        continue
    rc, d = audit_json(binary, args + ["--dmesg", path], root)
    check(d and any(f["check"] == "dmesg_not_from_boot"
                    for f in d["findings"]),
          "a log that starts late, as %s: dmesg_not_from_boot" % form)

shutil.rmtree(tmp)
done()
