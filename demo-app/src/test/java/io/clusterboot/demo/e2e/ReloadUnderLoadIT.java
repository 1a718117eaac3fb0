package io.clusterboot.demo.e2e;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.clusterboot.demo.e2e.ClusterActuator.Rollout;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The headline of ClusterBoot: rolling reloads under a closed-loop load of 16 keep-alive
 * and 16 {@code Connection: close} clients lose no request and answer nothing but 2xx,
 * and each replaces every worker by one of a higher generation; started by
 * {@code POST /actuator/cluster/reload} or by {@code kill -HUP <master>} (issue 3, items
 * 6a and 6b); the same on Jetty and on Reactor Netty (issue 6, item 7).
 *
 * @author ClusterBoot team
 */
@Timeout(value = 8, unit = TimeUnit.MINUTES)
class ReloadUnderLoadIT {

	/**
	 * Reloads back to back in each test: the second starts from workers that a reload
	 * started, which is what repeats; a third proved nothing more and took a minute of CI.
	 */
	private static final int RELOADS = 2;

	@ParameterizedTest(name = "{0}")
	@EnumSource(ReloadTrigger.class)
	void rollingReloadsUnderLoadLoseNoRequest(ReloadTrigger trigger, TestInfo testInfo) throws Exception {
		rollingReloadsUnderLoad(ClusterProcess.builder(testInfo), trigger);
	}

	@ParameterizedTest(name = "{0}")
	@EnumSource(value = DemoServer.class, names = { "JETTY", "REACTOR_NETTY" })
	void rollingReloadsOnOtherWebServersLoseNoRequest(DemoServer server, TestInfo testInfo) throws Exception {
		rollingReloadsUnderLoad(ClusterProcess.builder(testInfo).jar(server.jar()), ReloadTrigger.SIGHUP);
	}

	/**
	 * The realistic demo-store (JPA, Flyway, H2, Thymeleaf; about 20,000 classes) on Spring
	 * Boot 4.0.7, whose workers take seconds to boot, reloaded from its boot cache as a
	 * cluster that has run for a while does.
	 */
	@Test
	void rollingReloadsOfARealisticApplicationLoseNoRequest(TestInfo testInfo) throws Exception {
		rollingReloadsUnderLoad(ClusterProcess.builder(testInfo).jar(DemoJar.store()), ReloadTrigger.SIGHUP, 2, true);
	}

	private void rollingReloadsUnderLoad(ClusterProcess.Builder cluster, ReloadTrigger trigger) throws Exception {
		rollingReloadsUnderLoad(cluster, trigger, RELOADS, false);
	}

	private void rollingReloadsUnderLoad(ClusterProcess.Builder cluster, ReloadTrigger trigger, int reloads,
			boolean fromBootCache) throws Exception {
		UnderLoad.run(cluster.workers(2), 16, Duration.ofMinutes(7), (context) -> {
			if (fromBootCache) {
				context.actuator().awaitBootCacheReady(null);
			}
			StringBuilder accounts = new StringBuilder();
			for (int i = 1; i <= reloads; i++) {
				long started = System.nanoTime();
				// Checks that every worker was replaced by one of a higher generation.
				Rollout rollout = context.actuator().rollOut(trigger);
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
