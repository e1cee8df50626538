/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * efiresv-audit: which ranges that must survive a kexec could a kexec load
 * overwrite, and why. The command line only; everything else is in src/.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#ifdef __GLIBC__
#endif
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check/checks.h"
#include "check/explain.h"
#include "core/text.h"
#include "core/version.h"
#include "corpus/corpus.h"
#include "corpus/gate.h"
#include "pipeline.h"
#include "read/sources.h"
#include "report/emit_json.h"
#include "report/emit_text.h"
#include "report/list.h"
#include "report/svg.h"
#include "whatif/placement.h"
#include "whatif/whatif.h"

enum {
	OPT_DMESG = 0x100,
	OPT_IOMEM,
	OPT_MB_MEMORY,
	OPT_MB_RESERVED,
	OPT_ARCH,
	OPT_LIST_CHECKS,
	OPT_ACPIDUMP,
	OPT_VMCORE,
	OPT_SAVE_MEMORY,
	OPT_KEXEC_LOG,
	OPT_KCONFIG,
	OPT_KERNEL,
	OPT_KERNEL_SIZE,
	OPT_TEXT_OFFSET,
	OPT_INITRD,
	OPT_INITRD_SIZE,
	OPT_DTB,
	OPT_DTB_SIZE,
	OPT_CMDLINE,
	OPT_LOADER,
	OPT_KEXEC_TOOLS,
	OPT_MEM_MIN,
	OPT_MEM_MAX,
	OPT_RULES_OF,
	OPT_CRASH,
	OPT_NO_CMA,
	OPT_KHO_OFF,
	OPT_PAGE_SIZE,
	OPT_SVG,
	OPT_HTML,
	OPT_COMPLETION,
	OPT_OUTPUT_ALL,
	OPT_COLOR,
	OPT_LIST,
	OPT_EXPLAIN,
	OPT_CORPUS,
	OPT_BASELINE,
	OPT_BASELINE_DIR,
	OPT_JUNIT,
	OPT_FAIL_ON,
	OPT_IGNORE,
	OPT_IGNORE_FILE,
};

/* Each option once: getopt's table and --help come from here, and a test
 * holds the man page to the same list. */
