package io.clusterboot.demo.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code cluster.pid-file}: the master writes its pid there and removes the file when it
 * exits, so that {@code kill -TERM $(cat file)} stops the cluster; a file left by a
 * process that is gone does not stop a new start, nor does one naming the master itself
 * (issue 11, item 4); one naming another running process does, before any worker is
 * forked (issue 5, item 6).
 *
 * @author ClusterBoot team
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class PidFileIT {

	private static final Duration PROCESS_KILL_TIMEOUT = Duration.ofSeconds(10);

	private static final String PROPERTY = "cluster.pid-file";

	@TempDir
	Path directory;

	@Test
	void pidFileNamesTheMasterAndTermThroughItStopsTheCluster(TestInfo testInfo) throws Exception {
		// In a directory that does not exist yet.
		Path pidFile = this.directory.resolve("run").resolve("cluster.pid");
		try (ClusterProcess cluster = withPidFile(testInfo, pidFile)
			.property("cluster.process-kill-timeout", PROCESS_KILL_TIMEOUT.toSeconds() + "s")
			.start()) {
			cluster.awaitReadyWorkers(2, ClusterProcess.STARTUP);
			assertThat(pidFile).as("pid file%s", cluster.describe())
				.hasContent(cluster.masterPid() + "\n");

			// As an operator (or the README) stops it.
			shell(cluster, "kill -TERM \"$(cat '" + pidFile + "')\"");
			int exitCode = cluster.awaitExit(PROCESS_KILL_TIMEOUT.plusSeconds(15));
			assertThat(exitCode).as("master exit code%s", cluster.describe()).isZero();
			assertThat(cluster.lines()).as("master stopped by SIGTERM%s", cluster.describe())
				.anyMatch((line) -> line.contains("Received SIGTERM"));
			assertThat(pidFile).as("pid file after the master exited%s", cluster.describe()).doesNotExist();
			assertThat(cluster.runningDescendantsEverSeen()).as("workers left running%s", cluster.describe())
				.isEmpty();
		}
	}

	@Test
	void staleFileOfAProcessThatIsGoneIsReplaced(TestInfo testInfo) throws Exception {
		long gone = exitedProcess();
		Path pidFile = pidFileNaming(gone);
		try (ClusterProcess cluster = withPidFile(testInfo, pidFile).start()) {
			cluster.awaitReadyWorkers(2, ClusterProcess.STARTUP);
			cluster.awaitOutput(Pattern.quote("Replacing pid file " + pidFile + " left by process " + gone
					+ ", which is no longer running"), Duration.ofSeconds(5));
			assertThat(pidFile).as("pid file%s", cluster.describe())
				.hasContent(cluster.masterPid() + "\n");
		}
	}

	/**
	 * A container's PID 1, restarted with its pid file on a persistent volume, finds its
	 * own pid in the file: the shell writes its pid, then becomes the master with exec.
	 */
	@Test
	void fileNamingTheMasterItselfIsReplaced(TestInfo testInfo) throws Exception {
		Path pidFile = this.directory.resolve("cluster.pid");
		try (ClusterProcess cluster = withPidFile(testInfo, pidFile)
			.launchedBy("sh", "-c", "echo $$ > '" + pidFile + "' && exec \"$@\"", "sh")
			.start()) {
			cluster.awaitReadyWorkers(2, ClusterProcess.STARTUP);
			assertThat(pidFile).as("pid file%s", cluster.describe()).hasContent(cluster.masterPid() + "\n");
			assertThat(cluster.lines()).as("the master started%s", cluster.describe())
				.anyMatch((line) -> line.contains("Cluster master (pid " + cluster.masterPid() + ")"))
				.noneMatch((line) -> line.contains("is another master running?"));
		}
	}

	@Test
	void fileNamingARunningProcessStopsTheStartBeforeAnyFork(TestInfo testInfo) throws Exception {
		// Any running process will do: this test's JVM.
		long running = ProcessHandle.current().pid();
		Path pidFile = pidFileNaming(running);
		try (ClusterProcess cluster = withPidFile(testInfo, pidFile).start()) {
			int exitCode = cluster.awaitExit(Duration.ofSeconds(60));
			assertThat(exitCode).as("master exit code%s", cluster.describe()).isNotZero();
			assertThat(String.join("\n", cluster.lines())).as("the reason%s", cluster.describe())
				.contains("Pid file " + pidFile + " (" + PROPERTY + ") names process " + running
						+ ", which is running: is another master running?");
			// The master may have run a helper by then (JNA runs 'ldconfig -p' as it loads libc
			// for the shared socket), so workers are told by the master's lines and output.
			assertThat(cluster.lines()).as("no worker forked%s", cluster.describe())
				.noneMatch((line) -> ClusterProcess.STARTING_WORKER.matcher(line).find())
				.noneMatch((line) -> line.startsWith(ClusterProcess.WORKER_PREFIX))
				.noneMatch((line) -> line.contains("Cluster master (pid"));
			assertThat(cluster.runningDescendantsEverSeen()).as("child processes left%s", cluster.describe())
				.isEmpty();
			assertThat(pidFile).as("the other process's pid file").hasContent(running + "\n");
			assertThat(FreePorts.canBind(cluster.port())).as("port %d released%s", cluster.port(), cluster.describe())
				.isTrue();
		}
	}

	private static ClusterProcess.Builder withPidFile(TestInfo testInfo, Path pidFile) {
		return ClusterProcess.builder(testInfo).workers(2).property(PROPERTY, pidFile.toString());
	}

	/** A pid file, as a master writes it, that names the given process. */
	private Path pidFileNaming(long pid) throws IOException {
		Path pidFile = this.directory.resolve("cluster.pid");
		Files.writeString(pidFile, pid + "\n", StandardCharsets.US_ASCII);
		return pidFile;
	}

	/** The pid of a process that ran and exited (and was reaped). */
	private static long exitedProcess() throws IOException, InterruptedException {
		Process process = new ProcessBuilder("true").start();
		assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("'true' exited").isTrue();
		long pid = process.pid();
		assertThat(ProcessHandle.of(pid).filter(Processes::isRunning)).as("process %d after it exited", pid)
			.isEmpty();
		return pid;
	}

	/** Runs a shell command line, as an operator would, and checks that it succeeded. */
	private static void shell(ClusterProcess cluster, String command) throws IOException, InterruptedException {
		cluster.note("sh -c " + command);
		Process shell = new ProcessBuilder("sh", "-c", command).redirectErrorStream(true).start();
		assertThat(shell.waitFor(30, TimeUnit.SECONDS)).as("sh -c %s finished", command).isTrue();
		String output = new String(shell.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(shell.exitValue()).as("exit code of sh -c %s: %s", command, output).isZero();
	}

}
