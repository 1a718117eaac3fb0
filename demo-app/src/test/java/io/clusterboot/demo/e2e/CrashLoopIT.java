package io.clusterboot.demo.e2e;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A slot whose worker dies at every start backs off exponentially up to the maximum
 * delay, is reported ERRORED with its last exit and output, and is retried forever, while
 * the master stays up and the other slot serves (issue 5, item 2).
 *
 * @author ClusterBoot team
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class CrashLoopIT {

	private static final Duration INITIAL_DELAY = Duration.ofSeconds(1);

	private static final Duration MAX_DELAY = Duration.ofSeconds(4);

	/** The window, from the failing slot's first start, in which its starts are counted. */
	private static final Duration WINDOW = Duration.ofSeconds(30);

	private static final Pattern STARTING_WORKER_2 = Pattern.compile("Starting worker 2 ");

	/** The master's announcement of each delayed restart of slot 2, before and after it counts as ERRORED. */
	private static final Pattern RESTART_DELAY_2 = Pattern.compile("(?:Restarting worker 2 in|"
			+ "Worker 2 is crash-looping \\(\\d+ quick exits in a row\\); next start in) (\\d+) ms");

	@Test
	void crashLoopingSlotBacksOffIsReportedAndRetriedWhileTheOtherServes(TestInfo testInfo) throws IOException {
		try (ClusterProcess cluster = ClusterProcess.builder(testInfo)
			.workers(2)
			.property("demo.fail-on-start-worker", "2")
			.property("cluster.restart.initial-delay", INITIAL_DELAY.toSeconds() + "s")
			.property("cluster.restart.max-delay", MAX_DELAY.toSeconds() + "s")
			.property("management.endpoint.health.show-details", "always")
			.start()) {
			Set<Long> serving = cluster.awaitReadyWorkers(1, ClusterProcess.STARTUP);
			ClusterActuator actuator = new ClusterActuator(cluster);
			ProcessOutput.Line firstStart = cluster.awaitMasterLines(STARTING_WORKER_2, 1, Duration.ofSeconds(10))
				.get(0);

			ClusterStatus errored = Waits.until("slot 2 ERRORED", Duration.ofSeconds(90), actuator::status,
					(status) -> ClusterStatus.ERRORED.equals(status.slot(2).state()), cluster::describe);
			long erroredSeen = System.nanoTime();
			cluster.note("slot 2 errored: " + errored);
			ClusterHealth health = actuator.health();
			cluster.note("health: " + health);

			Waits.until(WINDOW.toSeconds() + " s since slot 2 first started", WINDOW.plusSeconds(10),
					() -> System.nanoTime() - firstStart.nanoTime() >= WINDOW.toNanos(),
					cluster::describe);
			// It is retried forever: another start after it was reported ERRORED.
			cluster.awaitMasterLineAfter(erroredSeen, STARTING_WORKER_2, MAX_DELAY.plusSeconds(60));

			List<ProcessOutput.Line> starts = cluster.masterLines(STARTING_WORKER_2)
				.stream()
				.filter((line) -> line.since(firstStart.nanoTime()).compareTo(WINDOW) <= 0)
				.toList();
			int allowed = allowedStarts(INITIAL_DELAY, MAX_DELAY, WINDOW);
			cluster.note(starts.size() + " starts of worker 2 in the first " + WINDOW.toSeconds() + " s; allowed: "
					+ allowed);
			assertThat(starts).as("starts of worker 2 within %d s of its first (backoff allows %d)%s",
					WINDOW.toSeconds(), allowed, cluster.describe())
				.hasSizeBetween(3, allowed);
			List<Long> delays = announcedDelays(cluster);
			assertThat(delays).as("restart delays announced for worker 2, in ms%s", cluster.describe())
				.hasSizeGreaterThanOrEqualTo(3)
				.isEqualTo(expectedDelays(delays.size()));

			ClusterStatus.Slot failing = errored.slot(2);
			assertThat(failing.lastExit()).as("slot 2's last exit in %s", errored).isNotNull();
			assertThat(failing.lastExit().code()).as("slot 2's last exit code in %s", errored).isEqualTo(1);
			assertThat(failing.lastExit().signal()).as("slot 2's last exit signal in %s", errored).isNull();
			assertThat(failing.lastExit().at()).as("when slot 2 last exited in %s", errored).isNotBlank();
			assertThat(failing.restarts()).as("slot 2's restarts in %s", errored).isGreaterThanOrEqualTo(3);
			assertThat(failing.lastOutput()).as("slot 2's last output in %s", errored)
				.anyMatch((line) -> line.contains("demo.fail-on-start-worker"));
			ClusterStatus.Slot healthy = errored.slot(1);
			assertThat(healthy.state()).as("slot 1 in %s", errored).isEqualTo("OK");
			assertThat(healthy.lastExit()).as("slot 1's last exit in %s", errored).isNull();
			assertThat(errored.workers()).as("worker counts in %s", errored)
				.isEqualTo(new ClusterStatus.Workers(2, 1, errored.workers().running(), 1));

			assertThat(health.status()).as("cluster health %s", health).isEqualTo("UP");
			assertThat(List.of(health.desired(), health.ready(), health.degraded(), health.errored()))
				.as("cluster health desired, ready, degraded, errored: %s", health)
				.containsExactly(2L, 1L, 1L, 1L);

			LoadReport report = HttpLoad.to(cluster.port())
				.clientsOfEachKind(4)
				.maxRequests(400)
				.maxDuration(Duration.ofSeconds(60))
				.run(Duration.ofSeconds(70));
			cluster.note("load: " + report);
			assertThat(report.unsuccessful()).as("unsuccessful requests: %s%s", report, cluster.describe()).isZero();
			assertThat(report.pids()).as("who answered: %s", report).isEqualTo(serving);
			assertThat(cluster.readyWorkerPids()).as("ready workers at the end%s", cluster.describe())
				.isEqualTo(serving);
			assertThat(cluster.isMasterRunning()).as("master alive%s", cluster.describe()).isTrue();
		}
	}

	/**
	 * How many times a slot can start within the window at most if it waits the backoff
	 * delay before every restart, boot time ignored: the first start, then one after
	 * each delay (initial, doubled up to the maximum) that still ends within the window.
	 * (The slot's first exit may come before the cluster serves, in which case it
	 * restarts when the first worker is ready rather than after a delay; that wait is at
	 * least a worker's boot time, far more than the one delay it replaces.)
	 */
	private static int allowedStarts(Duration initialDelay, Duration maxDelay, Duration window) {
		int starts = 1;
		Duration delay = initialDelay;
		Duration elapsed = delay;
		while (elapsed.compareTo(window) <= 0) {
			starts++;
			delay = delay.multipliedBy(2);
			if (delay.compareTo(maxDelay) > 0) {
				delay = maxDelay;
			}
			elapsed = elapsed.plus(delay);
		}
		return starts;
	}

	/** The delays the backoff must announce, in order: the initial delay, doubled up to the maximum. */
	private static List<Long> expectedDelays(int count) {
		List<Long> delays = new ArrayList<>();
		long delay = INITIAL_DELAY.toMillis();
		for (int i = 0; i < count; i++) {
			delays.add(delay);
			delay = Math.min(delay * 2, MAX_DELAY.toMillis());
		}
		return delays;
	}

	private static List<Long> announcedDelays(ClusterProcess cluster) {
		List<Long> delays = new ArrayList<>();
		for (ProcessOutput.Line line : cluster.masterLines(RESTART_DELAY_2)) {
			Matcher matcher = RESTART_DELAY_2.matcher(line.text());
			if (matcher.find()) {
				delays.add(Long.parseLong(matcher.group(1)));
			}
		}
		return delays;
	}

}
