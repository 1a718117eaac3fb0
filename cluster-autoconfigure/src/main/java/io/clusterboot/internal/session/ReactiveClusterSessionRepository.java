package io.clusterboot.internal.session;

import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.session.ReactiveSessionRepository;

/**
 * Spring Session's {@link ReactiveSessionRepository} over the master's session store, for
 * WebFlux applications: the {@code WebSession}, Spring Security's context and CSRF token
 * are the same on every worker and outlive any of them. Nothing waits for the master:
 * the calling thread writes the request (a small frame the socket takes at once while
 * the master reads; a master that stops reading ends the connection after the client's
 * timeout), and each call completes when the master's reply arrives, on Reactor's
 * parallel threads, or fails with a {@link SessionStoreException} after the client's
 * timeout. A save sends only what the request changed, and completes once it is written.
 *
 * @author ClusterBoot team
 */
public final class ReactiveClusterSessionRepository implements ReactiveSessionRepository<ClusterSession> {

	private final ClusterSessions sessions;

	/**
	 * Creates a repository.
	 * @param sessions the worker's sessions
	 */
	public ReactiveClusterSessionRepository(ClusterSessions sessions) {
		this.sessions = sessions;
	}

	@Override
	public Mono<ClusterSession> createSession() {
		return Mono.fromSupplier(this.sessions::create);
	}

	@Override
	public Mono<Void> save(ClusterSession session) {
		return reply(() -> this.sessions.save(session));
	}

	@Override
	public Mono<ClusterSession> findById(String id) {
		return reply(() -> this.sessions.find(id));
	}

	@Override
	public Mono<Void> deleteById(String id) {
		return reply(() -> this.sessions.delete(id));
	}

	/**
	 * Sends a request when subscribed to, and goes on with the application on Reactor's
	 * parallel threads once the reply is there: the connection's reader thread completes
	 * the future, and must not run the application.
	 */
	private static <T> Mono<T> reply(Supplier<CompletableFuture<T>> request) {
		return Mono.fromFuture(request).publishOn(Schedulers.parallel());
	}

}
