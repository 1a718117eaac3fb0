package io.clusterboot.internal.net;

import java.io.Closeable;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongPredicate;

import io.clusterboot.internal.posix.PeerCredentials;
import io.clusterboot.internal.posix.Posix;
import io.clusterboot.internal.posix.UnixSockets;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands the master's listening sockets, other than the one on standard input, to the
 * processes it starts: a Unix socket in the master's private directory that answers every
 * connection with one {@code SCM_RIGHTS} message, the sockets' names (one per line) and
 * their descriptors, in the same order. The JDK starts a process with descriptors 0 to 2
 * only, so a worker fetches the others here when its web servers start.
 * <p>
 * Only a process of the same user that descends from the master gets them, as the kernel
 * reports its credentials ({@code SO_PEERCRED}); the directory admits no other user
 * anyway. It runs on a thread of its own and gives a peer one second to take the message,
 * so the master never waits on a worker.
 *
 * @author ClusterBoot team
 */
public final class DescriptorServer implements Closeable {

	/**
	 * Name of the socket in the master's directory.
	 */
	public static final String SOCKET_FILE = "sockets.sock";

	/**
	 * Environment variable that tells a worker where to fetch the sockets.
	 */
	public static final String SOCKET_VARIABLE = "CLUSTER_SOCKETS";

	/**
	 * Name of the management port's socket ({@code management.server.port}).
	 */
	public static final String MANAGEMENT_SOCKET = "management";

	/**
	 * The JVM option a worker needs to make a channel of a passed socket: the JDK makes
	 * one itself only of the socket on standard input.
	 */
	public static final String CHANNEL_JVM_OPTION = "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED";

	private static final Logger logger = LoggerFactory.getLogger(DescriptorServer.class);

	private static final long SEND_TIMEOUT_MILLIS = 1000;

	private static final int MAX_ANCESTORS = 8;

	private static final long ACCEPT_RETRY_MILLIS = 100;

	private final Path path;

	private final int fd;

	private final byte[] names;

	private final int[] descriptors;

	private final LongPredicate startedHere;

	private final Thread thread;

	private volatile boolean closed;

	private DescriptorServer(Path path, int fd, Map<String, Integer> sockets, LongPredicate startedHere) {
		this.path = path;
		this.fd = fd;
		this.startedHere = startedHere;
		this.names = String.join("\n", sockets.keySet()).getBytes(StandardCharsets.UTF_8);
		this.descriptors = sockets.values().stream().mapToInt(Integer::intValue).toArray();
		this.thread = new Thread(this::serve, "cluster-sockets");
		this.thread.setDaemon(true);
	}

	/**
	 * Returns whether descriptors can be passed on this platform.
	 * @return {@code true} on 64-bit Linux with JNA on the class path
	 */
	public static boolean isSupported() {
		return Posix.isAvailableOn64Bits();
	}

	/**
	 * Listens in a directory and starts handing out the sockets.
	 * @param directory the master's private directory
	 * @param sockets the descriptors of the listening sockets by name, in the order to pass
	 * them
	 * @return the running server
	 * @throws IOException if the socket cannot be created
	 */
	public static DescriptorServer start(Path directory, Map<String, Integer> sockets) throws IOException {
		return start(directory, sockets, DescriptorServer::descendsFromThisProcess);
	}

	/**
	 * Listens in a directory and starts handing out the sockets.
	 * @param directory the master's private directory
	 * @param sockets the descriptors of the listening sockets by name
	 * @param startedHere whether a process of this user, by pid, may have the sockets
	 * @return the running server
	 * @throws IOException if the socket cannot be created
	 */
	static DescriptorServer start(Path directory, Map<String, Integer> sockets, LongPredicate startedHere)
			throws IOException {
		if (sockets.isEmpty() || sockets.size() > UnixSockets.MAX_DESCRIPTORS) {
			throw new IllegalArgumentException("Between 1 and " + UnixSockets.MAX_DESCRIPTORS
					+ " sockets can be passed, not " + sockets.size());
		}
		Path path = directory.resolve(SOCKET_FILE);
		DescriptorServer server = new DescriptorServer(path, UnixSockets.listen(path, 16),
				new LinkedHashMap<>(sockets), startedHere);
		server.thread.start();
		return server;
	}

	/**
	 * Returns where the server listens.
	 * @return the socket's path
	 */
	public Path socketPath() {
		return this.path;
	}

	private void serve() {
		while (!this.closed) {
			int connection;
			try {
				connection = UnixSockets.accept(this.fd);
			}
			catch (IOException ex) {
				// out of descriptors or memory for a moment: the workers waiting get theirs later
				if (!this.closed) {
					logger.warn("Could not accept a worker asking for the listening sockets: {}", ex.getMessage());
					pauseAfterFailure();
				}
				continue;
			}
			try {
				if (!this.closed) {
					answer(connection);
				}
			}
			finally {
				Posix.closeQuietly(connection);
			}
		}
	}

	private void pauseAfterFailure() {
		try {
			Thread.sleep(ACCEPT_RETRY_MILLIS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			this.closed = true;
		}
	}

	private void answer(int connection) {
		try {
			PeerCredentials peer = UnixSockets.peerCredentials(connection);
			if (peer.uid() != Posix.effectiveUserId() || !this.startedHere.test(peer.pid())) {
				logger.warn("Refused the listening sockets to process {} of user {}: not a process this master "
						+ "started", peer.pid(), peer.uid());
				return;
			}
			UnixSockets.sendDescriptors(connection, this.names, this.descriptors, SEND_TIMEOUT_MILLIS);
		}
		catch (IOException ex) {
			logger.warn("Could not pass the listening sockets: {}", ex.getMessage());
		}
	}

	private static boolean descendsFromThisProcess(long pid) {
		long self = ProcessHandle.current().pid();
		Optional<ProcessHandle> process = ProcessHandle.of(pid);
		for (int i = 0; i < MAX_ANCESTORS && process.isPresent(); i++) {
			process = process.get().parent();
			if (process.isPresent() && process.get().pid() == self) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Stops handing out the sockets and removes the socket file. The sockets themselves
	 * stay open.
	 */
	@Override
	public void close() throws IOException {
		this.closed = true;
		// a connection wakes the thread's accept, and it sees the flag; never waits for room
		try (SocketChannel wake = SocketChannel.open(StandardProtocolFamily.UNIX)) {
			wake.configureBlocking(false);
			wake.connect(UnixDomainSocketAddress.of(this.path));
			this.thread.join(SEND_TIMEOUT_MILLIS * 2);
		}
		catch (IOException ex) {
			// the thread has stopped already
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		finally {
			Posix.closeQuietly(this.fd);
			Files.deleteIfExists(this.path);
		}
	}

}
