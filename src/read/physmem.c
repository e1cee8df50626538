/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Physical memory backends (physmem.h). Formats:
 *  - snapshot mem/<16 hex>.bin: SNAPSHOT.md;
 *  - ELF64 core (/proc/kcore, vmcore): the System V gABI ELF header and
 *    program header (Elf64_Ehdr: e_ident[16], e_type u16 @16, e_machine u16
 *    @18, e_phoff u64 @32, e_shoff u64 @40, e_phentsize u16 @54, e_phnum u16
 *    @56, e_shentsize u16 @58, e_shnum u16 @60; Elf64_Phdr, 56 bytes:
 *    p_type u32 @0, p_offset u64 @8, p_paddr u64 @24, p_filesz u64 @32,
 *    p_memsz u64 @40; e_phnum 0xffff (PN_XNUM) puts the count in section
 *    header 0's sh_info, u32 @44). What p_paddr holds: fs/proc/kcore.c
 *    read_kcore_iter() and kexec-tools crashdump-elf.c;
 *  - /dev/mem: drivers/char/mem.c read_mem(), devmem_is_allowed() in
 *    arch/x86/mm/init.c and the generic one in mm/memory.c, arm64's
 *    valid_phys_addr_range() in arch/arm64/mm/mmap.c.
 */
#include "read/physmem.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

#include "core/bytes.h"
#include "core/cursor.h"
#include "core/input.h"
#include "core/tree.h"

#define EHDR_SIZE 64u
#define PHDR_SIZE 56u
#define SHDR_SIZE 64u
#define PT_LOAD_TYPE 1u
#define ET_CORE_TYPE 4u
#define PN_XNUM_COUNT 0xffffu

static int chunk_cmp(const void *a, const void *b)
{
	const struct ea_physmem_chunk *x = a, *y = b;

	return x->base < y->base ? -1 : x->base > y->base;
}

static int seg_cmp(const void *a, const void *b)
{
	const struct ea_physmem_seg *x = a, *y = b;

	if (x->paddr != y->paddr)
		return x->paddr < y->paddr ? -1 : 1;
	return x->src < y->src ? -1 : x->src > y->src;
}

/*
 * Sorts v and makes it disjoint: where pieces overlap, the one sorted first
 * keeps the bytes and the later one is trimmed or dropped. In /proc/kcore
 * the kernel text segment overlaps the RAM segment holding it, and
 * kexec-tools' vmcore headers do the same, so an overlap is normal and both
 * name the same memory. Returns how many pieces were trimmed or dropped.
 */
static uint32_t make_disjoint(struct ea_physmem_seg *v, size_t *n)
{
	size_t out = 0;
	uint64_t covered_last = 0;
	bool any = false;
	uint32_t overlaps = 0;

	ea_sort(v, *n, sizeof(*v), seg_cmp);
	for (size_t i = 0; i < *n; i++) {
		struct ea_physmem_seg s = v[i];
		uint64_t last = s.paddr + (s.len - 1);

		if (any && last <= covered_last) {
			overlaps++;
			continue;
		}
		if (any && s.paddr <= covered_last) {
			uint64_t delta = covered_last - s.paddr + 1;

			s.paddr += delta;
			s.off += delta;
			s.len -= delta;
			overlaps++;
		}
		v[out++] = s;
		covered_last = last;
		any = true;
	}
	*n = out;
	return overlaps;
}

/* Index of the piece holding addr, or -1. O(log n). */
static long seg_find(const struct ea_physmem_seg *v, size_t n, uint64_t addr)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (v[mid].paddr <= addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo == 0)
		return -1;
	const struct ea_physmem_seg *s = &v[lo - 1];

	if (addr - s->paddr >= s->len)
		return -1;
	return (long)(lo - 1);
}

static struct ea_evid no_line(const struct ea_input *in)
{
	struct ea_evid e = { 0 };

	e.in = in;
	return e;
}

/* Sorts the chunks and makes pm->segs from them, overlaps resolved. */
static void chunks_to_segs(struct ea_physmem *pm)
{
	ea_sort(pm->chunks.v, pm->chunks.n, sizeof(*pm->chunks.v), chunk_cmp);
	for (size_t i = 0; i < pm->chunks.n; i++) {
		struct ea_physmem_seg *s = EA_VEC_PUSH(pm->segs);

		s->paddr = pm->chunks.v[i].base;
		s->len = pm->chunks.v[i].len;
		s->off = 0;
		s->src = (uint32_t)i;
	}
	pm->nr_overlap = make_disjoint(pm->segs.v, &pm->segs.n);
}

/* --- snapshot mem/ ----------------------------------------------------- */

bool ea_physmem_open_tree(struct ea_physmem *pm, struct ea_input *in,
			  const struct ea_tree *t, const char *rel,
			  struct ea_diags *diags)
{
	char **names;
	size_t nn;
	int err;

