package io.clusterboot.demo.jetty;

import java.io.IOException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.springframework.context.annotation.Configuration;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.config.annotation.EnableWebSocket;
import org.springframework.web.socket.config.annotation.WebSocketConfigurer;
import org.springframework.web.socket.config.annotation.WebSocketHandlerRegistry;
import org.springframework.web.socket.handler.TextWebSocketHandler;

/**
 * A live feed that never ends by itself: every 500 ms a tick that names the process that
 * serves it ({@code pid=<pid> tick=<n>}) goes to every subscriber, of the event stream
 * {@code /events} and of the WebSocket {@code /echo}.
 *
 * @author ClusterBoot team
 */
@Configuration(proxyBeanMethods = false)
@EnableWebSocket
@RestController
class LiveEndpoints extends TextWebSocketHandler implements WebSocketConfigurer {

	private final Set<SseEmitter> streams = ConcurrentHashMap.newKeySet();

	private final Set<WebSocketSession> sessions = ConcurrentHashMap.newKeySet();

	private final AtomicLong ticks = new AtomicLong();

	LiveEndpoints() {
		ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor((task) -> {
			Thread thread = new Thread(task, "live-ticker");
			thread.setDaemon(true);
			return thread;
		});
		ticker.scheduleWithFixedDelay(this::broadcast, 500, 500, TimeUnit.MILLISECONDS);
	}

	private void broadcast() {
		String tick = "pid=" + ProcessHandle.current().pid() + " tick=" + this.ticks.incrementAndGet();
		for (SseEmitter stream : this.streams) {
			try {
				stream.send(SseEmitter.event().name("tick").data(tick));
			}
			catch (IOException | IllegalStateException ex) {
				this.streams.remove(stream);
			}
		}
		for (WebSocketSession session : this.sessions) {
			try {
				session.sendMessage(new TextMessage(tick));
			}
			catch (IOException | IllegalStateException ex) {
				this.sessions.remove(session);
			}
		}
	}

	@GetMapping(path = "/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
	SseEmitter events() {
		SseEmitter stream = new SseEmitter(0L);
		stream.onCompletion(() -> this.streams.remove(stream));
		this.streams.add(stream);
		return stream;
	}

	@Override
	public void registerWebSocketHandlers(WebSocketHandlerRegistry registry) {
		registry.addHandler(this, "/echo");
	}

	@Override
	public void afterConnectionEstablished(WebSocketSession session) {
		this.sessions.add(session);
	}

	@Override
	public void afterConnectionClosed(WebSocketSession session, CloseStatus status) {
		this.sessions.remove(session);
	}

}
