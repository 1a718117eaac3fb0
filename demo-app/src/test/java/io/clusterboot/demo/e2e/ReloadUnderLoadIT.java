package io.clusterboot.demo.e2e;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.clusterboot.demo.e2e.ClusterActuator.Rollout;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The headline of ClusterBoot: rolling reloads under a closed-loop load of 16 keep-alive
 * and 16 {@code Connection: close} clients lose no request and answer nothing but 2xx,
 * and each replaces every worker by one of a higher generation (issue 3, items 6a and
 * 6b); the same on a realistic application. Each is started by {@code kill -HUP <master>}:
 * a reload that {@code POST /actuator/cluster/reload} starts is rolled out under load in
 * {@link BadDeployIT} and {@link ReloadConfigurationIT}. On Jetty and Reactor Netty
 * (issue 6, item 7), {@link ManagementPortIT}, {@link TlsIT} and
 * {@link LongLivedExchangesIT} reload under load, and {@link ZeroLossRetirementIT}
 * retires workers under this load: what the checks here add depends on no web server.
 *
 * @author ClusterBoot team
 */
@Timeout(value = 8, unit = TimeUnit.MINUTES)
class ReloadUnderLoadIT {

	/**
	 * Reloads back to back: the second starts from workers that a reload started, which
	 * is what repeats; a third proved nothing more and took a minute of CI.
	 */
	private static final int RELOADS = 2;

	@Test
	void rollingReloadsUnderLoadLoseNoRequest(TestInfo testInfo) throws Exception {
		rollingReloadsUnderLoad(ClusterProcess.builder(testInfo), RELOADS, false);
	}

	/**
	 * The realistic demo-store (JPA, Flyway, H2, Thymeleaf; about 20,000 classes) on Spring
	 * Boot 4.0.7, whose workers take seconds to boot, reloaded once (what a second reload
	 * adds, the demo shows) from the boot cache its master built next to the first
	 * workers, as a cluster that has run for a while does.
	 * The load starts once the cache is ready: under it, the training run took twice as
	 * long on 2 cores (32 s instead of 17).
	 */
	@Test
	void rollingReloadOfARealisticApplicationLosesNoRequest(TestInfo testInfo) throws Exception {
		rollingReloadsUnderLoad(ClusterProcess.builder(testInfo).jar(DemoJar.store()), 1, true);
	}

	private void rollingReloadsUnderLoad(ClusterProcess.Builder cluster, int reloads, boolean fromBootCache)
			throws Exception {
		UnderLoad.Preparation preparation = (actuator) -> {
			if (fromBootCache) {
				actuator.awaitBootCacheReady(null);
			}
		};
		UnderLoad.run(cluster.workers(2), preparation, 16, Duration.ofMinutes(7), (context) -> {
			StringBuilder accounts = new StringBuilder();
			for (int i = 1; i <= reloads; i++) {
				long started = System.nanoTime();
				// Checks that every worker was replaced by one of a higher generation.
				Rollout rollout = context.actuator().rollOut(ReloadTrigger.SIGHUP);
				Map<Responder, Long> served = context.awaitServing(rollout);
				LoadReport sofar = context.load().snapshot();
				String account = String.format("reload %d of %d: %s in %d ms, workers %s -> %s, then served by %s; "
						+ "load so far: %d requests, %d unsuccessful", i, reloads, rollout.reload(),
						TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started), rollout.before().pids(),
						rollout.after().pids(), served, sofar.requests(), sofar.unsuccessful());
				context.cluster().note(account);
				accounts.append(System.lineSeparator()).append(account);
				context.assertNoLossSoFar("after reload " + i + accounts);
			}
			assertThat(context.actuator().status().master().generation()).as("generation after %d reloads%s",
					reloads, accounts)
				.isEqualTo(1 + reloads);
			if (fromBootCache) {
				assertThat(context.actuator().status().processes()).as("workers after the reloads%s", accounts)
					.extracting(ClusterStatus.Worker::bootCache)
					.containsOnly(true);
			}
		});
	}

}