	free(in->path);
	in->path = ea_tree_path(t, rel);
	if (!ea_tree_list(t, rel, &names, &nn, &err)) {
		if (err == ENOENT || err == ENOTDIR)
			ea_input_set_status(in, EA_IN_ABSENT,
					    "no such directory: no physical "
					    "memory was saved");
		else
			ea_input_set_status(in, EA_IN_UNREADABLE, "%s",
					    ea_tree_strerror(err));
		return false;
	}
	pm->dir = ea_xstrdup(in->path);
	pm->backend = "snapshot mem/";
	pm->kind = EA_PM_SNAPSHOT;
	for (size_t i = 0; i < nn; i++) {
		const char *n = names[i];

		if (n[0] == '.')
			continue;
		uint64_t base;
		struct ea_cur nc;

		ea_cur_init(&nc, n, strlen(n));
		if (!ea_cur_take_hexw(&nc, 16, &base) ||
		    !ea_cur_skip(&nc, ".bin") || !ea_cur_done(&nc)) {
			ea_diag_add(
			    diags, no_line(in),
			    "%s/%s: not a mem/<16 hex digits>.bin name; "
			    "ignored",
			    pm->dir, n);
			continue;
		}
		if (pm->chunks.n >= EA_PHYSMEM_MAX_CHUNKS) {
			ea_diag_add(diags, no_line(in),
				    "%s: more than %d chunk files; the rest "
				    "ignored",
				    pm->dir, EA_PHYSMEM_MAX_CHUNKS);
			break;
		}
		char *frel = ea_tree_join(rel, n);
		struct ea_input f = { .name = "mem" };
		bool ok = ea_tree_load(t, frel, EA_PHYSMEM_MAX_CHUNK, &f, NULL);

		free(frel);
		if (!ok || f.len == 0 || f.len - 1 > UINT64_MAX - base) {
			ea_diag_add(diags, no_line(in), "%s: %s; ignored",
				    f.path,
				    !ok		 ? f.detail
				    : f.len == 0 ? "empty"
						 : "past 2^64");
			ea_input_free(&f);
			continue;
		}
		struct ea_physmem_chunk *c = EA_VEC_PUSH(pm->chunks);

		c->base = base;
		c->len = f.len;
		c->data = ea_input_take(&f, &c->mapped);
		c->path = f.path;
		f.path = NULL;
		ea_input_free(&f);
	}
	free(names);
	chunks_to_segs(pm);
	in->status = EA_IN_OK;
	return true;
}

bool ea_physmem_open_dir(struct ea_physmem *pm, struct ea_input *in,
			 const char *dir, struct ea_diags *diags)
{
	struct ea_tree *t = ea_tree_open_dir(dir);
	bool ok = ea_physmem_open_tree(pm, in, t, "", diags);

	ea_tree_close(t);
	return ok;
}

/* --- in-memory regions -------------------------------------------------- */

bool ea_physmem_open_buffers(struct ea_physmem *pm,
			     const struct ea_physmem_region *r, size_t n,
			     char *why, size_t whylen)
{
	if (n > EA_PHYSMEM_MAX_CHUNKS) {
		ea_set_why(why, whylen, "%zu regions, more than %d", n,
			   EA_PHYSMEM_MAX_CHUNKS);
		return false;
	}
	for (size_t i = 0; i < n; i++) {
		const char *bad = NULL;

		if (r[i].len == 0)
			bad = "empty";
		else if (!r[i].data)
			bad = "no bytes";
		else if (r[i].len > EA_PHYSMEM_MAX_CHUNK)
			bad = "larger than a mem/ chunk may be";
		else if (r[i].len - 1 > UINT64_MAX - r[i].addr)
			bad = "runs past 2^64";
		if (bad) {
			ea_set_why(
			    why, whylen, "region %zu (0x%016llx..+%zu): %s", i,
			    (unsigned long long)r[i].addr, r[i].len, bad);
			return false;
		}
	}
	pm->backend = "memory buffers";
	pm->kind = EA_PM_BUFFERS;
	for (size_t i = 0; i < n; i++) {
		struct ea_physmem_chunk *c = EA_VEC_PUSH(pm->chunks);

		c->base = r[i].addr;
		c->len = r[i].len;
		c->data = ea_xrealloc(NULL, r[i].len, 1);
		memcpy(c->data, r[i].data, r[i].len);
	}
	chunks_to_segs(pm);
	return true;
}

/* --- ELF64 cores ------------------------------------------------------- */

