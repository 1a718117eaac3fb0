"""Crash recovery: kill -9 of one worker under wrk load.

ClusterBoot with 2 workers; wrk -c32 for BENCH_DURATION seconds (20), keep-alive and
Connection: close; a quarter into the run, kill -9 of one worker (slot 1 in the first run,
slot 2 in the second). Measured: the requests that failed (wrk's socket errors and non-2xx),
the time from the kill until the master logs the replacement READY, the replacement's own
fork -> READY, and the restart delay the master chose. In full mode each killed worker has run
at least cluster.restart.min-uptime (30 s) first, so the master restarts it at once, as in
production; a worker that dies sooner is restarted after a back-off delay (1 s, doubling).
"""
import os
import re
import signal
import time

import benchlib as b

DURATION = b.env_int("BENCH_DURATION", b.pick(4, 20))
WARMUP = b.env_int("BENCH_WARMUP", b.pick(1, 5))
CONNECTIONS = b.env_int("BENCH_CONNECTIONS", 32)
MIN_UPTIME = b.env_int("BENCH_MIN_UPTIME", b.pick(0, 31))


def uptime_seconds(iso):
    """Seconds of an ISO-8601 duration such as PT1M5.3S."""
    match = re.fullmatch(r"PT(?:(\d+)H)?(?:(\d+)M)?(?:([\d.]+)S)?", iso)
    hours, minutes, seconds = (float(g) if g else 0.0 for g in match.groups())
    return hours * 3600 + minutes * 60 + seconds


def main():
    report = b.Report("Crash recovery: kill -9 of a worker under load",
                      f"bench/crash.sh{' --short' if b.SHORT else ''}")
    work = b.workdir("crash")
    jar = b.copy_jar(work)
    cluster = b.Cluster(jar, work, 2).start()
    rows = []
    try:
        for slot, (mode, close) in enumerate(b.CONNECTION_MODES, start=1):
            b.wrk_run(cluster.port, "/hello", WARMUP, os.path.join(work, f"{mode}-warmup.txt"), CONNECTIONS, close)
            victim = next(p for p in cluster.status()["processes"] if p["slot"] == slot and p["state"] == "READY")
            wait = MIN_UPTIME - uptime_seconds(victim["uptime"])
            if wait > 0:
                b.log(f"waiting {wait:.0f} s until worker {slot} has run {MIN_UPTIME} s")
                time.sleep(wait)
            wrk = b.wrk_start(cluster.port, "/hello", DURATION, os.path.join(work, f"{mode}.txt"), CONNECTIONS, close)
            time.sleep(DURATION / 4)
            offset = cluster.log.size()
            pid = victim["pid"]
            t0 = b.now()
            os.kill(pid, signal.SIGKILL)
            b.log(f"{mode}: killed worker {slot} (pid {pid})")
            match, t1 = cluster.log.wait(
                rf"Worker {slot} \(pid (\d+)\) is ready after (\d+) ms", offset, 330, cluster.proc,
                accept=lambda m: int(m.group(1)) != pid)
            b.track_pid(int(match.group(1)), jar)
            under_load = wrk.poll() is None
            result = b.wrk_wait(wrk, DURATION + 60)
            delay = re.search(rf"Restarting worker {slot} in (\d+) ms", cluster.log.text(offset))
            rows.append([mode, slot, result["requests"], f"{result['rps']:.0f}", *b.error_cells(result),
                         f"{t1 - t0:.2f} s", f"{int(match.group(2)) / 1000:.2f} s",
                         f"{delay.group(1)} ms" if delay else "0 (at once)", "yes" if under_load else "no"])
            b.log(f"{mode}: {result['failed']} failed; replacement READY {t1 - t0:.2f} s after the kill")
    finally:
        cluster.stop()
    print(f"\n2 workers, wrk -t{b.WRK_THREADS} -c{CONNECTIONS} -d{DURATION}s --timeout {b.WRK_TIMEOUT}, "
          f"kill -9 {DURATION / 4:.0f} s into the run"
          f"{f'; each killed worker had run ≥ {MIN_UPTIME} s' if MIN_UPTIME else ''}\n")
    print(b.table(["connection", "killed slot", "requests", "req/s", *b.ERROR_HEADERS, "kill → replacement READY", "replacement fork → READY",
                   "restart delay", "READY before wrk ended"], rows))
    report.finish()


if __name__ == "__main__":
    b.run(main)
