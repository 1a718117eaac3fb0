package io.clusterboot.internal.systemd;

/**
 * Thrown when the socket the master is to serve, passed by a service manager or on its
 * standard input, cannot be served: malformed {@code LISTEN_FDS}/{@code LISTEN_PID},
 * more than one socket, or a descriptor that is not a listening TCP socket.
 *
 * @author ClusterBoot team
 */
public class InvalidListenSocketException extends IllegalStateException {

	private final String source;

	private final String reason;

	private final String action;

	/**
	 * Creates a new exception.
	 * @param source what was passed, such as {@code LISTEN_FDS=2}
	 * @param reason why it cannot be served
	 * @param action what to do about it
	 */
	public InvalidListenSocketException(String source, String reason, String action) {
		super("Cannot serve the socket passed to the master (" + source + "): " + reason);
		this.source = source;
		this.reason = reason;
		this.action = action;
	}

	/**
	 * Returns what was passed.
	 * @return the variable or descriptor, such as {@code LISTEN_FDS=2}
	 */
	public String getSource() {
		return this.source;
	}

	/**
	 * Returns why it cannot be served.
	 * @return the reason
	 */
	public String getReason() {
		return this.reason;
	}

	/**
	 * Returns what to do about it.
	 * @return the action
	 */
	public String getAction() {
		return this.action;
	}

}