/* "[none] integrity confidentiality" → "none"; "" when unknown. */
static void lockdown_mode(char *out, size_t cap)
{
	char buf[128];
	int fd = open("/sys/kernel/security/lockdown",
		      O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	ssize_t r;

	out[0] = '\0';
	if (fd < 0)
		return;
	r = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (r <= 0)
		return;
	buf[r] = '\0';
	char *o = strchr(buf, '['), *c = o ? strchr(o, ']') : NULL;

	if (!o || !c || (size_t)(c - o - 1) >= cap)
		return;
	memcpy(out, o + 1, (size_t)(c - o - 1));
	out[c - o - 1] = '\0';
}

/* Why open() of a memory file failed, in the words a user can act on. */
static void open_failure(struct ea_input *in, const char *path, int e,
			 enum ea_physmem_kind kind)
{
	char mode[32];

	if (e == ENOENT) {
		ea_input_set_status(
		    in, EA_IN_ABSENT, "%s: no such file%s", path,
		    kind == EA_PM_KCORE ? " (kernel built without "
					  "CONFIG_PROC_KCORE?)"
		    : kind == EA_PM_DEVMEM
			? " (kernel built without CONFIG_DEVMEM?)"
			: "");
		return;
	}
	if (e != EPERM || (kind != EA_PM_KCORE && kind != EA_PM_DEVMEM)) {
		ea_input_set_status(in, EA_IN_UNREADABLE, "%s: %s", path,
				    strerror(e));
		return;
	}
	/* security_locked_down(): LOCKDOWN_KCORE is a confidentiality
	 * reason, LOCKDOWN_DEV_MEM an integrity one */
	lockdown_mode(mode, sizeof(mode));
	bool conf = strcmp(mode, "confidentiality") == 0;
	bool refuses =
	    conf || (kind == EA_PM_DEVMEM && strcmp(mode, "integrity") == 0);

	if (refuses)
		ea_input_set_status(in, EA_IN_UNREADABLE,
				    "%s: EPERM: kernel lockdown is in %s mode "
				    "(/sys/kernel/security/lockdown), which "
				    "refuses it even to root",
				    path, mode);
	else if (mode[0])
		ea_input_set_status(in, EA_IN_UNREADABLE,
				    "%s: EPERM: opening it needs "
				    "CAP_SYS_RAWIO (kernel lockdown is [%s], "
				    "which does not refuse it)",
				    path, mode);
	else
		ea_input_set_status(
		    in, EA_IN_UNREADABLE,
		    "%s: EPERM: opening it needs CAP_SYS_RAWIO, and kernel "
		    "lockdown (%s) refuses it even to root; "
		    "/sys/kernel/security/lockdown could not be read",
		    path,
		    kind == EA_PM_KCORE ? "confidentiality mode"
					: "integrity or confidentiality mode");
}

/* pread of exactly n bytes; false with errno-like reason otherwise. */
static bool pread_full(int fd, void *buf, size_t n, uint64_t off, int *err_out,
		       size_t *got_out)
{
	size_t got = 0;

	*err_out = 0;
	while (got < n) {
		if (off + got > (uint64_t)INT64_MAX) {
			*err_out = EOVERFLOW;
			break;
		}
		size_t want = n - got;

		/* one syscall is capped well below SSIZE_MAX anyway */
		if (want > ((size_t)1 << 30))
			want = (size_t)1 << 30;
		ssize_t r =
		    pread(fd, (char *)buf + got, want, (off_t)(off + got));

		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			*err_out = errno;
			break;
		}
		if (r == 0)
			break;
		got += (size_t)r;
	}
	if (got_out)
		*got_out = got;
	return got == n;
}

static void fail_elf(struct ea_input *in, const char *path, const char *fmt,
		     ...) __attribute__((format(printf, 3, 4)));

