package io.clusterboot.internal.net;

import java.io.Closeable;
import java.net.InetSocketAddress;

/**
 * The socket the master holds for its whole life so that the cluster's port stays bound
 * while workers come and go.
 *
 * @author ClusterBoot team
 */
public interface ListenSocket extends Closeable {

	/**
	 * Environment variable that tells a worker, in {@link ListenerMode#REUSE_PORT} mode,
	 * which port to bind.
	 */
	String PORT_VARIABLE = "CLUSTER_LISTEN_PORT";

	/**
	 * Returns how workers share the port.
	 * @return the mode
	 */
	ListenerMode mode();

	/**
	 * Returns the address the socket is bound to, with the actual port when port 0 was
	 * asked for.
	 * @return the bound address
	 */
	InetSocketAddress address();

	/**
	 * Prepares the environment and standard input of a worker about to be started.
	 * @param builder the worker's process builder
	 */
	void configure(ProcessBuilder builder);

}
