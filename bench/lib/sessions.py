"""Sessions: the demo app as ClusterBoot with 2 workers, whose HTTP sessions live in the master's
session store, against the same jar as one plain Spring Boot JVM (cluster.enabled=false: Tomcat's
in-memory sessions), side by side in one run.

1. /visits (reads and writes a session attribute) under wrk with a session per client
   (lib/sessions.lua), measured alternately (cluster, plain, ...), keep-alive and close: req/s and
   their ratio, p50 and p99 and the p99 the store adds, saturating and paced.
2. The master's RSS (and the plain JVM's) before and after holding SESSIONS sessions of
   SESSION_BYTES each, made through POST /visits/payload (lib/session_fill.lua), confirmed by the
   session count and bytes of GET /actuator/cluster.
3. Rolling reloads under load with sessions: wrk's sessions and CLIENTS visitors whose counters
   are checked at every request; failed requests and sessions lost.
"""
import http.client
import json
import math
import os
import re
import subprocess
import threading
import time

import benchlib as b

WORKERS = 2
SECONDS = b.env_int("BENCH_SECONDS", b.pick(1, 5))
PAIRS = b.env_int("BENCH_PAIRS", b.pick(1, 5))
WARMUP = b.env_int("BENCH_WARMUP", b.pick(1, 5))
# the workers' session code needs a minute or more of saturating load to be compiled (their C2 thresholds are
# ten times HotSpot's); until then two warm-up runs in a row can agree on a figure far below the final one
WARMUP_ROUNDS = b.env_int("BENCH_WARMUP_ROUNDS", b.pick(1, 24))
WARMUP_MIN_ROUNDS = b.env_int("BENCH_WARMUP_MIN_ROUNDS", b.pick(1, 12))
WARMUP_TOLERANCE = 0.10
CONNECTIONS = b.env_int("BENCH_CONNECTIONS", 32)
# the paced load: PACED_CONNECTIONS connections, each waiting PACED_DELAY ms after every response
PACED_CONNECTIONS = b.env_int("BENCH_PACED_CONNECTIONS", 8)
PACED_DELAY = b.env_int("BENCH_PACED_DELAY", 10)
SESSIONS = b.env_int("BENCH_SESSIONS", b.pick(2000, 100_000))
SESSION_BYTES = b.env_int("BENCH_SESSION_BYTES", 1024)
FILL_TIMEOUT = b.env_int("BENCH_FILL_TIMEOUT", 600)
CLIENTS = b.env_int("BENCH_CLIENTS", b.pick(4, 16))
RELOADS = b.env_int("BENCH_RELOADS", b.pick(1, 2))
VISITS = "/visits"
LUA = os.path.join(b.BENCH_DIR, "lib")
WORK = None


def sessions_line(result):
    """(created, lost, cookie name) from what lib/sessions.lua printed at the end of a wrk run."""
    match = re.search(r"sessions: created (\d+), lost (\d+), cookie (\S*)", result["output"])
    if not match:
        raise RuntimeError(f"no sessions line in wrk's output:\n{result['output']}")
    return int(match.group(1)), int(match.group(2)), match.group(3)


def session_options(connections, paced=False):
    """wrk's options for lib/sessions.lua: a session per connection, paced or not."""
    threads = min(b.WRK_THREADS, connections)
    return {"script": os.path.join(LUA, "sessions.lua"), "script_args": [math.ceil(connections / threads)],
            "script_env": {"SESSIONS_DELAY_MS": str(PACED_DELAY if paced else 0)}}


def per_request(result, key, pids):
    """What pids used per request of a wrk_measure run: key "cpu" (seconds) or "switches"."""
    return b.ratio(sum(result[key][pid] for pid in pids), result["requests"])


def cpu_us(result, pids):
    """CPU time (utime + stime) of pids per request of a wrk run, in µs."""
    return 1e6 * per_request(result, "cpu", pids)


def visits_run(target, pids, name, close, paced):
    connections = PACED_CONNECTIONS if paced else CONNECTIONS
    result = b.wrk_measure(target.port, pids, VISITS, SECONDS, os.path.join(WORK, f"{name}.txt"), connections, close,
                           **session_options(connections, paced))
    result["created"], result["lost"], result["cookie"] = sessions_line(result)
    return result


