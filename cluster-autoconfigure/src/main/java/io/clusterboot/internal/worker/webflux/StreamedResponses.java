package io.clusterboot.internal.worker.webflux;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.clusterboot.internal.worker.LongLivedExchanges;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.http.server.reactive.ServerHttpResponseDecorator;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * The streamed responses of a WebFlux application: those written and flushed item by item,
 * as WebFlux writes a {@code Flux} of a streaming media type ({@code text/event-stream},
 * {@code application/x-ndjson}...). A filter of every exchange; other responses are left
 * as they are.
 * <p>
 * A retiring worker ends such a response cleanly: its stream of items completes after the
 * item being written (the application's publisher is cancelled), so the client sees the
 * end of a complete body.
 *
 * @author ClusterBoot team
 */
public class StreamedResponses implements WebFilter, LongLivedExchanges {

	private final Set<Stream> streams = ConcurrentHashMap.newKeySet();

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		return chain.filter(exchange.mutate().response(new EndableResponse(exchange.getResponse())).build());
	}

	@Override
	public int open() {
		return this.streams.size();
	}

	@Override
	public int endBegunBy(long nanoTime) {
		int count = 0;
		for (Stream stream : this.streams) {
			if (stream.began - nanoTime <= 0 && stream.end()) {
				count++;
			}
		}
		return count;
	}

	@Override
	public String kind() {
		return "streamed response";
	}

	/**
	 * A response whose stream of items can be ended.
	 */
	private final class EndableResponse extends ServerHttpResponseDecorator {

		EndableResponse(ServerHttpResponse delegate) {
			super(delegate);
		}

		@Override
		public Mono<Void> writeAndFlushWith(Publisher<? extends Publisher<? extends DataBuffer>> body) {
			return Mono.defer(() -> {
				Stream stream = new Stream();
				StreamedResponses.this.streams.add(stream);
				return super.writeAndFlushWith(Flux.from(body).takeUntilOther(stream.ending.asMono()))
					.doFinally((signal) -> StreamedResponses.this.streams.remove(stream));
			});
		}

	}

	/**
	 * A streamed response being written.
	 */
	private static final class Stream {

		private final long began = System.nanoTime();

		private final Sinks.One<Boolean> ending = Sinks.one();

		/**
		 * Ends the stream, unless it was ended before.
		 * @return whether this call ended it
		 */
		boolean end() {
			return this.ending.tryEmitValue(true).isSuccess();
		}

	}

}
