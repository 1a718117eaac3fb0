package io.clusterboot.internal.ipc;

import java.io.IOException;

/**
 * Thrown when bytes read from the control channel are not a valid message: too large,
 * not JSON, or without a type.
 *
 * @author ClusterBoot team
 */
public class MalformedMessageException extends IOException {

	/**
	 * Creates a new exception.
	 * @param message the reason
	 * @param cause the cause, may be {@code null}
	 */
	public MalformedMessageException(String message, Throwable cause) {
		super(message, cause);
	}

}
