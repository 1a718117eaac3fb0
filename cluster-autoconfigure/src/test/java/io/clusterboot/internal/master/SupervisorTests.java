package io.clusterboot.internal.master;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.clusterboot.internal.ipc.ControlMessage;
import io.clusterboot.internal.ipc.ControlRecords;
import io.clusterboot.internal.master.FakeCluster.FakeWorker;
import io.clusterboot.internal.master.MasterAction.Log;
import io.clusterboot.internal.master.MasterAction.TrimMemory;
import io.clusterboot.internal.master.MasterAction.WorkerSignal;
import io.clusterboot.status.BootCacheState;
import io.clusterboot.status.ClusterStatus;
import io.clusterboot.status.ReloadState;
import io.clusterboot.status.SlotState;
import io.clusterboot.status.UpgradeState;
import io.clusterboot.status.WorkerState;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link Supervisor}: every rule of the master, and their combinations, with a
 * fake clock and fake worker processes. Each runs in milliseconds.
 *
 * @author ClusterBoot team
 */
class SupervisorTests {

	private static final Duration KILL_TIMEOUT = Duration.ofSeconds(30);

	@Nested
	class Starting {

		@Test
		void startsTheConfiguredWorkers() {
			FakeCluster cluster = FakeCluster.start();
			assertThat(cluster.forked()).extracting((worker) -> worker.slot).containsExactly(1, 2);
			assertThat(cluster.forked()).allSatisfy((worker) -> {
				assertThat(worker.generation).isEqualTo(1);
				assertThat(worker.count).isEqualTo(2);
			});
			assertThat(cluster.logs()).contains("Starting worker 1 (generation 1)", "Starting worker 2 (generation 1)");
		}

		@Test
		void startsNoMoreThanMaxStartingAtATime() {
			FakeCluster cluster = FakeCluster.start((properties) -> {
				properties.setWorkers("5");
				properties.setMaxStarting("2");
			});
			assertThat(cluster.forked()).hasSize(2);
			cluster.advance(Duration.ofSeconds(5));
			assertThat(cluster.forked()).hasSize(2);
			cluster.ready(cluster.forked().get(0));
			assertThat(cluster.forked()).hasSize(3);
			cluster.ready(cluster.forked().get(1));
			cluster.ready(cluster.forked().get(2));
			assertThat(cluster.forked()).extracting((worker) -> worker.slot).containsExactly(1, 2, 3, 4, 5);
		}

		@Test
		void waitsForTheNextDeadlineOnlyWhenAWorkerMayStart() {
			FakeCluster cluster = FakeCluster.start((properties) -> {
				properties.setWorkers("3");
				properties.setMaxStarting("2");
			});
			// slot 3 is due, but there is no room: no busy loop
			assertThat(cluster.nextDeadline()).isEqualTo(cluster.now().plusSeconds(1));
		}

		@Test
		void readyWorkersServeAndTheOldestIsTheLeader() {
			FakeCluster cluster = FakeCluster.serving();
			ClusterStatus status = cluster.status();
			assertThat(status.workers().ready()).isEqualTo(2);
			assertThat(status.processes()).extracting(ClusterStatus.Worker::state).containsOnly(WorkerState.READY);
			FakeWorker first = cluster.forked().get(0);
			assertThat(first.received(ControlMessage.LEADER_GRANTED)).isTrue();
			assertThat(cluster.forked().get(1).received(ControlMessage.LEADER_GRANTED)).isFalse();
			assertThat(status.master().leader()).isEqualTo(first.pid);
			assertThat(cluster.logs()).contains("Worker 1 (pid 1000) is ready after 0 ms")
				.anyMatch((line) -> line.startsWith("Cluster serving: first worker ready"));
		}

		@Test
		void statusShowsTheSessionStore() {
			assertThat(FakeCluster.serving().status().sessions()).isEqualTo(FakeCluster.SESSIONS);
		}

		@Test
		void workersAreToldTheWorkerCountWhenTheyConnect() {
			FakeCluster cluster = FakeCluster.serving();
			assertThat(workerCounts(cluster.forked().get(0))).containsExactly(2L);
		}

		@Test
		void readyWorkersAreToldWhileAnotherStartsAndOnceNoneDoes() {
			FakeCluster cluster = FakeCluster.start();
			FakeWorker first = cluster.forked().get(0);
			FakeWorker second = cluster.forked().get(1);
			cluster.ready(first);
			assertThat(workersStarting(first)).as("ready while the second starts").containsExactly(true);
			cluster.ready(second);
			assertThat(workersStarting(first)).containsExactly(true, false);
			assertThat(workersStarting(second)).as("none starts once it is ready").isEmpty();
			cluster.signal("TTIN");
			FakeWorker third = cluster.newest(3);
			assertThat(workersStarting(second)).as("while a third starts").containsExactly(true);
			cluster.ready(third);
			assertThat(workersStarting(first)).containsExactly(true, false, true, false);
			assertThat(workersStarting(second)).containsExactly(true, false);
			assertThat(workersStarting(third)).isEmpty();
		}

		@Test
		void memoryIsTrimmedOnceEverySlotServes() {
			FakeCluster cluster = FakeCluster.start();
			cluster.ready(cluster.forked().get(0));
			assertThat(cluster.actions()).noneMatch(TrimMemory.class::isInstance);
			cluster.ready(cluster.forked().get(1));
			assertThat(cluster.actions()).filteredOn(TrimMemory.class::isInstance).hasSize(1);
			cluster.advance(Duration.ofSeconds(1));
			assertThat(cluster.actions()).filteredOn(TrimMemory.class::isInstance).hasSize(1);
		}

		@Test
		void whenNoWorkerBecomesReadyTheClusterStopsWithExitCode1() {
			FakeCluster cluster = FakeCluster.start();
			cluster.exit(cluster.forked().get(0), 1);
			assertThat(cluster.isFinished()).isFalse();
			cluster.exit(cluster.forked().get(1), 1);
			assertThat(cluster.isFinished()).isTrue();
			assertThat(cluster.exitCode()).isEqualTo(1);
			assertThat(cluster.forked()).hasSize(2);
			assertThat(cluster.logs()).anyMatch((line) -> line.startsWith("No worker became ready: Worker 2")
					&& line.contains("last line of 1001"));
		}

		@Test
		void workerNotReadyWithinTheStartupTimeoutIsKilledThenReplaced() {
			FakeCluster cluster = FakeCluster
				.start((properties) -> properties.setStartupTimeout(Duration.ofSeconds(10)));
			cluster.ready(cluster.forked().get(0));
			FakeWorker slow = cluster.forked().get(1);
			cluster.advanceInSeconds(Duration.ofSeconds(11));
			assertThat(slow.signals).containsExactly(WorkerSignal.KILL);
			assertThat(cluster.logs()).contains("Worker 2 (pid 1001) did not become ready within 10s; killing it");
			assertThat(cluster.newest(2)).isSameAs(slow);
			cluster.exit(slow, 137);
			assertThat(cluster.newest(2)).isNull();
			cluster.advance(Duration.ofSeconds(1));
			assertThat(cluster.newest(2)).isNotSameAs(slow).isNotNull();
			assertThat(cluster.slot(2).restarts()).isEqualTo(1);
		}

		@Test
		void forkThatFailsIsRetriedAfterTheBackoffDelay() {
			FakeCluster cluster = FakeCluster.serving();
			cluster.forkFails(true);
			cluster.advance(Duration.ofMinutes(1));
			cluster.exit(cluster.forked().get(0), 1);
			assertThat(cluster.logs()).contains("Could not start worker 1: Cannot run program: error=11");
			cluster.forkFails(false);
			assertThat(cluster.newest(1)).isNull();
			cluster.advanceInSeconds(Duration.ofSeconds(1));
			assertThat(cluster.newest(1)).isNotNull();
		}

	}

	@Nested
	class Restarts {

		@Test
		void workerThatRanLongEnoughIsRestartedAtOnce() {
			FakeCluster cluster = FakeCluster.serving();
			FakeWorker first = cluster.forked().get(0);
			cluster.advance(Duration.ofMinutes(1));
			cluster.exit(first, 137);
			assertThat(cluster.newest(1)).isNotNull().isNotSameAs(first);
			assertThat(cluster.logs())
				.contains("Worker 1 (pid 1000) was killed (SIGKILL, exit code 137). Out of memory?");
			ClusterStatus.Slot slot = cluster.slot(1);
			assertThat(slot.restarts()).isEqualTo(1);
			assertThat(slot.lastExit().code()).isEqualTo(137);
			assertThat(slot.lastExit().signal()).isEqualTo(9);
			assertThat(slot.state()).isEqualTo(SlotState.OK);
		}

		@Test
		void quickExitsBackOffExponentiallyAndAreReportedErroredAfterThree() {
			FakeCluster cluster = FakeCluster.serving();
			for (long delay : new long[] { 1, 2, 4, 8 }) {
				cluster.exit(cluster.newest(1), 1);
				cluster.advance(Duration.ofMillis(delay * 1000 - 1));
				assertThat(cluster.newest(1)).as("%d ms after the exit", delay * 1000 - 1).isNull();
				cluster.advance(Duration.ofMillis(1));
				assertThat(cluster.newest(1)).as("%d s after the exit", delay).isNotNull();
			}
			ClusterStatus.Slot slot = cluster.slot(1);
			assertThat(slot.state()).isEqualTo(SlotState.ERRORED);
			assertThat(slot.lastOutput()).singleElement().asString().startsWith("last line of");
			assertThat(cluster.status().workers().errored()).isEqualTo(1);
			assertThat(cluster.logs())
				.anyMatch((line) -> line.startsWith("Worker 1 is crash-looping (3 quick exits in a row)"));
			cluster.ready(cluster.newest(1));
			assertThat(cluster.slot(1).state()).isEqualTo(SlotState.OK);
		}

		@Test
		void backoffStopsAtTheMaximumDelay() {
			FakeCluster cluster = FakeCluster.serving((properties) -> properties.getRestart()
				.setMaxDelay(Duration.ofSeconds(3)));
			for (int i = 0; i < 5; i++) {
				cluster.exit(cluster.newest(1), 1);
				cluster.advance(Duration.ofSeconds(3));
			}
			assertThat(cluster.newest(1)).isNotNull();
			assertThat(cluster.slot(1).nextRestart()).isNull();
		}

		@Test
		void restartsOnlyGrowEvenWhenSlotsAreRemoved() {
			FakeCluster cluster = FakeCluster.serving();
			cluster.advance(Duration.ofMinutes(1));
			cluster.exit(cluster.newest(2), 137);
			assertThat(cluster.status().workers().restarts()).isEqualTo(1);
			cluster.signal("TTOU");
			assertThat(cluster.status().workers().restarts()).isEqualTo(1);
		}

