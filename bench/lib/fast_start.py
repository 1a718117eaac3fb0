"""Fast worker start: the boot cache and the CPU share of a starting worker, measured.

For each application (the demo and the realistic demo-store) and each JDK (the default java,
and JDK 25 when BENCH_JAVA25 or /usr/lib/jvm has one), side by side in one run (BENCH_APPS and
BENCH_JDKS, comma-separated names, choose a subset):
- plain start: `java -jar app.jar --cluster.enabled=false` until the first 200 on /hello;
- worker fork -> READY from the boot cache: a cluster of 2 workers whose cache is ready, one
  worker killed with kill -9 at a time once the cluster is quiet (less than a tenth of a core
  over a second), the replacement's own fork -> READY from the master's log
  (restart.min-uptime is 1 s, so that the master restarts at once); the plain starts and these
  take turns (BENCH_START_REPEATS of each), next to the quiet cluster;
- the same under load (wrk -c32, keep-alive), and its ratio to the unloaded one;
- a reload of 2 workers without load, and under load (keep-alive and Connection: close; short
  mode: Connection: close only): wall time, failed requests, p99 latency during the reload;
- a reload of 2 workers to a new jar (the same application with one entry more, swapped in the
  way a deploy does), which has no cache yet, so its workers start the plain way: without load,
  and under load (the same connection modes);
- PSS (proportional set size) of the master and of each worker, with the cache and without it
  (a cluster with cluster.boot-cache.enabled=false);
- the classes a plain start of the application loaded (the JVM's own counters, through jcmd).
"""
import glob
import os
import re
import shutil
import signal
import subprocess
import time
import zipfile

import benchlib as b

REPEATS = b.env_int("BENCH_REPEATS", b.pick(1, 3))
START_REPEATS = b.env_int("BENCH_START_REPEATS", b.pick(1, 5))
DEFAULT_JAVA = b.JAVA  # measure() sets b.JAVA for each JDK in turn
CONNECTIONS = b.env_int("BENCH_CONNECTIONS", 32)
WARMUP = b.env_int("BENCH_WARMUP", b.pick(1, 5))
CACHE_TIMEOUT = b.env_int("BENCH_CACHE_TIMEOUT", 300)
# seconds a cluster without the cache runs before its PSS is read
SETTLE = b.env_int("BENCH_SETTLE", b.pick(1, 5))


def pss_kb(pid):
    with open(f"/proc/{pid}/smaps_rollup") as f:
        for line in f:
            if line.startswith("Pss:"):
                return int(line.split()[1])
    return 0


def chosen(variable, found):
    """The entries of found whose names the comma-separated variable lists (all when unset)."""
    names = os.environ.get(variable)
    return [entry for entry in found if names is None or entry[0] in names.split(",")]


def jdks():
    found = [("default", DEFAULT_JAVA)]
    jdk25 = os.environ.get("BENCH_JAVA25") or next(iter(sorted(glob.glob("/usr/lib/jvm/temurin-25*/bin/java"))),
                                                   None)
    if jdk25 and not b.SHORT:
        found.append(("25", jdk25))
    return chosen("BENCH_JDKS", found)


def apps():
    found = [("demo", os.environ["BENCH_JAR"])]
    store = os.environ.get("BENCH_STORE_JAR")
    if store and not b.SHORT:
        found.append(("demo-store", store))
    return chosen("BENCH_APPS", found)


def wait_cache(cluster):
    deadline = b.now() + CACHE_TIMEOUT
    while b.now() < deadline:
        cache = cluster.status()["bootCache"]
        if cache["state"] in ("READY", "UNAVAILABLE", "DISABLED"):
            return cache
        time.sleep(0.5)
    raise RuntimeError(f"boot cache not ready within {CACHE_TIMEOUT} s: {cluster.status()['bootCache']}")


def wait_quiet(cluster, timeout=60):
    """Waits until the master and its children use less than a tenth of a core over a second: a worker that
    just started compiles and initializes for a while, which an unloaded start must not compete with."""
    def cpu(pids):
        total = 0
        for pid in pids:
            try:
                total += b.cpu_seconds(pid)
            except OSError:
                pass
        return total

    deadline = b.now() + timeout
    while b.now() < deadline:
        pids = [cluster.pid, *b.children(cluster.pid)]
        before = cpu(pids)
        time.sleep(1)
        if cpu(pids) - before < 0.1:
            return
    b.log(f"the cluster did not go quiet within {timeout} s")


