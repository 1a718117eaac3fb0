package io.clusterboot.autoconfigure;

import java.time.Clock;
import java.time.Duration;

import io.clusterboot.internal.metrics.ClusterMeterBinder;
import io.clusterboot.internal.metrics.ClusterStatusCache;
import io.clusterboot.internal.worker.WorkerConnectors;
import io.clusterboot.internal.worker.WorkerControl;
import io.clusterboot.internal.worker.WorkerIdentity;
import io.micrometer.core.instrument.binder.MeterBinder;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of the cluster's Micrometer meters in worker processes.
 *
 * @author ClusterBoot team
 * @since 0.1.0
 */
@AutoConfiguration(after = ClusterWorkerAutoConfiguration.class)
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
	ClusterMeterBinder clusterMeterBinder(ClusterStatusCache status, ObjectProvider<WorkerConnectors> connectors,
			WorkerIdentity identity) {
		return new ClusterMeterBinder(status, connectors.orderedStream().toList(), identity.slot());
	}

}