def throughput(cluster, plain, cluster_pids):
    """Part 1: rows of the table, and each pair's figures for the details."""
    rows, raw = [], []
    loads = [("saturating", False), ("paced", True)]
    for k, (mode, close) in enumerate(b.CONNECTION_MODES):
        # the first mode's warm-up compiles the code both modes run
        b.warm_up([cluster.port, plain.port], VISITS, WARMUP, WARMUP_ROUNDS, os.path.join(WORK, f"warmup-{mode}"),
                  CONNECTIONS, close, WARMUP_TOLERANCE, WARMUP_MIN_ROUNDS if k == 0 else 2,
                  **session_options(CONNECTIONS))
        for load, paced in loads:
            pairs = []
            for i in range(PAIRS):
                a = visits_run(cluster, cluster_pids, f"{load}-{mode}-{i}-cluster", close, paced)
                p = visits_run(plain, [plain.pid], f"{load}-{mode}-{i}-plain", close, paced)
                pairs.append((a, p))
            ratios = [b.ratio(a["rps"], p["rps"]) for a, p in pairs]
            efficiency = [b.ratio(a["per_cpu_s"], p["per_cpu_s"]) for a, p in pairs]
            added = [a["p99"] - p["p99"] for a, p in pairs]
            master = [100 * b.ratio(a["cpu"][cluster.pid], a["seconds"]) for a, _ in pairs]
            # CPU time per request in µs and context switches per request: the master, the workers, the plain JVM
            cost = [(cpu_us(a, [cluster.pid]), cpu_us(a, cluster_pids[1:]), cpu_us(p, [plain.pid])) for a, p in pairs]
            switches = [(per_request(a, "switches", [cluster.pid]), per_request(a, "switches", cluster_pids[1:]),
                         per_request(p, "switches", [plain.pid])) for a, p in pairs]
            errors = sum(a["failed"] + p["failed"] for a, p in pairs)
            lost = sum(a["lost"] + p["lost"] for a, p in pairs)
            cookies = f"{pairs[0][0]['cookie']} · {pairs[0][1]['cookie']}"
            b.log(f"{load} {mode}: ratios {', '.join(f'{r:.3f}' for r in ratios)}; "
                  f"p99 added {', '.join(f'{x:.2f}' for x in added)} ms")
            raw.append(f"{load} {mode}: " + "; ".join(
                f"{a['rps']:.0f}/{p['rps']:.0f} req/s, p50 {a['p50']:.2f}/{p['p50']:.2f} ms, "
                f"p99 {a['p99']:.2f}/{p['p99']:.2f} ms, CPU {m:.0f}+{w:.0f}/{q:.0f} µs"
                for (a, p), (m, w, q) in zip(pairs, cost)))
            rows.append([load, mode,
                         f"{b.median([a['rps'] for a, _ in pairs]):.0f}", f"{b.median([p['rps'] for _, p in pairs]):.0f}",
                         # paced, both sides serve what the clients send: req/s is no throughput to compare
                         *(["–", "–"] if paced else [f"**{b.median(ratios):.3f}**", b.spread(ratios)]),
                         f"{b.median(efficiency):.3f}",
                         " · ".join(f"{b.median([c[k] for c in cost]):.0f}" for k in range(3)),
                         " · ".join(f"{b.median([c[k] for c in switches]):.1f}" for k in range(3)),
                         f"{b.median([a['p50'] for a, _ in pairs]):.2f} · {b.median([p['p50'] for _, p in pairs]):.2f}",
                         f"{b.median([a['p99'] for a, _ in pairs]):.2f} · {b.median([p['p99'] for _, p in pairs]):.2f}",
                         f"**{b.median(added):+.2f}**" if paced else f"{b.median(added):+.2f}",
                         f"{b.median(master):.0f} %", cookies, errors, lost])
    return rows, raw


# ---------------------------------------------------------------- part 2: the master's memory

