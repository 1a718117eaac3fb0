"""Boot and footprint: ClusterBoot worker boot vs plain Spring Boot startup, RSS, idle CPU.

- worker fork -> READY: the master's "Worker <slot> (pid <pid>) is ready after N ms" lines, for
  the first start of N = nproc workers and for BENCH_RELOADS rolling reloads without load;
  with the CPU time (utime + stime from /proc/<pid>/stat) each worker had used when it was
  READY.
- plain startup: process start -> first 200 on /hello (polled every 10 ms), BENCH_STARTS times,
  with Spring Boot's own "Started ... in X seconds" and the CPU time used by then.
- RSS (VmRSS of /proc/<pid>/status, and its anonymous part RssAnon) of the master, each
  worker and the plain app after the boot, and CPU while idle over BENCH_IDLE seconds.
BENCH_JAVA_OPTS adds JVM options to the master (and so to the workers, which inherit them)
and to the plain app; BENCH_MASTER_JAVA_OPTS and BENCH_CLUSTER_ARGS to the master only.
Short mode: 1 worker.
"""
import os
from datetime import datetime
import re
import signal
import time

import benchlib as b

WORKERS = b.env_int("BENCH_WORKERS", b.pick(1, os.cpu_count()))
RELOADS = b.env_int("BENCH_RELOADS", b.pick(1, 3))
STARTS = b.env_int("BENCH_STARTS", b.pick(1, 3))
IDLE = b.env_int("BENCH_IDLE", b.pick(3, 30))
SETTLE = b.env_int("BENCH_SETTLE", b.pick(1, 5))


def watch_ready(cluster, offset, count, timeout=330):
    """Waits for count 'is ready' lines after offset; returns [(slot, pid, ms, cpu s at READY)]."""
    seen = {}
    deadline = b.now() + timeout
    while len(seen) < count:
        if b.now() > deadline:
            raise RuntimeError(f"only {len(seen)} of {count} workers ready within {timeout} s")
        for slot, pid, ms in cluster.ready_lines(offset):
            if pid not in seen:
                try:
                    seen[pid] = (slot, pid, ms, b.cpu_seconds(pid))
                except OSError:
                    seen[pid] = (slot, pid, ms, None)
        time.sleep(0.01)
    return list(seen.values())


def idle_cpu(pids, seconds):
    """CPU seconds used by each pid over the next seconds."""
    before = {pid: b.cpu_seconds(pid) for pid in pids}
    time.sleep(seconds)
    return {pid: b.cpu_seconds(pid) - before[pid] for pid in pids}


def summary(values, unit_ms=True):
    if not values:
        return "–"
    if unit_ms:
        return (f"{b.median(values) / 1000:.2f} s ({min(values) / 1000:.2f}–{max(values) / 1000:.2f}, "
                f"n={len(values)})")
    return f"{b.median(values):.1f} s ({min(values):.1f}–{max(values):.1f})"


def memory(pid):
    """(VmRSS, RssAnon) of a process, in kB."""
    return b.rss_kb(pid), b.rss_anon_kb(pid)


def mb(kb):
    return f"{kb / 1024:.0f} MB"


