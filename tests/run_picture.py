#!/usr/bin/env python3
"""The memory-map picture (--svg, --html), rendered for real: for real
escapes (the Stingray board's log and iomem; the capture of a board booted
without UEFI, with the load that killed its next kernel), the SVG is
well-formed (xmllint), headless Chromium renders it and the HTML page, the
rendering is not blank, and each escaping protected range is drawn in the
escape colour at its place — the pixel at the centre of its shape, not only
the XML — while a protected one is drawn in the protected colour."""
import os
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

sys.path.insert(0, os.path.dirname(__file__))
from common import audit_json, check, done, run, schema  # noqa: E402

binary, root = sys.argv[1], sys.argv[2]
v = schema(root)
ESCAPES = (0xd6, 0x27, 0x28)    # EA_SVG_ESCAPES, src/report/svg.h
PROTECTED = (0x2c, 0xa0, 0x2c)  # EA_SVG_PROTECTED
LATENT = (0xff, 0x98, 0x96)     # EA_SVG_LATENT
NS = "{http://www.w3.org/2000/svg}"

chromium = shutil.which("chromium") or shutil.which("chromium-browser")
check(chromium is not None, "headless Chromium is installed (scripts/deps.sh)")
check(shutil.which("xmllint") is not None, "xmllint is installed")
try:
    from PIL import Image
except ImportError:
    Image = None
check(Image is not None, "python3-pil is installed (scripts/deps.sh)")


def render(src, png, w, h, tmp):
    # a fresh profile per run; no sandbox (CI runs as root)
    p = subprocess.run([chromium, "--headless", "--no-sandbox",
                        "--disable-gpu", "--hide-scrollbars",
                        "--force-device-scale-factor=1",
                        "--user-data-dir=" + os.path.join(tmp, "profile"),
                        "--window-size=%d,%d" % (w, h),
                        "--screenshot=" + png, "file://" + src],
                       capture_output=True, timeout=180)
    check(p.returncode == 0 and os.path.exists(png),
          "chromium rendered %s (%d): %s" % (os.path.basename(src),
                                             p.returncode, p.stderr[-300:]))


def near(px, want, tol=6):
    return all(abs(a - b) <= tol for a, b in zip(px[:3], want))


CASES = [
    ("stingray", ["--dmesg",
                  "testdata/corpus/brcm-stingray-bcm958742k-arm64/dmesg.txt",
                  "--iomem",
                  "testdata/corpus/brcm-stingray-bcm958742k-arm64/iomem.txt"]),
    ("noefi", ["--snapshot",
               "testdata/captures/qemu-arm64-6.1-noefi-gicv3"]),
    ("clean", ["--snapshot",
               "testdata/captures/qemu-arm64-6.1-acpi-smp4-2g"]),
]

with tempfile.TemporaryDirectory() as tmp:
    for name, args in CASES:
        svg = os.path.join(tmp, name + ".svg")
        html = os.path.join(tmp, name + ".html")
        rc, doc = audit_json(binary, args + ["--svg", svg, "--html", html],
                             root, v)
        check(os.path.exists(svg) and os.path.exists(html),
              "%s: --svg and --html wrote their files" % name)
        p = subprocess.run(["xmllint", "--noout", svg], capture_output=True)
        check(p.returncode == 0, "%s: the SVG is well-formed XML: %s"
              % (name, p.stderr[-200:]))
        tree = ET.parse(svg).getroot()
        w, h = int(float(tree.get("width"))), int(float(tree.get("height")))
        png = os.path.join(tmp, name + ".png")
        render(svg, png, w, h, tmp)
        img = Image.open(png).convert("RGB")
        colours = img.getcolors(maxcolors=1 << 16)
        check(colours is None or len(colours) > 8,
              "%s: the rendering is not blank (%s colours)"
              % (name, len(colours) if colours else "many"))
        # every protected range, per loader: the pixel at its shape's
        # centre has the colour of the answer the report gives
        # a loader the kernel's config says is not built (JSON views
        # built: false): its escapes are latent, drawn in their own colour
        # (the noefi capture: # CONFIG_KEXEC_FILE is not set)
        answers = {}
        for pr in doc["protected"]:
            for loader, ans in pr["loaders"].items():
                if ans == "escapes" and \
                        doc["loader_views"][loader].get("built") is False:
                    ans = "latent"
                answers["p-%s@%s-%s" % (pr["kind"], pr["first"], loader)] = ans
        seen = {"escapes": 0, "protected": 0, "latent": 0}
        for r in tree.iter(NS + "rect"):
            rid = r.get("id")
            if not rid or rid not in answers:
                continue
            ans = answers[rid]
            if ans not in seen:
                continue
            x = float(r.get("x")) + float(r.get("width")) / 2
            y = float(r.get("y")) + float(r.get("height")) / 2
            px = img.getpixel((int(x), int(y)))
            want = {"escapes": ESCAPES, "latent": LATENT,
                    "protected": PROTECTED}[ans]
            check(near(px, want), "%s: %s (%s) is drawn in its colour at "
                  "(%d, %d): %s" % (name, rid, ans, x, y, px))
            seen[ans] += 1
        escaping = sum(1 for a in answers.values() if a == "escapes")
        check(seen["escapes"] == escaping,
              "%s: every escaping answer (%d) has its shape (%d)"
              % (name, escaping, seen["escapes"]))
        latent = sum(1 for a in answers.values() if a == "latent")
        check(seen["latent"] == latent,
              "%s: every latent escape (%d) has its shape (%d)"
              % (name, latent, seen["latent"]))
        if name == "noefi":
            # its LPI tables escape both views (SOURCE.md); kexec_file is
            # not built in Debian's 6.1 (its config)
            check(latent >= 3, "noefi: the LPI tables' kexec_file escapes "
                  "are drawn latent (%d)" % latent)
        if name != "clean":
            check(escaping > 0, "%s: a real escape to draw" % name)
        else:
            check(seen["protected"] > 0 and escaping == 0,
                  "clean: protected shapes drawn, no escape")
        render(html, os.path.join(tmp, name + "-html.png"), 1400, 600, tmp)
        # a title per shape: the evidence line for a range from the log
        titles = [t.text or "" for t in tree.iter(NS + "title")]
        check(any("dmesg:" in t for t in titles),
              "%s: shapes carry their evidence lines as <title>" % name)
done()
