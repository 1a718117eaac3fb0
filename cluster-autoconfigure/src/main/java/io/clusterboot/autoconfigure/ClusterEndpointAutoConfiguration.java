package io.clusterboot.autoconfigure;

import io.clusterboot.actuate.ClusterEndpoint;
import io.clusterboot.actuate.ClusterEndpointWebExtension;
import io.clusterboot.actuate.ClusterHealthIndicator;
import io.clusterboot.internal.worker.WorkerControl;

import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Auto-configuration of the {@link ClusterEndpoint} and the cluster's health indicator
 * in worker processes.
 *
 * @author ClusterBoot team
 * @since 0.1.0
 */
@AutoConfiguration(after = ClusterWorkerAutoConfiguration.class)
@ConditionalOnClass(Endpoint.class)
@ConditionalOnBean(WorkerControl.class)
public final class ClusterEndpointAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnAvailableEndpoint
	ClusterEndpoint clusterEndpoint(WorkerControl control) {
		return new ClusterEndpoint(control);
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBean(ClusterEndpoint.class)
	ClusterEndpointWebExtension clusterEndpointWebExtension(ClusterEndpoint endpoint) {
		return new ClusterEndpointWebExtension(endpoint);
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(HealthIndicator.class)
	@ConditionalOnEnabledHealthIndicator("cluster")
	static class ClusterHealthConfiguration {

		@Bean
		@ConditionalOnMissingBean(name = "clusterHealthIndicator")
		ClusterHealthIndicator clusterHealthIndicator(WorkerControl control) {
			return new ClusterHealthIndicator(control);
		}

	}

}
