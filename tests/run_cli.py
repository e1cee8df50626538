#!/usr/bin/env python3
"""The command line as a user meets it: options and the man page list the
same things, exit codes are the documented ones, errors name the file."""
import json
import os
import re
import shutil
import sys
import tempfile

sys.path.insert(0, os.path.dirname(__file__))
from common import audit_json, check, done, run, schema  # noqa: E402

binary, root = sys.argv[1], sys.argv[2]
v = schema(root)

with open(os.path.join(root, "man", "efiresv-audit.8")) as f:
    man = f.read()

rc, out, _ = run(binary, ["--help"], root)
check(rc == 0, "--help exits 0")
help_opts = set(re.findall(r"--([a-z][a-z-]*)", out))
man_opts = set(re.findall(r"\\-\\-([a-z][a-z\\-]*)", man))
man_opts = {o.replace("\\-", "-") for o in man_opts}
check(help_opts, "--help lists options")
check(help_opts == man_opts,
      "--help and man page list the same options: help-only %s, man-only %s"
      % (sorted(help_opts - man_opts), sorted(man_opts - help_opts)))
for code in ("0", "1", "2", "3", "64"):
    check(re.search(r"^\s*%s\s" % code, out, re.M) is not None,
          "--help documents exit status %s" % code)
    check(re.search(r"^\.IP %s\b|^\.TP\n\.B %s\b" % (code, code), man, re.M)
          is not None, "man page documents exit status %s" % code)

rc, out, _ = run(binary, ["--list", "checks", "--noheadings", "--output",
                          "ID"], root)
ids = [l.split()[0] for l in out.splitlines() if l.strip()]
check(rc == 0 and len(ids) >= 10, "--list-checks lists the checks")
for i in ids:
    check(re.search(r"^\.B %s$" % re.escape(i).replace("_", "_"), man, re.M)
          is not None, "man page describes check %s" % i)

with open(os.path.join(root, "schema", "efiresv-audit.schema.json")) as f:
    enum = json.load(f)["properties"]["findings"]["items"]["properties"][
        "check"]["enum"]
check(sorted(enum) == sorted(ids),
      "the schema lists exactly the checks: schema-only %s, tool-only %s" %
      (sorted(set(enum) - set(ids)), sorted(set(ids) - set(enum))))

rc, out, _ = run(binary, ["-V"], root)
check(rc == 0 and out.startswith("efiresv-audit "), "-V prints the version")

for bad in (["--bogus"], ["extra-argument"], ["--arch", "mips"]):
    rc, _, err = run(binary, bad, root)
    check(rc == 64, "%s exits 64 (got %d)" % (bad, rc))
    check("efiresv-audit" in err, "%s explains itself on stderr" % bad)

rc, out, err = run(binary, ["--dmesg", "testdata/does-not-exist.txt"], root)
check(rc == 3, "a named file that cannot be read exits 3 (got %d)" % rc)
check("testdata/does-not-exist.txt" in err, "the error names the file")

rc, doc = audit_json(binary, ["--snapshot", "testdata/no-such-snapshot"],
                     root, v)
check(rc == 3, "a snapshot directory that does not exist exits 3")
check(doc and doc["verdict"] == "error", "... its verdict is error")
check(doc["headline"].startswith("ERROR: snapshot testdata/no-such-snapshot"),
      "... and the headline names it: %r" % doc["headline"])

# a directory that is not a snapshot (no file of one in it): exit 3, said so
rc, doc = audit_json(binary, ["--snapshot", "testdata/fdt"], root, v)
check(rc == 3 and doc["verdict"] == "error" and
      "testdata/fdt is not a snapshot" in doc["headline"],
      "a directory that is not a snapshot: exit 3, error (%d, %r)"
      % (rc, doc["headline"]))

# --kernel that cannot be read: exit 3 and an ERROR headline, never CLEAN
rc, out, err = run(binary, [
    "--snapshot", "testdata/captures/qemu-arm64-6.1-acpi-smp4-2g",
    "--kernel", "testdata/does-not-exist"], root)