static void fail_elf(struct ea_input *in, const char *path, const char *fmt,
		     ...)
{
	char buf[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	ea_input_set_status(in, EA_IN_MALFORMED, "%s: %s", path, buf);
}

static void close_backend(struct ea_physmem *pm)
{
	if (pm->kind == EA_PM_KCORE || pm->kind == EA_PM_DEVMEM ||
	    pm->kind == EA_PM_VMCORE)
		close(pm->fd);
	EA_VEC_FREE(pm->segs);
	EA_VEC_FREE(pm->absent);
	free(pm->path);
	free(pm->label);
	memset(pm, 0, sizeof(*pm));
}

/* What the ELF header of a core file says: where its program headers are
 * and how many there are. */
struct elf_hdr {
	uint64_t phoff, phnum;
};

/* e_phnum PN_XNUM: more than 65534 program headers, their count is
 * sh_info of section header 0. */
static bool read_xnum(struct ea_physmem *pm, struct ea_input *in,
		      const char *path, uint64_t size, uint64_t shoff,
		      uint16_t shentsize, uint64_t *phnum)
{
	unsigned char sh[SHDR_SIZE];
	uint32_t xnum;
	int err;

	if (shentsize != SHDR_SIZE || shoff == 0 ||
	    shoff > UINT64_MAX - SHDR_SIZE || shoff + SHDR_SIZE > size ||
	    !pread_full(pm->fd, sh, sizeof(sh), shoff, &err, NULL)) {
		fail_elf(in, path,
			 "e_phnum is PN_XNUM but section header 0 "
			 "(e_shoff 0x%llx, e_shentsize %u) cannot be "
			 "read",
			 (unsigned long long)shoff, shentsize);
		return false;
	}
	const struct ea_bytes shb = ea_bytes_of(sh, sizeof(sh));

	if (!ea_bytes_u32(&shb, 44, &xnum)) {
		fail_elf(in, path,
			 "section header 0 at e_shoff 0x%llx: the %zu "
			 "bytes read hold no sh_info @44",
			 (unsigned long long)shoff, shb.len);
		return false;
	}
	*phnum = xnum;
	return true;
}

/* e_ident and e_type: a little-endian ELF64 core file (ET_CORE). */
static bool check_ident(struct ea_input *in, const char *path,
			const struct ea_bytes *ehb, uint8_t cls, uint8_t data,
			uint8_t ver, uint16_t type)
{
	if (!ea_bytes_eq(ehb, 0,
			 "\x7f"
			 "ELF",
			 4)) {
		fail_elf(in, path, "not an ELF file (no \\x7fELF at offset 0)");
		return false;
	}
	if (cls != 2) {
		fail_elf(in, path,
			 "EI_CLASS %u at offset 4: expected 2 (ELFCLASS64)",
			 cls);
		return false;
	}
	if (data != 1) {
		fail_elf(in, path,
			 "EI_DATA %u at offset 5: expected 1 (ELFDATA2LSB, "
			 "little-endian)",
			 data);
		return false;
	}
	if (ver != 1) {
		fail_elf(in, path, "EI_VERSION %u at offset 6: expected 1",
			 ver);
		return false;
	}
	if (type != ET_CORE_TYPE) {
		fail_elf(in, path,
			 "e_type %u at offset 16: expected 4 (ET_CORE)", type);
		return false;
	}
	return true;
}

/* The ELF header: a little-endian ELF64 ET_CORE file with Elf64_Phdr
 * program headers (pm->e_machine set); false with the input malformed or
 * unreadable. */
static bool read_ehdr(struct ea_physmem *pm, struct ea_input *in,
		      const char *path, uint64_t size, struct elf_hdr *h)
{
	unsigned char eh[EHDR_SIZE];
	size_t got;
	int err;

	if (!pread_full(pm->fd, eh, sizeof(eh), 0, &err, &got)) {
		if (err)
			ea_input_set_status(in, EA_IN_UNREADABLE,
					    "%s: reading the ELF header: %s",
					    path, strerror(err));
		else
			fail_elf(in, path,
				 "truncated ELF header: %zu of %u bytes", got,
				 EHDR_SIZE);
		return false;
	}
	const struct ea_bytes ehb = ea_bytes_of(eh, sizeof(eh));
	uint8_t cls, data, ver;
	uint16_t type, machine, phentsize, shentsize, phnum16;
	uint64_t shoff;

	if (!ea_bytes_u8(&ehb, 4, &cls) || !ea_bytes_u8(&ehb, 5, &data) ||
	    !ea_bytes_u8(&ehb, 6, &ver) || !ea_bytes_u16(&ehb, 16, &type) ||
	    !ea_bytes_u16(&ehb, 18, &machine) ||
	    !ea_bytes_u64(&ehb, 32, &h->phoff) ||
	    !ea_bytes_u64(&ehb, 40, &shoff) ||
	    !ea_bytes_u16(&ehb, 54, &phentsize) ||
	    !ea_bytes_u16(&ehb, 56, &phnum16) ||
	    !ea_bytes_u16(&ehb, 58, &shentsize)) {
		fail_elf(in, path,
			 "the %zu bytes of the ELF header read hold no "
			 "e_ident @4-6, e_type @16, e_machine @18, e_phoff "
			 "@32, e_shoff @40, e_phentsize @54, e_phnum @56 and "
			 "e_shentsize @58",
			 ehb.len);
		return false;
	}
	if (!check_ident(in, path, &ehb, cls, data, ver, type))
		return false;
	pm->e_machine = machine;
	h->phnum = phnum16;

	if (phentsize != PHDR_SIZE) {
		fail_elf(in, path,
			 "e_phentsize %u at offset 54: expected %u "
			 "(Elf64_Phdr)",
			 phentsize, PHDR_SIZE);
		return false;
	}
	if (h->phnum == PN_XNUM_COUNT &&
	    !read_xnum(pm, in, path, size, shoff, shentsize, &h->phnum))
		return false;
	return true;
}

/* The program headers' bytes, malloc'd (pm->nr_phdrs set), or NULL with
 * the input malformed or unreadable. */
static unsigned char *read_phdrs(struct ea_physmem *pm, struct ea_input *in,
				 const char *path, uint64_t size,
				 const struct elf_hdr *h)
{
	uint64_t phoff = h->phoff, phnum = h->phnum;
	size_t got;
	int err;

	if (phnum == 0 || phnum > EA_PHYSMEM_MAX_PHDRS) {
		fail_elf(in, path, "%llu program headers: expected 1 to %u",
			 (unsigned long long)phnum, EA_PHYSMEM_MAX_PHDRS);
		return NULL;
	}
	uint64_t phbytes = phnum * PHDR_SIZE;

	if (phoff < EHDR_SIZE) {
		fail_elf(in, path,
			 "e_phoff 0x%llx at offset 32: the program headers "
			 "would overlap the ELF header",
			 (unsigned long long)phoff);
		return NULL;
	}
	if (phoff > UINT64_MAX - phbytes || phoff + phbytes > size ||
	    phoff + phbytes > (uint64_t)INT64_MAX) {
		fail_elf(in, path,
			 "program headers at e_phoff 0x%llx (%llu x %u "
			 "bytes) run past the end of the file (%llu bytes)",
			 (unsigned long long)phoff, (unsigned long long)phnum,
			 PHDR_SIZE, (unsigned long long)size);
		return NULL;
	}
	unsigned char *ph = ea_xrealloc(NULL, (size_t)phbytes, 1);

	if (!pread_full(pm->fd, ph, (size_t)phbytes, phoff, &err, &got)) {
		if (err)
			ea_input_set_status(
			    in, EA_IN_UNREADABLE,
			    "%s: reading the program headers at 0x%llx: %s",
			    path, (unsigned long long)phoff, strerror(err));
		else
			fail_elf(in, path,
				 "program headers at 0x%llx: only %zu of "
				 "%llu bytes could be read",
				 (unsigned long long)phoff, got,
				 (unsigned long long)phbytes);
		free(ph);
		return NULL;
	}
	pm->nr_phdrs = (uint32_t)phnum;
	return ph;
}

/* The fields of a program header that place a PT_LOAD segment. */
struct elf_load_seg {
	uint32_t index; /* of the program header */
	uint64_t off, paddr, filesz, memsz;
};

/* One PT_LOAD segment: its bytes in the file go to pm->segs, the rest of
 * its memory (past p_filesz, or past a cut file's end) to pm->absent; a
 * segment without a physical address or that cannot be placed is
 * counted and left out. */
static void add_load(struct ea_physmem *pm, struct ea_input *in,
		     const char *path, uint64_t size, struct elf_load_seg ls,
		     struct ea_diags *diags)
{
	uint32_t i = ls.index;
	uint64_t off = ls.off, paddr = ls.paddr, filesz = ls.filesz,
		 memsz = ls.memsz;

	pm->nr_load++;
	/* 0: older kernels (no physical address); -1: vmalloc,
	 * vmemmap, user pages in kcore */
	if (paddr == 0 || paddr == UINT64_MAX) {
		pm->nr_nopaddr++;
		return;
	}
	if (filesz > memsz) {
		ea_diag_add(diags, no_line(in),
			    "%s: PT_LOAD %u (p_paddr 0x%llx): p_filesz "
			    "0x%llx exceeds p_memsz 0x%llx; only "
			    "p_memsz bytes used",
			    path, i, (unsigned long long)paddr,
			    (unsigned long long)filesz,
			    (unsigned long long)memsz);
		filesz = memsz;
	}
	if (memsz == 0)
		return;
	struct ea_range mr;

	if (!ea_range_from_size(paddr, memsz, &mr)) {
		pm->nr_rejected++;
		ea_diag_add(diags, no_line(in),
			    "%s: PT_LOAD %u: p_paddr 0x%llx + p_memsz "
			    "0x%llx runs past 2^64; segment ignored",
			    path, i, (unsigned long long)paddr,
			    (unsigned long long)memsz);
		return;
	}
	uint64_t avail = filesz;

	if (avail &&
	    (off > (uint64_t)INT64_MAX || avail > (uint64_t)INT64_MAX - off)) {
		pm->nr_rejected++;
		ea_diag_add(diags, no_line(in),
			    "%s: PT_LOAD %u (p_paddr 0x%llx): "
			    "p_offset 0x%llx + p_filesz 0x%llx is "
			    "beyond any file offset; segment ignored",
			    path, i, (unsigned long long)paddr,
			    (unsigned long long)off,
			    (unsigned long long)filesz);
		return;
	}
	if (avail && size != UINT64_MAX && off + avail > size) {
		uint64_t keep = off < size ? size - off : 0;

		ea_diag_add(diags, no_line(in),
			    "%s: PT_LOAD %u (p_paddr 0x%llx): its "
			    "bytes end at file offset 0x%llx but the "
			    "file has 0x%llx bytes (a cut copy?); "
			    "0x%llx bytes of it are missing",
			    path, i, (unsigned long long)paddr,
			    (unsigned long long)(off + avail),
			    (unsigned long long)size,
			    (unsigned long long)(avail - keep));
		avail = keep;
	}
	if (avail) {
		struct ea_physmem_seg *s = EA_VEC_PUSH(pm->segs);

		s->paddr = paddr;
		s->len = avail;
		s->off = off;
		s->src = i;
	}
	if (avail < memsz) {
		struct ea_physmem_seg *s = EA_VEC_PUSH(pm->absent);

		s->paddr = paddr + avail;
		s->len = memsz - avail;
		s->off = 0;
		s->src = i;
	}
}

/* The listing of the segments: evidence for "read from" names one. */
static void list_segments(const struct ea_physmem *pm, struct ea_input *in)
{
	ea_input_set_data(in, "", 0);
	for (size_t i = 0; i < pm->segs.n; i++) {
		const struct ea_physmem_seg *s = &pm->segs.v[i];

		ea_listing_add(in,
			       "PT_LOAD %u paddr 0x%016llx-0x%016llx offset "
			       "0x%llx",
			       s->src, (unsigned long long)s->paddr,
			       (unsigned long long)(s->paddr + s->len - 1),
			       (unsigned long long)s->off);
	}
	for (size_t i = 0; i < pm->absent.n; i++) {
		const struct ea_physmem_seg *s = &pm->absent.v[i];

		ea_listing_add(in,
			       "PT_LOAD %u paddr 0x%016llx-0x%016llx not in "
			       "the file",
			       s->src, (unsigned long long)s->paddr,
			       (unsigned long long)(s->paddr + s->len - 1));
	}
}

/*
 * Reads and checks the ELF header and program headers of fd, fills pm->segs
 * and pm->absent. size is the file size, or UINT64_MAX when it says nothing
 * (/proc/kcore reports the span of the kernel's address space).
 */
static bool elf_load(struct ea_physmem *pm, struct ea_input *in,
		     const char *path, uint64_t size, struct ea_diags *diags)
{
	struct elf_hdr h;
	unsigned char *ph;

	if (!read_ehdr(pm, in, path, size, &h) ||
	    !(ph = read_phdrs(pm, in, path, size, &h)))
		return false;

	const struct ea_bytes phb =
	    ea_bytes_of(ph, (size_t)h.phnum * PHDR_SIZE);

	for (uint32_t i = 0; i < (uint32_t)h.phnum; i++) {
		struct ea_bytes p;
		uint32_t ptype;
		struct elf_load_seg ls = { .index = i };

		if (!ea_bytes_sub(&phb, (size_t)i * PHDR_SIZE, PHDR_SIZE, &p) ||
		    !ea_bytes_u32(&p, 0, &ptype) ||
		    !ea_bytes_u64(&p, 8, &ls.off) ||
		    !ea_bytes_u64(&p, 24, &ls.paddr) ||
		    !ea_bytes_u64(&p, 32, &ls.filesz) ||
		    !ea_bytes_u64(&p, 40, &ls.memsz)) {
			fail_elf(in, path,
				 "program header %u at file offset 0x%llx is "
				 "not inside the %zu bytes read (p_type @0, "
				 "p_offset @8, p_paddr @24, p_filesz @32, "
				 "p_memsz @40)",
				 i,
				 (unsigned long long)(h.phoff +
						      (uint64_t)i * PHDR_SIZE),
				 phb.len);
			free(ph);
			return false;
		}
		if (ptype == PT_LOAD_TYPE)
			add_load(pm, in, path, size, ls, diags);
	}
	free(ph);
	pm->nr_overlap = make_disjoint(pm->segs.v, &pm->segs.n);
	make_disjoint(pm->absent.v, &pm->absent.n);

	if (pm->segs.n == 0) {
		fail_elf(in, path,
			 "no PT_LOAD segment with a physical address and "
			 "bytes in the file (%u program headers, %u PT_LOAD, "
			 "%u without p_paddr: older kernels left "
			 "p_paddr 0 in /proc/kcore)",
			 pm->nr_phdrs, pm->nr_load, pm->nr_nopaddr);
		return false;
	}
	list_segments(pm, in);
	return true;
}

static bool open_elf(struct ea_physmem *pm, struct ea_input *in,
		     const char *path, enum ea_physmem_kind kind,
		     struct ea_diags *diags)
{
	struct stat st;
	int fd;

	free(in->path);
	in->path = ea_xstrdup(path);
	if (kind != EA_PM_KCORE) {
		/* a file named on the command line (ea_open_given()): a
		 * regular file, not through a last symbolic link; /proc/kcore
		 * as --vmcore is main.c's to refuse with foreign inputs */
		char why[256];
		int e;

		fd = ea_open_given(path, true, &st, &e, why, sizeof(why));
		if (fd < 0 && (e == ELOOP || e == EINVAL)) {
			ea_input_set_status(in, EA_IN_UNREADABLE, "%s: %s",
					    path, why);
			return false;
		}
		if (fd < 0) {
			open_failure(in, path, e, kind);
			return false;
		}
	} else {
		fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	}
	if (fd < 0) {
		open_failure(in, path, errno, kind);
		return false;
	}
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		ea_input_set_status(in, EA_IN_UNREADABLE,
				    "%s: not a regular file", path);
		close(fd);
		return false;
	}
	pm->kind = kind;
	pm->fd = fd;
	pm->path = ea_xstrdup(path);
	if (!elf_load(pm, in, path,
		      kind == EA_PM_KCORE ? UINT64_MAX : (uint64_t)st.st_size,
		      diags)) {
		close_backend(pm);
		return false;
	}
	if (kind == EA_PM_KCORE) {
		pm->backend = "/proc/kcore";
		if (strcmp(path, "/proc/kcore") != 0) {
			size_t l = strlen(path) + 8;

			pm->label = ea_xrealloc(NULL, l, 1);
			snprintf(pm->label, l, "kcore %s", path);
			pm->backend = pm->label;
		}
	} else {
		size_t l = strlen(path) + 8;

		pm->label = ea_xrealloc(NULL, l, 1);
		snprintf(pm->label, l, "vmcore %s", path);
		pm->backend = pm->label;
	}
	in->status = EA_IN_OK;
	return true;
}

