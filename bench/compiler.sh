#!/usr/bin/env bash
# Investigation aid: the workers' C2 thresholds (ten times HotSpot's by default) against HotSpot's own,
# side by side: a worker's start from the boot cache, its CPU seconds, and its warm-up under load; on the
# demo and the demo-store.
#   bench/compiler.sh [--short]   BENCH_START_REPEATS (5), BENCH_WINDOWS (24), BENCH_STORE_JAR, BENCH_APPS
source "$(dirname "$0")/lib/common.sh" "$@"
need_tools wrk python3
build_demo_jar
build_store_jar
run_python compiler.py
