package io.clusterboot.demo.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The master as PID 1, as in a container without an init: in a PID namespace of its own
 * ({@code unshare --pid --fork --mount-proc}, which needs root) it reaps the orphans it
 * inherits, serves, and stops on TERM with exit code 0. The orphans are made the way they
 * arise: processes whose parent exits, started in the namespace with {@code nsenter}.
 *
 * @author ClusterBoot team
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class ContainerInitIT {

	@BeforeAll
	static void needsPidNamespaces() throws Exception {
		Process probe = new ProcessBuilder("unshare", "--pid", "--fork", "--mount-proc", "true")
			.redirectErrorStream(true)
			.start();
		boolean ended = probe.waitFor(10, TimeUnit.SECONDS);
		String output = new String(probe.getInputStream().readAllBytes());
		if (!ended) {
			probe.destroyForcibly();
		}
		assumeTrue(ended && probe.exitValue() == 0, "unshare --pid cannot run here (needs root): " + output);
	}

	@Test
	void masterAsPidOneReapsOrphansAndStopsOnTerm(TestInfo testInfo) throws Exception {
		try (ClusterProcess cluster = ClusterProcess.builder(testInfo)
			.workers(2)
			.property("cluster.process-kill-timeout", "10s")
			.launchedBy("unshare", "--pid", "--fork", "--mount-proc")
			.start()) {
			cluster.awaitMasterLines(ClusterProcess.READY, 2, ClusterProcess.STARTUP);
			cluster.awaitOutput(Pattern.quote("Running as PID 1: orphaned processes are reaped"), Duration.ofSeconds(5));
			ProcessHandle master = cluster.awaitLaunchedJvm();
			assertThat(HttpConnection.get(cluster.port(), "/hello").status()).as("a request").isEqualTo(200);

			// Two sleeps whose parent shell exits at once: the namespace's init inherits them.
			Process orphans = new ProcessBuilder("nsenter", "--target", Long.toString(master.pid()), "--pid",
					"--mount", "--", "sh", "-c", "sleep 2 & sleep 2 & exit 0")
				.redirectErrorStream(true)
				.start();
			try {
				assertThat(orphans.waitFor(10, TimeUnit.SECONDS)).as("nsenter finished").isTrue();
			}
			finally {
				orphans.destroyForcibly();
			}
			List<Long> inherited = Waits.until("2 sleeps inherited by the master", Duration.ofSeconds(5),
					() -> children(master, "sleep"), (pids) -> pids.size() == 2, cluster::describe);
			cluster.note("orphans inherited: " + inherited);
			Waits.until("the orphans reaped, not left zombies", Duration.ofSeconds(15),
					() -> inherited.stream().noneMatch((pid) -> Files.exists(Path.of("/proc/" + pid))),
					() -> " states: " + inherited.stream().map(ContainerInitIT::stat).toList() + cluster.describe());

			Processes.signal(master, Signal.TERM);
			// within cluster.process-kill-timeout, and the JVM's own exit
			assertThat(cluster.awaitExit(Duration.ofSeconds(20))).as("exit code (unshare passes the master's on)%s",
					cluster.describe())
				.isZero();
			assertThat(cluster.lines()).as("master output%s", cluster.describe())
				.anyMatch((line) -> line.contains("Received SIGTERM"));
			assertThat(cluster.runningDescendantsEverSeen()).as("processes left running%s", cluster.describe())
				.isEmpty();
		}
	}

	private static List<Long> children(ProcessHandle parent, String command) {
		return parent.children()
			.filter((child) -> stat(child.pid()).contains("(" + command + ")"))
			.map(ProcessHandle::pid)
			.toList();
	}

	private static String stat(long pid) {
		try {
			return Files.readString(Path.of("/proc/" + pid + "/stat"));
		}
		catch (IOException ex) {
			return "";
		}
	}

}
