package io.clusterboot.autoconfigure;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import io.clusterboot.internal.ipc.AnsweringMaster;
import io.clusterboot.internal.ipc.ControlRecords;
import io.clusterboot.leader.ClusterLeadership;
import io.clusterboot.leader.LeadershipGrantedEvent;
import io.clusterboot.leader.LeadershipRevokedEvent;
import io.clusterboot.internal.metrics.ClusterMeterBinder;
import io.clusterboot.internal.metrics.ClusterPrometheusScrapeEndpoint;
import io.clusterboot.internal.metrics.ClusterScrapes;
import io.clusterboot.internal.metrics.WorkerTagFilter;
import io.clusterboot.status.BootCacheState;
import io.clusterboot.status.ClusterStatus;
import io.clusterboot.status.SlotState;
import io.clusterboot.status.WorkerState;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.prometheus.PrometheusMetricsExportAutoConfiguration;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.prometheus.PrometheusOutputFormat;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.prometheus.PrometheusScrapeEndpoint;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;

/**
 * Tests for {@link ClusterMetricsAutoConfiguration}: the cluster's meters read a status
 * served by a control server playing the master, in the leader only.
 *
 * @author ClusterBoot team
 */
@Timeout(30)
class ClusterMetricsAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner().withConfiguration(
			AutoConfigurations.of(ClusterWorkerAutoConfiguration.class, ClusterMetricsAutoConfiguration.class));

	private AnsweringMaster master;

	@BeforeEach
	@SuppressWarnings("unchecked")
	void startMaster() throws IOException {
		Instant at = Instant.parse("2026-12-02T10:00:00Z");
		ClusterStatus status = new ClusterStatus(
				new ClusterStatus.Master(99, Duration.ofMinutes(5), "127.0.0.1:8080", null, "SHARED", null, 3, false, 101L,
						null),
				new ClusterStatus.Workers(3, 2, 3, 1, 8, 5), null, new ClusterStatus.Reloads(4, 1, 5, 50000),
				List.of(new ClusterStatus.Slot(1, 3, SlotState.OK, 2, null, null, List.of())),
				List.of(new ClusterStatus.Worker(1, 4, 101, 3, WorkerState.READY, Duration.ofMinutes(1), 2, null, at,
						1L, 1L, 1.0, 7L, 100L, true, new ClusterStatus.RequestThreads(4, 4, true), null),
						new ClusterStatus.Worker(2, 5, 102, 3, WorkerState.READY, Duration.ofMinutes(1), 0, null, at,
								1L, 1L, 1.0, 1L, 100L, true, new ClusterStatus.RequestThreads(1, 4, false), null)),
				new ClusterStatus.BootCache(BootCacheState.READY, null, "CDS", "/tmp/cache"), null, null,
				new ClusterStatus.Sessions(12, 4096, 1 << 27, 1 << 20, 3, 7, 2));
		this.master = AnsweringMaster.start((request) -> (Map<String, Object>) ControlRecords.toValue(status));
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
	void clusterMetersShouldShowTheMastersFiguresInTheLeaderOnly() {
		this.contextRunner.withPropertyValues(this.master.workerProperties(4, 1)).run((context) -> {
			MeterRegistry registry = new SimpleMeterRegistry();
			ClusterMeterBinder binder = context.getBean(ClusterMeterBinder.class);
			binder.bindTo(registry);
			assertThat(registry.find("cluster.workers").meters()).isEmpty();
			ClusterLeadership leadership = mock(ClusterLeadership.class);
			binder.onApplicationEvent(new LeadershipGrantedEvent(leadership));
			assertThat(registry.get("cluster.workers").tag("state", "ready").gauge().value()).isEqualTo(2);
			assertThat(registry.get("cluster.workers").tag("state", "errored").gauge().value()).isEqualTo(1);
			assertThat(registry.get("cluster.workers").tag("state", "saturated").gauge().value()).isEqualTo(1);
			assertThat(registry.get("cluster.worker.restarts").functionCounter().count()).isEqualTo(5);
			assertThat(registry.get("cluster.reloads").tag("outcome", "failed").functionCounter().count())
				.isEqualTo(1);
			assertThat(registry.get("cluster.reload.duration").functionTimer().count()).isEqualTo(5);
			assertThat(registry.get("cluster.reload.duration").functionTimer().totalTime(TimeUnit.SECONDS))
				.isEqualTo(50);
			assertThat(registry.get("cluster.sessions").gauge().value()).isEqualTo(12);
			assertThat(registry.get("cluster.sessions.size").gauge().value()).isEqualTo(4096);
			assertThat(registry.get("cluster.sessions.removed").tag("cause", "evicted").functionCounter().count())
				.isEqualTo(3);
			assertThat(registry.get("cluster.sessions.removed").tag("cause", "rejected").functionCounter().count())
				.isEqualTo(2);
			binder.onApplicationEvent(new LeadershipRevokedEvent(leadership));
			assertThat(registry.find("cluster.sessions").meters()).isEmpty();
			assertThat(registry.find("cluster.workers").meters()).isEmpty();
			assertThat(registry.find("cluster.reloads").meters()).isEmpty();
		});
	}

	@Test
	void workerMetersShouldShowThisWorkersOwnFigures() {
		this.contextRunner.withPropertyValues(this.master.workerProperties(4, 1)).run((context) -> {
			MeterRegistry registry = new SimpleMeterRegistry();
			context.getBean(ClusterMeterBinder.class).bindTo(registry);
			assertThat(registry.get("cluster.worker.requests.in-flight").gauge().value()).isEqualTo(0);
			assertThat(registry.find("cluster.worker.requests.in-flight").meters()).hasSize(1);
		});
	}

	@Test
	void everyMeterOfAWorkerShouldCarryItsSlotButThePerClusterOnes() {
		this.contextRunner.withPropertyValues(this.master.workerProperties(4, 2)).run((context) -> {
			MeterRegistry registry = new SimpleMeterRegistry();
			registry.config().meterFilter(context.getBean(WorkerTagFilter.class));
			ClusterMeterBinder binder = context.getBean(ClusterMeterBinder.class);
			binder.bindTo(registry);
			binder.onApplicationEvent(new LeadershipGrantedEvent(mock(ClusterLeadership.class)));
			assertThat(registry.get("cluster.worker.requests.in-flight").tag("worker", "2").gauge()).isNotNull();
			assertThat(registry.get("cluster.workers").tag("state", "ready").gauge().getId().getTag("worker"))
				.isNull();
		});
	}

	@Test
	void withoutPrometheusTheScrapeShouldStayBoots() {
		this.contextRunner.withPropertyValues(this.master.workerProperties(4, 1))
			.run((context) -> assertThat(context).hasSingleBean(WorkerTagFilter.class)
				.doesNotHaveBean(ClusterScrapes.class));
	}

	@Test
	void withPrometheusTheScrapeShouldAnswerForTheCluster() {
		this.contextRunner
			.withConfiguration(AutoConfigurations.of(ClusterMessagingAutoConfiguration.class,
					MetricsAutoConfiguration.class, PrometheusMetricsExportAutoConfiguration.class))
			.withPropertyValues(this.master.workerProperties(4, 1))
			.withPropertyValues("management.endpoints.web.exposure.include=prometheus",
					"cluster.metrics.scrape-timeout=300ms")
			.run((context) -> {
				assertThat(context).getBean(PrometheusScrapeEndpoint.class)
					.isExactlyInstanceOf(ClusterPrometheusScrapeEndpoint.class);
				assertThat(context).hasSingleBean(ClusterScrapes.class);
				context.getBean(PrometheusMeterRegistry.class).counter("orders").increment(3);
				PrometheusScrapeEndpoint endpoint = context.getBean(PrometheusScrapeEndpoint.class);
				WebEndpointResponse<byte[]> text = endpoint.scrape(PrometheusOutputFormat.CONTENT_TYPE_004, null);
				assertThat(text.getContentType())
					.isEqualTo(PrometheusOutputFormat.CONTENT_TYPE_004.getProducedMimeType());
				assertThat(body(text)).contains("orders_total{worker=\"1\"} 3.0", "cluster_scrape_missed_total");
				WebEndpointResponse<byte[]> protobuf = endpoint.scrape(PrometheusOutputFormat.CONTENT_TYPE_PROTOBUF,
						Set.of("orders"));
				assertThat(protobuf.getContentType())
					.isEqualTo(PrometheusOutputFormat.CONTENT_TYPE_OPENMETRICS_100.getProducedMimeType());
				assertThat(body(protobuf)).contains("orders_total{worker=\"1\"} 3.0")
					.doesNotContain("cluster_scrape_missed")
					.endsWith("# EOF\n");
			});
	}

	private static String body(WebEndpointResponse<byte[]> response) {
		byte[] body = response.getBody();
		assertThat(body).isNotNull();
		return new String(body, StandardCharsets.UTF_8);
	}

}