bool ea_physmem_open_kcore(struct ea_physmem *pm, struct ea_input *in,
			   const char *path, struct ea_diags *diags)
{
	return open_elf(pm, in, path ? path : "/proc/kcore", EA_PM_KCORE,
			diags);
}

bool ea_physmem_open_vmcore(struct ea_physmem *pm, struct ea_input *in,
			    const char *path, struct ea_diags *diags)
{
	return open_elf(pm, in, path, EA_PM_VMCORE, diags);
}

bool ea_physmem_open_devmem(struct ea_physmem *pm, struct ea_input *in,
			    const char *path, struct ea_diags *diags)
{
	struct stat st;
	int fd;

	if (!path)
		path = "/dev/mem";
	free(in->path);
	in->path = ea_xstrdup(path);
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	if (fd < 0) {
		open_failure(in, path, errno, EA_PM_DEVMEM);
		return false;
	}
	if (fstat(fd, &st) != 0 || !S_ISCHR(st.st_mode)) {
		ea_input_set_status(in, EA_IN_UNREADABLE,
				    "%s: not a character device", path);
		close(fd);
		return false;
	}
	pm->kind = EA_PM_DEVMEM;
	pm->fd = fd;
	pm->path = ea_xstrdup(path);
	pm->backend = "/dev/mem";
	if (strcmp(path, "/dev/mem") != 0) {
		size_t l = strlen(path) + 8;

		pm->label = ea_xrealloc(NULL, l, 1);
		snprintf(pm->label, l, "devmem %s", path);
		pm->backend = pm->label;
	}
	in->status = EA_IN_OK;
	return true;
}

