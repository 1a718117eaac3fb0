package io.clusterboot.demo.e2e;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import io.clusterboot.demo.e2e.ClusterStatus.Reload;
import io.clusterboot.demo.e2e.ClusterStatus.ReloadState;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A bad deploy does not take the cluster down: under a closed-loop load, a reload after
 * swapping in a jar that cannot start ends FAILED with the cause in the status, no
 * request fails, and the old workers keep serving the old version; once a good jar of a
 * new version is swapped in, a reload (started by {@code POST /actuator/cluster/reload})
 * succeeds and every response afterwards comes from the new version (issue 3, items 6c,
 * 3, 6e and 4).
 *
 * @author ClusterBoot team
 */
@Timeout(value = 6, unit = TimeUnit.MINUTES)
class BadDeployIT {

	@TempDir
	Path directory;

	@ParameterizedTest(name = "{0}")
	@EnumSource(BadJar.class)
	void badDeployFailsTheReloadAndTheOldWorkersKeepServing(BadJar bad, TestInfo testInfo) throws Exception {
		Deployment deployment = Deployment.of(this.directory);
		String oldVersion = Deployment.version(deployment.jar());
		String newVersion = oldVersion + "-next";
		ClusterProcess.Builder builder = ClusterProcess.builder(testInfo).jar(deployment.jar()).workers(2);
		UnderLoad.run(builder, 16, Duration.ofMinutes(5), (context) -> {
			ClusterProcess cluster = context.cluster();
			ClusterActuator actuator = context.actuator();
			ClusterStatus before = actuator.status();

			deployment.swapIn(bad.stage.apply(deployment));
			Reload reload = actuator.reload();
			ClusterStatus failed = actuator.awaitReloadEnd(reload.id(), ClusterActuator.RELOAD_TIMEOUT);
			assertThat(failed.reload().state()).as("%s%s", failed.reload(), cluster.describe())
				.isEqualTo(ReloadState.FAILED);
			assertThat(failed.reload().error()).as("error of %s", failed.reload())
				.contains("generation " + reload.generation())
				.contains(bad.cause);
			actuator.awaitLog(reload, "failed: ");

			ClusterStatus after = actuator.awaitSettled(before.master().generation(), ClusterActuator.DRAIN_TIMEOUT);
			assertThat(after.pids()).as("workers after the failed reload%s", cluster.describe())
				.containsExactlyInAnyOrderElementsOf(context.initial());
			assertThat(cluster.workerPids()).as("the master's children after the failed reload%s", cluster.describe())
				.containsExactlyInAnyOrderElementsOf(context.initial());
			Map<Responder, Long> served = context.awaitResponses(context.initial());
			cluster.note("after the failed reload: served by " + served);
			assertThat(LoadReport.byPid(served).keySet()).as("who answered after the failed reload")
				.isEqualTo(context.initial());
			assertThat(served.keySet()).as("who answered after the failed reload")
				.extracting(Responder::version)
				.containsOnly(oldVersion);
			context.assertNoLossSoFar("after the failed reload");

			deployment.swapIn(deployment.stageVersion(newVersion));
			Map<Responder, Long> deployed = context.awaitServing(actuator.rollOut(ReloadTrigger.ENDPOINT));
			cluster.note("after the deploy of " + newVersion + ": served by " + deployed);
			assertThat(deployed.keySet()).as("who answered after the deploy of %s", newVersion)
				.extracting(Responder::version)
				.containsOnly(newVersion);
		});
	}

	/**
	 * Jars that cannot start, and what the failure's cause must mention.
	 */
	enum BadJar {

		/** Not a jar at all: the JVM refuses it. */
		CORRUPT(Deployment::stageCorrupt, "Invalid or corrupt jarfile"),

		/** A valid jar whose application fails while it starts. */
		FAILING_AT_START(Deployment::stageFailingAtStart, "demo.fail-on-start");

		private final Function<Deployment, Path> stage;

		private final String cause;

		BadJar(Function<Deployment, Path> stage, String cause) {
			this.stage = stage;
			this.cause = cause;
		}

	}

}
