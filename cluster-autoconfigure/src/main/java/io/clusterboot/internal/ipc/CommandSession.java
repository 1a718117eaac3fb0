package io.clusterboot.internal.ipc;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import io.clusterboot.internal.support.Durations;

/**
 * A control command's connection to a master: it says hello with the master's token and
 * sends one request at a time, waiting for each reply up to a deadline. The master's
 * thread never blocks, so a master that does not answer in time is stopped or gone. Used
 * by the control command and by the new master of an upgrade, which asks the master it
 * replaces to let it take over.
 *
 * @author ClusterBoot team
 */
public final class CommandSession implements Closeable {

	private static final ControlMessage CLOSED = ControlMessage.of("closed");

	private final BlockingQueue<ControlMessage> received = new LinkedBlockingQueue<>();

	private final Duration timeout;

	private ControlClient client;

	private long lastRequest;

	private CommandSession(Duration timeout) {
		this.timeout = timeout;
	}

	/**
	 * Connects to a master's control socket and says hello; {@link #hello()} waits for
	 * the master's answer.
	 * @param socket the master's control socket
	 * @param token the master's token
	 * @param timeout how long to wait for each reply
	 * @return the session
	 * @throws IOException if the socket does not accept the connection
	 */
	public static CommandSession connect(Path socket, String token, Duration timeout) throws IOException {
		CommandSession session = new CommandSession(timeout);
		session.client = ControlClient.connectCommand(socket, token, session.received::add,
				() -> session.received.add(CLOSED));
		return session;
	}

	/**
	 * Waits for the master's answer to the hello: its versions, or why it rejects the
	 * command ({@link ControlMessage#REJECTED}).
	 * @return the body of the answer
	 * @throws IOException if the master does not answer in time or closes the connection,
	 * with a message that completes "the master ..."
	 */
	public Map<String, Object> hello() throws IOException {
		return awaitReply(0);
	}

	/**
	 * Sends a request and waits for its reply.
	 * @param type the request's type
	 * @param namesAndValues its values, names and values alternating
	 * @return the body of the reply
	 * @throws IOException if the master does not answer in time or closes the connection,
	 * with a message that completes "the master ..."
	 */
	public Map<String, Object> request(String type, Object... namesAndValues) throws IOException {
		long id = ++this.lastRequest;
		List<Object> values = new ArrayList<>(Arrays.asList(namesAndValues));
		values.add(ControlMessage.REQUEST_ID);
		values.add(id);
		try {
			this.client.send(ControlMessage.of(type, values.toArray()));
		}
		catch (IOException ex) {
			throw closed();
		}
		return awaitReply(id);
	}

	private Map<String, Object> awaitReply(long id) throws IOException {
		long deadline = System.nanoTime() + this.timeout.toNanos();
		try {
			while (true) {
				ControlMessage message = this.received.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
				if (message == null) {
					throw new IOException("did not answer within " + Durations.print(this.timeout));
				}
				if (message == CLOSED) {
					throw closed();
				}
				if (ControlMessage.REPLY.equals(message.type()) && message.number(ControlMessage.REQUEST_ID) == id
						&& message.values().get("body") instanceof Map<?, ?> body) {
					@SuppressWarnings("unchecked")
					Map<String, Object> reply = (Map<String, Object>) body;
					return reply;
				}
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IOException("was not waited for: interrupted", ex);
		}
	}

	private static IOException closed() {
		return new IOException("closed the control connection");
	}

	@Override
	public void close() {
		try {
			this.client.close();
		}
		catch (IOException ex) {
			// nothing more to do
		}
	}

}
