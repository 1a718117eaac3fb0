package io.clusterboot.internal.posix;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.function.LongSupplier;

import com.sun.jna.NativeLong;

/**
 * libc's calls on Unix stream sockets, for what the JDK's Unix domain channels cannot
 * do: tell the credentials of a connection's peer, and pass descriptors in
 * {@code SCM_RIGHTS} messages. Call them only where {@link Posix#isAvailableOn64Bits()}:
 * timeouts and messages are structures laid out for 64-bit Linux. Calls that block are
 * made again when a signal interrupts them. Every socket and connection they make is
 * closed on {@code exec}.
 *
 * @author ClusterBoot team
 */
public final class UnixSockets {

	/** The most descriptors one message carries. */
	public static final int MAX_DESCRIPTORS = 16;

	private static final int MAX_PAYLOAD = 4096;

	private static final int SO_PEERCRED = 17;

	private static final int SO_RCVTIMEO = 20;

	private static final int SO_SNDTIMEO = 21;

	private static final int MSG_CMSG_CLOEXEC = 0x40000000;

	private static final int SHUT_RDWR = 2;

	private UnixSockets() {
	}

	/**
	 * Creates a socket that listens at a path.
	 * @param path where the socket goes
	 * @param backlog the length of its accept queue
	 * @return the socket's descriptor
	 * @throws IOException if it cannot listen there
	 */
	public static int listen(Path path, int backlog) throws IOException {
		int fd = socket();
		try {
			PosixSockets.bind(fd, SocketAddresses.unix(path));
			PosixSockets.listen(fd, backlog);
			return fd;
		}
		catch (ErrnoException | IllegalArgumentException ex) {
			Posix.closeQuietly(fd);
			throw new IOException("Could not listen on " + path + ": " + ex.getMessage(), ex);
		}
	}

	/**
	 * Creates a socket connected to a path.
	 * @param path the listening socket
	 * @param timeoutMillis how long the connection may wait for room in the listener's
	 * backlog, and then each read or write, if not 0
	 * @return the socket's descriptor
	 * @throws IOException if it cannot connect
	 */
	public static int connect(Path path, long timeoutMillis) throws IOException {
		int fd = socket();
		try {
			byte[] address = SocketAddresses.unix(path);
			// a Unix socket's connect waits for room in the backlog up to the send timeout
			setTimeout(fd, SO_SNDTIMEO, timeoutMillis);
			setTimeout(fd, SO_RCVTIMEO, timeoutMillis);
			ErrnoException.check(Libc.INSTANCE.connect(fd, address, address.length), "connect");
			return fd;
		}
		catch (ErrnoException | IllegalArgumentException ex) {
			Posix.closeQuietly(fd);
			throw new IOException("Could not connect to " + path + ": " + ex.getMessage(), ex);
		}
	}

	/**
	 * Waits for a connection to a listening socket.
	 * @param fd the socket
	 * @return the connection's descriptor
	 * @throws ErrnoException if none can be accepted, also once the socket is shut down
	 */
	public static int accept(int fd) throws ErrnoException {
		return (int) retried("accept4", () -> Libc.INSTANCE.accept4(fd, null, null, PosixSockets.SOCK_CLOEXEC));
	}

	/**
	 * Returns the process and user at the other end of a connection, as the kernel saw
	 * them when it connected ({@code SO_PEERCRED}): the peer cannot choose them.
	 * @param fd the connection
	 * @return the peer
	 * @throws ErrnoException if the descriptor is not a Unix socket
	 */
	public static PeerCredentials peerCredentials(int fd) throws ErrnoException {
		// struct ucred: pid, uid and gid, of 4 bytes each
		ByteBuffer credentials = ByteBuffer.wrap(PosixSockets.option(fd, SO_PEERCRED, 12))
			.order(ByteOrder.nativeOrder());
		return new PeerCredentials(credentials.getInt(0), Integer.toUnsignedLong(credentials.getInt(4)));
	}

