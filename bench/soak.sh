#!/usr/bin/env bash
# Soak: 50 rolling reloads in a row under load; failed requests and the master's open files,
# threads and RSS along the way. Prints markdown tables. Not part of run-all.sh (it takes
# 15-25 min on 2 cores).
#   bench/soak.sh [--short]   BENCH_RELOADS (50; 3 in short mode)
source "$(dirname "$0")/lib/common.sh" "$@"
need_tools wrk python3
build_demo_jar
run_python soak.py
