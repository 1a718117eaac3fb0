package io.clusterboot.ipc;

import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import io.clusterboot.support.Durations;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The master's end of the control channel: a Unix domain socket in a directory only the
 * master's user can enter, accepting workers that prove they know the cluster's random
 * token, which they read from a file in that directory. A connection that sends a wrong
 * token, a malformed or oversized message, or no hello in time is logged and closed; it
 * never affects the master or other workers.
 *
 * @author ClusterBoot team
 * @since 0.1.0
 */
public final class ControlServer implements Closeable {

	private static final Logger logger = LoggerFactory.getLogger(ControlServer.class);

	private static final Duration HELLO_TIMEOUT = Duration.ofSeconds(10);

	private static final String TOKEN_FILE = "token";

	/**
	 * Messages that may wait for a worker: more means that it does not read them.
	 */
	static final int OUTBOX_CAPACITY = 256;

	private static final ControlMessage END_OF_OUTBOX = ControlMessage.of("end-of-outbox");

	private final Path directory;

	private final Path socketPath;

	private final String token;

	private final Handler handler;

	private final ServerSocketChannel server;

	private final Map<Long, Connection> workers = new ConcurrentHashMap<>();

	private final ScheduledExecutorService timer;

	private final AtomicInteger connections = new AtomicInteger();

	private volatile boolean closed;

