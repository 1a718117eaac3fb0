package io.clusterboot.messaging;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import io.clusterboot.ipc.ControlMessage;
import io.clusterboot.worker.WorkerControl;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.ApplicationEventPublisher;

/**
 * {@link ClusterMessenger} over the worker's control channel. Received messages are
 * published on a thread of their own, one at a time, so that a slow listener never holds
 * up the control channel.
 *
 * @author ClusterBoot team
 * @since 0.1.0
 */
public class ControlChannelMessenger implements ClusterMessenger, DisposableBean {

	/**
	 * Slot that addresses every worker.
	 */
	static final int EVERY_WORKER = 0;

	private final WorkerControl control;

	private final JsonMapper mapper;

	private final ApplicationEventPublisher publisher;

	private final ExecutorService deliveries = Executors.newSingleThreadExecutor((runnable) -> {
		Thread thread = new Thread(runnable, "cluster-messages");
		thread.setDaemon(true);
		return thread;
	});

	/**
	 * Creates a messenger and starts receiving.
	 * @param control the worker's control channel
	 * @param mapper writes and reads payloads
	 * @param publisher publishes received messages
	 */
	public ControlChannelMessenger(WorkerControl control, JsonMapper mapper, ApplicationEventPublisher publisher) {
		this.control = control;
		this.mapper = mapper;
		this.publisher = publisher;
		control.onMessage(ControlMessage.MESSAGE, this::receive);
	}

	@Override
	public void broadcast(String topic, Object payload) {
		send(EVERY_WORKER, topic, payload);
	}

	@Override
	public void send(int workerSlot, String topic, Object payload) {
		if (workerSlot < EVERY_WORKER) {
			throw new IllegalArgumentException("'workerSlot' must be a worker's slot, 1 or more");
		}
		this.control.deliver(ControlMessage.of(ControlMessage.MESSAGE, "to", workerSlot, "topic", topic, "payload",
				this.mapper.writeValueAsString(payload)));
	}

	private void receive(ControlMessage message) {
		ClusterMessageEvent event = new ClusterMessageEvent(this, message.text("topic"),
				(int) message.number("from"), message.text("payload"), this.mapper);
		this.deliveries.execute(() -> this.publisher.publishEvent(event));
	}

	@Override
	public void destroy() {
		this.deliveries.shutdown();
	}

}
