package io.clusterboot.worker;

/**
 * The connections of one web server, seen by a draining worker.
 *
 * @author ClusterBoot team
 * @since 0.1.0
 */
public interface ConnectionDrain {

	/**
	 * Stops accepting connections without resetting any the server has accepted, and
	 * makes the next response on every open connection close it.
	 * @throws InterruptedException if interrupted while waiting for the acceptor
	 */
	void stopAccepting() throws InterruptedException;

	/**
	 * Returns how many connections are open.
	 * @return the number of open connections
	 */
	long openConnections();

	/**
	 * Returns how many connections have a request being read, served or written.
	 * @return the number of busy connections
	 */
	long busyConnections();

}