	private ControlServer(Path directory, Handler handler) throws IOException {
		this.directory = directory;
		this.socketPath = directory.resolve("control.sock");
		this.token = HexFormat.of().formatHex(randomBytes());
		Files.writeString(Files.createFile(tokenFile(this.socketPath),
				PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))), this.token,
				StandardCharsets.US_ASCII);
		this.handler = handler;
		this.server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
		this.server.bind(UnixDomainSocketAddress.of(this.socketPath));
		this.timer = Executors.newSingleThreadScheduledExecutor(daemon("cluster-control-timer"));
	}

	/**
	 * Creates a private directory, listens in it and starts accepting workers.
	 * @param handler receives the workers' messages
	 * @return the running server
	 * @throws IOException if the socket cannot be created
	 */
	public static ControlServer start(Handler handler) throws IOException {
		Path directory = Files.createTempDirectory("clusterboot-",
				PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
		ControlServer server = new ControlServer(directory, handler);
		daemon("cluster-control-acceptor").newThread(server::acceptConnections).start();
		return server;
	}

	/**
	 * Returns the path of the socket workers connect to.
	 * @return the socket path
	 */
	public Path socketPath() {
		return this.socketPath;
	}

	/**
	 * Returns the secret workers must present in their hello.
	 * @return the token
	 */
	public String token() {
		return this.token;
	}

	/**
	 * Reads the token of the control server listening on a socket. It lies next to the
	 * socket, in the directory only the master's user can enter, rather than in the
	 * workers' environment, which Actuator's {@code env} endpoint shows.
	 * @param socketPath the control socket
	 * @return the token
	 * @throws IOException if the token cannot be read
	 */
	public static String readToken(Path socketPath) throws IOException {
		return Files.readString(tokenFile(socketPath), StandardCharsets.US_ASCII);
	}

	private static Path tokenFile(Path socketPath) {
		return socketPath.resolveSibling(TOKEN_FILE);
	}

	/**
	 * Sends a message to a connected worker without waiting: the message joins the
	 * worker's outbox, which a thread of the connection's own writes out. A worker whose
	 * outbox is full does not read its messages: the handler is told once, and the
	 * message is dropped.
	 * @param worker the worker's id
	 * @param message the message
	 * @return {@code true} if the worker is connected and the message is on its way
	 */
	public boolean send(long worker, ControlMessage message) {
		Connection connection = this.workers.get(worker);
		return connection != null && connection.offer(message);
	}

	private void acceptConnections() {
		while (!this.closed) {
			try {
				SocketChannel channel = this.server.accept();
				String name = "cluster-control-" + this.connections.incrementAndGet();
				daemon(name).newThread(() -> serve(new ControlChannel(channel))).start();
			}
			catch (ClosedChannelException ex) {
				return;
			}
			catch (IOException ex) {
				if (!this.closed) {
					logger.warn("Could not accept a control connection", ex);
				}
			}
		}
	}

	private void serve(ControlChannel channel) {
		long worker = -1;
		Connection connection = null;
		ScheduledFuture<?> helloTimeout = this.timer.schedule(() -> {
			logger.warn("Closed a control connection that sent no hello within " + Durations.print(HELLO_TIMEOUT));
			closeQuietly(channel);
		}, HELLO_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
		try {
			ControlMessage hello = channel.read();
			worker = authenticate(hello);
			helloTimeout.cancel(false);
			if (worker < 0) {
				return;
			}
			connection = new Connection(worker, channel);
			Connection replaced = this.workers.put(worker, connection);
			if (replaced != null) {
				// a second hello of the same worker: its older connection goes
				replaced.close();
			}
			if (this.closed) {
				return;
			}
			connection.startWriting(Thread.currentThread().getName() + "-writer");
			this.handler.onMessage(worker, hello);
			while (true) {
				this.handler.onMessage(worker, channel.read());
			}
		}
		catch (MalformedMessageException ex) {
			logger.warn("Dropped control connection " + describe(worker) + ": " + ex.getMessage());
		}
		catch (EOFException | ClosedChannelException ex) {
			// the worker went away
		}
		catch (IOException ex) {
			logger.debug("Control connection " + describe(worker) + " failed", ex);
		}
		finally {
			helloTimeout.cancel(false);
			closeQuietly(channel);
			if (connection != null) {
				connection.close();
				if (this.workers.remove(worker, connection)) {
					this.handler.onDisconnected(worker);
				}
			}
		}
	}

	private long authenticate(ControlMessage hello) {
		String presented = hello.text("token");
		boolean valid = ControlMessage.HELLO.equals(hello.type()) && presented != null && MessageDigest
			.isEqual(presented.getBytes(StandardCharsets.UTF_8), this.token.getBytes(StandardCharsets.UTF_8));
		long worker = hello.number("worker");
		if (!valid || worker < 0) {
			logger.warn("Rejected control connection: " + (valid ? "no worker id" : "no valid token in its hello")
					+ " (first message type '" + hello.type() + "')");
			return -1;
		}
		return worker;
	}

	private static String describe(long worker) {
		return (worker >= 0) ? "of worker " + worker : "(not authenticated)";
	}

	private static void closeQuietly(Closeable closeable) {
		try {
			closeable.close();
		}
		catch (IOException ex) {
			// nothing more to do
		}
	}

	private static byte[] randomBytes() {
		byte[] bytes = new byte[32];
		new SecureRandom().nextBytes(bytes);
		return bytes;
	}

	private static ThreadFactory daemon(String name) {
		return (runnable) -> {
			Thread thread = new Thread(runnable, name);
			thread.setDaemon(true);
			return thread;
		};
	}

	@Override
	public void close() throws IOException {
		this.closed = true;
		this.server.close();
		this.workers.values().forEach(Connection::close);
		this.timer.shutdownNow();
		Files.deleteIfExists(this.socketPath);
		Files.deleteIfExists(tokenFile(this.socketPath));
		Files.deleteIfExists(this.directory);
	}

	/**
	 * Receives what workers say.
	 */
	public interface Handler {

		/**
		 * Called on a connection's thread for every message of an authenticated worker,
		 * starting with its hello.
		 * @param worker the worker's id
		 * @param message the message
		 */
		void onMessage(long worker, ControlMessage message);

		/**
		 * Called when an authenticated worker's connection closes.
		 * @param worker the worker's id
		 */
		void onDisconnected(long worker);

		/**
		 * Called once when an authenticated worker's outbox is full: it does not read the
		 * messages sent to it.
		 * @param worker the worker's id
		 */
		void onUnreachable(long worker);

	}

	/**
	 * An authenticated worker's connection, and the messages waiting to be written to
	 * it. The writer may block on a worker that does not read; nothing else does.
	 */
	private final class Connection {

		private final long worker;

		private final ControlChannel channel;

		private final BlockingQueue<ControlMessage> outbox = new ArrayBlockingQueue<>(OUTBOX_CAPACITY);

		private final AtomicBoolean full = new AtomicBoolean();

		Connection(long worker, ControlChannel channel) {
			this.worker = worker;
			this.channel = channel;
		}

		void startWriting(String name) {
			daemon(name).newThread(this::writeMessages).start();
		}

		boolean offer(ControlMessage message) {
			if (this.outbox.offer(message)) {
				return true;
			}
			if (this.full.compareAndSet(false, true)) {
				logger.warn("Worker " + this.worker + " does not read its control messages: " + OUTBOX_CAPACITY
						+ " are waiting");
				ControlServer.this.handler.onUnreachable(this.worker);
			}
			return false;
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
				logger.debug("Could not write to worker " + this.worker, ex);
				closeQuietly(this.channel);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}

		/**
		 * Closes the channel, which ends a write in progress, and ends the writer.
		 */
		void close() {
			closeQuietly(this.channel);
			this.outbox.clear();
			this.outbox.offer(END_OF_OUTBOX);
		}

	}

}
