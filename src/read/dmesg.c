/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The kernel log parser. Where each format is printed (kernel-formats.md in
 * the shared reference gives the exact strings per version):
 *
 *   [    0.000000] / [    T0]        kernel/printk/printk.c print_time(),
 *                                    print_caller()
 *   efi: Processing EFI memory map: / efi:   0x...-0x... [type|attrs]
 *                                    drivers/firmware/efi/efi-init.c
 *                                    (arm-init.c <= 5.9) reserve_regions()
 *   efi: memNN: [...] range=[...]    arch/x86/platform/efi/efi.c
 *                                    efi_print_memmap(), twice with efi=debug
 *   [type|attrs]                     drivers/firmware/efi/efi.c
 *                                    efi_md_typeattr_format()
 *   efi: NAME=0x... NAME=0x...       efi.c efi_config_parse_tables()
 *   efi: EFI v2.70 by ...            efi.c efi_systab_report_header()
 *   efi:   System Table: 0x...       efi.c efi_get_fdt_params() (<= 5.6),
 *                                    drivers/firmware/efi/fdtparams.c (5.10+)
 *   ACPI: SIG 0x... LEN (...)        drivers/acpi/acpica/tbprint.c
 *                                    acpi_tb_print_table_header()
 *   ACPI: SIG 0x... X table override acpica/tbinstal.c acpi_tb_override_table()
 *   ACPI: Reserving SIG table memory drivers/acpi/tables.c (x86 only)
 *                                    acpi_reserve_initial_tables()
 *   GICv3: ... / GIC: ... / ITS@...  drivers/irqchip/irq-gic-v3-its.c
 *   memblock_reserve: [..] caller    mm/memblock.c (memblock=debug)
 *   esrt: ...                        drivers/firmware/efi/esrt.c
 *   crashkernel reserved: ...        arch/arm64/mm/init.c,
 *                                    kernel/crash_reserve.c (6.x, x86 too)
 *   Reserving NMB of memory at NMB for crashkernel
 *                                    arch/x86/kernel/setup.c (<= 6.5)
 *   Linux version ...                init/version.c linux_banner
 *   Kernel command line: / Command line:
 *                                    init/main.c / arch/x86/kernel/setup.c
 *
 * One pass over the lines; each line is matched against a few fixed prefixes
 * of its message. The message is what logline.c leaves of the line in
 * whatever form the log was saved in (time stamps of every dmesg
 * --time-format, levels, journal and syslog headers, colour codes, CR line
 * ends, wrapped lines joined, a repeated boot left out). Lines are not
 * NUL-terminated: every read is bounded by the line length. Nothing is
 * allocated per line except the results themselves.
 */
#include "read/dmesg.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/cursor.h"
#include "core/text.h"
#include "core/util.h"
#include "read/logline.h"

/* what the header promises: a million descriptors are 40 MB */
_Static_assert(sizeof(struct ea_efi_desc) == 40, "EFI descriptor grew");

/* The most EFI map entries reserved at once (past it the map grows). */
#define DMESG_PREALLOC_MAX ((size_t)1 << 22)

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
/* ea_starts_with() for a string literal, without the strlen() per call */
#define STARTS(s, n, lit)                                                      \
	((n) >= sizeof(lit) - 1 && memcmp((s), (lit), sizeof(lit) - 1) == 0)

/* Index = EFI memory type. Short names from v5.10 (char[13]). */
static const char *const efi_type_short[] = {
	"Reserved",  "Loader Code",  "Loader Data",  "Boot Code",
	"Boot Data", "Runtime Code", "Runtime Data", "Conventional",
	"Unusable",  "ACPI Reclaim", "ACPI Mem NVS", "MMIO",
	"MMIO Port", "PAL Code",     "Persistent",   "Unaccepted",
};

/* Long names up to v5.9 (char[20]); type 15 printed as "type=15" then. */
static const char *const efi_type_long[] = {
	"Reserved",	     "Loader Code",
	"Loader Data",	     "Boot Code",
	"Boot Data",	     "Runtime Code",
	"Runtime Data",	     "Conventional Memory",
	"Unusable Memory",   "ACPI Reclaim Memory",
	"ACPI Memory NVS",   "Memory Mapped I/O",
	"MMIO Port Space",   "PAL Code",
	"Persistent Memory",
};

/*
 * The attribute columns moved three times (5.5 SP, 5.10 CC, 6.14 HP, the last
 * backported to stable), so columns are recognised by their letters only.
 */
static const struct {
	const char *name;
	uint64_t bit;
} efi_attr_names[] = {
	{ "RUN", EA_EFI_MEMORY_RUNTIME },
	{ "HP", EA_EFI_MEMORY_HOT_PLUGGABLE },
	{ "MR", EA_EFI_MEMORY_MORE_RELIABLE },
	{ "CC", EA_EFI_MEMORY_CPU_CRYPTO },
	{ "SP", EA_EFI_MEMORY_SP },
	{ "NV", EA_EFI_MEMORY_NV },
	{ "XP", EA_EFI_MEMORY_XP },
	{ "RP", EA_EFI_MEMORY_RP },
	{ "WP", EA_EFI_MEMORY_WP },
	{ "RO", EA_EFI_MEMORY_RO },
	{ "UCE", EA_EFI_MEMORY_UCE },
	{ "WB", EA_EFI_MEMORY_WB },
	{ "WT", EA_EFI_MEMORY_WT },
	{ "WC", EA_EFI_MEMORY_WC },
	{ "UC", EA_EFI_MEMORY_UC },
};

/* Addresses at or above this are kernel virtual (dynamic SSDTs on x86). */
#define VIRT_BASE 0xffff000000000000ULL
/* No arm64/x86 physical address reaches 2^52. */
#define PHYS_LIMIT (1ULL << 52)

const char *ea_efi_type_name(uint32_t type)
{
	static _Thread_local char buf[16];

	if (type < ARRAY_SIZE(efi_type_short))
		return efi_type_short[type];
	snprintf(buf, sizeof(buf), "type=%lu", (unsigned long)type);
	return buf;
}

/* Trims blanks at both ends of [*s, *s + *n). */
static void trim(const char **s, size_t *n)
{
	while (*n && ea_is_blank(**s)) {
		(*s)++;
		(*n)--;
	}
	while (*n && ea_is_blank((*s)[*n - 1]))
		(*n)--;
}

static bool equals(const char *s, size_t n, const char *lit)
{
	/* the first byte rules out most names without a strlen() */
	return n && s[0] == lit[0] && strlen(lit) == n &&
	       memcmp(s, lit, n) == 0;
}

/* Copies a string for the result, cleaned (core/text.h); a TAB becomes a
 * space. */
static char *dup_clean(const char *s, size_t n)
{
	trim(&s, &n);
	char *r = ea_text_clean(s, n);

	for (char *p = r; *p; p++)
		if (*p == '\t')
			*p = ' ';
	return r;
}

/* --- parser state -------------------------------------------------------- */

enum res {
	R_NONE, /* not a line this parser reads */
	R_OK,
	R_BAD,	 /* recognised but unreadable: p->err says why */
	R_TRUNC, /* like R_BAD, but the line ended early (maybe wrapped) */
};

