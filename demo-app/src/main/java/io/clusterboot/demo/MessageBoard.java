package io.clusterboot.demo;

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
 * worker, {@code GET /messages} lists what this worker received.
 *
 * @author ClusterBoot team
 */
@RestController
class MessageBoard {

	private static final int KEPT = 100;

	private final ClusterMessenger messenger;

	private final List<Map<String, Object>> received = new ArrayList<>();

	MessageBoard(ClusterMessenger messenger) {
		this.messenger = messenger;
	}

	@PostMapping("/messages")
	Map<String, Object> broadcast(@RequestParam String topic, @RequestParam String text) {
		this.messenger.broadcast(topic, Map.of("text", text));
		return Map.of("sent", topic, "pid", ProcessHandle.current().pid());
	}

	@GetMapping("/messages")
	synchronized Map<String, Object> received() {
		return Map.of("pid", ProcessHandle.current().pid(), "received", List.copyOf(this.received));
	}

	@EventListener
	synchronized void onMessage(ClusterMessageEvent event) {
		if (this.received.size() == KEPT) {
			this.received.remove(0);
		}
		this.received.add(Map.of("topic", event.getTopic(), "from", event.getSenderSlot(), "text",
				event.getPayload(Map.class).get("text")));
	}

}
