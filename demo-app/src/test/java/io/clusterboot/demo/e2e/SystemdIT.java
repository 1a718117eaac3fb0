package io.clusterboot.demo.e2e;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The master under systemd, played by {@code systemd-socket-activate} (which needs no
 * running systemd): it serves the listening sockets it is passed, the server port's and
 * the management port's, instead of binding them, so requests sent before the master even
 * runs are answered, and it reports its state to
 * {@code NOTIFY_SOCKET} the way {@code Type=notify} expects. A socket it cannot serve stops
 * the start with a failure analysis.
 *
 * @author ClusterBoot team
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class SystemdIT {

	private static final String SOCKET_ACTIVATE = "/usr/bin/systemd-socket-activate";

	private static final String PYTHON = "/usr/bin/python3";

	/**
	 * Binds 127.0.0.1:{@code argv[1]}, then runs the command after it twice, one after
	 * the other, with the socket on descriptor 3 as systemd passes it; exits 0 once both
	 * exited 0.
	 */
	private static final String SOCKET_HOLDER = """
			import os, socket, sys
			listener = socket.socket()
			listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
			listener.bind(("127.0.0.1", int(sys.argv[1])))
			listener.listen(2048)
			failed = 0
			for start in range(2):
			    pid = os.fork()
			    if pid == 0:
			        os.dup2(listener.fileno(), 3)
			        os.set_inheritable(3, True)
			        os.environ.update(LISTEN_FDS="1", LISTEN_PID=str(os.getpid()))
			        os.execvp(sys.argv[2], sys.argv[2:])
			    status = os.waitpid(pid, 0)[1]
			    print(f"socket holder: master {pid} exited with status {status}", flush=True)
			    failed |= status
			sys.exit(1 if failed else 0)
			""";

	@Test
	void servesThePassedSocketsFromTheFirstRequestAndNotifiesItsState(TestInfo testInfo) throws IOException {
		assumeTrue(Files.isExecutable(Path.of(SOCKET_ACTIVATE)), SOCKET_ACTIVATE + " (Debian package systemd)");
		int managementPort = FreePorts.pick();
		ClusterProcess.Builder builder = ClusterProcess.builder(testInfo)
			.workers(2)
			// the passed socket is served: the port set here only gives the actuator a port of its own
			.property("management.server.port", "0")
			.property("management.endpoints.web.exposure.include", "health,info");
		try (NotifyReceiver notify = NotifyReceiver.bind();
				ClusterProcess cluster = builder
					.launchedBy(SOCKET_ACTIVATE, "--listen=127.0.0.1:" + builder.port(),
							"--listen=127.0.0.1:" + managementPort, "--fdname=app.socket:management",
							"--setenv=NOTIFY_SOCKET=" + notify.path())
					.start()) {
			cluster.awaitOutput(Pattern.quote("Listening on 127.0.0.1:" + managementPort), Duration.ofSeconds(10));
			LoadReport application;
			LoadReport management;
			try (HttpLoad applicationLoad = HttpLoad.to(cluster.port())
				.keepAliveClients(4)
				.closeClients(4)
				.readTimeout(ClusterProcess.STARTUP)
				.maxDuration(Duration.ofMinutes(2))
				.start();
					HttpLoad managementLoad = HttpLoad.to(managementPort)
						.path("/actuator/info")
						.keepAliveClients(2)
						.closeClients(2)
						.readTimeout(ClusterProcess.STARTUP)
						.maxDuration(Duration.ofMinutes(2))
						.start()) {
				// The first connection makes systemd-socket-activate exec the master, which
				// finds both sockets, with every connection queued on them, on descriptors 3 and 4.
				Set<Long> first = cluster.awaitReadyWorkers(2, ClusterProcess.STARTUP);
				int ready = notify.await("READY=1", 0, Duration.ofSeconds(10));
				assertThat(notify.datagrams().get(ready)).as("datagram at start").contains("STATUS=2/2 workers ready");
				Waits.until("both workers serving the load", Duration.ofSeconds(30),
						() -> applicationLoad.pidsSeen().containsAll(first),
						() -> " " + applicationLoad.snapshot() + cluster.describe());
				Waits.until("the management port answering", Duration.ofSeconds(30),
						() -> managementLoad.successes() > 0, () -> " " + managementLoad.snapshot() + cluster.describe());

				cluster.signalMaster(Signal.HUP);
				int reloading = notify.await("RELOADING=1", ready + 1, Duration.ofSeconds(10));
				assertThat(notify.datagrams().get(reloading)).as("reload datagram").containsPattern("MONOTONIC_USEC=\\d+");
				notify.await("READY=1", reloading + 1, ClusterProcess.STARTUP);
				application = applicationLoad.stop();
				management = managementLoad.stop();
			}
			cluster.note("application load: " + application);
			cluster.note("management load: " + management);
			assertThat(application.unsuccessful()).as("unsuccessful requests: %s%s", application, cluster.describe())
				.isZero();
			assertThat(application.successes()).as("successful requests: %s", application).isPositive();
			assertThat(management.unsuccessful()).as("unsuccessful management requests: %s%s", management,
					cluster.describe())
				.isZero();
			assertThat(cluster.lines()).as("master output%s", cluster.describe())
				.anyMatch((line) -> line.contains("Serving the socket the service manager passed (127.0.0.1:"
						+ cluster.port() + ")"))
				.anyMatch((line) -> line.contains("Serving the management socket the service manager passed "
						+ "(127.0.0.1:" + managementPort + ")"));

			int datagrams = notify.datagrams().size();
			cluster.signalMaster(Signal.TERM);
			notify.await("STOPPING=1", datagrams, Duration.ofSeconds(10));
			assertThat(cluster.awaitExit(Duration.ofSeconds(60))).as("master exit code%s", cluster.describe()).isZero();
			assertThat(cluster.runningDescendantsEverSeen()).as("workers left running%s", cluster.describe())
				.isEmpty();
		}
	}

	/**
	 * What a socket unit gives a service that restarts as a whole: the listening socket
	 * outlives the master. A holder plays systemd (it binds the socket, passes it on
	 * descriptor 3 with {@code LISTEN_FDS} and {@code LISTEN_PID}, and starts the master
	 * again once it exited); the first master stops on TERM and the second starts, while
	 * keep-alive and {@code Connection: close} clients send requests: the connections that
	 * arrive in between wait in the socket's queue, and every request is answered.
	 */
	@Test
	void aRestartOfTheWholeServiceLosesNoConnection(TestInfo testInfo) throws IOException {
		assumeTrue(Files.isExecutable(Path.of(PYTHON)), PYTHON + " plays the service manager");
		ClusterProcess.Builder builder = ClusterProcess.builder(testInfo).workers(2);
		try (ClusterProcess cluster = builder
			.launchedBy(PYTHON, "-c", SOCKET_HOLDER, Integer.toString(builder.port()))
			.start()) {
			// the workers are the holder's grandchildren: the master announces them
			cluster.awaitMasterLines(ClusterProcess.READY, 2, ClusterProcess.STARTUP);
			Set<Long> first = readyWorkers(cluster, 0);
			ProcessHandle firstMaster = cluster.awaitLaunchedJvm();
			LoadReport load;
			try (HttpLoad restarting = HttpLoad.to(cluster.port())
				.keepAliveClients(4)
				.closeClients(4)
				.readTimeout(ClusterProcess.STARTUP)
				.maxDuration(Duration.ofMinutes(2))
				.start()) {
				restarting.awaitResponses(first, 1, Duration.ofSeconds(30));
				Processes.signal(firstMaster, Signal.TERM);
				cluster.awaitMasterLines(ClusterProcess.READY, 4, ClusterProcess.STARTUP);
				Set<Long> second = readyWorkers(cluster, 2);
				assertThat(second).as("workers of the second master").hasSize(2).doesNotContainAnyElementsOf(first);
				restarting.awaitResponses(second, 1, Duration.ofSeconds(30));
				load = restarting.stop();
			}
			cluster.note("load across the restart: " + load);
			assertThat(load.unsuccessful()).as("unsuccessful requests: %s%s", load, cluster.describe()).isZero();
			assertThat(load.successes()).as("successful requests: %s", load).isPositive();
			assertThat(cluster.lines()).as("master output%s", cluster.describe())
				.filteredOn((line) -> line.contains("Serving the socket the service manager passed (127.0.0.1:"
						+ cluster.port() + ")"))
				.hasSize(2);
			Processes.signal(cluster.awaitLaunchedJvm(), Signal.TERM);
			assertThat(cluster.awaitExit(Duration.ofSeconds(60))).as("holder exit code%s", cluster.describe())
				.isZero();
			assertThat(cluster.runningDescendantsEverSeen()).as("processes left running%s", cluster.describe())
				.isEmpty();
		}
	}

	/** The pids of the two workers announced ready from the given event on. */
	private static Set<Long> readyWorkers(ClusterProcess cluster, int from) {
		return cluster.readyEvents()
			.subList(from, from + 2)
			.stream()
			.map(ClusterProcess.WorkerReady::pid)
			.collect(Collectors.toSet());
	}

	/**
	 * A UDP socket ({@code ListenDatagram=}), which {@code systemd-socket-activate} passes
	 * once a datagram arrives. (A socket that does not listen is a unit test of
	 * {@code SharedListenSocket}: {@code --accept} keeps a parent of its own.)
	 */
	@Test
	void aDatagramSocketFailsTheStart(TestInfo testInfo) throws IOException {
		assumeTrue(Files.isExecutable(Path.of(SOCKET_ACTIVATE)), SOCKET_ACTIVATE + " (Debian package systemd)");
		ClusterProcess.Builder builder = ClusterProcess.builder(testInfo).workers(1);
		try (ClusterProcess cluster = builder
			.launchedBy(SOCKET_ACTIVATE, "--datagram", "--listen=127.0.0.1:" + builder.port())
			.start(); DatagramSocket client = new DatagramSocket()) {
			cluster.awaitOutput(Pattern.quote("Listening on 127.0.0.1:" + cluster.port()), Duration.ofSeconds(10));
			client.send(new DatagramPacket(new byte[] { 1 }, 1,
					new InetSocketAddress(InetAddress.getLoopbackAddress(), cluster.port())));
			assertFailsWithAnalysis(cluster, "LISTEN_FDS (descriptor 3)", "it is not a TCP socket");
		}
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', value = { "LISTEN_FDS=3 | LISTEN_FDS=3 | passed 3 sockets",
			"LISTEN_FDS=2 | LISTEN_FDS=2 | two sockets are for the server port",
			"LISTEN_FDS=one | LISTEN_FDS=one | whole numbers",
			"LISTEN_FDS=1 LISTEN_FDNAMES=management | LISTEN_FDNAMES=management | no port of its own",
			"LISTEN_FDS=1 | LISTEN_FDS (descriptor 3) | it is not" })
	void aSocketTheMasterCannotServeFailsTheStart(String variables, String source, String reason,
			TestInfo testInfo) {
		// LISTEN_PID must be the master's own pid, which only a shell that execs it knows.
		try (ClusterProcess cluster = ClusterProcess.builder(testInfo)
			.workers(1)
			.launchedBy("/bin/sh", "-c", "LISTEN_PID=$$ " + variables + " exec \"$0\" \"$@\"")
			.start()) {
			assertFailsWithAnalysis(cluster, source, reason);
		}
	}

	private static void assertFailsWithAnalysis(ClusterProcess cluster, String source, String reason) {
		assertThat(cluster.awaitExit(Duration.ofSeconds(45))).as("master exit code%s", cluster.describe())
			.isNotZero();
		List<String> lines = cluster.lines();
		assertThat(String.join("\n", lines)).as("failure analysis%s", cluster.describe())
			.contains("APPLICATION FAILED TO START")
			.contains(source)
			.contains(reason);
		assertThat(lines).as("no worker forked%s", cluster.describe())
			.noneMatch((line) -> ClusterProcess.STARTING_WORKER.matcher(line).find())
			.noneMatch((line) -> line.startsWith(ClusterProcess.WORKER_PREFIX));
		assertThat(cluster.runningDescendantsEverSeen()).as("processes left running%s", cluster.describe())
			.isEmpty();
	}

}
