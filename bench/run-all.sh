#!/usr/bin/env bash
# Runs the benchmarks one after the other: reload, throughput, footprint, crash, fast-start, soak,
# sessions.
#   bench/run-all.sh [--short]     BENCH_SCRIPTS="reload soak" runs only those
# The markdown of every script goes to stdout and to $BENCH_OUT (default
# /tmp/clusterboot-bench-results-<time>.md); each script's duration is printed at the end.
source "$(dirname "$0")/lib/common.sh" "$@"
need_tools wrk python3
build_demo_jar # once, for all of them
build_store_jar
private_jar_copy

OUT=${BENCH_OUT:-/tmp/clusterboot-bench-results-$(date +%Y%m%d-%H%M%S).md}
: >"$OUT"
failed=()
timings=()
for script in ${BENCH_SCRIPTS:-reload throughput footprint crash fast-start soak sessions}; do
	echo "== bench/$script.sh $*" >&2
	start=$(date +%s)
	if "$BENCH_DIR/$script.sh" "$@" | tee -a "$OUT"; then
		timings+=("| $script.sh | $(($(date +%s) - start)) s | ok |")
	else
		timings+=("| $script.sh | $(($(date +%s) - start)) s | **failed** |")
		failed+=("$script")
	fi
	echo >>"$OUT"
done
{
	echo "## Durations"
	echo
	echo "| script | took | result |"
	echo "|---|---|---|"
	printf '%s\n' "${timings[@]}"
} | tee -a "$OUT"
echo "results: $OUT" >&2
if [ ${#failed[@]} -gt 0 ]; then
	echo "failed: ${failed[*]}" >&2
	exit 1
fi
