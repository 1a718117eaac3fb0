package io.clusterboot.internal.cache;

/**
 * What a worker tells the others when an entry of one of its caches changed or the whole
 * cache was cleared: the message's payload. It names the entry, never its value: the
 * others drop theirs and load it again when next asked.
 *
 * @param origin the id of the worker that changed the entry, which ignores its own
 * message
 * @param manager the bean name of the cache manager
 * @param cache the name of the cache
 * @param key the entry's key when it is a string, else {@code null}
 * @param serializedKey the entry's key in Java serialization, Base64, when it is another
 * serializable value, else {@code null}
 * @author ClusterBoot team
 */
public record CacheInvalidation(long origin, String manager, String cache, String key, String serializedKey) {

	/**
	 * Returns whether the whole cache is invalidated: its key could not travel, or the
	 * cache was cleared.
	 * @return whether it names no key
	 */
	boolean wholeCache() {
		return this.key == null && this.serializedKey == null;
	}

}
