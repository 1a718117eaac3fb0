"""Shared helpers of the ClusterBoot benchmarks (standard library only).

Progress goes to stderr, the markdown results to stdout. Every process a benchmark starts is
registered here and stopped by pid when the benchmark ends, however it ends.
"""
import atexit
import http.client
import json
import math
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time

SHORT = os.environ.get("BENCH_SHORT", "0") == "1"
BENCH_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CLK_TCK = os.sysconf("SC_CLK_TCK")
JAVA = os.environ.get("JAVA", shutil.which("java") or "java")


def pick(short, full):
    """The value for the mode the benchmark runs in."""
    return short if SHORT else full


def env_int(name, default):
    value = os.environ.get(name)
    return int(value) if value else default


def run(main):
    """Runs a benchmark's main function; a RuntimeError ends it with its message and exit code 1."""
    try:
        main()
    except RuntimeError as ex:
        log(f"error: {ex}")
        sys.exit(1)


def log(message):
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def now():
    return time.monotonic()


# ---------------------------------------------------------------- processes and clean-up

_procs = []  # (Popen, name, stop timeout)
_extra_pids = []  # pids started by our processes (workers), killed by pid if they outlive them
_cleanups = []  # callables, run last-in first-out
_cleaned = False


# A cpu cgroup (a directory of the v1 cpu hierarchy or of cgroup v2) that the JVMs start in, as a container
# runs them: the kernel's autogroups apply only in the root cgroup. wrk goes to BENCH_LOAD_CGROUP if set (a
# sibling: another container of the same weight), else stays in the root group.
CPU_CGROUP = os.environ.get("BENCH_CPU_CGROUP")
LOAD_CGROUP = os.environ.get("BENCH_LOAD_CGROUP")


def start(cmd, logfile, name, env=None, cwd=None, stop_timeout=60, append=True, server=False):
    """Starts a process in its own session with its output appended to (or written to) logfile; a server (a JVM
    under test) in BENCH_CPU_CGROUP if set."""
    out = open(logfile, "ab" if append else "wb")
    log(f"start {name}: {' '.join(cmd)}")
    cgroup = CPU_CGROUP if server else LOAD_CGROUP
    if cgroup:
        # the shell enters the cgroup, then becomes the process: whatever it starts inherits the cgroup
        os.makedirs(cgroup, exist_ok=True)
        cmd = ["sh", "-c", 'echo $$ > "$0/cgroup.procs" && exec "$@"', cgroup, *cmd]
    proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                            env=env, cwd=cwd, start_new_session=True)
    out.close()
    _procs.append((proc, name, stop_timeout))
    return proc


def track_pid(pid, marker):
    """Remembers a process that one of ours started, to kill it if it outlives its parent."""
    _extra_pids.append((pid, marker))


def on_cleanup(fn):
    _cleanups.append(fn)


def stop(proc, timeout=60, sig=signal.SIGTERM):
    """Signals proc (TERM by default) and waits; SIGKILL after timeout. Returns the exit code."""
    if proc.poll() is None:
        try:
            proc.send_signal(sig)
        except ProcessLookupError:
            pass
        try:
            proc.wait(timeout)
        except subprocess.TimeoutExpired:
            log(f"pid {proc.pid} still running {timeout} s after signal {sig}; killing it")
            proc.kill()
            proc.wait()
    return proc.returncode


