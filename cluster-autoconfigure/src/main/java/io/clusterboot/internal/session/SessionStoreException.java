package io.clusterboot.internal.session;

/**
 * Thrown when the cluster's session store cannot serve a request: the master cannot be
 * reached or did not answer in time, or a session is too large to store.
 *
 * @author ClusterBoot team
 */
public class SessionStoreException extends RuntimeException {

	/**
	 * Creates a new exception.
	 * @param message what failed and why
	 * @param cause the cause, may be {@code null}
	 */
	public SessionStoreException(String message, Throwable cause) {
		super(message, cause);
	}

}
