package io.clusterboot.autoconfigure;

import io.clusterboot.messaging.ClusterMessenger;
import io.clusterboot.internal.messaging.ControlChannelMessenger;
import io.clusterboot.internal.messaging.LocalClusterMessenger;
import io.clusterboot.internal.worker.WorkerControl;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Auto-configuration of the {@link ClusterMessenger}: across workers in a worker, local
 * in a single process, so that code using it runs unchanged in tests.
 *
 * @author ClusterBoot team
 * @since 0.1.0
 */
@AutoConfiguration(after = ClusterWorkerAutoConfiguration.class,
		afterName = "org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration")
public final class ClusterMessagingAutoConfiguration {

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBean(WorkerControl.class)
	static class WorkerMessagingConfiguration {

		@Bean
		@ConditionalOnMissingBean(ClusterMessenger.class)
		ControlChannelMessenger clusterMessenger(WorkerControl control, ObjectProvider<JsonMapper> mapper,
				ApplicationEventPublisher publisher) {
			return new ControlChannelMessenger(control, mapper.getIfAvailable(JsonMapper::new), publisher);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnMissingBean(WorkerControl.class)
	static class SingleProcessMessagingConfiguration {

		@Bean
		@ConditionalOnMissingBean(ClusterMessenger.class)
		LocalClusterMessenger clusterMessenger(ObjectProvider<JsonMapper> mapper, ApplicationEventPublisher publisher) {
			return new LocalClusterMessenger(mapper.getIfAvailable(JsonMapper::new), publisher);
		}

	}

}