def is_running(pid):
    """Whether pid is a process that has not exited (zombies count as exited)."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def _alive(pid, marker):
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as f:
            cmdline = f.read().decode(errors="replace")
        with open(f"/proc/{pid}/stat") as f:
            state = f.read().rsplit(")", 1)[1].split()[0]
        return marker in cmdline and state != "Z"
    except OSError:
        return False


def cleanup():
    global _cleaned
    if _cleaned:
        return
    _cleaned = True
    for fn in reversed(_cleanups):
        try:
            fn()
        except Exception as ex:  # keep cleaning up
            log(f"clean-up step failed: {ex}")
    for proc, name, timeout in reversed(_procs):
        if proc.poll() is None:
            log(f"stopping {name} (pid {proc.pid})")
            stop(proc, timeout)
    deadline = now() + 30
    for pid, marker in _extra_pids:
        while _alive(pid, marker) and now() < deadline:
            time.sleep(0.1)
        if _alive(pid, marker):
            log(f"pid {pid} outlived its parent; killing it")
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass


def _on_signal(signum, frame):
    log(f"received signal {signum}; cleaning up")
    sys.exit(128 + signum)


atexit.register(cleanup)
for _sig in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
    signal.signal(_sig, _on_signal)


# ---------------------------------------------------------------- work directory, ports, http

def workdir(name):
    """A fresh directory under /tmp for the jar copy and the logs of one benchmark run."""
    path = tempfile.mkdtemp(prefix=f"clusterboot-bench-{name}-")
    log(f"work directory (logs): {path}")
    return path


def copy_jar(work, source=None, name="app.jar"):
    """Copies a jar (by default the demo jar) into the work directory: other people rebuild the original."""
    source = source or os.environ.get("BENCH_JAR") or os.path.join(os.path.dirname(BENCH_DIR),
                                                                   "demo-app/target/demo-app.jar")
    if not os.path.isfile(source):
        sys.exit(f"jar not found: {source} (build it, or set BENCH_JAR / BENCH_STORE_JAR)")
    target = os.path.join(work, name)
    shutil.copyfile(source, target)
    on_cleanup(lambda: os.path.exists(target) and os.remove(target))
    return target


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def http_get(port, path, timeout=2.0, headers=None):
    """Returns (status, body) or (None, error)."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request("GET", path, headers=headers or {})
        response = conn.getresponse()
        return response.status, response.read()
    except (OSError, http.client.HTTPException) as ex:
        return None, str(ex)
    finally:
        conn.close()


def wait_http(port, path="/hello", timeout=120, proc=None, interval=0.02):
    """Polls until path answers 200; returns the monotonic time of the first 200."""
    deadline = now() + timeout
    while now() < deadline:
        status, _ = http_get(port, path, timeout=1.0)
        if status == 200:
            return now()
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"process {proc.pid} exited with {proc.returncode} before {path} answered")
        time.sleep(interval)
    raise RuntimeError(f"127.0.0.1:{port}{path} did not answer 200 within {timeout} s")


# ---------------------------------------------------------------- /proc

def status_field(pid, name):
    """A number of /proc/<pid>/status, such as VmRSS (kB) or Threads (0 if it is not there)."""
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith(f"{name}:"):
                return int(line.split()[1])
    return 0


def rss_kb(pid):
    return status_field(pid, "VmRSS")


def rss_anon_kb(pid):
    """The anonymous part of the RSS: what is not shared file pages (libjvm.so, the CDS archive)."""
    return status_field(pid, "RssAnon")


