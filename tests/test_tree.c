/* SPDX-License-Identifier: GPL-2.0-or-later */
/* A snapshot directory is a closed world (tree.h): no symbolic link is
 * followed at any depth, whether openat2() resolves the path or the
 * O_NOFOLLOW walk of older kernels does; a link or FIFO is refused with a
 * reason naming it, once per path to the sink; a FIFO is never opened for
 * reading (the test would hang); the root itself, the user's path, is
 * followed. Files named on the command line (ea_open_given) are not read
 * through a last symbolic link, nor when they are FIFOs, nor, outside the
 * live audit, when they are the running system's. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/input.h"
#include "core/tree.h"
#include "t.h"

static char top[256], snap[300];

static void put(const char *rel, const char *text)
{
	char p[512];
	snprintf(p, sizeof(p), "%s/%s", top, rel);
	FILE *f = fopen(p, "w");
	if (f) {
		fputs(text, f);
		fclose(f);
	}
}

static void dir(const char *rel)
{
	char p[512];
	snprintf(p, sizeof(p), "%s/%s", top, rel);
	mkdir(p, 0755);
}

static void link_to(const char *target, const char *rel)
{
	char p[512];
	snprintf(p, sizeof(p), "%s/%s", top, rel);
	CHECK(symlink(target, p) == 0);
}

static bool has(const char *s, const char *w)
{
	return s && strstr(s, w);
}

/* A tree of a snapshot with every kind of trap, outside it a secret. */
static void build(void)
{
	snprintf(top, sizeof(top), "/tmp/ea-tree-XXXXXX");
	CHECK(mkdtemp(top) != NULL);
	put("secret", "SECRET-TOKEN-42\n");
	dir("snap");
	snprintf(snap, sizeof(snap), "%s/snap", top);
	put("snap/dmesg.txt", "[    0.000000] Linux version 6.1.0\n");
	dir("snap/proc");
	link_to("/proc/self/environ", "snap/proc/iomem"); /* last */
	link_to("../../secret", "snap/proc/version");	  /* relative */
	link_to("/proc", "snap/sys");			  /* a directory */
	dir("snap/mem");
	link_to("../../secret", "snap/mem/0000000000001000.bin");
	put("snap/mem/0000000000002000.bin", "ok");
	dir("snap/deep");
	dir("snap/deep/er");
	link_to("..", "snap/deep/er/up"); /* a link inside, to a directory */
	put("snap/deep/er/file", "deep");
	char p[512];
	snprintf(p, sizeof(p), "%s/snap/kexec.log", top);
	CHECK(mkfifo(p, 0600) == 0);
	link_to("snap", "root-link"); /* the user's own path */
}

static void tree(bool walk)
{
	ea_tree_walk_only = walk;
	struct ea_diags d = { 0 };
	struct ea_tree *t = ea_tree_open_dir(snap);
	ea_tree_report_to(t, &d);
	struct ea_input in = { .name = "x" };
	int e;

	CHECK(ea_tree_load(t, "dmesg.txt", 1 << 20, &in, &e) && e == 0);
	CHECK(has(in.data, "Linux version"));
	ea_input_free(&in);
	/* a link as the last component: refused, named with its target */
	CHECK(!ea_tree_load(t, "proc/iomem", 1 << 20, &in, &e) && e == ELOOP);
	CHECK(in.status == EA_IN_UNREADABLE && !in.data);
	CHECK(has(in.detail, "refused: a symbolic link (to "
			     "'/proc/self/environ')"));
	ea_input_free(&in);
	CHECK(!ea_tree_load(t, "proc/version", 1 << 20, &in, &e) && e == ELOOP);
	CHECK(!in.data && has(in.detail, "'../../secret'"));
	ea_input_free(&in);
	/* a link on the way: the link is named, not the file */
	CHECK(!ea_tree_load(t, "sys/firmware/fdt", 1 << 20, &in, &e) &&
	      e == ELOOP);
	CHECK(has(in.detail, "/snap/sys is a symbolic link (to '/proc')"));
	ea_input_free(&in);
	CHECK(!ea_tree_load(t, "deep/er/up/dmesg.txt", 1 << 20, &in, &e) &&
	      e == ELOOP);
	CHECK(has(in.detail, "deep/er/up is a symbolic link (to '..')"));
	ea_input_free(&in);
	CHECK(ea_tree_load(t, "deep/er/file", 1 << 20, &in, &e));
	ea_input_free(&in);
	CHECK(!ea_tree_load(t, "mem/0000000000001000.bin", 1 << 20, &in, &e));
	CHECK(!in.data);
	ea_input_free(&in);
	/* a FIFO: refused without being opened for reading */
	CHECK(!ea_tree_load(t, "kexec.log", 1 << 20, &in, &e) && e == EINVAL);
	CHECK(has(in.detail, "refused: a FIFO"));
	ea_input_free(&in);
	CHECK(!ea_tree_load(t, "nothing", 1 << 20, &in, &e) && e == ENOENT);
	CHECK(in.status == EA_IN_ABSENT);
	ea_input_free(&in);

	/* kinds and listings */
	CHECK(ea_tree_kind(t, "proc/iomem") == EA_TREE_OTHER);
	CHECK(ea_tree_kind(t, "sys") == EA_TREE_OTHER);
	CHECK(ea_tree_kind(t, "sys/firmware") == EA_TREE_OTHER);
	CHECK(ea_tree_kind(t, "kexec.log") == EA_TREE_OTHER);
	CHECK(ea_tree_kind(t, "proc") == EA_TREE_DIR);
	CHECK(ea_tree_kind(t, "dmesg.txt") == EA_TREE_FILE);
	char **names;
	size_t n;
	CHECK(!ea_tree_list(t, "sys", &names, &n, &e) && e == ELOOP);
	CHECK(!ea_tree_list(t, "sys/firmware", &names, &n, &e) && e == ELOOP);
	CHECK(ea_tree_list(t, "mem", &names, &n, &e) && n == 2);
	free(names);
	CHECK(ea_tree_list(t, "", &names, &n, &e) && n == 6);
	free(names);

	/* every refusal told once, naming the path */
	const char *told[] = { "/snap/proc/iomem: refused: a symbolic link",
			       "/snap/proc/version: refused",
			       "/snap/sys: refused: a symbolic link",
			       "/snap/deep/er/up: refused",
			       "/snap/mem/0000000000001000.bin: refused",
			       "/snap/kexec.log: refused: a FIFO" };
	CHECK_U64(d.n, 6);
	for (size_t i = 0; i < 6 && i < d.n; i++) {
		CHECK(has(d.v[i].msg, told[i]) && !d.v[i].ev.in);
		if (!has(d.v[i].msg, told[i]))
			fprintf(stderr, "diag %zu: %s\n", i, d.v[i].msg);
	}
	for (size_t i = 0; i < d.n; i++)
		CHECK(!has(d.v[i].msg, "SECRET"));
	ea_tree_close(t);
	ea_diags_free(&d);

	/* the root is the user's path: a link to it is followed */
	char p[512];
	snprintf(p, sizeof(p), "%s/root-link", top);
	t = ea_tree_open_dir(p);
	CHECK(ea_tree_load(t, "dmesg.txt", 1 << 20, &in, &e));
	ea_input_free(&in);
	ea_tree_close(t);
	ea_tree_walk_only = false;
}

