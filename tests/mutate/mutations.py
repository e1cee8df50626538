"""The mutations tests/mutate/run.py applies to src/, one at a time.

Each is a realistic bug: what a plausible edit of the code could get wrong
(a comparison off by one, a flag or a case forgotten, a field or a unit
confused, a copy-and-paste slip). Fields:

  id          short, unique, [a-z0-9-]
  file        the file it changes, from the top of the tree
  orig        text that occurs exactly once in that file (anchor on short,
              stable snippets: `run.py --check-list`, a ctest, fails when a
              refactor moves or rewrites it, and names the mutation)
  new         what replaces it; it must compile without warnings (-Werror)
  bug         the realistic bug, in one line
  covers      the checks ("check:<id>") and parsers ("parser:<src/read
              name>") it exercises; every check and parser needs one
  equivalent  for a mutation no test can kill: why it changes no
              observable behaviour (or why no input can show it); None
              otherwise

A mutation that survives gets a test that kills it (real data where any
real file shows the case, else a minimal synthetic input with a note); only
a mutation that no input can tell apart is argued equivalent here.
"""


# src/read/*.c that parse nothing themselves (the others are the parsers
# every one of which a mutation must cover)
NOT_PARSERS = {
    "firmware": "gathers the firmware's structures; devtree, efimap, "
                "efisystab, acpi and acpidump parse them",
    "readers": "runs every reader once over its input",
    "sources": "finds the inputs: a snapshot, the live system, files",
}


def M(id, file, orig, new, bug, covers=(), equivalent=None):
    return {"id": id, "file": file, "orig": orig, "new": new, "bug": bug,
            "covers": list(covers), "equivalent": equivalent}


CK = "src/check/checks.c"

