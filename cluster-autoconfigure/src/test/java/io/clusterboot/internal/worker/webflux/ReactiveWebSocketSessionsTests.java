package io.clusterboot.internal.worker.webflux;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.web.reactive.socket.CloseStatus;
import org.springframework.web.reactive.socket.WebSocketHandler;
import org.springframework.web.reactive.socket.WebSocketSession;
import org.springframework.web.reactive.socket.server.WebSocketService;
import org.springframework.web.reactive.socket.server.support.WebSocketHandlerAdapter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;

/**
 * Tests for {@link ReactiveWebSocketSessions} and
 * {@link WebSocketHandlerAdapterPostProcessor}, with a WebSocket service that hands a
 * mock session to the handler at once.
 *
 * @author ClusterBoot team
 */
@Timeout(10)
class ReactiveWebSocketSessionsTests {

	private final ReactiveWebSocketSessions sessions = new ReactiveWebSocketSessions();

	private final WebSocketSession session = mock(WebSocketSession.class);

	private final AtomicReference<WebSocketHandler> handled = new AtomicReference<>();

	private final WebSocketService service = (exchange, handler) -> {
		this.handled.set(handler);
		return handler.handle(this.session);
	};

	@Test
	void endShouldCloseEverySessionOnceWithGoingAway() {
		Sinks.Empty<Void> over = Sinks.empty();
		given(this.session.close(CloseStatus.GOING_AWAY)).willReturn(Mono.empty());
		WebSocketHandler handler = (session) -> over.asMono();
		this.sessions.tracking(this.service).handleRequest(exchange(), handler).subscribe();
		assertThat(this.sessions.open()).isOne();
		assertThat(this.sessions.endBegunBy(System.nanoTime())).isOne();
		assertThat(this.sessions.endBegunBy(System.nanoTime())).as("ended again").isZero();
		verify(this.session, times(1)).close(CloseStatus.GOING_AWAY);
		over.tryEmitEmpty();
		assertThat(this.sessions.open()).isZero();
	}

	@Test
	void trackingShouldKeepTheSubProtocolsOfTheHandler() {
		WebSocketHandler handler = new WebSocketHandler() {

			@Override
			public List<String> getSubProtocols() {
				return List.of("chat");
			}

			@Override
			public Mono<Void> handle(WebSocketSession session) {
				return Mono.empty();
			}

		};
		this.sessions.tracking(this.service).handleRequest(exchange(), handler).block();
		assertThat(this.handled.get().getSubProtocols()).containsExactly("chat");
		assertThat(this.sessions.open()).isZero();
	}

	@Test
	void postProcessorShouldPutTheAdapterOnATrackingServiceOfTheSameOrder() {
		WebSocketHandlerAdapter adapter = new WebSocketHandlerAdapter(this.service);
		adapter.setOrder(3);
		Object processed = new WebSocketHandlerAdapterPostProcessor(
				new StaticListableBeanFactory(Map.of("sessions", this.sessions))
					.getBeanProvider(ReactiveWebSocketSessions.class))
			.postProcessAfterInitialization(adapter, "webFluxWebSocketHandlerAdapter");
		assertThat(processed).isInstanceOfSatisfying(WebSocketHandlerAdapter.class, (tracking) -> {
			assertThat(tracking.getOrder()).isEqualTo(3);
			tracking.getWebSocketService().handleRequest(exchange(), (session) -> Mono.never()).subscribe();
		});
		assertThat(this.sessions.open()).isOne();
	}

	private static MockServerWebExchange exchange() {
		return MockServerWebExchange.from(MockServerHttpRequest.get("/echo"));
	}

}
