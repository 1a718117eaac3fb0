package io.clusterboot.demo.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import io.clusterboot.demo.e2e.ClusterActuator.Rollout;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An application that exposes every actuator endpoint, as many do, is safe with the
 * starter's defaults: an anonymous client can read the cluster's status but neither
 * reload nor scale it, and the control channel's token shows nowhere, not even in
 * {@code /actuator/env} with every value shown. Granted the endpoint's actions, reload
 * and scaling work up to {@code cluster.max-workers}, and scaling above it is rejected
 * with the reason and starts nothing (issue 11).
 *
 * @author ClusterBoot team
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class SafeDefaultsIT {

	private static final String EXPOSE_EVERYTHING = "management.endpoints.web.exposure.include";

	private static final Duration SCALED_UP = Duration.ofMinutes(2);

	/**
	 * demo-jetty: an application with the starter's defaults, which grants nothing (the
	 * demo app grants the endpoint's actions on loopback).
	 */
	@Test
	void exposingEveryEndpointLetsNoAnonymousClientChangeTheClusterNorSeeTheToken(TestInfo testInfo)
			throws Exception {
		try (ClusterProcess cluster = ClusterProcess.builder(testInfo)
			.jar(DemoServer.JETTY.jar())
			.workers(2)
			.property(EXPOSE_EVERYTHING, "*")
			.property("management.endpoint.env.show-values", "always")
			.property("management.endpoint.configprops.show-values", "always")
			.start()) {
			Set<Long> workers = cluster.awaitReadyWorkers(2, ClusterProcess.STARTUP);
			ClusterActuator actuator = new ClusterActuator(cluster);

			HttpResponse reload = actuator.postReload();
			HttpResponse scale = actuator.postScale("1000000");
			assertThat(List.of(reload.status(), scale.status())).as("anonymous reload %s and scale %s", reload, scale)
				.allSatisfy((status) -> assertThat(status).isBetween(400, 499));
			// Answered by the master after anything a request could have asked of it.
			ClusterStatus status = actuator.status();
			assertThat(status.reload()).as("reload in %s", status).isNull();
			assertThat(status.workers().desired()).as("desired workers in %s", status).isEqualTo(2);
			assertThat(status.pids()).as("workers in %s", status).isEqualTo(workers);
			assertThat(cluster.masterLines(ClusterProcess.STARTING_WORKER)).as("forks%s", cluster.describe())
				.hasSize(2);

			String token = token(workers.iterator().next());
			HttpResponse env = HttpConnection.get(cluster.port(), "/actuator/env");
			assertThat(env.status()).as("GET /actuator/env: %s", env).isEqualTo(200);
			// Values are shown: the test would see the token if it were there.
			assertThat(env.body()).as("/actuator/env").contains("CLUSTER_WORKER_SLOT").doesNotContain(token);
			HttpResponse configprops = HttpConnection.get(cluster.port(), "/actuator/configprops");
			assertThat(configprops.status()).as("GET /actuator/configprops: %s", configprops).isEqualTo(200);
			assertThat(configprops.body()).as("/actuator/configprops").contains("maxWorkers").doesNotContain(token);
			assertThat(cluster.lines()).as("output%s", cluster.describe()).noneMatch((line) -> line.contains(token));
			for (long pid : descendantsAndMaster(cluster)) {
				assertThat(Files.readString(Path.of("/proc", Long.toString(pid), "cmdline")))
					.as("command line of %d", pid)
					.doesNotContain(token);
				assertThat(Files.readString(Path.of("/proc", Long.toString(pid), "environ")))
					.as("environment of %d", pid)
					.doesNotContain(token);
			}
		}
	}

	@Test
	void grantedReloadAndScalingWorkUpToTheMaximumAboveWhichNothingStarts(TestInfo testInfo) throws Exception {
		try (ClusterProcess cluster = ClusterProcess.builder(testInfo)
			.workers(2)
			.property(EXPOSE_EVERYTHING, "*")
			.property("cluster.max-workers", "3")
			.start()) {
			cluster.awaitReadyWorkers(2, ClusterProcess.STARTUP);
			ClusterActuator actuator = new ClusterActuator(cluster);

			HttpResponse above = actuator.postScale("4");
			assertThat(above.status()).as("POST scale/4: %s", above).isEqualTo(400);
			assertThat(Json.read(above.body(), ClusterActuator.Scaled.class).error()).as("reason in %s", above)
				.isEqualTo("The cluster runs at most 3 workers (cluster.max-workers)");
			ClusterStatus status = actuator.status();
			assertThat(status.workers().desired()).as("desired workers in %s", status).isEqualTo(2);
			assertThat(cluster.masterLines(ClusterProcess.STARTING_WORKER)).as("forks%s", cluster.describe())
				.hasSize(2);
			cluster.awaitOutput(Pattern.quote("Scaling to 4 worker(s) requested by the cluster endpoint of Worker ")
					+ ".*" + Pattern.quote("refused: The cluster runs at most 3 workers"), Duration.ofSeconds(10));

			actuator.scale(3);
			cluster.awaitReadyWorkers(3, SCALED_UP);
			Rollout rollout = actuator.rollOut(ReloadTrigger.ENDPOINT);
			assertThat(rollout.after().pids()).as("workers after %s", rollout.reload()).hasSize(3);
		}
	}

	/** The control channel's token, read where the workers read it. */
	private static String token(long worker) throws IOException {
		String token = Files.readString(Processes.controlSocket(worker).resolveSibling("token"),
				StandardCharsets.US_ASCII);
		assertThat(token).as("token").hasSize(64);
		return token;
	}

	private static Set<Long> descendantsAndMaster(ClusterProcess cluster) {
		Set<Long> pids = new LinkedHashSet<>(cluster.runningDescendantsEverSeen());
		pids.add(cluster.masterPid());
		return pids;
	}

}
