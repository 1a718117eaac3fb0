package io.clusterboot.internal.cache;

import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

import org.springframework.cache.Cache;

/**
 * A cache of the application that tells the other workers when one of its entries
 * changes: {@code put}, {@code evict} and {@code evictIfPresent} evict the key in their
 * copies of the cache, {@code clear} and {@code invalidate} clear them. A put that fills
 * the cache after a miss ({@link CacheFills}) and {@code putIfAbsent} stay local: they
 * store what the others may have loaded too. Reads go straight to the cache.
 *
 * @author ClusterBoot team
 */
public final class InvalidatingCache implements Cache {

	private final Cache target;

	private final String manager;

	private final CacheInvalidations invalidations;

	/**
	 * Decorates a cache.
	 * @param target the application's cache
	 * @param manager the bean name of its cache manager
	 * @param invalidations tells the other workers
	 */
	InvalidatingCache(Cache target, String manager, CacheInvalidations invalidations) {
		this.target = target;
		this.manager = manager;
		this.invalidations = invalidations;
	}

	/**
	 * Returns the application's cache, for what arrives from the other workers.
	 * @return the decorated cache
	 */
	public Cache target() {
		return this.target;
	}

	@Override
	public String getName() {
		return this.target.getName();
	}

	@Override
	public Object getNativeCache() {
		return this.target.getNativeCache();
	}

	@Override
	public ValueWrapper get(Object key) {
		ValueWrapper value = this.target.get(key);
		if (value == null) {
			CacheFills.missed(this, key);
		}
		return value;
	}

	@Override
	public <T> T get(Object key, Class<T> type) {
		return this.target.get(key, type);
	}

	@Override
	public <T> T get(Object key, Callable<T> valueLoader) {
		return this.target.get(key, valueLoader);
	}

	@Override
	public CompletableFuture<?> retrieve(Object key) {
		return this.target.retrieve(key);
	}

	@Override
	public <T> CompletableFuture<T> retrieve(Object key, Supplier<CompletableFuture<T>> valueLoader) {
		return this.target.retrieve(key, valueLoader);
	}

	@Override
	public void put(Object key, Object value) {
		this.target.put(key, value);
		if (!CacheFills.isFill(this, key)) {
			this.invalidations.entryChanged(this.manager, getName(), key);
		}
	}

	@Override
	public ValueWrapper putIfAbsent(Object key, Object value) {
		return this.target.putIfAbsent(key, value);
	}

	@Override
	public void evict(Object key) {
		this.target.evict(key);
		this.invalidations.entryChanged(this.manager, getName(), key);
	}

	@Override
	public boolean evictIfPresent(Object key) {
		boolean present = this.target.evictIfPresent(key);
		this.invalidations.entryChanged(this.manager, getName(), key);
		return present;
	}

	@Override
	public void clear() {
		this.target.clear();
		this.invalidations.cleared(this.manager, getName());
	}

	@Override
	public boolean invalidate() {
		boolean present = this.target.invalidate();
		this.invalidations.cleared(this.manager, getName());
		return present;
	}

	@Override
	public String toString() {
		return "InvalidatingCache[" + this.manager + "/" + getName() + " -> " + this.target + "]";
	}

}