struct parser {
	const struct ea_input *in;
	struct ea_dmesg *out;
	struct ea_diags *diags;
	/* the line (or wrapped lines) being read, for evidence */
	uint32_t lineno;
	const char *raw;
	size_t rawn;
	bool joining; /* a line joined with its wrapped tail */
	/* the end of the message when it may be cut inside its last number
	 * (ea_logline cut), and the log's wrap width */
	const char *cut_end;
	size_t wrap;
	bool x86_runtime; /* after "efi: EFI runtime memory map:" */
	bool cfg_cont;	  /* the previous line was config-table */
	bool cfg_cont_next;
	bool cmdline_is_kernel; /* from "Kernel command line:" */
	size_t acpi_override;	/* 1 + index of an override entry, or 0 */
	/* a config-table entry cut by a line break, waiting for its tail */
	char cfg_part[64];
	char cfg_part_err[320];
	size_t cfg_part_len;
	uint32_t cfg_part_lineno;
	const char *cfg_part_raw;
	size_t cfg_part_rawn;
	char err[320];
};

/* A cursor over s, a part of the message being read. */
static void pcur_init(const struct parser *p, struct ea_cur *c, const char *s,
		      size_t n)
{
	ea_cur_init(c, s, n);
	c->cut_end = p->cut_end;
	c->wrap = p->wrap;
}

static struct ea_evid evid(const struct parser *p)
{
	return ea_evid_line(p->in, p->lineno, p->raw, p->rawn);
}

static enum res bad(struct parser *p, const struct ea_cur *c, const char *what)
{
	snprintf(p->err, sizeof(p->err), "%s: %s", what, c->err);
	return c->trunc ? R_TRUNC : R_BAD;
}

__attribute__((format(printf, 2, 3))) static enum res fail(struct parser *p,
							   const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(p->err, sizeof(p->err), fmt, ap);
	va_end(ap);
	return R_BAD;
}

/* Arch hints are counted once per line, not again for a rejoined line. */
static void hint_arm64(struct parser *p)
{
	if (!p->joining)
		p->out->arm64_hints++;
}

static void hint_x86(struct parser *p)
{
	if (!p->joining)
		p->out->x86_hints++;
}

static void add_symptom(struct parser *p, enum ea_symptom_kind kind,
			const struct ea_range *r)
{
	struct ea_symptom *s = EA_VEC_PUSH(p->out->symptoms);

	s->kind = kind;
	if (r) {
		s->has_range = true;
		s->r = *r;
	}
	s->ev = evid(p);
}

/* --- EFI memory map ------------------------------------------------------ */

static bool efi_type_from_name(const char *s, size_t n, uint32_t *type)
{
	uint64_t v;
	size_t k;

	if (ea_starts_with(s, n, "type=")) {
		k = ea_parse_dec(s + 5, n - 5, &v);
		if (!k || k != n - 5 || v > UINT32_MAX)
			return false;
		*type = (uint32_t)v;
		return true;
	}
	for (k = 0; k < ARRAY_SIZE(efi_type_short); k++) {
		if (equals(s, n, efi_type_short[k]) ||
		    (k < ARRAY_SIZE(efi_type_long) &&
		     equals(s, n, efi_type_long[k]))) {
			*type = (uint32_t)k;
			return true;
		}
	}
	return false;
}

/* A column of the [type|attrs] field, up to its '|' or ']' (the cursor
 * stops there), blanks trimmed; false when the line ends first. */
static bool typeattr_column(struct ea_cur *c, const char **t, size_t *tn)
{
	*t = ea_cur_at(c);
	*tn = ea_cur_upto(c, "|]", SIZE_MAX);
	trim(t, tn);
	if (!ea_cur_done(c))
		return true;
	c->trunc = true;
	return false;
}

/* The "[Type|attr|...]" field of efi_md_typeattr_format(). */
static bool parse_typeattr(struct ea_cur *c, uint32_t *type, uint64_t *attr)
{
	const char *t;
	size_t tn, k;
	char f[EA_CUR_SHOW_MAX];

	if (!ea_cur_lit(c, "[", "before the memory type"))
		return false;
	if (!typeattr_column(c, &t, &tn))
		return ea_cur_fail(c,
				   "line ends inside the [type|attrs] field");
	if (!efi_type_from_name(t, tn, type))
		return ea_cur_fail(c, "unknown EFI memory type name %s",
				   ea_cur_show(t, tn, f));
	*attr = 0;
	if (ea_cur_skip(c, "]"))
		return true;
	ea_cur_skip(c, "|");
	if (ea_cur_skip(c, "attr=")) {
		/* unknown attribute bits: the raw value replaces the columns */
		if (!ea_cur_0x(c, attr, "raw attribute value"))
			return false;
		return ea_cur_lit(c, "]", "after the raw attribute value");
	}
	for (;;) {
		if (!typeattr_column(c, &t, &tn))
			return ea_cur_fail(c,
					   "line ends inside the attributes");
		if (tn) {
			for (k = 0; k < ARRAY_SIZE(efi_attr_names); k++)
				if (equals(t, tn, efi_attr_names[k].name))
					break;
			if (k == ARRAY_SIZE(efi_attr_names))
				return ea_cur_fail(
				    c, "unknown attribute column %s",
				    ea_cur_show(t, tn, f));
			*attr |= efi_attr_names[k].bit;
		}
		if (ea_cur_skip(c, "]"))
			return true;
		ea_cur_skip(c, "|");
	}
}

static void push_desc(struct parser *p, bool runtime, struct ea_range r,
		      uint32_t type, uint64_t attr, enum ea_efi_map_form form)
{
	/* The first descriptor: room for one a line to the end of the log,
	 * once (growing by doubling would copy and re-fault a million-line
	 * map about twice; pages past the last descriptor are never
	 * touched) */
	const char *end = p->in->data + p->in->len;

	if (!runtime && !p->out->efi_map.cap && p->raw >= p->in->data &&
	    p->raw <= end) {
		size_t nl = ea_count_lines(p->raw, (size_t)(end - p->raw));

		ea_vec_grow((void **)&p->out->efi_map.v, &p->out->efi_map.cap,
			    nl < DMESG_PREALLOC_MAX ? nl : DMESG_PREALLOC_MAX,
			    sizeof(*p->out->efi_map.v));
	}
	struct ea_efi_desc *d = runtime ? EA_VEC_PUSH(p->out->efi_runtime_map)
					: EA_VEC_PUSH(p->out->efi_map);

	d->r = r;
	d->type = type;
	d->attr = attr;
	ea_efi_desc_set_evid(d, evid(p));
	if (p->out->map_form == EA_EFI_MAP_NONE)
		p->out->map_form = form;
}

/* "0x%012llx-0x%012llx [...]" with an inclusive end, maybe a 4.x "*". */
static enum res parse_arm_map(struct parser *p, const char *s, size_t n)
{
	static const char what[] = "EFI memory map line";
	uint64_t start, end, attr;
	uint32_t type;
	struct ea_range r;
	struct ea_cur c;

	pcur_init(p, &c, s, n);
	if (!ea_cur_0x(&c, &start, "start address") ||
	    !ea_cur_lit(&c, "-", "after the start address") ||
	    !ea_cur_0x(&c, &end, "end address"))
		return bad(p, &c, what);
	ea_cur_ws(&c);
	if (!parse_typeattr(&c, &type, &attr))
		return bad(p, &c, what);
	if (!ea_range_make(start, end, &r))
		return fail(p, "%s: end 0x%llx is below start 0x%llx", what,
			    (unsigned long long)end, (unsigned long long)start);
	if (ea_cur_is(&c, '*'))
		p->out->map_star_seen = true;
	push_desc(p, false, r, type, attr, EA_EFI_MAP_ARM);
	return R_OK;
}