		@Test
		void silentWorkerPrintsItsThreadsIsKilledAndReplaced() {
			FakeCluster cluster = FakeCluster.serving();
			FakeWorker hung = cluster.forked().get(0);
			cluster.heartbeat(hung);
			cluster.advanceInSeconds(Duration.ofSeconds(31));
			assertThat(hung.signals).containsExactly(WorkerSignal.QUIT);
			assertThat(cluster.logs()).contains(
					"Worker 1 (pid 1000) sent no heartbeat for 30s; printing its threads and killing it");
			cluster.advanceInSeconds(Duration.ofSeconds(2));
			assertThat(hung.signals).containsExactly(WorkerSignal.QUIT, WorkerSignal.KILL);
			cluster.exit(hung, 137);
			assertThat(cluster.logs()).contains("Worker 1 (pid 1000) stopped with exit code 137");
			assertThat(cluster.newest(1)).isNotNull().isNotSameAs(hung);
			assertThat(cluster.slot(1).lastExit().code()).isEqualTo(137);
		}

		@Test
		void theMasterWakesWhenAHeartbeatTimeoutAThreadDumpGraceOrAStopDeadlineEnds() {
			FakeCluster cluster = FakeCluster.serving((properties) -> {
				properties.getHeartbeat().setInterval(Duration.ofMillis(100));
				properties.getHeartbeat().setTimeout(Duration.ofMillis(400));
				properties.setProcessKillTimeout(Duration.ofMillis(700));
			});
			FakeWorker hung = cluster.forked().get(0);
			cluster.heartbeat(hung);
			assertThat(cluster.nextDeadline()).isEqualTo(cluster.now().plusMillis(401));
			cluster.advance(Duration.ofMillis(401));
			assertThat(hung.signals).containsExactly(WorkerSignal.QUIT);
			cluster.advance(Watchdog.THREAD_DUMP_GRACE.plusMillis(1));
			assertThat(hung.signals).containsExactly(WorkerSignal.QUIT, WorkerSignal.KILL);
			cluster.exit(hung, 137);
			cluster.signal("TERM");
			assertThat(cluster.nextDeadline()).isEqualTo(cluster.now().plusMillis(701));
		}

		@Test
		void theMasterWakesWhenAStartingWorkersStartupTimeoutEnds() {
			FakeCluster cluster = FakeCluster.start((properties) -> properties.setStartupTimeout(Duration.ofMillis(300)));
			assertThat(cluster.nextDeadline()).isEqualTo(cluster.now().plusMillis(301));
			cluster.advance(Duration.ofMillis(301));
			assertThat(cluster.logs()).contains("Worker 1 (pid 1000) did not become ready within 300ms; killing it");
		}

		@Test
		void workerThatDoesNotTakeItsMessagesIsTreatedAsHung() {
			FakeCluster cluster = FakeCluster.serving();
			FakeWorker stopped = cluster.forked().get(1);
			cluster.unreachable(stopped);
			cluster.unreachable(stopped);
			assertThat(stopped.signals).containsExactly(WorkerSignal.QUIT);
			cluster.advanceInSeconds(Duration.ofSeconds(2));
			assertThat(stopped.signals).containsExactly(WorkerSignal.QUIT, WorkerSignal.KILL);
			cluster.exit(stopped, 137);
			cluster.advance(Duration.ofSeconds(1));
			assertThat(cluster.newest(2)).isNotNull().isNotSameAs(stopped);
		}

		@Test
		void workerThatIgnoresTermIsKilledAtItsDeadline() {
			FakeCluster cluster = FakeCluster.serving();
			cluster.signal("TERM");
			cluster.advanceInSeconds(KILL_TIMEOUT);
			assertThat(cluster.running()).allSatisfy((worker) -> assertThat(worker.signals).containsExactly(WorkerSignal.TERM));
			cluster.advance(Duration.ofSeconds(1));
			assertThat(cluster.running())
				.allSatisfy((worker) -> assertThat(worker.signals).containsExactly(WorkerSignal.TERM, WorkerSignal.KILL));
			assertThat(cluster.logs()).contains("Worker 1 (pid 1000) is still running at its stop deadline; killing it");
			cluster.exitSignalled();
			assertThat(cluster.isFinished()).isTrue();
			assertThat(cluster.exitCode()).isZero();
		}

	}

	@Nested
	class SaturatedWorkers {

		private static final Duration INTERVAL = Duration.ofSeconds(5);

		@Test
		void workersWhoseRequestThreadsAreAllBusyButBeatAreKeptAndShownSaturated() {
			FakeCluster cluster = FakeCluster.serving();
			List<FakeWorker> workers = cluster.forked();
			// two minutes, four heartbeat timeouts, with every request thread of every worker busy
			for (int i = 0; i < 24; i++) {
				workers.forEach((worker) -> cluster.heartbeatWithThreads(worker, 4, 4));
				cluster.advanceInSeconds(INTERVAL);
			}
			assertThat(workers).allSatisfy((worker) -> assertThat(worker.signals).isEmpty());
			ClusterStatus saturated = cluster.status();
			assertThat(saturated.processes()).extracting(ClusterStatus.Worker::requestThreads)
				.containsOnly(new ClusterStatus.RequestThreads(4, 4, true));
			assertThat(saturated.saturatedWorkers()).isEqualTo(2);
			assertThat(saturated.workers().ready()).isEqualTo(2);
			workers.forEach((worker) -> cluster.heartbeatWithThreads(worker, 1, 4));
			ClusterStatus recovered = cluster.status();
			assertThat(recovered.processes()).extracting(ClusterStatus.Worker::requestThreads)
				.containsOnly(new ClusterStatus.RequestThreads(1, 4, false));
			assertThat(recovered.saturatedWorkers()).isZero();
			assertThat(saturationLines(cluster, "Worker 1 ")).containsExactly(
					"WARN Worker 1 (pid 1000) is saturated: all 4 request threads are busy, 4 request(s) in flight; "
							+ "it still beats and is kept, and new requests wait for a thread",
					"WARN Worker 1 (pid 1000) has been saturated for 60s: all 4 request threads are busy, 4 "
							+ "request(s) in flight",
					"INFO Worker 1 (pid 1000) is no longer saturated, after 120s");
		}

		@Test
		void saturatedWorkerThatGoesSilentIsStillKilled() {
			FakeCluster cluster = FakeCluster.serving();
			FakeWorker hung = cluster.forked().get(0);
			cluster.heartbeatWithThreads(hung, 4, 4);
			cluster.advanceInSeconds(Duration.ofSeconds(31));
			assertThat(hung.signals).containsExactly(WorkerSignal.QUIT);
			assertThat(cluster.logs()).contains(
					"Worker 1 (pid 1000) sent no heartbeat for 30s; printing its threads and killing it");
		}

		@Test
		void workerThatGoesInAndOutOfSaturationIsReportedOnceAMinute() {
			FakeCluster cluster = FakeCluster.serving();
			FakeWorker flapping = cluster.forked().get(0);
			FakeWorker other = cluster.forked().get(1);
			for (int i = 0; i <= 12; i++) {
				cluster.heartbeatWithThreads(flapping, (i % 2 == 0) ? 4 : 3, 4);
				cluster.heartbeat(other);
				cluster.advanceInSeconds(INTERVAL);
			}
			assertThat(saturationLines(cluster, "Worker 1 ")).containsExactly(
					"WARN Worker 1 (pid 1000) is saturated: all 4 request threads are busy, 4 request(s) in flight; "
							+ "it still beats and is kept, and new requests wait for a thread",
					"INFO Worker 1 (pid 1000) is no longer saturated, after 5s",
					"WARN Worker 1 (pid 1000) is saturated: all 4 request threads are busy, 4 request(s) in flight; "
							+ "it still beats and is kept, and new requests wait for a thread (5 earlier spell(s) "
							+ "not logged)");
			assertThat(saturationLines(cluster, "Worker 2 ")).isEmpty();
		}

		private List<String> saturationLines(FakeCluster cluster, String worker) {
			return cluster.actions()
				.stream()
				.filter(Log.class::isInstance)
				.map(Log.class::cast)
				.filter((log) -> log.message().startsWith(worker) && log.message().contains("saturated"))
				.map((log) -> log.level() + " " + log.message())
				.toList();
		}

	}

	@Nested
	class Stopping {

		@Test
		void termStopsEveryWorkerAndFinishesOnceTheyAreGone() {
			FakeCluster cluster = FakeCluster.serving();
			cluster.signal("TERM");
			assertThat(cluster.logs()).contains("Received SIGTERM: stopping 2 worker(s), waiting up to 30s");
			assertThat(cluster.running()).allSatisfy((worker) -> assertThat(worker.signals).containsExactly(WorkerSignal.TERM));
			cluster.signal("INT");
			assertThat(cluster.logs()).contains("Received SIGINT while stopping; workers still running: 2");
			cluster.exit(cluster.forked().get(0), 0);
			assertThat(cluster.isFinished()).isFalse();
			cluster.exit(cluster.forked().get(1), 143);
			assertThat(cluster.isFinished()).isTrue();
			assertThat(cluster.exitCode()).isZero();
			assertThat(cluster.forked()).hasSize(2);
		}

		@Test
		void termDuringAReloadFailsItAndStopsOldAndNewWorkers() {
			FakeCluster cluster = FakeCluster.serving();
			cluster.signal("HUP");
			FakeWorker starting = cluster.newest(1);
			assertThat(starting.generation).isEqualTo(2);
			cluster.signal("TERM");
			assertThat(cluster.running()).hasSize(3)
				.allSatisfy((worker) -> assertThat(worker.signals).containsExactly(WorkerSignal.TERM));
			ClusterStatus.Reload reload = cluster.status().reload();
			assertThat(reload.state()).isEqualTo(ReloadState.FAILED);
			assertThat(reload.error()).isEqualTo("The cluster stopped");
			cluster.exitSignalled();
			assertThat(cluster.isFinished()).isTrue();
		}

		@Test
		void nothingStartsWhileStopping() {
			FakeCluster cluster = FakeCluster.serving();
			cluster.signal("TERM");
			cluster.signal("HUP");
			cluster.signal("TTIN");
			cluster.exit(cluster.forked().get(0), 1);
			cluster.advanceInSeconds(Duration.ofSeconds(5));
			assertThat(cluster.forked()).hasSize(2);
			assertThat(cluster.logs()).contains("Reload requested by SIGHUP refused: the cluster is stopping",
					"Scaling to 3 worker(s) requested by SIGTTIN refused: The cluster is stopping");
		}

	}

	@Nested
	class Reloading {

		@Test
		void reloadReplacesSlotBySlotAndSucceedsOnlyOnceTheOldWorkersAreGone() {
			FakeCluster cluster = FakeCluster.serving();
			FakeWorker old1 = cluster.forked().get(0);
			FakeWorker old2 = cluster.forked().get(1);
			cluster.signal("HUP");
			assertThat(cluster.logs()).contains(
					"Reload 1 (generation 2) started by SIGHUP: reading the configuration of the application on disk",
					"Reload 1 (generation 2) replacing 2 worker(s), 1 at a time");
			FakeWorker new1 = cluster.newest(1);
			assertThat(new1.generation).isEqualTo(2);
			assertThat(cluster.newest(2)).isSameAs(old2);
			assertThat(old1.signals).isEmpty();

			cluster.ready(new1);
			assertThat(old1.signals).containsExactly(WorkerSignal.TERM);
			FakeWorker new2 = cluster.newest(2);
			assertThat(new2.generation).isEqualTo(2);
			cluster.ready(new2);
			assertThat(old2.signals).containsExactly(WorkerSignal.TERM);

			ClusterStatus.Reload draining = cluster.status().reload();
			assertThat(draining.state()).isEqualTo(ReloadState.RUNNING);
			assertThat(draining.phase()).isEqualTo("DRAINING");
			assertThat(draining.progress()).isEqualTo(new ClusterStatus.Progress(2, 2, 2));
			cluster.exit(old1, 0);
			assertThat(cluster.status().reload().progress().draining()).isEqualTo(1);
			cluster.exit(old2, 0);

			ClusterStatus status = cluster.status();
			assertThat(status.reload().state()).isEqualTo(ReloadState.SUCCEEDED);
			assertThat(status.reload().phase()).isNull();
			assertThat(status.master().generation()).isEqualTo(2);
			assertThat(status.reloads().succeeded()).isEqualTo(1);
			assertThat(cluster.logs()).contains("Reload 1 (generation 2) succeeded");
			assertThat(cluster.actions()).filteredOn(TrimMemory.class::isInstance).hasSize(2);
		}

