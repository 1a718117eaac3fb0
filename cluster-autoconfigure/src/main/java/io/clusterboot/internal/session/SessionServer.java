package io.clusterboot.internal.session;

import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
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
import java.util.concurrent.atomic.AtomicReference;

import io.clusterboot.internal.ipc.MalformedMessageException;
import io.clusterboot.internal.session.SessionProtocol.Numbered;
import io.clusterboot.internal.session.SessionReply.Found;
import io.clusterboot.internal.session.SessionReply.Rejected;
import io.clusterboot.internal.session.SessionReply.TooLarge;
import io.clusterboot.internal.session.SessionReply.Welcome;
import io.clusterboot.internal.session.SessionRequest.Delete;
import io.clusterboot.internal.session.SessionRequest.Find;
import io.clusterboot.internal.session.SessionRequest.HandOver;
import io.clusterboot.internal.session.SessionRequest.Hello;
import io.clusterboot.internal.session.SessionRequest.Save;
import io.clusterboot.internal.support.Durations;
import io.clusterboot.internal.support.ProcessUser;
import jdk.net.ExtendedSocketOptions;
import jdk.net.UnixDomainPrincipal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The master's end of the session store: a Unix domain socket of its own
 * ({@value #SOCKET_FILE}, in the master's private directory beside the control socket),
 * so that session traffic at full load never waits ahead of what the master supervises
 * (signals, heartbeats, exits), and the master's event loop never serves a session.
 * <p>
 * One thread serves every connection, without blocking on any: it reads what each
 * holds, applies saves and deletes at once, and answers a find only after it read once
 * more everything every connection held: a save that was written before the find was
 * sent, by any worker, is applied before the find is answered. That is what lets a
 * worker write its save without waiting for a reply ({@link Welcome#confirmSaves()}):
 * once its request's response reached the client, whatever the client sends next, to any
 * worker, finds the save. Replies to what arrived together go out in one write; a worker
 * that does not read them is disconnected once {@link #MAX_UNWRITTEN_BYTES} more wait.
 * <p>
 * A process of another user (the kernel tells, {@code SO_PEERCRED}) is turned away at
 * once; a connection must then say hello with the cluster's token (the control channel's)
 * within {@link #HELLO_TIMEOUT}. A wrong token, a malformed frame or no hello in time is
 * logged and closes that connection only.
 * <p>
 * Across a master upgrade the sessions have one store at a time: the new master's server
 * passes its workers' requests on to the old master's store ({@link PredecessorSessions}),
 * waiting for each answer, and asks them to wait for each save's confirmation meanwhile,
 * until the old master, once its workers are gone, {@link #stopServing stops answering}
 * ({@link SessionReply#MOVED} from then on) and {@link #handOver hands every session
 * over}.
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
	 * How many bytes of replies may wait for a worker to read them beyond one frame of
	 * the largest size: far more than a worker's reader thread falls behind in a
	 * collector's pause, so that only one that stopped reading is disconnected.
	 */
	static final int MAX_UNWRITTEN_BYTES = 32 * 1024 * 1024;

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

	private final UserPrincipal user;

	private final ServerSocketChannel listener;

	private final Selector selector;

	private final ScheduledExecutorService timer;

	private final Thread loop;

	/**
	 * The connections the loop serves.
	 */
	private final Set<Connection> connections = new HashSet<>();

	/**
	 * Every open channel, those the loop serves and the successor's, to close them all.
	 */
	private final Set<FrameChannel> channels = ConcurrentHashMap.newKeySet();

	private final AtomicReference<Successor> successor = new AtomicReference<>();

	private int accepted;

	/**
	 * Whether the workers confirm their saves: while the sessions are the predecessor's.
	 */
	private boolean confirmSaves;

	/**
	 * Asks the loop to stop answering from the store, once it read what every connection
	 * held, and to complete with the sessions then.
	 */
	private volatile CompletableFuture<List<StoredSession>> stopping;

	/**
	 * Whether the store stopped answering: its sessions moved to the next master or into
	 * the file. Only the loop answers from the store.
	 */
	private boolean moved;

	private volatile boolean closed;

	private SessionServer(Path socketPath, String token, SessionStore store, PredecessorSessions predecessor,
			Duration helloTimeout) throws IOException {
		this.socketPath = socketPath;
		this.token = token.getBytes(StandardCharsets.UTF_8);
		this.store = store;
		this.predecessor = predecessor;
		this.confirmSaves = predecessor != null;
		this.helloTimeout = helloTimeout;
		this.user = ProcessUser.current();
		this.selector = Selector.open();
		this.listener = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
		try {
			this.listener.bind(UnixDomainSocketAddress.of(socketPath));
			this.listener.configureBlocking(false);
			this.listener.register(this.selector, SelectionKey.OP_ACCEPT);
		}
		catch (IOException ex) {
			this.listener.close();
			this.selector.close();
			throw ex;
		}
		this.timer = Executors.newSingleThreadScheduledExecutor((task) -> thread("cluster-sessions-timer", task));
		this.loop = thread("cluster-sessions", this::serve);
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
		server.loop.start();
		if (predecessor != null) {
			predecessor.whenTaken(server.selector::wakeup);
		}
		return server;
	}

	/**
	 * Returns where the server listens.
	 * @return the socket's path
	 */
	public Path socketPath() {
		return this.socketPath;
	}

	/**
	 * The loop: each pass reads everything every ready connection holds, and answers the
	 * finds of the pass before, which this pass's reads ordered after every save written
	 * before them.
	 */
	private void serve() {
		List<Request> finds = new ArrayList<>();
		try {
			while (!this.closed) {
				CompletableFuture<List<StoredSession>> stopAsked = this.stopping;
				if (finds.isEmpty() && (stopAsked == null || this.moved)) {
					this.selector.select(untilHelloDeadline());
				}
				else {
					this.selector.selectNow();
				}
				List<Request> arrived = new ArrayList<>();
				List<Request> handOvers = new ArrayList<>();
				for (SelectionKey key : this.selector.selectedKeys()) {
					if (key.isValid() && key.isAcceptable()) {
						accept();
					}
					else if (key.isValid()) {
						Connection connection = (Connection) key.attachment();
						if (key.isReadable()) {
							read(connection, arrived, handOvers);
						}
						if (key.isValid() && key.isWritable()) {
							flush(connection);
						}
					}
				}
				this.selector.selectedKeys().clear();
				for (Request handOver : handOvers) {
					handOverLater(handOver.connection(), handOver.id());
				}
				for (Request find : finds) {
					find.connection().reply(find.id(), answer(find.message()));
				}
				finds = arrived;
				if (stopAsked != null && !this.moved) {
					// this pass read everything written before the stop was asked for
					this.moved = true;
					stopAsked.complete(this.store.snapshot());
				}
				afterPass();
			}
		}
		catch (IOException | RuntimeException ex) {
			if (!this.closed) {
				logger.error("The session store stopped serving", ex);
			}
		}
		finally {
			List.copyOf(this.connections).forEach(this::close);
			closeQuietly(this.selector);
		}
	}

	private long untilHelloDeadline() {
		long now = System.nanoTime();
		long wait = 0;
		for (Connection connection : this.connections) {
			if (!connection.welcomed) {
				long left = Math.max(1, TimeUnit.NANOSECONDS.toMillis(connection.helloDeadline - now) + 1);
				wait = (wait == 0) ? left : Math.min(wait, left);
			}
		}
		return wait;
	}

	private void accept() {
		SocketChannel socket = null;
		try {
			socket = this.listener.accept();
			if (socket == null) {
				return;
			}
			int number = ++this.accepted;
			UserPrincipal peer = peerUser(socket);
			if (peer != null && !peer.equals(this.user)) {
				logger.warn("Rejected session store connection {} of user {}: not the master's user", number,
						peer.getName());
				closeQuietly(socket);
				return;
			}
			socket.configureBlocking(false);
			Connection connection = new Connection(number, socket, System.nanoTime() + this.helloTimeout.toNanos());
			connection.key = socket.register(this.selector, SelectionKey.OP_READ, connection);
			this.connections.add(connection);
			this.channels.add(connection.channel);
		}
		catch (IOException ex) {
			logger.warn("Could not accept a session store connection: {}", ex.toString());
			if (socket != null) {
				closeQuietly(socket);
			}
		}
	}

	private static UserPrincipal peerUser(SocketChannel socket) {
		try {
			UnixDomainPrincipal peer = socket.getOption(ExtendedSocketOptions.SO_PEERCRED);
			return peer.user();
		}
		catch (IOException | UnsupportedOperationException ex) {
			return null;
		}
	}

	/**
	 * Reads and handles every frame the connection holds.
	 */
	private void read(Connection connection, List<Request> finds, List<Request> handOvers) {
		try {
			ByteBuffer frame;
			while ((frame = connection.channel.poll(maxFrameBytes(connection))) != null) {
				Numbered<SessionRequest> request = SessionProtocol.decodeRequest(frame);
				if (!connection.welcomed) {
					welcome(connection, request);
				}
				else if (request.message() instanceof HandOver) {
					handOvers.add(new Request(connection, request.id(), request.message()));
				}
				else {
					handle(connection, new Request(connection, request.id(), request.message()), finds);
				}
				if (!connection.key.isValid() || !handOvers.isEmpty() && handOvers.get(handOvers.size() - 1)
					.connection() == connection) {
					// closed, or it waits for the sessions: nothing more to read now
					return;
				}
			}
		}
		catch (MalformedMessageException ex) {
			logger.warn("Closed session store connection {}: {}", connection.number, ex.getMessage());
			close(connection);
		}
		catch (EOFException | ClosedChannelException ex) {
			// the worker went away
			close(connection);
		}
		catch (IOException ex) {
			logger.debug("Session store connection {} failed", connection.number, ex);
			close(connection);
		}
		catch (RuntimeException ex) {
			logger.error("Closed session store connection {}: it could not be served", connection.number, ex);
			close(connection);
		}
	}

	private int maxFrameBytes(Connection connection) {
		return connection.welcomed ? SessionProtocol.maxFrameBytes(this.store.maxSessionBytes())
				: SessionProtocol.MAX_HELLO_BYTES;
	}

	private void welcome(Connection connection, Numbered<SessionRequest> first) {
		String refusal = refusal(first.message());
		if (refusal != null) {
			logger.warn("Rejected session store connection {}: {}", connection.number, refusal);
			connection.reply(first.id(), new Rejected(refusal));
			flush(connection);
			close(connection);
			return;
		}
		connection.welcomed = true;
		connection.reply(first.id(), new Welcome(this.store.maxSessionBytes(), this.confirmSaves));
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

	private void handle(Connection connection, Request request, List<Request> finds) {
		SessionRequest message = request.message();
		if (message instanceof Find) {
			finds.add(request);
		}
		else if (message instanceof Save save) {
			SessionReply reply = answer(save);
			if (save.confirm() || reply instanceof TooLarge || reply instanceof Rejected) {
				connection.reply(request.id(), reply);
			}
		}
		else {
			connection.reply(request.id(), answer(message));
		}
	}

	/**
	 * Gives a new master's request for the sessions a thread of its own, which keeps it
	 * until this master stops or that master goes away.
	 */
	private void handOverLater(Connection connection, long id) {
		if (!connection.key.isValid()) {
			return;
		}
		this.connections.remove(connection);
		connection.key.cancel();
		try {
			// deregisters the channel, so that it may block; what else it finds ready waits for the next pass
			this.selector.selectNow();
			connection.socket.configureBlocking(true);
		}
		catch (IOException ex) {
			logger.warn("Closed the connection of the master that replaces this one: {}", ex.toString());
			this.channels.remove(connection.channel);
			closeQuietly(connection.channel);
			return;
		}
		List<ByteBuffer> welcome = List.copyOf(connection.output);
		thread("cluster-sessions-hand-over", () -> awaitEnd(connection.channel, welcome, id)).start();
	}

	/**
	 * Keeps a new master's request for the sessions until this master stops
	 * ({@link #handOver}), or until that master goes away: an upgrade that failed.
	 * @param welcome what the loop had yet to write to that master: the reply to its
	 * hello
	 */
	private void awaitEnd(FrameChannel channel, List<ByteBuffer> welcome, long id) {
		Successor asking = new Successor(channel, id);
		try {
			if (!welcome.isEmpty()) {
				channel.write(welcome);
			}
			if (!this.successor.compareAndSet(null, asking)) {
				channel.write(
						List.of(SessionProtocol.encode(id, new Rejected("another master takes the sessions over"))));
				return;
			}
			logger.info("The master that replaces this one asked for the sessions: it gets them once this "
					+ "master's workers are gone");
			channel.read(SessionProtocol.MAX_HELLO_BYTES);
			logger.warn("Closed the connection of the master that replaces this one: a request after a hand-over");
		}
		catch (IOException ex) {
			// that master went away
		}
		finally {
			this.successor.compareAndSet(asking, null);
			asking.gone().complete(null);
			this.channels.remove(channel);
			closeQuietly(channel);
		}
	}

	/**
	 * Tells the workers to stop confirming saves once the predecessor's sessions are in
	 * this store, closes the connections that said no hello in time, and writes replies.
	 */
	private void afterPass() {
		if (this.confirmSaves && this.predecessor.isTaken()) {
			this.confirmSaves = false;
			for (Connection connection : this.connections) {
				if (connection.welcomed) {
					connection.reply(SessionProtocol.NOTICE_ID, new Welcome(this.store.maxSessionBytes(), false));
				}
			}
		}
		long now = System.nanoTime();
		for (Connection connection : List.copyOf(this.connections)) {
			if (!connection.welcomed && now - connection.helloDeadline > 0) {
				logger.warn("Closed session store connection {}: no hello within {}", connection.number,
						Durations.print(this.helloTimeout));
				close(connection);
			}
			else if (!connection.output.isEmpty() && (connection.key.interestOps() & SelectionKey.OP_WRITE) == 0) {
				flush(connection);
			}
		}
	}

	/**
	 * Writes what the connection takes now of its replies; waits to write the rest when
	 * it takes more, or closes it if too much waits.
	 */
	private void flush(Connection connection) {
		if (!connection.key.isValid()) {
			return;
		}
		try {
			if (connection.channel.flush(connection.output)) {
				connection.key.interestOps(SelectionKey.OP_READ);
				return;
			}
			connection.key.interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
			long unwritten = connection.output.stream().mapToLong(ByteBuffer::remaining).sum();
			if (unwritten > MAX_UNWRITTEN_BYTES + SessionProtocol.maxFrameBytes(this.store.maxSessionBytes())) {
				logger.warn("Closed session store connection {}: it does not read its replies ({} bytes wait)",
						connection.number, unwritten);
				close(connection);
			}
		}
		catch (IOException ex) {
			logger.debug("Session store connection {} failed", connection.number, ex);
			close(connection);
		}
	}

	private void close(Connection connection) {
		this.connections.remove(connection);
		this.channels.remove(connection.channel);
		connection.key.cancel();
		closeQuietly(connection.channel);
	}

	/**
	 * Stops answering from the store, once every save the workers wrote is in it:
	 * requests get {@link SessionReply#MOVED} from then on. Called once this master's
	 * workers are gone, before the sessions go to the next master or into the file.
	 * @return the sessions, every save applied; none if the loop does not answer in time
	 */
	List<StoredSession> stopServing() {
		CompletableFuture<List<StoredSession>> stopped = new CompletableFuture<>();
		this.stopping = stopped;
		this.selector.wakeup();
		try {
			return stopped.get(HAND_OVER_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (ExecutionException | TimeoutException ex) {
			logger.warn("The session store did not stop serving within {}: its sessions are lost",
					Durations.print(HAND_OVER_TIMEOUT));
			return List.of();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return List.of();
		}
	}

	/**
	 * Hands the sessions over to the master that replaces this one, if it asked for
	 * them.
	 * @param sessions the sessions, from {@link #stopServing()}
	 * @return whether the new master has them: it confirmed, by closing its connection,
	 * within {@link #HAND_OVER_TIMEOUT}
	 */
	boolean handOver(List<StoredSession> sessions) {
		Successor asking = this.successor.get();
		if (asking == null) {
			return false;
		}
		ScheduledFuture<?> timeout = this.timer.schedule(() -> closeQuietly(asking.channel()),
				HAND_OVER_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
		try {
			SessionStream.write(asking.channel(), asking.id(), sessions);
			asking.gone().get(HAND_OVER_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
			logger.info("Handed {} session(s) over to the master that replaces this one", sessions.size());
			return true;
		}
		catch (IOException | ExecutionException | TimeoutException ex) {
			logger.warn("Could not hand the sessions over to the master that replaces this one: {}", ex.toString());
			return false;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
		finally {
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
		return this.moved ? SessionReply.MOVED : answerFromStore(request);
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
	 * A connection the loop serves.
	 */
	private static final class Connection {

		private final int number;

		private final SocketChannel socket;

		private final FrameChannel channel;

		private final long helloDeadline;

		private final Deque<ByteBuffer> output = new ArrayDeque<>();

		private SelectionKey key;

		private boolean welcomed;

		Connection(int number, SocketChannel socket, long helloDeadline) {
			this.number = number;
			this.socket = socket;
			this.channel = new FrameChannel(socket);
			this.helloDeadline = helloDeadline;
		}

		void reply(long id, SessionReply reply) {
			this.output.add(SessionProtocol.encode(id, reply));
		}

	}

	/**
	 * A request, and the connection that made it.
	 *
	 * @param connection the connection
	 * @param id the request's id
	 * @param message the request
	 */
	private record Request(Connection connection, long id, SessionRequest message) {
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
		this.selector.wakeup();
		try {
			this.loop.join(HAND_OVER_TIMEOUT.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		this.listener.close();
		this.channels.forEach(SessionServer::closeQuietly);
		this.timer.shutdownNow();
		Files.deleteIfExists(this.socketPath);
	}

}
