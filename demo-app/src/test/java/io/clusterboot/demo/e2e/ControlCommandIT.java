package io.clusterboot.demo.e2e;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The control command, {@code java -Djarmode=cluster -jar app.jar}, against a running
 * cluster: {@code status} (table and {@code --json}) shows the workers the OS runs,
 * {@code reload --wait} follows a reload to its end, {@code scale} adds a worker and
 * reports a refusal with exit code 1, another user is turned away with exit code 4,
 * {@code stop} returns once the master exited 0 with no process left and the port free,
 * and then {@code status} exits with 3 (issue 14, items 4 and 6). A cluster deployed the
 * Capistrano way ({@code current -> releases/1}) is upgraded through the command several
 * times in a row, each {@code upgrade --wait} exiting 0 once the new master took over, and
 * reloaded after the link swapped to a release of another version, whose jar the workers
 * then run, also where the boot cache was ready for the old release (issue 29, items 1 and
 * 4).
 *
 * @author ClusterBoot team
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class ControlCommandIT {

	private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(60);

	private static final Duration RELOAD_TIMEOUT = Duration.ofMinutes(2);

	/**
	 * Upgrades in a row: the second replaces a master that an upgrade started, which is
	 * what repeats (a third proved nothing more).
	 */
	private static final int UPGRADES = 2;

	private static final Pattern UPGRADE_SUCCEEDED = Pattern
		.compile("\\nMaster upgrade 1 SUCCEEDED: new master pid (\\d+)\\n$");

	/**
	 * A worker's row in the status table after its pid: generation, state, uptime,
	 * restarts, CPU, memory, busy request threads against the maximum, requests in flight
	 * and served, boot cache.
	 */
	private static final String WORKER_ROW = " +1 +READY +\\d+(m\\d\\d)?s +0 +\\d+\\.\\d% +[1-9]\\d*MB"
			+ " +\\d+/[1-9]\\d* +\\d+ +\\d+ +(yes|no)\\n";

	@Test
	void statusReloadScaleAndStopTheClusterOfTheJar(TestInfo testInfo) throws Exception {
		try (ClusterProcess cluster = ClusterProcess.builder(testInfo)
			.workers(2)
			.property("cluster.heartbeat.interval", "1s")
			.start()) {
			Set<Long> first = cluster.awaitReadyWorkers(2, ClusterProcess.STARTUP);
			Waits.until("a heartbeat with figures from every worker", Duration.ofSeconds(30),
					() -> Json.read(command(COMMAND_TIMEOUT, "status", "--json").out(), ClusterStatus.class),
					(status) -> status.processes().size() == 2
							&& status.processes().stream().allMatch(ClusterStatus.Worker::hasFigures),
					cluster::describe);

			ControlCommandRun table = command(COMMAND_TIMEOUT, "status");
			assertThat(table.exitCode()).as("status: %s%s", table, cluster.describe()).isZero();
			assertThat(table.out()).as("status").startsWith("Master pid " + cluster.masterPid() + " (ClusterBoot ");
			for (long pid : first) {
				assertThat(table.out()).as("status").containsPattern("\\n\\d +" + pid + WORKER_ROW);
			}

			ControlCommandRun json = command(COMMAND_TIMEOUT, "status", "--json");
			assertThat(json.exitCode()).as("status --json: %s", json).isZero();
			assertThat(Json.read(json.out(), ClusterStatus.class).pids()).as("status --json").isEqualTo(first);

			ControlCommandRun reload = command(RELOAD_TIMEOUT, "reload", "--wait");
			assertThat(reload.exitCode()).as("reload --wait: %s%s", reload, cluster.describe()).isZero();
			assertThat(reload.out()).as("reload --wait")
				.startsWith("Reload 1 (generation 2) RUNNING")
				.endsWith("Reload 1 (generation 2) SUCCEEDED: 2/2 replaced, 0 old worker(s) left\n");
			ControlCommandRun afterReload = command(COMMAND_TIMEOUT, "status", "--json");
			assertThat(afterReload.exitCode()).as("status --json after the reload: %s", afterReload).isZero();
			ClusterStatus reloaded = Json.read(afterReload.out(), ClusterStatus.class);
			assertThat(reloaded.processes()).as("workers after the reload: %s", reloaded)
				.hasSize(2)
				.allSatisfy((worker) -> assertThat(worker.generation()).isEqualTo(2))
				.noneMatch((worker) -> first.contains(worker.pid()));

			ControlCommandRun scale = command(COMMAND_TIMEOUT, "scale", "3");
			assertThat(scale.exitCode()).as("scale 3: %s", scale).isZero();
			assertThat(scale.out()).isEqualTo("Scaling to 3 worker(s)\n");
			cluster.awaitReadyWorkers(3, ClusterProcess.STARTUP);
			ControlCommandRun tooMany = command(COMMAND_TIMEOUT, "scale", "1000");
			assertThat(tooMany.exitCode()).as("scale 1000: %s", tooMany).isEqualTo(1);
			assertThat(tooMany.err()).as("scale 1000").contains("The cluster runs at most ");

			if (isRoot()) {
				ControlCommandRun stranger = command(COMMAND_TIMEOUT, List.of("runuser", "-u", "nobody", "--"),
						"status");
				assertThat(stranger.exitCode()).as("status as nobody: %s", stranger).isEqualTo(4);
				assertThat(stranger.err()).as("status as nobody")
					.contains("runs as user 'nobody', but a master of another user may: 'root' (");
			}

			ControlCommandRun stop = command(COMMAND_TIMEOUT, "stop");
			assertThat(stop.exitCode()).as("stop: %s%s", stop, cluster.describe()).isZero();
			assertThat(stop.out()).endsWith("Master pid " + cluster.masterPid() + " stopped\n");
			assertThat(cluster.isMasterRunning()).as("master running after stop%s", cluster.describe()).isFalse();
			assertThat(cluster.awaitExit(Duration.ofSeconds(5))).as("master exit code%s", cluster.describe()).isZero();
			assertThat(cluster.runningDescendantsEverSeen()).as("processes left%s", cluster.describe()).isEmpty();
			assertThat(FreePorts.canBind(cluster.port())).as("port %d released", cluster.port()).isTrue();

			ControlCommandRun none = command(COMMAND_TIMEOUT, "status");
			assertThat(none.exitCode()).as("status with no master: %s", none).isEqualTo(3);
			assertThat(none.err()).as("status with no master").startsWith("No master of " + jar().toAbsolutePath());
		}
	}

	@Test
	void upgradesAndAReloadOfASymlinkedDeployFollowTheLink(TestInfo testInfo, @TempDir Path directory)
			throws Exception {
		Path first = release(directory, 1, DemoJar.path());
		String oldVersion = Deployment.version(first);
		String newVersion = oldVersion + "-release-2";
		Deployment staging = Deployment.of(Files.createDirectory(directory.resolve("staging")));
		Path second = release(directory, 2, staging.stageVersion(newVersion));
		Path current = directory.resolve("current");
		Files.createSymbolicLink(current, first.getParent());
		Path jar = current.resolve("app.jar");
		try (ClusterProcess cluster = ClusterProcess.builder(testInfo).jar(jar).workers(1).start()) {
			cluster.awaitReadyWorkers(1, ClusterProcess.STARTUP);
			// workers of the new masters start from it, and the reload must not
			new ClusterActuator(cluster).awaitBootCacheReady(null);

			long master = cluster.masterPid();
			for (int i = 1; i <= UPGRADES; i++) {
				ControlCommandRun upgrade = ControlCommandRun.of(jar, RELOAD_TIMEOUT, List.of(), "upgrade", "--wait");
				assertThat(upgrade.exitCode()).as("upgrade %d --wait: %s%s", i, upgrade, cluster.describe()).isZero();
				Matcher succeeded = UPGRADE_SUCCEEDED.matcher(upgrade.out());
				assertThat(succeeded.find()).as("upgrade %d --wait: %s", i, upgrade).isTrue();
				long successor = Long.parseLong(succeeded.group(1));
				assertThat(successor).as("new master of upgrade %d", i).isNotEqualTo(master);
				ProcessHandle replaced = ProcessHandle.of(master).orElse(null);
				if (replaced != null) {
					Waits.until("master pid " + master + " to exit", Duration.ofSeconds(30),
							() -> !Processes.isRunning(replaced), cluster::describe);
				}
				master = successor;
			}

			Path next = directory.resolve("current.next");
			Files.createSymbolicLink(next, second.getParent());
			Files.move(next, current, StandardCopyOption.ATOMIC_MOVE);
			ControlCommandRun reload = ControlCommandRun.of(jar, RELOAD_TIMEOUT, List.of(), "reload", "--wait");
			assertThat(reload.exitCode()).as("reload --wait after the link swapped: %s%s", reload, cluster.describe())
				.isZero();
			Responder responder = Responder.of(HttpConnection.get(cluster.port(), "/hello").body()).orElseThrow();
			assertThat(responder.version()).as("version after the reload: %s", responder).isEqualTo(newVersion);
			assertThat(responder.generation()).as("generation after the reload: %s", responder).isEqualTo(2);

			ControlCommandRun stop = ControlCommandRun.of(jar, COMMAND_TIMEOUT, List.of(), "stop");
			assertThat(stop.exitCode()).as("stop: %s%s", stop, cluster.describe()).isZero();
			assertThat(stop.out()).endsWith("Master pid " + master + " stopped\n");
			Waits.until("every process of the cluster to be gone", Duration.ofSeconds(10),
					() -> cluster.runningDescendantsEverSeen().isEmpty(), cluster::describe);
			assertThat(FreePorts.canBind(cluster.port())).as("port %d released", cluster.port()).isTrue();
		}
	}

	/**
	 * Puts a jar in {@code releases/<number>/app.jar}, as Capistrano deploys a release.
	 */
	private static Path release(Path directory, int number, Path jar) throws Exception {
		Path release = Files.createDirectories(directory.resolve("releases").resolve(Integer.toString(number)));
		return Files.copy(jar, release.resolve("app.jar"));
	}

	private static ControlCommandRun command(Duration timeout, String... args) throws Exception {
		return command(timeout, List.of(), args);
	}

	private static ControlCommandRun command(Duration timeout, List<String> launcher, String... args)
			throws Exception {
		return ControlCommandRun.of(jar(), timeout, launcher, args);
	}

	private static Path jar() {
		return DemoJar.path();
	}

	private static boolean isRoot() {
		return "root".equals(System.getProperty("user.name"));
	}

}