static bool ends_with_trimmed(const char *s, size_t n, const char *lit)
{
	size_t k = strlen(lit);

	while (n && ea_is_blank(s[n - 1]))
		n--;
	return n >= k && memcmp(s + n - k, lit, k) == 0;
}

/* "mem%02u: [...] range=[0x%016llx-0x%016llx] (%lluMB)", inclusive end. */
static enum res parse_x86_map(struct parser *p, const char *s, size_t n)
{
	static const char what[] = "x86 EFI memory map line";
	uint64_t idx, start, end, attr;
	uint32_t type;
	struct ea_range r;
	struct ea_cur c;

	pcur_init(p, &c, s, n);
	ea_cur_skip(&c, "mem");
	if (!ea_cur_dec(&c, &idx, "entry number") ||
	    !ea_cur_lit(&c, ":", "after the entry number"))
		return bad(p, &c, what);
	if (ends_with_trimmed(s, n, "(invalid)"))
		return fail(p,
			    "%s: mem%02llu is marked (invalid): the kernel "
			    "dropped it, not a descriptor",
			    what, (unsigned long long)idx);
	ea_cur_ws(&c);
	if (!parse_typeattr(&c, &type, &attr))
		return bad(p, &c, what);
	ea_cur_ws(&c);
	if (!ea_cur_lit(&c, "range=[", "after the [type|attributes] field") ||
	    !ea_cur_0x(&c, &start, "start address") ||
	    !ea_cur_lit(&c, "-", "after the start address") ||
	    !ea_cur_0x(&c, &end, "end address") ||
	    !ea_cur_lit(&c, "]", "after the end address"))
		return bad(p, &c, what);
	if (!ea_range_make(start, end, &r))
		return fail(p, "%s: end 0x%llx is below start 0x%llx", what,
			    (unsigned long long)end, (unsigned long long)start);
	/* The runtime listing restarts at mem00; its header may be lost. */
	if (!p->x86_runtime && idx == 0 && p->out->efi_map.n)
		p->x86_runtime = true;
	push_desc(p, p->x86_runtime, r, type, attr, EA_EFI_MAP_X86);
	return R_OK;
}

/* --- EFI configuration tables -------------------------------------------- */

/*
 * Does s start like "NAME=0x" or "(NAME=0x"? NAME is what common_tables[]
 * and the arch tables hold: letters, digits, blanks, '.', '_', '-'.
 */
static bool looks_like_cfg(const char *s, size_t n)
{
	size_t i = 0, lim;

	if (i < n && s[i] == '(')
		i++;
	if (i >= n || !ea_is_alpha(s[i]))
		return false;
	for (lim = i + 32; i < n && i < lim; i++) {
		char ch = s[i];

		if (ch == '=') {
			if (n - i >= 3)
				return s[i + 1] == '0' &&
				       (s[i + 2] == 'x' || s[i + 2] == 'X');
			return n - i == 1 || s[i + 1] == '0';
		}
		if (!ea_is_alpha(ch) && !ea_is_digit(ch) && !ea_is_blank(ch) &&
		    ch != '.' && ch != '_' && ch != '-')
			return false;
	}
	return false;
}

static bool cfg_name_ok(const char *s, size_t n)
{
	if (!n || !ea_is_alpha(s[0]))
		return false;
	for (size_t i = 0; i < n; i++)
		if (!ea_is_alpha(s[i]) && !ea_is_digit(s[i]) &&
		    !ea_is_blank(s[i]) && s[i] != '.' && s[i] != '_' &&
		    s[i] != '-')
			return false;
	return true;
}

/*
 * Keeps the start of an entry cut by a line break; the next line may
 * complete it (mail clients wrap the long config-table line).
 */
static enum res cfg_partial(struct parser *p, const char *s, size_t n,
			    const struct ea_cur *c)
{
	/* never R_TRUNC: the entries before it are already stored */
	if (p->joining || n > sizeof(p->cfg_part)) {
		bad(p, c, "EFI config-table line");
		return R_BAD;
	}
	memcpy(p->cfg_part, s, n);
	p->cfg_part_len = n;
	p->cfg_part_lineno = p->lineno;
	p->cfg_part_raw = p->raw;
	p->cfg_part_rawn = p->rawn;
	snprintf(p->cfg_part_err, sizeof(p->cfg_part_err),
		 "EFI config-table line: %s", c->err);
	return R_OK;
}

/* "NAME=0x%lx " pairs (" NAME=0x%lx " <= 5.7), "(NAME=0x%lx unusable) ". */
static enum res parse_cfg(struct parser *p, const char *s, size_t n)
{
	struct ea_cfg_table *t;
	const char *name;
	size_t pair, nn;
	uint64_t v;
	bool paren;
	struct ea_cur c;
	char f[EA_CUR_SHOW_MAX];

	pcur_init(p, &c, s, n);
	p->cfg_cont_next = true;
	for (;;) {
		ea_cur_ws(&c);
		if (ea_cur_done(&c))
			return R_OK;
		pair = c.i;
		paren = ea_cur_skip(&c, "(");
		name = ea_cur_at(&c);
		nn = ea_cur_upto(&c, "=", 32);
		if (ea_cur_done(&c)) {
			c.trunc = true;
			ea_cur_fail(&c, "line ends inside the entry %s",
				    ea_cur_show(s + pair, n - pair, f));
			return cfg_partial(p, s + pair, n - pair, &c);
		}
		trim(&name, &nn);
		if (!ea_cur_skip(&c, "=") || !nn ||
		    nn >= sizeof(((struct ea_cfg_table *)0)->name) ||
		    !cfg_name_ok(name, nn)) {
			ea_cur_fail(&c,
				    "expected NAME=0x... (NAME up to 23 "
				    "characters), found %s",
				    ea_cur_show(s + pair, n - pair, f));
			bad(p, &c, "EFI config-table line");
			return R_BAD;
		}
		if (!ea_cur_0x(&c, &v, "table address")) {
			if (c.trunc)
				return cfg_partial(p, s + pair, n - pair, &c);
			bad(p, &c, "EFI config-table line");
			return R_BAD;
		}
		if (paren) {
			ea_cur_ws(&c);
			if (!ea_cur_lit(&c, "unusable)", "after the address")) {
				if (c.trunc)
					return cfg_partial(p, s + pair,
							   n - pair, &c);
				bad(p, &c, "EFI config-table line");
				return R_BAD;
			}
		} else if (!ea_cur_done(&c) && !ea_cur_at_blank(&c)) {
			ea_cur_fail(&c, "unexpected %s after the address",
				    ea_cur_show_rest(&c, f));
			bad(p, &c, "EFI config-table line");
			return R_BAD;
		}
		t = EA_VEC_PUSH(p->out->cfg);
		for (size_t i = 0; i < nn; i++)
			t->name[i] = name[i] == '\t' ? ' ' : name[i];
		t->addr = v;
		t->unusable = paren;
		t->ev = evid(p);
	}
}

/* --- the other efi: lines ------------------------------------------------ */

