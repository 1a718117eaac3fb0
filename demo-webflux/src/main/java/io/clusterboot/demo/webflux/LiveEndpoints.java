package io.clusterboot.demo.webflux;

import java.time.Duration;
import java.util.Map;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.reactive.HandlerMapping;
import org.springframework.web.reactive.handler.SimpleUrlHandlerMapping;
import org.springframework.web.reactive.socket.WebSocketHandler;

/**
 * Endpoints that never end by themselves, as on the Tomcat demo: {@code /events} streams
 * a {@code tick} event every 500 ms and {@code /echo} is a WebSocket echo, both naming the
 * process that serves them ({@code pid=<pid>}).
 *
 * @author ClusterBoot team
 */
@Configuration(proxyBeanMethods = false)
@RestController
class LiveEndpoints {

	private static final String PID = "pid=" + ProcessHandle.current().pid();

	@GetMapping(path = "/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
	Flux<ServerSentEvent<String>> events() {
		return Flux.interval(Duration.ZERO, Duration.ofMillis(500))
			.map((tick) -> ServerSentEvent.builder(PID + " tick=" + (tick + 1)).event("tick").build());
	}

	@Bean
	HandlerMapping echoHandlerMapping() {
		WebSocketHandler echo = (session) -> session.send(Mono.just(session.textMessage(PID))
			.concatWith(session.receive()
				.map((message) -> session.textMessage(PID + " " + message.getPayloadAsText()))));
		return new SimpleUrlHandlerMapping(Map.of("/echo", echo), -1);
	}

}
