/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * kexec_file_load(2) with KEXEC_FILE_DEBUG, for the vm suite's guests
 * (run.py compiles it statically for the guest: cross for arm64, natively
 * for x86). From 6.8 the kernel prints where it put each segment
 * (kexec_dprintk) only for a load that passes this flag, which kexec-tools
 * 2.0.25 (`kexec -s -d`) does not; the load itself is the one `kexec -s -l`
 * makes: the kernel and initrd as file descriptors and the command line
 * with its NUL.
 *
 * Usage: kfload KERNEL INITRD CMDLINE
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#ifndef KEXEC_FILE_DEBUG
#define KEXEC_FILE_DEBUG 0x00000008UL /* include/uapi/linux/kexec.h */
#endif

int main(int argc, char **argv)
{
	if (argc != 4) {
		fprintf(stderr, "usage: kfload KERNEL INITRD CMDLINE\n");
		return 2;
	}
	int k = open(argv[1], O_RDONLY | O_CLOEXEC);
	if (k < 0) {
		fprintf(stderr, "kfload: %s: %s\n", argv[1], strerror(errno));
		return 1;
	}
	int i = open(argv[2], O_RDONLY | O_CLOEXEC);
	if (i < 0) {
		fprintf(stderr, "kfload: %s: %s\n", argv[2], strerror(errno));
		return 1;
	}
	unsigned long len = (unsigned long)strlen(argv[3]) + 1;
	long r =
	    syscall(SYS_kexec_file_load, k, i, len, argv[3], KEXEC_FILE_DEBUG);
	printf("kexec_file_load(%s, %s, cmdline_len %lu, KEXEC_FILE_DEBUG) = "
	       "%ld%s%s\n",
	       argv[1], argv[2], len, r, r ? ": " : "",
	       r ? strerror(errno) : "");
	return r ? 1 : 0;
}
