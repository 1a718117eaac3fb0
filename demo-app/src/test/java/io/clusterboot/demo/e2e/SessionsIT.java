package io.clusterboot.demo.e2e;

import java.io.IOException;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Sessions live in the master: a visitor whose every request takes a new connection is
 * known to every worker, and keeps its session across a rolling reload and a worker
 * killed with SIGKILL; what cannot be serialized fails at the request that sets it,
 * naming the attribute and its class, and the session keeps what it had (issue 31).
 *
 * @author ClusterBoot team
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class SessionsIT {

	@Test
	void everyWorkerKnowsEverySessionAcrossReloadsAndCrashes(TestInfo testInfo) throws IOException {
		try (ClusterProcess cluster = ClusterProcess.builder(testInfo).workers(2).start()) {
			Set<Long> initial = cluster.awaitReadyWorkers(2, ClusterProcess.STARTUP);
			List<SessionVisitor> visitors = List.of(new SessionVisitor(cluster.port()),
					new SessionVisitor(cluster.port()), new SessionVisitor(cluster.port()));
			Set<Long> answered = new HashSet<>();
			Waits.until("both workers answering the visitors", Duration.ofSeconds(30), () -> {
				for (SessionVisitor visitor : visitors) {
					answered.add(visitor.visit(cluster.describe()).pid());
				}
				return answered.containsAll(initial);
			}, cluster::describe);

			SessionVisitor visitor = visitors.get(0);
			HttpResponse refused = visitor.request("POST", "/visits/thread");
			assertThat(refused.status()).as("setting a Thread in the session: %s", refused).isEqualTo(500);
			cluster.awaitOutput("Session attribute 'thread' of type \\S*TaskThread cannot be stored",
					Duration.ofSeconds(10));
			visitor.visit(cluster.describe());

			cluster.signalMaster(Signal.HUP);
			Set<Long> reloaded = new HashSet<>();
			Waits.until("two workers of the reload ready", Duration.ofSeconds(90), () -> {
				for (SessionVisitor each : visitors) {
					long pid = each.visit(cluster.describe()).pid();
					if (!initial.contains(pid)) {
						reloaded.add(pid);
					}
				}
				return reloaded.size() == 2 && !cluster.workerPids().stream().anyMatch(initial::contains);
			}, cluster::describe);

			long victim = reloaded.iterator().next();
			cluster.signal(victim, Signal.KILL);
			cluster.awaitGone(victim, Duration.ofSeconds(5));
			Set<Long> known = new HashSet<>(initial);
			known.addAll(reloaded);
			ClusterProcess.WorkerReady replacement = cluster.awaitNewReadyWorker(known, Duration.ofSeconds(60));
			Waits.until("the replacement " + replacement + " answering the visitors", Duration.ofSeconds(30), () -> {
				boolean seen = false;
				for (SessionVisitor each : visitors) {
					seen |= each.visit(cluster.describe()).pid() == replacement.pid();
				}
				return seen;
			}, cluster::describe);

			ClusterStatus.Sessions sessions = new ClusterActuator(cluster).status().sessions();
			cluster.note("sessions: " + sessions + ", visits: "
					+ visitors.stream().map(SessionVisitor::visits).toList());
			assertThat(sessions.count()).as("sessions in the master%s", cluster.describe()).isEqualTo(visitors.size());
			assertThat(sessions.bytes()).isPositive();
		}
	}

}
