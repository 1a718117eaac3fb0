package io.clusterboot.internal.session;

/**
 * The bounds of the master's session store ({@code cluster.sessions.*}).
 *
 * @param maxBytes the most its sessions weigh together, in bytes
 * @param maxSessionBytes the largest session it keeps, in bytes
 * @author ClusterBoot team
 */
public record SessionStoreSettings(long maxBytes, int maxSessionBytes) {

	/**
	 * Creates an empty store with these bounds.
	 * @return the store
	 */
	public SessionStore createStore() {
		return new SessionStore(this.maxBytes, this.maxSessionBytes);
	}

}
