package io.clusterboot.internal.session;

import java.io.IOException;
import java.io.Serializable;

import org.springframework.core.serializer.DefaultDeserializer;
import org.springframework.core.serializer.DefaultSerializer;

/**
 * Turns session attributes into the bytes the master keeps and back: Java serialization,
 * as Spring Session's JDBC repository does, reading with the application's class loader.
 * A value that cannot be serialized fails with an exception that names the attribute
 * and its class, where the application set it, rather than as a missing attribute on
 * the next worker.
 *
 * @author ClusterBoot team
 */
final class SessionAttributeSerializer {

	private final DefaultSerializer serializer = new DefaultSerializer();

	private final DefaultDeserializer deserializer;

	/**
	 * Creates a serializer.
	 * @param classLoader the application's class loader, which attributes are read with
	 */
	SessionAttributeSerializer(ClassLoader classLoader) {
		this.deserializer = new DefaultDeserializer(classLoader);
	}

	/**
	 * Serializes an attribute's value.
	 * @param name the attribute's name
	 * @param value its value
	 * @return the bytes
	 * @throws IllegalArgumentException if the value cannot be serialized
	 */
	byte[] serialize(String name, Object value) {
		if (!(value instanceof Serializable)) {
			throw notStorable(name, value, "it is not Serializable", null);
		}
		try {
			return this.serializer.serializeToByteArray(value);
		}
		catch (IOException | RuntimeException ex) {
			throw notStorable(name, value, "it holds what cannot be serialized (" + ex + ")", ex);
		}
	}

	private static IllegalArgumentException notStorable(String name, Object value, String reason, Throwable cause) {
		return new IllegalArgumentException("Session attribute '" + name + "' of type " + value.getClass().getName()
				+ " cannot be stored in the cluster's session store: " + reason, cause);
	}

	/**
	 * Deserializes an attribute's value.
	 * @param name the attribute's name
	 * @param bytes the bytes
	 * @return the value
	 * @throws IllegalStateException if the bytes cannot be read: the class is missing or
	 * changed incompatibly since the value was stored
	 */
	Object deserialize(String name, byte[] bytes) {
		try {
			return this.deserializer.deserializeFromByteArray(bytes);
		}
		catch (IOException | RuntimeException ex) {
			throw new IllegalStateException("Session attribute '" + name + "' cannot be read from the cluster's "
					+ "session store: its class is missing or changed since it was stored (" + ex + ")", ex);
		}
	}

}