def cpu_seconds(pid):
    """utime + stime of a process, in seconds."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLK_TCK


def context_switches(pid):
    """Voluntary and involuntary context switches of the live threads of a process."""
    total = 0
    for task in os.listdir(f"/proc/{pid}/task"):
        try:
            with open(f"/proc/{pid}/task/{task}/status") as f:
                total += sum(int(line.split()[1]) for line in f if "ctxt_switches:" in line)
        except OSError:
            pass  # the thread ended
    return total


def threads(pid):
    return status_field(pid, "Threads")


def children(pid):
    result = []
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children") as f:
                result += [int(p) for p in f.read().split()]
    except OSError:
        pass
    return result


def loadavg():
    with open("/proc/loadavg") as f:
        return " ".join(f.read().split()[:3])


# ---------------------------------------------------------------- logs

class LogFile:
    """A log file that is being written, searched from a remembered offset."""

    def __init__(self, path):
        self.path = path

    def size(self):
        try:
            return os.path.getsize(self.path)
        except OSError:
            return 0

    def text(self, offset=0):
        with open(self.path, "rb") as f:
            f.seek(offset)
            return f.read().decode(errors="replace")

    def wait(self, pattern, offset=0, timeout=120, proc=None, accept=None, interval=0.02):
        """Waits for a line matching pattern after offset; returns (match, monotonic time)."""
        regex = re.compile(pattern)
        deadline = now() + timeout
        while True:
            for match in regex.finditer(self.text(offset)):
                if accept is None or accept(match):
                    return match, now()
            if now() > deadline:
                raise RuntimeError(f"'{pattern}' not found in {self.path} within {timeout} s")
            if proc is not None and proc.poll() is not None:
                raise RuntimeError(f"pid {proc.pid} exited with {proc.returncode}; see {self.path}")
            time.sleep(interval)


# ---------------------------------------------------------------- the demo app

# a worker booting on 2 saturated cores can take far longer than the default 60 s
STARTUP_TIMEOUT = os.environ.get("BENCH_STARTUP_TIMEOUT", "300s")
# to try options: JVM options of the master's java command (the workers inherit them) and
# more arguments for it (such as --cluster.worker.jvm-args=... or --server.tomcat.threads.max=4)
MASTER_JAVA_OPTS = os.environ.get("BENCH_MASTER_JAVA_OPTS", "").split()
CLUSTER_ARGS = os.environ.get("BENCH_CLUSTER_ARGS", "").split()
# JVM options of every demo-app JVM, ClusterBoot's (the workers inherit them) and the plain
# app's alike. Short mode adds options that make a JVM boot faster: its figures mean nothing,
# and most of its time goes to starting JVMs.
SHORT_JAVA_OPTS = os.environ.get("BENCH_SHORT_JAVA_OPTS", "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC").split()
JAVA_OPTS = pick(SHORT_JAVA_OPTS, []) + os.environ.get("BENCH_JAVA_OPTS", "").split()
# (label, Connection: close?) of the load runs; short mode runs one of them
CONNECTION_MODES = pick([("close", True)], [("keep-alive", False), ("close", True)])


def cluster_options():
    """A note on the JVM options and the options tried on the ClusterBoot side ('' if none)."""
    parts = []
    if JAVA_OPTS:
        parts.append(f"JVM options of every demo-app JVM `{' '.join(JAVA_OPTS)}`")
    if MASTER_JAVA_OPTS:
        parts.append(f"ClusterBoot's master (and so its workers) also with `{' '.join(MASTER_JAVA_OPTS)}`")
    if CLUSTER_ARGS:
        parts.append(f"ClusterBoot with the arguments `{' '.join(CLUSTER_ARGS)}`")
    return "\n- " + "; ".join(parts) if parts else ""


READY_LINE = r"Worker (\d+) \(pid (\d+)\) is ready after (\d+) ms"
RELOAD_DONE = r"Reload (\d+) \(generation (\d+)\) (succeeded|failed)"


class Cluster:
    """The demo jar as a ClusterBoot master with workers."""

    def __init__(self, jar, work, workers, name="clusterboot", java_opts=(), args=()):
        self.jar = jar
        self.work = work
        self.workers = workers
        self.name = name
        self.port = free_port()
        self.log = LogFile(os.path.join(work, f"{name}.log"))
        self.java_opts = list(java_opts)
        self.args = list(args)
        self.proc = None
        self.started = None

    def launch(self):
        """Starts the master without waiting."""
        cmd = [JAVA, *JAVA_OPTS, *self.java_opts, *MASTER_JAVA_OPTS, "-jar", self.jar, f"--server.port={self.port}",
               f"--cluster.workers={self.workers}", f"--cluster.startup-timeout={STARTUP_TIMEOUT}", *self.args,
               *CLUSTER_ARGS]
        self.started = now()
        self.proc = start(cmd, self.log.path, f"{self.name} master", cwd=self.work, server=True)
        return self

    def start(self, timeout=330):
        """Starts the master and waits until every worker is READY."""
        return self.launch().wait_started(timeout)

    def wait_started(self, timeout=330):
        """After launch(): waits until every worker is READY, and remembers the workers to stop them."""
        self.wait_ready(timeout)
        for process in self.status()["processes"]:
            track_pid(process["pid"], self.jar)
        return self

    @property
    def pid(self):
        return self.proc.pid

    def status(self):
        status, body = http_get(self.port, "/actuator/cluster", timeout=10)
        if status != 200:
            raise RuntimeError(f"GET /actuator/cluster answered {status}: {body!r}")
        return json.loads(body)

    def wait_ready(self, timeout=330):
        """Waits until every slot has a READY worker; returns the monotonic time."""
        deadline = now() + timeout
        while now() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"master exited with {self.proc.returncode}; see {self.log.path}")
            status, body = http_get(self.port, "/actuator/cluster", timeout=2)
            if status == 200 and json.loads(body)["workers"]["ready"] >= self.workers:
                return now()
            time.sleep(0.05)
        raise RuntimeError(f"cluster not ready within {timeout} s; see {self.log.path}")

    def ready_lines(self, offset=0):
        """(slot, pid, ms) of every 'is ready after' line after offset."""
        return [(int(s), int(p), int(ms)) for s, p, ms in re.findall(READY_LINE, self.log.text(offset))]

    def worker_pids(self):
        return {p["slot"]: p["pid"] for p in self.status()["processes"] if p["state"] == "READY"}

    def reload(self, timeout=300):
        """kill -HUP, then waits for the reload to finish; returns (state, wall seconds)."""
        offset = self.log.size()
        t0 = now()
        os.kill(self.pid, signal.SIGHUP)
        match, t1 = self.log.wait(RELOAD_DONE, offset, timeout, self.proc)
        state = match.group(3)
        reload = self.status()["reload"]
        for process in self.status()["processes"]:
            track_pid(process["pid"], self.jar)
        if reload["id"] != match.group(1) or reload["state"] != state.upper():
            raise RuntimeError(f"status disagrees with the log: {reload} vs {match.group(0)}")
        return reload["state"], t1 - t0, offset

    def stop(self):
        code = stop(self.proc, 90)
        log(f"{self.name} master exited with {code}")
        return code


class Plain:
    """The demo jar as one plain Spring Boot JVM (cluster.enabled=false)."""

    STARTED = r"Started DemoApplication in ([\d.]+) seconds \(process running for ([\d.]+)\)"

    def __init__(self, jar, work, name="plain", java_opts=(), port=None):
        self.jar = jar
        self.work = work
        self.name = name
        self.port = port or free_port()
        self.log = LogFile(os.path.join(work, f"{name}.log"))
        self.java_opts = list(java_opts)
        self.proc = None

    def start(self, timeout=180):
        """Starts the JVM and waits for the first 200 on /hello; returns the seconds that took."""
        offset = self.log.size()
        cmd = [JAVA, *JAVA_OPTS, *self.java_opts, "-jar", self.jar, f"--server.port={self.port}",
               "--cluster.enabled=false"]
        t0 = now()
        self.proc = start(cmd, self.log.path, self.name, cwd=self.work, server=True)
        t1 = wait_http(self.port, "/hello", timeout, self.proc, interval=0.01)
        self.offset = offset
        return t1 - t0

    def spring_started(self):
        """Spring Boot's own 'Started ... in X seconds (process running for Y)' of the last start."""
        match = re.search(self.STARTED, self.log.text(self.offset))
        return (float(match.group(1)), float(match.group(2))) if match else (None, None)

    @property
    def pid(self):
        return self.proc.pid

    def stop(self):
        return stop(self.proc, 60)


