package io.clusterboot.autoconfigure;

/**
 * Thrown when the master finds {@code management.server.port} set to a port of its own
 * where it cannot pass a second listening socket to its workers (it needs 64-bit Linux
 * and JNA): each worker's management server would bind the port, and every worker after
 * the first would fail to start.
 *
 * @author ClusterBoot team
 */
class ManagementPortException extends IllegalStateException {

	private final int port;

	/**
	 * Creates a new exception.
	 * @param port the management port
	 */
	ManagementPortException(int port) {
		super("Cluster workers cannot share management.server.port " + port);
		this.port = port;
	}

	/**
	 * Returns the management port.
	 * @return the port
	 */
	int getPort() {
		return this.port;
	}

}
