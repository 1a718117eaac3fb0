#!/usr/bin/env bash
# Crash recovery: kill -9 of one of 2 workers under wrk load: failed requests, time until
# the replacement is READY. Prints a markdown table.
#   bench/crash.sh [--short]   BENCH_DURATION (20 s), BENCH_MIN_UPTIME (31 s in full mode)
source "$(dirname "$0")/lib/common.sh" "$@"
need_tools wrk python3
build_demo_jar
run_python crash.py
