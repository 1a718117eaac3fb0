#!/usr/bin/env bash
# Boot and footprint: worker fork -> READY vs plain Spring Boot startup; RSS of the master,
# each worker and the plain app; master CPU while idle. Prints markdown tables.
#   bench/footprint.sh [--short]   BENCH_WORKERS (nproc), BENCH_IDLE (30 s), BENCH_JAVA_OPTS
source "$(dirname "$0")/lib/common.sh" "$@"
need_tools python3
build_demo_jar
run_python footprint.py
