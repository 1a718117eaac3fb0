package io.clusterboot.internal.ipc;

import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
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
import java.util.concurrent.atomic.AtomicLong;

import io.clusterboot.internal.support.ClusterBootVersion;
import io.clusterboot.internal.net.DescriptorServer;
import io.clusterboot.internal.net.UnixSocketListener;
import io.clusterboot.internal.support.Durations;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The master's end of the control channel: a Unix domain socket in a directory only the
 * master's user can enter, accepting workers and control commands that prove they know
 * the cluster's random token, which they read from a file in that directory: file
 * permissions decide who may control the cluster. Where the kernel tells who connected
 * ({@link UnixSocketListener}), a process of another user is turned away, and a
 * command's pid is the kernel's, not the one its hello names. A connection that sends a
 * wrong token, a malformed or oversized message, or no hello in time is logged and
 * closed; it never affects the master or other workers. The directory also holds what
 * the master tells about itself ({@link MasterInfo}), for the control command to find
 * it.
 *
 * @author ClusterBoot team
 */
public final class ControlServer implements Closeable {

	private static final Logger logger = LoggerFactory.getLogger(ControlServer.class);

	private static final Duration HELLO_TIMEOUT = Duration.ofSeconds(10);

	private static final String TOKEN_FILE = "token";

	private static final String INFO_FILE = "master.json";

	/**
	 * Name of the control socket in its directory.
	 */
	static final String SOCKET_FILE = "control.sock";

	/**
	 * How the names of the masters' directories begin, in the base directory.
	 */
	static final String DIRECTORY_PREFIX = "clusterboot-master-";

	/**
	 * The version of the control protocol: the messages and values that the master and
	 * the control command exchange. A command of another protocol is refused with a
	 * message naming both versions of ClusterBoot.
	 */
	public static final int PROTOCOL = 1;

	private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

	private static final Set<PosixFilePermission> PRIVATE_DIRECTORY = PosixFilePermissions.fromString("rwx------");

	/**
	 * Messages that may wait for a worker: more means that it does not read them.
	 */
	static final int OUTBOX_CAPACITY = 256;

	/**
	 * Messages of the application ({@link #forward forwarded}) that may wait for a worker:
	 * the rest of its outbox is kept for the master's own messages.
	 */
	static final int FORWARDED_CAPACITY = OUTBOX_CAPACITY * 3 / 4;

	private static final ControlMessage END_OF_OUTBOX = ControlMessage.of("end-of-outbox");

	private final Path directory;

	private final Path socketPath;

	private final String token;

	private final Handler handler;

	private final UnixSocketListener server;

	private final Map<Long, Connection> workers = new ConcurrentHashMap<>();

	private final Map<Long, Connection> commands = new ConcurrentHashMap<>();

	private final AtomicLong commandIds = new AtomicLong();

	private final ScheduledExecutorService timer;

	private final AtomicInteger connections = new AtomicInteger();

	private volatile boolean closed;

	private ControlServer(Path directory, Handler handler) throws IOException {
		this.directory = directory;
		this.socketPath = directory.resolve(SOCKET_FILE);
		this.token = HexFormat.of().formatHex(randomBytes());
		Files.writeString(Files.createFile(tokenFile(this.socketPath), PosixFilePermissions.asFileAttribute(OWNER_ONLY)),
				this.token, StandardCharsets.US_ASCII);
		this.handler = handler;
		this.server = UnixSocketListener.listen(this.socketPath);
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
		return start(defaultBaseDirectory(), handler);
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
		Path directory = Files.createTempDirectory(base, DIRECTORY_PREFIX,
				PosixFilePermissions.asFileAttribute(PRIVATE_DIRECTORY));
		ControlServer server = new ControlServer(directory, handler);
		daemon("cluster-control-acceptor").newThread(server::acceptConnections).start();
		return server;
	}

	/**
	 * Returns the directory masters create their private directories in by default: the
	 * temporary directory ({@code java.io.tmpdir}).
	 * @return the base directory
	 */
	public static Path defaultBaseDirectory() {
		return Path.of(System.getProperty("java.io.tmpdir"));
	}

	/**
	 * Writes what the master tells about itself next to the socket, where the control
	 * command reads it; only the master's user can.
	 * @param master the master's description
	 * @throws IOException if it cannot be written
	 */
	public void publish(MasterInfo master) throws IOException {
		Path written = Files.createTempFile(this.directory, INFO_FILE, ".tmp",
				PosixFilePermissions.asFileAttribute(OWNER_ONLY));
		try {
			Files.write(written, ControlJson.write(ControlRecords.toValue(master)));
			Files.move(written, this.directory.resolve(INFO_FILE), StandardCopyOption.ATOMIC_MOVE,
					StandardCopyOption.REPLACE_EXISTING);
		}
		catch (IOException ex) {
			// the directory must be empty for close() to remove it
			Files.deleteIfExists(written);
			throw ex;
		}
	}