def replace_one(cluster, slot, quiet=True):
    """kill -9 the worker of a slot (once the cluster is quiet, unless loaded); returns the replacement's
    fork -> READY in ms and whether it started from the cache."""
    if quiet:
        wait_quiet(cluster)
    victim = cluster.worker_pids()[slot]
    offset = cluster.log.size()
    os.kill(victim, signal.SIGKILL)
    match, _ = cluster.log.wait(rf"Worker {slot} \(pid (\d+)\) is ready after (\d+) ms(.*)", offset, 330,
                                cluster.proc, accept=lambda m: int(m.group(1)) != victim)
    b.track_pid(int(match.group(1)), cluster.jar)
    cluster.wait_ready()
    return int(match.group(2)), "from the boot cache)" in match.group(3) and "without" not in match.group(3)


def loaded_classes(java, pid):
    """The classes a JVM has loaded and not unloaded, from its performance counters."""
    jcmd = os.path.join(os.path.dirname(os.path.realpath(shutil.which(java) or java)), "jcmd")
    if not os.path.exists(jcmd):
        return None
    try:
        output = subprocess.run([jcmd, str(pid), "PerfCounter.print"], capture_output=True, text=True,
                                timeout=60).stdout
    except subprocess.TimeoutExpired:
        return None
    counters = dict(line.split("=", 1) for line in output.splitlines() if "=" in line)
    try:
        return (int(counters["java.cls.loadedClasses"]) + int(counters["java.cls.sharedLoadedClasses"])
                - int(counters["java.cls.unloadedClasses"]) - int(counters["java.cls.sharedUnloadedClasses"]))
    except (KeyError, ValueError):
        return None


def swap_in_new_jar(jar, number):
    """Swaps in a jar of other content, as a deploy does (an atomic rename): the application with one
    entry more, which has no boot cache entry yet."""
    staged = jar + ".new"
    shutil.copyfile(jar, staged)
    with zipfile.ZipFile(staged, "a") as archive:
        archive.writestr(f"META-INF/clusterboot-bench-deploy-{number}.txt", str(number))
    os.replace(staged, jar)


def reload_loaded(cluster, name, work, close):
    """A reload under wrk's load; returns (state, wall seconds, wrk's result)."""
    b.wrk_run(cluster.port, "/hello", WARMUP, os.path.join(work, f"{name}-warm.txt"), CONNECTIONS, close)
    wrk = b.wrk_start(cluster.port, "/hello", 600, os.path.join(work, f"{name}.txt"), CONNECTIONS, close)
    time.sleep(2)
    state, wall, _ = cluster.reload()
    return state, wall, b.wrk_stop(wrk)


def plain_start(app, jar, jdk, java, work, rows):
    """A plain start of the application until its first 200, in ms; counts its classes the first time."""
    plain = b.Plain(jar, work, f"{app}-{jdk}-plain")
    try:
        started = plain.start(300) * 1000
        if "classes" not in rows:
            rows["classes"] = loaded_classes(java, plain.pid)
        return started
    finally:
        plain.stop()


def measure(app, jar, jdk, java, work):
    b.JAVA = java
    rows = {}
    args = [f"--cluster.boot-cache.directory={os.path.join(work, 'cache-' + jdk)}", "--cluster.restart.min-uptime=1s"]
    cluster = b.Cluster(jar, work, 2, name=f"{app}-{jdk}-cluster", args=args).start()
    try:
        rows["first"] = b.median([ms for _, _, ms in cluster.ready_lines()])
        cache = wait_cache(cluster)
        rows["cache"] = cache["state"]
        # side by side: a plain start, then a worker's start from the cache, in turn, each next to the quiet
        # cluster, so that the machine's drift over the run weighs on both alike
        plain_times = []
        unloaded = []
        for i in range(START_REPEATS):
            wait_quiet(cluster)
            plain_times.append(plain_start(app, jar, jdk, java, work, rows))
            unloaded.append(replace_one(cluster, 1 + i % 2))
        rows["plain"] = b.median(plain_times)
        rows["unloaded"] = b.median([ms for ms, _ in unloaded])
        rows["from_cache"] = all(used for _, used in unloaded)
        loaded = []
        for i in range(REPEATS):
            b.wrk_run(cluster.port, "/hello", WARMUP, os.path.join(work, f"{app}-{jdk}-warm.txt"), CONNECTIONS)
            wrk = b.wrk_start(cluster.port, "/hello", 600, os.path.join(work, f"{app}-{jdk}-kill-{i}.txt"),
                              CONNECTIONS)
            time.sleep(2)
            loaded.append(replace_one(cluster, 1 + i % 2, quiet=False)[0])
            result = b.wrk_stop(wrk)
            rows.setdefault("kill_failed", 0)
            rows["kill_failed"] += result["failed"]
        rows["loaded"] = b.median(loaded)
        wait_quiet(cluster)
        rows["reload_unloaded"] = cluster.reload()[1]
        rows["reloads"] = [(mode, *reload_loaded(cluster, f"{app}-{jdk}-reload-{mode}", work, close))
                           for mode, close in b.CONNECTION_MODES]
        rows["pss_cache"] = pss(cluster)
        # a deploy: each reload to a jar of its own, whose workers start without a cache; the cache of the jar
        # before is built once the cluster settles, which the next reload waits for
        rows["deploys"] = []
        for number, (mode, close) in enumerate((("no load", None), *b.CONNECTION_MODES)):
            # quiet first: the cache of the jar before is built from the file on disk
            wait_quiet(cluster, CACHE_TIMEOUT)
            swap_in_new_jar(cluster.jar, number)
            if close is None:
                state, wall, _ = cluster.reload()
                rows["deploy_unloaded"] = wall
            else:
                state, wall, result = reload_loaded(cluster, f"{app}-{jdk}-deploy-{mode}", work, close)
                rows["deploys"].append((mode, state, wall, result))
            status = cluster.status()
            if state != "SUCCEEDED" or any(process.get("bootCache") for process in status["processes"]):
                raise RuntimeError(f"the reload to a new jar did not start every worker the plain way: {status}")
    finally:
        cluster.stop()
    plain_cluster = b.Cluster(jar, work, 2, name=f"{app}-{jdk}-nocache",
                              args=["--cluster.boot-cache.enabled=false"]).start()
    try:
        time.sleep(SETTLE)
        rows["pss_plain"] = pss(plain_cluster)
    finally:
        plain_cluster.stop()
    return rows


