package io.clusterboot.internal.session;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import org.springframework.session.SessionRepository;

/**
 * Spring Session's {@link SessionRepository} over the master's session store, for
 * servlet applications: {@code HttpSession}, Spring Security's context and CSRF token,
 * flash attributes and {@code @SessionAttributes} are the same on every worker and
 * outlive any of them. Spring Session's {@code SessionRepositoryFilter} saves at the end
 * of each request, before the response is committed; a save sends only what the request
 * changed, and returns once it is written: whatever the client sends after the response,
 * to any worker, finds it ({@link SessionServer}).
 * <p>
 * A find waits for the master's reply, at most the client's timeout; each call fails
 * with a {@link SessionStoreException} saying why.
 *
 * @author ClusterBoot team
 */
public final class ClusterSessionRepository implements SessionRepository<ClusterSession> {

	private final ClusterSessions sessions;

	/**
	 * Creates a repository.
	 * @param sessions the worker's sessions
	 */
	public ClusterSessionRepository(ClusterSessions sessions) {
		this.sessions = sessions;
	}

	@Override
	public ClusterSession createSession() {
		return this.sessions.create();
	}

	@Override
	public void save(ClusterSession session) {
		await(this.sessions.save(session));
	}

	@Override
	public ClusterSession findById(String id) {
		return await(this.sessions.find(id));
	}

	@Override
	public void deleteById(String id) {
		await(this.sessions.delete(id));
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
