package io.clusterboot.autoconfigure;

import io.clusterboot.actuate.ClusterEndpoint;
import io.clusterboot.actuate.ClusterEndpointWebExtension;
import io.clusterboot.worker.WorkerControl;

import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of the {@link ClusterEndpoint} in worker processes.
 *
 * @author ClusterBoot team
 * @since 0.1.0
 */
@AutoConfiguration(after = ClusterWorkerAutoConfiguration.class)
@ConditionalOnClass(Endpoint.class)
@ConditionalOnBean(WorkerControl.class)
@ConditionalOnAvailableEndpoint(ClusterEndpoint.class)
public final class ClusterEndpointAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	ClusterEndpoint clusterEndpoint(WorkerControl control) {
		return new ClusterEndpoint(control);
	}

	@Bean
	@ConditionalOnMissingBean
	ClusterEndpointWebExtension clusterEndpointWebExtension(ClusterEndpoint endpoint) {
		return new ClusterEndpointWebExtension(endpoint);
	}

}
