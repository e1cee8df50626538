#!/usr/bin/env python3
"""The hostile corpus, testdata/hostile/<case>/: each case's expect.json
names the arguments (paths relative to the case, or to the tree built for
it), the exit codes allowed, the verdicts it must not reach (never clean),
the findings it must produce, and what the report must not show.

A "generate" entry builds a large input at test time instead of committing
it; a "build" entry names a builder below that makes the case's tree in a
temporary directory (symbolic links into /proc or /etc, FIFOs, names with
terminal controls, archives built to cost memory: nothing of that is kept
in the repository), and may plant a secret that must appear nowhere.

Every run is made twice (text and --json) and must not crash or hang; both
outputs and stderr must be valid UTF-8 (a strict decoder) and hold no byte a
terminal acts on: no C0 control but TAB and LF, no DEL, no C1 control, raw
or UTF-8 encoded. Every JSON report must validate against the schema.

Keys of expect.json besides args/exit_in/verdict_not/findings/findings_any/
stderr_contains/generate/build:
  usage            the run is refused before any report (exit 64): no JSON
  message_contains strings each of which some finding's message holds
  inputs           {input: [status, text its detail holds]}
  shim             run under tests/truncate_shim.c with this environment

The fuzz seeds and crash reproducers (fuzz/corpus, fuzz/crashes) are then
audited as --dmesg and --iomem, with the same strict checks on both reports.

    run_hostile.py BINARY SOURCE_ROOT [TRUNCATE_SHIM]
"""
import gzip
import io
import json
import os
import secrets
import shutil
import subprocess
import sys
import tarfile
import tempfile

sys.path.insert(0, os.path.dirname(__file__))
from common import check, done, schema  # noqa: E402

binary, root = os.path.abspath(sys.argv[1]), sys.argv[2]
shim = os.path.abspath(sys.argv[3]) if len(sys.argv) > 3 else None
v = schema(root)
hdir = os.path.join(root, "testdata", "hostile")
CAP = os.path.join(root, "testdata", "captures", "qemu-arm64-6.1-acpi-smp4-2g")
BIGLOG = os.path.join(root, "testdata", "corpus", "dell-xps9320-x86",
                      "dmesg-notimestamps.txt")
SECRET = "EA-SECRET-" + secrets.token_hex(8)
ASAN = "asan" in subprocess.run(["ldd", binary], capture_output=True,
                                text=True).stdout


def inert(b, what):
    """Valid UTF-8 with no control character but TAB and LF, no C1."""
    try:
        s = b.decode("utf-8", "strict")
    except UnicodeDecodeError as e:
        return "%s: not UTF-8 at byte %d" % (what, e.start)
    for i, c in enumerate(s):
        o = ord(c)
        if (o < 0x20 and c not in "\t\n") or 0x7f <= o <= 0x9f:
            return "%s: control U+%04X at character %d: %r" % (
                what, o, i, s[max(0, i - 40):i + 20])
    return None


# --- builders: each makes the case's tree in d, returns what must not be
# --- shown (secrets, other files' contents)

def snapshot(d, name="snap"):
    p = os.path.join(d, name)
    shutil.copytree(CAP, p, symlinks=True)
    return p


def relink(path, target):
    if os.path.isdir(path) and not os.path.islink(path):
        shutil.rmtree(path)
    elif os.path.lexists(path):
        os.unlink(path)
    os.symlink(target, path)


def first_line(path):
    try:
        with open(path, "rb") as f:
            return f.readline().strip().decode("utf-8", "replace")
    except OSError:
        return None


def b_link_environ(d):
    relink(os.path.join(snapshot(d), "proc", "iomem"), "/proc/self/environ")
    return [SECRET]


def b_link_files(d):
    s = snapshot(d)
    with open(os.path.join(d, "outside.txt"), "w") as f:
        f.write("OUTSIDE-THE-SNAPSHOT %s\n" % SECRET)
    relink(os.path.join(s, "proc", "version"), "/etc/passwd")
    relink(os.path.join(s, "proc", "cmdline"), "../../outside.txt")
    relink(os.path.join(s, "dmesg.txt"), os.path.abspath(
        os.path.join(d, "outside.txt")))
    return [SECRET, "OUTSIDE-THE-SNAPSHOT"] + \
        [x for x in [first_line("/etc/passwd")] if x]


def b_link_mem_key(d):
    s = snapshot(d)
    with open(os.path.join(d, "key.bin"), "wb") as f:
        f.write(b"KEY!" * 1024)
    mem = os.path.join(s, "mem")
    for n in sorted(os.listdir(mem)):
        relink(os.path.join(mem, n), "../../key.bin")
    return ["KEY!", "4b455921", "214b4559"]


