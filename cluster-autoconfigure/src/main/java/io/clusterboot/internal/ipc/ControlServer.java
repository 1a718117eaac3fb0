package io.clusterboot.internal.ipc;

import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.clusterboot.internal.net.UnixSocketListener;
import io.clusterboot.internal.support.Durations;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The master's end of the control channel: a Unix domain socket in a directory only the
 * master's user can enter ({@link ControlDirectory}), accepting workers and control
 * commands that prove they know the cluster's random token, which they read from a file
 * in that directory: file permissions decide who may control the cluster. Where the
 * kernel tells who connected ({@link UnixSocketListener}), a process of another user is
 * turned away, and a command's pid is the kernel's, not the one its hello names. A
 * connection that sends a wrong token, a malformed or oversized message, or no hello in
 * time is logged and closed; it never affects the master or other workers.
 * <p>
 * This class accepts connections and authenticates their hello; the
 * {@link WorkerConnections} and {@link CommandConnections} then pass what they say to
 * the {@link Handler}, on a thread of each connection's own, and write to them through
 * their {@link Outbox outboxes}, so that the master never blocks on one.
 *
 * @author ClusterBoot team
 */
public final class ControlServer implements Closeable {

	private static final Logger logger = LoggerFactory.getLogger(ControlServer.class);

	private static final Duration HELLO_TIMEOUT = Duration.ofSeconds(10);

	/**
	 * The version of the control protocol: the messages and values that the master and
	 * the control command exchange. A command of another protocol is refused with a
	 * message naming both versions of ClusterBoot.
	 */
	public static final int PROTOCOL = 1;

	private final ControlDirectory directory;

	private final UnixSocketListener server;

	private final WorkerConnections workers;

	private final CommandConnections commands;

	private final ScheduledExecutorService timer;

	private final AtomicInteger connections = new AtomicInteger();

	private volatile boolean closed;

	private ControlServer(ControlDirectory directory, Handler handler) throws IOException {
		this.directory = directory;
		this.workers = new WorkerConnections(handler);
		this.commands = new CommandConnections(handler);
		this.server = UnixSocketListener.listen(directory.socket());
		this.timer = Executors.newSingleThreadScheduledExecutor(daemon("cluster-control-timer"));
	}

	/**
	 * Creates a private directory in the temporary directory ({@code java.io.tmpdir}),
	 * where the control command looks for masters, listens in it and starts accepting
	 * workers and commands.
	 * @param handler receives the workers' messages and the commands' requests
	 * @return the running server
	 * @throws IOException if the socket cannot be created
	 */
	public static ControlServer start(Handler handler) throws IOException {
		return start(MasterDirectories.defaultBaseDirectory(), handler);
	}

	/**
	 * Creates a private directory in a base directory, listens in it and starts accepting
	 * workers and commands.
	 * @param base the directory to create the private directory in
	 * @param handler receives the workers' messages and the commands' requests
	 * @return the running server
	 * @throws IOException if the socket cannot be created
	 */
	public static ControlServer start(Path base, Handler handler) throws IOException {
		ControlServer server = new ControlServer(new ControlDirectory(base), handler);
		daemon("cluster-control-acceptor").newThread(server::acceptConnections).start();
		return server;
	}

	/**
	 * Writes what the master tells about itself next to the socket, where the control
	 * command reads it; only the master's user can.
	 * @param master the master's description
	 * @throws IOException if it cannot be written
	 */
	public void publish(MasterInfo master) throws IOException {
		this.directory.publish(master);
	}

	/**
	 * Returns the path of the socket workers connect to.
	 * @return the socket path
	 */
	public Path socketPath() {
		return this.directory.socket();
	}

	/**
	 * Returns the secret workers must present in their hello.
	 * @return the token
	 */
	public String token() {
		return this.directory.token();
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
		return this.workers.send(worker, message);
	}

	/**
	 * Forwards a message of the application to a connected worker without waiting, if
	 * its outbox has room: no more than {@value Outbox#FORWARDED_CAPACITY} such messages
	 * wait for a worker, so that the master's own messages always have room. A worker
	 * that reads them slower than the application sends loses the rest, and is not taken
	 * for one that does not read at all.
	 * @param worker the worker's id
	 * @param message the message
	 * @return {@code true} if the worker is connected and the message is on its way
	 */
	public boolean forward(long worker, ControlMessage message) {
		return this.workers.forward(worker, message);
	}

	/**
	 * Answers a control command without waiting, the way {@link #send} does.
	 * @param command the command's id
	 * @param message the reply
	 * @return {@code true} if the command is connected and the reply is on its way
	 */
	public boolean reply(long command, ControlMessage message) {
		return this.commands.reply(command, message);
	}

	private void acceptConnections() {
		while (!this.closed) {
			try {
				UnixSocketListener.Connection connection = this.server.accept();
				String name = "cluster-control-" + this.connections.incrementAndGet();
				daemon(name).newThread(() -> serve(connection)).start();
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

	private void serve(UnixSocketListener.Connection accepted) {
		ControlChannel channel = new ControlChannel(accepted.channel());
		if (accepted.isOfAnotherUser()) {
			logger.warn("Rejected a control connection of process {} of user {}: not the master's user",
					accepted.pid(), accepted.uid());
			channel.closeQuietly();
			return;
		}
		long worker = -1;
		ScheduledFuture<?> helloTimeout;
		try {
			helloTimeout = this.timer.schedule(() -> {
				logger.warn("Closed a control connection that sent no hello within " + Durations.print(HELLO_TIMEOUT));
				channel.closeQuietly();
			}, HELLO_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (RejectedExecutionException ex) {
			// Accepted while the server closes: nobody is left to answer it.
			channel.closeQuietly();
			return;
		}
		try {
			ControlMessage hello = channel.read();
			helloTimeout.cancel(false);
			if (ControlMessage.COMMAND.equals(hello.type())) {
				long pid = (accepted.pid() != null) ? accepted.pid() : hello.number("pid");
				if (!hasToken(hello)) {
					logger.warn("Rejected control command (pid {}): no valid token in its hello", pid);
					return;
				}
				this.commands.serve(channel, hello, pid);
				return;
			}
			worker = authenticate(hello);
			if (worker >= 0) {
				this.workers.serve(worker, channel, hello);
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
			channel.closeQuietly();
		}
	}

	private boolean hasToken(ControlMessage hello) {
		String presented = hello.text("token");
		return presented != null && MessageDigest.isEqual(presented.getBytes(StandardCharsets.UTF_8),
				token().getBytes(StandardCharsets.UTF_8));
	}

	private long authenticate(ControlMessage hello) {
		boolean valid = ControlMessage.HELLO.equals(hello.type()) && hasToken(hello);
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
		this.workers.close();
		this.commands.close();
		this.timer.shutdownNow();
		this.directory.remove();
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

		/**
		 * Called on a connection's thread for every request of an authenticated control
		 * command, after its hello; the answer goes back with {@link #reply}.
		 * @param command the command
		 * @param request the request
		 */
		void onCommand(Command command, ControlMessage request);

	}

	/**
	 * A connected control command.
	 *
	 * @param id its id, unique in the master's life
	 * @param pid the pid it runs as: the kernel's ({@code SO_PEERCRED}) where it tells, on
	 * 64-bit Linux with JNA, else the one its hello names
	 */
	public record Command(long id, long pid) {
	}

}
