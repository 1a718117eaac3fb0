package io.clusterboot.demo.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The master under systemd, played by {@code systemd-socket-activate} (which needs no
 * running systemd): it serves the listening socket it is passed instead of binding one,
 * so requests sent before the master even runs are answered, and it reports its state to
 * {@code NOTIFY_SOCKET} the way {@code Type=notify} expects. A socket it cannot serve stops
 * the start with a failure analysis.
 *
 * @author ClusterBoot team
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class SystemdIT {

	private static final String SOCKET_ACTIVATE = "/usr/bin/systemd-socket-activate";

	@Test
	void servesThePassedSocketFromTheFirstRequestAndNotifiesItsState(TestInfo testInfo) throws IOException {
		assumeTrue(Files.isExecutable(Path.of(SOCKET_ACTIVATE)), SOCKET_ACTIVATE + " (Debian package systemd)");
		ClusterProcess.Builder builder = ClusterProcess.builder(testInfo).workers(2);
		try (NotifyReceiver notify = NotifyReceiver.bind();
				ClusterProcess cluster = builder
					.launchedBy(SOCKET_ACTIVATE, "--listen=127.0.0.1:" + builder.port(),
							"--setenv=NOTIFY_SOCKET=" + notify.path())
					.start()) {
			cluster.awaitOutput(Pattern.quote("Listening on 127.0.0.1:" + cluster.port()), Duration.ofSeconds(10));
			LoadReport report;
			try (HttpLoad load = HttpLoad.to(cluster.port())
				.keepAliveClients(4)
				.closeClients(4)
				.readTimeout(ClusterProcess.STARTUP)
				.maxDuration(Duration.ofMinutes(2))
				.start()) {
				// The first connection makes systemd-socket-activate exec the master, which
				// finds the socket, with every connection queued on it, on descriptor 3.
				Set<Long> first = cluster.awaitReadyWorkers(2, ClusterProcess.STARTUP);
				int ready = notify.await("READY=1", 0, Duration.ofSeconds(10));
				assertThat(notify.datagrams().get(ready)).as("datagram at start").contains("STATUS=2/2 workers ready");
				Waits.until("both workers serving the load", Duration.ofSeconds(30),
						() -> load.pidsSeen().containsAll(first), () -> " " + load.snapshot() + cluster.describe());

				cluster.signalMaster(Signal.HUP);
				int reloading = notify.await("RELOADING=1", ready + 1, Duration.ofSeconds(10));
				assertThat(notify.datagrams().get(reloading)).as("reload datagram").containsPattern("MONOTONIC_USEC=\\d+");
				notify.await("READY=1", reloading + 1, ClusterProcess.STARTUP);
				report = load.stop();
			}
			cluster.note("load: " + report);
			assertThat(report.unsuccessful()).as("unsuccessful requests: %s%s", report, cluster.describe()).isZero();
			assertThat(report.successes()).as("successful requests: %s", report).isPositive();
			assertThat(cluster.lines()).as("master output%s", cluster.describe())
				.anyMatch((line) -> line.contains("Serving the socket the service manager passed (127.0.0.1:"
						+ cluster.port() + ")"));

			int datagrams = notify.datagrams().size();
			cluster.signalMaster(Signal.TERM);
			notify.await("STOPPING=1", datagrams, Duration.ofSeconds(10));
			assertThat(cluster.awaitExit(Duration.ofSeconds(60))).as("master exit code%s", cluster.describe()).isZero();
			assertThat(cluster.runningDescendantsEverSeen()).as("workers left running%s", cluster.describe())
				.isEmpty();
		}
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', value = { "LISTEN_FDS=2 | passed 2 sockets", "LISTEN_FDS=one | whole numbers",
			"LISTEN_FDS=1 | it is not" })
	void aSocketTheMasterCannotServeFailsTheStart(String variables, String reason, TestInfo testInfo) {
		// LISTEN_PID must be the master's own pid, which only a shell that execs it knows.
		try (ClusterProcess cluster = ClusterProcess.builder(testInfo)
			.workers(1)
			.launchedBy("/bin/sh", "-c", "LISTEN_PID=$$ " + variables + " exec \"$0\" \"$@\"")
			.start()) {
			assertThat(cluster.awaitExit(Duration.ofSeconds(45))).as("master exit code%s", cluster.describe())
				.isNotZero();
			List<String> lines = cluster.lines();
			assertThat(String.join("\n", lines)).as("failure analysis%s", cluster.describe())
				.contains("APPLICATION FAILED TO START")
				.contains(variables.startsWith("LISTEN_FDS=1") ? "LISTEN_FDS (descriptor 3)" : variables)
				.contains(reason);
			assertThat(lines).as("no worker forked%s", cluster.describe())
				.noneMatch((line) -> ClusterProcess.STARTING_WORKER.matcher(line).find())
				.noneMatch((line) -> line.startsWith(ClusterProcess.WORKER_PREFIX));
			assertThat(cluster.runningDescendantsEverSeen()).as("processes left running%s", cluster.describe())
				.isEmpty();
		}
	}

}
