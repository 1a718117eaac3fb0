package io.clusterboot.internal.session;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * A session as the master keeps it and a worker reads it: its times and its attributes
 * as the bytes the workers serialized with the application's class loader. The master
 * never deserializes them: it runs no application code and has not its classes.
 * <p>
 * Immutable: a change makes a new one ({@link #apply}), so that a worker reading a
 * session never sees half of another worker's save.
 *
 * @param id the session's id
 * @param creationTime when it was created
 * @param lastAccessedTime the last time a request used it
 * @param maxInactiveInterval how long it lives without requests; negative for ever
 * @param attributes the serialized attributes by name
 * @author ClusterBoot team
 */
record StoredSession(String id, Instant creationTime, Instant lastAccessedTime, Duration maxInactiveInterval,
		Map<String, byte[]> attributes) {

	StoredSession {
		attributes = Map.copyOf(attributes);
	}

	/**
	 * Makes the session a change creates: a worker's new session, saved for the first
	 * time.
	 * @param change the change
	 * @return the session
	 */
	static StoredSession create(SessionChange change) {
		return new StoredSession(change.id(), change.creationTime(), change.lastAccessedTime(),
				change.maxInactiveInterval(), change.changedAttributes());
	}

	/**
	 * Applies a worker's change, attribute by attribute: of two requests of one session
	 * that saved concurrently, each attribute keeps the value of the last save that set
	 * or removed it, as with Spring Session's JDBC and Redis repositories. The last
	 * access is the latest either knew; the other values are the change's.
	 * @param change the change
	 * @return the changed session, under the change's id
	 */
	StoredSession apply(SessionChange change) {
		Map<String, byte[]> changed = new HashMap<>(this.attributes);
		changed.keySet().removeAll(change.removedAttributes());
		changed.putAll(change.changedAttributes());
		Instant lastAccessed = change.lastAccessedTime().isAfter(this.lastAccessedTime) ? change.lastAccessedTime()
				: this.lastAccessedTime;
		return new StoredSession(change.id(), this.creationTime, lastAccessed, change.maxInactiveInterval(), changed);
	}

	/**
	 * Leaves the bytes out: they are the application's, and the id is a credential.
	 */
	@Override
	public String toString() {
		return "StoredSession[attributes=" + this.attributes.keySet() + ", maxInactiveInterval="
				+ this.maxInactiveInterval + "]";
	}

}
