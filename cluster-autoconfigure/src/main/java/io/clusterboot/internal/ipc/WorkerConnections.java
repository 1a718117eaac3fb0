package io.clusterboot.internal.ipc;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The workers connected to the master's control server: each authenticated worker's
 * connection is served on a thread of its own, which passes its messages to the handler
 * until it goes, and the master writes to a worker through its {@link Outbox}. A worker
 * that says hello again replaces its older connection.
 *
 * @author ClusterBoot team
 */
final class WorkerConnections {

	private final ControlServer.Handler handler;

	private final Map<Long, Outbox> connected = new ConcurrentHashMap<>();

	private volatile boolean closed;

	WorkerConnections(ControlServer.Handler handler) {
		this.handler = handler;
	}

	/**
	 * Serves a worker whose hello was authenticated, on the calling thread, until its
	 * connection closes; then the handler is told, unless a newer connection of the
	 * worker replaced it.
	 * @param worker the worker's id
	 * @param channel its connection
	 * @param hello its hello, the first message the handler gets
	 * @throws IOException once the connection fails or the worker goes away
	 */
	void serve(long worker, ControlChannel channel, ControlMessage hello) throws IOException {
		Outbox outbox = new Outbox("Worker " + worker, channel, () -> this.handler.onUnreachable(worker));
		Outbox replaced = this.connected.put(worker, outbox);
		if (replaced != null) {
			// a second hello of the same worker: its older connection goes
			replaced.close();
		}
		try {
			if (this.closed) {
				return;
			}
			outbox.startWriting(Thread.currentThread().getName() + "-writer");
			this.handler.onMessage(worker, hello);
			while (true) {
				this.handler.onMessage(worker, channel.read());
			}
		}
		finally {
			outbox.close();
			if (this.connected.remove(worker, outbox)) {
				this.handler.onDisconnected(worker);
			}
		}
	}

	/**
	 * Sends a message to a connected worker without waiting.
	 * @param worker the worker's id
	 * @param message the message
	 * @return {@code true} if the worker is connected and the message is on its way
	 * @see Outbox#offer
	 */
	boolean send(long worker, ControlMessage message) {
		Outbox outbox = this.connected.get(worker);
		return outbox != null && outbox.offer(message);
	}

	/**
	 * Forwards a message of the application to a connected worker without waiting, if
	 * its outbox has room.
	 * @param worker the worker's id
	 * @param message the message
	 * @return {@code true} if the worker is connected and the message is on its way
	 * @see Outbox#offerIfRoom
	 */
	boolean forward(long worker, ControlMessage message) {
		Outbox outbox = this.connected.get(worker);
		return outbox != null && outbox.offerIfRoom(message);
	}

	/**
	 * Closes every worker's connection, and any that comes.
	 */
	void close() {
		this.closed = true;
		this.connected.values().forEach(Outbox::close);
	}

}
