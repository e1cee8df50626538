#!/bin/sh
# Builds the libFuzzer targets with clang (ASan + UBSan, leak detection on)
# and runs each for SECONDS (default 60), seeded with the files its replay
# test uses, EA_FUZZ_JOBS targets at a time (default: one per core). Each
# input may take at most 1 s (-timeout=1). New crashes, leaks and timeouts
# land in fuzz/crashes/<target>/ (commit them with the fix: the replay tests
# then keep them fixed). Prints a table (target, seconds, executions, the
# slowest input, result) and the total, and exits non-zero if any target
# found a crash, leak or timeout, or did not run.
#   fuzz/run.sh [SECONDS] [TARGET...]
# EA_FUZZ_BUILD: the build directory (default build-fuzz in the tree).
# Run it under `nice -n 10` on a shared machine.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
secs=${1:-60}
[ $# -gt 0 ] && shift
build=${EA_FUZZ_BUILD:-$top/build-fuzz}
jobs=${EA_FUZZ_JOBS:-$(nproc)}
targets=${*:-$(cd "$top/fuzz" && for f in fuzz_*.c; do echo "${f%.c}"; done)}
[ -n "$targets" ] || { echo "fuzz/run.sh: no fuzz targets" >&2; exit 1; }
CC=clang cmake -S "$top" -B "$build" -DEA_FUZZ=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
# the fuzzers, and the replay programs whose tests name the seeds (ctest
# leaves out the command of a test whose program is not built)
replays=$(for t in $targets; do echo "replay_$t"; done)
# shellcheck disable=SC2086 # one --target argument per target
cmake --build "$build" -j"$(nproc)" --target $targets $replays >/dev/null
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT INT TERM

# seeds: the same files the replay test uses
seed() {
	ctest --test-dir "$build" -R "^replay_$1\$" --show-only=json-v1 |
		/usr/bin/python3 -c 'import json,sys,shutil,os
d=json.load(sys.stdin); args=d["tests"][0]["command"][1:]
for i,a in enumerate(args):
    if os.path.isfile(a): shutil.copy(a, os.path.join(sys.argv[1], "%05d" % i))
    elif os.path.isdir(a):
        for n in sorted(os.listdir(a)):
            p=os.path.join(a,n)
            if os.path.isfile(p) and not n.startswith("."): shutil.copy(p, os.path.join(sys.argv[1], "c-"+n))' "$2"
}

fuzz_one() {
	t=$1
	mkdir -p "$work/$t.corpus" "$top/fuzz/crashes/$t"
	if ! seed "$t" "$work/$t.corpus"; then
		echo "noseeds 0" >"$work/$t.rc"
		return 0
	fi
	start=$(date +%s)
	rc=0
	ASAN_OPTIONS=detect_leaks=1 "$build/fuzz/$t" -max_total_time="$secs" \
		-timeout=1 -rss_limit_mb=2048 -max_len=1048576 -print_final_stats=1 \
		-artifact_prefix="$top/fuzz/crashes/$t/" "$work/$t.corpus" \
		>"$work/$t.log" 2>&1 || rc=$?
	echo "$rc $(($(date +%s) - start))" >"$work/$t.rc"
}

# EA_FUZZ_JOBS workers, each running its share of the targets in turn
k=0
while [ "$k" -lt "$jobs" ]; do
	(
		i=0
		for t in $targets; do
			[ $((i % jobs)) -eq "$k" ] && fuzz_one "$t"
			i=$((i + 1))
		done
	) &
	k=$((k + 1))
done
wait

status=0
total=0
printf '| %-18s | %7s | %12s | %11s | %-8s |\n' target seconds executions "slowest (s)" result
printf '|%s|%s|%s|%s|%s|\n' -------------------- --------- -------------- ------------- ----------
for t in $targets; do
	rc=none took='?'
	[ -f "$work/$t.rc" ] && read -r rc took <"$work/$t.rc"
	log=$work/$t.log
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" 2>/dev/null || true)
	slow=$(sed -n 's/^stat::slowest_unit_time_sec: *//p' "$log" 2>/dev/null || true)
	if grep -q 'ERROR: libFuzzer: timeout' "$log" 2>/dev/null; then
		result=timeout
	elif grep -q 'ERROR: LeakSanitizer' "$log" 2>/dev/null; then
		result=leak
	elif grep -q 'ERROR: libFuzzer: out-of-memory' "$log" 2>/dev/null; then
		result=oom
	elif grep -q 'runtime error:' "$log" 2>/dev/null; then
		result=ubsan
	elif grep -q 'ERROR: AddressSanitizer' "$log" 2>/dev/null; then
		result=asan
	elif [ "$rc" = 0 ] && [ -n "$execs" ]; then
		result=ok
	elif [ "$rc" = none ]; then
		result="not run"
	elif [ "$rc" = noseeds ]; then
		result="no seeds"
	else
		result=crash
	fi
	[ "$result" = ok ] || status=1
	total=$((total + ${execs:-0}))
	printf '| %-18s | %7s | %12s | %11s | %-8s |\n' "$t" "$took" "${execs:-?}" "${slow:-?}" "$result"
done
echo "total: $total executions"
for t in $targets; do
	if ! grep -q '^stat::number_of_executed_units' "$work/$t.log" 2>/dev/null ||
		! [ "$(cut -d' ' -f1 "$work/$t.rc" 2>/dev/null)" = 0 ]; then
		echo "--- $t: end of its log"
		tail -40 "$work/$t.log" 2>/dev/null || echo "(no log)"
	fi
done
exit $status
