#!/usr/bin/env bash
# Investigation aid: the master's RSS under several JVM option sets (BENCH_VARIANTS, ';'-separated),
# with its RSS after a full GC and the effect on the worker, which inherits the options.
#   bench/master-memory.sh [--short]
source "$(dirname "$0")/lib/common.sh" "$@"
need_tools python3 jcmd
build_demo_jar
run_python master_memory.py
