package io.clusterboot.internal.worker;

import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link WorkerLoggingEnvironmentPostProcessor}.
 *
 * @author ClusterBoot team
 */
class WorkerLoggingEnvironmentPostProcessorTests {

	private final WorkerLoggingEnvironmentPostProcessor postProcessor = new WorkerLoggingEnvironmentPostProcessor();

	private final SpringApplication application = new SpringApplication();

	@Test
	void postProcessWhenWorkerShouldPutWorkerInLevelPattern() {
		MockEnvironment environment = new MockEnvironment().withProperty("cluster.worker.id", "7")
			.withProperty("cluster.worker.slot", "2");
		this.postProcessor.postProcessEnvironment(environment, this.application);
		assertThat(environment.getProperty("logging.pattern.level")).isEqualTo("%5p [worker 2 #7]");
	}

	@Test
	void postProcessWhenNotWorkerShouldLeavePatternAlone() {
		MockEnvironment environment = new MockEnvironment();
		this.postProcessor.postProcessEnvironment(environment, this.application);
		assertThat(environment.containsProperty("logging.pattern.level")).isFalse();
	}

	@Test
	void postProcessWhenApplicationSetsLevelPatternShouldKeepIt() {
		MockEnvironment environment = new MockEnvironment().withProperty("cluster.worker.id", "7")
			.withProperty("cluster.worker.slot", "2")
			.withProperty("logging.pattern.level", "%p");
		this.postProcessor.postProcessEnvironment(environment, this.application);
		assertThat(environment.getProperty("logging.pattern.level")).isEqualTo("%p");
	}

}
