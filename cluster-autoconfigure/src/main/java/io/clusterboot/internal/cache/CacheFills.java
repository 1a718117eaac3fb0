package io.clusterboot.internal.cache;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import org.springframework.cache.Cache;

/**
 * Tells a put that fills a cache after a miss from a put that changes an entry. A
 * {@code @Cacheable} method that missed puts what it loaded: telling the other workers
 * would evict their copies of the same value, and a key read in turn by every worker
 * would miss in each, in turn, for ever. So a put of a key that missed on this thread,
 * in this cache, within the same invocation of a method with {@code @Cacheable} and
 * without {@code @CachePut}, stays local; every other put is a change.
 * <p>
 * The scope is one invocation ({@link CacheFillAdvisor}, outside Spring's cache
 * interceptor), so a miss whose method failed, or whose result {@code unless} kept out,
 * never lets a later change of the same key pass for a fill. A put on another thread (a
 * {@code CompletableFuture} or reactive {@code @Cacheable} completing) counts as a change.
 *
 * @author ClusterBoot team
 */
final class CacheFills {

	private static final ThreadLocal<Scope> current = new ThreadLocal<>();

	private CacheFills() {
	}

	/**
	 * Proceeds with a cached method's invocation in a scope of its own.
	 * @param fills whether the method's puts after a miss are fills
	 * @param invocation proceeds with the invocation
	 * @return what the method returned
	 * @throws Throwable what the method threw
	 */
	static Object within(boolean fills, Invocation invocation) throws Throwable {
		Scope previous = current.get();
		current.set(new Scope(fills));
		try {
			return invocation.proceed();
		}
		finally {
			if (previous != null) {
				current.set(previous);
			}
			else {
				current.remove();
			}
		}
	}

	/**
	 * Notes that a key missed in a cache.
	 * @param cache the cache
	 * @param key the key
	 */
	static void missed(Cache cache, Object key) {
		Scope scope = current.get();
		if (scope != null && scope.fills) {
			scope.misses.add(new Miss(cache, key));
		}
	}

	/**
	 * Returns whether a put fills the cache after its miss, and forgets the miss.
	 * @param cache the cache
	 * @param key the key put
	 * @return whether the put is a fill
	 */
	static boolean isFill(Cache cache, Object key) {
		Scope scope = current.get();
		return scope != null && scope.misses.remove(new Miss(cache, key));
	}

	/**
	 * The rest of a cached method's invocation.
	 */
	@FunctionalInterface
	interface Invocation {

		/**
		 * Proceeds with the invocation.
		 * @return what the method returned
		 * @throws Throwable what the method threw
		 */
		Object proceed() throws Throwable;

	}

	private static final class Scope {

		private final boolean fills;

		private final List<Miss> misses = new ArrayList<>(1);

		private Scope(boolean fills) {
			this.fills = fills;
		}

	}

	/**
	 * A key that missed in a cache, the cache compared by identity.
	 */
	private record Miss(Cache cache, Object key) {

		@Override
		public boolean equals(Object other) {
			return other instanceof Miss miss && miss.cache == this.cache && Objects.equals(miss.key, this.key);
		}

		@Override
		public int hashCode() {
			return System.identityHashCode(this.cache) * 31 + Objects.hashCode(this.key);
		}

	}

}
