package io.clusterboot.autoconfigure;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import com.github.benmanes.caffeine.cache.Caffeine;
import io.clusterboot.internal.cache.CacheInvalidation;
import io.clusterboot.internal.cache.CacheInvalidationMeterBinder;
import io.clusterboot.internal.cache.CacheInvalidations;
import io.clusterboot.internal.cache.InvalidatingCache;
import io.clusterboot.internal.messaging.SubscribableMessenger;
import io.clusterboot.messaging.ClusterMessageEvent;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.cache.autoconfigure.CacheAutoConfiguration;
import org.springframework.boot.cache.autoconfigure.metrics.CacheMetricsAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cache.CacheManager;
import org.springframework.cache.annotation.CacheEvict;
import org.springframework.cache.annotation.CachePut;
import org.springframework.cache.annotation.Cacheable;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.cache.caffeine.CaffeineCacheManager;
import org.springframework.cache.concurrent.ConcurrentMapCacheManager;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ClusterCacheAutoConfiguration}, with a messenger that records what a
 * worker sends.
 *
 * @author ClusterBoot team
 */
class ClusterCacheAutoConfigurationTests {

	private static final String WORKER = "cluster.worker.id=3";

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ClusterCacheAutoConfiguration.class))
		.withUserConfiguration(RecordingMessengerConfiguration.class);

	@Test
	void runWhenWorkerShouldDecorateAConcurrentMapCacheManager() {
		this.contextRunner.withPropertyValues(WORKER)
			.withUserConfiguration(ConcurrentMapConfiguration.class)
			.run((context) -> {
				assertThat(context).hasSingleBean(CacheInvalidations.class);
				assertThat(context).getBean(CacheManager.class).isInstanceOf(ConcurrentMapCacheManager.class);
				CacheManager manager = context.getBean(ConcurrentMapCacheManager.class);
				assertThat(manager.getCache("greetings")).isInstanceOf(InvalidatingCache.class);
				manager.getCache("greetings").evict("a");
				assertThat(context.getBean(RecordingMessenger.class).sent).singleElement()
					.isEqualTo(new CacheInvalidation(3, "cacheManager", "greetings", "a", null));
			});
	}

	@Test
	void runWhenWorkerShouldDecorateACaffeineCacheManager() {
		this.contextRunner.withPropertyValues(WORKER).withUserConfiguration(CaffeineConfiguration.class).run((context) -> {
			CaffeineCacheManager manager = context.getBean(CaffeineCacheManager.class);
			assertThat(manager.getCache("greetings")).isInstanceOf(InvalidatingCache.class);
			manager.getCache("greetings").put("a", "changed");
			assertThat(context.getBean(RecordingMessenger.class).sent).hasSize(1);
		});
	}

	@Test
	void runWhenInvalidationIsDisabledShouldNotDecorate() {
		this.contextRunner.withPropertyValues(WORKER, "cluster.caches.invalidation.enabled=false")
			.withUserConfiguration(ConcurrentMapConfiguration.class)
			.run((context) -> {
				assertThat(context).doesNotHaveBean(CacheInvalidations.class);
				assertThat(context.getBean(CacheManager.class).getCache("greetings"))
					.isNotInstanceOf(InvalidatingCache.class);
			});
	}

	@Test
	void runWhenNotAWorkerShouldNotDecorate() {
		this.contextRunner.withUserConfiguration(ConcurrentMapConfiguration.class).run((context) -> {
			assertThat(context).doesNotHaveBean(CacheInvalidations.class);
			assertThat(context.getBean(CacheManager.class).getCache("greetings"))
				.isNotInstanceOf(InvalidatingCache.class);
		});
	}

	@Test
	void runWhenCacheableMissesShouldKeepItsFillLocalAndSendChanges() {
		this.contextRunner.withPropertyValues(WORKER)
			.withUserConfiguration(ConcurrentMapConfiguration.class, GreetingConfiguration.class)
			.run((context) -> {
				Greetings greetings = context.getBean(Greetings.class);
				List<CacheInvalidation> sent = context.getBean(RecordingMessenger.class).sent;
				assertThat(greetings.greet("ada")).isEqualTo("hello ada #1");
				assertThat(greetings.greet("ada")).isEqualTo("hello ada #1");
				assertThat(greetings.greetOrNull("bob")).isNull();
				assertThat(sent).as("fills after a miss").isEmpty();
				assertThat(greetings.update("ada")).isEqualTo("hello ada #2");
				assertThat(sent).singleElement().extracting(CacheInvalidation::key).isEqualTo("ada");
				greetings.forget("ada");
				greetings.forgetAll();
				assertThat(sent).hasSize(3).last().extracting(CacheInvalidation::key).isNull();
			});
	}

	@Test
	void runWhenWorkerShouldCountInvalidationsAndKeepBootsCacheMetrics() {
		this.contextRunner.withPropertyValues(WORKER, "spring.cache.caffeine.spec=recordStats",
				"spring.cache.cache-names=greetings")
			.withConfiguration(
					AutoConfigurations.of(CacheAutoConfiguration.class, CacheMetricsAutoConfiguration.class))
			.withUserConfiguration(GreetingConfiguration.class, RegistryConfiguration.class)
			.run((context) -> {
				MeterRegistry registry = context.getBean(MeterRegistry.class);
				assertThat(context.getBean(CacheManager.class)).isInstanceOf(CaffeineCacheManager.class);
				assertThat(registry.find("cache.gets").tag("cache", "greetings").meters()).isNotEmpty();
				context.getBean(CacheInvalidationMeterBinder.class).bindTo(registry);
				context.getBean(Greetings.class).update("ada");
				assertThat(registry.get("cluster.caches.invalidations").tag("direction", "sent").functionCounter()
					.count()).isOne();
				assertThat(registry.get("cluster.caches.invalidations")
					.tag("direction", "received")
					.functionCounter()
					.count()).isZero();
			});
	}

	@Configuration(proxyBeanMethods = false)
	static class RecordingMessengerConfiguration {

		@Bean
		RecordingMessenger recordingMessenger() {
			return new RecordingMessenger();
		}

	}

	static class RecordingMessenger implements SubscribableMessenger {

		final List<CacheInvalidation> sent = new CopyOnWriteArrayList<>();

		@Override
		public void broadcast(String topic, Object payload) {
			assertThat(topic).isEqualTo(CacheInvalidations.TOPIC);
			this.sent.add(CacheInvalidation.of((String[]) payload));
		}

		@Override
		public void send(int workerSlot, String topic, Object payload) {
			throw new UnsupportedOperationException();
		}

		@Override
		public void subscribe(String topic, Consumer<ClusterMessageEvent> receiver) {
			assertThat(topic).isEqualTo(CacheInvalidations.TOPIC);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class ConcurrentMapConfiguration {

		@Bean
		ConcurrentMapCacheManager cacheManager() {
			return new ConcurrentMapCacheManager();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class CaffeineConfiguration {

		@Bean
		CaffeineCacheManager cacheManager() {
			CaffeineCacheManager manager = new CaffeineCacheManager();
			manager.setCaffeine(Caffeine.newBuilder().maximumSize(100));
			return manager;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class RegistryConfiguration {

		@Bean
		SimpleMeterRegistry meterRegistry() {
			return new SimpleMeterRegistry();
		}

	}

	@Configuration(proxyBeanMethods = false)
	@EnableCaching
	static class GreetingConfiguration {

		@Bean
		Greetings greetings() {
			return new Greetings();
		}

	}

	static class Greetings {

		private int version = 1;

		@Cacheable("greetings")
		public String greet(String name) {
			return "hello " + name + " #" + this.version;
		}

		@Cacheable(cacheNames = "greetings", unless = "#result == null")
		public String greetOrNull(String name) {
			return null;
		}

		@CachePut(cacheNames = "greetings", key = "#name")
		public String update(String name) {
			this.version++;
			return greet(name);
		}

		@CacheEvict("greetings")
		public void forget(String name) {
		}

		@CacheEvict(cacheNames = "greetings", allEntries = true)
		public void forgetAll() {
		}

	}

}
