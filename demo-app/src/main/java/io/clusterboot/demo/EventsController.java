package io.clusterboot.demo;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * An endpoint that never ends by itself: {@code /events} streams a {@code tick} event
 * every 500 ms, whose data names the process that sends it, until the client leaves or
 * the worker retires.
 *
 * @author ClusterBoot team
 */
@RestController
class EventsController {

	private static final Duration TICK = Duration.ofMillis(500);

	private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor((task) -> {
		Thread thread = new Thread(task, "events-ticker");
		thread.setDaemon(true);
		return thread;
	});

	@GetMapping(path = "/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
	SseEmitter events() {
		// no timeout: the stream lasts as long as the client and the worker
		SseEmitter emitter = new SseEmitter(0L);
		AtomicLong ticks = new AtomicLong();
		ScheduledFuture<?> ticking = this.ticker.scheduleAtFixedRate(() -> tick(emitter, ticks.incrementAndGet()), 0,
				TICK.toMillis(), TimeUnit.MILLISECONDS);
		emitter.onCompletion(() -> ticking.cancel(false));
		return emitter;
	}

	private static void tick(SseEmitter emitter, long tick) {
		String data = "pid=" + ProcessHandle.current().pid() + " tick=" + tick;
		try {
			emitter.send(SseEmitter.event().name("tick").data(data));
		}
		catch (IOException | IllegalStateException ex) {
			// the client left, or the stream ended: its completion stops the ticks
			emitter.completeWithError(ex);
		}
	}

}
