package io.clusterboot.internal.session;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import org.springframework.session.SessionIdGenerator;
import org.springframework.session.UuidSessionIdGenerator;

/**
 * The sessions of the master's store as a worker's repositories hand them out, without
 * blocking: new ones with the application's session timeout, stored ones read with the
 * application's class loader, and saves that send only what a request changed.
 * {@link ClusterSessionRepository} waits for each find's reply, and
 * {@link ReactiveClusterSessionRepository} does not; a save is written, not waited for.
 *
 * @author ClusterBoot team
 */
public final class ClusterSessions {

	private final SessionClient client;

	private final Duration defaultMaxInactiveInterval;

	private final SessionAttributeSerializer serializer;

	private final SessionIdGenerator idGenerator = UuidSessionIdGenerator.getInstance();

	/**
	 * Creates the sessions of a worker.
	 * @param client the client of the master's session store
	 * @param defaultMaxInactiveInterval how long a new session lives without requests
	 * @param classLoader the application's class loader, which attributes are read with
	 */
	public ClusterSessions(SessionClient client, Duration defaultMaxInactiveInterval, ClassLoader classLoader) {
		this.client = client;
		this.defaultMaxInactiveInterval = defaultMaxInactiveInterval;
		this.serializer = new SessionAttributeSerializer(classLoader);
	}

	/**
	 * Makes a new session, which the store keeps from its first save.
	 * @return the session
	 */
	ClusterSession create() {
		return ClusterSession.create(this.serializer, this.idGenerator, this.defaultMaxInactiveInterval);
	}

	/**
	 * Finds a session.
	 * @param id the session's id
	 * @return the session, or {@code null} if it is unknown or expired: by the master's
	 * count or by the worker's clock (Spring Session's rule; the master counts from the
	 * end of the session's last request, a little later)
	 */
	CompletableFuture<ClusterSession> find(String id) {
		return this.client.find(id).thenApply((stored) -> {
			ClusterSession session = (stored != null) ? ClusterSession.of(this.serializer, this.idGenerator, stored)
					: null;
			return (session != null && !session.isExpired()) ? session : null;
		});
	}

	/**
	 * Saves what a request changed in a session, if anything.
	 * @param session the session
	 * @return completes once every worker's next find sees the change
	 * ({@link SessionClient#save}); fails with a {@link SessionStoreException} if it
	 * would make the session larger than the store keeps
	 * @throws IllegalArgumentException naming the attribute and its class if a value set
	 * no longer serializes
	 */
	CompletableFuture<Void> save(ClusterSession session) {
		SessionChange change = session.changes();
		if (change == null) {
			return CompletableFuture.completedFuture(null);
		}
		StoredSession applied = session.applied(change);
		return this.client.save(change, SessionProtocol.size(applied)).thenRun(() -> session.saved(applied));
	}

	/**
	 * Deletes a session.
	 * @param id the session's id
	 * @return completes once the master deleted it
	 */
	CompletableFuture<Void> delete(String id) {
		return this.client.delete(id);
	}

}
