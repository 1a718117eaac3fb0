package io.clusterboot.internal.session;

import java.io.Closeable;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import io.clusterboot.internal.session.SessionProtocol.Numbered;
import io.clusterboot.internal.session.SessionReply.Rejected;
import io.clusterboot.internal.session.SessionReply.TooLarge;
import io.clusterboot.internal.session.SessionReply.Welcome;
import io.clusterboot.internal.session.SessionRequest.Hello;
import io.clusterboot.internal.support.Durations;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connection of a worker to the master's session store, shared by all the worker's
 * threads. A request gets an id and joins an outbox; a writer thread of the
 * connection's own sends what waits there in one write, and a reader thread completes
 * each request's future with the reply that names its id. No other thread touches the
 * socket: a request thread, or an event loop, only hands its frame over, and its future
 * fails after the timeout if no reply came. When the connection fails, every pending
 * request fails at once with the cause, and so does every request after.
 * <p>
 * The hello goes first; requests made before the master welcomed the connection follow
 * once it did.
 *
 * @author ClusterBoot team
 */
final class SessionConnection implements Closeable {

	/**
	 * Requests that may wait to be sent: more means that the master does not read them.
	 */
	static final int MAX_WAITING = 1024;

	private static final int MAX_FRAMES_PER_WRITE = 256;

	private static final Logger logger = LoggerFactory.getLogger(SessionConnection.class);

	private final FrameChannel channel;

	private final Duration timeout;

	private final Map<Long, CompletableFuture<SessionReply>> pending = new ConcurrentHashMap<>();

	private final BlockingQueue<ByteBuffer> outbox = new ArrayBlockingQueue<>(MAX_WAITING);

	private final AtomicLong ids = new AtomicLong();

	private final AtomicReference<SessionStoreException> failure = new AtomicReference<>();

	private final Thread writer;

	private volatile int maxReplyBytes = SessionProtocol.MAX_HELLO_BYTES;

	private final CompletableFuture<Welcome> welcome;

	private SessionConnection(SocketChannel socket, String token, Duration timeout) {
		this.channel = new FrameChannel(socket);
		this.timeout = timeout;
		this.writer = new Thread(this::writeRequests, "cluster-sessions-writer");
		this.writer.setDaemon(true);
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
		connection.writer.start();
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
	 * connection fails, or a {@link java.util.concurrent.TimeoutException} if no reply
	 * comes in time
	 */
	CompletableFuture<SessionReply> send(SessionRequest request) {
		return this.welcome.thenCompose((welcome) -> dispatch(request, welcome.maxSessionBytes()));
	}

	private CompletableFuture<SessionReply> dispatch(SessionRequest request, int maxSessionBytes) {
		long id = this.ids.incrementAndGet();
		ByteBuffer frame = SessionProtocol.encode(id, request);
		if (frame.remaining() - 4 > SessionProtocol.maxFrameBytes(maxSessionBytes)) {
			return CompletableFuture.completedFuture(new TooLarge(frame.remaining() - 4, maxSessionBytes));
		}
		CompletableFuture<SessionReply> reply = new CompletableFuture<>();
		this.pending.put(id, reply);
		if (!this.outbox.offer(frame)) {
			reply.completeExceptionally(new SessionStoreException(
					MAX_WAITING + " requests wait already for the cluster's session store", null));
		}
		SessionStoreException failed = this.failure.get();
		if (failed != null) {
			// the connection failed meanwhile, maybe after it failed what was pending
			reply.completeExceptionally(failed);
		}
		reply.orTimeout(this.timeout.toNanos(), TimeUnit.NANOSECONDS)
			.whenComplete((result, ex) -> this.pending.remove(id, reply));
		return reply;
	}

	/**
	 * Returns whether the connection failed or was closed: a new one is needed.
	 * @return whether it failed
	 */
	boolean hasFailed() {
		return this.failure.get() != null;
	}

	private void writeRequests() {
		List<ByteBuffer> frames = new ArrayList<>();
		try {
			while (true) {
				frames.add(this.outbox.take());
				this.outbox.drainTo(frames, MAX_FRAMES_PER_WRITE - 1);
				this.channel.write(frames);
				frames.clear();
			}
		}
		catch (IOException ex) {
			fail(ex);
		}
		catch (InterruptedException ex) {
			// closed
		}
	}

	private void readReplies() {
		try {
			while (true) {
				Numbered<SessionReply> reply = SessionProtocol.decodeReply(this.channel.read(this.maxReplyBytes));
				if (reply.message() instanceof Welcome welcome) {
					this.maxReplyBytes = SessionProtocol.maxFrameBytes(welcome.maxSessionBytes());
				}
				CompletableFuture<SessionReply> waiting = this.pending.remove(reply.id());
				if (waiting != null) {
					waiting.complete(reply.message());
				}
			}
		}
		catch (IOException ex) {
			fail(ex);
		}
	}

	private void fail(IOException cause) {
		SessionStoreException failed = new SessionStoreException(
				"Lost the connection to the cluster's session store (the master): " + cause, cause);
		if (stop(failed)) {
			logger.warn(failed.getMessage());
		}
	}

	/**
	 * Fails the connection once: closes it, ends its writer, fails what is pending.
	 */
	private boolean stop(SessionStoreException failed) {
		if (!this.failure.compareAndSet(null, failed)) {
			return false;
		}
		closeQuietly(this.channel);
		this.writer.interrupt();
		this.outbox.clear();
		this.pending.values().forEach((reply) -> reply.completeExceptionally(failed));
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

}