static const struct opt {
	struct option lo;
	int shortopt;
	const char *arg;
	const char *help;
} opts[] = {
	{ { "snapshot", required_argument, NULL, 's' },
	  's',
	  "DIR",
	  "audit a snapshot tree (see collect.sh); repeatable" },
	{ { "corpus", required_argument, NULL, OPT_CORPUS },
	  0,
	  "DIR",
	  "audit each snapshot in DIR (subdirectory, .tar.gz)" },
	{ { "baseline", required_argument, NULL, OPT_BASELINE },
	  0,
	  "FILE",
	  "compare with an earlier JSON report of this machine" },
	{ { "baseline-dir", required_argument, NULL, OPT_BASELINE_DIR },
	  0,
	  "DIR",
	  "many snapshots: compare each with DIR/NAME.json" },
	{ { "junit", required_argument, NULL, OPT_JUNIT },
	  0,
	  "FILE",
	  "many snapshots: also write JUnit XML into FILE" },
	{ { "fail-on", required_argument, NULL, OPT_FAIL_ON },
	  0,
	  "LEVEL",
	  "fail on LEVEL (critical, error, warning) or worse" },
	{ { "ignore", required_argument, NULL, OPT_IGNORE },
	  0,
	  "CHECK[@ADDR]",
	  "waive CHECK's findings (at ADDR): listed, not counted" },
	{ { "ignore-file", required_argument, NULL, OPT_IGNORE_FILE },
	  0,
	  "FILE",
	  "waivers from FILE, one a line (# comments)" },
	{ { "dmesg", required_argument, NULL, OPT_DMESG },
	  0,
	  "FILE",
	  "kernel log to use (overrides the snapshot's or the system's)" },
	{ { "iomem", required_argument, NULL, OPT_IOMEM },
	  0,
	  "FILE",
	  "/proc/iomem contents to use" },
	{ { "memblock-memory", required_argument, NULL, OPT_MB_MEMORY },
	  0,
	  "FILE",
	  "memblock debugfs 'memory' file to use" },
	{ { "memblock-reserved", required_argument, NULL, OPT_MB_RESERVED },
	  0,
	  "FILE",
	  "memblock debugfs 'reserved' file to use" },
	{ { "acpidump", required_argument, NULL, OPT_ACPIDUMP },
	  0,
	  "FILE",
	  "acpidump output to use (acpidump -c off, as root)" },
	{ { "kexec-log", required_argument, NULL, OPT_KEXEC_LOG },
	  0,
	  "FILE",
	  "kexec -d output of a loaded image: check its segments" },
	{ { "kconfig", required_argument, NULL, OPT_KCONFIG },
	  0,
	  "FILE",
	  "kernel configuration (/proc/config.gz or config-RELEASE)" },
	{ { "kernel", required_argument, NULL, OPT_KERNEL },
	  0,
	  "FILE",
	  "what-if: where would a kexec of this kernel land" },
	{ { "kernel-size", required_argument, NULL, OPT_KERNEL_SIZE },
	  0,
	  "N",
	  "what-if: kernel image_size (arm64) or init_size (x86)" },
	{ { "text-offset", required_argument, NULL, OPT_TEXT_OFFSET },
	  0,
	  "N",
	  "what-if: arm64 text_offset with --kernel-size (0)" },
	{ { "initrd", required_argument, NULL, OPT_INITRD },
	  0,
	  "FILE",
	  "what-if: the initrd to load with it" },
	{ { "initrd-size", required_argument, NULL, OPT_INITRD_SIZE },
	  0,
	  "N",
	  "what-if: the initrd's size instead of a file" },
	{ { "dtb", required_argument, NULL, OPT_DTB },
	  0,
	  "FILE",
	  "what-if: the DTB kexec -l --dtb would load" },
	{ { "dtb-size", required_argument, NULL, OPT_DTB_SIZE },
	  0,
	  "N",
	  "what-if: the DTB's size instead of a file" },
	{ { "cmdline", required_argument, NULL, OPT_CMDLINE },
	  0,
	  "STR",
	  "what-if: the next kernel's command line" },
	{ { "loader", required_argument, NULL, OPT_LOADER },
	  0,
	  "LOADER",
	  "what-if: kexec_file_load or kexec_load only" },
	{ { "kexec-tools", required_argument, NULL, OPT_KEXEC_TOOLS },
	  0,
	  "VER",
	  "the kexec-tools version the loads use (2.0.20 ...)" },
	{ { "mem-min", required_argument, NULL, OPT_MEM_MIN },
	  0,
	  "ADDR",
	  "what-if: lowest address kexec_load may use" },
	{ { "mem-max", required_argument, NULL, OPT_MEM_MAX },
	  0,
	  "ADDR",
	  "what-if: highest address kexec_load may use" },
	{ { "rules-of", required_argument, NULL, OPT_RULES_OF },
	  0,
	  "RELEASE",
	  "what-if: apply this kernel release's rules" },
	{ { "crash", no_argument, NULL, OPT_CRASH },
	  0,
	  NULL,
	  "what-if: a crash kernel load (kexec -p)" },
	{ { "no-cma", no_argument, NULL, OPT_NO_CMA },
	  0,
	  NULL,
	  "what-if: the load passes KEXEC_FILE_NO_CMA" },
	{ { "kho-off", no_argument, NULL, OPT_KHO_OFF },
	  0,
	  NULL,
	  "what-if: kexec handover is off on that kernel" },
	{ { "page-size", required_argument, NULL, OPT_PAGE_SIZE },
	  0,
	  "N",
	  "what-if: the running kernel's page size" },
	{ { "vmcore", required_argument, NULL, OPT_VMCORE },
	  0,
	  "FILE",
	  "read physical memory from a kdump vmcore file" },
	{ { "save-memory", required_argument, NULL, OPT_SAVE_MEMORY },
	  0,
	  "DIR",
	  "save the physical ranges an audit reads to DIR and exit" },
	{ { "arch", required_argument, NULL, OPT_ARCH },
	  0,
	  "ARCH",
	  "arm64 or x86_64, when the inputs do not tell" },
	{ { "svg", required_argument, NULL, OPT_SVG },
	  0,
	  "FILE",
	  "also draw the memory map as an SVG picture into FILE" },
	{ { "html", required_argument, NULL, OPT_HTML },
	  0,
	  "FILE",
	  "also write the picture as one self-contained HTML page" },
	{ { "json", no_argument, NULL, 'J' },
	  'J',
	  NULL,
	  "write the report (or the --list view) as JSON" },
	{ { "verbose", no_argument, NULL, 'v' },
	  'v',
	  NULL,
	  "add the evidence, notes, loader views and inputs" },
	{ { "output", required_argument, NULL, 'o' },
	  'o',
	  "LIST",
	  "the table's columns (+LIST adds to the default)" },
	{ { "output-all", no_argument, NULL, OPT_OUTPUT_ALL },
	  0,
	  NULL,
	  "every column of the table" },
	{ { "bytes", no_argument, NULL, 'b' },
	  'b',
	  NULL,
	  "sizes in bytes, not in K, M, G" },
	{ { "noheadings", no_argument, NULL, 'n' },
	  'n',
	  NULL,
	  "no heading line in the table" },
	{ { "raw", no_argument, NULL, 'r' },
	  'r',
	  NULL,
	  "the table alone, in raw form" },
	{ { "pairs", no_argument, NULL, 'P' },
	  'P',
	  NULL,
	  "the table alone, as key=\"value\" pairs" },
	{ { "color", optional_argument, NULL, OPT_COLOR },
	  0,
	  "WHEN",
	  "colour the verdict and escapes: auto, always, never" },
	{ { "list", required_argument, NULL, OPT_LIST },
	  0,
	  "VIEW",
	  "list a view (efi-map, iomem, memblock, memreserve, acpi, free, "
	  "checks) and exit" },
	{ { "list-checks", no_argument, NULL, OPT_LIST_CHECKS },
	  0,
	  NULL,
	  "the same as --list checks" },
	{ { "explain", required_argument, NULL, OPT_EXPLAIN },
	  0,
	  "CHECK",
	  "what a check means, its commits and what to do, and exit" },
	{ { "completion", required_argument, NULL, OPT_COMPLETION },
	  0,
	  "SHELL",
	  "print the bash completion script and exit (SHELL: bash)" },
	{ { "help", no_argument, NULL, 'h' }, 'h', NULL, "display this help" },
	{ { "version", no_argument, NULL, 'V' }, 'V', NULL, "display version" },
};
#define NOPTS (sizeof(opts) / sizeof(opts[0]))