check(rc == 3 and out.startswith("ERROR: --kernel testdata/does-not-exist")
      and "CLEAN" not in out.splitlines()[0].split("(")[0],
      "an unreadable --kernel: exit 3 and an ERROR headline (%d, %r)"
      % (rc, out.splitlines()[0] if out else ""))
rc, doc = audit_json(binary, [
    "--snapshot", "testdata/captures/qemu-arm64-6.1-acpi-smp4-2g",
    "--kernel", "testdata/does-not-exist"], root, v)
check(rc == 3 and doc["verdict"] == "error", "... and JSON verdict error")

# no headline says "0 of N"
import glob  # noqa: E402
for g in glob.glob(os.path.join(root, "testdata", "golden", "*",
                                "expected.txt")):
    with open(g) as f:
        first = f.readline()
    check(not re.search(r"\b0 of \d+", first),
          "%s: no headline says 0 of N: %r" % (g, first))

# The usual bug report: a pasted dmesg only. Never clean; names what is missing.
rc, doc = audit_json(binary, [
    "--dmesg", "testdata/captures/qemu-arm64-6.1-acpi-smp4-2g/dmesg.txt"],
    root, v)
check(rc == 2 and doc["verdict"] == "incomplete",
      "dmesg-only report is incomplete (exit %d)" % rc)
missing = {f["message"].split()[1] for f in doc["findings"]
           if f["check"] == "input_unusable"}
check({"iomem", "memblock_memory", "memblock_reserved"} <= missing,
      "dmesg-only report names the missing inputs: %s" % sorted(missing))
# without iomem every kexec_load answer is unknown, but for ranges the
# printed EFI map puts in memory no view holds (Runtime, NVS, Reserved)
check(all(p["loaders"]["kexec_load"] == "unknown" or
          (p["loaders"]["kexec_load"] == "protected" and
           "the EFI memory map puts it in" in
           p["loader_detail"]["kexec_load"]["reason"])
          for p in doc["protected"]),
      "without iomem every kexec_load answer is unknown or seen in the EFI "
      "map")

# An empty dmesg is not a clean system.
rc, doc = audit_json(binary, ["--dmesg", "/dev/null"], root, v)
check(doc and doc["verdict"] != "clean", "an empty --dmesg is never clean")
# --kexec-log and --acpidump are never read live: named alone they add to
# this machine, audited live (the proof of a load before kexec -e); named
# with a single-file input, nothing else is read.
for opt, f, name in (
        ("--kexec-log", "testdata/checks/loaded_segment_overwrites/kexec.log",
         "kexec_log"),
        ("--acpidump", "testdata/checks/acpidump_zero_addresses/acpidump.txt",
         "acpidump")):
    rc, doc = audit_json(binary, [opt, f], root, v)
    ins = {i["name"]: i for i in doc["inputs"]} if doc else {}
    check(ins.get("iomem", {}).get("path") == "/proc/iomem" and
          ins.get("version", {}).get("path") == "/proc/version",
          "%s alone audits this machine live too: %s" % (
              opt, [(k, ins[k]["path"]) for k in ("iomem", "version")
                    if k in ins]))
    check(ins.get(name, {}).get("status") == "ok" and
          ins[name]["path"] == f,
          "%s alone: the file is read (%s)" % (opt, ins.get(name)))
    rc, doc = audit_json(binary, [
        "--dmesg", "testdata/captures/qemu-arm64-6.1-acpi-smp4-2g/dmesg.txt",
        opt, f], root, v)
    ins = {i["name"]: i for i in doc["inputs"]} if doc else {}
    check(ins.get("iomem", {}).get("detail") == "not given" and
          ins.get(name, {}).get("status") == "ok",
          "--dmesg with %s: nothing else read (iomem: %s)" % (
              opt, ins.get("iomem")))

# No line of its kind: one error naming the file and quoting its first line
# (control bytes shown as '?'), exit 3; no finding per line.
tmp = tempfile.mkdtemp(prefix="ea-cli-")
junk = os.path.join(tmp, "junk.txt")
with open(junk, "wb") as f:
    f.write(b"\x1b[1mNot a log\x07 at all\x00\n" +
            b"".join(b"line %d of something else\n" % i for i in range(300)))
