package io.clusterboot.autoconfigure;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.clusterboot.ipc.AnsweringMaster;
import io.clusterboot.metrics.ClusterMeterBinder;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ClusterMetricsAutoConfiguration}: the meters read a status served by
 * a control server playing the master.
 *
 * @author ClusterBoot team
 */
@Timeout(30)
class ClusterMetricsAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner().withConfiguration(
			AutoConfigurations.of(ClusterWorkerAutoConfiguration.class, ClusterMetricsAutoConfiguration.class));

	private AnsweringMaster master;

	@BeforeEach
	void startMaster() throws IOException {
		this.master = AnsweringMaster.start((request) -> Map.of("workers",
				Map.of("desired", 3, "ready", 2, "running", 3, "errored", 1), "slots",
				List.of(Map.of("slot", 1, "restarts", 2), Map.of("slot", 2, "restarts", 3)), "reloads",
				Map.of("succeeded", 4, "failed", 1, "finished", 5, "totalMillis", 50000), "processes",
				List.of(Map.of("slot", 1, "pid", 101, "requestsInFlight", 7),
						Map.of("slot", 2, "pid", 102, "requestsInFlight", 0))));
	}

	@AfterEach
	void stopMaster() throws IOException {
		this.master.close();
	}

	@Test
	void runWhenNotWorkerShouldNotHaveMeters() {
		this.contextRunner.run((context) -> assertThat(context).doesNotHaveBean(ClusterMeterBinder.class));
	}

	@Test
	void metersShouldShowTheMastersFigures() {
		this.contextRunner.withPropertyValues(this.master.workerProperties(4, 1)).run((context) -> {
			MeterRegistry registry = new SimpleMeterRegistry();
			context.getBean(ClusterMeterBinder.class).bindTo(registry);
			assertThat(registry.get("cluster.workers").tag("state", "ready").gauge().value()).isEqualTo(2);
			assertThat(registry.get("cluster.workers").tag("state", "errored").gauge().value()).isEqualTo(1);
			assertThat(registry.get("cluster.worker.restarts").functionCounter().count()).isEqualTo(5);
			assertThat(registry.get("cluster.reloads").tag("outcome", "failed").functionCounter().count())
				.isEqualTo(1);
			assertThat(registry.get("cluster.reload.duration").functionTimer().count()).isEqualTo(5);
			assertThat(registry.get("cluster.reload.duration").functionTimer().totalTime(
					TimeUnit.SECONDS)).isEqualTo(50);
			assertThat(registry.get("cluster.worker.requests.in-flight").tag("pid", "101").gauge().value())
				.isEqualTo(7);
		});
	}

}