def jcmd_gc(pid):
    """A full GC of the JVM pid (jcmd GC.run), so that RSS shows what is live rather than garbage; returns the
    heap's (used, committed) bytes after it, from jcmd GC.heap_info (G1's heap, or Serial's generations)."""
    subprocess.run(["jcmd", str(pid), "GC.run"], capture_output=True, timeout=60, check=True)
    info = subprocess.run(["jcmd", str(pid), "GC.heap_info"], capture_output=True, text=True, timeout=60,
                          check=True).stdout
    spaces = re.findall(r"^ \S.*?(?:heap|generation)\s+total (\d+)K, used (\d+)K", info, re.M)
    time.sleep(0.5)
    return sum(int(used) for _, used in spaces) * 1024, sum(int(total) for total, _ in spaces) * 1024


def fill(target, name, sessions):
    """Creates sessions new sessions of SESSION_BYTES through HTTP; returns (seconds, failed requests)."""
    threads = min(b.WRK_THREADS, sessions)
    shares = [sessions // threads + (1 if i < sessions % threads else 0) for i in range(threads)]
    outfile = os.path.join(WORK, f"fill-{name}.txt")
    t0 = b.now()
    wrk = b.wrk_start(target.port, "/", FILL_TIMEOUT, outfile, CONNECTIONS, threads=threads,
                      script=os.path.join(LUA, "session_fill.lua"), script_args=[SESSION_BYTES, *shares])
    log = b.LogFile(outfile)
    deadline = t0 + FILL_TIMEOUT
    while len(re.findall(r"^filled: ", log.text(), re.M)) < threads:
        if b.now() > deadline or wrk.poll() is not None:
            b.wrk_stop(wrk)
            raise RuntimeError(f"{name}: {sessions} sessions not made within {FILL_TIMEOUT} s; see {outfile}")
        time.sleep(0.05)
    seconds = b.now() - t0
    b.wrk_stop(wrk)
    counts = [tuple(map(int, m)) for m in re.findall(r"^filled: created (\d+), failed (\d+)", log.text(), re.M)]
    created, failed = sum(c for c, _ in counts), sum(f for _, f in counts)
    b.log(f"{name}: {created} sessions made in {seconds:.1f} s, {failed} requests failed")
    return seconds, created, failed


def memory(target, pid, name, status=None):
    """RSS of pid before and after filling target with SESSIONS sessions, each also after a full GC; the
    store's figures before and after if status (a function returning them) is given."""
    before = b.rss_kb(pid)
    heap_before = jcmd_gc(pid)
    before_gc = b.rss_kb(pid)
    store_before = status() if status else None
    seconds, created, failed = fill(target, name, SESSIONS)
    after = b.rss_kb(pid)
    store_after = status() if status else None
    heap_after = jcmd_gc(pid)
    after_gc = b.rss_kb(pid)
    return {"before": before, "before_gc": before_gc, "after": after, "after_gc": after_gc, "seconds": seconds,
            "heap_before": heap_before, "heap_after": heap_after, "created": created, "failed": failed,
            "store_before": store_before, "store_after": store_after}


def memory_rows(figures):
    rows = []
    for label, m in figures:
        per_session = b.ratio((m["after_gc"] - m["before_gc"]) * 1024, m["created"])
        live = m["heap_after"][0] - m["heap_before"][0]
        rows.append([label, f"{m['before'] / 1024:.0f}", f"{m['before_gc'] / 1024:.0f}",
                     f"**{m['after'] / 1024:.0f}**", f"**{m['after_gc'] / 1024:.0f}**",
                     f"{(m['after_gc'] - m['before_gc']) / 1024:+.0f}", f"{per_session:.0f}",
                     " → ".join(f"{used / 2**20:.0f} / {committed / 2**20:.0f}" for used, committed in
                                (m["heap_before"], m["heap_after"])),
                     f"{b.ratio(live, m['created']):.0f}",
                     f"{m['created']:,} in {m['seconds']:.1f} s ({b.ratio(m['created'], m['seconds']):.0f}/s)",
                     m["failed"]])
    return rows


# ---------------------------------------------------------------- part 3: reloads

class Visitor(threading.Thread):
    """A client with a session of its own, one request after another on /visits, that checks its counter:
    each answer must be the previous one plus one (plus two after a request that failed, which the server may
    have counted). A new session (Set-Cookie) or a counter that does not follow is a session lost."""

    def __init__(self, port, close, stopping):
        super().__init__(daemon=True)
        self.port = port
        self.close = close
        self.stopping = stopping
        self.requests = self.failed = self.lost = 0
        self.last = None
        self.errors = []

    def run(self):
        connection, cookie, uncertain = None, None, False
        while not self.stopping.is_set():
            headers = {"Cookie": cookie} if cookie else {}
            if self.close:
                headers["Connection"] = "close"
            try:
                connection = connection or http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
                connection.request("GET", VISITS, headers=headers)
                response = connection.getresponse()
                body = response.read()
                if response.will_close:
                    connection.close()
                    connection = None
            except (OSError, http.client.HTTPException) as ex:
                self.failure(f"{type(ex).__name__}: {ex}")
                if connection:
                    connection.close()
                connection, uncertain = None, True
                continue
            self.requests += 1
            if response.status != 200:
                self.failure(f"HTTP {response.status}")
                uncertain = True
                continue
            visits = json.loads(body)["visits"]
            created = response.getheader("Set-Cookie")
            if cookie and (created or visits not in ({self.last + 1, self.last + 2} if uncertain else {self.last + 1})):
                self.lost += 1
                self.errors.append(f"visit {visits} after {self.last}{' (new session)' if created else ''}")
            if created:
                cookie = created.split(";")[0]
            self.last, uncertain = visits, False

    def failure(self, what):
        self.failed += 1
        if len(self.errors) < 5:
            self.errors.append(what)


def reload_run(cluster, mode, close):
    """wrk on /visits with a session per connection and CLIENTS visitors while RELOADS reloads run."""
    visitors_stop = threading.Event()
    visitors = [Visitor(cluster.port, close, visitors_stop) for _ in range(CLIENTS)]
    for visitor in visitors:
        visitor.start()
    wrk = b.wrk_start(cluster.port, VISITS, 3600, os.path.join(WORK, f"reload-{mode}.txt"), CONNECTIONS, close,
                      **session_options(CONNECTIONS))
    walls = []
    try:
        time.sleep(1)
        held = cluster.status()["sessions"]["count"]
        for _ in range(RELOADS):
            state, wall, _ = cluster.reload()
            walls.append(f"{wall:.1f}" + ("" if state == "SUCCEEDED" else f" {state}"))
            b.log(f"reload under load ({mode}): {state} in {wall:.1f} s")
            time.sleep(1)
    finally:
        result = b.wrk_stop(wrk)
        visitors_stop.set()
        for visitor in visitors:
            visitor.join(15)
    created, lost, _ = sessions_line(result)
    store = cluster.status()["sessions"]
    for visitor in visitors:
        if visitor.errors:
            b.log(f"visitor at {visitor.last} visits: {'; '.join(visitor.errors[:5])}")
    return [mode, f"{result['seconds']:.1f}", ", ".join(walls), result["requests"], result["failed"], f"**{lost}**",
            sum(v.requests for v in visitors), sum(v.failed for v in visitors), f"**{sum(v.lost for v in visitors)}**",
            f"{min(v.last or 0 for v in visitors)}–{max(v.last or 0 for v in visitors)}",
            f"{held:,} → {store['count']:,}", f"{store['evicted']} · {store['expired']}", b.fmt_ms(result["p99"]),
            b.fmt_ms(result["max"])]


def main():
    global WORK
    report = b.Report("Sessions: ClusterBoot's session store (N = 2) / a plain JVM's in-memory sessions",
                      f"bench/sessions.sh{' --short' if b.SHORT else ''}")
    work = WORK = b.workdir("sessions")
    jar = b.copy_jar(work)
    cluster = b.Cluster(jar, work, WORKERS).launch()
    plain = b.Plain(jar, work)
    plain.start()
    cluster.wait_started()
    cluster_pids = [cluster.pid, *cluster.worker_pids().values()]
    try:
        rows, raw = throughput(cluster, plain, cluster_pids)

        def store():
            return cluster.status()["sessions"]

        master = memory(cluster, cluster.pid, "cluster", store)
        plain_memory = memory(plain, plain.pid, "plain")
        plain.stop()
        reload_rows = [reload_run(cluster, mode, close) for mode, close in b.CONNECTION_MODES]
    finally:
        cluster.stop()

    print(f"\n### `{VISITS}` (reads and writes a session attribute): ClusterBoot N = {WORKERS} / plain\n")
    print(f"wrk -t{b.WRK_THREADS}, a session per connection (`lib/sessions.lua`): saturating `-c{CONNECTIONS}`; "
          f"paced `-c{PACED_CONNECTIONS}`, each connection waiting {PACED_DELAY} ms after every response; "
          f"{SECONDS} s per measurement, {PAIRS} pair(s) (cluster, plain, ...) after warm-up rounds of {WARMUP} s "
          f"on each in turn, until two rounds in a row agree within {WARMUP_TOLERANCE:.0%} ({WARMUP_MIN_ROUNDS} "
          f"rounds at least for the first connection mode, {WARMUP_ROUNDS} at most). Medians over the pairs; "
          f"latencies in ms, cluster · plain; CPU is utime + stime of `/proc/<pid>/stat`, context switches those of "
          f"the threads alive at the end (`/proc/<pid>/task/*/status`).\n")
    print(b.table(["load", "connection", "cluster req/s", "plain req/s", "ratio", "ratio min–max",
                   "requests per CPU second, ratio", "CPU µs per request: master · workers · plain",
                   "context switches per request: master · workers · plain", "p50", "p99", "p99 added by the store",
                   "master CPU (of a core)", "session cookie", "wrk errors", "sessions lost"], rows))
    print("\n<details><summary>every pair (cluster / plain; CPU per request: master + workers / plain)</summary>\n")
    print("\n".join(f"- {line}" for line in raw))
    print("\n</details>")

    before, after = master["store_before"], master["store_after"]
    print(f"\n### Memory holding {SESSIONS:,} sessions of {SESSION_BYTES:,} bytes\n")
    print(f"Made through `POST /visits/payload?bytes={SESSION_BYTES}` without a cookie (`lib/session_fill.lua`, "
          f"wrk -t{b.WRK_THREADS} -c{CONNECTIONS}), one new session per request, on each side. RSS (VmRSS) and heap "
          "(`jcmd <pid> GC.heap_info`) in MB, also after a full GC (`jcmd <pid> GC.run`).\n")
    print(b.table(["process", "RSS before", "after GC", "RSS holding them", "after GC", "RSS growth (after GC)",
                   "RSS bytes per session", "heap used / committed after GC, before → after",
                   "live heap bytes per session", "made", "failed"],
                  memory_rows([("ClusterBoot master", master), ("plain JVM", plain_memory)])))
    print(f"\nThe master's store (`GET /actuator/cluster` → `sessions`): {before['count']:,} sessions, "
          f"{before['bytes']:,} bytes before; **{after['count']:,}** sessions, **{after['bytes']:,}** bytes "
          f"({b.ratio(after['bytes'] - before['bytes'], after['count'] - before['count']):.0f} bytes each) after, "
          f"of at most {after['maxBytes']:,} (`cluster.sessions.max-size`); evicted {after['evicted']}, "
          f"expired {after['expired']}, rejected {after['rejected']}.")
    if after["count"] - before["count"] != SESSIONS or after["evicted"]:
        print(f"\n**The store does not hold the {SESSIONS:,} sessions made.**")

    print(f"\n### Rolling reloads under load with sessions\n")
    print(f"ClusterBoot N = {WORKERS}, {RELOADS} reload(s) (`kill -HUP`) per run, each waiting for the previous, "
          f"under wrk -t{b.WRK_THREADS} -c{CONNECTIONS} on `{VISITS}` with a session per connection, and {CLIENTS} "
          "visitors (Python, one request after another, a session each) that check every answer's counter. "
          "A lost session: a Set-Cookie after a client's first (wrk), or a counter that does not follow on "
          "(visitors).\n")
    print(b.table(["connection", "run (s)", "reload wall time (s)", "wrk requests", "wrk failed", "wrk sessions lost",
                   "visitor requests", "visitors failed", "visitor sessions lost", "visits per visitor",
                   "sessions held before → after", "evicted · expired", "p99", "max latency"], reload_rows))
    report.finish()


if __name__ == "__main__":
    b.run(main)
