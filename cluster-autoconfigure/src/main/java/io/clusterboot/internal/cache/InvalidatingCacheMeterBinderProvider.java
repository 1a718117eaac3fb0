package io.clusterboot.internal.cache;

import java.util.List;
import java.util.Objects;

import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.binder.MeterBinder;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.cache.metrics.CacheMeterBinderProvider;
import org.springframework.boot.util.LambdaSafe;
import org.springframework.cache.Cache;

/**
 * Gives a decorated cache the meters of the cache it decorates: Spring Boot's cache
 * metrics pick a binder by the cache's type ({@code CaffeineCache}...), which the
 * decoration would otherwise hide.
 *
 * @author ClusterBoot team
 */
public class InvalidatingCacheMeterBinderProvider implements CacheMeterBinderProvider<InvalidatingCache> {

	private final ObjectProvider<CacheMeterBinderProvider<?>> providers;

	/**
	 * Creates the provider.
	 * @param providers every provider of the application, this one included
	 */
	public InvalidatingCacheMeterBinderProvider(ObjectProvider<CacheMeterBinderProvider<?>> providers) {
		this.providers = providers;
	}

	@Override
	@SuppressWarnings("unchecked")
	public MeterBinder getMeterBinder(InvalidatingCache cache, Iterable<Tag> tags) {
		Cache target = cache.target();
		List<CacheMeterBinderProvider<?>> others = this.providers.orderedStream()
			.filter((provider) -> provider != this)
			.toList();
		return LambdaSafe.callbacks(CacheMeterBinderProvider.class, others, target)
			.withLogger(InvalidatingCacheMeterBinderProvider.class)
			.invokeAnd((provider) -> provider.getMeterBinder(target, tags))
			.filter(Objects::nonNull)
			.findFirst()
			.orElse(null);
	}

}
