package io.clusterboot.internal.worker;

/**
 * The connectors of a worker's web server that serve the cluster's socket: what the drain
 * stops and waits for, and what the heartbeat reports.
 *
 * @author ClusterBoot team
 */
public interface WorkerConnectors {

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
	 * Returns how many connections have a request being read, served or written: the
	 * requests in flight.
	 * @return the number of busy connections
	 */
	long busyConnections();

	/**
	 * Returns how many connections were accepted but have not begun a request yet, and
	 * are still waited for: see {@link UnusedConnections}.
	 * @return the number of unused connections
	 */
	long unusedConnections();

	/**
	 * Returns how many requests the connectors have served since they started.
	 * @return the number of requests served
	 */
	long requestsServed();

	/**
	 * Returns how many of the threads that run requests are busy. When all of them are
	 * (see {@link #maxRequestThreads()}), the worker is saturated: a request that comes
	 * waits for a thread.
	 * @return the number of busy request threads, or -1 where requests run on no pool of
	 * threads of the server's own (event loops, virtual threads)
	 */
	int busyRequestThreads();

	/**
	 * Returns how many threads may run requests at most.
	 * @return the maximum number of request threads, or -1 where requests run on no pool
	 * of threads of the server's own (event loops, virtual threads)
	 */
	int maxRequestThreads();

	/**
	 * Tells the connectors how many workers the cluster runs, after a scaling.
	 * @param workers the number of workers
	 */
	default void workerCount(int workers) {
	}

}
