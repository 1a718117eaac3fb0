package io.clusterboot.demo.e2e;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.clusterboot.demo.e2e.ClusterProcess.WorkerReady;
import io.clusterboot.demo.e2e.ClusterStatus.Worker;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code GET /actuator/cluster} shows each worker's figures from its heartbeats (resident
 * memory, heap used, CPU, requests in flight and served, busy request threads against the
 * maximum, time of the last heartbeat),
 * and for a slot whose worker died, the restart count and the last exit code and signal
 * (issue 5, item 5).
 *
 * @author ClusterBoot team
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class WorkerFiguresIT {

	private static final Duration HEARTBEAT_INTERVAL = Duration.ofSeconds(1);

	/** How old the last heartbeat may be: a few intervals on a busy machine. */
	private static final Duration RECENT = Duration.ofSeconds(5);

	private static final Duration FIGURES_UPDATED = Duration.ofSeconds(20);

	private static final int SLOW_REQUESTS = 3;

	/** How long slow requests may take to show as in flight: a few heartbeat intervals. */
	private static final Duration IN_FLIGHT_SHOWN = Duration.ofSeconds(6);

	/** How long a slow request takes: longer than it may take to show as in flight. */
	private static final Duration SLOW = IN_FLIGHT_SHOWN.plusSeconds(2);

	@Test
	void statusShowsEachWorkersFiguresAndItsSlotsLastExit(TestInfo testInfo) throws IOException {
		try (ClusterProcess cluster = ClusterProcess.builder(testInfo)
			.workers(2)
			.property("cluster.heartbeat.interval", HEARTBEAT_INTERVAL.toSeconds() + "s")
			.start()) {
			Set<Long> workers = cluster.awaitReadyWorkers(2, ClusterProcess.STARTUP);
			ClusterActuator actuator = new ClusterActuator(cluster);

			Map<Long, Long> firstLoad = loadBoth(cluster, workers);
			ClusterStatus first = awaitServedAtLeast(cluster, actuator, firstLoad);
			Instant read = Instant.now();
			assertThat(first.processes()).as("processes in %s", first).hasSize(2).allSatisfy((worker) -> {
				assertThat(worker.state()).isEqualTo(ClusterStatus.READY);
				assertThat(worker.residentMemory()).as("residentMemory of %s", worker).isPositive();
				assertThat(worker.heapUsed()).as("heapUsed of %s", worker).isPositive();
				assertThat(worker.cpuPercent()).as("cpuPercent of %s", worker).isBetween(0.0, 100.0);
				assertThat(worker.requestsInFlight()).as("requestsInFlight of %s", worker).isNotNegative();
				assertThat(worker.requestThreads()).as("requestThreads of %s", worker)
					.isNotNull()
					.satisfies((threads) -> assertThat(threads.busy()).isBetween(0, threads.max()))
					.satisfies((threads) -> assertThat(threads.max()).isPositive());
				assertThat(worker.requestsServed()).as("requestsServed of %s (load: %s)", worker, firstLoad)
					.isPositive();
				assertThat(Duration.between(Instant.parse(worker.lastHeartbeat()), read).abs())
					.as("age of the last heartbeat of %s, read at %s", worker, read)
					.isLessThanOrEqualTo(RECENT);
				assertThat(worker.restarts()).as("restarts of %s", worker).isZero();
				assertThat(worker.lastExit()).as("lastExit of %s", worker).isNull();
			});

			// Served requests grow by at least what the next load got, and heartbeats go on.
			Map<Long, Long> secondLoad = loadBoth(cluster, workers);
			Map<Long, Long> expected = first.processes()
				.stream()
				.collect(Collectors.toMap(Worker::pid,
						(worker) -> worker.requestsServed() + secondLoad.getOrDefault(worker.pid(), 0L)));
			ClusterStatus second = awaitServedAtLeast(cluster, actuator, expected);
			for (Worker worker : second.processes()) {
				Worker before = first.process(worker.pid()).orElseThrow();
				assertThat(Instant.parse(worker.lastHeartbeat())).as("last heartbeat of %s, before: %s", worker,
						before)
					.isAfter(Instant.parse(before.lastHeartbeat()));
			}

			assertRequestsInFlight(cluster, actuator);

			// A worker killed with SIGKILL: its slot's replacement shows the restart and the exit.
			Worker victim = second.processes().get(0);
			Set<Long> known = cluster.readyEvents().stream().map(WorkerReady::pid).collect(Collectors.toSet());
			Instant killed = Instant.now();
			cluster.signal(victim.pid(), Signal.KILL);
			cluster.awaitGone(victim.pid(), Duration.ofSeconds(10));
			WorkerReady replacement = cluster.awaitNewReadyWorker(known, Duration.ofSeconds(90));
			assertThat(replacement.slot()).as("slot of the replacement %s of %s", replacement, victim)
				.isEqualTo(victim.slot());
			ClusterStatus after = Waits.until("figures of the replacement " + replacement, FIGURES_UPDATED,
					actuator::status,
					(status) -> status.processes().size() == 2
							&& status.process(replacement.pid()).map(Worker::hasFigures).orElse(false),
					cluster::describe);
			cluster.note("after SIGKILL of " + victim.pid() + ": " + after);
			Worker restarted = after.process(replacement.pid()).orElseThrow();
			assertThat(restarted.restarts()).as("restarts of %s", restarted).isEqualTo(1);
			assertThat(restarted.lastExit()).as("lastExit of %s", restarted).isNotNull();
			assertThat(restarted.lastExit().code()).as("lastExit of %s", restarted).isEqualTo(137);
			assertThat(restarted.lastExit().signal()).as("lastExit of %s", restarted).isEqualTo(9);
			assertThat(Instant.parse(restarted.lastExit().at())).as("lastExit of %s, killed at %s", restarted, killed)
				.isBetween(killed.minusSeconds(1), Instant.now());
			ClusterStatus.Slot slot = after.slot(victim.slot());
			assertThat(slot.state()).as("state of %s", slot).isEqualTo("OK");
			assertThat(slot.restarts()).as("restarts of %s", slot).isEqualTo(1);
			assertThat(slot.lastExit()).as("lastExit of %s", slot).isEqualTo(restarted.lastExit());
			Worker untouched = after.processes()
				.stream()
				.filter((worker) -> worker.pid() != replacement.pid())
				.findFirst()
				.orElseThrow();
			assertThat(untouched.restarts()).as("restarts of the other worker %s", untouched).isZero();
			assertThat(untouched.lastExit()).as("lastExit of the other worker %s", untouched).isNull();
		}
	}

	/**
	 * Runs a load until both workers have answered it.
	 * @return responses by pid
	 */
	private static Map<Long, Long> loadBoth(ClusterProcess cluster, Set<Long> workers) {
		LoadReport report;
		try (HttpLoad load = HttpLoad.to(cluster.port())
			.clientsOfEachKind(4)
			.maxDuration(Duration.ofMinutes(1))
			.start()) {
			load.awaitResponses(workers, UnderLoad.RESPONSES, UnderLoad.SERVING_TIMEOUT);
			report = load.stop();
		}
		cluster.note("load: " + report);
		assertThat(report.unsuccessful()).as("unsuccessful requests: %s%s", report, cluster.describe()).isZero();
		return report.responsesByPid();
	}

	/** Waits until every worker reports at least the given number of served requests. */
	private static ClusterStatus awaitServedAtLeast(ClusterProcess cluster, ClusterActuator actuator,
			Map<Long, Long> served) {
		ClusterStatus status = Waits.until("requests served at least " + served, FIGURES_UPDATED, actuator::status,
				(candidate) -> candidate.pids().equals(served.keySet())
						&& candidate.processes().stream().allMatch((worker) -> worker.hasFigures()
								&& worker.requestsServed() >= served.get(worker.pid())),
				cluster::describe);
		cluster.note("served at least " + served + ": " + status);
		return status;
	}

	/**
	 * Slow requests show as in flight, and no longer once answered. The status is read
	 * one request at a time, so at most one request in flight is not a slow one.
	 */
	private static void assertRequestsInFlight(ClusterProcess cluster, ClusterActuator actuator)
			throws IOException {
		try (PendingRequests slow = PendingRequests.send(cluster.port(), "/slow?ms=" + SLOW.toMillis(),
				SLOW_REQUESTS, Duration.ofSeconds(30))) {
			Function<ClusterStatus, Long> inFlight = (status) -> status.processes()
				.stream()
				.filter(Worker::hasFigures)
				.mapToLong(Worker::requestsInFlight)
				.sum();
			ClusterStatus busy = Waits.until(SLOW_REQUESTS + " slow requests in flight", IN_FLIGHT_SHOWN,
					actuator::status, (status) -> inFlight.apply(status) >= SLOW_REQUESTS, cluster::describe);
			cluster.note("in flight: " + busy);
			assertThat(slow.responses()).as("slow requests").allSatisfy((response) -> assertThat(response.status())
				.as("slow request: %s", response)
				.isEqualTo(200));
			Waits.until("slow requests no longer in flight", FIGURES_UPDATED, actuator::status,
					(status) -> inFlight.apply(status) <= 1, cluster::describe);
		}
	}

}
