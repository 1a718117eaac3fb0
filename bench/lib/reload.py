"""Reload under load: ClusterBoot, PM2 cluster mode, gunicorn and a plain Spring Boot restart,
and ClusterBoot's master upgrade (USR1: a new master takes the socket over).

For each system and each connection mode (keep-alive, Connection: close): wrk with 32
connections on a trivial JSON endpoint; 3 reloads of 2 workers spread over the run, each
trigger waiting until the previous reload is done. wrk runs at least BENCH_DURATION seconds
(20) and, when the reloads take longer than that, until 1 s after the last one is done, so that
every reload happens under load (in short mode wrk stops after BENCH_DURATION and the
reload finishes without load).
"""
import json
import os
import re
import signal
import subprocess
import threading
import time

import benchlib as b

DURATION = b.env_int("BENCH_DURATION", b.pick(4, 20))
RELOADS = b.env_int("BENCH_RELOADS", b.pick(1, 3))
WARMUP = b.env_int("BENCH_WARMUP", b.pick(1, 5))
CONNECTIONS = b.env_int("BENCH_CONNECTIONS", 32)
# full mode: wrk runs until every reload is done; short mode: wrk stops after DURATION
EXTEND = os.environ.get("BENCH_EXTEND", "0" if b.SHORT else "1") == "1"
SYSTEMS = os.environ.get("BENCH_SYSTEMS", "clusterboot,upgrade,pm2,gunicorn,plain").split(",")
PM2 = os.environ.get("PM2_BIN")
APPS = os.path.join(b.BENCH_DIR, "apps")


class ClusterBoot:
    name = "ClusterBoot (HUP)"

    def __init__(self, jar, work):
        self.cluster = b.Cluster(jar, work, 2)

    def start(self):
        self.cluster.start()
        self.port = self.cluster.port

    def reload(self):
        state, wall, _ = self.cluster.reload()
        return state == "SUCCEEDED", wall

    def stop(self):
        self.cluster.stop()


class ClusterBootUpgrade:
    """USR1 replaces the master: the new one takes over once its workers are ready, and the
    old one drains its workers and exits. Done once the old master is gone."""

    name = "ClusterBoot master upgrade (USR1)"

    UPGRADE_DONE = r"Master upgrade (\d+) (succeeded|failed)"

    def __init__(self, jar, work):
        self.cluster = b.Cluster(jar, work, 2, name="clusterboot-upgrade")

    def start(self):
        self.cluster.start()
        self.port = self.cluster.port
        self.master = self.cluster.pid

    def reload(self):
        old = self.master
        offset = self.cluster.log.size()
        t0 = b.now()
        os.kill(old, signal.SIGUSR1)
        match, _ = self.cluster.log.wait(self.UPGRADE_DONE, offset, 300)
        if match.group(2) != "succeeded":
            return False, b.now() - t0
        deadline = b.now() + 120
        while b.is_running(old) and b.now() < deadline:
            time.sleep(0.02)
        wall = b.now() - t0
        status = self.cluster.status()
        self.master = status["master"]["pid"]
        b.track_pid(self.master, self.cluster.jar)
        for process in status["processes"]:
            b.track_pid(process["pid"], self.cluster.jar)
        return not b.is_running(old), wall

    def stop(self):
        if self.master == self.cluster.pid:
            self.cluster.stop()
            return
        # the master that runs now is no child of ours
        os.kill(self.master, signal.SIGTERM)
        deadline = b.now() + 90
        while b.is_running(self.master) and b.now() < deadline:
            time.sleep(0.05)
        b.log(f"{self.cluster.name} master {self.master} {'still runs' if b.is_running(self.master) else 'exited'}")


class Pm2:
    name = "PM2 cluster (`pm2 reload`)"

    def __init__(self, jar, work):
        self.env = dict(os.environ, PM2_HOME=os.path.join(work, "pm2home"))
        self.port = b.free_port()
        self.env["PORT"] = str(self.port)
        self.log = os.path.join(work, "pm2.log")

    def pm2(self, *args, check=True):
        with open(self.log, "ab") as out:
            result = subprocess.run([PM2, *args], env=self.env, stdout=out, stderr=subprocess.STDOUT, timeout=180)
        if check and result.returncode != 0:
            raise RuntimeError(f"pm2 {' '.join(args)} exited with {result.returncode}; see {self.log}")
        return result.returncode == 0

    def start(self):
        b.on_cleanup(self.kill)
        self.pm2("start", os.path.join(APPS, "hello.js"), "-i", "2", "--name", "hello")
        b.wait_http(self.port, "/", 60)

    def reload(self):
        t0 = b.now()
        ok = self.pm2("reload", "hello", check=False)
        return ok, b.now() - t0

    def kill(self):
        pid_file = os.path.join(self.env["PM2_HOME"], "pm2.pid")
        if not os.path.exists(pid_file):
            return
        with open(pid_file) as f:
            daemon = int(f.read().strip() or 0)
        b.log("pm2 kill")
        self.pm2("kill", check=False)
        deadline = b.now() + 10
        while daemon and b.is_running(daemon) and b.now() < deadline:
            time.sleep(0.1)
        if daemon and b.is_running(daemon):
            b.log(f"PM2 daemon {daemon} still running 10 s after pm2 kill; killing it")
            os.kill(daemon, signal.SIGKILL)
        if os.path.exists(pid_file):
            os.remove(pid_file)

    def stop(self):
        self.kill()