		@Test
		void noWorkerIsReplacedUntilTheConfigurationOnDiskIsReadWhichServingWorkersMakeRoomFor() {
			FakeCluster cluster = FakeCluster.serving();
			FakeWorker serving = cluster.forked().get(0);
			cluster.holdConfigurationReads();
			cluster.signal("HUP");
			assertThat(cluster.actions()).filteredOn(MasterAction.ReadConfiguration.class::isInstance).hasSize(1);
			cluster.advance(Duration.ofSeconds(5));
			assertThat(cluster.forked()).hasSize(2);
			assertThat(cluster.status().reload().phase()).isEqualTo("READING_CONFIGURATION");
			assertThat(workersStarting(serving)).as("told while the configuration is read").endsWith(true);
			cluster.answerConfigurationReads();
			assertThat(cluster.forked()).hasSize(3);
			assertThat(cluster.status().reload().phase()).isEqualTo("REPLACING");
		}

		@Test
		void reloadAppliesTheWorkerCountAndSettingsOfTheConfigurationOnDisk() {
			FakeCluster cluster = FakeCluster.serving();
			cluster.configurationOnDisk((properties) -> {
				properties.setWorkers("3");
				properties.getWorker().setJvmArgs(List.of("-Xmx200m"));
				properties.setStartupTimeout(Duration.ofSeconds(20));
			});
			cluster.signal("HUP");
			assertThat(cluster.actions()).filteredOn(MasterAction.ApplyConfiguration.class::isInstance)
				.singleElement()
				.satisfies((action) -> assertThat(((MasterAction.ApplyConfiguration) action).settings().workerJvmArgs())
					.containsExactly("-Xmx200m"));
			assertThat(cluster.logs()).contains(
					"Reload 1 (generation 2) changes the number of workers from 2 to 3 (cluster.workers)",
					"Reload 1 (generation 2) starts workers with cluster.worker.jvm-args [-Xmx200m]");
			assertThat(cluster.status().workers().desired()).isEqualTo(3);
			while (!cluster.starting().isEmpty()) {
				assertThat(cluster.starting()).as("one new worker at a time").hasSize(1);
				assertThat(cluster.starting().get(0).generation).isEqualTo(2);
				cluster.starting().forEach(cluster::ready);
				cluster.exitSignalled();
			}
			ClusterStatus status = cluster.status();
			assertThat(status.reload().state()).isEqualTo(ReloadState.SUCCEEDED);
			assertThat(status.processes()).hasSize(3).allMatch((worker) -> worker.generation() == 2);
			assertThat(status.settings()).isEqualTo(new ClusterStatus.Settings(2, 3, 8, 2, Duration.ofSeconds(20),
					status.settings().heartbeatTimeout(), status.settings().processKillTimeout(), 1, 0,
					List.of("-Xmx200m")));
			// the new startup timeout applies: a worker not ready within 20s is killed
			FakeWorker crashed = cluster.newest(3);
			cluster.exit(crashed, 1);
			cluster.advance(Duration.ofSeconds(2));
			FakeWorker replacement = cluster.newest(3);
			cluster.advance(Duration.ofSeconds(21));
			assertThat(replacement.signals).contains(WorkerSignal.KILL);
		}

		@Test
		void aScalingHoldsAcrossAReloadThatLeavesTheConfiguredCountAlone() {
			FakeCluster cluster = FakeCluster.serving();
			cluster.signal("TTIN");
			cluster.starting().forEach(cluster::ready);
			cluster.signal("HUP");
			assertThat(cluster.status().workers().desired()).isEqualTo(3);
			assertThat(cluster.status().settings().workers()).isEqualTo(2);
		}

		@Test
		void reloadToFewerWorkersDrainsTheSlotsItRemovesOnceTheOthersRunTheNewGeneration() {
			FakeCluster cluster = FakeCluster.serving((properties) -> properties.setWorkers("3"));
			FakeWorker second = cluster.newest(2);
			FakeWorker third = cluster.newest(3);
			cluster.configurationOnDisk((properties) -> properties.setWorkers("1"));
			cluster.signal("HUP");
			assertThat(cluster.logs()).contains("Reload 1 (generation 2) changes the number of workers from 3 to 1 "
					+ "(cluster.workers); the workers above 1 serve until the others run the new generation",
					"Reload 1 (generation 2) replacing 1 worker(s), 1 at a time");
			assertThat(cluster.starting()).singleElement().satisfies((worker) -> assertThat(worker.slot).isEqualTo(1));
			assertThat(second.signals).isEmpty();
			assertThat(third.signals).isEmpty();
			cluster.starting().forEach(cluster::ready);
			assertThat(second.signals).containsExactly(WorkerSignal.TERM);
			assertThat(third.signals).containsExactly(WorkerSignal.TERM);
			assertThat(cluster.status().reload().state()).isEqualTo(ReloadState.RUNNING);
			cluster.exitSignalled();
			assertThat(cluster.status().reload().state()).isEqualTo(ReloadState.SUCCEEDED);
			assertThat(cluster.status().reload().progress()).isEqualTo(new ClusterStatus.Progress(1, 1, 0));
			assertThat(cluster.running()).hasSize(1).allMatch((worker) -> worker.generation == 2);
		}

		@Test
		void aWorkerWhoseSlotGoesInTheStepThatStartsItIsToldToStopOnceItRuns() {
			FakeCluster cluster = FakeCluster.serving((properties) -> properties.setMaxStarting("1"));
			cluster.configurationOnDisk((properties) -> {
				properties.setWorkers("1");
				properties.setMaxStarting("1");
			});
			cluster.signal("HUP");
			FakeWorker replacement = cluster.newest(1);
			cluster.exit(cluster.newest(2), 1);
			// slot 2 restarts once the reload's new worker is ready, in the step that removes the slot
			assertThat(cluster.starting()).containsExactly(replacement);
			cluster.elapse(Duration.ofMinutes(1));
			cluster.ready(replacement);
			FakeWorker restarted = cluster.newest(2);
			assertThat(restarted.generation).isEqualTo(1);
			assertThat(restarted.signals).containsExactly(WorkerSignal.TERM);
			cluster.exitSignalled();
			assertThat(cluster.status().reload().state()).isEqualTo(ReloadState.SUCCEEDED);
		}

		@Test
		void aFailedReloadToFewerWorkersLeavesEveryWorkerServing() {
			FakeCluster cluster = FakeCluster.serving();
			List<FakeWorker> serving = cluster.running();
			cluster.configurationOnDisk((properties) -> properties.setWorkers("1"));
			cluster.signal("HUP");
			cluster.exit(cluster.starting().get(0), 1);
			assertThat(cluster.status().reload().state()).isEqualTo(ReloadState.FAILED);
			assertThat(cluster.running()).isEqualTo(serving).allSatisfy((worker) -> assertThat(worker.signals).isEmpty());
			assertThat(cluster.status().workers().desired()).isEqualTo(2);
		}

		@Test
		void aScalingWhileAReloadRunsSetsTheCountItEndsWith() {
			FakeCluster cluster = FakeCluster.serving();
			cluster.signal("HUP");
			cluster.signal("TTIN");
			while (!cluster.starting().isEmpty()) {
				cluster.starting().forEach(cluster::ready);
				cluster.exitSignalled();
			}
			assertThat(cluster.status().reload().state()).isEqualTo(ReloadState.SUCCEEDED);
			assertThat(cluster.running()).hasSize(3).allMatch((worker) -> worker.generation == 2);
		}

		@Test
		void aReloadWhoseWorkersFailGoesBackToTheSettingsItReplaced() {
			FakeCluster cluster = FakeCluster.serving();
			cluster.configurationOnDisk((properties) -> {
				properties.setWorkers("3");
				properties.getWorker().setJvmArgs(List.of("-Xmx200m"));
			});
			cluster.signal("HUP");
			cluster.exit(cluster.starting().get(0), 1);
			ClusterStatus status = cluster.status();
			assertThat(status.reload().state()).isEqualTo(ReloadState.FAILED);
			assertThat(status.workers().desired()).isEqualTo(2);
			assertThat(status.settings().generation()).isEqualTo(1);
			assertThat(status.settings().workerJvmArgs()).isEmpty();
			assertThat(cluster.actions()).filteredOn(MasterAction.ApplyConfiguration.class::isInstance)
				.hasSize(2)
				.last()
				.satisfies((action) -> assertThat(((MasterAction.ApplyConfiguration) action).settings().workers())
					.isEqualTo(2));
			assertThat(cluster.running()).hasSize(2).allMatch((worker) -> worker.generation == 1);
			assertThat(cluster.logs())
				.contains("Reload 1 (generation 2) failed: back to the settings of generation 1 (2 worker(s))");
		}

		@Test
		void anInvalidConfigurationOnDiskFailsTheReloadAndChangesNothing() {
			FakeCluster cluster = FakeCluster.serving();
			cluster.invalidConfigurationOnDisk("the JVM that reads it exited with code 1: Invalid value '0' for "
					+ "cluster.workers");
			cluster.signal("HUP");
			ClusterStatus status = cluster.status();
			assertThat(status.reload().state()).isEqualTo(ReloadState.FAILED);
			assertThat(status.reload().error()).contains("Invalid value '0' for cluster.workers");
			assertThat(cluster.forked()).hasSize(2);
			assertThat(status.settings().generation()).isEqualTo(1);
			assertThat(status.master().generation()).isEqualTo(1);
			assertThat(cluster.actions()).noneMatch(MasterAction.ApplyConfiguration.class::isInstance);
			assertThat(cluster.logs()).contains("Reload 1 (generation 2) failed: The configuration of generation 2 "
					+ "could not be read: the JVM that reads it exited with code 1: Invalid value '0' for cluster.workers");
		}

		@Test
		void batchSizeReplacesThatManySlotsAtATimeButNoMoreThanMayStart() {
			FakeCluster cluster = FakeCluster.serving((properties) -> {
				properties.setWorkers("4");
				properties.setMaxStarting("4");
				properties.getReload().setBatchSize(3);
			});
			cluster.signal("HUP");
			assertThat(cluster.running()).filteredOn((worker) -> worker.generation == 2).hasSize(3);
		}

