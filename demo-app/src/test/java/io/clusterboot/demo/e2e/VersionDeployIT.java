package io.clusterboot.demo.e2e;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Deploying a new version is swapping the jar and reloading: before, every response
 * comes from the old version, afterwards every one from the new, and no request fails
 * meanwhile (issue 3, items 6e and 4).
 *
 * @author ClusterBoot team
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class VersionDeployIT {

	@TempDir
	Path directory;

	@Test
	void reloadAfterJarSwapServesTheNewVersionEverywhere(TestInfo testInfo) throws Exception {
		Deployment deployment = Deployment.of(this.directory);
		String oldVersion = Deployment.version(deployment.jar());
		String newVersion = oldVersion + "-next";
		Path staged = deployment.stageVersion(newVersion);
		assertThat(Deployment.version(staged)).as("version of the staged jar").isEqualTo(newVersion);
		ClusterProcess.Builder builder = ClusterProcess.builder(testInfo).jar(deployment.jar()).workers(2);
		UnderLoad.run(builder, 8, Duration.ofMinutes(4), (context) -> {
			Map<Responder, Long> before = context.awaitResponses(context.initial());
			assertThat(before.keySet()).as("who answered before the deploy")
				.extracting(Responder::version)
				.containsOnly(oldVersion);

			deployment.swapIn(staged);
			Map<Responder, Long> after = context.awaitServing(context.actuator().rollOut(ReloadTrigger.ENDPOINT));
			context.cluster().note("before the deploy: " + before + "; after: " + after);
			assertThat(after.keySet()).as("who answered after the deploy")
				.extracting(Responder::version)
				.containsOnly(newVersion);
		});
	}

}
