package io.clusterboot.demo.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.UnknownHostException;

/**
 * Ephemeral loopback ports for the cluster under test.
 *
 * @author ClusterBoot team
 */
final class FreePorts {

	/** All test traffic goes to 127.0.0.1, never to a name that could resolve elsewhere. */
	static final InetAddress LOOPBACK;

	static {
		try {
			LOOPBACK = InetAddress.getByAddress(new byte[] { 127, 0, 0, 1 });
		}
		catch (UnknownHostException ex) {
			throw new ExceptionInInitializerError(ex);
		}
	}

	private FreePorts() {
	}

	/**
	 * A port on 127.0.0.1 that was free a moment ago (bound to port 0, then closed).
	 * @return the port
	 */
	static int pick() {
		try (ServerSocket socket = new ServerSocket()) {
			socket.setReuseAddress(true);
			socket.bind(new InetSocketAddress(LOOPBACK, 0));
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("No free port on 127.0.0.1", ex);
		}
	}

	/**
	 * Whether a new listener can bind the port, i.e. nobody listens on it any more.
	 * SO_REUSEADDR is set as every server sets it, so connections of the previous
	 * owner lingering in TIME_WAIT do not count as "in use".
	 * @param port the port
	 * @return whether binding succeeded
	 */
	static boolean canBind(int port) {
		try (ServerSocket socket = new ServerSocket()) {
			socket.setReuseAddress(true);
			socket.bind(new InetSocketAddress(LOOPBACK, port));
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

}
