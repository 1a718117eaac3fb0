"""Soak: many rolling reloads in a row under load, and what the master holds meanwhile.

ClusterBoot with 2 workers; wrk -c32 (keep-alive and Connection: close alternating run by
run) for the whole soak; BENCH_RELOADS (50) reloads, each started once the previous one
succeeded. Measured: failed requests, each reload's wall time, and the master's open file
descriptors, threads and RSS after the start and after every tenth reload: flat, if nothing
leaks.
"""
import os
import time

import benchlib as b

# short mode: one reload under each load
RELOADS = b.env_int("BENCH_RELOADS", b.pick(2, 50))
CONNECTIONS = b.env_int("BENCH_CONNECTIONS", 32)
WARMUP = b.env_int("BENCH_WARMUP", b.pick(1, 5))


def open_files(pid):
    return len(os.listdir(f"/proc/{pid}/fd"))


def sample(cluster, label):
    pid = cluster.pid
    return [label, open_files(pid), b.threads(pid), f"{b.rss_kb(pid) / 1024:.0f} MB"]


def main():
    report = b.Report(f"Soak: {RELOADS} rolling reloads in a row under load",
                      f"bench/soak.sh{' --short' if b.SHORT else ''}")
    work = b.workdir("soak")
    jar = b.copy_jar(work)
    cluster = b.Cluster(jar, work, 2).start()
    samples = []
    walls = []
    results = []
    try:
        b.wrk_run(cluster.port, "/hello", WARMUP, os.path.join(work, "warmup.txt"), CONNECTIONS)
        time.sleep(2)
        samples.append(sample(cluster, "after the start"))
        for run, (mode, close) in enumerate((("keep-alive", False), ("close", True))):
            wrk = b.wrk_start(cluster.port, "/hello", 7200, os.path.join(work, f"{mode}.txt"), CONNECTIONS, close)
            time.sleep(1)
            first = run * (RELOADS // 2)
            for i in range(first, RELOADS if run else RELOADS // 2):
                state, wall, _ = cluster.reload()
                if state != "SUCCEEDED":
                    raise RuntimeError(f"reload {i + 1} ended {state}; see {cluster.log.path}")
                walls.append(wall)
                if (i + 1) % 10 == 0 or i + 1 == RELOADS:
                    samples.append(sample(cluster, f"after reload {i + 1}"))
                b.log(f"reload {i + 1} of {RELOADS} ({mode}): {wall:.1f} s")
            results.append((mode, b.wrk_stop(wrk)))
    finally:
        cluster.stop()
    print(f"\n2 workers, {RELOADS} reloads (the first half under keep-alive, the second under "
          f"`Connection: close` load), wrk -t{b.WRK_THREADS} -c{CONNECTIONS} --timeout {b.WRK_TIMEOUT}; "
          f"reload wall time median {b.median(walls):.1f} s (min {min(walls):.1f}, max {max(walls):.1f})\n")
    print(b.table(["load", "requests", "req/s", *b.ERROR_HEADERS, "p99", "max"],
                  [[mode, r["requests"], f"{r['rps']:.0f}", *b.error_cells(r), b.fmt_ms(r["p99"]),
                    b.fmt_ms(r["max"])] for mode, r in results]))
    print()
    print(b.table(["master", "open files", "threads", "RSS"], samples))
    report.finish()


if __name__ == "__main__":
    b.run(main)
