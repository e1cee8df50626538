#!/usr/bin/python3
"""Kernels for the vm suite built from Debian's own source, with kexec_file.

Usage: kbuild.py [--list] [--jobs N] [NAME ...]

Every Debian arm64 kernel (5.10, 6.1, 6.12) is built with
`# CONFIG_KEXEC_FILE is not set`; these are the same trees
(`linux-source-6.1`, `linux-source-6.12`, Debian packages unpacked from
/usr/src) cross-compiled with gcc-aarch64-linux-gnu over allnoconfig plus
tests/vm/kernel/virt.config: a small kernel for QEMU `virt` (EFI stub, ACPI
and DT, GICv3 + ITS, PL011, initramfs, /proc/kcore, debugfs, kexec_load and
kexec_file, dynamic debug, /proc/config.gz; no modules). A `-revert` kernel
is the same tree with tests/vm/kernel/revert-2bab693a608b.patch applied (the
memblock_reserve() of efi_mem_reserve_iomem() taken out again), built
incrementally in the same object directory. An `-ima` kernel adds
tests/vm/kernel/ima.config (IMA with CONFIG_IMA_KEXEC, which needs
CONFIG_SECURITY: most of the tree rebuilds) and has its own object directory,
so that neither configuration rebuilds the other's. `own-x86-6.12-ima` is
the 6.12 tree built natively for x86_64 over tests/vm/kernel/x86.config (q35
on OVMF: EFI stub, ACPI, 8250 console, the same kexec and debug options)
plus ima.config: Debian's x86 kernels are built without CONFIG_IMA_KEXEC.

The cache lives outside the work tree, so that every clone on this machine
(and CI's fresh clone) shares it: $EA_VM_KCACHE, else
/var/cache/efiresv-audit-vm when it is writable (root), else
${XDG_CACHE_HOME:-~/.cache}/efiresv-audit-vm. In it:
  src/linux-source-V/   the unpacked source, one per series (a new package
                        version unpacks anew)
  obj/V/, obj/V-ima/,   kbuild's O= directory, one per series,
  obj/V-x86-ima/        architecture and configuration
  kernels/NAME-KEY/     the result: vmlinuz-RELEASE (the uncompressed arm64
                        Image, which kexec_file_load takes, or the x86
                        bzImage), config-RELEASE, release, inputs.json
KEY hashes everything the result depends on: the source package version,
the base configuration, the patch, the configuration fragment, the
compiler's version, the architecture (x86 only: the arm64 keys predate it)
and RECIPE below. A
kernel whose directory exists is not built again; a second run builds
nothing. One build at a time (a lock file), as one object directory serves
both variants.

Prints where each kernel is; exits non-zero when a build failed.
Standard library only; run with /usr/bin/python3.
"""

import argparse
import fcntl
import hashlib
import json
import os
import shutil
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
KDIR = os.path.join(HERE, "kernel")
CROSS = "aarch64-linux-gnu-"
# bump when the way a kernel is built changes (not its inputs)
RECIPE = "1: allnoconfig + KCONFIG_ALLCONFIG, make Image, fixed KBUILD_BUILD_*"

PATCHES = {"revert": "revert-2bab693a608b.patch"}
FRAGMENTS = {"ima": "ima.config"}
# how each architecture is built: kbuild's ARCH=, the compiler prefix
# (x86 is this machine's own), the base configuration, the make target and
# the image it leaves (arm64's uncompressed Image, which arm64
# kexec_file_load takes; x86's bzImage)
ARCHES = {
    "arm64": dict(make_arch="arm64", cross=CROSS, base="virt.config",
                  target="Image", image="arch/arm64/boot/Image"),
    "x86": dict(make_arch="x86_64", cross="", base="x86.config",
                target="bzImage", image="arch/x86/boot/bzImage"),
}
# name: (source package, patch or None, configuration fragment or None,
# architecture)
KERNELS = {
    "own-6.1": ("linux-source-6.1", None, None, "arm64"),
    "own-6.1-revert": ("linux-source-6.1", "revert", None, "arm64"),
    "own-6.12": ("linux-source-6.12", None, None, "arm64"),
    "own-6.12-revert": ("linux-source-6.12", "revert", None, "arm64"),
    "own-6.12-ima": ("linux-source-6.12", None, "ima", "arm64"),
    "own-x86-6.12-ima": ("linux-source-6.12", None, "ima", "x86"),
}


def cache_dir():
    d = os.environ.get("EA_VM_KCACHE")
    if d:
        return d
    var = "/var/cache/efiresv-audit-vm"
    if os.path.isdir(var) and os.access(var, os.W_OK) or (
            not os.path.exists(var) and os.access("/var/cache", os.W_OK)):
        return var
    xdg = os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache")
    return os.path.join(xdg, "efiresv-audit-vm")


