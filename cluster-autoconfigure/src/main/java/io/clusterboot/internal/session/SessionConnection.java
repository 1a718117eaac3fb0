package io.clusterboot.internal.session;

import java.io.Closeable;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;

import io.clusterboot.internal.session.SessionProtocol.Numbered;
import io.clusterboot.internal.session.SessionReply.Rejected;
import io.clusterboot.internal.session.SessionReply.TooLarge;
import io.clusterboot.internal.session.SessionReply.Welcome;
import io.clusterboot.internal.session.SessionRequest.Hello;
import io.clusterboot.internal.session.SessionRequest.Save;
import io.clusterboot.internal.support.Durations;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connection of a worker to the master's session store, shared by all the worker's
 * threads. The thread that makes a request writes its frame itself, under a lock, and a
 * reader thread of the connection's own completes each request's future with the reply
 * that names its id: a request costs its thread one wait, for the reply, and a save
 * without confirmation none ({@link Welcome#confirmSaves()}). A timer of the connection
 * fails the requests whose reply did not come in time, and the connection itself if a
 * write could not finish in time: a master that stops reading never holds a worker's
 * threads longer than the timeout. When the connection fails, every pending request
 * fails at once with the cause, and so does every request after.
 * <p>
 * The hello goes first; requests made before the master welcomed the connection follow
 * once it did.
 *
 * @author ClusterBoot team
 */
final class SessionConnection implements Closeable {

	/**
	 * Requests that may wait for their replies: more means that the master does not
	 * answer.
	 */
	static final int MAX_WAITING = 1024;

	private static final Logger logger = LoggerFactory.getLogger(SessionConnection.class);

	private final FrameChannel channel;

	private final Duration timeout;

	private final Map<Long, Pending> pending = new ConcurrentHashMap<>();

	private final AtomicLong ids = new AtomicLong();

	private final AtomicReference<SessionStoreException> failure = new AtomicReference<>();

	private final Lock writing = new ReentrantLock();

	/**
	 * When the write in progress started, by {@link System#nanoTime()}; 0 if none is.
	 */
	private volatile long writeStarted;

	private final ScheduledExecutorService timer;

	private final CompletableFuture<Welcome> welcome;

	/**
	 * The master's last word on the connection's terms.
	 */
	private volatile Welcome terms;

	private SessionConnection(SocketChannel socket, String token, Duration timeout) {
		this.channel = new FrameChannel(socket);
		this.timeout = timeout;
		this.timer = Executors.newSingleThreadScheduledExecutor((task) -> {
			Thread thread = new Thread(task, "cluster-sessions-timer");
			thread.setDaemon(true);
			return thread;
		});
		long tick = Math.max(10, Math.min(250, timeout.toMillis() / 20));
		this.timer.scheduleWithFixedDelay(this::expire, tick, tick, TimeUnit.MILLISECONDS);
		this.welcome = dispatch(new Hello(SessionProtocol.VERSION, token), Integer.MAX_VALUE).handle(this::welcomed);
	}

	/**
	 * Connects to the master's session store and says hello, without waiting for its
	 * answer.
	 * @param socketPath the store's socket
	 * @param token the cluster's token
	 * @param timeout how long a request may wait for its reply
	 * @return the connection
	 * @throws SessionStoreException if the socket cannot be reached
	 */
	static SessionConnection open(Path socketPath, String token, Duration timeout) {
		SocketChannel socket = null;
		try {
			socket = SocketChannel.open(StandardProtocolFamily.UNIX);
			socket.connect(UnixDomainSocketAddress.of(socketPath));
		}
		catch (IOException ex) {
			closeQuietly(socket);
			throw new SessionStoreException("Cannot connect to the cluster's session store at " + socketPath, ex);
		}
		SessionConnection connection = new SessionConnection(socket, token, timeout);
		Thread reader = new Thread(connection::readReplies, "cluster-sessions-reader");
		reader.setDaemon(true);
		reader.start();
		return connection;
	}

	/**
	 * Takes the master's answer to the hello: a refusal, or none in time, ends the
	 * connection, so that the next request opens another.
	 */
	private Welcome welcomed(SessionReply reply, Throwable failure) {
		if (reply instanceof Welcome welcome) {
			this.terms = welcome;
			return welcome;
		}
		if (failure instanceof SessionStoreException lost) {
			throw lost;
		}
		SessionStoreException refused = (failure != null)
				? new SessionStoreException("The cluster's session store (the master) did not answer this worker's "
						+ "hello within " + Durations.print(this.timeout), failure)
				: new SessionStoreException("The cluster's session store refused this worker: "
						+ ((reply instanceof Rejected rejected) ? rejected.reason() : reply), null);
		if (stop(refused)) {
			logger.warn(refused.getMessage());
		}
		throw refused;
	}

	/**
	 * Sends a request once the master welcomed the connection.
	 * @param request the request
	 * @return its reply; a {@link TooLarge} one, without a round trip, if its frame
	 * exceeds what the master reads; failed with a {@link SessionStoreException} if the
	 * connection fails, or a {@link TimeoutException} if no reply comes in time
	 */
	CompletableFuture<SessionReply> send(SessionRequest request) {
		Welcome welcomed = this.terms;
		if (welcomed != null) {
			return dispatch(request, welcomed.maxSessionBytes());
		}
		return this.welcome.thenCompose((terms) -> dispatch(request, terms.maxSessionBytes()));
	}

	/**
	 * Saves a request's changes: sends them and, unless the master asks for
	 * confirmations, completes with {@link SessionReply#DONE} as soon as they are written.
	 * A save the master refuses then is logged when its refusal comes.
	 * @param change the changes
	 * @param size the session's size with them, as far as the worker knows
	 * @return the reply, as for {@link #send}; a {@link TooLarge} one, without a round
	 * trip, if the session would be larger than the store keeps
	 */
	CompletableFuture<SessionReply> save(SessionChange change, long size) {
		Welcome welcomed = this.terms;
		if (welcomed == null) {
			return this.welcome.thenCompose((terms) -> save(change, size));
		}
		if (size > welcomed.maxSessionBytes()) {
			return CompletableFuture.completedFuture(new TooLarge(size, welcomed.maxSessionBytes()));
		}
		if (welcomed.confirmSaves()) {
			return dispatch(new Save(change, true), welcomed.maxSessionBytes());
		}
		ByteBuffer frame = SessionProtocol.encode(this.ids.incrementAndGet(), new Save(change, false));
		TooLarge tooLarge = tooLarge(frame, welcomed.maxSessionBytes());
		if (tooLarge != null) {
			return CompletableFuture.completedFuture(tooLarge);
		}
		try {
			write(frame);
			return CompletableFuture.completedFuture(SessionReply.DONE);
		}
		catch (SessionStoreException ex) {
			return CompletableFuture.failedFuture(ex);
		}
	}

	private CompletableFuture<SessionReply> dispatch(SessionRequest request, int maxSessionBytes) {
		long id = this.ids.incrementAndGet();
		ByteBuffer frame = SessionProtocol.encode(id, request);
		TooLarge tooLarge = tooLarge(frame, maxSessionBytes);
		if (tooLarge != null) {
			return CompletableFuture.completedFuture(tooLarge);
		}
		CompletableFuture<SessionReply> reply = new CompletableFuture<>();
		if (this.pending.size() >= MAX_WAITING) {
			reply.completeExceptionally(new SessionStoreException(
					MAX_WAITING + " requests wait already for the cluster's session store", null));
			return reply;
		}
		this.pending.put(id, new Pending(reply, System.nanoTime() + this.timeout.toNanos()));
		try {
			write(frame);
		}
		catch (SessionStoreException ex) {
			this.pending.remove(id);
			reply.completeExceptionally(ex);
		}
		return reply;
	}

	private static TooLarge tooLarge(ByteBuffer frame, int maxSessionBytes) {
		int length = frame.remaining() - 4;
		return (length > SessionProtocol.maxFrameBytes(maxSessionBytes)) ? new TooLarge(length, maxSessionBytes)
				: null;
	}

	/**
	 * Writes a frame in the calling thread; the timer ends the connection if the master
	 * does not take it in time.
	 */
	private void write(ByteBuffer frame) {
		this.writing.lock();
		try {
			SessionStoreException failed = this.failure.get();
			if (failed != null) {
				throw failed;
			}
			this.writeStarted = System.nanoTime();
			this.channel.write(List.of(frame));
		}
		catch (IOException ex) {
			fail(ex);
			throw this.failure.get();
		}
		finally {
			this.writeStarted = 0;
			this.writing.unlock();
		}
	}

	/**
	 * Returns whether the connection failed or was closed: a new one is needed.
	 * @return whether it failed
	 */
	boolean hasFailed() {
		return this.failure.get() != null;
	}

	private void readReplies() {
		int maxReplyBytes = SessionProtocol.MAX_HELLO_BYTES;
		try {
			while (true) {
				Numbered<SessionReply> reply = SessionProtocol.decodeReply(this.channel.read(maxReplyBytes));
				if (reply.message() instanceof Welcome welcome) {
					maxReplyBytes = SessionProtocol.maxFrameBytes(welcome.maxSessionBytes());
					if (reply.id() == SessionProtocol.NOTICE_ID) {
						this.terms = welcome;
						continue;
					}
				}
				Pending waiting = this.pending.remove(reply.id());
				if (waiting != null) {
					waiting.reply().complete(reply.message());
				}
				else if (reply.message() instanceof TooLarge tooLarge) {
					logger.warn("The cluster's session store refused a save that would have made a session of {} "
							+ "bytes, larger than it keeps ({} bytes, cluster.sessions.max-session-size): another "
							+ "worker's request made it grow meanwhile", tooLarge.size(), tooLarge.limit());
				}
			}
		}
		catch (IOException ex) {
			fail(ex);
		}
	}

	/**
	 * Fails the requests that waited too long for their reply, and the connection if a
	 * write has waited too long for the master to read.
	 */
	private void expire() {
		long now = System.nanoTime();
		long started = this.writeStarted;
		if (started != 0 && now - started > this.timeout.toNanos()) {
			SessionStoreException stuck = new SessionStoreException("The cluster's session store (the master) did "
					+ "not read this worker's requests for " + Durations.print(this.timeout), null);
			if (stop(stuck)) {
				logger.warn(stuck.getMessage());
			}
			return;
		}
		this.pending.forEach((id, waiting) -> {
			if (now - waiting.deadline() > 0 && this.pending.remove(id, waiting)) {
				waiting.reply().completeExceptionally(new TimeoutException());
			}
		});
	}

	private void fail(IOException cause) {
		SessionStoreException failed = new SessionStoreException(
				"Lost the connection to the cluster's session store (the master): " + cause, cause);
		if (stop(failed)) {
			logger.warn(failed.getMessage());
		}
	}

	/**
	 * Fails the connection once: closes it, stops its timer, fails what is pending.
	 */
	private boolean stop(SessionStoreException failed) {
		if (!this.failure.compareAndSet(null, failed)) {
			return false;
		}
		closeQuietly(this.channel);
		this.timer.shutdownNow();
		this.pending.values().forEach((waiting) -> waiting.reply().completeExceptionally(failed));
		this.pending.clear();
		return true;
	}

	private static void closeQuietly(Closeable closeable) {
		try {
			if (closeable != null) {
				closeable.close();
			}
		}
		catch (IOException ex) {
			// nothing more to do
		}
	}

	/**
	 * Closes the connection; what is pending fails.
	 */
	@Override
	public void close() {
		stop(new SessionStoreException("The connection to the cluster's session store is closed", null));
	}

	/**
	 * A request that waits for its reply.
	 *
	 * @param reply completes with the reply
	 * @param deadline when it fails without one, by {@link System#nanoTime()}
	 */
	private record Pending(CompletableFuture<SessionReply> reply, long deadline) {
	}

}
