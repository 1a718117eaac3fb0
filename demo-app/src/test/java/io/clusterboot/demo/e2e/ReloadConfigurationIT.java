package io.clusterboot.demo.e2e;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import io.clusterboot.demo.e2e.ClusterStatus.Reload;
import io.clusterboot.demo.e2e.ClusterStatus.ReloadState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A reload reads the cluster's settings of the jar on disk, as the master read its own at
 * start: under a closed-loop load of keep-alive and {@code Connection: close} clients, a
 * jar whose {@code application.yml} asks for 3 workers instead of 2 and for a worker JVM
 * option is rolled out with 3 workers started with that option, and a jar with an invalid
 * {@code cluster.workers} fails the reload with the failure analysis while the workers
 * that serve keep serving; no request fails (issue 15, item 1).
 *
 * @author ClusterBoot team
 */
@Timeout(value = 6, unit = TimeUnit.MINUTES)
class ReloadConfigurationIT {

	private static final String OPTION = "-Ddemo.reloaded=generation-2";

	@TempDir
	Path directory;

	@Test
	void aReloadAppliesTheNewJarsSettingsAndRefusesInvalidOnes(TestInfo testInfo) throws Exception {
		Deployment deployment = Deployment.of(this.directory);
		// no --cluster.workers: the count comes from the jar's application.yml
		ClusterProcess.Builder builder = ClusterProcess.builder(testInfo).jar(deployment.jar()).workers(null);
		UnderLoad.run(builder, 8, Duration.ofMinutes(5), (context) -> {
			ClusterProcess cluster = context.cluster();
			ClusterActuator actuator = context.actuator();
			assertThat(actuator.status().settings()).as("settings at start")
				.isEqualTo(new ClusterStatus.Settings(1, 2, List.of()));

			deployment.swapIn(deployment.stageConfiguration("three-workers",
					"cluster:\n  workers: 3\n  worker:\n    jvm-args: " + OPTION + "\n"));
			Reload reload = actuator.reload();
			ClusterStatus ended = actuator.awaitReloadEnd(reload.id(), ClusterActuator.RELOAD_TIMEOUT);
			assertThat(ended.reload().state()).as("%s%s", ended.reload(), cluster.describe())
				.isEqualTo(ReloadState.SUCCEEDED);
			actuator.awaitLog(reload, "changes the number of workers from 2 to 3 \\(cluster.workers\\)");
			ClusterStatus after = actuator.awaitSettled(reload.generation(), ClusterActuator.DRAIN_TIMEOUT);
			Set<Long> reloaded = after.pids();
			assertThat(reloaded).as("workers after the reload%s", cluster.describe())
				.hasSize(3)
				.doesNotContainAnyElementsOf(context.initial());
			assertThat(after.settings()).as("settings after the reload")
				.isEqualTo(new ClusterStatus.Settings(reload.generation(), 3, List.of(OPTION)));
			reloaded.forEach((pid) -> assertThat(ProcessHandle.of(pid).flatMap((process) -> process.info().arguments())
				.map(List::of)
				.orElseThrow()).as("command line of worker %d", pid).contains(OPTION));
			context.awaitResponses(reloaded);

			deployment.swapIn(deployment.stageConfiguration("no-workers", "cluster:\n  workers: 0\n"));
			// as a deploy script would: the control command follows the reload and exits 1 once it failed
			ControlCommandRun invalid = ControlCommandRun.of(deployment.jar(), ClusterActuator.RELOAD_TIMEOUT,
					List.of(), "reload", "--wait");
			assertThat(invalid.exitCode()).as("reload --wait: %s%s", invalid, cluster.describe()).isEqualTo(1);
			assertThat(invalid.out()).as("reload --wait")
				.contains("Reload 2 (generation 3) FAILED")
				.contains("The configuration of generation 3 could not be read")
				.contains("cluster.workers");
			ClusterStatus failed = actuator.status();
			assertThat(failed.reload().state()).as("%s%s", failed.reload(), cluster.describe())
				.isEqualTo(ReloadState.FAILED);
			assertThat(failed.reload().error()).as("error of %s", failed.reload())
				.contains("The configuration of generation 3 could not be read")
				.contains("cluster.workers");
			ClusterStatus kept = actuator.awaitSettled(reload.generation(), ClusterActuator.DRAIN_TIMEOUT);
			assertThat(kept.pids()).as("workers after the failed reload%s", cluster.describe()).isEqualTo(reloaded);
			assertThat(kept.settings()).as("settings after the failed reload").isEqualTo(after.settings());
			context.awaitResponses(reloaded);
			context.assertNoLossSoFar("after the failed reload");
		});
	}

}
