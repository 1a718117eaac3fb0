package io.clusterboot.internal.ipc;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import io.clusterboot.internal.support.ClusterBootVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The control commands connected to the master's control server: a command whose hello
 * presented the token is answered with the master's versions, or refused if it speaks
 * another control protocol; then its requests go to the handler, on its connection's
 * thread, until it goes, and the replies through its {@link Outbox}.
 *
 * @author ClusterBoot team
 */
final class CommandConnections {

	private static final Logger logger = LoggerFactory.getLogger(CommandConnections.class);

	private final ControlServer.Handler handler;

	private final Map<Long, Outbox> connected = new ConcurrentHashMap<>();

	private final AtomicLong ids = new AtomicLong();

	private volatile boolean closed;

	CommandConnections(ControlServer.Handler handler) {
		this.handler = handler;
	}

	/**
	 * Serves a command whose hello presented the token, on the calling thread: answers
	 * its hello with the master's versions, or with why it is refused, then passes its
	 * requests to the handler until it goes.
	 * @param channel its connection
	 * @param hello its hello
	 * @param pid the command's pid: the kernel's where it tells, else its hello's
	 * @throws IOException once the connection fails or the command goes away
	 */
	void serve(ControlChannel channel, ControlMessage hello, long pid) throws IOException {
		if (hello.number("protocol") != ControlServer.PROTOCOL) {
			String rejected = "The master runs ClusterBoot " + ClusterBootVersion.get() + " (control protocol "
					+ ControlServer.PROTOCOL + "); the command runs " + hello.text("version") + " (control protocol "
					+ hello.number("protocol") + ")";
			logger.warn("Rejected control command (pid {}): {}", pid, rejected);
			channel.write(ControlMessage.reply(hello, Map.of(ControlMessage.REJECTED, rejected)));
			return;
		}
		ControlServer.Command command = new ControlServer.Command(this.ids.incrementAndGet(), pid);
		Outbox outbox = new Outbox("Control command " + command.id(), channel, channel::closeQuietly);
		this.connected.put(command.id(), outbox);
		try {
			outbox.startWriting(Thread.currentThread().getName() + "-writer");
			outbox.offer(ControlMessage.reply(hello, Map.of("pid", ProcessHandle.current().pid(), "version",
					ClusterBootVersion.get(), "protocol", ControlServer.PROTOCOL)));
			while (!this.closed) {
				this.handler.onCommand(command, channel.read());
			}
		}
		finally {
			this.connected.remove(command.id());
			outbox.close();
		}
	}

	/**
	 * Answers a command without waiting.
	 * @param command the command's id
	 * @param message the reply
	 * @return {@code true} if the command is connected and the reply is on its way
	 * @see Outbox#offer
	 */
	boolean reply(long command, ControlMessage message) {
		Outbox outbox = this.connected.get(command);
		return outbox != null && outbox.offer(message);
	}

	/**
	 * Closes every command's connection.
	 */
	void close() {
		this.closed = true;
		this.connected.values().forEach(Outbox::close);
	}

}