/* The FDT parameter dump, a look-alike of a map line. */
static enum res parse_fdt_param(struct parser *p, const char *s, size_t n)
{
	static const char *const names[] = {
		"System Table",	     "MemMap Address",	     "MemMap Size",
		"MemMap Desc. Size", "MemMap Desc. Version",
	};
	struct ea_dmesg *o = p->out;
	const char *name = s;
	size_t k, nn;
	uint64_t v;
	struct ea_cur c;

	pcur_init(p, &c, s, n);
	nn = ea_cur_upto(&c, ":", 40);
	if (!ea_cur_is(&c, ':'))
		return R_NONE;
	trim(&name, &nn);
	for (k = 0; k < ARRAY_SIZE(names); k++)
		if (equals(name, nn, names[k]))
			break;
	if (k == ARRAY_SIZE(names))
		return R_NONE; /* "Secure Boot Enabled" and the like */
	c.i = (size_t)(name - s) + nn;
	ea_cur_ws(&c);
	if (!ea_cur_lit(&c, ":", "after the parameter name"))
		return bad(p, &c, "EFI FDT parameter line");
	ea_cur_ws(&c);
	if (!ea_cur_0x(&c, &v, names[k]))
		return bad(p, &c, "EFI FDT parameter line");
	switch (k) {
	case 0:
		o->has_systab = true;
		o->systab = v;
		break;
	case 1:
		o->has_mmap_addr = true;
		o->mmap_addr = v;
		o->mmap_addr_ev = evid(p);
		break;
	case 2:
		o->has_mmap_size = true;
		o->mmap_size = v;
		o->mmap_size_ev = evid(p);
		break;
	case 3:
		o->has_desc_size = true;
		o->desc_size = v;
		break;
	default:
		o->has_desc_ver = true;
		o->desc_ver = v;
		break;
	}
	return R_OK;
}

/* After "efi:". */
static enum res parse_efi(struct parser *p, const char *s, size_t n)
{
	struct ea_cur c;
	size_t k, d;

	ea_cur_init(&c, s, n);
	k = ea_cur_ws(&c);
	const char *t = ea_cur_at(&c);
	size_t tn = ea_cur_left(&c);

	if (ea_cur_looking_at(&c, "0x")) {
		hint_arm64(p);
		return parse_arm_map(p, t, tn);
	}
	/* a map line that lost its 0x (8 to 20 digits): read it to say so */
	d = ea_cur_count_hex(&c);
	if (k >= 2 && d >= 8 && d <= 20 && d < tn && t[d] == '-') {
		hint_arm64(p);
		return parse_arm_map(p, t, tn);
	}
	if (ea_cur_skip(&c, "mem")) {
		d = ea_cur_count_dec(&c);
		c.i += d;
		if (d && ea_cur_is(&c, ':')) {
			hint_x86(p);
			return parse_x86_map(p, t, tn);
		}
		/* "memattr:" rows describe runtime permissions, not the map */
		return R_NONE;
	}
	if (ea_cur_looking_at(&c, "EFI runtime memory map:")) {
		p->x86_runtime = true;
		return R_OK;
	}
	if (ea_cur_looking_at(&c, "EFI v")) {
		if (!p->out->efi_banner) {
			p->out->efi_banner = dup_clean(t, tn);
			p->out->efi_banner_ev = evid(p);
		}
		return R_OK;
	}
	if (ea_cur_looking_at(&c, "UEFI not found.")) {
		if (!p->out->uefi_not_found) {
			p->out->uefi_not_found = true;
			p->out->uefi_not_found_ev = evid(p);
		}
		return R_OK;
	}
	if (ea_cur_looking_at(&c, "Getting EFI parameters from FDT:") ||
	    ea_cur_looking_at(&c,
			      "Getting UEFI parameters from /chosen in DT:")) {
		p->out->has_chosen = true;
		return R_OK;
	}
	if (ea_cur_looking_at(&c, "Could not map UEFI memreserve entry!")) {
		add_symptom(p, EA_SYM_MEMRESERVE_UNMAPPABLE, NULL);
		return R_OK;
	}
	if (looks_like_cfg(t, tn))
		return parse_cfg(p, t, tn);
	return parse_fdt_param(p, t, tn);
}

/* --- ACPI ---------------------------------------------------------------- */

static void copy_sig(char sig[5], const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < 4 && i < n; i++)
		sig[i] = (s[i] >= 0x20 && s[i] < 0x7f) ? s[i] : '?';
	sig[i] = '\0';
}

/* "Reserving %4s table memory at [mem 0x%llx-0x%llx]" (x86, 5.12+) */
static enum res parse_acpi_resv(struct parser *p, const char *s, size_t n)
{
	static const char what[] = "ACPI table reservation line";
	static const char mid[] = " table memory at [mem ";
	struct ea_acpi_resv *a;
	const char *sig = s;
	size_t k = ea_find(s, n, mid), sn;
	uint64_t start, end;
	struct ea_range r;
	struct ea_cur c;

	pcur_init(p, &c, s, n);
	if (k == (size_t)-1) {
		c.trunc = true;
		ea_cur_fail(&c, "expected \"SIG%sSTART-END]\"", mid);
		return bad(p, &c, what);
	}
	sn = k;
	trim(&sig, &sn);
	if (!sn) {
		ea_cur_fail(&c, "no table signature");
		return bad(p, &c, what);
	}
	c.i = k + strlen(mid);
	if (!ea_cur_0x(&c, &start, "start address") ||
	    !ea_cur_lit(&c, "-", "after the start address") ||
	    !ea_cur_0x(&c, &end, "end address") ||
	    !ea_cur_lit(&c, "]", "after the end address"))
		return bad(p, &c, what);
	if (!ea_range_make(start, end, &r))
		return fail(p, "%s: end 0x%llx is below start 0x%llx", what,
			    (unsigned long long)end, (unsigned long long)start);
	a = EA_VEC_PUSH(p->out->acpi_resv);
	copy_sig(a->sig, sig, sn);
	a->r = r;
	a->ev = evid(p);
	return R_OK;
}

/*
 * The older table line, acpi_tb_print_table_header() before the
 * "0x%8.8X%8.8X %06X" form: "%4.4s %p %05X (v%.2d %6.6s %8.8s %08X %4.4s
 * %08X)", "RSDP %p %05X (v%.2d %6.6s)" and "FACS %p %05X", where %p is the
 * address as 8 (32-bit) or 16 (64-bit) hex digits without 0x:
 * "RSDP 00000000bc430018 00024 (v02 ALASKA)".
 */
static bool old_acpi_form(const char *s, size_t n)
{
	struct ea_cur c;
	size_t d;

	if (n < 5 || s[0] == ' ' || s[4] != ' ')
		return false;
	ea_cur_init(&c, s, n);
	c.i = 5;
	d = ea_cur_count_hex(&c);
	c.i += d;
	if ((d != 8 && d != 16) || !ea_cur_skip(&c, " "))
		return false;
	d = ea_cur_count_hex(&c);
	c.i += d;
	return d >= 4 &&
	       (ea_cur_blank_rest(&c) || ea_cur_looking_at(&c, " (v"));
}

/* After "ACPI: ". */
static enum res parse_acpi(struct parser *p, const char *s, size_t n)
{
	static const char what[] = "ACPI table line";
	static const char ovr[] = "table override, new table: ";
	struct ea_dmesg *o = p->out;
	struct ea_acpi_table *t;
	uint64_t addr, len;
	char sig[5];
	size_t k;
	struct ea_cur c;
	char f[EA_CUR_SHOW_MAX];

