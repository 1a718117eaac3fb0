package io.clusterboot.internal.session;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;

/**
 * What a worker's save sends: the delta of one request, not the whole session, so that
 * two requests of one session on two workers lose nothing of each other but the
 * attributes both set (Spring Session's semantics). The times always travel: a save
 * whose only change is the last access keeps a session in use from expiring.
 *
 * @param id the session's id
 * @param previousId the id the master stores it under, if the request changed it
 * ({@code changeSessionId()}, as Spring Security does at login); {@code null} if not
 * @param created whether the session was never saved: only then may the master create
 * it; a save of a session that expired or was deleted meanwhile is dropped, as Spring
 * Session JDBC does
 * @param creationTime when the session was created
 * @param lastAccessedTime the last time a request used it
 * @param maxInactiveInterval how long it lives without requests; negative for ever
 * @param changedAttributes the attributes the request set, serialized
 * @param removedAttributes the names of the attributes the request removed
 * @author ClusterBoot team
 */
record SessionChange(String id, String previousId, boolean created, Instant creationTime, Instant lastAccessedTime,
		Duration maxInactiveInterval, Map<String, byte[]> changedAttributes, Set<String> removedAttributes) {

	SessionChange {
		changedAttributes = Map.copyOf(changedAttributes);
		removedAttributes = Set.copyOf(removedAttributes);
	}

	/**
	 * Leaves the bytes and the ids out: they are the application's, and ids are
	 * credentials.
	 */
	@Override
	public String toString() {
		return "SessionChange[created=" + this.created + ", renamed=" + (this.previousId != null) + ", changed="
				+ this.changedAttributes.keySet() + ", removed=" + this.removedAttributes + "]";
	}

}