# ---------------------------------------------------------------- wrk

WRK_THREADS = env_int("BENCH_WRK_THREADS", 2)
WRK_TIMEOUT = os.environ.get("BENCH_WRK_TIMEOUT", "10s")


def wrk_start(port, path, seconds, outfile, connections=32, close=False, threads=None, script=None, script_args=(),
              script_env=None):
    """Starts wrk in the background (stop it early with wrk_stop), with a Lua script if given: its arguments
    follow the URL after "--", and script_env adds to wrk's environment."""
    cmd = ["wrk", f"-t{threads or min(WRK_THREADS, connections)}", f"-c{connections}", f"-d{int(seconds)}s",
           "--timeout", WRK_TIMEOUT, "--latency"]
    if close:
        cmd += ["-H", "Connection: close"]
    if script:
        cmd += ["-s", script]
    cmd.append(f"http://127.0.0.1:{port}{path}")
    if script_args:
        cmd += ["--", *(str(arg) for arg in script_args)]
    env = dict(os.environ, **script_env) if script_env else None
    proc = start(cmd, outfile, "wrk", env=env, stop_timeout=10, append=False)
    proc.outfile = outfile
    proc.started = now()
    return proc


def wrk_stop(proc):
    """Stops wrk with SIGINT (it then prints its summary for the time it ran)."""
    if proc.poll() is None:
        proc.send_signal(signal.SIGINT)
    return wrk_wait(proc)


