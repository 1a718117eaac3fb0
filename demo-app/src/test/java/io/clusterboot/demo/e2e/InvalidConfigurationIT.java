package io.clusterboot.demo.e2e;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An invalid cluster setting stops the start with a Spring Boot failure analysis that
 * names the property and its value, before any worker is forked (issue 2, items 12g
 * and 3), and so do more workers than {@code cluster.max-workers} (issue 11). So does a
 * management port of its own, which workers cannot share.
 *
 * @author ClusterBoot team
 */
@Timeout(value = 1, unit = TimeUnit.MINUTES)
class InvalidConfigurationIT {

	@ParameterizedTest(name = "--{0}={1}")
	@CsvSource({ "cluster.workers, abc", "cluster.workers, 0", "cluster.process-kill-timeout, -1s",
			"cluster.max-workers, 1" })
	void invalidValueFailsTheStartWithoutForking(String property, String value, TestInfo testInfo) {
		ClusterProcess.Builder builder = ClusterProcess.builder(testInfo);
		if (property.equals("cluster.workers")) {
			builder.workers(value);
		}
		else {
			builder.workers(2).property(property, value);
		}
		try (ClusterProcess cluster = builder.start()) {
			int exitCode = cluster.awaitExit(Duration.ofSeconds(45));
			String output = String.join("\n", cluster.lines());

			assertThat(exitCode).as("master exit code%s", cluster.describe()).isNotZero();
			assertThat(output).as("failure analysis%s", cluster.describe())
				.contains("APPLICATION FAILED TO START")
				.contains(property)
				.contains(value);
			assertThat(cluster.lines()).as("no worker forked%s", cluster.describe())
				.noneMatch((line) -> ClusterProcess.STARTING_WORKER.matcher(line).find())
				.noneMatch((line) -> line.startsWith(ClusterProcess.WORKER_PREFIX));
			assertThat(cluster.descendantPidsEverSeen()).as("child processes seen%s", cluster.describe()).isEmpty();
		}
	}

}
