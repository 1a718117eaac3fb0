package io.clusterboot.demo.e2e;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Sessions live in the master: a visitor whose every request takes a new connection is
 * known to every worker, and keeps its session across a rolling reload, a worker killed
 * with SIGKILL, a master upgrade (the new master takes the sessions over) and a stop and
 * start of the whole cluster (the stopped master keeps them in a file); what cannot be
 * serialized fails at the request that sets it, naming the attribute and its class, and
 * the session keeps what it had (issue 31).
 *
 * @author ClusterBoot team
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class SessionsIT {

	@Test
	void everyWorkerKnowsEverySessionAcrossReloadsAndCrashes(TestInfo testInfo, @TempDir Path storeDirectory)
			throws IOException {
		List<SessionVisitor> visitors;
		int port;
		try (ClusterProcess cluster = ClusterProcess.builder(testInfo)
			.workers(2)
			.property(ClusterProcess.SESSIONS_STORE_DIR, storeDirectory.toString())
			.start()) {
			Set<Long> initial = cluster.awaitReadyWorkers(2, ClusterProcess.STARTUP);
			port = cluster.port();
			visitors = List.of(new SessionVisitor(port), new SessionVisitor(port), new SessionVisitor(port));
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

			long oldMaster = cluster.masterPid();
			cluster.signalMaster(Signal.USR1);
			Waits.until("the new master's workers answering the visitors, the old master gone",
					Duration.ofSeconds(90), () -> {
						for (SessionVisitor each : visitors) {
							each.visit(cluster.describe());
						}
						return !cluster.isMasterRunning();
					}, cluster::describe);
			ClusterStatus upgraded = new ClusterActuator(cluster).status();
			assertThat(upgraded.master().pid()).as("master after the upgrade%s", cluster.describe())
				.isNotEqualTo(oldMaster);
			for (SessionVisitor each : visitors) {
				each.visit(cluster.describe());
			}
			assertSessions(cluster, visitors, upgraded.sessions());

			cluster.signal(upgraded.master().pid(), Signal.TERM);
			cluster.awaitGone(upgraded.master().pid(), Duration.ofSeconds(60));
		}
		// the next start of the application, on the same port: nobody is logged out
		assertThat(storeDirectory).isDirectoryContaining("glob:**/sessions-demo-app-*.bin");
		try (ClusterProcess restarted = ClusterProcess.builder(testInfo)
			.port(port)
			.workers(2)
			.property(ClusterProcess.SESSIONS_STORE_DIR, storeDirectory.toString())
			.start()) {
			restarted.awaitReadyWorkers(2, ClusterProcess.STARTUP);
			for (SessionVisitor each : visitors) {
				each.visit(restarted.describe());
			}
			assertSessions(restarted, visitors, new ClusterActuator(restarted).status().sessions());
		}
	}

	private static void assertSessions(ClusterProcess cluster, List<SessionVisitor> visitors,
			ClusterStatus.Sessions sessions) {
		cluster.note("sessions: " + sessions + ", visits: " + visitors.stream().map(SessionVisitor::visits).toList());
		assertThat(sessions.count()).as("sessions in the master%s", cluster.describe()).isEqualTo(visitors.size());
		assertThat(sessions.bytes()).isPositive();
	}

}