static void given(void)
{
	char p[512], why[512];
	struct stat st;
	int e;

	snprintf(p, sizeof(p), "%s/snap/dmesg.txt", top);
	int fd = ea_open_given(p, false, &st, &e, why, sizeof(why));
	CHECK(fd >= 0 && S_ISREG(st.st_mode));
	if (fd >= 0)
		close(fd);
	snprintf(p, sizeof(p), "%s/snap/proc/version", top);
	CHECK(ea_open_given(p, false, &st, &e, why, sizeof(why)) < 0 &&
	      e == ELOOP);
	CHECK(has(why, "symbolic link (to '../../secret')"));
	snprintf(p, sizeof(p), "%s/snap/kexec.log", top);
	CHECK(ea_open_given(p, false, &st, &e, why, sizeof(why)) < 0 &&
	      e == EINVAL);
	CHECK(ea_open_given("/dev/null", true, &st, &e, why, sizeof(why)) < 0 &&
	      e == EINVAL);
	/* the running system's files: in the live audit only */
	CHECK(ea_open_given("/proc/self/status", false, &st, &e, why,
			    sizeof(why)) < 0 &&
	      e == EPERM && has(why, "procfs"));
	fd =
	    ea_open_given("/proc/self/status", true, &st, &e, why, sizeof(why));
	CHECK(fd >= 0);
	if (fd >= 0)
		close(fd);
	struct ea_input in = { .name = "x" };
	snprintf(p, sizeof(p), "%s/snap/proc/iomem", top);
	CHECK(!ea_input_load_given(&in, p, false));
	CHECK(in.status == EA_IN_UNREADABLE && !in.data &&
	      has(in.detail, "/proc/self/environ"));
	ea_input_free(&in);
	CHECK(!ea_input_load_given(&in, "/nonexistent/x", false));
	CHECK(in.status == EA_IN_ABSENT);
	ea_input_free(&in);
}

/* A snapshot opened with ea_tree_open() shows its paths relative to its
 * root, refusals included: the report of a copy elsewhere is the same. */
static void relative(void)
{
	char why[512];
	struct ea_diags d = { 0 };
	struct ea_tree *t = ea_tree_open(snap, why, sizeof(why));

	CHECK(t != NULL);
	if (!t)
		return;
	ea_tree_report_to(t, &d);
	struct ea_input in = { .name = "x" };

	CHECK(ea_tree_load(t, "dmesg.txt", 1 << 20, &in, NULL));
	CHECK_STR(in.path, "dmesg.txt");
	ea_input_free(&in);
	CHECK(!ea_tree_load(t, "sys/firmware/fdt", 1 << 20, &in, NULL));
	CHECK_STR(in.path, "sys/firmware/fdt");
	CHECK(!has(in.detail, top));
	ea_input_free(&in);
	char *p = ea_tree_path(t, "");
	CHECK_STR(p, ".");
	free(p);
	p = ea_tree_entry_path(t, "sys/firmware/memmap", 3, "type");
	CHECK_STR(p, "sys/firmware/memmap/3/type");
	free(p);
	CHECK(d.n == 1 && !has(d.v[0].msg, top) &&
	      has(d.v[0].msg, "sys: refused"));
	ea_diags_free(&d);
	ea_tree_close(t);
	/* the same directory opened as a plain tree: its real path */
	t = ea_tree_open_dir(snap);
	p = ea_tree_path(t, "dmesg.txt");
	CHECK(has(p, snap));
	free(p);
	ea_tree_close(t);
}

int main(void)
{
	build();
	tree(false);
	tree(true);
	relative();
	given();
	char cmd[300];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", top);
	if (system(cmd) != 0)
		CHECK(!"cleanup");
	return t_done();
}
