#!/bin/sh
# Builds the libFuzzer targets with clang (ASan + UBSan, leak detection on)
# and runs each for SECONDS (default 60), seeded with the files its replay
# test uses, EA_FUZZ_JOBS targets at a time (default: one per core).
#
# Slow inputs are judged on their own, not under load. While fuzzing, an
# input may take EA_FUZZ_TIMEOUT seconds of wall time (default 30: only a
# hang, never a busy machine, reaches it); every input that takes 1 s or
# more is kept (libFuzzer -report_slow_units=1). After all targets have
# run, each kept input is replayed alone, three times, and fails the run
# only when its best run still takes more than 1 s of CPU time (user +
# system, less the replay program's own start-up), which other work on the
# machine does not add to; an input that was slow only under load is
# reported and dropped.
#
# New crashes, leaks, timeouts and inputs slow on their own land in
# fuzz/crashes/<target>/ (commit them with the fix: the replay tests then
# keep them fixed). Prints a table (target, seconds, executions, the slowest
# input, result) and the total, then one line per slow input, and exits
# non-zero if any target found a crash, leak, timeout or input slow on its
# own, or did not run.
#   fuzz/run.sh [SECONDS] [TARGET...]
# EA_FUZZ_BUILD: the build directory (default build-fuzz in the tree).
# Run it under `nice -n 10` on a shared machine.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
secs=${1:-60}
[ $# -gt 0 ] && shift
build=${EA_FUZZ_BUILD:-$top/build-fuzz}
jobs=${EA_FUZZ_JOBS:-$(nproc)}
hang=${EA_FUZZ_TIMEOUT:-30}
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
	mkdir -p "$work/$t.art"
	start=$(date +%s)
	rc=0
	ASAN_OPTIONS=detect_leaks=1 "$build/fuzz/$t" -max_total_time="$secs" \
		-timeout="$hang" -report_slow_units=1 -rss_limit_mb=2048 \
		-max_len=1048576 -print_final_stats=1 \
		-artifact_prefix="$work/$t.art/" "$work/$t.corpus" \
		>"$work/$t.log" 2>&1 || rc=$?
	echo "$rc $(($(date +%s) - start))" >"$work/$t.rc"
	# crashes, leaks, timeouts: to fuzz/crashes; slow inputs wait for
	# the replay below
	for a in "$work/$t.art"/*; do
		[ -e "$a" ] || continue
		case ${a##*/} in
		slow-unit-*) ;;
		*) mv "$a" "$top/fuzz/crashes/$t/" ;;
		esac
	done
}

# CPU seconds (user + system) of one replay of FILE by TARGET, alone.
cpu_of() {
	/usr/bin/time -f '%U %S' -o "$work/time" "$build/fuzz/$1" "$2" \
		>/dev/null 2>&1 || true
	awk '{ printf "%.2f\n", $1 + $2 }' "$work/time"
}

# The best of three replays, less the start-up (a replay of an empty input).
cpu_alone() {
	: >"$work/empty"
	base=$(cpu_of "$1" "$work/empty")
	best=
	for _ in 1 2 3; do
		c=$(cpu_of "$1" "$2")
		best=$(awk -v a="$c" -v b="$best" 'BEGIN {
			print (b == "" || a + 0 < b + 0) ? a : b }')
	done
	awk -v a="$best" -v b="$base" 'BEGIN { d = a - b; printf "%.2f\n", d < 0 ? 0 : d }'
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

# every input that was slow while fuzzing, replayed alone now that the
# fuzzers are done: slow only if it is slow on its own
slowlines=
for t in $targets; do
	for u in "$work/$t.art"/slow-unit-*; do
		[ -e "$u" ] || continue
		c=$(cpu_alone "$t" "$u")
		if awk -v c="$c" 'BEGIN { exit !(c > 1.0) }'; then
			cp "$u" "$top/fuzz/crashes/$t/"
			echo "slow $c" >>"$work/$t.slow"
			slowlines="$slowlines$t: ${u##*/}: $c s of CPU alone: slow (kept in fuzz/crashes/$t/)
"
		else
			slowlines="$slowlines$t: ${u##*/}: $c s of CPU alone: slow only under load (dropped)
"
		fi
	done
done

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
	elif [ -s "$work/$t.slow" ]; then
		result=slow
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
[ -n "$slowlines" ] && printf '%s' "$slowlines"
for t in $targets; do
	if ! grep -q '^stat::number_of_executed_units' "$work/$t.log" 2>/dev/null ||
		! [ "$(cut -d' ' -f1 "$work/$t.rc" 2>/dev/null)" = 0 ]; then
		echo "--- $t: end of its log"
		tail -40 "$work/$t.log" 2>/dev/null || echo "(no log)"
	fi
done
exit $status
