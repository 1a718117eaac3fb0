package io.clusterboot.internal.cache;

/**
 * What a worker tells the others when an entry of one of its caches changed or the whole
 * cache was cleared, carried as its {@link #fields()}. It names the entry, never its value: the
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
	 * Reads an invalidation from the fields a message carries.
	 * @param fields the fields, in the order of {@link #fields()}
	 * @return the invalidation
	 */
	public static CacheInvalidation of(String[] fields) {
		return new CacheInvalidation(Long.parseLong(fields[0]), fields[1], fields[2], fields[3], fields[4]);
	}

	/**
	 * Returns the fields the message carries, in order: an array of strings, which the
	 * application's {@code JsonMapper} writes and reads at once, where the first use of a
	 * record takes it tens of milliseconds, in the sending worker and in each receiving
	 * one, and would delay the first invalidation by as much.
	 * @return the fields
	 */
	public String[] fields() {
		return new String[] { Long.toString(this.origin), this.manager, this.cache, this.key, this.serializedKey };
	}

	/**
	 * Returns whether the whole cache is invalidated: its key could not travel, or the
	 * cache was cleared.
	 * @return whether it names no key
	 */
	boolean wholeCache() {
		return this.key == null && this.serializedKey == null;
	}

}