def wrk_wait(proc, timeout=None):
    proc.wait(timeout)
    with open(proc.outfile) as f:
        text = f.read()
    result = wrk_parse(text)
    if result is None:
        raise RuntimeError(f"could not parse wrk output {proc.outfile}:\n{text}")
    result["output"] = text
    return result


def wrk_run(port, path, seconds, outfile, connections=32, close=False, **options):
    """One wrk run of seconds; options as for wrk_start."""
    proc = wrk_start(port, path, seconds, outfile, connections, close, **options)
    return wrk_wait(proc, seconds + 60)


def wrk_measure(port, pids, path, seconds, outfile, connections=32, close=False, **options):
    """One wrk run, with the CPU time (utime + stime) the server's processes used during it: "cpu" by pid, and
    "per_cpu_s", the requests per CPU second; and their context switches, "switches" by pid."""
    before = {pid: (cpu_seconds(pid), context_switches(pid)) for pid in pids}
    result = wrk_run(port, path, seconds, outfile, connections, close, **options)
    result["cpu"] = {pid: cpu_seconds(pid) - before[pid][0] for pid in pids}
    result["switches"] = {pid: context_switches(pid) - before[pid][1] for pid in pids}
    result["per_cpu_s"] = ratio(result["requests"], sum(result["cpu"].values()))
    return result


def warm_up(ports, path, seconds, rounds, outfile_prefix, connections=32, close=False, tolerance=0.10, min_rounds=1,
            **options):
    """Rounds of wrk runs of seconds, one on each of ports (a port or a list: servers measured against each other
    warm up in turns, so that neither compiles while the other is measured), until each server's req/s agree
    with its previous round's within tolerance, min_rounds at least and rounds at most: the JIT is done (with
    other work on the machine a fresh worker's compilation can lag for minutes)."""
    ports = [ports] if isinstance(ports, int) else ports
    previous = {}
    for i in range(rounds):
        settled = i + 1 >= min_rounds
        for port in ports:
            rps = wrk_run(port, path, seconds, f"{outfile_prefix}-{port}-{i}.txt", connections, close, **options)["rps"]
            settled &= port in previous and abs(rps - previous[port]) <= tolerance * max(rps, previous[port])
            previous[port] = rps
        if settled:
            return
    if rounds > 1:
        log(f"{os.path.basename(outfile_prefix)}: req/s still changing after {rounds} warm-up runs "
            f"({', '.join(f'{rps:.0f}' for rps in previous.values())} req/s last)")


_UNITS = {"us": 1e-3, "ms": 1.0, "s": 1e3, "m": 60e3, "h": 3600e3}


def _ms(value):
    match = re.fullmatch(r"([\d.]+)(us|ms|s|m|h)", value)
    return float(match.group(1)) * _UNITS[match.group(2)] if match else None