	if (ea_starts_with(s, n, "Reserving "))
		return parse_acpi_resv(p, s + 10, n - 10);
	/* "%-4.4s 0x%8.8X%8.8X": "SPCR: console", "IRQ0 used" are not */
	bool old = old_acpi_form(s, n);
	if (!old && (n < 7 || s[0] == ' ' || s[4] != ' ' || s[5] != '0' ||
		     (s[6] != 'x' && s[6] != 'X')))
		return R_NONE;
	for (k = 0; k < 4; k++)
		if (s[k] < 0x20 || s[k] >= 0x7f)
			return R_NONE;
	copy_sig(sig, s, 4);
	pcur_init(p, &c, s, n);
	c.i = 5;
	if (old ? !ea_cur_hex(&c, &addr, "table address")
		: !ea_cur_0x(&c, &addr, "table address"))
		return bad(p, &c, what);
	ea_cur_ws(&c);
	if (ea_cur_count_hex(&c)) {
		if (!ea_cur_hex(&c, &len, "table length"))
			return bad(p, &c, what);
		if (!ea_cur_done(&c) && !ea_cur_at_blank(&c))
			return fail(p, "%s: unexpected %s after the length",
				    what, ea_cur_show_rest(&c, f));
		if (len > UINT32_MAX)
			return fail(p, "%s: length 0x%llx does not fit 32 bits",
				    what, (unsigned long long)len);
		/* the header printed after an override completes it */
		if (p->acpi_override) {
			t = &o->acpi.v[p->acpi_override - 1];
			p->acpi_override = 0;
			if (!strcmp(t->sig, sig) && t->addr == addr &&
			    !t->length) {
				t->length = (uint32_t)len;
				t->ev = evid(p);
				return R_OK;
			}
		}
		t = EA_VEC_PUSH(o->acpi);
		memcpy(t->sig, sig, sizeof(t->sig));
		t->addr = addr;
		t->length = (uint32_t)len;
		t->virt = addr >= VIRT_BASE;
		t->ev = evid(p);
		return R_OK;
	}
	/* "%4.4s 0x%8.8X%8.8X %s table override, new table: 0x%8.8X%8.8X" */
	k = ea_find(ea_cur_at(&c), ea_cur_left(&c), ovr);
	if (k == (size_t)-1) {
		if (ea_cur_done(&c))
			c.trunc = true;
		ea_cur_fail(
		    &c, "expected a hex length or \"... %s0x...\", found %s",
		    ovr, ea_cur_show_rest(&c, f));
		return bad(p, &c, what);
	}
	c.i += k + strlen(ovr);
	if (!ea_cur_0x(&c, &addr, "new table address"))
		return bad(p, &c, what);
	t = EA_VEC_PUSH(o->acpi);
	memcpy(t->sig, sig, sizeof(t->sig));
	t->addr = addr; /* the copy the kernel uses from now on */
	t->virt = addr >= VIRT_BASE;
	t->ev = evid(p);
	p->acpi_override = o->acpi.n;
	return R_OK;
}

/* --- GICv3 / ITS --------------------------------------------------------- */

static enum res parse_lpi_prop(struct parser *p, const char *s, size_t n)
{
	uint64_t v;
	struct ea_cur c;

	pcur_init(p, &c, s, n);
	if (!ea_cur_0x(&c, &v, "table address"))
		return bad(p, &c, "LPI property table line");
	if (!p->out->has_lpi_prop) {
		p->out->has_lpi_prop = true;
		p->out->lpi_prop = v;
		p->out->lpi_prop_ev = evid(p);
	}
	return R_OK;
}

/* "CPU%d: using %s LPI pending table @%pa" and "CPU%d: Booted with ..." */
static enum res parse_gic_cpu(struct parser *p, const char *s, size_t n)
{
	static const char what[] = "LPI pending table line";
	static const char tail[] = "LPI pending table @";
	struct ea_lpi_pending *lp;
	uint64_t cpu, addr;
	bool reserved = false;
	struct ea_cur c;
	char f[EA_CUR_SHOW_MAX];

	pcur_init(p, &c, s, n);
	ea_cur_skip(&c, "CPU");
	if (!ea_cur_count_dec(&c))
		return R_NONE;
	if (!ea_cur_dec(&c, &cpu, "CPU number"))
		return bad(p, &c, what);
	if (!ea_cur_skip(&c, ":"))
		return R_NONE;
	ea_cur_ws(&c);
	if (ea_cur_looking_at(&c, "Booted with LPIs enabled")) {
		add_symptom(p, EA_SYM_LPIS_ENABLED_CORRUPTED, NULL);
		return R_OK;
	}
	if (!ea_cur_skip(&c, "using "))
		return R_NONE; /* "found redistributor ..." etc. */
	if (ea_cur_skip(&c, "reserved ")) {
		reserved = true;
	} else if (!ea_cur_skip(&c, "allocated ") &&
		   !ea_cur_looking_at(&c, "LPI ")) {
		/* <= 4.19 has no word before "LPI" */
		if (ea_cur_left(&c) < 10)
			c.trunc = true;
		ea_cur_fail(&c,
			    "expected \"allocated\" or \"reserved\", found %s",
			    ea_cur_show_rest(&c, f));
		return bad(p, &c, what);
	}
	if (!ea_cur_lit(&c, tail, "before the address") ||
	    !ea_cur_0x(&c, &addr, "table address"))
		return bad(p, &c, what);
	if (cpu > UINT32_MAX)
		return fail(p, "%s: CPU number %llu too large", what,
			    (unsigned long long)cpu);
	lp = EA_VEC_PUSH(p->out->lpi_pending);
	lp->cpu = (uint32_t)cpu;
	lp->addr = addr;
	lp->reserved = reserved;
	lp->ev = evid(p);
	/* tables inherited from a previous kernel, kept by MEMRESERVE */
	if (reserved)
		p->out->second_kernel = true;
	return R_OK;
}

/* After "GICv3: ". */
static enum res parse_gicv3(struct parser *p, const char *s, size_t n)
{
	static const char prop[] = "using LPI property table @";
	static const char exp[] = "Expected reserved range [";
	uint64_t a, b;
	struct ea_range r;
	struct ea_cur c;

	hint_arm64(p);
	if (ea_starts_with(s, n, prop))
		return parse_lpi_prop(p, s + strlen(prop), n - strlen(prop));
	if (ea_starts_with(s, n, "CPU"))
		return parse_gic_cpu(p, s, n);
	if (ea_starts_with(s, n, "Using preallocated redistributor tables")) {
		/* LPIs were left enabled, by a previous kernel normally */
		p->out->gic_preallocated = true;
		p->out->second_kernel = true;
		return R_OK;
	}
	if (ea_starts_with(s, n, exp)) {
		/* the symptom counts even if its range is unreadable */
		pcur_init(p, &c, s, n);
		ea_cur_skip(&c, exp);
		if (ea_cur_0x(&c, &a, "range start") &&
		    ea_cur_lit(&c, ":", "between the addresses") &&
		    ea_cur_0x(&c, &b, "range end") && ea_range_make(a, b, &r)) {
			add_symptom(p, EA_SYM_EXPECTED_RANGE_NOT_FOUND, &r);
			return R_OK;
		}
		add_symptom(p, EA_SYM_EXPECTED_RANGE_NOT_FOUND, NULL);
		if (!c.err[0])
			ea_cur_fail(&c, "range end below its start");
		ea_diag_add(p->diags, evid(p),
			    "GICv3 expected-range line: %s (symptom kept "
			    "without a range)",
			    c.err);
		return R_OK;
	}
	return R_NONE;
}

