package io.clusterboot.demo.e2e;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * SIGTERM to the master stops the cluster gracefully: requests in flight complete, the
 * master exits 0 in time, no worker is left and the port is released (issue 2, item 12c).
 *
 * @author ClusterBoot team
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class MasterShutdownIT {

	private static final int IN_FLIGHT = 10;

	private static final Duration PROCESS_KILL_TIMEOUT = Duration.ofSeconds(10);

	@Test
	void sigtermCompletesInFlightRequestsAndExitsZero(TestInfo testInfo) throws IOException {
		try (ClusterProcess cluster = ClusterProcess.builder(testInfo)
			.workers(2)
			.property("cluster.process-kill-timeout", PROCESS_KILL_TIMEOUT.toSeconds() + "s")
			.start()) {
			cluster.awaitReadyWorkers(2, ClusterProcess.STARTUP);
			Set<Long> processes = cluster.descendantPidsEverSeen();
			List<HttpConnection> slow = new ArrayList<>();
			try {
				for (int i = 0; i < IN_FLIGHT; i++) {
					HttpConnection connection = HttpConnection.open(cluster.port(), HttpConnection.READ_TIMEOUT);
					slow.add(connection);
					connection.send("/slow?ms=2000", false);
				}
				// The listening socket's accept queue is FIFO: once a connection opened after
				// the ten has been answered, the ten were accepted by workers, i.e. they are in
				// flight there and no longer waiting in the queue.
				HttpResponse probe = HttpConnection.get(cluster.port(), "/hello");
				assertThat(probe.status()).as("probe %s%s", probe, cluster.describe()).isEqualTo(200);

				long signalled = System.nanoTime();
				cluster.signalMaster(Signal.TERM);
				List<Object> outcomes = new ArrayList<>();
				for (HttpConnection connection : slow) {
					outcomes.add(outcome(connection));
				}
				cluster.note("in-flight outcomes: " + outcomes);
				assertThat(outcomes).as("outcomes of the %d in-flight requests%s", IN_FLIGHT, cluster.describe())
					.hasSize(IN_FLIGHT)
					.allSatisfy((outcome) -> assertThat(outcome).isEqualTo(200));

				Duration left = PROCESS_KILL_TIMEOUT.plusSeconds(5).minusNanos(System.nanoTime() - signalled);
				int exitCode = cluster.awaitExit(left.isNegative() ? Duration.ZERO : left);
				assertThat(exitCode).as("master exit code%s", cluster.describe()).isZero();
			}
			finally {
				slow.forEach(HttpConnection::close);
			}
			assertThat(cluster.runningDescendantsEverSeen()).as("workers still running (of %s)%s", processes,
					cluster.describe())
				.isEmpty();
			assertThat(FreePorts.canBind(cluster.port())).as("port %d can be bound again%s", cluster.port(),
					cluster.describe())
				.isTrue();
		}
	}

	@Test
	void sigtermKillsWorkerThatOutlivesProcessKillTimeout(TestInfo testInfo) throws IOException {
		Duration killTimeout = Duration.ofSeconds(3);
		try (ClusterProcess cluster = ClusterProcess.builder(testInfo)
			.workers(1)
			.property("cluster.process-kill-timeout", killTimeout.toSeconds() + "s")
			.start()) {
			cluster.awaitReadyWorkers(1, ClusterProcess.STARTUP);
			try (HttpConnection stuck = HttpConnection.open(cluster.port(), HttpConnection.READ_TIMEOUT)) {
				stuck.send("/slow?ms=60000", false);
				HttpResponse probe = HttpConnection.get(cluster.port(), "/hello");
				assertThat(probe.status()).as("probe %s%s", probe, cluster.describe()).isEqualTo(200);

				long signalled = System.nanoTime();
				cluster.signalMaster(Signal.TERM);
				int exitCode = cluster.awaitExit(killTimeout.plusSeconds(5));
				cluster.note("master exited " + (System.nanoTime() - signalled) / 1_000_000 + " ms after SIGTERM");
				assertThat(exitCode).as("master exit code%s", cluster.describe()).isZero();
			}
			assertThat(cluster.lines()).as("master reports the kill%s", cluster.describe())
				.anyMatch((line) -> line.matches(".*Worker 1 \\(pid \\d+\\) is still running at its stop deadline; killing it.*"));
			assertThat(cluster.runningDescendantsEverSeen()).as("workers still running%s", cluster.describe())
				.isEmpty();
			assertThat(FreePorts.canBind(cluster.port())).as("port %d can be bound again%s", cluster.port(),
					cluster.describe())
				.isTrue();
		}
	}

	/** The status of the response, or the failure as text. */
	private static Object outcome(HttpConnection connection) {
		try {
			return connection.readResponse().status();
		}
		catch (IOException ex) {
			return FailureKind.of(ex, false) + ": " + ex.getMessage();
		}
	}

}