/* --svg/--html: a new file (never through a link, never over one). */
static int write_picture(const char *path, const struct ea_audit *a,
			 int (*emit)(FILE *, const struct ea_audit *))
{
	int fd = open(
	    path, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0644);
	FILE *f = fd < 0 ? NULL : fdopen(fd, "w");
	if (!f) {
		fprintf(stderr, "efiresv-audit: %s: %s\n", path,
			strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	int rc = emit(f, a);
	if (fclose(f) != 0)
		rc = -1;
	if (rc)
		fprintf(stderr, "efiresv-audit: %s: write failed\n", path);
	return rc;
}

/* The values some options take, for the completion. */
static const struct {
	const char *opt;
	const char *values;
} opt_values[] = {
	{ "arch", "arm64 x86_64" },
	{ "loader", "kexec_file_load kexec_load" },
	/* the versions at which kexec-tools' placement rules change
	 * (whatif/placement.c ea_pl_kt_from_version) */
	{ "kexec-tools", "2.0.20 2.0.21 2.0.24" },
	{ "completion", "bash" },
	{ "color", "auto always never" },
	{ "list", "efi-map iomem memblock memreserve acpi free checks" },
	{ "fail-on", "critical error warning" },
};

/* The check ids, one space between them. */
static void check_ids(FILE *out)
{
	for (size_t i = 0; i < ea_nchecks; i++)
		fprintf(out, "%s%s", i ? " " : "", ea_checks[i]->id);
}

/* The function's start, and --ignore (a check id) and the options with
 * values of their own (opt_values). */
static void completion_values(FILE *out)
{
	fputs("# bash completion for efiresv-audit (made by "
	      "efiresv-audit --completion bash)\n"
	      "_efiresv_audit()\n{\n"
	      "\tlocal cur prev\n"
	      "\tcur=${COMP_WORDS[COMP_CWORD]}\n"
	      "\tprev=${COMP_WORDS[COMP_CWORD-1]}\n"
	      "\t# --color=WHEN: '=' is a word of its own\n"
	      "\tif [ \"$prev\" = \"=\" ] && [ \"$COMP_CWORD\" -ge 2 ]; then\n"
	      "\t\tprev=${COMP_WORDS[COMP_CWORD-2]}\n"
	      "\tfi\n",
	      out);
	fputs("\t# check ids, for the options that name one\n"
	      "\tlocal checks='",
	      out);
	check_ids(out);
	fputs("'\n\tcase $prev in\n"
	      "\t--ignore)\n\t\tCOMPREPLY=($(compgen -W \"$checks\" -- "
	      "\"$cur\"))\n\t\treturn 0 ;;\n",
	      out);
	for (size_t i = 0; i < sizeof(opt_values) / sizeof(*opt_values); i++)
		fprintf(out,
			"\t--%s)\n\t\tCOMPREPLY=($(compgen -W '%s' -- "
			"\"$cur\"))\n\t\treturn 0 ;;\n",
			opt_values[i].opt, opt_values[i].values);
}

/* options that take a file or a directory */
static void completion_files(FILE *out)
{
	fputs("\t", out);
	bool first = true;
	for (size_t i = 0; i < NOPTS; i++) {
		const char *arg = opts[i].arg;
		if (!arg || (strcmp(arg, "FILE") && strcmp(arg, "DIR")))
			continue;
		fprintf(out, "%s--%s", first ? "" : "|", opts[i].lo.name);
		if (opts[i].shortopt)
			fprintf(out, "|-%c", opts[i].shortopt);
		first = false;
	}
	fputs(")\n\t\tCOMPREPLY=($(compgen -f -- \"$cur\"))\n"
	      "\t\treturn 0 ;;\n",
	      out);
}

/* the other options that take an argument: nothing to offer */
static void completion_free_text(FILE *out)
{
	fputs("\t", out);
	bool first = true;
	for (size_t i = 0; i < NOPTS; i++) {
		const char *arg = opts[i].arg;
		bool listed = false;
		for (size_t k = 0; k < sizeof(opt_values) / sizeof(*opt_values);
		     k++)
			listed |=
			    strcmp(opts[i].lo.name, opt_values[k].opt) == 0;
		/* --explain and --output complete below */
		listed |= !strcmp(opts[i].lo.name, "explain") ||
			  !strcmp(opts[i].lo.name, "output");
		if (!arg || listed || !strcmp(arg, "FILE") ||
		    !strcmp(arg, "DIR") || !strcmp(opts[i].lo.name, "ignore"))
			continue;
		fprintf(out, "%s--%s", first ? "" : "|", opts[i].lo.name);
		first = false;
	}
	fputs(")\n\t\treturn 0 ;;\n", out);
}

/* The columns of view v, or of the report's table for v = -1. */
static void view_columns(int v, const struct ea_tcol **cols, size_t *n)
{
	const int *def;
	size_t nd;
	*cols = ea_range_cols;
	*n = ea_range_ncols;
	if (v >= 0)
		ea_list_columns((enum ea_list_view)v, cols, n, &def, &nd);
}

/* Whether column i of view v (cols) has the name of one before it, in
 * this view or an earlier one: each name is offered once. */
static bool column_named_before(int v, const struct ea_tcol *cols, size_t i)
{
	for (int w = -1; w < v; w++) {
		const struct ea_tcol *c2;
		size_t n2;
		view_columns(w, &c2, &n2);
		for (size_t k = 0; k < n2; k++)
			if (!strcmp(c2[k].name, cols[i].name))
				return true;
	}
	for (size_t k = 0; k < i; k++)
		if (!strcmp(cols[k].name, cols[i].name))
			return true;
	return false;
}

/* the check ids (--explain) and every table's columns (-o) */
static void completion_ids_columns(FILE *out)
{
	fputs("\t--explain)\n\t\tCOMPREPLY=($(compgen -W '", out);
	check_ids(out);
	fputs("' -- \"$cur\"))\n\t\treturn 0 ;;\n", out);
	fputs("\t--output|-o)\n\t\tCOMPREPLY=($(compgen -W '", out);
	bool any = false;
	for (int v = -1; v < EA_NLISTS; v++) {
		const struct ea_tcol *cols;
		size_t n;
		view_columns(v, &cols, &n);
		for (size_t i = 0; i < n; i++) {
			if (column_named_before(v, cols, i))
				continue;
			fprintf(out, "%s%s", any ? " " : "", cols[i].name);
			any = true;
		}
	}
	fputs("' -- \"$cur\"))\n\t\treturn 0 ;;\n", out);
}

/* A bash completion script made from the option table, the checks and the
 * values above: what --help lists is what completes. */
static void completion_bash(FILE *out)
{
	completion_values(out);
	completion_files(out);
	completion_free_text(out);
	completion_ids_columns(out);
	/* any other word: an option */
	fputs("\tesac\n\tCOMPREPLY=($(compgen -W '", out);
	for (size_t i = 0; i < NOPTS; i++) {
		fprintf(out, "%s--%s", i ? " " : "", opts[i].lo.name);
		if (opts[i].shortopt)
			fprintf(out, " -%c", opts[i].shortopt);
	}
	fputs("' -- \"$cur\"))\n}\ncomplete -F _efiresv_audit "
	      "efiresv-audit\n",
	      out);
}

static void usage(FILE *out)
{
	fputs("\nUsage:\n"
	      " efiresv-audit [options]\n"
	      "\n"
	      "Audit which ranges that must survive a kexec (ACPI tables, "
	      "GICv3 LPI tables,\n"
	      "the EFI MEMRESERVE chain, the EFI memory map) a "
	      "kexec_file_load or kexec_load\n"
	      "could overwrite, and why.\n"
	      "\n"
	      "Options:\n",
	      out);
	for (size_t i = 0; i < NOPTS; i++) {
		char left[64];
		const struct opt *o = &opts[i];
		bool opt_arg = o->lo.has_arg == optional_argument;
		const char *sep = !o->arg ? "" : opt_arg ? "[=" : " ";
		if (o->shortopt)
			snprintf(left, sizeof(left), " -%c, --%s%s%s%s",
				 o->shortopt, o->lo.name, sep,
				 o->arg ? o->arg : "", opt_arg ? "]" : "");
		else
			snprintf(left, sizeof(left), "     --%s%s%s%s",
				 o->lo.name, sep, o->arg ? o->arg : "",
				 opt_arg ? "]" : "");
		fprintf(out, "%-30s %s\n", left, o->help);
	}
	/* as lsmem: the table's columns */
	fputs("\nColumns of the table of protected ranges (-o; the default: ",
	      out);
	for (size_t i = 0; i < ea_range_ndefault; i++)
		fprintf(out, "%s%s", i ? " " : "",
			ea_range_cols[ea_range_default[i]].name);
	fputs("):\n", out);
	for (size_t i = 0; i < ea_range_ncols; i++)
		fprintf(out, " %10s  %s\n", ea_range_cols[i].name,
			ea_range_cols[i].help);
	fputs("\nViews (--list VIEW; their columns in efiresv-audit(8)):\n",
	      out);
	for (int v = 0; v < EA_NLISTS; v++)
		fprintf(out, "%s%s", v ? " " : " ",
			ea_list_name((enum ea_list_view)v));
	fputs("\n", out);
	fputs("\nExit status:\n"
	      " 0  clean: every critical range is protected from the "
	      "loaders this kernel has\n"
	      " 1  escape: a critical range could be overwritten (or was);\n"
	      "    with --fail-on, a finding that fails; with --baseline, a "
	      "regression\n"
	      " 2  incomplete: no escape found, but something could not be "
	      "seen\n"
	      " 3  an input named on the command line could not be read at "
	      "all\n"
	      " 64 usage error\n"
	      "\nFor more details see efiresv-audit(8).\n",
	      out);
}

/* What stderr shows of a path, an argument or a detail that may quote an
 * input: cleaned (core/text.h), so that a file or member name cannot drive
 * the terminal. */
static struct ea_text_scratch scratch;
#define T(s) ea_text_safe(&scratch, (s))

/* A size or address: decimal or 0x hex, with an optional K, M or G
 * (binary) suffix. what: "a size" or "an address", for the error. */
static bool parse_size(const char *opt, const char *what, const char *s,
		       uint64_t *out)
{
	char *end;
	errno = 0;
	if (!*s || *s == '-')
		goto bad;
	unsigned long long v = strtoull(s, &end, 0);
	if (errno || end == s)
		goto bad;
	unsigned shift = 0;
	switch (*end) {
	case 'K':
	case 'k':
		shift = 10;
		end++;
		break;
	case 'M':
	case 'm':
		shift = 20;
		end++;
		break;
	case 'G':
	case 'g':
		shift = 30;
		end++;
		break;
	}
	if (*end || (shift && v > (UINT64_MAX >> shift)))
		goto bad;
	*out = (uint64_t)v << shift;
	return true;
bad:
	fprintf(stderr,
		"efiresv-audit: --%s '%s': not %s (decimal or 0x hex, "
		"optional K, M or G)\n",
		opt, T(s), what);
	return false;
}

static int range_cmp(const void *x, const void *y)
{
	return ea_range_cmp(x, y);
}

/* --save-memory: the ranges a later audit of a snapshot reads from mem/:
 * the EFI memory map buffer, the EFI system table and its configuration
 * table array, every MEMRESERVE node, and every ACPI table the RSDP walk
 * reached. One line per range on stdout; exit 0 when all were saved. */
static int save_memory(struct ea_audit *a, const char *dir)
{
	if (!a->src.physmem.backend || a->src.physmem.kind == EA_PM_SNAPSHOT) {
		fprintf(stderr,
			"efiresv-audit: --save-memory: no physical memory to "
			"read: %s\n",
			a->src.in[EA_IN_MEM].detail
			    ? T(a->src.in[EA_IN_MEM].detail)
			    : "snapshot memory");
		return 3;
	}
	if (mkdir(dir, 0755) != 0 && errno != EEXIST) {
		fprintf(stderr, "efiresv-audit: %s: %s\n", T(dir),
			strerror(errno));
		return 3;
	}
	struct {
		struct ea_range *v;
		size_t n, cap;
	} r = { 0 };
	for (size_t i = 0; i < a->m.prot.n; i++) {
		const struct ea_protected *p = &a->m.prot.v[i];
		if (p->kind == EA_KIND_EFI_MEMORY_MAP ||
		    p->kind == EA_KIND_EFI_SYSTEM_TABLE ||
		    p->kind == EA_KIND_MEMRESERVE_NODE ||
		    p->kind == EA_KIND_ACPI_TABLE)
			*EA_VEC_PUSH(r) = p->r;
	}
	for (size_t i = 0; i < a->src.acpi_mem.tables.n; i++)
		if (a->src.acpi_mem.tables.v[i].has_range)
			*EA_VEC_PUSH(r) = a->src.acpi_mem.tables.v[i].r;
	/* each range once, in address order */
	ea_sort(r.v, r.n, sizeof(*r.v), range_cmp);
	size_t w = 0;
	for (size_t i = 0; i < r.n; i++)
		if (!w || ea_range_cmp(&r.v[w - 1], &r.v[i]) != 0)
			r.v[w++] = r.v[i];
	r.n = w;
	struct ea_physmem_saved *out = ea_xcalloc(r.n + 1, sizeof(*out));
	size_t ok = ea_physmem_save(&a->src.physmem, dir, r.v, r.n, out);
	for (size_t i = 0; i < r.n; i++) {
		if (out[i].ok)
			printf("saved 0x%016" PRIx64 "-0x%016" PRIx64 "\n",
			       out[i].r.first, out[i].r.last);
		else
			printf("failed 0x%016" PRIx64 "-0x%016" PRIx64 ": %s\n",
			       out[i].r.first, out[i].r.last, T(out[i].why));
	}
	printf("%zu of %zu ranges saved from %s into %s\n", ok, r.n,
	       T(a->src.physmem.backend), T(dir));
	free(out);
	free(r.v);
	return ok == r.n ? 0 : 3;
}

/* Whether path is this machine's memory (/proc/kcore or another procfs
 * file, /dev/mem or another device), followed as given; by its name when
 * it cannot be looked at (a machine without /proc/kcore says the same). */
static bool live_memory(const char *path)
{
	struct stat st;

	if (stat(path, &st) != 0)
		return !strncmp(path, "/proc/", 6) ||
		       !strcmp(path, "/dev/mem") || !strcmp(path, "/dev/kmem");
	if (S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode))
		return true;
	int fd = open(path, O_PATH | O_CLOEXEC);
	const char *fs = fd >= 0 ? ea_system_fs(fd) : NULL;

	if (fd >= 0)
		close(fd);
	return fs != NULL;
}

/* Whether one of util-linux's terminal-colors.d directories ($XDG_CONFIG_HOME
 * or ~/.config, then /etc) turns colour off for this program: a file
 * "efiresv-audit.disable" or "disable", unless "efiresv-audit.enable" is
 * there too (terminal-colors.d(5), without schemes). */
static bool colors_disabled(void)
{
	const char *xdg = getenv("XDG_CONFIG_HOME"), *home = getenv("HOME");
	char dirs[3][4096];
	size_t n = 0;
	if (xdg && *xdg)
		snprintf(dirs[n++], sizeof(dirs[0]), "%s/terminal-colors.d",
			 xdg);
	else if (home && *home)
		snprintf(dirs[n++], sizeof(dirs[0]),
			 "%s/.config/terminal-colors.d", home);
	snprintf(dirs[n++], sizeof(dirs[0]), "/etc/terminal-colors.d");
	for (size_t i = 0; i < n; i++) {
		char p[4200];
		snprintf(p, sizeof(p), "%s/efiresv-audit.enable", dirs[i]);
		if (access(p, F_OK) == 0)
			return false;
		snprintf(p, sizeof(p), "%s/efiresv-audit.disable", dirs[i]);
		if (access(p, F_OK) == 0)
			return true;
		snprintf(p, sizeof(p), "%s/disable", dirs[i]);
		if (access(p, F_OK) == 0)
			return true;
	}
	return false;
}

/* --color: always, never, or (auto) on a terminal, unless NO_COLOR is set
 * and not empty (no-color.org), TERM is dumb or unset, or
 * terminal-colors.d turns it off. */
static bool want_color(int mode)
{
	if (mode)
		return mode == 1;
	const char *nc = getenv("NO_COLOR"), *term = getenv("TERM");
	if ((nc && *nc) || !isatty(STDOUT_FILENO) || !term ||
	    !strcmp(term, "dumb"))
		return false;
	return !colors_disabled();
}

/* What the command line asks for: the options as parsed (the audit's own
 * options, --arch and the what-if, go straight into struct ea_options). */
struct cli {
	const char *snapshot, *vmcore, *save_dir;
	const char *svg_path, *html_path;
	/* many snapshots, comparisons and the gate (corpus/) */
	const char **snaps;
	size_t nsnaps;
	const char *corpus, *baseline, *baseline_dir;
	const char *junit;
	struct ea_gate gate;
	bool gated;
	const char *files[EA_NINPUTS];
	bool json, any_file;
	/* the text report and its table (-v, -o, -b, -n, -r, -P, --color),
	 * --list, --explain */
	bool verbose, bytes, noheadings, raw, pairs, output_all;
	const char *outarg, *explain;
	int color_mode; /* 0 auto, 1 always, 2 never */
	int list;	/* enum ea_list_view */
	/* the table's columns (-o, --output-all; none: the default) and
	 * form */
	int sel[64];
	size_t nsel;
	struct ea_table_opts topt;
};

/* parse_options(): the options are read, a mode is to run */
#define GO_ON (-1)

/* getopt's tables from the option table. */
static void getopt_tables(struct option *lo, char *shorts)
{
	shorts[0] = '\0';
	for (size_t i = 0; i < NOPTS; i++) {
		lo[i] = opts[i].lo;
		if (opts[i].shortopt) {
			size_t n = strlen(shorts);
			shorts[n] = (char)opts[i].shortopt;
			shorts[n + 1] = '\0';
			if (opts[i].arg)
				strcat(shorts, ":");
		}
	}
	memset(&lo[NOPTS], 0, sizeof(lo[NOPTS]));
}

/* --kernel-size, --text-offset, --initrd-size, --dtb-size, --page-size,
 * --mem-min, --mem-max (option c): false, after saying why, when arg is
 * not a size or an address. */
static bool set_size(struct ea_whatif *w, int c, const char *arg)
{
	uint64_t v;
	const char *name = NULL;
	for (size_t i = 0; i < NOPTS; i++)
		if (opts[i].lo.val == c)
			name = opts[i].lo.name;
	bool addr = c == OPT_MEM_MIN || c == OPT_MEM_MAX;
	if (!parse_size(name, addr ? "an address" : "a size", arg, &v))
		return false;
	w->on = true;
	if (c == OPT_KERNEL_SIZE) {
		w->kernel_size = v;
		w->has_kernel_size = true;
	} else if (c == OPT_TEXT_OFFSET) {
		w->text_offset = v;
		w->has_text_offset = true;
	} else if (c == OPT_INITRD_SIZE) {
		w->initrd_size = v;
		w->has_initrd_size = true;
	} else if (c == OPT_DTB_SIZE) {
		w->dtb_size = v;
		w->has_dtb_size = true;
	} else if (c == OPT_MEM_MIN) {
		w->mem_min = v;
		w->has_mem_min = true;
	} else if (c == OPT_MEM_MAX) {
		w->mem_max = v;
		w->has_mem_max = true;
	} else {
		w->page_size = v;
		w->has_page_size = true;
	}
	return true;
}

/* The options into cl and opt. Returns GO_ON, or the exit status when
 * there is nothing more to do: 0 after --help, --version or --completion,
 * 64 on a usage error (said on stderr). */
static int parse_options(struct cli *cl, struct ea_options *opt, int argc,
			 char **argv)
{
	struct option lo[NOPTS + 1];
	char shorts[32];
	getopt_tables(lo, shorts);
	struct ea_whatif *w = &opt->whatif;
	int c;
	while ((c = getopt_long(argc, argv, shorts, lo, NULL)) != -1) {
		switch (c) {
		case 's':
			cl->snapshot = cl->snaps[cl->nsnaps++] = optarg;
			break;
		case OPT_CORPUS:
			cl->corpus = optarg;
			break;
		case OPT_BASELINE:
			cl->baseline = optarg;
			break;
		case OPT_BASELINE_DIR:
			cl->baseline_dir = optarg;
			break;
		case OPT_JUNIT:
			cl->junit = optarg;
			break;
		case OPT_FAIL_ON:
			if (!ea_gate_level(optarg, &cl->gate.fail_on)) {
				fprintf(stderr,
					"efiresv-audit: --fail-on '%s': "
					"critical, error or warning\n",
					T(optarg));
				return 64;
			}
			cl->gate.fail_on_set = cl->gated = true;
			break;
		case OPT_IGNORE:
		case OPT_IGNORE_FILE: {
			char *err = NULL;
			bool ok =
			    c == OPT_IGNORE
				? ea_gate_add(&cl->gate, optarg, "--ignore",
					      &err)
				: ea_gate_add_file(&cl->gate, optarg, &err);
			if (!ok) {
				fprintf(stderr, "efiresv-audit: %s\n", err);
				free(err);
				return 64;
			}
			cl->gated = true;
			break;
		}
		case OPT_DMESG:
			cl->files[EA_IN_DMESG] = optarg;
			cl->any_file = true;
			break;
		case OPT_IOMEM:
			cl->files[EA_IN_IOMEM] = optarg;
			cl->any_file = true;
			break;
		case OPT_MB_MEMORY:
			cl->files[EA_IN_MB_MEMORY] = optarg;
			cl->any_file = true;
			break;
		/* acpidump and the kexec log are never read live ("give
		 * --kexec-log FILE"), the configuration may be missing there:
		 * named alone, they add to the running system */
		case OPT_ACPIDUMP:
			cl->files[EA_IN_ACPIDUMP] = optarg;
			break;
		case OPT_KCONFIG:
			cl->files[EA_IN_KCONFIG] = optarg;
			break;
		case OPT_KEXEC_LOG:
			cl->files[EA_IN_KEXEC_LOG] = optarg;
			break;
		case OPT_VMCORE:
			cl->vmcore = optarg;
			break;
		case OPT_SVG:
			cl->svg_path = optarg;
			break;
		case OPT_HTML:
			cl->html_path = optarg;
			break;
		case OPT_SAVE_MEMORY:
			cl->save_dir = optarg;
			break;
		case OPT_MB_RESERVED:
			cl->files[EA_IN_MB_RESERVED] = optarg;
			cl->any_file = true;
			break;
		case OPT_ARCH:
			if (strcmp(optarg, "arm64") == 0 ||
			    strcmp(optarg, "aarch64") == 0)
				opt->arch = EA_ARCH_ARM64;
			else if (strcmp(optarg, "x86_64") == 0 ||
				 strcmp(optarg, "amd64") == 0)
				opt->arch = EA_ARCH_X86_64;
			else {
				fprintf(stderr,
					"efiresv-audit: unknown architecture "
					"'%s' (arm64 or x86_64)\n",
					T(optarg));
				return 64;
			}
			break;
		case OPT_KERNEL:
			w->kernel_path = optarg;
			w->on = true;
			break;
		case OPT_INITRD:
			w->initrd_path = optarg;
			w->on = true;
			break;
		case OPT_DTB:
			w->dtb_path = optarg;
			w->on = true;
			break;
		case OPT_CMDLINE:
			w->cmdline = optarg;
			w->on = true;
			break;
		case OPT_KEXEC_TOOLS: {
			enum ea_pl_kt kt;
			unsigned mj, mn, pt;
			if (!ea_pl_kt_from_version(optarg, &kt, &mj, &mn,
						   &pt)) {
				fprintf(stderr,
					"efiresv-audit: --kexec-tools '%s': "
					"not a kexec-tools version (2.0.20, "
					"1:2.0.25-3+deb12u3, ...)\n",
					T(optarg));
				return 64;
			}
			/* the loads' kexec-tools: the audit's kexec_load
			 * view too, so it alone asks for no what-if */
			w->kexec_tools = optarg;
			break;
		}
		case OPT_RULES_OF:
			w->rules_of = optarg;
			w->on = true;
			break;
		case OPT_CRASH:
			w->crash = w->on = true;
			break;
		case OPT_NO_CMA:
			w->no_cma = w->on = true;
			break;
		case OPT_KHO_OFF:
			w->kho_off = w->on = true;
			break;
		case OPT_LOADER:
			if (strcmp(optarg, "kexec_file_load") == 0 ||
			    strcmp(optarg, "kexec_file") == 0)
				w->loaders |= 1u << EA_KEXEC_FILE;
			else if (strcmp(optarg, "kexec_load") == 0)
				w->loaders |= 1u << EA_KEXEC_LOAD;
			else {
				fprintf(stderr,
					"efiresv-audit: --loader '%s': "
					"kexec_file_load or kexec_load\n",
					T(optarg));
				return 64;
			}
			w->on = true;
			break;
		case OPT_KERNEL_SIZE:
		case OPT_TEXT_OFFSET:
		case OPT_INITRD_SIZE:
		case OPT_DTB_SIZE:
		case OPT_PAGE_SIZE:
		case OPT_MEM_MIN:
		case OPT_MEM_MAX:
			if (!set_size(w, c, optarg))
				return 64;
			break;
		case 'J':
			cl->json = true;
			break;
		case OPT_COMPLETION:
			if (strcmp(optarg, "bash") != 0) {
				fprintf(stderr,
					"efiresv-audit: --completion '%s': "
					"only bash\n",
					optarg);
				return 64;
			}
			completion_bash(stdout);
			return 0;
		case OPT_LIST_CHECKS:
			cl->list = EA_LIST_CHECKS;
			break;
		case OPT_LIST: {
			enum ea_list_view v;
			if (!ea_list_parse(optarg, &v)) {
				fprintf(stderr,
					"efiresv-audit: --list '%s': efi-map, "
					"iomem, memblock, memreserve, acpi, "
					"free or checks\n",
					T(optarg));
				return 64;
			}
			cl->list = (int)v;
			break;
		}
		case OPT_EXPLAIN:
			cl->explain = optarg;
			break;
		case 'v':
			cl->verbose = true;
			break;
		case 'o':
			cl->outarg = optarg;
			break;
		case OPT_OUTPUT_ALL:
			cl->output_all = true;
			break;
		case 'b':
			cl->bytes = true;
			break;
		case 'n':
			cl->noheadings = true;
			break;
		case 'r':
			cl->raw = true;
			break;
		case 'P':
			cl->pairs = true;
			break;
		case OPT_COLOR:
			if (!optarg || !strcmp(optarg, "auto"))
				cl->color_mode = 0;
			else if (!strcmp(optarg, "always"))
				cl->color_mode = 1;
			else if (!strcmp(optarg, "never"))
				cl->color_mode = 2;
			else {
				fprintf(stderr,
					"efiresv-audit: --color '%s': auto, "
					"always or never\n",
					T(optarg));
				return 64;
			}
			break;
		case 'h':
			usage(stdout);
			return 0;
		case 'V':
			if (ea_tool_commit())
				printf("efiresv-audit %s (%s)\n",
				       ea_tool_version(), ea_tool_commit());
			else
				printf("efiresv-audit %s\n", ea_tool_version());
			return 0;
		default:
			fputs("Try 'efiresv-audit --help' for more "
			      "information.\n",
			      stderr);
			return 64;
		}
	}
	if (optind < argc) {
		fprintf(stderr,
			"efiresv-audit: unexpected argument '%s'\n"
			"Try 'efiresv-audit --help' for more information.\n",
			T(argv[optind]));
		return 64;
	}
	return GO_ON;
}

/* many snapshots: every one audited as --snapshot alone would be, with
 * the same what-if */
static bool many_snapshots(const struct cli *cl)
{
	return cl->nsnaps > 1 || cl->corpus || cl->baseline_dir || cl->junit;
}

static int run_many(struct cli *cl, const struct ea_options *opt)
{
	const char *bad = cl->baseline ? "--baseline (use "
					 "--baseline-dir)"
			  : cl->any_file || cl->files[EA_IN_ACPIDUMP] ||
				  cl->files[EA_IN_KCONFIG] ||
				  cl->files[EA_IN_KEXEC_LOG]
			      ? "an input file option"
			  : cl->vmcore	  ? "--vmcore"
			  : cl->save_dir  ? "--save-memory"
			  : cl->svg_path  ? "--svg"
			  : cl->html_path ? "--html"
					  : NULL;
	if (bad) {
		fprintf(stderr,
			"efiresv-audit: %s does not go with many "
			"snapshots (--corpus, --baseline-dir, --junit "
			"or --snapshot more than once)\n",
			bad);
		return 64;
	}
	struct ea_corpus_opts co = {
		.snapshots = cl->snaps,
		.nsnapshots = cl->nsnaps,
		.dir = cl->corpus,
		.baseline_dir = cl->baseline_dir,
		.junit = cl->junit,
		.json = cl->json,
		.gate = &cl->gate,
		.opt = opt,
	};
	int code = ea_corpus_run(stdout, &co);
	if (fflush(stdout) != 0)
		code = ea_status_worst(code, 3);
	return code;
}

/* The options of one audit that cannot go together. */
static bool options_agree(const struct cli *cl)
{
	if (cl->save_dir && (cl->baseline || cl->gated)) {
		fprintf(stderr, "efiresv-audit: --save-memory does not go with "
				"--baseline, --fail-on or --ignore\n");
		return false;
	}
	/* as lsmem: one output form */
	if (cl->json + cl->raw + cl->pairs > 1) {
		fprintf(stderr, "efiresv-audit: mutually exclusive arguments: "
				"--json --pairs --raw\n");
		return false;
	}
	return true;
}

/* --explain CHECK */
static int explain(const char *id)
{
	const struct ea_check *ck = ea_check_by_id(id);
	if (!ck) {
		fprintf(stderr,
			"efiresv-audit: --explain '%s': no such check "
			"(efiresv-audit --list checks)\n",
			T(id));
		return 64;
	}
	ea_check_explain(stdout, ck);
	return fflush(stdout) ? 3 : 0;
}

/* The table's columns (-o, --output-all), the report's or the view's, and
 * its form; false, after saying why, for an unknown column. */
static bool table_columns(struct cli *cl)
{
	const struct ea_tcol *tcols = ea_range_cols;
	const int *tdef = ea_range_default;
	size_t ntcols = ea_range_ncols, ntdef = ea_range_ndefault;
	if (cl->list >= 0)
		ea_list_columns((enum ea_list_view)cl->list, &tcols, &ntcols,
				&tdef, &ntdef);
	if (cl->output_all) {
		for (size_t i = 0; i < ntcols && i < 64; i++)
			cl->sel[cl->nsel++] = (int)i;
	} else if (cl->outarg) {
		const char *bad;
		size_t badlen;
		if (!ea_table_columns(tcols, ntcols, tdef, ntdef, cl->outarg,
				      cl->sel, &cl->nsel, 64, &bad, &badlen)) {
			fprintf(stderr, "efiresv-audit: unknown column: %.*s\n",
				(int)badlen, T(bad));
			return false;
		}
	}
	cl->topt = (struct ea_table_opts){
		.raw = cl->raw,
		.pairs = cl->pairs,
		.json = cl->json && cl->list >= 0,
		.noheadings = cl->noheadings,
		.color = want_color(cl->color_mode),
		.terminal = isatty(STDOUT_FILENO),
	};
	return true;
}

/* --list VIEW (a NULL for --list checks, which needs no audit); the
 * exit status. */
static int list_view(const struct cli *cl, const struct ea_audit *a)
{
	enum ea_list_view v = (enum ea_list_view)cl->list;
	struct ea_list_opts lo = { cl->topt, cl->bytes,
				   cl->nsel ? cl->sel : NULL, cl->nsel };
	const char *why = NULL;
	int lrc = ea_list_print(stdout, a, v, &lo, &why);
	if (!a)
		return lrc < 0 || fflush(stdout) ? 3 : 0;
	if (why)
		fprintf(stderr, "efiresv-audit: --list %s: %s\n",
			ea_list_name(v), T(why));
	return lrc < 0 || fflush(stdout) ? 3 : a->src.input_failed ? 3 : lrc;
}

/* Addresses taken from text given on the command line (a snapshot, a log)
 * are read only from memory of the same provenance: that snapshot's mem/
 * or a vmcore file, never this machine's memory, where an address a
 * stranger wrote would print what is there. False, after saying so, for
 * --vmcore of this machine's memory with such text. */
static bool memory_of_inputs(const struct cli *cl)
{
	static const char *const file_opt[EA_NINPUTS] = {
		[EA_IN_DMESG] = "--dmesg",
		[EA_IN_IOMEM] = "--iomem",
		[EA_IN_MB_MEMORY] = "--memblock-memory",
		[EA_IN_MB_RESERVED] = "--memblock-reserved",
		[EA_IN_ACPIDUMP] = "--acpidump",
		[EA_IN_KEXEC_LOG] = "--kexec-log",
		[EA_IN_KCONFIG] = "--kconfig",
	};
	const char *foreign = cl->snapshot ? "--snapshot" : NULL;
	for (int i = 0; !foreign && i < EA_NINPUTS; i++)
		if (cl->files[i])
			foreign = file_opt[i] ? file_opt[i] : "an input file";
	if (cl->vmcore && foreign && live_memory(cl->vmcore)) {
		fprintf(stderr,
			"efiresv-audit: --vmcore %s is this machine's memory: "
			"addresses taken from %s are not read in it (such "
			"addresses are read only from a snapshot's own mem/ "
			"or from a vmcore file); drop --vmcore, or audit this "
			"machine without input files\n",
			T(cl->vmcore), foreign);
		return false;
	}
	return true;
}

/* The inputs: a snapshot, the files named, or this machine; what cannot
 * be used is said on stderr (the audit goes on). */
static void use_sources(const struct cli *cl, struct ea_sources *src)
{
	/* the live audit (no snapshot, no input file) is the only one that
	 * reads this machine's own files: known before any file is opened */
	src->live = !cl->snapshot && !cl->any_file;
	if (cl->vmcore && !ea_sources_use_vmcore(src, cl->vmcore))
		fprintf(stderr, "efiresv-audit: %s: %s\n", T(cl->vmcore),
			T(src->in[EA_IN_MEM].detail));
	for (int i = 0; i < EA_NINPUTS; i++) {
		if (cl->files[i] && !ea_sources_use_file(
					src, (enum ea_input_id)i, cl->files[i]))
			fprintf(stderr, "efiresv-audit: %s: %s\n",
				T(cl->files[i]), T(src->in[i].detail));
	}
	if (cl->snapshot) {
		ea_sources_use_snapshot(src, cl->snapshot);
		if (src->error)
			fprintf(stderr, "efiresv-audit: %s\n", T(src->error));
		else if (src->input_failed && src->in[EA_IN_VERSION].detail &&
			 !src->in[EA_IN_VERSION].user_given)
			fprintf(stderr, "efiresv-audit: %s\n",
				T(src->in[EA_IN_VERSION].detail));
	} else if (!cl->any_file) {
		ea_sources_use_live(src);
	} else {
		for (int i = 0; i < EA_NINPUTS; i++)
			if (!src->in[i].user_given)
				ea_input_set_status(&src->in[i], EA_IN_ABSENT,
						    "not given");
	}
}

/* The audit; the errors of the files named and of the what-if on
 * stderr. */
static void audit(const struct cli *cl, struct ea_audit *a)
{
	ea_run(a);
	/* a named file in which no line is of its kind (audit.c): one
	 * error, as for a file that cannot be read */
	for (int i = 0; i < EA_NINPUTS; i++)
		if (a->src.input_failed && cl->files[i] &&
		    a->src.in[i].user_given &&
		    a->src.in[i].status == EA_IN_MALFORMED &&
		    a->src.in[i].detail)
			fprintf(stderr, "efiresv-audit: %s\n",
				a->src.in[i].detail);
	if (a->whatif)
		for (size_t i = 0; i < a->whatif->errors.n; i++)
			fprintf(stderr, "efiresv-audit: %s\n",
				T(a->whatif->errors.v[i]));
}

/* The report (or its comparison with --baseline, or its gate) and the
 * pictures; the exit status. */
static int report(const struct cli *cl, const struct ea_audit *a)
{
	struct ea_text_opts to = { .verbose = cl->verbose,
				   .bytes = cl->bytes,
				   .table_only = cl->raw || cl->pairs,
				   .color = cl->topt.color,
				   .table = cl->topt,
				   .cols = cl->nsel ? cl->sel : NULL,
				   .ncols = cl->nsel };
	int rc = 0, status = -1;
	if (cl->baseline)
		status = ea_cli_baseline(
		    stdout, a, cl->snapshot ? cl->snapshot : "this audit",
		    cl->baseline, &cl->gate, cl->json);
	else if (cl->gated)
		rc = status = ea_cli_gate(stdout, a, &cl->gate, cl->json);
	else
		rc = cl->json ? ea_emit_json(stdout, a)
			      : ea_emit_text_opts(stdout, a, &to);
	if (cl->svg_path && write_picture(cl->svg_path, a, ea_emit_svg))
		rc = -1;
	if (cl->html_path && write_picture(cl->html_path, a, ea_emit_html))
		rc = -1;
	if (fflush(stdout) != 0)
		rc = -1;
	int code = rc < 0 ? 3 : status >= 0 ? status : ea_audit_exit_code(a);
	/* a file cut while the report quoted it: its evidence after that
	 * point is zeros (the verdict was made before) */
	size_t ns;
	char **shrunk = ea_input_shrunk(&ns);
	for (size_t i = 0; i < ns; i++) {
		fprintf(stderr,
			"efiresv-audit: %s: the file shrank while the report "
			"was written; evidence quoted from it may be zeros\n",
			T(shrunk[i]));
		free(shrunk[i]);
		code = code ? code : 3;
	}
	free(shrunk);
	return code;
}

/* One audit and what is made of it, or no audit (--explain, --list
 * checks); the exit status. */
static int run_one(struct cli *cl, struct ea_audit *a)
{
	if (!options_agree(cl))
		return 64;
	if (cl->explain)
		return explain(cl->explain);
	if (!table_columns(cl))
		return 64;
	if (cl->list == EA_LIST_CHECKS)
		return list_view(cl, NULL);
	if (!memory_of_inputs(cl))
		return 64;
	use_sources(cl, &a->src);
	audit(cl, a);
	if (cl->save_dir)
		return save_memory(a, cl->save_dir);
	if (cl->list >= 0)
		return list_view(cl, a);
	return report(cl, a);
}

int main(int argc, char **argv)
{
	struct ea_audit a;
	ea_audit_init(&a);
	struct cli cl = { .list = -1 };
	cl.snaps = calloc((size_t)argc + 1, sizeof(*cl.snaps));
	ea_gate_init(&cl.gate);
	int code = parse_options(&cl, &a.opt, argc, argv);
	if (code == GO_ON)
		code = many_snapshots(&cl) ? run_many(&cl, &a.opt)
					   : run_one(&cl, &a);
	ea_gate_free(&cl.gate);
	free(cl.snaps);
	ea_audit_free(&a);
	ea_text_scratch_free(&scratch);
	return code;
}
