package io.clusterboot.internal.session;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import org.springframework.session.Session;
import org.springframework.session.SessionIdGenerator;

/**
 * A session of the cluster's store as a worker's request sees it, and what the request
 * changed: the attributes it set and removed, its times, its id. A save sends only that
 * ({@link SessionChange}), as Spring Session's JDBC repository does with its default
 * {@code SaveMode.ON_SET_ATTRIBUTE}: an attribute counts as changed when it is set, not
 * when it is read, so a value changed in place must be set again.
 * <p>
 * Attributes read from the store stay bytes until the request reads them. A value is
 * serialized once when it is set, so that one that cannot be fails there, naming the
 * attribute, and again at the save, since it may change meanwhile. Not thread-safe, like
 * Spring Session's own sessions: one request uses it.
 *
 * @author ClusterBoot team
 */
public final class ClusterSession implements Session {

	private final SessionAttributeSerializer serializer;

	private final SessionIdGenerator idGenerator;

	private final Instant creationTime;

	private final Map<String, byte[]> unread;

	private final Map<String, Object> values = new HashMap<>();

	private final Set<String> changed = new HashSet<>();

	private final Set<String> removed = new HashSet<>();

	private String id;

	/**
	 * The session as the store holds it, as far as this request knows; {@code null} until
	 * its first save.
	 */
	private StoredSession stored;

	private Instant lastAccessedTime;

	private Duration maxInactiveInterval;

	private boolean touched;

	private ClusterSession(SessionAttributeSerializer serializer, SessionIdGenerator idGenerator, String id,
			StoredSession stored, Instant creationTime, Instant lastAccessedTime, Duration maxInactiveInterval,
			Map<String, byte[]> unread) {
		this.serializer = serializer;
		this.idGenerator = idGenerator;
		this.id = id;
		this.stored = stored;
		this.creationTime = creationTime;
		this.lastAccessedTime = lastAccessedTime;
		this.maxInactiveInterval = maxInactiveInterval;
		this.unread = new HashMap<>(unread);
	}

	/**
	 * Makes a new session, which the store keeps from its first save.
	 * @param serializer serializes its attributes
	 * @param idGenerator makes its id, and a new one on {@link #changeSessionId()}
	 * @param maxInactiveInterval how long it lives without requests
	 * @return the session
	 */
	static ClusterSession create(SessionAttributeSerializer serializer, SessionIdGenerator idGenerator,
			Duration maxInactiveInterval) {
		Instant now = Instant.now();
		return new ClusterSession(serializer, idGenerator, idGenerator.generate(), null, now, now,
				maxInactiveInterval, Map.of());
	}

	/**
	 * Makes the session a request sees of one the store keeps.
	 * @param serializer reads and serializes its attributes
	 * @param idGenerator makes a new id on {@link #changeSessionId()}
	 * @param stored the stored session
	 * @return the session
	 */
	static ClusterSession of(SessionAttributeSerializer serializer, SessionIdGenerator idGenerator,
			StoredSession stored) {
		return new ClusterSession(serializer, idGenerator, stored.id(), stored, stored.creationTime(),
				stored.lastAccessedTime(), stored.maxInactiveInterval(), stored.attributes());
	}

	@Override
	public String getId() {
		return this.id;
	}

	@Override
	public String changeSessionId() {
		this.id = this.idGenerator.generate();
		this.touched = true;
		return this.id;
	}

	@Override
	@SuppressWarnings("unchecked")
	public <T> T getAttribute(String attributeName) {
		Object value = this.values.get(attributeName);
		if (value == null) {
			byte[] bytes = this.unread.remove(attributeName);
			if (bytes != null) {
				value = this.serializer.deserialize(attributeName, bytes);
				this.values.put(attributeName, value);
			}
		}
		return (T) value;
	}

	@Override
	public Set<String> getAttributeNames() {
		Set<String> names = new HashSet<>(this.values.keySet());
		names.addAll(this.unread.keySet());
		return names;
	}

	/**
	 * Sets an attribute, which must be serializable.
	 * @throws IllegalArgumentException naming the attribute and its class if the value
	 * cannot be serialized
	 */
	@Override
	public void setAttribute(String attributeName, Object attributeValue) {
		if (attributeValue == null) {
			removeAttribute(attributeName);
			return;
		}
		this.serializer.serialize(attributeName, attributeValue);
		this.unread.remove(attributeName);
		this.values.put(attributeName, attributeValue);
		this.changed.add(attributeName);
		this.removed.remove(attributeName);
	}

	@Override
	public void removeAttribute(String attributeName) {
		boolean read = this.values.remove(attributeName) != null;
		boolean unread = this.unread.remove(attributeName) != null;
		this.changed.remove(attributeName);
		if ((read || unread) && this.stored != null) {
			this.removed.add(attributeName);
		}
	}

	@Override
	public Instant getCreationTime() {
		return this.creationTime;
	}

	@Override
	public void setLastAccessedTime(Instant lastAccessedTime) {
		this.lastAccessedTime = lastAccessedTime;
		this.touched = true;
	}

	@Override
	public Instant getLastAccessedTime() {
		return this.lastAccessedTime;
	}

	@Override
	public void setMaxInactiveInterval(Duration interval) {
		this.maxInactiveInterval = interval;
		this.touched = true;
	}

	@Override
	public Duration getMaxInactiveInterval() {
		return this.maxInactiveInterval;
	}

	@Override
	public boolean isExpired() {
		return !this.maxInactiveInterval.isNegative()
				&& !Instant.now().minus(this.maxInactiveInterval).isBefore(this.lastAccessedTime);
	}

	/**
	 * Returns what the request changed, the values it set serialized now.
	 * @return the change to save, or {@code null} if there is none: the session was
	 * saved and nothing changed since
	 * @throws IllegalArgumentException naming the attribute and its class if a value
	 * set no longer serializes
	 */
	SessionChange changes() {
		boolean created = this.stored == null;
		if (!created && !this.touched && this.changed.isEmpty() && this.removed.isEmpty()) {
			return null;
		}
		Map<String, byte[]> serialized = new HashMap<>();
		for (String name : this.changed) {
			serialized.put(name, this.serializer.serialize(name, this.values.get(name)));
		}
		String previousId = (!created && !this.stored.id().equals(this.id)) ? this.stored.id() : null;
		return new SessionChange(this.id, previousId, created, this.creationTime, this.lastAccessedTime,
				this.maxInactiveInterval, serialized, this.removed);
	}

	/**
	 * Returns the session as the store holds it once it applied changes of this request,
	 * as far as this request knows: other requests may change it too.
	 * @param change the changes, from {@link #changes()}
	 * @return the session
	 */
	StoredSession applied(SessionChange change) {
		return (this.stored != null) ? this.stored.apply(change) : StoredSession.create(change);
	}

	/**
	 * Records that the store took the {@link #changes()}: the next save sends only what
	 * changes from here.
	 * @param applied the session with them, from {@link #applied}
	 */
	void saved(StoredSession applied) {
		this.stored = applied;
		this.changed.clear();
		this.removed.clear();
		this.touched = false;
	}

	@Override
	public boolean equals(Object other) {
		return other instanceof Session session && this.id.equals(session.getId());
	}

	@Override
	public int hashCode() {
		return this.id.hashCode();
	}

}