def wrk_parse(text):
    """The figures of wrk's text summary (None if it is not one)."""
    requests = re.search(r"(\d+) requests in ([\d.]+)(us|ms|s|m|h)", text)
    rate = re.search(r"Requests/sec:\s+([\d.]+)", text)
    if not requests or not rate:
        return None
    result = {
        "requests": int(requests.group(1)),
        "seconds": _ms(requests.group(2) + requests.group(3)) / 1000,
        "rps": float(rate.group(1)),
        "connect": 0, "read": 0, "write": 0, "timeout": 0, "non2xx": 0,
    }
    errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", text)
    if errors:
        for key, value in zip(("connect", "read", "write", "timeout"), errors.groups()):
            result[key] = int(value)
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
    if non2xx:
        result["non2xx"] = int(non2xx.group(1))
    for pct in ("50", "99"):
        match = re.search(rf"^\s+{pct}%\s+(\S+)", text, re.M)
        result[f"p{pct}"] = _ms(match.group(1)) if match else None
    latency = re.search(r"Latency\s+(\S+)\s+(\S+)\s+(\S+)", text)
    result["max"] = _ms(latency.group(3)) if latency else None
    result["failed"] = sum(result[k] for k in ("connect", "read", "write", "timeout", "non2xx"))
    return result


# ---------------------------------------------------------------- reporting

# wrk's errors by kind and their sum, as table columns
ERROR_HEADERS = ["connect", "read", "write", "timeout", "non-2xx", "failed"]


def error_cells(result):
    return [result["connect"], result["read"], result["write"], result["timeout"], result["non2xx"],
            f"**{result['failed']}**"]

def table(headers, rows):
    lines = ["| " + " | ".join(headers) + " |", "|" + "|".join("---" for _ in headers) + "|"]
    lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


def _numbers(values):
    return [v for v in values if not math.isnan(v)]


def ratio(x, y):
    """x / y, NaN where y is 0 (a run that completed no request: the figures skip it)."""
    return x / y if y else float("nan")


def median(values):
    values = _numbers(values)
    return statistics.median(values) if values else float("nan")


def fmt_ms(value):
    if value is None:
        return "–"
    return f"{value / 1000:.2f} s" if value >= 1000 else f"{value:.1f} ms"


def spread(values, digits=3):
    values = _numbers(values)
    return f"{min(values):.{digits}f}–{max(values):.{digits}f}" if values else "–"


def _first_line(cmd):
    try:
        out = subprocess.run(cmd, capture_output=True, text=True, timeout=30)
        return (out.stdout + out.stderr).strip().splitlines()[0]
    except (OSError, IndexError, subprocess.TimeoutExpired):
        return "?"


def machine():
    """A markdown description of the machine, the JDK and the mode."""
    model = "?"
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    with open("/proc/meminfo") as f:
        mem_kb = int(f.readline().split()[1])
    return "\n".join([
        f"- machine: {os.cpu_count()} CPUs (nproc {_first_line(['nproc'])}), {model}, "
        f"{mem_kb / 1024 / 1024:.1f} GiB RAM, Linux {os.uname().release}",
        f"- JDK: {_first_line([JAVA, '-version'])}; wrk: {_first_line(['wrk', '-v']).split(' [')[0]}",
        f"- mode: {'short (BENCH_SHORT=1)' if SHORT else 'full'}; date: {time.strftime('%Y-%m-%d %H:%M %Z')}",
        *([f"- the JVMs run in the cpu cgroup {CPU_CGROUP} (BENCH_CPU_CGROUP), as in a container; wrk "
           + (f"in {LOAD_CGROUP} (BENCH_LOAD_CGROUP)" if LOAD_CGROUP else "outside it")] if CPU_CGROUP else []),
    ])


class Report:
    """Prints the heading and the machine at the start, the load average at start and end."""

    def __init__(self, title, command):
        self.title = title
        self.started = now()
        self.load_start = loadavg()
        print(f"## {title}\n\n`{command}`\n\n{machine()}{cluster_options()}\n"
              f"- load average at start: {self.load_start}", flush=True)

    def finish(self):
        print(f"\n- load average at end: {loadavg()}; took {now() - self.started:.0f} s\n", flush=True)
