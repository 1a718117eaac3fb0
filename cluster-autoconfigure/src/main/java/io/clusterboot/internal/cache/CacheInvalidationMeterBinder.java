package io.clusterboot.internal.cache;

import java.util.function.ToDoubleFunction;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * The counter {@code cluster.caches.invalidations}, per worker, tagged
 * {@code direction}: {@code sent} (entries or caches of this worker that changed, told
 * to the others) and {@code received} (the others' changes that reached this worker).
 *
 * @author ClusterBoot team
 */
public class CacheInvalidationMeterBinder implements MeterBinder {

	private final CacheInvalidations invalidations;

	/**
	 * Creates the binder.
	 * @param invalidations counts the invalidations
	 */
	public CacheInvalidationMeterBinder(CacheInvalidations invalidations) {
		this.invalidations = invalidations;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		register(registry, "sent", CacheInvalidations::sent);
		register(registry, "received", CacheInvalidations::received);
	}

	private void register(MeterRegistry registry, String direction, ToDoubleFunction<CacheInvalidations> count) {
		FunctionCounter.builder("cluster.caches.invalidations", this.invalidations, count)
			.tag("direction", direction)
			.description("Cache invalidations sent to the other workers or received from them")
			.register(registry);
	}

}
