package io.clusterboot.demo;

import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.clusterboot.messaging.ClusterMessageEvent;
import io.clusterboot.messaging.ClusterMessenger;

import org.springframework.context.event.EventListener;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Shows cluster messaging: {@code POST /messages?topic=t&text=x} broadcasts to every
 * worker, {@code GET /messages} lists the last messages this worker received and counts
 * them all. {@code POST /messages/flood?count=n&threads=t} starts a storm: {@code t}
 * threads each broadcast {@code n} messages as fast as they can, until the worker stops.
 *
 * @author ClusterBoot team
 */
@RestController
class MessageBoard {

	private static final int KEPT = 100;

	private static final int MAX_FLOOD = 1_000_000;

	private static final int MAX_FLOOD_THREADS = 8;

	private final ClusterMessenger messenger;

	private final List<Map<String, Object>> received = new ArrayList<>();

	private long count;

	MessageBoard(ClusterMessenger messenger) {
		this.messenger = messenger;
	}

	@PostMapping("/messages")
	Map<String, Object> broadcast(@RequestParam String topic, @RequestParam String text) {
		this.messenger.broadcast(topic, Map.of("text", text));
		return Map.of("sent", topic, "pid", ProcessHandle.current().pid());
	}

	@PostMapping("/messages/flood")
	Map<String, Object> flood(@RequestParam(defaultValue = "100000") int count,
			@RequestParam(defaultValue = "1") int threads) {
		int messages = Math.max(0, Math.min(count, MAX_FLOOD));
		int senders = Math.max(1, Math.min(threads, MAX_FLOOD_THREADS));
		for (int i = 0; i < senders; i++) {
			Thread sender = new Thread(() -> broadcast(messages), "demo-flood-" + i);
			sender.setDaemon(true);
			sender.start();
		}
		return Map.of("flooding", messages, "threads", senders, "pid", ProcessHandle.current().pid());
	}

	private void broadcast(int messages) {
		try {
			for (int i = 0; i < messages; i++) {
				this.messenger.broadcast("flood", Map.of("text", Integer.toString(i)));
			}
		}
		catch (UncheckedIOException ex) {
			// the worker stops: its channel to the master is closed
		}
	}

	@GetMapping("/messages")
	synchronized Map<String, Object> received() {
		return Map.of("pid", ProcessHandle.current().pid(), "received", List.copyOf(this.received), "count",
				this.count);
	}

	@EventListener
	synchronized void onMessage(ClusterMessageEvent event) {
		this.count++;
		if (this.received.size() == KEPT) {
			this.received.remove(0);
		}
		this.received.add(Map.of("topic", event.getTopic(), "from", event.getSenderSlot(), "text",
				event.getPayload(Map.class).get("text")));
	}

}