	/**
	 * Reads what a connection has, waiting until something is there.
	 * @param fd the connection
	 * @param buffer where the bytes go
	 * @return the number of bytes read, 0 once the peer closed the connection or it was
	 * shut down
	 * @throws ErrnoException if it cannot be read
	 */
	public static int read(int fd, byte[] buffer) throws ErrnoException {
		return (int) retried("recv",
				() -> Libc.INSTANCE.recv(fd, buffer, new NativeLong(buffer.length), 0).longValue());
	}

	/**
	 * Writes to a connection, waiting for room; a peer that went away raises an
	 * exception, never {@code SIGPIPE}.
	 * @param fd the connection
	 * @param buffer the bytes
	 * @return the number of bytes written
	 * @throws ErrnoException if it cannot be written
	 */
	public static int write(int fd, byte[] buffer) throws ErrnoException {
		return (int) retried("send",
				() -> Libc.INSTANCE.send(fd, buffer, new NativeLong(buffer.length), PosixSockets.MSG_NOSIGNAL)
					.longValue());
	}

	/**
	 * Shuts a socket down both ways: the calls blocked on it return, and later ones fail,
	 * while its descriptor stays taken until it is closed. A socket that is not connected,
	 * or shut down already, stays as it is.
	 * @param fd the socket
	 */
	public static void shutdown(int fd) {
		Libc.INSTANCE.shutdown(fd, SHUT_RDWR);
	}

	/**
	 * Sends a payload and descriptors in one message, giving up after the timeout.
	 * @param fd the connection
	 * @param payload the payload
	 * @param descriptors the descriptors, at most {@link #MAX_DESCRIPTORS}
	 * @param timeoutMillis how long to wait for room
	 * @throws IOException if the message was not sent whole
	 */
	public static void sendDescriptors(int fd, byte[] payload, int[] descriptors, long timeoutMillis)
			throws IOException {
		if (descriptors.length > MAX_DESCRIPTORS) {
			throw new IOException("Cannot pass more than " + MAX_DESCRIPTORS + " descriptors");
		}
		try (RightsMessage message = RightsMessage.of(payload, descriptors)) {
			setTimeout(fd, SO_SNDTIMEO, timeoutMillis);
			long sent = message.sendmsg(fd, PosixSockets.MSG_NOSIGNAL);
			if (sent != payload.length) {
				throw new IOException("Sent " + sent + " of " + payload.length + " bytes");
			}
		}
	}

	/**
	 * Receives one message: its payload, of at most 4096 bytes, and the descriptors it
	 * carries.
	 * @param fd the connection
	 * @return the message
	 * @throws IOException if none can be received, or it carried more than
	 * {@link #MAX_DESCRIPTORS} descriptors (which are closed)
	 */
	public static ReceivedMessage receiveDescriptors(int fd) throws IOException {
		try (RightsMessage message = new RightsMessage(MAX_PAYLOAD, MAX_DESCRIPTORS)) {
			long length = message.recvmsg(fd, MSG_CMSG_CLOEXEC);
			int[] descriptors = message.descriptors();
			if (message.isTruncated()) {
				Posix.closeQuietly(descriptors);
				throw new IOException("More descriptors were passed than " + MAX_DESCRIPTORS);
			}
			return new ReceivedMessage(message.payload(length), descriptors);
		}
	}

	private static int socket() throws ErrnoException {
		return PosixSockets.socket(PosixSockets.AF_UNIX, PosixSockets.SOCK_STREAM | PosixSockets.SOCK_CLOEXEC);
	}

	/**
	 * Sets a send or receive timeout: a {@code struct timeval} of two longs.
	 */
	private static void setTimeout(int fd, int option, long millis) throws ErrnoException {
		PosixSockets.setOption(fd, option, ByteBuffer.allocate(16)
			.order(ByteOrder.nativeOrder())
			.putLong(millis / 1000)
			.putLong((millis % 1000) * 1000)
			.array());
	}

	/**
	 * Makes a call until a signal does not interrupt it.
	 */
	private static long retried(String call, LongSupplier invocation) throws ErrnoException {
		while (true) {
			long result = invocation.getAsLong();
			if (result != -1) {
				return result;
			}
			ErrnoException failure = ErrnoException.last(call);
			if (failure.errno() != ErrnoException.EINTR) {
				throw failure;
			}
		}
	}

}