def out(cmd, **kw):
    return subprocess.run(cmd, check=True, stdout=subprocess.PIPE,
                          **kw).stdout.decode(errors="replace")


def source_version(pkg):
    """The installed version of a linux-source package, or None."""
    p = subprocess.run(["dpkg-query", "-W", "-f", "${Version}", pkg],
                       stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    v = p.stdout.decode().strip()
    return v if p.returncode == 0 and v and os.path.exists(
        "/usr/src/%s.tar.xz" % pkg) else None


def inputs(name):
    """Everything a kernel depends on, or raises when a package is missing."""
    pkg, patch, frag, arch = KERNELS[name]
    a = ARCHES[arch]
    ver = source_version(pkg)
    if not ver:
        raise RuntimeError("%s: %s is not installed (scripts/deps.sh test)"
                           % (name, pkg))
    with open(os.path.join(KDIR, a["base"])) as f:
        config = f.read()
    ptext = ""
    if patch:
        with open(os.path.join(KDIR, PATCHES[patch])) as f:
            ptext = f.read()
    if frag:
        # appended to the base; a kernel without one keeps its key
        with open(os.path.join(KDIR, FRAGMENTS[frag])) as f:
            config += f.read()
    gcc = out([a["cross"] + "gcc", "--version"]).splitlines()[0]
    inp = dict(package=pkg, version=ver, config=config, patch=patch or "",
               patch_text=ptext, gcc=gcc, recipe=RECIPE)
    if arch != "arm64":
        # the arm64 kernels keep the keys they had before x86 was added
        inp["arch"] = arch
    return inp


def key_of(inp):
    return hashlib.sha256(json.dumps(inp, sort_keys=True).encode()
                          ).hexdigest()[:16]


def result_dir(name, inp=None):
    inp = inp or inputs(name)
    return os.path.join(cache_dir(), "kernels", "%s-%s" % (name, key_of(inp)))


def cached(name):
    """(vmlinuz, release) of a kernel already built, or None."""
    try:
        d = result_dir(name)
    except (RuntimeError, OSError, subprocess.CalledProcessError):
        return None
    try:
        with open(os.path.join(d, "release")) as f:
            rel = f.read().strip()
    except OSError:
        return None
    img = os.path.join(d, "vmlinuz-" + rel)
    return (img, rel) if os.path.exists(img) else None


def log(msg):
    print("kbuild: " + msg, flush=True)


def make_cmd(src, obj, arch, localversion):
    a = ARCHES[arch]
    return ["make", "-C", src, "O=" + obj, "ARCH=" + a["make_arch"]] + (
        ["CROSS_COMPILE=" + a["cross"]] if a["cross"] else []) + [
        "LOCALVERSION=" + localversion]


def make(src, obj, arch, args, logf, jobs, localversion):
    cmd = make_cmd(src, obj, arch, localversion) + [
           "KBUILD_BUILD_USER=ea",
           "KBUILD_BUILD_HOST=vm", "KBUILD_BUILD_TIMESTAMP=2026-01-01",
           "-j%d" % jobs] + args
    logf.write(("$ %s\n" % " ".join(cmd)).encode())
    logf.flush()
    p = subprocess.run(cmd, stdout=logf, stderr=subprocess.STDOUT)
    if p.returncode:
        raise RuntimeError("%s: exit %d (log: %s)" % (" ".join(cmd),
                                                      p.returncode,
                                                      logf.name))


def patched(src):
    try:
        with open(os.path.join(src, ".ea-patch")) as f:
            return f.read().strip()
    except OSError:
        return ""


def set_patch(src, want):
    """Applies or takes out the one patch so that the tree is `want`."""
    have = patched(src)
    if have == want:
        return
    if have:
        out(["patch", "-p1", "-R", "-s", "-i",
             os.path.join(KDIR, PATCHES[have])], cwd=src)
        os.unlink(os.path.join(src, ".ea-patch"))
    if want:
        out(["patch", "-p1", "-s", "-i", os.path.join(KDIR, PATCHES[want])],
            cwd=src)
        with open(os.path.join(src, ".ea-patch"), "w") as f:
            f.write(want + "\n")


def unpack_source(cache, pkg, ver):
    src = os.path.join(cache, "src", pkg)
    stamp = os.path.join(src, ".ea-version")
    try:
        with open(stamp) as f:
            if f.read().strip() == ver:
                return src
    except OSError:
        pass
    log("unpacking /usr/src/%s.tar.xz (%s)" % (pkg, ver))
    shutil.rmtree(src, ignore_errors=True)
    os.makedirs(os.path.dirname(src), exist_ok=True)
    out(["tar", "-xf", "/usr/src/%s.tar.xz" % pkg, "-C",
         os.path.dirname(src)])
    with open(stamp, "w") as f:
        f.write(ver + "\n")
    return src


def build(name, jobs):
    """Builds one kernel unless cached; returns (vmlinuz, release)."""
    have = cached(name)
    if have:
        return have
    inp = inputs(name)
    cache = cache_dir()
    os.makedirs(cache, exist_ok=True)
    with open(os.path.join(cache, "lock"), "w") as lk:
        fcntl.flock(lk, fcntl.LOCK_EX)
        have = cached(name)
        if have:
            return have
        t0 = time.time()
        pkg, patch, frag, arch = KERNELS[name]
        series = pkg[len("linux-source-"):]
        src = unpack_source(cache, pkg, inp["version"])
        # one object directory per series, architecture and fragment
        obj = os.path.join(cache, "obj", series + "".join(
            "-" + x for x in (arch != "arm64" and arch, frag) if x))
        os.makedirs(obj, exist_ok=True)
        set_patch(src, patch or "")
        localversion = "".join("-" + x for x in (patch, frag) if x)
        allconfig = os.path.join(KDIR, ARCHES[arch]["base"])
        if frag:
            allconfig = os.path.join(obj, "ea-allconfig")
            with open(allconfig, "w") as f:
                f.write(inp["config"])
        dest = result_dir(name, inp)
        log("building %s (%s %s%s) in %s, -j%d" % (
            name, pkg, inp["version"],
            "".join(", " + x for x in (patch and PATCHES[patch],
                                        frag and FRAGMENTS[frag]) if x),
            obj, jobs))
        with open(os.path.join(obj, "ea-build.log"), "wb") as lf:
            make(src, obj, arch,
                 ["KCONFIG_ALLCONFIG=" + allconfig, "allnoconfig"],
                 lf, jobs, localversion)
            with open(os.path.join(obj, ".config")) as f:
                got = set(f.read().splitlines())
            want = [ln for ln in inp["config"].splitlines()
                    if ln.startswith("CONFIG_") or
                    ln.startswith("# CONFIG_") and ln.endswith(" is not set")]
            miss = [ln for ln in want if ln not in got]
            if miss:
                raise RuntimeError("%s: %s lines not in the .config "
                                   "(a dependency is missing): %s" %
                                   (name, ARCHES[arch]["base"],
                                    ", ".join(miss)))
            make(src, obj, arch, [ARCHES[arch]["target"]], lf, jobs,
                 localversion)
        rel = out(make_cmd(src, obj, arch, localversion) +
                  ["-s", "kernelrelease"]).strip().splitlines()[-1]
        tmp = dest + ".tmp"
        shutil.rmtree(tmp, ignore_errors=True)
        os.makedirs(tmp)
        shutil.copyfile(os.path.join(obj, ARCHES[arch]["image"]),
                        os.path.join(tmp, "vmlinuz-" + rel))
        shutil.copyfile(os.path.join(obj, ".config"),
                        os.path.join(tmp, "config-" + rel))
        shutil.copyfile(os.path.join(obj, "System.map"),
                        os.path.join(tmp, "System.map-" + rel))
        with open(os.path.join(tmp, "inputs.json"), "w") as f:
            json.dump(dict(inp, built_in_s=round(time.time() - t0)), f,
                      indent=1, sort_keys=True)
        with open(os.path.join(tmp, "release"), "w") as f:
            f.write(rel + "\n")
        shutil.rmtree(dest, ignore_errors=True)
        os.rename(tmp, dest)
        log("%s: %s built in %.0f s" % (name, rel, time.time() - t0))
    return cached(name)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("names", nargs="*",
                    help="kernels to build (default all): " +
                    ", ".join(KERNELS))
    ap.add_argument("--list", action="store_true",
                    help="only say which kernels are cached")
    ap.add_argument("--jobs", type=int,
                    default=int(os.environ.get("EA_KBUILD_JOBS", "0")) or
                    min(2, os.cpu_count() or 1))
    args = ap.parse_args()
    names = args.names or list(KERNELS)
    bad = [n for n in names if n not in KERNELS]
    if bad:
        ap.error("unknown kernel %s" % ", ".join(bad))
    log("cache: %s" % cache_dir())
    rc = 0
    for n in names:
        if args.list:
            have = cached(n)
            log("%s: %s" % (n, "%s (%s)" % have if have else "not built"))
            continue
        try:
            img, rel = build(n, args.jobs)
            log("%s: %s (%s)" % (n, img, rel))
        except (RuntimeError, OSError, subprocess.CalledProcessError) as e:
            log("%s: FAILED: %s" % (n, e))
            rc = 1
    return rc


if __name__ == "__main__":
    sys.exit(main())
