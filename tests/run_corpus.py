#!/usr/bin/env python3
"""Real machines whose outcome the mailing-list threads established (see each
testdata/corpus/*/SOURCE.md): the audit must reach the same conclusion."""
import os
import sys

sys.path.insert(0, os.path.dirname(__file__))
from common import audit_json, check, done, schema  # noqa: E402

binary, root = sys.argv[1], sys.argv[2]
v = schema(root)
C = "testdata/corpus/"

# Broadcom Stingray, Linux 5.1: LPI tables in System RAM with no reserved
# child (before ab0eb16205b4), so kexec-tools may put segments over them.
rc, d = audit_json(binary, ["--dmesg", C + "brcm-stingray-bcm958742k-arm64/dmesg.txt",
                            "--iomem", C + "brcm-stingray-bcm958742k-arm64/iomem.txt"], root, v)
check(rc == 1 and d["verdict"] == "escape", "brcm: escape")
lpi = [p for p in d["protected"] if p["kind"].startswith("lpi_")]
check(len(lpi) == 9, "brcm: property table and 8 pending tables (%d)" % len(lpi))
check(all(p["loaders"]["kexec_load"] == "escapes" for p in lpi),
      "brcm: every LPI table escapes kexec_load")
# no memblock files: the knowledge base decides, and says so
check(all(p["loaders"]["kexec_file"] == "escapes" and
          p["loader_detail"]["kexec_file"]["inferred"] and
          p["loader_detail"]["kexec_file"]["kb_row"] == "memreserve_memblock"
          for p in lpi),
      "brcm: kexec_file escapes, inferred (5.1 predates 2bab693a608b)")
root_ = [p for p in d["protected"] if p["name"] == "MEMRESERVE root"]
check(root_ and root_[0]["first"] == "0x0000000085f83018" and
      root_[0]["loaders"]["kexec_load"] == "protected",
      "brcm: the MEMRESERVE root is under an iomem reserved child")

# ASUS UX391FA, Linux 5.3: ESRT in Boot Data, one unbroken System RAM in
# iomem, overwritten by kexec_file (the 2019 report).
rc, d = audit_json(binary, ["--dmesg", C + "asus-ux391fa-x86/dmesg.txt",
                            "--iomem", C + "asus-ux391fa-x86/iomem.txt"], root, v)
esrt = [f for f in d["findings"] if f["check"] == "config_table_escapes"
        and "ESRT" in f["message"] and "kexec_file" in f["message"]]
check(len(esrt) == 1 and esrt[0]["severity"] == "warning",
      "asus: a warning names ESRT and kexec_file")
check(esrt and esrt[0]["first"] == "0x0000000074dd6f98" and
      esrt[0]["last"] == "0x0000000074dd6fcf",
      "asus: ESRT range from the esrt reservation line")
check(d["verdict"] == "clean" and rc == 0,
      "asus: every ACPI table is in ACPI Tables/NVS, so no critical escape")
# ... and the kexec_file load at the end of that log put segment 2 on it
hit = [f for f in d["findings"] if f["check"] == "loaded_segment_overwrites"]
check(len(hit) == 1 and "ESRT" in hit[0]["message"] and
      "0x0000000073000000-0x0000000075499fff" in hit[0]["message"] and
      hit[0]["evidence"][0]["line"] == 1086,
      "asus: the real kexec_file segment over the ESRT is named: %s" %
      [f["message"] for f in hit])
rc, d = audit_json(binary, ["--dmesg", C + "asus-ux391fa-x86/dmesg-after-kexec.txt"], root, v)
check([f for f in d["findings"] if f["check"] == "post_kexec_corruption" and
       "ESRT" in f["message"]], "asus after kexec: the garbage ESRT is seen")

# Fujitsu arm64 server, 5.4: after the overwrite the next kernel walked a
# garbage MEMRESERVE chain (memblock=debug).
rc, d = audit_json(binary, ["--dmesg", C + "fujitsu-arm64-lpi-kexec/dmesg-after-kexec-memblock-debug.txt",
                            "--iomem", C + "fujitsu-arm64-lpi-kexec/iomem-fragment.txt"], root, v)
