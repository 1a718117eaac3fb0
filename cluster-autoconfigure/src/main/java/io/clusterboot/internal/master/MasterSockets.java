package io.clusterboot.internal.master;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.OptionalInt;

import io.clusterboot.internal.net.DescriptorClient;
import io.clusterboot.internal.net.DescriptorServer;
import io.clusterboot.internal.net.ListenSocket;
import io.clusterboot.internal.net.ReusePortReservation;
import io.clusterboot.internal.net.SharedListenSocket;
import io.clusterboot.internal.systemd.InvalidListenSocketException;
import io.clusterboot.internal.systemd.ListenDescriptors;
import io.clusterboot.internal.systemd.ServiceManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The listening sockets the master opens for its workers, each from the first source
 * there is. The server's: the one of the master this one replaces on standard input, one
 * a service manager passed ({@code LISTEN_FDS} or {@code StandardInput=socket}), a new
 * shared socket on the server port, or, where sockets cannot be shared (no 64-bit Linux
 * with JNA), a reservation of the port whose workers bind {@code SO_REUSEPORT} sockets of
 * their own. The management port's, when the actuator has one of its own: the one of the
 * master this one replaces, one a service manager passed (named
 * {@value ServiceManager#MANAGEMENT_NAME}), or a new one. A passed socket is served as it
 * is: its address, port and backlog are its creator's.
 *
 * @author ClusterBoot team
 */
final class MasterSockets implements Closeable {

	private static final Logger logger = LoggerFactory.getLogger(MasterSockets.class);

	private static final int BACKLOG = 2048;

	private final ListenSocket server;

	private final SharedListenSocket management;

	private MasterSockets(ListenSocket server, SharedListenSocket management) {
		this.server = server;
		this.management = management;
	}

	/**
	 * Returns the sockets a service manager passed this process, checking that the
	 * workers can serve them: done before anything else, so that a wrong socket unit
	 * fails the start with its failure analysis.
	 * @param launch the launching JVM's server settings
	 * @return the passed sockets
	 * @throws InvalidListenSocketException if a passed socket cannot be served
	 */
	static ListenDescriptors passed(LaunchEnvironment launch) {
		ListenDescriptors passed = SharedListenSocket.isSupported()
				? ServiceManager.listenDescriptors(System.getenv(), ProcessHandle.current().pid())
				: ListenDescriptors.NONE;
		if (passed.management().isPresent() && !launch.hasManagementPort()) {
			throw new InvalidListenSocketException(
					ServiceManager.LISTEN_FDNAMES + "=" + System.getenv(ServiceManager.LISTEN_FDNAMES),
					"a socket is named " + ServiceManager.MANAGEMENT_NAME + " but the actuator has no port of its own "
							+ "(management.server.port is unset or the server port), so no worker would serve it",
					"Set management.server.port to a port other than server.port (the passed socket is served "
							+ "whatever port it names), or pass only the server port's socket.");
		}
		return passed;
	}

	/**
	 * Opens the sockets.
	 * @param launch the launching JVM's server settings
	 * @param passed the sockets a service manager passed
	 * @param predecessor the master this one replaces, or {@code null}
	 * @return the sockets, to close when the master exits
	 * @throws IOException if a socket cannot be opened
	 */
	static MasterSockets open(LaunchEnvironment launch, ListenDescriptors passed, Predecessor predecessor)
			throws IOException {
		ListenSocket server = openServer(launch, passed.server(), predecessor);
		try {
			return new MasterSockets(server, openManagement(launch, passed.management(), predecessor));
		}
		catch (IOException | RuntimeException ex) {
			server.close();
			throw ex;
		}
	}

	/**
	 * Returns the server's socket.
	 * @return the socket
	 */
	ListenSocket server() {
		return this.server;
	}

	/**
	 * Returns the management port's socket.
	 * @return the socket, or {@code null} when the actuator shares the server port
	 */
	SharedListenSocket management() {
		return this.management;
	}

	@Override
	public void close() throws IOException {
		try (ListenSocket server = this.server) {
			if (this.management != null) {
				this.management.close();
			}
		}
	}

	/**
	 * Describes an address as the log and the status show it.
	 * @param address the address
	 * @return its host address and port
	 */
	static String describe(InetSocketAddress address) {
		return address.getAddress().getHostAddress() + ":" + address.getPort();
	}

	private static ListenSocket openServer(LaunchEnvironment launch, OptionalInt passed, Predecessor predecessor)
			throws IOException {
		if (predecessor != null) {
			String source = "the listening socket of master pid " + predecessor.pid() + " on standard input";
			if (!SharedListenSocket.isSupported() || !SharedListenSocket.isListeningOnStandardInput()) {
				throw new IllegalStateException("This master replaces master pid " + predecessor.pid()
						+ ", but its standard input is not " + source);
			}
			SharedListenSocket socket = SharedListenSocket.inherit(0, source);
			logger.info("Serving the listening socket of master pid {}, which this master replaces ({}); server.port "
					+ "and server.address are not used", predecessor.pid(), describe(socket.address()));
			return socket;
		}
		if (SharedListenSocket.isSupported()) {
			if (passed.isPresent()) {
				return passedSocket(SharedListenSocket.inherit(passed.getAsInt(), ServiceManager.LISTEN_FDS));
			}
			if (SharedListenSocket.isListeningOnStandardInput()) {
				return passedSocket(SharedListenSocket.inherit(0, "standard input"));
			}
			return SharedListenSocket.open(launch.serverAddress(), launch.serverPort(), BACKLOG);
		}
		ReusePortReservation reservation = ReusePortReservation.open(launch.serverAddress(), launch.serverPort());
		logger.warn("Workers bind their own SO_REUSEPORT sockets because the shared socket needs Linux and JNA; "
				+ "connections queued on a retiring worker's socket can be reset{}",
				ReusePortReservation.isMigrateRequestsEnabled() ? " (net.ipv4.tcp_migrate_req=1 prevents most)"
						: " unless net.ipv4.tcp_migrate_req=1");
		return reservation;
	}

	private static ListenSocket passedSocket(SharedListenSocket socket) {
		logger.info("Serving the socket the service manager passed ({}); server.port and server.address are not used",
				describe(socket.address()));
		return socket;
	}

	private static SharedListenSocket openManagement(LaunchEnvironment launch, OptionalInt passed,
			Predecessor predecessor) throws IOException {
		if (!launch.hasManagementPort()) {
			return null;
		}
		if (predecessor != null && predecessor.sockets() != null) {
			Integer fd = DescriptorClient.fetch(predecessor.sockets()).get(DescriptorServer.MANAGEMENT_SOCKET);
			if (fd != null) {
				SharedListenSocket socket = SharedListenSocket.inheritPassed(fd,
						"the management socket of master pid " + predecessor.pid());
				logger.info("Serving the management socket of master pid {}, which this master replaces ({})",
						predecessor.pid(), describe(socket.address()));
				return socket;
			}
		}
		if (passed.isPresent()) {
			SharedListenSocket socket = SharedListenSocket.inheritPassed(passed.getAsInt(),
					ServiceManager.LISTEN_FDS + " " + ServiceManager.MANAGEMENT_NAME);
			logger.info("Serving the management socket the service manager passed ({}); management.server.port "
					+ "and management.server.address are not used", describe(socket.address()));
			return socket;
		}
		return SharedListenSocket.openPassed(launch.managementAddress(), launch.managementPort(), BACKLOG);
	}

}
