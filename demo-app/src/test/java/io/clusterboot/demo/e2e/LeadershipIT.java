package io.clusterboot.demo.e2e;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A {@code @Scheduled @ClusterLeaderOnly} job runs in exactly one worker at any moment,
 * and keeps running as the leadership moves across a reload and a kill -9 of the leader
 * (issue 6, item 5). The demo's job appends {@code pid start end} (epoch microseconds)
 * for each run to a file ({@link LeaderLog}); no two runs of different workers may
 * overlap. {@code MasterUpgradeIT} checks the same across a master upgrade.
 *
 * @author ClusterBoot team
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class LeadershipIT {

	private static final Duration MOVE_TIMEOUT = Duration.ofSeconds(60);

	@Test
	void leaderOnlyJobRunsInOneWorkerAtATime(TestInfo testInfo, @TempDir Path directory) throws IOException {
		LeaderLog log = new LeaderLog(directory);
		try (ClusterProcess cluster = ClusterProcess.builder(testInfo)
			.workers(2)
			.property("demo.leader-log", log.property())
			.start()) {
			Set<Long> initial = cluster.awaitReadyWorkers(2, ClusterProcess.STARTUP);
			long first = log.awaitRunBy("a first leader", (pid) -> true, MOVE_TIMEOUT, cluster);

			new ClusterActuator(cluster).rollOut(ReloadTrigger.ENDPOINT);
			long afterReload = log.awaitRunBy("a leader of the new generation", (pid) -> !initial.contains(pid),
					MOVE_TIMEOUT, cluster);

			cluster.signal(afterReload, Signal.KILL);
			Set<Long> gone = new LinkedHashSet<>(initial);
			gone.add(afterReload);
			long afterKill = log.awaitRunBy("a leader after the kill", (pid) -> !gone.contains(pid), MOVE_TIMEOUT,
					cluster);

			cluster.note("leaders " + first + ", " + afterReload + ", " + afterKill + "; " + log.runs().size()
					+ " runs");
			assertThat(log.overlaps()).as("runs of different workers that overlap%s", cluster.describe()).isEmpty();
			assertThat(log.pids()).as("leaders in order").startsWith(first).endsWith(afterReload, afterKill);
		}
	}

}
