package io.clusterboot.internal.session;

import java.time.Duration;

import org.springframework.session.SessionIdGenerator;
import org.springframework.session.UuidSessionIdGenerator;

/**
 * Makes the {@link ClusterSession}s both repositories hand out: new ones with the
 * application's session timeout, and those of the store with the application's class
 * loader.
 *
 * @author ClusterBoot team
 */
final class ClusterSessionFactory {

	private final Duration defaultMaxInactiveInterval;

	private final SessionAttributeSerializer serializer;

	private final SessionIdGenerator idGenerator = UuidSessionIdGenerator.getInstance();

	/**
	 * Creates a factory.
	 * @param defaultMaxInactiveInterval how long a new session lives without requests
	 * @param classLoader the application's class loader, which attributes are read with
	 */
	ClusterSessionFactory(Duration defaultMaxInactiveInterval, ClassLoader classLoader) {
		this.defaultMaxInactiveInterval = defaultMaxInactiveInterval;
		this.serializer = new SessionAttributeSerializer(classLoader);
	}

	/**
	 * Makes a new session.
	 * @return the session
	 */
	ClusterSession create() {
		return ClusterSession.create(this.serializer, this.idGenerator, this.defaultMaxInactiveInterval);
	}

	/**
	 * Makes the session a request sees of one the store keeps.
	 * @param stored the stored session, or {@code null}
	 * @return the session, or {@code null} if none was stored or it expired by the
	 * worker's clock (Spring Session's rule; the master counts from the end of the
	 * session's last request, a little later)
	 */
	ClusterSession read(StoredSession stored) {
		if (stored == null) {
			return null;
		}
		ClusterSession session = ClusterSession.of(this.serializer, this.idGenerator, stored);
		return session.isExpired() ? null : session;
	}

}
