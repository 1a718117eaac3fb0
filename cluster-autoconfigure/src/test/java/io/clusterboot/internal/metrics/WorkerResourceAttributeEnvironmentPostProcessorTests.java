package io.clusterboot.internal.metrics;

import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link WorkerResourceAttributeEnvironmentPostProcessor}.
 *
 * @author ClusterBoot team
 */
class WorkerResourceAttributeEnvironmentPostProcessorTests {

	private static final String PROPERTY = "management.opentelemetry.resource-attributes.worker";

	@Test
	void aWorkerOfAnApplicationWithOpenTelemetryHasItsSlotAsResourceAttribute() {
		MockEnvironment environment = worker();
		postProcess(environment, true);
		assertThat(environment.getProperty(PROPERTY)).isEqualTo("2");
	}

	@Test
	void theApplicationsOwnValueWins() {
		MockEnvironment environment = worker().withProperty(PROPERTY, "blue-2");
		postProcess(environment, true);
		assertThat(environment.getProperty(PROPERTY)).isEqualTo("blue-2");
	}

	@Test
	void withoutOpenTelemetryOrOutsideAWorkerNothingIsSet() {
		MockEnvironment withoutOpenTelemetry = worker();
		postProcess(withoutOpenTelemetry, false);
		assertThat(withoutOpenTelemetry.containsProperty(PROPERTY)).isFalse();
		MockEnvironment master = new MockEnvironment();
		postProcess(master, true);
		assertThat(master.containsProperty(PROPERTY)).isFalse();
	}

	@Test
	void whetherTheApplicationHasOpenTelemetryComesFromItsClassPath() {
		MockEnvironment environment = worker();
		new WorkerResourceAttributeEnvironmentPostProcessor().postProcessEnvironment(environment,
				new SpringApplication());
		assertThat(environment.containsProperty(PROPERTY)).as("Spring Boot's OpenTelemetry is not on the class path")
			.isFalse();
	}

	private static MockEnvironment worker() {
		return new MockEnvironment().withProperty("cluster.worker.id", "7").withProperty("cluster.worker.slot", "2");
	}

	private static void postProcess(MockEnvironment environment, boolean openTelemetry) {
		new WorkerResourceAttributeEnvironmentPostProcessor(openTelemetry).postProcessEnvironment(environment,
				new SpringApplication());
	}

}
