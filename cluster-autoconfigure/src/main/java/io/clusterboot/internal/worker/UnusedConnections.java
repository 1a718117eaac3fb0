package io.clusterboot.internal.worker;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import java.util.function.Predicate;

/**
 * The connections a web server accepted that have not begun a request yet. They are not
 * idle: their client is about to send one, after its TLS handshake, which a worker short
 * of CPU may take a while to answer; closing such a connection fails that request (the
 * client sees its handshake or its first request cut). So the drain waits for them as for
 * busy ones, each for at most {@link #FIRST_REQUEST_WAIT} after its accept: a client that
 * opens a connection and sends nothing on it (a browser's preconnect) does not hold a
 * retiring worker longer.
 *
 * @param <C> the type of a connection
 * @author ClusterBoot team
 */
public final class UnusedConnections<C> {

	/**
	 * How long after its accept a connection without a request is waited for.
	 */
	static final Duration FIRST_REQUEST_WAIT = Duration.ofSeconds(10);

	private static final long FORGET_INTERVAL_NANOS = Duration.ofSeconds(1).toNanos();

	private final Map<C, Long> acceptedAt = new ConcurrentHashMap<>();

	private final Predicate<C> open;

	private final LongSupplier nanoClock;

	private volatile long lastForgotten;

	/**
	 * Creates an empty set.
	 * @param open tells whether a connection is still open
	 */
	public UnusedConnections(Predicate<C> open) {
		this(open, System::nanoTime);
	}

	UnusedConnections(Predicate<C> open, LongSupplier nanoClock) {
		this.open = open;
		this.nanoClock = nanoClock;
		this.lastForgotten = nanoClock.getAsLong();
	}

	/**
	 * Adds a connection just accepted, and forgets those closed or waited for long
	 * enough, at most once a second, so that connections closed without a request are
	 * not kept and an accept does not look at every connection.
	 * @param connection the connection
	 */
	public void accepted(C connection) {
		long now = this.nanoClock.getAsLong();
		if (now - this.lastForgotten >= FORGET_INTERVAL_NANOS) {
			this.lastForgotten = now;
			forgetClosedAndExpired();
		}
		this.acceptedAt.put(connection, now);
	}

	/**
	 * Removes a connection that has begun a request.
	 * @param connection the connection
	 */
	public void used(C connection) {
		this.acceptedAt.remove(connection);
	}

	/**
	 * Returns how many connections are open, have not begun a request, and were accepted
	 * less than {@link #FIRST_REQUEST_WAIT} ago.
	 * @return the number of unused connections
	 */
	public long count() {
		forgetClosedAndExpired();
		return this.acceptedAt.size();
	}

	private void forgetClosedAndExpired() {
		long now = this.nanoClock.getAsLong();
		long wait = FIRST_REQUEST_WAIT.toNanos();
		this.acceptedAt.entrySet()
			.removeIf((accepted) -> now - accepted.getValue() >= wait || !this.open.test(accepted.getKey()));
	}

}
