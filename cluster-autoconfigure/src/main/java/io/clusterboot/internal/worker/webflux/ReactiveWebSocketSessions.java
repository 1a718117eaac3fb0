package io.clusterboot.internal.worker.webflux;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.clusterboot.internal.worker.LongLivedExchanges;
import reactor.core.publisher.Mono;

import org.springframework.web.reactive.socket.CloseStatus;
import org.springframework.web.reactive.socket.WebSocketHandler;
import org.springframework.web.reactive.socket.WebSocketSession;
import org.springframework.web.reactive.socket.server.WebSocketService;
import org.springframework.web.server.ServerWebExchange;

/**
 * The WebSocket sessions of a WebFlux application, seen through the
 * {@link WebSocketService} that upgrades every WebSocket request: see
 * {@link WebSocketHandlerAdapterPostProcessor}. A retiring worker closes them with 1001
 * "going away".
 *
 * @author ClusterBoot team
 */
public class ReactiveWebSocketSessions implements LongLivedExchanges {

	private final Set<WebSocketSession> sessions = ConcurrentHashMap.newKeySet();

	private final Set<WebSocketSession> ended = ConcurrentHashMap.newKeySet();

	/**
	 * Returns a service that upgrades as the given one does and tracks the sessions.
	 * @param service the service
	 * @return the service that tracks the sessions
	 */
	public WebSocketService tracking(WebSocketService service) {
		return new TrackingService(service);
	}

	@Override
	public int open() {
		return this.sessions.size();
	}

	@Override
	public int endBegunBy(long nanoTime) {
		int count = 0;
		for (WebSocketSession session : this.sessions) {
			if (this.ended.add(session)) {
				session.close(CloseStatus.GOING_AWAY).subscribe();
				count++;
			}
		}
		return count;
	}

	@Override
	public String kind() {
		return "WebSocket session";
	}

	private final class TrackingService implements WebSocketService {

		private final WebSocketService service;

		TrackingService(WebSocketService service) {
			this.service = service;
		}

		@Override
		public Mono<Void> handleRequest(ServerWebExchange exchange, WebSocketHandler handler) {
			return this.service.handleRequest(exchange, new TrackingHandler(handler));
		}

	}

	private final class TrackingHandler implements WebSocketHandler {

		private final WebSocketHandler handler;

		TrackingHandler(WebSocketHandler handler) {
			this.handler = handler;
		}

		@Override
		public List<String> getSubProtocols() {
			return this.handler.getSubProtocols();
		}

		@Override
		public Mono<Void> handle(WebSocketSession session) {
			return Mono.defer(() -> {
				ReactiveWebSocketSessions.this.sessions.add(session);
				return this.handler.handle(session);
			}).doFinally((signal) -> {
				ReactiveWebSocketSessions.this.sessions.remove(session);
				ReactiveWebSocketSessions.this.ended.remove(session);
			});
		}

	}

}
