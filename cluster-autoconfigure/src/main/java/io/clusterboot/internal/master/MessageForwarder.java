package io.clusterboot.internal.master;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.clusterboot.internal.ipc.ControlMessage;
import io.clusterboot.internal.master.MasterAction.SendMessage;
import io.clusterboot.internal.master.MasterEvent.WorkerMessage;
import io.clusterboot.internal.support.Durations;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Forwards the application's messages between workers ({@code ClusterMessenger}) on a
 * thread of its own, by the {@link MessageRoutes} the master publishes after each event:
 * however many the application sends, none waits ahead of what the master supervises
 * (signals, exits, heartbeats, commands), and the master's thread never forwards one.
 * They wait in a queue of {@value #CAPACITY}. A message that finds it full is dropped,
 * and so is a message for a worker whose outbox holds as many forwarded messages as it
 * may ({@link io.clusterboot.internal.ipc.ControlServer#forward}); drops are counted and logged,
 * at most once per {@link #REPORT_INTERVAL}.
 *
 * @author ClusterBoot team
 */
final class MessageForwarder {

	/**
	 * How many messages may wait to be forwarded.
	 */
	static final int CAPACITY = 4096;

	/**
	 * How often drops are logged at most.
	 */
	static final Duration REPORT_INTERVAL = Duration.ofSeconds(10);

	private static final Logger logger = LoggerFactory.getLogger(MessageForwarder.class);

	private final BlockingQueue<WorkerMessage> queue = new ArrayBlockingQueue<>(CAPACITY);

	private final AtomicLong unqueued = new AtomicLong();

	private final Clock clock;

	private final Outbox outbox;

	private volatile MessageRoutes routes = MessageRoutes.NONE;

	private Thread thread;

	/**
	 * Messages that found a worker's outbox full since the last report; the forwarding
	 * thread's alone.
	 */
	private long undelivered;

	private Instant lastReport;

	/**
	 * Creates a forwarder, which keeps the messages offered until it is started.
	 * @param clock tells when drops are due to be logged again
	 * @param outbox takes the messages to send
	 */
	MessageForwarder(Clock clock, Outbox outbox) {
		this.clock = clock;
		this.outbox = outbox;
	}

	/**
	 * Starts forwarding on a thread of its own.
	 */
	void start() {
		this.thread = new Thread(this::forwardMessages, "cluster-messages");
		this.thread.setDaemon(true);
		this.thread.start();
	}

	/**
	 * Stops forwarding.
	 */
	void stop() {
		if (this.thread != null) {
			this.thread.interrupt();
		}
	}

	/**
	 * Takes a message of a worker to forward, without waiting: if too many wait, it is
	 * dropped. Called on the worker's connection thread.
	 * @param worker the id of the worker that sent it
	 * @param message the message
	 */
	void offer(long worker, ControlMessage message) {
		if (!this.queue.offer(new WorkerMessage(worker, message))) {
			this.unqueued.incrementAndGet();
		}
	}

	/**
	 * Sets where messages go from now on. Called on the master's thread after each
	 * event.
	 * @param routes the routes
	 */
	void routes(MessageRoutes routes) {
		this.routes = routes;
	}

	private void forwardMessages() {
		try {
			while (!Thread.currentThread().isInterrupted()) {
				forwardNext(REPORT_INTERVAL);
			}
		}
		catch (InterruptedException ex) {
			// stopped
		}
		catch (RuntimeException ex) {
			logger.error("Forwarding messages between workers failed; they are dropped from now on", ex);
		}
	}

	/**
	 * Forwards the next message, waiting for one up to the given time, and logs the drops
	 * if they are due.
	 * @param wait how long to wait for a message
	 * @throws InterruptedException if the thread is interrupted while it waits
	 */
	void forwardNext(Duration wait) throws InterruptedException {
		WorkerMessage next = this.queue.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
		if (next != null) {
			for (SendMessage send : this.routes.route(next.worker(), next.message())) {
				if (!this.outbox.forward(send.worker(), send.message())) {
					this.undelivered++;
				}
			}
		}
		reportDrops();
	}

	private void reportDrops() {
		Instant now = this.clock.instant();
		if (this.lastReport != null && now.isBefore(this.lastReport.plus(REPORT_INTERVAL))) {
			return;
		}
		long unqueued = this.unqueued.getAndSet(0);
		long undelivered = this.undelivered;
		if (unqueued + undelivered > 0) {
			this.undelivered = 0;
			this.lastReport = now;
			logger.warn("Dropped messages between workers (ClusterMessenger), sent faster than they are taken: {} "
					+ "found the master's queue of {} full, {} found no room (a receiving worker's outbox full, or the "
					+ "worker gone); logged at most every {}", unqueued, CAPACITY, undelivered,
					Durations.print(REPORT_INTERVAL));
		}
	}

	/**
	 * Takes the messages to send, without waiting.
	 */
	@FunctionalInterface
	interface Outbox {

		/**
		 * Sends a message to a worker if there is room for it.
		 * @param worker the worker's id
		 * @param message the message
		 * @return whether it is on its way
		 */
		boolean forward(long worker, ControlMessage message);

	}

}
