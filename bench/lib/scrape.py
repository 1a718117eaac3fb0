"""The cluster scrape: the demo-store as ClusterBoot with N workers (and with 1), SCRAPES scrapes of
/actuator/prometheus one after another, each through a new connection that any worker may accept.
Per scrape: the wall time, the CPU time of the master and of the workers together (utime + stime
over the run, divided by the scrapes), against the same span of idle time; the exposition's size,
series and workers, and the scrapes that left a worker out (cluster_scrape_missed_total).
"""
import os
import re
import time

import benchlib as b

WORKERS = b.env_int("BENCH_WORKERS", 4)
SCRAPES = b.env_int("BENCH_SCRAPES", b.pick(10, 100))
WARMUP = b.env_int("BENCH_WARMUP", b.pick(5, 50))
PATH = "/actuator/prometheus"
TEXT = {"Accept": "text/plain"}


def processes(cluster):
    return [cluster.pid, *(p["pid"] for p in cluster.status()["processes"])]


def cpu(pids):
    return sum(b.cpu_seconds(pid) for pid in pids)


def scrape(port):
    started = b.now()
    status, body = b.http_get(port, PATH, timeout=10, headers=TEXT)
    elapsed = (b.now() - started) * 1000
    if status != 200:
        raise RuntimeError(f"GET {PATH} answered {status}: {body!r}")
    return elapsed, body.decode()


def measure(workers):
    work = b.workdir(f"scrape-{workers}")
    jar = b.copy_jar(work, os.environ["BENCH_STORE_JAR"])
    cluster = b.Cluster(jar, work, workers, args=[f"--store.data-directory={work}/data",
                                                  "--cluster.boot-cache.enabled=false"]).start()
    try:
        for _ in range(WARMUP):
            scrape(cluster.port)
        pids = processes(cluster)
        idle_start, idle_cpu = b.now(), cpu(pids)
        time.sleep(min(10, max(2, SCRAPES * 0.02)))
        idle = (cpu(pids) - idle_cpu) / (b.now() - idle_start)
        times = []
        cpu_start, wall_start = cpu(pids), b.now()
        for _ in range(SCRAPES):
            elapsed, body = scrape(cluster.port)
            times.append(elapsed)
        wall = b.now() - wall_start
        used = cpu(pids) - cpu_start - idle * wall
        series = [line for line in body.split("\n") if line and not line.startswith("#")]
        slots = sorted(set(re.findall(r'worker="(\d+)"', body)))
        missed = sum(float(v) for v in re.findall(r'^cluster_scrape_missed_total\{[^}]*\} (\S+)', body, re.M))
        return {"workers": workers, "times": times, "cpu": used / SCRAPES, "idle": idle, "bytes": len(body),
                "series": len(series), "slots": slots, "missed": missed}
    finally:
        cluster.stop()


def main():
    report = b.Report(f"Cluster scrape: {SCRAPES} scrapes of {PATH}, the demo-store with N = 1 and N = {WORKERS}",
                      "bench/scrape.sh")
    results = [measure(1), measure(WORKERS)]
    rows = []
    for r in results:
        times = sorted(r["times"])
        rows.append([f"N = {r['workers']}", b.fmt_ms(b.median(times)), b.fmt_ms(times[int(len(times) * 0.9)]),
                     b.fmt_ms(times[-1]), f"{r['cpu'] * 1000:.1f} ms", f"{r['idle'] * 1000:.1f} ms/s",
                     f"{r['bytes'] / 1024:.0f} KiB", str(r["series"]), ",".join(r["slots"]), f"{r['missed']:.0f}"])
    print(b.table(["cluster", "scrape median", "p90", "max", "CPU per scrape (all processes, idle subtracted)",
                   "idle CPU", "exposition", "series", "workers in it", "workers left out"], rows))
    report.finish()


if __name__ == "__main__":
    b.run(main)
