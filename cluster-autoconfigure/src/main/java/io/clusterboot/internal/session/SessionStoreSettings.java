package io.clusterboot.internal.session;

import java.nio.file.Path;

/**
 * The bounds of the master's session store ({@code cluster.sessions.*}).
 *
 * @param maxBytes the most its sessions weigh together, in bytes
 * @param maxSessionBytes the largest session it keeps, in bytes
 * @param storeDirectory where a master that stops keeps the sessions for the next one
 * ({@link SessionFile}), or {@code null} if it does not
 * @author ClusterBoot team
 */
public record SessionStoreSettings(long maxBytes, int maxSessionBytes, Path storeDirectory) {

	/**
	 * Creates an empty store with these bounds.
	 * @return the store
	 */
	public SessionStore createStore() {
		return new SessionStore(this.maxBytes, this.maxSessionBytes);
	}

}