log = "testdata/captures/qemu-arm64-6.1-acpi-smp4-2g/dmesg.txt"
for opt, other, kind in (
        ("--dmesg", [], "a kernel log"),
        ("--iomem", ["--dmesg", log], "/proc/iomem"),
        ("--memblock-memory", ["--dmesg", log], "a memblock debugfs file"),
        ("--memblock-reserved", ["--dmesg", log],
         "a memblock debugfs file")):
    rc, out, err = run(binary, other + [opt, junk, "--json"], root)
    msgs = [l for l in err.splitlines() if l.strip()]
    check(rc == 3, "%s junk: exit 3 (got %d)" % (opt, rc))
    check(len(msgs) == 1 and ("no line of %s looks like %s" % (junk, kind))
          in msgs[0] and 'first line: "?[1mNot a log? at all?"' in msgs[0],
          "%s junk: one error naming the file and its first line: %s"
          % (opt, msgs))
    doc = json.loads(out)
    unread = [f for f in doc["findings"]
              if f["check"] == "input_line_unreadable"]
    unusable = [f for f in doc["findings"] if f["check"] == "input_unusable"
                and junk in f["message"]]
    check(not unread and len(unusable) == 1,
          "%s junk: one input_unusable finding, no line findings (%d, %d)"
          % (opt, len(unusable), len(unread)))
    check(doc["verdict"] != "clean", "%s junk: never clean" % opt)
# a kernel log named as /proc/iomem is not an iomem
rc, out, err = run(binary, ["--dmesg", log, "--iomem", log], root)
check(rc == 3 and "no line of %s looks like /proc/iomem" % log in err,
      "a kernel log as --iomem: one error, exit 3 (%d)" % rc)

shutil.rmtree(tmp)

# This machine, live: a development machine or CI that did not boot
# through UEFI must be told so. Without UEFI there is nothing of UEFI's to
# audit, so the verdict is earned by the ranges there are (a clean one only
# when every critical range was seen protected), or incomplete when the
# inputs could not be read.
if not os.path.isdir("/sys/firmware/efi"):
    rc, doc = audit_json(binary, [], root, v)
    check(doc is not None and doc["verdict"] != "escape" and
          rc == {"clean": 0, "incomplete": 2}.get(doc["verdict"]),
          "live on a non-UEFI machine: no escape, exit %d" % rc)
    # not_efi_booted needs the log from boot; once the ring buffer has
    # wrapped (a long-running CI machine) the audit says that instead
    check(any(f["check"] in ("not_efi_booted", "input_unusable",
                             "dmesg_not_from_boot")
              for f in doc["findings"]),
          "live on a non-UEFI machine says what it cannot see")
    if doc["verdict"] == "clean":
        crit = [p for p in doc["protected"] if p["tier"] == "critical"]
        check(all(a == "protected" for p in crit
                  for a in p["loaders"].values()) and
              not any(d["inferred"] for p in crit
                      for d in p["loader_detail"].values()),
              "live clean: every critical range seen protected")
else:
    # A UEFI host: the live audit must see it booted through UEFI, read the
    # firmware's files, and never call it a machine without UEFI.
    rc, doc = audit_json(binary, [], root, v)
    check(rc in (0, 1, 2) and doc["verdict"] != "error",
          "live on a UEFI machine: a verdict, not an error (%d)" % rc)
    check(not any(f["check"] == "not_efi_booted" for f in doc["findings"]),
          "live on a UEFI machine: not_efi_booted is not raised")
    ins = {i["name"]: i for i in doc["inputs"]}
    if os.path.exists("/sys/firmware/efi/systab"):
        check(ins["systab"]["status"] == "ok",
              "live on a UEFI machine: sys/firmware/efi/systab read (%s)"
              % ins["systab"])
    if os.geteuid() == 0:
        check(ins["iomem"]["status"] == "ok" and ins["dmesg"]["status"] ==
              "ok", "live as root: /proc/iomem and the kernel log read")
# not_root is for a live audit without root (uid 0 is root): run as root,
# the live audit above must not raise it (its minimal input,
# testdata/checks/not_root, raises it as uid 65534)
if os.geteuid() == 0:
    check(doc is not None and
          not any(f["check"] == "not_root" for f in doc["findings"]),
          "live as root: not_root is not raised")
done()
