package io.clusterboot.demo.e2e;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A worker killed with SIGKILL under load is replaced; the master survives and only the
 * requests in flight on the dead worker can fail (issue 2, item 12b).
 *
 * @author ClusterBoot team
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class WorkerCrashIT {

	private static final int KEEP_ALIVE_CLIENTS = 8;

	private static final int CLOSE_CLIENTS = 8;

	@Test
	void killedWorkerIsReplacedAndOnlyInFlightRequestsFail(TestInfo testInfo) {
		try (ClusterProcess cluster = ClusterProcess.builder(testInfo)
			.workers(2)
			.start()) {
			Set<Long> initial = cluster.awaitReadyWorkers(2, ClusterProcess.STARTUP);
			LoadReport report;
			ClusterProcess.WorkerReady replacement;
			try (HttpLoad load = HttpLoad.to(cluster.port())
				.keepAliveClients(KEEP_ALIVE_CLIENTS)
				.closeClients(CLOSE_CLIENTS)
				.maxDuration(Duration.ofMinutes(2))
				.start()) {
				Waits.until("both workers serving the load", Duration.ofSeconds(30),
						() -> load.pidsSeen().containsAll(initial), () -> " " + load.snapshot() + cluster.describe());

				// The busiest worker, so that requests are in flight on it when it dies.
				long victim = load.busiest(initial, 2000, Duration.ofSeconds(30));
				cluster.signal(victim, Signal.KILL);
				cluster.awaitGone(victim, Duration.ofSeconds(5));
				replacement = cluster.awaitNewReadyWorker(initial, Duration.ofSeconds(60));
				Waits.until("the replacement " + replacement + " serving", Duration.ofSeconds(30),
						() -> load.pidsSeen().contains(replacement.pid()),
						() -> " " + load.snapshot() + cluster.describe());
				report = load.stop();
			}
			cluster.note("load: " + report);

			assertThat(cluster.isMasterRunning()).as("master alive%s", cluster.describe()).isTrue();
			assertThat(cluster.workerPids()).as("live workers%s", cluster.describe())
				.contains(replacement.pid())
				.hasSize(2);
			assertThat(report.successes()).as("successful requests: %s", report).isPositive();
			assertThat(report.unsuccessful())
				.as("unsuccessful requests must not exceed the %d clients in flight: %s%s",
						KEEP_ALIVE_CLIENTS + CLOSE_CLIENTS, report, cluster.describe())
				.isLessThanOrEqualTo(KEEP_ALIVE_CLIENTS + CLOSE_CLIENTS);
		}
	}

}
