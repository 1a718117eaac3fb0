#!/usr/bin/env bash
# The cluster scrape's cost: GET /actuator/prometheus of the demo-store with N workers, whose
# answering worker gathers the others' meters through the master; wall time and CPU (master and
# workers) per scrape, the exposition's size, against N = 1. Prints markdown tables. Not a load
# benchmark: scrapes one after another, as Prometheus sends them.
#   bench/scrape.sh [--short]   BENCH_WORKERS (4), BENCH_SCRAPES (100), BENCH_STORE_JAR
source "$(dirname "$0")/lib/common.sh" "$@"
need_tools python3
if [ -z "${BENCH_STORE_JAR:-}" ]; then
	package_module demo-store
	export BENCH_STORE_JAR="$ROOT_DIR/demo-store/target/demo-store.jar"
fi
run_python scrape.py
