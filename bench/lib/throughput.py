"""Throughput ratio: the demo app as ClusterBoot with N workers vs the same jar as one plain
Spring Boot JVM (cluster.enabled=false).

Both run at the same time on their own ports; wrk measures them alternately (A B A B ...,
BENCH_PAIRS pairs) after a warm-up of both, for /hello and /cpu?rounds=R (R chosen so that a
request costs about 1 ms), with keep-alive and with Connection: close. The ratio of each pair
is cluster req/s / plain req/s; the table shows their median and spread, and the medians of
the absolute figures. N = 1 and N = nproc.
"""
import os

import benchlib as b

SECONDS = b.env_int("BENCH_SECONDS", b.pick(1, 5))
PAIRS = b.env_int("BENCH_PAIRS", b.pick(2, 7))
WARMUP = b.env_int("BENCH_WARMUP", b.pick(1, 5))
# warm-up runs of WARMUP s repeat until two in a row agree within WARMUP_TOLERANCE (the JIT is
# done: with other work on the machine a fresh worker's compilation can lag for minutes)
WARMUP_ROUNDS = b.env_int("BENCH_WARMUP_ROUNDS", b.pick(1, 8))
WARMUP_TOLERANCE = 0.10
CONNECTIONS = b.env_int("BENCH_CONNECTIONS", 32)
# short mode: fewer rounds, since its JVMs run C1-compiled code only and a 1 s run must finish some
CPU_ROUNDS = b.env_int("BENCH_CPU_ROUNDS", b.pick(2000, 16000))
WORK = None
WORKER_COUNTS = [int(n) for n in os.environ.get("BENCH_WORKER_COUNTS", b.pick("1", f"1,{os.cpu_count()}")).split(",")]


def measure(port, pids, path, name, close):
    return b.wrk_measure(port, pids, path, SECONDS, os.path.join(WORK, f"{name}.txt"), CONNECTIONS, close)


def warm_up(target, path, name, close, connections=CONNECTIONS):
    b.warm_up(target.port, path, WARMUP, WARMUP_ROUNDS, os.path.join(WORK, name), connections, close, WARMUP_TOLERANCE)


def main():
    global WORK
    report = b.Report("Throughput ratio: ClusterBoot with N workers / plain Spring Boot",
                      f"bench/throughput.sh{' --short' if b.SHORT else ''}")
    work = WORK = b.workdir("throughput")
    jar = b.copy_jar(work)
    endpoints = [("hello", "/hello"), ("cpu", f"/cpu?rounds={CPU_ROUNDS}")]
    modes = b.CONNECTION_MODES
    plain = b.Plain(jar, work)
    plain.start()
    # the cost of one CPU-bound request: one connection, plain app, after a JIT warm-up
    warm_up(plain, endpoints[1][1], "calibrate-warmup", False, connections=1)
    one = b.wrk_run(plain.port, endpoints[1][1], max(2, SECONDS), os.path.join(work, "calibrate.txt"), 1)
    hello = b.wrk_run(plain.port, "/hello", max(2, SECONDS), os.path.join(work, "calibrate-hello.txt"), 1)
    cpu_ms = b.ratio(1000, one["rps"])
    rows = []
    raw = []
    for n in dict.fromkeys(WORKER_COUNTS):
        cluster = b.Cluster(jar, work, n, name=f"clusterboot-{n}")
        cluster.start()
        cluster_pids = [cluster.pid, *cluster.worker_pids().values()]
        try:
            for label, path in endpoints:
                for mode, close in modes:
                    for target in (cluster, plain):
                        warm_up(target, path, f"warmup-n{n}-{label}-{mode}-{target.name}", close)
            for label, path in endpoints:
                for mode, close in modes:
                    ratios, a_rps, b_rps, errors, efficiency = [], [], [], 0, []
                    for i in range(PAIRS):
                        a = measure(cluster.port, cluster_pids, path, f"n{n}-{label}-{mode}-{i}-cluster", close)
                        p = measure(plain.port, [plain.pid], path, f"n{n}-{label}-{mode}-{i}-plain", close)
                        ratios.append(b.ratio(a["rps"], p["rps"]))
                        efficiency.append(b.ratio(a["per_cpu_s"], p["per_cpu_s"]))
                        a_rps.append(a["rps"])
                        b_rps.append(p["rps"])
                        errors += a["failed"] + p["failed"]
                    b.log(f"N={n} {path} {mode}: ratios {', '.join(f'{r:.3f}' for r in ratios)}; "
                          f"per CPU second {', '.join(f'{r:.3f}' for r in efficiency)}")
                    raw.append(f"N={n} `{path}` {mode}: " + ", ".join(
                        f"{x:.0f}/{y:.0f}" for x, y in zip(a_rps, b_rps)))
                    rows.append([n, f"`{path}`", mode, f"**{b.median(ratios):.3f}**", b.spread(ratios),
                                 f"{b.median(efficiency):.3f} ({b.spread(efficiency)})",
                                 f"{b.median(a_rps):.0f}", f"{b.median(b_rps):.0f}", errors])
        finally:
            cluster.stop()
    print(f"\nwrk -t{b.WRK_THREADS} -c{CONNECTIONS}, {SECONDS} s per measurement, {PAIRS} pairs "
          f"(cluster, plain, cluster, plain, ...) after warm-up runs of {WARMUP} s of each, repeated until two in a row "
          f"agree within {WARMUP_TOLERANCE:.0%} ({WARMUP_ROUNDS} at most); "
          f"one `/cpu?rounds={CPU_ROUNDS}` request costs {cpu_ms:.2f} ms on one connection "
          f"(plain app, {one['rps']:.0f} req/s; `/hello` {hello['rps']:.0f} req/s)\n")
    print(b.table(["workers N", "endpoint", "connection", "ratio (median)", "ratio min–max",
                   "requests per CPU second, ratio (min–max)", "cluster req/s (median)", "plain req/s (median)",
                   "wrk errors"], rows))
    print("\nThe ratio is cluster req/s / plain req/s of each pair. The requests per CPU second ratio "
          "divides each side's requests by the CPU time (utime + stime) its processes used during the "
          "measurement (master and workers for ClusterBoot): less sensitive to other work on the machine.")
    print("\n<details><summary>every pair (cluster req/s / plain req/s)</summary>\n")
    print("\n".join(f"- {line}" for line in raw))
    print("\n</details>")
    report.finish()


if __name__ == "__main__":
    b.run(main)
