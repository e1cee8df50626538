#!/usr/bin/env python3
"""The placement what-if and proof mode on the command line, on the real
captures: the options reach the models, the JSON carries what they say (and
validates), the findings and exit codes follow, and bad what-if input gets a
clear error. The models' addresses themselves are worked out by hand in
tests/test_placement.c and checked against real guests in tests/vm."""
import gzip
import os
import re
import struct
import sys
import tarfile
import tempfile

sys.path.insert(0, os.path.dirname(__file__))
from common import audit_json, check, done, run, schema  # noqa: E402

binary, root = sys.argv[1], sys.argv[2]
v = schema(root)
CAP = "testdata/captures/qemu-arm64-6.1-acpi-smp4-2g"
X86 = "testdata/captures/qemu-amd64-6.1-ovmf-smp2-2g"
KSIZE = 0x1ab0000  # Debian 6.1.0-56-cloud-arm64 Image: image_size
ISIZE = 0x2c3477   # the vm suite's initrd


def iomem(cap):
    """(first, last, name, depth) of every /proc/iomem line."""
    out = []
    with open(os.path.join(root, cap, "proc", "iomem")) as f:
        for line in f:
            m = re.match(r"^( *)([0-9a-f]+)-([0-9a-f]+) : (.*)$", line.rstrip())
            if m:
                out.append((int(m.group(2), 16), int(m.group(3), 16),
                            m.group(4), len(m.group(1)) // 2))
    return out


def seg(doc, loader, name):
    for p in doc["placement"]:
        if p["loader"] == loader:
            for s in p["segments"]:
                if s["name"] == name:
                    return s
    return None


def overlaps(a0, a1, b0, b1):
    return a0 <= b1 and b0 <= a1


def prot_over(doc, s):
    """Names of the protected ranges (from the same report) over s."""
    f, l = int(s["first"], 16), int(s["last"], 16)
    return sorted(p["name"] for p in doc["protected"]
                  if overlaps(f, l, int(p["first"], 16), int(p["last"], 16)))


# ---- kexec-tools 2.0.20 (before f736104) on the healthy 6.1 capture ------
rc, doc = audit_json(binary, ["--snapshot", CAP, "--loader", "kexec_load",
                              "--kexec-tools", "2.0.20", "--kernel-size",
                              hex(KSIZE), "--initrd-size", hex(ISIZE)],
                     root, v)
ram = [r for r in iomem(CAP) if r[2] == "System RAM" and r[3] == 0]
check(doc is not None and rc == 1 and doc["verdict"] == "escape",
      "2.0.20: escape, exit 1 (got %s)" % rc)
if doc:
    check(len(doc["placement"]) == 1 and
          doc["placement"][0]["model"] == "kexec_load_arm64",
          "--loader kexec_load: one run, the kexec-tools model")
    k = seg(doc, "kexec_load", "kernel")
    # 2.0.20 takes System RAM whole: the lowest 2 MiB-aligned hole is the
    # first System RAM line's start (text_offset 0)
    first_ram = min(r[0] for r in ram)
    check(k and k["placed"] and int(k["first"], 16) == first_ram and
          k["size"] == KSIZE, "2.0.20: kernel at the start of RAM %#x (got %s)"
          % (first_ram, k and k.get("first")))
    if k:
        names = [o["name"] for o in k["overwrites"]]
        check(sorted(names) == prot_over(doc, k) and names,
              "the kernel's overwrites are exactly the protected ranges it "
              "covers: %s" % names)
        check("LPI property table" in names and
              any(n.startswith("MEMRESERVE node") for n in names),
              "2.0.20: the kernel covers the LPI property table and the "
              "MEMRESERVE node")
    pf = [f for f in doc["findings"] if f["check"] == "placement_overwrites"]
    check(pf and all(f["severity"] == "critical" for f in pf) and
          any("LPI property table" in f["message"] for f in pf),
          "placement_overwrites names the LPI property table, critical")
    check("2.0.20" in doc["placement_request"]["kexec_tools"],
          "the request says which kexec-tools was modelled")
    check("f736104" in doc["placement"][0]["rules"],
          "the rules name the kexec-tools change")

# ---- the same load with 2.0.25: clear of every reserved child of RAM -----
rc, doc = audit_json(binary, ["--snapshot", CAP, "--kexec-tools",
                              "1:2.0.25-3+deb12u3", "--kernel-size",
                              hex(KSIZE), "--initrd-size", hex(ISIZE)],
                     root, v)
check(doc is not None and rc == 0 and doc["verdict"] == "clean",
      "2.0.25: clean, exit 0 (got %s)" % rc)
if doc:
    check([p["loader"] for p in doc["placement"]] ==
          ["kexec_file", "kexec_load"], "arm64: both loaders modelled")
    kids = [r for r in iomem(CAP) if r[3] == 1 and r[2] not in
            ("Kernel code", "Kernel data")]
    for p in doc["placement"]:
        check(p["status"] == "placed", "%s placed" % p["loader"])
        for s in p["segments"]:
            f, l = int(s["first"], 16), int(s["last"], 16)
            check(not prot_over(doc, s) and not s["overwrites"],
                  "%s %s overwrites nothing" % (p["loader"], s["name"]))
            check(any(r[0] <= f and l <= r[1] for r in ram),
                  "%s %s inside System RAM" % (p["loader"], s["name"]))
            if p["loader"] == "kexec_load":
                check(not any(overlaps(f, l, r[0], r[1]) for r in kids),
                      "kexec_load %s clear of every reserved child of "
                      "System RAM" % s["name"])
        check(all(s["first"] < t["first"] or s["first"] > t["last"]
                  for s in p["segments"] for t in p["segments"]
                  if s is not t), "%s: segments do not overlap" % p["loader"])
    ks = seg(doc, "kexec_load", "kernel")
    check(ks and int(ks["first"], 16) % 0x200000 == 0,
          "kexec_load kernel 2 MiB aligned")
    names = [s["name"] for s in doc["placement"][1]["segments"]]
    check(names == ["kernel", "initrd", "dtb", "purgatory"],
          "kexec_load segments in kexec-tools' order (got %s)" % names)

# ---- kexec-tools <= 2.0.20 reads 64 lines at most, at the limit ----------
# get_memory_ranges_iomem_cb() stores every "System RAM" and "reserved"
# line, at any depth, in an array of 64 (KEXEC_SEGMENT_MAX, kexec-arm64.h)
# and stops the walk once it is full (kexec-tools-placement.md §3.1). The
# real ADLINK AVA /proc/iomem has 96 such lines; its 28 GiB System RAM line
# comes after the 64th, so a 3 GiB kernel, which only that line holds, has
# nowhere to go with 2.0.20, and goes there with 2.0.25.
AVA = "testdata/corpus/adlink-ava-ampere-altra-arm64"
with open(os.path.join(root, AVA, "iomem.txt")) as f:
    ava = [(n + 1, l) for n, l in enumerate(f)
           if re.search(r" : (System RAM|reserved)$", l.rstrip())]
big = [(n, l) for n, l in ava
       if l.strip().endswith("System RAM") and
       int(l.split("-")[1].split()[0], 16) -
       int(l.split("-")[0], 16) + 1 >= 0xc0000000]
check(len(ava) > 64 and len(big) == 1 and big[0][0] > ava[63][0],
      "the AVA iomem: more than 64 matching lines, the one RAM line of "
      "3 GiB or more after the 64th")
for kt, placed in (("2.0.20", False), ("2.0.25", True)):
    rc, doc = audit_json(binary, ["--dmesg", AVA + "/dmesg.txt", "--iomem",
                                  AVA + "/iomem.txt", "--loader",
                                  "kexec_load", "--kexec-tools", kt,
                                  "--kernel-size", "0xc0000000"], root, v)
    p = doc and doc["placement"][0]
    k = doc and seg(doc, "kexec_load", "kernel")
    if placed:
        lo, hi = [int(x, 16) for x in big[0][1].split(" : ")[0].split("-")]
        check(p and p["status"] == "placed" and k and lo <= int(
            k["first"], 16) and int(k["last"], 16) <= hi,
              "%s: the 3 GiB kernel in the RAM line after the 64th (got "
              "%s)" % (kt, k))
    else:
        # the walk stops at the line after the 64th stored one
        check(p and p["status"] == "failed" and
              "read no further (from line %d)" % (ava[63][0] + 1)
              in p["rules"],
              "%s: the array full after line %d, the 3 GiB kernel not "
              "placed (got %s)" % (kt, ava[63][0],
                                   p and (p["status"], p["rules"])))

# ---- an arm64 Image header, plain and gzip'd ------------------------------
tmp = tempfile.mkdtemp(prefix="ea-whatif-")
hdr = bytearray(64)
struct.pack_into("<QQQ", hdr, 8, 0, KSIZE, 0xa)  # text_offset, size, flags
hdr[56:60] = b"ARM\x64"
image = bytes(hdr) + bytes(0x10000 - 64)
with open(os.path.join(tmp, "Image"), "wb") as f:
    f.write(image)
with gzip.open(os.path.join(tmp, "Image.gz"), "wb") as f:
    f.write(image)
with open(os.path.join(tmp, "initrd"), "wb") as f:
    f.write(bytes(ISIZE))
for name in ("Image", "Image.gz"):
    rc, doc = audit_json(binary, ["--snapshot", CAP, "--kernel",
                                  os.path.join(tmp, name), "--initrd",
                                  os.path.join(tmp, "initrd"),
                                  "--kexec-tools", "2.0.20"], root, v)
    if not doc:
        continue
    k = doc["placement_request"]["kernel"]
    check(k["format"] == "arm64_image" and k["image_size"] == KSIZE and
          k["text_offset"] == 0 and k["gzip"] == (name == "Image.gz"),
          "%s: header read (got %s)" % (name, k))
    check(doc["placement_request"]["initrd"]["size"] == ISIZE,
          "%s: initrd size from the file" % name)
    ks = seg(doc, "kexec_load", "kernel")
    check(ks and ks["size"] == KSIZE and int(ks["first"], 16) ==
          min(r[0] for r in ram), "%s: same placement as --kernel-size" % name)
    check(rc == 1, "%s: escape" % name)

# ---- x86: kexec_file_load modelled, kexec_load said not to be ------------
rc, doc = audit_json(binary, ["--snapshot", X86, "--kernel-size", "0x2000000",
                              "--initrd-size", "16M"], root, v)
if doc:
    st = {p["loader"]: p["status"] for p in doc["placement"]}
    check(st.get("kexec_file") == "placed" and
          st.get("kexec_load") == "not_modelled",
          "x86: kexec_file placed, kexec_load not modelled (got %s)" % st)
    check(any(f["check"] == "placement_not_applicable"
              for f in doc["findings"]), "x86: placement_not_applicable")

# ---- no what-if: the keys are there, empty --------------------------------
rc, doc = audit_json(binary, ["--snapshot", CAP], root, v)
if doc:
    check(doc["placement_request"] is None and doc["placement"] == [],
          "no what-if: placement_request null, placement []")

# ---- bad what-if input: a clear error, the audit goes on ------------------
with open(os.path.join(tmp, "notakernel"), "w") as f:
    f.write("hello\n" * 100)
for args, code, says in (
        (["--kernel", "/nonexistent/Image"], 3, "/nonexistent/Image"),
        (["--kernel", os.path.join(tmp, "notakernel")], 3, "offset 0"),
        (["--initrd", "/nonexistent/initrd", "--kernel-size", "32M"], 3,
         "/nonexistent/initrd"),
        (["--dtb", os.path.join(tmp, "notakernel"), "--kernel-size", "32M"],
         3, "not a flattened device tree"),
        (["--kernel-size", "12Q"], 64, "not a size"),
        (["--kernel-size", "-5"], 64, "not a size"),
        (["--kernel-size", "0xffffffffffffffffG"], 64, "not a size"),
        (["--loader", "kexec_foo", "--kernel-size", "1M"], 64,
         "kexec_file_load or kexec_load"),
        (["--kexec-tools", "banana", "--kernel-size", "1M"], 64,
         "not a kexec-tools version")):
    rc, out, err = run(binary, ["--snapshot", CAP] + args, root)
    check(rc == code and says in err,
          "%s: exit %d and the error says %r (got %d, %r)" %
          (args, code, says, rc, err.strip()[-200:]))
    if code == 3:
        rc, doc = audit_json(binary, ["--snapshot", CAP] + args, root, v)
        check(doc is not None and doc["placement_request"]["errors"] and
              doc["protected"], "%s: the audit went on, the error is in "
              "the JSON" % args)

# ---- proof mode in JSON: the loaded image and what it overwrites ----------
d = "testdata/checks/loaded_segment_overwrites"
rc, doc = audit_json(binary, ["--snapshot", d], root, v)
if doc:
    li = doc["loaded_images"]
    check(len(li) == 1 and li[0]["input"] == "kexec_log" and
          li[0]["source"] == "kexec_tools", "one kexec-tools load")
    if li:
        s1 = [s for s in li[0]["segments"] if s["index"] == 1]
        check(s1 and s1[0]["first"] == "0x0000000040160000" and
              s1[0]["memsz"] == 0xa0000, "segment 1 as printed")
        check(s1 and "LPI property table" in
              [o["name"] for o in s1[0]["overwrites"]],
              "segment 1 overwrites the LPI property table")
# ---- agreement with a real load: the vm suite's arm64 6.1 guest ----------
# The snapshot its collect.sh wrote and the kexec -l -d output of kexec-tools
# 2.0.25 in the same guest, for Debian's vmlinuz-6.1.0-56-cloud-arm64
# (image_size 0x1ab0000, text_offset 0) and a 2,897,015-byte initrd: the
# kexec_load what-if must give exactly the segments kexec-tools chose.
VM = "testdata/vm-snapshots/arm64-6.1-acpi-smp4"
rc, doc = audit_json(binary, ["--snapshot", VM + ".tar.gz", "--kexec-log",
                              VM + ".kexec.log", "--kernel-size", hex(KSIZE),
                              "--initrd-size", "2897015"], root, v)
if doc:
    real = sorted((s["first"], s["memsz"])
                  for s in doc["loaded_images"][0]["segments"])
    model = sorted((s["first"], s["size"]) for p in doc["placement"]
                   if p["loader"] == "kexec_load" for s in p["segments"])
    check(len(real) == 4 and real == model,
          "kexec_load what-if == the real kexec-tools 2.0.25 load: %s vs %s"
          % (model, real))
    check(rc == 0 and doc["verdict"] == "clean", "the real load is safe")
    # Debian's arm64 cloud kernel has no kexec_file_load
    fp = [p for p in doc["placement"] if p["loader"] == "kexec_file"]
    check(fp and fp[0]["status"] == "not_applicable" and
          "CONFIG_KEXEC_FILE" in fp[0]["why"],
          "kexec_file what-if: not applicable, CONFIG_KEXEC_FILE not set")
    ki = [i for i in doc["inputs"] if i["name"] == "kconfig"][0]
    check(ki["status"] == "ok" and ki["path"].endswith(
        "boot/config-6.1.0-56-cloud-arm64"), "kconfig from boot/config-")
# --rules-of asks about another kernel, which may be built with
# kexec_file_load: the running kernel's configuration (CONFIG_KEXEC_FILE not
# set) still says so (loader_not_built), but does not stop the model
rc, doc = audit_json(binary, ["--snapshot", VM + ".tar.gz", "--loader",
                              "kexec_file", "--kernel-size", hex(KSIZE),
                              "--rules-of", "6.1.0"], root, v)
if doc:
    fp = doc["placement"]
    check(len(fp) == 1 and fp[0]["status"] == "placed" and
          "rules of kernel 6.1.0" in fp[0]["rules"],
          "--rules-of 6.1.0: kexec_file modelled on a kernel without it "
          "(got %s)" % [(p["status"], p.get("why")) for p in fp])
    check(any(f["check"] == "loader_not_built" for f in doc["findings"]),
          "--rules-of: the running kernel still lacks kexec_file_load")

# ---- the kernel configuration as /proc/config.gz, and a broken one -------
snap = os.path.join(tmp, "snap")
with tarfile.open(os.path.join(root, VM + ".tar.gz")) as t:
    t.extractall(snap)
top = os.path.join(snap, "snapshot")
cfg = os.path.join(top, "boot", "config-6.1.0-56-cloud-arm64")
with open(cfg, "rb") as f:
    text = f.read()
os.remove(cfg)
with gzip.open(os.path.join(top, "proc", "config.gz"), "wb") as f:
    f.write(text)
rc, doc = audit_json(binary, ["--snapshot", top], root, v)
if doc:
    ki = [i for i in doc["inputs"] if i["name"] == "kconfig"][0]
    check(ki["status"] == "ok" and ki["path"].endswith("proc/config.gz"),
          "proc/config.gz read (got %s)" % ki)
    lb = [f for f in doc["findings"] if f["check"] == "loader_not_built"]
    check(len(lb) == 1 and "CONFIG_KEXEC_FILE" in lb[0]["message"] and
          lb[0]["evidence"] and lb[0]["evidence"][0]["input"] == "kconfig",
          "loader_not_built from the inflated config, with its line")
with open(os.path.join(top, "proc", "config.gz"), "wb") as f:
    f.write(gzip.compress(text)[:5000])  # cut short
rc, doc = audit_json(binary, ["--snapshot", top], root, v)
if doc:
    ki = [i for i in doc["inputs"] if i["name"] == "kconfig"][0]
    check(ki["status"] == "malformed" and "offset" in (ki["detail"] or ""),
          "a cut config.gz is malformed, with the offset (got %s)" % ki)
    check(not any(f["check"] == "loader_not_built"
                  for f in doc["findings"]),
          "nothing is concluded from a broken configuration")
# Kconfig writes no line at all for an option whose dependencies are not
# met (conf_write(): "# ... is not set" only for a visible symbol), so an
# option with no line in a whole .config is not built either: the real
# config without its "# CONFIG_KEXEC_FILE is not set" line
with gzip.open(os.path.join(top, "proc", "config.gz"), "wb") as f:
    f.write(text.replace(b"# CONFIG_KEXEC_FILE is not set\n", b""))
rc, doc = audit_json(binary, ["--snapshot", top], root, v)
if doc:
    lb = [f for f in doc["findings"] if f["check"] == "loader_not_built"]
    check(len(lb) == 1 and "not built" in lb[0]["message"] and
          "none for CONFIG_KEXEC_FILE" in lb[0]["message"],
          "no CONFIG_KEXEC_FILE line: kexec_file_load not built (got %s)"
          % [f["message"] for f in lb])
rc, out, err = run(binary, ["--kconfig", "/nonexistent/config"], root)
check(rc == 3 and "/nonexistent/config" in err,
      "--kconfig FILE unreadable: exit 3, named")

# ---- kexec_file_load on arm64, as the kernel itself placed it ------------
# Debian's 6.1 source built with CONFIG_KEXEC_FILE (tests/vm/kbuild.py); the
# snapshots were collected after `kexec -s -l`, so their dmesg.txt holds the
# kernel's own lines (kernel/kexec_file.c "Loading segment", machine_kexec_
# file.c "Loaded dtb at ... bufsz="). The what-if on the same snapshot,
# given the Image's image_size, the initrd's size and the command line the
# guest passed, must give those segments and that DTB byte count.
KF_CMDLINE = ("console=ttyAMA0 efi=debug%s log_buf_len=4M panic=-1 "
              "earlycon=pl011,0x9000000 ea.boot=2")
for tarball, acpi, isize in (("kfile-6.1-gicv3.tar.gz", True, 3185831),
                             ("kfile-noefi-6.1-gicv3.tar.gz", False,
                              3185814)):
    path = os.path.join(root, "testdata", "vm-snapshots", tarball)
    with tarfile.open(path) as t:
        log = t.extractfile("snapshot/dmesg.txt").read().decode()
    real = [(int(a, 16), int(n, 16)) for a, n in re.findall(
        r"Loading segment \d+: buf=\S+ bufsz=0x[0-9a-f]+ mem=0x([0-9a-f]+) "
        r"memsz=0x([0-9a-f]+)", log)]
    dtb = re.findall(r"Loaded dtb at 0x[0-9a-f]+ bufsz=0x([0-9a-f]+)", log)
    rc, doc = audit_json(binary, [
        "--snapshot", path, "--loader", "kexec_file", "--kernel-size",
        "0x5a0000", "--initrd-size", str(isize), "--cmdline",
        KF_CMDLINE % (" acpi=force" if acpi else "")], root, v)
    if not doc:
        continue
    p = [x for x in doc["placement"] if x["loader"] == "kexec_file"]
    got = [(int(sg["first"], 16), sg["memsz"]) for sg in p[0]["segments"]
           if sg["placed"]] if p else []
    check(len(real) == 3 and got == real,
          "%s: kexec_file what-if == the kernel's segments (%s; got %s)" %
          (tarball, real, got))
    check(p and re.findall(r"DTB 0x([0-9a-f]+) bytes", p[0]["rules"]) == dtb,
          "%s: the DTB rebuilt from sys/firmware/fdt == the kernel's bufsz "
          "0x%s" % (tarball, dtb))
    check(p and "page size 4 KiB from CONFIG_ARM64_4K_PAGES=y" in
          p[0]["rules"], "%s: the page size from the configuration" %
          tarball)

# kexec_file_load on x86 with CONFIG_IMA_KEXEC, as the kernel placed it
# (Debian's 6.12 source built for x86; testdata/vm-snapshots/SOURCE.md):
# ima_add_kexec_buffer() puts the measurement list first, one page,
# top-down, and bzImage64_load() sizes boot_params with the SETUP_IMA
# setup_data. The what-if on the snapshot, given the bzImage's init_size,
# the initrd's size and the command line, must give the kernel's five
# segments, the IMA one first where the kernel said it put the buffer, and
# the boot_params byte count the kernel printed.
path = os.path.join(root, "testdata", "vm-snapshots",
                    "kfile-x86-6.12-ima.tar.gz")
with tarfile.open(path) as t:
    log = t.extractfile("snapshot/dmesg.txt").read().decode()
real = [(int(a, 16), int(n, 16)) for a, n in re.findall(
    r"segment\[\d+\]: buf=\S+ bufsz=0x[0-9a-f]+ mem=0x([0-9a-f]+) "
    r"memsz=0x([0-9a-f]+)", log)]
ima_at = re.findall(r"kexec measurement buffer for the loaded kernel at "
                    r"0x([0-9a-f]+)", log)
bp = re.findall(r"Loaded boot_param, command line and misc at 0x[0-9a-f]+ "
                r"bufsz=0x([0-9a-f]+)", log)
rc, doc = audit_json(binary, [
    "--snapshot", path, "--loader", "kexec_file", "--kernel-size",
    "0xfb8000", "--initrd-size", "4329116", "--cmdline",
    "console=ttyS0 efi=debug log_buf_len=4M panic=-1 no_timer_check "
    "ea.boot=2"], root, v)
p = [x for x in (doc or {}).get("placement", [])
     if x["loader"] == "kexec_file"]
got = [(int(sg["first"], 16), sg["memsz"], sg["name"])
       for sg in p[0]["segments"] if sg["placed"]] if p else []
check(len(real) == 5 and [g[:2] for g in got] == real,
      "x86 IMA: kexec_file what-if == the kernel's segments (%s; got %s)" %
      (real, got))
check(len(ima_at) == 1 and got[:1] == [(int(ima_at[0], 16), 0x1000, "ima")],
      "x86 IMA: the what-if's first segment is the measurement list, where "
      "the kernel put it (0x%s; got %s)" % (ima_at, got[:1]))
est = re.findall(r"boot_params segment estimated at 0x([0-9a-f]+) bytes.*"
                 r"the IMA setup_data", " ".join(p[0]["assumptions"])
                 if p else "")
check(len(bp) == 1 and est == bp,
      "x86 IMA: the boot_params segment with the IMA setup_data == the "
      "kernel's bufsz 0x%s (got %s)" % (bp, est))

# kexec-tools 29fe506 (2.0.27): -a is the default, so `kexec -l` on a kernel
# with CONFIG_KEXEC_FILE is a kexec_file_load; the kexec_load model says so
for ver, said in (("2.0.25", False), ("2.0.27", True)):
    rc, doc = audit_json(binary, [
        "--snapshot", os.path.join(root, "testdata", "vm-snapshots",
                                   "kfile-6.1-gicv3.tar.gz"),
        "--loader", "kexec_load", "--kernel-size", "0x5a0000",
        "--kexec-tools", ver], root, v)
    notes = [a for p in (doc or {}).get("placement", [])
             for a in p["assumptions"] if "tries kexec_file_load first" in a]
    check(bool(notes) == said and (not said or "CONFIG_KEXEC_FILE" in
                                   notes[0]),
          "kexec-tools %s: the kexec_load model %s that kexec -l tries "
          "kexec_file_load first (got %s)" % (ver, "says" if said else
                                              "does not say", notes))

# kexec-tools --mem-min/--mem-max (kexec/kexec.c locate_hole(),
# valid_memory_range()) on the board without UEFI whose real 2.0.25 load
# put the kernel over its LPI tables (0x421a0000-0x421cffff; SOURCE.md);
# the addresses are worked out in tests/test_placement.c. Only the load
# without limits was observed; the window follows kexec-tools' code.
NOEFI = "testdata/captures/qemu-arm64-6.1-noefi-gicv3"
NOEFI_ARGS = ["--snapshot", NOEFI, "--loader", "kexec_load", "--kernel-size",
              "0x1ab0000", "--initrd-size", "3164907", "--cmdline",
              "console=ttyAMA0 efi=debug log_buf_len=4M panic=-1 earlycon "
              "ea.boot=2"]
rc, doc = audit_json(binary, NOEFI_ARGS, root, v)
k = doc and seg(doc, "kexec_load", "kernel")
check(k and k["first"] == "0x0000000041c00000" and
      sorted(o["name"] for o in k["overwrites"]) ==
      ["CPU0 LPI pending table", "CPU1 LPI pending table",
       "LPI property table"] and
      doc["placement_request"]["mem_min"] is None and
      doc["placement_request"]["mem_max"] is None,
      "no limits: the kernel where kexec-tools put it, over the LPI tables")
rc, doc = audit_json(binary, NOEFI_ARGS + ["--mem-min", "0x421d0000"], root,
                     v)
if doc:
    check(doc["placement_request"]["mem_min"] == "0x00000000421d0000" and
          doc["placement_request"]["mem_max"] is None,
          "--mem-min in the request (got %s)" % doc["placement_request"])
    p = [x for x in doc["placement"] if x["loader"] == "kexec_load"][0]
    check(p["status"] == "placed" and
          [(s_["name"], s_["first"]) for s_ in p["segments"]] ==
          [("kernel", "0x0000000042200000"), ("initrd", "0x0000000043cb0000"),
           ("dtb", "0x0000000043fb5000"), ("purgatory", "0x0000000043fb7000")]
          and not any(s_["overwrites"] for s_ in p["segments"]),
          "--mem-min above the LPI tables: every segment above them, "
          "nothing overwritten (got %s)" % p["segments"])
    check(not any(f["check"] == "placement_overwrites"
                  for f in doc["findings"]),
          "--mem-min above the LPI tables: no placement_overwrites")
    check("mem_min 0x421d0000" in p["rules"], "the rules say the window")
rc, doc = audit_json(binary, NOEFI_ARGS + ["--mem-max", "0x4219ffff"], root,
                     v)
if doc:
    p = [x for x in doc["placement"] if x["loader"] == "kexec_load"][0]
    pf = [f for f in doc["findings"] if f["check"] == "placement_fails"]
    check(p["status"] == "failed" and not p["segments"][0]["placed"] and
          "Could not find a free area of memory of 0x1ab0000" in
          p["segments"][0]["rule"] and pf and
          "--mem-max 0x4219ffff" in pf[0]["message"],
          "--mem-max below the LPI tables: the kernel does not fit, the "
          "load fails as kexec-tools fails it (got %s)" % p)
rc, out, err = run(binary, NOEFI_ARGS + ["--mem-min", "12Q"], root)
check(rc == 64 and "not an address" in err,
      "--mem-min 12Q: usage error (got %d, %r)" % (rc, err.strip()))
# the kernel's own loader ignores them, and says so
rc, doc = audit_json(binary, [
    "--snapshot", os.path.join(root, "testdata", "vm-snapshots",
                               "kfile-6.1-gicv3.tar.gz"),
    "--kernel-size", "0x5a0000", "--mem-min", "0x50000000"], root, v)
if doc:
    a_ = {x["loader"]: x["assumptions"] for x in doc["placement"]}
    check(any("--mem-min/--mem-max are not used" in t
              for t in a_.get("kexec_file", [])) and
          any("bind only kexec_load" in t for t in a_.get("kexec_load", [])),
          "kexec_file ignores --mem-min; kexec_load says -c from 2.0.27 "
          "(got %s)" % a_)

# the page size and whether kexec_file is built, from the configuration:
# the same snapshot with its configuration edited (synthetic: no real
# 64K-page capture)
with tempfile.TemporaryDirectory() as tmp:
    with tarfile.open(os.path.join(root, "testdata", "vm-snapshots",
                                   "kfile-6.1-gicv3.tar.gz")) as t:
        t.extractall(tmp)
    top = os.path.join(tmp, "snapshot")
    cz = os.path.join(top, "proc", "config.gz")
    with gzip.open(cz) as f:
        text = f.read().decode()
    text = text.replace("CONFIG_ARM64_4K_PAGES=y",
                        "# CONFIG_ARM64_4K_PAGES is not set").replace(
        "# CONFIG_ARM64_64K_PAGES is not set", "CONFIG_ARM64_64K_PAGES=y")
    for f in os.listdir(os.path.join(top, "boot")):
        os.remove(os.path.join(top, "boot", f))
    with gzip.open(cz, "wb") as f:
        f.write(text.encode())
    args = ["--snapshot", top, "--loader", "kexec_file", "--kernel-size",
            "0x5a0000", "--initrd-size", "3185831"]
    rc, doc = audit_json(binary, args, root, v)
    p = doc and [x for x in doc["placement"] if x["loader"] == "kexec_file"]
    check(p and "page size 64 KiB from CONFIG_ARM64_64K_PAGES=y" in
          p[0]["rules"] and not any("page size" in a
                                    for a in p[0]["assumptions"]),
          "CONFIG_ARM64_64K_PAGES=y: the model uses 64 KiB pages, from "
          "the configuration")
    # CONFIG_IMA_KEXEC=y: ima_add_kexec_buffer() adds the measurement list
    # first, top-down (the kernel's own DTB then carries
    # linux,ima-kexec-buffer). Pages are 64 KiB in this edited config; the
    # highest free memblock range is 0x7dec4418-0x7dfb8fff (between
    # memblock.reserved 7 and 8; 7fc00000-7ffdffff is NOMAP): top-down,
    # align_down(0x7dfb8fff - 0x10000, 64 KiB) = 0x7dfa0000; the DTB, which
    # needs a 2 MiB-aligned slot, stays at 0x7d200000 as in the real load
    with gzip.open(cz, "wb") as f:
        f.write((text + "CONFIG_IMA_KEXEC=y\n").encode())
    rc, doc = audit_json(binary, args, root, v)
    p = doc and [x for x in doc["placement"] if x["loader"] == "kexec_file"]
    segs = [(sg["name"], sg["first"], sg["memsz"])
            for sg in (p[0]["segments"] if p else [])]
    check(segs[:1] == [("ima", "0x000000007dfa0000", 0x10000)] and
          segs[-1][:2] == ("dtb", "0x000000007d200000") and
          "IMA measurement list is placed first" in p[0]["rules"],
          "CONFIG_IMA_KEXEC=y: the measurement list first, top-down "
          "(got %s)" % segs)
    os.remove(cz)
    rc, doc = audit_json(binary, args, root, v)
    p = doc and [x for x in doc["placement"] if x["loader"] == "kexec_file"]
    check(p and any("CONFIG_KEXEC_FILE assumed built" in a
                    for a in p[0]["assumptions"]),
          "no configuration: the what-if says it assumed kexec_file built")
done()