sym = [f for f in d["findings"] if f["check"] == "post_kexec_corruption"]
check(rc == 1 and d["verdict"] == "escape", "fujitsu: escape (it happened)")
check(len(sym) == 1 and len(sym[0]["evidence"]) == 4,
      "fujitsu: one finding with the 4 impossible reservations as evidence")

# Dell XPS 9320: /proc/iomem read without root.
rc, d = audit_json(binary, ["--dmesg", C + "dell-xps9320-x86/dmesg-notimestamps.txt",
                            "--iomem", C + "dell-xps9320-x86/iomem-unprivileged-zeroed.txt"], root, v)
check(rc == 2 and d["verdict"] == "incomplete", "dell-xps: incomplete")
io = [i for i in d["inputs"] if i["name"] == "iomem"][0]
check(io["status"] == "zeroed", "dell-xps: iomem zeroed")
check(all(p["loader_detail"][l]["inferred"] or p["loaders"][l] == "unknown"
          for p in d["protected"] for l in ("kexec_file", "kexec_load")),
      "dell-xps: no answer is measured without addresses (only inferred)")

# QEMU virt booted without firmware (testdata/captures/SOURCE.md): no
# MEMRESERVE table, so nothing reserves the LPI tables its log prints
# (dmesg.txt:69,70,98: 0x421a0000, CPU0 0x421b0000, CPU1 0x421c0000, 64 KiB
# each); proc/iomem has no reserved child and memblock/reserved no region
# over 0x421a0000-0x421cffff. kexec.log: kexec-tools 2.0.25 put segment 0
# (the kernel) at 0x41c00000 memsz 0x1ab0000, over all three; after kexec -e
# the next kernel took them over and died (observed/).
NOEFI = "qemu-arm64-6.1-noefi-gicv3"
rc, d = audit_json(binary, ["--snapshot", "testdata/captures/" + NOEFI], root, v)
check(rc == 1 and d["verdict"] == "escape", "noefi: escape (it happened)")
lpi = sorted((p["kind"], p["first"], p["last"], p["loaders"]["kexec_load"],
              p["loaders"]["kexec_file"]) for p in d["protected"]
             if p["kind"].startswith("lpi_"))
check(lpi == [("lpi_pending_table", "0x00000000421b0000", "0x00000000421bffff",
               "escapes", "escapes"),
              ("lpi_pending_table", "0x00000000421c0000", "0x00000000421cffff",
               "escapes", "escapes"),
              ("lpi_property_table", "0x00000000421a0000", "0x00000000421affff",
               "escapes", "escapes")],
      "noefi: the 3 LPI tables of the log, each escaping both loaders: %s" % lpi)
check(not [p for p in d["protected"] if p["kind"].startswith("memreserve")],
      "noefi: no MEMRESERVE range (no UEFI)")
hit = sorted(f["message"].split(" overlaps ")[1].split(":")[0]
             for f in d["findings"] if f["check"] == "loaded_segment_overwrites"
             and f["severity"] == "critical" and
             f["message"].startswith("segment 0 (kernel) 0x0000000041c00000-"
                                     "0x00000000436affff "))
check(hit == ["CPU0 LPI pending table 0x00000000421b0000-0x00000000421bffff",
              "CPU1 LPI pending table 0x00000000421c0000-0x00000000421cffff",
              "LPI property table 0x00000000421a0000-0x00000000421affff"] and
      len([f for f in d["findings"]
           if f["check"] == "loaded_segment_overwrites"]) == 3,
      "noefi: the loaded kernel segment is over exactly the 3 LPI tables: %s"
      % hit)

# Every other shared capture is a healthy system.
for cap in sorted(os.listdir(os.path.join(root, "testdata", "captures"))):
    if (not os.path.isdir(os.path.join(root, "testdata", "captures", cap))
            or cap == NOEFI):
        continue
    rc, d = audit_json(binary, ["--snapshot", "testdata/captures/" + cap], root, v)
    check(rc == 0 and d["verdict"] == "clean", "%s: clean" % cap)
    check(not [f for f in d["findings"] if f["severity"] in ("critical", "error")],
          "%s: no critical or error finding" % cap)
done()
