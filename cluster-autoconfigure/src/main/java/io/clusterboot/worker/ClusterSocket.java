package io.clusterboot.worker;

import java.io.IOException;
import java.nio.channels.ServerSocketChannel;

import io.clusterboot.net.ListenSocket;
import io.clusterboot.net.ListenerMode;

/**
 * Where a worker's web server finds the cluster's port: the master's listening socket,
 * inherited on standard input ({@link ListenerMode#SHARED}), or else a port to bind with
 * {@code SO_REUSEPORT} ({@link ListenerMode#REUSE_PORT}).
 * <p>
 * A web server must never close the inherited channel: the JDK then puts /dev/null on
 * standard input, output and error, and the rest of the worker's log is lost.
 *
 * @author ClusterBoot team
 * @since 0.1.0
 */
public final class ClusterSocket {

	private ClusterSocket() {
	}

	/**
	 * Returns the master's listening socket, or {@code null} when the master shares the
	 * port through {@code SO_REUSEPORT} instead.
	 * @return the inherited socket, or {@code null}
	 * @throws IOException if the inherited channel cannot be obtained
	 */
	public static ServerSocketChannel inherited() throws IOException {
		return (System.inheritedChannel() instanceof ServerSocketChannel channel) ? channel : null;
	}

	/**
	 * Returns the port to bind with {@code SO_REUSEPORT}: the one the master chose, else
	 * the configured one.
	 * @param configuredPort the port the web server is configured with
	 * @return the port to bind
	 */
	public static int reusePort(int configuredPort) {
		String port = System.getenv(ListenSocket.PORT_VARIABLE);
		return (port != null) ? Integer.parseInt(port) : configuredPort;
	}

}