		@Test
		void reloadWhileWorkersStartIsCappedByMaxStarting() {
			FakeCluster cluster = FakeCluster.serving((properties) -> {
				properties.setWorkers("3");
				properties.setMaxStarting("1");
				properties.getReload().setBatchSize(3);
			});
			cluster.signal("HUP");
			assertThat(cluster.running()).filteredOn((worker) -> worker.generation == 2).hasSize(1);
		}

		@Test
		void secondTriggerJoinsTheRunningReload() {
			FakeCluster cluster = FakeCluster.serving();
			cluster.signal("HUP");
			cluster.signal("HUP");
			Object joined = cluster.request(cluster.forked().get(1), ControlMessage.of(ControlMessage.RELOAD));
			assertThat(joined).asInstanceOf(InstanceOfAssertFactories.MAP)
				.containsEntry("id", "1")
				.containsEntry("state", "RUNNING");
			assertThat(cluster.running()).filteredOn((worker) -> worker.generation == 2).hasSize(1);
			assertThat(cluster.logs()).contains("Reload requested by SIGHUP joins Reload 1 (generation 2)");
		}

		@Test
		void badDeployFailsTheReloadAndTheOldWorkersKeepServing() {
			FakeCluster cluster = FakeCluster.serving();
			cluster.signal("HUP");
			FakeWorker bad = cluster.newest(1);
			cluster.exit(bad, 1);
			ClusterStatus status = cluster.status();
			assertThat(status.reload().state()).isEqualTo(ReloadState.FAILED);
			assertThat(status.reload().error())
				.startsWith("Worker 1 (pid 1002) of generation 2 exited with code 1 before it was ready.")
				.contains("last line of 1002");
			assertThat(cluster.running()).extracting((worker) -> worker.pid).containsExactly(1000L, 1001L);
			assertThat(cluster.running()).allSatisfy((worker) -> assertThat(worker.signals).isEmpty());
			assertThat(status.master().generation()).isEqualTo(1);
			assertThat(status.slots()).extracting(ClusterStatus.Slot::restarts).containsOnly(0);
			assertThat(status.reloads().failed()).isEqualTo(1);
		}

		@Test
		void badDeployThenScaleStartsTheServingGeneration() {
			FakeCluster cluster = FakeCluster.serving();
			cluster.signal("HUP");
			cluster.exit(cluster.newest(1), 1);
			cluster.signal("TTIN");
			assertThat(cluster.newest(3).generation).isEqualTo(1);
		}

		@Test
		void hungNewWorkerFailsTheReload() {
			FakeCluster cluster = FakeCluster.serving();
			cluster.signal("HUP");
			FakeWorker hung = cluster.newest(1);
			cluster.heartbeat(hung);
			cluster.forked().forEach((worker) -> cluster.heartbeat(worker));
			for (int i = 0; i < 31; i++) {
				cluster.running().stream().filter((worker) -> worker != hung).forEach(cluster::heartbeat);
				cluster.advance(Duration.ofSeconds(1));
			}
			assertThat(hung.signals).containsExactly(WorkerSignal.QUIT);
			cluster.advanceInSeconds(Duration.ofSeconds(2));
			cluster.exit(hung, 137);
			ClusterStatus.Reload reload = cluster.status().reload();
			assertThat(reload.state()).isEqualTo(ReloadState.FAILED);
			assertThat(reload.error()).contains("stopped sending heartbeats");
		}

		@Test
		void crashOfAnOldWorkerWhileItDrainsIsNotRestarted() {
			FakeCluster cluster = FakeCluster.serving();
			FakeWorker old1 = cluster.forked().get(0);
			cluster.signal("HUP");
			cluster.ready(cluster.newest(1));
			cluster.exit(old1, 137);
			assertThat(cluster.running()).extracting((worker) -> worker.slot).containsExactly(2, 1, 2);
			assertThat(cluster.slot(1).restarts()).isZero();
		}

		@Test
		void scaleDuringAReloadIsRolledOutToo() {
			FakeCluster cluster = FakeCluster.serving();
			cluster.signal("HUP");
			cluster.signal("TTIN");
			FakeWorker added = cluster.newest(3);
			assertThat(added.generation).isEqualTo(1);
			for (int i = 0; i < 10 && cluster.status().reload().state() == ReloadState.RUNNING; i++) {
				cluster.starting().forEach(cluster::ready);
				cluster.exitSignalled();
			}
			ClusterStatus status = cluster.status();
			assertThat(status.reload().state()).isEqualTo(ReloadState.SUCCEEDED);
			assertThat(status.reload().progress().total()).isEqualTo(3);
			assertThat(cluster.running()).hasSize(3).allSatisfy((worker) -> assertThat(worker.generation).isEqualTo(2));
		}

		@Test
		void reloadThroughTheEndpointAnswersTheReload() {
			FakeCluster cluster = FakeCluster.serving();
			Object answer = cluster.request(cluster.forked().get(0), ControlMessage.of(ControlMessage.RELOAD));
			assertThat(answer).asInstanceOf(InstanceOfAssertFactories.MAP)
				.containsEntry("state", "RUNNING")
				.containsEntry("phase", "READING_CONFIGURATION")
				.containsEntry("generation", 2);
			assertThat(cluster.logs()).anyMatch((line) -> line.startsWith(
					"Reload 1 (generation 2) started by the cluster endpoint of Worker 1 (pid 1000)"));
		}

	}

	@Nested
	class ControlCommand {

		@Test
		void statusAnswersTheClusterStatus() throws Exception {
			FakeCluster cluster = FakeCluster.serving();
			ClusterStatus status = ControlRecords
				.fromValue(cluster.command(42, ControlMessage.of(ControlMessage.STATUS)), ClusterStatus.class);
			assertThat(status).isEqualTo(cluster.status());
			assertThat(status.workers().ready()).isEqualTo(2);
		}

		@Test
		void reloadStartsOneNamingTheCommandAndASecondJoinsIt() {
			FakeCluster cluster = FakeCluster.serving();
			Object first = cluster.command(42, ControlMessage.of(ControlMessage.RELOAD));
			assertThat(first).asInstanceOf(InstanceOfAssertFactories.MAP)
				.containsEntry("id", "1")
				.containsEntry("state", "RUNNING");
			assertThat(cluster.logs()).anyMatch((line) -> line.startsWith(
					"Reload 1 (generation 2) started by the control command (pid 42)"));
			assertThat(cluster.command(43, ControlMessage.of(ControlMessage.RELOAD)))
				.asInstanceOf(InstanceOfAssertFactories.MAP)
				.containsEntry("id", "1");
		}

		@Test
		void scaleSetsTheWorkersWithinTheMaximum() {
			FakeCluster cluster = FakeCluster.serving((properties) -> properties.setMaxWorkers("4"));
			assertThat(cluster.command(42, ControlMessage.of(ControlMessage.SCALE, "workers", 3)))
				.isEqualTo(Map.of("desired", 3));
			assertThat(cluster.forked()).hasSize(3);
			assertThat(cluster.command(42, ControlMessage.of(ControlMessage.SCALE, "workers", 5))).isEqualTo(
					Map.of(ControlMessage.REJECTED, "The cluster runs at most 4 workers (cluster.max-workers)"));
			assertThat(cluster.logs()).contains("Scaling from 2 to 3 worker(s), requested by the control command (pid 42)");
		}

		@Test
		void stopStopsTheClusterAsTermDoes() {
			FakeCluster cluster = FakeCluster.serving();
			assertThat(cluster.command(42, ControlMessage.of(ControlMessage.STOP)))
				.isEqualTo(Map.of("stopping", true, "timeout", "PT30S"));
			assertThat(cluster.logs())
				.contains("Stop requested by the control command (pid 42): stopping 2 worker(s), waiting up to 30s");
			assertThat(cluster.running()).allSatisfy((worker) -> assertThat(worker.signals).containsExactly(WorkerSignal.TERM));
			assertThat(cluster.command(42, ControlMessage.of(ControlMessage.RELOAD)))
				.isEqualTo(Map.of(ControlMessage.REFUSED, "The cluster is stopping"));
			cluster.command(42, ControlMessage.of(ControlMessage.STOP));
			assertThat(cluster.logs())
				.contains("Stop requested by the control command (pid 42) while stopping; workers still running: 2");
		}

		@Test
		void unknownRequestIsRejectedAndChangesNothing() {
			FakeCluster cluster = FakeCluster.serving();
			assertThat(cluster.command(42, ControlMessage.of("restart-everything")))
				.isEqualTo(Map.of(ControlMessage.REJECTED, "Unknown request 'restart-everything'"));
			assertThat(cluster.running()).hasSize(2).allSatisfy((worker) -> assertThat(worker.signals).isEmpty());
		}

	}

	@Nested
	class Scaling {

		@Test
		void ttinAndTtouAddAndRemoveTheHighestSlot() {
			FakeCluster cluster = FakeCluster.serving();
			cluster.signal("TTIN");
			FakeWorker third = cluster.newest(3);
			assertThat(third.count).isEqualTo(3);
			assertThat(cluster.logs()).contains("Scaling from 2 to 3 worker(s), requested by SIGTTIN");
			cluster.ready(third);
			assertThat(workerCounts(cluster.forked().get(0))).containsExactly(2L, 3L);
			cluster.signal("TTOU");
			assertThat(third.signals).containsExactly(WorkerSignal.TERM);
			assertThat(cluster.status().workers().desired()).isEqualTo(2);
			cluster.exit(third, 0);
			assertThat(cluster.newest(3)).isNull();
		}

		@Test
		void scalingRejectsLessThanOneAndMoreThanTheMaximumAndStartsNothing() {
			FakeCluster cluster = FakeCluster.serving((properties) -> properties.setMaxWorkers("3"));
			FakeWorker asking = cluster.forked().get(0);
			Object above = cluster.request(asking, ControlMessage.of(ControlMessage.SCALE, "workers", 1000000));
			assertThat(above).isEqualTo(
					Map.of(ControlMessage.REJECTED, "The cluster runs at most 3 workers (cluster.max-workers)"));
			cluster.signal("TTOU");
			cluster.signal("TTOU");
			assertThat(cluster.logs())
				.contains("Scaling to 0 worker(s) requested by SIGTTOU refused: The cluster needs at least 1 worker");
			cluster.signal("TTIN");
			cluster.signal("TTIN");
			cluster.signal("TTIN");
			assertThat(cluster.logs()).contains(
					"Scaling to 4 worker(s) requested by SIGTTIN refused: The cluster runs at most 3 workers (cluster.max-workers)");
			assertThat(cluster.status().workers().desired()).isEqualTo(3);
			assertThat(cluster.status().workers().max()).isEqualTo(3);
		}

		@Test
		void scaleUpStartsNoMoreThanMaxStartingAtATime() {
			FakeCluster cluster = FakeCluster.serving((properties) -> properties.setMaxStarting("2"));
			Object answer = cluster.request(cluster.forked().get(0), ControlMessage.of(ControlMessage.SCALE, "workers", 8));
			assertThat(answer).isEqualTo(Map.of("desired", 8));
			assertThat(cluster.starting()).hasSize(2);
			cluster.advanceInSeconds(Duration.ofSeconds(5));
			assertThat(cluster.starting()).hasSize(2);
			while (!cluster.starting().isEmpty()) {
				cluster.starting().forEach(cluster::ready);
				assertThat(cluster.starting()).hasSizeLessThanOrEqualTo(2);
			}
			assertThat(cluster.running()).hasSize(8);
		}

