package io.clusterboot.internal.session;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.session.ReactiveSessionRepository;

/**
 * Spring Session's {@link ReactiveSessionRepository} over the master's session store, for
 * WebFlux applications: the {@code WebSession}, Spring Security's context and CSRF token
 * are the same on every worker and outlive any of them. Nothing blocks: each call
 * completes when the master's reply arrives, on Reactor's parallel threads, or fails
 * with a {@link SessionStoreException} after the client's timeout. A save sends only
 * what the request changed.
 *
 * @author ClusterBoot team
 */
public final class ReactiveClusterSessionRepository implements ReactiveSessionRepository<ClusterSession> {

	private final SessionClient client;

	private final ClusterSessionFactory sessions;

	/**
	 * Creates a repository.
	 * @param client the client of the master's session store
	 * @param defaultMaxInactiveInterval how long a new session lives without requests
	 * @param classLoader the application's class loader, which attributes are read with
	 */
	public ReactiveClusterSessionRepository(SessionClient client, Duration defaultMaxInactiveInterval,
			ClassLoader classLoader) {
		this.client = client;
		this.sessions = new ClusterSessionFactory(defaultMaxInactiveInterval, classLoader);
	}

	@Override
	public Mono<ClusterSession> createSession() {
		return Mono.fromSupplier(this.sessions::create);
	}

	@Override
	public Mono<Void> save(ClusterSession session) {
		return Mono.defer(() -> {
			SessionChange change = session.changes();
			if (change == null) {
				return Mono.empty();
			}
			return reply(this.client.save(change)).doOnSuccess((saved) -> session.saved());
		});
	}

	@Override
	public Mono<ClusterSession> findById(String id) {
		return Mono.defer(() -> reply(this.client.find(id))).mapNotNull(this.sessions::read);
	}

	@Override
	public Mono<Void> deleteById(String id) {
		return Mono.defer(() -> reply(this.client.delete(id)));
	}

	/**
	 * Goes on with the request on Reactor's parallel threads once the reply is there: the
	 * connection's reader thread completes the future, and must not run the application.
	 */
	private static <T> Mono<T> reply(CompletableFuture<T> reply) {
		return Mono.fromFuture(reply).publishOn(Schedulers.parallel());
	}

}