def main():
    report = b.Report("Boot and footprint", f"bench/footprint.sh{' --short' if b.SHORT else ''}")
    work = b.workdir("footprint")
    jar = b.copy_jar(work)

    # ClusterBoot: first start, then rolling reloads without load
    cluster = b.Cluster(jar, work, WORKERS)
    t0 = b.now()
    wall0 = time.time()
    cluster.launch()
    first = watch_ready(cluster, 0, WORKERS)
    first_200 = b.wait_http(cluster.port) - t0
    forked = re.search(r"^(\S+)\s.*Starting worker 1 ", cluster.log.text(), re.M)
    to_fork = datetime.fromisoformat(forked.group(1).replace("Z", "+00:00")).timestamp() - wall0
    cluster.wait_ready()
    reloaded = []
    for _ in range(RELOADS):
        offset = cluster.log.size()
        t1 = b.now()
        os.kill(cluster.pid, signal.SIGHUP)
        reloaded += watch_ready(cluster, offset, WORKERS)
        match, t2 = cluster.log.wait(b.RELOAD_DONE, offset, 120, cluster.proc)
        b.log(f"reload {match.group(3)} in {t2 - t1:.2f} s")
        if match.group(3) != "succeeded":
            raise RuntimeError(f"reload failed; see {cluster.log.path}")
    for process in cluster.status()["processes"]:
        b.track_pid(process["pid"], jar)
    time.sleep(SETTLE)
    workers = cluster.worker_pids()
    master_mem = memory(cluster.pid)
    master_threads = b.threads(cluster.pid)
    worker_mem = {slot: memory(pid) for slot, pid in workers.items()}
    cpu = idle_cpu([cluster.pid, *workers.values()], IDLE)
    master_rss_idle = b.rss_kb(cluster.pid)
    master_cpu_total = b.cpu_seconds(cluster.pid)
    cluster.stop()

    # plain Spring Boot
    plain_starts, plain_spring, plain_cpu = [], [], []
    plain_mem = plain_idle = None
    for i in range(STARTS):
        plain = b.Plain(jar, work)
        plain_starts.append(plain.start() * 1000)
        plain_cpu.append(b.cpu_seconds(plain.pid))
        started, running = plain.spring_started()
        plain_spring.append(running)
        if i == STARTS - 1:
            time.sleep(SETTLE)
            plain_mem = memory(plain.pid)
            plain_idle = idle_cpu([plain.pid], IDLE)[plain.pid]
        plain.stop()

    first_ms = [ms for _, _, ms, _ in first]
    reload_ms = [ms for _, _, ms, _ in reloaded]
    worker_cpu = [c for _, _, _, c in first + reloaded if c is not None]
    print(f"\nClusterBoot with {WORKERS} workers; {RELOADS} reload(s) without load; idle CPU over {IDLE} s\n")
    rows = [
        ["ClusterBoot worker: fork → READY, first start", summary(first_ms),
         "master's `is ready after N ms`"],
        ["ClusterBoot worker: fork → READY, in a reload", summary(reload_ms),
         "master's `is ready after N ms`"],
        ["ClusterBoot: master start → first worker forked", f"{to_fork:.2f} s",
         "time stamp of the master's `Starting worker 1`"],
        ["ClusterBoot: master start → first 200", f"{first_200:.2f} s", "polled every 20 ms"],
        ["plain app: process start → first 200 on /hello", summary(plain_starts),
         "polled every 10 ms"],
        ["plain app: Spring Boot's `process running for`", summary(plain_spring, unit_ms=False), "its log"],
        ["CPU time to READY: worker", summary(worker_cpu, unit_ms=False), "utime+stime at READY"],
        ["CPU time to first 200: plain app", summary(plain_cpu, unit_ms=False), "utime+stime"],
    ]
    print(b.table(["boot", "median (min–max)", "how"], rows))
    print()
    rss_rows = [["master", *map(mb, master_mem), f"{cpu[cluster.pid] * 1000 / IDLE:.1f} ms/s "
                 f"({cpu[cluster.pid] * 100 / IDLE:.2f}% of a core)", f"{master_threads} threads, "
                 f"{master_cpu_total:.1f} s CPU since start; RSS {mb(master_rss_idle)} after the idle {IDLE} s"]]
    for slot, pid in sorted(workers.items()):
        rss_rows.append([f"worker {slot}", *map(mb, worker_mem[slot]), f"{cpu[pid] * 1000 / IDLE:.1f} ms/s", ""])
    rss_rows.append(["master + workers", *(mb(sum(m[k] for m in [master_mem, *worker_mem.values()])) for k in (0, 1)),
                     "", ""])
    rss_rows.append(["plain app", *map(mb, plain_mem), f"{plain_idle * 1000 / IDLE:.1f} ms/s", ""])
    print(b.table(["process", "RSS (VmRSS)", "of which anonymous (RssAnon)", "CPU while idle", "notes"], rss_rows))
    print("\nRssAnon leaves out file pages (libjvm.so, the JDK's CDS archive, the jar) that the master, the workers "
          "and any other JVM on the machine share.")
    report.finish()


if __name__ == "__main__":
    b.run(main)
