#!/usr/bin/env bash
# Fast worker start: worker fork -> READY from the boot cache vs a plain start, the same under
# load, reloads with and without load, and PSS with and without the cache; on the demo app and
# the realistic demo-store, on the default JDK and JDK 25 (full mode). Prints markdown tables.
#   bench/fast-start.sh [--short]   BENCH_START_REPEATS (5), BENCH_REPEATS (3), BENCH_STORE_JAR, BENCH_JAVA25,
#   BENCH_APPS, BENCH_JDKS, BENCH_CPU_CGROUP
source "$(dirname "$0")/lib/common.sh" "$@"
need_tools wrk python3
build_demo_jar
build_store_jar
run_python fast_start.py