/* --- reads -------------------------------------------------------------- */

static void miss(const struct ea_physmem *pm, uint64_t addr, size_t n,
		 uint64_t at, char *why, size_t whylen)
{
	char head[64];

	if (at == addr)
		snprintf(head, sizeof(head), "0x%016llx..+%zu",
			 (unsigned long long)addr, n);
	else
		snprintf(head, sizeof(head), "0x%016llx..+%zu: 0x%016llx",
			 (unsigned long long)addr, n, (unsigned long long)at);
	if (pm->kind == EA_PM_SNAPSHOT || pm->kind == EA_PM_BUFFERS) {
		ea_set_why(why, whylen, "%s is not in any saved chunk of %s",
			   head, pm->dir ? pm->dir : pm->backend);
		return;
	}
	long a = seg_find(pm->absent.v, pm->absent.n, at);

	if (a >= 0) {
		ea_set_why(why, whylen,
			   "%s is in PT_LOAD %u of %s but not in the file "
			   "(p_memsz beyond p_filesz: left out of the dump, or "
			   "the file is cut short)",
			   head, pm->absent.v[a].src, pm->backend);
		return;
	}
	ea_set_why(why, whylen, "%s is in no PT_LOAD segment of %s%s", head,
		   pm->backend,
		   pm->kind == EA_PM_KCORE
		       ? " (/proc/kcore holds System RAM only: NOMAP and "
			 "firmware-reserved memory is absent)"
		       : "");
}

