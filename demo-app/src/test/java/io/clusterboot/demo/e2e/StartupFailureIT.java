package io.clusterboot.demo.e2e;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An application that cannot start makes the master give up within the startup timeout,
 * exit non-zero and show why, so that systemd or Kubernetes see the failure
 * (issue 2, item 12f).
 *
 * @author ClusterBoot team
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class StartupFailureIT {

	private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(30);

	@Test
	void masterExitsNonZeroWithTheCauseWhenNoWorkerStarts(TestInfo testInfo) {
		long started = System.nanoTime();
		try (ClusterProcess cluster = ClusterProcess.builder(testInfo)
			.workers(2)
			.property("demo.fail-on-start", "true")
			.property("cluster.startup-timeout", STARTUP_TIMEOUT.toSeconds() + "s")
			.start()) {
			Duration left = STARTUP_TIMEOUT.plusSeconds(5).minusNanos(System.nanoTime() - started);
			int exitCode = cluster.awaitExit(left);

			assertThat(exitCode).as("master exit code%s", cluster.describe()).isNotZero();
			// The master itself must print the cause, not only relay the worker's stack trace.
			assertThat(cluster.lines()).as("master's own lines name the cause%s", cluster.describe())
				.filteredOn((line) -> !line.startsWith(ClusterProcess.WORKER_PREFIX))
				.anyMatch((line) -> line.contains("demo.fail-on-start"));
			assertThat(cluster.readyEvents()).as("ready workers%s", cluster.describe()).isEmpty();
			assertThat(cluster.runningDescendantsEverSeen()).as("workers left running%s", cluster.describe())
				.isEmpty();
		}
	}

}
