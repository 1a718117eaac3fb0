package io.clusterboot.demo.e2e;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Workers never outlive a master killed with SIGKILL: they notice their control channel
 * closing and stop (issue 2, item 12e).
 *
 * @author ClusterBoot team
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class MasterKillIT {

	private static final Duration WORKERS_GONE = Duration.ofSeconds(5);

	@Test
	void workersExitWhenTheMasterIsKilled(TestInfo testInfo) {
		try (ClusterProcess cluster = ClusterProcess.builder(testInfo).workers(2).start()) {
			Set<Long> workers = cluster.awaitReadyWorkers(2, ClusterProcess.STARTUP);
			Set<Long> processes = cluster.descendantPidsEverSeen();
			assertThat(processes).as("descendants of the master").containsAll(workers);

			cluster.signalMaster(Signal.KILL);
			Waits.until("every worker of " + processes + " to exit", WORKERS_GONE,
					cluster::runningDescendantsEverSeen, Set::isEmpty, cluster::describe);
			assertThat(cluster.awaitExit(Duration.ofSeconds(5))).as("master exit code (SIGKILL)").isEqualTo(128 + 9);
		}
	}

}
