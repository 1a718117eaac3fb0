package io.clusterboot.internal.ipc;

import java.io.IOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The outbox of an authenticated control connection of a worker or a command: the
 * messages waiting for the peer, which a thread of the connection's own writes out. The
 * writer may block on a peer that does not read; the master never does: the outbox is
 * bounded, a message that finds it full is dropped, and the first time that is logged
 * and reported.
 *
 * @author ClusterBoot team
 */
final class Outbox {

	private static final Logger logger = LoggerFactory.getLogger(Outbox.class);

	/**
	 * Messages that may wait for a worker: more means that it does not read them.
	 */
	static final int OUTBOX_CAPACITY = 256;

	/**
	 * Messages of the application ({@link #offerIfRoom forwarded}) that may wait for a
	 * worker: the rest of its outbox is kept for the master's own messages.
	 */
	static final int FORWARDED_CAPACITY = OUTBOX_CAPACITY * 3 / 4;

	private static final ControlMessage END_OF_OUTBOX = ControlMessage.of("end-of-outbox");

	private final String peer;

	private final ControlChannel channel;

	private final Runnable onFull;

	private final BlockingQueue<ControlMessage> outbox = new ArrayBlockingQueue<>(OUTBOX_CAPACITY);

	private final AtomicBoolean full = new AtomicBoolean();

	/**
	 * Creates the outbox of a connection.
	 * @param peer who the peer is, for the log
	 * @param channel the connection
	 * @param onFull called once when a message finds the outbox full
	 */
	Outbox(String peer, ControlChannel channel, Runnable onFull) {
		this.peer = peer;
		this.channel = channel;
		this.onFull = onFull;
	}

	/**
	 * Starts the thread that writes the outbox out.
	 * @param name the thread's name
	 */
	void startWriting(String name) {
		Thread writer = new Thread(this::writeMessages, name);
		writer.setDaemon(true);
		writer.start();
	}

	/**
	 * Adds a message of the master to the outbox, without waiting.
	 * @param message the message
	 * @return {@code true} if it is on its way, {@code false} if the outbox is full
	 */
	boolean offer(ControlMessage message) {
		if (this.outbox.offer(message)) {
			return true;
		}
		if (this.full.compareAndSet(false, true)) {
			logger.warn(this.peer + " does not read its control messages: " + OUTBOX_CAPACITY + " are waiting");
			this.onFull.run();
		}
		return false;
	}

	/**
	 * Adds a message of the application to the outbox, without waiting, if no more than
	 * {@value #FORWARDED_CAPACITY} messages wait: a peer that reads them slower than the
	 * application sends loses the rest, and is not taken for one that does not read.
	 * @param message the message
	 * @return {@code true} if it is on its way
	 */
	boolean offerIfRoom(ControlMessage message) {
		// the size counts the master's messages too: forwarded ones never take the rest
		return this.outbox.size() < FORWARDED_CAPACITY && this.outbox.offer(message);
	}

	private void writeMessages() {
		try {
			while (true) {
				ControlMessage message = this.outbox.take();
				if (message == END_OF_OUTBOX) {
					return;
				}
				this.channel.write(message);
			}
		}
		catch (IOException ex) {
			logger.debug("Could not write to " + this.peer, ex);
			this.channel.closeQuietly();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/**
	 * Closes the channel, which ends a write in progress, and ends the writer.
	 */
	void close() {
		this.channel.closeQuietly();
		this.outbox.clear();
		this.outbox.offer(END_OF_OUTBOX);
	}

}
