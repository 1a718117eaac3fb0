package io.clusterboot.demo.e2e;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A master started with {@code nohup} inherits SIGHUP ignored, and the JVM then installs no
 * handler for it: {@code kill -HUP} cannot reload. The master says so at start, and the
 * signals it can receive still work. An {@code ALRM}, which kills a JVM that does not
 * take it, is taken and ignored.
 *
 * @author ClusterBoot team
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class IgnoredSignalIT {

	@Test
	void masterStartedWithNohupWarnsThatHupIsIgnored(TestInfo testInfo) {
		try (ClusterProcess cluster = ClusterProcess.builder(testInfo).workers(1).launchedBy("nohup").start()) {
			cluster.awaitReadyWorkers(1, ClusterProcess.STARTUP);
			cluster.awaitOutput(Pattern.quote("SIGHUP was ignored when this JVM started (nohup")
					+ ".*reload through the cluster endpoint", Duration.ofSeconds(5));
			// INT may be ignored too when this test runs as a background job of a script
			assertThat(cluster.lines()).as("warnings for signals that were not ignored%s", cluster.describe())
				.noneMatch((line) -> line.matches(".*SIG(TERM|TTIN|TTOU) was ignored.*"));

			// ALRM would kill a JVM that did not take it: the master takes it and says so
			cluster.signalMaster(Signal.ALRM);
			cluster.awaitOutput(Pattern.quote("SIGALRM means nothing to the master and is ignored"),
					Duration.ofSeconds(10));
			assertThat(cluster.isMasterRunning()).as("master alive after ALRM%s", cluster.describe()).isTrue();

			// The kernel drops an ignored signal when it is sent, so TERM is the next the master sees.
			cluster.signalMaster(Signal.HUP);
			cluster.signalMaster(Signal.TERM);
			assertThat(cluster.awaitExit(Duration.ofSeconds(60))).as("master exit code%s", cluster.describe())
				.isZero();
			assertThat(cluster.lines()).as("master output%s", cluster.describe())
				.noneMatch((line) -> line.contains("started by SIGHUP"))
				.anyMatch((line) -> line.contains("Received SIGTERM"));
			assertThat(cluster.runningDescendantsEverSeen()).as("workers left running%s", cluster.describe())
				.isEmpty();
		}
	}

}
