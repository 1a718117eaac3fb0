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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

import io.clusterboot.internal.ipc.MalformedMessageException;
import io.clusterboot.internal.net.UnixSocketListener;
import io.clusterboot.internal.session.SessionProtocol.Numbered;
import io.clusterboot.internal.session.SessionReply.Found;
import io.clusterboot.internal.session.SessionReply.Rejected;
import io.clusterboot.internal.session.SessionReply.Welcome;
import io.clusterboot.internal.session.SessionRequest.Delete;
import io.clusterboot.internal.session.SessionRequest.Find;
import io.clusterboot.internal.session.SessionRequest.HandOver;
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
 * <p>
 * Across a master upgrade the sessions have one store at a time: the new master's server
 * passes its workers' requests on to the old master's store ({@link PredecessorSessions})
 * until the old master, once its workers are gone, {@link #handOver hands every session
 * over} and answers {@link SessionReply#MOVED} from then on.
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

	/**
	 * How often the store removes the sessions that expired.
	 */
	private static final long CLEAN_UP_SECONDS = 1;

	/**
	 * How long the master that replaces this one may take to read the sessions and
	 * confirm that it has them.
	 */
	static final Duration HAND_OVER_TIMEOUT = Duration.ofSeconds(30);

	private static final Logger logger = LoggerFactory.getLogger(SessionServer.class);

	private final Path socketPath;

	private final byte[] token;

	private final SessionStore store;

	private final PredecessorSessions predecessor;

	private final Duration helloTimeout;

	private final UnixSocketListener listener;

	private final ScheduledExecutorService timer;

	private final Set<FrameChannel> channels = ConcurrentHashMap.newKeySet();

	private final AtomicInteger connections = new AtomicInteger();

	/**
	 * Requests are answered under its read lock; the hand-over to a new master takes its
	 * write lock, so that the sessions it sends include every save answered before.
	 */
	private final ReadWriteLock serving = new ReentrantReadWriteLock();

	private final AtomicReference<Successor> successor = new AtomicReference<>();

	private volatile boolean moved;

	private volatile boolean closed;

	private SessionServer(Path socketPath, String token, SessionStore store, PredecessorSessions predecessor,
			Duration helloTimeout) throws IOException {
		this.socketPath = socketPath;
		this.token = token.getBytes(StandardCharsets.UTF_8);
		this.store = store;
		this.predecessor = predecessor;
		this.helloTimeout = helloTimeout;
		this.listener = UnixSocketListener.listen(socketPath);
		this.timer = Executors.newSingleThreadScheduledExecutor((task) -> thread("cluster-sessions-timer", task));
	}

	/**
	 * Listens in the master's private directory and starts serving workers.
	 * @param directory the master's private directory
	 * @param token the cluster's token, which workers present in their hello
	 * @param store the sessions
	 * @param predecessor the sessions of the master this one replaces, which it answers
	 * from until they are in its own store; or {@code null}
	 * @return the running server
	 * @throws IOException if the socket cannot be created
	 */
	static SessionServer start(Path directory, String token, SessionStore store, PredecessorSessions predecessor)
			throws IOException {
		return start(directory, token, store, predecessor, HELLO_TIMEOUT);
	}

	static SessionServer start(Path directory, String token, SessionStore store, PredecessorSessions predecessor,
			Duration helloTimeout) throws IOException {
		SessionServer server = new SessionServer(directory.resolve(SOCKET_FILE), token, store, predecessor,
				helloTimeout);
		server.timer.scheduleWithFixedDelay(store::cleanUp, CLEAN_UP_SECONDS, CLEAN_UP_SECONDS, TimeUnit.SECONDS);
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
			if (request.message() instanceof HandOver) {
				awaitEnd(channel, request.id());
				return;
			}
			replies.add(SessionProtocol.encode(request.id(), answer(request.message())));
			if (!channel.hasBufferedFrame()) {
				channel.write(replies);
				replies.clear();
			}
		}
	}

	/**
	 * Keeps a new master's request for the sessions until this master stops
	 * ({@link #handOver}), or until that master goes away: an upgrade that failed.
	 */
	private void awaitEnd(FrameChannel channel, long id) throws IOException {
		Successor asking = new Successor(channel, id);
		if (!this.successor.compareAndSet(null, asking)) {
			channel.write(List.of(SessionProtocol.encode(id, new Rejected("another master takes the sessions over"))));
			return;
		}
		logger.info("The master that replaces this one asked for the sessions: it gets them once this master's "
				+ "workers are gone");
		try {
			channel.read(SessionProtocol.MAX_HELLO_BYTES);
			throw new MalformedMessageException("A request after a hand-over", null);
		}
		finally {
			this.successor.compareAndSet(asking, null);
			asking.gone().complete(null);
		}
	}

	/**
	 * Hands every session over to the master that replaces this one, if it asked for
	 * them, and answers {@link SessionReply#MOVED} from then on. Called once this master's
	 * workers are gone, before it closes.
	 * @return whether the new master has the sessions: it confirmed, by closing its
	 * connection, within {@link #HAND_OVER_TIMEOUT}
	 */
	boolean handOver() {
		Successor asking = this.successor.get();
		if (asking == null) {
			return false;
		}
		ScheduledFuture<?> timeout = this.timer.schedule(() -> closeQuietly(asking.channel()),
				HAND_OVER_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
		this.serving.writeLock().lock();
		try {
			this.moved = true;
			List<StoredSession> sessions = this.store.snapshot();
			SessionStream.write(asking.channel(), asking.id(), sessions);
			asking.gone().get(HAND_OVER_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
			logger.info("Handed {} session(s) over to the master that replaces this one", sessions.size());
			return true;
		}
		catch (IOException | ExecutionException | TimeoutException ex) {
			logger.warn("Could not hand the sessions over to the master that replaces this one: {}", ex.toString());
			this.moved = false;
			return false;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			this.moved = false;
			return false;
		}
		finally {
			this.serving.writeLock().unlock();
			timeout.cancel(false);
		}
	}

	private SessionReply answer(SessionRequest request) {
		if (this.predecessor != null) {
			SessionReply forwarded = this.predecessor.forward(request);
			if (forwarded != null) {
				return forwarded;
			}
		}
		this.serving.readLock().lock();
		try {
			return this.moved ? SessionReply.MOVED : answerFromStore(request);
		}
		finally {
			this.serving.readLock().unlock();
		}
	}

	private SessionReply answerFromStore(SessionRequest request) {
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

	/**
	 * The master that replaces this one, waiting for the sessions.
	 *
	 * @param channel its connection
	 * @param id the id of its request
	 * @param gone completes once it closed the connection
	 */
	private record Successor(FrameChannel channel, long id, CompletableFuture<Void> gone) {

		Successor(FrameChannel channel, long id) {
			this(channel, id, new CompletableFuture<>());
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
