package io.clusterboot.internal.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link WorkerTagFilter}.
 *
 * @author ClusterBoot team
 */
class WorkerTagFilterTests {

	private final MeterRegistry registry = new SimpleMeterRegistry();

	WorkerTagFilterTests() {
		this.registry.config().meterFilter(new WorkerTagFilter(3, ClusterMeterBinder.CLUSTER_METERS));
	}

	@Test
	void everyMeterOfAWorkerCarriesItsSlot() {
		this.registry.counter("http.server.requests", "uri", "/");
		Gauge.builder("jvm.threads.live", () -> 30).register(this.registry);
		assertThat(this.registry.get("http.server.requests").tag("uri", "/").tag("worker", "3").counter())
			.isNotNull();
		assertThat(this.registry.get("jvm.threads.live").tag("worker", "3").gauge()).isNotNull();
	}

	@Test
	void perClusterMetersStayUntagged() {
		Gauge.builder("cluster.workers", () -> 2).register(this.registry);
		assertThat(this.registry.get("cluster.workers").gauge().getId().getTag("worker")).isNull();
	}

	@Test
	void aMetersOwnWorkerTagStays() {
		this.registry.counter("jobs", "worker", "batch");
		assertThat(this.registry.get("jobs").counter().getId().getTag("worker")).isEqualTo("batch");
	}

}
