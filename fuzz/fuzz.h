/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Shared by the fuzz targets: each defines LLVMFuzzerTestOneInput(), built
 * either with libFuzzer (clang -fsanitize=fuzzer) or with replay.c, which
 * runs it over files and directories (the seed corpus and every crash
 * reproducer) as an ordinary CTest program. */
#ifndef EA_FUZZ_H
#define EA_FUZZ_H

#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#endif
