package io.clusterboot.demo.e2e;

import java.time.Duration;
import java.util.Map;
import java.util.Set;

import io.clusterboot.demo.e2e.ClusterActuator.Rollout;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs a scenario against a cluster under a closed-loop load of keep-alive and
 * {@code Connection: close} clients to {@code /hello}, and checks the promise every
 * such scenario shares: no request failed, none answered other than 2xx, and the
 * master still runs.
 *
 * @author ClusterBoot team
 */
final class UnderLoad {

	/** Responses observed to tell who serves, e.g. after a reload. */
	static final long RESPONSES = 500;

	/** How long it may take until the workers expected to serve have all answered. */
	static final Duration SERVING_TIMEOUT = Duration.ofSeconds(30);

	private UnderLoad() {
	}

	/**
	 * Starts the cluster, waits until its workers are ready, starts the load, waits until
	 * every worker has answered it, runs the scenario, stops the load and checks it.
	 * The cluster is closed afterwards, whatever happened.
	 * @param builder the cluster
	 * @param clients clients of each kind (keep-alive and {@code Connection: close})
	 * @param maxDuration the load's hard time limit, which the scenario must not reach
	 * @param scenario what to do under load
	 * @return the load's report
	 * @throws Exception if the scenario fails
	 */
	static LoadReport run(ClusterProcess.Builder builder, int clients, Duration maxDuration, Scenario scenario)
			throws Exception {
		return run(builder, (actuator) -> {
		}, clients, maxDuration, scenario);
	}

	/**
	 * Starts the cluster, waits until its workers are ready, prepares it, starts the
	 * load, waits until every worker has answered it, runs the scenario, stops the load
	 * and checks it. The cluster is closed afterwards, whatever happened.
	 * @param builder the cluster
	 * @param preparation what to do before the load starts
	 * @param clients clients of each kind (keep-alive and {@code Connection: close})
	 * @param maxDuration the load's hard time limit, which the scenario must not reach
	 * @param scenario what to do under load
	 * @return the load's report
	 * @throws Exception if the preparation or the scenario fails
	 */
	static LoadReport run(ClusterProcess.Builder builder, Preparation preparation, int clients,
			Duration maxDuration, Scenario scenario) throws Exception {
		try (ClusterProcess cluster = builder.start()) {
			Set<Long> initial = cluster.awaitReadyWorkers(builder.workerCount(), ClusterProcess.STARTUP);
			ClusterActuator actuator = new ClusterActuator(cluster);
			preparation.run(actuator);
			LoadReport report;
			try (HttpLoad load = HttpLoad.to(cluster.port())
				.keepAliveClients(clients)
				.closeClients(clients)
				.maxDuration(maxDuration)
				.start()) {
				load.awaitResponses(initial, 1, SERVING_TIMEOUT);
				scenario.run(new Context(cluster, actuator, load, initial));
				report = load.stop();
			}
			cluster.note("load: " + report);
			assertThat(report.failures()).as("failed requests: %s%s", report, cluster.describe()).isZero();
			assertThat(report.non2xx()).as("non-2xx responses: %s%s", report, cluster.describe()).isZero();
			assertThat(report.successes()).as("successful requests: %s", report).isPositive();
			assertThat(report.hitMaxDuration()).as("load stopped by its time limit: %s", report).isFalse();
			assertThat(cluster.isMasterRunning()).as("master alive%s", cluster.describe()).isTrue();
			return report;
		}
	}

	/**
	 * What to do with a cluster before the load starts.
	 */
	@FunctionalInterface
	interface Preparation {

		void run(ClusterActuator actuator) throws Exception;

	}

	/**
	 * What a scenario does under load.
	 */
	@FunctionalInterface
	interface Scenario {

		void run(Context context) throws Exception;

	}

	/**
	 * What a scenario works with.
	 *
	 * @param cluster the cluster
	 * @param actuator its cluster endpoint
	 * @param load the load running against it
	 * @param initial the workers that were ready when the load started
	 */
	record Context(ClusterProcess cluster, ClusterActuator actuator, HttpLoad load, Set<Long> initial) {

		/**
		 * Waits for the next {@value UnderLoad#RESPONSES} responses at least, with one
		 * from each of the given workers among them.
		 * @param pids the workers
		 * @return who answered, with how many responses each
		 */
		Map<Responder, Long> awaitResponses(Set<Long> pids) {
			return this.load.awaitResponses(pids, RESPONSES, SERVING_TIMEOUT);
		}

		/**
		 * Waits until every worker a reload started has answered, and checks that only
		 * they, of the reload's generation, answered meanwhile.
		 * @param rollout the reload
		 * @return who answered, with how many responses each
		 */
		Map<Responder, Long> awaitServing(Rollout rollout) {
			Set<Long> workers = rollout.after().pids();
			Map<Responder, Long> responses = awaitResponses(workers);
			assertThat(responses.keySet()).as("who answered after %s (workers: %s)", rollout.reload(), workers)
				.allSatisfy((responder) -> {
					assertThat(responder.pid()).isIn(workers);
					assertThat(responder.generation()).isEqualTo(rollout.reload().generation());
				});
			return responses;
		}

		/**
		 * Checks that no request failed so far.
		 * @param when describes the moment, for the failure message
		 * @return the report so far
		 */
		LoadReport assertNoLossSoFar(String when) {
			LoadReport sofar = this.load.snapshot();
			assertThat(sofar.unsuccessful()).as("unsuccessful requests %s: %s%s", when, sofar,
					this.cluster.describe())
				.isZero();
			return sofar;
		}

	}

}
