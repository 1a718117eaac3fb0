package io.clusterboot.autoconfigure;

import java.time.Clock;
import java.time.Duration;

import io.clusterboot.internal.messaging.SubscribableMessenger;
import io.clusterboot.internal.metrics.ClusterMeterBinder;
import io.clusterboot.internal.metrics.ClusterPrometheusScrapeEndpoint;
import io.clusterboot.internal.metrics.ClusterScrapes;
import io.clusterboot.internal.metrics.ClusterStatusCache;
import io.clusterboot.internal.metrics.WorkerTagFilter;
import io.clusterboot.internal.worker.WorkerConnectors;
import io.clusterboot.internal.worker.WorkerControl;
import io.clusterboot.internal.worker.WorkerIdentity;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.ConditionalOnEnabledMetricsExport;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.prometheus.PrometheusScrapeEndpoint;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Auto-configuration of the cluster's Micrometer meters in worker processes: the
 * cluster's own meters, the {@code worker} tag on every meter, and, with Micrometer's
 * Prometheus registry, {@code /actuator/prometheus} answering for the whole cluster.
 *
 * @author ClusterBoot team
 * @since 0.1.0
 */
@AutoConfiguration(after = { ClusterWorkerAutoConfiguration.class, ClusterMessagingAutoConfiguration.class },
		beforeName = "org.springframework.boot.micrometer.metrics.autoconfigure.export.prometheus.PrometheusMetricsExportAutoConfiguration")
@ConditionalOnClass(MeterBinder.class)
@ConditionalOnBean(WorkerControl.class)
public final class ClusterMetricsAutoConfiguration {

	private static final Duration STATUS_REFRESH = Duration.ofSeconds(2);

	@Bean
	@ConditionalOnMissingBean
	ClusterStatusCache clusterStatusCache(WorkerControl control) {
		return new ClusterStatusCache(control, STATUS_REFRESH, Clock.systemUTC());
	}

	@Bean
	@ConditionalOnMissingBean
	ClusterMeterBinder clusterMeterBinder(ClusterStatusCache status, ObjectProvider<WorkerConnectors> connectors) {
		return new ClusterMeterBinder(status, connectors.orderedStream().toList());
	}

	@Bean
	@ConditionalOnMissingBean
	WorkerTagFilter clusterWorkerTagFilter(WorkerIdentity identity) {
		return new WorkerTagFilter(identity.slot(), ClusterMeterBinder.CLUSTER_METERS);
	}

	/**
	 * The cluster scrape: Spring Boot's Prometheus endpoint made to answer for every
	 * worker.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ PrometheusMeterRegistry.class, PrometheusScrapeEndpoint.class })
	@ConditionalOnAvailableEndpoint(PrometheusScrapeEndpoint.class)
	@ConditionalOnEnabledMetricsExport("prometheus")
	@ConditionalOnBean(SubscribableMessenger.class)
	static class ClusterScrapeConfiguration {

		@Bean
		@ConditionalOnMissingBean
		ClusterScrapes clusterScrapes(SubscribableMessenger messenger, WorkerIdentity identity, WorkerControl control,
				ClusterProperties properties) {
			return new ClusterScrapes(messenger, identity, ClusterScrapes.servingWorkers(control),
					properties.getMetrics().getScrapeTimeout());
		}

		@Bean
		@ConditionalOnMissingBean(PrometheusScrapeEndpoint.class)
		ClusterPrometheusScrapeEndpoint clusterPrometheusEndpoint(PrometheusRegistry registry,
				PrometheusConfig config, ClusterScrapes scrapes) {
			return new ClusterPrometheusScrapeEndpoint(registry, config.prometheusProperties(), scrapes);
		}

	}

}
