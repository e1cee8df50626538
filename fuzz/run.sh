#!/bin/sh
# Builds the libFuzzer targets with clang (ASan + UBSan) and runs each for
# SECONDS (default 60), seeded from testdata, in parallel on all cores.
# New crashes land in fuzz/crashes/<target>/ (commit them: the replay tests
# then keep them fixed). Prints each target's executions and exits non-zero
# if any target found a crash, leak or timeout.
#   fuzz/run.sh [SECONDS] [TARGET...]
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
secs=${1:-60}
[ $# -gt 0 ] && shift
build=${EA_FUZZ_BUILD:-$top/build-fuzz}
CC=clang cmake -S "$top" -B "$build" -DEA_FUZZ=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$build" -j"$(nproc)" >/dev/null
targets=${*:-$(cd "$build/fuzz" && ls fuzz_* 2>/dev/null | grep -v '\.' || true)}
[ -n "$targets" ] || { echo "fuzz/run.sh: no fuzz targets built" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT INT TERM
status=0
for t in $targets; do
	corpus="$work/$t"
	mkdir -p "$corpus" "$top/fuzz/crashes/$t"
	# seeds: the same files the replay test uses
	ctest --test-dir "$build" -R "^replay_$t\$" --show-only=json-v1 |
		/usr/bin/python3 -c 'import json,sys,shutil,os
d=json.load(sys.stdin); args=d["tests"][0]["command"][1:]
for i,a in enumerate(args):
    if os.path.isfile(a): shutil.copy(a, os.path.join(sys.argv[1], "%05d" % i))
    elif os.path.isdir(a):
        for n in sorted(os.listdir(a)):
            p=os.path.join(a,n)
            if os.path.isfile(p) and not n.startswith("."): shutil.copy(p, os.path.join(sys.argv[1], "c-"+n))' "$corpus"
	(
		ASAN_OPTIONS=detect_leaks=1 "$build/fuzz/$t" -max_total_time="$secs" \
			-timeout=1 -rss_limit_mb=2048 -max_len=1048576 -print_final_stats=1 \
			-artifact_prefix="$top/fuzz/crashes/$t/" "$corpus" \
			>"$work/$t.log" 2>&1
		echo $? >"$work/$t.rc"
	) &
	# at most one fuzzer per core
	while [ "$(jobs -p | wc -l)" -ge "$(nproc)" ]; do sleep 1; done
done
wait
total=0
for t in $targets; do
	rc=$(cat "$work/$t.rc")
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$work/$t.log")
	total=$((total + ${execs:-0}))
	printf '%-24s %12s executions  exit %s\n' "$t" "${execs:-?}" "$rc"
	if [ "$rc" != 0 ]; then
		status=1
		tail -40 "$work/$t.log"
	fi
done
echo "total: $total executions"
exit $status