class Gunicorn:
    name = "gunicorn sync (HUP)"

    BOOTED = r"Booting worker with pid: (\d+)"

    def __init__(self, jar, work):
        self.port = b.free_port()
        self.log = b.LogFile(os.path.join(work, "gunicorn.log"))

    def start(self):
        cmd = ["gunicorn", "--workers", "2", "--worker-class", "sync", "--bind", f"127.0.0.1:{self.port}",
               "--chdir", APPS, "hello_wsgi:app"]
        self.proc = b.start(cmd, self.log.path, "gunicorn master")
        b.wait_http(self.port, "/", 60, self.proc)

    def reload(self):
        old = set(b.children(self.proc.pid))
        offset = self.log.size()
        t0 = b.now()
        os.kill(self.proc.pid, signal.SIGHUP)
        deadline = t0 + 120
        while b.now() < deadline:
            current = set(b.children(self.proc.pid))
            booted = {int(p) for p in re.findall(self.BOOTED, self.log.text(offset))}
            if len(current) == 2 and not current & old and current <= booted:
                return True, b.now() - t0
            time.sleep(0.01)
        return False, b.now() - t0

    def stop(self):
        b.stop(self.proc, 60)


class PlainRestart:
    name = "plain Spring Boot (TERM, start)"

    def __init__(self, jar, work):
        self.app = b.Plain(jar, work)
        self.port = self.app.port

    def start(self):
        self.app.start()

    def reload(self):
        t0 = b.now()
        self.app.stop()
        self.app.start()
        return True, b.now() - t0

    def stop(self):
        self.app.stop()


SYSTEM_TYPES = {"clusterboot": ClusterBoot, "upgrade": ClusterBootUpgrade, "pm2": Pm2, "gunicorn": Gunicorn,
                "plain": PlainRestart}


def measure(system, work, label, close):
    """One wrk run with RELOADS reloads; returns (wrk figures, reload results)."""
    path = "/hello" if isinstance(system, (ClusterBoot, ClusterBootUpgrade, PlainRestart)) else "/"
    b.wrk_run(system.port, path, WARMUP, os.path.join(work, f"{label}-warmup.txt"), CONNECTIONS, close)
    wrk = b.wrk_start(system.port, path, 3600, os.path.join(work, f"{label}.txt"), CONNECTIONS, close)
    reloads = []

    def trigger():
        for k in range(RELOADS):
            due = wrk.started + 1 + k * (DURATION - 2) / RELOADS
            time.sleep(max(0.0, due - b.now()))
            ok, wall = system.reload()
            b.log(f"{label}: reload {k + 1} {'done' if ok else 'FAILED'} in {wall:.2f} s")
            reloads.append((ok, wall, b.now() - wrk.started))

    thread = threading.Thread(target=trigger, daemon=True)
    thread.start()
    time.sleep(max(0.0, wrk.started + DURATION - b.now()))
    if EXTEND:
        thread.join()
        time.sleep(1)
    result = b.wrk_stop(wrk)
    b.log(f"{label}: {result['requests']} requests, {result['failed']} failed")
    thread.join()
    return result, reloads


def main():
    report = b.Report("Reload under load",
                      f"bench/reload.sh{' --short' if b.SHORT else ''}")
    work = b.workdir("reload")
    jar = b.copy_jar(work)
    rows = []
    notes = []
    for key in SYSTEMS:
        system = SYSTEM_TYPES[key](jar, work)
        system.start()
        try:
            for mode, close in b.CONNECTION_MODES:
                result, reloads = measure(system, work, f"{key}-{mode}", close)
                walls = ", ".join(f"{wall:.2f}" if ok else f"{wall:.2f} FAILED" for ok, wall, _ in reloads)
                under_load = sum(1 for _, _, done in reloads if done <= result["seconds"])
                rows.append([system.name, mode, f"{result['seconds']:.1f}", result["requests"], f"{result['rps']:.0f}",
                             *b.error_cells(result), f"{under_load}/{len(reloads)}", walls,
                             b.fmt_ms(result["p99"]), b.fmt_ms(result["max"])])
        finally:
            system.stop()
        if key == "pm2":
            # from its package.json: running `pm2 --version` would start a PM2 daemon again
            package = os.path.join(os.path.dirname(os.path.realpath(PM2)), "..", "package.json")
            with open(package) as f:
                version = json.load(f)["version"]
            node = subprocess.run(["node", "--version"], capture_output=True, text=True).stdout.strip()
            notes.append(f"PM2 {version} on Node {node}")
        if key == "gunicorn":
            notes.append(subprocess.run(["gunicorn", "--version"], capture_output=True,
                                        text=True).stdout.strip())
    print(f"\nwrk -t{b.WRK_THREADS} -c{CONNECTIONS} --timeout {b.WRK_TIMEOUT}, {RELOADS} reload(s) of 2 workers per run, "
          f"run ≥ {DURATION} s{' (until 1 s after the last reload is done)' if EXTEND else ''}; {'; '.join(notes)}\n")
    print(b.table(["system", "connection", "run (s)", "requests", "req/s", *b.ERROR_HEADERS,
                   "reloads done under load", "reload wall time (s)", "p99", "max latency"], rows))
    report.finish()


if __name__ == "__main__":
    b.run(main)