def b_link_proc_dir(d):
    s = snapshot(d)
    relink(os.path.join(s, "proc"), "/proc")
    host = os.uname().release
    with open(os.path.join(CAP, "proc", "version")) as f:
        mine = f.read()
    return [SECRET] + ([host] if host not in mine else [])


def b_link_deep(d):
    s = snapshot(d)
    os.makedirs(os.path.join(d, "elsewhere", "efi"))
    relink(os.path.join(s, "sys", "firmware", "acpi"), "/sys/firmware/acpi")
    relink(os.path.join(s, "sys", "firmware", "efi"), "../../../elsewhere/efi")
    relink(os.path.join(s, "sys", "firmware", "fdt"), "/sys/firmware/fdt")
    return [SECRET]


def b_snapshot_fifos(d):
    s = snapshot(d)
    for rel in ("dmesg.txt", "proc/iomem", "mem/0000000040174000.bin"):
        os.unlink(os.path.join(s, rel))
        os.mkfifo(os.path.join(s, rel))
    return []


def b_given(d):
    shutil.copy(os.path.join(CAP, "dmesg.txt"), d)
    shutil.copy(os.path.join(CAP, "proc", "iomem"), d)
    os.mkfifo(os.path.join(d, "fifo"))
    os.symlink("/proc/self/environ", os.path.join(d, "environ-link"))
    return [SECRET]


def b_snapshot_only(d):
    snapshot(d)
    return []


CONTROL_NAME = "snap\x1b]0;pwned\x07\x1b[2J\u202e\x9b"  # U+009B: C2 9B


def b_terminal_names_dir(d):
    s = snapshot(d, CONTROL_NAME)
    mem = os.path.join(s, "mem")
    shutil.copy(os.path.join(mem, "0000000040174000.bin"),
                os.path.join(mem, "\x1b]52;c;cHduZWQ=\x07.bin"))
    os.mkdir(os.path.join(mem, "\x1b[31mred"))
    with open(os.path.join(s, "dmesg.txt"), "ab") as f:
        f.write(b"[    9.000000] ACPI: \x1b]52;c;cHduZWQ=\x07 0x\x9b31m "
                b"\xc2\x9b31m \xe2\x80\xae\x1b[2J\n"
                b"[    9.000001] efi: ESRT=0x\x1b[31m\x07\n")
    return []


def b_invalid_utf8_names(d):
    # bytes names (0xff cannot be in a str path on every file system
    # encoding): made through os.fsencode-free byte paths
    s = snapshot(d, "snap")
    bad = os.path.join(os.fsencode(d), b"snap\xff\xfe")
    os.rename(os.fsencode(s), bad)
    mem = os.path.join(bad, b"mem")
    shutil.copy(os.path.join(mem, b"0000000040174000.bin"),
                os.path.join(mem, b"\xff\xfe\xc0\xaf.bin"))
    with open(os.path.join(bad, b"dmesg.txt"), "ab") as f:
        f.write(b"[    9.000000] ACPI: FACP \xff\xfe 0x0000000000001000 "
                b"000114\n")
    return []


def tar_add(t, name, data=b"", typ=tarfile.REGTYPE, link=""):
    ti = tarfile.TarInfo(name)
    ti.type, ti.size, ti.linkname, ti.mode = typ, len(data), link, 0o644
    t.addfile(ti, io.BytesIO(data) if typ == tarfile.REGTYPE else None)


def tar_of_capture(d, fn, extra, skip=()):
    b = io.BytesIO()
    with tarfile.open(fileobj=b, mode="w", format=tarfile.PAX_FORMAT) as t:
        for top, dirs, files in os.walk(CAP):
            dirs.sort()
            for n in sorted(files):
                p = os.path.join(top, n)
                rel = "snap/" + os.path.relpath(p, CAP)
                if rel in skip:
                    continue
                with open(p, "rb") as f:
                    tar_add(t, rel, f.read())
        for args in extra:
            tar_add(t, *args)
    with open(os.path.join(d, fn), "wb") as f:
        f.write(gzip.compress(b.getvalue(), 1))


def b_tarball_control_names(d):
    with open(os.path.join(CAP, "mem", "0000000040174000.bin"), "rb") as f:
        chunk = f.read()
    tar_of_capture(d, "snap.tar.gz", [
        ("snap/mem/\x1b]52;c;cHduZWQ=\x07\udcff.bin", chunk),
        ("snap/\x1b[2J\x1b]0;title\x07README", b"hello\x1b[31m\n"),
    ])
    return []