/* "ITS@%pa: allocated %d %s @%lx (%s, esz %d, psz %dK, shr %d)" */
static enum res parse_its(struct parser *p, const char *s, size_t n)
{
	static const char what[] = "ITS table line";
	struct ea_its_table *t;
	uint64_t base, count, addr, esz, psz, shr;
	const char *type;
	size_t k, tn;
	bool indirect;
	struct ea_cur c;

	k = ea_find(s, n, ": allocated ");
	if (k == (size_t)-1 || k > 40)
		return R_NONE; /* "ITS@...: Devices Table too large" etc. */
	hint_arm64(p);
	pcur_init(p, &c, s, n);
	ea_cur_skip(&c, "ITS@");
	if (!ea_cur_0x(&c, &base, "ITS base address"))
		return bad(p, &c, what);
	if (c.i != k)
		return fail(p, "%s: unexpected text after the ITS base", what);
	ea_cur_skip(&c, ": allocated ");
	if (!ea_cur_dec(&c, &count, "entry count"))
		return bad(p, &c, what);
	ea_cur_ws(&c);
	/* the type has blanks: "Interrupt Collections", "Reserved (3)" */
	k = ea_find(ea_cur_at(&c), ea_cur_left(&c) < 40 ? ea_cur_left(&c) : 40,
		    " @");
	if (k == (size_t)-1) {
		if (ea_cur_left(&c) < 40)
			c.trunc = true;
		ea_cur_fail(&c, "expected \"TYPE @ADDRESS\" after the count");
		return bad(p, &c, what);
	}
	type = ea_cur_at(&c);
	tn = k;
	trim(&type, &tn);
	if (!tn || tn >= sizeof(t->type))
		return fail(p, "%s: table type empty or too long", what);
	c.i += k + 2;
	/* %lx: no 0x, but accept one */
	ea_cur_skip(&c, "0x");
	if (!ea_cur_hex(&c, &addr, "table address"))
		return bad(p, &c, what);
	ea_cur_ws(&c);
	if (!ea_cur_lit(&c, "(", "after the table address"))
		return bad(p, &c, what);
	if (ea_cur_skip(&c, "indirect")) {
		indirect = true;
	} else if (ea_cur_skip(&c, "flat")) {
		indirect = false;
	} else {
		if (ea_cur_left(&c) < 8)
			c.trunc = true;
		ea_cur_fail(&c, "expected \"indirect\" or \"flat\"");
		return bad(p, &c, what);
	}
	if (!ea_cur_lit(&c, ", esz ", "after the table kind") ||
	    !ea_cur_dec(&c, &esz, "entry size") ||
	    !ea_cur_lit(&c, ", psz ", "after the entry size") ||
	    !ea_cur_dec(&c, &psz, "page size") ||
	    !ea_cur_lit(&c, "K, shr ", "after the page size") ||
	    !ea_cur_dec(&c, &shr, "shareability") ||
	    !ea_cur_lit(&c, ")", "after the shareability"))
		return bad(p, &c, what);
	if (psz > UINT32_MAX)
		return fail(p, "%s: page size %lluK too large", what,
			    (unsigned long long)psz);
	t = EA_VEC_PUSH(p->out->its);
	t->its_base = base;
	memcpy(t->type, type, tn);
	t->count = count;
	t->addr = addr;
	t->psz_kib = (uint32_t)psz;
	t->indirect = indirect;
	t->ev = evid(p);
	return R_OK;
}

/* --- memblock, esrt, crashkernel ----------------------------------------- */

/* "memblock_reserve: [%pa-%pa] %pS" of the memreserve chain walk. */
static enum res parse_memblock(struct parser *p, const char *s, size_t n)
{
	static const char what[] = "memblock_reserve debug line";
	struct ea_memblock_dbg *d;
	uint64_t start, end;
	struct ea_cur c;

	if (ea_find(s, n, "efi_config_parse_tables") == (size_t)-1)
		return R_NONE;
	pcur_init(p, &c, s, n);
	if (!ea_cur_0x(&c, &start, "start address") ||
	    !ea_cur_lit(&c, "-", "after the start address") ||
	    !ea_cur_0x(&c, &end, "end address") ||
	    !ea_cur_lit(&c, "]", "after the end address"))
		return bad(p, &c, what);
	d = EA_VEC_PUSH(p->out->memblock_dbg);
	d->start = start;
	d->end = end;
	d->valid = ea_range_make(start, end, &d->r);
	d->ev = evid(p);
	/* a walk through overwritten chain nodes reserves garbage */
	if (!d->valid || start >= PHYS_LIMIT || end >= PHYS_LIMIT)
		add_symptom(p, EA_SYM_MEMRESERVE_GARBAGE,
			    d->valid ? &d->r : NULL);
	return R_OK;
}

/* "Reserving ESRT space from %pa to %pa." (end exclusive) */
static enum res parse_esrt(struct parser *p, const char *s, size_t n)
{
	static const char what[] = "ESRT reservation line";
	static const char lead[] = "Reserving ESRT space from ";
	uint64_t from, to;
	struct ea_range r;
	struct ea_cur c;

	pcur_init(p, &c, s, n);
	if (ea_cur_looking_at(&c, "Unsupported ESRT version")) {
		add_symptom(p, EA_SYM_ESRT_CORRUPTED, NULL);
		return R_OK;
	}
	if (!ea_cur_skip(&c, lead))
		return R_NONE;
	if (!ea_cur_0x(&c, &from, "start address") ||
	    !ea_cur_lit(&c, " to ", "after the start address") ||
	    !ea_cur_0x(&c, &to, "end address"))
		return bad(p, &c, what);
	if (to <= from || !ea_range_make(from, to - 1, &r))
		return fail(p, "%s: end 0x%llx is not above start 0x%llx", what,
			    (unsigned long long)to, (unsigned long long)from);
	if (!p->out->has_esrt_resv) {
		p->out->has_esrt_resv = true;
		p->out->esrt_resv = r;
		p->out->esrt_resv_ev = evid(p);
	}
	return R_OK;
}

static void set_crashkernel(struct parser *p, struct ea_range r)
{
	if (p->out->has_crashkernel)
		return;
	p->out->has_crashkernel = true;
	p->out->crashkernel = r;
	p->out->crashkernel_ev = evid(p);
}

/* "crashkernel reserved: 0x%016llx - 0x%016llx (%lld MB)" (end exclusive) */
static enum res parse_crash_arm(struct parser *p, const char *s, size_t n)
{
	static const char what[] = "crashkernel reservation line";
	uint64_t from, to;
	struct ea_range r;
	struct ea_cur c;

