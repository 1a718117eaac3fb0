package io.clusterboot.internal.messaging;

import io.clusterboot.messaging.ClusterMessageEvent;
import io.clusterboot.messaging.ClusterMessenger;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.ApplicationEventPublisher;

/**
 * {@link ClusterMessenger} of an application that runs as a single process (cluster
 * disabled, tests): it is the only worker, slot 1, and receives what it sends to every
 * worker or to slot 1, at once, on the caller's thread.
 *
 * @author ClusterBoot team
 */
public class LocalClusterMessenger implements ClusterMessenger {

	private static final int SLOT = 1;

	private final JsonMapper mapper;

	private final ApplicationEventPublisher publisher;

	/**
	 * Creates a new messenger.
	 * @param mapper writes and reads payloads
	 * @param publisher publishes the messages
	 */
	public LocalClusterMessenger(JsonMapper mapper, ApplicationEventPublisher publisher) {
		this.mapper = mapper;
		this.publisher = publisher;
	}

	@Override
	public void broadcast(String topic, Object payload) {
		send(SLOT, topic, payload);
	}

	@Override
	public void send(int workerSlot, String topic, Object payload) {
		if (workerSlot < 1) {
			throw new IllegalArgumentException("'workerSlot' must be a worker's slot, 1 or more");
		}
		if (workerSlot == SLOT) {
			this.publisher.publishEvent(new ClusterMessageEvent(this, topic, SLOT,
					this.mapper.writeValueAsString(payload), this.mapper));
		}
	}

}