def b_tarball_refused_control(d):
    tar_of_capture(d, "snap.tar.gz", [
        ("snap/proc/\x1b]0;pwned\x07\x9b", b"", tarfile.SYMTYPE,
         "/proc/self/environ"),
    ])
    return [SECRET]


def b_tarball_file_beside_dir(d):
    # the capture's proc/ holds cmdline, iomem, version: a file "proc" too
    tar_of_capture(d, "snap.tar.gz", [("snap/proc", b"x\n")])
    return []


def b_tarball_names_bomb(d):
    b = io.BytesIO()
    with tarfile.open(fileobj=b, mode="w", format=tarfile.PAX_FORMAT) as t:
        for i in range(4100):
            tar_add(t, "snap/%05d/" % i + "n" * (4096 - 11))
    with open(os.path.join(d, "names.tar.gz"), "wb") as f:
        f.write(gzip.compress(b.getvalue(), 1))
    return []


def b_tarball_member_over(d):
    ti = tarfile.TarInfo("snap/mem/0000000000001000.bin")
    ti.size = (64 << 20) + 1
    h = ti.tobuf(tarfile.PAX_FORMAT, "utf-8", "surrogateescape")
    with open(os.path.join(d, "big.tar.gz"), "wb") as f:
        f.write(gzip.compress(h + bytes(1024)))
    return []


def b_truncated_log(d):
    shutil.copy(BIGLOG, os.path.join(d, "big-dmesg.txt"))
    with open(os.path.join(d, "iomem"), "w") as f:
        f.write("00100000-7fffffff : System RAM\n")
    return []


def b_truncated_mem(d):
    s = snapshot(d)
    p = os.path.join(s, "mem", "00000000bc42ff98.bin")
    with open(p, "ab") as f:  # large enough to be mapped
        f.write(bytes(128 << 10))
    return []


BUILDERS = {
    "link-environ": b_link_environ,
    "link-files": b_link_files,
    "link-mem-key": b_link_mem_key,
    "link-proc-dir": b_link_proc_dir,
    "link-deep": b_link_deep,
    "snapshot-fifos": b_snapshot_fifos,
    "given": b_given,
    "snapshot-only": b_snapshot_only,
    "terminal-names-dir": b_terminal_names_dir,
    "invalid-utf8-names": b_invalid_utf8_names,
    "tarball-control-names": b_tarball_control_names,
    "tarball-refused-control": b_tarball_refused_control,
    "tarball-file-beside-dir": b_tarball_file_beside_dir,
    "tarball-names-bomb": b_tarball_names_bomb,
    "tarball-member-over": b_tarball_member_over,
    "truncated-log": b_truncated_log,
    "truncated-mem": b_truncated_mem,
}


def audit(args, cwd, env, json_out):
    """(rc, stdout bytes, stderr bytes); a hang is a failure."""
    try:
        p = subprocess.run([binary] + args + (["--json"] if json_out else []),
                           cwd=cwd, env=env, capture_output=True, timeout=60)
    except subprocess.TimeoutExpired:
        return None, b"", b"timeout"
    return p.returncode, p.stdout, p.stderr


def arg_paths(args, d):
    """Arguments that name something the builder made as bytes (a path
    that is not valid UTF-8 cannot be written in expect.json): '@bad@'
    stands for the bytes 0xff 0xfe."""
    return [os.fsdecode(a.encode().replace(b"@bad@", b"\xff\xfe"))
            for a in args]


def prepare(case, exp):
    """The directory the case runs in (a fresh temporary one when it is
    built or generated), and what must not be shown."""
    d = os.path.join(hdir, case)
    if "generate" not in exp and "build" not in exp:
        return d, None, []
    tmp = tempfile.mkdtemp(prefix="ea-hostile-")
    for n in os.listdir(d):
        if os.path.isfile(os.path.join(d, n)):
            shutil.copy(os.path.join(d, n), tmp)
    if "build" in exp:
        return tmp, tmp, BUILDERS[exp["build"]](tmp)
    g = exp["generate"]
    if "sparse_bytes" in g:
        # a file past a size limit, without writing its bytes
        with open(os.path.join(tmp, g["file"]), "wb") as f:
            f.truncate(g["sparse_bytes"])
    else:
        with open(os.path.join(d, g["from"]), "rb") as f:
            lines = f.read().split(b"\n")
        big = g["line_prefix"].encode()
        big += b"A" * (g["line_bytes"] - len(big))
        lines.insert(g["insert_at_line"], big)
        with open(os.path.join(tmp, g["file"]), "wb") as f:
            f.write(b"\n".join(lines))
    return tmp, tmp, []