	pcur_init(p, &c, s, n);
	if (!ea_cur_0x(&c, &from, "start address"))
		return bad(p, &c, what);
	ea_cur_ws(&c);
	if (!ea_cur_lit(&c, "-", "after the start address"))
		return bad(p, &c, what);
	ea_cur_ws(&c);
	if (!ea_cur_0x(&c, &to, "end address"))
		return bad(p, &c, what);
	if (to <= from || !ea_range_make(from, to - 1, &r))
		return fail(p, "%s: end 0x%llx is not above start 0x%llx", what,
			    (unsigned long long)to, (unsigned long long)from);
	set_crashkernel(p, r);
	return R_OK;
}

/* "Reserving %ldMB of memory at %ldMB for crashkernel (System RAM: %ldMB)" */
static enum res parse_crash_x86(struct parser *p, const char *s, size_t n)
{
	static const char what[] = "crashkernel reservation line";
	uint64_t size, at;
	struct ea_range r;
	struct ea_cur c;

	pcur_init(p, &c, s, n);
	ea_cur_skip(&c, "Reserving ");
	if (!ea_cur_count_dec(&c))
		return R_NONE; /* "Reserving Intel graphics memory ..." */
	if (!ea_cur_dec(&c, &size, "size"))
		return bad(p, &c, what);
	if (!ea_cur_skip(&c, "MB of memory at "))
		return R_NONE; /* the "low memory" reservation, or another */
	if (!ea_cur_dec(&c, &at, "start") ||
	    !ea_cur_lit(&c, "MB for crashkernel", "after the start"))
		return bad(p, &c, what);
	if (size >= 1ULL << 44 || at >= 1ULL << 44 ||
	    !ea_range_from_size(at << 20, size << 20, &r))
		return fail(p, "%s: %lluMB at %lluMB is not a valid range",
			    what, (unsigned long long)size,
			    (unsigned long long)at);
	set_crashkernel(p, r);
	return R_OK;
}

/* --- the kernel itself --------------------------------------------------- */

static void parse_version(struct parser *p, const char *s, size_t n)
{
	struct ea_cur c;

	ea_cur_init(&c, s, n);
	ea_cur_skip(&c, "Linux version ");
	const char *rel = ea_cur_at(&c);
	size_t k = ea_cur_upto(&c, " \t", SIZE_MAX);

	if (!p->out->kernel_version && k) {
		p->out->kernel_version = dup_clean(rel, k);
		p->out->kernel_banner = dup_clean(s, n);
		p->out->kernel_ev = evid(p);
	}
	p->out->starts_at_boot = true;
	if (ea_find(rel, k, "aarch64") != (size_t)-1 ||
	    ea_find(rel, k, "-arm64") != (size_t)-1)
		hint_arm64(p);
	if (ea_find(rel, k, "x86_64") != (size_t)-1 ||
	    ea_find(rel, k, "-amd64") != (size_t)-1)
		hint_x86(p);
}

static void parse_cmdline(struct parser *p, const char *s, size_t n,
			  bool from_kernel)
{
	/* x86 prints "Command line:" early, then "Kernel command line:" */
	if (!p->out->cmdline || (from_kernel && !p->cmdline_is_kernel)) {
		free(p->out->cmdline);
		p->out->cmdline = dup_clean(s, n);
		p->cmdline_is_kernel = from_kernel;
	}
	if (ea_find(s, n, "elfcorehdr=") != (size_t)-1)
		p->out->second_kernel = true;
}

/* --- dispatch ------------------------------------------------------------ */

#define SW(lit) STARTS(m, n, lit)
#define AFTER(lit) m + sizeof(lit) - 1, n - (sizeof(lit) - 1)

static enum res dispatch(struct parser *p, const char *m, size_t n)
{
	struct ea_dmesg *o = p->out;

	if (n < 4)
		return R_NONE;
	switch (m[0]) {
	case 'e':
		if (SW("efi:"))
			return parse_efi(p, AFTER("efi:"));
		if (SW("esrt: "))
			return parse_esrt(p, AFTER("esrt: "));
		break;
	case 'A':
		if (SW("ACPI: "))
			return parse_acpi(p, AFTER("ACPI: "));
		break;
	case 'G':
		if (SW("GICv3: "))
			return parse_gicv3(p, AFTER("GICv3: "));
		if (SW("GIC: using LPI property table @")) { /* <= 4.19 */
			hint_arm64(p);
			return parse_lpi_prop(
			    p, AFTER("GIC: using LPI property table @"));
		}
		break;
	case 'I':
		if (SW("ITS@"))
			return parse_its(p, m, n);
		break;
	case 'L':
		if (SW("Linux version ")) {
			parse_version(p, m, n);
			return R_OK;
		}
		break;
	case 'B':
		if (SW("Booting Linux on physical CPU")) {
			o->starts_at_boot = true;
			hint_arm64(p);
			return R_OK;
		}
		if (SW("BIOS-e820:"))
			hint_x86(p);
		break;
	case 'M':
		if (SW("Machine model: ")) {
			hint_arm64(p);
			if (!o->machine_model)
				o->machine_model =
				    dup_clean(AFTER("Machine model: "));
			return R_OK;
		}
		break;
	case 'K':
		if (SW("Kernel command line: ")) {
			parse_cmdline(p, AFTER("Kernel command line: "), true);
			return R_OK;
		}
		break;
	case 'C':
		if (SW("Command line: ")) {
			parse_cmdline(p, AFTER("Command line: "), false);
			return R_OK;
		}
		if (SW("CPU features:"))
			hint_arm64(p);
		if (SW("Could not map UEFI memreserve entry!")) {
			add_symptom(p, EA_SYM_MEMRESERVE_UNMAPPABLE, NULL);
			return R_OK;
		}
		break;
	case 'c':
		if (SW("crashkernel reserved: "))
			return parse_crash_arm(p,
					       AFTER("crashkernel reserved: "));
		break;
	case 'R':
		/* arm64 kdump <= 5.x: "Reserving %lldKB of memory at 0x%llx
		 * for elfcorehdr" */
		if (SW("Reserving ") &&
		    ends_with_trimmed(m, n, "for elfcorehdr")) {
			o->second_kernel = true;
			return R_OK;
		}
		if (SW("Reserving "))
			return parse_crash_x86(p, m, n);
		break;
	case 'm':
		if (SW("memblock_reserve: ["))
			return parse_memblock(p, AFTER("memblock_reserve: ["));
		break;
	case 'x':
		if (SW("x86/"))
			hint_x86(p);
		break;
	case 'O':
		/* arm64 kdump: elfcorehdr comes through the DT, not cmdline */
		if (SW("OF: fdt: Reserving ") &&
		    ends_with_trimmed(m, n, "for elfcorehdr"))
			o->second_kernel = true;
		break;
	default:
		break;
	}
	return R_NONE;
}

#undef SW
#undef AFTER

/*
 * A line the parser recognised but whose end is missing, followed by a line
 * without any log prefix, was probably wrapped by a mail client: read the
 * two (or up to four) as one. On success the extra lines are consumed.
 */
