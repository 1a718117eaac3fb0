package io.clusterboot.internal.cache;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.util.Base64;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.core.ConfigurableObjectInputStream;

/**
 * Turns cache keys into text that travels in a {@link CacheInvalidation}, and back. A
 * string travels as it is; any other {@link Serializable} key (numbers, booleans, enums,
 * UUIDs, Spring's {@code SimpleKey} of serializable parameters, the application's own
 * serializable keys) in Java serialization, Base64. A key that cannot travel (not
 * serializable, or longer than {@value #MAX_SERIALIZED_CHARS} characters, since a
 * message must fit in 64 KiB) invalidates its whole cache in the other workers instead,
 * and so does one that a receiving worker cannot read back (a class that changed in a
 * rolling reload); each reason is logged once, at DEBUG.
 * <p>
 * Serialized keys come only from the application's own workers, through the master's
 * control channel, which no other process can write to.
 *
 * @author ClusterBoot team
 */
final class TransportableKeys {

	/**
	 * Longest serialized key that travels.
	 */
	static final int MAX_SERIALIZED_CHARS = 16 * 1024;

	private static final Logger logger = LoggerFactory.getLogger(TransportableKeys.class);

	private final ClassLoader classLoader;

	private final Set<String> explained = ConcurrentHashMap.newKeySet();

	/**
	 * Creates the codec.
	 * @param classLoader loads the classes of serialized keys
	 */
	TransportableKeys(ClassLoader classLoader) {
		this.classLoader = classLoader;
	}

	/**
	 * Returns the invalidation of an entry, or of its whole cache if its key cannot
	 * travel.
	 * @param origin the id of this worker
	 * @param manager the bean name of the cache manager
	 * @param cache the name of the cache
	 * @param key the key
	 * @return the invalidation
	 */
	CacheInvalidation entry(long origin, String manager, String cache, Object key) {
		if (key instanceof String text) {
			return new CacheInvalidation(origin, manager, cache, text, null);
		}
		return serialize(cache, key).map((serialized) -> new CacheInvalidation(origin, manager, cache, null, serialized))
			.orElseGet(() -> new CacheInvalidation(origin, manager, cache, null, null));
	}

	/**
	 * Returns the key an invalidation names.
	 * @param invalidation an invalidation that names a key
	 * @return the key, or empty if it cannot be read back
	 */
	Optional<Object> key(CacheInvalidation invalidation) {
		if (invalidation.key() != null) {
			return Optional.of(invalidation.key());
		}
		byte[] bytes = Base64.getDecoder().decode(invalidation.serializedKey());
		try (ObjectInputStream input = new ConfigurableObjectInputStream(new ByteArrayInputStream(bytes),
				this.classLoader)) {
			return Optional.of(input.readObject());
		}
		catch (IOException | ClassNotFoundException ex) {
			explainOnce(invalidation.cache(), "read", "a key received from worker #" + invalidation.origin()
					+ " cannot be read back (" + ex + "): the whole cache is invalidated instead");
			return Optional.empty();
		}
	}

	private Optional<String> serialize(String cache, Object key) {
		String type = key.getClass().getName();
		if (!(key instanceof Serializable)) {
			explainOnce(cache, type, "its keys of type " + type
					+ " are not Serializable, so evicting one invalidates the whole cache in the other workers");
			return Optional.empty();
		}
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		try (ObjectOutputStream output = new ObjectOutputStream(bytes)) {
			output.writeObject(key);
		}
		catch (IOException ex) {
			explainOnce(cache, type, "a key of type " + type + " cannot be serialized (" + ex
					+ "), so evicting one invalidates the whole cache in the other workers");
			return Optional.empty();
		}
		String serialized = Base64.getEncoder().encodeToString(bytes.toByteArray());
		if (serialized.length() > MAX_SERIALIZED_CHARS) {
			explainOnce(cache, type + " (long)", "a key of type " + type + " takes " + serialized.length()
					+ " characters serialized, more than a message carries, so evicting it invalidates the whole cache"
					+ " in the other workers");
			return Optional.empty();
		}
		return Optional.of(serialized);
	}

	private void explainOnce(String cache, String reason, String explanation) {
		if (this.explained.add(cache + '\n' + reason)) {
			logger.debug("Cache '{}': {}", cache, explanation);
		}
	}

}