		@Test
		void ttouWhileAWorkerDrainsRemovesTheNextSlot() {
			FakeCluster cluster = FakeCluster.serving((properties) -> properties.setWorkers("3"));
			cluster.signal("TTOU");
			FakeWorker draining = cluster.forked().get(2);
			cluster.draining(draining);
			cluster.signal("TTOU");
			assertThat(cluster.forked().get(1).signals).containsExactly(WorkerSignal.TERM);
			assertThat(draining.signals).containsExactly(WorkerSignal.TERM);
			assertThat(cluster.status().workers().desired()).isEqualTo(1);
			cluster.exitSignalled();
			assertThat(cluster.running()).extracting((worker) -> worker.slot).containsExactly(1);
		}

		@Test
		void workerOfARemovedSlotThatStartsIsNotReady() {
			FakeCluster cluster = FakeCluster.serving();
			cluster.signal("TTIN");
			FakeWorker third = cluster.newest(3);
			cluster.signal("TTOU");
			cluster.ready(third);
			assertThat(cluster.status().workers().ready()).isEqualTo(2);
			assertThat(cluster.logs()).doesNotContain("Worker 3 (pid 1002) is ready after 0 ms");
		}

	}

	@Nested
	class Recycling {

		@Test
		void workerThatServedItsRequestsIsReplacedReadyFirstOneAtATime() {
			FakeCluster cluster = FakeCluster.serving((properties) -> properties.getRecycle().setMaxRequests(100));
			FakeWorker first = cluster.forked().get(0);
			FakeWorker second = cluster.forked().get(1);
			cluster.heartbeat(first, 100, 1);
			cluster.heartbeat(second, 150, 1);
			assertThat(cluster.logs()).contains("Recycling Worker 1 (pid 1000): served 100 requests (limit 100)");
			FakeWorker replacement = cluster.newest(1);
			assertThat(replacement).isNotSameAs(first);
			assertThat(cluster.newest(2)).as("one at a time").isSameAs(second);
			assertThat(first.signals).isEmpty();
			cluster.ready(replacement);
			assertThat(first.signals).containsExactly(WorkerSignal.TERM);
			cluster.heartbeat(second, 160, 1);
			assertThat(cluster.newest(2)).as("predecessor still draining").isSameAs(second);
			cluster.exit(first, 0);
			cluster.heartbeat(second, 170, 1);
			assertThat(cluster.newest(2)).isNotSameAs(second);
		}

		@Test
		void workerAboveItsMemoryIsReplaced() {
			FakeCluster cluster = FakeCluster
				.serving((properties) -> properties.getRecycle().setMaxMemory(DataSize.ofMegabytes(100)));
			cluster.heartbeat(cluster.forked().get(1), 1, DataSize.ofMegabytes(120).toBytes());
			assertThat(cluster.logs()).contains("Recycling Worker 2 (pid 1001): resident memory 120MB is above 100MB");
		}

		@Test
		void jitterAddsUpToItsValueToEachWorkersLimit() {
			FakeCluster cluster = FakeCluster.serving((properties) -> {
				properties.getRecycle().setMaxRequests(100);
				properties.getRecycle().setMaxRequestsJitter(50);
			});
			cluster.heartbeat(cluster.forked().get(0), 99, 1);
			cluster.heartbeat(cluster.forked().get(0), 150, 1);
			assertThat(cluster.logs()).anyMatch((line) -> line.matches(
					"Recycling Worker 1 \\(pid 1000\\): served 150 requests \\(limit 1[0-4][0-9]\\)"));
		}

		@Test
		void replacementThatCrashesBacksOffAndIsReportedErrored() {
			FakeCluster cluster = FakeCluster.serving((properties) -> properties.getRecycle().setMaxRequests(100));
			FakeWorker served = cluster.forked().get(0);
			for (long delay : new long[] { 1, 2, 4 }) {
				cluster.heartbeat(served, 500, 1);
				FakeWorker replacement = cluster.newest(1);
				assertThat(replacement).isNotSameAs(served);
				cluster.exit(replacement, 1);
				cluster.heartbeat(served, 500, 1);
				cluster.advance(Duration.ofMillis(delay * 1000 - 1));
				cluster.heartbeat(served, 500, 1);
				assertThat(cluster.newest(1)).as("%d ms after the crash", delay * 1000 - 1).isSameAs(served);
				cluster.advance(Duration.ofMillis(1));
			}
			assertThat(cluster.slot(1).state()).isEqualTo(SlotState.ERRORED);
			assertThat(served.signals).isEmpty();
			assertThat(cluster.forked()).hasSize(5);
		}

		@Test
		void noRecyclingWhileAReloadRuns() {
			FakeCluster cluster = FakeCluster.serving((properties) -> properties.getRecycle().setMaxRequests(100));
			cluster.signal("HUP");
			cluster.heartbeat(cluster.forked().get(1), 500, 1);
			assertThat(cluster.logs()).noneMatch((line) -> line.startsWith("Recycling"));
			assertThat(cluster.running()).hasSize(3);
		}

	}

	@Nested
	class Leadership {

		@Test
		void leadershipMovesOnlyOnceTheLeaderReleasedIt() {
			FakeCluster cluster = leaderReplacedByAReload();
			FakeWorker leader = cluster.forked().get(0);
			FakeWorker next = cluster.forked().get(1);
			assertThat(leader.received(ControlMessage.LEADER_REVOKED)).isTrue();
			assertThat(next.received(ControlMessage.LEADER_GRANTED)).isFalse();
			cluster.send(leader, ControlMessage.of(ControlMessage.LEADER_RELEASED));
			assertThat(next.received(ControlMessage.LEADER_GRANTED)).isTrue();
			assertThat(cluster.status().master().leader()).isEqualTo(next.pid);
		}

		@Test
		void aLeaderThatNeverReleasesItLeadsUntilItIsKilledAtItsDeadline() {
			FakeCluster cluster = leaderReplacedByAReload();
			FakeWorker leader = cluster.forked().get(0);
			FakeWorker next = cluster.forked().get(1);
			cluster.advanceInSeconds(KILL_TIMEOUT);
			assertThat(cluster.leaders()).containsExactly(leader);
			cluster.advance(Duration.ofSeconds(1));
			assertThat(leader.signals).containsExactly(WorkerSignal.TERM, WorkerSignal.KILL);
			assertThat(cluster.leaders()).as("killed, but not gone yet").containsExactly(leader);
			cluster.exit(leader, 137);
			assertThat(cluster.leaders()).containsExactly(next);
		}

		@Test
		void oneWorkerLeadsAtATimeThroughRecyclingScalingCrashesAndStopping() {
			FakeCluster cluster = FakeCluster.serving((properties) -> {
				properties.setWorkers("3");
				properties.getRecycle().setMaxRequests(100);
			});
			FakeWorker first = cluster.forked().get(0);
			cluster.advance(Duration.ofMinutes(1));
			cluster.heartbeat(first, 100, 1);
			cluster.ready(cluster.newest(1));
			assertThat(cluster.leaders()).as("recycled, not yet released").containsExactly(first);
			cluster.release(first);
			FakeWorker second = cluster.forked().get(1);
			assertThat(cluster.leaders()).containsExactly(second);
			cluster.exitSignalled();

			cluster.signal("TTOU");
			cluster.signal("TTOU");
			assertThat(cluster.leaders()).as("its slot removed, not yet released").containsExactly(second);
			cluster.exitSignalled();
			FakeWorker recycled = cluster.newest(1);
			assertThat(cluster.leaders()).containsExactly(recycled);

			cluster.advance(Duration.ofMinutes(1));
			cluster.exit(recycled, 137);
			assertThat(cluster.leaders()).as("none ready in slot 1: no leader until its replacement is").isEmpty();
			cluster.ready(cluster.newest(1));
			assertThat(cluster.leaders()).containsExactly(cluster.newest(1));

			cluster.signal("TERM");
			assertThat(cluster.newest(1).received(ControlMessage.LEADER_REVOKED)).isTrue();
			cluster.release(cluster.newest(1));
			assertThat(cluster.leaders()).as("none while stopping").isEmpty();
		}

		@Test
		void leadershipMovesWhenTheLeaderDies() {
			FakeCluster cluster = FakeCluster.serving();
			cluster.advance(Duration.ofMinutes(1));
			cluster.exit(cluster.forked().get(0), 137);
			assertThat(cluster.forked().get(1).received(ControlMessage.LEADER_GRANTED)).isTrue();
			assertThat(cluster.logs()).contains("Leader worker id 1 is gone");
		}

		/**
		 * Starts a reload of a serving cluster and makes the new worker of slot 1, the
		 * leader's, ready: the leader (worker 1) is revoked.
		 */
		private FakeCluster leaderReplacedByAReload() {
			FakeCluster cluster = FakeCluster.serving();
			cluster.signal("HUP");
			cluster.ready(cluster.newest(1));
			return cluster;
		}

		@Test
		void messagesGoToTheReadyWorkersTheyAreAddressedTo() {
			FakeCluster cluster = FakeCluster.serving();
			cluster.signal("TTIN");
			FakeWorker sender = cluster.forked().get(0);
			cluster.send(sender, ControlMessage.of(ControlMessage.MESSAGE, "to", 0, "topic", "t", "payload", "{}"));
			cluster.send(sender, ControlMessage.of(ControlMessage.MESSAGE, "to", 2, "topic", "u", "payload", "{}"));
			assertThat(messages(sender)).containsExactly("t");
			assertThat(messages(cluster.forked().get(1))).containsExactly("t", "u");
			assertThat(messages(cluster.newest(3))).isEmpty();
		}

	}

	@Nested
	class BootCaching {

		@Test
		void workerStartedFromTheCacheWhoseJvmUsesTheArchiveSaysSo() {
			FakeCluster cluster = FakeCluster.start();
			cluster.fromBootCache(true);
			cluster.advance(Duration.ofMinutes(1));
			cluster.ready(cluster.forked().get(0), true);
			cluster.exit(cluster.forked().get(1), 137);
			cluster.ready(cluster.newest(2), true);
			assertThat(cluster.status().processes()).extracting(ClusterStatus.Worker::bootCache)
				.containsExactly(false, true);
			assertThat(cluster.logs()).contains("Worker 2 (pid 1002) is ready after 0 ms (from the boot cache)");
			assertThat(cluster.actions()).noneMatch(MasterAction.DiscardBootCache.class::isInstance);
		}

		@Test
		void workerWhoseJvmDidNotUseTheArchiveDiscardsTheCache() {
			FakeCluster cluster = FakeCluster.start();
			cluster.fromBootCache(true);
			cluster.ready(cluster.forked().get(1));
			cluster.advance(Duration.ofMinutes(1));
			cluster.exit(cluster.forked().get(0), 137);
			cluster.ready(cluster.newest(1), false);
			assertThat(cluster.actions()).filteredOn(MasterAction.DiscardBootCache.class::isInstance)
				.singleElement()
				.extracting((action) -> ((MasterAction.DiscardBootCache) action).reason())
				.asString()
				.contains("did not use the class archive");
			assertThat(cluster.status().processes()).filteredOn((worker) -> worker.pid() == 1002)
				.singleElement()
				.extracting(ClusterStatus.Worker::bootCache)
				.isEqualTo(false);
		}

