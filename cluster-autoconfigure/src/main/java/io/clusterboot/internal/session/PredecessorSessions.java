package io.clusterboot.internal.session;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.clusterboot.internal.session.SessionProtocol.Numbered;
import io.clusterboot.internal.session.SessionReply.Rejected;
import io.clusterboot.internal.session.SessionReply.Welcome;
import io.clusterboot.internal.session.SessionRequest.HandOver;
import io.clusterboot.internal.session.SessionRequest.Hello;
import io.clusterboot.internal.session.SessionRequest.Save;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sessions of the master a new master replaces in an upgrade, taken over with one
 * authority at a time. Until the old master stops, its store stays the sessions' only
 * store: the new master's session server forwards every request of its workers to it
 * ({@link #forward}), while the old workers still use it directly. A connection of its
 * own asks the old master to {@link HandOver hand over}; the old master answers once its
 * last worker is gone, with every session, and from then on answers
 * {@link SessionReply#MOVED}. Once the run of sessions is in this master's store, this
 * master answers every request itself; a request the old master turned away meanwhile
 * waits for that.
 * <p>
 * If the old master dies without handing over, its sessions are lost with it, and this
 * master answers from its own store from then on: a warning says so.
 *
 * @author ClusterBoot team
 */
final class PredecessorSessions {

	private static final Logger logger = LoggerFactory.getLogger(PredecessorSessions.class);

	private static final long HAND_OVER_ID = 1;

	private final Path socketPath;

	private final String token;

	private final Duration timeout;

	private final SessionStore store;

	private final CompletableFuture<Integer> taken = new CompletableFuture<>();

	private final SessionConnection forwarding;

	private PredecessorSessions(Path socketPath, String token, Duration timeout, SessionStore store) {
		this.socketPath = socketPath;
		this.token = token;
		this.timeout = timeout;
		this.store = store;
		this.forwarding = SessionConnection.open(socketPath, token, timeout);
	}

	/**
	 * Starts taking over the sessions of the master this one replaces.
	 * @param socketPath the old master's session socket
	 * @param token the old master's token
	 * @param timeout how long a forwarded request waits for its answer
	 * @param store this master's store, which receives the sessions
	 * @return the sessions being taken over, or {@code null} if the old master keeps none
	 */
	static PredecessorSessions start(Path socketPath, String token, Duration timeout, SessionStore store) {
		PredecessorSessions sessions;
		try {
			sessions = new PredecessorSessions(socketPath, token, timeout, store);
		}
		catch (SessionStoreException ex) {
			logger.info("The master this one replaces keeps no sessions ({}): this master starts with none",
					ex.getCause().toString());
			return null;
		}
		Thread thread = new Thread(sessions::takeOver, "cluster-sessions-take-over");
		thread.setDaemon(true);
		thread.start();
		return sessions;
	}

	/**
	 * Returns whether the sessions are in this master's store, or lost with the old
	 * master: this master answers every request from then on.
	 * @return whether the take-over ended
	 */
	boolean isTaken() {
		return this.taken.isDone();
	}

	/**
	 * Runs an action once the take-over ended ({@link #isTaken()}).
	 * @param action the action
	 */
	void whenTaken(Runnable action) {
		this.taken.thenRun(action);
	}

	/**
	 * Answers a worker's request from the old master's store while it has the sessions.
	 * @param request the request
	 * @return the old master's answer, or {@code null} once the sessions are in this
	 * master's store: then this master answers
	 */
	SessionReply forward(SessionRequest request) {
		if (isTaken()) {
			return null;
		}
		SessionReply reply;
		try {
			// a save passed on is always confirmed: the worker waits for it
			SessionRequest passed = (request instanceof Save save) ? new Save(save.change(), true) : request;
			reply = this.forwarding.send(passed).get();
		}
		catch (ExecutionException ex) {
			reply = null;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return new Rejected("interrupted");
		}
		if (reply != null && reply != SessionReply.MOVED) {
			return reply;
		}
		// the sessions are on their way, or the old master is gone
		try {
			this.taken.get(this.timeout.toNanos(), TimeUnit.NANOSECONDS);
			return null;
		}
		catch (TimeoutException | ExecutionException ex) {
			return new Rejected("the master this one replaces neither answered nor handed its sessions over");
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return new Rejected("interrupted");
		}
	}

	/**
	 * Asks for the sessions and waits for them: for as long as the old master runs.
	 */
	private void takeOver() {
		int count = 0;
		SocketChannel socket = null;
		try {
			socket = SocketChannel.open(StandardProtocolFamily.UNIX);
			socket.connect(UnixDomainSocketAddress.of(this.socketPath));
			FrameChannel channel = new FrameChannel(socket);
			channel.write(List.of(SessionProtocol.encode(0, new Hello(SessionProtocol.VERSION, this.token)),
					SessionProtocol.encode(HAND_OVER_ID, new HandOver())));
			Numbered<SessionReply> welcome = SessionProtocol
				.decodeReply(channel.read(SessionProtocol.MAX_HELLO_BYTES));
			if (!(welcome.message() instanceof Welcome)) {
				throw new IOException("it refused the connection: " + welcome.message());
			}
			int[] restored = new int[1];
			count = SessionStream.read(channel, HAND_OVER_ID, (session) -> {
				if (this.store.restore(session)) {
					restored[0]++;
				}
			});
			logger.info("Took over {} session(s) from the master this one replaced{}", restored[0],
					(restored[0] < count) ? " (" + (count - restored[0]) + " had expired or were too large)" : "");
		}
		catch (IOException ex) {
			logger.warn("The master this one replaced did not hand its sessions over ({}): the sessions it held "
					+ "are lost; this master keeps the sessions from now on", ex.toString());
		}
		finally {
			this.taken.complete(count);
			// before the old master learns, from the hand-over connection's end, that it may close
			this.forwarding.close();
			closeQuietly(socket);
		}
	}

	private static void closeQuietly(SocketChannel socket) {
		try {
			if (socket != null) {
				socket.close();
			}
		}
		catch (IOException ex) {
			// nothing more to do
		}
	}

}
