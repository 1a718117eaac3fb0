package io.clusterboot.demo.e2e;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Debugging from an IDE (issue 29, item 7): a master started under a debugger serves the
 * application from its own process, where the breakpoints are, and says why and how to
 * run the cluster; with the cluster asked for and {@code cluster.worker.debug.port} set,
 * each worker's JVM takes a debugger on a port of its own, and the new worker of a
 * reload on another port while the old one still holds its own.
 *
 * @author ClusterBoot team
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class DebuggingIT {

	/**
	 * What a remote debugger's run configuration adds to the master's options; port 0
	 * lets the JVM pick a free one.
	 */
	private static final String MASTER_AGENT = "-agentlib:jdwp=transport=dt_socket,server=y,suspend=n,"
			+ "address=127.0.0.1:0";

	private static final byte[] HANDSHAKE = "JDWP-Handshake".getBytes(StandardCharsets.US_ASCII);

	private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

	@Test
	void underADebuggerTheLaunchedProcessServesAndSaysHowToRunTheCluster(TestInfo testInfo) throws IOException {
		try (ClusterProcess app = ClusterProcess.builder(testInfo).workers(2).jvmArgs(jvmArgs()).start()) {
			long pid = app.masterPid();
			// Spring Boot's line once the web server serves
			app.awaitOutput("Started \\w+ in ", ClusterProcess.STARTUP);
			HttpResponse response = HttpConnection.get(app.port(), "/hello");

			assertThat(response.status()).as("%s%s", response, app.describe()).isEqualTo(200);
			assertThat(response.pid()).as("pid in %s", response).hasValue(pid);
			assertThat(app.lines()).as("the reason and the way to the cluster%s", app.describe())
				.anyMatch((line) -> line.contains("A debugger agent is among the JVM options (" + MASTER_AGENT
						+ "): the application runs in this process, without workers")
						&& line.contains("Set cluster.development-mode=cluster"))
				.anyMatch((line) -> line.contains("Demo application context created in pid " + pid));
			assertThat(app.descendantPidsEverSeen()).as("child processes%s", app.describe()).isEmpty();
		}
	}

	@Test
	void withTheClusterAskedForEachWorkerTakesADebuggerOnAPortOfItsOwn(TestInfo testInfo) throws IOException {
		int port = FreePorts.pick();
		// with two workers at most, a second bank of ports starts two ports up
		int secondBank = port + 2;
		try (ClusterProcess cluster = ClusterProcess.builder(testInfo)
			.workers(1)
			.jvmArgs(jvmArgs())
			.property("cluster.development-mode", "cluster")
			.property("cluster.max-workers", "2")
			.property("cluster.worker.debug.port", Integer.toString(port))
			// no training run competing with the reload's new worker on 2 cores: the cache,
			// built once the first worker is ready, was never ready before that worker started
			.property("cluster.boot-cache.enabled", "false")
			.start()) {
			long first = cluster.awaitReadyWorkers(1, ClusterProcess.STARTUP).iterator().next();
			assertThat(cluster.lines()).as("the master's explanation%s", cluster.describe())
				.anyMatch((line) -> line.contains("and cluster.development-mode=cluster: the master runs its "
						+ "workers without that agent"));
			cluster.awaitMasterLines(startingWorker(1, port), 1, Duration.ofSeconds(5));
			assertThat(arguments(first)).as("options of worker pid %d", first)
				.contains(workerAgent(port))
				.doesNotContain(MASTER_AGENT);
			assertThat(answersJdwpHandshake(port)).as("handshake on port %d%s", port, cluster.describe()).isTrue();
			assertThat(new ClusterActuator(cluster).status().processes()).extracting(ClusterStatus.Worker::debugAddress)
				.containsExactly("127.0.0.1:" + port);

			cluster.signalMaster(Signal.HUP);
			// a new worker whose agent could not listen would exit at once, and fail the reload
			assertThat(cluster.awaitOutput("Reload 1 \\(generation 2\\) (succeeded|failed)",
					ClusterActuator.RELOAD_TIMEOUT)
				.group(1)).as("the reload%s", cluster.describe()).isEqualTo("succeeded");
			cluster.awaitMasterLines(startingWorker(2, secondBank), 1, Duration.ofSeconds(5));
			long second = cluster.awaitReadyWorkers(1, Duration.ofSeconds(10)).iterator().next();
			assertThat(second).isNotEqualTo(first);
			assertThat(arguments(second)).as("options of worker pid %d", second).contains(workerAgent(secondBank));
			assertThat(answersJdwpHandshake(secondBank)).as("handshake on port %d%s", secondBank, cluster.describe())
				.isTrue();
			Waits.until("the first worker's debugger port released", Duration.ofSeconds(10),
					() -> FreePorts.canBind(port), cluster::describe);
		}
	}

	private static String[] jvmArgs() {
		return new String[] { "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx256m", MASTER_AGENT };
	}

	private static Pattern startingWorker(int generation, int debugPort) {
		return Pattern.compile(Pattern.quote("Starting worker 1 (generation " + generation + "), debugger on 127.0.0.1:"
				+ debugPort));
	}

	private static String workerAgent(int port) {
		return "-agentlib:jdwp=transport=dt_socket,server=y,suspend=n,address=127.0.0.1:" + port;
	}

	private static List<String> arguments(long pid) {
		return ProcessHandle.of(pid)
			.flatMap((process) -> process.info().arguments())
			.map(List::of)
			.orElseThrow(() -> new AssertionError("No arguments of pid " + pid));
	}

	/**
	 * Opens a connection as a debugger does: JDWP's handshake is the 14 ASCII bytes
	 * "JDWP-Handshake" sent, and the same answered.
	 */
	private static boolean answersJdwpHandshake(int port) throws IOException {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress(FreePorts.LOOPBACK, port), (int) CONNECT_TIMEOUT.toMillis());
			socket.setSoTimeout((int) CONNECT_TIMEOUT.toMillis());
			OutputStream output = socket.getOutputStream();
			output.write(HANDSHAKE);
			output.flush();
			InputStream input = socket.getInputStream();
			return new String(input.readNBytes(HANDSHAKE.length), StandardCharsets.US_ASCII)
				.equals(new String(HANDSHAKE, StandardCharsets.US_ASCII));
		}
	}

}
