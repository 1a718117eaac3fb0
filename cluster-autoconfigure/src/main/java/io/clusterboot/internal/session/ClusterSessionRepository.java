package io.clusterboot.internal.session;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import org.springframework.session.SessionRepository;

/**
 * Spring Session's {@link SessionRepository} over the master's session store, for
 * servlet applications: {@code HttpSession}, Spring Security's context and CSRF token,
 * flash attributes and {@code @SessionAttributes} are the same on every worker and
 * outlive any of them. Spring Session's {@code SessionRepositoryFilter} saves at the end
 * of each request, before the response is committed; a save sends only what the request
 * changed.
 * <p>
 * Each call waits for the master's reply, at most the client's timeout, and fails with
 * a {@link SessionStoreException} saying why.
 *
 * @author ClusterBoot team
 */
public final class ClusterSessionRepository implements SessionRepository<ClusterSession> {

	private final SessionClient client;

	private final ClusterSessionFactory sessions;

	/**
	 * Creates a repository.
	 * @param client the client of the master's session store
	 * @param defaultMaxInactiveInterval how long a new session lives without requests
	 * @param classLoader the application's class loader, which attributes are read with
	 */
	public ClusterSessionRepository(SessionClient client, Duration defaultMaxInactiveInterval,
			ClassLoader classLoader) {
		this.client = client;
		this.sessions = new ClusterSessionFactory(defaultMaxInactiveInterval, classLoader);
	}

	@Override
	public ClusterSession createSession() {
		return this.sessions.create();
	}

	@Override
	public void save(ClusterSession session) {
		SessionChange change = session.changes();
		if (change != null) {
			await(this.client.save(change));
			session.saved();
		}
	}

	@Override
	public ClusterSession findById(String id) {
		return this.sessions.read(await(this.client.find(id)));
	}

	@Override
	public void deleteById(String id) {
		await(this.client.delete(id));
	}

	private static <T> T await(CompletableFuture<T> reply) {
		try {
			return reply.join();
		}
		catch (CompletionException ex) {
			throw (ex.getCause() instanceof RuntimeException cause) ? cause : ex;
		}
	}

}
