package io.clusterboot.internal.session;

import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.clusterboot.internal.ipc.MalformedMessageException;
import io.clusterboot.internal.net.UnixSocketListener;
import io.clusterboot.internal.session.SessionProtocol.Numbered;
import io.clusterboot.internal.session.SessionReply.Found;
import io.clusterboot.internal.session.SessionReply.Rejected;
import io.clusterboot.internal.session.SessionReply.Welcome;
import io.clusterboot.internal.session.SessionRequest.Delete;
import io.clusterboot.internal.session.SessionRequest.Find;
import io.clusterboot.internal.session.SessionRequest.Hello;
import io.clusterboot.internal.session.SessionRequest.Save;
import io.clusterboot.internal.support.Durations;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The master's end of the session store: a Unix domain socket of its own
 * ({@value #SOCKET_FILE}, in the master's private directory beside the control socket),
 * so that session traffic at full load never waits ahead of what the master supervises
 * (signals, heartbeats, exits), and the master's event loop never serves a session.
 * <p>
 * Each connection has a thread of its own, which reads a request, answers it from the
 * {@link SessionStore} and reads the next; replies to requests that arrived together go
 * out in one write. A worker that does not read its replies blocks only its own thread.
 * A connection must say hello with the cluster's token (the control channel's) within
 * {@link #HELLO_TIMEOUT}; where the kernel tells who connected ({@link UnixSocketListener}),
 * a process of another user is turned away first. A wrong token, a malformed frame or no
 * hello in time is logged and closes that connection only.
 *
 * @author ClusterBoot team
 */
public final class SessionServer implements Closeable {

	/**
	 * Name of the socket in the master's directory.
	 */
	public static final String SOCKET_FILE = "sessions.sock";

	/**
	 * Environment variable that tells a worker where the session store listens, absent
	 * when the master keeps no sessions. A worker reads it as the property
	 * {@value #SOCKET_PROPERTY}.
	 */
	public static final String SOCKET_VARIABLE = "CLUSTER_SESSIONS_SOCKET";

	/**
	 * Property of a worker's environment that the {@link #SOCKET_VARIABLE} binds to.
	 */
	public static final String SOCKET_PROPERTY = "cluster.sessions.socket";

	static final Duration HELLO_TIMEOUT = Duration.ofSeconds(10);

	private static final Logger logger = LoggerFactory.getLogger(SessionServer.class);

	private final Path socketPath;

	private final byte[] token;

	private final SessionStore store;

	private final Duration helloTimeout;

	private final UnixSocketListener listener;

	private final ScheduledExecutorService timer;

	private final Set<FrameChannel> channels = ConcurrentHashMap.newKeySet();

	private final AtomicInteger connections = new AtomicInteger();

	private volatile boolean closed;

	private SessionServer(Path socketPath, String token, SessionStore store, Duration helloTimeout)
			throws IOException {
		this.socketPath = socketPath;
		this.token = token.getBytes(StandardCharsets.UTF_8);
		this.store = store;
		this.helloTimeout = helloTimeout;
		this.listener = UnixSocketListener.listen(socketPath);
		this.timer = Executors.newSingleThreadScheduledExecutor((task) -> thread("cluster-sessions-timer", task));
	}

	/**
	 * Listens in the master's private directory and starts serving workers.
	 * @param directory the master's private directory
	 * @param token the cluster's token, which workers present in their hello
	 * @param store the sessions
	 * @return the running server
	 * @throws IOException if the socket cannot be created
	 */
	public static SessionServer start(Path directory, String token, SessionStore store) throws IOException {
		return start(directory, token, store, HELLO_TIMEOUT);
	}

	static SessionServer start(Path directory, String token, SessionStore store, Duration helloTimeout)
			throws IOException {
		SessionServer server = new SessionServer(directory.resolve(SOCKET_FILE), token, store, helloTimeout);
		thread("cluster-sessions-acceptor", server::acceptConnections).start();
		return server;
	}

	/**
	 * Returns where the server listens.
	 * @return the socket's path
	 */
	public Path socketPath() {
		return this.socketPath;
	}

	private void acceptConnections() {
		while (!this.closed) {
			try {
				UnixSocketListener.Connection connection = this.listener.accept();
				thread("cluster-sessions-" + this.connections.incrementAndGet(), () -> serve(connection)).start();
			}
			catch (ClosedChannelException ex) {
				return;
			}
			catch (IOException ex) {
				if (!this.closed) {
					logger.warn("Could not accept a session store connection", ex);
				}
			}
		}
	}

	private void serve(UnixSocketListener.Connection accepted) {
		FrameChannel channel = new FrameChannel(accepted.channel());
		String peer = (accepted.pid() != null) ? "of process " + accepted.pid() : "(process unknown)";
		this.channels.add(channel);
		try {
			if (this.closed) {
				return;
			}
			if (accepted.isOfAnotherUser()) {
				logger.warn("Rejected a session store connection {} of user {}: not the master's user", peer,
						accepted.uid());
			}
			else if (welcome(channel, peer)) {
				answerRequests(channel);
			}
		}
		catch (MalformedMessageException ex) {
			logger.warn("Closed the session store connection {}: {}", peer, ex.getMessage());
		}
		catch (EOFException | ClosedChannelException ex) {
			// the worker went away, or the server closed
		}
		catch (IOException ex) {
			logger.debug("Session store connection {} failed", peer, ex);
		}
		finally {
			this.channels.remove(channel);
			closeQuietly(channel);
		}
	}

	/**
	 * Reads the connection's hello, within the hello timeout, and answers it.
	 * @return whether the connection may go on
	 */
	private boolean welcome(FrameChannel channel, String peer) throws IOException {
		ScheduledFuture<?> timeout = this.timer.schedule(() -> {
			logger.warn("Closed the session store connection {}: no hello within {}", peer,
					Durations.print(this.helloTimeout));
			closeQuietly(channel);
		}, this.helloTimeout.toMillis(), TimeUnit.MILLISECONDS);
		Numbered<SessionRequest> first;
		try {
			first = SessionProtocol.decodeRequest(channel.read(SessionProtocol.MAX_HELLO_BYTES));
		}
		finally {
			timeout.cancel(false);
		}
		String refusal = refusal(first.message());
		SessionReply reply = (refusal != null) ? new Rejected(refusal) : new Welcome(this.store.maxSessionBytes());
		channel.write(List.of(SessionProtocol.encode(first.id(), reply)));
		if (refusal != null) {
			logger.warn("Rejected the session store connection {}: {}", peer, refusal);
		}
		return refusal == null;
	}

	private String refusal(SessionRequest first) {
		if (!(first instanceof Hello hello)) {
			return "its first request is not a hello";
		}
		if (!MessageDigest.isEqual(hello.token().getBytes(StandardCharsets.UTF_8), this.token)) {
			return "no valid token in its hello";
		}
		if (hello.protocol() != SessionProtocol.VERSION) {
			return "the master speaks session protocol " + SessionProtocol.VERSION + ", the worker "
					+ hello.protocol();
		}
		return null;
	}

	/**
	 * Answers requests until the connection closes. Replies wait while more requests are
	 * already buffered, and go out together once none is.
	 */
	private void answerRequests(FrameChannel channel) throws IOException {
		int maxFrameBytes = SessionProtocol.maxFrameBytes(this.store.maxSessionBytes());
		List<ByteBuffer> replies = new ArrayList<>();
		while (!this.closed) {
			Numbered<SessionRequest> request = SessionProtocol.decodeRequest(channel.read(maxFrameBytes));
			replies.add(SessionProtocol.encode(request.id(), answer(request.message())));
			if (!channel.hasBufferedFrame()) {
				channel.write(replies);
				replies.clear();
			}
		}
	}

	private SessionReply answer(SessionRequest request) {
		try {
			if (request instanceof Find find) {
				StoredSession session = this.store.find(find.id());
				return (session != null) ? new Found(session) : SessionReply.ABSENT;
			}
			if (request instanceof Save save) {
				return this.store.save(save.change());
			}
			if (request instanceof Delete delete) {
				this.store.delete(delete.id());
				return SessionReply.DONE;
			}
			return new Rejected("a second hello");
		}
		catch (RuntimeException ex) {
			logger.error("The session store failed to serve {}", request, ex);
			return new Rejected("the master's session store failed: " + ex);
		}
	}

	private static Thread thread(String name, Runnable task) {
		Thread thread = new Thread(task, name);
		thread.setDaemon(true);
		return thread;
	}

	private static void closeQuietly(Closeable closeable) {
		try {
			closeable.close();
		}
		catch (IOException ex) {
			// nothing more to do
		}
	}

	/**
	 * Stops listening, closes every connection and removes the socket file.
	 */
	@Override
	public void close() throws IOException {
		this.closed = true;
		this.listener.close();
		this.channels.forEach(SessionServer::closeQuietly);
		this.timer.shutdownNow();
		Files.deleteIfExists(this.socketPath);
	}

}
