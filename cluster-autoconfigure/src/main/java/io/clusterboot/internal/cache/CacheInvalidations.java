package io.clusterboot.internal.cache;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;

import io.clusterboot.internal.messaging.SubscribableMessenger;
import io.clusterboot.messaging.ClusterMessageEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.cache.Cache;
import org.springframework.cache.CacheManager;

/**
 * Carries cache invalidations between workers as cluster messages on the topic
 * {@value #TOPIC}, which it takes for its own (the application's listeners never see
 * them): sends this worker's (inside a transaction, once it commits: {@link AfterCommit}),
 * and applies the others' to its own caches, on the cache itself, so that they are not
 * sent on again. A worker ignores its own, which the master forwards back to it like
 * every broadcast. Only caches that exist here are touched: an invalidation never
 * creates one.
 *
 * @author ClusterBoot team
 */
public class CacheInvalidations {

	/**
	 * Topic of the messages that carry invalidations.
	 */
	public static final String TOPIC = "clusterboot.cache.invalidation";

	private static final Logger logger = LoggerFactory.getLogger(CacheInvalidations.class);

	private final SubscribableMessenger messenger;

	private final long worker;

	private final Function<String, CacheManager> managers;

	private final TransportableKeys keys;

	private final LongAdder sent = new LongAdder();

	private final LongAdder received = new LongAdder();

	private final AtomicBoolean sendFailureLogged = new AtomicBoolean();

	/**
	 * Creates the carrier and subscribes it to its topic.
	 * @param messenger reaches the other workers
	 * @param worker the id of this worker
	 * @param managers finds a cache manager by its bean name, or returns {@code null}
	 * @param classLoader loads the classes of serialized keys
	 */
	public CacheInvalidations(SubscribableMessenger messenger, long worker, Function<String, CacheManager> managers,
			ClassLoader classLoader) {
		this.messenger = messenger;
		this.worker = worker;
		this.managers = managers;
		this.keys = new TransportableKeys(classLoader);
		messenger.subscribe(TOPIC, this::receive);
	}

	/**
	 * Tells the other workers that an entry changed.
	 * @param manager the bean name of the cache manager
	 * @param cache the name of the cache
	 * @param key the entry's key
	 */
	void entryChanged(String manager, String cache, Object key) {
		send(this.keys.entry(this.worker, manager, cache, key));
	}

	/**
	 * Tells the other workers that a cache was cleared.
	 * @param manager the bean name of the cache manager
	 * @param cache the name of the cache
	 */
	void cleared(String manager, String cache) {
		send(new CacheInvalidation(this.worker, manager, cache, null, null));
	}

	private void send(CacheInvalidation invalidation) {
		AfterCommit.run(() -> broadcast(invalidation));
	}

	private void broadcast(CacheInvalidation invalidation) {
		try {
			this.messenger.broadcast(TOPIC, invalidation.fields());
			this.sent.increment();
		}
		catch (RuntimeException ex) {
			// the cache changed here all the same; the channel to the master closes only
			// when the worker stops, and the master logs what it cannot forward
			if (this.sendFailureLogged.compareAndSet(false, true)) {
				logger.warn("Could not tell the other workers that cache '{}' changed (logged once): {}",
						invalidation.cache(), ex.toString());
			}
			else {
				logger.debug("Could not tell the other workers that cache '{}' changed", invalidation.cache(), ex);
			}
		}
	}

	private void receive(ClusterMessageEvent event) {
		CacheInvalidation invalidation = CacheInvalidation.of(event.getPayload(String[].class));
		if (invalidation.origin() == this.worker) {
			return;
		}
		this.received.increment();
		cache(invalidation).ifPresent((cache) -> apply(invalidation, cache));
	}

	private Optional<Cache> cache(CacheInvalidation invalidation) {
		CacheManager manager = this.managers.apply(invalidation.manager());
		if (manager == null || !manager.getCacheNames().contains(invalidation.cache())) {
			return Optional.empty();
		}
		Cache cache = manager.getCache(invalidation.cache());
		return Optional.ofNullable((cache instanceof InvalidatingCache invalidating) ? invalidating.target() : cache);
	}

	private void apply(CacheInvalidation invalidation, Cache cache) {
		Optional<Object> key = invalidation.wholeCache() ? Optional.empty() : this.keys.key(invalidation);
		if (key.isPresent()) {
			cache.evictIfPresent(key.get());
		}
		else {
			cache.invalidate();
		}
	}

	/**
	 * Returns how many invalidations this worker sent.
	 * @return the count
	 */
	public long sent() {
		return this.sent.sum();
	}

	/**
	 * Returns how many invalidations this worker received from the others.
	 * @return the count
	 */
	public long received() {
		return this.received.sum();
	}

}
