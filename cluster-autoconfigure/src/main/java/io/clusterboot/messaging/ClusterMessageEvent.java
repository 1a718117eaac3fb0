package io.clusterboot.messaging;

import org.springframework.context.ApplicationEvent;

import tools.jackson.databind.json.JsonMapper;

/**
 * A message from a worker of the cluster, sent with {@link ClusterMessenger}.
 *
 * @author ClusterBoot team
 * @since 0.1.0
 */
public class ClusterMessageEvent extends ApplicationEvent {

	private final String topic;

	private final int senderSlot;

	private final String payload;

	private final transient JsonMapper mapper;

	/**
	 * Creates a new event.
	 * @param source the receiving messenger
	 * @param topic the topic
	 * @param senderSlot the slot of the sending worker
	 * @param payload the payload as JSON
	 * @param mapper reads the payload
	 */
	public ClusterMessageEvent(Object source, String topic, int senderSlot, String payload, JsonMapper mapper) {
		super(source);
		this.topic = topic;
		this.senderSlot = senderSlot;
		this.payload = payload;
		this.mapper = mapper;
	}

	/**
	 * Returns what the message is about.
	 * @return the topic
	 */
	public String getTopic() {
		return this.topic;
	}

	/**
	 * Returns the slot of the worker that sent the message.
	 * @return the sender's slot
	 */
	public int getSenderSlot() {
		return this.senderSlot;
	}

	/**
	 * Returns the payload as JSON.
	 * @return the JSON
	 */
	public String getPayloadJson() {
		return this.payload;
	}

	/**
	 * Reads the payload.
	 * @param <T> the type to read
	 * @param type the type to read
	 * @return the payload
	 */
	public <T> T getPayload(Class<T> type) {
		return this.mapper.readValue(this.payload, type);
	}

	@Override
	public String toString() {
		return "ClusterMessageEvent[topic=" + this.topic + ", from worker " + this.senderSlot + "]";
	}

}
