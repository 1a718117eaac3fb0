package io.clusterboot.jarmode;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import io.clusterboot.ipc.ControlClient;
import io.clusterboot.ipc.ControlMessage;
import io.clusterboot.ipc.ControlServer;
import io.clusterboot.ipc.MasterDirectory;
import io.clusterboot.support.Durations;

/**
 * The control command's connection to one master. It says hello with the token it reads
 * from the master's private directory, which only the master's user can, and sends one
 * request at a time, waiting for each reply up to a deadline: the master's thread never
 * blocks on a worker, so a master that does not answer is stopped or gone.
 *
 * @author ClusterBoot team
 */
final class MasterSession implements Closeable {

	private static final ControlMessage CLOSED = ControlMessage.of("closed");

	private final BlockingQueue<ControlMessage> received = new LinkedBlockingQueue<>();

	private final long pid;

	private final Duration timeout;

	private ControlClient client;

	private long lastRequest;

	private MasterSession(long pid, Duration timeout) {
		this.pid = pid;
		this.timeout = timeout;
	}

	/**
	 * Connects to the master of a directory and says hello.
	 * @param directory the master's directory
	 * @param timeout how long to wait for each reply
	 * @return the session, once the master accepted it
	 * @throws CommandFailedException if the master cannot be reached or refuses the
	 * command
	 */
	static MasterSession open(MasterDirectory directory, Duration timeout) throws CommandFailedException {
		long pid = directory.master().pid();
		String token;
		try {
			token = ControlServer.readToken(directory.socket());
		}
		catch (AccessDeniedException ex) {
			throw new CommandFailedException(ExitStatus.ACCESS_DENIED, "Cannot read the token of the master (pid "
					+ pid + ") in " + directory.directory() + ": only user '" + directory.owner() + "' may control it");
		}
		catch (IOException ex) {
			throw new CommandFailedException(ExitStatus.NOT_RUNNING,
					"The master (pid " + pid + ") is gone: " + ex.getMessage());
		}
		MasterSession session = new MasterSession(pid, timeout);
		try {
			session.client = ControlClient.connectCommand(directory.socket(), token, session.received::add,
					() -> session.received.add(CLOSED));
		}
		catch (IOException ex) {
			throw new CommandFailedException(ExitStatus.NOT_RUNNING, "The master (pid " + pid
					+ ") does not accept connections on " + directory.socket() + " (" + ex.getMessage() + ")");
		}
		Map<String, Object> accepted = session.awaitReply(0);
		Object rejected = accepted.get(ControlMessage.REJECTED);
		if (rejected != null) {
			session.close();
			throw new CommandFailedException(ExitStatus.INCOMPATIBLE, rejected.toString());
		}
		return session;
	}

	/**
	 * Sends a request and waits for its reply.
	 * @param type the request's type
	 * @param namesAndValues its values, names and values alternating
	 * @return the body of the reply
	 * @throws CommandFailedException if the master does not answer in time or goes away
	 */
	Map<String, Object> request(String type, Object... namesAndValues) throws CommandFailedException {
		long id = ++this.lastRequest;
		List<Object> values = new ArrayList<>(Arrays.asList(namesAndValues));
		values.add(ControlMessage.REQUEST_ID);
		values.add(id);
		try {
			this.client.send(ControlMessage.of(type, values.toArray()));
		}
		catch (IOException ex) {
			throw gone();
		}
		return awaitReply(id);
	}

	private Map<String, Object> awaitReply(long id) throws CommandFailedException {
		long deadline = System.nanoTime() + this.timeout.toNanos();
		try {
			while (true) {
				ControlMessage message = this.received.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
				if (message == null) {
					throw new CommandFailedException(ExitStatus.FAILED,
							"The master (pid " + this.pid + ") did not answer within " + Durations.print(this.timeout));
				}
				if (message == CLOSED) {
					throw gone();
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
			throw new CommandFailedException(ExitStatus.FAILED, "Interrupted");
		}
	}

	private CommandFailedException gone() {
		return new CommandFailedException(ExitStatus.FAILED,
				"The master (pid " + this.pid + ") closed the control connection");
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
