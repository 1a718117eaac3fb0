package io.clusterboot.internal.session;

import java.io.Closeable;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

import io.clusterboot.internal.session.SessionReply.Found;
import io.clusterboot.internal.session.SessionReply.Rejected;
import io.clusterboot.internal.session.SessionReply.TooLarge;
import io.clusterboot.internal.session.SessionRequest.Delete;
import io.clusterboot.internal.session.SessionRequest.Find;
import io.clusterboot.internal.support.Durations;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A worker's client of the master's session store: finds, saves and deletes sessions
 * from any thread, each request bounded by a timeout, over one {@link SessionConnection}
 * at a time. The calling thread writes its request (a small frame that the socket takes
 * at once while the master reads) and gets a future of the reply. A request after the connection failed opens a
 * new one: a master that closed a connection it found malformed does not leave the
 * worker without sessions.
 * <p>
 * Every failure is a {@link SessionStoreException} that says what went wrong: the
 * master cannot be reached, it did not answer in time, it refused the request, or the
 * session is too large.
 *
 * @author ClusterBoot team
 */
public final class SessionClient implements Closeable {

	/**
	 * How long a request waits for its reply unless told otherwise.
	 */
	public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

	private static final Logger logger = LoggerFactory.getLogger(SessionClient.class);

	private final Path socketPath;

	private final String token;

	private final Duration timeout;

	private volatile SessionConnection connection;

	private boolean closed;

	/**
	 * Creates a client that connects at its first request.
	 * @param socketPath the master's session socket ({@link SessionServer#SOCKET_FILE})
	 * @param token the cluster's token
	 * @param timeout how long a request waits for its reply
	 */
	public SessionClient(Path socketPath, String token, Duration timeout) {
		this.socketPath = socketPath;
		this.token = token;
		this.timeout = timeout;
	}

	/**
	 * Finds a session.
	 * @param id the session's id
	 * @return the session, or {@code null} if it is unknown or expired
	 */
	CompletableFuture<StoredSession> find(String id) {
		return request((connection) -> connection.send(new Find(id)), (reply) -> (reply instanceof Found found) ? found.session() : null);
	}

	/**
	 * Saves a request's changes to a session. A session that expired or was deleted
	 * meanwhile is not created again: the save is dropped.
	 * @param change the changes
	 * @param size the session's size with them, as far as the worker knows: a larger
	 * one than the store keeps is refused without a round trip
	 * @return completes once every other worker's next find sees them: once they are
	 * written, or, while the master asks for confirmations, once it applied them; fails
	 * with a {@link SessionStoreException} if the master refused them as too large, and
	 * keeps the session as it was
	 */
	CompletableFuture<Void> save(SessionChange change, long size) {
		return request((connection) -> connection.save(change, size), (reply) -> {
			if (reply == SessionReply.ABSENT) {
				logger.debug("Dropped the changes of a session that expired or was deleted meanwhile: {}", change);
			}
			return null;
		});
	}

	/**
	 * Deletes a session.
	 * @param id the session's id
	 * @return completes once the master deleted it
	 */
	CompletableFuture<Void> delete(String id) {
		return request((connection) -> connection.send(new Delete(id)), (reply) -> null);
	}

	private <T> CompletableFuture<T> request(Function<SessionConnection, CompletableFuture<SessionReply>> request,
			Function<SessionReply, T> result) {
		CompletableFuture<SessionReply> reply;
		try {
			reply = request.apply(connection());
		}
		catch (SessionStoreException ex) {
			return CompletableFuture.failedFuture(ex);
		}
		return reply.handle((answer, failure) -> {
			if (failure != null) {
				throw failed(failure);
			}
			if (answer instanceof TooLarge tooLarge) {
				throw new SessionStoreException("The session (" + tooLarge.size() + " bytes with this request's "
						+ "changes) is larger than the cluster's session store keeps: " + tooLarge.limit()
						+ " bytes (cluster.sessions.max-session-size); it keeps the session as it was", null);
			}
			if (answer instanceof Rejected rejected) {
				throw new SessionStoreException(
						"The cluster's session store refused a request: " + rejected.reason(), null);
			}
			return result.apply(answer);
		});
	}

	private SessionStoreException failed(Throwable failure) {
		Throwable cause = (failure instanceof CompletionException) ? failure.getCause() : failure;
		if (cause instanceof SessionStoreException storeFailure) {
			return storeFailure;
		}
		if (cause instanceof TimeoutException) {
			return new SessionStoreException("The cluster's session store (the master) did not answer within "
					+ Durations.print(this.timeout), cause);
		}
		return new SessionStoreException("The cluster's session store failed: " + cause, cause);
	}

	private SessionConnection connection() {
		SessionConnection current = this.connection;
		return (current != null && !current.hasFailed()) ? current : reconnect();
	}

	private synchronized SessionConnection reconnect() {
		if (this.closed) {
			throw new SessionStoreException("The session store client is closed", null);
		}
		if (this.connection == null || this.connection.hasFailed()) {
			this.connection = SessionConnection.open(this.socketPath, this.token, this.timeout);
		}
		return this.connection;
	}

	/**
	 * Closes the connection; pending requests fail.
	 */
	@Override
	public synchronized void close() {
		this.closed = true;
		if (this.connection != null) {
			this.connection.close();
		}
	}

}
