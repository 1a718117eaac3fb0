package io.clusterboot.demo.e2e;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The heart of ClusterBoot: workers retired one at a time with SIGTERM under a closed-loop
 * load lose no request at all, with keep-alive and {@code Connection: close} clients alike
 * (issue 2, item 12d), on Tomcat, Jetty and Reactor Netty alike (issue 6, item 7).
 *
 * @author ClusterBoot team
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class ZeroLossRetirementIT {

	/**
	 * Retirements in a row: by the third, one retires a worker that started under this
	 * load, which is what repeats (five proved nothing more and took half a minute of CI).
	 */
	private static final int RETIREMENTS = 3;

	private static final Duration PROCESS_KILL_TIMEOUT = Duration.ofSeconds(10);

	@ParameterizedTest(name = "{0}")
	@EnumSource(DemoServer.class)
	void retiringWorkersUnderLoadLosesNoRequest(DemoServer server, TestInfo testInfo) {
		try (ClusterProcess cluster = ClusterProcess.builder(testInfo)
			.jar(server.jar())
			.workers(2)
			.property("cluster.process-kill-timeout", PROCESS_KILL_TIMEOUT.toSeconds() + "s")
			// A worker stopped from outside is restarted with backoff; keep it short so the
			// cycles are not spent waiting.
			.property("cluster.restart.initial-delay", "200ms")
			.property("cluster.restart.max-delay", "2s")
			.start()) {
			Set<Long> initial = cluster.awaitReadyWorkers(2, ClusterProcess.STARTUP);
			List<String> cycles = new ArrayList<>();
			LoadReport report;
			try (HttpLoad load = HttpLoad.to(cluster.port())
				.keepAliveClients(16)
				.closeClients(16)
				.maxDuration(Duration.ofMinutes(4))
				.start()) {
				Waits.until("both workers serving the load", Duration.ofSeconds(30),
						() -> load.pidsSeen().containsAll(initial), () -> " " + load.snapshot() + cluster.describe());
				for (int cycle = 1; cycle <= RETIREMENTS; cycle++) {
					cycles.add(retireOne(cluster, load, cycle));
					LoadReport sofar = load.snapshot();
					assertThat(sofar.unsuccessful()).as("unsuccessful requests after cycle %d: %s%n%s%s", cycle,
							sofar, String.join(System.lineSeparator(), cycles), cluster.describe())
						.isZero();
				}
				report = load.stop();
			}
			cluster.note("load: " + report);
			assertThat(report.unsuccessful()).as("unsuccessful requests: %s%s", report, cluster.describe()).isZero();
			assertThat(report.successes()).as("successful requests: %s", report).isPositive();
			assertThat(report.hitMaxDuration()).as("load stopped by its time limit: %s", report).isFalse();

			Set<Long> replacements = cluster.readyEvents()
				.stream()
				.map(ClusterProcess.WorkerReady::pid)
				.filter((pid) -> !initial.contains(pid))
				.collect(Collectors.toCollection(LinkedHashSet::new));
			assertThat(replacements).as("replacement workers; cycles:%n%s%s",
					String.join(System.lineSeparator(), cycles), cluster.describe())
				.hasSize(RETIREMENTS);
			assertThat(cluster.readyWorkerPids()).as("live ready workers at the end%s", cluster.describe())
				.hasSize(2);
			assertThat(cluster.isMasterRunning()).as("master alive%s", cluster.describe()).isTrue();
		}
	}

	/**
	 * SIGTERMs the ready worker that serves the most right now (so that the drain happens
	 * under real traffic: the kernel does not spread connections evenly, and a freshly
	 * started worker may get almost none) and waits until it is gone and its replacement
	 * is ready and serving.
	 * @return a one-line account of the cycle for failure messages
	 */
	private String retireOne(ClusterProcess cluster, HttpLoad load, int cycle) {
		Set<Long> ready = cluster.awaitReadyWorkers(2, Duration.ofSeconds(30));
		long victim = load.busiest(ready, 2000, Duration.ofSeconds(30));
		LoadReport sofar = load.snapshot();
		Set<Long> known = cluster.readyEvents()
			.stream()
			.map(ClusterProcess.WorkerReady::pid)
			.collect(Collectors.toSet());
		long before = load.successes();
		cluster.note("cycle " + cycle + ": retiring " + victim + " (" + sofar.responses(victim) + " responses) of "
				+ ready + "; responses by pid " + sofar.responsesByPid());
		assertThat(sofar.responses(victim)).as("responses from the worker about to be retired: %s", sofar)
			.isPositive();
		cluster.signal(victim, Signal.TERM);
		ClusterProcess.WorkerReady replacement = cluster.awaitNewReadyWorker(known, Duration.ofSeconds(90));
		cluster.awaitGone(victim, PROCESS_KILL_TIMEOUT.plusSeconds(10));
		Waits.until("the replacement " + replacement + " serving", Duration.ofSeconds(30),
				() -> load.pidsSeen().contains(replacement.pid()), () -> " " + load.snapshot() + cluster.describe());
		String account = "cycle " + cycle + ": retired " + victim + ", replaced by " + replacement + "; "
				+ (load.successes() - before) + " successful requests during the cycle, " + load.failures()
				+ " failures so far";
		cluster.note(account);
		return account;
	}

}
