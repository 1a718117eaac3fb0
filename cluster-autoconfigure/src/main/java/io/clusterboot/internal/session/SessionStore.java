package io.clusterboot.internal.session;

import java.time.Clock;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiFunction;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.RemovalCause;
import com.github.benmanes.caffeine.cache.Ticker;
import io.clusterboot.internal.session.SessionReply.TooLarge;
import io.clusterboot.status.ClusterStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The master's sessions, as opaque bytes, bounded in time and in space by Caffeine. A
 * session expires once it went without a save for its own max-inactive-interval: every
 * request that uses a session saves at least its last access, so the interval counts
 * from the end of its last request. The master's ticker counts it, not the workers'
 * wall clocks. A session never grows beyond {@code maxSessionBytes}: a save that would
 * make it larger is refused and counted, and the session stays as it was. Together they
 * never hold more than {@code maxBytes} (each weighs its {@link SessionProtocol#size
 * size}): beyond, Caffeine evicts the sessions least likely to be used again (its
 * W-TinyLFU policy, which weighs how recently and how often each was used); evictions
 * are counted and logged at most every {@value #EVICTION_LOG_SECONDS} seconds.
 * <p>
 * The threads that call it do Caffeine's upkeep, not a pool shared with anything else,
 * so that the master runs no thread it does not own.
 *
 * @author ClusterBoot team
 */
public final class SessionStore {

	private static final Logger logger = LoggerFactory.getLogger(SessionStore.class);

	static final long EVICTION_LOG_SECONDS = 10;

	private final Cache<String, StoredSession> sessions;

	private final long maxBytes;

	private final int maxSessionBytes;

	private final Ticker ticker;

	private final Clock wallClock;

	private final AtomicLong evicted = new AtomicLong();

	private final AtomicLong expired = new AtomicLong();

	private final AtomicLong rejected = new AtomicLong();

	private final AtomicLong lastEvictionLog;

	/**
	 * Creates an empty store.
	 * @param maxBytes the most its sessions weigh together, in bytes
	 * @param maxSessionBytes the largest session it keeps, in bytes
	 */
	public SessionStore(long maxBytes, int maxSessionBytes) {
		this(maxBytes, maxSessionBytes, Ticker.systemTicker(), Clock.systemUTC());
	}

	SessionStore(long maxBytes, int maxSessionBytes, Ticker ticker, Clock wallClock) {
		if (maxSessionBytes <= 0 || maxSessionBytes > maxBytes) {
			throw new IllegalArgumentException("The largest session (" + maxSessionBytes
					+ " bytes) must be positive and fit in the store (" + maxBytes + " bytes)");
		}
		this.maxBytes = maxBytes;
		this.maxSessionBytes = maxSessionBytes;
		this.ticker = ticker;
		this.wallClock = wallClock;
		this.lastEvictionLog = new AtomicLong(ticker.read() - Duration.ofSeconds(EVICTION_LOG_SECONDS).toNanos());
		this.sessions = Caffeine.newBuilder()
			.ticker(ticker)
			.executor(Runnable::run)
			.maximumWeight(maxBytes)
			.weigher((String id, StoredSession session) -> (int) SessionProtocol.size(session))
			.expireAfter(Expiry.writing((String id, StoredSession session) -> lifetime(session)))
			.evictionListener((String id, StoredSession session, RemovalCause cause) -> removed(cause))
			.build();
	}

	private static Duration lifetime(StoredSession session) {
		Duration interval = session.maxInactiveInterval();
		return interval.isNegative() ? ChronoUnit.FOREVER.getDuration() : interval;
	}

	/**
	 * Returns the largest session the store keeps.
	 * @return the size in bytes
	 */
	int maxSessionBytes() {
		return this.maxSessionBytes;
	}

	/**
	 * Finds a session that has not expired. Reading it does not count as a use: the
	 * request's save does.
	 * @param id the session's id
	 * @return the session, or {@code null}
	 */
	StoredSession find(String id) {
		return this.sessions.getIfPresent(id);
	}

	/**
	 * Applies a worker's change to a session ({@link StoredSession#apply}), creating it
	 * only if the worker never saved it: one that expired or was deleted meanwhile stays
	 * gone, as Spring Session JDBC does. A change of id moves the session.
	 * @param change the change
	 * @return {@link SessionReply#DONE}, {@link SessionReply#ABSENT} if the session is
	 * gone, or {@link TooLarge} if it would grow beyond the limit, in which case it keeps
	 * its previous state
	 */
	SessionReply save(SessionChange change) {
		ConcurrentMap<String, StoredSession> map = this.sessions.asMap();
		StoredSession moved = null;
		if (change.previousId() != null) {
			moved = map.remove(change.previousId());
			if (moved == null && !change.created()) {
				return SessionReply.ABSENT;
			}
		}
		Merge merge = new Merge(change, moved);
		map.compute(change.id(), merge);
		if (merge.reply instanceof TooLarge && moved != null) {
			map.putIfAbsent(change.previousId(), moved);
		}
		return merge.reply;
	}

	/**
	 * Removes a session.
	 * @param id the session's id
	 */
	void delete(String id) {
		this.sessions.invalidate(id);
	}

	/**
	 * Returns every session the store holds, to hand them over or keep them on disk.
	 * @return the sessions, a copy
	 */
	List<StoredSession> snapshot() {
		return List.copyOf(this.sessions.asMap().values());
	}

	/**
	 * Takes a session in from another master, or from the file a previous master left,
	 * for what remains of its life: its max-inactive-interval from its last access, by
	 * the wall clock, since this master's ticker did not see it. A session that expired
	 * meanwhile, one larger than this store keeps, or one this store already holds (a
	 * later save) is left out.
	 * @param session the session
	 * @return whether the store took it
	 */
	boolean restore(StoredSession session) {
		Duration lifetime = lifetime(session);
		Duration idle = Duration.between(session.lastAccessedTime(), this.wallClock.instant());
		Duration remaining = idle.isNegative() ? lifetime : lifetime.minus(idle);
		if (remaining.isNegative() || remaining.isZero() || SessionProtocol.size(session) > this.maxSessionBytes) {
			return false;
		}
		return this.sessions.policy().expireVariably().orElseThrow().putIfAbsent(session.id(), session,
				remaining) == null;
	}

	/**
	 * Removes the sessions that expired and applies pending evictions, which Caffeine
	 * otherwise does only as sessions are used: a store nobody uses would show sessions
	 * that expired long ago. The session server's timer calls it, so that neither a
	 * worker's request nor the master's event loop waits for it.
	 */
	void cleanUp() {
		this.sessions.cleanUp();
	}

	/**
	 * Returns what the store holds and what it dropped, as of its last upkeep: cheap
	 * enough for the master's event loop.
	 * @return the statistics
	 */
	public ClusterStatus.Sessions statistics() {
		long bytes = this.sessions.policy().eviction().orElseThrow().weightedSize().orElse(0);
		return new ClusterStatus.Sessions(this.sessions.estimatedSize(), bytes, this.maxBytes, this.maxSessionBytes,
				this.evicted.get(), this.expired.get(), this.rejected.get());
	}

	private void removed(RemovalCause cause) {
		if (cause == RemovalCause.EXPIRED) {
			this.expired.incrementAndGet();
		}
		else if (cause == RemovalCause.SIZE) {
			long count = this.evicted.incrementAndGet();
			long now = this.ticker.read();
			long last = this.lastEvictionLog.get();
			if (now - last >= Duration.ofSeconds(EVICTION_LOG_SECONDS).toNanos()
					&& this.lastEvictionLog.compareAndSet(last, now)) {
				logger.warn("Evicted sessions to keep the session store within {} bytes "
						+ "(cluster.sessions.max-size), the least likely to be used again first: {} since the master "
						+ "started; their users lose what they held (a login, a cart)", this.maxBytes, count);
			}
		}
	}

	/**
	 * Merges a change into the session it names, under that session's lock.
	 */
	private final class Merge implements BiFunction<String, StoredSession, StoredSession> {

		private final SessionChange change;

		private final StoredSession moved;

		private SessionReply reply = SessionReply.DONE;

		Merge(SessionChange change, StoredSession moved) {
			this.change = change;
			this.moved = moved;
		}

		@Override
		public StoredSession apply(String id, StoredSession stored) {
			StoredSession base = (stored != null) ? stored : this.moved;
			if (base == null && !this.change.created()) {
				this.reply = SessionReply.ABSENT;
				return null;
			}
			StoredSession merged = (base != null) ? base.apply(this.change) : StoredSession.create(this.change);
			long size = SessionProtocol.size(merged);
			if (size > SessionStore.this.maxSessionBytes) {
				SessionStore.this.rejected.incrementAndGet();
				this.reply = new TooLarge(size, SessionStore.this.maxSessionBytes);
				return stored;
			}
			return merged;
		}

	}

}
