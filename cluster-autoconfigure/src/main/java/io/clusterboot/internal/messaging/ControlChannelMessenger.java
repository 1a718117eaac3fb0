package io.clusterboot.internal.messaging;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import io.clusterboot.internal.ipc.ControlMessage;
import io.clusterboot.internal.worker.WorkerControl;
import io.clusterboot.messaging.ClusterMessageEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.ApplicationEventPublisher;

/**
 * {@link io.clusterboot.messaging.ClusterMessenger} over the worker's control channel.
 * Received messages are published on a thread of their own, one at a time, so that a
 * slow listener never holds up the control channel; up to 4096 wait for it, and more are
 * dropped and counted. Messages of a {@link #subscribe subscribed} topic go the same way
 * to their receiver instead.
 *
 * @author ClusterBoot team
 */
public class ControlChannelMessenger implements SubscribableMessenger, DisposableBean {

	/**
	 * Slot that addresses every worker.
	 */
	static final int EVERY_WORKER = 0;

	private final WorkerControl control;

	private final JsonMapper mapper;

	private final ApplicationEventPublisher publisher;

	/**
	 * Received messages that may wait for a slow listener: more are dropped.
	 */
	static final int QUEUE_CAPACITY = 4096;

	private static final Logger logger = LoggerFactory.getLogger(ControlChannelMessenger.class);

	private static final Duration DROP_LOG_INTERVAL = Duration.ofSeconds(10);

	private final ThreadPoolExecutor deliveries = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS,
			new ArrayBlockingQueue<>(QUEUE_CAPACITY), (runnable) -> {
				Thread thread = new Thread(runnable, "cluster-messages");
				thread.setDaemon(true);
				return thread;
			}, this::dropped);

	private final AtomicLong dropped = new AtomicLong();

	private final Map<String, Consumer<ClusterMessageEvent>> subscribers = new ConcurrentHashMap<>();

	private final AtomicLong lastDropLog = new AtomicLong(System.nanoTime() - DROP_LOG_INTERVAL.toNanos());

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

	@Override
	public void subscribe(String topic, Consumer<ClusterMessageEvent> receiver) {
		this.subscribers.put(topic, receiver);
	}

	private void receive(ControlMessage message) {
		ClusterMessageEvent event = new ClusterMessageEvent(this, message.text("topic"),
				(int) message.number("from"), message.text("payload"), this.mapper);
		Consumer<ClusterMessageEvent> subscriber = this.subscribers.get(event.getTopic());
		this.deliveries.execute((subscriber != null) ? () -> receive(subscriber, event)
				: () -> this.publisher.publishEvent(event));
	}

	private static void receive(Consumer<ClusterMessageEvent> subscriber, ClusterMessageEvent event) {
		try {
			subscriber.accept(event);
		}
		catch (RuntimeException ex) {
			logger.warn("Could not take a cluster message on topic '{}' from worker {}", event.getTopic(),
					event.getSenderSlot(), ex);
		}
	}

	/**
	 * Drops a received message that finds the queue full, or the messenger stopped,
	 * counting it and logging the count at most every 10 seconds.
	 */
	private void dropped(Runnable delivery, ThreadPoolExecutor executor) {
		long count = this.dropped.incrementAndGet();
		long now = System.nanoTime();
		long last = this.lastDropLog.get();
		if (!executor.isShutdown() && now - last >= DROP_LOG_INTERVAL.toNanos()
				&& this.lastDropLog.compareAndSet(last, now)) {
			logger.warn("Dropped cluster messages that the application's listeners did not take in time: {} waited "
					+ "already; {} dropped since this worker started", QUEUE_CAPACITY, count);
		}
	}

	/**
	 * Returns how many received messages were dropped.
	 * @return the count
	 */
	long droppedMessages() {
		return this.dropped.get();
	}

	@Override
	public void destroy() {
		this.deliveries.shutdown();
	}

}