static bool read_devmem(const struct ea_physmem *pm, uint64_t addr, void *buf,
			size_t n, char *why, size_t whylen)
{
#if defined(__x86_64__) || defined(__i386__)
	/*
	 * x86 with CONFIG_STRICT_DEVMEM shows System RAM below 1 MiB as
	 * zeros instead of refusing it, and nothing tells the reader which
	 * it got: such bytes cannot be told from real zeros.
	 */
	if (addr < 0x100000) {
		ea_set_why(why, whylen,
			   "0x%016llx..+%zu: below 1 MiB, x86 %s shows System "
			   "RAM as zeros (CONFIG_STRICT_DEVMEM) rather than "
			   "refusing it, so these bytes cannot be trusted",
			   (unsigned long long)addr, n, pm->backend);
		return false;
	}
#endif
	if (addr > (uint64_t)INT64_MAX || n > (uint64_t)INT64_MAX - addr) {
		ea_set_why(why, whylen,
			   "0x%016llx..+%zu: beyond the largest offset pread() "
			   "can give %s",
			   (unsigned long long)addr, n, pm->backend);
		return false;
	}
	int err;
	size_t got;

	if (pread_full(pm->fd, buf, n, addr, &err, &got))
		return true;
	uint64_t at = addr + got;

	if (err == EPERM)
		ea_set_why(
		    why, whylen,
		    "0x%016llx..+%zu: %s refused 0x%016llx with EPERM: "
		    "CONFIG_STRICT_DEVMEM serves no System RAM (nor an "
		    "exclusive iomem resource), only firmware and device "
		    "ranges",
		    (unsigned long long)addr, n, pm->backend,
		    (unsigned long long)at);
	else if (err == EFAULT)
		ea_set_why(why, whylen,
			   "0x%016llx..+%zu: %s refused 0x%016llx with EFAULT: "
			   "outside what it maps (above the kernel's "
			   "high_memory; on arm64 any range that is not mapped "
			   "memory, such as NOMAP EFI runtime regions)",
			   (unsigned long long)addr, n, pm->backend,
			   (unsigned long long)at);
	else if (err)
		ea_set_why(why, whylen, "0x%016llx..+%zu: %s at 0x%016llx: %s",
			   (unsigned long long)addr, n, pm->backend,
			   (unsigned long long)at, strerror(err));
	else
		ea_set_why(why, whylen,
			   "0x%016llx..+%zu: %s returned no bytes at "
			   "0x%016llx",
			   (unsigned long long)addr, n, pm->backend,
			   (unsigned long long)at);
	return false;
}

static bool read_one(const struct ea_physmem *pm, uint64_t addr, void *buf,
		     size_t n, char *why, size_t whylen);

bool ea_physmem_read(const struct ea_physmem *pm, uint64_t addr, void *buf,
		     size_t n, char *why, size_t whylen)
{
	if (read_one(pm, addr, buf, n, why, whylen))
		return true;
	if (!pm || !pm->fallback)
		return false;
	char why2[320];
	if (read_one(pm->fallback, addr, buf, n, why2, sizeof(why2)))
		return true;
	size_t k = strlen(why);
	if (k + 2 < whylen)
		snprintf(why + k, whylen - k, "; %s", why2);
	return false;
}