		@Test
		void workerFromTheCacheThatExitsBeforeItIsReadyDiscardsTheCacheButOneAskedToStopDoesNot() {
			FakeCluster cluster = FakeCluster.serving();
			cluster.fromBootCache(true);
			cluster.signal("TTIN");
			cluster.signal("TTOU");
			cluster.exitSignalled();
			assertThat(cluster.actions()).noneMatch(MasterAction.DiscardBootCache.class::isInstance);
			cluster.signal("TTIN");
			cluster.exit(cluster.newest(3), 1);
			assertThat(cluster.actions()).filteredOn(MasterAction.DiscardBootCache.class::isInstance)
				.singleElement()
				.extracting((action) -> ((MasterAction.DiscardBootCache) action).reason())
				.asString()
				.isEqualTo("Worker 3 (pid 1003) started from it and exited with code 1 before it was ready");
		}

		@Test
		void cacheIsBuiltOnlyOnceEveryWorkerIsReadyAfterTheStartAndAfterEachReload() {
			FakeCluster cluster = FakeCluster.start();
			assertThat(cluster.actions()).noneMatch(MasterAction.BuildBootCache.class::isInstance);
			cluster.ready(cluster.forked().get(0));
			assertThat(cluster.actions()).noneMatch(MasterAction.BuildBootCache.class::isInstance);
			cluster.ready(cluster.forked().get(1));
			assertThat(cluster.actions()).filteredOn(MasterAction.BuildBootCache.class::isInstance).hasSize(1);
			cluster.signal("HUP");
			cluster.ready(cluster.newest(1));
			cluster.ready(cluster.newest(2));
			assertThat(cluster.actions()).filteredOn(MasterAction.BuildBootCache.class::isInstance).hasSize(1);
			cluster.exitSignalled();
			assertThat(cluster.actions()).filteredOn(MasterAction.BuildBootCache.class::isInstance).hasSize(2);
		}

		@Test
		void cacheThatChangesOnceTheClusterSettledIsBuiltThen() {
			FakeCluster cluster = FakeCluster.serving();
			long before = cluster.actions().stream().filter(MasterAction.BuildBootCache.class::isInstance).count();
			cluster.handle(new MasterEvent.BootCacheChanged(
					new ClusterStatus.BootCache(BootCacheState.BUILDING, "Waits until every worker is ready", "CDS", null)));
			assertThat(cluster.actions()).filteredOn(MasterAction.BuildBootCache.class::isInstance)
				.hasSize((int) before + 1);
		}

		@Test
		void reloadLooksAtTheJarAgainOnceItsConfigurationIsReadAndStatusShowsTheCache() {
			FakeCluster cluster = FakeCluster.serving();
			ClusterStatus.BootCache building = new ClusterStatus.BootCache(BootCacheState.BUILDING, null, "CDS", null);
			cluster.handle(new MasterEvent.BootCacheChanged(building));
			assertThat(cluster.status().bootCache()).isEqualTo(building);
			cluster.signal("HUP");
			assertThat(cluster.actions()).filteredOn(MasterAction.ApplyConfiguration.class::isInstance).hasSize(1);
		}

	}

	@Nested
	class MasterUpgrade {

		private static final long NEW_MASTER = 5000;

		@Test
		void usr1StartsANewMasterWhichTakesOverThenEveryWorkerDrains() {
			FakeCluster cluster = FakeCluster.serving();
			cluster.signal("USR1");
			assertThat(cluster.actions()).contains(new MasterAction.StartMaster(new Supervisor.Scale(2, 2)));
			assertThat(cluster.logs()).contains("Master upgrade 1 started by SIGUSR1: starting a new master of the jar "
					+ "on disk, which has 120s to take over",
					"Master upgrade 1: new master pid 5000 starts its workers; this master serves until it takes over");
			ClusterStatus.Upgrade running = cluster.status().upgrade();
			assertThat(running.state()).isEqualTo(UpgradeState.RUNNING);
			assertThat(running.pid()).isEqualTo(NEW_MASTER);
			assertThat(cluster.running()).allSatisfy((worker) -> {
				assertThat(worker.signals).isEmpty();
				assertThat(workersStarting(worker)).as("told that a worker starts").endsWith(true);
			});

			assertThat(cluster.command(NEW_MASTER, ControlMessage.of(ControlMessage.TAKE_OVER)))
				.isEqualTo(Map.of("accepted", true));
			assertThat(cluster.actions()).contains(new MasterAction.HandOver(NEW_MASTER));
			assertThat(cluster.logs()).contains("Master upgrade 1 succeeded: master pid 5000 took over",
					"Master pid 5000 took over: stopping 2 worker(s), waiting up to 30s");
			assertThat(cluster.running()).allSatisfy((worker) -> assertThat(worker.signals).containsExactly(WorkerSignal.TERM));
			assertThat(cluster.status().upgrade().state()).isEqualTo(UpgradeState.SUCCEEDED);
			cluster.exitSignalled();
			assertThat(cluster.isFinished()).as("finished while the new master runs on").isTrue();
			assertThat(cluster.exitCode()).isZero();
			assertThat(cluster.newMasterSignals()).isEmpty();
		}

		@Test
		void theControlCommandStartsAnUpgradeAndASecondRequestJoinsIt() {
			FakeCluster cluster = FakeCluster.serving();
			Object reply = cluster.command(300, ControlMessage.of(ControlMessage.UPGRADE));
			assertThat(reply).asInstanceOf(InstanceOfAssertFactories.MAP).containsEntry("id", 1)
				.containsEntry("state", "RUNNING");
			cluster.signal("USR1");
			assertThat(cluster.logs()).contains("Master upgrade requested by SIGUSR1 joins Master upgrade 1");
			assertThat(cluster.actions()).filteredOn(MasterAction.StartMaster.class::isInstance).hasSize(1);
		}

		@Test
		void aNewMasterThatExitsBeforeItTookOverFailsTheUpgradeAndTheWorkersServeOn() {
			FakeCluster cluster = FakeCluster.serving();
			List<FakeWorker> serving = cluster.running();
			cluster.signal("USR1");
			cluster.newMasterExits(1);
			ClusterStatus.Upgrade failed = cluster.status().upgrade();
			assertThat(failed.state()).isEqualTo(UpgradeState.FAILED);
			assertThat(failed.error())
				.isEqualTo("the new master (pid 5000) exited with code 1 before it took over; its log above says why");
			assertThat(cluster.logs()).contains("Master upgrade 1 failed: the new master (pid 5000) exited with code 1 "
					+ "before it took over; its log above says why; this master and its workers serve on");
			assertThat(cluster.isStopping()).isFalse();
			assertThat(cluster.running()).isEqualTo(serving).allSatisfy((worker) -> {
				assertThat(worker.signals).isEmpty();
				assertThat(workersStarting(worker)).as("told that no worker starts any more").endsWith(false);
			});
			assertThat(cluster.newMasterSignals()).isEmpty();
			assertThat(cluster.command(NEW_MASTER, ControlMessage.of(ControlMessage.TAKE_OVER)))
				.isEqualTo(Map.of(ControlMessage.REJECTED, "No master upgrade of master pid 1 waits for pid 5000"));
			assertThat(cluster.isStopping()).isFalse();

			cluster.signal("USR1");
			assertThat(cluster.status().upgrade()).satisfies((second) -> {
				assertThat(second.id()).isEqualTo(2);
				assertThat(second.pid()).isEqualTo(5001);
			});
		}

		@Test
		void aTakeOverAskedAgainIsAcceptedAgainAndOneByAnotherPidIsRejected() {
			FakeCluster cluster = FakeCluster.serving();
			cluster.signal("USR1");
			assertThat(cluster.command(6000, ControlMessage.of(ControlMessage.TAKE_OVER)))
				.isEqualTo(Map.of(ControlMessage.REJECTED, "No master upgrade of master pid 1 waits for pid 6000"));
			assertThat(cluster.status().upgrade().state()).isEqualTo(UpgradeState.RUNNING);
			assertThat(cluster.command(NEW_MASTER, ControlMessage.of(ControlMessage.TAKE_OVER)))
				.isEqualTo(Map.of("accepted", true));
			assertThat(cluster.command(NEW_MASTER, ControlMessage.of(ControlMessage.TAKE_OVER)))
				.as("asked again, its answer lost")
				.isEqualTo(Map.of("accepted", true));
			assertThat(cluster.actions()).filteredOn(MasterAction.HandOver.class::isInstance).hasSize(1);
		}

		@Test
		void aServiceManagerThatCannotBeToldTheNewMainProcessFailsTheUpgrade() {
			FakeCluster cluster = FakeCluster.serving();
			cluster.serviceManagerTold(false);
			cluster.signal("USR1");
			assertThat(cluster.command(NEW_MASTER, ControlMessage.of(ControlMessage.TAKE_OVER))).isEqualTo(Map.of(
					ControlMessage.REJECTED,
					"Master pid 1 could not tell the service manager that pid 5000 is the main process"));
			assertThat(cluster.status().upgrade().error()).isEqualTo(
					"the service manager could not be told that the new master is the main process (MAINPID=)");
			assertThat(cluster.newMasterSignals()).containsExactly(WorkerSignal.TERM);
			assertThat(cluster.isStopping()).isFalse();
		}

		@Test
		void scalingWaitsForTheUpgrade() {
			FakeCluster cluster = FakeCluster.serving();
			cluster.signal("USR1");
			assertThat(cluster.command(300, ControlMessage.of(ControlMessage.SCALE, "workers", 3)))
				.isEqualTo(Map.of(ControlMessage.REFUSED, "Master upgrade 1 runs; scale once it ended"));
			cluster.signal("TTIN");
			assertThat(cluster.status().workers().desired()).isEqualTo(2);
		}

		@Test
		void aNewMasterThatCannotBeForkedFailsTheUpgrade() {
			FakeCluster cluster = FakeCluster.serving();
			cluster.masterForkFails(true);
			cluster.signal("USR1");
			assertThat(cluster.status().upgrade().error())
				.isEqualTo("the new master could not be started: Cannot run program: error=12");
			assertThat(cluster.isStopping()).isFalse();
		}

		@Test
		void aNewMasterThatDoesNotTakeOverInTimeIsStoppedThenKilled() {
			FakeCluster cluster = FakeCluster.serving((properties) -> properties.setStartupTimeout(Duration.ofSeconds(20)));
			cluster.signal("USR1");
			cluster.advanceInSeconds(Duration.ofSeconds(39));
			assertThat(cluster.status().upgrade().state()).isEqualTo(UpgradeState.RUNNING);
			cluster.advance(Duration.ofSeconds(1));
			assertThat(cluster.status().upgrade().error()).isEqualTo("the new master did not take over within 40s");
			assertThat(cluster.newMasterSignals()).containsExactly(WorkerSignal.TERM);
			assertThat(cluster.nextDeadline()).isBeforeOrEqualTo(cluster.now().plus(Duration.ofSeconds(1)));
			cluster.signal("USR1");
			assertThat(cluster.logs()).contains("Master upgrade requested by SIGUSR1 refused: the new master of Master "
					+ "upgrade 1 (pid 5000) still stops");
			cluster.advanceInSeconds(KILL_TIMEOUT.plusSeconds(5));
			assertThat(cluster.newMasterSignals()).containsExactly(WorkerSignal.TERM, WorkerSignal.KILL);
			assertThat(cluster.logs()).contains("New master pid 5000 is still running; killing it");
			cluster.newMasterExits(137);
			assertThat(cluster.isStopping()).isFalse();
			cluster.signal("USR1");
			assertThat(cluster.status().upgrade().id()).isEqualTo(2);
		}

