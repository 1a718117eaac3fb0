package io.clusterboot.autoconfigure;

import io.clusterboot.internal.leader.ClusterLeaderOnlyBeanPostProcessor;
import io.clusterboot.leader.ClusterLeadership;
import io.clusterboot.internal.leader.SingleProcessLeadership;
import io.clusterboot.internal.leader.WorkerLeadership;
import io.clusterboot.internal.worker.WorkerControl;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Auto-configuration of the cluster's {@link ClusterLeadership} and of
 * {@link io.clusterboot.leader.ClusterLeaderOnly @ClusterLeaderOnly} methods.
 *
 * @author ClusterBoot team
 * @since 0.1.0
 */
@AutoConfiguration(after = ClusterWorkerAutoConfiguration.class)
public final class ClusterLeadershipAutoConfiguration {

	@Bean
	static ClusterLeaderOnlyBeanPostProcessor clusterLeaderOnlyBeanPostProcessor(
			ObjectProvider<ClusterLeadership> leadership) {
		return new ClusterLeaderOnlyBeanPostProcessor(leadership::getObject);
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBean(WorkerControl.class)
	static class WorkerLeadershipConfiguration {

		@Bean
		@ConditionalOnMissingBean(ClusterLeadership.class)
		WorkerLeadership clusterLeadership(WorkerControl control, ApplicationEventPublisher publisher) {
			return new WorkerLeadership(control, publisher);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnMissingBean(WorkerControl.class)
	static class SingleProcessLeadershipConfiguration {

		@Bean
		@ConditionalOnMissingBean(ClusterLeadership.class)
		SingleProcessLeadership clusterLeadership() {
			return new SingleProcessLeadership();
		}

	}

}
