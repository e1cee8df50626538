/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * readonly_jail PROGRAM [ARG...]: runs PROGRAM under a seccomp filter that
 * kills it (SIGSYS) on anything that could change a file: an open that can
 * write or create (O_WRONLY, O_RDWR, O_CREAT, O_TRUNC, O_APPEND, O_TMPFILE),
 * creat, a write of any kind to a descriptor other than 1 and 2 (write,
 * pwrite64, writev, pwritev, pwritev2, sendfile, splice, copy_file_range,
 * vmsplice), truncate and ftruncate, fallocate, unlink(at), rmdir,
 * rename(at/at2), mkdir(at), mknod(at), link(at), symlink(at), chmod and
 * chown in every form, utimensat, a shared writable mapping (mmap with
 * PROT_WRITE and MAP_SHARED; private memory stays writable), and io_uring
 * (which could do any of the above unseen). openat2, whose flags are in a
 * struct the filter cannot read, fails with ENOSYS. Nothing
 * is filtered by path: the proof holds for every file. The filter is
 * inherited by children and cannot be removed (no_new_privs).
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#if defined(__x86_64__)
#define ARCH_NR AUDIT_ARCH_X86_64
#elif defined(__aarch64__)
#define ARCH_NR AUDIT_ARCH_AARCH64
#else
#error "readonly_jail: add this architecture's AUDIT_ARCH"
#endif

#define ARG_LO(n) offsetof(struct seccomp_data, args[n])
#define LD(off) BPF_STMT(BPF_LD | BPF_W | BPF_ABS, (off))
#define KILL BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_KILL_PROCESS)
#define ALLOW BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW)

/* Kill when the syscall is sysno (the accumulator holds it). */
#define DENY(sysno) BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, (sysno), 0, 1), KILL

/* sysno with its flags argument (low 32 bits) testing any of mask: kill. */
#define DENY_FLAGS(sysno, argn, mask)                                          \
	BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, (sysno), 0, 4), LD(ARG_LO(argn)),  \
	    BPF_JUMP(BPF_JMP | BPF_JSET | BPF_K, (mask), 0, 1), KILL,          \
	    LD(offsetof(struct seccomp_data, nr))

/* sysno writing to a descriptor (argument 0, low word) above 2: kill. The
 * high word is ignored: a descriptor is an int. */
#define DENY_FD_ABOVE_2(sysno)                                                 \
	BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, (sysno), 0, 4), LD(ARG_LO(0)),     \
	    BPF_JUMP(BPF_JMP | BPF_JGT | BPF_K, 2, 0, 1), KILL,                \
	    LD(offsetof(struct seccomp_data, nr))

#define WRITE_FLAGS                                                            \
	(O_WRONLY | O_RDWR | O_CREAT | O_TRUNC | O_APPEND | 020000000)

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: readonly_jail PROGRAM [ARG...]\n");
		return 64;
	}
	struct sock_filter f[] = {
		LD(offsetof(struct seccomp_data, arch)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, ARCH_NR, 1, 0),
		KILL,
		LD(offsetof(struct seccomp_data, nr)),
		DENY_FLAGS(__NR_openat, 2, WRITE_FLAGS),
#ifdef __NR_open
		DENY_FLAGS(__NR_open, 1, WRITE_FLAGS),
#endif
#ifdef __NR_creat
		DENY(__NR_creat),
#endif
	/* openat2: its flags are in a struct; refuse it (glibc does not
	     * fall back on its own, the audit uses it through a wrapper
	     * that falls back to openat on ENOSYS/EPERM) */
#ifdef __NR_openat2
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_openat2, 0, 1),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | ENOSYS),
#endif
		DENY_FD_ABOVE_2(__NR_write),
		DENY_FD_ABOVE_2(__NR_pwrite64),
		DENY_FD_ABOVE_2(__NR_writev),
		DENY_FD_ABOVE_2(__NR_pwritev),
#ifdef __NR_pwritev2
		DENY_FD_ABOVE_2(__NR_pwritev2),
#endif
		DENY(__NR_sendfile),
		DENY(__NR_splice),
		DENY(__NR_vmsplice),
		DENY(__NR_copy_file_range),
		DENY(__NR_truncate),
		DENY(__NR_ftruncate),
		DENY(__NR_fallocate),
		DENY(__NR_unlinkat),
		DENY(__NR_renameat2),
		DENY(__NR_mkdirat),
		DENY(__NR_mknodat),
		DENY(__NR_linkat),
		DENY(__NR_symlinkat),
		DENY(__NR_fchmodat),
		DENY(__NR_fchmod),
		DENY(__NR_fchownat),
		DENY(__NR_fchown),
		DENY(__NR_utimensat),
		DENY(__NR_io_uring_setup),
#ifdef __NR_unlink
		DENY(__NR_unlink),
		DENY(__NR_rmdir),
		DENY(__NR_rename),
		DENY(__NR_renameat),
		DENY(__NR_mkdir),
		DENY(__NR_mknod),
		DENY(__NR_link),
		DENY(__NR_symlink),
		DENY(__NR_chmod),
		DENY(__NR_chown),
		DENY(__NR_lchown),
#endif
		/* mmap(addr, len, prot, flags, fd, off): PROT_WRITE with
	     * MAP_SHARED writes the file behind it */
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_mmap, 0, 5),
		LD(ARG_LO(2)),
		BPF_JUMP(BPF_JMP | BPF_JSET | BPF_K, PROT_WRITE, 0, 3),
		LD(ARG_LO(3)),
		BPF_JUMP(BPF_JMP | BPF_JSET | BPF_K, MAP_SHARED, 0, 1),
		KILL,
		ALLOW,
	};
	struct sock_fprog prog = { .len = sizeof(f) / sizeof(f[0]),
				   .filter = f };
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) ||
	    prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog)) {
		perror("readonly_jail: seccomp");
		return 70;
	}
	execvp(argv[1], argv + 1);
	perror("readonly_jail: exec");
	return 127;
}