		@Test
		void aTakeOverThatComesWithTheDeadlineIsHandedOver() {
			FakeCluster cluster = FakeCluster.serving((properties) -> properties.setStartupTimeout(Duration.ofSeconds(20)));
			cluster.signal("USR1");
			cluster.elapse(Duration.ofSeconds(40));
			assertThat(cluster.command(NEW_MASTER, ControlMessage.of(ControlMessage.TAKE_OVER)))
				.isEqualTo(Map.of("accepted", true));
			assertThat(cluster.status().upgrade().state()).isEqualTo(UpgradeState.SUCCEEDED);
			assertThat(cluster.newMasterSignals()).as("the new master, now the main process").isEmpty();
			assertThat(cluster.isStopping()).isTrue();
		}

		@Test
		void aNewMasterRefusesReloadsAndScalingUntilItTookOver() {
			FakeCluster cluster = FakeCluster.serving((properties) -> {
			}, new Supervisor.Succession(900L, null, null));
			String notYet = "his master has not taken over from master pid 900 yet";
			cluster.signal("HUP");
			assertThat(cluster.logs()).contains("Reload requested by SIGHUP refused: t" + notYet);
			assertThat(cluster.request(cluster.running().get(0), ControlMessage.of(ControlMessage.RELOAD)))
				.as("the endpoint's reload, forwarded by a worker")
				.isEqualTo(Map.of(ControlMessage.REFUSED, "T" + notYet));
			assertThat(cluster.request(cluster.running().get(0), ControlMessage.of(ControlMessage.SCALE, "workers", 3)))
				.isEqualTo(Map.of(ControlMessage.REFUSED, "T" + notYet));
			cluster.signal("TTIN");
			assertThat(cluster.status().workers().desired()).isEqualTo(2);
			assertThat(cluster.actions()).noneMatch(MasterAction.ReadConfiguration.class::isInstance);

			cluster.handle(new MasterEvent.TakeOverAnswered(MasterEvent.TakeOverAnswered.Answer.ACCEPTED,
					"it drains its workers and exits"));
			cluster.signal("HUP");
			assertThat(cluster.status().reload().state()).isEqualTo(ReloadState.RUNNING);
		}

		@Test
		void theTimeoutAllowsABatchOfWorkerStartsAfterTheNewMastersOwnStart() {
			FakeCluster cluster = FakeCluster.serving((properties) -> {
				properties.setWorkers("5");
				properties.setMaxStarting("2");
			});
			cluster.signal("USR1");
			assertThat(cluster.logs()).contains("Master upgrade 1 started by SIGUSR1: starting a new master of the jar "
					+ "on disk, which has 240s to take over");
		}

		@Test
		void termDuringAnUpgradeStopsTheNewMasterAndWaitsForIt() {
			FakeCluster cluster = FakeCluster.serving();
			cluster.signal("USR1");
			cluster.signal("TERM");
			assertThat(cluster.status().upgrade().error()).isEqualTo("the cluster stops");
			assertThat(cluster.newMasterSignals()).containsExactly(WorkerSignal.TERM);
			cluster.exitSignalled();
			assertThat(cluster.isFinished()).as("finished while the new master runs").isFalse();
			cluster.newMasterExits(143);
			assertThat(cluster.isFinished()).isTrue();
		}

		@Test
		void anUpgradeWaitsForTheReloadThatRunsAndAReloadForTheUpgrade() {
			FakeCluster cluster = FakeCluster.serving();
			cluster.signal("HUP");
			assertThat(cluster.command(300, ControlMessage.of(ControlMessage.UPGRADE)))
				.isEqualTo(Map.of(ControlMessage.REFUSED, "The master upgrade is refused: Reload 1 (generation 2) runs; "
						+ "upgrade once it ended"));
			cluster.starting().forEach(cluster::ready);
			cluster.exitSignalled();
			cluster.starting().forEach(cluster::ready);
			cluster.exitSignalled();
			assertThat(cluster.status().reload().state()).isEqualTo(ReloadState.SUCCEEDED);
			cluster.signal("USR1");
			assertThat(cluster.command(300, ControlMessage.of(ControlMessage.RELOAD)))
				.isEqualTo(Map.of(ControlMessage.REFUSED, "Master upgrade 1 runs"));
		}

		@Test
		void aMasterThatCannotBeReplacedRefusesAndSaysWhy() {
			FakeCluster cluster = FakeCluster.serving((properties) -> {
			}, new Supervisor.Succession(null, null, "the master is PID 1 of its container"));
			cluster.signal("USR1");
			assertThat(cluster.logs())
				.contains("Master upgrade requested by SIGUSR1 refused: the master is PID 1 of its container");
			assertThat(cluster.status().upgrade()).isNull();
			assertThat(cluster.actions()).noneMatch(MasterAction.StartMaster.class::isInstance);
		}

		@Test
		void aNewMasterTakesOverOnceEveryWorkerIsReadyAndNotBefore() {
			FakeCluster cluster = FakeCluster.start((properties) -> {
			}, new Supervisor.Succession(900L, null, null));
			cluster.ready(cluster.starting().get(0));
			assertThat(cluster.actions()).noneMatch(MasterAction.TakeOver.class::isInstance);
			cluster.signal("USR1");
			assertThat(cluster.logs()).contains("Master upgrade requested by SIGUSR1 refused: this master has not "
					+ "taken over from master pid 900 yet");
			cluster.starting().forEach(cluster::ready);
			assertThat(cluster.actions()).filteredOn(MasterAction.TakeOver.class::isInstance).hasSize(1);
			assertThat(cluster.logs()).contains("Every worker is ready: taking over from master pid 900");
			assertThat(cluster.isServingOnItsOwn()).as("serving on its own before the answer").isFalse();
			assertThat(cluster.status().master().takingOverFrom()).isEqualTo(900L);
			cluster.handle(new MasterEvent.TakeOverAnswered(MasterEvent.TakeOverAnswered.Answer.ACCEPTED,
					"it drains its workers and exits"));
			assertThat(cluster.logs()).contains("Took over from master pid 900: it drains its workers and exits");
			assertThat(cluster.isServingOnItsOwn()).isTrue();
			assertThat(cluster.status().master().takingOverFrom()).as("once it took over").isNull();
			cluster.advance(Duration.ofSeconds(1));
			assertThat(cluster.actions()).filteredOn(MasterAction.TakeOver.class::isInstance).hasSize(1);
			assertThat(cluster.isStopping()).isFalse();
		}

		@Test
		void aScalingHoldsAcrossAnUpgradeUnlessTheNewConfigurationAsksForAnotherCount() {
			FakeCluster scaled = FakeCluster.serving();
			scaled.signal("TTIN");
			scaled.starting().forEach(scaled::ready);
			scaled.signal("USR1");
			assertThat(scaled.actions()).contains(new MasterAction.StartMaster(new Supervisor.Scale(3, 2)));

			FakeCluster successor = FakeCluster.start((properties) -> {
			}, new Supervisor.Succession(900L, new Supervisor.Scale(3, 2), null));
			assertThat(successor.forked()).hasSize(2);
			successor.starting().forEach(successor::ready);
			assertThat(successor.status().workers().desired()).isEqualTo(3);
			assertThat(successor.logs())
				.contains("Starting 3 worker(s) as master pid 900 ran them, scaled from the 2 of cluster.workers");

			FakeCluster reconfigured = FakeCluster.start((properties) -> properties.setWorkers("4"),
					new Supervisor.Succession(900L, new Supervisor.Scale(3, 2), null));
			assertThat(reconfigured.status().workers().desired()).isEqualTo(4);
			FakeCluster tooMany = FakeCluster.start((properties) -> {
			}, new Supervisor.Succession(900L, new Supervisor.Scale(9, 2), null));
			assertThat(tooMany.status().workers().desired()).as("above cluster.max-workers").isEqualTo(2);
		}

		@Test
		void aNewMasterWhoseTakeOverIsRefusedStopsWithExitCodeOne() {
			FakeCluster cluster = FakeCluster.serving((properties) -> {
			}, new Supervisor.Succession(900L, null, null));
			cluster.handle(new MasterEvent.TakeOverAnswered(MasterEvent.TakeOverAnswered.Answer.REFUSED,
					"No master upgrade of master pid 900 waits for pid 1"));
			assertThat(cluster.logs()).contains("Master pid 900 refused the take-over (No master upgrade of master pid "
					+ "900 waits for pid 1): it serves on, and this master stops");
			assertThat(cluster.isStopping()).isTrue();
			cluster.exitSignalled();
			assertThat(cluster.isFinished()).isTrue();
			assertThat(cluster.exitCode()).isEqualTo(1);
		}

		@Test
		void aNewMasterWhosePredecessorIsGoneServesOnItsOwn() {
			FakeCluster cluster = FakeCluster.serving((properties) -> {
			}, new Supervisor.Succession(900L, null, null));
			cluster.handle(new MasterEvent.TakeOverAnswered(MasterEvent.TakeOverAnswered.Answer.GONE,
					"its control directory is gone"));
			assertThat(cluster.logs()).contains(
					"Master pid 900, which this master replaces, is gone (its control directory is gone): this master "
							+ "serves on its own");
			assertThat(cluster.isStopping()).isFalse();
			assertThat(cluster.isServingOnItsOwn()).isTrue();
		}

	}

	@Nested
	class LeadershipAcrossAnUpgrade {

		private static final long NEW_MASTER = 5000;

		private static final ControlMessage RELEASE = ControlMessage.of(ControlMessage.RELEASE_LEADERSHIP);

		@Test
		void theNewMastersWorkersLeadOnlyOnceTheOldLeaderReleasedTheLeadership() {
			FakeCluster old = FakeCluster.serving();
			FakeWorker oldLeader = old.forked().get(0);
			old.signal("USR1");
			FakeCluster successor = FakeCluster.serving((properties) -> {
			}, new Supervisor.Succession(1L, null, null));
			assertThat(successor.leaders()).as("every worker ready, not taken over").isEmpty();
			assertThat(old.command(NEW_MASTER, ControlMessage.of(ControlMessage.TAKE_OVER)))
				.isEqualTo(Map.of("accepted", true));
			assertThat(oldLeader.received(ControlMessage.LEADER_REVOKED)).as("revoked as it hands over").isTrue();
			successor.handle(new MasterEvent.TakeOverAnswered(MasterEvent.TakeOverAnswered.Answer.ACCEPTED,
					"it drains its workers and exits"));
			assertThat(successor.actions()).contains(new MasterAction.AwaitPredecessorRelease());
			successor.advance(Duration.ofSeconds(5));
			assertThat(successor.leaders()).as("took over, the old leader not released").isEmpty();

			old.ask(NEW_MASTER, RELEASE);
			assertThat(old.repliesTo(NEW_MASTER)).as("answered once the old leader released").isEmpty();
			old.release(oldLeader);
			assertThat(old.repliesTo(NEW_MASTER)).containsExactly(Map.of("released", true));
			assertThat(old.logs()).contains("No worker leads any more: telling new master pid 5000");
			assertThat(old.leaders()).isEmpty();
			successor.handle(new MasterEvent.PredecessorReleased("its leader released the leadership or is gone"));
			assertThat(successor.leaders()).containsExactly(successor.forked().get(0));
			assertThat(successor.status().master().leader()).isEqualTo(successor.forked().get(0).pid);
			assertThat(successor.logs()).contains(
					"No worker of master pid 1 leads any more (its leader released the leadership or is gone)");
		}

