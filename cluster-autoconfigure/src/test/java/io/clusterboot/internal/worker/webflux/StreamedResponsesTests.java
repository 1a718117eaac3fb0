package io.clusterboot.internal.worker.webflux;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.web.server.ServerWebExchange;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link StreamedResponses}, with mock exchanges whose responses are written by
 * hand.
 *
 * @author ClusterBoot team
 */
@Timeout(10)
class StreamedResponsesTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(5);

	private final StreamedResponses responses = new StreamedResponses();

	@Test
	void endShouldCompleteAStreamedResponseAndCancelItsItems() throws Exception {
		Sinks.Many<String> items = Sinks.many().unicast().onBackpressureBuffer();
		AtomicBoolean cancelled = new AtomicBoolean();
		MockServerWebExchange exchange = exchange();
		Flux<Mono<DataBuffer>> body = items.asFlux()
			.doOnCancel(() -> cancelled.set(true))
			.map(this::buffer)
			.map(Mono::just);
		Mono<Void> written = this.responses.filter(exchange,
				(filtered) -> filtered.getResponse().writeAndFlushWith(body));
		CompletableFuture<Void> done = written.toFuture();
		items.tryEmitNext("tick 1");
		assertThat(this.responses.open()).isOne();
		assertThat(this.responses.endBegunBy(System.nanoTime())).isOne();
		done.get(5, TimeUnit.SECONDS);
		assertThat(cancelled).as("the application's stream was cancelled").isTrue();
		assertThat(this.responses.open()).isZero();
		assertThat(exchange.getResponse().getBodyAsString().block(TIMEOUT)).isEqualTo("tick 1");
	}

	@Test
	void endShouldLeaveAStreamThatBeganLater() throws Exception {
		long before = System.nanoTime();
		Sinks.Many<String> items = Sinks.many().unicast().onBackpressureBuffer();
		Flux<Mono<DataBuffer>> body = items.asFlux().map(this::buffer).map(Mono::just);
		Mono<Void> written = this.responses.filter(exchange(),
				(filtered) -> filtered.getResponse().writeAndFlushWith(body));
		CompletableFuture<Void> done = written.toFuture();
		assertThat(this.responses.endBegunBy(before)).isZero();
		assertThat(this.responses.open()).isOne();
		items.tryEmitComplete();
		done.get(5, TimeUnit.SECONDS);
		assertThat(this.responses.open()).isZero();
	}

	@Test
	void filterShouldLeaveOtherResponsesAlone() {
		ServerWebExchange exchange = exchange();
		Mono<Void> written = this.responses.filter(exchange,
				(filtered) -> filtered.getResponse().writeWith(Flux.just(buffer("hello"))));
		written.block(TIMEOUT);
		assertThat(this.responses.open()).isZero();
	}

	private static MockServerWebExchange exchange() {
		return MockServerWebExchange.from(MockServerHttpRequest.get("/events"));
	}

	private DataBuffer buffer(String text) {
		return DefaultDataBufferFactory.sharedInstance.wrap(text.getBytes(StandardCharsets.UTF_8));
	}

}
