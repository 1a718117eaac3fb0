#!/usr/bin/env bash
# Sessions: /visits (reads and writes a session attribute) on ClusterBoot with 2 workers (sessions in
# the master) against a plain JVM (Tomcat's in-memory sessions), keep-alive and close, saturating and
# paced; the master's RSS holding 100,000 sessions of 1 KB; rolling reloads under load with sessions;
# in full mode, the least any Spring Session store costs (Spring Session in a plain JVM's memory against
# Tomcat's sessions, lib/session_ceiling.py). Prints markdown tables.
#   bench/sessions.sh [--short]   BENCH_SESSIONS (100000), BENCH_SESSION_BYTES (1024), BENCH_CLIENTS (16)
source "$(dirname "$0")/lib/common.sh" "$@"
need_tools wrk python3 jcmd
build_demo_jar
run_python sessions.py
[ "$BENCH_SHORT" = 1 ] || run_python session_ceiling.py