static bool read_one(const struct ea_physmem *pm, uint64_t addr, void *buf,
		     size_t n, char *why, size_t whylen)
{
	if (!pm || !pm->backend) {
		ea_set_why(why, whylen, "no physical memory source");
		return false;
	}
	if (n == 0)
		return true;
	if (n - 1 > UINT64_MAX - addr) {
		ea_set_why(why, whylen, "0x%016llx..+%zu runs past 2^64",
			   (unsigned long long)addr, n);
		return false;
	}
	if (pm->kind == EA_PM_DEVMEM)
		return read_devmem(pm, addr, buf, n, why, whylen);

	size_t done = 0;

	while (done < n) {
		uint64_t at = addr + done;
		long i = seg_find(pm->segs.v, pm->segs.n, at);

		if (i < 0) {
			miss(pm, addr, n, at, why, whylen);
			return false;
		}
		const struct ea_physmem_seg *s = &pm->segs.v[i];
		uint64_t in_seg = at - s->paddr, room = s->len - in_seg;
		size_t take = n - done;

		if ((uint64_t)take > room)
			take = (size_t)room;
		if (pm->kind == EA_PM_SNAPSHOT || pm->kind == EA_PM_BUFFERS) {
			const struct ea_physmem_chunk *c =
			    &pm->chunks.v[s->src];

			memcpy((char *)buf + done, c->data + s->off + in_seg,
			       take);
		} else {
			int err;
			size_t got;
			uint64_t off = s->off + in_seg;

			if (!pread_full(pm->fd, (char *)buf + done, take, off,
					&err, &got)) {
				ea_set_why(why, whylen,
					   "0x%016llx..+%zu: %s, PT_LOAD %u at "
					   "file offset 0x%llx: %s",
					   (unsigned long long)addr, n,
					   pm->backend, s->src,
					   (unsigned long long)(off + got),
					   err ? strerror(err)
					       : "the file ends there");
				return false;
			}
		}
		done += take;
	}
	return true;
}

void ea_physmem_free(struct ea_physmem *pm)
{
	if (pm->fallback) {
		ea_physmem_free(pm->fallback);
		free(pm->fallback);
		pm->fallback = NULL;
	}
	for (size_t i = 0; i < pm->chunks.n; i++) {
		ea_bytes_free(pm->chunks.v[i].data, pm->chunks.v[i].mapped);
		free(pm->chunks.v[i].path);
	}
	EA_VEC_FREE(pm->chunks);
	free(pm->dir);
	pm->dir = NULL;
	close_backend(pm);
}

/* --- --save-memory ------------------------------------------------------ */

static bool write_full(int fd, const char *buf, size_t n, int *err)
{
	size_t done = 0;

	while (done < n) {
		ssize_t w = write(fd, buf + done, n - done);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			*err = w < 0 ? errno : EIO;
			return false;
		}
		done += (size_t)w;
	}
	return true;
}

static bool save_one(const struct ea_physmem *pm, int dfd, const char *dir,
		     struct ea_physmem_saved *o)
{
	char name[32];
	uint64_t size = ea_range_size(o->r);
	int err;

	snprintf(name, sizeof(name), "%016llx.bin",
		 (unsigned long long)o->r.first);
	if (size == 0 || size > EA_PHYSMEM_MAX_CHUNK) {
		ea_set_why(o->why, sizeof(o->why),
			   "%s/%s: 0x%016llx-0x%016llx is larger than %zu "
			   "bytes, the largest chunk mem/ is read back with",
			   dir, name, (unsigned long long)o->r.first,
			   (unsigned long long)o->r.last, EA_PHYSMEM_MAX_CHUNK);
		return false;
	}
	char *buf = ea_xrealloc(NULL, (size_t)size, 1);
	char why[256];

	if (!ea_physmem_read(pm, o->r.first, buf, (size_t)size, why,
			     sizeof(why))) {
		ea_set_why(o->why, sizeof(o->why), "%s/%s not written: %s", dir,
			   name, why);
		free(buf);
		return false;
	}
	int fd =
	    openat(dfd, name,
		   O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0644);

	if (fd < 0) {
		err = errno;
		ea_set_why(o->why, sizeof(o->why), "%s/%s: %s%s", dir, name,
			   strerror(err),
			   err == EEXIST ? " (never replaced; an earlier range "
					   "or run saved this address)"
					 : "");
		free(buf);
		return false;
	}
	bool ok = write_full(fd, buf, (size_t)size, &err);

	if (close(fd) != 0 && ok) {
		ok = false;
		err = errno;
	}
	free(buf);
	if (!ok) {
		unlinkat(dfd, name, 0);
		ea_set_why(o->why, sizeof(o->why), "%s/%s: writing: %s", dir,
			   name, strerror(err));
		return false;
	}
	return true;
}

size_t ea_physmem_save(const struct ea_physmem *pm, const char *dir,
		       const struct ea_range *ranges, size_t n,
		       struct ea_physmem_saved *out)
{
	size_t written = 0;
	int dfd, err = 0;

	if (mkdir(dir, 0755) != 0 && errno != EEXIST)
		err = errno;
	dfd = err ? -1 : open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd < 0 && !err)
		err = errno;
	for (size_t i = 0; i < n; i++) {
		out[i].r = ranges[i];
		out[i].ok = false;
		out[i].why[0] = '\0';
		if (dfd < 0) {
			ea_set_why(out[i].why, sizeof(out[i].why), "%s: %s",
				   dir, strerror(err));
			continue;
		}
		out[i].ok = save_one(pm, dfd, dir, &out[i]);
		if (out[i].ok)
			written++;
	}
	if (dfd >= 0)
		close(dfd);
	return written;
}
