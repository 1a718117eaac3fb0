package io.clusterboot.internal.net;

import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.StandardSocketOptions;
import java.nio.file.Files;
import java.nio.file.Path;

import org.springframework.boot.web.server.PortInUseException;

/**
 * Holds the cluster's port for workers that bind their own {@code SO_REUSEPORT}
 * listeners: a TCP socket bound with {@code SO_REUSEPORT} that never listens, so the
 * kernel sends it no connections while no other program can take the port.
 *
 * @author ClusterBoot team
 */
public final class ReusePortReservation implements ListenSocket {

	private static final Path MIGRATE_REQ = Path.of("/proc/sys/net/ipv4/tcp_migrate_req");

	private final Socket socket;

	private final InetSocketAddress address;

	private ReusePortReservation(Socket socket, InetSocketAddress address) {
		this.socket = socket;
		this.address = address;
	}

	/**
	 * Reserves the given address.
	 * @param host the address to bind, {@code null} for every interface
	 * @param port the port, 0 for any free port
	 * @return the reservation
	 * @throws PortInUseException if the port is taken
	 * @throws IOException on any other failure
	 */
	public static ReusePortReservation open(InetAddress host, int port) throws IOException {
		Socket socket = new Socket();
		try {
			socket.setOption(StandardSocketOptions.SO_REUSEPORT, true);
			socket.bind(new InetSocketAddress(host, port));
		}
		catch (BindException ex) {
			socket.close();
			throw new PortInUseException(port, ex);
		}
		catch (IOException | UnsupportedOperationException ex) {
			socket.close();
			throw new IOException("Could not reserve port " + port + " with SO_REUSEPORT", ex);
		}
		return new ReusePortReservation(socket, new InetSocketAddress(host, socket.getLocalPort()));
	}

	/**
	 * Returns whether the kernel moves connections queued on a closed reuse-port socket to
	 * another socket of its group.
	 * @return {@code true} if {@code net.ipv4.tcp_migrate_req} is 1
	 */
	public static boolean isMigrateRequestsEnabled() {
		try {
			return Files.readString(MIGRATE_REQ).trim().equals("1");
		}
		catch (IOException ex) {
			return false;
		}
	}

	@Override
	public ListenerMode mode() {
		return ListenerMode.REUSE_PORT;
	}

	@Override
	public InetSocketAddress address() {
		return this.address;
	}

	@Override
	public void configure(ProcessBuilder builder) {
		builder.environment().put(PORT_VARIABLE, Integer.toString(this.address.getPort()));
	}

	@Override
	public void close() throws IOException {
		this.socket.close();
	}

}
