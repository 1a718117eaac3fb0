package io.clusterboot.internal.worker;

import java.util.Map;

import io.clusterboot.internal.bootcache.BootCache;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.logging.LogFile;
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

	@Test
	void postProcessWhenWorkerShouldAddItsIdentityToStructuredLines() {
		MockEnvironment environment = worker().withProperty("logging.structured.format.console", "ecs");
		this.postProcessor.postProcessEnvironment(environment, this.application);
		assertThat(added(environment)).containsEntry("cluster.worker.slot", "2")
			.containsEntry("cluster.worker.id", "7")
			.containsEntry("cluster.worker.generation", "3");
	}

	@Test
	void postProcessWhenGelfShouldNameTheMembersAsAdditionalFields() {
		MockEnvironment environment = worker().withProperty("logging.structured.format.console", "gelf");
		this.postProcessor.postProcessEnvironment(environment, this.application);
		assertThat(added(environment)).containsEntry("_cluster_worker_slot", "2")
			.containsEntry("_cluster_worker_id", "7")
			.containsEntry("_cluster_worker_generation", "3");
	}

	@Test
	void postProcessWhenApplicationAddsMembersShouldKeepThemAndItsValues() {
		MockEnvironment environment = worker().withProperty("logging.structured.json.add.service", "store")
			.withProperty("logging.structured.json.add[cluster.worker.slot]", "mine");
		this.postProcessor.postProcessEnvironment(environment, this.application);
		assertThat(added(environment)).containsEntry("service", "store")
			.containsEntry("cluster.worker.slot", "mine")
			.containsEntry("cluster.worker.id", "7");
	}

	@Test
	void postProcessWhenMasterWritesTheLogFileShouldNotOpenIt() {
		MockEnvironment environment = worker().withProperty("logging.file.name", "/var/log/app.log")
			.withProperty(WorkerLoggingEnvironmentPostProcessor.MASTER_WRITES_LOG_FILE, "true");
		this.postProcessor.postProcessEnvironment(environment, this.application);
		assertThat(LogFile.get(environment)).isNull();
		assertThat(environment.getProperty("management.endpoint.logfile.external-file")).isEqualTo("/var/log/app.log");
	}

	@Test
	void postProcessWhenMasterDoesNotWriteTheLogFileShouldLeaveItToTheWorker() {
		MockEnvironment environment = worker().withProperty("logging.file.path", "/var/log");
		this.postProcessor.postProcessEnvironment(environment, this.application);
		assertThat(LogFile.get(environment)).hasToString("/var/log/spring.log");
		assertThat(environment.containsProperty("management.endpoint.logfile.external-file")).isFalse();
	}

	@Test
	void postProcessWhenApplicationPointsTheLogfileEndpointElsewhereShouldKeepIt() {
		MockEnvironment environment = worker().withProperty("logging.file.name", "/var/log/app.log")
			.withProperty("management.endpoint.logfile.external-file", "/var/log/other.log")
			.withProperty(WorkerLoggingEnvironmentPostProcessor.MASTER_WRITES_LOG_FILE, "true");
		this.postProcessor.postProcessEnvironment(environment, this.application);
		assertThat(environment.getProperty("management.endpoint.logfile.external-file"))
			.isEqualTo("/var/log/other.log");
	}

	@Test
	void postProcessWhenTrainingTheBootCacheShouldNotOpenTheLogFile() {
		MockEnvironment environment = new MockEnvironment().withProperty("logging.file.name", "/var/log/app.log")
			.withProperty(BootCache.TRAINING_ENVIRONMENT, "true");
		this.postProcessor.postProcessEnvironment(environment, this.application);
		assertThat(LogFile.get(environment)).isNull();
		assertThat(environment.containsProperty("logging.pattern.level")).isFalse();
	}

	private static MockEnvironment worker() {
		return new MockEnvironment().withProperty("cluster.worker.id", "7")
			.withProperty("cluster.worker.slot", "2")
			.withProperty("cluster.worker.generation", "3");
	}

	private static Map<String, String> added(MockEnvironment environment) {
		return Binder.get(environment)
			.bind("logging.structured.json.add", Bindable.mapOf(String.class, String.class))
			.get();
	}

}