def pss(cluster):
    workers = list(cluster.worker_pids().values())
    return pss_kb(cluster.pid) / 1024, [pss_kb(pid) / 1024 for pid in workers]


def main():
    report = b.Report("Fast worker start: the boot cache and the CPU for a starting worker",
                      f"bench/fast-start.sh{' --short' if b.SHORT else ''}")
    work = b.workdir("fast-start")
    results = []
    for app, source in apps():
        for jdk, java in jdks():
            b.log(f"{app} on JDK {jdk}")
            # a copy each: the deploys swap other jars in
            jar = b.copy_jar(work, source, f"{app}-{jdk}.jar")
            results.append((app, jdk, measure(app, jar, jdk, java, work)))
    print(f"\nmedian of {START_REPEATS} plain starts and starts from the cache, in turn, and of {REPEATS} of the "
          f"others; 2 workers; load: wrk -t{b.WRK_THREADS} -c{CONNECTIONS} --timeout {b.WRK_TIMEOUT} "
          "on the same cores\n")
    print(b.table(["app", "JDK", "plain start → first 200", "first workers (no cache yet) fork → READY",
                   "cache", "worker fork → READY from the cache", "**ratio to plain**",
                   "same under load", "**ratio loaded / unloaded**", "failed requests (kill -9 under load)"],
                  [[app, jdk, b.fmt_ms(r["plain"]), b.fmt_ms(r["first"]),
                    r["cache"] + ("" if r["from_cache"] else " (not used)"), b.fmt_ms(r["unloaded"]),
                    f"**{b.ratio(r['unloaded'], r['plain']):.2f}**", b.fmt_ms(r["loaded"]),
                    f"**{b.ratio(r['loaded'], r['unloaded']):.2f}**", r["kill_failed"]]
                   for app, jdk, r in results]))
    print()
    print(b.table(["app", "JDK", "reload of 2 workers", "no load", "connection", "under load", "**ratio**",
                   "failed", "p99 during the reload", "max"],
                  [[app, jdk, kind, f"{r[unloaded]:.1f} s", mode, f"{wall:.1f} s",
                    f"**{b.ratio(wall, r[unloaded]):.2f}**", f"**{result['failed']}**",
                    b.fmt_ms(result["p99"]), b.fmt_ms(result["max"])]
                   for app, jdk, r in results
                   for kind, unloaded, reloads in (("same jar (from the cache)", "reload_unloaded", "reloads"),
                                                   ("new jar (no cache yet)", "deploy_unloaded", "deploys"))
                   for mode, state, wall, result in r[reloads]]))
    print()
    print(b.table(["app", "JDK", "classes loaded by a plain start"],
                  [[app, jdk, r["classes"] if r["classes"] is not None else "n/a"] for app, jdk, r in results]))
    print()
    print(b.table(["app", "JDK", "master PSS, cache · none", "each worker PSS, cache", "each worker PSS, no cache"],
                  [[app, jdk, f"{r['pss_cache'][0]:.0f} · {r['pss_plain'][0]:.0f} MB",
                    " · ".join(f"{v:.0f}" for v in r["pss_cache"][1]) + " MB",
                    " · ".join(f"{v:.0f}" for v in r["pss_plain"][1]) + " MB"] for app, jdk, r in results]))
    report.finish()


if __name__ == "__main__":
    b.run(main)
