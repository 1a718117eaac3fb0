"""The least any Spring Session store costs: the demo jar as one plain JVM with Spring Session's sessions in
its own memory (bench/apps/in-memory-spring-session, MapSessionRepository: no store to reach, nothing
serialized) against the same JVM with Tomcat's sessions, on /visits, side by side. A store outside the
worker, the master's included, adds at least its round trips to this.
"""
import os
import subprocess
import zipfile

import benchlib as b
import sessions as s

SOURCE = os.path.join(b.BENCH_DIR, "apps", "in-memory-spring-session")
WARMUP_ROUNDS = b.env_int("BENCH_WARMUP_ROUNDS", b.pick(1, 12))


def compile_configuration(jar, work):
    """Compiles the configuration class against the jar's libraries; returns its classes directory."""
    libs = os.path.join(work, "lib")
    with zipfile.ZipFile(jar) as archive:
        names = [n for n in archive.namelist() if n.startswith("BOOT-INF/lib/") and n.endswith(".jar")]
        archive.extractall(libs, names)
    classes = os.path.join(work, "classes")
    sources = [os.path.join(root, f) for root, _, files in os.walk(SOURCE) for f in files if f.endswith(".java")]
    javac = os.path.join(os.path.dirname(os.path.realpath(b.JAVA)), "javac")
    subprocess.run([javac, "-d", classes, "-cp", os.pathsep.join(os.path.join(libs, n) for n in names), *sources],
                   check=True, timeout=120)
    return classes


class InMemorySpringSession(b.Plain):
    """The plain JVM with the configuration class on its classpath (Spring Boot's PropertiesLauncher)."""

    def __init__(self, jar, work, classes):
        super().__init__(jar, work, name="spring-session-in-memory")
        self.classes = classes

    def start(self, timeout=180):
        cmd = [b.JAVA, *b.JAVA_OPTS, f"-Dloader.path={self.classes}", "-Dloader.main=io.clusterboot.demo.DemoApplication",
               "-cp", self.jar, "org.springframework.boot.loader.launch.PropertiesLauncher",
               f"--server.port={self.port}", "--cluster.enabled=false"]
        self.proc = b.start(cmd, self.log.path, self.name, cwd=self.work, server=True)
        b.wait_http(self.port, "/hello", timeout, self.proc)


def main():
    report = b.Report("Sessions: Spring Session in the JVM's memory / Tomcat's sessions (the least a store costs)",
                      f"bench/sessions.sh{' --short' if b.SHORT else ''}")
    work = s.WORK = b.workdir("session-ceiling")
    jar = b.copy_jar(work)
    tomcat = b.Plain(jar, work)
    spring = InMemorySpringSession(jar, work, compile_configuration(jar, work))
    tomcat.start()
    spring.start()
    rows = []
    try:
        for mode, close in b.CONNECTION_MODES:
            b.warm_up([spring.port, tomcat.port], s.VISITS, s.WARMUP, WARMUP_ROUNDS, os.path.join(work, f"warmup-{mode}"),
                      s.CONNECTIONS, close, s.WARMUP_TOLERANCE, 2, **s.session_options(s.CONNECTIONS))
            pairs = [(s.visits_run(spring, [spring.pid], f"{mode}-{i}-spring", close, False),
                      s.visits_run(tomcat, [tomcat.pid], f"{mode}-{i}-tomcat", close, False)) for i in range(s.PAIRS)]
            ratios = [b.ratio(a["rps"], p["rps"]) for a, p in pairs]
            rows.append([mode, f"{b.median([a['rps'] for a, _ in pairs]):.0f}", f"{b.median([p['rps'] for _, p in pairs]):.0f}",
                         f"**{b.median(ratios):.3f}**", b.spread(ratios),
                         f"{b.median([s.cpu_us(a, [spring.pid]) for a, _ in pairs]):.0f} · "
                         f"{b.median([s.cpu_us(p, [tomcat.pid]) for _, p in pairs]):.0f}",
                         f"{pairs[0][0]['cookie']} · {pairs[0][1]['cookie']}",
                         sum(a["failed"] + p["failed"] for a, p in pairs)])
    finally:
        spring.stop()
        tomcat.stop()
    print(f"\n### `{s.VISITS}` under wrk -t{b.WRK_THREADS} -c{s.CONNECTIONS}, a session per connection: Spring Session "
          f"in memory / Tomcat's sessions, one plain JVM each\n")
    print(b.table(["connection", "Spring Session in memory req/s", "Tomcat's sessions req/s", "ratio", "ratio min–max",
                   "CPU µs per request", "session cookie", "wrk errors"], rows))
    report.finish()


if __name__ == "__main__":
    b.run(main)