static enum res try_join(struct parser *p, struct ea_logreader *it,
			 const char *m, size_t mn)
{
	char buf[1024], err[sizeof(p->err)];
	struct ea_logreader peek = *it;
	struct ea_logline nl = { 0 };
	const char *cut_end = p->cut_end, *raw = p->raw;
	size_t bn = mn, rawn = p->rawn;
	uint32_t extra = 0;
	enum res r = R_TRUNC;

	if (mn > sizeof(buf))
		return R_TRUNC;
	memcpy(buf, m, mn);
	memcpy(err, p->err, sizeof(err));
	p->joining = true;
	while (r == R_TRUNC && extra < 3 && ea_logreader_next(&peek, &nl)) {
		if (!p->out->kexec_lines)
			p->out->kexec_lines =
			    ea_logline_kexec_may_matter(nl.msg, nl.n);
		if (nl.stamped || !nl.n || bn + nl.n > sizeof(buf))
			break;
		memcpy(buf + bn, nl.msg, nl.n);
		bn += nl.n;
		extra += nl.nlines;
		p->rawn = (size_t)(nl.raw + nl.rawn - raw);
		p->cut_end = nl.cut ? buf + bn : NULL;
		r = dispatch(p, buf, bn);
		if (r == R_OK) {
			*it = peek;
			p->out->lines += extra;
		}
	}
	ea_logline_free(&nl);
	p->joining = false;
	p->cut_end = cut_end;
	if (r != R_OK) {
		p->rawn = rawn;
		memcpy(p->err, err, sizeof(err));
		return R_TRUNC;
	}
	return R_OK;
}

/*
 * Can m be the rest of a cut config-table entry? Not if a ':' comes before
 * any '=' ("efi: mem00: ..."): that is a log line of its own.
 */
static bool cfg_tail_ok(const char *m, size_t n)
{
	if (!n || m[0] == '[')
		return false;
	for (size_t i = 0; i < n && i < 64; i++) {
		if (m[i] == '=')
			return true;
		if (m[i] == ':')
			return false;
	}
	return true;
}

/* The deferred diagnostic of a config-table entry that was never completed. */
static void flush_cfg_part(struct parser *p)
{
	if (!p->cfg_part_len)
		return;
	ea_diag_add(p->diags,
		    ea_evid_line(p->in, p->cfg_part_lineno, p->cfg_part_raw,
				 p->cfg_part_rawn),
		    "%s", p->cfg_part_err);
	p->cfg_part_len = 0;
}

/*
 * The line ll as the tail of the config-table entry the line before cut
 * (p->cfg_part): read joined to it, unless it is a line of its own or the
 * two are too long together. Whether it was.
 */
static bool cfg_join(struct parser *p, const struct ea_logline *ll)
{
	char buf[1024];
	size_t mn = ll->n;
	enum res r;

	if (ll->stamped || !cfg_tail_ok(ll->msg, mn) ||
	    p->cfg_part_len + mn > sizeof(buf))
		return false;
	memcpy(buf, p->cfg_part, p->cfg_part_len);
	memcpy(buf + p->cfg_part_len, ll->msg, mn);
	p->lineno = p->cfg_part_lineno;
	p->raw = p->cfg_part_raw;
	p->rawn = (size_t)(ll->raw + ll->rawn - p->raw);
	mn += p->cfg_part_len;
	p->cut_end = ll->cut ? buf + mn : NULL;
	p->cfg_part_len = 0;
	r = parse_cfg(p, buf, mn);
	p->cut_end = NULL; /* it pointed into buf */
	if (r == R_BAD || r == R_TRUNC)
		ea_diag_add(p->diags, evid(p), "%s", p->err);
	p->cfg_cont = p->cfg_cont_next;
	p->out->kernel_lines++;
	return true;
}

/* The copies of the boot the reader left out, with their banners. */
static void note_repeats(const struct ea_input *in, struct ea_dmesg *out,
			 const struct ea_logreader *rd)
{
	for (size_t i = 0; i < rd->repeats.n; i++) {
		const struct ea_logrepeat *r = &rd->repeats.v[i];
		struct ea_dmesg_repeat *d = EA_VEC_PUSH(out->repeats);

		d->skip_first = r->skip_first;
		d->skip_last = r->skip_last;
		d->kept_first = r->kept_first;
		d->kept_last = r->kept_last;
		d->skip_ev = ea_evid_line(in, r->skip_banner,
					  in->data + r->skip_banner_off,
					  r->skip_banner_len);
		d->kept_ev = ea_evid_line(in, r->kept_banner,
					  in->data + r->kept_banner_off,
					  r->kept_banner_len);
	}
}

void ea_dmesg_parse(const struct ea_input *in, struct ea_dmesg *out,
		    struct ea_diags *diags)
{
	struct ea_diags none = { 0 };
	struct parser p;
	struct ea_logreader rd;
	struct ea_logline ll = { 0 };
	const char *m;
	size_t mn;
	enum res r;
	bool stamped;

	memset(out, 0, sizeof(*out));
	out->in = in;
	if (!in || !in->data)
		return;
	if (!diags)
		diags = &none; /* the caller does not want them */
	memset(&p, 0, sizeof(p));
	p.in = in;
	p.out = out;
	p.diags = diags;
	ea_logreader_init(&rd, in->data, in->len);
	out->wrap = rd.wrap;
	note_repeats(in, out, &rd);
	p.wrap = rd.wrap;
	while (ea_logreader_next(&rd, &ll)) {
		out->lines += ll.nlines;
		m = ll.msg;
		mn = ll.n;
		stamped = ll.stamped;
		if (!out->kexec_lines)
			out->kexec_lines = ea_logline_kexec_may_matter(m, mn);
		p.lineno = ll.lineno;
		p.raw = ll.raw;
		p.rawn = ll.rawn;
		p.cut_end = ll.cut ? m + mn : NULL;
		p.cfg_cont_next = false;

		/* the tail of a config-table entry cut by a line break */
		if (p.cfg_part_len) {
			if (cfg_join(&p, &ll))
				continue;
			flush_cfg_part(&p);
		}

		/* pr_cont() pieces of the config-table line on their own */
		if (p.cfg_cont && looks_like_cfg(m, mn))
			r = parse_cfg(&p, m, mn);
		else
			r = dispatch(&p, m, mn);
		if (r == R_TRUNC && stamped)
			r = try_join(&p, &rd, m, mn);
		if (r == R_BAD || r == R_TRUNC)
			ea_diag_add(diags, evid(&p), "%s", p.err);
		if (stamped || r != R_NONE)
			out->kernel_lines++;
		p.cfg_cont = p.cfg_cont_next;
	}
	flush_cfg_part(&p);
	ea_logline_free(&ll);
	ea_logreader_free(&rd);
	ea_diags_free(&none);
}

void ea_dmesg_free(struct ea_dmesg *d)
{
	if (!d)
		return;
	EA_VEC_FREE(d->efi_map);
	EA_VEC_FREE(d->efi_runtime_map);
	EA_VEC_FREE(d->cfg);
	EA_VEC_FREE(d->acpi);
	EA_VEC_FREE(d->acpi_resv);
	EA_VEC_FREE(d->lpi_pending);
	EA_VEC_FREE(d->its);
	EA_VEC_FREE(d->symptoms);
	EA_VEC_FREE(d->memblock_dbg);
	EA_VEC_FREE(d->repeats);
	free(d->kernel_version);
	free(d->kernel_banner);
	free(d->machine_model);
	free(d->cmdline);
	free(d->efi_banner);
	memset(d, 0, sizeof(*d));
}

const struct ea_cfg_table *ea_dmesg_cfg(const struct ea_dmesg *d,
					const char *name)
{
	for (size_t i = 0; i < d->cfg.n; i++)
		if (strcmp(d->cfg.v[i].name, name) == 0 &&
		    !d->cfg.v[i].unusable)
			return &d->cfg.v[i];
	return NULL;
}
