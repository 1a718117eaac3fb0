"""The workers' C2 thresholds (ten times HotSpot's unless the options choose them): a worker's start and
its warm-up under load with them and with HotSpot's defaults, side by side in one run.

For each application (BENCH_APPS: demo, demo-store) on the default java, two clusters of 2 workers next
to each other, each with its boot cache ready: one as ClusterBoot configures it, one with
`--cluster.worker.jvm-args=-XX:Tier4InvocationThreshold=5000` (HotSpot's default: any such option keeps
HotSpot's thresholds);
- a worker's fork -> READY from the cache, one worker killed with kill -9 at a time once the cluster is
  quiet, the clusters taking turns (BENCH_START_REPEATS of each), and the CPU seconds its JVM had used
  by then (all its threads, the compilers' included);
- warm-up under load: a reload (2 new workers from the cache), then wrk -c32 (keep-alive) on a page of
  the application (demo: /hello; demo-store: /products/1, JPA and Thymeleaf) for BENCH_WINDOWS windows of
  5 s in a row: the requests/s of each window, and the requests of all of them.
"""
import os

import benchlib as b
import fast_start

START_REPEATS = b.env_int("BENCH_START_REPEATS", b.pick(1, 5))
WINDOWS = b.env_int("BENCH_WINDOWS", b.pick(2, 24))
WINDOW_SECONDS = 5
DEFAULT_THRESHOLDS = "-XX:Tier4InvocationThreshold=5000"
PAGES = {"demo": "/hello", "demo-store": "/products/1"}


def measure(app, jar, work):
    clusters = {}
    try:
        for name, key, args in (("ClusterBoot's (10×)", "tenfold", []),
                                ("HotSpot's", "default", [f"--cluster.worker.jvm-args={DEFAULT_THRESHOLDS}"])):
            cluster = b.Cluster(jar, work, 2, name=f"{app}-{key}",
                                args=[f"--cluster.boot-cache.directory={os.path.join(work, 'cache-' + key)}",
                                      "--cluster.restart.min-uptime=1s", *args]).start()
            clusters[name] = cluster
            if fast_start.wait_cache(cluster)["state"] != "READY":
                raise RuntimeError(f"the boot cache of {cluster.name} is not ready: {cluster.status()['bootCache']}")
        rows = {name: {"ms": [], "cpu": [], "rps": []} for name in clusters}
        for i in range(START_REPEATS):
            for name, cluster in clusters.items():
                for other in clusters.values():
                    fast_start.wait_quiet(other)
                slot = 1 + i % 2
                ms, from_cache = fast_start.replace_one(cluster, slot)
                if not from_cache:
                    raise RuntimeError(f"a worker of {cluster.name} did not start from the boot cache")
                rows[name]["ms"].append(ms)
                rows[name]["cpu"].append(b.cpu_seconds(cluster.worker_pids()[slot]))
        for name, cluster in clusters.items():
            for other in clusters.values():
                fast_start.wait_quiet(other)
            state, _, _ = cluster.reload()
            if state != "SUCCEEDED":
                raise RuntimeError(f"the reload of {cluster.name} did not succeed: {state}")
            for window in range(WINDOWS):
                result = b.wrk_run(cluster.port, PAGES[app], WINDOW_SECONDS,
                                   os.path.join(work, f"{cluster.name}-window-{window}.txt"))
                if result["failed"]:
                    raise RuntimeError(f"{result['failed']} requests failed on {cluster.name}")
                rows[name]["rps"].append(result["rps"])
        return rows
    finally:
        for cluster in clusters.values():
            cluster.stop()


def main():
    report = b.Report("The workers' C2 thresholds: start and warm-up",
                      f"bench/compiler.sh{' --short' if b.SHORT else ''}")
    work = b.workdir("compiler")
    results = [(app, measure(app, b.copy_jar(work, jar, f"{app}.jar"), work)) for app, jar in fast_start.apps()]
    print(f"\nmedian of {START_REPEATS} starts of each, in turn; warm-up: {WINDOWS} windows of {WINDOW_SECONDS} s "
          f"under wrk -t{b.WRK_THREADS} -c32, keep-alive, right after a reload\n")
    print(b.table(["app", "C2 thresholds", "worker fork → READY from the cache", "CPU seconds by READY",
                   "requests/s in each window", "requests in all windows"],
                  [[app, name, b.fmt_ms(b.median(r["ms"])), f"{b.median(r['cpu']):.1f}",
                    " ".join(f"{rps:.0f}" for rps in r["rps"]),
                    f"{sum(r['rps']) * WINDOW_SECONDS:,.0f}"] for app, rows in results for name, r in rows.items()]))
    report.finish()


if __name__ == "__main__":
    b.run(main)
