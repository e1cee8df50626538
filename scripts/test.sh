#!/bin/sh
# README command 2: install, then build with warnings as errors and run every
# test; build again with AddressSanitizer + UndefinedBehaviorSanitizer and run
# every test again; check the formatting of the C sources; run every fuzz
# target for 60 s (libFuzzer, clang), $(nproc) at a time, failing on any
# crash, leak, hang (30 s) or input that takes more than 1 s of CPU when it
# is replayed alone after the run (fuzz/run.sh: a busy machine slows the
# fuzzers down, never fails them).
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
"$top/scripts/deps.sh" test
jobs=$(nproc)

cmake -S "$top" -B "$top/build" -DEA_WERROR=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo
cmake --build "$top/build" -j"$jobs"
# the vm suite's own kernels (kexec_file), before ctest so that no kernel is
# built inside the vm test's timeout: cached outside the clone
# (tests/vm/kbuild.py), so only a cold cache builds (about 15 min a series)
/usr/bin/python3 "$top/tests/vm/run.py" "$top/build" --kernels-only
(cd "$top/build" && ctest --output-on-failure -j"$jobs")
# the .deb: built, installed, and run from the installed files
"$top/scripts/test-package.sh" "$top/build"

cmake -S "$top" -B "$top/build-asan" -DEA_WERROR=ON -DEA_SANITIZE=ON -DCMAKE_BUILD_TYPE=Debug
cmake --build "$top/build-asan" -j"$jobs"
(cd "$top/build-asan" && ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
	UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	ctest --output-on-failure -j"$jobs" -LE vm)

cd "$top"
files=$(git ls-files '*.c' '*.h' 2>/dev/null || find src efiresv-audit tests fuzz -name '*.[ch]')
# word splitting wanted: one argument per file
# shellcheck disable=SC2086
clang-format --dry-run --Werror $files
echo "clang-format: clean"

EA_FUZZ_BUILD="$top/build-fuzz" EA_FUZZ_JOBS=$jobs "$top/fuzz/run.sh" 60