	/**
	 * Finds the masters' directories in a base directory: those of this user with what
	 * their masters tell about themselves, and those of other users, which are named and
	 * never read. A directory of this user counts only if it is private, as a master
	 * makes it (mode {@code 0700}), and is not a link; what it holds is read without
	 * following links. A directory left by a master that died still shows; its master's
	 * pid is gone.
	 * @param base the base directory
	 * @return the directories found, in no particular order
	 * @throws IOException if the base directory cannot be listed
	 */
	public static List<MasterDirectory> findMasters(Path base) throws IOException {
		UserPrincipal user = currentUser();
		List<MasterDirectory> found = new ArrayList<>();
		try (DirectoryStream<Path> directories = Files.newDirectoryStream(base, DIRECTORY_PREFIX + "*")) {
			for (Path directory : directories) {
				find(directory, user).ifPresent(found::add);
			}
		}
		return found;
	}

	/**
	 * Returns the user this process runs as: on Linux the owner of its {@code /proc}
	 * entry, its effective user, also where that user has no name (a container's
	 * arbitrary user id); elsewhere the user of {@code user.name}.
	 */
	private static UserPrincipal currentUser() throws IOException {
		Path self = Path.of("/proc/self");
		if (Files.isDirectory(self)) {
			return Files.getOwner(self);
		}
		return FileSystems.getDefault()
			.getUserPrincipalLookupService()
			.lookupPrincipalByName(System.getProperty("user.name"));
	}

	/**
	 * Removes the directories of this user's masters that are gone: killed with
	 * {@code SIGKILL}, a master cannot remove its own. A directory counts as abandoned
	 * only once its master described itself, which it does once it listens, and its
	 * socket refuses connections: then no process listens on it, in whatever PID
	 * namespace, and no master is about to. Only the directories {@link #findMasters}
	 * trusts are removed, and links in them are removed, not followed.
	 * @param base the base directory
	 * @return the directories removed
	 */
	public static List<Path> removeAbandoned(Path base) {
		List<Path> removed = new ArrayList<>();
		try {
			for (MasterDirectory found : findMasters(base)) {
				if (found.isAccessible() && refusesConnections(found.socket())) {
					for (String file : List.of(INFO_FILE, SOCKET_FILE, TOKEN_FILE, DescriptorServer.SOCKET_FILE)) {
						Files.deleteIfExists(found.directory().resolve(file));
					}
					Files.deleteIfExists(found.directory());
					removed.add(found.directory());
				}
			}
		}
		catch (IOException ex) {
			logger.debug("Could not remove the directories of masters that are gone in {}", base, ex);
		}
		return removed;
	}

