package io.clusterboot.demo.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The master replaced without closing a port, under a closed-loop load of keep-alive and
 * {@code Connection: close} clients on the server port and on the management port: a
 * new master whose jar cannot start ({@code cluster.workers: 0}, on {@code USR1}) fails
 * the upgrade while the old master and its workers serve on; then, scaled to 3 workers,
 * the control command's {@code upgrade --wait} starts a new master of another version of
 * the jar (ClusterBoot's own version too, which the new master reports), which runs 3
 * workers too and takes both sockets, the pid file and the service
 * manager's main pid ({@code MAINPID=}, to a notify socket of the test's) over once they
 * are ready, while the old master drains its workers and exits 0. No request fails on
 * either port, and no process is left once the new master stops (issue 15, items 2 and
 * 3). The demo's leader-only job runs in one worker at a time throughout: first in one of
 * the old master's, then in one of the new master's, never in both at once (issue 29,
 * item 2).
 *
 * @author ClusterBoot team
 */
@Timeout(value = 6, unit = TimeUnit.MINUTES)
class MasterUpgradeIT {

	private static final String VERSION = "2.0.0-upgraded";

	private static final Duration LOAD_LIMIT = Duration.ofMinutes(5);

	private static final Duration UPGRADE_TIMEOUT = Duration.ofMinutes(3);

	@TempDir
	Path directory;