		@Test
		void theOldMasterAnswersOnceItsLeaderIsGoneAndAtOnceWhenNoneLeads() {
			FakeCluster old = FakeCluster.serving();
			FakeWorker oldLeader = old.forked().get(0);
			old.signal("USR1");
			old.command(NEW_MASTER, ControlMessage.of(ControlMessage.TAKE_OVER));
			old.ask(NEW_MASTER, RELEASE);
			old.advanceInSeconds(KILL_TIMEOUT.plusSeconds(1));
			assertThat(oldLeader.signals).containsExactly(WorkerSignal.TERM, WorkerSignal.KILL);
			assertThat(old.repliesTo(NEW_MASTER)).as("killed, not gone yet").isEmpty();
			old.exit(oldLeader, 137);
			assertThat(old.repliesTo(NEW_MASTER)).containsExactly(Map.of("released", true));
			assertThat(old.command(NEW_MASTER, RELEASE)).as("asked again").isEqualTo(Map.of("released", true));
		}

		@Test
		void onlyTheNewMasterThatTookOverIsTold() {
			FakeCluster old = FakeCluster.serving();
			assertThat(old.command(NEW_MASTER, RELEASE))
				.isEqualTo(Map.of(ControlMessage.REJECTED, "Pid 5000 did not take over from master pid 1"));
			old.signal("USR1");
			assertThat(old.command(NEW_MASTER, RELEASE)).as("started, not taken over")
				.isEqualTo(Map.of(ControlMessage.REJECTED, "Pid 5000 did not take over from master pid 1"));
			old.command(NEW_MASTER, ControlMessage.of(ControlMessage.TAKE_OVER));
			old.release(old.forked().get(0));
			assertThat(old.command(6000, RELEASE))
				.isEqualTo(Map.of(ControlMessage.REJECTED, "Pid 6000 did not take over from master pid 1"));
			assertThat(old.logs()).contains("Refused to hand the leadership over to pid 6000: it did not take over");
		}

		@Test
		void aNewMasterWhosePredecessorIsGoneMakesALeaderAtOnce() {
			FakeCluster successor = FakeCluster.serving((properties) -> {
			}, new Supervisor.Succession(900L, null, null));
			assertThat(successor.leaders()).isEmpty();
			successor.handle(new MasterEvent.TakeOverAnswered(MasterEvent.TakeOverAnswered.Answer.GONE, "it exited"));
			assertThat(successor.leaders()).containsExactly(successor.forked().get(0));
			assertThat(successor.actions()).noneMatch(MasterAction.AwaitPredecessorRelease.class::isInstance);
		}

		@Test
		void aNewMasterThatIsRefusedOrFailsNeverMakesALeader() {
			FakeCluster refused = FakeCluster.serving((properties) -> {
			}, new Supervisor.Succession(900L, null, null));
			refused.handle(new MasterEvent.TakeOverAnswered(MasterEvent.TakeOverAnswered.Answer.REFUSED,
					"No master upgrade of master pid 900 waits for pid 1"));
			refused.exitSignalled();
			assertThat(refused.isFinished()).isTrue();
			assertThat(refused.forked()).noneMatch((worker) -> worker.received(ControlMessage.LEADER_GRANTED));

			FakeCluster stopped = FakeCluster.serving((properties) -> {
			}, new Supervisor.Succession(900L, null, null));
			stopped.signal("TERM");
			stopped.handle(new MasterEvent.PredecessorReleased("master pid 900 exited"));
			assertThat(stopped.forked()).noneMatch((worker) -> worker.received(ControlMessage.LEADER_GRANTED));
		}

	}

	@Nested
	class Robustness {

		@Test
		void signalsTheMasterHasNoUseForAreIgnored() {
			FakeCluster cluster = FakeCluster.serving();
			List<MasterAction> before = cluster.actions();
			cluster.signal("USR2");
			cluster.signal("ALRM");
			assertThat(cluster.isStopping()).isFalse();
			assertThat(cluster.actions()).filteredOn((action) -> !(action instanceof Log)).isEqualTo(before.stream()
				.filter((action) -> !(action instanceof Log))
				.toList());
			assertThat(cluster.logs()).contains(
					"SIGUSR2 means nothing to the master and is ignored: HUP reloads, USR1 replaces the master, TERM "
							+ "stops (see the README)");
		}

		@Test
		void messagesOfUnknownWorkersAreIgnored() {
			FakeCluster cluster = FakeCluster.serving();
			FakeWorker gone = cluster.forked().get(0);
			cluster.advance(Duration.ofMinutes(1));
			cluster.exit(gone, 137);
			cluster.send(gone, ControlMessage.of(ControlMessage.READY));
			assertThat(cluster.logs()).contains("Ignoring control message 'ready' from unknown worker id 1");
		}

		@Test
		void exitOfAnUnknownWorkerChangesNothing() {
			FakeCluster cluster = FakeCluster.serving();
			FakeWorker worker = cluster.forked().get(0);
			cluster.advance(Duration.ofMinutes(1));
			cluster.exit(worker, 137);
			List<MasterAction> before = cluster.actions();
			cluster.exit(worker, 137);
			assertThat(cluster.actions()).isEqualTo(before);
		}

	}

	@Nested
	class WorkerDebuggers {

		@Test
		void eachWorkerListensOnThePortOfItsSlotWhichTheLogAndTheStatusShow() {
			FakeCluster cluster = FakeCluster.serving((properties) -> properties.getWorker().getDebug().setPort(5006));
			assertThat(cluster.forked()).extracting((worker) -> worker.debugAddress)
				.containsExactly(new DebugAddress("127.0.0.1", 5006), new DebugAddress("127.0.0.1", 5007));
			assertThat(cluster.logs()).contains("Starting worker 1 (generation 1), debugger on 127.0.0.1:5006",
					"Starting worker 2 (generation 1), debugger on 127.0.0.1:5007");
			assertThat(cluster.status().processes()).extracting(ClusterStatus.Worker::debugAddress)
				.containsExactly("127.0.0.1:5006", "127.0.0.1:5007");
		}

		@Test
		void withoutAPortWorkersGetNoDebugger() {
			FakeCluster cluster = FakeCluster.serving();
			assertThat(cluster.forked()).extracting((worker) -> worker.debugAddress).containsOnlyNulls();
			assertThat(cluster.status().processes()).extracting(ClusterStatus.Worker::debugAddress)
				.containsOnlyNulls();
		}

		@Test
		void theNewWorkerOfAReloadTakesTheOtherBankWhileTheOldOneHoldsItsPort() {
			FakeCluster cluster = FakeCluster.serving((properties) -> properties.getWorker().getDebug().setPort(5006));
			reload(cluster);
			assertThat(cluster.forked().subList(2, 4)).extracting((worker) -> worker.debugAddress.port())
				.containsExactly(5014, 5015);
			assertThat(cluster.logs()).contains("Starting worker 1 (generation 2), debugger on 127.0.0.1:5014");
			reload(cluster);
			assertThat(cluster.forked().subList(4, 6)).extracting((worker) -> worker.debugAddress.port())
				.containsExactly(5006, 5007);
		}

		@Test
		void aRecycledWorkersReplacementTakesTheOtherBank() {
			FakeCluster cluster = FakeCluster.serving((properties) -> {
				properties.getWorker().getDebug().setPort(5006);
				properties.getRecycle().setMaxRequests(100);
			});
			cluster.heartbeat(cluster.forked().get(0), 100, 1);
			assertThat(cluster.newest(1).debugAddress.port()).isEqualTo(5014);
		}

		@Test
		void aWorkerThatDiedIsReplacedOnItsPortOnceItIsGone() {
			FakeCluster cluster = FakeCluster.serving((properties) -> properties.getWorker().getDebug().setPort(5006));
			cluster.exit(cluster.forked().get(0), 137);
			cluster.advance(Duration.ofSeconds(1));
			assertThat(cluster.newest(1).debugAddress.port()).isEqualTo(5006);
		}

		@Test
		void aWorkerStartsWithoutADebuggerWhenEveryPortOfItsSlotIsTaken() {
			FakeCluster cluster = FakeCluster.serving((properties) -> properties.getWorker().getDebug().setPort(65527));
			assertThat(cluster.forked()).extracting((worker) -> worker.debugAddress.port()).containsExactly(65527, 65528);
			cluster.signal("HUP");
			assertThat(cluster.newest(1).debugAddress.port()).isEqualTo(65535);
			cluster.ready(cluster.newest(1));
			assertThat(cluster.newest(2).debugAddress).isNull();
			assertThat(cluster.logs())
				.contains("Starting worker 2 (generation 2), without a debugger: every port of its slot is taken");
		}

		@Test
		void aReloadAppliesTheDebugSettingsOfTheConfigurationOnDisk() {
			FakeCluster cluster = FakeCluster.serving();
			cluster.configurationOnDisk((properties) -> {
				properties.getWorker().getDebug().setPort(6000);
				properties.getWorker().getDebug().setAddress("10.0.0.5");
			});
			reload(cluster);
			assertThat(cluster.forked().subList(2, 4)).extracting((worker) -> worker.debugAddress)
				.containsExactly(new DebugAddress("10.0.0.5", 6000), new DebugAddress("10.0.0.5", 6001));
		}

		/**
		 * Runs a reload to its end: each new worker ready, each old one drained.
		 */
		private void reload(FakeCluster cluster) {
			cluster.signal("HUP");
			while (!cluster.starting().isEmpty()) {
				cluster.starting().forEach(cluster::ready);
			}
			cluster.exitSignalled();
			assertThat(cluster.status().reload().state()).isEqualTo(ReloadState.SUCCEEDED);
		}

	}

	private static List<Long> workerCounts(FakeWorker worker) {
		return worker.received.stream()
			.filter((message) -> message.type().equals(ControlMessage.WORKER_COUNT))
			.map((message) -> message.number("count"))
			.toList();
	}

	private static List<Boolean> workersStarting(FakeWorker worker) {
		return worker.received.stream()
			.filter((message) -> message.type().equals(ControlMessage.WORKER_STARTING))
			.map((message) -> (Boolean) message.values().get("starting"))
			.toList();
	}

	private static List<String> messages(FakeWorker worker) {
		return worker.received.stream()
			.filter((message) -> message.type().equals(ControlMessage.MESSAGE))
			.map((message) -> message.text("topic"))
			.toList();
	}

}
