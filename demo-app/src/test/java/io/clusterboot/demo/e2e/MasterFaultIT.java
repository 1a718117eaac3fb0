package io.clusterboot.demo.e2e;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Faults that only real processes show, and the master's thread never blocks on them
 * (issue 13, item 5; issue 29, item 6): a stopped worker that other workers keep sending
 * messages to; a
 * master whose own output nobody reads; garbage, partial frames and idle connections on
 * the control socket. A worker that ignores TERM is killed at its deadline:
 * {@link MasterShutdownIT}.
 *
 * @author ClusterBoot team
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class MasterFaultIT {

	/**
	 * How long a stopping master waits for its workers: a stopped worker holds the stop
	 * up until this deadline, which is all the test waits for.
	 */
	private static final Duration PROCESS_KILL_TIMEOUT = Duration.ofSeconds(4);

	private static final Duration ANSWERED = Duration.ofSeconds(5);

	private static final Duration REPLACED = Duration.ofMinutes(1);

	@TempDir
	Path directory;

	/**
	 * A stopped worker that the other keeps sending messages to: the messages that find
	 * no room in its outbox are dropped and counted, the master goes on answering and
	 * does not take the worker for hung on their account, and TERM still stops the
	 * cluster, killing the stopped worker at its deadline.
	 */
	@Test
	void stoppedWorkerThatMessagesPileUpForHoldsNothingUpAndTermStillStopsTheCluster(TestInfo testInfo)
			throws Exception {
		try (ClusterProcess cluster = ClusterProcess.builder(testInfo)
			.workers(2)
			.property("cluster.process-kill-timeout", PROCESS_KILL_TIMEOUT.toSeconds() + "s")
			// the stopped worker is not to be found by its silence
			.property("cluster.heartbeat.timeout", "10m")
			.start()) {
			List<Long> workers = new ArrayList<>(cluster.awaitReadyWorkers(2, ClusterProcess.STARTUP));
			long stopped = workers.get(0);
			cluster.signal(stopped, Signal.STOP);
			String text = "x".repeat(3000);
			ClusterActuator actuator = new ClusterActuator(cluster);
			for (int i = 0; i < 400; i++) {
				// the stopped worker accepts nothing: the other one sends every broadcast
				HttpResponse sent = HttpConnection.request(cluster.port(), "POST",
						"/messages?topic=flood&text=" + text + i);
				assertThat(sent.status()).as("broadcast %d: %s%s", i, sent, cluster.describe()).isEqualTo(200);
				if (i % 50 == 0) {
					assertAnswersInTime(actuator);
				}
			}
			cluster.awaitOutput(Pattern.quote("Dropped messages between workers (ClusterMessenger)"), REPLACED);
			assertAnswersInTime(actuator);
			assertThat(cluster.workerPids()).as("workers%s", cluster.describe()).contains(stopped);
			assertThat(cluster.lines()).as("lines of the master%s", cluster.describe())
				.noneMatch((line) -> line.contains("does not take the master's messages"));

			long signalled = System.nanoTime();
			cluster.signalMaster(Signal.TERM);
			assertThat(cluster.awaitExit(PROCESS_KILL_TIMEOUT.plusSeconds(10))).as("exit code%s", cluster.describe())
				.isZero();
			cluster.note("stopped in " + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - signalled) + " ms");
			assertThat(cluster.runningDescendantsEverSeen()).as("processes left%s", cluster.describe()).isEmpty();
		}
	}

	/**
	 * The master's standard output is a pipe that nobody reads, which fills as the
	 * workers log at DEBUG: the master goes on, and replaces a killed worker.
	 */
	@Test
	void masterWhoseOutputIsNotReadStillReplacesAKilledWorker(TestInfo testInfo) throws Exception {
		Path fifo = this.directory.resolve("unread");
		run("mkfifo", fifo.toString());
		try (ClusterProcess cluster = ClusterProcess.builder(testInfo)
			.workers(2)
			.property("logging.level.org.springframework", "DEBUG")
			.property("cluster.process-kill-timeout", PROCESS_KILL_TIMEOUT.toSeconds() + "s")
			// opened read-write, the FIFO never blocks the open, and nobody reads it
			.launchedBy("sh", "-c", "exec \"$@\" 1<>'" + fifo + "'", "sh")
			.start()) {
			ClusterActuator actuator = new ClusterActuator(cluster);
			ClusterStatus serving = Waits.until("2 ready workers in the status", ClusterProcess.STARTUP,
					actuator::statusIfAnswered, (status) -> status != null && status.workers().ready() == 2,
					cluster::describe);
			// a pipe holds 64 KiB: once that much waits, every write of the master would block
			Waits.until("the unread output to fill its pipe", ClusterProcess.STARTUP, () -> fifoFill(fifo),
					(bytes) -> bytes >= 60_000, cluster::describe);
			long victim = serving.processes().get(0).pid();
			cluster.signal(victim, Signal.KILL);
			ClusterStatus replaced = Waits.until("a replacement of " + victim + " ready", REPLACED,
					actuator::statusIfAnswered,
					(status) -> status != null && status.workers().ready() == 2 && status.process(victim).isEmpty(),
					cluster::describe);
			cluster.note("after the kill: " + replaced);

			cluster.signalMaster(Signal.TERM);
			assertThat(cluster.awaitExit(PROCESS_KILL_TIMEOUT.plusSeconds(15))).as("exit code").isZero();
			assertThat(cluster.runningDescendantsEverSeen()).as("processes left").isEmpty();
		}
	}

	@Test
	void garbagePartialFramesAndIdleConnectionsOnTheControlSocketChangeNothing(TestInfo testInfo)
			throws Exception {
		try (ClusterProcess cluster = ClusterProcess.builder(testInfo).workers(2).start()) {
			Set<Long> workers = cluster.awaitReadyWorkers(2, ClusterProcess.STARTUP);
			Path socket = Processes.controlSocket(workers.iterator().next());
			List<SocketChannel> idle = new ArrayList<>();
			try {
				for (int i = 0; i < 200; i++) {
					idle.add(connect(socket));
				}
				for (int i = 0; i < 20; i++) {
					try (SocketChannel garbage = connect(socket)) {
						byte[] bytes = new byte[1 + ThreadLocalRandom.current().nextInt(2000)];
						ThreadLocalRandom.current().nextBytes(bytes);
						write(garbage, bytes);
					}
				}
				for (int i = 0; i < 20; i++) {
					SocketChannel partial = connect(socket);
					idle.add(partial);
					write(partial, ByteBuffer.allocate(4 + 10).putInt(1000).put(new byte[10]).array());
				}
				try (SocketChannel forged = connect(socket)) {
					byte[] hello = "{\"type\":\"hello\",\"token\":\"guess\",\"worker\":1}".getBytes(StandardCharsets.UTF_8);
					write(forged, ByteBuffer.allocate(4 + hello.length).putInt(hello.length).put(hello).array());
				}
				ClusterActuator actuator = new ClusterActuator(cluster);
				assertAnswersInTime(actuator);
				ClusterStatus status = actuator.status();
				assertThat(status.pids()).as("workers in %s", status).isEqualTo(workers);
				assertThat(status.slots()).as("slots in %s", status).allSatisfy((slot) -> {
					assertThat(slot.restarts()).isZero();
					assertThat(slot.state()).isEqualTo("OK");
				});
				assertThat(actuator.rollOut(ReloadTrigger.SIGHUP).after().pids()).as("workers after a reload")
					.hasSize(2);
				cluster.awaitOutput(Pattern.quote("Rejected control connection: no valid token in its hello"),
						ANSWERED);
			}
			finally {
				for (SocketChannel channel : idle) {
					channel.close();
				}
			}
		}
	}

	private static void assertAnswersInTime(ClusterActuator actuator) throws IOException {
		long started = System.nanoTime();
		actuator.status();
		assertThat(Duration.ofNanos(System.nanoTime() - started)).as("time to answer the status")
			.isLessThan(ANSWERED);
	}

	private static SocketChannel connect(Path socket) throws IOException {
		SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
		channel.connect(UnixDomainSocketAddress.of(socket));
		return channel;
	}

	private static void write(SocketChannel channel, byte[] bytes) throws IOException {
		ByteBuffer buffer = ByteBuffer.wrap(bytes);
		while (buffer.hasRemaining()) {
			channel.write(buffer);
		}
	}

	/** How many bytes wait in a FIFO, from {@code /proc}: FIONREAD needs a descriptor. */
	private static long fifoFill(Path fifo) throws IOException, InterruptedException {
		return Long.parseLong(run("sh", "-c", "exec 3<>'" + fifo + "'; python3 - <<'EOF'\n"
				+ "import fcntl, termios, array\nbuf = array.array('i', [0])\n"
				+ "fcntl.ioctl(3, termios.FIONREAD, buf)\nprint(buf[0])\nEOF"));
	}

	/** Runs a command to its end (10 s at most, then it is killed); returns its output. */
	private static String run(String... command) throws IOException, InterruptedException {
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		try {
			assertThat(process.waitFor(10, TimeUnit.SECONDS)).as("%s ended", List.of(command)).isTrue();
			String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
			assertThat(process.exitValue()).as("exit code of %s: %s", List.of(command), output).isZero();
			return output;
		}
		finally {
			process.destroyForcibly();
		}
	}

}