	@Test
	void aNewMasterTakesTheSocketsOverAndOneThatCannotStartLeavesTheOldServing(TestInfo testInfo)
			throws Exception {
		Deployment deployment = Deployment.of(this.directory);
		Path pidFile = this.directory.resolve("master.pid");
		LeaderLog leaderLog = new LeaderLog(this.directory);
		int managementPort = FreePorts.pick();
		// no --cluster.workers: the failing jar's application.yml must be the one that counts
		try (NotifyReceiver notify = NotifyReceiver.bind();
				ClusterProcess cluster = ClusterProcess.builder(testInfo)
					.launchedBy("/usr/bin/env", "NOTIFY_SOCKET=" + notify.path())
					.jar(deployment.jar())
			.workers(null)
			.property("cluster.pid-file", pidFile.toString())
			.property("demo.leader-log", leaderLog.property())
			.property("management.server.port", Integer.toString(managementPort))
			.property("management.server.address", FreePorts.LOOPBACK.getHostAddress())
			// health says 503 on a retiring worker, as it should: the load asks what always answers 200
			.property("management.endpoints.web.exposure.include", "health,info,cluster")
			.property("cluster.process-kill-timeout", "10s")
			// no training runs competing with the new master's start on 2 cores
			.property("cluster.boot-cache.enabled", "false")
			.start()) {
			Set<Long> first = cluster.awaitReadyWorkers(ClusterProcess.DEMO_WORKERS, ClusterProcess.STARTUP);
			long oldMaster = cluster.masterPid();
			long newMaster;
			int handedOver;
			try (BothPortsLoad load = BothPortsLoad.start(cluster.port(), 2, managementPort, 1, LOAD_LIMIT)) {
				HttpLoad applicationLoad = load.application();
				applicationLoad.awaitResponses(first, 1, UnderLoad.SERVING_TIMEOUT);
				load.awaitBothAnswering(cluster);
				leaderLog.awaitRunBy("a worker of the old master", first::contains, UnderLoad.SERVING_TIMEOUT,
						cluster);

				deployment.swapIn(deployment.stageConfiguration("no-workers", "cluster:\n  workers: 0\n"));
				cluster.signalMaster(Signal.USR1);
				ClusterStatus failed = awaitUpgradeEnd(managementPort, 1, cluster);
				assertThat(failed.upgrade().state()).as("%s%s", failed.upgrade(), cluster.describe())
					.isEqualTo("FAILED");
				assertThat(failed.upgrade().error()).as("error of %s", failed.upgrade())
					.contains("exited with code 1 before it took over");
				ProcessHandle failedMaster = ProcessHandle.of(failed.upgrade().pid()).orElse(null);
				if (failedMaster != null) {
					Waits.until("the failed new master to be gone", Duration.ofSeconds(30),
							() -> !Processes.isRunning(failedMaster), cluster::describe);
				}
				assertThat(failed.master().pid()).as("master after the failed upgrade").isEqualTo(oldMaster);
				assertThat(failed.pids()).as("workers after the failed upgrade%s", cluster.describe())
					.isEqualTo(first);
				assertThat(readPid(pidFile)).as("pid file after the failed upgrade").isEqualTo(oldMaster);
				applicationLoad.awaitResponses(first, UnderLoad.RESPONSES, UnderLoad.SERVING_TIMEOUT);

				// a scaling holds across the upgrade: the new jar asks for the count it was scaled from
				deployment.swapIn(deployment.stageVersionWithClusterBoot(VERSION));
				ControlCommandRun scale = ControlCommandRun.of(deployment.jar(), UPGRADE_TIMEOUT, List.of(), "scale",
						"3");
				assertThat(scale.exitCode()).as("scale 3: %s", scale).isZero();
				Set<Long> scaled = cluster.awaitReadyWorkers(3, ClusterProcess.STARTUP);
				ControlCommandRun upgrade = ControlCommandRun.of(deployment.jar(), UPGRADE_TIMEOUT, List.of(),
						"upgrade", "--wait");
				assertThat(upgrade.exitCode()).as("upgrade --wait: %s%s", upgrade, cluster.describe()).isZero();
				assertThat(upgrade.out()).as("upgrade --wait").startsWith("Master upgrade 2 RUNNING");
				assertThat(cluster.awaitMasterExit(Duration.ofSeconds(60))).as("old master's exit code%s",
						cluster.describe())
					.isZero();
				newMaster = readPid(pidFile);
				assertThat(newMaster).as("pid file after the upgrade").isNotEqualTo(oldMaster);
				ClusterStatus upgraded = status(managementPort);
				assertThat(upgraded.master().pid()).as("master that answers after the upgrade").isEqualTo(newMaster);
				assertThat(upgraded.master().managementAddress()).as("management address of the new master")
					.isEqualTo("127.0.0.1:" + managementPort);
				ControlCommandRun status = ControlCommandRun.of(deployment.jar(), UPGRADE_TIMEOUT, List.of(), "status");
				assertThat(status.out()).as("the new master runs the new jar's ClusterBoot: %s", status)
					.startsWith("Master pid " + newMaster + " (ClusterBoot " + VERSION + "), ");
				handedOver = notify.await("MAINPID=" + newMaster, 0, Duration.ofSeconds(10));
				Set<Long> workers = upgraded.pids();
				assertThat(workers).as("workers of the new master%s", cluster.describe())
					.hasSize(3)
					.doesNotContainAnyElementsOf(scaled);
				long newLeader = leaderLog.awaitRunBy("a worker of the new master", workers::contains,
						UnderLoad.SERVING_TIMEOUT, cluster);
				assertThat(leaderLog.overlaps()).as("leader-only runs of different workers that overlap%s",
						cluster.describe())
					.isEmpty();
				assertThat(leaderLog.pids()).as("leaders").endsWith(newLeader)
					.allMatch((pid) -> scaled.contains(pid) || workers.contains(pid));
				Map<Responder, Long> answered = applicationLoad.awaitResponses(workers, UnderLoad.RESPONSES,
						UnderLoad.SERVING_TIMEOUT);
				assertThat(answered.keySet()).as("who answered after the upgrade").allSatisfy((responder) -> {
					assertThat(responder.pid()).isIn(workers);
					assertThat(responder.version()).isEqualTo(VERSION);
				});
				load.awaitNewWorkersOnTheManagementPort(cluster);
				load.stopAndAssertNoLoss(cluster);
			}

			ProcessHandle successor = ProcessHandle.of(newMaster).orElseThrow();
			Processes.signal(successor, Signal.TERM);
			notify.await("STOPPING=1", handedOver + 1, Duration.ofSeconds(10));
			Waits.until("the new master to stop", Duration.ofSeconds(60), () -> !Processes.isRunning(successor),
					cluster::describe);
			Waits.until("every process of the cluster to be gone", Duration.ofSeconds(10),
					() -> cluster.runningDescendantsEverSeen().isEmpty(), cluster::describe);
			Waits.until("both ports released", Duration.ofSeconds(10),
					() -> FreePorts.canBind(cluster.port()) && FreePorts.canBind(managementPort), cluster::describe);
			assertThat(Files.exists(pidFile)).as("pid file after the new master stopped").isFalse();
		}
	}

	private static ClusterStatus awaitUpgradeEnd(int managementPort, int id, ClusterProcess cluster) {
		return Waits.until("master upgrade " + id + " to end", UPGRADE_TIMEOUT, () -> status(managementPort),
				(status) -> status.upgrade() != null && status.upgrade().id() == id
						&& !status.upgrade().state().equals("RUNNING"),
				cluster::describe);
	}

	private static ClusterStatus status(int managementPort) throws IOException {
		HttpResponse response = HttpConnection.get(managementPort, ClusterActuator.PATH);
		return Json.read(response.body(), ClusterStatus.class);
	}

	private static long readPid(Path pidFile) throws IOException {
		return Long.parseLong(Files.readString(pidFile, StandardCharsets.US_ASCII).trim());
	}

}
