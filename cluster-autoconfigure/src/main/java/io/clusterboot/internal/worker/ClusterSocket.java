package io.clusterboot.internal.worker;

import java.io.IOException;
import java.nio.channels.ServerSocketChannel;

import io.clusterboot.internal.net.DescriptorServer;
import io.clusterboot.internal.net.ListenSocket;
import io.clusterboot.internal.net.ListenerMode;

/**
 * A port of the cluster and where a worker's web server finds it: the master's listening
 * socket of the server port, inherited on standard input ({@link ListenerMode#SHARED}),
 * or else a port to bind with {@code SO_REUSEPORT} ({@link ListenerMode#REUSE_PORT}); or
 * the master's socket of the management port, fetched from the master.
 * <p>
 * A web server never closes a socket of the master: closing the inherited channel would
 * make the JDK put /dev/null on standard input, output and error, and the rest of the
 * worker's log would be lost.
 *
 * @author ClusterBoot team
 */
public final class ClusterSocket {

	/**
	 * The server port ({@code server.port}).
	 */
	public static final ClusterSocket SERVER = new ClusterSocket(null);

	/**
	 * The management port ({@code management.server.port}), when it differs from the
	 * server port.
	 */
	public static final ClusterSocket MANAGEMENT = new ClusterSocket(DescriptorServer.MANAGEMENT_SOCKET);

	private final String passedName;

	private ClusterSocket(String passedName) {
		this.passedName = passedName;
	}

	/**
	 * Returns the master's listening socket, or {@code null} when the master shares the
	 * server port through {@code SO_REUSEPORT} instead.
	 * @return the master's socket, or {@code null}
	 * @throws IOException if the socket cannot be obtained
	 * @throws IllegalStateException if the master passed no socket for this port
	 */
	public ServerSocketChannel channel() throws IOException {
		if (this.passedName != null) {
			return PassedChannels.get(this.passedName);
		}
		return (System.inheritedChannel() instanceof ServerSocketChannel channel) ? channel : null;
	}

	/**
	 * Returns the port to bind with {@code SO_REUSEPORT}: the one the master chose, else
	 * the configured one.
	 * @param configuredPort the port the web server is configured with
	 * @return the port to bind
	 */
	public int reusePort(int configuredPort) {
		String port = System.getenv(ListenSocket.PORT_VARIABLE);
		return (port != null) ? Integer.parseInt(port) : configuredPort;
	}

	@Override
	public String toString() {
		return (this.passedName != null) ? this.passedName + " port" : "server port";
	}

}
