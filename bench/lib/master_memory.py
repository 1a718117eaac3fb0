"""Master memory: the master's RSS with several JVM option sets (an investigation aid for the
"master RSS <= 80 MB" goal).

For each variant (BENCH_VARIANTS: option sets separated by ';', an empty one meaning the JVM
defaults) a cluster with 1 worker starts; once it is ready and has settled, the table shows the
master's VmRSS, its committed heap, its RSS after one more full GC (`jcmd <pid> GC.run`; the
master already trims its memory once its workers are ready), and the worker's RSS and fork -> READY,
because workers inherit the master's JVM options (cluster.worker.jvm-args are added after
them, and can undo them: later options win; BENCH_CLUSTER_ARGS passes
--cluster.worker.jvm-args=... to every variant).
"""
import os
import re
import subprocess
import time

import benchlib as b

DEFAULT_VARIANTS = ";".join([
    "",
    "-XX:+UseSerialGC",
    "-XX:+UseSerialGC -Xmx64m",
    "-XX:+UseSerialGC -Xmx64m -XX:TieredStopAtLevel=1",
    "-XX:+UseSerialGC -Xmx64m -XX:TieredStopAtLevel=1 -Xss256k -XX:ReservedCodeCacheSize=16m "
    "-XX:CICompilerCount=1 -XX:-UseCompressedClassPointers",
    "-XX:+UseSerialGC -Xmx64m -XX:TieredStopAtLevel=1 -Xss256k -XX:ReservedCodeCacheSize=16m",
])
VARIANTS = [v.strip() for v in os.environ.get("BENCH_VARIANTS", DEFAULT_VARIANTS).split(";")]
SETTLE = b.env_int("BENCH_SETTLE", b.pick(2, 10))


def heap_committed_kb(pid):
    out = subprocess.run(["jcmd", str(pid), "GC.heap_info"], capture_output=True, text=True, timeout=60).stdout
    totals = [int(kb) for kb in re.findall(r"(?:heap|generation)\s+total (\d+)K", out)]
    return sum(totals) if totals else None


def main():
    report = b.Report("Master memory with JVM options", f"bench/master-memory.sh{' --short' if b.SHORT else ''}")
    work = b.workdir("master-memory")
    jar = b.copy_jar(work)
    rows = []
    for i, variant in enumerate(VARIANTS):
        cluster = b.Cluster(jar, work, 1, name=f"variant-{i}", java_opts=variant.split())
        cluster.start()
        try:
            time.sleep(SETTLE)
            worker = cluster.worker_pids()[1]
            rss = b.rss_kb(cluster.pid)
            heap = heap_committed_kb(cluster.pid)
            subprocess.run(["jcmd", str(cluster.pid), "GC.run"], capture_output=True, timeout=60)
            time.sleep(1)
            rss_gc = b.rss_kb(cluster.pid)
            ready = cluster.ready_lines()[0][2]
            rows.append([f"`{variant}`" if variant else "(JVM defaults)", f"**{rss / 1024:.0f} MB**",
                         f"{heap / 1024:.0f} MB" if heap else "?", f"{rss_gc / 1024:.0f} MB",
                         b.threads(cluster.pid), f"{b.rss_kb(worker) / 1024:.0f} MB", f"{ready / 1000:.2f} s"])
            b.log(f"variant {i}: master {rss / 1024:.0f} MB, after GC {rss_gc / 1024:.0f} MB")
        finally:
            cluster.stop()
    print(f"\n1 worker; figures {SETTLE} s after the cluster was ready\n")
    print(b.table(["master JVM options", "master RSS", "master heap committed", "master RSS after full GC",
                   "master threads", "worker RSS", "worker fork → READY"], rows))
    report.finish()


if __name__ == "__main__":
    b.run(main)