MUTATIONS = [
    # ---- the checks (src/check/checks.c), one or more each ----------------
    M("escape-unknown-as-escape", CK,
      "if (d->ans != EA_ESCAPES ||\n\t\t\t    a->m->view[l].built == "
      "EA_BUILT_NO)",
      "if (d->ans == EA_PROTECTED ||\n\t\t\t    a->m->view[l].built == "
      "EA_BUILT_NO)",
      "an unknown answer of an escaping range is reported as an escape too",
      ["check:critical_range_escapes"]),
    M("config-escape-wrong-tier", CK,
      "critical_or_warning_escape(a, EA_TIER_WARNING,",
      "critical_or_warning_escape(a, EA_TIER_CRITICAL,",
      "the configuration-table check walks the critical tier (a copy of "
      "the call above it)",
      ["check:config_table_escapes"]),
    M("views-disagree-names-swapped", CK,
      "f == EA_PROTECTED ? EA_KEXEC_FILE : EA_KEXEC_LOAD;",
      "f == EA_ESCAPES ? EA_KEXEC_FILE : EA_KEXEC_LOAD;",
      "the loader that protects and the one that does not are named the "
      "wrong way round",
      ["check:loader_views_disagree"]),
    M("acpi-usable-forgets-boot-data", CK,
      "t == EA_EFI_BOOT_DATA || t == EA_EFI_LOADER_CODE ||",
      "t == EA_EFI_LOADER_CODE ||",
      "Boot Data (the common firmware bug) is not counted as memory the OS "
      "may use",
      ["check:acpi_table_in_usable_memory"]),
    M("acpi-outside-runtime-map", CK,
      "bool runtime_only = true;",
      "bool runtime_only = false;",
      "a kexec'd x86 kernel's runtime-only map is not recognised: its ACPI "
      "tables are reported outside the map",
      ["check:acpi_table_outside_efi_map"]),
    M("acpi-straddle-off-by-one", CK,
      "want == STRADDLES && d->r.last < p->r.last",
      "want == STRADDLES && d->r.last <= p->r.last",
      "a table ending on its descriptor's last byte is said to run past it",
      ["check:acpi_table_straddles_descriptors"]),
    M("acpi-bad-length-zero-missed", CK,
      "else if (t->length == 0)\n\t\t\twhy = \"length 0\";\n\t\telse if",
      "else if",
      "a table printed with length 0 is not reported (and silently not "
      "protected)",
      ["check:acpi_table_bad_length"]),
    M("efi-overlap-reach-previous", CK,
      "if (d->r.last > reach->r.last)\n\t\t\treach = d;",
      "reach = d;",
      "overlaps are looked for against the previous descriptor, not the "
      "one reaching highest: a descriptor inside a large one hides the "
      "next overlap",
      ["check:efi_map_overlap"]),
    M("efi-unsorted-reversed", CK,
      "if (v[i].r.first < v[i - 1].r.first && !count++)",
      "if (v[i].r.first > v[i - 1].r.first && !count++)",
      "the order test written backwards",
      ["check:efi_map_unsorted"]),
    M("efi-misaligned-end-unchecked", CK,
      "if ((d->r.first & 0xfff) == 0 && (d->r.last & 0xfff) == 0xfff)",
      "if ((d->r.first & 0xfff) == 0)",
      "only the start of a descriptor is checked for 4 KiB alignment",
      ["check:efi_map_misaligned"]),
    M("esrt-garbage-critical", CK,
      "a, &ck_post_kexec_corruption, EA_SEV_WARNING, r,",
      "a, &ck_post_kexec_corruption, EA_SEV_CRITICAL, r,",
      "a garbage ESRT (a lost config table) is made critical, an escape",
      ["check:post_kexec_corruption"]),
    M("crash-kernel-needs-containment", CK,
      "if (ea_rangeset_first_overlap(&ck, p->r) < 0)\n\t\t\tcontinue;",
      "if (!ea_rangeset_covers(&ck, p->r))\n\t\t\tcontinue;",
      "a protected range only partly inside the crash kernel region is not "
      "reported",
      ["check:protected_range_in_crash_kernel"]),
    M("memreserve-unreadable-is-corrupt", CK,
      "\"unreadable\") == NULL &&",
      "\"not readable\") == NULL &&",
      "the check looks for a wording of the walk's reason that memreserve.c "
      "does not use: a node that could not be read is called corrupt",
      ["check:memreserve_chain_unread"]),
    M("memreserve-unread-node-flag", CK,
      "if (!is_corrupt && a->src->memreserve.has_unread_node &&\n"
      "\t    ram_set(a, &ram)) {",
      "if (!is_corrupt && ram_set(a, &ram)) {",
      "the unread node's address is tested for RAM when there is none (a "
      "chain never walked is called corrupt)",
      ["check:memreserve_chain_corrupt"]),
    M("input-needed-memblock-x86", CK,
      "return a->m->arch != EA_ARCH_X86_64;",
      "return true;",
      "memblock debugfs is required on x86 too, which has none",
      ["check:input_unusable"]),
    M("unreadable-line-not-blind", CK,
      "EA_CHECK(input_line_unreadable, check_input_line_unreadable, "
      "EA_SEV_ERROR,\n\t EA_CK_BLINDS,",
      "EA_CHECK(input_line_unreadable, check_input_line_unreadable, "
      "EA_SEV_ERROR,\n\t EA_CK_REPORTS,",
      "an unreadable line no longer makes the verdict INCOMPLETE",
      ["check:input_line_unreadable"]),
    M("not-from-boot-without-log", CK,
      "if (a->src->in[EA_IN_DMESG].status != EA_IN_OK ||\n"
      "\t    a->src->dmesg.starts_at_boot)",
      "if (a->src->dmesg.starts_at_boot)",
      "a missing kernel log is also said not to reach back to boot",
      ["check:dmesg_not_from_boot"]),
    M("boot-repeated-lines-swapped", CK,
      "bool skip1st = r->skip_first < r->kept_first;",
      "bool skip1st = r->skip_first > r->kept_first;",
      "the repeated boot's finding names the copies the wrong way round",
      ["check:dmesg_boot_repeated"]),
    M("lpi-chain-incomplete-trusted", CK,
      "if (!a->src->has_memreserve || !a->src->memreserve.complete)\n"
      "\t\treturn;\n\t/* added in address order",
      "if (!a->src->has_memreserve)\n\t\treturn;\n"
      "\t/* added in address order",
      "an LPI table is said to have no chain entry when the chain was not "
      "read whole",
      ["check:lpi_table_not_in_memreserve"]),
    M("memreserve-memblock-unusable", CK,
      "bool mb = a->src->in[EA_IN_MB_RESERVED].status == EA_IN_OK;",
      "bool mb = a->src->in[EA_IN_MB_RESERVED].status != EA_IN_ABSENT;",
      "an unusable memblock.reserved (unreadable, malformed) is taken as "
      "nothing reserved",
      ["check:memreserve_entry_not_reserved"]),
    M("its-fdt-base-wrong-end", CK,
      "if (u64_in(logb, nl, t->r.first))",
      "if (u64_in(logb, nl, t->r.last))",
      "the device tree's ITS is matched by the end of its reg, not its base",
      ["check:its_base_mismatch"]),
    M("not-efi-when-unknown", CK,
      "if (k->uefi.v != EA_FACT_NO)\n\t\treturn;",
      "if (k->uefi.v == EA_FACT_YES)\n\t\treturn;",
      "a boot whose UEFI use is unknown is said not to be UEFI",
      ["check:not_efi_booted"]),
    M("lpi-not-persistent-wrong-category", CK,
      "expect.cat[EA_EXPECT_MEMRESERVE];\n\tif (x->expected && !x->met)",
      "expect.cat[EA_EXPECT_LPI_TABLES];\n\tif (x->expected && !x->met)",
      "the LPI tables' expectation is consulted for the MEMRESERVE table's "
      "(a copy of the line for another category)",
      ["check:lpi_tables_not_persistent"]),
    M("not-root-as-root", CK,
      "if (!a->src->live || a->src->euid == 0)",
      "if (!a->src->live)",
      "a live audit as root says it is not root",
      ["check:not_root"]),
    M("placement-overlap-range", CK,
      "struct ea_range ov = { pr->r.first > s->r.first",
      "struct ea_range ov = { pr->r.first < s->r.first",
      "the overwritten part of a range is computed with min for max",
      ["check:placement_overwrites"]),
    M("inferred-rows-unfiltered", CK,
      "if (!d->inferred)\n\t\t\t\tcontinue;\n\t\t\tconst char *row",
      "const char *row",
      "every answer, not only the inferred ones, is listed as inferred",
      ["check:answer_inferred"]),
    M("acpidump-log-fragment", CK,
      "if (!hit && d->starts_at_boot)",
      "if (!hit)",
      "a log fragment (not from boot) is expected to list every table",
      ["check:acpidump_log_disagree"]),
    M("config-diff-memreserve-name", CK,
      "strcmp(c->name, \"MEMRESERVE\") == 0)",
      "strcmp(c->name, \"LINUX_EFI_MEMRESERVE\") == 0)",
      "a moved MEMRESERVE table is only a warning (the name spelled as the "
      "GUID's macro)",
      ["check:config_tables_differ_from_log"]),
    M("efimap-end-change-not-grave", CK,
      "(d->what & (EA_EFIMAP_DIFF_END | EA_EFIMAP_DIFF_TYPE)));",
      "(d->what & EA_EFIMAP_DIFF_TYPE));",
      "a descriptor whose end moved since boot is only a warning on arm64",
      ["check:efi_map_differs_from_log"]),
    M("latent-unknown-build", CK,
      "if (d->ans != EA_ESCAPES || v->built != EA_BUILT_NO)",
      "if (d->ans != EA_ESCAPES || v->built == EA_BUILT_YES)",
      "a loader whose build is unknown (no kernel configuration) is taken "
      "as not built: its escapes are also called latent",
      ["check:latent_escape"]),
    # ---- the verdict ------------------------------------------------------
    M("inferred-protected-seen", "src/check/verdict.c",
      "if (has && (d->ans == EA_UNKNOWN ||\n\t\t\t\t    (d->inferred && "
      "d->ans != EA_ESCAPES)))",
      "if (has && d->ans == EA_UNKNOWN)",
      "an inferred \"protected\" answer counts as seen: CLEAN without the "
      "view's input"),
    M("loaded-hit-not-counted", "src/check/verdict.c",
      "if (e || hit[i]) {",
      "if (e) {",
      "a range a loaded image overwrites is not counted among the escaping"),
    # ---- cross-checks ----------------------------------------------------
    M("efimap-attr-diff-ignored", "src/check/cross_efimap.c",
      "if (x->attr != y->attr)\n\t\t\twhat |= EA_EFIMAP_DIFF_ATTR;\n",
      "",
      "descriptors whose attributes changed since boot compare equal",
      ["check:efi_map_differs_from_log"]),
    M("systab-unread-as-missing", "src/check/cross_systab.c",
      "complete ? EA_SYSTAB_CMP_ONLY_LOG : EA_SYSTAB_CMP_UNREAD;",
      "EA_SYSTAB_CMP_ONLY_LOG;",
      "a configuration table not read from memory is said to be missing "
      "there",
      ["check:config_tables_differ_from_log"]),
    M("acpi-length-diff-not-differ", "src/check/cross_acpi.c",
      "emit(cb, EA_ACPI_CMP_LENGTH_DIFFERS, true, m, l, order,",
      "emit(cb, EA_ACPI_CMP_LENGTH_DIFFERS, false, m, l, order,",
      "a table whose length in memory differs from the log's is not a "
      "disagreement",
      ["check:acpi_log_memory_disagree"]),
    M("acpi-sysfs-header-only", "src/check/cross_acpi.c",
      "if (d == f->len)\n\t\t\tfile_row(out, EA_ACPI_FILE_SAME",
      "if (d == f->len || d >= 36)\n\t\t\tfile_row(out, EA_ACPI_FILE_SAME",
      "a sysfs table is compared with memory by its 36-byte header only",
      ["check:acpi_sysfs_memory_disagree"]),
    # ---- the parsers (src/read) -------------------------------------------
    M("dmesg-virt-base-x86-only", "src/read/dmesg.c",
      "#define VIRT_BASE 0xffff000000000000ULL",
      "#define VIRT_BASE 0xffff800000000000ULL",
      "only x86's kernel half is taken as virtual: an arm64 linear-map "
      "address (0xffff0000...) of a dynamic SSDT becomes a physical range",
      ["check:acpi_table_virtual_address", "parser:dmesg"]),
    M("dmesg-x86-restart-wrong-map", "src/read/dmesg.c",
      "if (!p->x86_runtime && idx == 0 && p->out->efi_map.n)",
      "if (!p->x86_runtime && idx == 0 && p->out->efi_runtime_map.n)",
      "x86 efi=debug's second memNN: listing (the runtime map, restarting "
      "at mem00) is appended to the boot map",
      ["parser:dmesg"]),
    M("dmesg-x86-invalid-kept", "src/read/dmesg.c",
      "if (ends_with_trimmed(s, n, \"(invalid)\"))",
      "if (ends_with_trimmed(s, n, \"(Invalid)\"))",
      "an x86 memNN: line the kernel marked (invalid) is kept as a "
      "descriptor",
      ["parser:dmesg"]),
    M("dmesg-its-addr-is-base", "src/read/dmesg.c",
      "t->count = count;\n\tt->addr = addr;",
      "t->count = count;\n\tt->addr = base;",
      "an ITS table's address is taken from the ITS base",
      ["check:its_table_reported", "parser:dmesg"]),
    M("dmesg-crashkernel-end-inclusive", "src/read/dmesg.c",
      "\tif (!ea_cur_0x(&c, &to, \"end address\"))\n\t\treturn "
      "bad(p, &c, what);\n\tif (to <= from || !ea_range_make(from, to - 1, &r))",
      "\tif (!ea_cur_0x(&c, &to, \"end address\"))\n\t\treturn "
      "bad(p, &c, what);\n\tif (to <= from || !ea_range_make(from, to, &r))",
      "the crashkernel line's exclusive end is taken as inclusive",
      ["parser:dmesg", "check:protected_range_in_crash_kernel"]),
    M("dmesg-esrt-end-inclusive", "src/read/dmesg.c",
      "!ea_range_make(from, to - 1, &r))\n\t\treturn fail(p, \"%s: end "
      "0x%llx is not above start 0x%llx\", what,\n\t\t\t    (unsigned long "
      "long)to, (unsigned long long)from);\n\tif (!p->out->has_esrt_resv)",
      "!ea_range_make(from, to, &r))\n\t\treturn fail(p, \"%s: end "
      "0x%llx is not above start 0x%llx\", what,\n\t\t\t    (unsigned long "
      "long)to, (unsigned long long)from);\n\tif (!p->out->has_esrt_resv)",
      "the ESRT reservation line's exclusive end is taken as inclusive",
      ["parser:dmesg", "check:config_table_escapes"]),
    M("logline-caller-id-c", "src/read/logline.c",
      "if (i < n && (s[i] == 'T' || s[i] == 'C')) {",
      "if (i < n && s[i] == 'T') {",
      "a \"[  C1]\" caller-id stamp (printk on a CPU) is not recognised",
      ["parser:logline"]),
    M("logline-reltime-plus", "src/read/logline.c",
      "} else if (i < n && (s[i] == '<' || s[i] == '+')) {",
      "} else if (i < n && s[i] == '<') {",
      "dmesg --reltime's \"[  +0.000012]\" stamp is not recognised",
      ["parser:logline"]),
    M("kexeclog-memsz-from-bufsz", "src/read/kexeclog.c",
      "s->memsz = memsz;\n\ts->bufsz = bufsz;",
      "s->memsz = bufsz;\n\ts->bufsz = bufsz;",
      "a kexec_file segment's size taken from bufsz (the file part), not "
      "memsz",
      ["parser:kexeclog", "check:loaded_segment_overwrites"]),
    M("kexeclog-mem-before-memsz", "src/read/kexeclog.c",
      "else if (ea_cur_skip(c, \"memsz\"))\n\t\tf = F_MEMSZ;\n\telse if "
      "(ea_cur_skip(c, \"mem\"))\n\t\tf = F_MEM;",
      "else if (ea_cur_skip(c, \"mem\"))\n\t\tf = F_MEM;\n\telse if "
      "(ea_cur_skip(c, \"memsz\"))\n\t\tf = F_MEMSZ;",
      "the prefix \"mem\" is tried before \"memsz\": kexec-tools' memsz "
      "lines are lost",
      ["parser:kexeclog"]),
    M("iomem-contains-swapped", "src/read/iomem.c",
      "if ((sr.first || sr.last) && ea_range_contains(sr, r))",
      "if ((sr.first || sr.last) && ea_range_contains(r, sr))",
      "an equally indented line (past MAX_IORES_LEVEL) that contains this "
      "one is not taken as its parent (arguments swapped)",
      ["parser:iomem"]),
    M("iomem-tab-one-column", "src/read/iomem.c",
      "w = (w / 8 + 1) * 8;",
      "w++;",
      "a tab in a mailed /proc/iomem counts as one column",
      ["parser:iomem"]),
    M("memblock-node-x", "src/read/memblock.c",
      "if (!ea_cur_skip(c, \"x\")) {",
      "if (!ea_cur_skip(c, \"X\")) {",
      "the >= 6.5 node column's 'x' (no node) is not recognised",
      ["parser:memblock"]),
    M("memblock-nomap-flag-ignored", "src/model/views.c",
      "(r->flag == EA_MB_NOMAP || r->flag == EA_MB_DRV_MNG))\n"
      "\t\t\tcontinue;",
      "r->flag == EA_MB_DRV_MNG)\n\t\t\tcontinue;",
      "the >= 6.5 memblock NOMAP flag is not used: NOMAP regions become "
      "kexec_file candidates",
      ["parser:memblock"]),
    M("devtree-magic-little-endian", "src/read/devtree.c",
      "if (!ea_bytes_be32(&hb, H_MAGIC, &h->magic) ||",
      "if (!ea_bytes_u32(&hb, H_MAGIC, &h->magic) ||",
      "the FDT magic read little-endian",
      ["parser:devtree", "check:fdt_unusable"]),
    M("devtree-resmem-ranges-optional", "src/read/devtree.c",
      "me->sc != f->root_size_cells || !ranges) {",
      "me->sc != f->root_size_cells) {",
      "/reserved-memory without a ranges property is taken as used",
      ["parser:devtree", "check:reserved_memory_ignored"]),
    M("devtree-initrd-end-inclusive", "src/read/devtree.c",
      "f->initrd_start.v, f->initrd_end.v - 1, &f->initrd);",
      "f->initrd_start.v, f->initrd_end.v, &f->initrd);",
      "/chosen linux,initrd-end (exclusive) taken as the last byte",
      ["parser:devtree"]),
    M("efimap-fixed-desc-size", "src/read/efimap.c",
      "const size_t off = (size_t)(i * ds);",
      "const size_t off = (size_t)(i * EA_EFI_DESC_MIN);",
      "descriptors stepped by sizeof(efi_memory_desc_t), not the map's "
      "desc_size (48 on real firmware)",
      ["parser:efimap"]),
    M("efisystab-crc-zeroes-reserved", "src/read/efisystab.c",
      "memset(b + 16, 0, 4);",
      "memset(b + 20, 0, 4);",
      "the CRC is computed with the Reserved field zeroed, not CRC32",
      ["parser:efisystab", "check:efi_systab_crc_bad"]),
    M("memreserve-count-above-size", "src/read/memreserve.c",
      "if (size < 0 || size > EA_MR_MAX_NODE_ENTRIES || count < 0 ||\n"
      "\t    count > size) {",
      "if (size < 0 || size > EA_MR_MAX_NODE_ENTRIES || count < 0) {",
      "a node whose count exceeds its size is read past its end",
      ["parser:memreserve", "check:memreserve_chain_corrupt"]),
    M("memreserve-loop-undetected", "src/read/memreserve.c",
      "if (s->v[h] == k)\n\t\t\treturn false;",
      "if (s->v[h] == k)\n\t\t\tbreak;",
      "a node reached twice is not seen as a loop (the walk runs to the "
      "node limit)",
      ["parser:memreserve", "check:memreserve_chain_corrupt"]),
    M("acpi-checksum-20-bytes", "src/read/acpi.c",
      "ea_acpi_sum8(b, kind == K_RSDP ? RSDP_V1_LEN : len);",
      "ea_acpi_sum8(b, RSDP_V1_LEN);",
      "every table's checksum is taken over 20 bytes, as the RSDP's",
      ["parser:acpi", "check:acpi_checksum_bad"]),
    M("acpidump-zero-without-addr", "src/read/acpidump.c",
      "if (out->tables.v[i].has_addr && out->tables.v[i].addr)\n"
      "\t\t\tany = true;",
      "if (out->tables.v[i].has_addr)\n\t\t\tany = true;",
      "an acpidump whose addresses are all 0 is taken as having addresses",
      ["parser:acpidump", "check:acpidump_zero_addresses"]),
    M("procinfo-type-newline", "src/read/procinfo.c",
      "if (tl && buf[tl - 1] == '\\n')\n\t\ttl--;\n",
      "",
      "the memmap type keeps its newline: no entry is \"System RAM\"",
      ["parser:procinfo"]),
    M("runtimemap-pages-as-bytes", "src/read/runtimemap.c",
      "!ea_range_from_size(v[F_PHYS], v[F_PAGES] << EFI_PAGE_SHIFT,",
      "!ea_range_from_size(v[F_PHYS], v[F_PAGES],",
      "num_pages taken as a byte count",
      ["parser:runtimemap"]),
    M("kexecbin-no-nul", "src/read/kexecbin.c",
      "if (z < end && *z == '\\0' && z > q &&",
      "if (z > q &&",
      "a \"kexec-tools X.Y.Z\" in any text of the binary is taken as its "
      "version, not only the NUL-terminated PACKAGE_STRING",
      ["parser:kexecbin"]),
    M("kexec-tools-2020-as-new", "src/model/views.c",
      "t->patch < 21));",
      "t->patch < 20));",
      "kexec-tools 2.0.20 is taken to keep off System RAM's reserved "
      "lines, which f736104 (2.0.21) made it do: a wrong CLEAN",
      ["check:critical_range_escapes"]),
    M("kexec-tools-unknown-as-new", "src/model/answer.c",
      "long j = i < 0 && v->tools == EA_VIEW_TOOLS_UNKNOWN",
      "long j = i < 0 && v->tools == EA_VIEW_TOOLS_NA",
      "with the kexec-tools version unknown a reserved line of System RAM "
      "is protected from kexec_load without the answer saying that the "
      "2.0.21 rules were assumed",
      ["check:critical_range_escapes"]),
    M("kconfig-absent-is-built", "src/read/kconfig.c",
      "k->v[o] != EA_KC_SET;",
      "k->v[o] == EA_KC_NOT_SET;",
      "an option with no line in the configuration is taken as built",
      ["parser:kconfig", "check:placement_not_applicable"]),
    M("built-other-line-slip", "src/model/views.c",
      "} else if (kc->v[L[i].other] != EA_KC_NO_LINE) {",
      "} else if (kc->v[L[i].opt] != EA_KC_NO_LINE) {",
      "the line of the other loader's option is looked for under this "
      "one's (a copy of the tests above): a whole configuration without "
      "a CONFIG_KEXEC_FILE line is taken as an excerpt, the loader as "
      "built",
      ["parser:kconfig", "check:loader_not_built"]),
    M("physmem-overlap-trim-short", "src/read/physmem.c",
      "uint64_t delta = covered_last - s.paddr + 1;",
      "uint64_t delta = covered_last - s.paddr;",
      "overlapping memory pieces are trimmed one byte short",
      ["parser:physmem"]),
    M("kimage-offsets-swapped", "src/read/kimage.c",
      "!ea_bytes_u64(b, 8, &to) ||\n\t    !ea_bytes_u64(b, 16, &sz)",
      "!ea_bytes_u64(b, 16, &to) ||\n\t    !ea_bytes_u64(b, 8, &sz)",
      "the arm64 Image header's text_offset and image_size read from each "
      "other's offsets",
      ["parser:kimage"]),
    M("manifest-later-key-wins", "src/read/manifest.c",
      "if (!*slot)\n\t\t\t*slot = value(m, v, vn);",
      "*slot = value(m, v, vn);",
      "a MANIFEST header key given twice: the later value replaces the "
      "first (the one user_uid() read the uid from)",
      ["parser:manifest"]),
    M("manifest-value-space-kept", "src/read/manifest.c",
      "if (vn && *v == ' ') {",
      "if (vn && *v == '\\t') {",
      "the blank after \"key:\" is kept in the value (hdr() writes "
      "\"key: value\")",
      ["parser:manifest"]),
    # ---- the model ---------------------------------------------------------
    M("lpi-size-always-64k", "src/model/protect.c",
      "r = e->r;",
      "ea_range_from_size(addr, SZ_64K, &r);",
      "an LPI table's size is always taken as 64 KiB, not from its "
      "MEMRESERVE entry"),
    M("crash-kernel-line-not-kept", "src/model/views.c",
      "ea_iomem_is(r, EA_IOMEM_KERNEL_DATA) ||\n"
      "\t       ea_iomem_is(r, EA_IOMEM_CRASH_KERNEL);",
      "ea_iomem_is(r, EA_IOMEM_KERNEL_DATA);",
      "kexec-tools >= 2.0.21 subtracts the Crash kernel line, which it "
      "keeps"),
    M("views-page-trim-rounds-down", "src/model/views.c",
      "first = (first | 0xfff) + 1;",
      "first = first & ~0xfffULL;",
      "a free range starting inside a page gains that whole page"),
    M("boots-same-run-is-clue", "src/model/boots.c",
      "kr.last - kr.first != lr.last - lr.first ||\n"
      "\t\t\t    kr.first == lr.first)",
      "kr.last - kr.first != lr.last - lr.first)",
      "the log's own LPI tables (children at the same address) are taken "
      "as another boot's",
      ["check:inputs_from_different_boots"]),
    M("expect-efimap-wrong-kind", "src/model/expect.c",
      "x->found = count_kind(a, EA_KIND_EFI_MEMORY_MAP);",
      "x->found = count_kind(a, EA_KIND_EFI_SYSTEM_TABLE);",
      "the EFI memory map counted as found when the system table is",
      ["check:expected_ranges_missing"]),
    M("overlap-segment-last-byte", "src/model/overlap.c",
      "if (ix->prot[ix->ord[mid]].r.first <= r.last)",
      "if (ix->prot[ix->ord[mid]].r.first < r.last)",
      "a protected range starting at a segment's last byte is missed",
      ["check:loaded_segment_overwrites"]),
    M("kb-stable-boundary", "src/model/knowledge.c",
      "bool has = v->patch >= st->patch;",
      "bool has = v->patch > st->patch;",
      "the first stable release carrying a fix is taken as lacking it"),
    M("kb-vendor-always-maybe", "src/model/knowledge.c",
      "if (!has && v->vendor) {",
      "if (v->vendor) {",
      "a vendor kernel at or above the stable fix is still only \"maybe\""),
    M("arch-tie-is-arm64", "src/model/identity.c",
      "arm64_hints > a->src->dmesg.x86_hints) {",
      "arm64_hints >= a->src->dmesg.x86_hints) {",
      "a log with no telling line is taken as arm64",
      ["check:arch_unknown"]),
    # ---- the what-if --------------------------------------------------------
    M("kt-64-range-limit", "src/whatif/placement.c",
      "if (v->n >= KT_ARM64_MAX_RANGES) {",
      "if (v->n > KT_ARM64_MAX_RANGES) {",
      "kexec-tools <= 2.0.20 reads 65 /proc/iomem ranges, not 64"),
    M("kt-2021-boundary", "src/whatif/placement.c",
      "bool old = a < 2 || (a == 2 && b == 0 && c < 21);",
      "bool old = a < 2 || (a == 2 && b == 0 && c <= 21);",
      "kexec-tools 2.0.21 (the first with f736104) is taken as older"),
    M("placement-hole-past-range", "src/whatif/placement.c",
      "if (te > rr.last || te > kb->buf_max)",
      "if (te > kb->buf_max)",
      "a bottom-up segment may run past the end of its free range",
      ["check:placement_fails"]),
    M("placement-dtb-bottom-up", "src/whatif/placement.c",
      "\"dtb\", k->dtb, SZ_2M, kend, UINT64_MAX, true",
      "\"dtb\", k->dtb, SZ_2M, kend, UINT64_MAX, false",
      "the arm64 kexec_file DTB is placed bottom-up (it is top-down)",
      ["check:placement_overwrites"]),
    M("placement-no-cma-ignored", "src/whatif/placement.c",
      "if (!c->rq->no_cma && has(c, EA_KB_CMA)) {",
      "if (has(c, EA_KB_CMA)) {",
      "kexec --no-cma (KEXEC_FILE_NO_CMA) is not honoured",
      ["check:placement_not_applicable"]),
    M("whatif-rules-of-ignored", "src/whatif/whatif.c",
      "if (!o->rules_of && lv->built == EA_BUILT_NO) {",
      "if (lv->built == EA_BUILT_NO) {",
      "the running kernel's configuration is applied to another kernel's "
      "rules (--rules-of)",
      ["check:placement_not_applicable"]),
    # ---- the core ------------------------------------------------------------
    M("range-adjacent-not-merged", "src/core/range.c",
      "s->v[i].first <= s->v[w - 1].last + 1)) {",
      "s->v[i].first <= s->v[w - 1].last)) {",
      "touching ranges are not merged: a range over two adjacent "
      "reservations is not covered"),
    M("range-subtract-keeps-first-byte", "src/core/range.c",
      "push(out, cur, b->v[k].first - 1);",
      "push(out, cur, b->v[k].first);",
      "subtracting keeps the first byte of what is subtracted"),
    M("range-size-off-by-one", "src/core/range.c",
      "return r.last - r.first + 1;",
      "return r.last - r.first;",
      "an inclusive range's size forgets its last byte"),
    # ---- the report ----------------------------------------------------------
    M("text-escapes-warning-tier-hidden", "src/report/emit_text.c",
      "if (!s->escapes[EA_KEXEC_FILE] && !s->escapes[EA_KEXEC_LOAD] &&\n"
      "\t    !s->warning_escaping)",
      "if (!s->escapes[EA_KEXEC_FILE] && !s->escapes[EA_KEXEC_LOAD])",
      "the text report lists no escapes when only configuration tables "
      "(the warning tier) escape"),
    M("hex-overflow-unchecked", "src/core/util.c",
      "if (v >> 60)\n\t\t\treturn 0; /* would overflow */",
      "if (v >> 63)\n\t\t\treturn 0; /* would overflow */",
      "a hex number of 17 or more digits wraps instead of being refused"),
]
