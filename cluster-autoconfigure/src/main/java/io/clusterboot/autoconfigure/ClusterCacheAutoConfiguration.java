package io.clusterboot.autoconfigure;

import io.clusterboot.internal.cache.CacheFillAdvisor;
import io.clusterboot.internal.cache.CacheInvalidationMeterBinder;
import io.clusterboot.internal.cache.CacheInvalidationPostProcessor;
import io.clusterboot.internal.cache.CacheInvalidations;
import io.clusterboot.internal.cache.InvalidatingCacheMeterBinderProvider;
import io.clusterboot.internal.messaging.SubscribableMessenger;
import io.clusterboot.internal.worker.WorkerIdentity;
import io.clusterboot.messaging.ClusterMessenger;
import io.micrometer.core.instrument.binder.MeterBinder;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.cache.metrics.CacheMeterBinderProvider;
import org.springframework.cache.CacheManager;
import org.springframework.cache.interceptor.CacheOperationSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Role;
import org.springframework.core.env.Environment;

/**
 * Auto-configuration of cache invalidation across workers: in a worker, every
 * {@link CacheManager} bean is decorated so that a change to an entry
 * ({@code @CacheEvict}, {@code @CachePut}, {@code Cache.evict}, {@code put},
 * {@code clear}...) evicts it in the other workers, through the master, with
 * {@link ClusterMessenger}. Turned off with
 * {@code cluster.caches.invalidation.enabled=false}.
 *
 * @author ClusterBoot team
 * @since 0.1.0
 */
@AutoConfiguration(after = { ClusterWorkerAutoConfiguration.class, ClusterMessagingAutoConfiguration.class })
@ConditionalOnClass(CacheManager.class)
@ConditionalOnProperty(WorkerIdentity.ID_PROPERTY)
@ConditionalOnBooleanProperty(name = "cluster.caches.invalidation.enabled", matchIfMissing = true)
@ConditionalOnBean(SubscribableMessenger.class)
public final class ClusterCacheAutoConfiguration {

	@Bean
	static CacheInvalidationPostProcessor clusterCacheInvalidationPostProcessor(
			ObjectProvider<CacheInvalidations> invalidations) {
		return new CacheInvalidationPostProcessor(invalidations::getObject);
	}

	@Bean
	CacheInvalidations clusterCacheInvalidations(SubscribableMessenger messenger, Environment environment,
			ConfigurableListableBeanFactory beans) {
		return new CacheInvalidations(messenger, environment.getRequiredProperty(WorkerIdentity.ID_PROPERTY, Long.class),
				(name) -> beans.containsBean(name) && beans.isTypeMatch(name, CacheManager.class)
						? beans.getBean(name, CacheManager.class) : null,
				beans.getBeanClassLoader());
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBean(CacheOperationSource.class)
	static class CacheFillConfiguration {

		@Bean
		@Role(BeanDefinition.ROLE_INFRASTRUCTURE)
		static CacheFillAdvisor clusterCacheFillAdvisor(CacheOperationSource cacheOperationSource) {
			return new CacheFillAdvisor(cacheOperationSource);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(MeterBinder.class)
	static class InvalidationMetricsConfiguration {

		@Bean
		CacheInvalidationMeterBinder clusterCacheInvalidationMeterBinder(CacheInvalidations invalidations) {
			return new CacheInvalidationMeterBinder(invalidations);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ MeterBinder.class, CacheMeterBinderProvider.class })
	static class CacheMetricsConfiguration {

		@Bean
		InvalidatingCacheMeterBinderProvider clusterInvalidatingCacheMeterBinderProvider(
				ObjectProvider<CacheMeterBinderProvider<?>> providers) {
			return new InvalidatingCacheMeterBinderProvider(providers);
		}

	}

}
