package io.clusterboot.demo.e2e;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestInstance.Lifecycle;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A cluster of two workers starts, both workers serve the one port, and only workers (never
 * the master) build the application context (issue 2, items 12a and 2). The master runs
 * with an option in {@code JAVA_TOOL_OPTIONS}, which each worker takes once.
 *
 * @author ClusterBoot team
 */
@TestInstance(Lifecycle.PER_CLASS)
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class ClusterStartIT {

	private static final String TOOL_OPTION = "-Dclusterboot.e2e.tool-option=picked-up";

	private static final Pattern CONTEXT_CREATED = Pattern.compile("Demo application context created in pid (\\d+)");

	private ClusterProcess cluster;

	private Set<Long> workers;

	@BeforeAll
	@Timeout(value = 2, unit = TimeUnit.MINUTES)
	void startCluster() {
		this.cluster = ClusterProcess.builder(getClass().getSimpleName())
			.launchedBy("/usr/bin/env", "JAVA_TOOL_OPTIONS=" + TOOL_OPTION)
			.workers(2)
			.start();
		this.workers = this.cluster.awaitReadyWorkers(2, ClusterProcess.STARTUP);
	}

	@AfterAll
	@Timeout(value = 1, unit = TimeUnit.MINUTES)
	void stopCluster() {
		if (this.cluster != null) {
			this.cluster.close();
		}
	}

	@Test
	void twoWorkersAnswerAndTheMasterNever() {
		long master = this.cluster.masterPid();
		assertThat(this.workers).as("ready workers are children of master %d%s", master, this.cluster.describe())
			.allSatisfy((pid) -> assertThat(Processes.isChildOf(this.cluster.master(), pid)).isTrue())
			.doesNotContain(master);

		// Connection: close from 8 clients: every request is a new connection for the
		// shared accept queue to hand to some worker.
		LoadReport report = HttpLoad.to(this.cluster.port())
			.closeClients(8)
			.maxRequests(200)
			.maxDuration(Duration.ofSeconds(60))
			.run(Duration.ofSeconds(70));
		this.cluster.note("load: " + report);

		assertThat(report.requests()).as("requests sent: %s", report).isEqualTo(200);
		assertThat(report.unsuccessful()).as("unsuccessful requests: %s%s", report, this.cluster.describe())
			.isZero();
		assertThat(report.pids()).as("pids that answered (master %d, workers %s): %s", master, this.workers, report)
			.doesNotContain(master)
			.containsExactlyInAnyOrderElementsOf(this.workers);
	}

	@Test
	void onlyWorkersCreateTheApplicationContext() {
		long master = this.cluster.masterPid();
		// Worker lines are relayed by the master; wait until both probes have arrived.
		Set<Long> creators = Waits.until("a context-created line from each worker " + this.workers,
				Duration.ofSeconds(10), this::contextCreators, (pids) -> pids.containsAll(this.workers),
				this.cluster::describe);
		assertThat(creators).as("pids that created the application context (master %d)%s", master,
				this.cluster.describe())
			.doesNotContain(master)
			.isSubsetOf(this.cluster.descendantPidsEverSeen());
	}

	@Test
	void workersTakeTheOptionsOfTheMastersJavaToolOptionsOnce() {
		for (long pid : this.workers) {
			ProcessHandle worker = ProcessHandle.of(pid).orElseThrow();
			List<String> arguments = List.of(worker.info().arguments().orElseThrow());
			assertThat(arguments).as("arguments of worker %d", pid).containsOnlyOnce(TOOL_OPTION);
			assertThat(Processes.environment(worker)).as("environment of worker %d", pid)
				.doesNotContainKey("JAVA_TOOL_OPTIONS");
		}
	}

	private Set<Long> contextCreators() {
		Set<Long> pids = new TreeSet<>();
		for (String line : this.cluster.lines()) {
			Matcher matcher = CONTEXT_CREATED.matcher(line);
			if (matcher.find()) {
				pids.add(Long.parseLong(matcher.group(1)));
			}
		}
		return pids;
	}

}
