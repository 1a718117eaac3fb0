#!/usr/bin/env bash
# Throughput ratio: ClusterBoot with N workers / the same jar with cluster.enabled=false,
# measured alternately (A B A B ...), keep-alive and close, /hello and a ~1 ms CPU-bound request;
# N = 1 and N = nproc. Prints a markdown table.
#   bench/throughput.sh [--short]   BENCH_PAIRS (5), BENCH_SECONDS (6), BENCH_CPU_ROUNDS (16000)
source "$(dirname "$0")/lib/common.sh" "$@"
need_tools wrk python3
build_demo_jar
run_python throughput.py