	/**
	 * Returns whether a socket refuses connections: nothing listens on it. Without
	 * waiting: a master whose accept queue is full is not taken for gone.
	 */
	private static boolean refusesConnections(Path socket) {
		try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
			channel.configureBlocking(false);
			channel.connect(UnixDomainSocketAddress.of(socket));
			return false;
		}
		catch (ConnectException ex) {
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

	/**
	 * Looks at one directory. One of another user is named and not read: that user may
	 * have put anything there. One of this user is trusted only if no other user can
	 * have put anything there: a directory, not a link, that only this user can enter. One
	 * that is not, that goes away meanwhile (its master stopped), or whose description
	 * cannot be read, half written or of an unknown shape, is left out.
	 */
	private static Optional<MasterDirectory> find(Path directory, UserPrincipal user) {
		try {
			PosixFileAttributes attributes = Files.readAttributes(directory, PosixFileAttributes.class,
					LinkOption.NOFOLLOW_LINKS);
			if (!attributes.isDirectory()) {
				return Optional.empty();
			}
			String owner = attributes.owner().getName();
			if (!attributes.owner().equals(user)) {
				return Optional.of(new MasterDirectory(directory, owner, null));
			}
			if (!attributes.permissions().equals(PRIVATE_DIRECTORY)) {
				return Optional.empty();
			}
			Object info = ControlJson.read(readPrivateFile(directory.resolve(INFO_FILE)));
			return Optional.of(new MasterDirectory(directory, owner, ControlRecords.fromValue(info, MasterInfo.class)));
		}
		catch (IOException ex) {
			return Optional.empty();
		}
	}

	/**
	 * Reads a file of a master's directory, unless it is a link.
	 */
	private static byte[] readPrivateFile(Path file) throws IOException {
		try (InputStream input = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
			return input.readAllBytes();
		}
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
	 * workers' environment, which Actuator's {@code env} endpoint shows. A link in its
	 * place is not followed.
	 * @param socketPath the control socket
	 * @return the token
	 * @throws IOException if the token cannot be read
	 */
	public static String readToken(Path socketPath) throws IOException {
		return new String(readPrivateFile(tokenFile(socketPath)), StandardCharsets.US_ASCII);
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

	/**
	 * Forwards a message of the application to a connected worker without waiting, if
	 * its outbox has room: no more than {@value #FORWARDED_CAPACITY} such messages wait
	 * for a worker, so that the master's own messages always have room. A worker that
	 * reads them slower than the application sends loses the rest, and is not taken for
	 * one that does not read at all.
	 * @param worker the worker's id
	 * @param message the message
	 * @return {@code true} if the worker is connected and the message is on its way
	 */
	public boolean forward(long worker, ControlMessage message) {
		Connection connection = this.workers.get(worker);
		return connection != null && connection.offerIfRoom(message);
	}

	/**
	 * Answers a control command without waiting, the way {@link #send} does.
	 * @param command the command's id
	 * @param message the reply
	 * @return {@code true} if the command is connected and the reply is on its way
	 */
	public boolean reply(long command, ControlMessage message) {
		Connection connection = this.commands.get(command);
		return connection != null && connection.offer(message);
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
			closeQuietly(channel);
			return;
		}
		long worker = -1;
		Connection connection = null;
		ScheduledFuture<?> helloTimeout = this.timer.schedule(() -> {
			logger.warn("Closed a control connection that sent no hello within " + Durations.print(HELLO_TIMEOUT));
			closeQuietly(channel);
		}, HELLO_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
		try {
			ControlMessage hello = channel.read();
			helloTimeout.cancel(false);
			if (ControlMessage.COMMAND.equals(hello.type())) {
				serveCommand(channel, hello, (accepted.pid() != null) ? accepted.pid() : hello.number("pid"));
				return;
			}
			worker = authenticate(hello);
			if (worker < 0) {
				return;
			}
			long id = worker;
			connection = new Connection("Worker " + worker, channel, () -> this.handler.onUnreachable(id));
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

	/**
	 * Serves a control command: answers its hello with the master's versions, or with why
	 * it is refused, then passes its requests to the handler until it goes.
	 * @param pid the command's pid: the kernel's where it tells, else its hello's
	 */
	private void serveCommand(ControlChannel channel, ControlMessage hello, long pid) throws IOException {
		if (!hasToken(hello)) {
			logger.warn("Rejected control command (pid {}): no valid token in its hello", pid);
			return;
		}
		if (hello.number("protocol") != PROTOCOL) {
			String rejected = "The master runs ClusterBoot " + ClusterBootVersion.get() + " (control protocol "
					+ PROTOCOL + "); the command runs " + hello.text("version") + " (control protocol "
					+ hello.number("protocol") + ")";
			logger.warn("Rejected control command (pid {}): {}", pid, rejected);
			channel.write(ControlMessage.reply(hello, Map.of(ControlMessage.REJECTED, rejected)));
			return;
		}
		Command command = new Command(this.commandIds.incrementAndGet(), pid);
		Connection connection = new Connection("Control command " + command.id(), channel,
				() -> closeQuietly(channel));
		this.commands.put(command.id(), connection);
		try {
			connection.startWriting(Thread.currentThread().getName() + "-writer");
			connection.offer(ControlMessage.reply(hello, Map.of("pid", ProcessHandle.current().pid(), "version",
					ClusterBootVersion.get(), "protocol", PROTOCOL)));
			while (!this.closed) {
				this.handler.onCommand(command, channel.read());
			}
		}
		finally {
			this.commands.remove(command.id());
			connection.close();
		}
	}

	private boolean hasToken(ControlMessage hello) {
		String presented = hello.text("token");
		return presented != null && MessageDigest.isEqual(presented.getBytes(StandardCharsets.UTF_8),
				this.token.getBytes(StandardCharsets.UTF_8));
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
		this.commands.values().forEach(Connection::close);
		this.timer.shutdownNow();
		Files.deleteIfExists(this.directory.resolve(INFO_FILE));
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

	/**
	 * An authenticated connection of a worker or a command, and the messages waiting to
	 * be written to it. The writer may block on a peer that does not read; nothing else
	 * does.
	 */
	private final class Connection {

		private final String peer;

		private final ControlChannel channel;

		private final Runnable onFull;

		private final BlockingQueue<ControlMessage> outbox = new ArrayBlockingQueue<>(OUTBOX_CAPACITY);

		private final AtomicBoolean full = new AtomicBoolean();

		Connection(String peer, ControlChannel channel, Runnable onFull) {
			this.peer = peer;
			this.channel = channel;
			this.onFull = onFull;
		}

		void startWriting(String name) {
			daemon(name).newThread(this::writeMessages).start();
		}

		boolean offer(ControlMessage message) {
			if (this.outbox.offer(message)) {
				return true;
			}
			if (this.full.compareAndSet(false, true)) {
				logger.warn(this.peer + " does not read its control messages: " + OUTBOX_CAPACITY + " are waiting");
				this.onFull.run();
			}
			return false;
		}

		boolean offerIfRoom(ControlMessage message) {
			// the size counts the master's messages too: forwarded ones never take the rest
			return this.outbox.size() < FORWARDED_CAPACITY && this.outbox.offer(message);
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
				logger.debug("Could not write to " + this.peer, ex);
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
