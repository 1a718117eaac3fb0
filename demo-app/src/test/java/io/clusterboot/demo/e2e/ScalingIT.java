package io.clusterboot.demo.e2e;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code kill -TTIN}/{@code -TTOU} to the master and
 * {@code POST /actuator/cluster/scale/<n>} add and remove workers under load without a
 * failed request: added workers start and become ready, removed ones (the highest slots)
 * drain; the count never goes below one and a bad count gets a 400 with the reason
 * (issue 5, item 4).
 *
 * @author ClusterBoot team
 */
@Timeout(value = 6, unit = TimeUnit.MINUTES)
class ScalingIT {

	/** Two workers booting at once on a busy 2-core box. */
	private static final Duration SCALED_UP = Duration.ofMinutes(2);

	private static final Duration PROCESS_KILL_TIMEOUT = Duration.ofSeconds(20);

	private static final Duration LOGGED = Duration.ofSeconds(10);

	private static final int GENERATION = 1;

	@Test
	void signalsAndTheEndpointScaleTheClusterUnderLoadButNeverBelowOneWorker(TestInfo testInfo) throws Exception {
		ClusterProcess.Builder builder = ClusterProcess.builder(testInfo)
			.workers(2)
			.property("cluster.process-kill-timeout", PROCESS_KILL_TIMEOUT.toSeconds() + "s");
		UnderLoad.run(builder, 4, Duration.ofMinutes(5), (context) -> {
			ClusterProcess cluster = context.cluster();
			ClusterActuator actuator = context.actuator();

			cluster.signalMaster(Signal.TTIN);
			cluster.awaitOutput(scaling(2, 3, "SIGTTIN"), LOGGED);
			Set<Long> three = cluster.awaitReadyWorkers(3, SCALED_UP);
			ClusterStatus scaledUp = awaitWorkers(actuator, 3, SCALED_UP);
			context.awaitResponses(three);
			long third = scaledUp.processesOf(3).get(0).pid();

			cluster.signalMaster(Signal.TTOU);
			cluster.awaitOutput(scaling(3, 2, "SIGTTOU"), LOGGED);
			awaitDrained(cluster, 3, third);
			Set<Long> two = cluster.awaitReadyWorkers(2, ClusterActuator.DRAIN_TIMEOUT);
			assertThat(two).as("workers after SIGTTOU, of %s", three)
				.doesNotContain(third)
				.isEqualTo(three.stream().filter((pid) -> pid != third).collect(Collectors.toSet()));
			awaitWorkers(actuator, 2, LOGGED);
			context.assertNoLossSoFar("after SIGTTOU");

			actuator.scale(4);
			cluster.awaitOutput(scaling(2, 4, "the cluster endpoint"), LOGGED);
			Set<Long> four = cluster.awaitReadyWorkers(4, SCALED_UP);
			ClusterStatus scaledToFour = awaitWorkers(actuator, 4, SCALED_UP);
			context.awaitResponses(four);

			for (String bad : List.of("0", "-1", "abc", "1.5")) {
				HttpResponse response = actuator.postScale(bad);
				assertThat(response.status()).as("POST %s%s: %s", ClusterActuator.SCALE_PATH, bad, response)
					.isEqualTo(400);
				assertThat(Json.read(response.body(), ClusterActuator.Scaled.class).error())
					.as("reason in the answer to POST %s%s: %s", ClusterActuator.SCALE_PATH, bad, response)
					.isEqualTo("The number of workers must be a whole number of at least 1; got '" + bad + "'");
			}
			assertThat(actuator.status().workers().desired()).as("desired workers after bad requests").isEqualTo(4);

			long first = scaledToFour.processesOf(1).get(0).pid();
			actuator.scale(1);
			cluster.awaitOutput(scaling(4, 1, "the cluster endpoint"), LOGGED);
			for (int slot = 2; slot <= 4; slot++) {
				awaitDrained(cluster, slot, scaledToFour.processesOf(slot).get(0).pid());
			}
			assertThat(cluster.awaitReadyWorkers(1, ClusterActuator.DRAIN_TIMEOUT)).as("worker left of %s", four)
				.containsExactly(first);
			awaitWorkers(actuator, 1, LOGGED);
			context.assertNoLossSoFar("after scaling to 1");

			cluster.signalMaster(Signal.TTOU);
			cluster.awaitOutput(Pattern.quote("Scaling to 0 worker(s) requested by SIGTTOU refused: "
					+ "The cluster needs at least 1 worker"), LOGGED);
			ClusterStatus last = actuator.status();
			assertThat(last.workers().desired()).as("desired workers after SIGTTOU at one: %s", last).isEqualTo(1);
			assertThat(last.pids()).as("workers after SIGTTOU at one: %s", last).containsExactly(first);
			context.awaitResponses(Set.of(first));
			assertThat(cluster.readyWorkerPids()).as("ready workers at the end%s", cluster.describe())
				.containsExactly(first);
			assertThat(cluster.lines()).as("scaling to 0 never happened%s", cluster.describe())
				.noneMatch((line) -> line.contains("Scaling from 1 to 0"));
		});
	}

	/** The master's line about a scaling it does. */
	private static String scaling(int from, int to, String requestedBy) {
		return Pattern.quote("Scaling from " + from + " to " + to + " worker(s), requested by " + requestedBy);
	}

	/**
	 * Waits until the cluster runs exactly {@code count} workers, all ready, and that is
	 * the desired count.
	 */
	private static ClusterStatus awaitWorkers(ClusterActuator actuator, int count, Duration timeout) {
		ClusterStatus status = actuator.awaitSettled(GENERATION, timeout);
		assertThat(status.workers().desired()).as("desired workers in %s", status).isEqualTo(count);
		assertThat(status.workers().ready()).as("ready workers in %s", status).isEqualTo(count);
		return status;
	}

	/**
	 * Waits until a removed worker is gone and checks that it stopped the way a drained
	 * worker does: asked to, within its kill timeout (not killed at its deadline).
	 */
	private static void awaitDrained(ClusterProcess cluster, int slot, long pid) {
		cluster.awaitGone(pid, PROCESS_KILL_TIMEOUT.plusSeconds(10));
		Matcher stopped = cluster.awaitOutput(
				Pattern.quote("Worker " + slot + " (pid " + pid + ") stopped with exit code ") + "(\\d+)", LOGGED);
		assertThat(Integer.parseInt(stopped.group(1))).as("exit code of removed worker %d%s", pid,
				cluster.describe())
			.isNotEqualTo(137);
	}

}