for case in sorted(os.listdir(hdir)):
    with open(os.path.join(hdir, case, "expect.json")) as f:
        exp = json.load(f)
    env = dict(os.environ, EA_HOSTILE_SECRET=SECRET)
    if "shim" in exp:
        if not shim:
            check(False, "%s: no truncate shim given" % case)
            continue
        env.update(exp["shim"], LD_PRELOAD=shim)
        if ASAN:
            env["ASAN_OPTIONS"] = "verify_asan_link_order=0"
    runs = {}
    for json_out in (False, True):
        # each run on a tree of its own: a run may change it (truncation)
        d, tmp, absent = prepare(case, exp)
        rc, out, err = audit(arg_paths(exp["args"], d), d, env, json_out)
        if tmp:
            shutil.rmtree(tmp)
        runs[json_out] = (rc, out, err)
        mode = "json" if json_out else "text"
        check(rc is not None, "%s (%s): no hang" % (case, mode))
        if rc is None:
            continue
        check(rc >= 0, "%s (%s): killed by signal %d: %s" %
              (case, mode, -rc, err[-300:]))
        for what, b in (("stdout", out), ("stderr", err)):
            bad = inert(b, "%s (%s) %s" % (case, mode, what))
            check(bad is None, bad or "")
            for s in absent:
                check(s.encode() not in b,
                      "%s (%s) %s shows %r" % (case, mode, what, s))
        check(rc in exp["exit_in"], "%s (%s): exit %d, expected one of %s: "
              "%s" % (case, mode, rc, exp["exit_in"], err[-300:]))
        if "stderr_contains" in exp:
            e = err.decode("utf-8", "replace")
            check(exp["stderr_contains"] in e,
                  "%s (%s): stderr says %r: %r" % (
                      case, mode, exp["stderr_contains"], e[-300:]))
    rc, out, err = runs[True]
    if rc is None:
        continue
    if exp.get("usage"):
        check(out == b"", "%s: no report on a usage error" % case)
        continue
    try:
        doc = json.loads(out.decode("utf-8"))
    except ValueError:
        check(False, "%s: no JSON (exit %d): %s" % (case, rc, err[-300:]))
        continue
    errs = list(v.iter_errors(doc))
    check(not errs, "%s: schema: %s" % (case, [e.message for e in errs[:2]]))
    check(doc["verdict"] not in exp.get("verdict_not", []),
          "%s: verdict %s" % (case, doc["verdict"]))
    got = {f["check"] for f in doc["findings"]}
    for c in exp.get("findings", []):
        check(c in got, "%s: finding %s (got %s)" % (case, c, sorted(got)))
    if exp.get("findings_any"):
        check(got & set(exp["findings_any"]),
              "%s: one of %s (got %s)" % (case, exp["findings_any"],
                                          sorted(got)))
    msgs = [f["message"] for f in doc["findings"]]
    for m in exp.get("message_contains", []):
        check(any(m in x for x in msgs),
              "%s: no finding says %r: %s" % (case, m, msgs[:6]))
    ins = {i["name"]: i for i in doc["inputs"]}
    for name, (status, detail) in exp.get("inputs", {}).items():
        i = ins.get(name, {})
        check(i.get("status") == status and detail in (i.get("detail") or ""),
              "%s: input %s is %s (%s), expected %s (%s)" % (
                  case, name, i.get("status"), i.get("detail"), status,
                  detail))
    # line numbers in every unreadable-line message point at a real line
    for f in doc["findings"]:
        if f["check"] == "input_line_unreadable":
            check(f["message"] and ":" in f["message"],
                  "%s: the unreadable line is named" % case)

# The fuzz seeds and reproducers as kernel log and iomem: both reports
# strictly UTF-8, inert, and the JSON valid.
seeds = []
for top in ("corpus", "crashes"):
    base = os.path.join(root, "fuzz", top)
    for t in sorted(os.listdir(base)):
        for n in sorted(os.listdir(os.path.join(base, t))):
            p = os.path.join(base, t, n)
            if os.path.isfile(p):
                seeds.append(p)
check(len(seeds) > 50, "fuzz seeds found (%d)" % len(seeds))
bad = []
for p in seeds:
    for json_out in (False, True):
        rc, out, err = audit(["--dmesg", p, "--iomem", p], root, None,
                             json_out)
        why = (("hang" if rc is None else "signal %d" % -rc)
               if rc is None or rc < 0 else
               inert(out, "stdout") or inert(err, "stderr"))
        if not why and json_out:
            try:
                json.loads(out.decode("utf-8"))
            except ValueError as e:
                why = "JSON: %s" % e
        if why:
            bad.append("%s (%s): %s" % (os.path.relpath(p, root),
                                        "json" if json_out else "text", why))
check(not bad, "fuzz seeds: %s" % bad[:5])
done()
